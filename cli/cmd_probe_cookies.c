#include "cli.h"
#include "vg_file.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_probe_cookies.h"
#include "vg_scenario.h"
#include "vg_webdriver.h"

static const char cookies_help[] =
"Usage: vigie probe cookies --scenario FILE [--http-only] [options]\n"
"\n"
"Check what the policy promises about cookies, on a running service:\n"
"only essential cookies until the visitor chooses; performance (Google\n"
"Analytics) and service-improvement (Hotjar) cookies only after consent; a\n"
"choice that can be changed at any time; no cookie that identifies a person.\n"
"\n"
"Each phase is a new visitor (fresh cookie jar or fresh browser profile):\n"
"  before    visit the pages without choosing\n"
"  accept    accept all, log in (if the scenario says how), visit the pages\n"
"  refuse    essential only, log in, visit the pages\n"
"  withdraw  accept, log in, visit, withdraw consent, visit again\n"
"\n"
"With \"browser\": true in the scenario, Chromium is driven headless through\n"
"chromedriver (W3C WebDriver): it sees cookies set by JavaScript and every\n"
"script a page loads. Otherwise (or with --http-only) libcurl records each\n"
"Set-Cookie header with its attributes and the page that sent it.\n"
"\n"
"Findings:\n"
"  CK001  non-essential cookie set before any choice\n"
"  CK002  non-essential cookie set after refusal, or kept after withdrawal\n"
"  CK003  cookie value identifies a person (NAM, SIN, email, the scenario's\n"
"         test identities, or a long-lived unique id in a non-essential cookie)\n"
"  CK004  essential cookie without Secure, HttpOnly or SameSite\n"
"  CK005  tracker script loaded before consent (browser mode)\n"
"Cookies are classified by the ruleset's cookie catalogue and the scenario's\n"
"\"essential\" list; an unknown cookie is reported as unknown and treated as\n"
"non-essential, never assumed essential.\n"
"\n"
"Options:\n"
"      --scenario FILE      the scenario (format: docs/probe-cookies.md)\n"
"      --http-only          HTTP mode even if the scenario asks for the browser\n"
"      --timeout SECONDS    per request or page load (default 30)\n"
"      --chromium PATH      browser binary (default /usr/bin/chromium)\n"
"      --chromedriver PATH  driver binary (default /usr/bin/chromedriver)\n"
"      --inventory FILE     also write every cookie and script observed, per\n"
"                           phase, with attributes and the page (JSON; values\n"
"                           only with --show-personal-data)\n"
"      --rules FILE         ruleset (cookie catalogue) instead of the built-in one\n"
"  -f, --format FMT         text (default) or sarif; -o X.sarif implies sarif\n"
"  -o, --output FILE        write the report to FILE\n"
"      --fail-on LEVEL      error, warning (default), note, none\n"
"      --show-personal-data print identifying values unmasked\n"
"      --category NAME      SARIF automationDetails.id (code-scanning category)\n"
"  -q, --quiet / -v, --verbose\n"
"\n"
"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error, a\n"
"service / browser that could not be driven, or a run that judged nothing:\n"
"more than half of the pages and steps failed (no answer, HTTP 400 or more,\n"
"no page loaded); the report is written with executionSuccessful false.\n"
"\n"
"Example (the clinic fixture, see fixtures/clinic/run-fixture):\n"
"  vigie probe cookies --scenario /tmp/clinic/scenario.json -o cookies.sarif\n";

enum { OPT_HTTP_ONLY = 2000, OPT_TIMEOUT, OPT_CHROMIUM, OPT_CHROMEDRIVER, OPT_INVENTORY };

/* Ctrl-C or SIGTERM during a browser run: take the browser down with us. */
static void on_fatal_signal(int sig)
{
    vg_wd_emergency_stop();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int write_inventory(const char *path, const vg_cookie_run *run, const vg_ruleset *rs,
                           const vg_scenario *sc, bool values, vg_error *err)
{
    char *text = vg_cookie_run_json(run, rs, sc, values);
    if (!text)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    FILE *f = vg_file_create(path, NULL);
    int bad = !f || fputs(text, f) < 0 || fputc('\n', f) < 0;
    if (f && fclose(f) != 0)
        bad = 1;
    free(text);
    return bad ? vg_error_set(err, VG_EIO, "%s: cannot write the inventory", path) : 0;
}

static void on_progress(const char *line, void *ud)
{
    fprintf(stderr, "vigie probe cookies: %s\n", line);
}

typedef struct cookie_args {
    vg_probe_cookies_opts po;
    const char *inventory;
} cookie_args;

static int cookie_opt(int opt, const char *arg, void *ud)
{
    cookie_args *a = ud;
    switch (opt) {
    case OPT_HTTP_ONLY:
        a->po.force_http = true;
        return 1;
    case OPT_TIMEOUT: {
        char *end;
        long t = strtol(arg, &end, 10);
        if (*end || t < 1 || t > 3600) {
            cli_usage_error("probe cookies", "--timeout takes 1 to 3600 seconds, not '%s'", arg);
            return -1;
        }
        a->po.timeout_s = t;
        return 1;
    }
    case OPT_CHROMIUM:
        a->po.chromium = arg;
        return 1;
    case OPT_CHROMEDRIVER:
        a->po.chromedriver = arg;
        return 1;
    case OPT_INVENTORY:
        a->inventory = arg;
        return 1;
    default:
        return 0;
    }
}

int cmd_probe_cookies(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"scenario", required_argument, NULL, OPT_SCENARIO},
        {"http-only", no_argument, NULL, OPT_HTTP_ONLY},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"chromium", required_argument, NULL, OPT_CHROMIUM},
        {"chromedriver", required_argument, NULL, OPT_CHROMEDRIVER},
        {"inventory", required_argument, NULL, OPT_INVENTORY},
        {0, 0, 0, 0}};
    cookie_args args = {0};
    cli_scenario_cmd p = {.cmd = "probe cookies", .help = cookies_help, .longopts = longopts,
                          .own = cookie_opt, .ud = &args};
    int st = cli_scenario_cmd_parse(&p, argc, argv);
    if (st >= 0)
        return st;
    const char *cmd = p.cmd, *scenario = p.scenario, *inventory = args.inventory;
    vg_probe_cookies_opts po = args.po;
    vg_scenario *sc = p.sc;
    vg_error err = {0};
    if (!sc->has_cookies) {
        fprintf(stderr, "%s %s: %s has no \"cookies\" section: nothing to check\n", cli_prog,
                cmd, scenario);
        vg_scenario_free(sc);
        return VG_EXIT_USAGE;
    }
    vg_ruleset *rs = cli_scenario_cmd_ruleset(&p);
    if (!rs)
        return VG_EXIT_USAGE;
    cli_common c = p.c;
    if (c.verbosity >= 0 && isatty(STDERR_FILENO))
        po.progress = on_progress;

    struct sigaction act = {.sa_handler = on_fatal_signal}, old[3];
    const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &act, &old[i]);
    vg_findings fs;
    vg_findings_init(&fs);
    vg_cookie_run run;
    vg_cookie_run_init(&run);
    int status;
    /* 1: most requests failed; the report is still written, as not judged */
    int got = vg_probe_cookies_collect(sc, &po, &run, &fs, &err);
    vg_error why = err;
    if (got < 0) {
        /* The service or the browser could not be driven: the report says
         * so too, so CI never uploads a stale one or none. */
        vg_findings_notice(&fs, VG_LEVEL_ERROR, NULL, 0, "%s", why.msg);
        status = vg_scenario_anchor(sc, &fs, 0) ? VG_EXIT_USAGE
                 : cli_emit_verdict(&c, cmd, rs, "vigie-harness", &fs, &p.start, why.msg);
    } else if (vg_cookies_check(rs, sc, &run, c.show_personal_data, &fs, &err) ||
        (inventory && write_inventory(inventory, &run, rs, sc, c.show_personal_data, &err)) ||
        (got == 0 && vg_cookies_mark_checked(&run, &fs) && vg_error_set(&err, VG_ENOMEM, "out of memory")) ||
        (vg_scenario_anchor(sc, &fs, 0) && vg_error_set(&err, VG_ENOMEM, "out of memory"))) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        status = VG_EXIT_USAGE;
    } else {
        status = cli_emit_verdict(&c, cmd, rs, "vigie-harness", &fs, &p.start,
                                  got == 1 ? why.msg : NULL);
    }
    vg_cookie_run_free(&run);
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    vg_scenario_free(sc);
    return status;
}
