/*
 * The HTML report's clause verdicts say which checks ran: static analysis,
 * run time, both, or none. A clause no check looked at reads "Not
 * checked", never "No finding"; merged logs keep what each run checked.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_report.h"
#include "vg_ruleset.h"
#include "vg_sarif.h"

static vg_ruleset *rs;

static void setup(void)
{
    vg_error err = {0};
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
}

static void teardown(void)
{
    vg_ruleset_free(rs);
}

TestSuite(html_checks, .init = setup, .fini = teardown);

/* Render runs (a static one checking `stat`, a run-time one checking
 * `live`; NULL: that run is absent) in lang. */
static char *render(const char *const *stat, const char *const *live, vg_lang lang)
{
    vg_findings fs[2];
    vg_sarif_run runs[2];
    char *argv[] = {"vigie"};
    size_t n = 0;
    const char *const *lists[2] = {stat, live};
    const char *tools[2] = {"vigie-analyzer", "vigie-harness"};
    for (int k = 0; k < 2; k++) {
        if (!lists[k])
            continue;
        vg_findings_init(&fs[n]);
        for (const char *const *r = lists[k]; *r; r++)
            cr_assert_eq(vg_findings_checked(&fs[n], *r), 0);
        runs[n] = (vg_sarif_run){.tool = tools[k], .findings = &fs[n], .argc = 1, .argv = argv};
        n++;
    }
    vg_error err = {0};
    vg_report_doc *d = vg_report_build(rs, runs, n, &err);
    cr_assert_not_null(d, "%s", err.msg);
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    vg_html_opts o = {.lang = lang};
    cr_assert_eq(vg_report_html(d, rs, &o, f, &err), 0, "%s", err.msg);
    fclose(f);
    vg_report_free(d);
    for (size_t i = 0; i < n; i++)
        vg_findings_free(&fs[i]);
    return buf;
}

/* The HTML of the clause whose heading is `heading` (from <section> on). */
static char *section(const char *html, const char *heading)
{
    /* the section's own <h2>, not the summary's link to it */
    char needle[600];
    snprintf(needle, sizeof needle, "%s<span class=\"badge", heading);
    const char *h = strstr(html, needle);
    cr_assert_not_null(h, "no clause '%s'", heading);
    const char *end = strstr(h, "</section>");
    cr_assert_not_null(end);
    return strndup(h, (size_t)(end - h));
}

static const vg_clause *clause(const char *id)
{
    for (size_t i = 0; i < rs->nclauses; i++)
        if (strcmp(rs->clauses[i].id, id) == 0)
            return &rs->clauses[i];
    cr_assert_fail("no clause %s", id);
    return NULL;
}

Test(html_checks, each_clause_says_static_runtime_both_or_none)
{
    static const char *const stat[] = {"LOG001", "LOG002", "TLS001", NULL};
    static const char *const live[] = {"LOG001", "CRD004", "MSG003", NULL};
    char *html = render(stat, live, VG_LANG_EN);
    char *s = section(html, clause("automatic-exchange")->heading.en);
    cr_expect(strstr(s, "Checks that ran:</em> static analysis and run time"), "%s", s);
    cr_expect(strstr(s, "static analysis: LOG001"), "%s", s);
    cr_expect(strstr(s, "run time: LOG001"), "%s", s);
    cr_expect(strstr(s, "badge ok\">No finding"), "%s", s);
    free(s);
    s = section(html, clause("means-of-communication")->heading.en);
    cr_expect(strstr(s, "run time only"), "%s", s);
    free(s);
    s = section(html, clause("security-infrastructure")->heading.en);
    cr_expect(strstr(s, "static analysis only"), "%s", s);
    free(s);
    /* nothing looked at the credentials procedure: not a pass */
    s = section(html, clause("credentials-transmission")->heading.en);
    cr_expect(strstr(s, "badge none\">Not checked"), "%s", s);
    cr_expect(strstr(s, "says nothing about compliance"), "%s", s);
    cr_expect_null(strstr(s, "No finding"), "%s", s);
    free(s);
    free(html);
}

Test(html_checks, french_verdicts)
{
    static const char *const live[] = {"LOG001", NULL};
    char *html = render(NULL, live, VG_LANG_FR);
    char *s = section(html, clause("automatic-exchange")->heading.fr);
    cr_expect(strstr(s, "Vérifications effectuées :</em> à l’exécution seulement"), "%s", s);
    cr_expect(strstr(s, "à l’exécution : LOG001"), "%s", s);
    free(s);
    s = section(html, clause("credentials-transmission")->heading.fr);
    cr_expect(strstr(s, "badge none\">Non vérifiée"), "%s", s);
    cr_expect(strstr(s, "ne dit donc rien de sa conformité"), "%s", s);
    free(s);
    cr_expect(strstr(html, "clauses qu’aucune vérification n’a examinées"), "summary count");
    free(html);
}

Test(html_checks, a_log_without_checks_marks_every_clause_not_checked)
{
    static const char *const none[] = {NULL};
    char *html = render(none, NULL, VG_LANG_EN);
    cr_expect_null(strstr(html, "badge ok\">No finding"), "nothing looked, nothing passes");
    for (size_t i = 0; i < rs->nclauses; i++) {
        char *s = section(html, rs->clauses[i].heading.en);
        cr_expect(strstr(s, "Not checked"), "%s", rs->clauses[i].id);
        free(s);
    }
    free(html);
}
