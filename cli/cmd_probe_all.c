/*
 * vigie probe all --scenario FILE: every probe the scenario describes, in
 * one harness run, in the probe table's order (harness/vg_probe.c: tls,
 * cookies, messages, logs). One probe failing does not stop the others:
 * what could not be done becomes a notice, and the exit status says so.
 * This file parses options and writes the report; the runs are the
 * harness's.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_probe.h"
#include "vg_scenario.h"

static const char all_help[] =
"Usage: vigie probe all --scenario FILE [options]\n"
"\n"
"Run every probe the scenario describes against the running service, and\n"
"write one report:\n"
"  tls       each endpoint of \"tls\" (or the https target itself when the\n"
"            list is empty): cipher suites, protocols, certificate\n"
"  cookies   the consent phases of \"cookies\" (browser mode if it says so)\n"
"  messages  capture SMTP, SMS and voice calls, fire \"messages.triggers\", check\n"
"            what was sent\n"
"  logs      requests carrying a cookie, credentials and the test identity's\n"
"            values, then what the access log of \"logs\" gained\n"
"\n"
"  --scenario FILE          the scenario (see docs/user-guide.md)\n"
"  --http-only              cookies in HTTP mode even if the scenario says browser\n"
"  -f, --format FMT         text (default), sarif or html\n"
"  -o, --output FILE        write the report to FILE\n"
"      --fail-on LEVEL      error, warning (default), note or none\n"
"      --baseline OLD.sarif / --fail-on-new, --show-personal-data, -q, -v\n"
"      --category NAME      SARIF automationDetails.id (code-scanning category)\n"
"  -h, --help               this help\n"
"\n"
"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error or a\n"
"probe that could not run or judged nothing (no TLS handshake, more than half\n"
"of its requests failed, no message arrived); its reason is in the report's\n"
"notices and the report says executionSuccessful false.\n";

static void say_probe(const char *name, void *ud)
{
    (void)ud;
    fprintf(stderr, "probe all: %s\n", name);
}

enum { OPT_HTTP_ONLY_ALL = 2000 };

static int all_opt(int opt, const char *arg, void *ud)
{
    (void)arg;
    if (opt != OPT_HTTP_ONLY_ALL)
        return 0;
    *(bool *)ud = true;
    return 1;
}

int cmd_probe_all(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"scenario", required_argument, NULL, OPT_SCENARIO},
        {"http-only", no_argument, NULL, OPT_HTTP_ONLY_ALL},
        {0, 0, 0, 0}};
    bool http_only = false;
    cli_scenario_cmd p = {.cmd = "probe all", .help = all_help, .longopts = longopts,
                          .own = all_opt, .ud = &http_only};
    int status = cli_scenario_cmd_parse(&p, argc, argv);
    if (status >= 0)
        return status;
    const char *cmd = p.cmd;
    vg_scenario *sc = p.sc;
    vg_ruleset *rs = cli_scenario_cmd_ruleset(&p);
    if (!rs)
        return VG_EXIT_USAGE;
    cli_common c = p.c;
    vg_findings fs;
    vg_findings_init(&fs);
    bool progress = c.verbosity >= 0 && isatty(STDERR_FILENO);
    vg_probe_opts po = {.rs = rs, .sc = sc, .show_personal_data = c.show_personal_data,
                        .verbose = c.verbosity > 0, .force_http = http_only};
    int failed = vg_probe_all(&po, progress ? say_probe : NULL, NULL, &fs);
    if (vg_scenario_anchor(sc, &fs, 0))
        failed = 1;
    vg_findings_sort(&fs);
    status = cli_emit_verdict(&c, cmd, rs, "vigie-harness", &fs, &p.start,
                                  failed ? "some probes could not run or judged nothing (see "
                                           "the report's error notices)" : NULL);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    vg_scenario_free(sc);
    return status;
}
