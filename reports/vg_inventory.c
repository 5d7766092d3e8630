/*
 * The inventory of personal information (vg_inventory.h). One pass over
 * the log builds a model — per group, the places of collection and the
 * destinations, deduplicated — which is then written as JSON (the model
 * itself), CSV (one row per place) or HTML (one section per group).
 * Every word comes from the catalogue (inv.*) in the chosen language.
 */
#include "vg_html_int.h"
#include "vg_inventory.h"
#include "vg_sarif_int.h"

#include <stdlib.h>
#include <string.h>

json_t *vg_report_json(const vg_report_doc *d);

static const char *const groups[] = {"nam", "sin", "dob", "credentials", "health", "contact",
                                     "name"};
#define NGROUPS (sizeof groups / sizeof groups[0])

const char *vg_inventory_group(const char *id)
{
    static const struct { const char *cat, *group; } map[] = {
        {"nam", "nam"}, {"sin", "sin"}, {"dob", "dob"},
        {"password", "credentials"}, {"username", "credentials"}, {"secret", "credentials"},
        {"health", "health"}, {"patient_id", "health"},
        {"email", "contact"}, {"phone", "contact"}, {"postal", "contact"},
        {"name", "name"}};
    for (size_t i = 0; id && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].cat, id) == 0)
            return map[i].group;
    return NULL;
}

/* A catalogue word in lang: "inv.PREFIX.KEY" or, if absent, the key. */
static const char *word(vg_lang lang, const char *prefix, const char *key)
{
    char id[96];
    snprintf(id, sizeof id, "inv.%s%s%s", prefix, *prefix ? "." : "", key);
    const vg_msg_def *m = vg_msg_get(id);
    return m ? (lang == VG_LANG_FR ? m->fr : m->en) : key;
}

/* The ruleset category of a result: its "category" property, else the
 * component of its message id after RULE.what that names one
 * (DSC004.hardcoded.nam; not CRD001.email, where "email" is the channel). */
static const char *category_of(const vg_ruleset *rs, json_t *r)
{
    json_t *props = json_object_get(r, "properties");
    /* a cookie's "category" is its class (marketing...): what its value
     * is comes in "dataCategory" */
    const char *c = vg_html_str(props, "dataCategory");
    if (*c)
        return c;
    c = vg_html_str(props, "category");
    if (*c && vg_ruleset_category(rs, c))
        return c;
    const char *id = vg_html_str(json_object_get(r, "message"), "id");
    char part[64];
    int k = 0;
    for (const char *p = id; *p; k++) {
        size_t n = strcspn(p, ".");
        if (k >= 2 && n < sizeof part) {
            memcpy(part, p, n);
            part[n] = '\0';
            const vg_category *cat = vg_ruleset_category(rs, part);
            if (cat)
                return cat->id;
        }
        p += n;
        p += *p == '.';
    }
    const char *rule = vg_html_str(r, "ruleId");
    if (strncmp(rule, "CRD", 3) == 0)
        return "password";             /* the credentials rules are about credentials */
    if (strcmp(rule, "CK003") == 0)
        return "name";                 /* a cookie that identifies the person (older logs) */
    return NULL;
}

/* The class of a cookie a result is about (essential, performance,
 * service-improvement, marketing, unknown), or "". */
static const char *cookie_class(const vg_ruleset *rs, json_t *r)
{
    if (strncmp(vg_html_str(r, "ruleId"), "CK", 2) != 0)
        return "";
    const char *c = vg_html_str(json_object_get(r, "properties"), "category");
    return *c && !vg_ruleset_category(rs, c) ? c : "";
}

/* Where a result's data goes: the sink the analyzer named, a sanitizer,
 * else what the rule is about. */
static const char *destination_of(json_t *r)
{
    json_t *props = json_object_get(r, "properties");
    const char *sink = vg_html_str(props, "sink");
    if (*sink)
        return sink;
    if (*vg_html_str(props, "sanitizer"))
        return "sanitizer";
    static const struct { const char *prefix, *dest; } by_rule[] = {
        {"LOG", "log"}, {"MSG001", "email"}, {"MSG002", "sms"}, {"MSG003", "voice"},
        {"MSG004", "email"}, {"CK", "cookie"}, {"DSC001", "http"}, {"DSC002", "url"},
        {"DSC004", "file"}, {"TLS005", "socket"}, {"CRD001", "email"}, {"CRD002", "email"},
        {"CRD003", "email"}};
    const char *rule = vg_html_str(r, "ruleId");
    for (size_t i = 0; i < sizeof by_rule / sizeof by_rule[0]; i++)
        if (strncmp(rule, by_rule[i].prefix, strlen(by_rule[i].prefix)) == 0)
            return by_rule[i].dest;
    return "other";
}

static const char *status_of(json_t *r)
{
    if (strcmp(vg_html_str(r, "kind"), "pass") == 0)
        return "compliant";
    if (json_array_size(json_object_get(r, "suppressions")))
        return "suppressed";
    return strcmp(vg_html_str(r, "level"), "note") == 0 ? "to-review" : "not-compliant";
}

/* "uri:line — logical" of a SARIF location. Malloc'd. */
static char *place(json_t *loc)
{
    json_t *phys = json_object_get(loc, "physicalLocation");
    const char *uri = vg_html_str(json_object_get(phys, "artifactLocation"), "uri");
    json_int_t line = json_integer_value(json_object_get(json_object_get(phys, "region"),
                                                         "startLine"));
    const char *logical = vg_html_str(json_array_get(json_object_get(loc, "logicalLocations"), 0),
                              "fullyQualifiedName");
    size_t n = strlen(uri) + strlen(logical) + 32;
    char *s = malloc(n);
    if (!s)
        return NULL;
    int k = snprintf(s, n, "%s", uri);
    if (*uri && line > 0)
        k += snprintf(s + k, n - (size_t)k, ":%lld", (long long)line);
    if (*logical)
        snprintf(s + k, n - (size_t)k, "%s%s", *uri ? " — " : "", logical);
    return s;
}

static bool is_template(const char *where)
{
    const char *colon = strrchr(where, ':');
    size_t n = colon ? (size_t)(colon - where) : strlen(where);
    static const char *const ext[] = {".html", ".htm", ".tmpl", ".jinja", ".j2", ".mustache",
                                      ".hbs", ".jsp", ".php", ".erb"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t e = strlen(ext[i]);
        if (n >= e && strncmp(where + n - e, ext[i], e) == 0)
            return true;
    }
    return false;
}

/* Append {fields...} to arr unless an entry with the same key is there. */
static void add_unique(json_t *seen, json_t *arr, const char *key, json_t *entry)
{
    if (json_object_get(seen, key)) {
        json_decref(entry);
        return;
    }
    json_object_set_new(seen, key, json_true());
    json_array_append_new(arr, entry);
}

typedef struct model {
    json_t *group[NGROUPS];     /* {"collected": [...], "destinations": [...]} */
    json_t *seen;
} model;

static int group_index(const char *g)
{
    for (size_t i = 0; g && i < NGROUPS; i++)
        if (strcmp(groups[i], g) == 0)
            return (int)i;
    return -1;
}

static void add_result(model *m, const vg_ruleset *rs, vg_lang lang, json_t *run, json_t *r,
                       bool probe)
{
    if (strcmp(vg_html_str(r, "baselineState"), "absent") == 0)
        return;
    const char *cat = category_of(rs, r);
    int gi = group_index(vg_inventory_group(cat));
    if (gi < 0)
        return;
    json_t *g = m->group[gi];
    const char *rule = vg_html_str(r, "ruleId");
    char *what = vg_sarif_message_text(run, rule, json_object_get(r, "message"), lang, rs);
    char *where = place(json_array_get(json_object_get(r, "locations"), 0));
    if (!what || !where) {
        free(what);
        free(where);
        return;
    }
    const vg_rule *ru = vg_ruleset_rule(rs, rule);
    const vg_clause *cl = ru && ru->nclauses ? ru->clauses[0] : NULL;
    const char *dest = destination_of(r), *status = status_of(r);
    const vg_category *c = vg_ruleset_category(rs, cat);
    /* cookies are listed by their class ("marketing cookies") */
    const char *klass = cookie_class(rs, r);
    const char *dlabel = *klass ? word(lang, "cookie", klass) : word(lang, "dest", dest);
    char key[1024];
    snprintf(key, sizeof key, "d|%s|%s|%s|%s|%s|%s|%s", groups[gi], dest, klass, status, rule,
             where, cat);
    json_t *entry = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
        "destination", dest, "destinationLabel", dlabel,
        "status", status, "statusLabel", word(lang, "status", status),
        "rule", rule, "clause", cl ? cl->id : "",
        "clauseHeading", cl ? vg_text_get(&cl->heading, lang) : "",
        "category", c ? vg_text_get(&c->label, lang) : cat, "where", where, "what", what);
    if (entry && *klass) {
        json_object_set_new(entry, "cookieCategory", json_string(klass));
        json_object_set_new(entry, "cookieCategoryLabel", json_string(word(lang, "cookie", klass)));
    }
    add_unique(m->seen, json_object_get(g, "destinations"), key, entry);

    /* where it was collected: the flow's source, the template's form, the
     * scenario page the probe looked at */
    const char *how = NULL;
    char *from = NULL, *fromwhat = NULL;
    json_t *step = json_array_get(json_object_get(json_array_get(json_object_get(
        json_array_get(json_object_get(r, "codeFlows"), 0), "threadFlows"), 0), "locations"), 0);
    if (step) {
        json_t *loc = json_object_get(step, "location");
        from = place(loc);
        fromwhat = vg_sarif_message_text(run, rule, json_object_get(loc, "message"), lang, rs);
        how = from && is_template(from) ? "form" : "code";
    } else if (probe && json_array_size(json_object_get(r, "relatedLocations"))) {
        /* anchored at the scenario line that asked for the page, the
         * trigger or the listener; the related location is what was probed */
        from = strdup(where);
        fromwhat = place(json_array_get(json_object_get(r, "relatedLocations"), 0));
        how = "scenario";
    } else if (is_template(where)) {
        from = strdup(where);
        fromwhat = strdup(what);
        how = "form";
    }
    if (how && from && fromwhat) {
        snprintf(key, sizeof key, "c|%s|%s|%s|%s", groups[gi], how, from, cat);
        add_unique(m->seen, json_object_get(g, "collected"), key, json_pack(
            "{s:s,s:s,s:s,s:s,s:s}", "kind", how, "kindLabel", word(lang, "how", how),
            "category", c ? vg_text_get(&c->label, lang) : cat, "where", from,
            "what", fromwhat));
    }
    free(from);
    free(fromwhat);
    free(what);
    free(where);
}

/* The log says whether it was written with --show-personal-data in its
 * invocations' arguments. */
static bool unmasked_log(json_t *root)
{
    size_t i, k, a;
    json_t *run, *inv, *arg;
    json_array_foreach(json_object_get(root, "runs"), i, run)
        json_array_foreach(json_object_get(run, "invocations"), k, inv)
            json_array_foreach(json_object_get(inv, "arguments"), a, arg)
                if (strcmp(json_string_value(arg) ? json_string_value(arg) : "",
                           "--show-personal-data") == 0)
                    return true;
    return false;
}

static json_t *build(json_t *root, const vg_ruleset *rs, const vg_inv_opts *o)
{
    model m = {.seen = json_object()};
    for (size_t i = 0; i < NGROUPS; i++)
        m.group[i] = json_pack("{s:[],s:[]}", "collected", "destinations");
    size_t i, j;
    json_t *run, *r;
    json_array_foreach(json_object_get(root, "runs"), i, run) {
        const char *tool = vg_html_str(json_object_get(json_object_get(run, "tool"), "driver"), "name");
        bool probe = strcmp(tool, "vigie-harness") == 0;
        json_array_foreach(json_object_get(run, "results"), j, r)
            add_result(&m, rs, o->lang, run, r, probe);
    }
    json_t *cats = json_array();
    for (size_t g = 0; g < NGROUPS; g++) {
        json_t *x = m.group[g];
        json_object_set_new(x, "id", json_string(groups[g]));
        json_object_set_new(x, "label", json_string(word(o->lang, "group", groups[g])));
        json_object_set_new(x, "found", json_boolean(
            json_array_size(json_object_get(x, "collected")) +
            json_array_size(json_object_get(x, "destinations")) > 0));
        json_array_append_new(cats, x);
    }
    json_decref(m.seen);
    return json_pack("{s:s,s:s,s:b,s:o}", "title", word(o->lang, "", "title"),
                     "language", vg_lang_tag(o->lang), "masked", !unmasked_log(root),
                     "categories", cats);
}

/* ---- writers ------------------------------------------------------------ */

static void csv_field(FILE *out, const char *s, bool last)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputs(last ? "\"\r\n" : "\",", out);
}

static void write_csv(json_t *m, vg_lang lang, FILE *out)
{
    static const char *const cols[] = {"category", "direction", "kind", "status", "rule",
                                       "clause", "where", "what"};
    for (size_t i = 0; i < 8; i++)
        csv_field(out, word(lang, "col", cols[i]), i == 7);
    size_t i, j;
    json_t *g, *e;
    json_array_foreach(json_object_get(m, "categories"), i, g) {
        json_array_foreach(json_object_get(g, "collected"), j, e) {
            const char *f[8] = {vg_html_str(g, "label"), word(lang, "dir", "collected"),
                                vg_html_str(e, "kindLabel"), "", "", "", vg_html_str(e, "where"), vg_html_str(e, "what")};
            for (size_t k = 0; k < 8; k++)
                csv_field(out, f[k], k == 7);
        }
        json_array_foreach(json_object_get(g, "destinations"), j, e) {
            const char *f[8] = {vg_html_str(g, "label"), word(lang, "dir", "goes"),
                                vg_html_str(e, "destinationLabel"), vg_html_str(e, "statusLabel"),
                                vg_html_str(e, "rule"), vg_html_str(e, "clauseHeading"), vg_html_str(e, "where"),
                                vg_html_str(e, "what")};
            for (size_t k = 0; k < 8; k++)
                csv_field(out, f[k], k == 7);
        }
    }
}

static const char CSS[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;"
    "max-width:64rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.6rem}"
    "h2{font-size:1.2rem;margin:2rem 0 .3rem;border-bottom:2px solid #d0d7de}"
    "h3{font-size:1rem;margin:1rem 0 .3rem}table{border-collapse:collapse;width:100%}"
    "td,th{padding:.2rem .5rem;border-bottom:1px solid #d0d7de;text-align:left;"
    "vertical-align:top}.loc{font-family:ui-monospace,'DejaVu Sans Mono',monospace;"
    "font-size:.85em;overflow-wrap:anywhere}.muted{color:#57606a}"
    ".badge{border-radius:.3rem;padding:.05rem .45rem;font-size:.8rem;font-weight:600;"
    "white-space:nowrap}.compliant{background:#dafbe1;color:#116329}"
    ".not-compliant{background:#ffebe9;color:#a40e26}.to-review,.suppressed{background:#fff8c5;"
    "color:#7d4e00}@media print{body{margin:0;max-width:none;font-size:10pt}"
    ".badge{border:1px solid currentColor}h2{break-after:avoid}tr{break-inside:avoid}}";

static void write_html(json_t *m, vg_lang lang, FILE *out)
{
    bool fr = lang == VG_LANG_FR;
    const char *colon = fr ? " :" : ":";
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                 "<title>", fr ? "fr" : "en");
    vg_html_esc(out, vg_html_str(m, "title"));
    fprintf(out, "</title><style>%s</style></head><body>\n<h1>", CSS);
    vg_html_esc(out, vg_html_str(m, "title"));
    fputs("</h1>\n<p>", out);
    vg_html_esc(out, word(lang, "", json_is_true(json_object_get(m, "masked")) ? "intro"
                                                                        : "intro-unmasked"));
    fprintf(out, "</p>\n<h2>%s</h2><ul>\n", word(lang, "", "summary"));
    size_t i, j;
    json_t *g, *e;
    json_array_foreach(json_object_get(m, "categories"), i, g) {
        fprintf(out, "<li><a href=\"#%s\">", vg_html_str(g, "id"));
        vg_html_esc(out, vg_html_str(g, "label"));
        fputs("</a>", out);
        if (!json_is_true(json_object_get(g, "found"))) {
            fprintf(out, "%s <span class=\"muted\">", colon);
            vg_html_esc(out, word(lang, "", "absent"));
            fputs("</span>", out);
        } else {
            size_t bad = 0;
            json_array_foreach(json_object_get(g, "destinations"), j, e)
                bad += strcmp(vg_html_str(e, "status"), "not-compliant") == 0;
            fprintf(out, "%s %zu · %zu · <span class=\"badge not-compliant\">%zu %s</span>",
                    colon, json_array_size(json_object_get(g, "collected")),
                    json_array_size(json_object_get(g, "destinations")), bad,
                    word(lang, "status", "not-compliant"));
        }
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
    json_array_foreach(json_object_get(m, "categories"), i, g) {
        fprintf(out, "<section id=\"%s\"><h2>", vg_html_str(g, "id"));
        vg_html_esc(out, vg_html_str(g, "label"));
        fprintf(out, "</h2>\n<h3>%s</h3>\n", word(lang, "", "collected"));
        json_t *col = json_object_get(g, "collected");
        if (!json_array_size(col))
            fprintf(out, "<p class=\"muted\">%s</p>\n", word(lang, "", "none-collected"));
        else {
            fprintf(out, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                    word(lang, "col", "kind"), word(lang, "col", "category"),
                    word(lang, "col", "where"), word(lang, "col", "what"));
            json_array_foreach(col, j, e) {
                fputs("<tr><td>", out);
                vg_html_esc(out, vg_html_str(e, "kindLabel"));
                fputs("</td><td>", out);
                vg_html_esc(out, vg_html_str(e, "category"));
                fputs("</td><td class=\"loc\">", out);
                vg_html_esc(out, vg_html_str(e, "where"));
                fputs("</td><td>", out);
                vg_html_esc(out, vg_html_str(e, "what"));
                fputs("</td></tr>\n", out);
            }
            fputs("</table>\n", out);
        }
        fprintf(out, "<h3>%s</h3>\n", word(lang, "", "goes"));
        json_t *dst = json_object_get(g, "destinations");
        if (!json_array_size(dst))
            fprintf(out, "<p class=\"muted\">%s</p>\n", word(lang, "", "none-goes"));
        else {
            fprintf(out, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                         "</tr>\n", word(lang, "col", "destination"),
                    word(lang, "col", "status"), word(lang, "col", "clause"),
                    word(lang, "col", "where"), word(lang, "col", "what"));
            json_array_foreach(dst, j, e) {
                fputs("<tr><td>", out);
                vg_html_esc(out, vg_html_str(e, "destinationLabel"));
                fprintf(out, "</td><td><span class=\"badge %s\">", vg_html_str(e, "status"));
                vg_html_esc(out, vg_html_str(e, "statusLabel"));
                fputs("</span></td><td>", out);
                vg_html_esc(out, vg_html_str(e, "clauseHeading"));
                fputs(" <span class=\"muted\">(", out);
                vg_html_esc(out, vg_html_str(e, "rule"));
                fputs(")</span></td><td class=\"loc\">", out);
                vg_html_esc(out, vg_html_str(e, "where"));
                fputs("</td><td>", out);
                vg_html_esc(out, vg_html_str(e, "what"));
                fputs("</td></tr>\n", out);
            }
            fputs("</table>\n", out);
        }
        fputs("</section>\n", out);
    }
    fputs("</body></html>\n", out);
}

int vg_report_inventory(const vg_report_doc *d, const vg_ruleset *rs, const vg_inv_opts *o,
                        FILE *out, vg_error *err)
{
    json_t *root = vg_report_json(d);
    if (!o->show_personal_data && unmasked_log(root))
        return vg_error_set(err, VG_EINPUT, "the log was written with --show-personal-data: pass "
                                 "--show-personal-data to list its values, or scan again "
                                 "without it");
    json_t *m = build(root, rs, o);
    if (!m)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    if (o->format == VG_INV_JSON) {
        if (json_dumpf(m, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0)
            fputc('\n', out);
    } else if (o->format == VG_INV_CSV)
        write_csv(m, o->lang, out);
    else
        write_html(m, o->lang, out);
    json_decref(m);
    if (ferror(out) || fflush(out))
        return vg_error_set(err, VG_EIO, "cannot write the inventory: %m");
    return 0;
}
