/* Terminal output: file:line:col, level, rule, message; colours only when
 * asked; suppressed findings hidden unless verbose. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_text.h"

static char *render(const vg_findings *fs, bool color, bool verbose)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vg_text_opts o = {.color = color, .verbose = verbose};
    vg_text_write(f, rs, fs, &o);
    fclose(f);
    vg_ruleset_free(rs);
    return buf;
}

Test(text, one_line_per_finding_with_summary)
{
    vg_findings fs;
    vg_findings_init(&fs);
    vg_finding *f = vg_findings_add(&fs, "DSC004", VG_LEVEL_NONE, "a.txt", 3, 7, "Hard-coded NAM");
    vg_finding_add_step(f, "a.txt", 1, 1, "step one");
    f = vg_findings_add(&fs, "DSC004", VG_LEVEL_NONE, "b.txt", 1, 1, "quiet");
    vg_finding_set_suppression(f, "reviewed");
    char *out = render(&fs, false, false);
    cr_expect(strstr(out, "a.txt:3:7: warning[DSC004] Hard-coded NAM\n"), "%s", out);
    cr_expect_null(strstr(out, "quiet"), "suppressed findings are hidden");
    cr_expect_null(strstr(out, "step one"), "flows only in verbose mode");
    cr_expect(strstr(out, "1 finding (0 errors, 1 warning, 0 notes), 1 suppressed"), "%s", out);
    cr_expect_null(strchr(out, '\033'), "no colour unless asked");
    free(out);
    out = render(&fs, true, true);
    cr_expect(strstr(out, "step one"));
    cr_expect(strstr(out, "(suppressed)"));
    cr_expect_not_null(strchr(out, '\033'));
    free(out);
    vg_findings_free(&fs);
}

/* An English report writes a finding's own English text only when it is
 * the rendering of the finding's catalogue message; a message set by hand
 * afterwards is rendered, whatever text the finding still carries. */
Test(text, english_message_is_the_catalogue_rendering_however_the_finding_was_built)
{
    vg_findings fs;
    vg_findings_init(&fs);
    vg_text label = {"health insurance number", "numéro d'assurance maladie"};
    cr_assert_not_null(vg_findings_addm(&fs, "DSC004", VG_LEVEL_NONE, "a.txt", 1, 1, "nam",
                                        &label, "DSC004.hardcoded", "%s", "**11"));
    vg_finding *f = vg_findings_add(&fs, "DSC004", VG_LEVEL_NONE, "b.txt", 1, 1, "stale text");
    cr_assert_not_null(f);
    const char *args[] = {"**22"};
    cr_assert_eq(vg_msgref_set(&f->msg, "test.by-hand", "Written {0}", "Écrit {0}", args, 1), 0);
    char *out = render(&fs, false, false);
    cr_expect(strstr(out, "a.txt:1:1: warning[DSC004] Hard-coded health insurance number **11:"),
              "%s", out);
    cr_expect(strstr(out, "b.txt:1:1: warning[DSC004] Written **22\n"), "%s", out);
    cr_expect_null(strstr(out, "stale text"), "%s", out);
    free(out);
    vg_findings_free(&fs);
}
