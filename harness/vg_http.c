/*
 * libcurl behind vg_http.h. The cookie engine is curl's own (CURLOPT_COOKIEFILE
 * ""), so the jar behaves like a user agent's: expiry, deletion, domains.
 */
#include "vg_http.h"
#include "vg_runtime.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BODY (8L * 1024 * 1024)

struct vg_http {
    CURL *curl;
    long timeout_s;
};

vg_http *vg_http_new(const char *ca, long timeout_s, vg_error *err)
{
    vg_http *h = vg_runtime_init() ? NULL : calloc(1, sizeof *h);
    if (!h || !(h->curl = curl_easy_init())) {
        free(h);
        vg_error_set(err, VG_EIO, "cannot start libcurl");
        return NULL;
    }
    h->timeout_s = timeout_s;
    CURL *c = h->curl;
    curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");   /* in-memory jar */
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vigie-probe (cookie consent check)");
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (ca)
        curl_easy_setopt(c, CURLOPT_CAINFO, ca);
    return h;
}

void vg_http_free(vg_http *h)
{
    if (h) {
        curl_easy_cleanup(h->curl);
        free(h);
    }
}

typedef struct xfer {
    vg_http_header_cb cb;
    void *ud;
    int cb_rc;
    long body;
} xfer;

static size_t on_header(char *buf, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    const char *colon = memchr(buf, ':', len);
    if (!colon || !x->cb || x->cb_rc)
        return len;          /* status line, blank line */
    char *name = strndup(buf, (size_t)(colon - buf));
    const char *v = colon + 1, *end = buf + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    char *value = strndup(v, (size_t)(end - v));
    if (!name || !value)
        x->cb_rc = -1;
    else
        x->cb_rc = x->cb(name, value, x->ud);
    free(name);
    free(value);
    return len;
}

static size_t on_body(char *buf, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    x->body += (long)(size * n);
    return x->body > MAX_BODY ? 0 : size * n;
}

int vg_http_request(vg_http *h, const char *method, const char *url, const char *body,
                    char *const *headers, size_t nheaders, vg_http_header_cb cb, void *ud,
                    long *status, vg_error *err)
{
    CURL *c = h->curl;
    xfer x = {.cb = cb, .ud = ud};
    struct curl_slist *hl = NULL;
    for (size_t i = 0; i < nheaders; i++) {
        struct curl_slist *g = curl_slist_append(hl, headers[i]);
        if (!g) {
            curl_slist_free_all(hl);
            return vg_error_set(err, VG_ENOMEM, "%s: out of memory", url);
        }
        hl = g;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->timeout_s < 10 ? h->timeout_s : 10L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST,
                     strcmp(method, body ? "POST" : "GET") == 0 ? NULL : method);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hl);
    if (rc != CURLE_OK)
        return vg_error_set(err, VG_EIO, "%s: %s", url,
                            x.body > MAX_BODY ? "response larger than 8 MiB"
                                              : curl_easy_strerror(rc));
    if (x.cb_rc)
        return vg_error_set(err, VG_ENOMEM, "%s: out of memory reading headers", url);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    return 0;
}

int vg_http_jar(vg_http *h, vg_http_jar_cb cb, void *ud, vg_error *err)
{
    struct curl_slist *list = NULL;
    if (curl_easy_getinfo(h->curl, CURLINFO_COOKIELIST, &list) != CURLE_OK)
        return vg_error_set(err, VG_EIO, "cannot read the cookie jar");
    int rc = 0;
    for (struct curl_slist *l = list; l && !rc; l = l->next)
        rc = cb(l->data, ud);
    curl_slist_free_all(list);
    return rc;
}
