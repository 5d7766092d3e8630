/* The message catalogue: both languages have the same ids and the same
 * placeholders, the French is not a copy of the English, every id the
 * code names exists, and messages build, render and read back. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_finding.h"
#include "vg_msg.h"

/* The placeholders of a template, sorted, as one string: "{0}{1}{cat}". */
static void placeholders(const char *t, char *out, size_t n)
{
    char found[16][8];
    size_t k = 0;
    for (const char *p = t; *p; p++) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            p++;
            continue;
        }
        if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}' && k < 16) {
            snprintf(found[k++], 8, "{%c}", p[1]);
        } else if ((!strncmp(p, "{cat}", 5) || !strncmp(p, "{Cat}", 5)) && k < 16) {
            snprintf(found[k++], 8, "{cat}");       /* either case is the same slot */
        }
    }
    /* sort, then drop repeats */
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++)
            if (strcmp(found[j], found[i]) < 0) {
                char tmp[8];
                memcpy(tmp, found[i], 8);
                memcpy(found[i], found[j], 8);
                memcpy(found[j], tmp, 8);
            }
    out[0] = '\0';
    for (size_t i = 0; i < k; i++)
        if (i == 0 || strcmp(found[i], found[i - 1]))
            strncat(out, found[i], n - strlen(out) - 1);
}

static size_t words(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        if (*p == ' ')
            n++;
    return n + 1;
}

Test(msg, french_and_english_have_the_same_ids_and_placeholders)
{
    size_t n;
    const vg_msg_def *c = vg_msg_catalogue(&n);
    cr_assert_gt(n, 150, "the catalogue holds every message");
    for (size_t i = 0; i < n; i++) {
        cr_expect(c[i].id && *c[i].id && c[i].en && *c[i].en && c[i].fr && *c[i].fr,
                  "entry %zu is incomplete", i);
        for (size_t j = i + 1; j < n; j++)
            cr_expect_str_neq(c[i].id, c[j].id, "id %s twice", c[i].id);
        char pe[128], pf[128];
        placeholders(c[i].en, pe, sizeof pe);
        placeholders(c[i].fr, pf, sizeof pf);
        cr_expect_str_eq(pe, pf, "%s: English has %s, French %s", c[i].id, pe, pf);
        /* a sentence left in English is a translation not done */
        if (words(c[i].en) >= 4)
            cr_expect_str_neq(c[i].en, c[i].fr, "%s: the French is the English", c[i].id);
        /* Québec usage: courriel, témoin, texto; never the anglicisms */
        cr_expect_null(strstr(c[i].fr, "cookie "), "%s: « témoin », not cookie", c[i].id);
        cr_expect_null(strstr(c[i].fr, "e-mail"), "%s: « courriel », not e-mail", c[i].id);
        cr_expect_null(strstr(c[i].fr, "mail "), "%s: « courriel »", c[i].id);
    }
}

/* Every id the sources name literally is in the catalogue. */
Test(msg, every_id_named_in_the_code_exists)
{
    regex_t re;
    cr_assert_eq(regcomp(&re, "\"((notice|cert|cookie|config|identity|step|flow|label)"
                              "|[A-Z]{2,4}[0-9]{3})\\.[a-z0-9-]+\"", REG_EXTENDED), 0);
    const char *dirs[] = {VG_SOURCE_DIR "/analyzer", VG_SOURCE_DIR "/harness",
                          VG_SOURCE_DIR "/reports", VG_SOURCE_DIR "/cli"};
    size_t checked = 0;
    for (size_t d = 0; d < 4; d++) {
        DIR *dir = opendir(dirs[d]);
        cr_assert_not_null(dir, "%s", dirs[d]);
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t l = strlen(e->d_name);
            if (l < 3 || strcmp(e->d_name + l - 2, ".c"))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
            FILE *f = fopen(path, "r");
            char line[1024];
            int ln = 0;
            while (f && fgets(line, sizeof line, f)) {
                ln++;
                regmatch_t m;
                for (const char *p = line; regexec(&re, p, 1, &m, 0) == 0; p += m.rm_eo) {
                    char id[128];
                    int len = (int)(m.rm_eo - m.rm_so) - 2;
                    snprintf(id, sizeof id, "%.*s", len, p + m.rm_so + 1);
                    if (!strcmp(id, "TLS001.kx") || !strcmp(id, "TLS003.fault") ||
                        vg_msg_get(id)) {
                        checked++;
                        continue;
                    }
                    cr_expect_not_null(vg_msg_get(id), "%s:%d names %s, not in the catalogue",
                                       path, ln, id);
                }
            }
            if (f)
                fclose(f);
        }
        closedir(dir);
    }
    regfree(&re);
    cr_expect_gt(checked, 100, "the sources name catalogue ids (%zu found)", checked);
}

Test(msg, a_message_builds_with_its_category_and_renders_in_each_language)
{
    vg_findings fs;
    vg_findings_init(&fs);
    vg_text nam = {"health insurance number", "numéro d’assurance maladie"};
    vg_finding *f = vg_findings_addm(&fs, "DSC004", VG_LEVEL_NONE, "a.c", 3, 1, "nam", &nam,
                                     "DSC004.hardcoded", "%s", "**** **** **16");
    cr_assert_not_null(f);
    cr_expect_str_eq(f->msg.id, "DSC004.hardcoded.nam", "the category is part of the id");
    cr_expect(strncmp(f->message, "Hard-coded health insurance number **** **** **16:", 50) == 0,
              "%s", f->message);
    char *fr = vg_msgref_render(&f->msg, VG_LANG_FR, NULL, 0);
    cr_expect(strstr(fr, "(numéro d’assurance maladie) **** **** **16 :"), "%s", fr);
    free(fr);
    cr_expect_eq(f->msg.nargs, 1);
    cr_expect_null(vg_findings_addm(&fs, "DSC004", VG_LEVEL_NONE, "a.c", 3, 1, NULL, NULL,
                                    "DSC004.no-such-message", NULL),
                   "an unknown id is an error, not an empty message");
    vg_findings_free(&fs);
}

Test(msg, literal_braces_and_missing_arguments)
{
    const char *args[] = {"x"};
    char *s = vg_msg_format("%{{Referer}}i and {0}, {1}", args, 1);
    cr_expect_str_eq(s, "%{Referer}i and x, ");
    free(s);
}

/* Code-flow steps are text in the analyzer's IR: each step template,
 * filled, is read back as itself, so it renders in French. */
Test(msg, every_step_description_is_recognised_and_translated)
{
    size_t n;
    const vg_msg_def *c = vg_msg_catalogue(&n);
    vg_text terms[] = {{"health insurance number", "numéro d’assurance maladie"}};
    const char *ids[] = {"nam"};
    size_t steps = 0;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(c[i].id, "step.", 5))
            continue;
        steps++;
        const char *args[] = {"alpha", "beta"};
        vg_msgref ref;
        char *filled_cat = NULL;
        /* {cat} filled with the term, as the analyzer writes it */
        const char *cat = strstr(c[i].en, "{cat}");
        if (cat) {
            filled_cat = malloc(strlen(c[i].en) + 64);
            snprintf(filled_cat, strlen(c[i].en) + 64, "%.*s%s%s", (int)(cat - c[i].en),
                     c[i].en, terms[0].en, cat + 5);
        }
        char *text = vg_msg_format(filled_cat ? filled_cat : c[i].en, args, 2);
        cr_assert_eq(vg_msg_recognise(text, terms, ids, 1, &ref), 0, "%s: '%s' not recognised",
                     c[i].id, text);
        char want[64];
        snprintf(want, sizeof want, "%s%s", c[i].id, cat ? ".nam" : "");
        cr_expect_str_eq(ref.id, want, "'%s' read as %s", text, ref.id);
        char *fr = vg_msgref_render(&ref, VG_LANG_FR, NULL, 0);
        if (cat)
            cr_expect(strstr(fr, terms[0].fr), "%s: %s", c[i].id, fr);
        free(fr);
        vg_msgref_free(&ref);
        free(text);
        free(filled_cat);
    }
    cr_expect_gt(steps, 20);
    vg_msgref ref;
    cr_expect_neq(vg_msg_recognise("something else entirely", terms, ids, 1, &ref), 0);
}

Test(msg, language_from_the_environment)
{
    cr_expect_eq(vg_lang_from_tag("fr_CA.UTF-8"), VG_LANG_FR);
    cr_expect_eq(vg_lang_from_tag("fr"), VG_LANG_FR);
    cr_expect_eq(vg_lang_from_tag("en_US.UTF-8"), VG_LANG_EN);
    cr_expect_eq(vg_lang_from_tag("C"), VG_LANG_EN);
    cr_expect_eq(vg_lang_from_tag(NULL), VG_LANG_EN);
    setenv("LC_ALL", "", 1);
    setenv("LC_MESSAGES", "fr_CA.UTF-8", 1);
    setenv("LANG", "en_US.UTF-8", 1);
    cr_expect_eq(vg_lang_from_env(), VG_LANG_FR, "LC_MESSAGES before LANG");
    setenv("LC_ALL", "en_CA.UTF-8", 1);
    cr_expect_eq(vg_lang_from_env(), VG_LANG_EN, "LC_ALL first");
}
