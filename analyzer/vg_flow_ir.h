#ifndef VG_FLOW_IR_H
#define VG_FLOW_IR_H
/*
 * The per-function program the libclang walk produces and the engine
 * (vg_flow_engine.c) runs. Internal to the analyzer.
 *
 * A function is a list of statements in source order. Values are sets of
 * atoms: a named place (variable, or "var.field" path), a source (a
 * personal-data category found at a place), or the result of a call.
 * Every string and array lives in the translation unit's arena and is
 * freed with it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vg_finding.h"

/* Bump allocator: many small allocations, one free. */
typedef struct vg_arena_chunk vg_arena_chunk;
typedef struct vg_arena {
    vg_arena_chunk *head;
    size_t used, total;
} vg_arena;

void *vg_arena_alloc(vg_arena *a, size_t n);          /* zeroed; NULL on failure */
char *vg_arena_strdup(vg_arena *a, const char *s);
char *vg_arena_strndup(vg_arena *a, const char *s, size_t n);
char *vg_arena_printf(vg_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void vg_arena_free(vg_arena *a);

enum { FL_AT_VAR, FL_AT_SRC, FL_AT_CALL };

/* FL_AT_SRC with this category: not personal data but the mark of a log
 * file's path ("debug.log", a variable named logdir): a stream opened on
 * it is a log. */
#define FL_CAT_LOGFILE (-2)

/* The place that stands for a variadic function's "..." arguments;
 * va_start copies it into the va_list. */
#define FL_VARARGS "..."


/* fl_atom.flags: a source only in a function no known code calls (a
 * callback, an entry point): a parameter whose type is a data set holds
 * what its callers pass, and where they are known their arguments say
 * (DIMSE_dumpMessage(str, msg, dir, NULL) passes no data set). */
#define FL_ATF_UNCALLED 1u
/* fl_atom.flags: a source named by the label printed before it ("PASS %s",
 * "Password: %s"): it sits after a word separator of the line. */
#define FL_ATF_LABEL 2u
/* fl_atom.flags, on an ALIAS: the field a local struct pointer was linked
 * into (ol->head = e): writes into e's fields reach that field's node. */
#define FL_ATF_LINK 4u

typedef struct fl_atom {
    uint8_t kind;
    uint8_t flags;          /* FL_ATF_* */
    int16_t cat;            /* FL_AT_SRC: index into the ruleset's categories */
    int line, col;          /* FL_AT_SRC: where the source is */
    const char *text;       /* VAR: place key; SRC: what it is ("field patient->nam") */
    const char *place;      /* SRC named by a variable or field: that place's key */
    int call;               /* FL_AT_CALL: index into the function's calls */
} fl_atom;

typedef struct fl_arg {
    fl_atom *atoms;
    size_t natoms;
    const char *dest;       /* place written through this argument, or NULL */
    const char *name;       /* identifier spelling (stderr, CURLOPT_URL), or NULL */
    const char *str;        /* string-literal value, or NULL */
    long long ival;
    bool has_ival;
    bool is_record;         /* a struct or a pointer to one: a handle, not content */
    bool handle;            /* the same, even of a type that holds data (a data set):
                               a container, not text */
    bool writable;          /* a pointer to non-const data: the callee may change it */
    bool object;            /* the implicit object of a C++ member call (last argument) */
    bool partial;           /* dest is written from an offset (buf + n): added to, not replaced */
    bool behind;            /* printed after a word separator of the format's own text
                               ("PASS %s"): a cut of the line at its first one drops it */
    bool global;            /* name is a variable of file scope whose value the unit does
                               not show (a default set in another unit) */
    bool lib_object;        /* a pointer to a record a system header declares (X509 *,
                               SSL *): the library's object, which the project's own
                               code does not rewrite in place */
    bool repoint;           /* the address of a pointer (&strinfo, &per->url): what the
                               callee stores there is a new pointer, not a write into
                               what dest pointed to before */
} fl_arg;

typedef struct fl_call {
    const char *callee;     /* "" for calls through pointers */
    uint32_t usr;           /* hash of the callee's USR (0: unknown): picks the
                               overload called among those of one name and arity */
    int line, col;
    bool system;            /* callee declared in a system header */
    bool ret_content;       /* its result can hold text (not an int, bool or handle) */
    bool method_const;      /* a const member function: it does not change its object */
    bool ctor;              /* a constructor: the new object holds what it was given */
    int16_t keycat;         /* a key argument names this category (getenv("DB_PASSWORD"),
                               find(list, PW_USER_PASSWORD)): what comes back is that
                               data; -1 otherwise */
    fl_arg *args;
    size_t nargs;
} fl_call;

/* ALIAS: dst is a pointer copied from the place in atoms[0] (p = buf,
 * p = buf + n): what is written through dst lands in that place too.
 * SAVE: dst becomes exactly what the place in atoms[0] is; MERGE: dst
 * also holds what that place holds. They join the paths of a branch: a
 * value overwritten on one path only survives on the other.
 * CUT: dst is cut at its first word separator (c = strpbrk(buf, " \r\n");
 * *c = '\0'): what a label put after one ("PASS %s") is gone.
 * EMPTY: a NUL was stored at the start of dst (buf[0] = '\0', or
 * *b->dptr = '\0' with b->dptr just set to b->data): it holds nothing,
 * and a caller's object so emptied is emptied for the caller too.
 * DESC: the integer dst (FL_RETURN_DESC: the function's result) is the
 * descriptor atoms[0] gives, the call that made it (fd = accept(...)) or
 * the place it was copied from: an integer carries no text, so this says
 * only which descriptor it is, for knowing a connection. */
enum { FL_ST_ASSIGN, FL_ST_UPDATE, FL_ST_CALL, FL_ST_RETURN, FL_ST_ALIAS, FL_ST_SAVE,
       FL_ST_MERGE, FL_ST_CUT, FL_ST_EMPTY, FL_ST_DESC, FL_ST__COUNT };
#define FL_RETURN_DESC "(return)"

/* fl_stmt.gkind: the statement runs only when the caller's argument
 * gparam is not 0 (if (sending && p)), has a bit of gval (if (flags &
 * U_DECODE_PASSWD)), or equals gval; or, for the negated tests (the else
 * arm, if (!(flags & X)), the rest of a block after if (!verbose)
 * return;), is 0, has none of gval's bits, or differs from gval. A caller
 * passing a constant that fails the test gets nothing of what the
 * statement did. */
enum { FL_GUARD_NONE, FL_GUARD_NONZERO, FL_GUARD_BITS, FL_GUARD_EQUALS, FL_GUARD_ZERO,
       FL_GUARD_NOBITS, FL_GUARD_DIFFERS, FL_GUARD__COUNT };

typedef struct fl_stmt {
    uint8_t op;             /* ASSIGN replaces, UPDATE adds to the place's taint */
    uint8_t gkind;          /* FL_GUARD_*: the test on a parameter it runs under */
    int8_t gparam;
    long long gval;
    int line, col;
    const char *dst;        /* ASSIGN/UPDATE: place key */
    int call;               /* CALL: index into calls */
    fl_atom *atoms;         /* ASSIGN/UPDATE/RETURN: the value */
    size_t natoms;
} fl_stmt;

typedef struct fl_range {
    size_t from, to;        /* statements [from, to) */
} fl_range;

typedef struct fl_func {
    const char *name;
    const char *file;       /* as reported (relative to the working directory when under it) */
    int line;
    uint32_t usr;           /* hash of its USR (0: unknown) */
    bool is_static;
    bool variadic;          /* takes "...": the place FL_VARARGS holds those arguments */
    fl_range *reruns;       /* the statements the engine runs twice (none: no loop), each
                               outermost loop (from the start for a goto back), in order
                               and disjoint: what runs once around a loop runs once */
    size_t nreruns;
    bool masks;             /* stores '*' over memory a parameter or a local pointer
                               reaches (*cp++ = '*', memset(pw, '*', n)): a masking
                               helper, which hides what it is handed in place */
    const char **params;
    int16_t *pcats;         /* per parameter: the category its name and type say it
                               holds (char *password), or -1 (int password_len,
                               SSL_SESSION *ssn, "this"); NULL: none known */
    size_t nparams;
    fl_call *calls;
    size_t ncalls;
    fl_stmt *stmts;
    size_t nstmts;
} fl_func;

/* A function pointer (a struct field "*logger::log", or a global "*hook")
 * given a value: a function's name, or NULL for anything else (then its
 * calls cannot be followed). */
typedef struct fl_fnptr {
    const char *key;
    const char *target;
} fl_fnptr;

/* A variable of file scope with external linkage defined with a string
 * (const char *ciphers = "AES128-SHA"): another unit that hands it to a
 * TLS setting hands over this default. */
typedef struct fl_gstr {
    const char *name;
    const char *str;
} fl_gstr;

/* One translation unit's result: functions, plus the findings and notices
 * that need no data flow (API misuse, parse errors). */
typedef struct fl_tu {
    vg_arena arena;
    const char *main_file;
    fl_func *funcs;
    size_t nfuncs, capfuncs;
    fl_fnptr *fnptrs;       /* function-pointer assignments seen in the unit */
    size_t nfnptrs, capfnptrs;
    fl_gstr *gstrs;         /* string defaults of its global variables */
    size_t ngstrs, capgstrs;
    const char **deps;      /* every file the unit read (main file first), absolute */
    size_t ndeps;
    unsigned facts;         /* FL_FACT_*: what the unit does that changes how other
                               units' findings read */
    vg_findings direct;
} fl_tu;

/* The unit checks peer certificates (SSL_get_verify_result, or a verify
 * mode that is not zero): a peer certificate taken anywhere in the
 * program may have been verified, so TLS004.unverified-peer is dropped. */
#define FL_FACT_PEER_CHECKED 1u
/* The unit makes a local socket (socket(AF_UNIX, ...)) / a socket of
 * any other or unknown family. A program whose only sockets are local
 * (a daemon and its PAM or NSS clients talking over /run/...socket)
 * sends and receives on its own descriptors nothing a network sees: its
 * send() and recv() are no TLS005. Without any socket() (inetd hands the
 * connection on descriptor 0) they still are. */
#define FL_FACT_LOCAL_SOCKET 2u
#define FL_FACT_NET_SOCKET 4u
/* The unit takes the server's side of a TLS handshake (SSL_accept,
 * a server method, gnutls_init(GNUTLS_SERVER)): a peer certificate the
 * program reads may be a client's, which names a person. A program that
 * only connects reads servers' certificates, which name hosts. */
#define FL_FACT_TLS_SERVER 8u
#define FL_FACT_ALL 15u

void fl_tu_free(fl_tu *t);

/* Does the name say "log" ("logfile", "log_dir", "debuglog", "trace")? */
bool fl_log_word(const char *name);

/* Is the function's verb one that makes a new object (newDicomElement,
 * DIMSE_buildCmdObject), or one that fills an object from elsewhere
 * (loadFile, findAndGetElement, receive)? */
bool fl_creates_word(const char *name);
bool fl_loads_word(const char *name);

#endif
