/*
 * Nesting bounds: every recursive reader and walker meets a file nested far
 * deeper than any real one (generated here, at test time) and must turn it
 * into one notice at that file and line, never a stack overflow, while the
 * good files scanned in the same run still report.
 */
#include <criterion/criterion.h>

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vg_flow.h"
#include "vg_scan.h"

#define CASES VG_SOURCE_DIR "/fixtures/conf/"
#define MAX_NEST 100     /* VG_CONF_MAX_NEST (analyzer/internal/vg_conf_int.h) */

static char tmpdir[64];
static vg_ruleset *rs;

static void setup(void)
{
    vg_error err;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vg-depth-test-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_expect_eq(system(cmd), 0);
    vg_ruleset_free(rs);
}

TestSuite(depth, .init = setup, .fini = teardown);

/* tmpdir/name = head + open * levels + close * levels + tail. */
static char *deep_file(const char *name, const char *head, const char *open,
                       const char *close, int levels, const char *tail)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0700);
    *slash = '/';
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp, "%s", path);
    fputs(head, fp);
    for (int i = 0; i < levels; i++)
        fputs(open, fp);
    for (int i = 0; i < levels; i++)
        fputs(close, fp);
    fputs(tail, fp);
    cr_assert_eq(fclose(fp), 0);
    return path;
}

static size_t notices_at(const vg_findings *fs, const char *id, const char *uri_end,
                         int *line)
{
    size_t n = 0, ul = strlen(uri_end);
    for (size_t i = 0; i < fs->nnotices; i++) {
        const vg_notice *no = &fs->notices[i];
        const char *u = no->loc.uri ? no->loc.uri : "";
        size_t l = strlen(u);
        if (no->msg.id && strcmp(no->msg.id, id) == 0 && l >= ul &&
            strcmp(u + l - ul, uri_end) == 0) {
            n++;
            *line = no->loc.line;
        }
    }
    return n;
}

static size_t findings_under(const vg_findings *fs, const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->count; i++)
        n += fs->items[i].loc.uri && strstr(fs->items[i].loc.uri, prefix) != NULL;
    return n;
}

/* Scan the deep file with a good fixture directory in one run: one notice
 * at the deep file (line >= min_line), and the fixture still reports. */
static void check(const char *deep_rel, const char *good_dir, int min_line)
{
    char deep[PATH_MAX], good[PATH_MAX];
    snprintf(deep, sizeof deep, "%s/%s", tmpdir, deep_rel);
    snprintf(good, sizeof good, CASES "%s", good_dir);
    char *paths[] = {deep, good};
    vg_scan_opts o = {.rs = rs, .jobs = 2};
    vg_findings fs;
    vg_error err;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 2, &fs, &err), 0, "%s", err.msg);
    int line = 0;
    cr_expect_eq(notices_at(&fs, "notice.too-deep", deep_rel, &line), 1,
                 "%s: one nesting notice", deep_rel);
    cr_expect_geq(line, min_line, "%s: notice at line %d", deep_rel, line);
    cr_expect_gt(findings_under(&fs, good_dir), 0, "%s still reports", good_dir);
    vg_findings_free(&fs);
}

Test(depth, nginx_fifty_thousand_nested_blocks)
{
    /* the 100 KB file: a{ 50,000 times */
    deep_file("n/nginx.conf", "http {\n", "a{\n", "}", 50000, "\n}\n");
    check("n/nginx.conf", "nginx/violations", 90);
}

Test(depth, nginx_walk_depth_stays_within_reader_bound)
{
    /* exactly at the bound: read, walked, no notice */
    deep_file("n/nginx.conf", "http {\n", "location / {\n", "}\n",
              MAX_NEST - 1, "}\n");
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/n/nginx.conf", tmpdir);
    char *paths[] = {p};
    vg_scan_opts o = {.rs = rs};
    vg_findings fs;
    vg_error err;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, &fs, &err), 0, "%s", err.msg);
    int line = 0;
    cr_expect_eq(notices_at(&fs, "notice.too-deep", "n/nginx.conf", &line), 0);
    vg_findings_free(&fs);
}

Test(depth, apache_twenty_thousand_nested_sections)
{
    deep_file("a/apache2.conf", "ServerName x\n", "<a>\n", "</a>\n", 20000, "");
    check("a/apache2.conf", "apache/violations", 90);
}

Test(depth, xml_past_the_bound_and_past_libxml2s_own)
{
    deep_file("x/server.xml", "<?xml version=\"1.0\"?>\n<Server>\n", "<a>\n", "</a>", 150,
              "</Server>\n");
    check("x/server.xml", "xml/violations", 90);
}

Test(depth, xml_past_libxml2_limit_is_a_well_formedness_notice)
{
    deep_file("x/server.xml", "<?xml version=\"1.0\"?>\n", "<a>", "</a>", 100000, "\n");
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/x/server.xml", tmpdir);
    char *paths[] = {p};
    vg_scan_opts o = {.rs = rs};
    vg_findings fs;
    vg_error err;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, &fs, &err), 0, "%s", err.msg);
    int line = 0;
    cr_expect_eq(notices_at(&fs, "notice.xml-bad", "x/server.xml", &line), 1);
    vg_findings_free(&fs);
}

Test(depth, html_two_hundred_thousand_nested_elements)
{
    deep_file("h/page.html", "<!DOCTYPE html>\n<html><body>\n", "<div>\n", "</div>", 200000,
              "</body></html>\n");
    check("h/page.html", "html/violations", 90);
}

Test(depth, json_deeper_than_jansson_allows_is_a_notice)
{
    deep_file("j/config.json", "", "[", "]", 100000, "\n");
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/j/config.json", tmpdir);
    char good[] = CASES "json/violations";
    char *paths[] = {p, good};
    vg_scan_opts o = {.rs = rs};
    vg_findings fs;
    vg_error err;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 2, &fs, &err), 0, "%s", err.msg);
    int line = 0;
    cr_expect_eq(notices_at(&fs, "notice.json-bad", "j/config.json", &line), 1);
    cr_expect_gt(findings_under(&fs, "json/violations"), 0);
    vg_findings_free(&fs);
}

Test(depth, c_expression_thousands_deep_is_a_notice_and_good_unit_reports)
{
    char *deep = deep_file("c/deep.c", "int g(int a) { return a", "+a", "", 5000, "; }\n");
    char deep_path[PATH_MAX], good_path[PATH_MAX];
    snprintf(deep_path, sizeof deep_path, "%s", deep);
    snprintf(good_path, sizeof good_path, "%s/c/good.c", tmpdir);
    FILE *fp = fopen(good_path, "w");
    cr_assert_not_null(fp);
    fputs("#include <stdio.h>\nvoid f(const char *nam) { printf(\"%s\", nam); }\n", fp);
    fclose(fp);
    const char *files[] = {deep_path, good_path};
    vg_scan_opts o = {.rs = rs};
    vg_findings fs;
    vg_error err = {0};
    vg_findings_init(&fs);
    cr_assert_eq(vg_flow_scan(&o, files, 2, &fs, &err), 0, "%s", err.msg);
    size_t n = 0, log = 0;
    for (size_t i = 0; i < fs.nnotices; i++)
        if (fs.notices[i].msg.id && !strcmp(fs.notices[i].msg.id, "notice.clang-too-deep")) {
            n++;
            cr_expect_eq(fs.notices[i].loc.line, 1);
            cr_expect(strstr(fs.notices[i].loc.uri, "deep.c") != NULL, "%s",
                      fs.notices[i].loc.uri);
        }
    for (size_t i = 0; i < fs.count; i++)
        log += !strcmp(fs.items[i].rule_id, "LOG002");
    cr_expect_eq(n, 1, "one notice for the deep unit");
    cr_expect_gt(log, 0, "the good unit still reports");
    vg_findings_free(&fs);
}

/* Through the CLI: the deep file is a SARIF notification with its file
 * and line, the good configuration's findings are results, exit 1. */
Test(depth, cli_reports_deep_file_as_notification_and_good_file_results)
{
    deep_file("cli/nginx.conf", "http {\n", "a{\n", "}", 50000, "\n}\n");
    char out[PATH_MAX], cmd[3 * PATH_MAX];
    snprintf(out, sizeof out, "%s/out.sarif", tmpdir);
    snprintf(cmd, sizeof cmd, "'%s' scan -q -f sarif -o '%s' '%s/cli' '%s' 2>/dev/null",
             VIGIE_BIN, out, tmpdir, CASES "nginx/violations");
    int st = system(cmd);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 1, "exit status %d", WEXITSTATUS(st));
    json_error_t jerr;
    json_t *doc = json_load_file(out, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    cr_expect_gt(json_array_size(json_object_get(run, "results")), 0);
    json_t *notes = json_object_get(json_array_get(json_object_get(run, "invocations"), 0),
                                    "toolExecutionNotifications");
    size_t hits = 0;
    for (size_t i = 0; i < json_array_size(notes); i++) {
        json_t *n = json_array_get(notes, i);
        const char *text = json_string_value(json_object_get(json_object_get(n, "message"), "text"));
        json_t *pl = json_object_get(json_array_get(json_object_get(n, "locations"), 0),
                                     "physicalLocation");
        const char *uri = json_string_value(json_object_get(json_object_get(pl, "artifactLocation"), "uri"));
        json_int_t line = json_integer_value(json_object_get(json_object_get(pl, "region"), "startLine"));
        if (text && strstr(text, "nested more than 100 levels deep")) {
            hits++;
            cr_expect(uri && strstr(uri, "cli/nginx.conf"), "uri %s", uri ? uri : "(none)");
            cr_expect_eq(line, 101);
        }
    }
    cr_expect_eq(hits, 1);
    json_decref(doc);
}
