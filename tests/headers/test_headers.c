/* The headers compiled one by one into this suite (see CMakeLists.txt)
 * are every header of the modules: a header added since the build was
 * configured, or one the glob missed, fails here. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>

static const char *const compiled[] = {VG_HEADER_LIST};

Test(headers, every_module_header_compiles_on_its_own)
{
    static const char *const dirs[] = {"util", "rulesets", "reports", "analyzer",
                                       "analyzer/internal", "harness", "cli"};
    size_t on_disk = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char pat[4096];
        snprintf(pat, sizeof pat, "%s/%s/*.h", VG_SOURCE_DIR, dirs[d]);
        glob_t g;
        if (glob(pat, 0, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            const char *rel = g.gl_pathv[i] + strlen(VG_SOURCE_DIR) + 1;
            bool found = false;
            for (size_t k = 0; k < VG_HEADER_COUNT && !found; k++)
                found = strcmp(compiled[k], rel) == 0;
            cr_expect(found, "%s is not compiled alone (re-run cmake)", rel);
            on_disk++;
        }
        globfree(&g);
    }
    cr_expect_eq(on_disk, (size_t)VG_HEADER_COUNT);
}
