/*
 * SARIF 2.1.0 writer, built on jansson. vg_report gets the whole log as a
 * JSON tree (a baseline or merge edits it); vg_sarif_write streams it,
 * one result in memory at a time (see "streaming" below).
 */
#include "vg_sarif.h"
#include "vg_sarif_int.h"
#include "vg_hash.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VIGIE_HELP_URI_BASE
#define VIGIE_HELP_URI_BASE "file:///usr/local/share/doc/vigie/rules/"
#endif
#ifndef VIGIE_VERSION
#define VIGIE_VERSION "0.0.0"
#endif

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* The policy the built-in ruleset enforces, as published (seeds/001). */
#define INFO_URI "https://www.ramq.gouv.qc.ca/fr/a-propos/securite-politique-confidentialite"

/* json_object_set_new that tolerates a NULL value (allocation failure or an
 * absent optional field): the key is then simply left out. */
static void set(json_t *o, const char *k, json_t *v)
{
    if (v)
        json_object_set_new(o, k, v);
}

static json_t *text_msg(const char *text)
{
    return json_pack("{s:s}", "text", text ? text : "");
}

/* ---- messages --------------------------------------------------------- */

/* While a run is written: the message strings its results and notices
 * used, per language, for rules[].messageStrings, globalMessageStrings and
 * the translation; and the category labels step descriptions may name. */
typedef struct strings {
    vg_lang lang;
    json_t *rule[2];            /* rule id -> {msg id -> {text}} */
    json_t *global[2];          /* msg id -> {text} */
    vg_text *terms;
    const char **term_ids;
    size_t nterms;
} strings;

static int strings_init(strings *st, const vg_ruleset *rs, vg_lang lang)
{
    memset(st, 0, sizeof *st);
    st->lang = lang;
    for (int l = 0; l < 2; l++) {
        st->rule[l] = json_object();
        st->global[l] = json_object();
    }
    st->terms = calloc(rs->ncategories + 1, sizeof *st->terms);
    st->term_ids = calloc(rs->ncategories + 1, sizeof *st->term_ids);
    if (!st->terms || !st->term_ids)
        return -1;
    for (size_t i = 0; i < rs->ncategories; i++) {
        st->terms[i] = rs->categories[i].label;
        st->term_ids[i] = rs->categories[i].id;
    }
    st->nterms = rs->ncategories;
    return 0;
}

static void strings_free(strings *st)
{
    for (int l = 0; l < 2; l++) {
        json_decref(st->rule[l]);
        json_decref(st->global[l]);
    }
    free(st->terms);
    free(st->term_ids);
}

static void remember(strings *st, const char *rule_id, const vg_msgref *ref)
{
    for (int l = 0; l < 2; l++) {
        json_t *into = st->global[l];
        if (rule_id) {
            into = json_object_get(st->rule[l], rule_id);
            if (!into) {
                into = json_object();
                json_object_set_new(st->rule[l], rule_id, into);
            }
        }
        if (!json_object_get(into, ref->id))
            set(into, ref->id, json_pack("{s:s}", "text", ref->tmpl[l]));
    }
}

/* A message object: id, arguments and the text in the run's language when
 * the message came from the catalogue, else its text alone. */
static json_t *message_json(strings *st, const char *rule_id, const vg_msgref *ref,
                            const char *text)
{
    if (!ref || !ref->id)
        return text_msg(text);
    remember(st, rule_id, ref);
    char *t = vg_msgref_render(ref, st->lang, st->terms, st->nterms);
    json_t *args = json_array();
    for (size_t i = 0; i < ref->nargs; i++)
        json_array_append_new(args, json_string(ref->args[i]));
    json_t *m = json_pack("{s:s,s:s,s:o}", "text", t ? t : (text ? text : ""), "id", ref->id,
                          "arguments", args);
    free(t);
    return m;
}

/* A code-flow step: its description recognised as a catalogue step. */
static json_t *step_message(strings *st, const char *text)
{
    vg_msgref ref;
    if (vg_msg_recognise(text, st->terms, st->term_ids, st->nterms, &ref) != 0)
        return text_msg(text);
    json_t *m = message_json(st, NULL, &ref, text);
    vg_msgref_free(&ref);
    return m;
}

/* ---- uris ----------------------------------------------------------- */

static bool is_url(const char *s)
{
    const char *p = s;
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '+' ||
           *p == '-' || *p == '.')
        p++;
    return p > s && p[0] == ':' && p[1] == '/' && p[2] == '/';
}

/* Percent-encode a path for a uri reference. Returns malloc'd string. */
static char *encode_path(const char *path, const char *prefix)
{
    size_t plen = strlen(prefix), n = strlen(path);
    char *out = malloc(plen + n * 3 + 1);
    if (!out)
        return NULL;
    memcpy(out, prefix, plen);
    char *o = out + plen;
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
            (*s >= '0' && *s <= '9') || strchr("-._~/!$&'()*+,;=:@", *s))
            *o++ = (char)*s;
        else
            o += sprintf(o, "%%%02X", *s);
    }
    *o = '\0';
    return out;
}

/* artifactLocation for a location's uri. */
static json_t *artifact(const char *uri)
{
    if (is_url(uri))
        return json_pack("{s:s}", "uri", uri);
    if (uri[0] == '/') {
        char *u = encode_path(uri, "file://");
        json_t *a = u ? json_pack("{s:s}", "uri", u) : NULL;
        free(u);
        return a;
    }
    const char *rel = uri;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    char *u = encode_path(rel, "");
    json_t *a = u ? json_pack("{s:s,s:s}", "uri", u, "uriBaseId", "SRCROOT") : NULL;
    free(u);
    return a;
}

static json_t *region(const vg_location *l)
{
    if (l->line <= 0)
        return NULL;
    json_t *r = json_pack("{s:i}", "startLine", l->line);
    if (l->column > 0)
        set(r, "startColumn", json_integer(l->column));
    if (l->end_line > 0)
        set(r, "endLine", json_integer(l->end_line));
    if (l->end_column > 0)
        set(r, "endColumn", json_integer(l->end_column));
    return r;
}

/* What consecutive results of a streamed run share: most results of a
 * file have its uri and the same properties (a text scan's 40,000 say
 * {"category":"nam","confidence":0.95} in three variants). The values
 * are built once and referenced again; only the streaming writer uses
 * this, as it writes each result and frees it before the next, so no
 * two parents ever edit a shared value. */
#define REUSE_PROPS 8

typedef struct reuse {
    char *uri;
    json_t *artifact;
    char *props[REUSE_PROPS];   /* the last texts seen, replaced in turn */
    json_t *props_json[REUSE_PROPS];
    size_t next;
} reuse;

static void reuse_free(reuse *c)
{
    free(c->uri);
    json_decref(c->artifact);
    for (size_t i = 0; i < REUSE_PROPS; i++) {
        free(c->props[i]);
        json_decref(c->props_json[i]);
    }
}

/* artifact(uri), from c when its last uri was this one. New reference. */
static json_t *artifact_reused(reuse *c, const char *uri)
{
    if (!c)
        return artifact(uri);
    if (!c->uri || strcmp(c->uri, uri) != 0) {
        free(c->uri);
        json_decref(c->artifact);
        c->uri = strdup(uri);
        c->artifact = artifact(uri);
        if (!c->uri || !c->artifact) {
            free(c->uri);
            json_decref(c->artifact);
            c->uri = NULL;
            c->artifact = NULL;
            return artifact(uri);
        }
    }
    return json_incref(c->artifact);
}

/* props parsed, from c when it is one of the texts seen last. New
 * reference. */
static json_t *props_reused(reuse *c, const char *props)
{
    if (!c)
        return json_loads(props, 0, NULL);
    for (size_t i = 0; i < REUSE_PROPS; i++)
        if (c->props[i] && strcmp(c->props[i], props) == 0)
            return json_incref(c->props_json[i]);
    json_t *p = json_loads(props, 0, NULL);
    char *text = p ? strdup(props) : NULL;
    if (!text)
        return p;
    size_t k = c->next++ % REUSE_PROPS;
    free(c->props[k]);
    json_decref(c->props_json[k]);
    c->props[k] = text;
    c->props_json[k] = json_incref(p);
    return p;
}

static json_t *location_reused(strings *st, reuse *c, const vg_location *l)
{
    json_t *loc = json_object();
    if (l->uri && *l->uri) {
        json_t *phys = json_object();
        set(phys, "artifactLocation", artifact_reused(c, l->uri));
        set(phys, "region", region(l));
        set(loc, "physicalLocation", phys);
    }
    if (l->logical && *l->logical)
        set(loc, "logicalLocations",
            json_pack("[{s:s}]", "fullyQualifiedName", l->logical));
    if (l->message && *l->message)
        set(loc, "message", st ? step_message(st, l->message) : text_msg(l->message));
    return loc;
}

static json_t *location(strings *st, const vg_location *l)
{
    return location_reused(st, NULL, l);
}

/* ---- rules ---------------------------------------------------------- */

static json_t *rule_json(const vg_ruleset *rs, const vg_rule *r, vg_lang lang)
{
    json_t *clauses = json_array();
    for (size_t i = 0; i < r->nclauses; i++) {
        const vg_clause *c = r->clauses[i];
        json_array_append_new(clauses, json_pack("{s:s,s:s,s:{s:s,s:s}}",
            "id", c->id, "seed", c->seed, "heading", "en", c->heading.en,
            "fr", c->heading.fr));
    }
    json_t *tags = json_array();
    for (size_t i = 0; i < r->ntags; i++)
        json_array_append_new(tags, json_string(r->tags[i]));
    char sev[16];
    snprintf(sev, sizeof sev, "%.1f", r->security_severity);

    const char *full = vg_text_get(&r->full_desc, lang);
    const char *ok = vg_text_get(&r->compliant, lang);
    const char *wc = vg_msg_label("what-complies", lang);
    size_t hlen = strlen(full) + strlen(ok) + 256;
    char *help = malloc(hlen), *md = malloc(hlen + 64);
    json_t *o = NULL;
    if (help && md) {
        snprintf(help, hlen, "%s\n\n%s%s %s", full, wc, lang == VG_LANG_FR ? " :" : ":", ok);
        snprintf(md, hlen + 64, "%s\n\n**%s%s** %s", full, wc, lang == VG_LANG_FR ? " :" : ":",
                 ok);
        o = json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s},s:{s:o,s:s,s:s,s:o,s:{s:s,s:s,s:s}}}",
            "id", r->id, "name", r->name,
            "shortDescription", "text", vg_text_get(&r->short_desc, lang),
            "fullDescription", "text", full,
            "help", "text", help, "markdown", md,
            "defaultConfiguration", "level", vg_level_name(r->level),
            "properties", "tags", tags, "security-severity", sev,
            "precision", "high", "vigie/clauses", clauses,
            "vigie/fr", "shortDescription", r->short_desc.fr,
            "fullDescription", r->full_desc.fr, "compliant", r->compliant.fr);
        /* helpUri: the rule's own page, under the ruleset's documentation
         * if it names one, else under vigie's docs/rules/ as installed
         * (VIGIE_HELP_URI_BASE, set at build time). */
        char uri[1024];
        snprintf(uri, sizeof uri, "%s%s.md",
                 rs->help_uri_base ? rs->help_uri_base : VIGIE_HELP_URI_BASE, r->id);
        if (o)
            set(o, "helpUri", json_string(uri));
    } else {
        json_decref(tags);
        json_decref(clauses);
    }
    free(help);
    free(md);
    return o;
}

/* ---- results -------------------------------------------------------- */

/* What a finding is about: the probed URL of an anchored probe result
 * (so moving or renaming the scenario keeps fingerprints), else its file. */
static const char *identity_uri(const vg_finding *f)
{
    return f->related.uri ? f->related.uri : f->loc.uri;
}

/* SHA-256 fetched once: EVP_sha256() in a digest init looks the
 * algorithm up again (under a lock) for every result. */
static EVP_MD *sha256;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void fetch_sha256(void)
{
    sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

void vg_sarif_fingerprint(const vg_finding *f, unsigned occurrence, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    char occ[16];
    const char *parts[] = {f->rule_id, identity_uri(f), f->loc.logical,
                           f->fingerprint ? f->fingerprint : f->message};
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    out[0] = '\0';
    if (!c)
        return;
    pthread_once(&sha256_once, fetch_sha256);
    EVP_DigestInit_ex(c, sha256 ? sha256 : EVP_sha256(), NULL);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *p = parts[i] ? parts[i] : "";
        EVP_DigestUpdate(c, p, strlen(p) + 1);      /* include the NUL: a separator */
    }
    snprintf(occ, sizeof occ, "%u", occurrence);
    EVP_DigestUpdate(c, occ, strlen(occ));
    EVP_DigestFinal_ex(c, md, &mdlen);
    EVP_MD_CTX_free(c);
    unsigned i = 0;
    for (; i < mdlen && i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[2 * i] = '\0';
}

static long rule_index(const vg_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return (long)i;
    return -1;
}

static json_t *code_flow(strings *st, const vg_finding *f)
{
    json_t *locs = json_array();
    for (size_t i = 0; i < f->nflow; i++)
        json_array_append_new(locs, json_pack("{s:o}", "location", location(st, &f->flow[i])));
    return json_pack("[{s:[{s:o}]}]", "threadFlows", "locations", locs);
}

/* What result_json remembers of f, without building it: the streaming
 * writer needs every message string of a run before it writes the rules. */
static void collect_strings(strings *st, const vg_finding *f)
{
    if (f->msg.id)
        remember(st, f->rule_id, &f->msg);
    for (size_t i = 0; i < f->nflow; i++) {
        vg_msgref ref;
        if (f->flow[i].message &&
            vg_msg_recognise(f->flow[i].message, st->terms, st->term_ids, st->nterms, &ref) == 0) {
            if (ref.id)
                remember(st, NULL, &ref);
            vg_msgref_free(&ref);
        }
    }
}

/* One result; c (NULL: nothing shared) as in reuse. */
static json_t *result_json(const vg_ruleset *rs, strings *st, reuse *c, const vg_finding *f,
                           unsigned occurrence)
{
    char fp[65];
    vg_sarif_fingerprint(f, occurrence, fp);
    json_t *r = json_pack("{s:s,s:s,s:o,s:[o],s:{s:s}}",
        "ruleId", f->rule_id,
        "level", vg_level_name(vg_ruleset_level(rs, f)),
        "message", message_json(st, f->rule_id, &f->msg, f->message),
        "locations", location_reused(NULL, c, &f->loc),
        "partialFingerprints", "vigie/v1", fp);
    if (!r)
        return NULL;
    long idx = rule_index(rs, f->rule_id);
    if (idx >= 0)
        set(r, "ruleIndex", json_integer(idx));
    if (vg_finding_is_pass(f))
        set(r, "kind", json_string("pass"));    /* evaluated, compliant */
    if (f->nflow)
        set(r, "codeFlows", code_flow(st, f));
    if (f->related.uri) {
        json_t *rel = location(st, &f->related);
        set(rel, "id", json_integer(1));
        set(rel, "message", text_msg("probed here"));
        set(r, "relatedLocations", json_pack("[o]", rel));
    }
    if (f->suppression)
        set(r, "suppressions", json_pack("[{s:s,s:s}]", "kind", "inSource",
                                         "justification", f->suppression));
    if (f->props_json) {
        json_t *p = props_reused(c, f->props_json);
        if (json_is_object(p))
            set(r, "properties", p);
        else
            json_decref(p);
    }
    return r;
}

/* Occurrence numbers: two identical findings in one file (the same value
 * hard-coded twice) keep distinct fingerprints, numbered in file order:
 * occ[i] is how many findings before i have i's identity. One pass with
 * a hash table of identities (a sort of 40,000 indices by three strings
 * was a tenth of writing the log). */
static const char *fp_key(const vg_finding *f)
{
    return f->fingerprint ? f->fingerprint : f->message ? f->message : "";
}

static const char *id_uri(const vg_finding *f)
{
    return identity_uri(f) ? identity_uri(f) : "";
}

static uint32_t identity_hash(const vg_finding *f)
{
    const char *parts[] = {f->rule_id, id_uri(f), fp_key(f)};
    uint32_t h = VG_FNV32_INIT;
    for (size_t i = 0; i < 3; i++) {
        h = vg_fnv32_str(parts[i], h);
        h = (h ^ 0xff) * VG_FNV32_PRIME;    /* a separator no text holds */
    }
    return h;
}

static bool same_identity(const vg_finding *a, const vg_finding *b)
{
    return strcmp(a->rule_id, b->rule_id) == 0 && strcmp(id_uri(a), id_uri(b)) == 0 &&
           strcmp(fp_key(a), fp_key(b)) == 0;
}

static unsigned *occurrences(const vg_findings *fs)
{
    size_t cap = 16;
    while (cap < 2 * fs->count)
        cap *= 2;
    /* slot: 1 + index of the last finding seen with that identity, 0 empty */
    size_t *slot = calloc(cap, sizeof *slot);
    unsigned *occ = calloc(fs->count + 1, sizeof *occ);
    if (!slot || !occ) {
        free(slot);
        free(occ);
        return NULL;
    }
    for (size_t i = 0; i < fs->count; i++) {
        const vg_finding *f = &fs->items[i];
        size_t k = identity_hash(f) & (cap - 1);
        while (slot[k] && !same_identity(&fs->items[slot[k] - 1], f))
            k = (k + 1) & (cap - 1);
        occ[i] = slot[k] ? occ[slot[k] - 1] + 1 : 0;
        slot[k] = i + 1;
    }
    free(slot);
    return occ;
}

/* ---- runs ----------------------------------------------------------- */

static json_t *utc(const struct timespec *ts)
{
    struct tm tm;
    char buf[64];
    time_t t = ts->tv_sec;
    gmtime_r(&t, &tm);
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, sizeof buf - n, ".%03ldZ", ts->tv_nsec / 1000000);
    return json_string(buf);
}

/* The directory relative uris are resolved from (see vg_sarif_run). */
static bool run_workdir(const vg_sarif_run *run, char *buf, size_t cap)
{
    if (run->workdir)
        return (size_t)snprintf(buf, cap, "%s", run->workdir) < cap;
    return getcwd(buf, cap) != NULL;
}

static json_t *invocation(strings *st, const vg_sarif_run *run)
{
    json_t *args = json_array();
    size_t cl = 1;
    for (int i = 0; i < run->argc; i++) {
        json_array_append_new(args, json_string(run->argv[i]));
        cl += strlen(run->argv[i]) + 1;
    }
    char *cmd = calloc(1, cl);
    for (int i = 0; cmd && i < run->argc; i++) {
        if (i)
            strcat(cmd, " ");
        strcat(cmd, run->argv[i]);
    }
    json_t *notes = json_array();
    const vg_findings *fs = run->findings;
    for (size_t i = 0; i < fs->nnotices; i++) {
        const vg_notice *n = &fs->notices[i];
        json_t *o = json_pack("{s:s,s:o}", "level", vg_level_name(n->level),
                              "message", message_json(st, NULL, &n->msg, n->message));
        if (n->loc.uri)
            set(o, "locations", json_pack("[o]", location(NULL, &n->loc)));
        json_array_append_new(notes, o);
    }
    json_t *inv = json_pack("{s:b,s:i,s:o,s:o,s:o,s:s}",
        "executionSuccessful", run->exit_code != 2,
        "exitCode", run->exit_code,
        "startTimeUtc", utc(&run->start),
        "endTimeUtc", utc(&run->end),
        "arguments", args,
        "commandLine", cmd ? cmd : "");
    free(cmd);
    if (inv) {
        char cwd[PATH_MAX];
        if (run_workdir(run, cwd, sizeof cwd)) {
            char *u = encode_path(cwd, "file://");
            if (u)
                set(inv, "workingDirectory", json_pack("{s:s}", "uri", u));
            free(u);
        }
        /* GitHub code scanning ingests at most 25,000 results per run; say
         * so in the log rather than silently dropping any. */
        vg_msgref lim;
        if (fs->count > 25000 && vg_msgref_set(&lim, "notice.github-limit",
                                               vg_msg_get("notice.github-limit")->en,
                                               vg_msg_get("notice.github-limit")->fr,
                                               NULL, 0) == 0) {
            json_array_append_new(notes, json_pack("{s:s,s:o}", "level", "warning",
                "message", message_json(st, NULL, &lim, NULL)));
            vg_msgref_free(&lim);
        }
        if (fs->nchecked) {
            /* what this run looked at, for "no finding" vs "not checked" */
            json_t *ck = json_array();
            for (size_t i = 0; i < fs->nchecked; i++)
                json_array_append_new(ck, json_string(fs->checked[i]));
            set(inv, "properties", json_pack("{s:o}", "vigie/checked", ck));
        }
        if (json_array_size(notes))
            set(inv, "toolExecutionNotifications", notes);
        else
            json_decref(notes);
    }
    return inv;
}

/* The run's other language: the rules' texts and every message string
 * used, as a SARIF translation of the driver. */
static json_t *translation(const vg_ruleset *rs, const strings *st, const char *tool)
{
    vg_lang other = st->lang == VG_LANG_FR ? VG_LANG_EN : VG_LANG_FR;
    char name[128];
    snprintf(name, sizeof name, "%s (%s)", tool, vg_lang_tag(other));
    json_t *rules = json_array();
    for (size_t i = 0; i < rs->nrules; i++) {
        const vg_rule *r = &rs->rules[i];
        json_t *o = json_pack("{s:s,s:{s:s},s:{s:s}}", "id", r->id,
                              "shortDescription", "text", vg_text_get(&r->short_desc, other),
                              "fullDescription", "text", vg_text_get(&r->full_desc, other));
        json_t *ms = json_object_get(st->rule[other], r->id);
        if (o && ms)
            set(o, "messageStrings", json_incref(ms));
        json_array_append_new(rules, o);
    }
    json_t *t = json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:o}", "name", tool,
                          "language", vg_lang_tag(other), "translationMetadata", "name", name,
                          "associatedComponent", "name", tool, "rules", rules);
    if (t && json_object_size(st->global[other]))
        set(t, "globalMessageStrings", json_incref(st->global[other]));
    return t;
}

/* A run; its results array is left empty unless with_results (the
 * streaming writer fills it as it writes). */
static json_t *run_json(const vg_ruleset *rs, const vg_sarif_run *run, bool with_results)
{
    strings st;
    json_t *results = json_array();
    const vg_findings *fs = run->findings;
    unsigned *occ = with_results ? occurrences(fs) : NULL;
    if (strings_init(&st, rs, run->lang) || (with_results && !occ)) {
        free(occ);
        strings_free(&st);
        json_decref(results);
        return NULL;
    }
    for (size_t i = 0; i < fs->count; i++)
        if (with_results)
            json_array_append_new(results, result_json(rs, &st, NULL, &fs->items[i], occ[i]));
        else
            collect_strings(&st, &fs->items[i]);
    free(occ);
    json_t *inv = invocation(&st, run);
    json_t *rules = json_array();
    for (size_t i = 0; i < rs->nrules; i++) {
        json_t *o = rule_json(rs, &rs->rules[i], run->lang);
        json_t *ms = json_object_get(st.rule[run->lang], rs->rules[i].id);
        if (o && ms)
            set(o, "messageStrings", json_incref(ms));
        json_array_append_new(rules, o);
    }
    json_t *run_o = json_pack("{s:{s:{s:s,s:s,s:s,s:s,s:o}},s:o,s:[o],s:s,s:s,s:{s:s,s:s}}",
        "tool", "driver", "name", run->tool, "semanticVersion", VIGIE_VERSION,
        "version", VIGIE_VERSION, "informationUri", INFO_URI, "rules", rules,
        "results", results,
        "invocations", inv,
        "columnKind", "unicodeCodePoints",
        "language", vg_lang_tag(run->lang),
        "properties", "vigie/ruleset", rs->name, "vigie/ruleset-origin", rs->origin);
    if (!run_o) {
        strings_free(&st);
        return NULL;
    }
    json_t *driver = json_object_get(json_object_get(run_o, "tool"), "driver");
    if (json_object_size(st.global[run->lang]))
        set(driver, "globalMessageStrings", json_incref(st.global[run->lang]));
    set(run_o, "translations", json_pack("[o]", translation(rs, &st, run->tool)));
    strings_free(&st);
    char cwd[PATH_MAX];
    if (run_workdir(run, cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (n + 2 < sizeof cwd && (n == 0 || cwd[n - 1] != '/'))
            strcat(cwd, "/");
        char *u = encode_path(cwd, "file://");
        if (u)
            set(run_o, "originalUriBaseIds",
                json_pack("{s:{s:s}}", "SRCROOT", "uri", u));
        free(u);
    }
    return run_o;
}

/* ---- reading messages back ---------------------------------------------- */

vg_lang vg_sarif_run_lang(json_t *run)
{
    return vg_lang_from_tag(json_string_value(json_object_get(run, "language")));
}

/* The driver when the run is in lang, else its translation into lang. */
static json_t *component(json_t *run, vg_lang lang)
{
    if (vg_sarif_run_lang(run) == lang)
        return json_object_get(json_object_get(run, "tool"), "driver");
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(run, "translations"), i, t)
        if (vg_lang_from_tag(json_string_value(json_object_get(t, "language"))) == lang)
            return t;
    return NULL;
}

const char *vg_sarif_template(json_t *run, const char *rule_id, const char *id, vg_lang lang)
{
    json_t *c = component(run, lang);
    if (!c || !id)
        return NULL;
    if (rule_id) {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(c, "rules"), i, r)
            if (!strcmp(json_string_value(json_object_get(r, "id")) ?: "", rule_id)) {
                const char *t = json_string_value(json_object_get(json_object_get(
                    json_object_get(r, "messageStrings"), id), "text"));
                if (t)
                    return t;
                break;
            }
    }
    return json_string_value(json_object_get(json_object_get(
        json_object_get(c, "globalMessageStrings"), id), "text"));
}

char *vg_sarif_message_text(json_t *run, const char *rule_id, json_t *message, vg_lang lang,
                            const vg_ruleset *rs)
{
    const char *id = json_string_value(json_object_get(message, "id"));
    const char *tmpl = vg_sarif_template(run, rule_id, id, lang);
    if (!tmpl) {
        const char *t = json_string_value(json_object_get(message, "text"));
        return strdup(t ? t : "");
    }
    json_t *a = json_object_get(message, "arguments");
    size_t n = json_array_size(a);
    const char **args = calloc(n + 1, sizeof *args);
    vg_text *terms = rs ? calloc(rs->ncategories + 1, sizeof *terms) : NULL;
    if (!args || (rs && !terms)) {
        free(args);
        free(terms);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        args[i] = json_string_value(json_array_get(a, i)) ?: "";
    for (size_t i = 0; rs && i < rs->ncategories; i++)
        terms[i] = rs->categories[i].label;
    char *out = vg_msg_render_args(tmpl, args, n, lang, terms, rs ? rs->ncategories : 0);
    free(args);
    free(terms);
    return out;
}

static json_t *log_json(const vg_ruleset *rs, const vg_sarif_run *runs, size_t nruns,
                        bool with_results, vg_error *err)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < nruns; i++) {
        json_t *r = run_json(rs, &runs[i], with_results);
        if (!r) {
            json_decref(arr);
            vg_error_set(err, VG_ENOMEM, "cannot build SARIF run (out of memory?)");
            return NULL;
        }
        json_array_append_new(arr, r);
    }
    json_t *doc = json_pack("{s:s,s:s,s:o}", "$schema", SARIF_SCHEMA,
                            "version", "2.1.0", "runs", arr);
    if (!doc)
        vg_error_set(err, VG_ENOMEM, "cannot build SARIF log (out of memory?)");
    return doc;
}

json_t *vg_sarif_build_json(const vg_ruleset *rs, const vg_sarif_run *runs,
                            size_t nruns, vg_error *err)
{
    return log_json(rs, runs, nruns, true, err);
}

/* Compact: SARIF is read by programs, and indentation nearly doubles the
 * size of large logs. */
#define DUMP_FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(6))

int vg_sarif_dump(json_t *doc, FILE *out, vg_error *err)
{
    if (json_dumpf(doc, out, DUMP_FLAGS) || fputc('\n', out) == EOF || fflush(out))
        return vg_error_set(err, VG_EIO, "cannot write SARIF output: %m");
    return 0;
}

/* ---- streaming ------------------------------------------------------ */

/* vg_sarif_write builds the log without its results, then writes it value
 * by value; when it reaches a run's (empty) results array it builds, writes
 * and frees one result at a time. Holding one result instead of the whole
 * tree is what makes large runs cheap: a 40,000-result log built as a tree
 * and freed node by node cost more than the scan that found the results.
 * jansson encodes every value and key; this code writes only the brackets,
 * colons and commas between them, so the bytes are those of
 * vg_sarif_dump on the built log. */
typedef struct stream {
    FILE *out;
    const vg_ruleset *rs;
    const vg_sarif_run *runs;
    json_t **holes;              /* holes[i]: the results array of runs[i] */
    size_t nruns;
} stream;

static int put_value(stream *s, json_t *v)
{
    return json_dumpf(v, s->out, DUMP_FLAGS | JSON_ENCODE_ANY);
}

/* The results are encoded into a buffer written out in large pieces:
 * jansson hands its output over a few bytes at a time, and an fwrite for
 * each (a dozen per result, with the stream's lock) cost as much as the
 * encoding. */
typedef struct outbuf {
    char *s;
    size_t n, cap;
    FILE *out;
    int failed;                 /* errno of the first failure, or 0 */
} outbuf;

#define OUTBUF_FLUSH (64 * 1024)

static int outbuf_flush(outbuf *b)
{
    if (!b->failed && b->n && fwrite(b->s, 1, b->n, b->out) != b->n)
        b->failed = errno ? errno : EIO;
    b->n = 0;
    return b->failed ? -1 : 0;
}

static int outbuf_put(const char *p, size_t n, void *ud)
{
    outbuf *b = ud;
    if (b->failed)
        return -1;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 2 * OUTBUF_FLUSH;
        while (cap < b->n + n)
            cap *= 2;
        char *q = realloc(b->s, cap);
        if (!q) {
            b->failed = ENOMEM;
            return -1;
        }
        b->s = q;
        b->cap = cap;
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    return b->n >= OUTBUF_FLUSH ? outbuf_flush(b) : 0;
}

/* The results array of one run. -1 with errno set: a failed write, or
 * ENOMEM (a result that cannot be built is an error, never left out). */
static int put_results(stream *s, const vg_sarif_run *run)
{
    const vg_findings *fs = run->findings;
    unsigned *occ = occurrences(fs);
    strings st;                         /* the run's own were written with its rules */
    reuse c = {0};
    outbuf b = {.out = s->out};
    if (strings_init(&st, s->rs, run->lang) || !occ) {
        strings_free(&st);
        free(occ);
        errno = ENOMEM;
        return -1;
    }
    outbuf_put("[", 1, &b);
    for (size_t i = 0; !b.failed && i < fs->count; i++) {
        json_t *r = result_json(s->rs, &st, &c, &fs->items[i], occ[i]);
        if (!r)
            b.failed = ENOMEM;
        else if ((i && outbuf_put(",", 1, &b)) ||
                 json_dump_callback(r, outbuf_put, &b, DUMP_FLAGS | JSON_ENCODE_ANY)) {
            if (!b.failed)
                b.failed = ENOMEM;      /* jansson failed on its own */
        }
        json_decref(r);
    }
    outbuf_put("]", 1, &b);
    outbuf_flush(&b);
    int failed = b.failed;
    free(b.s);
    free(occ);
    reuse_free(&c);
    strings_free(&st);
    errno = failed;
    return failed ? -1 : 0;
}

static bool holds_hole(const stream *s, json_t *v)
{
    for (size_t i = 0; i < s->nruns; i++)
        if (v == s->holes[i])
            return true;
    size_t i;
    const char *k;
    json_t *m;
    if (json_is_object(v)) {
        json_object_foreach(v, k, m)
            if (holds_hole(s, m))
                return true;
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, m)
            if (holds_hole(s, m))
                return true;
    }
    return false;
}

/* Writes v, with the results of any run it holds. Stops at the first
 * failed write (errno tells why). */
static int put_tree(stream *s, json_t *v)
{
    for (size_t i = 0; i < s->nruns; i++)
        if (v == s->holes[i])
            return put_results(s, &s->runs[i]);
    if (!holds_hole(s, v))
        return put_value(s, v);
    size_t i;
    const char *k;
    json_t *m;
    if (json_is_object(v)) {
        if (fputc('{', s->out) == EOF)
            return -1;
        bool first = true;
        json_object_foreach(v, k, m) {
            json_t *key = json_string(k);
            int rc = (!first && fputc(',', s->out) == EOF) || !key || put_value(s, key) ||
                     fputc(':', s->out) == EOF;
            json_decref(key);
            if (rc || put_tree(s, m))
                return -1;
            first = false;
        }
        return fputc('}', s->out) == EOF ? -1 : 0;
    }
    if (fputc('[', s->out) == EOF)
        return -1;
    json_array_foreach(v, i, m)
        if ((i && fputc(',', s->out) == EOF) || put_tree(s, m))
            return -1;
    return fputc(']', s->out) == EOF ? -1 : 0;
}

int vg_sarif_write(FILE *out, const vg_ruleset *rs, const vg_sarif_run *runs,
                   size_t nruns, vg_error *err)
{
    json_t *doc = log_json(rs, runs, nruns, false, err);
    if (!doc)
        return -1;
    json_t **holes = calloc(nruns + 1, sizeof *holes);
    stream s = {.out = out, .rs = rs, .runs = runs, .holes = holes, .nruns = nruns};
    for (size_t i = 0; holes && i < nruns; i++)
        holes[i] = json_object_get(json_array_get(json_object_get(doc, "runs"), i), "results");
    int rc = !holes ? vg_error_set(err, VG_ENOMEM, "cannot write SARIF output: out of memory")
             : put_tree(&s, doc) || fputc('\n', out) == EOF || fflush(out)
                 ? vg_error_set(err, VG_EIO, "cannot write SARIF output: %m") : 0;
    free(holes);
    json_decref(doc);
    return rc;
}
