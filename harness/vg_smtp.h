#ifndef VG_SMTP_H
#define VG_SMTP_H
/*
 * vg_smtp: vigie's SMTP capture. A loopback ESMTP server (EHLO advertises
 * 8BITMIME, SIZE, PIPELINING and STARTTLS) that accepts every message and
 * keeps it for the checks, recording whether it came over TLS.
 *
 * It runs one poll() event loop in its own thread; every resource a client
 * can make it use is bounded: command line length, message size (SIZE;
 * beyond it the rest of the body is read and discarded, then 552), bytes
 * held in memory across all connections, recipients per message, idle
 * time and session time per connection, the number of connections, and
 * the reply backlog of a client that never reads. A client that breaks a
 * bound is answered (5xx or 421) and never affects other clients.
 *
 * The STARTTLS certificate is self-signed, generated at start (EC P-256,
 * CN = the host name); vg_smtp_cert_pem() gives it to clients that verify.
 *
 * Ownership: messages taken with vg_smtp_take belong to the caller
 * (vg_smtp_msgs_free). vg_smtp_stop joins the thread and frees the server.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_smtp_opts {
    const char *host;            /* bind address, default "127.0.0.1" */
    int port;                    /* 0: any free port (see vg_smtp_port) */
    const char *hostname;        /* greeting and certificate name, default "vigie.capture" */
    size_t max_message;          /* SIZE, default 10 MiB */
    size_t max_line;             /* command line, default 1000 (RFC 5321 text line) */
    size_t max_memory;           /* message bytes held at once, all clients, default 256 MiB */
    size_t max_rcpts;            /* per message, default 100 */
    int idle_timeout_ms;         /* default 30000 */
    int session_timeout_ms;      /* default 600000 */
    int max_connections;         /* default 1000 */
    bool no_starttls;            /* do not offer STARTTLS */
    const char *spool_dir;       /* write messages there instead of keeping them in memory */
} vg_smtp_opts;

typedef struct vg_smtp_msg {
    unsigned long seq;           /* 1, 2, ... in order of acceptance */
    char *helo;                  /* the EHLO/HELO name */
    char *mail_from;             /* envelope sender, no brackets */
    char **rcpts;                /* envelope recipients, lower case, no brackets */
    size_t nrcpts;
    bool tls;                    /* the transaction ran inside STARTTLS */
    char *data;                  /* the message (dot-unstuffed, CRLF kept); NULL if spooled */
    size_t len;
    char *spool_path;            /* with spool_dir: the file holding it */
} vg_smtp_msg;

typedef struct vg_smtp_stats {
    unsigned long connections;   /* accepted */
    unsigned long refused;       /* turned away at max_connections */
    unsigned long messages;      /* accepted and stored */
    unsigned long too_big;       /* 552: over SIZE */
    unsigned long no_room;       /* 452: over max_memory */
    unsigned long timeouts;      /* idle or session limit */
    unsigned long bad_commands;  /* 500/501/503 replies */
    unsigned long tls_sessions;  /* STARTTLS handshakes completed */
    unsigned long long bytes_in; /* bytes read from clients */
    size_t peak_memory;          /* most message bytes held at once */
    size_t open_now;             /* connections open now */
} vg_smtp_stats;

typedef struct vg_smtp vg_smtp;

/* Bind, generate the certificate, start the thread. NULL + err on failure. */
vg_smtp *vg_smtp_start(const vg_smtp_opts *o, vg_error *err);
int vg_smtp_port(const vg_smtp *s);
/* The STARTTLS certificate, PEM (borrowed, lives as long as s). */
const char *vg_smtp_cert_pem(const vg_smtp *s);
/* Messages stored so far. */
size_t vg_smtp_count(vg_smtp *s);
/* Move the stored messages out; *n gets their number. Memory they held is
 * released from the max_memory budget. */
vg_smtp_msg *vg_smtp_take(vg_smtp *s, size_t *n);
void vg_smtp_stats_get(vg_smtp *s, vg_smtp_stats *out);
/* Close every connection, stop the thread, free s (messages not taken are freed). */
void vg_smtp_stop(vg_smtp *s);

void vg_smtp_msgs_free(vg_smtp_msg *m, size_t n);

#endif
