#ifndef VG_TEST_RUN_H
#define VG_TEST_RUN_H
/*
 * Test support: run a program, capture its output and exit status.
 * Used by the CLI and end-to-end suites.
 */
#include <stdarg.h>
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

/* Run the program bin with the arguments first, ... up to a NULL (at
 * most 38); timeout_s as vg_run_argv. Returns 0 or -1. */
int vg_run_args(vg_run *r, int timeout_s, const char *bin, const char *first, ...);
int vg_run_vargs(vg_run *r, int timeout_s, const char *bin, const char *first, va_list ap);

/* dir/name in one of eight rotating static buffers: a test may hold a
 * few at once. */
const char *vg_test_path(const char *dir, const char *name);
/* Write text to dir/name; 0 or -1. */
int vg_test_write(const char *dir, const char *name, const char *text);
/* The whole of a file, NUL-terminated, malloc'd (length in *len if not
 * NULL); NULL when it cannot be read. */
char *vg_test_slurp(const char *path, size_t *len);

/* A file of the source tree (path relative to it), NUL-terminated,
 * malloc'd; aborts the test when it cannot be read. */
char *vg_test_source_file(const char *rel);

#endif
