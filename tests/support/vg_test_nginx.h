#ifndef VG_TEST_NGINX_H
#define VG_TEST_NGINX_H
/*
 * Test support: a real nginx (Debian's /usr/sbin/nginx) on a free
 * 127.0.0.1 port, as a child process in its own process group, with its
 * prefix, pid file and error log in a fresh temporary directory.
 *
 *   vg_test_nginx ng;
 *   if (vg_test_nginx_start(&ng, "server { listen @LISTEN@ ssl; ... }", err, sizeof err))
 *       cr_fatal("%s", err);
 *   ... connect to 127.0.0.1:ng.port ...
 *   vg_test_nginx_stop(&ng);      // always, also on failure paths
 *
 * The configuration text is the inside of nginx's http { } block; these
 * placeholders are replaced: @LISTEN@ (127.0.0.1:PORT), @PORT@, @DIR@ (the
 * temporary directory, for certificates the test wrote there or logs).
 * nginx runs with master_process off: one process, killed with its group.
 */
#include <stddef.h>
#include <sys/types.h>

typedef struct vg_test_nginx {
    pid_t pid;                /* 0 when not running */
    int port;
    char dir[256];            /* temporary prefix directory */
    char error_log[300];
} vg_test_nginx;

/* Returns 0 once nginx accepts connections on the port, or -1 with a
 * message (nginx's own error log included) in err. Retries on a port
 * taken in between by someone else. */
int vg_test_nginx_start(vg_test_nginx *ng, const char *http_conf, char *err, size_t errcap);

/* Same, with the temporary directory chosen by the caller (dir must
 * exist; certificates may already be in it). */
int vg_test_nginx_start_in(vg_test_nginx *ng, const char *dir, const char *http_conf,
                           char *err, size_t errcap);

/* Kill nginx's process group, reap it. Idempotent. Leaves dir in place
 * (vg_test_nginx_cleanup removes it). */
void vg_test_nginx_stop(vg_test_nginx *ng);
/* Stop and remove the temporary directory when it was created by start. */
void vg_test_nginx_cleanup(vg_test_nginx *ng);

/* A free TCP port on 127.0.0.1 (bound to port 0, then released). */
int vg_test_free_port(void);

#endif
