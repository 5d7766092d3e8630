/*
 * Configuration checkers, table-driven from fixtures/conf/<format>/<case>/:
 * each case directory is scanned the way `vigie scan DIR` does (every file,
 * included fragments both on their own and through their main config) and
 * the findings must be exactly those its expected.json lists — rule, file,
 * line, suppression — each once. Compliant cases list none.
 */
#include <criterion/criterion.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vg_conf.h"
#include "vg_scan.h"

#define CASES VG_SOURCE_DIR "/fixtures/conf/"
#define REALWORLD VG_SOURCE_DIR "/fixtures/realworld/conf/"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_lines(char **v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_str);
}

static char *joined(char **v, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 1;
    char *s = calloc(1, len);
    for (size_t i = 0; i < n; i++) {
        strcat(s, v[i]);
        strcat(s, "\n");
    }
    return s;
}

static const char *rel(const char *uri, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(uri, dir, n) == 0 ? uri + n : uri;
}

static void scan_case(const char *root, const char *name, vg_findings *fs, vg_ruleset **rs,
                      char *dir, size_t dirsz)
{
    vg_error err;
    snprintf(dir, dirsz, "%s%s/", root, name);
    *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(*rs, "%s", err.msg);
    vg_scan_opts o = {.rs = *rs, .jobs = 2};
    char *paths[] = {dir};
    vg_findings_init(fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, fs, &err), 0, "%s", err.msg);
}

/* Scan the case and compare with its expected.json. */
static void check_case_in(const char *root, const char *name)
{
    char dir[1024], exp_path[1200];
    vg_findings fs;
    vg_ruleset *rs;
    scan_case(root, name, &fs, &rs, dir, sizeof dir);

    snprintf(exp_path, sizeof exp_path, "%sexpected.json", dir);
    json_error_t jerr;
    json_t *exp = json_load_file(exp_path, 0, &jerr);
    cr_assert_not_null(exp, "%s:%d: %s", exp_path, jerr.line, jerr.text);

    json_t *want_f = json_object_get(exp, "findings"), *want_n = json_object_get(exp, "notices");
    size_t nw = json_array_size(want_f), nwn = json_array_size(want_n);
    char **w = calloc(nw + 1, sizeof *w), **g = calloc(fs.count + 1, sizeof *g);
    char **wn = calloc(nwn + 1, sizeof *wn), **gn = calloc(fs.nnotices + 1, sizeof *gn);
    size_t ng = 0, ngn = 0;
    for (size_t i = 0; i < nw; i++) {
        json_t *e = json_array_get(want_f, i);
        w[i] = malloc(600);
        snprintf(w[i], 600, "%s %s:%d%s", json_string_value(json_object_get(e, "rule")),
                 json_string_value(json_object_get(e, "file")),
                 (int)json_integer_value(json_object_get(e, "line")),
                 json_is_true(json_object_get(e, "suppressed")) ? " suppressed" : "");
    }
    for (size_t i = 0; i < fs.count; i++) {
        const vg_finding *f = &fs.items[i];
        g[ng] = malloc(600);
        snprintf(g[ng++], 600, "%s %s:%d%s", f->rule_id, rel(f->loc.uri, dir), f->loc.line,
                 f->suppression ? " suppressed" : "");
        /* the line-free identity every finding carries */
        cr_expect_not_null(f->fingerprint, "%s has no fingerprint", g[ng - 1]);
    }
    for (size_t i = 0; i < nwn; i++) {
        json_t *e = json_array_get(want_n, i);
        wn[i] = malloc(600);
        snprintf(wn[i], 600, "%s:%d", json_string_value(json_object_get(e, "file")),
                 (int)json_integer_value(json_object_get(e, "line")));
    }
    for (size_t i = 0; i < fs.nnotices; i++) {
        const vg_notice *n = &fs.notices[i];
        if (!n->loc.uri)
            continue;           /* run-level notes (checkers not built) */
        gn[ngn] = malloc(600);
        snprintf(gn[ngn++], 600, "%s:%d", rel(n->loc.uri, dir), n->loc.line);
    }
    sort_lines(w, nw);
    sort_lines(g, ng);
    sort_lines(wn, nwn);
    sort_lines(gn, ngn);
    char *ws = joined(w, nw), *gs = joined(g, ng), *wns = joined(wn, nwn), *gns = joined(gn, ngn);
    cr_expect_str_eq(gs, ws, "%s: findings differ\n--- got\n%s--- expected\n%s", name, gs, ws);
    cr_expect_str_eq(gns, wns, "%s: notices differ\n--- got\n%s--- expected\n%s", name, gns, wns);

    /* message contents: the effective value, what complies, the weak suites */
    json_t *msgs = json_object_get(exp, "messages");
    for (size_t i = 0; i < json_array_size(msgs); i++) {
        json_t *m = json_array_get(msgs, i);
        const char *file = json_string_value(json_object_get(m, "file"));
        int line = (int)json_integer_value(json_object_get(m, "line"));
        json_t *parts = json_object_get(m, "contains");
        bool ok = false;
        for (size_t k = 0; k < fs.count && !ok; k++) {
            const vg_finding *f = &fs.items[k];
            if (strcmp(rel(f->loc.uri, dir), file) != 0 || f->loc.line != line)
                continue;
            ok = true;
            for (size_t p = 0; p < json_array_size(parts); p++)
                ok = ok && strstr(f->message, json_string_value(json_array_get(parts, p)));
        }
        cr_expect(ok, "%s: no finding at %s:%d says all of its expected words", name, file, line);
    }
    free(ws); free(gs); free(wns); free(gns);
    for (size_t i = 0; i < nw; i++) free(w[i]);
    for (size_t i = 0; i < ng; i++) free(g[i]);
    for (size_t i = 0; i < nwn; i++) free(wn[i]);
    for (size_t i = 0; i < ngn; i++) free(gn[i]);
    free(w); free(g); free(wn); free(gn);
    json_decref(exp);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

static void check_case(const char *name)
{
    check_case_in(CASES, name);
}

Test(conf_nginx, violations_found_once_each_with_inheritance_and_includes)
{
    check_case("nginx/violations");
}

Test(conf_nginx, compliant_configuration_has_no_finding)
{
    check_case("nginx/compliant");
}

Test(conf_nginx, tls_server_setting_nothing_is_judged_on_defaults)
{
    check_case("nginx/fragment");
}

Test(conf_nginx, malformed_file_is_a_notice_with_line)
{
    check_case("nginx/malformed");
}

/* One file checked alone: fingerprints carry no line number, so moving a
 * directive down keeps its identity. */
Test(conf_nginx, fingerprint_survives_line_shift)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs);
    vg_scan_opts o = {.rs = rs};
    const char *a = "server {\n listen 443 ssl;\n ssl_protocols TLSv1 TLSv1.2;\n}\n";
    const char *b = "\n\n# moved\nserver {\n listen 443 ssl;\n\n ssl_protocols TLSv1 TLSv1.2;\n}\n";
    vg_findings fa, fb;
    vg_findings_init(&fa);
    vg_findings_init(&fb);
    cr_assert_eq(vg_conf_check(&o, VG_FILE_NGINX, "/nonexistent/x/site.conf", a, strlen(a), &fa), 0);
    cr_assert_eq(vg_conf_check(&o, VG_FILE_NGINX, "/nonexistent/x/site.conf", b, strlen(b), &fb), 0);
    const char *pa = NULL, *pb = NULL;
    for (size_t i = 0; i < fa.count; i++)
        if (strcmp(fa.items[i].rule_id, "TLS002") == 0)
            pa = fa.items[i].fingerprint;
    for (size_t i = 0; i < fb.count; i++)
        if (strcmp(fb.items[i].rule_id, "TLS002") == 0)
            pb = fb.items[i].fingerprint;
    cr_assert(pa && pb);
    cr_expect_str_eq(pa, pb);
    vg_findings_free(&fa);
    vg_findings_free(&fb);
    vg_ruleset_free(rs);
}

/* Hostile input: every prefix of a real configuration, and bytes that are
 * not nginx at all, must end in findings or notices, never a crash. */
Test(conf_nginx, truncated_and_garbage_input_never_crash)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs);
    vg_scan_opts o = {.rs = rs};
    const char *cfg = "http { log_format x '$http_cookie' \"a\\\"b\"; server { listen 443 ssl; "
                      "location ~ ^/a{1,3}$ { add_header Set-Cookie \"a=b\"; } } }\n"
                      "include /nonexistent/*.conf; ${x} '' \"\" }}}{{{;;;";
    for (size_t n = 0; n <= strlen(cfg); n++) {
        vg_findings fs;
        vg_findings_init(&fs);
        cr_assert_eq(vg_conf_check(&o, VG_FILE_NGINX, "/nonexistent/t.conf", cfg, n, &fs), 0);
        vg_findings_free(&fs);
    }
    vg_ruleset_free(rs);
}

/* An include cycle (a includes b includes a) is read once, not forever. */
Test(conf_nginx, include_cycle_terminates)
{
    char dir[] = "/tmp/vg_conf_cycleXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/nginx.conf", dir);
    snprintf(b, sizeof b, "%s/b.conf", dir);
    FILE *fa = fopen(a, "w"), *fb = fopen(b, "w");
    fputs("events {}\nhttp {\n include b.conf;\n}\n", fa);
    fputs("server { listen 443 ssl; ssl_protocols SSLv3; }\ninclude nginx.conf;\n", fb);
    fclose(fa);
    fclose(fb);
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    vg_scan_opts o = {.rs = rs, .jobs = 1};
    char *paths[] = {a};
    vg_findings fs;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, &fs, &err), 0, "%s", err.msg);
    size_t tls002 = 0;
    for (size_t i = 0; i < fs.count; i++)
        tls002 += strcmp(fs.items[i].rule_id, "TLS002") == 0;
    cr_expect_eq(tls002, 1);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    unlink(a);
    unlink(b);
    rmdir(dir);
}

Test(conf_html, trackers_and_personal_data_forms_found)
{
    check_case("html/violations");
}

Test(conf_html, consent_gated_trackers_and_post_forms_have_no_finding)
{
    check_case("html/compliant");
}

Test(conf_apache, vhosts_inherit_server_config_and_violations_found)
{
    check_case("apache/violations");
}

Test(conf_apache, compliant_configuration_has_no_finding)
{
    check_case("apache/compliant");
}

Test(conf_apache, malformed_file_is_a_notice_with_line)
{
    check_case("apache/malformed");
}

Test(conf_xml, tomcat_connectors_and_xpath_rules_found)
{
    check_case("xml/violations");
}

/* Issue 16: <http-only>false</http-only> and <secure>false</secure> are
 * CK004, in web.xml and web-fragment.xml, read the way Tomcat reads them. */
Test(conf_xml, cookie_config_that_turns_http_only_or_secure_off_is_ck004)
{
    check_case("xml/cookie-config");
}

Test(conf_xml, compliant_tomcat_and_web_xml_have_no_finding)
{
    check_case("xml/compliant");
}

Test(conf_xml, malformed_xml_is_a_notice_at_first_error)
{
    check_case("xml/malformed");
}

Test(conf_json, json_pointer_rules_found)
{
    check_case("json/violations");
}

Test(conf_json, compliant_json_has_no_finding)
{
    check_case("json/compliant");
}

Test(conf_json, malformed_json_is_a_notice_with_line)
{
    check_case("json/malformed");
}

/* A user's own ruleset adds an XPath rule; a broken rule is a notice, not
 * a crash, and the other rules still run. */
Test(conf_xml, user_xpath_rule_from_ruleset_applies)
{
    vg_error err;
    vg_ruleset *base = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(base);
    json_t *doc = json_deep_copy((json_t *)vg_ruleset_json(base));
    json_t *rules = json_array();
    json_array_append_new(rules, json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s}}", "id", "no-debug",
        "rule", "LOG001", "format", "xml", "files", "logback.xml",
        "xpath", "//logger[@level='DEBUG']", "message", "en", "Debug logging", "fr", "Journal debug"));
    json_array_append_new(rules, json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s}}", "id", "broken",
        "rule", "LOG001", "format", "xml", "xpath", "//[", "message", "en", "x", "fr", "x"));
    json_array_append_new(rules, json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s}}", "id", "unknown-rule",
        "rule", "NOPE01", "format", "xml", "xpath", "/a", "message", "en", "x", "fr", "x"));
    json_object_set_new(doc, "config_rules", rules);
    char *text = json_dumps(doc, 0);
    vg_ruleset *rs = vg_ruleset_load_buffer(text, strlen(text), "test", &err);
    cr_assert_not_null(rs, "%s", err.msg);
    vg_scan_opts o = {.rs = rs};
    const char *xml = "<configuration>\n  <logger name=\"a\" level=\"INFO\"/>\n"
                      "  <logger name=\"b\" level=\"DEBUG\"/>\n</configuration>\n";
    vg_findings fs;
    vg_findings_init(&fs);
    cr_assert_eq(vg_conf_check(&o, VG_FILE_XML, "/x/logback.xml", xml, strlen(xml), &fs), 0);
    cr_assert_eq(fs.count, 1);
    cr_expect_str_eq(fs.items[0].rule_id, "LOG001");
    cr_expect_eq(fs.items[0].loc.line, 3);
    cr_expect(strstr(fs.items[0].message, "Debug logging") != NULL);
    cr_expect_eq(fs.nnotices, 2, "one notice per broken rule, got %zu", fs.nnotices);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    vg_ruleset_free(base);
    free(text);
    json_decref(doc);
}

/* Configurations nobody here wrote (fixtures/realworld/conf/README.md):
 * the verdicts docs/real-world.md lists. */
Test(conf_realworld, debian_apache2_with_ssl_enabled)
{
    check_case_in(REALWORLD, "debian-apache2");
}

Test(conf_realworld, debian_nginx_default_site_with_tls_enabled)
{
    check_case_in(REALWORLD, "debian-nginx-tls");
}

Test(conf_realworld, mozilla_intermediate_nginx_and_apache)
{
    check_case_in(REALWORLD, "mozilla-intermediate-nginx");
    check_case_in(REALWORLD, "mozilla-intermediate-apache");
}

Test(conf_realworld, mozilla_modern_nginx_and_apache)
{
    check_case_in(REALWORLD, "mozilla-modern-nginx");
    check_case_in(REALWORLD, "mozilla-modern-apache");
}

/* The nginx configuration installed on this machine, unmodified: its only
 * finding is the http-level ssl_protocols line that still lists TLSv1. */
Test(conf_realworld, installed_debian_nginx_as_shipped)
{
    FILE *fp = fopen("/etc/nginx/nginx.conf", "r");
    if (!fp)
        cr_skip_test("nginx is not installed here");
    char line[1024];
    int n = 0, want = 0;
    while (fgets(line, sizeof line, fp)) {
        const char *p = line + strspn(line, " \t");
        n++;
        if (!want && strncmp(p, "ssl_protocols", 13) == 0 && strstr(p, "TLSv1 "))
            want = n;
    }
    fclose(fp);
    if (!want)
        cr_skip_test("this nginx.conf does not enable TLSv1 at http level");
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    vg_scan_opts o = {.rs = rs, .jobs = 2};
    char *paths[] = {"/etc/nginx"};
    vg_findings fs;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, &fs, &err), 0, "%s", err.msg);
    bool seen = false;
    for (size_t i = 0; i < fs.count; i++) {
        const vg_finding *f = &fs.items[i];
        if (strcmp(f->rule_id, "TLS002") == 0 && strcmp(f->loc.uri, "/etc/nginx/nginx.conf") == 0 &&
            f->loc.line == want)
            seen = true;
        else
            cr_expect(false, "unexpected %s at %s:%d: %s", f->rule_id, f->loc.uri, f->loc.line,
                      f->message);
    }
    cr_expect(seen, "TLS002 at /etc/nginx/nginx.conf:%d not reported", want);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

/* Debian's apache2 as installed, before mod_ssl and the default-ssl site
 * are enabled: the same files minus those two, and nothing to report. */
Test(conf_realworld, debian_apache2_as_installed_has_no_finding)
{
    char dir[] = "/tmp/vg_conf_apacheXXXXXX", cmd[512];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "cp -r '%sdebian-apache2/.' '%s' && rm '%s/mods-enabled/ssl.conf' "
             "'%s/sites-enabled/default-ssl.conf' '%s/expected.json'", REALWORLD, dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0);
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    vg_scan_opts o = {.rs = rs, .jobs = 2};
    char *paths[] = {dir};
    vg_findings fs;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, &fs, &err), 0, "%s", err.msg);
    for (size_t i = 0; i < fs.count; i++)
        cr_expect(false, "unexpected %s at %s:%d", fs.items[i].rule_id, fs.items[i].loc.uri,
                  fs.items[i].loc.line);
    for (size_t i = 0; i < fs.nnotices; i++)
        cr_expect(fs.notices[i].loc.uri == NULL, "notice %s", fs.notices[i].message);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Hostile input for every format: truncations of the fixtures (every
 * 5th length) and a copy with bytes flipped must end in findings or
 * notices, never a crash, leak or hang (the ASan build runs this too). */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "%s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

Test(conf_hostile, truncated_and_corrupted_files_of_every_format)
{
    static const struct { const char *file; vg_file_kind kind; } cases[] = {
        {"apache/violations/sites-enabled/portail.conf", VG_FILE_APACHE},
        {"apache/violations/apache2.conf", VG_FILE_APACHE},
        {"xml/violations/server.xml", VG_FILE_XML},
        {"xml/violations/web.xml", VG_FILE_XML},
        {"json/violations/config.json", VG_FILE_JSON},
        {"html/violations/accueil.html", VG_FILE_HTML},
        {"nginx/violations/conf.d/portail.conf", VG_FILE_NGINX},
    };
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    vg_scan_opts o = {.rs = rs};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[1024];
        size_t len;
        snprintf(path, sizeof path, CASES "%s", cases[k].file);
        char *buf = slurp(path, &len);
        for (size_t n = 0; n <= len; n += 5) {
            vg_findings fs;
            vg_findings_init(&fs);
            /* a path that does not exist: includes resolve to nothing */
            cr_assert_eq(vg_conf_check(&o, cases[k].kind, "/nonexistent/dir/f", buf, n, &fs), 0,
                         "%s truncated to %zu", cases[k].file, n);
            vg_findings_free(&fs);
        }
        unsigned seed = 7;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 23 == 0)
                buf[i] = "<>{};\"'\\#$%\n\0"[(seed >> 8) % 13];
        }
        vg_findings fs;
        vg_findings_init(&fs);
        cr_assert_eq(vg_conf_check(&o, cases[k].kind, "/nonexistent/dir/f", buf, len, &fs), 0,
                     "%s corrupted", cases[k].file);
        vg_findings_free(&fs);
        free(buf);
    }
    vg_ruleset_free(rs);
}

/* The CLI writes these findings as SARIF like any other: valid against the
 * SARIF 2.1.0 schema, exit status 1, each finding once. */
Test(conf_cli, scan_writes_valid_sarif_for_config_findings)
{
    char out[] = "/tmp/vg_conf_sarifXXXXXX", cmd[2048];
    int fd = mkstemp(out);
    cr_assert_geq(fd, 0);
    close(fd);
    snprintf(cmd, sizeof cmd, "'%s' scan -q -f sarif -o '%s' '%s' 2>/dev/null", VIGIE_BIN, out,
             CASES "nginx/violations");
    int st = system(cmd);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 1, "exit status %d", WEXITSTATUS(st));
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/support/validate_sarif.py' '%s/sarif-schema-2.1.0.json' '%s'",
             VG_PYTHON3, VG_SOURCE_DIR, VG_TEST_DATA, out);
    cr_expect_eq(system(cmd), 0, "SARIF does not validate");
    json_error_t jerr;
    json_t *doc = json_load_file(out, 0, &jerr);
    cr_assert_not_null(doc);
    json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
    json_t *exp = json_load_file(CASES "nginx/violations/expected.json", 0, &jerr);
    cr_assert_not_null(exp);
    size_t want = json_array_size(json_object_get(exp, "findings"));
    json_decref(exp);
    cr_expect_eq(json_array_size(results), want, "%zu results, expected.json lists %zu",
                 json_array_size(results), want);
    size_t suppressed = 0;
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        suppressed += json_array_size(json_object_get(r, "suppressions")) > 0;
        cr_expect_not_null(json_object_get(r, "partialFingerprints"));
    }
    cr_expect_eq(suppressed, 1);
    json_decref(doc);
    unlink(out);
}

/* A broken fragment is read twice (on its own and through nginx.conf):
 * its notice appears once. */
Test(conf_nginx, broken_fragment_notice_reported_once)
{
    char dir[] = "/tmp/vg_conf_fragXXXXXX", p[300];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/conf.d", dir);
    cr_assert_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/nginx.conf", dir);
    FILE *fp = fopen(p, "w");
    fputs("events {}\nhttp {\n include conf.d/*.conf;\n}\n", fp);
    fclose(fp);
    snprintf(p, sizeof p, "%s/conf.d/bad.conf", dir);
    fp = fopen(p, "w");
    fputs("server {\n listen 443 ssl;\n ssl_protocols 'TLSv1.2;\n}\n", fp);
    fclose(fp);
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    vg_scan_opts o = {.rs = rs, .jobs = 2};
    char *paths[] = {dir};
    vg_findings fs;
    vg_findings_init(&fs);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, &fs, &err), 0, "%s", err.msg);
    size_t n = 0;
    for (size_t i = 0; i < fs.nnotices; i++)
        if (fs.notices[i].loc.uri && strstr(fs.notices[i].loc.uri, "bad.conf")) {
            n++;
            cr_expect_eq(fs.notices[i].loc.line, 3);
        }
    cr_expect_eq(n, 1, "%zu notices for bad.conf", n);
    cr_expect_eq(fs.count, 0);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Library code never prints: libxml2's messages that bypass parser options
 * (entity redeclaration) stay silent, and entity bombs or external
 * entities are neither expanded nor fetched. */
Test(conf_xml, hostile_dtd_is_silent_and_not_expanded)
{
    const char *xml =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE web-app [\n"
        "  <!ENTITY lt \"redeclared\">\n"
        "  <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "  <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        "  <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        "  <!ENTITY x SYSTEM \"http://127.0.0.1:9/secret\">\n"
        "]>\n"
        "<web-app><display-name>&e;&x;</display-name></web-app>\n";
    char errpath[] = "/tmp/vg_conf_stderrXXXXXX";
    int fd = mkstemp(errpath);
    cr_assert_geq(fd, 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    vg_scan_opts o = {.rs = rs};
    vg_findings fs;
    vg_findings_init(&fs);
    int rc = vg_conf_check(&o, VG_FILE_XML, "/x/web.xml", xml, strlen(xml), &fs);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    fstat(fd, &st);
    close(fd);
    unlink(errpath);
    cr_expect_eq(rc, 0);
    cr_expect_eq(st.st_size, 0, "libxml2 printed %ld bytes", (long)st.st_size);
    /* libxml2 refuses the amplification: a notice, nothing expanded */
    cr_expect_eq(fs.count, 0);
    cr_assert_eq(fs.nnotices, 1);
    cr_expect(strstr(fs.notices[0].message, "entity") != NULL, "%s", fs.notices[0].message);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

/* Cipher findings carry the expansion as SARIF properties: every suite
 * with its strength, the weak ones apart. */
Test(conf_nginx, cipher_finding_properties_list_weak_suites)
{
    char dir[1024];
    vg_findings fs;
    vg_ruleset *rs;
    scan_case(CASES, "nginx/violations", &fs, &rs, dir, sizeof dir);
    const vg_finding *hit = NULL;
    for (size_t i = 0; i < fs.count; i++)
        if (strcmp(fs.items[i].rule_id, "TLS001") == 0 && fs.items[i].loc.line == 7 &&
            strstr(fs.items[i].loc.uri, "legacy.conf"))
            hit = &fs.items[i];
    cr_assert_not_null(hit);
    cr_assert_not_null(hit->props_json);
    json_error_t jerr;
    json_t *p = json_loads(hit->props_json, 0, &jerr);
    cr_assert_not_null(p, "%s", jerr.text);
    json_t *weak = json_object_get(p, "weak_suites");
    cr_assert_eq(json_array_size(weak), 1);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(weak, 0), "iana")),
                     "TLS_RSA_WITH_AES_128_CBC_SHA");
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(weak, 0), "bits")), 128);
    cr_expect_eq(json_array_size(json_object_get(p, "suites")), 2);
    json_decref(p);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

/* Differential test against nginx itself: for each configuration, `nginx -t`
 * and vigie's reader must agree on whether the syntax is valid, and on the
 * line of the error. (nginx -t parses only: no port is bound.) */
Test(conf_nginx, reader_agrees_with_nginx_t_on_syntax)
{
    if (access("/usr/sbin/nginx", X_OK) != 0)
        cr_skip_test("nginx is not installed here");
    static const char *const cfgs[] = {
        /* valid */
        "events {}\nhttp {\n server {\n  listen 127.0.0.1:8999;\n"
        "  location ~ \"^/a{1,3}$\" { return 200 \"a\\\"b;c\"; }\n }\n}\n",
        "events {}\nhttp { # { unbalanced in a comment }\n server {\n  listen 127.0.0.1:8999;\n"
        "  location / { set $v 1; add_header X-B 'a;b{}' always; return 200 \"${v}x\"; }\n }\n}\n",
        "events {}\nhttp {\n include /nonexistent-vigie-dir/*.conf;\n"
        "  log_format f '$remote_addr'\n             \" $status\";\n}\n",
        /* invalid */
        "events {}\nhttp {\n server {\n  listen 127.0.0.1:8999\n }\n}\n",
        "events {}\nhttp {\n server {\n  return 200 \"unterminated;\n }\n}\n",
        "events {}\nhttp {\n server {\n  listen 127.0.0.1:8999;\n }\n}\n}\n",
        "events {}\nhttp {\n server {\n  listen 127.0.0.1:8999;\n }\n",
        "events {}\nhttp {\n server { ; }\n}\n",
        "events {}\nhttp {\n server {\n  return 200 \"a\"b;\n }\n}\n",
    };
    char dir[] = "/tmp/vg_conf_ntXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    vg_scan_opts o = {.rs = rs};
    for (size_t i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
        char path[300], cmd[1200], line[512];
        snprintf(path, sizeof path, "%s/nginx.conf", dir);
        FILE *fp = fopen(path, "w");
        fputs(cfgs[i], fp);
        fclose(fp);
        snprintf(cmd, sizeof cmd, "/usr/sbin/nginx -t -q -p '%s' -c '%s' -e '%s/error.log' "
                 "-g 'pid %s/nginx.pid;' 2>&1", dir, path, dir, dir);
        FILE *p = popen(cmd, "r");
        int nginx_line = 0;
        while (fgets(line, sizeof line, p)) {
            char *at = strstr(line, "nginx.conf:");
            if (at && strstr(line, "[emerg]"))
                nginx_line = atoi(at + strlen("nginx.conf:"));
        }
        int st = pclose(p);
        bool nginx_ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;

        vg_findings fs;
        vg_findings_init(&fs);
        cr_assert_eq(vg_conf_check(&o, VG_FILE_NGINX, path, cfgs[i], strlen(cfgs[i]), &fs), 0);
        int vigie_line = 0;
        for (size_t k = 0; k < fs.nnotices; k++)
            if (strstr(fs.notices[k].message, "nginx syntax"))
                vigie_line = fs.notices[k].loc.line;
        cr_expect_eq(vigie_line == 0, nginx_ok, "config %zu: nginx %s, vigie %s", i,
                     nginx_ok ? "accepts" : "rejects", vigie_line ? "rejects" : "accepts");
        /* an unterminated string: nginx names the end of the file, vigie
         * the line where the string opens (more useful); else the same */
        bool unterminated = i == 4;
        if (!nginx_ok && vigie_line)
            cr_expect_eq(vigie_line, unterminated ? 4 : nginx_line,
                         "config %zu: nginx says line %d, vigie %d", i, nginx_line, vigie_line);
        if (unterminated)
            cr_expect_eq(nginx_line, 7, "nginx's own line for config 4 changed: %d", nginx_line);
        vg_findings_free(&fs);
    }
    vg_ruleset_free(rs);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}
