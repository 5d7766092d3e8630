/*
 * Browser mode of the verdict rule (harness/vg_probe_verdict.h): pages
 * that the browser shows as HTTP errors are not pages checked. Chromium
 * against a libmicrohttpd server on a free loopback port; slow.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "vg_test_http.h"
#include "vg_test_run.h"

static vg_test_http *srv;

static void stop(void)
{
    vg_test_http_stop(srv);
    srv = NULL;
}

static int run_browser(int status, const char *odd, int odd_status, const char *pages,
                       json_t **inv)
{
    srv = vg_test_http_start(status, odd, odd_status);
    cr_assert_not_null(srv);
    char text[1024];
    snprintf(text, sizeof text, "{\"target\": \"http://127.0.0.1:%d\", \"cookies\": "
             "{\"browser\": true, \"pages\": %s, \"consent\": {"
             "\"accept\": {\"path\": \"/consent\", \"body\": \"c=all\"}, "
             "\"refuse\": {\"path\": \"/consent\", \"body\": \"c=none\"}, "
             "\"withdraw\": {\"path\": \"/consent\", \"body\": \"c=off\"}}}}",
             vg_test_http_port(srv), pages);
    char *sc = vg_test_write_temp("scenario.json", text, strlen(text));
    char out[1024];
    snprintf(out, sizeof out, "%s.sarif", sc);
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", sc, "-o", out, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 240, &r), 0);
    int st = r.status;
    cr_log_info("stderr: %s", r.err);
    vg_run_free(&r);
    json_t *doc = json_load_file(out, 0, NULL);
    cr_assert_not_null(doc, "no SARIF (exit %d)", st);
    *inv = json_incref(json_array_get(json_object_get(json_array_get(
        json_object_get(doc, "runs"), 0), "invocations"), 0));
    json_decref(doc);
    free(sc);
    return st;
}

TestSuite(verdict_browser, .timeout = 300);

Test(verdict_browser, pages_the_browser_shows_as_404_are_not_a_pass, .fini = stop)
{
    json_t *inv;
    int st = run_browser(404, NULL, 0, "[\"/a\", \"/b\"]", &inv);
    cr_expect_eq(st, 2);
    cr_expect(json_is_false(json_object_get(inv, "executionSuccessful")));
    char *notes = json_dumps(json_object_get(inv, "toolExecutionNotifications"), 0);
    cr_expect(strstr(notes, "visit /a answered HTTP 404"), "%s", notes);
    cr_expect(strstr(notes, "18 of 18 cookie page and step requests failed"), "%s", notes);
    free(notes);
    json_decref(inv);
}

Test(verdict_browser, pages_that_load_are_judged, .fini = stop)
{
    json_t *inv;
    int st = run_browser(200, "/b", 404, "[\"/a\", \"/b\"]", &inv);
    cr_expect_neq(st, 2, "5 of 18 failed is no majority");
    cr_expect(json_is_true(json_object_get(inv, "executionSuccessful")));
    json_decref(inv);
}
