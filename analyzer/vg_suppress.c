#include "vg_suppress.h"

#include <ctype.h>
#include <string.h>

#define MARK "vigie-ignore"

/* Only comment syntax (slashes, stars, hashes, "<!--") before p on its line. */
static bool comment_only_before(const char *s, const char *p)
{
    for (; s < p; s++)
        if (!isspace((unsigned char)*s) && !strchr("/*#;<!-", *s))
            return false;
    return true;
}

/* Does one line [s, e) carry a vigie-ignore for rule_id? With whole_line,
 * the marker must stand in a comment of its own (a trailing comment on a
 * line of code covers that line, not the next one). */
static bool line_has(const char *s, const char *e, const char *rule_id,
                     bool whole_line, char *just, size_t justsz)
{
    size_t mlen = strlen(MARK), rlen = strlen(rule_id);
    for (const char *p = s; p + mlen <= e; p++) {
        p = memmem(p, (size_t)(e - p), MARK, mlen);
        if (!p)
            return false;
        if (whole_line && !comment_only_before(s, p))
            continue;
        const char *q = p + mlen;
        bool hit = false;
        /* rule list: ids separated by commas/spaces, up to ':' or end */
        while (q < e && *q != ':') {
            while (q < e && (*q == ' ' || *q == ',' || *q == '\t'))
                q++;
            const char *w = q;
            while (q < e && (isalnum((unsigned char)*q) || *q == '*'))
                q++;
            if (q == w) {
                if (q < e && *q != ':')
                    q++;
                continue;
            }
            if ((size_t)(q - w) == 1 && *w == '*')
                hit = true;
            else if ((size_t)(q - w) == rlen && memcmp(w, rule_id, rlen) == 0)
                hit = true;
        }
        if (!hit)
            continue;
        const char *j = q < e ? q + 1 : e;
        while (j < e && isspace((unsigned char)*j))
            j++;
        const char *je = e;
        while (je > j && isspace((unsigned char)je[-1]))
            je--;
        /* drop a closing comment marker left on the line */
        if (je - j >= 2 && je[-2] == '*' && je[-1] == '/')
            je -= 2;
        if (je - j >= 3 && memcmp(je - 3, "-->", 3) == 0)
            je -= 3;
        while (je > j && isspace((unsigned char)je[-1]))
            je--;
        size_t n = (size_t)(je - j);
        if (n >= justsz)
            n = justsz - 1;
        memcpy(just, j, n);
        just[n] = '\0';
        return true;
    }
    return false;
}

bool vg_suppress_find(const char *buf, size_t len, size_t line_start,
                      const char *rule_id, char *just, size_t justsz)
{
    if (line_start > len || !justsz)
        return false;
    const char *ls = buf + line_start, *end = buf + len;
    const char *le = memchr(ls, '\n', (size_t)(end - ls));
    if (!le)
        le = end;
    if (line_has(ls, le, rule_id, false, just, justsz))
        return true;
    if (line_start == 0)
        return false;
    const char *pe = ls - 1;              /* the '\n' ending the previous line */
    const char *ps = pe;
    while (ps > buf && ps[-1] != '\n')
        ps--;
    return line_has(ps, pe, rule_id, true, just, justsz);
}
