/* Scan driver and text checker: positions, suppressions, walking,
 * classification, sharding. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_scan.h"
#include "vg_suppress.h"
#include "vg_test_run.h"
#include "vg_walk.h"

static vg_ruleset *rs;
static vg_detector *det;
static vg_detect_ctx *ctx;
static vg_scan_opts opts;

static void setup(void)
{
    vg_error err;
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    det = vg_detector_new(rs, VG_DETECT_IDS, &err);
    ctx = vg_detect_ctx_new(det);
    opts = (vg_scan_opts){.rs = rs, .jobs = 2};
}

static void teardown(void)
{
    vg_detect_ctx_free(ctx);
    vg_detector_free(det);
    vg_ruleset_free(rs);
}

TestSuite(scan, .init = setup, .fini = teardown);

Test(scan, positions_count_lines_and_code_points)
{
    const char *t = "ligne un\n« Éléonore » NAS 130 692 544\n\nNAM TREM 5405 1511";
    vg_findings fs;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_text(&opts, ctx, "x.txt", t, strlen(t), &fs), 0);
    cr_assert_eq(fs.count, 2);
    cr_expect_eq(fs.items[0].loc.line, 2);
    cr_expect_eq(fs.items[0].loc.column, 18, "accented letters count once");
    cr_expect_eq(fs.items[0].loc.end_column, 29);
    cr_expect_eq(fs.items[1].loc.line, 4);
    cr_expect_eq(fs.items[1].loc.column, 5);
    cr_expect(strstr(fs.items[1].message, "**** **** **11"));
    cr_expect_null(strstr(fs.items[1].message, "5405"));
    vg_findings_free(&fs);
}

Test(scan, inline_suppression_on_the_line_or_the_line_above)
{
    const char *t =
        "// vigie-ignore DSC004: synthetic identity for the test suite\n"
        "const char *nam = \"TREM 5405 1511\";\n"
        "x = \"130 692 544\"; # vigie-ignore LOG002, DSC004: documented sample\n"
        "y = \"565 632 122\"; // vigie-ignore LOG002: other rule\n";
    vg_findings fs;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_text(&opts, ctx, "x.c", t, strlen(t), &fs), 0);
    cr_assert_eq(fs.count, 3);
    cr_expect_str_eq(fs.items[0].suppression, "synthetic identity for the test suite");
    cr_expect_str_eq(fs.items[1].suppression, "documented sample");
    cr_expect_null(fs.items[2].suppression, "a suppression for another rule does not apply");
    vg_findings_free(&fs);
}

Test(scan, suppression_parser_handles_wildcards_and_comment_ends)
{
    char just[64];
    const char *t = "a /* vigie-ignore *: all rules */";
    cr_expect(vg_suppress_find(t, strlen(t), 0, "CK004", just, sizeof just));
    cr_expect_str_eq(just, "all rules");
    t = "<!-- vigie-ignore CK005 -->";
    cr_expect(vg_suppress_find(t, strlen(t), 0, "CK005", just, sizeof just));
    cr_expect_str_eq(just, "");
    cr_expect_not(vg_suppress_find(t, strlen(t), 0, "CK00", just, sizeof just));
}

Test(scan, classifies_by_name_and_content)
{
    cr_expect_eq(vg_scan_classify("src/a.c", "int x;", 6), VG_FILE_C);
    cr_expect_eq(vg_scan_classify("etc/nginx/nginx.conf", "", 0), VG_FILE_NGINX);
    cr_expect_eq(vg_scan_classify("site.conf", "server {\n", 9), VG_FILE_NGINX);
    cr_expect_eq(vg_scan_classify("x.conf", "<VirtualHost *:443>", 19), VG_FILE_APACHE);
    cr_expect_eq(vg_scan_classify("conf/server.xml", "<Server>", 8), VG_FILE_XML);
    cr_expect_eq(vg_scan_classify("app.json", "{}", 2), VG_FILE_JSON);
    cr_expect_eq(vg_scan_classify("t/page.tmpl", "<div>", 5), VG_FILE_HTML);
    cr_expect_eq(vg_scan_classify("notes", "<!DOCTYPE html>", 15), VG_FILE_HTML);
    cr_expect_eq(vg_scan_classify("a.png", "\x89PNG\0", 5), VG_FILE_BINARY);
    cr_expect_eq(vg_scan_classify("README", "hello", 5), VG_FILE_TEXT);
}

/* Where two formats both claim a file, the surer claim wins, and among
 * equal claims the format table's order decides. */
Test(scan, classification_ties_follow_the_format_table)
{
    const char both[] = "server {\n<VirtualHost *:443>\n";
    cr_expect_eq(vg_scan_classify("site.conf", both, sizeof both - 1), VG_FILE_APACHE);
    const char xhtml[] = "<?xml version=\"1.0\"?>\n<html>";
    cr_expect_eq(vg_scan_classify("page", xhtml, sizeof xhtml - 1), VG_FILE_XML);
    cr_expect_eq(vg_scan_classify("page.html", "<?xml ?>", 8), VG_FILE_HTML);
    cr_expect_eq(vg_scan_classify("etc/nginx/x.json", "{}", 2), VG_FILE_JSON);
    cr_expect_eq(vg_scan_classify("etc/nginx/x.h", "", 0), VG_FILE_C);
}

static void put(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f, "%s", p);
    fputs(text, f);
    fclose(f);
}

Test(scan, walk_honours_gitignore_and_skips_dot_git)
{
    char dir[] = "/tmp/vigie-walk-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char p[512];
    snprintf(p, sizeof p, "%s/.git", dir); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/build", dir); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/src", dir); mkdir(p, 0700);
    put(dir, ".gitignore", "build/\n*.log\n!keep.log\n/top.txt\n");
    put(dir, ".git/config", "x");
    put(dir, "build/out.txt", "x");
    put(dir, "a.log", "x");
    put(dir, "keep.log", "x");
    put(dir, "top.txt", "x");
    put(dir, "src/top.txt", "x");
    put(dir, "src/b.log", "x");
    vg_filelist l = {0};
    vg_error err;
    cr_assert_eq(vg_walk(dir, &l, &err), 0);
    vg_filelist_sort(&l);
    char got[1024] = "";
    for (size_t i = 0; i < l.count; i++) {
        strcat(got, l.paths[i] + strlen(dir));
        strcat(got, " ");
    }
    cr_expect_str_eq(got, "/.gitignore /keep.log /src/top.txt ");
    vg_filelist_free(&l);
    cr_expect_eq(vg_walk("/nonexistent/x", &l, &err), -1);
    cr_expect(strstr(err.msg, "/nonexistent/x"));
}

Test(scan, shards_partition_the_files)
{
    char dir[] = "/tmp/vigie-shard-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%02d.txt", i);
        put(dir, name, "NAS 130 692 544\n");
    }
    char *paths[] = {dir};
    size_t total = 0;
    for (int k = 1; k <= 3; k++) {
        vg_scan_opts o = opts;
        o.shard_k = k;
        o.shard_n = 3;
        vg_findings fs;
        vg_findings_init(&fs);
        vg_error err;
        cr_assert_eq(vg_scan_paths(&o, paths, 1, &fs, &err), 0);
        total += fs.count;
        vg_findings_free(&fs);
    }
    cr_expect_eq(total, 20, "every file in exactly one shard");
}

Test(scan, parallel_scan_is_deterministic)
{
    char dir[] = "/tmp/vigie-par-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    for (int i = 0; i < 30; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%02d.txt", i);
        put(dir, name, i % 2 ? "NAS 130 692 544\nNAM TREM 5405 1511\n" : "nothing\n");
    }
    char *paths[] = {dir};
    vg_findings a, b;
    vg_findings_init(&a);
    vg_findings_init(&b);
    vg_error err;
    vg_scan_opts o1 = opts, o4 = opts;
    o1.jobs = 1;
    o4.jobs = 4;
    cr_assert_eq(vg_scan_paths(&o1, paths, 1, &a, &err), 0);
    cr_assert_eq(vg_scan_paths(&o4, paths, 1, &b, &err), 0);
    cr_assert_eq(a.count, 30);
    cr_assert_eq(b.count, a.count);
    for (size_t i = 0; i < a.count; i++) {
        cr_expect_str_eq(a.items[i].loc.uri, b.items[i].loc.uri);
        cr_expect_eq(a.items[i].loc.line, b.items[i].loc.line);
    }
    vg_findings_free(&a);
    vg_findings_free(&b);
}

static bool listed(const char *id)
{
    size_t n;
    const char *const *rules = vg_scan_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i], id) == 0)
            return true;
    return false;
}

/* "Which checks ran" is only true if the list covers what the analyzer
 * emits: every rule a scan of the labelled fixtures reports is listed,
 * and every listed rule exists in the ruleset. */
Test(scan, static_rule_list_covers_what_a_scan_reports)
{
    size_t n;
    const char *const *rules = vg_scan_rules(&n);
    for (size_t i = 0; i < n; i++)
        cr_expect_not_null(vg_ruleset_rule(rs, rules[i]), "%s is not in the ruleset", rules[i]);
    char *paths[] = {VG_SOURCE_DIR "/fixtures/conf", VG_SOURCE_DIR "/fixtures/code",
                     VG_SOURCE_DIR "/fixtures/sample"};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err;
    cr_assert_eq(vg_scan_paths(&opts, paths, 3, &fs, &err), 0, "%s", err.msg);
    cr_assert_gt(fs.count, 0);
    for (size_t i = 0; i < fs.count; i++)
        cr_expect(listed(fs.items[i].rule_id), "%s is reported (%s:%d) but not listed",
                  fs.items[i].rule_id, fs.items[i].loc.uri, fs.items[i].loc.line);
    vg_findings_free(&fs);
}
