/*
 * `vigie probe` and `vigie report` dispatch: each kind has its own
 * function in its own file.
 */
#include "cli.h"

#include <string.h>

static const char probe_help[] =
"Usage: vigie probe tls HOST[:PORT] [--sni NAME] [--ca FILE]\n"
"       vigie probe cookies --scenario FILE\n"
"       vigie probe messages --scenario FILE | --eml FILE... | --mbox FILE | --maildir DIR\n"
"       vigie probe logs --scenario FILE\n"
"       vigie probe all --scenario FILE\n"
"\n"
"Drive a deployed service and check what crosses the wire: TLS handshakes\n"
"(cipher strength, protocols, certificate), cookies before and after\n"
"consent, the email, SMS and voice messages it sends, and what its access\n"
"log keeps of a request.\n"
"\n"
"'vigie probe KIND --help' explains each kind.\n";

static const char report_help[] =
"Usage: vigie report merge A.sarif B.sarif... -o OUT.sarif\n"
"       vigie report html IN.sarif -o OUT.html [--lang fr|en]\n"
"       vigie report inventory IN.sarif... -o FILE [-f html|json|csv] [--lang fr|en]\n"
"\n"
"Combine reports, render the bilingual report for privacy officers, and the\n"
"inventory of personal information (where each category is collected, where\n"
"it goes, and whether each destination complies).\n"
"\n"
"'vigie report KIND --help' explains each kind.\n";

typedef struct kind {
    const char *name;
    int (*fn)(int, char **);
} kind;

static int dispatch(int argc, char **argv, const char *cmd, const char *help,
                    const kind *kinds, size_t n)
{
    if (argc < 2)
        return cli_usage_error(cmd, "missing what to %s", cmd);
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(help, stdout);
        return VG_EXIT_OK;
    }
    const char *names[8];
    for (size_t i = 0; i < n; i++) {
        if (strcmp(argv[1], kinds[i].name) == 0)
            return kinds[i].fn(argc - 1, argv + 1);
        names[i < 8 ? i : 7] = kinds[i].name;
    }
    const char *near = cli_nearest(argv[1], names, n < 8 ? n : 8);
    if (near)
        return cli_usage_error(cmd, "unknown %s kind '%s'; did you mean '%s'?", cmd, argv[1],
                               near);
    return cli_usage_error(cmd, "unknown %s kind '%s'", cmd, argv[1]);
}

int cmd_probe(int argc, char **argv)
{
    static const kind kinds[] = {
        {"tls", cmd_probe_tls},
        {"cookies", cmd_probe_cookies},
        {"messages", cmd_probe_messages},
        {"logs", cmd_probe_logs},
        {"all", cmd_probe_all},
    };
    return dispatch(argc, argv, "probe", probe_help, kinds, sizeof kinds / sizeof kinds[0]);
}

int cmd_report(int argc, char **argv)
{
    static const kind kinds[] = {
        {"merge", cmd_report_merge},
        {"html", cmd_report_html},
        {"inventory", cmd_report_inventory},
    };
    return dispatch(argc, argv, "report", report_help, kinds, sizeof kinds / sizeof kinds[0]);
}
