/* Whole logs: merge keeps halves apart and rules unique, baselines give
 * every state, the HTML report covers every clause and masks what the
 * log masks. Every log produced validates against the official schema. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_report.h"
#include "vg_test_run.h"
#include "vg_test_sarif.h"

static vg_ruleset *rs;

static void setup(void)
{
    vg_error err;
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
}

static void teardown(void)
{
    vg_ruleset_free(rs);
}

TestSuite(report, .init = setup, .fini = teardown);

typedef struct spec {
    const char *rule, *uri, *key, *msg;
    int line;
} spec;

/* A log of one run of `tool` holding the findings in specs. */
static vg_report_doc *doc_of(const char *tool, const spec *specs, size_t n)
{
    vg_findings fs;
    vg_findings_init(&fs);
    for (size_t i = 0; i < n; i++) {
        vg_finding *f = vg_findings_add(&fs, specs[i].rule, VG_LEVEL_NONE, specs[i].uri,
                                        specs[i].line, 1, specs[i].msg);
        vg_finding_set_fingerprint(f, specs[i].key);
    }
    char *argv[] = {"vigie", NULL};
    vg_sarif_run run = {.tool = tool, .findings = &fs, .argc = 1, .argv = argv};
    clock_gettime(CLOCK_REALTIME, &run.start);
    run.end = run.start;
    vg_error err;
    vg_report_doc *d = vg_report_build(rs, &run, 1, &err);
    cr_assert_not_null(d, "%s", err.msg);
    vg_findings_free(&fs);
    return d;
}

/* Write d to a temp file, validate it, and return it re-read as JSON. */
static json_t *validated(const vg_report_doc *d)
{
    char *path = vg_test_write_temp("log.sarif", "", 0);
    FILE *f = fopen(path, "w");
    vg_error err;
    cr_assert_eq(vg_report_write(d, f, &err), 0, "%s", err.msg);
    fclose(f);
    char *errors;
    cr_expect_eq(vg_test_sarif_validate(path, &errors), 0, "schema: %s", errors ? errors : "");
    free(errors);
    json_t *j = json_load_file(path, 0, NULL);
    cr_assert_not_null(j);
    unlink(path);
    free(path);
    return j;
}

static const spec A = {"DSC004", "a.txt", "nam:TREM ****1511", "NAM in a.txt", 3};
static const spec B = {"LOG002", "b.c", "f:nam:syslog", "NAM reaches syslog", 10};
static const spec B2 = {"LOG002", "b.c", "f:nam:syslog", "NAM and SIN reach syslog", 12};
static const spec C = {"TLS004", "c.c", "curl:verifypeer", "verification off", 7};
static const spec D = {"CRD004", "d.c", "pwd:url", "password in URL", 1};
static const spec H = {"TLS001", "https://127.0.0.1:8443/", "AES128-SHA", "AES128-SHA accepted", 0};

Test(report, merge_keeps_halves_apart_and_rules_unique)
{
    vg_report_doc *docs[3] = {doc_of("vigie-analyzer", &A, 1), doc_of("vigie-harness", &H, 1),
                              doc_of("vigie-analyzer", &B, 1)};
    vg_error err;
    vg_report_doc *m = vg_report_merge(docs, 3, &err);
    cr_assert_not_null(m, "%s", err.msg);
    json_t *j = validated(m);
    json_t *runs = json_object_get(j, "runs");
    cr_assert_eq(json_array_size(runs), 2, "one run per tool");
    json_t *an = json_array_get(runs, 0);
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(an, "tool"), "driver"), "name")),
                     "vigie-analyzer");
    json_t *results = json_object_get(an, "results");
    cr_expect_eq(json_array_size(results), 2);
    json_t *rules = json_object_get(json_object_get(json_object_get(an, "tool"), "driver"), "rules");
    cr_expect_eq(json_array_size(rules), rs->nrules, "rules listed once");
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        json_t *rule = json_array_get(rules, (size_t)json_integer_value(json_object_get(r, "ruleIndex")));
        cr_expect_str_eq(json_string_value(json_object_get(rule, "id")),
                         json_string_value(json_object_get(r, "ruleId")), "ruleIndex points at its rule");
    }
    cr_expect_eq(json_array_size(json_object_get(an, "invocations")), 2);
    json_decref(j);
    vg_report_free(m);
    for (int k = 0; k < 3; k++)
        vg_report_free(docs[k]);
}

Test(report, baseline_marks_new_unchanged_updated_absent)
{
    const spec base_s[] = {A, B, C}, cur_s[] = {A, B2, D};
    vg_report_doc *base = doc_of("vigie-analyzer", base_s, 3);
    vg_report_doc *cur = doc_of("vigie-analyzer", cur_s, 3);
    vg_baseline_counts c;
    vg_error err;
    cr_assert_eq(vg_report_apply_baseline(cur, base, &c, &err), 0);
    cr_expect_eq(c.unchanged, 1, "A moved nowhere: unchanged");
    cr_expect_eq(c.updated, 1, "B's message changed (and its line): updated");
    cr_expect_eq(c.new_, 1, "D is new");
    cr_expect_eq(c.absent, 1, "C was fixed: absent");
    json_t *j = validated(cur);
    json_t *results = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
    cr_assert_eq(json_array_size(results), 4);
    const char *want[][2] = {{"DSC004", "unchanged"}, {"LOG002", "updated"},
                             {"CRD004", "new"}, {"TLS004", "absent"}};
    for (size_t i = 0; i < 4; i++) {
        json_t *r = json_array_get(results, i);
        cr_expect_str_eq(json_string_value(json_object_get(r, "ruleId")), want[i][0]);
        cr_expect_str_eq(json_string_value(json_object_get(r, "baselineState")), want[i][1]);
    }
    /* --fail-on-new: only D counts; absent results never count. */
    cr_expect_eq(vg_report_count(cur, VG_LEVEL_WARNING, true), 1);
    cr_expect_eq(vg_report_count(cur, VG_LEVEL_WARNING, false), 3);
    cr_expect_eq(vg_report_count(cur, VG_LEVEL_NONE, false), 0);
    json_decref(j);
    vg_report_free(base);
    vg_report_free(cur);
}

Test(report, baseline_from_another_tool_does_not_match)
{
    vg_report_doc *base = doc_of("vigie-harness", &A, 1);
    vg_report_doc *cur = doc_of("vigie-analyzer", &A, 1);
    vg_baseline_counts c;
    vg_error err;
    cr_assert_eq(vg_report_apply_baseline(cur, base, &c, &err), 0);
    cr_expect_eq(c.new_, 1);
    cr_expect_eq(c.absent, 0);
    vg_report_free(base);
    vg_report_free(cur);
}

Test(report, load_rejects_what_is_not_sarif)
{
    vg_error err;
    char *p = vg_test_write_temp("x.sarif", "{\"version\":\"2.0.0\",\"runs\":[]}", 29);
    cr_expect_null(vg_report_load(p, &err));
    cr_expect(strstr(err.msg, "not a SARIF 2.1.0 log"), "%s", err.msg);
    free(p);
    p = vg_test_write_temp("y.sarif", "{\n\"runs\": [\n", 12);
    cr_expect_null(vg_report_load(p, &err));
    cr_expect(strstr(err.msg, ":3:"), "syntax errors name the line: %s", err.msg);
    free(p);
}

/* Findings with every part a result can carry: a flow, a suppression,
 * properties, a repeated identity (occurrence numbers), explicit and
 * default levels, notices. */
static void varied(vg_findings *fs)
{
    vg_findings_init(fs);
    vg_finding *f = vg_findings_add(fs, "LOG002", VG_LEVEL_NONE, "src/reset.c", 40, 5,
                                    "NAM reaches syslog");
    vg_finding_set_fingerprint(f, "send_reset:nam:syslog");
    vg_finding_set_logical(f, "send_reset");
    vg_finding_add_step(f, "src/reset.c", 10, 3, "patient->nam read");
    vg_finding_add_step(f, "src/reset.c", 40, 5, "passed to syslog()");
    for (int i = 0; i < 2; i++) {
        f = vg_findings_add(fs, "DSC004", VG_LEVEL_NONE, "notes é.txt", 2 + i, 1,
                            "Hard-coded NAM TREM ****1511");
        vg_finding_set_fingerprint(f, "nam:TREM ****1511");
        vg_finding_set_props(f, "{\"category\":\"nam\",\"confidence\":0.97}");
    }
    vg_finding_set_suppression(f, "synthetic identity for tests");
    vg_findings_add(fs, "TLS001", VG_LEVEL_NOTE, "https://127.0.0.1:8443/", 0, 0,
                    "AES128-SHA accepted");
    vg_findings_add(fs, "TLS004", VG_LEVEL_WARNING, "/abs/c.c", 7, 2, "verification off");
    vg_findings_notice(fs, VG_LEVEL_NOTE, "blob.bin", 0, "binary file skipped");
}

static char *log_bytes(bool streamed, const vg_sarif_run *runs, size_t n, size_t *len)
{
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    cr_assert_not_null(out);
    vg_error err;
    if (streamed)
        cr_assert_eq(vg_sarif_write(out, rs, runs, n, &err), 0, "%s", err.msg);
    else {
        vg_report_doc *d = vg_report_build(rs, runs, n, &err);
        cr_assert_not_null(d, "%s", err.msg);
        cr_assert_eq(vg_report_write(d, out, &err), 0, "%s", err.msg);
        vg_report_free(d);
    }
    fclose(out);
    return buf;
}

Test(report, streamed_log_is_byte_for_byte_the_built_one)
{
    vg_findings fs, none;
    varied(&fs);
    vg_findings_init(&none);
    char *argv[] = {"vigie", "scan", "src", NULL};
    vg_sarif_run runs[2] = {
        {.tool = "vigie-analyzer", .findings = &fs, .argc = 3, .argv = argv, .exit_code = 1},
        {.tool = "vigie-harness", .findings = &none, .argc = 3, .argv = argv}};
    clock_gettime(CLOCK_REALTIME, &runs[0].start);
    runs[0].end = runs[1].start = runs[1].end = runs[0].start;
    size_t ls, lb;
    char *s = log_bytes(true, runs, 2, &ls), *b = log_bytes(false, runs, 2, &lb);
    cr_expect(strstr(b, "\"results\":[]"), "the second run has no results");
    cr_expect(strstr(b, "\"suppressions\""), "the sample carries a suppression");
    cr_expect_eq(ls, lb, "streamed %zu bytes, built %zu", ls, lb);
    cr_expect(ls == lb && memcmp(s, b, ls) == 0, "streamed:\n%s\nbuilt:\n%s", s, b);
    free(s);
    free(b);
    vg_findings_free(&fs);
}

Test(report, counting_findings_agrees_with_counting_the_log)
{
    vg_findings fs;
    varied(&fs);
    char *argv[] = {"vigie", NULL};
    vg_sarif_run run = {.tool = "vigie-analyzer", .findings = &fs, .argc = 1, .argv = argv};
    vg_error err;
    vg_report_doc *d = vg_report_build(rs, &run, 1, &err);
    cr_assert_not_null(d, "%s", err.msg);
    /* LOG002 error (rule default), DSC004 warning twice (one suppressed),
     * TLS004 warning, TLS001 note. */
    const size_t want[] = {[VG_LEVEL_NONE] = 0, [VG_LEVEL_NOTE] = 4,
                           [VG_LEVEL_WARNING] = 3, [VG_LEVEL_ERROR] = 1};
    for (vg_level l = VG_LEVEL_NONE; l <= VG_LEVEL_ERROR; l++) {
        cr_expect_eq(vg_report_count(d, l, false), want[l], "log, level %d", l);
        cr_expect_eq(vg_report_count_findings(rs, &fs, l), want[l], "findings, level %d", l);
    }
    vg_report_free(d);
    vg_findings_free(&fs);
}

Test(report, html_covers_every_clause_and_stays_offline)
{
    const spec s[] = {A, B, H};
    vg_report_doc *d = doc_of("vigie-analyzer", s, 3);
    for (int lang = 0; lang < 2; lang++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        vg_html_opts o = {.lang = lang ? VG_LANG_FR : VG_LANG_EN};
        vg_error err;
        cr_assert_eq(vg_report_html(d, rs, &o, f, &err), 0);
        fclose(f);
        for (size_t i = 0; i < rs->nclauses; i++) {
            const char *heading = lang ? rs->clauses[i].heading.fr : rs->clauses[i].heading.en;
            cr_expect(strstr(buf, heading), "clause '%s' missing", heading);
        }
        cr_expect(strstr(buf, "TREM ****1511") || strstr(buf, "NAM in a.txt"));
        cr_expect_null(strstr(buf, "<script"), "no script");
        cr_expect_null(strstr(buf, "src=\"http"), "no external resource");
        cr_expect_null(strstr(buf, "<link"), "no external stylesheet");
        cr_expect(strstr(buf, lang ? "Non conforme" : "Not compliant"));
        free(buf);
    }
    vg_report_free(d);
}

Test(report, html_escapes_markup_from_findings)
{
    const spec s = {"DSC004", "x<y>.txt", "k", "<img src=x onerror=alert(1)>", 1};
    vg_report_doc *d = doc_of("vigie-analyzer", &s, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vg_html_opts o = {.lang = VG_LANG_EN};
    vg_error err;
    cr_assert_eq(vg_report_html(d, rs, &o, f, &err), 0);
    fclose(f);
    cr_expect_null(strstr(buf, "<img"));
    cr_expect(strstr(buf, "&lt;img src=x onerror=alert(1)&gt;"));
    free(buf);
    vg_report_free(d);
}

/* A log nested far past jansson's parsing depth (2048), for report merge
 * and --baseline: an error, not a stack overflow. */
Test(report, deeply_nested_log_is_an_error_not_a_crash)
{
    size_t n = 200000;
    char *s = malloc(2 * n + 64);
    size_t o = (size_t)sprintf(s, "{\"version\":\"2.1.0\",\"runs\":");
    memset(s + o, '[', n);
    memset(s + o + n, ']', n);
    strcpy(s + o + 2 * n, "}");
    vg_error err;
    char *p = vg_test_write_temp("deep.sarif", s, strlen(s));
    cr_expect_null(vg_report_load(p, &err));
    cr_expect_neq(err.msg[0], 0);
    free(p);
    free(s);
}
