/*
 * Building and rendering catalogue messages. The catalogue itself is in
 * vg_msg_catalogue.c.
 */
#include "vg_msg.h"
#include "vg_hash.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *vg_lang_tag(vg_lang lang)
{
    return lang == VG_LANG_FR ? "fr-CA" : "en";
}

vg_lang vg_lang_from_tag(const char *tag)
{
    return tag && (tag[0] == 'f' || tag[0] == 'F') && (tag[1] == 'r' || tag[1] == 'R')
               ? VG_LANG_FR : VG_LANG_EN;
}

vg_lang vg_lang_from_env(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return vg_lang_from_tag(v);
    }
    return VG_LANG_EN;
}

const vg_msg_def *vg_msg_get(const char *id)
{
    size_t n;
    const vg_msg_def *c = vg_msg_catalogue(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].id, id) == 0)
            return &c[i];
    return NULL;
}

const char *vg_msg_label(const char *key, vg_lang lang)
{
    char id[128];
    snprintf(id, sizeof id, "label.%s", key);
    const vg_msg_def *d = vg_msg_get(id);
    return d ? (lang == VG_LANG_FR ? d->fr : d->en) : NULL;
}

/* ---- a growing string ---------------------------------------------------- */

typedef struct buf {
    char *s;
    size_t n, cap;
    int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static char *done(buf *b)
{
    put(b, "", 0);
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

/* ---- {cat}: filled when a message is built ------------------------------ */

/* Upper-case the first letter: ASCII and the accented lower-case letters
 * of French (two-byte UTF-8, U+00E0..U+00FE, upper case 0x20 below). */
static void put_capitalised(buf *b, const char *s)
{
    unsigned char c0 = (unsigned char)s[0];
    if (c0 >= 'a' && c0 <= 'z') {
        char u = (char)(c0 - 32);
        put(b, &u, 1);
        s++;
    } else if (c0 == 0xc3 && (unsigned char)s[1] >= 0xa0 && (unsigned char)s[1] <= 0xbe) {
        char u[2] = {(char)0xc3, (char)((unsigned char)s[1] - 0x20)};
        put(b, u, 2);
        s += 2;
    }
    put(b, s, strlen(s));
}

static char *fill_term(const char *tmpl, const char *label)
{
    buf b = {0};
    /* runs between "{cat}"/"{Cat}" are copied whole: this runs for every
     * finding, in both languages (a 100 MB text scan renders 40,000) */
    for (const char *p = tmpl; *p;) {
        const char *q = label ? strchr(p, '{') : NULL;
        while (q && strncmp(q, "{cat}", 5) != 0 && strncmp(q, "{Cat}", 5) != 0)
            q = strchr(q + 1, '{');
        size_t run = q ? (size_t)(q - p) : strlen(p);
        put(&b, p, run);
        p += run;
        if (!q)
            break;
        if (q[1] == 'C')
            put_capitalised(&b, label);
        else
            put(&b, label, strlen(label));
        p += 5;
    }
    return done(&b);
}

/* ---- building ------------------------------------------------------------ */

void vg_msgref_free(vg_msgref *ref)
{
    free(ref->id);
    free(ref->tmpl[0]);
    free(ref->tmpl[1]);
    for (size_t i = 0; i < ref->nargs; i++)
        free(ref->args[i]);
    free(ref->args);
    memset(ref, 0, sizeof *ref);
}

static int set_args(vg_msgref *ref, const char *const *args, size_t nargs)
{
    ref->args = calloc(nargs + 1, sizeof *ref->args);
    if (!ref->args)
        return -1;
    for (size_t i = 0; i < nargs; i++) {
        if (!(ref->args[i] = strdup(args[i] ? args[i] : "")))
            return -1;
        ref->nargs++;
    }
    return 0;
}

int vg_msgref_set(vg_msgref *ref, const char *id, const char *en, const char *fr,
                  const char *const *args, size_t nargs)
{
    memset(ref, 0, sizeof *ref);
    if (!(ref->id = strdup(id)) || !(ref->tmpl[0] = strdup(en)) ||
        !(ref->tmpl[1] = strdup(fr ? fr : en)) || set_args(ref, args, nargs)) {
        vg_msgref_free(ref);
        return -1;
    }
    return 0;
}

int vg_msgref_copy(vg_msgref *dst, const vg_msgref *src)
{
    if (!src->id) {
        memset(dst, 0, sizeof *dst);
        return 0;
    }
    return vg_msgref_set(dst, src->id, src->tmpl[0], src->tmpl[1],
                         (const char *const *)src->args, src->nargs);
}

#define MAX_ARGS 10

int vg_msgref_build(vg_msgref *ref, const char *id, const char *term_id,
                    const vg_text *term, const char *argfmt, va_list ap)
{
    memset(ref, 0, sizeof *ref);
    const vg_msg_def *d = vg_msg_get(id);
    if (!d)
        return -1;
    char text[4096];
    const char *args[MAX_ARGS];
    size_t nargs = 0;
    if (argfmt && *argfmt) {
        vsnprintf(text, sizeof text, argfmt, ap);
        char *p = text;
        for (;;) {
            char *sep = strchr(p, VG_ARG[0]);
            if (nargs < MAX_ARGS)
                args[nargs++] = p;
            if (!sep)
                break;
            *sep = '\0';
            p = sep + 1;
        }
    }
    char sid[256];
    bool with_term = term && term_id && (strstr(d->en, "{cat}") || strstr(d->en, "{Cat}"));
    snprintf(sid, sizeof sid, "%s%s%s", id, with_term ? "." : "", with_term ? term_id : "");
    char *en = fill_term(d->en, with_term ? term->en : NULL);
    char *fr = fill_term(d->fr, with_term ? term->fr : NULL);
    int rc = en && fr ? vg_msgref_set(ref, sid, en, fr, args, nargs) : -1;
    free(en);
    free(fr);
    return rc;
}

static char *escape_braces(const char *s)
{
    buf b = {0};
    for (; *s; s++) {
        put(&b, s, 1);
        if (*s == '{' || *s == '}')
            put(&b, s, 1);
    }
    return done(&b);
}

int vg_msgref_compose(vg_msgref *ref, const char *id, const char *en, const char *fr)
{
    uint32_t h = vg_fnv32_str(en, VG_FNV32_INIT);
    char sid[200];
    snprintf(sid, sizeof sid, "%s.%08x", id, (unsigned)h);
    char *e = escape_braces(en), *f = escape_braces(fr ? fr : en);
    int rc = e && f ? vg_msgref_set(ref, sid, e, f, NULL, 0) : -1;
    free(e);
    free(f);
    return rc;
}

char *vg_msg_textf(vg_lang lang, const char *id, const char *argfmt, ...)
{
    vg_msgref ref;
    va_list ap;
    va_start(ap, argfmt);
    int rc = vg_msgref_build(&ref, id, NULL, NULL, argfmt, ap);
    va_end(ap);
    if (rc)
        return NULL;
    char *t = vg_msgref_render(&ref, lang, NULL, 0);
    vg_msgref_free(&ref);
    return t;
}

/* ---- rendering ----------------------------------------------------------- */

/* Fill {N}; each argument through `arg` when given. */
static char *format(const char *tmpl, const char *const *args, size_t nargs, vg_lang lang,
                    const vg_text *terms, size_t nterms, bool translate)
{
    buf b = {0};
    for (const char *p = tmpl; p && *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            put(&b, p, 1);
            p += 2;
        } else if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}') {
            size_t k = (size_t)(p[1] - '0');
            const char *a = k < nargs && args[k] ? args[k] : "";
            char *tr = NULL;
            vg_msgref step;
            if (translate && lang != VG_LANG_EN &&
                vg_msg_recognise(a, terms, NULL, nterms, &step) == 0) {
                tr = vg_msgref_render(&step, lang, NULL, 0);
                vg_msgref_free(&step);
            }
            put(&b, tr ? tr : a, strlen(tr ? tr : a));
            free(tr);
            p += 3;
        } else {
            put(&b, p, 1);
            p++;
        }
    }
    return done(&b);
}

char *vg_msg_format(const char *tmpl, const char *const *args, size_t nargs)
{
    return format(tmpl, args, nargs, VG_LANG_EN, NULL, 0, false);
}

char *vg_msg_render_args(const char *tmpl, const char *const *args, size_t nargs,
                         vg_lang lang, const vg_text *terms, size_t nterms)
{
    return format(tmpl, args, nargs, lang, terms, nterms, true);
}

char *vg_msgref_render(const vg_msgref *ref, vg_lang lang, const vg_text *terms,
                       size_t nterms)
{
    return vg_msg_render_args(ref->tmpl[lang == VG_LANG_FR], (const char *const *)ref->args,
                              ref->nargs, lang, terms, nterms);
}

/* ---- recognising step descriptions --------------------------------------- */

/* Match text against an English template: literal parts exactly, {N} any
 * non-empty text (shortest that lets the rest match), {cat} one of terms.
 * Backtracking over at most a few placeholders: templates are short. */
static bool match(const char *t, const char *s, const vg_text *terms, size_t nterms,
                  const char **args, size_t *lens, size_t *nargs, long *term)
{
    while (*t) {
        if (t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}') {
            size_t k = (size_t)(t[1] - '0');
            if (k >= MAX_ARGS)
                return false;
            for (size_t n = 1; n <= strlen(s); n++) {
                args[k] = s;
                lens[k] = n;
                if (match(t + 3, s + n, terms, nterms, args, lens, nargs, term)) {
                    if (*nargs < k + 1)
                        *nargs = k + 1;
                    return true;
                }
            }
            return false;
        }
        if (!strncmp(t, "{cat}", 5)) {
            for (size_t i = 0; i < nterms; i++) {
                size_t n = strlen(terms[i].en);
                if (!strncmp(s, terms[i].en, n) &&
                    match(t + 5, s + n, terms, nterms, args, lens, nargs, term)) {
                    *term = (long)i;
                    return true;
                }
            }
            return false;
        }
        if (*t != *s)
            return false;
        t++;
        s++;
    }
    return *s == '\0';
}

int vg_msg_recognise(const char *text, const vg_text *terms, const char *const *term_ids,
                     size_t nterms, vg_msgref *ref)
{
    size_t n;
    const vg_msg_def *c = vg_msg_catalogue(&n);
    memset(ref, 0, sizeof *ref);
    if (!text || !*text)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(c[i].id, "step.", 5) != 0)
            continue;
        const char *args[MAX_ARGS] = {0};
        size_t lens[MAX_ARGS] = {0}, nargs = 0;
        long term = -1;
        if (!match(c[i].en, text, terms, nterms, args, lens, &nargs, &term))
            continue;
        char *copies[MAX_ARGS] = {0};
        int bad = 0;
        for (size_t k = 0; k < nargs; k++)
            if (!(copies[k] = strndup(args[k] ? args[k] : "", lens[k])))
                bad = 1;
        char sid[160];
        snprintf(sid, sizeof sid, "%s%s%s", c[i].id, term >= 0 && term_ids ? "." : "",
                 term >= 0 && term_ids ? term_ids[term] : "");
        char *en = fill_term(c[i].en, term >= 0 ? terms[term].en : NULL);
        char *fr = fill_term(c[i].fr, term >= 0 ? terms[term].fr : NULL);
        if (!bad && en && fr &&
            vg_msgref_set(ref, sid, en, fr, (const char *const *)copies, nargs))
            bad = 1;
        for (size_t k = 0; k < nargs; k++)
            free(copies[k]);
        free(en);
        free(fr);
        return bad ? -1 : 0;
    }
    return -1;
}
