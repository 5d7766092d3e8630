/* vigie link: the one-machine report from extractions made elsewhere. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_link.h"
#include "vg_scan.h"

static const char link_help[] =
"Usage: vigie link [options] DIR...\n"
"\n"
"Link extractions into the report one machine would write for the whole\n"
"code base: the same results, code flows and fingerprints, data flows that\n"
"cross from one shard's or one compilation's files into another's included.\n"
"Each DIR holds entries written by 'vigie scan --extract DIR' (one per CI\n"
"shard, for instance) or by the compiler wrapper 'vigie cc --extract DIR'.\n"
"Run it from the directory the extractions were made in (the checkout's\n"
"top): reported paths are relative to it, and every entry is checked\n"
"against the sources there.\n"
"\n"
"An entry that is stale (a source changed since), truncated or corrupt,\n"
"half-written by a killed job, from another vigie version or format, or\n"
"made with another ruleset is left out with a notice; so is a missing\n"
"shard or an entry its shard's manifest lists but that is absent. A unit\n"
"extracted twice is linked once, with a notice. Notices are SARIF\n"
"toolExecutionNotifications (shown with -v in text output).\n"
"\n"
"Options:\n"
"  -j, --jobs N             threads reading the entries (default: number of cores)\n"
"      --rules FILE         the ruleset the extractions were made with\n"
"  -f, --format FMT         text (default), sarif or html; -o X.sarif implies\n"
"                           sarif, -o X.html html\n"
"  -o, --output FILE        write the report to FILE instead of stdout\n"
"      --fail-on LEVEL      exit 1 if a finding is at or above LEVEL:\n"
"                           error, warning (default), note, none\n"
"      --show-personal-data the extractions were made with it too\n"
"      --baseline OLD.sarif mark each result new, unchanged, updated or absent\n"
"      --fail-on-new        with --baseline: only new results can fail the run\n"
"      --github             leave out the compliant flows (kind pass), for a\n"
"                           code-scanning upload\n"
"      --lang en|fr         language of -f html\n"
"  -q, --quiet              no informational messages\n"
"  -v, --verbose            code-flow steps and all notices in text output\n"
"  -h, --help               this help\n"
"\n"
"Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or\n"
"input error (a DIR that cannot be read).\n"
"\n"
"Example (a CI matrix of 4 shards, then one link job):\n"
"  vigie scan -p build/ --shard 3/4 --extract vg-3 .      # in job 3 of 4\n"
"  vigie link vg-1 vg-2 vg-3 vg-4 -o vigie.sarif          # in the link job\n";

int cmd_link(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"jobs", required_argument, NULL, 'j'},
        {0, 0, 0, 0}};
    cli_common c;
    vg_scan_opts so = {0};
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    cli_common_init(&c);
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT "j:", longopts, NULL)) != -1) {
        int h = cli_common_opt(&c, "link", opt, optarg);
        if (h < 0)
            return VG_EXIT_USAGE;
        if (h)
            continue;
        if (opt == 'h') {
            fputs(link_help, stdout);
            return VG_EXIT_OK;
        }
        if (opt == 'j') {
            if (cli_parse_jobs("link", optarg, &so.jobs))
                return VG_EXIT_USAGE;
            continue;
        }
        return cli_usage_error("link", "unknown option");
    }
    if (optind >= argc)
        return cli_usage_error("link", "no DIR given: name the extraction directories "
                                       "(vigie scan --extract DIR)");
    vg_ruleset *rs = cli_load_ruleset(&c, "link");
    if (!rs)
        return VG_EXIT_USAGE;
    so.rs = rs;
    so.show_personal_data = c.show_personal_data;

    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err = {0};
    int status;
    if (vg_link(&so, argv + optind, (size_t)(argc - optind), &fs, &err)) {
        fprintf(stderr, "%s link: %s\n", cli_prog, err.msg);
        status = VG_EXIT_USAGE;
    } else if (vg_scan_mark_checked(&fs)) {
        fprintf(stderr, "%s link: out of memory\n", cli_prog);
        status = VG_EXIT_USAGE;
    } else
        status = cli_emit(&c, "link", rs, "vigie-analyzer", &fs, &start);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    return status;
}
