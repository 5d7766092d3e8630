/* MIME decoding and the message rules over one message (probe messages --eml). */
#include "fuzz.h"

#include <stdlib.h>

#include "vg_mime.h"
#include "vg_msgcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_mime_msg m;
    vg_error err;
    if (vg_mime_parse((const char *)data, size, NULL, &m, &err))
        return 0;
    static const vg_msg_identity id = {.name = "Gagnon Marie", .nam = "GAGM 8562 3011",
                                       .email = "marie@exemple.qc.ca",
                                       .password = "Motdepasse1"};
    vg_msgcheck_opts o = {.rs = fz_ruleset(), .ids = &id, .nids = 1};
    vg_msgcheck *c = vg_msgcheck_new(&o, &err);
    if (!c)
        abort();
    vg_findings fs;
    vg_findings_init(&fs);
    vg_msg msg = {.kind = VG_MSG_EMAIL, .uri = "fuzz.eml", .id = "1", .mime = &m};
    vg_msgcheck_add(c, &msg, &fs, &err);
    /* a second time as an SMS: the same bytes as a text body */
    vg_msg sms = {.kind = VG_MSG_SMS, .uri = "sms", .id = "sms-1",
                  .text = (const char *)data, .len = size};
    vg_msgcheck_add(c, &sms, &fs, &err);
    vg_msgcheck_finish(c, &fs, &err);
    vg_findings_free(&fs);
    vg_msgcheck_free(c);
    vg_mime_msg_free(&m);
    return 0;
}
