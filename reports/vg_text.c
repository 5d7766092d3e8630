#include "vg_text.h"

#include <string.h>

#define C_RESET  "\033[0m"
#define C_BOLD   "\033[1m"
#define C_RED    "\033[31m"
#define C_YELLOW "\033[33m"
#define C_CYAN   "\033[36m"
#define C_DIM    "\033[2m"

static const char *level_color(vg_level l)
{
    return l == VG_LEVEL_ERROR ? C_RED : l == VG_LEVEL_WARNING ? C_YELLOW : C_CYAN;
}

static void where(FILE *out, const vg_location *l)
{
    if (l->uri) {
        fputs(l->uri, out);
        if (l->line > 0)
            fprintf(out, ":%d", l->line);
        if (l->line > 0 && l->column > 0)
            fprintf(out, ":%d", l->column);
    }
    if (l->logical)
        fprintf(out, "%s%s", l->uri ? " " : "", l->logical);
}

void vg_text_write(FILE *out, const vg_ruleset *rs, const vg_findings *fs,
                   const vg_text_opts *o)
{
    size_t per[VG_LEVEL_ERROR + 1] = {0}, suppressed = 0;
    const char *b = o->color ? C_BOLD : "", *r = o->color ? C_RESET : "";
    for (size_t i = 0; i < fs->count; i++) {
        const vg_finding *f = &fs->items[i];
        vg_level lv = vg_ruleset_level(rs, f);
        if (f->suppression) {
            suppressed++;
            if (!o->verbose)
                continue;
        } else
            per[lv]++;
        fputs(b, out);
        where(out, &f->loc);
        if (f->related.uri)
            fprintf(out, " %s", f->related.uri);
        fprintf(out, ":%s %s%s%s[%s]%s %s%s\n", r, o->color ? level_color(lv) : "",
                vg_level_name(lv), b, f->rule_id, r, f->message,
                f->suppression ? " (suppressed)" : "");
        if (!o->verbose)
            continue;
        for (size_t j = 0; j < f->nflow; j++) {
            fprintf(out, "    %s%zu.%s ", o->color ? C_DIM : "", j + 1, r);
            where(out, &f->flow[j]);
            fprintf(out, ": %s\n", f->flow[j].message ? f->flow[j].message : "");
        }
    }
    for (size_t i = 0; i < fs->nnotices; i++) {
        const vg_notice *n = &fs->notices[i];
        if (n->level < VG_LEVEL_WARNING && !o->verbose)
            continue;
        fputs(o->color ? C_DIM : "", out);
        where(out, &n->loc);
        fprintf(out, "%s%s: %s%s\n", n->loc.uri ? ": " : "", vg_level_name(n->level),
                n->message, r);
    }
    size_t total = per[VG_LEVEL_ERROR] + per[VG_LEVEL_WARNING] + per[VG_LEVEL_NOTE];
    fprintf(out, "%zu finding%s (%zu error%s, %zu warning%s, %zu note%s)",
            total, total == 1 ? "" : "s",
            per[VG_LEVEL_ERROR], per[VG_LEVEL_ERROR] == 1 ? "" : "s",
            per[VG_LEVEL_WARNING], per[VG_LEVEL_WARNING] == 1 ? "" : "s",
            per[VG_LEVEL_NOTE], per[VG_LEVEL_NOTE] == 1 ? "" : "s");
    if (suppressed)
        fprintf(out, ", %zu suppressed", suppressed);
    if (fs->nnotices)
        fprintf(out, ", %zu notice%s", fs->nnotices, fs->nnotices == 1 ? "" : "s");
    fputc('\n', out);
}
