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

/* Check one file already read into buf[0..len). `path` is how findings name
 * it; files it includes (nginx/Apache `include`) are read from disk. */
int vg_conf_check(const vg_scan_opts *o, vg_file_kind kind, const char *path,
                  const char *buf, size_t len, vg_findings *out);

/* Drop repeated findings and notices (same rule, place and message): a
 * file included by a scanned main config and also scanned on its own is
 * reported once. Call after vg_findings_sort(). */
void vg_conf_dedup(vg_findings *fs);

#endif
