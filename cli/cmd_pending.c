/*
 * Subcommands of the contract that are not built yet. They parse nothing
 * and pretend nothing: they say what is missing and exit with status 2.
 */
#include "cli.h"

#include <string.h>

static const char probe_help[] =
"Usage: vigie probe tls HOST[:PORT] [--sni NAME] [--ca FILE]\n"
"       vigie probe cookies --scenario FILE\n"
"       vigie probe messages --scenario FILE | --eml FILE... | --mbox FILE | --maildir DIR\n"
"       vigie probe all --scenario FILE\n"
"\n"
"Drive a deployed service and check what crosses the wire: TLS handshakes\n"
"(cipher strength, protocols, certificate), cookies before and after\n"
"consent, and the email and SMS it sends.\n"
"\n"
"Not built yet: every probe exits with status 2 and says so.\n";

static const char report_help[] =
"Usage: vigie report merge A.sarif B.sarif... -o OUT.sarif\n"
"       vigie report html IN.sarif -o OUT.html [--lang fr|en]\n"
"\n"
"Combine reports, and render the bilingual report for privacy officers.\n"
"\n"
"Not built yet: exits with status 2 and says so.\n";

static int pending(int argc, char **argv, const char *cmd, const char *help,
                   const char *const *subs)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return VG_EXIT_OK;
        }
    if (argc < 2)
        return cli_usage_error(cmd, "missing what to %s", cmd);
    for (size_t i = 0; subs[i]; i++)
        if (strcmp(argv[1], subs[i]) == 0) {
            fprintf(stderr, "%s %s %s: not built yet in this version of vigie; "
                            "nothing was checked.\n", cli_prog, cmd, argv[1]);
            return VG_EXIT_USAGE;
        }
    return cli_usage_error(cmd, "unknown %s '%s'", cmd, argv[1]);
}

int cmd_probe(int argc, char **argv)
{
    static const char *const subs[] = {"tls", "cookies", "messages", "all", NULL};
    return pending(argc, argv, "probe", probe_help, subs);
}

int cmd_report(int argc, char **argv)
{
    static const char *const subs[] = {"merge", "html", NULL};
    return pending(argc, argv, "report", report_help, subs);
}
