/*
 * JSON application configuration through jansson, checked by the
 * ruleset's config_rules written as JSON pointers (RFC 6901):
 *   {"format": "json", "files": "*.json", "pointer": "/session/cookie/secure",
 *    "expect": true, ...}
 * jansson keeps no positions, so a finding's line is found by following
 * the pointer's keys through the text in order; it is the line of the
 * deepest key found.
 */
#include "vg_conf_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

typedef struct json_file {
    const vg_conf_file *f;
    json_t *doc;
} json_file;

/* One pointer segment, unescaped (~1 -> '/', ~0 -> '~'), into buf. */
static const char *segment(const char *p, char *buf, size_t n)
{
    size_t o = 0;
    while (*p && *p != '/') {
        char ch = *p++;
        if (ch == '~' && (*p == '0' || *p == '1'))
            ch = *p++ == '0' ? '~' : '/';
        if (o + 1 < n)
            buf[o++] = ch;
    }
    buf[o] = '\0';
    return p;
}

static json_t *resolve(json_t *v, const char *ptr)
{
    char seg[256];
    while (v && *ptr == '/') {
        ptr = segment(ptr + 1, seg, sizeof seg);
        if (json_is_object(v))
            v = json_object_get(v, seg);
        else if (json_is_array(v)) {
            char *end;
            unsigned long i = strtoul(seg, &end, 10);
            v = (*seg && !*end && isdigit((unsigned char)*seg)) ? json_array_get(v, i) : NULL;
        } else
            v = NULL;
    }
    return v;
}

/* Line of the deepest pointer key found in the text, following keys in order. */
static int pointer_line(const vg_conf_file *f, const char *ptr)
{
    char seg[256], quoted[260];
    size_t pos = 0, found = 0;
    while (*ptr == '/') {
        ptr = segment(ptr + 1, seg, sizeof seg);
        snprintf(quoted, sizeof quoted, "\"%s\"", seg);
        const char *hit = memmem(f->buf + pos, f->len - pos, quoted, strlen(quoted));
        if (!hit)
            break;
        pos = (size_t)(hit - f->buf) + strlen(quoted);
        found = (size_t)(hit - f->buf);
    }
    int line = 1;
    for (size_t i = 0; i < found; i++)
        line += f->buf[i] == '\n';
    return line;
}

static int run_pointer(vg_conf_ctx *c, const vg_conf_rule *r, void *ud)
{
    json_file *j = ud;
    json_t *v = resolve(j->doc, r->pointer);
    const json_t *expect = r->expect, *forbid = r->forbid;
    char *have = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    char *want = expect ? json_dumps(expect, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    int rc = 0;
    if (!v && r->required)
        rc = want ? vg_conf_report_rule(c, r, j->f, pointer_line(j->f, r->pointer), r->id,
                                        "config.rule-unset-want", "%s" VG_ARG "%s" VG_ARG "%s",
                                        r->id, r->pointer, want)
                  : vg_conf_report_rule(c, r, j->f, pointer_line(j->f, r->pointer), r->id,
                                        "config.rule-unset", "%s" VG_ARG "%s", r->id,
                                        r->pointer);
    else if (v && expect && !json_equal(v, (json_t *)expect))
        rc = vg_conf_report_rule(c, r, j->f, pointer_line(j->f, r->pointer), r->id,
                                 "config.rule-differs",
                                 "%s" VG_ARG "%s" VG_ARG "%.200s" VG_ARG "%.200s", r->id,
                                 r->pointer, have ? have : "?", want ? want : "?");
    else if (v && forbid && json_equal(v, (json_t *)forbid))
        rc = vg_conf_report_rule(c, r, j->f, pointer_line(j->f, r->pointer), r->id,
                                 "config.rule-forbidden", "%s" VG_ARG "%s" VG_ARG "%.200s",
                                 r->id, r->pointer, have ? have : "?");
    free(have);
    free(want);
    return rc;
}

static int json_check(vg_conf_ctx *c, const char *path, const char *buf, size_t len)
{
    vg_conf_file *f = vg_conf_ctx_root(c, path, buf, len);
    if (!f)
        return -1;
    json_error_t err;
    json_t *doc = json_loadb(buf, len, JSON_DECODE_ANY, &err);
    if (!doc)
        return vg_findings_noticem(c->out, VG_LEVEL_WARNING, path,
                                   err.line > 0 ? err.line : 1, "notice.json-bad", "%s",
                                   err.text);
    json_file j = {.f = f, .doc = doc};
    int rc = vg_conf_rules_each(c, "json", path, run_pointer, &j);
    json_decref(doc);
    return rc;
}

static vg_conf_match json_recognise(const char *path, const char *base, const char *head,
                                    size_t n)
{
    static const char *const ext[] = {"json", "sarif", NULL};
    (void)base;
    (void)head;
    (void)n;
    return vg_path_has_ext(path, ext) ? VG_CONF_BY_EXT : VG_CONF_NOT;
}

const vg_conf_format vg_conf_format_json = {
    "json", "JSON", VG_FILE_JSON, json_recognise, json_check, NULL,
};
