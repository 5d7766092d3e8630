/*
 * vg_mime against messages written by another MIME producer (Python's
 * `email` package, tests/harness/data/mime_gen.py), plus hostile input
 * built here: deep nesting, unclosed boundaries, garbage.
 */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vg_mime.h"

static char gen_dir[64];

static void generate(void)
{
    snprintf(gen_dir, sizeof gen_dir, "/tmp/vg-mime-XXXXXX");
    cr_assert_not_null(mkdtemp(gen_dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s %s/tests/harness/data/mime_gen.py %s", VG_PYTHON3,
             VG_SOURCE_DIR, gen_dir);
    cr_assert_eq(system(cmd), 0, "python email generator failed: %s", cmd);
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", gen_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", gen_dir);
}

static char *slurp(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", gen_dir, name);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

static void parse_file(const char *name, vg_mime_msg *m)
{
    size_t len;
    char *raw = slurp(name, &len);
    vg_error err = {0};
    cr_assert_eq(vg_mime_parse(raw, len, NULL, m, &err), 0, "%s", err.msg);
    free(raw);
}

static const vg_mime_part *part(const vg_mime_msg *m, const char *id)
{
    for (size_t i = 0; i < m->nparts; i++)
        if (strcmp(m->parts[i].id, id) == 0)
            return &m->parts[i];
    cr_assert_fail("no part %s", id);
    return NULL;
}

TestSuite(mime_python, .init = generate, .fini = cleanup);

Test(mime_python, base64_utf8_body_is_decoded_and_kept_utf8)
{
    vg_mime_msg m;
    parse_file("b64_utf8.eml", &m);
    cr_assert_eq(m.nparts, 1);
    cr_assert_str_eq(m.parts[0].content_type, "text/plain");
    cr_assert_not_null(strstr(m.parts[0].text, "Numéro d'assurance maladie : TREM 5405 1511\n"),
                       "%s", m.parts[0].text);
    cr_assert_not_null(strstr(m.parts[0].text, "À bientôt"));
    cr_assert_str_eq(vg_mime_get(&m, "message-id"), "<b64-1@clinique.test>");
    vg_mime_msg_free(&m);
}

Test(mime_python, quoted_printable_latin1_becomes_utf8)
{
    vg_mime_msg m;
    parse_file("qp_latin1.eml", &m);
    cr_assert_eq(m.nparts, 1);
    cr_assert_not_null(strstr(m.parts[0].text, "Élève née le 30 décembre 1985, à Québec."),
                       "%s", m.parts[0].text);
    cr_assert_not_null(strstr(m.parts[0].text, "ç ë ô"));
    vg_mime_msg_free(&m);
}

Test(mime_python, rfc2047_words_across_folded_lines_are_decoded)
{
    vg_mime_msg m;
    parse_file("rfc2047.eml", &m);
    const char *subj = vg_mime_get(&m, "Subject");
    cr_assert_not_null(subj);
    /* The value crosses a fold: "565 632\r\n 122" must read as one line. */
    cr_assert_not_null(strstr(subj, "Confirmez votre numéro d'assurance sociale : 565 632 122"),
                       "%s", subj);
    cr_assert_not_null(strstr(subj, "— équipe de la clinique"), "%s", subj);
    cr_assert_str_eq(vg_mime_get(&m, "From"),
                     "Clinique Sainte-Thérèse <portail@clinique.test>");
    vg_mime_msg_free(&m);
}

Test(mime_python, nested_multipart_parts_are_numbered_and_decoded)
{
    vg_mime_msg m;
    parse_file("nested.eml", &m);
    cr_assert_eq(m.nnotes, 0, "%s", m.nnotes ? m.notes[0] : "");
    const vg_mime_part *p = part(&m, "1.1");
    cr_assert_str_eq(p->content_type, "text/plain");
    cr_assert_not_null(strstr(p->text, "Mot de passe temporaire : Xk9!pQ2m"));
    p = part(&m, "1.2");
    cr_assert(p->html);
    /* entities decoded, tags gone, a block per paragraph */
    cr_assert_not_null(strstr(p->text, "Votre NAS\xc2\xa0: 130 692 544\nNuméro"), "%s", p->text);
    p = part(&m, "2");
    cr_assert_str_eq(p->content_type, "text/csv");
    cr_assert_str_eq(p->filename, "patients.csv");
    cr_assert_not_null(strstr(p->text, "Lévesque;1954-05-15"));
    p = part(&m, "3.headers");
    cr_assert_not_null(strstr(p->text, "Subject: Transféré : NAM GAGM 8562 3016"), "%s", p->text);
    p = part(&m, "3");
    cr_assert_not_null(strstr(p->text, "Message transféré."));
    char **to = NULL;
    size_t n = 0;
    cr_assert_eq(vg_mime_addresses(vg_mime_get(&m, "To"), &to, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(to[0], "info@clinique.test");
    free(to[0]);
    free(to);
    vg_mime_msg_free(&m);
}

Test(mime_python, windows1252_quotes_and_euro_map_to_unicode)
{
    vg_mime_msg m;
    parse_file("cp1252.eml", &m);
    cr_assert_not_null(strstr(m.parts[0].text, "L\u2019équipe vous doit 5 \u20ac."), "%s",
                       m.parts[0].text);
    vg_mime_msg_free(&m);
}

/* ---- input built here ------------------------------------------------- */

static void parse_str(const char *s, vg_mime_msg *m)
{
    vg_error err = {0};
    cr_assert_eq(vg_mime_parse(s, strlen(s), NULL, m, &err), 0, "%s", err.msg);
}

Test(mime, deep_nesting_stops_at_the_bound_and_says_so)
{
    /* 200 nested multiparts, each with its own boundary */
    size_t cap = 200 * 120 + 256;
    char *s = malloc(cap), *o = s;
    o += sprintf(o, "Subject: deep\n");
    for (int i = 0; i < 200; i++)
        o += sprintf(o, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
    o += sprintf(o, "Content-Type: text/plain\n\nNAS 130 692 544\n");
    vg_mime_msg m;
    parse_str(s, &m);
    cr_assert_geq(m.nnotes, 1);
    cr_assert_not_null(strstr(m.notes[0], "deeper than 16"), "%s", m.notes[0]);
    /* the undecoded rest is still shown, so the value is not hidden */
    bool found = false;
    for (size_t i = 0; i < m.nparts; i++)
        if (m.parts[i].text && strstr(m.parts[i].text, "130 692 544"))
            found = true;
    cr_assert(found);
    vg_mime_msg_free(&m);
    free(s);
}

Test(mime, unclosed_boundary_keeps_the_last_part)
{
    vg_mime_msg m;
    parse_str("Content-Type: multipart/mixed; boundary=XX\r\n\r\npreamble\r\n--XX\r\n"
              "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
              "\r\nTkFNIFRSRU0gNTQwNSAxNTEx\r\n", &m);
    cr_assert_eq(m.nparts, 1);
    cr_assert_str_eq(m.parts[0].text, "NAM TREM 5405 1511");
    cr_assert_eq(m.nnotes, 1);
    vg_mime_msg_free(&m);
}

Test(mime, invalid_utf8_bytes_are_read_as_windows1252)
{
    vg_mime_msg m;
    parse_str("Content-Type: text/plain; charset=utf-8\n\nn\xe9 le 1985-12-30 \xc3\xa9\n", &m);
    cr_assert_str_eq(m.parts[0].text, "né le 1985-12-30 é\n");
    vg_mime_msg_free(&m);
}

Test(mime, quoted_printable_soft_breaks_join_a_split_value)
{
    vg_mime_msg m;
    parse_str("Content-Transfer-Encoding: quoted-printable\n\nNAS : 130 6=\n92 5=3444\n", &m);
    cr_assert_str_eq(m.parts[0].text, "NAS : 130 692 5444\n");
    vg_mime_msg_free(&m);
}

Test(mime, encoded_words_in_two_charsets_and_a_split_character)
{
    /* "é" split across two adjacent UTF-8 words, then a Latin-1 word */
    const char *in = "=?UTF-8?B?w6k=?= =?utf-8?Q?=C3?= =?utf-8?q?=A9t?= "
                     "=?ISO-8859-1*fr?Q?=E0_b?= x";
    char *d = vg_mime_decode_words(in, strlen(in));
    cr_assert_not_null(d);
    cr_assert_str_eq(d, "éétà b x");
    free(d);
    d = vg_mime_decode_words("=?bogus", 7);
    cr_assert_str_eq(d, "=?bogus");
    free(d);
}

Test(mime, garbage_never_crashes)
{
    unsigned seed = 7;
    char *s = malloc(65536);
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < 65536; i++) {
            seed = seed * 1103515245u + 12345u;
            static const char alpha[] = "-=?\n\r:;\"bBqQ=\x80\xc3 boundary=Content-Type:multipart/";
            s[i] = alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        vg_mime_msg m;
        vg_error err = {0};
        cr_assert_eq(vg_mime_parse(s, 65536, NULL, &m, &err), 0);
        vg_mime_msg_free(&m);
    }
    free(s);
}

Test(mime, crlf_sent_again_as_lines_still_splits_header_and_body)
{
    vg_mime_msg m;
    parse_str("Content-Type: multipart/mixed;\r\r\n boundary=\"b\"\r\r\n\r\r\n--b\r\r\n"
              "Content-Type: text/plain\r\r\n\r\r\nNAS 130 692 544\r\r\n--b--\r\r\n", &m);
    cr_assert_eq(m.nnotes, 0, "%s", m.nnotes ? m.notes[0] : "");
    cr_assert_eq(m.nparts, 1);
    cr_assert_str_eq(m.parts[0].text, "NAS 130 692 544");
    vg_mime_msg_free(&m);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool any_part_has(const vg_mime_msg *m, const char *needle)
{
    for (size_t i = 0; i < m->nparts; i++)
        if (m->parts[i].text && strstr(m->parts[i].text, needle))
            return true;
    return false;
}

Test(mime, html_nested_deeper_than_any_bound_is_rendered_whole)
{
    /* Deeper than libxml2's default of 256 and than the 200 levels the
     * renderer once stopped at (which hid the value without a word). */
    enum { DEPTH = 20000 };
    size_t cap = DEPTH * 12 + 512;
    char *s = malloc(cap), *o = s;
    o += sprintf(o, "Content-Type: text/html; charset=utf-8\n\n<html><body>");
    for (int i = 0; i < DEPTH; i++)
        o += sprintf(o, "<div>");
    o += sprintf(o, "NAM TREM 5405 1511");
    for (int i = 0; i < DEPTH; i++)
        o += sprintf(o, "</div>");
    o += sprintf(o, "<p>fin du courriel</p></body></html>\n");
    vg_mime_msg m;
    parse_str(s, &m);
    cr_assert_eq(m.nparts, 1);
    cr_assert(m.parts[0].html);
    cr_assert(any_part_has(&m, "NAM TREM 5405 1511"), "%.200s", m.parts[0].text);
    cr_assert(any_part_has(&m, "fin du courriel"));
    vg_mime_msg_free(&m);
    free(s);
}

Test(mime, ten_mib_of_folded_header_is_read_in_linear_time)
{
    /* 10 MiB (the SMTP SIZE limit) of continuation lines: appending each
     * one used to cost the length of all before it. */
    const size_t target = 10u << 20;
    char *s = malloc(target + 256), *o = s;
    o += sprintf(o, "Subject: debut");
    while ((size_t)(o - s) < target)
        o += sprintf(o, "\n suite");
    o += sprintf(o, "\nTo: m@example.test\n\nNAS 130 692 544\n");
    vg_mime_msg m;
    vg_error err = {0};
    double t0 = now_s();
    cr_assert_eq(vg_mime_parse(s, (size_t)(o - s), NULL, &m, &err), 0, "%s", err.msg);
    double dt = now_s() - t0;
    /* quadratic took 180 s; linear is 0.2 s (1 s under the sanitizers) */
    cr_expect_lt(dt, VG_SANITIZED ? 5.0 : 1.0, "%.2f s to parse %zu bytes of folded header", dt,
                 target);
    const char *subj = vg_mime_get(&m, "Subject");
    cr_assert_not_null(subj);
    cr_expect_gt(strlen(subj), target / 7 * 6 - 64);    /* each "\n suite" unfolds to " suite" */
    cr_expect_str_eq(vg_mime_get(&m, "To"), "m@example.test");
    cr_expect(any_part_has(&m, "130 692 544"));
    vg_mime_msg_free(&m);
    free(s);
}

Test(mime, nul_in_a_header_value_does_not_hide_what_follows)
{
    static const char in[] = "Subject: facture\0 NAM TREM 5405 1511\n\ncorps\n";
    vg_mime_msg m;
    vg_error err = {0};
    cr_assert_eq(vg_mime_parse(in, sizeof in - 1, NULL, &m, &err), 0, "%s", err.msg);
    cr_assert_str_eq(vg_mime_get(&m, "Subject"), "facture  NAM TREM 5405 1511");
    vg_mime_msg_free(&m);
}

Test(mime, too_many_problems_end_with_a_note_saying_so)
{
    /* 100 nested parts, each with a multipart that has no boundary would
     * be one note each; only 32 are kept, the last saying others exist */
    size_t cap = 300 * 80 + 64;
    char *s = malloc(cap), *o = s;
    o += sprintf(o, "Content-Type: multipart/mixed; boundary=\"b\"\n\n");
    for (int i = 0; i < 100; i++)
        o += sprintf(o, "--b\nContent-Type: multipart/alternative\n\nx %d\n", i);
    o += sprintf(o, "--b--\n");
    vg_mime_msg m;
    parse_str(s, &m);
    cr_assert_eq(m.nnotes, 32);
    cr_assert_not_null(strstr(m.notes[31], "the rest are not listed"), "%s", m.notes[31]);
    vg_mime_msg_free(&m);
    free(s);
}
