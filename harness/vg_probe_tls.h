#ifndef VG_PROBE_TLS_H
#define VG_PROBE_TLS_H
/*
 * vg_probe_tls: judge one TLS endpoint against the policy and report it
 * as findings. `vigie probe tls` and the scenario's "tls" list both call
 * vg_probe_tls() once per endpoint.
 *
 *   TLS001  every accepted suite with less than 256-bit encryption (named)
 *   TLS002  every legacy protocol accepted (SSL 3.0, TLS 1.0, TLS 1.1)
 *   TLS003  every certificate fault (chain, self-signed, host name, dates,
 *           key, signature)
 *   TLS001 at level note: the key exchange negotiated, and suites without
 *           forward secrecy, export or anonymous key exchange
 * Notices: what was accepted per version, and what could not be checked
 * (a server that misbehaved, a handshake OpenSSL could not complete).
 * Logical location "host:port"; uri "https://host:port".
 */
#include <stdbool.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_ruleset.h"

typedef struct vg_probe_tls_target {
    const char *host;         /* DNS name or IP literal (no brackets) */
    int port;                 /* 443 if 0 */
    const char *sni;          /* NULL: the host when it is a name, none for an IP */
    const char *ca;           /* CA file; NULL: the system trust store */
} vg_probe_tls_target;

#define VG_PROBE_TLS_TIMEOUT_MS 5000

/* Probe one endpoint, appending to out. timeout_ms bounds each network
 * step (0: VG_PROBE_TLS_TIMEOUT_MS). Returns -1 with err set when the
 * ruleset has no valid cipher table or the endpoint cannot be reached;
 * everything the server does once connected becomes findings or notices.
 * Returns 1 when the endpoint completed no TLS handshake at all (an error
 * notice says what it did instead): nothing could be judged. 0 otherwise. */
int vg_probe_tls(const vg_ruleset *rs, const vg_probe_tls_target *t, int timeout_ms,
                 vg_findings *out, vg_error *err);

/* Split "host", "host:port", "[v6]:port" or "v6" into host (without
 * brackets, written to host, cap bytes) and port (default 443). Returns -1
 * with err set on a malformed spec. */
int vg_probe_tls_parse_target(const char *spec, char *host, size_t cap, int *port,
                              vg_error *err);

#endif
