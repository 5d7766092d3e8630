/*
 * Scenario loader. jansson parses; this file checks every key against the
 * contract and copies what it accepts into plain C structs, so the probes
 * never touch JSON. Errors name the key path.
 */
#include "vg_scenario.h"
#include "vg_json.h"
#include "vg_file.h"

#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef vg_json_ctx ctx;

/* The member `key` of obj with the expected type; *out NULL when absent. */
static int get(ctx *c, json_t *obj, const char *key, json_type type, json_t **out)
{
    return vg_json_get(c, obj, key, type, false, out);
}

static int get_string(ctx *c, json_t *obj, const char *key, bool required, char **out)
{
    json_t *v;
    *out = NULL;
    if (get(c, obj, key, JSON_STRING, &v))
        return -1;
    if (!v) {
        if (!required)
            return 0;
        size_t old = vg_json_push_key(c, key);
        int rc = vg_json_fail(c, "missing (required)");
        vg_json_pop(c, old);
        return rc;
    }
    *out = strdup(json_string_value(v));
    return *out ? 0 : vg_json_fail(c, "out of memory");
}

static int get_int(ctx *c, json_t *obj, const char *key, long lo, long hi, int *out)
{
    json_t *v;
    if (get(c, obj, key, JSON_INTEGER, &v))
        return -1;
    if (!v)
        return 0;
    json_int_t n = json_integer_value(v);
    if (n < lo || n > hi) {
        size_t old = vg_json_push_key(c, key);
        int rc = vg_json_fail(c, "must be between %ld and %ld", lo, hi);
        vg_json_pop(c, old);
        return rc;
    }
    *out = (int)n;
    return 0;
}

/* An array of strings. */
static int get_strings(ctx *c, json_t *obj, const char *key, char ***out, size_t *n)
{
    json_t *arr;
    *out = NULL;
    *n = 0;
    if (get(c, obj, key, JSON_ARRAY, &arr))
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
        if (!json_is_string(v)) {
            vg_json_push_index(c, i);
            return vg_json_fail(c, "must be a string");
        }
        (*out)[i] = strdup(json_string_value(v));
        if (!(*out)[i])
            return vg_json_fail(c, "out of memory");
        *n = i + 1;
    }
    vg_json_pop(c, old);
    return 0;
}

static int parse_request(ctx *c, json_t *o, vg_scenario_request *r, bool path_required)
{
    if (get_string(c, o, "method", false, &r->method) ||
        get_string(c, o, "path", path_required, &r->path) ||
        get_string(c, o, "body", false, &r->body) ||
        get_strings(c, o, "headers", &r->headers, &r->nheaders))
        return -1;
    if (r->path && r->path[0] != '/') {
        size_t old = vg_json_push_key(c, "path");
        int rc = vg_json_fail(c, "must start with '/' (it is relative to \"target\")");
        vg_json_pop(c, old);
        return rc;
    }
    for (size_t i = 0; i < r->nheaders; i++)
        if (!strchr(r->headers[i], ':')) {
            size_t old = vg_json_push_key(c, "headers");
            vg_json_push_index(c, i);
            int rc = vg_json_fail(c, "must read \"Name: value\"");
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

static int parse_action(ctx *c, json_t *parent, const char *key, vg_scenario_action *a)
{
    static const char *const keys[] = {"click", "method", "path", "body", "headers", NULL};
    json_t *o;
    if (get(c, parent, key, JSON_OBJECT, &o))
        return -1;
    if (!o)
        return 0;
    size_t old = vg_json_push_key(c, key);
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "click", false, &a->click) ||
        parse_request(c, o, &a->req, false))
        return -1;
    a->has_request = a->req.path != NULL;
    if (!a->click && !a->has_request)
        return vg_json_fail(c, "needs \"click\" (a CSS selector) or a request (\"path\")");
    a->present = true;
    vg_json_pop(c, old);
    return 0;
}

static int parse_listen(ctx *c, json_t *o, const char *key, vg_scenario_listen *l)
{
    if (get_string(c, o, key, false, &l->text))
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

static int parse_tls(ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"host", "port", "sni", NULL};
    json_t *arr;
    if (get(c, root, "tls", JSON_ARRAY, &arr))
        return -1;
    if (!arr)
        return 0;
    size_t old = vg_json_push_key(c, "tls");
    s->ntls = json_array_size(arr);
    s->tls = calloc(s->ntls ? s->ntls : 1, sizeof *s->tls);
    if (!s->tls)
        return vg_json_fail(c, "out of memory");
    for (size_t i = 0; i < s->ntls; i++) {
        json_t *e = json_array_get(arr, i);
        size_t o2 = vg_json_push_index(c, i);
        if (!json_is_object(e))
            return vg_json_fail(c, "must be an object");
        s->tls[i].port = 443;
        if (vg_json_check_keys(c, e, keys) || get_string(c, e, "host", true, &s->tls[i].host) ||
            get_int(c, e, "port", 1, 65535, &s->tls[i].port) ||
            get_string(c, e, "sni", false, &s->tls[i].sni))
            return -1;
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int parse_identities(ctx *c, json_t *parent, vg_scenario *s)
{
    static const char *const keys[] = {"name", "nam", "sin", "dob", "email", "phone",
                                       "username", "password", NULL};
    json_t *arr;
    if (get(c, parent, "identities", JSON_ARRAY, &arr))
        return -1;
    if (!arr)
        return 0;
    size_t old = vg_json_push_key(c, "identities");
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
            get_string(c, e, "name", false, &id->name) ||
            get_string(c, e, "nam", false, &id->nam) ||
            get_string(c, e, "sin", false, &id->sin) ||
            get_string(c, e, "dob", false, &id->dob) ||
            get_string(c, e, "email", false, &id->email) ||
            get_string(c, e, "phone", false, &id->phone) ||
            get_string(c, e, "username", false, &id->username) ||
            get_string(c, e, "password", false, &id->password))
            return -1;
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int parse_stubs(ctx *c, json_t *parent, vg_scenario_cookies *k)
{
    json_t *o;
    if (get(c, parent, "tracker_stubs", JSON_OBJECT, &o))
        return -1;
    if (!o)
        return 0;
    size_t old = vg_json_push_key(c, "tracker_stubs");
    size_t n = json_object_size(o);
    k->tracker_stubs = calloc(n ? n : 1, sizeof *k->tracker_stubs);
    if (!k->tracker_stubs)
        return vg_json_fail(c, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t o2 = vg_json_push_key(c, key);
        if (key[0] != '/')
            return vg_json_fail(c, "must be a path starting with '/'");
        if (!json_is_string(v))
            return vg_json_fail(c, "must be a string (the tracker host it stands in for)");
        vg_scenario_stub *st = &k->tracker_stubs[k->ntracker_stubs++];
        st->path = strdup(key);
        st->host = strdup(json_string_value(v));
        if (!st->path || !st->host)
            return vg_json_fail(c, "out of memory");
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

/* "127.0.0.1:PORT", "[::1]:PORT" or "localhost:PORT": test third parties
 * are loopback servers, so nothing real is ever contacted. */
static bool loopback_address(const char *a)
{
    const char *colon = strrchr(a, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || !end || *end || end == colon + 1 || port < 1 || port > 65535)
        return false;
    size_t hl = (size_t)(colon - a);
    if ((hl == 5 && strncmp(a, "[::1]", 5) == 0) || (hl == 9 && strncmp(a, "localhost", 9) == 0))
        return true;
    int b[4];
    char tail, host[64];
    snprintf(host, sizeof host, "%.*s", (int)hl, a);
    if (sscanf(host, "%d.%d.%d.%d%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4 || b[0] != 127)
        return false;
    for (int i = 1; i < 4; i++)
        if (b[i] < 0 || b[i] > 255)
            return false;
    return true;
}

static int parse_hosts(ctx *c, json_t *parent, vg_scenario_cookies *k)
{
    static const char *const hkeys[] = {"address", "as", NULL};
    json_t *o;
    if (get(c, parent, "hosts", JSON_OBJECT, &o))
        return -1;
    if (!o)
        return 0;
    size_t old = vg_json_push_key(c, "hosts");
    k->hosts = calloc(json_object_size(o) + 1, sizeof *k->hosts);
    if (!k->hosts)
        return vg_json_fail(c, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t o2 = vg_json_push_key(c, key);
        vg_scenario_host *h = &k->hosts[k->nhosts++];
        if (!(h->name = strdup(key)))
            return vg_json_fail(c, "out of memory");
        if (!*key || strpbrk(key, ":/ ,*"))
            return vg_json_fail(c, "must be a host name (no port, no path, no wildcard)");
        if (json_is_string(v)) {
            h->address = strdup(json_string_value(v));
        } else if (json_is_object(v)) {
            if (vg_json_check_keys(c, v, hkeys) || get_string(c, v, "address", true, &h->address) ||
                get_string(c, v, "as", false, &h->as))
                return -1;
        } else {
            return vg_json_fail(c, "must be an address (\"127.0.0.1:PORT\") or "
                                   "{\"address\", \"as\"}");
        }
        if (!h->address)
            return vg_json_fail(c, "out of memory");
        if (!loopback_address(h->address))
            return vg_json_fail(c, "address \"%s\" must be a loopback HOST:PORT (127.0.0.1, "
                                   "[::1], localhost): test third parties never leave the machine",
                                h->address);
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static const char *const identity_fields[] = {"name", "nam", "sin", "dob", "email", "phone",
                                              "username", "password", NULL};

static int parse_step(ctx *c, json_t *e, vg_scenario_step *st)
{
    static const char *const keys[] = {"page", "fill", "identity", "submit", "wait_ms", NULL};
    json_t *fill, *submit;
    int identity = 1;
    st->wait_ms = 1500;
    if (!json_is_object(e))
        return vg_json_fail(c, "must be an object");
    if (vg_json_check_keys(c, e, keys) || get_string(c, e, "page", false, &st->page) ||
        get(c, e, "fill", JSON_OBJECT, &fill) || get_int(c, e, "identity", 1, 1000, &identity) ||
        get_int(c, e, "wait_ms", 0, 60000, &st->wait_ms))
        return -1;
    st->identity = (size_t)identity - 1;
    if (st->page && st->page[0] != '/') {
        vg_json_push_key(c, "page");
        return vg_json_fail(c, "must start with '/' (it is relative to \"target\")");
    }
    submit = json_object_get(e, "submit");
    if (submit && json_is_string(submit)) {
        if (!(st->submit = strdup(json_string_value(submit))))
            return vg_json_fail(c, "out of memory");
    } else if (submit && !json_is_false(submit)) {
        vg_json_push_key(c, "submit");
        return vg_json_fail(c, "must be a CSS selector to click, or false (not submitted)");
    }
    if (!fill || !json_object_size(fill))
        return vg_json_fail(c, "needs \"fill\": {\"CSS selector\": \"identity field\"}");
    size_t old = vg_json_push_key(c, "fill");
    st->fill = calloc(json_object_size(fill), sizeof *st->fill);
    if (!st->fill)
        return vg_json_fail(c, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(fill, key, v) {
        size_t o2 = vg_json_push_key(c, key);
        bool known = false;
        for (int i = 0; json_is_string(v) && identity_fields[i]; i++)
            known |= strcmp(json_string_value(v), identity_fields[i]) == 0;
        if (!known)
            return vg_json_fail(c, "must name an identity field (name, nam, sin, dob, email, "
                                   "phone, username, password)");
        vg_scenario_fill *f = &st->fill[st->nfill++];
        f->css = strdup(key);
        f->field = strdup(json_string_value(v));
        if (!f->css || !f->field)
            return vg_json_fail(c, "out of memory");
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int parse_steps(ctx *c, json_t *parent, vg_scenario_cookies *k)
{
    json_t *arr;
    if (get(c, parent, "steps", JSON_ARRAY, &arr))
        return -1;
    if (!arr)
        return 0;
    size_t old = vg_json_push_key(c, "steps");
    k->steps = calloc(json_array_size(arr) + 1, sizeof *k->steps);
    if (!k->steps)
        return vg_json_fail(c, "out of memory");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        size_t o2 = vg_json_push_index(c, i);
        k->nsteps = i + 1;
        if (parse_step(c, json_array_get(arr, i), &k->steps[i]))
            return -1;
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

/* Once every identity is known: each step's fields exist. */
static int check_steps(ctx *c, vg_scenario *s)
{
    for (size_t i = 0; i < s->cookies.nsteps; i++) {
        vg_scenario_step *st = &s->cookies.steps[i];
        for (size_t f = 0; f < st->nfill; f++) {
            bool have = st->identity < s->nidentities &&
                        vg_scenario_identity_field(&s->identities[st->identity],
                                                   st->fill[f].field);
            if (have)
                continue;
            vg_json_push_key(c, "cookies");
            vg_json_push_key(c, "steps");
            vg_json_push_index(c, i);
            vg_json_push_key(c, "fill");
            vg_json_push_key(c, st->fill[f].css);
            return vg_json_fail(c, "identity %zu has no \"%s\"", st->identity + 1,
                                st->fill[f].field);
        }
    }
    return 0;
}

static int parse_cookies(ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"pages", "browser", "consent", "essential",
                                       "login", "tracker_stubs", "identities", "hosts", "steps",
                                       NULL};
    static const char *const ckeys[] = {"accept", "refuse", "withdraw", NULL};
    json_t *o, *consent, *browser;
    if (get(c, root, "cookies", JSON_OBJECT, &o))
        return -1;
    if (!o)
        return 0;
    vg_scenario_cookies *k = &s->cookies;
    size_t old = vg_json_push_key(c, "cookies");
    s->has_cookies = true;
    if (vg_json_check_keys(c, o, keys) || get_strings(c, o, "pages", &k->pages, &k->npages) ||
        get_strings(c, o, "essential", &k->essential, &k->nessential) ||
        get(c, o, "browser", JSON_TRUE, &browser) ||
        get(c, o, "consent", JSON_OBJECT, &consent) ||
        parse_action(c, o, "login", &k->login) || parse_stubs(c, o, k) ||
        parse_identities(c, o, s) || parse_hosts(c, o, k) || parse_steps(c, o, k))
        return -1;
    k->browser = browser && json_is_true(browser);
    for (size_t i = 0; i < k->npages; i++)
        if (k->pages[i][0] != '/') {
            vg_json_push_key(c, "pages");
            vg_json_push_index(c, i);
            return vg_json_fail(c, "must start with '/' (it is relative to \"target\")");
        }
    if (!k->npages) {
        k->pages = calloc(1, sizeof *k->pages);
        if (!k->pages || !(k->pages[0] = strdup("/")))
            return vg_json_fail(c, "out of memory");
        k->npages = 1;
    }
    if (!consent)
        return vg_json_fail(c, "\"consent\" is required (accept, refuse, withdraw)");
    size_t o2 = vg_json_push_key(c, "consent");
    if (vg_json_check_keys(c, consent, ckeys) ||
        parse_action(c, consent, "accept", &k->accept) ||
        parse_action(c, consent, "refuse", &k->refuse) ||
        parse_action(c, consent, "withdraw", &k->withdraw))
        return -1;
    vg_json_pop(c, o2);
    vg_json_pop(c, old);
    return 0;
}

static int parse_messages(ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"smtp_listen", "sms_listen", "sms_fields",
                                       "identities", "triggers", "wait_ms", "voice_hosts",
                                       NULL};
    static const char *const fkeys[] = {"to", "body", "from", NULL};
    static const char *const tkeys[] = {"method", "path", "body", "headers", NULL};
    json_t *o, *fields, *trig;
    vg_scenario_messages *m = &s->messages;
    m->wait_ms = 3000;
    if (get(c, root, "messages", JSON_OBJECT, &o))
        return -1;
    if (!o)
        return 0;
    size_t old = vg_json_push_key(c, "messages");
    s->has_messages = true;
    if (vg_json_check_keys(c, o, keys) || parse_listen(c, o, "smtp_listen", &m->smtp_listen) ||
        parse_listen(c, o, "sms_listen", &m->sms_listen) ||
        get_int(c, o, "wait_ms", 0, 600000, &m->wait_ms) ||
        parse_identities(c, o, s) ||
        get_strings(c, o, "voice_hosts", &m->voice_hosts, &m->nvoice_hosts) ||
        get(c, o, "sms_fields", JSON_OBJECT, &fields) ||
        get(c, o, "triggers", JSON_ARRAY, &trig))
        return -1;
    if (fields) {
        size_t o2 = vg_json_push_key(c, "sms_fields");
        if (vg_json_check_keys(c, fields, fkeys) ||
            get_string(c, fields, "to", false, &m->sms_fields.to) ||
            get_string(c, fields, "body", false, &m->sms_fields.body) ||
            get_string(c, fields, "from", false, &m->sms_fields.from))
            return -1;
        vg_json_pop(c, o2);
    }
    if (trig) {
        size_t o2 = vg_json_push_key(c, "triggers");
        size_t n = json_array_size(trig);
        m->triggers = calloc(n ? n : 1, sizeof *m->triggers);
        if (!m->triggers)
            return vg_json_fail(c, "out of memory");
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_array_get(trig, i);
            size_t o3 = vg_json_push_index(c, i);
            m->ntriggers = i + 1;
            if (!json_is_object(e))
                return vg_json_fail(c, "must be an object");
            if (vg_json_check_keys(c, e, tkeys) || parse_request(c, e, &m->triggers[i], true))
                return -1;
            vg_json_pop(c, o3);
        }
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int resolve(ctx *c, const vg_scenario *s, char **p);

static int parse_logs(ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"access", "command", "format", "pages", "wait_ms",
                                       "max_bytes", NULL};
    static const char *const formats[] = {"combined", "common", "json", "raw", NULL};
    vg_scenario_logs *l = &s->logs;
    json_t *o;
    l->wait_ms = 1000;
    l->max_bytes = 16 << 20;
    if (get(c, root, "logs", JSON_OBJECT, &o))
        return -1;
    if (!o)
        return 0;
    size_t old = vg_json_push_key(c, "logs");
    s->has_logs = true;
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "access", false, &l->access) ||
        get_string(c, o, "command", false, &l->command) ||
        get_string(c, o, "format", false, &l->format) ||
        get_strings(c, o, "pages", &l->pages, &l->npages) ||
        get_int(c, o, "wait_ms", 0, 600000, &l->wait_ms) ||
        get_int(c, o, "max_bytes", 1024, 1 << 30, &l->max_bytes) || resolve(c, s, &l->access))
        return -1;
    if (!l->access == !l->command)
        return vg_json_fail(c, "needs exactly one of \"access\" (the log file) and "
                               "\"command\" (a command printing the new lines)");
    bool known = !l->format;
    for (const char *const *f = formats; !known && *f; f++)
        known = strcmp(l->format, *f) == 0;
    if (!known) {
        vg_json_push_key(c, "format");
        return vg_json_fail(c, "must be combined, common, json or raw");
    }
    if (!l->format && !(l->format = strdup("combined")))
        return vg_json_fail(c, "out of memory");
    for (size_t i = 0; i < l->npages; i++)
        if (l->pages[i][0] != '/') {
            vg_json_push_key(c, "pages");
            vg_json_push_index(c, i);
            return vg_json_fail(c, "must start with '/' (it is relative to \"target\")");
        }
    if (!l->npages) {
        l->pages = calloc(1, sizeof *l->pages);
        if (!l->pages || !(l->pages[0] = strdup("/")))
            return vg_json_fail(c, "out of memory");
        l->npages = 1;
    }
    vg_json_pop(c, old);
    return 0;
}

/* "ca" relative to the scenario's directory. */
static int resolve(ctx *c, const vg_scenario *s, char **p)
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

/* The CA file is read by OpenSSL (curl, the TLS probe) with a blocking
 * fopen: a FIFO or a device there would hang the run, so one is refused
 * with the scenario. */
static int check_ca(ctx *c, const vg_scenario *s)
{
    /* a CA that does not exist yet is left to the probe that reads it */
    if (!s->ca || vg_file_is_regular(s->ca) || access(s->ca, F_OK) != 0)
        return 0;
    vg_error e = {{0}};
    int fd = vg_file_open(s->ca, NULL, &e);
    if (fd < 0) {
        vg_json_push_key(c, "ca");
        return vg_json_fail(c, "%s", e.msg);
    }
    close(fd);
    return 0;
}

static int parse_root(ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"target", "ca", "tls", "cookies", "messages",
                                       "identities", "logs", NULL};
    if (!json_is_object(root))
        return vg_json_fail(c, "a scenario is a JSON object");
    if (vg_json_check_keys(c, root, keys) || get_string(c, root, "target", false, &s->target) ||
        get_string(c, root, "ca", false, &s->ca) || parse_tls(c, root, s) ||
        parse_identities(c, root, s) || parse_cookies(c, root, s) ||
        parse_messages(c, root, s) || parse_logs(c, root, s) || resolve(c, s, &s->ca) ||
        check_ca(c, s) || check_steps(c, s))
        return -1;
    if (s->target) {
        if (strncmp(s->target, "https://", 8) != 0 && strncmp(s->target, "http://", 7) != 0) {
            vg_json_push_key(c, "target");
            return vg_json_fail(c, "must be an http:// or https:// URL");
        }
        size_t n = strlen(s->target);
        while (n > 0 && s->target[n - 1] == '/')
            s->target[--n] = '\0';
    }
    if (!s->target && (s->has_cookies || s->messages.ntriggers))
        return vg_json_fail(c, "\"target\" is required by the \"cookies\" section and by triggers");
    if (!s->target && s->has_logs)
        return vg_json_fail(c, "\"target\" is required by the \"logs\" section (its requests "
                               "go there)");
    return 0;
}

static void free_request(vg_scenario_request *r)
{
    free(r->method);
    free(r->path);
    free(r->body);
    for (size_t i = 0; i < r->nheaders; i++)
        free(r->headers[i]);
    free(r->headers);
}

static void free_action(vg_scenario_action *a)
{
    free(a->click);
    free_request(&a->req);
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_browser_keys(vg_scenario_cookies *k)
{
    for (size_t i = 0; i < k->nhosts; i++) {
        free(k->hosts[i].name);
        free(k->hosts[i].address);
        free(k->hosts[i].as);
    }
    free(k->hosts);
    for (size_t i = 0; i < k->nsteps; i++) {
        vg_scenario_step *st = &k->steps[i];
        free(st->page);
        free(st->submit);
        for (size_t f = 0; f < st->nfill; f++) {
            free(st->fill[f].css);
            free(st->fill[f].field);
        }
        free(st->fill);
    }
    free(k->steps);
}

void vg_scenario_free(vg_scenario *s)
{
    if (!s)
        return;
    free(s->file);
    free(s->dir);
    free(s->target);
    free(s->ca);
    for (size_t i = 0; i < s->ntls; i++) {
        free(s->tls[i].host);
        free(s->tls[i].sni);
    }
    free(s->tls);
    vg_scenario_cookies *k = &s->cookies;
    free_strings(k->pages, k->npages);
    free_strings(k->essential, k->nessential);
    free_action(&k->accept);
    free_action(&k->refuse);
    free_action(&k->withdraw);
    free_action(&k->login);
    for (size_t i = 0; i < k->ntracker_stubs; i++) {
        free(k->tracker_stubs[i].path);
        free(k->tracker_stubs[i].host);
    }
    free(k->tracker_stubs);
    free_browser_keys(k);
    vg_scenario_messages *m = &s->messages;
    free(m->smtp_listen.text);
    free(m->smtp_listen.host);
    free(m->sms_listen.text);
    free(m->sms_listen.host);
    free(m->sms_fields.to);
    free(m->sms_fields.body);
    free(m->sms_fields.from);
    for (size_t i = 0; i < m->ntriggers; i++)
        free_request(&m->triggers[i]);
    free(m->triggers);
    free_strings(m->voice_hosts, m->nvoice_hosts);
    free(s->logs.access);
    free(s->logs.command);
    free(s->logs.format);
    free_strings(s->logs.pages, s->logs.npages);
    for (size_t i = 0; i < s->nidentities; i++) {
        vg_scenario_identity *id = &s->identities[i];
        free(id->name); free(id->nam); free(id->sin); free(id->dob);
        free(id->email); free(id->phone); free(id->username); free(id->password);
    }
    free(s->identities);
    free(s->text);
    free(s);
}

vg_scenario *vg_scenario_load_buffer(const char *buf, size_t len, const char *file,
                                     vg_error *err)
{
    json_error_t jerr;
    ctx c = {.origin = file, .err = err};
    vg_scenario *s = calloc(1, sizeof *s);
    if (!s) {
        vg_error_set(err, "%s: out of memory", file);
        return NULL;
    }
    s->file = strdup(file);
    s->text = strndup(buf, len);
    const char *slash = strrchr(file, '/');
    s->dir = slash ? strndup(file, (size_t)(slash - file + (slash == file))) : strdup(".");
    if (!s->file || !s->dir || !s->text) {
        vg_error_set(err, "%s: out of memory", file);
        vg_scenario_free(s);
        return NULL;
    }
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        vg_error_set(err, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.text);
        vg_scenario_free(s);
        return NULL;
    }
    int rc = parse_root(&c, root, s);
    json_decref(root);
    if (rc) {
        vg_scenario_free(s);
        return NULL;
    }
    return s;
}

vg_scenario *vg_scenario_load_file(const char *path, vg_error *err)
{
    size_t len;
    char *buf = vg_json_read_file(path, 1u << 24, &len, err);
    if (!buf)
        return NULL;
    vg_scenario *s = vg_scenario_load_buffer(buf, len, path, err);
    free(buf);
    return s;
}

char *vg_scenario_url(const vg_scenario *s, const char *path)
{
    const char *t = s->target ? s->target : "";
    size_t n = strlen(t) + strlen(path) + 1;
    char *u = malloc(n);
    if (u)
        snprintf(u, n, "%s%s", t, path);
    return u;
}

const char *vg_scenario_identity_field(const vg_scenario_identity *id, const char *field)
{
    const char *const values[] = {id->name, id->nam, id->sin, id->dob, id->email, id->phone,
                                  id->username, id->password};
    for (int i = 0; identity_fields[i]; i++)
        if (strcmp(field, identity_fields[i]) == 0)
            return values[i];
    return NULL;
}

bool vg_scenario_is_essential(const vg_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->cookies.nessential; i++)
        if (strcmp(s->cookies.essential[i], name) == 0)
            return true;
    return false;
}

int vg_scenario_line(const vg_scenario *s, const char *value)
{
    size_t n = strlen(value);
    if (!s->text || n > 1000)
        return 0;
    char needle[1004];
    snprintf(needle, sizeof needle, "\"%s\"", value);
    const char *at = strstr(s->text, needle);
    if (!at)
        return 0;
    int line = 1;
    for (const char *p = s->text; p < at; p++)
        line += *p == '\n';
    return line;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return prefix && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The scenario line a probed URL comes from (see vg_scenario_anchor). */
static int anchor_line(const vg_scenario *s, const char *uri)
{
    char buf[600];
    int line = 0;
    if (has_prefix(uri, "smtp://"))
        line = vg_scenario_line(s, "smtp_listen");
    const char *sms = s->messages.sms_listen.text;
    snprintf(buf, sizeof buf, "http://%s", sms ? sms : "");
    if (!line && sms && has_prefix(uri, buf))
        line = vg_scenario_line(s, "sms_listen");
    size_t tl = s->target ? strlen(s->target) : 0;
    /* a page has a path; the bare target is the TLS endpoint itself */
    if (!line && tl && has_prefix(uri, s->target) && uri[tl] == '/') {
        const char *path = uri + tl;
        snprintf(buf, sizeof buf, "%.*s", (int)strcspn(path, "?#"), path);
        line = vg_scenario_line(s, buf);
    }
    for (size_t i = 0; !line && i < s->ntls; i++) {
        const char *auth = strstr(uri, "://");
        if (auth && has_prefix(auth + 3 + (auth[3] == '['), s->tls[i].host))
            line = vg_scenario_line(s, s->tls[i].host);
    }
    if (!line)
        line = vg_scenario_line(s, "target");
    return line > 0 ? line : 1;
}

static bool is_url(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789+-.");
    return n > 0 && strncmp(s + n, "://", 3) == 0;
}

int vg_scenario_anchor(const vg_scenario *s, vg_findings *fs, size_t from)
{
    for (size_t i = from; i < fs->count; i++) {
        vg_finding *f = &fs->items[i];
        if (!f->loc.uri || !is_url(f->loc.uri) || f->related.uri)
            continue;
        if (vg_finding_anchor(f, s->file, anchor_line(s, f->loc.uri)))
            return -1;
    }
    return 0;
}
