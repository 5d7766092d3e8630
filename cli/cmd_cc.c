/* vigie cc: a compiler wrapper that extracts each compilation it runs, so
 * the build (make -j, ninja, distcc) spreads the extraction with the
 * compile and an unchanged object keeps its extraction. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vg_compdb.h"
#include "vg_scan.h"

static const char cc_help[] =
"Usage: vigie cc --extract DIR [options] -- COMPILER ARGS...\n"
"\n"
"Run COMPILER ARGS... and, when it succeeds, extract the C/C++ files it\n"
"compiled (with those same flags) into DIR, as 'vigie scan --extract' does;\n"
"'vigie link DIR' then reports on everything the build compiled. Give it\n"
"to the build as the compiler:\n"
"  make CC=\"vigie cc --extract $PWD/vg --root $PWD -- cc\"\n"
"  cmake -DCMAKE_C_COMPILER_LAUNCHER=\"vigie;cc;--extract;$PWD/vg;--root;$PWD;--\"\n"
"A command that compiles nothing (linking, -E, -M) is only run. An entry in\n"
"DIR that is still fresh is kept, so an unchanged file is not walked again.\n"
"\n"
"Options:\n"
"      --extract DIR        where the entries go (required; made absolute)\n"
"      --root DIR           reported paths are relative to DIR, the directory\n"
"                           'vigie link' will run in (default: the current one)\n"
"      --rules FILE         ruleset (the link must use the same)\n"
"      --show-personal-data (the link must use it too)\n"
"  -q, --quiet              no messages\n"
"  -h, --help               this help\n"
"\n"
"Exit status: the compiler's; 2 if the compiler succeeded but its extraction\n"
"could not be written (the build stops rather than lose the unit silently).\n";

/* Options whose value is the next word: that word is never a source. */
static bool takes_value(const char *a)
{
    static const char *const v[] = {"-o", "-MF", "-MT", "-MQ", "-include", "-imacros", "-I",
                                    "-isystem", "-iquote", "-idirafter", "-D", "-U", "-x",
                                    "-Xclang", "-Xpreprocessor", "-Xassembler", "-Xlinker",
                                    "-L", "-l", "-arch", "--param", "-T", "-isysroot",
                                    "--sysroot", "-target", "-B", NULL};
    for (size_t i = 0; v[i]; i++)
        if (strcmp(a, v[i]) == 0)
            return true;
    return false;
}

static bool is_source(const char *w)
{
    static const char *const ext[] = {"c", "cc", "cpp", "cxx", "c++", "C", "cp", NULL};
    const char *dot = strrchr(w, '.');
    if (w[0] == '-' || !dot || strchr(dot, '/'))
        return false;
    for (size_t i = 0; ext[i]; i++)
        if (strcmp(dot + 1, ext[i]) == 0)
            return access(w, R_OK) == 0;
    return false;
}

static bool compiles_nothing(char *const *words, int n)
{
    for (int i = 1; i < n; i++)
        if (!strcmp(words[i], "-E") || !strcmp(words[i], "-M") || !strcmp(words[i], "-MM") ||
            !strcmp(words[i], "--version"))
            return true;
    return false;
}

/* Run the compiler; its exit status (128 + signal if it was killed). */
static int run_compiler(char *const *argv)
{
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s cc: cannot start %s: %s\n", cli_prog, argv[0], strerror(errno));
        return 127;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "%s cc: cannot run %s: %s\n", cli_prog, argv[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return 127;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The database for this command: one entry per source, each with the
 * command's flags but without the other sources. */
static int build_db(char *const *words, int n, const char *cwd, vg_compdb *db, char ***srcs,
                    size_t *nsrc, vg_error *err)
{
    char **src = calloc((size_t)n, sizeof *src);
    const char **w = calloc((size_t)n, sizeof *w);
    size_t k = 0;
    if (!src || !w) {
        free(src);
        free(w);
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    for (int i = 1; i < n; i++) {
        if (takes_value(words[i])) {
            i++;
            continue;
        }
        if (is_source(words[i]))
            src[k++] = words[i];
    }
    int rc = 0;
    for (size_t s = 0; !rc && s < k; s++) {
        size_t m = 0;
        for (int i = 0; i < n; i++) {
            bool other = false;
            for (size_t t = 0; t < k && !other; t++)
                other = t != s && words[i] == src[t];
            if (!other)
                w[m++] = words[i];
        }
        rc = vg_compdb_add(db, cwd, w, m, src[s], err);
    }
    free(w);
    *srcs = src;
    *nsrc = k;
    return rc;
}

/* Extract the sources of the command. Returns 0 or -1 after printing. */
static int extract(const vg_scan_opts *base, char *const *words, int n, const char *root)
{
    char cwd[PATH_MAX];
    vg_compdb db = {0};
    char **srcs = NULL;
    size_t nsrc = 0;
    vg_error err = {0};
    if (!getcwd(cwd, sizeof cwd))
        return fprintf(stderr, "%s cc: cannot get the working directory\n", cli_prog), -1;
    int rc = build_db(words, n, cwd, &db, &srcs, &nsrc, &err);
    char **paths = rc ? NULL : calloc(nsrc ? nsrc : 1, sizeof *paths);
    if (!rc && !paths)
        rc = vg_error_set(&err, VG_ENOMEM, "out of memory");
    /* Absolute paths, reported relative to --root through so.root: the
     * process's working directory is never changed (issue 16), so a
     * relative --extract or -o still means where vigie was started. */
    for (size_t i = 0; !rc && i < db.count; i++)
        if (!(paths[i] = strdup(db.entries[i].file)))
            rc = vg_error_set(&err, VG_ENOMEM, "out of memory");
    vg_scan_opts so = *base;
    so.compdb = &db;
    so.root = root;
    vg_findings fs;
    vg_findings_init(&fs);
    if (!rc && nsrc && vg_scan_paths(&so, paths, db.count, &fs, &err))
        rc = -1;
    if (rc)
        fprintf(stderr, "%s cc: the compilation succeeded but its extraction failed: %s\n",
                cli_prog, err.msg);
    vg_findings_free(&fs);
    for (size_t i = 0; paths && i < db.count; i++)
        free(paths[i]);
    free(paths);
    free(srcs);
    vg_compdb_free(&db);
    return rc;
}

int cmd_cc(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"extract", required_argument, NULL, OPT_EXTRACT},
        {"root", required_argument, NULL, OPT_ROOT},
        {"rules", required_argument, NULL, OPT_RULES},
        {"show-personal-data", no_argument, NULL, OPT_SHOW_PD},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    cli_common c;
    cli_common_init(&c);
    const char *dir = NULL, *root_arg = NULL;
    optind = 1;
    int opt;
    /* '+': stop at the first word that is not ours (the compiler). */
    while ((opt = getopt_long(argc, argv, "+qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(cc_help, stdout);
            return VG_EXIT_OK;
        case OPT_EXTRACT:
            dir = optarg;
            break;
        case OPT_ROOT:
            root_arg = optarg;
            break;
        default:
            if (opt == '?' || cli_common_opt(&c, "cc", opt, optarg) <= 0)
                return cli_usage_error("cc", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("cc", "no compiler given: vigie cc --extract DIR -- cc ARGS...");
    if (!dir)
        return cli_usage_error("cc", "--extract DIR is required");
    char **words = argv + optind;
    int nwords = argc - optind;
    int status = run_compiler(words);
    if (status != 0 || compiles_nothing(words, nwords))
        return status;

    char absdir[2 * PATH_MAX + 2], root[PATH_MAX], cwd[PATH_MAX];
    if (dir[0] == '/')
        snprintf(absdir, sizeof absdir, "%s", dir);
    else if (getcwd(cwd, sizeof cwd))
        snprintf(absdir, sizeof absdir, "%s/%s", cwd, dir);
    else
        return VG_EXIT_USAGE;
    if (!realpath(root_arg ? root_arg : ".", root)) {
        fprintf(stderr, "%s cc: --root %s: %s\n", cli_prog, root_arg ? root_arg : ".",
                strerror(errno));
        return VG_EXIT_USAGE;
    }
    vg_ruleset *rs = cli_load_ruleset(&c, "cc");
    if (!rs)
        return VG_EXIT_USAGE;
    vg_scan_opts so = {.rs = rs, .show_personal_data = c.show_personal_data, .jobs = 1,
                       .cache_dir = absdir, .extract_dir = absdir,
                       .extract_no_manifest = true};
    int rc = extract(&so, words, nwords, root);
    vg_ruleset_free(rs);
    return rc ? VG_EXIT_USAGE : VG_EXIT_OK;
}
