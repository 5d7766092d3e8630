/*
 * Focused tests of the C/C++ analysis: compilation database, parse
 * failures, code flows, fingerprints, suppression, masking, cache, jobs.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vg_compdb.h"
#include "vg_flow.h"
#include "vg_ruleset.h"

#define CORPUS VG_SOURCE_DIR "/fixtures/code"

static vg_ruleset *rs;
static char tmpdir[64];

static void setup(void)
{
    vg_error err = {0};
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vg-flow-test-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_expect_eq(system(cmd), 0);
    vg_ruleset_free(rs);
}

static void write_file(const char *name, const char *fmt, ...)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f, "%s", p);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fclose(f);
}

static const char *tpath(const char *name)
{
    static char p[4][PATH_MAX];
    static int k;
    char *r = p[k++ % 4];
    snprintf(r, PATH_MAX, "%s/%s", tmpdir, name);
    return r;
}

static void scan(vg_scan_opts *o, const char *const *files, size_t n, vg_findings *fs)
{
    vg_error err = {0};
    o->rs = rs;
    vg_findings_init(fs);
    cr_assert_eq(vg_flow_scan(o, files, n, fs, &err), 0, "%s", err.msg);
    /* the compliant flows recorded for the inventory are tested on their
     * own (flow_pass below); the tests here count findings */
    vg_findings_drop_pass(fs);
}

static const vg_finding *find_rule(const vg_findings *fs, const char *rule)
{
    for (size_t i = 0; i < fs->count; i++)
        if (!strcmp(fs->items[i].rule_id, rule))
            return &fs->items[i];
    return NULL;
}

static int count_notices(const vg_findings *fs, const char *needle)
{
    int n = 0;
    for (size_t i = 0; i < fs->nnotices; i++)
        n += strstr(fs->notices[i].message, needle) != NULL;
    return n;
}

TestSuite(flow, .init = setup, .fini = teardown);

Test(flow, command_split_honours_quotes_and_backslashes)
{
    size_t n;
    char **v = vg_compdb_split("cc -DX=\"a b\" 'c d' e\\ f  -I inc", &n);
    cr_assert_not_null(v);
    cr_assert_eq(n, 6);
    cr_expect_str_eq(v[1], "-DX=a b");
    cr_expect_str_eq(v[2], "c d");
    cr_expect_str_eq(v[3], "e f");
    cr_expect_str_eq(v[5], "inc");
    cr_expect_null(v[6]);
    vg_compdb_argv_free(v);
}

Test(flow, database_entry_keeps_flags_and_drops_compiler_output_and_source)
{
    write_file("x.c", "int x;\n");
    write_file("compile_commands.json",
               "[{\"directory\": \"%s\", \"file\": \"x.c\", "
               "\"command\": \"gcc -c -o x.o -MD -MF x.d -Iinc -DV=1 x.c\"}]", tmpdir);
    vg_compdb db;
    vg_error err = {0};
    cr_assert_eq(vg_compdb_load(tmpdir, &db, &err), 0, "%s", err.msg);  /* directory form */
    cr_assert_eq(db.count, 1);
    char real[PATH_MAX];
    cr_assert_not_null(realpath(tpath("x.c"), real));
    const vg_compdb_entry *e = vg_compdb_find(&db, real);
    cr_assert_not_null(e);
    int has_inc = 0, has_wd = 0;
    for (size_t i = 0; i < e->nargs; i++) {
        cr_expect(strcmp(e->args[i], "-c") && strcmp(e->args[i], "-o") &&
                  strcmp(e->args[i], "x.o") && strcmp(e->args[i], "x.c") &&
                  strcmp(e->args[i], "gcc") && strcmp(e->args[i], "x.d"),
                  "argument %s should have been dropped", e->args[i]);
        has_inc |= !strcmp(e->args[i], "-Iinc");
        /* for the front end only: the driver would chdir() the process */
        has_wd |= !strcmp(e->args[i], "-working-directory") && i + 2 < e->nargs && i > 0 &&
                  !strcmp(e->args[i - 1], "-Xclang") && !strcmp(e->args[i + 1], "-Xclang") &&
                  !strcmp(e->args[i + 2], tmpdir);
        cr_expect(strcmp(e->args[i], "-working-directory") || (i > 0 &&
                  !strcmp(e->args[i - 1], "-Xclang")), "a driver -working-directory chdirs");
    }
    cr_expect(has_inc && has_wd);
    vg_compdb_free(&db);
}

Test(flow, broken_database_is_an_error_not_a_crash)
{
    write_file("compile_commands.json", "[{\"directory\": 3}");
    vg_compdb db;
    vg_error err = {0};
    cr_expect_eq(vg_compdb_load(tpath("compile_commands.json"), &db, &err), -1);
    cr_expect_neq(err.msg[0], 0);
    write_file("compile_commands.json", "[{\"directory\": \"/\"}]");
    cr_expect_eq(vg_compdb_load(tpath("compile_commands.json"), &db, &err), -1);
    cr_expect(strstr(err.msg, "entry 1") != NULL, "%s", err.msg);
}

Test(flow, unit_that_fails_to_parse_is_a_notice_and_others_still_report)
{
    write_file("good.c", "#include <stdio.h>\nvoid f(const char *nam) { printf(\"%%s\", nam); }\n");
    write_file("bad.c", "#include \"missing_header.h\"\nvoid g(void) { undeclared(1 }\n");
    const char *files[] = {tpath("good.c"), tpath("bad.c")};
    vg_scan_opts o = {0};
    vg_findings fs;
    scan(&o, files, 2, &fs);
    cr_expect_not_null(find_rule(&fs, "LOG002"), "the good unit still reports");
    cr_expect_eq(count_notices(&fs, "compile error"), 1);
    vg_findings_free(&fs);
}

/* A database written by a GCC build names flags clang does not know; the
 * driver drops them and the unit parses as without them, so they are a
 * note naming the flags, not a compile error. */
Test(flow, gcc_only_flags_are_a_note_not_a_compile_error)
{
    write_file("g.c", "#include <stdio.h>\nvoid f(const char *nam) { printf(\"%%s\", nam); }\n");
    write_file("compile_commands.json",
               "[{\"directory\": \"%s\", \"file\": \"g.c\", \"arguments\": [\"gcc\", "
               "\"-mindirect-branch=thunk\", \"-c\", \"g.c\"]}]", tmpdir);
    vg_compdb db;
    vg_error err = {0};
    cr_assert_eq(vg_compdb_load(tpath("compile_commands.json"), &db, &err), 0, "%s", err.msg);
    const char *files[] = {tpath("g.c")};
    vg_scan_opts o = {.compdb = &db};
    vg_findings fs;
    scan(&o, files, 1, &fs);
    cr_expect_not_null(find_rule(&fs, "LOG002"), "the unit is analysed");
    cr_expect_eq(count_notices(&fs, "compile error"), 0);
    cr_expect_eq(count_notices(&fs, "-mindirect-branch=thunk"), 1);
    vg_findings_free(&fs);
    vg_compdb_free(&db);
}

Test(flow, system_header_functions_are_never_sources)
{
    write_file("m.c", "#include <math.h>\n#include <stdio.h>\n"
                      "void f(double a) { printf(\"%%f\", sin(a)); }\n");
    const char *files[] = {tpath("m.c")};
    vg_scan_opts o = {0};
    vg_findings fs;
    scan(&o, files, 1, &fs);
    cr_expect_eq(fs.count, 0, "sin() from <math.h> is trigonometry");
    vg_findings_free(&fs);
}

Test(flow, finding_has_a_code_flow_from_source_to_sink_across_a_helper)
{
    const char *files[] = {CORPUS "/inter_format_then_send.c"};
    vg_scan_opts o = {0};
    vg_findings fs;
    scan(&o, files, 1, &fs);
    const vg_finding *f = find_rule(&fs, "MSG001");
    cr_assert_not_null(f);
    cr_assert_geq(f->nflow, 4, "source, copy, helper writes, sink");
    cr_expect(strstr(f->flow[0].message, "p.nam") != NULL, "%s", f->flow[0].message);
    cr_expect(strstr(f->flow[f->nflow - 1].message, "send_email") != NULL);
    cr_expect_eq(f->flow[f->nflow - 1].line, f->loc.line);
    int helper = 0;
    for (size_t i = 0; i < f->nflow; i++)
        helper |= strstr(f->flow[i].message, "format_notice") != NULL;
    cr_expect(helper, "the step through the helper is shown");
    vg_findings_free(&fs);
}

static char *fingerprint_of(const char *name, int blank_lines)
{
    char pad[64] = "";
    for (int i = 0; i < blank_lines; i++)
        strcat(pad, "\n");
    write_file(name, "%s#include <syslog.h>\nstruct p { char nas[12]; };\n"
                     "void f(const struct p *x) { syslog(LOG_INFO, \"%%s\", x->nas); }\n", pad);
    const char *files[] = {tpath(name)};
    vg_scan_opts o = {0};
    vg_findings fs;
    scan(&o, files, 1, &fs);
    cr_assert_eq(fs.count, 1);
    cr_assert_eq(fs.items[0].loc.line, 3 + blank_lines);
    char *fp = strdup(fs.items[0].fingerprint);
    vg_findings_free(&fs);
    return fp;
}

Test(flow, fingerprint_survives_unrelated_line_shifts)
{
    char *a = fingerprint_of("fp.c", 0);
    char *b = fingerprint_of("fp.c", 7);
    cr_expect_str_eq(a, b);
    cr_expect(strpbrk(a, "0123456789") == NULL || strstr(a, ":3") == NULL);
    free(a);
    free(b);
}

Test(flow, inline_suppression_carries_its_justification)
{
    const char *files[] = {CORPUS "/suppressed_log.c"};
    vg_scan_opts o = {0};
    vg_findings fs;
    scan(&o, files, 1, &fs);
    const vg_finding *f = find_rule(&fs, "LOG002");
    cr_assert_not_null(f);
    cr_assert_not_null(f->suppression);
    cr_expect_str_eq(f->suppression, "synthetic record printed by the demo only");
    vg_findings_free(&fs);
}

/* The literal is the flow's source: it is described by its mask either
 * way, so the finding keeps its fingerprint under --show-personal-data
 * (DSC004 is the finding that shows the value itself). */
Test(flow, detected_literal_values_are_masked_even_when_shown_elsewhere)
{
    const char *files[] = {CORPUS "/literal_nam_logged.c"};
    vg_scan_opts o = {0};
    vg_findings fs;
    scan(&o, files, 1, &fs);
    const vg_finding *f = find_rule(&fs, "LOG002");
    cr_assert_not_null(f);
    cr_expect(strstr(f->message, "5405") == NULL, "%s", f->message);
    cr_expect(strstr(f->message, "**** **** **11") != NULL, "%s", f->message);
    for (size_t i = 0; i < f->nflow; i++)
        cr_expect(strstr(f->flow[i].message, "5405") == NULL);
    char *fp = strdup(f->fingerprint);
    vg_findings_free(&fs);
    o.show_personal_data = true;
    scan(&o, files, 1, &fs);
    f = find_rule(&fs, "LOG002");
    cr_assert_not_null(f);
    cr_expect(strstr(f->message, "**** **** **11") != NULL, "%s", f->message);
    cr_expect_str_eq(f->fingerprint, fp);
    free(fp);
    vg_findings_free(&fs);
}

static size_t reused(const vg_findings *fs)
{
    for (size_t i = 0; i < fs->nnotices; i++) {
        size_t a, b;
        if (sscanf(fs->notices[i].message, "C/C++: %zu of %zu", &a, &b) == 2)
            return a;
    }
    cr_assert_fail("no cache notice");
    return 0;
}

Test(flow, cache_reuses_unchanged_units_and_a_header_change_invalidates)
{
    write_file("h.h", "struct p { char nam[16]; };\n");
    write_file("u.c", "#include <stdio.h>\n#include \"h.h\"\n"
                      "void f(const struct p *x) { printf(\"%%s\", x->nam); }\n");
    write_file("v.c", "#include <stdio.h>\nvoid g(const char *dob) { puts(dob); }\n");
    const char *files[] = {tpath("u.c"), tpath("v.c")};
    vg_scan_opts o = {.cache_dir = tpath("cache")};
    vg_findings cold, warm, after;
    scan(&o, files, 2, &cold);
    cr_expect_eq(reused(&cold), 0);
    scan(&o, files, 2, &warm);
    cr_expect_eq(reused(&warm), 2);
    cr_expect_eq(warm.count, cold.count);
    cr_expect_eq(cold.count, 2);
    for (size_t i = 0; i < warm.count && i < cold.count; i++) {
        cr_expect_str_eq(warm.items[i].fingerprint, cold.items[i].fingerprint);
        cr_expect_eq(warm.items[i].nflow, cold.items[i].nflow);
    }
    /* Same size, new content: the header's users are analysed again. */
    write_file("h.h", "struct p { char nom[16]; };\n");
    scan(&o, files, 2, &after);
    cr_expect_eq(reused(&after), 1, "only v.c, which does not include h.h, is reused");
    vg_findings_free(&cold);
    vg_findings_free(&warm);
    vg_findings_free(&after);
}

Test(flow, results_do_not_depend_on_the_number_of_jobs)
{
    const char *files[] = {CORPUS "/log_printf_nam.c", CORPUS "/email_send_mail_nam.c",
                           CORPUS "/crd001_sms.c", CORPUS "/tls_verify_none.c",
                           CORPUS "/lookalike_single.c", CORPUS "/inter_two_levels.c"};
    vg_scan_opts o1 = {.jobs = 1}, o2 = {.jobs = 2};
    vg_findings a, b;
    scan(&o1, files, 6, &a);
    scan(&o2, files, 6, &b);
    vg_findings_sort(&a);
    vg_findings_sort(&b);
    cr_assert_eq(a.count, b.count);
    cr_expect_eq(a.count, 5);
    for (size_t i = 0; i < a.count; i++)
        cr_expect_str_eq(a.items[i].fingerprint, b.items[i].fingerprint);
    vg_findings_free(&a);
    vg_findings_free(&b);
}

Test(flow, compliant_credentials_procedure_is_not_reported)
{
    const char *files[] = {CORPUS "/crd_procedure_compliant.c"};
    vg_scan_opts o = {0};
    vg_findings fs;
    scan(&o, files, 1, &fs);
    cr_expect_eq(fs.count, 0, "two messages to two addresses is the policy's procedure");
    vg_findings_free(&fs);
}

/* The command line end to end: -p with a build directory, -j, SARIF with
 * a code flow that validates against the official schema, exit status 1. */
Test(flow, vigie_scan_with_compile_commands_writes_valid_sarif_with_code_flows)
{
    write_file("svc.c", "#include <syslog.h>\nstruct p { char nam[16]; };\n"
                        "void f(const struct p *x) { syslog(LOG_INFO, \"%%s\", x->nam); }\n");
    write_file("compile_commands.json",
               "[{\"directory\": \"%s\", \"file\": \"svc.c\", \"arguments\": "
               "[\"cc\", \"-c\", \"-DX=1\", \"svc.c\"]}]", tmpdir);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' scan -q -j 2 -p . -o out.sarif svc.c", tmpdir,
             VIGIE_BIN);
    int st = system(cmd);
    cr_assert(WIFEXITED(st));
    cr_expect_eq(WEXITSTATUS(st), 1, "a finding at error level fails the run");
    snprintf(cmd, sizeof cmd, "'%s' '%s/../support/validate_sarif.py' '%s/sarif-schema-2.1.0.json' "
             "'%s/out.sarif'", VG_PYTHON3, VG_TEST_DATA, VG_TEST_DATA, tmpdir);
    cr_expect_eq(system(cmd), 0, "SARIF validates");
    snprintf(cmd, sizeof cmd, "grep -q '\"codeFlows\"' '%s/out.sarif' && "
             "grep -q 'LOG002' '%s/out.sarif'", tmpdir, tmpdir);
    cr_expect_eq(system(cmd), 0);
}

/* A database nested far past jansson's parsing depth: an error. */
Test(flow, deeply_nested_database_is_an_error_not_a_crash)
{
    size_t n = 200000;
    char *s = malloc(2 * n + 1);
    memset(s, '[', n);
    memset(s + n, ']', n);
    s[2 * n] = '\0';
    write_file("compile_commands.json", "%s", s);
    free(s);
    vg_compdb db;
    vg_error err = {0};
    cr_expect_eq(vg_compdb_load(tpath("compile_commands.json"), &db, &err), -1);
    cr_expect_neq(err.msg[0], 0);
}

/* Every flow of personal information to an external sink is recorded,
 * the compliant ones as pass records: a password hashed before it is
 * stored, a username (no rule forbids it) in a log. */
static const vg_finding *find_pass(const vg_findings *fs, const char *rule, const char *how)
{
    for (size_t i = 0; i < fs->count; i++)
        if (vg_finding_is_pass(&fs->items[i]) && !strcmp(fs->items[i].rule_id, rule) &&
            strstr(fs->items[i].props_json, how))
            return &fs->items[i];
    return NULL;
}

Test(flow, compliant_flows_are_recorded_as_pass_records)
{
    const char *files[] = {CORPUS "/crypto_hash_pw_helper.c", CORPUS "/log_username_only.c"};
    vg_scan_opts o = {.rs = rs};
    vg_findings fs;
    vg_error err = {0};
    vg_findings_init(&fs);
    cr_assert_eq(vg_flow_scan(&o, files, 2, &fs, &err), 0, "%s", err.msg);
    const vg_finding *hashed = find_pass(&fs, "CRD004", "\"sanitized\"");
    cr_assert_not_null(hashed, "the password handed to a hash function");
    cr_expect(strstr(hashed->props_json, "\"category\":\"password\""), "%s", hashed->props_json);
    cr_expect_eq(vg_ruleset_level(rs, hashed), VG_LEVEL_NONE, "never counted");
    cr_expect_gt(hashed->nflow, 0, "with the source it came from");
    const vg_finding *logged = find_pass(&fs, "LOG002", "\"allowed\"");
    cr_assert_not_null(logged, "the username in a log");
    cr_expect(strstr(logged->props_json, "\"category\":\"username\""), "%s", logged->props_json);
    vg_findings_free(&fs);
}
