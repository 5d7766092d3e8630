/*
 * vg_cipher must say exactly what `openssl ciphers -v` says about the same
 * strings: same suites, same order, same protocol, same key size. The CLI
 * is run from the test, so a different OpenSSL build is compared with
 * itself, never with a list typed in here.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_cipher.h"

typedef struct cli_suite {
    char name[64], version[16];
    int alg_bits;
} cli_suite;

/* Run the openssl CLI; returns the number of suites parsed, -1 if it failed. */
static int openssl_ciphers(const char *list, const char *suites, cli_suite *out, int max)
{
    char cmd[1024], line[512];
    if (suites)
        snprintf(cmd, sizeof cmd, "openssl ciphers -v -ciphersuites '%s' '%s' 2>/dev/null",
                 suites, list);
    else
        snprintf(cmd, sizeof cmd, "openssl ciphers -v '%s' 2>/dev/null", list);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "cannot run openssl");
    int n = 0;
    while (fgets(line, sizeof line, p) && n < max) {
        char enc[64] = "";
        cli_suite *s = &out[n];
        if (sscanf(line, "%63s %15s", s->name, s->version) != 2)
            continue;
        const char *e = strstr(line, "Enc=");
        cr_assert_not_null(e, "unexpected openssl output: %s", line);
        sscanf(e + 4, "%63s", enc);
        const char *paren = strrchr(enc, '(');
        s->alg_bits = paren ? atoi(paren + 1) : 0;   /* "Enc=None": no cipher */
        n++;
    }
    int st = pclose(p);
    return st == 0 ? n : -1;
}

static void same_as_cli(const char *list, const char *suites)
{
    static cli_suite want[512];
    int n = openssl_ciphers(list, suites, want, 512);
    cr_assert_gt(n, 0, "openssl ciphers selected nothing for \"%s\"", list);
    vg_cipher_list got;
    vg_error err;
    cr_assert_eq(vg_cipher_expand(list, suites, &got, &err), 0, "%s", err.msg);
    cr_assert_eq(got.count, (size_t)n, "\"%s\" / \"%s\": vigie %zu suites, openssl %d",
                 list, suites ? suites : "(default)", got.count, n);
    for (int i = 0; i < n; i++) {
        cr_expect_str_eq(got.items[i].name, want[i].name, "\"%s\" suite %d", list, i);
        /* the CLI prints "TLSv1" where SSL_CIPHER_get_version() says "TLSv1.0" */
        const char *v = strcmp(want[i].version, "TLSv1") == 0 ? "TLSv1.0" : want[i].version;
        cr_expect_str_eq(got.items[i].version, v, "%s", want[i].name);
        cr_expect_eq(got.items[i].alg_bits, want[i].alg_bits, "%s: %d vs %d bits",
                     want[i].name, got.items[i].alg_bits, want[i].alg_bits);
    }
    vg_cipher_list_free(&got);
}

Test(cipher, nginx_default_matches_openssl_cli)
{
    same_as_cli(VG_CIPHER_NGINX_DEFAULT, vg_cipher_default_suites());
}

Test(cipher, cli_default_tls13_suites_match)
{
    same_as_cli("HIGH:!aNULL:!MD5", NULL);
}

Test(cipher, mozilla_intermediate_matches_openssl_cli)
{
    same_as_cli("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
                "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
}

Test(cipher, operators_and_legacy_aliases_match)
{
    same_as_cli("ALL:COMPLEMENTOFALL", "TLS_AES_256_GCM_SHA384");
    same_as_cli("MEDIUM:LOW:NULL:@STRENGTH", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256");
    same_as_cli("AES256+EECDH:AES256+EDH:!aNULL", "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256");
    same_as_cli("kEECDH+AESGCM:-AES128:+CHACHA20", "");
}

Test(cipher, strength_bits_for_256_and_128)
{
    vg_cipher_list l;
    vg_error err;
    cr_assert_eq(vg_cipher_expand("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256",
                                  "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256", &l, &err), 0);
    cr_assert_eq(l.count, 4);
    cr_expect_str_eq(l.items[0].std_name, "TLS_AES_256_GCM_SHA384");
    cr_expect_eq(l.items[0].bits, 256);
    cr_expect_eq(l.items[1].bits, 128);
    cr_expect_str_eq(l.items[3].std_name, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    cr_expect_eq(l.items[3].id, 0xC02F);
    char names[256];
    cr_expect_eq(vg_cipher_weak_names(&l, 256, names, sizeof names), 2);
    cr_expect_str_eq(names, "TLS_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256");
    vg_cipher_list_free(&l);
}

Test(cipher, rejected_strings_are_errors_not_empty_lists)
{
    vg_cipher_list l;
    vg_error err;
    cr_expect_eq(vg_cipher_expand("NO-SUCH-SUITE", NULL, &l, &err), -1);
    cr_expect(strstr(err.msg, "NO-SUCH-SUITE") != NULL, "%s", err.msg);
    cr_expect_eq(vg_cipher_expand("HIGH", "TLS_NOT_A_SUITE", &l, &err), -1);
    cr_expect(strstr(err.msg, "TLS 1.3") != NULL, "%s", err.msg);
}

Test(cipher, lookup_by_iana_or_openssl_name)
{
    vg_cipher_suite s;
    cr_assert(vg_cipher_lookup("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", &s));
    cr_expect_str_eq(s.name, "ECDHE-RSA-AES256-GCM-SHA384");
    cr_expect_eq(s.bits, 256);
    cr_assert(vg_cipher_lookup("AES128-SHA", &s));
    cr_expect_str_eq(s.std_name, "TLS_RSA_WITH_AES_128_CBC_SHA");
    cr_expect_not(vg_cipher_lookup("TLS_RSA_WITH_FOO", &s));
}

Test(cipher, weak_name_list_is_truncated_not_overflowed)
{
    vg_cipher_list l;
    vg_error err;
    cr_assert_eq(vg_cipher_expand("ALL:COMPLEMENTOFALL", "", &l, &err), 0);
    char small[40];
    size_t n = vg_cipher_weak_names(&l, 256, small, sizeof small);
    cr_expect_gt(n, 10);
    cr_expect_lt(strlen(small), sizeof small);
    cr_expect(strstr(small, "…") != NULL, "%s", small);
    vg_cipher_list_free(&l);
}
