/*
 * Compilation database reader. jansson parses the JSON; this file only
 * turns each entry into libclang arguments.
 */
#include "vg_compdb.h"
#include "vg_file.h"

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void vg_compdb_argv_free(char **argv)
{
    if (!argv)
        return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int sv_push(strvec *s, char *str)
{
    if (!str)
        return -1;
    if (s->n + 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            free(str);
            return -1;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    s->v[s->n] = NULL;
    return 0;
}

char **vg_compdb_split(const char *cmd, size_t *n)
{
    strvec out = {0};
    size_t len = strlen(cmd);
    char *word = malloc(len + 1);
    if (!word)
        return NULL;
    const char *p = cmd;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        size_t w = 0;
        char quote = 0;
        for (; *p; p++) {
            if (quote) {
                if (*p == quote)
                    quote = 0;
                else if (*p == '\\' && quote == '"' && p[1] && strchr("\"\\$`", p[1]))
                    word[w++] = *++p;
                else
                    word[w++] = *p;
            } else if (*p == '"' || *p == '\'') {
                quote = *p;
            } else if (*p == '\\' && p[1]) {
                word[w++] = *++p;
            } else if (*p == ' ' || *p == '\t' || *p == '\n') {
                break;
            } else {
                word[w++] = *p;
            }
        }
        word[w] = '\0';
        if (sv_push(&out, strdup(word))) {
            free(word);
            vg_compdb_argv_free(out.v);
            return NULL;
        }
    }
    free(word);
    if (!out.v && sv_push(&out, strdup("")) == 0) {   /* empty command: empty list */
        free(out.v[0]);
        out.v[0] = NULL;
        out.n = 0;
    }
    if (n)
        *n = out.n;
    return out.v;
}

static char *join_path(const char *dir, const char *file)
{
    if (file[0] == '/' || !dir || !*dir)
        return strdup(file);
    size_t a = strlen(dir), b = strlen(file);
    char *s = malloc(a + b + 2);
    if (s) {
        memcpy(s, dir, a);
        s[a] = '/';
        memcpy(s + a + 1, file, b + 1);
    }
    return s;
}

/* Is word (relative to dir) the entry's own source file? */
static bool same_file(const char *dir, const char *word, const char *file)
{
    if (word[0] == '-' || !file)
        return false;
    char *p = join_path(dir, word);
    char real[PATH_MAX];
    bool same = p && realpath(p, real) && strcmp(real, file) == 0;
    free(p);
    return same;
}

/* Options that only matter to the compiler run itself, with the number of
 * words they take. */
static int drop_arg(const char *a)
{
    static const char *const one[] = {"-c", "-MD", "-MMD", "-M", "-MM", "-MP", "-MG", "-pipe", NULL};
    /* -working-directory too: the driver would chdir() the process (see
     * add_entry); the entry's own directory is passed the safe way. */
    static const char *const two[] = {"-o", "-MF", "-MT", "-MQ", "-working-directory", NULL};
    for (size_t i = 0; one[i]; i++)
        if (strcmp(a, one[i]) == 0)
            return 1;
    for (size_t i = 0; two[i]; i++)
        if (strcmp(a, two[i]) == 0)
            return 2;
    if (strncmp(a, "-o", 2) == 0 || strncmp(a, "-MF", 3) == 0 || strncmp(a, "-MT", 3) == 0 ||
        strncmp(a, "-working-directory=", 19) == 0)
        return 1;
    return 0;
}

static int add_entry(vg_compdb *db, json_t *e, size_t idx, vg_error *err)
{
    json_t *jdir = json_object_get(e, "directory");
    json_t *jfile = json_object_get(e, "file");
    json_t *jargs = json_object_get(e, "arguments");
    json_t *jcmd = json_object_get(e, "command");
    if (!json_is_string(jdir) || !json_is_string(jfile) ||
        !(json_is_array(jargs) || json_is_string(jcmd)))
        return vg_error_set(err, VG_EINPUT, "compilation database entry %zu needs \"directory\", "
                                 "\"file\" and \"arguments\" or \"command\"", idx + 1);
    const char *dir = json_string_value(jdir), *file = json_string_value(jfile);
    char **words = NULL;
    size_t nwords = 0;
    if (json_is_array(jargs)) {
        strvec w = {0};
        size_t i;
        json_t *v;
        json_array_foreach(jargs, i, v) {
            if (json_is_string(v) && sv_push(&w, strdup(json_string_value(v)))) {
                vg_compdb_argv_free(w.v);
                return vg_error_set(err, VG_ENOMEM, "out of memory");
            }
        }
        words = w.v;
        nwords = w.n;
    } else if (!(words = vg_compdb_split(json_string_value(jcmd), &nwords)))
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    int rc = vg_compdb_add(db, dir, (const char *const *)words, nwords, file, err);
    vg_compdb_argv_free(words);
    return rc;
}

int vg_compdb_add(vg_compdb *db, const char *dir, const char *const *words, size_t nwords,
                  const char *file, vg_error *err)
{
    char *abs = join_path(dir, file);
    char real[PATH_MAX];
    vg_compdb_entry ent = {0};
    strvec args = {0};
    int rc = 0;
    if (!abs) {
        rc = vg_error_set(err, VG_ENOMEM, "out of memory");
        goto done;
    }
    ent.file = strdup(realpath(abs, real) ? real : abs);
    for (size_t i = 1; i < nwords; i++) {       /* words[0] is the compiler */
        int d = drop_arg(words[i]);
        if (d) {
            i += (size_t)d - 1;
            continue;
        }
        if (strcmp(words[i], file) == 0 || strcmp(words[i], abs) == 0 ||
            same_file(dir, words[i], ent.file))
            continue;
        if (sv_push(&args, strdup(words[i])))
            rc = -1;
    }
    /* The entry's directory goes to the compiler front end only. Given to
     * the driver, -working-directory makes libclang chdir() the whole
     * process (LLVM's real file system follows the process's directory),
     * which moves every relative path vigie holds (-o, the SARIF base)
     * and races between threads parsing units of different directories.
     * The front end resolves relative -I and #include paths against it
     * without touching the process. */
    static const char *const wd[] = {"-Xclang", "-working-directory", "-Xclang"};
    for (size_t i = 0; i < 3; i++)
        if (sv_push(&args, strdup(wd[i])))
            rc = -1;
    if (sv_push(&args, strdup(dir)))
        rc = -1;
    if (rc || !ent.file) {
        rc = vg_error_set(err, VG_ENOMEM, "out of memory");
        goto done;
    }
    ent.args = args.v;
    ent.nargs = args.n;
    args.v = NULL;
    vg_compdb_entry *n = realloc(db->entries, (db->count + 1) * sizeof *n);
    if (!n) {
        rc = vg_error_set(err, VG_ENOMEM, "out of memory");
        goto done;
    }
    db->entries = n;
    db->entries[db->count++] = ent;
    ent.file = NULL;
    ent.args = NULL;
done:
    free(ent.file);
    vg_compdb_argv_free(ent.args);
    vg_compdb_argv_free(args.v);
    free(abs);
    return rc;
}

int vg_compdb_load(const char *path, vg_compdb *db, vg_error *err)
{
    struct stat st;
    char *file = NULL;
    memset(db, 0, sizeof *db);
    if (stat(path, &st) != 0)
        return vg_error_set(err, VG_ENOTFOUND, "%s: no such compilation database", path);
    file = S_ISDIR(st.st_mode) ? join_path(path, "compile_commands.json") : strdup(path);
    if (!file)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    char *text;
    size_t len;
    if (vg_file_read(file, VG_COMPDB_MAX_SIZE, &text, &len, err)) {
        free(file);
        return -1;
    }
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    free(text);
    if (!root) {
        vg_error_set(err, VG_EINPUT, "%s:%d:%d: %s", file, je.line, je.column, je.text);
        free(file);
        return -1;
    }
    int rc = 0;
    if (!json_is_array(root))
        rc = vg_error_set(err, VG_EINPUT, "%s: a compilation database is a JSON array of entries", file);
    size_t i;
    json_t *e;
    json_array_foreach(root, i, e) {
        if (rc)
            break;
        if (!json_is_object(e))
            rc = vg_error_set(err, VG_EINPUT, "%s: entry %zu is not an object", file, i + 1);
        else if (add_entry(db, e, i, err))
            rc = -1;
    }
    json_decref(root);
    free(file);
    if (rc)
        vg_compdb_free(db);
    return rc;
}

void vg_compdb_free(vg_compdb *db)
{
    for (size_t i = 0; i < db->count; i++) {
        free(db->entries[i].file);
        vg_compdb_argv_free(db->entries[i].args);
    }
    free(db->entries);
    memset(db, 0, sizeof *db);
}

const vg_compdb_entry *vg_compdb_find(const vg_compdb *db, const char *file)
{
    for (size_t i = 0; db && i < db->count; i++)
        if (strcmp(db->entries[i].file, file) == 0)
            return &db->entries[i];
    return NULL;
}
