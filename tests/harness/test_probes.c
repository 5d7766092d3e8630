/* The probe table is complete: every probe vg_probe.c registers reads its
 * own scenario section, has a `vigie probe NAME` command, a test suite and
 * a docs page, so a probe cannot be added (or renamed) without them. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_probe.h"
#include "vg_test_run.h"

Test(probes, table_is_not_empty_and_names_are_unique)
{
    size_t n = vg_probe_count();
    cr_assert_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        const char *a = vg_probe_name(vg_probe_at(i));
        cr_expect_eq(vg_probe_find(a), vg_probe_at(i), "%s registered twice", a);
    }
    cr_expect_null(vg_probe_at(n));
    cr_expect_null(vg_probe_find("all"), "\"all\" is the command that runs the table");
}

/* A section the table knows is read by its probe: a wrong type in it is
 * an error that names the section. */
Test(probes, every_probe_reads_its_own_scenario_section)
{
    for (size_t i = 0; i < vg_probe_count(); i++) {
        const char *name = vg_probe_name(vg_probe_at(i));
        char json[256];
        snprintf(json, sizeof json, "{\"target\": \"https://127.0.0.1\", \"%s\": 7}", name);
        vg_error err = {0};
        vg_scenario *sc = vg_scenario_load_buffer(json, strlen(json), "s.json", &err);
        cr_expect_null(sc, "%s: a number as its section was accepted", name);
        char want[128];
        snprintf(want, sizeof want, "s.json: %s: must be", name);
        cr_expect(strstr(err.msg, want), "%s: got '%s'", name, err.msg);
        vg_scenario_free(sc);
    }
}

Test(probes, every_probe_has_a_command_a_suite_and_a_docs_page)
{
    char *arch = vg_test_source_file("docs/architecture.md");
    for (size_t i = 0; i < vg_probe_count(); i++) {
        const char *name = vg_probe_name(vg_probe_at(i));
        char path[4096];
        snprintf(path, sizeof path, "%s/docs/probe-%s.md", VG_SOURCE_DIR, name);
        cr_expect_eq(access(path, R_OK), 0, "%s: no docs/probe-%s.md", name, name);
        snprintf(path, sizeof path, "%s/tests/harness/test_*%s*.c", VG_SOURCE_DIR, name);
        glob_t g;
        cr_expect_eq(glob(path, 0, NULL, &g), 0, "%s: no tests/harness/test_*%s*.c", name,
                     name);
        globfree(&g);
        char want[64];
        snprintf(want, sizeof want, "| `%s` |", name);
        cr_expect(strstr(arch, want), "%s: not in docs/architecture.md's probe table", name);
        char *argv[] = {VIGIE_BIN, "probe", (char *)name, "--help", NULL};
        vg_run r;
        cr_assert_eq(vg_run_argv(argv, 30, &r), 0);
        cr_expect_eq(r.status, 0, "vigie probe %s --help: exit %d", name, r.status);
        vg_run_free(&r);
    }
    free(arch);
}
