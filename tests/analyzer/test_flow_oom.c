/*
 * Out of memory while the cache records a unit's include list: the scan
 * fails with VG_ENOMEM instead of storing an entry that lacks a header
 * (which would be read back as valid after that header changed).
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_flow.h"
#include "vg_ruleset.h"

/* The test is linked with -Wl,--wrap=strdup: vigie's own calls to strdup
 * come here. The header's resolved path is copied a few times before the
 * parse (following includes, for FIFOs) and, with a cache, once more by
 * the include list after it. copies counts the copies of that path; the
 * one numbered fail_at fails, so only the include list's copy breaks. */
#define MARKER "vg_oom_marker.h"
static unsigned copies, fail_at;
char *__real_strdup(const char *s);
char *__wrap_strdup(const char *s);

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s), m = strlen("/" MARKER);
    if (n >= m && !strcmp(s + n - m, "/" MARKER) && ++copies == fail_at)
        return NULL;
    return __real_strdup(s);
}

static vg_ruleset *rs;
static char dir[64];

static void setup(void)
{
    vg_error err = {0};
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    snprintf(dir, sizeof dir, "/tmp/vg-flow-oom-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
    vg_ruleset_free(rs);
}

static void write_file(const char *name, const char *text)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f, "%s", p);
    fputs(text, f);
    fclose(f);
}

static int scan(bool cache, vg_error *err)
{
    char unit[PATH_MAX], cache_dir[PATH_MAX];
    snprintf(unit, sizeof unit, "%s/u.c", dir);
    snprintf(cache_dir, sizeof cache_dir, "%s/cache", dir);
    const char *files[] = {unit};
    vg_scan_opts o = {.rs = rs, .jobs = 1, .cache_dir = cache ? cache_dir : NULL};
    vg_findings fs;
    vg_findings_init(&fs);
    copies = 0;
    int rc = vg_flow_scan(&o, files, 1, &fs, err);
    vg_findings_free(&fs);
    return rc;
}

Test(flow_oom, an_include_list_that_cannot_be_copied_fails_the_scan, .init = setup,
     .fini = teardown)
{
    write_file(MARKER, "struct p { char nam[16]; };\n");
    write_file("u.c", "#include <stdio.h>\n#include \"" MARKER "\"\n"
                      "void f(const struct p *x) { printf(\"%s\", x->nam); }\n");
    vg_error err = {0};
    /* Without a cache the include list is not recorded: count the copies
     * made before and around the parse. */
    fail_at = 0;
    cr_assert_eq(scan(false, &err), 0, "%s", err.msg);
    unsigned before = copies;
    /* With a cache, the next copy is the include list's. */
    fail_at = before + 1;
    cr_expect_eq(scan(true, &err), -1, "an include was dropped silently");
    cr_expect_gt(copies, before, "the include list never copied the header's path");
    cr_expect_eq(err.code, VG_ENOMEM, "got %s: %s", vg_error_code_name(err.code), err.msg);
}
