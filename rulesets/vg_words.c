#include "vg_words.h"
#include "vg_fold.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum cls { SEP, LOWER, UPPER, DIGIT };

static enum cls classify(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return LOWER;
    if (c >= 'A' && c <= 'Z')
        return UPPER;
    if (c >= '0' && c <= '9')
        return DIGIT;
    return SEP;
}

/* Normalised characters with their class, so the splitter below sees
 * accented letters as ordinary lower/upper letters. */
typedef struct {
    char c;
    enum cls k;
} nchar;

static size_t normalise(const char *s, size_t len, nchar *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < max; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Two-byte UTF-8 Latin letters: C3 80..BF (U+00C0..U+00FF) and
         * C5 92/93 (Œ œ), folded by the one table (vg_fold.h). */
        if ((c == 0xC3 || c == 0xC5) && i + 1 < len) {
            unsigned char b2 = (unsigned char)s[i + 1];
            uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | (b2 & 0x3F);
            char f = b2 >= 0x80 && b2 <= 0xBF ? vg_fold_letter(cp) : 0;
            if (c == 0xC5 && !f) {
                out[n].k = classify(c);       /* another C5 letter: as before */
                out[n].c = (char)c;
                n++;
                continue;
            }
            i++;
            out[n].c = f ? f : ' ';
            out[n].k = f ? (vg_fold_is_upper(cp) ? UPPER : LOWER) : SEP;
            n++;
            continue;
        }
        out[n].k = classify(c);
        out[n].c = (char)(out[n].k == UPPER ? c - 'A' + 'a' : c);
        n++;
    }
    return n;
}

static void push(vg_words *out, const nchar *s, size_t from, size_t to)
{
    if (to <= from || out->n >= VG_WORDS_MAX)
        return;
    size_t len = to - from;
    if (len >= VG_WORD_LEN)
        len = VG_WORD_LEN - 1;
    for (size_t i = 0; i < len; i++)
        out->w[out->n][i] = s[from + i].c;
    out->w[out->n][len] = '\0';
    out->n++;
}

void vg_words_split(const char *s, size_t len, vg_words *out)
{
    nchar buf[256];
    size_t n = normalise(s, len, buf, sizeof buf / sizeof buf[0]);
    out->n = 0;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        enum cls k = buf[i].k;
        if (k == SEP) {
            push(out, buf, start, i);
            start = i + 1;
            continue;
        }
        if (i == start)
            continue;
        enum cls prev = buf[i - 1].k;
        bool boundary =
            (k == DIGIT) != (prev == DIGIT) ||             /* abc123 */
            (prev == LOWER && k == UPPER) ||               /* patientNam */
            (prev == UPPER && k == UPPER && i + 1 < n &&   /* HTTPServer */
             buf[i + 1].k == LOWER);
        if (boundary) {
            push(out, buf, start, i);
            start = i;
        }
    }
    push(out, buf, start, n);
}

void vg_words_drop(vg_words *w, const char *const *stop, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++) {
        bool drop = false;
        for (size_t j = 0; j < n && !drop; j++)
            drop = strcmp(w->w[i], stop[j]) == 0;
        if (!drop) {
            if (k != i)
                memcpy(w->w[k], w->w[i], VG_WORD_LEN);
            k++;
        }
    }
    w->n = k;
}

/* Is word the plural of sing: sing + "s", or + "es" after s, x, ch, sh? */
static bool plural_of(const char *word, const char *sing)
{
    size_t l = strlen(sing);
    if (l < 4 || strncmp(word, sing, l) != 0)
        return false;
    const char *end = word + l;
    bool sibilant = sing[l - 1] == 's' || sing[l - 1] == 'x' ||
                    (l >= 2 && sing[l - 1] == 'h' && (sing[l - 2] == 'c' || sing[l - 2] == 's'));
    return sibilant ? !strcmp(end, "es") : !strcmp(end, "s");
}

/* Where seq's words first appear in w, the last one exactly or, with
 * plural, only as its plural. */
static int find_seq(const vg_words *w, const vg_words *seq, bool plural)
{
    if (seq->n == 0 || seq->n > w->n)
        return -1;
    size_t last = seq->n - 1;
    for (size_t i = 0; i + seq->n <= w->n; i++) {
        size_t j = 0;
        while (j < last && strcmp(w->w[i + j], seq->w[j]) == 0)
            j++;
        if (j == last && (plural ? plural_of(w->w[i + j], seq->w[j])
                                 : strcmp(w->w[i + j], seq->w[j]) == 0))
            return (int)i;
    }
    return -1;
}

int vg_words_find(const vg_words *w, const vg_words *seq)
{
    return find_seq(w, seq, false);
}


int vg_words_find_plural(const vg_words *w, const vg_words *seq)
{
    int at = find_seq(w, seq, false);     /* an exact match anywhere comes first */
    return at >= 0 ? at : find_seq(w, seq, true);
}

bool vg_words_contains(const vg_words *w, const vg_words *seq)
{
    return vg_words_find(w, seq) >= 0;
}

void vg_words_map(vg_words *w, const char *const *from, const char *const *to, size_t n)
{
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < n; j++)
            if (strcmp(w->w[i], from[j]) == 0) {
                snprintf(w->w[i], VG_WORD_LEN, "%s", to[j]);
                break;
            }
}
