#ifndef VG_FLOW_ENGINE_H
#define VG_FLOW_ENGINE_H
/*
 * The taint engine: function summaries computed over every translation
 * unit to a fixed point, then one reporting pass. Internal to the analyzer.
 */
#include <stddef.h>

#include "vg_finding.h"
#include "vg_flow_ir.h"
#include "vg_scan.h"

/* Analyse the units (borrowed; they must outlive the call) and append
 * findings to out. Returns 0, or -1 when memory runs out. */
int vg_flow_engine_run(const vg_scan_opts *o, fl_tu *const *tus, size_t n,
                       vg_findings *out);

#endif
