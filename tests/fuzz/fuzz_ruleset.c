/* The ruleset loader and validator (--rules FILE). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_buffer((const char *)data, size, "fuzz.json", &err);
    vg_ruleset_free(rs);
    return 0;
}
