/* The one threshold every probe applies (see vg_probe_verdict.h). */
#include "vg_probe_verdict.h"

bool vg_probe_inconclusive(const vg_probe_tally *t, const char *what, const char *uri,
                           vg_findings *fs, vg_error *err)
{
    if (t->tried && t->failed * 2 <= t->tried)
        return false;
    if (!t->tried)
        vg_error_set(err, VG_EIO, "no %s were sent: nothing was judged", what);
    else
        vg_error_set(err, VG_EIO, "%u of %u %s failed (no answer, HTTP 400 or more, or a page that "
                     "did not load): nothing was judged, this is not a pass", t->failed,
                     t->tried, what);
    vg_findings_notice(fs, VG_LEVEL_ERROR, uri, 0, "%s", err->msg);
    return true;
}
