/* vigie report merge / vigie report html / vigie report inventory */
#include "cli.h"
#include "vg_file.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "vg_inventory.h"
#include "vg_report.h"

static const char merge_help[] =
"Usage: vigie report merge A.sarif B.sarif... -o OUT.sarif [--baseline OLD.sarif]\n"
"\n"
"Combine SARIF logs into one: the static analysis (vigie-analyzer) and the\n"
"probes (vigie-harness) stay separate runs; logs of the same tool (CI\n"
"shards, several probes) become one run with its rules listed once.\n"
"\n"
"  -o, --output FILE        where to write (default: stdout)\n"
"  -f, --format FMT         sarif (default) or html\n"
"      --baseline OLD.sarif mark each result new, unchanged, updated or absent\n"
"      --fail-on LEVEL      exit 1 if a result is at or above LEVEL (default warning)\n"
"      --fail-on-new        with --baseline: only new results can fail\n"
"      --category NAME      SARIF automationDetails.id (code-scanning category)\n"
"      --github             leave out the compliant flows (kind pass), for a\n"
"                           code-scanning upload\n"
"      --lang en|fr         language of -f html (default from LC_ALL/LC_MESSAGES/\n"
"                           LANG); each run keeps its own language and carries\n"
"                           the other as a SARIF translation\n"
"  -h, --help               this help\n"
"\n"
"Example (CI gate on a legacy service: fail only on what this change adds):\n"
"  vigie report merge scan.sarif probe.sarif --baseline main.sarif \\\n"
"        --fail-on-new -o all.sarif\n";

static const char html_help[] =
"Usage: vigie report html IN.sarif -o OUT.html [--lang fr|en]\n"
"\n"
"Render a SARIF log as one self-contained HTML file for privacy officers:\n"
"organised by the clauses of the policy (each one: findings, or none), with\n"
"the evidence of each finding (masked personal data, the code flow as a\n"
"trace, the cookie and phase, the cipher suites) and a summary at the top.\n"
"It needs no network and prints cleanly. Personal data appears only if the\n"
"SARIF log was written with --show-personal-data.\n"
"\n"
"  -o, --output FILE   where to write (default: stdout)\n"
"      --lang LANG     fr or en (default from LC_ALL, LC_MESSAGES, LANG: French\n"
"                      when it starts with fr); every message is rendered in it\n"
"                      from the log's own catalogue (SARIF messageStrings and\n"
"                      translations), whichever language the log was written in\n"
"      --rules FILE    ruleset whose clauses organise the report\n"
"      --baseline OLD.sarif  show each finding's state against OLD\n"
"      --inventory FILE  also write the inventory of personal information to FILE\n"
"                      (HTML, see 'vigie report inventory --help') and link it from\n"
"                      the top of the report\n"
"  -h, --help          this help\n";

/* Parse common options; returns the index of the first operand, or -1
 * after printing a usage error, or -2 after printing help. */
static int parse(int argc, char **argv, cli_common *c, const char *cmd, const char *help,
                 const char **inventory)
{
    static const struct option common[] = {CLI_COMMON_LONG, {0, 0, 0, 0}};
    static const struct option with_inventory[] = {
        CLI_COMMON_LONG, {"inventory", required_argument, NULL, OPT_INV_FILE}, {0, 0, 0, 0}};
    const struct option *longopts = inventory ? with_inventory : common;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts, NULL)) != -1) {
        if (opt == OPT_INV_FILE && inventory) {
            *inventory = optarg;
            continue;
        }
        int h = cli_common_opt(c, cmd, opt, optarg);
        if (h < 0)
            return -1;
        if (h)
            continue;
        if (opt == 'h') {
            fputs(help, stdout);
            return -2;
        }
        cli_bad_option(cmd, longopts, opt, argv);
        return -1;
    }
    return optind;
}

static vg_report_doc *load(const char *cmd, const char *path)
{
    vg_error err = {0};
    vg_report_doc *d = vg_report_load(path, &err);
    if (!d)
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
    return d;
}

int cmd_report_merge(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    c.format = CLI_FMT_SARIF;
    int first = parse(argc, argv, &c, "report merge", merge_help, NULL);
    if (first < 0)
        return first == -2 ? VG_EXIT_OK : VG_EXIT_USAGE;
    if (first >= argc)
        return cli_usage_error("report merge", "name the SARIF files to merge");
    vg_ruleset *rs = cli_load_ruleset(&c, "report merge");
    if (!rs)
        return VG_EXIT_USAGE;
    size_t n = (size_t)(argc - first);
    vg_report_doc **docs = calloc(n, sizeof *docs);
    int status = docs ? VG_EXIT_OK : VG_EXIT_USAGE;
    for (size_t i = 0; status == VG_EXIT_OK && i < n; i++)
        if (!(docs[i] = load("report merge", argv[first + (int)i])))
            status = VG_EXIT_USAGE;
    if (status == VG_EXIT_OK) {
        vg_error err = {0};
        vg_report_doc *merged = vg_report_merge(docs, n, &err);
        if (!merged) {
            fprintf(stderr, "%s report merge: %s\n", cli_prog, err.msg);
            status = VG_EXIT_USAGE;
        } else
            status = cli_finish(&c, "report merge", rs, merged, NULL);
        vg_report_free(merged);
    }
    for (size_t i = 0; docs && i < n; i++)
        vg_report_free(docs[i]);
    free(docs);
    vg_ruleset_free(rs);
    return status;
}

/* The inventory as HTML in the report's language, to path. */
static int write_inventory(const cli_common *c, const char *cmd, const vg_ruleset *rs,
                           const vg_report_doc *d, const char *path)
{
    vg_inv_opts io = {.lang = c->lang, .format = VG_INV_HTML,
                      .show_personal_data = c->show_personal_data};
    vg_error err = {0};
    FILE *out = vg_file_create(path, &err);
    if (!out) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        return VG_EXIT_USAGE;
    }
    int rc = vg_report_inventory(d, rs, &io, out, &err);
    if (fclose(out) != 0 && !rc)
        rc = vg_error_set(&err, VG_EIO, "cannot write %s: %s", path, strerror(errno));
    if (rc) {
        fprintf(stderr, "%s %s: --inventory: %s\n", cli_prog, cmd, err.msg);
        return VG_EXIT_USAGE;
    }
    if (c->verbosity >= 0)
        fprintf(stderr, "%s %s: wrote %s\n", cli_prog, cmd, path);
    return VG_EXIT_OK;
}

/* The inventory's address as seen from the report: relative to the
 * report's directory when it is inside it (write them side by side),
 * else the path as given. Malloc'd. */
static char *inventory_href(const char *report, const char *inventory)
{
    const char *slash = report ? strrchr(report, '/') : NULL;
    size_t dir = slash ? (size_t)(slash - report) + 1 : 0;
    return strdup(dir && strncmp(inventory, report, dir) == 0 ? inventory + dir : inventory);
}

int cmd_report_html(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    c.format = CLI_FMT_HTML;
    c.fail_on = VG_LEVEL_NONE;          /* rendering is not a gate */
    const char *inventory = NULL;
    int first = parse(argc, argv, &c, "report html", html_help, &inventory);
    if (first < 0)
        return first == -2 ? VG_EXIT_OK : VG_EXIT_USAGE;
    if (argc - first != 1)
        return cli_usage_error("report html", "name exactly one SARIF file to render");
    if (c.format != CLI_FMT_HTML)
        return cli_usage_error("report html", "this command writes HTML only");
    vg_ruleset *rs = cli_load_ruleset(&c, "report html");
    if (!rs)
        return VG_EXIT_USAGE;
    vg_report_doc *d = load("report html", argv[first]);
    int status = d ? VG_EXIT_OK : VG_EXIT_USAGE;
    char *href = NULL;
    if (d && inventory) {
        status = write_inventory(&c, "report html", rs, d, inventory);
        c.inventory_href = href = inventory_href(c.output, inventory);
    }
    if (status == VG_EXIT_OK)
        status = cli_finish(&c, "report html", rs, d, NULL);
    free(href);
    vg_report_free(d);
    vg_ruleset_free(rs);
    return status;
}

static const char inventory_help[] =
"Usage: vigie report inventory IN.sarif... -o FILE [-f html|json|csv] [--lang fr|en]\n"
"\n"
"The inventory of personal information, for a privacy-impact assessment: for\n"
"each category (NAM, SIN, date of birth, credentials, health data, contact\n"
"data, names), where the service collects it (a source in its code, a form in\n"
"an HTML template, a page of a probe scenario) and where it goes (logs, email,\n"
"SMS, voice messages, cookies, URLs, third-party hosts, the network in clear\n"
"text, files), each destination compliant or not, with its policy clause.\n"
"Give it every log of the service (the scan and the probes): they are merged.\n"
"Compliant destinations come from the scan's results of kind \"pass\".\n"
"\n"
"  -o, --output FILE     where to write (default: stdout)\n"
"  -f, --format FMT      html (default), json or csv\n"
"      --lang LANG       fr or en (default from LC_ALL, LC_MESSAGES, LANG)\n"
"      --rules FILE      ruleset whose clauses and categories name the entries\n"
"      --show-personal-data  accept a log written with --show-personal-data\n"
"                        (otherwise refused: the inventory shows masked values only)\n"
"  -h, --help            this help\n"
"\n"
"Example (the demo's log, in French, for the privacy officer):\n"
"  vigie report inventory reports/demo.sarif -o reports/demo-inventory.html --lang fr\n";

int cmd_report_inventory(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    vg_inv_opts io = {.format = VG_INV_HTML};
    static const struct option longopts[] = {CLI_COMMON_LONG, {0, 0, 0, 0}};
    optind = 1;
    int opt;
    const char *cmd = "report inventory";
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts, NULL)) != -1) {
        if (opt == 'f') {           /* this command's own formats */
            if (strcmp(optarg, "html") == 0)
                io.format = VG_INV_HTML;
            else if (strcmp(optarg, "json") == 0)
                io.format = VG_INV_JSON;
            else if (strcmp(optarg, "csv") == 0)
                io.format = VG_INV_CSV;
            else
                return cli_usage_error(cmd, "unknown format '%s' (use html, json or csv)",
                                       optarg);
            continue;
        }
        int h = cli_common_opt(&c, cmd, opt, optarg);
        if (h < 0)
            return VG_EXIT_USAGE;
        if (h)
            continue;
        if (opt == 'h') {
            fputs(inventory_help, stdout);
            return VG_EXIT_OK;
        }
        return cli_bad_option(cmd, longopts, opt, argv);
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "name the SARIF files to take the inventory of");
    if (c.baseline || c.category)
        return cli_usage_error(cmd, "--baseline and --category are for merge and html");
    vg_ruleset *rs = cli_load_ruleset(&c, cmd);
    if (!rs)
        return VG_EXIT_USAGE;
    io.lang = c.lang;
    io.show_personal_data = c.show_personal_data;
    size_t n = (size_t)(argc - optind);
    vg_report_doc **docs = calloc(n, sizeof *docs);
    int status = docs ? VG_EXIT_OK : VG_EXIT_USAGE;
    for (size_t i = 0; status == VG_EXIT_OK && i < n; i++)
        if (!(docs[i] = load(cmd, argv[optind + (int)i])))
            status = VG_EXIT_USAGE;
    vg_error err = {0};
    vg_report_doc *merged = status == VG_EXIT_OK ? vg_report_merge(docs, n, &err) : NULL;
    if (status == VG_EXIT_OK && !merged) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        status = VG_EXIT_USAGE;
    }
    FILE *out = NULL;
    if (merged) {
        vg_error oerr = {0};
        out = c.output && strcmp(c.output, "-") != 0 ? vg_file_create(c.output, &oerr) : stdout;
        if (!out) {
            fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, oerr.msg);
            status = VG_EXIT_USAGE;
        } else if (vg_report_inventory(merged, rs, &io, out, &err)) {
            fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
            status = VG_EXIT_USAGE;
        }
        if (out && out != stdout && fclose(out) != 0 && status == VG_EXIT_OK) {
            fprintf(stderr, "%s %s: cannot write %s: %s\n", cli_prog, cmd, c.output,
                    strerror(errno));
            status = VG_EXIT_USAGE;
        } else if (out && out != stdout && status == VG_EXIT_OK && c.verbosity >= 0)
            fprintf(stderr, "%s %s: wrote %s\n", cli_prog, cmd, c.output);
    }
    vg_report_free(merged);
    for (size_t i = 0; docs && i < n; i++)
        vg_report_free(docs[i]);
    free(docs);
    vg_ruleset_free(rs);
    return status;
}
