#ifndef VG_MIME_H
#define VG_MIME_H
/*
 * vg_mime: decode an Internet message (RFC 5322 + MIME) into UTF-8 text
 * that the message checks can read.
 *
 * What it undoes: header folding, RFC 2047 encoded words, multipart
 * nesting (bounded depth and part count), message/rfc822 attachments,
 * base64 and quoted-printable transfer encodings, ISO-8859-1 and
 * Windows-1252 (and other iconv charsets) to UTF-8, HTML to text.
 * Invalid UTF-8 in a part declared UTF-8 is read as Windows-1252, so no
 * byte sequence can hide a value from the detectors.
 *
 * Memory: the decoded form is at most a small multiple of the input (base64
 * and quoted-printable only shrink; a single-byte charset at most triples).
 * Limits that were hit are reported in vg_mime_msg.notes, never silently.
 *
 * Ownership: vg_mime_parse fills a caller-provided vg_mime_msg that owns
 * every string reachable from it; release it with vg_mime_msg_free().
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_mime_header {
    char *name;          /* as written ("Subject") */
    char *value;         /* unfolded, encoded words decoded, UTF-8 */
} vg_mime_header;

typedef struct vg_mime_part {
    char *id;            /* MIME part number: "1", "2.1", ... ("1" for a single-part message) */
    char *content_type;  /* lower case, parameters removed: "text/plain" */
    char *filename;      /* attachment name, or NULL */
    char *text;          /* decoded UTF-8 text, NUL-terminated; NULL for a binary part */
    size_t len;
    bool html;           /* text was rendered from HTML (lines refer to that rendering) */
} vg_mime_part;

typedef struct vg_mime_limits {
    int max_depth;       /* multipart / message nesting, default 16 */
    size_t max_parts;    /* default 256 */
} vg_mime_limits;

typedef struct vg_mime_msg {
    vg_mime_header *headers;     /* top-level headers, in order */
    size_t nheaders;
    vg_mime_part *parts;         /* leaf parts, in document order */
    size_t nparts;
    char **notes;                /* limits hit, malformed structure; for notices */
    size_t nnotes;
} vg_mime_msg;

/* Decode raw[0..len) (CRLF or LF line ends). lim may be NULL for the
 * defaults. Never fails on malformed input (it decodes what it can and adds
 * a note); returns -1 only when memory runs out. */
int vg_mime_parse(const char *raw, size_t len, const vg_mime_limits *lim,
                  vg_mime_msg *out, vg_error *err);
void vg_mime_msg_free(vg_mime_msg *m);

/* First header called `name` (case-insensitive), decoded; NULL if absent. */
const char *vg_mime_get(const vg_mime_msg *m, const char *name);

/* Decode RFC 2047 encoded words in an unfolded header value to UTF-8.
 * Returns a malloc'd string, NULL on allocation failure. */
char *vg_mime_decode_words(const char *s, size_t len);

/* Convert bytes in `charset` (NULL: US-ASCII/UTF-8 guess) to UTF-8.
 * Returns a malloc'd NUL-terminated string and its length. */
char *vg_mime_to_utf8(const char *charset, const char *s, size_t len, size_t *outlen);

/* Append the addresses found in an address-list header value ("Marie
 * <m@x.test>, info@y.test") to *list, lower-cased. *list is a malloc'd
 * array of malloc'd strings; returns -1 on allocation failure. */
int vg_mime_addresses(const char *value, char ***list, size_t *n);

#endif
