/*
 * Offline message sources. Every file is opened through vg_file (a FIFO
 * or a device is refused without blocking) and read with a cap; an mbox
 * is streamed line by line with each line bounded as it is read, so a
 * multi-gigabyte archive, or one with a gigabyte on one line, needs only
 * one message's worth of memory at a time.
 */
#include "vg_msgsrc.h"
#include "vg_file.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file that cannot be read is a notice on it, and the run goes on with
 * the other sources; only memory running out stops it. */
static int unreadable(const char *path, int code, size_t max, vg_findings *notices,
                      vg_error *err)
{
    if (code == -1 && errno == ENOMEM)
        return vg_error_set(err, VG_ENOMEM, "%s: out of memory", path);
    if (code == VG_FILE_TOO_LARGE)
        vg_findings_noticem(notices, VG_LEVEL_WARNING, path, 0, "notice.message-too-large",
                            "%zu", max);
    else if (code == VG_FILE_IRREGULAR)
        vg_findings_noticem(notices, VG_LEVEL_WARNING, path, 0, "notice.irregular", NULL);
    else
        vg_findings_noticem(notices, VG_LEVEL_WARNING, path, 0, "notice.unreadable", "%s",
                            strerror(errno));
    return 0;
}

static int one_file(const char *path, const char *name, size_t max, vg_msgsrc_cb cb,
                    void *ud, vg_findings *notices, vg_error *err)
{
    char *raw;
    size_t len;
    vg_error why;               /* the notice says it in the reader's language */
    int code = vg_file_read(path, max, &raw, &len, &why);
    if (code)
        return unreadable(path, code, max, notices, err);
    int rc = cb(path, name, raw, len, ud);
    free(raw);
    return rc;
}

int vg_msgsrc_eml(const char *path, size_t max, vg_msgsrc_cb cb, void *ud,
                  vg_findings *notices, vg_error *err)
{
    return one_file(path, path, max, cb, ud, notices, err);
}

/* ---- mbox ------------------------------------------------------------------- */

typedef struct mbox_state {
    char *msg;
    size_t len, cap;
    bool too_big;
    int index;
    long start_line;
} mbox_state;

static int mbox_flush(const char *path, mbox_state *m, vg_msgsrc_cb cb, void *ud,
                      vg_findings *notices, size_t max)
{
    (void)max;
    if (m->index == 0)
        return 0;
    int rc = 0;
    if (m->too_big) {
        vg_findings_noticem(notices, VG_LEVEL_WARNING, path, (int)m->start_line,
                            "notice.mbox-too-large", "%d" VG_ARG "%zu", m->index, max);
    } else {
        char name[64];
        snprintf(name, sizeof name, "mbox message %d (line %ld)", m->index, m->start_line);
        rc = cb(path, name, m->msg ? m->msg : "", m->len, ud);
    }
    m->len = 0;
    m->too_big = false;
    return rc;
}

static bool is_from_line(const char *l, size_t n)
{
    return n >= 5 && memcmp(l, "From ", 5) == 0;
}

/* How much of the next line to keep when `room` bytes still fit in the
 * message: no more than could fit (plus the '>' an unquoted ">From" loses,
 * plus one to see it overflow), but always enough to recognise a "From "
 * line, so an oversized message still ends where the next one starts. */
static size_t line_cap(size_t room)
{
    return room + 2 > 64 ? room + 2 : 64;
}

int vg_msgsrc_mbox(const char *path, size_t max, vg_msgsrc_cb cb, void *ud,
                   vg_findings *notices, vg_error *err)
{
    vg_file_lines *f;
    vg_error why;
    int code = vg_file_lines_open(path, &f, &why);
    if (code)
        return unreadable(path, code, max, notices, err);
    mbox_state m = {0};
    const char *line;
    ssize_t n;
    long lineno = 0;
    bool prev_blank = true, cut;
    int rc = 0;
    size_t lmax = line_cap(max);
    while (rc == 0 && (n = vg_file_lines_next(f, lmax, &line, &cut)) >= 0) {
        lineno++;
        if (prev_blank && is_from_line(line, (size_t)n)) {
            if ((rc = mbox_flush(path, &m, cb, ud, notices, max)))
                break;
            m.index++;
            m.start_line = lineno;
            prev_blank = false;
            lmax = line_cap(max);
            continue;
        }
        if (m.index == 0) {
            if (lineno == 1) {
                vg_findings_noticem(notices, VG_LEVEL_WARNING, path, 1, "notice.mbox-no-from",
                                    NULL);
                m.index = 1;
                m.start_line = 1;
            } else {
                continue;
            }
        }
        prev_blank = !cut && ((n == 1 && line[0] == '\n') ||
                              (n == 2 && line[0] == '\r' && line[1] == '\n'));
        const char *l = line;
        size_t ln = (size_t)n;
        size_t gt = 0;
        while (gt < ln && l[gt] == '>')
            gt++;
        if (gt > 0 && is_from_line(l + gt, ln - gt)) {   /* >From -> From */
            l++;
            ln--;
        }
        if (m.too_big)
            continue;
        if (cut || m.len + ln > max) {
            m.too_big = true;
            lmax = line_cap(0);
            continue;
        }
        lmax = line_cap(max - m.len - ln);
        if (m.len + ln + 1 > m.cap) {
            size_t cap = m.cap ? m.cap : 65536;
            while (cap < m.len + ln + 1)
                cap *= 2;
            if (cap > max + 1)
                cap = max + 1;
            char *p = realloc(m.msg, cap);
            if (!p) {
                rc = vg_error_set(err, VG_ENOMEM, "%s: out of memory", path);
                break;
            }
            m.msg = p;
            m.cap = cap;
        }
        memcpy(m.msg + m.len, l, ln);
        m.len += ln;
        m.msg[m.len] = '\0';
    }
    if (rc == 0 && vg_file_lines_error(f))
        rc = vg_error_set(err, VG_EIO, "%s: read error: %s", path, strerror(vg_file_lines_error(f)));
    if (rc == 0) {
        /* the blank line before the next "From " belongs to the separator;
         * the last one's trailing blank line is harmless */
        rc = mbox_flush(path, &m, cb, ud, notices, max);
    }
    free(m.msg);
    vg_file_lines_close(f);
    return rc;
}

/* ---- Maildir ------------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int maildir_sub(const char *dir, const char *sub, size_t max, vg_msgsrc_cb cb,
                       void *ud, vg_findings *notices, vg_error *err, bool *any)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT ? 0 : vg_error_set(err, vg_error_code_errno(errno), "%s: %s", path, strerror(errno));
    *any = true;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **p = realloc(names, (n + 1) * sizeof *p);
        if (!p || !(p[n] = strdup(e->d_name))) {
            names = p ? p : names;
            rc = vg_error_set(err, VG_ENOMEM, "%s: out of memory", path);
            break;
        }
        names = p;
        n++;
    }
    closedir(d);
    if (n)                              /* qsort(NULL, 0) is undefined */
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char file[8192];
        snprintf(file, sizeof file, "%s/%s", path, names[i]);
        /* a FIFO or a directory in there is a notice, never a wait */
        rc = one_file(file, file, max, cb, ud, notices, err);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int vg_msgsrc_maildir(const char *dir, size_t max, vg_msgsrc_cb cb, void *ud,
                      vg_findings *notices, vg_error *err)
{
    bool any = false;
    int rc = maildir_sub(dir, "new", max, cb, ud, notices, err, &any);
    if (rc == 0)
        rc = maildir_sub(dir, "cur", max, cb, ud, notices, err, &any);
    if (rc == 0 && !any)
        return vg_error_set(err, VG_EINPUT, "%s: not a Maildir (no cur/ or new/ directory)", dir);
    return rc;
}
