#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_compdb.h"
#include "vg_scan.h"

static const char scan_help[] =
"Usage: vigie scan [options] PATH...\n"
"\n"
"Static analysis of a service's code, configuration, templates and text\n"
"against the privacy policy. Directories are walked (.git and .gitignore'd\n"
"files are skipped); each file is recognised by name and content.\n"
"Every readable file is checked for hard-coded identifiers (DSC004):\n"
"health insurance numbers (NAM) with a real date, social insurance numbers\n"
"that pass the Luhn check, and dates next to birth-date wording.\n"
"C and C++ files are parsed with libclang (flags from -p, else defaults) and\n"
"personal data is followed into logs, email, SMS, voice, cookies, URLs,\n"
"third-party HTTP and cleartext sockets; TLS API misuse is reported too\n"
"(docs/static-analysis.md).\n"
"\n"
"Scan options:\n"
"  -p, --compile-commands FILE|DIR  clang compilation database\n"
"  -j, --jobs N             parallel workers (default: number of cores)\n"
"      --shard K/N          check only shard K of N (stable split, for CI matrices);\n"
"                           alone, flows that cross shards are not followed\n"
"      --cache DIR          reuse results of unchanged translation units\n"
"      --extract DIR        write this run's (or shard's) per-unit facts to DIR\n"
"                           instead of a report; 'vigie link DIR...' then gives\n"
"                           the one-machine result, cross-shard flows included\n"
"                           (DIR also serves as the cache of the next extraction)\n"
"      --rules FILE         ruleset to use instead of the built-in one\n"
"\n"
"Output options:\n"
"  -f, --format FMT         text (default), sarif or html; -o X.sarif implies\n"
"                           sarif, -o X.html html\n"
"  -o, --output FILE        write the report to FILE instead of stdout\n"
"      --fail-on LEVEL      exit 1 if a finding is at or above LEVEL:\n"
"                           error, warning (default), note, none\n"
"      --show-personal-data print found values unmasked (masked by default:\n"
"                           **** **** **11)\n"
"      --baseline OLD.sarif mark each result new, unchanged, updated or absent\n"
"                           compared with an earlier report\n"
"      --fail-on-new        with --baseline: only new results can fail the run\n"
"      --category NAME      SARIF automationDetails.id, one code-scanning\n"
"                           analysis per category (docs/github.md)\n"
"      --github             for a code-scanning upload: leave out the compliant\n"
"                           flows (kind pass) the inventory of personal\n"
"                           information uses ('vigie report inventory')\n"
"  -q, --quiet              no progress or informational messages\n"
"  -v, --verbose            code-flow steps and all notices in text output\n"
"      --lang fr|en         language of messages (default from LC_ALL,\n"
"                           LC_MESSAGES, LANG; the SARIF log carries both)\n"
"  -h, --help               this help\n"
"\n"
"Suppress a reviewed finding with a comment on its line or the line above:\n"
"  // vigie-ignore DSC004: synthetic identity used by the test suite\n"
"\n"
"Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or\n"
"input error.\n"
"\n"
"Examples:\n"
"  vigie scan src/ etc/nginx/\n"
"  vigie scan -p build/ -o vigie.sarif --fail-on error .\n"
"  vigie scan -p build/ --shard 2/4 --extract vg-2 .   # then: vigie link vg-*\n";

static int parse_shard(const char *s, int *k, int *n)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (*end != '/')
        return -1;
    long b = strtol(end + 1, &end, 10);
    if (*end || b < 1 || a < 1 || a > b || b > 100000)
        return -1;
    *k = (int)a;
    *n = (int)b;
    return 0;
}

int cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"compile-commands", required_argument, NULL, 'p'},
        {"jobs", required_argument, NULL, 'j'},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"cache", required_argument, NULL, OPT_CACHE},
        {"extract", required_argument, NULL, OPT_EXTRACT},
        {0, 0, 0, 0}};
    cli_common c;
    vg_scan_opts so = {0};
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    cli_common_init(&c);
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT "p:j:", longopts, NULL)) != -1) {
        int h = cli_common_opt(&c, "scan", opt, optarg);
        if (h < 0)
            return VG_EXIT_USAGE;
        if (h)
            continue;
        switch (opt) {
        case 'h':
            fputs(scan_help, stdout);
            return VG_EXIT_OK;
        case 'p':
            so.compile_commands = optarg;
            break;
        case 'j':
            if (cli_parse_jobs("scan", optarg, &so.jobs))
                return VG_EXIT_USAGE;
            break;
        case OPT_SHARD:
            if (parse_shard(optarg, &so.shard_k, &so.shard_n))
                return cli_usage_error("scan", "--shard takes K/N with 1 <= K <= N, not '%s'", optarg);
            break;
        case OPT_CACHE:
            so.cache_dir = optarg;
            break;
        case OPT_EXTRACT:
            so.extract_dir = optarg;
            break;
        default:
            return cli_bad_option("scan", longopts, opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("scan", "no PATH given: name the files or directories to scan");
    if (so.extract_dir && so.cache_dir)
        return cli_usage_error("scan", "--extract DIR already reuses DIR's unchanged units: "
                                       "drop --cache");
    if (so.extract_dir && (c.output || c.format != CLI_FMT_DEFAULT || c.baseline))
        return cli_usage_error("scan", "--extract writes no report: give -o, -f and --baseline "
                                       "to 'vigie link'");
    /* Absolute: libclang moves the process into units' working
     * directories while entries are written. */
    char absdir[2 * PATH_MAX + 2], cwd[PATH_MAX];
    if (so.extract_dir && so.extract_dir[0] != '/' && getcwd(cwd, sizeof cwd)) {
        snprintf(absdir, sizeof absdir, "%s/%s", cwd, so.extract_dir);
        so.extract_dir = absdir;
    }
    if (so.extract_dir)
        so.cache_dir = so.extract_dir;
    if (so.shard_n > 1 && !so.extract_dir && c.verbosity >= 0)
        fprintf(stderr, "%s scan: warning: shard %d of %d alone does not follow data flows "
                        "into other shards' files; use --extract DIR and 'vigie link'\n",
                cli_prog, so.shard_k, so.shard_n);

    /* Read now, not when the first C file comes: a database that cannot be
     * read (a FIFO, a directory without one) is an input error even when
     * the paths hold no C code, never a run that passes having used none. */
    vg_compdb db = {0};
    vg_error dberr = {0};
    if (so.compile_commands) {
        if (vg_compdb_load(so.compile_commands, &db, &dberr)) {
            fprintf(stderr, "%s scan: %s\n", cli_prog, dberr.msg);
            return VG_EXIT_USAGE;
        }
        so.compdb = &db;
    }
    vg_ruleset *rs = cli_load_ruleset(&c, "scan");
    if (!rs) {
        vg_compdb_free(&db);
        return VG_EXIT_USAGE;
    }
    so.rs = rs;
    so.show_personal_data = c.show_personal_data;
    so.progress = c.verbosity >= 0 && isatty(STDERR_FILENO);

    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err = {0};
    int status;
    if (vg_scan_paths(&so, argv + optind, (size_t)(argc - optind), &fs, &err)) {
        fprintf(stderr, "%s scan: %s\n", cli_prog, err.msg);
        status = VG_EXIT_USAGE;
    } else if (so.extract_dir) {
        if (c.verbosity >= 0)
            fprintf(stderr, "%s scan: extraction written to %s%s; link it with "
                            "'vigie link DIR...'\n", cli_prog, so.extract_dir,
                    so.shard_n > 1 ? " (one shard)" : "");
        status = VG_EXIT_OK;
    } else if (vg_scan_mark_checked(&fs)) {
        fprintf(stderr, "%s scan: out of memory\n", cli_prog);
        status = VG_EXIT_USAGE;
    } else
        status = cli_emit(&c, "scan", rs, "vigie-analyzer", &fs, &start);
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    vg_compdb_free(&db);
    return status;
}
