/* SARIF writer: schema-valid output carrying every part the design asks
 * for, and fingerprints that survive line shifts. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_sarif.h"
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

TestSuite(sarif, .init = setup, .fini = teardown);

/* A findings list exercising every feature of the writer. */
static void sample(vg_findings *fs, int line_shift)
{
    vg_findings_init(fs);
    vg_finding *f = vg_findings_add(fs, "LOG002", VG_LEVEL_NONE, "src/reset.c",
                                    40 + line_shift, 5, "NAM reaches syslog");
    vg_finding_set_fingerprint(f, "send_reset:patient->nam:syslog");
    vg_finding_set_logical(f, "send_reset");
    vg_finding_add_step(f, "src/reset.c", 10 + line_shift, 3, "patient->nam read");
    vg_finding_add_step(f, "src/reset.c", 40 + line_shift, 5, "passed to syslog()");
    f = vg_findings_add(fs, "DSC004", VG_LEVEL_NONE, "dir with space/notes é.txt",
                        2 + line_shift, 1, "Hard-coded NAM TREM ****1511");
    vg_finding_set_suppression(f, "synthetic identity for tests");
    f = vg_findings_add(fs, "TLS001", VG_LEVEL_ERROR, "https://127.0.0.1:8443/", 0, 0,
                        "AES128-SHA accepted");
    vg_finding_set_logical(f, "127.0.0.1:8443");
    vg_finding_set_props(f, "{\"suites\":[\"AES128-SHA\"]}");
    vg_findings_add(fs, "DSC004", VG_LEVEL_NONE, "/abs/path.txt", 1, 1, "abs");
    vg_findings_notice(fs, VG_LEVEL_NOTE, "blob.bin", 0, "binary file skipped");
    vg_findings_notice(fs, VG_LEVEL_WARNING, NULL, 0, "no location");
}

static json_t *write_and_load(const vg_findings *fs, char **path_out)
{
    char *path = vg_test_write_temp("out.sarif", "", 0);
    cr_assert_not_null(path);
    FILE *f = fopen(path, "w");
    char *argv[] = {"vigie", "scan", "src", NULL};
    vg_sarif_run run = {.tool = "vigie-analyzer", .findings = fs, .argc = 3,
                        .argv = argv, .exit_code = 1};
    clock_gettime(CLOCK_REALTIME, &run.start);
    run.end = run.start;
    vg_error err;
    cr_assert_eq(vg_sarif_write(f, rs, &run, 1, &err), 0, "%s", err.msg);
    fclose(f);
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    cr_assert_not_null(doc, "%s", je.text);
    *path_out = path;
    return doc;
}

Test(sarif, output_validates_against_the_official_schema)
{
    vg_findings fs;
    char *path, *errors;
    sample(&fs, 0);
    json_decref(write_and_load(&fs, &path));
    int rc = vg_test_sarif_validate(path, &errors);
    cr_expect_eq(rc, 0, "schema errors:\n%s", errors ? errors : "(validator did not run)");
    free(errors);
    unlink(path);
    free(path);
    vg_findings_free(&fs);
}

Test(sarif, carries_rules_clauses_flows_suppressions_notifications)
{
    vg_findings fs;
    char *path;
    sample(&fs, 0);
    json_t *doc = write_and_load(&fs, &path);
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    cr_expect_eq(json_array_size(rules), rs->nrules);
    json_t *r0 = json_array_get(rules, 0);
    cr_expect_not_null(json_object_get(json_object_get(r0, "properties"), "vigie/clauses"));
    cr_expect_not_null(json_object_get(json_object_get(json_object_get(r0, "properties"), "vigie/fr"), "shortDescription"));
    cr_expect_not_null(json_object_get(json_object_get(r0, "properties"), "security-severity"));

    json_t *results = json_object_get(run, "results");
    cr_assert_eq(json_array_size(results), 4);
    json_t *log = json_array_get(results, 0);
    cr_expect_str_eq(json_string_value(json_object_get(log, "level")), "error",
                     "LOG002's default level comes from the ruleset");
    json_t *tf = json_object_get(json_array_get(json_object_get(json_array_get(
        json_object_get(log, "codeFlows"), 0), "threadFlows"), 0), "locations");
    cr_expect_eq(json_array_size(tf), 2);
    json_t *phys = json_object_get(json_array_get(json_object_get(log, "locations"), 0),
                                   "physicalLocation");
    json_t *art = json_object_get(phys, "artifactLocation");
    cr_expect_str_eq(json_string_value(json_object_get(art, "uri")), "src/reset.c");
    cr_expect_str_eq(json_string_value(json_object_get(art, "uriBaseId")), "SRCROOT");

    json_t *dsc = json_array_get(results, 1);
    const char *uri = json_string_value(json_object_get(json_object_get(json_object_get(
        json_array_get(json_object_get(dsc, "locations"), 0), "physicalLocation"),
        "artifactLocation"), "uri"));
    cr_expect_str_eq(uri, "dir%20with%20space/notes%20%C3%A9.txt");
    json_t *sup = json_array_get(json_object_get(dsc, "suppressions"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(sup, "kind")), "inSource");
    cr_expect_str_eq(json_string_value(json_object_get(sup, "justification")),
                     "synthetic identity for tests");

    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    cr_expect_eq(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 2);
    cr_expect_eq(json_integer_value(json_object_get(inv, "exitCode")), 1);
    cr_expect_not_null(json_object_get(json_object_get(run, "originalUriBaseIds"), "SRCROOT"));
    json_decref(doc);
    unlink(path);
    free(path);
    vg_findings_free(&fs);
}

Test(sarif, fingerprints_survive_line_shifts_and_separate_duplicates)
{
    vg_findings a, b;
    sample(&a, 0);
    sample(&b, 17);
    for (size_t i = 0; i < a.count; i++) {
        char fa[65], fb[65];
        vg_sarif_fingerprint(&a.items[i], 0, fa);
        vg_sarif_fingerprint(&b.items[i], 0, fb);
        cr_expect_str_eq(fa, fb, "finding %zu moved 17 lines", i);
        vg_sarif_fingerprint(&a.items[i], 1, fb);
        cr_expect_str_neq(fa, fb, "a second occurrence has its own fingerprint");
    }
    char f0[65], f1[65];
    vg_sarif_fingerprint(&a.items[0], 0, f0);
    vg_sarif_fingerprint(&a.items[1], 0, f1);
    cr_expect_str_neq(f0, f1);
    vg_findings_free(&a);
    vg_findings_free(&b);
}

/* Each rule's help is its own page: docs/rules/RULE.md, which exists. */
Test(sarif, every_rule_help_uri_is_its_own_page_under_docs_rules)
{
    vg_findings fs;
    char *path;
    sample(&fs, 0);
    json_t *doc = write_and_load(&fs, &path);
    json_t *rules = json_object_get(json_object_get(json_object_get(
        json_array_get(json_object_get(doc, "runs"), 0), "tool"), "driver"), "rules");
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r) {
        const char *id = json_string_value(json_object_get(r, "id"));
        const char *uri = json_string_value(json_object_get(r, "helpUri"));
        char tail[64], page[512];
        snprintf(tail, sizeof tail, "/rules/%s.md", id);
        cr_expect(uri && strlen(uri) > strlen(tail) &&
                  strcmp(uri + strlen(uri) - strlen(tail), tail) == 0, "%s: helpUri %s", id, uri);
        snprintf(page, sizeof page, "%s/docs/rules/%s.md", VG_SOURCE_DIR, id);
        cr_expect_eq(access(page, R_OK), 0, "%s has no page %s", id, page);
    }
    json_decref(doc);
    unlink(path);
    free(path);
    vg_findings_free(&fs);
}

/* A catalogue message: id, arguments and text in the run's language, the
 * template in the rule's messageStrings, the other language in the
 * run's translation; steps and notices in globalMessageStrings. */
Test(sarif, messages_carry_ids_arguments_and_both_languages)
{
    vg_findings fs;
    vg_findings_init(&fs);
    vg_text nam = {"health insurance number", "numéro d’assurance maladie"};
    vg_finding *f = vg_findings_addm(&fs, "LOG002", VG_LEVEL_NONE, "a.c", 3, 1, "nam", &nam,
                                     "LOG002.flow", "%s" VG_ARG "%s" VG_ARG "%d" VG_ARG "%s"
                                     VG_ARG "%s", "field p.nam", "a.c", 2, "syslog", "f");
    cr_assert_not_null(f);
    vg_finding_add_step(f, "a.c", 2, 1, "field p.nam");
    vg_findings_noticem(&fs, VG_LEVEL_NOTE, "b.bin", 0, "notice.binary", NULL);
    char *path = vg_test_write_temp("lang.sarif", "", 0);
    FILE *out = fopen(path, "w");
    char *argv[] = {"vigie", NULL};
    vg_sarif_run run = {.tool = "vigie-analyzer", .findings = &fs, .argc = 1, .argv = argv,
                        .lang = VG_LANG_FR};
    vg_error err;
    cr_assert_eq(vg_sarif_write(out, rs, &run, 1, &err), 0);
    fclose(out);
    json_t *doc = json_load_file(path, 0, NULL);
    json_t *r0 = json_array_get(json_object_get(doc, "runs"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(r0, "language")), "fr-CA");
    json_t *m = json_object_get(json_array_get(json_object_get(r0, "results"), 0), "message");
    cr_expect_str_eq(json_string_value(json_object_get(m, "id")), "LOG002.flow.nam");
    cr_expect_str_eq(json_string_value(json_array_get(json_object_get(m, "arguments"), 0)),
                     "field p.nam");
    const char *text = json_string_value(json_object_get(m, "text"));
    cr_expect(strstr(text, "Numéro d’assurance maladie (source : champ p.nam, a.c:2)"), "%s",
              text);
    json_t *rule = NULL, *x;
    size_t i;
    json_array_foreach(json_object_get(json_object_get(json_object_get(r0, "tool"), "driver"),
                                       "rules"), i, x)
        if (!strcmp(json_string_value(json_object_get(x, "id")), "LOG002"))
            rule = x;
    cr_assert_not_null(rule);
    cr_expect(strstr(json_string_value(json_object_get(json_object_get(json_object_get(rule,
              "messageStrings"), "LOG002.flow.nam"), "text")), "{0}"), "a template");
    json_t *tr = json_array_get(json_object_get(r0, "translations"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(tr, "language")), "en");
    cr_expect_not_null(json_object_get(json_object_get(tr, "globalMessageStrings"),
                                       "notice.binary"));
    cr_expect_not_null(json_object_get(json_object_get(json_object_get(json_object_get(r0,
        "tool"), "driver"), "globalMessageStrings"), "step.field"), "the step's template");
    json_decref(doc);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s/tests/support/validate_sarif.py %s %s", VG_PYTHON3,
             VG_SOURCE_DIR, VG_TEST_DATA "/sarif-schema-2.1.0.json", path);
    cr_expect_eq(system(cmd), 0, "schema-valid with translations");
    unlink(path);
    free(path);
    vg_findings_free(&fs);
}
