#include "vg_error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int vg_error_set(vg_error *err, vg_error_code code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return -1;
}

vg_error_code vg_error_code_errno(int e)
{
    if (e == ENOENT || e == ENOTDIR)
        return VG_ENOTFOUND;
    return e == ENOMEM ? VG_ENOMEM : VG_EIO;
}

const char *vg_error_code_name(vg_error_code code)
{
    switch (code) {
    case VG_OK:
        return "ok";
    case VG_EINPUT:
        return "bad input";
    case VG_ENOMEM:
        return "out of memory";
    case VG_EIO:
        return "input/output";
    case VG_ENOTFOUND:
        return "not found";
    case VG_EUNSUPPORTED:
        return "unsupported";
    }
    return "unknown";
}
