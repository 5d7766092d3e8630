/*
 * Building and rendering catalogue messages. The catalogue itself is in
 * vg_msg_catalogue.c.
 */
#include "vg_msg.h"
#include "vg_buf.h"
#include "vg_hash.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *vg_lang_tag(vg_lang lang)
{
    return lang == VG_LANG_FR ? "fr-CA" : "en";
}

vg_lang vg_lang_from_tag(const char *tag)
{
    return tag && (tag[0] == 'f' || tag[0] == 'F') && (tag[1] == 'r' || tag[1] == 'R')
               ? VG_LANG_FR : VG_LANG_EN;
}

vg_lang vg_lang_from_env(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return vg_lang_from_tag(v);
    }
    return VG_LANG_EN;
}

/* The catalogue sorted by id, built once: every finding looks its id up,
 * and a linear search over some 340 entries cost more than the rest of
 * building the message. */
static const vg_msg_def **by_id;
static size_t nby_id;
/* The "step.*" entries in catalogue order, for vg_msg_recognise (every
 * argument of a message rendered in French is tried against them). */
static const vg_msg_def **steps;
static size_t nsteps;
static pthread_once_t by_id_once = PTHREAD_ONCE_INIT;

static int def_cmp(const void *a, const void *b)
{
    return strcmp((*(const vg_msg_def *const *)a)->id, (*(const vg_msg_def *const *)b)->id);
}

static void index_catalogue(void)
{
    size_t n;
    const vg_msg_def *c = vg_msg_catalogue(&n);
    if (!(by_id = malloc((n + 1) * sizeof *by_id)))
        return;                             /* vg_msg_get then searches linearly */
    for (size_t i = 0; i < n; i++)
        by_id[i] = &c[i];
    qsort(by_id, n, sizeof *by_id, def_cmp);
    nby_id = n;
    if (!(steps = malloc((n + 1) * sizeof *steps)))
        return;
    for (size_t i = 0; i < n; i++)
        if (strncmp(c[i].id, "step.", 5) == 0)
            steps[nsteps++] = &c[i];
}

const vg_msg_def *vg_msg_get(const char *id)
{
    pthread_once(&by_id_once, index_catalogue);
    if (by_id) {
        size_t lo = 0, hi = nby_id;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(by_id[mid]->id, id);
            if (c == 0)
                return by_id[mid];
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return NULL;
    }
    size_t n;
    const vg_msg_def *c = vg_msg_catalogue(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].id, id) == 0)
            return &c[i];
    return NULL;
}

const char *vg_msg_label(const char *key, vg_lang lang)
{
    char id[128];
    snprintf(id, sizeof id, "label.%s", key);
    const vg_msg_def *d = vg_msg_get(id);
    return d ? (lang == VG_LANG_FR ? d->fr : d->en) : NULL;
}

/* ---- {cat}: filled when a message is built ------------------------------ */

/* The next "{cat}" or "{Cat}" in p, or NULL. */
static const char *next_term(const char *p)
{
    for (const char *q = strchr(p, '{'); q; q = strchr(q + 1, '{'))
        if ((q[1] == 'c' || q[1] == 'C') && !strncmp(q + 2, "at}", 3))
            return q;
    return NULL;
}

/* Length of tmpl with its {cat}/{Cat} filled with label (NULL: left as
 * they are). Capitalising keeps the length: ASCII, and the two-byte
 * French letters whose capitals are two bytes too. */
static size_t filled_len(const char *tmpl, const char *label)
{
    size_t n = strlen(tmpl);
    if (!label)
        return n;
    size_t ll = strlen(label);
    for (const char *q = next_term(tmpl); q; q = next_term(q + 5))
        n = n - 5 + ll;
    return n;
}

/* Upper-case the first letter: ASCII and the accented lower-case letters
 * of French (two-byte UTF-8, U+00E0..U+00FE, upper case 0x20 below). */
static char *copy_capitalised(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    unsigned char c0 = (unsigned char)s[0];
    if (c0 >= 'a' && c0 <= 'z')
        o[0] = (char)(c0 - 32);
    else if (c0 == 0xc3 && (unsigned char)s[1] >= 0xa0 && (unsigned char)s[1] <= 0xbe)
        o[1] = (char)((unsigned char)s[1] - 0x20);
    return o + n;
}

/* Write tmpl with {cat}/{Cat} filled into o (filled_len + 1 bytes); the
 * runs between are copied whole, as this runs for every finding in both
 * languages (a 100 MB text scan builds 40,000). Returns the end of what
 * was written, past its NUL. */
static char *fill_into(char *o, const char *tmpl, const char *label)
{
    size_t ll = label ? strlen(label) : 0;
    const char *p = tmpl;
    for (const char *q = label ? next_term(p) : NULL; q; q = next_term(p)) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        o = q[1] == 'C' ? copy_capitalised(o, label, ll) : (char *)memcpy(o, label, ll) + ll;
        p = q + 5;
    }
    size_t rest = strlen(p) + 1;
    memcpy(o, p, rest);
    return o + rest;
}

/* ---- building ------------------------------------------------------------ */

/* A vg_msgref's own strings live in one block, allocated once: the
 * argument array first (ref->args is the block), then the id and the
 * templates unless they are shared (tmpl_shared), then the arguments. A
 * scan builds one per finding; six allocations each, and both templates
 * copied, were most of the cost and memory of a finding. */
static int make(vg_msgref *ref, const char *id, const char *en, const char *en_label,
                const char *fr, const char *fr_label, bool tmpl_shared,
                const char *const *args, size_t nargs)
{
    memset(ref, 0, sizeof *ref);
    size_t head = (nargs + 1) * sizeof *ref->args, idlen = strlen(id) + 1;
    size_t size = head + (tmpl_shared ? 0 : idlen + filled_len(en, en_label) + 1 +
                                                filled_len(fr, fr_label) + 1);
    for (size_t i = 0; i < nargs; i++)
        size += strlen(args[i] ? args[i] : "") + 1;
    char **block = malloc(size);
    if (!block)
        return -1;
    char *o = (char *)block + head;
    if (tmpl_shared) {
        ref->id = id;
        ref->tmpl[0] = en;
        ref->tmpl[1] = fr;
    } else {
        ref->id = memcpy(o, id, idlen);
        o += idlen;
        ref->tmpl[0] = o;
        o = fill_into(o, en, en_label);
        ref->tmpl[1] = o;
        o = fill_into(o, fr, fr_label);
    }
    for (size_t i = 0; i < nargs; i++) {
        const char *a = args[i] ? args[i] : "";
        size_t n = strlen(a) + 1;
        block[i] = memcpy(o, a, n);
        o += n;
    }
    block[nargs] = NULL;
    ref->args = block;
    ref->nargs = nargs;
    return 0;
}

/* Catalogue templates with a category filled in, shared by every message
 * built from the same entry and category (every NAM found in a scan has
 * the same two), kept for the life of the process. Keyed by the entry and
 * the texts of the category, not their addresses: a ruleset freed and
 * another loaded may reuse them. Bounded by entries x categories. */
typedef struct filled {
    struct filled *next;
    const vg_msg_def *def;
    char *term_id, *label_en, *label_fr;
    char *id, *en, *fr;
} filled;

#define FILLED_BUCKETS 64
static filled *filled_tab[FILLED_BUCKETS];
static pthread_mutex_t filled_lock = PTHREAD_MUTEX_INITIALIZER;

static bool filled_is(const filled *e, const vg_msg_def *d, const char *term_id,
                      const vg_text *term)
{
    return e->def == d && !strcmp(e->term_id, term_id) && !strcmp(e->label_en, term->en) &&
           !strcmp(e->label_fr, term->fr);
}

static filled *filled_new(const vg_msg_def *d, const char *term_id, const vg_text *term)
{
    filled *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    char sid[256];              /* as long as vg_msgref_build ever made an id */
    snprintf(sid, sizeof sid, "%s.%s", d->id, term_id);
    e->def = d;
    e->term_id = strdup(term_id);
    e->label_en = strdup(term->en);
    e->label_fr = strdup(term->fr);
    e->id = strdup(sid);
    e->en = malloc(filled_len(d->en, term->en) + 1);
    e->fr = malloc(filled_len(d->fr, term->fr) + 1);
    if (!e->term_id || !e->label_en || !e->label_fr || !e->id || !e->en || !e->fr) {
        free(e->term_id);
        free(e->label_en);
        free(e->label_fr);
        free(e->id);
        free(e->en);
        free(e->fr);
        free(e);
        return NULL;
    }
    fill_into(e->en, d->en, term->en);
    fill_into(e->fr, d->fr, term->fr);
    return e;
}

/* The shared templates of d with term; NULL out of memory. */
static const filled *filled_get(const vg_msg_def *d, const char *term_id, const vg_text *term)
{
    uint32_t h = vg_fnv32_str(term->en, VG_FNV32_INIT);
    h = (h ^ (uint32_t)((uintptr_t)d / sizeof *d)) * VG_FNV32_PRIME;
    filled **slot = &filled_tab[h % FILLED_BUCKETS], *e;
    pthread_mutex_lock(&filled_lock);
    for (e = *slot; e && !filled_is(e, d, term_id, term); e = e->next)
        ;
    if (!e && (e = filled_new(d, term_id, term))) {
        e->next = *slot;
        *slot = e;
    }
    pthread_mutex_unlock(&filled_lock);
    return e;
}

void vg_msgref_free(vg_msgref *ref)
{
    free(ref->args);                        /* the block: see make() */
    memset(ref, 0, sizeof *ref);
}

int vg_msgref_set(vg_msgref *ref, const char *id, const char *en, const char *fr,
                  const char *const *args, size_t nargs)
{
    return make(ref, id, en, NULL, fr ? fr : en, NULL, false, args, nargs);
}

int vg_msgref_copy(vg_msgref *dst, const vg_msgref *src)
{
    if (!src->id) {
        memset(dst, 0, sizeof *dst);
        return 0;
    }
    return vg_msgref_set(dst, src->id, src->tmpl[0], src->tmpl[1],
                         (const char *const *)src->args, src->nargs);
}

#define MAX_ARGS 10

/* ref from catalogue entry d: its own templates when it has no {cat}
 * (static), the shared filled ones when it has and term is given. */
static int build(vg_msgref *ref, const vg_msg_def *d, const char *term_id, const vg_text *term,
                 const char *const *args, size_t nargs)
{
    if (!(term && term_id && next_term(d->en)))
        return make(ref, d->id, d->en, NULL, d->fr, NULL, true, args, nargs);
    const filled *e = filled_get(d, term_id, term);
    if (!e) {
        memset(ref, 0, sizeof *ref);
        return -1;
    }
    return make(ref, e->id, e->en, NULL, e->fr, NULL, true, args, nargs);
}

int vg_msgref_build(vg_msgref *ref, const char *id, const char *term_id,
                    const vg_text *term, const char *argfmt, va_list ap)
{
    memset(ref, 0, sizeof *ref);
    const vg_msg_def *d = vg_msg_get(id);
    if (!d)
        return -1;
    char text[4096];
    const char *args[MAX_ARGS];
    size_t nargs = 0;
    if (argfmt && *argfmt) {
        vsnprintf(text, sizeof text, argfmt, ap);
        char *p = text;
        for (;;) {
            char *sep = strchr(p, VG_ARG[0]);
            if (nargs < MAX_ARGS)
                args[nargs++] = p;
            if (!sep)
                break;
            *sep = '\0';
            p = sep + 1;
        }
    }
    return build(ref, d, term_id, term, args, nargs);
}

static char *escape_braces(const char *s)
{
    vg_buf b = {0};
    for (; *s; s++) {
        vg_buf_addc(&b, *s);
        if (*s == '{' || *s == '}')
            vg_buf_addc(&b, *s);
    }
    return vg_buf_take(&b, NULL);
}

int vg_msgref_compose(vg_msgref *ref, const char *id, const char *en, const char *fr)
{
    uint32_t h = vg_fnv32_str(en, VG_FNV32_INIT);
    char sid[200];
    snprintf(sid, sizeof sid, "%s.%08x", id, (unsigned)h);
    char *e = escape_braces(en), *f = escape_braces(fr ? fr : en);
    int rc = e && f ? vg_msgref_set(ref, sid, e, f, NULL, 0) : -1;
    free(e);
    free(f);
    return rc;
}

char *vg_msg_textf(vg_lang lang, const char *id, const char *argfmt, ...)
{
    vg_msgref ref;
    va_list ap;
    va_start(ap, argfmt);
    int rc = vg_msgref_build(&ref, id, NULL, NULL, argfmt, ap);
    va_end(ap);
    if (rc)
        return NULL;
    char *t = vg_msgref_render(&ref, lang, NULL, 0);
    vg_msgref_free(&ref);
    return t;
}

/* ---- rendering ----------------------------------------------------------- */

/* Fill {N}; with translate, an argument that is a code-flow step
 * description is rendered in lang. The text between placeholders is
 * copied in runs: every finding is rendered at least once per output. */
static char *format(const char *tmpl, const char *const *args, size_t nargs, vg_lang lang,
                    const vg_text *terms, size_t nterms, bool translate)
{
    vg_buf b = {0};
    if (!tmpl)
        return vg_buf_take(&b, NULL);
    size_t need = strlen(tmpl);
    for (size_t k = 0; k < nargs; k++)
        need += args[k] ? strlen(args[k]) : 0;
    vg_buf_reserve(&b, need);           /* enough unless an argument is used twice */
    for (const char *p = tmpl; *p;) {
        size_t run = strcspn(p, "{}");
        vg_buf_add(&b, p, run);
        p += run;
        if (!*p)
            break;
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            vg_buf_addc(&b, *p);
            p += 2;
        } else if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}') {
            size_t k = (size_t)(p[1] - '0');
            const char *a = k < nargs && args[k] ? args[k] : "";
            char *tr = NULL;
            vg_msgref step;
            if (translate && lang != VG_LANG_EN &&
                vg_msg_recognise(a, terms, NULL, nterms, &step) == 0) {
                tr = vg_msgref_render(&step, lang, NULL, 0);
                vg_msgref_free(&step);
            }
            vg_buf_add(&b, tr ? tr : a, strlen(tr ? tr : a));
            free(tr);
            p += 3;
        } else {
            vg_buf_addc(&b, *p);
            p++;
        }
    }
    return vg_buf_take(&b, NULL);
}

char *vg_msg_format(const char *tmpl, const char *const *args, size_t nargs)
{
    return format(tmpl, args, nargs, VG_LANG_EN, NULL, 0, false);
}

char *vg_msg_render_args(const char *tmpl, const char *const *args, size_t nargs,
                         vg_lang lang, const vg_text *terms, size_t nterms)
{
    return format(tmpl, args, nargs, lang, terms, nterms, true);
}

char *vg_msgref_render(const vg_msgref *ref, vg_lang lang, const vg_text *terms,
                       size_t nterms)
{
    return vg_msg_render_args(ref->tmpl[lang == VG_LANG_FR], (const char *const *)ref->args,
                              ref->nargs, lang, terms, nterms);
}

/* ---- recognising step descriptions --------------------------------------- */

/* At a "{N}" or "{cat}" of a template. */
static bool is_placeholder(const char *t)
{
    return (t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}') ||
           !strncmp(t, "{cat}", 5);
}

/* Match text against an English template: literal parts exactly, {N} any
 * non-empty text (shortest that lets the rest match), {cat} one of terms.
 * Backtracking over at most a few placeholders: templates are short. */
static bool match(const char *t, const char *s, const vg_text *terms, size_t nterms,
                  const char **args, size_t *lens, size_t *nargs, long *term)
{
    while (*t) {
        if (t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}') {
            size_t k = (size_t)(t[1] - '0');
            if (k >= MAX_ARGS)
                return false;
            /* what follows the placeholder: a literal character must be
             * the next one of the text, the end of the template its end;
             * lengths that cannot match are skipped, not tried (every
             * argument of a message rendered in French comes here) */
            const char *rest = t + 3;
            bool lit = *rest && !is_placeholder(rest);
            size_t len = strlen(s);
            for (size_t n = 1; n <= len; n++) {
                if ((lit && s[n] != *rest) || (!*rest && n != len))
                    continue;
                args[k] = s;
                lens[k] = n;
                if (match(t + 3, s + n, terms, nterms, args, lens, nargs, term)) {
                    if (*nargs < k + 1)
                        *nargs = k + 1;
                    return true;
                }
            }
            return false;
        }
        if (!strncmp(t, "{cat}", 5)) {
            for (size_t i = 0; i < nterms; i++) {
                size_t n = strlen(terms[i].en);
                if (!strncmp(s, terms[i].en, n) &&
                    match(t + 5, s + n, terms, nterms, args, lens, nargs, term)) {
                    *term = (long)i;
                    return true;
                }
            }
            return false;
        }
        if (*t != *s)
            return false;
        t++;
        s++;
    }
    return *s == '\0';
}

int vg_msg_recognise(const char *text, const vg_text *terms, const char *const *term_ids,
                     size_t nterms, vg_msgref *ref)
{
    memset(ref, 0, sizeof *ref);
    if (!text || !*text)
        return -1;
    pthread_once(&by_id_once, index_catalogue);
    size_t n;
    const vg_msg_def *all = vg_msg_catalogue(&n);
    /* without the index (out of memory): the whole catalogue */
    for (size_t i = 0; i < (steps ? nsteps : n); i++) {
        const vg_msg_def *d = steps ? steps[i] : &all[i];
        if (strncmp(d->id, "step.", 5) != 0)
            continue;
        const char *args[MAX_ARGS] = {0};
        size_t lens[MAX_ARGS] = {0}, nargs = 0;
        long term = -1;
        if (!match(d->en, text, terms, nterms, args, lens, &nargs, &term))
            continue;
        char *copies[MAX_ARGS] = {0};
        int bad = 0;
        for (size_t k = 0; k < nargs; k++)
            if (!(copies[k] = strndup(args[k] ? args[k] : "", lens[k])))
                bad = 1;
        char sid[160];
        snprintf(sid, sizeof sid, "%s%s%s", d->id, term >= 0 && term_ids ? "." : "",
                 term >= 0 && term_ids ? term_ids[term] : "");
        if (!bad && make(ref, sid, d->en, term >= 0 ? terms[term].en : NULL, d->fr,
                         term >= 0 ? terms[term].fr : NULL, false,
                         (const char *const *)copies, nargs))
            bad = 1;
        for (size_t k = 0; k < nargs; k++)
            free(copies[k]);
        return bad ? -1 : 0;
    }
    return -1;
}
