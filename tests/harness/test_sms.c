/*
 * vg_sms: the request shapes SMS gateways take (Twilio's form, JSON bodies
 * flat and nested, configured field names) and its bounds.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "vg_sms.h"

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    (void)p, (void)ud;
    return sz * n;
}

static long post(int port, const char *path, const char *ctype, const char *body, size_t len)
{
    CURL *h = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    struct curl_slist *hd = NULL;
    if (ctype) {
        char l[128];
        snprintf(l, sizeof l, "Content-Type: %s", ctype);
        hd = curl_slist_append(hd, l);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)len);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    cr_assert(rc == CURLE_OK || rc == CURLE_SEND_ERROR, "%s", curl_easy_strerror(rc));
    return status;
}

static vg_sms *start(vg_sms_opts o)
{
    vg_error err = {{0}};
    curl_global_init(CURL_GLOBAL_DEFAULT);
    vg_sms *s = vg_sms_start(&o, &err);
    cr_assert_not_null(s, "%s", err.msg);
    return s;
}

Test(sms, twilio_form_body_gives_recipient_and_text)
{
    vg_sms *s = start((vg_sms_opts){0});
    const char *b = "To=%2B15145550100&From=%2B15145550199&Body=Votre+NAM+%3A+GAGM+8562+3016";
    cr_assert_eq(post(vg_sms_port(s), "/2010-04-01/Accounts/AC1/Messages.json",
                      "application/x-www-form-urlencoded", b, strlen(b)), 201);
    size_t n;
    vg_sms_msg *m = vg_sms_take(s, &n);
    cr_assert_eq(n, 1);
    cr_assert(m[0].parsed);
    cr_assert_str_eq(m[0].to, "+15145550100");
    cr_assert_str_eq(m[0].from, "+15145550199");
    cr_assert_str_eq(m[0].text, "Votre NAM : GAGM 8562 3016");
    cr_assert_str_eq(m[0].path, "/2010-04-01/Accounts/AC1/Messages.json");
    vg_sms_msgs_free(m, n);
    vg_sms_stop(s);
}

Test(sms, nested_json_with_several_recipients)
{
    vg_sms *s = start((vg_sms_opts){0});
    const char *b = "{\"messages\":[{\"destinations\":[{\"to\":\"+15145550100\"},"
                    "{\"to\":\"+15145550101\"}],\"from\":\"Clinique\","
                    "\"text\":\"Rendez-vous demain \\u00e0 9 h\"}]}";
    cr_assert_eq(post(vg_sms_port(s), "/sms/2/text/advanced", "application/json", b,
                      strlen(b)), 201);
    size_t n;
    vg_sms_msg *m = vg_sms_take(s, &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(m[0].to, "+15145550100, +15145550101");
    cr_assert_str_eq(m[0].text, "Rendez-vous demain à 9 h");
    vg_sms_msgs_free(m, n);
    vg_sms_stop(s);
}

Test(sms, field_names_from_the_scenario_are_used)
{
    vg_sms *s = start((vg_sms_opts){.to_field = "numero_dest", .text_field = "contenu"});
    const char *b = "{\"numero_dest\":\"5145550100\",\"contenu\":\"bonjour\",\"x\":1}";
    cr_assert_eq(post(vg_sms_port(s), "/envoi", NULL, b, strlen(b)), 201);
    size_t n;
    vg_sms_msg *m = vg_sms_take(s, &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(m[0].to, "5145550100");
    cr_assert_str_eq(m[0].text, "bonjour");
    vg_sms_msgs_free(m, n);
    vg_sms_stop(s);
}

Test(sms, unknown_shape_is_kept_whole_so_it_is_still_checked)
{
    vg_sms *s = start((vg_sms_opts){0});
    const char *b = "dest:5145550100 msg:NAS 130 692 544";
    cr_assert_eq(post(vg_sms_port(s), "/raw", "text/plain", b, strlen(b)), 201);
    size_t n;
    vg_sms_msg *m = vg_sms_take(s, &n);
    cr_assert_eq(n, 1);
    cr_assert_not(m[0].parsed);
    cr_assert_str_eq(m[0].text, b);
    vg_sms_msgs_free(m, n);
    vg_sms_stop(s);
}

Test(sms, oversized_body_and_wrong_method_are_refused)
{
    vg_sms *s = start((vg_sms_opts){.max_body = 1024});
    size_t big = 200 * 1024;
    char *b = malloc(big);
    memset(b, 'a', big);
    memcpy(b, "Body=", 5);
    cr_assert_eq(post(vg_sms_port(s), "/x", "application/x-www-form-urlencoded", b, big), 413);
    free(b);
    cr_assert_eq(post(vg_sms_port(s), "/x", NULL, NULL, 0), 405);
    cr_assert_eq(vg_sms_count(s), 0);
    cr_assert_eq(vg_sms_refused(s), 2);
    vg_sms_stop(s);
}
