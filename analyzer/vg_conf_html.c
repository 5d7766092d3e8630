/*
 * HTML pages and templates, parsed by libxml2's HTML parser (which
 * recovers from template syntax and broken markup the way browsers do):
 *  - CK005: a script, iframe or pixel from the ruleset's tracker hosts that
 *    the page loads unconditionally (not held back for consent);
 *  - DSC002: a form collecting personal data submitted with GET (the
 *    default when no method is given): the values end up in the URL;
 *  - TLS005: such a form submitted to an http:// address.
 */
#include "vg_conf_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

typedef struct page {
    vg_conf_ctx *c;
    const vg_conf_file *f;
    htmlDocPtr doc;
} page;

static bool name_is(xmlNodePtr n, const char *tag)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, tag) == 0;
}

/* Attribute value (xmlFree it) or NULL. */
static char *attr(xmlNodePtr n, const char *a)
{
    return (char *)xmlGetProp(n, (const xmlChar *)a);
}

/* ---- trackers ------------------------------------------------------------ */

/* Host of an absolute or protocol-relative URL, into buf. */
static bool url_host(const char *url, char *buf, size_t n)
{
    const char *p = url;
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "https:", 6) == 0)
        p += 6;
    else if (strncasecmp(p, "http:", 5) == 0)
        p += 5;
    if (strncmp(p, "//", 2) != 0)
        return false;
    p += 2;
    size_t l = strcspn(p, "/:?#\"' ");
    if (!l || l >= n)
        return false;
    for (size_t i = 0; i < l; i++)
        buf[i] = (char)tolower((unsigned char)p[i]);
    buf[l] = '\0';
    return true;
}

static const vg_tracker *tracker_for_host(const vg_ruleset *rs, const char *host)
{
    size_t hl = strlen(host);
    for (size_t i = 0; i < rs->ntrackers; i++) {
        const char *t = rs->trackers[i].host;
        size_t tl = strlen(t);
        if (strcasecmp(host, t) == 0 ||
            (hl > tl && host[hl - tl - 1] == '.' && strcasecmp(host + hl - tl, t) == 0))
            return &rs->trackers[i];
    }
    return NULL;
}

/* A tracker host named anywhere in inline script text. */
static const vg_tracker *tracker_in_text(const vg_ruleset *rs, const char *text)
{
    for (size_t i = 0; i < rs->ntrackers; i++)
        if (strcasestr(text, rs->trackers[i].host))
            return &rs->trackers[i];
    return NULL;
}

/* Browsers run only JavaScript types; consent managers park scripts as
 * type="text/plain" until consent. */
static bool runs_as_script(xmlNodePtr n)
{
    char *t = attr(n, "type");
    bool js = !t || !*t || strcasestr(t, "javascript") || strcasecmp(t, "module") == 0 ||
              strcasestr(t, "ecmascript");
    xmlFree(t);
    return js;
}

/* Inside a template conditional on consent ({% if consent... %},
 * {{#if consent...}}, <% if (consent...) %>) that is still open at `line`? */
static bool gated_by_template(const vg_conf_file *f, int line)
{
    size_t off = 0;
    for (int l = 1; l < line && off < f->len; l++) {
        const char *nl = memchr(f->buf + off, '\n', f->len - off);
        if (!nl)
            break;
        off = (size_t)(nl - f->buf) + 1;
    }
    static const char *const opens[] = {"{% if", "{%- if", "{{#if", "{{ if", "<% if", "{{- if", NULL};
    static const char *const closes[] = {"{% endif", "{%- endif", "{{/if", "{{ end", "<% }", "{{- end", "{% end", NULL};
    const char *last_open = NULL, *last_close = NULL;
    for (int k = 0; opens[k]; k++)
        for (const char *p = f->buf; (p = memmem(p, (size_t)(f->buf + off - p), opens[k],
                                                  strlen(opens[k]))) != NULL; p++)
            if (!last_open || p > last_open)
                last_open = p;
    for (int k = 0; closes[k]; k++)
        for (const char *p = f->buf; (p = memmem(p, (size_t)(f->buf + off - p), closes[k],
                                                  strlen(closes[k]))) != NULL; p++)
            if (!last_close || p > last_close)
                last_close = p;
    if (!last_open || (last_close && last_close > last_open))
        return false;
    const char *end = memchr(last_open, '\n', (size_t)(f->buf + off - last_open));
    size_t n = end ? (size_t)(end - last_open) : (size_t)(f->buf + off - last_open);
    char cond[256];
    snprintf(cond, sizeof cond, "%.*s", (int)(n < 255 ? n : 255), last_open);
    return strcasestr(cond, "consent") != NULL;
}

/* how: "script" (a <script src>), "inline" (a loader script) or "tag"
 * (another element, named by tag). */
static int report_tracker(page *pg, xmlNodePtr n, const vg_tracker *t, const char *how,
                          const char *tag)
{
    int line = (int)xmlGetLineNo(n);
    if (gated_by_template(pg->f, line))
        return 0;
    char id[64];
    snprintf(id, sizeof id, "CK005.html-tracker-%s", how);
    return vg_conf_report(pg->c, "CK005", pg->f, line, t->host, id,
        "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s", t->vendor, t->host, t->category,
        tag ? tag : "");
}

static int check_script(page *pg, xmlNodePtr n)
{
    const vg_ruleset *rs = pg->c->o->rs;
    char host[256];
    char *src = attr(n, "src");
    int rc = 0;
    if (src) {
        const vg_tracker *t = url_host(src, host, sizeof host) ? tracker_for_host(rs, host) : NULL;
        if (t && runs_as_script(n))
            rc = report_tracker(pg, n, t, "script", NULL);
        xmlFree(src);
        return rc;
    }
    xmlChar *text = xmlNodeGetContent(n);
    const vg_tracker *t = text ? tracker_in_text(rs, (const char *)text) : NULL;
    /* an inline loader that itself waits for consent is not reported */
    if (t && runs_as_script(n) && !strcasestr((const char *)text, "consent"))
        rc = report_tracker(pg, n, t, "inline", NULL);
    xmlFree(text);
    return rc;
}

static int check_embed(page *pg, xmlNodePtr n, const char *a)
{
    char host[256];
    char *src = attr(n, a);
    int rc = 0;
    const vg_tracker *t = src && url_host(src, host, sizeof host)
                              ? tracker_for_host(pg->c->o->rs, host) : NULL;
    if (t) {
        rc = report_tracker(pg, n, t, "tag", (const char *)n->name);
    }
    xmlFree(src);
    return rc;
}

/* ---- forms ----------------------------------------------------------------- */

typedef struct fields {
    char list[2][1024];    /* "nam (health insurance number), ...": en, fr */
    size_t n;
} fields;

static void text_of(xmlNodePtr n, char *buf, size_t sz)
{
    xmlChar *t = xmlNodeGetContent(n);
    snprintf(buf, sz, "%s", t ? (const char *)t : "");
    xmlFree(t);
}

static xmlNodePtr find_label_for(xmlNodePtr n, const char *id)
{
    for (; n; n = n->next) {
        if (name_is(n, "label")) {
            char *f = attr(n, "for");
            bool hit = f && strcmp(f, id) == 0;
            xmlFree(f);
            if (hit)
                return n;
        }
        xmlNodePtr k = find_label_for(n->children, id);
        if (k)
            return k;
    }
    return NULL;
}

static const vg_category *field_category(page *pg, xmlNodePtr in, char *shown, size_t sz)
{
    const vg_ruleset *rs = pg->c->o->rs;
    static const char *const attrs[] = {"name", "id", "autocomplete", "placeholder",
                                        "aria-label", NULL};
    char *type = attr(in, "type");
    bool password = type && strcasecmp(type, "password") == 0;
    bool skip = type && (strcasecmp(type, "submit") == 0 || strcasecmp(type, "button") == 0 ||
                         strcasecmp(type, "reset") == 0 || strcasecmp(type, "image") == 0);
    xmlFree(type);
    if (skip)
        return NULL;
    char *name = attr(in, "name");
    snprintf(shown, sz, "%s", name ? name : (const char *)in->name);
    xmlFree(name);
    if (password)
        return vg_ruleset_category(rs, "password");
    const vg_category *cat = NULL;
    for (int i = 0; attrs[i] && !cat; i++) {
        char *v = attr(in, attrs[i]);
        if (v)
            cat = vg_ruleset_match_identifier(rs, v);
        xmlFree(v);
    }
    /* the visible label: <label for=id> or an enclosing <label> */
    char *id = attr(in, "id");
    char text[512];
    if (!cat && id) {
        xmlNodePtr l = find_label_for(xmlDocGetRootElement(pg->doc), id);
        if (l) {
            text_of(l, text, sizeof text);
            cat = vg_ruleset_match_identifier(rs, text);
        }
    }
    xmlFree(id);
    for (xmlNodePtr p = in->parent; !cat && p && !name_is(p, "form"); p = p->parent)
        if (name_is(p, "label")) {
            text_of(p, text, sizeof text);
            cat = vg_ruleset_match_identifier(rs, text);
        }
    return cat;
}

static void collect_fields(page *pg, xmlNodePtr n, fields *fs)
{
    for (; n; n = n->next) {
        if (name_is(n, "input") || name_is(n, "select") || name_is(n, "textarea")) {
            char shown[128];
            const vg_category *cat = field_category(pg, n, shown, sizeof shown);
            if (cat) {
                for (int l = 0; l < 2; l++) {
                    size_t o = strlen(fs->list[l]);
                    if (o + 160 < sizeof fs->list[l])
                        snprintf(fs->list[l] + o, sizeof fs->list[l] - o, "%s%s (%s)",
                                 o ? ", " : "", shown, l ? cat->label.fr : cat->label.en);
                }
                fs->n++;
            }
        }
        collect_fields(pg, n->children, fs);
    }
}

/* The fields' categories are words of each language: the message is
 * composed in both (vg_msgref_compose). */
static int form_report(page *pg, const char *rule, int line, const char *key, const char *id,
                       const fields *fs, const char *action)
{
    char *t[2];
    for (int l = 0; l < 2; l++)
        t[l] = action ? vg_msg_textf((vg_lang)l, id, "%s" VG_ARG "%s", fs->list[l], action)
                      : vg_msg_textf((vg_lang)l, id, "%s", fs->list[l]);
    vg_msgref ref;
    int bad = !t[0] || !t[1] || vg_msgref_compose(&ref, id, t[0], t[1]);
    free(t[0]);
    free(t[1]);
    if (bad)
        return pg->c->failed = 1, -1;
    return vg_conf_report_ref(pg->c, VG_LEVEL_NONE, rule, pg->f, line, key, &ref);
}

static int check_form(page *pg, xmlNodePtr n)
{
    fields fs = {.n = 0};
    collect_fields(pg, n->children, &fs);
    if (!fs.n)
        return 0;
    int line = (int)xmlGetLineNo(n);
    char *method = attr(n, "method"), *action = attr(n, "action");
    char key[1200];
    snprintf(key, sizeof key, "%.160s|%.1000s", action ? action : "", fs.list[0]);
    int rc = 0;
    if (!method || strcasecmp(method, "get") == 0)
        rc = form_report(pg, "DSC002", line, key,
                         method ? "DSC002.html-get-form" : "DSC002.html-default-get", &fs, NULL);
    if (!rc && action && strncasecmp(action, "http://", 7) == 0)
        rc = form_report(pg, "TLS005", line, key, "TLS005.html-cleartext-form", &fs, action);
    xmlFree(method);
    xmlFree(action);
    return rc;
}

static int walk(page *pg, xmlNodePtr n)
{
    for (; n; n = n->next) {
        int rc = 0;
        if (name_is(n, "script"))
            rc = check_script(pg, n);
        else if (name_is(n, "iframe") || name_is(n, "img"))
            rc = check_embed(pg, n, "src");
        else if (name_is(n, "form"))
            rc = check_form(pg, n);
        if (rc || (n->children && walk(pg, n->children)))
            return -1;
    }
    return 0;
}

/* The first element nested deeper than VG_CONF_MAX_NEST, or NULL. libxml2's
 * HTML parser keeps its open elements on a heap stack and sets no depth
 * limit, so the tree can be as deep as the input is long; this pass
 * follows parent links instead of recursing, and bounds every recursive
 * walk below. */
static xmlNodePtr too_deep(xmlNodePtr root)
{
    int depth = 1;
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && depth > VG_CONF_MAX_NEST)
            return n;
        if (n->children) {
            n = n->children;
            depth++;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            depth--;
        }
        n = n && n != root ? n->next : NULL;
    }
    return NULL;
}

static int html_check(vg_conf_ctx *c, const char *path, const char *buf, size_t len)
{
    vg_conf_file *f = vg_conf_ctx_root(c, path, buf, len);
    if (!f)
        return -1;
    if (len > INT32_MAX)
        return vg_findings_noticem(c->out, VG_LEVEL_WARNING, path, 0, "notice.html-large", NULL);
    htmlDocPtr doc = htmlReadMemory(buf, (int)len, path, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc || !xmlDocGetRootElement(doc)) {
        if (doc)
            xmlFreeDoc(doc);
        return vg_findings_noticem(c->out, VG_LEVEL_WARNING, path, 1, "notice.html-bad", NULL);
    }
    xmlNodePtr deep = too_deep(xmlDocGetRootElement(doc));
    if (deep) {
        int rc = vg_conf_too_deep(c, f, (int)xmlGetLineNo(deep));
        xmlFreeDoc(doc);
        return c->failed ? rc : 0;
    }
    page pg = {.c = c, .f = f, .doc = doc};
    int rc = walk(&pg, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return rc;
}

static vg_conf_match html_recognise(const char *path, const char *base, const char *head,
                                    size_t n)
{
    static const char *const ext[] = {"html", "htm", "xhtml", "tmpl", "tpl",
                                      "mustache", "hbs", "jinja", "j2", "ejs", NULL};
    (void)base;
    if (vg_path_has_ext(path, ext))
        return VG_CONF_BY_EXT;
    if (vg_conf_head_has(head, n, "<!DOCTYPE html") || vg_conf_head_has(head, n, "<!doctype html") ||
        vg_conf_head_has(head, n, "<html"))
        return VG_CONF_BY_CONTENT;
    return VG_CONF_NOT;
}

const vg_conf_format vg_conf_format_html = {
    "html", "HTML", VG_FILE_HTML, html_recognise, html_check, NULL,
};
