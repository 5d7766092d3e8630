#include "vg_test_http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct vg_test_http {
    struct MHD_Daemon *d;
    int status, odd_status, port;
    char *odd_prefix;
    atomic_uint requests;
};

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **state)
{
    (void)method, (void)version, (void)data;
    vg_test_http *h = cls;
    if (!*state) {              /* first call: headers only; wait for the body */
        *state = h;
        return MHD_YES;
    }
    if (*size) {                /* swallow the body */
        *size = 0;
        return MHD_YES;
    }
    h->requests++;
    int status = h->odd_prefix && strncmp(url, h->odd_prefix, strlen(h->odd_prefix)) == 0
                     ? h->odd_status : h->status;
    static const char page[] = "<!doctype html><title>t</title><p>page</p>";
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof page - 1, (void *)page,
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "text/html");
    MHD_add_response_header(r, "Set-Cookie", "sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax");
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

vg_test_http *vg_test_http_start(int status, const char *odd_prefix, int odd_status)
{
    vg_test_http *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->status = status;
    h->odd_status = odd_status;
    h->odd_prefix = odd_prefix ? strdup(odd_prefix) : NULL;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                            answer, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_END);
    const union MHD_DaemonInfo *di =
        h->d ? MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    if (!di) {
        vg_test_http_stop(h);
        return NULL;
    }
    h->port = di->port;
    return h;
}

int vg_test_http_port(const vg_test_http *h)
{
    return h->port;
}

unsigned vg_test_http_requests(const vg_test_http *h)
{
    return h->requests;
}

void vg_test_http_stop(vg_test_http *h)
{
    if (!h)
        return;
    if (h->d)
        MHD_stop_daemon(h->d);
    free(h->odd_prefix);
    free(h);
}
