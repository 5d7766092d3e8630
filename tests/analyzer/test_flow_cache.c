/*
 * The entry format shared by --cache and --extract (vg_flow_cache.h):
 * findings survive the trip complete, an entry rewritten from what was
 * read is the same bytes, and no damaged entry — cut at any byte, another
 * format, another ruleset — is ever read as good.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_flow_cache.h"
#include "vg_ruleset.h"
#include "vg_scan.h"

#define FIXTURE VG_SOURCE_DIR "/fixtures/code/xfile_format_send"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/vg-flow-cache-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void spit(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(buf, 1, len, f), len);
    fclose(f);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(flow_cache, .init = setup, .fini = teardown);

/* A unit that read the fixture's one file, with no findings yet. */
static const char *fixture_deps[1] = {FIXTURE "/fmt.c"};

static fl_tu unit_of_fixture(void)
{
    fl_tu t = {0};
    vg_findings_init(&t.direct);
    t.deps = fixture_deps;
    t.ndeps = 1;
    return t;
}

Test(flow_cache, a_finding_survives_the_trip_complete)
{
    fl_tu t = unit_of_fixture();
    vg_finding *f = vg_findings_add(&t.direct, "LOG002", VG_LEVEL_ERROR, "a b/x.c", 7, 3,
                                    "NAM \"TREM ****1511\" reaches printf()\nnext line");
    cr_assert_not_null(f);
    f->loc.end_line = 8;
    f->loc.end_column = 12;
    cr_assert_eq(vg_finding_set_logical(f, "notify"), 0);
    cr_assert_eq(vg_finding_set_fingerprint(f, "LOG002|notify|nam"), 0);
    cr_assert_eq(vg_finding_set_suppression(f, ""), 0);
    cr_assert_eq(vg_finding_set_props(f, "{\"category\":\"nam\"}"), 0);
    cr_assert_eq(vg_finding_add_step(f, "a b/x.c", 3, 1, "source: field p.nam"), 0);
    cr_assert_eq(vg_finding_add_step(f, "y.c", 9, 2, "sink: printf"), 0);
    cr_assert_eq(vg_findings_notice(&t.direct, VG_LEVEL_NOTE, "x.c", 2, "a %s", "notice"), 0);
    cr_assert_eq(vg_flow_entry_write(dir, "one" VG_FLOW_EXT, VG_ENTRY_FILE, 42, "x.c", &t, NULL,
                                     "/"), 0);

    char path[128];
    snprintf(path, sizeof path, "%s/one" VG_FLOW_EXT, dir);
    vg_flow_entry e;
    cr_assert_eq(vg_flow_entry_read(path, 42, "/", &e), VG_ENTRY_OK, "%s", e.why);
    cr_assert_eq(e.kind, VG_ENTRY_FILE);
    cr_assert_str_eq(e.unit, "x.c");
    cr_assert_eq(e.tu.direct.count, 1);
    const vg_finding *g = &e.tu.direct.items[0];
    cr_expect_str_eq(g->rule_id, "LOG002");
    cr_expect_eq(g->level, VG_LEVEL_ERROR);
    cr_expect_str_eq(g->message, f->message);
    cr_expect_str_eq(g->loc.uri, "a b/x.c");
    cr_expect(g->loc.line == 7 && g->loc.column == 3 && g->loc.end_line == 8 &&
              g->loc.end_column == 12);
    cr_expect_str_eq(g->loc.logical, "notify");
    cr_expect_str_eq(g->fingerprint, "LOG002|notify|nam");
    cr_expect(g->suppression && !*g->suppression, "an empty justification is still a suppression");
    cr_expect_str_eq(g->props_json, "{\"category\":\"nam\"}");
    cr_assert_eq(g->nflow, 2);
    cr_expect_str_eq(g->flow[1].uri, "y.c");
    cr_expect(g->flow[1].line == 9 && g->flow[1].column == 2);
    cr_expect_str_eq(g->flow[1].message, "sink: printf");
    cr_assert_eq(e.tu.direct.nnotices, 1);
    cr_expect_str_eq(e.tu.direct.notices[0].message, "a notice");

    /* Written again from what was read: the same bytes. */
    cr_assert_eq(vg_flow_entry_write(dir, "two" VG_FLOW_EXT, e.kind, 42, e.unit, &e.tu, NULL,
                                     "/"), 0);
    char p2[128];
    snprintf(p2, sizeof p2, "%s/two" VG_FLOW_EXT, dir);
    size_t la, lb;
    char *a = slurp(path, &la), *b = slurp(p2, &lb);
    cr_expect(la == lb && memcmp(a, b, la) == 0, "rewritten entry differs");
    free(a);
    free(b);
    vg_flow_entry_free(&e);
    vg_findings_free(&t.direct);

    /* Another ruleset or masking setting. */
    cr_expect_eq(vg_flow_entry_read(path, 43, "/", &e), VG_ENTRY_OTHER_RULESET);
    cr_expect(strstr(e.why, "another ruleset"), "%s", e.why);
}

/* The IR the engine links: every field it reads back as written, the
 * later additions among them (a parameter's category, a masking helper,
 * an argument that is a global defined elsewhere). */
Test(flow_cache, a_function_ir_survives_the_trip)
{
    fl_tu t = unit_of_fixture();
    const char *params[3] = {"password", "n", "this"};
    int16_t pcats[3] = {3, -1, -1};
    fl_atom atom = {.kind = FL_AT_SRC, .flags = FL_ATF_UNCALLED, .cat = 3, .line = 4, .col = 5,
                    .text = "parameter password", .place = "password"};
    fl_arg args[2] = {{.atoms = &atom, .natoms = 1, .dest = "password", .writable = true},
                      {.name = "ciphers", .global = true, .handle = true}};
    fl_call call = {.callee = "on_pass", .usr = 77, .line = 9, .col = 2, .ret_content = true,
                    .keycat = -1, .args = args, .nargs = 2};
    fl_stmt stmts[3] = {{.op = FL_ST_ASSIGN, .line = 4, .dst = "a"},
                        {.op = FL_ST_CALL, .line = 5, .call = 0},
                        {.op = FL_ST_ASSIGN, .line = 6, .dst = "b"}};
    fl_range reruns[1] = {{1, 3}};
    fl_func fn = {.name = "serve", .file = "s.c", .line = 3, .usr = 99, .masks = true,
                  .params = params, .pcats = pcats, .nparams = 3,
                  .calls = &call, .ncalls = 1, .stmts = stmts, .nstmts = 3,
                  .reruns = reruns, .nreruns = 1};
    t.funcs = &fn;
    t.nfuncs = 1;
    t.main_file = "s.c";
    cr_assert_eq(vg_flow_entry_write(dir, "ir" VG_FLOW_EXT, VG_ENTRY_UNIT, 42, "s.c", &t, NULL,
                                     "/"), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/ir" VG_FLOW_EXT, dir);
    vg_flow_entry e;
    cr_assert_eq(vg_flow_entry_read(path, 42, "/", &e), VG_ENTRY_OK, "%s", e.why);
    cr_assert_eq(e.tu.nfuncs, 1);
    const fl_func *g = &e.tu.funcs[0];
    cr_expect_str_eq(g->name, "serve");
    cr_expect(g->masks && !g->variadic && g->usr == 99 && g->line == 3);
    cr_assert_eq(g->nstmts, 3);
    cr_assert_eq(g->nreruns, 1, "the loop the engine runs twice");
    cr_expect(g->reruns[0].from == 1 && g->reruns[0].to == 3);
    cr_assert_eq(g->nparams, 3);
    cr_assert_not_null(g->pcats);
    for (int i = 0; i < 3; i++) {
        cr_expect_str_eq(g->params[i], params[i]);
        cr_expect_eq(g->pcats[i], pcats[i], "parameter %d's category", i);
    }
    cr_assert_eq(g->ncalls, 1);
    const fl_call *c = &g->calls[0];
    cr_expect(!strcmp(c->callee, "on_pass") && c->usr == 77 && c->ret_content && c->keycat == -1);
    cr_assert_eq(c->nargs, 2);
    cr_expect(c->args[0].writable && !c->args[0].global && !strcmp(c->args[0].dest, "password"));
    cr_expect(c->args[1].global && c->args[1].handle && !strcmp(c->args[1].name, "ciphers"));
    cr_assert_eq(c->args[0].natoms, 1);
    const fl_atom *a = &c->args[0].atoms[0];
    cr_expect(a->kind == FL_AT_SRC && a->flags == FL_ATF_UNCALLED && a->cat == 3 &&
              a->line == 4 && !strcmp(a->place, "password"));
    vg_flow_entry_free(&e);
    vg_findings_free(&t.direct);
}

/* The engine runs the statements of each range twice and trusts them to
 * be in order and inside the body: an entry saying otherwise is corrupt. */
Test(flow_cache, loop_ranges_out_of_order_or_outside_the_body_are_corrupt)
{
    fl_tu t = unit_of_fixture();
    fl_stmt stmts[2] = {{.op = FL_ST_ASSIGN, .line = 4, .dst = "a"},
                        {.op = FL_ST_ASSIGN, .line = 5, .dst = "b"}};
    const fl_range bad[][2] = {{{0, 2}, {1, 2}}, {{0, 3}, {0, 0}}, {{1, 1}, {0, 0}}};
    const size_t nbad[] = {2, 1, 1};
    for (size_t i = 0; i < sizeof nbad / sizeof *nbad; i++) {
        fl_range r[2] = {bad[i][0], bad[i][1]};
        fl_func fn = {.name = "f", .file = "s.c", .line = 3, .stmts = stmts,
                      .nstmts = 2, .reruns = r, .nreruns = nbad[i]};
        t.funcs = &fn;
        t.nfuncs = 1;
        t.main_file = "s.c";
        cr_assert_eq(vg_flow_entry_write(dir, "bad" VG_FLOW_EXT, VG_ENTRY_UNIT, 42, "s.c", &t,
                                         NULL, "/"), 0);
        char path[128];
        snprintf(path, sizeof path, "%s/bad" VG_FLOW_EXT, dir);
        vg_flow_entry e;
        cr_expect_eq(vg_flow_entry_read(path, 42, "/", &e), VG_ENTRY_CORRUPT, "case %zu", i);
        vg_flow_entry_free(&e);
    }
    vg_findings_free(&t.direct);
}

/* Extract the fixture with the built-in ruleset; every entry then read
 * back good, and cut anywhere, never. */
Test(flow_cache, an_entry_cut_at_any_byte_is_never_read_as_good, .timeout = 600)
{
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    char ex[128];
    snprintf(ex, sizeof ex, "%s/x", dir);
    vg_scan_opts o = {.rs = rs, .jobs = 1, .extract_dir = ex, .cache_dir = ex};
    char *paths[] = {FIXTURE};
    vg_findings out;
    vg_findings_init(&out);
    cr_assert_eq(vg_scan_paths(&o, paths, 1, &out, &err), 0, "%s", err.msg);
    vg_findings_free(&out);
    uint64_t salt = vg_flow_salt(rs, false);
    char root[PATH_MAX];
    cr_assert_not_null(getcwd(root, sizeof root));

    DIR *d = opendir(ex);
    cr_assert_not_null(d);
    struct dirent *de;
    int entries = 0, units = 0;
    char cut[256];
    snprintf(cut, sizeof cut, "%s/cut" VG_FLOW_EXT, dir);
    while ((de = readdir(d))) {
        if (!strstr(de->d_name, VG_FLOW_EXT))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", ex, de->d_name);
        vg_flow_entry e;
        cr_assert_eq(vg_flow_entry_read(path, salt, root, &e), VG_ENTRY_OK, "%s: %s", path, e.why);
        entries++;
        units += e.kind == VG_ENTRY_UNIT;
        vg_flow_entry_free(&e);
        size_t len;
        char *buf = slurp(path, &len);
        for (size_t n = 0; n < len; n++) {
            spit(cut, buf, n);
            int st = vg_flow_entry_read(cut, salt, root, &e);
            cr_assert_eq(st, VG_ENTRY_CORRUPT, "%s cut at %zu of %zu bytes read as %d (%s)",
                         de->d_name, n, len, st, e.why);
        }
        /* The previous format's header. */
        memcpy(buf, "VGFLOW5", 7);
        spit(cut, buf, len);
        cr_expect_eq(vg_flow_entry_read(cut, salt, root, &e), VG_ENTRY_OTHER_FORMAT);
        cr_expect(strstr(e.why, "VGFLOW5"), "%s", e.why);
        free(buf);
    }
    closedir(d);
    cr_expect_eq(units, 2, "fmt.c and main.c are units");
    cr_expect_geq(entries, 6, "2 units, 3 files, 1 manifest");
    vg_ruleset_free(rs);
}
