/* SARIF reading: the input as a log for report merge and as a baseline
 * (vigie report merge, --baseline), written back out. */
#include "fuzz.h"

#include <stdio.h>

#include "vg_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_error err;
    const char *p = fz_write("fuzz.sarif", data, size);
    vg_report_doc *a = vg_report_load(p, &err);
    if (!a)
        return 0;
    vg_report_doc *b = vg_report_load(p, &err);
    if (b) {
        vg_report_doc *both[] = {a, b};
        vg_report_doc *m = vg_report_merge(both, 2, &err);
        if (m) {
            vg_baseline_counts counts;
            vg_report_apply_baseline(m, a, &counts, &err);
            vg_report_count(m, VG_LEVEL_NOTE, true);
            vg_report_unsuccessful(m);
            FILE *out = fopen("/dev/null", "w");
            if (out) {
                vg_report_write(m, out, &err);
                fclose(out);
            }
            vg_report_free(m);
        }
        vg_report_free(b);
    }
    vg_report_free(a);
    return 0;
}
