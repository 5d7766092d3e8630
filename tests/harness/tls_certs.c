#include "tls_certs.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>

static int write_pem(const char *dir, const char *base, X509 *crt, EVP_PKEY *key)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.pem", dir, base);
    FILE *f = fopen(path, "w");
    if (!f || !PEM_write_X509(f, crt)) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/%s.key", dir, base);
    f = fopen(path, "w");
    if (!f || !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)) {
        if (f)
            fclose(f);
        return -1;
    }
    return fclose(f);
}

static EVP_PKEY *read_key(const char *dir, const char *base)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.key", dir, base);
    FILE *f = fopen(path, "r");
    EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    return k;
}

static X509 *read_cert(const char *dir, const char *base)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.pem", dir, base);
    FILE *f = fopen(path, "r");
    X509 *c = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    return c;
}

static void add_ext(X509 *crt, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, crt, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (ext) {
        X509_add_ext(crt, ext, -1);
        X509_EXTENSION_free(ext);
    }
}

static X509 *new_cert(const char *cn, EVP_PKEY *key, long nb_days, long na_days, long serial)
{
    X509 *crt = X509_new();
    X509_set_version(crt, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(crt), serial);
    X509_gmtime_adj(X509_getm_notBefore(crt), nb_days * 86400);
    X509_gmtime_adj(X509_getm_notAfter(crt), na_days * 86400);
    X509_set_pubkey(crt, key);
    X509_NAME *n = X509_get_subject_name(crt);
    X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *)"Vigie tests", -1, -1, 0);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    return crt;
}

int tls_make_ca(const char *dir)
{
    EVP_PKEY *key = EVP_RSA_gen(2048);
    if (!key)
        return -1;
    X509 *crt = new_cert("Vigie Test CA", key, -1, 365, 1);
    X509_set_issuer_name(crt, X509_get_subject_name(crt));
    add_ext(crt, crt, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(crt, crt, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(crt, crt, NID_subject_key_identifier, "hash");
    int rc = X509_sign(crt, key, EVP_sha256()) > 0 ? write_pem(dir, "ca", crt, key) : -1;
    X509_free(crt);
    EVP_PKEY_free(key);
    return rc;
}

int tls_make_cert(const char *dir, const tls_cert_spec *s)
{
    static long serial = 100;
    EVP_PKEY *key = s->ec ? EVP_EC_gen("P-256")
                          : EVP_RSA_gen((unsigned)(s->rsa_bits ? s->rsa_bits : 2048));
    EVP_PKEY *ca_key = s->self_signed ? NULL : read_key(dir, "ca");
    X509 *ca = s->self_signed ? NULL : read_cert(dir, "ca");
    int rc = -1;
    if (!key || (!s->self_signed && (!ca_key || !ca)))
        goto out;
    X509 *crt = new_cert(s->cn, key, s->not_before_days, s->not_after_days, ++serial);
    X509 *issuer = s->self_signed ? crt : ca;
    X509_set_issuer_name(crt, X509_get_subject_name(issuer));
    add_ext(crt, issuer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(crt, issuer, NID_ext_key_usage, "serverAuth");
    if (s->san)
        add_ext(crt, issuer, NID_subject_alt_name, s->san);
    if (X509_sign(crt, s->self_signed ? key : ca_key, s->sha1 ? EVP_sha1() : EVP_sha256()) > 0)
        rc = write_pem(dir, s->file, crt, key);
    X509_free(crt);
out:
    EVP_PKEY_free(key);
    EVP_PKEY_free(ca_key);
    X509_free(ca);
    return rc;
}
