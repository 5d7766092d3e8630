#ifndef VG_TLS_CIPHERS_H
#define VG_TLS_CIPHERS_H
/*
 * vg_tls_ciphers: the cipher-suite facts of the ruleset's "ciphers" table
 * (docs/ruleset-format.md): IANA id and name, OpenSSL name, key exchange,
 * authentication, symmetric cipher and its bits. The TLS probe offers
 * every suite of this table and names what the server accepts from it.
 *
 * Ownership: the strings are borrowed from the ruleset's JSON document, so
 * the ruleset must outlive the table. Free the table with
 * vg_tls_ciphers_free().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vg_error.h"
#include "vg_ruleset.h"

typedef struct vg_tls_cipher {
    uint16_t id;              /* IANA value, e.g. 0xC030 */
    const char *name;         /* IANA name (or the vendor's for private ids) */
    const char *openssl;      /* OpenSSL's name, NULL when OpenSSL has none */
    const char *since;        /* first protocol defining it: SSLv3, TLSv1, TLSv1.2, TLSv1.3 */
    const char *kx;           /* ECDHE, DHE, RSA, ECDH, DH, PSK, any (TLS 1.3) ... */
    const char *auth;         /* RSA, ECDSA, DSS, anon, PSK, any ... */
    const char *enc;          /* AESGCM, AES, ChaCha20, 3DES, RC4, None ... */
    const char *mac;
    int bits;                 /* symmetric key bits; 0 for NULL encryption */
    bool export_grade;
    bool tls13;               /* a TLS 1.3 suite (offered only in TLS 1.3) */
} vg_tls_cipher;

typedef struct vg_tls_ciphers {
    vg_tls_cipher *items;     /* sorted by id */
    size_t count;
} vg_tls_ciphers;

/* Read and validate the ruleset's "ciphers" table. Every entry needs id
 * ("0xC030"), name, since, kx, auth, enc, mac and bits; ids are unique.
 * Errors name the entry: "<built-in>: ciphers[12].bits: ...". */
int vg_tls_ciphers_load(const vg_ruleset *rs, vg_tls_ciphers *out, vg_error *err);
void vg_tls_ciphers_free(vg_tls_ciphers *t);

/* NULL when the id is not in the table. */
const vg_tls_cipher *vg_tls_ciphers_find(const vg_tls_ciphers *t, uint16_t id);
/* Look up by IANA or OpenSSL name; NULL when unknown. */
const vg_tls_cipher *vg_tls_ciphers_by_name(const vg_tls_ciphers *t, const char *name);

#endif
