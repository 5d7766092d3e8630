#include "cookies_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    remove(path);
    return 0;
}

void ck_fixture_stop(ck_fixture *f)
{
    if (f->pid > 0) {
        /* run-fixture stops nginx and the clinic on SIGTERM; the group
         * kill afterwards catches anything that did not. */
        kill(-f->pid, SIGTERM);
        time_t until = time(NULL) + 5;
        while (waitpid(f->pid, NULL, WNOHANG) == 0 && time(NULL) < until)
            usleep(20000);
        kill(-f->pid, SIGKILL);
        waitpid(f->pid, NULL, WNOHANG);
        f->pid = 0;
    }
    if (f->dir[0]) {
        nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        f->dir[0] = '\0';
    }
}

int ck_fixture_start(ck_fixture *f, const char *mode, char *err, size_t errcap)
{
    memset(f, 0, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/vigie-clinic-XXXXXX");
    if (!mkdtemp(f->dir)) {
        snprintf(err, errcap, "mkdtemp: %s", strerror(errno));
        f->dir[0] = '\0';
        return -1;
    }
    int out[2];
    if (pipe(out)) {
        snprintf(err, errcap, "pipe: %s", strerror(errno));
        return -1;
    }
    char script[512], log[128];
    snprintf(script, sizeof script, "%s/fixtures/clinic/run-fixture", VG_SOURCE_DIR);
    snprintf(log, sizeof log, "%s/run-fixture.err", f->dir);
    f->pid = fork();
    if (f->pid == 0) {
        setpgid(0, 0);
        int e = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out[1], 1);
        if (e >= 0)
            dup2(e, 2);
        close(out[0]);
        execl("/bin/sh", "sh", script, "--dir", f->dir, "--mode", mode, "--clinic",
              VG_CLINIC_BIN, (char *)NULL);
        _exit(127);
    }
    if (f->pid > 0)
        setpgid(f->pid, f->pid);
    close(out[1]);
    if (f->pid < 0) {
        close(out[0]);
        snprintf(err, errcap, "fork: %s", strerror(errno));
        return -1;
    }
    /* Read its report until READY (or 30 s). */
    char buf[2048] = "";
    size_t n = 0;
    time_t until = time(NULL) + 30;
    struct pollfd p = {out[0], POLLIN, 0};
    while (!strstr(buf, "READY\n") && time(NULL) < until && n < sizeof buf - 1) {
        if (poll(&p, 1, 500) <= 0)
            continue;
        ssize_t r = read(out[0], buf + n, sizeof buf - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        buf[n] = '\0';
    }
    close(out[0]);
    const char *u = strstr(buf, "URL "), *s = strstr(buf, "SCENARIO ");
    if (!strstr(buf, "READY\n") || !u || !s) {
        char why[512] = "";
        FILE *e = fopen(log, "r");
        if (e) {
            size_t k = fread(why, 1, sizeof why - 1, e);
            why[k] = '\0';
            fclose(e);
        }
        snprintf(err, errcap, "run-fixture did not become ready: %s %s", buf, why);
        ck_fixture_stop(f);
        return -1;
    }
    sscanf(u, "URL %127s", f->url);
    sscanf(s, "SCENARIO %159s", f->scenario);
    const char *t = strstr(buf, "THIRD_PARTY ");
    if (t)
        sscanf(t, "THIRD_PARTY %*s %159s", f->third_log);
    return 0;
}
