#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char rules_help[] =
"Usage: vigie rules [--format text|json] [--lang en|fr] [--rules FILE]\n"
"\n"
"List the rules vigie checks: id, default level, what each one catches and\n"
"the clause of the policy it enforces (which policy text and heading).\n"
"\n"
"  -f, --format FMT   text (default) or json (every field, both languages)\n"
"      --lang LANG    language of the text listing: en (default) or fr\n"
"      --rules FILE   list the rules of another ruleset (checks it, too:\n"
"                     a malformed ruleset is reported with file and line)\n"
"  -o, --output FILE  write to FILE instead of stdout\n"
"  -h, --help         this help\n";

static json_t *text_json(const vg_text *t)
{
    return json_pack("{s:s,s:s}", "en", t->en, "fr", t->fr);
}

static json_t *rules_json(const vg_ruleset *rs)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < rs->nrules; i++) {
        const vg_rule *r = &rs->rules[i];
        json_t *clauses = json_array(), *tags = json_array();
        for (size_t j = 0; j < r->nclauses; j++)
            json_array_append_new(clauses, json_pack("{s:s,s:s,s:o}",
                "id", r->clauses[j]->id, "seed", r->clauses[j]->seed,
                "heading", text_json(&r->clauses[j]->heading)));
        for (size_t j = 0; j < r->ntags; j++)
            json_array_append_new(tags, json_string(r->tags[j]));
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:f,s:o,s:o,s:o,s:o,s:o}",
            "id", r->id, "name", r->name, "level", vg_level_name(r->level),
            "security_severity", r->security_severity, "tags", tags,
            "short", text_json(&r->short_desc), "full", text_json(&r->full_desc),
            "compliant", text_json(&r->compliant), "clauses", clauses));
    }
    return json_pack("{s:s,s:s,s:o,s:o}", "ruleset", rs->name, "origin", rs->origin,
                     "title", text_json(&rs->title), "rules", arr);
}

static void rules_text(FILE *out, const vg_ruleset *rs, vg_lang lang, bool color)
{
    const char *b = color ? "\033[1m" : "", *d = color ? "\033[2m" : "",
               *r = color ? "\033[0m" : "";
    fprintf(out, "%s%s%s (%zu rules)\n\n", b, vg_text_get(&rs->title, lang), r, rs->nrules);
    for (size_t i = 0; i < rs->nrules; i++) {
        const vg_rule *ru = &rs->rules[i];
        fprintf(out, "%s%-7s%s %-8s %s\n", b, ru->id, r, vg_level_name(ru->level),
                vg_text_get(&ru->short_desc, lang));
        for (size_t j = 0; j < ru->nclauses; j++)
            fprintf(out, "                 %s%s %s — %s%s\n", d,
                    lang == VG_LANG_FR ? "clause" : "clause", ru->clauses[j]->seed,
                    vg_text_get(&ru->clauses[j]->heading, lang), r);
    }
}

int cmd_rules(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONG, {0, 0, 0, 0}};
    cli_common c;
    cli_common_init(&c);
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts, NULL)) != -1) {
        int h = cli_common_opt(&c, "rules", opt, optarg);
        if (h < 0)
            return VG_EXIT_USAGE;
        if (h)
            continue;
        if (opt == 'h') {
            fputs(rules_help, stdout);
            return VG_EXIT_OK;
        }
        return cli_usage_error("rules", "unknown option");
    }
    if (optind < argc)
        return cli_usage_error("rules", "unexpected argument '%s'", argv[optind]);
    if (c.format != CLI_FMT_DEFAULT && c.format != CLI_FMT_TEXT && c.format != CLI_FMT_JSON)
        return cli_usage_error("rules", "--format takes text or json here");
    vg_ruleset *rs = cli_load_ruleset(&c, "rules");
    if (!rs)
        return VG_EXIT_USAGE;
    FILE *out = stdout;
    if (c.output && !(out = fopen(c.output, "w"))) {
        fprintf(stderr, "%s rules: cannot write %s: %m\n", cli_prog, c.output);
        vg_ruleset_free(rs);
        return VG_EXIT_USAGE;
    }
    int status = VG_EXIT_OK;
    if (c.format == CLI_FMT_JSON) {
        json_t *doc = rules_json(rs);
        if (!doc || json_dumpf(doc, out, JSON_INDENT(2)) || fputc('\n', out) == EOF)
            status = VG_EXIT_USAGE;
        json_decref(doc);
    } else
        rules_text(out, rs, c.lang, out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    if (out != stdout && fclose(out))
        status = VG_EXIT_USAGE;
    vg_ruleset_free(rs);
    return status;
}
