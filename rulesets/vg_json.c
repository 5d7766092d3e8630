#include "vg_json.h"
#include "vg_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one place a message is made: the path gets the key (or, with key
 * NULL, the index *i) for this message only; neither, the path as it is. */
static int fail_v(vg_json_ctx *c, const char *key, const size_t *i, const char *fmt,
                  va_list ap)
{
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t old = strlen(c->path);
    if (key)
        vg_json_push_key(c, key);
    else if (i)
        vg_json_push_index(c, *i);
    int rc = vg_error_set(c->err, VG_EINPUT, "%s: %s: %s", c->origin,
                          c->path[0] ? c->path : "(top level)", msg);
    vg_json_pop(c, old);
    return rc;
}

int vg_json_fail(vg_json_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_v(c, NULL, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int vg_json_fail_at(vg_json_ctx *c, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_v(c, key, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int vg_json_fail_at_index(vg_json_ctx *c, size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_v(c, NULL, &i, fmt, ap);
    va_end(ap);
    return rc;
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
        return vg_json_fail_at(c, key, "unknown key (allowed here: %s)", list);
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
    if (!v)
        return required ? vg_json_fail_at(c, key, "missing (required)") : 0;
    bool ok = json_typeof(v) == type || (type == JSON_TRUE && json_is_boolean(v)) ||
              (type == JSON_REAL && json_is_number(v));
    if (!ok)
        return vg_json_fail_at(c, key, "must be %s", tnames[type]);
    *out = v;
    return 0;
}

char *vg_json_read_file(const char *path, size_t max, size_t *len, vg_error *err)
{
    char *buf;
    return vg_file_read(path, max, &buf, len, err) == 0 ? buf : NULL;
}
