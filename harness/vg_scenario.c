/*
 * Scenario loader. jansson parses; this file checks every key against the
 * contract and copies what it accepts into plain C structs, so the probes
 * never run on JSON. Errors name the key path. Each probe's section is
 * read by that probe's own parser, through the probe table (vg_probe.c);
 * what all sections share is vg_scenario_kit.c.
 */
#include "vg_scenario.h"
#include "vg_probe_int.h"
#include "vg_file.h"

#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The CA file is read by OpenSSL (curl, the TLS probe) with a blocking
 * fopen: a FIFO or a device there would hang the run, so one is refused
 * with the scenario. */
static int check_ca(vg_json_ctx *c, const vg_scenario *s)
{
    /* a CA that does not exist yet is left to the probe that reads it */
    if (!s->ca || vg_file_is_regular(s->ca) || access(s->ca, F_OK) != 0)
        return 0;
    vg_error e = {0};
    int fd = vg_file_open(s->ca, NULL, &e);
    if (fd < 0)
        return vg_json_fail_at(c, "ca", "%s", e.msg);
    close(fd);
    return 0;
}

/* The root's keys: the scenario's own, then one section per probe. */
enum { ROOT_KEYS_MAX = 32 };

static int parse_root(vg_json_ctx *c, json_t *root, vg_scenario *s)
{
    const char *keys[ROOT_KEYS_MAX] = {"target", "ca", "identities"};
    size_t nkeys = 3;
    for (size_t i = 0; i < vg_probe_count() && nkeys < ROOT_KEYS_MAX - 1; i++)
        keys[nkeys++] = vg_probe_at(i)->name;
    keys[nkeys] = NULL;
    if (!json_is_object(root))
        return vg_json_fail(c, "a scenario is a JSON object");
    if (vg_json_check_keys(c, root, keys) ||
        vg_scenario_get_string(c, root, "target", false, &s->target) ||
        vg_scenario_get_string(c, root, "ca", false, &s->ca) ||
        vg_scenario_parse_identities(c, root, s))
        return -1;
    for (size_t i = 0; i < vg_probe_count(); i++)
        if (vg_probe_at(i)->parse(c, root, s))
            return -1;
    if (vg_scenario_resolve(c, s, &s->ca) || check_ca(c, s))
        return -1;
    for (size_t i = 0; i < vg_probe_count(); i++)
        if (vg_probe_at(i)->check && vg_probe_at(i)->check(c, s))
            return -1;
    if (s->target) {
        if (strncmp(s->target, "https://", 8) != 0 && strncmp(s->target, "http://", 7) != 0)
            return vg_json_fail_at(c, "target", "must be an http:// or https:// URL");
        size_t n = strlen(s->target);
        while (n > 0 && s->target[n - 1] == '/')
            s->target[--n] = '\0';
    }
    return 0;
}

void vg_scenario_free(vg_scenario *s)
{
    if (!s)
        return;
    free(s->file);
    free(s->dir);
    free(s->target);
    free(s->ca);
    for (size_t i = 0; i < vg_probe_count(); i++)
        vg_probe_at(i)->release(s);
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
    vg_json_ctx c = {.origin = file, .err = err};
    vg_scenario *s = calloc(1, sizeof *s);
    if (!s) {
        vg_error_set(err, VG_ENOMEM, "%s: out of memory", file);
        return NULL;
    }
    s->file = strdup(file);
    s->text = strndup(buf, len);
    const char *slash = strrchr(file, '/');
    s->dir = slash ? strndup(file, (size_t)(slash - file + (slash == file))) : strdup(".");
    if (!s->file || !s->dir || !s->text) {
        vg_error_set(err, VG_ENOMEM, "%s: out of memory", file);
        vg_scenario_free(s);
        return NULL;
    }
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        vg_error_set(err, VG_EINPUT, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.text);
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
    for (int i = 0; vg_scenario_identity_fields[i]; i++)
        if (strcmp(field, vg_scenario_identity_fields[i]) == 0)
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
