/*
 * Constant-argument checks on OpenSSL and libcurl calls. Cipher strings
 * are expanded by OpenSSL itself (vg_cipher), so "HIGH:!aNULL" means exactly what it
 * means to the service at run time.
 */
#include "vg_clang_misuse.h"
#include "vg_clang.h"

#include "vg_cipher.h"

#include <stdio.h>
#include <string.h>

/* libcurl option numbers (curl.h: CURLOPTTYPE_* base + number); the
 * names are matched first, the numbers cover options spelt through
 * macros or variables. */
enum {
    CURLOPT_NUM_SSLVERSION = 32, CURLOPT_NUM_SSL_VERIFYPEER = 64,
    CURLOPT_NUM_SSL_VERIFYHOST = 81, CURLOPT_NUM_PROXY_SSL_VERIFYPEER = 248,
    CURLOPT_NUM_PROXY_SSL_VERIFYHOST = 249, CURLOPT_NUM_SSL_CIPHER_LIST = 10083,
    CURLOPT_NUM_TLS13_CIPHERS = 10276,
    SSL_CTRL_NUM_SET_MIN_PROTO = 123, TLS12_VERSION_NUM = 0x0303
};

static const char *const interesting[] = {
    "SSL_CTX_set_cipher_list", "SSL_set_cipher_list", "SSL_CTX_set_ciphersuites",
    "SSL_set_ciphersuites", "SSL_CTX_ctrl", "SSL_ctrl", "SSL_CTX_set_min_proto_version",
    "SSL_set_min_proto_version", "SSL_CTX_set_verify", "SSL_set_verify",
    "curl_easy_setopt", "TLSv1_method", "TLSv1_client_method", "TLSv1_server_method",
    "TLSv1_1_method", "TLSv1_1_client_method", "TLSv1_1_server_method", "SSLv3_method",
    "SSLv3_client_method", "SSLv3_server_method", "SSLv2_method", NULL};

bool vg_misuse_wants_constants(const char *callee)
{
    for (size_t i = 0; interesting[i]; i++)
        if (strcmp(callee, interesting[i]) == 0)
            return true;
    return false;
}

int vg_clang_weak_ciphers(const char *spec, int tls13, char *out, size_t outsz)
{
    vg_cipher_list l = {0};
    vg_error err = {{0}};
    /* Each call configures one protocol family: set_cipher_list the
     * TLS 1.2-and-below suites, set_ciphersuites the TLS 1.3 ones. */
    if (vg_cipher_expand(tls13 ? "DEFAULT" : spec, tls13 ? spec : "", &l, &err))
        return -1;
    size_t keep = 0;
    for (size_t i = 0; i < l.count; i++)
        if ((strcmp(l.items[i].version, "TLSv1.3") == 0) == (tls13 != 0))
            l.items[keep++] = l.items[i];
    l.count = keep;
    out[0] = 0;
    int weak = (int)vg_cipher_weak_names(&l, 256, out, outsz);
    vg_cipher_list_free(&l);
    return weak;
}

static int report(vg_findings *out, const char *rule, const fl_call *c, const char *file,
                  const char *fn, const char *detail, const char *msg)
{
    vg_finding *f = vg_findings_add(out, rule, VG_LEVEL_NONE, file, c->line, c->col, msg);
    if (!f)
        return -1;
    char fp[512];
    snprintf(fp, sizeof fp, "%s:%s:%s:%s", rule, fn ? fn : "", c->callee, detail);
    return vg_finding_set_logical(f, fn) || vg_finding_set_fingerprint(f, fp) ? -1 : 0;
}

static int ciphers(const vg_scan_opts *o, const fl_call *c, const fl_arg *a, int tls13,
                   const char *file, const char *fn, vg_findings *out)
{
    if (!a->str)
        return 0;
    char weak[2048], msg[2600];
    int n = vg_clang_weak_ciphers(a->str, tls13, weak, sizeof weak);
    if (n < 0)
        snprintf(msg, sizeof msg, "%s(\"%s\") is rejected by OpenSSL (no cipher suite matches); "
                 "the call fails at run time", c->callee, a->str);
    else if (n == 0)
        return 0;
    else
        snprintf(msg, sizeof msg, "%s(\"%s\") enables %d cipher suite%s under 256-bit strength: %s. "
                 "The policy requires 256-bit encryption; use e.g. \"%s\".", c->callee, a->str, n,
                 n == 1 ? "" : "s", weak,
                 tls13 ? "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
                       : "ECDHE+AESGCM+AES256:ECDHE+CHACHA20:!aNULL");
    return report(out, "TLS001", c, file, fn, a->str, msg);
}

static int min_proto(const fl_call *c, const fl_arg *a, const char *file, const char *fn,
                     vg_findings *out)
{
    if (!a->has_ival || a->ival >= TLS12_VERSION_NUM)
        return 0;
    char msg[512], detail[32];
    snprintf(detail, sizeof detail, "0x%llx", a->ival);
    snprintf(msg, sizeof msg, "minimum protocol version set to %s: SSL 3, TLS 1.0 and TLS 1.1 "
             "must not be accepted; use TLS1_2_VERSION or later",
             a->ival == 0 ? "0 (the lowest the library supports)" : detail);
    return report(out, "TLS002", c, file, fn, detail, msg);
}

static int curl_opt(const fl_call *c, const char *file, const char *fn, vg_findings *out)
{
    if (c->nargs < 3)
        return 0;
    const fl_arg *opt = &c->args[1], *val = &c->args[2];
    const char *name = opt->name ? opt->name : "";
    long long num = opt->has_ival ? opt->ival : -1;
    char msg[512];
#define IS(N) (strcmp(name, "CURLOPT_" #N) == 0 || num == CURLOPT_NUM_##N)
    if ((IS(SSL_VERIFYPEER) || IS(SSL_VERIFYHOST) || IS(PROXY_SSL_VERIFYPEER) ||
         IS(PROXY_SSL_VERIFYHOST)) && val->has_ival && val->ival == 0) {
        snprintf(msg, sizeof msg, "curl_easy_setopt(%s, 0) turns certificate verification off: "
                 "any server can impersonate the peer; keep the default (verification on) and "
                 "give CURLOPT_CAINFO if a private CA is used", name[0] ? name : "option");
        return report(out, "TLS004", c, file, fn, name, msg);
    }
    if (IS(SSLVERSION) && val->has_ival) {
        long long v = val->ival & 0xffff;   /* low bits: minimum; high bits: maximum */
        if (v >= 1 && v <= 5) {
            static const char *const names[] = {"", "CURL_SSLVERSION_TLSv1", "CURL_SSLVERSION_SSLv2",
                                                "CURL_SSLVERSION_SSLv3", "CURL_SSLVERSION_TLSv1_0",
                                                "CURL_SSLVERSION_TLSv1_1"};
            snprintf(msg, sizeof msg, "CURLOPT_SSLVERSION %s allows protocols below TLS 1.2; "
                     "use CURL_SSLVERSION_TLSv1_2 or later", names[v]);
            return report(out, "TLS002", c, file, fn, names[v], msg);
        }
    }
    if (IS(SSL_CIPHER_LIST))
        return val->str ? ciphers(NULL, c, val, 0, file, fn, out) : 0;
    if (IS(TLS13_CIPHERS))
        return val->str ? ciphers(NULL, c, val, 1, file, fn, out) : 0;
#undef IS
    return 0;
}

int vg_misuse_check(const vg_scan_opts *o, const fl_call *c, const char *file,
                    const char *fn, vg_findings *out)
{
    const char *n = c->callee;
    char msg[512];
    if (!strcmp(n, "SSL_CTX_set_cipher_list") || !strcmp(n, "SSL_set_cipher_list"))
        return c->nargs >= 2 ? ciphers(o, c, &c->args[1], 0, file, fn, out) : 0;
    if (!strcmp(n, "SSL_CTX_set_ciphersuites") || !strcmp(n, "SSL_set_ciphersuites"))
        return c->nargs >= 2 ? ciphers(o, c, &c->args[1], 1, file, fn, out) : 0;
    if (!strcmp(n, "SSL_CTX_ctrl") || !strcmp(n, "SSL_ctrl")) {
        if (c->nargs >= 3 && c->args[1].has_ival && c->args[1].ival == SSL_CTRL_NUM_SET_MIN_PROTO)
            return min_proto(c, &c->args[2], file, fn, out);
        return 0;
    }
    if (!strcmp(n, "SSL_CTX_set_min_proto_version") || !strcmp(n, "SSL_set_min_proto_version"))
        return c->nargs >= 2 ? min_proto(c, &c->args[1], file, fn, out) : 0;
    if (!strcmp(n, "SSL_CTX_set_verify") || !strcmp(n, "SSL_set_verify")) {
        if (c->nargs >= 2 && c->args[1].has_ival && c->args[1].ival == 0) {
            if (c->args[1].name)        /* a variable: 0 on some path */
                snprintf(msg, sizeof msg, "%s() is given %s, which is 0 (SSL_VERIFY_NONE) on "
                         "a path that assigns it nothing: certificate verification is off "
                         "there; use SSL_VERIFY_PEER with a trust store", n, c->args[1].name);
            else
                snprintf(msg, sizeof msg, "%s(SSL_VERIFY_NONE) turns certificate verification "
                         "off: use SSL_VERIFY_PEER with a trust store", n);
            return report(out, "TLS004", c, file, fn, "SSL_VERIFY_NONE", msg);
        }
        return 0;
    }
    if (!strcmp(n, "curl_easy_setopt"))
        return curl_opt(c, file, fn, out);
    if (strstr(n, "method")) {      /* TLSv1_method() and friends: fixed old protocols */
        snprintf(msg, sizeof msg, "%s() pins a protocol below TLS 1.2; use TLS_method() with "
                 "SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)", n);
        return report(out, "TLS002", c, file, fn, n, msg);
    }
    return 0;
}

int vg_misuse_unverified_peer(const fl_call *c, const char *file, const char *fn,
                              vg_findings *out)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s() takes the peer certificate but nothing in this unit calls "
             "SSL_get_verify_result(): the certificate may be used unverified; check that it "
             "equals X509_V_OK, or use SSL_VERIFY_PEER", c->callee);
    return report(out, "TLS004", c, file, fn, "unverified-peer", msg);
}

int vg_misuse_accept_all(const fl_call *c, const char *cb, const char *file, const char *fn,
                         vg_findings *out)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s() installs the verify callback %s(), which returns 1 on every "
             "path: every certificate is accepted, whatever OpenSSL found; return the "
             "preverify result", c->callee, cb);
    return report(out, "TLS004", c, file, fn, cb, msg);
}
