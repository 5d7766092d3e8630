/*
 * `vigie probe tls HOST[:PORT]`: what a deployed TLS endpoint really
 * accepts, judged against the policy (harness/vg_probe_tls.h).
 */
#include "cli.h"
#include "vg_file.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_probe_tls.h"

static const char tls_help[] =
"Usage: vigie probe tls HOST[:PORT] [--sni NAME] [--ca FILE] [--timeout MS] [options]\n"
"\n"
"Tell what a deployed TLS endpoint really accepts, judged against the policy's\n"
"256-bit minimum and its promise of a certificate that proves who you talk to.\n"
"Only HOST is contacted.\n"
"\n"
"  HOST[:PORT]        a name, an IPv4 address or [IPv6]:PORT; port 443 by default\n"
"      --sni NAME     server name to send and to check the certificate against\n"
"                     (default: HOST when it is a name; none for an IP address)\n"
"      --ca FILE      trust the CA certificates in FILE (PEM) instead of the\n"
"                     system store, e.g. a private or test authority\n"
"      --timeout MS   bound for each network step (default 5000)\n"
"  -f, --format FMT   text (default) or sarif\n"
"  -o, --output FILE  write the report to FILE (.sarif selects SARIF)\n"
"      --fail-on LVL  exit 1 on findings at or above error|warning|note|none\n"
"                     (default warning)\n"
"      --rules FILE   another ruleset (its \"ciphers\" table names the suites)\n"
"      --category NAME  SARIF automationDetails.id (code-scanning category)\n"
"  -v, --verbose      also list, per protocol, every suite accepted and the\n"
"                     certificate details (notes)\n"
"  -q, --quiet        no progress line\n"
"\n"
"What is checked:\n"
"  TLS001  every accepted cipher suite below 256-bit encryption, named; and a\n"
"          note on the key exchange (group and size, no forward secrecy)\n"
"  TLS002  SSL 3.0, TLS 1.0 or TLS 1.1 accepted\n"
"  TLS003  certificate faults: chain, self-signed, host name, expired or not\n"
"          yet valid, weak key (RSA < 2048), weak signature (MD5, SHA-1)\n"
"\n"
"Suites are enumerated with hand-written ClientHellos offering every suite of\n"
"the ruleset's table (about 360 IANA suites), whatever the local OpenSSL\n"
"supports: the server picks one, it is removed, the rest is offered again.\n"
"\n"
"Examples:\n"
"  vigie probe tls portail.example.test\n"
"  vigie probe tls 127.0.0.1:8443 --sni portail.test --ca certs/ca.pem -v\n"
"  vigie probe tls [::1]:8443 -o tls.sarif\n"
"\n"
"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error,\n"
"endpoint unreachable, or no TLS handshake completed (the report says why).\n";

enum { OPT_TIMEOUT = 1100 };

int cmd_probe_tls(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"sni", required_argument, NULL, OPT_SNI},
        {"ca", required_argument, NULL, OPT_CA},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {0, 0, 0, 0}};
    const char *sni = NULL, *ca = NULL;
    long timeout = VG_PROBE_TLS_TIMEOUT_MS;
    cli_common c;
    cli_common_init(&c);
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts, NULL)) != -1) {
        int h = cli_common_opt(&c, "probe tls", opt, optarg);
        if (h < 0)
            return VG_EXIT_USAGE;
        if (h)
            continue;
        char *end;
        switch (opt) {
        case 'h':
            fputs(tls_help, stdout);
            return VG_EXIT_OK;
        case OPT_SNI:
            sni = optarg;
            break;
        case OPT_CA:
            ca = optarg;
            break;
        case OPT_TIMEOUT:
            timeout = strtol(optarg, &end, 10);
            if (!*optarg || *end || timeout < 1 || timeout > 600000)
                return cli_usage_error("probe tls", "--timeout takes milliseconds from 1 to "
                                       "600000, not '%s'", optarg);
            break;
        default:
            return cli_bad_option("probe tls", longopts, opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("probe tls", "missing HOST[:PORT] to probe");
    if (optind + 1 < argc)
        return cli_usage_error("probe tls", "one endpoint at a time; unexpected '%s'",
                               argv[optind + 1]);
    char host[256];
    int port;
    vg_error err = {0};
    if (vg_probe_tls_parse_target(argv[optind], host, sizeof host, &port, &err))
        return cli_usage_error("probe tls", "%s", err.msg);
    /* OpenSSL reads it with a blocking fopen: a FIFO would hang the probe */
    int cafd = ca ? vg_file_open(ca, NULL, &err) : 0;
    if (cafd < 0)
        return cli_usage_error("probe tls", "--ca %s", err.msg);
    if (ca)
        close(cafd);
    vg_ruleset *rs = cli_load_ruleset(&c, "probe tls");
    if (!rs)
        return VG_EXIT_USAGE;
    if (c.verbosity >= 0 && isatty(STDERR_FILENO))
        fprintf(stderr, "%s probe tls: probing %s ...\n", cli_prog, argv[optind]);
    vg_findings fs;
    vg_findings_init(&fs);
    vg_probe_tls_target t = {.host = host, .port = port, .sni = sni, .ca = ca};
    int status, rc = vg_probe_tls(rs, &t, (int)timeout, &fs, &err);
    if (rc < 0) {
        /* unreachable: reported as a run that judged nothing */
        vg_findings_notice(&fs, VG_LEVEL_ERROR, NULL, 0, "%s", err.msg);
        status = cli_emit_verdict(&c, "probe tls", rs, "vigie-harness", &fs, &start, err.msg);
    } else {
        /* An endpoint that speaks no TLS could not be judged: not a pass. */
        char why[300];
        snprintf(why, sizeof why, "%s completed no TLS handshake; nothing was judged",
                 argv[optind]);
        status = cli_emit_verdict(&c, "probe tls", rs, "vigie-harness", &fs, &start,
                                  rc == 1 ? why : NULL);
    }
    vg_findings_free(&fs);
    vg_ruleset_free(rs);
    return status;
}
