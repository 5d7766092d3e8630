/*
 * Message checks. Every text a recipient can read (decoded MIME parts, the
 * Subject, an SMS body) goes through the same three passes: values
 * (detectors + test identities), solicitation phrases, credentials.
 */
#include "vg_msgcheck.h"
#include "vg_vec.h"
#include "vg_fold.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

/* ---- folding: a normalised view of a text with a map back to it --------- */

typedef struct folded {
    char *s;          /* folded text, NUL-terminated */
    uint32_t *map;    /* map[i]: offset in the original of folded byte i; map[n] = len
                       * (32 bits: a text is at most a message, and messages are
                       * capped far below 4 GiB; half the memory of size_t) */
    size_t n;
} folded;

typedef enum fold_mode {
    FOLD_PHRASE,      /* lower case, accents off, white space runs -> one space, ’ -> ' */
    FOLD_VALUE        /* upper case, accents off, white space and - . / removed */
} fold_mode;

/* Decode one UTF-8 code point (the text is valid UTF-8: vg_mime made it so;
 * SMS bodies are checked the same way). */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *k)
{
    if (s[0] < 0x80 || n < 2) {
        *k = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        *k = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && n >= 3) {
        *k = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *k = (s[0] & 0xF8) == 0xF0 && n >= 4 ? 4 : 1;
    return 0xFFFD;
}

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == '\v' || cp == 0xA0 || cp == 0x202F || cp == 0x2007 || cp == 0x2009;
}

static int fold(const char *text, size_t len, fold_mode mode, folded *f)
{
    if (len >= UINT32_MAX)
        return -1;
    f->s = malloc(len + 1);
    f->map = malloc((len + 1) * sizeof *f->map);
    f->n = 0;
    if (!f->s || !f->map) {
        free(f->s), free(f->map);
        return -1;
    }
    const unsigned char *u = (const unsigned char *)text;
    bool space = false;
    for (size_t i = 0; i < len;) {
        unsigned char a = u[i];
        /* ASCII letters and digits, most of any text: no decoding needed */
        if ((a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9')) {
            f->map[f->n] = i++;
            f->s[f->n++] = mode == FOLD_VALUE ? (char)(a >= 'a' && a <= 'z' ? a - 32 : a)
                                              : (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
            space = false;
            continue;
        }
        size_t k;
        uint32_t cp = next_cp(u + i, len - i, &k);
        char c = 0;
        if (is_space_cp(cp)) {
            if (mode == FOLD_PHRASE && !space && f->n > 0) {
                f->map[f->n] = i;
                f->s[f->n++] = ' ';
            }
            space = true;
            i += k;
            continue;
        }
        space = false;
        if (cp < 0x80)
            c = (char)cp;
        else if (cp == 0x2019 || cp == 0x2018 || cp == 0x2032)
            c = '\'';
        else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2013)
            c = '-';
        else
            c = vg_fold_letter(cp);
        if (mode == FOLD_VALUE && (c == '-' || c == '.' || c == '/')) {
            i += k;
            continue;
        }
        if (c) {
            f->map[f->n] = i;
            f->s[f->n++] = mode == FOLD_VALUE ? (char)toupper((unsigned char)c)
                                              : (char)tolower((unsigned char)c);
        } else {                              /* other characters: copied as they are */
            for (size_t j = 0; j < k; j++) {
                f->map[f->n] = i + j;
                f->s[f->n++] = text[i + j];
            }
        }
        i += k;
    }
    if (mode == FOLD_PHRASE && f->n && f->s[f->n - 1] == ' ')
        f->n--;
    f->map[f->n] = len;
    f->s[f->n] = '\0';
    return 0;
}

static void folded_free(folded *f)
{
    free(f->s), free(f->map);
}

static char *fold_str(const char *s, fold_mode mode)
{
    folded f;
    if (!s || fold(s, strlen(s), mode, &f))
        return NULL;
    free(f.map);
    return f.s;
}

/* ---- the checker ------------------------------------------------------------ */

typedef struct idval {
    vg_detector_kind kind;
    const char *category;       /* ruleset category id */
    size_t who;                 /* test identity number (1-based), for messages */
    char *folded;               /* FOLD_VALUE form */
} idval;

typedef struct phrase {
    char *folded;
    const char *orig;
} phrase;

/* What has reached one address so far (CRD002). */
typedef struct addr_seen {
    char *addr;
    size_t user_msgs[2], nuser;     /* up to two distinct message numbers */
    size_t pass_msgs[2], npass;
    char *where;                    /* logical location of the last one */
    char *uri;                      /* and where that message came from */
} addr_seen;

struct vg_msgcheck {
    vg_msgcheck_opts o;
    bool kinds_seen[3];              /* by vg_msg_kind: what the rules looked at */
    vg_detector *det;
    vg_detect_ctx *ctx;
    idval *vals;
    size_t nvals;
    phrase *solicit;
    size_t nsolicit;
    char **user_ctx, **pass_ctx;     /* folded context phrases */
    size_t nuser_ctx, npass_ctx;
    char **usernames, **passwords;   /* identity values (passwords exact) */
    size_t nusernames, npasswords;
    addr_seen *seen;
    size_t nseen;
    size_t nmsgs;
    const char *uri_crd002;
};

static int add_val(vg_msgcheck *c, vg_detector_kind k, const char *cat, size_t who,
                   const char *form)
{
    if (!form || !*form)
        return 0;
    idval *v = realloc(c->vals, (c->nvals + 1) * sizeof *v);
    if (!v)
        return -1;
    c->vals = v;
    char *f = fold_str(form, FOLD_VALUE);
    if (!f)
        return -1;
    if (strlen(f) < 6) {                 /* too short to mean anything on its own */
        free(f);
        return 0;
    }
    v[c->nvals++] = (idval){k, cat, who, f};
    return 0;
}

/* A date of birth is written many ways: every numeric order and the month
 * in words (FR and EN) are searched. */
static int add_dob(vg_msgcheck *c, size_t who, const char *dob)
{
    static const char *const fr[] = {"janvier", "fevrier", "mars", "avril", "mai", "juin",
                                     "juillet", "aout", "septembre", "octobre", "novembre",
                                     "decembre"};
    static const char *const en[] = {"january", "february", "march", "april", "may", "june",
                                     "july", "august", "september", "october", "november",
                                     "december"};
    int y, m, d;
    if (!dob || sscanf(dob, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return add_val(c, VG_DET_DOB, "dob", who, dob);
    char b[64];
    snprintf(b, sizeof b, "%04d%02d%02d", y, m, d);
    int rc = add_val(c, VG_DET_DOB, "dob", who, b);
    snprintf(b, sizeof b, "%02d%02d%04d", d, m, y);
    rc |= add_val(c, VG_DET_DOB, "dob", who, b);
    snprintf(b, sizeof b, "%02d%02d%04d", m, d, y);
    rc |= add_val(c, VG_DET_DOB, "dob", who, b);
    snprintf(b, sizeof b, "%d %s %d", d, fr[m - 1], y);
    rc |= add_val(c, VG_DET_DOB, "dob", who, b);
    snprintf(b, sizeof b, "%s %d %d", en[m - 1], d, y);
    rc |= add_val(c, VG_DET_DOB, "dob", who, b);
    return rc ? -1 : 0;
}

static int push(char ***list, size_t *n, char *s)
{
    if (!s)
        return -1;
    char **l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l) {
        free(s);
        return -1;
    }
    *list = l;
    l[(*n)++] = s;
    return 0;
}

static int load_context(vg_msgcheck *c, const char *cat, char ***list, size_t *n)
{
    const vg_category *k = vg_ruleset_category(c->o.rs, cat);
    for (size_t i = 0; k && i < k->ncontext; i++)
        if (push(list, n, fold_str(k->context[i], FOLD_PHRASE)))
            return -1;
    return 0;
}

vg_msgcheck *vg_msgcheck_new(const vg_msgcheck_opts *o, vg_error *err)
{
    vg_msgcheck *c = calloc(1, sizeof *c);
    if (!c) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    c->o = *o;
    c->det = vg_detector_new(o->rs, VG_DETECT_IDS, err);
    if (!c->det || !(c->ctx = vg_detect_ctx_new(c->det)))
        goto fail;
    int rc = 0;
    for (size_t i = 0; i < o->nids; i++) {
        const vg_msg_identity *id = &o->ids[i];
        size_t who = i + 1;     /* messages name the identity by number, never by name */
        rc |= add_val(c, VG_DET_NAM, "nam", who, id->nam);
        rc |= add_val(c, VG_DET_SIN, "sin", who, id->sin);
        rc |= add_dob(c, who, id->dob);
        /* a test identity's full name: personal information like the rest
         * ("names only via ... known test identities", design) */
        rc |= add_val(c, VG_DET_NONE, "name", who, id->name);
        if (id->username && *id->username)
            rc |= push(&c->usernames, &c->nusernames, fold_str(id->username, FOLD_PHRASE));
        if (id->password && *id->password)
            rc |= push(&c->passwords, &c->npasswords, strdup(id->password));
    }
    for (int fr = 0; fr < 2; fr++) {
        const char **l = fr ? o->rs->solicit_fr : o->rs->solicit_en;
        size_t n = fr ? o->rs->nsolicit_fr : o->rs->nsolicit_en;
        for (size_t i = 0; i < n; i++) {
            phrase *p = realloc(c->solicit, (c->nsolicit + 1) * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            c->solicit = p;
            p[c->nsolicit] = (phrase){fold_str(l[i], FOLD_PHRASE), l[i]};
            if (!p[c->nsolicit++].folded)
                rc = -1;
        }
    }
    rc |= load_context(c, "username", &c->user_ctx, &c->nuser_ctx);
    rc |= load_context(c, "password", &c->pass_ctx, &c->npass_ctx);
    if (rc) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        goto fail;
    }
    return c;
fail:
    vg_msgcheck_free(c);
    return NULL;
}

void vg_msgcheck_free(vg_msgcheck *c)
{
    if (!c)
        return;
    vg_detect_ctx_free(c->ctx);
    vg_detector_free(c->det);
    for (size_t i = 0; i < c->nvals; i++)
        free(c->vals[i].folded);
    for (size_t i = 0; i < c->nsolicit; i++)
        free(c->solicit[i].folded);
    for (size_t i = 0; i < c->nuser_ctx; i++)
        free(c->user_ctx[i]);
    for (size_t i = 0; i < c->npass_ctx; i++)
        free(c->pass_ctx[i]);
    for (size_t i = 0; i < c->nusernames; i++)
        free(c->usernames[i]);
    for (size_t i = 0; i < c->npasswords; i++)
        free(c->passwords[i]);
    for (size_t i = 0; i < c->nseen; i++)
        free(c->seen[i].addr), free(c->seen[i].where), free(c->seen[i].uri);
    free(c->vals), free(c->solicit), free(c->user_ctx), free(c->pass_ctx);
    free(c->usernames), free(c->passwords), free(c->seen);
    free(c);
}

/* ---- one message --------------------------------------------------------------- */

/* A readable text of a message: a decoded part, the Subject, an SMS body. */
typedef struct text {
    const char *s;
    size_t len;
    const char *part;          /* "1.2", "Subject", "body" */
    const char *ctype;
} text;

typedef struct hit {
    vg_detector_kind kind;
    const char *category;
    size_t who;                /* test identity number when matched as one, else 0 */
    size_t start, end;
} hit;

typedef struct msgstate {
    vg_msgcheck *c;
    const vg_msg *m;
    vg_findings *out;
    const char *id;
    char *rcpt_list;            /* "a•••@x, b•••@y": masked unless --show-personal-data */
    char *rcpt_where;           /* always masked: in logical locations, which are part
                                 * of a finding's identity (its fingerprint) */
    char **rcpts;               /* as sent, for the rules only */
    char **shown;               /* each as reports show it */
    size_t nrcpts;
    const text *t;
    hit *hits;
    size_t nhits, caphits;
    size_t base;                /* offset of the span being scanned in the text */
    int oom;
    /* credentials found in this message: where */
    bool user, pass;
    char user_where[256], pass_where[256];
    int user_line, pass_line;
    char user_part[64], pass_part[64];
    /* One finding per value (or phrase) per message: the text and HTML
     * alternatives of one mail, or a value in Subject and body, are the
     * same disclosure. Later parts are listed in the first one's props. */
    struct once {
        char *key;
        size_t idx;            /* in out->items */
        json_t *parts;
    } *once;
    size_t nonce;
} msgstate;

/* True when rule+key was already reported for this message (the current
 * part is then added to its list). */
static bool reported(msgstate *st, const char *rule, const char *key)
{
    char k[512];
    snprintf(k, sizeof k, "%s|%s", rule, key);
    for (size_t i = 0; i < st->nonce; i++)
        if (strcmp(st->once[i].key, k) == 0) {
            json_t *p = st->once[i].parts;
            size_t j;
            json_t *v;
            json_array_foreach(p, j, v) if (strcmp(json_string_value(v), st->t->part) == 0)
                return true;
            json_array_append_new(p, json_string(st->t->part));
            return true;
        }
    return false;
}

static void remember_report(msgstate *st, const char *rule, const char *key)
{
    char k[512];
    snprintf(k, sizeof k, "%s|%s", rule, key);
    struct once *o = realloc(st->once, (st->nonce + 1) * sizeof *o);
    if (!o) {
        st->oom = 1;
        return;
    }
    st->once = o;
    o[st->nonce] = (struct once){strdup(k), st->out->count - 1, json_array()};
    if (!o[st->nonce].key || !o[st->nonce].parts) {
        free(o[st->nonce].key);
        json_decref(o[st->nonce].parts);
        st->oom = 1;
        return;
    }
    json_array_append_new(o[st->nonce].parts, json_string(st->t->part));
    st->nonce++;
}

/* Write each multi-part list into its finding's props ("parts"). */
static void finish_reports(msgstate *st)
{
    for (size_t i = 0; i < st->nonce; i++) {
        struct once *o = &st->once[i];
        if (!st->oom && json_array_size(o->parts) > 1) {
            vg_finding *f = &st->out->items[o->idx];
            json_t *pr = f->props_json ? json_loads(f->props_json, 0, NULL) : json_object();
            char *pj = NULL;
            if (pr && json_object_set(pr, "parts", o->parts) == 0)
                pj = json_dumps(pr, JSON_COMPACT);
            if (!pj || vg_finding_set_props(f, pj))
                st->oom = 1;
            free(pj);
            json_decref(pr);
        }
        free(o->key);
        json_decref(o->parts);
    }
    free(st->once);
    st->once = NULL;
    st->nonce = 0;
}

static void line_col(const char *s, size_t off, int *line, int *col)
{
    *line = 1;
    size_t ls = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            (*line)++;
            ls = i + 1;
        }
    *col = 1;
    for (size_t i = ls; i < off; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            (*col)++;
}

static void logical(const msgstate *st, char *b, size_t n)
{
    const char *what = st->m->kind == VG_MSG_SMS ? "SMS"
                       : st->m->kind == VG_MSG_VOICE ? "voice message" : "message";
    if (strcmp(st->t->part, "Subject") == 0)
        snprintf(b, n, "%s %s to %s, header Subject", what, st->id, st->rcpt_where);
    else if (st->m->kind != VG_MSG_EMAIL)      /* "body", or "speech" for a call */
        snprintf(b, n, "%s %s to %s, %s", what, st->id, st->rcpt_where, st->t->part);
    else
        snprintf(b, n, "%s %s to %s, part %s (%s)", what, st->id, st->rcpt_where,
                 st->t->part, st->t->ctype);
}

/* Add a finding located at [start,end) of the current text, with the
 * catalogue message `id` (category `cat` for {cat}, or NULL) and its
 * arguments by argfmt (see vg_findings_addm). */
static vg_finding *emit(msgstate *st, const char *rule, vg_level lvl, size_t start,
                        size_t end, const char *fp, json_t *props, const char *cat,
                        const char *id, const char *argfmt, ...)
    __attribute__((format(printf, 10, 11)));
static vg_finding *emit(msgstate *st, const char *rule, vg_level lvl, size_t start,
                        size_t end, const char *fp, json_t *props, const char *cat,
                        const char *id, const char *argfmt, ...)
{
    const vg_category *k = cat ? vg_ruleset_category(st->c->o.rs, cat) : NULL;
    vg_msgref ref;
    va_list ap;
    va_start(ap, argfmt);
    int rc = vg_msgref_build(&ref, id, k ? k->id : NULL, k ? &k->label : NULL, argfmt, ap);
    va_end(ap);
    char *msg = rc ? NULL : vg_msgref_render(&ref, VG_LANG_EN, NULL, 0);
    if (!msg) {
        vg_msgref_free(&ref);
        st->oom = 1;
        json_decref(props);
        return NULL;
    }
    int line, col, eline, ecol;
    line_col(st->t->s, start, &line, &col);
    line_col(st->t->s, end, &eline, &ecol);
    char where[1024];
    logical(st, where, sizeof where);
    vg_finding *f = vg_findings_add(st->out, rule, lvl, st->m->uri, line, col, msg);
    free(msg);
    if (!f) {
        vg_msgref_free(&ref);
        st->oom = 1;
        json_decref(props);
        return NULL;
    }
    f->msg = ref;
    f->loc.end_line = eline;
    f->loc.end_column = ecol;
    char fpb[1024];
    snprintf(fpb, sizeof fpb, "%s|%s|%s|%s", rule, st->id, st->t->part, fp ? fp : "");
    char *pj = NULL;
    if (props) {
        json_object_set_new(props, "part", json_string(st->t->part));
        json_t *r = json_array();
        for (size_t i = 0; i < st->nrcpts; i++)
            json_array_append_new(r, json_string(st->shown[i]));
        json_object_set_new(props, "recipients", r);
        pj = json_dumps(props, JSON_COMPACT);
        json_decref(props);
    }
    if (vg_finding_set_logical(f, where) || vg_finding_set_fingerprint(f, fpb) ||
        (pj && vg_finding_set_props(f, pj)))
        st->oom = 1;
    free(pj);
    return f;
}

/* The mask of one value: a name keeps its first letter only (M•••), the
 * detectors' values their own mask. */
static void mask_hit(vg_detector_kind k, const char *cat, const char *raw, size_t len,
                     char *out, size_t n)
{
    if (strcmp(cat, "name") == 0)
        vg_mask_name(raw, out, n);
    else
        vg_mask(k, raw, len, out, n);
}

static void shown_value(const msgstate *st, vg_detector_kind k, const char *cat, size_t s,
                        size_t e, char *out, size_t n)
{
    char raw[128];
    size_t len = e - s < sizeof raw - 1 ? e - s : sizeof raw - 1;
    memcpy(raw, st->t->s + s, len);
    raw[len] = '\0';
    for (char *p = raw; *p; p++)                  /* a value split over lines */
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    if (st->c->o.show_personal_data)
        snprintf(out, n, "%s", raw);
    else
        mask_hit(k, cat, raw, len, out, n);
}

static void add_hit(msgstate *st, hit h)
{
    for (size_t i = 0; i < st->nhits; i++) {
        hit *o = &st->hits[i];
        if (strcmp(o->category, h.category) == 0 && h.start < o->end && o->start < h.end) {
            if (!o->who)
                o->who = h.who;              /* a detector hit that is also an identity */
            return;
        }
    }
    hit *p = vg_vec_grow(st->hits, &st->caphits, st->nhits + 1, sizeof *p);
    if (!p) {
        st->oom = 1;
        return;
    }
    st->hits = p;
    st->hits[st->nhits++] = h;
}

static int on_detect(const vg_match *m, void *ud)
{
    msgstate *st = ud;
    const vg_category *cat = vg_ruleset_category_by_detector(st->c->o.rs, m->kind);
    add_hit(st, (hit){m->kind, cat ? cat->id : vg_detector_kind_name(m->kind), 0,
                      st->base + m->start, st->base + m->end});
    return st->oom;
}

static bool alnum_at(const char *s, size_t len, size_t i)
{
    return i < len && (isalnum((unsigned char)s[i]) || ((unsigned char)s[i] & 0x80));
}

static void find_identities(msgstate *st, const folded *fv)
{
    for (size_t v = 0; v < st->c->nvals; v++) {
        const idval *iv = &st->c->vals[v];
        size_t vl = strlen(iv->folded);
        for (const char *p = fv->s; (p = strstr(p, iv->folded)) != NULL; p++) {
            size_t fs = (size_t)(p - fv->s);
            size_t s = fv->map[fs], e = fv->map[fs + vl - 1] + 1;
            while (e < st->t->len && ((unsigned char)st->t->s[e] & 0xC0) == 0x80)
                e++;
            /* a whole value, not digits inside a longer number */
            if ((s > 0 && alnum_at(st->t->s, st->t->len, s - 1) &&
                 !((unsigned char)st->t->s[s - 1] & 0x80)) ||
                (alnum_at(st->t->s, st->t->len, e) && !((unsigned char)st->t->s[e] & 0x80)))
                continue;
            add_hit(st, (hit){iv->kind, iv->category, iv->who, s, e});
        }
    }
}

/* "dateNaissance: 1985-12-30", "DOB=30/12/1985": a label naming the
 * birth-date category makes a valid date after it a birth date, without
 * the wording the free-text detector asks for (require_context false). */
static void labelled_dates(msgstate *st)
{
    const char *s = st->t->s;
    size_t len = st->t->len;
    for (size_t ls = 0; ls < len;) {
        const char *nl = memchr(s + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - s) : len;
        size_t k = ls;
        while (k < le && k - ls < 48 && s[k] != ':' && s[k] != '=')
            k++;
        if (k < le && k > ls && (s[k] == ':' || s[k] == '=')) {
            char label[64];
            snprintf(label, sizeof label, "%.*s", (int)(k - ls), s + ls);
            const vg_category *cat = vg_ruleset_match_identifier(st->c->o.rs, label);
            if (cat && cat->detector == VG_DET_DOB) {
                st->base = k + 1;
                vg_detect_scan(st->c->ctx, s + k + 1, le - k - 1, false, on_detect, st);
                st->base = 0;
            }
        }
        ls = le + 1;
    }
}

static void check_values(msgstate *st)
{
    st->nhits = 0;
    st->base = 0;
    if (vg_detect_scan(st->c->ctx, st->t->s, st->t->len, true, on_detect, st) < 0)
        vg_findings_noticem(st->out, VG_LEVEL_WARNING, st->m->uri, 0, "notice.part-match-failed",
                            "%s" VG_ARG "%s", st->id, st->t->part);
    labelled_dates(st);
    folded fv;
    if (fold(st->t->s, st->t->len, FOLD_VALUE, &fv)) {
        st->oom = 1;
        return;
    }
    find_identities(st, &fv);
    folded_free(&fv);
    vg_msg_kind kind = st->m->kind;
    for (size_t i = 0; i < st->nhits && !st->oom; i++) {
        hit *h = &st->hits[i];
        char shown[160], fp[256];
        shown_value(st, h->kind, h->category, h->start, h->end, shown, sizeof shown);
        char masked[160];
        char raw[128];
        size_t n = h->end - h->start < sizeof raw - 1 ? h->end - h->start : sizeof raw - 1;
        memcpy(raw, st->t->s + h->start, n);
        raw[n] = '\0';
        mask_hit(h->kind, h->category, raw, n, masked, sizeof masked);
        /* The fingerprint holds the mask (what the report shows); telling
         * two values of one message apart is done on the value itself,
         * which never leaves this function. */
        snprintf(fp, sizeof fp, "%s:%s", h->category, masked);
        char once[200];
        snprintf(once, sizeof once, "%s:%s", h->category, raw);
        const char *rule = kind == VG_MSG_SMS ? "MSG002" : kind == VG_MSG_VOICE ? "MSG003"
                                                                                 : "MSG001";
        if (reported(st, rule, once))
            continue;
        char id[32];
        snprintf(id, sizeof id, "%s.value%s", rule, h->who ? "-identity" : "");
        /* A name alone (a greeting) is to review, not an error: the
         * message may be the person's own; with an identifier it is the
         * identifier's finding that fails the run. */
        vg_level lvl = strcmp(h->category, "name") == 0 ? VG_LEVEL_NOTE : VG_LEVEL_NONE;
        if (emit(st, rule, lvl, h->start, h->end, fp,
                 json_pack("{s:s,s:b}", "category", h->category, "testIdentity", h->who != 0),
                 h->category, id, "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%zu", st->id,
                 st->rcpt_list, shown, h->who))
            remember_report(st, rule, once);
    }
}

/* One character of a mask ('*', 'x', 'X', '#', or U+2022 '•'): its
 * length in bytes, or 0. */
static size_t mask_char(const char *s, size_t len, size_t i)
{
    char c = s[i];
    if (c == '*' || c == 'x' || c == 'X' || c == '#')
        return 1;
    if (i + 2 < len && (unsigned char)c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0xA2)
        return 3;
    return 0;
}

/* A masked NAM or SIN at i: twelve characters grouped 4 4 4 (or none),
 * nine grouped 3 3 3, all masked but at most the last two digits, as
 * vg_mask writes them ("**** **** **16", "*** *** *22"); ungrouped only
 * with the two digits ("••••••••••16"). Returns the
 * category and sets *end, or NULL. */
static const char *masked_at(const char *s, size_t len, size_t i, size_t *end)
{
    size_t groups[4], ng = 0, cells = 0, masked = 0, digits = 0;
    size_t run = 0, j = i;
    while (j < len && ng < 4) {
        size_t k = mask_char(s, len, j);
        if (k && !digits) {
            masked++, cells++, run++;
            j += k;
        } else if (isdigit((unsigned char)s[j]) && masked) {
            digits++, cells++, run++;
            j++;
        } else if (s[j] == ' ' && run && j + 1 < len &&
                   (mask_char(s, len, j + 1) || isdigit((unsigned char)s[j + 1]))) {
            groups[ng++] = run;
            run = 0;
            j++;
        } else
            break;
    }
    if (run && ng < 4)
        groups[ng++] = run;
    if (j < len && (isalnum((unsigned char)s[j]) || mask_char(s, len, j)))
        return NULL;
    if (digits > 2)
        return NULL;
    *end = j;
    /* ungrouped, only with its two digits: a bare row of stars is as
     * likely a password's */
    if (cells == 12 && ((ng == 1 && digits == 2) || (ng == 3 && groups[0] == 4 && groups[1] == 4)))
        return "nam";
    if (cells == 9 && ((ng == 1 && digits == 2) || (ng == 3 && groups[0] == 3 && groups[1] == 3)))
        return "sin";
    return NULL;
}

/* Identifiers the service sent only masked: compliant, and recorded (kind
 * pass, "masked first") so the inventory shows where the NAM and the SIN
 * go and that they arrive masked. */
static void check_masked(msgstate *st)
{
    const char *s = st->t->s;
    size_t len = st->t->len;
    const char *rule = st->m->kind == VG_MSG_SMS     ? "MSG002"
                       : st->m->kind == VG_MSG_VOICE ? "MSG003"
                                                     : "MSG001";
    for (size_t i = 0; i < len && !st->oom; i++) {
        if (!mask_char(s, len, i) || (i > 0 && (isalnum((unsigned char)s[i - 1]) ||
                                               mask_char(s, len, i - 1) ||
                                               ((unsigned char)s[i - 1] & 0xC0) == 0x80)))
            continue;
        size_t end;
        const char *cat = masked_at(s, len, i, &end);
        if (!cat)
            continue;
        char shown[64], key[96], fp[96], id[32];
        snprintf(shown, sizeof shown, "%.*s", (int)(end - i), s + i);
        snprintf(key, sizeof key, "masked:%s:%s", cat, shown);
        snprintf(fp, sizeof fp, "%s:masked:%s", cat, shown);
        snprintf(id, sizeof id, "%s.masked", rule);
        if (!reported(st, rule, key) &&
            emit(st, rule, VG_LEVEL_NONE, i, end, fp,
                 json_pack("{s:s,s:s,s:s}", "category", cat, "sanitizer", "masked",
                           VG_PASS_KEY, "masked"),
                 cat, id, "%s" VG_ARG "%s" VG_ARG "%s", st->id, st->rcpt_list, shown))
            remember_report(st, rule, key);
        i = end;
    }
}

/* "we will never ask for your date of birth" is the policy's own promise,
 * not a request. */
static bool negated(const folded *f, size_t at)
{
    size_t from = at > 60 ? at - 60 : 0;
    for (size_t i = at; i > from; i--)
        if (f->s[i - 1] == '.' || f->s[i - 1] == '!' || f->s[i - 1] == '?') {
            from = i;
            break;
        }
    char win[80];
    size_t n = at - from < sizeof win - 1 ? at - from : sizeof win - 1;
    memcpy(win, f->s + at - n, n);
    win[n] = '\0';
    return strstr(win, "never") || strstr(win, "jamais");
}

static void check_solicit(msgstate *st, const folded *fp)
{
    size_t last_end = 0;
    /* earliest phrase first, overlapping ones reported once */
    for (;;) {
        size_t best = SIZE_MAX, bestlen = 0;
        const phrase *bp = NULL;
        for (size_t i = 0; i < st->c->nsolicit; i++) {
            const phrase *p = &st->c->solicit[i];
            const char *at = fp->s + last_end;
            while ((at = strstr(at, p->folded)) != NULL) {
                size_t off = (size_t)(at - fp->s);
                if (!negated(fp, off))
                    break;
                at++;
            }
            if (at && ((size_t)(at - fp->s) < best ||
                       ((size_t)(at - fp->s) == best && strlen(p->folded) > bestlen))) {
                best = (size_t)(at - fp->s);
                bestlen = strlen(p->folded);
                bp = p;
            }
        }
        if (!bp)
            return;
        size_t s = fp->map[best], e = fp->map[best + bestlen - 1] + 1;
        vg_msg_kind kind = st->m->kind;
        if (!reported(st, "MSG004", bp->orig) &&
            emit(st, "MSG004", VG_LEVEL_NONE, s, e, bp->orig,
                 json_pack("{s:s}", "phrase", bp->orig), NULL,
                 kind == VG_MSG_SMS ? "MSG004.sms" : kind == VG_MSG_VOICE ? "MSG004.voice"
                                                                          : "MSG004.email",
                 "%s" VG_ARG "%s" VG_ARG "%s", st->id,
                 st->rcpt_list, bp->orig))
            remember_report(st, "MSG004", bp->orig);
        last_end = best + bestlen;
        if (st->oom)
            return;
    }
}

/* "label : value" or "label = value": a context phrase written as a field. */
/* A generated secret: at least 6 characters with a digit or a symbol, so
 * "is confidential" / "est temporaire" are not passwords. Read from the
 * original text (the folded one has lost case). */
static bool secret_like(const char *orig, size_t len)
{
    size_t n = 0;
    bool mixed = false;
    for (; n < len && !isspace((unsigned char)orig[n]); n++)
        if (isdigit((unsigned char)orig[n]) || (ispunct((unsigned char)orig[n]) &&
                                                 orig[n] != '.' && orig[n] != ','))
            mixed = true;
    return n >= 6 && mixed;
}

/* "label : value", "label = value", and for passwords also "label is
 * value" / "label est value" when the value looks generated. */
static bool labelled_value(const folded *fp, const char *orig, char *const *ctx, size_t n,
                           bool verb_ok, size_t *where)
{
    for (size_t i = 0; i < n; i++) {
        size_t cl = strlen(ctx[i]);
        for (const char *p = fp->s; (p = strstr(p, ctx[i])) != NULL; p++) {
            if (p > fp->s && isalnum((unsigned char)p[-1]))
                continue;
            const char *q = p + cl;
            while (*q == ' ')
                q++;
            if (verb_ok && (strncmp(q, "is ", 3) == 0 || strncmp(q, "est ", 4) == 0)) {
                q += q[0] == 'i' ? 3 : 4;
                if (*q == ':')
                    q++;
                while (*q == ' ')
                    q++;
                size_t off = fp->map[q - fp->s];
                if (*q && secret_like(orig + off, fp->map[fp->n] - off)) {
                    *where = (size_t)(p - fp->s);
                    return true;
                }
                continue;
            }
            if (*q != ':' && *q != '=')
                continue;
            q++;
            while (*q == ' ')
                q++;
            size_t vl = 0;
            while (q[vl] && q[vl] != ' ')
                vl++;
            if (vl >= 3) {
                *where = (size_t)(p - fp->s);
                return true;
            }
        }
    }
    return false;
}

static bool word_at(const char *s, size_t len, const char *w, size_t *where, bool fold_case)
{
    size_t wl = strlen(w);
    for (const char *p = s; (p = fold_case ? strcasestr(p, w) : strstr(p, w)) != NULL; p++) {
        size_t off = (size_t)(p - s);
        bool before = off > 0 && (isalnum((unsigned char)s[off - 1]) || s[off - 1] == '_');
        bool after = off + wl < len &&
                     (isalnum((unsigned char)s[off + wl]) || s[off + wl] == '_');
        if (!before && !after) {
            *where = off;
            return true;
        }
    }
    return false;
}

static void note_cred(msgstate *st, bool user, size_t off_folded, const folded *fp)
{
    size_t off = fp ? fp->map[off_folded] : off_folded;
    int line, col;
    line_col(st->t->s, off, &line, &col);
    char where[256];
    logical(st, where, sizeof where);
    if (user && !st->user) {
        st->user = true;
        snprintf(st->user_where, sizeof st->user_where, "%s", where);
        snprintf(st->user_part, sizeof st->user_part, "%s", st->t->part);
        st->user_line = line;
    } else if (!user && !st->pass) {
        st->pass = true;
        snprintf(st->pass_where, sizeof st->pass_where, "%s", where);
        snprintf(st->pass_part, sizeof st->pass_part, "%s", st->t->part);
        st->pass_line = line;
    }
}

static void check_credentials(msgstate *st, const folded *fp)
{
    size_t at;
    if (!st->user) {
        if (labelled_value(fp, st->t->s, st->c->user_ctx, st->c->nuser_ctx, false, &at))
            note_cred(st, true, at, fp);
        for (size_t i = 0; !st->user && i < st->c->nusernames; i++)
            if (word_at(fp->s, fp->n, st->c->usernames[i], &at, false))
                note_cred(st, true, at, fp);
    }
    if (!st->pass) {
        if (labelled_value(fp, st->t->s, st->c->pass_ctx, st->c->npass_ctx, true, &at))
            note_cred(st, false, at, fp);
        for (size_t i = 0; !st->pass && i < st->c->npasswords; i++) {
            const char *p = memmem(st->t->s, st->t->len, st->c->passwords[i],
                                   strlen(st->c->passwords[i]));
            if (p)
                note_cred(st, false, (size_t)(p - st->t->s), NULL);
        }
    }
}

static void check_text(msgstate *st, const text *t)
{
    st->t = t;
    check_values(st);
    check_masked(st);
    folded fp;
    if (st->oom || fold(t->s, t->len, FOLD_PHRASE, &fp)) {
        st->oom = 1;
        return;
    }
    check_solicit(st, &fp);
    check_credentials(st, &fp);
    folded_free(&fp);
}

static bool shared_mailbox(const vg_ruleset *rs, const char *addr)
{
    const char *at = strchr(addr, '@');
    if (!at)
        return false;
    size_t n = strcspn(addr, "+@");           /* info+clinic@ is still info@ */
    for (size_t i = 0; i < rs->nshared_mailboxes; i++)
        if (strlen(rs->shared_mailboxes[i]) == n &&
            strncasecmp(addr, rs->shared_mailboxes[i], n) == 0)
            return true;
    return false;
}

static addr_seen *seen_for(vg_msgcheck *c, const char *addr)
{
    for (size_t i = 0; i < c->nseen; i++)
        if (strcasecmp(c->seen[i].addr, addr) == 0)
            return &c->seen[i];
    addr_seen *p = realloc(c->seen, (c->nseen + 1) * sizeof *p);
    if (!p)
        return NULL;
    c->seen = p;
    memset(&p[c->nseen], 0, sizeof *p);
    if (!(p[c->nseen].addr = strdup(addr)))
        return NULL;
    return &p[c->nseen++];
}

static void remember(size_t *arr, size_t *n, size_t msg)
{
    for (size_t i = 0; i < *n; i++)
        if (arr[i] == msg)
            return;
    if (*n < 2)
        arr[(*n)++] = msg;
}

/* Rules on the message as a whole, once its texts are read. */
static void check_message_creds(msgstate *st, const text *first)
{
    vg_msgcheck *c = st->c;
    if (!st->user && !st->pass)
        return;
    const text *t = first;
    st->t = t;
    bool sms = st->m->kind != VG_MSG_EMAIL;     /* no TLS note: not mail */
    if (st->user && st->pass) {
        vg_finding *f = emit(st, "CRD001", VG_LEVEL_NONE, 0, 0, "", NULL, NULL,
                             st->m->kind == VG_MSG_SMS     ? "CRD001.sms"
                             : st->m->kind == VG_MSG_VOICE ? "CRD001.voice"
                                                           : "CRD001.email",
                             "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%d" VG_ARG "%s" VG_ARG "%d",
                             st->id, st->rcpt_list, st->user_part, st->user_line,
                             st->pass_part, st->pass_line);
        if (f) {
            f->loc.line = st->pass_line;
            f->loc.column = 0;
            f->loc.end_line = 0;
            f->loc.end_column = 0;
            vg_finding_set_logical(f, st->pass_where);
        }
    }
    for (size_t i = 0; i < st->nrcpts; i++) {
        if (shared_mailbox(c->o.rs, st->rcpts[i])) {
            char fpm[160];
            vg_mask_contact(st->rcpts[i], fpm, sizeof fpm);
            vg_finding *f = emit(st, "CRD003", VG_LEVEL_NONE, 0, 0, fpm,
                                 json_pack("{s:s}", "mailbox", st->shown[i]), NULL,
                                 st->user && st->pass ? "CRD003.both"
                                 : st->user ? "CRD003.username" : "CRD003.password",
                                 "%s" VG_ARG "%s", st->id, st->shown[i]);
            if (f) {
                f->loc.line = st->pass ? st->pass_line : st->user_line;
                f->loc.column = f->loc.end_line = f->loc.end_column = 0;
                vg_finding_set_logical(f, st->pass ? st->pass_where : st->user_where);
            }
        }
        addr_seen *a = seen_for(c, st->rcpts[i]);
        if (!a) {
            st->oom = 1;
            return;
        }
        if (st->user)
            remember(a->user_msgs, &a->nuser, c->nmsgs);
        if (st->pass)
            remember(a->pass_msgs, &a->npass, c->nmsgs);
        free(a->where);
        free(a->uri);
        a->where = strdup(st->pass ? st->pass_where : st->user_where);
        a->uri = st->m->uri ? strdup(st->m->uri) : NULL;
    }
    if (!sms && st->m->tls == VG_MSG_TLS_NO) {
        vg_finding *f = emit(st, "MSG001", VG_LEVEL_NOTE, 0, 0, "no-tls", NULL, NULL,
                             st->pass ? "MSG001.no-tls-password" : "MSG001.no-tls-username",
                             "%s" VG_ARG "%s", st->id, st->rcpt_list);
        if (f) {
            f->loc.line = f->loc.column = f->loc.end_line = f->loc.end_column = 0;
            vg_finding_set_logical(f, st->pass ? st->pass_where : st->user_where);
        }
    }
}

static int collect_rcpts(msgstate *st)
{
    const vg_msg *m = st->m;
    if (m->nrcpts) {
        for (size_t i = 0; i < m->nrcpts; i++)
            if (push(&st->rcpts, &st->nrcpts, strdup(m->rcpts[i])))
                return -1;
    } else if (m->mime) {
        static const char *const hdrs[] = {"To", "Cc", "Bcc"};
        for (size_t h = 0; h < 3; h++)
            for (size_t i = 0; i < m->mime->nheaders; i++)
                if (strcasecmp(m->mime->headers[i].name, hdrs[h]) == 0 &&
                    vg_mime_addresses(m->mime->headers[i].value, &st->rcpts, &st->nrcpts))
                    return -1;
    }
    st->shown = calloc(st->nrcpts + 1, sizeof *st->shown);
    if (!st->shown)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < st->nrcpts; i++) {
        char masked[256];
        vg_mask_contact(st->rcpts[i], masked, sizeof masked);
        if (!(st->shown[i] = strdup(st->c->o.show_personal_data ? st->rcpts[i] : masked)))
            return -1;
        n += strlen(st->rcpts[i]) + strlen(masked) + 2;
    }
    st->rcpt_list = malloc(n + 16);
    st->rcpt_where = malloc(n + 16);
    if (!st->rcpt_list || !st->rcpt_where)
        return -1;
    st->rcpt_list[0] = st->rcpt_where[0] = '\0';
    for (size_t i = 0; i < st->nrcpts; i++) {
        char masked[256];
        vg_mask_contact(st->rcpts[i], masked, sizeof masked);
        if (i) {
            strcat(st->rcpt_list, ", ");
            strcat(st->rcpt_where, ", ");
        }
        strcat(st->rcpt_list, st->shown[i]);
        strcat(st->rcpt_where, masked);
    }
    if (!st->nrcpts) {
        strcpy(st->rcpt_list, "(no recipient)");
        strcpy(st->rcpt_where, "(no recipient)");
    }
    return 0;
}

int vg_msgcheck_add(vg_msgcheck *c, const vg_msg *m, vg_findings *out, vg_error *err)
{
    char idbuf[64];
    msgstate st = {.c = c, .m = m, .out = out};
    c->nmsgs++;
    c->kinds_seen[m->kind] = true;
    st.id = m->id;
    if (!st.id && m->mime)
        st.id = vg_mime_get(m->mime, "Message-ID");
    if (!st.id) {
        snprintf(idbuf, sizeof idbuf, "#%zu", c->nmsgs);
        st.id = idbuf;
    }
    if (collect_rcpts(&st)) {
        st.oom = 1;
        goto done;
    }
    text first = {0};
    if (m->kind != VG_MSG_EMAIL) {
        text t = {m->text ? m->text : "", m->text ? m->len : 0,
                  m->kind == VG_MSG_VOICE ? "speech" : "body", "text/plain"};
        first = t;
        check_text(&st, &t);
    } else if (m->mime) {
        const char *subj = vg_mime_get(m->mime, "Subject");
        if (subj) {
            text t = {subj, strlen(subj), "Subject", "header"};
            check_text(&st, &t);
        }
        for (size_t i = 0; i < m->mime->nparts && !st.oom; i++) {
            const vg_mime_part *p = &m->mime->parts[i];
            if (!p->text) {
                vg_findings_noticem(out, VG_LEVEL_NOTE, m->uri, 0, "notice.part-not-text",
                                    "%s" VG_ARG "%s" VG_ARG "%s%s%s", st.id, p->id,
                                    p->content_type, p->filename ? ", " : "",
                                    p->filename ? p->filename : "");
                continue;
            }
            text t = {p->text, p->len, p->id, p->content_type};
            if (!first.s)
                first = t;
            check_text(&st, &t);
        }
        for (size_t i = 0; i < m->mime->nnotes; i++)
            vg_findings_noticem(out, VG_LEVEL_WARNING, m->uri, 0, "notice.mime",
                                "%s" VG_ARG "%s", st.id, m->mime->notes[i]);
        if (!first.s)
            first = (text){"", 0, "1", "text/plain"};
    }
    if (!st.oom && first.s)
        check_message_creds(&st, &first);
done:
    finish_reports(&st);
    for (size_t i = 0; i < st.nrcpts; i++) {
        free(st.rcpts[i]);
        if (st.shown)
            free(st.shown[i]);
    }
    free(st.rcpts), free(st.shown), free(st.rcpt_list), free(st.rcpt_where), free(st.hits);
    if (st.oom)
        return vg_error_set(err, VG_ENOMEM, "out of memory checking message %s", st.id);
    return 0;
}

/* The rules the messages seen were checked against (vg_findings_checked). */
static int mark_checked(const vg_msgcheck *c, vg_findings *out)
{
    static const char *const per_kind[3][3] = {{"MSG001", "CRD003", NULL},
                                               {"MSG002", NULL, NULL},
                                               {"MSG003", NULL, NULL}};
    bool any = false;
    for (int k = 0; k < 3; k++) {
        if (!c->kinds_seen[k])
            continue;
        any = true;
        for (int i = 0; per_kind[k][i]; i++)
            if (vg_findings_checked(out, per_kind[k][i]))
                return -1;
    }
    return any && (vg_findings_checked(out, "MSG004") || vg_findings_checked(out, "CRD001") ||
                   vg_findings_checked(out, "CRD002")) ? -1 : 0;
}

int vg_msgcheck_finish(vg_msgcheck *c, vg_findings *out, vg_error *err)
{
    if (mark_checked(c, out))
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->nseen; i++) {
        addr_seen *a = &c->seen[i];
        bool separate = false;
        for (size_t u = 0; u < a->nuser; u++)
            for (size_t p = 0; p < a->npass; p++)
                if (a->user_msgs[u] != a->pass_msgs[p])
                    separate = true;
        if (!separate)
            continue;               /* one message with both is CRD001's finding */
        char fp[300], masked[256];
        vg_mask_contact(a->addr, masked, sizeof masked);
        snprintf(fp, sizeof fp, "CRD002|%s", masked);
        vg_finding *f = vg_findings_addm(out, "CRD002", VG_LEVEL_NONE, a->uri, 0, 0, NULL, NULL,
                                         "CRD002.same-address", "%s",
                                         c->o.show_personal_data ? a->addr : masked);
        if (!f || vg_finding_set_logical(f, a->where ? a->where : masked) ||
            vg_finding_set_fingerprint(f, fp))
            return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    return 0;
}
