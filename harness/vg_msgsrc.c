/*
 * Offline message sources. Files are read with stdio and a size cap; an
 * mbox is streamed line by line so a multi-gigabyte archive needs only
 * one message in memory at a time.
 */
#include "vg_msgsrc.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int read_file(const char *path, size_t max, char **out, size_t *len, bool *too_big,
                     vg_error *err)
{
    *too_big = false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vg_error_set(err, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return vg_error_set(err, "%s: is a directory (use --maildir for a Maildir)", path);
    }
    size_t cap = 65536, n = 0;
    char *b = malloc(cap + 1);
    while (b) {
        if (n == cap) {
            if (cap >= max) {
                *too_big = true;
                break;
            }
            cap = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(b, cap + 1);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    bool failed = ferror(f);
    fclose(f);
    if (!b)
        return vg_error_set(err, "%s: out of memory", path);
    if (failed) {
        free(b);
        return vg_error_set(err, "%s: read error", path);
    }
    if (*too_big) {
        free(b);
        return 0;
    }
    b[n] = '\0';
    *out = b;
    *len = n;
    return 0;
}

static int one_file(const char *path, const char *name, size_t max, vg_msgsrc_cb cb,
                    void *ud, vg_findings *notices, vg_error *err)
{
    char *raw = NULL;
    size_t len = 0;
    bool big;
    if (read_file(path, max, &raw, &len, &big, err))
        return -1;
    if (big) {
        vg_findings_noticem(notices, VG_LEVEL_WARNING, path, 0, "notice.message-too-large",
                            "%zu", max);
        return 0;
    }
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

int vg_msgsrc_mbox(const char *path, size_t max, vg_msgsrc_cb cb, void *ud,
                   vg_findings *notices, vg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return vg_error_set(err, "%s: %s", path, strerror(errno));
    mbox_state m = {0};
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    long lineno = 0;
    bool prev_blank = true;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &lcap, f)) >= 0) {
        lineno++;
        if (prev_blank && is_from_line(line, (size_t)n)) {
            if ((rc = mbox_flush(path, &m, cb, ud, notices, max)))
                break;
            m.index++;
            m.start_line = lineno;
            prev_blank = false;
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
        prev_blank = (n == 1 && line[0] == '\n') || (n == 2 && line[0] == '\r');
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
        if (m.len + ln > max) {
            m.too_big = true;
            continue;
        }
        if (m.len + ln + 1 > m.cap) {
            size_t cap = m.cap ? m.cap : 65536;
            while (cap < m.len + ln + 1)
                cap *= 2;
            char *p = realloc(m.msg, cap);
            if (!p) {
                rc = vg_error_set(err, "%s: out of memory", path);
                break;
            }
            m.msg = p;
            m.cap = cap;
        }
        memcpy(m.msg + m.len, l, ln);
        m.len += ln;
        m.msg[m.len] = '\0';
    }
    if (rc == 0 && ferror(f))
        rc = vg_error_set(err, "%s: read error", path);
    if (rc == 0) {
        /* the blank line before the next "From " belongs to the separator;
         * the last one's trailing blank line is harmless */
        rc = mbox_flush(path, &m, cb, ud, notices, max);
    }
    free(line);
    free(m.msg);
    fclose(f);
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
        return errno == ENOENT ? 0 : vg_error_set(err, "%s: %s", path, strerror(errno));
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
            rc = vg_error_set(err, "%s: out of memory", path);
            break;
        }
        names = p;
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char file[8192];
        snprintf(file, sizeof file, "%s/%s", path, names[i]);
        struct stat st;
        if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
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
        return vg_error_set(err, "%s: not a Maildir (no cur/ or new/ directory)", dir);
    return rc;
}
