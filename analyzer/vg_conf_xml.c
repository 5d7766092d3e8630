/*
 * XML configuration through libxml2: Tomcat's server.xml connectors
 * (SSLHostConfig protocols and ciphers, in OpenSSL or JSSE names) are
 * checked in code because their cipher lists need OpenSSL; everything else
 * (web.xml session cookies, ...) is XPath from the ruleset's config_rules,
 * so users add their own rules without touching C.
 *
 * Namespaces are dropped before XPath runs: rules say
 * /web-app/session-config, whatever Java EE / Jakarta namespace the file
 * declares. Entities are not expanded and nothing is fetched from the net.
 */
#include "vg_conf_int.h"
#include "vg_cipher.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

typedef struct xml_file {
    const vg_conf_file *f;
    xmlDocPtr doc;
} xml_file;

/* Drop namespaces (rules name elements without prefixes) and bound the
 * depth every later walk recurses to. Returns the node found deeper than
 * VG_CONF_MAX_NEST, or NULL. libxml2 itself stops at 256 levels without
 * XML_PARSE_HUGE, which vigie never passes. An entity reference's
 * children are its declaration in the DTD, whose siblings are the other
 * declarations: no walk enters them, or a reference inside an entity
 * leads back round the DTD without end (XPath does not enter them
 * either). */
static xmlNodePtr drop_namespaces(xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            if (depth > VG_CONF_MAX_NEST)
                return n;
            n->ns = NULL;
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                a->ns = NULL;
        }
        xmlNodePtr deep = n->type == XML_ENTITY_REF_NODE ? NULL
                                                         : drop_namespaces(n->children, depth + 1);
        if (deep)
            return deep;
    }
    return NULL;
}

static bool name_is(xmlNodePtr n, const char *tag)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, tag) == 0;
}

static char *attr(xmlNodePtr n, const char *a)
{
    return (char *)xmlGetProp(n, (const xmlChar *)a);
}

/* libxml2 numbers an element by the line where its start tag ends; a tag
 * with attributes over several lines is reported where it starts. */
static int start_line(const vg_conf_file *f, xmlNodePtr n)
{
    int line = (int)xmlGetLineNo(n);
    if (line <= 0 || n->type != XML_ELEMENT_NODE)
        return line;
    size_t off = 0;
    for (int l = 1; l <= line && off < f->len; l++) {
        const char *nl = memchr(f->buf + off, '\n', f->len - off);
        off = nl ? (size_t)(nl - f->buf) + 1 : f->len;
    }
    char tag[128];
    snprintf(tag, sizeof tag, "<%s", (const char *)n->name);
    size_t tl = strlen(tag);
    for (size_t i = off; i-- > 0;) {
        if (i + tl <= f->len && memcmp(f->buf + i, tag, tl) == 0) {
            int l = 1;
            for (size_t k = 0; k < i; k++)
                l += f->buf[k] == '\n';
            return l;
        }
    }
    return (int)xmlGetLineNo(n);
}

/* The first error libxml2 raises: the place to show, not the end of file
 * where parsing finally gave up. */
static void first_error(void *ud, xmlErrorPtr e)
{
    xmlParserCtxtPtr pc = ud;          /* libxml2 passes the parser context */
    xmlError *keep = pc->_private;
    if (!keep->message && e && e->message) {
        keep->message = (char *)xmlStrdup((const xmlChar *)e->message);
        keep->line = e->line;
    }
}

/* ---- Tomcat server.xml -------------------------------------------------- */

/* Tomcat's protocols syntax: tokens separated by "," or spaces, each may
 * chain "+X-Y"; "+" or nothing adds, "-" removes, starting from nothing.
 * "all" is TLSv1, TLSv1.1, TLSv1.2 and TLSv1.3 (SSLv2Hello is no protocol). */
static void tomcat_protocols(const char *v, bool en[VG_CONF_NPROTO])
{
    memset(en, 0, VG_CONF_NPROTO * sizeof *en);
    const char *p = v;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        char act = '+';
        if (*p == '+' || *p == '-')
            act = *p++;
        size_t n = strcspn(p, "+-, \t\r\n");
        /* "TLSv1.1" holds no '+'/'-'; names never start with one either */
        char tok[32];
        snprintf(tok, sizeof tok, "%.*s", (int)(n < 31 ? n : 31), p);
        p += n;
        bool set[VG_CONF_NPROTO] = {false};
        if (strcasecmp(tok, "all") == 0)
            for (int i = VG_CONF_TLS10; i <= VG_CONF_TLS13; i++)
                set[i] = true;
        for (int i = 0; i < VG_CONF_NPROTO; i++)
            if (strcasecmp(tok, vg_conf_proto_names[i]) == 0)
                set[i] = true;
        for (int i = 0; i < VG_CONF_NPROTO; i++)
            if (set[i])
                en[i] = act == '+';
    }
}

/* Tomcat's default cipher string (OpenSSL syntax). */
#define TOMCAT_DEFAULT_CIPHERS "HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!kRSA"

/* A JSSE list ("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,...") rather than an
 * OpenSSL cipher string? */
static bool is_jsse_list(const char *v)
{
    while (isspace((unsigned char)*v))
        v++;
    return (strncmp(v, "TLS_", 4) == 0 || strncmp(v, "SSL_", 4) == 0) && !strchr(v, ':');
}

static int check_jsse(vg_conf_ctx *c, const vg_conf_file *f, int line, const char *where,
                      const char *v)
{
    char weak[2048] = "", unknown[512] = "";
    size_t nweak = 0, total = 0;
    char *copy = strdup(v);
    if (!copy)
        return c->failed = 1, -1;
    for (char *sv, *t = strtok_r(copy, ", \t\r\n", &sv); t; t = strtok_r(NULL, ", \t\r\n", &sv)) {
        vg_cipher_suite s;
        total++;
        if (!vg_cipher_lookup(t, &s)) {
            if (strlen(unknown) + strlen(t) + 3 < sizeof unknown)
                snprintf(unknown + strlen(unknown), sizeof unknown - strlen(unknown), "%s%s",
                         unknown[0] ? ", " : "", t);
            continue;
        }
        if (s.bits < 256) {
            nweak++;
            if (strlen(weak) + strlen(t) + 3 < sizeof weak)
                snprintf(weak + strlen(weak), sizeof weak - strlen(weak), "%s%s",
                         weak[0] ? ", " : "", t);
        }
    }
    free(copy);
    if (unknown[0] && vg_findings_noticem(c->out, VG_LEVEL_NOTE, f->uri, line,
                                          "notice.unknown-ciphers", "%s" VG_ARG "%s", where,
                                          unknown))
        return c->failed = 1, -1;
    if (!nweak)
        return 0;
    return vg_conf_report(c, "TLS001", f, line, v, "TLS001.conf-ciphers",
        "%s" VG_ARG "%zu" VG_ARG "%zu" VG_ARG "%s", where, nweak, total, weak);
}

/* One TLS configuration: an <SSLHostConfig>, or a Tomcat 8-style
 * <Connector> carrying sslEnabledProtocols/ciphers itself. */
static int check_tls_config(vg_conf_ctx *c, const vg_conf_file *f, xmlNodePtr conn,
                            xmlNodePtr cfg, bool legacy)
{
    char where[256];
    char *port = attr(conn, "port"), *host = legacy ? NULL : attr(cfg, "hostName");
    snprintf(where, sizeof where, "Connector port %s%s%s", port ? port : "?",
             host ? ", SSLHostConfig " : "", host ? host : "");
    xmlFree(port);
    xmlFree(host);
    int line = start_line(f, cfg);
    char *protos = attr(cfg, legacy ? "sslEnabledProtocols" : "protocols");
    char *ciphers = attr(cfg, "ciphers");
    bool en[VG_CONF_NPROTO];
    char setting[600];
    if (protos) {
        tomcat_protocols(protos, en);
        snprintf(setting, sizeof setting, "%s=\"%.500s\"",
                 legacy ? "sslEnabledProtocols" : "protocols", protos);
    } else {
        tomcat_protocols("TLSv1.2+TLSv1.3", en);
        snprintf(setting, sizeof setting, "Tomcat's default TLSv1.2+TLSv1.3");
    }
    int rc = vg_conf_check_protocols(c, f, line, where, en, setting,
                                     "protocols=\"TLSv1.2+TLSv1.3\"");
    if (!rc && ciphers && is_jsse_list(ciphers))
        rc = check_jsse(c, f, line, where, ciphers);
    else if (!rc) {
        char lset[1200];
        snprintf(lset, sizeof lset, "ciphers=\"%.1000s\"%s",
                 ciphers ? ciphers : TOMCAT_DEFAULT_CIPHERS, ciphers ? "" : " (Tomcat default)");
        vg_conf_at la = {f, line, ciphers ? ciphers : TOMCAT_DEFAULT_CIPHERS, lset};
        char sset[400];
        snprintf(sset, sizeof sset, "TLS 1.3 suites (OpenSSL default %s)",
                 vg_cipher_default_suites());
        vg_conf_at sa = {f, line, NULL, sset};
        rc = vg_conf_check_ciphers(c, where, en, &la, &sa);
    }
    xmlFree(protos);
    xmlFree(ciphers);
    return rc;
}

static int check_connectors(vg_conf_ctx *c, const vg_conf_file *f, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (name_is(n, "Connector")) {
            bool any = false;
            for (xmlNodePtr k = n->children; k; k = k->next)
                if (name_is(k, "SSLHostConfig")) {
                    any = true;
                    if (check_tls_config(c, f, n, k, false))
                        return -1;
                }
            char *en = attr(n, "SSLEnabled");
            bool on = en && strcasecmp(en, "true") == 0;
            xmlFree(en);
            if (!any && on && check_tls_config(c, f, n, n, true))
                return -1;
            continue;
        }
        if (n->type != XML_ENTITY_REF_NODE && check_connectors(c, f, n->children))
            return -1;
    }
    return 0;
}

/* ---- XPath rules ------------------------------------------------------- */

/* XPath errors are reported as notices, never printed by libxml2. */
static void quiet(void *ud, xmlErrorPtr e)
{
    (void)ud;
    (void)e;
}

static int run_xpath(vg_conf_ctx *c, const vg_conf_rule *r, void *ud)
{
    xml_file *x = ud;
    xmlXPathContextPtr xc = xmlXPathNewContext(x->doc);
    if (!xc)
        return c->failed = 1, -1;
    xc->error = quiet;
    xmlXPathObjectPtr res = xmlXPathEvalExpression((const xmlChar *)r->xpath, xc);
    int rc = 0;
    if (!res) {
        if (vg_findings_noticem(c->out, VG_LEVEL_WARNING, NULL, 0, "notice.xpath",
                                "%s" VG_ARG "%s" VG_ARG "%s", r->id, r->xpath,
                                xc->lastError.message ? xc->lastError.message : "error"))
            rc = c->failed = 1;
    } else if (res->type == XPATH_NODESET && res->nodesetval) {
        for (int i = 0; i < res->nodesetval->nodeNr && !rc; i++) {
            xmlNodePtr n = res->nodesetval->nodeTab[i];
            xmlNodePtr el = n->type == XML_ATTRIBUTE_NODE ? n->parent : n;
            xmlChar *path = xmlGetNodePath(n);
            char key[600];
            snprintf(key, sizeof key, "%s|%s", r->id, path ? (const char *)path : "");
            rc = vg_conf_report_rule(c, r, x->f, el ? start_line(x->f, el) : 0, key,
                                     "config.rule-at", "%s" VG_ARG "%s", r->id,
                                     path ? (const char *)path : "?");
            xmlFree(path);
        }
    } else if (res->type == XPATH_BOOLEAN && res->boolval) {
        /* a boolean rule ("count(...) = 0") reports the document */
        rc = vg_conf_report_rule(c, r, x->f, 1, r->id, "config.rule", "%s", r->id);
    }
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(xc);
    return rc;
}

static int xml_check(vg_conf_ctx *c, const char *path, const char *buf, size_t len)
{
    vg_conf_file *f = vg_conf_ctx_root(c, path, buf, len);
    if (!f)
        return -1;
    if (len > INT32_MAX)
        return vg_findings_noticem(c->out, VG_LEVEL_WARNING, path, 0, "notice.xml-large", NULL);
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    if (!pc)
        return c->failed = 1, -1;
    xmlError err = {0};
    pc->sax->serror = first_error;     /* per parse: no global handler */
    pc->_private = &err;
    xmlDocPtr doc = xmlCtxtReadMemory(pc, buf, (int)len, path, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!doc || !xmlDocGetRootElement(doc)) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", err.message ? err.message : "no root element");
        msg[strcspn(msg, "\n")] = '\0';
        int rc = vg_findings_noticem(c->out, VG_LEVEL_WARNING, path,
                                     err.line > 0 ? err.line : 1, "notice.xml-bad", "%s", msg);
        xmlFree(err.message);
        if (doc)
            xmlFreeDoc(doc);
        xmlFreeParserCtxt(pc);
        return rc;
    }
    xmlFree(err.message);
    xmlFreeParserCtxt(pc);
    xmlNodePtr deep = drop_namespaces(xmlDocGetRootElement(doc), 1);
    if (deep) {
        int rc = vg_conf_too_deep(c, f, (int)xmlGetLineNo(deep));
        xmlFreeDoc(doc);
        return c->failed ? rc : 0;
    }
    xml_file x = {.f = f, .doc = doc};
    int rc = 0;
    if (name_is(xmlDocGetRootElement(doc), "Server"))
        rc = check_connectors(c, f, xmlDocGetRootElement(doc));
    if (!rc)
        rc = vg_conf_rules_each(c, "xml", path, run_xpath, &x);
    xmlFreeDoc(doc);
    return rc;
}

static vg_conf_match xml_recognise(const char *path, const char *base, const char *head,
                                   size_t n)
{
    static const char *const ext[] = {"xml", "xsd", "xsl", NULL};
    (void)base;
    if (vg_path_has_ext(path, ext))
        return VG_CONF_BY_EXT;
    return n >= 5 && memcmp(head, "<?xml", 5) == 0 ? VG_CONF_BY_CONTENT : VG_CONF_NOT;
}

const vg_conf_format vg_conf_format_xml = {
    "xml", "XML", VG_FILE_XML, xml_recognise, xml_check, NULL,
};
