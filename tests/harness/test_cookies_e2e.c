/*
 * `vigie probe cookies` end to end against the clinic fixture behind real
 * nginx with TLS, in HTTP mode (libcurl) and browser mode (Chromium via
 * chromedriver), the fixture in both of its modes: compliant yields
 * nothing, planted yields exactly its planted violations.
 *
 * Browser tests never skip: without Chromium or chromedriver they fail,
 * saying what to install (scripts/setup has both).
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cookies_fixture.h"
#include "vg_probe_cookies.h"
#include "vg_test_run.h"
#include "vg_test_sarif.h"

static ck_fixture fx;
static char *last_sarif;      /* the last probe's report, for message checks */

static void stop(void)
{
    free(last_sarif);
    last_sarif = NULL;
    ck_fixture_stop(&fx);
}

static void start(const char *mode)
{
    char err[1024];
    if (ck_fixture_start(&fx, mode, err, sizeof err))
        cr_assert_fail("clinic fixture (%s): %s", mode, err);
}

static void start_compliant(void)
{
    start("compliant");
}

static void start_planted(void)
{
    start("planted");
}

/* "RULE phase subject" per SARIF result (scripts by path), sorted. */
static char *result_set(const char *sarif)
{
    json_error_t jerr;
    json_t *doc = json_loads(sarif, 0, &jerr);
    cr_assert_not_null(doc, "not JSON (%s): %.500s", jerr.text, sarif);
    json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
    cr_assert(json_is_array(results), "no results array");
    size_t n = json_array_size(results), total = 1;
    char **lines = calloc(n + 1, sizeof *lines);
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(results, i);
        json_t *p = json_object_get(r, "properties");
        const char *rule = json_string_value(json_object_get(r, "ruleId"));
        const char *phase = json_string_value(json_object_get(p, "phase"));
        const char *subject = json_string_value(json_object_get(p, "cookie"));
        if (!subject)
            subject = json_string_value(json_object_get(p, "storage"));
        if (!subject)
            subject = json_string_value(json_object_get(p, "request"));
        char path[256] = "";
        if (!subject && (subject = json_string_value(json_object_get(p, "script")))) {
            const char *slash = strchr(strstr(subject, "://") ? strstr(subject, "://") + 3 : subject, '/');
            snprintf(path, sizeof path, "%s", slash ? slash : subject);
            path[strcspn(path, "?")] = '\0';
            subject = path;
        }
        char line[400];
        snprintf(line, sizeof line, "%s %s %s", rule ? rule : "?", phase ? phase : "?",
                 subject ? subject : "?");
        lines[i] = strdup(line);
        total += strlen(line) + 1;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char *t = lines[j];
            lines[j] = lines[j - 1];
            lines[j - 1] = t;
        }
    char *out = calloc(1, total);
    for (size_t i = 0; i < n; i++) {
        strcat(out, lines[i]);
        strcat(out, "\n");
        free(lines[i]);
    }
    free(lines);
    json_decref(doc);
    return out;
}

/* Run the probe; returns the result set, checks the exit status. */
static char *probe(bool http_only, int want_status)
{
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", fx.scenario, "-f", "sarif",
                    http_only ? "--http-only" : "-q", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 300, &r), 0, "cannot run %s", VIGIE_BIN);
    cr_assert_eq(r.status, want_status, "exit %d, wanted %d; stderr:\n%s", r.status,
                 want_status, r.err);
    /* The report is valid SARIF 2.1.0 (the official schema). */
    char path[200], *errors = NULL;
    snprintf(path, sizeof path, "%s/cookies-%s.sarif", fx.dir, http_only ? "http" : "browser");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(r.out, f);
    fclose(f);
    cr_expect_eq(vg_test_sarif_validate(path, &errors), 0, "invalid SARIF: %s", errors);
    free(errors);
    char *set = result_set(r.out);
    free(last_sarif);
    last_sarif = strdup(r.out);
    vg_run_free(&r);
    return set;
}

TestSuite(cookies_http, .timeout = 300);
TestSuite(cookies_browser, .timeout = 300);

Test(cookies_http, compliant_clinic_yields_nothing, .init = start_compliant, .fini = stop)
{
    char *got = probe(true, 0);
    cr_expect_str_eq(got, "");
    free(got);
}

Test(cookies_http, planted_clinic_yields_exactly_its_server_side_violations,
     .init = start_planted, .fini = stop)
{
    char *got = probe(true, 1);
    cr_expect_str_eq(got,
        "CK001 before _ga\n"              /* server-side tracker before any choice */
        "CK002 refuse _ga\n"              /* ...after refusal */
        "CK002 withdraw _ga\n"            /* ...kept after withdrawal */
        "CK003 before SESSIONID\n"        /* session cookie carries the NAM */
        "CK003 before _ga\n"              /* two-year unique id */
        "CK004 before SESSIONID\n");      /* no Secure, HttpOnly, SameSite */
    free(got);
    cr_expect(strstr(last_sarif, "lacks Secure, HttpOnly, SameSite"), "%s", last_sarif);
}

Test(cookies_browser, compliant_clinic_yields_nothing, .init = start_compliant, .fini = stop)
{
    char *got = probe(false, 0);
    cr_expect_str_eq(got, "");
    free(got);
}

Test(cookies_browser, planted_clinic_yields_exactly_every_planted_violation,
     .init = start_planted, .fini = stop)
{
    char *got = probe(false, 1);
    cr_expect_str_eq(got,
        "CK001 before _ga\n"
        "CK001 before _gid\n"
        "CK001 before _hjSessionUser_123\n"
        "CK001 before localStorage _hjSession_123\n"   /* the replay's buffer of keys */
        "CK002 refuse _ga\n"
        "CK002 refuse _gid\n"
        "CK002 refuse _hjSessionUser_123\n"
        "CK002 refuse localStorage _hjSession_123\n"
        "CK002 withdraw _ga\n"
        "CK002 withdraw _gid\n"
        "CK002 withdraw _hjSessionUser_123\n"
        "CK002 withdraw localStorage _hjSession_123\n"
        "CK003 before SESSIONID\n"
        "CK003 before _ga\n"
        "CK003 before _hjSessionUser_123\n"
        "CK003 before localStorage _hjSession_123\n"    /* holds what was typed */
        "CK004 before SESSIONID\n"
        "CK005 before /stub/gtag.js\n"
        "CK005 before /stub/hotjar.js\n"
        "CK005 before collect.analytics.test\n"         /* the beacon, not a script */
        "CK005 before rec.replay.test\n"
        "CK005 refuse /stub/gtag.js\n"
        "CK005 refuse /stub/hotjar.js\n"
        "CK005 refuse collect.analytics.test\n"
        "CK005 refuse rec.replay.test\n"
        "DSC001 before collect.analytics.test\n"        /* NAM in the beacon's URL */
        "DSC001 before rec.replay.test\n"               /* typed NAM, before submission */
        "DSC001 before rec.replay.test\n");             /* typed date of birth */
    free(got);
    /* Chromium shows the session cookie's missing SameSite as "Lax"; the
     * HTTP replay of the steps still catches it. */
    cr_expect(strstr(last_sarif, "lacks Secure, HttpOnly, SameSite"),
              "CK004 should name all three attributes:\n%s", last_sarif);
    cr_expect(strstr(last_sarif, "typed into a form not yet submitted"), "%s", last_sarif);
    cr_expect(strstr(last_sarif, "URL (phase before)"), "%s", last_sarif);
    /* Masked: the NAM never appears, neither as typed nor as sent. */
    cr_expect_null(strstr(last_sarif, "GAGM 8562"), "unmasked NAM in the report");
    cr_expect_null(strstr(last_sarif, "GAGM85623016"), "unmasked NAM in the report");
    cr_expect_null(strstr(last_sarif, "1985-12-30"), "unmasked date of birth in the report");
}

/* The scenario with `edit` applied, written next to it as `name`. */
static void scenario_variant(const char *name, void (*edit)(json_t *doc), char *path, size_t n)
{
    json_error_t jerr;
    json_t *doc = json_load_file(fx.scenario, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    edit(doc);
    snprintf(path, n, "%s/%s", fx.dir, name);
    cr_assert_eq(json_dump_file(doc, path, 0), 0);
    json_decref(doc);
}

static void forget_replay_host(json_t *doc)
{
    json_object_del(json_object_get(json_object_get(doc, "cookies"), "hosts"), "rec.replay.test");
}

static size_t lines_with(const char *file, const char *what)
{
    FILE *f = fopen(file, "r");
    cr_assert_not_null(f, "%s", file);
    char line[4096];
    size_t n = 0;
    while (fgets(line, sizeof line, f))
        n += strstr(line, what) != NULL;
    fclose(f);
    return n;
}

Test(cookies_browser, a_page_reaching_an_undeclared_host_is_refused_and_never_contacts_it,
     .init = start_planted, .fini = stop)
{
    cr_assert(fx.third_log[0], "run-fixture gave no THIRD_PARTY line");
    char path[200];
    scenario_variant("undeclared.json", forget_replay_host, path, sizeof path);
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", path, "-q", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 300, &r), 0);
    cr_expect_eq(r.status, 2, "stderr: %s", r.err);
    cr_expect(strstr(r.err, "rec.replay.test") && strstr(r.err, "not in cookies.hosts"),
              "stderr: %s", r.err);
    vg_run_free(&r);
    /* The loopback stand-in answers for that name too, yet nothing asked
     * for it: the browser resolved only the declared names. The declared
     * analytics host did get its beacon, so the log is the right one. */
    cr_expect_eq(lines_with(fx.third_log, "/rec?hjid"), 0, "the undeclared host was contacted");
    cr_expect_gt(lines_with(fx.third_log, "/g/collect"), 0, "the declared host was not reached");
}

Test(cookies_browser, inventory_lists_each_request_with_initiator_phase_and_party,
     .init = start_compliant, .fini = stop)
{
    char inv[200];
    snprintf(inv, sizeof inv, "%s/inventory.json", fx.dir);
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", fx.scenario, "--inventory", inv,
                    "-q", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 300, &r), 0);
    cr_expect_eq(r.status, 0, "stderr: %s", r.err);
    vg_run_free(&r);
    json_error_t jerr;
    json_t *doc = json_load_file(inv, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    size_t i, beacons = 0, typed_third = 0, storage = 0;
    json_t *q;
    json_array_foreach(json_object_get(doc, "requests"), i, q) {
        const char *url = json_string_value(json_object_get(q, "url"));
        const char *party = json_string_value(json_object_get(q, "party"));
        const char *phase = json_string_value(json_object_get(q, "phase"));
        cr_expect_null(strchr(url, '?'), "query string in the inventory: %s", url);
        cr_expect_null(json_object_get(q, "body"), "a body in the inventory");
        if (strcmp(party, "third") != 0)
            continue;
        /* compliant: third parties only once the visitor accepted */
        cr_expect(strcmp(phase, "accept") == 0 || strcmp(phase, "withdraw") == 0,
                  "third-party request in phase %s: %s", phase, url);
        if (strstr(url, "collect.analytics.test")) {
            beacons++;
            cr_expect_str_eq(json_string_value(json_object_get(q, "type")), "Ping");
            cr_expect_str_eq(json_string_value(json_object_get(q, "kind")), "analytics");
            cr_expect(strncmp(json_string_value(json_object_get(q, "initiator")), "script ", 7) == 0);
        }
        typed_third += json_is_true(json_object_get(q, "typed"));
    }
    json_t *c;
    json_array_foreach(json_object_get(doc, "cookies"), i, c)
        storage += strcmp(json_string_value(json_object_get(c, "source")), "localStorage") == 0;
    cr_expect_gt(beacons, 0, "no analytics beacon recorded after consent");
    cr_expect_gt(typed_third, 0, "the (masked) replay of typed keys was not recorded");
    cr_expect_gt(storage, 0, "no localStorage item recorded");
    json_decref(doc);
}

/* Names of the cookies a run saw in one phase (from one source, or any
 * when source < 0), deletions left out, as " a b c ". */
static void names_in(const vg_cookie_run *run, vg_phase ph, int source, char *out, size_t n)
{
    snprintf(out, n, " ");
    for (size_t i = 0; i < run->ncookies; i++) {
        char word[160];
        snprintf(word, sizeof word, " %s ", run->cookies[i].name);
        if (run->cookies[i].phase == ph && run->cookies[i].lifetime != VG_COOKIE_DELETE &&
            (source < 0 || (int)run->cookies[i].source == source) &&
            !strstr(out, word)) {
            size_t l = strlen(out);
            snprintf(out + l, n - l, "%s ", run->cookies[i].name);
        }
    }
}

Test(cookies_browser, browser_sees_cookies_only_javascript_sets_and_http_mode_cannot,
     .init = start_compliant, .fini = stop)
{
    vg_error err = {0};
    vg_scenario *sc = vg_scenario_load_file(fx.scenario, &err);
    cr_assert_not_null(sc, "%s", err.msg);
    vg_probe_cookies_opts http = {.force_http = true}, browser = {0};
    vg_cookie_run hr, br;
    vg_findings fs;
    vg_findings_init(&fs);
    vg_cookie_run_init(&hr);
    vg_cookie_run_init(&br);
    cr_assert_eq(vg_probe_cookies_collect(sc, &http, &hr, &fs, &err), 0, "%s", err.msg);
    cr_assert_eq(vg_probe_cookies_collect(sc, &browser, &br, &fs, &err), 0,
                 "browser mode failed (install chromium and chromium-driver with "
                 "scripts/setup): %s", err.msg);
    char hn[1024], bn[1024];
    names_in(&hr, VG_PHASE_ACCEPT, -1, hn, sizeof hn);
    /* What Chromium held (browser mode also replays the steps over HTTP
     * to read exact Set-Cookie attributes; those are left out here). */
    names_in(&br, VG_PHASE_ACCEPT, VG_COOKIE_JAR, bn, sizeof bn);
    /* Both saw the server's cookies: HTTP mode did work. */
    cr_expect(strstr(hn, " SESSIONID ") && strstr(hn, " clinic_consent "), "HTTP saw:%s", hn);
    cr_expect(strstr(bn, " SESSIONID ") && strstr(bn, " clinic_consent "), "browser saw:%s", bn);
    /* Only the browser saw what the tag scripts set from JavaScript. */
    const char *js_only[] = {"_ga", "_gid", "_hjSessionUser_123"};
    for (size_t i = 0; i < 3; i++) {
        char word[64];
        snprintf(word, sizeof word, " %s ", js_only[i]);
        cr_expect(strstr(bn, word), "browser did not see %s; saw:%s", js_only[i], bn);
        cr_expect_not(strstr(hn, word), "HTTP mode cannot see %s, yet saw:%s", js_only[i], hn);
    }
    /* The scripts' cookies are gone once consent is withdrawn (compliant). */
    bool kept = false;
    for (size_t i = 0; i < br.ncookies; i++)
        kept |= br.cookies[i].phase == VG_PHASE_WITHDRAW && br.cookies[i].after_action &&
                br.cookies[i].source == VG_COOKIE_JAR &&
                br.cookies[i].lifetime != VG_COOKIE_DELETE &&
                strcmp(br.cookies[i].name, "_hjSessionUser_123") == 0;
    cr_expect_not(kept, "withdrawal should have removed _hjSessionUser_123");
    /* The only notice: HTTP mode cannot type into the scenario's forms. */
    for (size_t i = 0; i < fs.nnotices; i++)
        cr_expect(strstr(fs.notices[i].message, "cookies.steps"), "notice: %s",
                  fs.notices[i].message);
    vg_cookie_run_free(&hr);
    vg_cookie_run_free(&br);
    vg_findings_free(&fs);
    vg_scenario_free(sc);
}

Test(cookies_browser, missing_chromium_is_a_loud_error_not_a_skip, .init = start_compliant,
     .fini = stop)
{
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", fx.scenario,
                    "--chromium", "/nonexistent/chromium", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    cr_expect_eq(r.status, 2, "stderr: %s", r.err);
    cr_expect(strstr(r.err, "/nonexistent/chromium") && strstr(r.err, "scripts/setup"),
              "stderr: %s", r.err);
    vg_run_free(&r);
}

Test(cookies_http, a_click_only_step_is_a_notice_in_http_mode_not_a_silent_skip,
     .init = start_compliant, .fini = stop)
{
    /* The clinic's scenario, with the refusal reduced to a selector. */
    FILE *in = fopen(fx.scenario, "r");
    cr_assert_not_null(in);
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = '\0';
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    json_t *refuse = json_object_get(json_object_get(json_object_get(doc, "cookies"), "consent"),
                                     "refuse");
    json_object_del(refuse, "method");
    json_object_del(refuse, "path");
    json_object_del(refuse, "body");
    char path[200];
    snprintf(path, sizeof path, "%s/click-only.json", fx.dir);
    cr_assert_eq(json_dump_file(doc, path, 0), 0);
    json_decref(doc);

    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", path, "--http-only",
                    "-f", "sarif", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    cr_expect_eq(r.status, 0, "exit %d, stderr: %s", r.status, r.err);
    doc = json_loads(r.out, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    json_t *inv = json_array_get(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
                                                 "invocations"), 0);
    json_t *notes = json_object_get(inv, "toolExecutionNotifications");
    bool said = false;
    for (size_t i = 0; i < json_array_size(notes); i++) {
        const char *m = json_string_value(json_object_get(
            json_object_get(json_array_get(notes, i), "message"), "text"));
        said |= m && strstr(m, "phase refuse not checked") && strstr(m, "click");
    }
    cr_expect(said, "no notice about the undrivable refuse phase in:\n%s", r.out);
    json_decref(doc);
    vg_run_free(&r);
}

Test(cookies_browser, a_selector_that_matches_nothing_is_exit_2_naming_it,
     .init = start_compliant, .fini = stop)
{
    FILE *in = fopen(fx.scenario, "r");
    cr_assert_not_null(in);
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = '\0';
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    json_object_set_new(json_object_get(json_object_get(json_object_get(doc, "cookies"),
                                                        "consent"), "accept"),
                        "click", json_string("#tout-accepter"));
    char path[200];
    snprintf(path, sizeof path, "%s/bad-selector.json", fx.dir);
    cr_assert_eq(json_dump_file(doc, path, 0), 0);
    json_decref(doc);
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", path, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    cr_expect_eq(r.status, 2, "stderr: %s", r.err);
    cr_expect(strstr(r.err, "#tout-accepter") && strstr(r.err, "phase accept"), "stderr: %s",
              r.err);
    vg_run_free(&r);
}

Test(cookies_http, inventory_records_each_set_cookie_with_attributes_page_and_no_value,
     .init = start_planted, .fini = stop)
{
    char inv[200];
    snprintf(inv, sizeof inv, "%s/inventory.json", fx.dir);
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", fx.scenario, "--http-only",
                    "--inventory", inv, "-q", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    cr_expect_eq(r.status, 1, "stderr: %s", r.err);
    vg_run_free(&r);
    json_error_t jerr;
    json_t *doc = json_load_file(inv, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    cr_expect_str_eq(json_string_value(json_object_get(doc, "mode")), "http");
    json_t *cookies = json_object_get(doc, "cookies");
    size_t i, phases_with_session = 0;
    json_t *c;
    json_array_foreach(cookies, i, c) {
        const char *name = json_string_value(json_object_get(c, "name"));
        const char *page = json_string_value(json_object_get(c, "page"));
        cr_expect_null(json_object_get(c, "value"), "a value is in the inventory");
        if (strcmp(name, "SESSIONID") != 0 ||
            strcmp(json_string_value(json_object_get(c, "source")), "set-cookie") != 0)
            continue;
        phases_with_session++;
        cr_expect(page && strstr(page, "/login"), "set by %s", page);
        cr_expect(json_is_false(json_object_get(c, "secure")));
        cr_expect(json_is_false(json_object_get(c, "http_only")));
        cr_expect(json_is_null(json_object_get(c, "same_site")));
        cr_expect_str_eq(json_string_value(json_object_get(c, "lifetime")), "session");
        cr_expect_gt(json_integer_value(json_object_get(c, "value_length")), 20);
        cr_expect_str_eq(json_string_value(json_object_get(c, "category")), "essential");
    }
    cr_expect_eq(phases_with_session, 4, "one login per phase");
    json_decref(doc);
}
