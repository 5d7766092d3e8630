#ifndef VG_JSON_H
#define VG_JSON_H
/*
 * vg_json: strict reading of JSON documents that users write (rulesets,
 * probe scenarios). jansson parses; these helpers check keys and types and
 * name the offending place by its key path ("cookies.consent.acept: unknown
 * key"), so a typo is an error rather than a silently skipped check.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_json_ctx {
    const char *origin;     /* file name shown first in every message */
    vg_error *err;
    char path[256];         /* key path of the place being read */
} vg_json_ctx;

/* The whole of a (small) file, NUL-terminated, malloc'd; *len without the
 * NUL. NULL with err set ("PATH: cannot open: ...") when it cannot be read,
 * is not a regular file or is larger than max bytes (vg_file_read). */
char *vg_json_read_file(const char *path, size_t max, size_t *len, vg_error *err);

/* "ORIGIN: PATH: message"; returns -1. */
int vg_json_fail(vg_json_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "ORIGIN: PATH.key: message" (the key appended for this message only); returns -1. */
int vg_json_fail_at(vg_json_ctx *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "ORIGIN: PATH[i]: message"; returns -1. */
int vg_json_fail_at_index(vg_json_ctx *c, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Descend into a key or an index; each returns the mark vg_json_pop()
 * takes to come back up. */
size_t vg_json_push_key(vg_json_ctx *c, const char *key);
size_t vg_json_push_index(vg_json_ctx *c, size_t i);
void vg_json_pop(vg_json_ctx *c, size_t mark);

/* Every key of obj must be in the NULL-terminated allowed list. */
int vg_json_check_keys(vg_json_ctx *c, json_t *obj, const char *const *allowed);

/* Member `key` of obj, which must have `type` (JSON_TRUE means any boolean,
 * JSON_REAL any number). *out is NULL when it is absent, which is an error
 * only when required. Returns 0 or -1. The value is borrowed. */
int vg_json_get(vg_json_ctx *c, json_t *obj, const char *key, json_type type,
                bool required, json_t **out);

#endif
