#include "vg_tls_hello.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Largest handshake message accepted as a ServerHello / HelloRetryRequest.
 * Real ones are a few hundred bytes; an HRR cookie can be larger. */
#define HS_MAX 16384
/* RFC 8446 5.1: plaintext records are at most 2^14 bytes; TLS 1.2 allows
 * 2048 more for compressed/encrypted ones. Anything longer is garbage. */
#define RECORD_MAX (16384 + 2048)

/* RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest. */
static const unsigned char hrr_random[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

const char *vg_tls_version_name(uint16_t v)
{
    static _Thread_local char buf[16];
    switch (v) {
    case VG_SSL3_0: return "SSLv3";
    case VG_TLS1_0: return "TLSv1.0";
    case VG_TLS1_1: return "TLSv1.1";
    case VG_TLS1_2: return "TLSv1.2";
    case VG_TLS1_3: return "TLSv1.3";
    default:
        snprintf(buf, sizeof buf, "0x%04x", v);
        return buf;
    }
}

const char *vg_tls_alert_name(uint8_t a)
{
    switch (a) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 22: return "record_overflow";
    case 40: return "handshake_failure";
    case 42: return "bad_certificate";
    case 47: return "illegal_parameter";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 120: return "no_application_protocol";
    default: return "unknown";
    }
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int remaining(long long deadline)
{
    long long r = deadline - now_ms();
    return r < 0 ? 0 : (int)r;
}

static void endpoint_label(const vg_tls_endpoint *ep, char *buf, size_t cap)
{
    snprintf(buf, cap, strchr(ep->host, ':') ? "[%s]:%d" : "%s:%d", ep->host, ep->port);
}

/* Non-blocking connect to one address, bounded by timeout_ms. */
static int connect_one(const struct addrinfo *ai, int timeout_ms, char *why, size_t cap)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
    if (fd < 0) {
        snprintf(why, cap, "%s", strerror(errno));
        return -1;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return fd;
    if (errno != EINPROGRESS) {
        snprintf(why, cap, "%s", strerror(errno));
        close(fd);
        return -1;
    }
    long long deadline = now_ms() + timeout_ms;
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int n;
    do
        n = poll(&p, 1, remaining(deadline));
    while (n < 0 && errno == EINTR);
    if (n == 0) {
        snprintf(why, cap, "no answer to the connection request within %d ms", timeout_ms);
        close(fd);
        return -1;
    }
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    if (n < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0 || soerr) {
        snprintf(why, cap, "%s", strerror(n < 0 ? errno : soerr ? soerr : errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int connect_any(const vg_tls_endpoint *ep, struct sockaddr_storage *used,
                       unsigned *usedlen, vg_error *err)
{
    char port[16], label[300], why[160] = "no address";
    endpoint_label(ep, label, sizeof label);
    int fd = -1;
    if (ep->addrlen) {
        struct addrinfo ai = {.ai_family = ep->addr.ss_family, .ai_socktype = SOCK_STREAM,
                              .ai_addr = (struct sockaddr *)&ep->addr,
                              .ai_addrlen = ep->addrlen};
        fd = connect_one(&ai, ep->timeout_ms, why, sizeof why);
    } else {
        snprintf(port, sizeof port, "%d", ep->port);
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                                 .ai_flags = AI_NUMERICSERV}, *res = NULL;
        int rc = getaddrinfo(ep->host, port, &hints, &res);
        if (rc)
            return vg_error_set(err, VG_EIO, "%s: cannot resolve the host: %s", label,
                                gai_strerror(rc));
        for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
            if ((fd = connect_one(ai, ep->timeout_ms, why, sizeof why)) >= 0 && used &&
                ai->ai_addrlen <= sizeof *used) {
                memcpy(used, ai->ai_addr, ai->ai_addrlen);
                *usedlen = (unsigned)ai->ai_addrlen;
            }
        freeaddrinfo(res);
    }
    if (fd < 0)
        return vg_error_set(err, VG_EIO, "%s: cannot connect: %s", label, why);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int vg_tls_connect(const vg_tls_endpoint *ep, vg_error *err)
{
    return connect_any(ep, NULL, NULL, err);
}

int vg_tls_pin(vg_tls_endpoint *ep, vg_error *err)
{
    struct sockaddr_storage ss;
    unsigned len = 0;
    ep->addrlen = 0;
    int fd = connect_any(ep, &ss, &len, err);
    if (fd < 0)
        return -1;
    close(fd);
    ep->addr = ss;
    ep->addrlen = len;
    return 0;
}

/* ---- ClientHello ---------------------------------------------------- */

typedef struct wbuf {
    unsigned char *p;
    size_t len, cap;
    bool overflow;
} wbuf;

static void put8(wbuf *w, unsigned v)
{
    if (w->len >= w->cap) {
        w->overflow = true;
        return;
    }
    w->p[w->len++] = (unsigned char)v;
}

static void put16(wbuf *w, unsigned v)
{
    put8(w, v >> 8);
    put8(w, v & 0xff);
}

static void put_bytes(wbuf *w, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put8(w, b[i]);
}

/* Reserve an n-byte length field; patch it with end_len() once the
 * contents are written. */
static size_t begin_len(wbuf *w, int n)
{
    size_t at = w->len;
    for (int i = 0; i < n; i++)
        put8(w, 0);
    return at;
}

static void end_len(wbuf *w, size_t at, int n)
{
    if (w->overflow)
        return;
    size_t v = w->len - at - (size_t)n;
    for (int i = n - 1; i >= 0; i--, v >>= 8)
        w->p[at + (size_t)i] = (unsigned char)(v & 0xff);
}

static void put_random(wbuf *w, size_t n)
{
    /* getrandom(2), not OpenSSL's DRBG: initialising OpenSSL in each
     * scanning thread costs more than the handshakes themselves. The bytes
     * need not be secret (no key is ever derived from them), only fresh. */
    unsigned char r[32] = {0};
    if (n > sizeof r)
        n = sizeof r;
    if (getrandom(r, n, GRND_NONBLOCK) != (ssize_t)n) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long x = (unsigned long)ts.tv_nsec ^ (unsigned long)ts.tv_sec << 20;
        for (size_t i = 0; i < n; i++, x = x * 6364136223846793005UL + 1442695040888963407UL)
            r[i] = (unsigned char)(x >> 56);
    }
    put_bytes(w, r, n);
}

/* Groups and signature schemes a server may require before it will pick
 * an (EC)DHE suite or sign: everything in the IANA registries that
 * servers deploy, newest first, so no suite is refused for lack of them. */
static const uint16_t groups[] = {
    0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
    0x001a, 0x001b, 0x001c, 0x0016, 0x0015, 0x0014, 0x0013, 0x0012, 0x0011, 0x0010,
    0x000f, 0x000e, 0x000d, 0x000c, 0x000b, 0x000a, 0x0009, 0x0008, 0x0007, 0x0006,
    0x0005, 0x0004, 0x0003, 0x0002, 0x0001};
static const uint16_t sigalgs[] = {
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a,
    0x080b, 0x081a, 0x081b, 0x081c, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302,
    0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202};

static void put_u16_list(wbuf *w, const uint16_t *v, size_t n, int lenbytes)
{
    size_t at = begin_len(w, lenbytes);
    for (size_t i = 0; i < n; i++)
        put16(w, v[i]);
    end_len(w, at, lenbytes);
}

static void put_extensions(wbuf *w, const vg_tls_offer *o)
{
    size_t all = begin_len(w, 2), at;
    if (o->sni && *o->sni) {
        size_t n = strlen(o->sni);
        put16(w, 0x0000);                       /* server_name */
        at = begin_len(w, 2);
        put16(w, (unsigned)(n + 3));
        put8(w, 0);                             /* host_name */
        put16(w, (unsigned)n);
        put_bytes(w, (const unsigned char *)o->sni, n);
        end_len(w, at, 2);
    }
    put16(w, 0x000a);                           /* supported_groups */
    at = begin_len(w, 2);
    put_u16_list(w, groups, sizeof groups / sizeof groups[0], 2);
    end_len(w, at, 2);
    put16(w, 0x000b);                           /* ec_point_formats */
    put16(w, 4);
    put8(w, 3);
    put8(w, 0);
    put8(w, 1);
    put8(w, 2);
    put16(w, 0x000d);                           /* signature_algorithms */
    at = begin_len(w, 2);
    put_u16_list(w, sigalgs, sizeof sigalgs / sizeof sigalgs[0], 2);
    end_len(w, at, 2);
    put16(w, 0x0023);                           /* session_ticket, empty */
    put16(w, 0);
    put16(w, 0x0017);                           /* extended_master_secret */
    put16(w, 0);
    put16(w, 0xff01);                           /* renegotiation_info, initial */
    put16(w, 1);
    put8(w, 0);
    if (o->version >= VG_TLS1_3) {
        put16(w, 0x002b);                       /* supported_versions: 1.3 only */
        put16(w, 3);
        put8(w, 2);
        put16(w, VG_TLS1_3);
        put16(w, 0x002d);                       /* psk_key_exchange_modes: psk_dhe_ke */
        put16(w, 2);
        put8(w, 1);
        put8(w, 1);
        /* key_share: one X25519 share. A server preferring another group
         * answers with a HelloRetryRequest, which still names the suite. */
        put16(w, 0x0033);
        put16(w, 2 + 4 + 32);
        put16(w, 4 + 32);
        put16(w, 0x001d);
        put16(w, 32);
        put_random(w, 32);
    }
    end_len(w, all, 2);
}

size_t vg_tls_client_hello(const vg_tls_offer *o, unsigned char *buf, size_t cap)
{
    wbuf w = {.p = buf, .cap = cap};
    bool ssl3 = o->version <= VG_SSL3_0;
    put8(&w, 22);                               /* handshake record */
    put16(&w, ssl3 ? VG_SSL3_0 : VG_TLS1_0);
    size_t rec = begin_len(&w, 2);
    put8(&w, 1);                                /* client_hello */
    size_t hs = begin_len(&w, 3);
    put16(&w, o->version >= VG_TLS1_3 ? VG_TLS1_2 : o->version);
    put_random(&w, 32);
    if (o->version >= VG_TLS1_3) {              /* middlebox-compatibility session id */
        put8(&w, 32);
        put_random(&w, 32);
    } else
        put8(&w, 0);
    size_t cs = begin_len(&w, 2);
    for (size_t i = 0; i < o->nsuites; i++)
        put16(&w, o->suites[i]);
    if (ssl3)
        put16(&w, 0x00ff);                      /* renegotiation SCSV: no extensions in SSL 3 */
    end_len(&w, cs, 2);
    put8(&w, 1);                                /* compression: null only */
    put8(&w, 0);
    if (!ssl3)
        put_extensions(&w, o);
    end_len(&w, hs, 3);
    end_len(&w, rec, 2);
    return w.overflow || w.len > 5 + 16384 ? 0 : w.len;
}

/* ---- ServerHello ---------------------------------------------------- */

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static void fail(vg_tls_reply *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(vg_tls_reply *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->detail, sizeof out->detail, fmt, ap);
    va_end(ap);
    out->outcome = VG_TLS_FAILED;
}

static bool offered(const vg_tls_offer *o, unsigned suite)
{
    for (size_t i = 0; i < o->nsuites; i++)
        if (o->suites[i] == suite)
            return true;
    return false;
}

/* body: the ServerHello message without its 4-byte header. */
static void parse_server_hello(const unsigned char *b, size_t n, const vg_tls_offer *o,
                               vg_tls_reply *out)
{
    if (n < 35)
        return fail(out, "ServerHello of %zu bytes is too short", n);
    unsigned ver = be16(b), sidlen = b[34];
    if (sidlen > 32)
        return fail(out, "ServerHello session id of %u bytes (at most 32)", sidlen);
    size_t p = 35 + sidlen;
    if (n < p + 3)
        return fail(out, "ServerHello ends before its cipher suite");
    unsigned suite = be16(b + p), chosen = ver;
    bool has_sv = false;
    p += 3;                                     /* suite + compression method */
    if (p < n) {
        if (n - p < 2)
            return fail(out, "ServerHello extensions length is cut short");
        size_t elen = be16(b + p);
        p += 2;
        if (elen != n - p)
            return fail(out, "ServerHello extensions length %zu does not match the %zu "
                        "bytes that follow", elen, n - p);
        while (p < n) {
            if (n - p < 4)
                return fail(out, "ServerHello extension header is cut short");
            unsigned type = be16(b + p);
            size_t len = be16(b + p + 2);
            p += 4;
            if (len > n - p)
                return fail(out, "ServerHello extension 0x%04x claims %zu bytes, %zu remain",
                            type, len, n - p);
            if (type == 0x002b) {               /* supported_versions */
                if (len != 2)
                    return fail(out, "supported_versions in ServerHello has %zu bytes", len);
                chosen = be16(b + p);
                has_sv = true;
            }
            p += len;
        }
    }
    if (has_sv && o->version < VG_TLS1_3)
        return fail(out, "server sent supported_versions to a %s ClientHello",
                    vg_tls_version_name(o->version));
    if (chosen < VG_SSL3_0 || chosen > o->version)
        return fail(out, "server chose protocol version %s, not offered (offered up to %s)",
                    vg_tls_version_name((uint16_t)chosen), vg_tls_version_name(o->version));
    if (!offered(o, suite))
        return fail(out, "server chose cipher suite 0x%04X, which was not offered", suite);
    out->outcome = VG_TLS_ACCEPTED;
    out->version = (uint16_t)chosen;
    out->suite = (uint16_t)suite;
    out->retry_request = chosen == VG_TLS1_3 && memcmp(b + 2, hrr_random, 32) == 0;
}

static void not_tls(const unsigned char *p, size_t n, vg_tls_reply *out)
{
    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0)
        return fail(out, "server answered in plain HTTP, not TLS");
    if (p[0] & 0x80)
        return fail(out, "server answered with an SSL 2.0 record, not SSL 3/TLS");
    char hex[40] = "";
    for (size_t i = 0; i < n && i < 8; i++)
        snprintf(hex + 3 * i, sizeof hex - 3 * i, "%02x ", p[i]);
    fail(out, "server sent bytes that are not a TLS record (%.*s)", (int)strlen(hex) - 1, hex);
}

void vg_tls_parse_reply(const unsigned char *buf, size_t len, const vg_tls_offer *o,
                        vg_tls_reply *out)
{
    unsigned char hs[4 + HS_MAX];
    size_t hlen = 0, pos = 0;
    memset(out, 0, sizeof *out);
    out->received = len;
    while (pos < len) {
        const unsigned char *r = buf + pos;
        size_t avail = len - pos;
        if (r[0] == 20 || r[0] == 23)
            return fail(out, "server sent a %s record before its ServerHello",
                        r[0] == 20 ? "change_cipher_spec" : "application_data");
        if (r[0] != 21 && r[0] != 22)
            return not_tls(r, avail, out);
        if (avail >= 2 && r[1] != 3)
            return fail(out, "record version %u.x is not SSL 3/TLS", r[1]);
        if (avail < 5)
            return;                             /* header incomplete */
        size_t rlen = be16(r + 3);
        if (rlen == 0)
            return fail(out, "server sent an empty %s record",
                        r[0] == 21 ? "alert" : "handshake");
        if (rlen > RECORD_MAX)
            return fail(out, "record length %zu exceeds the TLS maximum of %d", rlen,
                        RECORD_MAX);
        if (avail - 5 < rlen)
            return;                             /* record incomplete */
        const unsigned char *frag = r + 5;
        if (r[0] == 21) {
            if (rlen < 2)
                return fail(out, "alert record of %zu byte is cut short", rlen);
            out->outcome = VG_TLS_ALERT;
            out->alert_level = frag[0];
            out->alert = frag[1];
            snprintf(out->detail, sizeof out->detail, "%s alert %s (%u)",
                     frag[0] == 2 ? "fatal" : "warning", vg_tls_alert_name(frag[1]), frag[1]);
            return;
        }
        size_t take = rlen < sizeof hs - hlen ? rlen : sizeof hs - hlen;
        memcpy(hs + hlen, frag, take);
        hlen += take;
        pos += 5 + rlen;
        if (hlen < 4)
            continue;
        size_t mlen = (size_t)hs[1] << 16 | (size_t)hs[2] << 8 | hs[3];
        if (hs[0] != 2)
            return fail(out, "server sent handshake message type %u where a ServerHello "
                        "was due", hs[0]);
        if (mlen > HS_MAX)
            return fail(out, "ServerHello claims %zu bytes (at most %d accepted)", mlen, HS_MAX);
        if (hlen >= 4 + mlen)
            return parse_server_hello(hs + 4, mlen, o, out);
    }
}

/* ---- one exchange --------------------------------------------------- */

static int send_all(int fd, const unsigned char *p, size_t n, long long deadline,
                    vg_tls_reply *out)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k > 0) {
            p += k;
            n -= (size_t)k;
            continue;
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pf = {.fd = fd, .events = POLLOUT};
            int r = poll(&pf, 1, remaining(deadline));
            if (r > 0 || (r < 0 && errno == EINTR))
                continue;
            fail(out, "server did not read the ClientHello in time");
            return -1;
        }
        out->outcome = VG_TLS_CLOSED;
        snprintf(out->detail, sizeof out->detail,
                 "server closed the connection before reading the ClientHello (%s)",
                 strerror(errno));
        return -1;
    }
    return 0;
}

static void read_reply(int fd, const vg_tls_offer *o, long long deadline, int timeout_ms,
                       unsigned char *buf, vg_tls_reply *out)
{
    size_t got = 0;
    for (;;) {
        vg_tls_parse_reply(buf, got, o, out);
        if (out->outcome != VG_TLS_PENDING)
            return;
        if (got == VG_TLS_READ_MAX)
            return fail(out, "no ServerHello in the first %d bytes the server sent",
                        VG_TLS_READ_MAX);
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        int r = poll(&pf, 1, remaining(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            fail(out, "no complete answer within %d ms (%zu bytes received)", timeout_ms, got);
            out->received = got;
            return;
        }
        ssize_t k = recv(fd, buf + got, VG_TLS_READ_MAX - got, 0);
        if (k > 0) {
            got += (size_t)k;
            continue;
        }
        if (k < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        const char *how = k == 0 ? "closed" : "reset";
        if (got == 0) {
            out->outcome = VG_TLS_CLOSED;
            snprintf(out->detail, sizeof out->detail,
                     "server %s the connection without answering", how);
        } else
            fail(out, "server %s the connection after %zu bytes, in the middle of a "
                 "record", how, got);
        out->received = got;
        return;
    }
}

int vg_tls_exchange(const vg_tls_endpoint *ep, const vg_tls_offer *o, vg_tls_reply *out,
                    vg_error *err)
{
    unsigned char hello[8192];
    memset(out, 0, sizeof *out);
    size_t n = vg_tls_client_hello(o, hello, sizeof hello);
    if (!n)
        return vg_error_set(err, VG_EINPUT, "ClientHello for %zu suites does not fit one record",
                            o->nsuites);
    unsigned char *buf = malloc(VG_TLS_READ_MAX);
    if (!buf)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    int fd = vg_tls_connect(ep, err);
    if (fd < 0) {
        free(buf);
        return -1;
    }
    long long deadline = now_ms() + ep->timeout_ms;
    if (send_all(fd, hello, n, deadline, out) == 0)
        read_reply(fd, o, deadline, ep->timeout_ms, buf, out);
    close(fd);
    free(buf);
    return 0;
}
