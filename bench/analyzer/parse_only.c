/*
 * The baseline for bench/analyzer/run: parse every translation unit of a
 * compilation database with libclang and do nothing else. Same flags (the
 * same vg_compdb code turns entries into arguments), same parse options
 * and the same thread layout (one CXIndex per thread) as vigie, so the
 * difference is what the analysis itself costs.
 *
 *   parse_only COMPILE_COMMANDS JOBS
 *
 * Exit status: 0 every unit parsed, 1 a unit failed or the database has
 * none (bench/analyzer/run then stops: such a run measures nothing), 2
 * usage or database error.
 */
#include <clang-c/Index.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "vg_compdb.h"

static vg_compdb db;
static atomic_size_t next;
static atomic_int failures;

static void *work(void *arg)
{
    CXIndex idx = clang_createIndex(0, 0);
    size_t i;
    while ((i = atomic_fetch_add(&next, 1)) < db.count) {
        const vg_compdb_entry *e = &db.entries[i];
        CXTranslationUnit tu = NULL;
        unsigned opts = CXTranslationUnit_KeepGoing |
                        CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
        if (clang_parseTranslationUnit2(idx, e->file, (const char *const *)e->args,
                                        (int)e->nargs, NULL, 0, opts, &tu) != CXError_Success)
            failures++;
        if (tu)
            clang_disposeTranslationUnit(tu);
    }
    clang_disposeIndex(idx);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s COMPILE_COMMANDS JOBS\n", argv[0]);
        return 2;
    }
    vg_error err = {0};
    if (vg_compdb_load(argv[1], &db, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    int jobs = atoi(argv[2]);
    if (jobs < 1)
        jobs = 1;
    pthread_t t[256];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 16u << 20);
    for (int i = 0; i < jobs && i < 256; i++)
        pthread_create(&t[i], &attr, work, NULL);
    for (int i = 0; i < jobs && i < 256; i++)
        pthread_join(t[i], NULL);
    printf("%zu translation units parsed, %d failed\n", db.count, (int)failures);
    int status = (db.count == 0 || failures) ? 1 : 0;
    vg_compdb_free(&db);
    return status;
}
