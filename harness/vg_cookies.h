#ifndef VG_COOKIES_H
#define VG_COOKIES_H
/*
 * vg_cookies: what the cookie probe saw, and what the policy makes of it.
 *
 * A probe (HTTP or browser) fills a vg_cookie_run with observations: every
 * Set-Cookie with its attributes and the page that sent it, every cookie
 * found in the jar or the browser, every script a page loaded. Then
 * vg_cookies_check() classifies each cookie (scenario "essential" list and
 * the ruleset's cookie catalogue; unknown cookies are never assumed
 * essential) and produces findings CK001-CK005.
 *
 * Ownership: the run owns copies of every string given to it.
 */
#include <stdbool.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_ruleset.h"
#include "vg_scenario.h"

typedef enum vg_phase {
    VG_PHASE_BEFORE,     /* no choice made */
    VG_PHASE_ACCEPT,     /* accept all */
    VG_PHASE_REFUSE,     /* essential only */
    VG_PHASE_WITHDRAW,   /* accept, then withdraw */
    VG_PHASE__COUNT
} vg_phase;
const char *vg_phase_name(vg_phase p);

typedef enum vg_cookie_source {
    VG_COOKIE_SET,       /* a Set-Cookie response header */
    VG_COOKIE_JAR,       /* present in the jar / the browser (scripts' cookies too) */
    /* Web storage the browser held for the page's origin: judged like
     * cookies (CK001-CK003), never for attributes (CK004). */
    VG_STORAGE_LOCAL,    /* localStorage key */
    VG_STORAGE_SESSION,  /* sessionStorage key */
    VG_STORAGE_IDB       /* IndexedDB database name (no value) */
} vg_cookie_source;
/* "set-cookie", "jar", "localStorage", "sessionStorage", "indexedDB". */
const char *vg_cookie_source_name(vg_cookie_source s);

/* Lifetime values besides a number of seconds. */
#define VG_COOKIE_SESSION  (-1LL)   /* no Expires / Max-Age: ends with the browser */
#define VG_COOKIE_DELETE   (0LL)    /* Max-Age<=0 or Expires in the past: a deletion */

typedef struct vg_cookie_obs {
    vg_phase phase;
    vg_cookie_source source;
    bool after_action;   /* after the phase's consent step (refuse, withdraw) */
    char *page;          /* URL of the page that set it, or showed it first */
    char *name, *value;
    char *domain, *path; /* NULL when absent */
    bool secure, http_only;
    char *same_site;     /* "Lax", "Strict", "None", or NULL when absent */
    bool same_site_unknown;  /* the source cannot tell (curl's jar format) */
    long long lifetime;  /* seconds, VG_COOKIE_SESSION or VG_COOKIE_DELETE */
} vg_cookie_obs;

typedef struct vg_script_obs {
    vg_phase phase;
    bool after_action;   /* loaded after the phase's consent step */
    char *page, *url;
} vg_script_obs;

/* A request the browser made (browser mode, DevTools Network events). */
typedef struct vg_request_obs {
    vg_phase phase;
    bool after_action;   /* after the phase's consent step */
    bool typed;          /* sent after a step filled a form and before it was submitted */
    char *page;          /* the document that made it */
    char *url, *method;
    char *type;          /* Document, Script, Image, Ping, Fetch, XHR... (NULL: unknown) */
    char *initiator;     /* "parser URL", "script URL", "other" */
    char *headers;       /* "Name: value\n" lines as sent */
    char *body;          /* NULL: none */
    char *referrer_policy;   /* the response's Referrer-Policy (NULL: absent or no response) */
    bool response_seen;
    char *error;         /* the browser's reason when it failed, or NULL */
} vg_request_obs;

typedef struct vg_cookie_run {
    vg_cookie_obs *cookies;
    size_t ncookies, cap;
    vg_script_obs *scripts;
    size_t nscripts, scap;
    vg_request_obs *requests;
    size_t nrequests, rcap;
    bool browser;        /* observations came from Chromium */
} vg_cookie_run;

void vg_cookie_run_init(vg_cookie_run *r);
void vg_cookie_run_free(vg_cookie_run *r);

/* Append a copy of *o (its strings are copied). 0, or -1 on allocation failure. */
int vg_cookie_run_add(vg_cookie_run *r, const vg_cookie_obs *o);
int vg_cookie_run_add_script(vg_cookie_run *r, vg_phase phase, bool after_action,
                             const char *page, const char *url);

/* Append a copy of *o (strings copied). 0, or -1 on allocation failure. */
int vg_cookie_run_add_request(vg_cookie_run *r, const vg_request_obs *o);

/* Parse a Set-Cookie header value into o (name, value, attributes,
 * lifetime; Expires via curl_getdate, relative to `now`). The caller sets
 * phase, source, page. Returns 0, or -1 if it is not a cookie (no '=',
 * empty name); free the strings with vg_cookie_obs_clear(). */
int vg_cookie_parse_set_cookie(const char *header, long long now, vg_cookie_obs *o);
void vg_cookie_obs_clear(vg_cookie_obs *o);

/* How a cookie is classified. `category` is "essential", "performance",
 * "service-improvement", "marketing" or "unknown". */
typedef struct vg_cookie_verdict {
    const char *category;
    const char *vendor;              /* NULL when unknown */
    const vg_text *purpose;          /* the catalogue's, or NULL */
    bool essential;
    bool declared;                   /* the scenario's essential list said so */
} vg_cookie_verdict;
void vg_cookie_classify(const vg_ruleset *rs, const vg_scenario *sc, const char *name,
                        vg_cookie_verdict *v);

/* Everything the run observed, as a JSON document (malloc'd text):
 * {"mode": "http"|"browser", "cookies": [{phase, source ("set-cookie" |
 * "jar"), after_action, page, name, category, vendor, secure, http_only,
 * same_site, lifetime ("session" | "delete" | seconds), value_length,
 * value (only with show_values)}], "scripts": [{phase, page, url}]}.
 * NULL on allocation failure. */
char *vg_cookie_run_json(const vg_cookie_run *run, const vg_ruleset *rs,
                         const vg_scenario *sc, bool show_values);

/* A value is a long-lived unique id when it lives longer than this and
 * carries an identifier-like token (see docs/probe-cookies.md). */
#define VG_COOKIE_LONG_LIVED_S (30LL * 24 * 3600)

/* Which identity field of the scenario `text` holds in one of its forms
 * (as is, URL-decoded, base64-decoded; letters and digits only, values
 * of 5 characters or more): the field's catalogue label id
 * ("identity.nam"), *which the identity's 1-based number; NULL if none. */
const char *vg_cookie_identity_in(const vg_scenario *sc, const char *text, size_t *which);

/* Classify everything in run and append CK001-CK005 findings (one per
 * cookie and phase, or per script and phase) and notices (unknown
 * cookies) to fs. Values are masked unless show_personal_data.
 * Returns 0, or -1 with err set. */
int vg_cookies_check(const vg_ruleset *rs, const vg_scenario *sc, const vg_cookie_run *run,
                     bool show_personal_data, vg_findings *fs, vg_error *err);

/* Record in fs the rules a judged run evaluated (vg_findings_checked):
 * CK001-CK004, CK005 when the run drove a browser (scripts are seen only
 * there), DSC001/DSC002 when its requests were recorded (vg_net_check).
 * Returns 0, or -1 out of memory. */
int vg_cookies_mark_checked(const vg_cookie_run *run, vg_findings *fs);

#endif
