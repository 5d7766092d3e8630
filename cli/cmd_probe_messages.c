/*
 * `vigie probe messages`: check the email and SMS a service sends.
 * Live (--scenario: capture listeners + triggers) or offline (--eml,
 * --mbox, --maildir: messages captured elsewhere).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "vg_probe.h"
#include "vg_probe_messages.h"
#include "vg_scenario.h"

static const char help[] =
"Usage: vigie probe messages --scenario FILE [options]\n"
"       vigie probe messages --eml FILE... | --mbox FILE | --maildir DIR [options]\n"
"\n"
"Check every email and text message a service sends against the policy:\n"
"  MSG001  personal data (health insurance number, SIN, date of birth, a test\n"
"          identity's values) in an email; a note when credentials came without TLS\n"
"  MSG002  the same in an SMS\n"
"  MSG004  the message asks the recipient for personal information (FR/EN)\n"
"  CRD001  username and password in one message\n"
"  CRD002  username and password sent to the same address\n"
"  CRD003  credentials sent to a shared mailbox (info@, admin@, ...)\n"
"Messages are fully MIME-decoded first (multipart, base64, quoted-printable,\n"
"RFC 2047 headers, ISO-8859-1/Windows-1252), so an encoding hides nothing.\n"
"\n"
"Live mode (--scenario FILE): vigie listens on the scenario's\n"
"messages.smtp_listen (an ESMTP server with STARTTLS) and messages.sms_listen\n"
"(HTTP: Twilio-style form To/Body or JSON {\"to\":..,\"text\":..}), sends the\n"
"scenario's triggers to its target, waits wait_ms, then checks what arrived.\n"
"Point the service's SMTP relay and SMS gateway URL at those addresses.\n"
"  --expect N             stop waiting once N messages (mail + SMS) arrived,\n"
"                         rather than always waiting wait_ms\n"
"  --spool DIR            keep every captured mail in DIR as msg-NNNNNN.eml (an\n"
"                         existing directory), to read or re-check offline\n"
"\n"
"Offline mode checks messages captured elsewhere (Mailpit/MailHog export,\n"
"a queue dump). Recipients come from To/Cc/Bcc.\n"
"  --eml FILE...          one message per file (further FILE arguments allowed)\n"
"  --mbox FILE            an mbox archive (\"From \" separated, >From unquoted)\n"
"  --maildir DIR          a Maildir (DIR/new and DIR/cur)\n"
"  --identities FILE      offline: a scenario whose identities are searched too\n"
"\n"
"Common options:\n"
"  -f, --format text|sarif   -o, --output FILE   --fail-on error|warning|note|none\n"
"  --show-personal-data      show values found (masked by default: **** **** **11)\n"
"  --rules FILE              ruleset (default: built in)   -q, -v, --lang en|fr\n"
"  --category NAME           SARIF automationDetails.id (code-scanning category)\n"
"\n"
"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error,\n"
"or a run that judged nothing: no trigger reached the target, more than half of\n"
"them failed (no answer, HTTP 400 or more), or no message arrived / was found\n"
"(the report is written with executionSuccessful false).\n"
"Example:\n"
"  vigie probe messages --scenario fixtures/clinic/scenario.json -f sarif -o msg.sarif\n"
"  vigie probe messages --mbox export.mbox --fail-on error\n";

enum { OPT_EML = 2000, OPT_MBOX, OPT_MAILDIR, OPT_IDENTITIES, OPT_EXPECT, OPT_SPOOL };

/* Offline (--eml, --mbox, --maildir): the messages probe's offline mode
 * does the work; this prints what it could not read. Returns 0, -1 after
 * printing the error, or 1 when no message was found (why in *why). */
static int run_offline(const cli_common *cc, vg_ruleset *rs, const vg_scenario *sc,
                       char **emls, size_t neml, const char *mbox, const char *maildir,
                       vg_findings *fs, vg_error *why)
{
    vg_probe_opts o = {.rs = rs, .sc = sc, .show_personal_data = cc->show_personal_data};
    vg_probe_sources src = {.emls = emls, .neml = neml, .mbox = mbox, .maildir = maildir};
    int rc = vg_probe_offline(vg_probe_find("messages"), &o, &src, fs, why);
    if (rc < 0)
        fprintf(stderr, "%s probe messages: %s\n", cli_prog, why->msg);
    else if (cc->verbosity > 0)
        fprintf(stderr, "%s probe messages: %zu message(s) checked\n", cli_prog, src.checked);
    return rc;
}

int cmd_probe_messages(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONG,
        {"scenario", required_argument, NULL, OPT_SCENARIO},
        {"eml", required_argument, NULL, OPT_EML},
        {"mbox", required_argument, NULL, OPT_MBOX},
        {"maildir", required_argument, NULL, OPT_MAILDIR},
        {"identities", required_argument, NULL, OPT_IDENTITIES},
        {"expect", required_argument, NULL, OPT_EXPECT},
        {"spool", required_argument, NULL, OPT_SPOOL},
        {NULL, 0, NULL, 0}};
    const char *cmd = "probe messages";
    cli_common cc;
    cli_common_init(&cc);
    const char *scenario = NULL, *mbox = NULL, *maildir = NULL, *idfile = NULL,
               *spool = NULL;
    char **emls = calloc((size_t)argc + 1, sizeof *emls);
    size_t neml = 0, expect = 0;
    int opt, status = VG_EXIT_USAGE;
    if (!emls)
        return VG_EXIT_USAGE;
    optind = 1;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts, NULL)) != -1) {
        int r = cli_common_opt(&cc, cmd, opt, optarg);
        if (r < 0)
            goto out;
        if (r > 0)
            continue;
        switch (opt) {
        case 'h':
            fputs(help, stdout);
            status = VG_EXIT_OK;
            goto out;
        case OPT_SCENARIO: scenario = optarg; break;
        case OPT_EML: emls[neml++] = optarg; break;
        case OPT_MBOX: mbox = optarg; break;
        case OPT_MAILDIR: maildir = optarg; break;
        case OPT_IDENTITIES: idfile = optarg; break;
        case OPT_SPOOL: spool = optarg; break;
        case OPT_EXPECT: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1) {
                status = cli_usage_error(cmd, "--expect takes a number of messages, not '%s'",
                                         optarg);
                goto out;
            }
            expect = (size_t)v;
            break;
        }
        default:
            status = cli_bad_option(cmd, longopts, opt, argv);
            goto out;
        }
    }
    /* --eml a.eml b.eml: the files after the first are plain arguments */
    for (int i = optind; i < argc; i++) {
        if (!neml) {
            status = cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
            goto out;
        }
        emls[neml++] = argv[i];
    }
    int modes = (scenario != NULL) + (neml > 0) + (mbox != NULL) + (maildir != NULL);
    if (modes == 0) {
        status = cli_usage_error(cmd, "give --scenario FILE, or --eml/--mbox/--maildir");
        goto out;
    }
    if (scenario && modes > 1) {
        status = cli_usage_error(cmd, "--scenario cannot be combined with --eml/--mbox/--maildir");
        goto out;
    }
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    vg_ruleset *rs = cli_load_ruleset(&cc, cmd);
    if (!rs)
        goto out;
    vg_error err = {0};
    vg_scenario *sc = NULL;
    const char *scfile = scenario ? scenario : idfile;
    if (scfile && !(sc = vg_scenario_load_file(scfile, &err))) {
        fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, err.msg);
        vg_ruleset_free(rs);
        goto out;
    }
    if (scenario && !sc->has_messages) {
        status = cli_usage_error(cmd, "%s has no \"messages\" section", scenario);
        vg_scenario_free(sc);
        vg_ruleset_free(rs);
        goto out;
    }
    vg_findings fs;
    vg_findings_init(&fs);
    int rc;
    if (scenario) {
        size_t nids;
        vg_msg_identity *ids = vg_probe_messages_identities(sc, &nids);
        vg_probe_messages_opts po = {.rs = rs, .sc = sc, .ids = ids, .nids = nids,
                                     .show_personal_data = cc.show_personal_data,
                                     .verbose = cc.verbosity > 0, .expect = expect,
                                     .spool_dir = spool};
        rc = ids ? vg_probe_messages_run(&po, &fs, &err) : vg_error_set(&err, VG_ENOMEM, "out of memory");
        if (rc < 0) {   /* could not run: the report says so (rc 1) */
            vg_findings_notice(&fs, VG_LEVEL_ERROR, NULL, 0, "%s", err.msg);
            rc = 1;
        }
        free(ids);
    } else {
        rc = run_offline(&cc, rs, sc, emls, neml, mbox, maildir, &fs, &err);
    }
    if (rc >= 0 && scenario && vg_scenario_anchor(sc, &fs, 0)) {
        fprintf(stderr, "%s %s: out of memory\n", cli_prog, cmd);
        rc = -1;
    }
    if (rc >= 0) {      /* 1: judged nothing, reported as such */
        vg_findings_sort(&fs);
        status = cli_emit_verdict(&cc, cmd, rs, "vigie-harness", &fs, &start,
                                  rc == 1 ? err.msg : NULL);
    }
    vg_findings_free(&fs);
    vg_scenario_free(sc);
    vg_ruleset_free(rs);
out:
    free(emls);
    return status;
}
