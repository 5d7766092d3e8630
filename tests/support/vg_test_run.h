#ifndef VG_TEST_RUN_H
#define VG_TEST_RUN_H
/*
 * Test support: run a program, capture its output and exit status.
 * Used by the CLI and end-to-end suites.
 */
#include <stddef.h>

typedef struct vg_run {
    int status;        /* exit status, or 128+signal if killed */
    char *out, *err;   /* NUL-terminated captured stdout / stderr (owned) */
} vg_run;

/* Run argv (argv[0] is a path) with stdin from /dev/null. Returns 0 or -1
 * if it could not be started. Kills it after timeout_s seconds. */
int vg_run_argv(char *const argv[], int timeout_s, vg_run *r);
void vg_run_free(vg_run *r);

/* Write text to a new file in a fresh temporary directory; returns the
 * malloc'd path. */
char *vg_test_write_temp(const char *name, const char *text, size_t len);

/* A file of the source tree (path relative to it), NUL-terminated,
 * malloc'd; aborts the test when it cannot be read. */
char *vg_test_source_file(const char *rel);

#endif
