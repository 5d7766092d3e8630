/*
 * Detectors. One PCRE2 pattern, one named group per kind of value, compiled
 * once and JIT-compiled; the scan walks the text with a single matcher and
 * validates each candidate in C (dates, check digits), because a regular
 * expression can say "looks like a NAM" but not "is a real date".
 *
 * Patterns run in PCRE2's byte mode, not UTF mode: scanned files may be
 * Latin-1 or broken UTF-8, and UTF mode would have to reject them. Accented
 * letters are spelled out as their UTF-8 and Latin-1 bytes instead.
 */
#include "vg_detect.h"
#include "vg_fold.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct vg_detector {
    pcre2_code *re;
    int group[VG_DET_POSTAL + 1];           /* capture group of each kind, 0 = off */
    pcre2_code *context[VG_DET_POSTAL + 1]; /* context phrases per kind, or NULL */
    /* NAM phrases where '_' also separates words, so an identifier such as
     * `nam_client` names a NAM (used for values whose check digit fails). */
    pcre2_code *nam_ident;
    /* Spans that hold digits but never personal identifiers: UUIDs and
     * version-control keywords ($Id: ... $). */
    pcre2_code *noise;
};

struct vg_detect_ctx {
    const vg_detector *d;
    pcre2_match_data *md, *ctx_md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *stack;
};

static const char *const kind_names[] = {"none", "nam", "sin", "dob", "email",
                                         "phone", "postal"};

const char *vg_detector_kind_name(vg_detector_kind k)
{
    return k <= VG_DET_POSTAL ? kind_names[k] : "none";
}

/* é as UTF-8 or Latin-1 or plain e: accents in the text are optional. */
#define E_ACUTE "(?:\xc3\xa9|\xe9|e)"
#define U_CIRC  "(?:\xc3\xbb|\xfb|u)"

static const char *const part[VG_DET_POSTAL + 1] = {
    [VG_DET_NAM] =
        /* 4 letters, YYMM, DD, 11th character, check digit; spaces optional */
        "(?<![A-Za-z0-9])[A-Za-z]{4} ?\\d{4} ?\\d\\d[1-9A-HJ-NP-Za-hj-np-z]\\d(?![A-Za-z0-9])",
    [VG_DET_SIN] =
        /* nine digits in 3-3-3 with one consistent separator */
        "(?<![\\d.,])(?<!\\d[ -])[1-79]\\d\\d(?<sep>[ -]?)\\d{3}\\k<sep>\\d{3}(?![\\d])(?![ -]\\d)",
    [VG_DET_DOB] =
        "(?<![\\d/.-])(?:"
        "(?:19|20)\\d\\d([-/.])[01]?\\d\\g{-1}[0-3]?\\d"                 /* 1954-05-15 */
        "|[0-3]?\\d([-/.])[0-3]?\\d\\g{-1}(?:19|20)\\d\\d"                 /* 15/05/1954, 05/15/1954 */
        "|(?:1er|[0-3]?\\d) (?i:janv(?:ier)?|f" E_ACUTE "vr(?:ier)?|mars|avr(?:il)?|mai"
        "|juin|juil(?:let)?|ao" U_CIRC "t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?"
        "|d" E_ACUTE "c(?:embre)?|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july"
        "|aug(?:ust)?|sep|september|october|november|december)\\.? (?:19|20)\\d\\d"
        "|(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        "|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.? [0-3]?\\d"
        "(?:st|nd|rd|th)?,? (?:19|20)\\d\\d"
        ")(?![\\d])",
    [VG_DET_EMAIL] =
        "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
        "[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])",
    [VG_DET_PHONE] =
        "(?<![\\d+])(?:\\+?1[ .-]?)?(?:\\([2-9]\\d\\d\\)|[2-9]\\d\\d)[ .-]?[2-9]\\d\\d[ .-]?\\d{4}(?!\\d)",
    [VG_DET_POSTAL] =
        "(?<![A-Za-z0-9])[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z] ?\\d[ABCEGHJ-NPRSTV-Z]\\d(?![A-Za-z0-9])",
};

/* Digits inside these spans belong to the span. A UUID is 8-4-4-4-12 hex
 * digits; RCS, CVS, Subversion and Perforce expand keywords such as
 * "$Id: file.c 4711 2020-01-01 build $" or "$Revision: 4711 $". */
static const char noise_pattern[] =
    "(?<![0-9A-Za-z])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-"
    "[0-9A-Fa-f]{12}(?![0-9A-Za-z])"
    "|\\$(?:Id|Header|Revision|Rev|LastChangedRevision|Date|LastChangedDate|Author"
    "|LastChangedBy|HeadURL|URL|Source|RCSfile|Log|Name|Locker|State|Change|File"
    "|DateTime)(?::[^$\\r\\n]*)?\\$";

/* Append a context phrase to a pattern: regex metacharacters escaped,
 * accented letters (U+00C0..U+00FF) accepted as UTF-8, Latin-1 or their
 * base letter, the one folding of vg_fold.h, so a phrase matches here as
 * a name does in identifiers and messages. */
static void append_phrase(char *buf, size_t cap, size_t *n, const char *p, bool ident)
{
    /* Word edges: \b, or with ident no letter or digit next to the phrase
     * (an underscore then separates words, as in identifiers). */
    const char *before = ident ? "(?<![A-Za-z0-9])" : "\\b";
    const char *after = ident ? "(?![A-Za-z0-9])" : "\\b";
    bool word_start = isalnum((unsigned char)p[0]);
    *n += (size_t)snprintf(buf + *n, cap - *n, "%s", word_start ? before : "");
    for (const unsigned char *s = (const unsigned char *)p; *s && *n + 32 < cap; s++) {
        if (s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0xBF) {
            char base = vg_fold_letter(0xC0u + (s[1] - 0x80u));
            if (base)
                *n += (size_t)snprintf(buf + *n, cap - *n, "(?:\\xc3\\x%02x|\\x%02x|%c)",
                                       s[1], s[1] + 0x40, base);
            else
                *n += (size_t)snprintf(buf + *n, cap - *n, "(?:\\xc3\\x%02x|\\x%02x)",
                                       s[1], s[1] + 0x40);
            s++;
        } else if (*s == '\'') {
            *n += (size_t)snprintf(buf + *n, cap - *n, "(?:'|\\xe2\\x80\\x99)");
        } else if (*s == ' ') {
            *n += (size_t)snprintf(buf + *n, cap - *n, "\\s+");
        } else if (strchr("\\^$.|?*+()[]{}-#", *s)) {
            *n += (size_t)snprintf(buf + *n, cap - *n, "\\%c", *s);
        } else {
            buf[(*n)++] = (char)*s;
            buf[*n] = '\0';
        }
    }
    size_t plen = strlen(p);
    if (plen && isalnum((unsigned char)p[plen - 1]))
        *n += (size_t)snprintf(buf + *n, cap - *n, "%s", after);
}

static pcre2_code *compile(const char *pat, uint32_t opts, vg_error *err)
{
    int ec;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                   opts, &ec, &off, NULL);
    if (!re) {
        PCRE2_UCHAR m[160];
        pcre2_get_error_message(ec, m, sizeof m);
        vg_error_set(err, VG_EINPUT, "detector pattern, offset %zu: %s", (size_t)off, (char *)m);
        return NULL;
    }
    /* JIT is an optimisation: if this platform lacks it, the interpreter
     * gives the same answers, only slower. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

static pcre2_code *compile_context(const vg_category *cat, bool ident, vg_error *err)
{
    if (!cat || !cat->ncontext)
        return NULL;
    size_t cap = 256;
    for (size_t i = 0; i < cat->ncontext; i++)
        cap += strlen(cat->context[i]) * 24 + 48;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cat->ncontext; i++) {
        if (i)
            buf[n++] = '|';
        buf[n] = '\0';
        append_phrase(buf, cap, &n, cat->context[i], ident);
    }
    pcre2_code *re = compile(buf, PCRE2_CASELESS, err);
    free(buf);
    return re;
}

vg_detector *vg_detector_new(const vg_ruleset *rs, unsigned kinds, vg_error *err)
{
    vg_detector *d = calloc(1, sizeof *d);
    char pat[8192];
    size_t n = 0;
    if (!d) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    pat[0] = '\0';
    for (int k = VG_DET_NAM; k <= VG_DET_POSTAL; k++) {
        if (!(kinds & VG_DETECT_KIND(k)))
            continue;
        n += (size_t)snprintf(pat + n, sizeof pat - n, "%s(?<%s>%s)",
                              n ? "|" : "", kind_names[k], part[k]);
    }
    if (!n) {
        vg_error_set(err, VG_EINPUT, "no detector selected");
        free(d);
        return NULL;
    }
    /* DUPNAMES is not needed: each kind's group has its own name, and the
     * back-references inside parts are relative. */
    if (!(d->re = compile(pat, 0, err))) {
        free(d);
        return NULL;
    }
    for (int k = VG_DET_NAM; k <= VG_DET_POSTAL; k++) {
        if (!(kinds & VG_DETECT_KIND(k)))
            continue;
        int g = pcre2_substring_number_from_name(d->re, (PCRE2_SPTR)kind_names[k]);
        d->group[k] = g > 0 ? g : 0;
        const vg_category *cat = rs ? vg_ruleset_category_by_detector(rs, (vg_detector_kind)k) : NULL;
        if (cat && cat->ncontext && !(d->context[k] = compile_context(cat, false, err))) {
            vg_detector_free(d);
            return NULL;
        }
        if (k == VG_DET_NAM && cat && cat->ncontext &&
            !(d->nam_ident = compile_context(cat, true, err))) {
            vg_detector_free(d);
            return NULL;
        }
    }
    if (!(d->noise = compile(noise_pattern, 0, err))) {
        vg_detector_free(d);
        return NULL;
    }
    return d;
}

void vg_detector_free(vg_detector *d)
{
    if (!d)
        return;
    pcre2_code_free(d->re);
    for (int k = 0; k <= VG_DET_POSTAL; k++)
        pcre2_code_free(d->context[k]);
    pcre2_code_free(d->nam_ident);
    pcre2_code_free(d->noise);
    free(d);
}

vg_detect_ctx *vg_detect_ctx_new(const vg_detector *d)
{
    vg_detect_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->d = d;
    c->md = pcre2_match_data_create_from_pattern(d->re, NULL);
    c->ctx_md = pcre2_match_data_create(4, NULL);
    c->mctx = pcre2_match_context_create(NULL);
    c->stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (!c->md || !c->ctx_md || !c->mctx || !c->stack) {
        vg_detect_ctx_free(c);
        return NULL;
    }
    pcre2_jit_stack_assign(c->mctx, NULL, c->stack);
    return c;
}

void vg_detect_ctx_free(vg_detect_ctx *c)
{
    if (!c)
        return;
    pcre2_match_data_free(c->md);
    pcre2_match_data_free(c->ctx_md);
    pcre2_match_context_free(c->mctx);
    pcre2_jit_stack_free(c->stack);
    free(c);
}

/* ---- validation ---------------------------------------------------- */

bool vg_detect_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Copy the alphanumerics of s into out (upper-cased); returns the count. */
static size_t compact(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < cap; i++)
        if (isalnum((unsigned char)s[i]))
            out[n++] = (char)toupper((unsigned char)s[i]);
    return n;
}

/* EBCDIC code of an upper-case letter or digit, modulo 10 being all the
 * check digit needs: A-I = C1-C9, J-R = D1-D9, S-Z = E2-E9, 0-9 = F0-F9. */
static int ebcdic(char ch)
{
    if (ch >= '0' && ch <= '9')
        return 0xF0 + (ch - '0');
    if (ch >= 'A' && ch <= 'I')
        return 0xC1 + (ch - 'A');
    if (ch >= 'J' && ch <= 'R')
        return 0xD1 + (ch - 'J');
    if (ch >= 'S' && ch <= 'Z')
        return 0xE2 + (ch - 'S');
    return 0;
}

/* The public INSPQ check digit: EBCDIC codes of the 4 letters, the 4-digit
 * year, the sex (M/F), month, day and the 11th character, weighted. */
static int nam_check_digit(const char *c12, int year, bool female, int month)
{
    static const int w[14] = {1, 3, 7, 9, 1, 7, 1, 3, 4, 5, 7, 6, 9, 1};
    char seq[14];
    memcpy(seq, c12, 4);
    snprintf(seq + 4, 5, "%04d", year);
    seq[8] = female ? 'F' : 'M';
    seq[9] = (char)('0' + month / 10);
    seq[10] = (char)('0' + month % 10);
    seq[11] = c12[8];
    seq[12] = c12[9];
    seq[13] = c12[10];
    int sum = 0;
    for (int i = 0; i < 14; i++)
        sum += w[i] * ebcdic(seq[i]);
    return sum % 10;
}

bool vg_detect_nam_valid(const char *s, size_t len, bool *check_ok)
{
    char c[16];
    if (check_ok)
        *check_ok = false;
    if (compact(s, len, c, sizeof c) != 12)
        return false;
    for (int i = 0; i < 4; i++)
        if (!isalpha((unsigned char)c[i]))
            return false;
    for (int i = 4; i < 10; i++)
        if (!isdigit((unsigned char)c[i]))
            return false;
    if (c[10] == '0' || c[10] == 'I' || c[10] == 'O' || !isdigit((unsigned char)c[11]))
        return false;
    int yy = (c[4] - '0') * 10 + (c[5] - '0');
    int mm = (c[6] - '0') * 10 + (c[7] - '0');
    int dd = (c[8] - '0') * 10 + (c[9] - '0');
    bool female = mm > 50;
    if (female)
        mm -= 50;
    /* The century is not in the number: the date must exist in one of the
     * two, and the check digit must agree for that one. */
    bool valid = false;
    for (int century = 1900; century <= 2000; century += 100) {
        if (!vg_detect_date_valid(century + yy, mm, dd))
            continue;
        valid = true;
        if (check_ok && nam_check_digit(c, century + yy, female, mm) == c[11] - '0')
            *check_ok = true;
    }
    return valid;
}

bool vg_detect_sin_valid(const char *s, size_t len)
{
    char c[16];
    if (compact(s, len, c, sizeof c) != 9)
        return false;
    if (c[0] == '0' || c[0] == '8')
        return false;
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        if (!isdigit((unsigned char)c[i]))
            return false;
        int v = c[i] - '0';
        if (i % 2 == 1 && (v *= 2) > 9)
            v -= 9;
        sum += v;
    }
    return sum % 10 == 0;
}

/* Month number from a FR/EN month name, 0 if none. Prefixes are enough:
 * the pattern already accepted only real month names; accented bytes end
 * the word, so "déc" is seen as "d" and "août" as "ao". */
static int month_from_name(const char *s, size_t len)
{
    static const struct { const char *prefix; int month; } tab[] = {
        {"ja", 1}, {"f", 2}, {"mar", 3}, {"ap", 4}, {"av", 4}, {"mai", 5},
        {"may", 5}, {"juin", 6}, {"jun", 6}, {"juil", 7}, {"jul", 7},
        {"au", 8}, {"ao", 8}, {"se", 9}, {"oc", 10}, {"no", 11}, {"d", 12}};
    char w[16];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof w - 1 && isalpha((unsigned char)s[i]); i++)
        w[n++] = (char)tolower((unsigned char)s[i]);
    w[n] = '\0';
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strncmp(w, tab[i].prefix, strlen(tab[i].prefix)) == 0)
            return tab[i].month;
    return 0;
}

/* Validate a date candidate. Numeric day/month order is ambiguous between
 * FR (15/05) and EN-US (05/15): either reading that is a real date counts. */
static bool date_candidate_valid(const char *s, size_t len)
{
    int num[3], nn = 0, ndig[3] = {0}, month = 0;
    for (size_t i = 0; i < len && nn < 3;) {
        if (isdigit((unsigned char)s[i])) {
            int v = 0, k = 0;
            while (i < len && isdigit((unsigned char)s[i]))
                v = v * 10 + (s[i++] - '0'), k++;
            ndig[nn] = k;
            num[nn++] = v;
            while (i < len && isalpha((unsigned char)s[i]))   /* 1er, 15th */
                i++;
        } else if (isalpha((unsigned char)s[i]) && !month) {
            month = month_from_name(s + i, len - i);
            while (i < len && !isdigit((unsigned char)s[i]) && s[i] != ' ')
                i++;
        } else
            i++;
    }
    if (month) {
        /* "1er mai 1954" / "15 May 1954" / "May 15, 1954": two numbers */
        if (nn != 2)
            return false;
        int year = ndig[0] == 4 ? num[0] : num[1];
        int day = ndig[0] == 4 ? num[1] : num[0];
        return vg_detect_date_valid(year, month, day);
    }
    if (nn != 3)
        return false;
    if (ndig[0] == 4)
        return vg_detect_date_valid(num[0], num[1], num[2]);
    return vg_detect_date_valid(num[2], num[1], num[0]) ||
           vg_detect_date_valid(num[2], num[0], num[1]);
}

/* Does the context pattern re match shortly before [s,e), or just after it?
 * The window never reaches back past the previous value found (floor) nor
 * past the end of the previous sentence: "Date of birth: X. Meeting on Y"
 * makes X a birth date, not Y. With line_only, the window also stops at
 * the line's ends (a name in code sits on the value's own line). */
static bool context_near(vg_detect_ctx *c, const pcre2_code *re, const char *text,
                         size_t len, size_t s, size_t e, size_t floor, bool line_only)
{
    if (!re)
        return false;
    size_t from = s > 48 ? s - 48 : 0;
    if (from < floor)
        from = floor;
    for (size_t i = s; i > from + 1; i--)
        if ((text[i - 2] == '.' || text[i - 2] == ';') && (text[i - 1] == ' ' || text[i - 1] == '\n')) {
            from = i;
            break;
        }
    if (line_only)
        for (size_t i = s; i > from; i--)
            if (text[i - 1] == '\n') {
                from = i;
                break;
            }
    size_t to = e + 24 < len ? e + 24 : len;
    /* After the value, only up to the end of its sentence, or of its item
     * in a list or an object: in {"facture": "X", "nam": "Y"} the key
     * "nam" names Y, not X. */
    for (size_t i = e; i + 1 < to; i++) {
        if ((text[i] == '.' || text[i] == ';' || text[i] == '\n') &&
            (i + 1 >= len || text[i + 1] == ' ' || text[i + 1] == '\n')) {
            to = i;
            break;
        }
        if (text[i] == ',') {
            size_t j = i + 1;
            while (j < to && (text[j] == ' ' || text[j] == '\t'))
                j++;
            if (j < to && (text[j] == '"' || text[j] == '\'')) {
                to = i;
                break;
            }
        }
    }
    if (line_only)
        for (size_t i = e; i < to; i++)
            if (text[i] == '\n') {
                to = i;
                break;
            }
    int rc = pcre2_match(re, (PCRE2_SPTR)text + from, to - from, 0, 0,
                         c->ctx_md, c->mctx);
    return rc >= 0;
}

static bool has_context(vg_detect_ctx *c, vg_detector_kind k, const char *text,
                        size_t len, size_t s, size_t e, size_t floor)
{
    return context_near(c, c->d->context[k], text, len, s, e, floor, false);
}

/* ---- look-alikes: digits that belong to something else -------------- */

static bool is_alnum(char ch)
{
    return isalnum((unsigned char)ch) != 0;
}

/* Does [s,e) touch a letter or digit on either side? Then its digits are
 * a slice of a longer token (a hex key, a digest, "0x...", "a1b2...")
 * rather than a number written on its own. A phone number may carry an
 * extension ("514 555 0100x12"). */
static bool inside_token(vg_detector_kind k, const char *text, size_t len, size_t s, size_t e)
{
    if (s > 0 && is_alnum(text[s - 1]))
        return true;
    if (e < len && is_alnum(text[e])) {
        if (k == VG_DET_PHONE && (text[e] == 'x' || text[e] == 'X') &&
            (e + 1 >= len || !isalpha((unsigned char)text[e + 1])))
            return false;
        return true;
    }
    return false;
}

/* Does [s,e) overlap a UUID or a version-control keyword on its line? */
static bool inside_noise(vg_detect_ctx *c, const char *text, size_t len, size_t s, size_t e)
{
    const pcre2_code *re = c->d->noise;
    if (!re)
        return false;
    size_t ls = s, le = e;
    while (ls > 0 && s - ls < 1024 && text[ls - 1] != '\n')
        ls--;
    while (le < len && le - e < 1024 && text[le] != '\n')
        le++;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->ctx_md);
    size_t off = 0;
    while (off < le - ls) {
        int rc = pcre2_match(re, (PCRE2_SPTR)text + ls, le - ls, off, 0, c->ctx_md, c->mctx);
        if (rc < 0)
            return false;
        size_t ms = ls + ov[0], me = ls + ov[1];
        if (ms >= e)
            return false;
        if (me > s)
            return true;
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    return false;
}

/* Identifier words that make a bare number a time. */
static bool time_word(const char *w, size_t n)
{
    static const char *const words[] = {"epoch", "time", "times", "timestamp", "ts", "unix",
                                        "secs", "seconds", "ms", "msec", "millis",
                                        "usec", "nsec", "utc", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && strncasecmp(words[i], w, n) == 0)
            return true;
    return false;
}

/* Nine bare digits are also a Unix time (1973 to 2001). Read them as one
 * when the value is a whole hour of it ("946684800", 2000-01-01) or when
 * the words just before it on its line speak of time ("time_t start =",
 * "y2k_epoch ="). Words are split at anything but a letter, so
 * identifiers count word by word. */
static bool reads_as_time(const char *text, size_t s, size_t e)
{
    unsigned long v = 0;
    for (size_t i = s; i < e; i++)
        v = v * 10 + (unsigned long)(text[i] - '0');
    if (v % 3600 == 0)
        return true;
    size_t from = s > 64 ? s - 64 : 0;
    for (size_t i = s; i > from; i--)
        if (text[i - 1] == '\n') {
            from = i;
            break;
        }
    for (size_t i = from; i < s;) {
        if (!isalpha((unsigned char)text[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < s && isalpha((unsigned char)text[j]))
            j++;
        if (time_word(text + i, j - i))
            return true;
        i = j;
    }
    return false;
}

/* Nine bare digits as an operand of code (UL( 643717713), {1, 2,
 * 130692544}, x = 130692544;): a number constant, such as a hash
 * function's round constants, not an SIN someone wrote down. */
static bool reads_as_code_number(const char *text, size_t len, size_t s, size_t e)
{
    size_t i = s, j = e;
    while (i > 0 && text[i - 1] == ' ')
        i--;
    while (j < len && text[j] == ' ')
        j++;
    return i > 0 && strchr("(,=[{", text[i - 1]) && j < len && text[j] &&
           strchr("),;]}uUlL", text[j]);
}

static int matched_kind(const vg_detector *d, const PCRE2_SIZE *ov, uint32_t count)
{
    for (int k = VG_DET_NAM; k <= VG_DET_POSTAL; k++) {
        int g = d->group[k];
        if (g && (uint32_t)g < count && ov[2 * g] != PCRE2_UNSET)
            return k;
    }
    return VG_DET_NONE;
}

/* Confidence of a candidate, 0 when it fails validation. */
static float judge(vg_detect_ctx *c, vg_detector_kind k, const char *text,
                   size_t len, size_t s, size_t e, size_t floor, bool require_context)
{
    const char *v = text + s;
    size_t n = e - s;
    bool ok;
    /* Digits that are part of a token, a UUID or a keyword are not values.
     * NAM and postal code patterns already stop at letters and digits. */
    if ((k == VG_DET_SIN || k == VG_DET_PHONE) && inside_token(k, text, len, s, e))
        return 0;
    switch (k) {
    case VG_DET_NAM:
        if (!vg_detect_nam_valid(v, n, &ok) || inside_noise(c, text, len, s, e))
            return 0;
        if (ok)
            return 0.97f;
        /* A wrong check digit makes it a NAM-shaped code (a lot number, a
         * reference) unless its own line says it is a NAM. */
        return context_near(c, c->d->nam_ident ? c->d->nam_ident : c->d->context[k],
                            text, len, s, e, floor, true) ? 0.9f : 0;
    case VG_DET_SIN: {
        if (!vg_detect_sin_valid(v, n))
            return 0;
        /* "130692544.5", "130 692 544,00": the end of a decimal number */
        if (e + 1 < len && (text[e] == '.' || text[e] == ',') &&
            isdigit((unsigned char)text[e + 1]))
            return 0;
        if (inside_noise(c, text, len, s, e))
            return 0;
        bool formatted = n > 9;
        if (has_context(c, k, text, len, s, e, floor))
            return 0.95f;
        if (!formatted && (reads_as_time(text, s, e) || reads_as_code_number(text, len, s, e)))
            return 0;
        return formatted ? 0.85f : 0.6f;
    }
    case VG_DET_DOB:
        if (!date_candidate_valid(v, n) || inside_noise(c, text, len, s, e))
            return 0;
        if (has_context(c, k, text, len, s, e, floor))
            return 0.9f;
        return require_context ? 0 : 0.6f;
    case VG_DET_EMAIL:
        return 0.9f;
    case VG_DET_PHONE:
        if (inside_noise(c, text, len, s, e))
            return 0;
        return has_context(c, k, text, len, s, e, floor) ? 0.9f : 0.6f;
    case VG_DET_POSTAL:
        if (inside_noise(c, text, len, s, e))
            return 0;
        return has_context(c, k, text, len, s, e, floor) ? 0.9f : 0.6f;
    default:
        return 0;
    }
}

/* Run the pattern over text[from, to) (the subject still begins at text,
 * so look-behinds see what precedes `from`). *last_end carries the end of
 * the previous value found, across windows. */
static int scan_window(vg_detect_ctx *c, const char *text, size_t len, size_t from,
                       size_t to, bool require_context, size_t *last_end,
                       vg_match_cb cb, void *ud)
{
    const vg_detector *d = c->d;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    uint32_t count = pcre2_get_ovector_count(c->md);
    size_t off = from;
    while (off < to) {
        int rc = pcre2_match(d->re, (PCRE2_SPTR)text, to, off, 0, c->md, c->mctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            return 0;
        if (rc < 0)
            return -1;
        size_t s = ov[0], e = ov[1];
        vg_detector_kind k = (vg_detector_kind)matched_kind(d, ov, count);
        float conf = judge(c, k, text, len, s, e, *last_end, require_context);
        if (conf > 0) {
            vg_match m = {.kind = k, .start = s, .end = e, .confidence = conf};
            int stop = cb(&m, ud);
            if (stop)
                return stop;
            off = *last_end = e > s ? e : s + 1;
        } else {
            /* Rejected: another value may still start inside it. */
            off = s + 1;
        }
    }
    return 0;
}

static bool is_anchor(char ch, bool email)
{
    return (unsigned)(ch - '0') < 10 || (email && ch == '@');
}

/* The first anchor byte at or after p, or len. Prose is mostly letters, so
 * this loop is most of a scan's time: it tests 16 bytes at once (GCC/Clang
 * vector types, SSE2 on x86-64) and looks byte by byte only inside a block
 * that holds an anchor. */
typedef unsigned char vg_bytes16 __attribute__((vector_size(16)));

static size_t next_anchor(const char *text, size_t p, size_t len, bool email)
{
    const vg_bytes16 zero = {0}, ten = zero + 10, digit0 = zero + '0', at = zero + '@';
    for (; p + 16 <= len; p += 16) {
        vg_bytes16 b;
        memcpy(&b, text + p, sizeof b);
        vg_bytes16 hit = (vg_bytes16)((vg_bytes16)(b - digit0) < ten);
        if (email)
            hit |= (vg_bytes16)(b == at);
        uint64_t w[2];
        memcpy(w, &hit, sizeof w);
        if (w[0] | w[1])
            break;
    }
    while (p < len && !is_anchor(text[p], email))
        p++;
    return p;
}

/*
 * Prefilter. Every value the detectors know holds a digit (or, for email,
 * an '@') within a few bytes of its start, and prose holds few of either.
 * So instead of letting the regex try a match at every letter, find each
 * cluster of anchor bytes and run the regex only over a window around it:
 *   BACK  bytes before the first anchor ("September 15": 10; "TREM 5405": 5),
 *   GAP   anchors closer than this belong to one value ("15 décembre 1954"),
 *   TAIL  bytes after the last anchor, so look-aheads see real text.
 * With email, '@' is an anchor too and the margins cover a local part and
 * a domain.
 */
int vg_detect_scan(vg_detect_ctx *c, const char *text, size_t len,
                   bool require_context, vg_match_cb cb, void *ud)
{
    bool email = c->d->group[VG_DET_EMAIL] != 0;
    size_t back = email ? 72 : 16, gap = email ? 64 : 24, tail = email ? 260 : 8;
    size_t pos = 0, last_end = 0;
    while (pos < len) {
        size_t p = next_anchor(text, pos, len, email);
        if (p == len)
            return 0;
        size_t q = p, i = p + 1;
        for (; i < len && i <= q + gap; i++)
            if (is_anchor(text[i], email))
                q = i;
        size_t from = p > back ? p - back : 0;
        if (from < pos)
            from = pos;
        size_t to = q + 1 + tail < len ? q + 1 + tail : len;
        int rc = scan_window(c, text, len, from, to, require_context, &last_end, cb, ud);
        if (rc)
            return rc;
        /* A value found in the window may run into its tail. */
        pos = last_end > q + 1 ? last_end : q + 1;
    }
    return 0;
}

/* ---- masking -------------------------------------------------------- */

/*
 * A mask shows that a value was there and which one of a short list it
 * may be, never who it belongs to. The letters of a NAM are the surname
 * and first name, its digits the birth date; the first digits of a SIN
 * say where it was issued; any part of a birth date narrows the person
 * down. So identifiers keep their last two characters at most, dates
 * keep nothing, not even their shape ("15 mai 1954" would say the month
 * has three letters), and contact values keep the first letter and the
 * domain an address is at (m•••@example.test), which the reader needs to
 * tell a personal address from a shared one.
 */
#define MASK_DOT "\u2022\u2022\u2022"       /* "•••" */

/* The first UTF-8 character of s (at most len bytes) copied to out. */
static size_t first_char(const char *s, size_t len, char out[5])
{
    size_t n = 1;
    unsigned char c = (unsigned char)s[0];
    if (c >= 0xf0)
        n = 4;
    else if (c >= 0xe0)
        n = 3;
    else if (c >= 0xc0)
        n = 2;
    if (n > len)
        n = len;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            n = i;                      /* broken UTF-8: keep the lead byte only */
    memcpy(out, s, n);
    out[n] = '\0';
    return n;
}

char *vg_mask(vg_detector_kind kind, const char *s, size_t len, char *out, size_t outsz)
{
    char c[64];
    size_t n = compact(s, len, c, sizeof c);
    if (!outsz)
        return out;
    out[0] = '\0';
    switch (kind) {
    case VG_DET_NAM:
        if (n == 12)
            snprintf(out, outsz, "**** **** **%.2s", c + 10);
        else
            snprintf(out, outsz, "**** **** ****");
        return out;
    case VG_DET_SIN:
        if (n == 9)
            snprintf(out, outsz, "*** *** *%.2s", c + 7);
        else
            snprintf(out, outsz, "*** *** ***");
        return out;
    case VG_DET_EMAIL: {
        const char *at = memchr(s, '@', len);
        char first[5];
        if (at && at > s) {
            first_char(s, (size_t)(at - s), first);
            snprintf(out, outsz, "%s" MASK_DOT "%.*s", first, (int)(len - (size_t)(at - s)), at);
        } else
            snprintf(out, outsz, MASK_DOT);
        return out;
    }
    case VG_DET_PHONE:
        snprintf(out, outsz, "*** *** **%.2s", n >= 2 ? c + n - 2 : "**");
        return out;
    case VG_DET_POSTAL:
        snprintf(out, outsz, "*** ***");
        return out;
    default:
        /* Dates and anything else: nothing of the value, not its shape. */
        snprintf(out, outsz, "****-**-**");
        return out;
    }
}

char *vg_mask_name(const char *s, char *out, size_t outsz)
{
    if (!outsz)
        return out;
    char first[5] = "";
    while (s && (*s == ' ' || *s == '\t'))
        s++;
    if (s && *s)
        first_char(s, strlen(s), first);
    snprintf(out, outsz, "%s" MASK_DOT, first);
    return out;
}

char *vg_mask_contact(const char *s, char *out, size_t outsz)
{
    size_t len = s ? strlen(s) : 0;
    if (s && memchr(s, '@', len))
        return vg_mask(VG_DET_EMAIL, s, len, out, outsz);
    if (s && strpbrk(s, "0123456789"))
        return vg_mask(VG_DET_PHONE, s, len, out, outsz);
    return vg_mask_name(s, out, outsz);
}
