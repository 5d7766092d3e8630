/* What a name says about a value's role, shared by the libclang walk and
 * the engine: both must read "logfile" the same way. */
#include "vg_flow_ir.h"

#include <string.h>

#include "vg_words.h"

bool fl_log_word(const char *name)
{
    /* logfile, logfp, log_stream, debuglog: a word that starts or ends
     * with "log" (but login, logout, logic, logo, catalog, dialog,
     * blog are something else), or with "debug". */
    static const char *const not_log[] = {"catalog", "dialog", "blog", "backlog", "prolog",
                                          "analog", "epilog", "changelog", NULL};
    vg_words w;
    vg_words_split(name, strlen(name), &w);
    for (size_t i = 0; i < w.n; i++) {
        const char *x = w.w[i];
        size_t n = strlen(x);
        if (!strncmp(x, "log", 3) && strncmp(x, "logi", 4) && strncmp(x, "logo", 4))
            return true;
        if (n > 3 && !strcmp(x + n - 3, "log")) {
            int skip = 0;
            for (size_t k = 0; not_log[k] && !skip; k++)
                skip = !strcmp(x, not_log[k]);
            if (!skip)
                return true;
        }
        if (!strcmp(x, "journal") || !strcmp(x, "trace"))
            return true;
        /* debug, debugfile, debugfp, ".muttdebug0": a debug output is a
         * log, run together with what it is or whose it is */
        if ((!strncmp(x, "debug", 5) && strcmp(x, "debugger")) ||
            (n > 5 && !strcmp(x + n - 5, "debug")))
            return true;
    }
    return false;
}

/* The verb of a function's name: its first word, or its second after a
 * module prefix (DIMSE_buildCmdObject, TI_buildStudyQuery). */
static bool verb_in(const char *name, const char *const *verbs)
{
    vg_words w;
    vg_words_split(name, strlen(name), &w);
    for (size_t i = 0; i < w.n && i < 2; i++)
        for (size_t k = 0; verbs[k]; k++)
            if (!strcmp(w.w[i], verbs[k]))
                return true;
    return false;
}

bool fl_creates_word(const char *name)
{
    static const char *const v[] = {"new", "create", "make", "alloc", "allocate", "build",
                                    "construct", "init", "initialize", NULL};
    return verb_in(name, v);
}

bool fl_loads_word(const char *name)
{
    static const char *const v[] = {"load", "read", "receive", "recv", "parse", "fetch", "find",
                                    "decode", "import", "copy", "clone", "merge", "restore",
                                    "fill", "transfer", "swap", "assign", "open", "get", NULL};
    return verb_in(name, v);
}
