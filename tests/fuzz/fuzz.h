#ifndef VG_FUZZ_H
#define VG_FUZZ_H
/*
 * libFuzzer targets: each file defines LLVMFuzzerTestOneInput. Built with
 * clang and -fsanitize=fuzzer when VIGIE_FUZZ is on; otherwise linked with
 * replay.c, which runs the same function over every file of a corpus, so
 * the normal and gcc sanitizer builds check the corpus too.
 */
#include <stddef.h>
#include <stdint.h>

#include "vg_ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The built-in ruleset, loaded once (aborts if it cannot be: a broken
 * build, not a finding). */
const vg_ruleset *fz_ruleset(void);

/* A private directory for this process, created once; name is joined to
 * it and the input written there. Returns the path (static storage). */
const char *fz_write(const char *name, const uint8_t *data, size_t size);
/* The private directory itself. */
const char *fz_dir(void);

#endif
