#ifndef VG_PROBE_COOKIES_H
#define VG_PROBE_COOKIES_H
/*
 * vg_probe_cookies: the `vigie probe cookies` driver. It runs the four
 * phases of a scenario's "cookies" section, each as a new visitor (a fresh
 * cookie jar, or a fresh browser profile):
 *
 *   before    log in (if the scenario says how), visit the pages, no choice made
 *   accept    accept all, log in, visit the pages
 *   refuse    essential only, log in, visit the pages
 *   withdraw  accept all, log in, visit the pages, withdraw, visit again
 *
 * HTTP mode (libcurl) records Set-Cookie headers and, after a withdrawal,
 * the jar; browser mode (Chromium through chromedriver) records every
 * cookie the browser holds, scripts' included, and the resources each
 * page loaded, then replays the request steps over HTTP for the exact
 * Set-Cookie attributes.
 */
#include <stdbool.h>

#include "vg_cookies.h"
#include "vg_error.h"
#include "vg_finding.h"
#include "vg_ruleset.h"
#include "vg_scenario.h"

typedef struct vg_probe_cookies_opts {
    bool force_http;             /* HTTP mode even when the scenario says "browser" */
    const char *chromium;        /* NULL: /usr/bin/chromium */
    const char *chromedriver;    /* NULL: /usr/bin/chromedriver */
    long timeout_s;              /* per request / page load; 0: 30 */
    /* Progress lines ("phase accept: /dossier"), or NULL. */
    void (*progress)(const char *line, void *ud);
    void *progress_ud;
} vg_probe_cookies_opts;

/* Run the phases and fill run. Phases the scenario cannot drive in this
 * mode (no action for it) are skipped with a notice in fs. Returns 0, or
 * -1 with err when the service or the browser cannot be driven, or 1 when
 * the run is inconclusive (vg_probe_verdict.h: most requests failed; err
 * and an error notice say so): what was seen is still in run. */
int vg_probe_cookies_collect(const vg_scenario *sc, const vg_probe_cookies_opts *o,
                             vg_cookie_run *run, vg_findings *fs, vg_error *err);

/* Collect, then vg_cookies_check(); returns what collect returned (1:
 * inconclusive, findings still added), or -1. */
int vg_probe_cookies(const vg_ruleset *rs, const vg_scenario *sc,
                     const vg_probe_cookies_opts *o, bool show_personal_data,
                     vg_findings *fs, vg_error *err);

#endif
