#ifndef VG_SCAN_H
#define VG_SCAN_H
/*
 * vg_scan: the static half's entry point. Expands the paths given on the
 * command line into files (walking directories, honouring .gitignore),
 * recognises what each file is, and hands it to the right checker.
 * Findings and notices go into one vg_findings list the caller owns.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_detect.h"
#include "vg_error.h"
#include "vg_finding.h"
#include "vg_ruleset.h"

/* The largest file the text and config checkers read, in bytes. Service
 * code, configuration and templates are far smaller; a bigger file (a
 * sparse gigabyte, a dump) becomes a notice rather than gigabytes of
 * matching. It leaves room for a 50 MB one-line extract. */
#define VG_SCAN_MAX_FILE (128u << 20)

typedef enum vg_file_kind {
    VG_FILE_TEXT, VG_FILE_BINARY, VG_FILE_C, VG_FILE_NGINX, VG_FILE_APACHE,
    VG_FILE_XML, VG_FILE_JSON, VG_FILE_HTML
} vg_file_kind;

const char *vg_file_kind_name(vg_file_kind k);

/* What a file is, from its name and first bytes (head, headlen). */
vg_file_kind vg_scan_classify(const char *path, const char *head, size_t headlen);

typedef struct vg_scan_opts {
    const vg_ruleset *rs;
    bool show_personal_data;     /* messages carry values unmasked */
    const char *compile_commands;
    int jobs;                    /* 0: number of cores */
    int shard_k, shard_n;        /* shard_n 0: no sharding */
    const char *cache_dir;
    const char *extract_dir;     /* --extract: write one entry per unit and file
                                    (vg_flow_cache.h) and a manifest to it; the
                                    cross-unit engine does not run (vigie link
                                    runs it). Set cache_dir to the same DIR. */
    bool extract_no_manifest;    /* vigie cc: one compilation, no shard manifest */
    const struct vg_compdb *compdb;  /* a database already loaded (vigie cc);
                                        compile_commands is then ignored */
    bool progress;               /* progress line on stderr */
    const char *root;            /* absolute directory reported paths are made
                                    relative to, and part of the cache key;
                                    NULL: the working directory at the call.
                                    Lets vigie cc report paths relative to
                                    --root without chdir() (nothing may move
                                    the process: other threads, relative -o) */
} vg_scan_opts;

/* Scan paths. Returns 0, or -1 with err set when an input cannot be used
 * at all (a path that does not exist). Files that fail individually become
 * notices in out and the scan goes on. With o->extract_dir, out receives
 * no findings (they are in the entries) and -1 also means the extraction
 * could not be written. */
int vg_scan_paths(const vg_scan_opts *o, char *const *paths, size_t npaths,
                  vg_findings *out, vg_error *err);

/* The rules the static half evaluates on every scan (its detectors, flows
 * to the ruleset's sinks, configuration checks), in the order reports list
 * them; *n their count. test_scan checks that every rule a scan of the
 * fixtures reports is among them and that each is in the ruleset. */
const char *const *vg_scan_rules(size_t *n);

/* Record vg_scan_rules() as checked by this run (vg_findings_checked),
 * for the report's "which checks ran" per clause. Returns 0, or -1 out of
 * memory. */
int vg_scan_mark_checked(vg_findings *fs);

/* The text checker (DSC004 hard-coded identifiers) on one buffer, for every
 * file kind and for tests. d/ctx come from vg_detector_new/vg_detect_ctx_new
 * with at least VG_DETECT_IDS. */
int vg_scan_text(const vg_scan_opts *o, vg_detect_ctx *ctx, const char *uri,
                 const char *buf, size_t len, vg_findings *out);

#endif
