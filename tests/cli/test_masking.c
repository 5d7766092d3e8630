/* Masking in every output format: the demo's scan (the clinic fixture and
 * the sample extract) and the clinic's planted messages, checked offline,
 * written as SARIF, text and HTML (French and English). No identifier,
 * birth date, email address, telephone number or test identity's name or
 * username may appear in any of them unless --show-personal-data was given
 * to the command that found it; with it, they do (so the search below is
 * able to fail). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_test_run.h"

static char dir[] = "/tmp/vigie-mask-XXXXXX";

/* What the fixtures hold about their synthetic people, in the forms an
 * output could show them (digits split only where no hex digest could
 * contain them by chance). */
static const char *const never[] = {
    "GAGM", "8562 3016", "85623016", "TREM", "5405 1511", "54051511",
    "565 632", "632 122", "565632122", "130 692", "692 544", "130692544",
    "1985-12-30", "30/12/1985", "19851230", "cembre 1985", "15 mai 1954", "1954-05-15",
    "Marie", "Gagnon", "mgagnon", "marie@", "info@clinique", "514 555", "555 0100",
    "5145550100",
};

static void write_file(const char *name, const char *text)
{
    cr_assert_eq(vg_test_write(dir, name, text), 0, "%s", vg_test_path(dir, name));
}

static const char *path(const char *name)
{
    return vg_test_path(dir, name);
}

static char *slurp(const char *p)
{
    char *s = vg_test_slurp(p, NULL);
    cr_assert_not_null(s, "%s was not written", p);
    return s;
}

static vg_run vigie(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    vg_run r;
    cr_assert_eq(vg_run_vargs(&r, 120, VIGIE_BIN, first, ap), 0);
    va_end(ap);
    cr_assert(r.status == 0 || r.status == 1, "%s: exit %d: %s", first, r.status, r.err);
    return r;
}

/* The clinic's planted messages (fixtures/clinic/clinic_mail.c), as the
 * capture would keep them, and its test identity. */
static void messages(void)
{
    write_file("ids.json",
        "{\"identities\":[{\"name\":\"Marie Gagnon\",\"nam\":\"GAGM 8562 3016\","
        "\"sin\":\"565 632 122\",\"dob\":\"1985-12-30\",\"email\":\"marie@example.test\","
        "\"phone\":\"+1 514 555 0100\",\"username\":\"mgagnon\",\"password\":\"Xk9!pQ2m\"}]}");
    write_file("p1.eml", "Message-ID: <p1.1@mail.clinique.test>\nTo: marie@example.test\n"
        "Subject: =?UTF-8?Q?R=C3=A9sum=C3=A9?=\n\nBonjour Marie Gagnon,\n"
        "Numéro d'assurance maladie : GAGM 8562 3016\nNuméro d'assurance sociale : 565 632 122\n"
        "Date de naissance : 1985-12-30\n");
    write_file("p2.eml", "Message-ID: <p2.1@mail.clinique.test>\nTo: info@clinique.test\n"
        "Subject: Nouveau compte\n\nNom d'utilisateur : mgagnon\nMot de passe temporaire : "
        "Tmp-4821-zq\n");
    write_file("p4.eml", "Message-ID: <p4.1@mail.clinique.test>\nTo: marie@example.test\n"
        "Subject: Reinit\n\nVotre mot de passe temporaire : Xk9!pQ2m\n"
        "Pour terminer, confirmez votre numéro d'assurance sociale en nous écrivant.\n");
    write_file("p5.eml", "Message-ID: <p5.1@mail.clinique.test>\nTo: marie@example.test\n"
        "Subject: Rappel\n\nRappel.\nVotre nom d'utilisateur : mgagnon\n");
}

/* Every output of the demo, with or without --show-personal-data. */
typedef struct outputs {
    char *text[4];
    const char *name[4];
    size_t n;
} outputs;

static void add(outputs *o, const char *name, char *text)
{
    o->name[o->n] = name;
    o->text[o->n++] = text;
}

static void produce(outputs *o, bool show)
{
    const char *pd = show ? "--show-personal-data" : "--fail-on";
    const char *pd2 = show ? "--fail-on" : "none";
    const char *pd3 = show ? "none" : "-q";
    memset(o, 0, sizeof *o);
    messages();
    vg_run r = vigie("scan", "-q", pd, pd2, pd3, "-o", path("scan.sarif"),
                     VG_SOURCE_DIR "/fixtures/clinic", VG_SOURCE_DIR "/fixtures/sample", NULL);
    vg_run_free(&r);
    r = vigie("probe", "messages", "-q", pd, pd2, pd3, "-o", path("msg.sarif"),
              "--identities", path("ids.json"), "--eml", path("p1.eml"), path("p2.eml"),
              path("p4.eml"), path("p5.eml"), NULL);
    vg_run_free(&r);
    r = vigie("report", "merge", "-q", "--fail-on", "none", "-o", path("all.sarif"),
              path("scan.sarif"), path("msg.sarif"), NULL);
    vg_run_free(&r);
    r = vigie("report", "html", "-q", "--lang", "fr", "-o", path("fr.html"), path("all.sarif"),
              NULL);
    vg_run_free(&r);
    r = vigie("report", "html", "-q", "--lang", "en", "-o", path("en.html"), path("all.sarif"),
              NULL);
    vg_run_free(&r);
    /* text: the scan and the messages, verbose (code-flow steps, notes) */
    r = vigie("scan", "-v", "-f", "text", pd, pd2, pd3, VG_SOURCE_DIR "/fixtures/clinic",
              VG_SOURCE_DIR "/fixtures/sample", NULL);
    vg_run r2 = vigie("probe", "messages", "-v", "-f", "text", pd, pd2, pd3, "--identities",
                      path("ids.json"), "--eml", path("p1.eml"), path("p2.eml"),
                      path("p4.eml"), path("p5.eml"), NULL);
    size_t n = strlen(r.out) + strlen(r2.out) + 2;
    char *text = malloc(n);
    snprintf(text, n, "%s\n%s", r.out, r2.out);
    vg_run_free(&r);
    vg_run_free(&r2);
    add(o, "text", text);

    /* SARIF: everything but the rules' own texts and message templates, in
     * both languages (the policy quotes its examples, jacques.untel@xx.com) */
    char *sarif = slurp(path("all.sarif"));
    json_t *doc = json_loads(sarif, 0, NULL);
    cr_assert_not_null(doc);
    free(sarif);
    size_t i;
    json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        json_object_del(run, "tool");
        json_object_del(run, "translations");     /* the rules' texts, other language */
    }
    add(o, "sarif", json_dumps(doc, JSON_COMPACT));
    json_decref(doc);
    add(o, "html fr", slurp(path("fr.html")));
    add(o, "html en", slurp(path("en.html")));
}

static void free_outputs(outputs *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->text[i]);
}

/* An email address whose local part is shown: letters or digits, then
 * '@', not a Message-ID between angle brackets, not masked (•••@), not
 * the policy's own example domain. */
static const char *unmasked_address(const char *s)
{
    regex_t re;
    cr_assert_eq(regcomp(&re, "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z]", REG_EXTENDED), 0);
    regmatch_t m;
    const char *p = s, *hit = NULL;
    while (!hit && regexec(&re, p, 1, &m, 0) == 0) {
        const char *at = p + m.rm_so;
        const char *end = p + m.rm_eo;
        bool msgid = (at > s && at[-1] == '<') || (at >= s + 4 && !strncmp(at - 4, "&lt;", 4));
        bool example = strstr(at, "@xx.com") && strstr(at, "@xx.com") < end + 8;
        if (!msgid && !example)
            hit = at;
        p = end;
    }
    regfree(&re);
    return hit;
}

Test(masking, no_personal_value_in_any_output_format, .timeout = 300)
{
    cr_assert_not_null(mkdtemp(dir));
    outputs o;
    produce(&o, false);
    for (size_t k = 0; k < o.n; k++) {
        cr_assert_gt(strlen(o.text[k]), 200, "%s output is empty", o.name[k]);
        for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
            const char *at = strstr(o.text[k], never[i]);
            cr_expect_null(at, "%s output shows '%s': ...%.80s", o.name[k], never[i],
                           at ? (at > o.text[k] + 40 ? at - 40 : o.text[k]) : "");
        }
        const char *a = unmasked_address(o.text[k]);
        cr_expect_null(a, "%s output shows an email address: %.60s", o.name[k], a ? a : "");
    }
    /* and the masked forms are there: something was found and shown */
    cr_expect(strstr(o.text[0], "**** **** **16"), "masked NAM in the text output");
    cr_expect(strstr(o.text[0], "*** *** *22"), "masked SIN in the text output");
    cr_expect(strstr(o.text[0], "m\u2022\u2022\u2022@example.test"), "masked address");
    free_outputs(&o);
}

Test(masking, show_personal_data_shows_them, .timeout = 300)
{
    cr_assert_not_null(mkdtemp(dir));
    outputs o;
    produce(&o, true);
    for (size_t k = 0; k < o.n; k++) {
        cr_expect(strstr(o.text[k], "GAGM 8562 3016"), "%s: the NAM is shown", o.name[k]);
        cr_expect(unmasked_address(o.text[k]), "%s: an address is shown", o.name[k]);
    }
    free_outputs(&o);
}

/* The identity of a finding does not depend on how it is shown. */
Test(masking, fingerprints_are_the_same_with_and_without_show_personal_data, .timeout = 300)
{
    cr_assert_not_null(mkdtemp(dir));
    messages();
    const char *runs[2][2] = {{"a.sarif", "am.sarif"}, {"b.sarif", "bm.sarif"}};
    for (int show = 0; show < 2; show++) {
        const char *pd = show ? "--show-personal-data" : "-q";
        vg_run r = vigie("scan", "-q", pd, "--fail-on", "none", "-o", path(runs[show][0]),
                         VG_SOURCE_DIR "/fixtures/clinic", VG_SOURCE_DIR "/fixtures/sample",
                         NULL);
        vg_run_free(&r);
        r = vigie("probe", "messages", "-q", pd, "--fail-on", "none", "-o",
                  path(runs[show][1]), "--identities", path("ids.json"), "--eml",
                  path("p1.eml"), path("p2.eml"), path("p4.eml"), path("p5.eml"), NULL);
        vg_run_free(&r);
    }
    for (int k = 0; k < 2; k++) {
        json_t *a = json_load_file(path(runs[0][k]), 0, NULL);
        json_t *b = json_load_file(path(runs[1][k]), 0, NULL);
        cr_assert(a && b);
        json_t *ra = json_object_get(json_array_get(json_object_get(a, "runs"), 0), "results");
        json_t *rb = json_object_get(json_array_get(json_object_get(b, "runs"), 0), "results");
        cr_assert_eq(json_array_size(ra), json_array_size(rb));
        cr_assert_gt(json_array_size(ra), 3);
        size_t i;
        json_t *x;
        json_array_foreach(ra, i, x) {
            json_t *y = json_array_get(rb, i);
            const char *fa = json_string_value(
                json_object_get(json_object_get(x, "partialFingerprints"), "vigie/v1"));
            const char *fb = json_string_value(
                json_object_get(json_object_get(y, "partialFingerprints"), "vigie/v1"));
            cr_expect_str_eq(fa, fb, "%s result %zu (%s) changed fingerprint",
                             runs[0][k], i, json_string_value(json_object_get(x, "ruleId")));
        }
        json_decref(a);
        json_decref(b);
    }
}
