#ifndef VG_HTTP_H
#define VG_HTTP_H
/*
 * vg_http: a libcurl client with one in-memory cookie jar per vg_http.
 * A fresh vg_http is a fresh visitor: the cookie probe makes one per phase.
 *
 * Redirects are not followed: every response, and every Set-Cookie in it,
 * belongs to the URL that was requested; the caller decides what to visit.
 */
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_http vg_http;

/* ca: PEM file to verify the server with (NULL: the system's store).
 * timeout_s bounds every request. NULL with err on failure. */
vg_http *vg_http_new(const char *ca, long timeout_s, vg_error *err);
void vg_http_free(vg_http *h);

/* Called for each response header: name and value without the CRLF. */
typedef int (*vg_http_header_cb)(const char *name, const char *value, void *ud);

/* One request. body may be NULL; headers are "Name: value" lines. The
 * response body is read and dropped (at most 8 MiB). *status receives the
 * HTTP status. Returns 0, or -1 with err ("URL: why"). */
int vg_http_request(vg_http *h, const char *method, const char *url, const char *body,
                    char *const *headers, size_t nheaders, vg_http_header_cb cb, void *ud,
                    long *status, vg_error *err);

/* The jar's cookies (expired ones are gone), as curl's Netscape lines:
 * domain, include-subdomains, path, secure, expiry, name, value, tab-separated,
 * "#HttpOnly_" prefixed to the domain for HttpOnly cookies. */
typedef int (*vg_http_jar_cb)(const char *line, void *ud);
int vg_http_jar(vg_http *h, vg_http_jar_cb cb, void *ud, vg_error *err);

#endif
