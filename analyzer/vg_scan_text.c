/*
 * DSC004: personal identifiers written into files. Runs on every readable
 * file, code and configuration included, because a NAM pasted into a test
 * or a template is as much a disclosure as one in a text note.
 */
#include "vg_scan.h"
#include "vg_suppress.h"

#include <stdio.h>
#include <string.h>

typedef struct text_state {
    const vg_scan_opts *o;
    const char *uri, *buf;
    size_t len;
    vg_findings *out;
    /* incremental line/column tracking: matches arrive in order */
    size_t pos, line_start;
    int line;
    int failed;
    /* the properties of recent findings, and what they were made of: a
     * detector gives a few confidences per category, and printing a
     * double for each of 40,000 findings showed in a profile */
    struct {
        const char *cat;            /* NULL: slot unused */
        double conf;
        char json[160];
    } props[8];
    unsigned next_slot;
} text_state;

/* The SARIF properties of a match of category cat_id (a static string of
 * the ruleset or the detector: its address names it), kept in t. */
static const char *props_for(text_state *t, const char *cat_id, double confidence)
{
    size_t n = sizeof t->props / sizeof *t->props;
    for (size_t i = 0; i < n && t->props[i].cat; i++)
        if (t->props[i].cat == cat_id && t->props[i].conf == confidence)
            return t->props[i].json;
    unsigned k = t->next_slot++ % n;
    snprintf(t->props[k].json, sizeof t->props[k].json,
             "{\"category\":\"%s\",\"confidence\":%.2f}", cat_id, confidence);
    t->props[k].cat = cat_id;
    t->props[k].conf = confidence;
    return t->props[k].json;
}

/* Advance the line counter to offset `to`. */
static void advance(text_state *t, size_t to)
{
    const char *p = t->buf + t->pos, *end = t->buf + to;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        t->line++;
        t->line_start = (size_t)(++p - t->buf);
    }
    t->pos = to;
}

/* Code points in [from, to) (UTF-8 continuation bytes do not count). */
static int points(const text_state *t, size_t from, size_t to)
{
    int n = 0;
    for (size_t i = from; i < to; i++)
        if (((unsigned char)t->buf[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* "A:B" into out, cut to size as snprintf(out, size, "%s:%s", a, b) would
 * (a format parsed per finding was a cost of its own). */
static void join(char *out, size_t size, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = 0;
    const char *parts[3] = {a, ":", b};
    size_t lens[3] = {la, 1, lb};
    for (int i = 0; i < 3 && n + 1 < size; i++) {
        size_t k = lens[i] < size - 1 - n ? lens[i] : size - 1 - n;
        memcpy(out + n, parts[i], k);
        n += k;
    }
    out[n] = '\0';
}

static int on_match(const vg_match *m, void *ud)
{
    text_state *t = ud;
    const vg_category *cat = vg_ruleset_category_by_detector(t->o->rs, m->kind);
    char shown[128], fp[160], just[256];
    size_t vlen = m->end - m->start;

    advance(t, m->start);
    /* The masked value identifies the finding without storing the value. */
    char masked[128];
    vg_mask(m->kind, t->buf + m->start, vlen, masked, sizeof masked);
    if (t->o->show_personal_data)
        snprintf(shown, sizeof shown, "%.*s", (int)(vlen < 100 ? vlen : 100),
                 t->buf + m->start);
    else
        memcpy(shown, masked, strlen(masked) + 1);
    join(fp, sizeof fp, vg_detector_kind_name(m->kind), masked);

    vg_text kind = {vg_detector_kind_name(m->kind), vg_detector_kind_name(m->kind)};
    int col = 1 + points(t, t->line_start, m->start);
    vg_finding *f = vg_findings_addm(t->out, "DSC004", VG_LEVEL_NONE, t->uri, t->line,
                                     col, cat ? cat->id : kind.en,
                                     cat ? &cat->label : &kind, "DSC004.hardcoded", "%s", shown);
    if (!f || vg_finding_set_fingerprint(f, fp) ||
        vg_finding_set_props(f, props_for(t, cat ? cat->id : kind.en, m->confidence))) {
        t->failed = 1;
        return 1;
    }
    f->loc.end_line = t->line;
    f->loc.end_column = col + points(t, m->start, m->end);
    if (vg_suppress_find(t->buf, t->len, t->line_start, "DSC004", just, sizeof just))
        vg_finding_set_suppression(f, just);
    return 0;
}

int vg_scan_text(const vg_scan_opts *o, vg_detect_ctx *ctx, const char *uri,
                 const char *buf, size_t len, vg_findings *out)
{
    text_state t = {.o = o, .uri = uri, .buf = buf, .len = len, .out = out, .line = 1};
    int rc = vg_detect_scan(ctx, buf, len, true, on_match, &t);
    if (t.failed)
        return -1;
    if (rc < 0)
        vg_findings_noticem(out, VG_LEVEL_WARNING, uri, 0, "notice.match-failed", NULL);
    return 0;
}
