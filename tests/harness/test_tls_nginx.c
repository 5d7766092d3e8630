/*
 * The TLS probe against real nginx (Debian's nginx-light) on loopback:
 * accepted suites per protocol compared with ground truth from
 * `openssl s_client` run once per suite, for three cipher configurations
 * (256-bit only, nginx's default, legacy), and certificate faults on
 * generated certificates (good, expired, wrong host, self-signed, weak
 * key and SHA-1 signature, untrusted). Slow: drives real servers.
 */
#include <criterion/criterion.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls_certs.h"
#include "vg_probe_tls.h"
#include "vg_test_nginx.h"
#include "vg_test_run.h"
#include "vg_tls_ciphers.h"
#include "vg_tls_scan.h"

static char dir[64];
static vg_test_nginx ng;

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/vg-tls-XXXXXX");
    cr_assert(mkdtemp(dir));
    cr_assert_eq(tls_make_ca(dir), 0);
    tls_cert_spec good = {.file = "good", .cn = "portail.test", .san = "DNS:portail.test",
                          .not_before_days = -1, .not_after_days = 30};
    cr_assert_eq(tls_make_cert(dir, &good), 0);
    memset(&ng, 0, sizeof ng);
}

static void teardown(void)
{
    vg_test_nginx_stop(&ng);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
}

/* nginx with one TLS server block using CERT.pem/.key and extra directives. */
static void start(const char *cert, const char *directives)
{
    char conf[2048], err[1600];
    snprintf(conf, sizeof conf,
             "server {\n  listen @LISTEN@ ssl;\n  server_name portail.test;\n"
             "  ssl_certificate @DIR@/%s.pem;\n  ssl_certificate_key @DIR@/%s.key;\n"
             "  %s\n  location / { return 200 \"ok\\n\"; }\n}\n", cert, cert, directives);
    cr_assert_eq(vg_test_nginx_start_in(&ng, dir, conf, err, sizeof err), 0, "%s", err);
}

/* ---- ground truth --------------------------------------------------- */

static bool s_client_accepts(uint16_t version, const char *name)
{
    char hostport[32], cipher[128];
    snprintf(hostport, sizeof hostport, "127.0.0.1:%d", ng.port);
    const char *vflag = version == 0x0301 ? "-tls1" : version == 0x0302 ? "-tls1_1"
                      : version == 0x0303 ? "-tls1_2" : "-tls1_3";
    bool tls13 = version == 0x0304;
    snprintf(cipher, sizeof cipher, tls13 ? "%s" : "%s:@SECLEVEL=0", name);
    char *argv[] = {"/usr/bin/openssl", "s_client", "-connect", hostport, "-servername",
                    "portail.test", (char *)vflag, tls13 ? "-ciphersuites" : "-cipher",
                    cipher, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 20, &r), 0);
    char want[160];
    snprintf(want, sizeof want, "Cipher is %s\n", name);
    bool ok = strstr(r.out, want) != NULL;
    vg_run_free(&r);
    return ok;
}

typedef struct ossl_suite {
    uint16_t id;
    char name[64];
    bool tls13, tls12_only;
} ossl_suite;

/* Every suite this OpenSSL can negotiate: the ground truth's universe. */
static size_t local_suites(ossl_suite *out, size_t cap)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_CTX_set_security_level(ctx, 0);
    cr_assert(SSL_CTX_set_cipher_list(ctx, "ALL:COMPLEMENTOFALL:@SECLEVEL=0"));
    SSL *ssl = SSL_new(ctx);
    STACK_OF(SSL_CIPHER) *all = SSL_get_ciphers(ssl);
    size_t n = 0;
    for (int i = 0; i < sk_SSL_CIPHER_num(all) && n < cap; i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(all, i);
        out[n].id = SSL_CIPHER_get_protocol_id(c);
        snprintf(out[n].name, sizeof out[n].name, "%s", SSL_CIPHER_get_name(c));
        const char *v = SSL_CIPHER_get_version(c);
        out[n].tls13 = strcmp(v, "TLSv1.3") == 0;
        out[n].tls12_only = strcmp(v, "TLSv1.2") == 0;
        n++;
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return n;
}

static bool has(const vg_tls_version_result *vr, uint16_t id)
{
    for (size_t i = 0; i < vr->nsuites; i++)
        if (vr->suites[i] == id)
            return true;
    return false;
}

/* Scan with vigie, then ask s_client about every suite OpenSSL knows for
 * the versions TLS 1.0 to 1.3; both lists must be the same. Returns the
 * number of suites accepted over all versions. */
static size_t compare_with_s_client(vg_tls_scan_result *r)
{
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert(rs, "%s", err.msg);
    vg_tls_ciphers table;
    cr_assert_eq(vg_tls_ciphers_load(rs, &table, &err), 0, "%s", err.msg);
    vg_tls_endpoint ep = {.host = "127.0.0.1", .port = ng.port, .sni = "portail.test",
                          .timeout_ms = 5000};
    cr_assert_eq(vg_tls_scan(&ep, &table, r, &err), 0, "%s", err.msg);
    static ossl_suite suites[400];
    size_t n = local_suites(suites, 400), total = 0;
    for (int v = 1; v < VG_TLS_NVERSIONS; v++) {
        const vg_tls_version_result *vr = &r->v[v];
        cr_expect_null(vr->problem, "%s: %s", vg_tls_version_name(vr->version), vr->problem);
        size_t truth = 0;
        for (size_t i = 0; i < n; i++) {
            bool offerable = vr->version == 0x0304 ? suites[i].tls13
                           : !suites[i].tls13 && !(suites[i].tls12_only && vr->version < 0x0303);
            bool yes = offerable && s_client_accepts(vr->version, suites[i].name);
            truth += yes;
            cr_expect_eq(has(vr, suites[i].id), yes, "%s %s: vigie says %s, s_client says %s",
                         vg_tls_version_name(vr->version), suites[i].name,
                         has(vr, suites[i].id) ? "accepted" : "refused",
                         yes ? "accepted" : "refused");
        }
        /* And nothing vigie reports lies outside what OpenSSL knows. */
        for (size_t k = 0; k < vr->nsuites; k++) {
            bool known = false;
            for (size_t i = 0; i < n && !known; i++)
                known = suites[i].id == vr->suites[k];
            cr_expect(known, "%s: vigie reports 0x%04X, unknown to OpenSSL",
                      vg_tls_version_name(vr->version), vr->suites[k]);
        }
        cr_expect_eq(vr->nsuites, truth, "%s", vg_tls_version_name(vr->version));
        cr_expect_eq(vr->accepted, truth > 0);
        total += truth;
    }
    cr_expect_not(r->v[0].accepted, "Debian's OpenSSL has no SSL 3.0");
    vg_tls_ciphers_free(&table);
    vg_ruleset_free(rs);
    return total;
}

TestSuite(nginx_suites, .init = setup, .fini = teardown, .timeout = 300);

Test(nginx_suites, only_256_bit_config_matches_s_client_and_has_no_weak_suite)
{
    start("good", "ssl_protocols TLSv1.2 TLSv1.3;\n"
                  "  ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:"
                  "AES256-SHA256;\n"
                  "  ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384:"
                  "TLS_CHACHA20_POLY1305_SHA256;\n  ssl_prefer_server_ciphers on;");
    vg_tls_scan_result r;
    size_t total = compare_with_s_client(&r);
    cr_expect_eq(total, 5);
    cr_expect_eq(r.v[3].nsuites, 3);
    cr_expect_eq(r.v[3].suites[0], 0xC030, "server order starts with ECDHE-RSA-AES256-GCM");
    cr_expect_eq(r.v[3].suites[2], 0x003D, "and ends with AES256-SHA256");
    cr_expect_eq(r.v[3].order, VG_TLS_ORDER_SERVER);
    cr_expect_eq(r.v[4].nsuites, 2);
    cr_expect_not(r.v[1].accepted || r.v[2].accepted);
    /* Enumeration cost follows what is accepted: (n + 1) + order check. */
    cr_expect_leq(r.handshakes, 3 + 1 + 1 + 2 + 1 + 1 + 3);
    vg_tls_scan_result_free(&r);
}

Test(nginx_suites, default_config_matches_s_client)
{
    start("good", "");
    vg_tls_scan_result r;
    size_t total = compare_with_s_client(&r);
    cr_expect_gt(total, 5);
    /* nginx 1.22's defaults: TLSv1 to TLSv1.2 and HIGH:!aNULL:!MD5, which
     * Debian's OpenSSL (security level 2) narrows to TLS 1.2. */
    cr_expect(r.v[3].accepted);
    cr_expect_not(r.v[1].accepted || r.v[2].accepted);
    vg_tls_scan_result_free(&r);
}

Test(nginx_suites, legacy_config_matches_s_client_including_tls10_and_tls11)
{
    start("good", "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n"
                  "  ssl_ciphers ALL:COMPLEMENTOFALL:@SECLEVEL=0;");
    vg_tls_scan_result r;
    size_t total = compare_with_s_client(&r);
    cr_expect_gt(total, 40);
    cr_expect(r.v[1].accepted && r.v[2].accepted, "TLS 1.0 and 1.1 accepted");
    cr_expect(has(&r.v[1], 0x002F), "AES128-SHA in TLS 1.0");
    cr_expect(has(&r.v[3], 0xC02F), "ECDHE-RSA-AES128-GCM-SHA256 in TLS 1.2");
    vg_tls_scan_result_free(&r);
}

Test(nginx_suites, rsa_and_ecdsa_certificates_together_match_s_client)
{
    tls_cert_spec ec = {.file = "ec", .cn = "portail.test", .san = "DNS:portail.test",
                        .not_before_days = -1, .not_after_days = 30, .ec = true};
    cr_assert_eq(tls_make_cert(dir, &ec), 0);
    start("good", "ssl_certificate @DIR@/ec.pem;\n  ssl_certificate_key @DIR@/ec.key;\n"
                  "  ssl_protocols TLSv1.2 TLSv1.3;\n"
                  "  ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
                  "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384;");
    vg_tls_scan_result r;
    size_t total = compare_with_s_client(&r);
    cr_expect(has(&r.v[3], 0xC02C), "ECDHE-ECDSA-AES256-GCM-SHA384");
    cr_expect(has(&r.v[3], 0xC030), "ECDHE-RSA-AES256-GCM-SHA384");
    cr_expect_eq(r.v[3].nsuites, 4);
    cr_expect_gt(total, 4);
    vg_tls_scan_result_free(&r);
}

/* ---- certificates --------------------------------------------------- */

static size_t count_rule(const vg_findings *fs, const char *rule, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->count; i++)
        if (strcmp(fs->items[i].rule_id, rule) == 0 &&
            (!text || strstr(fs->items[i].message, text)))
            n++;
    return n;
}

static void probe(const char *ca, vg_findings *fs)
{
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert(rs, "%s", err.msg);
    vg_probe_tls_target t = {.host = "127.0.0.1", .port = ng.port, .sni = "portail.test",
                             .ca = ca};
    vg_findings_init(fs);
    cr_assert_eq(vg_probe_tls(rs, &t, 5000, fs, &err), 0, "%s", err.msg);
    /* OpenSSL's own handshake must land on a suite the enumeration found. */
    for (size_t i = 0; i < fs->nnotices; i++)
        cr_expect_not(strstr(fs->notices[i].message, "did not find"), "%s",
                      fs->notices[i].message);
    vg_ruleset_free(rs);
}

static const char modern[] = "ssl_protocols TLSv1.2 TLSv1.3;\n"
                             "  ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0;\n"
                             "  ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384;";

TestSuite(nginx_certs, .init = setup, .fini = teardown, .timeout = 120);

Test(nginx_certs, good_certificate_with_its_ca_and_256_bit_suites_gives_no_finding_above_note)
{
    start("good", modern);
    char ca[128];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    vg_findings fs;
    probe(ca, &fs);
    for (size_t i = 0; i < fs.count; i++)
        cr_expect_eq(fs.items[i].level, VG_LEVEL_NOTE, "%s %s", fs.items[i].rule_id,
                     fs.items[i].message);
    cr_expect_eq(count_rule(&fs, "TLS001", "key exchange X25519"), 1);
    vg_findings_free(&fs);
}

Test(nginx_certs, the_same_certificate_without_its_ca_does_not_chain)
{
    start("good", modern);
    vg_findings fs;
    probe(NULL, &fs);                       /* the system store does not know the test CA */
    cr_expect_eq(count_rule(&fs, "TLS003", "chain does not verify"), 1);
    cr_expect_eq(count_rule(&fs, "TLS003", NULL), 1);
    vg_findings_free(&fs);
}

Test(nginx_certs, expired_certificate_is_named_expired)
{
    tls_cert_spec s = {.file = "expired", .cn = "portail.test", .san = "DNS:portail.test",
                       .not_before_days = -60, .not_after_days = -2};
    cr_assert_eq(tls_make_cert(dir, &s), 0);
    start("expired", modern);
    char ca[128];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    vg_findings fs;
    probe(ca, &fs);
    cr_expect_eq(count_rule(&fs, "TLS003", "expired on"), 1);
    cr_expect_eq(count_rule(&fs, "TLS003", NULL), 1, "only the expiry is wrong");
    vg_findings_free(&fs);
}

Test(nginx_certs, wrong_host_certificate_names_the_host_and_what_it_covers)
{
    tls_cert_spec s = {.file = "other", .cn = "ailleurs.test", .san = "DNS:ailleurs.test",
                       .not_before_days = -1, .not_after_days = 30};
    cr_assert_eq(tls_make_cert(dir, &s), 0);
    start("other", modern);
    char ca[128];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    vg_findings fs;
    probe(ca, &fs);
    cr_expect_eq(count_rule(&fs, "TLS003", "does not cover portail.test (it names: ailleurs.test)"),
                 1);
    cr_expect_eq(count_rule(&fs, "TLS003", NULL), 1);
    vg_findings_free(&fs);
}

Test(nginx_certs, self_signed_certificate_is_named_self_signed)
{
    tls_cert_spec s = {.file = "self", .cn = "portail.test", .san = "DNS:portail.test",
                       .not_before_days = -1, .not_after_days = 30, .self_signed = true};
    cr_assert_eq(tls_make_cert(dir, &s), 0);
    start("self", modern);
    char ca[128];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    vg_findings fs;
    probe(ca, &fs);
    cr_expect_eq(count_rule(&fs, "TLS003", "self-signed"), 1);
    cr_expect_eq(count_rule(&fs, "TLS003", "chain"), 0, "one fault, not two");
    vg_findings_free(&fs);
}

Test(nginx_certs, weak_key_and_sha1_signature_are_each_named)
{
    tls_cert_spec s = {.file = "weak", .cn = "portail.test", .san = "DNS:portail.test",
                       .not_before_days = -1, .not_after_days = 30, .rsa_bits = 1024,
                       .sha1 = true};
    cr_assert_eq(tls_make_cert(dir, &s), 0);
    start("weak", modern);
    char ca[128];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    vg_findings fs;
    probe(ca, &fs);
    cr_expect_eq(count_rule(&fs, "TLS003", "RSA key of 1024 bits"), 1);
    cr_expect_eq(count_rule(&fs, "TLS003", "sha1WithRSAEncryption"), 1);
    vg_findings_free(&fs);
}

Test(nginx_certs, key_exchange_note_names_the_group_and_a_weak_dhe_group)
{
    char dh[128];
    snprintf(dh, sizeof dh, "%s/dh1024.pem", dir);
    char *gen[] = {"/usr/bin/openssl", "dhparam", "-dsaparam", "-out", dh, "1024", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(gen, 60, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    start("good", "ssl_protocols TLSv1.2;\n"
                  "  ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0;\n"
                  "  ssl_dhparam @DIR@/dh1024.pem;\n  ssl_prefer_server_ciphers on;");
    char ca[128];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    vg_findings fs;
    probe(ca, &fs);
    cr_expect_eq(count_rule(&fs, "TLS001", "key exchange X25519 (253 bits) with TLSv1.2 "
                            "ECDHE-RSA-AES256-GCM-SHA384"), 1);
    cr_expect_eq(count_rule(&fs, "TLS001", "DHE group of 1024 bits with "
                            "DHE-RSA-AES256-GCM-SHA384 (weak"), 1);
    cr_expect_eq(count_rule(&fs, "TLS003", NULL), 0);
    vg_findings_free(&fs);
}

/* ---- the command line ----------------------------------------------- */

TestSuite(nginx_cli, .init = setup, .fini = teardown, .timeout = 120);

Test(nginx_cli, legacy_endpoint_fails_with_named_findings_in_sarif)
{
    start("good", "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n"
                  "  ssl_ciphers ALL:@SECLEVEL=0;");
    char target[32], ca[128], out[128];
    snprintf(target, sizeof target, "127.0.0.1:%d", ng.port);
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    snprintf(out, sizeof out, "%s/tls.sarif", dir);
    char *argv[] = {VIGIE_BIN, "probe", "tls", target, "--sni", "portail.test", "--ca", ca,
                    "-o", out, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 60, &r), 0);
    cr_expect_eq(r.status, 1, "stderr: %s", r.err);
    vg_run_free(&r);
    char *py[] = {VG_PYTHON3, "-c",
        "import json,sys\n"
        "d=json.load(open(sys.argv[1]))\n"
        "run=d['runs'][0]\n"
        "assert run['tool']['driver']['name']=='vigie-harness'\n"
        "ids=[x['ruleId'] for x in run['results']]\n"
        "assert ids.count('TLS002')==2, ids\n"
        "msgs=' '.join(x['message']['text'] for x in run['results'])\n"
        "assert 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' in msgs or 'TLS_RSA_WITH_AES_128_CBC_SHA' in msgs\n"
        "ll=run['results'][0]['locations'][0]['logicalLocations'][0]['fullyQualifiedName']\n"
        "assert ll==sys.argv[2], ll\n"
        "assert 'TLS003' not in ids\n", out, target, NULL};
    cr_assert_eq(vg_run_argv(py, 30, &r), 0);
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    vg_run_free(&r);
}

Test(nginx_cli, strong_endpoint_passes_and_verbose_text_lists_the_suites)
{
    start("good", modern);
    char target[32], ca[128];
    snprintf(target, sizeof target, "127.0.0.1:%d", ng.port);
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    char *argv[] = {VIGIE_BIN, "probe", "tls", target, "--sni", "portail.test", "--ca", ca,
                    "-v", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 60, &r), 0);
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, "TLSv1.2 accepted, 1 suite"), "%s", r.out);
    cr_expect(strstr(r.out, "TLSv1.3 accepted, 1 suite"), "%s", r.out);
    cr_expect(strstr(r.out, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), "%s", r.out);
    vg_run_free(&r);
}

Test(nginx_cli, ipv6_literal_in_brackets_is_probed_at_its_own_location)
{
    if (access("/proc/net/if_inet6", R_OK) != 0)
        cr_skip_test("no IPv6 on this machine");
    start("good", "listen [::1]:@PORT@ ssl;\n  ssl_protocols TLSv1.2;\n"
                  "  ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;");
    char target[32], ca[128], loc[64];
    snprintf(target, sizeof target, "[::1]:%d", ng.port);
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    snprintf(loc, sizeof loc, "https://[::1]:%d [::1]:%d: error[TLS001]", ng.port, ng.port);
    char *argv[] = {VIGIE_BIN, "probe", "tls", target, "--sni", "portail.test", "--ca", ca,
                    NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 60, &r), 0);
    cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, loc), "%s", r.out);
    cr_expect(strstr(r.out, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), "%s", r.out);
    vg_run_free(&r);
}

Test(nginx_cli, help_teaches_the_options_and_bad_targets_are_usage_errors)
{
    char *help[] = {VIGIE_BIN, "probe", "tls", "--help", NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(help, 30, &r), 0);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "--sni") && strstr(r.out, "--ca") && strstr(r.out, "--timeout") &&
              strstr(r.out, "TLS002") && strstr(r.out, "Examples"), "%s", r.out);
    vg_run_free(&r);
    char *bad[] = {VIGIE_BIN, "probe", "tls", "127.0.0.1:99999", NULL};
    cr_assert_eq(vg_run_argv(bad, 30, &r), 0);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "port must be a number"), "%s", r.err);
    vg_run_free(&r);
    char *none[] = {VIGIE_BIN, "probe", "tls", NULL};
    cr_assert_eq(vg_run_argv(none, 30, &r), 0);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "missing HOST"), "%s", r.err);
    vg_run_free(&r);
}
