#ifndef VG_PROBE_LOGS_H
#define VG_PROBE_LOGS_H
/*
 * vg_probe_logs: `vigie probe logs --scenario FILE` (docs/probe-logs.md).
 *
 * What the service's access log keeps of a request, seen from outside:
 *   1. note the log's size (or the time, for a log "command");
 *   2. request each logs.pages path of the target, GET and POST, carrying
 *      a marker cookie, an Authorization header (the test identity's
 *      username and password as Basic credentials, or a marker token), the
 *      identity's values in the query string and in a form body;
 *   3. wait logs.wait_ms, read what the log gained — at most
 *      logs.max_bytes, line by line in a fixed buffer, so a log growing by
 *      gigabytes costs no more memory than a quiet one — and look for what
 *      was sent.
 *
 *   LOG001  a cookie, an Authorization header, a request body or a test
 *           identity's value in a new line
 *   CRD004  the identity's password (in clear, or as the Basic credentials)
 *
 * Each finding is at the log line (file line number; for a command, the
 * line of its output), with the value masked unless show_personal_data.
 */
#include <stdbool.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_ruleset.h"
#include "vg_scenario.h"

typedef struct vg_probe_logs_opts {
    const vg_ruleset *rs;
    const vg_scenario *sc;        /* has_logs */
    bool show_personal_data;
    bool verbose;                 /* progress on stderr */
} vg_probe_logs_opts;

/* Returns 0; -1 with err when the log cannot be read at all (set-up);
 * 1 when nothing was judged (no request reached the target, or the log
 * gained no line): err and an error notice say why. */
int vg_probe_logs_run(const vg_probe_logs_opts *o, vg_findings *out, vg_error *err);

/* One log line as the format writes it, back to the bytes that were
 * logged: nginx/Apache "\xHH" escapes (combined, common), JSON string
 * escapes (json), nothing (raw). Writes at most outsz-1 bytes and a NUL;
 * returns the length. Exposed for tests. */
size_t vg_probe_logs_unescape(const char *format, const char *line, size_t len, char *out,
                              size_t outsz);

#endif
