/*
 * Hostile input through the command line (issue 16): FIFOs wherever a
 * path is taken, /dev/zero, a sparse gigabyte, a symlink loop, NUL bytes
 * and invalid UTF-8, a 50 MB line. Each must give a clear error (exit 2,
 * the path named on stderr) or a SARIF notice, within bounded time and
 * memory, and good inputs given alongside must still be reported.
 *
 * Every run is a child with an address-space limit (not under the
 * sanitizers, which reserve terabytes of shadow memory) and a deadline
 * after which its process group is killed; the peak resident size is
 * measured as well, so "bounded" is asserted, not assumed.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What any one run may use: a 1.5 GiB address space (vigie with libclang
 * mapped needs a few hundred MiB of it), 800 MiB resident (2 GiB under
 * the sanitizers), 60 seconds. A read that is not bounded blows through
 * all three at once: /dev/zero grew past 7 GB in 20 s. */
#define AS_LIMIT (1536L << 20)
#define RSS_LIMIT_KB (VG_SANITIZED ? 2048L << 10 : 800L << 10)
#define DEADLINE_S 60

static char dir[64];

typedef struct outcome {
    int status;          /* exit status; 128+signal if killed */
    bool timed_out;
    long maxrss_kb;
    double seconds;
    char *out, *err;
} outcome;

static char *slurp_fd(int fd)
{
    struct stat st;
    fstat(fd, &st);
    char *b = malloc((size_t)st.st_size + 1);
    cr_assert_not_null(b);
    ssize_t n = pread(fd, b, (size_t)st.st_size, 0);
    b[n > 0 ? n : 0] = '\0';
    return b;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run vigie with argv (NULL-terminated, without the program) in dir. */
static outcome run_v(const char *const *args)
{
    const char *argv[64];
    int n = 0;
    argv[n++] = VIGIE_BIN;
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    char op[128], ep[128];
    snprintf(op, sizeof op, "%s/.out", dir);
    snprintf(ep, sizeof ep, "%s/.err", dir);
    int ofd = open(op, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int efd = open(ep, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    cr_assert(ofd >= 0 && efd >= 0);
    double t0 = now_s();
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        setpgid(0, 0);
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        if (chdir(dir) != 0)
            _exit(126);
        setenv("LC_ALL", "C", 1);
        if (!VG_SANITIZED) {
            struct rlimit as = {AS_LIMIT, AS_LIMIT};
            setrlimit(RLIMIT_AS, &as);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    setpgid(pid, pid);
    outcome o = {0};
    int st = 0;
    struct rusage ru = {0};
    for (;;) {
        pid_t w = wait4(pid, &st, WNOHANG, &ru);
        if (w == pid)
            break;
        if (now_s() - t0 > DEADLINE_S) {
            o.timed_out = true;
            kill(-pid, SIGKILL);
            wait4(pid, &st, 0, &ru);
            break;
        }
        usleep(20000);
    }
    o.seconds = now_s() - t0;
    o.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    o.maxrss_kb = ru.ru_maxrss;
    o.out = slurp_fd(ofd);
    o.err = slurp_fd(efd);
    close(ofd);
    close(efd);
    return o;
}

static void outcome_free(outcome *o)
{
    free(o->out);
    free(o->err);
}

/* The bounds every run must keep, and its exit status. */
static void expect_bounded(const outcome *o, int status, const char *what)
{
    cr_expect_not(o->timed_out, "%s: still running after %d s (killed)", what, DEADLINE_S);
    cr_expect_leq(o->maxrss_kb, RSS_LIMIT_KB, "%s: peak resident %ld KiB", what, o->maxrss_kb);
    cr_expect_eq(o->status, status, "%s: exit %d, not %d\nstderr: %.2000s\nstdout: %.2000s",
                 what, o->status, status, o->err, o->out);
}

/* A clear error: exit 2 and the offending path and reason on stderr. */
static void expect_error(const char *const *args, const char *what, const char *says)
{
    outcome o = run_v(args);
    expect_bounded(&o, 2, what);
    cr_expect(strstr(o.err, says), "%s: stderr does not say \"%s\": %s", what, says, o.err);
    outcome_free(&o);
}

static void w(const char *name, const void *data, size_t len)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f, "%s", p);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void ws(const char *name, const char *text)
{
    w(name, text, strlen(text));
}

static void mkd(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    cr_assert_eq(mkdir(p, 0700), 0, "mkdir %s: %s", p, strerror(errno));
}

static void fifo(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    cr_assert_eq(mkfifo(p, 0600), 0, "mkfifo %s: %s", p, strerror(errno));
}

/* size bytes of 'y' on one line, then text */
static void one_line(const char *name, const char *head, size_t size, const char *tail)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    fputs(head, f);
    char chunk[65536];
    memset(chunk, 'y', sizeof chunk);
    for (size_t n = 0; n < size; n += sizeof chunk)
        fwrite(chunk, 1, size - n < sizeof chunk ? size - n : sizeof chunk, f);
    fputs(tail, f);
    fclose(f);
}

static const char good_text[] = "Dossier de test\nNAS : 130 692 544\n";
static const char good_eml[] = "Message-ID: <bon@clinique.test>\nTo: m@example.test\n"
                               "Subject: dossier\n\nNAS : 130 692 544\n";

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/vg-hostile-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    fifo("fifo");
    char p[256];
    snprintf(p, sizeof p, "%s/sparse", dir);
    int fd = open(p, O_CREAT | O_WRONLY, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, 1L << 30), 0);   /* 1 GiB, no disk used */
    close(fd);
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/loop", dir);
    cr_assert_eq(symlink(a, a), 0);
    snprintf(a, sizeof a, "%s/loop-a", dir);
    snprintf(b, sizeof b, "%s/loop-b", dir);
    cr_assert_eq(symlink(b, a), 0);
    cr_assert_eq(symlink(a, b), 0);
    ws("good.txt", good_text);
    ws("good.eml", good_eml);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = 600);

/* ---- SARIF helpers ------------------------------------------------------ */

static json_t *sarif_run(const outcome *o)
{
    json_error_t je;
    json_t *doc = json_loads(o->out, 0, &je);
    cr_assert_not_null(doc, "not JSON (%s): %.500s", je.text, o->out);
    return doc;
}

static size_t results_for(json_t *doc, const char *rule, const char *uri_part)
{
    size_t n = 0, i;
    json_t *r;
    json_array_foreach(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
                                       "results"), i, r) {
        const char *id = json_string_value(json_object_get(r, "ruleId"));
        const char *uri = json_string_value(json_object_get(json_object_get(json_object_get(
            json_array_get(json_object_get(r, "locations"), 0), "physicalLocation"),
            "artifactLocation"), "uri"));
        if (id && uri && strcmp(id, rule) == 0 && strstr(uri, uri_part))
            n++;
    }
    return n;
}

/* A notification whose text contains `text` (and, when uri_part is not
 * NULL, located in a file whose uri contains it). */
static bool has_notice(json_t *doc, const char *text, const char *uri_part)
{
    size_t i, j;
    json_t *inv, *n;
    json_array_foreach(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
                                       "invocations"), i, inv)
        json_array_foreach(json_object_get(inv, "toolExecutionNotifications"), j, n) {
            const char *t = json_string_value(json_object_get(json_object_get(n, "message"),
                                                              "text"));
            const char *uri = json_string_value(json_object_get(json_object_get(
                json_object_get(json_array_get(json_object_get(n, "locations"), 0),
                                "physicalLocation"), "artifactLocation"), "uri"));
            if (t && strstr(t, text) && (!uri_part || (uri && strstr(uri, uri_part))))
                return true;
        }
    return false;
}

/* ---- vigie scan ----------------------------------------------------------- */

Test(hostile, scan_reports_good_files_and_a_notice_for_each_bad_one)
{
    /* an include naming a FIFO, a symlink loop, a directory and a file too
     * large; a FIFO named nginx.conf above a fragment; a sparse gigabyte;
     * NUL bytes; invalid UTF-8; a 50 MB line with a value at its end */
    mkd("ng");
    mkd("ng/conf.d");
    char inc[2048];
    snprintf(inc, sizeof inc,
             "server {\n  listen 443 ssl;\n  ssl_protocols TLSv1 TLSv1.2;\n"
             "  include %s/fifo;\n  include %s/loop;\n  include %s/ng;\n  include %s/sparse;\n}\n",
             dir, dir, dir, dir);
    ws("ng/conf.d/site.conf", inc);
    fifo("ng/nginx.conf");
    mkd("ap");
    snprintf(inc, sizeof inc, "ServerName x.test\nInclude %s/fifo\nSSLProtocol all\n", dir);
    ws("ap/httpd.conf", inc);
    static const char nul[] = "binaire\0NAS : 130 692 544\n";
    w("nul.dat", nul, sizeof nul - 1);
    ws("latin1.txt", "Num\xe9ro d'assurance sociale \xff\xfe : 130 692 544\n");
    one_line("line.txt", "", 50u << 20, " NAS : 130 692 544\n");
    const char *args[] = {"scan", "-f", "sarif", "good.txt", "ng", "ap", "sparse", "nul.dat",
                          "latin1.txt", "line.txt", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "scan");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "DSC004", "good.txt"), 1, "%.3000s", o.out);
    cr_expect_eq(results_for(doc, "DSC004", "latin1.txt"), 1);
    cr_expect_eq(results_for(doc, "DSC004", "line.txt"), 1);
    cr_expect_geq(results_for(doc, "TLS002", "site.conf"), 1, "%.3000s", o.out);
    cr_expect(has_notice(doc, "included file", "site.conf"));
    cr_expect(has_notice(doc, "/fifo: not a regular file", "site.conf"), "%.4000s", o.out);
    cr_expect(has_notice(doc, "/loop: Too many levels of symbolic links", "site.conf"));
    cr_expect(has_notice(doc, "/ng: not a regular file", "site.conf"));
    cr_expect(has_notice(doc, "/fifo: not a regular file", "httpd.conf"), "%.4000s", o.out);
    cr_expect(has_notice(doc, "/sparse: larger than", "site.conf"));
    cr_expect(has_notice(doc, "binary file skipped", "sparse"));
    cr_expect(has_notice(doc, "binary file skipped", "nul.dat"));
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, a_c_include_naming_a_fifo_or_a_device_is_a_notice_and_every_unit_reports)
{
    /* libclang opens headers with a blocking open(): a FIFO reached by a
     * quoted include, by -I and from a nested header, and /dev/zero, each
     * hung or read forever. The child's deadline turns a hang into a
     * failure; the units that include them, and the other unit, report. */
    mkd("c");
    mkd("c/inc");
    mkd("c/sub");
    fifo("c/f.h");
    fifo("c/inc/g.h");
    ws("c/sub/h.h", "#include \"../inc/g.h\"\n");
    ws("c/a.c", "#include <stdio.h>\n#include \"f.h\"\n"
                "void a(const char *nas) { printf(\"%s\", nas); }\n");
    ws("c/b.c", "#include <stdio.h>\n#include \"sub/h.h\"\n#include <g.h>\n"
                "#include \"/dev/zero\"\n"
                "void b(const char *nas) { printf(\"%s\", nas); }\n");
    ws("c/ok.c", "#include <stdio.h>\nvoid ok(const char *nas) { printf(\"%s\", nas); }\n");
    char db[1024];
    snprintf(db, sizeof db,
             "[{\"directory\": \"%s/c\", \"file\": \"a.c\", \"command\": \"cc -c a.c\"},"
             " {\"directory\": \"%s/c\", \"file\": \"b.c\", \"command\": \"cc -Iinc -c b.c\"},"
             " {\"directory\": \"%s/c\", \"file\": \"ok.c\", \"command\": \"cc -c ok.c\"}]",
             dir, dir, dir);
    ws("c/compile_commands.json", db);
    const char *args[] = {"scan", "-f", "sarif", "-p", "c", "c/a.c", "c/b.c", "c/ok.c", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "scan C units including FIFOs");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "LOG002", "c/a.c"), 1, "%.3000s", o.out);
    cr_expect_eq(results_for(doc, "LOG002", "c/b.c"), 1, "%.3000s", o.out);
    cr_expect_eq(results_for(doc, "LOG002", "c/ok.c"), 1, "%.3000s", o.out);
    cr_expect(has_notice(doc, "included file", "c/a.c"), "%.4000s", o.out);
    cr_expect(has_notice(doc, "/c/f.h: not a regular file", "c/a.c"), "%.4000s", o.out);
    cr_expect(has_notice(doc, "inc/g.h: not a regular file", "c/b.c"), "%.4000s", o.out);
    cr_expect(has_notice(doc, "/dev/zero: not a regular file", "c/b.c"), "%.4000s", o.out);
    cr_expect(has_notice(doc, "../inc/g.h: not a regular file", "c/sub/h.h"), "%.4000s", o.out);
    cr_expect_not(has_notice(doc, "included file", "c/ok.c"), "%.4000s", o.out);
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, a_sparse_gigabyte_that_starts_as_text_is_a_notice_not_a_gigabyte_of_matching)
{
    /* text first, so it is not skipped as binary: only the size cap
     * keeps the text checker off a gigabyte of holes */
    one_line("sparse.txt", "NAS : 130 692 544\n", 16384, "\n");
    char p[256];
    snprintf(p, sizeof p, "%s/sparse.txt", dir);
    cr_assert_eq(truncate(p, 1L << 30), 0);
    const char *args[] = {"scan", "-f", "sarif", "sparse.txt", "good.txt", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "scan sparse text");
    json_t *doc = sarif_run(&o);
    cr_expect(has_notice(doc, "larger than 134217728 bytes: not read", "sparse.txt"),
              "%.4000s", o.out);
    cr_expect_eq(results_for(doc, "DSC004", "sparse.txt"), 0);
    cr_expect_eq(results_for(doc, "DSC004", "good.txt"), 1);
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, a_compilation_database_that_cannot_be_read_fails_even_with_no_c_code)
{
    /* it used to be read only when a C file came, so a run over text
     * alone passed having used no database at all */
    mkd("db");
    fifo("db/compile_commands.json");
    mkd("nodb");
    static const struct {
        const char *p, *says;
    } bad[] = {
        {"fifo", "fifo: not a regular file (a FIFO)"},
        {"db", "db/compile_commands.json: not a regular file (a FIFO)"},
        {"nodb", "nodb/compile_commands.json: cannot open"},
        {"/dev/zero", "/dev/zero: not a regular file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char what[128];
        snprintf(what, sizeof what, "scan -p %s good.txt", bad[i].p);
        expect_error((const char *[]){"scan", "-p", bad[i].p, "good.txt", NULL}, what,
                     bad[i].says);
    }
}

/* head, then open_ n times, mid, close n times, tail */
static void nest(const char *name, const char *head, const char *open_, const char *mid,
                 const char *close, size_t n, const char *tail)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    fputs(head, f);
    for (size_t i = 0; i < n; i++)
        fputs(open_, f);
    fputs(mid, f);
    for (size_t i = 0; i < n; i++)
        fputs(close, f);
    fputs(tail, f);
    fclose(f);
}

Test(hostile, deep_nesting_in_every_reader_is_bounded_and_the_good_file_still_reports)
{
    /* each of these once overflowed the stack (no report at all) or, for
     * the C expression, needed more than a thread's stack */
    mkd("deep");
    nest("deep/nginx.conf", "http {\n", "a{\n", "", "}", 50000, "\n}\n");
    mkd("deep/ap");
    nest("deep/ap/apache2.conf", "ServerName x\n", "<a>\n", "", "</a>\n", 20000, "");
    nest("deep/page.html", "<!DOCTYPE html>\n<html><body>\n", "<div>\n", "", "</div>", 200000,
         "</body></html>\n");
    nest("deep/config.json", "", "[", "", "]", 100000, "\n");
    nest("deep/expr.c", "int g(int a) { return a", "+a", "", "", 30000, "; }\n");
    const char *args[] = {"scan", "-f", "sarif", "deep", "good.txt", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "scan deep files");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "DSC004", "good.txt"), 1, "%.3000s", o.out);
    cr_expect(has_notice(doc, "nested more than 100 levels deep", "deep/nginx.conf"),
              "%.4000s", o.out);
    cr_expect(has_notice(doc, "nested more than 100 levels deep", "deep/ap/apache2.conf"));
    cr_expect(has_notice(doc, "nested more than", "deep/page.html"), "%.4000s", o.out);
    cr_expect(has_notice(doc, "JSON not well-formed", "deep/config.json"));
    cr_expect(has_notice(doc, "C/C++: code nested more than", "deep/expr.c"), "%.4000s", o.out);
    json_decref(doc);
    outcome_free(&o);

    /* a mail: the NAS under 1000 HTML elements is found (it was dropped
     * silently below 200); multipart nested past the bound is a notice */
    nest("deep.eml", "Message-ID: <profond@clinique.test>\nTo: m@example.test\n"
         "Content-Type: text/html; charset=utf-8\n\n<html><body>", "<div>",
         "NAS : 130 692 544", "</div>", 1000, "</body></html>\n");
    char mp[256];
    snprintf(mp, sizeof mp, "%s/multi.eml", dir);
    FILE *f = fopen(mp, "wb");
    cr_assert_not_null(f);
    fputs("Message-ID: <parties@clinique.test>\nTo: m@example.test\n", f);
    for (int i = 0; i < 200; i++)
        fprintf(f, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
    fputs("Content-Type: text/plain\n\nbonjour\n", f);
    fclose(f);
    const char *eml[] = {"probe", "messages", "-f", "sarif", "--eml", "deep.eml", "multi.eml",
                         "good.eml", NULL};
    o = run_v(eml);
    expect_bounded(&o, 1, "probe messages deep mail");
    doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "MSG001", "deep.eml"), 1, "%.3000s", o.out);
    cr_expect(has_notice(doc, "MIME nesting deeper than", NULL), "%.4000s", o.out);
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, scan_operands_that_are_not_files_are_clear_errors)
{
    expect_error((const char *[]){"scan", "fifo", NULL}, "scan FIFO",
                 "fifo: not a regular file or directory");
    expect_error((const char *[]){"scan", "loop", NULL}, "scan symlink loop",
                 "loop: Too many levels of symbolic links");
}

/* ---- options that name a file ------------------------------------------------- */

Test(hostile, option_files_that_are_fifos_devices_huge_or_loops_are_clear_errors)
{
    ws("a.c", "int main(void) { return 0; }\n");
    static const char nul_rules[] = "{\"version\": 1,\0 \"rules\": []}";
    w("nul.json", nul_rules, sizeof nul_rules - 1);
    static const struct {
        const char *opt, *file, *says;
    } bad[] = {
        {"--rules", "fifo", "fifo: not a regular file (a FIFO)"},
        {"--rules", "/dev/zero", "/dev/zero: not a regular file (a character device)"},
        {"--rules", "sparse", "sparse: larger than"},
        {"--rules", "loop-a", "loop-a: cannot open: Too many levels of symbolic links"},
        {"--rules", "nul.json", "nul.json"},
        {"--baseline", "fifo", "fifo: not a regular file (a FIFO)"},
        {"--baseline", "sparse", "sparse: larger than"},
        {"--baseline", "/dev/zero", "/dev/zero: not a regular file"},
        {"-p", "fifo", "fifo: not a regular file (a FIFO)"},
        {"-p", "sparse", "sparse: larger than"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char what[128];
        snprintf(what, sizeof what, "scan %s %s", bad[i].opt, bad[i].file);
        expect_error((const char *[]){"scan", bad[i].opt, bad[i].file, "good.txt", "a.c", NULL},
                     what, bad[i].says);
    }
}

Test(hostile, an_output_fifo_nobody_reads_and_ca_or_log_fifos_are_clear_errors)
{
    /* a FIFO opened for writing waits for a reader; one OpenSSL reads as
     * a CA, or the logs probe as its access log, waits for a writer */
    expect_error((const char *[]){"scan", "-o", "fifo", "good.txt", NULL}, "scan -o FIFO",
                 "fifo: cannot write: a FIFO that nobody reads");
    expect_error((const char *[]){"rules", "-o", "fifo", NULL}, "rules -o FIFO",
                 "fifo: cannot write: a FIFO that nobody reads");
    expect_error((const char *[]){"probe", "tls", "127.0.0.1:9", "--ca", "fifo", NULL},
                 "probe tls --ca FIFO", "--ca fifo: not a regular file (a FIFO)");
    expect_error((const char *[]){"probe", "tls", "127.0.0.1:9", "--ca", "/dev/zero", NULL},
                 "probe tls --ca /dev/zero", "not a regular file (a character device)");
    ws("ca.json", "{\"target\": \"https://127.0.0.1:9\", \"ca\": \"fifo\","
                  " \"tls\": [{\"host\": \"127.0.0.1\", \"port\": 9}]}\n");
    expect_error((const char *[]){"probe", "all", "--scenario", "ca.json", NULL},
                 "scenario ca FIFO", "ca: ./fifo: not a regular file (a FIFO)");
    ws("logs.json", "{\"target\": \"http://127.0.0.1:9\", \"logs\": {\"access\": \"fifo\"}}\n");
    expect_error((const char *[]){"probe", "logs", "--scenario", "logs.json", NULL},
                 "scenario logs.access FIFO", "fifo: not a regular file (a FIFO)");
}

Test(hostile, an_output_fifo_with_a_reader_is_written)
{
    /* `-o >(gzip > x)` and a named pipe someone reads are outputs too */
    char p[256];
    snprintf(p, sizeof p, "%s/fifo", dir);
    pid_t r = fork();
    cr_assert_geq(r, 0);
    if (r == 0) {
        alarm(60);
        int fd = open(p, O_RDONLY);
        char buf[4096];
        size_t total = 0;
        ssize_t n;
        while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0)
            total += (size_t)n;
        _exit(total > 0 ? 0 : 1);
    }
    /* the reader must hold the FIFO open first; opening it for writing
     * without blocking tells when it does */
    int wfd = -1;
    for (int i = 0; i < 3000 && wfd < 0; i++) {
        wfd = open(p, O_WRONLY | O_NONBLOCK);
        if (wfd < 0)
            usleep(10000);
    }
    cr_assert_geq(wfd, 0, "the reader never opened the FIFO");
    outcome o = run_v((const char *[]){"scan", "-f", "sarif", "-o", "fifo", "good.txt", NULL});
    close(wfd);
    expect_bounded(&o, 1, "scan -o FIFO with a reader");
    int st = 0;
    cr_assert_eq(waitpid(r, &st, 0), r);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the reader got nothing");
    outcome_free(&o);
}

Test(hostile, report_inputs_that_are_not_sarif_files_are_clear_errors)
{
    const char *scan[] = {"scan", "-f", "sarif", "-o", "good.sarif", "good.txt", NULL};
    outcome o = run_v(scan);
    expect_bounded(&o, 1, "scan -o good.sarif");
    outcome_free(&o);
    expect_error((const char *[]){"report", "merge", "good.sarif", "fifo", NULL},
                 "report merge FIFO", "fifo: not a regular file (a FIFO)");
    expect_error((const char *[]){"report", "merge", "good.sarif", "sparse", NULL},
                 "report merge sparse", "sparse: larger than");
    expect_error((const char *[]){"report", "merge", "/dev/zero", NULL},
                 "report merge /dev/zero", "/dev/zero: not a regular file");
    expect_error((const char *[]){"report", "html", "fifo", NULL}, "report html FIFO",
                 "fifo: not a regular file (a FIFO)");
    expect_error((const char *[]){"report", "merge", "good.sarif", "loop", NULL},
                 "report merge loop", "loop: cannot open: Too many levels");
    expect_error((const char *[]){"report", "inventory", "-o", "inv.html", "good.sarif", "fifo",
                                  NULL},
                 "report inventory FIFO", "fifo: not a regular file (a FIFO)");
    expect_error((const char *[]){"report", "inventory", "-o", "inv.html", "/dev/zero", NULL},
                 "report inventory /dev/zero", "/dev/zero: not a regular file");
    expect_error((const char *[]){"report", "inventory", "-o", "fifo", "good.sarif", NULL},
                 "report inventory -o FIFO", "fifo: cannot write: a FIFO that nobody reads");
}

Test(hostile, scenario_files_that_are_fifos_or_huge_are_clear_errors)
{
    expect_error((const char *[]){"probe", "messages", "--scenario", "fifo", NULL},
                 "probe messages --scenario FIFO", "fifo: not a regular file (a FIFO)");
    expect_error((const char *[]){"probe", "messages", "--scenario", "sparse", NULL},
                 "probe messages --scenario sparse", "sparse: larger than");
    expect_error((const char *[]){"probe", "cookies", "--scenario", "fifo", NULL},
                 "probe cookies --scenario FIFO", "fifo: not a regular file (a FIFO)");
    expect_error((const char *[]){"probe", "messages", "--eml", "good.eml", "--identities",
                                  "fifo", NULL},
                 "probe messages --identities FIFO", "fifo: not a regular file (a FIFO)");
}

/* ---- offline messages ----------------------------------------------------------- */

Test(hostile, eml_files_that_cannot_be_read_are_notices_and_good_ones_are_checked)
{
    static const char nul_eml[] = "To: m@example.test\nSubject: nul\0 cach\xe9\n\n"
                                  "\xff\xfe NAS : 565 632 122\0 fin\n";
    w("nul.eml", nul_eml, sizeof nul_eml - 1);
    const char *args[] = {"probe", "messages", "-f", "sarif", "--eml", "fifo", "/dev/zero",
                          "sparse", "loop", "good.eml", "nul.eml", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "probe messages --eml");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "MSG001", "good.eml"), 1, "%.3000s", o.out);
    cr_expect_eq(results_for(doc, "MSG001", "nul.eml"), 1, "%.3000s", o.out);
    cr_expect(has_notice(doc, "not a regular file", "fifo"));
    cr_expect(has_notice(doc, "not a regular file", "/dev/zero"));
    cr_expect(has_notice(doc, "larger than", "sparse"));
    cr_expect(has_notice(doc, "Too many levels of symbolic links", "loop"));
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, mbox_that_cannot_be_read_checks_nothing_and_says_so)
{
    static const char *const bad[] = {"fifo", "/dev/zero", "loop"};
    for (size_t i = 0; i < 3; i++) {
        const char *args[] = {"probe", "messages", "-f", "sarif", "--mbox", bad[i], NULL};
        outcome o = run_v(args);
        expect_bounded(&o, 2, bad[i]);
        json_t *doc = sarif_run(&o);
        cr_expect(has_notice(doc, "nothing was checked", NULL), "%s: %.2000s", bad[i], o.out);
        cr_expect(has_notice(doc, i == 2 ? "Too many levels" : "not a regular file", bad[i]),
                  "%s: %.2000s", bad[i], o.out);
        json_decref(doc);
        outcome_free(&o);
    }
    /* with a good source alongside, that one is still checked */
    const char *args[] = {"probe", "messages", "-f", "sarif", "--mbox", "fifo", "--eml",
                          "good.eml", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "--mbox fifo --eml good.eml");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "MSG001", "good.eml"), 1);
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, a_sparse_gigabyte_mbox_is_read_in_bounded_memory)
{
    /* one line of a gigabyte: read through, never held (the cap is
     * 64 MiB); the message it starts is skipped with a notice */
    const char *args[] = {"probe", "messages", "-f", "sarif", "--mbox", "sparse", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 2, "--mbox sparse");
    cr_expect_lt(o.maxrss_kb, VG_SANITIZED ? 1024L << 10 : 300L << 10, "%ld KiB", o.maxrss_kb);
    json_t *doc = sarif_run(&o);
    cr_expect(has_notice(doc, "mbox message 1 is larger than 67108864 bytes", "sparse"),
              "%.2000s", o.out);
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, a_50_mb_line_in_an_mbox_is_checked_and_the_next_message_too)
{
    one_line("line.mbox", "From a@b.test Mon Jan  5 10:00:00 2026\nSubject: long\n\n",
             50u << 20,
             " NAS : 565 632 122\n\nFrom a@b.test Mon Jan  5 10:01:00 2026\n"
             "Message-ID: <deux@clinique.test>\nSubject: court\n\nNAS : 130 692 544\n");
    const char *args[] = {"probe", "messages", "-f", "sarif", "--mbox", "line.mbox", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "--mbox line.mbox");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "MSG001", "line.mbox"), 2, "%.3000s", o.out);
    json_decref(doc);
    outcome_free(&o);
}

Test(hostile, maildir_with_a_fifo_and_a_directory_inside)
{
    mkd("md");
    mkd("md/new");
    mkd("md/cur");
    mkd("md/cur/sub");
    fifo("md/new/1.x");
    ws("md/new/2.x", good_eml);
    const char *args[] = {"probe", "messages", "-f", "sarif", "--maildir", "md", NULL};
    outcome o = run_v(args);
    expect_bounded(&o, 1, "--maildir md");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "MSG001", "md/new/2.x"), 1, "%.3000s", o.out);
    cr_expect(has_notice(doc, "not a regular file", "md/new/1.x"));
    cr_expect(has_notice(doc, "not a regular file", "md/cur/sub"));
    json_decref(doc);
    outcome_free(&o);
}

/* ---- extraction entries --------------------------------------------------------- */

Test(hostile, an_extraction_entry_that_is_a_fifo_is_reported_and_the_rest_linked)
{
    ws("other.txt", "Courriel de test\nNAS : 565 632 122\n");
    const char *ex[] = {"scan", "--extract", "ex", "good.txt", "other.txt", NULL};
    outcome o = run_v(ex);
    expect_bounded(&o, 0, "scan --extract");
    outcome_free(&o);
    /* the entries are named by hash: replace the first one that is not the
     * manifest with a FIFO */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd %s/ex && f=$(ls | grep -v manifest | head -1) && rm \"$f\" && mkfifo \"$f\"",
             dir);
    cr_assert_eq(system(cmd), 0);
    const char *link[] = {"link", "-f", "sarif", "ex", NULL};
    o = run_v(link);
    expect_bounded(&o, 1, "link");
    json_t *doc = sarif_run(&o);
    cr_expect_eq(results_for(doc, "DSC004", "good.txt") + results_for(doc, "DSC004", "other.txt"),
                 1, "%.3000s", o.out);
    cr_expect(has_notice(doc, "cannot read it: not a regular file", NULL), "%.3000s", o.out);
    json_decref(doc);
    outcome_free(&o);
}
