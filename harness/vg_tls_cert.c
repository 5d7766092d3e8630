#include "vg_tls_cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *vg_cert_fault_name(vg_cert_fault_kind k)
{
    static const char *const names[] = {"chain", "self-signed", "hostname", "expired",
                                        "not-yet-valid", "weak-key", "weak-signature",
                                        "missing"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

static bool has_fault(const vg_tls_cert_info *ci, vg_cert_fault_kind k)
{
    for (size_t i = 0; i < ci->nfaults; i++)
        if (ci->faults[i].kind == k)
            return true;
    return false;
}

/* A fault with the catalogue message `id` (vg_msg.h), arguments by argfmt. */
static void add_fault(vg_tls_cert_info *ci, vg_cert_fault_kind k, const char *id,
                      const char *argfmt, ...) __attribute__((format(printf, 4, 5)));
static void add_fault(vg_tls_cert_info *ci, vg_cert_fault_kind k, const char *id,
                      const char *argfmt, ...)
{
    va_list ap;
    if (has_fault(ci, k))
        return;                 /* one finding per fault kind is enough */
    vg_cert_fault *nf = realloc(ci->faults, (ci->nfaults + 1) * sizeof *nf);
    if (!nf)
        return;
    ci->faults = nf;
    vg_cert_fault *f = &nf[ci->nfaults];
    memset(f, 0, sizeof *f);
    f->kind = k;
    va_start(ap, argfmt);
    int rc = vg_msgref_build(&f->msg, id, NULL, NULL, argfmt, ap);
    va_end(ap);
    if (!rc && (f->message = vg_msgref_render(&f->msg, VG_LANG_EN, NULL, 0)))
        ci->nfaults++;
    else
        vg_msgref_free(&f->msg);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void ssl_errors(char *buf, size_t cap)
{
    unsigned long e = ERR_get_error();
    if (e)
        ERR_error_string_n(e, buf, cap);
    else
        snprintf(buf, cap, "%s", errno ? strerror(errno) : "connection closed");
    ERR_clear_error();
}

/* SSL_connect on a non-blocking socket, each wait bounded by the deadline. */
static int handshake(SSL *ssl, int fd, const vg_tls_endpoint *ep, vg_error *err)
{
    long long deadline = now_ms() + ep->timeout_ms;
    for (;;) {
        errno = 0;
        ERR_clear_error();      /* SSL_get_error reads the queue: only this call's */
        int r = SSL_connect(ssl);
        if (r == 1)
            return 0;
        int e = SSL_get_error(ssl, r);
        short ev = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        if (!ev) {
            char why[256];
            ssl_errors(why, sizeof why);
            return vg_error_set(err, VG_EIO, "TLS handshake failed: %s", why);
        }
        long long left = deadline - now_ms();
        struct pollfd p = {.fd = fd, .events = ev};
        int n = left > 0 ? poll(&p, 1, (int)left) : 0;
        if (n == 0)
            return vg_error_set(err, VG_EIO, "TLS handshake not finished within %d ms", ep->timeout_ms);
        if (n < 0 && errno != EINTR)
            return vg_error_set(err, VG_EIO, "poll: %s", strerror(errno));
    }
}

static void fmt_time(const ASN1_TIME *t, char *buf, size_t cap)
{
    struct tm tm;
    if (t && ASN1_TIME_to_tm(t, &tm))
        strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
    else
        snprintf(buf, cap, "unknown");
}

static char *name_line(const X509_NAME *n)
{
    char *s = X509_NAME_oneline(n, NULL, 0);
    char *r = strdup(s ? s : "");
    OPENSSL_free(s);
    return r;
}

static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    if (ok)
        return 1;
    vg_tls_cert_info *ci = X509_STORE_CTX_get_app_data(ctx);
    int e = X509_STORE_CTX_get_error(ctx), depth = X509_STORE_CTX_get_error_depth(ctx);
    const char *what = X509_verify_cert_error_string(e);
    switch (e) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        if (depth == 0)
            add_fault(ci, VG_CERT_EXPIRED, "cert.expired", "%s", ci->not_after);
        else
            add_fault(ci, VG_CERT_CHAIN, "cert.chain-expired", "%d", depth);
        break;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        if (depth == 0)
            add_fault(ci, VG_CERT_NOT_YET_VALID, "cert.not-yet-valid", "%s",
                      ci->not_before);
        else
            add_fault(ci, VG_CERT_CHAIN, "cert.chain-not-yet-valid", "%d",
                      depth);
        break;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        add_fault(ci, VG_CERT_SELF_SIGNED, "cert.self-signed", "%s", what);
        break;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        break;                  /* checked on its own, with the names it covers */
    default:
        if (!has_fault(ci, VG_CERT_SELF_SIGNED))
            add_fault(ci, VG_CERT_CHAIN, "cert.chain", "%s" VG_ARG "%d", what, depth);
    }
    return 1;                   /* keep going: report every fault, not the first */
}

static int verify_chain(STACK_OF(X509) *chain, X509 *leaf, const char *ca_file,
                        vg_tls_cert_info *ci, vg_error *err)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *vctx = X509_STORE_CTX_new();
    int rc = -1;
    if (!store || !vctx) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        goto out;
    }
    /* The system store through its hashed directory: certificates are read
     * when a chain needs them, instead of parsing the whole bundle. */
    if (ca_file ? X509_STORE_load_file(store, ca_file) != 1
                : X509_STORE_load_path(store, X509_get_default_cert_dir()) != 1) {
        char why[256];
        ssl_errors(why, sizeof why);
        vg_error_set(err, VG_EIO, "cannot load %s: %s", ca_file ? ca_file : "the system trust store",
                     why);
        goto out;
    }
    if (X509_STORE_CTX_init(vctx, store, leaf, chain) != 1) {
        vg_error_set(err, VG_EIO, "cannot set up certificate verification");
        goto out;
    }
    X509_STORE_CTX_set_default(vctx, "ssl_server");
    X509_STORE_CTX_set_app_data(vctx, ci);
    X509_STORE_CTX_set_verify_cb(vctx, verify_cb);
    X509_verify_cert(vctx);
    ERR_clear_error();
    rc = 0;
out:
    X509_STORE_CTX_free(vctx);
    X509_STORE_free(store);
    return rc;
}

static void names_covered(X509 *leaf, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    GENERAL_NAMES *gens = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; gens && i < sk_GENERAL_NAME_num(gens) && len + 2 < cap; i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
        char ip[64] = "";
        const char *s = NULL;
        if (g->type == GEN_DNS)
            s = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
        else if (g->type == GEN_IPADD) {
            int l = ASN1_STRING_length(g->d.iPAddress);
            inet_ntop(l == 16 ? AF_INET6 : AF_INET, ASN1_STRING_get0_data(g->d.iPAddress),
                      ip, sizeof ip);
            s = ip;
        }
        if (s)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", s);
    }
    GENERAL_NAMES_free(gens);
    if (!buf[0]) {
        char cn[256];
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(leaf), NID_commonName, cn,
                                      sizeof cn) > 0)
            snprintf(buf, cap, "CN %s only, no subjectAltName", cn);
        else
            snprintf(buf, cap, "no name at all");
    }
}

static void check_name(X509 *leaf, const char *name, vg_tls_cert_info *ci)
{
    unsigned char tmp[16];
    bool ip = inet_pton(AF_INET, name, tmp) == 1 || inet_pton(AF_INET6, name, tmp) == 1;
    int ok = ip ? X509_check_ip_asc(leaf, name, 0) : X509_check_host(leaf, name, 0, 0, NULL);
    if (ok != 1) {
        char covered[300];
        names_covered(leaf, covered, sizeof covered);
        add_fault(ci, VG_CERT_HOSTNAME, "cert.hostname", "%s" VG_ARG "%s",
                  name, covered);
    }
}

static void check_key_and_signature(X509 *leaf, vg_tls_cert_info *ci)
{
    EVP_PKEY *pk = X509_get0_pubkey(leaf);
    if (pk) {
        int id = EVP_PKEY_get_base_id(pk);
        ci->key_bits = EVP_PKEY_get_bits(pk);
        char group[32] = "";
        size_t gl = 0;
        switch (id) {
        case EVP_PKEY_RSA:
        case EVP_PKEY_RSA_PSS:
            snprintf(ci->key_type, sizeof ci->key_type, "RSA");
            if (ci->key_bits < 2048)
                add_fault(ci, VG_CERT_WEAK_KEY, "cert.rsa-weak", "%d",
                          ci->key_bits);
            break;
        case EVP_PKEY_DSA:
            snprintf(ci->key_type, sizeof ci->key_type, "DSA");
            add_fault(ci, VG_CERT_WEAK_KEY, "cert.dsa", "%d", ci->key_bits);
            break;
        case EVP_PKEY_EC:
            EVP_PKEY_get_group_name(pk, group, sizeof group, &gl);
            /* a curve's name fits; a longer one is cut, not overrun */
            snprintf(ci->key_type, sizeof ci->key_type, "EC %.20s", group);
            if (ci->key_bits < 256)
                add_fault(ci, VG_CERT_WEAK_KEY, "cert.ec-weak", "%d" VG_ARG "%s",
                          ci->key_bits, group);
            break;
        default:
            snprintf(ci->key_type, sizeof ci->key_type, "%s", OBJ_nid2sn(id));
        }
    }
    int signid = X509_get_signature_nid(leaf), mdnid = NID_undef, pknid = NID_undef;
    snprintf(ci->signature, sizeof ci->signature, "%s", OBJ_nid2ln(signid));
    if (OBJ_find_sigid_algs(signid, &mdnid, &pknid) &&
        (mdnid == NID_md5 || mdnid == NID_sha1 || mdnid == NID_md4 || mdnid == NID_md2 ||
         mdnid == NID_md5_sha1))
        add_fault(ci, VG_CERT_WEAK_SIGNATURE, "cert.signature", "%s",
                  ci->signature);
}

static void key_exchange(SSL *ssl, vg_tls_cert_info *ci)
{
    EVP_PKEY *tmp = NULL;
    snprintf(ci->protocol, sizeof ci->protocol, "%s", SSL_get_version(ssl));
    snprintf(ci->cipher, sizeof ci->cipher, "%s", SSL_get_cipher_name(ssl));
    if (!SSL_get_peer_tmp_key(ssl, &tmp))
        return;
    int id = EVP_PKEY_get_base_id(tmp);
    size_t gl = 0;
    ci->kx_bits = EVP_PKEY_get_bits(tmp);
    if (id == EVP_PKEY_EC)
        EVP_PKEY_get_group_name(tmp, ci->kx_group, sizeof ci->kx_group, &gl);
    else
        snprintf(ci->kx_group, sizeof ci->kx_group, "%s",
                 id == EVP_PKEY_DH ? "DH" : OBJ_nid2sn(id));
    EVP_PKEY_free(tmp);
}

static int inspect(SSL *ssl, const char *name, const char *ca_file, vg_tls_cert_info *ci,
                   vg_error *err)
{
    key_exchange(ssl, ci);
    X509 *leaf = SSL_get0_peer_certificate(ssl);
    if (!leaf) {
        add_fault(ci, VG_CERT_MISSING, "cert.missing", "%s" VG_ARG "%s", ci->protocol,
                  ci->cipher);
        return 0;
    }
    return vg_tls_cert_judge(leaf, SSL_get_peer_cert_chain(ssl), name, ca_file, ci, err);
}

int vg_tls_cert_judge(X509 *leaf, STACK_OF(X509) *chain, const char *name, const char *ca_file,
                      vg_tls_cert_info *ci, vg_error *err)
{
    ci->subject = name_line(X509_get_subject_name(leaf));
    ci->issuer = name_line(X509_get_issuer_name(leaf));
    fmt_time(X509_get0_notBefore(leaf), ci->not_before, sizeof ci->not_before);
    fmt_time(X509_get0_notAfter(leaf), ci->not_after, sizeof ci->not_after);
    if (verify_chain(chain, leaf, ca_file, ci, err))
        return -1;
    /* Dates once more: OpenSSL may stop checking them on a broken chain. */
    if (X509_cmp_current_time(X509_get0_notAfter(leaf)) < 0)
        add_fault(ci, VG_CERT_EXPIRED, "cert.expired", "%s", ci->not_after);
    if (X509_cmp_current_time(X509_get0_notBefore(leaf)) > 0)
        add_fault(ci, VG_CERT_NOT_YET_VALID, "cert.not-yet-valid", "%s",
                  ci->not_before);
    check_name(leaf, name, ci);
    check_key_and_signature(leaf, ci);
    return 0;
}

/* One OpenSSL client handshake with ep (ciphers in OpenSSL syntax, up to
 * max_version, 0 for any), then `then(ssl, arg)`. */
typedef int (*session_fn)(SSL *ssl, void *arg, vg_error *err);

static int with_session(const vg_tls_endpoint *ep, const char *ciphers, int max_version,
                        session_fn then, void *arg, vg_error *err)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = NULL;
    int fd = -1, rc = -1;
    if (!ctx) {
        vg_error_set(err, VG_EIO, "cannot create a TLS context");
        goto out;
    }
    /* See what the server offers, not what a careful client would take:
     * every protocol and suite this OpenSSL still has. */
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_min_proto_version(ctx, 0);
    SSL_CTX_set_max_proto_version(ctx, max_version);
    if (SSL_CTX_set_cipher_list(ctx, ciphers) != 1) {
        vg_error_set(err, VG_EINPUT, "OpenSSL offers no suite for \"%s\"", ciphers);
        goto out;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    if ((fd = vg_tls_connect(ep, err)) < 0)
        goto out;
    if (!(ssl = SSL_new(ctx)) || !SSL_set_fd(ssl, fd)) {
        vg_error_set(err, VG_EIO, "cannot create a TLS session");
        goto out;
    }
    if (ep->sni && *ep->sni)
        SSL_set_tlsext_host_name(ssl, ep->sni);
    /* OpenSSL writes with write(2): a server that closes early would kill
     * the process with SIGPIPE. Block it for this thread, drain it after. */
    sigset_t pipe_set, old_set;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
    if (handshake(ssl, fd, ep, err) == 0)
        rc = then(ssl, arg, err);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
        ;
    pthread_sigmask(SIG_SETMASK, &old_set, NULL);
out:
    if (ssl)
        SSL_free(ssl);          /* no close_notify: the peer may be hostile */
    SSL_CTX_free(ctx);
    if (fd >= 0)
        close(fd);
    ERR_clear_error();
    return rc;
}

typedef struct cert_args {
    const char *name, *ca_file;
    vg_tls_cert_info *out;
} cert_args;

static int cert_then(SSL *ssl, void *arg, vg_error *err)
{
    cert_args *a = arg;
    return inspect(ssl, a->name, a->ca_file, a->out, err);
}

int vg_tls_cert_check(const vg_tls_endpoint *ep, const char *name, const char *ca_file,
                      vg_tls_cert_info *out, vg_error *err)
{
    memset(out, 0, sizeof *out);
    if (ca_file && access(ca_file, R_OK) != 0)
        return vg_error_set(err, vg_error_code_errno(errno), "cannot read CA file %s: %s", ca_file,
                            strerror(errno));
    cert_args a = {.name = name, .ca_file = ca_file, .out = out};
    int rc = with_session(ep, "ALL:COMPLEMENTOFALL:@SECLEVEL=0", 0, cert_then, &a, err);
    if (rc)
        vg_tls_cert_info_free(out);
    return rc;
}

static int kx_then(SSL *ssl, void *arg, vg_error *err)
{
    vg_tls_cert_info tmp;
    memset(&tmp, 0, sizeof tmp);
    key_exchange(ssl, &tmp);
    vg_tls_kx *kx = arg;
    memcpy(kx->group, tmp.kx_group, sizeof kx->group);
    kx->bits = tmp.kx_bits;
    memcpy(kx->cipher, tmp.cipher, sizeof kx->cipher);
    if (!kx->group[0])
        return vg_error_set(err, VG_EINPUT, "%s %s has no ephemeral key", tmp.protocol, tmp.cipher);
    return 0;
}

int vg_tls_kx_probe(const vg_tls_endpoint *ep, const char *ciphers, vg_tls_kx *out,
                    vg_error *err)
{
    memset(out, 0, sizeof *out);
    return with_session(ep, ciphers, TLS1_2_VERSION, kx_then, out, err);
}

void vg_tls_cert_info_free(vg_tls_cert_info *ci)
{
    free(ci->subject);
    free(ci->issuer);
    for (size_t i = 0; i < ci->nfaults; i++) {
        free(ci->faults[i].message);
        vg_msgref_free(&ci->faults[i].msg);
    }
    free(ci->faults);
    memset(ci, 0, sizeof *ci);
}
