/*
 * The access-log probe (vigie probe logs) against real nginx on loopback:
 * a log format that keeps the cookie, Authorization, the body and the
 * query string is found line by line, masked; the policy's format yields
 * nothing. A log command printing far more than logs.max_bytes, or one
 * endless line, is read within its bounds. The scenario keys are strict,
 * and the format's escapes are undone before looking.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_probe_logs.h"
#include "vg_scenario.h"
#include "vg_test_http.h"
#include "vg_test_nginx.h"
#include "vg_test_run.h"
#include "vg_test_sarif.h"

static vg_test_nginx ng;
static vg_test_http *srv;

static void stop(void)
{
    vg_test_nginx_cleanup(&ng);
    vg_test_http_stop(srv);
    srv = NULL;
}

static const char identity[] =
    "\"identities\": [{\"name\": \"Marie Gagnon\", \"nam\": \"GAGM 8562 3016\", "
    "\"dob\": \"1985-12-30\", \"email\": \"marie@example.test\", "
    "\"username\": \"mgagnon\", \"password\": \"Xk9!pQ2m\"}]";

/* nginx proxying to a second server block (so the body is read and
 * $request_body set), logging with `format`. */
static void start_nginx(const char *format)
{
    int back = vg_test_free_port();
    char conf[4096], err[4096];
    snprintf(conf, sizeof conf,
             "log_format probe '%s';\n"
             "server { listen 127.0.0.1:%d; location / { return 200 \"ok\\n\"; } }\n"
             "server { listen @LISTEN@; access_log @DIR@/access.log probe;\n"
             "  location / { proxy_pass http://127.0.0.1:%d; } }\n",
             format, back, back);
    cr_assert_eq(vg_test_nginx_start(&ng, conf, err, sizeof err), 0, "%s", err);
}

typedef struct outcome {
    int status;
    json_t *results;     /* owned */
    char *notices;       /* one a line */
    char *sarif;         /* the whole log, to check what it does not say */
    char *err;
} outcome;

static outcome probe(const char *scenario_text)
{
    char *sc = vg_test_write_temp("scenario.json", scenario_text, strlen(scenario_text));
    cr_assert_not_null(sc);
    char out[1100];
    snprintf(out, sizeof out, "%s.sarif", sc);
    char *argv[] = {VIGIE_BIN, "probe", "logs", "--scenario", sc, "-o", out, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    outcome o = {.status = r.status, .err = strdup(r.err)};
    vg_run_free(&r);
    char *errors = NULL;
    cr_expect_eq(vg_test_sarif_validate(out, &errors), 0, "%s: %s", out, errors ? errors : "");
    free(errors);
    json_t *doc = json_load_file(out, 0, NULL);
    cr_assert_not_null(doc, "no SARIF; stderr: %s", o.err);
    o.sarif = json_dumps(doc, 0);
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    o.results = json_incref(json_object_get(run, "results"));
    json_t *notes = json_object_get(json_array_get(json_object_get(run, "invocations"), 0),
                                    "toolExecutionNotifications");
    size_t cap = 1, i;
    json_t *n;
    json_array_foreach(notes, i, n)
        cap += strlen(json_string_value(json_object_get(json_object_get(n, "message"), "text")))
               + 12;
    o.notices = calloc(1, cap);
    json_array_foreach(notes, i, n) {
        strcat(o.notices, json_string_value(json_object_get(n, "level")));
        strcat(o.notices, ": ");
        strcat(o.notices, json_string_value(json_object_get(json_object_get(n, "message"),
                                                            "text")));
        strcat(o.notices, "\n");
    }
    json_decref(doc);
    free(sc);
    return o;
}

static void outcome_free(outcome *o)
{
    json_decref(o->results);
    free(o->notices);
    free(o->sarif);
    free(o->err);
}

/* The result of `rule` whose message contains `text`, or NULL. */
static json_t *result(const outcome *o, const char *rule, const char *text)
{
    size_t i;
    json_t *r;
    json_array_foreach(o->results, i, r) {
        const char *m = json_string_value(json_object_get(json_object_get(r, "message"), "text"));
        if (strcmp(json_string_value(json_object_get(r, "ruleId")), rule) == 0 && m &&
            strstr(m, text))
            return r;
    }
    return NULL;
}

static int result_line(json_t *r)
{
    json_t *region = json_object_get(json_object_get(json_array_get(
        json_object_get(r, "locations"), 0), "physicalLocation"), "region");
    return (int)json_integer_value(json_object_get(region, "startLine"));
}

Test(logs, leaky_nginx_format_is_found_line_by_line_and_masked, .fini = stop)
{
    start_nginx("$remote_addr [$time_local] \"$request\" $status \"$http_cookie\" "
                "\"$http_authorization\" \"$request_body\"");
    /* lines already there are not the probe's: they are counted, not read */
    char log[400], text[2048];
    snprintf(log, sizeof log, "%s/access.log", ng.dir);
    FILE *f = fopen(log, "a");
    cr_assert_not_null(f);
    fputs("127.0.0.1 - old line one\n127.0.0.1 - old line two, vigie_probe=vgck0\n", f);
    fclose(f);
    snprintf(text, sizeof text,
             "{\"target\": \"http://127.0.0.1:%d\", \"logs\": {\"access\": \"%s\", "
             "\"format\": \"combined\", \"pages\": [\"/\", \"/dossier\"], \"wait_ms\": 300}, "
             "%s}", ng.port, log, identity);
    outcome o = probe(text);
    cr_expect_eq(o.status, 1, "findings: exit 1; stderr: %s", o.err);
    json_t *ck = result(&o, "LOG001", "keeps the cookie the probe sent");
    cr_assert_not_null(ck, "%s", o.sarif);
    cr_expect_eq(result_line(ck), 3, "the first new line is line 3 of the file");
    cr_expect_not_null(result(&o, "LOG001", "keeps the request body"));
    json_t *nam = result(&o, "LOG001", "health insurance number of test identity #1");
    cr_expect_not_null(nam, "%s", o.sarif);
    cr_expect_not_null(result(&o, "LOG001", "date of birth of test identity #1"));
    cr_expect_not_null(result(&o, "CRD004", "keeps the password of test identity #1"));
    cr_expect_not_null(result(&o, "CRD004", "Basic credentials of test identity #1"));
    /* 2 pages x GET + POST: the value was in 4 lines, each kept in props */
    json_t *lines = json_object_get(json_object_get(ck, "properties"), "lines");
    cr_expect_eq(json_array_size(lines), 4, "%s", o.sarif);
    cr_expect_null(strstr(o.sarif, "GAGM 8562 3016"), "NAM masked");
    cr_expect_null(strstr(o.sarif, "Xk9!pQ2m"), "password masked");
    cr_expect_null(strstr(o.sarif, "bWdhZ25vbjpYazkhcFEybQ"), "Basic credentials masked");
    cr_expect(strstr(o.notices, "note: read 4 line(s)"), "%s", o.notices);
    outcome_free(&o);
}

Test(logs, policy_format_yields_nothing, .fini = stop)
{
    /* the LOG001 rule's compliant format: path without query, no headers */
    start_nginx("$remote_addr [$time_local] \"$request_method $uri\" $status \"$http_referer\"");
    char log[400], text[2048];
    snprintf(log, sizeof log, "%s/access.log", ng.dir);
    snprintf(text, sizeof text,
             "{\"target\": \"http://127.0.0.1:%d\", \"logs\": {\"access\": \"%s\", "
             "\"wait_ms\": 300}, %s}", ng.port, log, identity);
    outcome o = probe(text);
    cr_expect_eq(o.status, 0, "stderr: %s; %s", o.err, o.sarif);
    cr_expect_eq(json_array_size(o.results), 0, "%s", o.sarif);
    cr_expect(strstr(o.notices, "note: read 2 line(s)"), "the log was read: %s", o.notices);
    outcome_free(&o);
}

Test(logs, a_log_that_gains_nothing_judged_nothing, .fini = stop)
{
    srv = vg_test_http_start(200, NULL, 0);
    cr_assert_not_null(srv);
    char *log = vg_test_write_temp("access.log", "", 0);
    char text[2048];
    snprintf(text, sizeof text,
             "{\"target\": \"http://127.0.0.1:%d\", \"logs\": {\"access\": \"%s\", "
             "\"wait_ms\": 0}}", vg_test_http_port(srv), log);
    outcome o = probe(text);
    cr_expect_eq(o.status, 2, "nothing checked is no pass; stderr: %s", o.err);
    cr_expect(strstr(o.notices, "error: access log"), "%s", o.notices);
    cr_expect(strstr(o.notices, "gained no line during the probe"), "%s", o.notices);
    cr_expect(strstr(o.sarif, "\"executionSuccessful\":false") ||
                  strstr(o.sarif, "\"executionSuccessful\": false"),
              "the log says the run did not succeed: %.2000s", o.sarif);
    outcome_free(&o);
    free(log);
}

Test(logs, command_output_is_read_within_max_bytes, .fini = stop)
{
    srv = vg_test_http_start(200, NULL, 0);
    cr_assert_not_null(srv);
    char text[2048];
    /* 2 GB on offer, 1 MiB read: the command is stopped, memory stays flat */
    snprintf(text, sizeof text,
             "{\"target\": \"http://127.0.0.1:%d\", \"logs\": {\"command\": "
             "\"yes 127.0.0.1 GET / 200 | head -c 2000000000\", \"max_bytes\": 1048576, "
             "\"wait_ms\": 0}}", vg_test_http_port(srv));
    outcome o = probe(text);
    cr_expect_eq(o.status, 0, "stderr: %s", o.err);
    cr_expect(strstr(o.notices, "printed more than 1048576 bytes"), "%s", o.notices);
    outcome_free(&o);
}

Test(logs, one_endless_line_is_checked_on_its_start, .fini = stop)
{
    srv = vg_test_http_start(200, NULL, 0);
    cr_assert_not_null(srv);
    char text[2048];
    snprintf(text, sizeof text,
             "{\"target\": \"http://127.0.0.1:%d\", \"logs\": {\"command\": "
             "\"head -c 300000 /dev/zero | tr '\\\\0' a; echo; echo "
             "cookie=$VIGIE_LOG_SINCE\", \"wait_ms\": 0}}", vg_test_http_port(srv));
    outcome o = probe(text);
    cr_expect_eq(o.status, 0, "stderr: %s", o.err);
    cr_expect(strstr(o.notices, "1 line(s) longer than 65536 bytes"), "%s", o.notices);
    cr_expect(strstr(o.notices, "note: read 2 line(s)"), "%s", o.notices);
    outcome_free(&o);
}

Test(logs, scenario_keys_are_strict)
{
    static const struct {
        const char *json, *error;
    } bad[] = {
        {"{\"target\":\"http://h\",\"logs\":{\"acces\":\"/l\"}}", "logs.acces: unknown key"},
        {"{\"target\":\"http://h\",\"logs\":{\"access\":\"/l\",\"command\":\"c\"}}",
         "exactly one of"},
        {"{\"target\":\"http://h\",\"logs\":{}}", "exactly one of"},
        {"{\"target\":\"http://h\",\"logs\":{\"access\":\"/l\",\"format\":\"apache\"}}",
         "logs.format: must be"},
        {"{\"target\":\"http://h\",\"logs\":{\"access\":\"/l\",\"pages\":[\"x\"]}}",
         "logs.pages[0]"},
        {"{\"logs\":{\"access\":\"/l\"}}", "\"target\" is required by the \"logs\""},
        {"{\"target\":\"http://h\",\"messages\":{\"sms_listen\":\"127.0.0.1:0\","
         "\"voice_host\":[]}}", "messages.voice_host: unknown key"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vg_error err = {0};
        vg_scenario *s = vg_scenario_load_buffer(bad[i].json, strlen(bad[i].json), "s.json",
                                                 &err);
        cr_expect_null(s, "%s accepted", bad[i].json);
        vg_scenario_free(s);
        cr_expect(strstr(err.msg, bad[i].error), "%s: %s", bad[i].json, err.msg);
    }
    const char *ok = "{\"target\":\"http://h\",\"logs\":{\"access\":\"access.log\"}}";
    vg_error err = {0};
    vg_scenario *s = vg_scenario_load_buffer(ok, strlen(ok), "/srv/probe/s.json", &err);
    cr_assert_not_null(s, "%s", err.msg);
    cr_expect_str_eq(s->logs.access, "/srv/probe/access.log", "relative to the scenario");
    cr_expect_str_eq(s->logs.format, "combined");
    cr_expect_eq(s->logs.npages, 1);
    cr_expect_eq(s->logs.max_bytes, 16 << 20);
    vg_scenario_free(s);
}

Test(logs, format_escapes_are_undone)
{
    char out[256];
    const char *nginx = "\"GET /?n=Ren\\xC3\\xA9e HTTP/1.1\" \"a=\\x22b\\x22\"";
    vg_probe_logs_unescape("combined", nginx, strlen(nginx), out, sizeof out);
    cr_expect_str_eq(out, "\"GET /?n=Renée HTTP/1.1\" \"a=\"b\"\"");
    const char *json = "{\"c\":\"vigie_probe=x\\u00e9\\\"\\ud83d\\ude00\"}";
    vg_probe_logs_unescape("json", json, strlen(json), out, sizeof out);
    cr_expect_str_eq(out, "{\"c\":\"vigie_probe=xé\"\xF0\x9F\x98\x80\"}");
    vg_probe_logs_unescape("raw", nginx, strlen(nginx), out, sizeof out);
    cr_expect_str_eq(out, nginx);
    /* truncated escapes and a small buffer: no overrun */
    const char *cut = "ab\\x4";
    size_t n = vg_probe_logs_unescape("combined", cut, strlen(cut), out, 4);
    cr_expect_eq(n, 3);
    cr_expect_str_eq(out, "ab\\");
}
