#ifndef VG_SARIF_INT_H
#define VG_SARIF_INT_H
/* Inside reports/ only: the SARIF writer's JSON tree, for vg_report. */
#include <jansson.h>

#include "vg_sarif.h"

/* New reference, or NULL with err set. */
json_t *vg_sarif_build_json(const vg_ruleset *rs, const vg_sarif_run *runs,
                            size_t nruns, vg_error *err);
int vg_sarif_dump(json_t *doc, FILE *out, vg_error *err);

/* The template of message id in lang, for a result of rule_id (NULL: a
 * notice or anything outside a rule): the rule's messageStrings, then the
 * tool's globalMessageStrings, from the driver when the run is in lang,
 * else from the run's translation into lang. NULL if neither has it. */
const char *vg_sarif_template(json_t *run, const char *rule_id, const char *id, vg_lang lang);
/* A SARIF message object rendered in lang: its template (above) filled
 * with its arguments, else its text. Malloc'd; NULL only on out of memory. */
char *vg_sarif_message_text(json_t *run, const char *rule_id, json_t *message, vg_lang lang,
                            const vg_ruleset *rs);
/* The language of a run ("language", default en). */
vg_lang vg_sarif_run_lang(json_t *run);

#endif
