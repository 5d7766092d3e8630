#ifndef VG_ERROR_H
#define VG_ERROR_H
/*
 * vg_error: how library code reports failure.
 *
 * Library functions never print. They return -1 (or NULL) and fill a
 * caller-provided vg_error; the CLI prints it once, at the edge.
 * The message is self-contained ("rules.json:12:5: expected ...").
 */
#include <stddef.h>

typedef struct vg_error {
    char msg[512];
} vg_error;

/* printf-style; returns -1 so callers can `return vg_error_set(...)`.
 * err may be NULL (the message is then dropped). */
int vg_error_set(vg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
