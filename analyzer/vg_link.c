/*
 * Link: read every entry, keep the good ones once, say why each other one
 * was left out, and end in the single-machine step (vg_flow_link_units).
 * Entries are read in a fixed order (directories as given, names sorted)
 * so that which duplicate wins, and every notice, is reproducible.
 */
#include "vg_link.h"
#include "vg_vec.h"
#include "vg_conf.h"
#include "vg_flow.h"
#include "vg_flow_cache.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct item {
    char *path;                 /* DIR/NAME */
    const char *name;           /* points into path */
    size_t dir;                 /* index of its directory on the command line */
    bool ok, listed;
    vg_flow_entry e;            /* when ok */
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int push(items *l, const char *dir, const char *name, size_t di)
{
    item *v = vg_vec_grow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v)
        return -1;
    l->v = v;
    item *it = &l->v[l->n];
    memset(it, 0, sizeof *it);
    size_t a = strlen(dir), b = strlen(name);
    if (!(it->path = malloc(a + b + 2)))
        return -1;
    memcpy(it->path, dir, a);
    it->path[a] = '/';
    memcpy(it->path + a + 1, name, b + 1);
    it->name = it->path + a + 1;
    it->dir = di;
    l->n++;
    return 0;
}

static int by_dir_name(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    if (a->dir != b->dir)
        return a->dir < b->dir ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* List DIR's entries into l; a half-written entry left by a killed job is
 * reported at once. */
static int list_dir(const char *dir, size_t di, items *l, vg_findings *out, vg_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return vg_error_set(err, vg_error_code_errno(errno),
                            "%s: cannot read this extraction directory: %s", dir,
                            strerror(errno));
    struct dirent *de;
    size_t first = l->n;
    int rc = 0;
    while (!rc && (de = readdir(d))) {
        if (ends_with(de->d_name, VG_FLOW_EXT))
            rc = push(l, dir, de->d_name, di);
        else if (ends_with(de->d_name, ".tmp") && strstr(de->d_name, VG_FLOW_EXT "."))
            rc = vg_findings_noticem(out, VG_LEVEL_WARNING, NULL, 0, "notice.link-half-written",
                                     "%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (rc)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    qsort(l->v + first, l->n - first, sizeof *l->v, by_dir_name);
    return 0;
}

static item *find(items *l, size_t di, const char *name)
{
    item key = {.dir = di, .name = name};
    return bsearch(&key, l->v, l->n, sizeof *l->v, by_dir_name);
}

typedef struct reader {
    items *l;
    uint64_t salt;
    const char *root;
    atomic_size_t next;
    atomic_int oom;
} reader;

static void *read_some(void *arg)
{
    reader *r = arg;
    size_t i;
    while ((i = atomic_fetch_add(&r->next, 1)) < r->l->n) {
        item *it = &r->l->v[i];
        int st = vg_flow_entry_read(it->path, r->salt, r->root, &it->e);
        if (st < 0)
            r->oom = 1;
        it->ok = st == VG_ENTRY_OK;
    }
    return NULL;
}

/* Read every entry on jobs threads; notices afterwards, in order, so
 * they do not depend on scheduling. */
static int read_all(items *l, uint64_t salt, int jobs, vg_findings *out)
{
    char root[PATH_MAX];
    if (!getcwd(root, sizeof root))
        root[0] = 0;
    reader r = {.l = l, .salt = salt, .root = root};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int nw = jobs > 0 ? jobs : cores > 0 ? (int)cores : 1;
    if ((size_t)nw > l->n)
        nw = l->n ? (int)l->n : 1;
    pthread_t tids[64];
    int started = 0;
    for (int i = 0; i < nw && i < 64; i++)
        if (pthread_create(&tids[started], NULL, read_some, &r) == 0)
            started++;
    if (!started)
        read_some(&r);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    if (r.oom)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        item *it = &l->v[i];
        if (!it->ok &&
            vg_findings_noticem(out, VG_LEVEL_WARNING, NULL, 0, "notice.link-bad-entry",
                                "%s" VG_ARG "%s", it->path, it->e.why))
            return -1;
    }
    return 0;
}

/* Which shards of each split are present, and whether what a manifest
 * lists is there. */
static int check_manifests(items *l, char *const *dirs, vg_findings *out)
{
    int rc = 0;
    int split = 0;              /* the first shard count seen */
    for (size_t i = 0; !rc && i < l->n; i++) {
        const item *it = &l->v[i];
        if (!it->ok || it->e.kind != VG_ENTRY_MANIFEST)
            continue;
        const vg_manifest *m = &it->e.manifest;
        if (!split)
            split = m->shard_n;
        else if (m->shard_n != split)
            rc = vg_findings_noticem(out, VG_LEVEL_WARNING, NULL, 0, "notice.link-mixed-split",
                                     "%s" VG_ARG "%d" VG_ARG "%d", it->path, m->shard_n, split);
        for (size_t k = 0; !rc && k < m->nentries; k++) {
            item *x = find(l, it->dir, m->entries[k]);
            if (x)
                x->listed = true;
            else
                rc = vg_findings_noticem(out, VG_LEVEL_WARNING, NULL, 0,
                                         "notice.link-entry-missing",
                                         "%s" VG_ARG "%d" VG_ARG "%d" VG_ARG "%s" VG_ARG "%s"
                                         VG_ARG "%s", it->path, m->shard_k, m->shard_n,
                                         m->entries[k], m->units[k], dirs[it->dir]);
        }
    }
    if (rc || !split)
        return rc;
    /* Every shard of every split seen must have its manifest. */
    for (size_t i = 0; !rc && i < l->n; i++) {
        const item *it = &l->v[i];
        if (!it->ok || it->e.kind != VG_ENTRY_MANIFEST)
            continue;
        int n = it->e.manifest.shard_n;
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = !(l->v[j].ok && l->v[j].e.kind == VG_ENTRY_MANIFEST &&
                      l->v[j].e.manifest.shard_n == n);
        if (!first)
            continue;
        bool *seen = calloc((size_t)n + 1, 1);
        if (!seen)
            return -1;
        for (size_t j = 0; j < l->n; j++) {
            const item *y = &l->v[j];
            if (!y->ok || y->e.kind != VG_ENTRY_MANIFEST || y->e.manifest.shard_n != n)
                continue;
            int k = y->e.manifest.shard_k;
            if (seen[k])
                rc = vg_findings_noticem(out, VG_LEVEL_NOTE, NULL, 0, "notice.link-shard-twice",
                                         "%s" VG_ARG "%d" VG_ARG "%d", y->path, k, n);
            seen[k] = true;
        }
        for (int k = 1; !rc && k <= n; k++)
            if (!seen[k])
                rc = vg_findings_noticem(out, VG_LEVEL_WARNING, NULL, 0,
                                         "notice.link-shard-missing", "%d" VG_ARG "%d", k, n);
        free(seen);
    }
    return rc;
}

/* In a directory that has a manifest, only the entries it lists belong to
 * the extraction; the others are left from earlier runs into the same
 * directory (kept there as a cache) and are not linked. */
static int drop_unlisted(items *l, size_t ndirs, char *const *dirs, vg_findings *out)
{
    size_t *left = calloc(ndirs ? ndirs : 1, sizeof *left);
    bool *has = calloc(ndirs ? ndirs : 1, sizeof *has);
    int rc = left && has ? 0 : -1;
    for (size_t i = 0; !rc && i < l->n; i++)
        if (l->v[i].ok && l->v[i].e.kind == VG_ENTRY_MANIFEST)
            has[l->v[i].dir] = true;
    for (size_t i = 0; !rc && i < l->n; i++) {
        item *it = &l->v[i];
        if (it->ok && it->e.kind != VG_ENTRY_MANIFEST && has[it->dir] && !it->listed) {
            left[it->dir]++;
            it->ok = false;
            vg_flow_entry_free(&it->e);
        }
    }
    for (size_t d = 0; !rc && d < ndirs; d++)
        if (left[d])
            rc = vg_findings_noticem(out, VG_LEVEL_NOTE, NULL, 0, "notice.link-unlisted",
                                     "%s" VG_ARG "%zu", dirs[d], left[d]);
    free(left);
    free(has);
    return rc;
}

/* Units in single-machine order (their path), then command-line and name
 * order. */
static int by_unit(const void *pa, const void *pb)
{
    const item *a = *(item *const *)pa, *b = *(item *const *)pb;
    int c = strcmp(a->e.unit, b->e.unit);
    if (c)
        return c;
    return by_dir_name(a, b);
}

/* The kept entries of one kind, once per unit, in unit order. */
static item **pick(items *l, vg_entry_kind kind, size_t *nout, vg_findings *out)
{
    item **v = malloc((l->n ? l->n : 1) * sizeof *v);
    size_t n = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].ok && l->v[i].e.kind == kind)
            v[n++] = &l->v[i];
    qsort(v, n, sizeof *v, by_unit);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w && strcmp(v[w - 1]->e.unit, v[i]->e.unit) == 0) {
            if (vg_findings_noticem(out, VG_LEVEL_NOTE, v[i]->e.unit, 0, "notice.link-twice",
                                    "%s" VG_ARG "%s" VG_ARG "%s", v[i]->e.unit, v[w - 1]->path,
                                    v[i]->path)) {
                free(v);
                return NULL;
            }
            continue;
        }
        v[w++] = v[i];
    }
    *nout = w;
    return v;
}

static int link_items(const vg_scan_opts *o, items *l, vg_findings *out)
{
    size_t nu = 0, nf = 0;
    item **units = pick(l, VG_ENTRY_UNIT, &nu, out);
    item **files = units ? pick(l, VG_ENTRY_FILE, &nf, out) : NULL;
    fl_tu **tus = files ? malloc((nu ? nu : 1) * sizeof *tus) : NULL;
    int rc = tus ? 0 : -1;
    for (size_t i = 0; !rc && i < nu; i++)
        tus[i] = &units[i]->e.tu;
    if (!rc)
        rc = vg_flow_link_units(o, tus, nu, out);
    for (size_t i = 0; !rc && i < nf; i++)
        rc = vg_findings_take(out, &files[i]->e.tu.direct);
    for (size_t i = 0; !rc && i < l->n; i++)
        if (l->v[i].ok && l->v[i].e.kind == VG_ENTRY_MANIFEST)
            rc = vg_findings_take(out, &l->v[i].e.tu.direct);
    if (!rc && !nu && !nf)
        rc = vg_findings_noticem(out, VG_LEVEL_WARNING, NULL, 0, "notice.link-nothing", NULL);
    free(tus);
    free(files);
    free(units);
    return rc;
}

int vg_link(const vg_scan_opts *o, char *const *dirs, size_t ndirs, vg_findings *out,
            vg_error *err)
{
    items l = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < ndirs; i++)
        rc = list_dir(dirs[i], i, &l, out, err);
    if (!rc && (read_all(&l, vg_flow_salt(o->rs, o->show_personal_data), o->jobs, out) ||
                check_manifests(&l, dirs, out) || drop_unlisted(&l, ndirs, dirs, out) ||
                link_items(o, &l, out)))
        rc = vg_error_set(err, VG_ENOMEM, "out of memory while linking");
    vg_findings_sort(out);
    vg_findings_dedup(out);
    for (size_t i = 0; i < l.n; i++) {
        if (l.v[i].ok)
            vg_flow_entry_free(&l.v[i].e);
        free(l.v[i].path);
    }
    free(l.v);
    return rc;
}
