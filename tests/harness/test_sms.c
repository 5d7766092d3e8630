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
    vg_error err = {0};
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

/* ---- hostile clients ---------------------------------------------------------------- */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int dial(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    struct timeval tv = {20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void send_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void *sms_garbage(void *ud)
{
    int port = *(int *)ud;
    unsigned seed = 99;
    for (int round = 0; round < 20; round++) {
        int fd = dial(port);
        char b[4096];
        for (size_t i = 0; i < sizeof b; i++) {
            seed = seed * 1103515245u + 12345u;
            b[i] = (char)(seed >> 16);
        }
        if (round % 2)
            memcpy(b, "POST /x HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n", 56);
        send_all(fd, b, sizeof b);
        close(fd);
    }
    return NULL;
}

typedef struct sms_big {
    int port;
    size_t mb;
    char reply[256];
} sms_big;

static void *sms_big_body(void *ud)
{
    sms_big *b = ud;
    int fd = dial(b->port);
    char hdr[256];
    size_t total = b->mb << 20;
    snprintf(hdr, sizeof hdr, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n", total);
    send_all(fd, hdr, strlen(hdr));
    static char chunk[1 << 16];
    memset(chunk, 'a', sizeof chunk);
    for (size_t sent = 0; sent < total; sent += sizeof chunk)
        send_all(fd, chunk, total - sent < sizeof chunk ? total - sent : sizeof chunk);
    ssize_t r = recv(fd, b->reply, sizeof b->reply - 1, 0);
    b->reply[r > 0 ? r : 0] = '\0';
    close(fd);
    return NULL;
}

typedef struct sms_polite {
    int port, ok;
} sms_polite;

static void *sms_well_behaved(void *ud)
{
    sms_polite *p = ud;
    for (int i = 0; i < 20; i++) {
        char b[64];
        snprintf(b, sizeof b, "To=%%2B1514555%04d&Body=polite+%d", i, i);
        if (post(p->port, "/2010-04-01/Accounts/AC1/Messages.json",
                 "application/x-www-form-urlencoded", b, strlen(b)) == 201)
            p->ok++;
    }
    return NULL;
}

Test(sms, hostile_clients_do_not_cost_well_behaved_sms, .timeout = 300)
{
    vg_sms *s = start((vg_sms_opts){.timeout_s = 2, .max_connections = 400});
    int port = vg_sms_port(s);
    const char *e = getenv("VG_TEST_BIG_MB");
    sms_big big = {.port = port, .mb = e && atoi(e) > 0 ? (size_t)atoi(e) : 200};
    sms_polite pol = {.port = port};
    pthread_t tg, tb, tp;
    pthread_create(&tg, NULL, sms_garbage, &port);
    pthread_create(&tb, NULL, sms_big_body, &big);
    pthread_create(&tp, NULL, sms_well_behaved, &pol);

    int stuck = dial(port);               /* headers never finished */
    send_all(stuck, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Le", 36);

    enum { N = 200 };
    static int fds[N];
    for (int i = 0; i < N; i++) {
        fds[i] = dial(port);
        char req[512], body[64];
        int bl = snprintf(body, sizeof body, "{\"to\":\"+1514555%04d\",\"text\":\"p %d\"}", i, i);
        int rl = snprintf(req, sizeof req, "POST /sms HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
                          bl, body);
        send_all(fds[i], req, (size_t)rl);
    }
    int created = 0;
    for (int i = 0; i < N; i++) {
        char r[512];
        ssize_t n = recv(fds[i], r, sizeof r - 1, 0);
        r[n > 0 ? n : 0] = '\0';
        if (strstr(r, " 201 "))
            created++;
        close(fds[i]);
    }
    cr_assert_eq(created, N, "%d of %d parallel SMS accepted", created, N);

    char r[64];
    struct timeval tv = {10, 0};
    setsockopt(stuck, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    time_t t0 = time(NULL);
    ssize_t n = recv(stuck, r, sizeof r, 0);
    cr_assert_leq(n, 0, "the stuck client got an answer instead of a timeout");
    cr_assert_lt(time(NULL) - t0, 10, "the stuck client was never cut off");
    close(stuck);

    pthread_join(tg, NULL);
    pthread_join(tb, NULL);
    pthread_join(tp, NULL);
    cr_assert_not_null(strstr(big.reply, " 413 "), "big body: %s", big.reply);
    cr_assert_eq(pol.ok, 20);
    cr_assert_eq(vg_sms_count(s), (size_t)N + 20);
    vg_sms_stop(s);
}
