/*
 * Ruleset loader. The JSON document is parsed by jansson and kept alive;
 * the typed view in vg_ruleset points into it. Validation is strict: every
 * object's keys are checked against what this loader understands, so a
 * misspelt key is an error rather than a silently disabled check.
 */
#include "vg_ruleset.h"
#include "vg_json.h"

#include <jansson.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const unsigned char vg_default_ruleset[];
extern const size_t vg_default_ruleset_len;

/* Loader context: where we are in the document, for error messages. */
typedef vg_json_ctx ctx;

/* Member `key` of obj with the given type, NULL when absent or wrong
 * (callers tell the two apart with json_object_get). */
static json_t *member(ctx *c, json_t *obj, const char *key, json_type type,
                      bool required)
{
    json_t *v;
    return vg_json_get(c, obj, key, type, required, &v) ? NULL : v;
}

static int get_string(ctx *c, json_t *obj, const char *key, bool required,
                      const char **out)
{
    *out = NULL;
    json_t *v = member(c, obj, key, JSON_STRING, required);
    if (!v)
        return (required || json_object_get(obj, key)) ? -1 : 0;
    *out = json_string_value(v);
    return 0;
}

static int get_text(ctx *c, json_t *obj, const char *key, bool required, vg_text *out)
{
    memset(out, 0, sizeof *out);
    json_t *v = member(c, obj, key, JSON_OBJECT, required);
    if (!v)
        return (required || json_object_get(obj, key)) ? -1 : 0;
    static const char *const keys[] = {"en", "fr", NULL};
    size_t old = vg_json_push_key(c, key);
    int rc = vg_json_check_keys(c, v, keys);
    if (!rc)
        rc = get_string(c, v, "en", true, &out->en);
    if (!rc)
        rc = get_string(c, v, "fr", true, &out->fr);
    if (!rc && (!*out->en || !*out->fr))
        rc = vg_json_fail(c, "both \"en\" and \"fr\" must be non-empty");
    vg_json_pop(c, old);
    return rc;
}

/* Array of strings -> NULL-free const char* array. */
static int get_strings(ctx *c, json_t *obj, const char *key, bool required,
                       const char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    json_t *a = member(c, obj, key, JSON_ARRAY, required);
    if (!a)
        return (required || json_object_get(obj, key)) ? -1 : 0;
    size_t cnt = json_array_size(a);
    if (cnt == 0)
        return 0;
    const char **v = calloc(cnt, sizeof *v);
    if (!v)
        return vg_json_fail(c, "out of memory");
    size_t old = vg_json_push_key(c, key);
    for (size_t i = 0; i < cnt; i++) {
        json_t *s = json_array_get(a, i);
        if (!json_is_string(s)) {
            free(v);
            int rc = vg_json_fail_at_index(c, i, "expected a string");
            vg_json_pop(c, old);
            return rc;
        }
        v[i] = json_string_value(s);
    }
    vg_json_pop(c, old);
    *out = v;
    *n = cnt;
    return 0;
}

/* Strings -> normalised word sequences (vocabulary entries). */
static int get_wordseqs(ctx *c, vg_ruleset *rs, json_t *obj, const char *key,
                        vg_words **out, size_t *n)
{
    const char **s;
    size_t cnt;
    *out = NULL;
    *n = 0;
    if (get_strings(c, obj, key, false, &s, &cnt))
        return -1;
    if (!cnt)
        return 0;
    vg_words *w = calloc(cnt, sizeof *w);
    if (!w) {
        free(s);
        return vg_json_fail(c, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < cnt; i++) {
        vg_ruleset_words(rs, s[i], strlen(s[i]), &w[k]);
        if (w[k].n)
            k++;
    }
    free(s);
    *out = w;
    *n = k;
    return 0;
}

static int load_matcher(ctx *c, vg_ruleset *rs, json_t *root, const char *key,
                        vg_matcher *m)
{
    json_t *o = member(c, root, key, JSON_OBJECT, false);
    if (!o)
        return json_object_get(root, key) ? -1 : 0;
    static const char *const keys[] = {"functions", "words", NULL};
    size_t old = vg_json_push_key(c, key);
    int rc = vg_json_check_keys(c, o, keys);
    if (!rc)
        rc = get_strings(c, o, "functions", false, &m->functions, &m->nfunctions);
    if (!rc)
        rc = get_wordseqs(c, rs, o, "words", &m->words, &m->nwords);
    vg_json_pop(c, old);
    return rc;
}

static void matcher_free(vg_matcher *m)
{
    free(m->functions);
    free(m->words);
    free(m->unless);
}

/* Iterate over an array member, calling fn(c, rs, element, index). */
typedef int (*elem_fn)(ctx *, vg_ruleset *, json_t *, size_t);

static int each(ctx *c, vg_ruleset *rs, json_t *root, const char *key,
                bool required, void **items, size_t elem, size_t *n, elem_fn fn)
{
    json_t *a = member(c, root, key, JSON_ARRAY, required);
    if (!a)
        return (required || json_object_get(root, key)) ? -1 : 0;
    size_t cnt = json_array_size(a);
    *items = calloc(cnt ? cnt : 1, elem);
    if (!*items)
        return vg_json_fail(c, "out of memory");
    size_t old = vg_json_push_key(c, key);
    for (size_t i = 0; i < cnt; i++) {
        size_t o2 = vg_json_push_index(c, i);
        json_t *e = json_array_get(a, i);
        /* Count the element before loading it, so vg_ruleset_free()
         * releases what a half-loaded element allocated. */
        (*n)++;
        int rc = json_is_object(e) ? 0 : vg_json_fail(c, "expected an object");
        if (!rc)
            rc = fn(c, rs, e, i);
        if (rc)
            return rc;
        vg_json_pop(c, o2);
    }
    vg_json_pop(c, old);
    return 0;
}

static int load_clause(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"id", "seed", "source", "heading", "summary", NULL};
    vg_clause *cl = &rs->clauses[i];
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "id", true, &cl->id) ||
        get_string(c, o, "seed", true, &cl->seed) ||
        get_text(c, o, "source", false, &cl->source) ||
        get_text(c, o, "heading", true, &cl->heading) ||
        get_text(c, o, "summary", true, &cl->summary))
        return -1;
    for (size_t j = 0; j < i; j++)
        if (strcmp(rs->clauses[j].id, cl->id) == 0)
            return vg_json_fail(c, "duplicate clause id \"%s\"", cl->id);
    return 0;
}

static const vg_clause *find_clause(const vg_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nclauses; i++)
        if (strcmp(rs->clauses[i].id, id) == 0)
            return &rs->clauses[i];
    return NULL;
}

static int load_rule(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"id", "name", "level", "security_severity",
        "clauses", "tags", "short", "full", "compliant", NULL};
    vg_rule *r = &rs->rules[i];
    const char *level;
    const char **clause_ids = NULL;
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "id", true, &r->id) ||
        get_string(c, o, "name", true, &r->name) ||
        get_string(c, o, "level", true, &level) ||
        get_text(c, o, "short", true, &r->short_desc) ||
        get_text(c, o, "full", true, &r->full_desc) ||
        get_text(c, o, "compliant", true, &r->compliant) ||
        get_strings(c, o, "tags", false, &r->tags, &r->ntags) ||
        get_strings(c, o, "clauses", true, &clause_ids, &r->nclauses))
        return -1;
    int rc = 0;
    if (vg_level_parse(level, &r->level) || r->level == VG_LEVEL_NONE)
        rc = vg_json_fail(c, "level \"%s\" is not one of error, warning, note", level);
    json_t *sev = json_object_get(o, "security_severity");
    if (!rc && sev) {
        if (!json_is_number(sev) || json_number_value(sev) < 0 ||
            json_number_value(sev) > 10)
            rc = vg_json_fail(c, "security_severity must be a number from 0 to 10");
        else
            r->security_severity = json_number_value(sev);
    }
    for (size_t j = 0; !rc && j < i; j++)
        if (strcmp(rs->rules[j].id, r->id) == 0)
            rc = vg_json_fail(c, "duplicate rule id \"%s\"", r->id);
    if (!rc && r->nclauses == 0)
        rc = vg_json_fail(c, "a rule must cite at least one policy clause");
    if (!rc)
        r->clauses = calloc(r->nclauses, sizeof *r->clauses);
    for (size_t j = 0; !rc && j < r->nclauses; j++) {
        if (!(r->clauses[j] = find_clause(rs, clause_ids[j])))
            rc = vg_json_fail(c, "clause \"%s\" is not defined in \"clauses\"", clause_ids[j]);
    }
    free(clause_ids);
    return rc;
}

static const char *const sink_names[VG_SINK__COUNT] = {
    "log", "email", "sms", "voice", "cookie", "url", "http", "socket"};

static int sink_kind_parse(const char *s)
{
    for (int k = 0; k < VG_SINK__COUNT; k++)
        if (strcmp(s, sink_names[k]) == 0)
            return k;
    return -1;
}

static int get_bool(ctx *c, json_t *obj, const char *key, bool *out)
{
    json_t *v = json_object_get(obj, key);
    *out = false;
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return vg_json_fail_at(c, key, "expected true or false");
    *out = json_is_true(v);
    return 0;
}

static int load_ambiguous(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"word", "unless", "only_with", NULL};
    vg_ambiguous *a = &rs->ambiguous[i];
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "word", true, &a->word) ||
        get_strings(c, o, "unless", false, &a->unless, &a->nunless) ||
        get_strings(c, o, "only_with", false, &a->only_with, &a->nonly_with))
        return -1;
    if (!a->nunless && !a->nonly_with)
        return vg_json_fail(c, "an ambiguous word needs \"unless\" or \"only_with\"");
    return 0;
}

/* An object of words, each standing for another ("no": "number"). */
static int get_word_map(ctx *c, json_t *o, const char *key, const char ***from,
                        const char ***to, size_t *n)
{
    json_t *m = member(c, o, key, JSON_OBJECT, false);
    if (!m)
        return json_object_get(o, key) ? -1 : 0;
    size_t k = json_object_size(m);
    if (!k)
        return 0;
    *from = calloc(k, sizeof **from);
    *to = calloc(k, sizeof **to);
    if (!*from || !*to)
        return vg_json_fail(c, "out of memory");
    const char *w;
    json_t *v;
    json_object_foreach(m, w, v) {
        if (!json_is_string(v)) {
            size_t o2 = vg_json_push_key(c, key);
            int rc = vg_json_fail_at(c, w, "expected the word it stands for, as a string");
            vg_json_pop(c, o2);
            return rc;
        }
        (*from)[*n] = w;
        (*to)[(*n)++] = json_string_value(v);
    }
    return 0;
}

/* "identifiers": {"abbreviations": {"no": "number"}, "not_content_after":
 * [...], "not_content_before": [...]}. Loaded before any vocabulary, which
 * is normalised with the abbreviations. */
static int load_identifiers(ctx *c, vg_ruleset *rs, json_t *root)
{
    json_t *o = member(c, root, "identifiers", JSON_OBJECT, false);
    if (!o)
        return json_object_get(root, "identifiers") ? -1 : 0;
    static const char *const keys[] = {"abbreviations", "compound_suffixes", "not_content_after",
                                       "not_content_before", "content_after", "complement_after",
                                       "not_data_phrases",
                                       "value_fields", "ambiguous",
                                       "not_data_roles", "place_params", "path_makers", NULL};
    size_t old = vg_json_push_key(c, "identifiers");
    int rc = vg_json_check_keys(c, o, keys);
    if (!rc)
        rc = get_word_map(c, o, "abbreviations", &rs->abbr_from, &rs->abbr_to, &rs->nabbr) ||
             get_word_map(c, o, "compound_suffixes", &rs->suffix_from, &rs->suffix_to,
                          &rs->nsuffix);
    if (!rc)
        rc = get_strings(c, o, "not_content_after", false, &rs->head_after, &rs->nhead_after) ||
             get_strings(c, o, "not_content_before", false, &rs->head_before, &rs->nhead_before) ||
             get_strings(c, o, "content_after", false, &rs->content_after,
                         &rs->ncontent_after) ||
             get_strings(c, o, "complement_after", false, &rs->complement_after,
                         &rs->ncomplement_after) ||
             get_wordseqs(c, rs, o, "not_data_phrases", &rs->other_phrases,
                          &rs->nother_phrases) ||
             get_strings(c, o, "value_fields", false, &rs->value_fields, &rs->nvalue_fields) ||
             get_strings(c, o, "not_data_roles", false, &rs->not_data_roles,
                         &rs->nnot_data_roles) ||
             get_strings(c, o, "place_params", false, &rs->place_params,
                         &rs->nplace_params) ||
             get_strings(c, o, "path_makers", false, &rs->path_makers, &rs->npath_makers);
    if (!rc)
        rc = each(c, rs, o, "ambiguous", false, (void **)&rs->ambiguous, sizeof *rs->ambiguous,
                  &rs->nambiguous, load_ambiguous);
    if (!rc && rs->nambiguous > 32)
        rc = vg_json_fail(c, "ambiguous: at most 32 words");
    vg_json_pop(c, old);
    return rc ? -1 : 0;
}

static int parse_detector(const char *s, vg_detector_kind *out)
{
    static const char *const names[] = {"", "nam", "sin", "dob", "email", "phone", "postal"};
    for (int i = 1; i < 7; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (vg_detector_kind)i;
            return 0;
        }
    return -1;
}

static int load_category(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"id", "label", "sensitive", "detector",
                                       "words", "context", "credential", "numeric",
                                       "sinks", "types", NULL};
    vg_category *cat = &rs->categories[i];
    const char **sinks = NULL;
    size_t nsinks = 0;
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "id", true, &cat->id) ||
        get_text(c, o, "label", true, &cat->label) ||
        get_wordseqs(c, rs, o, "words", &cat->words, &cat->nwords) ||
        get_strings(c, o, "context", false, &cat->context, &cat->ncontext) ||
        get_wordseqs(c, rs, o, "types", &cat->types, &cat->ntypes) ||
        get_bool(c, o, "credential", &cat->credential) ||
        get_bool(c, o, "numeric", &cat->numeric) ||
        get_strings(c, o, "sinks", false, &sinks, &nsinks))
        return -1;
    json_t *sens = member(c, o, "sensitive", JSON_TRUE, true);
    if (!sens) {
        free(sinks);
        return -1;
    }
    cat->sensitive = json_is_true(sens);
    /* Without "sinks", a sensitive category is a finding in every sink. */
    cat->sinks = json_object_get(o, "sinks") ? 0 : (1u << VG_SINK__COUNT) - 1;
    for (size_t k = 0; k < nsinks; k++) {
        int kind = sink_kind_parse(sinks[k]);
        if (kind < 0) {
            free(sinks);
            return vg_json_fail(c, "sinks: \"%s\" is not a sink kind (allowed: log, email, "
                                   "sms, voice, cookie, url, http, socket)", sinks[k]);
        }
        cat->sinks |= 1u << kind;
    }
    free(sinks);
    json_t *det = json_object_get(o, "detector");
    if (det && !json_is_null(det)) {
        if (!json_is_string(det) || parse_detector(json_string_value(det), &cat->detector))
            return vg_json_fail(c, "detector must be null or one of nam, sin, dob, email, phone, postal");
    }
    return 0;
}

/* An argument's or a parameter's position (0 is the first); -1 when
 * absent and not required. */
static int get_position(ctx *c, json_t *o, const char *key, bool required, int *out)
{
    json_t *v = member(c, o, key, JSON_INTEGER, required);
    *out = -1;
    if (!v)
        return (required || json_object_get(o, key)) ? -1 : 0;
    if (json_integer_value(v) < 0 || json_integer_value(v) > 15)
        return vg_json_fail_at(c, key, "must be a position from 0 to 15 (0 is the first)");
    *out = (int)json_integer_value(v);
    return 0;
}

static int load_source(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"function", "category", "out", NULL};
    const char *cat;
    vg_source *s = &rs->sources[i];
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "function", true, &s->function) ||
        get_string(c, o, "category", true, &cat) || get_position(c, o, "out", false, &s->out))
        return -1;
    if (!(s->category = vg_ruleset_category(rs, cat)))
        return vg_json_fail(c, "category \"%s\" is not defined", cat);
    return 0;
}

const char *vg_sink_kind_name(vg_sink_kind k)
{
    return k < VG_SINK__COUNT ? sink_names[k] : "?";
}

static int load_sink(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"kind", "rule", "functions", "words", "unless", "args",
                                       NULL};
    vg_sink *s = &rs->sinks[i];
    const char *kind, *rule;
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "kind", true, &kind) ||
        get_string(c, o, "rule", true, &rule) ||
        get_strings(c, o, "functions", false, &s->match.functions, &s->match.nfunctions) ||
        get_wordseqs(c, rs, o, "words", &s->match.words, &s->match.nwords) ||
        get_wordseqs(c, rs, o, "unless", &s->match.unless, &s->match.nunless))
        return -1;
    json_t *args = json_object_get(o, "args");
    if (args && !json_is_array(args))
        return vg_json_fail(c, "args: expected a list of argument positions (0 is the first)");
    for (size_t k = 0; args && k < json_array_size(args); k++) {
        json_t *v = json_array_get(args, k);
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 31)
            return vg_json_fail(c, "args: position %zu is not an integer from 0 to 31", k);
        s->args |= 1ULL << json_integer_value(v);
    }
    int k = 0;
    while (k < VG_SINK__COUNT && strcmp(sink_names[k], kind) != 0)
        k++;
    if (k == VG_SINK__COUNT)
        return vg_json_fail(c, "kind \"%s\" is not one of log, email, sms, voice, cookie, url, http, socket", kind);
    s->kind = (vg_sink_kind)k;
    if (!(s->rule = vg_ruleset_rule(rs, rule)))
        return vg_json_fail(c, "rule \"%s\" is not defined", rule);
    return 0;
}

static int load_callback(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"function", "struct", "callback", "data", "param",
                                       "sends", NULL};
    vg_callback *b = &rs->callbacks[i];
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "function", true, &b->function) ||
        get_position(c, o, "struct", false, &b->holder) ||
        get_position(c, o, "param", true, &b->param) ||
        get_position(c, o, "sends", false, &b->sends))
        return -1;
    b->fn_arg = b->data_arg = -1;
    if (b->holder >= 0) {
        if (get_string(c, o, "callback", true, &b->fn_field) ||
            get_string(c, o, "data", true, &b->data_field))
            return -1;
        if (!strstr(b->fn_field, "::"))
            return vg_json_fail(c, "callback: with \"struct\", must name the function "
                                   "pointer field as \"struct_name::field\" (pam_conv::conv)");
        return 0;
    }
    return get_position(c, o, "callback", true, &b->fn_arg) ||
           get_position(c, o, "data", true, &b->data_arg);
}

static int load_cookie(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"name", "match", "category", "vendor", "purpose", NULL};
    static const char *const cats[] = {"essential", "performance",
                                       "service-improvement", "marketing", NULL};
    vg_cookie_class *k = &rs->cookies[i];
    const char *match;
    if (vg_json_check_keys(c, o, keys) || get_string(c, o, "name", true, &k->name) ||
        get_string(c, o, "match", true, &match) ||
        get_string(c, o, "category", true, &k->category) ||
        get_string(c, o, "vendor", true, &k->vendor) ||
        get_text(c, o, "purpose", true, &k->purpose))
        return -1;
    size_t j = 0;
    while (cats[j] && strcmp(cats[j], k->category) != 0)
        j++;
    if (!cats[j])
        return vg_json_fail(c, "category \"%s\" is not one of essential, performance, "
                       "service-improvement, marketing", k->category);
    if (strcmp(match, "exact") == 0)
        k->match = VG_COOKIE_EXACT;
    else if (strcmp(match, "prefix") == 0)
        k->match = VG_COOKIE_PREFIX;
    else if (strcmp(match, "regex") == 0) {
        int ec;
        PCRE2_SIZE off;
        k->match = VG_COOKIE_REGEX;
        k->re = pcre2_compile((PCRE2_SPTR)k->name, PCRE2_ZERO_TERMINATED,
                              PCRE2_ANCHORED | PCRE2_ENDANCHORED, &ec, &off, NULL);
        if (!k->re) {
            PCRE2_UCHAR m[128];
            pcre2_get_error_message(ec, m, sizeof m);
            return vg_json_fail(c, "regex at offset %zu: %s", (size_t)off, (char *)m);
        }
    } else
        return vg_json_fail(c, "match \"%s\" is not one of exact, prefix, regex", match);
    return 0;
}

static int check_kind(ctx *c, const char *kind)
{
    static const char *const kinds[] = {"analytics", "session-replay", "advertising", "cdn",
                                        NULL};
    for (int i = 0; kind && kinds[i]; i++)
        if (strcmp(kind, kinds[i]) == 0)
            return 0;
    if (!kind)
        return 0;
    return vg_json_fail_at(c, "kind",
                           "\"%s\" is not one of analytics, session-replay, advertising, cdn",
                           kind);
}

static int load_tracker(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"host", "vendor", "category", "kind", NULL};
    vg_tracker *t = &rs->trackers[i];
    return (vg_json_check_keys(c, o, keys) || get_string(c, o, "host", true, &t->host) ||
            get_string(c, o, "vendor", true, &t->vendor) ||
            get_string(c, o, "category", true, &t->category) ||
            get_string(c, o, "kind", false, &t->kind) || check_kind(c, t->kind)) ? -1 : 0;
}

static int load_third_party(ctx *c, vg_ruleset *rs, json_t *o, size_t i)
{
    static const char *const keys[] = {"host", "vendor", "kind", NULL};
    vg_tracker *t = &rs->third_parties[i];
    return (vg_json_check_keys(c, o, keys) || get_string(c, o, "host", true, &t->host) ||
            get_string(c, o, "vendor", true, &t->vendor) ||
            get_string(c, o, "kind", true, &t->kind) || check_kind(c, t->kind)) ? -1 : 0;
}

static int load_solicitation(ctx *c, vg_ruleset *rs, json_t *root)
{
    json_t *o = member(c, root, "solicitation", JSON_OBJECT, false);
    if (!o)
        return json_object_get(root, "solicitation") ? -1 : 0;
    static const char *const keys[] = {"en", "fr", NULL};
    size_t old = vg_json_push_key(c, "solicitation");
    int rc = vg_json_check_keys(c, o, keys);
    if (!rc)
        rc = get_strings(c, o, "en", true, &rs->solicit_en, &rs->nsolicit_en);
    if (!rc)
        rc = get_strings(c, o, "fr", true, &rs->solicit_fr, &rs->nsolicit_fr);
    vg_json_pop(c, old);
    return rc;
}

static int load_root(ctx *c, vg_ruleset *rs, json_t *root)
{
    /* Sections other modules read through vg_ruleset_json() are listed
     * here too, so the loader still rejects misspellings of them. */
    static const char *const keys[] = {"format", "name", "title", "help_uri_base",
        "clauses", "rules", "categories", "stopwords", "sources", "sinks",
        "callbacks", "sanitizers", "audit", "record_reads", "cookies", "trackers", "third_parties",
        "solicitation", "shared_mailboxes", "ciphers", "config_rules", "identifiers", NULL};
    const char *format;
    if (!json_is_object(root))
        return vg_json_fail(c, "a ruleset is a JSON object");
    if (vg_json_check_keys(c, root, keys) || get_string(c, root, "format", true, &format))
        return -1;
    if (strcmp(format, "vigie-ruleset/1") != 0)
        return vg_json_fail(c, "format \"%s\" is not supported (expected \"vigie-ruleset/1\")", format);
    /* Order matters: stopwords before any vocabulary, clauses before rules,
     * rules before sinks, categories before sources. */
    if (get_string(c, root, "name", true, &rs->name) ||
        get_text(c, root, "title", true, &rs->title) ||
        get_string(c, root, "help_uri_base", false, &rs->help_uri_base) ||
        get_strings(c, root, "stopwords", false, &rs->stopwords, &rs->nstopwords) ||
        load_identifiers(c, rs, root) ||
        each(c, rs, root, "clauses", true, (void **)&rs->clauses,
             sizeof *rs->clauses, &rs->nclauses, load_clause) ||
        each(c, rs, root, "rules", true, (void **)&rs->rules,
             sizeof *rs->rules, &rs->nrules, load_rule) ||
        each(c, rs, root, "categories", true, (void **)&rs->categories,
             sizeof *rs->categories, &rs->ncategories, load_category) ||
        each(c, rs, root, "sources", false, (void **)&rs->sources,
             sizeof *rs->sources, &rs->nsources, load_source) ||
        each(c, rs, root, "sinks", false, (void **)&rs->sinks,
             sizeof *rs->sinks, &rs->nsinks, load_sink) ||
        each(c, rs, root, "callbacks", false, (void **)&rs->callbacks,
             sizeof *rs->callbacks, &rs->ncallbacks, load_callback) ||
        load_matcher(c, rs, root, "sanitizers", &rs->sanitizers) ||
        load_matcher(c, rs, root, "audit", &rs->audit) ||
        load_matcher(c, rs, root, "record_reads", &rs->record_reads) ||
        each(c, rs, root, "cookies", false, (void **)&rs->cookies,
             sizeof *rs->cookies, &rs->ncookies, load_cookie) ||
        each(c, rs, root, "trackers", false, (void **)&rs->trackers,
             sizeof *rs->trackers, &rs->ntrackers, load_tracker) ||
        each(c, rs, root, "third_parties", false, (void **)&rs->third_parties,
             sizeof *rs->third_parties, &rs->nthird_parties, load_third_party) ||
        load_solicitation(c, rs, root) ||
        get_strings(c, root, "shared_mailboxes", false, &rs->shared_mailboxes,
                    &rs->nshared_mailboxes))
        return -1;
    for (size_t i = 0; i < rs->ncategories; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(rs->categories[i].id, rs->categories[j].id) == 0)
                return vg_json_fail(c, "duplicate category id \"%s\"", rs->categories[i].id);
    return 0;
}

vg_ruleset *vg_ruleset_load_buffer(const char *buf, size_t len,
                                   const char *origin, vg_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        vg_error_set(err, VG_EINPUT, "%s:%d:%d: %s", origin, jerr.line, jerr.column, jerr.text);
        return NULL;
    }
    vg_ruleset *rs = calloc(1, sizeof *rs);
    char *org = strdup(origin);
    if (!rs || !org) {
        free(rs);
        free(org);
        json_decref(root);
        vg_error_set(err, VG_ENOMEM, "out of memory");
        return NULL;
    }
    rs->priv = root;
    rs->origin = org;
    ctx c = {.origin = origin, .err = err};
    if (load_root(&c, rs, root)) {
        vg_ruleset_free(rs);
        return NULL;
    }
    return rs;
}

vg_ruleset *vg_ruleset_load_file(const char *path, vg_error *err)
{
    size_t len;
    char *buf = vg_json_read_file(path, 1u << 26, &len, err);
    if (!buf)
        return NULL;
    vg_ruleset *rs = vg_ruleset_load_buffer(buf, len, path, err);
    free(buf);
    return rs;
}

vg_ruleset *vg_ruleset_load_builtin(vg_error *err)
{
    return vg_ruleset_load_buffer((const char *)vg_default_ruleset,
                                  vg_default_ruleset_len, "<built-in>", err);
}

void vg_ruleset_free(vg_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++) {
        free(rs->rules[i].clauses);
        free(rs->rules[i].tags);
    }
    free(rs->rules);
    for (size_t i = 0; i < rs->ncategories; i++) {
        free(rs->categories[i].words);
        free(rs->categories[i].types);
        free(rs->categories[i].context);
    }
    free(rs->categories);
    free(rs->clauses);
    free(rs->stopwords);
    free(rs->abbr_from);
    free(rs->abbr_to);
    free(rs->suffix_from);
    free(rs->suffix_to);
    free(rs->head_after);
    free(rs->content_after);
    free(rs->other_phrases);
    free(rs->complement_after);
    free(rs->head_before);
    free(rs->value_fields);
    free(rs->not_data_roles);
    free(rs->place_params);
    free(rs->path_makers);
    for (size_t i = 0; i < rs->nambiguous; i++) {
        free(rs->ambiguous[i].unless);
        free(rs->ambiguous[i].only_with);
    }
    free(rs->ambiguous);
    free(rs->sources);
    for (size_t i = 0; i < rs->nsinks; i++)
        matcher_free(&rs->sinks[i].match);
    free(rs->sinks);
    free(rs->callbacks);
    matcher_free(&rs->sanitizers);
    matcher_free(&rs->audit);
    matcher_free(&rs->record_reads);
    for (size_t i = 0; i < rs->ncookies; i++)
        pcre2_code_free(rs->cookies[i].re);
    free(rs->cookies);
    free(rs->trackers);
    free(rs->third_parties);
    free(rs->solicit_en);
    free(rs->solicit_fr);
    free(rs->shared_mailboxes);
    json_decref(rs->priv);
    free((char *)rs->origin);
    free(rs);
}

const char *vg_text_get(const vg_text *t, vg_lang lang)
{
    return lang == VG_LANG_FR ? t->fr : t->en;
}

const vg_rule *vg_ruleset_rule(const vg_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i].id && strcmp(rs->rules[i].id, id) == 0)
            return &rs->rules[i];
    return NULL;
}

const vg_category *vg_ruleset_category(const vg_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->ncategories; i++)
        if (rs->categories[i].id && strcmp(rs->categories[i].id, id) == 0)
            return &rs->categories[i];
    return NULL;
}

const vg_category *vg_ruleset_category_by_detector(const vg_ruleset *rs,
                                                   vg_detector_kind d)
{
    for (size_t i = 0; i < rs->ncategories; i++)
        if (rs->categories[i].detector == d)
            return &rs->categories[i];
    return NULL;
}

vg_level vg_ruleset_level(const vg_ruleset *rs, const vg_finding *f)
{
    if (vg_finding_is_pass(f))
        return VG_LEVEL_NONE;           /* a compliant flow: "none", whatever the rule */
    if (f->level != VG_LEVEL_NONE)
        return f->level;
    const vg_rule *r = vg_ruleset_rule(rs, f->rule_id);
    return r ? r->level : VG_LEVEL_WARNING;
}

void vg_ruleset_words(const vg_ruleset *rs, const char *ident, size_t len,
                      vg_words *out)
{
    vg_words_split(ident, len, out);
    vg_words_drop(out, rs->stopwords, rs->nstopwords);
    vg_words_map(out, rs->abbr_from, rs->abbr_to, rs->nabbr);
}

static bool listed_word(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return true;
    return false;
}

static bool any_seq(const vg_words *w, const vg_words *seqs, size_t n);

bool vg_ruleset_complement_word(const vg_ruleset *rs, const char *word, size_t n)
{
    for (size_t i = 0; i < rs->ncomplement_after; i++)
        if (strlen(rs->complement_after[i]) == n &&
            !strncasecmp(rs->complement_after[i], word, n))
            return true;
    return false;
}

bool vg_ruleset_place_param(const vg_ruleset *rs, const char *ident)
{
    vg_words w;
    vg_ruleset_words(rs, ident, strlen(ident), &w);
    /* the head is the last word: "pass_file", "auth_file", "path" */
    return w.n && listed_word(w.w[w.n - 1], rs->place_params, rs->nplace_params);
}

bool vg_ruleset_path_maker(const vg_ruleset *rs, const char *fn)
{
    vg_words w;
    vg_ruleset_words(rs, fn, strlen(fn), &w);
    return w.n && listed_word(w.w[w.n - 1], rs->path_makers, rs->npath_makers);
}

bool vg_ruleset_not_data_role(const vg_ruleset *rs, const char *ident)
{
    vg_words w;
    vg_ruleset_words(rs, ident, strlen(ident), &w);
    for (size_t i = 0; i < w.n; i++)
        if (listed_word(w.w[i], rs->not_data_roles, rs->nnot_data_roles))
            return true;
    return false;
}

const vg_category *vg_ruleset_match_type(const vg_ruleset *rs, const char *type_name)
{
    vg_words w;
    vg_ruleset_words(rs, type_name, strlen(type_name), &w);
    for (size_t i = 0; i < rs->ncategories; i++)
        if (rs->categories[i].ntypes &&
            any_seq(&w, rs->categories[i].types, rs->categories[i].ntypes))
            return &rs->categories[i];
    return NULL;
}

bool vg_ruleset_value_field(const vg_ruleset *rs, const char *field)
{
    vg_words w;
    vg_words_split(field, strlen(field), &w);
    /* the last word decides: vp_strvalue, opt_value, data */
    return w.n && listed_word(w.w[w.n - 1], rs->value_fields, rs->nvalue_fields);
}

static bool all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* English puts the head last ("password_file" is a file), French first
 * ("fichier_mot_de_passe"): a listed word after the phrase, or before it,
 * makes the name denote something about the data. With content_after, a
 * word after the phrase that is none of those a name of the data may end
 * with is the head too: a list of what may follow holds on code nobody
 * listed the heads of ("passwd_bases", "prohibit_message"). */
static bool denotes_data(const vg_ruleset *rs, const vg_words *w, size_t at, size_t len)
{
    for (size_t i = at + len;
         i < w->n && !listed_word(w->w[i], rs->complement_after, rs->ncomplement_after); i++)
        if (listed_word(w->w[i], rs->head_after, rs->nhead_after) ||
            (rs->ncontent_after && !all_digits(w->w[i]) &&
             !listed_word(w->w[i], rs->content_after, rs->ncontent_after)))
            return false;
    for (size_t i = 0; i < at; i++)
        if (listed_word(w->w[i], rs->head_before, rs->nhead_before))
            return false;
    return true;
}

/* Lower-case compounds the splitter cannot cut ("userpassword",
 * "thepasswd"): a word ending with a one-word term of the vocabulary,
 * long enough not to occur by chance. */
#define COMPOUND_MIN 6
#define SUFFIX_PREFIX_MIN 4     /* before a compound suffix: "root"pw, not "get"pw or "c"pw */
static bool ends_with(const char *word, const char *end)
{
    size_t l = strlen(word), el = strlen(end);
    return l > el && strcmp(word + l - el, end) == 0;
}

static int compound_at(const vg_ruleset *rs, const vg_words *w, const vg_words *seq)
{
    if (seq->n != 1)
        return -1;
    bool long_enough = strlen(seq->w[0]) >= COMPOUND_MIN;
    for (size_t i = 0; i < w->n; i++) {
        if (long_enough && ends_with(w->w[i], seq->w[0]))
            return (int)i;
        for (size_t k = 0; k < rs->nsuffix; k++)     /* "bindpw", not "cpw" */
            if (!strcmp(rs->suffix_to[k], seq->w[0]) && ends_with(w->w[i], rs->suffix_from[k]) &&
                strlen(w->w[i]) >= strlen(rs->suffix_from[k]) + SUFFIX_PREFIX_MIN)
                return (int)i;
    }
    return -1;
}

static bool any_seq(const vg_words *w, const vg_words *seqs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (vg_words_contains(w, &seqs[i]))
            return true;
    return false;
}

static bool ident_start(char ch)
{
    return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

unsigned long long vg_ruleset_context(const vg_ruleset *rs, const char *text, size_t len)
{
    unsigned long long bits = 0;
    size_t i = 0;
    while (i < len) {
        if (!ident_start(text[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && (ident_start(text[i]) || (text[i] >= '0' && text[i] <= '9')))
            i++;
        vg_words w;
        vg_words_split(text + start, i - start, &w);
        for (size_t k = 0; k < w.n; k++)
            for (size_t a = 0; a < rs->nambiguous; a++) {
                const vg_ambiguous *x = &rs->ambiguous[a];
                if (listed_word(w.w[k], x->unless, x->nunless))
                    bits |= 1ULL << (2 * a);
                if (listed_word(w.w[k], x->only_with, x->nonly_with))
                    bits |= 1ULL << (2 * a + 1);
            }
    }
    return bits;
}

/* The words of w from k, joined by spaces, start with phrase (one word
 * or several: "nas", "session id"); *nwords gets how many it spans. */
static bool phrase_at(const vg_words *w, size_t k, const char *phrase, size_t *nwords)
{
    size_t n = 0;
    for (const char *p = phrase; k + n < w->n; n++) {
        size_t l = strlen(w->w[k + n]);
        if (strncmp(p, w->w[k + n], l) != 0 || (p[l] != '\0' && p[l] != ' '))
            return false;
        p += l;
        if (!*p) {
            *nwords = n + 1;
            return true;
        }
        p++;
    }
    return false;
}

bool vg_ruleset_has_ambiguous(const vg_ruleset *rs, const char *ident)
{
    if (!rs->nambiguous)
        return false;
    vg_words w;
    vg_ruleset_words(rs, ident, strlen(ident), &w);
    size_t n;
    for (size_t k = 0; k < w.n; k++)
        for (size_t a = 0; a < rs->nambiguous; a++)
            if (phrase_at(&w, k, rs->ambiguous[a].word, &n))
                return true;
    return false;
}

/* Does the context take this match away? (The matched phrase is the
 * ambiguous word, or the ambiguous phrase: "nas", "session id".) */
static bool ambiguous_reject(const vg_ruleset *rs, const vg_words *seq,
                             unsigned long long context)
{
    if (context == VG_CONTEXT_UNKNOWN)
        return false;
    for (size_t a = 0; a < rs->nambiguous; a++) {
        const vg_ambiguous *x = &rs->ambiguous[a];
        size_t n;
        if (!phrase_at(seq, 0, x->word, &n) || n != seq->n)
            continue;
        if (x->nunless && (context >> (2 * a) & 1))
            return true;
        if (x->nonly_with && !(context >> (2 * a + 1) & 1))
            return true;
    }
    return false;
}

const vg_category *vg_ruleset_match_identifier(const vg_ruleset *rs,
                                               const char *ident)
{
    return vg_ruleset_match_identifier_in(rs, ident, VG_CONTEXT_UNKNOWN);
}

const vg_category *vg_ruleset_match_identifier_in(const vg_ruleset *rs, const char *ident,
                                                  unsigned long long context)
{
    vg_words w;
    vg_ruleset_words(rs, ident, strlen(ident), &w);
    if (!w.n)
        return NULL;
    /* words inside a phrase that names something else are no match */
    unsigned long long other = 0;
    for (size_t i = 0; i < rs->nother_phrases; i++) {
        int at = vg_words_find(&w, &rs->other_phrases[i]);
        for (size_t k = 0; at >= 0 && k < rs->other_phrases[i].n && at + k < 64; k++)
            other |= 1ULL << (at + k);
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rs->ncategories; i++)
            for (size_t k = 0; k < rs->categories[i].nwords; k++) {
                const vg_words *seq = &rs->categories[i].words[k];
                int at = pass ? compound_at(rs, &w, seq) : vg_words_find_plural(&w, seq);
                /* "password_file" is a file: look on, for a category that
                 * is the head ("nas_secret" is a secret, not a SIN) */
                if (at >= 0 && at < 64 && !(other >> at & 1) &&
                    denotes_data(rs, &w, (size_t)at, pass ? 1 : seq->n) &&
                    !ambiguous_reject(rs, seq, context))
                    return &rs->categories[i];
            }
    return NULL;
}

bool vg_matcher_match(const vg_ruleset *rs, const vg_matcher *m, const char *fn)
{
    for (size_t i = 0; i < m->nfunctions; i++)
        if (strcmp(m->functions[i], fn) == 0)
            return true;
    if (!m->nwords)
        return false;
    vg_words w;
    vg_ruleset_words(rs, fn, strlen(fn), &w);
    return any_seq(&w, m->words, m->nwords) && !any_seq(&w, m->unless, m->nunless);
}

const vg_cookie_class *vg_ruleset_cookie(const vg_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->ncookies; i++) {
        const vg_cookie_class *k = &rs->cookies[i];
        switch (k->match) {
        case VG_COOKIE_EXACT:
            if (strcmp(k->name, name) == 0)
                return k;
            break;
        case VG_COOKIE_PREFIX:
            if (strncmp(k->name, name, strlen(k->name)) == 0)
                return k;
            break;
        case VG_COOKIE_REGEX: {
            pcre2_match_data *md = pcre2_match_data_create_from_pattern(k->re, NULL);
            int rc = md ? pcre2_match(k->re, (PCRE2_SPTR)name, PCRE2_ZERO_TERMINATED,
                                      0, 0, md, NULL) : -1;
            pcre2_match_data_free(md);
            if (rc >= 0)
                return k;
            break;
        }
        }
    }
    return NULL;
}

const void *vg_ruleset_json(const vg_ruleset *rs)
{
    return rs->priv;
}
