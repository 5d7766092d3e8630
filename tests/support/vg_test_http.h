#ifndef VG_TEST_HTTP_H
#define VG_TEST_HTTP_H
/*
 * Test support: a tiny HTTP server on a free loopback port (libmicrohttpd,
 * its own thread) that answers every request with one status, except the
 * paths that start with `odd_prefix`, which get `odd_status`. Each answer
 * sets a cookie "sid" (HttpOnly, Secure, SameSite=Lax), so a probe that
 * reached the server has something to look at. Stopped by
 * vg_test_http_stop(): nothing is left running.
 */
typedef struct vg_test_http vg_test_http;

/* NULL if it cannot start. odd_prefix may be NULL. */
vg_test_http *vg_test_http_start(int status, const char *odd_prefix, int odd_status);
int vg_test_http_port(const vg_test_http *h);
unsigned vg_test_http_requests(const vg_test_http *h);
void vg_test_http_stop(vg_test_http *h);

#endif
