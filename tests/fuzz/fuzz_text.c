/* The text checker (DSC004) and every value detector over arbitrary bytes. */
#include "fuzz.h"

#include <stdlib.h>

#include "vg_detect.h"
#include "vg_scan.h"

static int count(const vg_match *m, void *ud)
{
    size_t *n = ud;
    (*n) += m->end >= m->start;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static vg_detector *det;
    static vg_detect_ctx *ctx;
    if (!det) {
        vg_error err;
        if (!(det = vg_detector_new(fz_ruleset(), VG_DETECT_ALL, &err)) ||
            !(ctx = vg_detect_ctx_new(det)))
            abort();
    }
    vg_scan_opts o = {.rs = fz_ruleset()};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_scan_text(&o, ctx, "fuzz.txt", (const char *)data, size, &fs);
    vg_findings_free(&fs);
    size_t n = 0;
    vg_detect_scan(ctx, (const char *)data, size, true, count, &n);
    vg_detect_scan(ctx, (const char *)data, size, false, count, &n);
    return 0;
}
