/*
 * The scenario contract (design.md): the documented example loads, every
 * section is copied faithfully, and a typo anywhere is an error naming the
 * key path instead of a silently skipped check.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_scenario.h"

static const char example[] =
"{\n"
"  \"target\": \"https://127.0.0.1:8443/\",\n"
"  \"ca\": \"certs/ca.pem\",\n"
"  \"tls\": [ { \"host\": \"127.0.0.1\", \"port\": 8443, \"sni\": \"portail.test\" } ],\n"
"  \"cookies\": {\n"
"    \"pages\": [ \"/\", \"/dossier\" ],\n"
"    \"browser\": true,\n"
"    \"consent\": {\n"
"      \"accept\":   { \"click\": \"#accepter-tout\" },\n"
"      \"refuse\":   { \"method\": \"POST\", \"path\": \"/consent\", \"body\": \"choix=essentiels\" },\n"
"      \"withdraw\": { \"method\": \"POST\", \"path\": \"/consent\", \"body\": \"choix=retrait\",\n"
"                    \"headers\": [\"X-Test: 1\"] }\n"
"    },\n"
"    \"login\": { \"path\": \"/login\", \"body\": \"user=mgagnon\" },\n"
"    \"tracker_stubs\": { \"/stub/gtag.js\": \"www.googletagmanager.com\" },\n"
"    \"essential\": [ \"SESSIONID\" ]\n"
"  },\n"
"  \"messages\": {\n"
"    \"smtp_listen\": \"127.0.0.1:2525\",\n"
"    \"sms_listen\": \"127.0.0.1:8025\",\n"
"    \"sms_fields\": { \"to\": \"To\", \"body\": \"Body\" },\n"
"    \"identities\": [ { \"name\": \"Marie Gagnon\", \"nam\": \"GAGM 8562 3016\", \"sin\": \"565 632 122\",\n"
"                      \"dob\": \"1985-12-30\", \"email\": \"marie@example.test\", \"phone\": \"+1 514 555 0100\",\n"
"                      \"username\": \"mgagnon\", \"password\": \"Xk9!pQ2m\" } ],\n"
"    \"triggers\": [ { \"method\": \"POST\", \"path\": \"/mot-de-passe-oublie\", \"body\": \"user=mgagnon\" } ],\n"
"    \"wait_ms\": 1500\n"
"  }\n"
"}\n";

static vg_scenario *load(const char *text, vg_error *err)
{
    memset(err, 0, sizeof *err);
    return vg_scenario_load_buffer(text, strlen(text), "/srv/probe/scenario.json", err);
}

Test(scenario, design_example_loads_every_section)
{
    vg_error err;
    vg_scenario *s = load(example, &err);
    cr_assert_not_null(s, "%s", err.msg);
    cr_expect_str_eq(s->target, "https://127.0.0.1:8443");
    cr_expect_str_eq(s->ca, "/srv/probe/certs/ca.pem");
    cr_assert_eq(s->ntls, 1);
    cr_expect_str_eq(s->tls[0].host, "127.0.0.1");
    cr_expect_eq(s->tls[0].port, 8443);
    cr_expect_str_eq(s->tls[0].sni, "portail.test");

    cr_assert(s->has_cookies);
    const vg_scenario_cookies *k = &s->cookies;
    cr_assert_eq(k->npages, 2);
    cr_expect_str_eq(k->pages[1], "/dossier");
    cr_expect(k->browser);
    cr_expect(k->accept.present);
    cr_expect_str_eq(k->accept.click, "#accepter-tout");
    cr_expect_not(k->accept.has_request);
    cr_expect(k->refuse.has_request);
    cr_expect_str_eq(k->refuse.req.method, "POST");
    cr_expect_str_eq(k->refuse.req.path, "/consent");
    cr_expect_str_eq(k->refuse.req.body, "choix=essentiels");
    cr_assert_eq(k->withdraw.req.nheaders, 1);
    cr_expect_str_eq(k->withdraw.req.headers[0], "X-Test: 1");
    cr_expect_str_eq(k->login.req.method, "POST", "a body implies POST");
    cr_assert_eq(k->ntracker_stubs, 1);
    cr_expect_str_eq(k->tracker_stubs[0].host, "www.googletagmanager.com");
    cr_expect(vg_scenario_is_essential(s, "SESSIONID"));
    cr_expect_not(vg_scenario_is_essential(s, "_ga"));

    cr_assert(s->has_messages);
    const vg_scenario_messages *m = &s->messages;
    cr_expect_str_eq(m->smtp_listen.host, "127.0.0.1");
    cr_expect_eq(m->smtp_listen.port, 2525);
    cr_expect_eq(m->sms_listen.port, 8025);
    cr_expect_str_eq(m->sms_fields.to, "To");
    cr_expect_str_eq(m->sms_fields.body, "Body");
    cr_expect_null(m->sms_fields.from);
    cr_assert_eq(m->ntriggers, 1);
    cr_expect_str_eq(m->triggers[0].path, "/mot-de-passe-oublie");
    cr_expect_eq(m->wait_ms, 1500);
    cr_assert_eq(s->nidentities, 1);
    cr_expect_str_eq(s->identities[0].nam, "GAGM 8562 3016");
    cr_expect_str_eq(s->identities[0].password, "Xk9!pQ2m");

    char *u = vg_scenario_url(s, "/dossier");
    cr_expect_str_eq(u, "https://127.0.0.1:8443/dossier");
    free(u);
    vg_scenario_free(s);
}

Test(scenario, defaults_when_optional_parts_are_absent)
{
    vg_error err;
    vg_scenario *s = load("{\"target\":\"http://h\",\"cookies\":{\"consent\":{}}}", &err);
    cr_assert_not_null(s, "%s", err.msg);
    cr_expect_eq(s->cookies.npages, 1);
    cr_expect_str_eq(s->cookies.pages[0], "/");
    cr_expect_not(s->cookies.browser);
    cr_expect_not(s->cookies.accept.present);
    cr_expect_not(s->has_messages);
    cr_expect_eq(s->messages.wait_ms, 3000);
    cr_expect_null(s->ca);
    vg_scenario_free(s);
}

/* Each bad scenario and the words its error must contain. */
static const struct { const char *json, *expect; } bad[] = {
    {"{\"target\":\"http://h\",\"cookeis\":{}}", "cookeis: unknown key"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{\"acept\":{\"click\":\"#a\"}}}}",
     "cookies.consent.acept: unknown key"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{\"accept\":{\"clik\":\"#a\"}}}}",
     "cookies.consent.accept.clik: unknown key"},
    {"{\"messages\":{\"identities\":[{\"nam\":\"x\",\"nas\":\"y\"}]}}",
     "messages.identities[0].nas: unknown key"},
    {"{\"messages\":{\"sms_fields\":{\"too\":\"To\"}}}", "messages.sms_fields.too: unknown key"},
    {"{\"messages\":{\"smtp_listen\":\"127.0.0.1\"}}", "messages.smtp_listen: must read"},
    {"{\"messages\":{\"smtp_listen\":\"127.0.0.1:99999\"}}", "messages.smtp_listen: must read"},
    {"{\"messages\":{\"wait_ms\":\"3000\"}}", "messages.wait_ms: must be an integer"},
    {"{\"tls\":[{\"port\":443}]}", "tls[0].host: missing"},
    {"{\"tls\":[{\"host\":\"h\",\"port\":0}]}", "tls[0].port: must be between"},
    {"{\"cookies\":{\"consent\":{}}}", "\"target\" is required"},
    {"{\"target\":\"ftp://h\"}", "target: must be an http"},
    {"{\"target\":\"http://h\",\"cookies\":{\"pages\":[\"dossier\"],\"consent\":{}}}",
     "cookies.pages[0]: must start with"},
    {"{\"target\":\"http://h\",\"cookies\":{\"pages\":[\"/\",3],\"consent\":{}}}",
     "cookies.pages[1]: must be a string"},
    {"{\"target\":\"http://h\",\"cookies\":{}}", "\"consent\" is required"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{\"refuse\":{}}}}",
     "cookies.consent.refuse: needs \"click\""},
    {"{\"target\":\"http://h\",\"cookies\":{\"browser\":\"yes\",\"consent\":{}}}",
     "cookies.browser: must be a boolean"},
    {"{\"target\":\"http://h\",\"messages\":{\"triggers\":[{\"path\":\"/x\",\"headers\":[\"nocolon\"]}]}}",
     "messages.triggers[0].headers[0]"},
    {"{\"target\":\"http://h\",\"target\":\"http://i\"}", "scenario.json:1:"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"hosts\":{\"a.test\":\"8.8.8.8:443\"}}}",
     "cookies.hosts.a.test: address \"8.8.8.8:443\" must be a loopback"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"hosts\":{\"a.test\":{\"adress\":\"127.0.0.1:1\"}}}}",
     "cookies.hosts.a.test.adress: unknown key"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"steps\":[{\"fill\":{\"#n\":\"nam\"},\"submitt\":false}]}}",
     "cookies.steps[0].submitt: unknown key"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"steps\":[{\"fill\":{\"#n\":\"health\"}}]}}",
     "cookies.steps[0].fill.#n: must name an identity field"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"steps\":[{\"fill\":{\"#n\":\"dob\"}}]},"
     "\"identities\":[{\"nam\":\"GAGM 8562 3016\"}]}",
     "cookies.steps[0].fill.#n: identity 1 has no \"dob\""},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"steps\":[{\"page\":\"/f\"}]}}",
     "cookies.steps[0]: needs \"fill\""},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"steps\":[{\"fill\":{\"#n\":\"nam\"},\"submit\":true}]}}",
     "cookies.steps[0].submit: must be a CSS selector"},
    {"[1]", "a scenario is a JSON object"},
    {"{\"target\": ", "scenario.json:1:"},
};

Test(scenario, typos_and_bad_values_are_errors_naming_the_key_path)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vg_error err;
        vg_scenario *s = load(bad[i].json, &err);
        cr_expect_null(s, "accepted: %s", bad[i].json);
        vg_scenario_free(s);
        cr_expect(strstr(err.msg, bad[i].expect) != NULL, "%s\n  error: %s\n  wanted: %s",
                  bad[i].json, err.msg, bad[i].expect);
    }
}

Test(scenario, file_paths_resolve_against_the_scenario_directory)
{
    vg_error err;
    char dir[] = "/tmp/vg-scen-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/s.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"ca\": \"ca.pem\"}", f);
    fclose(f);
    vg_scenario *s = vg_scenario_load_file(path, &err);
    cr_assert_not_null(s, "%s", err.msg);
    char want[300];
    snprintf(want, sizeof want, "%s/ca.pem", dir);
    cr_expect_str_eq(s->ca, want);
    vg_scenario_free(s);
    unlink(path);
    rmdir(dir);

    cr_expect_null(vg_scenario_load_file("/nonexistent/s.json", &err));
    cr_expect(strstr(err.msg, "/nonexistent/s.json: cannot open") != NULL, "%s", err.msg);
}

/* "pages": [] means the default page, like an absent list; the empty array
 * once leaked the list it allocated (the ASan build's leak check sees it). */
Test(scenario, empty_lists_are_the_same_as_absent_ones)
{
    vg_error err;
    vg_scenario *s = load("{\"target\": \"https://127.0.0.1:8443\", \"cookies\": {"
                          "\"pages\": [], \"essential\": [], \"consent\": {\"refuse\": "
                          "{\"path\": \"/c\", \"headers\": []}}}}", &err);
    cr_assert_not_null(s, "%s", err.msg);
    cr_assert_eq(s->cookies.npages, 1);
    cr_expect_str_eq(s->cookies.pages[0], "/");
    cr_expect_eq(s->cookies.refuse.req.nheaders, 0);
    vg_scenario_free(s);
}

/* Probe results move to the scenario line that produced them, the URL
 * kept as their related location; a finding at a file stays put. */
Test(scenario, anchor_points_probe_results_at_their_scenario_line)
{
    static const char text[] =
        "{\n"                                                    /* 1 */
        "  \"target\": \"https://127.0.0.1:8443\",\n"            /* 2 */
        "  \"tls\": [ { \"host\": \"portail.test\" } ],\n"       /* 3 */
        "  \"cookies\": { \"pages\": [ \"/\",\n"                 /* 4 */
        "                           \"/dossier\" ],\n"           /* 5 */
        "    \"consent\": {} },\n"                               /* 6 */
        "  \"messages\": { \"smtp_listen\": \"127.0.0.1:2525\",\n" /* 7 */
        "                \"sms_listen\": \"127.0.0.1:8025\" }\n" /* 8 */
        "}\n";
    vg_error err;
    vg_scenario *s = load(text, &err);
    cr_assert_not_null(s, "%s", err.msg);
    struct { const char *uri; int line; } cases[] = {
        {"https://127.0.0.1:8443/dossier", 5},
        {"https://127.0.0.1:8443/?lang=fr", 4},
        {"https://127.0.0.1:8443", 2},            /* the endpoint, not the page "/" */
        {"https://portail.test:443", 3},
        {"smtp://127.0.0.1:2525", 7},
        {"http://127.0.0.1:8025/Messages.json", 8},
        {"https://elsewhere.test/x", 2},
    };
    vg_findings fs;
    vg_findings_init(&fs);
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++)
        cr_assert_not_null(vg_findings_add(&fs, "CK001", VG_LEVEL_NONE, cases[i].uri, 0, 0, "m"));
    cr_assert_not_null(vg_findings_add(&fs, "DSC004", VG_LEVEL_NONE, "src/a.c", 12, 3, "m"));
    cr_assert_eq(vg_scenario_anchor(s, &fs, 0), 0);
    for (size_t i = 0; i < n; i++) {
        cr_expect_str_eq(fs.items[i].loc.uri, "/srv/probe/scenario.json");
        cr_expect_eq(fs.items[i].loc.line, cases[i].line, "%s", cases[i].uri);
        cr_expect_str_eq(fs.items[i].related.uri, cases[i].uri);
    }
    cr_expect_str_eq(fs.items[n].loc.uri, "src/a.c");
    cr_expect_eq(fs.items[n].loc.line, 12);
    cr_expect_null(fs.items[n].related.uri);
    vg_findings_free(&fs);
    vg_scenario_free(s);
}

/* JSON nested far past jansson's parsing depth (2048): an error naming
 * the file, not a stack overflow. Generated here, 200,000 levels. */
Test(scenario, deeply_nested_json_is_an_error_not_a_crash)
{
    size_t n = 200000;
    char *s = malloc(2 * n + 32);
    size_t o = (size_t)sprintf(s, "{\"pages\":");
    memset(s + o, '[', n);
    memset(s + o + n, ']', n);
    strcpy(s + o + 2 * n, "}");
    vg_error err;
    vg_scenario *sc = load(s, &err);
    cr_expect_null(sc);
    cr_expect(strstr(err.msg, "scenario.json") != NULL, "%s", err.msg);
    free(s);
}

Test(scenario, browser_hosts_and_form_steps_load)
{
    vg_error err;
    vg_scenario *s = load(
        "{\"target\":\"https://127.0.0.1:8443\",\"cookies\":{\"consent\":{},"
        "\"hosts\":{\"collect.analytics.test\":{\"address\":\"127.0.0.1:9001\","
        "\"as\":\"www.google-analytics.com\"},\"cdn.test\":\"[::1]:9002\"},"
        "\"steps\":[{\"page\":\"/rendez-vous\",\"fill\":{\"#nam\":\"nam\",\"#ddn\":\"dob\"},"
        "\"submit\":false},{\"fill\":{\"#u\":\"username\"},\"identity\":1,\"submit\":\"#go\","
        "\"wait_ms\":0}]},"
        "\"identities\":[{\"nam\":\"GAGM 8562 3016\",\"dob\":\"1985-12-30\",\"username\":\"m\"}]}",
        &err);
    cr_assert_not_null(s, "%s", err.msg);
    const vg_scenario_cookies *k = &s->cookies;
    cr_assert_eq(k->nhosts, 2);
    cr_expect_str_eq(k->hosts[0].name, "collect.analytics.test");
    cr_expect_str_eq(k->hosts[0].address, "127.0.0.1:9001");
    cr_expect_str_eq(k->hosts[0].as, "www.google-analytics.com");
    cr_expect_null(k->hosts[1].as);
    cr_assert_eq(k->nsteps, 2);
    cr_expect_str_eq(k->steps[0].page, "/rendez-vous");
    cr_expect_null(k->steps[0].submit, "submit false: not submitted");
    cr_expect_eq(k->steps[0].nfill, 2);
    cr_expect_eq(k->steps[0].wait_ms, 1500);
    cr_expect_str_eq(k->steps[1].submit, "#go");
    cr_expect_eq(k->steps[1].wait_ms, 0);
    cr_expect_str_eq(vg_scenario_identity_field(&s->identities[0], k->steps[0].fill[1].field),
                     "1985-12-30");
    vg_scenario_free(s);
}

/* Every object of the scenario with an unknown key in it, and the page
 * that documents its keys. The error lists the keys allowed there, which
 * are exactly what the section's reader accepts. */
static const struct { const char *json, *page; } objects[] = {
    {"{\"zz_unknown\":1}", "docs/user-guide.md"},
    {"{\"identities\":[{\"zz_unknown\":1}]}", "docs/user-guide.md"},
    {"{\"tls\":[{\"host\":\"h\",\"zz_unknown\":1}]}", "docs/probe-tls.md"},
    {"{\"target\":\"http://h\",\"cookies\":{\"zz_unknown\":1}}", "docs/probe-cookies.md"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{\"zz_unknown\":{}}}}",
     "docs/probe-cookies.md"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{\"accept\":{\"zz_unknown\":1}}}}",
     "docs/probe-cookies.md"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"hosts\":{\"a.test\":"
     "{\"address\":\"127.0.0.1:1\",\"zz_unknown\":1}}}}", "docs/probe-cookies.md"},
    {"{\"target\":\"http://h\",\"cookies\":{\"consent\":{},\"steps\":[{\"fill\":{},"
     "\"zz_unknown\":1}]}}", "docs/probe-cookies.md"},
    {"{\"messages\":{\"zz_unknown\":1}}", "docs/probe-messages.md"},
    {"{\"messages\":{\"sms_fields\":{\"zz_unknown\":\"x\"}}}", "docs/probe-messages.md"},
    {"{\"target\":\"http://h\",\"messages\":{\"triggers\":[{\"path\":\"/\",\"zz_unknown\":1}]}}",
     "docs/probe-messages.md"},
    {"{\"target\":\"http://h\",\"logs\":{\"access\":\"a.log\",\"zz_unknown\":1}}",
     "docs/probe-logs.md"},
};

static char *source_file(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VG_SOURCE_DIR, rel);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

/* doc names key as code: `key`, or the last part of a path such as
 * `cookies.key` or `consent.accept/refuse`. */
static bool documents(const char *doc, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = strstr(doc, key); p; p = strstr(p + 1, key))
        if (p > doc && strchr("`./", p[-1]) && p[n] && strchr("`/", p[n]))
            return true;
    return false;
}

Test(scenario, every_key_a_section_accepts_is_documented_and_no_other_is_accepted)
{
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        vg_error err;
        vg_scenario *s = load(objects[i].json, &err);
        cr_expect_null(s, "an unknown key was accepted: %s", objects[i].json);
        vg_scenario_free(s);
        const char *list = strstr(err.msg, "unknown key (allowed here: ");
        cr_assert_not_null(list, "%s: %s", objects[i].json, err.msg);
        list += strlen("unknown key (allowed here: ");
        char *doc = source_file(objects[i].page);
        size_t nkeys = 0;
        while (*list && *list != ')') {
            size_t n = strcspn(list, ",)");
            char want[96];
            snprintf(want, sizeof want, "%.*s", (int)n, list);
            cr_expect(documents(doc, want), "%s does not document `%s` (keys of %s)",
                      objects[i].page, want, objects[i].json);
            nkeys++;
            list += n;
            while (*list == ',' || *list == ' ')
                list++;
        }
        cr_expect_gt(nkeys, 0, "%s", err.msg);
        free(doc);
    }
}
