/*
 * Opening files safely. stat() first so a device is never even opened
 * (opening some has side effects), then open() with O_NONBLOCK so a path
 * swapped for a FIFO in between still cannot block, then fstat() on what
 * was actually opened: that is the check that counts.
 */
#include "vg_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *what(mode_t m)
{
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a plain file";
}

static int refuse(const char *path, mode_t m, vg_error *err)
{
    vg_error_set(err, VG_EINPUT, "%s: not a regular file (%s)", path, what(m));
    return VG_FILE_IRREGULAR;
}

/* err filled, errno kept for the caller's notice */
static int failed(const char *path, const char *doing, int e, vg_error *err)
{
    vg_error_set(err, vg_error_code_errno(e), "%s: %s: %s", path, doing, strerror(e));
    errno = e;
    return -1;
}

int vg_file_open(const char *path, struct stat *st, vg_error *err)
{
    struct stat pre, got;
    if (stat(path, &pre) != 0)
        return failed(path, "cannot open", errno, err);
    if (!S_ISREG(pre.st_mode))
        return refuse(path, pre.st_mode, err);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return failed(path, "cannot open", errno, err);
    if (fstat(fd, &got) != 0) {
        int e = errno;
        close(fd);
        return failed(path, "cannot open", e, err);
    }
    if (!S_ISREG(got.st_mode)) {
        close(fd);
        return refuse(path, got.st_mode, err);
    }
    /* A regular file never blocks anyway; cleared so that no later reader
     * has to think about EAGAIN. */
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        int e = errno;
        close(fd);
        return failed(path, "cannot open", e, err);
    }
    if (st)
        *st = got;
    return fd;
}

FILE *vg_file_fopen(const char *path, vg_error *err)
{
    int fd = vg_file_open(path, NULL, err);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        failed(path, "cannot open", e, err);
    }
    return f;
}

FILE *vg_file_create(const char *path, vg_error *err)
{
    /* O_NONBLOCK: a FIFO with no reader fails at once (ENXIO) instead of
     * waiting for one; one with a reader (`-o >(gzip > x)`) is written. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0666);
    if (fd < 0) {
        int e = errno;
        if (e == ENXIO)
            vg_error_set(err, VG_EIO, "%s: cannot write: a FIFO that nobody reads", path);
        else
            failed(path, "cannot write", e, err);
        errno = e;
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    FILE *f = fl >= 0 && fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int e = errno;
        close(fd);
        failed(path, "cannot write", e, err);
    }
    return f;
}

bool vg_file_is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static ssize_t read_some(int fd, void *b, size_t n)
{
    ssize_t k;
    do
        k = read(fd, b, n);
    while (k < 0 && errno == EINTR);
    return k;
}

static int too_large(const char *path, size_t max, vg_error *err)
{
    vg_error_set(err, VG_EINPUT, "%s: larger than %zu bytes", path, max);
    return VG_FILE_TOO_LARGE;
}

int vg_file_read_fd(int fd, const char *path, size_t max, char **out, size_t *len,
                    vg_error *err)
{
    struct stat st;
    *out = NULL;
    *len = 0;
    if (fstat(fd, &st) != 0)
        return failed(path, "cannot read", errno, err);
    if (!S_ISREG(st.st_mode))
        return refuse(path, st.st_mode, err);
    if (st.st_size > 0 && (unsigned long long)st.st_size > max)
        return too_large(path, max, err);
    /* st_size is a hint (0 for /proc files, stale if the file grows): start
     * there and grow, never past max. */
    size_t want = st.st_size > 0 ? (size_t)st.st_size : 4096;
    if (want > max)
        want = max;
    size_t cap = want + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return failed(path, "cannot read", ENOMEM, err);
    for (;;) {
        if (n == cap - 1) {
            /* Full: one byte more says whether the file goes on, so a file
             * of exactly its stated size never costs a bigger buffer. */
            char c;
            ssize_t k = read_some(fd, &c, 1);
            if (k == 0)
                break;
            int e = errno;
            if (k < 0 || n == max) {
                free(buf);
                return k < 0 ? failed(path, "read error", e, err) : too_large(path, max, err);
            }
            size_t ncap = (cap - 1) * 2 < 65536 ? 65536 : (cap - 1) * 2;
            if (ncap > max || ncap < cap)
                ncap = max;
            char *g = realloc(buf, ncap + 1);
            if (!g) {
                free(buf);
                return failed(path, "cannot read", ENOMEM, err);
            }
            buf = g;
            cap = ncap + 1;
            buf[n++] = c;
            continue;
        }
        ssize_t k = read_some(fd, buf + n, cap - 1 - n);
        if (k < 0) {
            int e = errno;
            free(buf);
            return failed(path, "read error", e, err);
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

int vg_file_read(const char *path, size_t max, char **out, size_t *len, vg_error *err)
{
    *out = NULL;
    *len = 0;
    int fd = vg_file_open(path, NULL, err);
    if (fd < 0)
        return fd;
    int rc = vg_file_read_fd(fd, path, max, out, len, err);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

struct vg_file_lines {
    int fd;
    int err;
    size_t pos, end;            /* unread bytes of in[] */
    char *line;
    size_t cap;
    char in[65536];
};

int vg_file_lines_open(const char *path, vg_file_lines **out, vg_error *err)
{
    *out = NULL;
    int fd = vg_file_open(path, NULL, err);
    if (fd < 0)
        return fd;
    vg_file_lines *l = calloc(1, sizeof *l);
    if (!l) {
        close(fd);
        return failed(path, "cannot read", ENOMEM, err);
    }
    l->fd = fd;
    *out = l;
    return 0;
}

ssize_t vg_file_lines_next(vg_file_lines *l, size_t max, const char **line, bool *cut)
{
    size_t len = 0;
    bool any = false;
    *cut = false;
    for (;;) {
        if (l->pos == l->end) {
            ssize_t k = read_some(l->fd, l->in, sizeof l->in);
            if (k < 0)
                l->err = errno;
            if (k <= 0)
                break;
            l->pos = 0;
            l->end = (size_t)k;
        }
        any = true;
        const char *at = l->in + l->pos;
        const char *nl = memchr(at, '\n', l->end - l->pos);
        size_t take = nl ? (size_t)(nl - at) + 1 : l->end - l->pos;
        size_t keep = len < max ? max - len : 0;
        if (keep > take)
            keep = take;
        if (keep && len + keep + 1 > l->cap) {
            size_t ncap = l->cap ? l->cap : 256;
            while (ncap < len + keep + 1)
                ncap *= 2;
            if (ncap > max + 1)
                ncap = max + 1;
            char *g = realloc(l->line, ncap);
            if (g) {
                l->line = g;
                l->cap = ncap;
            } else {
                keep = 0;           /* out of memory: keep what fits, as if cut */
                max = len;
            }
        }
        if (keep < take)
            *cut = true;
        if (keep)
            memcpy(l->line + len, at, keep);
        len += keep;
        l->pos += take;
        if (nl)
            break;
    }
    if (!any || (l->err && !len))
        return -1;
    if (!l->line) {                 /* nothing kept (max == 0) */
        if (!(l->line = malloc(1)))
            return -1;
        l->cap = 1;
    }
    l->line[len] = '\0';
    *line = l->line;
    return (ssize_t)len;
}

int vg_file_lines_error(const vg_file_lines *l)
{
    return l->err;
}

void vg_file_lines_close(vg_file_lines *l)
{
    if (!l)
        return;
    close(l->fd);
    free(l->line);
    free(l);
}

bool vg_path_has_ext(const char *path, const char *const *exts)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return false;
    for (size_t i = 0; exts[i]; i++)
        if (strcasecmp(dot + 1, exts[i]) == 0)
            return true;
    return false;
}
