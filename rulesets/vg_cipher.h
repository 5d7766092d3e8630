#ifndef VG_CIPHER_H
#define VG_CIPHER_H
/*
 * vg_cipher: what a cipher string really means, asked of OpenSSL itself.
 *
 * "HIGH:!aNULL:!MD5" is a small program; only OpenSSL's own parser knows
 * which suites it selects. vg_cipher_expand() hands the string to an
 * SSL_CTX (security level 0, so legacy suites still appear and can be
 * named) and reads back the suites in preference order, the same list
 * `openssl ciphers -v` prints. Used by the config checkers, the libclang
 * analyzer (arguments of SSL_CTX_set_cipher_list) and the TLS probe.
 *
 * Thread-safe: every call builds and frees its own SSL_CTX.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vg_error.h"

typedef struct vg_cipher_suite {
    char name[64];        /* OpenSSL name: "ECDHE-RSA-AES128-GCM-SHA256" */
    char std_name[96];    /* RFC/IANA name: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" */
    char version[16];     /* lowest protocol: "TLSv1.3", "TLSv1.2", "TLSv1.0", "SSLv3" */
    uint16_t id;          /* IANA two-byte code */
    int bits;             /* effective symmetric strength (3DES: 112) */
    int alg_bits;         /* key size of the cipher (3DES: 168) */
} vg_cipher_suite;

typedef struct vg_cipher_list {
    vg_cipher_suite *items;   /* owned; free with vg_cipher_list_free() */
    size_t count;
} vg_cipher_list;

/* Expand `list` (TLS 1.2-and-below cipher string, OpenSSL syntax; NULL means
 * OpenSSL's built-in default) and `suites` (TLS 1.3 ciphersuites, colon
 * separated; NULL means OpenSSL's default, "" means none). TLS 1.3 suites
 * come first, as OpenSSL orders them. Returns 0, or -1 with err set when
 * OpenSSL rejects a string (it selects no suite, or names an unknown
 * TLS 1.3 suite). */
int vg_cipher_expand(const char *list, const char *suites, vg_cipher_list *out,
                     vg_error *err);
void vg_cipher_list_free(vg_cipher_list *l);

/* Look a suite up by its RFC/IANA name (Java/JSSE use these too) or its
 * OpenSSL name. Returns true and fills *out when OpenSSL knows it. */
bool vg_cipher_lookup(const char *name, vg_cipher_suite *out);

/* nginx's ssl_ciphers default, used when a TLS server sets none. */
#define VG_CIPHER_NGINX_DEFAULT "HIGH:!aNULL:!MD5"
/* OpenSSL's default TLS 1.3 ciphersuites (static string). */
const char *vg_cipher_default_suites(void);

/* Append the names of suites under `min_bits` to buf as "A, B, C"
 * (truncated with "…" when buf is short); returns how many there are. */
size_t vg_cipher_weak_names(const vg_cipher_list *l, int min_bits, char *buf,
                            size_t bufsz);

#endif
