/*
 * vg_scenario_kit: how every section of a scenario is read, and nothing
 * that knows which sections (probes) exist: typed members with their key
 * path in errors, requests, consent actions, listen addresses,
 * identities, paths relative to the scenario. The probes' own section
 * parsers (vg_probe_<name>.c) call in here; vg_scenario.c, the loader,
 * calls them through the probe table (vg_probe.c).
 */
#include "vg_scenario_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const vg_scenario_identity_fields[] = {"name", "nam", "sin", "dob", "email", "phone",
                                              "username", "password", NULL};

/* The member `key` of obj with the expected type; *out NULL when absent. */
int vg_scenario_get(vg_json_ctx *c, json_t *obj, const char *key, json_type type,
                    json_t **out)
{
    return vg_json_get(c, obj, key, type, false, out);
}

int vg_scenario_enter(vg_json_ctx *c, json_t *parent, const char *key, json_type type,
                      json_t **out, size_t *mark)
{
    if (vg_scenario_get(c, parent, key, type, out))
        return -1;
    if (!*out)
        return 0;
    *mark = vg_json_push_key(c, key);
    return 1;
}

int vg_scenario_get_string(vg_json_ctx *c, json_t *obj, const char *key, bool required,
                           char **out)
{
    json_t *v;
    *out = NULL;
    if (vg_scenario_get(c, obj, key, JSON_STRING, &v))
        return -1;
    if (!v)
        return required ? vg_json_fail_at(c, key, "missing (required)") : 0;
    *out = strdup(json_string_value(v));
    return *out ? 0 : vg_json_fail(c, "out of memory");
}

int vg_scenario_get_int(vg_json_ctx *c, json_t *obj, const char *key, long lo, long hi,
                        int *out)
{
    json_t *v;
    if (vg_scenario_get(c, obj, key, JSON_INTEGER, &v))
        return -1;
    if (!v)
        return 0;
    json_int_t n = json_integer_value(v);
    if (n < lo || n > hi)
        return vg_json_fail_at(c, key, "must be between %ld and %ld", lo, hi);
    *out = (int)n;
    return 0;
}

/* An array of strings. */
int vg_scenario_get_strings(vg_json_ctx *c, json_t *obj, const char *key, char ***out,
                            size_t *n)
{
    json_t *arr;
    *out = NULL;
    *n = 0;
    if (vg_scenario_get(c, obj, key, JSON_ARRAY, &arr))
        return -1;
    if (!arr)
        return 0;
    size_t cnt = json_array_size(arr);
    if (!cnt)                   /* [] is the same as absent: nothing allocated */
        return 0;
    size_t old = vg_json_push_key(c, key);
    *out = calloc(cnt, sizeof **out);
    if (!*out)
        return vg_json_fail(c, "out of memory");
    for (size_t i = 0; i < cnt; i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_string(v))
            return vg_json_fail_at_index(c, i, "must be a string");
        (*out)[i] = strdup(json_string_value(v));
        if (!(*out)[i])
            return vg_json_fail(c, "out of memory");
        *n = i + 1;
    }
    vg_json_pop(c, old);
    return 0;
}

int vg_scenario_parse_request(vg_json_ctx *c, json_t *o, vg_scenario_request *r,
                              bool path_required)
{
    if (vg_scenario_get_string(c, o, "method", false, &r->method) ||
        vg_scenario_get_string(c, o, "path", path_required, &r->path) ||
        vg_scenario_get_string(c, o, "body", false, &r->body) ||
        vg_scenario_get_strings(c, o, "headers", &r->headers, &r->nheaders))
        return -1;
    if (r->path && r->path[0] != '/')
        return vg_json_fail_at(c, "path", "must start with '/' (it is relative to \"target\")");
    for (size_t i = 0; i < r->nheaders; i++)
        if (!strchr(r->headers[i], ':')) {
            size_t old = vg_json_push_key(c, "headers");
            int rc = vg_json_fail_at_index(c, i, "must read \"Name: value\"");
            vg_json_pop(c, old);
            return rc;
        }
    if (r->path && !r->method)
        r->method = strdup(r->body ? "POST" : "GET");
    if (r->path && !r->method)
        return vg_json_fail(c, "out of memory");
    if (r->method && !r->path)
        return vg_json_fail(c, "\"method\" given without \"path\"");
    return 0;
}

int vg_scenario_parse_action(vg_json_ctx *c, json_t *parent, const char *key,
                             vg_scenario_action *a)
{
    static const char *const keys[] = {"click", "method", "path", "body", "headers", NULL};
    json_t *o;
    size_t old;
    int in = vg_scenario_enter(c, parent, key, JSON_OBJECT, &o, &old);
    if (in <= 0)
        return in;
    if (vg_json_check_keys(c, o, keys) || vg_scenario_get_string(c, o, "click", false, &a->click) ||
        vg_scenario_parse_request(c, o, &a->req, false))
        return -1;
    a->has_request = a->req.path != NULL;
    if (!a->click && !a->has_request)
        return vg_json_fail(c, "needs \"click\" (a CSS selector) or a request (\"path\")");
    a->present = true;
    vg_json_pop(c, old);
    return 0;
}

int vg_scenario_parse_listen(vg_json_ctx *c, json_t *o, const char *key,
                             vg_scenario_listen *l)
{
    if (vg_scenario_get_string(c, o, key, false, &l->text))
        return -1;
    if (!l->text)
        return 0;
    size_t old = vg_json_push_key(c, key);
    const char *colon = strrchr(l->text, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || colon == l->text || !end || *end || end == colon + 1 ||
        port < 0 || port > 65535)
        return vg_json_fail(c, "must read \"host:port\" (port 0-65535)");
    l->host = strndup(l->text, (size_t)(colon - l->text));
    l->port = (int)port;
    if (!l->host)
        return vg_json_fail(c, "out of memory");
    vg_json_pop(c, old);
    return 0;
}

int vg_scenario_parse_identities(vg_json_ctx *c, json_t *parent, vg_scenario *s)
{
    static const char *const keys[] = {"name", "nam", "sin", "dob", "email", "phone",
                                       "username", "password", NULL};
    json_t *arr;
    size_t old;
    int in = vg_scenario_enter(c, parent, "identities", JSON_ARRAY, &arr, &old);
    if (in <= 0)
        return in;
    size_t n = json_array_size(arr);
    vg_scenario_identity *grown = realloc(s->identities,
                                          (s->nidentities + n + 1) * sizeof *grown);
    if (!grown)
        return vg_json_fail(c, "out of memory");
    s->identities = grown;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        vg_scenario_identity *id = &s->identities[s->nidentities];
        memset(id, 0, sizeof *id);
        s->nidentities++;
        size_t o2 = vg_json_push_index(c, i);
        if (!json_is_object(e))
            return vg_json_fail(c, "must be an object");
        if (vg_json_check_keys(c, e, keys) ||
            vg_scenario_get_string(c, e, "name", false, &id->name) ||
            vg_scenario_get_string(c, e, "nam", false, &id->nam) ||
            vg_scenario_get_string(c, e, "sin", false, &id->sin) ||
            vg_scenario_get_string(c, e, "dob", false, &id->dob) ||
            vg_scenario_get_string(c, e, "email", false, &id->email) ||
            vg_scenario_get_string(c, e, "phone", false, &id->phone) ||
            vg_scenario_get_string(c, e, "username", false, &id->username) ||
            vg_scenario_get_string(c, e, "password", false, &id->password))
            return -1;
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

/* "ca" relative to the scenario's directory. */
int vg_scenario_resolve(vg_json_ctx *c, const vg_scenario *s, char **p)
{
    if (!*p || (*p)[0] == '/')
        return 0;
    size_t n = strlen(s->dir) + strlen(*p) + 2;
    char *full = malloc(n);
    if (!full)
        return vg_json_fail(c, "out of memory");
    snprintf(full, n, "%s/%s", s->dir, *p);
    free(*p);
    *p = full;
    return 0;
}

void vg_scenario_free_request(vg_scenario_request *r)
{
    free(r->method);
    free(r->path);
    free(r->body);
    for (size_t i = 0; i < r->nheaders; i++)
        free(r->headers[i]);
    free(r->headers);
}

void vg_scenario_free_action(vg_scenario_action *a)
{
    free(a->click);
    vg_scenario_free_request(&a->req);
}

void vg_scenario_free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int vg_scenario_pages(vg_json_ctx *c, char ***pages, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        if ((*pages)[i][0] != '/') {
            size_t old = vg_json_push_key(c, "pages");
            int rc = vg_json_fail_at_index(c, i,
                                           "must start with '/' (it is relative to \"target\")");
            vg_json_pop(c, old);
            return rc;
        }
    if (*n)
        return 0;
    *pages = calloc(1, sizeof **pages);
    if (!*pages || !((*pages)[0] = strdup("/")))
        return vg_json_fail(c, "out of memory");
    *n = 1;
    return 0;
}
