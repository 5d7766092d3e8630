/* The compilation database reader (scan -p), and the shell-word splitter
 * its "command" entries go through. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "vg_compdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_error err;
    vg_compdb db = {0};
    const char *p = fz_write("compile_commands.json", data, size);
    if (!vg_compdb_load(p, &db, &err))
        vg_compdb_free(&db);
    char *cmd = malloc(size + 1);
    if (!cmd)
        return 0;
    memcpy(cmd, data, size);
    cmd[size] = '\0';
    size_t n;
    char **words = vg_compdb_split(cmd, &n);
    vg_compdb_argv_free(words);
    free(cmd);
    return 0;
}
