/* Offline message sources: the input as an mbox, as an .eml, and as the
 * one message of a maildir, each message MIME-parsed as probe messages does. */
#include "fuzz.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

#include "vg_mime.h"
#include "vg_msgsrc.h"

static int parse(const char *uri, const char *name, const char *raw, size_t len, void *ud)
{
    vg_mime_msg m;
    vg_error err;
    if (!vg_mime_parse(raw, len, NULL, &m, &err))
        vg_mime_msg_free(&m);
    (*(size_t *)ud)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char maildir[PATH_MAX];
    if (!maildir[0]) {
        const char *subs[] = {"", "/new", "/cur", "/tmp"};
        for (int i = 0; i < 4; i++) {
            snprintf(maildir, sizeof maildir, "%s/md%s", fz_dir(), subs[i]);
            mkdir(maildir, 0700);
        }
        snprintf(maildir, sizeof maildir, "%s/md", fz_dir());
    }
    size_t n = 0;
    vg_findings fs;
    vg_error err;
    vg_findings_init(&fs);
    const char *p = fz_write("fuzz.mbox", data, size);
    vg_msgsrc_mbox(p, 1u << 20, parse, &n, &fs, &err);
    vg_msgsrc_eml(p, 1u << 20, parse, &n, &fs, &err);
    /* cur/ left empty: an empty sub-directory once sorted NULL
     * (docs/fuzzing.md) */
    fz_write("md/new/1.eml", data, size);
    vg_msgsrc_maildir(maildir, 1u << 20, parse, &n, &fs, &err);
    vg_findings_free(&fs);
    return 0;
}
