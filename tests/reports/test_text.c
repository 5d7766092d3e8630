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
