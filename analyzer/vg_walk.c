#include "vg_walk.h"
#include "vg_vec.h"
#include "vg_file.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One gitignore pattern, with the directory of the file it came from. */
typedef struct ignore {
    char *base;      /* directory holding the .gitignore, with trailing '/' */
    char *pat;
    bool negate, dir_only, anchored;
} ignore;

typedef struct ignores {
    ignore *v;
    size_t n, cap;
} ignores;

static int push_path(vg_filelist *l, const char *p)
{
    char **n = vg_vec_grow(l->paths, &l->cap, l->count + 1, sizeof *n);
    if (!n)
        return -1;
    l->paths = n;
    if (!(l->paths[l->count] = strdup(p)))
        return -1;
    l->count++;
    return 0;
}

static void load_gitignore(ignores *ig, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/.gitignore", dir);
    /* absent is the usual case; a FIFO or a directory there is not read */
    FILE *f = vg_file_fopen(path, NULL);
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        if (!n || line[0] == '#')
            continue;
        ignore e = {0};
        char *p = line;
        if (*p == '!') {
            e.negate = true;
            p++;
        }
        size_t pl = strlen(p);
        if (pl && p[pl - 1] == '/') {
            e.dir_only = true;
            p[--pl] = '\0';
        }
        if (*p == '/') {
            e.anchored = true;
            p++;
        } else if (strchr(p, '/'))
            e.anchored = true;      /* a slash inside makes it relative to base */
        if (!*p)
            continue;
        ignore *nv = vg_vec_grow(ig->v, &ig->cap, ig->n + 1, sizeof *nv);
        if (!nv)
            break;
        ig->v = nv;
        e.pat = strdup(p);
        size_t dl = strlen(dir);
        e.base = malloc(dl + 2);
        if (!e.pat || !e.base) {
            free(e.pat);
            free(e.base);
            break;
        }
        snprintf(e.base, dl + 2, "%s/", dir);
        ig->v[ig->n++] = e;
    }
    fclose(f);
}

/* Last matching pattern wins, as in git. */
static bool ignored(const ignores *ig, const char *path, const char *name, bool is_dir)
{
    bool result = false;
    for (size_t i = 0; i < ig->n; i++) {
        const ignore *e = &ig->v[i];
        if (e->dir_only && !is_dir)
            continue;
        size_t bl = strlen(e->base);
        if (strncmp(path, e->base, bl) != 0)
            continue;
        bool m = e->anchored ? fnmatch(e->pat, path + bl, FNM_PATHNAME) == 0
                             : fnmatch(e->pat, name, 0) == 0;
        if (m)
            result = !e->negate;
    }
    return result;
}

static void pop_ignores(ignores *ig, size_t keep)
{
    while (ig->n > keep) {
        ig->n--;
        free(ig->v[ig->n].pat);
        free(ig->v[ig->n].base);
    }
}

static int walk_dir(const char *dir, vg_filelist *out, ignores *ig, vg_error *err)
{
    size_t keep = ig->n;
    load_gitignore(ig, dir);
    DIR *d = opendir(dir);
    if (!d) {
        pop_ignores(ig, keep);
        return vg_error_set(err, vg_error_code_errno(errno), "%s: cannot read directory: %s", dir,
                            strerror(errno));
    }
    struct dirent *de;
    int rc = 0;
    while (!rc && (de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, ".git") == 0)
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
            continue;
        struct stat st;
        if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
            continue;
        bool is_dir = S_ISDIR(st.st_mode);
        if (ignored(ig, path, name, is_dir))
            continue;
        if (is_dir)
            rc = walk_dir(path, out, ig, err);
        else if (S_ISREG(st.st_mode) && push_path(out, path))
            rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    closedir(d);
    pop_ignores(ig, keep);
    return rc;
}

int vg_walk(const char *path, vg_filelist *out, vg_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return vg_error_set(err, vg_error_code_errno(errno), "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            dir[--n] = '\0';
        ignores ig = {0};
        int rc = walk_dir(dir, out, &ig, err);
        pop_ignores(&ig, 0);
        free(ig.v);
        return rc;
    }
    if (!S_ISREG(st.st_mode))
        return vg_error_set(err, VG_EINPUT, "%s: not a regular file or directory", path);
    return push_path(out, path) ? vg_error_set(err, VG_ENOMEM, "out of memory") : 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void vg_filelist_sort(vg_filelist *l)
{
    if (l->count > 1)
        qsort(l->paths, l->count, sizeof *l->paths, cmp_str);
}

void vg_filelist_free(vg_filelist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
