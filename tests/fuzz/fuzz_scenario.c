/* The probe scenario loader and validator (--scenario FILE). */
#include "fuzz.h"

#include "vg_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_error err;
    vg_scenario *s = vg_scenario_load_buffer((const char *)data, size, "/nonexistent/s.json",
                                             &err);
    if (s) {
        vg_scenario_line(s, "https://127.0.0.1/");
        vg_scenario_free(s);
    }
    return 0;
}
