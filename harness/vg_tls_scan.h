#ifndef VG_TLS_SCAN_H
#define VG_TLS_SCAN_H
/*
 * vg_tls_scan: which protocol versions and cipher suites a server accepts.
 *
 * Per version, offer every suite of the table; the server picks one;
 * remove it and offer the rest again, until the server refuses. The
 * number of handshakes is (accepted suites + 1) per version, not the size
 * of the catalogue. With two or more suites accepted, one more handshake
 * offering the first two picks in reverse order tells whether the server
 * imposes its own preference order (then the pick order is that order).
 * Versions are scanned concurrently, one connection at a time each.
 * After an acceptance, a connection closed or stalled instead of refused
 * with an alert is retried once (connection limits, hiccups).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vg_error.h"
#include "vg_tls_ciphers.h"
#include "vg_tls_hello.h"

#define VG_TLS_NVERSIONS 5      /* SSL 3.0, TLS 1.0, 1.1, 1.2, 1.3 */

typedef enum vg_tls_order {
    VG_TLS_ORDER_UNKNOWN = 0,   /* fewer than two suites accepted */
    VG_TLS_ORDER_SERVER,        /* the server imposes its preference */
    VG_TLS_ORDER_CLIENT         /* the server follows the client's order */
} vg_tls_order;

typedef struct vg_tls_version_result {
    uint16_t version;
    bool accepted;              /* at least one handshake chose this version */
    uint16_t *suites;           /* accepted suites, in the order the server chose them */
    size_t nsuites;
    vg_tls_order order;
    vg_tls_outcome end;         /* how the last exchange ended (ALERT, CLOSED, FAILED ...) */
    char end_detail[256];       /* ... and in words */
    char *problem;              /* non-NULL: the server misbehaved (a FAILED exchange): the
                                   list may be incomplete; the sentence says why */
    bool retried;               /* an exchange after an acceptance was retried */
    unsigned handshakes;
} vg_tls_version_result;

typedef struct vg_tls_scan_result {
    vg_tls_version_result v[VG_TLS_NVERSIONS];   /* index 0 = SSL 3.0 ... 4 = TLS 1.3 */
    unsigned handshakes;
} vg_tls_scan_result;

/* Scan ep with every suite of `table`. Returns -1 (err set) when the
 * server cannot be reached at all; protocol misbehaviour is reported per
 * version in `problem`. Free the result with vg_tls_scan_result_free(). */
int vg_tls_scan(const vg_tls_endpoint *ep, const vg_tls_ciphers *table,
                vg_tls_scan_result *out, vg_error *err);
void vg_tls_scan_result_free(vg_tls_scan_result *r);

#endif
