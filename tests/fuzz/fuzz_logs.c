/* The access-log probe's reading of a line back to the bytes that were
 * logged, in each format it knows; the output bound is checked. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "vg_probe_logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"combined", "common", "json", "raw"};
    size_t cap = size + 1;
    char *out = malloc(cap), small[8];
    if (!out)
        return 0;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        size_t n = vg_probe_logs_unescape(formats[i], (const char *)data, size, out, cap);
        if (n >= cap || out[n] != '\0' || strlen(out) > n)
            abort();
        n = vg_probe_logs_unescape(formats[i], (const char *)data, size, small, sizeof small);
        if (n >= sizeof small || small[n] != '\0')
            abort();
    }
    free(out);
    return 0;
}
