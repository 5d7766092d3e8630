/* The HTML report as a person sees it: rendered by headless Chromium from
 * a real scan of the demo fixtures, screenshotted, and read back from the
 * rendered DOM — every policy clause is there, no identifier is unmasked —
 * and printed to PDF, whose text keeps the per-clause counts.
 * Chromium is installed by scripts/setup: if it is missing this FAILS. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_ruleset.h"
#include "vg_test_run.h"

#define CHROMIUM "/usr/bin/chromium"

static char dir[] = "/tmp/vigie-html-XXXXXX";

static vg_run run(char *const argv[])
{
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0, "cannot start %s", argv[0]);
    return r;
}

/* Runs of white space as one space: pdftotext -layout pads a line to its
 * page position and breaks lines where the page did. */
static void squeeze(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++) {
        bool sp = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\f' || *p == '\r';
        if (sp && (w == s || w[-1] == ' '))
            continue;
        *w++ = sp ? ' ' : *p;
    }
    *w = '\0';
}

/* The PDF's text (pdftotext, poppler-utils from scripts/setup) keeps what
 * the screen shows: every clause of the summary with its count, in the
 * order of the DOM, and the report's contents (what to fix first, a
 * masked value, every clause's section). */
static void pdf_keeps_counts_and_contents(const char *pdf, const char *dom)
{
    cr_assert_eq(access("/usr/bin/pdftotext", X_OK), 0,
                 "pdftotext is missing: run scripts/setup (poppler-utils)");
    char *argv[] = {"/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", (char *)pdf, "-", NULL};
    vg_run r = run(argv);
    cr_assert_eq(r.status, 0, "pdftotext: %s", r.err);
    squeeze(r.out);
    size_t nclauses = 0;
    for (const char *p = dom; (p = strstr(p, "<li><a href=\"#clause-")); nclauses++) {
        const char *h = strchr(p, '>') + 1;
        h = strchr(h, '>') + 1;                         /* past <li> and <a ...> */
        const char *he = strstr(h, "</a>");
        const char *b = strstr(he, "class=\"badge");
        cr_assert(he && b);
        b = strchr(b, '>') + 1;
        char want[600];
        snprintf(want, sizeof want, "%.*s %.*s", (int)(he - h), h, (int)strcspn(b, "<"), b);
        squeeze(want);
        cr_expect(strstr(r.out, want), "the PDF keeps the clause and its count: '%s'", want);
        p = he;
    }
    cr_expect_gt(nclauses, 5, "the summary lists the clauses");
    cr_expect(strstr(r.out, "À corriger en priorité"), "what to fix first is printed");
    cr_expect(strstr(r.out, "**** **** **11"), "the findings' evidence is printed");
    vg_run_free(&r);
}

Test(html_render, demo_report_renders_every_clause_and_no_identifier, .timeout = 240)
{
    cr_assert_eq(access(CHROMIUM, X_OK), 0, CHROMIUM " is missing: run scripts/setup");
    cr_assert_not_null(mkdtemp(dir));
    char sarif[256], html[256], png[256], profile[256], url[300], shot[300], prof[300];
    snprintf(sarif, sizeof sarif, "%s/demo.sarif", dir);
    snprintf(html, sizeof html, "%s/demo.html", dir);
    snprintf(png, sizeof png, "%s/demo.png", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    snprintf(url, sizeof url, "file://%s", html);
    snprintf(shot, sizeof shot, "--screenshot=%s", png);
    snprintf(prof, sizeof prof, "--user-data-dir=%s", profile);

    char *scan[] = {VIGIE_BIN, "scan", "-q", "--fail-on", "none", "-o", sarif,
                    VG_SOURCE_DIR "/fixtures/sample", VG_SOURCE_DIR "/fixtures/clinic", NULL};
    vg_run r = run(scan);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    char *render[] = {VIGIE_BIN, "report", "html", "-q", "--lang", "fr", "-o", html, sarif, NULL};
    r = run(render);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);

    char *chrome_shot[] = {CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", prof, "--window-size=1100,2400",
        shot, url, NULL};
    r = run(chrome_shot);
    vg_run_free(&r);
    struct stat st;
    cr_assert_eq(stat(png, &st), 0, "Chromium wrote no screenshot");
    cr_expect_gt(st.st_size, 20000, "a rendered page, not a blank one (%lld bytes)",
                 (long long)st.st_size);
    FILE *f = fopen(png, "rb");
    unsigned char head[24];
    cr_assert_eq(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    cr_expect(memcmp(head, "\x89PNG", 4) == 0);
    unsigned w = (unsigned)head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19];
    cr_expect_eq(w, 1100, "screenshot width");

    char *chrome_dom[] = {CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", prof, "--dump-dom", url, NULL};
    r = run(chrome_dom);
    cr_assert_gt(strlen(r.out), 1000, "rendered DOM: %s", r.err);
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    for (size_t i = 0; i < rs->nclauses; i++) {
        /* The DOM escapes apostrophes the same way the source text has them. */
        cr_expect(strstr(r.out, rs->clauses[i].heading.fr), "clause '%s' not rendered",
                  rs->clauses[i].heading.fr);
    }
    const char *never[] = {"TREM 5405 1511", "GAGM 8562 3016", "130 692 544", "15 mai 1954"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        cr_expect_null(strstr(r.out, never[i]), "unmasked identifier '%s' in the report", never[i]);
    cr_expect(strstr(r.out, "**** **** **11"), "masked evidence is shown");
    /* a report to act on: scope first, then what to fix first; one entry
     * for one cause found in several places; observations apart */
    const char *scope = strstr(r.out, "Ce qui a été vérifié");
    const char *fix = strstr(r.out, "À corriger en priorité");
    cr_expect(scope && fix && scope < fix, "scope, then what to fix first");
    cr_expect(strstr(r.out, " endroits"), "a cause found in several places is one entry");
    cr_expect_null(strstr(r.out, "category = "), "evidence as labelled fields, not raw keys");
    cr_expect(strstr(r.out, "catégorie"), "evidence labels in French");
    cr_expect_null(strstr(r.out, "politique 000"), "clauses name their text by title");
    cr_expect(strstr(r.out, "RAMQ, Sécurité et politique de confidentialité"), "the title");
    vg_ruleset_free(rs);
    char *dom = strdup(r.out);
    vg_run_free(&r);

    /* The French report as printed and on a narrow screen, kept in the
     * build directory for people to look at (report-shots/). */
    char shots[300], narrow[400], pdf[400], pdfarg[420], narrowarg[420];
    snprintf(shots, sizeof shots, "%s/report-shots", VG_BINARY_DIR);
    mkdir(shots, 0755);
    snprintf(narrow, sizeof narrow, "%s/demo-fr-400px.png", shots);
    snprintf(pdf, sizeof pdf, "%s/demo-fr.pdf", shots);
    snprintf(narrowarg, sizeof narrowarg, "--screenshot=%s", narrow);
    snprintf(pdfarg, sizeof pdfarg, "--print-to-pdf=%s", pdf);
    char desk[400];
    snprintf(desk, sizeof desk, "%s/demo-fr-desktop.png", shots);
    char cp[900];
    snprintf(cp, sizeof cp, "cp '%s' '%s'", png, desk);
    cr_expect_eq(system(cp), 0);
    char *chrome_narrow[] = {CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", prof, "--window-size=400,2400",
        narrowarg, url, NULL};
    r = run(chrome_narrow);
    vg_run_free(&r);
    f = fopen(narrow, "rb");
    cr_assert_not_null(f, "Chromium wrote no narrow screenshot");
    cr_assert_eq(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    w = (unsigned)head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19];
    cr_expect_eq(w, 400, "narrow screenshot width");
    char *chrome_pdf[] = {CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", prof, "--no-pdf-header-footer",
        pdfarg, url, NULL};
    r = run(chrome_pdf);
    vg_run_free(&r);
    f = fopen(pdf, "rb");
    cr_assert_not_null(f, "Chromium printed no PDF");
    static char doc[8 << 20];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    cr_expect(n > 4 && memcmp(doc, "%PDF", 4) == 0, "a PDF");
    /* pages: page objects of the document ("/Type /Page", not "/Pages") */
    size_t pages = 0;
    for (size_t i = 0; i + 11 < n; i++)
        if (!memcmp(doc + i, "/Type /Page", 11) && doc[i + 11] != 's')
            pages++;
    cr_expect(pages >= 2 && pages < 21, "the printed report has %zu pages", pages);
    pdf_keeps_counts_and_contents(pdf, dom);
    free(dom);
}
