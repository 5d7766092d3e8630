/*
 * MIME decoding for the message checks. The aim is recall: whatever a mail
 * client would show its reader, the checks must see as UTF-8 text, so
 * every encoding a sender can use to carry a value is undone here.
 */
#include "vg_mime.h"
#include "vg_vec.h"
#include "vg_buf.h"
#include "vg_runtime.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Buffers are vg_buf (util/vg_buf.h). */

/* ---- charsets --------------------------------------------------------- */

/* Windows-1252 0x80..0x9F; ISO-8859-1 maps those to C1 controls that no
 * real text uses, so mail labelled Latin-1 is read as 1252 (as browsers do). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static void put_cp(vg_buf *b, uint32_t cp)
{
    char u[4];
    if (cp < 0x80) {
        vg_buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        vg_buf_add(b, u, 2);
    } else {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        vg_buf_add(b, u, 3);
    }
}

static void put_cp1252(vg_buf *b, unsigned char c)
{
    put_cp(b, c >= 0x80 && c < 0xA0 ? cp1252_c1[c - 0x80] : c);
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t k = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (k == 0 || s[0] > 0xF4 || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (k == 3 && s[0] == 0xE0 && s[1] < 0xA0)
        return 0;                           /* overlong */
    if (k == 4 && s[0] == 0xF0 && s[1] < 0x90)
        return 0;
    return k;
}

/* UTF-8 kept; any byte that is not part of valid UTF-8 read as 1252. */
static void utf8_or_1252(vg_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len(u + i, n - i);
        if (k) {
            vg_buf_add(b, s + i, k);
            i += k;
        } else {
            put_cp1252(b, u[i++]);
        }
    }
}

static bool charset_is(const char *cs, const char *const *names)
{
    for (; *names; names++)
        if (strcasecmp(cs, *names) == 0)
            return true;
    return false;
}

static void convert(vg_buf *b, const char *cs, const char *s, size_t n)
{
    static const char *const utf8[] = {"utf-8", "utf8", "us-ascii", "ascii", "", NULL};
    static const char *const latin[] = {"iso-8859-1", "iso8859-1", "latin1", "latin-1",
                                        "l1", "windows-1252", "cp1252", "iso_8859-1",
                                        "x-cp1252", NULL};
    if (!cs || charset_is(cs, utf8)) {
        utf8_or_1252(b, s, n);
        return;
    }
    if (charset_is(cs, latin)) {
        for (size_t i = 0; i < n; i++)
            put_cp1252(b, (unsigned char)s[i]);
        return;
    }
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1) {          /* unknown charset: still show every byte */
        utf8_or_1252(b, s, n);
        return;
    }
    char tmp[1024];
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0 && !b->oom) {
        char *o = tmp;
        size_t oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        vg_buf_add(b, tmp, sizeof tmp - oleft);
        if (r == (size_t)-1 && errno != E2BIG) {
            /* an invalid or truncated sequence: show the byte, go on */
            put_cp1252(b, (unsigned char)*in);
            in++;
            inleft--;
        }
    }
    iconv_close(cd);
}

char *vg_mime_to_utf8(const char *charset, const char *s, size_t len, size_t *outlen)
{
    vg_buf b = {0};
    convert(&b, charset, s, len);
    return vg_buf_take(&b, outlen);
}

/* ---- transfer encodings ------------------------------------------------ */

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Characters outside the alphabet (line breaks, garbage) are skipped, as
 * mail readers do. */
static void base64_decode(vg_buf *b, const char *s, size_t n)
{
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '=')
            break;
        int v = b64val((unsigned char)s[i]);
        if (v < 0)
            continue;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            vg_buf_addc(b, (char)((acc >> bits) & 0xFF));
        }
    }
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (unsigned char)tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Quoted-printable (RFC 2045 6.7); `q` is the RFC 2047 "Q" variant where
 * '_' is a space. */
static void qp_decode(vg_buf *b, const char *s, size_t n, bool q)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '=' && i + 1 < n && s[i + 1] == '\n') {
            i++;                                    /* soft line break */
        } else if (c == '=' && i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
            i += 2;
        } else if (c == '=' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
                   hexval((unsigned char)s[i + 2]) >= 0) {
            vg_buf_addc(b, (char)(hexval((unsigned char)s[i + 1]) * 16 +
                               hexval((unsigned char)s[i + 2])));
            i += 2;
        } else if (c == '=' && i + 2 < n && s[i + 1] == ' ') {
            /* "=  \n": soft break followed by trailing blanks some senders add */
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t'))
                j++;
            if (j < n && s[j] == '\n')
                i = j;
            else
                vg_buf_addc(b, c);
        } else {
            vg_buf_addc(b, q && c == '_' ? ' ' : c);
        }
    }
}

/* ---- RFC 2047 encoded words ---------------------------------------------- */

/* Parse one encoded word at s (starting "=?"). On success fills the
 * charset (language suffix removed) and decoded bytes and returns its length. */
static size_t encoded_word(const char *s, size_t n, char *cs, size_t cssz, vg_buf *bytes)
{
    if (n < 8 || s[0] != '=' || s[1] != '?')
        return 0;
    size_t i = 2, c0 = i;
    while (i < n && s[i] != '?' && !isspace((unsigned char)s[i]))
        i++;
    if (i >= n || s[i] != '?' || i == c0 || i - c0 >= cssz)
        return 0;
    memcpy(cs, s + c0, i - c0);
    cs[i - c0] = '\0';
    char *star = strchr(cs, '*');                   /* RFC 2231 language */
    if (star)
        *star = '\0';
    i++;
    if (i + 1 >= n || s[i + 1] != '?')
        return 0;
    char enc = (char)toupper((unsigned char)s[i]);
    if (enc != 'B' && enc != 'Q')
        return 0;
    i += 2;
    size_t t0 = i;
    while (i + 1 < n && !(s[i] == '?' && s[i + 1] == '=')) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
            return 0;
        i++;
    }
    if (i + 1 >= n)
        return 0;
    if (enc == 'B')
        base64_decode(bytes, s + t0, i - t0);
    else
        qp_decode(bytes, s + t0, i - t0, true);
    return i + 2;
}

char *vg_mime_decode_words(const char *s, size_t n)
{
    vg_buf out = {0}, pend = {0};
    char pend_cs[64] = "", cs[64];
    size_t i = 0;
    bool after_word = false;
    while (i < n) {
        if (s[i] == '=' && i + 1 < n && s[i + 1] == '?') {
            vg_buf bytes = {0};
            size_t k = encoded_word(s + i, n - i, cs, sizeof cs, &bytes);
            if (k) {
                /* Adjacent words in one charset may split a character:
                 * convert their bytes together. */
                if (pend.len && strcasecmp(cs, pend_cs) != 0) {
                    convert(&out, pend_cs, pend.p, pend.len);
                    pend.len = 0;
                }
                snprintf(pend_cs, sizeof pend_cs, "%s", cs);
                vg_buf_add(&pend, bytes.p ? bytes.p : "", bytes.len);
                free(bytes.p);
                i += k;
                after_word = true;
                continue;
            }
            free(bytes.p);
        }
        if (after_word) {             /* whitespace between two words is dropped */
            size_t j = i;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
                j++;
            if (j > i && j + 1 < n && s[j] == '=' && s[j + 1] == '?') {
                vg_buf probe = {0};
                size_t k = encoded_word(s + j, n - j, cs, sizeof cs, &probe);
                free(probe.p);
                if (k) {
                    i = j;
                    continue;
                }
            }
        }
        if (pend.len) {
            convert(&out, pend_cs, pend.p, pend.len);
            pend.len = 0;
        }
        after_word = false;
        size_t j = i + 1;
        while (j < n && !(s[j] == '=' && j + 1 < n && s[j + 1] == '?'))
            j++;
        utf8_or_1252(&out, s + i, j - i);
        i = j;
    }
    if (pend.len)
        convert(&out, pend_cs, pend.p, pend.len);
    int oom = pend.oom;
    free(pend.p);
    char *r = vg_buf_take(&out, NULL);
    if (oom) {
        free(r);
        return NULL;
    }
    return r;
}

/* ---- headers and parameters ----------------------------------------------- */

typedef struct rawhdr {
    const char *name; size_t nlen;
    char *value;       /* unfolded, still encoded */
    size_t vlen, vcap; /* so that each continuation line is appended in O(its length) */
} rawhdr;

typedef struct entity {
    rawhdr *h;
    size_t nh;
    const char *body;
    size_t blen;
} entity;

static void entity_free(entity *e)
{
    for (size_t i = 0; i < e->nh; i++)
        free(e->h[i].value);
    free(e->h);
}

/* Split s into headers and body. Lines that are not headers (an mbox
 * "From " line, garbage) are skipped. */
static int parse_headers(const char *s, size_t n, entity *e)
{
    size_t i = 0, cap = 0;
    memset(e, 0, sizeof *e);
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        if (end == i) {                                /* blank line: body follows */
            i = end + 1;
            break;
        }
        if ((s[i] == ' ' || s[i] == '\t') && e->nh) {  /* folded continuation */
            rawhdr *h = &e->h[e->nh - 1];
            vg_buf b = {.p = h->value, .len = h->vlen, .cap = h->vcap};
            vg_buf_add(&b, s + i, end - i);    /* doubles: linear in the header's size */
            if (b.oom)
                return -1;
            h->value = b.p;
            h->vlen = b.len;
            h->vcap = b.cap;
        } else {
            const char *colon = memchr(s + i, ':', end - i);
            size_t nlen = colon ? (size_t)(colon - (s + i)) : 0;
            bool ok = colon && nlen > 0;
            for (size_t k = 0; ok && k < nlen; k++)
                if (s[i + k] <= ' ' || s[i + k] > '~')
                    ok = false;
            if (ok) {
                if (e->nh == cap) {
                    cap = cap ? cap * 2 : 16;
                    rawhdr *h = realloc(e->h, cap * sizeof *h);
                    if (!h)
                        return -1;
                    e->h = h;
                }
                const char *v = colon + 1;
                while (v < s + end && (*v == ' ' || *v == '\t'))
                    v++;
                size_t vlen = (size_t)(s + end - v);
                char *val = malloc(vlen + 1);
                if (!val)
                    return -1;
                memcpy(val, v, vlen);
                val[vlen] = '\0';
                e->h[e->nh++] = (rawhdr){s + i, nlen, val, vlen, vlen + 1};
            }
        }
        i = end + 1;
    }
    if (i > n)
        i = n;
    /* A NUL inside a value would end it for every reader after this one
     * and hide whatever follows from the checks: read it as a space. */
    for (size_t k = 0; k < e->nh; k++)
        for (char *z = memchr(e->h[k].value, '\0', e->h[k].vlen); z;
             z = memchr(z, '\0', e->h[k].vlen - (size_t)(z - e->h[k].value)))
            *z = ' ';
    e->body = s + i;
    e->blen = n - i;
    return 0;
}

static const char *entity_get(const entity *e, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < e->nh; i++)
        if (e->h[i].nlen == n && strncasecmp(e->h[i].name, name, n) == 0)
            return e->h[i].value;
    return NULL;
}

/* Value of parameter `name` in a Content-Type/Disposition value; RFC 2231
 * "name*=charset''text" is decoded too. Returns malloc'd or NULL. */
static char *param(const char *v, const char *name)
{
    size_t nl = strlen(name);
    const char *p = v ? strchr(v, ';') : NULL;
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        bool ext = false;
        if (strncasecmp(p, name, nl) == 0 &&
            (p[nl] == '=' || p[nl] == ' ' || (p[nl] == '*' && (ext = true)))) {
            const char *q = p + nl + (ext ? 1 : 0);
            if (ext && *q == '0') {       /* continuations: take the first piece */
                q++;
                if (*q == '*')
                    q++;
            }
            while (*q == ' ')
                q++;
            if (*q == '=') {
                q++;
                while (*q == ' ')
                    q++;
                vg_buf b = {0};
                if (*q == '"') {
                    for (q++; *q && *q != '"'; q++) {
                        if (*q == '\\' && q[1])
                            q++;
                        vg_buf_addc(&b, *q);
                    }
                } else {
                    const char *e = q;
                    while (*e && *e != ';' && *e != ' ' && *e != '\t')
                        e++;
                    if (ext) {
                        const char *a = memchr(q, '\'', (size_t)(e - q));
                        const char *a2 = a ? memchr(a + 1, '\'', (size_t)(e - a - 1)) : NULL;
                        vg_buf raw = {0};
                        char cs[64] = "";
                        if (a && a2) {
                            snprintf(cs, sizeof cs, "%.*s", (int)(a - q), q);
                            q = a2 + 1;
                        }
                        for (; q < e; q++) {
                            if (*q == '%' && q + 2 < e && hexval((unsigned char)q[1]) >= 0 &&
                                hexval((unsigned char)q[2]) >= 0) {
                                vg_buf_addc(&raw, (char)(hexval((unsigned char)q[1]) * 16 +
                                                      hexval((unsigned char)q[2])));
                                q += 2;
                            } else {
                                vg_buf_addc(&raw, *q);
                            }
                        }
                        convert(&b, cs[0] ? cs : NULL, raw.p ? raw.p : "", raw.len);
                        free(raw.p);
                    } else {
                        vg_buf_add(&b, q, (size_t)(e - q));
                    }
                }
                return vg_buf_take(&b, NULL);
            }
        }
        /* skip to the next ';' outside quotes */
        bool quoted = false;
        for (; *p; p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == '\\' && quoted && p[1])
                p++;
            else if (*p == ';' && !quoted)
                break;
        }
        p = *p ? p : NULL;
    }
    return NULL;
}

/* "Text/HTML; charset=x" -> "text/html" (malloc'd). */
static char *media_type(const char *v, const char *dflt)
{
    if (!v)
        return strdup(dflt);
    while (*v == ' ')
        v++;
    size_t n = strcspn(v, "; \t");
    if (n == 0 || !memchr(v, '/', n))
        return strdup(dflt);
    char *t = strndup(v, n);
    for (char *c = t; c && *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return t;
}

/* ---- HTML to text ------------------------------------------------------- */

static bool is_block(const char *n)
{
    static const char *const blocks[] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3",
                                         "h4", "h5", "h6", "table", "ul", "ol", "pre",
                                         "blockquote", "hr", "title", "section", "article",
                                         "header", "footer", "dd", "dt", NULL};
    for (const char *const *b = blocks; *b; b++)
        if (strcasecmp(n, *b) == 0)
            return true;
    return false;
}

static void render_close(vg_buf *b, const xmlNode *n)
{
    if (is_block((const char *)n->name) && b->len && b->p[b->len - 1] != '\n')
        vg_buf_addc(b, '\n');
}

/* Depth-first over the tree through the nodes' parent links: no recursion
 * and no stack, so HTML nested a hundred thousand deep is rendered whole
 * (a depth bound here once dropped everything below it, silently). */
static void render(vg_buf *b, xmlNode *first)
{
    const xmlNode *top = first ? first->parent : NULL;
    xmlNode *n = first;
    while (n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            /* collapse white space as a browser does */
            for (const xmlChar *c = n->content; c && *c; c++) {
                if (isspace(*c)) {
                    if (b->len && !isspace((unsigned char)b->p[b->len - 1]))
                        vg_buf_addc(b, ' ');
                } else {
                    vg_buf_addc(b, (char)*c);
                }
            }
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            if (strcasecmp(name, "script") != 0 && strcasecmp(name, "style") != 0) {
                if (is_block(name) && b->len && b->p[b->len - 1] != '\n')
                    vg_buf_addc(b, '\n');
                if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0)
                    vg_buf_addc(b, ' ');
                if (n->children) {
                    n = n->children;
                    continue;
                }
                render_close(b, n);
            }
        }
        /* next sibling, or up through the elements this subtree closes */
        while (!n->next) {
            n = n->parent;
            if (!n || n == top)
                return;
            render_close(b, n);
        }
        n = n->next;
    }
}

static char *html_text(const char *s, size_t n, size_t *outlen)
{
    if (n > INT32_MAX)
        n = INT32_MAX;
    /* XML_PARSE_HUGE: without it libxml2 stops at 256 levels of nesting
     * and drops the rest of the part; the tree it builds is iterative to
     * free, and render() walks it without recursion. */
    vg_runtime_init();                  /* capture threads parse at once */
    htmlDocPtr doc = htmlReadMemory(s, (int)n, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_NONET | XML_PARSE_HUGE);
    vg_buf b = {0};
    if (doc) {
        render(&b, xmlDocGetRootElement(doc));
        xmlFreeDoc(doc);
    }
    return vg_buf_take(&b, outlen);
}

/* ---- the walk ------------------------------------------------------------ */

typedef struct walker {
    vg_mime_msg *m;
    const vg_mime_limits *lim;
    size_t cap_parts, cap_notes;
    int oom;
} walker;

static void note(walker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(walker *w, const char *fmt, ...)
{
    if (w->m->nnotes >= 32)           /* garbage must not grow the notes without bound */
        return;
    char tmp[256];
    if (w->m->nnotes == 31) {           /* the last one says that others were dropped */
        snprintf(tmp, sizeof tmp, "more than 31 problems in this message: the rest are not "
                                  "listed");
    } else {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(tmp, sizeof tmp, fmt, ap);
        va_end(ap);
    }
    char **p = vg_vec_grow(w->m->notes, &w->cap_notes, w->m->nnotes + 1, sizeof *p);
    if (!p) {
        w->oom = 1;
        return;
    }
    w->m->notes = p;
    if (!(w->m->notes[w->m->nnotes] = strdup(tmp)))
        w->oom = 1;
    else
        w->m->nnotes++;
}

static void add_part(walker *w, const char *id, char *ctype, char *fname, char *text,
                     size_t len, bool html)
{
    vg_mime_part *p = vg_vec_grow(w->m->parts, &w->cap_parts, w->m->nparts + 1, sizeof *p);
    if (!p) {
        w->oom = 1;
        free(ctype), free(fname), free(text);
        return;
    }
    w->m->parts = p;
    char *pid = strdup(id);
    if (!pid)
        w->oom = 1;
    w->m->parts[w->m->nparts++] = (vg_mime_part){pid, ctype, fname, text, len, html};
}

static bool is_textual(const char *ct)
{
    return strncmp(ct, "text/", 5) == 0 || strcmp(ct, "application/json") == 0 ||
           strcmp(ct, "application/xml") == 0 || strcmp(ct, "application/csv") == 0 ||
           strcmp(ct, "message/delivery-status") == 0;
}

static void walk(walker *w, const char *s, size_t n, const char *id, int depth,
                 const char *dflt_type);

/* Body of a multipart entity: the parts between "--boundary" lines. */
static void walk_multipart(walker *w, const entity *e, const char *boundary,
                           const char *id, int depth, const char *subdflt)
{
    size_t bl = strlen(boundary);
    const char *s = e->body, *end = e->body + e->blen;
    const char *start = NULL;
    int idx = 0;
    bool closed = false;
    while (s < end && !closed) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        if (le - s >= (ptrdiff_t)(bl + 2) && s[0] == '-' && s[1] == '-' &&
            memcmp(s + 2, boundary, bl) == 0) {
            const char *rest = s + 2 + bl;
            bool close = le - rest >= 2 && rest[0] == '-' && rest[1] == '-';
            const char *t = rest + (close ? 2 : 0);
            while (t < le && (*t == ' ' || *t == '\t' || *t == '\r'))
                t++;
            if (t == le) {
                if (start) {
                    const char *pe = s > start ? s - 1 : s;   /* the newline belongs to the delimiter */
                    char sub[64];
                    if (w->m->nparts >= w->lim->max_parts) {
                        note(w, "more than %zu MIME parts: the rest were not checked",
                             w->lim->max_parts);
                        return;
                    }
                    idx++;
                    if (id[0])
                        snprintf(sub, sizeof sub, "%s.%d", id, idx);
                    else
                        snprintf(sub, sizeof sub, "%d", idx);
                    walk(w, start, (size_t)(pe - start), sub, depth + 1, subdflt);
                }
                start = nl ? nl + 1 : end;
                closed = close;
            }
        }
        s = nl ? nl + 1 : end;
    }
    if (!closed) {
        if (start && start < end) {
            char sub[64];
            idx++;
            snprintf(sub, sizeof sub, "%s%s%d", id, id[0] ? "." : "", idx);
            walk(w, start, (size_t)(end - start), sub, depth + 1, subdflt);
        } else if (!start) {
            /* no delimiter at all: show the body as it is */
            char *t = vg_mime_to_utf8(NULL, e->body, e->blen, NULL);
            if (t)
                add_part(w, id[0] ? id : "1", strdup("text/plain"), NULL, t, strlen(t), false);
        }
        note(w, "part %s: multipart boundary \"%s\" never closed", id[0] ? id : "1",
             boundary);
    }
}

/* Headers of an attached message, rendered as text so a value in its
 * Subject is checked like the body. */
static void inner_headers(walker *w, const entity *e, const char *id)
{
    static const char *const show[] = {"Subject", "From", "To", "Cc", NULL};
    vg_buf b = {0};
    for (const char *const *h = show; *h; h++) {
        const char *v = entity_get(e, *h);
        if (!v)
            continue;
        char *d = vg_mime_decode_words(v, strlen(v));
        if (d) {
            vg_buf_add(&b, *h, strlen(*h));
            vg_buf_add(&b, ": ", 2);
            vg_buf_add(&b, d, strlen(d));
            vg_buf_addc(&b, '\n');
            free(d);
        }
    }
    if (!b.len) {
        free(b.p);
        return;
    }
    char pid[80];
    snprintf(pid, sizeof pid, "%s.headers", id[0] ? id : "1");
    size_t len;
    char *t = vg_buf_take(&b, &len);
    if (t)
        add_part(w, pid, strdup("text/rfc822-headers"), NULL, t, len, false);
}

static void walk(walker *w, const char *s, size_t n, const char *id, int depth,
                 const char *dflt_type)
{
    entity e;
    if (w->oom || parse_headers(s, n, &e)) {
        w->oom = 1;
        entity_free(&e);
        return;
    }
    const char *ctv = entity_get(&e, "Content-Type");
    char *ct = media_type(ctv, dflt_type);
    if (!ct) {
        w->oom = 1;
        entity_free(&e);
        return;
    }
    const char *partid = id[0] ? id : "1";
    if (depth > w->lim->max_depth &&
        (strncmp(ct, "multipart/", 10) == 0 || strcmp(ct, "message/rfc822") == 0)) {
        note(w, "part %s: MIME nesting deeper than %d; shown undecoded", partid,
             w->lim->max_depth);
        char *t = vg_mime_to_utf8(NULL, e.body, e.blen, NULL);
        if (t)
            add_part(w, partid, ct, NULL, t, strlen(t), false);
        else
            free(ct);
        entity_free(&e);
        return;
    }
    if (strncmp(ct, "multipart/", 10) == 0) {
        char *boundary = param(ctv, "boundary");
        if (boundary && *boundary)
            walk_multipart(w, &e, boundary, id, depth,
                           strcmp(ct, "multipart/digest") == 0 ? "message/rfc822" : "text/plain");
        else {
            note(w, "part %s: multipart without a boundary; read as text", partid);
            char *t = vg_mime_to_utf8(NULL, e.body, e.blen, NULL);
            if (t)
                add_part(w, partid, strdup("text/plain"), NULL, t, strlen(t), false);
        }
        free(boundary);
        free(ct);
        entity_free(&e);
        return;
    }
    /* leaf (or an attached message): undo the transfer encoding */
    const char *cte = entity_get(&e, "Content-Transfer-Encoding");
    vg_buf raw = {0};
    if (cte && strncasecmp(cte, "base64", 6) == 0)
        base64_decode(&raw, e.body, e.blen);
    else if (cte && strncasecmp(cte, "quoted-printable", 16) == 0)
        qp_decode(&raw, e.body, e.blen, false);
    else
        vg_buf_add(&raw, e.body, e.blen);
    if (raw.oom) {
        w->oom = 1;
        free(raw.p), free(ct);
        entity_free(&e);
        return;
    }
    if (strcmp(ct, "message/rfc822") == 0 || strcmp(ct, "message/global") == 0) {
        entity inner;
        if (parse_headers(raw.p ? raw.p : "", raw.len, &inner) == 0)
            inner_headers(w, &inner, id);
        entity_free(&inner);
        walk(w, raw.p ? raw.p : "", raw.len, id, depth + 1, "text/plain");
        free(raw.p), free(ct);
        entity_free(&e);
        return;
    }
    const char *cd = entity_get(&e, "Content-Disposition");
    char *fname = param(cd, "filename");
    if (!fname)
        fname = param(ctv, "name");
    if (fname && strstr(fname, "=?")) {
        char *d = vg_mime_decode_words(fname, strlen(fname));
        free(fname);
        fname = d;
    }
    if (is_textual(ct)) {
        char *cs = param(ctv, "charset");
        size_t len;
        char *t = vg_mime_to_utf8(cs, raw.p ? raw.p : "", raw.len, &len);
        bool html = strcmp(ct, "text/html") == 0;
        if (t && html) {
            char *r = html_text(t, len, &len);
            free(t);
            t = r;
        }
        free(cs);
        if (t)
            add_part(w, partid, ct, fname, t, len, html);
        else {
            w->oom = 1;
            free(ct), free(fname);
        }
    } else {
        add_part(w, partid, ct, fname, NULL, 0, false);
    }
    free(raw.p);
    entity_free(&e);
}

/* ---- public ----------------------------------------------------------------- */

int vg_mime_parse(const char *raw, size_t len, const vg_mime_limits *lim,
                  vg_mime_msg *out, vg_error *err)
{
    vg_mime_limits dl = {16, 256};
    if (lim) {
        if (lim->max_depth > 0)
            dl.max_depth = lim->max_depth;
        if (lim->max_parts > 0)
            dl.max_parts = lim->max_parts;
    }
    memset(out, 0, sizeof *out);
    /* CRLF -> LF once, so every later step sees one line convention; a
     * file with CRLF line ends sent again as lines ("\r\r\n") too. */
    char *s = malloc(len + 1);
    if (!s)
        return vg_error_set(err, VG_ENOMEM, "out of memory decoding a %zu-byte message", len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (raw[i] == '\r') {
            size_t j = i;
            while (j < len && raw[j] == '\r')
                j++;
            if (j < len && raw[j] == '\n') {
                i = j - 1;                 /* drop the run; the LF comes next */
                continue;
            }
        }
        s[n++] = raw[i];
    }
    s[n] = '\0';

    walker w = {.m = out, .lim = &dl};
    entity top;
    if (parse_headers(s, n, &top) == 0) {
        out->headers = calloc(top.nh ? top.nh : 1, sizeof *out->headers);
        if (!out->headers)
            w.oom = 1;
        for (size_t i = 0; !w.oom && i < top.nh; i++) {
            vg_mime_header *h = &out->headers[out->nheaders];
            h->name = strndup(top.h[i].name, top.h[i].nlen);
            h->value = vg_mime_decode_words(top.h[i].value, top.h[i].vlen);
            out->nheaders++;
            if (!h->name || !h->value)
                w.oom = 1;
        }
    } else {
        w.oom = 1;
    }
    entity_free(&top);
    if (!w.oom)
        walk(&w, s, n, "", 0, "text/plain");
    free(s);
    if (w.oom) {
        vg_mime_msg_free(out);
        return vg_error_set(err, VG_ENOMEM, "out of memory decoding a %zu-byte message", len);
    }
    return 0;
}

void vg_mime_msg_free(vg_mime_msg *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nheaders; i++)
        free(m->headers[i].name), free(m->headers[i].value);
    for (size_t i = 0; i < m->nparts; i++) {
        vg_mime_part *p = &m->parts[i];
        free(p->id), free(p->content_type), free(p->filename), free(p->text);
    }
    for (size_t i = 0; i < m->nnotes; i++)
        free(m->notes[i]);
    free(m->headers), free(m->parts), free(m->notes);
    memset(m, 0, sizeof *m);
}

const char *vg_mime_get(const vg_mime_msg *m, const char *name)
{
    for (size_t i = 0; i < m->nheaders; i++)
        if (strcasecmp(m->headers[i].name, name) == 0)
            return m->headers[i].value;
    return NULL;
}

int vg_mime_addresses(const char *v, char ***list, size_t *n)
{
    static const char stop[] = " \t\n\r<>,;:\"()[]";
    for (const char *at = v ? strchr(v, '@') : NULL; at; at = strchr(at + 1, '@')) {
        const char *a = at, *b = at + 1;
        while (a > v && !strchr(stop, a[-1]))
            a--;
        while (*b && !strchr(stop, *b))
            b++;
        if (a == at || b == at + 1)
            continue;
        char *addr = strndup(a, (size_t)(b - a));
        if (!addr)
            return -1;
        for (char *c = addr; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        char **l = realloc(*list, (*n + 1) * sizeof *l);
        if (!l) {
            free(addr);
            return -1;
        }
        *list = l;
        l[(*n)++] = addr;
        at = b - 1;
    }
    return 0;
}
