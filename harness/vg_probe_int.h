#ifndef VG_PROBE_INT_H
#define VG_PROBE_INT_H
/*
 * Internal to the harness: the probe descriptor each vg_probe_<name>.c
 * exports (vg_probe_def_<name>) and vg_probe.c lists. Adding a probe is
 * its file, its descriptor, one line in that table, its section in
 * vg_scenario.h, and its tests and docs page (docs/architecture.md).
 */
#include "vg_probe.h"
#include "vg_scenario_int.h"

struct vg_probe {
    const char *name;           /* scenario key, `vigie probe NAME`, docs/probe-NAME.md */
    /* Read root[name] into s (and set its defaults when absent). */
    int (*parse)(vg_json_ctx *c, json_t *root, vg_scenario *s);
    /* Once every section is read: what spans sections (NULL: nothing). */
    int (*check)(vg_json_ctx *c, const vg_scenario *s);
    void (*release)(vg_scenario *s);            /* frees what parse stored */
    bool (*wanted)(const vg_scenario *s);
    /* 0 judged, 1 judged nothing (its notice added), -1 could not run
     * (err set: vg_probe_run adds the notice). */
    int (*run)(const vg_probe_opts *o, vg_findings *out, vg_error *err);
    int (*offline)(const vg_probe_opts *o, vg_probe_sources *src, vg_findings *out,
                   vg_error *err);             /* NULL: none */
};

extern const vg_probe vg_probe_def_tls, vg_probe_def_cookies, vg_probe_def_messages,
    vg_probe_def_logs;

#endif
