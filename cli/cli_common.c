#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_report.h"
#include "vg_sarif.h"
#include "vg_text.h"

const char *cli_prog = "vigie";

void cli_common_init(cli_common *c)
{
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
    vg_error err = {{0}};
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
    FILE *out = fopen(c->output, "w");
    if (!out)
        fprintf(stderr, "%s %s: cannot write %s: %s\n", cli_prog, cmd, c->output,
                strerror(errno));
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

int cli_finish(const cli_common *c, const char *cmd, const vg_ruleset *rs,
               vg_report_doc *doc, const vg_findings *fs)
{
    cli_format fmt = effective_format(c);
    vg_error err = {{0}};
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
    vg_report_set_exit_code(doc, status);
    FILE *out = open_output(c, cmd);
    if (!out)
        return VG_EXIT_USAGE;
    int rc = 0;
    if (fmt == CLI_FMT_SARIF)
        rc = vg_report_write(doc, out, &err);
    else if (fmt == CLI_FMT_HTML) {
        vg_html_opts ho = {.lang = c->lang};
        rc = vg_report_html(doc, rs, &ho, out, &err);
    } else {
        vg_text_opts to = {.color = out == stdout && isatty(STDOUT_FILENO) &&
                                    !getenv("NO_COLOR"),
                           .verbose = c->verbosity > 0, .lang = c->lang};
        vg_text_write(out, rs, fs, &to);
        if (c->baseline)
            fprintf(out, "baseline %s: %zu new, %zu unchanged, %zu updated, %zu absent\n",
                    c->baseline, bc.new_, bc.unchanged, bc.updated, bc.absent);
    }
    if (rc)
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
    if (close_output(c, cmd, out, fmt != CLI_FMT_TEXT) || rc)
        return VG_EXIT_USAGE;
    return status;
}

int cli_emit(const cli_common *c, const char *cmd, const vg_ruleset *rs,
             const char *tool, const vg_findings *fs, const struct timespec *start)
{
    vg_sarif_run run = {.tool = tool, .findings = fs, .argc = cli_argc, .argv = cli_argv,
                        .start = *start, .lang = c->lang};
    clock_gettime(CLOCK_REALTIME, &run.end);
    vg_error err = {{0}};
    vg_report_doc *doc = vg_report_build(rs, &run, 1, &err);
    if (!doc) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        return VG_EXIT_USAGE;
    }
    int status = cli_finish(c, cmd, rs, doc, fs);
    vg_report_free(doc);
    return status;
}
