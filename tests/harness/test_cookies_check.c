/*
 * The cookie checks on hand-built observations (no server, no browser):
 * Set-Cookie parsing, classification, and each of CK001-CK005 firing on
 * exactly what the policy forbids.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_cookies.h"

static vg_ruleset *rs;
static vg_scenario *sc;

static void setup(void)
{
    vg_error err = {0};
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    static const char scen[] =
        "{\"target\":\"https://clinic.test\",\"cookies\":{\"consent\":{},"
        "\"essential\":[\"SESSIONID\",\"_ga\"],"
        "\"tracker_stubs\":{\"/stub/hotjar.js\":\"static.hotjar.com\"}},"
        "\"identities\":[{\"name\":\"Marie Gagnon\",\"username\":\"mgagnon\","
        "\"email\":\"marie@example.test\",\"nam\":\"GAGM 8562 3016\"}]}";
    sc = vg_scenario_load_buffer(scen, strlen(scen), "s.json", &err);
    cr_assert_not_null(sc, "%s", err.msg);
}

static void teardown(void)
{
    vg_scenario_free(sc);
    vg_ruleset_free(rs);
}

TestSuite(cookies_check, .init = setup, .fini = teardown);

Test(cookies_check, set_cookie_attributes_and_lifetime_are_parsed)
{
    vg_cookie_obs o = {0};
    cr_assert_eq(vg_cookie_parse_set_cookie(
                     " SESSIONID = abc=def ; Path=/; secure; HTTPONLY; SameSite=Strict;"
                     " Max-Age=3600; Expires=Wed, 21 Oct 2015 07:28:00 GMT", 1000, &o), 0);
    cr_expect_str_eq(o.name, "SESSIONID");
    cr_expect_str_eq(o.value, "abc=def");
    cr_expect_str_eq(o.path, "/");
    cr_expect(o.secure);
    cr_expect(o.http_only);
    cr_expect_str_eq(o.same_site, "Strict");
    cr_expect_eq(o.lifetime, 3600, "Max-Age wins over Expires");
    vg_cookie_obs_clear(&o);

    long long now = 1445412480;    /* 2015-10-21 07:28:00 UTC */
    cr_assert_eq(vg_cookie_parse_set_cookie("a=1; Expires=Wed, 21 Oct 2015 08:28:00 GMT",
                                            now, &o), 0);
    cr_expect_eq(o.lifetime, 3600);
    cr_expect_not(o.secure);
    cr_expect_null(o.same_site);
    vg_cookie_obs_clear(&o);
    cr_assert_eq(vg_cookie_parse_set_cookie("a=; Max-Age=0", now, &o), 0);
    cr_expect_eq(o.lifetime, VG_COOKIE_DELETE);
    vg_cookie_obs_clear(&o);
    cr_assert_eq(vg_cookie_parse_set_cookie("a=1", now, &o), 0);
    cr_expect_eq(o.lifetime, VG_COOKIE_SESSION);
    vg_cookie_obs_clear(&o);

    cr_expect_eq(vg_cookie_parse_set_cookie("no equals sign", now, &o), -1);
    cr_expect_eq(vg_cookie_parse_set_cookie("=value", now, &o), -1);
}

Test(cookies_check, unknown_cookies_are_never_essential_and_catalogue_beats_declaration)
{
    vg_cookie_verdict v;
    vg_cookie_classify(rs, sc, "SESSIONID", &v);
    cr_expect(v.essential);
    cr_expect(v.declared);
    vg_cookie_classify(rs, sc, "_hjSessionUser_4242", &v);
    cr_expect_str_eq(v.category, "service-improvement");
    cr_expect_str_eq(v.vendor, "Hotjar");
    cr_expect_not(v.essential);
    vg_cookie_classify(rs, sc, "mystery", &v);
    cr_expect_str_eq(v.category, "unknown");
    cr_expect_not(v.essential);
    /* The scenario calls _ga essential; the catalogue knows better. */
    vg_cookie_classify(rs, sc, "_ga", &v);
    cr_expect_str_eq(v.category, "performance");
    cr_expect_not(v.essential);
    cr_expect(v.declared);
    vg_cookie_classify(rs, sc, "JSESSIONID", &v);
    cr_expect(v.essential, "catalogue essentials need no declaration");
}

/* Add one observation. */
static void obs(vg_cookie_run *run, vg_phase ph, bool after, vg_cookie_source src,
                const char *name, const char *value, long long lifetime, bool secure,
                bool http_only, const char *same_site)
{
    vg_cookie_obs o = {.phase = ph, .after_action = after, .source = src,
                       .page = (char *)"https://clinic.test/", .name = (char *)name,
                       .value = (char *)value, .lifetime = lifetime, .secure = secure,
                       .http_only = http_only, .same_site = (char *)same_site};
    cr_assert_eq(vg_cookie_run_add(run, &o), 0);
}

/* "RULE phase name" for every finding, sorted, joined by newlines. */
static char *summary(const vg_findings *fs)
{
    char *lines[256];
    size_t n = 0, total = 1;
    for (size_t i = 0; i < fs->count && n < 256; i++) {
        const char *l = fs->items[i].loc.logical;      /* "phase X, cookie Y" */
        char buf[400];
        snprintf(buf, sizeof buf, "%s %s", fs->items[i].rule_id, l ? l : "?");
        lines[n] = strdup(buf);
        total += strlen(buf) + 1;
        n++;
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
    return out;
}

static char *check(const vg_cookie_run *run, bool show_pd, vg_findings *fs)
{
    vg_error err = {0};
    vg_findings_init(fs);
    cr_assert_eq(vg_cookies_check(rs, sc, run, show_pd, fs, &err), 0, "%s", err.msg);
    return summary(fs);
}

Test(cookies_check, consent_rules_fire_only_on_non_essential_cookies_in_the_wrong_phase)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    const long long day = 86400;
    /* before: an essential session cookie is fine, a tracker is not. */
    obs(&run, VG_PHASE_BEFORE, false, VG_COOKIE_SET, "SESSIONID", "0123abcd", -1, true, true, "Lax");
    obs(&run, VG_PHASE_BEFORE, false, VG_COOKIE_JAR, "_gid", "GA1.1.12.34", day, true, false, "Lax");
    obs(&run, VG_PHASE_BEFORE, false, VG_COOKIE_JAR, "_gid", "GA1.1.12.34", day, true, false, "Lax");
    /* accept: anything goes (short-lived, no identity). */
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_JAR, "_hjSessionUser_1", "x", day, true, false, "Lax");
    /* refuse: deletions are what a compliant site sends; a tracker set
     * before the refusal click is not "after refusal". */
    obs(&run, VG_PHASE_REFUSE, true, VG_COOKIE_SET, "_gid", "", VG_COOKIE_DELETE, false, false, NULL);
    obs(&run, VG_PHASE_REFUSE, false, VG_COOKIE_JAR, "_hjSessionUser_1", "x", day, true, false, "Lax");
    obs(&run, VG_PHASE_REFUSE, true, VG_COOKIE_SET, "mystery", "1", day, true, true, "Lax");
    /* withdraw: before withdrawing is fine, still there after is not. */
    obs(&run, VG_PHASE_WITHDRAW, false, VG_COOKIE_JAR, "_gid", "x", day, true, false, "Lax");
    obs(&run, VG_PHASE_WITHDRAW, true, VG_COOKIE_JAR, "_hjSessionUser_1", "x", day, true, false, "Lax");
    obs(&run, VG_PHASE_WITHDRAW, true, VG_COOKIE_JAR, "SESSIONID", "0123abcd", -1, true, true, "Lax");

    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "CK001 phase before, cookie _gid\n"
        "CK002 phase refuse, cookie mystery\n"
        "CK002 phase withdraw, cookie _hjSessionUser_1\n");
    cr_expect_eq(fs.nnotices, 1, "one notice: the unknown cookie");
    cr_expect(fs.nnotices && strstr(fs.notices[0].message, "mystery") &&
              strstr(fs.notices[0].message, "not in the cookie catalogue"));
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, identifying_values_are_found_and_masked)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    const long long year = 365 * 86400LL;
    /* A NAM inside an essential cookie. */
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_SET, "SESSIONID",
        "u=x&nam=GAGM85623016&sid=1", -1, true, true, "Lax");
    /* A test identity's username, URL-encoded in JSON. */
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_SET, "prefs",
        "%7B%22user%22%3A%22mgagnon%22%7D", -1, true, true, "Lax");
    /* An email hidden in base64 (as Hotjar-style cookies wrap JSON). */
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_JAR, "_hjSessionUser_7",
        "eyJlbWFpbCI6Im1hcmllQGV4YW1wbGUudGVzdCJ9", 3600, true, false, "Lax");
    /* Long-lived unique id in a non-essential cookie... */
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_JAR, "_ga", "GA1.1.1234567890.1700000000",
        2 * year, true, false, "Lax");
    /* ...but not when it lives a day, nor in an essential cookie. */
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_JAR, "_gid", "GA1.1.1234567890.1700000000",
        86400, true, false, "Lax");
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_SET, "JSESSIONID",
        "8f14e45fceea167a5a36dedd4bea2543", year, true, true, "Lax");

    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "CK003 phase accept, cookie SESSIONID\n"
        "CK003 phase accept, cookie _ga\n"
        "CK003 phase accept, cookie _hjSessionUser_7\n"
        "CK003 phase accept, cookie prefs\n");
    for (size_t i = 0; i < fs.count; i++) {
        const char *m = fs.items[i].message;
        cr_expect(!strstr(m, "GAGM85623016") && !strstr(m, "GAGM 8562 3016") &&
                  !strstr(m, "mgagnon") && !strstr(m, "marie@"), "unmasked: %s", m);
        if (strstr(m, "SESSIONID"))
            cr_expect(strstr(m, "**** **** **16"), "%s", m);
    }
    /* what each value is, for the inventory, beside the cookie's class */
    static const char *const is[][3] = {
        {"SESSIONID", "\"dataCategory\":\"nam\"", "\"category\":\"essential\""},
        {"_ga", "\"dataCategory\":\"name\"", "\"category\":\"performance\""},
        {"_hjSessionUser_7", "\"dataCategory\":\"email\"", "\"category\":\"service-improvement\""},
        {"prefs", "\"dataCategory\":\"username\"", "\"category\":\""}};
    for (size_t k = 0; k < 4; k++) {
        bool seen = false;
        for (size_t i = 0; i < fs.count; i++) {
            const char *pj = fs.items[i].props_json;
            char want[64];
            snprintf(want, sizeof want, "\"cookie\":\"%s\"", is[k][0]);
            if (!pj || !strstr(pj, want))
                continue;
            seen = true;
            cr_expect(strstr(pj, is[k][1]) && strstr(pj, is[k][2]), "%s: %s", is[k][0], pj);
        }
        cr_expect(seen, "no CK003 for %s", is[k][0]);
    }
    free(got);
    vg_findings_free(&fs);

    got = check(&run, true, &fs);
    bool shown = false;
    for (size_t i = 0; i < fs.count; i++)
        shown |= strstr(fs.items[i].message, "GAGM85623016") != NULL;
    cr_expect(shown, "--show-personal-data prints the value");
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, essential_cookies_need_secure_httponly_and_samesite)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    obs(&run, VG_PHASE_BEFORE, false, VG_COOKIE_SET, "SESSIONID", "ab12", -1, false, true, "Lax");
    obs(&run, VG_PHASE_BEFORE, false, VG_COOKIE_SET, "JSESSIONID", "ab12", -1, true, true, NULL);
    obs(&run, VG_PHASE_BEFORE, false, VG_COOKIE_SET, "PHPSESSID", "ab12", -1, true, true, "Strict");
    /* curl's jar cannot tell SameSite: no finding from it alone. */
    vg_cookie_obs o = {.phase = VG_PHASE_WITHDRAW, .after_action = true, .source = VG_COOKIE_JAR,
                       .page = (char *)"https://clinic.test/", .name = (char *)"connect.sid",
                       .value = (char *)"s1", .lifetime = -1, .secure = true, .http_only = true,
                       .same_site_unknown = true};
    cr_assert_eq(vg_cookie_run_add(&run, &o), 0);

    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "CK004 phase before, cookie JSESSIONID\n"
        "CK004 phase before, cookie SESSIONID\n");
    for (size_t i = 0; i < fs.count; i++) {
        const char *m = fs.items[i].message;
        if (strstr(m, "JSESSIONID"))
            cr_expect(strstr(m, "lacks SameSite"), "%s", m);
        else
            cr_expect(strstr(m, "lacks Secure"), "%s", m);
    }
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, tracker_scripts_before_consent_by_host_or_declared_stub)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    const char *page = "https://clinic.test/";
    cr_assert_eq(vg_cookie_run_add_script(&run, VG_PHASE_BEFORE, false, page,
                 "https://www.googletagmanager.com/gtag/js?id=G-1"), 0);
    cr_assert_eq(vg_cookie_run_add_script(&run, VG_PHASE_BEFORE, false, page,
                 "https://clinic.test/stub/hotjar.js?hjid=1"), 0);
    cr_assert_eq(vg_cookie_run_add_script(&run, VG_PHASE_BEFORE, false, page,
                 "https://clinic.test/app.js"), 0);
    cr_assert_eq(vg_cookie_run_add_script(&run, VG_PHASE_BEFORE, false,
                 "https://clinic.test/dossier", "https://www.googletagmanager.com/gtag/js?id=G-1"), 0);
    /* After accepting: allowed. After refusing: not. */
    cr_assert_eq(vg_cookie_run_add_script(&run, VG_PHASE_ACCEPT, true, page,
                 "https://static.hotjar.com/c/hotjar-1.js"), 0);
    cr_assert_eq(vg_cookie_run_add_script(&run, VG_PHASE_REFUSE, true, page,
                 "https://sub.static.hotjar.com/c/hotjar-1.js"), 0);
    cr_assert_eq(vg_cookie_run_add_script(&run, VG_PHASE_REFUSE, false, page,
                 "https://static.hotjar.com/c/hotjar-1.js"), 0);

    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "CK005 phase before, script https://clinic.test/stub/hotjar.js?hjid=1\n"
        "CK005 phase before, script https://www.googletagmanager.com/gtag/js?id=G-1\n"
        "CK005 phase refuse, script https://sub.static.hotjar.com/c/hotjar-1.js\n");
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, digits_inside_a_random_token_are_not_a_sin_but_a_delimited_one_is)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    /* 173706003 passes Luhn, yet it is the middle of a random session id
     * (a real case: one hex id in 200 looks like that). */
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_SET, "SESSIONID",
        "41b01cd57e4d3753654f173706003c57", -1, true, true, "Lax");
    obs(&run, VG_PHASE_ACCEPT, true, VG_COOKIE_SET, "PHPSESSID", "u=7&sin=130692544&t=1",
        -1, true, true, "Lax");
    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got, "CK003 phase accept, cookie PHPSESSID\n");
    cr_expect(fs.count == 1 && strstr(fs.items[0].message, "*** *** *44"), "%s",
              fs.count ? fs.items[0].message : "");
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, garbage_set_cookie_headers_never_crash)
{
    /* Hostile servers: random bytes, huge attributes, repeated separators. */
    unsigned seed = 12345;
    char buf[512];
    for (int i = 0; i < 20000; i++) {
        size_t n = (size_t)(rand_r(&seed) % (sizeof buf - 1));
        for (size_t k = 0; k < n; k++) {
            static const char alphabet[] = "=;; aZ09,\"\\\t-_.%/:Expires=Max-Age=-1SameSite";
            buf[k] = rand_r(&seed) % 4 ? alphabet[rand_r(&seed) % (sizeof alphabet - 1)]
                                       : (char)(1 + rand_r(&seed) % 255);
        }
        buf[n] = '\0';
        vg_cookie_obs o = {0};
        if (vg_cookie_parse_set_cookie(buf, 1000, &o) == 0) {
            cr_assert_not_null(o.name);
            cr_assert(o.name[0]);
            cr_assert_not_null(o.value);
            vg_cookie_obs_clear(&o);
        }
    }
    char *big = malloc(200000);
    memset(big, 'a', 199999);
    big[199999] = '\0';
    big[10] = '=';
    vg_cookie_obs o = {0};
    cr_expect_eq(vg_cookie_parse_set_cookie(big, 1000, &o), 0);
    vg_cookie_obs_clear(&o);
    free(big);
}

Test(cookies_check, ck004_names_what_any_view_of_the_cookie_lacked)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    /* The browser's view (SameSite unknowable) first, then the Set-Cookie. */
    vg_cookie_obs b = {.phase = VG_PHASE_BEFORE, .source = VG_COOKIE_JAR,
                       .page = (char *)"https://clinic.test/", .name = (char *)"SESSIONID",
                       .value = (char *)"s1", .lifetime = -1, .http_only = true,
                       .same_site = (char *)"Lax", .same_site_unknown = true};
    cr_assert_eq(vg_cookie_run_add(&run, &b), 0);
    obs(&run, VG_PHASE_BEFORE, false, VG_COOKIE_SET, "SESSIONID", "s1", -1, false, true, NULL);
    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got, "CK004 phase before, cookie SESSIONID\n");
    cr_expect(fs.count == 1 && strstr(fs.items[0].message, "lacks Secure, SameSite"), "%s",
              fs.count ? fs.items[0].message : "");
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

static void req(vg_cookie_run *run, vg_phase ph, bool after, bool typed, const char *page,
                const char *url, const char *type, const char *headers, const char *body,
                const char *policy)
{
    vg_request_obs o = {.phase = ph, .after_action = after, .typed = typed,
                        .page = (char *)page, .url = (char *)url, .method = (char *)"GET",
                        .type = (char *)type, .initiator = (char *)"parser", 
                        .headers = (char *)headers, .body = (char *)body,
                        .referrer_policy = (char *)policy, .response_seen = true};
    cr_assert_eq(vg_cookie_run_add_request(run, &o), 0);
}

Test(cookies_check, third_party_requests_before_consent_by_kind_and_cdns_left_alone)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    const char *page = "https://www.clinic.test/";
    /* beacons count, not only scripts; the site's own hosts are first party */
    req(&run, VG_PHASE_BEFORE, false, false, page,
        "https://region1.google-analytics.com/g/collect?v=2", "Ping", "", NULL, NULL);
    req(&run, VG_PHASE_BEFORE, false, false, page, "https://static.clinic.test/app.js",
        "Script", "", NULL, NULL);
    req(&run, VG_PHASE_BEFORE, false, false, page, "https://cdn.jsdelivr.net/npm/x.js",
        "Script", "", NULL, NULL);
    req(&run, VG_PHASE_BEFORE, false, false, page, "https://widgets.example.org/w.js",
        "Script", "", NULL, NULL);
    /* after accepting: fine; after refusing: not; before the refusal click: phase before's */
    req(&run, VG_PHASE_ACCEPT, true, false, page, "https://script.hotjar.com/rec", "Fetch", "",
        NULL, NULL);
    req(&run, VG_PHASE_REFUSE, true, false, page, "https://script.hotjar.com/rec", "Fetch", "",
        NULL, NULL);
    req(&run, VG_PHASE_REFUSE, false, false, page, "https://connect.facebook.net/p", "Image", "",
        NULL, NULL);
    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "CK005 phase before, request region1.google-analytics.com\n"
        "CK005 phase before, request widgets.example.org\n"
        "CK005 phase refuse, request script.hotjar.com\n");
    bool unknown = false;
    for (size_t i = 0; i < fs.count; i++)
        unknown |= strstr(fs.items[i].message, "widgets.example.org (unknown") != NULL;
    cr_expect(unknown, "an uncatalogued third party is said to be unknown");
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, personal_data_to_a_third_party_in_url_header_or_body_is_dsc001_masked)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    const char *page = "https://www.clinic.test/dossier";
    req(&run, VG_PHASE_ACCEPT, true, false, page,
        "https://www.google-analytics.com/collect?uid=GAGM85623016", "Ping", "", NULL, NULL);
    req(&run, VG_PHASE_ACCEPT, true, false, page, "https://widgets.example.org/w.js", "Script",
        "Referer: https://www.clinic.test/dossier?courriel=marie%40example.test\n", NULL, NULL);
    req(&run, VG_PHASE_ACCEPT, true, true, page, "https://script.hotjar.com/rec", "Fetch",
        "Content-Type: text/plain\n", "{\"sel\":\"#user\",\"v\":\"mgagnon\"}", NULL);
    /* the same data to the site itself is no disclosure */
    req(&run, VG_PHASE_ACCEPT, true, false, page, "https://www.clinic.test/api", "Fetch", "",
        "{\"nam\":\"GAGM 8562 3016\"}", NULL);
    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "DSC001 phase accept, request script.hotjar.com\n"
        "DSC001 phase accept, request widgets.example.org\n"
        "DSC001 phase accept, request www.google-analytics.com\n");
    for (size_t i = 0; i < fs.count; i++) {
        const char *m = fs.items[i].message;
        cr_expect_null(strstr(m, "GAGM"), "unmasked: %s", m);
        cr_expect_null(strstr(m, "marie@"), "unmasked: %s", m);
        cr_expect_null(strstr(m, "mgagnon"), "unmasked: %s", m);
        if (strstr(m, "widgets"))
            cr_expect(strstr(m, "Referer header"), "%s", m);
        if (strstr(m, "hotjar"))
            cr_expect(strstr(m, "typed into a form not yet submitted") &&
                      strstr(m, "username of test identity #1"), "%s", m);
        if (strstr(m, "google-analytics"))
            cr_expect(strstr(m, "**** **** **16") && strstr(m, "URL"), "%s", m);
    }
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, personal_data_in_the_sites_own_url_and_a_referrer_policy_that_lets_it_out)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    const char *doc = "https://www.clinic.test/dossier?nam=GAGM85623016";
    req(&run, VG_PHASE_BEFORE, false, false, doc, doc, "Document", "", NULL, NULL);
    req(&run, VG_PHASE_ACCEPT, false, false, doc,
        "https://www.clinic.test/patient?nam=GAGM85623016", "Document", "", NULL,
        "no-referrer, strict-origin-when-cross-origin");
    req(&run, VG_PHASE_ACCEPT, false, false, doc,
        "https://www.clinic.test/fiche?courriel=marie%40example.test", "Document", "", NULL,
        "unsafe-url");
    req(&run, VG_PHASE_ACCEPT, false, false, doc, "https://www.clinic.test/?page=2", "Document",
        "", NULL, NULL);
    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "DSC002 phase accept, request https://www.clinic.test/fiche\n"
        "DSC002 phase accept, request https://www.clinic.test/fiche\n"
        "DSC002 phase accept, request https://www.clinic.test/patient\n"
        "DSC002 phase before, request https://www.clinic.test/dossier\n"
        "DSC002 phase before, request https://www.clinic.test/dossier\n");
    size_t referrer = 0;
    for (size_t i = 0; i < fs.count; i++) {
        cr_expect_null(strstr(fs.items[i].message, "GAGM"), "%s", fs.items[i].message);
        cr_expect_null(strstr(fs.items[i].loc.uri, "?"), "query in %s", fs.items[i].loc.uri);
        if (strstr(fs.items[i].message, "Referrer-Policy")) {
            referrer++;
            cr_expect(strstr(fs.items[i].message, "(no header)") ||
                      strstr(fs.items[i].message, "(unsafe-url)"), "%s", fs.items[i].message);
        }
    }
    cr_expect_eq(referrer, 2, "dossier (no header) and fiche (unsafe-url)");
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}

Test(cookies_check, web_storage_is_judged_like_cookies_but_not_for_attributes)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    obs(&run, VG_PHASE_BEFORE, false, VG_STORAGE_LOCAL, "_hjSession_1", "{\"v\":\"x\"}", -1,
        false, false, NULL);
    obs(&run, VG_PHASE_BEFORE, false, VG_STORAGE_SESSION, "SESSIONID", "nam=GAGM85623016", -1,
        false, false, NULL);
    obs(&run, VG_PHASE_REFUSE, true, VG_STORAGE_IDB, "_hjSession_db", "", -1, false, false, NULL);
    obs(&run, VG_PHASE_WITHDRAW, true, VG_STORAGE_LOCAL, "_ga", "1", -1, false, false, NULL);
    vg_findings fs;
    char *got = check(&run, false, &fs);
    cr_expect_str_eq(got,
        "CK001 phase before, storage localStorage _hjSession_1\n"
        "CK002 phase refuse, storage indexedDB _hjSession_db\n"
        "CK002 phase withdraw, storage localStorage _ga\n"
        "CK003 phase before, storage sessionStorage SESSIONID\n");
    free(got);
    vg_findings_free(&fs);
    vg_cookie_run_free(&run);
}
