/* Every bench script refuses to print a figure when vigie fails: run with
 * a stand-in vigie that exits 2 (as `vigie scan` does on a compilation
 * database naming a file that is not there), each bench must exit 2, name
 * the failed command and its exit status, quote what it said, and write
 * no figure for bench/compare. Nothing here is timed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_test_run.h"

#define REASON "vigie scan: cannot read src/tool_hugehelp.c: No such file or directory"

static char dir[] = "/tmp/vg-test-bench-XXXXXX";
static char fake[256], figures[256];

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    snprintf(fake, sizeof fake, "%s/vigie", dir);
    snprintf(figures, sizeof figures, "%s/figures", dir);
    write_file(fake, "#!/bin/sh\necho '" REASON "' >&2\nexit 2\n", 0755);
}

static void teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(bench, .init = setup, .fini = teardown);

/* Are these programs installed? (The bench checks them itself, but with
 * them missing it would fail for that reason, not the one under test.) */
static bool have(const char *const *progs)
{
    for (; *progs; progs++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "command -v %s > /dev/null 2>&1", *progs);
        if (system(cmd) != 0)
            return false;
    }
    return true;
}

/* Run bench/NAME/run ARGS... with VIGIE, TMPDIR and BENCH_FIGURES set, and
 * check it failed on vigie's exit 2 with vigie's own words, and left no
 * figure. */
static void expect_refusal(const char *name, const char *const *args)
{
    char script[512], env_vigie[300], env_tmp[300], env_fig[300];
    snprintf(script, sizeof script, "%s/bench/%s/run", VG_SOURCE_DIR, name);
    snprintf(env_vigie, sizeof env_vigie, "VIGIE=%s", fake);
    snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", dir);
    snprintf(env_fig, sizeof env_fig, "BENCH_FIGURES=%s", figures);
    char *argv[16] = {"/usr/bin/env", env_vigie, env_tmp, env_fig, "RUNS=1", script};
    int n = 6;
    for (; *args && n < 15; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 300, &r), 0);
    cr_expect_eq(r.status, 2, "bench/%s exit status %d\nstdout:\n%s\nstderr:\n%s", name,
                 r.status, r.out, r.err);
    cr_expect(strstr(r.err, "exited 2") || strstr(r.err, "exit 2"),
              "bench/%s names the exit status:\n%s", name, r.err);
    cr_expect(strstr(r.err, REASON), "bench/%s quotes vigie's reason:\n%s", name, r.err);
    cr_expect(!strstr(r.out, "median"), "bench/%s printed a figure:\n%s", name, r.out);
    cr_expect_neq(access(figures, F_OK), 0, "bench/%s wrote figures for bench/compare", name);
    vg_run_free(&r);
}

Test(bench, detect_refuses_when_vigie_exits_2)
{
    const char *const args[] = {"1", NULL};
    expect_refusal("detect", args);
}

Test(bench, analyzer_refuses_when_vigie_exits_2)
{
    const char *const tools[] = {"cc", "clang-14", "/usr/bin/time", NULL};
    if (!have(tools))
        cr_skip_test("needs cc, clang-14 and GNU time (scripts/setup --bench)");
    char src[300], db[300], text[1024];
    snprintf(src, sizeof src, "%s/unit.c", dir);
    snprintf(db, sizeof db, "%s/compile_commands.json", dir);
    write_file(src, "int unit(void) { return 0; }\n", 0644);
    snprintf(text, sizeof text,
             "[{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"cc\", \"-c\", \"%s\"]}]\n",
             dir, src, src);
    write_file(db, text, 0644);
    const char *const args[] = {db, "1", "1", NULL};
    expect_refusal("analyzer", args);
}

Test(bench, tls_refuses_when_vigie_exits_2)
{
    const char *const tools[] = {"/usr/sbin/nginx", "sslscan", "hyperfine", "openssl", NULL};
    if (!have(tools))
        cr_skip_test("needs nginx, sslscan, hyperfine, openssl (scripts/setup --bench)");
    const char *const args[] = {"--no-record", NULL};
    expect_refusal("tls", args);
}

Test(bench, messages_refuses_when_vigie_exits_2)
{
    const char *const tools[] = {"/usr/sbin/smtp-sink", "/usr/sbin/smtp-source", NULL};
    if (!have(tools))
        cr_skip_test("needs Postfix's smtp-sink and smtp-source (scripts/setup --bench)");
    const char *const args[] = {"-n", "20", "-r", "1", NULL};
    expect_refusal("messages", args);
}
