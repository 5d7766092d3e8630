#ifndef VG_INVENTORY_H
#define VG_INVENTORY_H
/*
 * vg_inventory: the inventory of personal information, from SARIF logs.
 *
 * For each category a privacy-impact assessment asks about (NAM, SIN,
 * date of birth, credentials, health data, contact data, names): where
 * the service collects it (a source in its code, a form in an HTML
 * template, a page of a probe scenario) and where it goes (logs, email,
 * SMS, voice, cookies, URLs, third-party hosts, the network in clear
 * text, files), each destination with its status (compliant, not
 * compliant, to review, suppressed) and the policy clause of its rule.
 *
 * Compliant destinations come from results of kind "pass" (vg_finding.h,
 * VG_PASS_KEY), the rest from ordinary results. The inventory shows only
 * what the log carries: values are masked unless the log was written
 * with --show-personal-data, and then rendering it needs show_personal_data.
 *
 * Borrows the document and the ruleset; writes to out.
 */
#include <stdbool.h>
#include <stdio.h>

#include "vg_error.h"
#include "vg_report.h"
#include "vg_ruleset.h"

typedef enum vg_inv_format { VG_INV_HTML, VG_INV_JSON, VG_INV_CSV } vg_inv_format;

typedef struct vg_inv_opts {
    vg_lang lang;
    vg_inv_format format;
    bool show_personal_data;    /* the log may hold unmasked values */
} vg_inv_opts;

/* Write the inventory. -1 with err set when the log was written with
 * --show-personal-data and o->show_personal_data is false (the inventory
 * would show what the reader did not ask to see), or on a write error. */
int vg_report_inventory(const vg_report_doc *d, const vg_ruleset *rs, const vg_inv_opts *o,
                        FILE *out, vg_error *err);

/* The group ("nam", "sin", "dob", "credentials", "health", "contact",
 * "name") of a ruleset category id; NULL when it is none of them. */
const char *vg_inventory_group(const char *category_id);

#endif
