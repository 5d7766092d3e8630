/*
 * Taint engine over the flow IR.
 *
 * A taint is a set of slots: one per personal-data category (real data)
 * and one per parameter of the function being summarised (symbolic: "what
 * the caller passed as parameter i"). Each slot carries the chain of steps
 * that brought it here, so a finding can show its code flow. One chain
 * per slot keeps memory bounded: the first way data got somewhere is the
 * one shown.
 *
 * Summaries (per function): which parameters and sources reach the return
 * value, which reach what the pointer parameters point to, which reach a
 * sink inside (directly or through further calls), and whether the
 * function calls an audit function. They are recomputed over all units
 * until nothing changes (bounded rounds: recursion converges or stops),
 * then a last pass reports real data reaching sinks.
 */
#include "vg_flow_engine.h"
#include "vg_clang_misuse.h"
#include "vg_flow_pass.h"
#include "vg_hash.h"
#include "vg_vec.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCAT 24                 /* personal-data categories followed */
#define RCAT (NCAT - 1)         /* bytes received on a plain connection that nothing has
                                   named yet: they become a category when they reach a
                                   parameter named for one (the ruleset's categories
                                   stop below it) */
#define NPAR 16                 /* parameters followed by summaries */
#define VSLOT (NCAT + NPAR)     /* a variadic function's "..." arguments */
#define LOGF (VSLOT + 1)        /* the mark of a log file's path or stream */
#define CRCAT (LOGF + 1)        /* bytes read from a stream or descriptor the function is
                                   handed: received in clear if the caller's argument is
                                   a connection (the chain's recv_param says which) */
#define NSLOT (CRCAT + 1)
#define NARG 32                 /* arguments of one call followed */
#define BIT(n) (1ULL << (n))
#define REAL_MASK (BIT(NCAT) - 1)
#define PARAM_MASK ((BIT(VSLOT + 1) - 1) & ~REAL_MASK)
#define RECV_MASK (BIT(RCAT) | BIT(CRCAT))  /* received bytes, known or conditional */
#define MAX_ROUNDS 6
#define MAX_CHAIN 48
#define MAX_PATHS 16            /* field paths of one parameter followed */
#define MAX_FNPTR_TARGETS 128   /* targets of one call through a pointer followed */
#define MAX_FALIASES 32         /* pairs of aliased fields kept (index_field_aliases) */

typedef struct chain {
    const struct chain *prev;
    const char *file;
    const char *msg;
    const char *suffix;         /* a parameter read through one of its fields */
    const char *at;             /* the data sits at this field path (".data.strvalue") of
                                   the object handed on whole: read through another
                                   field of it (->da->name), it is not there */
    const char *paths;          /* a parameter read through several field paths
                                   (".a|.b.c"): the whole set up to this step, which
                                   overrides the suffixes before it */
    /* the seven flags are bits and the ints sit together: a step is made for
     * every step of every flow, and steps are most of the engine's memory */
    unsigned value_only : 1;    /* an object found by a key naming data (the password
                                   pair): its value fields hold the data, not its name,
                                   length or links */
    unsigned not_value : 1;     /* a call gave what it says about an object (its name,
                                   parent, type: talloc_get_name(vp)), not its value */
    unsigned value_read : 1;    /* the value field of a value_only object was read here
                                   (vp->vp_octets): from here on it is the data itself */
    unsigned labelled : 1;      /* a root named by the label printed before it ("PASS
                                   %s"): it sits after a word separator of the line */
    unsigned cut : 1;           /* a parameter's line cut at its first word separator
                                   here: what a caller's label named is not in it */
    unsigned behind : 1;        /* copied into a line after a word separator of the
                                   format's own text ("PASS %s" of a named password) */
    unsigned peer_cert : 1;     /* a root: the peer's certificate (peer_certificate_call) */
    unsigned recv_param : 5;    /* CRCAT: 1 + the parameter whose stream the bytes were
                                   read from, from this step back (0: ask the previous) */
    unsigned recv_site : 1;     /* where the bytes were received in clear, for the report:
                                   the call that handed the reader its stream */
    int line, col;
    int len;
    const fl_stmt *guard;       /* made by a statement that runs only under a test of
                                   a parameter of fn (fl_stmt.gkind), or NULL */
    const fl_func *fn;          /* the function being evaluated when the step was made */
} chain;

typedef struct taint {
    uint64_t mask;
    const chain *c[NSLOT];
} taint;

/* A sink reached inside a function, through its parameters or its own data. */
typedef struct sinkrec {
    const char *file, *fn, *callee;
    int line, col, kind;
    int cond;                   /* >= 0: a sink only if the caller's argument cond is a
                                   log stream (fprintf(f, ...) on a parameter f) */
    int named;                  /* > 0: not a sink but a parameter named for category
                                   named - 1: received bytes (RCAT) that reach it were
                                   that data, reported where they were received */
    taint t;
    struct sinkrec *next;
} sinkrec;

/* Data written through a pointer parameter: into *param itself (suffix
 * "") or into one of its fields (".password"), so a caller's other
 * fields stay clean. */
typedef struct outrec {
    int param;                  /* -1: into the file-scope variable `suffix` names
                                   ("::conns.wbuf.mem"), what the caller passed */
    int replace;                /* *param was overwritten whole on every path
                                   (str = "..." then str += x): the caller's old
                                   content is gone */
    const char *suffix;
    taint t;
    struct outrec *next;
} outrec;

typedef struct summary {
    taint ret;                  /* slots reaching the return value */
    outrec *outs;
    sinkrec *sinks;
    size_t nsinks;
    int audits;
    int returns_conn;           /* what it returns may be a connection's descriptor */
} summary;

typedef struct func {
    const fl_func *f;
    summary *sum;
    struct func *next_same_name;
    size_t *callers;            /* indexes of the functions that call this one */
    size_t ncallers, capcallers;
    int called;                 /* it, or an overload of its name, has known callers */
    int dirty;                  /* its summary must be (re)computed */
} func;

/* What a callee name means, worked out once per name. */
typedef struct nameinfo {
    const char *name;
    int system;
    int sanitizer, audit, record_read, source_cat, sink_kind;
    uint64_t sink_args;         /* the ruleset's arguments of the sink (vg_sink.args) */
    int reader_name;            /* the name itself says "reads a record" */
    int listed_source;          /* a source of the ruleset, not only by its name */
    int source_out;             /* the argument a listed source writes its data
                                   through (vg_source.out), -1: its result */
    const vg_callback *callback; /* a library function that calls back (pthread_create) */
} nameinfo;

typedef struct place {
    const char *key;
    const char *alias;          /* the buffer this pointer was set to point into */
    int link;                   /* alias is the field it was linked into (FL_ATF_LINK):
                                   writes into its fields reach that node */
    int clean;                  /* overwritten with a constant, scrambled or hashed in place:
                                   its name no longer says what it holds */
    uint32_t hash;
    taint t;
    taint through;              /* written through the pointer (*p, p[i], strcpy(p)) */
    int replaced;               /* what it points to was overwritten whole (strcpy(p),
                                   str = "..." on a reference) on every path so far */
    int conn;                   /* a connection's descriptor or a stream made on one
                                   (fd = accept(...), in = fdopen(sockfd, "r")) */
    int fdparam;                /* 1 + the parameter it is a copy, dup() or fdopen() of:
                                   a connection if the caller's argument is one */
    int listed;                 /* in engine.tainted: a place emptied and tainted again
                                   (FL_ST_EMPTY, strcpy of a constant) is listed once */
    int emptied;                /* a NUL was stored at its start (FL_ST_EMPTY), here or
                                   by a callee, on every path so far: a caller's field
                                   so emptied is emptied for the caller */
} place;

typedef struct hmap {
    struct hent { uint64_t h; int val; } *v;
    size_t cap, n;
} hmap;

typedef struct engine {
    const vg_scan_opts *o;
    const vg_ruleset *rs;
    vg_arena arena;             /* chains, summaries: live for the whole run */
    func *funcs;
    size_t nfuncs;
    func **fbuckets;
    size_t nfb;
    nameinfo *names;
    size_t nnames_cap, nnames;
    /* per-function state */
    place *places;
    size_t pcap, pn;
    size_t *tainted;
    size_t ntainted, captainted;
    size_t *used;               /* slots of places in use (places_reset) */
    size_t nused, capused;
    taint *res;                 /* call results */
    size_t rescap;
    int reporting;
    const func *cur;
    const fl_stmt *guard;       /* the statement being run, when it runs under a test of
                                   one of cur's parameters */
    summary *cursum;
    int audits;
    int record_read_call;       /* index of the first record-read call, or -1 */
    int returns_conn;           /* the function analysed returns a connection */
    vg_findings *out;
    hmap seen;                  /* findings reported, by key */
    int oom;
    int password_cat, username_cat;
    int peer_cat;               /* the category a peer certificate's subject carries
                                   (the person's name) in a TLS server, or -1 */
    const vg_sink *log_sink;
    const fl_fnptr **fnptrs;    /* every unit's, sorted by key */
    size_t nfnptrs;
    hmap flows;                 /* flows reported: the line each was last seen at */
    place *globals;             /* what file-scope variables ("::name") hold, program-wide */
    size_t gcap, gn;
    /* Chain nodes that stand for a call: where RCAT chains start (the call
     * that received) and where a helper put the caller's data into a
     * file-scope buffer (the call that handed it over, add_finding) */
    struct site { const chain *node; const char *fn, *callee, *key; int handover; } *sites;
    size_t nsites, capsites;
    hmap site_index;            /* node and kind -> index into sites */
    const char *handover;       /* set while a helper's file-scope output is applied */
    int local_only;             /* every socket the program makes is local (AF_UNIX):
                                   its send() and recv() cross no network */
    int at_receive;             /* set while a received-bytes finding is added */
    int called_back;            /* set while a library's call of a callback is applied:
                                   its sinks stay where they are (see call_back) */
    /* Reporting pass: every hand-over of real data into a global, and the
     * (global, rule) a finding reached through one: after the
     * pass each hand-over of a reported global is a flow of its own (the
     * global keeps only the first way each category got there). */
    struct handover { const char *key, *file, *fn, *callee; int cat, line, col;
                      const chain *c; } *hovs;
    size_t nhovs, caphovs;
    struct gsink { const char *key, *rule; int kind; const chain *flow; } *gsinks;
    size_t ngsinks, capgsinks;
    /* Pointer fields one object points into its own storage with
     * (b->dptr = b->data + n, anywhere in the program): what is written
     * through one is there to read through the other. */
    struct falias { const char *a, *b; } faliases[MAX_FALIASES];
    size_t nfaliases;
} engine;

static uint32_t hash_str(const char *s)
{
    return vg_fnv32_str(s, VG_FNV32_INIT);
}

static uint64_t hash64(const char *s, uint64_t h)
{
    return vg_fnv64_str(s, h);
}

/* ---- chains and taints ---- */

static const chain *step(engine *e, const chain *prev, const char *file, int line, int col,
                         const char *msg)
{
    if (prev && prev->len >= MAX_CHAIN)
        return prev;
    chain *c = vg_arena_alloc(&e->arena, sizeof *c);
    if (!c) {
        e->oom = 1;
        return prev;
    }
    c->prev = prev;
    c->file = file;
    c->line = line;
    c->col = col;
    c->msg = msg;
    c->len = prev ? prev->len + 1 : 1;
    c->fn = e->cur ? e->cur->f : NULL;
    c->guard = e->guard;
    return c;
}

/* A step at the same place as c, with what c knows of the data (its
 * field, its flags), saying msg: where the data went next without moving
 * in the code ("held in x", "kept in g"). NULL out of memory. */
static chain *step_like(engine *e, const chain *c, const char *msg)
{
    chain *x = vg_arena_alloc(&e->arena, sizeof *x);
    if (!x) {
        e->oom = 1;
        return NULL;
    }
    *x = *c;
    x->prev = c;
    x->len = c->len + 1;
    x->msg = msg;
    return x;
}

static void join_paths(engine *e, taint *d, const taint *s, int b);

static void t_union(engine *e, taint *d, const taint *s)
{
    uint64_t add = s->mask & ~d->mask;
    for (int b = 0; add; b++, add >>= 1)
        if (add & 1)
            d->c[b] = s->c[b];
    /* a parameter read through one field here and another there is read
     * through both: keep both paths, not only the first chain's */
    uint64_t both = s->mask & d->mask & PARAM_MASK;
    for (int b = NCAT; both >> b; b++)
        if ((both & BIT(b)) && s->c[b] != d->c[b] && s->c[b] && d->c[b])
            join_paths(e, d, s, b);
    d->mask |= s->mask;
}

static void t_step(engine *e, taint *t, const char *file, int line, int col, const char *msg)
{
    uint64_t m = t->mask & ~BIT(LOGF);
    for (int b = 0; m; b++, m >>= 1)
        if (m & 1)
            t->c[b] = step(e, t->c[b], file, line, col, msg);
}

/* ---- places of the current function ---- */

/* Every function starts with no places. Only the slots it used are
 * cleared: the table keeps the capacity of the largest function, and
 * clearing all of it for each of thousands of functions was a tenth of
 * the analysis time on curl. */
static void places_reset(engine *e)
{
    for (size_t i = 0; i < e->nused; i++)
        memset(&e->places[e->used[i]], 0, sizeof *e->places);
    e->nused = 0;
    e->pn = 0;
    e->ntainted = 0;
}

/* The slots of the places table in use, after it grew. */
static void used_rebuild(engine *e)
{
    e->nused = 0;
    for (size_t i = 0; i < e->pcap; i++)
        if (e->places[i].key)
            e->used[e->nused++] = i;
}

/* One open-addressing table of places keyed by string, for a function's
 * places and for the program's file-scope ones. Creating may rebuild the
 * table: pointers into it move. */
static place *ptable_get(engine *e, place **v, size_t *cap, size_t *n, const char *key,
                         int create)
{
    if (create && *n * 2 >= *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        place *np = calloc(ncap, sizeof *np);
        if (!np) {
            e->oom = 1;
            return NULL;
        }
        for (size_t i = 0; i < *cap; i++) {
            if (!(*v)[i].key)
                continue;
            size_t j = (*v)[i].hash & (ncap - 1);
            while (np[j].key)
                j = (j + 1) & (ncap - 1);
            np[j] = (*v)[i];
        }
        free(*v);
        *v = np;
        *cap = ncap;
    }
    if (!*cap)
        return NULL;
    uint32_t h = hash_str(key);
    size_t j = h & (*cap - 1);
    while ((*v)[j].key) {
        if ((*v)[j].hash == h && strcmp((*v)[j].key, key) == 0)
            return &(*v)[j];
        j = (j + 1) & (*cap - 1);
    }
    if (!create)
        return NULL;
    (*v)[j].key = key;
    (*v)[j].hash = h;
    (*n)++;
    return &(*v)[j];
}

/* Put a tainted place on the tainted list, once: a place can lose its
 * taint (emptied, overwritten by a constant) and take it again. The list
 * is sized for the table, so a second entry would overrun it. */
static void list_tainted(engine *e, place *p)
{
    if (p && p->t.mask && !p->listed) {
        p->listed = 1;
        e->tainted[e->ntainted++] = (size_t)(p - e->places);
    }
}

static place *place_get(engine *e, const char *key, int create)
{
    if (!create || e->pn * 2 < e->pcap) {
        size_t before = e->pn;
        place *p = ptable_get(e, &e->places, &e->pcap, &e->pn, key, create);
        if (p && e->pn > before)
            e->used[e->nused++] = (size_t)(p - e->places);
        return p;
    }
    /* The table grows: the tainted list holds its indexes. It is rebuilt
     * in the order of the old table, which the order findings take their
     * first chain from depends on. */
    const char **keys = malloc((e->ntainted + 1) * sizeof *keys);
    size_t *nt = realloc(e->tainted, (e->pcap ? e->pcap * 2 : 64) * sizeof *nt);
    if (!keys || !nt) {
        free(keys);
        if (nt)
            e->tainted = nt;
        e->oom = 1;
        return NULL;
    }
    e->tainted = nt;
    size_t *nu = realloc(e->used, (e->pcap ? e->pcap * 2 : 64) * sizeof *nu);
    if (!nu) {
        free(keys);
        e->oom = 1;
        return NULL;
    }
    e->used = nu;
    size_t nk = 0;
    for (size_t i = 0; i < e->pcap; i++)
        if (e->places[i].key && e->places[i].t.mask)
            keys[nk++] = e->places[i].key;
    place *p = ptable_get(e, &e->places, &e->pcap, &e->pn, key, create);
    e->captainted = e->capused = e->pcap;
    used_rebuild(e);
    e->ntainted = 0;
    for (size_t i = 0; i < e->pcap; i++)
        e->places[i].listed = 0;
    for (size_t i = 0; i < nk; i++)
        list_tainted(e, ptable_get(e, &e->places, &e->pcap, &e->pn, keys[i], 0));
    free(keys);
    return p;
}

/* Room for one more element of one of the engine's growing arrays
 * (vg_vec_grow); out of memory is the engine's oom. */
static int grow(engine *e, void **v, size_t *cap, size_t n, size_t elsz)
{
    void *x = vg_vec_grow(*v, cap, n + 1, elsz);
    if (!x) {
        e->oom = 1;
        return -1;
    }
    *v = x;
    return 0;
}

static struct hent *hmap_slot(engine *e, hmap *m, uint64_t h, int *found);

static uint64_t site_hash(const chain *node, int handover)
{
    return ((uint64_t)(uintptr_t)node * 0x9E3779B97F4A7C15ULL) ^ (uint64_t)handover << 1;
}

/* Looked up for every step of every finding's chain: by hash, without
 * adding what is not there. */
static const struct site *site_of(const engine *e, const chain *node, int handover)
{
    const hmap *m = &e->site_index;
    if (!m->cap)
        return NULL;
    uint64_t h = site_hash(node, handover) | 1;
    for (size_t j = h & (m->cap - 1); m->v[j].h; j = (j + 1) & (m->cap - 1)) {
        const struct site *s = &e->sites[m->v[j].val];
        if (m->v[j].h == h && s->node == node && s->handover == handover)
            return s;
    }
    return NULL;
}

static void add_site(engine *e, const chain *node, const char *fn, const char *callee,
                     const char *key, int handover)
{
    if (grow(e, (void **)&e->sites, &e->capsites, e->nsites, sizeof *e->sites))
        return;
    int found;
    struct hent *x = hmap_slot(e, &e->site_index, site_hash(node, handover), &found);
    if (!x)
        return;
    x->val = (int)e->nsites;
    e->sites[e->nsites++] = (struct site){node, fn, callee, key, handover};
}

static void global_write(engine *e, const char *key, const taint *t);
static void global_read(engine *e, const char *key, taint *out);

/* key also holds t (written through another name for it). */
static void place_add(engine *e, const char *key, const taint *t)
{
    place *q = place_get(e, key, 1);
    if (!q)
        return;
    t_union(e, &q->t, t);
    t_union(e, &q->through, t);
    list_tainted(e, q);
}

static int sibling_fields(const char *a, const char *b);

/* "x.cmdbuf.data" for "x.cmdbuf.dptr" when dptr and data are aliased
 * fields (engine.faliases), or NULL. */
static const char *field_twin(engine *e, const char *key)
{
    const char *dot = strrchr(key, '.');
    if (!dot || dot == key || !e->nfaliases)
        return NULL;
    for (size_t i = 0; i < e->nfaliases; i++) {
        const char *other = !strcmp(dot + 1, e->faliases[i].a)   ? e->faliases[i].b
                            : !strcmp(dot + 1, e->faliases[i].b) ? e->faliases[i].a
                                                                 : NULL;
        if (other)
            return vg_arena_printf(&e->arena, "%.*s.%s", (int)(dot - key), key, other);
    }
    return NULL;
}

/* Does a write into field `suffix` of pointer `base` (b its place) also
 * reach that field of what b's alias names? Yes for a whole variable
 * (r = in: in.result). For a field, only a link (ol->head = e, then
 * e->buf.data) one level into an object other than base itself, for
 * writes at most two fields into the node: links followed through links
 * (last->next = tmp; last = tmp) would otherwise grow keys without end. */
static int alias_takes_fields(const place *b, const char *base, size_t bl, const char *suffix)
{
    if (!b || !b->alias || !strcmp(b->alias, base) || strlen(b->alias) + strlen(suffix) >= 256)
        return 0;
    const char *d = strchr(b->alias, '.');
    if (!d)
        return 1;
    int n = 0;
    for (const char *p = suffix + 1; *p; p++)
        n += *p == '.';
    bool self = (size_t)(d - b->alias) == bl && !strncmp(b->alias, base, bl);
    return b->link && !self && !strchr(d + 1, '.') && n <= 1;
}

/* strong: 0 adds to the place (a field, an element, strcat), 1 replaces
 * its value (x = y), 2 replaces what it points to (strcpy(p, ...)), 3 as
 * 2 and marks it replaced whole (str = "..." on a string reference: an
 * out-record that replaces, for the callers). */
static void place_write(engine *e, const char *key, const taint *t, int strong)
{
    place *p = place_get(e, key, 1);
    if (!p)
        return;
    const char *alias = p->alias;
    if (strong >= 2) {
        p->t = *t;
        p->through = *t;
        p->replaced |= strong == 3;
    } else if (strong) {
        p->t = *t;
        p->alias = NULL;            /* a new value: it points elsewhere now */
        p->link = 0;
        alias = NULL;
    } else {
        t_union(e, &p->t, t);
        t_union(e, &p->through, t);
    }
    list_tainted(e, p);
    global_write(e, key, t);
    const char *twin = t->mask ? field_twin(e, key) : NULL;
    if (twin)
        place_add(e, twin, t);
    /* one level: p = buf; *p++ = c writes into buf (p may move after
     * place_get, so only its saved alias is used) */
    if (alias && t->mask && strcmp(alias, key) != 0)
        place_add(e, alias, t);
    /* r->result = v with r = in (a local pointer to what a parameter
     * points to, struct x *r = arg): the field of that object; and
     * e->buf = v with ol->head = e before: the field of the node ol->head
     * points to */
    const char *dot = strchr(key, '.');
    size_t bl = dot ? (size_t)(dot - key) : 0;
    if (!alias && dot && t->mask && bl < 256) {
        char base[256];
        memcpy(base, key, bl);
        base[bl] = '\0';
        const place *b = place_get(e, base, 0);
        if (alias_takes_fields(b, base, bl, dot))
            place_add(e, vg_arena_printf(&e->arena, "%s%s", b->alias, dot), t);
    }
}

/* get(&p) with p = buf before: the callee stores a new pointer in p
 * (*contentp = part), it writes nothing into buf. What p pointed to keeps
 * what it held. A store the callee always makes (strong) points p
 * elsewhere for good; one it may make leaves p pointing there too. */
static void place_repoint(engine *e, const char *key, const taint *t, int strong)
{
    place *p = place_get(e, key, 1);
    if (!p)
        return;
    const char *alias = p->alias;
    int link = p->link;
    p->alias = NULL;
    p->link = 0;
    place_write(e, key, t, strong);
    if (!strong && (p = place_get(e, key, 0)) != NULL) {   /* the table may have moved */
        p->alias = alias;
        p->link = link;
    }
}

/* A NUL at the start of the place (FL_ST_EMPTY, or a callee's): it holds
 * nothing now. */
static void place_empty(engine *e, const char *key)
{
    place_write(e, key, &(taint){0}, 3);
    place *p = place_get(e, key, 0);
    if (p)
        p->emptied = 1;
}

/* ---- file-scope variables ----
 * One store for the whole program: what any function writes into a
 * global, every function reads (flow-insensitively: the reporting pass
 * runs after every function wrote what it writes). Only real data is
 * kept, never a function's symbolic parameters. */

static place *global_get(engine *e, const char *key, int create)
{
    return ptable_get(e, &e->globals, &e->gcap, &e->gn, key, create);
}

static void global_write(engine *e, const char *key, const taint *t)
{
    taint real = *t;
    real.mask &= REAL_MASK | BIT(LOGF);
    if (!real.mask || key[0] != ':' || key[1] != ':')
        return;
    place *g = global_get(e, key, 1);
    if (!g)
        return;
    /* the first way each category got there is kept, with a step that
     * says it was held in the global: the trace of a function that reads
     * it starts from another function's write (one node per global and
     * category) */
    uint64_t m = real.mask & REAL_MASK & ~g->t.mask;
    for (int b = 0; m; b++, m >>= 1) {
        if (!(m & 1) || !real.c[b])
            continue;
        chain *x = step_like(e, real.c[b],
                             vg_arena_printf(&e->arena, "kept in %s (file scope)", key + 2));
        if (!x)
            return;
        x->suffix = x->paths = x->at = NULL;
        real.c[b] = x;
        if (e->handover && e->cur)
            add_site(e, x, e->cur->f->name, e->handover, key, 1);
    }
    t_union(e, &g->t, &real);
}

/* Data held in one field of an object handed on whole (chain step with
 * `at` ".password") is not in the field `rest` (".id") read from it. */
static int held_elsewhere(const chain *c, const char *rest)
{
    while (c && !c->at)
        c = c->prev;
    return c && strncmp(rest, c->at, strlen(c->at)) != 0;
}

/* "::g.f" reads what was stored into ::g.f and into ::g (except what ::g
 * holds in another of its fields: the array of peers grown with realloc
 * holds the password in .password, not in .id). */
static void global_read(engine *e, const char *key, taint *out)
{
    char buf[256];
    size_t len = strlen(key);
    if (key[0] != ':' || key[1] != ':' || !e->gn || len >= sizeof buf)
        return;
    memcpy(buf, key, len + 1);
    for (size_t i = len + 1; i-- > 2;)
        if (buf[i] == '.' || buf[i] == 0) {
            buf[i] = 0;
            const place *g = global_get(e, buf, 0);
            if (!g)
                continue;
            taint t = g->t;
            if (i < len)
                for (int b = 0; b < NSLOT; b++)
                    if ((t.mask & BIT(b)) && b != LOGF && held_elsewhere(t.c[b], key + i))
                        t.mask &= ~BIT(b);
            t_union(e, out, &t);
        }
}

static int place_is_clean(engine *e, const char *key)
{
    const place *p = place_get(e, key, 0);
    return p && p->clean;
}

/* The variable's value is known to be other data than its name says:
 * it holds real data of some categories, none of them the name's
 * (CString sFullName = user->GetUsername() holds a user name). The name
 * is only a hint; what the code put there decides. */
static int place_holds_other(engine *e, const char *key, int cat)
{
    const place *p = place_get(e, key, 0);
    uint64_t real = p ? p->t.mask & (BIT(RCAT) - 1) : 0;
    return real && !(real & BIT(cat));
}

static void place_clean(engine *e, const char *key, int clean)
{
    place *p = place_get(e, key, clean);
    if (p)
        p->clean = clean;
}

/* A field of a parameter: remember which field, so the caller can hand
 * over the taint of that field of its argument, not the whole struct. */
static void read_parent(engine *e, const place *p, const char *suffix, taint *out)
{
    taint t = p->t;
    uint64_t m = (t.mask & PARAM_MASK) >> NCAT;
    for (int b = 0; m; b++, m >>= 1) {
        const chain *c = t.c[NCAT + b];
        if (!(m & 1) || !c)
            continue;
        chain *x = vg_arena_alloc(&e->arena, sizeof *x);
        if (!x) {
            e->oom = 1;
            return;
        }
        x->prev = c;
        x->file = c->file;
        x->line = c->line;
        x->msg = vg_arena_printf(&e->arena, "reads field %s", suffix + 1);
        x->suffix = vg_arena_strdup(&e->arena, suffix);   /* suffix may be on the stack */
        if (!x->suffix)
            e->oom = 1;
        x->len = c->len + 1;
        t.c[NCAT + b] = x;
    }
    t_union(e, out, &t);
}

/* Reading a.b also reads what was stored into a as a whole; with
 * children, also what was stored into a.b.c (a whole struct handed to a
 * call carries its fields; a struct assigned or returned keeps only its
 * own taint, so one sensitive field does not taint its siblings). */
static const chain *chain_root(const chain *c);

/* key's last field, for the value_only rule: "vp.data.strvalue" ->
 * "strvalue" */
static int value_field_key(engine *e, const char *key)
{
    const char *dot = strrchr(key, '.');
    return vg_ruleset_value_field(e->rs, dot ? dot + 1 : key);
}

static void place_read(engine *e, const char *key, taint *out, int children)
{
    size_t len = strlen(key);
    place *p = place_get(e, key, 0);
    if (p)
        t_union(e, out, &p->t);
    global_read(e, key, out);
    /* a field emptied or replaced whole (mutt_buffer_clear(b) stores a
     * NUL at b->data) no longer holds what its struct was handed whole */
    int shadowed = p && (p->emptied || p->replaced);
    char buf[256];
    int value = -1;                     /* computed when first needed */
    if (len < sizeof buf && !shadowed) {
        memcpy(buf, key, len + 1);
        for (size_t i = len; i-- > 0;)
            if (buf[i] == '.') {
                buf[i] = 0;
                if (!(p = place_get(e, buf, 0)))
                    continue;
                taint t = p->t;
                uint64_t m = t.mask & ~BIT(LOGF);  /* a parameter's data too */
                for (int b = 0; m; b++, m >>= 1) {
                    if (!(m & 1))
                        continue;
                    if (held_elsewhere(t.c[b], key + i)) {
                        t.mask &= ~BIT(b);  /* first->da->name of a list holding vp */
                        continue;
                    }
                    const chain *r = chain_root(t.c[b]);
                    if (!r || !r->value_only)
                        continue;
                    if (value < 0)
                        value = value_field_key(e, key);
                    if (!value) {
                        t.mask &= ~BIT(b);  /* vp->da->name of the password pair */
                        continue;
                    }
                    chain *x = vg_arena_alloc(&e->arena, sizeof *x);
                    if (!x) {
                        e->oom = 1;
                        return;
                    }
                    *x = *t.c[b];           /* the same step, marked: the value itself */
                    x->value_read = 1;
                    t.c[b] = x;
                }
                place tmp = *p;
                tmp.t = t;
                read_parent(e, &tmp, key + i, out);
            }
    }
    for (size_t i = 0; children && i < e->ntainted; i++) {
        place *q = &e->places[e->tainted[i]];
        if (!q->key || strncmp(q->key, key, len) != 0 || q->key[len] != '.')
            continue;
        /* vp handed on whole carries vp.data.strvalue: remember where */
        taint t = q->t;
        uint64_t m = t.mask & ~BIT(LOGF) & ~out->mask;
        for (int b = 0; m; b++, m >>= 1) {
            if (!(m & 1) || !t.c[b] || (t.c[b]->at && !strcmp(t.c[b]->at, q->key + len)))
                continue;
            chain *x = step_like(e, t.c[b], vg_arena_printf(&e->arena, "held in %s", q->key));
            if (!x)
                return;
            x->suffix = NULL;
            x->value_only = 0;
            x->at = q->key + len;
            t.c[b] = x;
        }
        t_union(e, out, &t);
    }
}

/* ---- names ---- */

static int ident_cat(engine *e, const char *name)
{
    const vg_category *c = vg_ruleset_match_identifier(e->rs, name);
    if (!c || !(c->sensitive || strcmp(c->id, "username") == 0))
        return -1;
    int i = (int)(c - e->rs->categories);
    return i < RCAT ? i : -1;
}

static int listed(const vg_matcher *m, const char *fn)
{
    for (size_t i = 0; i < m->nfunctions; i++)
        if (strcmp(m->functions[i], fn) == 0)
            return 1;
    return 0;
}

/* System functions match by exact name only: words apply to the
 * service's own functions (log() from <math.h> is not a logger). */
static int matches(engine *e, const vg_matcher *m, const char *fn, int system)
{
    return system ? listed(m, fn) : vg_matcher_match(e->rs, m, fn);
}

static const nameinfo *name_info(engine *e, const char *name, int system)
{
    if (e->nnames * 2 >= e->nnames_cap) {
        size_t ncap = e->nnames_cap ? e->nnames_cap * 2 : 256;
        nameinfo *nn = calloc(ncap, sizeof *nn);
        if (!nn) {
            e->oom = 1;
            return NULL;
        }
        for (size_t i = 0; i < e->nnames_cap; i++)
            if (e->names[i].name) {
                size_t j = (hash_str(e->names[i].name) ^ (uint32_t)e->names[i].system) & (ncap - 1);
                while (nn[j].name)
                    j = (j + 1) & (ncap - 1);
                nn[j] = e->names[i];
            }
        free(e->names);
        e->names = nn;
        e->nnames_cap = ncap;
    }
    size_t j = (hash_str(name) ^ (uint32_t)system) & (e->nnames_cap - 1);
    while (e->names[j].name) {
        if (e->names[j].system == system && strcmp(e->names[j].name, name) == 0)
            return &e->names[j];
        j = (j + 1) & (e->nnames_cap - 1);
    }
    nameinfo *ni = &e->names[j];
    ni->name = name;
    ni->system = system;
    e->nnames++;
    ni->sanitizer = matches(e, &e->rs->sanitizers, name, system);
    ni->audit = matches(e, &e->rs->audit, name, system);
    ni->record_read = !ni->audit && matches(e, &e->rs->record_reads, name, system);
    ni->reader_name = vg_matcher_match(e->rs, &e->rs->record_reads, name);
    ni->source_cat = ni->source_out = -1;
    for (size_t i = 0; i < e->rs->nsources; i++)
        if (strcmp(e->rs->sources[i].function, name) == 0) {
            int c = (int)(e->rs->sources[i].category - e->rs->categories);
            ni->source_cat = c < RCAT ? c : -1;
            ni->listed_source = ni->source_cat >= 0;
            ni->source_out = e->rs->sources[i].out;
        }
    if (ni->source_cat < 0 && !system)
        ni->source_cat = ident_cat(e, name);
    ni->sink_kind = -1;
    for (size_t i = 0; i < e->rs->nsinks && !ni->audit && !ni->sanitizer; i++)
        if (matches(e, &e->rs->sinks[i].match, name, system)) {
            ni->sink_kind = (int)e->rs->sinks[i].kind;
            ni->sink_args = e->rs->sinks[i].args;
            break;
        }
    for (size_t i = 0; i < e->rs->ncallbacks && !ni->callback; i++)
        if (!strcmp(e->rs->callbacks[i].function, name))
            ni->callback = &e->rs->callbacks[i];
    return ni;
}

/* ---- functions ---- */

/* How well f takes nargs arguments: 2 exactly its parameters (C++
 * overloads share a name: ASC_dump(str, params, dir) and ASC_dump(params,
 * stream)), 1 through "...", 0 not at all (still a candidate when nothing
 * better exists: default arguments, K&R declarations); nargs < 0 when
 * unknown (a function pointer's target). */
static int arity_fit(const fl_func *f, int nargs)
{
    if (nargs < 0 || (size_t)nargs == f->nparams)
        return 2;
    return f->variadic && (size_t)nargs >= f->nparams ? 1 : 0;
}

static int in_table(const char *n, const char *const *t);

/* A file that units include rather than compile: a static (inline)
 * function defined there is the same in every unit that calls it. */
static int header_file(const char *file)
{
    const char *dot = strrchr(file, '.'), *slash = strrchr(file, '/');
    if (!dot || (slash && dot < slash))
        return 1;                       /* <vector>-style, no extension */
    static const char *const ext[] = {".h", ".hh", ".hpp", ".hxx", ".inl", ".ipp", ".tcc", NULL};
    return in_table(dot, ext);
}

static const func *resolve(engine *e, const char *name, const char *from_file, int nargs,
                           uint32_t usr)
{
    if (!*name || !e->nfb)
        return NULL;
    const func *best = NULL;
    int best_fit = -1;
    for (const func *f = e->fbuckets[hash_str(name) & (e->nfb - 1)]; f; f = f->next_same_name) {
        if (strcmp(f->f->name, name) != 0)
            continue;
        if (usr && f->f->usr == usr && !f->f->is_static)
            return f;                   /* the very overload the call names */
        int own = f->f->is_static && !strcmp(f->f->file, from_file);
        if (f->f->is_static && !own && !header_file(f->f->file))
            continue;
        /* a static function of the calling file first, then the best fit
         * (a header's static inline is everyone's) */
        int fit = arity_fit(f->f, nargs) + (own ? 3 : 0);
        if (fit > best_fit) {
            best = f;
            best_fit = fit;
        }
    }
    return best;
}

/* The function a pointer's value names: resolved from the file that
 * calls through it, or else, when the pointer holds at most
 * FEW_STATIC_TARGETS functions, the one static function of that name in
 * the program (a pointer to a static handler crosses units: a read
 * adapter handed to another file's line reader). A table of many static
 * handlers (curl's protocol handlers, about 25 per field) stays
 * unresolved across units: following every one at every call multiplied
 * curl's analysis time by seven and its memory by forty. */
#define FEW_STATIC_TARGETS 4
static const func *resolve_target(engine *e, const char *name, const char *from_file,
                                  size_t ntargets)
{
    const func *g = resolve(e, name, from_file, -1, 0);
    if (g || !*name || !e->nfb || ntargets > FEW_STATIC_TARGETS)
        return g;
    const func *only = NULL;
    for (const func *f = e->fbuckets[hash_str(name) & (e->nfb - 1)]; f; f = f->next_same_name)
        if (!strcmp(f->f->name, name) && f->f->is_static) {
            if (only)
                return NULL;            /* two files' statics: no telling which */
            only = f;
        }
    return only;
}

/* ---- sinks ---- */

/* Is this stream a log? stdout/stderr, a stream named like one (logfp,
 * std::cerr), or one opened on a log file's path (the LOGF mark). */
static int log_stream(engine *e, const fl_arg *a, const taint *t)
{
    const char *n = a->name;
    if (t && (t->mask & BIT(LOGF)))
        return 1;
    if (!n)
        return a->has_ival ? (a->ival == 1 || a->ival == 2) : 1;
    static const char *const std_streams[] = {"stdout", "stderr", "STDOUT_FILENO",
        "STDERR_FILENO", "cerr", "clog", "cout", "wcerr", "wclog", "wcout", NULL};
    for (size_t i = 0; std_streams[i]; i++)
        if (!strcmp(n, std_streams[i]))
            return 1;
    if (fl_log_word(n))
        return 1;
    return e->log_sink && e->log_sink->match.nwords &&
           vg_matcher_match(e->rs, &(vg_matcher){.words = e->log_sink->match.words,
                                                 .nwords = e->log_sink->match.nwords}, n);
}

/* Output functions whose stream argument decides whether they log:
 * index of the stream argument. Wide output is output like its twin. */
static int stream_arg(const char *n)
{
    static const struct { const char *name; int stream; } t[] = {
        {"fprintf", 0}, {"vfprintf", 0}, {"dprintf", 0}, {"vdprintf", 0}, {"fwprintf", 0},
        {"vfwprintf", 0}, {"__fprintf_chk", 0}, {"__vfprintf_chk", 0}, {"__dprintf_chk", 0},
        {"__vdprintf_chk", 0}, {"__fwprintf_chk", 0}, {"__vfwprintf_chk", 0},
        {"fputs", 1}, {"fputws", 1}, {"fwrite", 3}, {"fputc", 1}, {"putc", 1},
        {"fputwc", 1}, {"operator<<", 0}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(n, t[i].name))
            return t[i].stream;
    return -1;
}

/* A descriptor or stream named like a network connection. */
static int conn_name(const char *n)
{
    static const char *const conn[] = {"sock", "socket", "sockfd", "conn", "connection",
        "client", "peer", "remote", "net", "sd", "csock", "ssock", "server", NULL};
    if (!n)
        return 0;
    vg_words w;
    vg_words_split(n, strlen(n), &w);
    for (size_t k = 0; k < w.n; k++)
        for (size_t j = 0; conn[j]; j++) {
            size_t l = strlen(conn[j]);
            /* one word, or run together with "fd" (clientfd, connfd) */
            if (!strncmp(w.w[k], conn[j], l) && (!w.w[k][l] || !strcmp(w.w[k] + l, "fd")))
                return 1;
        }
    return 0;
}

/* A stream or descriptor argument that is a connection: named like one,
 * or a place this function set from accept(), socket() or fdopen() of a
 * connection (an integer's value has no atoms: its name is its place). */
static int conn_stream(engine *e, const fl_arg *a)
{
    if (conn_name(a->name))
        return 1;
    const place *n = a->name ? place_get(e, a->name, 0) : NULL;
    if (n && n->conn)
        return 1;
    for (size_t i = 0; i < a->natoms; i++)
        if (a->atoms[i].kind == FL_AT_VAR) {
            const place *p = place_get(e, a->atoms[i].text, 0);
            if (p && p->conn)
                return 1;
        }
    return 0;
}

/* The parameter of the current function a descriptor or stream argument
 * is a copy, dup() or fdopen() of (or, by_name, is itself); -1. */
static int param_named(const engine *e, const char *name)
{
    const fl_func *f = e->cur ? e->cur->f : NULL;
    for (size_t i = 0; f && name && i < f->nparams && i < NPAR; i++)
        if (f->params[i] && !strcmp(f->params[i], name))
            return (int)i;
    return -1;
}

static int desc_param(engine *e, const char *name, int by_name)
{
    if (!name || !e->cur)
        return -1;
    int i = by_name ? param_named(e, name) : -1;
    if (i >= 0)
        return i;
    const place *p = place_get(e, name, 0);
    return p ? p->fdparam - 1 : -1;
}

/* What a call hands back, as a descriptor: a connection (accept(), a
 * socket() not of AF_UNIX (1), a function of ours that returns one, a
 * dup() or fdopen() of one: *conn), or a copy of the current function's
 * parameter (dup(fd), fdopen(fd): *param, else -1). */
static void call_desc(engine *e, const fl_call *c, int *conn, int *param)
{
    static const char *const made[] = {"accept", "accept4", "socket", NULL};
    *conn = 0;
    *param = -1;
    if (!c->system) {
        const func *g = resolve(e, c->callee, e->cur->f->file, (int)c->nargs, c->usr);
        *conn = g && g->sum && g->sum->returns_conn;
        return;
    }
    for (size_t i = 0; made[i]; i++)
        if (!strcmp(c->callee, made[i])) {
            *conn = strcmp(made[i], "socket") || !c->nargs || !c->args[0].has_ival ||
                    c->args[0].ival != 1;
            return;
        }
    if ((!strcmp(c->callee, "fdopen") || !strcmp(c->callee, "dup")) && c->nargs) {
        *conn = conn_stream(e, &c->args[0]);
        *param = desc_param(e, c->args[0].name, 1);
    }
}

/* The descriptor a statement's value is (FL_ST_DESC, or a FILE * from
 * fdopen()): what its call makes, or what the place it copies is. */
static void value_desc(engine *e, const fl_stmt *s, int *conn, int *param)
{
    const fl_func *f = e->cur->f;
    *conn = 0;
    *param = -1;
    for (size_t i = 0; i < s->natoms && !*conn && *param < 0; i++) {
        const fl_atom *a = &s->atoms[i];
        if (a->kind == FL_AT_VAR && s->natoms == 1) {
            const place *q = place_get(e, a->text, 0);
            *conn = q && q->conn;
            *param = desc_param(e, a->text, 1);
        } else if (a->kind == FL_AT_CALL && a->call >= 0 && (size_t)a->call < f->ncalls)
            call_desc(e, &f->calls[a->call], conn, param);
    }
}

/* fd = accept(...), in = fdopen(sockfd, "r"), s2 = fd, return s:
 * remember which places hold a connection, or a copy of a parameter's
 * descriptor, whatever they are called. A new value of another kind (fd
 * = open(path)) ends it; a constant (s = -1 on a failed connect) does
 * not, as the paths are not told apart here. */
static void note_conn_stream(engine *e, const fl_stmt *s)
{
    int conn, param;
    value_desc(e, s, &conn, &param);
    if (!strcmp(s->dst, FL_RETURN_DESC)) {
        e->returns_conn |= conn;
        return;
    }
    if (!s->natoms)
        return;
    place *p = place_get(e, s->dst, conn || param >= 0);
    if (p) {
        p->conn = conn;
        p->fdparam = param + 1;
    }
}

/* Input functions: the argument they read into, and whether that is a
 * receive in clear. conn: IN_CLEAR always (recv), IN_NOT_CLEAR never
 * (TLS, a file at an offset), else the index of the descriptor or stream
 * that decides. replaces: the buffer is written from its start, so what it
 * held before is gone whatever the stream (getline may reuse it). */
enum { IN_CLEAR = -1, IN_NOT_CLEAR = -2 };
typedef struct input_fn {
    const char *name;
    int buf, conn;
    bool replaces;
} input_fn;

static const input_fn *input_of(const fl_call *c)
{
    static const input_fn t[] = {
        {"recv", 1, IN_CLEAR, 1}, {"recvfrom", 1, IN_CLEAR, 1}, {"read", 1, 0, 1},
        {"fgets", 0, 2, 1}, {"fread", 0, 3, 1}, {"getline", 0, 2, 0},
        {"pread", 1, IN_NOT_CLEAR, 1}, {"SSL_read", 1, IN_NOT_CLEAR, 1},
        {"BIO_read", 1, IN_NOT_CLEAR, 1}, {"gnutls_record_recv", 1, IN_NOT_CLEAR, 1}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(c->callee, t[i].name))
            return (size_t)t[i].buf < c->nargs ? &t[i] : NULL;
    return NULL;
}

/* Receiving: the buffer argument of recv-like calls. A read() or fgets()
 * only counts on a descriptor or stream named like a connection, or a
 * stream made on one. */
static int receive_arg(engine *e, const fl_call *c)
{
    const input_fn *in = e->local_only ? NULL : input_of(c);
    if (!in || in->conn == IN_NOT_CLEAR)
        return -1;
    if (in->conn == IN_CLEAR)
        return in->buf;
    return (size_t)in->conn < c->nargs && conn_stream(e, &c->args[in->conn]) ? in->buf : -1;
}

/* The argument an input function reads into from its start (or -1). */
static int input_arg(const fl_call *c)
{
    const input_fn *in = input_of(c);
    return in && in->replaces ? in->buf : -1;
}

/* The first named parameter of the current function a taint holds, or -1. */
static int first_param(const taint *t)
{
    uint64_t pm = t->mask & PARAM_MASK & ~BIT(VSLOT);
    for (int b = NCAT; pm && b < NCAT + NPAR; b++)
        if (pm & BIT(b))
            return b - NCAT;
    return -1;
}

/* The parameter of the current function an argument is: what its taint
 * holds, or, for a descriptor (an int carries no text, so no taint), the
 * parameter it names: write_loop(fd, buf) hands its own fd on. */
static int arg_param(const engine *e, const fl_arg *a, const taint *t)
{
    int p = first_param(t);
    return p >= 0 ? p : param_named(e, a->name);
}

/* The sink kind of a call and the arguments that matter (bit i: arg i),
 * or -1 when the call is not a sink. own: each argument's taint. *cond:
 * >= 0 when it is a sink only if that parameter is a log stream. */
static int classify_sink(engine *e, const fl_call *c, const nameinfo *ni, const taint *own,
                         size_t na, uint64_t *args, int *cond, int *by_name)
{
    const char *n = c->callee;
    *args = ~0ULL;
    *cond = -1;
    *by_name = 0;
    if (!strcmp(n, "curl_easy_setopt")) {
        if (c->nargs < 3)
            return -1;
        const char *o = c->args[1].name ? c->args[1].name : "";
        long long v = c->args[1].has_ival ? c->args[1].ival : -1;
        *args = BIT(2);
        if (!strcmp(o, "CURLOPT_URL") || v == 10002)
            return VG_SINK_URL;
        if (!strcmp(o, "CURLOPT_POSTFIELDS") || !strcmp(o, "CURLOPT_COPYPOSTFIELDS") ||
            !strcmp(o, "CURLOPT_HTTPHEADER") || !strcmp(o, "CURLOPT_MIMEPOST") ||
            v == 10015 || v == 10165 || v == 10023)
            return VG_SINK_HTTP;
        if (!strcmp(o, "CURLOPT_COOKIE") || !strcmp(o, "CURLOPT_COOKIELIST") || v == 10022)
            return VG_SINK_COOKIE;
        return -1;
    }
    if (!strcmp(n, "curl_url_set")) {
        *args = BIT(2);
        return VG_SINK_URL;
    }
    int stream = stream_arg(n);
    if (stream >= 0) {
        if ((size_t)stream >= c->nargs || (size_t)stream >= na)
            return -1;
        *args &= ~BIT(stream);
        if (log_stream(e, &c->args[stream], &own[stream]))
            return VG_SINK_LOG;
        if (conn_stream(e, &c->args[stream]))     /* fprintf on fdopen(sock) */
            return e->local_only ? -1 : VG_SINK_SOCKET;
        /* a stream the caller passes: a log if the caller's is, a send
         * if it is a connection */
        *cond = first_param(&own[stream]);
        if (*cond < 0)
            *cond = desc_param(e, c->args[stream].name, 0);
        return *cond >= 0 ? VG_SINK_LOG : -1;
    }
    if ((!strcmp(n, "write") || !strcmp(n, "writev")) && c->nargs >= 2) {
        /* write(2, ...) logs; write(sock, ...) sends in clear; writev()
         * writes what its iovecs point at */
        const fl_arg *fd = &c->args[0];
        *args = BIT(1);
        if ((fd->name && !strcmp(fd->name, "STDERR_FILENO")) ||
            (fd->has_ival && (fd->ival == 1 || fd->ival == 2)))
            return VG_SINK_LOG;
        if (conn_stream(e, fd))
            return e->local_only ? -1 : VG_SINK_SOCKET;
        /* a descriptor the caller passes: a log if the caller's is one
         * (write_loop(fd, buf) called with the xferlog's descriptor) */
        *cond = arg_param(e, fd, &own[0]);
        if (*cond < 0)
            *cond = desc_param(e, fd->name, 0);
        return *cond >= 0 ? VG_SINK_LOG : -1;
    }
    if (ni->sink_args)
        *args = ni->sink_args;
    else if (ni->sink_kind == VG_SINK_SOCKET) {
        if (e->local_only && c->system)
            return -1;                  /* send() on a local socket */
        *args = BIT(1);
    }
    *by_name = ni->sink_kind >= 0;
    return ni->sink_kind;
}

/* A function named like a sink whose body is known is followed into when
 * the body bears the name out (it reaches a sink of that kind: the body
 * says which arguments and fields get there) or only builds something for
 * its caller (log_entry_format(s, line) writes its data into an argument
 * and reaches no sink: the caller does the logging). A body that reaches
 * another kind of sink keeps the name's (a send_mail() that talks SMTP on
 * a socket is still mail), and so does a stub. */
static int judged_by_body(const func *callee, int kind)
{
    if (!callee || !callee->sum)
        return 0;
    if (!callee->sum->nsinks)
        return callee->sum->outs != NULL;
    for (const sinkrec *r = callee->sum->sinks; r; r = r->next)
        if (r->kind == kind)
            return 1;
    return 0;
}

/* The rule a category breaks in a kind of sink, or NULL: secrets
 * (credential categories) are CRD004 wherever they leak and TLS005 in
 * clear on a socket; other personal data take the sink's own rule, in
 * the sinks its category lists (a patient's email address in a log is
 * LOG002; the address an email is sent to is not content). */
static const char *rule_for(engine *e, int kind, int cat)
{
    const vg_category *c = &e->rs->categories[cat];
    if (!c->sensitive || kind < 0 || kind >= VG_SINK__COUNT || !(c->sinks & (1u << kind)))
        return NULL;
    if (c->credential) {
        if (kind == VG_SINK_LOG || kind == VG_SINK_COOKIE || kind == VG_SINK_URL ||
            kind == VG_SINK_HTTP)
            return "CRD004";
        return kind == VG_SINK_SOCKET ? "TLS005" : NULL;
    }
    static const char *const by_kind[VG_SINK__COUNT] = {
        [VG_SINK_LOG] = "LOG002", [VG_SINK_EMAIL] = "MSG001", [VG_SINK_SMS] = "MSG002",
        [VG_SINK_VOICE] = "MSG003", [VG_SINK_COOKIE] = "CK003", [VG_SINK_URL] = "DSC002",
        [VG_SINK_HTTP] = "DSC001", [VG_SINK_SOCKET] = "TLS005"};
    return by_kind[kind];
}

/* The finding's message: "RULE.flow" in the catalogue (vg_msg) says what
 * the rule asks for instead; a rule without one gets the plain account. */
static const char *flow_msg_id(const char *rule, char *buf, size_t n)
{
    snprintf(buf, n, "%s.flow", rule);
    return vg_msg_get(buf) ? buf : "flow.other";
}

/* A set of 64-bit keys with a value each (a finding's key, a flow's
 * last line). Returns the key's entry, adding it when absent (*found
 * says which); NULL when memory runs out. */
static struct hent *hmap_slot(engine *e, hmap *m, uint64_t h, int *found)
{
    if (m->n * 2 >= m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 256;
        struct hent *nv = calloc(ncap, sizeof *nv);
        if (!nv) {
            e->oom = 1;
            return NULL;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].h) {
                size_t j = m->v[i].h & (ncap - 1);
                while (nv[j].h)
                    j = (j + 1) & (ncap - 1);
                nv[j] = m->v[i];
            }
        free(m->v);
        m->v = nv;
        m->cap = ncap;
    }
    h |= 1;                             /* 0 marks an empty entry */
    size_t j = h & (m->cap - 1);
    while (m->v[j].h) {
        if (m->v[j].h == h) {
            *found = 1;
            return &m->v[j];
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->v[j].h = h;
    m->n++;
    *found = 0;
    return &m->v[j];
}

static int seen_before(engine *e, uint64_t h)
{
    int found;
    return !hmap_slot(e, &e->seen, h, &found) || found;
}

/* The same flow (rule, function, sink function, category, source) on
 * this line or within two lines of where it was last seen: one finding
 * (a hex dump line after line, the same message logged twice in a row).
 * Further apart it is another place in the code, and another finding. */
#define FLOW_WINDOW 2

static int flow_nearby(engine *e, uint64_t h, int line)
{
    int found;
    struct hent *x = hmap_slot(e, &e->flows, h, &found);
    if (!x)
        return 1;
    int near = found && line >= x->val - FLOW_WINDOW && line <= x->val + FLOW_WINDOW;
    x->val = line;                      /* a run of lines moves the window on */
    return near;
}

static const chain *chain_root(const chain *c)
{
    while (c && c->prev)
        c = c->prev;
    return c;
}

/* Name the other categories after the message, in each language: the
 * message is then kept whole in both (vg_msgref_compose). */
static int also_reached(engine *e, vg_finding *f, uint64_t also)
{
    char *t[2] = {NULL, NULL};
    int rc = 0;
    for (int l = 0; l < 2 && !rc; l++) {
        char labels[512] = "";
        size_t len = 0;
        for (int o = 0; o < NCAT; o++)
            if (also & BIT(o))
                len += (size_t)snprintf(labels + len, len < sizeof labels ? sizeof labels - len : 0,
                                        "%s%s", len ? ", " : "",
                                        vg_text_get(&e->rs->categories[o].label, (vg_lang)l));
        char *msg = vg_msgref_render(&f->msg, (vg_lang)l, NULL, 0);
        t[l] = msg ? vg_msg_textf((vg_lang)l, "flow.also", "%s" VG_ARG "%s", msg, labels) : NULL;
        free(msg);
        rc = !t[l];
    }
    vg_msgref ref;
    if (!rc && (rc = vg_msgref_compose(&ref, f->msg.id, t[0], t[1])) == 0) {
        char *en = vg_msgref_render(&ref, VG_LANG_EN, NULL, 0);
        rc = !en;
        if (en) {
            free(f->message);
            f->message = en;
            vg_msgref_free(&f->msg);
            f->msg = ref;
        } else
            vg_msgref_free(&ref);
    }
    free(t[0]);
    free(t[1]);
    return rc;
}

/* extra: CRD001's username source (the catalogue's {5}); also: other
 * categories reaching the same sink under the same rule, named after the
 * message in each language. */
static void add_finding(engine *e, const char *rule, const sinkrec *s, int cat,
                        const chain *flow, const char *extra, uint64_t also)
{
    /* Data a helper put into a file-scope buffer (a connection's write
     * queue, a log line built in pieces) for whatever later sends or
     * prints it: the flow is reported at the call that handed it over,
     * in the function that read it, as for any helper; the trace goes on
     * to the write. The hand-over nearest the source counts. */
    sinkrec moved;
    const struct site *ho = NULL;
    for (const chain *x = flow; x && !e->at_receive; x = x->prev) {
        const struct site *h = site_of(e, x, 1);
        if (h)
            ho = h;
    }
    if (ho && ho->key) {
        char gk[512];
        snprintf(gk, sizeof gk, "GS|%s|%s", ho->key, rule);
        if (!seen_before(e, hash64(gk, VG_FNV64_INIT)) &&
            !grow(e, (void **)&e->gsinks, &e->capgsinks, e->ngsinks, sizeof *e->gsinks))
            e->gsinks[e->ngsinks++] = (struct gsink){ho->key, rule, s->kind, flow};
    }
    if (ho) {
        moved = *s;
        moved.file = ho->node->file;
        moved.line = ho->node->line;
        moved.col = ho->node->col;
        moved.fn = ho->fn;
        moved.callee = ho->callee;
        s = &moved;
    }
    /* One finding per flow: a sink line reached from several callers, and
     * the same source reaching the same sink function again in one
     * function (a loop, a hex dump line after line), are one finding. */
    const chain *root = chain_root(flow);
    char key[64];
    snprintf(key, sizeof key, "|%d", s->line);  /* one finding per rule and sink line */
    uint64_t h = hash64(key, hash64(s->file, hash64(rule, VG_FNV64_INIT)));
    char flowkey[512];
    snprintf(flowkey, sizeof flowkey, "%s|%s|%s|%d|%s|%s", rule, s->fn, s->callee, cat,
             root && root->file ? root->file : "", root && root->msg ? root->msg : "");
    uint64_t h2 = hash64(flowkey, hash64(s->file, 7));
    if (seen_before(e, h) || flow_nearby(e, h2, s->line))
        return;

    const vg_category *c = &e->rs->categories[cat];
    char fp[512], props[256], id[32];
    snprintf(fp, sizeof fp, "%s:%s:%s:%s:%s", rule, s->fn, s->callee, c->id,
             root && root->msg ? root->msg : "");
    snprintf(props, sizeof props, "{\"category\":\"%s\",\"sink\":\"%s\"}", c->id,
             vg_sink_kind_name((vg_sink_kind)s->kind));
    vg_finding *f = vg_findings_addm(e->out, rule, VG_LEVEL_NONE, s->file, s->line, s->col,
        c->id, &c->label, flow_msg_id(rule, id, sizeof id),
        "%s" VG_ARG "%s" VG_ARG "%d" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s",
        root && root->msg ? root->msg : "?", root ? root->file : "?", root ? root->line : 0,
        s->callee, s->fn, extra ? extra : "");
    if (!f || vg_finding_set_logical(f, s->fn) || vg_finding_set_fingerprint(f, fp) ||
        vg_finding_set_props(f, props) || (also && also_reached(e, f, also))) {
        e->oom = 1;
        return;
    }
    const chain *steps[MAX_CHAIN + 1];
    int n = 0;
    for (const chain *x = flow; x && n < MAX_CHAIN + 1; x = x->prev)
        steps[n++] = x;
    while (n-- > 0)
        if (vg_finding_add_step(f, steps[n]->file, steps[n]->line, steps[n]->col, steps[n]->msg))
            e->oom = 1;
}

/* A flow the policy allows, for the inventory (vg_flow_pass.h); kind < 0:
 * handed to a sanitizer. */
static void pass_flow(engine *e, const char *file, int line, int col, const char *fn,
                      const char *callee, int cat, int kind, const chain *flow)
{
    const chain *root = chain_root(flow);
    vg_flow_src src = {root ? root->msg : NULL, root ? root->file : NULL,
                       root ? root->line : 0, root ? root->col : 0};
    int rc = kind >= 0
        ? vg_flow_pass_sink(e->out, e->rs, file, line, col, fn, callee, cat, kind, &src)
        : vg_flow_pass_sanitized(e->out, e->rs, file, line, col, fn, callee, cat, &src);
    if (rc)
        e->oom = 1;
}

/* Received bytes that reached a parameter named for a category
 * (dopass(arg) with `char *password`): what was received was that data.
 * Reported at the call that received it, once however many handlers. */
static void report_named(engine *e, const sinkrec *s)
{
    const chain *root = chain_root(s->t.c[RCAT]);
    const struct site *r = (s->t.mask & BIT(RCAT)) ? site_of(e, root, 0) : NULL;
    const char *rule = r ? rule_for(e, VG_SINK_SOCKET, s->named - 1) : NULL;
    if (!rule)
        return;
    /* bytes a reader got from the stream its caller handed it: received
     * where a caller handed down the connection (recv_site) */
    const chain *where = root;
    for (const chain *x = s->t.c[RCAT]; x; x = x->prev)
        if (x->recv_site) {
            where = x;
            break;
        }
    const struct site *w = where != root ? site_of(e, where, 0) : NULL;
    if (w)
        r = w;
    sinkrec at = {.file = where->file, .fn = r->fn, .callee = r->callee, .line = where->line,
                  .col = where->col, .kind = VG_SINK_SOCKET, .cond = -1};
    /* the flow is the receive, wherever the bytes went after it: not
     * moved to a hand-over into a global they passed through */
    e->at_receive = 1;
    add_finding(e, rule, &at, s->named - 1, s->t.c[RCAT], NULL, 0);
    e->at_receive = 0;
}

/* Report real data at a sink (reporting pass only). */
static void report(engine *e, const sinkrec *s)
{
    if (s->named) {
        report_named(e, s);
        return;
    }
    uint64_t real = s->t.mask & REAL_MASK & ~BIT(RCAT);
    int pw = e->password_cat, us = e->username_cat;
    int message = s->kind == VG_SINK_EMAIL || s->kind == VG_SINK_SMS || s->kind == VG_SINK_VOICE;
    if (message && pw >= 0 && us >= 0 && (real & BIT(pw)) && (real & BIT(us))) {
        const chain *u = chain_root(s->t.c[us]);
        add_finding(e, "CRD001", s, pw, s->t.c[pw], u && u->msg ? u->msg : "?", 0);
    }
    /* Several categories reaching one sink under one rule (a patient's
     * name and identifier in one log line) are one finding: the first
     * category's flow, the others named in the message. */
    uint64_t done = 0;
    for (int cat = 0; cat < RCAT; cat++) {
        if (!(real & BIT(cat)) || (done & BIT(cat)))
            continue;
        const char *rule = rule_for(e, s->kind, cat);
        if (!rule) {
            pass_flow(e, s->file, s->line, s->col, s->fn, s->callee, cat, s->kind, s->t.c[cat]);
            continue;
        }
        uint64_t also = 0;
        for (int o = cat + 1; o < RCAT; o++) {
            const char *r2;
            if (!(real & BIT(o)) || !(r2 = rule_for(e, s->kind, o)) || strcmp(r2, rule) != 0)
                continue;
            done |= BIT(o);
            also |= BIT(o);
        }
        add_finding(e, rule, s, cat, s->t.c[cat], NULL, also);
    }
}

/* Record a sink reached with parameter data in the summary being built. */
static void record_sink(engine *e, const sinkrec *s)
{
    /* what the callers decide: their data, bytes read from the stream
     * they hand over (CRCAT), or the function's own data at a sink whose
     * stream they pass */
    if (!e->cursum || (!(s->t.mask & (PARAM_MASK | BIT(CRCAT))) &&
                       !(s->cond >= 0 && (s->t.mask & REAL_MASK))))
        return;
    for (sinkrec *r = e->cursum->sinks; r; r = r->next)
        if (r->line == s->line && r->col == s->col && r->kind == s->kind &&
            r->cond == s->cond && r->named == s->named && !strcmp(r->file, s->file)) {
            t_union(e, &r->t, &s->t);
            return;
        }
    sinkrec *r = vg_arena_alloc(&e->arena, sizeof *r);
    if (!r) {
        e->oom = 1;
        return;
    }
    *r = *s;
    r->next = e->cursum->sinks;
    e->cursum->sinks = r;
    e->cursum->nsinks++;
}

static void at_sink(engine *e, const sinkrec *s)
{
    if (e->reporting && s->cond >= 0)
        return;                         /* a stream nobody passed as a log */
    if (e->reporting)
        report(e, s);
    else
        record_sink(e, s);
}

/* ---- statements ---- */

static void eval_atoms(engine *e, const fl_atom *a, size_t n, taint *out, int children)
{
    const fl_func *f = e->cur->f;
    for (size_t i = 0; i < n; i++) {
        switch (a[i].kind) {
        case FL_AT_VAR:
            place_read(e, a[i].text, out, children);
            break;
        case FL_AT_SRC:
            if ((a[i].flags & FL_ATF_UNCALLED) && e->cur->called)
                ;       /* its callers' arguments say what it holds */
            else if (a[i].cat == FL_CAT_LOGFILE)
                out->mask |= BIT(LOGF);
            else if (a[i].place && place_is_clean(e, a[i].place))
                ;       /* pw ^= keystream; log(pw): the name is all that is left */
            else if (a[i].place && a[i].cat >= 0 && a[i].cat < RCAT &&
                     place_holds_other(e, a[i].place, a[i].cat))
                ;       /* named for one thing, holding another */
            else if (a[i].cat >= 0 && a[i].cat < RCAT && !(out->mask & BIT(a[i].cat))) {
                chain *c = (chain *)step(e, NULL, f->file, a[i].line, a[i].col, a[i].text);
                /* an entry point's typed parameter is its input, not data it
                 * read: a callback that forwards it is not where it is logged */
                if (c && (a[i].flags & FL_ATF_UNCALLED))
                    c->fn = NULL;
                if (c)
                    c->labelled = (a[i].flags & FL_ATF_LABEL) != 0;
                out->c[a[i].cat] = c;
                out->mask |= BIT(a[i].cat);
            }
            break;
        case FL_AT_CALL:
            if ((size_t)a[i].call < f->ncalls)
                t_union(e, out, &e->res[a[i].call]);
            break;
        }
    }
}

/* Splice a callee's chain (from its parameter root to the end) onto a
 * caller's chain. */
static const char *chain_paths(const chain *c, char *buf, size_t n);

/* Field path sets are '|'-separated (".a|.b.c"): the path at *it, its
 * length in *len, and *it moved past it. Loop while **it. */
static const char *path_next(const char **it, size_t *len)
{
    const char *p = *it;
    *len = strcspn(p, "|");
    *it = p + *len + (p[*len] == '|');
    return p;
}

/* The callee read its parameter through the set `set`; the caller's
 * value was itself read through the paths of `onto`: each of those
 * followed by each of the set (the caller's value whole when too many). */
static const char *paths_after(engine *e, const chain *onto, const char *set)
{
    char pre[2048], out[2048];
    chain_paths(onto, pre, sizeof pre);
    if (!set[0])
        set = "|";                      /* read whole: the caller's own paths */
    size_t len = 0;
    int count = 0;
    out[0] = 0;
    for (const char *a = pre;;) {       /* "" is one path: the value whole */
        size_t al = strcspn(a, "|");
        for (const char *it = set; *it;) {
            size_t bl;
            const char *b = path_next(&it, &bl);
            int w = snprintf(out + len, sizeof out - len, "%s%.*s%.*s", len ? "|" : "",
                             (int)al, a, (int)bl, b);
            if (w < 0 || (size_t)w >= sizeof out - len || ++count > MAX_PATHS)
                goto done;              /* the first ones, as join_paths keeps them */
            len += (size_t)w;
        }
        if (!a[al])
            break;
        a += al + 1;
    }
done:
    out[len] = 0;
    const char *r = vg_arena_strdup(&e->arena, out);
    if (!r)
        e->oom = 1;
    return r ? r : "";
}

/* fields: the callee's field reads still apply to the caller's value
 * (0 when the caller already took those fields of its argument). */
static const chain *splice(engine *e, const chain *onto, const chain *callee_chain, int fields)
{
    const chain *v[MAX_CHAIN + 1];
    const chain *base = onto;           /* the caller's value: paths are relative to it */
    int n = 0;
    for (const chain *x = callee_chain; x && n < MAX_CHAIN + 1; x = x->prev)
        v[n++] = x;
    n--;                                /* drop the "parameter of callee" root */
    while (n-- > 0) {
        const chain *prev = onto;
        onto = step(e, onto, v[n]->file, v[n]->line, v[n]->col, v[n]->msg);
        if (onto == prev)
            continue;
        /* a field read stays a field read; data held in one field of an
         * object handed on whole (".data.strvalue") stays in that field */
        ((chain *)onto)->at = v[n]->at;
        ((chain *)onto)->not_value = v[n]->not_value;
        if (!fields)
            continue;
        ((chain *)onto)->suffix = v[n]->suffix;
        if (v[n]->paths)
            ((chain *)onto)->paths = paths_after(e, base, v[n]->paths);
    }
    return onto;
}

/* The field paths a parameter's chain reads, '|'-separated: ".server"
 * then ".envelope" read one level down is ".server.envelope"; "" when it
 * is read whole (which covers every field). */
static const char *chain_paths(const chain *c, char *buf, size_t n)
{
    const chain *v[MAX_CHAIN + 1], *set = NULL;
    int k = 0;
    for (; c && k < MAX_CHAIN + 1; c = c->prev) {
        if (c->paths) {
            set = c;
            break;
        }
        v[k++] = c;
    }
    char tail[256] = "";
    size_t tl = 0;
    while (k-- > 0)                     /* oldest step first */
        if (v[k]->suffix && tl + strlen(v[k]->suffix) < sizeof tail) {
            strcpy(tail + tl, v[k]->suffix);
            tl += strlen(v[k]->suffix);
        }
    buf[0] = 0;
    if (!set || !set->paths[0]) {
        snprintf(buf, n, "%s", tail);
        return buf;
    }
    size_t len = 0;                     /* each path of the set, then the later steps */
    for (const char *it = set->paths; *it;) {
        size_t pl;
        const char *p = path_next(&it, &pl);
        int w = snprintf(buf + len, n - len, "%s%.*s%s", len ? "|" : "", (int)pl, p, tail);
        if (w < 0 || (size_t)w >= n - len) {
            buf[len] = 0;
            break;
        }
        len += (size_t)w;
    }
    return buf;
}

/* Is path a covered by b (b is a prefix of a at a field boundary)? */
static int path_covers(const char *b, size_t bl, const char *a, size_t al)
{
    return bl <= al && !strncmp(a, b, bl) && (al == bl || a[bl] == '.' || a[bl] == '[');
}

static int set_has(const char *set, const char *a, size_t al)
{
    for (const char *it = set; *it;) {
        size_t pl;
        const char *p = path_next(&it, &pl);
        if (path_covers(p, pl, a, al))
            return 1;
    }
    return 0;
}

/* "reads one of the fields a.b, c" for the path set ".a.b|.c": the trace
 * names the field it was read through only when there is one, so that a
 * password held in .c is never shown as read through .a.b. */
static const char *fields_msg(engine *e, const char *set)
{
    char buf[2400];
    size_t len = (size_t)snprintf(buf, sizeof buf, "reads one of the fields ");
    int n = 0;
    for (const char *it = set; *it;) {
        size_t pl;
        const char *p = path_next(&it, &pl);
        if (pl && p[0] == '.')
            p++, pl--;
        int w = snprintf(buf + len, sizeof buf - len, "%s%.*s", n++ ? ", " : "", (int)pl, p);
        if (w < 0 || (size_t)w >= sizeof buf - len)
            break;                      /* the set is bounded: 16 paths of 2048 bytes */
        len += (size_t)w;
    }
    const char *r = vg_arena_strdup(&e->arena, buf);
    if (!r)
        e->oom = 1;
    return r ? r : "reads one of its fields";
}

/* d's chain for slot b reads other fields than s's: d gets a step whose
 * path set holds both (bounded by MAX_PATHS). */
static void join_paths(engine *e, taint *d, const taint *s, int b)
{
    char pd[2048], ps[2048], set[2048];
    chain_paths(d->c[b], pd, sizeof pd);
    if (!pd[0] || !strcmp(pd, chain_paths(s->c[b], ps, sizeof ps)))
        return;                         /* d reads it whole, or the same fields */
    if (!ps[0]) {
        d->c[b] = s->c[b];              /* s reads it whole: that covers d */
        return;
    }
    snprintf(set, sizeof set, "%s", pd);
    size_t len = strlen(set);
    int count = 1;
    for (const char *p = pd; *p; p++)
        count += *p == '|';
    for (const char *it = ps; *it;) {
        size_t pl;
        const char *p = path_next(&it, &pl);
        if (!set_has(set, p, pl)) {
            /* past the bound, the first paths found are the ones followed
             * (reading the whole object instead would hand the callee every
             * field, the password beside the name it reads) */
            if (++count > MAX_PATHS || len + pl + 2 >= sizeof set)
                break;
            set[len++] = '|';
            memcpy(set + len, p, pl);
            set[len += pl] = 0;
        }
    }
    if (!strcmp(set, pd))
        return;
    chain *x = vg_arena_alloc(&e->arena, sizeof *x);
    if (!x) {
        e->oom = 1;
        return;
    }
    *x = *d->c[b];
    x->paths = vg_arena_strdup(&e->arena, set);
    if (!x->paths) {
        e->oom = 1;
        return;
    }
    if (x->suffix)                      /* a field read: say every field it may be */
        x->msg = fields_msg(e, set);
    d->c[b] = x;
}

/* The object a key named (the password pair) itself, not its value read
 * out of it (vp->vp_octets). */
static int object_itself(const chain *c)
{
    for (; c; c = c->prev) {
        if (c->value_read)
            return 0;
        if (!c->prev)
            return c->value_only;
    }
    return 0;
}

/* Does the callee's chain take what a call says about its parameter (its
 * name, its parent) rather than the parameter's value? */
static int names_only(const chain *c)
{
    for (; c; c = c->prev)
        if (c->not_value)
            return 1;
    return 0;
}

/* Where data sits in the object a chain hands on whole (".env.from.mailbox"
 * of a message header), or NULL: not known, or a field was read since. */
static const char *whole_at(const chain *c)
{
    for (; c; c = c->prev) {
        if (c->at)
            return c->at;
        if (c->suffix || c->paths)
            return NULL;
    }
    return NULL;
}

/* Does a callee that reads its parameter through the path set `paths`
 * ("" is the value whole) reach data held at `at` of the argument: one
 * of the paths leads to it (".env") or into it? */
static int paths_reach(const char *paths, const char *at)
{
    if (!paths[0] || !at)
        return 1;
    size_t al = strlen(at);
    for (const char *it = paths; *it;) {
        size_t pl;
        const char *q = path_next(&it, &pl);
        if (path_covers(q, pl, at, al) || path_covers(at, al, q, pl))
            return 1;
    }
    return 0;
}

static int chain_cut(const chain *c);
static int sits_behind(const chain *c);
static int guard_off(const chain *c, const fl_call *call);

/* Does the callee get the data of the argument chain `arg` (fields: its
 * field reads apply to the argument)? Only data held at one field of an
 * object handed on whole needs the callee's path set, worked out into
 * paths once per argument (*known) and only then: most arguments hold no
 * such data, and this runs for every argument of every call. */
static int held_for_callee(const chain *arg, const chain *callee_chain, int fields,
                           char *paths, size_t n, int *known)
{
    const char *at = fields ? whole_at(arg) : NULL;
    if (!at)
        return 1;
    if (!*known) {
        chain_paths(callee_chain, paths, n);
        *known = 1;
    }
    return paths_reach(paths, at);
}

/* Hand the caller's argument a over for the callee's slot `slot`. */
static void substitute_arg(engine *e, const taint *a, const chain *callee_chain, taint *out,
                           const fl_call *call, size_t p, const char *file, int fields)
{
    uint64_t m = a->mask & (REAL_MASK | BIT(CRCAT));   /* bytes read, undecided, too */
    int names = -1;                     /* computed when first needed */
    char paths[2048];
    int known = 0;
    for (int b = 0; m; b++, m >>= 1) {
        if (!(m & 1) || (out->mask & BIT(b)))
            continue;
        /* the header handed on whole holds the address in .env.from.mailbox:
         * a callee that reads only .content.parts.filename does not get it */
        if (!held_for_callee(a->c[b], callee_chain, fields, paths, sizeof paths, &known))
            continue;
        if (chain_cut(callee_chain) && sits_behind(a->c[b]))
            continue;
        if (guard_off(callee_chain, call))
            continue;
        /* the password pair handed to a checker that prints only
         * talloc_get_name() of it: its value is not printed */
        if (object_itself(a->c[b])) {
            if (names < 0)
                names = names_only(callee_chain);
            if (names)
                continue;
        }
        const chain *c = step(e, a->c[b], file, call->line, call->col,
                              vg_arena_printf(&e->arena, "passed to %s() as argument %zu",
                                              call->callee, p + 1));
        out->c[b] = splice(e, c, callee_chain, fields);
        out->mask |= BIT(b);
    }
    /* parameters of the caller stay symbolic, with the callee's steps */
    uint64_t pm = a->mask & PARAM_MASK;
    for (int b = NCAT; b <= VSLOT; b++) {
        if (!(pm & BIT(b)) || (out->mask & BIT(b)) ||
            !held_for_callee(a->c[b], callee_chain, fields, paths, sizeof paths, &known))
            continue;
        out->c[b] = splice(e, step(e, a->c[b], file, call->line, call->col,
                                   vg_arena_printf(&e->arena, "passed to %s() as argument %zu",
                                                   call->callee, p + 1)), callee_chain,
                           fields);
        out->mask |= BIT(b);
    }
    out->mask |= a->mask & BIT(LOGF);
}

/* Did the callee get this data only in a statement that this call's
 * constant argument rules out? (clean(s, 0) with the number put in under
 * if (sending && phone_num); url_tobuffer(&u, buf, 0) with the password
 * under if (flags & U_DECODE_PASSWD).) */
static int guard_off(const chain *c, const fl_call *call)
{
    size_t k = 0;
    while (k < call->nargs && !call->args[k].has_ival)
        k++;
    if (k == call->nargs)
        return 0;                       /* no constant: no test can fail */
    for (; c; c = c->prev) {
        const fl_stmt *g = c->guard;
        if (!g || !c->fn || !c->fn->name || strcmp(c->fn->name, call->callee) != 0)
            continue;
        if (g->gparam < 0 || (size_t)g->gparam >= call->nargs ||
            !call->args[g->gparam].has_ival)
            continue;
        long long v = call->args[g->gparam].ival;
        if ((g->gkind == FL_GUARD_NONZERO && v == 0) ||
            (g->gkind == FL_GUARD_BITS && !(v & g->gval)) ||
            (g->gkind == FL_GUARD_EQUALS && v != g->gval) ||
            (g->gkind == FL_GUARD_ZERO && v != 0) ||
            (g->gkind == FL_GUARD_NOBITS && (v & g->gval)) ||
            (g->gkind == FL_GUARD_DIFFERS && v == g->gval))
            return 1;
    }
    return 0;
}

/* The parameter whose stream CRCAT bytes were read from: the nearest
 * step that says, or -1. */
static int recv_param_of(const chain *c)
{
    for (; c; c = c->prev)
        if (c->recv_param)
            return (int)c->recv_param - 1;
    return -1;
}

/* Bytes a callee read from the stream handed to it as parameter k
 * (CRCAT): the caller's argument k decides what they are. A connection:
 * received in clear (RCAT). The caller's own parameter: still undecided,
 * on that one. Anything else: a file. The finding is placed at the last
 * call that handed a stream down to a reader (recv_site): in the session
 * code that reads the AUTH line, not in the line reader every read goes
 * through, nor at main's call of the session. */
static void stream_decides(engine *e, const chain *c, const taint *args, size_t nargs,
                           taint *out, const fl_call *call, const char *file)
{
    int k = recv_param_of(c);
    if (k < 0 || (size_t)k >= nargs || !e->cur)
        return;
    const fl_arg *a = &call->args[k];
    int conn = !e->local_only && conn_stream(e, a);
    int p = conn ? -1 : first_param(&args[k]);
    if (!conn && p < 0)
        p = desc_param(e, a->name, 1);
    int slot = conn ? RCAT : CRCAT;
    if ((!conn && (p < 0 || p >= NPAR)) || (out->mask & BIT(slot)))
        return;
    int marked = 0;
    for (const chain *x = c; x && !marked; x = x->prev)
        marked = x->recv_site;
    chain *x = (chain *)step(e, c, file, call->line, call->col,
                             vg_arena_printf(&e->arena, conn ? "received in clear through %s()"
                                                             : "read by %s() from a stream "
                                                               "it is handed", call->callee));
    if (!x || x == c)
        return;
    x->recv_param = conn ? 0 : (unsigned)p + 1;
    /* the report is at the last call that handed a stream down to a
     * reader: the outermost reader's call, or this one */
    x->recv_site = !conn || !marked;
    if (x->recv_site)                   /* the function and reader the report names */
        add_site(e, x, e->cur->f->name, call->callee, NULL, 0);
    if (conn)
        add_site(e, chain_root(x), e->cur->f->name, call->callee, NULL, 0);
    out->c[slot] = x;
    out->mask |= BIT(slot);
}

/* Map a callee taint (param slots of the callee) to the caller's taints.
 * nparams: the callee's named parameters; arguments past them are its
 * "..." (VSLOT). */
static void substitute(engine *e, const taint *callee_t, const taint *args, size_t nargs,
                       size_t nparams, taint *out, const fl_call *call, const char *file)
{
    uint64_t real = callee_t->mask & REAL_MASK;
    for (int b = 0; b < NCAT; b++)
        if ((real & BIT(b)) && !(out->mask & BIT(b)) && !guard_off(callee_t->c[b], call)) {
            out->c[b] = callee_t->c[b];
            out->mask |= BIT(b);
        }
    out->mask |= callee_t->mask & BIT(LOGF);
    for (size_t p = 0; p < nargs && p < NPAR && p < nparams; p++) {
        if (!(callee_t->mask & BIT(NCAT + p)))
            continue;
        const taint *a = &args[p];
        taint field = {0};
        char paths[2048];
        chain_paths(callee_t->c[NCAT + p], paths, sizeof paths);
        if (paths[0] && call->args[p].dest) {
            /* The callee read some fields: take those fields of the argument,
             * and what the argument's own name says (PatientID.c_str()). */
            for (const char *it = paths; *it;) {
                size_t ql;
                const char *q = path_next(&it, &ql);
                char key[512];
                snprintf(key, sizeof key, "%s%.*s", call->args[p].dest, (int)ql, q);
                place_read(e, key, &field, 1);
            }
            const fl_arg *fa = &call->args[p];
            for (size_t i = 0; i < fa->natoms; i++)
                if (fa->atoms[i].kind == FL_AT_SRC)
                    eval_atoms(e, &fa->atoms[i], 1, &field, 0);
            a = &field;
        }
        substitute_arg(e, a, callee_t->c[NCAT + p], out, call, p, file, a != &field);
    }
    if (callee_t->mask & BIT(VSLOT))
        for (size_t p = nparams; p < nargs; p++)
            if (!call->args[p].object)
                substitute_arg(e, &args[p], callee_t->c[VSLOT], out, call, p, file, 1);
    if (callee_t->mask & BIT(CRCAT))
        stream_decides(e, callee_t->c[CRCAT], args, nargs, out, call, file);
}

/* Library functions that write their other arguments into the first:
 * 1 replaces what was there (strcpy, snprintf), 2 adds to it (strcat). */
/* Is n one of the names of a NULL-terminated table? */
static int in_table(const char *n, const char *const *t)
{
    for (size_t i = 0; t[i]; i++)
        if (!strcmp(n, t[i]))
            return 1;
    return 0;
}

static int copy_like(const char *n)
{
    static const char *const replace[] = {"snprintf", "sprintf", "vsnprintf", "vsprintf",
        "strcpy", "strncpy", "memcpy", "memmove", "stpcpy", "stpncpy", "strlcpy", "asprintf",
        "vasprintf", "wcscpy", "wcsncpy", "swprintf", "vswprintf", "wmemcpy",
        "__builtin___snprintf_chk", "__builtin___sprintf_chk", "__builtin___strcpy_chk",
        "__builtin___memcpy_chk", "__builtin___strncpy_chk", "__builtin___vsnprintf_chk",
        "__builtin___memmove_chk", "__builtin___stpcpy_chk", "__snprintf_chk", "__sprintf_chk",
        "__vsnprintf_chk", "__strcpy_chk", "__memcpy_chk", "operator=", "assign", NULL};
    static const char *const add[] = {"strcat", "strncat", "strlcat", "wcscat", "wcsncat",
        "__builtin___strcat_chk", "__builtin___strncat_chk", "__strcat_chk", "operator+=",
        "operator<<", "append", "push_back", "insert", NULL};
    return in_table(n, replace) ? 1 : in_table(n, add) ? 2 : 0;
}

/* Library encoders that write an encoding of one argument into another
 * (base64 hides nothing): sasl_encode64(in, len, out, max, &outlen),
 * EVP_EncodeBlock(out, in, len). Which arguments, or 0 when n is none. */
static int encoder(const char *n, size_t *from, size_t *to)
{
    static const struct { const char *name; unsigned char from, to; } c[] = {
        {"sasl_encode64", 0, 2}, {"EVP_EncodeBlock", 1, 0}, {"EVP_EncodeUpdate", 3, 1},
        {"b64_ntop", 0, 2}, {"__b64_ntop", 0, 2}, {"gsasl_base64_to", 0, 2},
        {"gnutls_base64_encode2", 0, 1}, {NULL, 0, 0}};
    for (size_t i = 0; c[i].name; i++)
        if (!strcmp(n, c[i].name)) {
            *from = c[i].from;
            *to = c[i].to;
            return 1;
        }
    return 0;
}

/* Library accessors that hand out part of what a handle holds, though
 * the handle is a record and the part may be one too: the subject name
 * of a certificate (X509_get_subject_name), that name's text
 * (X509_NAME_oneline, X509_NAME_get_text_by_NID, printed into a memory
 * BIO and read back), the DN of a GnuTLS or mbed TLS certificate. The
 * peer certificate is a source in a TLS server (peer_certificate_call):
 * its subject names the person who holds it. What is not listed hands out nothing
 * of the handle: the issuer's name, a fingerprint (X509_digest).
 * VIEW_RET: the result; else the argument written. */
#define VIEW_RET 0xff
typedef struct handle_view { const char *name; unsigned char from, to; } handle_view;

static const handle_view *handle_view_of(const char *n, const handle_view *after)
{
    static const handle_view t[] = {
        {"X509_get_subject_name", 0, VIEW_RET}, {"X509_NAME_oneline", 0, VIEW_RET},
        {"X509_NAME_oneline", 0, 1}, {"X509_NAME_get_text_by_NID", 0, 2},
        {"X509_NAME_get_text_by_OBJ", 0, 2}, {"X509_NAME_print_ex", 1, 0},
        {"X509_NAME_print", 1, 0}, {"X509_NAME_get_entry", 0, VIEW_RET},
        {"X509_NAME_ENTRY_get_data", 0, VIEW_RET}, {"ASN1_STRING_to_UTF8", 1, 0},
        {"ASN1_STRING_get0_data", 0, VIEW_RET}, {"ASN1_STRING_data", 0, VIEW_RET},
        {"BIO_ctrl", 0, 3}, {"BIO_read", 0, 1}, {"BIO_gets", 0, 1},
        {"gnutls_x509_crt_import", 1, 0}, {"gnutls_x509_crt_get_dn", 0, 1},
        {"gnutls_x509_crt_get_dn2", 0, 1}, {"gnutls_x509_crt_get_dn3", 0, 1},
        {"gnutls_x509_crt_get_dn_by_oid", 0, 4}, {"mbedtls_x509_dn_gets", 2, 0},
        {NULL, 0, 0}};
    for (const handle_view *v = after ? after + 1 : t; v->name; v++)
        if (!strcmp(n, v->name))
            return v;
    return NULL;
}

/* The TLS libraries' calls that hand out the peer's certificate. In a
 * program that takes the server's side (FL_FACT_TLS_SERVER) the peer
 * may be a client, whose certificate's subject is its holder's name or
 * e-mail address: the result is a source of the name category, and its
 * views (above) carry it. A program that only connects reads servers'
 * certificates, which name hosts. */
static int peer_certificate_call(const char *n)
{
    static const char *const t[] = {"SSL_get_peer_certificate", "SSL_get1_peer_certificate",
        "SSL_get0_peer_certificate", "X509_STORE_CTX_get_current_cert",
        "X509_STORE_CTX_get0_cert", "gnutls_certificate_get_peers", "mbedtls_ssl_get_peer_cert",
        NULL};
    return in_table(n, t);
}

/* Apply every view of the call, from its first (v): what the handle
 * holds goes to the result (returned: 1, so the result is not cleared as
 * a handle's) or into the argument the part is written to. */
static int do_views(engine *e, const fl_call *c, const handle_view *v, const taint *args,
                    size_t na, taint *res)
{
    int ret = 0;
    for (; v; v = handle_view_of(c->callee, v)) {
        if (v->from >= na || !(args[v->from].mask & ~BIT(LOGF)))
            continue;
        taint w = args[v->from];        /* a parameter's slot too: the summary of
                                           a helper handed the certificate */
        w.mask &= ~BIT(LOGF);
        t_step(e, &w, e->cur->f->file, c->line, c->col,
               vg_arena_printf(&e->arena, "through %s()", c->callee));
        if (v->to == VIEW_RET) {
            t_union(e, res, &w);
            ret = 1;
        } else if (v->to < na && c->args[v->to].dest) {
            place_write(e, c->args[v->to].dest, &w, c->args[v->to].partial ? 0 : 3);
        }
    }
    return ret;
}

/* Functions that wipe their first argument. */
static int wipes(const char *n)
{
    static const char *const c[] = {"memset", "bzero", "explicit_bzero", "memset_s",
        "OPENSSL_cleanse", "sodium_memzero", "SecureZeroMemory", "__builtin_memset",
        "__builtin___memset_chk", "__memset_chk", "wmemset", NULL};
    return in_table(n, c);
}

/* Allocators return fresh memory: nothing of their context argument
 * (talloc_array(request, ...)) or size. */
static int allocator(const char *n)
{
    static const char *const prefix[] = {"_talloc_array", "talloc_array", "_talloc_zero",
        "talloc_zero", "talloc_size", "talloc_named", "talloc_pool", "_talloc_pool", "g_new",
        "g_malloc", "xmalloc", "xcalloc", "xzalloc", "zalloc", "kmalloc", NULL};
    for (size_t i = 0; prefix[i]; i++)
        if (!strncmp(n, prefix[i], strlen(prefix[i])))
            return 1;
    size_t l = strlen(n);
    return !strcmp(n, "_talloc") || (l >= 6 && (!strcmp(n + l - 6, "malloc") ||
                                                !strcmp(n + l - 6, "calloc")));
}

static int opaque_result(const char *n)
{
    if (allocator(n))
        return 1;
    static const char *const c[] = {"strlen", "strnlen", "strcmp", "strncmp", "strcasecmp",
        "strncasecmp", "memcmp", "free", "close", "fclose", "time", "isalpha", "isdigit",
        "isspace", "isalnum", "toupper", "tolower", "malloc", "calloc", "rand", "CRYPTO_memcmp",
        "sizeof", "size", "length", "empty", "compare", "find", "rfind", "count", NULL};
    return in_table(n, c);
}

/* Formatting libraries whose result is made of every argument, the
 * type-erased argument stores included ({fmt}, C++20 std::format): a
 * builder like snprintf, modelled rather than followed through their
 * templates. */
static int formatter(const char *n)
{
    static const char *const c[] = {"make_format_args", "vformat", "make_wformat_args", NULL};
    return !strncmp(n, "fmt::", 5) || in_table(n, c);
}

/* Where a copy-like call writes: its first argument, or for a member
 * call (s.append(x)) its object. */
static const fl_arg *copy_target(const fl_call *c, size_t *first_src)
{
    if (c->nargs && c->args[c->nargs - 1].object) {
        *first_src = 0;
        return &c->args[c->nargs - 1];
    }
    *first_src = 1;
    return c->nargs ? &c->args[0] : NULL;
}

/* Can a name's category name received bytes? A confidential one, and
 * not a user name, which is not confidential on its own. */
static int names_received(const engine *e, int cat)
{
    return cat >= 0 && cat < RCAT && cat != e->username_cat && e->rs->categories[cat].sensitive;
}

/* The pseudo-sink of a place declared for category cat that the bytes
 * of t (RCAT) or the parameters reach at call c: recorded in the summary
 * for the parameters, reported for RCAT (report_named). */
static void at_named(engine *e, const fl_call *c, int cat, const taint *t, const char *msg)
{
    uint64_t m = t->mask & (RECV_MASK | PARAM_MASK);
    if (!m)
        return;
    const fl_func *f = e->cur->f;
    sinkrec s = {.file = f->file, .fn = f->name, .callee = c->callee, .line = c->line,
                 .col = c->col, .kind = VG_SINK_SOCKET, .cond = -1, .named = cat + 1};
    s.t = *t;
    s.t.mask = m;
    t_step(e, &s.t, f->file, c->line, c->col, msg);
    at_sink(e, &s);
}

/* Received bytes copied into a buffer declared for the data
 * (sscanf(line, "PASS %s", password), strcpy(pin, buf + 4)): as a
 * parameter's name does (named_params), the buffer's name says what was
 * received. */
static void named_dest(engine *e, const fl_call *c, const fl_arg *dst, const taint *w)
{
    if (!(w->mask & (RECV_MASK | PARAM_MASK)))
        return;
    for (size_t i = 0; i < dst->natoms; i++) {
        const fl_atom *a = &dst->atoms[i];
        if (a->kind == FL_AT_SRC && names_received(e, a->cat)) {
            at_named(e, c, a->cat, w,
                     vg_arena_printf(&e->arena, "%s() copies it into %s", c->callee, a->text));
            return;
        }
    }
}

/* strcmp(received, password): bytes compared with a value of some data
 * are that data as the peer sent it (a server checking the password of
 * an AUTH PLAIN line it decoded): named, as a parameter's name names
 * them. */
static int comparer(const char *n)
{
    static const char *const t[] = {"strcmp", "strncmp", "strcasecmp", "strncasecmp",
                                    "memcmp", "bcmp", "timingsafe_bcmp", "CRYPTO_memcmp",
                                    "sodium_memcmp", "g_strcmp0", NULL};
    return in_table(n, t);
}

static void compared_named(engine *e, const fl_call *c, const taint *args, size_t na)
{
    for (size_t i = 0; i < 2 && na >= 2; i++) {
        const taint *got = &args[i], *with = &args[1 - i];
        if (!(got->mask & (RECV_MASK | PARAM_MASK)))
            continue;
        for (int cat = 0; cat < RCAT; cat++)
            if ((with->mask & BIT(cat)) && names_received(e, cat)) {
                at_named(e, c, cat, got,
                         vg_arena_printf(&e->arena, "%s() compares it with %s", c->callee,
                                         e->rs->categories[cat].label.en));
                break;
            }
    }
}

/* sscanf(line, fmt, a, b, ...): what is parsed out of the first
 * argument lands in every pointer after the format. */
static int scanner(const char *n)
{
    return !strcmp(n, "sscanf") || !strcmp(n, "__isoc99_sscanf") || !strcmp(n, "vsscanf") ||
           !strcmp(n, "__isoc99_vsscanf");
}

static void do_scan(engine *e, const fl_call *c, const taint *args, size_t na)
{
    if (!na || !(args[0].mask & ~BIT(LOGF)))
        return;
    for (size_t i = 2; i < na; i++) {
        const fl_arg *out = &c->args[i];
        if (!out->dest || !out->writable)
            continue;
        taint w = args[0];
        w.mask &= ~BIT(LOGF);
        named_dest(e, c, out, &w);
        t_step(e, &w, e->cur->f->file, c->line, c->col,
               vg_arena_printf(&e->arena, "%s() parses it into %s", c->callee, out->dest));
        place_write(e, out->dest, &w, 2);
    }
}

/* A library source that hands its data out through an argument
 * (sasl_client_start(conn, mech, &need, &out, &len, &m) points out at
 * the credentials it encoded): the place that argument points to now
 * holds that data, and nothing it held before; the result is a status. */
static void source_out(engine *e, const fl_call *c, const nameinfo *ni)
{
    if ((size_t)ni->source_out >= c->nargs || !c->args[ni->source_out].dest)
        return;
    const fl_arg *a = &c->args[ni->source_out];
    taint t = {.mask = BIT(ni->source_cat)};
    t.c[ni->source_cat] = step(e, NULL, e->cur->f->file, c->line, c->col,
                               vg_arena_printf(&e->arena, "%s() through %s",
                                               c->callee, a->dest));
    place_write(e, a->dest, &t, a->partial ? 0 : 3);
}

/* What an encoder (above) writes: the encoding of its input, which
 * replaces what the output held unless it is written from an offset
 * (sasl_encode64(pc, n, buf + len, ...) after "AUTHENTICATE PLAIN "). */
static void do_encode(engine *e, const fl_call *c, size_t from, size_t to, const taint *args,
                      size_t na)
{
    if (from >= na || to >= na || !c->args[to].dest)
        return;
    const fl_arg *out = &c->args[to];
    taint w = args[from];
    w.mask &= ~BIT(LOGF);
    if (w.mask)
        t_step(e, &w, e->cur->f->file, c->line, c->col,
               vg_arena_printf(&e->arena, "%s() encodes it into %s", c->callee, out->dest));
    named_dest(e, c, out, &w);
    place_write(e, out->dest, &w, out->partial ? 0 : 3);
}

static void do_copy(engine *e, const fl_call *c, int mode, const taint *args, size_t na)
{
    size_t first;
    const fl_arg *dst = copy_target(c, &first);
    if (!dst || !dst->dest)
        return;
    taint w = {0}, back = {0};
    for (size_t i = first; i < na; i++)
        if (!c->args[i].object)
            t_union(e, c->args[i].behind ? &back : &w, &args[i]);
    const char *msg = vg_arena_printf(&e->arena, "%s() copies it into %s", c->callee, dst->dest);
    if (back.mask & ~BIT(LOGF)) {
        /* "PASS %s": what sits after the verb is marked, for a cut */
        t_step(e, &back, e->cur->f->file, c->line, c->col, msg);
        for (int b = 0; b < NSLOT; b++)
            if ((back.mask & BIT(b)) && back.c[b] && back.c[b]->msg == msg)
                ((chain *)back.c[b])->behind = 1;   /* a step of its own, not shared */
    }
    if (w.mask & ~BIT(LOGF))
        t_step(e, &w, e->cur->f->file, c->line, c->col, msg);
    t_union(e, &w, &back);              /* the same data before the verb too: kept */
    named_dest(e, c, dst, &w);
    int literal = 1;                    /* strcpy(buf, "aucun"): constants only */
    for (size_t i = first; i < na; i++)
        if (!c->args[i].object && c->args[i].natoms)
            literal = 0;
    if (mode == 1 && !dst->partial) {
        /* str = "...", strcpy(buf, ...) start the value afresh: for the
         * callers too, when it is what a parameter points to (a later
         * strcat adds to the new value; a copy of the old one, as in
         * snprintf(buf, n, "%s;", buf), keeps it: see summarise) */
        place_write(e, dst->dest, &w, 3);
        place_clean(e, dst->dest, literal);
    }
    else if (w.mask)
        place_write(e, dst->dest, &w, 0);
}

/* What reaches the sink c of this kind, as t says. */
static void sink_reached(engine *e, const fl_call *c, int kind, int cond, const taint *t)
{
    const fl_func *f = e->cur->f;
    sinkrec s = {.file = f->file, .fn = f->name, .callee = c->callee, .line = c->line,
                 .col = c->col, .kind = kind, .cond = cond, .t = *t};
    s.t.mask &= ~BIT(LOGF);
    t_step(e, &s.t, f->file, c->line, c->col,
           vg_arena_printf(&e->arena, "sink: %s() (%s)", c->callee,
                           vg_sink_kind_name((vg_sink_kind)kind)));
    at_sink(e, &s);
}

/* writev(fd, iov, n), sendmsg(fd, &msg, 0): what goes out is what the
 * iovecs point at, the fields of the struct handed in, not its bytes. */
static int gathers(const fl_call *c)
{
    static const char *const g[] = {"writev", "pwritev", "sendmsg", "sendmmsg", NULL};
    for (size_t i = 0; c->system && g[i]; i++)
        if (!strcmp(c->callee, g[i]))
            return 1;
    return 0;
}

static void do_sink(engine *e, const fl_call *c, int kind, int cond, uint64_t which,
                    int whole, const taint *own, const taint *args, size_t na)
{
    taint t = {0};
    /* connection handles are not content; a value streamed into a log
     * (log << PrintHelper(dataset)) is printed, whatever its class */
    int streamed = !strcmp(c->callee, "operator<<");
    /* a struct handed to a message sink is the message: its fields are
     * its text (send_message(&m) with m.body); to a log it is a handle */
    int message = kind == VG_SINK_EMAIL || kind == VG_SINK_SMS || kind == VG_SINK_VOICE ||
                  whole || gathers(c);
    for (size_t i = 0; i < na; i++)
        if ((which & BIT(i)) && (!c->args[i].is_record || streamed))
            t_union(e, &t, &own[i]);
        else if ((which & BIT(i)) && message)
            t_union(e, &t, &args[i]);
    sink_reached(e, c, kind, cond, &t);
}

/* Bytes received into a buffer its name does not name: they are RCAT,
 * to be named by the parameter they reach (report_named). */
static void received_unnamed(engine *e, const fl_call *c, const fl_arg *a)
{
    if (!a->dest)
        return;
    const fl_func *f = e->cur->f;
    taint t = {.mask = BIT(RCAT)};
    t.c[RCAT] = step(e, NULL, f->file, c->line, c->col,
                     vg_arena_printf(&e->arena, "bytes received in clear by %s()", c->callee));
    if (!t.c[RCAT])
        return;
    add_site(e, t.c[RCAT], f->name, c->callee, NULL, 0);
    /* read into the buffer from its start: what it held is gone, for the
     * callers too (the reply read over the command that was sent) */
    place_write(e, a->dest, &t, a->partial ? 0 : 3);
}

/* A read from a stream or descriptor this function is handed (fgets(buf,
 * n, in), read(fd, ...) with in, fd its parameters, or dup()s of them):
 * the buffer argument, *param the parameter whose argument decides; -1
 * when the read is no such one. */
static int cond_receive_arg(engine *e, const fl_call *c, const taint *own, int *param)
{
    const input_fn *in = e->local_only ? NULL : input_of(c);
    if (!in || in->conn < 0 || (size_t)in->conn >= c->nargs || in->conn >= NARG)
        return -1;
    *param = first_param(&own[in->conn]);
    if (*param < 0)
        *param = desc_param(e, c->args[in->conn].name, 1);
    return *param >= 0 && *param < NPAR ? in->buf : -1;
}

/* What a receive buffer's own name says it holds (recv(fd, password,
 * ...)), as fresh sources: not what it held before the read. */
static taint buffer_names(engine *e, const fl_arg *a)
{
    const fl_func *f = e->cur->f;
    taint t = {0};
    for (size_t i = 0; i < a->natoms; i++)
        if (a->atoms[i].kind == FL_AT_SRC && a->atoms[i].cat >= 0 && a->atoms[i].cat < RCAT &&
            !(t.mask & BIT(a->atoms[i].cat))) {
            t.c[a->atoms[i].cat] = step(e, NULL, f->file, a->atoms[i].line, a->atoms[i].col,
                                        a->atoms[i].text);
            t.mask |= BIT(a->atoms[i].cat);
        }
    return t;
}

/* The bytes such a read puts in an unnamed buffer are CRCAT, to be
 * decided by the caller's argument (stream_decides); into a buffer named
 * for the data (read(fd, password, n)) it is a receive in clear if the
 * caller's stream is a connection: a sink on that condition. */
static void do_cond_receive(engine *e, const fl_call *c, int buf, int param)
{
    const fl_func *f = e->cur->f;
    const fl_arg *a = &c->args[buf];
    taint t = buffer_names(e, a);
    if (t.mask) {
        t_step(e, &t, f->file, c->line, c->col,
               vg_arena_printf(&e->arena, "read by %s() from the stream %s is handed",
                               c->callee, f->name));
        sinkrec s = {.file = f->file, .fn = f->name, .callee = c->callee, .line = c->line,
                     .col = c->col, .kind = VG_SINK_SOCKET, .cond = param, .t = t};
        at_sink(e, &s);
        return;
    }
    if (!a->dest)
        return;
    chain *r = (chain *)step(e, NULL, f->file, c->line, c->col,
                             vg_arena_printf(&e->arena, "bytes read by %s() from the stream "
                                             "%s() is handed", c->callee, f->name));
    if (!r)
        return;
    r->recv_param = (unsigned)param + 1;
    taint w = {.mask = BIT(CRCAT)};
    w.c[CRCAT] = r;
    place_write(e, a->dest, &w, a->partial ? 0 : 3);
}

/* A value received on a plain connection: only what the buffer's own
 * name says it is (recv(fd, password, ...)), not what it held before. */
static void do_receive(engine *e, const fl_call *c, int buf)
{
    const fl_func *f = e->cur->f;
    const fl_arg *a = &c->args[buf];
    taint t = buffer_names(e, a);
    if (!t.mask) {
        received_unnamed(e, c, a);
        return;
    }
    sinkrec s = {.file = f->file, .fn = f->name, .callee = c->callee, .line = c->line,
                 .col = c->col, .kind = VG_SINK_SOCKET, .cond = -1};
    t_step(e, &t, f->file, c->line, c->col,
           vg_arena_printf(&e->arena, "received in clear by %s()", c->callee));
    s.t = t;
    at_sink(e, &s);
}

/* Is the source of `data` a field ("field ctl->password") that the
 * parameter chain `param` is read through (".password")? */
static int own_field_of(const chain *data, const chain *param)
{
    const chain *root = chain_root(data);
    if (!root || !root->msg || strncmp(root->msg, "field ", 6) != 0 || !param)
        return 0;
    const char *f = root->msg + 6, *p;
    while ((p = strpbrk(f, ".>")))
        f = p + 1;
    char paths[2048];
    chain_paths(param, paths, sizeof paths);
    size_t fl = strlen(f);
    for (const char *q = paths; fl && (q = strstr(q, f)); q += fl)
        if (q > paths && q[-1] == '.' && (q[fl] == '\0' || q[fl] == '|' || q[fl] == '.'))
            return 1;
    return 0;
}

/* Data the caller hands to a parameter declared for that very data
 * (myldap_passwd(..., newpassword) with `const char *newpasswd`) is
 * already reported at the callee's sink, where the parameter is a source
 * by its name: reporting it again at the call would be one flow twice. */
static void named_inside(engine *e, const fl_func *g, const sinkrec *r, const taint *args,
                         size_t na, taint *t)
{
    /* The callee's sink already holds that category as its own data,
     * read from a field named for it of the object it is handed
     * (ctl->password): its own finding is this flow, at its sink. */
    for (size_t i = 0; i < na && i < g->nparams && i < NPAR; i++) {
        if (!(r->t.mask & BIT(NCAT + i)))
            continue;
        uint64_t m = args[i].mask & r->t.mask & REAL_MASK & ~BIT(RCAT);
        for (int cat = 0; m; cat++, m >>= 1)
            if ((m & 1) && own_field_of(r->t.c[cat], r->t.c[NCAT + i]))
                t->mask &= ~BIT(cat);
    }
    for (size_t i = 0; g->pcats && i < na && i < g->nparams && i < NPAR; i++) {
        int pcat = g->pcats[i];
        if (pcat < 0 || pcat >= RCAT || !(r->t.mask & BIT(NCAT + i)))
            continue;
        /* the same data, or data the sink judges alike: a password handed
         * to smtp_auth_oauthbearer(..., const char *token) is reported where
         * the token is sent, under the same rule */
        const char *prule = rule_for(e, r->kind, pcat);
        for (int cat = 0; cat < RCAT; cat++) {
            const char *rule;
            if (!(args[i].mask & t->mask & BIT(cat)))
                continue;
            if (cat == pcat || (prule && (rule = rule_for(e, r->kind, cat)) &&
                                !strcmp(rule, prule)))
                t->mask &= ~BIT(cat);
        }
    }
}

/* A callee's sink reported at the call in f instead (see apply_summary). */
static void relocate(sinkrec *s, const fl_func *f, const fl_call *c)
{
    s->file = f->file;
    s->fn = f->name;
    s->callee = c->callee;
    s->line = c->line;
    s->col = c->col;
}

/* Split t: the real data f itself read (its chain starts in f), or hands
 * the helper as text (`handed`: the line a formatter filled, passed to the
 * writer), stays in t; data that came to f already inside an object a
 * callee filled (the socket's queue holding a packet) moves to other,
 * reported where the helper sends it, once, as it was before it reached f. */
static void born_here(const fl_func *f, taint *t, taint *other, uint64_t handed)
{
    other->mask = 0;
    uint64_t m = t->mask & REAL_MASK;
    for (int b = 0; m; b++, m >>= 1) {
        if (!(m & 1))
            continue;
        const chain *r = chain_root(t->c[b]);
        if ((r && r->fn == f) || (handed & BIT(b)))
            continue;
        other->mask |= BIT(b);
        other->c[b] = t->c[b];
        t->mask &= ~BIT(b);
    }
}

/* Is t (a helper's sink as seen at call c in f, in f's parameters) text
 * that f made and hands over, not its own parameter passed straight on?
 * The log line vsf_log_common() formats from the session and hands to
 * the writer is; the line a writer passes down to write() is not. Such a
 * log sink is placed at c: where f decides to log, not the write() every
 * log line goes through. Not a socket's: a packet is built in layers and
 * queued in a shared object that a loop no caller controls sends; it
 * stays at the helper's send(), once. */
/* The slots of `mask` that call c hands over as text: in arguments that
 * are not a record or a handle (the line, not the session holding it). */
static uint64_t handed_as_text(const fl_call *c, const taint *args, size_t na, uint64_t mask)
{
    uint64_t m = 0;
    for (size_t i = 0; i < na; i++)
        if (!c->args[i].is_record && !c->args[i].handle)
            m |= args[i].mask & mask;
    return m;
}

static int made_here(const fl_func *f, const fl_call *c, const taint *args, size_t na,
                     const taint *t)
{
    uint64_t want = t->mask & PARAM_MASK, made = 0;
    if (!want || (t->mask & REAL_MASK) || handed_as_text(c, args, na, want) != want)
        return 0;
    for (size_t i = 0; i < na; i++) {
        if (c->args[i].is_record || c->args[i].handle)
            continue;
        uint64_t m = args[i].mask & want;
        for (int b = NCAT; b <= VSLOT; b++) {
            const chain *x = args[i].c[b];
            if (!(m & BIT(b)) || !x || x->fn != f)
                continue;
            int bare = !x->prev || (x->suffix && !x->prev->prev);
            if (!bare)
                made |= BIT(b);
        }
    }
    return made != 0;
}

/* The real data of t whose chain starts in a function other than f: found
 * by one of f's callees, which reports it itself. */
static uint64_t found_below(const taint *t, const fl_func *f)
{
    uint64_t out = 0, m = t->mask & REAL_MASK;
    for (int b = 0; m; b++, m >>= 1) {
        if (!(m & 1) || !t->c[b])
            continue;
        const chain *root = chain_root(t->c[b]);
        if (root->fn && root->fn != f)
            out |= BIT(b);
    }
    return out;
}

/* A callee's summary applied at call c: what it returns, the sinks it
 * reaches with its parameters, what it writes through them.
 *
 * Where a helper's sink is reported: a "..." wrapper (a log or format
 * function) is a sink itself, so always at the call. Any other helper,
 * when real data meets it (the reporting pass), also at the call in the
 * function that read the data: the trace goes on into the helper. At the
 * helper's own sink, every caller's flow through one send() wrapper would
 * be one finding, and the fix is in the callers. */
static void apply_summary(engine *e, const fl_call *c, const func *callee, const taint *args,
                          size_t na, taint *res)
{
    const fl_func *f = e->cur->f;
    const summary *S = callee->sum;
    size_t np = callee->f->nparams;
    /* mutt_safe_path(buf, addr): a path made from the data is a place's
     * name, where the data is kept or filed, not the data; what the maker
     * itself logs is still its own sink */
    uint64_t keep = vg_ruleset_path_maker(e->rs, c->callee) ? BIT(LOGF) : ~0ULL;
    if (S->audits)
        e->audits = 1;
    substitute(e, &S->ret, args, na, np, res, c, f->file);
    res->mask &= keep;
    if (res->mask & ~BIT(LOGF))
        t_step(e, res, f->file, c->line, c->col,
               vg_arena_printf(&e->arena, "returned by %s()", c->callee));
    /* Sinks first: they see the arguments as they were when the call
     * began, not what the call writes back into them. */
    for (const sinkrec *r = S->sinks; r; r = r->next) {
        sinkrec s = *r;
        memset(&s.t, 0, sizeof s.t);
        if (r->cond >= 0) {
            /* stamp(lf, ...) with lf a log file: the callee's fprintf(f)
             * logs; with the caller's own parameter, it still depends */
            if ((size_t)r->cond >= na)
                continue;
            const taint *st = &args[r->cond];
            int logs = r->kind == VG_SINK_LOG && log_stream(e, &c->args[r->cond], st);
            /* put_line(sock, pw): the stream is the caller's connection */
            int sends = !logs && !e->local_only && conn_stream(e, &c->args[r->cond]);
            s.cond = logs || sends ? -1 : arg_param(e, &c->args[r->cond], st);
            if (!logs && !sends && s.cond < 0)
                continue;
            if (sends)
                s.kind = VG_SINK_SOCKET;
        }
        if (e->called_back) {
            /* the library calls it: the finding is at the callback's own
             * sink, and the callback's own data is its own finding */
            taint from = r->t;
            from.mask &= ~REAL_MASK;
            substitute(e, &from, args, na, np, &s.t, c, f->file);
        } else if (callee->f->variadic) {
            /* the wrapper's arguments are the caller's: reported here, with
             * what the wrapper itself names in them (a va_arg's ->mailbox).
             * What its callees found themselves (mta_error -> mta_log
             * printing an envelope's sender) is theirs, reported where they
             * print it, not at every caller of the wrapper */
            taint from = r->t;
            if (e->reporting)
                from.mask &= ~found_below(&r->t, callee->f);
            relocate(&s, f, c);
            substitute(e, &from, args, na, np, &s.t, c, f->file);
        } else if (e->reporting) {
            taint from = r->t;
            from.mask &= ~REAL_MASK;        /* the helper's own data: its own finding */
            substitute(e, &from, args, na, np, &s.t, c, f->file);
            sinkrec inner = s;
            born_here(f, &s.t, &inner.t, handed_as_text(c, args, na, REAL_MASK));
            named_inside(e, callee->f, r, args, na, &s.t);
            relocate(&s, f, c);
            if (inner.t.mask & REAL_MASK)
                at_sink(e, &inner);
            if (r->cond >= 0 && s.cond < 0 && (r->t.mask & REAL_MASK)) {
                /* the helper's own data at a sink that its stream decided:
                 * the helper's report skipped it, this caller's connection
                 * or log makes it one, at the helper's own line */
                sinkrec own = *r;
                own.kind = s.kind;
                own.cond = -1;
                own.t.mask &= REAL_MASK;
                at_sink(e, &own);
            }
        } else {
            substitute(e, &r->t, args, na, np, &s.t, c, f->file);
            if (s.kind == VG_SINK_LOG && made_here(f, c, args, na, &s.t))
                relocate(&s, f, c);
        }
        at_sink(e, &s);
    }
    for (const outrec *o = S->outs; o; o = o->next) {
        if (o->param < 0) {
            taint w = {0};
            substitute(e, &o->t, args, na, np, &w, c, f->file);
            if (w.mask) {
                t_step(e, &w, f->file, c->line, c->col,
                       vg_arena_printf(&e->arena, "%s() through %s", c->callee,
                                       o->suffix + 2));
                e->handover = c->callee;
                place_write(e, o->suffix, &w, 0);
                e->handover = NULL;
                /* a hand-over is reported at the call that made it, for
                 * what it hands over as text: not at a library's call of a
                 * callback, which hands nothing, and not for a session
                 * object stored as a handler's context (p_private =
                 * p_sess), a handle: a sink that reads from it later
                 * reports where it prints */
                uint64_t m = e->reporting && !e->called_back
                    ? w.mask & REAL_MASK & ~BIT(RCAT) & handed_as_text(c, args, na, REAL_MASK)
                    : 0;
                for (int b = 0; m; b++, m >>= 1)
                    if ((m & 1) && !grow(e, (void **)&e->hovs, &e->caphovs, e->nhovs,
                                         sizeof *e->hovs))
                        e->hovs[e->nhovs++] = (struct handover){o->suffix, f->file, f->name,
                                                                c->callee, b, c->line, c->col,
                                                                w.c[b]};
            }
            continue;
        }
        if ((size_t)o->param >= na || !c->args[o->param].dest)
            continue;
        taint w = {0};
        substitute(e, &o->t, args, na, np, &w, c, f->file);
        w.mask &= keep;
        const char *dst = o->suffix[0]
            ? vg_arena_printf(&e->arena, "%s%s", c->args[o->param].dest, o->suffix)
            : c->args[o->param].dest;
        if (w.mask)
            t_step(e, &w, f->file, c->line, c->col,
                   vg_arena_printf(&e->arena, "%s() through %s", c->callee, dst));
        /* DIMSE_dumpMessage(tempStr, ...) starts with str = "...": what an
         * earlier dump left in tempStr is gone (and tempStr is replaced for
         * the caller's callers too) */
        int replace = o->replace && !c->args[o->param].partial;
        if (replace && o->suffix[0])
            place_empty(e, dst);        /* only an emptied field is replaced */
        place *q = (w.mask & BIT(CRCAT)) ? place_get(e, dst, 0) : NULL;
        if (q)                          /* a line read over the last one: the newer read */
            q->t.mask &= ~BIT(CRCAT);
        if (c->args[o->param].repoint && !o->suffix[0])
            place_repoint(e, dst, &w, replace ? 3 : 0);
        else
            place_write(e, dst, &w, replace ? 3 : 0);
    }
}

static int fnptr_cmp(const void *a, const void *b)
{
    const fl_fnptr *x = *(const fl_fnptr *const *)a, *y = *(const fl_fnptr *const *)b;
    return strcmp(x->key, y->key);
}

static int index_fnptrs(engine *e, fl_tu *const *tus, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += tus[i]->nfnptrs;
    if (!total)
        return 0;
    if (!(e->fnptrs = malloc(total * sizeof *e->fnptrs)))
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < tus[i]->nfnptrs; j++)
            e->fnptrs[e->nfnptrs++] = &tus[i]->fnptrs[j];
    qsort(e->fnptrs, e->nfnptrs, sizeof *e->fnptrs, fnptr_cmp);
    return 0;
}

/* The entries of the index for key: [*first, *first + count). */
static size_t fnptr_range(const engine *e, const char *key, size_t *first)
{
    size_t lo = 0, hi = e->nfnptrs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(e->fnptrs[mid]->key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    while (lo + n < e->nfnptrs && !strcmp(e->fnptrs[lo + n]->key, key))
        n++;
    *first = lo;
    return n;
}

/* The functions a pointer may hold, into out (at most MAX_FNPTR_TARGETS);
 * 0 when some value given to it is not a known function. A value "=K"
 * is whatever pointer K holds (a function pointer handed down as an
 * argument: str_netfd_alloc(..., p_peek) with p_peek = plain_peek or
 * ssl_peek): it is followed a few levels, and a key met again on the
 * way adds nothing (a pointer saved and restored). */
#define FNPTR_DEPTH 4
#define FEW_FIELD_TARGETS 2

/* A pointer's key that the bound on field-to-field values applies to:
 * one with "::", a struct field's ("*record::field", the walker's
 * fnptr_decl_key) and, as it happens, a C++ method's local or parameter
 * ("*Class::method:name", "*Class::method#i"); a C function's local is
 * "*function:name", its parameter "*function#i". */
static int field_key(const char *key)
{
    return strstr(key, "::") != NULL;
}
static size_t fnptr_targets_at(const engine *e, const char *key, const char **out, size_t n,
                               int depth, const char **seen)
{
    /* a pointer saved and put back (sasl->saved_write = conn->write; ...
     * conn->write = sasl->saved_write) holds nothing new the second time */
    for (int d = 0; d < depth; d++)
        if (!strcmp(seen[d], key))
            return n;
    size_t first, k = fnptr_range(e, key, &first);
    if (!k || depth > FNPTR_DEPTH)
        return (size_t)-1;
    seen[depth] = key;
    /* A parameter ("*f#i") is followed only when one value reaches it (one
     * call site's function or variable): a summary is one for all calls,
     * and a walker handed a different callback by each caller
     * (rbtree_walk(tree, order, cb, ctx)) would join every caller's data
     * to every callback. */
    if (k > 1 && strchr(key, '#'))
        return (size_t)-1;
    for (size_t i = 0; i < k; i++) {
        const char *t = e->fnptrs[first + i]->target;
        if (!t)
            return (size_t)-1;
        if (t[0] == '=') {
            size_t before = n;
            n = fnptr_targets_at(e, t + 1, out, n, depth + 1, seen);
            if (n == (size_t)-1)
                return n;
            /* another struct's field: a layer saving a connection's
             * writer holds a few; a field of a handler table
             * (listen->send = master_listen[type].send) holds every
             * protocol's, and following all of them at each call
             * doubled FreeRADIUS's memory for no flow */
            if (field_key(t + 1) && n - before > FEW_FIELD_TARGETS)
                return (size_t)-1;
            continue;
        }
        size_t j = depth ? 0 : n;       /* a value handed down twice: once */
        while (j < n && strcmp(out[j], t) != 0)
            j++;
        if (j == n && n < MAX_FNPTR_TARGETS)
            out[n++] = t;
    }
    return n;
}

static size_t fnptr_targets(const engine *e, const char *key, const char **out)
{
    const char *seen[FNPTR_DEPTH + 1];
    size_t n = fnptr_targets_at(e, key, out, 0, 0, seen);
    return n == (size_t)-1 ? 0 : n;
}

static void do_call_as(engine *e, const fl_call *c, const char *target, size_t ntargets,
                       const taint *args, const taint *own, size_t na, taint *res);

/* A call through a pointer every assignment of which is a known
 * function (a logger vtable set once): a call to each of them. */
static void follow_pointer(engine *e, const fl_call *c, const taint *args, const taint *own,
                           size_t na, taint *res)
{
    /* a command table's dispatch (cmd->function(client, req)) has one
     * target per command: all of them, up to a bound that keeps one call
     * from costing a whole program's summaries */
    const char *targets[MAX_FNPTR_TARGETS];
    size_t n = fnptr_targets(e, c->callee, targets);
    /* through a parameter (a callback a caller handed down): as for a
     * library's call back, the callback's sinks stay where they are */
    int saved = e->called_back;
    if (strchr(c->callee, '#'))
        e->called_back = 1;
    for (size_t i = 0; i < n; i++)
        do_call_as(e, c, targets[i], n, args, own, na, res);
    e->called_back = saved;
}

/* A function of the project whose body is not in the analysis (a part
 * of the code base left out, a library built with it): a text buffer or
 * string it is handed to change (combineDirAndFilename(result, dir,
 * name)) may be filled from its other arguments. Not a method: what a
 * getter fills from its object (elem->getOFString(value)) is the object's
 * business, followed where the object is known to hold data. System
 * functions are modelled one by one instead (copy_like, receive_arg). */
static void fill_outputs(engine *e, const fl_call *c, const taint *args, size_t na)
{
    const fl_func *f = e->cur->f;
    for (size_t i = 0; i < na; i++)
        if (c->args[i].object)
            return;
    for (size_t o = 0; o < na; o++) {
        const fl_arg *out = &c->args[o];
        if (!out->dest || !out->writable || out->is_record || out->object || out->partial)
            continue;
        taint w = {0};
        for (size_t i = 0; i < na; i++)     /* text in, not a container's parts */
            if (i != o && !c->args[i].handle)
                t_union(e, &w, &args[i]);
        w.mask &= ~BIT(LOGF);
        if (!w.mask)
            continue;
        named_dest(e, c, out, &w);
        t_step(e, &w, f->file, c->line, c->col,
               vg_arena_printf(&e->arena, "%s() may write it into %s", c->callee, out->dest));
        place_write(e, out->dest, &w, 0);
    }
}

/* An object found by a key naming data (the password pair) holds the data
 * in its value: a call whose name ends in a value word (json_string_value,
 * c_str) gives it, any other (talloc_get_name, talloc_parent) gives what
 * it says about the object. *value: the callee's verdict, -1 until asked. */
static void about_object(engine *e, const char *callee, taint *a, int *value)
{
    uint64_t m = a->mask & REAL_MASK;
    for (int b = 0; m; b++, m >>= 1) {
        if (!(m & 1))
            continue;
        if (!object_itself(a->c[b]))
            continue;
        if (*value < 0)
            *value = vg_ruleset_value_field(e->rs, callee);
        if (!*value)
            a->mask &= ~BIT(b);
    }
}

/* The accessors of the standard containers and their iterators (find()
 * is not one: its result is opaque, opaque_result). */
static int accessor(const char *n)
{
    static const char *const t[] = {"front", "back", "at", "operator[]", "top", "operator*",
                                    "operator->", "begin", "end", "rbegin", "cbegin", "get",
                                    "value", "second", NULL};
    return in_table(n, t);
}

/* The steps just made on t took what a call says about its argument, not
 * its value: a caller's password pair handed in later is not printed. */
static void mark_not_value(taint *t, const char *msg)
{
    uint64_t m = t->mask & ~BIT(LOGF);
    for (int b = 0; m; b++, m >>= 1)
        if ((m & 1) && t->c[b] && t->c[b]->msg == msg)   /* new steps only, not a
                                                            chain at its length bound */
            ((chain *)t->c[b])->not_value = 1;
}

/* A parameter of a known function named for a category (dopass(char
 * *password)) says what reaches it. Only received bytes (RCAT) learn
 * their name this way, so it is a pseudo-sink: recorded in the summary
 * for the caller's parameters, reported for RCAT (report_named). A user
 * name is not what this is for: it is not confidential on its own. */
static void named_params(engine *e, const fl_call *c, const func *callee, const taint *args,
                         size_t na)
{
    const fl_func *g = callee->f;
    for (size_t i = 0; g->pcats && i < na && i < g->nparams && i < NPAR; i++)
        if ((args[i].mask & (RECV_MASK | PARAM_MASK)) && names_received(e, g->pcats[i]))
            at_named(e, c, g->pcats[i], &args[i],
                     vg_arena_printf(&e->arena, "handed to %s() as its parameter %s",
                                     c->callee, g->params[i]));
}

/* A project function that stores '*' over what a pointer it is handed
 * reaches, and logs or sends nothing itself, is a masking helper: the
 * buffer it is given is hidden once it returns (enshroud(buf) before the
 * echo of a command). Judged by its body, never by its name. */
static int masking(const func *callee)
{
    return callee && callee->sum && callee->f->masks && !callee->sum->nsinks;
}

/* One function the library calls back (see call_back), given `data`
 * as parameter cb->param; with cb->sends, what it writes through that
 * parameter reaches the library function's sink of this kind. */
static void call_back_one(engine *e, const fl_call *c, const vg_callback *cb, const func *g,
                          const fl_arg *holder, const taint *data, int kind)
{
    size_t np = g->f->nparams < NARG ? g->f->nparams : NARG;
    if ((size_t)cb->param >= np || (cb->sends >= 0 && (size_t)cb->sends >= np))
        return;
    fl_call as = *c;
    as.callee = g->f->name;
    as.nargs = np;
    if (!(as.args = vg_arena_alloc(&e->arena, np * sizeof *as.args))) {
        e->oom = 1;
        return;
    }
    as.args[cb->param] = *holder;
    const char *sent = NULL;
    if (cb->sends >= 0) {
        sent = vg_arena_printf(&e->arena, "(%s() sends)%d:%d", c->callee, c->line, c->col);
        as.args[cb->sends] = (fl_arg){.dest = sent, .writable = true};
    }
    taint args[NARG], r = {0};
    memset(args, 0, np * sizeof *args);
    args[cb->param] = *data;
    t_step(e, &args[cb->param], e->cur->f->file, c->line, c->col,
           vg_arena_printf(&e->arena, "%s() calls back %s() with it", c->callee, g->f->name));
    int saved = e->called_back;
    e->called_back = 1;
    apply_summary(e, &as, g, args, np, &r);
    e->called_back = saved;
    if (sent && kind >= 0) {
        taint t = {0};
        place_read(e, sent, &t, 1);
        if (t.mask & ~BIT(LOGF))
            sink_reached(e, c, kind, -1, &t);
    }
}

/* A library function that calls a function of the service back with
 * data it was handed (the ruleset's "callbacks"): pthread_create(t, a,
 * start, arg) runs start(arg), pam_start() runs the conversation
 * function of the pam_conv it is given with that struct's appdata_ptr.
 * What the callback does with that data is the caller's flow; it is
 * reported at the callback's sink, where the fix is. */
static void call_back(engine *e, const fl_call *c, const vg_callback *cb, int kind,
                      const taint *args, size_t na)
{
    taint data = {0};
    fl_arg holder = {0};
    size_t n = 0;
    const char *targets[MAX_FNPTR_TARGETS];
    if (cb->holder >= 0) {
        if ((size_t)cb->holder >= na || !c->args[cb->holder].dest)
            return;
        holder.dest = vg_arena_printf(&e->arena, "%s.%s", c->args[cb->holder].dest,
                                      cb->data_field);
        place_read(e, holder.dest, &data, 1);
        n = fnptr_targets(e, vg_arena_printf(&e->arena, "*%s", cb->fn_field), targets);
    } else {
        if ((size_t)cb->data_arg >= na || (size_t)cb->fn_arg >= na ||
            !(targets[0] = c->args[cb->fn_arg].name))
            return;
        holder = c->args[cb->data_arg];
        data = args[cb->data_arg];
        n = 1;
    }
    if (!(data.mask & ~BIT(LOGF)) && cb->sends < 0)
        return;                 /* nothing handed over, nothing sent */
    for (size_t i = 0; i < n; i++) {
        const func *g = resolve_target(e, targets[i], e->cur->f->file, n);
        if (g && g->sum)
            call_back_one(e, c, cb, g, &holder, &data, kind);
    }
}

static void do_call(engine *e, int idx)
{
    const fl_func *f = e->cur->f;
    const fl_call *c = &f->calls[idx];
    taint *res = &e->res[idx];
    memset(res, 0, sizeof *res);
    const nameinfo *ni = name_info(e, c->callee, c->system);
    if (!ni)
        return;
    size_t na = c->nargs < NARG ? c->nargs : NARG;
    if (ni->sanitizer) {
        /* masked, hashed, encrypted: the flow stops, and a buffer it was
         * given to change in place (encrypt_inplace(pw)) is clean after;
         * a library's object it reads (the certificate whose fingerprint
         * it takes) is not changed */
        for (size_t i = 0; e->reporting && i < na; i++) {
            taint t = {0};
            eval_atoms(e, c->args[i].atoms, c->args[i].natoms, &t, 1);
            for (int cat = 0; cat < RCAT; cat++)
                if (t.mask & BIT(cat))
                    pass_flow(e, f->file, c->line, c->col, f->name, c->callee, cat, -1, t.c[cat]);
        }
        for (size_t i = 0; i < na; i++)
            if (c->args[i].dest && c->args[i].writable && !c->args[i].lib_object) {
                place_write(e, c->args[i].dest, &(taint){0}, 2);
                place_clean(e, c->args[i].dest, 1);
            }
        return;
    }
    /* Arguments with what their fields hold (for callees, which read
     * fields) and without (for sinks: a struct handed to a logger is not
     * its password field). */
    taint args[NARG], own[NARG];
    for (size_t i = 0; i < na; i++) {
        memset(&args[i], 0, sizeof args[i]);
        memset(&own[i], 0, sizeof own[i]);
        eval_atoms(e, c->args[i].atoms, c->args[i].natoms, &args[i], 1);
        eval_atoms(e, c->args[i].atoms, c->args[i].natoms, &own[i], 0);
    }
    if (ni->audit)
        e->audits = 1;
    if (ni->record_read && e->record_read_call < 0)
        e->record_read_call = idx;

    if (c->callee[0] == '*' && ni->sink_kind < 0) {
        follow_pointer(e, c, args, own, na, res);
        return;
    }
    uint64_t which;
    int cond = -1, by_name = 0;
    int kind = c->callee[0] ? classify_sink(e, c, ni, own, na, &which, &cond, &by_name) : -1;
    if (kind < 0 && formatter(c->callee)) {
        for (size_t i = 0; i < na; i++)
            t_union(e, res, &args[i]);
        if (res->mask & ~BIT(LOGF))
            t_step(e, res, f->file, c->line, c->col,
                   vg_arena_printf(&e->arena, "formatted by %s()", c->callee));
        return;
    }
    /* a library call is never one of the service's functions of that name */
    const func *callee = (kind < 0 || by_name) && !c->system
        ? resolve(e, c->callee, f->file, (int)c->nargs, c->usr) : NULL;
    if (kind >= 0 && by_name && judged_by_body(callee, kind))
        kind = -1;
    else if (kind >= 0)
        callee = NULL;
    int recv_buf = kind < 0 && !callee ? receive_arg(e, c) : -1;
    int crecv_param = -1;
    int crecv = kind < 0 && !callee && recv_buf < 0 ? cond_receive_arg(e, c, own, &crecv_param)
                                                    : -1;
    /* m_vSendQueue.front(), list.at(i), it->second: a container's
     * accessor hands out what the container holds, though the container
     * is a record and the element may be one */
    int element = !callee && na && c->args[na - 1].object && c->system && accessor(c->callee);
    int copy = kind < 0 && !callee ? copy_like(c->callee) : 0;
    size_t enc_from, enc_to;
    int view = 0;
    const handle_view *first_view;
    if (kind >= 0)
        do_sink(e, c, kind, cond, which, ni->sink_args != 0, own, args, na);
    else if (callee && callee->sum) {
        named_params(e, c, callee, args, na);
        apply_summary(e, c, callee, args, na, res);
        if (c->ctor)                    /* PrintHelper(ds): the object holds ds */
            for (size_t i = 0; i < na; i++)
                if (!c->args[i].is_record)
                    t_union(e, res, &args[i]);
        /* os << obj with the project's own operator<<: whatever its body
         * does (a virtual print() that cannot be followed), obj is written
         * into os; the object itself, not every field it has */
        if (!strcmp(c->callee, "operator<<") && na >= 2)
            do_copy(e, c, 2, own, na);
        if (masking(callee))
            for (size_t i = 0; i < na; i++)
                if (c->args[i].dest && c->args[i].writable) {
                    place_write(e, c->args[i].dest, &(taint){0}, 2);
                    place_clean(e, c->args[i].dest, 1);
                }
    }
    else if (callee)
        ;                               /* not summarised yet: the next round */
    else if (recv_buf >= 0)
        do_receive(e, c, recv_buf);
    else if (crecv >= 0)
        do_cond_receive(e, c, crecv, crecv_param);
    else if (kind < 0 && !callee && scanner(c->callee))
        do_scan(e, c, args, na);
    else if (kind < 0 && !callee && comparer(c->callee))
        compared_named(e, c, args, na);
    else if (kind < 0 && !callee && encoder(c->callee, &enc_from, &enc_to))
        do_encode(e, c, enc_from, enc_to, args, na);
    else if (kind < 0 && !callee && (first_view = handle_view_of(c->callee, NULL)) != NULL)
        view = do_views(e, c, first_view, args, na, res);
    else if (copy)
        do_copy(e, c, copy, args, na);
    else if (wipes(c->callee)) {
        if (na && c->args[0].dest && !c->args[0].partial) {
            place_write(e, c->args[0].dest, &(taint){0}, 2);
            place_clean(e, c->args[0].dest, 1);
        }
    } else if (c->callee[0] && !opaque_result(c->callee)) {
        /* A library function we know nothing about: its result may be
         * derived from its arguments (strdup, s.c_str()). Calls through
         * pointers are left opaque: callbacks are too often lookups. */
        int value = -1;
        for (size_t i = 0; i < na; i++)     /* not from a context or handle (talloc
                                               ctx, FILE *), unless it is a copy */
            if (!c->args[i].is_record || c->ctor || (element && i == na - 1)) {
                taint a = args[i];
                if (a.mask & REAL_MASK)
                    about_object(e, c->callee, &a, &value);
                t_union(e, res, &a);
            }
        /* A library method that changes its object keeps what it is given. */
        if (na && c->args[na - 1].object && !c->method_const && c->args[na - 1].dest) {
            taint w = {0};
            for (size_t i = 0; i + 1 < na; i++)
                t_union(e, &w, &args[i]);
            if (w.mask)
                place_write(e, c->args[na - 1].dest, &w, 0);
        }
        if (res->mask & ~BIT(LOGF)) {
            const char *msg = vg_arena_printf(&e->arena, "through %s()", c->callee);
            t_step(e, res, f->file, c->line, c->col, msg);
            if (value < 0)
                value = element || vg_ruleset_value_field(e->rs, c->callee);
            if (!value)
                mark_not_value(res, msg);
        }
        if (!c->system)
            fill_outputs(e, c, args, na);
    }
    int in = kind < 0 && !callee && recv_buf < 0 && crecv < 0 ? input_arg(c) : -1;
    if (in >= 0 && c->args[in].dest && !c->args[in].partial)
        place_write(e, c->args[in].dest, &(taint){0}, 3);
    if (ni->callback && !callee)
        call_back(e, c, ni->callback, kind, args, na);
    /* A buffer handed to a call that may fill it (fgets, read, a helper)
     * holds whatever it wrote: its name speaks for it again. */
    if (kind < 0 && !copy && !wipes(c->callee) && !masking(callee))
        for (size_t i = 0; i < na; i++)
            if (c->args[i].dest && c->args[i].writable && place_is_clean(e, c->args[i].dest))
                place_clean(e, c->args[i].dest, 0);
    if (!c->ret_content && !element && !view)
        res->mask &= BIT(LOGF);         /* an int, a bool, a handle: no text comes back */
    if (c->keycat >= 0 && c->keycat < RCAT && !(res->mask & BIT(c->keycat))) {
        /* find(list, PW_USER_PASSWORD), getenv("DB_PASSWORD"): the data the
         * key names comes back */
        res->c[c->keycat] = step(e, NULL, f->file, c->line, c->col,
                                 vg_arena_printf(&e->arena, "%s() by a key naming %s",
                                                 c->callee,
                                                 e->rs->categories[c->keycat].label.en));
        if (res->c[c->keycat] && !c->ret_content)   /* a handle: its value fields */
            ((chain *)res->c[c->keycat])->value_only = 1;
        res->mask |= BIT(c->keycat);
        /* ds->findAndGetOFString(DCM_PatientName, name): a text buffer the
         * call may fill gets the data too */
        taint k = {.mask = BIT(c->keycat)};
        k.c[c->keycat] = res->c[c->keycat];
        for (size_t i = 0; i < na; i++)
            if (c->args[i].dest && c->args[i].writable && !c->args[i].is_record &&
                !c->args[i].object && !c->args[i].partial)
                place_write(e, c->args[i].dest, &k, 0);
    }
    /* A name is a hint, the body decides: a function of the service whose
     * result comes from what it is given (pw_sql_escape_string(db,
     * account) escapes the account) is no source by its name. */
    int transforms = callee && callee->sum && !ni->listed_source &&
                     (callee->sum->ret.mask & PARAM_MASK);
    if (e->peer_cat >= 0 && c->system && peer_certificate_call(c->callee)) {
        chain *root = (chain *)step(e, NULL, f->file, c->line, c->col,
                                    vg_arena_printf(&e->arena, "the peer's certificate (%s())",
                                                    c->callee));
        if (root) {
            root->peer_cert = 1;
            res->c[e->peer_cat] = root;
            res->mask |= BIT(e->peer_cat);
        }
    }
    if (ni->listed_source && ni->source_out >= 0)
        source_out(e, c, ni);
    else if (ni->source_cat >= 0 && !transforms && (c->ret_content || ni->listed_source) &&
             !(res->mask & BIT(ni->source_cat))) {
        res->c[ni->source_cat] = step(e, NULL, f->file, c->line, c->col,
                                      vg_arena_printf(&e->arena, "%s()", c->callee));
        res->mask |= BIT(ni->source_cat);
    }
}

static void do_call_as(engine *e, const fl_call *c, const char *target, size_t ntargets,
                       const taint *args, const taint *own, size_t na, taint *res)
{
    fl_call as = *c;
    as.callee = target;
    const func *g = resolve_target(e, target, e->cur->f->file, ntargets);
    if (g && g->sum) {
        taint r = {0};
        apply_summary(e, &as, g, args, na, &r);
        t_union(e, res, &r);
        return;
    }
    if (g)
        return;
    as.system = true;                   /* hook = printf: a library function */
    const nameinfo *ni = name_info(e, target, 1);
    uint64_t which;
    int cond = -1, by_name;
    int kind = ni ? classify_sink(e, &as, ni, own, na, &which, &cond, &by_name) : -1;
    if (kind >= 0)
        do_sink(e, &as, kind, cond, which, ni->sink_args != 0, own, args, na);
}

/* Does this data sit after a word separator of its line: named by the
 * label before it, or copied in after the format's first blank? */
static int sits_behind(const chain *c)
{
    for (; c; c = c->prev)
        if (c->behind || (!c->prev && c->labelled))
            return 1;
    return 0;
}

/* The line in key was cut at its first word separator ("PASS" of "PASS
 * secret"): data a label named, or copied in after a blank, sat after
 * it, and is gone. */
static void cut_labelled(engine *e, const fl_stmt *s)
{
    place *p = place_get(e, s->dst, 0);
    if (!p)
        return;
    for (int b = 0; b < NCAT; b++) {
        if ((p->t.mask & BIT(b)) && sits_behind(p->t.c[b]))
            p->t.mask &= ~BIT(b);
        if ((p->through.mask & BIT(b)) && sits_behind(p->through.c[b]))
            p->through.mask &= ~BIT(b);
    }
    /* a parameter's line (pop_query_d(buf) cutting "PASS secret" after
     * its verb for the error message): the callers' labelled data goes */
    for (int b = NCAT; b <= VSLOT; b++)
        if ((p->t.mask & BIT(b)) && p->t.c[b]) {
            const chain *prev = p->t.c[b];
            const chain *x = step(e, prev, e->cur->f->file, s->line, s->col,
                                  "cut at its first word separator");
            if (x != prev)
                ((chain *)x)->cut = 1;
            p->t.c[b] = x;
        }
}

/* Was the callee's parameter cut on the way (cut_labelled)? */
static int chain_cut(const chain *c)
{
    for (; c; c = c->prev)
        if (c->cut)
            return 1;
    return 0;
}

/* SAVE (dst becomes src) and MERGE (dst also holds src): the joins of a
 * branch. A place is clean after it only if it is clean on every path. */
static void join(engine *e, const char *dst, const char *src, int merge)
{
    const place *q = place_get(e, src, 0);
    taint t = q ? q->t : (taint){0};
    /* what was written through a pointer parameter joins too: both arms
     * of if (x) snprintf(buf, ...pw) else snprintf(buf, ...) reach the
     * caller's buffer (a copy: place_get may move the places) */
    taint thr = q ? q->through : (taint){0};
    int clean = q ? q->clean : 0, replaced = q ? q->replaced : 0;
    int emptied = q ? q->emptied : 0;
    place *p = place_get(e, dst, 1);
    if (!p)
        return;
    if (merge) {
        t_union(e, &p->t, &t);
        t_union(e, &p->through, &thr);
        p->clean = p->clean && clean;
        p->replaced = p->replaced && replaced;
        p->emptied = p->emptied && emptied;
    } else {
        p->t = t;
        p->through = thr;
        p->clean = clean;
        p->replaced = replaced;
        p->emptied = emptied;
    }
    list_tainted(e, p);
}

/* dst = src, for a struct or a pointer to one: what src's fields hold,
 * dst's same fields hold (rq->setSecField(pw); params->ident = rq; then
 * params->ident->secField is the password), and only those fields. */
static void copy_fields(engine *e, const fl_stmt *s, const char *src)
{
    size_t len = strlen(src), n = e->ntainted;
    if (!strcmp(src, s->dst))
        return;
    /* map = &local re-points the parameter: the caller's object is not
     * written, so what the local holds must not become an out-record */
    const fl_func *f = e->cur->f;
    for (size_t i = 0; i < f->nparams; i++)
        if (f->params[i] && !strcmp(f->params[i], s->dst))
            return;
    for (size_t i = 0; i < n && !e->oom; i++) {
        const place *q = &e->places[e->tainted[i]];
        if (!q->key || strncmp(q->key, src, len) != 0 || q->key[len] != '.')
            continue;
        taint t = q->t;
        const char *key = vg_arena_printf(&e->arena, "%s%s", s->dst, q->key + len);
        if (!key) {
            e->oom = 1;
            return;
        }
        t_step(e, &t, e->cur->f->file, s->line, s->col,
               vg_arena_printf(&e->arena, "assigned to %s", key));
        place_write(e, key, &t, 0);     /* q may move: its taint was copied first */
    }
}

/* ctx->username = strdup(common_name): a peer certificate's subject
 * made an account's user name (a broker's "use the certificate's CN as
 * the login") is that account's user name from then on, which the
 * policy lets an access log keep; elsewhere it stays the person's name. */
static void login_from_certificate(engine *e, const char *dst, taint *t)
{
    if (e->peer_cat < 0 || e->username_cat < 0 || !(t->mask & BIT(e->peer_cat)))
        return;
    const chain *root = chain_root(t->c[e->peer_cat]);
    if (!root || !root->peer_cert)
        return;                         /* a person's name from elsewhere stays one */
    const char *dot = strrchr(dst, '.');
    const vg_category *c = vg_ruleset_match_identifier(e->rs, dot ? dot + 1 : dst);
    if (!c || c - e->rs->categories != e->username_cat)
        return;
    if (!(t->mask & BIT(e->username_cat)))
        t->c[e->username_cat] = t->c[e->peer_cat];
    t->mask = (t->mask & ~BIT(e->peer_cat)) | BIT(e->username_cat);
    t->c[e->peer_cat] = NULL;
}

static void run_stmts(engine *e, taint *ret, size_t from, size_t to)
{
    const fl_func *f = e->cur->f;
    const fl_stmt *outer = e->guard;
    for (size_t i = from; i < to && i < f->nstmts && !e->oom; i++) {
        const fl_stmt *s = &f->stmts[i];
        taint t = {0};
        e->guard = s->gkind ? s : NULL;
        switch (s->op) {
        case FL_ST_ASSIGN:
        case FL_ST_UPDATE:
            eval_atoms(e, s->atoms, s->natoms, &t, 0);
            if (t.mask)
                t_step(e, &t, f->file, s->line, s->col,
                       vg_arena_printf(&e->arena, "assigned to %s", s->dst));
            login_from_certificate(e, s->dst, &t);
            place_write(e, s->dst, &t, s->op == FL_ST_ASSIGN);
            if (s->op == FL_ST_ASSIGN)
                place_clean(e, s->dst, s->natoms == 0);     /* p = NULL; pw ^= key */
            note_conn_stream(e, s);
            if (s->natoms == 1 && s->atoms[0].kind == FL_AT_VAR)
                copy_fields(e, s, s->atoms[0].text);
            break;
        case FL_ST_DESC:
            note_conn_stream(e, s);
            break;
        case FL_ST_CALL:
            if ((size_t)s->call < f->ncalls)
                do_call(e, s->call);
            break;
        case FL_ST_SAVE:
        case FL_ST_MERGE:
            if (s->natoms == 1 && s->atoms[0].kind == FL_AT_VAR)
                join(e, s->dst, s->atoms[0].text, s->op == FL_ST_MERGE);
            break;
        case FL_ST_CUT:
            cut_labelled(e, s);
            break;
        case FL_ST_EMPTY:
            place_empty(e, s->dst);
            break;
        case FL_ST_ALIAS:
            /* two fields of one object are followed program-wide, as
             * a cursor pair or not at all (index_field_aliases) */
            if (s->natoms == 1 && s->atoms[0].kind == FL_AT_VAR &&
                !sibling_fields(s->dst, s->atoms[0].text)) {
                place *p = place_get(e, s->dst, 1);
                if (p) {
                    p->alias = s->atoms[0].text;
                    p->link = (s->atoms[0].flags & FL_ATF_LINK) != 0;
                }
            }
            break;
        case FL_ST_RETURN:
            eval_atoms(e, s->atoms, s->natoms, &t, 0);
            if (t.mask) {
                t_step(e, &t, f->file, s->line, s->col, "returned");
                t_union(e, ret, &t);
            }
            break;
        }
    }
    e->guard = outer;
}

/* Each loop runs twice, which carries what one round leaves to the next;
 * what runs once around it runs once. Running the whole body twice would
 * let a later statement feed an earlier one (a packet queued in one
 * branch seen sent by the queue call of the branch before), and let what
 * runs before a loop (strcpy(buf, "AUTH PLAIN")) undo what its last
 * round left. */
static void run_body(engine *e, taint *ret)
{
    const fl_func *f = e->cur->f;
    size_t done = 0;
    for (size_t k = 0; k < f->nreruns; k++) {
        const fl_range *r = &f->reruns[k];
        run_stmts(e, ret, done, r->from);
        run_stmts(e, ret, r->from, r->to);
        run_stmts(e, ret, r->from, r->to);
        done = r->to;
    }
    run_stmts(e, ret, done, f->nstmts);
}

/* The parameter of f that place key is (field: key[*len] is '.') or is
 * under, and the length of its name; -1 when none (locals, globals). */
static int key_param(const fl_func *f, const char *key, size_t *len)
{
    for (size_t p = 0; p < f->nparams && p < NPAR; p++) {
        size_t l = f->params[p] ? strlen(f->params[p]) : 0;
        if (l && !strncmp(key, f->params[p], l) && (!key[l] || key[l] == '.')) {
            *len = l;
            return (int)p;
        }
    }
    return -1;
}

static int has_out(const summary *S, int param, const char *suffix)
{
    for (const outrec *o = S->outs; o; o = o->next)
        if (o->param == param && !strcmp(o->suffix, suffix))
            return 1;
    return 0;
}

/* A parameter's field emptied and left empty (mutt_buffer_clear: the
 * cursor put back at the start of the storage and a NUL stored there):
 * emptied for the caller too. Tainted places are outputs already. */
static void emptied_outs(engine *e, const fl_func *f, summary *S)
{
    for (size_t i = 0; i < e->nused && !e->oom; i++) {
        const place *q = &e->places[e->used[i]];
        size_t len = 0;
        int p = q->key && q->emptied && !q->t.mask ? key_param(f, q->key, &len) : -1;
        if (p < 0 || q->key[len] != '.' || has_out(S, p, q->key + len))
            continue;
        outrec *o = vg_arena_alloc(&e->arena, sizeof *o);
        if (!o) {
            e->oom = 1;
            return;
        }
        o->replace = 1;
        o->param = p;
        o->suffix = q->key + len;
        o->next = S->outs;
        S->outs = o;
    }
}

/* Analyse one function: with reporting off, build its summary. */
static summary *analyse(engine *e, const func *fn)
{
    const fl_func *f = fn->f;
    e->cur = fn;
    e->audits = 0;
    e->returns_conn = 0;
    e->record_read_call = -1;
    places_reset(e);
    if (f->ncalls > e->rescap) {
        taint *r = realloc(e->res, f->ncalls * sizeof *r);
        if (!r) {
            e->oom = 1;
            return NULL;
        }
        e->res = r;
        e->rescap = f->ncalls;
    }
    if (f->ncalls)
        memset(e->res, 0, f->ncalls * sizeof *e->res);
    summary *S = NULL;
    if (!e->reporting) {
        S = vg_arena_alloc(&e->arena, sizeof *S);
        if (!S) {
            e->oom = 1;
            return NULL;
        }
        for (size_t p = 0; p < f->nparams && p < NPAR; p++) {
            if (!f->params[p] || !f->params[p][0])
                continue;
            taint t = {.mask = BIT(NCAT + p)};
            t.c[NCAT + p] = step(e, NULL, f->file, f->line,
                                 0, vg_arena_printf(&e->arena, "parameter %s of %s()",
                                                    f->params[p], f->name));
            place_write(e, f->params[p], &t, 1);
        }
        if (f->variadic) {
            taint t = {.mask = BIT(VSLOT)};
            t.c[VSLOT] = step(e, NULL, f->file, f->line, 0,
                              vg_arena_printf(&e->arena, "the ... arguments of %s()", f->name));
            place_write(e, FL_VARARGS, &t, 1);
        }
    }
    e->cursum = S;
    taint ret = {0};
    run_body(e, &ret);
    if (S) {
        S->ret = ret;
        S->audits = e->audits;
        S->returns_conn = e->returns_conn;
        for (size_t i = 0; i < e->ntainted; i++) {
            const place *q = &e->places[e->tainted[i]];
            if (q->key && q->key[0] == ':' && q->key[1] == ':' && (q->t.mask & PARAM_MASK)) {
                /* conn_write(idx, data) appending data to a global connection
                 * table's buffer: the global store keeps only real data, so the
                 * caller's data is written there when the call is applied */
                outrec *o = vg_arena_alloc(&e->arena, sizeof *o);
                if (!o) {
                    e->oom = 1;
                    break;
                }
                o->t = q->t;
                o->t.mask &= PARAM_MASK;
                o->param = -1;
                o->suffix = q->key;
                o->next = S->outs;
                S->outs = o;
                continue;
            }
            size_t len = 0;
            int p = q->key ? key_param(f, q->key, &len) : -1;
            if (p < 0)
                continue;
            outrec *o = vg_arena_alloc(&e->arena, sizeof *o);
            if (!o) {
                e->oom = 1;
                break;
            }
            /* the parameter itself only counts where written through */
            o->t = q->key[len] ? q->t : q->through;
            o->t.mask &= ~BIT(NCAT + p);        /* its own value is not an output */
            /* a value rebuilt from its own old content keeps it; a field
             * emptied and refilled is replaced for the caller too (a
             * field's strcpy is not: the walk joins a branch's whole
             * parameter, not a field a callee wrote) */
            o->replace = q->replaced && !(q->t.mask & BIT(NCAT + p)) &&
                         (!q->key[len] || q->emptied);
            if (!o->t.mask && !o->replace)
                continue;
            o->param = p;
            o->suffix = q->key + len;
            o->next = S->outs;
            S->outs = o;
        }
        emptied_outs(e, f, S);
    } else if (e->record_read_call >= 0 && !e->audits &&
               !name_info(e, f->name, 0)->reader_name) {
        const fl_call *c = &f->calls[e->record_read_call];
        char fp[256];
        snprintf(fp, sizeof fp, "DSC003:%s:%s", f->name, c->callee);
        uint64_t h = hash64(fp, hash64(f->file, VG_FNV64_INIT));
        if (!seen_before(e, h)) {
            vg_finding *x = vg_findings_addm(e->out, "DSC003", VG_LEVEL_NONE, f->file, c->line,
                                             c->col, NULL, NULL, "DSC003.unaudited",
                                             "%s" VG_ARG "%s", c->callee, f->name);
            if (!x || vg_finding_set_logical(x, f->name) || vg_finding_set_fingerprint(x, fp))
                e->oom = 1;
        }
    }
    return S;
}

static uint64_t signature(const summary *S)
{
    uint64_t h = S->ret.mask ^ ((uint64_t)S->audits << 40) ^ ((uint64_t)S->returns_conn << 44) ^
                 ((uint64_t)S->nsinks << 48);
    for (const outrec *o = S->outs; o; o = o->next)
        h = (h * VG_FNV64_PRIME) ^ o->t.mask ^ hash_str(o->suffix) ^ (uint64_t)o->param << 32 ^
            (uint64_t)o->replace << 40;
    for (const sinkrec *r = S->sinks; r; r = r->next)
        h = (h * VG_FNV64_PRIME) ^ r->t.mask ^ (uint64_t)r->line ^ (uint64_t)(r->cond + 1) << 56;
    return h;
}

static void field_alias_add(engine *e, const char *a, const char *b)
{
    for (size_t i = 0; i < e->nfaliases; i++)
        if ((!strcmp(e->faliases[i].a, a) && !strcmp(e->faliases[i].b, b)) ||
            (!strcmp(e->faliases[i].a, b) && !strcmp(e->faliases[i].b, a)))
            return;
    if (e->nfaliases < MAX_FALIASES)
        e->faliases[e->nfaliases++] = (struct falias){a, b};
}

/* "x.f" and "x.g", or "x.f" and itself: fields of one object. */
static int sibling_fields(const char *a, const char *b)
{
    const char *d = strrchr(a, '.'), *r = strrchr(b, '.');
    return d && r && d != a && d - a == r - b && !strncmp(a, b, (size_t)(d - a));
}

/* A field named as a cursor: moved along its storage (b->dptr += n) somewhere. */
static int is_cursor(const char *const *moved, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(moved[i], field))
            return 1;
    return 0;
}

/* The program's sibling-field aliases (FL_ST_ALIAS from "x.f" to "x.g",
 * which the walk emits only for two fields of one object), by field
 * names, kept when one of the two is a cursor (an ALIAS of "x.f" to
 * itself: b->dptr += n). The assignment sits in the buffer's module, the
 * uses anywhere. */
static void index_field_aliases(engine *e, fl_tu *const *tus, size_t n)
{
    enum { MAX_MOVED = 64 };
    const char *moved[MAX_MOVED];
    size_t nmoved = 0;
    struct falias cand[4 * MAX_FALIASES];
    size_t ncand = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < tus[i]->nfuncs; j++) {
            const fl_func *f = &tus[i]->funcs[j];
            for (size_t k = 0; k < f->nstmts; k++) {
                const fl_stmt *st = &f->stmts[k];
                if (st->op != FL_ST_ALIAS || st->natoms != 1 || !st->dst)
                    continue;
                if (!sibling_fields(st->dst, st->atoms[0].text))
                    continue;           /* p = buf: a local alias, not two fields */
                const char *d = strrchr(st->dst, '.'), *r = strrchr(st->atoms[0].text, '.');
                if (!strcmp(d, r)) {
                    if (nmoved < MAX_MOVED && !is_cursor(moved, nmoved, d + 1))
                        moved[nmoved++] = d + 1;
                } else if (ncand < sizeof cand / sizeof *cand) {
                    cand[ncand++] = (struct falias){d + 1, r + 1};
                }
            }
        }
    for (size_t i = 0; i < ncand; i++)
        if (is_cursor(moved, nmoved, cand[i].a) || is_cursor(moved, nmoved, cand[i].b))
            field_alias_add(e, cand[i].a, cand[i].b);
}

static int build_index(engine *e, fl_tu *const *tus, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += tus[i]->nfuncs;
    e->funcs = calloc(total ? total : 1, sizeof *e->funcs);
    e->nfb = 64;
    while (e->nfb < total * 2)
        e->nfb *= 2;
    e->fbuckets = calloc(e->nfb, sizeof *e->fbuckets);
    if (!e->funcs || !e->fbuckets)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < tus[i]->nfuncs; j++) {
            const fl_func *f = &tus[i]->funcs[j];
            size_t b = hash_str(f->name) & (e->nfb - 1);
            /* A function defined in a header is seen once per includer:
             * keep the first. A template's instantiations share its
             * place, each with a USR of its own. */
            int dup = 0;
            for (func *g = e->fbuckets[b]; g && !dup; g = g->next_same_name)
                dup = !strcmp(g->f->name, f->name) && !strcmp(g->f->file, f->file) &&
                      g->f->line == f->line && g->f->usr == f->usr;
            if (dup)
                continue;
            func *fn = &e->funcs[e->nfuncs++];
            fn->f = f;
            fn->next_same_name = e->fbuckets[b];
            e->fbuckets[b] = fn;
        }
    return 0;
}

/* Reverse call edges, for the worklist. */
static int add_caller(func *g, size_t i)
{
    if (!g || (g->ncallers && g->callers[g->ncallers - 1] == i))
        return 0;
    if (g->ncallers == g->capcallers) {
        size_t cap = g->capcallers ? g->capcallers * 2 : 4;
        size_t *v = realloc(g->callers, cap * sizeof *v);
        if (!v)
            return -1;
        g->callers = v;
        g->capcallers = cap;
    }
    g->callers[g->ncallers++] = i;
    return 0;
}

/* The functions a library call calls back (call_back) have its caller
 * i as theirs: when their summaries change, i is analysed again. */
static int link_callback(engine *e, const fl_call *call, size_t i)
{
    const nameinfo *ni = name_info(e, call->callee, call->system);
    const vg_callback *cb = ni ? ni->callback : NULL;
    if (!cb)
        return 0;
    const char *file = e->funcs[i].f->file;
    if (cb->holder < 0)
        return (size_t)cb->fn_arg < call->nargs && call->args[cb->fn_arg].name
            ? add_caller((func *)resolve_target(e, call->args[cb->fn_arg].name, file, 1), i) : 0;
    const char *targets[MAX_FNPTR_TARGETS];
    size_t n = fnptr_targets(e, vg_arena_printf(&e->arena, "*%s", cb->fn_field), targets);
    for (size_t k = 0; k < n; k++)
        if (add_caller((func *)resolve_target(e, targets[k], file, n), i))
            return -1;
    return 0;
}

static int link_callers(engine *e)
{
    for (size_t i = 0; i < e->nfuncs; i++) {
        const fl_func *f = e->funcs[i].f;
        e->funcs[i].dirty = 1;
        for (size_t c = 0; c < f->ncalls; c++) {
            const fl_call *call = &f->calls[c];
            if (call->callee[0] == '*') {       /* through a pointer: each known target */
                const char *targets[MAX_FNPTR_TARGETS];
                size_t n = fnptr_targets(e, call->callee, targets);
                for (size_t k = 0; k < n; k++)
                    if (add_caller((func *)resolve_target(e, targets[k], f->file, n), i))
                        return -1;
                continue;
            }
            if (!call->system && add_caller((func *)resolve(e, call->callee, f->file, (int)call->nargs, call->usr), i))
                return -1;
            if (call->callee[0] && link_callback(e, call, i))
                return -1;
        }
    }
    /* resolution picks one overload of a name; its callers call them all
     * as far as knowing their arguments goes */
    for (size_t i = 0; i < e->nfuncs; i++) {
        if (!e->funcs[i].ncallers)
            continue;
        const char *name = e->funcs[i].f->name;
        for (func *g = e->fbuckets[hash_str(name) & (e->nfb - 1)]; g; g = g->next_same_name)
            if (!strcmp(g->f->name, name))
                g->called = 1;
    }
    return 0;
}

/* VG_DEBUG_SUMMARIES: the field path each parameter slot is read through */
static void debug_suffixes(const taint *t)
{
    for (int b = NCAT; b <= VSLOT; b++) {
        char buf[2048];
        if ((t->mask & BIT(b)) && t->c[b] && chain_paths(t->c[b], buf, sizeof buf)[0])
            fprintf(stderr, " p%d%s", b - NCAT, buf);
    }
}

static int gstr_cmp(const void *a, const void *b)
{
    return strcmp((*(const fl_gstr *const *)a)->name, (*(const fl_gstr *const *)b)->name);
}

/* Judge one call again with the default strings of the globals it was
 * handed (the walker saw only their names). */
static int judge_one_default(engine *e, const fl_func *f, const fl_call *c, size_t j,
                             const char *str)
{
    fl_arg *args = malloc(c->nargs * sizeof *args);
    if (!args)
        return -1;
    memcpy(args, c->args, c->nargs * sizeof *args);
    args[j].str = str;
    fl_call with = *c;
    with.args = args;
    int rc = vg_misuse_check(e->o, &with, f->file, f->name, e->out);
    free(args);
    return rc ? -1 : 0;
}

static int judge_with_defaults(engine *e, const fl_func *f, const fl_call *c,
                               const fl_gstr **g, size_t ng)
{
    for (size_t j = 0; j < c->nargs; j++) {
        if (!c->args[j].global || c->args[j].str)
            continue;
        fl_gstr key = {.name = c->args[j].name}, *kp = &key;
        const fl_gstr **hit = bsearch(&kp, g, ng, sizeof *g, gstr_cmp);
        if (!hit)
            continue;
        /* every default the program writes for it, once each */
        while (hit > g && gstr_cmp(hit - 1, &kp) == 0)
            hit--;
        for (const fl_gstr **x = hit; x < g + ng && gstr_cmp(x, &kp) == 0; x++) {
            int again = 0;
            for (const fl_gstr **y = hit; y < x && !again; y++)
                again = !strcmp((*y)->str, (*x)->str);
            if (!again && judge_one_default(e, f, c, j, (*x)->str))
                return -1;
        }
    }
    return 0;
}

/* A TLS setting made with a global whose default another unit writes
 * (const char *ciphers = "AES128-SHA" in one file, SSL_CTX_set_cipher_list
 * (ctx, ciphers) in another) is judged here, where every unit is known,
 * as the walker judges a literal. Returns 0, or -1 out of memory. */
static int judge_global_defaults(engine *e, fl_tu *const *tus, size_t n)
{
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        ng += tus[i]->ngstrs;
    if (!ng)
        return 0;
    const fl_gstr **g = malloc(ng * sizeof *g);
    if (!g)
        return -1;
    ng = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < tus[i]->ngstrs; j++)
            g[ng++] = &tus[i]->gstrs[j];
    qsort(g, ng, sizeof *g, gstr_cmp);
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t k = 0; !rc && k < tus[i]->nfuncs; k++) {
            const fl_func *f = &tus[i]->funcs[k];
            for (size_t c = 0; !rc && c < f->ncalls; c++)
                if (vg_misuse_wants_constants(f->calls[c].callee))
                    rc = judge_with_defaults(e, f, &f->calls[c], g, ng);
        }
    free(g);
    return rc;
}

/* Each hand-over of real data into a global that a finding was reached
 * through is a flow of that finding's rule, reported at its own call:
 * three callers queueing three passwords on one connection buffer are
 * three findings, not the first of them. */
static void report_handovers(engine *e)
{
    e->cur = NULL;
    for (size_t g = 0; g < e->ngsinks && !e->oom; g++) {
        const struct gsink *G = &e->gsinks[g];
        for (size_t h = 0; h < e->nhovs && !e->oom; h++) {
            const struct handover *H = &e->hovs[h];
            const char *rule = rule_for(e, G->kind, H->cat);
            if (!rule || strcmp(rule, G->rule) != 0 || strcmp(H->key, G->key) != 0)
                continue;
            const chain *c = step(e, H->c, H->file, H->line, H->col,
                                  vg_arena_printf(&e->arena, "kept in %s (file scope)",
                                                  H->key + 2));
            c = step(e, c, G->flow->file, G->flow->line, G->flow->col, G->flow->msg);
            sinkrec s = {.file = H->file, .fn = H->fn, .callee = H->callee, .line = H->line,
                         .col = H->col, .kind = G->kind, .cond = -1};
            add_finding(e, G->rule, &s, H->cat, c, NULL, 0);
        }
    }
}

int vg_flow_engine_run(const vg_scan_opts *o, fl_tu *const *tus, size_t n, vg_findings *out)
{
    engine e = {.o = o, .rs = o->rs, .out = out, .password_cat = -1, .username_cat = -1,
                .peer_cat = -1};
    const vg_category *pw = vg_ruleset_category(o->rs, "password");
    const vg_category *us = vg_ruleset_category(o->rs, "username");
    if (pw && pw - o->rs->categories < RCAT)
        e.password_cat = (int)(pw - o->rs->categories);
    if (us && us - o->rs->categories < RCAT)
        e.username_cat = (int)(us - o->rs->categories);
    for (size_t i = 0; i < o->rs->nsinks; i++)
        if (o->rs->sinks[i].kind == VG_SINK_LOG)
            e.log_sink = &o->rs->sinks[i];
    unsigned facts = 0;
    for (size_t i = 0; i < n; i++)
        facts |= tus[i]->facts;
    e.local_only = (facts & FL_FACT_LOCAL_SOCKET) && !(facts & FL_FACT_NET_SOCKET);
    const vg_category *person = vg_ruleset_category(o->rs, "name");
    if ((facts & FL_FACT_TLS_SERVER) && person && person - o->rs->categories < RCAT)
        e.peer_cat = (int)(person - o->rs->categories);
    int rc = build_index(&e, tus, n);
    index_field_aliases(&e, tus, n);
    if (!rc && index_fnptrs(&e, tus, n))
        rc = -1;
    if (!rc && judge_global_defaults(&e, tus, n))
        rc = -1;
    uint64_t *sig = calloc(e.nfuncs ? e.nfuncs : 1, sizeof *sig);
    if (!sig)
        rc = -1;
    if (!rc && link_callers(&e))
        rc = -1;
    /* Worklist: a summary is recomputed only when one of its callees'
     * summaries changed; a bounded number of rounds stops recursion. */
    for (int round = 0; !rc && round < MAX_ROUNDS; round++) {
        int any = 0;
        for (size_t i = 0; i < e.nfuncs && !e.oom; i++) {
            if (!e.funcs[i].dirty)
                continue;
            e.funcs[i].dirty = 0;
            any = 1;
            summary *S = analyse(&e, &e.funcs[i]);
            if (!S)
                break;
            uint64_t s = signature(S);
            if (s != sig[i] || !e.funcs[i].sum)
                for (size_t k = 0; k < e.funcs[i].ncallers; k++)
                    e.funcs[e.funcs[i].callers[k]].dirty = 1;
            sig[i] = s;
            e.funcs[i].sum = S;
        }
        if (!any || e.oom)
            break;
    }
    if (getenv("VG_DEBUG_SUMMARIES"))
        for (size_t i = 0; i < e.nfuncs; i++) {
            const summary *S = e.funcs[i].sum;
            if (!S)
                continue;
            fprintf(stderr, "summary %s (%s:%d) ret=%llx%s", e.funcs[i].f->name,
                    e.funcs[i].f->file, e.funcs[i].f->line, (unsigned long long)S->ret.mask,
                    S->returns_conn ? " conn" : "");
            debug_suffixes(&S->ret);
            for (const sinkrec *r = S->sinks; r; r = r->next) {
                fprintf(stderr, " sink[%s@%d %llx", r->callee, r->line, (unsigned long long)r->t.mask);
                if (r->cond >= 0)
                    fprintf(stderr, " if-p%d", r->cond);
                debug_suffixes(&r->t);
                fputc(']', stderr);
            }
            for (const outrec *x = S->outs; x; x = x->next) {
                fprintf(stderr, " out[%s%d%s %llx", x->replace ? "=" : "", x->param, x->suffix,
                        (unsigned long long)x->t.mask);
                debug_suffixes(&x->t);
                fputc(']', stderr);
            }
            fputc('\n', stderr);
        }
    e.reporting = 1;
    for (size_t i = 0; !rc && i < e.nfuncs && !e.oom; i++)
        analyse(&e, &e.funcs[i]);
    if (!rc)
        report_handovers(&e);
    if (e.oom)
        rc = -1;
    free(sig);
    for (size_t i = 0; e.funcs && i < e.nfuncs; i++)
        free(e.funcs[i].callers);
    free(e.funcs);
    free(e.fbuckets);
    free(e.fnptrs);
    free(e.globals);
    free(e.sites);
    free(e.site_index.v);
    free(e.hovs);
    free(e.gsinks);
    free(e.flows.v);
    free(e.names);
    free(e.places);
    free(e.tainted);
    free(e.used);
    free(e.res);
    free(e.seen.v);
    vg_arena_free(&e.arena);
    return rc;
}
