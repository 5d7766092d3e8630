/*
 * vg_conf: the table of configuration formats, and the two things done by
 * looking through it: telling what format a file is, and handing it to
 * that format's checker. Each format lives whole in its own
 * vg_conf_<format>.c (one vg_conf_format descriptor); what they share is
 * vg_conf_kit.c, which knows no format. Adding a format is one file, one
 * line below and its tests (docs/architecture.md).
 */
#include "vg_conf.h"
#include "vg_conf_int.h"
#include "vg_runtime.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

/* Order matters only among formats equally sure of a file (vg_conf_match):
 * Apache before nginx (a .conf with both Apache and nginx words is
 * Apache's), XML before HTML (an "<?xml" page is XML). */
static const vg_conf_format *const formats[] = {
    &vg_conf_format_apache, &vg_conf_format_nginx, &vg_conf_format_xml,
    &vg_conf_format_json,   &vg_conf_format_html,
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static const vg_conf_format *format_of(vg_file_kind kind)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (formats[i]->kind == kind)
            return formats[i];
    return NULL;
}

bool vg_conf_handles(vg_file_kind kind)
{
    return format_of(kind) != NULL;
}

size_t vg_conf_nformats(void)
{
    return NFORMATS;
}

vg_conf_info vg_conf_format_info(size_t i)
{
    vg_conf_info info = {0};
    if (i < NFORMATS)
        info = (vg_conf_info){formats[i]->name, formats[i]->label, formats[i]->kind};
    return info;
}

vg_file_kind vg_conf_classify(const char *path, const char *head, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    vg_conf_match best = VG_CONF_NOT;
    vg_file_kind kind = VG_FILE_TEXT;
    for (size_t i = 0; i < NFORMATS; i++) {
        vg_conf_match m = formats[i]->recognise(path, base, head, n);
        if (m > best) {
            best = m;
            kind = formats[i]->kind;
        }
    }
    return kind;
}

/* Some libxml2 messages (entity redeclarations, ...) bypass the parser's
 * error options and go to the generic handler, which prints. Library code
 * never prints: the handler is per thread, so set it on every call. */
static void xml_silent(void *ud, const char *fmt, ...)
{
    (void)ud;
    (void)fmt;
}

/* The real paths of every file c loaded except the one being checked
 * (c->files[0]), each once. */
static int files_read(const vg_conf_ctx *c, char ***read, size_t *nread)
{
    *read = NULL;
    *nread = 0;
    if (c->nfiles < 2)
        return 0;
    char **v = calloc(c->nfiles - 1, sizeof *v);
    if (!v)
        return -1;
    size_t n = 0;
    for (size_t i = 1; i < c->nfiles; i++) {
        const char *r = c->files[i]->real;
        bool again = strcmp(r, c->files[0]->real) == 0;
        for (size_t k = 0; k < n && !again; k++)
            again = strcmp(v[k], r) == 0;
        if (again)
            continue;
        if (!(v[n] = strdup(r))) {
            vg_conf_read_free(v, n);
            return -1;
        }
        n++;
    }
    *read = v;
    *nread = n;
    return 0;
}

void vg_conf_read_free(char **read, size_t nread)
{
    for (size_t i = 0; i < nread; i++)
        free(read[i]);
    free(read);
}

int vg_conf_check_read(const vg_scan_opts *o, vg_file_kind kind, const char *path,
                       const char *buf, size_t len, vg_findings *out, char ***read,
                       size_t *nread)
{
    if (read) {
        *read = NULL;
        *nread = 0;
    }
    const vg_conf_format *fmt = format_of(kind);
    if (!fmt)
        return 0;
    vg_runtime_init();                  /* libxml2's set-up must not race the workers */
    xmlSetGenericErrorFunc(NULL, xml_silent);
    vg_conf_ctx c;
    vg_conf_ctx_init(&c, o, out);
    int rc = fmt->check(&c, path, buf, len);
    if (c.failed)
        rc = -1;
    if (!rc && read && files_read(&c, read, nread))
        rc = -1;
    vg_conf_ctx_free(&c);
    return rc;
}

int vg_conf_check(const vg_scan_opts *o, vg_file_kind kind, const char *path,
                  const char *buf, size_t len, vg_findings *out)
{
    return vg_conf_check_read(o, kind, path, buf, len, out, NULL, NULL);
}
