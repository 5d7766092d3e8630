/*
 * vigie probe all --scenario FILE: every probe the scenario describes, in
 * one harness run — the "tls" endpoints (or the target's own host when
 * the list is empty and the target is https), then "cookies", then
 * "messages", then "logs" (last: the other probes' requests are logged
 * too, but only its own are looked for). One probe failing does not stop the others: what could not
 * be done becomes a notice, and the exit status says so.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_probe_cookies.h"
#include "vg_probe_logs.h"
#include "vg_probe_messages.h"
#include "vg_probe_tls.h"
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

/* The tls probes: the scenario's list, or the https target. */
static int probe_tls(const vg_ruleset *rs, const vg_scenario *sc, vg_findings *fs)
{
    int failed = 0;
    vg_error err = {{0}};
    if (sc->ntls) {
        for (size_t i = 0; i < sc->ntls; i++) {
            vg_probe_tls_target t = {.host = sc->tls[i].host, .port = sc->tls[i].port,
                                     .sni = sc->tls[i].sni, .ca = sc->ca};
            int rc = vg_probe_tls(rs, &t, 0, fs, &err);
            if (rc < 0)
                vg_findings_noticem(fs, VG_LEVEL_ERROR, NULL, 0, "notice.tls-error",
                                    "%s:%d" VG_ARG "%s", t.host, t.port, err.msg);
            failed |= rc != 0;         /* 1: no handshake, nothing judged */
        }
        return failed;
    }
    if (!sc->target || strncmp(sc->target, "https://", 8) != 0)
        return 0;
    char host[256];
    int port;
    const char *hp = sc->target + 8;
    char spec[300];
    snprintf(spec, sizeof spec, "%.*s", (int)strcspn(hp, "/"), hp);
    if (vg_probe_tls_parse_target(spec, host, sizeof host, &port, &err)) {
        vg_findings_noticem(fs, VG_LEVEL_ERROR, NULL, 0, "notice.tls-target", "%s" VG_ARG "%s",
                            sc->target, err.msg);
        return 1;
    }
    vg_probe_tls_target t = {.host = host, .port = port, .ca = sc->ca};
    int rc = vg_probe_tls(rs, &t, 0, fs, &err);
    if (rc < 0)
        vg_findings_noticem(fs, VG_LEVEL_ERROR, NULL, 0, "notice.tls-error", "%s" VG_ARG "%s",
                            spec, err.msg);
    return rc != 0;
}

int cmd_probe_all(int argc, char **argv)
{
    enum { OPT_HTTP_ONLY_ALL = 2000 };
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"scenario", required_argument, NULL, OPT_SCENARIO},
        {"http-only", no_argument, NULL, OPT_HTTP_ONLY_ALL},
        {0, 0, 0, 0}};
    const char *cmd = "probe all", *scenario = NULL;
    cli_common c;
    vg_probe_cookies_opts co = {0};
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    cli_common_init(&c);
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts, NULL)) != -1) {
        int h = cli_common_opt(&c, cmd, opt, optarg);
        if (h < 0)
            return VG_EXIT_USAGE;
        if (h)
            continue;
        if (opt == 'h') {
            fputs(all_help, stdout);
            return VG_EXIT_OK;
        } else if (opt == OPT_SCENARIO)
            scenario = optarg;
        else if (opt == OPT_HTTP_ONLY_ALL)
            co.force_http = true;
        else
            return cli_bad_option(cmd, longopts, opt, argv);
    }
    if (!scenario)
        return cli_usage_error(cmd, "--scenario FILE is required");
    if (optind < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    vg_error err = {{0}};
    vg_scenario *sc = vg_scenario_load_file(scenario, &err);
    if (!sc) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        return VG_EXIT_USAGE;
    }
    vg_ruleset *rs = cli_load_ruleset(&c, cmd);
    if (!rs) {
        vg_scenario_free(sc);
        return VG_EXIT_USAGE;
    }
    vg_findings fs;
    vg_findings_init(&fs);
    bool progress = c.verbosity >= 0 && isatty(STDERR_FILENO);
    int failed = 0;

    if (progress)
        fprintf(stderr, "%s: tls\n", cmd);
    failed |= probe_tls(rs, sc, &fs);
    if (sc->has_cookies) {
        if (progress)
            fprintf(stderr, "%s: cookies\n", cmd);
        int rc = vg_probe_cookies(rs, sc, &co, c.show_personal_data, &fs, &err);
        if (rc < 0)     /* 1: inconclusive, its notice is already there */
            vg_findings_noticem(&fs, VG_LEVEL_ERROR, NULL, 0, "notice.cookies-error", "%s",
                                err.msg);
        failed |= rc != 0;
    }
    if (sc->has_messages) {
        if (progress)
            fprintf(stderr, "%s: messages\n", cmd);
        size_t nids;
        vg_msg_identity *ids = vg_probe_messages_identities(sc, &nids);
        vg_probe_messages_opts mo = {.rs = rs, .sc = sc, .ids = ids, .nids = nids,
                                     .show_personal_data = c.show_personal_data,
                                     .verbose = c.verbosity > 0};
        int rc = ids ? vg_probe_messages_run(&mo, &fs, &err) : -1;
        if (rc < 0)
            vg_findings_noticem(&fs, VG_LEVEL_ERROR, NULL, 0, "notice.messages-error", "%s",
                                ids ? err.msg : "out of memory");
        failed |= rc != 0;
        free(ids);
    }
    if (sc->has_logs) {
        if (progress)
            fprintf(stderr, "%s: logs\n", cmd);
        vg_probe_logs_opts lo = {.rs = rs, .sc = sc, .show_personal_data = c.show_personal_data,
                                 .verbose = c.verbosity > 0};
        int rc = vg_probe_logs_run(&lo, &fs, &err);
        if (rc < 0)
            vg_findings_noticem(&fs, VG_LEVEL_ERROR, NULL, 0, "notice.logs-error", "%s",
                                err.msg);
        failed |= rc != 0;
    }
    if (vg_scenario_anchor(sc, &fs, 0))
        failed = 1;
    vg_findings_sort(&fs);
    int status = cli_emit_verdict(&c, cmd, rs, "vigie-harness", &fs, &start,
                                  failed ? "some probes could not run or judged nothing (see "
                                           "the report's error notices)" : NULL);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    vg_scenario_free(sc);
    return status;
}
