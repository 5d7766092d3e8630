/*
 * What GitHub code scanning needs from vigie's SARIF (docs/github.md):
 * --category as automationDetails.id, so several uploads for one commit
 * stay apart; probe results located at a file of the repository (the
 * scenario line of the page that produced them) with the URL probed as a
 * related location; fingerprints that do not move with the scenario.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_test_http.h"
#include "vg_test_run.h"
#include "vg_test_sarif.h"

static char dir[PATH_MAX / 2];
static vg_test_http *srv;

static void setup(void)
{
    char tmpl[] = "/tmp/vigie-codescan-XXXXXX", real[PATH_MAX];
    cr_assert_not_null(mkdtemp(tmpl));
    cr_assert_not_null(realpath(tmpl, real));
    cr_assert_lt(strlen(real), sizeof dir);
    strcpy(dir, real);
}

static void teardown(void)
{
    vg_test_http_stop(srv);
    srv = NULL;
    char *rm[] = {"/bin/rm", "-rf", dir, NULL};
    vg_run r;
    if (vg_run_argv(rm, 30, &r) == 0)
        vg_run_free(&r);
}

static void put(const char *name, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* Run `vigie ARGS` from dir (through sh: the relative paths are dir's). */
static int vigie_in_dir(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && exec '%s' %s", dir, VIGIE_BIN, args);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    int st = r.status;
    if (st == 2)
        cr_log_info("%s: %s", args, r.err);
    vg_run_free(&r);
    return st;
}

static json_t *load(const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *errors = NULL;
    cr_expect_eq(vg_test_sarif_validate(path, &errors), 0, "%s: %s", name, errors ? errors : "");
    free(errors);
    json_t *doc = json_load_file(path, 0, NULL);
    cr_assert_not_null(doc, "%s", name);
    return doc;
}

static json_t *run0(json_t *doc)
{
    return json_array_get(json_object_get(doc, "runs"), 0);
}

Test(code_scanning, category_becomes_automation_details_of_every_run, .init = setup,
     .fini = teardown)
{
    put("notes.txt", "NAM TREM 5405 1511\n");
    cr_expect_eq(vigie_in_dir("scan -q --category vigie-scan -o a.sarif notes.txt"), 1);
    cr_expect_eq(vigie_in_dir("scan -q -o b.sarif notes.txt"), 1);
    cr_expect_eq(vigie_in_dir("report merge -q --category ci/merged -o m.sarif a.sarif b.sarif"),
                 1);
    json_t *a = load("a.sarif"), *b = load("b.sarif"), *m = load("m.sarif");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(run0(a),
                     "automationDetails"), "id")), "vigie-scan/");
    cr_expect_null(json_object_get(run0(b), "automationDetails"), "no category, no id");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(run0(m),
                     "automationDetails"), "id")), "ci/merged/");
    json_decref(a);
    json_decref(b);
    json_decref(m);
    cr_expect_eq(vigie_in_dir("scan --category 'two words' notes.txt"), 2);
}

/* The scenario, one key a line: the pages are on lines 5 and 6. */
static const char scenario_fmt[] =
    "{\n"
    "  \"target\": \"http://127.0.0.1:%d\",\n"
    "  \"cookies\": {\n"
    "    \"pages\": [\n"
    "      \"/\",\n"
    "      \"/dossier\"\n"
    "    ],\n"
    "    \"consent\": {}\n"
    "  }\n"
    "}\n";

Test(code_scanning, probe_results_point_at_the_scenario_line_with_the_url_related,
     .init = setup, .fini = teardown)
{
    /* every page sets "sid", which no catalogue knows: CK001 before consent */
    srv = vg_test_http_start(200, NULL, 0);
    cr_assert_not_null(srv);
    char text[1024];
    snprintf(text, sizeof text, scenario_fmt, vg_test_http_port(srv));
    put("scenario.json", text);
    put("renamed.json", text);
    cr_expect_eq(vigie_in_dir("probe cookies -q --scenario scenario.json -o p.sarif"), 1);
    cr_expect_eq(vigie_in_dir("probe cookies -q --scenario renamed.json -o q.sarif"), 1);
    json_t *p = load("p.sarif"), *q = load("q.sarif");
    json_t *results = json_object_get(run0(p), "results");
    cr_assert_gt(json_array_size(results), 0);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", vg_test_http_port(srv));
    size_t i;
    json_t *res;
    json_array_foreach(results, i, res) {
        json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0),
                                       "physicalLocation");
        json_t *art = json_object_get(phys, "artifactLocation");
        cr_expect_str_eq(json_string_value(json_object_get(art, "uri")), "scenario.json");
        cr_expect_str_eq(json_string_value(json_object_get(art, "uriBaseId")), "SRCROOT");
        json_int_t line = json_integer_value(json_object_get(json_object_get(phys, "region"),
                                                             "startLine"));
        const char *rel = json_string_value(json_object_get(json_object_get(json_object_get(
            json_array_get(json_object_get(res, "relatedLocations"), 0), "physicalLocation"),
            "artifactLocation"), "uri"));
        cr_assert_not_null(rel, "result %zu has no related URL", i);
        cr_expect(strncmp(rel, url, strlen(url)) == 0, "related %s", rel);
        /* the page's own line: "/" on line 5, "/dossier" on line 6 */
        int want = strcmp(rel + strlen(url) - 1, "/dossier") == 0 ? 6 : 5;
        cr_expect_eq(line, want, "%s anchored at line %lld", rel, (long long)line);
        /* same finding from the renamed scenario: same fingerprint */
        const char *fp = json_string_value(json_object_get(json_object_get(res,
                                           "partialFingerprints"), "vigie/v1"));
        json_t *other = json_array_get(json_object_get(run0(q), "results"), i);
        cr_expect_str_eq(fp, json_string_value(json_object_get(json_object_get(other,
                         "partialFingerprints"), "vigie/v1")));
    }
    json_decref(p);
    json_decref(q);
}
