/*
 * Includes that name something other than a regular file (vg_clang.h).
 *
 * libclang opens a header with a plain blocking open(): an `#include`
 * that resolves to a FIFO waits for a writer forever, a character device
 * is read forever, and the whole scan never returns. libclang has no hook
 * to refuse such a file, but it never opens a path it was given as an
 * unsaved file. So before a unit is parsed, its `#include` lines are
 * followed through the unit's own search path (the includer's directory,
 * -iquote, -I, -isystem, -idirafter, -include), the way the preprocessor
 * looks, and each one that lands on a FIFO, a device or a socket is handed
 * to libclang as an empty unsaved file under the spelling the
 * preprocessor will build for it, with a notice. The walk is textual and
 * bounded (files, size, depth of the search); it does not evaluate #if,
 * so a FIFO named under `#if 0` gets a notice too, which is still true.
 * System directories are not followed: they are not input under review.
 */
#include "vg_clang.h"
#include "vg_file.h"
#include "vg_msg.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define INCL_MAX_FILES 4096          /* headers followed in one unit */
#define INCL_MAX_SIZE (16u << 20)    /* bytes read from one of them */

typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

typedef struct incl {
    const vg_clang_job *j;
    const char *wd;             /* where relative paths of the unit start */
    strs quote, angled;         /* search directories, as spelled */
    strs queue;                 /* files to read, as spelled; index = visited set */
    vg_clang_shadows *out;
    vg_findings *notices;
    int oom;
} incl;

static int strs_push(strs *s, const char *p, size_t n)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    if (!(s->v[s->n] = strndup(p, n)))
        return -1;
    s->n++;
    return 0;
}

static bool strs_has(const strs *s, const char *p)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], p) == 0)
            return true;
    return false;
}

static void strs_free(strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* The path to stat for a spelling: relative ones start at the unit's
 * working directory (the process's may move while other units parse). */
static void abs_of(const incl *c, const char *spelled, char *out, size_t outsz)
{
    int n = spelled[0] == '/' || !c->wd[0] ? snprintf(out, outsz, "%s", spelled)
                                           : snprintf(out, outsz, "%s/%s", c->wd, spelled);
    if (n < 0 || (size_t)n >= outsz)
        out[0] = '\0';         /* too long for any file system: found nowhere */
}

/* DIR "/" NAME as the preprocessor concatenates them: a directory's
 * trailing slashes are dropped when it is registered, then one is put back. */
static void join(const char *dir, const char *name, char *out, size_t outsz)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    int k = snprintf(out, outsz, "%.*s/%s", (int)n, dir, name);
    if (k < 0 || (size_t)k >= outsz)
        out[0] = '\0';
}

static int shadow(incl *c, const char *spelled, const char *from, unsigned line)
{
    vg_clang_shadows *s = c->out;
    for (unsigned i = 0; i < s->n; i++)
        if (strcmp(s->files[i].Filename, spelled) == 0)
            return 0;
    if (s->n == s->cap) {
        unsigned cap = s->cap ? 2 * s->cap : 4;
        struct CXUnsavedFile *f = realloc(s->files, cap * sizeof *f);
        if (!f)
            return -1;
        s->files = f;
        s->cap = cap;
    }
    char *name = strdup(spelled);
    if (!name)
        return -1;
    s->files[s->n++] = (struct CXUnsavedFile){.Filename = name, .Contents = "", .Length = 0};
    return vg_findings_noticem(c->notices, VG_LEVEL_WARNING, vg_clang_relpath(c->j->cwd, from),
                               (int)line, "notice.include-irregular", "%s", spelled);
}

/* What the preprocessor finds at one candidate: 1 a regular file (follow
 * it), 2 something it would block on (shadow it), 0 nothing usable
 * (absent, or a directory: the search goes on). */
static int probe(const incl *c, const char *spelled)
{
    char abs[PATH_MAX];
    struct stat st;
    abs_of(c, spelled, abs, sizeof abs);
    if (!abs[0] || !spelled[0] || stat(abs, &st) != 0 || S_ISDIR(st.st_mode))
        return 0;
    return S_ISREG(st.st_mode) ? 1 : 2;
}

/* What to do with one candidate: follow it, shadow it, or look on (-1). */
static int try_candidate(incl *c, const char *cand, const char *from, unsigned line)
{
    int what = probe(c, cand);
    if (what == 1) {
        if (c->queue.n >= INCL_MAX_FILES || strs_has(&c->queue, cand))
            return 0;
        return strs_push(&c->queue, cand, strlen(cand));
    }
    return what == 2 ? shadow(c, cand, from, line) : -2;
}

/* Resolve one include of `from` (spelled) in the preprocessor's order:
 * an absolute name as is; a quoted one in the includer's directory, then
 * -iquote, then the angled list; an angled one in -I, -isystem,
 * -idirafter. The first candidate that exists ends the search. */
static int resolve(incl *c, const char *from, unsigned line, const char *name, bool quoted)
{
    char cand[PATH_MAX];
    if (name[0] == '/') {
        int rc = try_candidate(c, name, from, line);
        return rc == -2 ? 0 : rc;
    }
    if (quoted) {
        const char *slash = strrchr(from, '/');
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - from) : 1, slash ? from : ".");
        join(slash == from ? "/" : dir, name, cand, sizeof cand);
        int rc = try_candidate(c, cand, from, line);
        if (rc != -2)
            return rc;
    }
    const strs *l = quoted ? &c->quote : &c->angled;
    for (size_t i = 0; i < l->n; i++) {
        join(l->v[i], name, cand, sizeof cand);
        int rc = try_candidate(c, cand, from, line);
        if (rc != -2)
            return rc;
    }
    return 0;
}

/* `# include "x"` / `<x>` (and include_next, import) on one line. */
static int scan_line(incl *c, const char *from, unsigned line, const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == end || *p != '#')
        return 0;
    for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
        ;
    static const char *const kw[] = {"include_next", "include", "import"};
    size_t k = 0, n = 0;
    for (; k < 3; k++) {
        n = strlen(kw[k]);
        if ((size_t)(end - p) > n && strncmp(p, kw[k], n) == 0)
            break;
    }
    if (k == 3)
        return 0;
    for (p += n; p < end && (*p == ' ' || *p == '\t'); p++)
        ;
    if (p == end || (*p != '"' && *p != '<'))
        return 0;           /* a macro: not followed */
    char close = *p == '"' ? '"' : '>';
    const char *q = memchr(p + 1, close, (size_t)(end - p - 1));
    if (!q || q == p + 1 || q - p > PATH_MAX / 2)
        return 0;
    char name[PATH_MAX];
    snprintf(name, sizeof name, "%.*s", (int)(q - p - 1), p + 1);
    return resolve(c, from, line, name, close == '"');
}

static int scan_file(incl *c, size_t at)
{
    char abs[PATH_MAX];
    abs_of(c, c->queue.v[at], abs, sizeof abs);
    char *text;
    size_t len;
    if (vg_file_read(abs, INCL_MAX_SIZE, &text, &len, NULL))
        return 0;       /* libclang will say what is wrong with it */
    /* the name may move when the queue grows */
    char *from = strdup(c->queue.v[at]);
    int rc = from ? 0 : -1;
    unsigned line = 1;
    for (const char *p = text, *end = text + len; !rc && p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (memchr(p, '#', (size_t)(e - p)))
            rc = scan_line(c, from, line, p, e);
        p = nl ? nl + 1 : end;
    }
    free(from);
    free(text);
    return rc;
}

/* The search path from the unit's arguments; `-include FILE` is read as
 * if included from the main file's directory's view, i.e. checked as is. */
static int read_args(incl *c)
{
    const vg_clang_job *j = c->j;
    static const struct { const char *opt; int quote; } dirs[] = {
        {"-iquote", 1}, {"-I", 0}, {"-isystem", 0}, {"-idirafter", 0}};
    for (int i = 0; i < j->nargs; i++) {
        const char *a = j->args[i];
        if (strcmp(a, "-working-directory") == 0 && i + 1 < j->nargs) {
            const char *d = j->args[i + 1];
            if (strcmp(d, "-Xclang") == 0 && i + 2 < j->nargs)
                d = j->args[i + 2];
            c->wd = d;
            continue;
        }
        if (strcmp(a, "-include") == 0 && i + 1 < j->nargs) {
            const char *f = j->args[++i];
            int what = probe(c, f);
            if (what == 2 && shadow(c, f, j->file, 0))
                return -1;
            if (what == 1 && strs_push(&c->queue, f, strlen(f)))
                return -1;
            continue;
        }
        for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
            size_t n = strlen(dirs[k].opt);
            if (strncmp(a, dirs[k].opt, n) != 0)
                continue;
            const char *d = a[n] ? a + n : i + 1 < j->nargs ? j->args[++i] : NULL;
            if (d && strs_push(dirs[k].quote ? &c->quote : &c->angled, d, strlen(d)))
                return -1;
            break;
        }
    }
    return 0;
}

int vg_clang_shadow_includes(const vg_clang_job *j, vg_clang_shadows *out,
                             vg_findings *notices)
{
    incl c = {.j = j, .wd = j->cwd ? j->cwd : "", .out = out, .notices = notices};
    memset(out, 0, sizeof *out);
    int rc = strs_push(&c.queue, j->file, strlen(j->file));
    if (!rc)
        rc = read_args(&c);
    /* -iquote directories come before -I ones for quoted includes */
    for (size_t i = 0; !rc && i < c.angled.n; i++)
        rc = strs_push(&c.quote, c.angled.v[i], strlen(c.angled.v[i]));
    for (size_t i = 0; !rc && i < c.queue.n; i++)
        rc = scan_file(&c, i);
    strs_free(&c.quote);
    strs_free(&c.angled);
    strs_free(&c.queue);
    if (rc)
        vg_clang_shadows_free(out);
    return rc;
}

void vg_clang_shadows_free(vg_clang_shadows *s)
{
    for (unsigned i = 0; i < s->n; i++)
        free((char *)s->files[i].Filename);
    free(s->files);
    memset(s, 0, sizeof *s);
}
