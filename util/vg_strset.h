#ifndef VG_STRSET_H
#define VG_STRSET_H
/*
 * vg_strset: a set of strings (open addressing, FNV-1a), for the "seen
 * already?" questions that were linear scans. It owns copies of what it
 * holds. Zero-initialise ({0}); free with vg_strset_free(). Not for
 * concurrent use.
 */
#include <stdbool.h>
#include <stddef.h>

typedef struct vg_strset {
    char **slots;
    size_t n, cap;              /* cap: 0 or a power of two */
} vg_strset;

/* Add s: 1 when it was new, 0 when already there, -1 out of memory (the
 * set is unchanged). */
int vg_strset_add(vg_strset *set, const char *s);
bool vg_strset_has(const vg_strset *set, const char *s);
void vg_strset_free(vg_strset *set);

#endif
