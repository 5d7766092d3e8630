#ifndef VG_SARIF_INT_H
#define VG_SARIF_INT_H
/* Inside reports/ only: the SARIF writer's JSON tree, for vg_report. */
#include <jansson.h>

#include "vg_sarif.h"

/* New reference, or NULL with err set. */
json_t *vg_sarif_build_json(const vg_ruleset *rs, const vg_sarif_run *runs,
                            size_t nruns, vg_error *err);
int vg_sarif_dump(json_t *doc, FILE *out, vg_error *err);

#endif
