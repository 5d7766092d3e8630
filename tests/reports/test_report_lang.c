/* One SARIF log, two reports: the demo's scan (the clinic fixture and the
 * sample extract) and the clinic's planted messages checked offline,
 * merged, then rendered with --lang fr and --lang en. No English sentence
 * may appear in the French report — every message, label and notice comes
 * from the French catalogue — and no French one in the English report.
 * The log is also rendered in the language it was not written in, which
 * only its translations (runs[].translations) make possible. The same
 * holds for the inventory of personal information each report links. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_msg.h"
#include "vg_test_run.h"

static char dir[] = "/tmp/vigie-lang-XXXXXX";

static const char *path(const char *name)
{
    return vg_test_path(dir, name);
}

static void write_file(const char *name, const char *text)
{
    cr_assert_eq(vg_test_write(dir, name, text), 0, "%s", path(name));
}

static void vigie(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    vg_run r;
    cr_assert_eq(vg_run_vargs(&r, 120, VIGIE_BIN, first, ap), 0);
    va_end(ap);
    cr_assert(r.status == 0 || r.status == 1, "%s: exit %d: %s", first, r.status, r.err);
    vg_run_free(&r);
}

/* The demo's log, written in `lang` (the scan) and the other language
 * (the messages), merged. */
static void demo_log(const char *lang, const char *other)
{
    cr_assert_not_null(mkdtemp(dir));
    write_file("ids.json",
        "{\"identities\":[{\"name\":\"Marie Gagnon\",\"nam\":\"GAGM 8562 3016\","
        "\"sin\":\"565 632 122\",\"dob\":\"1985-12-30\",\"email\":\"marie@example.test\","
        "\"username\":\"mgagnon\",\"password\":\"Xk9!pQ2m\"}]}");
    write_file("p1.eml", "Message-ID: <p1.1@mail.clinique.test>\nTo: marie@example.test\n"
        "Subject: Résumé\n\nNuméro d'assurance maladie : GAGM 8562 3016\n"
        "Date de naissance : 1985-12-30\nconfirmez votre numéro d'assurance sociale\n");
    write_file("p2.eml", "Message-ID: <p2.1@mail.clinique.test>\nTo: info@clinique.test\n"
        "Subject: Nouveau\n\nNom d'utilisateur : mgagnon\nMot de passe temporaire : Tmp-4821-zq\n");
    vigie("scan", "-q", "--lang", lang, "--fail-on", "none", "-o", path("scan.sarif"),
          VG_SOURCE_DIR "/fixtures/clinic", VG_SOURCE_DIR "/fixtures/sample",
          VG_SOURCE_DIR "/fixtures/conf/html/violations", NULL);
    vigie("probe", "messages", "-q", "--lang", other, "--fail-on", "none", "-o",
          path("msg.sarif"), "--identities", path("ids.json"), "--eml", path("p1.eml"),
          path("p2.eml"), NULL);
    vigie("report", "merge", "-q", "--lang", lang, "--fail-on", "none", "-o", path("all.sarif"),
          path("scan.sarif"), path("msg.sarif"), NULL);
    vigie("report", "html", "-q", "--lang", "fr", "-o", path("fr.html"), "--inventory",
          path("fr-inv.html"), path("all.sarif"), NULL);
    vigie("report", "html", "-q", "--lang", "en", "-o", path("en.html"), "--inventory",
          path("en-inv.html"), path("all.sarif"), NULL);
}

/* ---- the text a reader sees ----------------------------------------------- */

typedef struct segs {
    char **s;
    size_t n, cap;
    char *all;                  /* every text node, joined by spaces */
    size_t alen;
} segs;

static void push(segs *g, const char *s, size_t n)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 256;
        g->s = realloc(g->s, g->cap * sizeof *g->s);
    }
    g->s[g->n++] = strndup(s, n);
}

/* Words of natural language: tokens between spaces made only of lower-case
 * letters (accented ones too) and apostrophes, two or more, with a Latin
 * letter; code (snake_case, CONSTANTS, paths, a@b) is no word. */
static size_t nwords(const char *s)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        while (*p == ' ')
            p++;
        const unsigned char *b = p;
        while (*p && *p != ' ')
            p++;
        const unsigned char *e = p;
        while (e > b && strchr(",;:!?", e[-1]))
            e--;
        bool word = e - b >= 2, latin = false;
        for (const unsigned char *q = b; q < e && word; q++) {
            if (*q >= 'a' && *q <= 'z')
                latin = true;
            else if (!(*q >= 0x80 || *q == '\''))
                word = false;
        }
        /* "·", "—": punctuation, not letters */
        n += word && latin;
    }
    return n;
}

/* Sentences and clauses of a text node: split at . ; : ( ) « » and quotes. */
static void split(segs *g, const char *t)
{
    size_t l = strlen(t);
    g->all = realloc(g->all, g->alen + l + 2);
    memcpy(g->all + g->alen, t, l);
    g->alen += l;
    g->all[g->alen++] = ' ';
    g->all[g->alen] = '\0';
    const char *start = t;
    for (const char *p = t;; p++) {
        bool cut = !*p || strchr(".;:()\"", *p) || !strncmp(p, "\xc2\xab", 2) ||
                   !strncmp(p, "\xc2\xbb", 2) || *p == '\n';
        if (cut) {
            while (start < p && (*start == ' ' || *start == '\xc2' || *start == '\xa0'))
                start++;
            size_t n = (size_t)(p - start);
            while (n && start[n - 1] == ' ')
                n--;
            char *seg = strndup(start, n);
            if (nwords(seg) >= 3)
                push(g, start, n);
            free(seg);
            start = *p ? p + 1 : p;
        }
        if (!*p)
            break;
    }
}

/* Code, paths and command lines are the same in every language. */
static bool verbatim(xmlNodePtr n)
{
    if (!xmlStrcmp(n->name, BAD_CAST "code") || !xmlStrcmp(n->name, BAD_CAST "style"))
        return true;
    xmlChar *cls = xmlGetProp(n, BAD_CAST "class");
    bool loc = cls && (strstr((const char *)cls, "loc") || strstr((const char *)cls, "verbatim"));
    xmlFree(cls);
    return loc;
}

static void walk(xmlNodePtr n, segs *g)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content)
            split(g, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && !verbatim(n))
            walk(n->children, g);
    }
}

static segs read_report(const char *file)
{
    segs g = {0};
    htmlDocPtr doc = htmlReadFile(file, "utf-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    cr_assert_not_null(doc, "%s", file);
    walk(xmlDocGetRootElement(doc), &g);
    xmlFreeDoc(doc);
    cr_assert_gt(g.n, 50, "%s: a report with text", file);
    return g;
}

static void free_segs(segs *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->s[i]);
    free(g->s);
    free(g->all);
}

/* Names that are the same in both languages. */
static bool proper_noun(const char *s)
{
    static const char *const names[] = {"Google Tag Manager", "Google Analytics",
                                        "Strict-Transport-Security"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strstr(s, names[i]))
            return true;
    return false;
}

/* What the service itself wrote (a phrase of its email, quoted as found)
 * is the same in both reports: the log's message arguments. */
static bool is_data(const char *s)
{
    json_t *log = json_load_file(path("all.sarif"), 0, NULL);
    bool found = false;
    size_t i, j, k;
    json_t *run, *r, *a;
    json_array_foreach(json_object_get(log, "runs"), i, run)
        json_array_foreach(json_object_get(run, "results"), j, r)
            json_array_foreach(json_object_get(json_object_get(r, "message"), "arguments"), k, a)
                found |= strstr(json_string_value(a), s) != NULL;
    json_decref(log);
    return found;
}

/* No sentence of one report appears in the other. */
static void no_shared_sentence(const segs *a, const char *an, const segs *b, const char *bn)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (!strcmp(a->s[i], b->s[j]) && !proper_noun(a->s[i]) && !is_data(a->s[i])) {
                cr_expect_fail("'%s' is in the %s report and in the %s report", a->s[i], an, bn);
                break;
            }
}

/* No literal piece (3 words or more) of the catalogue's templates in one
 * language appears in the report of the other, unless both have it. */
static void no_catalogue_piece(const segs *report, vg_lang wrong, const char *name)
{
    size_t n;
    const vg_msg_def *c = vg_msg_catalogue(&n);
    for (size_t i = 0; i < n; i++) {
        const char *t = wrong == VG_LANG_EN ? c[i].en : c[i].fr;
        const char *other = wrong == VG_LANG_EN ? c[i].fr : c[i].en;
        char piece[512];
        size_t k = 0;
        for (const char *p = t;; p++) {
            bool cut = !*p || *p == '{' || *p == '}' || strchr(".;:()\"", *p);
            if (!cut && k + 1 < sizeof piece) {
                piece[k++] = *p;
                continue;
            }
            piece[k] = '\0';
            char *s = piece;
            while (*s == ' ')
                s++;
            for (size_t e = strlen(s); e && s[e - 1] == ' ';)
                s[--e] = '\0';
            if (nwords(s) >= 3 && !strstr(other, s) && !proper_noun(s))
                cr_expect_null(strstr(report->all, s), "%s report: '%s' (%s, in the wrong "
                               "language)", name, s, c[i].id);
            k = 0;
            if (!*p)
                break;
        }
    }
}

static void check_both(void)
{
    segs fr = read_report(path("fr.html")), en = read_report(path("en.html"));
    no_shared_sentence(&fr, "French", &en, "English");
    no_catalogue_piece(&fr, VG_LANG_EN, "French");
    no_catalogue_piece(&en, VG_LANG_FR, "English");
    /* and each has its language's words for the same findings */
    cr_expect(strstr(fr.all, "courriel"), "the French report speaks of courriels");
    cr_expect(strstr(en.all, "email"), "the English report speaks of email");
    cr_expect(strstr(fr.all, "Numéro d’assurance maladie") ||
              strstr(fr.all, "numéro d’assurance maladie"), "categories by their French label");
    free_segs(&fr);
    free_segs(&en);
    /* the inventory of personal information, linked from each report */
    segs ifr = read_report(path("fr-inv.html")), ien = read_report(path("en-inv.html"));
    no_shared_sentence(&ifr, "French inventory", &ien, "English inventory");
    no_catalogue_piece(&ifr, VG_LANG_EN, "French inventory");
    no_catalogue_piece(&ien, VG_LANG_FR, "English inventory");
    cr_expect(strstr(ifr.all, "Où ils sont transmis"), "the French inventory's headings");
    cr_expect(strstr(ien.all, "Where it goes"), "the English inventory's headings");
    free_segs(&ifr);
    free_segs(&ien);
}

Test(report_lang, a_log_written_in_french_renders_in_either_language, .timeout = 240)
{
    demo_log("fr", "en");
    check_both();
}

Test(report_lang, a_log_written_in_english_renders_in_either_language, .timeout = 240)
{
    demo_log("en", "fr");
    check_both();
}
