#ifndef VG_NETCHECK_H
#define VG_NETCHECK_H
/*
 * vg_netcheck: what the browser's requests say about the policy's
 * "Disclosure" and "Links to other websites" clauses, and about consent.
 *
 * A request goes to the target's site (its host, and hosts under it once
 * a leading "www." is dropped) or to a third party. Third parties are
 * classified with the ruleset's catalogue (`trackers`, `third_parties`;
 * a scenario's test host is classified as the host its "as" names):
 * analytics, session-replay, advertising, cdn, or unknown.
 *
 *   CK005   a third-party request (any kind but cdn; beacons included)
 *           before any consent choice, or after a refusal
 *   DSC001  personal data (detectors, or a scenario identity's value) in
 *           the URL, a header (Referer included) or the body of a request
 *           to a third party; typed into a form before it was submitted
 *   DSC002  personal data in the URL of the target's own request; a page
 *           whose address holds it and whose Referrer-Policy does not keep
 *           it from other sites
 *
 * Values are masked unless show_personal_data; so are URLs (query string
 * and a path holding personal data left out).
 */
#include <jansson.h>
#include <stdbool.h>

#include "vg_cookies.h"

typedef struct vg_net_party {
    bool first;                  /* the target's site */
    const char *kind;            /* analytics, session-replay, advertising, cdn, unknown */
    const char *vendor;          /* NULL when unknown */
} vg_net_party;

/* host: a request's host (a scenario test name is looked up as its "as"). */
void vg_net_classify(const vg_ruleset *rs, const vg_scenario *sc, const char *host,
                     vg_net_party *out);

int vg_net_check(const vg_ruleset *rs, const vg_scenario *sc, const vg_cookie_run *run,
                 bool show_personal_data, vg_findings *fs, vg_error *err);

/* One request of the inventory (new reference; NULL out of memory):
 * phase, page, url, method, type, initiator, party, kind, vendor, typed,
 * error; headers and body only with show_values (else their length). */
json_t *vg_net_request_json(const vg_ruleset *rs, const vg_scenario *sc,
                            const vg_request_obs *q, bool show_values);

#endif
