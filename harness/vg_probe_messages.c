/*
 * The live messages probe: listen, trigger, wait, check.
 */
#include "vg_probe_messages.h"
#include "vg_probe_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "vg_file.h"
#include "vg_mime.h"
#include "vg_msgsrc.h"
#include "vg_probe_verdict.h"
#include "vg_voice.h"

static size_t discard(char *p, size_t sz, size_t n, void *ud)
{
    (void)p, (void)ud;
    return sz * n;
}

/* One trigger request; failures are notices, not errors: the probe still
 * checks whatever the other triggers made the service send. Returns
 * whether the service answered; *ok: and with a status below 400. */
static bool fire(const vg_probe_messages_opts *o, const vg_scenario_request *t,
                 vg_findings *out, char *why, size_t whysz, bool *ok)
{
    bool reached = false;
    *ok = false;
    char *url = vg_scenario_url(o->sc, t->path);
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    if (!url || !h) {
        vg_findings_noticem(out, VG_LEVEL_ERROR, NULL, 0, "notice.trigger-oom",
                            "%s" VG_ARG "%s", t->method, t->path);
        goto out;
    }
    for (size_t i = 0; i < t->nheaders; i++)
        hdrs = curl_slist_append(hdrs, t->headers[i]);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, t->method);
    if (t->body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, t->body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(t->body));
    }
    if (hdrs)
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    if (o->sc->ca)
        curl_easy_setopt(h, CURLOPT_CAINFO, o->sc->ca);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    reached = rc == CURLE_OK;
    *ok = reached && status < 400;
    if (rc != CURLE_OK)
        snprintf(why, whysz, "%s: %s", url, curl_easy_strerror(rc));
    if (rc != CURLE_OK)
        vg_findings_noticem(out, VG_LEVEL_ERROR, url, 0, "notice.trigger-failed",
                            "%s" VG_ARG "%s" VG_ARG "%s", t->method, t->path,
                            curl_easy_strerror(rc));
    else if (status >= 400)
        vg_findings_noticem(out, VG_LEVEL_WARNING, url, 0, "notice.trigger-status",
                            "%s" VG_ARG "%s" VG_ARG "%ld", t->method, t->path, status);
    else if (o->verbose)
        fprintf(stderr, "vigie: trigger %s %s -> HTTP %ld\n", t->method, t->path, status);
out:
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    free(url);
    return reached;
}

/* "a, b" -> array of strings (malloc'd). */
static char **split_list(const char *s, size_t *n)
{
    char **v = NULL;
    *n = 0;
    while (s && *s) {
        while (*s == ' ' || *s == ',')
            s++;
        size_t k = strcspn(s, ",");
        while (k && s[k - 1] == ' ')
            k--;
        if (k) {
            char **p = realloc(v, (*n + 1) * sizeof *p);
            if (!p)
                break;
            v = p;
            v[(*n)++] = strndup(s, k);
        }
        s += k;
        while (*s && *s != ',')
            s++;
    }
    return v;
}

/* A spooled capture, read back; the listener refused anything over its
 * SIZE, so the cap only guards against the spool being tampered with. */
static char *slurp(const char *path, size_t *len)
{
    char *b;
    return vg_file_read(path, VG_MSGSRC_MAX_SIZE, &b, len, NULL) == 0 ? b : NULL;
}

int vg_probe_messages_check(vg_msgcheck *chk, const char *smtp_uri, vg_smtp_msg *mail,
                            size_t nmail, const char *sms_uri, vg_sms_msg *sms, size_t nsms,
                            vg_findings *out, vg_error *err)
{
    for (size_t i = 0; i < nmail; i++) {
        vg_smtp_msg *sm = &mail[i];
        size_t len = sm->len;
        char *spooled = NULL;
        const char *raw = sm->data;
        if (!raw && sm->spool_path && !(raw = spooled = slurp(sm->spool_path, &len))) {
            vg_findings_noticem(out, VG_LEVEL_WARNING, sm->spool_path, 0,
                                "notice.capture-unreadable", "%lu", sm->seq);
            continue;
        }
        vg_mime_msg mm;
        if (vg_mime_parse(raw ? raw : "", raw ? len : 0, NULL, &mm, err)) {
            free(spooled);
            return -1;
        }
        char idb[64];
        const char *id = vg_mime_get(&mm, "Message-ID");
        if (!id) {
            snprintf(idb, sizeof idb, "smtp-%lu", sm->seq);
            id = idb;
        }
        vg_msg m = {.kind = VG_MSG_EMAIL, .uri = smtp_uri, .id = id,
                    .rcpts = (const char *const *)sm->rcpts, .nrcpts = sm->nrcpts,
                    .tls = sm->tls ? VG_MSG_TLS_YES : VG_MSG_TLS_NO, .mime = &mm};
        int rc = vg_msgcheck_add(chk, &m, out, err);
        vg_mime_msg_free(&mm);
        free(spooled);
        if (rc)
            return -1;
    }
    for (size_t i = 0; i < nsms; i++) {
        vg_sms_msg *s = &sms[i];
        char idb[64], uri[512];
        snprintf(idb, sizeof idb, "%s-%lu", s->voice ? "voice" : "sms", s->seq);
        snprintf(uri, sizeof uri, "%s%s", sms_uri, s->path);
        size_t nto;
        char **to = split_list(s->to, &nto);
        if (!s->parsed && !s->voice)
            vg_findings_noticem(out, VG_LEVEL_NOTE, uri, 0, "notice.sms-fields", "%s", idb);
        if (s->problem)
            vg_findings_noticem(out, VG_LEVEL_WARNING, uri, 0, "notice.voice-unparsed",
                                "%s" VG_ARG "%s", idb, s->problem);
        vg_msg m = {.kind = s->voice ? VG_MSG_VOICE : VG_MSG_SMS, .uri = uri, .id = idb,
                    .rcpts = (const char *const *)to, .nrcpts = nto, .text = s->text,
                    .len = s->len};
        int rc = vg_msgcheck_add(chk, &m, out, err);
        for (size_t k = 0; k < nto; k++)
            free(to[k]);
        free(to);
        if (rc)
            return -1;
    }
    return 0;
}

/* The host part of the scenario's target ("https://h:p/..." -> "h"). */
static void target_host(const vg_scenario *sc, char *h, size_t n)
{
    const char *t = sc->target ? strstr(sc->target, "://") : NULL;
    h[0] = '\0';
    if (!t)
        return;
    t += 3;
    if (*t == '[')
        snprintf(h, n, "%.*s", (int)strcspn(t + 1, "]"), t + 1);
    else
        snprintf(h, n, "%.*s", (int)strcspn(t, ":/"), t);
}

/* Fetch the documents voice calls point to (TwiML Url, NCCO answer_url),
 * after the capture: a service may be waiting for the capture's answer
 * before it can serve the document. Only loopback, the target's host and
 * messages.voice_hosts are contacted. */
static int fetch_voice(const vg_probe_messages_opts *o, const char *sms_uri, vg_sms_msg *sms,
                       size_t nsms, vg_findings *out)
{
    const vg_scenario_messages *sm = &o->sc->messages;
    char th[256];
    target_host(o->sc, th, sizeof th);
    const char **hosts = calloc(sm->nvoice_hosts + 1, sizeof *hosts);
    if (!hosts)
        return -1;
    size_t nh = 0;
    if (th[0])
        hosts[nh++] = th;
    for (size_t i = 0; i < sm->nvoice_hosts; i++)
        hosts[nh++] = sm->voice_hosts[i];
    for (size_t i = 0; i < nsms; i++) {
        vg_sms_msg *s = &sms[i];
        if (!s->voice || !s->fetch_url || (s->text && s->len))
            continue;
        char idb[64], uri[512], why[300];
        snprintf(idb, sizeof idb, "voice-%lu", s->seq);
        snprintf(uri, sizeof uri, "%s%s", sms_uri, s->path);
        char *doc, *text;
        size_t len;
        if (vg_voice_fetch(s->fetch_url, hosts, nh, o->sc->ca, 64u << 10, &doc, &len, why,
                           sizeof why)) {
            vg_findings_noticem(out, VG_LEVEL_WARNING, uri, 0, "notice.voice-fetch",
                                "%s" VG_ARG "%s" VG_ARG "%s", idb, s->fetch_url, why);
            continue;
        }
        if (vg_voice_document(doc, len, &text, why, sizeof why)) {
            free(s->problem);
            s->problem = strdup(why);
            text = doc;                /* checked whole */
            doc = NULL;
        } else
            vg_findings_noticem(out, VG_LEVEL_NOTE, uri, 0, "notice.voice-fetched",
                                "%s" VG_ARG "%s", idb, s->fetch_url);
        free(doc);
        size_t ulen;
        char *u = vg_mime_to_utf8(NULL, text, strlen(text), &ulen);
        free(text);
        if (!u) {
            free(hosts);
            return -1;
        }
        free(s->text);
        s->text = u;
        s->len = ulen;
    }
    free(hosts);
    return 0;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Wait wait_ms, or less once `expect` messages are in. */
static void wait_for(vg_smtp *smtp, vg_sms *sms, int wait_ms, size_t expect)
{
    if (!expect) {
        sleep_ms(wait_ms);
        return;
    }
    for (int waited = 0; waited < wait_ms; waited += 10) {
        size_t n = (smtp ? vg_smtp_count(smtp) : 0) + (sms ? vg_sms_count(sms) : 0);
        if (n >= expect)
            return;
        sleep_ms(10);
    }
}

int vg_probe_messages_run(const vg_probe_messages_opts *o, vg_findings *out, vg_error *err)
{
    const vg_scenario_messages *sm = &o->sc->messages;
    if (!sm->smtp_listen.text && !sm->sms_listen.text)
        return vg_error_set(err, VG_EINPUT, "%s: messages needs smtp_listen and/or sms_listen",
                            o->sc->file);
    if (sm->ntriggers && !o->sc->target)
        return vg_error_set(err, VG_EINPUT, "%s: messages.triggers need a \"target\" to send them to",
                            o->sc->file);
    vg_smtp *smtp = NULL;
    vg_sms *sms = NULL;
    vg_msgcheck *chk = NULL;
    vg_smtp_msg *mail = NULL;
    vg_sms_msg *texts = NULL;
    size_t nmail = 0, ntexts = 0;
    int rc = -1;
    char smtp_uri[300] = "", sms_uri[300] = "";
    vg_msgcheck_opts co = {.rs = o->rs, .ids = o->ids, .nids = o->nids,
                           .show_personal_data = o->show_personal_data};
    if (!(chk = vg_msgcheck_new(&co, err)))
        goto out;
    if (sm->smtp_listen.text) {
        vg_smtp_opts so = {.host = sm->smtp_listen.host, .port = sm->smtp_listen.port,
                           .spool_dir = o->spool_dir};
        if (!(smtp = vg_smtp_start(&so, err)))
            goto out;
        snprintf(smtp_uri, sizeof smtp_uri, "smtp://%s:%d", sm->smtp_listen.host,
                 vg_smtp_port(smtp));
    }
    if (sm->sms_listen.text) {
        vg_sms_opts so = {.host = sm->sms_listen.host, .port = sm->sms_listen.port,
                          .to_field = sm->sms_fields.to, .text_field = sm->sms_fields.body,
                          .from_field = sm->sms_fields.from};
        if (!(sms = vg_sms_start(&so, err)))
            goto out;
        snprintf(sms_uri, sizeof sms_uri, "http://%s:%d", sm->sms_listen.host,
                 vg_sms_port(sms));
    }
    if (o->verbose)
        fprintf(stderr, "vigie: capturing mail on %s, SMS on %s\n",
                smtp_uri[0] ? smtp_uri : "-", sms_uri[0] ? sms_uri : "-");
    double t0 = now_s();
    size_t reached = 0;
    char why[512] = "";
    vg_probe_tally tally = {0};
    for (size_t i = 0; i < sm->ntriggers; i++) {
        bool ok;
        reached += fire(o, &sm->triggers[i], out, why, sizeof why, &ok);
        vg_probe_tally_add(&tally, ok);
    }
    bool judged = true;
    if (sm->ntriggers && !reached) {
        /* nothing could make the service send: checking nothing is no pass */
        vg_error_set(err, VG_EIO, "no trigger reached the target (%s): nothing was judged", why);
        vg_findings_notice(out, VG_LEVEL_ERROR, o->sc->target, 0, "%s", err->msg);
        judged = false;
    } else {
        if (sm->ntriggers)
            judged = !vg_probe_inconclusive(&tally, "message triggers", o->sc->target, out,
                                            err);
        wait_for(smtp, sms, sm->wait_ms, o->expect);
    }
    double t1 = now_s();
    if (smtp) {
        mail = vg_smtp_take(smtp, &nmail);
        vg_smtp_stats st;
        vg_smtp_stats_get(smtp, &st);
        if (st.too_big || st.no_room)
            vg_findings_noticem(out, VG_LEVEL_WARNING, smtp_uri, 0, "notice.refused-size",
                                "%lu", st.too_big + st.no_room);
    }
    if (sms) {
        texts = vg_sms_take(sms, &ntexts);
        unsigned long refused = vg_sms_refused(sms);
        if (refused)
            vg_findings_noticem(out, VG_LEVEL_WARNING, sms_uri, 0, "notice.sms-refused", "%lu",
                                refused);
    }
    vg_smtp_stop(smtp);
    smtp = NULL;
    vg_sms_stop(sms);
    sms = NULL;
    if (nmail + ntexts == 0 && judged) {
        const char *a = smtp_uri[0] ? smtp_uri : "-", *b = sms_uri[0] ? sms_uri : "-";
        vg_error_set(err, VG_EIO, "no email or SMS arrived within %d ms: nothing was checked (is the "
                     "service's SMTP relay set to %s and its SMS gateway to %s?)",
                     sm->wait_ms, a, b);
        vg_findings_noticem(out, VG_LEVEL_ERROR, NULL, 0, "notice.nothing-arrived",
                            "%d" VG_ARG "%s" VG_ARG "%s", sm->wait_ms, a, b);
        judged = false;
    } else if (nmail + ntexts) {
        size_t nvoice = 0;
        for (size_t i = 0; i < ntexts; i++)
            nvoice += texts[i].voice;
        if (nvoice)
            vg_findings_noticem(out, VG_LEVEL_NOTE, NULL, 0, "notice.captured-voice",
                                "%zu" VG_ARG "%zu" VG_ARG "%zu", nmail, ntexts - nvoice, nvoice);
        else
            vg_findings_noticem(out, VG_LEVEL_NOTE, NULL, 0, "notice.captured",
                                "%zu" VG_ARG "%zu", nmail, ntexts);
    }
    vg_error cerr = {0};
    if (fetch_voice(o, sms_uri, texts, ntexts, out)) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        goto out;
    }
    if (vg_probe_messages_check(chk, smtp_uri, mail, nmail, sms_uri, texts, ntexts, out,
                                &cerr) || vg_msgcheck_finish(chk, out, &cerr)) {
        *err = cerr;
        goto out;
    }
    if (o->verbose)
        fprintf(stderr, "vigie: captured %zu email(s) and %zu SMS in %.3f s; decoded and "
                        "checked them in %.3f s\n", nmail, ntexts, t1 - t0, now_s() - t1);
    rc = judged ? 0 : 1;
out:
    vg_smtp_stop(smtp);
    vg_sms_stop(sms);
    vg_smtp_msgs_free(mail, nmail);
    vg_sms_msgs_free(texts, ntexts);
    vg_msgcheck_free(chk);
    return rc;
}

vg_msg_identity *vg_probe_messages_identities(const vg_scenario *sc, size_t *n)
{
    *n = sc ? sc->nidentities : 0;
    vg_msg_identity *ids = calloc(*n ? *n : 1, sizeof *ids);
    for (size_t i = 0; ids && i < *n; i++) {
        const vg_scenario_identity *s = &sc->identities[i];
        ids[i] = (vg_msg_identity){s->name, s->nam, s->sin, s->dob, s->email, s->phone,
                                   s->username, s->password};
    }
    return ids;
}

/* ---- the probe's descriptor: scenario section "messages", its run and
 * its offline mode ------------------------------------------------------- */

static int parse_messages(vg_json_ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"smtp_listen", "sms_listen", "sms_fields",
                                       "identities", "triggers", "wait_ms", "voice_hosts",
                                       NULL};
    static const char *const fkeys[] = {"to", "body", "from", NULL};
    static const char *const tkeys[] = {"method", "path", "body", "headers", NULL};
    json_t *o, *fields, *trig;
    vg_scenario_messages *m = &s->messages;
    m->wait_ms = 3000;
    size_t old;
    int in = vg_scenario_enter(c, root, "messages", JSON_OBJECT, &o, &old);
    if (in <= 0)
        return in;
    s->has_messages = true;
    if (vg_json_check_keys(c, o, keys) || vg_scenario_parse_listen(c, o, "smtp_listen", &m->smtp_listen) ||
        vg_scenario_parse_listen(c, o, "sms_listen", &m->sms_listen) ||
        vg_scenario_get_int(c, o, "wait_ms", 0, 600000, &m->wait_ms) ||
        vg_scenario_parse_identities(c, o, s) ||
        vg_scenario_get_strings(c, o, "voice_hosts", &m->voice_hosts, &m->nvoice_hosts) ||
        vg_scenario_get(c, o, "sms_fields", JSON_OBJECT, &fields) ||
        vg_scenario_get(c, o, "triggers", JSON_ARRAY, &trig))
        return -1;
    if (fields) {
        size_t o2 = vg_json_push_key(c, "sms_fields");
        if (vg_json_check_keys(c, fields, fkeys) ||
            vg_scenario_get_string(c, fields, "to", false, &m->sms_fields.to) ||
            vg_scenario_get_string(c, fields, "body", false, &m->sms_fields.body) ||
            vg_scenario_get_string(c, fields, "from", false, &m->sms_fields.from))
            return -1;
        vg_json_pop(c, o2);
    }
    if (trig) {
        size_t o2 = vg_json_push_key(c, "triggers");
        size_t n = json_array_size(trig);
        m->triggers = calloc(n ? n : 1, sizeof *m->triggers);
        if (!m->triggers)
            return vg_json_fail(c, "out of memory");
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_array_get(trig, i);
            size_t o3 = vg_json_push_index(c, i);
            m->ntriggers = i + 1;
            if (!json_is_object(e))
                return vg_json_fail(c, "must be an object");
            if (vg_json_check_keys(c, e, tkeys) || vg_scenario_parse_request(c, e, &m->triggers[i], true))
                return -1;
            vg_json_pop(c, o3);
        }
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int messages_check(vg_json_ctx *c, const vg_scenario *s)
{
    if (!s->target && s->messages.ntriggers)
        return vg_json_fail(c, "\"target\" is required by the \"cookies\" section and by triggers");
    return 0;
}

static void messages_release(vg_scenario *s)
{
    vg_scenario_messages *m = &s->messages;
    free(m->smtp_listen.text);
    free(m->smtp_listen.host);
    free(m->sms_listen.text);
    free(m->sms_listen.host);
    free(m->sms_fields.to);
    free(m->sms_fields.body);
    free(m->sms_fields.from);
    for (size_t i = 0; i < m->ntriggers; i++)
        vg_scenario_free_request(&m->triggers[i]);
    free(m->triggers);
    vg_scenario_free_strings(m->voice_hosts, m->nvoice_hosts);
}

static bool messages_wanted(const vg_scenario *s)
{
    return s->has_messages;
}

static int messages_run(const vg_probe_opts *o, vg_findings *out, vg_error *err)
{
    size_t nids;
    vg_msg_identity *ids = vg_probe_messages_identities(o->sc, &nids);
    if (!ids)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    vg_probe_messages_opts mo = {.rs = o->rs, .sc = o->sc, .ids = ids, .nids = nids,
                                 .show_personal_data = o->show_personal_data,
                                 .verbose = o->verbose};
    int rc = vg_probe_messages_run(&mo, out, err);
    free(ids);
    return rc;
}

/* Offline: messages captured elsewhere, read from files, checked as if
 * they had arrived. */
typedef struct offline {
    vg_msgcheck *chk;
    vg_findings *fs;
    vg_error *err;
    size_t count;
} offline;

static int check_raw(const char *uri, const char *name, const char *raw, size_t len, void *ud)
{
    offline *o = ud;
    vg_mime_msg mm;
    if (vg_mime_parse(raw, len, NULL, &mm, o->err))
        return -1;
    char idbuf[256];
    const char *id = vg_mime_get(&mm, "Message-ID");
    if (!id) {
        snprintf(idbuf, sizeof idbuf, "(%s)", name);
        id = idbuf;
    }
    vg_msg m = {.kind = VG_MSG_EMAIL, .uri = uri, .id = id, .tls = VG_MSG_TLS_UNKNOWN,
                .mime = &mm};
    int rc = vg_msgcheck_add(o->chk, &m, o->fs, o->err);
    vg_mime_msg_free(&mm);
    o->count++;
    return rc;
}

/* Reading nothing is no pass: 1, with a notice, when no message was found. */
static int messages_offline(const vg_probe_opts *po, vg_probe_sources *src, vg_findings *fs,
                            vg_error *err)
{
    size_t nids;
    vg_msg_identity *ids = vg_probe_messages_identities(po->sc, &nids);
    vg_msgcheck_opts mo = {.rs = po->rs, .ids = ids, .nids = nids,
                           .show_personal_data = po->show_personal_data};
    offline o = {.fs = fs, .err = err};
    o.chk = ids ? vg_msgcheck_new(&mo, err) : NULL;
    int rc = o.chk ? 0 : ids ? -1 : vg_error_set(err, VG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < src->neml; i++)
        rc = vg_msgsrc_eml(src->emls[i], VG_MSGSRC_MAX_SIZE, check_raw, &o, fs, err);
    if (rc == 0 && src->mbox)
        rc = vg_msgsrc_mbox(src->mbox, VG_MSGSRC_MAX_SIZE, check_raw, &o, fs, err);
    if (rc == 0 && src->maildir)
        rc = vg_msgsrc_maildir(src->maildir, VG_MSGSRC_MAX_SIZE, check_raw, &o, fs, err);
    if (rc == 0)
        rc = vg_msgcheck_finish(o.chk, fs, err);
    src->checked = o.count;
    if (!rc && !o.count) {
        vg_error_set(err, VG_EINPUT, "no message found in what was given: nothing was checked");
        vg_findings_notice(fs, VG_LEVEL_ERROR, src->mbox ? src->mbox : src->maildir, 0, "%s",
                           err->msg);
        rc = 1;
    }
    vg_msgcheck_free(o.chk);
    free(ids);
    return rc;
}
const vg_probe vg_probe_def_messages = {
    .name = "messages", .parse = parse_messages, .check = messages_check,
    .release = messages_release, .wanted = messages_wanted, .run = messages_run,
    .offline = messages_offline,
};
