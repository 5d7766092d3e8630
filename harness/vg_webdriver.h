#ifndef VG_WEBDRIVER_H
#define VG_WEBDRIVER_H
/*
 * vg_webdriver: drive Chromium through chromedriver over the W3C WebDriver
 * protocol (HTTP + JSON, with libcurl and jansson).
 *
 * vg_wd_start() runs chromedriver as a child process in its own process
 * group on a free loopback port; vg_wd_stop() ends the whole group
 * (chromedriver and every browser it started), whatever state it is in.
 * Each session gets a fresh, empty profile directory, removed when the
 * session is closed: sessions share nothing (no cookies, no cache).
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_wd vg_wd;
typedef struct vg_wd_session vg_wd_session;

/* chromedriver: path or NULL for /usr/bin/chromedriver. Waits until the
 * driver answers /status (at most timeout_s). */
vg_wd *vg_wd_start(const char *chromedriver, long timeout_s, vg_error *err);
/* Kill the process group and reap it. NULL is fine. */
void vg_wd_stop(vg_wd *wd);
/* From a signal handler (async-signal-safe): kill the process group of
 * every driver still running, so Ctrl-C or SIGTERM on vigie never leaves
 * a browser behind. */
void vg_wd_emergency_stop(void);

/* A headless browser session. chromium: binary path or NULL for
 * /usr/bin/chromium. accept_insecure_certs: trust any certificate (the
 * scenario's private CA cannot be handed to Chromium without an NSS
 * database; certificates are the TLS probe's business). resolver_rules:
 * Chromium's --host-resolver-rules ("MAP name 127.0.0.1:port, MAP *
 * ~NOTFOUND"), or NULL. Every session records the DevTools Network
 * events (vg_wd_network). */
vg_wd_session *vg_wd_session_new(vg_wd *wd, const char *chromium,
                                 bool accept_insecure_certs, const char *resolver_rules,
                                 vg_error *err);
/* DELETE the session and remove its profile directory. NULL is fine. */
void vg_wd_session_close(vg_wd_session *s);

int vg_wd_navigate(vg_wd_session *s, const char *url, vg_error *err);
/* Click the first element matching a CSS selector; waits (up to the
 * driver's timeout) for a navigation the click starts. */
int vg_wd_click(vg_wd_session *s, const char *css, vg_error *err);
/* The HTTP status of the document shown (Navigation Timing's
 * responseStatus): 0 for the browser's own error page (server not
 * reached), -1 when the browser does not say. */
int vg_wd_page_status(vg_wd_session *s, long *status, vg_error *err);
/* The current page's URL (malloc'd). */
char *vg_wd_current_url(vg_wd_session *s, vg_error *err);

typedef struct vg_wd_cookie {
    const char *name, *value, *domain, *path, *same_site;   /* same_site may be NULL */
    bool secure, http_only;
    long long expiry;    /* seconds since the epoch, -1: session cookie */
} vg_wd_cookie;
typedef int (*vg_wd_cookie_cb)(const vg_wd_cookie *c, void *ud);
/* Every cookie the browser holds for the current page, including those
 * scripts set. */
int vg_wd_cookies(vg_wd_session *s, vg_wd_cookie_cb cb, void *ud, vg_error *err);

/* URLs of the resources the current page loaded (Resource Timing). */
typedef int (*vg_wd_url_cb)(const char *url, const char *initiator, void *ud);
int vg_wd_resources(vg_wd_session *s, vg_wd_url_cb cb, void *ud, vg_error *err);

/* Send a request from the page with fetch() (same origin, cookies
 * included and stored): for scenario steps that are requests rather
 * than clicks. headers are "Name: value" lines. *status gets the HTTP
 * status (0 for an opaque redirect). */
int vg_wd_fetch(vg_wd_session *s, const char *method, const char *url, const char *body,
                char *const *headers, size_t nheaders, long *status, vg_error *err);

/* Type text into the first element matching a CSS selector, key by key. */
int vg_wd_type(vg_wd_session *s, const char *css, const char *text, vg_error *err);

/* What the current page's origin stores: kind is "localStorage",
 * "sessionStorage" or "indexedDB" (a database name; value ""). */
typedef int (*vg_wd_storage_cb)(const char *kind, const char *name, const char *value,
                                void *ud);
int vg_wd_storage(vg_wd_session *s, vg_wd_storage_cb cb, void *ud, vg_error *err);

/* A request the browser made, from the DevTools Network events. Strings
 * are borrowed for the callback only; NULL when the browser did not say. */
typedef struct vg_wd_request {
    const char *url, *method;
    const char *type;            /* Document, Script, Image, Ping (beacons), Fetch, XHR... */
    const char *initiator;       /* "parser URL", "script URL", "other" */
    const char *document;        /* the document that made it */
    const char *headers;         /* "Name: value\n" lines as sent (Cookie, Referer included) */
    const char *body;            /* the request body, or NULL */
    bool response_seen;
    const char *referrer_policy; /* the response's Referrer-Policy header */
    const char *error;           /* why it failed (net::ERR_NAME_NOT_RESOLVED...), or NULL */
} vg_wd_request;
typedef int (*vg_wd_request_cb)(const vg_wd_request *r, void *ud);
/* The requests made since the last call (the log is drained), in order. */
int vg_wd_network(vg_wd_session *s, vg_wd_request_cb cb, void *ud, vg_error *err);

#endif
