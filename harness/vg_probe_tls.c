#include "vg_probe_tls.h"
#include "vg_probe_int.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_tls_cert.h"
#include "vg_tls_ciphers.h"
#include "vg_tls_scan.h"

typedef struct ctx {
    const vg_tls_ciphers *table;
    vg_findings *out;
    char label[300];          /* host:port */
    char uri[320];            /* https://host:port */
} ctx;

static bool is_ip(const char *h)
{
    unsigned char tmp[16];
    return inet_pton(AF_INET, h, tmp) == 1 || inet_pton(AF_INET6, h, tmp) == 1;
}

int vg_probe_tls_parse_target(const char *spec, char *host, size_t cap, int *port,
                              vg_error *err)
{
    const char *h = spec, *colon = NULL;
    size_t hl;
    *port = 443;
    if (spec[0] == '[') {
        const char *end = strchr(spec, ']');
        if (!end)
            return vg_error_set(err, VG_EINPUT, "'%s': missing ']' after an IPv6 address", spec);
        h = spec + 1;
        hl = (size_t)(end - h);
        if (end[1] == ':')
            colon = end + 1;
        else if (end[1])
            return vg_error_set(err, VG_EINPUT, "'%s': expected ':PORT' after ']'", spec);
    } else {
        colon = strchr(spec, ':');
        if (colon && strchr(colon + 1, ':'))
            colon = NULL;       /* a bare IPv6 address: no port */
        hl = colon ? (size_t)(colon - spec) : strlen(spec);
    }
    if (hl == 0 || hl >= cap)
        return vg_error_set(err, VG_EINPUT, "'%s': %s host name", spec, hl ? "overlong" : "missing");
    memcpy(host, h, hl);
    host[hl] = '\0';
    if (colon) {
        char *end;
        long p = strtol(colon + 1, &end, 10);
        if (!colon[1] || *end || p < 1 || p > 65535)
            return vg_error_set(err, VG_EINPUT, "'%s': port must be a number from 1 to 65535", spec);
        *port = (int)p;
    }
    return 0;
}

/* A notice with the catalogue message `id`, arguments by argfmt. */
static void notice(ctx *c, vg_level level, const char *id, const char *argfmt, ...)
    __attribute__((format(printf, 4, 5)));
static void notice(ctx *c, vg_level level, const char *id, const char *argfmt, ...)
{
    vg_msgref ref;
    va_list ap;
    va_start(ap, argfmt);
    int rc = vg_msgref_build(&ref, id, NULL, NULL, argfmt, ap);
    va_end(ap);
    char *t = rc ? NULL : vg_msgref_render(&ref, VG_LANG_EN, NULL, 0);
    if (t && vg_findings_notice(c->out, level, c->uri, 0, "%s", t) == 0) {
        vg_notice *n = &c->out->notices[c->out->nnotices - 1];
        n->loc.logical = strdup(c->label);
        n->msg = ref;
    } else
        vg_msgref_free(&ref);
    free(t);
}

/* A finding with message ref (taken: freed here). */
static vg_finding *finding(ctx *c, const char *rule, vg_level level, const char *key,
                           vg_msgref *ref)
{
    char fp[400];
    char *msg = vg_msgref_render(ref, VG_LANG_EN, NULL, 0);
    vg_finding *f = msg ? vg_findings_add(c->out, rule, level, c->uri, 0, 0, msg) : NULL;
    free(msg);
    if (!f) {
        vg_msgref_free(ref);
        return NULL;
    }
    f->msg = *ref;
    snprintf(fp, sizeof fp, "%s|%s|%s", rule, c->label, key);
    vg_finding_set_logical(f, c->label);
    vg_finding_set_fingerprint(f, fp);
    return f;
}

static vg_msgref ref_of(const char *id, const char *argfmt, ...)
    __attribute__((format(printf, 2, 3)));
static vg_msgref ref_of(const char *id, const char *argfmt, ...)
{
    vg_msgref r;
    va_list ap;
    va_start(ap, argfmt);
    vg_msgref_build(&r, id, NULL, NULL, argfmt, ap);     /* id NULL on failure */
    va_end(ap);
    return r;
}

static const char *cipher_name(const ctx *c, uint16_t id, char *buf, size_t cap)
{
    const vg_tls_cipher *k = vg_tls_ciphers_find(c->table, id);
    if (k)
        return k->name;
    snprintf(buf, cap, "0x%04X", id);
    return buf;
}

/* One TLS001 per weak suite, listing the versions that accept it. */
static void weak_suites(ctx *c, const vg_tls_scan_result *r)
{
    for (size_t t = 0; t < c->table->count; t++) {
        const vg_tls_cipher *k = &c->table->items[t];
        if (k->bits >= 256)
            continue;
        char versions[80] = "";
        size_t vl = 0;
        for (int v = 0; v < VG_TLS_NVERSIONS; v++)
            for (size_t i = 0; i < r->v[v].nsuites; i++)
                if (r->v[v].suites[i] == k->id)
                    vl += (size_t)snprintf(versions + vl, sizeof versions - vl, "%s%s",
                                           vl ? ", " : "",
                                           vg_tls_version_name(r->v[v].version));
        if (!vl)
            continue;
        char key[16], props[256], name[160];
        snprintf(name, sizeof name, "%s%s%s%s", k->name, k->openssl ? " (" : "",
                 k->openssl ? k->openssl : "", k->openssl ? ")" : "");
        vg_msgref msg = ref_of(k->export_grade ? "TLS001.probe-weak-suite-export"
                                               : "TLS001.probe-weak-suite",
                               "%s" VG_ARG "%d" VG_ARG "%s" VG_ARG "%s", name, k->bits, k->enc,
                               versions);
        snprintf(key, sizeof key, "0x%04X", k->id);
        snprintf(props, sizeof props, "{\"suite\":\"%s\",\"iana\":\"0x%04X\",\"bits\":%d}",
                 k->name, k->id, k->bits);
        vg_finding *f = finding(c, "TLS001", VG_LEVEL_NONE, key, &msg);
        if (f)
            vg_finding_set_props(f, props);
    }
}

static void legacy_versions(ctx *c, const vg_tls_scan_result *r)
{
    for (int v = 0; v < VG_TLS_NVERSIONS; v++) {
        const vg_tls_version_result *vr = &r->v[v];
        if (!vr->accepted || vr->version >= VG_TLS1_2)
            continue;
        vg_msgref msg = ref_of("TLS002.probe-obsolete", "%s" VG_ARG "%s" VG_ARG "%zu",
                               vg_tls_version_name(vr->version),
                               vr->version == VG_SSL3_0 ? "RFC 8996, RFC 7568" : "RFC 8996",
                               vr->nsuites);
        finding(c, "TLS002", VG_LEVEL_NONE, vg_tls_version_name(vr->version), &msg);
    }
}

/* Per version: what was accepted (a note), or why the list may be short. */
static void inventory(ctx *c, const vg_tls_scan_result *r, const char *said)
{
    for (int v = 0; v < VG_TLS_NVERSIONS; v++) {
        const vg_tls_version_result *vr = &r->v[v];
        const char *vn = vg_tls_version_name(vr->version);
        /* `said`: already in the "no handshake at all" notice. */
        if (vr->problem && !(said && strcmp(said, vr->problem) == 0))
            notice(c, VG_LEVEL_WARNING, "notice.tls-incomplete", "%s" VG_ARG "%s", vn,
                   vr->problem);
        if (!vr->accepted)
            continue;
        if (vr->end == VG_TLS_CLOSED)
            notice(c, VG_LEVEL_WARNING, "notice.tls-closed", "%s" VG_ARG "%zu", vn,
                   vr->nsuites);
        /* Notices hold at most ~1000 characters: long lists continue in
         * further notices, each naming the version. */
        char list[900] = "", tmp[16];
        size_t l = 0, first = 0;
        for (size_t i = 0; i <= vr->nsuites; i++) {
            const char *nm = i < vr->nsuites ? cipher_name(c, vr->suites[i], tmp, sizeof tmp) : "";
            if (i == vr->nsuites || l + strlen(nm) + 2 >= sizeof list) {
                if (first == 0)
                    notice(c, VG_LEVEL_NOTE,
                           vr->order == VG_TLS_ORDER_SERVER ? "notice.tls-accepted-server"
                           : vr->order == VG_TLS_ORDER_CLIENT ? "notice.tls-accepted-client"
                                                              : "notice.tls-accepted-one",
                           "%s" VG_ARG "%zu" VG_ARG "%s", vn, vr->nsuites, list);
                else
                    notice(c, VG_LEVEL_NOTE, "notice.tls-accepted-more",
                           "%s" VG_ARG "%zu" VG_ARG "%zu" VG_ARG "%s", vn, first + 1, i, list);
                first = i;
                l = 0;
                list[0] = '\0';
            }
            if (i < vr->nsuites)
                l += (size_t)snprintf(list + l, sizeof list - l, "%s%s", l ? " " : "", nm);
        }
    }
}

/* Key exchange: the group OpenSSL negotiated, and accepted suites whose
 * key exchange is static RSA (no forward secrecy), export or anonymous. */
static void key_exchange(ctx *c, const vg_tls_scan_result *r, const vg_tls_cert_info *ci,
                         const vg_tls_endpoint *ep)
{
    size_t nofs = 0, weak = 0, dhe = 0;
    for (size_t t = 0; t < c->table->count; t++) {
        const vg_tls_cipher *k = &c->table->items[t];
        bool acc = false;
        for (int v = 0; v < VG_TLS_NVERSIONS && !acc; v++)
            for (size_t i = 0; i < r->v[v].nsuites && !acc; i++)
                acc = r->v[v].suites[i] == k->id;
        if (!acc || k->tls13)
            continue;
        if (strcmp(k->kx, "DHE") == 0)
            dhe++;
        if (k->export_grade || strcmp(k->auth, "anon") == 0)
            weak++;
        else if (strncmp(k->kx, "ECDHE", 5) != 0 && strncmp(k->kx, "DHE", 3) != 0)
            nofs++;
    }
    bool weak_group = ci && ci->kx_group[0] &&
                      ((strcmp(ci->kx_group, "DH") == 0 && ci->kx_bits < 2048) ||
                       (strcmp(ci->kx_group, "DH") != 0 && ci->kx_bits < 250));
    /* The handshake above usually lands on ECDHE; when DHE suites are
     * accepted too, one handshake limited to them shows the DH group. */
    vg_tls_kx dh;
    vg_error kerr = {0};
    bool have_dh = dhe && !(ci && strcmp(ci->kx_group, "DH") == 0) &&
                   vg_tls_kx_probe(ep, "kDHE:@SECLEVEL=0", &dh, &kerr) == 0 &&
                   strcmp(dh.group, "DH") == 0;
    /* One note made of the pieces that apply, in each language. */
    char msg[2][1024];
    size_t l[2] = {0, 0};
    for (int g = 0; g < 2; g++) {
        vg_lang lang = (vg_lang)g;
        char *piece[6] = {NULL};
        size_t n = 0;
        if (ci && ci->kx_group[0])
            piece[n++] = vg_msg_textf(lang, "TLS001.kx", "%s" VG_ARG "%d" VG_ARG "%s" VG_ARG "%s",
                                      ci->kx_group, ci->kx_bits, ci->protocol, ci->cipher);
        else if (ci)
            piece[n++] = vg_msg_textf(lang, "TLS001.kx-static", "%s" VG_ARG "%s", ci->protocol,
                                      ci->cipher);
        if (weak_group)
            piece[n++] = vg_msg_textf(lang, strcmp(ci->kx_group, "DH") == 0
                                                ? "TLS001.kx-weak-dh" : "TLS001.kx-weak-curve",
                                      NULL);
        if (have_dh)
            piece[n++] = vg_msg_textf(lang, dh.bits < 2048 ? "TLS001.kx-dhe-weak"
                                                           : "TLS001.kx-dhe",
                                      "%d" VG_ARG "%s", dh.bits, dh.cipher);
        if (nofs)
            piece[n++] = vg_msg_textf(lang, "TLS001.kx-no-fs", "%zu", nofs);
        if (weak)
            piece[n++] = vg_msg_textf(lang, "TLS001.kx-export", "%zu", weak);
        msg[g][0] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (piece[i] && l[g] < sizeof msg[g])
                l[g] += (size_t)snprintf(msg[g] + l[g], sizeof msg[g] - l[g], "%s%s",
                                         l[g] ? "; " : "", piece[i]);
            free(piece[i]);
        }
    }
    vg_msgref ref;
    if (l[0] && vg_msgref_compose(&ref, "TLS001.kx", msg[0], msg[1]) == 0)
        finding(c, "TLS001", VG_LEVEL_NOTE, "key-exchange", &ref);
}

/* Self-check: the suite OpenSSL's own handshake settled on must be in the
 * enumerated list; if not, vigie's ClientHello missed something the
 * server wants, and the reader must know the list is short. */
static void cross_check(ctx *c, const vg_tls_scan_result *r, const vg_tls_cert_info *ci)
{
    static const char *const names[VG_TLS_NVERSIONS] = {"SSLv3", "TLSv1", "TLSv1.1",
                                                        "TLSv1.2", "TLSv1.3"};
    const vg_tls_cipher *k = vg_tls_ciphers_by_name(c->table, ci->cipher);
    for (int v = 0; v < VG_TLS_NVERSIONS; v++) {
        if (strcmp(names[v], ci->protocol) != 0)
            continue;
        for (size_t i = 0; k && i < r->v[v].nsuites; i++)
            if (r->v[v].suites[i] == k->id)
                return;
        notice(c, VG_LEVEL_WARNING, "notice.tls-missed", "%s" VG_ARG "%s", ci->protocol,
               ci->cipher);
        return;
    }
}

static void certificate(ctx *c, const vg_tls_cert_info *ci)
{
    for (size_t i = 0; i < ci->nfaults; i++) {
        /* the fault in each language, then "; subject ..." */
        char *t[2] = {NULL, NULL};
        for (int l = 0; l < 2; l++) {
            char *fault = vg_msgref_render(&ci->faults[i].msg, (vg_lang)l, NULL, 0);
            t[l] = !fault || !ci->subject ? fault
                   : vg_msg_textf((vg_lang)l, "TLS003.fault", "%s" VG_ARG "%s", fault,
                                  ci->subject);
            if (t[l] != fault)
                free(fault);
        }
        vg_msgref msg = {0};
        if (t[0] && t[1] && vg_msgref_compose(&msg, "TLS003.fault", t[0], t[1]) == 0)
            finding(c, "TLS003", VG_LEVEL_NONE, vg_cert_fault_name(ci->faults[i].kind), &msg);
        free(t[0]);
        free(t[1]);
    }
    if (ci->subject)
        notice(c, VG_LEVEL_NOTE, "notice.tls-certificate",
               "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%d" VG_ARG "%s",
               ci->subject, ci->issuer, ci->not_before, ci->not_after, ci->key_type,
               ci->key_bits, ci->signature);
}

typedef struct cert_job {
    const vg_tls_endpoint *ep;
    const char *name, *ca;
    vg_tls_cert_info ci;
    vg_error err;
    int rc;
} cert_job;

static void *cert_main(void *arg)
{
    cert_job *j = arg;
    j->rc = vg_tls_cert_check(j->ep, j->name, j->ca, &j->ci, &j->err);
    return NULL;
}

int vg_probe_tls(const vg_ruleset *rs, const vg_probe_tls_target *t, int timeout_ms,
                 vg_findings *out, vg_error *err)
{
    vg_tls_ciphers table;
    if (vg_tls_ciphers_load(rs, &table, err))
        return -1;
    int port = t->port ? t->port : 443;
    ctx c = {.table = &table, .out = out};
    bool v6 = strchr(t->host, ':') != NULL;
    snprintf(c.label, sizeof c.label, v6 ? "[%s]:%d" : "%s:%d", t->host, port);
    snprintf(c.uri, sizeof c.uri, "https://%s", c.label);
    const char *sni = t->sni ? t->sni : is_ip(t->host) ? NULL : t->host;
    vg_tls_endpoint ep = {.host = t->host, .port = port, .sni = sni,
                          .timeout_ms = timeout_ms > 0 ? timeout_ms : VG_PROBE_TLS_TIMEOUT_MS};
    if (vg_tls_pin(&ep, err)) {
        vg_tls_ciphers_free(&table);
        return -1;
    }
    /* The certificate handshake runs beside the enumeration: OpenSSL's
     * start-up cost then overlaps the scan instead of adding to it. */
    cert_job cj = {.ep = &ep, .name = sni ? sni : t->host, .ca = t->ca};
    pthread_t cert_thread;
    bool threaded = pthread_create(&cert_thread, NULL, cert_main, &cj) == 0;
    vg_tls_scan_result r;
    int scan_rc = vg_tls_scan(&ep, &table, &r, err);
    if (threaded)
        pthread_join(cert_thread, NULL);
    else
        cert_main(&cj);
    if (scan_rc) {
        if (cj.rc == 0)
            vg_tls_cert_info_free(&cj.ci);
        vg_tls_ciphers_free(&table);
        return -1;
    }
    vg_tls_cert_info ci = cj.ci;
    vg_error cerr = cj.err;
    bool have_cert = cj.rc == 0;
    bool any = false;
    for (int v = 0; v < VG_TLS_NVERSIONS; v++)
        any |= r.v[v].accepted;
    if (!any)
        notice(&c, VG_LEVEL_ERROR, "notice.tls-no-handshake", "%zu" VG_ARG "%s", table.count,
               r.v[3].end_detail[0] ? r.v[3].end_detail : "no answer");
    weak_suites(&c, &r);
    legacy_versions(&c, &r);
    key_exchange(&c, &r, have_cert ? &ci : NULL, &ep);
    if (have_cert) {
        certificate(&c, &ci);
        cross_check(&c, &r, &ci);
    }
    else if (any)
        notice(&c, VG_LEVEL_WARNING, "notice.tls-no-cert", "%s", cerr.msg);
    inventory(&c, &r, any ? NULL : r.v[3].end_detail);
    notice(&c, VG_LEVEL_NOTE, "notice.tls-handshakes", "%u" VG_ARG "%zu", r.handshakes,
           table.count);
    /* what was judged: suites and versions once a handshake worked, the
     * certificate once one was read */
    if ((any && (vg_findings_checked(out, "TLS001") || vg_findings_checked(out, "TLS002"))) ||
        (have_cert && vg_findings_checked(out, "TLS003"))) {
        vg_tls_cert_info_free(&ci);
        vg_tls_scan_result_free(&r);
        vg_tls_ciphers_free(&table);
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    if (have_cert)
        vg_tls_cert_info_free(&ci);
    vg_tls_scan_result_free(&r);
    vg_tls_ciphers_free(&table);
    return any ? 0 : 1;
}

/* ---- the probe's descriptor: scenario section "tls", and its run ------- */

static int parse_tls(vg_json_ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"host", "port", "sni", NULL};
    json_t *arr;
    size_t old;
    int in = vg_scenario_enter(c, root, "tls", JSON_ARRAY, &arr, &old);
    if (in <= 0)
        return in;
    s->ntls = json_array_size(arr);
    s->tls = calloc(s->ntls ? s->ntls : 1, sizeof *s->tls);
    if (!s->tls)
        return vg_json_fail(c, "out of memory");
    for (size_t i = 0; i < s->ntls; i++) {
        json_t *e = json_array_get(arr, i);
        size_t o2 = vg_json_push_index(c, i);
        if (!json_is_object(e))
            return vg_json_fail(c, "must be an object");
        s->tls[i].port = 443;
        if (vg_json_check_keys(c, e, keys) || vg_scenario_get_string(c, e, "host", true, &s->tls[i].host) ||
            vg_scenario_get_int(c, e, "port", 1, 65535, &s->tls[i].port) ||
            vg_scenario_get_string(c, e, "sni", false, &s->tls[i].sni))
            return -1;
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static void tls_release(vg_scenario *s)
{
    for (size_t i = 0; i < s->ntls; i++) {
        free(s->tls[i].host);
        free(s->tls[i].sni);
    }
    free(s->tls);
}

static bool tls_wanted(const vg_scenario *s)
{
    (void)s;            /* the "tls" list, else the https target itself */
    return true;
}

/* The tls probes: the scenario's list, or the https target. */
static int tls_run(const vg_probe_opts *o, vg_findings *fs, vg_error *unused)
{
    const vg_ruleset *rs = o->rs;
    const vg_scenario *sc = o->sc;
    (void)unused;       /* every failure is a notice of its own (two arguments) */
    int failed = 0;
    vg_error err = {0};
    if (sc->ntls) {
        for (size_t i = 0; i < sc->ntls; i++) {
            vg_probe_tls_target t = {.host = sc->tls[i].host, .port = sc->tls[i].port,
                                     .sni = sc->tls[i].sni, .ca = sc->ca};
            int rc = vg_probe_tls(rs, &t, 0, fs, &err);
            if (rc < 0)
                vg_findings_noticem(fs, VG_LEVEL_ERROR, NULL, 0, "notice.tls-error",
                                    "%s:%d" VG_ARG "%s", t.host, t.port, err.msg);
            failed |= rc != 0;         /* 1: no handshake, nothing judged */
        }
        return failed;
    }
    if (!sc->target || strncmp(sc->target, "https://", 8) != 0)
        return 0;
    char host[256];
    int port;
    const char *hp = sc->target + 8;
    char spec[300];
    snprintf(spec, sizeof spec, "%.*s", (int)strcspn(hp, "/"), hp);
    if (vg_probe_tls_parse_target(spec, host, sizeof host, &port, &err)) {
        vg_findings_noticem(fs, VG_LEVEL_ERROR, NULL, 0, "notice.tls-target", "%s" VG_ARG "%s",
                            sc->target, err.msg);
        return 1;
    }
    vg_probe_tls_target t = {.host = host, .port = port, .ca = sc->ca};
    int rc = vg_probe_tls(rs, &t, 0, fs, &err);
    if (rc < 0)
        vg_findings_noticem(fs, VG_LEVEL_ERROR, NULL, 0, "notice.tls-error", "%s" VG_ARG "%s",
                            spec, err.msg);
    return rc != 0;
}

const vg_probe vg_probe_def_tls = {
    .name = "tls", .parse = parse_tls, .release = tls_release, .wanted = tls_wanted,
    .run = tls_run,
};
