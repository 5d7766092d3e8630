/*
 * SARIF logs as documents: load, merge, baseline, count. Everything works
 * on the JSON tree, so logs written by other vigie versions (or by the
 * other half) are handled the same way as the one just built.
 */
#include "vg_report.h"
#include "vg_file.h"
#include "vg_sarif_int.h"

#include <stdlib.h>
#include <string.h>

struct vg_report_doc {
    json_t *root;
};

static vg_report_doc *wrap(json_t *root)
{
    vg_report_doc *d = calloc(1, sizeof *d);
    if (!d) {
        json_decref(root);
        return NULL;
    }
    d->root = root;
    return d;
}

vg_report_doc *vg_report_build(const vg_ruleset *rs, const vg_sarif_run *runs,
                               size_t nruns, vg_error *err)
{
    json_t *root = vg_sarif_build_json(rs, runs, nruns, err);
    return root ? wrap(root) : NULL;
}

vg_report_doc *vg_report_load(const char *path, vg_error *err)
{
    char *text;
    size_t len;
    if (vg_file_read(path, VG_REPORT_MAX_SIZE, &text, &len, err))
        return NULL;
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    free(text);
    if (!root) {
        if (je.line < 1)
            vg_error_set(err, VG_EINPUT, "%s: %s", path, je.text);
        else
            vg_error_set(err, VG_EINPUT, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        return NULL;
    }
    const char *version = json_string_value(json_object_get(root, "version"));
    if (!json_is_object(root) || !version || strcmp(version, "2.1.0") != 0 ||
        !json_is_array(json_object_get(root, "runs"))) {
        json_decref(root);
        vg_error_set(err, VG_EINPUT, "%s: not a SARIF 2.1.0 log (needs \"version\": \"2.1.0\" and \"runs\")", path);
        return NULL;
    }
    return wrap(root);
}

void vg_report_free(vg_report_doc *d)
{
    if (!d)
        return;
    json_decref(d->root);
    free(d);
}

int vg_report_write(const vg_report_doc *d, FILE *out, vg_error *err)
{
    return vg_sarif_dump(d->root, out, err);
}

/* ---- merge ------------------------------------------------------------- */

static const char *tool_name(json_t *run)
{
    const char *n = json_string_value(json_object_get(json_object_get(
        json_object_get(run, "tool"), "driver"), "name"));
    return n ? n : "";
}

static json_t *driver_rules(json_t *run)
{
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    json_t *rules = json_object_get(driver, "rules");
    if (!json_is_array(rules)) {
        rules = json_array();
        json_object_set_new(driver, "rules", rules);
    }
    return rules;
}

/* Index of rule `id` in rules, appending a copy of `rule` if absent. */
static long rule_slot(json_t *rules, const char *id, json_t *rule)
{
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r) {
        const char *rid = json_string_value(json_object_get(r, "id"));
        if (rid && strcmp(rid, id) == 0)
            return (long)i;
    }
    if (!rule)
        rule = json_pack("{s:s}", "id", id);
    else
        json_incref(rule);
    json_array_append_new(rules, rule);
    return (long)json_array_size(rules) - 1;
}

/* The component of run that holds lang's strings: the driver, or the
 * translation into lang (added when missing). */
static json_t *strings_component(json_t *run, vg_lang lang)
{
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    if (vg_sarif_run_lang(run) == lang)
        return driver;
    json_t *ts = json_object_get(run, "translations");
    if (!json_is_array(ts)) {
        ts = json_array();
        json_object_set_new(run, "translations", ts);
    }
    size_t i;
    json_t *t;
    json_array_foreach(ts, i, t)
        if (vg_lang_from_tag(json_string_value(json_object_get(t, "language"))) == lang)
            return t;
    const char *name = json_string_value(json_object_get(driver, "name"));
    char tname[160];
    snprintf(tname, sizeof tname, "%s (%s)", name ? name : "vigie", vg_lang_tag(lang));
    t = json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:[]}", "name", name ? name : "vigie",
                  "language", vg_lang_tag(lang), "translationMetadata", "name", tname,
                  "associatedComponent", "name", name ? name : "vigie", "rules");
    json_array_append_new(ts, t);
    return t;
}

/* Union of message strings: the first text of an id is kept. */
static void union_strings(json_t *into, const char *key, json_t *from)
{
    json_t *have = json_object_get(into, key);
    if (!json_is_object(from))
        return;
    if (!json_is_object(have)) {
        json_object_set_new(into, key, json_deep_copy(from));
        return;
    }
    json_object_update_missing(have, from);
}

/* src (a driver or a translation in lang) into dst's strings for lang:
 * every rule's messageStrings and the globalMessageStrings. */
static void merge_strings(json_t *dst_run, json_t *src, vg_lang lang)
{
    json_t *into = strings_component(dst_run, lang);
    if (!into || into == src)
        return;
    json_t *rules = json_object_get(into, "rules");
    if (!json_is_array(rules)) {
        rules = json_array();
        json_object_set_new(into, "rules", rules);
    }
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(src, "rules"), i, r) {
        const char *id = json_string_value(json_object_get(r, "id"));
        json_t *ms = json_object_get(r, "messageStrings");
        if (!id || !ms)
            continue;
        json_t *slot = json_array_get(rules, (size_t)rule_slot(rules, id, NULL));
        union_strings(slot, "messageStrings", ms);
    }
    union_strings(into, "globalMessageStrings", json_object_get(src, "globalMessageStrings"));
}

/* Results copied from a run in another language carry a text in that
 * language: render it again in the run's own. */
static void rerender(json_t *run, json_t *result)
{
    json_t *m = json_object_get(result, "message");
    if (!json_object_get(m, "id"))
        return;
    char *t = vg_sarif_message_text(run, json_string_value(json_object_get(result, "ruleId")),
                                    m, vg_sarif_run_lang(run), NULL);
    if (t)
        json_object_set_new(m, "text", json_string(t));
    free(t);
}

/* Append src's results, rules and invocations to dst (same tool). */
static void fold_run(json_t *dst, json_t *src)
{
    bool same_lang = vg_sarif_run_lang(dst) == vg_sarif_run_lang(src);
    json_t *drules = driver_rules(dst), *srules = driver_rules(src);
    json_t *dres = json_object_get(dst, "results");
    if (!json_is_array(dres)) {
        dres = json_array();
        json_object_set_new(dst, "results", dres);
    }
    size_t i;
    json_t *r;
    json_array_foreach(srules, i, r) {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (id)
            rule_slot(drules, id, r);
    }
    merge_strings(dst, json_object_get(json_object_get(src, "tool"), "driver"),
                  vg_sarif_run_lang(src));
    json_array_foreach(json_object_get(src, "translations"), i, r)
        merge_strings(dst, r, vg_lang_from_tag(json_string_value(json_object_get(r, "language"))));
    json_array_foreach(json_object_get(src, "results"), i, r) {
        json_t *copy = json_deep_copy(r);
        const char *id = json_string_value(json_object_get(copy, "ruleId"));
        if (id)
            json_object_set_new(copy, "ruleIndex",
                                json_integer(rule_slot(drules, id, NULL)));
        if (!same_lang)
            rerender(dst, copy);
        json_array_append_new(dres, copy);
    }
    json_t *dinv = json_object_get(dst, "invocations");
    if (!json_is_array(dinv)) {
        dinv = json_array();
        json_object_set_new(dst, "invocations", dinv);
    }
    json_array_foreach(json_object_get(src, "invocations"), i, r)
        json_array_append(dinv, r);
}

/* Renumber ruleIndex of every result of a run after de-duplication. */
static void dedupe_rules(json_t *run)
{
    json_t *rules = driver_rules(run), *uniq = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r) {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (id)
            rule_slot(uniq, id, r);
    }
    json_object_set(json_object_get(json_object_get(run, "tool"), "driver"), "rules", uniq);
    json_array_foreach(json_object_get(run, "results"), i, r) {
        const char *id = json_string_value(json_object_get(r, "ruleId"));
        if (id)
            json_object_set_new(r, "ruleIndex", json_integer(rule_slot(uniq, id, NULL)));
    }
    json_decref(uniq);
}

vg_report_doc *vg_report_merge(vg_report_doc *const *docs, size_t n, vg_error *err)
{
    json_t *runs = json_array();
    for (size_t k = 0; k < n; k++) {
        size_t i;
        json_t *run;
        json_array_foreach(json_object_get(docs[k]->root, "runs"), i, run) {
            json_t *same = NULL, *m;
            size_t j;
            json_array_foreach(runs, j, m)
                if (strcmp(tool_name(m), tool_name(run)) == 0)
                    same = m;
            if (same)
                fold_run(same, run);
            else
                json_array_append_new(runs, json_deep_copy(run));
        }
    }
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run)
        dedupe_rules(run);
    json_t *root = json_pack("{s:s,s:s,s:o}", "$schema",
                             "https://json.schemastore.org/sarif-2.1.0.json",
                             "version", "2.1.0", "runs", runs);
    if (!root) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    return wrap(root);
}

/* ---- baseline ---------------------------------------------------------- */

static const char *fingerprint(json_t *result)
{
    return json_string_value(json_object_get(json_object_get(result, "partialFingerprints"),
                                             "vigie/v1"));
}

static const char *msg_text(json_t *result)
{
    const char *t = json_string_value(json_object_get(json_object_get(result, "message"), "text"));
    return t ? t : "";
}

static const char *level_of(json_t *result)
{
    const char *l = json_string_value(json_object_get(result, "level"));
    return l ? l : "warning";
}

/* Fingerprint -> result (borrowed) for the baseline's runs of `tool`; the
 * first result wins when a fingerprint repeats. A new reference. */
static json_t *index_baseline(json_t *base_runs, const char *tool)
{
    json_t *idx = json_object();
    size_t i, j;
    json_t *run, *r;
    json_array_foreach(base_runs, i, run) {
        if (strcmp(tool_name(run), tool) != 0)
            continue;
        json_array_foreach(json_object_get(run, "results"), j, r) {
            const char *f = fingerprint(r);
            if (f && !json_object_get(idx, f))
                json_object_set(idx, f, r);
        }
    }
    return idx;
}

int vg_report_apply_baseline(vg_report_doc *d, const vg_report_doc *baseline,
                             vg_baseline_counts *counts, vg_error *err)
{
    vg_baseline_counts c = {0};
    json_t *bruns = json_object_get(baseline->root, "runs");
    size_t i, j;
    json_t *run, *r;
    (void)err;
    json_array_foreach(json_object_get(d->root, "runs"), i, run) {
        const char *tool = tool_name(run);
        json_t *results = json_object_get(run, "results");
        json_t *matched = json_object();       /* fingerprints seen in this run */
        json_t *base = index_baseline(bruns, tool);
        json_array_foreach(results, j, r) {
            const char *fp = fingerprint(r);
            json_t *old = fp ? json_object_get(base, fp) : NULL;
            const char *state = "new";
            if (old) {
                json_object_set_new(matched, fp, json_true());
                bool same = strcmp(msg_text(old), msg_text(r)) == 0 &&
                            strcmp(level_of(old), level_of(r)) == 0;
                state = same ? "unchanged" : "updated";
            }
            json_object_set_new(r, "baselineState", json_string(state));
            if (!old)
                c.new_++;
            else if (state[0] == 'u' && state[1] == 'n')
                c.unchanged++;
            else
                c.updated++;
        }
        /* Results that disappeared are reported as absent. */
        size_t k, m;
        json_t *brun, *br;
        json_array_foreach(bruns, k, brun) {
            if (strcmp(tool_name(brun), tool) != 0)
                continue;
            json_array_foreach(json_object_get(brun, "results"), m, br) {
                const char *fp = fingerprint(br);
                if (!fp || json_object_get(matched, fp))
                    continue;
                json_t *copy = json_deep_copy(br);
                json_object_set_new(copy, "baselineState", json_string("absent"));
                const char *id = json_string_value(json_object_get(copy, "ruleId"));
                if (id)
                    json_object_set_new(copy, "ruleIndex",
                                        json_integer(rule_slot(driver_rules(run), id, NULL)));
                json_array_append_new(results, copy);
                json_object_set_new(matched, fp, json_true());
                c.absent++;
            }
        }
        json_decref(matched);
        json_decref(base);
    }
    if (counts)
        *counts = c;
    return 0;
}

size_t vg_report_count(const vg_report_doc *d, vg_level min_level, bool only_new)
{
    size_t n = 0, i, j;
    json_t *run, *r;
    if (min_level == VG_LEVEL_NONE)
        return 0;
    json_array_foreach(json_object_get(d->root, "runs"), i, run) {
        json_array_foreach(json_object_get(run, "results"), j, r) {
            vg_level l;
            const char *state = json_string_value(json_object_get(r, "baselineState"));
            if (state && strcmp(state, "absent") == 0)
                continue;
            if (only_new && state && strcmp(state, "new") != 0)
                continue;
            if (json_array_size(json_object_get(r, "suppressions")))
                continue;
            if (vg_level_parse(level_of(r), &l) == 0 && l >= min_level)
                n++;
        }
    }
    return n;
}

size_t vg_report_count_findings(const vg_ruleset *rs, const vg_findings *fs,
                                vg_level min_level)
{
    size_t n = 0;
    if (min_level == VG_LEVEL_NONE)
        return 0;
    for (size_t i = 0; i < fs->count; i++)
        if (!fs->items[i].suppression && vg_ruleset_level(rs, &fs->items[i]) >= min_level)
            n++;
    return n;
}

void vg_report_set_exit_code(vg_report_doc *d, int code)
{
    size_t i, j;
    json_t *run, *inv;
    json_array_foreach(json_object_get(d->root, "runs"), i, run)
        json_array_foreach(json_object_get(run, "invocations"), j, inv) {
            /* a merged run that did not complete stays so */
            bool ok = code != 2 && !json_is_false(json_object_get(inv, "executionSuccessful"));
            json_object_set_new(inv, "exitCode", json_integer(code));
            json_object_set_new(inv, "executionSuccessful", json_boolean(ok));
        }
}

int vg_report_set_category(vg_report_doc *d, const char *category, vg_error *err)
{
    size_t i, n = strlen(category);
    char *id = malloc(n + 2);
    if (!id)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    /* The trailing '/' ends the category: GitHub takes what precedes the
     * last '/' as the category and the rest as a run id. */
    snprintf(id, n + 2, "%s%s", category, n && category[n - 1] == '/' ? "" : "/");
    json_t *run;
    int rc = 0;
    json_array_foreach(json_object_get(d->root, "runs"), i, run)
        if (json_object_set_new(run, "automationDetails", json_pack("{s:s}", "id", id)))
            rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    free(id);
    return rc;
}

size_t vg_report_unsuccessful(const vg_report_doc *d)
{
    size_t i, j, n = 0;
    json_t *run, *inv;
    json_array_foreach(json_object_get(d->root, "runs"), i, run)
        json_array_foreach(json_object_get(run, "invocations"), j, inv)
            n += json_is_false(json_object_get(inv, "executionSuccessful"));
    return n;
}

/* For the HTML renderer (same directory). */
json_t *vg_report_json(const vg_report_doc *d);
json_t *vg_report_json(const vg_report_doc *d)
{
    return d->root;
}

void vg_report_drop_pass(vg_report_doc *d)
{
    size_t i;
    json_t *run;
    json_array_foreach(json_object_get(vg_report_json(d), "runs"), i, run) {
        json_t *results = json_object_get(run, "results");
        for (size_t j = json_array_size(results); j-- > 0;) {
            const char *kind = json_string_value(json_object_get(json_array_get(results, j),
                                                                 "kind"));
            if (kind && strcmp(kind, "pass") == 0)
                json_array_remove(results, j);
        }
    }
}
