/*
 * libclang walk: turns each function defined outside system headers into
 * the flow IR. Only what data flow needs is kept: which places a value
 * comes from, what is assigned where, which function is called with what.
 * Control flow is flattened to source order (the engine runs the body of
 * each loop of a function twice, which covers loops for the kinds of flow
 * we follow).
 */
#include "vg_clang.h"
#include "vg_clang_misuse.h"
#include "vg_hash.h"
#include "vg_vec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

typedef struct vec {
    void *v;
    size_t n, cap;
} vec;

/* A zeroed new last element; NULL out of memory (x unchanged). The
 * growth step is util's, so an overflowing size fails instead of wrapping. */
static void *vec_push(vec *x, size_t elsz)
{
    void *v = vg_vec_grow(x->v, &x->cap, x->n + 1, elsz);
    if (!v)
        return NULL;
    x->v = v;
    void *p = (char *)x->v + x->n++ * elsz;
    memset(p, 0, elsz);
    return p;
}

/* Does a vec of names (const char *) hold name? */
static bool names_have(const vec *v, const char *name)
{
    for (size_t k = 0; name && k < v->n; k++) {
        const char *n = ((const char **)v->v)[k];
        if (n && !strcmp(n, name))
            return true;
    }
    return false;
}

typedef struct filememo {
    CXFile f;
    const char *name;
    int sys;
} filememo;

/* Template instantiations a unit calls are walked as functions of their
 * own (their bodies are resolved: a format pack forwarded to a logger, a
 * member template's object), at most SPEC_MAX per unit. */
#define SPEC_SLOTS 8192
#define SPEC_MAX 4096

#define CUT_MAX 8               /* pointers to a separator followed per function */

#define RERUN_MAX 64

#define SCOPE_CACHE 16        /* scopes whose vocabulary is remembered */

typedef struct walk {
    const vg_clang_job *j;
    const vg_ruleset *rs;
    fl_tu *t;
    CXTranslationUnit tu;
    filememo memo[8];
    unsigned memo_next;
    vec calls, stmts;       /* of the function being built */
    vec declared;           /* its locals: a second variable of one name is another place */
    vec renamed;
    const char *fname;
    CXCursor fn;                /* the function being walked */
    int16_t *pcats;             /* its parameters' categories (fl_func.pcats), or NULL */
    int nparams;
    vec pending_peer;       /* SSL_get_peer_certificate calls, judged at the end */
    vec accept_all;         /* names of functions whose every return is 1 */
    vec servers;            /* functions that put a connection in server mode */
    vec server_ctxs;        /* fields (USRs) given a context made with a server method */
    vec other_ctxs;         /* ... and with a client or either-role method */
    vec pending_verify;     /* SSL_*_set_verify calls, judged at the end */
    vec specs;              /* template instantiations called, walked after the unit */
    uint32_t spec_seen[SPEC_SLOTS];     /* their USR hashes (0: free slot) */
    size_t nspecs_seen;
    vec pending_settings;   /* SSL_CTX_* cipher and protocol settings of the function
                               being built, judged at its end */
    struct { const char *name; int cat; } icache[1024];   /* ident_category memo */
    CXFile last_file;       /* file_text memo: the file last read, and its text */
    const char *last_text;
    size_t last_size;
    struct { CXCursor scope; unsigned long long context; bool used; } scopes[SCOPE_CACHE];
                            /* scope_context memo */
    const char **strtab;    /* interned names: one copy per unit */
    size_t strcap, nstr;
    struct declinfo *decls; /* DECL_CACHE entries, direct-mapped */
    int manual_verify;      /* the unit checks SSL_get_verify_result itself */
    int in_index;           /* inside a table index: integers carry the data there */
    int as_byte;            /* inside a value stored as one byte (*out++ = (t[a] << 2) |
                               (t[b] >> 4)): the integer arithmetic moves the text's
                               bits about, as a decoder does */
    int nbranch;            /* branches joined so far in this function (temporary names) */
    vec fresh;              /* its local containers made here and only filled from
                               their arguments (fresh_scan): CXCursor, then a bool
                               "bad" per entry in fresh_bad */
    vec fresh_bad;
    CXCursor body;          /* of the function being built, for fresh_scan */
    bool fresh_done;        /* fresh_scan ran on it (only once a local container is
                               met: most functions never pay for it) */
    fl_range reruns[RERUN_MAX]; /* its loops' statements (fl_func.reruns) */
    size_t nreruns;
    bool masks;             /* ... stores the mask character through a pointer */
    struct { const char *ptr, *base; } cuts[CUT_MAX];   /* c = strpbrk(buf, " "): c
                               points at buf's first word separator */
    size_t ncuts;
    struct wguard { uint8_t kind; int8_t param; long long val; } guard, after_guard;
                            /* the test on a parameter the statements being built run
                               under (fl_stmt.gkind), and the one the rest of a block
                               runs under after an if whose arm returns */
    const char *reset_dst, *reset_src;  /* b->dptr = b->data: the cursor was just put
                               at the start of its storage (no write to it since) */
    const char *null_tested;    /* the pointer the enclosing if tests for NULL */
    const char *pend_empty[4];  /* emptied under that test: emptied after the if */
    size_t npend_empty;
    int depth;              /* eval/walk_stmt recursion: bounded by WALK_MAX_DEPTH */
    bool deep_noted;        /* the unit's one notice for it is out */
    int oom;
} walk;

/* Generated or hostile code nests expressions thousands deep (a+a+...+a
 * is a left-deep tree); past this the walk stops descending and says so
 * once per unit instead of running out of stack. */
#define WALK_MAX_DEPTH 1000

typedef struct pending {
    fl_call call;
    const char *file, *fname;
    const char *ctx_field;  /* _set_verify on a struct field's context: its USR */
} pending;

/* ---- small libclang helpers ---- */

/* Children of a cursor; most nodes have a few, kept on the stack. */
typedef struct kids {
    CXCursor *v;
    size_t n, cap;
    CXCursor small[6];
} kids;

static enum CXChildVisitResult kid_cb(CXCursor c, CXCursor parent, CXClientData d)
{
    kids *k = d;
    if (!k->v) {
        k->v = k->small;
        k->cap = sizeof k->small / sizeof k->small[0];
    }
    if (k->n == k->cap) {
        size_t cap = k->cap * 2;
        CXCursor *v = k->v == k->small ? malloc(cap * sizeof *v) : realloc(k->v, cap * sizeof *v);
        if (!v)
            return CXChildVisit_Break;
        if (k->v == k->small)
            memcpy(v, k->small, sizeof k->small);
        k->v = v;
        k->cap = cap;
    }
    k->v[k->n++] = c;
    return CXChildVisit_Continue;
}

static void kids_free(kids *k)
{
    if (k->v != k->small)
        free(k->v);
}

static void kids_get(CXCursor c, kids *k)
{
    k->n = 0;
    clang_visitChildren(c, kid_cb, k);
}

/* One arena copy per distinct string in a unit: the same identifiers
 * recur thousands of times, and the IR of every unit stays in memory
 * until the engine has run. */
static const char *intern(walk *w, const char *str)
{
    if (w->nstr * 2 >= w->strcap) {
        size_t cap = w->strcap ? w->strcap * 2 : 1024;
        const char **t = calloc(cap, sizeof *t);
        if (!t) {
            w->oom = 1;
            return NULL;
        }
        for (size_t i = 0; i < w->strcap; i++)
            if (w->strtab[i]) {
                uint32_t h = vg_fnv32_str(w->strtab[i], VG_FNV32_INIT);
                size_t j = h & (cap - 1);
                while (t[j])
                    j = (j + 1) & (cap - 1);
                t[j] = w->strtab[i];
            }
        free(w->strtab);
        w->strtab = t;
        w->strcap = cap;
    }
    uint32_t h = vg_fnv32_str(str, VG_FNV32_INIT);
    size_t j = h & (w->strcap - 1);
    while (w->strtab[j]) {
        if (!strcmp(w->strtab[j], str))
            return w->strtab[j];
        j = (j + 1) & (w->strcap - 1);
    }
    const char *r = vg_arena_strdup(&w->t->arena, str);
    if (!r) {
        w->oom = 1;
        return NULL;
    }
    w->strtab[j] = r;
    w->nstr++;
    return r;
}

static const char *spell(walk *w, CXCursor c)
{
    CXString s = clang_getCursorSpelling(c);
    const char *r = intern(w, clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return r;
}

/* What a referenced declaration is, worked out once per declaration:
 * references vastly outnumber declarations. */
#define DECL_CACHE 4096
typedef struct declinfo {
    CXCursor d;
    bool used, sys;
    enum CXCursorKind kind;
    const char *name;
    int cat;                /* the category its name says, if its type can hold it */
    int namecat;            /* the category its name says, whatever its type */
    bool logname;           /* a text variable named like a log (logdir, log_path) */
    bool fmt;               /* a function of the {fmt} library: modelled, never walked */
    int typecat;            /* a record type whose values are personal data, or -1 */
    const char *gkey;       /* a file-scope variable's place, shared by every function */
    bool text_record;       /* a string class or va_list: its values are text */
} declinfo;

static int ident_category(walk *w, const char *name);
static int param_index(CXCursor fn, CXCursor d);
static bool in_system(CXCursor decl);
static bool in_fmt_namespace(CXCursor fn);

/* ---- what a type can hold ---- */

/* TY_TEXT: characters, strings, buffers, string classes: content.
 * TY_INTEGER: an integer wider than a character: only numeric data (a
 * SIN, a PIN) fits. TY_NOTHING: bool, enum, floating point, function
 * pointers. TY_HANDLE: a struct or class, or a pointer to one: it has
 * fields that may hold data, but is not itself text. */
enum { TY_TEXT, TY_INTEGER, TY_NOTHING, TY_HANDLE };

static struct declinfo decl_info(walk *w, CXCursor d);
static bool record_text(walk *w, CXType t);

/* std::basic_string, OFString, QString, string_view, a project's `str`
 * or dynbuf: values of these classes carry their content. */
static bool string_name(const char *n)
{
    char low[64];
    size_t i = 0;
    for (; n[i] && i < sizeof low - 1; i++)
        low[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
    low[i] = 0;
    return strstr(low, "string") || (i >= 3 && !strcmp(low + i - 3, "str")) ||
           !strcmp(low, "dynbuf") || !strcmp(low, "strbuf") || !strcmp(low, "buffer");
}

static bool va_name(const char *n)
{
    return !strcmp(n, "__va_list_tag") || !strcmp(n, "__va_list");
}

static int type_holds(walk *w, CXType t)
{
    t = clang_getCanonicalType(t);
    switch (t.kind) {
    case CXType_Bool: case CXType_Enum: case CXType_Float: case CXType_Double:
    case CXType_LongDouble: case CXType_Half: case CXType_Float16: case CXType_Float128:
    case CXType_Short: case CXType_UShort: case CXType_FunctionProto:
    case CXType_FunctionNoProto: case CXType_Void: case CXType_NullPtr:
        return TY_NOTHING;
    case CXType_Int: case CXType_UInt: case CXType_Long: case CXType_ULong:
    case CXType_LongLong: case CXType_ULongLong: case CXType_Int128: case CXType_UInt128:
        return TY_INTEGER;
    case CXType_LValueReference: case CXType_RValueReference:
        return type_holds(w, clang_getPointeeType(t));
    case CXType_Pointer: {
        CXType p = clang_getCanonicalType(clang_getPointeeType(t));
        if (p.kind == CXType_FunctionProto || p.kind == CXType_FunctionNoProto)
            return TY_NOTHING;
        if (p.kind == CXType_Record)
            return record_text(w, p) ? TY_TEXT : TY_HANDLE;
        if (p.kind == CXType_Pointer)           /* char **argv, a list of strings */
            return type_holds(w, p) == TY_TEXT ? TY_TEXT : TY_HANDLE;
        return TY_TEXT;
    }
    case CXType_Record:
        return record_text(w, t) ? TY_TEXT : TY_HANDLE;
    case CXType_ConstantArray: case CXType_IncompleteArray: case CXType_VariableArray: {
        CXType e = clang_getCanonicalType(clang_getArrayElementType(t));
        if (e.kind == CXType_Record)
            return record_text(w, e) ? TY_TEXT : TY_HANDLE;
        return type_holds(w, e) == TY_NOTHING ? TY_NOTHING : TY_TEXT;
    }
    default:
        return TY_TEXT;
    }
}

static declinfo decl_info(walk *w, CXCursor d);

/* The category a value of this type is, whatever its name: a DICOM data
 * set (or a pointer or reference to one) is health data. */
static int type_category(walk *w, CXType t)
{
    t = clang_getCanonicalType(t);
    /* DcmDataset **answers is a list of data sets: peel every level */
    for (int depth = 0; depth < 4 && (t.kind == CXType_Pointer || t.kind == CXType_LValueReference ||
                                      t.kind == CXType_RValueReference); depth++)
        t = clang_getCanonicalType(clang_getPointeeType(t));
    if (t.kind != CXType_Record)
        return -1;
    CXCursor d = clang_getTypeDeclaration(t);
    if (clang_Cursor_isNull(d))
        return -1;
    return decl_info(w, d).typecat;
}

/* A name is a source only if its type can hold the data it names: an
 * `int password_len`, a `bool have_passwd` or an `SSL_SESSION *ssn` hold
 * no password and no SIN. */
static int typed_category(walk *w, int cat, CXType t)
{
    if (cat < 0)
        return -1;
    int h = type_holds(w, t);
    if (h == TY_TEXT)
        return cat;
    if (h == TY_INTEGER && w->rs->categories[cat].numeric)
        return cat;
    return -1;
}

/* A file's text, as libclang holds it: the last one asked is kept, since
 * libclang finds a header's buffer by a scan of the unit's files. */
static const char *file_text(walk *w, CXFile f, size_t *size)
{
    if (!w->last_file || !clang_File_isEqual(w->last_file, f)) {
        w->last_text = clang_getFileContents(w->tu, f, &w->last_size);
        w->last_file = f;
    }
    *size = w->last_size;
    return w->last_text;
}

/* The vocabulary of a struct's or a function's own text. */
static unsigned long long extent_context(walk *w, CXCursor scope)
{
    if (clang_Cursor_isNull(scope) || clang_getCursorKind(scope) == CXCursor_TranslationUnit)
        return VG_CONTEXT_UNKNOWN;
    CXSourceRange r = clang_getCursorExtent(scope);
    CXFile fa, fb;
    unsigned a, b;
    clang_getSpellingLocation(clang_getRangeStart(r), &fa, NULL, NULL, &a);
    clang_getSpellingLocation(clang_getRangeEnd(r), &fb, NULL, NULL, &b);
    if (!fa || !fb || !clang_File_isEqual(fa, fb) || b <= a)
        return VG_CONTEXT_UNKNOWN;
    size_t size;
    const char *buf = file_text(w, fa, &size);
    if (!buf || b > size)
        return VG_CONTEXT_UNKNOWN;
    return vg_ruleset_context(w->rs, buf + a, b - a);
}

/* The vocabulary around a declaration: the struct a field belongs to,
 * the function a variable lives in ("nas" beside "shortname" and
 * "port" is a network access server, beside "nom" an SIN). */
static unsigned long long scope_context(walk *w, CXCursor d)
{
    CXCursor scope = clang_getCursorSemanticParent(d);
    /* the fields of one struct, the variables of one function: the same
     * text is read again for each ambiguous name in it */
    unsigned slot = clang_hashCursor(scope) & (SCOPE_CACHE - 1);
    if (w->scopes[slot].used && clang_equalCursors(w->scopes[slot].scope, scope))
        return w->scopes[slot].context;
    unsigned long long ctx = extent_context(w, scope);
    w->scopes[slot].used = true;
    w->scopes[slot].scope = scope;
    w->scopes[slot].context = ctx;
    return ctx;
}

static void where(walk *w, CXCursor c, const char **file, int *line, int *col);

/* A field read with the name of its record, when the record's name is
 * one word that heads the phrase and names nothing alone: struct key {
 * uint8_t cipher[], hmac[]; } holds a cipher key and an HMAC key. Only
 * credentials: a record named for other data (struct patient) is its
 * type's business (types). */
static int record_field_category(walk *w, CXCursor field, const char *name)
{
    CXCursor rec = clang_getCursorSemanticParent(field);
    enum CXCursorKind rk = clang_getCursorKind(rec);
    if (rk != CXCursor_StructDecl && rk != CXCursor_ClassDecl && rk != CXCursor_UnionDecl)
        return -1;
    const char *rname = spell(w, rec);
    if (!rname || !*rname || strlen(rname) > 12 || strchr(rname, '_'))
        return -1;
    for (const char *q = rname + 1; *q; q++)
        if (isupper((unsigned char)*q))
            return -1;                  /* one word only: "key", not "KeySource" */
    /* struct mypasswd is a passwd line: its fields are the line's fields */
    const char *rid = intern(w, rname);
    if (!rid || ident_category(w, rid) >= 0)
        return -1;
    char both[160];
    snprintf(both, sizeof both, "%.100s_%s", name, rname);
    const char *id = intern(w, both);
    int cat = id ? ident_category(w, id) : -1;
    return cat >= 0 && w->rs->categories[cat].credential ? cat : -1;
}

/* What a declaration is, memoised per unit in a direct-mapped cache. By
 * value: working it out looks up other declarations (its type's record),
 * which may land in the same slot, and a caller's pointer into the cache
 * would change under it when a later lookup takes the slot. Which slots
 * collide depends on where libclang put the cursors in memory, so that
 * made results differ from run to run. */
static declinfo decl_info(walk *w, CXCursor d)
{
    unsigned h = clang_hashCursor(d);
    declinfo *slot = &w->decls[h & (DECL_CACHE - 1)];
    if (slot->used && clang_equalCursors(slot->d, d))
        return *slot;
    declinfo n = {0}, *x = &n;
    x->used = true;
    x->d = d;
    x->kind = clang_getCursorKind(d);
    x->sys = in_system(d);
    x->name = spell(w, d);
    x->cat = x->name && !x->sys ? ident_category(w, x->name) : -1;
    if (x->cat >= 0 && vg_ruleset_has_ambiguous(w->rs, x->name)) {
        const vg_category *c = vg_ruleset_match_identifier_in(w->rs, x->name,
                                                              scope_context(w, d));
        x->cat = c ? (int)(c - w->rs->categories) : -1;
    }
    if (x->cat < 0 && x->name && !x->sys && x->kind == CXCursor_FieldDecl)
        x->cat = record_field_category(w, d, x->name);
    x->namecat = x->cat;
    x->typecat = -1;
    if (x->name && (x->kind == CXCursor_StructDecl || x->kind == CXCursor_ClassDecl ||
                    x->kind == CXCursor_ClassTemplate || x->kind == CXCursor_UnionDecl)) {
        const vg_category *tc = vg_ruleset_match_type(w->rs, x->name);
        x->typecat = tc ? (int)(tc - w->rs->categories) : -1;
    }
    x->text_record = x->name && (string_name(x->name) || va_name(x->name));
    /* What the name alone says, in the slot while the type is worked out:
     * a record whose type is itself (struct patient) finds it there and
     * the lookup ends. */
    *slot = n;
    if (x->cat >= 0) {
        CXType t = clang_getCursorType(d);
        if (x->kind == CXCursor_FunctionDecl || x->kind == CXCursor_CXXMethod)
            t = clang_getResultType(t);
        x->cat = typed_category(w, x->cat, t);
    }
    if (x->kind == CXCursor_VarDecl && !x->sys && x->name) {
        enum CXCursorKind pk = clang_getCursorKind(clang_getCursorSemanticParent(d));
        if (pk == CXCursor_TranslationUnit || pk == CXCursor_Namespace) {
            /* "::last_seen"; a static one is its file's own ("::a.c:last_seen") */
            char buf[600];
            if (clang_Cursor_getStorageClass(d) == CX_SC_Static) {
                const char *file;
                int line, col;
                where(w, d, &file, &line, &col);
                snprintf(buf, sizeof buf, "::%.300s:%.250s", file, x->name);
            } else
                snprintf(buf, sizeof buf, "::%.500s", x->name);
            x->gkey = intern(w, buf);
        }
    }
    x->fmt = (x->kind == CXCursor_FunctionDecl || x->kind == CXCursor_FunctionTemplate ||
              x->kind == CXCursor_CXXMethod || x->kind == CXCursor_Constructor ||
              x->kind == CXCursor_Destructor || x->kind == CXCursor_ConversionFunction) &&
             in_fmt_namespace(d);
    x->logname = false;
    if (x->cat < 0 && !x->sys && x->name && (x->kind == CXCursor_VarDecl ||
        x->kind == CXCursor_ParmDecl || x->kind == CXCursor_FieldDecl))
        x->logname = fl_log_word(x->name) && type_holds(w, clang_getCursorType(d)) == TY_TEXT;
    *slot = n;
    return n;
}

static bool in_system(CXCursor decl)
{
    return clang_Location_isInSystemHeader(clang_getCursorLocation(decl)) != 0;
}

/* File name for reports, memoised per CXFile. */
static const char *file_name(walk *w, CXFile f)
{
    if (!f)
        return "";
    for (unsigned i = 0; i < 8; i++)
        if (w->memo[i].f == f && w->memo[i].name)
            return w->memo[i].name;
    CXString s = clang_getFileName(f);
    const char *p = clang_getCString(s);
    const char *name = vg_arena_strdup(&w->t->arena, vg_clang_relpath(w->j->cwd, p ? p : ""));
    clang_disposeString(s);
    if (!name) {
        w->oom = 1;
        return "";
    }
    filememo *m = &w->memo[w->memo_next++ % 8];
    m->f = f;
    m->name = name;
    return name;
}

static void where(walk *w, CXCursor c, const char **file, int *line, int *col)
{
    CXFile f;
    unsigned l, cl;
    clang_getExpansionLocation(clang_getCursorLocation(c), &f, &l, &cl, NULL);
    if (file)
        *file = file_name(w, f);
    *line = (int)l;
    *col = (int)cl;
}

/* Peel implicit casts, parentheses and explicit casts. */
static CXCursor strip(CXCursor c)
{
    for (;;) {
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr && k != CXCursor_CStyleCastExpr)
            return c;
        kids ks = {0};
        kids_get(c, &ks);
        CXCursor next = clang_getNullCursor();
        for (size_t i = 0; i < ks.n; i++)
            if (clang_isExpression(clang_getCursorKind(ks.v[i])))
                next = ks.v[i];
        kids_free(&ks);
        if (clang_Cursor_isNull(next))
            return c;
        c = next;
    }
}

/* The field an expression names (listener->ssl_ctx), as its USR: one
 * identity for the field of that struct type across functions. */
/* A declaration's USR, hashed: the same function in every unit, one
 * overload apart from the others of its name. */
static uint32_t usr_hash(CXCursor d)
{
    CXString u = clang_getCursorUSR(d);
    const char *s = clang_getCString(u);
    uint32_t h = s ? vg_fnv32_str(s, VG_FNV32_INIT) : VG_FNV32_INIT;
    clang_disposeString(u);
    return h ? h : 1;
}

static const char *field_usr(walk *w, CXCursor c)
{
    c = strip(c);
    if (clang_getCursorKind(c) != CXCursor_MemberRefExpr)
        return NULL;
    CXString u = clang_getCursorUSR(clang_getCursorReferenced(c));
    const char *r = clang_getCString(u);
    r = r && r[0] ? intern(w, r) : NULL;
    clang_disposeString(u);
    return r;
}

/* ctx = SSL_CTX_new(TLS_server_method()): 1, a server's context, whose
 * SSL_VERIFY_NONE (set in another function) only means "no client
 * certificate asked"; -1 for a client or either-role method; 0 when rhs
 * makes no context. */
static int ctx_call_role(CXCursor rhs)
{
    rhs = strip(rhs);
    if (clang_getCursorKind(rhs) != CXCursor_CallExpr)
        return 0;
    int n = clang_Cursor_getNumArguments(rhs);
    for (int i = 0; i < n; i++) {
        CXCursor a = strip(clang_Cursor_getArgument(rhs, (unsigned)i));
        if (clang_getCursorKind(a) != CXCursor_CallExpr)
            continue;
        CXString s = clang_getCursorSpelling(a);
        const char *name = clang_getCString(s);
        int role = strstr(name, "server_method") ? 1 : strstr(name, "_method") ? -1 : 0;
        clang_disposeString(s);
        if (role)
            return role;
    }
    return 0;
}

/* ---- the thread's identifier memo (vg_clang_names) ----
 * Open addressing on the name's hash; the names are copies, so the memo
 * outlives the units whose arenas held them. */
struct vg_clang_names {
    struct { char *name; uint32_t h; int cat; } *v;
    size_t n, cap;
};

vg_clang_names *vg_clang_names_new(void)
{
    return calloc(1, sizeof(vg_clang_names));
}

void vg_clang_names_free(vg_clang_names *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->v[i].name);
    free(m->v);
    free(m);
}

static int names_find(const vg_clang_names *m, const char *name, uint32_t h, size_t *slot)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->v[i].name) {
            *slot = i;
            return -2;
        }
        if (m->v[i].h == h && !strcmp(m->v[i].name, name))
            return m->v[i].cat;
    }
}

/* Remember cat for name; out of memory, the memo just forgets. */
static void names_add(vg_clang_names *m, const char *name, uint32_t h, int cat)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 4096;
        vg_clang_names g = {calloc(ncap, sizeof *m->v), 0, ncap};
        if (!g.v)
            return;
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].name) {
                size_t s;
                names_find(&g, m->v[i].name, m->v[i].h, &s);
                g.v[s] = m->v[i];
            }
        free(m->v);
        m->v = g.v;
        m->cap = ncap;
    }
    size_t s;
    if (names_find(m, name, h, &s) != -2 || !(m->v[s].name = strdup(name)))
        return;
    m->v[s].h = h;
    m->v[s].cat = cat;
    m->n++;
}

/* The category an identifier names, as an index, or -1. Only categories
 * that some rule cares about: sensitive ones, and username (CRD001).
 * Asked of the unit's direct-mapped cache, then of the thread's memo. */
static int ident_category(walk *w, const char *name)
{
    uint32_t h = vg_fnv32_str(name, VG_FNV32_INIT);
    size_t slot = h & 1023, at;
    if (w->icache[slot].name && !strcmp(w->icache[slot].name, name))
        return w->icache[slot].cat;
    vg_clang_names *m = w->j->names;
    int r = m && m->cap ? names_find(m, name, h, &at) : -2;
    if (r == -2) {
        const vg_category *cat = vg_ruleset_match_identifier(w->rs, name);
        r = -1;
        if (cat && (cat->sensitive || strcmp(cat->id, "username") == 0))
            r = (int)(cat - w->rs->categories);
        if (m)
            names_add(m, name, h, r);
    }
    w->icache[slot].name = name;        /* arena string: lives as long as the walk */
    w->icache[slot].cat = r;
    return r;
}

/* In the {fmt} library's namespace (vendored in a tree or installed):
 * its functions are modelled by name (fmt::vformat), not followed. */
static bool in_fmt_namespace(CXCursor fn)
{
    CXCursor p = clang_getCursorSemanticParent(fn);
    for (int depth = 0; depth < 16 && !clang_Cursor_isNull(p) &&
                        clang_getCursorKind(p) != CXCursor_TranslationUnit; depth++) {
        if (clang_getCursorKind(p) == CXCursor_Namespace) {
            CXString s = clang_getCursorSpelling(p);
            bool fmt = clang_getCString(s) && !strcmp(clang_getCString(s), "fmt");
            clang_disposeString(s);
            if (fmt)
                return true;
        }
        p = clang_getCursorSemanticParent(p);
    }
    return false;
}

/* A function's name as the engine resolves it: a service's own methods
 * are qualified by their class (Notifier::send and Mailer::send are two
 * functions); library methods keep their plain name (c_str, append),
 * which is how they are modelled. */
static const char *func_name(walk *w, CXCursor fn, const char *plain, bool sys)
{
    enum CXCursorKind k = clang_getCursorKind(fn);
    if (plain && decl_info(w, fn).fmt) {
        if (k == CXCursor_FunctionDecl || k == CXCursor_FunctionTemplate)
            return intern(w, vg_arena_printf(&w->t->arena, "fmt::%.200s", plain));
        return "fmt::(member)";         /* the library's classes: modelled as one */
    }
    if (sys || !plain || (k != CXCursor_CXXMethod && k != CXCursor_Constructor &&
                          k != CXCursor_Destructor && k != CXCursor_ConversionFunction))
        return plain;
    CXString cls = clang_getCursorSpelling(clang_getCursorSemanticParent(fn));
    char buf[300];
    snprintf(buf, sizeof buf, "%.140s::%.150s", clang_getCString(cls) ? clang_getCString(cls) : "",
             plain);
    clang_disposeString(cls);
    return intern(w, buf);
}

/* A record type whose values are text (std::string, OFString, va_list),
 * asked once per declaration. */
static bool record_text(walk *w, CXType t)
{
    CXCursor d = clang_getTypeDeclaration(t);
    return !clang_Cursor_isNull(d) && decl_info(w, d).text_record;
}

/* ---- locals ---- */

typedef struct localvar {
    CXCursor d;
    const char *key;
} localvar;

/* Two variables of one name in sibling blocks are two places: the
 * first declared keeps its name, a later one is "name@line". */
static const char *declare_local(walk *w, CXCursor d, const char *name)
{
    bool clash = false;
    for (size_t i = 0; i < w->declared.n && !clash; i++) {
        localvar *v = &((localvar *)w->declared.v)[i];
        if (v->key == name)
            clash = !clang_equalCursors(v->d, d);
    }
    const char *key = name;
    if (clash) {
        int line, col;
        where(w, d, NULL, &line, &col);
        char buf[300];
        /* the parameters a pack expands to share one place in the
         * text: their count keeps them apart */
        snprintf(buf, sizeof buf, "%.250s@%d:%d.%zu", name, line, col, w->renamed.n);
        key = intern(w, buf);
        localvar *r = vec_push(&w->renamed, sizeof *r);
        if (!r || !key) {
            w->oom = 1;
            return name;
        }
        *r = (localvar){d, key};
    } else {
        localvar *v = vec_push(&w->declared, sizeof *v);
        if (!v) {
            w->oom = 1;
            return name;
        }
        *v = (localvar){d, name};
    }
    return key;
}

static declinfo decl_info(walk *w, CXCursor d);

static const char *var_key(walk *w, CXCursor d, const char *name)
{
    const declinfo dinfo = decl_info(w, d), *di = &dinfo;
    if (di->gkey)
        return di->gkey;
    for (size_t i = 0; i < w->renamed.n; i++) {
        localvar *r = &((localvar *)w->renamed.v)[i];
        if (clang_equalCursors(r->d, d))
            return r->key;
    }
    return name;
}

/* The place an lvalue (or pointer argument) designates: "var", "var.f.g". */
static const char *place_key(walk *w, CXCursor c)
{
    c = strip(c);
    enum CXCursorKind k = clang_getCursorKind(c);
    kids ks = {0};
    const char *r = NULL;
    switch (k) {
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(c);
        const declinfo dinfo = decl_info(w, d), *di = &dinfo;
        if (di->kind == CXCursor_VarDecl || di->kind == CXCursor_ParmDecl)
            r = var_key(w, d, di->name);
        break;
    }
    case CXCursor_MemberRefExpr: {
        kids_get(c, &ks);
        const char *base = ks.n ? place_key(w, ks.v[0]) : NULL;
        CXCursor fd = clang_getCursorReferenced(c);
        const char *field = clang_Cursor_isNull(fd) ? spell(w, c) : decl_info(w, fd).name;
        char path[512];
        if (base && field && (size_t)snprintf(path, sizeof path, "%s.%s", base, field) < sizeof path)
            r = intern(w, path);
        else if (!ks.n && field && (size_t)snprintf(path, sizeof path, "this.%s", field) <
                 sizeof path)          /* implicit this->field in C++ */
            r = intern(w, path);
        break;
    }
    case CXCursor_CXXThisExpr:
        r = "this";
        break;
    case CXCursor_ArraySubscriptExpr:
        kids_get(c, &ks);
        if (ks.n)
            r = place_key(w, ks.v[0]);
        break;
    case CXCursor_UnaryOperator:
        kids_get(c, &ks);
        if (ks.n)
            r = place_key(w, ks.v[0]);
        break;
    default:
        break;
    }
    kids_free(&ks);
    return r;
}

/* ---- expressions ---- */

/* The category named by the object a member is read from:
 * `request->password->data.strvalue` is read from `password`. */
static int handle_category(walk *w, CXCursor member)
{
    kids ks = {0};
    kids_get(member, &ks);
    CXCursor c = ks.n ? ks.v[0] : clang_getNullCursor();
    kids_free(&ks);
    for (int depth = 0; depth < 8 && !clang_Cursor_isNull(c); depth++) {
        c = strip(c);
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k != CXCursor_MemberRefExpr && k != CXCursor_DeclRefExpr)
            return -1;
        CXCursor d = clang_getCursorReferenced(c);
        declinfo dinfo;
        const declinfo *di = clang_Cursor_isNull(d) ? NULL : (dinfo = decl_info(w, d), &dinfo);
        /* a short abbreviation (ssn, nas, pw) names an object too loosely
         * for its value to be that data: tls->ssn->data is a session's */
        if (di && !di->sys && di->namecat >= 0)
            return di->name && strlen(di->name) >= 5 ? di->namecat : -1;
        if (k == CXCursor_DeclRefExpr)
            return -1;
        kids_get(c, &ks);
        c = ks.n ? ks.v[0] : clang_getNullCursor();
        kids_free(&ks);
    }
    return -1;
}

static void eval(walk *w, CXCursor c, vec *atoms);

static void add_atom(walk *w, vec *atoms, uint8_t kind, int cat, const char *text, CXCursor at, int call)
{
    fl_atom *a = vec_push(atoms, sizeof *a);
    if (!a) {
        w->oom = 1;
        return;
    }
    a->kind = kind;
    a->cat = (int16_t)cat;
    a->text = text;
    a->call = call;
    if (kind == FL_AT_SRC)
        where(w, at, NULL, &a->line, &a->col);
}

/* A copy of a at the end of atoms; out of memory marks the walk, so the
 * unit fails with a notice instead of losing the flow a carries. */
static void copy_atom(walk *w, vec *atoms, const fl_atom *a)
{
    fl_atom *b = vec_push(atoms, sizeof *b);
    if (b)
        *b = *a;
    else
        w->oom = 1;
}

static fl_atom *freeze_atoms(walk *w, vec *atoms, size_t *n)
{
    *n = atoms->n;
    if (!atoms->n)
        return NULL;
    fl_atom *a = vg_arena_alloc(&w->t->arena, atoms->n * sizeof *a);
    if (!a)
        w->oom = 1;
    else
        memcpy(a, atoms->v, atoms->n * sizeof *a);
    return a;
}

/* The statement runs under the test the walk is in (walk.guard). */
static void stmt_guard(const walk *w, fl_stmt *s)
{
    s->gkind = w->guard.kind;
    s->gparam = w->guard.param;
    s->gval = w->guard.val;
}

static void emit(walk *w, uint8_t op, CXCursor at, const char *dst, int call, vec *atoms)
{
    fl_stmt *s = vec_push(&w->stmts, sizeof *s);
    if (!s) {
        w->oom = 1;
        return;
    }
    s->op = op;
    s->dst = dst;
    s->call = call;
    /* the cursor moved (b->dptr = strchr(...), b->dptr += n) or was written
     * through with something else than a constant */
    if (w->reset_dst && dst && op != FL_ST_EMPTY && (op == FL_ST_ALIAS || (atoms && atoms->n)) &&
        !strcmp(dst, w->reset_dst))
        w->reset_dst = NULL;
    stmt_guard(w, s);
    where(w, at, NULL, &s->line, &s->col);
    if (atoms)
        s->atoms = freeze_atoms(w, atoms, &s->natoms);
}

static int detect_cb(const vg_match *m, void *ud)
{
    vg_detector_kind *k = ud;
    if (m->kind == VG_DET_NAM || m->kind == VG_DET_SIN || m->kind == VG_DET_DOB) {
        *k = m->kind;
        return 1;
    }
    return 0;
}

/* A literal path that names a log ("debug.log", "/var/log/app/trace")
 * marks the stream opened on it as a log. */
static bool log_path_literal(const char *lit)
{
    return (strstr(lit, ".log") || strchr(lit, '/')) && fl_log_word(lit);
}

/* A string literal a detector recognises is a source. It is described by
 * its mask even with --show-personal-data: the source's description is
 * part of the finding's fingerprint, which must not change with the flag
 * (the value itself is DSC004's finding, shown unmasked there). */
static void eval_literal(walk *w, CXCursor c, vec *atoms)
{
    CXString s = clang_getCursorSpelling(c);
    const char *lit = clang_getCString(s);
    size_t len = lit ? strlen(lit) : 0;
    vg_detector_kind k = VG_DET_NONE;
    if (len >= 9 && w->j->dctx)
        vg_detect_scan(w->j->dctx, lit, len, true, detect_cb, &k);
    if (k == VG_DET_NONE && lit && log_path_literal(lit))
        add_atom(w, atoms, FL_AT_SRC, FL_CAT_LOGFILE, "log path", c, 0);
    if (k != VG_DET_NONE) {
        const vg_category *cat = vg_ruleset_category_by_detector(w->rs, k);
        char shown[128];
        vg_mask(k, lit, len, shown, sizeof shown);
        if (cat)
            add_atom(w, atoms, FL_AT_SRC, (int)(cat - w->rs->categories),
                     vg_arena_printf(&w->t->arena, "string literal %s", shown), c, 0);
    }
    clang_disposeString(s);
}

/* The operator between two operands read straight from the source
 * buffer (libclang 14 has no API for a binary operator's kind). Returns
 * -1 when the operands are not plainly in one buffer (macros). */
static int binop_text(walk *w, CXSourceLocation lhs_end, CXSourceLocation rhs_start, char op[4])
{
    CXFile fa, fb;
    unsigned oa, ob;
    clang_getSpellingLocation(lhs_end, &fa, NULL, NULL, &oa);
    clang_getSpellingLocation(rhs_start, &fb, NULL, NULL, &ob);
    if (!fa || !fb || !clang_File_isEqual(fa, fb) || oa > ob || ob - oa > 512)
        return -1;
    size_t size;
    const char *buf = file_text(w, fa, &size);
    if (!buf || ob > size)
        return -1;
    const char *p = buf + oa, *end = buf + ob;
    while (p < end) {
        if (p + 1 < end && p[0] == '/' && p[1] == '*') {
            const char *q = strstr(p + 2, "*/");
            p = q && q < end ? q + 2 : end;
        } else if (p + 1 < end && p[0] == '/' && p[1] == '/') {
            while (p < end && *p != '\n')
                p++;
        } else if (strchr("=!<>&|+-*/%^", *p) && *p) {
            size_t n = 0;
            while (p < end && n < 3 && *p && strchr("=!<>&|+-*/%^", *p))
                op[n++] = *p++;
            op[n] = 0;
            return 0;
        } else
            p++;                /* spaces, the tail of the left operand, ) ] */
    }
    return -1;
}

/* The operator between two operands, from the tokens between them. */
static void binop(walk *w, CXCursor lhs, CXCursor rhs, char op[4])
{
    op[0] = 0;
    CXSourceLocation a = clang_getRangeEnd(clang_getCursorExtent(lhs)),
                     b = clang_getRangeStart(clang_getCursorExtent(rhs));
    if (binop_text(w, a, b, op) == 0)
        return;
    CXSourceRange r = clang_getRange(a, b);
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(w->tu, r, &toks, &n);
    for (unsigned i = 0; i < n && !op[0]; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
            continue;
        CXString s = clang_getTokenSpelling(w->tu, toks[i]);
        const char *t = clang_getCString(s);
        if (t && strcmp(t, ")") && strcmp(t, "]") && strlen(t) < 4)
            strcpy(op, t);
        clang_disposeString(s);
    }
    if (toks)
        clang_disposeTokens(w->tu, toks, n);
}

static int eval_call(walk *w, CXCursor c);
static bool mask_char(CXCursor v);
static bool masks_through_pointer(CXCursor target, bool deref);

/* The buffer a pointer expression points into: `buf`, `buf + n`,
 * `&buf[i]`, `p->data`; NULL when it is not plainly one place. */
static const char *pointee_place(walk *w, CXCursor rhs)
{
    CXType t = clang_getCanonicalType(clang_getCursorType(rhs));
    if (t.kind != CXType_Pointer && t.kind != CXType_ConstantArray &&
        t.kind != CXType_IncompleteArray)
        return NULL;
    CXCursor r = strip(rhs);
    enum CXCursorKind k = clang_getCursorKind(r);
    /* buf + n, s + u_len + 2 (the left operand is the pointer, as deep
     * as the sum goes; a bound, not recursion, for generated code) */
    for (int depth = 0; k == CXCursor_BinaryOperator && depth < 64; depth++) {
        kids ks = {0};
        kids_get(r, &ks);
        const char *key = NULL;
        bool deeper = false;
        if (ks.n == 2) {
            CXType lt = clang_getCanonicalType(clang_getCursorType(ks.v[0]));
            if (lt.kind == CXType_Pointer || lt.kind == CXType_ConstantArray)
                key = place_key(w, ks.v[0]);
            if (!key && lt.kind == CXType_Pointer &&
                clang_getCursorKind(strip(ks.v[0])) == CXCursor_BinaryOperator) {
                r = strip(ks.v[0]);
                deeper = true;
            }
        }
        kids_free(&ks);
        if (!deeper)
            return key;
    }
    if (k == CXCursor_BinaryOperator)
        return NULL;
    if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr || k == CXCursor_UnaryOperator)
        return place_key(w, r);
    return NULL;
}

static const char *callee_name(walk *w, CXCursor call);
static const char *eval_string(walk *w, CXCursor e);

/* The integer constant c evaluates to, into *v; false if it is none. */
static bool const_int(CXCursor c, long long *v)
{
    CXEvalResult ev = clang_Cursor_Evaluate(c);
    bool ok = ev && clang_EvalResult_getKind(ev) == CXEval_Int;
    if (ok)
        *v = clang_EvalResult_getAsLongLong(ev);
    if (ev)
        clang_EvalResult_dispose(ev);
    return ok;
}

/* char, signed char, unsigned char: a byte of text. */
static bool char_kind(enum CXTypeKind k)
{
    return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar || k == CXType_UChar;
}

/* bool, char, an integer up to long long or an enum: a value a flag,
 * mode or selector parameter has (fl_stmt.gkind). */
static bool flag_type(CXType t)
{
    enum CXTypeKind k = clang_getCanonicalType(t).kind;
    return (k >= CXType_Bool && k <= CXType_LongLong) || k == CXType_Enum;
}

/* Is the character a separator between the words of a line (the space
 * after "PASS", the colon after "Password")? Line ends are not: cutting
 * there keeps the whole line. */
static bool word_separator(long long ch)
{
    return ch == ' ' || ch == '\t' || ch == ':' || ch == '=';
}

/* c = strpbrk(buf, " \r\n"), strchr(buf, ' '), strstr(buf, ": "): c
 * points at the first word separator of buf, which is returned (NULL if
 * the call is not one of these). */
static const char *separator_search(walk *w, CXCursor rhs)
{
    CXCursor c = strip(rhs);
    if (clang_getCursorKind(c) != CXCursor_CallExpr || clang_Cursor_getNumArguments(c) != 2)
        return NULL;
    const char *n = callee_name(w, c);
    bool set = !strcmp(n, "strpbrk"), one = !strcmp(n, "strchr"), sub = !strcmp(n, "strstr");
    if (!set && !one && !sub)
        return NULL;
    CXCursor what = clang_Cursor_getArgument(c, 1);
    bool sep = false;
    long long ch;
    if (one)
        sep = const_int(strip(what), &ch) && word_separator(ch);
    else {
        const char *str = eval_string(w, what);
        for (const char *p = str; p && *p && !sep; p++)
            sep = word_separator(*p) && (set || p == str);
    }
    return sep ? pointee_place(w, clang_Cursor_getArgument(c, 0)) : NULL;
}

/* ptr = rhs: remember (or forget) that ptr points at a separator of a
 * buffer. */
static void note_cut_pointer(walk *w, const char *ptr, CXCursor rhs)
{
    const char *base = separator_search(w, rhs);
    size_t i = 0;
    while (i < w->ncuts && strcmp(w->cuts[i].ptr, ptr) != 0)
        i++;
    if (!base) {
        if (i < w->ncuts)
            w->cuts[i] = w->cuts[--w->ncuts];
        return;
    }
    if (i == w->ncuts && w->ncuts == CUT_MAX)
        return;
    if (i == w->ncuts)
        w->ncuts++;
    w->cuts[i].ptr = ptr;
    w->cuts[i].base = base;
}

/* *c = '\0' or c[0] = 0 with c from note_cut_pointer: the buffer c points
 * into ends at that separator. */
static void emit_cut(walk *w, CXCursor at, CXCursor lhs, CXCursor rhs)
{
    if (!w->ncuts)
        return;
    CXCursor l = strip(lhs);
    enum CXCursorKind k = clang_getCursorKind(l);
    if (k != CXCursor_UnaryOperator && k != CXCursor_ArraySubscriptExpr)
        return;
    long long v;
    bool nul = const_int(strip(rhs), &v) && v == 0;
    kids ks = {0};
    kids_get(l, &ks);
    const char *ptr = NULL;
    if (nul && ks.n >= 1 && clang_getCursorKind(strip(ks.v[0])) == CXCursor_DeclRefExpr) {
        bool first = k == CXCursor_UnaryOperator;   /* *c; c[0] */
        if (!first && ks.n == 2)
            first = const_int(strip(ks.v[1]), &v) && v == 0;
        if (first)
            ptr = place_key(w, ks.v[0]);
    }
    kids_free(&ks);
    for (size_t i = 0; ptr && i < w->ncuts; i++)
        if (!strcmp(w->cuts[i].ptr, ptr)) {
            emit(w, FL_ST_CUT, at, w->cuts[i].base, 0, NULL);
            return;
        }
}

/* ptr = BEND(buf), p = buf_data(b): an accessor handed a struct that
 * returns a pointer to bytes points into that struct's storage, and what
 * is written through it lands there. Not a copy or a new object
 * (strdup, buf_alloc, make_string): those are fresh memory. */
static const char *storage_place(walk *w, CXCursor rhs)
{
    CXCursor c = strip(rhs);
    if (clang_getCursorKind(c) != CXCursor_CallExpr || clang_Cursor_getNumArguments(c) < 1)
        return NULL;
    CXType rt = clang_getCanonicalType(clang_getPointeeType(
        clang_getCanonicalType(clang_getCursorType(c))));
    if (!char_kind(rt.kind))
        return NULL;
    CXCursor a = strip(clang_Cursor_getArgument(c, 0));
    CXType at = clang_getCanonicalType(clang_getCursorType(a));
    if (at.kind != CXType_Pointer ||
        clang_getCanonicalType(clang_getPointeeType(at)).kind != CXType_Record)
        return NULL;
    static const char *const fresh[] = {"dup", "alloc", "copy", "new", "create", "make",
                                        "clone", "build", "format", "print", NULL};
    const char *n = callee_name(w, c);
    for (size_t i = 0; fresh[i]; i++)
        if (strstr(n, fresh[i]))
            return NULL;
    return pointee_place(w, a);
}

/* p = buf: remember that writes through p reach buf. */
static void emit_alias(walk *w, CXCursor at, const char *dst, CXCursor rhs)
{
    CXType lt = clang_getCanonicalType(clang_getCursorType(rhs));
    if (lt.kind != CXType_Pointer && lt.kind != CXType_ConstantArray)
        return;
    const char *src = pointee_place(w, rhs);
    if (!src)
        src = storage_place(w, rhs);
    if (!src || src == dst)
        return;
    vec atoms = {0};
    add_atom(w, &atoms, FL_AT_VAR, 0, src, at, 0);
    emit(w, FL_ST_ALIAS, at, dst, 0, &atoms);
    free(atoms.v);
}

/* ol->head = ol->tail = e with e a local pointer to a struct: the node
 * is linked first and filled after (e->buf = alloc_buf(n); memcpy(
 * e->buf.data, ...)), so writes through e reach the field that now points
 * to it. An alias of e, as p = buf is one of p; the last link wins. */
static void emit_link_alias(walk *w, CXCursor at, const char *dst, CXCursor rhs)
{
    CXCursor v = strip(rhs);
    char op[4];
    for (int depth = 0; depth < 8 && clang_getCursorKind(v) == CXCursor_BinaryOperator; depth++) {
        kids ks = {0};
        kids_get(v, &ks);
        bool chained = false;
        if (ks.n == 2) {
            binop(w, ks.v[0], ks.v[1], op);
            chained = !strcmp(op, "=");
            if (chained)
                v = strip(ks.v[1]);
        }
        kids_free(&ks);
        if (!chained)
            return;
    }
    CXType t = clang_getCanonicalType(clang_getCursorType(v));
    if (clang_getCursorKind(v) != CXCursor_DeclRefExpr || t.kind != CXType_Pointer ||
        clang_getCanonicalType(clang_getPointeeType(t)).kind != CXType_Record)
        return;
    const char *src = place_key(w, v);
    size_t n = src ? strlen(src) : 0;
    if (!src || src == dst || strchr(src, '.') || !strncmp(src, "::", 2) ||
        (!strncmp(dst, src, n) && dst[n] == '.'))     /* e->next = e: no chain of keys */
        return;
    vec atoms = {0};
    add_atom(w, &atoms, FL_AT_VAR, 0, dst, at, 0);
    if (atoms.n)
        ((fl_atom *)atoms.v)[atoms.n - 1].flags |= FL_ATF_LINK;
    emit(w, FL_ST_ALIAS, at, src, 0, &atoms);
    free(atoms.v);
}

/* Part of the key before its last field ("b.dptr" -> 2 for "b."), or 0
 * when the key has no field. */
static size_t key_base_len(const char *key)
{
    const char *dot = strrchr(key, '.');
    return dot && dot != key ? (size_t)(dot - key) + 1 : 0;
}

/* b->dptr = b->data + n: two pointer fields of one object point into the
 * same storage, what is written through one is read through the other.
 * b->dptr += n: the field is a cursor that moves along its storage (the
 * ALIAS of the field to itself says so). The engine keeps the pairs of
 * field names for the whole program, and only those with a cursor in
 * them: the assignment is usually in the buffer's own module (its init or
 * grow function) and the writes and reads are elsewhere, while a one-off
 * copy (ctl->password = ctl->remotename) is no lasting alias. */
static void emit_field_alias(walk *w, CXCursor at, enum CXCursorKind op, const char *dst,
                             CXCursor rhs)
{
    CXType rt = clang_getCanonicalType(clang_getCursorType(rhs));
    CXType lt = clang_getCanonicalType(clang_getCursorType(at));
    const char *src;
    if (op == CXCursor_CompoundAssignOperator)
        src = lt.kind == CXType_Pointer && rt.kind != CXType_Pointer ? dst : NULL;
    else
        src = rt.kind == CXType_Pointer ? pointee_place(w, rhs) : NULL;
    size_t n = src ? key_base_len(dst) : 0;
    if (!n || key_base_len(src) != n || strncmp(src, dst, n) != 0 ||
        strpbrk(src + n, ".[") || strpbrk(dst + n, ".["))
        return;
    vec atoms = {0};
    add_atom(w, &atoms, FL_AT_VAR, 0, src, at, 0);
    emit(w, FL_ST_ALIAS, at, dst, 0, &atoms);
    free(atoms.v);
    if (op != CXCursor_CompoundAssignOperator &&
        clang_getCursorKind(strip(rhs)) == CXCursor_MemberRefExpr) {
        w->reset_dst = dst;         /* at the start of src: *b->dptr = '\0' empties both */
        w->reset_src = src;
    }
}

/* buf[0] = '\0' or *p = 0: the pointer or array the NUL is stored at the
 * start of, or a null cursor. */
static CXCursor nul_at_start(CXCursor lhs, CXCursor rhs)
{
    CXCursor base = clang_getNullCursor();
    long long v;
    if (!const_int(strip(rhs), &v) || v != 0)
        return base;
    CXCursor l = strip(lhs);
    enum CXCursorKind k = clang_getCursorKind(l);
    if (k != CXCursor_UnaryOperator && k != CXCursor_ArraySubscriptExpr)
        return base;
    kids ks = {0};
    kids_get(l, &ks);
    if (k == CXCursor_UnaryOperator && ks.n == 1)
        base = ks.v[0];
    else if (ks.n == 2 && const_int(strip(ks.v[1]), &v) && v == 0)
        base = ks.v[0];
    kids_free(&ks);
    return base;
}

/* if (b->dptr): the pointer an if's condition tests for NULL, or NULL. */
static const char *null_test(walk *w, CXCursor cond)
{
    CXCursor s = strip(cond);
    CXType t = clang_getCanonicalType(clang_getCursorType(s));
    enum CXCursorKind k = clang_getCursorKind(s);
    if (t.kind != CXType_Pointer || (k != CXCursor_MemberRefExpr && k != CXCursor_DeclRefExpr))
        return NULL;
    return place_key(w, s);
}

/* Emit the emptying of `key` (and of the storage its cursor starts). Under
 * an if that tests that pointer for NULL it is emitted after the if: a
 * NULL buffer holds nothing either, so the test keeps no old content. */
static void emit_empty(walk *w, CXCursor at, const char *key)
{
    const char *src = w->reset_dst && !strcmp(w->reset_dst, key) ? w->reset_src : NULL;
    bool tested = w->null_tested && (!strcmp(w->null_tested, key) ||
                                     (src && !strcmp(w->null_tested, src)));
    if (tested) {
        if (w->npend_empty < sizeof w->pend_empty / sizeof *w->pend_empty)
            w->pend_empty[w->npend_empty++] = key;
        return;
    }
    emit(w, FL_ST_EMPTY, at, key, 0, NULL);
    if (src)
        emit(w, FL_ST_EMPTY, at, src, 0, NULL);
}

/* buf[0] = '\0' on an array, or *b->dptr = '\0' with the cursor just put
 * at the start of its storage: the string is empty now, whatever was in
 * it. A NUL stored anywhere else only ends the string there (emit_cut). */
static void note_emptied(walk *w, CXCursor at, CXCursor lhs, CXCursor rhs)
{
    CXCursor b = nul_at_start(lhs, rhs);
    if (clang_Cursor_isNull(b))
        return;
    CXType t = clang_getCanonicalType(clang_getCursorType(strip(b)));
    const char *key = place_key(w, b);
    if (key && (t.kind == CXType_ConstantArray ||
                (w->reset_dst && !strcmp(key, w->reset_dst))))
        emit_empty(w, at, key);
}

static void eval_children(walk *w, CXCursor c, vec *atoms)
{
    kids ks = {0};
    kids_get(c, &ks);
    for (size_t i = 0; i < ks.n; i++)
        eval(w, ks.v[i], atoms);
    kids_free(&ks);
}

static void walk_stmt(walk *w, CXCursor c);
static void eval_node(walk *w, CXCursor c, vec *atoms);
static void note_assigned_default(walk *w, CXCursor lhs, CXCursor rhs);
static const char *fnptr_key(walk *w, CXCursor e);
static void note_fnptr_value(walk *w, const char *key, CXCursor value);
static void note_init_list(walk *w, CXCursor list);
static void emit_descriptor(walk *w, CXCursor at, const char *dst, CXCursor value,
                            size_t calls_before);

/* Expressions whose own type says what they can carry; casts and
 * parentheses are judged by what they wrap (a char promoted to int for
 * printf's "%02x" is still a character of the text). */
static bool typed_expr(enum CXCursorKind k)
{
    return k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr ||
           k == CXCursor_ArraySubscriptExpr || k == CXCursor_CallExpr ||
           k == CXCursor_BinaryOperator || k == CXCursor_UnaryOperator ||
           k == CXCursor_ConditionalOperator;
}

/* The atoms of an expression, less what its type cannot carry: a length,
 * a flag or a comparison holds no password. Calls inside still run
 * (they are statements of their own). */
static void eval_at(walk *w, CXCursor c, vec *atoms);

static bool too_deep(walk *w, CXCursor c)
{
    if (w->depth < WALK_MAX_DEPTH)
        return false;
    if (!w->deep_noted) {
        const char *file;
        int line, col;
        where(w, c, &file, &line, &col);
        w->deep_noted = true;
        if (vg_findings_noticem(&w->t->direct, VG_LEVEL_WARNING, file, line,
                                "notice.clang-too-deep", "%d", WALK_MAX_DEPTH))
            w->oom = 1;
    }
    return true;
}

/* ---- containers made here ----
 * A data set is health data wherever it comes from, except one this
 * function makes itself: declared empty, null or new, given its value
 * only by a call that creates (newDicomElement(e, tag), &query to
 * TI_buildStudyQuery), and changed only by methods that take what they
 * are handed (putString, insert). What it then holds is what the flow
 * puts into it; it is no source by its type. A container filled by a
 * loader (loadFile, findAndGetElement, a receive) stays one. */

/* A call on an object whose name gives it a role that is no patient's
 * data (statusDetail->remove(0)): what it hands out is of that role. */
static bool from_role_object(walk *w, CXCursor e)
{
    if (clang_getCursorKind(e) != CXCursor_CallExpr)
        return false;
    kids ks = {0};
    kids_get(e, &ks);
    CXCursor callee = ks.n ? ks.v[0] : clang_getNullCursor();
    kids_free(&ks);
    if (clang_getCursorKind(callee) != CXCursor_MemberRefExpr)
        return false;
    kids kb = {0};
    kids_get(callee, &kb);
    CXCursor obj = kb.n == 1 ? strip(kb.v[0]) : clang_getNullCursor();
    kids_free(&kb);
    enum CXCursorKind ok = clang_getCursorKind(obj);
    if (ok != CXCursor_DeclRefExpr && ok != CXCursor_MemberRefExpr)
        return false;
    CXString sp = clang_getCursorSpelling(obj);
    bool role = clang_getCString(sp) && vg_ruleset_not_data_role(w->rs, clang_getCString(sp));
    clang_disposeString(sp);
    return role;
}

/* null, 0, new T, T() with no argument */
static bool fresh_value(CXCursor e)
{
    e = strip(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_CXXNullPtrLiteralExpr || k == CXCursor_GNUNullExpr ||
        k == CXCursor_CXXNewExpr || k == CXCursor_IntegerLiteral)
        return true;
    kids ks = {0};
    kids_get(e, &ks);
    size_t n = ks.n;
    kids_free(&ks);
    return k == CXCursor_CallExpr && n == 0 &&
           clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_Constructor;
}

static size_t fresh_find(walk *w, CXCursor d)
{
    for (size_t i = 0; i < w->fresh.n; i++)
        if (clang_equalCursors(((CXCursor *)w->fresh.v)[i], d))
            return i;
    return (size_t)-1;
}

static void fresh_mark(walk *w, CXCursor d, bool bad)
{
    size_t i = fresh_find(w, d);
    if (i != (size_t)-1)
        ((bool *)w->fresh_bad.v)[i] |= bad;
}

static const char *callee_name(walk *w, CXCursor call)
{
    CXString s = clang_getCursorSpelling(clang_getCursorReferenced(call));
    const char *n = intern(w, clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return n;
}

/* The call an argument expression is handed to, past casts: up[0] is the
 * argument's parent. */
static bool handed_to(const CXCursor *up, size_t nup, CXCursor *call)
{
    for (size_t i = 0; i < nup; i++) {
        enum CXCursorKind k = clang_getCursorKind(up[i]);
        if (k == CXCursor_CallExpr) {
            *call = up[i];
            return true;
        }
        if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr &&
            k != CXCursor_CStyleCastExpr && k != CXCursor_CXXStaticCastExpr)
            return false;
    }
    return false;
}

static bool first_token_is(walk *w, CXCursor c, const char *text)
{
    CXToken *toks = NULL;
    unsigned n = 0;
    /* only the first token: a condition spelled across macros (curl's
     * typecheck-gcc.h) spans thousands of tokens, and lexing them all for
     * every if was an eighth of the analysis of curl */
    CXSourceLocation at = clang_getRangeStart(clang_getCursorExtent(c));
    clang_tokenize(w->tu, clang_getRange(at, at), &toks, &n);
    bool yes = false;
    if (n) {
        CXString s = clang_getTokenSpelling(w->tu, toks[0]);
        yes = clang_getCString(s) && !strcmp(clang_getCString(s), text);
        clang_disposeString(s);
    }
    clang_disposeTokens(w->tu, toks, n);
    return yes;
}

/* A use of a candidate: does it give the container a value from
 * elsewhere? up[0] is the use's parent, up[1] its grandparent... */
static bool fresh_use_loads(walk *w, CXCursor use, const CXCursor *up, size_t nup)
{
    if (!nup)
        return false;
    enum CXCursorKind pk = clang_getCursorKind(up[0]);
    CXCursor call;
    if (pk == CXCursor_UnaryOperator && first_token_is(w, up[0], "&"))
        return !handed_to(up + 1, nup - 1, &call) || !fl_creates_word(callee_name(w, call));
    if (pk == CXCursor_CallExpr)                    /* an lvalue reference: T *&e */
        return !fl_creates_word(callee_name(w, up[0]));
    if (pk == CXCursor_BinaryOperator) {
        kids ks = {0};
        kids_get(up[0], &ks);
        bool loads = false;
        if (ks.n == 2 && clang_equalCursors(ks.v[0], use)) {
            char op[4];
            binop(w, ks.v[0], ks.v[1], op);
            loads = !strcmp(op, "=") && !fresh_value(ks.v[1]) &&
                    !from_role_object(w, strip(ks.v[1]));
        }
        kids_free(&ks);
        return loads;
    }
    if (pk == CXCursor_MemberRefExpr && nup > 1 && clang_getCursorKind(up[1]) == CXCursor_CallExpr)
        return fl_loads_word(callee_name(w, up[1]));
    return false;
}

#define FRESH_MAX_UP 6

static void fresh_scan(walk *w, CXCursor c, CXCursor *up, size_t nup, int depth)
{
    if (depth > WALK_MAX_DEPTH || w->oom)
        return;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_VarDecl && clang_Cursor_getStorageClass(c) != CX_SC_Static &&
        type_category(w, clang_getCursorType(c)) >= 0 && fresh_find(w, c) == (size_t)-1) {
        CXCursor *d = vec_push(&w->fresh, sizeof *d);
        bool *bad = d ? vec_push(&w->fresh_bad, sizeof *bad) : NULL;
        if (!d || !bad) {
            w->oom = 1;
            return;
        }
        *d = c;
        kids ks = {0};
        kids_get(c, &ks);
        for (size_t i = 0; i < ks.n; i++)
            if (clang_isExpression(clang_getCursorKind(ks.v[i])) && !fresh_value(ks.v[i]))
                *bad = true;
        kids_free(&ks);
    } else if (k == CXCursor_DeclRefExpr) {
        CXCursor d = clang_getCursorReferenced(c);
        if (fresh_find(w, d) != (size_t)-1 && fresh_use_loads(w, c, up, nup))
            fresh_mark(w, d, true);
    }
    CXCursor next[FRESH_MAX_UP];
    next[0] = c;
    size_t nn = 1;
    for (size_t i = 0; i < nup && nn < FRESH_MAX_UP; i++)
        next[nn++] = up[i];
    kids ks = {0};
    kids_get(c, &ks);
    for (size_t i = 0; i < ks.n; i++)
        fresh_scan(w, ks.v[i], next, nn, depth + 1);
    kids_free(&ks);
}

/* A local container of the function being built that fresh_scan found
 * made here. */
static bool fresh_local(walk *w, CXCursor d)
{
    if (clang_getCursorKind(d) != CXCursor_VarDecl)
        return false;
    if (!w->fresh_done) {
        w->fresh_done = true;
        fresh_scan(w, w->body, NULL, 0, 0);
    }
    size_t i = fresh_find(w, d);
    return i != (size_t)-1 && !((bool *)w->fresh_bad.v)[i];
}

static void eval(walk *w, CXCursor c, vec *atoms)
{
    if (too_deep(w, c))
        return;
    w->depth++;
    eval_at(w, c, atoms);
    w->depth--;
}

/* (uintptr_t)mi, (ptr_type)p: a pointer made an integer is an address
 * printed with "%lx", not the text it points to. */
static bool address_cast(CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_CStyleCastExpr && k != CXCursor_CXXStaticCastExpr &&
        k != CXCursor_CXXReinterpretCastExpr && k != CXCursor_CXXFunctionalCastExpr)
        return false;
    CXType to = clang_getCanonicalType(clang_getCursorType(c));
    if (to.kind < CXType_Bool || to.kind > CXType_Int128 || char_kind(to.kind))
        return false;
    kids ks = {0};
    kids_get(c, &ks);
    bool ptr = false;
    for (size_t i = 0; i < ks.n && !ptr; i++) {
        CXType from = clang_getCanonicalType(clang_getCursorType(ks.v[i]));
        ptr = from.kind == CXType_Pointer;
    }
    kids_free(&ks);
    return ptr;
}

static void eval_at(walk *w, CXCursor c, vec *atoms)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    if (address_cast(c)) {
        vec tmp = {0};              /* calls inside still run */
        eval_children(w, c, &tmp);
        free(tmp.v);
        return;
    }
    int h = typed_expr(k) ? type_holds(w, clang_getCursorType(c)) : TY_TEXT;
    /* a data set is health data wherever it comes from: a variable, a
     * field, or what a call returns (dcmff.getDataset()) */
    if (h == TY_HANDLE && ((k == CXCursor_DeclRefExpr &&
                            !fresh_local(w, clang_getCursorReferenced(c))) ||
                           k == CXCursor_MemberRefExpr ||
                           (k == CXCursor_CallExpr &&    /* new DcmDataset(): empty */
                            clang_getCursorKind(clang_getCursorReferenced(c)) !=
                                CXCursor_Constructor &&
                            !from_role_object(w, c)))) {  /* statusDetail->remove(0) */
        int tc = type_category(w, clang_getCursorType(c));
        CXString sp = clang_getCursorSpelling(c);
        if (tc >= 0 && clang_getCString(sp) &&
            vg_ruleset_not_data_role(w->rs, clang_getCString(sp)))
            tc = -1;                /* statusDetail, cmdSet: not a patient's */
        clang_disposeString(sp);
        if (tc >= 0) {
            sp = clang_getCursorSpelling(c);
            add_atom(w, atoms, FL_AT_SRC, tc,
                     vg_arena_printf(&w->t->arena, "%s %s", w->rs->categories[tc].label.en,
                                     clang_getCString(sp)), c, 0);
            clang_disposeString(sp);
            if (!w->oom && k == CXCursor_DeclRefExpr &&
                clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_ParmDecl)
                ((fl_atom *)atoms->v)[atoms->n - 1].flags |= FL_ATF_UNCALLED;
        }
    }
    if (h == TY_INTEGER && (w->in_index || w->as_byte))
        h = TY_TEXT;
    if (h != TY_INTEGER && h != TY_NOTHING) {
        eval_node(w, c, atoms);
        return;
    }
    vec tmp = {0};
    eval_node(w, c, &tmp);
    for (size_t i = 0; i < tmp.n; i++) {
        fl_atom *a = &((fl_atom *)tmp.v)[i];
        if (h == TY_INTEGER && a->kind == FL_AT_SRC && a->cat >= 0 &&
            w->rs->categories[a->cat].numeric)
            copy_atom(w, atoms, a);
    }
    free(tmp.v);
}

/* Is the target of an assignment one byte of text (*out++, buf[i], a
 * char)? */
static bool stores_byte(CXCursor lhs)
{
    return char_kind(clang_getCanonicalType(clang_getCursorType(strip(lhs))).kind);
}

static void eval_node(walk *w, CXCursor c, vec *atoms)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    kids ks = {0};
    if (w->oom)
        return;
    switch (k) {
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(c);
        const declinfo dinfo = decl_info(w, d), *di = &dinfo;
        enum CXCursorKind dk = di->kind;
        /* errno, stdout, environ: system globals carry nothing of ours */
        if ((dk != CXCursor_VarDecl && dk != CXCursor_ParmDecl) || di->sys || !di->name)
            break;
        const char *name = var_key(w, d, di->name);
        add_atom(w, atoms, FL_AT_VAR, 0, name, c, 0);
        if (di->cat >= 0) {
            add_atom(w, atoms, FL_AT_SRC, di->cat,
                     vg_arena_printf(&w->t->arena, "%s %s",
                                     dk == CXCursor_ParmDecl ? "parameter" : "variable", di->name),
                     c, 0);
            if (!w->oom)
                ((fl_atom *)atoms->v)[atoms->n - 1].place = name;
        }
        else if (di->logname)
            add_atom(w, atoms, FL_AT_SRC, FL_CAT_LOGFILE, di->name, c, 0);
        break;
    }
    case CXCursor_MemberRefExpr: {
        const char *key = place_key(w, c);
        if (key) {
            /* p->f is the place "p.f": the base variable is not read as a
             * whole (that would hand over every sibling field), but calls
             * and sources inside it still count. */
            vec base = {0};
            eval_children(w, c, &base);
            for (size_t i = 0; i < base.n; i++) {
                fl_atom *b = &((fl_atom *)base.v)[i];
                if (b->kind != FL_AT_VAR)
                    copy_atom(w, atoms, b);
            }
            free(base.v);
            add_atom(w, atoms, FL_AT_VAR, 0, key, c, 0);
        } else
            eval_children(w, c, atoms);
        CXCursor d = clang_getCursorReferenced(c);
        declinfo dinfo;
        const declinfo *di = clang_Cursor_isNull(d) ? NULL : (dinfo = decl_info(w, d), &dinfo);
        if (di && !di->sys) {
            const char *field = di->name;
            int cat = di->cat;
            /* request->password->vp_strvalue: the value field of an object
             * named for the data is that data */
            if (cat < 0 && field && vg_ruleset_value_field(w->rs, field) &&
                type_holds(w, clang_getCursorType(c)) == TY_TEXT)
                cat = handle_category(w, c);
            if (cat >= 0) {
                add_atom(w, atoms, FL_AT_SRC, cat,
                         vg_arena_printf(&w->t->arena, "field %s", key ? key : field), c, 0);
                if (!w->oom)
                    ((fl_atom *)atoms->v)[atoms->n - 1].place = key;
            }
        }
        break;
    }
    case CXCursor_StringLiteral:
        eval_literal(w, c, atoms);
        break;
    case CXCursor_ArraySubscriptExpr:
        /* digits[c >> 4], b64[in[0] >> 2]: a lookup indexed by the data
         * encodes it (hex, base64); the integer index carries it there */
        kids_get(c, &ks);
        if (ks.n == 2) {
            eval(w, ks.v[0], atoms);
            w->in_index++;
            eval(w, ks.v[1], atoms);
            w->in_index--;
        } else
            eval_children(w, c, atoms);
        break;
    case CXCursor_CallExpr: {
        int idx = eval_call(w, c);
        if (idx >= 0)
            add_atom(w, atoms, FL_AT_CALL, 0, NULL, c, idx);
        break;
    }
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator: {
        kids_get(c, &ks);
        if (ks.n != 2) {
            eval_children(w, c, atoms);
            break;
        }
        char op[4] = "+=";
        binop(w, ks.v[0], ks.v[1], op);
        if (k == CXCursor_CompoundAssignOperator && !op[0])
            strcpy(op, "+=");
        bool assign = k == CXCursor_CompoundAssignOperator || strcmp(op, "=") == 0;
        /* x ^ key, p[i] ^= digest[i]: a keystream scrambles the text (how
         * RADIUS hides User-Password); what comes out is no longer it. */
        bool scramble = op[0] == '^';
        /* < > <= >= compare; << >> shift the bits of the value along */
        bool shift = (op[0] == '<' || op[0] == '>') && op[1] == op[0];
        bool compare = !assign && !shift &&
                       (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0 || op[0] == '<' ||
                        op[0] == '>' || strcmp(op, "&&") == 0 || strcmp(op, "||") == 0);
        if (scramble) {
            vec tmp = {0};
            eval(w, ks.v[1], &tmp);
            eval(w, ks.v[0], &tmp);
            free(tmp.v);
            const char *dst = assign ? place_key(w, ks.v[0]) : NULL;
            if (dst)
                emit(w, FL_ST_ASSIGN, c, dst, 0, NULL);
        } else if (assign) {
            if (k == CXCursor_BinaryOperator)
                note_assigned_default(w, ks.v[0], ks.v[1]);
            const char *fkey = fnptr_key(w, ks.v[0]);
            if (fkey)
                note_fnptr_value(w, fkey, ks.v[1]);
            int role = ctx_call_role(ks.v[1]);
            const char *sfield = role ? field_usr(w, ks.v[0]) : NULL;
            const char **sv = sfield ? vec_push(role > 0 ? &w->server_ctxs : &w->other_ctxs,
                                                sizeof *sv) : NULL;
            if (sv)
                *sv = sfield;
            else if (sfield)
                w->oom = 1;
            if (k == CXCursor_BinaryOperator && mask_char(ks.v[1]) &&
                masks_through_pointer(ks.v[0], false))
                w->masks = true;
            vec rhs = {0}, lhs = {0};
            size_t calls_before = w->calls.n;
            bool byte = stores_byte(ks.v[0]) && !shift;
            w->as_byte += byte;
            eval(w, ks.v[1], &rhs);
            w->as_byte -= byte;
            eval(w, ks.v[0], &lhs);         /* side effects in the target (a[f()] = x) */
            const char *dst = place_key(w, ks.v[0]);
            if (k == CXCursor_BinaryOperator)
                emit_descriptor(w, c, dst, ks.v[1], calls_before);
            if (dst) {
                /* A whole variable is overwritten; a field or element only adds. */
                enum CXCursorKind lk = clang_getCursorKind(strip(ks.v[0]));
                bool strong = k == CXCursor_BinaryOperator && lk == CXCursor_DeclRefExpr;
                emit(w, strong ? FL_ST_ASSIGN : FL_ST_UPDATE, c, dst, 0, &rhs);
                if (strong) {
                    emit_alias(w, c, dst, ks.v[1]);
                    note_cut_pointer(w, dst, ks.v[1]);
                } else if (lk == CXCursor_MemberRefExpr) {
                    emit_field_alias(w, c, k, dst, ks.v[1]);
                    if (k == CXCursor_BinaryOperator)
                        emit_link_alias(w, c, dst, ks.v[1]);
                }
                if (k == CXCursor_BinaryOperator)
                    note_emptied(w, c, ks.v[0], ks.v[1]);
            }
            if (k == CXCursor_BinaryOperator)
                emit_cut(w, c, ks.v[0], ks.v[1]);
            for (size_t i = 0; i < rhs.n; i++)
                copy_atom(w, atoms, &((fl_atom *)rhs.v)[i]);
            free(rhs.v);
            free(lhs.v);
        } else if (compare) {
            vec tmp = {0};
            eval(w, ks.v[0], &tmp);
            eval(w, ks.v[1], &tmp);
            free(tmp.v);
        } else {
            eval(w, ks.v[0], atoms);
            eval(w, ks.v[1], atoms);
        }
        break;
    }
    case CXCursor_ConditionalOperator:
        /* c ? a : b is a or b; the condition only chooses (p->pwd ? "*" : "") */
        kids_get(c, &ks);
        if (ks.n == 3) {
            vec cond = {0};
            eval(w, ks.v[0], &cond);
            free(cond.v);
            eval(w, ks.v[1], atoms);
            eval(w, ks.v[2], atoms);
        } else
            eval_children(w, c, atoms);
        break;
    case CXCursor_UnaryExpr:        /* sizeof, alignof: a size, not the data */
        break;
    case CXCursor_CXXThisExpr:
        add_atom(w, atoms, FL_AT_VAR, 0, "this", c, 0);
        break;
    case CXCursor_InitListExpr:
        note_init_list(w, c);
        eval_children(w, c, atoms);
        break;
    case CXCursor_StmtExpr:
        kids_get(c, &ks);
        for (size_t i = 0; i < ks.n; i++)
            walk_stmt(w, ks.v[i]);
        break;
    case CXCursor_IntegerLiteral:
    case CXCursor_FloatingLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_TypeRef:
        break;
    default:
        eval_children(w, c, atoms);
        break;
    }
    kids_free(&ks);
}

static bool pointer_like(CXType t)
{
    return t.kind == CXType_Pointer || t.kind == CXType_ConstantArray ||
           t.kind == CXType_IncompleteArray || t.kind == CXType_VariableArray ||
           t.kind == CXType_LValueReference || t.kind == CXType_Record;
}


/* The stream a chain of << writes to: `std::cerr << a << b` is
 * operator<<(operator<<(cerr, a), b); its root is cerr. */
static CXCursor stream_root(CXCursor c)
{
    for (int depth = 0; depth < 64; depth++) {
        c = strip(c);
        if (clang_getCursorKind(c) != CXCursor_CallExpr || clang_Cursor_getNumArguments(c) < 1)
            return c;
        CXCursor callee = clang_getCursorReferenced(c);
        CXString s = clang_getCursorSpelling(callee);
        bool shift = clang_getCString(s) && !strcmp(clang_getCString(s), "operator<<");
        clang_disposeString(s);
        if (!shift)
            return c;
        c = clang_Cursor_getArgument(c, 0);
    }
    return c;
}

/* spSession->GetId(), patient.getName(): a getter of a generic value on an
 * object named for something says what together they name ("session
 * id", "patient name"), when the method's own name names nothing. */
static int object_getter_category(walk *w, CXCursor obj, const char *method)
{
    static const char *const generic[] = {"Id", "ID", "Name", "Value", "Number", "No",
                                          "Str", "String", "Text", NULL};
    if (!method || (strncmp(method, "Get", 3) != 0 && strncmp(method, "get", 3) != 0))
        return -1;
    const char *rest = method + 3;
    size_t i = 0;
    while (generic[i] && strcmp(rest, generic[i]) != 0)
        i++;
    if (!generic[i])
        return -1;
    CXCursor o = strip(obj);
    /* (*pSession)->GetId(), spSession->GetId() through a smart pointer's
     * operator->: the variable under them */
    for (int depth = 0; depth < 3; depth++) {
        enum CXCursorKind ok = clang_getCursorKind(o);
        if (ok != CXCursor_UnaryOperator && ok != CXCursor_CallExpr)
            break;
        if (ok == CXCursor_CallExpr) {
            CXString sp = clang_getCursorSpelling(o);
            bool arrow = clang_getCString(sp) && (!strcmp(clang_getCString(sp), "operator->") ||
                                                  !strcmp(clang_getCString(sp), "operator*"));
            clang_disposeString(sp);
            if (!arrow)
                break;
        }
        kids ks = {0};
        kids_get(o, &ks);
        CXCursor next = clang_getNullCursor();
        for (size_t j = 0; j < ks.n; j++) {
            CXCursor kj = strip(ks.v[j]);
            enum CXCursorKind jk = clang_getCursorKind(kj);
            enum CXCursorKind rk = clang_getCursorKind(clang_getCursorReferenced(kj));
            if (((jk == CXCursor_DeclRefExpr || jk == CXCursor_MemberRefExpr) &&
                 rk != CXCursor_CXXMethod && rk != CXCursor_FunctionDecl) ||
                jk == CXCursor_UnaryOperator)
                next = kj;      /* the variable, not the operator's own name */
        }
        kids_free(&ks);
        if (clang_Cursor_isNull(next))
            break;
        o = next;
    }
    enum CXCursorKind k = clang_getCursorKind(o);
    if (k != CXCursor_DeclRefExpr && k != CXCursor_MemberRefExpr)
        return -1;
    const char *name = spell(w, o);
    char both[200];
    if (!name || snprintf(both, sizeof both, "%s_%s", name, rest) >= (int)sizeof both)
        return -1;
    const char *id = intern(w, both);
    return id ? ident_category(w, id) : -1;
}

/* The object of a member call `obj.f(x)` / `p->f(x)`: the base of the
 * callee expression. Null for static members, implicit this, operators. */
static CXCursor member_object(CXCursor call)
{
    kids ks = {0};
    kids_get(call, &ks);
    CXCursor obj = clang_getNullCursor();
    if (ks.n) {
        CXCursor callee = strip(ks.v[0]);
        if (clang_getCursorKind(callee) == CXCursor_MemberRefExpr) {
            kids kb = {0};
            kids_get(callee, &kb);
            if (kb.n)
                obj = kb.v[0];
            kids_free(&kb);
        }
    }
    kids_free(&ks);
    return obj;
}


static const char *literal_text(walk *w, CXCursor a)
{
    a = strip(a);
    if (clang_getCursorKind(a) != CXCursor_StringLiteral)
        return NULL;
    CXString s = clang_getCursorSpelling(a);
    const char *r = intern(w, clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return r;
}

/* ---- labels: what the output line calls a value ----
 * "Password: [%s]" or out << "  Password: [" << buf: the text right
 * before a printed value names it. Only a label ending in ':' or '=', a
 * name followed by the value in quotes (Cleartext-Password "%s") or the
 * Bearer scheme ("Bearer %s": a token) or an SMTP envelope path ("RCPT
 * TO:<%s>": an e-mail address), and
 * naming a secret or an identifier (password, NAM, SIN, date of birth)
 * counts, and only for a plain value (a variable, a field, an element),
 * never a call's result, which may be a mask. */
/* A label a protocol fixes (the Bearer scheme, an SMTP envelope path):
 * the category of `data`, named `shown` in the trace. */
static int scheme_label(walk *w, const char *data, const char *shown, const char **label)
{
    const char *name = intern(w, data);
    int cat = name ? ident_category(w, name) : -1;
    if (cat >= 0)
        *label = shown;
    return cat;
}

/* The category a label's words name, ambiguous words read with the
 * vocabulary of the function printing it ("Acct-Session-Id=%s" in RADIUS
 * accounting code is no web session); -1 if none. */
static int label_word_category(walk *w, const char *name)
{
    int cat = name ? ident_category(w, name) : -1;
    if (cat >= 0 && vg_ruleset_has_ambiguous(w->rs, name)) {
        const vg_category *c = vg_ruleset_match_identifier_in(w->rs, name,
                                                              extent_context(w, w->fn));
        cat = c ? (int)(c - w->rs->categories) : -1;
    }
    return cat;
}

/* The words of a label that ends at text[n], two or three of them
 * ("phone no: %s", "calling number %q is not authorized"): a phrase of a
 * category names the value after it, with or without a colon, being
 * more exact than one word, and may name the data a detector knows
 * (telephone, e-mail) besides credentials. -2 when no phrase of two
 * words or more names one. */
static int phrase_label(walk *w, const char *text, size_t n, bool marked, const char **label)
{
    size_t start[3], end = n, at = n;
    int nw = 0;
    while (nw < 3) {
        size_t e = at;
        while (at && (isalpha((unsigned char)text[at - 1]) || text[at - 1] == '-' ||
                      text[at - 1] == '_'))
            at--;
        bool escaped = at && at < e && text[at - 1] == '\\';
        if (escaped)
            at++;                       /* "\nFull name": the n is the escape's */
        if (at >= e || e - at > 20 || vg_ruleset_complement_word(w->rs, text + at, e - at))
            break;                      /* "password for %s" names the user */
        start[nw++] = at;
        if (escaped)
            break;
        if (!at || text[at - 1] != ' ')
            break;
        at--;
    }
    for (int k = nw - 1; k >= 1; k--) {        /* the longest phrase first */
        char word[72];
        size_t len = end - start[k];
        if (len >= sizeof word)
            continue;
        memcpy(word, text + start[k], len);
        word[len] = '\0';
        for (char *q = word; *q; q++)
            if (*q == ' ' || *q == '-')
                *q = '_';
        const char *name = intern(w, word);
        int cat = label_word_category(w, name);
        /* data a value can be recognised as, or a credential: a name
         * ("Full name : %s") is as often an account's display field */
        const vg_category *c = cat >= 0 ? &w->rs->categories[cat] : NULL;
        if (!c || !c->sensitive || (!c->credential && c->detector == VG_DET_NONE))
            continue;
        /* without a colon the phrase must be the whole of it: "calling
         * number", not the "number" of "order number" */
        vg_words ws;
        vg_ruleset_words(w->rs, name, strlen(name), &ws);
        if (!marked && ws.n < 2)
            continue;
        if (!marked) {                  /* "the phone %s" needs its colon */
            char last[24];
            snprintf(last, sizeof last, "%.*s", (int)(end - start[0]), text + start[0]);
            const char *lname = intern(w, last);
            if (lname && ident_category(w, lname) == cat)
                continue;
        }
        *label = name;
        return cat;
    }
    return -2;
}

/* The envelope word before ":<" or "=<" ending text ("FROM:<",
 * "rcpt=<"), or NULL. */
static const char *envelope_path(const char *text, size_t n)
{
    static const char *const words[] = {"FROM", "TO", "RCPT", "SENDER", "RECIPIENT", NULL};
    if (n < 3 || text[n - 1] != '<' || (text[n - 2] != ':' && text[n - 2] != '='))
        return NULL;
    for (size_t i = 0; words[i]; i++) {
        size_t l = strlen(words[i]);
        if (n >= l + 2 && !strncasecmp(text + n - 2 - l, words[i], l) &&
            (n == l + 2 || !isalnum((unsigned char)text[n - 3 - l])))
            return words[i];
    }
    return NULL;
}

static int label_category(walk *w, const char *text, size_t n, const char **label)
{
    /* "Authorization: Bearer %s", "auth=Bearer %s" (RFC 6750, SASL
     * OAUTHBEARER): what follows the scheme is the bearer token */
    if (n >= 7 && !strncasecmp(text + n - 7, "Bearer ", 7) &&
        (n == 7 || strchr(" :=\t\"", text[n - 8])))
        return scheme_label(w, "bearer_token", "Bearer", label);
    /* "MAIL FROM:<%s>", "RCPT TO:<%s>" (RFC 5321), and the mail log's
     * "from=<%s> to=<%s>": the envelope's path in angle brackets is a
     * mailbox, an e-mail address */
    const char *path = envelope_path(text, n);
    if (path)
        return scheme_label(w, "email_address", path, label);
    /* "PASS %s" opening the line: the password command of POP3 (RFC
     * 1939), FTP (RFC 959) and IRC (RFC 2812) */
    if (n == 6 && !strncmp(text, "\"PASS ", 6))     /* the spelling keeps its quote */
        return scheme_label(w, "password", "PASS", label);
    /* Cleartext-Password "%s": a name, a space, then the value quoted */
    bool quoted = n >= 2 && (text[n - 1] == '"' || text[n - 1] == '\'') &&
                  (text[n - 2] == ' ' || (n >= 3 && text[n - 2] == '\\' && text[n - 3] == ' '));
    while (n && strchr(" \t[(<{'\"\\", text[n - 1]))
        n--;
    if (!n)
        return -1;
    bool marked = quoted;
    if (text[n - 1] == ':' || text[n - 1] == '=') {
        n--;
        marked = true;
    }
    while (n && text[n - 1] == ' ')
        n--;
    int cat = phrase_label(w, text, n, marked, label);
    if (cat != -2)
        return cat;
    if (!marked)
        return -1;
    size_t end = n, start = n;
    while (start && (isalnum((unsigned char)text[start - 1]) || text[start - 1] == '_' ||
                     text[start - 1] == '-'))
        start--;
    if (end - start < 3 || end - start > 40)
        return -1;
    char word[48];
    snprintf(word, sizeof word, "%.*s", (int)(end - start), text + start);
    const char *name = intern(w, word);
    cat = label_word_category(w, name);
    if (cat < 0)
        return -1;
    *label = name;
    const vg_category *c = &w->rs->categories[cat];
    return c->credential || c->detector == VG_DET_NAM || c->detector == VG_DET_SIN ||
           c->detector == VG_DET_DOB ? cat : -1;
}

/* What the labels before each argument name (-1: nothing), by index. */
typedef struct arg_labels {
    int cat[64];
    const char *name[64];
    uint64_t behind;        /* a bit per argument printed after a word separator */
} arg_labels;

/* A printf-style format, for arguments first, first + 1, ...: a "%p" or
 * "%n" conversion prints an address or stores a count, never the text
 * (a bit per argument in the result); the label before a %s names what
 * it prints (lb). */
static uint64_t scan_format(walk *w, const char *fmt, int first, arg_labels *lb)
{
    uint64_t drop = 0;
    const char *seg = fmt;
    int arg = first;
    bool separated = false;             /* the format's text so far has a blank */
    for (const char *p = fmt; *p && arg < 64; p++) {
        if (*p == ' ' || *p == '\t' || (p[0] == '\\' && p[1] == 't'))
            separated = true;           /* the spelling keeps escapes: \t */
        if (*p != '%')
            continue;
        const char *pct = p;
        if (*++p == '%')
            continue;
        while (*p && strchr("-+ #0'123456789.*lhjztqL", *p)) {
            if (*p == 'q' && !(p[1] && strchr("diouxXn", p[1])))
                break;                  /* not BSD's %qd: a wrapper's own %q */
            if (*p == '*')
                arg++;                  /* a width or precision argument */
            p++;
        }
        if (!*p || arg >= 64)
            break;
        if (separated)
            lb->behind |= 1ULL << arg;
        if (*p == 'p' || *p == 'n')
            drop |= 1ULL << arg;
        else if (!strchr("diouxXcfFeEgGaAC", *p))
            /* %s, and a wrapper's own text conversions (%q, %v) */
            lb->cat[arg] = label_category(w, seg, (size_t)(pct - seg), &lb->name[arg]);
        arg++;
        seg = p + 1;
    }
    /* "LOGIN %s %s" as the line's first conversions: IMAP's login
     * command (RFC 3501, after its tag), user then password */
    const char *login = strstr(fmt, "LOGIN %s %s");
    if (login && login > fmt && (login[-1] == '"' || login[-1] == ' ') &&
        !memchr(fmt, '%', (size_t)(login - fmt)) && first + 1 < 64)
        lb->cat[first + 1] = scheme_label(w, "password", "LOGIN", &lb->name[first + 1]);
    return drop;
}

/* The text of a string literal, or of a string object made from one
 * (std::string("Password: ")), without its closing quote; NULL if none. */
static const char *label_literal(walk *w, CXCursor c, size_t *n)
{
    c = strip(c);
    const char *lit = literal_text(w, c);
    if (!lit && clang_getCursorKind(c) == CXCursor_CallExpr &&
        clang_Cursor_getNumArguments(c) == 1)
        lit = literal_text(w, clang_Cursor_getArgument(c, 0));
    if (!lit)
        return NULL;
    *n = strlen(lit);
    if (*n >= 2 && lit[*n - 1] == '"')
        (*n)--;                         /* the spelling keeps its quotes */
    return lit;
}

/* out << "Password: [" << v and "Password: " + v (a string built to be
 * printed or sent): the literal written just before v, the left operand
 * of the same operator, or its right one when the left is a chain of it
 * (s + "pw=" + v). */
static int chain_label(walk *w, CXCursor left, const char *op, const char **label)
{
    left = strip(left);
    size_t n;
    const char *lit = NULL;
    if (!strcmp(op, "operator+"))
        lit = label_literal(w, left, &n);
    if (!lit && clang_getCursorKind(left) == CXCursor_CallExpr &&
        clang_Cursor_getNumArguments(left) == 2) {
        CXString sp = clang_getCursorSpelling(left);
        bool same = clang_getCString(sp) && !strcmp(clang_getCString(sp), op);
        clang_disposeString(sp);
        if (same)
            lit = label_literal(w, clang_Cursor_getArgument(left, 1), &n);
    }
    return lit ? label_category(w, lit, n, label) : -1;
}

/* A brace placeholder at p ("{}", "{1}", "{0:>8}", "{:x}"): its length,
 * and *idx its explicit index or -1; 0 if p starts none ("{{" is a brace). */
static size_t brace_at(const char *p, int *idx)
{
    if (p[0] != '{' || p[1] == '{')
        return 0;
    size_t i = 1;
    *idx = -1;
    if (isdigit((unsigned char)p[i])) {
        *idx = 0;
        while (isdigit((unsigned char)p[i]) && *idx < 1000)
            *idx = *idx * 10 + (p[i++] - '0');
    }
    if (p[i] == ':')
        while (p[i] && p[i] != '}' && p[i] != '{' && p[i] != '"' && i < 40)
            i++;
    return p[i] == '}' ? i + 1 : 0;
}

/* A format with brace placeholders (std::format, fmt, spdlog, "{1}"
 * translations), for arguments first, first + 1, ...: the label before
 * each placeholder names its argument. Explicit indexes count from 0,
 * or from 1 when none is 0 ("{1}" is then the first). Returns whether
 * the text had a placeholder. */
static bool scan_braces(walk *w, const char *fmt, int first, arg_labels *lb)
{
    int lowest = -1, idx;
    size_t len;
    for (const char *p = fmt; *p; p++)
        if ((len = brace_at(p, &idx)) && idx >= 0 && (lowest < 0 || idx < lowest))
            lowest = idx;
    int base = lowest > 0 ? 1 : 0, next = 0;
    bool any = false;
    const char *seg = fmt;
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '{' && p[1] == '{') {
            p++;
            continue;
        }
        if (!(len = brace_at(p, &idx)))
            continue;
        any = true;
        int arg = first + (idx >= 0 ? idx - base : next++);
        if (arg >= first && arg < 64)
            lb->cat[arg] = label_category(w, seg, (size_t)(p - seg), &lb->name[arg]);
        p += len - 1;
        seg = p + 1;
    }
    return any;
}

static bool plain_value(CXCursor s)
{
    enum CXCursorKind k = clang_getCursorKind(s);
    if (k == CXCursor_ConditionalOperator) {
        /* is_daemon ? "" : from: a plain value on one side, at most a
         * literal on the other */
        kids ks = {0};
        kids_get(s, &ks);
        int plain = 0, other = 0;
        for (size_t i = 1; ks.n == 3 && i < 3; i++) {
            CXCursor b = strip(ks.v[i]);
            enum CXCursorKind bk = clang_getCursorKind(b);
            if (bk == CXCursor_DeclRefExpr || bk == CXCursor_MemberRefExpr ||
                bk == CXCursor_ArraySubscriptExpr)
                plain++;
            else if (bk != CXCursor_StringLiteral)
                other++;
        }
        kids_free(&ks);
        return plain && !other;
    }
    return k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr ||
           k == CXCursor_ArraySubscriptExpr;
}


static bool writable_pointer(CXType t)
{
    t = clang_getCanonicalType(t);
    if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray ||
        t.kind == CXType_VariableArray)
        return true;
    if (t.kind != CXType_Pointer && t.kind != CXType_LValueReference)
        return false;
    return !clang_isConstQualifiedType(clang_getPointeeType(t));
}

/* int vmode = 0; switch (type) { case A: vmode = SSL_VERIFY_PEER; break;
 * case IGNORE: break; } SSL_CTX_set_verify(ctx, vmode, cb): a local that
 * starts at 0 and is assigned only inside branches can still be 0 there.
 * An assignment outside every branch settles it (order is not followed). */
typedef struct zero_scan {
    CXCursor var;
    int depth;
    bool settled;
} zero_scan;

static enum CXChildVisitResult zero_cb(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    zero_scan *z = d;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_IfStmt || k == CXCursor_SwitchStmt || k == CXCursor_ForStmt ||
        k == CXCursor_WhileStmt || k == CXCursor_DoStmt || k == CXCursor_CaseStmt ||
        k == CXCursor_DefaultStmt || k == CXCursor_ConditionalOperator) {
        zero_scan in = {z->var, z->depth + 1, false};
        clang_visitChildren(c, zero_cb, &in);
        return CXChildVisit_Continue;
    }
    if (!z->depth && (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator)) {
        kids ks = {0};
        kids_get(c, &ks);
        if (ks.n && clang_getCursorKind(strip(ks.v[0])) == CXCursor_DeclRefExpr &&
            clang_equalCursors(clang_getCursorReferenced(strip(ks.v[0])), z->var))
            z->settled = true;
        kids_free(&ks);
    }
    return z->settled ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static bool maybe_zero(CXCursor ref)
{
    CXCursor var = clang_getCursorReferenced(ref);
    if (clang_getCursorKind(var) != CXCursor_VarDecl)
        return false;
    CXCursor fn = clang_getCursorSemanticParent(var);
    enum CXCursorKind fk = clang_getCursorKind(fn);
    if (fk != CXCursor_FunctionDecl && fk != CXCursor_CXXMethod)
        return false;                   /* a global: any function may set it */
    long long v;
    if (!const_int(var, &v) || v != 0)
        return false;
    zero_scan z = {var, 0, false};
    clang_visitChildren(fn, zero_cb, &z);
    return !z.settled;
}

/* A variable of file scope, this unit's or another's (extern). */
static bool file_scope_var(CXCursor ref)
{
    if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr)
        return false;
    CXCursor d = clang_getCursorReferenced(ref);
    enum CXCursorKind pk = clang_getCursorKind(clang_getCursorSemanticParent(d));
    return clang_getCursorKind(d) == CXCursor_VarDecl &&
           (pk == CXCursor_TranslationUnit || pk == CXCursor_Namespace);
}

/* A file-scope variable, or a field of one reached with '.' only
 * (Conf_SSLOptions.CipherList): its spelling, or NULL. */
static const char *global_path(walk *w, CXCursor e)
{
    e = strip(e);
    if (file_scope_var(e))
        return spell(w, e);
    if (clang_getCursorKind(e) != CXCursor_MemberRefExpr || clang_Cursor_isNull(e))
        return NULL;
    kids ks = {0};
    kids_get(e, &ks);
    const char *base = ks.n == 1 ? global_path(w, ks.v[0]) : NULL;
    bool arrow = false;
    if (base) {
        CXType bt = clang_getCanonicalType(clang_getCursorType(strip(ks.v[0])));
        arrow = bt.kind == CXType_Pointer;
    }
    kids_free(&ks);
    const char *field = base && !arrow ? spell(w, e) : NULL;
    return field ? intern(w, vg_arena_printf(&w->t->arena, "%s.%s", base, field)) : NULL;
}

/* "cannot get password: %s" with errstr: a value whose own name says it
 * is an error message (a role, ruleset not_data_roles) is the reason,
 * not the data the words before it speak of. */
static bool error_text(walk *w, CXCursor s)
{
    enum CXCursorKind k = clang_getCursorKind(s);
    if (k != CXCursor_DeclRefExpr && k != CXCursor_MemberRefExpr)
        return false;
    const char *name = spell(w, s);
    return name && vg_ruleset_not_data_role(w->rs, name);
}

/* A parameter the function prints under a label naming some data
 * ("auth=Bearer %s" with const char *token) is declared for that data,
 * as if its name said so: a caller's password handed to it is reported
 * at this sink, once (the engine's named_inside). */
static void label_param(walk *w, CXCursor s, int cat)
{
    if (!w->pcats || clang_getCursorKind(s) != CXCursor_DeclRefExpr)
        return;
    CXCursor d = clang_getCursorReferenced(s);
    int i = clang_getCursorKind(d) == CXCursor_ParmDecl ? param_index(w->fn, d) : -1;
    if (i >= 0 && i < w->nparams && w->pcats[i] < 0)
        w->pcats[i] = (int16_t)cat;
}

/* label_cat >= 0: the line printed calls the argument that data (label),
 * which makes a plain value a source of it. */
/* A class value passed by value is a copy of what was named: the copy
 * constructor's argument (format("Password: {}", pw) copies pw). */
static CXCursor copied_value(CXCursor s)
{
    if (clang_getCursorKind(s) != CXCursor_CallExpr || clang_Cursor_getNumArguments(s) != 1 ||
        clang_getCursorKind(clang_getCursorReferenced(s)) != CXCursor_Constructor)
        return s;
    CXCursor v = strip(clang_Cursor_getArgument(s, 0));
    enum CXCursorKind k = clang_getCursorKind(v);
    return k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr ? v : s;
}

/* &p with p a pointer (a variable or a field): the callee may store a
 * new pointer in p. Told from *pp by the types: &p is a pointer to the
 * operand's own type. */
static bool address_of_pointer(CXCursor s)
{
    if (clang_getCursorKind(s) != CXCursor_UnaryOperator)
        return false;
    kids ks = {0};
    kids_get(s, &ks);
    bool r = false;
    if (ks.n == 1) {
        CXType ts = clang_getCanonicalType(clang_getCursorType(s));
        CXType tk = clang_getCanonicalType(clang_getCursorType(ks.v[0]));
        r = ts.kind == CXType_Pointer && tk.kind == CXType_Pointer &&
            clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(ts)), tk);
    }
    kids_free(&ks);
    return r;
}

static bool in_system(CXCursor decl);

/* A pointer to a record declared in a system header (X509 *, SSL *). */
static bool library_object(CXType t)
{
    t = clang_getCanonicalType(t);
    if (t.kind != CXType_Pointer)
        return false;
    CXType p = clang_getCanonicalType(clang_getPointeeType(t));
    return p.kind == CXType_Record && in_system(clang_getTypeDeclaration(p));
}

static void fill_arg(walk *w, fl_arg *fa, CXCursor a, CXCursor s, bool wants_consts,
                     int label_cat, const char *label)
{
    vec atoms = {0};
    eval(w, a, &atoms);
    if (label_cat >= 0)
        s = copied_value(s);
    if (label_cat >= 0 && plain_value(s) && !error_text(w, s)) {
        add_atom(w, &atoms, FL_AT_SRC, label_cat,
                 vg_arena_printf(&w->t->arena, "value printed as \"%s\"", label), s, 0);
        label_param(w, s, label_cat);
        if (atoms.n) {  /* overwritten with a constant: nothing left to name */
            ((fl_atom *)atoms.v)[atoms.n - 1].place = place_key(w, s);
            ((fl_atom *)atoms.v)[atoms.n - 1].flags |= FL_ATF_LABEL;
        }
    }
    fa->atoms = freeze_atoms(w, &atoms, &fa->natoms);
    free(atoms.v);
    CXType ty = clang_getCanonicalType(clang_getCursorType(a));
    if (pointer_like(ty))
        fa->dest = place_key(w, s);
    if (!fa->dest && ty.kind == CXType_Pointer && (fa->dest = pointee_place(w, a)))
        fa->partial = true;             /* vsnprintf(buf + strlen(buf), ...) */
    /* judged by what is passed, not by the parameter: a REQUEST * handed
     * to talloc as a void * context is still a handle */
    CXType passed = clang_getCanonicalType(clang_getCursorType(s));
    int holds = type_holds(w, passed);
    fa->handle = holds == TY_HANDLE;
    fa->is_record = fa->handle && type_category(w, passed) < 0;
    fa->writable = writable_pointer(ty);
    fa->repoint = fa->dest && address_of_pointer(s);
    fa->lib_object = fa->is_record && library_object(passed);
    if (clang_getCursorKind(s) == CXCursor_DeclRefExpr)
        fa->name = spell(w, s);
    else if (fa->dest)
        fa->name = fa->dest;
    else if (clang_getCursorKind(s) == CXCursor_MemberRefExpr)
        fa->name = place_key(w, s);     /* write(conn->fd, ...), p_sess->xferlog_fd: a
                                           descriptor is known by its field's place */
    if (wants_consts) {
        CXEvalResult ev = clang_Cursor_Evaluate(a);
        if (ev) {
            CXEvalResultKind ek = clang_EvalResult_getKind(ev);
            if (ek == CXEval_Int) {
                fa->ival = clang_EvalResult_getAsLongLong(ev);
                fa->has_ival = true;
            } else if (ek == CXEval_StrLiteral) {
                fa->str = vg_arena_strdup(&w->t->arena, clang_EvalResult_getAsStr(ev));
            }
            clang_EvalResult_dispose(ev);
        }
        /* SSL_CTX_set_cipher_list(ctx, ciphers) on a global or a field of
         * one: its default may be written in another unit (vg_flow_engine
         * judges it) */
        const char *g = !fa->str && !fa->has_ival ? global_path(w, s) : NULL;
        if (g) {
            fa->global = true;
            fa->name = g;
        }
    }
}

static void add_gstr(walk *w, const char *name, const char *str);

/* Room for one more element in an array of the unit's arena (*v holding
 * n of size bytes, *cap allocated): doubled and copied when full, the old
 * block left to the arena. Returns 0, or -1 out of memory. */
static int arena_room(fl_tu *t, void *v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    void *old, *nv = vg_arena_alloc(&t->arena, c * size);
    if (!nv)
        return -1;
    /* v is the address of a typed pointer (fl_func **...): read and
     * written as bytes, not through a void ** */
    memcpy(&old, v, sizeof old);
    if (n)
        memcpy(nv, old, n * size);
    memcpy(v, &nv, sizeof nv);
    *cap = c;
    return 0;
}

/* The string an expression evaluates to, copied into the unit's arena,
 * or NULL. Evaluate the literal's use (an implicit cast around it), not
 * the bare StringLiteral token, which libclang does not evaluate. */
static const char *eval_string(walk *w, CXCursor e)
{
    CXEvalResult ev = clang_Cursor_Evaluate(e);
    const char *str = ev && clang_EvalResult_getKind(ev) == CXEval_StrLiteral
        ? vg_arena_strdup(&w->t->arena, clang_EvalResult_getAsStr(ev)) : NULL;
    if (ev)
        clang_EvalResult_dispose(ev);
    return str;
}

/* const char *ciphers = "AES128-SHA"; at file scope, visible to other
 * units: remembered with its string, for the settings they make with it. */
static void note_global_string(walk *w, CXCursor var, CXCursor init)
{
    if (clang_getCursorLinkage(var) != CXLinkage_External)
        return;
    const char *str = eval_string(w, init);
    if (str)
        add_gstr(w, spell(w, var), str);
}

static void add_gstr(walk *w, const char *name, const char *str)
{
    fl_tu *t = w->t;
    if (arena_room(t, &t->gstrs, t->ngstrs, &t->capgstrs, sizeof *t->gstrs)) {
        w->oom = 1;
        return;
    }
    t->gstrs[t->ngstrs].name = name;
    t->gstrs[t->ngstrs++].str = str;
}

/* &var of a string variable of file scope, or NULL. */
static const char *global_string_address(walk *w, CXCursor a)
{
    a = strip(a);
    if (clang_getCursorKind(a) != CXCursor_UnaryOperator)
        return NULL;
    kids ks = {0};
    kids_get(a, &ks);
    CXCursor r = ks.n == 1 ? strip(ks.v[0]) : clang_getNullCursor();
    kids_free(&ks);
    if (clang_Cursor_isNull(r) || !file_scope_var(r))
        return NULL;
    CXType t = clang_getCanonicalType(clang_getCursorType(r));
    CXType p = clang_getCanonicalType(clang_getPointeeType(t));
    if (t.kind != CXType_Pointer || (p.kind != CXType_Char_S && p.kind != CXType_Char_U))
        return NULL;
    return spell(w, r);
}

/* install_str_setting("AES128-SHA", &tunable_ssl_ciphers): a project
 * function handed a string literal and the address of a global string
 * variable sets that variable's default (how a service loads its
 * defaults before its configuration). */
static void note_setter_default(walk *w, CXCursor c, int nargs)
{
    const char *lit = NULL, *var = NULL;
    for (int i = 0; i < nargs; i++) {
        CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
        const char *g = global_string_address(w, a);
        if (g) {
            if (var)
                return;                 /* two variables: which one gets it? */
            var = g;
        } else if (clang_getCursorKind(strip(a)) == CXCursor_StringLiteral) {
            if (lit || !(lit = eval_string(w, a)))
                return;
        }
    }
    if (lit && var)
        add_gstr(w, var, lit);
}

/* Conf_SSLOptions.CipherList = strdup_warn("HIGH:!aNULL"), ciphers =
 * "AES128-SHA" in a function: a global (or a '.' field of one) given a
 * string literal, directly or through a function that copies its one
 * argument (a name with "dup"), has that default. */
static void note_assigned_default(walk *w, CXCursor lhs, CXCursor rhs)
{
    const char *var = global_path(w, lhs);
    if (!var)
        return;
    CXCursor r = rhs;
    if (clang_getCursorKind(strip(r)) == CXCursor_CallExpr) {
        CXCursor call = strip(r);
        CXString cs = clang_getCursorSpelling(call);
        bool dup = clang_getCString(cs) && strstr(clang_getCString(cs), "dup");
        clang_disposeString(cs);
        if (!dup || clang_Cursor_getNumArguments(call) != 1)
            return;
        r = clang_Cursor_getArgument(call, 0);
    }
    if (clang_getCursorKind(strip(r)) != CXCursor_StringLiteral)
        return;
    const char *lit = eval_string(w, r);
    if (lit)
        add_gstr(w, var, lit);
}

/* ---- function pointers ---- */

static bool fnptr_type(CXType t)
{
    t = clang_getCanonicalType(t);
    if (t.kind != CXType_Pointer)
        return false;
    CXType p = clang_getCanonicalType(clang_getPointeeType(t));
    return p.kind == CXType_FunctionProto || p.kind == CXType_FunctionNoProto;
}

/* The position of parameter d among fn's, or -1. */
static int param_index(CXCursor fn, CXCursor d)
{
    int np = clang_Cursor_getNumArguments(fn);
    for (int i = 0; i < np; i++)
        if (clang_equalCursors(clang_Cursor_getArgument(fn, (unsigned)i), d))
            return i;
    return -1;
}

/* The key of function fn's parameter i as a function pointer: "*f#i". */
static const char *param_fnptr_key(walk *w, CXCursor fn, int i)
{
    CXString f = clang_getCursorSpelling(fn);
    char buf[320];
    snprintf(buf, sizeof buf, "*%.300s#%d", clang_getCString(f) ? clang_getCString(f) : "", i);
    clang_disposeString(f);
    return intern(w, buf);
}

/* The name a function pointer is known by across units: a struct field
 * "*logger::log" (every struct logger shares it), a file-scope variable
 * "*hook", a function's parameter "*str_netfd_alloc#5" (what every call
 * of that function hands it) or a local "*ftp_getline:p_peek" (what
 * the function assigns it). NULL for anything else. */
static const char *fnptr_decl_key(walk *w, CXCursor d)
{
    if (!fnptr_type(clang_getCursorType(d)))
        return NULL;
    enum CXCursorKind dk = clang_getCursorKind(d);
    char buf[320];
    CXCursor fn = clang_getCursorSemanticParent(d);
    enum CXCursorKind fk = clang_getCursorKind(fn);
    bool in_function = fk == CXCursor_FunctionDecl || fk == CXCursor_CXXMethod;
    if (dk == CXCursor_ParmDecl && in_function) {
        int i = param_index(fn, d);
        return i < 0 ? NULL : param_fnptr_key(w, fn, i);
    }
    if (dk == CXCursor_VarDecl && in_function &&
        clang_Cursor_getStorageClass(d) != CX_SC_Static) {
        CXString f = clang_getCursorSpelling(fn), v = clang_getCursorSpelling(d);
        snprintf(buf, sizeof buf, "*%.150s:%.150s", clang_getCString(f), clang_getCString(v));
        clang_disposeString(f);
        clang_disposeString(v);
        return intern(w, buf);
    }
    if (dk == CXCursor_FieldDecl) {
        CXString rec = clang_getCursorSpelling(clang_getCursorSemanticParent(d));
        CXString f = clang_getCursorSpelling(d);
        snprintf(buf, sizeof buf, "*%.150s::%.150s", clang_getCString(rec), clang_getCString(f));
        clang_disposeString(rec);
        clang_disposeString(f);
    } else if (dk == CXCursor_VarDecl && clang_getCursorKind(clang_getCursorSemanticParent(d)) ==
                                             CXCursor_TranslationUnit) {
        CXString n = clang_getCursorSpelling(d);
        snprintf(buf, sizeof buf, "*%.300s", clang_getCString(n));
        clang_disposeString(n);
    } else
        return NULL;
    return intern(w, buf);
}

/* The key of the pointer a call goes through: fp(...), (*fp)(...), s.fp(...). */
static const char *fnptr_key(walk *w, CXCursor e)
{
    e = strip(e);
    if (clang_getCursorKind(e) == CXCursor_UnaryOperator) {     /* (*fp)(...) */
        kids ks = {0};
        kids_get(e, &ks);
        if (ks.n == 1)
            e = strip(ks.v[0]);
        kids_free(&ks);
    }
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k != CXCursor_MemberRefExpr && k != CXCursor_DeclRefExpr)
        return NULL;
    return fnptr_decl_key(w, clang_getCursorReferenced(e));
}

static void add_fnptr(walk *w, const char *key, const char *target)
{
    fl_tu *t = w->t;
    for (size_t i = 0; i < t->nfnptrs; i++)
        if (t->fnptrs[i].key == key && t->fnptrs[i].target == target)
            return;
    if (arena_room(t, &t->fnptrs, t->nfnptrs, &t->capfnptrs, sizeof *t->fnptrs)) {
        w->oom = 1;
        return;
    }
    t->fnptrs[t->nfnptrs++] = (fl_fnptr){key, target};
}

/* key = value: a function's name, NULL for a null pointer (no call goes
 * there), or "" for a value we cannot name (a parameter, a lookup). */
static void note_fnptr_value(walk *w, const char *key, CXCursor value)
{
    CXCursor v = strip(value);
    if (clang_getCursorKind(v) == CXCursor_UnaryOperator) {     /* &fn */
        kids ks = {0};
        kids_get(v, &ks);
        if (ks.n == 1)
            v = strip(ks.v[0]);
        kids_free(&ks);
    }
    if (clang_getCursorKind(v) == CXCursor_DeclRefExpr) {
        CXCursor d = clang_getCursorReferenced(v);
        if (clang_getCursorKind(d) == CXCursor_FunctionDecl) {
            const declinfo dinfo = decl_info(w, d), *di = &dinfo;
            add_fnptr(w, key, di->name);
            return;
        }
        /* another pointer's value: whatever that one holds */
        const char *from = fnptr_decl_key(w, d);
        if (from && from != key) {
            add_fnptr(w, key, intern(w, vg_arena_printf(&w->t->arena, "=%s", from)));
            return;
        }
    }
    if (clang_getCursorKind(v) == CXCursor_MemberRefExpr) {
        /* another struct's pointer field (saved = conn->write): what
         * that field holds; the same field of another struct of the
         * type (conn->write = inner.write) holds nothing new */
        const char *from = fnptr_key(w, v);
        if (from && from != key)
            add_fnptr(w, key, intern(w, vg_arena_printf(&w->t->arena, "=%s", from)));
        if (from)
            return;
    }
    /* NULL, ((void *)0), nullptr: the end of a table, no target */
    enum CXCursorKind vk = clang_getCursorKind(v);
    bool null = vk == CXCursor_GNUNullExpr || vk == CXCursor_CXXNullPtrLiteralExpr;
    CXEvalResult ev = null ? NULL : clang_Cursor_Evaluate(vk == CXCursor_IntegerLiteral ? v : value);
    if (ev) {
        null = clang_EvalResult_getKind(ev) == CXEval_Int && clang_EvalResult_getAsLongLong(ev) == 0;
        clang_EvalResult_dispose(ev);
    }
    if (!null)
        add_fnptr(w, key, NULL);
}

/* f(..., plain_peek, ...) where f's parameter i is a function pointer:
 * that parameter may hold plain_peek ("*f#i"), so the calls f makes
 * through it are followed. */
static void note_fnptr_arg(walk *w, CXCursor callee, unsigned i, CXCursor arg)
{
    CXType ft = clang_getCursorType(callee);
    if (clang_getCanonicalType(ft).kind != CXType_FunctionProto ||
        i >= (unsigned)clang_getNumArgTypes(ft) || !fnptr_type(clang_getArgType(ft, i)))
        return;
    const char *key = param_fnptr_key(w, callee, (int)i);
    if (key)
        note_fnptr_value(w, key, arg);
}

typedef struct fieldlist {
    CXCursor v[64];
    size_t n;
} fieldlist;

static enum CXVisitorResult field_cb(CXCursor c, CXClientData d)
{
    fieldlist *l = d;
    if (l->n < 64)
        l->v[l->n++] = c;
    return CXVisit_Continue;
}

/* struct logger L = { my_log, ... } / { .log = my_log }: the fields of
 * function-pointer type take those functions. */
static void note_init_list(walk *w, CXCursor list)
{
    CXType t = clang_getCanonicalType(clang_getCursorType(list));
    if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) {
        /* a table of structs (a command table: {"PASS", irc_pass, ...}, ...):
         * each element's fields */
        kids ks = {0};
        kids_get(list, &ks);
        for (size_t i = 0; i < ks.n; i++)
            if (clang_getCursorKind(ks.v[i]) == CXCursor_InitListExpr)
                note_init_list(w, ks.v[i]);
        kids_free(&ks);
        return;
    }
    if (t.kind != CXType_Record)
        return;
    fieldlist fl = {.n = 0};
    clang_Type_visitFields(t, field_cb, &fl);
    kids ks = {0};
    kids_get(list, &ks);
    for (size_t i = 0; i < ks.n; i++) {
        CXCursor value = ks.v[i], field = i < fl.n ? fl.v[i] : clang_getNullCursor();
        if (clang_getCursorKind(value) == CXCursor_InitListExpr) {
            note_init_list(w, value);
            continue;
        }
        kids kd = {0};
        kids_get(value, &kd);          /* .log = f: designator, then the value */
        if (clang_getCursorKind(value) == CXCursor_UnexposedExpr && kd.n == 2 &&
            clang_getCursorKind(kd.v[0]) == CXCursor_MemberRef) {
            field = clang_getCursorReferenced(kd.v[0]);
            value = kd.v[1];
        }
        kids_free(&kd);
        const char *key = clang_Cursor_isNull(field) ? NULL : fnptr_decl_key(w, field);
        if (key)
            note_fnptr_value(w, key, value);
    }
    kids_free(&ks);
}

/* The stream of a << chain is the call's first argument: its name and
 * place (cerr, an ostringstream) decide whether it is a log or a builder. */
static void fill_stream(walk *w, fl_arg *fa, CXCursor first)
{
    CXCursor root = stream_root(first);
    enum CXCursorKind rk = clang_getCursorKind(root);
    if (rk == CXCursor_DeclRefExpr || rk == CXCursor_MemberRefExpr) {
        fa->dest = place_key(w, root);
        fa->name = rk == CXCursor_DeclRefExpr ? spell(w, root) : fa->dest;
        fa->is_record = fa->handle = false;
    } else if (rk == CXCursor_CallExpr) {      /* LOG(INFO) << x: a logger's stream() */
        fa->name = decl_info(w, clang_getCursorReferenced(root)).name;
        fa->is_record = fa->handle = false;
    }
}

/* The category a key argument names: a short string literal
 * ("User-Password", "db_password"), an enumerator or constant
 * (DCM_PatientName), or an integer written as a macro (PW_USER_PASSWORD).
 * A namespace prefix of up to three capitals (PW_, DCM_) is not read. */
static int key_category(walk *w, CXCursor a)
{
    a = strip(a);
    /* GetNV("password") taking a const CString&: the literal inside the
     * converting constructor is the key */
    bool converted = false;
    for (int depth = 0; depth < 3 && clang_getCursorKind(a) == CXCursor_CallExpr &&
                        clang_getCursorKind(clang_getCursorReferenced(a)) == CXCursor_Constructor &&
                        clang_Cursor_getNumArguments(a) == 1;
         depth++) {
        a = strip(clang_Cursor_getArgument(a, 0));
        converted = true;
    }
    enum CXCursorKind k = clang_getCursorKind(a);
    char name[128] = "";
    if (k == CXCursor_StringLiteral) {
        CXString s = clang_getCursorSpelling(a);
        const char *lit = clang_getCString(s);
        size_t n = lit ? strlen(lit) : 0;
        /* a converted literal in Title case ("Password") is a label to
         * translate or show (t_s("Password")), not a key; a key is written
         * lower-case or in capitals ("password", "DB_PASSWORD") */
        bool title = converted && n > 3 && lit[1] >= 'A' && lit[1] <= 'Z' && lit[2] >= 'a' &&
                     lit[2] <= 'z';
        if (n > 2 && n < 66 && !strpbrk(lit + 1, " %:\t\\") && lit[0] == '"' && !title)
            snprintf(name, sizeof name, "%.*s", (int)(n - 2), lit + 1);
        clang_disposeString(s);
    } else if (k == CXCursor_DeclRefExpr) {
        CXCursor d = clang_getCursorReferenced(a);
        enum CXCursorKind dk = clang_getCursorKind(d);
        if (dk == CXCursor_EnumConstantDecl ||
            (dk == CXCursor_VarDecl && clang_isConstQualifiedType(clang_getCursorType(d)))) {
            CXString s = clang_getCursorSpelling(d);
            snprintf(name, sizeof name, "%s", clang_getCString(s) ? clang_getCString(s) : "");
            clang_disposeString(s);
        }
    } else if (k == CXCursor_IntegerLiteral) {
        /* the macro's name, read where it is written in the source */
        CXFile f;
        unsigned off;
        clang_getExpansionLocation(clang_getCursorLocation(a), &f, NULL, NULL, &off);
        size_t size;
        const char *buf = f ? file_text(w, f, &size) : NULL;
        size_t n = 0;
        while (buf && off + n < size && n < sizeof name - 1 &&
               (buf[off + n] == '_' || (buf[off + n] >= 'A' && buf[off + n] <= 'Z') ||
                (buf[off + n] >= 'a' && buf[off + n] <= 'z') ||
                (n && buf[off + n] >= '0' && buf[off + n] <= '9')))
            n++;
        if (n)
            snprintf(name, sizeof name, "%.*s", (int)n, buf + off);
    }
    if (!name[0])
        return -1;
    int cat = -1;
    size_t caps = 0;
    while (k != CXCursor_StringLiteral && name[caps] >= 'A' && name[caps] <= 'Z')
        caps++;
    /* PW_USER_NAME is a user name, PW_PROXY_TO_REALM no data at all, and
     * API_KEY an API key: the prefix only counts with a one-word rest */
    bool prefixed = caps >= 2 && caps <= 3 && name[caps] == '_';
    if (prefixed)
        cat = ident_category(w, intern(w, name + caps + 1));
    if (cat < 0 && (!prefixed || !strchr(name + caps + 1, '_')))
        cat = ident_category(w, intern(w, name));
    /* only data that matters in every sink: a value found by the key
     * "EMAIL" is an address to write to, not a disclosure by itself */
    const unsigned all = (1u << VG_SINK__COUNT) - 1;
    const vg_category *c = cat >= 0 ? &w->rs->categories[cat] : NULL;
    return c && c->sensitive && (c->credential || (c->sinks & all) == all) ? cat : -1;
}

/* The constant is the mask character: '*' stored over text is how code
 * hides a secret it is about to show (fetchmail's enshroud, memset(pw,
 * '*', n)). Other constants ('\0', '/') end or build text. */
static bool mask_char(CXCursor v)
{
    long long ch;
    return const_int(strip(v), &ch) && ch == '*';
}

/* The target reaches memory the function was handed or points into:
 * *cp++, p[i], pw where the base is a parameter or a local pointer. A
 * local array (char pat[8]; pat[0] = '*') is a pattern being built. */
static bool masks_through_pointer(CXCursor target, bool deref)
{
    CXCursor c = strip(target);
    for (int depth = 0; depth < 8; depth++) {
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k == CXCursor_DeclRefExpr)
            break;
        if (k == CXCursor_UnaryOperator || k == CXCursor_ArraySubscriptExpr)
            deref = true;
        else if (k != CXCursor_BinaryOperator)  /* p + i */
            return false;
        kids ks = {0};
        kids_get(c, &ks);
        if (!ks.n) {
            kids_free(&ks);
            return false;
        }
        c = strip(ks.v[0]);
        kids_free(&ks);
    }
    if (!deref || clang_getCursorKind(c) != CXCursor_DeclRefExpr)
        return false;
    CXCursor var = clang_getCursorReferenced(c);
    CXType t = clang_getCanonicalType(clang_getCursorType(var));
    return clang_getCursorKind(var) == CXCursor_ParmDecl ||
           (clang_getCursorKind(var) == CXCursor_VarDecl && t.kind == CXType_Pointer);
}

/* A call to a template's instantiation (Log::Debug<const char *&>, a
 * member of Table<Row>): walk its body once this unit's own functions
 * are done. The pattern is walked too, under the template's name, for
 * instantiations no unit sees. */
static void note_specialization(walk *w, CXCursor callee, uint32_t usr)
{
    if (w->nspecs_seen >= SPEC_MAX ||
        clang_Cursor_isNull(clang_getSpecializedCursorTemplate(callee)) ||
        decl_info(w, callee).fmt)
        return;
    CXCursor def = clang_getCursorDefinition(callee);
    if (clang_Cursor_isNull(def) || in_system(def))
        return;
    size_t slot = usr & (SPEC_SLOTS - 1);
    while (w->spec_seen[slot] && w->spec_seen[slot] != usr)
        slot = (slot + 1) & (SPEC_SLOTS - 1);
    if (w->spec_seen[slot])
        return;
    CXCursor *q = vec_push(&w->specs, sizeof *q);
    if (!q) {
        w->oom = 1;
        return;
    }
    *q = def;
    w->spec_seen[slot] = usr;
    w->nspecs_seen++;
}

/* What the labels of a call's output line name, into lb, and which
 * arguments it prints no content of (the result): a printf-style format
 * of a C variadic function, else a brace format among the arguments
 * (format("Password: {}", pw)), and the literal before << or +. callee
 * is null when the call's function is not known. */
static uint64_t call_labels(walk *w, CXCursor c, CXCursor callee, const char *name, int nargs,
                            arg_labels *lb)
{
    uint64_t no_content = 0;
    if (!clang_Cursor_isNull(callee) && clang_Cursor_isVariadic(callee)) {
        int fmt = clang_Cursor_getNumArguments(callee) - 1;
        const char *lit = nargs > 0 && fmt >= 0 && fmt < nargs
            ? literal_text(w, clang_Cursor_getArgument(c, (unsigned)fmt)) : NULL;
        if (lit)
            no_content = scan_format(w, lit, fmt + 1, lb);
    } else {
        for (int i = 0; i + 1 < nargs && i < 63; i++) {
            size_t n;
            const char *lit = label_literal(w, clang_Cursor_getArgument(c, (unsigned)i), &n);
            if (lit && scan_braces(w, lit, i + 1, lb))
                break;
        }
    }
    if (nargs >= 2 && (!strcmp(name, "operator<<") || !strcmp(name, "operator+")))
        lb->cat[1] = chain_label(w, clang_Cursor_getArgument(c, 0), name, &lb->name[1]);
    return no_content;
}

/* An argument given to a parameter declared as where data is kept
 * (open_management(..., const char *pass_file)): the callee's name for it
 * is the more exact one, so what the argument's own name says
 * (options->management_user_pass) does not make it the data. What it
 * holds by a flow from elsewhere stays. */
static void place_param_arg(walk *w, CXCursor callee, int i, fl_arg *fa)
{
    if (i >= clang_Cursor_getNumArguments(callee))
        return;
    const char *pname = spell(w, clang_Cursor_getArgument(callee, (unsigned)i));
    if (!pname || !vg_ruleset_place_param(w->rs, pname))
        return;
    size_t n = 0;
    for (size_t k = 0; k < fa->natoms; k++) {
        const fl_atom *a = &fa->atoms[k];
        bool named = a->kind == FL_AT_SRC && a->text &&
                     (!strncmp(a->text, "field ", 6) || !strncmp(a->text, "variable ", 9) ||
                      !strncmp(a->text, "parameter ", 10));
        if (!named)
            fa->atoms[n++] = *a;
    }
    fa->natoms = n;
}

/* A constant integer given to our own function (clean(s, 0), a flags
 * word U_DECODE_PASSWD): the engine weighs it against the tests the
 * callee's statements run under (fl_stmt.gkind). Only literal-looking
 * arguments are evaluated: most are variables, and evaluating costs. */
static void flag_constant(CXCursor sa, fl_arg *fa)
{
    if (fa->has_ival)
        return;
    if (clang_getCanonicalType(clang_getCursorType(sa)).kind == CXType_Pointer) {
        /* NULL, 0, nullptr for a pointer: a guard on it (if (from && ...))
         * is off for that caller */
        CXCursor v = strip(sa);
        enum CXCursorKind vk = clang_getCursorKind(v);
        long long z;
        if (vk == CXCursor_CXXNullPtrLiteralExpr || vk == CXCursor_GNUNullExpr ||
            (vk == CXCursor_IntegerLiteral && const_int(v, &z) && z == 0)) {
            fa->ival = 0;
            fa->has_ival = true;
        }
        return;
    }
    if (!flag_type(clang_getCursorType(sa)))
        return;
    enum CXCursorKind k = clang_getCursorKind(sa);
    bool literal = k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral ||
                   k == CXCursor_ParenExpr || k == CXCursor_BinaryOperator ||
                   k == CXCursor_UnaryOperator ||
                   (k == CXCursor_DeclRefExpr &&
                    clang_getCursorKind(clang_getCursorReferenced(sa)) ==
                        CXCursor_EnumConstantDecl);
    long long v;
    if (literal && const_int(sa, &v)) {
        fa->ival = v;
        fa->has_ival = true;
    }
}

static int eval_call(walk *w, CXCursor c)
{
    CXCursor callee = clang_getCursorReferenced(c);
    fl_call call = {0};
    enum CXCursorKind ck = clang_getCursorKind(callee);
    declinfo dinfo;
    const declinfo *di = NULL;
    if (ck == CXCursor_FunctionDecl || ck == CXCursor_CXXMethod ||
        ck == CXCursor_FunctionTemplate || ck == CXCursor_Constructor ||
        ck == CXCursor_ConversionFunction) {
        dinfo = decl_info(w, callee);
        di = &dinfo;
        /* A constructor is named after its class: std::string(pw) is
         * derived from pw, a service's own constructor has a summary. */
        call.callee = func_name(w, callee, di->name, di->sys);
        call.system = di->sys;
        CXType rt = clang_getCursorResultType(callee);
        int h = ck == CXCursor_Constructor ? TY_TEXT : type_holds(w, rt);
        call.ret_content = h == TY_TEXT || h == TY_INTEGER;
        call.method_const = ck == CXCursor_CXXMethod && clang_CXXMethod_isConst(callee);
        call.ctor = ck == CXCursor_Constructor;
        if (!di->sys) {
            call.usr = usr_hash(callee);
            note_specialization(w, callee, call.usr);
        }
    } else if (clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_Record &&
               clang_Cursor_isNull(callee)) {
        /* an implicit copy of a class value: the copy holds what it held */
        call.callee = "(copy)";
        call.system = true;
        call.ctor = true;
        call.ret_content = true;
    } else {
        kids ks = {0};
        kids_get(c, &ks);
        const char *key = ks.n ? fnptr_key(w, ks.v[0]) : NULL;
        kids_free(&ks);
        call.callee = key ? key : "";
        call.ret_content = type_holds(w, clang_getCursorType(c)) == TY_TEXT;
    }
    if (!call.callee)
        return -1;
    if (call.system && !strcmp(call.callee, "memset") && clang_Cursor_getNumArguments(c) == 3 &&
        mask_char(clang_Cursor_getArgument(c, 1)) &&
        masks_through_pointer(clang_Cursor_getArgument(c, 0), true))
        w->masks = true;
    bool wants_consts = vg_misuse_wants_constants(call.callee);
    int nargs = clang_Cursor_getNumArguments(c);
    if (nargs < 0) {        /* not a plain call: keep the data it touches */
        vec tmp = {0};
        eval_children(w, c, &tmp);
        free(tmp.v);
        return -1;
    }
    /* C++ member calls: the object is data too (s.c_str() is s), passed
     * as an extra last argument. */
    CXCursor obj = ck == CXCursor_CXXMethod ? member_object(c) : clang_getNullCursor();
    int nall = nargs + !clang_Cursor_isNull(obj);
    if (nall > 0 && !(call.args = vg_arena_alloc(&w->t->arena, (size_t)nall * sizeof *call.args))) {
        w->oom = 1;
        return -1;
    }
    call.nargs = (size_t)nall;
    arg_labels lb;
    lb.behind = 0;
    for (int i = 0; i < 64; i++)
        lb.cat[i] = -1;
    uint64_t no_content = call_labels(w, c, di ? callee : clang_getNullCursor(), call.callee,
                                      nargs, &lb);
    call.keycat = -1;
    CXType rtype = clang_getCanonicalType(clang_getCursorType(c));
    int rh = type_holds(w, rtype);
    /* a constructor given a key builds the key (DcmTag(DCM_PatientName)),
     * it fetches nothing */
    bool getter = di && !call.ctor && (rh == TY_TEXT || rh == TY_HANDLE) &&
                  (!di->sys || !strcmp(call.callee, "getenv") ||
                   !strcmp(call.callee, "secure_getenv"));
    if (getter && ck == CXCursor_CXXMethod && !clang_Cursor_isNull(obj) &&
        di->cat < 0)
        call.keycat = (int16_t)object_getter_category(w, obj, di->name);
    for (int i = 0; i < nargs; i++) {
        CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
        CXCursor sa = strip(a);        /* once: each strip walks the cast chain */
        if (getter && call.keycat < 0)
            call.keycat = (int16_t)key_category(w, sa);
        if (i < 64 && (no_content >> i & 1)) {     /* still walked for its calls */
            vec tmp = {0};
            eval(w, a, &tmp);
            free(tmp.v);
            continue;
        }
        fill_arg(w, &call.args[i], a, sa, wants_consts, i < 64 ? lb.cat[i] : -1,
                 i < 64 ? lb.name[i] : NULL);
        call.args[i].behind = i < 64 && (lb.behind >> i & 1);
        if (di && !di->sys) {
            place_param_arg(w, callee, i, &call.args[i]);
            flag_constant(sa, &call.args[i]);
            note_fnptr_arg(w, callee, (unsigned)i, a);
        }
        if (di && !call.args[i].writable) {
            /* an object passed by non-const reference may be filled */
            CXType pt = clang_getArgType(clang_getCursorType(callee), (unsigned)i);
            if (pt.kind == CXType_LValueReference &&
                !clang_isConstQualifiedType(clang_getPointeeType(pt)))
                call.args[i].writable = true;
        }
    }
    if (nargs >= 1 && !wants_consts &&
        (!strcmp(call.callee, "write") || !strcmp(call.callee, "writev") ||
         (call.system && !strcmp(call.callee, "socket")))) {
        CXEvalResult ev = clang_Cursor_Evaluate(clang_Cursor_getArgument(c, 0));
        if (ev) {                       /* write(2, ...) logs; socket(AF_UNIX, ...) */
            if (clang_EvalResult_getKind(ev) == CXEval_Int) {
                call.args[0].ival = clang_EvalResult_getAsLongLong(ev);
                call.args[0].has_ival = true;
            }
            clang_EvalResult_dispose(ev);
        }
    }
    if (nargs >= 2 && !strcmp(call.callee, "operator<<"))
        fill_stream(w, &call.args[0], clang_Cursor_getArgument(c, 0));
    if (nargs >= 2 && wants_consts && strstr(call.callee, "_set_verify") &&
        !call.args[1].has_ival) {
        CXCursor mode = strip(clang_Cursor_getArgument(c, 1));
        if (clang_getCursorKind(mode) == CXCursor_DeclRefExpr && maybe_zero(mode)) {
            call.args[1].ival = 0;      /* SSL_VERIFY_NONE on some path */
            call.args[1].has_ival = true;
        }
    }
    if (!clang_Cursor_isNull(obj)) {
        fill_arg(w, &call.args[nargs], obj, strip(obj), false, -1, NULL);
        call.args[nargs].object = true;
    }
    const char *file;
    where(w, c, &file, &call.line, &call.col);
    if (!strcmp(call.callee, "__builtin_va_start") || !strcmp(call.callee, "__builtin_va_copy")) {
        /* va_start(ap, fmt): ap now holds the "..." arguments */
        if (nargs >= 1 && call.args[0].dest) {
            vec atoms = {0};
            if (!strcmp(call.callee, "__builtin_va_start"))
                add_atom(w, &atoms, FL_AT_VAR, 0, FL_VARARGS, c, 0);
            else if (nargs >= 2)
                eval(w, clang_Cursor_getArgument(c, 1), &atoms);
            emit(w, FL_ST_ASSIGN, c, call.args[0].dest, 0, &atoms);
            free(atoms.v);
        }
        return -1;
    }
    if (!strcmp(call.callee, "SSL_get_verify_result"))
        w->manual_verify = 1;
    if (call.system && !strcmp(call.callee, "socket") && call.nargs == 3)
        w->t->facts |= call.args[0].has_ival && call.args[0].ival == 1   /* AF_UNIX, AF_LOCAL */
            ? FL_FACT_LOCAL_SOCKET : FL_FACT_NET_SOCKET;
    if (strstr(call.callee, "_set_verify") && call.nargs >= 2 &&
        (!call.args[1].has_ival || call.args[1].ival != 0 || call.args[1].name))
        w->t->facts |= FL_FACT_PEER_CHECKED;    /* SSL_VERIFY_PEER (on some path at least):
                                                   the handshake checks */
    if (!strcmp(call.callee, "SSL_set_accept_state") || !strcmp(call.callee, "SSL_accept") ||
        strstr(call.callee, "server_method") ||
        !strcmp(call.callee, "SSL_SESSION_set1_master_key")) {
        /* a server: SSL_VERIFY_NONE there only means "no client certificate";
         * a session made from a pre-shared key (a PSK callback): the key
         * authenticated the peer, and no certificate is exchanged */
        const char **sv = vec_push(&w->servers, sizeof *sv);
        if (!sv)
            w->oom = 1;
        else
            *sv = w->fname;
        if (strcmp(call.callee, "SSL_SESSION_set1_master_key") != 0)
            w->t->facts |= FL_FACT_TLS_SERVER;
    }
    /* gnutls_init(&s, GNUTLS_SERVER), mbedtls_ssl_config_defaults(&c,
     * MBEDTLS_SSL_IS_SERVER, ...): the server's side (both are 1) */
    long long role;
    if ((!strcmp(call.callee, "gnutls_init") || !strcmp(call.callee, "mbedtls_ssl_config_defaults")) &&
        call.nargs >= 2 && const_int(strip(clang_Cursor_getArgument(c, 1)), &role) && (role & 1))
        w->t->facts |= FL_FACT_TLS_SERVER;
    if (!strcmp(call.callee, "SSL_get_peer_certificate") ||
        !strcmp(call.callee, "SSL_get1_peer_certificate")) {
        pending *pv = vec_push(&w->pending_peer, sizeof *pv);
        if (!pv)
            w->oom = 1;
        else
            *pv = (pending){call, file, w->fname, NULL};
    }
    if (wants_consts) {
        if (strstr(call.callee, "_set_verify")) {
            /* SSL_VERIFY_NONE followed by an explicit SSL_get_verify_result
             * check (curl does this) still verifies: decide at the end. */
            pending *pv = vec_push(&w->pending_verify, sizeof *pv);
            if (!pv)
                w->oom = 1;
            else
                *pv = (pending){call, file, w->fname,
                                nargs ? field_usr(w, clang_Cursor_getArgument(c, 0)) : NULL};
        } else if (vg_misuse_ctx_setting(call.callee)) {
            pending *pv = vec_push(&w->pending_settings, sizeof *pv);
            if (!pv)
                w->oom = 1;
            else
                *pv = (pending){call, file, w->fname, NULL};
        } else if (vg_misuse_check(w->j->o, &call, file, w->fname, &w->t->direct))
            w->oom = 1;
    }
    if (!call.system && call.callee[0])
        note_setter_default(w, c, nargs);
    fl_call *slot = vec_push(&w->calls, sizeof *slot);
    if (!slot) {
        w->oom = 1;
        return -1;
    }
    *slot = call;
    int idx = (int)(w->calls.n - 1);
    fl_stmt *st = vec_push(&w->stmts, sizeof *st);  /* emit(), location known */
    if (!st) {
        w->oom = 1;
        return -1;
    }
    st->op = FL_ST_CALL;
    st->call = idx;
    st->line = call.line;
    st->col = call.col;
    stmt_guard(w, st);
    return idx;
}

/* ---- statements ---- */

/* int fd = accept(...), c->fd = fd, return s: an int carries no text, so
 * its value has no atoms; FL_ST_DESC says which descriptor it is, the
 * call that made it (the last call the value's walk added, when it is
 * the value's own) or the place it copies. */
static void emit_descriptor(walk *w, CXCursor at, const char *dst, CXCursor value,
                            size_t calls_before)
{
    CXCursor r = strip(value);
    if (!dst || clang_getCanonicalType(clang_getCursorType(r)).kind != CXType_Int)
        return;
    enum CXCursorKind k = clang_getCursorKind(r);
    vec atoms = {0};
    if (k == CXCursor_CallExpr && w->calls.n > calls_before) {
        const fl_call *last = &((fl_call *)w->calls.v)[w->calls.n - 1];
        int line, col;
        where(w, r, NULL, &line, &col);
        if (last->line == line && last->col == col)
            add_atom(w, &atoms, FL_AT_CALL, 0, NULL, r, (int)(w->calls.n - 1));
    } else if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
        const char *key = place_key(w, r);
        if (key)
            add_atom(w, &atoms, FL_AT_VAR, 0, key, r, 0);
    }
    if (atoms.n)
        emit(w, FL_ST_DESC, at, dst, 0, &atoms);
    free(atoms.v);
}

static void walk_var(walk *w, CXCursor v)
{
    CXCursor init = clang_Cursor_getVarDeclInitializer(v);
    const char *name = spell(w, v);
    if (name)
        name = declare_local(w, v, name);
    if (clang_Cursor_isNull(init))
        return;
    vec atoms = {0};
    size_t calls_before = w->calls.n;
    eval(w, init, &atoms);
    emit_descriptor(w, v, name, init, calls_before);
    if (name) {
        emit(w, FL_ST_ASSIGN, v, name, 0, &atoms);
        emit_alias(w, v, name, init);
        note_cut_pointer(w, name, init);
    }
    free(atoms.v);
    const char *fkey = fnptr_decl_key(w, v);   /* str_netfd_read_t p = plain_peek; */
    if (fkey)
        note_fnptr_value(w, fkey, init);
}

static void walk_stmt(walk *w, CXCursor c);

/* A range for: its variable, then the range, then the body. The
 * variable is assigned what the range holds. false: not that shape. */
static bool range_for(walk *w, CXCursor c)
{
    kids ks = {0};
    kids_get(c, &ks);
    size_t v = ks.n;
    for (size_t i = 0; i < ks.n && v == ks.n; i++)
        if (clang_getCursorKind(ks.v[i]) == CXCursor_VarDecl)
            v = i;
    if (v + 1 >= ks.n || !clang_isExpression(clang_getCursorKind(ks.v[v + 1]))) {
        kids_free(&ks);
        return false;
    }
    const char *name = spell(w, ks.v[v]);
    if (name)
        name = declare_local(w, ks.v[v], name);
    vec atoms = {0};
    eval(w, ks.v[v + 1], &atoms);
    if (name)
        emit(w, FL_ST_ASSIGN, ks.v[v], name, 0, &atoms);
    free(atoms.v);
    for (size_t i = v + 2; i < ks.n; i++)
        walk_stmt(w, ks.v[i]);
    kids_free(&ks);
    return true;
}

/* ---- branches ---- */

#define BRANCH_MAX 16

typedef struct branch {
    const char *keys[BRANCH_MAX];
    size_t n;
} branch;

static void branch_add(branch *b, const char *key)
{
    if (!key)
        return;
    for (size_t i = 0; i < b->n; i++)
        if (b->keys[i] == key)
            return;
    if (b->n < BRANCH_MAX)
        b->keys[b->n++] = key;
}

/* What statements [from, to) may overwrite: assignment targets and what
 * a call may replace (strcpy(buf, "x") writes its first argument). */
static void branch_targets(walk *w, size_t from, size_t to, branch *b)
{
    for (size_t i = from; i < to; i++) {
        const fl_stmt *s = &((fl_stmt *)w->stmts.v)[i];
        if (s->op == FL_ST_ASSIGN && !strchr(s->dst, '#'))
            branch_add(b, s->dst);
        else if (s->op == FL_ST_CALL) {
            const fl_call *c = &((fl_call *)w->calls.v)[s->call];
            if (c->nargs && c->args[0].dest && c->args[0].writable && !c->args[0].partial)
                branch_add(b, c->args[0].dest);
        }
    }
}

static const char *temp_name(walk *w, const char *key, const char *what, int id)
{
    char buf[320];
    snprintf(buf, sizeof buf, "%.280s#%s%d", key, what, id);
    return intern(w, buf);
}

static void emit_copy(walk *w, uint8_t op, CXCursor at, const char *dst, const char *src)
{
    vec atoms = {0};
    add_atom(w, &atoms, FL_AT_VAR, 0, src, at, 0);
    emit(w, op, at, dst, 0, &atoms);
    free(atoms.v);
}

/* Emit statements at `pos` instead of at the end (the saves before a
 * branch are known only once the branch is walked). */
static void emit_saves_at(walk *w, size_t pos, CXCursor at, const branch *b, int id)
{
    size_t before = w->stmts.n;
    for (size_t i = 0; i < b->n; i++)
        emit_copy(w, FL_ST_SAVE, at, temp_name(w, b->keys[i], "pre", id), b->keys[i]);
    size_t added = w->stmts.n - before;
    if (!added || w->oom)
        return;
    fl_stmt *v = w->stmts.v;
    fl_stmt tmp[BRANCH_MAX];
    memcpy(tmp, v + before, added * sizeof *v);
    memmove(v + pos + added, v + pos, (before - pos) * sizeof *v);
    memcpy(v + pos, tmp, added * sizeof *v);
    for (size_t i = 0; i < w->nreruns; i++) {   /* loops at or after pos moved on */
        if (w->reruns[i].from >= pos)
            w->reruns[i].from += added;
        if (w->reruns[i].to > pos)
            w->reruns[i].to += added;
    }
}

/* Does this arm of an if end by returning (return x; or { ...; return; })? */
static bool arm_returns(CXCursor arm)
{
    enum CXCursorKind k = clang_getCursorKind(arm);
    if (k == CXCursor_ReturnStmt)
        return true;
    if (k != CXCursor_CompoundStmt)
        return false;
    kids ks = {0};
    kids_get(arm, &ks);
    bool r = ks.n && clang_getCursorKind(ks.v[ks.n - 1]) == CXCursor_ReturnStmt;
    kids_free(&ks);
    return r;
}

/* if (c) A [else B], switch (no case may match): after the statement,
 * a place holds what any path left in it. */
static void walk_branches(walk *w, CXCursor c, CXCursor *arms, size_t narms, bool may_skip,
                          const struct wguard arm_guard[2])
{
    int id = ++w->nbranch;
    size_t start = w->stmts.n;
    size_t bounds[4] = {start};
    branch b = {.n = 0};
    for (size_t i = 0; i < narms && i < 2; i++) {
        if (i == 1) {
            /* the second arm starts from what was there before the first */
            branch first = {.n = 0};
            branch_targets(w, bounds[0], w->stmts.n, &first);
            for (size_t k = 0; k < first.n; k++)
                branch_add(&b, first.keys[k]);
            for (size_t k = 0; k < b.n; k++) {
                emit_copy(w, FL_ST_SAVE, c, temp_name(w, b.keys[k], "arm", id), b.keys[k]);
                emit_copy(w, FL_ST_SAVE, c, b.keys[k], temp_name(w, b.keys[k], "pre", id));
            }
        }
        struct wguard outer = w->guard;
        if (arm_guard[i].kind)          /* the innermost test: see walk_block */
            w->guard = arm_guard[i];
        walk_stmt(w, arms[i]);
        w->guard = outer;
        bounds[i + 1] = w->stmts.n;
    }
    branch all = b;
    branch_targets(w, narms > 1 ? bounds[1] : start, w->stmts.n, &all);
    /* an arm that ends in return does not reach what follows: after the
     * statement a place holds what the other path left in it */
    bool out0 = arm_returns(arms[0]), out1 = narms > 1 && arm_returns(arms[1]);
    if (out0 && out1)
        out0 = out1 = false;
    uint8_t from_arm = out1 ? FL_ST_SAVE : FL_ST_MERGE;
    if (narms > 1 && !out0)
        for (size_t k = 0; k < b.n; k++)
            emit_copy(w, from_arm, c, b.keys[k], temp_name(w, b.keys[k], "arm", id));
    if (may_skip)
        for (size_t k = 0; k < all.n; k++)
            emit_copy(w, out0 ? FL_ST_SAVE : FL_ST_MERGE, c, all.keys[k],
                      temp_name(w, all.keys[k], "pre", id));
    else if (narms > 1 && !out0)
        for (size_t k = b.n; k < all.n; k++)     /* written by the second arm only */
            emit_copy(w, from_arm, c, all.keys[k], temp_name(w, all.keys[k], "pre", id));
    emit_saves_at(w, start, c, &all, id);
}

static bool case_label(CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    return k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt;
}

/* Does the statement end in a jump (break, return, goto, continue), so
 * that control does not fall through into the next case label? */
static bool ends_in_jump(CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_BreakStmt || k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt ||
        k == CXCursor_ContinueStmt)
        return true;
    if (k != CXCursor_CompoundStmt && !case_label(c))
        return false;
    kids ks = {0};
    kids_get(c, &ks);
    bool r = ks.n && ends_in_jump(ks.v[ks.n - 1]);
    kids_free(&ks);
    return r;
}

static int guard_param_of(walk *w, CXCursor c);

/* switch (what) { case CURLUPART_PASSWORD: ptr = u->password; break; }
 * on a parameter: the arm of one constant label, entered only from that
 * label (the arm before it does not fall through), runs only when the
 * caller passes that value. Fills *g and returns true in that case. */
static bool case_guard(walk *w, int param, CXCursor label, bool entered_alone,
                       struct wguard *g)
{
    if (param < 0 || !entered_alone || clang_getCursorKind(label) != CXCursor_CaseStmt)
        return false;
    kids ks = {0};
    kids_get(label, &ks);
    long long v;
    bool ok = ks.n == 2 && !case_label(ks.v[1]) && const_int(strip(ks.v[0]), &v);
    kids_free(&ks);
    if (ok)
        *g = (struct wguard){FL_GUARD_EQUALS, (int8_t)param, v};
    return ok;
}

/* A switch: each case, from its label to the next, is an arm that starts
 * from what was there before the switch; after the switch a place holds
 * what any arm left in it and, without a default, what it held before.
 * (A case that falls through into the next is walked as two arms.) The
 * join "#acc" of a place gathers the arms as they are walked. A switch
 * on a parameter guards each single-label arm with its value. */
static void walk_switch(walk *w, CXCursor c, CXCursor cond, CXCursor body)
{
    kids ks = {0};
    kids_get(body, &ks);
    if (clang_getCursorKind(body) != CXCursor_CompoundStmt || !ks.n) {
        kids_free(&ks);
        walk_stmt(w, body);
        return;
    }
    int id = ++w->nbranch;
    size_t start = w->stmts.n;
    branch seen = {.n = 0};
    bool deflt = false, fell = false;
    int param = guard_param_of(w, cond);
    for (size_t i = 0, narm = 0; i < ks.n; narm++) {
        size_t from = w->stmts.n;
        struct wguard outer = w->guard;
        case_guard(w, param, ks.v[i], !fell, &w->guard);
        do {
            deflt |= clang_getCursorKind(ks.v[i]) == CXCursor_DefaultStmt;
            walk_stmt(w, ks.v[i++]);
        } while (i < ks.n && !case_label(ks.v[i]));
        w->guard = outer;
        fell = !ends_in_jump(ks.v[i - 1]);
        branch arm = {.n = 0};
        branch_targets(w, from, w->stmts.n, &arm);
        size_t before = seen.n;
        for (size_t k = 0; k < arm.n; k++)
            branch_add(&seen, arm.keys[k]);
        for (size_t k = 0; k < seen.n; k++) {
            const char *acc = temp_name(w, seen.keys[k], "acc", id);
            if (k >= before && !narm)
                emit_copy(w, FL_ST_SAVE, c, acc, seen.keys[k]);
            else {
                if (k >= before)        /* the arms before left it as it was */
                    emit_copy(w, FL_ST_SAVE, c, acc, temp_name(w, seen.keys[k], "pre", id));
                emit_copy(w, FL_ST_MERGE, c, acc, seen.keys[k]);
            }
        }
        if (i < ks.n)                   /* the next arm starts afresh */
            for (size_t k = 0; k < seen.n; k++)
                emit_copy(w, FL_ST_SAVE, c, seen.keys[k], temp_name(w, seen.keys[k], "pre", id));
    }
    for (size_t k = 0; k < seen.n; k++) {
        emit_copy(w, FL_ST_SAVE, c, seen.keys[k], temp_name(w, seen.keys[k], "acc", id));
        if (!deflt)                     /* no case taken */
            emit_copy(w, FL_ST_MERGE, c, seen.keys[k], temp_name(w, seen.keys[k], "pre", id));
    }
    emit_saves_at(w, start, c, &seen, id);
    kids_free(&ks);
}

/* The parameter a condition reads, plainly: its index, or -1. */
static int guard_param_of(walk *w, CXCursor c)
{
    c = strip(c);
    if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
        return -1;
    CXCursor d = clang_getCursorReferenced(c);
    if (clang_getCursorKind(d) != CXCursor_ParmDecl)
        return -1;
    /* an integer flag, or a pointer tested for NULL (if (from && ...)):
     * a caller passes a constant for either */
    if (!flag_type(clang_getCursorType(d)) &&
        clang_getCanonicalType(clang_getCursorType(d)).kind != CXType_Pointer)
        return -1;
    int i = param_index(w->fn, d);
    return i >= 0 && i < 127 ? i : -1;
}

/* The test that holds when g's does not. */
static struct wguard guard_negation(struct wguard g)
{
    static const uint8_t neg[FL_GUARD__COUNT] = {
        [FL_GUARD_NONZERO] = FL_GUARD_ZERO, [FL_GUARD_ZERO] = FL_GUARD_NONZERO,
        [FL_GUARD_BITS] = FL_GUARD_NOBITS, [FL_GUARD_NOBITS] = FL_GUARD_BITS,
        [FL_GUARD_EQUALS] = FL_GUARD_DIFFERS, [FL_GUARD_DIFFERS] = FL_GUARD_EQUALS};
    g.kind = g.kind < FL_GUARD__COUNT ? neg[g.kind] : FL_GUARD_NONE;
    return g;
}

/* Does the condition of an if test a parameter, so that the caller's
 * constant argument decides whether the first arm runs? (if (sending &&
 * phone_num), if (flags & U_DECODE_PASSWD && pass), if (mode == 2), if
 * (!(flags & QUIET)).) A conjunct is enough: when it is false, the whole
 * is. *exact: the test is the whole condition, so that its negation holds
 * where the condition is false (the else arm). */
static bool param_guard(walk *w, CXCursor cond, struct wguard *g, bool *exact)
{
    cond = strip(cond);
    enum CXCursorKind k = clang_getCursorKind(cond);
    *exact = true;
    if (k == CXCursor_ParenExpr || (k == CXCursor_UnaryOperator && first_token_is(w, cond, "!"))) {
        kids ks = {0};
        kids_get(cond, &ks);
        bool r = ks.n == 1 && param_guard(w, ks.v[0], g, exact);
        kids_free(&ks);
        if (k == CXCursor_ParenExpr || !r)
            return r;
        *g = guard_negation(*g);        /* !(a && b) is no test on a alone */
        return *exact;
    }
    int p = guard_param_of(w, cond);
    if (p >= 0) {
        *g = (struct wguard){FL_GUARD_NONZERO, (int8_t)p, 0};
        return true;
    }
    if (k != CXCursor_BinaryOperator)
        return false;
    kids ks = {0};
    kids_get(cond, &ks);
    bool r = false;
    if (ks.n == 2) {
        char op[4];
        binop(w, ks.v[0], ks.v[1], op);
        long long v;
        if (!strcmp(op, "&&")) {
            r = param_guard(w, ks.v[0], g, exact) || param_guard(w, ks.v[1], g, exact);
            *exact = false;
        } else if (!strcmp(op, "&") || !strcmp(op, "==") || !strcmp(op, "!=")) {
            int side = -1;
            if ((p = guard_param_of(w, ks.v[0])) >= 0 && const_int(strip(ks.v[1]), &v))
                side = 0;
            else if ((p = guard_param_of(w, ks.v[1])) >= 0 && const_int(strip(ks.v[0]), &v))
                side = 1;
            if (side >= 0 && !strcmp(op, "&")) {
                *g = (struct wguard){FL_GUARD_BITS, (int8_t)p, v};
                r = true;
            } else if (side >= 0 && !strcmp(op, "==")) {
                *g = (struct wguard){FL_GUARD_EQUALS, (int8_t)p, v};
                r = true;
            } else if (side >= 0) {                 /* p != 0, p != 2 */
                *g = v == 0 ? (struct wguard){FL_GUARD_NONZERO, (int8_t)p, 0}
                            : (struct wguard){FL_GUARD_DIFFERS, (int8_t)p, v};
                r = true;
            }
        }
    }
    kids_free(&ks);
    return r;
}

static enum CXChildVisitResult label_ref_cb(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    if (clang_getCursorKind(c) != CXCursor_LabelRef)
        return CXChildVisit_Continue;
    *(CXCursor *)d = clang_getCursorReferenced(c);
    return CXChildVisit_Break;
}

/* goto cleanup: a jump to a label further down the function. It skips
 * statements but runs none of them again, so the statements still run in
 * source order; only a jump back makes a loop. */
static bool goes_forward(CXCursor go)
{
    CXCursor label = clang_getNullCursor();
    clang_visitChildren(go, label_ref_cb, &label);
    if (clang_Cursor_isNull(label))
        return false;
    unsigned from, to;
    CXFile ff, tf;
    clang_getFileLocation(clang_getCursorLocation(go), &ff, NULL, NULL, &from);
    clang_getFileLocation(clang_getCursorLocation(label), &tf, NULL, NULL, &to);
    return ff && tf && clang_File_isEqual(ff, tf) && to > from;
}

/* The statements from `from` to the last one emitted run twice. An
 * enclosing loop, met after the loops inside it, takes their place; when
 * the table is full the last range grows to cover the new one. */
static void add_rerun(walk *w, size_t from)
{
    while (w->nreruns && w->reruns[w->nreruns - 1].from >= from)
        w->nreruns--;
    if (w->nreruns && w->reruns[w->nreruns - 1].to > from)
        from = w->reruns[--w->nreruns].from;
    if (w->nreruns == RERUN_MAX)
        from = w->reruns[--w->nreruns].from;
    if (w->stmts.n > from)
        w->reruns[w->nreruns++] = (fl_range){from, w->stmts.n};
}

static unsigned cursor_offset(CXCursor c)
{
    unsigned off = 0;
    clang_getFileLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
    return off;
}

/* Where the increment of a for statement starts: after the second ';'
 * of its header (0 when not found). libclang lists a for statement's
 * parts as init, cond, inc, body, leaving out the missing ones, so the
 * increment is told by its place. */
static unsigned for_inc_start(walk *w, CXCursor loop, CXCursor body)
{
    CXSourceRange r = clang_getRange(clang_getRangeStart(clang_getCursorExtent(loop)),
                                     clang_getRangeStart(clang_getCursorExtent(body)));
    CXToken *toks = NULL;
    unsigned n = 0, at = 0;
    clang_tokenize(w->tu, r, &toks, &n);
    int depth = 0, semis = 0;
    for (unsigned i = 0; i < n && !at; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
            continue;
        CXString sp = clang_getTokenSpelling(w->tu, toks[i]);
        const char *t = clang_getCString(sp);
        if (t && !strcmp(t, "("))
            depth++;
        else if (t && !strcmp(t, ")"))
            depth--;
        else if (t && !strcmp(t, ";") && depth == 1 && ++semis == 2)
            clang_getFileLocation(clang_getTokenLocation(w->tu, toks[i]), NULL, NULL, NULL, &at);
        clang_disposeString(sp);
    }
    clang_disposeTokens(w->tu, toks, n);
    return at;
}

/* for (init; cond; inc) body: run in that order, init, cond, body, inc
 * (the body's first round sees the first element: e = s->list), then
 * again as a loop. */
static void walk_for(walk *w, CXCursor c, kids *ks)
{
    CXCursor body = ks->v[ks->n - 1];
    unsigned inc = for_inc_start(w, c, body);
    for (size_t i = 0; i + 1 < ks->n; i++)
        if (!inc || cursor_offset(ks->v[i]) < inc)
            walk_stmt(w, ks->v[i]);
    walk_stmt(w, body);
    for (size_t i = 0; inc && i + 1 < ks->n; i++)
        if (cursor_offset(ks->v[i]) >= inc)
            walk_stmt(w, ks->v[i]);
}

/* The statements of a block, in order; after if (!verbose) return; the
 * rest of the block runs under the negated test (walk_stmt sets it). A
 * statement keeps one test, the innermost: curl_url_get() starts with
 * if (!u) return ... and if (!part) return ..., and the switch on its
 * selector below must still guard each part's arm. */
static void walk_block(walk *w, const kids *ks)
{
    struct wguard outer = w->guard;
    for (size_t i = 0; i < ks->n; i++) {
        w->after_guard.kind = FL_GUARD_NONE;
        walk_stmt(w, ks->v[i]);
        if (w->after_guard.kind)
            w->guard = w->after_guard;
    }
    w->after_guard.kind = FL_GUARD_NONE;
    w->guard = outer;
}

static void walk_stmt(walk *w, CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    kids ks = {0};
    if (w->oom || too_deep(w, c))
        return;
    w->depth++;
    size_t first = w->stmts.n;
    bool loop = k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt ||
                k == CXCursor_CXXForRangeStmt;
    bool back = (k == CXCursor_GotoStmt && !goes_forward(c)) || k == CXCursor_IndirectGotoStmt;
    /* for (const CString &line : lines): the variable holds each element,
     * what the container holds */
    if (k == CXCursor_CXXForRangeStmt && range_for(w, c)) {
        add_rerun(w, first);
        w->depth--;
        return;
    }
    /* Loops are walked as if their body runs (a keystream loop hides the
     * whole buffer): only if and switch join their paths. */
    if (k == CXCursor_IfStmt || k == CXCursor_SwitchStmt) {
        kids_get(c, &ks);
        /* if: condition, then [, else]; switch: condition, body */
        size_t nhead = k == CXCursor_IfStmt ? (ks.n == 3 ? 1 : ks.n - 1) : ks.n - 1;
        if (k == CXCursor_IfStmt && ks.n > 3)
            nhead = ks.n - 2;
        for (size_t i = 0; i < nhead && i < ks.n; i++)
            walk_stmt(w, ks.v[i]);
        struct wguard g = {FL_GUARD_NONE, 0, 0};
        bool exact = false;
        if (k == CXCursor_IfStmt && nhead >= 1 && nhead <= ks.n &&
            !param_guard(w, ks.v[nhead - 1], &g, &exact))
            g.kind = FL_GUARD_NONE;
        /* the first arm runs when the test holds, the else arm when not */
        const struct wguard arm_guard[2] = {g, g.kind && exact ? guard_negation(g)
                                                              : (struct wguard){0}};
        const char *outer_test = w->null_tested;
        size_t outer_pend = w->npend_empty;
        w->null_tested = k == CXCursor_IfStmt && nhead >= 1 ? null_test(w, ks.v[nhead - 1])
                                                            : NULL;
        if (k == CXCursor_SwitchStmt && ks.n > nhead)
            walk_switch(w, c, ks.v[nhead - 1], ks.v[ks.n - 1]);
        else if (ks.n > nhead)          /* an if without else may be skipped */
            walk_branches(w, c, ks.v + nhead, ks.n - nhead, ks.n - nhead == 1, arm_guard);
        /* if (!(flags & VERBOSE)) return; — what follows runs only when
         * the test is false */
        w->after_guard.kind = FL_GUARD_NONE;      /* not what an inner if left */
        if (k == CXCursor_IfStmt && g.kind && exact && ks.n - nhead == 1 &&
            arm_returns(ks.v[nhead]))
            w->after_guard = guard_negation(g);
        w->null_tested = outer_test;
        for (size_t i = outer_pend; i < w->npend_empty; i++)
            emit_empty(w, c, w->pend_empty[i]);
        w->npend_empty = outer_pend;
        kids_free(&ks);
        w->depth--;
        return;
    }
    if (k == CXCursor_DeclStmt) {
        kids_get(c, &ks);
        for (size_t i = 0; i < ks.n; i++)
            if (clang_getCursorKind(ks.v[i]) == CXCursor_VarDecl)
                walk_var(w, ks.v[i]);
    } else if (k == CXCursor_ReturnStmt) {
        vec atoms = {0};
        size_t calls_before = w->calls.n;
        eval_children(w, c, &atoms);
        kids_get(c, &ks);
        if (ks.n == 1)
            emit_descriptor(w, c, FL_RETURN_DESC, ks.v[0], calls_before);
        emit(w, FL_ST_RETURN, c, NULL, 0, &atoms);
        free(atoms.v);
    } else if (clang_isExpression(k)) {
        vec atoms = {0};
        eval(w, c, &atoms);
        free(atoms.v);
    } else if (clang_isStatement(k) || k == CXCursor_VarDecl) {
        if (k == CXCursor_VarDecl)     /* for (int i = ...), if (T x = ...) */
            walk_var(w, c);
        else {
            kids_get(c, &ks);
            if (k == CXCursor_ForStmt && ks.n >= 2)
                walk_for(w, c, &ks);
            else
                walk_block(w, &ks);
        }
    }
    /* a goto back runs again from a label already walked: from the
     * start, to be safe */
    if (loop || back)
        add_rerun(w, loop ? first : 0);
    kids_free(&ks);
    w->depth--;
}

/* Does every return statement of this body return a non-zero integer
 * constant? (A verify callback that always accepts.) */
typedef struct retscan {
    walk *w;
    int returns, constant_true;
} retscan;

static enum CXChildVisitResult ret_cb(CXCursor c, CXCursor parent, CXClientData d)
{
    retscan *r = d;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_LambdaExpr)
        return CXChildVisit_Continue;
    if (k != CXCursor_ReturnStmt)
        return CXChildVisit_Recurse;
    r->returns++;
    kids ks = {0};
    kids_get(c, &ks);
    long long v;
    if (ks.n == 1 && const_int(ks.v[0], &v) && v != 0)
        r->constant_true++;
    kids_free(&ks);
    return CXChildVisit_Continue;
}

static bool always_accepts(walk *w, CXCursor fn, CXCursor body)
{
    /* only int f(int, X509_STORE_CTX *)-shaped functions are callbacks */
    if (clang_Cursor_getNumArguments(fn) != 2 ||
        clang_getCanonicalType(clang_getCursorResultType(fn)).kind != CXType_Int)
        return false;
    retscan r = {w, 0, 0};
    clang_visitChildren(body, ret_cb, &r);
    return r.returns > 0 && r.returns == r.constant_true;
}

static int add_func(walk *w, fl_func *f)
{
    fl_tu *t = w->t;
    if (arena_room(t, &t->funcs, t->nfuncs, &t->capfuncs, sizeof *t->funcs))
        return -1;
    t->funcs[t->nfuncs++] = *f;
    return 0;
}

static bool names_var(const fl_arg *a, const char *v)
{
    return (a->name && !strcmp(a->name, v)) || (a->dest && !strcmp(a->dest, v));
}

/* A probe: the context is a local of this function, made there by
 * SSL_CTX_new(), that only SSL_CTX_* calls see and SSL_CTX_free() ends (DCMTK lists the suites OpenSSL
 * supports by setting "ALL:eNULL" on such a context). Handed to SSL_new(),
 * to any other function, stored or returned, it is a real one. */
static bool probe_context(walk *w, const fl_func *f, const fl_call *set)
{
    const char *ctx = set->nargs ? set->args[0].name : NULL;
    if (!ctx || strchr(ctx, '.') || ctx[0] == ':')
        return false;                   /* a field or a global outlives the function */
    for (size_t i = 0; i < f->nparams; i++)
        if (f->params[i] && !strcmp(f->params[i], ctx))
            return false;
    bool freed = false;
    const fl_call *calls = w->calls.v;
    for (size_t i = 0; i < w->calls.n; i++)
        for (size_t j = 0; j < calls[i].nargs; j++) {
            if (!names_var(&calls[i].args[j], ctx))
                continue;
            if (strncmp(calls[i].callee, "SSL_CTX_", 8) != 0)
                return false;
            freed |= !strcmp(calls[i].callee, "SSL_CTX_free");
        }
    const fl_stmt *st = w->stmts.v;
    bool made = false;                  /* ctx = SSL_CTX_new(...) in this function */
    for (size_t i = 0; i < w->stmts.n; i++)
        if (st[i].op == FL_ST_ASSIGN && st[i].dst && !strcmp(st[i].dst, ctx))
            for (size_t k = 0; k < st[i].natoms; k++)
                if (st[i].atoms[k].kind == FL_AT_CALL && st[i].atoms[k].call >= 0 &&
                    (size_t)st[i].atoms[k].call < w->calls.n &&
                    !strcmp(calls[st[i].atoms[k].call].callee, "SSL_CTX_new"))
                    made = true;
    if (!made)
        return false;
    for (size_t i = 0; i < w->stmts.n; i++) {
        /* SAVE and MERGE only carry values across a branch's two paths */
        if (st[i].op == FL_ST_CALL || st[i].op == FL_ST_SAVE || st[i].op == FL_ST_MERGE ||
            (st[i].dst && !strcmp(st[i].dst, ctx)))
            continue;
        for (size_t k = 0; k < st[i].natoms; k++)
            if (st[i].atoms[k].kind == FL_AT_VAR && st[i].atoms[k].text &&
                !strcmp(st[i].atoms[k].text, ctx))
                return false;           /* copied, stored or returned */
    }
    return freed;
}

static void judge_settings(walk *w, const fl_func *f)
{
    const pending *pv = w->pending_settings.v;
    for (size_t i = 0; !w->oom && i < w->pending_settings.n; i++)
        if (!probe_context(w, f, &pv[i].call) &&
            vg_misuse_check(w->j->o, &pv[i].call, pv[i].file, pv[i].fname, &w->t->direct))
            w->oom = 1;
    w->pending_settings.n = 0;
}

static void walk_function(walk *w, CXCursor fn)
{
    if (decl_info(w, fn).fmt)
        return;                         /* modelled by name (vg_flow_engine.c) */
    fl_func f = {0};
    CXCursor body = clang_getNullCursor();
    kids ks = {0};
    kids_get(fn, &ks);
    for (size_t i = 0; i < ks.n; i++)
        if (clang_getCursorKind(ks.v[i]) == CXCursor_CompoundStmt)
            body = ks.v[i];
    kids_free(&ks);
    if (clang_Cursor_isNull(body))
        return;
    f.name = func_name(w, fn, spell(w, fn), false);
    where(w, fn, &f.file, &f.line, &(int){0});
    f.is_static = clang_Cursor_getStorageClass(fn) == CX_SC_Static;
    f.variadic = clang_Cursor_isVariadic(fn) != 0;
    f.usr = usr_hash(fn);
    w->declared.n = w->renamed.n = 0;
    w->nbranch = 0;
    if (always_accepts(w, fn, body)) {
        const char **slot = vec_push(&w->accept_all, sizeof *slot);
        if (!slot) {
            w->oom = 1;
            return;
        }
        *slot = f.name;
    }
    int np = clang_Cursor_getNumArguments(fn);
    /* A member function's object is its last parameter, "this", as the
     * object is the last argument of a member call. */
    enum CXCursorKind fk = clang_getCursorKind(fn);
    bool has_this = (fk == CXCursor_CXXMethod && !clang_CXXMethod_isStatic(fn)) ||
                    fk == CXCursor_Destructor;
    size_t nslots = np > 0 ? (size_t)np : 0;
    if (has_this && !f.variadic)
        nslots++;
    if (nslots) {
        f.params = vg_arena_alloc(&w->t->arena, nslots * sizeof *f.params);
        f.pcats = vg_arena_alloc(&w->t->arena, nslots * sizeof *f.pcats);
        if (!f.params || !f.pcats) {
            w->oom = 1;
            return;
        }
        f.pcats[nslots - 1] = -1;
        for (int i = 0; i < np; i++) {
            CXCursor pd = clang_Cursor_getArgument(fn, (unsigned)i);
            f.params[i] = spell(w, pd);
            f.pcats[i] = (int16_t)decl_info(w, pd).cat;
            /* an instantiated pack's parameters share one name: each is
             * its own place */
            if (f.params[i] && f.params[i][0])
                f.params[i] = declare_local(w, pd, f.params[i]);
        }
        if (nslots > (size_t)(np > 0 ? np : 0))
            f.params[nslots - 1] = "this";
        f.nparams = nslots;
    }
    w->fname = f.name;
    w->fn = fn;
    w->pcats = f.pcats;
    w->nparams = np > 0 ? np : 0;
    w->calls.n = w->stmts.n = 0;
    w->pending_settings.n = 0;
    w->masks = false;
    w->nreruns = 0;
    w->reset_dst = w->reset_src = w->null_tested = NULL;   /* per function */
    w->npend_empty = 0;
    w->ncuts = 0;
    w->fresh.n = w->fresh_bad.n = 0;
    w->body = body;
    w->fresh_done = false;
    walk_stmt(w, body);
    if (!w->oom)
        judge_settings(w, &f);
    if (w->oom)
        return;
    f.nreruns = w->nreruns;
    if (w->nreruns && !(f.reruns = vg_arena_alloc(&w->t->arena, w->nreruns * sizeof *f.reruns)))
        w->oom = 1;
    else if (w->nreruns)
        memcpy(f.reruns, w->reruns, w->nreruns * sizeof *f.reruns);
    f.masks = w->masks;
    if (w->calls.n && !(f.calls = vg_arena_alloc(&w->t->arena, w->calls.n * sizeof *f.calls)))
        w->oom = 1;
    if (w->stmts.n && !(f.stmts = vg_arena_alloc(&w->t->arena, w->stmts.n * sizeof *f.stmts)))
        w->oom = 1;
    if (w->oom)
        return;
    if (w->calls.n)
        memcpy(f.calls, w->calls.v, w->calls.n * sizeof *f.calls);
    if (w->stmts.n)
        memcpy(f.stmts, w->stmts.v, w->stmts.n * sizeof *f.stmts);
    f.ncalls = w->calls.n;
    f.nstmts = w->stmts.n;
    if (add_func(w, &f))
        w->oom = 1;
}

static enum CXChildVisitResult top_cb(CXCursor c, CXCursor parent, CXClientData d)
{
    walk *w = d;
    if (w->oom)
        return CXChildVisit_Break;
    if (clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;
    switch (clang_getCursorKind(c)) {
    case CXCursor_FunctionDecl:
    case CXCursor_CXXMethod:
    case CXCursor_Constructor:
    case CXCursor_Destructor:
    case CXCursor_FunctionTemplate:
        if (clang_isCursorDefinition(c))
            walk_function(w, c);
        return CXChildVisit_Continue;
    case CXCursor_VarDecl: {
        /* struct ops L = { .log = f }; void (*hook)(...) = f; */
        CXCursor init = clang_Cursor_getVarDeclInitializer(c);
        if (!clang_Cursor_isNull(init)) {
            if (clang_getCursorKind(init) == CXCursor_InitListExpr)
                note_init_list(w, init);
            else {
                const char *key = fnptr_decl_key(w, c);
                if (key)
                    note_fnptr_value(w, key, init);
                else
                    note_global_string(w, c, init);
            }
        }
        return CXChildVisit_Continue;
    }
    case CXCursor_Namespace:
    case CXCursor_LinkageSpec:
    case CXCursor_ClassDecl:
    case CXCursor_StructDecl:
    case CXCursor_ClassTemplate:
        return CXChildVisit_Recurse;
    default:
        return CXChildVisit_Continue;
    }
}

const char *vg_clang_relpath(const char *cwd, const char *path)
{
    size_t n = cwd ? strlen(cwd) : 0;
    if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* What the include visitor collects. libclang's callback cannot fail, so
 * a failed allocation is remembered in oom and record_deps turns it into
 * the unit's failure: a cache entry missing one of its includes would be
 * read back as valid after that header changed. */
typedef struct incl_list {
    vec paths;  /* char *, owned (strdup) */
    int oom;
} incl_list;

static void incl_cb(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData d)
{
    (void)stack;
    (void)depth;
    incl_list *l = d;
    CXString s = clang_getFileName(f);
    const char *p = clang_getCString(s);
    if (p && !l->oom) {
        char **slot = vec_push(&l->paths, sizeof *slot);
        if (!slot || !(*slot = strdup(p))) {
            if (slot)
                l->paths.n--;       /* the slot holds no path: not one to free */
            l->oom = 1;
        }
    }
    clang_disposeString(s);
}

/* Copies the unit's include list into t's arena. Returns 0, or -1 when
 * memory runs out (then the list is incomplete and must not be stored). */
static int record_deps(walk *w)
{
    incl_list deps = {0};
    clang_getInclusions(w->tu, incl_cb, &deps);
    fl_tu *t = w->t;
    int rc = deps.oom ? -1 : 0;
    if (!rc && deps.paths.n &&
        !(t->deps = vg_arena_alloc(&t->arena, deps.paths.n * sizeof *t->deps)))
        rc = -1;
    for (size_t i = 0; i < deps.paths.n; i++) {
        char *p = ((char **)deps.paths.v)[i];
        char *kept = rc ? NULL : vg_arena_strdup(&t->arena, p);
        if (kept)
            t->deps[t->ndeps++] = kept;
        else
            rc = -1;
        free(p);
    }
    free(deps.paths.v);
    return rc;
}

/* Parse errors are reported once per unit, with the first message: a
 * reviewer needs to know the unit was only partly analysed. */
/* A driver diagnostic (no source location) that names a flag libclang does
 * not know: GCC-only options such as -mindirect-branch=thunk in a database
 * written by a GCC build. The driver drops the flag and the unit parses as
 * it would without it, so it is not a compile error; it is said once per
 * unit as a note. */
static bool unknown_flag(CXDiagnostic d, char *flag, size_t cap)
{
    CXFile f = NULL;
    clang_getSpellingLocation(clang_getDiagnosticLocation(d), &f, NULL, NULL, NULL);
    if (f)
        return false;
    CXString s = clang_getDiagnosticSpelling(d);
    const char *t = clang_getCString(s);
    static const char lead[] = "unknown argument: '";
    bool is = t && strncmp(t, lead, sizeof lead - 1) == 0;
    if (is) {
        const char *a = t + sizeof lead - 1;
        size_t n = strcspn(a, "'");
        snprintf(flag, cap, "%.*s", (int)n, a);
    }
    clang_disposeString(s);
    return is;
}

static int report_diagnostics(walk *w)
{
    unsigned n = clang_getNumDiagnostics(w->tu), errors = 0;
    char first[512] = "", flags[512] = "";
    size_t fl = 0;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(w->tu, i);
        char flag[128];
        if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error) {
            /* not an error */
        } else if (unknown_flag(d, flag, sizeof flag)) {
            int k = snprintf(flags + fl, sizeof flags - fl, "%s%s", fl ? " " : "", flag);
            if (k > 0 && (size_t)k < sizeof flags - fl)
                fl += (size_t)k;
        } else if (!errors++) {
            CXString s = clang_formatDiagnostic(d, CXDiagnostic_DisplaySourceLocation |
                                                   CXDiagnostic_DisplayColumn);
            snprintf(first, sizeof first, "%s", clang_getCString(s));
            clang_disposeString(s);
        }
        clang_disposeDiagnostic(d);
    }
    const char *uri = vg_clang_relpath(w->j->cwd, w->j->file);
    if (fl && vg_findings_noticem(&w->t->direct, VG_LEVEL_NOTE, uri, 0, "notice.unknown-flags",
                                  "%s", flags))
        return -1;
    if (!errors)
        return 0;
    return vg_findings_noticem(&w->t->direct, VG_LEVEL_WARNING, uri, 0,
                               "notice.compile-errors", "%u" VG_ARG "%s", errors, first);
}

int vg_clang_unit(CXIndex idx, const vg_clang_job *j, fl_tu *t)
{
    walk w = {.j = j, .rs = j->o->rs, .t = t};
    if (!(w.decls = calloc(DECL_CACHE, sizeof *w.decls)))
        return -1;
    t->main_file = vg_arena_strdup(&t->arena, vg_clang_relpath(j->cwd, j->file));
    unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    enum CXErrorCode ec = clang_parseTranslationUnit2(idx, j->file, j->args, j->nargs,
                                                      (struct CXUnsavedFile *)j->unsaved,
                                                      j->nunsaved, opts, &w.tu);
    if (ec != CXError_Success || !w.tu) {
        free(w.decls);
        return vg_findings_noticem(&t->direct, VG_LEVEL_ERROR, t->main_file, 0,
                                   "notice.unparsed", "%d", (int)ec);
    }
    int rc = report_diagnostics(&w);
    if (!rc)
        clang_visitChildren(clang_getTranslationUnitCursor(w.tu), top_cb, &w);
    /* walking an instantiation may call others: the queue grows */
    for (size_t i = 0; !rc && !w.oom && i < w.specs.n; i++)
        walk_function(&w, ((CXCursor *)w.specs.v)[i]);
    for (size_t i = 0; !rc && i < w.pending_verify.n; i++) {
        pending *pv = &((pending *)w.pending_verify.v)[i];
        const char *cb = pv->call.nargs >= 3 ? pv->call.args[2].name : NULL;
        bool accepts = names_have(&w.accept_all, cb);
        /* a field given only server contexts (one also given a client's
         * context may hold either) */
        bool server = names_have(&w.servers, pv->fname) ||
                      (names_have(&w.server_ctxs, pv->ctx_field) &&
                       !names_have(&w.other_ctxs, pv->ctx_field));
        if (accepts)
            rc = vg_misuse_accept_all(&pv->call, cb, pv->file, pv->fname, &t->direct);
        else if (!w.manual_verify && !server)
            rc = vg_misuse_check(j->o, &pv->call, pv->file, pv->fname, &t->direct);
    }
    if (w.manual_verify)
        t->facts |= FL_FACT_PEER_CHECKED;
    for (size_t i = 0; !rc && !w.manual_verify && i < w.pending_peer.n; i++) {
        pending *pv = &((pending *)w.pending_peer.v)[i];
        rc = vg_misuse_unverified_peer(&pv->call, pv->file, pv->fname, &t->direct);
    }
    free(w.pending_verify.v);
    free(w.pending_peer.v);
    free(w.pending_settings.v);
    free(w.accept_all.v);
    free(w.specs.v);
    free(w.servers.v);
    free(w.fresh.v);
    free(w.fresh_bad.v);
    free(w.server_ctxs.v);
    free(w.other_ctxs.v);
    free(w.declared.v);
    free(w.renamed.v);
    free(w.strtab);
    free(w.decls);
    if (!rc && !w.oom && j->o->cache_dir)     /* only the cache needs the include list */
        rc = record_deps(&w);
    free(w.calls.v);
    free(w.stmts.v);
    clang_disposeTranslationUnit(w.tu);
    return rc || w.oom ? -1 : 0;
}
