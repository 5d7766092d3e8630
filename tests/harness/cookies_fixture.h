#ifndef COOKIES_FIXTURE_H
#define COOKIES_FIXTURE_H
/*
 * The clinic fixture for end-to-end tests, started the way the demo starts
 * it: fixtures/clinic/run-fixture (vigie-clinic behind nginx with TLS on a
 * free loopback port, generated certificates in a temporary directory).
 * It runs in its own process group; ck_fixture_stop() ends the group and
 * removes the directory, also after a failed test (call it from .fini).
 */
#include <sys/types.h>

typedef struct ck_fixture {
    pid_t pid;               /* run-fixture, leader of its group; 0: stopped */
    char dir[64];
    char url[128];           /* https://127.0.0.1:PORT */
    char scenario[160];      /* DIR/scenario.json with target and ca filled in */
    char third_log[160];     /* access log of the third parties' loopback stand-in */
} ck_fixture;

/* mode: "compliant" or "planted". 0, or -1 with a message in err. */
int ck_fixture_start(ck_fixture *f, const char *mode, char *err, size_t errcap);
void ck_fixture_stop(ck_fixture *f);

#endif
