#include "vg_test_run.h"
#include "vg_file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void sbuf_add(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

int vg_run_argv(char *const argv[], int timeout_s, vg_run *r)
{
    int po[2], pe[2];
    memset(r, 0, sizeof *r);
    if (pipe(po) || pipe(pe))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]);
        close(pe[0]);
        setpgid(0, 0);
        /* Messages follow the locale (--lang's default): tests read the
         * English ones unless they ask for French with --lang fr. */
        setenv("LC_ALL", "C", 1);
        execv(argv[0], argv);
        fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    sbuf out = {0}, err = {0};
    sbuf_add(&out, "", 0);
    sbuf_add(&err, "", 0);
    struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    int open_fds = 2;
    time_t deadline = time(NULL) + timeout_s;
    while (open_fds > 0) {
        int left = (int)(deadline - time(NULL));
        if (left <= 0) {
            kill(-pid, SIGKILL);
            break;
        }
        if (poll(fds, 2, left * 1000) <= 0)
            continue;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[65536];
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else
                sbuf_add(i ? &err : &out, buf, (size_t)n);
        }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    int st = 0;
    waitpid(pid, &st, 0);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = out.p;
    r->err = err.p;
    return 0;
}

void vg_run_free(vg_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

char *vg_test_write_temp(const char *name, const char *text, size_t len)
{
    char dir[] = "/tmp/vigie-test-XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len) {
        if (f)
            fclose(f);
        free(path);
        return NULL;
    }
    fclose(f);
    return path;
}

#include "vg_test_sarif.h"

int vg_test_sarif_validate(const char *path, char **errors)
{
    char *argv[] = {VG_PYTHON3, VG_SOURCE_DIR "/tests/support/validate_sarif.py",
                    VG_TEST_DATA "/sarif-schema-2.1.0.json", (char *)path, NULL};
    vg_run r;
    *errors = NULL;
    if (vg_run_argv(argv, 120, &r))
        return -1;
    int st = r.status;
    *errors = r.err;
    free(r.out);
    return st;
}

char *vg_test_source_file(const char *rel)
{
    char path[4096];
    char *buf;
    size_t len;
    vg_error err;
    snprintf(path, sizeof path, "%s/%s", VG_SOURCE_DIR, rel);
    if (vg_file_read(path, 1u << 22, &buf, &len, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        abort();
    }
    return buf;
}

int vg_run_vargs(vg_run *r, int timeout_s, const char *bin, const char *first, va_list ap)
{
    char *argv[40] = {(char *)bin};
    int n = 1;
    for (const char *a = first; a && n < 39; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    argv[n] = NULL;
    return vg_run_argv(argv, timeout_s, r);
}

int vg_run_args(vg_run *r, int timeout_s, const char *bin, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    int rc = vg_run_vargs(r, timeout_s, bin, first, ap);
    va_end(ap);
    return rc;
}

const char *vg_test_path(const char *dir, const char *name)
{
    static char p[8][512];
    static int k;
    char *b = p[k++ % 8];
    snprintf(b, sizeof p[0], "%s/%s", dir, name);
    return b;
}

int vg_test_write(const char *dir, const char *name, const char *text)
{
    FILE *f = fopen(vg_test_path(dir, name), "w");
    if (!f)
        return -1;
    int rc = fputs(text, f) < 0;
    return fclose(f) || rc ? -1 : 0;
}

char *vg_test_slurp(const char *path, size_t *len)
{
    char *buf;
    size_t n;
    vg_error err;
    if (vg_file_read(path, 1u << 28, &buf, &n, &err))
        return NULL;
    if (len)
        *len = n;
    return buf;
}
