#ifndef VG_FLOW_PASS_H
#define VG_FLOW_PASS_H
/*
 * Compliant flows: personal information the taint engine saw reach an
 * external sink in a way the policy allows, recorded as findings marked
 * VG_PASS_KEY (vg_finding.h) so the inventory of personal information
 * lists every flow, not only the faulty ones. Internal to the analyzer;
 * the engine calls these at the two places where it lets a flow go.
 *
 * Strings are copied into out; nothing is kept.
 */
#include "vg_finding.h"
#include "vg_ruleset.h"

/* Where the flow comes from: the first step of its chain. */
typedef struct vg_flow_src {
    const char *msg, *file;     /* step text ("field u.nam"), NULL: unknown */
    int line, col;
} vg_flow_src;

/* Category `cat` (index into rs->categories) reached sink kind `kind`
 * (vg_sink_kind) at file:line, called as callee() from fn, and no rule
 * forbids that category there. Returns 0, or -1 when memory runs out. */
int vg_flow_pass_sink(vg_findings *out, const vg_ruleset *rs, const char *file, int line,
                      int col, const char *fn, const char *callee, int cat, int kind,
                      const vg_flow_src *src);

/* Category `cat` was handed to sanitizer callee() (mask, hash, encrypt)
 * at file:line in fn: what comes out carries none of it. */
int vg_flow_pass_sanitized(vg_findings *out, const vg_ruleset *rs, const char *file, int line,
                           int col, const char *fn, const char *callee, int cat,
                           const vg_flow_src *src);

#endif
