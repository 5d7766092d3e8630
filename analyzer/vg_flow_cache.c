/*
 * Cache entries are a flat text stream: integers in decimal, strings as
 * LEN:BYTES ("~" for none), each followed by one space. Written to a
 * temporary name then renamed, so a crash or a concurrent run never leaves
 * a half entry behind.
 */
#include "vg_flow_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "VGFLOW6\n"

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

uint64_t vg_flow_cache_key(const char *file, const char *const *args, int nargs, uint64_t salt)
{
    uint64_t h = fnv(MAGIC, strlen(MAGIC), 1469598103934665603ULL ^ salt);
    h = fnv(file, strlen(file) + 1, h);
    for (int i = 0; i < nargs; i++)
        h = fnv(args[i], strlen(args[i]) + 1, h);
    return h;
}

/* ---- memoised content hashes ---- */

typedef struct memo {
    char *path;
    off_t size;
    struct timespec mtime;
    uint64_t hash;
    struct memo *next;
} memo;

static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static memo *memo_tab[1024];

/* Memoised per (path, size, mtime): a long-lived process (the test suite)
 * sees files change between scans. */
uint64_t vg_flow_cache_file_hash(const char *path)
{
    size_t b = fnv(path, strlen(path), 1469598103934665603ULL) % 1024;
    struct stat pre;
    if (stat(path, &pre) != 0)
        return 0;
    pthread_mutex_lock(&memo_lock);
    for (memo *m = memo_tab[b]; m; m = m->next)
        if (!strcmp(m->path, path) && m->size == pre.st_size &&
            m->mtime.tv_sec == pre.st_mtim.tv_sec && m->mtime.tv_nsec == pre.st_mtim.tv_nsec) {
            uint64_t h = m->hash;
            pthread_mutex_unlock(&memo_lock);
            return h;
        }
    pthread_mutex_unlock(&memo_lock);
    uint64_t h = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0) {
        h = fnv(&st.st_size, sizeof st.st_size, 1469598103934665603ULL);
        if (st.st_size > 0) {
            void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (p != MAP_FAILED) {
                h = fnv(p, (size_t)st.st_size, h);
                munmap(p, (size_t)st.st_size);
            } else
                h = 0;
        }
        h |= 1;     /* 0 means unreadable */
    }
    if (fd >= 0)
        close(fd);
    memo *m = malloc(sizeof *m);
    if (m && (m->path = strdup(path))) {
        m->hash = h;
        m->size = pre.st_size;
        m->mtime = pre.st_mtim;
        pthread_mutex_lock(&memo_lock);
        m->next = memo_tab[b];
        memo_tab[b] = m;
        pthread_mutex_unlock(&memo_lock);
    } else
        free(m);
    return h;
}

/* ---- writing ---- */

static void w_int(FILE *f, long long v)
{
    fprintf(f, "%lld ", v);
}

static void w_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("~ ", f);
        return;
    }
    size_t n = strlen(s);
    fprintf(f, "%zu:", n);
    fwrite(s, 1, n, f);
    fputc(' ', f);
}

/* A message's catalogue reference (format 6): id, both templates, args. */
static void w_msg(FILE *f, const vg_msgref *m)
{
    w_str(f, m->id);
    if (!m->id)
        return;
    w_str(f, m->tmpl[0]);
    w_str(f, m->tmpl[1]);
    w_int(f, (long long)m->nargs);
    for (size_t i = 0; i < m->nargs; i++)
        w_str(f, m->args[i]);
}


static void w_atoms(FILE *f, const fl_atom *a, size_t n)
{
    w_int(f, (long long)n);
    for (size_t i = 0; i < n; i++) {
        w_int(f, a[i].kind);
        w_int(f, a[i].cat);
        w_int(f, a[i].line);
        w_int(f, a[i].col);
        w_int(f, a[i].call);
        w_str(f, a[i].text);
        w_str(f, a[i].place);
    }
}

static void w_func(FILE *f, const fl_func *fn)
{
    w_str(f, fn->name);
    w_str(f, fn->file);
    w_int(f, fn->line);
    w_int(f, fn->is_static | fn->variadic << 1);
    w_int(f, (long long)fn->nparams);
    for (size_t i = 0; i < fn->nparams; i++)
        w_str(f, fn->params[i]);
    w_int(f, (long long)fn->ncalls);
    for (size_t i = 0; i < fn->ncalls; i++) {
        const fl_call *c = &fn->calls[i];
        w_str(f, c->callee);
        w_int(f, c->line);
        w_int(f, c->col);
        w_int(f, c->system | c->ret_content << 1 | c->method_const << 2 | c->ctor << 3);
        w_int(f, c->keycat);
        w_int(f, (long long)c->nargs);
        for (size_t j = 0; j < c->nargs; j++) {
            const fl_arg *a = &c->args[j];
            w_atoms(f, a->atoms, a->natoms);
            w_str(f, a->dest);
            w_str(f, a->name);
            w_str(f, a->str);
            w_int(f, a->ival);
            w_int(f, a->has_ival);
            w_int(f, a->is_record | a->writable << 1 | a->object << 2 | a->partial << 3);
        }
    }
    w_int(f, (long long)fn->nstmts);
    for (size_t i = 0; i < fn->nstmts; i++) {
        const fl_stmt *s = &fn->stmts[i];
        w_int(f, s->op);
        w_int(f, s->line);
        w_int(f, s->col);
        w_int(f, s->call);
        w_str(f, s->dst);
        w_atoms(f, s->atoms, s->natoms);
    }
}

int vg_flow_cache_store(const char *dir, uint64_t key, const fl_tu *t)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%016llx.vgflow", dir, (unsigned long long)key);
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)gettid());
    mkdir(dir, 0777);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fputs(MAGIC, f);
    w_int(f, (long long)t->ndeps);
    for (size_t i = 0; i < t->ndeps; i++) {
        struct stat st;
        uint64_t h = vg_flow_cache_file_hash(t->deps[i]);
        if (stat(t->deps[i], &st) != 0)
            memset(&st, 0, sizeof st);
        w_str(f, t->deps[i]);
        fprintf(f, "%llu ", (unsigned long long)h);
        w_int(f, (long long)st.st_size);
        w_int(f, (long long)st.st_mtim.tv_sec);
        w_int(f, (long long)st.st_mtim.tv_nsec);
    }
    w_str(f, t->main_file);
    w_int(f, (long long)t->nfuncs);
    for (size_t i = 0; i < t->nfuncs; i++)
        w_func(f, &t->funcs[i]);
    w_int(f, (long long)t->nfnptrs);
    for (size_t i = 0; i < t->nfnptrs; i++) {
        w_str(f, t->fnptrs[i].key);
        w_str(f, t->fnptrs[i].target);
    }
    const vg_findings *d = &t->direct;
    w_int(f, (long long)d->count);
    for (size_t i = 0; i < d->count; i++) {
        const vg_finding *x = &d->items[i];
        w_str(f, x->rule_id);
        w_int(f, x->level);
        w_str(f, x->loc.uri);
        w_int(f, x->loc.line);
        w_int(f, x->loc.column);
        w_str(f, x->message);
        w_str(f, x->loc.logical);
        w_str(f, x->fingerprint);
        w_msg(f, &x->msg);
    }
    w_int(f, (long long)d->nnotices);
    for (size_t i = 0; i < d->nnotices; i++) {
        const vg_notice *x = &d->notices[i];
        w_int(f, x->level);
        w_str(f, x->loc.uri);
        w_int(f, x->loc.line);
        w_str(f, x->message);
        w_msg(f, &x->msg);
    }
    fputs("\nEND\n", f);
    int bad = ferror(f);
    if (fclose(f) || bad || rename(tmp, path)) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* ---- reading ---- */

typedef struct rd {
    const char *p, *end;
    vg_arena *a;
    int bad;
} rd;

static long long r_int(rd *r)
{
    if (r->bad)
        return 0;
    char *e;
    errno = 0;
    long long v = strtoll(r->p, &e, 10);
    if (e == r->p || e >= r->end || *e != ' ' || errno) {
        r->bad = 1;
        return 0;
    }
    r->p = e + 1;
    return v;
}

static size_t r_count(rd *r, size_t max)
{
    long long v = r_int(r);
    if (v < 0 || (size_t)v > max)
        r->bad = 1;
    return r->bad ? 0 : (size_t)v;
}

static const char *r_str(rd *r)
{
    if (r->bad)
        return NULL;
    if (r->p + 1 < r->end && r->p[0] == '~' && r->p[1] == ' ') {
        r->p += 2;
        return NULL;
    }
    char *e;
    unsigned long long n = strtoull(r->p, &e, 10);
    if (e == r->p || e >= r->end || *e != ':' || n > (unsigned long long)(r->end - e - 2)) {
        r->bad = 1;
        return NULL;
    }
    const char *s = vg_arena_strndup(r->a, e + 1, (size_t)n);
    r->p = e + 1 + n;
    if (!s || *r->p != ' ')
        r->bad = 1;
    r->p++;
    return s;
}

/* Read w_msg's record into m (left empty when the message had no id).
 * Returns nonzero on a bad record or out of memory. */
static int r_msg(rd *r, vg_msgref *m)
{
    const char *id = r_str(r);
    if (r->bad || !id)
        return r->bad;
    const char *en = r_str(r), *fr = r_str(r);
    size_t n = r_count(r, 16);
    const char *args[16];
    for (size_t i = 0; i < n && !r->bad; i++)
        args[i] = r_str(r);
    if (r->bad || !en || !fr)
        return 1;
    return vg_msgref_set(m, id, en, fr, args, n) != 0;
}

static void *r_array(rd *r, size_t n, size_t elsz)
{
    if (!n || r->bad)
        return NULL;
    void *p = vg_arena_alloc(r->a, n * elsz);
    if (!p)
        r->bad = 1;
    return p;
}

#define LIMIT ((size_t)1 << 24)

static fl_atom *r_atoms(rd *r, size_t *n)
{
    *n = r_count(r, LIMIT);
    fl_atom *a = r_array(r, *n, sizeof *a);
    for (size_t i = 0; a && i < *n; i++) {
        a[i].kind = (uint8_t)r_int(r);
        a[i].cat = (int16_t)r_int(r);
        a[i].line = (int)r_int(r);
        a[i].col = (int)r_int(r);
        a[i].call = (int)r_int(r);
        a[i].text = r_str(r);
        a[i].place = r_str(r);
    }
    return a;
}

static void r_func(rd *r, fl_func *fn)
{
    fn->name = r_str(r);
    fn->file = r_str(r);
    fn->line = (int)r_int(r);
    long long fflags = r_int(r);
    fn->is_static = fflags & 1;
    fn->variadic = fflags >> 1 & 1;
    fn->nparams = r_count(r, LIMIT);
    fn->params = r_array(r, fn->nparams, sizeof *fn->params);
    for (size_t i = 0; fn->params && i < fn->nparams; i++)
        fn->params[i] = r_str(r);
    fn->ncalls = r_count(r, LIMIT);
    fn->calls = r_array(r, fn->ncalls, sizeof *fn->calls);
    for (size_t i = 0; fn->calls && i < fn->ncalls; i++) {
        fl_call *c = &fn->calls[i];
        c->callee = r_str(r);
        c->line = (int)r_int(r);
        c->col = (int)r_int(r);
        long long cflags = r_int(r);
        c->system = cflags & 1;
        c->ret_content = cflags >> 1 & 1;
        c->method_const = cflags >> 2 & 1;
        c->ctor = cflags >> 3 & 1;
        c->keycat = (int16_t)r_int(r);
        c->nargs = r_count(r, LIMIT);
        c->args = r_array(r, c->nargs, sizeof *c->args);
        for (size_t j = 0; c->args && j < c->nargs; j++) {
            fl_arg *a = &c->args[j];
            a->atoms = r_atoms(r, &a->natoms);
            a->dest = r_str(r);
            a->name = r_str(r);
            a->str = r_str(r);
            a->ival = r_int(r);
            a->has_ival = r_int(r) != 0;
            long long aflags = r_int(r);
            a->is_record = aflags & 1;
            a->writable = aflags >> 1 & 1;
            a->object = aflags >> 2 & 1;
            a->partial = aflags >> 3 & 1;
        }
        if (!c->callee)
            r->bad = 1;
    }
    fn->nstmts = r_count(r, LIMIT);
    fn->stmts = r_array(r, fn->nstmts, sizeof *fn->stmts);
    for (size_t i = 0; fn->stmts && i < fn->nstmts; i++) {
        fl_stmt *s = &fn->stmts[i];
        s->op = (uint8_t)r_int(r);
        s->line = (int)r_int(r);
        s->col = (int)r_int(r);
        s->call = (int)r_int(r);
        s->dst = r_str(r);
        s->atoms = r_atoms(r, &s->natoms);
        if (s->op != FL_ST_CALL && s->op != FL_ST_RETURN && !s->dst)
            r->bad = 1;
    }
    if (!fn->name || !fn->file)
        r->bad = 1;
}

/* Every file the unit read must still have the content it had. */
static int deps_fresh(rd *r, fl_tu *t)
{
    t->ndeps = r_count(r, LIMIT);
    t->deps = r_array(r, t->ndeps, sizeof *t->deps);
    int fresh = !r->bad;
    for (size_t i = 0; i < t->ndeps && !r->bad; i++) {
        const char *p = r_str(r);
        char *e;
        unsigned long long h = strtoull(r->p, &e, 10);
        if (e == r->p || *e != ' ') {
            r->bad = 1;
            break;
        }
        r->p = e + 1;
        long long size = r_int(r), sec = r_int(r), nsec = r_int(r);
        if (!p || r->bad)
            break;
        t->deps[i] = p;
        if (!fresh)
            continue;
        struct stat st;
        if (stat(p, &st) != 0)
            fresh = 0;
        else if (st.st_size == size && st.st_mtim.tv_sec == sec && st.st_mtim.tv_nsec == nsec)
            continue;
        else if (vg_flow_cache_file_hash(p) != h)
            fresh = 0;
    }
    return fresh && !r->bad;
}

int vg_flow_cache_load(const char *dir, uint64_t key, fl_tu *t)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%016llx.vgflow", dir, (unsigned long long)key);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)strlen(MAGIC)) {
        close(fd);
        return 0;
    }
    char *buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (buf == MAP_FAILED)
        return 0;
    fl_tu tmp = {0};
    vg_findings_init(&tmp.direct);
    rd r = {.p = buf + strlen(MAGIC), .end = buf + st.st_size, .a = &tmp.arena};
    int ok = memcmp(buf, MAGIC, strlen(MAGIC)) == 0 && deps_fresh(&r, &tmp);
    if (ok) {
        tmp.main_file = r_str(&r);
        tmp.nfuncs = tmp.capfuncs = r_count(&r, LIMIT);
        tmp.funcs = r_array(&r, tmp.nfuncs, sizeof *tmp.funcs);
        for (size_t i = 0; tmp.funcs && i < tmp.nfuncs && !r.bad; i++)
            r_func(&r, &tmp.funcs[i]);
        tmp.nfnptrs = tmp.capfnptrs = r_count(&r, LIMIT);
        tmp.fnptrs = r_array(&r, tmp.nfnptrs, sizeof *tmp.fnptrs);
        for (size_t i = 0; tmp.fnptrs && i < tmp.nfnptrs && !r.bad; i++) {
            tmp.fnptrs[i].key = r_str(&r);
            tmp.fnptrs[i].target = r_str(&r);
            if (!tmp.fnptrs[i].key)
                r.bad = 1;
        }
        size_t nf = r_count(&r, LIMIT);
        for (size_t i = 0; i < nf && !r.bad; i++) {
            const char *rule = r_str(&r);
            int level = (int)r_int(&r);
            const char *uri = r_str(&r);
            int line = (int)r_int(&r), col = (int)r_int(&r);
            const char *msg = r_str(&r), *logical = r_str(&r), *fp = r_str(&r);
            if (r.bad || !rule || !msg)
                break;
            vg_finding *f = vg_findings_add(&tmp.direct, rule, (vg_level)level, uri, line, col, msg);
            if (!f || (logical && vg_finding_set_logical(f, logical)) ||
                (fp && vg_finding_set_fingerprint(f, fp)) || r_msg(&r, &f->msg))
                r.bad = 1;
        }
        size_t nn = r_count(&r, LIMIT);
        for (size_t i = 0; i < nn && !r.bad; i++) {
            int level = (int)r_int(&r);
            const char *uri = r_str(&r);
            int line = (int)r_int(&r);
            const char *msg = r_str(&r);
            if (!r.bad && msg &&
                vg_findings_notice(&tmp.direct, (vg_level)level, uri, line, "%s", msg) == 0 &&
                r_msg(&r, &tmp.direct.notices[tmp.direct.nnotices - 1].msg))
                r.bad = 1;
        }
        ok = !r.bad && r.end - r.p >= 4 && memcmp(r.p, "\nEND", 4) == 0;
    }
    munmap(buf, (size_t)st.st_size);
    if (!ok) {
        fl_tu_free(&tmp);
        return 0;
    }
    *t = tmp;
    return 1;
}
