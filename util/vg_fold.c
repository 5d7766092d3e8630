#include "vg_fold.h"

char vg_fold_letter(uint32_t cp)
{
    /* U+00E0..U+00FF; 0 at ÷ (U+00F7) */
    static const char lower[33] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        cp += 0x20;                           /* capitals: À..Þ -> à..þ */
    if (cp >= 0xE0 && cp <= 0xFF)
        return lower[cp - 0xE0];
    if (cp == 0xDF)
        return 's';                           /* ß */
    if (cp == 0x152 || cp == 0x153)
        return 'o';                           /* Œ œ */
    return 0;
}

bool vg_fold_is_upper(uint32_t cp)
{
    return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == 0x152;
}
