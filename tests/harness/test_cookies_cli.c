/*
 * `vigie probe cookies` at the command-line edge: help that teaches,
 * usage errors, a broken scenario and an unreachable service are exit 2
 * with a message that says what is wrong (never a crash, never a hang).
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

Test(cookies_cli, help_explains_phases_findings_and_modes)
{
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--help", NULL};
    vg_run r = run(argv);
    cr_expect_eq(r.status, 0);
    const char *words[] = {"--scenario", "--http-only", "before", "accept", "refuse",
                           "withdraw", "CK001", "CK005", "chromedriver", "unknown"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        cr_expect(strstr(r.out, words[i]), "help lacks '%s'", words[i]);
    vg_run_free(&r);
}

Test(cookies_cli, missing_scenario_is_a_usage_error)
{
    char *argv[] = {VIGIE_BIN, "probe", "cookies", NULL};
    vg_run r = run(argv);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--scenario"), "%s", r.err);
    vg_run_free(&r);
}

Test(cookies_cli, a_typo_in_the_scenario_names_the_key)
{
    static const char text[] =
        "{\"target\":\"https://127.0.0.1:1\",\"cookies\":{\"consent\":{\"acept\":{}}}}";
    char *path = vg_test_write_temp("scenario.json", text, strlen(text));
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", path, NULL};
    vg_run r = run(argv);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "cookies.consent.acept: unknown key"), "%s", r.err);
    vg_run_free(&r);
    free(path);
}

Test(cookies_cli, an_unreachable_service_is_exit_2_with_the_url)
{
    /* Port 1 on loopback: nothing listens there. */
    static const char text[] =
        "{\"target\":\"https://127.0.0.1:1\",\"cookies\":{\"consent\":{}}}";
    char *path = vg_test_write_temp("scenario.json", text, strlen(text));
    char *argv[] = {VIGIE_BIN, "probe", "cookies", "--scenario", path, "--timeout", "5", NULL};
    vg_run r = run(argv);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "https://127.0.0.1:1/"), "%s", r.err);
    vg_run_free(&r);
    free(path);
}
