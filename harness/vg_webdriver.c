/*
 * W3C WebDriver client for chromedriver. Every command is one HTTP
 * request to the driver on loopback; responses are {"value": ...}, with
 * {"error", "message"} inside on failure.
 */
#include "vg_webdriver.h"
#include "vg_runtime.h"

#include <openssl/evp.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define W3C_ELEMENT "element-6066-11e4-a52e-4f735466cecf"

struct vg_wd {
    pid_t pid;               /* chromedriver, leader of its own process group */
    int port;
    long timeout_s;
    CURL *curl;
};

struct vg_wd_session {
    vg_wd *wd;
    char *id;
    char profile[64];
};

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the driver's HTTP API ---- */

typedef struct buf {
    char *data;
    size_t len;
} buf;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    buf *b = ud;
    size_t len = size * n;
    if (b->len + len > 64u * 1024 * 1024)
        return 0;
    char *g = realloc(b->data, b->len + len + 1);
    if (!g)
        return 0;
    memcpy(g + b->len, p, len);
    b->data = g;
    b->len += len;
    b->data[b->len] = '\0';
    return len;
}

/* method path [body] -> the response's "value" (new reference, may be
 * json null). Returns 0, or -1 with err naming the command. */
static int call(vg_wd *wd, const char *method, const char *path, json_t *body,
                json_t **value, vg_error *err)
{
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", wd->port, path);
    char *payload = body ? json_dumps(body, JSON_COMPACT) : NULL;
    if (body && !payload)
        return vg_error_set(err, VG_ENOMEM, "webdriver %s: out of memory", path);
    buf b = {0};
    struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
    CURL *c = wd->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, wd->timeout_s + 10);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    if (payload)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    else if (strcmp(method, "POST") == 0)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "{}");
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(hl);
    free(payload);
    if (rc != CURLE_OK) {
        free(b.data);
        return vg_error_set(err, VG_EIO, "webdriver %s %s: %s", method, path, curl_easy_strerror(rc));
    }
    json_error_t jerr;
    json_t *doc = b.data ? json_loads(b.data, 0, &jerr) : NULL;
    free(b.data);
    json_t *v = json_object_get(doc, "value");
    if (!v) {
        json_decref(doc);
        return vg_error_set(err, VG_EINPUT, "webdriver %s %s: answer is not WebDriver JSON", method, path);
    }
    const char *e = json_string_value(json_object_get(v, "error"));
    if (e) {
        const char *m = json_string_value(json_object_get(v, "message"));
        char first[300];
        snprintf(first, sizeof first, "%s", m ? m : "");
        first[strcspn(first, "\n")] = '\0';    /* drop the driver's stack trace */
        vg_error_set(err, VG_EIO, "webdriver %s %s: %s: %s", method, path, e, first);
        json_decref(doc);
        return -1;
    }
    if (value)
        *value = json_incref(v);
    json_decref(doc);
    return 0;
}

/* ---- chromedriver process ---- */

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        port = ntohs(sa.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* Driver process groups alive now, for vg_wd_emergency_stop(). */
#define MAX_DRIVERS 8
static volatile sig_atomic_t live_groups[MAX_DRIVERS];

static void track(pid_t pgid, bool alive)
{
    for (int i = 0; i < MAX_DRIVERS; i++)
        if (alive ? live_groups[i] == 0 : live_groups[i] == pgid) {
            live_groups[i] = alive ? pgid : 0;
            return;
        }
}

void vg_wd_emergency_stop(void)
{
    for (int i = 0; i < MAX_DRIVERS; i++)
        if (live_groups[i] > 0)
            kill(-(pid_t)live_groups[i], SIGKILL);
}

static pid_t spawn(const char *exe, int port)
{
    char portarg[32];
    snprintf(portarg, sizeof portarg, "--port=%d", port);
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        /* If vigie is killed outright, the driver goes too. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        execl(exe, exe, portarg, "--allowed-ips=127.0.0.1", (char *)NULL);
        _exit(127);
    }
    if (pid > 0) {
        setpgid(pid, pid);   /* both sides: no window where it is not a group */
        track(pid, true);
    }
    return pid;
}

static void reap(vg_wd *wd)
{
    if (wd->pid <= 0)
        return;
    kill(-wd->pid, SIGTERM);
    double until = now_s() + 3;
    while (waitpid(wd->pid, NULL, WNOHANG) == 0) {
        if (now_s() > until) {
            kill(-wd->pid, SIGKILL);
            waitpid(wd->pid, NULL, 0);
            break;
        }
        sleep_ms(20);
    }
    /* Browsers the driver left behind share its group: make sure. */
    kill(-wd->pid, SIGKILL);
    track(wd->pid, false);
    wd->pid = 0;
}

vg_wd *vg_wd_start(const char *chromedriver, long timeout_s, vg_error *err)
{
    const char *exe = chromedriver ? chromedriver : "/usr/bin/chromedriver";
    if (access(exe, X_OK) != 0) {
        vg_error_set(err, VG_EIO, "%s: %s (browser mode needs Debian's chromium-driver: run "
                     "scripts/setup)", exe, strerror(errno));
        return NULL;
    }
    if (vg_runtime_init()) {
        vg_error_set(err, VG_EIO, "cannot start libcurl");
        return NULL;
    }
    vg_wd *wd = calloc(1, sizeof *wd);
    if (!wd || !(wd->curl = curl_easy_init())) {
        free(wd);
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    wd->timeout_s = timeout_s;
    /* A free port can be taken between the probe and the driver's bind:
     * then the driver exits, and another port is tried. */
    for (int attempt = 0; attempt < 3; attempt++) {
        wd->port = free_port();
        wd->pid = wd->port > 0 ? spawn(exe, wd->port) : -1;
        if (wd->pid < 0)
            break;
        double until = now_s() + (double)timeout_s;
        while (now_s() < until) {
            int status;
            if (waitpid(wd->pid, &status, WNOHANG) == wd->pid) {
                wd->pid = 0;
                break;
            }
            json_t *v = NULL;
            vg_error ignored;
            if (call(wd, "GET", "/status", NULL, &v, &ignored) == 0) {
                bool ready = json_is_true(json_object_get(v, "ready"));
                json_decref(v);
                if (ready)
                    return wd;
            }
            sleep_ms(50);
        }
        reap(wd);
    }
    vg_error_set(err, VG_EIO, "%s did not start or did not answer on loopback", exe);
    curl_easy_cleanup(wd->curl);
    free(wd);
    return NULL;
}

void vg_wd_stop(vg_wd *wd)
{
    if (!wd)
        return;
    reap(wd);
    curl_easy_cleanup(wd->curl);
    free(wd);
}

/* ---- sessions ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    remove(path);
    return 0;
}

vg_wd_session *vg_wd_session_new(vg_wd *wd, const char *chromium,
                                 bool accept_insecure_certs, const char *resolver_rules,
                                 vg_error *err)
{
    vg_wd_session *s = calloc(1, sizeof *s);
    if (!s) {
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    s->wd = wd;
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 40)
        tmp = "/tmp";
    snprintf(s->profile, sizeof s->profile, "%s/vigie-chromium-XXXXXX", tmp);
    if (!mkdtemp(s->profile)) {
        vg_error_set(err, VG_EIO, "cannot create a browser profile directory: %s", strerror(errno));
        free(s);
        return NULL;
    }
    const char *bin = chromium ? chromium : "/usr/bin/chromium";
    if (access(bin, X_OK) != 0) {
        vg_error_set(err, VG_EIO, "%s: %s (browser mode needs Debian's chromium: run scripts/setup)",
                     bin, strerror(errno));
        vg_wd_session_close(s);
        return NULL;
    }
    char udd[128];
    snprintf(udd, sizeof udd, "--user-data-dir=%s", s->profile);
    /* The performance log carries the DevTools Network events: every
     * request the pages make, beacons included (vg_wd_network). */
    json_t *caps = json_pack(
        "{s:{s:{s:s, s:b, s:s, s:{s:s}, s:{s:s, s:[s,s,s,s,s,s,s,s,s,s,s,s]}}}}",
        "capabilities", "alwaysMatch", "browserName", "chrome",
        "acceptInsecureCerts", accept_insecure_certs, "pageLoadStrategy", "normal",
        "goog:loggingPrefs", "performance", "ALL",
        "goog:chromeOptions", "binary", bin, "args", "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--disable-breakpad", "--disable-crash-reporter", udd);
    if (caps && resolver_rules) {
        size_t n = strlen(resolver_rules) + 32;
        char *arg = malloc(n);
        json_t *args = json_object_get(json_object_get(json_object_get(json_object_get(
            caps, "capabilities"), "alwaysMatch"), "goog:chromeOptions"), "args");
        if (arg) {
            snprintf(arg, n, "--host-resolver-rules=%s", resolver_rules);
            json_array_append_new(args, json_string(arg));
        }
        if (!arg || json_array_size(args) != 13) {
            json_decref(caps);
            caps = NULL;
        }
        free(arg);
    }
    json_t *v = NULL;
    int rc = caps ? call(wd, "POST", "/session", caps, &v, err)
                  : vg_error_set(err, VG_ENOMEM, "out of memory");
    json_decref(caps);
    const char *id = rc ? NULL : json_string_value(json_object_get(v, "sessionId"));
    if (!id) {
        if (!rc)
            vg_error_set(err, VG_EINPUT, "webdriver: new session without a sessionId");
        json_decref(v);
        vg_wd_session_close(s);
        return NULL;
    }
    s->id = strdup(id);
    json_decref(v);
    char path[160];
    snprintf(path, sizeof path, "/session/%s/timeouts", s->id);
    long ms = wd->timeout_s * 1000;
    json_t *t = json_pack("{s:I, s:I, s:I}", "pageLoad", (json_int_t)ms, "script",
                          (json_int_t)ms, "implicit", (json_int_t)0);
    if (!s->id || !t || call(wd, "POST", path, t, NULL, err)) {
        json_decref(t);
        vg_wd_session_close(s);
        return NULL;
    }
    json_decref(t);
    return s;
}

void vg_wd_session_close(vg_wd_session *s)
{
    if (!s)
        return;
    if (s->id) {
        char path[160];
        vg_error ignored;
        snprintf(path, sizeof path, "/session/%s", s->id);
        call(s->wd, "DELETE", path, NULL, NULL, &ignored);
        free(s->id);
    }
    nftw(s->profile, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(s);
}

static int session_call(vg_wd_session *s, const char *method, const char *cmd, json_t *body,
                        json_t **value, vg_error *err)
{
    char path[512];
    snprintf(path, sizeof path, "/session/%s%s", s->id, cmd);
    return call(s->wd, method, path, body, value, err);
}

static int execute(vg_wd_session *s, bool async, const char *script, json_t *args,
                   json_t **value, vg_error *err)
{
    json_t *body = json_pack("{s:s, s:o}", "script", script, "args",
                             args ? args : json_array());
    if (!body)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    int rc = session_call(s, "POST", async ? "/execute/async" : "/execute/sync", body,
                          value, err);
    json_decref(body);
    return rc;
}

/* A click may start a navigation; wait until the new document is loaded
 * before anyone reads its cookies. */
static int wait_loaded(vg_wd_session *s, vg_error *err)
{
    double until = now_s() + (double)s->wd->timeout_s;
    while (now_s() < until) {
        json_t *v = NULL;
        if (execute(s, false, "return document.readyState", NULL, &v, err) == 0) {
            bool done = json_is_string(v) && strcmp(json_string_value(v), "complete") == 0;
            json_decref(v);
            if (done)
                return 0;
        }
        sleep_ms(50);
    }
    return vg_error_set(err, VG_EIO, "page did not finish loading in %lds", s->wd->timeout_s);
}

/* After a click: wait for the new document if one comes (a slow machine
 * may take a while to start the navigation), up to 3 s for none to come
 * (a banner that only runs scripts). */
static int wait_after_click(vg_wd_session *s, vg_error *err)
{
    double start = now_s(), until = start + (double)s->wd->timeout_s;
    while (now_s() < until) {
        json_t *v = NULL;
        vg_error ignored;
        /* Errors are expected while the old document goes away. */
        if (execute(s, false, "return [window.__vigieClicked === true, document.readyState]",
                    NULL, &v, &ignored) == 0) {
            bool same = json_is_true(json_array_get(v, 0));
            const char *state = json_string_value(json_array_get(v, 1));
            bool complete = state && strcmp(state, "complete") == 0;
            json_decref(v);
            if (complete && (!same || now_s() > start + 3))
                return 0;
        }
        sleep_ms(50);
    }
    return vg_error_set(err, VG_EIO, "page did not finish loading in %lds after a click",
                        s->wd->timeout_s);
}

int vg_wd_navigate(vg_wd_session *s, const char *url, vg_error *err)
{
    json_t *body = json_pack("{s:s}", "url", url);
    int rc = body ? session_call(s, "POST", "/url", body, NULL, err)
                  : vg_error_set(err, VG_ENOMEM, "out of memory");
    json_decref(body);
    return rc ? rc : wait_loaded(s, err);
}

/* The command path "/element/ID/ACTION" for the first element matching
 * css, in cmd (cmdsz bytes). Returns 0, or -1 with err set (VG_ENOTFOUND
 * when nothing matches). Click and type both start here. */
static int element_cmd(vg_wd_session *s, const char *css, const char *action, char *cmd,
                       size_t cmdsz, vg_error *err)
{
    json_t *v = NULL;
    json_t *body = json_pack("{s:s, s:s}", "using", "css selector", "value", css);
    if (!body)
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    int rc = session_call(s, "POST", "/element", body, &v, err);
    json_decref(body);
    if (rc)
        return vg_error_set(err, VG_ENOTFOUND, "no element matches %s on this page", css);
    const char *eid = json_string_value(json_object_get(v, W3C_ELEMENT));
    snprintf(cmd, cmdsz, "/element/%.150s/%s", eid ? eid : "?", action);
    json_decref(v);
    return 0;
}

int vg_wd_click(vg_wd_session *s, const char *css, vg_error *err)
{
    char cmd[200];
    if (element_cmd(s, css, "click", cmd, sizeof cmd, err))
        return -1;
    /* Mark the current document: a new document after the click (a form
     * submission, a link) lacks the mark. */
    if (execute(s, false, "window.__vigieClicked = true; return true", NULL, NULL, err) ||
        session_call(s, "POST", cmd, NULL, NULL, err))
        return -1;
    return wait_after_click(s, err);
}

int vg_wd_page_status(vg_wd_session *s, long *status, vg_error *err)
{
    json_t *v = NULL;
    if (execute(s, false,
                "if (location.protocol === 'chrome-error:') return 0;"
                "var e = performance.getEntriesByType('navigation')[0];"
                "return e && e.responseStatus > 0 ? e.responseStatus : -1",
                NULL, &v, err))
        return -1;
    *status = json_is_integer(v) ? (long)json_integer_value(v) : -1;
    json_decref(v);
    return 0;
}

char *vg_wd_current_url(vg_wd_session *s, vg_error *err)
{
    json_t *v = NULL;
    if (session_call(s, "GET", "/url", NULL, &v, err))
        return NULL;
    char *u = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
    if (!u)
        vg_error_set(err, VG_EINPUT, "webdriver: no current URL");
    json_decref(v);
    return u;
}

int vg_wd_cookies(vg_wd_session *s, vg_wd_cookie_cb cb, void *ud, vg_error *err)
{
    json_t *v = NULL;
    if (session_call(s, "GET", "/cookie", NULL, &v, err))
        return -1;
    int rc = json_is_array(v) ? 0 : vg_error_set(err, VG_EINPUT, "webdriver: cookies are not a list");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (rc)
            break;
        vg_wd_cookie c = {
            .name = json_string_value(json_object_get(e, "name")),
            .value = json_string_value(json_object_get(e, "value")),
            .domain = json_string_value(json_object_get(e, "domain")),
            .path = json_string_value(json_object_get(e, "path")),
            .same_site = json_string_value(json_object_get(e, "sameSite")),
            .secure = json_is_true(json_object_get(e, "secure")),
            .http_only = json_is_true(json_object_get(e, "httpOnly")),
            .expiry = json_is_integer(json_object_get(e, "expiry"))
                          ? json_integer_value(json_object_get(e, "expiry")) : -1,
        };
        if (c.name && c.value)
            rc = cb(&c, ud);
    }
    json_decref(v);
    return rc;
}

int vg_wd_resources(vg_wd_session *s, vg_wd_url_cb cb, void *ud, vg_error *err)
{
    json_t *v = NULL;
    if (execute(s, false,
                "return performance.getEntriesByType('resource')"
                ".map(function(e){return [e.name, e.initiatorType];})",
                NULL, &v, err))
        return -1;
    int rc = json_is_array(v) ? 0 : vg_error_set(err, VG_EINPUT, "webdriver: resources are not a list");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        const char *url = json_string_value(json_array_get(e, 0));
        if (!rc && url)
            rc = cb(url, json_string_value(json_array_get(e, 1)), ud);
    }
    json_decref(v);
    return rc;
}

int vg_wd_fetch(vg_wd_session *s, const char *method, const char *url, const char *body,
                char *const *headers, size_t nheaders, long *status, vg_error *err)
{
    static const char script[] =
        "var done = arguments[arguments.length - 1];"
        "var init = {method: arguments[0], headers: arguments[2], credentials: 'same-origin',"
        "            redirect: 'manual'};"
        "if (arguments[1] !== null) init.body = arguments[1];"
        "fetch(arguments[3], init).then(function (r) { done(r.status); },"
        "                                 function (e) { done('fetch failed: ' + e); });";
    json_t *h = json_object();
    bool has_type = false;
    for (size_t i = 0; h && i < nheaders; i++) {
        const char *colon = strchr(headers[i], ':');
        if (!colon)
            continue;
        char *name = strndup(headers[i], (size_t)(colon - headers[i]));
        const char *val = colon + 1;
        while (*val == ' ')
            val++;
        if (name) {
            has_type |= strcasecmp(name, "content-type") == 0;
            json_object_set_new(h, name, json_string(val));
        }
        free(name);
    }
    /* What a form (and curl) sends by default. */
    if (h && body && !has_type)
        json_object_set_new(h, "Content-Type", json_string("application/x-www-form-urlencoded"));
    json_t *args = h ? json_pack("[s, o, o, s]", method, body ? json_string(body) : json_null(),
                                 h, url) : NULL;
    if (!args) {
        json_decref(h);
        return vg_error_set(err, VG_ENOMEM, "out of memory");
    }
    json_t *v = NULL;
    int rc = execute(s, true, script, args, &v, err);
    if (!rc && !json_is_integer(v))
        rc = vg_error_set(err, VG_EINPUT, "%s %s: %s", method, url,
                          json_is_string(v) ? json_string_value(v) : "no status");
    if (!rc)
        *status = (long)json_integer_value(v);
    json_decref(v);
    return rc;
}

int vg_wd_type(vg_wd_session *s, const char *css, const char *text, vg_error *err)
{
    char cmd[200];
    if (element_cmd(s, css, "value", cmd, sizeof cmd, err))
        return -1;
    /* Key by key, as a person types: what key loggers and session
     * replay scripts listen to. */
    json_t *body = json_pack("{s:s}", "text", text);
    int rc = body ? session_call(s, "POST", cmd, body, NULL, err)
              : vg_error_set(err, VG_ENOMEM, "out of memory");
    json_decref(body);
    return rc;
}

int vg_wd_storage(vg_wd_session *s, vg_wd_storage_cb cb, void *ud, vg_error *err)
{
    /* A page that denies storage (an error page, a sandbox) throws:
     * then there is nothing to list. */
    static const char script[] =
        "var done = arguments[arguments.length - 1], out = [];"
        "function dump(kind, get) { try { var st = get();"
        "  for (var i = 0; i < st.length; i++) { var k = st.key(i);"
        "    out.push([kind, k, String(st.getItem(k))]); } } catch (e) {} }"
        "dump('localStorage', function () { return window.localStorage; });"
        "dump('sessionStorage', function () { return window.sessionStorage; });"
        "function fin() { done(out); }"
        "try { indexedDB.databases().then(function (d) {"
        "  d.forEach(function (x) { out.push(['indexedDB', x.name, '']); }); fin(); }, fin);"
        "} catch (e) { fin(); }";
    json_t *v = NULL;
    if (execute(s, true, script, NULL, &v, err))
        return -1;
    int rc = json_is_array(v) ? 0 : vg_error_set(err, VG_EINPUT, "webdriver: storage is not a list");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        const char *kind = json_string_value(json_array_get(e, 0));
        const char *name = json_string_value(json_array_get(e, 1));
        const char *value = json_string_value(json_array_get(e, 2));
        if (!rc && kind && name)
            rc = cb(kind, name, value ? value : "", ud);
    }
    json_decref(v);
    return rc;
}

/* ---- the performance log: DevTools Network events ---- */

/* One request being put together from its events. */
typedef struct pending {
    const char *id;
    json_t *will;            /* Network.requestWillBeSent params (borrowed from the log) */
    json_t *extra;           /* ...ExtraInfo headers: what went on the wire, Cookie included */
    json_t *resp_headers;    /* Network.responseReceived response.headers */
    const char *error;
} pending;

static char *headers_text(json_t *h)
{
    size_t n = 1;
    const char *k;
    json_t *v;
    json_object_foreach(h, k, v)
        n += strlen(k) + (json_is_string(v) ? strlen(json_string_value(v)) : 0) + 3;
    char *out = malloc(n), *o = out;
    if (!out)
        return NULL;
    *o = '\0';
    json_object_foreach(h, k, v)
        o += sprintf(o, "%s: %s\n", k, json_is_string(v) ? json_string_value(v) : "");
    return out;
}

static const char *header_in(json_t *h, const char *name)
{
    const char *k;
    json_t *v;
    json_object_foreach(h, k, v)
        if (strcasecmp(k, name) == 0)
            return json_string_value(v);
    return NULL;
}

/* The body: postData, or the base64 pieces of postDataEntries. */
static char *post_body(json_t *req)
{
    const char *pd = json_string_value(json_object_get(req, "postData"));
    if (pd)
        return strdup(pd);
    json_t *entries = json_object_get(req, "postDataEntries");
    if (!json_is_array(entries))
        return NULL;
    size_t cap = 1, len = 0, i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        const char *b = json_string_value(json_object_get(e, "bytes"));
        cap += b ? strlen(b) : 0;
    }
    char *out = malloc(cap);
    if (!out)
        return NULL;
    json_array_foreach(entries, i, e) {
        const char *b = json_string_value(json_object_get(e, "bytes"));
        size_t bl = b ? strlen(b) : 0;
        int got = bl && bl % 4 == 0 ? EVP_DecodeBlock((unsigned char *)out + len,
                                                      (const unsigned char *)b, (int)bl) : -1;
        if (got > 0) {
            while (got > 0 && bl && b[bl - 1] == '=')   /* padding decodes to zeros */
                got--, bl--;
            len += (size_t)got;
        }
    }
    out[len] = '\0';
    return out;
}

static int emit(const pending *p, vg_wd_request_cb cb, void *ud)
{
    json_t *req = json_object_get(p->will, "request");
    json_t *ini = json_object_get(p->will, "initiator");
    const char *url = json_string_value(json_object_get(req, "url"));
    if (!url)
        return 0;
    const char *itype = json_string_value(json_object_get(ini, "type"));
    const char *iurl = json_string_value(json_object_get(ini, "url"));
    if (!iurl) {             /* a script's request: the top frame of its stack */
        json_t *frames = json_object_get(json_object_get(ini, "stack"), "callFrames");
        iurl = json_string_value(json_object_get(json_array_get(frames, 0), "url"));
    }
    char initiator[1200];
    snprintf(initiator, sizeof initiator, "%s%s%.1000s", itype ? itype : "other",
             iurl && *iurl ? " " : "", iurl ? iurl : "");
    char *headers = headers_text(p->extra ? p->extra : json_object_get(req, "headers"));
    char *body = post_body(req);
    vg_wd_request r = {
        .url = url,
        .method = json_string_value(json_object_get(req, "method")),
        .type = json_string_value(json_object_get(p->will, "type")),
        .initiator = initiator,
        .document = json_string_value(json_object_get(p->will, "documentURL")),
        .headers = headers ? headers : "",
        .body = body,
        .response_seen = p->resp_headers != NULL,
        .referrer_policy = p->resp_headers ? header_in(p->resp_headers, "referrer-policy") : NULL,
        .error = p->error,
    };
    int rc = headers ? cb(&r, ud) : -1;
    free(headers);
    free(body);
    return rc;
}

int vg_wd_network(vg_wd_session *s, vg_wd_request_cb cb, void *ud, vg_error *err)
{
    json_t *body = json_pack("{s:s}", "type", "performance");
    json_t *v = NULL;
    int rc = body ? session_call(s, "POST", "/se/log", body, &v, err)
                  : vg_error_set(err, VG_ENOMEM, "out of memory");
    json_decref(body);
    if (rc)
        return -1;
    size_t n = json_array_size(v), np = 0;
    json_t **msgs = calloc(n ? n : 1, sizeof *msgs);
    pending *ps = calloc(n ? n : 1, sizeof *ps);
    if (!msgs || !ps)
        rc = vg_error_set(err, VG_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        const char *text = json_string_value(json_object_get(json_array_get(v, i), "message"));
        msgs[i] = text ? json_loads(text, 0, NULL) : NULL;
        json_t *m = json_object_get(msgs[i], "message");
        const char *method = json_string_value(json_object_get(m, "method"));
        json_t *params = json_object_get(m, "params");
        const char *id = json_string_value(json_object_get(params, "requestId"));
        if (!method || !id)
            continue;
        /* The newest request under this id: a redirect reuses it. */
        pending *p = NULL;
        for (size_t k = np; k-- > 0 && !p;)
            if (strcmp(ps[k].id, id) == 0)
                p = &ps[k];
        if (strcmp(method, "Network.requestWillBeSent") == 0) {
            ps[np] = (pending){.id = id, .will = params};
            /* ExtraInfo may come first: keep what it brought. */
            if (p && !p->will) {
                ps[np].extra = p->extra;
                p->id = "";
            }
            np++;
        } else if (strcmp(method, "Network.requestWillBeSentExtraInfo") == 0) {
            if (!p || p->extra)
                p = &ps[np++], *p = (pending){.id = id};
            p->extra = json_object_get(params, "headers");
        } else if (p && strcmp(method, "Network.responseReceived") == 0) {
            p->resp_headers = json_object_get(json_object_get(params, "response"), "headers");
        } else if (p && strcmp(method, "Network.loadingFailed") == 0) {
            p->error = json_string_value(json_object_get(params, "errorText"));
        }
    }
    for (size_t k = 0; !rc && k < np; k++)
        if (ps[k].will && emit(&ps[k], cb, ud))
            rc = -1;
    for (size_t i = 0; msgs && i < n; i++)
        json_decref(msgs[i]);
    free(msgs);
    free(ps);
    json_decref(v);
    return rc;
}
