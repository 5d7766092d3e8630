/* The SMS capture listener (probe messages): the input is one HTTP
 * request as a client would send it (form or JSON body). */
#include "fuzz.h"
#include "fuzz_net.h"

#include <stdlib.h>

#include "vg_sms.h"

static vg_sms *srv;

static void stop(void)
{
    vg_sms_stop(srv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!srv) {
        vg_sms_opts o = {.max_body = 16384, .max_messages = 64, .timeout_s = 2};
        vg_error err;
        if (!(srv = vg_sms_start(&o, &err)))
            abort();
        atexit(stop);
    }
    fz_exchange(vg_sms_port(srv), data, size, 5000);
    size_t n;
    vg_sms_msg *m = vg_sms_take(srv, &n);
    vg_sms_msgs_free(m, n);
    return 0;
}
