/*
 * Option errors at the edge: one message naming the option, the nearest
 * real option for a typo, and option combinations that mean nothing
 * refused before any work (exit 2 each).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "vg_test_run.h"

static vg_run run(char **argv)
{
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 60, &r), 0, "cannot run %s", argv[0]);
    return r;
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(options, a_typo_suggests_the_nearest_option_in_every_command)
{
    struct { char *cmd[3]; char *typo, *expect; } cases[] = {
        {{"scan"}, "--formt", "did you mean --format?"},
        {{"scan"}, "--compile-comands", "did you mean --compile-commands?"},
        {{"rules"}, "--lnag", "did you mean --lang?"},
        {{"probe", "tls"}, "--timout", "did you mean --timeout?"},
        {{"probe", "cookies"}, "--scenaro", "did you mean --scenario?"},
        {{"probe", "messages"}, "--mbx", "did you mean --mbox?"},
        {{"probe", "all"}, "--http-onyl", "did you mean --http-only?"},
        {{"report", "merge"}, "--basline", "did you mean --baseline?"},
        {{"report", "html"}, "--ouptut", "did you mean --output?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *argv[8] = {VIGIE_BIN};
        int n = 1;
        for (int k = 0; k < 3 && cases[i].cmd[k]; k++)
            argv[n++] = cases[i].cmd[k];
        argv[n++] = cases[i].typo;
        argv[n++] = "x";
        vg_run r = run(argv);
        cr_expect_eq(r.status, 2, "%s %s", cases[i].cmd[0], cases[i].typo);
        cr_expect(strstr(r.err, cases[i].expect), "%s: %s", cases[i].typo, r.err);
        /* the error and the --help hint; getopt's own message is not repeated */
        cr_expect_eq(lines(r.err), 2, "%s: %s", cases[i].typo, r.err);
        vg_run_free(&r);
    }
}

Test(options, a_word_far_from_every_option_gets_no_suggestion)
{
    char *argv[] = {VIGIE_BIN, "scan", "--zzzzzz", "x", NULL};
    vg_run r = run(argv);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "unknown option '--zzzzzz'"), "%s", r.err);
    cr_expect_null(strstr(r.err, "did you mean"), "%s", r.err);
    vg_run_free(&r);
}

Test(options, missing_values_and_misspelt_commands_are_named)
{
    struct { char *a[4]; const char *expect; } cases[] = {
        {{"scan", "x", "--format"}, "option '--format' needs a value"},
        {{"scan", "x", "-o"}, "option '-o' needs a value"},
        {{"scan", "--quiet=yes", "x"}, "option '--quiet' takes no value"},
        {{"scna"}, "did you mean 'scan'?"},
        {{"probe", "cokies"}, "did you mean 'cookies'?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *argv[6] = {VIGIE_BIN};
        for (int k = 0; k < 4 && cases[i].a[k]; k++)
            argv[k + 1] = cases[i].a[k];
        vg_run r = run(argv);
        cr_expect_eq(r.status, 2, "case %zu", i);
        cr_expect(strstr(r.err, cases[i].expect), "case %zu: %s", i, r.err);
        vg_run_free(&r);
    }
}

Test(options, fail_on_new_without_a_baseline_is_a_usage_error)
{
    char *scan[] = {VIGIE_BIN, "scan", "--fail-on-new", "/dev/null", NULL};
    char *merge[] = {VIGIE_BIN, "report", "merge", "--fail-on-new", "/dev/null", NULL};
    char **cases[] = {scan, merge};
    for (size_t i = 0; i < 2; i++) {
        vg_run r = run(cases[i]);
        cr_expect_eq(r.status, 2);
        cr_expect(strstr(r.err, "--fail-on-new needs --baseline"), "%s", r.err);
        vg_run_free(&r);
    }
}
