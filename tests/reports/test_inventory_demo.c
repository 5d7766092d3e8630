/* The inventory of the demo as scripts/demo makes it: the clinic fixture
 * scanned, then started in planted mode behind real nginx with TLS and
 * probed by `vigie probe all` (TLS, cookies in real Chromium with its
 * third parties on loopback, mail, SMS and the voice reminder on vigie's
 * captures, the nginx access log). The inventory must list every
 * category the fixture processes and every destination it sends them to,
 * as the fixture documents them:
 *   fixtures/clinic/clinic_mail.c   P1-P5 (mail, SMS), P6 (voice reminder)
 *   fixtures/clinic/clinic_pages.c  cookies, the analytics beacon, the
 *                                   session replay of what is typed
 *   fixtures/clinic/README.md       the access log keeps the Cookie header
 *   fixtures/clinic/clinic.c        users[] (a hard-coded NAM)
 * Label "slow": real servers and a browser. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cookies_fixture.h"
#include "vg_test_run.h"

static ck_fixture fx;

static void stop(void)
{
    ck_fixture_stop(&fx);
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    socklen_t l = sizeof sa;
    cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    getsockname(fd, (struct sockaddr *)&sa, &l);
    close(fd);
    return ntohs(sa.sin_port);
}

static const char *at(const char *name)
{
    return vg_test_path(fx.dir, name);
}

/* Run vigie; fails the test unless it exits with one of 0 and 1. */
static void vigie(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    vg_run r;
    cr_assert_eq(vg_run_vargs(&r, 600, VIGIE_BIN, first, ap), 0);
    va_end(ap);
    cr_assert(r.status == 0 || r.status == 1, "vigie %s: exit %d: %s", first, r.status, r.err);
    vg_run_free(&r);
}

/* The fixture's own scenario (cookies, logs, identities) plus the
 * messages section the demo adds: its captures and the three triggers. */
static void demo_scenario(int smtp, int sms)
{
    json_error_t je;
    json_t *sc = json_load_file(fx.scenario, 0, &je);
    cr_assert_not_null(sc, "%s: %s", fx.scenario, je.text);
    char s[32], m[32];
    snprintf(s, sizeof s, "127.0.0.1:%d", smtp);
    snprintf(m, sizeof m, "127.0.0.1:%d", sms);
    json_t *msg = json_pack(
        "{s:s, s:s, s:[{s:s,s:s,s:s},{s:s,s:s,s:s},{s:s,s:s,s:s}], s:i}", "smtp_listen", s,
        "sms_listen", m, "triggers", "method", "POST", "path", "/inscription", "body",
        "user=mgagnon", "method", "POST", "path", "/mot-de-passe-oublie", "body", "user=mgagnon",
        "method", "POST", "path", "/rappel", "body", "user=mgagnon", "wait_ms", 2000);
    cr_assert_not_null(msg);
    json_object_set_new(sc, "messages", msg);
    /* the test identity's SIN too (the design's identity; P1 sends it) */
    json_object_set_new(json_array_get(json_object_get(sc, "identities"), 0), "sin",
                        json_string("565 632 122"));
    cr_assert_eq(json_dump_file(sc, at("demo-scenario.json"), JSON_INDENT(2)), 0);
    json_decref(sc);
}

static json_t *group(json_t *m, const char *id)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(m, "categories"), i, g)
        if (strcmp(json_string_value(json_object_get(g, "id")), id) == 0)
            return g;
    cr_assert_fail("no group %s", id);
    return NULL;
}

/* Some destination of g is dest with that status and rule, and a clause. */
static bool goes(json_t *g, const char *dest, const char *status, const char *rule)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(g, "destinations"), i, d)
        if (!strcmp(json_string_value(json_object_get(d, "destination")), dest) &&
            !strcmp(json_string_value(json_object_get(d, "status")), status) &&
            !strcmp(json_string_value(json_object_get(d, "rule")), rule) &&
            *json_string_value(json_object_get(d, "clause")))
            return true;
    return false;
}

/* ... and its "what" (the finding's text) contains needle. */
static bool goes_with(json_t *g, const char *dest, const char *rule, const char *needle)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(g, "destinations"), i, d)
        if (!strcmp(json_string_value(json_object_get(d, "destination")), dest) &&
            !strcmp(json_string_value(json_object_get(d, "rule")), rule) &&
            strstr(json_string_value(json_object_get(d, "what")), needle))
            return true;
    return false;
}

TestSuite(inventory_demo, .fini = stop, .timeout = 900);

Test(inventory_demo, lists_every_category_and_destination_the_planted_clinic_has)
{
    int smtp = free_port(), sms = free_port();
    char env[160];
    snprintf(env, sizeof env, "127.0.0.1:%d", smtp);
    setenv("CLINIC_SMTP", env, 1);
    snprintf(env, sizeof env, "http://127.0.0.1:%d/2010-04-01/Accounts/ACdemo/Messages.json", sms);
    setenv("CLINIC_SMS_URL", env, 1);
    char err[1024];
    if (ck_fixture_start(&fx, "planted", err, sizeof err))
        cr_assert_fail("clinic fixture: %s", err);
    demo_scenario(smtp, sms);
    vigie("scan", "-q", "-p", VG_BINARY_DIR, "--fail-on", "none", "-o", at("scan.sarif"),
          VG_SOURCE_DIR "/fixtures/clinic", VG_SOURCE_DIR "/fixtures/sample", NULL);
    vigie("probe", "all", "-q", "--fail-on", "none", "-o", at("probe.sarif"), "--scenario",
          at("demo-scenario.json"), NULL);
    vigie("report", "merge", "-q", "--fail-on", "none", "-o", at("demo.sarif"), at("scan.sarif"),
          at("probe.sarif"), NULL);
    vigie("report", "inventory", "-q", "--lang", "en", "-f", "json", "-o", at("inv.json"),
          at("demo.sarif"), NULL);
    json_error_t je;
    json_t *m = json_load_file(at("inv.json"), 0, &je);
    cr_assert_not_null(m, "inv.json: %s", je.text);

    json_t *nam = group(m, "nam"), *sin = group(m, "sin"), *dob = group(m, "dob"),
           *cred = group(m, "credentials"), *contact = group(m, "contact"),
           *name = group(m, "name"), *health = group(m, "health");
    /* NAM: hard-coded in users[], by mail (P1) and SMS (P3), in the
     * session cookie, in the analytics beacon's URL, in what is typed
     * into the appointment form (replayed before submission), and in the
     * access log (the probe's marked requests carry it) */
    cr_expect(goes(nam, "file", "not-compliant", "DSC004"));
    cr_expect(goes(nam, "email", "not-compliant", "MSG001"), "P1");
    cr_expect(goes(nam, "sms", "not-compliant", "MSG002"), "P3");
    cr_expect(goes_with(nam, "cookie", "CK003", "SESSIONID"), "the planted session cookie");
    cr_expect(goes_with(nam, "http", "DSC001", "collect.analytics.test"), "the beacon");
    cr_expect(goes_with(nam, "http", "DSC001", "rec.replay.test"), "the replay of typing");
    cr_expect(goes(nam, "log", "not-compliant", "LOG001"), "the access log");
    /* SIN: hard-coded, and by mail (P1) */
    cr_expect(goes(sin, "file", "not-compliant", "DSC004"));
    cr_expect(goes(sin, "email", "not-compliant", "MSG001"), "P1");
    /* date of birth: by mail (P1), spoken in the reminder call (P6), typed
     * and replayed to the third party, kept by the recorder in
     * localStorage */
    cr_expect(goes(dob, "email", "not-compliant", "MSG001"), "P1");
    cr_expect(goes(dob, "voice", "not-compliant", "MSG003"), "P6, the voice reminder");
    cr_expect(goes_with(dob, "http", "DSC001", "rec.replay.test"), "the replay of typing");
    cr_expect(goes_with(dob, "cookie", "CK003", "localStorage _hjSession_123"));
    /* credentials: the compliant procedure's temporary password to the
     * user's own address; together (P2), to a shared box (P2), both to
     * one address (P4 + P5); and in the access log */
    cr_expect(goes(cred, "email", "compliant", "MSG001"));
    cr_expect(goes(cred, "email", "not-compliant", "CRD001"), "P2");
    cr_expect(goes(cred, "email", "not-compliant", "CRD003"), "P2");
    cr_expect(goes(cred, "email", "not-compliant", "CRD002"), "P4 + P5");
    cr_expect(goes(cred, "log", "not-compliant", "LOG001"), "the access log");
    /* contact data: the recipients of the mail and the SMS (allowed) */
    cr_expect(goes(contact, "email", "compliant", "MSG001"));
    cr_expect(goes(contact, "sms", "compliant", "MSG002"));
    /* names and identifiers of the person: greeted by name in P1 and in
     * the reminder call (to review), the trackers' visitor identifiers */
    cr_expect(goes(name, "email", "to-review", "MSG001"), "P1's greeting");
    cr_expect(goes(name, "voice", "to-review", "MSG003"), "the call speaks the name");
    cr_expect(goes_with(name, "cookie", "CK003", "_ga"), "_ga, a unique identifier");
    cr_expect(goes_with(name, "cookie", "CK003", "_hjSessionUser_123"));
    /* the clinic processes no health data */
    cr_expect(json_is_false(json_object_get(health, "found")));

    /* every destination the fixture sends personal information to */
    const char *dests[] = {"file", "email", "sms", "voice", "cookie", "http", "log"};
    for (size_t k = 0; k < sizeof dests / sizeof dests[0]; k++) {
        bool any = false;
        size_t i, j;
        json_t *g, *d;
        json_array_foreach(json_object_get(m, "categories"), i, g)
            json_array_foreach(json_object_get(g, "destinations"), j, d)
                any |= !strcmp(json_string_value(json_object_get(d, "destination")), dests[k]);
        cr_expect(any, "no destination %s in the inventory", dests[k]);
    }
    /* and nothing in clear */
    char *text = vg_test_slurp(at("inv.json"), NULL);
    cr_assert_not_null(text);
    const char *raw[] = {"GAGM 8562 3016", "GAGM85623016", "565 632 122", "1985-12-30",
                         "Marie Gagnon", "marie@example.test"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        cr_expect_null(strstr(text, raw[i]), "the inventory shows '%s'", raw[i]);
    free(text);
    json_decref(m);
}
