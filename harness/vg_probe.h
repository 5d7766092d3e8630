#ifndef VG_PROBE_H
#define VG_PROBE_H
/*
 * vg_probe: the table of run-time probes (tls, cookies, messages, logs).
 * Each probe is one descriptor in its own vg_probe_<name>.c: its name
 * (the scenario section, `vigie probe NAME`, docs/probe-NAME.md), its
 * scenario section's parser, how to run it against the scenario's
 * service, and an offline mode when it has one. The scenario loader
 * parses through this table and `vigie probe all` runs through it, in
 * table order.
 *
 * Descriptors are static and immutable: any thread may read them. A run
 * appends to the caller's findings list; nothing here prints.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_ruleset.h"
#include "vg_scenario.h"

/* What every probe run takes; all borrowed. */
typedef struct vg_probe_opts {
    const vg_ruleset *rs;
    const vg_scenario *sc;
    bool show_personal_data;
    bool verbose;               /* progress on stderr (messages, logs) */
    bool force_http;            /* cookies: HTTP mode even if the scenario says browser */
} vg_probe_opts;

/* What an offline mode reads (the messages probe: messages captured
 * elsewhere). Paths borrowed; `checked` is set by the run. */
typedef struct vg_probe_sources {
    char *const *emls;          /* one message per file */
    size_t neml;
    const char *mbox;           /* or NULL */
    const char *maildir;        /* or NULL */
    size_t checked;             /* out: how many messages were checked */
} vg_probe_sources;

typedef struct vg_probe vg_probe;

size_t vg_probe_count(void);
const vg_probe *vg_probe_at(size_t i);            /* NULL past the end */
const vg_probe *vg_probe_find(const char *name);  /* NULL: no such probe */
const char *vg_probe_name(const vg_probe *p);
/* True when the scenario describes this probe (tls: always, it falls back
 * on an https target). */
bool vg_probe_wanted(const vg_probe *p, const vg_scenario *sc);
bool vg_probe_has_offline(const vg_probe *p);

/* Run one probe. Returns 0 when it judged the service, 1 when it could
 * not run or judged nothing; either way what happened is in out (an error
 * notice "notice.NAME-error" when it could not run). -1 only when that
 * notice itself could not be added. */
int vg_probe_run(const vg_probe *p, const vg_probe_opts *o, vg_findings *out);

/* Every probe the scenario describes, in table order. progress (may be
 * NULL) is told each probe's name before it runs. Returns 0, or 1 when
 * some probe could not run or judged nothing. */
int vg_probe_all(const vg_probe_opts *o, void (*progress)(const char *name, void *ud),
                 void *ud, vg_findings *out);

/* The offline mode (vg_probe_has_offline). Returns 0; 1 when it found
 * nothing to check (err says why; a notice too); -1 with err set when a
 * source could not be read or out of memory. */
int vg_probe_offline(const vg_probe *p, const vg_probe_opts *o, vg_probe_sources *src,
                     vg_findings *out, vg_error *err);

#endif
