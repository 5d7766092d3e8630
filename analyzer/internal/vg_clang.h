#ifndef VG_CLANG_H
#define VG_CLANG_H
/*
 * vg_clang: one translation unit through libclang, reduced to the flow IR
 * (vg_flow_ir.h). Internal to the analyzer. The caller owns the CXIndex
 * (one per thread: libclang indexes are not shared across threads).
 */
#include <clang-c/Index.h>

#include "vg_detect.h"
#include "vg_flow_ir.h"
#include "vg_scan.h"

/* What identifiers name, remembered across the units one thread walks:
 * the same names come back in every unit, and matching one against the
 * ruleset's vocabulary was most of what the walk itself costs. For one
 * ruleset; not shared between threads. */
typedef struct vg_clang_names vg_clang_names;
vg_clang_names *vg_clang_names_new(void);   /* NULL out of memory */
void vg_clang_names_free(vg_clang_names *n);

typedef struct vg_clang_job {
    const vg_scan_opts *o;
    vg_detect_ctx *dctx;    /* detectors for string literals (NAM, SIN, DOB) */
    vg_clang_names *names;  /* the thread's identifier memo, or NULL (none kept) */
    const char *cwd;        /* reported paths are made relative to it */
    const char *file;       /* absolute path of the main file */
    const char *const *args;
    int nargs;
    const struct CXUnsavedFile *unsaved;    /* given to libclang as is (may be NULL) */
    unsigned nunsaved;
} vg_clang_job;

/* Headers libclang must not open (vg_clang_incl.c): every file an
 * `#include` of the unit resolves to that is not a regular file (a FIFO
 * blocks open(), a device never ends) becomes an empty unsaved file, so
 * the unit parses as if it were empty, with a notice. Owned by the
 * caller: vg_clang_shadows_free. */
typedef struct vg_clang_shadows {
    struct CXUnsavedFile *files;
    unsigned n, cap;
} vg_clang_shadows;

/* Follow j's includes (j->file, j->args, j->cwd) before it is parsed;
 * fills out and adds a notice to notices for each file shadowed. Returns
 * 0, or -1 when memory runs out. */
int vg_clang_shadow_includes(const vg_clang_job *j, vg_clang_shadows *out,
                             vg_findings *notices);
void vg_clang_shadows_free(vg_clang_shadows *s);

/* Parse and walk. Fills t (initialised by the caller). Parse failures and
 * error diagnostics become notices in t->direct. Returns 0, or -1 when
 * memory runs out. */
int vg_clang_unit(CXIndex idx, const vg_clang_job *j, fl_tu *t);

/* The reported form of a path: relative to cwd when under it. */
const char *vg_clang_relpath(const char *cwd, const char *path);

/* OpenSSL expansion of a cipher string: the names of suites under 256-bit
 * strength, comma-separated, into out. tls13 selects set_ciphersuites
 * semantics. Returns the number of weak suites, or -1 when OpenSSL
 * rejects the string. */
int vg_clang_weak_ciphers(const char *spec, int tls13, char *out, size_t outsz);

#endif
