/*
 * Without libFuzzer (gcc builds): run LLVMFuzzerTestOneInput once over
 * every file named, or every file of every directory named, the way
 * `target CORPUS_DIR -runs=0` does with libFuzzer. A crash or sanitizer
 * report fails the test; exit 0 when every input ran.
 */
#include "fuzz.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(fp);
    if (!buf)
        return -1;
    /* libFuzzer hands over exactly size bytes; an exact-size copy lets
     * ASan see a read past the end. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

int main(int argc, char **argv)
{
    int failed = 0, runs = 0;
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-')
            continue;                   /* libFuzzer flags: meaningless here */
        struct stat st;
        if (stat(argv[i], &st)) {
            perror(argv[i]);
            failed = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= run_file(argv[i]) != 0;
            runs++;
            continue;
        }
        struct dirent **ents;
        int n = scandir(argv[i], &ents, NULL, alphasort);
        if (n < 0) {
            perror(argv[i]);
            failed = 1;
            continue;
        }
        for (int k = 0; k < n; k++) {
            char p[PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", argv[i], ents[k]->d_name);
            if (ents[k]->d_name[0] != '.' && !stat(p, &st) && S_ISREG(st.st_mode)) {
                failed |= run_file(p) != 0;
                runs++;
            }
            free(ents[k]);
        }
        free(ents);
    }
    printf("replay: %d input(s)%s\n", runs, failed ? ", some unreadable" : "");
    return failed || runs == 0;
}
