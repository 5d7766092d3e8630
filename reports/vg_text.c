#include "vg_text.h"

#include <stdlib.h>
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

/* As compilers do in a French locale: erreur, avertissement, note. */
static const char *level_word(vg_level l, vg_lang lang)
{
    static const char *const fr[] = {"aucun", "note", "avertissement", "erreur"};
    return lang == VG_LANG_FR && l >= VG_LEVEL_NONE && l <= VG_LEVEL_ERROR ? fr[l]
                                                                           : vg_level_name(l);
}

/* ":N", as fprintf(out, ":%d", n) would write it for n > 0: a text
 * report writes two per finding, and fprintf parsed its format for each. */
static void put_num(FILE *out, int n)
{
    char b[16], *p = b + sizeof b;
    unsigned u = (unsigned)n;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    *--p = ':';
    fputs(p, out);
}

static void where(FILE *out, const vg_location *l)
{
    if (l->uri) {
        fputs(l->uri, out);
        if (l->line > 0)
            put_num(out, l->line);
        if (l->line > 0 && l->column > 0)
            put_num(out, l->column);
    }
    if (l->logical)
        fprintf(out, "%s%s", l->uri ? " " : "", l->logical);
}

typedef struct terms {
    vg_text *label;
    const char **id;
    size_t n;
} terms;

/* A message in the reader's language: from the catalogue when the
 * emitter used it, else the text as written. */
static void put_msg(FILE *out, const vg_msgref *ref, const char *text, vg_lang lang,
                    const terms *t)
{
    char *s = ref && ref->id ? vg_msgref_render(ref, lang, t->label, t->n) : NULL;
    fputs(s ? s : text ? text : "", out);
    free(s);
}

/* A code-flow step description, recognised as a catalogue step. */
static void put_step(FILE *out, const char *text, vg_lang lang, const terms *t)
{
    vg_msgref ref;
    if (lang != VG_LANG_EN && vg_msg_recognise(text, t->label, t->id, t->n, &ref) == 0) {
        put_msg(out, &ref, text, lang, t);
        vg_msgref_free(&ref);
    } else
        fputs(text ? text : "", out);
}

static void summary(FILE *out, const size_t per[], size_t suppressed, size_t notices,
                    vg_lang lang)
{
    size_t total = per[VG_LEVEL_ERROR] + per[VG_LEVEL_WARNING] + per[VG_LEVEL_NOTE];
    if (lang == VG_LANG_FR) {
        fprintf(out, "%zu constatation%s (%zu erreur%s, %zu avertissement%s, %zu note%s)",
                total, total > 1 ? "s" : "", per[VG_LEVEL_ERROR],
                per[VG_LEVEL_ERROR] > 1 ? "s" : "", per[VG_LEVEL_WARNING],
                per[VG_LEVEL_WARNING] > 1 ? "s" : "", per[VG_LEVEL_NOTE],
                per[VG_LEVEL_NOTE] > 1 ? "s" : "");
        if (suppressed)
            fprintf(out, ", %zu écartée%s", suppressed, suppressed > 1 ? "s" : "");
        if (notices)
            fprintf(out, ", %zu avis", notices);
        fputc('\n', out);
        return;
    }
    fprintf(out, "%zu finding%s (%zu error%s, %zu warning%s, %zu note%s)",
            total, total == 1 ? "" : "s",
            per[VG_LEVEL_ERROR], per[VG_LEVEL_ERROR] == 1 ? "" : "s",
            per[VG_LEVEL_WARNING], per[VG_LEVEL_WARNING] == 1 ? "" : "s",
            per[VG_LEVEL_NOTE], per[VG_LEVEL_NOTE] == 1 ? "" : "s");
    if (suppressed)
        fprintf(out, ", %zu suppressed", suppressed);
    if (notices)
        fprintf(out, ", %zu notice%s", notices, notices == 1 ? "" : "s");
    fputc('\n', out);
}

/* The rule whose default level was looked up last: a report's findings
 * come grouped by file and place, often under one rule, and the lookup
 * compared the id with each rule of the ruleset in turn. */
typedef struct last_rule {
    const char *id;
    vg_level level;
} last_rule;

/* vg_ruleset_level(rs, f), remembering the last rule's default. */
static vg_level level_of(const vg_ruleset *rs, const vg_finding *f, last_rule *last)
{
    if (vg_finding_is_pass(f) || f->level != VG_LEVEL_NONE || !f->rule_id)
        return vg_ruleset_level(rs, f);
    if (!last->id || strcmp(last->id, f->rule_id) != 0) {
        last->id = f->rule_id;
        last->level = vg_ruleset_level(rs, f);
    }
    return last->level;
}

void vg_text_write(FILE *out, const vg_ruleset *rs, const vg_findings *fs,
                   const vg_text_opts *o)
{
    terms t = {calloc(rs->ncategories + 1, sizeof *t.label),
               calloc(rs->ncategories + 1, sizeof *t.id), 0};
    for (size_t i = 0; t.label && t.id && i < rs->ncategories; i++, t.n++) {
        t.label[i] = rs->categories[i].label;
        t.id[i] = rs->categories[i].id;
    }
    bool fr = o->lang == VG_LANG_FR;
    size_t per[VG_LEVEL_ERROR + 1] = {0}, suppressed = 0;
    const char *b = o->color ? C_BOLD : "", *r = o->color ? C_RESET : "";
    last_rule last = {NULL, VG_LEVEL_NONE};
    for (size_t i = 0; i < fs->count; i++) {
        const vg_finding *f = &fs->items[i];
        if (vg_finding_is_pass(f))
            continue;               /* compliant flows are for the inventory */
        vg_level lv = level_of(rs, f, &last);
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
        /* piece by piece: fprintf parsed one format per finding for this */
        const char *head[] = {":", r, " ", o->color ? level_color(lv) : "",
                              level_word(lv, o->lang), b, "[",
                              f->rule_id ? f->rule_id : "(null)", "]", r, " "};
        for (size_t k = 0; k < sizeof head / sizeof *head; k++)
            fputs(head[k], out);
        if (o->lang == VG_LANG_EN && f->message_is_en)
            fputs(f->message, out);     /* already the English rendering */
        else
            put_msg(out, &f->msg, f->message, o->lang, &t);
        fputs(f->suppression ? (fr ? " (écartée)" : " (suppressed)") : "", out);
        fputc('\n', out);
        if (!o->verbose)
            continue;
        for (size_t j = 0; j < f->nflow; j++) {
            fprintf(out, "    %s%zu.%s ", o->color ? C_DIM : "", j + 1, r);
            where(out, &f->flow[j]);
            fputs(": ", out);
            put_step(out, f->flow[j].message, o->lang, &t);
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < fs->nnotices; i++) {
        const vg_notice *n = &fs->notices[i];
        if (n->level < VG_LEVEL_WARNING && !o->verbose)
            continue;
        fputs(o->color ? C_DIM : "", out);
        where(out, &n->loc);
        fprintf(out, "%s%s: ", n->loc.uri ? ": " : "", level_word(n->level, o->lang));
        put_msg(out, &n->msg, n->message, o->lang, &t);
        fprintf(out, "%s\n", r);
    }
    summary(out, per, suppressed, fs->nnotices, o->lang);
    free(t.label);
    free(t.id);
}
