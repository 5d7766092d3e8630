#include "cli.h"
#include "vg_file.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_report.h"
#include "vg_scenario.h"
#include "vg_sarif.h"
#include "vg_text.h"

const char *cli_prog = "vigie";

void cli_common_init(cli_common *c)
{
    opterr = 0;                  /* cli_bad_option() reports, once */
    memset(c, 0, sizeof *c);
    c->fail_on = VG_LEVEL_WARNING;
    c->lang = vg_lang_from_env();      /* --lang overrides */
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s%s%s: ", cli_prog, cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s%s%s --help'.\n", cli_prog, cmd ? " " : "", cmd ? cmd : "");
    return VG_EXIT_USAGE;
}

int cli_parse_jobs(const char *cmd, const char *arg, int *jobs)
{
    char *end;
    long j = strtol(arg, &end, 10);
    if (*end || j < 1 || j > 1024)
        return cli_usage_error(cmd, "--jobs takes a number from 1 to 1024, not '%s'", arg);
    *jobs = (int)j;
    return 0;
}

/* Edit distance with transpositions (optimal string alignment: "scna" is
 * one edit from "scan"), for short names (options, commands). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    unsigned char d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (unsigned char)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (unsigned char)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1u < best)
                best = d[i - 1][j] + 1u;
            if (d[i][j - 1] + 1u < best)
                best = d[i][j - 1] + 1u;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1u < best)
                best = d[i - 2][j - 2] + 1u;
            d[i][j] = (unsigned char)best;
        }
    return d[la][lb];
}

const char *cli_nearest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, names[i]);
        /* a prefix ("--fail" of "--fail-on") is a near miss too */
        if (strlen(word) >= 3 && strncmp(names[i], word, strlen(word)) == 0)
            d = 1;
        if (d < bestd) {
            bestd = d;
            best = names[i];
        }
    }
    /* a typo: a third of the word wrong at most, and at least one letter */
    size_t allowed = strlen(word) / 3 > 1 ? strlen(word) / 3 : 1;
    return best && bestd <= allowed ? best : NULL;
}

int cli_bad_option(const char *cmd, const struct option *longopts, int opt, char **argv)
{
    const char *word = optind > 0 ? argv[optind - 1] : "";
    if (strncmp(word, "--", 2) != 0) {          /* a short option, maybe in a group */
        if (opt == ':')
            return cli_usage_error(cmd, "option '-%c' needs a value", optopt);
        return cli_usage_error(cmd, "unknown option '-%c'", optopt);
    }
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(word + 2, "="), word + 2);
    if (opt == ':')
        return cli_usage_error(cmd, "option '--%s' needs a value", name);
    const char *names[128];
    size_t n = 0;
    for (const struct option *o = longopts; o->name && n < 128; o++) {
        if (strcmp(o->name, name) == 0 && o->has_arg == no_argument)
            return cli_usage_error(cmd, "option '--%s' takes no value", name);
        names[n++] = o->name;
    }
    const char *near = cli_nearest(name, names, n);
    if (near)
        return cli_usage_error(cmd, "unknown option '--%s'; did you mean --%s?", name, near);
    return cli_usage_error(cmd, "unknown option '--%s'", name);
}

int cli_common_opt(cli_common *c, const char *cmd, int opt, const char *arg)
{
    switch (opt) {
    case 'f':
        if (strcmp(arg, "text") == 0)
            c->format = CLI_FMT_TEXT;
        else if (strcmp(arg, "sarif") == 0)
            c->format = CLI_FMT_SARIF;
        else if (strcmp(arg, "html") == 0)
            c->format = CLI_FMT_HTML;
        else if (strcmp(arg, "json") == 0)
            c->format = CLI_FMT_JSON;
        else if (strcmp(arg, "md") == 0)
            c->format = CLI_FMT_MARKDOWN;
        else {
            cli_usage_error(cmd, "unknown format '%s' (use sarif, text or html)", arg);
            return -1;
        }
        return 1;
    case 'o':
        c->output = arg;
        return 1;
    case 'q':
        c->verbosity = -1;
        return 1;
    case 'v':
        c->verbosity = 1;
        return 1;
    case OPT_FAIL_ON:
        if (vg_level_parse(arg, &c->fail_on)) {
            cli_usage_error(cmd, "--fail-on takes error, warning, note or none, not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_SHOW_PD:
        c->show_personal_data = true;
        return 1;
    case OPT_BASELINE:
        c->baseline = arg;
        return 1;
    case OPT_FAIL_ON_NEW:
        c->fail_on_new = true;
        return 1;
    case OPT_RULES:
        c->rules_path = arg;
        return 1;
    case OPT_GITHUB:
        c->github = true;
        return 1;
    case OPT_CATEGORY:
        /* GitHub reads the category up to the last '/'; one with spaces or
         * control characters would not survive a workflow file either. */
        if (!*arg || strlen(arg) > 200 || arg[strcspn(arg, " \t\r\n")]) {
            cli_usage_error(cmd, "--category takes a name such as vigie-scan or "
                                 "vigie/probe (no spaces), not '%s'", arg);
            return -1;
        }
        c->category = arg;
        return 1;
    case OPT_LANG:
        if (strcmp(arg, "en") == 0)
            c->lang = VG_LANG_EN;
        else if (strcmp(arg, "fr") == 0)
            c->lang = VG_LANG_FR;
        else {
            cli_usage_error(cmd, "--lang takes en or fr, not '%s'", arg);
            return -1;
        }
        return 1;
    default:
        return 0;
    }
}

vg_ruleset *cli_load_ruleset(const cli_common *c, const char *cmd)
{
    if (c->fail_on_new && !c->baseline) {
        cli_usage_error(cmd, "--fail-on-new needs --baseline OLD.sarif (new compared "
                             "with what?)");
        return NULL;
    }
    vg_error err = {0};
    vg_ruleset *rs = c->rules_path ? vg_ruleset_load_file(c->rules_path, &err)
                                   : vg_ruleset_load_builtin(&err);
    if (!rs)
        fprintf(stderr, "%s %s: invalid ruleset: %s\n", cli_prog, cmd, err.msg);
    return rs;
}

/* The format when -f is not given: from the -o extension, else text. */
static cli_format effective_format(const cli_common *c)
{
    if (c->format != CLI_FMT_DEFAULT)
        return c->format;
    if (c->output) {
        const char *dot = strrchr(c->output, '.');
        if (dot && (strcmp(dot, ".sarif") == 0 || strcmp(dot, ".json") == 0))
            return CLI_FMT_SARIF;
        if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
            return CLI_FMT_HTML;
    }
    return CLI_FMT_TEXT;
}

/* Open -o (or stdout). NULL after printing why. */
static FILE *open_output(const cli_common *c, const char *cmd)
{
    if (!c->output || strcmp(c->output, "-") == 0)
        return stdout;
    vg_error err = {0};
    FILE *out = vg_file_create(c->output, &err);
    if (!out)
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
    return out;
}

static int close_output(const cli_common *c, const char *cmd, FILE *out, bool announce)
{
    if (out == stdout)
        return fflush(out) == 0 ? 0 : -1;
    if (fclose(out) != 0) {
        fprintf(stderr, "%s %s: cannot write %s: %s\n", cli_prog, cmd, c->output,
                strerror(errno));
        return -1;
    }
    if (announce && c->verbosity >= 0)
        fprintf(stderr, "%s %s: wrote %s\n", cli_prog, cmd, c->output);
    return 0;
}

/* The terminal report; with a baseline, its counts on the last line. */
static void write_text(const cli_common *c, FILE *out, const vg_ruleset *rs,
                       const vg_findings *fs, const vg_baseline_counts *bc)
{
    vg_text_opts to = {.color = out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"),
                       .verbose = c->verbosity > 0, .lang = c->lang};
    vg_text_write(out, rs, fs, &to);
    if (bc)
        fprintf(out, "baseline %s: %zu new, %zu unchanged, %zu updated, %zu absent\n",
                c->baseline, bc->new_, bc->unchanged, bc->updated, bc->absent);
}

/* cli_finish; not_judged: why the run judged nothing, or NULL. */
static int finish(const cli_common *c, const char *cmd, const vg_ruleset *rs,
                  vg_report_doc *doc, const vg_findings *fs, const char *not_judged)
{
    cli_format fmt = effective_format(c);
    vg_error err = {0};
    if (fmt == CLI_FMT_JSON || fmt == CLI_FMT_MARKDOWN)
        return cli_usage_error(cmd, "-f json and -f md are for 'vigie rules'; use -f sarif");
    if (fmt == CLI_FMT_TEXT && !fs)
        return cli_usage_error(cmd, "text output needs findings; use -f sarif or -f html");
    vg_baseline_counts bc = {0};
    if (c->baseline) {
        vg_report_doc *base = vg_report_load(c->baseline, &err);
        if (!base) {
            fprintf(stderr, "%s %s: --baseline: %s\n", cli_prog, cmd, err.msg);
            return VG_EXIT_USAGE;
        }
        int rc = vg_report_apply_baseline(doc, base, &bc, &err);
        vg_report_free(base);
        if (rc) {
            fprintf(stderr, "%s %s: --baseline: %s\n", cli_prog, cmd, err.msg);
            return VG_EXIT_USAGE;
        }
    }
    int status = vg_report_count(doc, c->fail_on, c->fail_on_new && c->baseline)
                     ? VG_EXIT_FINDINGS : VG_EXIT_OK;
    /* A run that checked nothing is never a pass, also once merged. */
    size_t incomplete = vg_report_unsuccessful(doc);
    if (not_judged || incomplete)
        status = VG_EXIT_USAGE;
    vg_report_set_exit_code(doc, status);
    if (c->github)
        vg_report_drop_pass(doc);
    if (c->category && vg_report_set_category(doc, c->category, &err)) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        return VG_EXIT_USAGE;
    }
    FILE *out = open_output(c, cmd);
    if (!out)
        return VG_EXIT_USAGE;
    int rc = 0;
    if (fmt == CLI_FMT_SARIF)
        rc = vg_report_write(doc, out, &err);
    else if (fmt == CLI_FMT_HTML) {
        vg_html_opts ho = {.lang = c->lang, .inventory_href = c->inventory_href};
        rc = vg_report_html(doc, rs, &ho, out, &err);
    } else
        write_text(c, out, rs, fs, c->baseline ? &bc : NULL);
    if (rc)
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
    if (close_output(c, cmd, out, fmt != CLI_FMT_TEXT) || rc)
        return VG_EXIT_USAGE;
    if (not_judged)
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, not_judged);
    else if (incomplete)
        fprintf(stderr, "%s %s: %zu run%s in the input did not complete "
                        "(executionSuccessful: false): not a pass\n", cli_prog, cmd,
                incomplete, incomplete == 1 ? "" : "s");
    return status;
}

/* Text or SARIF with no --baseline, written straight from the findings:
 * same output and status as cli_finish on the log, without building the
 * log as a JSON tree (for text, without any of SARIF's work: rules,
 * fingerprints, JSON). With 40,000 findings, building and freeing that
 * tree took two thirds of a text scan's time. */
static int emit_direct(const cli_common *c, const char *cmd, const vg_ruleset *rs,
                       cli_format fmt, vg_sarif_run *run)
{
    int status = vg_report_count_findings(rs, run->findings, c->fail_on)
                     ? VG_EXIT_FINDINGS : VG_EXIT_OK;
    run->exit_code = status;
    FILE *out = open_output(c, cmd);
    if (!out)
        return VG_EXIT_USAGE;
    vg_error err = {0};
    int rc = 0;
    if (fmt == CLI_FMT_SARIF)
        rc = vg_sarif_write(out, rs, run, 1, &err);
    else
        write_text(c, out, rs, run->findings, NULL);
    if (rc)
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
    if (close_output(c, cmd, out, fmt != CLI_FMT_TEXT) || rc)
        return VG_EXIT_USAGE;
    return status;
}

int cli_finish(const cli_common *c, const char *cmd, const vg_ruleset *rs,
               vg_report_doc *doc, const vg_findings *fs)
{
    return finish(c, cmd, rs, doc, fs, NULL);
}

int cli_emit_verdict(const cli_common *c, const char *cmd, const vg_ruleset *rs,
                     const char *tool, const vg_findings *fs, const struct timespec *start,
                     const char *not_judged)
{
    vg_sarif_run run = {.tool = tool, .findings = fs, .argc = cli_argc, .argv = cli_argv,
                        .start = *start, .lang = c->lang,
                        .workdir = *cli_cwd ? cli_cwd : NULL};
    clock_gettime(CLOCK_REALTIME, &run.end);
    cli_format fmt = effective_format(c);
    /* the common case (a scan, no baseline) skips building the log; a run
     * that judged nothing or a category needs the log's own bookkeeping */
    if (!c->baseline && !not_judged && !c->category && !c->github &&
        (fmt == CLI_FMT_TEXT || fmt == CLI_FMT_SARIF))
        return emit_direct(c, cmd, rs, fmt, &run);
    vg_error err = {0};
    vg_report_doc *doc = vg_report_build(rs, &run, 1, &err);
    if (!doc) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        return VG_EXIT_USAGE;
    }
    int status = finish(c, cmd, rs, doc, fs, not_judged);
    vg_report_free(doc);
    return status;
}

int cli_emit(const cli_common *c, const char *cmd, const vg_ruleset *rs,
             const char *tool, const vg_findings *fs, const struct timespec *start)
{
    return cli_emit_verdict(c, cmd, rs, tool, fs, start, NULL);
}

int cli_scenario_cmd_parse(cli_scenario_cmd *p, int argc, char **argv)
{
    clock_gettime(CLOCK_REALTIME, &p->start);
    cli_common_init(&p->c);
    p->scenario = NULL;
    p->sc = NULL;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, p->longopts, NULL)) != -1) {
        int h = cli_common_opt(&p->c, p->cmd, opt, optarg);
        if (h < 0)
            return VG_EXIT_USAGE;
        if (h)
            continue;
        if (opt == 'h') {
            fputs(p->help, stdout);
            return VG_EXIT_OK;
        }
        if (opt == OPT_SCENARIO) {
            p->scenario = optarg;
            continue;
        }
        h = p->own ? p->own(opt, optarg, p->ud) : 0;
        if (h < 0)
            return VG_EXIT_USAGE;
        if (!h)
            return cli_bad_option(p->cmd, p->longopts, opt, argv);
    }
    if (!p->scenario)
        return cli_usage_error(p->cmd, "--scenario FILE is required");
    if (optind < argc)
        return cli_usage_error(p->cmd, "unexpected argument '%s'", argv[optind]);
    vg_error err = {0};
    if (!(p->sc = vg_scenario_load_file(p->scenario, &err))) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, p->cmd, err.msg);
        return VG_EXIT_USAGE;
    }
    return -1;
}

vg_ruleset *cli_scenario_cmd_ruleset(cli_scenario_cmd *p)
{
    vg_ruleset *rs = cli_load_ruleset(&p->c, p->cmd);
    if (!rs) {
        vg_scenario_free(p->sc);
        p->sc = NULL;
    }
    return rs;
}
