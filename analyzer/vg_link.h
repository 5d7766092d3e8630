#ifndef VG_LINK_H
#define VG_LINK_H
/*
 * vg_link: `vigie link DIR...`, the whole-program step over extractions
 * (`vigie scan --extract`, `vigie cc --extract`) made elsewhere: on other
 * CI jobs, shards, or by the build itself.
 *
 * Every entry of every directory is read (vg_flow_cache.h) and checked:
 * an entry that is truncated or corrupt, stale (an input changed since),
 * from another format or vigie version, or made with another ruleset is
 * left out with a notice saying so and what to do; so is a half-written
 * entry a killed job left (*.tmp). Shard manifests say which shards a
 * split had and what each wrote: a shard without a manifest, or an entry a
 * manifest lists that is absent, is reported missing; in a directory with
 * a manifest, entries it does not list (left by an earlier run into the
 * same directory) are not linked. A unit extracted twice is linked once
 * (the first directory given, then name order) with a notice. The kept
 * units then go through the same step as a single-machine scan
 * (vg_flow_link_units), in the same order, so the
 * results are the single-machine results.
 */
#include <stddef.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_scan.h"

/* Link the extractions in dirs. o gives the ruleset, masking and jobs;
 * its other fields are ignored. Findings and notices are appended to out
 * (sorted). Returns 0, or -1 with err set when a directory cannot be read
 * or memory runs out; a bad entry is a notice, never an error. */
int vg_link(const vg_scan_opts *o, char *const *dirs, size_t ndirs, vg_findings *out,
            vg_error *err);

#endif
