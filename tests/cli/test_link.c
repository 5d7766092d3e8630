/*
 * Scale-out: `vigie scan --extract` per shard, then `vigie link`, gives
 * the one-machine result; a bad extraction (truncated, half-written by a
 * killed job, stale, from another format or vigie version, another
 * ruleset, duplicated) is reported and never crashes the link. And
 * `vigie cc` extracts the compilations a build runs.
 */
#include <criterion/criterion.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vg_flow_cache.h"
#include <unistd.h>

#include "vg_test_run.h"

#define CORPUS VG_SOURCE_DIR "/fixtures/code"
#define XFILE CORPUS "/xfile_sink_in_other_unit"

/* Run vigie with a NULL-terminated argument list; fails the test if it
 * crashed (a signal) or could not start. */
static vg_run vigie(const char *first, ...)
{
    char *argv[64] = {VIGIE_BIN};
    int n = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 63; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 900, &r), 0);
    cr_assert_lt(r.status, 128, "vigie %s was killed by signal %d: %s", first,
                 r.status - 128, r.err);
    return r;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(p);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void tmpdir(char *out, size_t n)
{
    snprintf(out, n, "/tmp/vg-link-test-XXXXXX");
    cr_assert_not_null(mkdtemp(out));
}

/* The results of run 0, as canonical JSON (keys sorted): rule, location,
 * message, code flows, fingerprints, suppressions, properties; with
 * keep_pass, the compliant flows (kind "pass", the inventory's) too. */
static char *results_with(const char *sarif, bool keep_pass)
{
    json_error_t je;
    json_t *root = json_load_file(sarif, 0, &je);
    cr_assert_not_null(root, "%s: %s", sarif, je.text);
    json_t *res = json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results");
    cr_assert(json_is_array(res), "%s has results", sarif);
    for (size_t i = json_array_size(res); !keep_pass && i-- > 0;) {
        const char *kind = json_string_value(json_object_get(json_array_get(res, i), "kind"));
        if (kind && !strcmp(kind, "pass"))
            json_array_remove(res, i);
    }
    char *s = json_dumps(res, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(root);
    return s;
}

/* Findings only: the compliant flows (kind "pass") are the inventory's. */
static char *results_of(const char *sarif)
{
    return results_with(sarif, false);
}

/* Every notification text of run 0, one per line (owned). */
static char *notices_of(const char *sarif)
{
    json_t *root = json_load_file(sarif, 0, NULL);
    cr_assert_not_null(root);
    json_t *inv = json_array_get(json_object_get(json_array_get(json_object_get(root, "runs"), 0),
                                                 "invocations"), 0);
    json_t *ns = json_object_get(inv, "toolExecutionNotifications");
    size_t cap = 4096, len = 0, i;
    char *out = calloc(1, cap);
    json_t *n;
    json_array_foreach(ns, i, n) {
        const char *t = json_string_value(json_object_get(json_object_get(n, "message"), "text"));
        size_t k = strlen(t ? t : "");
        if (len + k + 2 > cap)
            out = realloc(out, cap = (len + k + 2) * 2);
        memcpy(out + len, t ? t : "", k);
        len += k;
        out[len++] = '\n';
        out[len] = 0;
    }
    json_decref(root);
    return out;
}

/* Extract CORPUS as N shards under base, link them to out; returns the
 * link's notifications. */
static char *extract_and_link(const char *base, int n, const char *src, const char *out)
{
    char *dirs[16];
    for (int k = 1; k <= n; k++) {
        char shard[32];
        dirs[k - 1] = malloc(PATH_MAX);
        snprintf(dirs[k - 1], PATH_MAX, "%s/n%d-%d", base, n, k);
        snprintf(shard, sizeof shard, "%d/%d", k, n);
        vg_run r = vigie("scan", "-q", "--shard", shard, "--extract", dirs[k - 1], src, NULL);
        cr_assert_eq(r.status, 0, "extracting shard %s failed: %s", shard, r.err);
        vg_run_free(&r);
    }
    char *argv[32] = {VIGIE_BIN, "link", "-q", "-f", "sarif", "-o", (char *)out};
    int a = 7;
    for (int k = 0; k < n; k++)
        argv[a++] = dirs[k];
    argv[a] = NULL;
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 900, &r), 0);
    cr_assert(r.status == 0 || r.status == 1, "link of %d shards exited %d: %s", n, r.status,
              r.err);
    vg_run_free(&r);
    for (int k = 0; k < n; k++)
        free(dirs[k]);
    return notices_of(out);
}

Test(link, shards_extracted_and_linked_give_the_one_machine_results, .timeout = 3000)
{
    char base[64], one[128], linked[128];
    tmpdir(base, sizeof base);
    snprintf(one, sizeof one, "%s/one.sarif", base);
    vg_run r = vigie("scan", "-q", "-f", "sarif", "-o", one, CORPUS, NULL);
    cr_assert_eq(r.status, 1, "the corpus has findings: %s", r.err);
    vg_run_free(&r);
    /* Compliant flows included: the inventory of a linked run is the one
     * machine's too. */
    char *want = results_with(one, true), *one_notes = notices_of(one);
    /* The cross-file cases are in it, with their code flows: a split that
     * lost them would differ. */
    cr_assert(strstr(want, "xfile_sink_in_other_unit/notify.c"), "cross-unit finding present");
    cr_assert(strstr(want, "\"codeFlows\""));
    cr_assert(strstr(want, "\"kind\":\"pass\""), "compliant flows present");
    const int splits[] = {2, 3, 5, 7};
    for (size_t i = 0; i < 4; i++) {
        snprintf(linked, sizeof linked, "%s/linked-%d.sarif", base, splits[i]);
        char *notes = extract_and_link(base, splits[i], CORPUS, linked);
        char *got = results_with(linked, true);
        if (strcmp(got, want)) {
            /* Say where: the first result that differs, and what the link
             * noticed (a unit that failed to parse in one run only). */
            size_t at = 0;
            while (got[at] && got[at] == want[at])
                at++;
            size_t from = at > 300 ? at - 300 : 0;
            cr_expect_fail("%d shards linked differ from one machine at byte %zu:\n"
                           "one machine: %.900s\nlinked:      %.900s\n"
                           "one machine's notices:\n%s\nlink notices:\n%s",
                           splits[i], at, want + from, got + from, one_notes, notes);
        }
        cr_expect_null(strstr(notes, "left out"), "%d shards: %s", splits[i], notes);
        cr_expect_null(strstr(notes, "missing"), "%d shards: %s", splits[i], notes);
        free(got);
        free(notes);
    }
    free(want);
    free(one_notes);
    rm_tree(base);
}

Test(link, shard_alone_says_cross_shard_flows_are_not_followed)
{
    char base[64], out[128];
    tmpdir(base, sizeof base);
    snprintf(out, sizeof out, "%s/s.sarif", base);
    vg_run r = vigie("scan", "--shard", "1/3", "-f", "sarif", "-o", out, XFILE, NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    cr_expect(strstr(r.err, "does not follow data flows"), "stderr says so: %s", r.err);
    char *notes = notices_of(out);
    cr_expect(strstr(notes, "shard 1 of 3") && strstr(notes, "not followed"), "%s", notes);
    free(notes);
    vg_run_free(&r);
    rm_tree(base);
}

/* A copy of the cross-file case, extracted as two shards in base/s1, s2. */
static void extract_copy(const char *base, char *src, size_t n)
{
    snprintf(src, n, "%s/src", base);
    cr_assert_eq(mkdir(src, 0777), 0);
    const char *files[] = {"main.c", "notify.c"};
    for (int i = 0; i < 2; i++) {
        char from[PATH_MAX], to[PATH_MAX], cmd[3 * PATH_MAX];
        snprintf(from, sizeof from, "%s/%s", XFILE, files[i]);
        snprintf(to, sizeof to, "%s/%s", src, files[i]);
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
        cr_assert_eq(system(cmd), 0);
    }
    for (int k = 1; k <= 2; k++) {
        char dir[PATH_MAX], shard[8];
        snprintf(dir, sizeof dir, "%s/s%d", base, k);
        snprintf(shard, sizeof shard, "%d/2", k);
        vg_run r = vigie("scan", "-q", "--shard", shard, "--extract", dir, src, NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        vg_run_free(&r);
    }
}

/* Link base/s1 base/s2 (plus extra arguments); returns the notifications
 * and fills *results. */
static char *link_copy(const char *base, const char *extra, char **results)
{
    char s1[PATH_MAX], s2[PATH_MAX], out[PATH_MAX];
    snprintf(s1, sizeof s1, "%s/s1", base);
    snprintf(s2, sizeof s2, "%s/s2", base);
    snprintf(out, sizeof out, "%s/l.sarif", base);
    vg_run r = extra ? vigie("link", extra, "-f", "sarif", "-o", out, s1, s2, NULL)
                     : vigie("link", "-f", "sarif", "-o", out, s1, s2, NULL);
    cr_assert(r.status == 0 || r.status == 1, "the link ran (exit %d): %s", r.status, r.err);
    vg_run_free(&r);
    if (results)
        *results = results_of(out);
    return notices_of(out);
}

/* The one entry of a kind ("main.c" unit, a manifest...) in dir whose
 * content contains needle. */
static void entry_with(const char *dir, const char *needle, char *out, size_t n)
{
    char cmd[2 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "grep -l -F -- '%s' '%s'/*.vgflow | head -n 1", needle, dir);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    cr_assert_not_null(fgets(out, (int)n, p), "no entry in %s holds %s", dir, needle);
    out[strcspn(out, "\n")] = 0;
    pclose(p);
}

static void rewrite(const char *path, const char *from, const char *to)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = 0;
    char *at = strstr(buf, from);
    cr_assert_not_null(at, "%s holds %s", path, from);
    f = fopen(path, "wb");
    fwrite(buf, 1, (size_t)(at - buf), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
}

Test(link, a_good_split_links_to_the_cross_unit_finding)
{
    char base[64], src[128];
    tmpdir(base, sizeof base);
    extract_copy(base, src, sizeof src);
    char *res;
    char *notes = link_copy(base, NULL, &res);
    cr_expect(strstr(res, "MSG002"), "the cross-unit MSG002 is found: %s", res);
    cr_expect_null(strstr(notes, "left out"), "%s", notes);
    free(res);
    free(notes);
    rm_tree(base);
}

Test(link, truncated_entry_is_reported_not_trusted)
{
    char base[64], src[128], e[PATH_MAX], s1[PATH_MAX + 8];
    tmpdir(base, sizeof base);
    extract_copy(base, src, sizeof src);
    for (int k = 1; k <= 2; k++) {
        snprintf(s1, sizeof s1, "%s/s%d", base, k);
        char cmd[PATH_MAX * 2];
        snprintf(cmd, sizeof cmd, "grep -l -F 'notify.c' '%s'/*.vgflow > /dev/null", s1);
        if (system(cmd) == 0)
            break;
    }
    entry_with(s1, "send_sms", e, sizeof e);      /* the unit that sends */
    struct stat st;
    cr_assert_eq(stat(e, &st), 0);
    cr_assert_eq(truncate(e, st.st_size / 2), 0);
    char *res;
    char *notes = link_copy(base, NULL, &res);
    cr_expect(strstr(notes, "truncated or corrupt") && strstr(notes, e), "%s", notes);
    cr_expect_null(strstr(res, "MSG002"), "a half unit is not linked: %s", res);
    free(res);
    free(notes);
    rm_tree(base);
}

Test(link, killed_extraction_job_is_reported_missing)
{
    char base[64], src[128], m[PATH_MAX + 32], tmp[PATH_MAX + 64], s2[PATH_MAX];
    tmpdir(base, sizeof base);
    extract_copy(base, src, sizeof src);
    /* What a job killed while writing leaves: a temporary entry and no
     * manifest (it is written last). */
    snprintf(s2, sizeof s2, "%s/s2", base);
    snprintf(m, sizeof m, "%s/manifest-2-of-2.vgflow", s2);
    cr_assert_eq(unlink(m), 0);
    snprintf(tmp, sizeof tmp, "%s/0123456789abcdef.vgflow.4242.4242.tmp", s2);
    FILE *f = fopen(tmp, "w");
    cr_assert_not_null(f);
    fputs(VG_FLOW_FORMAT "\n5:0.1.0 ", f);
    fclose(f);
    char *notes = link_copy(base, NULL, NULL);
    cr_expect(strstr(notes, "half-written") && strstr(notes, tmp), "%s", notes);
    cr_expect(strstr(notes, "shard 2 of 2 is missing"), "%s", notes);
    free(notes);
    rm_tree(base);
}

Test(link, stale_entry_is_reported_when_its_source_changed)
{
    char base[64], src[128], path[PATH_MAX];
    tmpdir(base, sizeof base);
    extract_copy(base, src, sizeof src);
    snprintf(path, sizeof path, "%s/notify.c", src);
    FILE *f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs("/* edited after the extraction */\n", f);
    fclose(f);
    char *notes = link_copy(base, NULL, NULL);
    cr_expect(strstr(notes, "stale") && strstr(notes, "notify.c changed since it was extracted"),
              "%s", notes);
    free(notes);
    rm_tree(base);
}

Test(link, entries_of_another_format_or_version_or_ruleset_are_reported)
{
    char base[64], src[128], s1[PATH_MAX], e[PATH_MAX];
    tmpdir(base, sizeof base);
    extract_copy(base, src, sizeof src);
    snprintf(s1, sizeof s1, "%s/s1", base);
    char s2[PATH_MAX];
    snprintf(s2, sizeof s2, "%s/s2", base);
    entry_with(s1, VG_FLOW_FORMAT, e, sizeof e);
    rewrite(e, VG_FLOW_FORMAT, "VGFLOW14");      /* an earlier --cache format */
    char e2[PATH_MAX];
    entry_with(s2, VG_FLOW_FORMAT, e2, sizeof e2);
    char ver[64];
    snprintf(ver, sizeof ver, "%zu:%s ", strlen(VIGIE_VERSION_STR), VIGIE_VERSION_STR);
    rewrite(e2, ver, "5:9.9.9 ");
    char *notes = link_copy(base, NULL, NULL);
    cr_expect(strstr(notes, "written in format VGFLOW14") && strstr(notes, e), "%s", notes);
    cr_expect(strstr(notes, "extracted by vigie 9.9.9") && strstr(notes, e2), "%s", notes);
    free(notes);
    /* The same extraction linked with another masking setting. */
    notes = link_copy(base, "--show-personal-data", NULL);
    cr_expect(strstr(notes, "another ruleset or --show-personal-data"), "%s", notes);
    free(notes);
    rm_tree(base);
}

Test(link, a_unit_extracted_twice_is_linked_once)
{
    char base[64], src[128], dirs[2][PATH_MAX], out[PATH_MAX], s1[PATH_MAX];
    tmpdir(base, sizeof base);
    extract_copy(base, src, sizeof src);
    for (int i = 0; i < 2; i++) {
        snprintf(dirs[i], sizeof dirs[i], "%s/whole%d", base, i);
        vg_run r = vigie("scan", "-q", "--extract", dirs[i], src, NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        vg_run_free(&r);
    }
    snprintf(out, sizeof out, "%s/d.sarif", base);
    vg_run r = vigie("link", "-f", "sarif", "-o", out, dirs[0], dirs[1], NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    vg_run_free(&r);
    char *notes = notices_of(out), *res = results_of(out);
    cr_expect(strstr(notes, "was extracted more than once"), "%s", notes);
    cr_expect(strstr(notes, "shard 1 of 1 given twice"), "%s", notes);
    /* Once: the MSG002 result is there a single time. */
    const char *first = strstr(res, "\"MSG002\"");
    cr_expect(first && !strstr(first + 1, "\"MSG002\""), "%s", res);
    free(notes);
    free(res);
    /* A whole extraction mixed with a shard of a split. */
    snprintf(s1, sizeof s1, "%s/s1", base);
    r = vigie("link", "-f", "sarif", "-o", out, dirs[0], s1, NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    vg_run_free(&r);
    notes = notices_of(out);
    cr_expect(strstr(notes, "a split into 2 shards mixed with one into 1"), "%s", notes);
    cr_expect(strstr(notes, "shard 2 of 2 is missing"), "%s", notes);
    free(notes);
    rm_tree(base);
}

Test(link, help_of_link_and_cc_teaches_usage)
{
    const char *cmds[] = {"link", "cc"};
    for (int i = 0; i < 2; i++) {
        vg_run r = vigie(cmds[i], "--help", NULL);
        cr_expect_eq(r.status, 0, "%s --help", cmds[i]);
        cr_expect(strstr(r.out, "Usage: vigie") && strstr(r.out, "--extract"), "%s", r.out);
        vg_run_free(&r);
    }
    vg_run r = vigie("cc", "--", "cc", "--version", NULL);
    cr_expect_eq(r.status, 2, "--extract is required");
    cr_expect(strstr(r.err, "--extract DIR is required"), "%s", r.err);
    vg_run_free(&r);
}

Test(link, missing_directory_is_an_input_error)
{
    vg_run r = vigie("link", "/nonexistent/vg-extraction", NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "/nonexistent/vg-extraction"), "%s", r.err);
    vg_run_free(&r);
}

Test(cc, wrapper_runs_the_compiler_and_extracts_what_it_compiled)
{
    char base[64], src[128], dir[PATH_MAX], obj[PATH_MAX], out[PATH_MAX], c[PATH_MAX];
    tmpdir(base, sizeof base);
    extract_copy(base, src, sizeof src);
    snprintf(dir, sizeof dir, "%s/cc", base);
    const char *files[] = {"main.c", "notify.c"};
    for (int i = 0; i < 2; i++) {
        snprintf(c, sizeof c, "%s/%s", src, files[i]);
        snprintf(obj, sizeof obj, "%s/%d.o", base, i);
        vg_run r = vigie("cc", "--extract", dir, "--", "cc", "-c", "-o", obj, c, NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_expect_eq(access(obj, F_OK), 0, "the compiler ran and wrote %s", obj);
        vg_run_free(&r);
    }
    snprintf(out, sizeof out, "%s/cc.sarif", base);
    vg_run r = vigie("link", "-f", "sarif", "-o", out, dir, NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    vg_run_free(&r);
    char *res = results_of(out);
    cr_expect(strstr(res, "MSG002"), "the cross-unit finding through the wrapper: %s", res);
    free(res);
    /* A failing compile keeps the compiler's status and extracts nothing. */
    snprintf(c, sizeof c, "%s/broken.c", src);
    FILE *f = fopen(c, "w");
    fputs("int main(void) { return undefined_thing; }\n", f);
    fclose(f);
    r = vigie("cc", "--extract", dir, "--", "cc", "-c", "-o", obj, c, NULL);
    cr_expect_neq(r.status, 0);
    cr_expect_neq(r.status, 2, "the compiler's own status (1), not vigie's");
    vg_run_free(&r);
    rm_tree(base);
}

/* ---- inputs other than the unit's own file ---- */

static void put(const char *dir, const char *rel, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static void mkdirs(const char *base, const char *const *rel, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char d[PATH_MAX];
        snprintf(d, sizeof d, "%s/%s", base, rel[i]);
        cr_assert_eq(mkdir(d, 0777), 0, "%s", d);
    }
}

/* Link the one extraction dir into base/h.sarif, run in base (the
 * directory the extraction's relative paths are relative to);
 * notifications, and the results in *res. */
static char *link_one(const char *base, const char *dir, char **res)
{
    char out[PATH_MAX], cmd[3 * PATH_MAX];
    snprintf(out, sizeof out, "%s/h.sarif", base);
    snprintf(cmd, sizeof cmd, "cd '%s' && exec '%s' link -f sarif -o '%s' '%s'", base,
             VIGIE_BIN, out, dir);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 300, &r), 0);
    cr_assert(r.status == 0 || r.status == 1, "the link ran (exit %d): %s", r.status, r.err);
    vg_run_free(&r);
    *res = results_of(out);
    return notices_of(out);
}

/* The header logs what it is given in v1 and drops it in v2 (a different
 * size too, so that no size-and-time shortcut can hide the change). */
static const char pat_logs[] = "#include <syslog.h>\n"
                               "struct patient { char nam[13]; };\n"
                               "#define REPORT(x) syslog(LOG_INFO, \"%s\", (x))\n";
static const char pat_quiet[] = "struct patient { char nam[13]; };\n"
                                "#define REPORT(x) ((void)(x))\n";

/* base/proj/src/a.c includes "pat.h", found only through -I../inc. */
static void header_tree(const char *base)
{
    const char *dirs[] = {"proj", "proj/src", "proj/inc", "proj/build"};
    mkdirs(base, dirs, 4);
    char inc[PATH_MAX];
    snprintf(inc, sizeof inc, "%s/proj/inc", base);
    put(inc, "pat.h", pat_logs);
    char src[PATH_MAX];
    snprintf(src, sizeof src, "%s/proj/src", base);
    put(src, "a.c", "#include \"pat.h\"\n"
                    "void log_patient(struct patient *p) { REPORT(p->nam); }\n");
}

Test(link, a_header_changed_since_the_extraction_makes_it_stale)
{
    char base[64], db[PATH_MAX], dir[PATH_MAX], src[PATH_MAX], inc[PATH_MAX];
    tmpdir(base, sizeof base);
    header_tree(base);
    snprintf(db, sizeof db, "%s/proj/build", base);
    char json[3 * PATH_MAX];
    snprintf(json, sizeof json, "[{\"directory\": \"%s\", \"file\": \"../src/a.c\", "
             "\"command\": \"cc -I../inc -c ../src/a.c -o a.o\"}]\n", db);
    put(db, "compile_commands.json", json);
    snprintf(dir, sizeof dir, "%s/x", base);
    snprintf(src, sizeof src, "%s/proj/src", base);
    vg_run r = vigie("scan", "-q", "-p", db, "--extract", dir, src, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    char *res, *notes = link_one(base, dir, &res);
    cr_expect(strstr(res, "LOG002"), "the header's syslog() is seen: %s", res);
    cr_expect_null(strstr(notes, "stale"), "%s", notes);
    free(res);
    free(notes);
    /* Only the header changes: the unit read it, so its entry is stale. */
    snprintf(inc, sizeof inc, "%s/proj/inc", base);
    put(inc, "pat.h", pat_quiet);
    notes = link_one(base, dir, &res);
    cr_expect(strstr(notes, "stale") && strstr(notes, "pat.h changed since it was extracted"),
              "%s", notes);
    cr_expect_null(strstr(res, "LOG002"), "a stale unit is not linked: %s", res);
    free(res);
    free(notes);
    rm_tree(base);
}

/* A database whose "directory" is relative (to where vigie runs): the
 * unit's headers are found relative to it, and so must its inputs'
 * fingerprints be, or every header reads as missing and the entry is
 * always stale. */
Test(link, a_relative_database_directory_keeps_header_fingerprints_valid)
{
    char base[64], db[PATH_MAX], inc[PATH_MAX];
    tmpdir(base, sizeof base);
    header_tree(base);
    snprintf(db, sizeof db, "%s/proj/build", base);
    put(db, "compile_commands.json",
        "[{\"directory\": \"proj/build\", \"file\": \"../src/a.c\", "
        "\"command\": \"cc -I../inc -c ../src/a.c -o a.o\"}]\n");
    char cmd[3 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "cd '%s' && exec '%s' scan -q -p proj/build --extract x proj/src",
             base, VIGIE_BIN);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 300, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/x", base);
    char *res, *notes = link_one(base, dir, &res);
    cr_expect_null(strstr(notes, "stale"), "fresh right after the extraction: %s", notes);
    cr_expect_null(strstr(notes, "-Xclang"), "an option taken for a directory: %s", notes);
    cr_expect(strstr(res, "LOG002"), "%s", res);
    free(res);
    free(notes);
    snprintf(inc, sizeof inc, "%s/proj/inc", base);
    put(inc, "pat.h", pat_quiet);
    notes = link_one(base, dir, &res);
    cr_expect(strstr(notes, "proj/inc/pat.h changed since it was extracted"), "%s", notes);
    free(res);
    free(notes);
    rm_tree(base);
}

/* The build recompiles a.o when pat.h changes (its dependency file says
 * so); the wrapper then runs with the same command and the same, unchanged
 * a.c, and must extract again rather than keep the entry of a.c. */
Test(cc, a_changed_header_is_extracted_again_when_the_build_recompiles)
{
    char base[64], dir[PATH_MAX], obj[PATH_MAX], c[PATH_MAX], inc[256], iflag[264];
    tmpdir(base, sizeof base);
    header_tree(base);
    snprintf(dir, sizeof dir, "%s/cc", base);
    snprintf(obj, sizeof obj, "%s/a.o", base);
    snprintf(c, sizeof c, "%s/proj/src/a.c", base);
    snprintf(inc, sizeof inc, "%s/proj/inc", base);
    snprintf(iflag, sizeof iflag, "-I%s", inc);
    vg_run r = vigie("cc", "--extract", dir, "--root", base, "--", "cc", iflag, "-c", "-o", obj,
                     c, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    char *res, *notes = link_one(base, dir, &res);
    cr_expect(strstr(res, "LOG002"), "%s", res);
    free(res);
    free(notes);
    put(inc, "pat.h", pat_quiet);
    notes = link_one(base, dir, &res);
    cr_expect(strstr(notes, "pat.h changed since it was extracted"), "before the rebuild: %s",
              notes);
    free(res);
    free(notes);
    r = vigie("cc", "--extract", dir, "--root", base, "--", "cc", iflag, "-c", "-o", obj, c,
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    notes = link_one(base, dir, &res);
    cr_expect_null(strstr(notes, "stale"), "extracted again: %s", notes);
    cr_expect_null(strstr(res, "LOG002"), "the new header no longer logs: %s", res);
    free(res);
    free(notes);
    /* and back: the finding returns with the header that logs */
    put(inc, "pat.h", pat_logs);
    r = vigie("cc", "--extract", dir, "--root", base, "--", "cc", iflag, "-c", "-o", obj, c,
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    notes = link_one(base, dir, &res);
    cr_expect(strstr(res, "LOG002"), "%s", res);
    cr_expect_null(strstr(notes, "stale"), "%s", notes);
    free(res);
    free(notes);
    rm_tree(base);
}

/* Run sh -c cmd; fails the test unless it exited 0. */
static void sh_ok(const char *cmd)
{
    char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 900, &r), 0);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    vg_run_free(&r);
}

/* Issue 16: vigie cc never changes the working directory. Run from
 * proj/build with --root proj, it reports paths relative to proj exactly
 * as a run from proj itself does (the flow finding and the text
 * checker's, whose file vigie cc hands over as an absolute path), and a
 * relative --extract and -o land in proj/build, where it was started. */
Test(cc, root_reports_relative_paths_without_changing_the_working_directory)
{
    char base[64], proj[128], src[256], cmd[4 * PATH_MAX], path[PATH_MAX];
    tmpdir(base, sizeof base);
    header_tree(base);
    snprintf(proj, sizeof proj, "%s/proj", base);
    snprintf(src, sizeof src, "%s/src", proj);
    put(src, "a.c", "#include \"pat.h\"\n"
                    "const char *nam = \"TREM 5405 1511\";\n"
                    "void log_patient(struct patient *p) { REPORT(p->nam); }\n");
    /* as before: started in the root, relative source and include path */
    snprintf(cmd, sizeof cmd, "cd '%s' && exec '%s' cc --extract ref -- cc -Iinc -c -o ref.o "
             "src/a.c", proj, VIGIE_BIN);
    sh_ok(cmd);
    /* from elsewhere: relative --extract and -o, absolute source */
    snprintf(cmd, sizeof cmd, "cd '%s/build' && exec '%s' cc --extract x --root .. -- cc "
             "-I../inc -c -o a.o '%s/a.c'", proj, VIGIE_BIN, src);
    sh_ok(cmd);
    snprintf(path, sizeof path, "%s/build/a.o", proj);
    cr_expect_eq(access(path, F_OK), 0, "-o a.o is relative to where vigie cc started");
    snprintf(path, sizeof path, "%s/build/x", proj);
    cr_expect_eq(access(path, F_OK), 0, "--extract x is relative to where vigie cc started");
    snprintf(path, sizeof path, "%s/x", proj);
    cr_expect_neq(access(path, F_OK), 0, "nothing written under --root");
    snprintf(path, sizeof path, "%s/a.o", proj);
    cr_expect_neq(access(path, F_OK), 0, "nothing written under --root");

    snprintf(path, sizeof path, "%s/ref", proj);
    char *ref, *notes = link_one(proj, path, &ref);
    free(notes);
    snprintf(path, sizeof path, "%s/build/x", proj);
    char *res;
    notes = link_one(proj, path, &res);
    cr_expect(strstr(res, "LOG002"), "the flow finding: %s", res);
    cr_expect(strstr(res, "DSC004"), "the text checker's finding: %s", res);
    cr_expect(strstr(res, "\"src/a.c\""), "relative to --root: %s", res);
    cr_expect_null(strstr(res, base), "no absolute path: %s", res);
    cr_expect_null(strstr(notes, "stale"), "%s", notes);
    cr_expect_str_eq(res, ref, "the same report as a run from the root");
    free(res);
    free(ref);
    free(notes);
    rm_tree(base);
}

/* Issue 16: libclang gets a unit's "directory" as -working-directory and
 * no longer moves the process into it (vg_compdb.c), so nothing has to
 * come back: a relative -o, written after the analysis, lands where the
 * scan was started, not in the unit's directory. */
Test(scan, a_unit_of_another_directory_leaves_the_working_directory_alone)
{
    char base[64], db[PATH_MAX], json[3 * PATH_MAX], cmd[4 * PATH_MAX], path[PATH_MAX];
    tmpdir(base, sizeof base);
    header_tree(base);
    snprintf(db, sizeof db, "%s/proj/build", base);
    snprintf(json, sizeof json, "[{\"directory\": \"%s\", \"file\": \"../src/a.c\", "
             "\"command\": \"cc -I../inc -c ../src/a.c -o a.o\"}]\n", db);
    put(db, "compile_commands.json", json);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' scan -q -f sarif -p proj/build -o out.sarif "
             "proj/src; test $? -le 1", base, VIGIE_BIN);
    sh_ok(cmd);
    snprintf(path, sizeof path, "%s/proj/build/out.sarif", base);
    cr_expect_neq(access(path, F_OK), 0, "-o followed the unit into its directory");
    snprintf(path, sizeof path, "%s/out.sarif", base);
    cr_assert_eq(access(path, F_OK), 0, "-o out.sarif is relative to where the scan started");
    char *res = results_of(path);
    cr_expect(strstr(res, "LOG002"), "the unit was analysed: %s", res);
    cr_expect(strstr(res, "\"proj/src/a.c\""), "relative to the start directory: %s", res);
    free(res);
    rm_tree(base);
}

/* A configuration's findings depend on the files it includes, and a
 * fragment's on the main file it is checked through: a change to either
 * makes the entry stale, though the scanned file itself is unchanged. */
Test(link, a_changed_included_config_file_makes_the_extraction_stale)
{
    char base[64], ng[128], dir[PATH_MAX], main_conf[256];
    tmpdir(base, sizeof base);
    const char *dirs[] = {"nginx", "nginx/snippets", "nginx/conf.d"};
    mkdirs(base, dirs, 3);
    snprintf(ng, sizeof ng, "%s/nginx", base);
    put(ng, "nginx.conf", "events {}\nhttp {\n    include snippets/tls.inc;\n"
                          "    include conf.d/*.conf;\n}\n");
    put(ng, "snippets/tls.inc", "ssl_protocols TLSv1 TLSv1.2;\n");
    put(ng, "conf.d/site.conf", "server {\n    listen 443 ssl;\n    server_name portail.test;\n"
                                "}\n");
    /* 1. the main file alone: its include is an input */
    snprintf(dir, sizeof dir, "%s/x-main", base);
    snprintf(main_conf, sizeof main_conf, "%s/nginx.conf", ng);
    vg_run r = vigie("scan", "-q", "--extract", dir, main_conf, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    char *res, *notes = link_one(base, dir, &res);
    cr_expect(strstr(res, "TLS002"), "TLSv1 through the include: %s", res);
    cr_expect_null(strstr(notes, "stale"), "%s", notes);
    free(res);
    free(notes);
    put(ng, "snippets/tls.inc", "ssl_protocols TLSv1.3;\n");
    notes = link_one(base, dir, &res);
    cr_expect(strstr(notes, "tls.inc changed since it was extracted"), "%s", notes);
    cr_expect_null(strstr(res, "TLS002"), "a stale entry is not linked: %s", res);
    free(res);
    free(notes);
    /* 2. the fragment alone: the main file it inherits from is an input */
    char frag[256];
    snprintf(dir, sizeof dir, "%s/x-frag", base);
    snprintf(frag, sizeof frag, "%s/conf.d/site.conf", ng);
    r = vigie("scan", "-q", "--extract", dir, frag, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    vg_run_free(&r);
    notes = link_one(base, dir, &res);
    cr_expect_null(strstr(notes, "stale"), "%s", notes);
    free(res);
    free(notes);
    put(ng, "nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n");
    notes = link_one(base, dir, &res);
    cr_expect(strstr(notes, "nginx.conf changed since it was extracted"), "%s", notes);
    free(res);
    free(notes);
    rm_tree(base);
}
