/*
 * Voice-call payloads to spoken text. libxml2 reads TwiML, jansson NCCO,
 * libcurl fetches the documents a call points to; this file only walks
 * what they return.
 */
#include "vg_voice.h"
#include "vg_runtime.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

static int fail(char *why, size_t whysz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t whysz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (why && whysz)
        vsnprintf(why, whysz, fmt, ap);
    va_end(ap);
    return -1;
}

/* A growing "\n"-joined string. */
typedef struct joined {
    char *s;
    size_t len;
    bool oom;
} joined;

static void join(joined *j, const char *v, size_t n)
{
    while (n && isspace((unsigned char)*v))
        v++, n--;
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (!n || j->oom)
        return;
    char *p = realloc(j->s, j->len + n + 2);
    if (!p) {
        j->oom = true;
        return;
    }
    if (j->len)
        p[j->len++] = '\n';
    memcpy(p + j->len, v, n);
    j->len += n;
    p[j->len] = '\0';
    j->s = p;
}

bool vg_voice_path(const char *path)
{
    static const char *const segs[] = {"calls", "calls.json", "call", "voice", "voicemail",
                                       "tts", NULL};
    const char *p = path;
    while (p && *p) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/?#");
        for (const char *const *s = segs; *s; s++)
            if (n == strlen(*s) && strncasecmp(p, *s, n) == 0)
                return true;
        if (p[n] == '?' || p[n] == '#')
            break;
        p += n;
    }
    return false;
}

/* ---- TwiML -------------------------------------------------------------------- */

static void say_walk(xmlNode *n, joined *j, int depth)
{
    if (depth > 64)
        return;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(n->name, BAD_CAST "Say") == 0) {
            /* the whole content: SSML children (<prosody>, <say-as>) speak too */
            xmlChar *t = xmlNodeGetContent(n);
            if (t)
                join(j, (const char *)t, strlen((const char *)t));
            else
                j->oom = true;
            xmlFree(t);
        } else
            say_walk(n->children, j, depth + 1);
    }
}

int vg_voice_twiml(const char *xml, size_t len, char **text, char *why, size_t whysz)
{
    *text = NULL;
    if (len > (size_t)1 << 30)
        return fail(why, whysz, "TwiML document too large");
    /* No network, no DTD, no entity substitution: a service's document
     * must not make the probe read files or fetch anything. */
    vg_runtime_init();
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "twiml.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        const char *msg = e && e->message ? e->message : "parse error";
        /* libxml2's message ends with a newline */
        int n = (int)strcspn(msg, "\n");
        int rc = fail(why, whysz, "TwiML is not well-formed XML (line %d: %.*s)",
                      e ? e->line : 0, n, msg);
        xmlResetLastError();
        return rc;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || xmlStrcmp(root->name, BAD_CAST "Response") != 0) {
        xmlFreeDoc(doc);
        return fail(why, whysz, "TwiML root element is not <Response>");
    }
    joined j = {0};
    say_walk(root->children, &j, 0);
    xmlFreeDoc(doc);
    if (j.oom) {
        free(j.s);
        return fail(why, whysz, "out of memory");
    }
    if (!j.s)
        return fail(why, whysz, "TwiML has no <Say> text");
    *text = j.s;
    return 0;
}

/* ---- NCCO ---------------------------------------------------------------------- */

int vg_voice_ncco(const json_t *ncco, char **text, char *why, size_t whysz)
{
    *text = NULL;
    if (json_is_object(ncco))
        ncco = json_object_get(ncco, "ncco");
    if (!json_is_array(ncco))
        return fail(why, whysz, "NCCO is not an array of actions");
    joined j = {0};
    size_t i;
    const json_t *a;
    json_array_foreach(ncco, i, a) {
        const char *act = json_string_value(json_object_get(a, "action"));
        const json_t *t = json_object_get(a, "text");
        if (act && strcmp(act, "talk") == 0 && json_is_string(t))
            join(&j, json_string_value(t), json_string_length(t));
    }
    if (j.oom) {
        free(j.s);
        return fail(why, whysz, "out of memory");
    }
    if (!j.s)
        return fail(why, whysz, "NCCO has no talk action with text");
    *text = j.s;
    return 0;
}

int vg_voice_document(const char *doc, size_t len, char **text, char *why, size_t whysz)
{
    size_t lead = 0;
    while (lead < len && isspace((unsigned char)doc[lead]))
        lead++;
    if (lead < len && doc[lead] == '<')
        return vg_voice_twiml(doc, len, text, why, whysz);
    json_error_t je;
    json_t *j = json_loadb(doc, len, 0, &je);
    if (!j) {
        *text = NULL;
        return fail(why, whysz, "neither TwiML nor an NCCO (JSON line %d: %s)", je.line,
                    je.text);
    }
    int rc = vg_voice_ncco(j, text, why, whysz);
    json_decref(j);
    return rc;
}

/* ---- fetching ----------------------------------------------------------------- */

static bool loopback(const char *host)
{
    unsigned char a[16];
    if (strcasecmp(host, "localhost") == 0)
        return true;
    if (inet_pton(AF_INET, host, a) == 1)
        return a[0] == 127;
    if (inet_pton(AF_INET6, host, a) == 1)
        return memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
    return false;
}

typedef struct buf {
    char *s;
    size_t len, max;
    bool too_big;
} buf;

static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
    buf *b = ud;
    size_t k = sz * n;
    if (b->len + k > b->max) {
        b->too_big = true;
        return 0;                      /* stop the transfer */
    }
    char *q = realloc(b->s, b->len + k + 1);
    if (!q)
        return 0;
    memcpy(q + b->len, p, k);
    b->len += k;
    q[b->len] = '\0';
    b->s = q;
    return k;
}

int vg_voice_fetch(const char *url, const char *const *hosts, size_t nhosts, const char *ca,
                   size_t max, char **body, size_t *len, char *why, size_t whysz)
{
    *body = NULL;
    *len = 0;
    CURLU *u = curl_url();
    char *host = NULL, *scheme = NULL;
    int rc = -1;
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
        fail(why, whysz, "not a URL");
        goto out;
    }
    if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
        fail(why, whysz, "scheme %s is not fetched (http and https only)", scheme);
        goto out;
    }
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        fail(why, whysz, "no host in the URL");
        goto out;
    }
    /* curl gives an IPv6 host in brackets */
    char bare[256];
    snprintf(bare, sizeof bare, "%s", host[0] == '[' ? host + 1 : host);
    bare[strcspn(bare, "]")] = '\0';
    bool allowed = loopback(bare);
    for (size_t i = 0; !allowed && i < nhosts; i++)
        allowed = strcasecmp(bare, hosts[i]) == 0;
    if (!allowed) {
        fail(why, whysz, "host %s is neither loopback nor declared in messages.voice_hosts; "
                         "not fetched", bare);
        goto out;
    }
    CURL *h = curl_easy_init();
    if (!h) {
        fail(why, whysz, "out of memory");
        goto out;
    }
    buf b = {.max = max ? max : 64u << 10};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (ca)
        curl_easy_setopt(h, CURLOPT_CAINFO, ca);
    CURLcode cc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    if (b.too_big)
        fail(why, whysz, "larger than %zu bytes", b.max);
    else if (cc != CURLE_OK)
        fail(why, whysz, "%s", curl_easy_strerror(cc));
    else if (status != 200)
        fail(why, whysz, "HTTP %ld", status);
    else {
        *body = b.s ? b.s : strdup("");
        *len = b.len;
        b.s = NULL;
        rc = *body ? 0 : fail(why, whysz, "out of memory");
    }
    free(b.s);
out:
    curl_free(host);
    curl_free(scheme);
    curl_url_cleanup(u);
    return rc;
}
