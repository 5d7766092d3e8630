/*
 * The browser's requests against consent (CK005) and disclosure (DSC001,
 * DSC002). Pure functions of the observations, like vg_cookies.c.
 */
#include "vg_netcheck.h"
#include "vg_strset.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vg_detect.h"

/* host equals `dom` or ends with "." + dom. */
static bool host_under(const char *host, const char *dom)
{
    size_t hl = strlen(host), dl = strlen(dom);
    return strcasecmp(host, dom) == 0 ||
           (hl > dl && host[hl - dl - 1] == '.' && strcasecmp(host + hl - dl, dom) == 0);
}

/* The URL's host (malloc'd, curl_free), or NULL. */
static char *url_part(const char *url, CURLUPart part)
{
    CURLU *u = curl_url();
    char *v = NULL;
    if (u && !curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME))
        curl_url_get(u, part, &v, 0);
    curl_url_cleanup(u);
    return v;
}

static bool first_party(const vg_scenario *sc, const char *host)
{
    char *th = sc && sc->target ? url_part(sc->target, CURLUPART_HOST) : NULL;
    bool first = false;
    if (th) {
        const char *site = strncasecmp(th, "www.", 4) == 0 ? th + 4 : th;
        first = host_under(host, site);
    }
    curl_free(th);
    return first;
}

static const char *kind_of(const vg_tracker *t)
{
    if (t->kind)
        return t->kind;
    if (t->category && strcmp(t->category, "service-improvement") == 0)
        return "session-replay";
    if (t->category && strcmp(t->category, "marketing") == 0)
        return "advertising";
    return "analytics";
}

void vg_net_classify(const vg_ruleset *rs, const vg_scenario *sc, const char *host,
                     vg_net_party *out)
{
    *out = (vg_net_party){.first = first_party(sc, host), .kind = "unknown"};
    const char *as = host;
    for (size_t i = 0; sc && i < sc->cookies.nhosts; i++)
        if (strcasecmp(sc->cookies.hosts[i].name, host) == 0 && sc->cookies.hosts[i].as)
            as = sc->cookies.hosts[i].as;
    for (size_t i = 0; i < rs->ntrackers; i++)
        if (host_under(as, rs->trackers[i].host)) {
            out->kind = kind_of(&rs->trackers[i]);
            out->vendor = rs->trackers[i].vendor;
            return;
        }
    for (size_t i = 0; i < rs->nthird_parties; i++)
        if (host_under(as, rs->third_parties[i].host)) {
            out->kind = kind_of(&rs->third_parties[i]);
            out->vendor = rs->third_parties[i].vendor;
            return;
        }
}

/* ---- personal data in a text ---- */

typedef struct pd {
    vg_detector_kind kind;       /* VG_DET_NONE: an identity's value */
    char masked[96];
    char raw[200];
    const char *field;           /* identity.* label id */
    size_t who;
} pd;

typedef struct net {
    const vg_ruleset *rs;
    const vg_scenario *sc;
    bool show_pd;
    vg_findings *fs;
    vg_detect_ctx *dctx;
    vg_strset seen;               /* dedup keys already reported */
} net;

static int on_match(const vg_match *m, void *ud)
{
    void **a = ud;
    pd *h = a[0];
    const char *text = a[1];
    size_t len = strlen(text);
    /* Digits inside a token are part of a random id (see vg_cookies.c). */
    if ((m->start > 0 && isalnum((unsigned char)text[m->start - 1])) ||
        (m->end < len && isalnum((unsigned char)text[m->end])))
        return 0;
    h->kind = m->kind;
    vg_mask(m->kind, text + m->start, m->end - m->start, h->masked, sizeof h->masked);
    snprintf(h->raw, sizeof h->raw, "%.*s", (int)(m->end - m->start), text + m->start);
    return 1;
}

/* Does text hold personal data? The text as is and URL-decoded go to the
 * detectors; the identities are matched by vg_cookie_identity_in. */
static bool find_pd(net *n, const char *text, pd *h)
{
    memset(h, 0, sizeof *h);
    if (!text || !*text)
        return false;
    int dl = 0;
    char *dec = curl_easy_unescape(NULL, text, 0, &dl);
    const char *forms[2] = {text, dec};
    for (int k = 0; k < 2 && h->kind == VG_DET_NONE; k++) {
        void *ud[2] = {h, (void *)forms[k]};
        if (forms[k] && n->dctx)
            vg_detect_scan(n->dctx, forms[k], strlen(forms[k]), true, on_match, ud);
    }
    curl_free(dec);
    if (h->kind != VG_DET_NONE)
        return true;
    h->field = vg_cookie_identity_in(n->sc, text, &h->who);
    return h->field != NULL;
}

/* What was found, in lang (malloc'd). */
static char *pd_text(net *n, const pd *h, vg_lang lang)
{
    char who[16];
    snprintf(who, sizeof who, "%zu", h->who);
    if (h->kind == VG_DET_NONE) {
        char *f = vg_msg_textf(lang, h->field, NULL);
        char *t = vg_msg_textf(lang, "net.pd-identity", "%s" VG_ARG "%s", f ? f : "", who);
        free(f);
        return t;
    }
    const vg_category *cat = vg_ruleset_category_by_detector(n->rs, h->kind);
    const char *label = cat ? vg_text_get(&cat->label, lang) : vg_detector_kind_name(h->kind);
    return vg_msg_textf(lang, "net.pd-value", "%s" VG_ARG "%s", label,
                        n->show_pd ? h->raw : h->masked);
}

/* scheme://host[:port]/path: no query, no fragment, and no path when the
 * path holds personal data. Unless show_pd, which keeps the URL. */
static void safe_url(net *n, const char *url, char *out, size_t cap)
{
    if (n->show_pd) {
        snprintf(out, cap, "%s", url);
        return;
    }
    size_t keep = strcspn(url, "?#");
    const char *auth = strstr(url, "://");
    const char *path = auth ? strchr(auth + 3, '/') : NULL;
    pd h;
    char p[1024];
    snprintf(p, sizeof p, "%.*s", path ? (int)(keep - (size_t)(path - url)) : 0, path ? path : "");
    if (path && path < url + keep && find_pd(n, p, &h))
        keep = (size_t)(path - url) + 1;
    snprintf(out, cap, "%.*s", (int)keep, url);
}

static int first_time(net *n, const char *key)
{
    return vg_strset_add(&n->seen, key);
}

/* The ruleset category of what was found ("nam", "dob"...): the
 * detector's, else the identity field's ("identity.dob" is a date of
 * birth). The inventory files the finding under it (SARIF property
 * "dataCategory", as for cookies). */
static const char *pd_category(const net *n, const pd *h)
{
    if (h->kind != VG_DET_NONE) {
        const vg_category *cat = vg_ruleset_category_by_detector(n->rs, h->kind);
        return cat ? cat->id : NULL;
    }
    return h->field && strncmp(h->field, "identity.", 9) == 0 ? h->field + 9 : NULL;
}

/* Render id in both languages with per-language args, add the finding;
 * data_cat is what personal information it is about (NULL: none). */
static int report(net *n, const char *rule, const char *id, const char *dedup,
                  const char *page, const vg_request_obs *q, const char *subject,
                  const vg_net_party *party, const char *data_cat, char *const args[2][6],
                  size_t nargs)
{
    char key[700];
    snprintf(key, sizeof key, "%s|%s", rule, dedup);
    int first = first_time(n, key);
    if (first <= 0)
        return first;
    char *t[2] = {NULL, NULL};
    for (int l = 0; l < 2; l++) {
        const char *a[6] = {0};
        for (size_t i = 0; i < nargs; i++)
            a[i] = args[l][i] ? args[l][i] : "";
        const vg_msg_def *d = vg_msg_get(id);
        t[l] = d ? vg_msg_format(l ? d->fr : d->en, a, nargs) : NULL;
    }
    vg_msgref ref;
    int rc = t[0] && t[1] ? vg_msgref_compose(&ref, id, t[0], t[1]) : -1;
    vg_finding *f = rc ? NULL : vg_findings_add(n->fs, rule, VG_LEVEL_NONE, page, 0, 0, t[0]);
    free(t[0]);
    free(t[1]);
    if (!f) {
        if (!rc)
            vg_msgref_free(&ref);
        return -1;
    }
    f->msg = ref;
    char logical[600];
    snprintf(logical, sizeof logical, "phase %s, request %s", vg_phase_name(q->phase), subject);
    char ini[1100] = "";
    if (q->initiator) {
        const char *sp = strchr(q->initiator, ' ');
        int tl = sp ? (int)(sp - q->initiator) : (int)strlen(q->initiator);
        char u[1024] = "";
        if (sp)
            safe_url(n, sp + 1, u, sizeof u);
        snprintf(ini, sizeof ini, "%.*s%s%s", tl, q->initiator, sp ? " " : "", u);
    }
    json_t *props = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:b}", "phase",
                              vg_phase_name(q->phase), "request", subject, "page", page,
                              "type", q->type, "initiator", ini, "typed", q->typed);
    if (props && party) {
        json_object_set_new(props, "party", json_string(party->first ? "first" : "third"));
        json_object_set_new(props, "kind", json_string(party->kind));
        if (party->vendor)
            json_object_set_new(props, "vendor", json_string(party->vendor));
    }
    if (props && data_cat)
        json_object_set_new(props, "dataCategory", json_string(data_cat));
    char *pj = props ? json_dumps(props, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(props);
    rc = pj ? 0 : -1;
    if (!rc)
        rc = vg_finding_set_logical(f, logical) || vg_finding_set_fingerprint(f, key) ||
             vg_finding_set_props(f, pj);
    free(pj);
    return rc;
}

static void free_args(char *args[2][6])
{
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < 6; i++)
            free(args[l][i]);
}

/* "analytics, Google Analytics" in lang (malloc'd). */
static char *party_text(const vg_net_party *p, vg_lang lang)
{
    char id[64];
    snprintf(id, sizeof id, "net.kind.%s", p->kind);
    char *k = vg_msg_textf(lang, id, NULL);
    if (!k || !p->vendor)
        return k;
    char *t = vg_msg_textf(lang, "net.what-vendor", "%s" VG_ARG "%s", k, p->vendor);
    free(k);
    return t;
}

static int check_consent(net *n, const vg_request_obs *q, const char *host,
                         const vg_net_party *party, const char *page)
{
    if (party->first || strcmp(party->kind, "cdn") == 0)
        return 0;
    bool before = q->phase == VG_PHASE_BEFORE;
    if (!before && !(q->phase == VG_PHASE_REFUSE && q->after_action))
        return 0;
    char dedup[400];
    snprintf(dedup, sizeof dedup, "%s|%s", host, vg_phase_name(q->phase));
    char *args[2][6] = {{0}};
    for (int l = 0; l < 2; l++) {
        args[l][0] = strdup(page);
        args[l][1] = strdup(q->type ? q->type : "Other");
        args[l][2] = strdup(host);
        args[l][3] = party_text(party, (vg_lang)l);
        args[l][4] = strdup(vg_phase_name(q->phase));
    }
    int rc = report(n, "CK005", before ? "CK005.probe-request-before" : "CK005.probe-request-refused",
                    dedup, page, q, host, party, NULL, args, 5);
    free_args(args);
    return rc;
}

/* Personal data in one part of a third-party request: where is
 * "url", "body" or a header's name. */
static int disclose(net *n, const vg_request_obs *q, const char *host, const vg_net_party *party,
                    const char *page, const char *where, const char *text)
{
    pd h;
    if (!find_pd(n, text, &h))
        return 0;
    char dedup[500];
    snprintf(dedup, sizeof dedup, "%s|%s|%s|%d", host, where, h.field ? h.field : "",
             (int)h.kind);
    char *args[2][6] = {{0}};
    for (int l = 0; l < 2; l++) {
        vg_lang lang = (vg_lang)l;
        args[l][0] = strdup(page);
        args[l][1] = pd_text(n, &h, lang);
        args[l][2] = strdup(host);
        args[l][3] = party_text(party, lang);
        args[l][4] = strcmp(where, "url") == 0 ? vg_msg_textf(lang, "net.where.url", NULL)
                     : strcmp(where, "body") == 0 ? vg_msg_textf(lang, "net.where.body", NULL)
                     : vg_msg_textf(lang, "net.where.header", "%s", where);
        args[l][5] = strdup(vg_phase_name(q->phase));
    }
    int rc = report(n, "DSC001", q->typed ? "DSC001.probe-typed" : "DSC001.probe", dedup, page, q,
                    host, party, pd_category(n, &h), args, 6);
    free_args(args);
    return rc;
}

static int check_third(net *n, const vg_request_obs *q, const char *host,
                       const vg_net_party *party, const char *page)
{
    if (party->first)
        return 0;
    if (disclose(n, q, host, party, page, "url", q->url) < 0 ||
        disclose(n, q, host, party, page, "body", q->body) < 0)
        return -1;
    /* Header by header, so the finding names it (Referer, Cookie...). */
    char *copy = strdup(q->headers ? q->headers : ""), *save = NULL;
    int rc = copy ? 0 : -1;
    for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line && !rc;
         line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        if (strcasecmp(line, "user-agent") == 0 || strncasecmp(line, "sec-", 4) == 0)
            continue;
        rc = disclose(n, q, host, party, page, line, colon + 1) < 0 ? -1 : 0;
    }
    free(copy);
    return rc;
}

/* Referrer-Policy values that keep a page's path and query from other
 * sites (the last token the browser knows wins). */
static bool policy_keeps(const char *value)
{
    static const char *const safe[] = {"no-referrer", "same-origin", "origin", "strict-origin",
                                       "origin-when-cross-origin",
                                       "strict-origin-when-cross-origin", NULL};
    static const char *const known_unsafe[] = {"unsafe-url", "no-referrer-when-downgrade", NULL};
    bool keeps = false;
    char *copy = value ? strdup(value) : NULL, *save = NULL;
    for (char *t = copy ? strtok_r(copy, ", \t", &save) : NULL; t; t = strtok_r(NULL, ", \t", &save)) {
        for (int i = 0; safe[i]; i++)
            if (strcasecmp(t, safe[i]) == 0)
                keeps = true;
        for (int i = 0; known_unsafe[i]; i++)
            if (strcasecmp(t, known_unsafe[i]) == 0)
                keeps = false;
    }
    free(copy);
    return keeps;
}

static int check_own_url(net *n, const vg_request_obs *q, const vg_net_party *party)
{
    if (!party->first)
        return 0;
    const char *auth = strstr(q->url, "://");
    const char *path = auth ? strchr(auth + 3, '/') : NULL;
    pd h;
    if (!path || !find_pd(n, path, &h))
        return 0;
    char shown[1024];
    safe_url(n, q->url, shown, sizeof shown);
    char *args[2][6] = {{0}};
    for (int l = 0; l < 2; l++) {
        args[l][0] = strdup(shown);
        args[l][1] = pd_text(n, &h, (vg_lang)l);
        args[l][2] = strdup(vg_phase_name(q->phase));
    }
    char dedup[1200];
    /* by the address without its query and the kind of data */
    char stem[1024];
    snprintf(stem, sizeof stem, "%.*s", (int)strcspn(q->url, "?#"), q->url);
    snprintf(dedup, sizeof dedup, "%s|%s|%d", stem, h.field ? h.field : "", (int)h.kind);
    int rc = report(n, "DSC002", "DSC002.probe-url", dedup, shown, q, shown, party,
                    pd_category(n, &h), args, 3);
    free_args(args);
    if (rc < 0 || !q->type || strcmp(q->type, "Document") != 0 || !q->response_seen ||
        policy_keeps(q->referrer_policy))
        return rc < 0 ? -1 : 0;
    for (int l = 0; l < 2; l++) {
        args[l][0] = strdup(shown);
        args[l][1] = pd_text(n, &h, (vg_lang)l);
        args[l][2] = q->referrer_policy ? strdup(q->referrer_policy)
                                        : vg_msg_textf((vg_lang)l, "net.no-referrer-policy", NULL);
    }
    snprintf(dedup, sizeof dedup, "referrer|%s", stem);
    rc = report(n, "DSC002", "DSC002.probe-referrer", dedup, shown, q, shown, party,
                pd_category(n, &h), args, 3);
    free_args(args);
    return rc;
}

int vg_net_check(const vg_ruleset *rs, const vg_scenario *sc, const vg_cookie_run *run,
                 bool show_personal_data, vg_findings *fs, vg_error *err)
{
    if (!run->nrequests)
        return 0;
    net n = {.rs = rs, .sc = sc, .show_pd = show_personal_data, .fs = fs};
    vg_detector *det = vg_detector_new(rs, VG_DETECT_KIND(VG_DET_NAM) | VG_DETECT_KIND(VG_DET_SIN) |
                                           VG_DETECT_KIND(VG_DET_EMAIL), err);
    if (!det)
        return -1;
    n.dctx = vg_detect_ctx_new(det);
    int rc = n.dctx ? 0 : vg_error_set(err, VG_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < run->nrequests; i++) {
        const vg_request_obs *q = &run->requests[i];
        char *host = url_part(q->url, CURLUPART_HOST);
        char *scheme = url_part(q->url, CURLUPART_SCHEME);
        /* chrome://, data:, blob: are the browser's own. */
        if (host && scheme && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)) {
            vg_net_party party;
            vg_net_classify(rs, sc, host, &party);
            char page[1024];
            safe_url(&n, q->page && *q->page ? q->page : q->url, page, sizeof page);
            if (check_consent(&n, q, host, &party, page) < 0 ||
                check_third(&n, q, host, &party, page) < 0 || check_own_url(&n, q, &party) < 0)
                rc = vg_error_set(err, VG_ENOMEM, "out of memory");
        }
        curl_free(host);
        curl_free(scheme);
    }
    vg_strset_free(&n.seen);
    vg_detect_ctx_free(n.dctx);
    vg_detector_free(det);
    return rc;
}

json_t *vg_net_request_json(const vg_ruleset *rs, const vg_scenario *sc,
                            const vg_request_obs *q, bool show_values)
{
    char *host = url_part(q->url, CURLUPART_HOST);
    vg_net_party party = {.first = true, .kind = "unknown"};
    if (host)
        vg_net_classify(rs, sc, host, &party);
    curl_free(host);
    net n = {.rs = rs, .sc = sc, .show_pd = show_values};
    char url[1024], page[1024];
    safe_url(&n, q->url, url, sizeof url);
    safe_url(&n, q->page ? q->page : "", page, sizeof page);
    json_t *e = json_pack("{s:s, s:b, s:b, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s?, s:s?}",
                          "phase", vg_phase_name(q->phase), "after_action", q->after_action,
                          "typed", q->typed, "page", page, "url", url, "method", q->method,
                          "type", q->type, "initiator", q->initiator,
                          "party", party.first ? "first" : "third", "kind",
                          party.first ? "first-party" : party.kind, "vendor", party.vendor,
                          "error", q->error);
    if (!e)
        return NULL;
    if (show_values) {
        json_object_set_new(e, "headers", json_string(q->headers ? q->headers : ""));
        if (q->body)
            json_object_set_new(e, "body", json_string(q->body));
    } else {
        json_object_set_new(e, "body_length", json_integer(q->body ? (json_int_t)strlen(q->body) : 0));
    }
    return e;
}
