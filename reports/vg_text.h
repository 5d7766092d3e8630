#ifndef VG_TEXT_H
#define VG_TEXT_H
/*
 * vg_text: findings for a terminal. "file:line:col: level[RULE] message",
 * code-flow steps indented under it, notices, and a one-line summary.
 */
#include <stdbool.h>
#include <stdio.h>

#include "vg_finding.h"
#include "vg_ruleset.h"

typedef struct vg_text_opts {
    bool color;        /* ANSI colours; the CLI turns this on only for a TTY */
    bool verbose;      /* also print code-flow steps and notices of level note */
    vg_lang lang;      /* messages and the summary line */
} vg_text_opts;

void vg_text_write(FILE *out, const vg_ruleset *rs, const vg_findings *fs,
                   const vg_text_opts *opts);

#endif
