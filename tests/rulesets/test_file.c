/*
 * vg_file: what is not a regular file is refused without blocking, and no
 * read goes past the caller's cap.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vg_file.h"

static char dir[64];

static void mk(void)
{
    snprintf(dir, sizeof dir, "/tmp/vg-file-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    /* a test that blocks anyway is killed rather than hanging the suite */
    alarm(20);
}

static void rm(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

TestSuite(file, .init = mk, .fini = rm);

static const char *at(const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void put(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(at(name), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

Test(file, a_fifo_is_refused_at_once_by_every_entry_point)
{
    const char *p = at("fifo");
    cr_assert_eq(mkfifo(p, 0600), 0);
    vg_error err = {0};
    char *buf = NULL;
    size_t len;
    time_t t0 = time(NULL);
    cr_expect_eq(vg_file_open(p, NULL, &err), VG_FILE_IRREGULAR);
    cr_expect(strstr(err.msg, "fifo: not a regular file (a FIFO)"), "%s", err.msg);
    cr_expect_null(vg_file_fopen(p, &err));
    cr_expect_eq(vg_file_read(p, 100, &buf, &len, &err), VG_FILE_IRREGULAR);
    cr_expect_null(buf);
    vg_file_lines *l;
    cr_expect_eq(vg_file_lines_open(p, &l, &err), VG_FILE_IRREGULAR);
    cr_expect_not(vg_file_is_regular(p));
    cr_expect_leq(time(NULL) - t0, 1);
}

Test(file, devices_directories_and_missing_files_are_named)
{
    vg_error err = {0};
    char *buf;
    size_t len;
    cr_expect_eq(vg_file_read("/dev/zero", 1u << 20, &buf, &len, &err), VG_FILE_IRREGULAR);
    cr_expect(strstr(err.msg, "/dev/zero: not a regular file (a character device)"), "%s",
              err.msg);
    cr_expect_eq(vg_file_read(dir, 100, &buf, &len, &err), VG_FILE_IRREGULAR);
    cr_expect(strstr(err.msg, "(a directory)"), "%s", err.msg);
    cr_expect_eq(vg_file_read(at("none"), 100, &buf, &len, &err), -1);
    cr_expect_eq(errno, ENOENT);
    cr_expect(strstr(err.msg, "none: cannot open: No such file"), "%s", err.msg);
    /* a symlink loop is an error with the path, not a hang */
    cr_assert_eq(symlink(at("loop"), at("loop")), 0);
    cr_expect_eq(vg_file_read(at("loop"), 100, &buf, &len, &err), -1);
    cr_expect(strstr(err.msg, "loop: cannot open: Too many levels of symbolic links"), "%s",
              err.msg);
}

Test(file, whole_file_with_nul_bytes_and_the_cap)
{
    static const char data[] = "a\0b\xff\xfe\n";
    put("f", data, sizeof data - 1);
    vg_error err = {0};
    char *buf;
    size_t len;
    cr_assert_eq(vg_file_read(at("f"), sizeof data - 1, &buf, &len, &err), 0, "%s", err.msg);
    cr_expect_eq(len, sizeof data - 1);
    cr_expect_eq(memcmp(buf, data, len), 0);
    cr_expect_eq(buf[len], '\0');
    free(buf);
    cr_expect_eq(vg_file_read(at("f"), sizeof data - 2, &buf, &len, &err), VG_FILE_TOO_LARGE);
    cr_expect(strstr(err.msg, "f: larger than 5 bytes"), "%s", err.msg);
    cr_expect_eq(vg_file_read(at("f"), 0, &buf, &len, &err), VG_FILE_TOO_LARGE);
    put("empty", "", 0);
    cr_assert_eq(vg_file_read(at("empty"), 0, &buf, &len, &err), 0, "%s", err.msg);
    cr_expect_eq(len, 0);
    free(buf);
}

Test(file, a_sparse_gigabyte_is_refused_by_its_size_without_reading)
{
    int fd = open(at("sparse"), O_CREAT | O_WRONLY, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, 1L << 30), 0);
    close(fd);
    vg_error err = {0};
    char *buf;
    size_t len;
    clock_t c0 = clock();
    cr_expect_eq(vg_file_read(at("sparse"), 1u << 20, &buf, &len, &err), VG_FILE_TOO_LARGE);
    cr_expect_lt((double)(clock() - c0) / CLOCKS_PER_SEC, 0.1);
}

Test(file, a_file_without_a_size_is_still_read_and_capped)
{
    /* /proc files say st_size 0: the read grows, and stops at the cap */
    vg_error err = {0};
    char *buf;
    size_t len;
    cr_assert_eq(vg_file_read("/proc/self/status", 1u << 20, &buf, &len, &err), 0, "%s",
                 err.msg);
    cr_expect_gt(len, 0);
    cr_expect(strstr(buf, "Name:"));
    free(buf);
    cr_expect_eq(vg_file_read("/proc/self/status", 16, &buf, &len, &err), VG_FILE_TOO_LARGE);
}

Test(file, lines_are_bounded_as_they_are_read)
{
    size_t big = 1u << 20;
    char *data = malloc(big + 64);
    memset(data, 'x', big);
    data[100] = '\0';                   /* a NUL inside a line is kept as a byte */
    memcpy(data + big, "\nshort\nlast", 11);
    put("lines", data, big + 11);
    free(data);
    vg_error err = {0};
    vg_file_lines *l;
    cr_assert_eq(vg_file_lines_open(at("lines"), &l, &err), 0, "%s", err.msg);
    const char *line;
    bool cut;
    cr_expect_eq(vg_file_lines_next(l, 1000, &line, &cut), 1000);
    cr_expect(cut);
    cr_expect_eq(line[100], '\0');
    cr_expect_eq(line[101], 'x');
    cr_expect_eq(vg_file_lines_next(l, 1000, &line, &cut), 6);
    cr_expect_not(cut);
    cr_expect_str_eq(line, "short\n");
    cr_expect_eq(vg_file_lines_next(l, 2, &line, &cut), 2);
    cr_expect(cut);
    cr_expect_str_eq(line, "la");
    cr_expect_eq(vg_file_lines_next(l, 1000, &line, &cut), -1);
    cr_expect_eq(vg_file_lines_error(l), 0);
    vg_file_lines_close(l);
}
