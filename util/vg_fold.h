#ifndef VG_FOLD_H
#define VG_FOLD_H
/*
 * vg_fold: the one table that folds an accented Latin letter to its base
 * ASCII letter, so that a name matches alike in code (identifier words)
 * and in messages. U+00C0..U+00FF and œ/Œ: é -> e, Ç -> c, ß -> s,
 * æ -> a, œ -> o, ð -> d, þ -> t, ø -> o; × and ÷ are not letters.
 * One letter in, one out: folded text keeps a byte-for-letter map.
 */
#include <stdbool.h>
#include <stdint.h>

/* The base letter of code point cp, lower case; 0 when cp is none of the
 * letters above. */
char vg_fold_letter(uint32_t cp);

/* True when cp is a capital among those letters (À..Þ, Œ). */
bool vg_fold_is_upper(uint32_t cp);

#endif
