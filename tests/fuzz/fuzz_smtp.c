/* The SMTP capture listener (probe messages): the input is what a client
 * sends on one connection; whatever it stored is taken and freed. */
#include "fuzz.h"
#include "fuzz_net.h"

#include <stdlib.h>

#include "vg_smtp.h"

static vg_smtp *srv;

static void stop(void)
{
    vg_smtp_stop(srv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!srv) {
        /* small limits, so size and memory bounds are reached too */
        vg_smtp_opts o = {.max_message = 16384, .max_line = 1000, .max_memory = 65536,
                          .max_rcpts = 8, .idle_timeout_ms = 2000, .session_timeout_ms = 4000};
        vg_error err;
        if (!(srv = vg_smtp_start(&o, &err)))
            abort();
        atexit(stop);
    }
    fz_exchange(vg_smtp_port(srv), data, size, 5000);
    size_t n;
    vg_smtp_msg *m = vg_smtp_take(srv, &n);
    vg_smtp_msgs_free(m, n);
    return 0;
}
