/*
 * The probe table. `vigie probe all` runs the probes in this order: logs
 * last, since the other probes' requests reach the access log too and it
 * looks only for its own. The scenario loader reads sections in this
 * order, so the first bad section named is the first here.
 */
#include "vg_probe_int.h"

#include <stdio.h>
#include <string.h>

static const vg_probe *const probes[] = {
    &vg_probe_def_tls, &vg_probe_def_cookies, &vg_probe_def_messages, &vg_probe_def_logs,
};
#define NPROBES (sizeof probes / sizeof probes[0])

size_t vg_probe_count(void)
{
    return NPROBES;
}

const vg_probe *vg_probe_at(size_t i)
{
    return i < NPROBES ? probes[i] : NULL;
}

const vg_probe *vg_probe_find(const char *name)
{
    for (size_t i = 0; i < NPROBES; i++)
        if (strcmp(probes[i]->name, name) == 0)
            return probes[i];
    return NULL;
}

const char *vg_probe_name(const vg_probe *p)
{
    return p->name;
}

bool vg_probe_wanted(const vg_probe *p, const vg_scenario *sc)
{
    return p->wanted(sc);
}

bool vg_probe_has_offline(const vg_probe *p)
{
    return p->offline != NULL;
}

int vg_probe_run(const vg_probe *p, const vg_probe_opts *o, vg_findings *out)
{
    vg_error err = {0};
    int rc = p->run(o, out, &err);
    if (rc >= 0)
        return rc;
    char id[64];
    snprintf(id, sizeof id, "notice.%s-error", p->name);
    return vg_findings_noticem(out, VG_LEVEL_ERROR, NULL, 0, id, "%s", err.msg) ? -1 : 1;
}

int vg_probe_all(const vg_probe_opts *o, void (*progress)(const char *name, void *ud),
                 void *ud, vg_findings *out)
{
    int failed = 0;
    for (size_t i = 0; i < NPROBES; i++) {
        if (!probes[i]->wanted(o->sc))
            continue;
        if (progress)
            progress(probes[i]->name, ud);
        failed |= vg_probe_run(probes[i], o, out) != 0;
    }
    return failed;
}

int vg_probe_offline(const vg_probe *p, const vg_probe_opts *o, vg_probe_sources *src,
                     vg_findings *out, vg_error *err)
{
    if (!p->offline)
        return vg_error_set(err, VG_EUNSUPPORTED, "probe %s has no offline mode", p->name);
    return p->offline(o, src, out, err);
}
