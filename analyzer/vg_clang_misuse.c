/*
 * Constant-argument checks on OpenSSL and libcurl calls. Cipher strings
 * are expanded by OpenSSL itself (vg_cipher), so "HIGH:!aNULL" means exactly what it
 * means to the service at run time.
 */
#include "vg_clang_misuse.h"
#include "vg_clang.h"

#include "vg_cipher.h"

#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
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
    vg_error err = {0};
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

/* A finding with the catalogue's message `id`, arguments by argfmt. */
static int report(vg_findings *out, const char *rule, const fl_call *c, const char *file,
                  const char *fn, const char *detail, const char *id, const char *argfmt, ...)
    __attribute__((format(printf, 8, 9)));
static int report(vg_findings *out, const char *rule, const fl_call *c, const char *file,
                  const char *fn, const char *detail, const char *id, const char *argfmt, ...)
{
    va_list ap;
    va_start(ap, argfmt);
    vg_finding *f = vg_findings_vaddm(out, rule, VG_LEVEL_NONE, file, c->line, c->col, NULL,
                                      NULL, id, argfmt, ap);
    va_end(ap);
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
    char weak[2048];
    int n = vg_clang_weak_ciphers(a->str, tls13, weak, sizeof weak);
    if (n < 0)
        return report(out, "TLS001", c, file, fn, a->str, "TLS001.code-rejected",
                      "%s" VG_ARG "%s", c->callee, a->str);
    if (n == 0)
        return 0;
    return report(out, "TLS001", c, file, fn, a->str, "TLS001.code-weak",
                  "%s" VG_ARG "%s" VG_ARG "%d" VG_ARG "%s" VG_ARG "%s", c->callee, a->str, n,
                  weak, tls13 ? "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
                              : "ECDHE+AESGCM+AES256:ECDHE+CHACHA20:!aNULL");
}

static int min_proto(const fl_call *c, const fl_arg *a, const char *file, const char *fn,
                     vg_findings *out)
{
    if (!a->has_ival || a->ival >= TLS12_VERSION_NUM)
        return 0;
    char detail[32];
    snprintf(detail, sizeof detail, "0x%llx", a->ival);
    if (a->ival == 0)
        return report(out, "TLS002", c, file, fn, detail, "TLS002.code-min-lowest", NULL);
    return report(out, "TLS002", c, file, fn, detail, "TLS002.code-min", "%s", detail);
}

static int curl_opt(const fl_call *c, const char *file, const char *fn, vg_findings *out)
{
    if (c->nargs < 3)
        return 0;
    const fl_arg *opt = &c->args[1], *val = &c->args[2];
    const char *name = opt->name ? opt->name : "";
    long long num = opt->has_ival ? opt->ival : -1;
#define IS(N) (strcmp(name, "CURLOPT_" #N) == 0 || num == CURLOPT_NUM_##N)
    if ((IS(SSL_VERIFYPEER) || IS(SSL_VERIFYHOST) || IS(PROXY_SSL_VERIFYPEER) ||
         IS(PROXY_SSL_VERIFYHOST)) && val->has_ival && val->ival == 0) {
        return report(out, "TLS004", c, file, fn, name, "TLS004.curl-verify", "%s",
                      name[0] ? name : "option");
    }
    if (IS(SSLVERSION) && val->has_ival) {
        long long v = val->ival & 0xffff;   /* low bits: minimum; high bits: maximum */
        if (v >= 1 && v <= 5) {
            static const char *const names[] = {"", "CURL_SSLVERSION_TLSv1", "CURL_SSLVERSION_SSLv2",
                                                "CURL_SSLVERSION_SSLv3", "CURL_SSLVERSION_TLSv1_0",
                                                "CURL_SSLVERSION_TLSv1_1"};
            return report(out, "TLS002", c, file, fn, names[v], "TLS002.curl-version", "%s",
                          names[v]);
        }
    }
    if (IS(SSL_CIPHER_LIST))
        return val->str ? ciphers(NULL, c, val, 0, file, fn, out) : 0;
    if (IS(TLS13_CIPHERS))
        return val->str ? ciphers(NULL, c, val, 1, file, fn, out) : 0;
#undef IS
    return 0;
}

bool vg_misuse_ctx_setting(const char *n)
{
    return !strcmp(n, "SSL_CTX_set_cipher_list") || !strcmp(n, "SSL_CTX_set_ciphersuites") ||
           !strcmp(n, "SSL_CTX_set_min_proto_version") || !strcmp(n, "SSL_CTX_ctrl");
}

int vg_misuse_check(const vg_scan_opts *o, const fl_call *c, const char *file,
                    const char *fn, vg_findings *out)
{
    const char *n = c->callee;
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
                return report(out, "TLS004", c, file, fn, "SSL_VERIFY_NONE",
                              "TLS004.verify-maybe-none", "%s" VG_ARG "%s", n,
                              c->args[1].name);
            return report(out, "TLS004", c, file, fn, "SSL_VERIFY_NONE", "TLS004.verify-none",
                          "%s", n);
        }
        return 0;
    }
    if (!strcmp(n, "curl_easy_setopt"))
        return curl_opt(c, file, fn, out);
    if (strstr(n, "method")) {      /* TLSv1_method() and friends: fixed old protocols */
        return report(out, "TLS002", c, file, fn, n, "TLS002.pinned-method", "%s", n);
    }
    return 0;
}

int vg_misuse_unverified_peer(const fl_call *c, const char *file, const char *fn,
                              vg_findings *out)
{
    return report(out, "TLS004", c, file, fn, "unverified-peer", "TLS004.unverified-peer", "%s",
                  c->callee);
}

int vg_misuse_accept_all(const fl_call *c, const char *cb, const char *file, const char *fn,
                         vg_findings *out)
{
    return report(out, "TLS004", c, file, fn, cb, "TLS004.accept-all-callback",
                  "%s" VG_ARG "%s", c->callee, cb);
}
