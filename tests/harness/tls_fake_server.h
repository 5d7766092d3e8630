#ifndef TLS_FAKE_SERVER_H
#define TLS_FAKE_SERVER_H
/*
 * A loopback TCP server for the TLS probe's tests: each connection reads
 * the ClientHello and then runs a behaviour: answer like a small TLS
 * server (for enumeration), or misbehave (stall, close, garbage, endless
 * streams, truncated or oversized records). Connections are served on
 * their own threads, all joined by fake_server_stop().
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct client_hello {
    uint16_t version;          /* highest version offered (supported_versions wins) */
    uint16_t suites[512];
    size_t nsuites;
    bool has_sni;
    char sni[256];
} client_hello;

typedef struct fake_server fake_server;
/* Called with the connected socket and the parsed hello (NULL when the
 * client sent none in time). Must return when the client goes away. */
typedef void (*fake_behaviour)(int fd, const client_hello *ch, fake_server *s);

struct fake_server {
    int port;
    int listen_fd;
    fake_behaviour behave;
    /* For the TLS-speaking behaviour: */
    unsigned versions;         /* bit (v - 0x0300) set when version v is supported */
    const uint16_t *prefs;     /* suites the server accepts, best first */
    size_t nprefs;
    bool server_order;
    /* internals */
    volatile bool stop;
    pthread_t acceptor;
    pthread_t conns[256];
    size_t nconns;
    pthread_mutex_t lock;
    unsigned connections;
};

int fake_server_start(fake_server *s, fake_behaviour b);
void fake_server_stop(fake_server *s);

/* Bytes of a ServerHello record: legacy version, suite, and when sv is
 * non-zero a supported_versions extension with it. hrr: the
 * HelloRetryRequest random. */
size_t fake_server_hello(unsigned char *buf, uint16_t legacy, uint16_t suite, uint16_t sv,
                         bool hrr);

/* Send all of buf, ignoring a client that went away. */
void fake_send(int fd, const void *buf, size_t n);
/* Wait (at most ms) until the client closes its end. */
void fake_wait_close(int fd, int ms);

/* The behaviour of a small, correct TLS server (versions/prefs/order). */
void behave_tls(int fd, const client_hello *ch, fake_server *s);

#endif
