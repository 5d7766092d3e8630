/*
 * Apache httpd configuration: directives one per line (backslash
 * continues), <Container args> ... </Container>, quotes, comments, and
 * Include / IncludeOptional globs. Each <VirtualHost> is checked with the
 * server-wide settings it inherits; <IfModule>, <Directory>, <Location>
 * and friends apply to the scope they sit in.
 */
#include "vg_conf_int.h"
#include "vg_cipher.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 16
#define MAX_FILES 512

typedef struct reader {
    vg_conf_ctx *c;
    const char *base_dir;            /* ServerRoot: the main file's directory */
    const char *stack[MAX_DEPTH];
    int depth;
    int nest;                        /* sections open, across includes */
} reader;

static int syntax(reader *r, const vg_conf_file *f, int line, const char *what)
{
    if (vg_findings_noticem(r->c->out, VG_LEVEL_WARNING, f->uri, line,
                            "notice.apache-syntax", "%s", what))
        r->c->failed = 1;
    return -1;
}

/* Split one logical line into args (quotes removed). */
static int split_args(vg_conf_node *d, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i >= n)
            break;
        char q = s[i];
        size_t start = i;
        if (q == '"' || q == '\'') {
            char *buf = malloc(n - i + 1);
            size_t o = 0;
            if (!buf)
                return -1;
            for (i++; i < n && s[i] != q; i++) {
                if (s[i] == '\\' && i + 1 < n && (s[i + 1] == q || s[i + 1] == '\\'))
                    i++;
                buf[o++] = s[i];
            }
            i++;            /* closing quote (or end of line) */
            int rc = vg_conf_node_push_arg(d, buf, o);
            free(buf);
            if (rc)
                return -1;
            continue;
        }
        while (i < n && !isspace((unsigned char)s[i]))
            i++;
        if (vg_conf_node_push_arg(d, s + start, i - start))
            return -1;
    }
    return 0;
}

static int read_lines(reader *r, const vg_conf_file *f, size_t *pos, int *line,
                      vg_conf_node *into, const char *closing);

static int read_file(reader *r, const vg_conf_file *f, vg_conf_node *into)
{
    for (int i = 0; i < r->depth; i++)
        if (strcmp(r->stack[i], f->real) == 0)
            return 0;                   /* include cycle */
    if (r->depth == MAX_DEPTH)
        return syntax(r, f, 1, "includes nested too deeply");
    r->stack[r->depth++] = f->real;
    size_t pos = 0;
    int line = 1;
    int rc = read_lines(r, f, &pos, &line, into, NULL);
    r->depth--;
    return rc;
}

static int do_include(reader *r, const vg_conf_file *f, const vg_conf_node *d,
                      vg_conf_node *into)
{
    char **paths;
    size_t n;
    bool optional = strcasecmp(d->args[0], "IncludeOptional") == 0;
    if (d->nargs != 2)
        return syntax(r, f, d->line, "Include takes one file name or pattern");
    if (vg_conf_glob(d->args[1], f, r->base_dir, &paths, &n))
        return r->c->failed = 1, -1;
    if (n == 0 && !optional && !strpbrk(d->args[1], "*?[") &&
        vg_findings_noticem(r->c->out, VG_LEVEL_WARNING, f->uri, d->line,
                            "notice.apache-include", "%s", d->args[1]))
        r->c->failed = 1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (r->c->nfiles >= MAX_FILES) {
            rc = syntax(r, f, d->line, "too many included files");
            break;
        }
        vg_conf_file *inc = vg_conf_ctx_load(r->c, paths[i], f, d->line);
        if (inc)
            rc = read_file(r, inc, into);
        else if (r->c->failed)
            rc = -1;
    }
    vg_conf_strv_free(paths, n);
    return rc;
}

/* Read directives until </closing> (or end of file when closing is NULL). */
static int read_lines(reader *r, const vg_conf_file *f, size_t *pos, int *line,
                      vg_conf_node *into, const char *closing)
{
    const char *b = f->buf;
    size_t n = f->len;
    char *logical = NULL;
    size_t cap = 0;
    while (*pos < n) {
        int start_line = *line;
        size_t len = 0;
        /* join continuation lines */
        for (;;) {
            const char *nl = memchr(b + *pos, '\n', n - *pos);
            size_t e = nl ? (size_t)(nl - b) : n;
            size_t seg = e - *pos;
            bool cont = seg && b[e - 1] == '\\';
            if (cont)
                seg--;
            if (len + seg + 2 > cap) {
                cap = (len + seg + 2) * 2;
                char *nb = realloc(logical, cap);
                if (!nb) {
                    free(logical);
                    return r->c->failed = 1, -1;
                }
                logical = nb;
            }
            memcpy(logical + len, b + *pos, seg);
            len += seg;
            logical[len] = '\0';
            *pos = nl ? e + 1 : n;
            if (nl)
                (*line)++;
            if (!cont || !nl)
                break;
        }
        char *s = logical;
        while (isspace((unsigned char)*s))
            s++;
        size_t sl = strlen(s);
        while (sl && isspace((unsigned char)s[sl - 1]))
            s[--sl] = '\0';
        if (!sl || *s == '#')
            continue;
        if (s[0] == '<' && s[1] == '/') {
            size_t nl = strcspn(s + 2, ">");
            int ok = closing && strlen(closing) == nl && strncasecmp(s + 2, closing, nl) == 0;
            char what[256];
            if (closing)
                snprintf(what, sizeof what, "</%.*s> while <%.80s> is still open",
                         (int)(nl < 80 ? nl : 80), s + 2, closing);
            else
                snprintf(what, sizeof what, "</%.*s> without its opening tag",
                         (int)(nl < 80 ? nl : 80), s + 2);
            free(logical);
            return ok ? 0 : syntax(r, f, start_line, what);
        }
        vg_conf_node d = {.line = start_line, .file = f};
        bool container = s[0] == '<';
        if (container) {
            if (s[sl - 1] != '>') {
                free(logical);
                return syntax(r, f, start_line, "container tag not closed by \">\"");
            }
            s[sl - 1] = '\0';
            s++;
        }
        if (split_args(&d, s, strlen(s)) || !d.nargs) {
            vg_conf_node_free(&d);
            free(logical);
            if (!d.nargs && container)
                return syntax(r, f, start_line, "empty container tag");
            return r->c->failed = 1, -1;
        }
        int rc = 0;
        if (!container && (strcasecmp(d.args[0], "Include") == 0 ||
                           strcasecmp(d.args[0], "IncludeOptional") == 0)) {
            rc = do_include(r, f, &d, into);
            vg_conf_node_free(&d);
        } else {
            vg_conf_node *k = vg_conf_node_add(into);
            if (!k) {
                vg_conf_node_free(&d);
                rc = r->c->failed = 1;
            } else {
                *k = d;
                if (container) {
                    k->block = true;
                    /* The tree's depth bounds every recursive walk over it. */
                    if (r->nest == VG_CONF_MAX_NEST)
                        rc = vg_conf_too_deep(r->c, f, start_line);
                    else {
                        r->nest++;
                        rc = read_lines(r, f, pos, line, k, k->args[0]);
                        r->nest--;
                    }
                }
            }
        }
        if (rc) {
            free(logical);
            return -1;
        }
    }
    free(logical);
    if (closing) {
        char what[128];
        snprintf(what, sizeof what, "end of file inside <%.100s>", closing);
        return syntax(r, f, *line, what);
    }
    return 0;
}

static int read_tree(vg_conf_ctx *c, const vg_conf_file *f, vg_conf_node *root)
{
    reader r = {.c = c};
    char *dir = vg_conf_dirname(f->uri);
    if (!dir)
        return c->failed = 1, -1;
    r.base_dir = dir;
    int rc = read_file(&r, f, root);
    free(dir);
    return rc;
}

/* ---- effective settings ------------------------------------------------- */

static bool is_name(const vg_conf_node *n, const char *name)
{
    return strcasecmp(n->args[0], name) == 0;
}

/* Last directive `name` in blk, looking through conditional and path
 * containers but not into other virtual hosts. */
static const vg_conf_node *find(const vg_conf_node *blk, const char *name)
{
    const vg_conf_node *hit = NULL;
    for (size_t i = 0; blk && i < blk->nkids; i++) {
        const vg_conf_node *k = &blk->kids[i];
        if (k->block) {
            if (!is_name(k, "VirtualHost")) {
                const vg_conf_node *h = find(k, name);
                if (h)
                    hit = h;
            }
        } else if (is_name(k, name))
            hit = k;
    }
    return hit;
}

/* SSLCipherSuite for one protocol family: "SSL" (TLS <= 1.2) or "TLSv1.3". */
static const vg_conf_node *find_suite(const vg_conf_node *blk, bool tls13)
{
    const vg_conf_node *hit = NULL;
    for (size_t i = 0; blk && i < blk->nkids; i++) {
        const vg_conf_node *k = &blk->kids[i];
        if (k->block) {
            if (!is_name(k, "VirtualHost")) {
                const vg_conf_node *h = find_suite(k, tls13);
                if (h)
                    hit = h;
            }
            continue;
        }
        if (!is_name(k, "SSLCipherSuite") || k->nargs < 2)
            continue;
        bool proto13 = k->nargs >= 3 && strcasecmp(k->args[1], "TLSv1.3") == 0;
        bool proto_ssl = k->nargs >= 3 && strcasecmp(k->args[1], "SSL") == 0;
        if ((tls13 && proto13) || (!tls13 && (proto_ssl || k->nargs == 2)))
            hit = k;
    }
    return hit;
}

static const char *suite_value(const vg_conf_node *k)
{
    if (strcasecmp(k->args[0], "SSLOpenSSLConfCmd") == 0)
        return k->args[2];
    return k->nargs >= 3 ? k->args[2] : k->args[1];
}

/* SSLOpenSSLConfCmd MinProtocol / MaxProtocol / Protocol applied to en[]
 * (noted in setting), CipherString into *cipher_string. Looks through
 * containers, not into virtual hosts. Returns true if a protocol changed. */
static bool apply_conf_cmds(const vg_conf_node *blk, bool en[VG_CONF_NPROTO],
                            const vg_conf_node **cipher_string, char *setting, size_t n)
{
    bool changed = false;
    for (size_t i = 0; blk && i < blk->nkids; i++) {
        const vg_conf_node *k = &blk->kids[i];
        if (k->block) {
            if (strcasecmp(k->args[0], "VirtualHost") != 0)
                changed |= apply_conf_cmds(k, en, cipher_string, setting, n);
            continue;
        }
        if (strcasecmp(k->args[0], "SSLOpenSSLConfCmd") != 0 || k->nargs < 3)
            continue;
        if (strcasecmp(k->args[1], "CipherString") == 0)
            *cipher_string = k;
        else if (vg_conf_ssl_cmd_protocols(k->args[1], k->args[2], en)) {
            size_t o = strlen(setting);
            snprintf(setting + o, n - o, ", then SSLOpenSSLConfCmd %s %s", k->args[1], k->args[2]);
            changed = true;
        }
    }
    return changed;
}

/* mod_ssl's SSLProtocol: "+X" adds, "-X" removes, a bare word replaces what
 * was set before. "all" is TLSv1 to TLSv1.3 (OpenSSL 3 has no SSLv3). */
static void parse_protocols(const vg_conf_node *d, bool en[VG_CONF_NPROTO])
{
    memset(en, 0, VG_CONF_NPROTO * sizeof *en);
    for (size_t i = 1; i < d->nargs; i++) {
        const char *w = d->args[i];
        char act = (*w == '+' || *w == '-') ? *w++ : '=';
        bool set[VG_CONF_NPROTO] = {false};
        if (strcasecmp(w, "all") == 0)
            for (int p = VG_CONF_TLS10; p <= VG_CONF_TLS13; p++)
                set[p] = true;
        else
            for (int p = 0; p < VG_CONF_NPROTO; p++)
                if (strcasecmp(w, vg_conf_proto_names[p]) == 0)
                    set[p] = true;
        if (act == '=')
            memset(en, 0, VG_CONF_NPROTO * sizeof *en);
        for (int p = 0; p < VG_CONF_NPROTO; p++)
            if (set[p])
                en[p] = act != '-';
    }
}

static void join_args(const vg_conf_node *d, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->nargs && o + 1 < n; i++) {
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? " " : "", d->args[i]);
        if (o >= n)
            o = n - 1;
    }
}

static bool engine_on(const vg_conf_node *blk)
{
    const vg_conf_node *e = find(blk, "SSLEngine");
    return e && e->nargs >= 2 && strcasecmp(e->args[1], "on") == 0;
}

static bool hsts_in(const vg_conf_node *blk)
{
    for (size_t i = 0; blk && i < blk->nkids; i++) {
        const vg_conf_node *k = &blk->kids[i];
        if (k->block) {
            if (!is_name(k, "VirtualHost") && hsts_in(k))
                return true;
            continue;
        }
        if (!is_name(k, "Header"))
            continue;
        for (size_t a = 1; a + 1 < k->nargs; a++)
            if (strcasecmp(k->args[a], "Strict-Transport-Security") == 0 &&
                strcasestr(k->args[a + 1], "max-age=") &&
                atol(strcasestr(k->args[a + 1], "max-age=") + 8) > 0)
                return true;
    }
    return false;
}

static int check_vhost(vg_conf_ctx *c, const vg_conf_node *global, const vg_conf_node *vh)
{
    char where[300], val[1024], setting[1200];
    const vg_conf_node *sn = find(vh, "ServerName");
    snprintf(where, sizeof where, "<VirtualHost %s>%s%s", vh->nargs > 1 ? vh->args[1] : "",
             sn && sn->nargs > 1 ? " " : "", sn && sn->nargs > 1 ? sn->args[1] : "");

    bool en[VG_CONF_NPROTO];
    const vg_conf_node *p = find(vh, "SSLProtocol");
    const char *pw = where;
    if (!p && (p = find(global, "SSLProtocol")) != NULL)
        pw = "server config";
    if (p) {
        parse_protocols(p, en);
        join_args(p, val, sizeof val);
        /* +/- and bare words combine: say what the line amounts to */
        char eff[80] = "";
        for (int i = 0; i < VG_CONF_NPROTO; i++)
            if (en[i])
                snprintf(eff + strlen(eff), sizeof eff - strlen(eff), "%s%s",
                         eff[0] ? " " : "", vg_conf_proto_names[i]);
        snprintf(setting, sizeof setting, "%s, which enables %s", val, eff[0] ? eff : "nothing");
    } else {
        vg_conf_node def = {0};
        char *args[] = {"SSLProtocol", "all", "-SSLv3"};
        def.args = args;
        def.nargs = 3;
        parse_protocols(&def, en);
        snprintf(setting, sizeof setting, "SSLProtocol all -SSLv3 (mod_ssl default: none is set)");
    }
    /* SSLOpenSSLConfCmd (server-wide, then the host's) has the last word */
    const vg_conf_node *cmd_cs = NULL;
    bool cmd_cs_global = false;
    if (apply_conf_cmds(global, en, &cmd_cs, setting, sizeof setting) && !p)
        pw = "server config";
    cmd_cs_global = cmd_cs != NULL;
    const vg_conf_node *vh_cs = NULL;
    if (apply_conf_cmds(vh, en, &vh_cs, setting, sizeof setting))
        pw = where;
    if (vh_cs) {
        cmd_cs = vh_cs;
        cmd_cs_global = false;
    }
    const vg_conf_node *pat = p ? p : vh;
    if (vg_conf_check_protocols(c, pat->file, pat->line, pw, en, setting,
                                "SSLProtocol -all +TLSv1.2 +TLSv1.3"))
        return -1;

    const vg_conf_node *cs = find_suite(vh, false), *s13 = find_suite(vh, true);
    bool cs_global = !cs && (cs = find_suite(global, false)) != NULL;
    if (cmd_cs) {
        cs = cmd_cs;
        cs_global = cmd_cs_global;
    }
    bool s13_global = !s13 && (s13 = find_suite(global, true)) != NULL;
    char lset[1200], sset[1200];
    if (cs)
        join_args(cs, lset, sizeof lset);
    else
        snprintf(lset, sizeof lset, "OpenSSL's default cipher list (no SSLCipherSuite is set)");
    if (s13)
        join_args(s13, sset, sizeof sset);
    else
        snprintf(sset, sizeof sset, "OpenSSL's default TLS 1.3 ciphersuites %s (no "
                 "SSLCipherSuite TLSv1.3 is set)", vg_cipher_default_suites());
    vg_conf_at la = {cs ? cs->file : vh->file, cs ? cs->line : vh->line,
                     cs ? suite_value(cs) : NULL, lset};
    vg_conf_at sa = {s13 ? s13->file : vh->file, s13 ? s13->line : vh->line,
                     s13 ? suite_value(s13) : NULL, sset};
    if (vg_conf_check_ciphers(c, cs_global ? "server config" : where, en, &la, NULL) ||
        vg_conf_check_ciphers(c, s13_global ? "server config" : where, en, NULL, &sa))
        return -1;

    if (!hsts_in(vh) && !hsts_in(global) &&
        vg_conf_report_level(c, VG_LEVEL_WARNING, "TLS005", vh->file, vh->line, where,
            "TLS005.apache-no-hsts", "%s", where))
        return -1;
    return 0;
}

/* ---- directives checked wherever they appear --------------------------- */

/* mod_log_config fields beyond the automatic-exchange list. */
static int check_log_format(vg_conf_ctx *c, const vg_conf_node *d, const char *fmt,
                            const char *name)
{
    static const struct { const char *pat; const char *why; } tab[] = {
        {"%{cookie}i", "cookies"}, {"%{authorization}i", "credentials"},
        {"%{proxy-authorization}i", "credentials"}, {"%{set-cookie}o", "cookies"},
        {"%q", "the query string"}, {"%{ssl_client_s_dn}x", "the client's name"},
        {"%{ssl_client_cert}x", "the client certificate"},
    };
    char found[512] = "";
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcasestr(fmt, tab[i].pat) && strlen(found) + 80 < sizeof found)
            snprintf(found + strlen(found), sizeof found - strlen(found), "%s%s (%s)",
                     found[0] ? ", " : "", tab[i].pat, tab[i].why);
    /* %{NAME}C logs one cookie */
    for (const char *p = strstr(fmt, "%{"); p; p = strstr(p + 2, "%{")) {
        const char *e = strchr(p, '}');
        if (e && e[1] == 'C' && strlen(found) + 80 < sizeof found) {
            snprintf(found + strlen(found), sizeof found - strlen(found), "%s%.*s (a cookie)",
                     found[0] ? ", " : "", (int)(e - p + 2 < 60 ? e - p + 2 : 60), p);
        }
    }
    if (!found[0])
        return 0;
    return vg_conf_report(c, "LOG001", d->file, d->line, name, "LOG001.apache",
        "%s" VG_ARG "%s" VG_ARG "%s", d->args[0], name, found);
}

static int walk_any(vg_conf_ctx *c, const vg_conf_node *blk, const char *where)
{
    for (size_t i = 0; i < blk->nkids; i++) {
        const vg_conf_node *d = &blk->kids[i];
        int rc = 0;
        if (d->block) {
            char label[300];
            if (is_name(d, "VirtualHost")) {
                snprintf(label, sizeof label, "<VirtualHost %s>", d->nargs > 1 ? d->args[1] : "");
                rc = walk_any(c, d, label);
            } else
                rc = walk_any(c, d, where);
        } else if (is_name(d, "LogFormat") && d->nargs >= 2)
            rc = check_log_format(c, d, d->args[1], d->nargs >= 3 ? d->args[2] : "(default)");
        else if (is_name(d, "CustomLog") && d->nargs >= 3 && strchr(d->args[2], '%'))
            rc = check_log_format(c, d, d->args[2], d->args[1]);
        else if (is_name(d, "Header") && d->nargs >= 4) {
            /* Header [always|onsuccess] set|add|append|merge Set-Cookie value */
            size_t a = 1;
            if (strcasecmp(d->args[a], "always") == 0 || strcasecmp(d->args[a], "onsuccess") == 0)
                a++;
            if (a + 2 < d->nargs &&
                (strcasecmp(d->args[a], "set") == 0 || strcasecmp(d->args[a], "add") == 0 ||
                 strcasecmp(d->args[a], "append") == 0 || strcasecmp(d->args[a], "merge") == 0) &&
                strcasecmp(d->args[a + 1], "Set-Cookie") == 0) {
                char setting[600];
                snprintf(setting, sizeof setting, "Header %s Set-Cookie \"%.500s\"", d->args[a],
                         d->args[a + 2]);
                rc = vg_conf_check_set_cookie(c, d->file, d->line, where, d->args[a + 2],
                                              setting);
            }
        }
        if (rc)
            return -1;
    }
    return 0;
}

/* Virtual hosts, wherever containers put them. */
static int check_vhosts(vg_conf_ctx *c, const vg_conf_node *root, const vg_conf_node *blk,
                        bool global_on)
{
    for (size_t i = 0; i < blk->nkids; i++) {
        const vg_conf_node *k = &blk->kids[i];
        if (!k->block)
            continue;
        if (is_name(k, "VirtualHost")) {
            const vg_conf_node *e = find(k, "SSLEngine");
            bool on = e ? (e->nargs >= 2 && strcasecmp(e->args[1], "on") == 0) : global_on;
            if (on && check_vhost(c, root, k))
                return -1;
        } else if (check_vhosts(c, root, k, global_on))
            return -1;
    }
    return 0;
}

static int check_tree(vg_conf_ctx *c, const vg_conf_node *root)
{
    if (walk_any(c, root, "server config"))
        return -1;
    return check_vhosts(c, root, root, engine_on(root));
}

static bool is_main_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return strcmp(b, "apache2.conf") == 0 || strcmp(b, "httpd.conf") == 0;
}

/* Debian keeps SSLProtocol in mods-enabled/ssl.conf: a virtual host's
 * fragment is checked through apache2.conf to get it. */
static const char *const apache_mains[] = {"apache2.conf", "httpd.conf", "conf/httpd.conf", NULL};
static const vg_conf_dialect apache = {apache_mains, read_tree, NULL, check_tree};

static int apache_check(vg_conf_ctx *c, const char *path, const char *buf, size_t len)
{
    vg_conf_file *f = vg_conf_ctx_root(c, path, buf, len);
    if (!f)
        return -1;
    vg_conf_node root = {0};
    int rc = read_tree(c, f, &root);
    if (rc) {
        vg_conf_node_free(&root);
        return c->failed ? -1 : 0;
    }
    bool done = false;
    if (!is_main_name(path))
        rc = vg_conf_check_via_main(c, &apache, f, &done);
    if (!rc && !done)
        rc = check_tree(c, &root);
    vg_conf_node_free(&root);
    return rc;
}

static vg_conf_match apache_recognise(const char *path, const char *base, const char *head,
                                      size_t n)
{
    if (strcmp(base, "httpd.conf") == 0 || strcmp(base, "apache2.conf") == 0 ||
        strstr(path, "/apache2/") || strstr(path, "/httpd/") ||
        vg_conf_head_has(head, n, "<VirtualHost") || vg_conf_head_has(head, n, "SSLProtocol") ||
        vg_conf_head_has(head, n, "LoadModule "))
        return VG_CONF_BY_NAME;
    return VG_CONF_NOT;
}

const vg_conf_format vg_conf_format_apache = {
    "apache", "Apache httpd", VG_FILE_APACHE, apache_recognise, apache_check, &apache,
};
