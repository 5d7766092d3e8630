#ifndef VG_REPORT_H
#define VG_REPORT_H
/*
 * vg_report: whole SARIF logs as documents — build from findings, load,
 * merge, compare with a baseline, count, write; and render the HTML report.
 *
 * A vg_report_doc owns its JSON tree; every function that takes one
 * borrows it unless it says otherwise.
 */
#include <stdbool.h>
#include <stdio.h>

#include "vg_error.h"
#include "vg_ruleset.h"
#include "vg_sarif.h"

typedef struct vg_report_doc vg_report_doc;

/* Build a log from runs of findings (see vg_sarif.h). NULL on failure. */
vg_report_doc *vg_report_build(const vg_ruleset *rs, const vg_sarif_run *runs,
                               size_t nruns, vg_error *err);
/* A SARIF log read by merge, html or --baseline larger than this is
 * refused rather than read. */
#define VG_REPORT_MAX_SIZE (256u << 20)

/* Load a SARIF file: must be JSON with version "2.1.0" and a runs array.
 * NULL with err filled when it is not a regular file (a FIFO is refused at
 * once), is larger than VG_REPORT_MAX_SIZE, or is not such a log. */
vg_report_doc *vg_report_load(const char *path, vg_error *err);
void vg_report_free(vg_report_doc *d);

/* Merge logs into one. Runs of the same tool (driver name) become one run:
 * results concatenated, rules de-duplicated by id (ruleIndex renumbered),
 * invocations kept. Runs of different tools stay apart. */
vg_report_doc *vg_report_merge(vg_report_doc *const *docs, size_t n, vg_error *err);

typedef struct vg_baseline_counts {
    size_t new_, unchanged, updated, absent;
} vg_baseline_counts;

/* Set baselineState on every result by its partialFingerprints, against the
 * results of `baseline` from the same tool: new, unchanged, updated (same
 * fingerprint, different level or message) or absent (in the baseline
 * only: copied into the run). */
int vg_report_apply_baseline(vg_report_doc *d, const vg_report_doc *baseline,
                             vg_baseline_counts *counts, vg_error *err);

/* Results at or above min_level, not suppressed and, with only_new, whose
 * baselineState is "new" (or absent: no baseline). Absent results never
 * count. */
size_t vg_report_count(const vg_report_doc *d, vg_level min_level, bool only_new);

/* What vg_report_count(doc, min_level, false) says of the log built from
 * fs, without building it: findings at or above min_level that are not
 * suppressed. For outputs that need no log (text with no --baseline). */
size_t vg_report_count_findings(const vg_ruleset *rs, const vg_findings *fs,
                                vg_level min_level);

/* Record the exit status in every run's invocations. An invocation that
 * already says executionSuccessful: false (a merged probe that judged
 * nothing) keeps saying so. */
void vg_report_set_exit_code(vg_report_doc *d, int code);

/* Set every run's automationDetails.id to "CATEGORY/": code scanning keeps
 * one analysis per tool and category, so several uploads for one commit
 * (scan, probes, shards) need distinct categories. */
int vg_report_set_category(vg_report_doc *d, const char *category, vg_error *err);

/* Remove the compliant flows (results of kind "pass", vg_finding.h) from
 * every run: for a GitHub code-scanning upload (--github), where they
 * would only be noise. The inventory needs them; keep them elsewhere. */
void vg_report_drop_pass(vg_report_doc *d);

/* Invocations that say executionSuccessful: false. */
size_t vg_report_unsuccessful(const vg_report_doc *d);

int vg_report_write(const vg_report_doc *d, FILE *out, vg_error *err);

typedef struct vg_html_opts {
    vg_lang lang;        /* the report's one language: every message, label and
                          * heading (the log carries both, see vg_sarif.h) */
    const char *inventory_href; /* the inventory of personal information to link
                                 * to (vg_inventory.h), or NULL */
} vg_html_opts;

/* Render the self-contained HTML report (no network, printable),
 * organised by the ruleset's policy clauses. */
int vg_report_html(const vg_report_doc *d, const vg_ruleset *rs,
                   const vg_html_opts *o, FILE *out, vg_error *err);

#endif
