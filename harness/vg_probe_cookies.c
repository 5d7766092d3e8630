/*
 * The cookie probe's phases, in HTTP mode (vg_http) and in browser mode
 * (vg_webdriver). Both feed the same vg_cookie_run; vg_cookies_check()
 * judges it.
 */
#include "vg_probe_cookies.h"
#include "vg_strset.h"
#include "vg_probe_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <time.h>

#include "vg_http.h"
#include "vg_probe_verdict.h"
#include "vg_webdriver.h"

typedef struct phase_ctx {
    const vg_scenario *sc;
    const vg_probe_cookies_opts *o;
    vg_cookie_run *run;
    vg_findings *fs;
    vg_phase phase;
    bool after;                  /* past the phase's decisive consent step */
    const char *page;            /* URL being fetched / shown */
    long long now;
    int rc;
    vg_probe_tally *tally;       /* requests the scenario asked for; NULL: a replay */
    /* browser: cookies already recorded in this phase, "name|after" */
    vg_strset seen;
    bool typing;                 /* a step filled a form and has not submitted it */
    const char *rules;           /* Chromium's --host-resolver-rules, or NULL */
    char refused[600];           /* a request to an undeclared host (cookies.hosts) */
} phase_ctx;

static void progress(const phase_ctx *p, const char *what, const char *detail)
{
    if (!p->o->progress)
        return;
    char line[512];
    snprintf(line, sizeof line, "phase %s: %s %s", vg_phase_name(p->phase), what,
             detail ? detail : "");
    p->o->progress(line, p->o->progress_ud);
}

/* Which consent step opens a phase, and which one ends it. */
static const vg_scenario_action *opening(const vg_scenario *sc, vg_phase ph)
{
    switch (ph) {
    case VG_PHASE_ACCEPT:
    case VG_PHASE_WITHDRAW:
        return &sc->cookies.accept;
    case VG_PHASE_REFUSE:
        return &sc->cookies.refuse;
    default:
        return NULL;
    }
}

/* A phase runs only when its steps exist in this mode; otherwise a notice
 * says which step is missing. */
static bool drivable(const vg_scenario *sc, vg_phase ph, bool browser, vg_findings *fs)
{
    /* fs NULL: just tell, no notice. */
    const vg_scenario_action *need[2] = {opening(sc, ph),
                                         ph == VG_PHASE_WITHDRAW ? &sc->cookies.withdraw : NULL};
    static const char *const names[] = {"", "accept", "refuse", "accept"};
    for (int i = 0; i < 2; i++) {
        const vg_scenario_action *a = need[i];
        if (!a)
            continue;
        const char *step = i ? "withdraw" : names[ph];
        if (!a->present) {
            if (fs)
                vg_findings_noticem(fs, VG_LEVEL_WARNING, sc->file, 0, "notice.phase-no-step",
                                    "%s" VG_ARG "%s", vg_phase_name(ph), step);
            return false;
        }
        if (!browser && !a->has_request) {
            if (fs)
                vg_findings_noticem(fs, VG_LEVEL_WARNING, sc->file, 0, "notice.phase-http-click",
                                    "%s" VG_ARG "%s", vg_phase_name(ph), step);
            return false;
        }
    }
    return true;
}

/* ---- HTTP mode ---- */

static int on_header(const char *name, const char *value, void *ud)
{
    phase_ctx *p = ud;
    if (strcasecmp(name, "set-cookie") != 0)
        return 0;
    vg_cookie_obs o = {0};
    if (vg_cookie_parse_set_cookie(value, p->now, &o)) {
        vg_findings_noticem(p->fs, VG_LEVEL_NOTE, p->page, 0, "notice.bad-set-cookie", NULL);
        return 0;
    }
    o.phase = p->phase;
    o.source = VG_COOKIE_SET;
    o.after_action = p->after;
    o.page = (char *)p->page;
    int rc = vg_cookie_run_add(p->run, &o);
    o.page = NULL;
    vg_cookie_obs_clear(&o);
    return rc;
}

static int http_send(phase_ctx *p, vg_http *h, const vg_scenario_request *r, vg_error *err)
{
    char *url = vg_scenario_url(p->sc, r->path);
    if (!url)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    long status = 0;
    p->page = url;
    progress(p, r->method, r->path);
    int rc = vg_http_request(h, r->method, url, r->body, r->headers, r->nheaders, on_header,
                             p, &status, err);
    vg_probe_tally_add(p->tally, !rc && status < 400);
    if (!rc && status >= 400)
        vg_findings_noticem(p->fs, VG_LEVEL_WARNING, url, 0, "notice.http-status",
                            "%s" VG_ARG "%s" VG_ARG "%ld" VG_ARG "%s", r->method, r->path,
                            status, vg_phase_name(p->phase));
    p->page = NULL;
    free(url);
    return rc;
}

static int http_pages(phase_ctx *p, vg_http *h, vg_error *err)
{
    for (size_t i = 0; i < p->sc->cookies.npages; i++) {
        vg_scenario_request get = {.method = "GET", .path = p->sc->cookies.pages[i]};
        if (http_send(p, h, &get, err))
            return -1;
    }
    return 0;
}

/* curl's Netscape line: domain, tailmatch, path, secure, expiry, name, value. */
static int on_jar(const char *line, void *ud)
{
    phase_ctx *p = ud;
    char *copy = strdup(line), *save = NULL, *f[7];
    if (!copy)
        return -1;
    int n = 0;
    for (char *t = strtok_r(copy, "\t", &save); t && n < 7; t = strtok_r(NULL, "\t", &save))
        f[n++] = t;
    if (n == 6)              /* an empty value leaves no seventh field */
        f[n++] = "";
    int rc = 0;
    if (n == 7) {
        bool http_only = strncmp(f[0], "#HttpOnly_", 10) == 0;
        long long exp = strtoll(f[4], NULL, 10);
        vg_cookie_obs o = {
            .phase = p->phase, .source = VG_COOKIE_JAR, .after_action = p->after,
            .page = (char *)p->page, .name = f[5], .value = f[6],
            .domain = http_only ? f[0] + 10 : f[0], .path = f[2],
            .secure = strcmp(f[3], "TRUE") == 0, .http_only = http_only,
            .same_site_unknown = true,
            .lifetime = exp == 0 ? VG_COOKIE_SESSION
                                 : exp > p->now ? exp - p->now : VG_COOKIE_DELETE,
        };
        rc = vg_cookie_run_add(p->run, &o);
    }
    free(copy);
    return rc;
}

static int http_phase(phase_ctx *p, vg_error *err)
{
    const vg_scenario_cookies *k = &p->sc->cookies;
    vg_http *h = vg_http_new(p->sc->ca, p->o->timeout_s, err);
    if (!h)
        return -1;
    const vg_scenario_action *open = opening(p->sc, p->phase);
    p->after = p->phase == VG_PHASE_REFUSE;
    int rc = 0;
    if (open)
        rc = http_send(p, h, &open->req, err);
    if (!rc && k->login.present && k->login.has_request)
        rc = http_send(p, h, &k->login.req, err);
    if (!rc)
        rc = http_pages(p, h, err);
    if (!rc && p->phase == VG_PHASE_WITHDRAW) {
        p->after = true;
        rc = http_send(p, h, &k->withdraw.req, err);
        if (!rc)
            rc = http_pages(p, h, err);
        /* What the visitor still carries after withdrawing. */
        char *last = vg_scenario_url(p->sc, k->pages[k->npages - 1]);
        p->page = last;
        if (!rc)
            rc = last ? vg_http_jar(h, on_jar, p, err) : vg_error_set(err, VG_ENOMEM, "out of memory");
        p->page = NULL;
        free(last);
    }
    vg_http_free(h);
    return rc;
}

/* ---- browser mode ---- */

static int seen_once(phase_ctx *p, const char *name)
{
    char key[300];
    /* a longer name is cut, as names past 290 bytes were before */
    if (snprintf(key, sizeof key, "%s|%d", name, p->after) < 0)
        return -1;
    return vg_strset_add(&p->seen, key);
}

static int on_browser_cookie(const vg_wd_cookie *c, void *ud)
{
    phase_ctx *p = ud;
    int first = seen_once(p, c->name);
    if (first <= 0)
        return first;
    vg_cookie_obs o = {
        .phase = p->phase, .source = VG_COOKIE_JAR, .after_action = p->after,
        .page = (char *)p->page, .name = (char *)c->name, .value = (char *)c->value,
        .domain = (char *)c->domain, .path = (char *)c->path, .secure = c->secure,
        .http_only = c->http_only, .same_site = (char *)c->same_site,
        /* Chromium reports a cookie sent without SameSite as "Lax" (its
         * default): "Lax" from the browser cannot prove the attribute. */
        .same_site_unknown = c->same_site && strcmp(c->same_site, "Lax") == 0,
        .lifetime = c->expiry < 0 ? VG_COOKIE_SESSION
                                  : c->expiry > p->now ? c->expiry - p->now : VG_COOKIE_DELETE,
    };
    return vg_cookie_run_add(p->run, &o);
}

static int on_storage(const char *kind, const char *name, const char *value, void *ud)
{
    phase_ctx *p = ud;
    vg_cookie_source src = strcmp(kind, "localStorage") == 0     ? VG_STORAGE_LOCAL
                           : strcmp(kind, "sessionStorage") == 0 ? VG_STORAGE_SESSION
                                                                 : VG_STORAGE_IDB;
    char key[300];
    snprintf(key, sizeof key, "%s %s", kind, name);
    int first = seen_once(p, key);
    if (first <= 0)
        return first;
    vg_cookie_obs o = {.phase = p->phase, .source = src, .after_action = p->after,
                       .page = (char *)p->page, .name = (char *)name, .value = (char *)value,
                       .same_site_unknown = true, .lifetime = VG_COOKIE_SESSION};
    return vg_cookie_run_add(p->run, &o);
}

/* The URL's host, lower-case, in out ("" when it has none). */
static void host_of(const char *url, char *out, size_t n)
{
    const char *a = strstr(url, "://");
    a = a ? a + 3 : url;
    size_t len = strcspn(a, "/?#");
    const char *at = memchr(a, '@', len);
    if (at)
        len -= (size_t)(at + 1 - a), a = at + 1;
    size_t hl = a[0] == '[' ? strcspn(a, "]") + 1 : strcspn(a, ":/?#");
    if (hl > len)
        hl = len;
    snprintf(out, n, "%.*s", (int)hl, a);
    for (char *c = out; *c; c++)
        *c = (char)tolower((unsigned char)*c);
}

/* With cookies.hosts the browser may reach the target and those hosts
 * only (the resolver fails every other name, so nothing was contacted). */
static bool declared(const vg_scenario *sc, const char *host)
{
    char target[256];
    host_of(sc->target, target, sizeof target);
    if (strcmp(host, target) == 0)
        return true;
    for (size_t i = 0; i < sc->cookies.nhosts; i++)
        if (strcasecmp(sc->cookies.hosts[i].name, host) == 0)
            return true;
    return false;
}

static int on_request(const vg_wd_request *r, void *ud)
{
    phase_ctx *p = ud;
    if (strncmp(r->url, "http://", 7) != 0 && strncmp(r->url, "https://", 8) != 0)
        return 0;            /* the browser's own pages, data: and blob: */
    char host[256];
    host_of(r->url, host, sizeof host);
    if (p->sc->cookies.nhosts && !declared(p->sc, host)) {
        snprintf(p->refused, sizeof p->refused,
                 "phase %s: page %.200s asked for %.100s (%s), a host not in cookies.hosts; "
                 "the browser was kept from it and the probe stops: declare a loopback "
                 "stand-in for it or remove it from the page", vg_phase_name(p->phase),
                 r->document ? r->document : "?", host, r->type ? r->type : "request");
        return -1;
    }
    vg_request_obs o = {
        .phase = p->phase, .after_action = p->after, .typed = p->typing,
        .page = (char *)(r->document ? r->document : ""), .url = (char *)r->url,
        .method = (char *)r->method, .type = (char *)r->type, .initiator = (char *)r->initiator,
        .headers = (char *)r->headers, .body = (char *)r->body,
        .referrer_policy = (char *)r->referrer_policy, .response_seen = r->response_seen,
        .error = (char *)r->error,
    };
    return vg_cookie_run_add_request(p->run, &o);
}

static int on_resource(const char *url, const char *initiator, void *ud)
{
    phase_ctx *p = ud;
    return vg_cookie_run_add_script(p->run, p->phase, p->after, p->page, url);
}

/* Record what the browser holds and loaded on the page it shows now.
 * New cookies are credited to `setter` when a step's request (a login
 * sent with fetch) is what set them, else to the page. */
static int browser_visit(phase_ctx *p, vg_wd_session *s, const char *path, vg_error *err);

static int snapshot(phase_ctx *p, vg_wd_session *s, const char *setter, vg_error *err)
{
    char *url = vg_wd_current_url(s, err);
    if (!url)
        return -1;
    p->page = setter ? setter : url;
    p->now = (long long)time(NULL);
    int rc = vg_wd_cookies(s, on_browser_cookie, p, err);
    p->page = url;
    if (!rc)
        rc = vg_wd_resources(s, on_resource, p, err);
    if (!rc)
        rc = vg_wd_storage(s, on_storage, p, err);
    if (!rc && vg_wd_network(s, on_request, p, err))
        rc = p->refused[0] ? vg_error_set(err, VG_EINPUT, "%s", p->refused) : -1;
    p->page = NULL;
    free(url);
    return rc;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A scenario step: open its page, type the identity's values, wait for
 * what scripts send on their own, then submit (or not). What leaves
 * between the first key and the submission is marked typed. */
static int browser_fill(phase_ctx *p, vg_wd_session *s, const vg_scenario_step *st,
                        size_t n, vg_error *err)
{
    char what[64];
    snprintf(what, sizeof what, "cookies.steps[%zu]", n);
    if (st->page && (browser_visit(p, s, st->page, err) || snapshot(p, s, NULL, err)))
        return -1;
    const vg_scenario_identity *id = &p->sc->identities[st->identity];
    p->typing = true;
    int rc = 0;
    for (size_t f = 0; !rc && f < st->nfill; f++) {
        progress(p, "type into", st->fill[f].css);
        rc = vg_wd_type(s, st->fill[f].css,
                        vg_scenario_identity_field(id, st->fill[f].field), err);
    }
    if (!rc) {
        sleep_ms(st->wait_ms);
        rc = snapshot(p, s, NULL, err);
    }
    p->typing = false;
    if (!rc && st->submit) {
        progress(p, "click", st->submit);
        rc = vg_wd_click(s, st->submit, err);
        if (!rc)
            rc = snapshot(p, s, NULL, err);
    }
    if (rc && !p->refused[0]) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        return vg_error_set(err, err->code, "phase %s, %s: %s", vg_phase_name(p->phase), what, why);
    }
    return rc;
}

static int browser_step(phase_ctx *p, vg_wd_session *s, const vg_scenario_action *a,
                        const char *what, vg_error *err)
{
    int rc;
    char *url = NULL;
    if (a->click) {
        progress(p, "click", a->click);
        rc = vg_wd_click(s, a->click, err);
        vg_probe_tally_add(p->tally, rc == 0);
    } else {
        url = vg_scenario_url(p->sc, a->req.path);
        long status = 0;
        progress(p, a->req.method, a->req.path);
        rc = url ? vg_wd_fetch(s, a->req.method, url, a->req.body, a->req.headers,
                               a->req.nheaders, &status, err)
                 : vg_error_set(err, VG_ENOMEM, "out of memory");
        vg_probe_tally_add(p->tally, !rc && status < 400);
        if (!rc && status >= 400)
            vg_findings_noticem(p->fs, VG_LEVEL_WARNING, url, 0, "notice.http-status",
                                "%s" VG_ARG "%s" VG_ARG "%ld" VG_ARG "%s", a->req.method,
                                a->req.path, status, vg_phase_name(p->phase));
    }
    if (rc) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        free(url);
        return vg_error_set(err, err->code, "phase %s, %s step: %s", vg_phase_name(p->phase), what, why);
    }
    rc = snapshot(p, s, url, err);
    free(url);
    return rc;
}

/* Show a scenario page and count it: loaded, or an error page (HTTP 400
 * or more, or the browser's own page for a server it could not reach). */
static int browser_visit(phase_ctx *p, vg_wd_session *s, const char *path, vg_error *err)
{
    char *url = vg_scenario_url(p->sc, path);
    progress(p, "visit", path);
    int rc = url ? vg_wd_navigate(s, url, err) : vg_error_set(err, VG_ENOMEM, "out of memory");
    long status = -1;
    if (!rc)
        rc = vg_wd_page_status(s, &status, err);
    if (!rc) {
        vg_probe_tally_add(p->tally, status < 0 || (status > 0 && status < 400));
        if (status == 0 || status >= 400)
            vg_findings_notice(p->fs, VG_LEVEL_WARNING, url, 0,
                               status ? "visit %s answered HTTP %ld during phase %s"
                                      : "visit %s: the browser loaded no page (%ld) during "
                                        "phase %s", path, status, vg_phase_name(p->phase));
    }
    free(url);
    return rc;
}

static int browser_pages(phase_ctx *p, vg_wd_session *s, vg_error *err)
{
    for (size_t i = 0; i < p->sc->cookies.npages; i++)
        if (browser_visit(p, s, p->sc->cookies.pages[i], err) || snapshot(p, s, NULL, err))
            return -1;
    return 0;
}

static int browser_phase(phase_ctx *p, vg_wd *wd, vg_error *err)
{
    const vg_scenario_cookies *k = &p->sc->cookies;
    /* A scenario CA cannot be given to Chromium (no NSS database here):
     * certificates are accepted, and checked by `vigie probe tls`. */
    vg_wd_session *s = vg_wd_session_new(wd, p->o->chromium, true, p->rules, err);
    if (!s)
        return -1;
    p->after = false;
    char *first = vg_scenario_url(p->sc, k->pages[0]);
    int rc = first ? browser_visit(p, s, k->pages[0], err) : vg_error_set(err, VG_ENOMEM, "out of memory");
    if (!rc)
        rc = snapshot(p, s, NULL, err);
    const vg_scenario_action *open = opening(p->sc, p->phase);
    if (!rc && open) {
        p->after = p->phase == VG_PHASE_REFUSE;
        rc = browser_step(p, s, open, p->phase == VG_PHASE_REFUSE ? "refuse" : "accept", err);
    }
    if (!rc && k->login.present)
        rc = browser_step(p, s, &k->login, "login", err);
    for (size_t i = 0; !rc && i < k->nsteps; i++)
        rc = browser_fill(p, s, &k->steps[i], i, err);
    if (!rc)
        rc = browser_pages(p, s, err);
    if (!rc && p->phase == VG_PHASE_WITHDRAW) {
        /* The withdraw control is on the first page (the scenario's choice). */
        rc = vg_wd_navigate(s, first, err);
        p->after = true;
        if (!rc)
            rc = browser_step(p, s, &k->withdraw, "withdraw", err);
        if (!rc)
            rc = browser_pages(p, s, err);
    }
    free(first);
    vg_strset_free(&p->seen);
    vg_wd_session_close(s);
    return rc;
}

/* cookies.hosts as Chromium's resolver rules: each test name to its
 * loopback server, every other name but the target's to nothing. NULL
 * when the scenario declares no hosts (or out of memory). */
static char *resolver_rules(const vg_scenario *sc)
{
    if (!sc->cookies.nhosts)
        return NULL;
    char target[256];
    host_of(sc->target, target, sizeof target);
    size_t n = strlen(target) + 64;
    for (size_t i = 0; i < sc->cookies.nhosts; i++)
        n += strlen(sc->cookies.hosts[i].name) + strlen(sc->cookies.hosts[i].address) + 8;
    char *r = malloc(n), *o = r;
    if (!r)
        return NULL;
    for (size_t i = 0; i < sc->cookies.nhosts; i++)
        o += sprintf(o, "MAP %s %s, ", sc->cookies.hosts[i].name, sc->cookies.hosts[i].address);
    sprintf(o, "MAP * ~NOTFOUND, EXCLUDE %s", target);
    return r;
}

int vg_probe_cookies_collect(const vg_scenario *sc, const vg_probe_cookies_opts *o,
                             vg_cookie_run *run, vg_findings *fs, vg_error *err)
{
    if (!sc->has_cookies)
        return vg_error_set(err, VG_ENOTFOUND, "%s: the scenario has no \"cookies\" section", sc->file);
    vg_probe_cookies_opts opts = *o;
    if (opts.timeout_s <= 0)
        opts.timeout_s = 30;
    bool browser = sc->cookies.browser && !o->force_http;
    run->browser = browser;
    vg_wd *wd = NULL;
    if (browser && !(wd = vg_wd_start(opts.chromedriver, opts.timeout_s, err)))
        return -1;
    int rc = 0;
    char *rules = browser ? resolver_rules(sc) : NULL;
    if (browser && sc->cookies.nhosts && !rules)
        rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    if (!browser && sc->cookies.nsteps)
        vg_findings_noticem(fs, VG_LEVEL_WARNING, sc->file, 0, "notice.steps-http", NULL);
    vg_probe_tally tally = {0};
    for (vg_phase ph = 0; ph < VG_PHASE__COUNT && !rc; ph++) {
        if (!drivable(sc, ph, browser, fs))
            continue;
        phase_ctx p = {.sc = sc, .o = &opts, .run = run, .fs = fs, .phase = ph,
                       .now = (long long)time(NULL), .tally = &tally, .rules = rules};
        rc = browser ? browser_phase(&p, wd, err) : http_phase(&p, err);
    }
    vg_wd_stop(wd);
    free(rules);
    /* Browser mode replays, over HTTP, the phases whose steps are requests:
     * Set-Cookie headers say exactly which attributes the server sent,
     * which the browser's normalised view cannot. */
    for (vg_phase ph = 0; browser && !rc && ph < VG_PHASE__COUNT; ph++) {
        if (!drivable(sc, ph, false, NULL))
            continue;
        phase_ctx p = {.sc = sc, .o = &opts, .run = run, .fs = fs, .phase = ph,
                       .now = (long long)time(NULL)};
        vg_error herr = {0};
        if (http_phase(&p, &herr)) {
            vg_findings_noticem(fs, VG_LEVEL_NOTE, sc->target, 0, "notice.set-cookie-unchecked",
                                "%s" VG_ARG "%s", vg_phase_name(ph), herr.msg);
            break;
        }
    }
    if (!rc && vg_probe_inconclusive(&tally, "cookie page and step requests", sc->target, fs,
                                     err))
        rc = 1;
    return rc;
}

int vg_probe_cookies(const vg_ruleset *rs, const vg_scenario *sc,
                     const vg_probe_cookies_opts *o, bool show_personal_data,
                     vg_findings *fs, vg_error *err)
{
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    int rc = vg_probe_cookies_collect(sc, o, &run, fs, err);
    vg_error cerr = {0};
    if (rc >= 0 && vg_cookies_check(rs, sc, &run, show_personal_data, fs, &cerr)) {
        *err = cerr;
        rc = -1;
    }
    if (rc == 0 && vg_cookies_mark_checked(&run, fs))
        rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    vg_cookie_run_free(&run);
    return rc;
}

/* ---- the probe's descriptor: scenario section "cookies", and its run --- */

static int parse_stubs(vg_json_ctx *c, json_t *parent, vg_scenario_cookies *k)
{
    json_t *o;
    size_t old;
    int in = vg_scenario_enter(c, parent, "tracker_stubs", JSON_OBJECT, &o, &old);
    if (in <= 0)
        return in;
    size_t n = json_object_size(o);
    k->tracker_stubs = calloc(n ? n : 1, sizeof *k->tracker_stubs);
    if (!k->tracker_stubs)
        return vg_json_fail(c, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t o2 = vg_json_push_key(c, key);
        if (key[0] != '/')
            return vg_json_fail(c, "must be a path starting with '/'");
        if (!json_is_string(v))
            return vg_json_fail(c, "must be a string (the tracker host it stands in for)");
        vg_scenario_stub *st = &k->tracker_stubs[k->ntracker_stubs++];
        st->path = strdup(key);
        st->host = strdup(json_string_value(v));
        if (!st->path || !st->host)
            return vg_json_fail(c, "out of memory");
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

/* "127.0.0.1:PORT", "[::1]:PORT" or "localhost:PORT": test third parties
 * are loopback servers, so nothing real is ever contacted. */
static bool loopback_address(const char *a)
{
    const char *colon = strrchr(a, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || !end || *end || end == colon + 1 || port < 1 || port > 65535)
        return false;
    size_t hl = (size_t)(colon - a);
    if ((hl == 5 && strncmp(a, "[::1]", 5) == 0) || (hl == 9 && strncmp(a, "localhost", 9) == 0))
        return true;
    int b[4];
    char tail, host[64];
    snprintf(host, sizeof host, "%.*s", (int)hl, a);
    if (sscanf(host, "%d.%d.%d.%d%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4 || b[0] != 127)
        return false;
    for (int i = 1; i < 4; i++)
        if (b[i] < 0 || b[i] > 255)
            return false;
    return true;
}

static int parse_hosts(vg_json_ctx *c, json_t *parent, vg_scenario_cookies *k)
{
    static const char *const hkeys[] = {"address", "as", NULL};
    json_t *o;
    size_t old;
    int in = vg_scenario_enter(c, parent, "hosts", JSON_OBJECT, &o, &old);
    if (in <= 0)
        return in;
    k->hosts = calloc(json_object_size(o) + 1, sizeof *k->hosts);
    if (!k->hosts)
        return vg_json_fail(c, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t o2 = vg_json_push_key(c, key);
        vg_scenario_host *h = &k->hosts[k->nhosts++];
        if (!(h->name = strdup(key)))
            return vg_json_fail(c, "out of memory");
        if (!*key || strpbrk(key, ":/ ,*"))
            return vg_json_fail(c, "must be a host name (no port, no path, no wildcard)");
        if (json_is_string(v)) {
            h->address = strdup(json_string_value(v));
        } else if (json_is_object(v)) {
            if (vg_json_check_keys(c, v, hkeys) || vg_scenario_get_string(c, v, "address", true, &h->address) ||
                vg_scenario_get_string(c, v, "as", false, &h->as))
                return -1;
        } else {
            return vg_json_fail(c, "must be an address (\"127.0.0.1:PORT\") or "
                                   "{\"address\", \"as\"}");
        }
        if (!h->address)
            return vg_json_fail(c, "out of memory");
        if (!loopback_address(h->address))
            return vg_json_fail(c, "address \"%s\" must be a loopback HOST:PORT (127.0.0.1, "
                                   "[::1], localhost): test third parties never leave the machine",
                                h->address);
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int parse_step(vg_json_ctx *c, json_t *e, vg_scenario_step *st)
{
    static const char *const keys[] = {"page", "fill", "identity", "submit", "wait_ms", NULL};
    json_t *fill, *submit;
    int identity = 1;
    st->wait_ms = 1500;
    if (!json_is_object(e))
        return vg_json_fail(c, "must be an object");
    if (vg_json_check_keys(c, e, keys) || vg_scenario_get_string(c, e, "page", false, &st->page) ||
        vg_scenario_get(c, e, "fill", JSON_OBJECT, &fill) || vg_scenario_get_int(c, e, "identity", 1, 1000, &identity) ||
        vg_scenario_get_int(c, e, "wait_ms", 0, 60000, &st->wait_ms))
        return -1;
    st->identity = (size_t)identity - 1;
    if (st->page && st->page[0] != '/')
        return vg_json_fail_at(c, "page", "must start with '/' (it is relative to \"target\")");
    submit = json_object_get(e, "submit");
    if (submit && json_is_string(submit)) {
        if (!(st->submit = strdup(json_string_value(submit))))
            return vg_json_fail(c, "out of memory");
    } else if (submit && !json_is_false(submit)) {
        return vg_json_fail_at(c, "submit",
                               "must be a CSS selector to click, or false (not submitted)");
    }
    if (!fill || !json_object_size(fill))
        return vg_json_fail(c, "needs \"fill\": {\"CSS selector\": \"identity field\"}");
    size_t old = vg_json_push_key(c, "fill");
    st->fill = calloc(json_object_size(fill), sizeof *st->fill);
    if (!st->fill)
        return vg_json_fail(c, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(fill, key, v) {
        size_t o2 = vg_json_push_key(c, key);
        bool known = false;
        for (int i = 0; json_is_string(v) && vg_scenario_identity_fields[i]; i++)
            known |= strcmp(json_string_value(v), vg_scenario_identity_fields[i]) == 0;
        if (!known)
            return vg_json_fail(c, "must name an identity field (name, nam, sin, dob, email, "
                                   "phone, username, password)");
        vg_scenario_fill *f = &st->fill[st->nfill++];
        f->css = strdup(key);
        f->field = strdup(json_string_value(v));
        if (!f->css || !f->field)
            return vg_json_fail(c, "out of memory");
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int parse_steps(vg_json_ctx *c, json_t *parent, vg_scenario_cookies *k)
{
    json_t *arr;
    size_t old;
    int in = vg_scenario_enter(c, parent, "steps", JSON_ARRAY, &arr, &old);
    if (in <= 0)
        return in;
    k->steps = calloc(json_array_size(arr) + 1, sizeof *k->steps);
    if (!k->steps)
        return vg_json_fail(c, "out of memory");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        size_t o2 = vg_json_push_index(c, i);
        k->nsteps = i + 1;
        if (parse_step(c, json_array_get(arr, i), &k->steps[i]))
            return -1;
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

/* Once every identity is known: each step's fields exist. */
static int check_steps(vg_json_ctx *c, const vg_scenario *s)
{
    for (size_t i = 0; i < s->cookies.nsteps; i++) {
        const vg_scenario_step *st = &s->cookies.steps[i];
        for (size_t f = 0; f < st->nfill; f++) {
            bool have = st->identity < s->nidentities &&
                        vg_scenario_identity_field(&s->identities[st->identity],
                                                   st->fill[f].field);
            if (have)
                continue;
            size_t old = vg_json_push_key(c, "cookies");
            vg_json_push_key(c, "steps");
            vg_json_push_index(c, i);
            vg_json_push_key(c, "fill");
            int rc = vg_json_fail_at(c, st->fill[f].css, "identity %zu has no \"%s\"",
                                     st->identity + 1, st->fill[f].field);
            vg_json_pop(c, old);
            return rc;
        }
    }
    return 0;
}

static int parse_cookies(vg_json_ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"pages", "browser", "consent", "essential",
                                       "login", "tracker_stubs", "identities", "hosts", "steps",
                                       NULL};
    static const char *const ckeys[] = {"accept", "refuse", "withdraw", NULL};
    json_t *o, *consent, *browser;
    vg_scenario_cookies *k = &s->cookies;
    size_t old;
    int in = vg_scenario_enter(c, root, "cookies", JSON_OBJECT, &o, &old);
    if (in <= 0)
        return in;
    s->has_cookies = true;
    if (vg_json_check_keys(c, o, keys) || vg_scenario_get_strings(c, o, "pages", &k->pages, &k->npages) ||
        vg_scenario_get_strings(c, o, "essential", &k->essential, &k->nessential) ||
        vg_scenario_get(c, o, "browser", JSON_TRUE, &browser) ||
        vg_scenario_get(c, o, "consent", JSON_OBJECT, &consent) ||
        vg_scenario_parse_action(c, o, "login", &k->login) || parse_stubs(c, o, k) ||
        vg_scenario_parse_identities(c, o, s) || parse_hosts(c, o, k) || parse_steps(c, o, k))
        return -1;
    k->browser = browser && json_is_true(browser);
    if (vg_scenario_pages(c, &k->pages, &k->npages))
        return -1;
    if (!consent)
        return vg_json_fail(c, "\"consent\" is required (accept, refuse, withdraw)");
    size_t o2 = vg_json_push_key(c, "consent");
    if (vg_json_check_keys(c, consent, ckeys) ||
        vg_scenario_parse_action(c, consent, "accept", &k->accept) ||
        vg_scenario_parse_action(c, consent, "refuse", &k->refuse) ||
        vg_scenario_parse_action(c, consent, "withdraw", &k->withdraw))
        return -1;
    vg_json_pop(c, o2);
    vg_json_pop(c, old);
    return 0;
}

/* Once every section is read: steps name fields their identity has, and
 * there is a target to visit. */
static int cookies_check(vg_json_ctx *c, const vg_scenario *s)
{
    if (check_steps(c, s))
        return -1;
    if (!s->target && (s->has_cookies || s->messages.ntriggers))
        return vg_json_fail(c, "\"target\" is required by the \"cookies\" section and by triggers");
    return 0;
}

static void free_browser_keys(vg_scenario_cookies *k)
{
    for (size_t i = 0; i < k->nhosts; i++) {
        free(k->hosts[i].name);
        free(k->hosts[i].address);
        free(k->hosts[i].as);
    }
    free(k->hosts);
    for (size_t i = 0; i < k->nsteps; i++) {
        vg_scenario_step *st = &k->steps[i];
        free(st->page);
        free(st->submit);
        for (size_t f = 0; f < st->nfill; f++) {
            free(st->fill[f].css);
            free(st->fill[f].field);
        }
        free(st->fill);
    }
    free(k->steps);
}

static void cookies_release(vg_scenario *s)
{
    vg_scenario_cookies *k = &s->cookies;
    vg_scenario_free_strings(k->pages, k->npages);
    vg_scenario_free_strings(k->essential, k->nessential);
    vg_scenario_free_action(&k->accept);
    vg_scenario_free_action(&k->refuse);
    vg_scenario_free_action(&k->withdraw);
    vg_scenario_free_action(&k->login);
    for (size_t i = 0; i < k->ntracker_stubs; i++) {
        free(k->tracker_stubs[i].path);
        free(k->tracker_stubs[i].host);
    }
    free(k->tracker_stubs);
    free_browser_keys(k);
}

static bool cookies_wanted(const vg_scenario *s)
{
    return s->has_cookies;
}

static int cookies_run(const vg_probe_opts *o, vg_findings *out, vg_error *err)
{
    vg_probe_cookies_opts co = {.force_http = o->force_http};
    return vg_probe_cookies(o->rs, o->sc, &co, o->show_personal_data, out, err);
}

const vg_probe vg_probe_def_cookies = {
    .name = "cookies", .parse = parse_cookies, .check = cookies_check,
    .release = cookies_release, .wanted = cookies_wanted, .run = cookies_run,
};
