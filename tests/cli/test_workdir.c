/*
 * Paths in reports and on disk do not depend on where the compilation
 * database lives: `scan -p build -o rel.sarif`, run from a third
 * directory, writes rel.sarif there, records that directory as SRCROOT
 * and workingDirectory, and every result's uri resolves, through
 * originalUriBaseIds, to a file that exists.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_test_run.h"
#include "vg_test_sarif.h"

static char root[PATH_MAX / 2];

static void put(const char *rel, const char *fmt, ...)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    cr_assert_eq(fclose(f), 0);
}

static void make_tree(void)
{
    char tmpl[] = "/tmp/vigie-workdir-XXXXXX", real[PATH_MAX];
    cr_assert_not_null(mkdtemp(tmpl));
    cr_assert_not_null(realpath(tmpl, real));
    cr_assert_lt(strlen(real), sizeof root);
    strcpy(root, real);
    const char *dirs[] = {"proj", "proj/src", "proj/inc", "proj/build", "elsewhere"};
    for (size_t i = 0; i < 5; i++) {
        char d[PATH_MAX];
        snprintf(d, sizeof d, "%s/%s", root, dirs[i]);
        cr_assert_eq(mkdir(d, 0700), 0, "%s", d);
    }
    /* pat.h is found only through the entry's relative -I../inc: the
     * LOG002 finding proves the unit was parsed from the entry's directory. */
    put("proj/inc/pat.h", "struct patient { char nam[13]; };\n");
    put("proj/src/a.c", "#include <syslog.h>\n#include \"pat.h\"\n"
        "void log_patient(struct patient *p) { syslog(LOG_INFO, \"%%s\", p->nam); }\n");
    put("proj/src/notes.txt", "Dossier: NAM TREM 5405 1511.\n");
    put("proj/build/compile_commands.json",
        "[{\"directory\": \"%s/proj/build\", \"file\": \"../src/a.c\", "
        "\"command\": \"cc -I../inc -c ../src/a.c -o a.o\"}]\n", root);
}

/* file:///x/y/ + rel -> /x/y/rel; no percent-escapes in this tree. */
static void resolve(const char *base, const char *uri, char *out, size_t cap)
{
    cr_assert(strncmp(base, "file://", 7) == 0, "base %s", base);
    cr_assert_null(strchr(uri, '%'));
    snprintf(out, cap, "%s%s", base + 7, uri);
}

Test(workdir, scan_with_a_database_elsewhere_keeps_paths_of_the_start_directory)
{
    make_tree();
    char cmd[3 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "cd '%s/elsewhere' && exec '%s' scan -q -p ../proj/build "
             "-o rel.sarif ../proj/src", root, VIGIE_BIN);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    vg_run r;
    cr_assert_eq(vg_run_argv(argv, 120, &r), 0);
    cr_expect_eq(r.status, 1, "findings expected; stderr: %s", r.err);
    vg_run_free(&r);

    char out[PATH_MAX], wrong[PATH_MAX];
    snprintf(out, sizeof out, "%s/elsewhere/rel.sarif", root);
    snprintf(wrong, sizeof wrong, "%s/proj/build/rel.sarif", root);
    struct stat st;
    cr_expect_neq(stat(wrong, &st), 0, "-o rel.sarif landed in the database's directory");
    cr_assert_eq(stat(out, &st), 0, "-o rel.sarif is relative to where vigie was started");
    char *errors;
    cr_expect_eq(vg_test_sarif_validate(out, &errors), 0, "%s", errors ? errors : "");
    free(errors);

    json_t *doc = json_load_file(out, 0, NULL);
    cr_assert_not_null(doc);
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    char start[PATH_MAX + 16];
    snprintf(start, sizeof start, "file://%s/elsewhere/", root);
    const char *srcroot = json_string_value(json_object_get(json_object_get(
        json_object_get(run, "originalUriBaseIds"), "SRCROOT"), "uri"));
    cr_assert_not_null(srcroot);
    cr_expect_str_eq(srcroot, start);
    const char *wd = json_string_value(json_object_get(json_object_get(json_array_get(
        json_object_get(run, "invocations"), 0), "workingDirectory"), "uri"));
    cr_assert_not_null(wd);
    cr_expect(strncmp(wd, start, strlen(wd)) == 0 && strlen(wd) + 1 == strlen(start),
              "workingDirectory %s", wd);

    json_t *results = json_object_get(run, "results");
    size_t i, log002 = 0, dsc004 = 0;
    json_t *res;
    cr_expect_geq(json_array_size(results), 2);
    json_array_foreach(results, i, res) {
        const char *rule = json_string_value(json_object_get(res, "ruleId"));
        log002 += !strcmp(rule, "LOG002");
        dsc004 += !strcmp(rule, "DSC004");
        json_t *al = json_object_get(json_object_get(json_array_get(
            json_object_get(res, "locations"), 0), "physicalLocation"), "artifactLocation");
        const char *uri = json_string_value(json_object_get(al, "uri"));
        const char *base = json_string_value(json_object_get(al, "uriBaseId"));
        cr_assert_not_null(uri, "result %zu has no uri", i);
        char path[2 * PATH_MAX];
        if (base) {
            const char *b = json_string_value(json_object_get(json_object_get(
                json_object_get(run, "originalUriBaseIds"), base), "uri"));
            cr_assert_not_null(b, "uriBaseId %s is not declared", base);
            resolve(b, uri, path, sizeof path);
        } else {
            resolve("file://", uri + (strncmp(uri, "file://", 7) ? 0 : 7), path, sizeof path);
        }
        cr_expect_eq(stat(path, &st), 0, "%s result: %s (from %s) does not exist", rule, path,
                     uri);
    }
    cr_expect_eq(log002, 1, "the unit was parsed with the entry's -I (header found)");
    cr_expect_eq(dsc004, 1);
    json_decref(doc);
    char *rm[] = {"/bin/rm", "-rf", root, NULL};
    cr_expect_eq(vg_run_argv(rm, 30, &r), 0);
    vg_run_free(&r);
}

/* Nothing vigie does moves the process: a copy of vigie whose chdir()
 * and fchdir() end it with status 86 (nochdir.c; libclang's calls land
 * there too) runs a scan of a database elsewhere, a compile through
 * `vigie cc` with --root, and the link of what it extracted. */
static int run_in(const char *dir, const char *args, vg_run *r)
{
    char cmd[4 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "cd '%s/%s' && exec '%s' %s", root, dir, VIGIE_NOCHDIR_BIN, args);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    cr_assert_eq(vg_run_argv(argv, 120, r), 0);
    return r->status;
}

Test(workdir, no_command_changes_the_working_directory)
{
    make_tree();
    vg_run r;
    int st = run_in("elsewhere", "scan -q -p ../proj/build -o rel.sarif ../proj/src", &r);
    cr_expect_eq(st, 1, "scan: status %d (86: it called chdir); stderr: %s", st, r.err);
    vg_run_free(&r);
    char args[3 * PATH_MAX];
    snprintf(args, sizeof args, "cc -q --extract '%s/elsewhere/x' --root .. -- cc -I../inc "
             "-c ../src/a.c -o a.o", root);
    st = run_in("proj/build", args, &r);
    cr_expect_eq(st, 0, "cc: status %d (86: it called chdir); stderr: %s", st, r.err);
    vg_run_free(&r);
    st = run_in("proj", "link -q -o linked.sarif ../elsewhere/x", &r);
    cr_expect_eq(st, 1, "link: status %d (86: it called chdir); stderr: %s", st, r.err);
    vg_run_free(&r);
    char *rm[] = {"/bin/rm", "-rf", root, NULL};
    cr_expect_eq(vg_run_argv(rm, 30, &r), 0);
    vg_run_free(&r);
}
