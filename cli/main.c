/*
 * vigie: checks that a service keeps a public body's privacy promises.
 * main() only dispatches; each subcommand lives in its own cmd_*.c.
 */
#include "cli.h"
#include "vg_runtime.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

#ifndef VIGIE_VERSION
#define VIGIE_VERSION "0.0.0"
#endif

int cli_argc;
char **cli_argv;
const char *cli_cwd = "";

static const char main_help[] =
"Usage: vigie COMMAND [options] ...\n"
"\n"
"vigie checks that a service keeps the promises of the RAMQ security and\n"
"privacy policy: 256-bit TLS and a real certificate, no cookie before\n"
"consent, logs that keep only the automatic-exchange list, and no health\n"
"insurance number, social insurance number, date of birth or password sent\n"
"by email, SMS or voice message. Every rule cites its policy clause.\n"
"\n"
"Commands:\n"
"  scan PATH...      static analysis of code, configs, templates and text\n"
"  link DIR...       one report from extractions (scan --extract, cc --extract)\n"
"  cc --extract DIR -- CC ARGS...   compile, and extract that compilation\n"
"  probe KIND ...    checks against a running service (tls, cookies, messages, logs,\n"
"                    all)\n"
"  report KIND ...   merge SARIF reports, render the HTML report\n"
"  rules             list the rules and the clauses they enforce\n"
"\n"
"Common options: -f/--format sarif|text|html, -o/--output FILE,\n"
"  --fail-on error|warning|note|none, --show-personal-data, --baseline OLD.sarif,\n"
"  --category NAME (SARIF automationDetails.id),\n"
"  --rules FILE, --lang fr|en (default from LC_ALL/LC_MESSAGES/LANG: French\n"
"  when it starts with fr), -q, -v. Found personal data is masked unless\n"
"  --show-personal-data is given.\n"
"\n"
"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error,\n"
"or a probe that judged nothing (most of its requests failed; the report says so).\n"
"\n"
"'vigie COMMAND --help' explains each command.\n";

int main(int argc, char **argv)
{
    cli_argc = argc;
    cli_argv = argv;
    static char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd))
        cli_cwd = cwd;
    if (argc < 2)
        return cli_usage_error(NULL, "missing command (scan, link, cc, probe, report or rules)");
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_help, stdout);
        return VG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("vigie %s\n", VIGIE_VERSION);
        return VG_EXIT_OK;
    }
    /* Before any thread: libcurl's global set-up (before 7.84) must not
     * run beside another thread. A failure is reported by whatever needs
     * libcurl, not here: a scan does not. */
    (void)vg_runtime_init();
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"scan", cmd_scan}, {"link", cmd_link}, {"cc", cmd_cc}, {"probe", cmd_probe}, {"report", cmd_report},
                {"rules", cmd_rules}};
    const char *names[sizeof cmds / sizeof cmds[0]];
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(cmd, cmds[i].name) == 0)
            return cmds[i].fn(argc - 1, argv + 1);
        names[i] = cmds[i].name;
    }
    const char *near = cli_nearest(cmd, names, sizeof names / sizeof names[0]);
    if (near)
        return cli_usage_error(NULL, "unknown command '%s'; did you mean '%s'?", cmd, near);
    return cli_usage_error(NULL, "unknown command '%s' (scan, link, cc, probe, report or rules)", cmd);
}
