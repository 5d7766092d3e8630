/*
 * Offline sources (mbox, Maildir, .eml) and `vigie probe messages` on
 * them through the command line.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vg_msgsrc.h"

static char dir[64];

static void mkdir_tmp(void)
{
    snprintf(dir, sizeof dir, "/tmp/vg-msgsrc-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void rm_tmp(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static void write_file(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f, "%s", p);
    fputs(text, f);
    fclose(f);
}

typedef struct seen {
    int n;
    char names[8][128];
    char bodies[8][512];
} seen;

static int collect(const char *uri, const char *name, const char *raw, size_t len, void *ud)
{
    seen *s = ud;
    (void)uri;
    if (s->n < 8) {
        snprintf(s->names[s->n], sizeof s->names[0], "%s", name);
        snprintf(s->bodies[s->n], sizeof s->bodies[0], "%.*s", (int)len, raw);
    }
    s->n++;
    return 0;
}

static const char mbox[] =
    "From portail@clinique.test Mon Jan  5 10:00:00 2026\n"
    "Subject: un\n\nLigne\n>From the start of a line\n>>From twice quoted\n\n"
    "From portail@clinique.test Mon Jan  5 10:01:00 2026\n"
    "Subject: deux\n\nNAS : 130 692 544\n\n"
    "From portail@clinique.test Mon Jan  5 10:02:00 2026\n"
    "Subject: trois\n\nfin\n";

TestSuite(msgsrc, .init = mkdir_tmp, .fini = rm_tmp);

Test(msgsrc, mbox_is_split_on_from_lines_and_unquoted)
{
    write_file("a.mbox", mbox);
    char p[256];
    snprintf(p, sizeof p, "%s/a.mbox", dir);
    seen s = {0};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err = {0};
    cr_assert_eq(vg_msgsrc_mbox(p, VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), 0, "%s", err.msg);
    cr_assert_eq(s.n, 3);
    cr_assert_str_eq(s.names[1], "mbox message 2 (line 8)");
    cr_assert_not_null(strstr(s.bodies[0], "\nFrom the start of a line\n>From twice quoted\n"),
                       "%s", s.bodies[0]);
    cr_assert_not_null(strstr(s.bodies[1], "Subject: deux"));
    cr_assert_eq(fs.nnotices, 0);
    vg_findings_free(&fs);
}

Test(msgsrc, oversized_mbox_message_is_skipped_with_a_notice)
{
    write_file("a.mbox", mbox);
    char p[256];
    snprintf(p, sizeof p, "%s/a.mbox", dir);
    seen s = {0};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err = {0};
    cr_assert_eq(vg_msgsrc_mbox(p, 40, collect, &s, &fs, &err), 0);
    cr_assert_eq(s.n, 2);                 /* the first one is 80 bytes */
    cr_assert_eq(fs.nnotices, 1);
    cr_assert_not_null(strstr(fs.notices[0].message, "larger than 40 bytes"));
    vg_findings_free(&fs);
}

Test(msgsrc, maildir_reads_new_and_cur_in_name_order)
{
    char p[256];
    snprintf(p, sizeof p, "%s/md", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/md/cur", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/md/new", dir);
    mkdir(p, 0700);
    write_file("md/cur/2.x:2,S", "Subject: cur2\n\nb\n");
    write_file("md/cur/1.x:2,S", "Subject: cur1\n\na\n");
    write_file("md/new/3.x", "Subject: new3\n\nc\n");
    write_file("md/new/.hidden", "Subject: hidden\n\nc\n");
    snprintf(p, sizeof p, "%s/md", dir);
    seen s = {0};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err = {0};
    cr_assert_eq(vg_msgsrc_maildir(p, VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), 0);
    cr_assert_eq(s.n, 3);
    cr_assert_not_null(strstr(s.bodies[0], "new3"));
    cr_assert_not_null(strstr(s.bodies[1], "cur1"));
    cr_assert_not_null(strstr(s.bodies[2], "cur2"));
    cr_assert_eq(vg_msgsrc_maildir(dir, VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), -1);
    cr_assert_not_null(strstr(err.msg, "not a Maildir"));
    vg_findings_free(&fs);
}

Test(msgsrc, an_oversized_line_skips_its_message_and_not_the_next)
{
    /* message 2 holds one line far over the cap: it is dropped as it is
     * read (never held whole) and messages 1 and 3 are still handed over */
    char p[256];
    snprintf(p, sizeof p, "%s/long.mbox", dir);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs("From a@b.test Mon Jan  5 10:00:00 2026\nSubject: un\n\nok\n\n", f);
    fputs("From a@b.test Mon Jan  5 10:01:00 2026\nSubject: deux\n\n", f);
    for (int i = 0; i < 100000; i++)
        fputs("xxxxxxxxxx", f);
    fputs("\n\nFrom a@b.test Mon Jan  5 10:02:00 2026\nSubject: trois\n\nfin\n", f);
    fclose(f);
    seen s = {0};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err = {0};
    cr_assert_eq(vg_msgsrc_mbox(p, 4096, collect, &s, &fs, &err), 0, "%s", err.msg);
    cr_assert_eq(s.n, 2);
    cr_expect(strstr(s.bodies[0], "Subject: un"));
    cr_expect(strstr(s.bodies[1], "Subject: trois"));
    cr_assert_eq(fs.nnotices, 1);
    cr_expect(strstr(fs.notices[0].message, "mbox message 2 is larger than 4096 bytes"), "%s",
              fs.notices[0].message);
    vg_findings_free(&fs);
}

Test(msgsrc, unreadable_files_are_notices_and_the_others_are_read)
{
    char fifo[256], good[256], md[256];
    snprintf(fifo, sizeof fifo, "%s/pipe.eml", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    write_file("good.eml", "Subject: bon\n\ncorps\n");
    snprintf(good, sizeof good, "%s/good.eml", dir);
    seen s = {0};
    vg_findings fs;
    vg_findings_init(&fs);
    vg_error err = {0};
    cr_assert_eq(vg_msgsrc_eml(fifo, VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), 0, "%s",
                 err.msg);
    cr_assert_eq(vg_msgsrc_mbox(fifo, VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), 0);
    cr_assert_eq(vg_msgsrc_mbox("/dev/zero", VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), 0);
    cr_assert_eq(vg_msgsrc_eml(good, VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), 0);
    cr_assert_eq(s.n, 1);
    cr_assert_eq(fs.nnotices, 3);
    for (size_t i = 0; i < 3; i++)
        cr_expect(strstr(fs.notices[i].message, "not a regular file"), "%s",
                  fs.notices[i].message);
    /* a FIFO in a Maildir is one more notice, not a wait */
    snprintf(md, sizeof md, "%s/md", dir);
    mkdir(md, 0700);
    snprintf(md, sizeof md, "%s/md/new", dir);
    mkdir(md, 0700);
    write_file("md/new/1.x", "Subject: md\n\nb\n");
    snprintf(md, sizeof md, "%s/md/new/2.x", dir);
    cr_assert_eq(mkfifo(md, 0600), 0);
    snprintf(md, sizeof md, "%s/md", dir);
    cr_assert_eq(vg_msgsrc_maildir(md, VG_MSGSRC_MAX_SIZE, collect, &s, &fs, &err), 0);
    cr_assert_eq(s.n, 2);
    cr_assert_eq(fs.nnotices, 4);
    vg_findings_free(&fs);
}

static int run(const char *args, char *out, size_t outsz)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "LC_ALL=C %s probe messages %s 2>&1", VIGIE_BIN, args);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t n = fread(out, 1, outsz - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(msgsrc, cli_checks_an_mbox_and_exits_1_on_findings)
{
    write_file("a.mbox", mbox);
    char args[256], out[8192];
    snprintf(args, sizeof args, "--mbox %s/a.mbox -f text", dir);
    cr_assert_eq(run(args, out, sizeof out), 1, "%s", out);
    cr_assert_not_null(strstr(out, "MSG001"), "%s", out);
    cr_assert_not_null(strstr(out, "*** *** *44"), "%s", out);
    cr_assert_null(strstr(out, "130 692"), "%s", out);
    cr_assert_not_null(strstr(out, "(mbox message 2 (line 8))"), "%s", out);
}

Test(msgsrc, cli_several_eml_files_and_usage_errors)
{
    write_file("a.eml", "Message-ID: <a@x>\nTo: info@clinique.test\n\nmot de passe : Zz-1234\n");
    write_file("b.eml", "Message-ID: <b@x>\nTo: m@example.test\n\nBonjour\n");
    char args[256], out[8192];
    snprintf(args, sizeof args, "--eml %s/a.eml %s/b.eml", dir, dir);
    cr_assert_eq(run(args, out, sizeof out), 1, "%s", out);
    cr_assert_not_null(strstr(out, "CRD003"), "%s", out);
    snprintf(args, sizeof args, "--eml %s/b.eml", dir);
    cr_assert_eq(run(args, out, sizeof out), 0, "%s", out);
    cr_assert_eq(run("", out, sizeof out), 2);
    snprintf(args, sizeof args, "--maildir %s/none", dir);
    cr_assert_eq(run(args, out, sizeof out), 2, "%s", out);
    cr_assert_eq(run("--help", out, sizeof out), 0);
    cr_assert_not_null(strstr(out, "--mbox FILE"));
}

/* ---- live mode through the command line, without the fixture ---------------------- */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    socklen_t l = sizeof sa;
    bind(fd, (struct sockaddr *)&sa, sizeof sa);
    getsockname(fd, (struct sockaddr *)&sa, &l);
    close(fd);
    return ntohs(sa.sin_port);
}

typedef struct upload {
    const char *s;
    size_t off;
} upload;

static size_t read_cb(char *b, size_t sz, size_t nm, void *ud)
{
    upload *u = ud;
    size_t n = strlen(u->s + u->off);
    if (n > sz * nm)
        n = sz * nm;
    memcpy(b, u->s + u->off, n);
    u->off += n;
    return n;
}

static CURLcode send_mail(int port, const char *msg)
{
    CURL *h = curl_easy_init();
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d/test", port);
    struct curl_slist *rc = curl_slist_append(NULL, "<marie@example.test>");
    upload u = {msg, 0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, "<a@b.test>");
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rc);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    CURLcode r = curl_easy_perform(h);
    curl_slist_free_all(rc);
    curl_easy_cleanup(h);
    return r;
}

Test(msgsrc, cli_live_mode_checks_mail_that_arrives_and_stops_at_expect)
{
    int port = free_port();
    char scen[256];
    snprintf(scen, sizeof scen, "{\"messages\":{\"smtp_listen\":\"127.0.0.1:%d\","
             "\"identities\":[{\"sin\":\"565 632 122\"}],\"wait_ms\":20000}}", port);
    write_file("live.json", scen);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "LC_ALL=C %s probe messages --scenario %s/live.json --expect 1 -f text "
             "-o %s/live.txt", VIGIE_BIN, dir, dir);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    /* send one mail with libcurl once the capture listens */
    CURLcode rc = CURLE_COULDNT_CONNECT;
    for (int i = 0; i < 100 && rc == CURLE_COULDNT_CONNECT; i++) {
        rc = send_mail(port, "Subject: NAS\r\n\r\nVotre NAS : 565 632 122\r\n");
        if (rc == CURLE_COULDNT_CONNECT)
            usleep(100000);
    }
    cr_assert_eq(rc, CURLE_OK, "could not deliver to the capture: %s", curl_easy_strerror(rc));
    time_t t0 = time(NULL);
    int st = pclose(p);
    cr_assert(WIFEXITED(st));
    cr_assert_eq(WEXITSTATUS(st), 1);
    cr_assert_lt(time(NULL) - t0, 15, "--expect 1 did not end the wait");
    char path[256], out[4096] = "";
    snprintf(path, sizeof path, "%s/live.txt", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = '\0';
    fclose(f);
    cr_assert_not_null(strstr(out, "MSG001"), "%s", out);
    cr_assert_not_null(strstr(out, "to m\u2022\u2022\u2022@example.test"), "%s", out);
}

Test(msgsrc, cli_live_mode_unreachable_target_is_an_error_not_a_pass)
{
    char scen[256];
    snprintf(scen, sizeof scen, "{\"target\":\"http://127.0.0.1:%d\",\"messages\":{"
             "\"smtp_listen\":\"127.0.0.1:0\",\"triggers\":[{\"method\":\"POST\","
             "\"path\":\"/x\",\"body\":\"a\"}],\"wait_ms\":100}}", free_port());
    write_file("down.json", scen);
    char args[256], out[4096];
    snprintf(args, sizeof args, "--scenario %s/down.json", dir);
    cr_assert_eq(run(args, out, sizeof out), 2, "%s", out);
    cr_assert_not_null(strstr(out, "no trigger reached the target"), "%s", out);
}

Test(msgsrc, cli_reads_a_postcat_dump_with_its_marker_lines)
{
    write_file("q.eml", "*** MESSAGE CONTENTS deferred/4B2C31A0F2 ***\n"
                        "Message-ID: <q1@clinique.test>\nTo: marie@example.test\n"
                        "Subject: rappel\n\nNAS : 130 692 544\n"
                        "*** HEADER EXTRACTED deferred/4B2C31A0F2 ***\n");
    char args[256], out[8192];
    snprintf(args, sizeof args, "--eml %s/q.eml", dir);
    cr_assert_eq(run(args, out, sizeof out), 1, "%s", out);
    cr_assert_not_null(strstr(out, "message <q1@clinique.test> to m\u2022\u2022\u2022@example.test, part 1"),
                       "%s", out);
}

Test(msgsrc, cli_offline_identities_come_from_a_scenario)
{
    write_file("ids.json", "{\"identities\":[{\"name\":\"Marie Gagnon\",\"nam\":\"GAGM 8562 3016\"}]}");
    /* split over a line break and without spaces: only the identity finds it */
    write_file("i.eml", "Message-ID: <i1@x>\nTo: marie@example.test\n\nDossier GAGM8562\n3016\n");
    char args[512], out[8192];
    snprintf(args, sizeof args, "--eml %s/i.eml", dir);
    cr_assert_eq(run(args, out, sizeof out), 0, "%s", out);
    snprintf(args, sizeof args, "--eml %s/i.eml --identities %s/ids.json", dir, dir);
    cr_assert_eq(run(args, out, sizeof out), 1, "%s", out);
    cr_assert_not_null(strstr(out, "test identity #1"), "%s", out);
}
