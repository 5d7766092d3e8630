#ifndef VG_FLOW_CACHE_H
#define VG_FLOW_CACHE_H
/*
 * vg_flow_cache: --cache DIR. A translation unit's IR and direct findings
 * are stored under a key made of its file name, its flags and the ruleset.
 * The entry also lists every file the unit read (main file and all
 * headers) with a content hash: it is used only while all of them are
 * unchanged, so editing a header invalidates every unit including it —
 * the same inputs as the preprocessed text, without running the
 * preprocessor. Internal to the analyzer; safe to call from threads.
 */
#include <stdint.h>

#include "vg_flow_ir.h"

uint64_t vg_flow_cache_key(const char *file, const char *const *args, int nargs,
                           uint64_t salt);

/* 1: t filled from the cache; 0: no usable entry (t untouched);
 * -1: out of memory. */
int vg_flow_cache_load(const char *dir, uint64_t key, fl_tu *t);

/* Store t; returns 0 or -1 (the directory is not writable: the caller
 * reports it once). */
int vg_flow_cache_store(const char *dir, uint64_t key, const fl_tu *t);

/* Content hash of a file (memoised for the run); 0 when unreadable. */
uint64_t vg_flow_cache_file_hash(const char *path);

#endif
