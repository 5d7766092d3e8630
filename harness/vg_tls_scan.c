#include "vg_tls_scan.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const uint16_t versions[VG_TLS_NVERSIONS] = {VG_SSL3_0, VG_TLS1_0, VG_TLS1_1,
                                                    VG_TLS1_2, VG_TLS1_3};

typedef struct job {
    const vg_tls_endpoint *ep;
    const vg_tls_ciphers *table;
    vg_tls_version_result *res;
    int rc;
    vg_error err;
} job;

static int exchange(job *j, const vg_tls_offer *o, vg_tls_reply *rep)
{
    j->res->handshakes++;
    return vg_tls_exchange(j->ep, o, rep, &j->err);
}

/* Offer {b, a} where the server chose a before b: a server that keeps
 * choosing a imposes its own order. */
static int find_order(job *j, uint16_t version)
{
    vg_tls_version_result *r = j->res;
    uint16_t two[2] = {r->suites[1], r->suites[0]};
    vg_tls_offer o = {.version = version, .suites = two, .nsuites = 2, .sni = j->ep->sni};
    vg_tls_reply rep;
    if (exchange(j, &o, &rep))
        return -1;
    if (rep.outcome == VG_TLS_ACCEPTED && rep.version == version)
        r->order = rep.suite == r->suites[0] ? VG_TLS_ORDER_SERVER : VG_TLS_ORDER_CLIENT;
    return 0;
}

static int enumerate(job *j)
{
    vg_tls_version_result *r = j->res;
    uint16_t version = r->version;
    size_t n = 0;
    uint16_t *offer = malloc(j->table->count * sizeof *offer);
    r->suites = malloc(j->table->count * sizeof *r->suites);
    if (!offer || !r->suites) {
        free(offer);
        return vg_error_set(&j->err, VG_ENOMEM, "out of memory");
    }
    /* Stronger suites first, so a server that follows the client's order
     * shows its best choice first. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = j->table->count; i-- > 0;) {
            const vg_tls_cipher *c = &j->table->items[i];
            if (c->tls13 == (version == VG_TLS1_3) && (c->bits >= 256) == (pass == 0))
                offer[n++] = c->id;
        }
    int rc = 0;
    /* Each round removes one suite from the offer, so this ends. */
    while (n > 0) {
        vg_tls_offer o = {.version = version, .suites = offer, .nsuites = n,
                          .sni = j->ep->sni};
        vg_tls_reply rep;
        if ((rc = exchange(j, &o, &rep)))
            break;
        /* Once the server has accepted a suite, a refusal should be an
         * alert. A closed or stalled connection may be a connection limit
         * or a hiccup: ask once more before ending the list on it. */
        if (r->accepted && (rep.outcome == VG_TLS_CLOSED || rep.outcome == VG_TLS_FAILED)) {
            struct timespec pause = {0, 100 * 1000 * 1000};
            nanosleep(&pause, NULL);
            r->retried = true;
            if ((rc = exchange(j, &o, &rep)))
                break;
        }
        r->end = rep.outcome;
        if (rep.outcome == VG_TLS_ACCEPTED && rep.version != version)
            snprintf(r->end_detail, sizeof r->end_detail, "server chose %s instead",
                     vg_tls_version_name(rep.version));
        else
            memcpy(r->end_detail, rep.detail, sizeof r->end_detail);
        if (rep.outcome != VG_TLS_ACCEPTED || rep.version != version) {
            /* A lower version chosen means this one is not supported; the
             * lower one has its own scan. */
            if (rep.outcome == VG_TLS_FAILED && !(r->problem = strdup(rep.detail)))
                rc = vg_error_set(&j->err, VG_ENOMEM, "out of memory");
            break;
        }
        r->accepted = true;
        r->suites[r->nsuites++] = rep.suite;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (offer[i] != rep.suite)
                offer[k++] = offer[i];
        n = k;
    }
    free(offer);
    if (!rc && r->nsuites >= 2)
        rc = find_order(j, version);
    return rc;
}

static void *run_job(void *arg)
{
    job *j = arg;
    j->rc = enumerate(j);
    return NULL;
}

int vg_tls_scan(const vg_tls_endpoint *ep, const vg_tls_ciphers *table,
                vg_tls_scan_result *out, vg_error *err)
{
    job jobs[VG_TLS_NVERSIONS];
    pthread_t th[VG_TLS_NVERSIONS];
    bool started[VG_TLS_NVERSIONS] = {false};
    memset(out, 0, sizeof *out);
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < VG_TLS_NVERSIONS; i++) {
        out->v[i].version = versions[i];
        jobs[i] = (job){.ep = ep, .table = table, .res = &out->v[i]};
        started[i] = pthread_create(&th[i], NULL, run_job, &jobs[i]) == 0;
        if (!started[i])
            run_job(&jobs[i]);
    }
    int rc = 0;
    for (int i = 0; i < VG_TLS_NVERSIONS; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        out->handshakes += out->v[i].handshakes;
        if (jobs[i].rc && !rc) {
            rc = -1;
            vg_error_set(err, jobs[i].err.code, "%s", jobs[i].err.msg);
        }
    }
    if (rc)
        vg_tls_scan_result_free(out);
    return rc;
}

void vg_tls_scan_result_free(vg_tls_scan_result *r)
{
    for (int i = 0; i < VG_TLS_NVERSIONS; i++) {
        free(r->v[i].suites);
        free(r->v[i].problem);
    }
    memset(r, 0, sizeof *r);
}
