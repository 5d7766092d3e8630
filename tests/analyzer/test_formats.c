/* The format table is complete: every format vg_conf.c registers has its
 * labelled corpus, its test suite and its section in the docs, so a format
 * cannot be added (or renamed) without them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vg_conf.h"
#include "vg_test_run.h"

static bool is_dir(const char *name, const char *sub)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/fixtures/conf/%s/%s", VG_SOURCE_DIR, name, sub);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

Test(formats, table_is_not_empty_and_names_are_unique)
{
    size_t n = vg_conf_nformats();
    cr_assert_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        vg_conf_info a = vg_conf_format_info(i);
        cr_assert(a.name && a.label);
        cr_expect(vg_conf_handles(a.kind), "%s: its kind is not dispatched", a.name);
        for (size_t j = i + 1; j < n; j++)
            cr_expect(strcmp(a.name, vg_conf_format_info(j).name) != 0 &&
                          a.kind != vg_conf_format_info(j).kind,
                      "%s registered twice", a.name);
    }
    cr_expect_null(vg_conf_format_info(n).name);
}

Test(formats, every_format_has_a_corpus_a_suite_and_a_docs_section)
{
    char *tests = vg_test_source_file("tests/analyzer/test_conf.c");
    char *docs = vg_test_source_file("docs/config-checks.md");
    char *arch = vg_test_source_file("docs/architecture.md");
    for (size_t i = 0; i < vg_conf_nformats(); i++) {
        vg_conf_info f = vg_conf_format_info(i);
        char want[256];
        cr_expect(is_dir(f.name, "violations") && is_dir(f.name, "compliant"),
                  "%s: fixtures/conf/%s/{violations,compliant}/ missing", f.name, f.name);
        snprintf(want, sizeof want, "Test(conf_%s,", f.name);
        cr_expect(strstr(tests, want), "%s: no %s suite in tests/analyzer/test_conf.c",
                  f.name, want);
        snprintf(want, sizeof want, "\n## %s", f.label);
        cr_expect(strstr(docs, want), "%s: no \"## %s\" section in docs/config-checks.md",
                  f.name, f.label);
        snprintf(want, sizeof want, "| `%s` |", f.name);
        cr_expect(strstr(arch, want), "%s: not in docs/architecture.md's format table", f.name);
    }
    free(tests);
    free(docs);
    free(arch);
}
