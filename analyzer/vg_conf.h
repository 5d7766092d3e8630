#ifndef VG_CONF_H
#define VG_CONF_H
/*
 * vg_conf: configuration and template checkers (nginx, Apache httpd, XML
 * such as Tomcat server.xml / web.xml, JSON application configs, HTML
 * templates). They report with the same rules as the code analyzer:
 * TLS001/TLS002 (protocols and cipher suites, expanded by OpenSSL),
 * TLS005 (HSTS, forms posting to http://), LOG001 (access-log fields),
 * CK004 (cookie flags), CK005 (trackers before consent), DSC002 (forms
 * sending personal data with GET), and the ruleset's "config_rules"
 * (XPath / JSON pointer). See docs/config-checks.md.
 *
 * A file that cannot be parsed becomes a notice (file and line) in out;
 * only allocation failure returns -1.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_finding.h"
#include "vg_scan.h"

/* True when kind has a dedicated checker here. */
bool vg_conf_handles(vg_file_kind kind);

/* The format a file is, from its name and first bytes (head[0..n)), or
 * VG_FILE_TEXT when no format recognises it. */
vg_file_kind vg_conf_classify(const char *path, const char *head, size_t n);

/* The registered formats, in table order, for listings and tests. Strings
 * are static. */
typedef struct vg_conf_info {
    const char *name;       /* "nginx" */
    const char *label;      /* "Apache httpd" */
    vg_file_kind kind;
} vg_conf_info;
size_t vg_conf_nformats(void);
vg_conf_info vg_conf_format_info(size_t i);   /* all NULL/0 past the end */

/* Check one file already read into buf[0..len). `path` is how findings name
 * it; files it includes (nginx/Apache `include`) are read from disk. */
int vg_conf_check(const vg_scan_opts *o, vg_file_kind kind, const char *path,
                  const char *buf, size_t len, vg_findings *out);

/* vg_conf_check, also naming the other files the check read — what `path`
 * includes, the main file a fragment was checked through — whose change
 * changes its findings (an extraction's inputs). *read is a malloc'd array
 * of *nread malloc'd real paths, each once, without `path` itself; free it
 * with vg_conf_read_free. On -1 nothing is returned. */
int vg_conf_check_read(const vg_scan_opts *o, vg_file_kind kind, const char *path,
                       const char *buf, size_t len, vg_findings *out, char ***read,
                       size_t *nread);
void vg_conf_read_free(char **read, size_t nread);

#endif
