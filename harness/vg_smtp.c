/*
 * SMTP capture: one thread, one poll() loop, non-blocking sockets, OpenSSL
 * in non-blocking mode for STARTTLS. Every per-client buffer has a fixed
 * ceiling, so a hostile client costs at most its share and is cut off
 * when it exceeds it.
 *
 * SSL_get_error() reads the thread's OpenSSL error queue, and this one
 * thread serves every session: each TLS call starts with an empty queue,
 * or one client's failed handshake reads as the next client's failure.
 */
#include "vg_smtp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define IN_CAP   16384          /* read buffer per connection */
#define OUT_CAP  65536          /* replies a client may leave unread */
#define MAX_ERRORS 20           /* bad commands before the server hangs up */

typedef enum cstate { C_CMD, C_DATA, C_TLS } cstate;

typedef struct conn {
    int fd;
    SSL *ssl;
    cstate state;
    bool tls, starttls_pending, closing, want_write;
    char in[IN_CAP];
    size_t inlen;
    bool discard_line;               /* inside an over-long command line */
    char *out;
    size_t outlen, outcap;
    int errors;
    int64_t last, started;
    /* transaction */
    char *helo, *from;
    char **rcpts;
    size_t nrcpts;
    char *msg;
    size_t mlen, mcap;
    bool at_bol, too_big, no_room;
    int auth_step;                   /* AUTH exchange in progress (see auth()) */
    bool authed;
} conn;

struct vg_smtp {
    vg_smtp_opts o;
    int lfd, wake[2], port;
    pthread_t thread;
    bool running;
    atomic_int stop;                /* set by vg_smtp_stop from another thread */
    SSL_CTX *ctx;
    char *cert_pem;
    conn **conns;
    size_t nconns;
    pthread_mutex_t mu;              /* guards msgs, stats, held */
    vg_smtp_msg *msgs;
    size_t nmsgs, capmsgs;
    unsigned long seq;
    size_t held;                     /* message bytes in memory: stored + in flight */
    int64_t accept_paused_until;     /* out of descriptors: stop accepting a moment */
    vg_smtp_stats st;
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- memory budget ---------------------------------------------------------- */

static bool budget_take(vg_smtp *s, size_t n)
{
    pthread_mutex_lock(&s->mu);
    bool ok = s->held + n <= s->o.max_memory;
    if (ok) {
        s->held += n;
        if (s->held > s->st.peak_memory)
            s->st.peak_memory = s->held;
    }
    pthread_mutex_unlock(&s->mu);
    return ok;
}

static void budget_give(vg_smtp *s, size_t n)
{
    pthread_mutex_lock(&s->mu);
    s->held -= n < s->held ? n : s->held;
    pthread_mutex_unlock(&s->mu);
}

static void count(vg_smtp *s, unsigned long *field)
{
    pthread_mutex_lock(&s->mu);
    (*field)++;
    pthread_mutex_unlock(&s->mu);
}

/* ---- certificate ---------------------------------------------------------------- */

static int make_cert(vg_smtp *s, vg_error *err)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    BIO *bio = BIO_new(BIO_s_mem());
    int rc = -1;
    if (!key || !x || !bio)
        goto out;
    ASN1_INTEGER_set(X509_get_serialNumber(x), (long)(time(NULL) & 0x7fffffff));
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 7 * 24 * 3600);
    X509_set_version(x, 2);
    X509_set_pubkey(x, key);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"vigie capture",
                               -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               (const unsigned char *)s->o.hostname, -1, -1, 0);
    X509_set_issuer_name(x, name);
    /* a CA:TRUE self-signed leaf so a client can use it as its trust anchor */
    char san[300];
    snprintf(san, sizeof san, "DNS:%s,DNS:localhost,IP:127.0.0.1", s->o.hostname);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, san);
    X509_EXTENSION *bc = X509V3_EXT_conf_nid(NULL, NULL, NID_basic_constraints, "critical,CA:TRUE");
    if (!ext || !bc || !X509_add_ext(x, ext, -1) || !X509_add_ext(x, bc, -1)) {
        X509_EXTENSION_free(ext);
        X509_EXTENSION_free(bc);
        goto out;
    }
    X509_EXTENSION_free(ext);
    X509_EXTENSION_free(bc);
    if (!X509_sign(x, key, EVP_sha256()))
        goto out;
    s->ctx = SSL_CTX_new(TLS_server_method());
    if (!s->ctx || !SSL_CTX_set_min_proto_version(s->ctx, TLS1_2_VERSION) ||
        SSL_CTX_use_certificate(s->ctx, x) != 1 || SSL_CTX_use_PrivateKey(s->ctx, key) != 1)
        goto out;
    SSL_CTX_set_mode(s->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                             SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (!PEM_write_bio_X509(bio, x))
        goto out;
    char *p;
    long n = BIO_get_mem_data(bio, &p);
    s->cert_pem = strndup(p, (size_t)n);
    rc = s->cert_pem ? 0 : -1;
out:
    if (rc) {
        unsigned long e = ERR_get_error();
        vg_error_set(err, VG_ENOMEM, "SMTP capture: cannot make the STARTTLS certificate: %s",
                     e ? ERR_reason_error_string(e) : "out of memory");
    }
    BIO_free(bio);
    X509_free(x);
    EVP_PKEY_free(key);
    return rc;
}

/* ---- connection I/O ------------------------------------------------------------- */

static void reply(conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply(conn *c, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 2, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 3)
        n = (int)sizeof line - 3;
    memcpy(line + n, "\r\n", 2);
    n += 2;
    if (c->outlen + (size_t)n > OUT_CAP) {
        /* the client sends without reading our replies: hang up */
        c->closing = true;
        c->outlen = 0;
        return;
    }
    if (c->outlen + (size_t)n > c->outcap) {
        size_t cap = c->outcap ? c->outcap * 2 : 1024;
        while (cap < c->outlen + (size_t)n)
            cap *= 2;
        char *p = realloc(c->out, cap);
        if (!p) {
            c->closing = true;
            return;
        }
        c->out = p;
        c->outcap = cap;
    }
    memcpy(c->out + c->outlen, line, (size_t)n);
    c->outlen += (size_t)n;
}

/* >0 bytes, 0 end of stream, -1 would block, -2 error. */
static ssize_t conn_read(conn *c, char *b, size_t n)
{
    if (c->ssl) {
        ERR_clear_error();
        int r = SSL_read(c->ssl, b, (int)n);
        if (r > 0)
            return r;
        int e = SSL_get_error(c->ssl, r);
        if (e == SSL_ERROR_WANT_READ)
            return -1;
        if (e == SSL_ERROR_WANT_WRITE) {
            c->want_write = true;
            return -1;
        }
        return e == SSL_ERROR_ZERO_RETURN ? 0 : -2;
    }
    ssize_t r = recv(c->fd, b, n, 0);
    if (r < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? -1 : -2;
    return r;
}

/* Write what is pending; -1 on a broken connection. */
static int conn_flush(conn *c)
{
    size_t off = 0;
    while (off < c->outlen) {
        ssize_t w;
        if (c->ssl) {
            ERR_clear_error();
            int r = SSL_write(c->ssl, c->out + off, (int)(c->outlen - off));
            if (r <= 0) {
                int e = SSL_get_error(c->ssl, r);
                if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ)
                    break;
                return -1;
            }
            w = r;
        } else {
            w = send(c->fd, c->out + off, c->outlen - off, MSG_NOSIGNAL);
            if (w < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                    break;
                return -1;
            }
        }
        off += (size_t)w;
    }
    memmove(c->out, c->out + off, c->outlen - off);
    c->outlen -= off;
    return 0;
}

/* ---- transaction ------------------------------------------------------------------- */

static void reset_tx(vg_smtp *s, conn *c)
{
    free(c->from);
    c->from = NULL;
    for (size_t i = 0; i < c->nrcpts; i++)
        free(c->rcpts[i]);
    free(c->rcpts);
    c->rcpts = NULL;
    c->nrcpts = 0;
    if (c->msg)
        budget_give(s, c->mcap);
    free(c->msg);
    c->msg = NULL;
    c->mlen = c->mcap = 0;
    c->too_big = c->no_room = false;
}

/* "<a@b> SIZE=10" -> "a@b" (malloc'd, lower-cased if lower); rest -> *params. */
static char *path_arg(const char *arg, const char **params, bool lower)
{
    while (*arg == ' ')
        arg++;
    const char *b = arg, *e;
    if (*b == '<') {
        b++;
        e = strchr(b, '>');
        if (!e)
            return NULL;
        *params = e + 1;
    } else {
        e = b + strcspn(b, " ");
        *params = e;
    }
    if (e - b > 320)                 /* RFC 5321 path limit is 256 */
        return NULL;
    char *p = strndup(b, (size_t)(e - b));
    for (char *q = p; lower && q && *q; q++)
        *q = (char)((*q >= 'A' && *q <= 'Z') ? *q + 32 : *q);
    return p;
}

static void bad(vg_smtp *s, conn *c, const char *line)
{
    reply(c, "%s", line);
    count(s, &s->st.bad_commands);
    if (++c->errors >= MAX_ERRORS) {
        reply(c, "421 4.7.0 Too many errors, closing");
        c->closing = true;
    }
}

static bool verb(const char *line, const char *v, const char **arg)
{
    size_t n = strlen(v);
    if (strncasecmp(line, v, n) != 0 || (line[n] && line[n] != ' ' && line[n] != ':'))
        return false;
    *arg = line + n;
    return true;
}

static void cmd_mail(vg_smtp *s, conn *c, const char *arg)
{
    const char *params;
    if (!c->helo)
        return bad(s, c, "503 5.5.1 Say EHLO first");
    if (c->from)
        return bad(s, c, "503 5.5.1 Nested MAIL command");
    if (strncasecmp(arg, ":", 1) != 0)
        return bad(s, c, "501 5.5.4 Syntax: MAIL FROM:<address>");
    char *from = path_arg(arg + 1, &params, false);
    if (!from)
        return bad(s, c, "501 5.1.7 Bad sender address syntax");
    const char *sz = strcasestr(params, "SIZE=");
    if (sz && strtoull(sz + 5, NULL, 10) > s->o.max_message) {
        free(from);
        reply(c, "552 5.3.4 Message size exceeds fixed limit of %zu bytes", s->o.max_message);
        return;
    }
    c->from = from;
    reply(c, "250 2.1.0 Ok");
}

static void cmd_rcpt(vg_smtp *s, conn *c, const char *arg)
{
    const char *params;
    if (!c->from)
        return bad(s, c, "503 5.5.1 Need MAIL command");
    if (strncasecmp(arg, ":", 1) != 0)
        return bad(s, c, "501 5.5.4 Syntax: RCPT TO:<address>");
    if (c->nrcpts >= s->o.max_rcpts) {
        reply(c, "452 4.5.3 Too many recipients");
        return;
    }
    char *to = path_arg(arg + 1, &params, true);
    if (!to || !*to) {
        free(to);
        return bad(s, c, "501 5.1.3 Bad recipient address syntax");
    }
    char **r = realloc(c->rcpts, (c->nrcpts + 1) * sizeof *r);
    if (!r) {
        free(to);
        reply(c, "452 4.3.1 Insufficient system storage");
        return;
    }
    c->rcpts = r;
    r[c->nrcpts++] = to;
    reply(c, "250 2.1.5 Ok");
}

static void cmd_ehlo(vg_smtp *s, conn *c, const char *arg, bool ehlo)
{
    while (*arg == ' ')
        arg++;
    if (!*arg)
        return bad(s, c, "501 5.5.4 Syntax: EHLO hostname");
    reset_tx(s, c);
    free(c->helo);
    c->helo = strndup(arg, 255);
    if (!ehlo) {
        reply(c, "250 %s", s->o.hostname);
        return;
    }
    reply(c, "250-%s greets %s", s->o.hostname, c->helo ? c->helo : "");
    reply(c, "250-8BITMIME");
    reply(c, "250-SIZE %zu", s->o.max_message);
    if (!s->o.no_starttls && !c->tls)
        reply(c, "250-STARTTLS");
    reply(c, "250-AUTH PLAIN LOGIN");
    reply(c, "250-ENHANCEDSTATUSCODES");
    reply(c, "250 PIPELINING");
}

/* AUTH: services usually log in to their relay, so the capture accepts
 * any credentials (PLAIN, LOGIN) and never keeps them. */
enum { AUTH_NONE, AUTH_PLAIN_RESP, AUTH_LOGIN_USER, AUTH_LOGIN_PASS };

static void auth_done(conn *c)
{
    c->auth_step = AUTH_NONE;
    c->authed = true;
    reply(c, "235 2.7.0 Authentication successful");
}

static void auth_continue(vg_smtp *s, conn *c, const char *line)
{
    if (strcmp(line, "*") == 0) {
        c->auth_step = AUTH_NONE;
        return bad(s, c, "501 5.7.0 Authentication cancelled");
    }
    if (c->auth_step == AUTH_LOGIN_USER) {
        c->auth_step = AUTH_LOGIN_PASS;
        reply(c, "334 UGFzc3dvcmQ6");             /* "Password:" */
    } else {
        auth_done(c);
    }
}

static void cmd_auth(vg_smtp *s, conn *c, const char *arg)
{
    while (*arg == ' ')
        arg++;
    if (!c->helo)
        return bad(s, c, "503 5.5.1 Say EHLO first");
    if (c->authed)
        return bad(s, c, "503 5.5.1 Already authenticated");
    if (c->from)
        return bad(s, c, "503 5.5.1 AUTH not allowed during a transaction");
    const char *init = arg + strcspn(arg, " ");
    while (*init == ' ')
        init++;
    if (strncasecmp(arg, "PLAIN", 5) == 0 && (arg[5] == ' ' || !arg[5])) {
        if (*init)
            auth_done(c);
        else {
            c->auth_step = AUTH_PLAIN_RESP;
            reply(c, "334 ");
        }
    } else if (strncasecmp(arg, "LOGIN", 5) == 0 && (arg[5] == ' ' || !arg[5])) {
        c->auth_step = *init ? AUTH_LOGIN_PASS : AUTH_LOGIN_USER;
        reply(c, *init ? "334 UGFzc3dvcmQ6" : "334 VXNlcm5hbWU6");   /* "Username:" */
    } else {
        bad(s, c, "504 5.5.4 Unrecognized authentication type");
    }
}

static void command(vg_smtp *s, conn *c, char *line)
{
    const char *arg;
    if (c->auth_step) {
        auth_continue(s, c, line);
        return;
    }
    if (verb(line, "AUTH", &arg))
        cmd_auth(s, c, arg);
    else if (verb(line, "EHLO", &arg))
        cmd_ehlo(s, c, arg, true);
    else if (verb(line, "HELO", &arg))
        cmd_ehlo(s, c, arg, false);
    else if (verb(line, "MAIL FROM", &arg))
        cmd_mail(s, c, arg);
    else if (verb(line, "RCPT TO", &arg))
        cmd_rcpt(s, c, arg);
    else if (verb(line, "DATA", &arg)) {
        if (!c->from)
            bad(s, c, "503 5.5.1 Need MAIL command");
        else if (!c->nrcpts)
            bad(s, c, "554 5.5.1 No valid recipients");
        else {
            reply(c, "354 End data with <CR><LF>.<CR><LF>");
            c->state = C_DATA;
            c->at_bol = true;
        }
    } else if (verb(line, "RSET", &arg)) {
        reset_tx(s, c);
        reply(c, "250 2.0.0 Ok");
    } else if (verb(line, "NOOP", &arg)) {
        reply(c, "250 2.0.0 Ok");
    } else if (verb(line, "QUIT", &arg)) {
        reply(c, "221 2.0.0 Bye");
        c->closing = true;
    } else if (verb(line, "VRFY", &arg)) {
        reply(c, "252 2.1.5 Cannot verify, send some mail");
    } else if (verb(line, "HELP", &arg)) {
        reply(c, "214 2.0.0 vigie capture: EHLO AUTH MAIL RCPT DATA RSET NOOP QUIT STARTTLS");
    } else if (verb(line, "STARTTLS", &arg)) {
        if (s->o.no_starttls)
            bad(s, c, "502 5.5.1 STARTTLS not offered");
        else if (c->tls)
            bad(s, c, "503 5.5.1 TLS already active");
        else {
            reply(c, "220 2.0.0 Ready to start TLS");
            c->starttls_pending = true;
        }
    } else {
        bad(s, c, "500 5.5.2 Command not recognized");
    }
}

static void msg_clear(vg_smtp_msg *m)
{
    free(m->helo);
    free(m->mail_from);
    for (size_t k = 0; k < m->nrcpts; k++)
        free(m->rcpts[k]);
    free(m->rcpts);
    free(m->data);
    free(m->spool_path);
}

static int store(vg_smtp *s, conn *c)
{
    vg_smtp_msg m = {0};
    m.helo = c->helo ? strdup(c->helo) : NULL;
    m.mail_from = c->from;
    m.rcpts = c->rcpts;
    m.nrcpts = c->nrcpts;
    m.tls = c->tls;
    m.data = c->msg ? c->msg : strdup("");
    m.len = c->mlen;
    size_t held = c->mcap;
    c->from = NULL;
    c->rcpts = NULL;
    c->nrcpts = 0;
    c->msg = NULL;
    c->mlen = c->mcap = 0;
    pthread_mutex_lock(&s->mu);
    m.seq = ++s->seq;
    pthread_mutex_unlock(&s->mu);
    if (s->o.spool_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/msg-%06lu.eml", s->o.spool_dir, m.seq);
        FILE *f = fopen(path, "wb");
        bool ok = f && fwrite(m.data, 1, m.len, f) == m.len;
        if (f && fclose(f) != 0)
            ok = false;
        free(m.data);
        m.data = NULL;
        budget_give(s, held);
        held = 0;
        if (!ok || !(m.spool_path = strdup(path))) {
            msg_clear(&m);
            return -1;
        }
    } else if (held > m.len + 1) {       /* give back the slack */
        char *p = realloc(m.data, m.len + 1);
        if (p)
            m.data = p;
        budget_give(s, held - (m.len + 1));
        held = m.len + 1;
    }
    pthread_mutex_lock(&s->mu);
    int rc = 0;
    if (s->nmsgs == s->capmsgs) {
        size_t cap = s->capmsgs ? s->capmsgs * 2 : 64;
        vg_smtp_msg *p = realloc(s->msgs, cap * sizeof *p);
        if (!p)
            rc = -1;
        else {
            s->msgs = p;
            s->capmsgs = cap;
        }
    }
    if (rc == 0) {
        s->msgs[s->nmsgs++] = m;
        s->st.messages++;
    }
    pthread_mutex_unlock(&s->mu);
    if (rc) {
        budget_give(s, held);
        msg_clear(&m);
    }
    return rc;
}

/* Add body bytes, within SIZE and the shared memory budget. */
static void data_append(vg_smtp *s, conn *c, const char *b, size_t n)
{
    if (c->too_big || c->no_room)
        return;
    if (c->mlen + n > s->o.max_message) {
        c->too_big = true;
    } else if (c->mlen + n + 1 > c->mcap) {
        size_t cap = c->mcap ? c->mcap * 2 : 8192;
        while (cap < c->mlen + n + 1)
            cap *= 2;
        if (cap > s->o.max_message + 1)
            cap = s->o.max_message + 1;
        char *p = NULL;
        if (budget_take(s, cap - c->mcap) && !(p = realloc(c->msg, cap)))
            budget_give(s, cap - c->mcap);
        if (!p) {
            c->no_room = true;
        } else {
            c->msg = p;
            c->mcap = cap;
        }
    }
    if (c->too_big || c->no_room) {
        if (c->msg)
            budget_give(s, c->mcap);
        free(c->msg);
        c->msg = NULL;
        c->mlen = c->mcap = 0;
        return;
    }
    memcpy(c->msg + c->mlen, b, n);
    c->mlen += n;
    c->msg[c->mlen] = '\0';
}

static void data_end(vg_smtp *s, conn *c)
{
    c->state = C_CMD;
    if (c->too_big) {
        reply(c, "552 5.3.4 Message exceeds fixed maximum message size of %zu bytes",
              s->o.max_message);
        count(s, &s->st.too_big);
        reset_tx(s, c);
    } else if (c->no_room) {
        reply(c, "452 4.3.1 Insufficient system storage");
        count(s, &s->st.no_room);
        reset_tx(s, c);
    } else if (store(s, c) == 0) {
        reply(c, "250 2.0.0 Ok: queued as %lu", s->seq);
    } else {
        reply(c, "451 4.3.0 Could not store the message");
        reset_tx(s, c);
    }
}

/* Consume what is in c->in; returns nothing, state is in c. */
static void process(vg_smtp *s, conn *c)
{
    size_t off = 0;
    while (off < c->inlen && !c->closing && !c->starttls_pending) {
        char *b = c->in + off;
        size_t avail = c->inlen - off;
        char *nl = memchr(b, '\n', avail);
        if (c->state == C_DATA) {
            if (!nl && !(off == 0 && c->inlen == IN_CAP))
                break;                     /* wait for the rest of the line */
            /* a line longer than the buffer goes in as pieces */
            size_t n = nl ? (size_t)(nl - b) + 1 : avail;
            if (nl && c->at_bol && (n == 2 || (n == 3 && b[1] == '\r')) && b[0] == '.') {
                off += n;
                data_end(s, c);
                continue;
            }
            const char *p = b;
            size_t k = n;
            if (c->at_bol && b[0] == '.') {   /* dot-stuffing */
                p++;
                k--;
            }
            data_append(s, c, p, k);
            c->at_bol = nl != NULL;
            off += n;
            continue;
        }
        if (!nl) {
            if (avail >= s->o.max_line || c->inlen == IN_CAP) {
                if (!c->discard_line)
                    bad(s, c, "500 5.5.2 Line too long");
                c->discard_line = true;
                off = c->inlen;
            }
            break;
        }
        size_t n = (size_t)(nl - b);
        off += n + 1;
        if (c->discard_line) {           /* tail of the over-long line */
            c->discard_line = false;
            continue;
        }
        if (n > 0 && b[n - 1] == '\r')
            n--;
        b[n] = '\0';
        if (n > s->o.max_line) {
            bad(s, c, "500 5.5.2 Line too long");
            continue;
        }
        if (memchr(b, '\0', n)) {
            bad(s, c, "500 5.5.2 NUL in command");
            continue;
        }
        command(s, c, b);
    }
    if (c->starttls_pending)
        off = c->inlen;                  /* RFC 3207: nothing pipelined after STARTTLS counts */
    memmove(c->in, c->in + off, c->inlen - off);
    c->inlen -= off;
}

/* ---- connections --------------------------------------------------------------------- */

static void conn_close(vg_smtp *s, size_t i)
{
    conn *c = s->conns[i];
    reset_tx(s, c);
    if (c->ssl) {
        SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
        ERR_clear_error();
    }
    close(c->fd);
    free(c->helo);
    free(c->out);
    free(c);
    s->conns[i] = s->conns[--s->nconns];
    pthread_mutex_lock(&s->mu);
    s->st.open_now = s->nconns;
    pthread_mutex_unlock(&s->mu);
}

static void accept_all(vg_smtp *s)
{
    for (;;) {
        int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            /* out of descriptors: the pending connection stays readable and
             * poll() would spin; leave it in the backlog for 100 ms */
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                s->accept_paused_until = now_ms() + 100;
            return;
        }
        if (s->nconns >= (size_t)s->o.max_connections) {
            static const char busy[] = "421 4.7.0 Too many connections, try later\r\n";
            count(s, &s->st.refused);        /* before the reply: a client may check */
            ssize_t w = send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL);
            (void)w;
            close(fd);
            continue;
        }
        conn *c = calloc(1, sizeof *c);
        conn **p = c ? realloc(s->conns, (s->nconns + 1) * sizeof *p) : NULL;
        if (!p) {
            free(c);
            close(fd);
            continue;
        }
        s->conns = p;
        c->fd = fd;
        c->last = c->started = now_ms();
        reply(c, "220 %s ESMTP vigie capture", s->o.hostname);
        s->conns[s->nconns++] = c;
        pthread_mutex_lock(&s->mu);
        s->st.connections++;
        s->st.open_now = s->nconns;
        pthread_mutex_unlock(&s->mu);
    }
}

static bool start_tls(vg_smtp *s, conn *c)
{
    c->starttls_pending = false;
    c->ssl = SSL_new(s->ctx);
    if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1)
        return false;
    SSL_set_accept_state(c->ssl);
    c->state = C_TLS;
    c->inlen = 0;
    return true;
}

/* Drive one connection; false when it must be closed. */
static bool service(vg_smtp *s, conn *c, short revents)
{
    if (revents & (POLLERR | POLLNVAL))
        return false;
    if (c->state == C_TLS) {
        if (revents)
            c->last = now_ms();           /* handshake bytes are activity too */
        ERR_clear_error();
        int r = SSL_do_handshake(c->ssl);
        if (r == 1) {
            c->state = C_CMD;
            c->tls = true;
            c->authed = false;
            free(c->helo);            /* RFC 3207: the session starts over */
            c->helo = NULL;
            reset_tx(s, c);
            count(s, &s->st.tls_sessions);
            c->last = now_ms();
        } else {
            int e = SSL_get_error(c->ssl, r);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
                return false;
            c->want_write = e == SSL_ERROR_WANT_WRITE;
            return true;
        }
    }
    if (revents & (POLLIN | POLLHUP) || (c->ssl && SSL_pending(c->ssl) > 0)) {
        /* a few reads per wake-up: a fast sender cannot starve the others */
        for (int k = 0; k < 8 && c->inlen < IN_CAP && !c->closing && !c->starttls_pending; k++) {
            ssize_t r = conn_read(c, c->in + c->inlen, IN_CAP - c->inlen);
            if (r == -1)
                break;
            if (r <= 0)
                return false;
            c->inlen += (size_t)r;
            c->last = now_ms();
            pthread_mutex_lock(&s->mu);
            s->st.bytes_in += (unsigned long long)r;
            pthread_mutex_unlock(&s->mu);
            process(s, c);
        }
    }
    if (c->outlen && conn_flush(c) < 0)
        return false;
    if (c->starttls_pending && c->outlen == 0 && !start_tls(s, c))
        return false;
    if (c->closing && c->outlen == 0)
        return false;
    return true;
}

static void expire(vg_smtp *s, int64_t now)
{
    for (size_t i = 0; i < s->nconns;) {
        conn *c = s->conns[i];
        bool idle = now - c->last > s->o.idle_timeout_ms;
        bool old = now - c->started > s->o.session_timeout_ms;
        if (idle || old) {
            count(s, &s->st.timeouts);
            if (!c->ssl && c->state != C_TLS) {
                static const char bye[] = "421 4.4.2 Timeout, closing connection\r\n";
                ssize_t w = send(c->fd, bye, sizeof bye - 1, MSG_NOSIGNAL);
                (void)w;
            }
            conn_close(s, i);
        } else {
            i++;
        }
    }
}

static void *loop(void *ud)
{
    vg_smtp *s = ud;
    struct pollfd *pfd = NULL;
    size_t pcap = 0;
    while (!s->stop) {
        size_t n = s->nconns + 2;
        if (n > pcap) {
            struct pollfd *p = realloc(pfd, n * 2 * sizeof *p);
            if (!p) {
                usleep(10000);
                continue;
            }
            pfd = p;
            pcap = n * 2;
        }
        pfd[0] = (struct pollfd){s->lfd, now_ms() < s->accept_paused_until ? 0 : POLLIN, 0};
        pfd[1] = (struct pollfd){s->wake[0], POLLIN, 0};
        int timeout = 250;
        for (size_t i = 0; i < s->nconns; i++) {
            conn *c = s->conns[i];
            short ev = 0;
            if (c->inlen < IN_CAP && !c->starttls_pending)
                ev |= POLLIN;
            if (c->outlen || c->want_write)
                ev |= POLLOUT;
            if (c->state == C_TLS)
                ev |= POLLIN;
            if (c->ssl && SSL_pending(c->ssl) > 0)
                timeout = 0;
            pfd[i + 2] = (struct pollfd){c->fd, ev, 0};
        }
        int r = poll(pfd, (nfds_t)n, timeout);
        if (r < 0 && errno != EINTR)
            break;
        if (pfd[1].revents & POLLIN) {
            char b[16];
            ssize_t k = read(s->wake[0], b, sizeof b);
            (void)k;
        }
        /* service from the end so closing (swap-with-last) keeps indices valid */
        size_t nc = s->nconns;
        for (size_t i = nc; i-- > 0;) {
            conn *c = s->conns[i];
            short re = pfd[i + 2].revents;
            if (!re && !(c->ssl && SSL_pending(c->ssl) > 0))
                continue;
            c->want_write = false;
            if (!service(s, c, re))
                conn_close(s, i);
        }
        if (pfd[0].revents & POLLIN)
            accept_all(s);
        expire(s, now_ms());
    }
    while (s->nconns)
        conn_close(s, s->nconns - 1);
    free(pfd);
    return NULL;
}

/* ---- public ---------------------------------------------------------------------------- */

vg_smtp *vg_smtp_start(const vg_smtp_opts *o, vg_error *err)
{
    vg_smtp *s = calloc(1, sizeof *s);
    if (!s) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    s->o = *o;
    if (!s->o.host) s->o.host = "127.0.0.1";
    if (!s->o.hostname) s->o.hostname = "vigie.capture";
    if (!s->o.max_message) s->o.max_message = 10u << 20;
    if (!s->o.max_line) s->o.max_line = 1000;
    if (s->o.max_line > IN_CAP - 2) s->o.max_line = IN_CAP - 2;
    if (!s->o.max_memory) s->o.max_memory = 256u << 20;
    if (!s->o.max_rcpts) s->o.max_rcpts = 100;
    if (!s->o.idle_timeout_ms) s->o.idle_timeout_ms = 30000;
    if (!s->o.session_timeout_ms) s->o.session_timeout_ms = 600000;
    if (!s->o.max_connections) s->o.max_connections = 1000;
    /* never more connections than descriptors to hold them */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur > 64 && (rlim_t)s->o.max_connections > rl.rlim_cur - 64)
        s->o.max_connections = (int)(rl.rlim_cur - 64);
    s->lfd = s->wake[0] = s->wake[1] = -1;
    pthread_mutex_init(&s->mu, NULL);
    if (!s->o.no_starttls && make_cert(s, err))
        goto fail;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->o.port)};
    if (inet_pton(AF_INET, s->o.host, &sa.sin_addr) != 1) {
        vg_error_set(err, VG_EINPUT, "SMTP capture: '%s' is not an IPv4 address", s->o.host);
        goto fail;
    }
    s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t sl = sizeof sa;
    if (s->lfd < 0 || bind(s->lfd, (struct sockaddr *)&sa, sizeof sa) ||
        listen(s->lfd, 1024) || getsockname(s->lfd, (struct sockaddr *)&sa, &sl)) {
        vg_error_set(err, VG_EIO, "SMTP capture: cannot listen on %s:%d: %s", s->o.host, s->o.port,
                     strerror(errno));
        goto fail;
    }
    s->port = ntohs(sa.sin_port);
    if (pipe2(s->wake, O_NONBLOCK | O_CLOEXEC)) {
        vg_error_set(err, VG_EIO, "SMTP capture: pipe: %s", strerror(errno));
        goto fail;
    }
    if (pthread_create(&s->thread, NULL, loop, s)) {
        vg_error_set(err, VG_EIO, "SMTP capture: cannot start its thread");
        goto fail;
    }
    s->running = true;
    return s;
fail:
    vg_smtp_stop(s);
    return NULL;
}

int vg_smtp_port(const vg_smtp *s) { return s->port; }
const char *vg_smtp_cert_pem(const vg_smtp *s) { return s->cert_pem; }

size_t vg_smtp_count(vg_smtp *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->nmsgs;
    pthread_mutex_unlock(&s->mu);
    return n;
}

vg_smtp_msg *vg_smtp_take(vg_smtp *s, size_t *n)
{
    pthread_mutex_lock(&s->mu);
    vg_smtp_msg *m = s->msgs;
    *n = s->nmsgs;
    for (size_t i = 0; i < s->nmsgs; i++)
        if (m[i].data) {
            size_t k = m[i].len + 1;
            s->held -= k < s->held ? k : s->held;
        }
    s->msgs = NULL;
    s->nmsgs = s->capmsgs = 0;
    pthread_mutex_unlock(&s->mu);
    return m;
}

void vg_smtp_stats_get(vg_smtp *s, vg_smtp_stats *out)
{
    pthread_mutex_lock(&s->mu);
    *out = s->st;
    pthread_mutex_unlock(&s->mu);
}

void vg_smtp_stop(vg_smtp *s)
{
    if (!s)
        return;
    if (s->running) {
        s->stop = 1;
        ssize_t w = write(s->wake[1], "x", 1);
        (void)w;
        pthread_join(s->thread, NULL);
    }
    if (s->lfd >= 0) close(s->lfd);
    if (s->wake[0] >= 0) close(s->wake[0]);
    if (s->wake[1] >= 0) close(s->wake[1]);
    vg_smtp_msgs_free(s->msgs, s->nmsgs);
    free(s->conns);
    SSL_CTX_free(s->ctx);
    free(s->cert_pem);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

void vg_smtp_msgs_free(vg_smtp_msg *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++)
        msg_clear(&m[i]);
    free(m);
}
