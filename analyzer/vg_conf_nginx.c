/*
 * nginx configuration: a reader for nginx's own syntax (directives, blocks,
 * quotes, comments, `include` globs) and checks on the effective settings
 * of each server, following nginx's inheritance: a server takes an ssl_*
 * value from http unless it sets its own; add_header and ssl_conf_command
 * are inherited only by a level that has none of its own.
 */
#include "vg_conf_int.h"
#include "vg_cipher.h"
#include "vg_file.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 16      /* include nesting */
#define MAX_FILES 512     /* files in one configuration */

/* ---- reader -------------------------------------------------------------- */

typedef struct lexer {
    const vg_conf_file *f;
    size_t pos;
    int line;
} lexer;

typedef enum tok { T_WORD, T_SEMI, T_OPEN, T_CLOSE, T_EOF, T_ERR } tok;

typedef struct reader {
    vg_conf_ctx *c;
    const char *base_dir;            /* the main file's directory */
    const char *stack[MAX_DEPTH];    /* realpaths being read */
    int depth;
    int nest;                        /* blocks open, across includes */
} reader;

static int syntax(reader *r, const lexer *lx, const char *what)
{
    if (vg_findings_noticem(r->c->out, VG_LEVEL_WARNING, lx->f->uri, lx->line,
                            "notice.nginx-syntax", "%s", what))
        r->c->failed = 1;
    return -1;
}

/* Next token; a word's text goes to *w (malloc'd, unquoted). */
static tok next(reader *r, lexer *lx, char **w)
{
    const char *b = lx->f->buf;
    size_t n = lx->f->len;
    *w = NULL;
    for (;;) {
        while (lx->pos < n && isspace((unsigned char)b[lx->pos]))
            if (b[lx->pos++] == '\n')
                lx->line++;
        if (lx->pos < n && b[lx->pos] == '#') {
            while (lx->pos < n && b[lx->pos] != '\n')
                lx->pos++;
            continue;
        }
        break;
    }
    if (lx->pos >= n)
        return T_EOF;
    char ch = b[lx->pos];
    if (ch == ';' || ch == '{' || ch == '}') {
        lx->pos++;
        return ch == ';' ? T_SEMI : ch == '{' ? T_OPEN : T_CLOSE;
    }
    char *out = malloc(n - lx->pos + 1);
    size_t o = 0;
    if (!out) {
        r->c->failed = 1;
        return T_ERR;
    }
    if (ch == '"' || ch == '\'') {
        int start = lx->line;
        lx->pos++;
        while (lx->pos < n && b[lx->pos] != ch) {
            char d = b[lx->pos++];
            if (d == '\n')
                lx->line++;
            if (d == '\\' && lx->pos < n) {
                char e = b[lx->pos++];
                d = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
                if (e != ch && e != '\\' && e != 't' && e != 'n' && e != 'r')
                    out[o++] = '\\';      /* nginx keeps unknown escapes */
            }
            out[o++] = d;
        }
        if (lx->pos >= n) {
            free(out);
            lexer at = *lx;
            at.line = start;
            syntax(r, &at, "unterminated quoted string");
            return T_ERR;
        }
        lx->pos++;
        /* a quoted word must be followed by a separator */
        if (lx->pos < n && !isspace((unsigned char)b[lx->pos]) && !strchr(";{}", b[lx->pos])) {
            free(out);
            syntax(r, lx, "unexpected character after a quoted string");
            return T_ERR;
        }
    } else {
        while (lx->pos < n) {
            char d = b[lx->pos];
            if (isspace((unsigned char)d) || d == ';' || d == '}' ||
                (d == '{' && !(o && out[o - 1] == '$')))
                break;
            if (d == '{') {               /* ${var}: part of the word */
                while (lx->pos < n && b[lx->pos] != '}' && b[lx->pos] != '\n')
                    out[o++] = b[lx->pos++];
                if (lx->pos < n && b[lx->pos] == '}')
                    out[o++] = b[lx->pos++];
                continue;
            }
            if (d == '\\' && lx->pos + 1 < n) {
                out[o++] = b[++lx->pos];
                lx->pos++;
                continue;
            }
            out[o++] = d;
            lx->pos++;
        }
    }
    out[o] = '\0';
    *w = out;
    return T_WORD;
}

static int read_block(reader *r, lexer *lx, vg_conf_node *into, bool top);

static int read_file(reader *r, const vg_conf_file *f, vg_conf_node *into)
{
    for (int i = 0; i < r->depth; i++)
        if (strcmp(r->stack[i], f->real) == 0)
            return 0;               /* include cycle: already being read */
    if (r->depth == MAX_DEPTH) {
        lexer at = {.f = f, .line = 1};
        return syntax(r, &at, "includes nested too deeply");
    }
    r->stack[r->depth++] = f->real;
    lexer lx = {.f = f, .pos = 0, .line = 1};
    int rc = read_block(r, &lx, into, true);
    r->depth--;
    return rc;
}

static int do_include(reader *r, const lexer *lx, const vg_conf_node *inc, vg_conf_node *into)
{
    char **paths;
    size_t n;
    if (inc->nargs != 2)
        return syntax(r, lx, "include takes one file name or pattern");
    if (vg_conf_glob(inc->args[1], lx->f, r->base_dir, &paths, &n))
        return r->c->failed = 1, -1;
    if (n == 0 && !strpbrk(inc->args[1], "*?[")) {
        /* nginx refuses to start; say so and go on with the rest */
        if (vg_findings_noticem(r->c->out, VG_LEVEL_WARNING, lx->f->uri, inc->line,
                                "notice.nginx-include", "%s", inc->args[1]))
            r->c->failed = 1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (r->c->nfiles >= MAX_FILES) {
            rc = syntax(r, lx, "too many included files");
            break;
        }
        vg_conf_file *f = vg_conf_ctx_load(r->c, paths[i], lx->f, inc->line);
        if (f)
            rc = read_file(r, f, into);
        else if (r->c->failed)
            rc = -1;
    }
    vg_conf_strv_free(paths, n);
    return rc;
}

static int read_block(reader *r, lexer *lx, vg_conf_node *into, bool top)
{
    for (;;) {
        char *w;
        tok t = next(r, lx, &w);
        if (t == T_ERR)
            return -1;
        if (t == T_EOF)
            return top ? 0 : syntax(r, lx, "unexpected end of file, expecting \"}\"");
        if (t == T_CLOSE)
            return top ? syntax(r, lx, "unexpected \"}\"") : 0;
        if (t != T_WORD)
            return syntax(r, lx, t == T_SEMI ? "unexpected \";\"" : "unexpected \"{\"");
        vg_conf_node d = {.line = lx->line, .file = lx->f};
        int rc = vg_conf_node_push_arg(&d, w, strlen(w));
        free(w);
        while (!rc && (t = next(r, lx, &w)) == T_WORD) {
            rc = vg_conf_node_push_arg(&d, w, strlen(w));
            free(w);
        }
        if (rc) {
            vg_conf_node_free(&d);
            return r->c->failed = 1, -1;
        }
        if (t == T_ERR || t == T_EOF || t == T_CLOSE) {
            vg_conf_node_free(&d);
            return t == T_ERR ? -1 : syntax(r, lx, "directive is not terminated by \";\"");
        }
        if (t == T_SEMI && strcmp(d.args[0], "include") == 0) {
            rc = do_include(r, lx, &d, into);
            vg_conf_node_free(&d);
            if (rc)
                return rc;
            continue;
        }
        vg_conf_node *k = vg_conf_node_add(into);
        if (!k) {
            vg_conf_node_free(&d);
            return r->c->failed = 1, -1;
        }
        *k = d;
        if (t == T_OPEN) {
            k->block = true;
            /* The tree's depth bounds every recursive walk over it. */
            if (r->nest == VG_CONF_MAX_NEST)
                return vg_conf_too_deep(r->c, lx->f, lx->line);
            r->nest++;
            int brc = read_block(r, lx, k, false);
            r->nest--;
            if (brc)
                return -1;
        }
    }
}

/* nginx resolves relative includes from its prefix, the directory of
 * nginx.conf: for a fragment, the nearest nginx.conf up to three levels up. */
static char *prefix_dir(const char *uri)
{
    char dir[PATH_MAX], cand[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s", uri);
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        *slash = '\0';
        snprintf(cand, sizeof cand, "%s/nginx.conf", dir);
        if (vg_file_is_regular(cand))   /* never opened here: a FIFO would block */
            return strdup(dir[0] ? dir : "/");
    }
    return vg_conf_dirname(uri);
}

/* Read path (the main file or a lone fragment) into root. */
static int read_tree(vg_conf_ctx *c, const vg_conf_file *f, vg_conf_node *root)
{
    reader r = {.c = c};
    char *dir = prefix_dir(f->uri);
    if (!dir)
        return c->failed = 1, -1;
    r.base_dir = dir;
    int rc = read_file(&r, f, root);
    free(dir);
    return rc;
}

/* ---- effective settings -------------------------------------------------- */

static const vg_conf_node *find(const vg_conf_node *blk, const char *name)
{
    const vg_conf_node *hit = NULL;
    for (size_t i = 0; blk && i < blk->nkids; i++)
        if (!blk->kids[i].block && strcmp(blk->kids[i].args[0], name) == 0)
            hit = &blk->kids[i];
    return hit;
}

static bool has(const vg_conf_node *blk, const char *name)
{
    return find(blk, name) != NULL;
}

/* `ssl_conf_command Ciphersuites ...` in blk, or NULL. */
static const vg_conf_node *find_suites(const vg_conf_node *blk)
{
    const vg_conf_node *hit = NULL;
    for (size_t i = 0; blk && i < blk->nkids; i++) {
        const vg_conf_node *k = &blk->kids[i];
        if (!k->block && k->nargs >= 3 && strcmp(k->args[0], "ssl_conf_command") == 0 &&
            strcasecmp(k->args[1], "Ciphersuites") == 0)
            hit = k;
    }
    return hit;
}

/* The listen directive that makes a server TLS, or NULL. */
static const vg_conf_node *tls_listen(const vg_conf_node *srv)
{
    for (size_t i = 0; i < srv->nkids; i++) {
        const vg_conf_node *k = &srv->kids[i];
        if (k->block || strcmp(k->args[0], "listen") != 0)
            continue;
        for (size_t a = 2; a < k->nargs; a++)
            if (strcmp(k->args[a], "ssl") == 0)
                return k;
    }
    const vg_conf_node *on = find(srv, "ssl");
    return on && on->nargs == 2 && strcmp(on->args[1], "on") == 0 ? on : NULL;
}


static void server_label(const vg_conf_node *srv, char *buf, size_t n)
{
    const vg_conf_node *sn = find(srv, "server_name");
    const vg_conf_node *ls = tls_listen(srv);
    if (!ls || strcmp(ls->args[0], "listen") != 0) {
        ls = NULL;          /* the first listen names a plain server */
        for (size_t i = 0; i < srv->nkids && !ls; i++)
            if (!srv->kids[i].block && strcmp(srv->kids[i].args[0], "listen") == 0)
                ls = &srv->kids[i];
    }
    if (sn && sn->nargs >= 2 && strcmp(sn->args[1], "_") != 0 && sn->args[1][0])
        snprintf(buf, n, "server %s", sn->args[1]);
    else if (ls && ls->nargs >= 2)
        snprintf(buf, n, "server listening on %s", ls->args[1]);
    else
        snprintf(buf, n, "server");
}

static void join_args(const vg_conf_node *d, size_t from, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = from; d && i < d->nargs && o + 1 < n; i++) {
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i > from ? " " : "", d->args[i]);
        if (o >= n)
            o = n - 1;          /* truncated */
    }
}

/* nginx 1.22 (Debian 12) enables TLSv1 to TLSv1.3 when ssl_protocols is not set;
 * 1.23.4 dropped TLSv1 and TLSv1.1 from the default. The older default is
 * assumed: it is what the distributions in use ship. */
#define NGINX_DEFAULT_PROTOCOLS "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"

static void parse_protocols(const char *list, bool en[VG_CONF_NPROTO])
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%.1023s", list);
    memset(en, 0, VG_CONF_NPROTO * sizeof *en);
    for (char *sv, *t = strtok_r(buf, " \t", &sv); t; t = strtok_r(NULL, " \t", &sv))
        for (int i = 0; i < VG_CONF_NPROTO; i++)
            if (strcmp(t, vg_conf_proto_names[i]) == 0)
                en[i] = true;
}

/* Apply blk's ssl_conf_command MinProtocol / MaxProtocol / Protocol to
 * en[] and note them in setting; *cipher_string gets a CipherString
 * command. Returns true when a protocol command changed something. */
static bool apply_conf_cmds(const vg_conf_node *blk, bool en[VG_CONF_NPROTO],
                            const vg_conf_node **cipher_string, char *setting, size_t n)
{
    bool changed = false;
    for (size_t i = 0; blk && i < blk->nkids; i++) {
        const vg_conf_node *k = &blk->kids[i];
        if (k->block || k->nargs < 3 || strcmp(k->args[0], "ssl_conf_command") != 0)
            continue;
        if (strcasecmp(k->args[1], "CipherString") == 0)
            *cipher_string = k;
        else if (vg_conf_ssl_cmd_protocols(k->args[1], k->args[2], en)) {
            size_t o = strlen(setting);
            snprintf(setting + o, n - o, ", then ssl_conf_command %s %s", k->args[1], k->args[2]);
            changed = true;
        }
    }
    return changed;
}

static int check_tls(vg_conf_ctx *c, const vg_conf_node *http, const vg_conf_node *srv,
                     const vg_conf_node *listen, const char *where)
{
    char val[1024], setting[1100];
    bool en[VG_CONF_NPROTO];

    /* a value inherited from http is reported once, as http's */
    const vg_conf_node *p = find(srv, "ssl_protocols");
    const char *pw = where;
    if (!p && (p = find(http, "ssl_protocols")) != NULL)
        pw = "http";
    const vg_conf_node *at = p ? p : listen;
    if (p)
        join_args(p, 1, val, sizeof val);
    else
        snprintf(val, sizeof val, "%s", NGINX_DEFAULT_PROTOCOLS);
    parse_protocols(val, en);
    snprintf(setting, sizeof setting, "ssl_protocols %s%s", val,
             p ? "" : " (nginx default before 1.23.4: no ssl_protocols is set)");
    /* ssl_conf_command is inherited as a whole (only when srv has none) and
     * applied after ssl_protocols / ssl_ciphers: it has the last word */
    bool own_cmd = has(srv, "ssl_conf_command");
    const vg_conf_node *cs = NULL;
    if (apply_conf_cmds(own_cmd ? srv : http, en, &cs, setting, sizeof setting) && own_cmd)
        pw = where;         /* the server's own commands decide */
    if (vg_conf_check_protocols(c, at->file, at->line, pw, en, setting,
                                "ssl_protocols TLSv1.2 TLSv1.3;"))
        return -1;

    const vg_conf_node *ci = cs ? cs : find(srv, "ssl_ciphers");
    bool ci_http = !ci && (ci = find(http, "ssl_ciphers")) != NULL;
    ci_http = ci_http || (cs && !own_cmd);
    const char *list = cs ? cs->args[2] : ci && ci->nargs >= 2 ? ci->args[1]
                                                                : VG_CIPHER_NGINX_DEFAULT;
    char lset[1100], sset[1100];
    snprintf(lset, sizeof lset, "%s %s%s", cs ? "ssl_conf_command CipherString" : "ssl_ciphers",
             list, ci ? "" : " (nginx default)");
    vg_conf_at la = {ci ? ci->file : listen->file, ci ? ci->line : listen->line, list, lset};

    const vg_conf_node *su = own_cmd ? find_suites(srv) : find_suites(http);
    const char *suites = su ? su->args[2] : NULL;
    if (su)
        snprintf(sset, sizeof sset, "ssl_conf_command Ciphersuites %s", suites);
    else
        snprintf(sset, sizeof sset, "OpenSSL's default TLS 1.3 ciphersuites %s (no "
                 "ssl_conf_command Ciphersuites is set)", vg_cipher_default_suites());
    vg_conf_at sa = {su ? su->file : listen->file, su ? su->line : listen->line, suites, sset};
    bool su_http = su && !own_cmd;
    if (ci_http == su_http)
        return vg_conf_check_ciphers(c, ci_http ? "http" : where, en, &la, &sa);
    return vg_conf_check_ciphers(c, ci_http ? "http" : where, en, &la, NULL) ||
           vg_conf_check_ciphers(c, su_http ? "http" : where, en, NULL, &sa);
}

/* ---- headers ----------------------------------------------------------- */

static bool is_hsts(const vg_conf_node *h)
{
    if (h->nargs < 3 || strcasecmp(h->args[1], "Strict-Transport-Security") != 0)
        return false;
    const char *ma = strcasestr(h->args[2], "max-age=");
    return ma && atol(ma + 8) > 0;
}

static bool own_headers(const vg_conf_node *blk)
{
    return has(blk, "add_header");
}

static bool hsts_in(const vg_conf_node *blk)
{
    for (size_t i = 0; i < blk->nkids; i++)
        if (!blk->kids[i].block && strcmp(blk->kids[i].args[0], "add_header") == 0 &&
            is_hsts(&blk->kids[i]))
            return true;
    return false;
}

/* Locations whose own add_header set drops an inherited HSTS header. */
static int check_locations_hsts(vg_conf_ctx *c, const vg_conf_node *blk, bool inherited,
                                const char *where)
{
    for (size_t i = 0; i < blk->nkids; i++) {
        const vg_conf_node *l = &blk->kids[i];
        if (!l->block || (strcmp(l->args[0], "location") != 0 && strcmp(l->args[0], "if") != 0))
            continue;
        bool mine = own_headers(l);
        bool here = mine ? hsts_in(l) : inherited;
        char path[256];
        join_args(l, 1, path, sizeof path);
        if (inherited && !here &&
            vg_conf_report_level(c, VG_LEVEL_WARNING, "TLS005", l->file, l->line, path,
                "TLS005.nginx-hsts-replaced", "%s" VG_ARG "%s" VG_ARG "%s",
                where, l->args[0], path))
            return -1;
        if (check_locations_hsts(c, l, here, where))
            return -1;
    }
    return 0;
}

static int check_hsts(vg_conf_ctx *c, const vg_conf_node *http, const vg_conf_node *srv,
                      const char *where)
{
    bool sent = own_headers(srv) ? hsts_in(srv) : (http && hsts_in(http));
    if (!sent) {
        const vg_conf_node *at = tls_listen(srv);
        if (vg_conf_report_level(c, VG_LEVEL_WARNING, "TLS005", at->file, at->line, where,
                "TLS005.nginx-no-hsts", "%s", where))
            return -1;
    }
    return check_locations_hsts(c, srv, sent, where);
}

/* ---- directives checked wherever they appear ------------------------------ */

/* Variables that record more than the automatic-exchange list: the policy
 * keeps domain, IP, browser, date-time, pages and referrer. */
static const char *forbidden_var(const char *v, size_t n)
{
    static const struct { const char *name; bool prefix; const char *why; } tab[] = {
        {"http_cookie", false, "cookies"}, {"cookie_", true, "a cookie"},
        {"http_authorization", false, "credentials"},
        {"http_proxy_authorization", false, "credentials"},
        {"request_body", false, "the request body"},
        {"request_body_file", false, "the request body"},
        {"args", false, "the query string"}, {"query_string", false, "the query string"},
        {"arg_", true, "a query parameter"},
        {"sent_http_set_cookie", false, "cookies"}, {"upstream_http_set_cookie", false, "cookies"},
        {"upstream_cookie_", true, "a cookie"}, {"ssl_client_s_dn", false, "the client's name"},
        {"ssl_client_cert", false, "the client certificate"},
        {"ssl_client_raw_cert", false, "the client certificate"},
        {"ssl_client_escaped_cert", false, "the client certificate"},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        size_t l = strlen(tab[i].name);
        if (tab[i].prefix ? (n > l && strncmp(v, tab[i].name, l) == 0)
                          : (n == l && strncmp(v, tab[i].name, l) == 0))
            return tab[i].why;
    }
    return NULL;
}

static int check_log_format(vg_conf_ctx *c, const vg_conf_node *d)
{
    if (d->nargs < 3)
        return 0;
    char found[512] = "";
    size_t o = 0;
    for (size_t i = 2; i < d->nargs; i++) {
        for (const char *p = strchr(d->args[i], '$'); p; p = strchr(p + 1, '$')) {
            const char *v = p + 1;
            bool brace = *v == '{';
            if (brace)
                v++;
            size_t n = 0;
            while (isalnum((unsigned char)v[n]) || v[n] == '_')
                n++;
            if (!n || !forbidden_var(v, n))
                continue;
            char name[80];
            snprintf(name, sizeof name, "$%.*s", (int)(n < 70 ? n : 70), v);
            if (strstr(found, name))
                continue;
            o += (size_t)snprintf(found + o, sizeof found - (o < sizeof found ? o : sizeof found),
                                  "%s%s (%s)", o ? ", " : "", name, forbidden_var(v, n));
            if (o >= sizeof found)
                o = sizeof found - 1;
        }
    }
    if (!found[0])
        return 0;
    return vg_conf_report(c, "LOG001", d->file, d->line, d->args[1], "LOG001.nginx",
        "%s" VG_ARG "%s", d->args[1], found);
}

static int check_cookie_flags(vg_conf_ctx *c, const vg_conf_node *d, const char *where)
{
    if (d->nargs < 2 || strcmp(d->args[1], "off") == 0)
        return 0;
    bool secure = false, httponly = false, samesite = false;
    for (size_t i = 2; i < d->nargs; i++) {
        if (strcasecmp(d->args[i], "secure") == 0)
            secure = true;
        else if (strcasecmp(d->args[i], "httponly") == 0)
            httponly = true;
        else if (strncasecmp(d->args[i], "samesite=", 9) == 0 &&
                 strcasecmp(d->args[i] + 9, "none") != 0)
            samesite = true;
    }
    if (secure && httponly && samesite)
        return 0;
    char missing[64], have[512];
    snprintf(missing, sizeof missing, "%s%s%s%s%s", secure ? "" : "secure",
             !secure && !httponly ? ", " : "", httponly ? "" : "httponly",
             (!secure || !httponly) && !samesite ? ", " : "", samesite ? "" : "samesite");
    join_args(d, 0, have, sizeof have);
    return vg_conf_report(c, "CK004", d->file, d->line, d->args[1], "CK004.nginx-proxy-flags",
        "%s" VG_ARG "%s" VG_ARG "%s" VG_ARG "%s", where, d->args[1], missing, have);
}

static int walk_any(vg_conf_ctx *c, const vg_conf_node *blk, const char *where)
{
    for (size_t i = 0; i < blk->nkids; i++) {
        const vg_conf_node *d = &blk->kids[i];
        const char *name = d->args[0];
        int rc = 0;
        if (d->block) {
            char label[300];
            if (strcmp(name, "server") == 0) {
                server_label(d, label, sizeof label);
                rc = walk_any(c, d, label);
            } else
                rc = walk_any(c, d, where);
        } else if (strcmp(name, "log_format") == 0)
            rc = check_log_format(c, d);
        else if (strcmp(name, "proxy_cookie_flags") == 0)
            rc = check_cookie_flags(c, d, where);
        else if (strcmp(name, "add_header") == 0 && d->nargs >= 3 &&
                 strcasecmp(d->args[1], "Set-Cookie") == 0) {
            char setting[600];
            snprintf(setting, sizeof setting, "add_header Set-Cookie \"%s\"", d->args[2]);
            rc = vg_conf_check_set_cookie(c, d->file, d->line, where, d->args[2], setting);
        }
        if (rc)
            return -1;
    }
    return 0;
}

/* Servers of one http block (or of a fragment read on its own). */
static int check_servers(vg_conf_ctx *c, const vg_conf_node *http, const vg_conf_node *blk)
{
    for (size_t i = 0; i < blk->nkids; i++) {
        const vg_conf_node *s = &blk->kids[i];
        if (!s->block || strcmp(s->args[0], "server") != 0)
            continue;
        const vg_conf_node *listen = tls_listen(s);
        if (!listen)
            continue;
        char where[300];
        server_label(s, where, sizeof where);
        if (check_tls(c, http, s, listen, where) || check_hsts(c, http, s, where))
            return -1;
    }
    return 0;
}

/* ssl_* set explicitly at http level is what every TLS server added later
 * (a new sites-enabled file) inherits: judge it even when no server uses
 * TLS yet. Same place and key as when a server inherits it, so it is
 * reported once either way. */
static int check_http_tls(vg_conf_ctx *c, const vg_conf_node *http)
{
    const vg_conf_node *p = find(http, "ssl_protocols"), *ci = find(http, "ssl_ciphers");
    const vg_conf_node *su = find_suites(http), *cs = NULL;
    if (!p && !ci && !su && !has(http, "ssl_conf_command"))
        return 0;
    bool en[VG_CONF_NPROTO];
    char val[1024], setting[1100];
    if (p)
        join_args(p, 1, val, sizeof val);
    else
        snprintf(val, sizeof val, "%s", NGINX_DEFAULT_PROTOCOLS);
    parse_protocols(val, en);
    snprintf(setting, sizeof setting, "ssl_protocols %s", val);
    apply_conf_cmds(http, en, &cs, setting, sizeof setting);
    if (p && vg_conf_check_protocols(c, p->file, p->line, "http", en, setting,
                                     "ssl_protocols TLSv1.2 TLSv1.3;"))
        return -1;
    char lset[1100], sset[1100];
    vg_conf_at la = {0}, sa = {0};
    if (cs) {
        snprintf(lset, sizeof lset, "ssl_conf_command CipherString %s", cs->args[2]);
        la = (vg_conf_at){cs->file, cs->line, cs->args[2], lset};
    } else if (ci && ci->nargs >= 2) {
        snprintf(lset, sizeof lset, "ssl_ciphers %s", ci->args[1]);
        la = (vg_conf_at){ci->file, ci->line, ci->args[1], lset};
    }
    if (su) {
        snprintf(sset, sizeof sset, "ssl_conf_command Ciphersuites %s", su->args[2]);
        sa = (vg_conf_at){su->file, su->line, su->args[2], sset};
    }
    return vg_conf_check_ciphers(c, "http", en, &la, &sa);
}

static int check_tree(vg_conf_ctx *c, const vg_conf_node *root, bool main_file)
{
    if (walk_any(c, root, "http"))
        return -1;
    if (!main_file)     /* a fragment: its top level stands for http { } */
        return check_servers(c, NULL, root);
    for (size_t i = 0; i < root->nkids; i++)
        if (root->kids[i].block && strcmp(root->kids[i].args[0], "http") == 0 &&
            (check_servers(c, &root->kids[i], &root->kids[i]) ||
             check_http_tls(c, &root->kids[i])))
            return -1;
    return 0;
}

static bool is_main(const vg_conf_node *root)
{
    for (size_t i = 0; i < root->nkids; i++)
        if (root->kids[i].block && (strcmp(root->kids[i].args[0], "http") == 0 ||
                                    strcmp(root->kids[i].args[0], "events") == 0))
            return true;
    return false;
}

static int check_main_tree(vg_conf_ctx *c, const vg_conf_node *root)
{
    return check_tree(c, root, true);
}

static const char *const nginx_mains[] = {"nginx.conf", NULL};
static const vg_conf_dialect nginx = {nginx_mains, read_tree, is_main, check_main_tree};

static int nginx_check(vg_conf_ctx *c, const char *path, const char *buf, size_t len)
{
    vg_conf_file *f = vg_conf_ctx_root(c, path, buf, len);
    if (!f)
        return -1;
    vg_conf_node root = {0};
    int rc = read_tree(c, f, &root);
    if (rc) {
        vg_conf_node_free(&root);
        return c->failed ? -1 : 0;      /* syntax errors are notices */
    }
    bool main_file = is_main(&root), done = false;
    if (!main_file)
        rc = vg_conf_check_via_main(c, &nginx, f, &done);
    if (!rc && !done)
        rc = check_tree(c, &root, main_file);
    vg_conf_node_free(&root);
    return rc;
}

static vg_conf_match nginx_recognise(const char *path, const char *base, const char *head,
                                     size_t n)
{
    static const char *const conf_ext[] = {"conf", "cnf", "vhost", NULL};
    if (strcmp(base, "nginx.conf") == 0 || strstr(path, "/nginx/") ||
        (vg_path_has_ext(path, conf_ext) &&
         (vg_conf_head_has(head, n, "server {") || vg_conf_head_has(head, n, "http {") ||
          vg_conf_head_has(head, n, "location ") || vg_conf_head_has(head, n, "ssl_protocols"))))
        return VG_CONF_BY_NAME;
    return VG_CONF_NOT;
}

const vg_conf_format vg_conf_format_nginx = {
    "nginx", "nginx", VG_FILE_NGINX, nginx_recognise, nginx_check, &nginx,
};
