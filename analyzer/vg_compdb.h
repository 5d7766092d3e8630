#ifndef VG_COMPDB_H
#define VG_COMPDB_H
/*
 * vg_compdb: a clang compilation database (compile_commands.json), read the
 * way clang-tidy reads it: FILE is the JSON file itself, DIR a build
 * directory holding one. Each entry becomes the argument list libclang
 * needs to parse that file: the compiler name, -c, -o and dependency-file
 * options and the source file itself are dropped, and the entry's
 * directory is passed to the front end (-Xclang -working-directory) so
 * relative -I paths resolve without the process changing directory.
 *
 * Ownership: the database owns every string; free it with vg_compdb_free().
 */
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_compdb_entry {
    char *file;         /* absolute, canonical (realpath) when the file exists */
    char **args;        /* flags for clang_parseTranslationUnit, NULL-terminated */
    size_t nargs;
} vg_compdb_entry;

typedef struct vg_compdb {
    vg_compdb_entry *entries;
    size_t count;
} vg_compdb;

/* A compilation database larger than this is refused (a large project's is
 * tens of megabytes; parsing needs several times the size). */
#define VG_COMPDB_MAX_SIZE (512u << 20)

/* Load path (file or directory). Returns 0, or -1 with err set (also when
 * the file is not a regular file or is larger than VG_COMPDB_MAX_SIZE). */
int vg_compdb_load(const char *path, vg_compdb *db, vg_error *err);
void vg_compdb_free(vg_compdb *db);

/* Add the entry of one compiler command (words[0] is the compiler, run
 * in dir) for file: what a database entry with "arguments" gives, for a
 * command seen live (vigie cc). Returns 0, or -1 with err set. */
int vg_compdb_add(vg_compdb *db, const char *dir, const char *const *words, size_t nwords,
                  const char *file, vg_error *err);

/* The first entry for an absolute canonical file name, or NULL. */
const vg_compdb_entry *vg_compdb_find(const vg_compdb *db, const char *file);

/* Split a shell command line (the "command" form of an entry) into words,
 * honouring quotes and backslashes. Returns a NULL-terminated array the
 * caller frees with vg_compdb_argv_free(), or NULL on allocation failure. */
char **vg_compdb_split(const char *cmd, size_t *n);
void vg_compdb_argv_free(char **argv);

#endif
