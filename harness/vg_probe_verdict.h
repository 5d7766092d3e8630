#ifndef VG_PROBE_VERDICT_H
#define VG_PROBE_VERDICT_H
/*
 * vg_probe_verdict: whether a probe run judged the service at all.
 *
 * A probe that could not see what it was told to look at has checked
 * nothing, and checking nothing is no pass. Every probe counts what it was
 * told to do against the service: cookie pages, consent and login steps,
 * message triggers. One fails when it gets no answer, an HTTP status of
 * 400 or more, or (browser) a page the browser could not load. The rule,
 * the same for every probe:
 *
 *   a run is inconclusive when more than half of what it tried failed,
 *   or when it tried nothing that could be judged.
 *
 * Half, not "any": a scenario may list a page that answers 403 to a
 * visitor who refused consent, and that one answer is itself worth
 * reporting (a warning notice). Most of them failing means the probe was
 * pointed at the wrong thing (http:// at a TLS port: 18 of 18 answered
 * 400), and its silence about cookies would be a false pass.
 *
 * An inconclusive run still reports what it saw; the CLI exits 2 and the
 * SARIF invocation says executionSuccessful: false. The TLS probe applies
 * the rule to handshakes (vg_probe_tls: no handshake at all).
 */
#include <stdbool.h>

#include "vg_error.h"
#include "vg_finding.h"

typedef struct vg_probe_tally {
    unsigned tried, failed;
} vg_probe_tally;

static inline void vg_probe_tally_add(vg_probe_tally *t, bool ok)
{
    if (!t)
        return;
    t->tried++;
    t->failed += !ok;
}

/* Apply the rule. When the run is inconclusive, add an error notice to fs
 * ("WHAT: 18 of 18 failed ...: nothing was judged"), put the same reason
 * in err and return true. `what` names the things counted ("cookie page
 * and step requests", "message triggers"). */
bool vg_probe_inconclusive(const vg_probe_tally *t, const char *what, const char *uri,
                           vg_findings *fs, vg_error *err);

#endif
