#ifndef VG_TLS_HELLO_H
#define VG_TLS_HELLO_H
/*
 * vg_tls_hello: one hand-written TLS handshake step, for cipher
 * enumeration that does not depend on what the local OpenSSL is willing
 * to offer. It connects, sends a ClientHello offering exactly the suites
 * given (any IANA value, for SSL 3.0 up to TLS 1.3), reads the server's
 * first answer (ServerHello, HelloRetryRequest or alert) and closes.
 *
 * Every network step is bounded: non-blocking sockets and poll(2) with
 * one deadline per handshake, at most VG_TLS_READ_MAX bytes read. A
 * server that stalls, sends garbage, an endless stream or closes early
 * yields VG_TLS_FAILED / VG_TLS_CLOSED with a sentence saying what it did.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "vg_error.h"

enum {
    VG_SSL3_0 = 0x0300, VG_TLS1_0 = 0x0301, VG_TLS1_1 = 0x0302,
    VG_TLS1_2 = 0x0303, VG_TLS1_3 = 0x0304
};

/* Bytes read from one server before giving up on finding a ServerHello. */
#define VG_TLS_READ_MAX 65536

/* "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3", or "0x%04x" in a
 * static buffer for anything else. */
const char *vg_tls_version_name(uint16_t v);

typedef struct vg_tls_endpoint {
    const char *host;         /* DNS name or IP literal, without [] */
    int port;
    const char *sni;          /* server_name sent; NULL sends none */
    int timeout_ms;           /* connect, and then the whole exchange */
    /* Set by vg_tls_pin(): every later connection goes to this address,
     * so a probe asks one server once, not DNS once per handshake. */
    struct sockaddr_storage addr;
    unsigned addrlen;         /* 0: resolve host on each connect */
} vg_tls_endpoint;

/* Connect to the endpoint (the pinned address, else each resolved address
 * in turn; each attempt bounded by timeout_ms). Returns a non-blocking
 * socket, or -1 with err set ("127.0.0.1:8443: cannot connect: ..."). */
int vg_tls_connect(const vg_tls_endpoint *ep, vg_error *err);

/* Resolve the host, connect once to find the first address that answers,
 * and pin it in ep. Returns -1 with err set when none does. */
int vg_tls_pin(vg_tls_endpoint *ep, vg_error *err);

typedef struct vg_tls_offer {
    uint16_t version;         /* VG_SSL3_0 .. VG_TLS1_3 */
    const uint16_t *suites;   /* in preference order */
    size_t nsuites;
    const char *sni;          /* NULL: no server_name extension */
} vg_tls_offer;

/* Write the ClientHello record for `offer` into buf. Returns its length,
 * or 0 if cap is too small (4096 bytes always fit 400 suites). */
size_t vg_tls_client_hello(const vg_tls_offer *offer, unsigned char *buf, size_t cap);

typedef enum vg_tls_outcome {
    VG_TLS_PENDING = 0,       /* parser: need more bytes */
    VG_TLS_ACCEPTED,          /* ServerHello (or HelloRetryRequest) chose a suite */
    VG_TLS_ALERT,             /* the server refused with an alert */
    VG_TLS_CLOSED,            /* closed or reset before sending anything */
    VG_TLS_FAILED             /* garbage, protocol violation, truncation, timeout */
} vg_tls_outcome;

typedef struct vg_tls_reply {
    vg_tls_outcome outcome;
    uint16_t version;         /* ACCEPTED: negotiated version */
    uint16_t suite;           /* ACCEPTED: chosen suite */
    bool retry_request;       /* ACCEPTED with a TLS 1.3 HelloRetryRequest */
    uint8_t alert_level, alert;   /* ALERT */
    size_t received;          /* bytes the server sent */
    char detail[256];         /* CLOSED / FAILED / ALERT: what happened */
} vg_tls_reply;

/* Parse what a server sent so far in answer to `offer`. Sets out->outcome
 * to VG_TLS_PENDING when more bytes are needed; any other outcome is
 * final. Never reads beyond len. Pure: the unit tests feed it bytes. */
void vg_tls_parse_reply(const unsigned char *buf, size_t len, const vg_tls_offer *offer,
                        vg_tls_reply *out);

/* One exchange: connect, send the ClientHello, read the answer, close.
 * Returns -1 (err set) only when no connection could be made; every
 * server behaviour after connecting is described in *out. */
int vg_tls_exchange(const vg_tls_endpoint *ep, const vg_tls_offer *offer, vg_tls_reply *out,
                    vg_error *err);

/* The alert's RFC name ("handshake_failure"), or "unknown". */
const char *vg_tls_alert_name(uint8_t alert);

#endif
