/*
 * C/C++ analysis driver: chooses the translation units and their flags,
 * parses them on a pool of threads (each with its own CXIndex and detector
 * context), hands every unit's IR to the engine, then applies inline
 * suppressions. Units are independent until the engine runs, which is
 * what makes the cache and the parallel parse simple.
 */
#include "vg_flow.h"
#include "vg_clang.h"
#include "vg_compdb.h"
#include "vg_flow_cache.h"
#include "vg_flow_engine.h"
#include "vg_suppress.h"
#include "vg_file.h"

#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct unit {
    char *file;                 /* absolute */
    const char *const *args;
    int nargs;
    fl_tu *tu;
    uint64_t key;
    int cached;
    int written;                /* --extract: its entry is in the directory */
} unit;

typedef struct flow_pool {
    const vg_scan_opts *o;
    const vg_detector *det;
    const char *cwd;            /* the process's: libclang's relative names */
    const char *root;           /* reported paths are relative to it (o->root) */
    unit *units;
    size_t n;
    uint64_t salt;
    atomic_size_t next, done, hits;
    atomic_int failed, store_failed;
    pthread_mutex_t lock;
} flow_pool;

static bool is_header(const char *path)
{
    static const char *const ext[] = {"h", "hh", "hpp", "hxx", "inl", "H", NULL};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    for (size_t i = 0; ext[i]; i++)
        if (strcmp(dot + 1, ext[i]) == 0)
            return true;
    return false;
}

static bool is_cxx(const char *path)
{
    static const char *const ext[] = {"cc", "cpp", "cxx", "c++", "C", "hh", "hpp", "hxx", NULL};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && ext[i]; i++)
        if (strcmp(dot + 1, ext[i]) == 0)
            return true;
    return false;
}

/* Flags for a file the compilation database does not know: what a plain
 * build of a service would use. */
static const char *const c_defaults[] = {"-xc", "-std=gnu17", NULL};
static const char *const cxx_defaults[] = {"-xc++", "-std=gnu++17", NULL};

static void progress(flow_pool *p, size_t done)
{
    if (!p->o->progress)
        return;
    pthread_mutex_lock(&p->lock);
    fprintf(stderr, "\rvigie scan: C/C++ %zu/%zu translation units", done, p->n);
    if (done == p->n)
        fputs("\r\033[K", stderr);
    fflush(stderr);
    pthread_mutex_unlock(&p->lock);
}

/* A unit's -working-directory as the database passes it to the front end
 * (-Xclang -working-directory -Xclang DIR): the word after the second
 * -Xclang, not that -Xclang. NULL when there is none. */
static const char *working_directory(const unit *u)
{
    const char *wd = NULL;
    for (int i = 0; i + 1 < u->nargs; i++)
        if (strcmp(u->args[i], "-working-directory") == 0) {
            wd = u->args[i + 1];
            if (strcmp(wd, "-Xclang") == 0)
                wd = i + 2 < u->nargs ? u->args[i + 2] : NULL;
        }
    return wd;
}

/* Make every input absolute, so the entry can be checked from any
 * directory. libclang prefixes a relative name with the working directory
 * it was given, so with a relative "directory" in the database the name
 * is relative to where vigie runs (cwd); a name that does not resolve
 * there is tried against the working directory itself. */
static int absolute_deps(const flow_pool *p, const unit *u, fl_tu *t)
{
    const char *wd = working_directory(u);
    for (size_t i = 0; i < t->ndeps; i++) {
        if (t->deps[i][0] == '/')
            continue;
        char joined[2 * PATH_MAX + 2], real[PATH_MAX];
        snprintf(joined, sizeof joined, "%s/%s", p->cwd, t->deps[i]);
        const char *abs = realpath(joined, real) ? real : NULL;
        if (!abs && wd) {
            char other[2 * PATH_MAX + 2];
            snprintf(other, sizeof other, "%s/%s", wd, t->deps[i]);
            abs = realpath(other, real) ? real : NULL;
        }
        if (!(t->deps[i] = vg_arena_strdup(&t->arena, abs ? abs : joined)))
            return -1;
    }
    return 0;
}

/* --extract: the entry holds the unit; the memory is given back now, so an
 * extraction's footprint does not grow with the number of units. */
static int extract_done(flow_pool *p, unit *u)
{
    if (!p->o->extract_dir || !u->written)
        return 0;
    fl_tu_free(u->tu);
    free(u->tu);
    u->tu = NULL;
    return 0;
}

static int do_unit(flow_pool *p, CXIndex idx, vg_detect_ctx *dctx, vg_clang_names *names,
                   unit *u)
{
    fl_tu *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    vg_findings_init(&t->direct);
    u->tu = t;
    uint64_t key = 0;
    if (p->o->cache_dir) {
        /* The root is part of the key: reported paths are relative to it. */
        const char *root[1] = {p->root};
        key = u->key = vg_flow_cache_key(u->file, u->args, u->nargs,
                                         vg_flow_cache_key("", root, 1, p->salt));
        int rc = vg_flow_cache_load(p->o->cache_dir, key, p->salt, p->root, t);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            u->cached = u->written = 1;
            atomic_fetch_add(&p->hits, 1);
            return extract_done(p, u);
        }
    }
    vg_clang_job j = {.o = p->o, .dctx = dctx, .names = names, .cwd = p->root,
                      .file = u->file, .args = u->args, .nargs = u->nargs};
    /* an #include naming a FIFO would block libclang's open() forever */
    vg_clang_shadows sh;
    if (vg_clang_shadow_includes(&j, &sh, &t->direct))
        return -1;
    j.unsaved = sh.files;
    j.nunsaved = sh.n;
    int rc = vg_clang_unit(idx, &j, t);
    vg_clang_shadows_free(&sh);
    if (rc || absolute_deps(p, u, t))
        return -1;
    /* A unit libclang could not parse has no include list; an extraction
     * still needs its entry (the notice), valid while the file is unchanged. */
    const char *self[1] = {u->file};
    if (p->o->extract_dir && !t->ndeps) {
        t->deps = self;
        t->ndeps = 1;
    }
    if (p->o->cache_dir && t->ndeps) {
        if (vg_flow_cache_store(p->o->cache_dir, key, p->salt, p->root, t))
            p->store_failed = 1;
        else
            u->written = 1;
    }
    if (t->deps == self) {
        t->deps = NULL;
        t->ndeps = 0;
    }
    return extract_done(p, u);
}

static void *flow_work(void *arg)
{
    flow_pool *p = arg;
    /* One index per thread: libclang indexes are not thread-safe. */
    CXIndex idx = clang_createIndex(0, 0);
    vg_detect_ctx *dctx = vg_detect_ctx_new(p->det);
    vg_clang_names *names = vg_clang_names_new();
    if (!idx || !dctx || !names) {
        p->failed = 1;
    } else {
        size_t i;
        while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
            if (do_unit(p, idx, dctx, names, &p->units[i]))
                p->failed = 1;
            progress(p, atomic_fetch_add(&p->done, 1) + 1);
        }
    }
    vg_clang_names_free(names);
    if (dctx)
        vg_detect_ctx_free(dctx);
    if (idx)
        clang_disposeIndex(idx);
    return NULL;
}

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static int run_pool(flow_pool *p, int jobs)
{
    int nw = jobs > 0 ? jobs : cores();
    if ((size_t)nw > p->n)
        nw = (int)p->n;
    pthread_t *tids = calloc((size_t)(nw ? nw : 1), sizeof *tids);
    if (!tids)
        return -1;
    /* libclang parses deep ASTs recursively (a 30,000-term expression
     * needs more than the 8 MiB thread it parses on by default, and a
     * stack overflow there kills the whole run): it parses on these
     * threads instead (LIBCLANG_NOTHREADS, set before they start), whose
     * stacks are reserved large; only the pages used are ever touched. */
    setenv("LIBCLANG_NOTHREADS", "1", 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)512 << 20);
    int started = 0;
    for (int i = 0; i < nw; i++)
        if (pthread_create(&tids[started], &attr, flow_work, p) == 0)
            started++;
    pthread_attr_destroy(&attr);
    if (!started && p->n)
        flow_work(p);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    return p->failed ? -1 : 0;
}

/* Apply `// vigie-ignore RULE: reason` to findings from index `from`. */
static void apply_suppressions(vg_findings *out, size_t from)
{
    const char *cur = NULL;
    char *buf = NULL;
    size_t len = 0;
    for (size_t i = from; i < out->count; i++) {
        vg_finding *f = &out->items[i];
        if (!f->loc.uri || f->loc.line <= 0)
            continue;
        if (!cur || strcmp(cur, f->loc.uri) != 0) {
            if (buf)
                munmap(buf, len);
            buf = NULL;
            len = 0;
            cur = f->loc.uri;
            struct stat st;
            int fd = vg_file_open(cur, &st, NULL);
            if (fd >= 0 && st.st_size > 0) {
                len = (size_t)st.st_size;
                buf = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
                if (buf == MAP_FAILED)
                    buf = NULL;
            }
            if (fd >= 0)
                close(fd);
        }
        if (!buf)
            continue;
        size_t off = 0;
        for (int line = 1; line < f->loc.line && off < len; off++)
            if (buf[off] == '\n')
                line++;
        char just[512];
        if (off <= len && vg_suppress_find(buf, len, off, f->rule_id, just, sizeof just))
            vg_finding_set_suppression(f, just);
    }
    if (buf)
        munmap(buf, len);
}

static int collect_units(const vg_scan_opts *o, const vg_compdb *db, const char *const *files,
                         size_t n, unit *units, size_t *nunits, vg_error *err)
{
    char real[PATH_MAX];
    *nunits = 0;
    for (size_t i = 0; i < n; i++) {
        const char *abs = realpath(files[i], real) ? real : files[i];
        const vg_compdb_entry *e = vg_compdb_find(db, abs);
        if (!e && is_header(abs))
            continue;           /* analysed through the units that include it */
        unit *u = &units[(*nunits)++];
        if (!(u->file = strdup(abs)))
            return vg_error_set(err, VG_ENOMEM, "out of memory");
        if (e) {
            u->args = (const char *const *)e->args;
            u->nargs = (int)e->nargs;
        } else {
            u->args = is_cxx(abs) ? cxx_defaults : c_defaults;
            u->nargs = 2;
        }
    }
    return 0;
}

int vg_flow_link_units(const vg_scan_opts *o, fl_tu *const *tus, size_t n, vg_findings *out)
{
    size_t from = out->count;
    if (vg_flow_engine_run(o, tus, n, out))
        return -1;
    unsigned facts = 0;
    for (size_t i = 0; i < n; i++)
        facts |= tus[i]->facts;
    for (size_t i = 0; i < n; i++) {
        /* a peer certificate taken in one unit, checked by another (the
         * handshake set up with SSL_VERIFY_PEER elsewhere) */
        if (facts & FL_FACT_PEER_CHECKED)
            vg_findings_drop_msg(&tus[i]->direct, "TLS004.unverified-peer");
        if (vg_findings_take(out, &tus[i]->direct))
            return -1;
    }
    apply_suppressions(out, from);
    return 0;
}

/* --extract: name every unit's entry for the manifest; a unit whose entry
 * could not be written fails the run (a later link would miss it). */
static int list_entries(const flow_pool *p, vg_entry_list *written, vg_error *err)
{
    for (size_t i = 0; i < p->n; i++) {
        const unit *u = &p->units[i];
        char name[64];
        if (!u->written)
            return vg_error_set(err, VG_EIO, "cannot write the extraction of %s to %s",
                                u->file, p->o->extract_dir);
        vg_flow_entry_name(u->key, name, sizeof name);
        if (vg_entry_list_add(written, name, vg_clang_relpath(p->root, u->file)))
            return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    return 0;
}

static int link_here(const vg_scan_opts *o, flow_pool *p, vg_findings *out, vg_error *err)
{
    fl_tu **tus = calloc(p->n, sizeof *tus);
    size_t k = 0;
    for (size_t i = 0; tus && i < p->n; i++)
        if (p->units[i].tu)
            tus[k++] = p->units[i].tu;
    int rc = 0;
    if (!tus || vg_flow_link_units(o, tus, k, out))
        rc = vg_error_set(err, VG_ENOMEM, "out of memory while following data flows");
    free(tus);
    if (!rc && o->cache_dir && p->store_failed)
        vg_findings_noticem(out, VG_LEVEL_WARNING, o->cache_dir, 0,
                            "notice.cache-unwritable", NULL);
    if (!rc && o->cache_dir)
        vg_findings_noticem(out, VG_LEVEL_NOTE, NULL, 0, "notice.cache-reuse",
                            "%zu" VG_ARG "%zu", (size_t)p->hits, p->n);
    return rc;
}

int vg_flow_extract(const vg_scan_opts *o, const char *const *files, size_t n,
                    vg_entry_list *written, vg_findings *out, vg_error *err)
{
    vg_compdb db = {0};
    const vg_compdb *dbp = o->compdb ? o->compdb : &db;
    if (!o->compdb && o->compile_commands && vg_compdb_load(o->compile_commands, &db, err))
        return -1;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    unit *units = calloc(n ? n : 1, sizeof *units);
    vg_detector *det = units ? vg_detector_new(o->rs, VG_DETECT_IDS, err) : NULL;
    flow_pool p = {.o = o, .det = det, .cwd = cwd, .root = o->root ? o->root : cwd,
                   .units = units};
    int rc = 0;
    if (!units)
        rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    else if (!det)
        rc = -1;
    if (!rc)
        rc = collect_units(o, dbp, files, n, units, &p.n, err);
    pthread_mutex_init(&p.lock, NULL);
    if (!rc && p.n) {
        p.salt = vg_flow_salt(o->rs, o->show_personal_data);
        if (run_pool(&p, o->jobs))
            rc = vg_error_set(err, VG_ENOMEM, "out of memory while analysing C/C++ code");
    }
    if (!rc && p.n && o->extract_dir && written)
        rc = list_entries(&p, written, err);
    else if (!rc && p.n && !o->extract_dir)
        rc = link_here(o, &p, out, err);
    for (size_t i = 0; units && i < n; i++) {
        if (units[i].tu) {
            fl_tu_free(units[i].tu);
            free(units[i].tu);
        }
        free(units[i].file);
    }
    pthread_mutex_destroy(&p.lock);
    free(units);
    vg_detector_free(det);
    vg_compdb_free(&db);
    return rc;
}

int vg_flow_scan(const vg_scan_opts *o, const char *const *files, size_t n,
                 vg_findings *out, vg_error *err)
{
    return vg_flow_extract(o, files, n, NULL, out, err);
}
