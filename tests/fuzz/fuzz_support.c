/* Helpers shared by the fuzz targets (fuzz.h). */
#include "fuzz.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", dir);
}

const char *fz_dir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/vg-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        atexit(remove_dir);
    }
    return dir;
}

const char *fz_write(const char *name, const uint8_t *data, size_t size)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", fz_dir(), name);
    FILE *fp = fopen(path, "wb");
    if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp))
        abort();
    return path;
}

const vg_ruleset *fz_ruleset(void)
{
    static vg_ruleset *rs;
    if (!rs) {
        vg_error err;
        if (!(rs = vg_ruleset_load_builtin(&err))) {
            fprintf(stderr, "fuzz: builtin ruleset: %s\n", err.msg);
            abort();
        }
    }
    return rs;
}

/* libFuzzer calls this once before any input (replay.c too): the ruleset
 * compiles every pattern, which under ASan on a busy machine can take
 * longer than one input's -timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_ruleset();
    return 0;
}
