#include "vg_finding.h"
#include "vg_hash.h"
#include "vg_vec.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_names[] = {"none", "note", "warning", "error"};

int vg_level_parse(const char *s, vg_level *out)
{
    for (int i = 0; i <= VG_LEVEL_ERROR; i++) {
        if (strcmp(s, level_names[i]) == 0) {
            *out = (vg_level)i;
            return 0;
        }
    }
    return -1;
}

const char *vg_level_name(vg_level l)
{
    return (l >= VG_LEVEL_NONE && l <= VG_LEVEL_ERROR) ? level_names[l] : "none";
}

void vg_findings_init(vg_findings *fs)
{
    memset(fs, 0, sizeof *fs);
}

static void location_free(vg_location *l)
{
    free(l->uri);
    free(l->logical);
    free(l->message);
}

void vg_finding_release(vg_finding *f)
{
    free(f->rule_id);
    free(f->message);
    vg_msgref_free(&f->msg);
    location_free(&f->loc);
    location_free(&f->related);
    for (size_t j = 0; j < f->nflow; j++)
        location_free(&f->flow[j]);
    free(f->flow);
    free(f->fingerprint);
    free(f->suppression);
    free(f->props_json);
    memset(f, 0, sizeof *f);
}

size_t vg_findings_drop_msg(vg_findings *fs, const char *msg_id)
{
    size_t k = 0, n = fs->count;
    for (size_t i = 0; i < n; i++) {
        vg_finding *f = &fs->items[i];
        if (f->msg.id && !strcmp(f->msg.id, msg_id))
            vg_finding_release(f);
        else
            fs->items[k++] = *f;
    }
    fs->count = k;
    return n - k;
}

static void notice_release(vg_notice *n)
{
    free(n->message);
    vg_msgref_free(&n->msg);
    location_free(&n->loc);
}

void vg_findings_free(vg_findings *fs)
{
    for (size_t i = 0; i < fs->count; i++)
        vg_finding_release(&fs->items[i]);
    free(fs->items);
    for (size_t i = 0; i < fs->nnotices; i++)
        notice_release(&fs->notices[i]);
    free(fs->notices);
    for (size_t i = 0; i < fs->nchecked; i++)
        free(fs->checked[i]);
    free(fs->checked);
    vg_findings_init(fs);
}

bool vg_findings_was_checked(const vg_findings *fs, const char *rule_id)
{
    for (size_t i = 0; i < fs->nchecked; i++)
        if (strcmp(fs->checked[i], rule_id) == 0)
            return true;
    return false;
}

int vg_findings_checked(vg_findings *fs, const char *rule_id)
{
    if (vg_findings_was_checked(fs, rule_id))
        return 0;
    char **p = realloc(fs->checked, (fs->nchecked + 1) * sizeof *p);
    if (!p)
        return -1;
    fs->checked = p;
    if (!(p[fs->nchecked] = strdup(rule_id)))
        return -1;
    fs->nchecked++;
    return 0;
}

/* Grow *items (of elem bytes each) so one more fits. */
static int grow(void **items, size_t *cap, size_t count, size_t elem)
{
    void *n = vg_vec_grow(*items, cap, count + 1, elem);
    if (!n)
        return -1;
    *items = n;
    return 0;
}

static int dup_opt(char **dst, const char *src)
{
    free(*dst);
    *dst = NULL;
    if (src && !(*dst = strdup(src)))
        return -1;
    return 0;
}

/* Append a finding that takes message (malloc'd, or NULL) as its own,
 * freed here on failure: a catalogue message is rendered once, not
 * rendered then copied. */
static vg_finding *add_owned(vg_findings *fs, const char *rule_id, vg_level level,
                             const char *uri, int line, int column, char *message)
{
    if (grow((void **)&fs->items, &fs->cap, fs->count, sizeof *fs->items)) {
        free(message);
        return NULL;
    }
    vg_finding *f = &fs->items[fs->count];
    memset(f, 0, sizeof *f);
    f->level = level;
    f->loc.line = line;
    f->loc.column = column;
    f->message = message;
    if (dup_opt(&f->rule_id, rule_id) || dup_opt(&f->loc.uri, uri)) {
        free(f->rule_id);
        free(f->message);
        free(f->loc.uri);
        return NULL;
    }
    fs->count++;
    return f;
}

vg_finding *vg_findings_add(vg_findings *fs, const char *rule_id, vg_level level,
                            const char *uri, int line, int column,
                            const char *message)
{
    char *m = NULL;
    if (message && !(m = strdup(message)))
        return NULL;
    return add_owned(fs, rule_id, level, uri, line, column, m);
}

int vg_finding_anchor(vg_finding *f, const char *uri, int line)
{
    char *u = strdup(uri);
    if (!u)
        return -1;
    location_free(&f->related);
    f->related = (vg_location){.uri = f->loc.uri, .line = f->loc.line,
                               .column = f->loc.column};
    f->loc.uri = u;
    f->loc.line = line;
    f->loc.column = f->loc.end_line = f->loc.end_column = 0;
    return 0;
}

vg_finding *vg_findings_addm(vg_findings *fs, const char *rule_id, vg_level level,
                             const char *uri, int line, int column, const char *term_id,
                             const vg_text *term, const char *msg_id, const char *argfmt, ...)
{
    va_list ap;
    va_start(ap, argfmt);
    vg_finding *f = vg_findings_vaddm(fs, rule_id, level, uri, line, column, term_id, term,
                                      msg_id, argfmt, ap);
    va_end(ap);
    return f;
}

vg_finding *vg_findings_vaddm(vg_findings *fs, const char *rule_id, vg_level level,
                              const char *uri, int line, int column, const char *term_id,
                              const vg_text *term, const char *msg_id, const char *argfmt,
                              va_list ap)
{
    vg_msgref ref;
    if (vg_msgref_build(&ref, msg_id, term_id, term, argfmt, ap))
        return NULL;
    char *en = vg_msgref_render(&ref, VG_LANG_EN, NULL, 0);
    vg_finding *f = en ? add_owned(fs, rule_id, level, uri, line, column, en) : NULL;
    if (!f) {
        vg_msgref_free(&ref);
        return NULL;
    }
    f->msg = ref;
    f->message_is_en = true;
    return f;
}

int vg_finding_set_msg(vg_finding *f, const char *msg_id, const char *en, const char *fr,
                       const char *const *args, size_t nargs)
{
    vg_msgref ref;
    if (vg_msgref_set(&ref, msg_id, en, fr, args, nargs))
        return -1;
    char *text = vg_msgref_render(&ref, VG_LANG_EN, NULL, 0);
    if (!text) {
        vg_msgref_free(&ref);
        return -1;
    }
    vg_msgref_free(&f->msg);
    free(f->message);
    f->message = text;
    f->msg = ref;
    f->message_is_en = true;
    return 0;
}

int vg_finding_set_logical(vg_finding *f, const char *logical)
{
    return dup_opt(&f->loc.logical, logical);
}

int vg_finding_set_fingerprint(vg_finding *f, const char *key)
{
    return dup_opt(&f->fingerprint, key);
}

int vg_finding_set_suppression(vg_finding *f, const char *justification)
{
    return dup_opt(&f->suppression, justification ? justification : "");
}

int vg_finding_set_props(vg_finding *f, const char *json_object)
{
    return dup_opt(&f->props_json, json_object);
}

int vg_finding_is_pass(const vg_finding *f)
{
    return f->props_json && strstr(f->props_json, "\"" VG_PASS_KEY "\":") != NULL;
}

void vg_findings_drop_pass(vg_findings *fs)
{
    size_t k = 0;
    for (size_t i = 0; i < fs->count; i++) {
        if (vg_finding_is_pass(&fs->items[i]))
            vg_finding_release(&fs->items[i]);
        else
            fs->items[k++] = fs->items[i];
    }
    fs->count = k;
}

int vg_finding_add_step(vg_finding *f, const char *uri, int line, int column,
                        const char *message)
{
    vg_location *n = realloc(f->flow, (f->nflow + 1) * sizeof *n);
    if (!n)
        return -1;
    f->flow = n;
    vg_location *l = &f->flow[f->nflow];
    memset(l, 0, sizeof *l);
    l->line = line;
    l->column = column;
    if (dup_opt(&l->uri, uri) || dup_opt(&l->message, message)) {
        location_free(l);
        return -1;
    }
    f->nflow++;
    return 0;
}

int vg_findings_notice(vg_findings *fs, vg_level level, const char *uri,
                       int line, const char *fmt, ...)
{
    if (grow((void **)&fs->notices, &fs->notices_cap, fs->nnotices,
             sizeof *fs->notices))
        return -1;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    vg_notice *n = &fs->notices[fs->nnotices];
    memset(n, 0, sizeof *n);
    n->level = level;
    n->loc.line = line;
    if (dup_opt(&n->message, buf) || dup_opt(&n->loc.uri, uri)) {
        free(n->message);
        free(n->loc.uri);
        return -1;
    }
    fs->nnotices++;
    return 0;
}

int vg_findings_noticem(vg_findings *fs, vg_level level, const char *uri, int line,
                        const char *msg_id, const char *argfmt, ...)
{
    vg_msgref ref;
    va_list ap;
    va_start(ap, argfmt);
    int rc = vg_msgref_build(&ref, msg_id, NULL, NULL, argfmt, ap);
    va_end(ap);
    if (rc)
        return -1;
    char *en = vg_msgref_render(&ref, VG_LANG_EN, NULL, 0);
    if (!en || vg_findings_notice(fs, level, uri, line, "%s", en)) {
        free(en);
        vg_msgref_free(&ref);
        return -1;
    }
    free(en);
    fs->notices[fs->nnotices - 1].msg = ref;
    return 0;
}

/* Room in *items (count used of cap, elem bytes each) for extra more. */
static int room(void **items, size_t count, size_t *cap, size_t extra, size_t elem)
{
    if (count + extra <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < count + extra)
        ncap *= 2;
    void *n = realloc(*items, ncap * elem);
    if (!n)
        return -1;
    *items = n;
    *cap = ncap;
    return 0;
}

/* Move the array *from to the end of *items, which has room (see room()):
 * the array itself moves when *items is empty. A scan merges its
 * per-thread lists into an empty one; copying 40,000 findings one by one,
 * growing as it went, cost more than sorting them. */
static void move_all(void **items, size_t *count, size_t *cap, void **from, size_t *fcount,
                     size_t *fcap, size_t elem)
{
    if (*count == 0 && *from) {
        free(*items);
        *items = *from;
        *cap = *fcap;
    } else {
        if (*fcount)
            memcpy((char *)*items + *count * elem, *from, *fcount * elem);
        free(*from);
    }
    *count += *fcount;
    *from = NULL;
    *fcount = *fcap = 0;
}

int vg_findings_take(vg_findings *dst, vg_findings *src)
{
    /* what can fail comes first: on failure src still owns all it had */
    for (size_t i = 0; i < src->nchecked; i++)
        if (vg_findings_checked(dst, src->checked[i]))
            return -1;
    if ((dst->count && room((void **)&dst->items, dst->count, &dst->cap, src->count,
                            sizeof *dst->items)) ||
        (dst->nnotices && room((void **)&dst->notices, dst->nnotices, &dst->notices_cap,
                               src->nnotices, sizeof *dst->notices)))
        return -1;
    move_all((void **)&dst->items, &dst->count, &dst->cap, (void **)&src->items, &src->count,
             &src->cap, sizeof *dst->items);
    move_all((void **)&dst->notices, &dst->nnotices, &dst->notices_cap,
             (void **)&src->notices, &src->nnotices, &src->notices_cap, sizeof *dst->notices);
    for (size_t i = 0; i < src->nchecked; i++)
        free(src->checked[i]);
    free(src->checked);
    vg_findings_init(src);
    return 0;
}

static int strcmp_null(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* Findings alike in place, rule and message still differ in level,
 * fingerprint, properties or code flow: ordered by those too, so the
 * output never depends on the order the findings were made in (units
 * linked from shards come in another order than one machine's). */
static int flow_cmp(const vg_finding *a, const vg_finding *b)
{
    int c;
    if (a->level != b->level)
        return a->level < b->level ? -1 : 1;
    if ((c = strcmp_null(a->fingerprint, b->fingerprint)) ||
        (c = strcmp_null(a->props_json, b->props_json)))
        return c;
    if (a->nflow != b->nflow)
        return a->nflow < b->nflow ? -1 : 1;
    for (size_t i = 0; i < a->nflow; i++) {
        const vg_location *x = &a->flow[i], *y = &b->flow[i];
        if ((c = strcmp_null(x->uri, y->uri)))
            return c;
        if (x->line != y->line)
            return x->line < y->line ? -1 : 1;
        if (x->column != y->column)
            return x->column < y->column ? -1 : 1;
        if ((c = strcmp_null(x->message, y->message)))
            return c;
    }
    return 0;
}

static int finding_cmp(const void *pa, const void *pb)
{
    const vg_finding *a = pa, *b = pb;
    int c = strcmp_null(a->loc.uri, b->loc.uri);
    if (c)
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.column != b->loc.column)
        return a->loc.column < b->loc.column ? -1 : 1;
    if ((c = strcmp_null(a->related.uri, b->related.uri)))
        return c;
    if ((c = strcmp_null(a->loc.logical, b->loc.logical)))
        return c;
    if ((c = strcmp_null(a->rule_id, b->rule_id)))
        return c;
    if ((c = strcmp_null(a->message, b->message)))
        return c;
    return flow_cmp(a, b);
}

/* A text file's findings come in order of place: checking that costs one
 * comparison per finding, where sorting 40,000 made about fifteen. An
 * ordered list is left as it is, which is what the stable sort would
 * leave. */
static bool sorted(const vg_findings *fs)
{
    for (size_t i = 1; i < fs->count; i++)
        if (finding_cmp(&fs->items[i - 1], &fs->items[i]) > 0)
            return false;
    return true;
}

/* Notices come from workers in the order they finish: by place and text,
 * so that a run's output never depends on scheduling. */
static int notice_cmp(const void *pa, const void *pb)
{
    const vg_notice *a = pa, *b = pb;
    int c;
    if ((c = strcmp_null(a->loc.uri, b->loc.uri)))
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->level != b->level)
        return a->level < b->level ? -1 : 1;
    return strcmp_null(a->message, b->message);
}

void vg_findings_sort(vg_findings *fs)
{
    if (fs->count > 1 && !sorted(fs))
        qsort(fs->items, fs->count, sizeof *fs->items, finding_cmp);
    if (fs->nnotices > 1)
        qsort(fs->notices, fs->nnotices, sizeof *fs->notices, notice_cmp);
}

/* ---- dedup ------------------------------------------------------------ */

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_finding(const vg_finding *a, const vg_finding *b)
{
    return same_str(a->rule_id, b->rule_id) && same_str(a->loc.uri, b->loc.uri) &&
           a->loc.line == b->loc.line && a->loc.column == b->loc.column &&
           same_str(a->message, b->message);
}



static uint64_t notice_hash(const vg_notice *n)
{
    uint64_t h = vg_fnv64_str(n->loc.uri ? n->loc.uri : "", VG_FNV64_INIT);
    h = vg_fnv64_str(n->message ? n->message : "", h);
    return (h ^ (uint64_t)n->loc.line) * VG_FNV64_PRIME;
}

/* Notices are not sorted by place: a hash set keeps this linear (a large
 * tree can carry a notice per binary file). */
static void dedup_notices(vg_findings *fs)
{
    size_t cap = 16;
    while (cap < fs->nnotices * 2)
        cap *= 2;
    size_t *slot = calloc(cap, sizeof *slot);      /* index + 1, 0 = empty */
    if (!slot)
        return;                                     /* keep duplicates rather than fail */
    size_t w = 0;
    for (size_t i = 0; i < fs->nnotices; i++) {
        vg_notice *n = &fs->notices[i];
        size_t h = (size_t)notice_hash(n) & (cap - 1);
        bool dup = false;
        for (; slot[h]; h = (h + 1) & (cap - 1)) {
            const vg_notice *m = &fs->notices[slot[h] - 1];
            if (same_str(m->loc.uri, n->loc.uri) && m->loc.line == n->loc.line &&
                same_str(m->message, n->message)) {
                dup = true;
                break;
            }
        }
        if (dup) {
            notice_release(n);
            continue;
        }
        fs->notices[w] = *n;
        slot[h] = ++w;
    }
    fs->nnotices = w;
    free(slot);
}

void vg_findings_dedup(vg_findings *fs)
{
    size_t w = 0;
    for (size_t i = 0; i < fs->count; i++) {
        bool dup = false;
        /* sorted by uri, line, column, rule: equal ones sit together */
        for (size_t j = w; j-- > 0;) {
            const vg_finding *p = &fs->items[j];
            /* the line first: most neighbours differ there, and it
             * saves comparing their paths */
            if (p->loc.line != fs->items[i].loc.line ||
                !same_str(p->loc.uri, fs->items[i].loc.uri))
                break;
            if (same_finding(p, &fs->items[i])) {
                dup = true;
                break;
            }
        }
        if (dup)
            vg_finding_release(&fs->items[i]);
        else
            fs->items[w++] = fs->items[i];
    }
    fs->count = w;
    dedup_notices(fs);
}
