#ifndef VG_CLANG_MISUSE_H
#define VG_CLANG_MISUSE_H
/*
 * API misuse visible in constant arguments, no data flow needed: OpenSSL
 * and libcurl calls that weaken TLS (TLS001 ciphers under 256 bits,
 * TLS002 protocol below TLS 1.2, TLS004 certificate checks off).
 * Internal to the analyzer.
 */
#include <stdbool.h>

#include "vg_finding.h"
#include "vg_flow_ir.h"
#include "vg_scan.h"

/* Does this callee need its arguments' constant values? */
bool vg_misuse_wants_constants(const char *callee);

/* Is this call a cipher or protocol setting of an SSL_CTX? The walker
 * holds such calls until the function is walked: a context made, asked
 * and freed there (a probe) configures no connection. */
bool vg_misuse_ctx_setting(const char *callee);

/* Check one call; findings go to out. fn is the enclosing function.
 * Returns 0, or -1 when memory runs out. */
int vg_misuse_check(const vg_scan_opts *o, const fl_call *c, const char *file,
                    const char *fn, vg_findings *out);

/* TLS004 for a peer certificate taken (SSL_get_peer_certificate) in a
 * unit that never asks SSL_get_verify_result: nothing says it was
 * verified. */
int vg_misuse_unverified_peer(const fl_call *c, const char *file, const char *fn,
                              vg_findings *out);

/* TLS004 for SSL_CTX_set_verify(ctx, mode, cb) whose callback returns 1
 * whatever the verification found. */
int vg_misuse_accept_all(const fl_call *c, const char *cb, const char *file, const char *fn,
                         vg_findings *out);

#endif
