/*
 * End to end: the clinic fixture behind real nginx+TLS (run-fixture)
 * sends real SMTP mail and HTTP SMS to `vigie probe messages --scenario`,
 * whose triggers go through HTTPS, and places a voice call (Twilio's
 * Calls.json) on the same capture. Compliant mode must yield nothing;
 * planted mode exactly the violations clinic_mail.c plants. The same
 * fixture's nginx access log is read by `vigie probe logs`: planted mode
 * logs the cookies, compliant mode keeps only the policy's list.
 * Label "slow": real servers.
 */
#include <criterion/criterion.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

static pid_t fixture = -1;
static char dir[64];

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

static void stop_fixture(void)
{
    if (fixture > 0) {
        kill(-fixture, SIGTERM);
        int st;
        for (int i = 0; i < 50 && waitpid(fixture, &st, WNOHANG) == 0; i++)
            usleep(100000);
        kill(-fixture, SIGKILL);
        waitpid(fixture, &st, 0);
        fixture = -1;
    }
    if (dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    }
}

/* Start run-fixture in its own process group; fill the target URL and CA. */
static void start_fixture(const char *mode, int smtp, int sms, char *url, char *ca)
{
    snprintf(dir, sizeof dir, "/tmp/vg-e2e-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    int p[2];
    cr_assert_eq(pipe(p), 0);
    fixture = fork();
    cr_assert_geq(fixture, 0);
    if (fixture == 0) {
        setpgid(0, 0);
        char env[256];
        snprintf(env, sizeof env, "127.0.0.1:%d", smtp);
        setenv("CLINIC_SMTP", env, 1);
        snprintf(env, sizeof env,
                 "http://127.0.0.1:%d/2010-04-01/Accounts/ACtest/Messages.json", sms);
        setenv("CLINIC_SMS_URL", env, 1);
        dup2(p[1], 1);
        close(p[0]);
        char script[512], fdir[128], clinic[512];
        snprintf(script, sizeof script, "%s/fixtures/clinic/run-fixture", VG_SOURCE_DIR);
        snprintf(fdir, sizeof fdir, "%s/fixture", dir);
        snprintf(clinic, sizeof clinic, "%s/fixtures/clinic/vigie-clinic", VG_BINARY_DIR);
        execl("/bin/sh", "sh", script, "--dir", fdir, "--mode", mode, "--clinic", clinic,
              (char *)NULL);
        _exit(127);
    }
    setpgid(fixture, fixture);
    close(p[1]);
    FILE *f = fdopen(p[0], "r");
    char line[1024];
    bool ready = false;
    url[0] = ca[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "URL ", 4) == 0)
            strcpy(url, line + 4);
        else if (strncmp(line, "CA ", 3) == 0)
            strcpy(ca, line + 3);
        else if (strcmp(line, "READY") == 0) {
            ready = true;
            break;
        }
    }
    fclose(f);
    cr_assert(ready && url[0] && ca[0], "run-fixture did not get ready");
}

typedef struct result {
    char rule[16], level[16];
    char text[512];     /* the message, English (LC_ALL=C) */
} result;

/* Run vigie on a scenario; return its exit status and the SARIF results. */
static int probe(const char *url, const char *ca, int smtp, int sms, result *res, size_t *n,
                 char **sarif_text)
{
    char scen[256], out[256];
    snprintf(scen, sizeof scen, "%s/scenario.json", dir);
    snprintf(out, sizeof out, "%s/out.sarif", dir);
    FILE *f = fopen(scen, "w");
    cr_assert_not_null(f);
    fprintf(f,
            "{ \"target\": \"%s\", \"ca\": \"%s\",\n"
            "  \"messages\": { \"smtp_listen\": \"127.0.0.1:%d\", \"sms_listen\": \"127.0.0.1:%d\",\n"
            "    \"sms_fields\": { \"to\": \"To\", \"body\": \"Body\" },\n"
            "    \"identities\": [ { \"name\": \"Marie Gagnon\", \"nam\": \"GAGM 8562 3016\",\n"
            "      \"sin\": \"565 632 122\", \"dob\": \"1985-12-30\", \"email\": \"marie@example.test\",\n"
            "      \"phone\": \"+1 514 555 0100\", \"username\": \"mgagnon\", \"password\": \"Xk9!pQ2m\" } ],\n"
            "    \"triggers\": [ { \"method\": \"POST\", \"path\": \"/inscription\", \"body\": \"user=mgagnon\" },\n"
            "                  { \"method\": \"POST\", \"path\": \"/mot-de-passe-oublie\", \"body\": \"user=mgagnon\" },\n"
            "                  { \"method\": \"POST\", \"path\": \"/rappel\", \"body\": \"user=mgagnon\" } ],\n"
            "    \"wait_ms\": 1500 } }\n", url, ca, smtp, sms);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "LC_ALL=C %s probe messages --scenario %s -f sarif -o %s --fail-on note",
             VIGIE_BIN, scen, out);
    int st = system(cmd);
    cr_assert(WIFEXITED(st));
    json_error_t je;
    json_t *doc = json_load_file(out, 0, &je);
    cr_assert_not_null(doc, "%s: %s", out, je.text);
    json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
    *n = 0;
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        snprintf(res[*n].rule, sizeof res[*n].rule, "%s",
                 json_string_value(json_object_get(r, "ruleId")));
        const char *lvl = json_string_value(json_object_get(r, "level"));
        snprintf(res[*n].level, sizeof res[*n].level, "%s", lvl ? lvl : "warning");
        const char *t = json_string_value(json_object_get(json_object_get(r, "message"), "text"));
        snprintf(res[*n].text, sizeof res[*n].text, "%s", t ? t : "");
        (*n)++;
    }
    *sarif_text = json_dumps(doc, 0);
    json_decref(doc);
    /* the report is valid SARIF 2.1.0 */
    snprintf(cmd, sizeof cmd, "%s %s/tests/support/validate_sarif.py %s/sarif-schema-2.1.0.json %s",
             VG_PYTHON3, VG_SOURCE_DIR, VG_TEST_DATA, out);
    cr_assert_eq(system(cmd), 0, "%s is not valid SARIF", out);
    return WEXITSTATUS(st);
}

static size_t count(const result *r, size_t n, const char *rule, const char *level)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].rule, rule) == 0 && strcmp(r[i].level, level) == 0)
            k++;
    return k;
}

TestSuite(messages_e2e, .fini = stop_fixture, .timeout = 180);

Test(messages_e2e, compliant_clinic_mail_and_sms_yield_nothing)
{
    char url[256], ca[512];
    int smtp = free_port(), sms = free_port();
    start_fixture("compliant", smtp, sms, url, ca);
    result r[64];
    size_t n;
    char *sarif;
    int st = probe(url, ca, smtp, sms, r, &n, &sarif);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "unexpected: %s %s\n", r[i].rule, r[i].level);
    cr_assert_eq(n, 0);
    cr_assert_eq(st, 0);
    /* it did check something: 3 mails (user, authoriser, reset), 2 SMS and
     * the reminder call, whose TwiML was fetched from the clinic */
    cr_assert_not_null(strstr(sarif, "captured 3 email(s), 2 SMS and 1 voice call(s)"), "%s",
                       sarif);
    cr_assert_not_null(strstr(sarif, "fetched the document at http://127.0.0.1:"), "%s", sarif);
    free(sarif);
}

Test(messages_e2e, planted_clinic_yields_every_planted_violation_and_nothing_else)
{
    char url[256], ca[512];
    int smtp = free_port(), sms = free_port();
    start_fixture("planted", smtp, sms, url, ca);
    result r[64];
    size_t n;
    char *sarif;
    int st = probe(url, ca, smtp, sms, r, &n, &sarif);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "found: %s %s\n", r[i].rule, r[i].level);
    cr_assert_eq(st, 1);
    /* P1: NAM, SIN, DOB by email (QP, Latin-1) */
    cr_assert_eq(count(r, n, "MSG001", "error"), 3);
    /* P2: credentials together, to info@, without TLS */
    cr_assert_eq(count(r, n, "CRD001", "error"), 1);
    cr_assert_eq(count(r, n, "CRD003", "error"), 1);
    /* P1 greets the person by name, and P2's credentials came without TLS:
     * a note each (a name alone is to review) */
    cr_assert_eq(count(r, n, "MSG001", "note"), 2);
    /* P3: NAM by SMS */
    cr_assert_eq(count(r, n, "MSG002", "error"), 1);
    /* P4: asks for the SIN; P4+P5: username and password to one address */
    cr_assert_eq(count(r, n, "MSG004", "warning"), 1);
    cr_assert_eq(count(r, n, "CRD002", "error"), 1);
    /* P6: the date of birth spoken in the reminder call */
    cr_assert_eq(count(r, n, "MSG003", "error"), 1);
    cr_assert_eq(count(r, n, "MSG003", "note"), 1);    /* and the name it speaks */
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].rule, "MSG003") && !strcmp(r[i].level, "error"))
            cr_assert(strstr(r[i].text, "date of birth"), "P6 speaks the date of birth: %s",
                      r[i].text);
    cr_assert_eq(n, 12);
    cr_assert_null(strstr(sarif, "Marie Gagnon"), "an unmasked identity name in the SARIF");
    cr_assert_null(strstr(sarif, "Gagnon"), "part of an identity name in the SARIF");
    cr_assert_not_null(strstr(sarif, "full name M\u2022\u2022\u2022 (test identity #1)"),
                       "the name found and masked");
    cr_assert_not_null(strstr(sarif, "Voice message voice-"), "%s", sarif);
    cr_assert_null(strstr(sarif, "1985-12-30"), "an unmasked date of birth in the SARIF");
    /* personal data masked in the report; locations name the messages */
    /* (not "8562" alone: Message-IDs and fingerprints are random hex) */
    cr_assert_null(strstr(sarif, "8562 3016"), "an unmasked NAM in the SARIF");
    cr_assert_null(strstr(sarif, "GAGM"), "an unmasked NAM in the SARIF");
    cr_assert_null(strstr(sarif, "565 632"), "an unmasked SIN in the SARIF");
    cr_assert_not_null(strstr(sarif, "**** **** **16"));
    cr_assert_not_null(strstr(sarif, "@clinique.test> to i\u2022\u2022\u2022@clinique.test, part 1"));
    free(sarif);
}

/* `vigie probe logs` on the fixture's own scenario (its "logs" section
 * names the nginx access log run-fixture writes). */
static json_t *probe_logs(int *status)
{
    char scen[256], out[256], cmd[1024];
    snprintf(scen, sizeof scen, "%s/fixture/scenario.json", dir);
    snprintf(out, sizeof out, "%s/logs.sarif", dir);
    snprintf(cmd, sizeof cmd, "LC_ALL=C %s probe logs --scenario %s -o %s --fail-on note",
             VIGIE_BIN, scen, out);
    int st = system(cmd);
    cr_assert(WIFEXITED(st));
    *status = WEXITSTATUS(st);
    json_error_t je;
    json_t *doc = json_load_file(out, 0, &je);
    cr_assert_not_null(doc, "%s: %s", out, je.text);
    snprintf(cmd, sizeof cmd, "%s %s/tests/support/validate_sarif.py %s/sarif-schema-2.1.0.json %s",
             VG_PYTHON3, VG_SOURCE_DIR, VG_TEST_DATA, out);
    cr_assert_eq(system(cmd), 0, "%s is not valid SARIF", out);
    return doc;
}

Test(messages_e2e, planted_clinic_nginx_logs_the_cookie)
{
    char url[256], ca[512];
    start_fixture("planted", free_port(), free_port(), url, ca);
    int st;
    json_t *doc = probe_logs(&st);
    char *text = json_dumps(doc, 0);
    cr_assert_eq(st, 1, "%s", text);
    json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
    bool cookie = false;
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        const char *m = json_string_value(json_object_get(json_object_get(r, "message"), "text"));
        if (strcmp(json_string_value(json_object_get(r, "ruleId")), "LOG001") == 0 &&
            strstr(m, "keeps the cookie the probe sent")) {
            cookie = true;
            cr_assert(strstr(m, "/access.log, line "), "%s", m);
        }
    }
    cr_assert(cookie, "the planted log format keeps cookies: %s", text);
    cr_assert_null(strstr(text, "GAGM 8562"), "an unmasked NAM in the SARIF");
    free(text);
    json_decref(doc);
}

Test(messages_e2e, compliant_clinic_nginx_log_keeps_only_the_list)
{
    char url[256], ca[512];
    start_fixture("compliant", free_port(), free_port(), url, ca);
    int st;
    json_t *doc = probe_logs(&st);
    char *text = json_dumps(doc, 0);
    json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
    cr_assert_eq(json_array_size(results), 0, "%s", text);
    cr_assert_eq(st, 0, "%s", text);
    cr_assert_not_null(strstr(text, "read 4 line(s)"), "the log was read: %s", text);
    free(text);
    json_decref(doc);
}
