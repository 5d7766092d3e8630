#ifndef VG_PROBE_MESSAGES_H
#define VG_PROBE_MESSAGES_H
/*
 * vg_probe_messages: `vigie probe messages --scenario FILE`, live.
 *
 * Starts the SMTP capture on messages.smtp_listen and the SMS capture on
 * messages.sms_listen, sends the scenario's triggers to its target
 * (libcurl, verifying TLS with the scenario's ca), waits wait_ms, stops
 * the listeners and checks everything captured with vg_msgcheck.
 * What went wrong on the way (a trigger refused, nothing captured) becomes
 * a notice in `out`; only set-up failures (cannot listen) are errors.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_msgcheck.h"
#include "vg_ruleset.h"
#include "vg_scenario.h"
#include "vg_sms.h"
#include "vg_smtp.h"

typedef struct vg_probe_messages_opts {
    const vg_ruleset *rs;
    const vg_scenario *sc;
    const vg_msg_identity *ids;   /* the scenario's identities, as the checker takes them */
    size_t nids;
    bool show_personal_data;
    bool verbose;                 /* progress on stderr */
    size_t expect;                /* stop waiting once this many messages (mail + SMS)
                                     arrived; 0: always wait the scenario's wait_ms */
    const char *spool_dir;        /* keep each captured mail there as msg-NNNNNN.eml */
} vg_probe_messages_opts;

/* Returns 0; -1 with err on a set-up failure; 1 when the run judged
 * nothing (vg_probe_verdict.h: no trigger reached the target, more than
 * half of them failed, or no message arrived): err and an error notice say
 * why, and whatever did arrive was checked all the same. */
int vg_probe_messages_run(const vg_probe_messages_opts *o, vg_findings *out, vg_error *err);

/* The scenario's identities as the checker takes them: a malloc'd array
 * (free it) whose strings are borrowed from sc; sc may be NULL. NULL on
 * allocation failure. */
vg_msg_identity *vg_probe_messages_identities(const vg_scenario *sc, size_t *n);

/* Check messages captured by the listeners (the run's last step, also
 * usable on its own). `smtp_uri`/`sms_uri` name the listeners in locations. */
int vg_probe_messages_check(vg_msgcheck *chk, const char *smtp_uri, vg_smtp_msg *mail,
                            size_t nmail, const char *sms_uri, vg_sms_msg *sms, size_t nsms,
                            vg_findings *out, vg_error *err);

#endif
