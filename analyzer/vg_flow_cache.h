#ifndef VG_FLOW_CACHE_H
#define VG_FLOW_CACHE_H
/*
 * vg_flow_cache: the one on-disk form of what a unit of a scan produced,
 * used by --cache DIR (reuse) and --extract DIR / `vigie link` (scale-out).
 *
 * An entry ("VGFLOW24") holds, for one unit:
 *   - a header: the vigie version, the ruleset salt (ruleset and masking
 *     setting) and what the entry is: a C/C++ translation unit (its
 *     per-function programs and the findings that need no other unit), a
 *     file (the text and configuration findings of one scanned file), or a
 *     shard manifest (which entries one `scan --extract` run wrote);
 *   - its inputs: every file the unit read with a content hash, so it is
 *     used only while all of them are unchanged (editing a header
 *     invalidates every unit including it);
 *   - its findings and notices, complete (code flows, fingerprints,
 *     suppressions, SARIF properties, catalogue message references).
 * The stream is text (decimal integers, strings as LEN:BYTES), so it does
 * not depend on the machine's word size or byte order; it ends with an
 * END mark, and is written to a temporary name then renamed, so a killed
 * writer leaves a *.tmp file, never a half entry under the real name.
 * Input paths under the root (the directory the scan was started in) are
 * stored relative to it, so an extraction made in one checkout links in
 * another with the same layout. The root is passed explicitly: libclang
 * changes the process's working directory while it parses a unit given
 * -working-directory.
 *
 * Internal to the analyzer; safe to call from threads. Everything a read
 * entry holds lives in its tu.arena and tu.direct (free with
 * vg_flow_entry_free).
 */
#include <stdbool.h>
#include <stdint.h>

#include "vg_flow_ir.h"
#include "vg_ruleset.h"

#define VG_FLOW_FORMAT "VGFLOW24"
#define VG_FLOW_EXT ".vgflow"

typedef enum vg_entry_kind {
    VG_ENTRY_UNIT,          /* a translation unit: tu.funcs, tu.fnptrs, tu.direct */
    VG_ENTRY_FILE,          /* one scanned file: tu.direct holds its final findings */
    VG_ENTRY_MANIFEST       /* one extraction run: shard, paths, entries written */
} vg_entry_kind;

/* What reading an entry found. Every status but OK comes with a sentence
 * in vg_flow_entry.why. */
typedef enum vg_entry_status {
    VG_ENTRY_OK,
    VG_ENTRY_STALE,             /* an input changed or vanished since */
    VG_ENTRY_OTHER_FORMAT,      /* not VGFLOW24 (another vigie, or not an entry) */
    VG_ENTRY_OTHER_VERSION,     /* same format, another vigie release */
    VG_ENTRY_OTHER_RULESET,     /* another ruleset or --show-personal-data setting */
    VG_ENTRY_CORRUPT,           /* truncated or damaged */
    VG_ENTRY_UNREADABLE
} vg_entry_status;

/* A shard manifest's content (VG_ENTRY_MANIFEST). */
typedef struct vg_manifest {
    int shard_k, shard_n;       /* 1/1 when the run was not sharded */
    const char **paths;         /* the PATH arguments of the run */
    size_t npaths;
    const char **entries;       /* file names of the entries it wrote */
    const char **units;         /* the unit or file each entry holds */
    size_t nentries;
} vg_manifest;

typedef struct vg_flow_entry {
    vg_entry_kind kind;
    const char *unit;           /* the unit's reported path (UNIT, FILE) */
    const char *version;        /* the vigie that wrote it */
    fl_tu tu;                   /* owns all memory, including manifest strings */
    vg_manifest manifest;       /* VG_ENTRY_MANIFEST */
    char why[600];              /* what is wrong, when the status is not OK */
} vg_flow_entry;

/* Identity of the analysis settings an entry is valid for: the ruleset
 * (as loaded) and whether personal data is masked. */
uint64_t vg_flow_salt(const vg_ruleset *rs, bool show_personal_data);

uint64_t vg_flow_cache_key(const char *file, const char *const *args, int nargs,
                           uint64_t salt);

/* The entry's file name in a directory: "%016llx.vgflow". */
void vg_flow_entry_name(uint64_t key, char *out, size_t outsz);

/* Write an entry to dir/name (dir absolute) atomically. t gives deps and
 * findings (and, for a unit, its functions); unit is the reported path;
 * m is for manifests only (else NULL); relative deps are relative to
 * root, and deps under root are stored relative. Returns 0 or -1 (cannot
 * write: the caller reports it once). */
int vg_flow_entry_write(const char *dir, const char *name, vg_entry_kind kind, uint64_t salt,
                        const char *unit, const fl_tu *t, const vg_manifest *m,
                        const char *root);

/* An entry larger than this is reported corrupt rather than read. */
#define VG_FLOW_ENTRY_MAX (256u << 20)

/* Read the entry at path, checking it against salt and its inputs (a
 * manifest has none). Returns the status (e is filled only for OK, and
 * then owns memory: call vg_flow_entry_free; otherwise e->why says what
 * is wrong), or -1 when memory runs out. */
int vg_flow_entry_read(const char *path, uint64_t salt, const char *root, vg_flow_entry *e);
void vg_flow_entry_free(vg_flow_entry *e);

/* --cache: 1: t filled from dir's entry for key; 0: no usable entry (t
 * untouched); -1: out of memory. */
int vg_flow_cache_load(const char *dir, uint64_t key, uint64_t salt, const char *root,
                       fl_tu *t);

/* Store a unit for key; returns 0 or -1 (the directory is not writable). */
int vg_flow_cache_store(const char *dir, uint64_t key, uint64_t salt, const char *root,
                        const fl_tu *t);

/* Names of the entries a run wrote, and their units (owned strings). */
typedef struct vg_entry_list {
    char **names, **units;
    size_t n, cap;
} vg_entry_list;

int vg_entry_list_add(vg_entry_list *l, const char *name, const char *unit);
void vg_entry_list_free(vg_entry_list *l);

/* Content hash of a file (memoised for the run); 0 when unreadable. */
uint64_t vg_flow_cache_file_hash(const char *path);

#endif
