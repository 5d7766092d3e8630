#ifndef VG_ERROR_H
#define VG_ERROR_H
/*
 * vg_error: how library code reports failure.
 *
 * Library functions never print. They return -1 (or NULL) and fill a
 * caller-provided vg_error; the CLI prints it once, at the edge.
 * The message is self-contained ("rules.json:12:5: expected ...").
 * The code says what kind of failure it was, so a caller can tell a
 * machine that ran out of memory from an input that is wrong without
 * reading the message (libgit2's git_error_code model). It is set where
 * the error is created; a caller that wraps another error's message
 * passes that error's code on.
 */
#include <stddef.h>

typedef enum vg_error_code {
    VG_OK = 0,
    VG_EINPUT = -1,         /* bad input: a file, option, scenario or ruleset that is wrong */
    VG_ENOMEM = -2,         /* out of memory */
    VG_EIO = -3,            /* the system or the network failed: open, read, write, connect */
    VG_ENOTFOUND = -4,      /* what was named does not exist: a file, a section, an element */
    VG_EUNSUPPORTED = -5,   /* asked of something that cannot do it (a probe without offline mode) */
} vg_error_code;

typedef struct vg_error {
    char msg[512];
    vg_error_code code;     /* {0} starts an empty error, VG_OK */
} vg_error;

/* printf-style; returns -1 so callers can `return vg_error_set(...)`.
 * err may be NULL (the message is then dropped). */
int vg_error_set(vg_error *err, vg_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The code for a failed system call's errno: ENOENT and ENOTDIR are
 * VG_ENOTFOUND, ENOMEM is VG_ENOMEM, anything else VG_EIO. */
vg_error_code vg_error_code_errno(int e);

/* "out of memory", ... as a short English name for logs and tests. */
const char *vg_error_code_name(vg_error_code code);

#endif
