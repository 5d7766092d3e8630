/*
 * A probe that judged nothing is no pass (harness/vg_probe_verdict.h):
 * most requests failing, no TLS handshake, no message arriving, for every
 * probe and for `probe all`, exit 2 and a SARIF log that says
 * executionSuccessful: false, with an error notice saying why. And a run
 * where only some requests fail is still judged. Servers: libmicrohttpd
 * on free loopback ports, stopped by each test.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_test_http.h"
#include "vg_test_run.h"
#include "vg_test_sarif.h"

static vg_test_http *srv;

static void stop(void)
{
    vg_test_http_stop(srv);
    srv = NULL;
}

static char *scenario(const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char *p = vg_test_write_temp("scenario.json", text, strlen(text));
    cr_assert_not_null(p);
    return p;
}

typedef struct outcome {
    int status;
    int success;         /* executionSuccessful: 1, 0, -1 absent */
    char *notices;       /* every notification text, one a line (owned) */
    char *err;
} outcome;

/* Run vigie ARGS... -o OUT (a .sarif next to `near`), validate and read it. */
static outcome probe(const char *near, const char *first, ...)
{
    char out[1024];
    snprintf(out, sizeof out, "%s.%d.sarif", near, rand());
    char *argv[24] = {VIGIE_BIN};
    int n = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 20; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n++] = "-o";
    argv[n++] = out;
    argv[n] = NULL;
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    outcome o = {.status = r.status, .success = -1, .err = strdup(r.err)};
    vg_run_free(&r);
    char *errors = NULL;
    cr_expect_eq(vg_test_sarif_validate(out, &errors), 0, "%s: %s", out, errors ? errors : "");
    free(errors);
    json_t *doc = json_load_file(out, 0, NULL);
    cr_assert_not_null(doc, "no SARIF written; stderr: %s", o.err);
    json_t *inv = json_array_get(json_object_get(json_array_get(json_object_get(doc, "runs"),
                                                                0), "invocations"), 0);
    json_t *ok = json_object_get(inv, "executionSuccessful");
    o.success = json_is_boolean(ok) ? json_is_true(ok) : -1;
    size_t cap = 1, i;
    json_t *note;
    json_t *notes = json_object_get(inv, "toolExecutionNotifications");
    json_array_foreach(notes, i, note)
        cap += strlen(json_string_value(json_object_get(json_object_get(note, "message"),
                                                        "text"))) + 10;
    o.notices = calloc(1, cap);
    json_array_foreach(notes, i, note) {
        strcat(o.notices, json_string_value(json_object_get(note, "level")));
        strcat(o.notices, ": ");
        strcat(o.notices, json_string_value(json_object_get(json_object_get(note, "message"),
                                                            "text")));
        strcat(o.notices, "\n");
    }
    json_decref(doc);
    return o;
}

static void outcome_free(outcome *o)
{
    free(o->notices);
    free(o->err);
}

static const char consent[] =
    "\"consent\": {\"accept\": {\"path\": \"/consent\", \"body\": \"c=all\"},"
    " \"refuse\": {\"path\": \"/consent\", \"body\": \"c=none\"},"
    " \"withdraw\": {\"path\": \"/consent\", \"body\": \"c=withdraw\"}}";

Test(verdict, cookies_over_http_answered_400_everywhere_is_not_a_pass, .fini = stop)
{
    /* what http:// at a TLS port looks like: every request answers 400;
     * two pages: 14 requests over the four phases */
    srv = vg_test_http_start(400, NULL, 0);
    cr_assert_not_null(srv);
    char *sc = scenario("{\"target\": \"http://127.0.0.1:%d\", \"cookies\": {\"pages\": "
                        "[\"/\", \"/dossier\"], %s}}", vg_test_http_port(srv), consent);
    outcome o = probe(sc, "probe", "cookies", "--scenario", sc, NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0, "executionSuccessful must be false");
    cr_expect(strstr(o.notices, "error: 14 of 14 cookie page and step requests failed"),
              "%s", o.notices);
    cr_expect(strstr(o.err, "nothing was judged"), "%s", o.err);
    cr_expect_eq(vg_test_http_requests(srv), 14, "the requests reached the server: %u",
                 vg_test_http_requests(srv));
    outcome_free(&o);
    free(sc);
}

Test(verdict, cookies_with_one_page_of_two_failing_is_still_judged, .fini = stop)
{
    srv = vg_test_http_start(200, "/absent", 404);
    cr_assert_not_null(srv);
    char *sc = scenario("{\"target\": \"http://127.0.0.1:%d\", \"cookies\": {\"pages\": "
                        "[\"/\", \"/absent\"], %s}}", vg_test_http_port(srv), consent);
    outcome o = probe(sc, "probe", "cookies", "--scenario", sc, NULL);
    cr_expect_neq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 1);
    cr_expect(strstr(o.notices, "GET /absent answered HTTP 404"), "%s", o.notices);
    cr_expect_null(strstr(o.notices, "nothing was judged"), "%s", o.notices);
    outcome_free(&o);
    free(sc);
}

Test(verdict, messages_whose_triggers_fail_are_not_a_pass, .fini = stop)
{
    srv = vg_test_http_start(500, NULL, 0);
    cr_assert_not_null(srv);
    char *sc = scenario("{\"target\": \"http://127.0.0.1:%d\", \"messages\": {\"smtp_listen\": "
                        "\"127.0.0.1:0\", \"triggers\": [{\"path\": \"/oubli\", \"body\": "
                        "\"u=a\"}, {\"path\": \"/inscription\", \"body\": \"u=b\"}], "
                        "\"wait_ms\": 100}}", vg_test_http_port(srv));
    outcome o = probe(sc, "probe", "messages", "--scenario", sc, NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0);
    cr_expect(strstr(o.notices, "error: 2 of 2 message triggers failed"), "%s", o.notices);
    outcome_free(&o);
    free(sc);
}

Test(verdict, messages_when_nothing_arrives_are_not_a_pass, .fini = stop)
{
    srv = vg_test_http_start(200, NULL, 0);
    cr_assert_not_null(srv);
    char *sc = scenario("{\"target\": \"http://127.0.0.1:%d\", \"messages\": {\"smtp_listen\": "
                        "\"127.0.0.1:0\", \"triggers\": [{\"path\": \"/oubli\", \"body\": "
                        "\"u=a\"}], \"wait_ms\": 100}}", vg_test_http_port(srv));
    outcome o = probe(sc, "probe", "messages", "--scenario", sc, NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0);
    cr_expect(strstr(o.notices, "error: no email or SMS arrived"), "%s", o.notices);
    outcome_free(&o);
    free(sc);
}

Test(verdict, an_empty_mailbox_offline_is_not_a_pass)
{
    char *mbox = vg_test_write_temp("empty.mbox", "", 0);
    outcome o = probe(mbox, "probe", "messages", "--mbox", mbox, NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0);
    cr_expect(strstr(o.notices, "no message found"), "%s", o.notices);
    outcome_free(&o);
    free(mbox);
}

Test(verdict, tls_at_a_plain_http_port_says_so_in_the_log_too, .fini = stop)
{
    srv = vg_test_http_start(200, NULL, 0);
    cr_assert_not_null(srv);
    char target[64];
    snprintf(target, sizeof target, "127.0.0.1:%d", vg_test_http_port(srv));
    char *near = vg_test_write_temp("tls", "", 0);
    outcome o = probe(near, "probe", "tls", target, "--timeout", "3000", NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0, "the log said success while the exit said 2");
    cr_expect(strstr(o.err, "completed no TLS handshake"), "%s", o.err);
    outcome_free(&o);
    free(near);
}

Test(verdict, probe_all_and_a_merge_of_it_are_not_a_pass, .fini = stop)
{
    srv = vg_test_http_start(400, NULL, 0);
    cr_assert_not_null(srv);
    char *sc = scenario("{\"target\": \"http://127.0.0.1:%d\", \"cookies\": {\"pages\": "
                        "[\"/\"], %s}}", vg_test_http_port(srv), consent);
    char out[1024];
    snprintf(out, sizeof out, "%s.all.sarif", sc);
    char *argv[] = {VIGIE_BIN, "probe", "all", "--scenario", sc, "-o", out, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    cr_expect_eq(r.status, 2, "stderr: %s", r.err);
    vg_run_free(&r);
    json_t *doc = json_load_file(out, 0, NULL);
    cr_assert_not_null(doc);
    json_t *inv = json_array_get(json_object_get(json_array_get(json_object_get(doc, "runs"),
                                                                0), "invocations"), 0);
    cr_expect(json_is_false(json_object_get(inv, "executionSuccessful")));
    json_decref(doc);

    /* merged with nothing else, the incomplete run stays incomplete */
    outcome o = probe(out, "report", "merge", out, NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0);
    cr_expect(strstr(o.err, "did not complete"), "%s", o.err);
    outcome_free(&o);
    free(sc);
}

/* Nothing listens on loopback port 1: the probes cannot connect. The log is
 * written all the same, so CI never uploads a stale report, or none. */
Test(verdict, connection_refused_still_writes_a_log_that_says_so)
{
    char *sc = scenario("{\"target\": \"http://127.0.0.1:1\", \"cookies\": {\"pages\": "
                        "[\"/\"], %s}}", consent);
    outcome o = probe(sc, "probe", "cookies", "--scenario", sc, "--timeout", "5", NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0);
    cr_expect(strstr(o.notices, "error: ") && strstr(o.notices, "127.0.0.1:1"), "%s",
              o.notices);
    cr_expect(strstr(o.err, "http://127.0.0.1:1/"), "%s", o.err);
    outcome_free(&o);
    o = probe(sc, "probe", "tls", "127.0.0.1:1", "--timeout", "3000", NULL);
    cr_expect_eq(o.status, 2, "stderr: %s", o.err);
    cr_expect_eq(o.success, 0);
    cr_expect(strstr(o.notices, "error: "), "%s", o.notices);
    outcome_free(&o);
    free(sc);
}
