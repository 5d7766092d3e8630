/*
 * TLS probe without real servers: ClientHello bytes, the ServerHello
 * parser on every prefix and on random garbage, hostile loopback servers
 * (stalls, early close, truncated and oversized records, endless
 * streams), enumeration against a small scripted TLS server (SSL 3.0 to
 * TLS 1.3, server and client order), the cipher table and its validation.
 * Not labelled slow: runs under ASan + UBSan.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tls_fake_server.h"
#include "vg_probe_tls.h"
#include "vg_test_run.h"
#include "vg_tls_ciphers.h"
#include "vg_tls_hello.h"
#include "vg_tls_scan.h"

static long long ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static const uint16_t three[] = {0xC030, 0x009D, 0x1302};

/* ---- ClientHello ---------------------------------------------------- */

static bool has_ext(const unsigned char *b, size_t n, unsigned type)
{
    size_t p = 9 + 2 + 32;
    p += 1 + b[p];
    p += 2 + be16(b + p);
    p += 1 + b[p];
    if (p + 2 > n)
        return false;
    size_t end = p + 2 + be16(b + p);
    cr_assert_eq(end, n, "extensions length must close the record");
    for (p += 2; p + 4 <= end; p += 4 + be16(b + p + 2))
        if (be16(b + p) == type)
            return true;
    return false;
}

Test(client_hello, is_one_record_whose_lengths_agree_and_carries_the_suites_and_sni)
{
    unsigned char b[4096];
    vg_tls_offer o = {.version = VG_TLS1_2, .suites = three, .nsuites = 3, .sni = "portail.test"};
    size_t n = vg_tls_client_hello(&o, b, sizeof b);
    cr_assert_gt(n, 50);
    cr_expect_eq(b[0], 22);
    cr_expect_eq(be16(b + 3), n - 5);
    cr_expect_eq(b[5], 1);
    cr_expect_eq((size_t)(b[6] << 16 | b[7] << 8 | b[8]), n - 9);
    cr_expect_eq(be16(b + 9), VG_TLS1_2);
    cr_expect_eq(b[43], 0, "no session id below TLS 1.3");
    cr_expect_eq(be16(b + 44), 6);
    cr_expect_eq(be16(b + 46), 0xC030);
    cr_expect_eq(be16(b + 50), 0x1302);
    cr_expect(memmem(b, n, "portail.test", 12) != NULL);
    cr_expect(has_ext(b, n, 0x0000) && has_ext(b, n, 0x000a) && has_ext(b, n, 0x000d));
    cr_expect_not(has_ext(b, n, 0x002b), "no supported_versions below TLS 1.3");
}

Test(client_hello, for_tls13_sends_supported_versions_and_a_key_share)
{
    unsigned char b[4096];
    vg_tls_offer o = {.version = VG_TLS1_3, .suites = three + 2, .nsuites = 1};
    size_t n = vg_tls_client_hello(&o, b, sizeof b);
    cr_assert_gt(n, 0);
    cr_expect_eq(be16(b + 9), VG_TLS1_2, "legacy_version stays 1.2 in TLS 1.3");
    cr_expect(has_ext(b, n, 0x002b) && has_ext(b, n, 0x0033) && has_ext(b, n, 0x002d));
    cr_expect_not(has_ext(b, n, 0x0000), "no SNI when none is given");
}

Test(client_hello, for_ssl3_has_no_extensions_and_signals_renegotiation_by_scsv)
{
    unsigned char b[4096];
    vg_tls_offer o = {.version = VG_SSL3_0, .suites = three, .nsuites = 2, .sni = "x.test"};
    size_t n = vg_tls_client_hello(&o, b, sizeof b);
    cr_assert_gt(n, 0);
    cr_expect_eq(be16(b + 1), VG_SSL3_0);
    cr_expect_eq(be16(b + 44), 6);
    cr_expect_eq(be16(b + 50), 0x00FF);
    cr_expect_eq(n, 9 + 2 + 32 + 1 + 2 + 6 + 2, "ends after compression methods");
}

Test(client_hello, refuses_a_buffer_too_small)
{
    unsigned char b[64];
    vg_tls_offer o = {.version = VG_TLS1_2, .suites = three, .nsuites = 3};
    cr_expect_eq(vg_tls_client_hello(&o, b, sizeof b), 0);
}

/* ---- parser --------------------------------------------------------- */

static const vg_tls_offer offer12 = {.version = VG_TLS1_2, .suites = three, .nsuites = 3};
static const vg_tls_offer offer13 = {.version = VG_TLS1_3, .suites = three + 2, .nsuites = 1};

Test(parse, every_prefix_of_a_server_hello_waits_and_the_whole_is_accepted)
{
    unsigned char sh[128];
    size_t n = fake_server_hello(sh, VG_TLS1_2, 0x009D, 0, false);
    vg_tls_reply r;
    for (size_t k = 0; k < n; k++) {
        vg_tls_parse_reply(sh, k, &offer12, &r);
        cr_assert_eq(r.outcome, VG_TLS_PENDING, "prefix of %zu bytes: %s", k, r.detail);
    }
    vg_tls_parse_reply(sh, n, &offer12, &r);
    cr_assert_eq(r.outcome, VG_TLS_ACCEPTED, "%s", r.detail);
    cr_expect_eq(r.version, VG_TLS1_2);
    cr_expect_eq(r.suite, 0x009D);
}

Test(parse, reads_tls13_from_supported_versions_and_spots_hello_retry_request)
{
    unsigned char sh[128];
    vg_tls_reply r;
    size_t n = fake_server_hello(sh, VG_TLS1_2, 0x1302, VG_TLS1_3, true);
    vg_tls_parse_reply(sh, n, &offer13, &r);
    cr_assert_eq(r.outcome, VG_TLS_ACCEPTED, "%s", r.detail);
    cr_expect_eq(r.version, VG_TLS1_3);
    cr_expect(r.retry_request);
}

Test(parse, reassembles_a_server_hello_split_one_byte_per_record)
{
    unsigned char sh[128], split[1024];
    size_t n = fake_server_hello(sh, VG_TLS1_2, 0xC030, 0, false), m = 0;
    for (size_t i = 5; i < n; i++) {
        unsigned char rec[6] = {22, 3, 3, 0, 1, sh[i]};
        memcpy(split + m, rec, 6);
        m += 6;
    }
    vg_tls_reply r;
    vg_tls_parse_reply(split, m, &offer12, &r);
    cr_assert_eq(r.outcome, VG_TLS_ACCEPTED, "%s", r.detail);
    cr_expect_eq(r.suite, 0xC030);
}

typedef struct bad_case {
    const char *what;
    unsigned char bytes[64];
    size_t len;
    vg_tls_outcome outcome;
    const char *detail;
} bad_case;

Test(parse, names_each_kind_of_malformed_answer)
{
    static const bad_case cases[] = {
        {"alert", {21, 3, 3, 0, 2, 2, 40}, 7, VG_TLS_ALERT, "handshake_failure"},
        {"plain http", "HTTP/1.1 400 Bad Request\r\n", 26, VG_TLS_FAILED, "plain HTTP"},
        {"garbage", "AAAAAAAA", 8, VG_TLS_FAILED, "not a TLS record"},
        {"sslv2", {0x80, 0x2e, 0x04}, 3, VG_TLS_FAILED, "SSL 2.0"},
        {"oversized record", {22, 3, 3, 0xff, 0xff}, 5, VG_TLS_FAILED, "exceeds"},
        {"empty record", {22, 3, 3, 0, 0}, 5, VG_TLS_FAILED, "empty"},
        {"bad record version", {22, 9, 3, 0, 4}, 5, VG_TLS_FAILED, "record version"},
        {"ccs first", {20, 3, 3, 0, 1, 1}, 6, VG_TLS_FAILED, "change_cipher_spec"},
        {"certificate first", {22, 3, 3, 0, 4, 11, 0, 0, 0}, 9, VG_TLS_FAILED, "type 11"},
        {"huge hello", {22, 3, 3, 0, 4, 2, 0xff, 0xff, 0xff}, 9, VG_TLS_FAILED, "claims"},
        {"short hello", {22, 3, 3, 0, 6, 2, 0, 0, 2, 3, 3}, 11, VG_TLS_FAILED, "too short"},
        {"short alert", {21, 3, 3, 0, 1, 2}, 6, VG_TLS_FAILED, "cut short"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vg_tls_reply r;
        vg_tls_parse_reply(cases[i].bytes, cases[i].len, &offer12, &r);
        cr_expect_eq(r.outcome, cases[i].outcome, "%s: outcome %d (%s)", cases[i].what,
                     r.outcome, r.detail);
        cr_expect(strstr(r.detail, cases[i].detail), "%s: detail '%s'", cases[i].what, r.detail);
    }
}

Test(parse, rejects_a_suite_or_version_that_was_not_offered)
{
    unsigned char sh[128];
    vg_tls_reply r;
    size_t n = fake_server_hello(sh, VG_TLS1_2, 0x0005, 0, false);
    vg_tls_parse_reply(sh, n, &offer12, &r);
    cr_expect_eq(r.outcome, VG_TLS_FAILED);
    cr_expect(strstr(r.detail, "not offered"), "%s", r.detail);
    n = fake_server_hello(sh, VG_TLS1_2, 0x1302, VG_TLS1_3, false);
    vg_tls_parse_reply(sh, n, &offer12, &r);
    cr_expect_eq(r.outcome, VG_TLS_FAILED, "supported_versions to a 1.2 hello");
    n = fake_server_hello(sh, 0x0305, 0x009D, 0, false);
    vg_tls_parse_reply(sh, n, &offer12, &r);
    cr_expect_eq(r.outcome, VG_TLS_FAILED);
    cr_expect(strstr(r.detail, "version"), "%s", r.detail);
}

Test(parse, survives_random_and_mutated_input)
{
    unsigned char sh[128], buf[600];
    size_t n = fake_server_hello(sh, VG_TLS1_2, 0xC030, 0, false);
    unsigned seed = 12345;
    for (int it = 0; it < 20000; it++) {
        size_t len;
        if (it % 2) {                       /* a ServerHello with a few bytes changed */
            memcpy(buf, sh, n);
            len = n;
            for (int k = 0; k < 3; k++) {
                seed = seed * 1103515245 + 12345;
                buf[(seed >> 8) % n] = (unsigned char)(seed >> 16);
            }
        } else {                            /* record header + random tail */
            seed = seed * 1103515245 + 12345;
            len = 5 + (seed >> 8) % (sizeof buf - 5);
            for (size_t k = 0; k < len; k++) {
                seed = seed * 1103515245 + 12345;
                buf[k] = (unsigned char)(seed >> 16);
            }
            buf[0] = (unsigned char)(21 + (seed >> 4) % 2);
            buf[1] = 3;
        }
        vg_tls_reply r;
        vg_tls_parse_reply(buf, len, &offer12, &r);
        cr_assert(r.outcome >= VG_TLS_PENDING && r.outcome <= VG_TLS_FAILED);
        if (r.outcome == VG_TLS_ACCEPTED)
            cr_assert(r.suite == 0xC030 || r.suite == 0x009D || r.suite == 0x1302);
    }
}

/* ---- hostile servers ------------------------------------------------ */

static void behave_close(int fd, const client_hello *ch, fake_server *s)
{
    (void)fd, (void)ch, (void)s;
    shutdown(fd, SHUT_RDWR);
}

static void behave_stall(int fd, const client_hello *ch, fake_server *s)
{
    (void)ch, (void)s;
    fake_wait_close(fd, 5000);
}

static void behave_truncated(int fd, const client_hello *ch, fake_server *s)
{
    unsigned char b[] = {22, 3, 3, 0, 0x40, 2, 0, 0, 0x3c, 3, 3, 1, 2, 3};
    fake_send(fd, b, sizeof b);
    shutdown(fd, SHUT_RDWR);
}

static void behave_oversized(int fd, const client_hello *ch, fake_server *s)
{
    unsigned char b[] = {22, 3, 3, 0xff, 0xff, 2, 0, 0, 0x3c};
    fake_send(fd, b, sizeof b);
    fake_wait_close(fd, 5000);
}

static void behave_endless_garbage(int fd, const client_hello *ch, fake_server *s)
{
    unsigned char junk[4096];
    memset(junk, 'A', sizeof junk);
    for (int i = 0; i < 100000; i++)       /* ~400 MB at most: stops when the client leaves */
        if (send(fd, junk, sizeof junk, MSG_NOSIGNAL) <= 0)
            return;
}

static void behave_endless_records(int fd, const client_hello *ch, fake_server *s)
{
    /* Well-formed records forever: a ServerHello that claims 16 KiB of
     * zeros, then more and more handshake records. */
    unsigned char rec[5 + 16384];
    memset(rec, 0, sizeof rec);
    rec[0] = 22, rec[1] = 3, rec[2] = 3, rec[3] = 0x40, rec[4] = 0x00;
    rec[5] = 2, rec[6] = 0, rec[7] = 0x3f, rec[8] = 0xfc;
    for (int i = 0; i < 100000; i++)
        if (send(fd, rec, sizeof rec, MSG_NOSIGNAL) <= 0)
            return;
}

static void behave_drip(int fd, const client_hello *ch, fake_server *s)
{
    unsigned char b[] = {22, 3, 3, 0, 0x40};
    fake_send(fd, b, sizeof b);
    for (int i = 0; i < 200; i++) {        /* one byte every 20 ms: never enough */
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 20) > 0)
            return;                         /* the client closed */
        if (send(fd, "\0", 1, MSG_NOSIGNAL) <= 0)
            return;
    }
}

static void behave_http(int fd, const client_hello *ch, fake_server *s)
{
    const char r[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    fake_send(fd, r, sizeof r - 1);
}

static void behave_wrong_suite(int fd, const client_hello *ch, fake_server *s)
{
    unsigned char sh[128];
    fake_send(fd, sh, fake_server_hello(sh, VG_TLS1_2, 0xFFFF, 0, false));
}

typedef struct hostile_case {
    const char *what;
    fake_behaviour b;
    vg_tls_outcome outcome;
    const char *detail;
} hostile_case;

Test(hostile, each_misbehaviour_ends_in_bounded_time_with_a_clear_sentence, .timeout = 60)
{
    static const hostile_case cases[] = {
        {"close", behave_close, VG_TLS_CLOSED, "without answering"},
        {"stall", behave_stall, VG_TLS_FAILED, "within 400 ms"},
        {"truncated", behave_truncated, VG_TLS_FAILED, "middle of a record"},
        {"oversized", behave_oversized, VG_TLS_FAILED, "exceeds"},
        {"endless garbage", behave_endless_garbage, VG_TLS_FAILED, "not a TLS record"},
        {"endless records", behave_endless_records, VG_TLS_FAILED, "ServerHello"},
        {"drip", behave_drip, VG_TLS_FAILED, "within 400 ms"},
        {"http", behave_http, VG_TLS_FAILED, "plain HTTP"},
        {"wrong suite", behave_wrong_suite, VG_TLS_FAILED, "not offered"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fake_server s = {0};
        cr_assert_eq(fake_server_start(&s, cases[i].b), 0);
        vg_tls_endpoint ep = {.host = "127.0.0.1", .port = s.port, .timeout_ms = 400};
        vg_tls_offer o = {.version = VG_TLS1_2, .suites = three, .nsuites = 3};
        vg_tls_reply r;
        vg_error err = {0};
        long long t0 = ms_now();
        int rc = vg_tls_exchange(&ep, &o, &r, &err);
        long long took = ms_now() - t0;
        fake_server_stop(&s);
        cr_assert_eq(rc, 0, "%s: %s", cases[i].what, err.msg);
        cr_expect_eq(r.outcome, cases[i].outcome, "%s: outcome %d (%s)", cases[i].what,
                     r.outcome, r.detail);
        cr_expect(strstr(r.detail, cases[i].detail), "%s: '%s'", cases[i].what, r.detail);
        cr_expect_lt(took, 1500, "%s took %lld ms", cases[i].what, took);
    }
}

Test(hostile, an_unreachable_port_is_an_error_not_a_finding)
{
    fake_server s = {0};
    cr_assert_eq(fake_server_start(&s, behave_close), 0);
    int port = s.port;
    fake_server_stop(&s);                  /* nothing listens there any more */
    vg_tls_endpoint ep = {.host = "127.0.0.1", .port = port, .timeout_ms = 400};
    vg_tls_offer o = {.version = VG_TLS1_2, .suites = three, .nsuites = 3};
    vg_tls_reply r;
    vg_error err = {0};
    cr_expect_eq(vg_tls_exchange(&ep, &o, &r, &err), -1);
    cr_expect(strstr(err.msg, "cannot connect"), "%s", err.msg);
}

static vg_ruleset *builtin(void)
{
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert(rs, "%s", err.msg);
    return rs;
}

static bool notice_has(const vg_findings *fs, vg_level level, const char *text)
{
    for (size_t i = 0; i < fs->nnotices; i++)
        if (fs->notices[i].level == level && strstr(fs->notices[i].message, text))
            return true;
    return false;
}

Test(hostile, probing_a_server_that_closes_every_connection_reports_it, .timeout = 60)
{
    fake_server s = {0};
    cr_assert_eq(fake_server_start(&s, behave_close), 0);
    vg_ruleset *rs = builtin();
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_tls_target t = {.host = "127.0.0.1", .port = s.port};
    vg_error err = {0};
    int rc = vg_probe_tls(rs, &t, 400, &fs, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 1, "nothing could be judged: %s", err.msg);
    cr_expect_eq(fs.count, 0, "no finding invented");
    cr_expect(notice_has(&fs, VG_LEVEL_ERROR, "no TLS handshake succeeded"));
    cr_expect(notice_has(&fs, VG_LEVEL_ERROR, "without answering"));
    char label[32];
    snprintf(label, sizeof label, "127.0.0.1:%d", s.port);
    cr_assert_geq(fs.nnotices, 1);
    cr_expect_str_eq(fs.notices[0].loc.logical, label);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

Test(hostile, probing_a_stalling_server_is_bounded_by_the_timeout, .timeout = 60)
{
    fake_server s = {0};
    cr_assert_eq(fake_server_start(&s, behave_stall), 0);
    vg_ruleset *rs = builtin();
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_tls_target t = {.host = "127.0.0.1", .port = s.port};
    vg_error err = {0};
    long long t0 = ms_now();
    int rc = vg_probe_tls(rs, &t, 300, &fs, &err);
    long long took = ms_now() - t0;
    fake_server_stop(&s);
    cr_assert_eq(rc, 1, "%s", err.msg);
    /* Versions and the certificate handshake run side by side. */
    cr_expect_lt(took, 4 * 300 + 1000, "took %lld ms", took);
    cr_expect(notice_has(&fs, VG_LEVEL_ERROR, "within 300 ms"));
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

Test(hostile, probing_a_garbage_server_reports_it_without_findings, .timeout = 60)
{
    fake_server s = {0};
    cr_assert_eq(fake_server_start(&s, behave_endless_garbage), 0);
    vg_ruleset *rs = builtin();
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_tls_target t = {.host = "127.0.0.1", .port = s.port};
    vg_error err = {0};
    int rc = vg_probe_tls(rs, &t, 400, &fs, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 1, "%s", err.msg);
    cr_expect_eq(fs.count, 0);
    cr_expect(notice_has(&fs, VG_LEVEL_ERROR, "not a TLS record"));
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

/* Speaks TLS 1.2 properly, answers TLS 1.0 hellos with an oversized record. */
static void behave_bad_tls10(int fd, const client_hello *ch, fake_server *s)
{
    if (ch && ch->version == VG_TLS1_0) {
        unsigned char b[] = {22, 3, 1, 0xff, 0xff};
        fake_send(fd, b, sizeof b);
        shutdown(fd, SHUT_RDWR);
    } else
        behave_tls(fd, ch, s);
}

Test(hostile, misbehaviour_on_one_version_is_a_warning_beside_the_real_results, .timeout = 60)
{
    static const uint16_t prefs[] = {0xC030};
    fake_server s = {.versions = 1u << 3, .prefs = prefs, .nprefs = 1, .server_order = true};
    cr_assert_eq(fake_server_start(&s, behave_bad_tls10), 0);
    vg_ruleset *rs = builtin();
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_tls_target t = {.host = "127.0.0.1", .port = s.port};
    vg_error err = {0};
    int rc = vg_probe_tls(rs, &t, 1000, &fs, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 0, "%s", err.msg);
    cr_expect(notice_has(&fs, VG_LEVEL_WARNING, "TLSv1.0: the server misbehaved"));
    cr_expect(notice_has(&fs, VG_LEVEL_WARNING, "exceeds the TLS maximum"));
    cr_expect(notice_has(&fs, VG_LEVEL_NOTE, "TLSv1.2 accepted, 1 suite"));
    cr_expect_not(notice_has(&fs, VG_LEVEL_ERROR, "no TLS handshake"));
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

Test(hostile, the_command_exits_2_when_the_endpoint_speaks_no_tls, .timeout = 60)
{
    fake_server s = {0};
    cr_assert_eq(fake_server_start(&s, behave_http), 0);
    char target[32];
    snprintf(target, sizeof target, "127.0.0.1:%d", s.port);
    char *argv[] = {VIGIE_BIN, "probe", "tls", target, "--timeout", "500", NULL};
    vg_run r;
    int rc = vg_run_argv(argv, 30, &r);
    fake_server_stop(&s);
    cr_assert_eq(rc, 0);
    cr_expect_eq(r.status, 2, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, "plain HTTP"), "%s", r.out);
    cr_expect(strstr(r.err, "completed no TLS handshake"), "%s", r.err);
    vg_run_free(&r);
}

/* ---- enumeration against a scripted TLS server ---------------------- */

static bool same_list(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
    return na == nb && memcmp(a, b, na * sizeof *a) == 0;
}

Test(enumeration, finds_every_ssl3_and_tls10_suite_in_server_order_with_few_handshakes,
     .timeout = 60)
{
    static const uint16_t prefs[] = {0x0035, 0x000A, 0x0005};
    fake_server s = {.versions = 1u << 0 | 1u << 1, .prefs = prefs, .nprefs = 3,
                     .server_order = true};
    cr_assert_eq(fake_server_start(&s, behave_tls), 0);
    vg_ruleset *rs = builtin();
    vg_tls_ciphers table;
    vg_error err = {0};
    cr_assert_eq(vg_tls_ciphers_load(rs, &table, &err), 0, "%s", err.msg);
    vg_tls_endpoint ep = {.host = "127.0.0.1", .port = s.port, .timeout_ms = 2000};
    vg_tls_scan_result r;
    int rc = vg_tls_scan(&ep, &table, &r, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 0, "%s", err.msg);
    for (int v = 0; v < 2; v++) {
        cr_expect(r.v[v].accepted, "%s", vg_tls_version_name(r.v[v].version));
        cr_expect(same_list(r.v[v].suites, r.v[v].nsuites, prefs, 3), "%zu suites, %s",
                  r.v[v].nsuites, r.v[v].problem ? r.v[v].problem : r.v[v].end_detail);
        cr_expect_eq(r.v[v].order, VG_TLS_ORDER_SERVER);
        cr_expect_eq(r.v[v].handshakes, 3 + 1 + 1, "accepted + refusal + order check");
    }
    for (int v = 2; v < 5; v++) {
        cr_expect_not(r.v[v].accepted, "%s", vg_tls_version_name(r.v[v].version));
        cr_expect_null(r.v[v].problem, "%s", r.v[v].problem);
    }
    cr_expect_eq(r.v[4].end, VG_TLS_ALERT, "TLS 1.3 refused with protocol_version");
    cr_expect(strstr(r.v[2].end_detail, "TLSv1.0 instead"), "%s", r.v[2].end_detail);
    cr_expect_lt(r.handshakes, 20);
    vg_tls_scan_result_free(&r);
    vg_tls_ciphers_free(&table);
    vg_ruleset_free(rs);
}

Test(enumeration, tells_a_server_that_follows_the_client_order, .timeout = 60)
{
    static const uint16_t prefs[] = {0xC02F, 0xC030, 0x1301, 0x1302};
    fake_server s = {.versions = 1u << 3 | 1u << 4, .prefs = prefs, .nprefs = 4,
                     .server_order = false};
    cr_assert_eq(fake_server_start(&s, behave_tls), 0);
    vg_ruleset *rs = builtin();
    vg_tls_ciphers table;
    vg_error err = {0};
    cr_assert_eq(vg_tls_ciphers_load(rs, &table, &err), 0, "%s", err.msg);
    vg_tls_endpoint ep = {.host = "127.0.0.1", .port = s.port, .timeout_ms = 2000};
    vg_tls_scan_result r;
    int rc = vg_tls_scan(&ep, &table, &r, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 0, "%s", err.msg);
    cr_expect_eq(r.v[3].nsuites, 2);
    cr_expect_eq(r.v[4].nsuites, 2);
    cr_expect_eq(r.v[3].order, VG_TLS_ORDER_CLIENT);
    cr_expect_eq(r.v[4].order, VG_TLS_ORDER_CLIENT);
    cr_expect_eq(r.v[3].suites[0], 0xC030, "256-bit suites are offered first");
    cr_expect_not(r.v[0].accepted || r.v[1].accepted || r.v[2].accepted);
    vg_tls_scan_result_free(&r);
    vg_tls_ciphers_free(&table);
    vg_ruleset_free(rs);
}

static size_t count_rule(const vg_findings *fs, const char *rule, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->count; i++)
        if (strcmp(fs->items[i].rule_id, rule) == 0 && (!text || strstr(fs->items[i].message, text)))
            n++;
    return n;
}

Test(enumeration, legacy_protocols_and_weak_suites_become_findings_at_host_port, .timeout = 60)
{
    static const uint16_t prefs[] = {0x0035, 0x000A, 0x0005};
    fake_server s = {.versions = 1u << 0 | 1u << 1, .prefs = prefs, .nprefs = 3,
                     .server_order = true};
    cr_assert_eq(fake_server_start(&s, behave_tls), 0);
    vg_ruleset *rs = builtin();
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_tls_target t = {.host = "127.0.0.1", .port = s.port};
    vg_error err = {0};
    int rc = vg_probe_tls(rs, &t, 2000, &fs, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 0, "%s", err.msg);
    cr_expect_eq(count_rule(&fs, "TLS002", "SSLv3"), 1);
    cr_expect_eq(count_rule(&fs, "TLS002", "TLSv1.0"), 1);
    cr_expect_eq(count_rule(&fs, "TLS002", NULL), 2);
    cr_expect_eq(count_rule(&fs, "TLS001", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"), 1);
    cr_expect_eq(count_rule(&fs, "TLS001", "TLS_RSA_WITH_RC4_128_SHA"), 1);
    cr_expect_eq(count_rule(&fs, "TLS001", "TLS_RSA_WITH_AES_256_CBC_SHA "), 0);
    char label[32];
    snprintf(label, sizeof label, "127.0.0.1:%d", s.port);
    for (size_t i = 0; i < fs.count; i++)
        cr_expect_str_eq(fs.items[i].loc.logical, label);
    /* The fake server speaks no real TLS: the certificate could not be
     * fetched, and that is said. */
    cr_expect(notice_has(&fs, VG_LEVEL_WARNING, "certificate not checked"));
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

static bool offers(const client_hello *ch, uint16_t suite)
{
    for (size_t i = 0; i < ch->nsuites; i++)
        if (ch->suites[i] == suite)
            return true;
    return false;
}

/* Closes the second TLS 1.2 connection once, then behaves. */
static void behave_hiccup(int fd, const client_hello *ch, fake_server *s)
{
    static _Atomic int closed_once;
    if (ch && ch->version == VG_TLS1_2 && !offers(ch, 0xC030) && !closed_once++)
        shutdown(fd, SHUT_RDWR);
    else
        behave_tls(fd, ch, s);
}

/* Accepts 0xC030, then closes instead of sending an alert. */
static void behave_close_instead_of_alert(int fd, const client_hello *ch, fake_server *s)
{
    if (ch && offers(ch, 0xC030))
        behave_tls(fd, ch, s);
    else
        shutdown(fd, SHUT_RDWR);
}

static const uint16_t three12[] = {0xC030, 0xC02F, 0x009C};

Test(enumeration, a_connection_closed_after_an_acceptance_is_retried_once, .timeout = 60)
{
    fake_server s = {.versions = 1u << 3, .prefs = three12, .nprefs = 3, .server_order = true};
    cr_assert_eq(fake_server_start(&s, behave_hiccup), 0);
    vg_ruleset *rs = builtin();
    vg_tls_ciphers table;
    vg_error err = {0};
    cr_assert_eq(vg_tls_ciphers_load(rs, &table, &err), 0, "%s", err.msg);
    vg_tls_endpoint ep = {.host = "127.0.0.1", .port = s.port, .timeout_ms = 2000};
    vg_tls_scan_result r;
    int rc = vg_tls_scan(&ep, &table, &r, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 0, "%s", err.msg);
    cr_expect(same_list(r.v[3].suites, r.v[3].nsuites, three12, 3), "%zu suites: %s",
              r.v[3].nsuites, r.v[3].end_detail);
    cr_expect(r.v[3].retried);
    cr_expect_eq(r.v[3].end, VG_TLS_ALERT);
    vg_tls_scan_result_free(&r);
    vg_tls_ciphers_free(&table);
    vg_ruleset_free(rs);
}

Test(enumeration, a_server_closing_instead_of_refusing_is_reported_as_maybe_incomplete,
     .timeout = 60)
{
    fake_server s = {.versions = 1u << 3, .prefs = three12, .nprefs = 3, .server_order = true};
    cr_assert_eq(fake_server_start(&s, behave_close_instead_of_alert), 0);
    vg_ruleset *rs = builtin();
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_tls_target t = {.host = "127.0.0.1", .port = s.port};
    vg_error err = {0};
    int rc = vg_probe_tls(rs, &t, 2000, &fs, &err);
    fake_server_stop(&s);
    cr_assert_eq(rc, 0, "%s", err.msg);
    cr_expect(notice_has(&fs, VG_LEVEL_WARNING, "closed the connection instead of refusing"));
    cr_expect(notice_has(&fs, VG_LEVEL_NOTE, "TLSv1.2 accepted, 1 suite"));
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
}

/* ---- cipher table --------------------------------------------------- */

Test(ciphers, table_covers_every_suite_this_openssl_knows_with_the_same_id_and_name)
{
    vg_ruleset *rs = builtin();
    vg_tls_ciphers t;
    vg_error err = {0};
    cr_assert_eq(vg_tls_ciphers_load(rs, &t, &err), 0, "%s", err.msg);
    cr_expect_geq(t.count, 330);
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_CTX_set_security_level(ctx, 0);
    cr_assert(SSL_CTX_set_cipher_list(ctx, "ALL:COMPLEMENTOFALL:@SECLEVEL=0"));
    SSL *ssl = SSL_new(ctx);
    STACK_OF(SSL_CIPHER) *all = SSL_get_ciphers(ssl);
    cr_assert_gt(sk_SSL_CIPHER_num(all), 100);
    for (int i = 0; i < sk_SSL_CIPHER_num(all); i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(all, i);
        uint16_t id = SSL_CIPHER_get_protocol_id(c);
        const vg_tls_cipher *k = vg_tls_ciphers_find(&t, id);
        cr_expect(k, "0x%04X %s missing from the table", id, SSL_CIPHER_get_name(c));
        if (!k)
            continue;
        cr_expect_str_eq(k->openssl ? k->openssl : "", SSL_CIPHER_get_name(c));
        cr_expect_eq(k->bits, SSL_CIPHER_get_bits(c, NULL), "%s bits", k->name);
        cr_expect_str_eq(k->name, SSL_CIPHER_standard_name(c));
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    cr_expect_eq(vg_tls_ciphers_find(&t, 0xC030)->bits, 256);
    cr_expect(vg_tls_ciphers_find(&t, 0x1301)->tls13);
    cr_expect_eq(vg_tls_ciphers_by_name(&t, "DES-CBC3-SHA")->id, 0x000A);
    vg_tls_ciphers_free(&t);
    vg_ruleset_free(rs);
}

/* Load the built-in ruleset with ciphers[0] replaced by `entry`. */
static int load_with(const char *entry, vg_error *err)
{
    vg_ruleset *rs = builtin();
    json_t *doc = json_deep_copy(vg_ruleset_json(rs));
    vg_ruleset_free(rs);
    json_error_t je;
    json_t *e = json_loads(entry, 0, &je);
    cr_assert(e, "%s", je.text);
    json_array_set_new(json_object_get(doc, "ciphers"), 0, e);
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    rs = vg_ruleset_load_buffer(text, strlen(text), "bad.json", err);
    free(text);
    cr_assert(rs, "%s", err->msg);
    vg_tls_ciphers t;
    int rc = vg_tls_ciphers_load(rs, &t, err);
    if (!rc)
        vg_tls_ciphers_free(&t);
    vg_ruleset_free(rs);
    return rc;
}

Test(ciphers, a_malformed_entry_is_refused_with_its_place)
{
    static const char *const bad[][2] = {
        {"{\"id\":\"0x0001\",\"name\":\"N\",\"since\":\"SSLv3\",\"kx\":\"RSA\",\"auth\":\"RSA\","
         "\"enc\":\"None\",\"mac\":\"MD5\",\"bits\":0,\"colour\":1}", "unknown key \"colour\""},
        {"{\"id\":\"C030\",\"name\":\"N\",\"since\":\"SSLv3\",\"kx\":\"RSA\",\"auth\":\"RSA\","
         "\"enc\":\"None\",\"mac\":\"MD5\",\"bits\":0}", "ciphers[0].id"},
        {"{\"id\":\"0x0001\",\"name\":\"N\",\"since\":\"SSLv3\",\"kx\":\"RSA\",\"auth\":\"RSA\","
         "\"enc\":\"None\",\"mac\":\"MD5\",\"bits\":\"128\"}", "ciphers[0].bits"},
        {"{\"id\":\"0x0001\",\"name\":\"N\",\"since\":\"TLSv9\",\"kx\":\"RSA\",\"auth\":\"RSA\","
         "\"enc\":\"None\",\"mac\":\"MD5\",\"bits\":0}", "ciphers[0].since"},
        {"{\"id\":\"0x0001\",\"since\":\"SSLv3\",\"kx\":\"RSA\",\"auth\":\"RSA\","
         "\"enc\":\"None\",\"mac\":\"MD5\",\"bits\":0}", "missing \"name\""},
        {"{\"id\":\"0xC030\",\"name\":\"N\",\"since\":\"SSLv3\",\"kx\":\"RSA\",\"auth\":\"RSA\","
         "\"enc\":\"None\",\"mac\":\"MD5\",\"bits\":0}", "appears twice"},
        {"{\"id\":\"0x5600\",\"name\":\"N\",\"since\":\"SSLv3\",\"kx\":\"RSA\",\"auth\":\"RSA\","
         "\"enc\":\"None\",\"mac\":\"MD5\",\"bits\":0}", "signalling"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vg_error err = {0};
        cr_expect_eq(load_with(bad[i][0], &err), -1, "case %zu accepted", i);
        cr_expect(strstr(err.msg, bad[i][1]), "case %zu: '%s'", i, err.msg);
        cr_expect(strstr(err.msg, "bad.json"), "names the file: '%s'", err.msg);
    }
}

/* ---- HOST[:PORT] ---------------------------------------------------- */

Test(target, accepts_names_ipv4_and_bracketed_ipv6_and_refuses_bad_ports)
{
    char host[256];
    int port;
    vg_error err = {0};
    cr_expect_eq(vg_probe_tls_parse_target("portail.test", host, sizeof host, &port, &err), 0);
    cr_expect_str_eq(host, "portail.test");
    cr_expect_eq(port, 443);
    cr_expect_eq(vg_probe_tls_parse_target("127.0.0.1:8443", host, sizeof host, &port, &err), 0);
    cr_expect_str_eq(host, "127.0.0.1");
    cr_expect_eq(port, 8443);
    cr_expect_eq(vg_probe_tls_parse_target("[::1]:9443", host, sizeof host, &port, &err), 0);
    cr_expect_str_eq(host, "::1");
    cr_expect_eq(port, 9443);
    cr_expect_eq(vg_probe_tls_parse_target("::1", host, sizeof host, &port, &err), 0);
    cr_expect_str_eq(host, "::1");
    cr_expect_eq(port, 443);
    cr_expect_eq(vg_probe_tls_parse_target("host:0", host, sizeof host, &port, &err), -1);
    cr_expect_eq(vg_probe_tls_parse_target("host:70000", host, sizeof host, &port, &err), -1);
    cr_expect_eq(vg_probe_tls_parse_target("host:x", host, sizeof host, &port, &err), -1);
    cr_expect_eq(vg_probe_tls_parse_target("[::1", host, sizeof host, &port, &err), -1);
    cr_expect(strstr(err.msg, "]"), "%s", err.msg);
    cr_expect_eq(vg_probe_tls_parse_target(":443", host, sizeof host, &port, &err), -1);
}
