#ifndef VG_FINDING_H
#define VG_FINDING_H
/*
 * vg_finding: the one result type both halves produce and reports consume.
 *
 * Ownership: a vg_findings list owns every string reachable from it; the
 * vg_finding_* builders copy what they are given. Free the list with
 * vg_findings_free().
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "vg_msg.h"

typedef enum vg_level {
    VG_LEVEL_NONE = 0,   /* "none": also the --fail-on value that never fails */
    VG_LEVEL_NOTE,
    VG_LEVEL_WARNING,
    VG_LEVEL_ERROR
} vg_level;

/* "error" -> VG_LEVEL_ERROR ...; returns -1 if unknown. */
int vg_level_parse(const char *s, vg_level *out);
const char *vg_level_name(vg_level l);

/* A place: a file region (uri + line/column) and/or a logical location
 * (a function, "host:port", a message id). Lines and columns are 1-based,
 * 0 means unknown. Columns count Unicode code points. */
typedef struct vg_location {
    char *uri;          /* path as given on the command line, or a URL */
    int line, column, end_line, end_column;
    char *logical;      /* e.g. "127.0.0.1:8443", "send_reset_mail" */
    char *message;      /* what happens here (code-flow steps) */
} vg_location;

typedef struct vg_finding {
    char *rule_id;
    vg_level level;         /* VG_LEVEL_NONE: use the rule's default */
    char *message;          /* English, already masked unless --show-personal-data */
    vg_msgref msg;          /* catalogue id, templates, arguments (id NULL: only
                             * the text above, written by an older emitter) */
    bool message_is_en;     /* message is msg rendered in English: set only by
                             * vg_findings_addm and vg_finding_set_msg, so a
                             * writer in English need not render msg again.
                             * Code that replaces msg or message directly
                             * keeps both in step or clears this */
    vg_location loc;
    vg_location *flow;      /* code flow source -> sink, may be empty */
    size_t nflow;
    char *fingerprint;      /* stable identity text (no line numbers) */
    char *suppression;      /* justification of an inline vigie-ignore, or NULL */
    char *props_json;       /* extra SARIF result properties as a JSON object, or NULL */
    /* What a probe looked at (the URL) when loc is the scenario line that
     * asked for it (vg_finding_anchor); uri NULL: none. The identity of
     * the finding (fingerprints) is this uri when set. */
    vg_location related;
} vg_finding;

/* A note about the tool's own execution (SARIF toolExecutionNotifications):
 * a file that could not be analysed, a skipped binary, a parse error. */
typedef struct vg_notice {
    vg_level level;
    char *message;          /* English */
    vg_msgref msg;          /* as for findings */
    vg_location loc;
} vg_notice;

typedef struct vg_findings {
    vg_finding *items;
    size_t count, cap;
    vg_notice *notices;
    size_t nnotices, notices_cap;
    /* Rules this run actually evaluated (vg_findings_checked): written to
     * SARIF as the invocation's "vigie/checked", so a report can tell "no
     * finding" from "nothing looked". */
    char **checked;
    size_t nchecked;
} vg_findings;

void vg_findings_init(vg_findings *fs);
void vg_findings_free(vg_findings *fs);
/* Free what one finding owns (not the finding itself, which sits in a
 * list): for code that removes items from a list. */
void vg_finding_release(vg_finding *f);
/* Remove (and free) every finding whose catalogue id is msg_id; returns
 * how many went. */
size_t vg_findings_drop_msg(vg_findings *fs, const char *msg_id);

/* Append a finding; returns it for the caller to fill its flow etc., or NULL
 * on allocation failure. uri/logical may be NULL. */
vg_finding *vg_findings_add(vg_findings *fs, const char *rule_id, vg_level level,
                            const char *uri, int line, int column,
                            const char *message);
/* The same with the message from the catalogue (vg_msg.h): msg_id, the
 * category filling {cat} (term_id and its label, or NULL, NULL) and the
 * arguments as a printf format separated by VG_ARG. f->message is the
 * English rendering. NULL on an unknown id or allocation failure. */
vg_finding *vg_findings_addm(vg_findings *fs, const char *rule_id, vg_level level,
                             const char *uri, int line, int column, const char *term_id,
                             const vg_text *term, const char *msg_id, const char *argfmt, ...)
    __attribute__((format(printf, 10, 11)));
/* vg_findings_addm with the arguments as a va_list (for wrappers that
 * take their own "..."). */
vg_finding *vg_findings_vaddm(vg_findings *fs, const char *rule_id, vg_level level,
                              const char *uri, int line, int column, const char *term_id,
                              const vg_text *term, const char *msg_id, const char *argfmt,
                              va_list ap) __attribute__((format(printf, 10, 0)));
/* Give a finding built from text a message given by the caller's own
 * templates (a ruleset's config rule: both languages in the ruleset). */
int vg_finding_set_msg(vg_finding *f, const char *msg_id, const char *en, const char *fr,
                       const char *const *args, size_t nargs);
int vg_finding_set_logical(vg_finding *f, const char *logical);
int vg_finding_set_fingerprint(vg_finding *f, const char *key);
int vg_finding_set_suppression(vg_finding *f, const char *justification);
int vg_finding_set_props(vg_finding *f, const char *json_object);
/* A compliant flow: personal information that reaches an external sink
 * in a way the policy allows (masked or hashed first, a category the
 * channel may carry). Recorded so the inventory of personal information
 * is complete; written to SARIF as kind "pass", level "none", never
 * counted, never failing a run. Marked by VG_PASS_KEY in props_json. */
#define VG_PASS_KEY "compliant"
int vg_finding_is_pass(const vg_finding *f);
/* Remove (and free) the compliant flows, keeping the order of the rest. */
void vg_findings_drop_pass(vg_findings *fs);
/* Move f to uri:line (a probe scenario's file and the line of the page,
 * host or listener that produced it); its old uri becomes f->related. */
int vg_finding_anchor(vg_finding *f, const char *uri, int line);
/* Append one code-flow step. */
int vg_finding_add_step(vg_finding *f, const char *uri, int line, int column,
                        const char *message);

int vg_findings_notice(vg_findings *fs, vg_level level, const char *uri,
                       int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A notice from the catalogue (see vg_findings_addm). */
int vg_findings_noticem(vg_findings *fs, vg_level level, const char *uri, int line,
                        const char *msg_id, const char *argfmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Record that rule_id was evaluated by this run (once; a rule is
 * "checked" when the check ran over something, whatever it found).
 * Returns 0, or -1 out of memory. */
int vg_findings_checked(vg_findings *fs, const char *rule_id);
bool vg_findings_was_checked(const vg_findings *fs, const char *rule_id);

/* Move everything from src into dst (src is left empty). For merging the
 * per-thread lists of a parallel scan. */
int vg_findings_take(vg_findings *dst, vg_findings *src);

/* Order by uri, line, column, rule: deterministic output whatever the
 * thread schedule was. */
void vg_findings_sort(vg_findings *fs);

/* Drop repeated findings and notices (same rule, place and message): a
 * file included by a scanned main config and also scanned on its own is
 * reported once. Call after vg_findings_sort(). */
void vg_findings_dedup(vg_findings *fs);

#endif
