#ifndef VG_SCENARIO_H
#define VG_SCENARIO_H
/*
 * vg_scenario: the `vigie probe --scenario FILE` contract (design.md,
 * "Probe scenario file"), loaded strictly.
 *
 * Every object's keys are checked: an unknown key is an error that names
 * its path ("scenario.json: cookies.consent.acept: unknown key"), so a typo
 * never silently disables a check. Relative file paths ("ca") are resolved
 * against the scenario file's directory.
 *
 * Ownership: a vg_scenario owns every string and array reachable from it;
 * free it with vg_scenario_free(). Absent optional strings are NULL.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"
#include "vg_finding.h"

/* An HTTP request the probe sends: a consent action or a trigger.
 * `path` is relative to the scenario's target (it starts with '/'). */
typedef struct vg_scenario_request {
    char *method;               /* default "GET", or "POST" when body is set */
    char *path;
    char *body;                 /* NULL: no body */
    char **headers;             /* "Name: value" lines */
    size_t nheaders;
} vg_scenario_request;

/* A consent step. `click` (a CSS selector) is used in browser mode; the
 * request (has_request) in HTTP mode, and in browser mode when there is no
 * selector. At least one of the two is present when `present` is true. */
typedef struct vg_scenario_action {
    bool present;
    char *click;
    bool has_request;
    vg_scenario_request req;
} vg_scenario_action;

typedef struct vg_scenario_tls {
    char *host;
    int port;                   /* default 443 */
    char *sni;                  /* NULL: none / the host */
} vg_scenario_tls;

/* A synthetic test identity: values that must never be found in a cookie
 * or a message. Every field may be NULL. */
typedef struct vg_scenario_identity {
    char *name, *nam, *sin, *dob, *email, *phone, *username, *password;
} vg_scenario_identity;

/* Where a probe listens: "host:port". */
typedef struct vg_scenario_listen {
    char *text;                 /* as written, NULL when absent */
    char *host;
    int port;
} vg_scenario_listen;

/* A local URL that stands in for a tracker host (test fixtures with no
 * network): requests whose path starts with `path` count as requests to
 * `host`, which the ruleset's tracker list classifies. */
typedef struct vg_scenario_stub {
    char *path;
    char *host;
} vg_scenario_stub;

/* cookies.hosts: a test server standing in for a third party. The
 * browser resolves `name` to `address` (loopback only) and nothing else
 * but the target: a page that asks for another host stops the probe. */
typedef struct vg_scenario_host {
    char *name;
    char *address;              /* "127.0.0.1:PORT", "[::1]:PORT", "localhost:PORT" */
    char *as;                   /* the real host it stands for, for the catalogue; or NULL */
} vg_scenario_host;

/* cookies.steps[]: open a page, type an identity's values into fields,
 * submit or not (browser mode). */
typedef struct vg_scenario_fill {
    char *css;                  /* the field's CSS selector */
    char *field;                /* identity field: name, nam, sin, dob, email, phone, ... */
} vg_scenario_fill;
typedef struct vg_scenario_step {
    char *page;                 /* path opened first, NULL: the page shown */
    vg_scenario_fill *fill;
    size_t nfill;
    size_t identity;            /* 0-based index into identities */
    char *submit;               /* selector clicked after filling; NULL: not submitted */
    int wait_ms;                /* after typing, for scripts that send late; default 1500 */
} vg_scenario_step;

typedef struct vg_scenario_cookies {
    char **pages;               /* paths to visit in every phase, default {"/"} */
    size_t npages;
    bool browser;               /* drive Chromium rather than libcurl */
    vg_scenario_action accept, refuse, withdraw;
    vg_scenario_action login;   /* optional, done in every phase after the consent step */
    char **essential;           /* cookie names the operator declares essential */
    size_t nessential;
    vg_scenario_stub *tracker_stubs;
    size_t ntracker_stubs;
    vg_scenario_host *hosts;    /* non-empty: the browser reaches only these and the target */
    size_t nhosts;
    vg_scenario_step *steps;    /* done in every phase after the login */
    size_t nsteps;
} vg_scenario_cookies;

/* Field names of the service's HTTP SMS requests (form or JSON). NULL
 * where the scenario does not say: the messages probe picks its default. */
typedef struct vg_scenario_sms_fields {
    char *to, *body, *from;
} vg_scenario_sms_fields;

typedef struct vg_scenario_messages {
    vg_scenario_listen smtp_listen, sms_listen;
    vg_scenario_sms_fields sms_fields;
    vg_scenario_request *triggers;
    size_t ntriggers;
    int wait_ms;                /* default 3000 */
    /* Hosts a voice call's document (TwiML Url, NCCO answer_url) may be
     * fetched from, besides loopback and the target's host. */
    char **voice_hosts;
    size_t nvoice_hosts;
} vg_scenario_messages;

/* The service's access log, read by `vigie probe logs` (docs/probe-logs.md):
 * a file whose growth is read, or a shell command that prints the lines
 * written since $VIGIE_LOG_SINCE. Exactly one of access and command. */
typedef struct vg_scenario_logs {
    char *access;               /* resolved path, or NULL */
    char *command;              /* run with /bin/sh -c, or NULL */
    char *format;               /* "combined" (default), "common", "json" or "raw" */
    char **pages;               /* paths the probe requests, default {"/"} */
    size_t npages;
    int wait_ms;                /* after the requests, before reading; default 1000 */
    int max_bytes;              /* at most this much new log is read; default 16 MiB */
} vg_scenario_logs;

typedef struct vg_scenario {
    char *file;                 /* the scenario file as given */
    char *dir;                  /* its directory, for relative paths */
    char *target;               /* base URL, no trailing '/' (NULL if absent) */
    char *ca;                   /* resolved path, or NULL */
    vg_scenario_tls *tls;
    size_t ntls;
    bool has_cookies;
    vg_scenario_cookies cookies;
    bool has_messages;
    vg_scenario_messages messages;
    bool has_logs;
    vg_scenario_logs logs;
    /* messages.identities, plus a top-level "identities" list (the cookie
     * probe uses them too), merged. */
    vg_scenario_identity *identities;
    size_t nidentities;
    char *text;                 /* the file as read: lines for vg_scenario_line() */
} vg_scenario;

/* Load and validate. Returns NULL and fills err ("FILE: key.path: why" or
 * "FILE:line:col: JSON error"). Caller owns the result. */
vg_scenario *vg_scenario_load_file(const char *path, vg_error *err);
/* Same from memory; `file` names it in errors and sets the directory that
 * relative paths are resolved against. */
vg_scenario *vg_scenario_load_buffer(const char *buf, size_t len, const char *file,
                                     vg_error *err);
void vg_scenario_free(vg_scenario *s);

/* target + path, malloc'd; NULL on allocation failure. */
char *vg_scenario_url(const vg_scenario *s, const char *path);

/* The 1-based line of the first JSON string in the scenario equal to
 * value (a page path, a host, a key such as "smtp_listen"); 0 if none. */
int vg_scenario_line(const vg_scenario *s, const char *value);

/* Anchor the probe findings fs->items[from..] that are located at a URL to
 * the scenario line that produced them (vg_finding_anchor): the page's
 * path for a page under "target", the "tls" host, the "smtp_listen" or
 * "sms_listen" key for messages, else "target". The URL becomes the
 * finding's related location. Code-scanning UIs show only files of the
 * repository; the scenario is one. Returns 0, or -1 out of memory. */
int vg_scenario_anchor(const vg_scenario *s, vg_findings *fs, size_t from);

/* An identity's field by its scenario name ("nam", "dob"...), or NULL. */
const char *vg_scenario_identity_field(const vg_scenario_identity *id, const char *field);

/* True when `name` is in cookies.essential. */
bool vg_scenario_is_essential(const vg_scenario *s, const char *name);

#endif
