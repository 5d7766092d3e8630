/*
 * Compliant flows as findings (see vg_flow_pass.h). Each names the rule
 * that would have applied to the flow, so the inventory can show the
 * clause it complies with: the sink's rule (LOG002 for a log, MSG001 for
 * email...), for a sanitized value CRD004 (credentials: never exposed,
 * kept hashed) or DSC001 (anything else: not disclosed).
 */
#include "vg_flow_pass.h"

#include <stdio.h>
#include <string.h>

static const char *sink_rule(const vg_category *c, int kind)
{
    static const char *const by_kind[VG_SINK__COUNT] = {
        [VG_SINK_LOG] = "LOG002", [VG_SINK_EMAIL] = "MSG001", [VG_SINK_SMS] = "MSG002",
        [VG_SINK_VOICE] = "MSG003", [VG_SINK_COOKIE] = "CK003", [VG_SINK_URL] = "DSC002",
        [VG_SINK_HTTP] = "DSC001", [VG_SINK_SOCKET] = "TLS005"};
    if (kind < 0 || kind >= VG_SINK__COUNT)
        return NULL;
    if (c->credential && (kind == VG_SINK_LOG || kind == VG_SINK_COOKIE ||
                          kind == VG_SINK_URL || kind == VG_SINK_HTTP))
        return "CRD004";
    return by_kind[kind];
}

/* The same flow again (another caller reaching the same line, the same
 * loop body): the engine's reporting pass can see it several times.
 * Records of one function are appended together, so looking back over
 * the last few is enough. */
static int already(const vg_findings *out, const char *rule, const char *file, int line,
                   const char *fp)
{
    for (size_t i = out->count, k = 0; i-- > 0 && k < 64; k++) {
        const vg_finding *f = &out->items[i];
        if (f->loc.line == line && vg_finding_is_pass(f) && !strcmp(f->rule_id, rule) &&
            f->loc.uri && !strcmp(f->loc.uri, file) && f->fingerprint &&
            !strcmp(f->fingerprint, fp))
            return 1;
    }
    return 0;
}

static int record(vg_findings *out, const vg_ruleset *rs, const char *rule, const char *msg_id,
                  const char *how, const char *file, int line, int col, const char *fn,
                  const char *callee, int cat, int kind, const vg_flow_src *src)
{
    if (!rule || cat < 0 || (size_t)cat >= rs->ncategories || !file)
        return 0;
    const vg_category *c = &rs->categories[cat];
    const char *smsg = src && src->msg ? src->msg : "?";
    char fp[512], props[256];
    snprintf(fp, sizeof fp, "pass:%s:%s:%s:%s:%s", how, fn ? fn : "", callee ? callee : "",
             c->id, smsg);
    if (already(out, rule, file, line, fp))
        return 0;
    if (kind >= 0)
        snprintf(props, sizeof props, "{\"category\":\"%s\",\"sink\":\"%s\",\"" VG_PASS_KEY
                 "\":\"%s\"}", c->id, vg_sink_kind_name((vg_sink_kind)kind), how);
    else
        snprintf(props, sizeof props, "{\"category\":\"%s\",\"sanitizer\":\"%s\",\""
                 VG_PASS_KEY "\":\"%s\"}", c->id, callee ? callee : "", how);
    vg_finding *f = vg_findings_addm(out, rule, VG_LEVEL_NONE, file, line, col, c->id, &c->label,
        msg_id, "%s" VG_ARG "%s" VG_ARG "%d" VG_ARG "%s" VG_ARG "%s", smsg,
        src && src->file ? src->file : "?", src ? src->line : 0, callee ? callee : "?",
        fn ? fn : "?");
    if (!f || (fn && vg_finding_set_logical(f, fn)) || vg_finding_set_fingerprint(f, fp) ||
        vg_finding_set_props(f, props))
        return -1;
    if (src && src->file && src->msg &&
        vg_finding_add_step(f, src->file, src->line, src->col, src->msg))
        return -1;
    return 0;
}

int vg_flow_pass_sink(vg_findings *out, const vg_ruleset *rs, const char *file, int line,
                      int col, const char *fn, const char *callee, int cat, int kind,
                      const vg_flow_src *src)
{
    if (cat < 0 || (size_t)cat >= rs->ncategories)
        return 0;
    return record(out, rs, sink_rule(&rs->categories[cat], kind), "pass.sink", "allowed", file,
                  line, col, fn, callee, cat, kind, src);
}

int vg_flow_pass_sanitized(vg_findings *out, const vg_ruleset *rs, const char *file, int line,
                           int col, const char *fn, const char *callee, int cat,
                           const vg_flow_src *src)
{
    if (cat < 0 || (size_t)cat >= rs->ncategories)
        return 0;
    const char *rule = rs->categories[cat].credential ? "CRD004" : "DSC001";
    return record(out, rs, rule, "pass.sanitized", "sanitized", file, line, col, fn, callee,
                  cat, -1, src);
}
