/* Detectors: each accepts real values, rejects look-alikes, and is exact
 * at the boundaries (month 12/13, 51/62/63, 29 February, Luhn). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_detect.h"

static vg_ruleset *rs;
static vg_detector *det;
static vg_detect_ctx *ctx;

static void setup(void)
{
    vg_error err;
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    det = vg_detector_new(rs, VG_DETECT_ALL, &err);
    cr_assert_not_null(det, "%s", err.msg);
    ctx = vg_detect_ctx_new(det);
    cr_assert_not_null(ctx);
}

static void teardown(void)
{
    vg_detect_ctx_free(ctx);
    vg_detector_free(det);
    vg_ruleset_free(rs);
}

TestSuite(detect, .init = setup, .fini = teardown);

typedef struct hits {
    int n;
    vg_match m[16];
} hits;

static int collect(const vg_match *m, void *ud)
{
    hits *h = ud;
    if (h->n < 16)
        h->m[h->n++] = *m;
    return 0;
}

static hits scan(const char *text, bool require_context)
{
    hits h = {0};
    cr_assert_eq(vg_detect_scan(ctx, text, strlen(text), require_context, collect, &h), 0);
    return h;
}

/* The single value of `kind` found in text, or fail. */
static void expect_one(const char *text, vg_detector_kind kind, const char *value)
{
    hits h = scan(text, true);
    int found = 0;
    for (int i = 0; i < h.n; i++)
        if (h.m[i].kind == kind) {
            found++;
            cr_expect_eq(h.m[i].end - h.m[i].start, strlen(value), "span of %s in '%s'", value, text);
            cr_expect(strncmp(text + h.m[i].start, value, strlen(value)) == 0,
                      "expected '%s' in '%s'", value, text);
        }
    cr_expect_eq(found, 1, "%d %s values in '%s'", found, vg_detector_kind_name(kind), text);
}

static void expect_none(const char *text, vg_detector_kind kind)
{
    hits h = scan(text, true);
    for (int i = 0; i < h.n; i++)
        cr_expect_neq(h.m[i].kind, kind, "unexpected %s '%.*s' in '%s'",
                      vg_detector_kind_name(kind), (int)(h.m[i].end - h.m[i].start),
                      text + h.m[i].start, text);
}

Test(detect, nam_accepts_real_numbers_with_or_without_spaces)
{
    expect_one("NAM: TREM 5405 1511.", VG_DET_NAM, "TREM 5405 1511");
    expect_one("nam=TREM54051511;", VG_DET_NAM, "TREM54051511");
    expect_one("carte GAGM 8562 3016", VG_DET_NAM, "GAGM 8562 3016");
}

Test(detect, nam_month_boundaries_men_01_12_women_51_62)
{
    cr_expect(vg_detect_nam_valid("ABCD 0001 0111", 14, NULL));   /* Jan 1 */
    cr_expect(vg_detect_nam_valid("ABCD 0012 3111", 14, NULL));   /* Dec 31 */
    cr_expect_not(vg_detect_nam_valid("ABCD 0013 0111", 14, NULL));
    cr_expect_not(vg_detect_nam_valid("ABCD 0000 0111", 14, NULL));
    cr_expect_not(vg_detect_nam_valid("ABCD 0050 0111", 14, NULL));
    cr_expect(vg_detect_nam_valid("ABCD 0051 0111", 14, NULL));
    cr_expect(vg_detect_nam_valid("ABCD 0062 3111", 14, NULL));
    cr_expect_not(vg_detect_nam_valid("ABCD 0063 0111", 14, NULL));
}

Test(detect, nam_day_must_exist_in_its_month)
{
    cr_expect_not(vg_detect_nam_valid("TREM 5402 3011", 14, NULL));  /* 30 Feb */
    cr_expect_not(vg_detect_nam_valid("TREM 5404 3111", 14, NULL));  /* 31 Apr */
    cr_expect_not(vg_detect_nam_valid("TREM 5401 0011", 14, NULL));  /* day 0 */
    cr_expect(vg_detect_nam_valid("TREM 5401 3111", 14, NULL));      /* 31 Jan */
    /* 29 Feb: 1900 is not leap but 2000 is, so "00" has a real 29 Feb. */
    cr_expect(vg_detect_nam_valid("TREM 0002 2911", 14, NULL));
    cr_expect_not(vg_detect_nam_valid("TREM 0102 2911", 14, NULL));  /* 1901/2001 */
    cr_expect(vg_detect_nam_valid("TREM 0452 2911", 14, NULL));      /* woman, 1904 */
}

Test(detect, nam_eleventh_character_rules)
{
    cr_expect_not(vg_detect_nam_valid("TREM 5405 1501", 14, NULL));  /* 11th '0' */
    cr_expect_not(vg_detect_nam_valid("TREM 5405 15I1", 14, NULL));  /* letter I */
    cr_expect_not(vg_detect_nam_valid("TREM 5405 15O1", 14, NULL));  /* letter O */
    cr_expect(vg_detect_nam_valid("TREM 5405 15A1", 14, NULL));
}

Test(detect, nam_check_digit_follows_the_inspq_algorithm)
{
    bool ok;
    cr_assert(vg_detect_nam_valid("TREM 5405 1511", 14, &ok));
    cr_expect(ok, "TREM 5405 1511 has a valid check digit");
    cr_assert(vg_detect_nam_valid("GAGM 8562 3016", 14, &ok));
    cr_expect(ok, "GAGM 8562 3016 has a valid check digit");
    cr_assert(vg_detect_nam_valid("TREM 5405 1512", 14, &ok));
    cr_expect_not(ok, "TREM 5405 1512 has a wrong check digit");
}

Test(detect, nam_look_alikes_are_not_reported)
{
    expect_none("ticket ABCD 5413 1511", VG_DET_NAM);    /* month 13 */
    expect_none("ref TREM 5402 3011", VG_DET_NAM);       /* 30 February */
    expect_none("XTREM 5405 1511", VG_DET_NAM);          /* 5 letters */
    expect_none("TREM 5405 151122", VG_DET_NAM);         /* digits run on */
}

Test(detect, sin_luhn_and_first_digit)
{
    cr_expect(vg_detect_sin_valid("130 692 544", 11));
    cr_expect(vg_detect_sin_valid("565-632-122", 11));
    cr_expect(vg_detect_sin_valid("999999998", 9));      /* 9: temporary residents */
    cr_expect_not(vg_detect_sin_valid("130 692 545", 11));   /* Luhn fails */
    cr_expect_not(vg_detect_sin_valid("046 454 286", 11));   /* 0: never assigned */
    cr_expect_not(vg_detect_sin_valid("800 000 002", 11));   /* 8: never assigned */
    cr_expect_not(vg_detect_sin_valid("13069254", 8));
}

Test(detect, sin_found_in_text_only_when_valid)
{
    expect_one("NAS : 130 692 544", VG_DET_SIN, "130 692 544");
    expect_one("sin=565632122&x", VG_DET_SIN, "565632122");
    expect_none("NAS : 130 692 545", VG_DET_SIN);
    expect_none("order 130 692 544 12", VG_DET_SIN);      /* part of a longer group */
    expect_none("mixed 130-692 544", VG_DET_SIN);         /* inconsistent separators */
    expect_none("y = sin(0.5) * 123456789;", VG_DET_SIN); /* Luhn-invalid */
}

Test(detect, sin_confidence_rises_with_formatting_and_context)
{
    hits bare = scan("id 565632122", true), ctxd = scan("NAS 565632122", true);
    cr_assert_eq(bare.n, 1);
    cr_assert_eq(ctxd.n, 1);
    cr_expect_lt(bare.m[0].confidence, ctxd.m[0].confidence);
}

Test(detect, dob_formats_fr_and_en_with_context)
{
    expect_one("Date de naissance : 1954-05-15", VG_DET_DOB, "1954-05-15");
    expect_one("née le 15 mai 1954 à Québec", VG_DET_DOB, "15 mai 1954");
    expect_one("né le 1er août 1960", VG_DET_DOB, "1er août 1960");
    expect_one("Date of birth: May 15, 1954", VG_DET_DOB, "May 15, 1954");
    expect_one("DOB 15/05/1954", VG_DET_DOB, "15/05/1954");
    expect_one("born 12/31/1980", VG_DET_DOB, "12/31/1980");   /* US order */
    expect_one("date de naissance 15 d\xe9" "cembre 1954", VG_DET_DOB, "15 d\xe9" "cembre 1954");
}

Test(detect, dob_needs_context_in_free_text)
{
    expect_none("Meeting on 2024-01-15 at noon", VG_DET_DOB);
    hits h = scan("Date of birth: 1985-12-30. Next visit 2024-01-15", true);
    cr_assert_eq(h.n, 1, "only the birth date, not the visit");
    hits free_field = scan("2024-01-15", false);
    cr_expect_eq(free_field.n, 1, "without the context requirement any real date counts");
}

Test(detect, dob_rejects_impossible_dates)
{
    expect_none("date de naissance 1954-02-30", VG_DET_DOB);
    expect_none("DOB 31/04/1954", VG_DET_DOB);
    expect_none("born 1954-13-01", VG_DET_DOB);
    expect_one("born 2000-02-29", VG_DET_DOB, "2000-02-29");
    expect_none("born 1900-02-29", VG_DET_DOB);
}

Test(detect, email_phone_postal)
{
    expect_one("écrire à marie@example.test demain", VG_DET_EMAIL, "marie@example.test");
    expect_none("user@localhost", VG_DET_EMAIL);
    expect_one("tél. +1 514 555 0100", VG_DET_PHONE, "+1 514 555 0100");
    expect_one("call (418) 780-4208 now", VG_DET_PHONE, "(418) 780-4208");
    expect_none("ref 114 555 0100", VG_DET_PHONE);          /* area code cannot start with 1 */
    expect_one("code postal H2X 1Y4", VG_DET_POSTAL, "H2X 1Y4");
    expect_none("code D2X 1Y4", VG_DET_POSTAL);             /* D is never a first letter */
}

/* The prefilter skips prose 16 bytes at a time: a value is found whatever
 * its offset in a block, at the end of the text, or with no text after. */
Test(detect, values_found_at_every_offset_of_the_block_skip)
{
    static const struct { const char *value; vg_detector_kind kind; } vals[] = {
        {"TREM 5405 1511", VG_DET_NAM}, {"marie@example.test", VG_DET_EMAIL}};
    for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++)
        for (size_t off = 0; off < 40; off++)
            for (int after = 0; after < 2; after++) {
                char text[128];
                snprintf(text, sizeof text, "%*s%s%s", (int)off, "", vals[v].value,
                         after ? " and some prose after it" : "");
                expect_one(text, vals[v].kind, vals[v].value);
            }
}

Test(detect, masks_keep_two_characters_of_an_identifier_and_nothing_of_a_date)
{
    char out[64];
    /* The NAM's letters are the person's names, its digits the birth date. */
    cr_expect_str_eq(vg_mask(VG_DET_NAM, "TREM 5405 1512", 14, out, sizeof out), "**** **** **12");
    cr_expect_str_eq(vg_mask(VG_DET_NAM, "trem54051511", 12, out, sizeof out), "**** **** **11");
    cr_expect_str_eq(vg_mask(VG_DET_NAM, "GAGM 8562", 9, out, sizeof out), "**** **** ****");
    cr_expect_str_eq(vg_mask(VG_DET_SIN, "130 692 544", 11, out, sizeof out), "*** *** *44");
    cr_expect_str_eq(vg_mask(VG_DET_SIN, "130-692-544", 11, out, sizeof out), "*** *** *44");
    /* Dates: not even the shape (the length of the month's name). */
    cr_expect_str_eq(vg_mask(VG_DET_DOB, "15 mai 1954", 11, out, sizeof out), "****-**-**");
    cr_expect_str_eq(vg_mask(VG_DET_DOB, "1985-12-30", 10, out, sizeof out), "****-**-**");
    cr_expect_str_eq(vg_mask(VG_DET_EMAIL, "marie@example.test", 18, out, sizeof out),
                     "m\u2022\u2022\u2022@example.test");
    cr_expect_str_eq(vg_mask(VG_DET_EMAIL, "\u00e9lise@example.test", 19, out, sizeof out),
                     "\u00e9\u2022\u2022\u2022@example.test", "a first letter is a whole character");
    cr_expect_str_eq(vg_mask(VG_DET_PHONE, "+1 514 555 0100", 15, out, sizeof out), "*** *** **00");
    cr_expect_str_eq(vg_mask(VG_DET_POSTAL, "H2X 1Y4", 7, out, sizeof out), "*** ***");
    /* A tiny buffer is truncated, never overrun. */
    char small[4];
    vg_mask(VG_DET_NAM, "TREM 5405 1511", 14, small, sizeof small);
    cr_expect_eq(strlen(small), 3);
}

Test(detect, names_and_contacts_of_test_identities_keep_one_letter)
{
    char out[64];
    cr_expect_str_eq(vg_mask_name("Marie Gagnon", out, sizeof out), "M\u2022\u2022\u2022");
    cr_expect_str_eq(vg_mask_name("mgagnon", out, sizeof out), "m\u2022\u2022\u2022");
    cr_expect_str_eq(vg_mask_name("", out, sizeof out), "\u2022\u2022\u2022");
    cr_expect_str_eq(vg_mask_contact("info@clinique.test", out, sizeof out),
                     "i\u2022\u2022\u2022@clinique.test");
    cr_expect_str_eq(vg_mask_contact("+1 514 555 0100", out, sizeof out), "*** *** **00");
}

Test(detect, latin1_and_broken_utf8_are_scanned_without_error)
{
    const char text[] = "n\xe9" "e le 15 mai 1954 \xff\xfe NAS 130 692 544 \xc3";
    hits h = scan(text, true);
    cr_expect_eq(h.n, 2);
}

static int stop_at_first(const vg_match *m, void *ud)
{
    (void)m;
    ++*(int *)ud;
    return 7;
}

Test(detect, callback_can_stop_the_scan)
{
    const char *t = "NAS 130 692 544 et 565 632 122";
    int calls = 0;
    int rc = vg_detect_scan(ctx, t, strlen(t), true, stop_at_first, &calls);
    cr_expect_eq(rc, 7);
    cr_expect_eq(calls, 1);
}

/* ---- look-alikes: digits that belong to another kind of token ---------- */

Test(detect, hex_token_digits_are_not_a_sin_or_phone)
{
    /* 619402753 passes Luhn, but here it is a slice of a hex string. */
    expect_none("key = \"3fa619402753bcde0f1a2b3c4d5e6f7a\"", VG_DET_SIN);
    expect_none("mask = 0x3f9a619402753bcdULL;", VG_DET_SIN);
    expect_none("mask = 0x130692544;", VG_DET_SIN);
    expect_none("magic \"deadbeef12345678901\"", VG_DET_PHONE);
    expect_none("id a1b2c3130692544d4", VG_DET_SIN);
    /* The same digits standing on their own still count. */
    expect_one("key = \"619402753\"", VG_DET_SIN, "619402753");
    expect_one("sin=130692544&t=1", VG_DET_SIN, "130692544");
    expect_one("call 514 555 0100x12", VG_DET_PHONE, "514 555 0100");
}

Test(detect, sha_digest_digits_are_not_a_sin)
{
    expect_none("sha256 a3f1c9e0b2dc527364186fe0c1d2bab3e5f7e4cf2e0d8e7bffc4b4ec0f2b1c0c",
                VG_DET_SIN);
    expect_none("commit e0c1d2ba619402753ffab3e5f7e4cf2e0d8e7bfc", VG_DET_SIN);
    expect_none("E0C1D2BA619402753FFAB3E5F7E4CF2E0D8E7BFC", VG_DET_SIN);
}

Test(detect, uuid_groups_are_not_a_sin)
{
    expect_none("tenant c3e1f0a2-7b4d-4e9a-b1c5-a726039514fd", VG_DET_SIN);
    expect_none("{C3E1F0A2-7B4D-4E9A-B1C5-A726039514FD}", VG_DET_SIN);
    /* A SIN next to a UUID is still a SIN. */
    expect_one("c3e1f0a2-7b4d-4e9a-b1c5-a726039514fd 235-711-132", VG_DET_SIN, "235-711-132");
}

Test(detect, vcs_keyword_digits_are_not_a_sin_or_date)
{
    expect_none("static const char v[] = \"$Revision: 390157469 $\";", VG_DET_SIN);
    expect_none("$Id: ingest.c 390157469 2020-01-01 12:00:00Z build $", VG_DET_SIN);
    expect_none("$Rev: 130692544 $", VG_DET_SIN);
    expect_none("$LastChangedRevision: 130692544 $", VG_DET_SIN);
    expect_none("/* $Header: /cvs/src/ingest.c,v 130692544 $ */", VG_DET_SIN);
    /* A date in a keyword is not a birth date, even where any date counts. */
    hits h = scan("$Date: 1985-12-30 10:00:00 $", false);
    cr_expect_eq(h.n, 0, "date inside $Date$");
    /* Outside the keyword, on the same line, a value still counts. */
    expect_one("$Revision: 390157469 $ NAS 130 692 544", VG_DET_SIN, "130 692 544");
    expect_one("cost $5 for NAS 130692544", VG_DET_SIN, "130692544");
}

Test(detect, long_digit_runs_and_timestamps_are_not_a_sin)
{
    expect_none("build_ms = 1577836800000LL;", VG_DET_SIN);
    expect_none("n = 130692544123;", VG_DET_SIN);
    expect_none("x = 130692544.25;", VG_DET_SIN);
    /* 946684800 passes Luhn; it is also 2000-01-01 00:00 UTC in Unix time. */
    expect_none("static const time_t y2k = 946684800;", VG_DET_SIN);
    expect_none("id 946684800", VG_DET_SIN);
    /* Bare nine digits named as a time. */
    expect_none("time_t start = 130692544;", VG_DET_SIN);
    expect_none("long created_ts = 130692544;", VG_DET_SIN);
    /* Context that names a SIN wins; so does the formatting of one. */
    expect_one("sin = 946684800", VG_DET_SIN, "946684800");
    expect_one("time 130 692 544", VG_DET_SIN, "130 692 544");
    expect_one("id 130692544", VG_DET_SIN, "130692544");
}

Test(detect, nam_with_failing_check_digit_needs_nam_context)
{
    bool ok;
    cr_assert(vg_detect_nam_valid("ZELT 8003 2113", 14, &ok));
    cr_assert_not(ok, "ZELT 8003 2113 has a wrong check digit");
    expect_none("const char *lot_code = \"ZELT 8003 2113\";", VG_DET_NAM);
    expect_none("ref TREM 5405 1512", VG_DET_NAM);
    /* Context on the value's line: a phrase, or an identifier word. */
    expect_one("NAM: TREM 5405 1512", VG_DET_NAM, "TREM 5405 1512");
    expect_one("carte d'assurance maladie TREM 5405 1512", VG_DET_NAM, "TREM 5405 1512");
    expect_one("const char *nam = \"ZELT 8003 2113\";", VG_DET_NAM, "ZELT 8003 2113");
    expect_one("const char *nam_client = \"ZELT 8003 2113\";", VG_DET_NAM, "ZELT 8003 2113");
    expect_one("client_nam=ZELT80032113", VG_DET_NAM, "ZELT80032113");
    /* A phrase on another line does not vouch for this one. */
    expect_none("/* NAM */\nconst char *lot = \"ZELT 8003 2113\";", VG_DET_NAM);
    /* "name" is not "nam". */
    expect_none("const char *name = \"ZELT 8003 2113\";", VG_DET_NAM);
    /* With a correct check digit no context is needed. */
    expect_one("const char *lot_code = \"ZELT 8003 2117\";", VG_DET_NAM, "ZELT 8003 2117");
}

/* Issue 16: an invoice number shaped like a NAM, check digit wrong, is
 * not a NAM; "numéro" alone names nothing. The same shape next to words
 * that name a health insurance number is one. */
Test(detect, invoice_number_shaped_like_a_nam_is_not_one_without_health_insurance_words)
{
    bool ok;
    cr_assert(vg_detect_nam_valid("GAGM 8562 3013", 14, &ok));
    cr_assert_not(ok, "GAGM 8562 3013 has a wrong check digit (3016 is right)");
    expect_none("Numéro de facture GAGM 8562 3013", VG_DET_NAM);
    expect_none("Invoice number GAGM 8562 3013.", VG_DET_NAM);
    expect_none("Facture : GAGM 8562 3013\nNuméro de dossier : 4471", VG_DET_NAM);
    expect_one("Numéro d'assurance maladie GAGM 8562 3013", VG_DET_NAM, "GAGM 8562 3013");
    expect_one("Health insurance number: GAGM 8562 3013", VG_DET_NAM, "GAGM 8562 3013");
    expect_one("Carte soleil GAGM 8562 3013", VG_DET_NAM, "GAGM 8562 3013");
    /* in one JSON object, a key names its own value, not the one before */
    expect_none("{\"facture\": \"GAGM 8562 3013\", \"nam\": \"x\"}", VG_DET_NAM);
    expect_one("{\"facture\": \"x\", \"nam\": \"GAGM 8562 3013\"}", VG_DET_NAM,
               "GAGM 8562 3013");
    expect_one("GAGM 8562 3013 (NAM)", VG_DET_NAM, "GAGM 8562 3013");
    /* the valid one needs no words at all */
    expect_one("Numéro de facture GAGM 8562 3016", VG_DET_NAM, "GAGM 8562 3016");
}

/* A date of birth in free text under a ruleset whose only dob context
 * phrase is "þjóðskrá" (Iceland's register of persons). */
static bool dob_with_thorn_phrase(const char *text)
{
    vg_error err;
    json_t *root = json_deep_copy(vg_ruleset_json(rs));
    cr_assert_not_null(root);
    size_t i;
    json_t *cat;
    json_array_foreach(json_object_get(root, "categories"), i, cat)
        if (!strcmp(json_string_value(json_object_get(cat, "id")), "dob"))
            json_object_set_new(cat, "context", json_pack("[s]", "\xc3\xbej\xc3\xb3\xc3\xb0skr\xc3\xa1"));
    char *s = json_dumps(root, 0);
    json_decref(root);
    cr_assert_not_null(s);
    vg_ruleset *own = vg_ruleset_load_buffer(s, strlen(s), "thorn.json", &err);
    free(s);
    cr_assert_not_null(own, "%s", err.msg);
    vg_detector *d = vg_detector_new(own, VG_DETECT_KIND(VG_DET_DOB), &err);
    cr_assert_not_null(d, "%s", err.msg);
    vg_detect_ctx *c = vg_detect_ctx_new(d);
    cr_assert_not_null(c);
    hits h = {0};
    cr_assert_eq(vg_detect_scan(c, text, strlen(text), true, collect, &h), 0);
    vg_detect_ctx_free(c);
    vg_detector_free(d);
    vg_ruleset_free(own);
    return h.n == 1 && h.m[0].kind == VG_DET_DOB;
}

/* Context phrases fold accented letters with the one table (vg_fold.h)
 * that identifier words and the messages checker use: þ is t there, so a
 * phrase written with it is found in text written without accents, as
 * é is e. (The detector's own table once left þ unfolded.) */
Test(detect, context_phrase_folds_accents_like_identifiers_and_messages)
{
    cr_expect(dob_with_thorn_phrase("\xc3\xbej\xc3\xb3\xc3\xb0skr\xc3\xa1 1954-05-15"),
              "the phrase as written, UTF-8");
    cr_expect(dob_with_thorn_phrase("tjodskra 1954-05-15"), "every letter folded, þ as t");
    cr_expect(dob_with_thorn_phrase("\xfej\xf3\xf0skr\xe1 1954-05-15"), "Latin-1");
    cr_expect_not(dob_with_thorn_phrase("sjodskra 1954-05-15"), "another word is no context");
}

Test(detect, nine_digit_operands_of_code_are_not_a_sin)
{
    /* MD5's round constants in decimal: 643717713 passes Luhn. */
    expect_none("GG ( c, d, a, b, in[11], S23, UL( 643717713)); /* 19 */", VG_DET_SIN);
    expect_none("static const unsigned long k[] = {4129170786, 643717713, 1};", VG_DET_SIN);
    expect_none("x = 643717713;", VG_DET_SIN);
    /* With its context, or written as text, it is still one. */
    expect_one("nas = 643717713;", VG_DET_SIN, "643717713");
    expect_one("id 643717713 on file", VG_DET_SIN, "643717713");
}
