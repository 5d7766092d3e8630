#ifndef VG_FLOW_H
#define VG_FLOW_H
/*
 * vg_flow: data-flow analysis of C/C++ code with libclang.
 *
 * Each translation unit is parsed (in parallel, one CXIndex per thread)
 * and reduced to a small per-function program (vg_flow_ir.h): assignments,
 * calls and returns over named places. The engine then computes function
 * summaries across all translation units and follows personal data from
 * its sources to the sinks the ruleset declares (docs/static-analysis.md).
 * Constant-argument API misuse (TLS001/002/004) and DSC003 are reported too.
 */
#include <stddef.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_flow_cache.h"
#include "vg_flow_ir.h"
#include "vg_scan.h"

/* Analyse files (C/C++ sources; headers without a compilation-database
 * entry are analysed through the files that include them). Flags come
 * from o->compile_commands when set, else defaults. Findings and notices
 * are appended to out. Returns 0, or -1 with err set when the compilation
 * database cannot be read or memory runs out; a translation unit that
 * fails to parse is a notice, not an error. */
int vg_flow_scan(const vg_scan_opts *o, const char *const *files, size_t n,
                 vg_findings *out, vg_error *err);

/* The same with o->extract_dir: each unit is parsed and walked (or found
 * fresh in the directory) and written as an entry there, then freed; the
 * engine does not run. The entries' names and units are appended to
 * written. A unit whose entry cannot be written is an error. */
int vg_flow_extract(const vg_scan_opts *o, const char *const *files, size_t n,
                    vg_entry_list *written, vg_findings *out, vg_error *err);

/* The whole-program step over units (borrowed; their direct findings are
 * moved to out): the engine, then the units' direct findings, then inline
 * suppressions on all of those. vg_flow_scan and vigie link both end here,
 * which is what makes a linked result the single-machine result. Returns
 * 0 or -1 when memory runs out. */
int vg_flow_link_units(const vg_scan_opts *o, fl_tu *const *tus, size_t n, vg_findings *out);

#endif
