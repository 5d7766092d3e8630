/*
 * The privacy officer's report: one self-contained HTML file, organised by
 * the clauses of the policy. It shows only what the SARIF log carries, so
 * personal data appears only if the log was written with
 * --show-personal-data. No script, no external resource: it opens offline
 * and prints cleanly.
 */
#include "vg_html_int.h"
#include "vg_report.h"
#include "vg_sarif_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

json_t *vg_report_json(const vg_report_doc *d);

/* Interface labels, English then French. */
enum {
    L_TITLE, L_GENERATED, L_SUMMARY, L_CLAUSES_OK, L_CLAUSES_BAD, L_FINDINGS,
    L_NONE_FOUND, L_NOT_COMPLIANT, L_TO_REVIEW, L_WHAT_COMPLIES, L_TRACE, L_WHERE,
    L_SUPPRESSED, L_NOTICES, L_RUNS, L_SEE, L_NO_FINDING_NOTE, L_SOURCE, L_ERRORS,
    L_WARNINGS, L_NOTES, L_BASELINE, L_EVIDENCE, L_OBSERVED, L_SCOPE, L_TOOL, L_VERSION,
    L_COMMAND, L_STARTED, L_FIX_FIRST, L_PLACES, L_NOTHING_TO_FIX, L_CLAUSE, L_COUNT
};

static const char *const label[L_COUNT][2] = {
    [L_TITLE] = {"Privacy compliance report", "Rapport de conformité en protection des renseignements"},
    [L_GENERATED] = {"Generated", "Produit le"},
    [L_SUMMARY] = {"Summary", "Sommaire"},
    [L_CLAUSES_OK] = {"clauses with no finding", "clauses sans constatation"},
    [L_CLAUSES_BAD] = {"clauses not complied with", "clauses non respectées"},
    [L_FINDINGS] = {"findings", "constatations"},
    [L_NONE_FOUND] = {"No finding", "Aucune constatation"},
    [L_NOT_COMPLIANT] = {"Not compliant", "Non conforme"},
    [L_TO_REVIEW] = {"To review", "À examiner"},
    [L_WHAT_COMPLIES] = {"What complies", "Ce qui est conforme"},
    [L_TRACE] = {"Trace from source to sink", "Trajet de la source à la destination"},
    [L_WHERE] = {"Where", "Où"},
    [L_SUPPRESSED] = {"Suppressed after review", "Écartée après examen"},
    [L_NOTICES] = {"What could not be checked", "Ce qui n'a pas pu être vérifié"},
    [L_RUNS] = {"Checks run", "Vérifications effectuées"},
    [L_SEE] = {"see", "voir"},
    [L_NO_FINDING_NOTE] = {
        "“No finding” means none of the checks that ran found a violation of this clause; "
        "each clause says which checks ran (static analysis, run time, both), and “Not "
        "checked” marks a clause no check looked at.",
        "« Aucune constatation » signifie qu'aucune des vérifications effectuées n'a trouvé "
        "de manquement à cette clause; chaque clause indique les vérifications effectuées "
        "(analyse statique, à l'exécution, les deux), et « Non vérifiée » signale une clause "
        "qu'aucune vérification n'a examinée."},
    [L_SOURCE] = {"Policy text", "Texte de la politique"},
    [L_ERRORS] = {"errors", "erreurs"},
    [L_WARNINGS] = {"warnings", "avertissements"},
    [L_NOTES] = {"notes", "notes"},
    [L_BASELINE] = {"compared with the baseline", "par rapport à la référence"},
    [L_EVIDENCE] = {"Evidence", "Éléments"},
    [L_OBSERVED] = {"What was observed", "Ce qui a été observé"},
    [L_SCOPE] = {"What was checked", "Ce qui a été vérifié"},
    [L_TOOL] = {"Check", "Vérification"},
    [L_VERSION] = {"Version", "Version"},
    [L_COMMAND] = {"Command", "Commande"},
    [L_STARTED] = {"Started (UTC)", "Début (UTC)"},
    [L_FIX_FIRST] = {"What to fix first", "À corriger en priorité"},
    [L_PLACES] = {"places", "endroits"},
    [L_NOTHING_TO_FIX] = {"No error: nothing must be fixed first.",
                          "Aucune erreur : rien n'est à corriger en priorité."},
    [L_CLAUSE] = {"clause", "clause"},
};

typedef struct counts {
    size_t error, warning, note, suppressed;
} counts;

typedef struct html {
    FILE *out;
    int lang;                 /* 0 en, 1 fr */
    const vg_ruleset *rs;
    json_t *root;
    counts *per_rule;         /* results of rs->rules[i], counted once */
    unsigned char *ran;       /* per rule: RAN_STATIC | RAN_RUNTIME, from "vigie/checked" */
} html;

enum { RAN_STATIC = 1, RAN_RUNTIME = 2 };

/* A report word from the message catalogue (label.*), in the report's language. */
static const char *C(const html *h, const char *id)
{
    const vg_msg_def *d = vg_msg_get(id);
    return d ? (h->lang ? d->fr : d->en) : id;
}

static const char *L(const html *h, int id)
{
    return label[id][h->lang];
}

static const char *text_of(const html *h, const vg_text *t)
{
    return vg_text_get(t, h->lang ? VG_LANG_FR : VG_LANG_EN);
}


static const char CSS[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;"
    "max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin:2rem 0 .3rem;"
    "border-bottom:2px solid #d0d7de;padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}"
    ".alt{color:#57606a;font-weight:normal;font-size:.85em}"
    ".badge{display:inline-block;border-radius:.3rem;padding:.05rem .45rem;font-size:.8rem;"
    "font-weight:600;margin-left:.4rem;vertical-align:middle}"
    ".ok{background:#dafbe1;color:#116329}.bad{background:#ffebe9;color:#a40e26}"
    ".rev{background:#fff8c5;color:#7d4e00}.none{background:#eaeef2;color:#424a53}"
    ".muted{color:#57606a;font-size:.9em}"
    ".finding{border:1px solid #d0d7de;border-left:4px solid #a40e26;border-radius:.3rem;"
    "padding:.5rem .8rem;margin:.5rem 0;break-inside:avoid}"
    ".finding.warning{border-left-color:#bf8700}.finding.note{border-left-color:#0969da}"
    ".finding.suppressed{opacity:.65}"
    "code,.loc{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85em;"
    "word-break:break-all}"
    "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #d0d7de;"
    "text-align:left}ol.trace{margin:.3rem 0;padding-left:1.4rem}"
    "nav ol{columns:2}dl.evidence{margin:.3rem 0}dl.evidence dt{display:inline}"
    "dl.evidence dd{display:inline;margin:0 .8rem 0 .4rem}"
    "ol.fix li{margin:.4rem 0}table.scope code{font-size:.8em}"
    ".finding strong,ol.fix li{overflow-wrap:anywhere}"
    "@media (max-width:600px){nav ol{columns:1}table.scope{display:block;overflow-x:auto}"
    "body{margin:1rem auto}}"
    "@media print{body{margin:0;max-width:none;font-size:11pt}nav ol{columns:1}"
    ".badge{border:1px solid currentColor}"
    "h2{break-after:avoid}a{color:inherit;text-decoration:none}}";

/* ---- collecting results per rule --------------------------------------- */

/* A compliant flow (kind "pass"): listed by the inventory, not here. */
static bool is_pass(json_t *r)
{
    return strcmp(vg_html_str(r, "kind"), "pass") == 0;
}

static bool is_active(json_t *r)
{
    return !json_array_size(json_object_get(r, "suppressions")) &&
           strcmp(vg_html_str(r, "baselineState"), "absent") != 0;
}

/* Count every result under its rule, in one pass over the log. Results of
 * rules the ruleset does not know have no clause and are not counted. */
static void count_all(html *h)
{
    size_t i, j;
    json_t *run, *r;
    json_array_foreach(json_object_get(h->root, "runs"), i, run)
        json_array_foreach(json_object_get(run, "results"), j, r) {
            const vg_rule *rule = vg_ruleset_rule(h->rs, vg_html_str(r, "ruleId"));
            if (!rule || is_pass(r))
                continue;
            counts *c = &h->per_rule[rule - h->rs->rules];
            const char *lv = vg_html_str(r, "level");
            if (!is_active(r))
                c->suppressed++;
            else if (strcmp(lv, "error") == 0)
                c->error++;
            else if (strcmp(lv, "note") == 0)
                c->note++;
            else
                c->warning++;
        }
}

/* Which runs evaluated which rules: each invocation's "vigie/checked"
 * (written by the probes and the analyzer for the rules they actually
 * looked at); a run of vigie-harness is run time, any other static. */
static void checks_all(html *h)
{
    size_t i, j, k;
    json_t *run, *inv, *id;
    json_array_foreach(json_object_get(h->root, "runs"), i, run) {
        const char *tool = vg_html_str(json_object_get(json_object_get(run, "tool"), "driver"), "name");
        unsigned char bit = strcmp(tool, "vigie-harness") == 0 ? RAN_RUNTIME : RAN_STATIC;
        json_array_foreach(json_object_get(run, "invocations"), j, inv)
            json_array_foreach(json_object_get(json_object_get(inv, "properties"),
                                               "vigie/checked"), k, id) {
                const vg_rule *rule = vg_ruleset_rule(h->rs, json_string_value(id));
                if (rule)
                    h->ran[rule - h->rs->rules] |= bit;
            }
    }
}

static bool rule_cites(const vg_rule *r, const vg_clause *cl)
{
    for (size_t j = 0; j < r->nclauses; j++)
        if (r->clauses[j] == cl)
            return true;
    return false;
}

static unsigned clause_ran(const html *h, const vg_clause *cl)
{
    unsigned bits = 0;
    for (size_t i = 0; i < h->rs->nrules; i++)
        if (rule_cites(&h->rs->rules[i], cl))
            bits |= h->ran[i];
    return bits;
}

/* "Checks that ran: static analysis and run time — static analysis: LOG001,
 * LOG002; run time: LOG001." or, when none did, why "no finding" means
 * nothing here. */
static void checks_html(const html *h, const vg_clause *cl)
{
    unsigned bits = clause_ran(h, cl);
    static const char *const kind[4] = {"label.checks-none", "label.checks-static-only",
                                        "label.checks-runtime-only", "label.checks-both"};
    fprintf(h->out, "<p class=\"checks\"><em>%s%s</em> ", C(h, "label.checks-ran"),
            h->lang ? " :" : ":");
    vg_html_esc(h->out, C(h, kind[bits & 3]));
    const char *lead = " —";
    for (unsigned bit = RAN_STATIC; bits && bit <= RAN_RUNTIME; bit <<= 1) {
        if (!(bits & bit))
            continue;
        fprintf(h->out, "%s ", lead);
        lead = ";";
        vg_html_esc(h->out, C(h, bit == RAN_STATIC ? "label.checks-static" : "label.checks-runtime"));
        fputs(h->lang ? " :" : ":", h->out);
        const char *sep = " ";
        for (size_t i = 0; i < h->rs->nrules; i++)
            if ((h->ran[i] & bit) && rule_cites(&h->rs->rules[i], cl)) {
                fprintf(h->out, "%s%s", sep, h->rs->rules[i].id);
                sep = ", ";
            }
    }
    fputs("</p>\n", h->out);
}

static void add_counts(counts *sum, const counts *c)
{
    sum->error += c->error;
    sum->warning += c->warning;
    sum->note += c->note;
    sum->suppressed += c->suppressed;
}

static void clause_counts(const html *h, const vg_clause *cl, counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < h->rs->nrules; i++) {
        const vg_rule *r = &h->rs->rules[i];
        for (size_t j = 0; j < r->nclauses; j++)
            if (r->clauses[j] == cl)
                add_counts(c, &h->per_rule[i]);
    }
}

/* ---- rendering ----------------------------------------------------------- */

static void location_html(const html *h, json_t *loc)
{
    json_t *phys = json_object_get(loc, "physicalLocation");
    json_t *art = json_object_get(phys, "artifactLocation");
    json_t *reg = json_object_get(phys, "region");
    const char *uri = vg_html_str(art, "uri");
    if (*uri) {
        vg_html_esc(h->out, uri);
        json_int_t line = json_integer_value(json_object_get(reg, "startLine"));
        if (line > 0)
            fprintf(h->out, ":%lld", (long long)line);
    }
    json_t *logical = json_array_get(json_object_get(loc, "logicalLocations"), 0);
    const char *name = vg_html_str(logical, "fullyQualifiedName");
    if (*name) {
        fputs(*uri ? " — " : "", h->out);
        vg_html_esc(h->out, name);
    }
}

/* A message of the log in the report's language (see vg_sarif_message_text). */
static void msg_html(const html *h, json_t *run, const char *rule_id, json_t *message)
{
    char *t = vg_sarif_message_text(run, rule_id, message, h->lang ? VG_LANG_FR : VG_LANG_EN,
                                    h->rs);
    vg_html_esc(h->out, t ? t : vg_html_str(message, "text"));
    free(t);
}

/* One evidence value, in words: a category by its label, a {"en","fr"}
 * pair in the report's language, true/false as yes/no, a list joined. */
static void value_html(const html *h, const char *key, json_t *v)
{
    vg_lang lang = h->lang ? VG_LANG_FR : VG_LANG_EN;
    if (json_is_string(v)) {
        const vg_category *cat = strcmp(key, "category") == 0
                                     ? vg_ruleset_category(h->rs, json_string_value(v)) : NULL;
        vg_html_esc(h->out, cat ? vg_text_get(&cat->label, lang) : json_string_value(v));
    } else if (json_is_boolean(v)) {
        vg_html_esc(h->out, vg_msg_label(json_is_true(v) ? "yes" : "no", lang));
    } else if (json_is_object(v) && json_object_get(v, "en")) {
        const char *t = json_string_value(json_object_get(v, h->lang ? "fr" : "en"));
        vg_html_esc(h->out, t ? t : json_string_value(json_object_get(v, "en")));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            fputs(i ? ", " : "", h->out);
            value_html(h, key, x);
        }
    } else if (json_is_real(v)) {
        fprintf(h->out, "%.2f", json_real_value(v));
    } else {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        vg_html_esc(h->out, text);
        free(text);
    }
}

/* Evidence as labelled fields in the report's language. */
static void props_html(const html *h, json_t *props)
{
    const char *key;
    json_t *v;
    if (!json_object_size(props))
        return;
    fprintf(h->out, "<dl class=\"evidence\"><dt class=\"muted\">%s</dt>", L(h, L_EVIDENCE));
    json_object_foreach(props, key, v) {
        const char *lab = vg_msg_label(key, h->lang ? VG_LANG_FR : VG_LANG_EN);
        fputs("<dd><span class=\"muted\">", h->out);
        vg_html_esc(h->out, lab ? lab : key);
        fputs(h->lang ? " :</span> " : ":</span> ", h->out);
        value_html(h, key, v);
        fputs("</dd>", h->out);
    }
    fputs("</dl>\n", h->out);
}

static void finding_html(const html *h, json_t *run, json_t *r, json_t *more)
{
    bool sup = json_array_size(json_object_get(r, "suppressions")) > 0;
    const char *lv = vg_html_str(r, "level");
    fprintf(h->out, "<div class=\"finding %s%s\"><p><strong>", lv, sup ? " suppressed" : "");
    msg_html(h, run, vg_html_str(r, "ruleId"), json_object_get(r, "message"));
    fputs("</strong>", h->out);
    const char *state = vg_html_str(r, "baselineState");
    if (*state) {
        fputs(" <span class=\"badge rev\">", h->out);
        vg_html_esc(h->out, state);
        fputs("</span>", h->out);
    }
    size_t nmore = json_array_size(more);
    fprintf(h->out, "</p><p class=\"loc\">%s%s ", L(h, L_WHERE), h->lang ? " :" : ":");
    if (nmore)
        fprintf(h->out, "%zu %s</p><ul class=\"loc\"><li>", nmore + 1, L(h, L_PLACES));
    location_html(h, json_array_get(json_object_get(r, "locations"), 0));
    /* a probe result: the scenario line, then what was probed */
    json_t *rel = json_array_get(json_object_get(r, "relatedLocations"), 0);
    if (rel) {
        fputs(" — ", h->out);
        location_html(h, rel);
    }
    size_t i;
    json_t *o;
    json_array_foreach(more, i, o) {
        fputs("</li><li>", h->out);
        location_html(h, json_array_get(json_object_get(o, "locations"), 0));
    }
    fputs(nmore ? "</li></ul>\n" : "</p>\n", h->out);
    json_t *steps = json_object_get(json_array_get(json_object_get(json_array_get(
        json_object_get(r, "codeFlows"), 0), "threadFlows"), 0), "locations");
    if (json_array_size(steps)) {
        fprintf(h->out, "<p class=\"muted\">%s%s</p><ol class=\"trace\">", L(h, L_TRACE),
                h->lang ? " :" : ":");
        json_t *s;
        json_array_foreach(steps, i, s) {
            json_t *loc = json_object_get(s, "location");
            fputs("<li><span class=\"loc\">", h->out);
            location_html(h, loc);
            fputs("</span> ", h->out);
            msg_html(h, run, vg_html_str(r, "ruleId"), json_object_get(loc, "message"));
            fputs("</li>", h->out);
        }
        fputs("</ol>\n", h->out);
    }
    props_html(h, json_object_get(r, "properties"));
    if (sup) {
        /* the reviewer's own words, in whatever language they wrote */
        fprintf(h->out, "<p class=\"muted\">%s%s <q class=\"verbatim\">", L(h, L_SUPPRESSED),
                h->lang ? " :" : ":");
        vg_html_esc(h->out, vg_html_str(json_array_get(json_object_get(r, "suppressions"), 0), "justification"));
        fputs("</q></p>", h->out);
    }
    fputs("</div>\n", h->out);
}

/* The cause of a result: its rule and its message as the reader sees it.
 * The same cause in several places is one entry (a NAM hard-coded in six
 * files, the same cookie set on every page). Malloc'd. */
static char *cause(const html *h, json_t *run, json_t *r)
{
    char *t = vg_sarif_message_text(run, vg_html_str(r, "ruleId"), json_object_get(r, "message"),
                                    h->lang ? VG_LANG_FR : VG_LANG_EN, h->rs);
    size_t n = (t ? strlen(t) : 0) + strlen(vg_html_str(r, "ruleId")) + strlen(vg_html_str(r, "level")) + 8;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%s|%s|%d|%s", vg_html_str(r, "ruleId"), vg_html_str(r, "level"),
                 json_array_size(json_object_get(r, "suppressions")) > 0, t ? t : "");
    free(t);
    return k;
}

static void rule_findings(const html *h, const vg_rule *rule)
{
    size_t i, j;
    json_t *run, *r;
    json_array_foreach(json_object_get(h->root, "runs"), i, run) {
        /* cause -> [first result, its other places...], in log order */
        json_t *groups = json_object(), *order = json_array();
        json_array_foreach(json_object_get(run, "results"), j, r) {
            if (strcmp(vg_html_str(r, "ruleId"), rule->id) != 0 || is_pass(r) ||
                strcmp(vg_html_str(r, "baselineState"), "absent") == 0)
                continue;
            char *k = cause(h, run, r);
            json_t *g = k ? json_object_get(groups, k) : NULL;
            if (!g) {
                g = json_array();
                json_array_append_new(order, g);        /* order owns it */
                if (k)
                    json_object_set(groups, k, g);      /* groups holds a second reference */
            }
            json_array_append(g, r);
            free(k);
        }
        json_t *g;
        json_array_foreach(order, j, g) {
            json_t *more = json_array();
            for (size_t m = 1; m < json_array_size(g); m++)
                json_array_append(more, json_array_get(g, m));
            finding_html(h, run, json_array_get(g, 0), more);
            json_decref(more);
        }
        json_decref(order);
        json_decref(groups);
    }
}

static const vg_clause *first_clause(const vg_rule *r)
{
    return r->nclauses ? r->clauses[0] : NULL;
}

static void clause_html(const html *h, const vg_clause *cl, size_t idx)
{
    counts c;
    clause_counts(h, cl, &c);
    size_t active = c.error + c.warning + c.note;
    bool looked = clause_ran(h, cl) != 0;
    /* no finding where nothing looked is "not checked", never "no finding" */
    const char *cls = c.error + c.warning ? "bad" : c.note ? "rev" : looked ? "ok" : "none";
    const char *st = c.error + c.warning || c.note || looked
                         ? L(h, c.error + c.warning ? L_NOT_COMPLIANT
                                : c.note           ? L_TO_REVIEW
                                                   : L_NONE_FOUND)
                         : C(h, "label.not-checked");
    fprintf(h->out, "<section id=\"clause-%zu\"><h2>", idx);
    vg_html_esc(h->out, text_of(h, &cl->heading));
    fprintf(h->out, "<span class=\"badge %s\">%s</span></h2>\n", cls, st);
    /* the policy text by its title; the seed number only when the
     * ruleset names none */
    fprintf(h->out, "<p class=\"muted\">%s%s ", L(h, L_SOURCE), h->lang ? " :" : ":");
    vg_html_esc(h->out, cl->source.en ? text_of(h, &cl->source) : cl->seed);
    fputs(" · ", h->out);
    vg_html_esc(h->out, text_of(h, &cl->summary));
    fputs("</p>\n", h->out);
    checks_html(h, cl);
    if (active)
        fprintf(h->out, "<p>%zu %s</p>\n", active, L(h, L_FINDINGS));
    for (size_t i = 0; i < h->rs->nrules; i++) {
        const vg_rule *r = &h->rs->rules[i];
        bool cites = false;
        for (size_t j = 0; j < r->nclauses; j++)
            cites |= r->clauses[j] == cl;
        if (!cites)
            continue;
        const counts *rc = &h->per_rule[i];
        if (!rc->error && !rc->warning && !rc->note && !rc->suppressed)
            continue;
        fprintf(h->out, "<h3>%s — ", r->id);
        vg_html_esc(h->out, text_of(h, &r->short_desc));
        fputs("</h3>\n", h->out);
        if (first_clause(r) != cl) {
            /* Listed in full under the rule's first clause only. */
            size_t k = (size_t)(first_clause(r) - h->rs->clauses);
            fprintf(h->out, "<p class=\"muted\">%s <a href=\"#clause-%zu\">", L(h, L_SEE), k);
            vg_html_esc(h->out, text_of(h, &first_clause(r)->heading));
            fputs("</a></p>\n", h->out);
            continue;
        }
        fputs("<p>", h->out);
        vg_html_esc(h->out, text_of(h, &r->full_desc));
        fprintf(h->out, "</p><p><em>%s:</em> ", L(h, L_WHAT_COMPLIES));
        vg_html_esc(h->out, text_of(h, &r->compliant));
        fputs("</p>\n", h->out);
        rule_findings(h, r);
    }
    fputs("</section>\n", h->out);
}

static void summary_html(const html *h)
{
    size_t ok = 0, bad = 0, unchecked = 0;
    counts all = {0};
    for (size_t i = 0; i < h->rs->nclauses; i++) {
        counts c;
        clause_counts(h, &h->rs->clauses[i], &c);
        if (c.error + c.warning)
            bad++;
        else if (c.note || clause_ran(h, &h->rs->clauses[i]))
            ok++;
        else
            unchecked++;
    }
    for (size_t i = 0; i < h->rs->nrules; i++)
        add_counts(&all, &h->per_rule[i]);
    fprintf(h->out, "<h2>%s</h2>\n<table><tr><td><span class=\"badge bad\">%zu</span></td>"
                    "<td>%s</td></tr><tr><td><span class=\"badge ok\">%zu</span></td><td>%s</td></tr>"
                    "<tr><td><span class=\"badge none\">%zu</span></td><td>%s</td></tr>"
                    "<tr><td>%zu / %zu / %zu</td><td>%s / %s / %s</td></tr></table>\n",
            L(h, L_SUMMARY), bad, L(h, L_CLAUSES_BAD), ok, L(h, L_CLAUSES_OK), unchecked,
            C(h, "label.clauses-not-checked"), all.error, all.warning, all.note,
            L(h, L_ERRORS), L(h, L_WARNINGS), L(h, L_NOTES));
    fprintf(h->out, "<p class=\"muted\">%s</p>\n<nav><ol>", L(h, L_NO_FINDING_NOTE));
    for (size_t i = 0; i < h->rs->nclauses; i++) {
        counts c;
        clause_counts(h, &h->rs->clauses[i], &c);
        fprintf(h->out, "<li><a href=\"#clause-%zu\">", i);
        vg_html_esc(h->out, text_of(h, &h->rs->clauses[i].heading));
        fprintf(h->out, "</a> <span class=\"badge %s\">%zu</span></li>",
                c.error + c.warning ? "bad" : c.note ? "rev"
                : clause_ran(h, &h->rs->clauses[i]) ? "ok" : "none",
                c.error + c.warning + c.note);
    }
    fputs("</ol></nav>\n", h->out);
}

/* The kind of a result, for "what to fix first": its rule and its
 * message template (the id without a composed message's hash), so the
 * same mistake made with two options or two cookies is one entry; a
 * message without an id is its own kind. Malloc'd. */
static char *kind_of(json_t *run, json_t *r)
{
    json_t *m = json_object_get(r, "message");
    const char *id = json_string_value(json_object_get(m, "id"));
    char *t = id ? NULL : vg_sarif_message_text(run, NULL, m, VG_LANG_EN, NULL);
    const char *what = id ? id : t ? t : "";
    size_t n = strlen(what), dot = n;
    if (id && n > 9 && what[n - 9] == '.' && strspn(what + n - 8, "0123456789abcdef") == 8)
        dot = n - 9;
    size_t sz = dot + strlen(vg_html_str(r, "ruleId")) + 2;
    char *k = malloc(sz);
    if (k)
        snprintf(k, sz, "%s|%.*s", vg_html_str(r, "ruleId"), (int)dot, what);
    free(t);
    return k;
}

/* Errors grouped by cause, most places first, each with its clause. */
static void fix_first_html(const html *h)
{
    json_t *groups = json_object(), *order = json_array();
    size_t i, j;
    json_t *run, *r;
    json_array_foreach(json_object_get(h->root, "runs"), i, run)
        json_array_foreach(json_object_get(run, "results"), j, r) {
            if (strcmp(vg_html_str(r, "level"), "error") != 0 || !is_active(r) ||
                !vg_ruleset_rule(h->rs, vg_html_str(r, "ruleId")))
                continue;
            char *k = kind_of(run, r);
            if (!k)
                continue;
            json_t *g = json_object_get(groups, k);
            if (!g) {
                g = json_pack("{s:O,s:O,s:i}", "run", run, "r", r, "n", 0);
                json_object_set_new(groups, k, g);
                json_array_append(order, g);
            }
            json_object_set_new(g, "n", json_integer(json_integer_value(json_object_get(g, "n")) + 1));
            free(k);
        }
    fprintf(h->out, "<h2>%s</h2>\n", L(h, L_FIX_FIRST));
    size_t n = json_array_size(order);
    if (!n)
        fprintf(h->out, "<p>%s</p>\n", L(h, L_NOTHING_TO_FIX));
    else
        fputs("<ol class=\"fix\">\n", h->out);
    /* by number of places, then in log order (a stable selection) */
    bool *done = calloc(n + 1, sizeof *done);
    for (size_t shown = 0; done && shown < n && shown < 12; shown++) {
        size_t best = n;
        for (size_t k = 0; k < n; k++)
            if (!done[k] && (best == n ||
                             json_integer_value(json_object_get(json_array_get(order, k), "n")) >
                             json_integer_value(json_object_get(json_array_get(order, best), "n"))))
                best = k;
        done[best] = true;
        json_t *g = json_array_get(order, best);
        json_t *res = json_object_get(g, "r");
        const vg_rule *rule = vg_ruleset_rule(h->rs, vg_html_str(res, "ruleId"));
        fprintf(h->out, "<li><strong>%s — ", rule->id);
        vg_html_esc(h->out, text_of(h, &rule->short_desc));
        fputs("</strong><br>", h->out);
        msg_html(h, json_object_get(g, "run"), rule->id, json_object_get(res, "message"));
        json_int_t places = json_integer_value(json_object_get(g, "n"));
        if (places > 1)
            fprintf(h->out, " <span class=\"badge bad\">%lld %s</span>", (long long)places,
                    L(h, L_PLACES));
        const vg_clause *cl = first_clause(rule);
        if (cl) {
            fprintf(h->out, "<br><span class=\"muted\">%s%s <a href=\"#clause-%zu\">",
                    L(h, L_CLAUSE), h->lang ? " :" : ":", (size_t)(cl - h->rs->clauses));
            vg_html_esc(h->out, text_of(h, &cl->heading));
            fputs("</a></span>", h->out);
        }
        fputs("</li>\n", h->out);
    }
    if (n)
        fputs("</ol>\n", h->out);
    free(done);
    json_decref(order);
    json_decref(groups);
}

/* What was scanned and probed, when, by which version: every invocation. */
static void scope_html(const html *h)
{
    fprintf(h->out, "<h2>%s</h2><table class=\"scope\"><tr><th>%s</th><th>%s</th><th>%s</th>"
                    "<th>%s</th></tr>\n", L(h, L_SCOPE), L(h, L_TOOL), L(h, L_VERSION),
            L(h, L_COMMAND), L(h, L_STARTED));
    size_t i, k;
    json_t *run, *inv;
    json_array_foreach(json_object_get(h->root, "runs"), i, run) {
        json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
        json_array_foreach(json_object_get(run, "invocations"), k, inv) {
            fputs("<tr><td>", h->out);
            vg_html_esc(h->out, vg_html_str(driver, "name"));
            fputs("</td><td>", h->out);
            vg_html_esc(h->out, vg_html_str(driver, "version"));
            fputs("</td><td><code>", h->out);
            vg_html_esc(h->out, vg_html_str(inv, "commandLine"));
            fputs("</code></td><td class=\"loc\">", h->out);
            vg_html_esc(h->out, vg_html_str(inv, "startTimeUtc"));
            fputs("</td></tr>\n", h->out);
        }
    }
    fputs("</table>\n", h->out);
}

/* Notices of one kind: observations (level note: what the probes saw)
 * or what could not be checked (warnings, errors). */
static void notices_html(const html *h, bool observed)
{
    size_t i, j, k;
    json_t *run, *inv, *n;
    bool any = false;
    json_array_foreach(json_object_get(h->root, "runs"), i, run)
        json_array_foreach(json_object_get(run, "invocations"), k, inv)
            json_array_foreach(json_object_get(inv, "toolExecutionNotifications"), j, n) {
                if ((strcmp(vg_html_str(n, "level"), "note") == 0) != observed)
                    continue;
                if (!any)
                    fprintf(h->out, "<h2>%s</h2><ul>\n", L(h, observed ? L_OBSERVED : L_NOTICES));
                any = true;
                fputs("<li><span class=\"loc\">", h->out);
                location_html(h, json_array_get(json_object_get(n, "locations"), 0));
                fputs("</span> ", h->out);
                msg_html(h, run, NULL, json_object_get(n, "message"));
                fputs("</li>\n", h->out);
            }
    if (any)
        fputs("</ul>\n", h->out);
}

static void runs_html(const html *h)
{
    notices_html(h, false);
    notices_html(h, true);
}

int vg_report_html(const vg_report_doc *d, const vg_ruleset *rs,
                   const vg_html_opts *o, FILE *out, vg_error *err)
{
    html h = {.out = out, .lang = o->lang == VG_LANG_FR, .rs = rs, .root = vg_report_json(d),
              .per_rule = calloc(rs->nrules + 1, sizeof(counts)),
              .ran = calloc(rs->nrules + 1, 1)};
    if (!h.per_rule || !h.ran) {
        free(h.per_rule);
        free(h.ran);
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    count_all(&h);
    checks_all(&h);
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime_r(&now, &tm));
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                 "<title>%s</title><style>%s</style></head><body>\n",
            h.lang ? "fr" : "en", L(&h, L_TITLE), CSS);
    fprintf(out, "<header><h1>%s</h1><p>", L(&h, L_TITLE));
    vg_html_esc(out, text_of(&h, &rs->title));
    fprintf(out, "</p><p class=\"muted\">%s %s · vigie</p></header>\n",
            L(&h, L_GENERATED), when);
    scope_html(&h);
    if (o->inventory_href) {
        const vg_msg_def *m = vg_msg_get("inv.link");
        fputs("<p class=\"inventory\"><a href=\"", out);
        vg_html_esc(out, o->inventory_href);
        fputs("\">", out);
        vg_html_esc(out, h.lang ? m->fr : m->en);
        fputs("</a></p>\n", out);
    }
    summary_html(&h);
    fix_first_html(&h);
    for (size_t i = 0; i < rs->nclauses; i++)
        clause_html(&h, &rs->clauses[i], i);
    runs_html(&h);
    fputs("</body></html>\n", out);
    free(h.per_rule);
    free(h.ran);
    if (ferror(out) || fflush(out))
        return vg_error_set(err, VG_EIO, "cannot write the HTML report: %m");
    return 0;
}
