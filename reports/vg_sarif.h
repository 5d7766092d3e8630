#ifndef VG_SARIF_H
#define VG_SARIF_H
/*
 * vg_sarif: the SARIF 2.1.0 writer both halves report through.
 *
 * One vg_sarif_run per half (tool "vigie-analyzer" or "vigie-harness").
 * Relative paths become uris relative to %SRCROOT% (the working directory,
 * declared in originalUriBaseIds); absolute paths become file:// uris;
 * URLs are kept as they are.
 */
#include <stdio.h>
#include <time.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_ruleset.h"

typedef struct vg_sarif_run {
    const char *tool;            /* "vigie-analyzer" or "vigie-harness" */
    const vg_findings *findings; /* borrowed */
    int argc;                    /* command line, for invocations */
    char *const *argv;
    struct timespec start, end;  /* CLOCK_REALTIME */
    int exit_code;
    vg_lang lang;                /* the run's language: message texts, rule texts;
                                  * the other one goes in runs[].translations */
} vg_sarif_run;

/* Serialise runs as one SARIF log. Returns 0, or -1 with err set. */
int vg_sarif_write(FILE *out, const vg_ruleset *rs, const vg_sarif_run *runs,
                   size_t nruns, vg_error *err);

/* The stable fingerprint of a finding (hex SHA-256 over rule, uri,
 * logical location and fingerprint text — never the line). `occurrence`
 * separates identical findings in one file. Writes 64 hex digits + NUL. */
void vg_sarif_fingerprint(const vg_finding *f, unsigned occurrence, char out[65]);

#endif
