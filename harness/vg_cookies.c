/*
 * Cookie observations, classification and the CK001-CK005 checks.
 *
 * The checks are pure functions of the observations: the HTTP and browser
 * probes only differ in what they can see (scripts' cookies and loaded
 * scripts need the browser).
 */
#include "vg_cookies.h"
#include "vg_strset.h"
#include "vg_vec.h"

#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vg_detect.h"
#include "vg_netcheck.h"

const char *vg_phase_name(vg_phase p)
{
    static const char *const names[] = {"before", "accept", "refuse", "withdraw"};
    return p < VG_PHASE__COUNT ? names[p] : "?";
}

const char *vg_cookie_source_name(vg_cookie_source s)
{
    static const char *const names[] = {"set-cookie", "jar", "localStorage", "sessionStorage",
                                        "indexedDB"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static bool is_storage(const vg_cookie_obs *o)
{
    return o->source >= VG_STORAGE_LOCAL;
}

void vg_cookie_run_init(vg_cookie_run *r)
{
    memset(r, 0, sizeof *r);
}

void vg_cookie_obs_clear(vg_cookie_obs *o)
{
    free(o->page);
    free(o->name);
    free(o->value);
    free(o->domain);
    free(o->path);
    free(o->same_site);
    memset(o, 0, sizeof *o);
}

void vg_cookie_run_free(vg_cookie_run *r)
{
    for (size_t i = 0; i < r->ncookies; i++)
        vg_cookie_obs_clear(&r->cookies[i]);
    free(r->cookies);
    for (size_t i = 0; i < r->nscripts; i++) {
        free(r->scripts[i].page);
        free(r->scripts[i].url);
    }
    free(r->scripts);
    for (size_t i = 0; i < r->nrequests; i++) {
        vg_request_obs *q = &r->requests[i];
        free(q->page); free(q->url); free(q->method); free(q->type); free(q->initiator);
        free(q->headers); free(q->body); free(q->referrer_policy); free(q->error);
    }
    free(r->requests);
    memset(r, 0, sizeof *r);
}

static int dup_opt(char **dst, const char *src)
{
    *dst = src ? strdup(src) : NULL;
    return src && !*dst ? -1 : 0;
}

int vg_cookie_run_add(vg_cookie_run *r, const vg_cookie_obs *o)
{
    vg_cookie_obs *g = vg_vec_grow(r->cookies, &r->cap, r->ncookies + 1, sizeof *g);
    if (!g)
        return -1;
    r->cookies = g;
    vg_cookie_obs *c = &r->cookies[r->ncookies];
    *c = *o;
    c->page = c->name = c->value = c->domain = c->path = c->same_site = NULL;
    if (dup_opt(&c->page, o->page) || dup_opt(&c->name, o->name) ||
        dup_opt(&c->value, o->value ? o->value : "") || dup_opt(&c->domain, o->domain) ||
        dup_opt(&c->path, o->path) || dup_opt(&c->same_site, o->same_site)) {
        vg_cookie_obs_clear(c);
        return -1;
    }
    r->ncookies++;
    return 0;
}

int vg_cookie_run_add_script(vg_cookie_run *r, vg_phase phase, bool after_action,
                             const char *page, const char *url)
{
    vg_script_obs *g = vg_vec_grow(r->scripts, &r->scap, r->nscripts + 1, sizeof *g);
    if (!g)
        return -1;
    r->scripts = g;
    vg_script_obs *s = &r->scripts[r->nscripts];
    s->phase = phase;
    s->after_action = after_action;
    s->page = strdup(page ? page : "");
    s->url = strdup(url);
    if (!s->page || !s->url) {
        free(s->page);
        free(s->url);
        return -1;
    }
    r->nscripts++;
    return 0;
}

int vg_cookie_run_add_request(vg_cookie_run *r, const vg_request_obs *o)
{
    vg_request_obs *g = vg_vec_grow(r->requests, &r->rcap, r->nrequests + 1, sizeof *g);
    if (!g)
        return -1;
    r->requests = g;
    vg_request_obs *q = &r->requests[r->nrequests];
    *q = *o;
    q->page = q->url = q->method = q->type = q->initiator = q->headers = q->body = NULL;
    q->referrer_policy = q->error = NULL;
    if (dup_opt(&q->page, o->page ? o->page : "") || dup_opt(&q->url, o->url) ||
        dup_opt(&q->method, o->method ? o->method : "GET") || dup_opt(&q->type, o->type) ||
        dup_opt(&q->initiator, o->initiator) || dup_opt(&q->headers, o->headers ? o->headers : "") ||
        dup_opt(&q->body, o->body) || dup_opt(&q->referrer_policy, o->referrer_policy) ||
        dup_opt(&q->error, o->error) || !q->url) {
        free(q->page); free(q->url); free(q->method); free(q->type); free(q->initiator);
        free(q->headers); free(q->body); free(q->referrer_policy); free(q->error);
        return -1;
    }
    r->nrequests++;
    return 0;
}

/* ---- Set-Cookie (RFC 6265 section 5.2, the user-agent's reading) ---- */

static char *trimmed(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return strndup(s, n);
}

int vg_cookie_parse_set_cookie(const char *header, long long now, vg_cookie_obs *o)
{
    const char *semi = strchr(header, ';');
    size_t pairlen = semi ? (size_t)(semi - header) : strlen(header);
    const char *eq = memchr(header, '=', pairlen);
    if (!eq)
        return -1;
    o->name = trimmed(header, (size_t)(eq - header));
    o->value = trimmed(eq + 1, pairlen - (size_t)(eq + 1 - header));
    if (!o->name || !o->value || !o->name[0]) {
        vg_cookie_obs_clear(o);
        return -1;
    }
    o->lifetime = VG_COOKIE_SESSION;
    bool have_max_age = false;
    const char *p = semi;
    while (p && *p == ';') {
        p++;
        const char *next = strchr(p, ';');
        size_t n = next ? (size_t)(next - p) : strlen(p);
        const char *aeq = memchr(p, '=', n);
        char *key = trimmed(p, aeq ? (size_t)(aeq - p) : n);
        char *val = aeq ? trimmed(aeq + 1, n - (size_t)(aeq + 1 - p)) : strdup("");
        if (!key || !val) {
            free(key);
            free(val);
            vg_cookie_obs_clear(o);
            return -1;
        }
        if (strcasecmp(key, "secure") == 0) {
            o->secure = true;
        } else if (strcasecmp(key, "httponly") == 0) {
            o->http_only = true;
        } else if (strcasecmp(key, "samesite") == 0) {
            free(o->same_site);
            o->same_site = val;
            val = NULL;
        } else if (strcasecmp(key, "domain") == 0) {
            free(o->domain);
            o->domain = val;
            val = NULL;
        } else if (strcasecmp(key, "path") == 0) {
            free(o->path);
            o->path = val;
            val = NULL;
        } else if (strcasecmp(key, "max-age") == 0) {
            char *end;
            long long s = strtoll(val, &end, 10);
            if (end != val && !*end) {   /* Max-Age wins over Expires */
                have_max_age = true;
                o->lifetime = s <= 0 ? VG_COOKIE_DELETE : s;
            }
        } else if (strcasecmp(key, "expires") == 0 && !have_max_age) {
            time_t t = curl_getdate(val, NULL);
            if (t != -1)
                o->lifetime = (long long)t <= now ? VG_COOKIE_DELETE : (long long)t - now;
        }
        free(key);
        free(val);
        p = next;
    }
    return 0;
}

/* ---- classification ---- */

void vg_cookie_classify(const vg_ruleset *rs, const vg_scenario *sc, const char *name,
                        vg_cookie_verdict *v)
{
    memset(v, 0, sizeof *v);
    const vg_cookie_class *k = vg_ruleset_cookie(rs, name);
    bool declared = sc && vg_scenario_is_essential(sc, name);
    /* The catalogue's non-essential facts win over a declaration: calling
     * _ga essential does not make it so (a notice says so). */
    if (k) {
        v->category = k->category;
        v->vendor = k->vendor;
        v->purpose = &k->purpose;
        v->essential = strcmp(k->category, "essential") == 0;
        v->declared = declared;
        return;
    }
    v->category = declared ? "essential" : "unknown";
    v->essential = declared;
    v->declared = declared;
}

/* ---- what counts as identifying ---- */

/* Lower-case letters and digits only: "GAGM 8562 3016" and "GAGM85623016"
 * compare equal, as do "+1 514 555 0100" and "15145550100". */
static char *squash(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++)
        if (isalnum((unsigned char)*s))
            *o++ = (char)tolower((unsigned char)*s);
    *o = '\0';
    return out;
}

/* The value as sent, URL-decoded, and base64-decoded when it is base64
 * (Hotjar and many others wrap JSON that way): each form is checked. */
static int value_forms(const char *value, char *forms[3])
{
    forms[0] = strdup(value);
    int n = 0;
    forms[1] = curl_easy_unescape(NULL, value, 0, &n);
    forms[2] = NULL;
    if (!forms[0] || !forms[1])
        return -1;
    size_t len = strlen(forms[1]);
    bool b64 = len >= 8 && len % 4 == 0 && len < 8192;
    for (size_t i = 0; b64 && i < len; i++)
        b64 = isalnum((unsigned char)forms[1][i]) || strchr("+/=", forms[1][i]);
    if (b64) {
        unsigned char *out = malloc(len / 4 * 3 + 1);
        int got = out ? EVP_DecodeBlock(out, (const unsigned char *)forms[1], (int)len) : -1;
        bool text = got > 0;
        for (int i = 0; text && i < got; i++)
            text = out[i] == 0 || isprint(out[i]) || isspace(out[i]);
        if (text) {
            out[got] = '\0';
            forms[2] = (char *)out;
        } else {
            free(out);
        }
    }
    return 0;
}

static void free_forms(char *forms[3])
{
    free(forms[0]);
    curl_free(forms[1]);
    free(forms[2]);
}

typedef struct hit {
    vg_detector_kind kind;
    char masked[96];
} hit;

static int on_detect(const vg_match *m, void *ud)
{
    void **a = ud;
    hit *h = a[0];
    const char *text = a[1];
    /* Inside a token ("...f173706003c5...") digits are part of a random
     * id, not a number someone wrote: a value must stand on its own
     * between separators (=, &, quotes, spaces, string ends). */
    size_t len = strlen(text);
    if ((m->start > 0 && isalnum((unsigned char)text[m->start - 1])) ||
        (m->end < len && isalnum((unsigned char)text[m->end])))
        return 0;
    if (h->kind == VG_DET_NONE) {
        h->kind = m->kind;
        vg_mask(m->kind, text + m->start, m->end - m->start, h->masked, sizeof h->masked);
    }
    return 1;
}

/* Which identity field the value contains, or NULL. */
static const char *identity_hit(const vg_scenario *sc, char *const forms[3], size_t *which)
{
    for (size_t i = 0; sc && i < sc->nidentities; i++) {
        const vg_scenario_identity *id = &sc->identities[i];
        /* the field as a catalogue label, named in the report's language */
        const char *fields[][2] = {{"identity.name", id->name}, {"identity.nam", id->nam},
                                   {"identity.sin", id->sin},
                                   {"identity.dob", id->dob}, {"identity.email", id->email},
                                   {"identity.phone", id->phone},
                                   {"identity.username", id->username},
                                   {"identity.password", id->password}};
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            if (!fields[f][1])
                continue;
            char *want = squash(fields[f][1]);
            bool found = false;
            /* Shorter than 5 characters would match random ids. */
            for (int k = 0; want && strlen(want) >= 5 && k < 3 && !found; k++) {
                char *have = forms[k] ? squash(forms[k]) : NULL;
                found = have && strstr(have, want);
                free(have);
            }
            free(want);
            if (found) {
                *which = i + 1;
                return fields[f][0];
            }
        }
    }
    return NULL;
}

const char *vg_cookie_identity_in(const vg_scenario *sc, const char *text, size_t *which)
{
    char *forms[3];
    const char *field = NULL;
    if (value_forms(text, forms) == 0)
        field = identity_hit(sc, forms, which);
    free_forms(forms);
    return field;
}

/* An identifier-like token: 8+ digits, or 16+ letters/digits mixing both
 * (client ids, UUIDs, base64 blobs). */
static bool has_unique_token(const char *v)
{
    size_t digits = 0, run = 0;
    bool alpha = false, num = false;
    for (const char *p = v;; p++) {
        unsigned char c = (unsigned char)*p;
        if (isdigit(c)) {
            if (++digits >= 8)
                return true;
        } else {
            digits = 0;
        }
        if (isalnum(c)) {
            run++;
            alpha |= isalpha(c) != 0;
            num |= isdigit(c) != 0;
            if (run >= 16 && alpha && num)
                return true;
        } else {
            run = 0;
            alpha = num = false;
        }
        if (!c)
            return false;
    }
}

/* ---- findings ---- */

typedef struct checker {
    const vg_ruleset *rs;
    const vg_scenario *sc;
    bool show_pd;
    vg_findings *fs;
    vg_detect_ctx *dctx;
    vg_strset seen;       /* dedup keys already reported */
    const char *data_category;  /* CK003: the personal information the value is */
} checker;

/* True the first time `key` is asked about. */
static int first_time(checker *c, const char *key)
{
    return vg_strset_add(&c->seen, key);
}

static int first_unknown(checker *c, const char *name)
{
    char key[300];
    snprintf(key, sizeof key, "unknown|%s", name);
    return first_time(c, key);
}

/* A catalogue message with a category, rendered in lang. Malloc'd. */
static char *msg_in(vg_lang lang, const char *id, const char *term_id, const vg_text *term,
                    const char *argfmt, ...) __attribute__((format(printf, 5, 6)));
static char *msg_in(vg_lang lang, const char *id, const char *term_id, const vg_text *term,
                    const char *argfmt, ...)
{
    vg_msgref r;
    va_list ap;
    va_start(ap, argfmt);
    int rc = vg_msgref_build(&r, id, term_id, term, argfmt, ap);
    va_end(ap);
    char *t = rc ? NULL : vg_msgref_render(&r, lang, NULL, 0);
    vg_msgref_free(&r);
    return t;
}

/* CK005: every argument is a name or a URL, the same in both languages. */
static int script_msg(vg_msgref *ref, const char *id, const char *page, const char *vendor,
                      const char *url, const char *category, const char *phase)
{
    return vg_msgref_set(ref, id, vg_msg_get(id)->en, vg_msg_get(id)->fr,
                         (const char *const[]){page, vendor, url, category, phase}, 5);
}

/* What the cookie is, in lang. Malloc'd. */
static char *describe(const vg_cookie_verdict *v, vg_lang lang)
{
    if (strcmp(v->category, "unknown") == 0)
        return vg_msg_textf(lang, "cookie.what-unknown", NULL);
    if (v->vendor)
        return vg_msg_textf(lang, "cookie.what-vendor", "%s" VG_ARG "%s", v->category, v->vendor);
    return vg_msg_textf(lang, v->declared ? "cookie.what-declared" : "cookie.what", "%s",
                        v->category);
}

/* A message whose pieces differ by language ("what" the cookie is, why it
 * identifies): rendered in both, composed under a hashed id. `what` is
 * argument {1}, `why` (when given) {2}; argfmt gives {0} then {3}... */
static int compose(vg_msgref *ref, const char *id, const vg_cookie_verdict *v,
                   char *const why[2], const char *a0, const char *a3, const char *a4)
{
    char *t[2] = {NULL, NULL};
    for (int l = 0; l < 2; l++) {
        char *what = describe(v, (vg_lang)l);
        if (what)
            t[l] = why ? vg_msg_textf((vg_lang)l, id, "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s"
                                      VG_ARG "%s", a0, what, why[l], a3, a4)
                       : vg_msg_textf((vg_lang)l, id, "%s" VG_ARG "%s" VG_ARG "%s", a0, what,
                                      a3);
        free(what);
    }
    int rc = t[0] && t[1] ? vg_msgref_compose(ref, id, t[0], t[1]) : -1;
    free(t[0]);
    free(t[1]);
    return rc;
}

/* ref: the message (taken: freed here). */
static int report(checker *c, const char *rule, const char *dedup, const char *page,
                  vg_phase phase, const char *cookie, const vg_cookie_verdict *v,
                  vg_msgref *ref)
{
    char key[512];
    snprintf(key, sizeof key, "%s|%s", rule, dedup);
    int first = first_time(c, key);
    if (first <= 0) {
        vg_msgref_free(ref);
        return first;
    }
    char *msg = vg_msgref_render(ref, VG_LANG_EN, NULL, 0);
    vg_finding *f = msg ? vg_findings_add(c->fs, rule, VG_LEVEL_NONE, page, 0, 0, msg) : NULL;
    free(msg);
    if (!f) {
        vg_msgref_free(ref);
        return -1;
    }
    f->msg = *ref;
    char logical[300];
    /* Web storage is named "localStorage KEY": the subject is "storage". */
    const char *subject = strcmp(rule, "CK005") == 0 ? "script"
                          : strchr(cookie, ' ') ? "storage" : "cookie";
    snprintf(logical, sizeof logical, "phase %s, %s %s", vg_phase_name(phase), subject, cookie);
    json_t *props = json_pack("{s:s, s:s, s:s}", "phase", vg_phase_name(phase), subject, cookie,
                              "page", page ? page : "");
    if (props && v) {
        json_object_set_new(props, "category", json_string(v->category));
        if (v->vendor)
            json_object_set_new(props, "vendor", json_string(v->vendor));
        if (v->purpose && v->purpose->en)
            json_object_set_new(props, "purpose", json_pack("{s:s?, s:s?}", "en",
                                                            v->purpose->en, "fr",
                                                            v->purpose->fr));
    }
    /* "category" is the cookie's class; what personal information its
     * value is goes beside it, for the inventory */
    if (props && c->data_category)
        json_object_set_new(props, "dataCategory", json_string(c->data_category));
    char *pj = props ? json_dumps(props, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(props);
    int rc = pj ? 0 : -1;
    if (!rc)
        rc = vg_finding_set_logical(f, logical) || vg_finding_set_fingerprint(f, key) ||
             vg_finding_set_props(f, pj);
    free(pj);
    return rc;
}

static bool is_deletion(const vg_cookie_obs *o)
{
    /* A storage item listed is there: an empty value (IndexedDB names
     * have none) is no deletion. */
    return !is_storage(o) && (o->lifetime == VG_COOKIE_DELETE || !o->value[0]);
}

/* "localStorage KEY" for web storage, the name for a cookie. */
static void subject_of(const vg_cookie_obs *o, char *out, size_t n)
{
    if (is_storage(o))
        snprintf(out, n, "%s %s", vg_cookie_source_name(o->source), o->name);
    else
        snprintf(out, n, "%s", o->name);
}

static int check_consent(checker *c, const vg_cookie_obs *o, const vg_cookie_verdict *v)
{
    char dedup[400];
    vg_msgref ref;
    if (v->essential || is_deletion(o))
        return 0;
    char subj[300];
    subject_of(o, subj, sizeof subj);
    bool st = is_storage(o);
    if (o->phase == VG_PHASE_BEFORE) {
        if (compose(&ref, st ? "CK001.storage-before" : "CK001.before", v, NULL, subj, o->page,
                    NULL))
            return -1;
        snprintf(dedup, sizeof dedup, "%s|before", subj);
        return report(c, "CK001", dedup, o->page, o->phase, subj, v, &ref);
    }
    if (!o->after_action || o->phase == VG_PHASE_ACCEPT)
        return 0;
    const char *id = o->phase == VG_PHASE_REFUSE ? (st ? "CK002.storage-refused" : "CK002.refused")
                     : st ? "CK002.storage-withdrawn"
                     : o->source == VG_COOKIE_JAR ? "CK002.withdrawn-present"
                                                  : "CK002.withdrawn-set";
    if (compose(&ref, id, v, NULL, subj, o->page, NULL))
        return -1;
    snprintf(dedup, sizeof dedup, "%s|%s", subj, vg_phase_name(o->phase));
    return report(c, "CK002", dedup, o->page, o->phase, subj, v, &ref);
}

/* "contains a health insurance number (**** **** **16)" in lang. */
static char *why_value(vg_lang lang, const vg_text *label, const char *fallback,
                       const char *value)
{
    vg_text kind = {fallback, fallback};
    return msg_in(lang, "cookie.why-value", "x", label ? label : &kind, "%s", value);
}

/* The ruleset category a CK003 value is: the detector's (a NAM, a SIN...),
 * else the test identity field it holds ("identity.email" is an email),
 * else a unique long-lived token: a stable identifier of the person,
 * listed with names (the person's identity). */
static const char *data_category(const vg_category *cat, const char *field)
{
    if (cat)
        return cat->id;
    static const struct { const char *field, *cat; } map[] = {
        {"identity.name", "name"}, {"identity.nam", "nam"}, {"identity.sin", "sin"},
        {"identity.dob", "dob"}, {"identity.email", "email"}, {"identity.phone", "phone"},
        {"identity.username", "username"}, {"identity.password", "password"}};
    for (size_t i = 0; field && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].field, field) == 0)
            return map[i].cat;
    return "name";
}

static int check_identifying(checker *c, const vg_cookie_obs *o, const vg_cookie_verdict *v)
{
    if (is_deletion(o))
        return 0;
    char *forms[3];
    if (value_forms(o->value, forms)) {
        free_forms(forms);
        return -1;
    }
    char *why[2] = {NULL, NULL};
    hit h = {VG_DET_NONE, ""};
    for (int k = 0; k < 3 && h.kind == VG_DET_NONE; k++) {
        void *ud[2] = {&h, forms[k]};
        if (forms[k] && c->dctx)
            vg_detect_scan(c->dctx, forms[k], strlen(forms[k]), true, on_detect, ud);
    }
    size_t who = 0;
    const char *field = identity_hit(c->sc, forms, &who);
    const vg_category *cat = h.kind != VG_DET_NONE
                                 ? vg_ruleset_category_by_detector(c->rs, h.kind) : NULL;
    char days[32];
    snprintf(days, sizeof days, "%lld", o->lifetime / 86400);
    for (int l = 0; l < 2; l++) {
        vg_lang lang = (vg_lang)l;
        char *one = NULL;
        if (h.kind != VG_DET_NONE) {
            const char *label = cat ? vg_text_get(&cat->label, lang)
                                    : vg_detector_kind_name(h.kind);
            one = why_value(lang, cat ? &cat->label : NULL, label,
                            c->show_pd ? o->value : h.masked);
        } else if (field) {
            char *fname = vg_msg_textf(lang, field, NULL);
            char n[16];
            snprintf(n, sizeof n, "%zu", who);
            one = vg_msg_textf(lang, "cookie.why-identity", "%s" VG_ARG "%s", fname ? fname : "",
                               n);
            free(fname);
        } else if (!v->essential && o->lifetime > VG_COOKIE_LONG_LIVED_S &&
                   has_unique_token(forms[2] ? forms[2] : forms[1])) {
            one = vg_msg_textf(lang, "cookie.why-unique", "%s", days);
        }
        if (one && field && h.kind != VG_DET_NONE) {
            char *fname = vg_msg_textf(lang, field, NULL);
            char n[16];
            snprintf(n, sizeof n, "%zu", who);
            char *both = vg_msg_textf(lang, "cookie.why-and-identity",
                                      "%s" VG_ARG "%s" VG_ARG "%s", one, fname ? fname : "", n);
            free(fname);
            free(one);
            one = both;
        }
        why[l] = one;
    }
    free_forms(forms);
    if (!why[0] || !why[1]) {
        free(why[0]);
        free(why[1]);
        return 0;
    }
    vg_msgref ref;
    char subj[300];
    subject_of(o, subj, sizeof subj);
    int rc = compose(&ref, is_storage(o) ? "CK003.storage" : "CK003.cookie", v, why, subj,
                     o->page, vg_phase_name(o->phase));
    free(why[0]);
    free(why[1]);
    if (rc)
        return -1;
    c->data_category = data_category(cat, field);
    rc = report(c, "CK003", subj, o->page, o->phase, subj, v, &ref);
    c->data_category = NULL;
    return rc;
}

enum { MISS_SECURE = 1, MISS_HTTPONLY = 2, MISS_SAMESITE = 4 };

static unsigned missing_attrs(const vg_cookie_obs *o)
{
    if (is_deletion(o))
        return 0;
    return (o->secure ? 0 : MISS_SECURE) | (o->http_only ? 0 : MISS_HTTPONLY) |
           (o->same_site_unknown || (o->same_site && o->same_site[0]) ? 0 : MISS_SAMESITE);
}

/* One finding per essential cookie, at its first faulty observation,
 * naming what any observation lacked: the browser and the HTTP replay see
 * different attributes (the browser cannot show a missing SameSite). */
static int check_attributes(checker *c, const vg_cookie_run *run, const vg_cookie_obs *o,
                            const vg_cookie_verdict *v)
{
    if (!v->essential || is_storage(o) || !missing_attrs(o))
        return 0;
    unsigned miss = 0;
    for (size_t i = 0; i < run->ncookies; i++)
        if (!is_storage(&run->cookies[i]) && strcmp(run->cookies[i].name, o->name) == 0)
            miss |= missing_attrs(&run->cookies[i]);
    char missing[64] = "";
    if (miss & MISS_SECURE)
        strcat(missing, ", Secure");
    if (miss & MISS_HTTPONLY)
        strcat(missing, ", HttpOnly");
    if (miss & MISS_SAMESITE)
        strcat(missing, ", SameSite");
    char *lack[2] = {missing + 2, missing + 2};     /* attribute names: the same in both */
    vg_msgref ref;
    if (compose(&ref, "CK004.probe", v, lack, o->name, o->page, vg_phase_name(o->phase)))
        return -1;
    return report(c, "CK004", o->name, o->page, o->phase, o->name, v, &ref);
}

/* The tracker a script URL belongs to: its host, or the host a scenario
 * stub path stands in for, looked up in the ruleset's tracker list. */
static const vg_tracker *script_tracker(const checker *c, const char *url, char *stem,
                                        size_t stemsz)
{
    CURLU *u = curl_url();
    char *host = NULL, *path = NULL;
    const vg_tracker *t = NULL;
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) || curl_url_get(u, CURLUPART_PATH, &path, 0))
        goto done;
    snprintf(stem, stemsz, "%s%s", host, path);
    const char *as = host;
    for (size_t i = 0; c->sc && i < c->sc->cookies.ntracker_stubs; i++)
        if (strncmp(path, c->sc->cookies.tracker_stubs[i].path,
                    strlen(c->sc->cookies.tracker_stubs[i].path)) == 0)
            as = c->sc->cookies.tracker_stubs[i].host;
    for (size_t i = 0; i < c->rs->ntrackers && !t; i++) {
        const char *th = c->rs->trackers[i].host;
        size_t hl = strlen(as), tl = strlen(th);
        if (strcasecmp(as, th) == 0 ||
            (hl > tl && as[hl - tl - 1] == '.' && strcasecmp(as + hl - tl, th) == 0))
            t = &c->rs->trackers[i];
    }
done:
    curl_free(host);
    curl_free(path);
    curl_url_cleanup(u);
    return t;
}

static int check_script(checker *c, const vg_script_obs *s, bool network)
{
    /* Before any choice, or after a refusal (what loaded before the
     * refusal was counted in phase before). */
    if (s->phase != VG_PHASE_BEFORE && !(s->phase == VG_PHASE_REFUSE && s->after_action))
        return 0;
    char stem[512] = "";
    const vg_tracker *t = script_tracker(c, s->url, stem, sizeof stem);
    if (!t)
        return 0;
    /* With the browser's network log, requests to other hosts are judged
     * per host by vg_net_check (beacons too); scripts stay judged here
     * only when a scenario stub stands a local path in for a tracker. */
    if (network && c->sc && c->sc->target && strncmp(s->url, c->sc->target,
                                                     strlen(c->sc->target)) != 0)
        return 0;
    char dedup[600];
    snprintf(dedup, sizeof dedup, "%s|%s", stem, vg_phase_name(s->phase));
    vg_cookie_verdict v = {.category = t->category, .vendor = t->vendor};
    vg_msgref built;
    const char *id = s->phase == VG_PHASE_BEFORE ? "CK005.probe-before" : "CK005.probe-refused";
    if (script_msg(&built, id, s->page, t->vendor, s->url, t->category, vg_phase_name(s->phase)))
        return -1;
    return report(c, "CK005", dedup, s->page, s->phase, s->url, &v, &built);
}

int vg_cookies_check(const vg_ruleset *rs, const vg_scenario *sc, const vg_cookie_run *run,
                     bool show_personal_data, vg_findings *fs, vg_error *err)
{
    checker c = {.rs = rs, .sc = sc, .show_pd = show_personal_data, .fs = fs};
    /* Phone numbers are left out: random client ids are full of 10-digit
     * runs. The scenario's identities cover the test phone number. */
    vg_detector *det = vg_detector_new(rs, VG_DETECT_KIND(VG_DET_NAM) | VG_DETECT_KIND(VG_DET_SIN) |
                                           VG_DETECT_KIND(VG_DET_EMAIL), err);
    if (!det)
        return -1;
    c.dctx = vg_detect_ctx_new(det);
    int rc = c.dctx ? 0 : vg_error_set(err, VG_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < run->ncookies; i++) {
        const vg_cookie_obs *o = &run->cookies[i];
        vg_cookie_verdict v;
        vg_cookie_classify(rs, sc, o->name, &v);
        if (!v.essential && strcmp(v.category, "unknown") == 0 &&
            first_unknown(&c, o->name) == 1)
            vg_findings_noticem(fs, VG_LEVEL_WARNING, o->page, 0, "notice.cookie-unknown", "%s",
                                o->name);
        if (v.declared && !v.essential) {
            char key[300];
            snprintf(key, sizeof key, "declared|%s", o->name);
            if (first_time(&c, key) == 1)
                vg_findings_noticem(fs, VG_LEVEL_WARNING, o->page, 0, "notice.cookie-declared",
                                    "%s" VG_ARG "%s" VG_ARG "%s", o->name, v.category,
                                    v.vendor ? v.vendor : "?");
        }
        if (check_consent(&c, o, &v) < 0 || check_identifying(&c, o, &v) < 0 ||
            check_attributes(&c, run, o, &v) < 0)
            rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; !rc && i < run->nscripts; i++)
        if (check_script(&c, &run->scripts[i], run->nrequests > 0) < 0)
            rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    if (!rc)
        rc = vg_net_check(rs, sc, run, show_personal_data, fs, err);
    vg_strset_free(&c.seen);
    vg_detect_ctx_free(c.dctx);
    vg_detector_free(det);
    return rc;
}

int vg_cookies_mark_checked(const vg_cookie_run *run, vg_findings *fs)
{
    static const char *const rules[] = {"CK001", "CK002", "CK003", "CK004"};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (vg_findings_checked(fs, rules[i]))
            return -1;
    if (run->browser && vg_findings_checked(fs, "CK005"))
        return -1;
    /* the browser's own requests were recorded: vg_net_check judged them */
    return run->nrequests && (vg_findings_checked(fs, "DSC001") ||
                              vg_findings_checked(fs, "DSC002")) ? -1 : 0;
}

char *vg_cookie_run_json(const vg_cookie_run *run, const vg_ruleset *rs,
                         const vg_scenario *sc, bool show_values)
{
    json_t *doc = json_pack("{s:s, s:[], s:[], s:[]}", "mode", run->browser ? "browser" : "http",
                            "cookies", "scripts", "requests");
    json_t *cookies = json_object_get(doc, "cookies"), *scripts = json_object_get(doc, "scripts");
    for (size_t i = 0; doc && i < run->ncookies; i++) {
        const vg_cookie_obs *o = &run->cookies[i];
        vg_cookie_verdict v;
        vg_cookie_classify(rs, sc, o->name, &v);
        json_t *life = o->lifetime == VG_COOKIE_SESSION ? json_string("session")
                       : o->lifetime == VG_COOKIE_DELETE ? json_string("delete")
                                                         : json_integer(o->lifetime);
        json_t *e = json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:s?, s:b, s:b, s:s?, s:o, s:I}",
                              "phase", vg_phase_name(o->phase), "source",
                              vg_cookie_source_name(o->source),
                              "after_action", o->after_action, "page", o->page ? o->page : "",
                              "name", o->name, "category", v.category, "vendor", v.vendor,
                              "secure", o->secure, "http_only", o->http_only, "same_site",
                              o->same_site_unknown ? NULL : o->same_site, "lifetime", life,
                              "value_length", (json_int_t)strlen(o->value));
        if (e && show_values)
            json_object_set_new(e, "value", json_string(o->value));
        if (!e || json_array_append_new(cookies, e)) {
            json_decref(doc);
            return NULL;
        }
    }
    for (size_t i = 0; doc && i < run->nscripts; i++) {
        const vg_script_obs *sc_ = &run->scripts[i];
        if (json_array_append_new(scripts, json_pack("{s:s, s:s, s:s}", "phase",
                                                     vg_phase_name(sc_->phase), "page",
                                                     sc_->page, "url", sc_->url))) {
            json_decref(doc);
            return NULL;
        }
    }
    json_t *requests = json_object_get(doc, "requests");
    for (size_t i = 0; doc && i < run->nrequests; i++) {
        const vg_request_obs *q = &run->requests[i];
        json_t *e = vg_net_request_json(rs, sc, q, show_values);
        if (!e || json_array_append_new(requests, e)) {
            json_decref(doc);
            return NULL;
        }
    }
    char *text = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
    json_decref(doc);
    return text;
}
