/*
 * vigie probe logs --scenario FILE: what the service's access log keeps of
 * a request (harness/vg_probe_logs.h, docs/probe-logs.md).
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#include "vg_probe_logs.h"
#include "vg_scenario.h"

static const char logs_help[] =
"Usage: vigie probe logs --scenario FILE [options]\n"
"\n"
"Check that the service's access log keeps only the automatically exchanged\n"
"information the policy lists (domain name, IP address, browser, date and\n"
"time, pages visited, referring site). vigie notes the size of the log named\n"
"by the scenario's \"logs\" section (or runs its \"command\" afterwards), sends\n"
"GET and POST requests to each of its pages carrying a marker cookie, an\n"
"Authorization header (the test identity's username and password as Basic\n"
"credentials), and the identity's values in the query string and the body,\n"
"then reads only what the log gained (at most logs.max_bytes).\n"
"\n"
"Findings, at the log line, values masked:\n"
"  LOG001  the cookie, the Authorization header, the request body or a test\n"
"          identity's value is in the log\n"
"  CRD004  the identity's password is in the log (clear, or Basic credentials)\n"
"\n"
"Options:\n"
"      --scenario FILE      the scenario (format: docs/probe-logs.md)\n"
"  -f, --format FMT         text (default), sarif or html\n"
"  -o, --output FILE        write the report to FILE\n"
"      --fail-on LEVEL      error, warning (default), note, none\n"
"      --show-personal-data print identifying values unmasked\n"
"      --rules FILE, --baseline OLD.sarif, --category NAME, -q, -v\n"
"\n"
"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error, a\n"
"log that cannot be read, or a run that judged nothing (no request reached\n"
"the target, or the log gained no line).\n"
"\n"
"Example (the clinic fixture, see fixtures/clinic/run-fixture):\n"
"  vigie probe logs --scenario /tmp/clinic/scenario.json -o logs.sarif\n";

int cmd_probe_logs(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"scenario", required_argument, NULL, OPT_SCENARIO},
        {0, 0, 0, 0}};
    cli_scenario_cmd p = {.cmd = "probe logs", .help = logs_help, .longopts = longopts};
    int status = cli_scenario_cmd_parse(&p, argc, argv);
    if (status >= 0)
        return status;
    const char *cmd = p.cmd;
    vg_scenario *sc = p.sc;
    if (!sc->has_logs) {
        vg_scenario_free(sc);
        return cli_usage_error(cmd, "%s has no \"logs\" section: nothing to check", p.scenario);
    }
    vg_ruleset *rs = cli_scenario_cmd_ruleset(&p);
    if (!rs)
        return VG_EXIT_USAGE;
    cli_common c = p.c;
    vg_error err = {0};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_logs_opts po = {.rs = rs, .sc = sc, .show_personal_data = c.show_personal_data,
                             .verbose = c.verbosity > 0};
    int rc = vg_probe_logs_run(&po, &fs, &err);
    if (rc < 0) {       /* could not run: the report says so, as judged nothing */
        vg_findings_noticem(&fs, VG_LEVEL_ERROR, NULL, 0, "notice.logs-error", "%s", err.msg);
        rc = 1;
    }
    if (vg_scenario_anchor(sc, &fs, 0)) {
        fprintf(stderr, "%s %s: out of memory\n", cli_prog, cmd);
        status = VG_EXIT_USAGE;
    } else {
        vg_findings_sort(&fs);
        status = cli_emit_verdict(&c, cmd, rs, "vigie-harness", &fs, &p.start,
                                  rc == 1 ? err.msg : NULL);
    }
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    vg_scenario_free(sc);
    return status;
}
