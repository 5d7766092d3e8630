/* The utility floor: each helper tested once, here. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_buf.h"
#include "vg_fold.h"
#include "vg_hash.h"
#include "vg_strset.h"
#include "vg_vec.h"

/* The algorithm gives FNV-1a's published vectors from FNV's basis. */
Test(hash, fnv1a_matches_the_reference_vectors)
{
    cr_expect_eq(vg_fnv64_str("", VG_FNV64_BASIS), 0xcbf29ce484222325ULL);
    cr_expect_eq(vg_fnv64_str("a", VG_FNV64_BASIS), 0xaf63dc4c8601ec8cULL);
    cr_expect_eq(vg_fnv64_str("foobar", VG_FNV64_BASIS), 0x85944171f73967e8ULL);
    cr_expect_eq(vg_fnv64("foobar", 6, VG_FNV64_BASIS), 0x85944171f73967e8ULL);
    cr_expect_eq(vg_fnv64_str("bar", vg_fnv64_str("foo", VG_FNV64_BASIS)),
                 0x85944171f73967e8ULL, "chained calls hash the concatenation");
    cr_expect_eq(vg_fnv32_str("a", VG_FNV32_INIT), 0xe40c292cu);
    cr_expect_eq(vg_fnv32_str("foobar", VG_FNV32_INIT), 0xbf9cf968u);
}

/* vigie's own basis, pinned: shard splits and cache entries depend on it. */
Test(hash, vigie_basis_is_pinned)
{
    cr_expect_eq(vg_fnv64_str("", VG_FNV64_INIT), 0x14650fb0739d0383ULL);
    cr_expect_eq(vg_fnv64_str("a", VG_FNV64_INIT), 0x44bd8ad473cd9906ULL);
    cr_expect_eq(vg_fnv64_str("src/a.c", VG_FNV64_INIT), 0x20dca9bf1ca20e3cULL);
}

Test(buf, grows_keeps_a_nul_and_hands_over_its_string)
{
    vg_buf b = {0};
    for (int i = 0; i < 1000; i++)
        vg_buf_addc(&b, (char)('a' + i % 26));
    vg_buf_adds(&b, "!");
    cr_assert_eq(b.len, 1001);
    cr_expect_eq(b.p[1000], '!');
    cr_expect_eq(b.p[1001], '\0');
    size_t len;
    char *s = vg_buf_take(&b, &len);
    cr_expect_eq(len, 1001);
    cr_expect_eq(strlen(s), 1001);
    cr_expect_null(b.p, "the buffer no longer owns it");
    free(s);
    vg_buf empty = {0};
    s = vg_buf_take(&empty, &len);
    cr_expect_str_eq(s, "");
    cr_expect_eq(len, 0);
    free(s);
}

Test(buf, out_of_memory_is_sticky_and_take_says_so)
{
    vg_buf b = {0};
    vg_buf_adds(&b, "x");
    b.oom = 1;
    vg_buf_adds(&b, "more");
    cr_expect_eq(b.len, 1);
    cr_expect_null(vg_buf_take(&b, NULL));
}

/* A reserved buffer takes what fits without moving, and still grows
 * past it; an impossible size is out of memory, not a wrapped length. */
Test(buf, reserve_makes_room_once_and_refuses_overflow)
{
    vg_buf b = {0};
    vg_buf_adds(&b, "ab");
    vg_buf_reserve(&b, 1000);
    cr_assert_not(b.oom);
    cr_expect_geq(b.cap, 1003);
    char *before = b.p;
    for (int i = 0; i < 1000; i++)
        vg_buf_addc(&b, 'x');
    cr_expect_eq(b.p, before, "what was reserved is used in place");
    vg_buf_adds(&b, "yz");
    cr_expect_eq(b.len, 1004);
    cr_expect_str_eq(b.p + 1002, "yz");
    vg_buf_reserve(&b, SIZE_MAX);
    cr_expect(b.oom, "a size that overflows is out of memory");
    vg_buf_free(&b);
    vg_buf c = {0};
    vg_buf_adds(&c, "x");
    vg_buf_add(&c, "", SIZE_MAX);
    cr_expect(c.oom, "so is an add that overflows");
    cr_expect_eq(c.len, 1);
    vg_buf_free(&c);
}

Test(vec, grow_doubles_keeps_items_and_refuses_overflow)
{
    int *v = NULL;
    size_t cap = 0;
    cr_assert_not_null(v = vg_vec_grow(v, &cap, 1, sizeof *v));
    cr_expect_eq(cap, 8);
    for (size_t i = 0; i < 8; i++)
        v[i] = (int)i;
    cr_assert_not_null(v = vg_vec_grow(v, &cap, 9, sizeof *v));
    cr_expect_eq(cap, 16);
    cr_expect_eq(v[7], 7, "what was there is kept");
    cr_expect_eq(vg_vec_grow(v, &cap, 10, sizeof *v), v, "no move while it fits");
    cr_expect_null(vg_vec_grow(v, &cap, SIZE_MAX / 2, sizeof *v));
    cr_expect_eq(cap, 16, "unchanged on failure");
    cr_expect_eq(v[3], 3, "and the items still there");
    free(v);
}

Test(strset, adds_once_and_finds_after_growing)
{
    vg_strset set = {0};
    char key[32];
    cr_expect_not(vg_strset_has(&set, "x"), "an empty set holds nothing");
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof key, "k%d", i);
        cr_assert_eq(vg_strset_add(&set, key), 1);
    }
    cr_expect_eq(vg_strset_add(&set, "k42"), 0, "a second add is no add");
    cr_expect_eq(set.n, 500);
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof key, "k%d", i);
        cr_expect(vg_strset_has(&set, key), "%s lost", key);
    }
    cr_expect_not(vg_strset_has(&set, "k500"));
    vg_strset_free(&set);
}

/* One table for code and messages: the letters the three old tables
 * disagreed on fold the same way now. */
Test(fold, latin_letters_fold_to_one_base_letter)
{
    cr_expect_eq(vg_fold_letter(0xE9), 'e');      /* é */
    cr_expect_eq(vg_fold_letter(0xC9), 'e');      /* É */
    cr_expect_eq(vg_fold_letter(0xC7), 'c');      /* Ç */
    cr_expect_eq(vg_fold_letter(0xDF), 's');      /* ß */
    cr_expect_eq(vg_fold_letter(0x153), 'o');     /* œ */
    cr_expect_eq(vg_fold_letter(0x152), 'o');     /* Œ */
    cr_expect_eq(vg_fold_letter(0xFE), 't');      /* þ */
    cr_expect_eq(vg_fold_letter(0xDE), 't');      /* Þ */
    cr_expect_eq(vg_fold_letter(0xFF), 'y');      /* ÿ */
    cr_expect_eq(vg_fold_letter(0xF8), 'o');      /* ø */
    cr_expect_eq(vg_fold_letter(0xD7), 0);        /* × */
    cr_expect_eq(vg_fold_letter(0xF7), 0);        /* ÷ */
    cr_expect_eq(vg_fold_letter('e'), 0, "ASCII is not this table's");
    cr_expect_eq(vg_fold_letter(0x100), 0);
    cr_expect(vg_fold_is_upper(0xC0) && vg_fold_is_upper(0x152));
    cr_expect(!vg_fold_is_upper(0xDF) && !vg_fold_is_upper(0xE9) && !vg_fold_is_upper(0xD7));
}
