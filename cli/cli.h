#ifndef VG_CLI_H
#define VG_CLI_H
/*
 * The `vigie` command line: option parsing shared by the subcommands, and
 * the one place where errors are printed and exit statuses chosen.
 */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "vg_finding.h"
#include "vg_ruleset.h"

enum { VG_EXIT_OK = 0, VG_EXIT_FINDINGS = 1, VG_EXIT_USAGE = 2 };

typedef enum cli_format { CLI_FMT_DEFAULT, CLI_FMT_TEXT, CLI_FMT_SARIF, CLI_FMT_HTML,
                          CLI_FMT_JSON, CLI_FMT_MARKDOWN } cli_format;

/* Options every subcommand accepts (the design's "common" list). */
typedef struct cli_common {
    cli_format format;
    const char *output;          /* -o FILE, NULL: stdout */
    const char *baseline;
    vg_level fail_on;
    bool fail_on_new;            /* --fail-on counts only results new to --baseline */
    bool show_personal_data;
    int verbosity;               /* -q: -1, default 0, -v: 1 */
    const char *rules_path;      /* --rules FILE */
    const char *category;        /* --category: SARIF automationDetails.id */
    vg_lang lang;
    const char *inventory_href;  /* report html --inventory: the link in the report */
    bool github;                 /* --github: a code-scanning upload, no compliant flows */
} cli_common;

/* getopt_long ids of the common long-only options. */
enum {
    OPT_FAIL_ON = 1000, OPT_SHOW_PD, OPT_BASELINE, OPT_RULES, OPT_LANG,
    OPT_HELP, OPT_SHARD, OPT_CACHE, OPT_SNI, OPT_CA, OPT_SCENARIO, OPT_FAIL_ON_NEW,
    OPT_CATEGORY, OPT_EXTRACT, OPT_ROOT, OPT_INV_FILE, OPT_GITHUB
};

/* The leading ':' makes getopt_long return ':' for a missing value and
 * print nothing: cli_bad_option() says it once, with a suggestion. */
#define CLI_COMMON_SHORT ":f:o:qvh"
#define CLI_COMMON_LONG                                              \
    {"format", required_argument, NULL, 'f'},                        \
    {"output", required_argument, NULL, 'o'},                        \
    {"quiet", no_argument, NULL, 'q'},                               \
    {"verbose", no_argument, NULL, 'v'},                             \
    {"help", no_argument, NULL, 'h'},                                \
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},               \
    {"show-personal-data", no_argument, NULL, OPT_SHOW_PD},          \
    {"baseline", required_argument, NULL, OPT_BASELINE},             \
    {"fail-on-new", no_argument, NULL, OPT_FAIL_ON_NEW},             \
    {"rules", required_argument, NULL, OPT_RULES},                   \
    {"category", required_argument, NULL, OPT_CATEGORY},             \
    {"github", no_argument, NULL, OPT_GITHUB},                       \
    {"lang", required_argument, NULL, OPT_LANG}

void cli_common_init(cli_common *c);
/* Handle one common option. Returns 1 if handled, 0 if not a common
 * option, -1 after printing a usage error. */
int cli_common_opt(cli_common *c, const char *cmd, int opt, const char *arg);

struct option;
/* After getopt_long returned '?' (unknown option) or ':' (missing value):
 * print one usage error naming the option and, for a typo, the nearest
 * option of longopts ("did you mean --format?"). Returns VG_EXIT_USAGE. */
int cli_bad_option(const char *cmd, const struct option *longopts, int opt, char **argv);

/* The name in names[0..n) nearest to word by edit distance, if it is near
 * enough to be a typo of it; else NULL. */
const char *cli_nearest(const char *word, const char *const *names, size_t n);

/* Print "vigie CMD: message" plus a hint to stderr; returns VG_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --jobs N, shared by scan and link so both accept the same range:
 * stores N in *jobs and returns 0, or prints a usage error and returns
 * VG_EXIT_USAGE. */
int cli_parse_jobs(const char *cmd, const char *arg, int *jobs);

/* Load --rules or the built-in ruleset; prints the error and returns NULL
 * on failure. Every command calls it right after parsing its options, so
 * it also rejects common options that make no sense together
 * (--fail-on-new without --baseline). */
vg_ruleset *cli_load_ruleset(const cli_common *c, const char *cmd);

/* Write findings in the chosen format to -o or stdout, then compute the
 * exit status from --fail-on. `tool` is the SARIF driver name. */
int cli_emit(const cli_common *c, const char *cmd, const vg_ruleset *rs,
             const char *tool, const vg_findings *fs, const struct timespec *start);

/* cli_emit for a probe: not_judged is NULL when the run judged the
 * service, else why it did not (most requests failed, no TLS handshake;
 * harness/vg_probe_verdict.h). Then the report is still written, with
 * executionSuccessful: false, the reason goes to stderr, and the exit
 * status is 2 whatever was found. */
int cli_emit_verdict(const cli_common *c, const char *cmd, const vg_ruleset *rs,
                     const char *tool, const vg_findings *fs, const struct timespec *start,
                     const char *not_judged);

struct vg_scenario;
/* The start every `vigie probe KIND --scenario FILE` command shares: its
 * options (the common ones, --scenario, -h, and its own through own),
 * then the scenario. Fill the first five fields; the rest are set. */
typedef struct cli_scenario_cmd {
    const char *cmd;                 /* "probe logs" */
    const char *help;                /* printed by -h */
    const struct option *longopts;   /* CLI_COMMON_LONG, --scenario, its own */
    /* One of its own options: 1 taken, 0 none of its own, -1 after
     * printing a usage error. NULL: it has none. */
    int (*own)(int opt, const char *arg, void *ud);
    void *ud;
    cli_common c;
    struct timespec start;           /* when the command started */
    const char *scenario;            /* --scenario as given */
    struct vg_scenario *sc;          /* loaded: the caller frees it */
} cli_scenario_cmd;

/* Parse the options and load the scenario. Returns -1 when the command
 * goes on (p->sc loaded), else the exit status to return (help shown,
 * usage error or a bad scenario printed). */
int cli_scenario_cmd_parse(cli_scenario_cmd *p, int argc, char **argv);
/* cli_load_ruleset for it; NULL (error printed, p->sc freed) on failure. */
vg_ruleset *cli_scenario_cmd_ruleset(cli_scenario_cmd *p);

struct vg_report_doc;
/* Apply --baseline to doc, pick the exit status from --fail-on (and
 * --fail-on-new), record it in the log, and write doc in the chosen format
 * (text needs fs; it may be NULL for merged logs). Returns the exit status:
 * 2 when a run of doc says executionSuccessful: false. */
int cli_finish(const cli_common *c, const char *cmd, const vg_ruleset *rs,
               struct vg_report_doc *doc, const vg_findings *fs);


extern const char *cli_prog;     /* program name for messages */
extern int cli_argc;             /* the whole command line, for SARIF invocations */
extern char **cli_argv;
/* The directory vigie was started in (absolute; "" if unknown), read once
 * by main(): relative paths in reports are relative to it. Nothing in
 * vigie changes the process's directory. */
extern const char *cli_cwd;


int cmd_scan(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_cc(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_probe_tls(int argc, char **argv);
int cmd_probe_cookies(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_probe_messages(int argc, char **argv);
int cmd_probe_logs(int argc, char **argv);
int cmd_probe_all(int argc, char **argv);
int cmd_report_merge(int argc, char **argv);
int cmd_report_html(int argc, char **argv);
int cmd_report_inventory(int argc, char **argv);

#endif
