#ifndef VG_TLS_CERT_H
#define VG_TLS_CERT_H
/*
 * vg_tls_cert: the server certificate, fetched with an OpenSSL handshake
 * (every protocol and suite allowed, so legacy-only servers answer too)
 * and judged: chain against the system store or a given CA file, host
 * name, validity dates, key type and size, signature algorithm. Each
 * fault is named separately. The same handshake tells which key exchange
 * OpenSSL negotiated (group and size).
 *
 * Ownership: a vg_tls_cert_info owns its strings and fault list; free it
 * with vg_tls_cert_info_free().
 */
#include <stddef.h>

#include <openssl/x509.h>

#include "vg_error.h"
#include "vg_msg.h"
#include "vg_tls_hello.h"

typedef enum vg_cert_fault_kind {
    VG_CERT_CHAIN,            /* does not chain to a trusted authority */
    VG_CERT_SELF_SIGNED,      /* the server certificate signs itself */
    VG_CERT_HOSTNAME,         /* does not cover the host name */
    VG_CERT_EXPIRED,
    VG_CERT_NOT_YET_VALID,
    VG_CERT_WEAK_KEY,         /* RSA/DSA < 2048 bits, EC < 256 bits */
    VG_CERT_WEAK_SIGNATURE,   /* MD5, SHA-1 ... */
    VG_CERT_MISSING           /* the server sent no certificate */
} vg_cert_fault_kind;

/* "chain", "self-signed", "hostname", "expired", ... (stable: fingerprints) */
const char *vg_cert_fault_name(vg_cert_fault_kind k);

typedef struct vg_cert_fault {
    vg_cert_fault_kind kind;
    char *message;              /* English */
    vg_msgref msg;              /* the catalogue's, both languages */
} vg_cert_fault;

typedef struct vg_tls_cert_info {
    char *subject, *issuer;   /* one-line distinguished names */
    char not_before[32], not_after[32];   /* YYYY-MM-DD HH:MM:SS UTC */
    char key_type[24];        /* RSA, EC P-256, ED25519 ... */
    int key_bits;
    char signature[64];       /* e.g. sha256WithRSAEncryption */
    char protocol[16], cipher[64];        /* what OpenSSL negotiated */
    char kx_group[32];        /* X25519, P-256, DH ...; "" when not known */
    int kx_bits;
    vg_cert_fault *faults;
    size_t nfaults;
} vg_tls_cert_info;

/* Handshake with ep, then check the certificate for `name` (a DNS name or
 * an IP literal). ca_file NULL: the system trust store. Returns -1 with
 * err set when no handshake could be completed (connection refused,
 * timeout, the server speaks no TLS OpenSSL accepts, unreadable CA file). */
int vg_tls_cert_check(const vg_tls_endpoint *ep, const char *name, const char *ca_file,
                      vg_tls_cert_info *out, vg_error *err);
void vg_tls_cert_info_free(vg_tls_cert_info *ci);

/* The checks vg_tls_cert_check runs on what the server sent, without the
 * connection: leaf (and the chain it came with, may be NULL) against
 * ca_file (NULL: the system store) and name. Fills out's names, dates and
 * faults (key exchange fields untouched; zero out first). Returns 0, or
 * -1 with err set when the trust store cannot be loaded. Used by the
 * handshake and by the certificate fuzz target. */
int vg_tls_cert_judge(X509 *leaf, STACK_OF(X509) *chain, const char *name, const char *ca_file,
                      vg_tls_cert_info *out, vg_error *err);

/* The server's ephemeral key for a handshake limited to `ciphers` (OpenSSL
 * syntax, e.g. "kDHE:@SECLEVEL=0") and TLS 1.2 at most: how strong its
 * DHE group is when the normal handshake chose ECDHE. */
typedef struct vg_tls_kx {
    char group[32];           /* "DH", "X25519", "prime256v1" ... */
    int bits;
    char cipher[64];          /* the suite that was negotiated */
} vg_tls_kx;
int vg_tls_kx_probe(const vg_tls_endpoint *ep, const char *ciphers, vg_tls_kx *out,
                    vg_error *err);

#endif
