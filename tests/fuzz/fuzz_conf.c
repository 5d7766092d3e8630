/*
 * Configuration readers and checkers (nginx, Apache, XML, JSON, HTML): one
 * source, built once per format with FZ_KIND and FZ_NAME. The path names
 * a directory that does not exist, so includes resolve to nothing and the
 * input alone drives the reader.
 */
#include "fuzz.h"

#include "vg_conf.h"
#include "vg_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_scan_opts o = {.rs = fz_ruleset()};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_conf_check(&o, FZ_KIND, "/nonexistent/vg-fuzz/" FZ_NAME, (const char *)data, size, &fs);
    vg_findings_free(&fs);
    return 0;
}
