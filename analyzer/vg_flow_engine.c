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

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCAT 16
#define NPAR 16
#define NSLOT (NCAT + NPAR)
#define MAX_ROUNDS 6
#define MAX_CHAIN 48

typedef struct chain {
    const struct chain *prev;
    const char *file;
    int line, col;
    const char *msg;
    const char *suffix;         /* a parameter read through one of its fields */
    int len;
} chain;

typedef struct taint {
    uint32_t mask;
    const chain *c[NSLOT];
} taint;

/* A sink reached inside a function, through its parameters or its own data. */
typedef struct sinkrec {
    const char *file, *fn, *callee;
    int line, col, kind;
    taint t;
    struct sinkrec *next;
} sinkrec;

/* Data written through a pointer parameter: into *param itself (suffix
 * "") or into one of its fields (".password"), so a caller's other
 * fields stay clean. */
typedef struct outrec {
    int param;
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
} summary;

typedef struct func {
    const fl_func *f;
    summary *sum;
    struct func *next_same_name;
    size_t *callers;            /* indexes of the functions that call this one */
    size_t ncallers, capcallers;
    int dirty;                  /* its summary must be (re)computed */
} func;

/* What a callee name means, worked out once per name. */
typedef struct nameinfo {
    const char *name;
    int system;
    int sanitizer, audit, record_read, source_cat, sink_kind;
    int reader_name;            /* the name itself says "reads a record" */
} nameinfo;

typedef struct place {
    const char *key;
    uint32_t hash;
    taint t;
    taint through;              /* written through the pointer (*p, p[i], strcpy(p)) */
} place;

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
    taint *res;                 /* call results */
    size_t rescap;
    int reporting;
    const func *cur;
    summary *cursum;
    int audits;
    int record_read_call;       /* index of the first record-read call, or -1 */
    vg_findings *out;
    uint64_t *seen;
    size_t seencap, nseen;
    int oom;
    int password_cat, username_cat;
    const vg_sink *log_sink;
} engine;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static uint64_t hash64(const char *s, uint64_t h)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
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
    return c;
}

static void t_union(taint *d, const taint *s)
{
    uint32_t add = s->mask & ~d->mask;
    for (int b = 0; add; b++, add >>= 1)
        if (add & 1)
            d->c[b] = s->c[b];
    d->mask |= s->mask;
}

static void t_step(engine *e, taint *t, const char *file, int line, int col, const char *msg)
{
    uint32_t m = t->mask;
    for (int b = 0; m; b++, m >>= 1)
        if (m & 1)
            t->c[b] = step(e, t->c[b], file, line, col, msg);
}

/* ---- places of the current function ---- */

static void places_reset(engine *e)
{
    if (e->pcap)
        memset(e->places, 0, e->pcap * sizeof *e->places);
    e->pn = 0;
    e->ntainted = 0;
}

static place *place_get(engine *e, const char *key, int create)
{
    if (e->pn * 2 >= e->pcap && create) {
        size_t ncap = e->pcap ? e->pcap * 2 : 64;
        place *np = calloc(ncap, sizeof *np);
        size_t *nt = realloc(e->tainted, ncap * sizeof *nt);
        if (!np || !nt) {
            free(np);
            if (nt)
                e->tainted = nt;
            e->oom = 1;
            return NULL;
        }
        e->tainted = nt;
        e->captainted = ncap;
        e->ntainted = 0;
        for (size_t i = 0; i < e->pcap; i++) {
            place *p = &e->places[i];
            if (!p->key)
                continue;
            size_t j = p->hash & (ncap - 1);
            while (np[j].key)
                j = (j + 1) & (ncap - 1);
            np[j] = *p;
            if (p->t.mask)
                e->tainted[e->ntainted++] = j;
        }
        free(e->places);
        e->places = np;
        e->pcap = ncap;
    }
    if (!e->pcap)
        return NULL;
    uint32_t h = hash_str(key);
    size_t j = h & (e->pcap - 1);
    while (e->places[j].key) {
        if (e->places[j].hash == h && strcmp(e->places[j].key, key) == 0)
            return &e->places[j];
        j = (j + 1) & (e->pcap - 1);
    }
    if (!create)
        return NULL;
    e->places[j].key = key;
    e->places[j].hash = h;
    e->pn++;
    return &e->places[j];
}

static void place_write(engine *e, const char *key, const taint *t, int strong)
{
    place *p = place_get(e, key, 1);
    if (!p)
        return;
    int was = p->t.mask != 0;
    if (strong)
        p->t = *t;
    else {
        t_union(&p->t, t);
        t_union(&p->through, t);
    }
    if (!was && p->t.mask)
        e->tainted[e->ntainted++] = (size_t)(p - e->places);
}

/* A field of a parameter: remember which field, so the caller can hand
 * over the taint of that field of its argument, not the whole struct. */
static void read_parent(engine *e, const place *p, const char *suffix, taint *out)
{
    taint t = p->t;
    uint32_t m = t.mask >> NCAT;
    for (int b = 0; m; b++, m >>= 1) {
        const chain *c = t.c[NCAT + b];
        if (!(m & 1) || !c || c->len != 1)
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
        x->suffix = suffix;
        x->len = 2;
        t.c[NCAT + b] = x;
    }
    t_union(out, &t);
}

/* Reading a.b also reads what was stored into a as a whole; with
 * children, also what was stored into a.b.c (a whole struct handed to a
 * call carries its fields; a struct assigned or returned keeps only its
 * own taint, so one sensitive field does not taint its siblings). */
static void place_read(engine *e, const char *key, taint *out, int children)
{
    size_t len = strlen(key);
    place *p = place_get(e, key, 0);
    if (p)
        t_union(out, &p->t);
    char buf[256];
    if (len < sizeof buf) {
        memcpy(buf, key, len + 1);
        for (size_t i = len; i-- > 0;)
            if (buf[i] == '.') {
                buf[i] = 0;
                if ((p = place_get(e, buf, 0)))
                    read_parent(e, p, key + i, out);
            }
    }
    for (size_t i = 0; children && i < e->ntainted; i++) {
        place *q = &e->places[e->tainted[i]];
        if (q->key && strncmp(q->key, key, len) == 0 && q->key[len] == '.')
            t_union(out, &q->t);
    }
}

/* ---- names ---- */

static int ident_cat(engine *e, const char *name)
{
    const vg_category *c = vg_ruleset_match_identifier(e->rs, name);
    if (!c || !(c->sensitive || strcmp(c->id, "username") == 0))
        return -1;
    int i = (int)(c - e->rs->categories);
    return i < NCAT ? i : -1;
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
    ni->source_cat = -1;
    for (size_t i = 0; i < e->rs->nsources; i++)
        if (strcmp(e->rs->sources[i].function, name) == 0) {
            int c = (int)(e->rs->sources[i].category - e->rs->categories);
            ni->source_cat = c < NCAT ? c : -1;
        }
    if (ni->source_cat < 0 && !system)
        ni->source_cat = ident_cat(e, name);
    ni->sink_kind = -1;
    for (size_t i = 0; i < e->rs->nsinks && !ni->audit && !ni->sanitizer; i++)
        if (matches(e, &e->rs->sinks[i].match, name, system)) {
            ni->sink_kind = (int)e->rs->sinks[i].kind;
            break;
        }
    return ni;
}

/* ---- functions ---- */

static const func *resolve(engine *e, const char *name, const char *from_file)
{
    if (!*name || !e->nfb)
        return NULL;
    const func *best = NULL;
    for (const func *f = e->fbuckets[hash_str(name) & (e->nfb - 1)]; f; f = f->next_same_name) {
        if (strcmp(f->f->name, name) != 0)
            continue;
        if (f->f->is_static) {
            if (strcmp(f->f->file, from_file) == 0)
                return f;
        } else if (!best)
            best = f;
    }
    return best;
}

/* ---- sinks ---- */

static int log_stream(engine *e, const fl_arg *a)
{
    const char *n = a->name;
    if (!n)
        return a->has_ival ? (a->ival == 1 || a->ival == 2) : 1;
    if (!strcmp(n, "stdout") || !strcmp(n, "stderr") || !strcmp(n, "STDOUT_FILENO") ||
        !strcmp(n, "STDERR_FILENO"))
        return 1;
    /* logfile, logfp, log_stream: a word that starts with "log" (but
     * login, logout, logic, logo are something else). */
    vg_words w;
    vg_words_split(n, strlen(n), &w);
    for (size_t i = 0; i < w.n; i++)
        if (!strncmp(w.w[i], "log", 3) && strncmp(w.w[i], "logi", 4) &&
            strncmp(w.w[i], "logo", 4))
            return 1;
    return e->log_sink && e->log_sink->match.nwords &&
           vg_matcher_match(e->rs, &(vg_matcher){.words = e->log_sink->match.words,
                                                 .nwords = e->log_sink->match.nwords}, n);
}

/* The sink kind of a call and the arguments that matter (bit i: arg i),
 * or -1 when the call is not a sink. */
static int classify_sink(engine *e, const fl_call *c, const nameinfo *ni, uint64_t *args)
{
    const char *n = c->callee;
    *args = ~0ULL;
    if (!strcmp(n, "curl_easy_setopt")) {
        if (c->nargs < 3)
            return -1;
        const char *o = c->args[1].name ? c->args[1].name : "";
        long long v = c->args[1].has_ival ? c->args[1].ival : -1;
        *args = 1u << 2;
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
        *args = 1u << 2;
        return VG_SINK_URL;
    }
    int stream = -1;
    if (!strcmp(n, "fprintf") || !strcmp(n, "vfprintf") || !strcmp(n, "dprintf") ||
        !strcmp(n, "vdprintf"))
        stream = 0;
    else if (!strcmp(n, "fputs"))
        stream = 1;
    if (stream >= 0) {
        if ((size_t)stream >= c->nargs || !log_stream(e, &c->args[stream]))
            return -1;
        *args &= ~(1ULL << stream);
        return VG_SINK_LOG;
    }
    if (ni->sink_kind == VG_SINK_SOCKET)
        *args = 1u << 1;
    return ni->sink_kind;
}

static const char *rule_for(engine *e, int kind, int cat)
{
    const vg_category *c = &e->rs->categories[cat];
    if (cat == e->password_cat) {
        if (kind == VG_SINK_LOG || kind == VG_SINK_COOKIE || kind == VG_SINK_URL ||
            kind == VG_SINK_HTTP)
            return "CRD004";
        return kind == VG_SINK_SOCKET ? "TLS005" : NULL;
    }
    if (!c->sensitive)
        return NULL;
    static const char *const by_kind[VG_SINK__COUNT] = {
        [VG_SINK_LOG] = "LOG002", [VG_SINK_EMAIL] = "MSG001", [VG_SINK_SMS] = "MSG002",
        [VG_SINK_VOICE] = "MSG003", [VG_SINK_COOKIE] = "CK003", [VG_SINK_URL] = "DSC002",
        [VG_SINK_HTTP] = "DSC001", [VG_SINK_SOCKET] = "TLS005"};
    return kind >= 0 && kind < VG_SINK__COUNT ? by_kind[kind] : NULL;
}

static const char *advice(const char *rule)
{
    static const struct { const char *rule, *text; } t[] = {
        {"LOG002", "application logs must not contain personal information; log an opaque "
                   "request id, or mask the value (a declared sanitizer)"},
        {"MSG001", "personal information is never sent by email; send a notice without it "
                   "and let the person consult the secure portal"},
        {"MSG002", "personal information is never sent by SMS; send a notice without it"},
        {"MSG003", "confidential information is never left in a voice message"},
        {"CK003", "cookies must not identify a person; store an opaque session id"},
        {"DSC002", "personal information must not appear in URLs (they are logged and "
                   "shared); send it in a POST body over TLS"},
        {"DSC001", "personal information goes to a third party; check that it is "
                   "authorised, or remove it"},
        {"TLS005", "personal information is sent over a cleartext socket; use TLS"},
        {"CRD004", "passwords are confidential: never log, store in cookies or URLs, or "
                   "send them to third parties"},
        {"CRD001", "send the username and the temporary password in two separate messages, "
                   "to two different addresses"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].rule, rule))
            return t[i].text;
    return "";
}

static int seen_before(engine *e, uint64_t h)
{
    if (e->nseen * 2 >= e->seencap) {
        size_t ncap = e->seencap ? e->seencap * 2 : 256;
        uint64_t *ns = calloc(ncap, sizeof *ns);
        if (!ns) {
            e->oom = 1;
            return 1;
        }
        for (size_t i = 0; i < e->seencap; i++)
            if (e->seen[i]) {
                size_t j = e->seen[i] & (ncap - 1);
                while (ns[j])
                    j = (j + 1) & (ncap - 1);
                ns[j] = e->seen[i];
            }
        free(e->seen);
        e->seen = ns;
        e->seencap = ncap;
    }
    h |= 1;
    size_t j = h & (e->seencap - 1);
    while (e->seen[j]) {
        if (e->seen[j] == h)
            return 1;
        j = (j + 1) & (e->seencap - 1);
    }
    e->seen[j] = h;
    e->nseen++;
    return 0;
}

static const chain *chain_root(const chain *c)
{
    while (c && c->prev)
        c = c->prev;
    return c;
}

static void add_finding(engine *e, const char *rule, const sinkrec *s, int cat,
                        const chain *flow, const char *extra)
{
    char key[64];
    snprintf(key, sizeof key, "|%d|%d|%d", s->line, s->col, cat);
    uint64_t h = hash64(key, hash64(s->file, hash64(rule, 1469598103934665603ULL)));
    if (seen_before(e, h))
        return;
    const vg_category *c = &e->rs->categories[cat];
    const chain *root = chain_root(flow);
    char msg[1024], fp[512], props[256];
    snprintf(msg, sizeof msg, "%s from %s (%s:%d) reaches %s() in %s: %s%s%s.", c->label.en,
             root && root->msg ? root->msg : "?", root ? root->file : "?", root ? root->line : 0,
             s->callee, s->fn, extra ? extra : "", extra ? "; " : "", advice(rule));
    snprintf(fp, sizeof fp, "%s:%s:%s:%s:%s", rule, s->fn, s->callee, c->id,
             root && root->msg ? root->msg : "");
    snprintf(props, sizeof props, "{\"category\":\"%s\",\"sink\":\"%s\"}", c->id,
             vg_sink_kind_name((vg_sink_kind)s->kind));
    vg_finding *f = vg_findings_add(e->out, rule, VG_LEVEL_NONE, s->file, s->line, s->col, msg);
    if (!f || vg_finding_set_logical(f, s->fn) || vg_finding_set_fingerprint(f, fp) ||
        vg_finding_set_props(f, props)) {
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

/* Report real data at a sink (reporting pass only). */
static void report(engine *e, const sinkrec *s)
{
    uint32_t real = s->t.mask & ((1u << NCAT) - 1);
    int pw = e->password_cat, us = e->username_cat;
    int message = s->kind == VG_SINK_EMAIL || s->kind == VG_SINK_SMS || s->kind == VG_SINK_VOICE;
    if (message && pw >= 0 && us >= 0 && (real & (1u << pw)) && (real & (1u << us))) {
        const chain *u = chain_root(s->t.c[us]);
        char extra[256];
        snprintf(extra, sizeof extra, "the username (from %s) goes in the same message",
                 u && u->msg ? u->msg : "?");
        add_finding(e, "CRD001", s, pw, s->t.c[pw], extra);
    }
    for (int cat = 0; cat < NCAT; cat++) {
        if (!(real & (1u << cat)))
            continue;
        const char *rule = rule_for(e, s->kind, cat);
        if (rule)
            add_finding(e, rule, s, cat, s->t.c[cat], NULL);
    }
}

/* Record a sink reached with parameter data in the summary being built. */
static void record_sink(engine *e, const sinkrec *s)
{
    if (!(s->t.mask >> NCAT) || !e->cursum)
        return;
    for (sinkrec *r = e->cursum->sinks; r; r = r->next)
        if (r->line == s->line && r->col == s->col && r->kind == s->kind &&
            !strcmp(r->file, s->file)) {
            t_union(&r->t, &s->t);
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
            if (a[i].cat < NCAT && !(out->mask & (1u << a[i].cat))) {
                out->c[a[i].cat] = step(e, NULL, f->file, a[i].line, a[i].col, a[i].text);
                out->mask |= 1u << a[i].cat;
            }
            break;
        case FL_AT_CALL:
            if ((size_t)a[i].call < f->ncalls)
                t_union(out, &e->res[a[i].call]);
            break;
        }
    }
}

/* Splice a callee's chain (from its parameter root to the end) onto a
 * caller's chain. */
static const chain *splice(engine *e, const chain *onto, const chain *callee_chain)
{
    const chain *v[MAX_CHAIN + 1];
    int n = 0;
    for (const chain *x = callee_chain; x && n < MAX_CHAIN + 1; x = x->prev)
        v[n++] = x;
    n--;                                /* drop the "parameter of callee" root */
    while (n-- > 0)
        onto = step(e, onto, v[n]->file, v[n]->line, v[n]->col, v[n]->msg);
    return onto;
}

/* Map a callee taint (param slots of the callee) to the caller's taints. */
static void substitute(engine *e, const taint *callee_t, const taint *args, size_t nargs,
                       taint *out, const fl_call *call, const char *file)
{
    int line = call->line, col = call->col;
    const char *callee = call->callee;
    uint32_t real = callee_t->mask & ((1u << NCAT) - 1);
    for (int b = 0; b < NCAT; b++)
        if ((real & (1u << b)) && !(out->mask & (1u << b))) {
            out->c[b] = callee_t->c[b];
            out->mask |= 1u << b;
        }
    for (size_t p = 0; p < nargs && p < NPAR; p++) {
        if (!(callee_t->mask & (1u << (NCAT + p))))
            continue;
        const taint *a = &args[p];
        taint field = {0};
        const chain *second = callee_t->c[NCAT + p];
        while (second && second->len > 2)
            second = second->prev;
        if (second && second->suffix && call->args[p].dest) {
            /* The callee read one field: take that field of the argument. */
            char key[512];
            snprintf(key, sizeof key, "%s%s", call->args[p].dest, second->suffix);
            place_read(e, key, &field, 1);
            a = &field;
        }
        uint32_t m = a->mask;
        for (int b = 0; m; b++, m >>= 1) {
            if (!(m & 1) || (out->mask & (1u << b)))
                continue;
            const chain *c = step(e, a->c[b], file, line, col,
                                  vg_arena_printf(&e->arena, "passed to %s() as argument %zu",
                                                  callee, p + 1));
            out->c[b] = splice(e, c, callee_t->c[NCAT + p]);
            out->mask |= 1u << b;
        }
    }
}

static int copy_like(const char *n)
{
    static const char *const c[] = {"snprintf", "sprintf", "vsnprintf", "vsprintf", "strcpy",
        "strncpy", "strcat", "strncat", "memcpy", "memmove", "stpcpy", "stpncpy", "strlcpy",
        "strlcat", "asprintf", "vasprintf", "wcscpy", "wcscat", "swprintf", "__builtin___snprintf_chk",
        "__builtin___sprintf_chk", "__builtin___strcpy_chk", "__builtin___strcat_chk",
        "__builtin___memcpy_chk", "__builtin___strncpy_chk", "__builtin___strncat_chk",
        "__snprintf_chk", "__sprintf_chk", "__strcpy_chk", "__memcpy_chk", NULL};
    for (size_t i = 0; c[i]; i++)
        if (!strcmp(n, c[i]))
            return 1;
    return 0;
}

static int opaque_result(const char *n)
{
    static const char *const c[] = {"strlen", "strnlen", "strcmp", "strncmp", "strcasecmp",
        "strncasecmp", "memcmp", "free", "close", "fclose", "time", "isalpha", "isdigit",
        "isspace", "isalnum", "toupper", "tolower", "malloc", "calloc", "rand", "CRYPTO_memcmp",
        "sizeof", NULL};
    for (size_t i = 0; c[i]; i++)
        if (!strcmp(n, c[i]))
            return 1;
    return 0;
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
    if (ni->sanitizer)
        return;                         /* masked, hashed, redacted: the flow stops */
    /* Arguments with what their fields hold (for callees, which read
     * fields) and without (for sinks: a struct handed to a logger is not
     * its password field). */
    taint args[NPAR], own[NPAR];
    size_t na = c->nargs < NPAR ? c->nargs : NPAR;
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

    uint64_t which;
    int kind = c->callee[0] ? classify_sink(e, c, ni, &which) : -1;
    const func *callee = kind < 0 ? resolve(e, c->callee, f->file) : NULL;
    if (kind >= 0) {
        sinkrec s = {.file = f->file, .fn = f->name, .callee = c->callee, .line = c->line,
                     .col = c->col, .kind = kind};
        const char *msg = vg_arena_printf(&e->arena, "sink: %s() (%s)", c->callee,
                                          vg_sink_kind_name((vg_sink_kind)kind));
        for (size_t i = 0; i < na; i++)
            if ((which & (1ULL << i)) && !c->args[i].is_record)
                t_union(&s.t, &own[i]);     /* connection handles are not content */
        t_step(e, &s.t, f->file, c->line, c->col, msg);
        at_sink(e, &s);
    } else if (callee && callee->sum) {
        const summary *S = callee->sum;
        if (S->audits)
            e->audits = 1;
        substitute(e, &S->ret, args, na, res, c, f->file);
        if (res->mask)
            t_step(e, res, f->file, c->line, c->col,
                   vg_arena_printf(&e->arena, "returned by %s()", c->callee));
        for (const outrec *o = S->outs; o; o = o->next) {
            if ((size_t)o->param >= na || !c->args[o->param].dest)
                continue;
            taint w = {0};
            substitute(e, &o->t, args, na, &w, c, f->file);
            const char *dst = o->suffix[0]
                ? vg_arena_printf(&e->arena, "%s%s", c->args[o->param].dest, o->suffix)
                : c->args[o->param].dest;
            t_step(e, &w, f->file, c->line, c->col,
                   vg_arena_printf(&e->arena, "%s() writes it into %s", c->callee, dst));
            place_write(e, dst, &w, 0);
        }
        for (const sinkrec *r = S->sinks; r; r = r->next) {
            sinkrec s = *r;
            memset(&s.t, 0, sizeof s.t);
            substitute(e, &r->t, args, na, &s.t, c, f->file);
            at_sink(e, &s);
        }
    } else if (copy_like(c->callee) && c->nargs && c->args[0].dest) {
        taint w = {0};
        for (size_t i = 1; i < na; i++)
            t_union(&w, &args[i]);
        if (w.mask) {
            t_step(e, &w, f->file, c->line, c->col,
                   vg_arena_printf(&e->arena, "%s() copies it into %s", c->callee, c->args[0].dest));
            place_write(e, c->args[0].dest, &w, 0);
        }
    } else if (c->callee[0] && !opaque_result(c->callee)) {
        /* A library function we know nothing about: its result may be
         * derived from its arguments (strdup, xstrdup). Calls through
         * pointers are left opaque: callbacks are too often lookups. */
        for (size_t i = 0; i < na; i++)
            t_union(res, &args[i]);
        if (res->mask && c->callee[0])
            t_step(e, res, f->file, c->line, c->col,
                   vg_arena_printf(&e->arena, "through %s()", c->callee));
    }
    if (ni->source_cat >= 0 && !(res->mask & (1u << ni->source_cat))) {
        res->c[ni->source_cat] = step(e, NULL, f->file, c->line, c->col,
                                      vg_arena_printf(&e->arena, "%s()", c->callee));
        res->mask |= 1u << ni->source_cat;
    }
}

static void run_body(engine *e, taint *ret)
{
    const fl_func *f = e->cur->f;
    for (size_t i = 0; i < f->nstmts && !e->oom; i++) {
        const fl_stmt *s = &f->stmts[i];
        taint t = {0};
        switch (s->op) {
        case FL_ST_ASSIGN:
        case FL_ST_UPDATE:
            eval_atoms(e, s->atoms, s->natoms, &t, 0);
            if (t.mask)
                t_step(e, &t, f->file, s->line, s->col,
                       vg_arena_printf(&e->arena, "assigned to %s", s->dst));
            place_write(e, s->dst, &t, s->op == FL_ST_ASSIGN);
            break;
        case FL_ST_CALL:
            if ((size_t)s->call < f->ncalls)
                do_call(e, s->call);
            break;
        case FL_ST_RETURN:
            eval_atoms(e, s->atoms, s->natoms, &t, 0);
            if (t.mask) {
                t_step(e, &t, f->file, s->line, s->col, "returned");
                t_union(ret, &t);
            }
            break;
        }
    }
}

/* Analyse one function: with reporting off, build its summary. */
static summary *analyse(engine *e, const func *fn)
{
    const fl_func *f = fn->f;
    e->cur = fn;
    e->audits = 0;
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
            taint t = {.mask = 1u << (NCAT + p)};
            t.c[NCAT + p] = step(e, NULL, f->file, f->line,
                                 0, vg_arena_printf(&e->arena, "parameter %s of %s()",
                                                    f->params[p], f->name));
            place_write(e, f->params[p], &t, 1);
        }
    }
    e->cursum = S;
    taint ret = {0};
    run_body(e, &ret);
    run_body(e, &ret);          /* a second pass: values carried round loops */
    if (S) {
        S->ret = ret;
        S->audits = e->audits;
        for (size_t i = 0; i < e->ntainted; i++) {
            const place *q = &e->places[e->tainted[i]];
            for (size_t p = 0; q->key && p < f->nparams && p < NPAR; p++) {
                size_t len = f->params[p] ? strlen(f->params[p]) : 0;
                if (!len || strncmp(q->key, f->params[p], len) != 0 ||
                    (q->key[len] && q->key[len] != '.'))
                    continue;
                outrec *o = vg_arena_alloc(&e->arena, sizeof *o);
                if (!o) {
                    e->oom = 1;
                    break;
                }
                /* the parameter itself only counts where written through */
                o->t = q->key[len] ? q->t : q->through;
                o->t.mask &= ~(1u << (NCAT + p));   /* its own value is not an output */
                if (!o->t.mask)
                    continue;
                o->param = (int)p;
                o->suffix = q->key + len;
                o->next = S->outs;
                S->outs = o;
            }
        }
    } else if (e->record_read_call >= 0 && !e->audits &&
               !name_info(e, f->name, 0)->reader_name) {
        const fl_call *c = &f->calls[e->record_read_call];
        char msg[512], fp[256];
        snprintf(msg, sizeof msg, "%s() reads a personal record with no access-log (audit) call "
                 "in %s() or the functions it calls: every access to a record must be traced",
                 c->callee, f->name);
        snprintf(fp, sizeof fp, "DSC003:%s:%s", f->name, c->callee);
        uint64_t h = hash64(fp, hash64(f->file, 1469598103934665603ULL));
        if (!seen_before(e, h)) {
            vg_finding *x = vg_findings_add(e->out, "DSC003", VG_LEVEL_NONE, f->file, c->line,
                                            c->col, msg);
            if (!x || vg_finding_set_logical(x, f->name) || vg_finding_set_fingerprint(x, fp))
                e->oom = 1;
        }
    }
    return S;
}

static uint64_t signature(const summary *S)
{
    uint64_t h = S->ret.mask ^ ((uint64_t)S->audits << 40) ^ ((uint64_t)S->nsinks << 48);
    for (const outrec *o = S->outs; o; o = o->next)
        h = (h * 1099511628211ULL) ^ o->t.mask ^ hash_str(o->suffix) ^ (uint64_t)o->param << 32;
    for (const sinkrec *r = S->sinks; r; r = r->next)
        h = (h * 1099511628211ULL) ^ r->t.mask ^ (uint64_t)r->line;
    return h;
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
             * keep the first. */
            int dup = 0;
            for (func *g = e->fbuckets[b]; g && !dup; g = g->next_same_name)
                dup = !strcmp(g->f->name, f->name) && !strcmp(g->f->file, f->file) &&
                      g->f->line == f->line;
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
static int link_callers(engine *e)
{
    for (size_t i = 0; i < e->nfuncs; i++) {
        const fl_func *f = e->funcs[i].f;
        e->funcs[i].dirty = 1;
        for (size_t c = 0; c < f->ncalls; c++) {
            func *g = (func *)resolve(e, f->calls[c].callee, f->file);
            if (!g || (g->ncallers && g->callers[g->ncallers - 1] == i))
                continue;
            if (g->ncallers == g->capcallers) {
                size_t cap = g->capcallers ? g->capcallers * 2 : 4;
                size_t *v = realloc(g->callers, cap * sizeof *v);
                if (!v)
                    return -1;
                g->callers = v;
                g->capcallers = cap;
            }
            g->callers[g->ncallers++] = i;
        }
    }
    return 0;
}

int vg_flow_engine_run(const vg_scan_opts *o, fl_tu *const *tus, size_t n, vg_findings *out)
{
    engine e = {.o = o, .rs = o->rs, .out = out, .password_cat = -1, .username_cat = -1};
    const vg_category *pw = vg_ruleset_category(o->rs, "password");
    const vg_category *us = vg_ruleset_category(o->rs, "username");
    if (pw && pw - o->rs->categories < NCAT)
        e.password_cat = (int)(pw - o->rs->categories);
    if (us && us - o->rs->categories < NCAT)
        e.username_cat = (int)(us - o->rs->categories);
    for (size_t i = 0; i < o->rs->nsinks; i++)
        if (o->rs->sinks[i].kind == VG_SINK_LOG)
            e.log_sink = &o->rs->sinks[i];
    int rc = build_index(&e, tus, n);
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
    e.reporting = 1;
    for (size_t i = 0; !rc && i < e.nfuncs && !e.oom; i++)
        analyse(&e, &e.funcs[i]);
    if (e.oom)
        rc = -1;
    free(sig);
    for (size_t i = 0; e.funcs && i < e.nfuncs; i++)
        free(e.funcs[i].callers);
    free(e.funcs);
    free(e.fbuckets);
    free(e.names);
    free(e.places);
    free(e.tainted);
    free(e.res);
    free(e.seen);
    vg_arena_free(&e.arena);
    return rc;
}
