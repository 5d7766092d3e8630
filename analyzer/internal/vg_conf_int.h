#ifndef VG_CONF_INT_H
#define VG_CONF_INT_H
/*
 * Internal to the vg_conf_* checkers: the format descriptor each
 * vg_conf_<format>.c exports (collected in vg_conf.c's table), and the
 * toolkit they share (vg_conf_kit.c): the parsed-tree type of the nginx
 * and Apache readers, include expansion, and the one function that turns
 * a problem into a finding (suppressions, fingerprint, dedup).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "vg_file.h"
#include "vg_finding.h"
#include "vg_strset.h"
#include "vg_scan.h"

/* One file of a configuration tree. */
typedef struct vg_conf_file {
    char *uri;            /* as findings name it */
    char *real;           /* realpath, for cycle and identity checks */
    char *buf;            /* contents (owned unless borrowed) */
    size_t len;
    bool borrowed;
} vg_conf_file;

/* A directive or block: args[0] is the name ("server", "<VirtualHost"
 * without the '<' for Apache containers). */
typedef struct vg_conf_node {
    char **args;
    size_t nargs;
    int line;
    const vg_conf_file *file;
    struct vg_conf_node *kids;
    size_t nkids, capkids;
    bool block;
} vg_conf_node;

typedef struct vg_conf_ctx {
    const vg_scan_opts *o;
    vg_findings *out;
    vg_conf_file **files;       /* every file loaded, owned */
    size_t nfiles, capfiles;
    const char *keep_real;      /* report only findings in this file (NULL: all) */
    const char *keep_uri;       /* ...which is named like this when loaded again */
    /* (rule, file, line, key) already reported in this check */
    vg_strset seen;
    int failed;                 /* allocation failure */
} vg_conf_ctx;

void vg_conf_ctx_init(vg_conf_ctx *c, const vg_scan_opts *o, vg_findings *out);
void vg_conf_ctx_free(vg_conf_ctx *c);

/* Register the file being scanned (buffer borrowed). */
vg_conf_file *vg_conf_ctx_root(vg_conf_ctx *c, const char *uri, const char *buf, size_t len);
/* An included file larger than this is not read (a notice says so). */
#define VG_CONF_MAX_INCLUDE (16u << 20)

/* Read a file from disk (vg_file: a FIFO or a device is refused without
 * blocking) and register it; NULL with a notice on failure. */
vg_conf_file *vg_conf_ctx_load(vg_conf_ctx *c, const char *uri, const vg_conf_file *from,
                               int from_line);

/* Expand an include pattern (glob) seen in `from`: absolute as is, else
 * relative to from's directory, else to `base_dir` (the main file's).
 * Fills a malloc'd array of malloc'd paths (*paths, *n). Returns 0, or -1
 * on allocation failure. No match is not an error (n == 0). */
int vg_conf_glob(const char *pattern, const vg_conf_file *from, const char *base_dir,
                 char ***paths, size_t *n);
void vg_conf_strv_free(char **v, size_t n);

/* How deep blocks, sections, elements or arrays may nest in a file a
 * checker reads. Real configurations nest under ten; past this the file
 * is hostile or generated, and every recursive reader and walker would
 * need a deeper stack than a scan thread has. */
#define VG_CONF_MAX_NEST 100

/* The notice for a file nested past VG_CONF_MAX_NEST (at file:line).
 * Returns -1 (the file was not checked), with c->failed set only when
 * the notice itself could not be added. */
int vg_conf_too_deep(vg_conf_ctx *c, const vg_conf_file *f, int line);

/* Directory part of a path ("." when none); malloc'd. */
char *vg_conf_dirname(const char *path);

/* Tree helpers. */
vg_conf_node *vg_conf_node_add(vg_conf_node *parent);   /* NULL on OOM */
int vg_conf_node_push_arg(vg_conf_node *n, const char *s, size_t len);
void vg_conf_node_free(vg_conf_node *n);   /* frees kids and args, not n itself */

/* Report a finding at file:line. fp_key identifies it without the line
 * (rule id and file are prepended). Honors vigie-ignore comments, drops
 * repeats of (rule, file, line, key) and findings outside keep_real. Returns 0,
 * -1 on allocation failure. */
/* The message is the catalogue's `id` (vg_msg.h) with arguments printed
 * by argfmt, separated by VG_ARG. */
int vg_conf_report(vg_conf_ctx *c, const char *rule, const vg_conf_file *file, int line,
                   const char *fp_key, const char *id, const char *argfmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Same with an explicit level (VG_LEVEL_NONE: the rule's default). */
int vg_conf_report_level(vg_conf_ctx *c, vg_level level, const char *rule,
                         const vg_conf_file *file, int line, const char *fp_key,
                         const char *id, const char *argfmt, ...)
    __attribute__((format(printf, 8, 9)));

/* A finding with a message the caller built (ref is taken: freed here). */
int vg_conf_report_ref(vg_conf_ctx *c, vg_level level, const char *rule,
                       const vg_conf_file *file, int line, const char *fp_key, vg_msgref *ref);
struct vg_conf_rule;
/* A config rule's finding: the rule's own message ({0} of the catalogue's
 * "config.*" entry `tail`), then arguments for {1}... as above. */
int vg_conf_report_rule(vg_conf_ctx *c, const struct vg_conf_rule *r,
                        const vg_conf_file *file, int line, const char *fp_key,
                        const char *tail, const char *argfmt, ...)
    __attribute__((format(printf, 7, 8)));

/* A "config_rules" entry of the ruleset (docs/ruleset-format.md), borrowed
 * from the ruleset's JSON document. */
typedef struct vg_conf_rule {
    const char *id, *rule, *message;   /* message: English text */
    const char *message_fr;            /* its French, or NULL */
    const char *xpath;                 /* format "xml" */
    const char *pointer;               /* format "json" */
    const void *expect, *forbid;       /* json_t *, either may be NULL */
    bool required;
} vg_conf_rule;

/* Call fn for each config rule of `format` whose "files" pattern matches
 * path's base name. Malformed entries become one notice each and are
 * skipped. Stops and returns fn's value when it is non-zero. */
int vg_conf_rules_each(vg_conf_ctx *c, const char *format, const char *path,
                       int (*fn)(vg_conf_ctx *c, const vg_conf_rule *r, void *ud), void *ud);

/* Per-format checkers (vg_conf_<format>.c). */
/* How a format with includes reads and checks a whole tree, so that a
 * fragment can be checked through the main file that includes it. */
typedef struct vg_conf_dialect {
    const char *const *mains;   /* main file names, relative to a directory */
    int (*read_tree)(vg_conf_ctx *c, const vg_conf_file *f, vg_conf_node *root);
    bool (*is_main)(const vg_conf_node *root);      /* NULL: any tree is */
    int (*check_main)(vg_conf_ctx *c, const vg_conf_node *root);
} vg_conf_dialect;

/* A fragment (sites-enabled/x.conf, conf.d/y.conf) is checked through the
 * main file found up to three directories up that includes it, so it gets
 * the settings it inherits; only findings inside the fragment are kept, and
 * the main file's own problems wait for its own scan. *done tells whether
 * such a main file was found (then the fragment is checked). */
int vg_conf_check_via_main(vg_conf_ctx *c, const vg_conf_dialect *d,
                           const vg_conf_file *frag, bool *done);

/* How sure a format is that a file is its own. Classification takes the
 * surest answer; among equals, the first format in vg_conf.c's table. */
typedef enum vg_conf_match {
    VG_CONF_NOT,          /* not this format */
    VG_CONF_BY_CONTENT,   /* only its first bytes say so ("<?xml", "<html") */
    VG_CONF_BY_NAME,      /* a known file or directory name, or a telling directive */
    VG_CONF_BY_EXT        /* its extension says so */
} vg_conf_match;

/* One configuration format: everything the rest of vigie knows of it.
 * Each vg_conf_<format>.c defines one (vg_conf_format_<name>) and
 * vg_conf.c lists it; nothing else names a format. */
typedef struct vg_conf_format {
    const char *name;       /* "nginx": config_rules' "format", fixtures/conf/<name>/,
                               the tests' conf_<name> suite */
    const char *label;      /* how people call it ("Apache httpd"): the
                               docs/config-checks.md section's title */
    vg_file_kind kind;
    /* path as given, base its last component, head[0..n) its first bytes */
    vg_conf_match (*recognise)(const char *path, const char *base, const char *head,
                               size_t n);
    /* Check one file (borrowed buffer); problems go to c->out. -1 only
     * on allocation failure. */
    int (*check)(vg_conf_ctx *c, const char *path, const char *buf, size_t len);
    const vg_conf_dialect *dialect;   /* NULL: the format has no includes */
} vg_conf_format;

extern const vg_conf_format vg_conf_format_apache, vg_conf_format_nginx,
    vg_conf_format_xml, vg_conf_format_json, vg_conf_format_html;

/* Recognition helper: needle occurs in head[0..n) (by name:
 * vg_path_has_ext, vg_file.h). */
bool vg_conf_head_has(const char *head, size_t n, const char *needle);

/* Shared TLS verdicts, so nginx, Apache and Tomcat say the same thing.
 * `where` names the scope ("server portail.test"). enabled[] is indexed by
 * VG_CONF_SSL2..VG_CONF_TLS13. */
enum { VG_CONF_SSL2, VG_CONF_SSL3, VG_CONF_TLS10, VG_CONF_TLS11, VG_CONF_TLS12,
       VG_CONF_TLS13, VG_CONF_NPROTO };
extern const char *const vg_conf_proto_names[VG_CONF_NPROTO];
/* OpenSSL SSL_CONF commands that override the product's protocol setting
 * (nginx ssl_conf_command, Apache SSLOpenSSLConfCmd): MinProtocol,
 * MaxProtocol, and Protocol (where only "-X" disables anything). Applies
 * cmd to en[]; returns false when cmd is not one of them. */
bool vg_conf_ssl_cmd_protocols(const char *cmd, const char *value, bool en[VG_CONF_NPROTO]);

/* TLS002 when a legacy protocol is enabled. `setting` is how the product
 * spells the directive ("ssl_protocols TLSv1 TLSv1.2"), `fix` what complies. */
int vg_conf_check_protocols(vg_conf_ctx *c, const vg_conf_file *f, int line,
                            const char *where, const bool enabled[VG_CONF_NPROTO],
                            const char *setting, const char *fix);
/* TLS001 for suites under 256 bits in the OpenSSL expansion of list (TLS
 * <= 1.2, if enabled) and suites (TLS 1.3, if enabled; NULL = OpenSSL's
 * default). Either check may be skipped by passing line 0. A string OpenSSL
 * rejects becomes a notice. */
typedef struct vg_conf_at {
    const vg_conf_file *file;
    int line;                 /* 0: do not check this part */
    const char *value;        /* the string OpenSSL expands */
    const char *setting;      /* how the product spells it, for messages */
} vg_conf_at;
int vg_conf_check_ciphers(vg_conf_ctx *c, const char *where,
                          const bool enabled[VG_CONF_NPROTO], const vg_conf_at *list,
                          const vg_conf_at *suites);
/* CK004 on a Set-Cookie header value ("id=..; Secure; HttpOnly"). */
int vg_conf_check_set_cookie(vg_conf_ctx *c, const vg_conf_file *f, int line,
                             const char *where, const char *value, const char *setting);

#endif
