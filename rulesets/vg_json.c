#include "vg_json.h"
#include "vg_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vg_json_fail(vg_json_ctx *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_error_set(c->err, VG_EINPUT, "%s: %s: %s", c->origin,
                        c->path[0] ? c->path : "(top level)", msg);
}

size_t vg_json_push_key(vg_json_ctx *c, const char *key)
{
    size_t old = strlen(c->path);
    snprintf(c->path + old, sizeof c->path - old, "%s%s", old ? "." : "", key);
    return old;
}

size_t vg_json_push_index(vg_json_ctx *c, size_t i)
{
    size_t old = strlen(c->path);
    snprintf(c->path + old, sizeof c->path - old, "[%zu]", i);
    return old;
}

void vg_json_pop(vg_json_ctx *c, size_t mark)
{
    c->path[mark] = '\0';
}

int vg_json_check_keys(vg_json_ctx *c, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (allowed[i])
            continue;
        char list[300] = "";
        for (i = 0; allowed[i]; i++) {
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", allowed[i]);
        }
        size_t old = vg_json_push_key(c, key);
        int rc = vg_json_fail(c, "unknown key (allowed here: %s)", list);
        vg_json_pop(c, old);
        return rc;
    }
    return 0;
}

int vg_json_get(vg_json_ctx *c, json_t *obj, const char *key, json_type type,
                bool required, json_t **out)
{
    static const char *const tnames[] = {"an object", "an array", "a string",
                                         "an integer", "a number", "a boolean",
                                         "a boolean", "null"};
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    int rc = 0;
    if (!v) {
        if (required) {
            size_t old = vg_json_push_key(c, key);
            rc = vg_json_fail(c, "missing (required)");
            vg_json_pop(c, old);
        }
        return rc;
    }
    bool ok = json_typeof(v) == type || (type == JSON_TRUE && json_is_boolean(v)) ||
              (type == JSON_REAL && json_is_number(v));
    if (!ok) {
        size_t old = vg_json_push_key(c, key);
        rc = vg_json_fail(c, "must be %s", tnames[type]);
        vg_json_pop(c, old);
        return rc;
    }
    *out = v;
    return 0;
}

char *vg_json_read_file(const char *path, size_t max, size_t *len, vg_error *err)
{
    char *buf;
    return vg_file_read(path, max, &buf, len, err) == 0 ? buf : NULL;
}
