/*
 * The labelled C/C++ corpus (fixtures/code): every `// expect: RULE` comment
 * names a finding the analysis must report on that line; every other
 * finding is a false positive. Each single file is analysed alone, as its
 * own program, with default flags; each directory as one program with a compilation database
 * written here (paths in it must be absolute). Every file also goes
 * through the text checker (DSC004, hard-coded identifiers), as
 * vg_scan_paths would run it, and its findings are scored against the
 * same labels. Precision and recall are printed and must both reach 0.95.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_detect.h"
#include "vg_flow.h"
#include "vg_ruleset.h"
#include "vg_scan.h"

#define CORPUS VG_SOURCE_DIR "/fixtures/code"

typedef struct label {
    char file[PATH_MAX + NAME_MAX + 2];
    int line;
    char rule[16];
    int suppressed;     /* expect-suppressed: reported, with a suppression */
    int matched;
} label;

static label labels[2048];
static size_t nlabels;

static void read_labels(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        char *m = strstr(line, "// expect");
        if (!m)
            continue;
        int sup = strncmp(m, "// expect-suppressed:", 21) == 0;
        char *p = strchr(m, ':');
        if (!p)
            continue;
        for (char *tok = strtok(p + 1, ", \t\n"); tok; tok = strtok(NULL, ", \t\n")) {
            cr_assert_lt(nlabels, sizeof labels / sizeof labels[0]);
            label *l = &labels[nlabels++];
            snprintf(l->file, sizeof l->file, "%s", path);
            l->line = n;
            snprintf(l->rule, sizeof l->rule, "%s", tok);
            l->suppressed = sup;
        }
    }
    fclose(f);
}

static int is_code(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".c") || !strcmp(dot, ".cpp") || !strcmp(dot, ".h"));
}

typedef struct tally {
    int tp, fp, fn, parse_errors;
} tally;

static void score(const vg_findings *fs, tally *t)
{
    for (size_t i = 0; i < fs->nnotices; i++)
        if (strstr(fs->notices[i].message, "compile error") ||
            strstr(fs->notices[i].message, "could not parse")) {
            t->parse_errors++;
            fprintf(stderr, "corpus: parse problem: %s\n", fs->notices[i].message);
        }
    for (size_t i = 0; i < fs->count; i++) {
        const vg_finding *f = &fs->items[i];
        if (vg_finding_is_pass(f))
            continue;       /* a compliant flow, for the inventory: not a finding */
        char real[PATH_MAX];
        if (!f->loc.uri || !realpath(f->loc.uri, real))
            snprintf(real, sizeof real, "%s", f->loc.uri ? f->loc.uri : "");
        int hit = 0;
        for (size_t j = 0; j < nlabels && !hit; j++) {
            label *l = &labels[j];
            if (l->matched || l->line != f->loc.line || strcmp(l->rule, f->rule_id) ||
                strcmp(l->file, real) || l->suppressed != (f->suppression != NULL))
                continue;
            l->matched = hit = 1;
        }
        if (hit)
            t->tp++;
        else {
            t->fp++;
            fprintf(stderr, "corpus: false positive: %s:%d %s %s\n", real, f->loc.line, f->rule_id,
                        f->suppression ? "(suppressed)" : "");
        }
    }
}

/* Run the text checker on each file, as the scan driver does for every
 * readable file, adding its findings to fs. */
static void scan_texts(const vg_scan_opts *o, vg_detect_ctx *dctx, const char *const *paths,
                       size_t n, vg_findings *fs)
{
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "rb");
        cr_assert_not_null(f, "cannot open %s", paths[i]);
        char *buf = NULL;
        size_t len = 0, cap = 0, got;
        do {
            if (len + 4096 > cap) {
                cap = cap ? cap * 2 : 8192;
                buf = realloc(buf, cap);
                cr_assert_not_null(buf);
            }
            got = fread(buf + len, 1, cap - len, f);
            len += got;
        } while (got);
        fclose(f);
        cr_assert_eq(vg_scan_text(o, dctx, paths[i], buf, len, fs), 0,
                     "text check of %s failed", paths[i]);
        free(buf);
    }
}

static void write_compdb(const char *dir, char names[][NAME_MAX + 1], size_t n, char *out,
                         size_t outsz)
{
    char tmpl[] = "/tmp/vg-flow-corpus-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    snprintf(out, outsz, "%s/compile_commands.json", tmpl);
    FILE *f = fopen(out, "w");
    cr_assert_not_null(f);
    fputs("[\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s{\"directory\": \"%s\", \"file\": \"%s/%s\", "
                   "\"arguments\": [\"cc\", \"-c\", \"-I%s\", \"-o\", \"x.o\", \"%s\"]}\n",
                i ? "," : "", dir, dir, names[i], dir, names[i]);
    fputs("]\n", f);
    fclose(f);
}

static void remove_compdb(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    unlink(path);
    *strrchr(dir, '/') = 0;
    rmdir(dir);
}

Test(flow_corpus, precision_and_recall_reach_095)
{
    char root[PATH_MAX];
    cr_assert_not_null(realpath(CORPUS, root));
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    vg_scan_opts o = {.rs = rs, .jobs = 2};
    tally t = {0};
    /* The detectors vg_scan_paths gives the text checker. */
    vg_detector *det = vg_detector_new(rs, VG_DETECT_IDS, &err);
    cr_assert_not_null(det, "%s", err.msg);
    vg_detect_ctx *dctx = vg_detect_ctx_new(det);
    cr_assert_not_null(dctx);

    DIR *d = opendir(root);
    cr_assert_not_null(d);
    static char singles[1024][PATH_MAX + NAME_MAX + 2];
    static char dirs[32][PATH_MAX + NAME_MAX + 2];
    size_t nsingles = 0, ndirs = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[PATH_MAX + NAME_MAX + 2];
        struct stat st;
        snprintf(p, sizeof p, "%.3000s/%.255s", root, de->d_name);
        cr_assert_eq(stat(p, &st), 0);
        if (S_ISDIR(st.st_mode) && ndirs < 32)
            snprintf(dirs[ndirs++], sizeof dirs[0], "%s", p);
        else if (is_code(de->d_name)) {
            cr_assert_lt(nsingles, 1024, "corpus: too many single files for the test's table");
            snprintf(singles[nsingles++], sizeof singles[0], "%s", p);
            read_labels(p);
        }
    }
    closedir(d);
    cr_assert_geq(nsingles + ndirs, 200, "the corpus must hold at least 200 cases");

    /* Each single file is a program of its own: two cases that both
     * define log_event() must not see each other's. */
    vg_findings fs;
    for (size_t i = 0; i < nsingles; i++) {
        const char *one[1] = {singles[i]};
        vg_findings_init(&fs);
        cr_assert_eq(vg_flow_scan(&o, one, 1, &fs, &err), 0, "%s", err.msg);
        scan_texts(&o, dctx, one, 1, &fs);
        score(&fs, &t);
        vg_findings_free(&fs);
    }

    for (size_t k = 0; k < ndirs; k++) {
        static char names[64][NAME_MAX + 1];
        static char paths[64][PATH_MAX + NAME_MAX + 2];
        const char *dfiles[64];
        size_t n = 0, nc = 0;
        DIR *dd = opendir(dirs[k]);
        cr_assert_not_null(dd);
        while ((de = readdir(dd)) && n < 64) {
            if (!is_code(de->d_name))
                continue;
            snprintf(paths[n], sizeof paths[n], "%.3000s/%.255s", dirs[k], de->d_name);
            read_labels(paths[n]);
            dfiles[n] = paths[n];
            if (strcmp(strrchr(de->d_name, '.'), ".h"))
                snprintf(names[nc++], NAME_MAX + 1, "%s", de->d_name);
            n++;
        }
        closedir(dd);
        char db[PATH_MAX];
        write_compdb(dirs[k], names, nc, db, sizeof db);
        o.compile_commands = db;
        vg_findings_init(&fs);
        cr_assert_eq(vg_flow_scan(&o, dfiles, n, &fs, &err), 0, "%s", err.msg);
        scan_texts(&o, dctx, dfiles, n, &fs);
        score(&fs, &t);
        vg_findings_free(&fs);
        remove_compdb(db);
        o.compile_commands = NULL;
    }
    for (size_t j = 0; j < nlabels; j++)
        if (!labels[j].matched) {
            t.fn++;
            fprintf(stderr, "corpus: missed (false negative): %s:%d %s\n", labels[j].file, labels[j].line, labels[j].rule);
        }
    double precision = t.tp + t.fp ? (double)t.tp / (t.tp + t.fp) : 0;
    double recall = t.tp + t.fn ? (double)t.tp / (t.tp + t.fn) : 0;
    fprintf(stderr, "flow corpus: %zu cases, %zu labelled findings: TP %d FP %d FN %d, "
                    "precision %.3f recall %.3f\n", nsingles + ndirs, nlabels, t.tp, t.fp,
            t.fn, precision, recall);
    cr_expect_eq(t.parse_errors, 0, "every corpus file must parse");
    cr_expect_geq(precision, 0.95, "precision %.3f", precision);
    cr_expect_geq(recall, 0.95, "recall %.3f", recall);
    vg_detect_ctx_free(dctx);
    vg_detector_free(det);
    vg_ruleset_free(rs);
}
