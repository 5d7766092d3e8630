#ifndef VG_WALK_H
#define VG_WALK_H
/*
 * vg_walk: expand command-line paths into a sorted list of regular files.
 * Directories are walked recursively without following symlinks; .git and
 * what .gitignore files exclude are skipped (basic gitignore syntax:
 * globs, leading "/" anchors, trailing "/" for directories, "!" negation).
 */
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_filelist {
    char **paths;    /* owned */
    size_t count, cap;
} vg_filelist;

/* Append the files under path. -1 with err set if path does not exist or
 * cannot be read. */
int vg_walk(const char *path, vg_filelist *out, vg_error *err);
void vg_filelist_sort(vg_filelist *l);
void vg_filelist_free(vg_filelist *l);

#endif
