#ifndef TLS_CERTS_H
#define TLS_CERTS_H
/*
 * Certificates for the TLS tests, made with the OpenSSL API in a given
 * directory: a test CA, and leaf certificates signed by it or by
 * themselves, with chosen names, validity, key size and signature hash.
 */
#include <stdbool.h>

typedef struct tls_cert_spec {
    const char *file;          /* base name: writes FILE.pem and FILE.key */
    const char *cn;
    const char *san;           /* "DNS:portail.test", or NULL */
    long not_before_days;      /* relative to now, e.g. -30 */
    long not_after_days;       /* e.g. 30; negative: already expired */
    int rsa_bits;              /* 2048, or 1024 for a weak key */
    bool ec;                   /* a P-256 key instead of RSA */
    bool self_signed;
    bool sha1;                 /* sign with SHA-1 instead of SHA-256 */
} tls_cert_spec;

/* Write DIR/ca.pem and DIR/ca.key (once per directory). */
int tls_make_ca(const char *dir);
/* Write the leaf; needs tls_make_ca(dir) first unless self_signed. */
int tls_make_cert(const char *dir, const tls_cert_spec *spec);

#endif
