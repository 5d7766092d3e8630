/*
 * vg_conf_kit: what every format checker shares, and nothing that knows
 * which formats exist: loading included files, reporting a finding once
 * with its suppression and a line-free fingerprint, the ruleset's
 * config rules, and the TLS/cookie verdicts every format gives alike.
 * The format files call in here; only vg_conf.c (the dispatcher) calls
 * them, so the arrows run one way: vg_conf.c -> vg_conf_<format>.c ->
 * vg_conf_kit.c.
 */
#include "vg_conf_int.h"
#include "vg_vec.h"
#include "vg_cipher.h"
#include "vg_suppress.h"
#include "vg_file.h"

#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

/* ---- context and files -------------------------------------------------- */

void vg_conf_ctx_init(vg_conf_ctx *c, const vg_scan_opts *o, vg_findings *out)
{
    memset(c, 0, sizeof *c);
    c->o = o;
    c->out = out;
}

void vg_conf_ctx_free(vg_conf_ctx *c)
{
    for (size_t i = 0; i < c->nfiles; i++) {
        vg_conf_file *f = c->files[i];
        free(f->uri);
        free(f->real);
        if (!f->borrowed)
            free(f->buf);
        free(f);
    }
    free(c->files);
    vg_strset_free(&c->seen);
}

static vg_conf_file *add_file(vg_conf_ctx *c, const char *uri)
{
    vg_conf_file **n = vg_vec_grow(c->files, &c->capfiles, c->nfiles + 1, sizeof *n);
    if (!n)
        return NULL;
    c->files = n;
    vg_conf_file *f = calloc(1, sizeof *f);
    if (!f || !(f->uri = strdup(uri))) {
        free(f);
        return NULL;
    }
    char rp[PATH_MAX];
    f->real = strdup(realpath(uri, rp) ? rp : uri);
    if (!f->real) {
        free(f->uri);
        free(f);
        return NULL;
    }
    /* The file being scanned, reached again through its main config: keep
     * the name it was given so findings point at the same path. */
    if (c->keep_real && c->keep_uri && strcmp(f->real, c->keep_real) == 0) {
        char *u = strdup(c->keep_uri);
        if (!u) {
            free(f->real);
            free(f->uri);
            free(f);
            return NULL;
        }
        free(f->uri);
        f->uri = u;
    }
    c->files[c->nfiles++] = f;
    return f;
}

vg_conf_file *vg_conf_ctx_root(vg_conf_ctx *c, const char *uri, const char *buf, size_t len)
{
    vg_conf_file *f = add_file(c, uri);
    if (!f) {
        c->failed = 1;
        return NULL;
    }
    f->buf = (char *)buf;
    f->len = len;
    f->borrowed = true;
    return f;
}

vg_conf_file *vg_conf_ctx_load(vg_conf_ctx *c, const char *uri, const vg_conf_file *from,
                               int from_line)
{
    char *buf;
    size_t n;
    vg_error e;     /* the notice says it in the reader's language */
    int rc = vg_file_read(uri, VG_CONF_MAX_INCLUDE, &buf, &n, &e);
    if (rc) {
        const char *at = from ? from->uri : uri;
        int bad = rc == VG_FILE_IRREGULAR
                      ? vg_findings_noticem(c->out, VG_LEVEL_WARNING, at, from_line,
                                            "notice.include-irregular", "%s", uri)
                  : rc == VG_FILE_TOO_LARGE
                      ? vg_findings_noticem(c->out, VG_LEVEL_WARNING, at, from_line,
                                            "notice.include-large", "%s" VG_ARG "%zu", uri,
                                            (size_t)VG_CONF_MAX_INCLUDE)
                      : vg_findings_noticem(c->out, VG_LEVEL_WARNING, at, from_line,
                                            "notice.include-unreadable", "%s" VG_ARG "%s", uri,
                                            strerror(errno));
        if (bad)
            c->failed = 1;
        return NULL;
    }
    vg_conf_file *f = add_file(c, uri);
    if (!f) {
        free(buf);
        c->failed = 1;
        return NULL;
    }
    f->buf = buf;
    f->len = n;
    return f;
}

int vg_conf_too_deep(vg_conf_ctx *c, const vg_conf_file *f, int line)
{
    if (vg_findings_noticem(c->out, VG_LEVEL_WARNING, f->uri, line, "notice.too-deep",
                            "%d", VG_CONF_MAX_NEST))
        c->failed = 1;
    return -1;
}

char *vg_conf_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

void vg_conf_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int glob_in(const char *dir, const char *pattern, glob_t *g)
{
    char full[PATH_MAX];
    if (pattern[0] == '/' || !dir)
        snprintf(full, sizeof full, "%s", pattern);
    else if (strcmp(dir, ".") == 0)
        snprintf(full, sizeof full, "%s", pattern);
    else
        snprintf(full, sizeof full, "%s/%s", dir, pattern);
    return glob(full, GLOB_ERR, NULL, g);
}

int vg_conf_glob(const char *pattern, const vg_conf_file *from, const char *base_dir,
                 char ***paths, size_t *n)
{
    glob_t g;
    *paths = NULL;
    *n = 0;
    char *dir = vg_conf_dirname(from->uri);
    if (!dir)
        return -1;
    int rc = glob_in(pattern[0] == '/' ? NULL : dir, pattern, &g);
    if (rc == GLOB_NOMATCH && pattern[0] != '/' && base_dir && strcmp(base_dir, dir) != 0) {
        globfree(&g);
        rc = glob_in(base_dir, pattern, &g);
    }
    free(dir);
    if (rc == GLOB_NOSPACE) {
        globfree(&g);
        return -1;
    }
    if (rc == 0 && g.gl_pathc) {
        *paths = calloc(g.gl_pathc, sizeof **paths);
        if (!*paths) {
            globfree(&g);
            return -1;
        }
        for (size_t i = 0; i < g.gl_pathc; i++) {
            if (!((*paths)[i] = strdup(g.gl_pathv[i]))) {
                vg_conf_strv_free(*paths, i);
                *paths = NULL;
                globfree(&g);
                return -1;
            }
        }
        *n = g.gl_pathc;
    }
    globfree(&g);
    return 0;
}

/* ---- tree ------------------------------------------------------------- */

vg_conf_node *vg_conf_node_add(vg_conf_node *parent)
{
    vg_conf_node *n = vg_vec_grow(parent->kids, &parent->capkids, parent->nkids + 1, sizeof *n);
    if (!n)
        return NULL;
    parent->kids = n;
    vg_conf_node *k = &parent->kids[parent->nkids++];
    memset(k, 0, sizeof *k);
    return k;
}

int vg_conf_node_push_arg(vg_conf_node *n, const char *s, size_t len)
{
    char **a = realloc(n->args, (n->nargs + 1) * sizeof *a);
    if (!a)
        return -1;
    n->args = a;
    if (!(a[n->nargs] = strndup(s, len)))
        return -1;
    n->nargs++;
    return 0;
}

void vg_conf_node_free(vg_conf_node *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        vg_conf_node_free(&n->kids[i]);
    free(n->kids);
    vg_conf_strv_free(n->args, n->nargs);
    n->kids = NULL;
    n->args = NULL;
    n->nkids = n->capkids = n->nargs = 0;
}

/* ---- reporting ---------------------------------------------------------- */

static size_t line_offset(const char *buf, size_t len, int line)
{
    size_t off = 0;
    for (int l = 1; l < line && off < len; l++) {
        const char *nl = memchr(buf + off, '\n', len - off);
        if (!nl)
            return len;
        off = (size_t)(nl - buf) + 1;
    }
    return off;
}

/* Has (rule, file, line, key) been reported already? Records it if not. A
 * directive inherited by several servers is reported once, at its place. */
static int seen_before(vg_conf_ctx *c, const char *rule, const vg_conf_file *f, int line,
                       const char *fp_key)
{
    char key[PATH_MAX + 1200];
    snprintf(key, sizeof key, "%s|%s|%d|%.1000s", rule, f->real, line, fp_key);
    int added = vg_strset_add(&c->seen, key);
    return added < 0 ? -1 : !added;
}

static int report_ref(vg_conf_ctx *c, vg_level level, const char *rule,
                      const vg_conf_file *file, int line, const char *fp_key, const char *props,
                      vg_msgref *ref);

int vg_conf_report_ref(vg_conf_ctx *c, vg_level level, const char *rule,
                       const vg_conf_file *file, int line, const char *fp_key, vg_msgref *ref)
{
    return report_ref(c, level, rule, file, line, fp_key, NULL, ref);
}

/* Report ref (owned: freed here) at file:line. */
static int report_ref(vg_conf_ctx *c, vg_level level, const char *rule,
                      const vg_conf_file *file, int line, const char *fp_key, const char *props,
                      vg_msgref *ref)
{
    if (c->keep_real && strcmp(c->keep_real, file->real) != 0) {
        vg_msgref_free(ref);
        return 0;
    }
    int s = seen_before(c, rule, file, line, fp_key);
    if (s) {
        vg_msgref_free(ref);
        return s < 0 ? (c->failed = 1, -1) : 0;
    }
    char fp[1024], just[256];
    const char *base = strrchr(file->uri, '/');
    snprintf(fp, sizeof fp, "%s:%s:%s", rule, base ? base + 1 : file->uri, fp_key);
    char *msg = vg_msgref_render(ref, VG_LANG_EN, NULL, 0);
    vg_finding *f = msg ? vg_findings_add(c->out, rule, level, file->uri, line, 0, msg) : NULL;
    free(msg);
    if (!f) {
        vg_msgref_free(ref);
        c->failed = 1;
        return -1;
    }
    f->msg = *ref;
    if (vg_finding_set_fingerprint(f, fp) || (props && vg_finding_set_props(f, props))) {
        c->failed = 1;
        return -1;
    }
    if (line > 0 && vg_suppress_find(file->buf, file->len,
                                     line_offset(file->buf, file->len, line), rule, just,
                                     sizeof just) &&
        vg_finding_set_suppression(f, just)) {
        c->failed = 1;
        return -1;
    }
    return 0;
}

static int vreport(vg_conf_ctx *c, vg_level level, const char *rule,
                   const vg_conf_file *file, int line, const char *fp_key, const char *props,
                   const char *id, const char *argfmt, va_list ap)
{
    vg_msgref ref;
    if (vg_msgref_build(&ref, id, NULL, NULL, argfmt, ap))
        return c->failed = 1, -1;
    return report_ref(c, level, rule, file, line, fp_key, props, &ref);
}

int vg_conf_report(vg_conf_ctx *c, const char *rule, const vg_conf_file *file, int line,
                   const char *fp_key, const char *id, const char *argfmt, ...)
{
    va_list ap;
    va_start(ap, argfmt);
    int rc = vreport(c, VG_LEVEL_NONE, rule, file, line, fp_key, NULL, id, argfmt, ap);
    va_end(ap);
    return rc;
}

int vg_conf_report_level(vg_conf_ctx *c, vg_level level, const char *rule,
                         const vg_conf_file *file, int line, const char *fp_key,
                         const char *id, const char *argfmt, ...)
{
    va_list ap;
    va_start(ap, argfmt);
    int rc = vreport(c, level, rule, file, line, fp_key, NULL, id, argfmt, ap);
    va_end(ap);
    return rc;
}

/* A config rule's own message (the ruleset's text, in both languages)
 * followed by vigie's account of what it found: the template is the
 * ruleset's message with the catalogue entry `tail` appended, so the
 * log's messageStrings carry both languages under "config.RULE-ID.tail". */
int vg_conf_report_rule(vg_conf_ctx *c, const vg_conf_rule *r, const vg_conf_file *file,
                        int line, const char *fp_key, const char *tail, const char *argfmt, ...)
{
    const vg_msg_def *d = vg_msg_get(tail);
    if (!d)
        return c->failed = 1, -1;
    /* "{0} (config rule {1}...)": {0} becomes the ruleset's message, the
     * other placeholders are shifted down by one. */
    char *t[2] = {NULL, NULL};
    const char *own[2] = {r->message, r->message_fr ? r->message_fr : r->message};
    for (int l = 0; l < 2; l++) {
        const char *tmpl = l ? d->fr : d->en;
        size_t n = strlen(tmpl) + 2 * strlen(own[l]) + 1;
        char *o = t[l] = malloc(n);
        if (!o)
            break;
        for (const char *p = tmpl; *p; p++) {
            if (p[0] == '{' && p[1] == '0' && p[2] == '}') {
                for (const char *q = own[l]; *q; q++) {   /* braces of the text stay text */
                    if (*q == '{' || *q == '}')
                        *o++ = *q;
                    *o++ = *q;
                }
                p += 2;
            } else if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
                *o++ = '{';
                *o++ = (char)(p[1] - 1);
                *o++ = '}';
                p += 2;
            } else
                *o++ = *p;
        }
        *o = '\0';
    }
    char id[300], text[2048];
    snprintf(id, sizeof id, "config.%s.%s", r->id, tail + strlen("config."));
    const char *args[8];
    size_t nargs = 0;
    va_list ap;
    va_start(ap, argfmt);
    vsnprintf(text, sizeof text, argfmt, ap);
    va_end(ap);
    for (char *p = text; nargs < 8;) {
        args[nargs++] = p;
        char *sep = strchr(p, VG_ARG[0]);
        if (!sep)
            break;
        *sep = '\0';
        p = sep + 1;
    }
    vg_msgref ref;
    int bad = !t[0] || !t[1] || vg_msgref_set(&ref, id, t[0], t[1], args, nargs);
    free(t[0]);
    free(t[1]);
    if (bad)
        return c->failed = 1, -1;
    return report_ref(c, VG_LEVEL_NONE, r->rule, file, line, fp_key, NULL, &ref);
}

/* ---- config rules from the ruleset ---------------------------------------- */

static int bad_rule(vg_conf_ctx *c, size_t i, const char *why)
{
    if (vg_findings_noticem(c->out, VG_LEVEL_WARNING, NULL, 0, "notice.config-rule-skipped",
                            "%zu" VG_ARG "%s", i, why))
        return c->failed = 1, -1;
    return 0;
}

int vg_conf_rules_each(vg_conf_ctx *c, const char *format, const char *path,
                       int (*fn)(vg_conf_ctx *c, const vg_conf_rule *r, void *ud), void *ud)
{
    const json_t *root = vg_ruleset_json(c->o->rs);
    json_t *arr = root ? json_object_get(root, "config_rules") : NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        const char *fmt = json_string_value(json_object_get(o, "format"));
        if (!fmt || strcmp(fmt, format) != 0)
            continue;
        const char *files = json_string_value(json_object_get(o, "files"));
        if (files && fnmatch(files, base, 0) != 0)
            continue;
        vg_conf_rule r = {
            .id = json_string_value(json_object_get(o, "id")),
            .rule = json_string_value(json_object_get(o, "rule")),
            .message = json_string_value(json_object_get(json_object_get(o, "message"), "en")),
            .message_fr = json_string_value(json_object_get(json_object_get(o, "message"), "fr")),
            .xpath = json_string_value(json_object_get(o, "xpath")),
            .pointer = json_string_value(json_object_get(o, "pointer")),
            .expect = json_object_get(o, "expect"),
            .forbid = json_object_get(o, "forbid"),
            .required = json_is_true(json_object_get(o, "required")),
        };
        int rc = 0;
        if (!r.id || !r.rule || !r.message)
            rc = bad_rule(c, i, "\"id\", \"rule\" and \"message\" are required");
        else if (!vg_ruleset_rule(c->o->rs, r.rule))
            rc = bad_rule(c, i, "its \"rule\" is not in the rule catalogue");
        else if (strcmp(format, "xml") == 0 && !r.xpath)
            rc = bad_rule(c, i, "an xml rule needs \"xpath\"");
        else if (strcmp(format, "json") == 0 && (!r.pointer || (r.pointer[0] && r.pointer[0] != '/')))
            rc = bad_rule(c, i, "a json rule needs a JSON pointer (\"/a/b\")");
        else if ((rc = fn(c, &r, ud)) != 0)
            return rc;
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- shared verdicts ---------------------------------------------------- */

const char *const vg_conf_proto_names[VG_CONF_NPROTO] = {"SSLv2", "SSLv3", "TLSv1",
                                                         "TLSv1.1", "TLSv1.2", "TLSv1.3"};

static int proto_index(const char *name)
{
    for (int i = 0; i < VG_CONF_NPROTO; i++)
        if (strcasecmp(name, vg_conf_proto_names[i]) == 0)
            return i;
    return strcasecmp(name, "TLSv1.0") == 0 ? VG_CONF_TLS10 : -1;
}

bool vg_conf_ssl_cmd_protocols(const char *cmd, const char *value, bool en[VG_CONF_NPROTO])
{
    if (strcasecmp(cmd, "MinProtocol") == 0 || strcasecmp(cmd, "MaxProtocol") == 0) {
        int lim = proto_index(value);
        bool min = strcasecmp(cmd, "MinProtocol") == 0;
        if (lim < 0)
            return true;        /* "None" or unknown: no bound */
        for (int i = 0; i < VG_CONF_NPROTO; i++)
            if (min ? i < lim : i > lim)
                en[i] = false;
        return true;
    }
    if (strcasecmp(cmd, "Protocol") != 0)
        return false;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", value);
    for (char *sv, *t = strtok_r(buf, ", \t", &sv); t; t = strtok_r(NULL, ", \t", &sv)) {
        if (*t != '-')
            continue;           /* listing a version never enables it */
        if (strcasecmp(t + 1, "ALL") == 0)
            memset(en, 0, VG_CONF_NPROTO * sizeof *en);
        else if (proto_index(t + 1) >= 0)
            en[proto_index(t + 1)] = false;
    }
    return true;
}

int vg_conf_check_protocols(vg_conf_ctx *c, const vg_conf_file *f, int line,
                            const char *where, const bool enabled[VG_CONF_NPROTO],
                            const char *setting, const char *fix)
{
    char legacy[64] = "";
    for (int i = VG_CONF_SSL2; i <= VG_CONF_TLS11; i++)
        if (enabled[i])
            snprintf(legacy + strlen(legacy), sizeof legacy - strlen(legacy), "%s%s",
                     legacy[0] ? " " : "", vg_conf_proto_names[i]);
    if (!legacy[0])
        return 0;
    return vg_conf_report(c, "TLS002", f, line, legacy, "TLS002.conf-legacy",
        "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s", where, legacy, setting, fix);
}

/* SARIF properties of a cipher finding: every suite with its strength, so
 * tools need not parse the message. Malloc'd JSON text, NULL on OOM. */
static char *weak_props(const vg_cipher_list *l, const char *setting)
{
    json_t *o = json_object(), *weak = json_array(), *all = json_array();
    char *text = NULL;
    if (o && weak && all) {
        for (size_t i = 0; i < l->count; i++) {
            json_t *s = json_pack("{s:s,s:s,s:s,s:i}", "name", l->items[i].name, "iana",
                                  l->items[i].std_name, "version", l->items[i].version, "bits",
                                  l->items[i].bits);
            if (s && l->items[i].bits < 256)
                json_array_append(weak, s);
            if (s)
                json_array_append_new(all, s);
        }
        json_object_set_new(o, "setting", json_string(setting));
        json_object_set(o, "weak_suites", weak);
        json_object_set(o, "suites", all);
        text = json_dumps(o, JSON_COMPACT);
    }
    json_decref(weak);
    json_decref(all);
    json_decref(o);
    return text;
}

static int report_props(vg_conf_ctx *c, const char *rule, const vg_conf_file *file, int line,
                        const char *fp_key, const char *props, const char *id,
                        const char *argfmt, ...)
    __attribute__((format(printf, 8, 9)));
static int report_props(vg_conf_ctx *c, const char *rule, const vg_conf_file *file, int line,
                        const char *fp_key, const char *props, const char *id,
                        const char *argfmt, ...)
{
    va_list ap;
    va_start(ap, argfmt);
    int rc = vreport(c, VG_LEVEL_NONE, rule, file, line, fp_key, props, id, argfmt, ap);
    va_end(ap);
    return rc;
}

static int report_weak(vg_conf_ctx *c, const vg_conf_file *f, int line, const char *where,
                       const vg_cipher_list *l, bool tls13, const char *setting,
                       const char *key)
{
    vg_cipher_list part = {0};
    vg_cipher_suite *items = calloc(l->count ? l->count : 1, sizeof *items);
    if (!items)
        return c->failed = 1, -1;
    for (size_t i = 0; i < l->count; i++)
        if ((strcmp(l->items[i].version, "TLSv1.3") == 0) == tls13)
            items[part.count++] = l->items[i];
    part.items = items;
    char weak[2800];
    size_t nweak = vg_cipher_weak_names(&part, 256, weak, sizeof weak);
    int rc = 0;
    char *props = nweak ? weak_props(&part, setting) : NULL;
    if (nweak && !props) {
        free(items);
        return c->failed = 1, -1;
    }
    if (nweak)
        rc = report_props(c, "TLS001", f, line, key, props,
            tls13 ? "TLS001.conf-weak13" : "TLS001.conf-weak12",
            "%s" VG_ARG "%s" VG_ARG "%zu" VG_ARG "%zu" VG_ARG "%s",
            where, setting, nweak, part.count, weak);
    free(props);
    free(items);
    return rc;
}

static int expand_one(vg_conf_ctx *c, const char *where, const vg_conf_at *at,
                      bool tls13)
{
    vg_cipher_list l;
    vg_error err;
    /* for TLS 1.3 any TLS 1.2 string will do: only the TLS 1.3 part is kept */
    int rc = tls13 ? vg_cipher_expand("HIGH", at->value, &l, &err)
                   : vg_cipher_expand(at->value, "", &l, &err);
    if (rc) {
        if (vg_findings_noticem(c->out, VG_LEVEL_WARNING, at->file->uri, at->line,
                                "notice.conf-error", "%s" VG_ARG "%s", where, err.msg))
            return c->failed = 1, -1;
        return 0;
    }
    rc = report_weak(c, at->file, at->line, where, &l, tls13, at->setting,
                     at->value ? at->value : "default");
    vg_cipher_list_free(&l);
    return rc;
}

int vg_conf_check_ciphers(vg_conf_ctx *c, const char *where,
                          const bool enabled[VG_CONF_NPROTO], const vg_conf_at *list,
                          const vg_conf_at *suites)
{
    bool old = false;
    for (int i = VG_CONF_SSL2; i <= VG_CONF_TLS12; i++)
        old |= enabled[i];
    if (old && list && list->line && expand_one(c, where, list, false))
        return -1;
    if (enabled[VG_CONF_TLS13] && suites && suites->line && expand_one(c, where, suites, true))
        return -1;
    return 0;
}

/* Does a Set-Cookie value carry attribute `name` (case-insensitive)? */
static bool has_attr(const char *v, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *p = strchr(v, ';');      /* attributes follow the first ';' */
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, name, n) == 0 && (p[n] == ';' || p[n] == '=' || p[n] == '\0' ||
                                             p[n] == ' ')) {
            if (value)
                *value = p[n] == '=' ? p + n + 1 : NULL;
            return true;
        }
        p = strchr(p, ';');
    }
    return false;
}

int vg_conf_check_set_cookie(vg_conf_ctx *c, const vg_conf_file *f, int line,
                             const char *where, const char *value, const char *setting)
{
    char missing[64] = "";
    const char *ss = NULL;
    if (!has_attr(value, "Secure", NULL))
        strcat(missing, "Secure");
    if (!has_attr(value, "HttpOnly", NULL))
        strcat(missing, missing[0] ? ", HttpOnly" : "HttpOnly");
    if (!has_attr(value, "SameSite", &ss))
        strcat(missing, missing[0] ? ", SameSite" : "SameSite");
    else if (ss && strncasecmp(ss, "None", 4) == 0)
        strcat(missing, missing[0] ? ", SameSite=Lax|Strict" : "SameSite=Lax|Strict");
    if (!missing[0])
        return 0;
    char name[64];
    size_t nl = strcspn(value, "=;");
    snprintf(name, sizeof name, "%.*s", (int)(nl < 60 ? nl : 60), value);
    return vg_conf_report(c, "CK004", f, line, name, "CK004.conf-set-cookie",
        "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s", where, name, missing, setting);
}

static bool tree_has_file(const vg_conf_node *n, const char *real)
{
    if (n->file && strcmp(n->file->real, real) == 0)
        return true;
    for (size_t i = 0; i < n->nkids; i++)
        if (tree_has_file(&n->kids[i], real))
            return true;
    return false;
}

/* Check frag through the main file `cand` if that includes it. */
static int via_candidate(vg_conf_ctx *c, const vg_conf_dialect *d, const char *cand,
                         const vg_conf_file *frag, bool *done)
{
    vg_findings quiet, *real_out = c->out;
    vg_findings_init(&quiet);
    c->out = &quiet;
    c->keep_real = frag->real;
    c->keep_uri = frag->uri;
    vg_conf_node root = {0};
    vg_conf_file *m = vg_conf_ctx_load(c, cand, NULL, 0);
    int rc = m ? d->read_tree(c, m, &root) : -1;
    c->out = real_out;
    vg_findings_free(&quiet);
    if (rc == 0 && strcmp(m->real, frag->real) != 0 && (!d->is_main || d->is_main(&root)) &&
        tree_has_file(&root, frag->real)) {
        rc = d->check_main(c, &root);
        *done = true;
    } else
        rc = c->failed ? -1 : 0;
    c->keep_real = c->keep_uri = NULL;
    vg_conf_node_free(&root);
    return rc;
}

int vg_conf_check_via_main(vg_conf_ctx *c, const vg_conf_dialect *d,
                           const vg_conf_file *frag, bool *done)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", frag->uri);
    *done = false;
    for (int up = 0; up < 3 && !*done; up++) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        *slash = '\0';
        for (int i = 0; d->mains[i] && !*done; i++) {
            char cand[PATH_MAX + 32];
            snprintf(cand, sizeof cand, "%s/%s", dir, d->mains[i]);
            if (!vg_file_is_regular(cand))
                continue;       /* absent, or a FIFO or a directory: not a main file */
            if (via_candidate(c, d, cand, frag, done))
                return -1;
        }
    }
    return 0;
}

/* ---- recognition helper --------------------------------------------------- */

bool vg_conf_head_has(const char *head, size_t n, const char *needle)
{
    return memmem(head, n, needle, strlen(needle)) != NULL;
}
