/*
 * SMS capture over HTTP. libmicrohttpd does the HTTP; this file only
 * collects a bounded body per request and pulls the fields out of it.
 */
#include "vg_sms.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <microhttpd.h>

#include "vg_mime.h"
#include "vg_voice.h"

static const char *const def_to[] = {"To", "to", "recipient", "recipients", "destination",
                                     "destinations", "phone", "phone_number", "number",
                                     "msisdn", "mobile", NULL};
static const char *const def_text[] = {"Body", "body", "text", "message", "msg", "content",
                                       "sms", NULL};
static const char *const def_from[] = {"From", "from", "sender", "originator", NULL};

struct vg_sms {
    vg_sms_opts o;
    struct MHD_Daemon *d;
    int port;
    pthread_mutex_t mu;
    vg_sms_msg *msgs;
    size_t n, cap;
    unsigned long seq, refused;
};

typedef struct req {
    char *body;
    size_t len, cap;
    bool too_big;
} req;

/* ---- field extraction ------------------------------------------------------------ */

typedef struct names {
    const char *first;
    const char *const *dflt;
} names;

static bool name_is(const names *n, const char *key)
{
    if (n->first && strcasecmp(key, n->first) == 0)
        return true;
    for (const char *const *d = n->dflt; *d; d++)
        if (strcasecmp(key, *d) == 0)
            return true;
    return false;
}

static void append(char **dst, const char *v, size_t vl)
{
    size_t have = *dst ? strlen(*dst) : 0;
    char *p = realloc(*dst, have + vl + 3);
    if (!p)
        return;
    if (have)
        memcpy(p + have, ", ", 2), have += 2;
    memcpy(p + have, v, vl);
    p[have + vl] = '\0';
    *dst = p;
}

static char *url_decode(const char *s, size_t n)
{
    char *o = malloc(n + 1), *w = o;
    for (size_t i = 0; o && i < n; i++) {
        if (s[i] == '+')
            *w++ = ' ';
        else if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
                 isxdigit((unsigned char)s[i + 2])) {
            char h[3] = {s[i + 1], s[i + 2], 0};
            *w++ = (char)strtol(h, NULL, 16);
            i += 2;
        } else
            *w++ = s[i];
    }
    if (o)
        *w = '\0';
    return o;
}

static bool parse_form(const vg_sms *s, const char *b, size_t n, vg_sms_msg *m)
{
    names to = {s->o.to_field, def_to}, text = {s->o.text_field, def_text},
          from = {s->o.from_field, def_from};
    bool any = false;
    char *twiml = NULL;
    for (size_t i = 0; i < n;) {
        const char *amp = memchr(b + i, '&', n - i);
        size_t e = amp ? (size_t)(amp - b) : n;
        const char *eq = memchr(b + i, '=', e - i);
        if (eq) {
            char *k = url_decode(b + i, (size_t)(eq - (b + i)));
            char *v = url_decode(eq + 1, (size_t)(b + e - eq - 1));
            if (k && v) {
                /* Twilio's Calls.json: TwiML inline, or where to fetch it */
                if (!twiml && strcmp(k, "Twiml") == 0)
                    twiml = strdup(v);
                else if (!m->fetch_url && strcmp(k, "Url") == 0)
                    m->fetch_url = strdup(v);
                else if (name_is(&to, k))
                    append(&m->to, v, strlen(v)), any = true;
                else if (!m->text && name_is(&text, k))
                    m->text = strdup(v), any = true;
                else if (!m->from && name_is(&from, k))
                    m->from = strdup(v);
            }
            free(k), free(v);
        }
        i = e + 1;
    }
    if (twiml || m->fetch_url) {
        m->voice = true;
        free(m->text);
        m->text = NULL;
        char why[256];
        if (twiml && vg_voice_twiml(twiml, strlen(twiml), &m->text, why, sizeof why)) {
            m->problem = strdup(why);
            m->text = twiml;           /* still checked, whole */
            twiml = NULL;
        }
        free(twiml);
        if (!m->text)                  /* Url only: the probe fetches it */
            m->text = strdup("");
        return m->text != NULL;
    }
    return any && m->text;
}

static void json_walk(const vg_sms *s, json_t *j, vg_sms_msg *m, int depth, int role)
{
    names to = {s->o.to_field, def_to}, text = {s->o.text_field, def_text},
          from = {s->o.from_field, def_from};
    if (depth > 32)
        return;
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) {
            int r = name_is(&to, k) ? 1 : name_is(&text, k) ? 2 : name_is(&from, k) ? 3 : 0;
            /* {"to":[{"type":"phone","number":..}]} (Vonage): the type is no recipient */
            bool kind = role == 1 && strcmp(k, "type") == 0;
            json_walk(s, v, m, depth + 1, r ? r : (role == 1 && !kind ? 1 : 0));
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) json_walk(s, v, m, depth + 1, role);
    } else if (role && (json_is_string(j) || json_is_integer(j))) {
        char num[32];
        const char *v = json_is_string(j) ? json_string_value(j) : num;
        size_t vl = json_is_string(j) ? json_string_length(j) : 0;
        if (!json_is_string(j))
            vl = (size_t)snprintf(num, sizeof num, "%lld", (long long)json_integer_value(j));
        if (role == 1)
            append(&m->to, v, vl);
        else if (role == 2 && !m->text)
            m->text = strndup(v, vl);
        else if (role == 3 && !m->from)
            m->from = strndup(v, vl);
    }
}

static bool parse_json(const vg_sms *s, const char *b, size_t n, vg_sms_msg *m)
{
    json_t *j = json_loadb(b, n, JSON_REJECT_DUPLICATES, NULL);
    if (!j)
        return false;
    /* Vonage's Voice API: talk actions inline, or an answer_url to fetch */
    json_t *ncco = json_is_array(j) ? j : json_object_get(j, "ncco");
    json_t *answer = json_is_object(j) ? json_object_get(j, "answer_url") : NULL;
    bool is_ncco = json_is_array(ncco) && json_is_object(json_array_get(ncco, 0)) &&
                   json_object_get(json_array_get(ncco, 0), "action");
    if (is_ncco || (json_is_object(j) && json_object_get(j, "ncco"))) {
        char why[256];
        m->voice = true;
        if (vg_voice_ncco(ncco, &m->text, why, sizeof why))
            m->problem = strdup(why);
    }
    if (json_is_array(answer))
        answer = json_array_get(answer, 0);
    if (json_is_string(answer)) {
        m->voice = true;
        m->fetch_url = strdup(json_string_value(answer));
    }
    json_walk(s, j, m, 0, 0);
    json_decref(j);
    if (m->voice && !m->text && m->fetch_url)
        m->text = strdup("");
    return m->text != NULL;
}

/* ---- HTTP -------------------------------------------------------------------------- */

static enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *json)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(json), (void *)json,
                                                             MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result rc = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return rc;
}

static void refuse(vg_sms *s)
{
    pthread_mutex_lock(&s->mu);
    s->refused++;
    pthread_mutex_unlock(&s->mu);
}

static enum MHD_Result keep(vg_sms *s, struct MHD_Connection *c, const char *url, req *r)
{
    vg_sms_msg m = {0};
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    const char *b = r->body ? r->body : "";
    size_t n = r->len;
    size_t lead = 0;
    while (lead < n && isspace((unsigned char)b[lead]))
        lead++;
    bool json = (ct && strcasestr(ct, "json")) || (lead < n && (b[lead] == '{' || b[lead] == '['));
    m.parsed = json ? parse_json(s, b, n, &m) : parse_form(s, b, n, &m);
    /* a generic JSON "text" on a voice path is spoken, not texted */
    m.voice = m.voice || vg_voice_path(url);
    if (!m.parsed) {                       /* keep the body whole: still checked */
        free(m.text);
        m.text = strndup(b, n);
    }
    /* gateways carry UTF-8, but a Latin-1 body must not hide anything */
    char *u = m.text ? vg_mime_to_utf8(NULL, m.text, strlen(m.text), &m.len) : NULL;
    free(m.text);
    m.text = u;
    if (!m.to)
        m.to = strdup("");
    m.path = strdup(url);
    if (!m.text || !m.to || !m.path) {
        free(m.text), free(m.to), free(m.from), free(m.path), free(m.fetch_url), free(m.problem);
        return answer(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "{\"error\":\"out of memory\"}");
    }
    pthread_mutex_lock(&s->mu);
    bool ok = s->n < s->o.max_messages;
    if (ok && s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        vg_sms_msg *p = realloc(s->msgs, cap * sizeof *p);
        if (p) {
            s->msgs = p;
            s->cap = cap;
        } else
            ok = false;
    }
    if (ok) {
        m.seq = ++s->seq;
        s->msgs[s->n++] = m;
    } else
        s->refused++;
    unsigned long seq = m.seq;
    pthread_mutex_unlock(&s->mu);
    if (!ok) {
        free(m.text), free(m.to), free(m.from), free(m.path), free(m.fetch_url), free(m.problem);
        return answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, "{\"error\":\"capture full\"}");
    }
    char receipt[128];
    snprintf(receipt, sizeof receipt, "{\"sid\":\"%s%032lu\",\"status\":\"queued\"}",
             m.voice ? "CA" : "SM", seq);
    return answer(c, MHD_HTTP_CREATED, receipt);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version,
                               const char *data, size_t *size, void **con_cls)
{
    vg_sms *s = cls;
    (void)version;
    if (!*con_cls) {
        req *r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        *con_cls = r;
        return MHD_YES;
    }
    req *r = *con_cls;
    if (*size) {
        if (r->len + *size > s->o.max_body) {
            r->too_big = true;             /* read on, keep nothing */
        } else if (!r->too_big) {
            if (r->len + *size + 1 > r->cap) {
                size_t cap = r->cap ? r->cap * 2 : 1024;
                while (cap < r->len + *size + 1)
                    cap *= 2;
                char *p = realloc(r->body, cap);
                if (!p)
                    return MHD_NO;
                r->body = p;
                r->cap = cap;
            }
            memcpy(r->body + r->len, data, *size);
            r->len += *size;
            r->body[r->len] = '\0';
        }
        *size = 0;
        return MHD_YES;
    }
    if (strcmp(method, "POST") != 0 && strcmp(method, "PUT") != 0) {
        refuse(s);
        return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                      "{\"error\":\"send messages with POST\"}");
    }
    if (r->too_big) {
        refuse(s);
        return answer(c, MHD_HTTP_CONTENT_TOO_LARGE, "{\"error\":\"body too large\"}");
    }
    return keep(s, c, url, r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    req *r = *con_cls;
    if (r) {
        free(r->body);
        free(r);
        *con_cls = NULL;
    }
}

vg_sms *vg_sms_start(const vg_sms_opts *o, vg_error *err)
{
    vg_sms *s = calloc(1, sizeof *s);
    if (!s) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    s->o = *o;
    if (!s->o.host) s->o.host = "127.0.0.1";
    if (!s->o.max_body) s->o.max_body = 64u << 10;
    if (!s->o.max_messages) s->o.max_messages = 10000;
    if (!s->o.max_connections) s->o.max_connections = 256;
    if (!s->o.timeout_s) s->o.timeout_s = 10;
    pthread_mutex_init(&s->mu, NULL);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->o.port)};
    if (inet_pton(AF_INET, s->o.host, &sa.sin_addr) != 1) {
        vg_error_set(err, VG_EINPUT, "SMS capture: '%s' is not an IPv4 address", s->o.host);
        vg_sms_stop(s);
        return NULL;
    }
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO,
                            (uint16_t)s->o.port, NULL, NULL, handler, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_CONNECTION_LIMIT, s->o.max_connections,
                            MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_s,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 << 10),
                            MHD_OPTION_NOTIFY_COMPLETED, completed, s,
                            MHD_OPTION_END);
    if (!s->d) {
        vg_error_set(err, VG_EIO, "SMS capture: cannot listen on %s:%d", s->o.host, s->o.port);
        vg_sms_stop(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : s->o.port;
    return s;
}

int vg_sms_port(const vg_sms *s) { return s->port; }

size_t vg_sms_count(vg_sms *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->n;
    pthread_mutex_unlock(&s->mu);
    return n;
}

unsigned long vg_sms_refused(vg_sms *s)
{
    pthread_mutex_lock(&s->mu);
    unsigned long n = s->refused;
    pthread_mutex_unlock(&s->mu);
    return n;
}

vg_sms_msg *vg_sms_take(vg_sms *s, size_t *n)
{
    pthread_mutex_lock(&s->mu);
    vg_sms_msg *m = s->msgs;
    *n = s->n;
    s->msgs = NULL;
    s->n = s->cap = 0;
    pthread_mutex_unlock(&s->mu);
    return m;
}

void vg_sms_stop(vg_sms *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    vg_sms_msgs_free(s->msgs, s->n);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

void vg_sms_msgs_free(vg_sms_msg *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++)
        free(m[i].path), free(m[i].to), free(m[i].from), free(m[i].text), free(m[i].fetch_url),
            free(m[i].problem);
    free(m);
}
