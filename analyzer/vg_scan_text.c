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
} text_state;

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

static int on_match(const vg_match *m, void *ud)
{
    text_state *t = ud;
    const vg_category *cat = vg_ruleset_category_by_detector(t->o->rs, m->kind);
    char shown[128], fp[160], props[160], just[256];
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
    snprintf(fp, sizeof fp, "%s:%s", vg_detector_kind_name(m->kind), masked);
    snprintf(props, sizeof props, "{\"category\":\"%s\",\"confidence\":%.2f}",
             cat ? cat->id : vg_detector_kind_name(m->kind), m->confidence);

    vg_text kind = {vg_detector_kind_name(m->kind), vg_detector_kind_name(m->kind)};
    int col = 1 + points(t, t->line_start, m->start);
    vg_finding *f = vg_findings_addm(t->out, "DSC004", VG_LEVEL_NONE, t->uri, t->line,
                                     col, cat ? cat->id : kind.en,
                                     cat ? &cat->label : &kind, "DSC004.hardcoded", "%s", shown);
    if (!f || vg_finding_set_fingerprint(f, fp) || vg_finding_set_props(f, props)) {
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
