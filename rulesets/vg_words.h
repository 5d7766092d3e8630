#ifndef VG_WORDS_H
#define VG_WORDS_H
/*
 * vg_words: identifier and phrase splitting for the FR/EN vocabularies.
 *
 * "noAssuranceMaladie", "no_assurance_maladie", "NO-ASSURANCE-MALADIE" and
 * "numéro d'assurance maladie" all become lower-case ASCII words with accents
 * folded; stopwords (de, of, ...) can then be dropped so "mot_de_passe"
 * and "motPasse" compare equal.
 */
#include <stdbool.h>
#include <stddef.h>

#define VG_WORDS_MAX 16     /* words kept from one identifier */
#define VG_WORD_LEN 32      /* longer words are truncated */

typedef struct vg_words {
    size_t n;
    char w[VG_WORDS_MAX][VG_WORD_LEN];
} vg_words;

/* Split s[0..len) into words: boundaries at non-alphanumerics, letter/digit
 * changes, lower->Upper ("patientNam") and the end of an acronym
 * ("HTTPServer" -> http, server). UTF-8 Latin-1 letters are folded to ASCII
 * (é -> e); other non-ASCII bytes are separators. */
void vg_words_split(const char *s, size_t len, vg_words *out);

/* Remove every word listed in stop (n entries, already normalised). */
void vg_words_drop(vg_words *w, const char *const *stop, size_t n);

/* True when seq's words appear in w, in order and adjacent. */
bool vg_words_contains(const vg_words *w, const vg_words *seq);

/* Index of the first place seq's words appear in w (in order, adjacent),
 * or -1. */
int vg_words_find(const vg_words *w, const vg_words *seq);

/* The same, where the last word of seq may also stand in w in its plural
 * ("passwords", "recipients", "addresses"): a list of the data is the
 * data. Words under 4 letters have no plural here ("pins" is no PIN). */
int vg_words_find_plural(const vg_words *w, const vg_words *seq);

/* Replace each word found in from[] by the word at the same index in
 * to[] (abbreviations: "no" -> "number"). */
void vg_words_map(vg_words *w, const char *const *from, const char *const *to, size_t n);

#endif
