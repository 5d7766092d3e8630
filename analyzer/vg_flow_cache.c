/*
 * Entries are a flat text stream: integers in decimal, strings as
 * LEN:BYTES ("~" for none), each followed by one space (the format is
 * described in vg_flow_cache.h). Written to a temporary name then renamed,
 * so a crash or a concurrent run never leaves a half entry behind.
 */
#include "vg_flow_cache.h"
#include "vg_detect.h"
#include "vg_file.h"
#include "vg_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef VIGIE_VERSION
#define VIGIE_VERSION "0.0.0"
#endif

#define MAGIC VG_FLOW_FORMAT "\n"

/* Entries hold masked values: another mask (VG_MASK_VERSION) or another
 * --show-personal-data makes them unusable. */
uint64_t vg_flow_salt(const vg_ruleset *rs, bool show)
{
    uint64_t h = VG_FNV64_INIT ^ (show ? 0x5bd1e995ULL : 0) ^
                 ((uint64_t)VG_MASK_VERSION << 40);
    char *dump = json_dumps(vg_ruleset_json(rs), JSON_COMPACT | JSON_SORT_KEYS);
    const char *s = dump ? dump : rs->origin;
    if (s)
        h = vg_fnv64(s, strlen(s), h);
    free(dump);
    return h;
}

uint64_t vg_flow_cache_key(const char *file, const char *const *args, int nargs, uint64_t salt)
{
    uint64_t h = vg_fnv64(MAGIC, strlen(MAGIC), VG_FNV64_INIT ^ salt);
    h = vg_fnv64(file, strlen(file) + 1, h);
    for (int i = 0; i < nargs; i++)
        h = vg_fnv64(args[i], strlen(args[i]) + 1, h);
    return h;
}

void vg_flow_entry_name(uint64_t key, char *out, size_t outsz)
{
    snprintf(out, outsz, "%016llx" VG_FLOW_EXT, (unsigned long long)key);
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
    size_t b = vg_fnv64(path, strlen(path), VG_FNV64_INIT) % 1024;
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
    struct stat st;
    int fd = vg_file_open(path, &st, NULL);    /* a FIFO is unreadable, not a wait */
    if (fd >= 0) {
        h = vg_fnv64(&st.st_size, sizeof st.st_size, VG_FNV64_INIT);
        if (st.st_size > 0) {
            void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (p != MAP_FAILED) {
                h = vg_fnv64(p, (size_t)st.st_size, h);
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

/* A message's catalogue reference: id, both templates, arguments. */
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
        w_int(f, a[i].flags);
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
    /* bit 2 held "has a loop", which the loop ranges below now say */
    w_int(f, fn->is_static | fn->variadic << 1 | fn->masks << 3);
    w_int(f, fn->usr);
    w_int(f, (long long)fn->nparams);
    for (size_t i = 0; i < fn->nparams; i++) {
        w_str(f, fn->params[i]);
        w_int(f, fn->pcats ? fn->pcats[i] : -1);
    }
    w_int(f, (long long)fn->ncalls);
    for (size_t i = 0; i < fn->ncalls; i++) {
        const fl_call *c = &fn->calls[i];
        w_str(f, c->callee);
        w_int(f, c->line);
        w_int(f, c->col);
        w_int(f, c->system | c->ret_content << 1 | c->method_const << 2 | c->ctor << 3);
        w_int(f, c->keycat);
        w_int(f, c->usr);
        w_int(f, (long long)c->nargs);
        for (size_t j = 0; j < c->nargs; j++) {
            const fl_arg *a = &c->args[j];
            w_atoms(f, a->atoms, a->natoms);
            w_str(f, a->dest);
            w_str(f, a->name);
            w_str(f, a->str);
            w_int(f, a->ival);
            w_int(f, a->has_ival);
            w_int(f, a->is_record | a->writable << 1 | a->object << 2 | a->partial << 3 |
                     a->handle << 4 | a->global << 5 | a->behind << 6 | a->repoint << 7 |
                     a->lib_object << 8);
        }
    }
    w_int(f, (long long)fn->nstmts);
    w_int(f, (long long)fn->nreruns);
    for (size_t i = 0; i < fn->nreruns; i++) {
        w_int(f, (long long)fn->reruns[i].from);
        w_int(f, (long long)fn->reruns[i].to);
    }
    for (size_t i = 0; i < fn->nstmts; i++) {
        const fl_stmt *s = &fn->stmts[i];
        w_int(f, s->op);
        w_int(f, s->line);
        w_int(f, s->col);
        w_int(f, s->call);
        w_int(f, s->gkind);
        w_int(f, s->gparam);
        w_int(f, s->gval);
        w_str(f, s->dst);
        w_atoms(f, s->atoms, s->natoms);
    }
}

static void w_loc(FILE *f, const vg_location *l)
{
    w_str(f, l->uri);
    w_int(f, l->line);
    w_int(f, l->column);
    w_int(f, l->end_line);
    w_int(f, l->end_column);
    w_str(f, l->logical);
    w_str(f, l->message);
}

/* Findings in full: what SARIF shows of them must survive the trip. */
static void w_findings(FILE *f, const vg_findings *d)
{
    w_int(f, (long long)d->count);
    for (size_t i = 0; i < d->count; i++) {
        const vg_finding *x = &d->items[i];
        w_str(f, x->rule_id);
        w_int(f, x->level);
        w_str(f, x->message);
        w_loc(f, &x->loc);
        w_str(f, x->fingerprint);
        w_str(f, x->suppression);
        w_str(f, x->props_json);
        w_msg(f, &x->msg);
        w_int(f, (long long)x->nflow);
        for (size_t k = 0; k < x->nflow; k++)
            w_loc(f, &x->flow[k]);
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
}

/* An input path as stored: relative to the working directory when under
 * it, so that the same checkout elsewhere matches. */
static const char *portable_path(const char *cwd, const char *p)
{
    size_t n = cwd ? strlen(cwd) : 0;
    if (n > 1 && strncmp(p, cwd, n) == 0 && p[n] == '/')
        return p + n + 1;
    return p;
}

/* A stored relative path, as a path to open from wherever we are. */
static const char *under(const char *root, const char *p, char *buf, size_t n)
{
    if (p[0] == '/' || !root || !*root)
        return p;
    snprintf(buf, n, "%s/%s", root, p);
    return buf;
}

static void w_deps(FILE *f, const fl_tu *t, const char *root)
{
    w_int(f, (long long)t->ndeps);
    for (size_t i = 0; i < t->ndeps; i++) {
        struct stat st;
        char buf[2 * PATH_MAX + 2];
        const char *at = under(root, t->deps[i], buf, sizeof buf);
        uint64_t h = vg_flow_cache_file_hash(at);
        if (stat(at, &st) != 0)
            memset(&st, 0, sizeof st);
        w_str(f, portable_path(root, t->deps[i]));
        fprintf(f, "%llu ", (unsigned long long)h);
        w_int(f, (long long)st.st_size);
        w_int(f, (long long)st.st_mtim.tv_sec);
        w_int(f, (long long)st.st_mtim.tv_nsec);
    }
}

static void w_manifest(FILE *f, const vg_manifest *m)
{
    w_int(f, m->shard_k);
    w_int(f, m->shard_n);
    w_int(f, (long long)m->npaths);
    for (size_t i = 0; i < m->npaths; i++)
        w_str(f, m->paths[i]);
    w_int(f, (long long)m->nentries);
    for (size_t i = 0; i < m->nentries; i++) {
        w_str(f, m->entries[i]);
        w_str(f, m->units[i]);
    }
}

int vg_flow_entry_write(const char *dir, const char *name, vg_entry_kind kind, uint64_t salt,
                        const char *unit, const fl_tu *t, const vg_manifest *m,
                        const char *root)
{
    char path[PATH_MAX], tmp[PATH_MAX + 64];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return -1;
    snprintf(tmp, sizeof tmp, "%s.%ld.%ld.tmp", path, (long)getpid(), (long)gettid());
    mkdir(dir, 0777);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fputs(MAGIC, f);
    w_str(f, VIGIE_VERSION);
    fprintf(f, "%llu ", (unsigned long long)salt);
    w_int(f, kind);
    w_str(f, unit);
    w_deps(f, t, root);
    if (kind == VG_ENTRY_UNIT) {
        w_str(f, t->main_file);
        w_int(f, (long long)t->nfuncs);
        for (size_t i = 0; i < t->nfuncs; i++)
            w_func(f, &t->funcs[i]);
        w_int(f, (long long)t->nfnptrs);
        for (size_t i = 0; i < t->nfnptrs; i++) {
            w_str(f, t->fnptrs[i].key);
            w_str(f, t->fnptrs[i].target);
        }
        w_int(f, (long long)t->ngstrs);
        for (size_t i = 0; i < t->ngstrs; i++) {
            w_str(f, t->gstrs[i].name);
            w_str(f, t->gstrs[i].str);
        }
        w_int(f, (long long)t->facts);
    } else if (kind == VG_ENTRY_MANIFEST)
        w_manifest(f, m);
    w_findings(f, &t->direct);
    fputs("\nEND\n", f);
    int bad = ferror(f);
    if (fclose(f) || bad || rename(tmp, path)) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

int vg_flow_cache_store(const char *dir, uint64_t key, uint64_t salt, const char *root,
                        const fl_tu *t)
{
    char name[64];
    vg_flow_entry_name(key, name, sizeof name);
    return vg_flow_entry_write(dir, name, VG_ENTRY_UNIT, salt, t->main_file, t, NULL, root);
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

static unsigned long long r_u64(rd *r)
{
    if (r->bad)
        return 0;
    char *e;
    errno = 0;
    unsigned long long v = strtoull(r->p, &e, 10);
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

/* The buffer is NUL-terminated (vg_flow_entry_read), so strtoll and
 * strtoull stop at its end; lengths are checked against r->end. */
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
    /* After the ':' come n bytes and a space; e < end, so this is >= 0. */
    if (e == r->p || e >= r->end || *e != ':' || n >= (unsigned long long)(r->end - e - 1)) {
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
        a[i].flags = (uint8_t)r_int(r);
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
    fn->masks = fflags >> 3 & 1;
    fn->usr = (uint32_t)r_int(r);
    fn->nparams = r_count(r, LIMIT);
    fn->params = r_array(r, fn->nparams, sizeof *fn->params);
    fn->pcats = r_array(r, fn->nparams, sizeof *fn->pcats);
    for (size_t i = 0; fn->params && fn->pcats && i < fn->nparams; i++) {
        fn->params[i] = r_str(r);
        fn->pcats[i] = (int16_t)r_int(r);
    }
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
        c->usr = (uint32_t)r_int(r);
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
            a->handle = aflags >> 4 & 1;
            a->global = aflags >> 5 & 1;
            a->behind = aflags >> 6 & 1;
            a->repoint = aflags >> 7 & 1;
            a->lib_object = aflags >> 8 & 1;
        }
        if (!c->callee)
            r->bad = 1;
    }
    fn->nstmts = r_count(r, LIMIT);
    fn->nreruns = r_count(r, LIMIT);
    fn->reruns = r_array(r, fn->nreruns, sizeof *fn->reruns);
    for (size_t i = 0, end = 0; fn->reruns && i < fn->nreruns; i++) {
        /* in order, disjoint, within the body: run_body trusts them */
        fn->reruns[i].from = (size_t)r_int(r);
        fn->reruns[i].to = (size_t)r_int(r);
        if (fn->reruns[i].from < end || fn->reruns[i].to <= fn->reruns[i].from ||
            fn->reruns[i].to > fn->nstmts)
            r->bad = 1;
        end = fn->reruns[i].to;
    }
    fn->stmts = r_array(r, fn->nstmts, sizeof *fn->stmts);
    for (size_t i = 0; fn->stmts && i < fn->nstmts; i++) {
        fl_stmt *s = &fn->stmts[i];
        s->op = (uint8_t)r_int(r);
        s->line = (int)r_int(r);
        s->col = (int)r_int(r);
        s->call = (int)r_int(r);
        s->gkind = (uint8_t)r_int(r);
        s->gparam = (int8_t)r_int(r);
        s->gval = r_int(r);
        s->dst = r_str(r);
        s->atoms = r_atoms(r, &s->natoms);
        if (s->op >= FL_ST__COUNT || s->gkind >= FL_GUARD__COUNT || (s->op != FL_ST_CALL && s->op != FL_ST_RETURN && !s->dst))
            r->bad = 1;
    }
    if (!fn->name || !fn->file)
        r->bad = 1;
}

typedef struct rloc {
    const char *uri, *logical, *message;
    int line, col, end_line, end_col;
} rloc;

static void r_loc(rd *r, rloc *l)
{
    l->uri = r_str(r);
    l->line = (int)r_int(r);
    l->col = (int)r_int(r);
    l->end_line = (int)r_int(r);
    l->end_col = (int)r_int(r);
    l->logical = r_str(r);
    l->message = r_str(r);
}

static int r_finding(rd *r, vg_findings *out)
{
    const char *rule = r_str(r);
    int level = (int)r_int(r);
    const char *msg = r_str(r);
    rloc l;
    r_loc(r, &l);
    const char *fp = r_str(r), *sup = r_str(r), *props = r_str(r);
    if (r->bad || !rule || !msg || level < VG_LEVEL_NONE || level > VG_LEVEL_ERROR)
        return -1;
    vg_finding *f = vg_findings_add(out, rule, (vg_level)level, l.uri, l.line, l.col, msg);
    if (!f || r_msg(r, &f->msg))
        return -1;
    size_t nflow = r_count(r, LIMIT);
    f->loc.end_line = l.end_line;
    f->loc.end_column = l.end_col;
    if ((l.logical && vg_finding_set_logical(f, l.logical)) ||
        (l.message && !(f->loc.message = strdup(l.message))) ||
        (fp && vg_finding_set_fingerprint(f, fp)) ||
        (sup && vg_finding_set_suppression(f, sup)) ||
        (props && vg_finding_set_props(f, props)))
        return -1;
    for (size_t k = 0; k < nflow; k++) {
        rloc s;
        r_loc(r, &s);
        if (r->bad || vg_finding_add_step(f, s.uri, s.line, s.col, s.message))
            return -1;
    }
    return 0;
}

static void r_findings(rd *r, vg_findings *out)
{
    size_t nf = r_count(r, LIMIT);
    for (size_t i = 0; i < nf && !r->bad; i++)
        if (r_finding(r, out))
            r->bad = 1;
    size_t nn = r_count(r, LIMIT);
    for (size_t i = 0; i < nn && !r->bad; i++) {
        int level = (int)r_int(r);
        const char *uri = r_str(r);
        int line = (int)r_int(r);
        const char *msg = r_str(r);
        if (r->bad || !msg || vg_findings_notice(out, (vg_level)level, uri, line, "%s", msg) ||
            r_msg(r, &out->notices[out->nnotices - 1].msg))
            r->bad = 1;
    }
}

/* Every file the unit read must still have the content it had; the first
 * that does not is named in why. Returns 1 fresh, 0 stale. */
static int r_deps(rd *r, fl_tu *t, const char *root, char *why, size_t whysz)
{
    t->ndeps = r_count(r, LIMIT);
    t->deps = r_array(r, t->ndeps, sizeof *t->deps);
    int fresh = 1;
    for (size_t i = 0; i < t->ndeps && !r->bad; i++) {
        const char *p = r_str(r);
        unsigned long long h = r_u64(r);
        long long size = r_int(r), sec = r_int(r), nsec = r_int(r);
        if (!p || r->bad) {
            r->bad = 1;
            break;
        }
        t->deps[i] = p;
        if (!fresh)
            continue;
        struct stat st;
        char buf[2 * PATH_MAX + 2];
        const char *at = under(root, p, buf, sizeof buf);
        if (stat(at, &st) != 0) {
            fresh = 0;
            snprintf(why, whysz, "%s no longer exists", p);
        } else if (st.st_size == size && st.st_mtim.tv_sec == sec && st.st_mtim.tv_nsec == nsec)
            continue;
        else if (vg_flow_cache_file_hash(at) != h) {
            fresh = 0;
            snprintf(why, whysz, "%s changed since it was extracted", p);
        }
    }
    return fresh;
}

static void r_manifest(rd *r, vg_manifest *m)
{
    m->shard_k = (int)r_int(r);
    m->shard_n = (int)r_int(r);
    if (m->shard_n < 1 || m->shard_k < 1 || m->shard_k > m->shard_n)
        r->bad = 1;
    m->npaths = r_count(r, LIMIT);
    m->paths = r_array(r, m->npaths, sizeof *m->paths);
    for (size_t i = 0; m->paths && i < m->npaths; i++)
        if (!(m->paths[i] = r_str(r)))
            r->bad = 1;
    m->nentries = r_count(r, LIMIT);
    m->entries = r_array(r, m->nentries, sizeof *m->entries);
    m->units = r_array(r, m->nentries, sizeof *m->units);
    for (size_t i = 0; m->entries && m->units && i < m->nentries; i++) {
        m->entries[i] = r_str(r);
        m->units[i] = r_str(r);
        if (!m->entries[i] || !m->units[i])
            r->bad = 1;
    }
}

/* The body after the header: deps, then what the kind holds. */
static int r_body(rd *r, vg_flow_entry *e, int check_deps, const char *root)
{
    fl_tu *t = &e->tu;
    char stale[sizeof e->why] = "";
    int fresh = r_deps(r, t, root, stale, sizeof stale);
    if (e->kind == VG_ENTRY_UNIT) {
        t->main_file = r_str(r);
        t->nfuncs = t->capfuncs = r_count(r, LIMIT);
        t->funcs = r_array(r, t->nfuncs, sizeof *t->funcs);
        for (size_t i = 0; t->funcs && i < t->nfuncs && !r->bad; i++)
            r_func(r, &t->funcs[i]);
        t->nfnptrs = t->capfnptrs = r_count(r, LIMIT);
        t->fnptrs = r_array(r, t->nfnptrs, sizeof *t->fnptrs);
        for (size_t i = 0; t->fnptrs && i < t->nfnptrs && !r->bad; i++) {
            t->fnptrs[i].key = r_str(r);
            t->fnptrs[i].target = r_str(r);
            if (!t->fnptrs[i].key)
                r->bad = 1;
        }
        t->ngstrs = t->capgstrs = r_count(r, LIMIT);
        t->gstrs = r_array(r, t->ngstrs, sizeof *t->gstrs);
        for (size_t i = 0; t->gstrs && i < t->ngstrs && !r->bad; i++) {
            t->gstrs[i].name = r_str(r);
            t->gstrs[i].str = r_str(r);
            if (!t->gstrs[i].name || !t->gstrs[i].str)
                r->bad = 1;
        }
        t->facts = (unsigned)r_count(r, FL_FACT_ALL);
        if (!t->main_file)
            r->bad = 1;
    } else if (e->kind == VG_ENTRY_MANIFEST)
        r_manifest(r, &e->manifest);
    r_findings(r, &t->direct);
    if (r->bad || r->end - r->p != 5 || memcmp(r->p, "\nEND\n", 5) != 0) {
        snprintf(e->why, sizeof e->why, "truncated or corrupt (a job killed while writing it, "
                                        "or a damaged copy)");
        return VG_ENTRY_CORRUPT;
    }
    if (check_deps && !fresh) {
        snprintf(e->why, sizeof e->why, "stale: %.*s", (int)sizeof e->why - 8, stale);
        return VG_ENTRY_STALE;
    }
    return VG_ENTRY_OK;
}

static int read_buf(const char *buf, size_t len, uint64_t salt, const char *root,
                    vg_flow_entry *e)
{
    size_t ml = strlen(MAGIC);
    if (len < ml || memcmp(buf, MAGIC, ml) != 0) {
        const char *nl = memchr(buf, '\n', len < 32 ? len : 32);
        if (len > 6 && memcmp(buf, "VGFLOW", 6) == 0 && nl)
            snprintf(e->why, sizeof e->why, "written in format %.*s by another vigie; "
                     "this one reads %s", (int)(nl - buf), buf, VG_FLOW_FORMAT);
        else if (len < ml && memcmp(buf, MAGIC, len) == 0)
            snprintf(e->why, sizeof e->why, "truncated or corrupt (it stops in its header)");
        else
            snprintf(e->why, sizeof e->why, "not a vigie extraction (no %s header)",
                     VG_FLOW_FORMAT);
        return len < ml && memcmp(buf, MAGIC, len) == 0 ? VG_ENTRY_CORRUPT
                                                        : VG_ENTRY_OTHER_FORMAT;
    }
    rd r = {.p = buf + ml, .end = buf + len, .a = &e->tu.arena};
    e->version = r_str(&r);
    uint64_t s = r_u64(&r);
    long long kind = r_int(&r);
    e->unit = r_str(&r);
    if (r.bad || !e->version || kind < VG_ENTRY_UNIT || kind > VG_ENTRY_MANIFEST ||
        (kind != VG_ENTRY_MANIFEST && !e->unit)) {
        snprintf(e->why, sizeof e->why, "truncated or corrupt (its header does not read)");
        return VG_ENTRY_CORRUPT;
    }
    e->kind = (vg_entry_kind)kind;
    if (strcmp(e->version, VIGIE_VERSION) != 0) {
        snprintf(e->why, sizeof e->why, "extracted by vigie %s; this is vigie %s",
                 e->version, VIGIE_VERSION);
        return VG_ENTRY_OTHER_VERSION;
    }
    if (s != salt) {
        snprintf(e->why, sizeof e->why, "extracted with another ruleset or "
                                        "--show-personal-data setting than this run's");
        return VG_ENTRY_OTHER_RULESET;
    }
    return r_body(&r, e, kind != VG_ENTRY_MANIFEST, root);
}

void vg_flow_entry_free(vg_flow_entry *e)
{
    fl_tu_free(&e->tu);
    memset(e, 0, sizeof *e);
}

int vg_flow_entry_read(const char *path, uint64_t salt, const char *root, vg_flow_entry *e)
{
    memset(e, 0, sizeof *e);
    vg_findings_init(&e->tu.direct);
    char *buf;
    size_t got;
    vg_error err;
    int rc = vg_file_read(path, VG_FLOW_ENTRY_MAX, &buf, &got, &err);
    if (rc == -1 && errno == ENOMEM)
        return -1;
    if (rc == VG_FILE_TOO_LARGE) {
        snprintf(e->why, sizeof e->why, "larger than %zu bytes: not read",
                 (size_t)VG_FLOW_ENTRY_MAX);
        return VG_ENTRY_CORRUPT;
    }
    if (rc) {
        snprintf(e->why, sizeof e->why, "cannot read it: %s",
                 rc == VG_FILE_IRREGULAR ? "not a regular file" : strerror(errno));
        return VG_ENTRY_UNREADABLE;
    }
    if (got == 0) {
        free(buf);
        snprintf(e->why, sizeof e->why, "truncated or corrupt (empty)");
        return VG_ENTRY_CORRUPT;
    }
    /* vg_file_read's copy is NUL-terminated: number parsing never runs
     * past the end of a truncated entry. */
    int status = read_buf(buf, got, salt, root, e);
    free(buf);
    char why[sizeof e->why];
    memcpy(why, e->why, sizeof why);
    if (status != VG_ENTRY_OK) {
        fl_tu_free(&e->tu);
        memset(e, 0, sizeof *e);
        memcpy(e->why, why, sizeof why);
    }
    return status;
}

int vg_flow_cache_load(const char *dir, uint64_t key, uint64_t salt, const char *root,
                       fl_tu *t)
{
    char name[64], path[PATH_MAX];
    vg_flow_entry_name(key, name, sizeof name);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return 0;
    vg_flow_entry e;
    int st = vg_flow_entry_read(path, salt, root, &e);
    if (st != VG_ENTRY_OK)
        return 0;
    if (e.kind != VG_ENTRY_UNIT) {
        vg_flow_entry_free(&e);
        return 0;
    }
    *t = e.tu;
    return 1;
}

int vg_entry_list_add(vg_entry_list *l, const char *name, const char *unit)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **a = realloc(l->names, cap * sizeof *a);
        if (!a)
            return -1;
        l->names = a;
        char **b = realloc(l->units, cap * sizeof *b);
        if (!b)
            return -1;
        l->units = b;
        l->cap = cap;
    }
    char *x = strdup(name), *y = strdup(unit ? unit : "");
    if (!x || !y) {
        free(x);
        free(y);
        return -1;
    }
    l->names[l->n] = x;
    l->units[l->n++] = y;
    return 0;
}

void vg_entry_list_free(vg_entry_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->names[i]);
        free(l->units[i]);
    }
    free(l->names);
    free(l->units);
    memset(l, 0, sizeof *l);
}
