/*
 * Scan driver: files are collected first (so progress has a total and the
 * shard selection is stable), then checked by a pool of worker threads.
 * Each worker owns its detector context and findings list; lists are
 * merged and sorted at the end, so output does not depend on scheduling.
 */
#include "vg_scan.h"
#include "vg_conf.h"
#include "vg_flow.h"
#include "vg_flow_cache.h"
#include "vg_walk.h"
#include "vg_file.h"
#include "vg_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *vg_file_kind_name(vg_file_kind k)
{
    static const char *const others[] = {"text", "binary", "C/C++"};
    if (k <= VG_FILE_C)
        return others[k];
    for (size_t i = 0; i < vg_conf_nformats(); i++)
        if (vg_conf_format_info(i).kind == k)
            return vg_conf_format_info(i).label;
    return "text";
}

/* Binary and C/C++ first (the code analyzer's), then the config formats'
 * own recognisers (vg_conf.c's table). */
vg_file_kind vg_scan_classify(const char *path, const char *head, size_t n)
{
    if (memchr(head, '\0', n))
        return VG_FILE_BINARY;
    static const char *const c_ext[] = {"c", "h", "cc", "cpp", "cxx", "c++", "hh",
                                        "hpp", "hxx", "inl", NULL};
    if (vg_path_has_ext(path, c_ext))
        return VG_FILE_C;
    return vg_conf_classify(path, head, n);
}

static const char *const static_rules[] = {
    "TLS001", "TLS002", "TLS004", "TLS005", "CK003", "CK004", "CK005",
    "LOG001", "LOG002", "MSG001", "MSG002", "MSG003", "DSC001", "DSC002",
    "DSC003", "DSC004", "CRD001", "CRD004"};

const char *const *vg_scan_rules(size_t *n)
{
    *n = sizeof static_rules / sizeof static_rules[0];
    return static_rules;
}

int vg_scan_mark_checked(vg_findings *fs)
{
    for (size_t i = 0; i < sizeof static_rules / sizeof static_rules[0]; i++)
        if (vg_findings_checked(fs, static_rules[i]))
            return -1;
    return 0;
}

/* A stable shard for a path: FNV-1a, so CI matrices see the same split on
 * every machine. */
static bool in_shard(const vg_scan_opts *o, const char *path)
{
    if (o->shard_n <= 1)
        return true;
    uint64_t h = vg_fnv64_str(path, VG_FNV64_INIT);
    return (int)(h % (uint64_t)o->shard_n) == o->shard_k - 1;
}

typedef struct pool {
    const vg_scan_opts *o;
    const vg_detector *det;
    vg_filelist *files;
    atomic_size_t next, done;
    size_t per_kind[VG_FILE_HTML + 1];
    pthread_mutex_t lock;
    int failed;
    uint64_t salt;              /* --extract: entries are valid for this ruleset */
    char root[PATH_MAX];        /* --extract: where the scan started */
    vg_entry_list written;      /* --extract: the entries written (under lock) */
    int write_failed;
} pool;

typedef struct worker {
    pool *p;
    pthread_t tid;
    vg_findings out;
} worker;

/* A file over the cap (a sparse gigabyte claims its size without holding
 * data; a dump or an image is no service text) is classified from its
 * start only: a binary one is skipped as any binary file is, any other
 * says it was not read, instead of costing gigabytes of matching. */
static int too_large(int fd, const char *path, vg_findings *out, vg_file_kind *kind_out)
{
    char head[8192];
    ssize_t n = pread(fd, head, sizeof head, 0);
    close(fd);
    vg_file_kind kind = vg_scan_classify(path, head, n > 0 ? (size_t)n : 0);
    *kind_out = kind;
    if (kind == VG_FILE_BINARY)
        return vg_findings_noticem(out, VG_LEVEL_NOTE, path, 0, "notice.binary", NULL);
    return vg_findings_noticem(out, VG_LEVEL_WARNING, path, 0, "notice.too-large", "%zu",
                               (size_t)VG_SCAN_MAX_FILE);
}

/* What a file is reported as: with o->root given, a path under it is
 * made relative to it (as vg_clang_relpath does for C/C++ findings), so
 * vigie cc's absolute paths read as they did when it ran from --root.
 * Without o->root, paths are reported as they were given. */
static const char *report_path(const pool *p, const char *path)
{
    size_t n = p->o->root ? strlen(p->root) : 0;
    if (n && strncmp(path, p->root, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* Read (map) one file and check it. Problems with this file become
 * notices; only allocation failure is fatal. With read, the other files a
 * configuration check read are returned there (vg_conf_check_read). */
static int check_file(pool *p, vg_detect_ctx *ctx, const char *path, vg_findings *out,
                      vg_file_kind *kind_out, char ***read, size_t *nread)
{
    struct stat st;
    vg_error e;
    const char *uri = report_path(p, path);
    *kind_out = VG_FILE_BINARY;
    /* The walk listed a regular file; it may have been replaced since. */
    int fd = vg_file_open(path, &st, &e);
    if (fd == VG_FILE_IRREGULAR)
        return vg_findings_noticem(out, VG_LEVEL_WARNING, uri, 0, "notice.irregular", NULL);
    if (fd < 0)
        return vg_findings_noticem(out, VG_LEVEL_WARNING, uri, 0, "notice.unreadable", "%s",
                                   strerror(errno));
    size_t len = (size_t)st.st_size;
    if (len == 0) {
        close(fd);
        *kind_out = VG_FILE_TEXT;
        return 0;
    }
    if (len > VG_SCAN_MAX_FILE)
        return too_large(fd, uri, out, kind_out);
    char *buf = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (buf == MAP_FAILED)
        return vg_findings_noticem(out, VG_LEVEL_WARNING, uri, 0, "notice.unmappable", "%s",
                                   strerror(errno));
    madvise(buf, len, MADV_SEQUENTIAL);
    vg_file_kind kind = vg_scan_classify(path, buf, len < 8192 ? len : 8192);
    *kind_out = kind;
    int rc = 0;
    if (kind == VG_FILE_BINARY)
        rc = vg_findings_noticem(out, VG_LEVEL_NOTE, uri, 0, "notice.binary", NULL);
    else
        rc = vg_scan_text(p->o, ctx, uri, buf, len, out);
    if (!rc && vg_conf_handles(kind))
        rc = vg_conf_check_read(p->o, kind, path, buf, len, out, read, nread);
    munmap(buf, len);
    return rc;
}

static void progress(pool *p, size_t done)
{
    if (!p->o->progress)
        return;
    size_t total = p->files->count;
    /* Redraw at most ~100 times, and always at the end. */
    if (done != total && total > 100 && done % (total / 100) != 0)
        return;
    pthread_mutex_lock(&p->lock);
    fprintf(stderr, "\rvigie scan: %zu/%zu files", done, total);
    if (done == total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
    pthread_mutex_unlock(&p->lock);
}

/* --extract: one file's findings become its entry (keyed by its path).
 * Its inputs are the file and what its check read besides (a
 * configuration's includes, a fragment's main file), so that a change to
 * any of them makes the entry stale. */
static void extract_file(pool *p, vg_detect_ctx *ctx, const char *path, vg_file_kind *kind)
{
    fl_tu t = {0};
    char **read = NULL;
    size_t nread = 0;
    vg_findings_init(&t.direct);
    const char *tag[1] = {"<file>"};
    char name[64];
    const char *uri = report_path(p, path);  /* the key and the entry as before --root */
    vg_flow_entry_name(vg_flow_cache_key(uri, tag, 1, p->salt), name, sizeof name);
    int rc = check_file(p, ctx, path, &t.direct, kind, &read, &nread);
    const char **deps = rc ? NULL : malloc((nread + 1) * sizeof *deps);
    if (deps) {
        deps[0] = path;
        for (size_t i = 0; i < nread; i++)
            deps[i + 1] = read[i];
        t.deps = deps;
        t.ndeps = nread + 1;
    }
    if (rc || !deps)
        p->failed = 1;
    else if (vg_flow_entry_write(p->o->extract_dir, name, VG_ENTRY_FILE, p->salt, uri, &t, NULL,
                                 p->root))
        p->write_failed = 1;
    else {
        pthread_mutex_lock(&p->lock);
        if (vg_entry_list_add(&p->written, name, uri))
            p->failed = 1;
        pthread_mutex_unlock(&p->lock);
    }
    vg_findings_free(&t.direct);
    free(deps);
    vg_conf_read_free(read, nread);
}

static void *work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    vg_detect_ctx *ctx = vg_detect_ctx_new(p->det);
    if (!ctx) {
        p->failed = 1;
        return NULL;
    }
    size_t i;
    while ((i = atomic_fetch_add(&p->next, 1)) < p->files->count) {
        vg_file_kind kind;
        if (p->o->extract_dir)
            extract_file(p, ctx, p->files->paths[i], &kind);
        else if (check_file(p, ctx, p->files->paths[i], &w->out, &kind, NULL, NULL))
            p->failed = 1;
        pthread_mutex_lock(&p->lock);
        p->per_kind[kind]++;
        pthread_mutex_unlock(&p->lock);
        progress(p, atomic_fetch_add(&p->done, 1) + 1);
    }
    vg_detect_ctx_free(ctx);
    return NULL;
}

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The C/C++ files of this shard go to the data-flow analysis too. */
static int scan_code(const vg_scan_opts *o, const vg_filelist *files, vg_entry_list *written,
                     vg_findings *out, vg_error *err)
{
    const char **code = malloc((files->count + 1) * sizeof *code);
    size_t n = 0;
    if (!code)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < files->count; i++)
        if (vg_scan_classify(files->paths[i], "", 0) == VG_FILE_C)
            code[n++] = files->paths[i];
    int rc = vg_flow_extract(o, code, n, written, out, err);
    free(code);
    return rc;
}

/* --extract: the manifest, written last, says which shard this was and
 * what it wrote; a job killed before this point leaves no manifest, and
 * `vigie link` reports its shard missing. Run-level notices travel in it. */
static int write_manifest(const vg_scan_opts *o, pool *p, char *const *paths, size_t npaths,
                          vg_findings *out, vg_error *err)
{
    vg_manifest m = {.shard_k = o->shard_n > 1 ? o->shard_k : 1,
                     .shard_n = o->shard_n > 1 ? o->shard_n : 1,
                     .paths = (const char **)paths, .npaths = npaths,
                     .entries = (const char **)p->written.names,
                     .units = (const char **)p->written.units, .nentries = p->written.n};
    char name[64];
    snprintf(name, sizeof name, "manifest-%d-of-%d" VG_FLOW_EXT, m.shard_k, m.shard_n);
    fl_tu t = {0};
    t.direct = *out;
    if (vg_flow_entry_write(o->extract_dir, name, VG_ENTRY_MANIFEST, p->salt, NULL, &t, &m,
                            p->root))
        return vg_error_set(err, VG_EIO, "cannot write the extraction manifest %s/%s", o->extract_dir,
                            name);
    return 0;
}

int vg_scan_paths(const vg_scan_opts *o, char *const *paths, size_t npaths,
                  vg_findings *out, vg_error *err)
{
    vg_filelist all = {0}, files = {0};
    for (size_t i = 0; i < npaths; i++)
        if (vg_walk(paths[i], &all, err)) {
            vg_filelist_free(&all);
            return -1;
        }
    vg_filelist_sort(&all);
    /* Drop duplicates (a file named twice on the command line) and files of
     * other shards. A path is freed only once the next one has been
     * compared with it. */
    files.cap = all.count;
    if (!(files.paths = malloc((files.cap + 1) * sizeof *files.paths))) {
        vg_filelist_free(&all);
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    char *prev = NULL;
    bool prev_kept = false;
    for (size_t i = 0; i < all.count; i++) {
        char *path = all.paths[i];
        if (prev && strcmp(path, prev) == 0) {
            free(path);
            continue;
        }
        if (prev && !prev_kept)
            free(prev);
        prev = path;
        prev_kept = in_shard(o, path);
        if (prev_kept)
            files.paths[files.count++] = path;
    }
    if (prev && !prev_kept)
        free(prev);
    free(all.paths);

    vg_detector *det = vg_detector_new(o->rs, VG_DETECT_IDS, err);
    if (!det) {
        vg_filelist_free(&files);
        return -1;
    }
    pool p = {.o = o, .det = det, .files = &files,
              .salt = vg_flow_salt(o->rs, o->show_personal_data)};
    if (o->root)
        snprintf(p.root, sizeof p.root, "%s", o->root);
    else if (!getcwd(p.root, sizeof p.root))
        p.root[0] = 0;
    pthread_mutex_init(&p.lock, NULL);
    int nw = o->jobs > 0 ? o->jobs : cores();
    if ((size_t)nw > files.count)
        nw = files.count ? (int)files.count : 1;
    worker *ws = calloc((size_t)nw, sizeof *ws);
    int rc = ws ? 0 : vg_error_set(err, VG_ENOMEM, "out of memory");
    int started = 0;
    /* One worker (-j1, or a single file) runs on this thread: a worker
     * thread's findings came from a heap of its own that glibc grows one
     * mprotect() per page, and once a thread exists malloc and stdio lock
     * on every call; here the heap grows 128 kB at a time and neither
     * locks. */
    for (int i = 0; !rc && i < nw; i++) {
        ws[i].p = &p;
        vg_findings_init(&ws[i].out);
        if (nw > 1 && pthread_create(&ws[i].tid, NULL, work, &ws[i]) == 0)
            started++;
    }
    if (!rc && !started)
        work(&ws[0]);           /* one worker, or no threads available: do it here */
    for (int i = 0; i < started; i++)
        pthread_join(ws[i].tid, NULL);
    for (int i = 0; ws && i < nw; i++) {
        if (vg_findings_take(out, &ws[i].out))
            p.failed = 1;
        vg_findings_free(&ws[i].out);
    }
    free(ws);
    if (!rc && p.failed)
        rc = vg_error_set(err, VG_ENOMEM, "out of memory while scanning");
    if (!rc && p.write_failed)
        rc = vg_error_set(err, VG_EIO, "cannot write the extraction to %s", o->extract_dir);
    if (!rc && p.per_kind[VG_FILE_C])       /* libclang data flow (vg_flow.h) */
        rc = scan_code(o, &files, &p.written, out, err);
    if (!rc && o->shard_n > 1 && !o->extract_dir)
        rc = vg_findings_notice(out, VG_LEVEL_WARNING, NULL, 0,
                                "shard %d of %d: only this shard's files were analysed, and data "
                                "flows that cross into another shard's files are not followed; "
                                "use --extract DIR per shard and 'vigie link' to get them",
                                o->shard_k, o->shard_n) ? vg_error_set(err, VG_ENOMEM, "out of memory") : 0;
    if (!rc && o->extract_dir && !o->extract_no_manifest)
        rc = write_manifest(o, &p, paths, npaths, out, err);
    vg_findings_sort(out);
    vg_findings_dedup(out);     /* an included file may also be scanned on its own */
    vg_entry_list_free(&p.written);
    pthread_mutex_destroy(&p.lock);
    vg_detector_free(det);
    vg_filelist_free(&files);
    return rc;
}
