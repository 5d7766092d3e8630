#include "vg_tls_ciphers.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const cipher_keys[] = {"id", "name", "openssl", "since", "kx", "auth",
                                          "enc", "mac", "bits", "export", NULL};
static const char *const protocols[] = {"SSLv3", "TLSv1", "TLSv1.2", "TLSv1.3", NULL};

static int str_field(const vg_ruleset *rs, json_t *o, size_t i, const char *key,
                     bool required, const char **out, vg_error *err)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v) {
        if (!required)
            return 0;
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu]: missing \"%s\"", rs->origin, i, key);
    }
    if (!json_is_string(v) || json_string_length(v) == 0)
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu].%s: expected a non-empty string",
                            rs->origin, i, key);
    *out = json_string_value(v);
    return 0;
}

static int parse_id(const char *s, uint16_t *out)
{
    /* Exactly "0x" and four hex digits: the IANA registry's two bytes. */
    if (strlen(s) != 6 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return -1;
    unsigned v = 0;
    for (int k = 2; k < 6; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + (unsigned)d;
    }
    *out = (uint16_t)v;
    return 0;
}

static int load_one(const vg_ruleset *rs, json_t *o, size_t i, vg_tls_cipher *c,
                    vg_error *err)
{
    const char *key, *id;
    json_t *v;
    if (!json_is_object(o))
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu]: expected an object", rs->origin, i);
    json_object_foreach(o, key, v) {
        size_t k = 0;
        while (cipher_keys[k] && strcmp(cipher_keys[k], key) != 0)
            k++;
        if (!cipher_keys[k])
            return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu]: unknown key \"%s\"", rs->origin, i, key);
    }
    if (str_field(rs, o, i, "id", true, &id, err) ||
        str_field(rs, o, i, "name", true, &c->name, err) ||
        str_field(rs, o, i, "openssl", false, &c->openssl, err) ||
        str_field(rs, o, i, "since", true, &c->since, err) ||
        str_field(rs, o, i, "kx", true, &c->kx, err) ||
        str_field(rs, o, i, "auth", true, &c->auth, err) ||
        str_field(rs, o, i, "enc", true, &c->enc, err) ||
        str_field(rs, o, i, "mac", true, &c->mac, err))
        return -1;
    if (parse_id(id, &c->id))
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu].id: \"%s\" is not of the form 0xC030",
                            rs->origin, i, id);
    size_t p = 0;
    while (protocols[p] && strcmp(protocols[p], c->since) != 0)
        p++;
    if (!protocols[p])
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu].since: \"%s\" is not SSLv3, TLSv1, "
                            "TLSv1.2 or TLSv1.3", rs->origin, i, c->since);
    v = json_object_get(o, "bits");
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 512)
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu].bits: expected an integer from 0 to 512",
                            rs->origin, i);
    c->bits = (int)json_integer_value(v);
    v = json_object_get(o, "export");
    if (v && !json_is_boolean(v))
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu].export: expected true or false",
                            rs->origin, i);
    c->export_grade = v && json_is_true(v);
    c->tls13 = strcmp(c->since, "TLSv1.3") == 0;
    /* 0x5600 (fallback SCSV) and 0x00FF (renegotiation SCSV) are signals,
     * not suites: offering them as suites would change what is measured. */
    if (c->id == 0x5600 || c->id == 0x00FF || c->id == 0x0000)
        return vg_error_set(err, VG_EINPUT, "%s: ciphers[%zu].id: 0x%04X is a signalling value, "
                            "not a cipher suite", rs->origin, i, c->id);
    return 0;
}

static int by_id(const void *a, const void *b)
{
    const vg_tls_cipher *x = a, *y = b;
    return (int)x->id - (int)y->id;
}

int vg_tls_ciphers_load(const vg_ruleset *rs, vg_tls_ciphers *out, vg_error *err)
{
    memset(out, 0, sizeof *out);
    json_t *arr = json_object_get((json_t *)vg_ruleset_json(rs), "ciphers");
    if (!arr)
        return vg_error_set(err, VG_EINPUT, "%s: no \"ciphers\" table: the TLS probe needs the "
                            "cipher-suite facts (see docs/ruleset-format.md)", rs->origin);
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return vg_error_set(err, VG_EINPUT, "%s: ciphers: expected a non-empty array", rs->origin);
    size_t n = json_array_size(arr);
    vg_tls_cipher *items = calloc(n, sizeof *items);
    if (!items)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (load_one(rs, json_array_get(arr, i), i, &items[i], err)) {
            free(items);
            return -1;
        }
    qsort(items, n, sizeof *items, by_id);
    for (size_t i = 1; i < n; i++)
        if (items[i].id == items[i - 1].id) {
            vg_error_set(err, VG_EINPUT, "%s: ciphers: id 0x%04X appears twice (%s, %s)", rs->origin,
                         items[i].id, items[i - 1].name, items[i].name);
            free(items);
            return -1;
        }
    out->items = items;
    out->count = n;
    return 0;
}

void vg_tls_ciphers_free(vg_tls_ciphers *t)
{
    free(t->items);
    memset(t, 0, sizeof *t);
}

const vg_tls_cipher *vg_tls_ciphers_find(const vg_tls_ciphers *t, uint16_t id)
{
    vg_tls_cipher key = {.id = id};
    if (!t->count)
        return NULL;
    return bsearch(&key, t->items, t->count, sizeof key, by_id);
}

const vg_tls_cipher *vg_tls_ciphers_by_name(const vg_tls_ciphers *t, const char *name)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->items[i].name, name) == 0 ||
            (t->items[i].openssl && strcmp(t->items[i].openssl, name) == 0))
            return &t->items[i];
    return NULL;
}
