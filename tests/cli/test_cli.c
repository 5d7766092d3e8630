/* The command-line contract: subcommands, help, exit statuses 0/1/2,
 * masking of personal data in every output format. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_test_run.h"
#include "vg_test_sarif.h"

/* Run vigie with a NULL-terminated argument list. */
static vg_run vigie(const char *first, ...)
{
    char *argv[32] = {VIGIE_BIN};
    int n = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 31; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 60, &r), 0);
    return r;
}

static const char PD_TEXT[] =
    "Dossier: NAM TREM 5405 1511, née le 15 mai 1954.\n"
    "NAS du patient : 130 692 544\n"
    "Look-alikes: TREM 5413 1511 (month 13), TREM 5402 3011 (30 Feb),\n"
    "130 692 545 (Luhn), y = sin(0.5); call 2024-01-15.\n";

static char *pd_file(void)
{
    char *p = vg_test_write_temp("dossier.txt", PD_TEXT, sizeof PD_TEXT - 1);
    cr_assert_not_null(p);
    return p;
}

Test(cli, version_and_help_succeed)
{
    vg_run r = vigie("--version", NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strncmp(r.out, "vigie ", 6) == 0);
    vg_run_free(&r);
    const char *cmds[] = {"scan", "rules", "probe", "report"};
    for (size_t i = 0; i < 4; i++) {
        r = vigie(cmds[i], "--help", NULL);
        cr_expect_eq(r.status, 0, "%s --help", cmds[i]);
        cr_expect(strstr(r.out, "Usage: vigie"), "%s --help teaches usage", cmds[i]);
        vg_run_free(&r);
    }
    r = vigie("--help", NULL);
    cr_expect(strstr(r.out, "scan") && strstr(r.out, "probe") && strstr(r.out, "Exit status"));
    vg_run_free(&r);
}

Test(cli, usage_errors_exit_2_with_a_message)
{
    struct { const char *a, *b, *c, *expect; } cases[] = {
        {NULL, NULL, NULL, "missing command"},
        {"frobnicate", NULL, NULL, "unknown command 'frobnicate'"},
        {"scan", NULL, NULL, "no PATH given"},
        {"scan", "--no-such-option", "x", "Try 'vigie scan --help'"},
        {"scan", "--fail-on", "fatal", "--fail-on takes error, warning, note or none"},
        {"scan", "--jobs", "zero", "--jobs takes a number"},
        {"scan", "--shard", "3/2", "--shard takes K/N"},
        {"scan", "/nonexistent/dir", NULL, "/nonexistent/dir: No such file or directory"},
        {"probe", "nothing", NULL, "unknown probe kind 'nothing'"},
        {"rules", "--format", "yaml", "unknown format 'yaml'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vg_run r = cases[i].a ? vigie(cases[i].a, cases[i].b, cases[i].c, NULL) : vigie(NULL);
        cr_expect_eq(r.status, 2, "case %zu: status %d", i, r.status);
        cr_expect(strstr(r.err, cases[i].expect), "case %zu: stderr was: %s", i, r.err);
        vg_run_free(&r);
    }
}

Test(cli, malformed_ruleset_exits_2_naming_file_line_column)
{
    const char bad[] = "{\n  \"format\": \"vigie-ruleset/1\",\n  \"rules\": [,]\n}\n";
    char *rules = vg_test_write_temp("rules.json", bad, sizeof bad - 1);
    char *f = pd_file();
    vg_run r = vigie("scan", "--rules", rules, f, NULL);
    cr_expect_eq(r.status, 2);
    char expect[600];
    snprintf(expect, sizeof expect, "%s:3:", rules);
    cr_expect(strstr(r.err, expect), "stderr: %s", r.err);
    vg_run_free(&r);
    free(rules);
    free(f);
}

Test(cli, scan_reports_real_identifiers_masked_and_exits_1)
{
    char *f = pd_file();
    vg_run r = vigie("scan", f, NULL);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.out, ":1:14: warning[DSC004]"), "NAM on line 1 col 14: %s", r.out);
    cr_expect(strstr(r.out, ":1:37: warning[DSC004]"), "birth date on line 1: %s", r.out);
    cr_expect(strstr(r.out, ":2:18: warning[DSC004]"), "SIN on line 2: %s", r.out);
    cr_expect(strstr(r.out, "3 findings"), "exactly three, no look-alike: %s", r.out);
    cr_expect(strstr(r.out, "**** **** **11"));
    cr_expect_null(strstr(r.out, "5405 1511"), "NAM never shown unmasked");
    cr_expect_null(strstr(r.out, "130 692 544"), "SIN never shown unmasked");
    cr_expect_null(strstr(r.out, "15 mai 1954"), "birth date never shown unmasked");
    cr_expect_null(strstr(r.err, "5405"));
    vg_run_free(&r);

    r = vigie("scan", "--show-personal-data", f, NULL);
    cr_expect(strstr(r.out, "TREM 5405 1511") && strstr(r.out, "130 692 544"));
    vg_run_free(&r);
    free(f);
}

Test(cli, fail_on_sets_the_threshold)
{
    char *f = pd_file();
    vg_run r = vigie("scan", "--fail-on", "error", f, NULL);
    cr_expect_eq(r.status, 0, "DSC004 is a warning, below 'error'");
    vg_run_free(&r);
    r = vigie("scan", "--fail-on", "none", f, NULL);
    cr_expect_eq(r.status, 0);
    vg_run_free(&r);
    r = vigie("scan", "--fail-on", "note", f, NULL);
    cr_expect_eq(r.status, 1);
    vg_run_free(&r);
    const char clean[] = "Nothing personal here: sin(0.5), 2024-01-15.\n";
    char *g = vg_test_write_temp("clean.txt", clean, sizeof clean - 1);
    r = vigie("scan", g, NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "0 findings"));
    vg_run_free(&r);
    free(f);
    free(g);
}

Test(cli, sarif_output_is_valid_and_masked)
{
    char *f = pd_file();
    char out[1024];
    snprintf(out, sizeof out, "%s.sarif", f);
    vg_run r = vigie("scan", "-o", out, f, NULL);
    cr_expect_eq(r.status, 1);
    vg_run_free(&r);
    char *errors;
    cr_expect_eq(vg_test_sarif_validate(out, &errors), 0, "%s", errors ? errors : "");
    free(errors);
    json_t *doc = json_load_file(out, 0, NULL);
    cr_assert_not_null(doc);
    char *text = json_dumps(doc, 0);
    cr_expect_null(strstr(text, "5405 1511"));
    cr_expect_null(strstr(text, "692 544"));
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    cr_expect_eq(json_array_size(json_object_get(run, "results")), 3);
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(
        json_object_get(run, "tool"), "driver"), "name")), "vigie-analyzer");
    free(text);
    json_decref(doc);
    free(f);
}

Test(cli, rules_json_lists_every_rule_with_fr_en_and_clause)
{
    vg_run r = vigie("rules", "--format", "json", NULL);
    cr_assert_eq(r.status, 0);
    json_error_t je;
    json_t *doc = json_loads(r.out, 0, &je);
    cr_assert_not_null(doc, "%s", je.text);
    json_t *rules = json_object_get(doc, "rules");
    cr_expect_eq(json_array_size(rules), 24);
    size_t i;
    json_t *rule;
    json_array_foreach(rules, i, rule) {
        const char *id = json_string_value(json_object_get(rule, "id"));
        cr_expect(json_string_length(json_object_get(json_object_get(rule, "short"), "fr")) > 0, "%s fr", id);
        cr_expect(json_string_length(json_object_get(json_object_get(rule, "full"), "en")) > 0, "%s en", id);
        json_t *c = json_array_get(json_object_get(rule, "clauses"), 0);
        cr_expect_not_null(json_object_get(c, "seed"), "%s clause seed", id);
        cr_expect_not_null(json_object_get(json_object_get(c, "heading"), "fr"), "%s heading", id);
    }
    json_decref(doc);
    vg_run_free(&r);
    r = vigie("rules", "--lang", "fr", NULL);
    cr_expect(strstr(r.out, "Infrastructure de sécurité"), "%s", r.out);
    vg_run_free(&r);
}

Test(cli, binary_files_become_notices_not_findings)
{
    const char bin[] = "TREM 5405 1511\0\x01\x02";
    char *f = vg_test_write_temp("blob.bin", bin, sizeof bin);
    vg_run r = vigie("scan", "-v", f, NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "binary file skipped"), "%s", r.out);
    cr_expect(strstr(r.out, "0 findings"));
    vg_run_free(&r);
    free(f);
}

Test(cli, baseline_with_fail_on_new_gates_only_new_findings)
{
    char *f = pd_file();
    char base[1024], cur[1024], merged[1024], html[1024];
    snprintf(base, sizeof base, "%s.base.sarif", f);
    snprintf(cur, sizeof cur, "%s.cur.sarif", f);
    snprintf(merged, sizeof merged, "%s.merged.sarif", f);
    snprintf(html, sizeof html, "%s.html", f);
    vg_run r = vigie("scan", "-o", base, f, NULL);
    cr_expect_eq(r.status, 1);
    vg_run_free(&r);

    r = vigie("scan", "--baseline", base, "--fail-on-new", f, NULL);
    cr_expect_eq(r.status, 0, "nothing new: the legacy findings do not fail the gate");
    cr_expect(strstr(r.out, "0 new, 3 unchanged, 0 updated, 0 absent"), "%s", r.out);
    vg_run_free(&r);

    FILE *fp = fopen(f, "a");
    fputs("Nouveau : NAS 565 632 122\n", fp);
    fclose(fp);
    r = vigie("scan", "--baseline", base, "--fail-on-new", "-o", cur, f, NULL);
    cr_expect_eq(r.status, 1, "one new finding fails the gate");
    vg_run_free(&r);
    char *errors;
    cr_expect_eq(vg_test_sarif_validate(cur, &errors), 0, "%s", errors ? errors : "");
    free(errors);

    r = vigie("report", "merge", base, cur, "-o", merged, NULL);
    cr_expect_eq(r.status, 1, "merge gates on --fail-on too");
    vg_run_free(&r);
    cr_expect_eq(vg_test_sarif_validate(merged, &errors), 0, "%s", errors ? errors : "");
    free(errors);

    r = vigie("report", "html", cur, "-o", html, "--lang", "en", NULL);
    cr_expect_eq(r.status, 0);
    vg_run_free(&r);
    FILE *h = fopen(html, "r");
    cr_assert_not_null(h);
    char buf[200000];
    size_t n = fread(buf, 1, sizeof buf - 1, h);
    buf[n] = '\0';
    fclose(h);
    cr_expect(strstr(buf, "Security infrastructure"));
    cr_expect(strstr(buf, ">new<"), "baseline state shown");
    cr_expect_null(strstr(buf, "565 632 122"));
    cr_expect_null(strstr(buf, "5405 1511"));
    free(f);
}

Test(cli, report_commands_reject_bad_input)
{
    vg_run r = vigie("report", "merge", "/nonexistent.sarif", NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "/nonexistent.sarif"));
    vg_run_free(&r);
    r = vigie("report", "html", NULL);
    cr_expect_eq(r.status, 2);
    vg_run_free(&r);
    char *f = pd_file();
    r = vigie("scan", "--baseline", f, f, NULL);
    cr_expect_eq(r.status, 2, "a baseline that is not SARIF is an input error");
    cr_expect(strstr(r.err, "--baseline"), "%s", r.err);
    vg_run_free(&r);
    free(f);
}

Test(cli, rule_reference_in_docs_is_generated_from_the_ruleset)
{
    char dir[] = "/tmp/vigie-rules-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    vg_run r = vigie("rules", "--format", "md", "-o", dir, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    const char *names[] = {"README.md", "TLS001.md", "CK003.md", "CRD002.md", "DSC004.md"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/%s", dir, names[i]);
        snprintf(b, sizeof b, "%s/docs/rules/%s", VG_SOURCE_DIR, names[i]);
        char *argv[] = {"/usr/bin/cmp", a, b, NULL};
        vg_run c;
        cr_assert_eq(vg_run_argv(argv, 10, &c), 0);
        cr_expect_eq(c.status, 0, "docs/rules/%s is stale: run 'vigie rules --format md -o docs/rules'",
                     names[i]);
        vg_run_free(&c);
    }
}

Test(cli, probe_all_reports_what_could_not_run_and_exits_2)
{
    vg_run r = vigie("probe", "all", "--help", NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "Usage: vigie probe all"));
    vg_run_free(&r);
    r = vigie("probe", "all", NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--scenario FILE is required"));
    vg_run_free(&r);
    /* Port 1 on loopback: nothing listens, the TLS probe cannot connect. */
    const char sc[] = "{\"target\": \"https://127.0.0.1:1\"}";
    char *scen = vg_test_write_temp("scenario.json", sc, sizeof sc - 1);
    char out[600];
    snprintf(out, sizeof out, "%s.sarif", scen);
    r = vigie("probe", "all", "--scenario", scen, "-o", out, NULL);
    cr_expect_eq(r.status, 2, "a probe that could not run is not a clean pass");
    vg_run_free(&r);
    char *errors;
    cr_expect_eq(vg_test_sarif_validate(out, &errors), 0, "%s", errors ? errors : "");
    free(errors);
    json_t *doc = json_load_file(out, 0, NULL);
    cr_assert_not_null(doc);
    char *text = json_dumps(doc, 0);
    cr_expect(strstr(text, "tls 127.0.0.1:1"), "the notice names the endpoint");
    cr_expect(strstr(text, "vigie-harness"));
    free(text);
    json_decref(doc);
    free(scen);
}
