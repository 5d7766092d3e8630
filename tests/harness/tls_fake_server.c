#include "tls_fake_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const unsigned char hrr_random[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

void fake_send(int fd, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0) {
            if (k < 0 && errno == EINTR)
                continue;
            return;
        }
        p += k;
        n -= (size_t)k;
    }
}

void fake_wait_close(int fd, int ms)
{
    char b[512];
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (poll(&p, 1, ms) > 0) {
        ssize_t k = recv(fd, b, sizeof b, 0);
        if (k <= 0)
            return;
    }
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* Read one ClientHello record (2 s at most) and parse what the tests need. */
static bool read_hello(int fd, client_hello *ch)
{
    unsigned char buf[20000];
    size_t got = 0, need = 5;
    memset(ch, 0, sizeof *ch);
    while (got < need) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 2000) <= 0)
            return false;
        ssize_t k = recv(fd, buf + got, need - got, 0);
        if (k <= 0)
            return false;
        got += (size_t)k;
        if (got == 5)
            need = 5 + be16(buf + 3);
        if (need > sizeof buf)
            return false;
    }
    const unsigned char *b = buf + 9, *end = buf + need;
    if (buf[0] != 22 || buf[5] != 1 || end - b < 35)
        return false;
    ch->version = (uint16_t)be16(b);
    b += 34;
    b += 1 + b[0];
    if (end - b < 2)
        return false;
    size_t cs = be16(b);
    b += 2;
    if ((size_t)(end - b) < cs)
        return false;
    for (size_t i = 0; i + 1 < cs && ch->nsuites < 512; i += 2)
        ch->suites[ch->nsuites++] = (uint16_t)be16(b + i);
    b += cs;
    if (end - b < 1)
        return false;
    b += 1 + b[0];
    if (end - b < 2)
        return true;
    b += 2;
    while (end - b >= 4) {
        unsigned type = be16(b), len = be16(b + 2);
        b += 4;
        if ((size_t)(end - b) < len)
            break;
        if (type == 0x002b)
            for (unsigned i = 1; i + 2 <= len; i += 2)
                if (be16(b + i) > ch->version)
                    ch->version = (uint16_t)be16(b + i);
        if (type == 0x0000 && len > 5) {
            unsigned n = be16(b + 3);
            if (n < sizeof ch->sni && n + 5 <= len) {
                memcpy(ch->sni, b + 5, n);
                ch->has_sni = true;
            }
        }
        b += len;
    }
    return true;
}

size_t fake_server_hello(unsigned char *buf, uint16_t legacy, uint16_t suite, uint16_t sv,
                         bool hrr)
{
    size_t n = 0;
    unsigned char body[128];
    body[n++] = (unsigned char)(legacy >> 8);
    body[n++] = (unsigned char)legacy;
    for (int i = 0; i < 32; i++)
        body[n++] = hrr ? hrr_random[i] : (unsigned char)(i * 7);
    body[n++] = 0;                                  /* session id */
    body[n++] = (unsigned char)(suite >> 8);
    body[n++] = (unsigned char)suite;
    body[n++] = 0;                                  /* compression */
    if (sv) {
        unsigned char ext[] = {0, 6, 0x00, 0x2b, 0, 2, (unsigned char)(sv >> 8),
                               (unsigned char)sv};
        memcpy(body + n, ext, sizeof ext);
        n += sizeof ext;
    }
    unsigned char *p = buf;
    *p++ = 22;
    *p++ = 3;
    *p++ = 3;
    *p++ = (unsigned char)((n + 4) >> 8);
    *p++ = (unsigned char)(n + 4);
    *p++ = 2;
    *p++ = 0;
    *p++ = (unsigned char)(n >> 8);
    *p++ = (unsigned char)n;
    memcpy(p, body, n);
    return 9 + n;
}

static void alert(int fd, unsigned desc)
{
    unsigned char a[7] = {21, 3, 3, 0, 2, 2, (unsigned char)desc};
    fake_send(fd, a, sizeof a);
}

/* TLS 1.3 suites only in TLS 1.3, the others only below it. */
static bool usable(uint16_t suite, uint16_t v)
{
    return (suite >> 8 == 0x13) == (v == 0x0304);
}

void behave_tls(int fd, const client_hello *ch, fake_server *s)
{
    if (!ch)
        return;
    uint16_t v = 0;
    for (uint16_t c = ch->version; c >= 0x0300 && c <= 0x0304; c--)
        if (s->versions & (1u << (c - 0x0300))) {
            v = c;
            break;
        }
    if (!v)
        return alert(fd, 70);                       /* protocol_version */
    int pick = -1;
    if (s->server_order) {
        for (size_t i = 0; i < s->nprefs && pick < 0; i++)
            for (size_t j = 0; j < ch->nsuites && pick < 0; j++)
                if (ch->suites[j] == s->prefs[i] && usable(s->prefs[i], v))
                    pick = (int)j;
    } else {
        for (size_t j = 0; j < ch->nsuites && pick < 0; j++)
            for (size_t i = 0; i < s->nprefs && pick < 0; i++)
                if (ch->suites[j] == s->prefs[i] && usable(s->prefs[i], v))
                    pick = (int)j;
    }
    if (pick < 0)
        return alert(fd, 40);                       /* handshake_failure */
    unsigned char sh[128];
    size_t n = fake_server_hello(sh, v == 0x0304 ? 0x0303 : v, ch->suites[pick],
                                 v == 0x0304 ? 0x0304 : 0, false);
    fake_send(fd, sh, n);
}

typedef struct conn_arg {
    int fd;
    fake_server *s;
} conn_arg;

static void *conn_main(void *arg)
{
    conn_arg *a = arg;
    client_hello ch;
    bool ok = read_hello(a->fd, &ch);
    a->s->behave(a->fd, ok ? &ch : NULL, a->s);
    fake_wait_close(a->fd, 3000);
    close(a->fd);
    free(a);
    return NULL;
}

static void *accept_main(void *arg)
{
    fake_server *s = arg;
    while (!s->stop) {
        struct pollfd p = {.fd = s->listen_fd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        conn_arg *a = malloc(sizeof *a);
        if (a) {
            a->fd = fd;                     /* before the thread can read them */
            a->s = s;
        }
        pthread_mutex_lock(&s->lock);
        s->connections++;
        if (!a || s->nconns == sizeof s->conns / sizeof s->conns[0] ||
            pthread_create(&s->conns[s->nconns], NULL, conn_main, a) != 0) {
            pthread_mutex_unlock(&s->lock);
            free(a);
            close(fd);
            continue;
        }
        s->nconns++;
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

int fake_server_start(fake_server *s, fake_behaviour b)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    s->behave = b;
    s->stop = false;
    s->nconns = 0;
    s->connections = 0;
    pthread_mutex_init(&s->lock, NULL);
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) ||
        listen(s->listen_fd, 64) || getsockname(s->listen_fd, (struct sockaddr *)&a, &l))
        return -1;
    s->port = ntohs(a.sin_port);
    return pthread_create(&s->acceptor, NULL, accept_main, s);
}

void fake_server_stop(fake_server *s)
{
    s->stop = true;
    pthread_join(s->acceptor, NULL);
    for (size_t i = 0; i < s->nconns; i++)
        pthread_join(s->conns[i], NULL);
    close(s->listen_fd);
    pthread_mutex_destroy(&s->lock);
}
