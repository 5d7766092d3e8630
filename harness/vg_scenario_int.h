#ifndef VG_SCENARIO_INT_H
#define VG_SCENARIO_INT_H
/*
 * Internal to the harness: what a probe's scenario section parser may
 * call (vg_scenario_kit.c). Every function returns 0, or -1 after
 * vg_json_fail() filled the error with the key path; strings it stores
 * are malloc'd and belong to the scenario (vg_scenario_free).
 */
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "vg_json.h"
#include "vg_scenario.h"

/* The member `key` of obj with the expected type; *out NULL when absent. */
int vg_scenario_get(vg_json_ctx *c, json_t *obj, const char *key, json_type type,
                    json_t **out);
/* Enter the member `key` of parent, which every section and sub-object
 * reader starts with: -1 on a wrong type (reported), 0 when absent, 1 when
 * present, with *out the member (borrowed from parent) and `key` pushed on
 * c's path; the caller pops it with vg_json_pop(c, *mark) once read. */
int vg_scenario_enter(vg_json_ctx *c, json_t *parent, const char *key, json_type type,
                      json_t **out, size_t *mark);
/* A string member, copied; *out NULL when absent and not required. */
int vg_scenario_get_string(vg_json_ctx *c, json_t *obj, const char *key, bool required,
                           char **out);
/* An integer member in [lo, hi]; *out untouched when absent (its default). */
int vg_scenario_get_int(vg_json_ctx *c, json_t *obj, const char *key, long lo, long hi,
                        int *out);
/* An array of strings; [] is the same as absent (nothing allocated). */
int vg_scenario_get_strings(vg_json_ctx *c, json_t *obj, const char *key, char ***out,
                            size_t *n);
/* An HTTP request object (method, path, body, headers). */
int vg_scenario_parse_request(vg_json_ctx *c, json_t *o, vg_scenario_request *r,
                              bool path_required);
/* parent[key]: a consent action (a click or a request). */
int vg_scenario_parse_action(vg_json_ctx *c, json_t *parent, const char *key,
                             vg_scenario_action *a);
/* o[key]: "host:port". */
int vg_scenario_parse_listen(vg_json_ctx *c, json_t *o, const char *key,
                             vg_scenario_listen *l);
/* parent["identities"], appended to s->identities (a section may carry
 * its own; all are merged, in the order read). */
int vg_scenario_parse_identities(vg_json_ctx *c, json_t *parent, vg_scenario *s);
/* *p relative to the scenario's directory (absolute and NULL left alone). */
int vg_scenario_resolve(vg_json_ctx *c, const vg_scenario *s, char **p);

/* A section's "pages" (read with vg_scenario_get_strings): each starts
 * with '/' (relative to "target"); none given is {"/"}. */
int vg_scenario_pages(vg_json_ctx *c, char ***pages, size_t *n);

/* The identity fields a scenario may name, NULL-terminated. */
extern const char *const vg_scenario_identity_fields[];

void vg_scenario_free_request(vg_scenario_request *r);
void vg_scenario_free_action(vg_scenario_action *a);
void vg_scenario_free_strings(char **v, size_t n);

#endif
