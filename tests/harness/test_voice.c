/*
 * Voice calls: the TwiML and NCCO readers on synthetic payloads (malformed
 * ones included: a reason, never a crash), the capture telling calls from
 * SMS, the fetch allow-list, and MSG003/CRD001 on what a call speaks.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <microhttpd.h>

#include "vg_msgcheck.h"
#include "vg_sms.h"
#include "vg_voice.h"

/* ---- parsers ------------------------------------------------------------------ */

Test(voice, twiml_says_in_order_with_ssml_children)
{
    const char *x = "<?xml version=\"1.0\"?><Response><Say language=\"fr-CA\">Bonjour Marie."
                    "</Say><Pause length=\"1\"/><Gather><Say>Votre date de naissance : "
                    "<say-as interpret-as=\"date\">1985-12-30</say-as></Say></Gather>"
                    "<Play>https://example.test/a.mp3</Play></Response>";
    char *t, why[256];
    cr_assert_eq(vg_voice_twiml(x, strlen(x), &t, why, sizeof why), 0, "%s", why);
    cr_assert_str_eq(t, "Bonjour Marie.\nVotre date de naissance : 1985-12-30");
    free(t);
}

Test(voice, twiml_malformed_gives_a_reason)
{
    static const char *const bad[] = {
        "<Response><Say>Bonjour</Response>",            /* unclosed */
        "<Response><Say>a &undefined; b</Say></Response>",
        "not xml at all",
        "",
        "<Other><Say>x</Say></Other>",                  /* not TwiML */
        "<Response><Play>https://example.test/a.mp3</Play></Response>",  /* says nothing */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *t = (char *)1, why[256] = "";
        cr_assert_eq(vg_voice_twiml(bad[i], strlen(bad[i]), &t, why, sizeof why), -1,
                     "payload %zu", i);
        cr_assert_null(t);
        cr_assert(why[0] && !strchr(why, '\n'), "payload %zu: reason '%s'", i, why);
    }
}

Test(voice, twiml_external_entity_is_not_read)
{
    const char *x = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM "
                    "\"file:///etc/hostname\">]><Response><Say>a &e; b</Say></Response>";
    char *t = NULL, why[256] = "";
    if (vg_voice_twiml(x, strlen(x), &t, why, sizeof why) == 0) {
        FILE *f = fopen("/etc/hostname", "r");
        char host[256] = "";
        if (f) {
            if (!fgets(host, sizeof host, f))
                host[0] = '\0';
            fclose(f);
        }
        host[strcspn(host, "\n")] = '\0';
        cr_assert(!host[0] || !strstr(t, host), "entity expanded: %s", t);
        free(t);
    }
}

Test(voice, ncco_talk_actions)
{
    json_t *j = json_loads("{\"ncco\":[{\"action\":\"talk\",\"text\":\"Rappel de rendez-vous\"},"
                           "{\"action\":\"stream\",\"streamUrl\":[\"x\"]},"
                           "{\"action\":\"talk\",\"text\":\"NAM GAGM 8562 3016\"}]}", 0, NULL);
    char *t, why[256];
    cr_assert_eq(vg_voice_ncco(j, &t, why, sizeof why), 0, "%s", why);
    cr_assert_str_eq(t, "Rappel de rendez-vous\nNAM GAGM 8562 3016");
    free(t);
    json_decref(j);
    static const char *const bad[] = {"{\"ncco\":{}}", "[{\"action\":\"talk\"}]",
                                      "[{\"action\":\"talk\",\"text\":5}]", "[]", "42"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        cr_assert_not_null(j);
        why[0] = '\0';
        cr_assert_eq(vg_voice_ncco(j, &t, why, sizeof why), -1, "%s", bad[i]);
        cr_assert(why[0]);
        json_decref(j);
    }
    cr_assert_eq(vg_voice_document("{\"ncco\": [", 10, &t, why, sizeof why), -1);
    cr_assert(strstr(why, "JSON"), "%s", why);
}

Test(voice, voice_paths)
{
    cr_assert(vg_voice_path("/2010-04-01/Accounts/AC1/Calls.json"));
    cr_assert(vg_voice_path("/v1/calls"));
    cr_assert(vg_voice_path("/api/voice?x=1"));
    cr_assert_not(vg_voice_path("/2010-04-01/Accounts/AC1/Messages.json"));
    cr_assert_not(vg_voice_path("/sms?to=calls"));
    cr_assert_not(vg_voice_path("/recalls"));
}

Test(voice, fetch_refuses_hosts_not_declared)
{
    char *b, why[300];
    size_t n;
    cr_assert_eq(vg_voice_fetch("https://twiml.example.com/r.xml", NULL, 0, NULL, 0, &b, &n,
                                why, sizeof why), -1);
    cr_assert(strstr(why, "voice_hosts"), "%s", why);
    cr_assert_eq(vg_voice_fetch("file:///etc/passwd", NULL, 0, NULL, 0, &b, &n, why,
                                sizeof why), -1);
    cr_assert(strstr(why, "scheme"), "%s", why);
}

/* A loopback server for a TwiML document. */
static enum MHD_Result twiml_doc(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *data,
                                 size_t *size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)data, (void)size, (void)con_cls;
    const char *x = "<Response><Say>Votre mot de passe est Xk9!pQ2m</Say></Response>";
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(x), (void *)x,
                                                             MHD_RESPMEM_PERSISTENT);
    enum MHD_Result rc = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return rc;
}

Test(voice, fetch_from_loopback)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0,
                                            NULL, NULL, twiml_doc, NULL, MHD_OPTION_SOCK_ADDR,
                                            (struct sockaddr *)&sa, MHD_OPTION_END);
    cr_assert_not_null(d);
    int port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
    char url[128], *b, *t, why[300];
    size_t n;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/twiml/rappel.xml", port);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = vg_voice_fetch(url, NULL, 0, NULL, 0, &b, &n, why, sizeof why);
    cr_assert_eq(rc, 0, "%s", why);
    cr_assert_eq(vg_voice_document(b, n, &t, why, sizeof why), 0, "%s", why);
    cr_assert_str_eq(t, "Votre mot de passe est Xk9!pQ2m");
    free(t);
    free(b);
    cr_assert_eq(vg_voice_fetch(url, NULL, 0, NULL, 10, &b, &n, why, sizeof why), -1);
    cr_assert(strstr(why, "larger"), "%s", why);
    MHD_stop_daemon(d);
}

/* ---- the capture ---------------------------------------------------------------- */

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    (void)p, (void)ud;
    return sz * n;
}

static void post(int port, const char *path, const char *ctype, const char *body)
{
    CURL *h = curl_easy_init();
    char url[256], l[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    snprintf(l, sizeof l, "Content-Type: %s", ctype);
    struct curl_slist *hd = curl_slist_append(NULL, l);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    cr_assert_eq(status, 201);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
}

Test(voice, capture_tells_calls_from_sms)
{
    vg_error err = {0};
    curl_global_init(CURL_GLOBAL_DEFAULT);
    vg_sms *s = vg_sms_start(&(vg_sms_opts){0}, &err);
    cr_assert_not_null(s, "%s", err.msg);
    int p = vg_sms_port(s);
    const char *form = "application/x-www-form-urlencoded", *js = "application/json";
    post(p, "/2010-04-01/Accounts/AC1/Calls.json", form,
         "To=%2B15145550100&From=%2B15145550199&Twiml=%3CResponse%3E%3CSay%3ENAM+GAGM+8562+"
         "3016%3C%2FSay%3E%3C%2FResponse%3E");
    post(p, "/2010-04-01/Accounts/AC1/Calls.json", form,
         "To=%2B15145550100&From=%2B15145550199&Url=http%3A%2F%2F127.0.0.1%3A1%2Ft.xml");
    post(p, "/v1/calls", js, "{\"to\":[{\"type\":\"phone\",\"number\":\"15145550100\"}],"
                            "\"ncco\":[{\"action\":\"talk\",\"text\":\"Bonjour\"}]}");
    post(p, "/api/voice", js, "{\"to\":\"+15145550100\",\"text\":\"Rappel\"}");
    post(p, "/2010-04-01/Accounts/AC1/Calls.json", form,
         "To=%2B15145550100&Twiml=%3CResponse%3E%3CSay%3Eunclosed");
    post(p, "/2010-04-01/Accounts/AC1/Messages.json", form, "To=%2B15145550100&Body=Bonjour");
    size_t n;
    vg_sms_msg *m = vg_sms_take(s, &n);
    cr_assert_eq(n, 6);
    cr_assert(m[0].voice && !m[0].problem);
    cr_assert_str_eq(m[0].text, "NAM GAGM 8562 3016");
    cr_assert_str_eq(m[0].to, "+15145550100");
    cr_assert(m[1].voice);
    cr_assert_str_eq(m[1].fetch_url, "http://127.0.0.1:1/t.xml");
    cr_assert_str_eq(m[1].text, "");
    cr_assert(m[2].voice);
    cr_assert_str_eq(m[2].text, "Bonjour");
    cr_assert_str_eq(m[2].to, "15145550100");
    cr_assert(m[3].voice);
    cr_assert_str_eq(m[3].text, "Rappel");
    cr_assert(m[4].voice && m[4].problem, "a malformed TwiML is reported");
    cr_assert(strstr(m[4].text, "unclosed"), "and checked whole: %s", m[4].text);
    cr_assert_not(m[5].voice);
    vg_sms_msgs_free(m, n);
    vg_sms_stop(s);
}

/* ---- the rules ------------------------------------------------------------------ */

Test(voice, spoken_values_are_msg003_and_crd001)
{
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    static const vg_msg_identity marie = {.name = "Marie Gagnon", .dob = "1985-12-30",
                                          .username = "mgagnon", .password = "Xk9!pQ2m"};
    vg_msgcheck *c = vg_msgcheck_new(&(vg_msgcheck_opts){.rs = rs, .ids = &marie, .nids = 1},
                                     &err);
    cr_assert_not_null(c, "%s", err.msg);
    vg_findings fs;
    vg_findings_init(&fs);
    const char *to[1] = {"+15145550100"};
    const char *t = "Rappel de la clinique. Date de naissance : 1985-12-30.\n"
                    "Nom d'utilisateur : mgagnon. Mot de passe : Xk9!pQ2m";
    vg_msg m = {.kind = VG_MSG_VOICE, .uri = "http://127.0.0.1:8025/Calls.json",
                .id = "voice-1", .rcpts = to, .nrcpts = 1, .text = t, .len = strlen(t)};
    cr_assert_eq(vg_msgcheck_add(c, &m, &fs, &err), 0, "%s", err.msg);
    cr_assert_eq(vg_msgcheck_finish(c, &fs, &err), 0);
    bool dob = false, crd = false, sms = false;
    for (size_t i = 0; i < fs.count; i++) {
        const vg_finding *f = &fs.items[i];
        if (strcmp(f->rule_id, "MSG003") == 0 && strstr(f->message, "date of birth")) {
            dob = true;
            cr_assert(strstr(f->message, "Voice message voice-1"), "%s", f->message);
            cr_assert_null(strstr(f->message, "1985-12-30"), "masked: %s", f->message);
        }
        crd |= strcmp(f->rule_id, "CRD001") == 0;
        sms |= strcmp(f->rule_id, "MSG002") == 0;
    }
    cr_assert(dob, "the spoken date of birth is MSG003");
    cr_assert(crd, "username and password in one call is CRD001");
    cr_assert_not(sms, "a call is not an SMS");
    vg_findings_free(&fs);
    vg_msgcheck_free(c);
    vg_ruleset_free(rs);
}
