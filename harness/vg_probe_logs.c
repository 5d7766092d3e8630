/*
 * The access-log probe: mark, request, read what was appended, look.
 * libcurl sends; the log is read through one fixed line buffer.
 */
#include "vg_probe_logs.h"
#include "vg_probe_int.h"
#include "vg_file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "vg_detect.h"
#include "vg_probe_verdict.h"

/* A line longer than this is checked on its first LINE_CAP bytes. */
#define LINE_CAP (64u << 10)
/* Above this, the old part of the log is not read to number lines. */
#define COUNT_CAP ((off_t)4 << 30)
#define MAX_LINES_KEPT 20

/* Something the probe sent, looked for in every new line. */
typedef struct needle {
    const char *rule, *msg_id;
    const char *cat;           /* category of {cat}, or NULL */
    char *value;
    bool raw;                  /* search only the unescaped line (base64 keeps '+') */
    char shown[480];           /* masked unless show_personal_data */
    size_t who;                /* 1-based test identity; 0 for a marker */
    int first_line;            /* 0: not found */
    size_t count;
    json_t *lines;
} needle;

typedef struct lprobe {
    const vg_probe_logs_opts *o;
    vg_findings *out;
    needle *nd;
    size_t nnd;
    const char *logname;       /* the path, or "logs.command" */
    /* the line being assembled, and its decoded forms */
    char line[LINE_CAP + 1], unesc[LINE_CAP + 1], dec[LINE_CAP + 1];
    char chunk[64u << 10];     /* what is read from the log at a time */
    size_t len;
    bool skipping;             /* past LINE_CAP: drop the rest of the line */
    unsigned long long lineno; /* lines numbered so far (file line of the last one) */
    unsigned long long nlines, long_lines;
    size_t bytes;
    bool oom;
} lprobe;

/* ---- decoding ----------------------------------------------------------------- */

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t put_utf8(char *o, size_t at, size_t cap, unsigned long cp)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) b[0] = (unsigned char)cp, n = 1;
    else if (cp < 0x800) b[0] = (unsigned char)(0xC0 | cp >> 6), b[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000) b[0] = (unsigned char)(0xE0 | cp >> 12), b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
                           b[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
    else b[0] = (unsigned char)(0xF0 | cp >> 18), b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F)),
         b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
    for (size_t i = 0; i < n && at < cap; i++)
        o[at++] = (char)b[i];
    return at;
}

static long hex4(const char *s, size_t left)
{
    if (left < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

size_t vg_probe_logs_unescape(const char *format, const char *s, size_t n, char *out,
                              size_t outsz)
{
    size_t w = 0, cap = outsz ? outsz - 1 : 0;
    bool json = strcmp(format, "json") == 0, raw = strcmp(format, "raw") == 0;
    for (size_t i = 0; i < n && w < cap; i++) {
        if (raw || s[i] != '\\' || i + 1 >= n) {
            out[w++] = s[i];
            continue;
        }
        char c = s[i + 1];
        if (!json && c == 'x' && i + 3 < n && hexval((unsigned char)s[i + 2]) >= 0 &&
            hexval((unsigned char)s[i + 3]) >= 0) {
            out[w++] = (char)(hexval((unsigned char)s[i + 2]) * 16 + hexval((unsigned char)s[i + 3]));
            i += 3;
        } else if (c == '"' || c == '\\' || (json && c == '/')) {
            out[w++] = c;
            i++;
        } else if (json && (c == 'n' || c == 't' || c == 'r' || c == 'b' || c == 'f')) {
            out[w++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : '\f';
            i++;
        } else if (json && c == 'u') {
            long cp = hex4(s + i + 2, n - i - 2);
            if (cp < 0) {
                out[w++] = s[i];
                continue;
            }
            i += 5;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < n && s[i + 1] == '\\' && s[i + 2] == 'u') {
                long lo = hex4(s + i + 3, n - i - 3);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            w = put_utf8(out, w, cap, (unsigned long)cp);
        } else
            out[w++] = s[i];
    }
    if (outsz)
        out[w] = '\0';
    return w;
}

/* Query strings and form bodies as sent: %HH and '+'. */
static size_t url_decode(const char *s, size_t n, char *out)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+')
            out[w++] = ' ';
        else if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
                 hexval((unsigned char)s[i + 2]) >= 0) {
            out[w++] = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
            i += 2;
        } else
            out[w++] = s[i];
    }
    out[w] = '\0';
    return w;
}

/* ---- looking -------------------------------------------------------------------- */

static void check_line(lprobe *p)
{
    p->line[p->len] = '\0';
    size_t ul = vg_probe_logs_unescape(p->o->sc->logs.format, p->line, p->len, p->unesc,
                                       sizeof p->unesc);
    size_t dl = url_decode(p->unesc, ul, p->dec);
    p->lineno++;
    p->nlines++;
    for (size_t i = 0; i < p->nnd; i++) {
        needle *n = &p->nd[i];
        size_t vl = strlen(n->value);
        bool hit = memmem(p->unesc, ul, n->value, vl) ||
                   (!n->raw && memmem(p->dec, dl, n->value, vl));
        if (!hit)
            continue;
        if (!n->first_line)
            n->first_line = (int)(p->lineno > INT32_MAX ? INT32_MAX : p->lineno);
        if (n->count++ < MAX_LINES_KEPT)
            json_array_append_new(n->lines, json_integer((json_int_t)p->lineno));
    }
}

/* Bytes of the log, in any split: lines are assembled in the fixed buffer. */
static void feed(lprobe *p, const char *b, size_t n)
{
    p->bytes += n;
    for (size_t i = 0; i < n; i++) {
        if (b[i] == '\n') {
            if (p->len && p->line[p->len - 1] == '\r')
                p->len--;
            check_line(p);
            p->len = 0;
            p->skipping = false;
        } else if (p->len < LINE_CAP)
            p->line[p->len++] = b[i];
        else if (!p->skipping) {
            p->skipping = true;
            p->long_lines++;
        }
    }
}

static void feed_end(lprobe *p)
{
    if (p->len)                        /* a last line still being written */
        check_line(p);
    p->len = 0;
}

/* ---- the needles ------------------------------------------------------------------ */

static needle *add_needle(lprobe *p, const char *rule, const char *msg_id, const char *cat,
                          const char *value, size_t who)
{
    needle *g = realloc(p->nd, (p->nnd + 1) * sizeof *g);
    if (!g)
        return NULL;
    p->nd = g;
    needle *n = &p->nd[p->nnd];
    memset(n, 0, sizeof *n);
    n->rule = rule;
    n->msg_id = msg_id;
    n->cat = cat;
    n->who = who;
    n->value = strdup(value);
    n->lines = json_array();
    if (!n->value || !n->lines) {
        free(n->value);
        json_decref(n->lines);
        return NULL;
    }
    snprintf(n->shown, sizeof n->shown, "%s", value);
    p->nnd++;
    return n;
}

static void needles_free(lprobe *p)
{
    for (size_t i = 0; i < p->nnd; i++) {
        free(p->nd[i].value);
        json_decref(p->nd[i].lines);
    }
    free(p->nd);
}

typedef struct field {
    const char *name, *cat;
    int det;                   /* vg_detector_kind, or -1: masked as a name */
} field;

static const field fields[] = {
    {"nam", "nam", VG_DET_NAM},     {"sin", "sin", VG_DET_SIN},
    {"dob", "dob", VG_DET_DOB},     {"email", "email", VG_DET_EMAIL},
    {"phone", "phone", VG_DET_PHONE}, {"name", "name", -1},
    {"username", "username", -1},
};

static const char *field_value(const vg_scenario_identity *id, const char *name)
{
    return strcmp(name, "nam") == 0 ? id->nam : strcmp(name, "sin") == 0 ? id->sin
         : strcmp(name, "dob") == 0 ? id->dob : strcmp(name, "email") == 0 ? id->email
         : strcmp(name, "phone") == 0 ? id->phone : strcmp(name, "name") == 0 ? id->name
         : id->username;
}

static char *marker(const char *prefix)
{
    unsigned char r[8];
    char *m = malloc(strlen(prefix) + 17);
    if (!m)
        return NULL;
    if (RAND_bytes(r, sizeof r) != 1) {
        /* a repeatable marker only weakens telling runs apart */
        unsigned long long t = (unsigned long long)time(NULL) ^ (unsigned long long)getpid();
        memcpy(r, &t, sizeof r);
    }
    strcpy(m, prefix);
    for (size_t i = 0; i < sizeof r; i++)
        sprintf(m + strlen(prefix) + 2 * i, "%02x", r[i]);
    return m;
}

/* One request of the probe, with the marker cookie and Authorization. */
typedef struct sent {
    size_t reached, total;
    vg_probe_tally tally;
} sent;

static size_t discard(char *b, size_t sz, size_t n, void *ud)
{
    (void)b, (void)ud;
    return sz * n;
}

static void send_one(lprobe *p, sent *st, const char *method, const char *url,
                     const char *body, const char *cookie, const char *auth)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hd = NULL;
    char hc[300], ha[600];
    snprintf(hc, sizeof hc, "Cookie: %s", cookie);
    snprintf(ha, sizeof ha, "Authorization: %s", auth);
    hd = curl_slist_append(hd, hc);
    hd = curl_slist_append(hd, ha);
    st->total++;
    if (!h || !hd) {
        curl_slist_free_all(hd);
        curl_easy_cleanup(h);
        vg_probe_tally_add(&st->tally, false);
        return;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    if (p->o->sc->ca)
        curl_easy_setopt(h, CURLOPT_CAINFO, p->o->sc->ca);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    /* any answer is logged, a 404 as much as a 200 */
    vg_probe_tally_add(&st->tally, rc == CURLE_OK);
    if (rc == CURLE_OK)
        st->reached++;
    else
        vg_findings_noticem(p->out, VG_LEVEL_WARNING, url, 0, "notice.log-request-failed",
                            "%s" VG_ARG "%s" VG_ARG "%s", method, url, curl_easy_strerror(rc));
    if (p->o->verbose)
        fprintf(stderr, "vigie: logs %s %s -> HTTP %ld\n", method, url, status);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
}

/* "&k=v" with v escaped, appended to *q. */
static void add_param(char **q, CURL *h, const char *k, const char *v)
{
    char *e = curl_easy_escape(h, v, 0);
    size_t have = *q ? strlen(*q) : 0, n = have + strlen(k) + (e ? strlen(e) : 0) + 3;
    char *p = e ? realloc(*q, n) : NULL;
    if (p) {
        snprintf(p + have, n - have, "%s%s=%s", have ? "&" : "", k, e);
        *q = p;
    }
    curl_free(e);
}

/* Build the needles and send every request. */
static int send_all(lprobe *p, sent *st, vg_error *err)
{
    const vg_scenario *sc = p->o->sc;
    bool show = p->o->show_personal_data;
    char *ck = marker("vgck"), *bd = marker("vgbd"), *bearer = marker("vgau"), *qm = marker("vgq");
    CURL *esc = curl_easy_init();
    int rc = -1;
    needle *n;
    char cookie[64];
    if (!ck || !bd || !bearer || !qm || !esc)
        goto oom;
    snprintf(cookie, sizeof cookie, "vigie_probe=%s", ck);
    if (!add_needle(p, "LOG001", "LOG001.log-cookie", NULL, ck, 0) ||
        !add_needle(p, "LOG001", "LOG001.log-body", NULL, bd, 0) ||
        !add_needle(p, "LOG001", "LOG001.log-authorization", NULL, bearer, 0))
        goto oom;
    snprintf(p->nd[0].shown, sizeof p->nd[0].shown, "vigie_probe=%s", ck);
    snprintf(p->nd[1].shown, sizeof p->nd[1].shown, "vigie_probe=%s", bd);
    snprintf(p->nd[2].shown, sizeof p->nd[2].shown, "Bearer %s", bearer);
    size_t nid = sc->nidentities ? sc->nidentities : 1;
    for (size_t k = 0; k < nid; k++) {
        const vg_scenario_identity *id = sc->nidentities ? &sc->identities[k] : NULL;
        char *query = NULL, *body = NULL, auth[512];
        add_param(&query, esc, "vigie_probe", qm);
        add_param(&body, esc, "vigie_probe", bd);
        for (size_t f = 0; id && f < sizeof fields / sizeof fields[0]; f++) {
            const char *v = field_value(id, fields[f].name);
            if (!v || !*v)
                continue;
            add_param(&query, esc, fields[f].name, v);
            add_param(&body, esc, fields[f].name, v);
            if (!(n = add_needle(p, "LOG001", "LOG001.log-value", fields[f].cat, v, k + 1)))
                goto oom_k;
            if (!show) {
                if (fields[f].det >= 0)
                    vg_mask((vg_detector_kind)fields[f].det, v, strlen(v), n->shown,
                            sizeof n->shown);
                else
                    vg_mask_name(v, n->shown, sizeof n->shown);
            }
        }
        snprintf(auth, sizeof auth, "Bearer %s", bearer);
        if (id && id->password && *id->password) {
            add_param(&body, esc, "password", id->password);
            if (!(n = add_needle(p, "CRD004", "CRD004.log-password", NULL, id->password, k + 1)))
                goto oom_k;
            if (!show)
                snprintf(n->shown, sizeof n->shown, "********");
            if (id->username && *id->username) {
                /* Basic credentials: base64 of "user:password" */
                char up[300];
                unsigned char b64[420];
                int ul = snprintf(up, sizeof up, "%s:%s", id->username, id->password);
                if (ul > 0 && (size_t)ul < sizeof up) {
                    EVP_EncodeBlock(b64, (const unsigned char *)up, ul);
                    snprintf(auth, sizeof auth, "Basic %s", (const char *)b64);
                    if (!(n = add_needle(p, "CRD004", "CRD004.log-basic", NULL,
                                         (const char *)b64, k + 1)))
                        goto oom_k;
                    n->raw = true;
                    snprintf(n->shown, sizeof n->shown, "Basic %s", show ? (const char *)b64
                                                                          : "****");
                }
            }
        }
        if (!query || !body)
            goto oom_k;
        for (size_t i = 0; i < sc->logs.npages; i++) {
            const char *page = sc->logs.pages[i];
            char *base = vg_scenario_url(sc, page);
            size_t ul = (base ? strlen(base) : 0) + strlen(query) + 2;
            char *url = base ? malloc(ul) : NULL;
            if (!url) {
                free(base);
                goto oom_k;
            }
            snprintf(url, ul, "%s%c%s", base, strchr(page, '?') ? '&' : '?', query);
            send_one(p, st, "GET", url, NULL, cookie, auth);
            send_one(p, st, "POST", base, body, cookie, auth);
            free(url);
            free(base);
        }
        free(query);
        free(body);
        continue;
    oom_k:
        free(query);
        free(body);
        goto oom;
    }
    rc = 0;
    goto out;
oom:
    vg_error_set(err, VG_ENOMEM, "out of memory");
out:
    free(ck), free(bd), free(bearer), free(qm);
    curl_easy_cleanup(esc);
    return rc;
}

/* ---- reading ----------------------------------------------------------------------- */

static unsigned long long count_lines(FILE *f, off_t upto, char *buf, size_t bufsz)
{
    unsigned long long n = 0;
    off_t done = 0;
    while (done < upto) {
        size_t want = (size_t)(upto - done) < bufsz ? (size_t)(upto - done) : bufsz;
        size_t got = fread(buf, 1, want, f);
        if (!got)
            break;
        for (size_t i = 0; i < got; i++)
            n += buf[i] == '\n';
        done += (off_t)got;
    }
    return n;
}

static int read_file(lprobe *p, dev_t dev0, ino_t ino0, off_t size0, vg_error *err)
{
    const char *path = p->o->sc->logs.access;
    vg_error fe = {0};
    FILE *f = vg_file_fopen(path, &fe);
    struct stat st;
    if (!f || fstat(fileno(f), &st)) {
        int e = errno;
        if (f)
            fclose(f);
        return vg_error_set(err, f ? vg_error_code_errno(e) : fe.code,
                            "cannot read the access log after the probe: %s",
                            f ? strerror(e) : fe.msg);
    }
    off_t from = size0;
    if (st.st_dev != dev0 || st.st_ino != ino0 || st.st_size < size0) {
        vg_findings_noticem(p->out, VG_LEVEL_WARNING, path, 0, "notice.log-rotated", "%s", path);
        from = 0;
    }
    char *chunk = p->chunk;
    const size_t chunksz = sizeof p->chunk;
    if (from > COUNT_CAP) {
        vg_findings_noticem(p->out, VG_LEVEL_NOTE, path, 0, "notice.log-relative",
                            "%s" VG_ARG "%lld", path, (long long)COUNT_CAP);
    } else if (from > 0) {
        p->lineno = count_lines(f, from, chunk, chunksz);
    }
    if (fseeko(f, from, SEEK_SET)) {
        fclose(f);
        return vg_error_set(err, VG_EIO, "cannot seek in the access log %s: %s", path, strerror(errno));
    }
    size_t max = (size_t)p->o->sc->logs.max_bytes, left = max;
    while (left) {
        size_t got = fread(chunk, 1, left < chunksz ? left : chunksz, f);
        if (!got)
            break;
        feed(p, chunk, got);
        left -= got;
    }
    feed_end(p);
    if (!left && st.st_size - from > (off_t)max)
        vg_findings_noticem(p->out, VG_LEVEL_WARNING, path, 0, "notice.log-bounded",
                            "%s" VG_ARG "%lld" VG_ARG "%zu", path,
                            (long long)(st.st_size - from), max);
    fclose(f);
    return 0;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run logs.command; its standard output is the new lines. It is given
 * 30 s, and stopped (its whole process group) once max_bytes are read. */
static int read_command(lprobe *p, time_t since, vg_error *err)
{
    const vg_scenario_logs *l = &p->o->sc->logs;
    int fd[2];
    if (pipe(fd))
        return vg_error_set(err, VG_EIO, "logs.command: pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]), close(fd[1]);
        return vg_error_set(err, VG_EIO, "logs.command: fork: %s", strerror(errno));
    }
    if (pid == 0) {
        setpgid(0, 0);
        int nul = open("/dev/null", O_RDWR);
        dup2(nul, 0);
        dup2(fd[1], 1);
        dup2(nul, 2);
        close(fd[0]);
        char s[32];
        snprintf(s, sizeof s, "%lld", (long long)since);
        setenv("VIGIE_LOG_SINCE", s, 1);
        execl("/bin/sh", "sh", "-c", l->command, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    close(fd[1]);
    char *chunk = p->chunk;
    const size_t chunksz = sizeof p->chunk;
    size_t left = (size_t)l->max_bytes;
    bool bounded = false, timed_out = false;
    double end = now_s() + 30;
    for (;;) {
        int ms = (int)((end - now_s()) * 1000);
        if (ms <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd pf = {fd[0], POLLIN, 0};
        int r = poll(&pf, 1, ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            timed_out = r == 0;
            break;
        }
        ssize_t got = read(fd[0], chunk, left < chunksz ? left : chunksz);
        if (got <= 0)
            break;
        feed(p, chunk, (size_t)got);
        left -= (size_t)got;
        if (!left) {
            bounded = true;
            break;
        }
    }
    feed_end(p);
    close(fd[0]);
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == 0) {
        kill(-pid, SIGTERM);
        waitpid(pid, &status, 0);
    } else
        kill(-pid, SIGTERM);           /* what it may have left behind */
    if (bounded)
        vg_findings_noticem(p->out, VG_LEVEL_WARNING, NULL, 0, "notice.log-command-bounded",
                            "%d", l->max_bytes);
    else if (timed_out)
        vg_findings_noticem(p->out, VG_LEVEL_WARNING, NULL, 0, "notice.log-command-timeout",
                            "%d", 30);
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        vg_findings_noticem(p->out, VG_LEVEL_WARNING, NULL, 0, "notice.log-command-status",
                            "%d", WEXITSTATUS(status));
    return 0;
}

/* ---- reporting ------------------------------------------------------------------------ */

static int report(lprobe *p, vg_error *err)
{
    const vg_scenario *sc = p->o->sc;
    bool cmd = sc->logs.command != NULL;
    const char *uri = cmd ? sc->file : sc->logs.access;
    for (size_t i = 0; i < p->nnd; i++) {
        needle *n = &p->nd[i];
        if (!n->first_line)
            continue;
        const vg_category *k = n->cat ? vg_ruleset_category(p->o->rs, n->cat) : NULL;
        int line = cmd ? vg_scenario_line(sc, "command") : n->first_line;
        vg_finding *f = vg_findings_addm(p->out, n->rule, VG_LEVEL_NONE, uri, line, 0,
                                         k ? k->id : NULL, k ? &k->label : NULL, n->msg_id,
                                         "%s" VG_ARG "%d" VG_ARG "%s" VG_ARG "%zu", p->logname,
                                         n->first_line, n->shown, n->who);
        if (!f)
            return vg_error_set(err, VG_ENOMEM, "out of memory");
        char fp[512];
        snprintf(fp, sizeof fp, "%s|%s|%s|%s|%zu", n->rule, p->logname, n->msg_id,
                 n->cat ? n->cat : "", n->who);
        json_t *props = json_pack("{s:O,s:I,s:s}", "lines", n->lines, "count",
                                  (json_int_t)n->count, "format", sc->logs.format);
        char *pj = props ? json_dumps(props, JSON_COMPACT) : NULL;
        json_decref(props);
        int bad = !pj || vg_finding_set_fingerprint(f, fp) || vg_finding_set_props(f, pj) ||
                  vg_finding_set_logical(f, p->logname);
        free(pj);
        if (bad)
            return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    return 0;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

int vg_probe_logs_run(const vg_probe_logs_opts *o, vg_findings *out, vg_error *err)
{
    const vg_scenario *sc = o->sc;
    const vg_scenario_logs *l = &sc->logs;
    if (!sc->has_logs)
        return vg_error_set(err, VG_ENOTFOUND, "%s has no \"logs\" section", sc->file);
    lprobe *p = calloc(1, sizeof *p);
    if (!p)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    p->o = o;
    p->out = out;
    p->logname = l->access ? l->access : "logs.command";
    int rc = -1;
    struct stat st0 = {0};
    if (l->access) {
        /* the log must be readable before anything is sent: a probe that
         * cannot read it has nothing to compare */
        vg_error fe = {0};
        int fd = vg_file_open(l->access, &st0, &fe);     /* a FIFO is refused, not waited on */
        if (fd < 0) {
            vg_error_set(err, fe.code, "cannot read the access log: %s", fe.msg);
            goto out;
        }
        close(fd);
    }
    time_t since = time(NULL);
    sent s = {0};
    if (send_all(p, &s, err))
        goto out;
    if (!s.reached) {
        vg_error_set(err, VG_EIO, "no request of the logs probe reached %s: nothing was judged",
                     sc->target);
        vg_findings_notice(out, VG_LEVEL_ERROR, sc->target, 0, "%s", err->msg);
        rc = 1;
        goto out;
    }
    bool judged = !vg_probe_inconclusive(&s.tally, "logs requests", sc->target, out, err);
    sleep_ms(l->wait_ms);
    if (l->access ? read_file(p, st0.st_dev, st0.st_ino, st0.st_size, err)
                  : read_command(p, since, err))
        goto out;
    if (p->long_lines)
        vg_findings_noticem(out, VG_LEVEL_WARNING, l->access, 0, "notice.log-long-lines",
                            "%s" VG_ARG "%llu" VG_ARG "%u", p->logname, p->long_lines, LINE_CAP);
    if (!p->nlines) {
        vg_error_set(err, VG_EIO, "%s gained no line during the probe: nothing was checked",
                     p->logname);
        vg_findings_noticem(out, VG_LEVEL_ERROR, l->access, 0, "notice.log-empty",
                            "%s" VG_ARG "%s", p->logname, sc->target);
        rc = 1;
        goto out;
    }
    vg_findings_noticem(out, VG_LEVEL_NOTE, l->access, 0, "notice.log-read",
                        "%llu" VG_ARG "%zu" VG_ARG "%s", p->nlines, p->bytes, p->logname);
    if (report(p, err))
        goto out;
    if (judged && (vg_findings_checked(out, "LOG001") || vg_findings_checked(out, "CRD004"))) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        goto out;
    }
    rc = judged ? 0 : 1;
out:
    needles_free(p);
    free(p);
    return rc;
}

/* ---- the probe's descriptor: scenario section "logs", and its run ------ */

static int parse_logs(vg_json_ctx *c, json_t *root, vg_scenario *s)
{
    static const char *const keys[] = {"access", "command", "format", "pages", "wait_ms",
                                       "max_bytes", NULL};
    static const char *const formats[] = {"combined", "common", "json", "raw", NULL};
    vg_scenario_logs *l = &s->logs;
    json_t *o;
    l->wait_ms = 1000;
    l->max_bytes = 16 << 20;
    size_t old;
    int in = vg_scenario_enter(c, root, "logs", JSON_OBJECT, &o, &old);
    if (in <= 0)
        return in;
    s->has_logs = true;
    if (vg_json_check_keys(c, o, keys) || vg_scenario_get_string(c, o, "access", false, &l->access) ||
        vg_scenario_get_string(c, o, "command", false, &l->command) ||
        vg_scenario_get_string(c, o, "format", false, &l->format) ||
        vg_scenario_get_strings(c, o, "pages", &l->pages, &l->npages) ||
        vg_scenario_get_int(c, o, "wait_ms", 0, 600000, &l->wait_ms) ||
        vg_scenario_get_int(c, o, "max_bytes", 1024, 1 << 30, &l->max_bytes) || vg_scenario_resolve(c, s, &l->access))
        return -1;
    if (!l->access == !l->command)
        return vg_json_fail(c, "needs exactly one of \"access\" (the log file) and "
                               "\"command\" (a command printing the new lines)");
    bool known = !l->format;
    for (const char *const *f = formats; !known && *f; f++)
        known = strcmp(l->format, *f) == 0;
    if (!known)
        return vg_json_fail_at(c, "format", "must be combined, common, json or raw");
    if (!l->format && !(l->format = strdup("combined")))
        return vg_json_fail(c, "out of memory");
    if (vg_scenario_pages(c, &l->pages, &l->npages))
        return -1;
    vg_json_pop(c, old);
    return 0;
}

static int logs_check(vg_json_ctx *c, const vg_scenario *s)
{
    if (!s->target && s->has_logs)
        return vg_json_fail(c, "\"target\" is required by the \"logs\" section (its requests "
                               "go there)");
    return 0;
}

static void logs_release(vg_scenario *s)
{
    free(s->logs.access);
    free(s->logs.command);
    free(s->logs.format);
    vg_scenario_free_strings(s->logs.pages, s->logs.npages);
}

static bool logs_wanted(const vg_scenario *s)
{
    return s->has_logs;
}

static int logs_run(const vg_probe_opts *o, vg_findings *out, vg_error *err)
{
    vg_probe_logs_opts lo = {.rs = o->rs, .sc = o->sc,
                             .show_personal_data = o->show_personal_data,
                             .verbose = o->verbose};
    return vg_probe_logs_run(&lo, out, err);
}

const vg_probe vg_probe_def_logs = {
    .name = "logs", .parse = parse_logs, .check = logs_check, .release = logs_release,
    .wanted = logs_wanted, .run = logs_run,
};
