#include "vg_test_nginx.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NGINX_BIN "/usr/sbin/nginx"

int vg_test_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || getsockname(fd, (struct sockaddr *)&a, &l)) {
        close(fd);
        return -1;
    }
    close(fd);
    return ntohs(a.sin_port);
}

/* Replace every @KEY@ of the template; returns malloc'd text. */
static char *expand(const char *tpl, const char *listen, const char *port, const char *dir)
{
    size_t cap = strlen(tpl) * 2 + 4096, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = tpl; *p;) {
        const char *val = NULL;
        size_t skip = 0;
        if (strncmp(p, "@LISTEN@", 8) == 0)
            val = listen, skip = 8;
        else if (strncmp(p, "@PORT@", 6) == 0)
            val = port, skip = 6;
        else if (strncmp(p, "@DIR@", 5) == 0)
            val = dir, skip = 5;
        size_t need = val ? strlen(val) : 1;
        if (len + need + 1 > cap) {
            cap = (len + need + 1) * 2;
            char *n = realloc(out, cap);
            if (!n) {
                free(out);
                return NULL;
            }
            out = n;
        }
        if (val) {
            memcpy(out + len, val, need);
            len += need;
            p += skip;
        } else
            out[len++] = *p++;
    }
    out[len] = '\0';
    return out;
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = fputs(text, f) < 0;
    return fclose(f) || rc ? -1 : 0;
}

static void read_log(const char *path, char *buf, size_t cap)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static int can_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static int try_start(vg_test_nginx *ng, const char *http_conf, char *err, size_t errcap)
{
    char listen[64], port[16], conf_path[320], *conf = NULL, *body;
    int p = vg_test_free_port();
    if (p <= 0) {
        snprintf(err, errcap, "no free port: %s", strerror(errno));
        return -1;
    }
    snprintf(port, sizeof port, "%d", p);
    snprintf(listen, sizeof listen, "127.0.0.1:%d", p);
    snprintf(ng->error_log, sizeof ng->error_log, "%s/error.log", ng->dir);
    snprintf(conf_path, sizeof conf_path, "%s/nginx.conf", ng->dir);
    if (!(body = expand(http_conf, listen, port, ng->dir)) ||
        asprintf(&conf,
                 "error_log %s/error.log;\n"
                 "events { worker_connections 256; }\n"
                 "http {\n"
                 "  access_log off;\n"
                 "  client_body_temp_path %s/tmp; proxy_temp_path %s/tmp;\n"
                 "  fastcgi_temp_path %s/tmp; uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n"
                 "%s\n}\n",
                 ng->dir, ng->dir, ng->dir, ng->dir, ng->dir, ng->dir, body) < 0) {
        free(body);
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    free(body);
    char tmpdir[300], logsdir[300];
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", ng->dir);
    snprintf(logsdir, sizeof logsdir, "%s/logs", ng->dir);
    mkdir(tmpdir, 0700);
    mkdir(logsdir, 0700);        /* nginx opens logs/error.log before reading the config */
    unlink(ng->error_log);
    if (write_file(conf_path, conf)) {
        free(conf);
        snprintf(err, errcap, "cannot write %s: %s", conf_path, strerror(errno));
        return -1;
    }
    free(conf);
    char global[400];
    snprintf(global, sizeof global, "daemon off; master_process off; pid %s/nginx.pid;", ng->dir);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errcap, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        /* Die with the test process, even if it crashes before teardown. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execl(NGINX_BIN, "nginx", "-p", ng->dir, "-c", conf_path, "-g", global, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    ng->pid = pid;
    ng->port = p;
    /* Ready when the port answers; failed when nginx exits first. */
    for (int i = 0; i < 500; i++) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            ng->pid = 0;
            char log[1200];
            read_log(ng->error_log, log, sizeof log);
            snprintf(err, errcap, "nginx exited (status %d): %s", WIFEXITED(st) ?
                     WEXITSTATUS(st) : 128 + WTERMSIG(st), log);
            return strstr(log, "Address already in use") ? 1 : -1;
        }
        if (can_connect(p))
            return 0;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    vg_test_nginx_stop(ng);
    snprintf(err, errcap, "nginx did not listen on port %d within 5 s", p);
    return -1;
}

int vg_test_nginx_start_in(vg_test_nginx *ng, const char *dir, const char *http_conf,
                           char *err, size_t errcap)
{
    memset(ng, 0, sizeof *ng);
    snprintf(ng->dir, sizeof ng->dir, "%s", dir);
    if (access(NGINX_BIN, X_OK) != 0) {
        snprintf(err, errcap, "%s not installed (Debian package nginx-light)", NGINX_BIN);
        return -1;
    }
    int rc = 1;
    for (int attempt = 0; attempt < 5 && rc == 1; attempt++)
        rc = try_start(ng, http_conf, err, errcap);
    return rc ? -1 : 0;
}

int vg_test_nginx_start(vg_test_nginx *ng, const char *http_conf, char *err, size_t errcap)
{
    char tpl[] = "/tmp/vg-nginx-XXXXXX";
    if (!mkdtemp(tpl)) {
        snprintf(err, errcap, "mkdtemp: %s", strerror(errno));
        return -1;
    }
    int rc = vg_test_nginx_start_in(ng, tpl, http_conf, err, errcap);
    ng->error_log[sizeof ng->error_log - 1] = '\0';
    /* Mark the directory as ours so cleanup removes it. */
    char mark[300];
    snprintf(mark, sizeof mark, "%s/.vg-test-nginx-owned", tpl);
    write_file(mark, "");
    return rc;
}

void vg_test_nginx_stop(vg_test_nginx *ng)
{
    if (ng->pid > 0) {
        kill(-ng->pid, SIGKILL);
        kill(ng->pid, SIGKILL);
        while (waitpid(ng->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        ng->pid = 0;
    }
}

void vg_test_nginx_cleanup(vg_test_nginx *ng)
{
    vg_test_nginx_stop(ng);
    char mark[300];
    snprintf(mark, sizeof mark, "%s/.vg-test-nginx-owned", ng->dir);
    if (ng->dir[0] && access(mark, F_OK) == 0) {
        char *cmd;
        if (asprintf(&cmd, "rm -rf '%s'", ng->dir) >= 0) {
            if (system(cmd) != 0) { /* best effort: a temp dir left behind is harmless */ }
            free(cmd);
        }
    }
}
