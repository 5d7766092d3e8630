#ifndef VG_RULESET_H
#define VG_RULESET_H
/*
 * vg_ruleset: the policy as data (see docs/ruleset-format.md).
 *
 * A loaded ruleset is immutable and may be shared by threads. It owns every
 * string and array reachable from it; free it with vg_ruleset_free().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vg_error.h"
#include "vg_finding.h"
#include "vg_msg.h"
#include "vg_words.h"


typedef struct vg_clause {
    const char *id, *seed;
    vg_text source;             /* title of the policy text, or en/fr NULL */
    vg_text heading, summary;
} vg_clause;

typedef struct vg_rule {
    const char *id, *name;
    vg_level level;
    double security_severity;
    const vg_clause **clauses;
    size_t nclauses;
    const char **tags;
    size_t ntags;
    vg_text short_desc, full_desc, compliant;
} vg_rule;

/* Value detectors built into vg_detect. */
typedef enum vg_detector_kind {
    VG_DET_NONE = 0, VG_DET_NAM, VG_DET_SIN, VG_DET_DOB,
    VG_DET_EMAIL, VG_DET_PHONE, VG_DET_POSTAL
} vg_detector_kind;

typedef struct vg_category {
    const char *id;
    vg_text label;
    bool sensitive;
    vg_detector_kind detector;
    vg_words *words;            /* identifier vocabulary */
    size_t nwords;
    const char **context;       /* free-text context phrases */
    size_t ncontext;
    vg_words *types;            /* record type names whose values are this data */
    size_t ntypes;              /* (a DICOM data set, an HL7 message: health data) */
    bool credential;            /* a secret (password, token): CRD004 where it leaks */
    bool numeric;               /* may be held in an integer (a SIN, a PIN) */
    unsigned sinks;             /* bit per vg_sink_kind where it is a finding */
} vg_category;

typedef struct vg_matcher {
    const char **functions;
    size_t nfunctions;
    vg_words *words;
    size_t nwords;
    /* Words that, anywhere in a name the words matched, make it another
     * function: smtp_send_cmd sends a protocol command, not a mail. The
     * exact `functions` are not affected. */
    vg_words *unless;
    size_t nunless;
} vg_matcher;

typedef enum vg_sink_kind {
    VG_SINK_LOG, VG_SINK_EMAIL, VG_SINK_SMS, VG_SINK_VOICE, VG_SINK_COOKIE,
    VG_SINK_URL, VG_SINK_HTTP, VG_SINK_SOCKET, VG_SINK__COUNT
} vg_sink_kind;
const char *vg_sink_kind_name(vg_sink_kind k);

typedef struct vg_sink {
    vg_sink_kind kind;
    const vg_rule *rule;
    vg_matcher match;
    uint64_t args;          /* bit i: argument i carries the data, with its fields
                               (ldap_simple_bind_s's password, a berval); 0: the
                               kind's default */
} vg_sink;

/* A library function that calls back a function it is handed, with data
 * it is also handed: pthread_create(t, attr, start, arg) calls
 * start(arg); pam_start(service, user, &conv, &h) calls
 * conv.conv(..., conv.appdata_ptr). The callback's parameter `param`
 * receives that data, so what the callback does with it (a debug log)
 * is the caller's flow. With `sends` >= 0, what the callback writes
 * through that parameter is what the function sends (the SASL
 * interaction results ldap_sasl_interactive_bind_s puts on the wire),
 * judged as the function's own sink in `sinks`. */
typedef struct vg_callback {
    const char *function;
    int holder;             /* argument that is a struct holding both (pam_conv), or -1 */
    int fn_arg;             /* without holder: argument that is the function */
    int data_arg;           /* without holder: argument that is the data */
    const char *fn_field;   /* with holder: "struct::field", the function pointer */
    const char *data_field; /* with holder: the field holding the data */
    int param;              /* callback parameter receiving the data (0 is the first) */
    int sends;              /* callback parameter whose filled content is sent, or -1 */
} vg_callback;

typedef struct vg_source {
    const char *function;
    const vg_category *category;
    int out;                    /* the argument the data is written through
                                   (sasl_client_start's clientout), -1: the result */
} vg_source;

typedef enum vg_cookie_match { VG_COOKIE_EXACT, VG_COOKIE_PREFIX, VG_COOKIE_REGEX } vg_cookie_match;

typedef struct vg_cookie_class {
    const char *name;
    vg_cookie_match match;
    const char *category;       /* essential, performance, service-improvement, marketing */
    const char *vendor;
    vg_text purpose;
    void *re;                   /* compiled pcre2 pattern for VG_COOKIE_REGEX */
} vg_cookie_class;

/* A third-party host. In `trackers` (scripts that need consent): category
 * is a cookie category; kind (analytics, session-replay, advertising) may
 * be NULL, then the category says it. In `third_parties` (hosts that are
 * not trackers, such as CDNs): category NULL, kind given. */
typedef struct vg_tracker {
    const char *host, *vendor, *category, *kind;
} vg_tracker;

/* A vocabulary word with another meaning in some code bases: "nas" is a
 * SIN in a health service and a network access server in a RADIUS one.
 * It names its category unless the unit also speaks of one of `unless`,
 * and (when `only_with` is given) only if it speaks of one of those. */
typedef struct vg_ambiguous {
    const char *word;
    const char **unless; size_t nunless;
    const char **only_with; size_t nonly_with;
} vg_ambiguous;

#define VG_CONTEXT_UNKNOWN (~0ULL)

typedef struct vg_ruleset {
    const char *origin;         /* file it came from, or "<built-in>" */
    const char *name;
    vg_text title;
    const char *help_uri_base;  /* may be NULL */
    vg_clause *clauses;   size_t nclauses;
    vg_rule *rules;       size_t nrules;
    vg_category *categories; size_t ncategories;
    const char **stopwords; size_t nstopwords;
    /* Identifier reading: abbreviations ("no" -> "number"), and the words
     * that make a name denote something else than the data it names
     * ("password_file", "hachage_nas"). */
    const char **abbr_from, **abbr_to; size_t nabbr;
    /* Abbreviations that also end lower-case compounds ("bindpw",
     * "rootpw"): too short for the compound rule, and no word of the
     * languages read ends with them. */
    const char **suffix_from, **suffix_to; size_t nsuffix;
    const char **head_after; size_t nhead_after;
    const char **head_before; size_t nhead_before;
    /* When given, the only words that may follow a category phrase in a
     * name that still denotes the data: carriers ("password_str"),
     * modifiers ("password_new") and whose it is ("nom_patient"); any
     * other noun is the head ("passwd_filter", "attmap_passwd_uid"). */
    const char **content_after; size_t ncontent_after;
    /* Prepositions: what follows one is a complement, the head is before
     * ("password_with_header", "nom_du_patient"). */
    const char **complement_after; size_t ncomplement_after;
    /* Phrases that name something else than their words do: a RADIUS
     * "chap password" is the CHAP response, an MD5 hash. */
    vg_words *other_phrases; size_t nother_phrases;
    const char **value_fields; size_t nvalue_fields;   /* "value", "data", "strvalue" */
    struct vg_ambiguous *ambiguous; size_t nambiguous;
    const char **not_data_roles; size_t nnot_data_roles;  /* "status", "command" */
    const char **place_params; size_t nplace_params;      /* "file", "path" */
    const char **path_makers; size_t npath_makers;        /* "path", "filename" */
    vg_source *sources;   size_t nsources;
    vg_sink *sinks;       size_t nsinks;
    vg_callback *callbacks; size_t ncallbacks;
    vg_matcher sanitizers, audit, record_reads;
    vg_cookie_class *cookies; size_t ncookies;
    vg_tracker *trackers; size_t ntrackers;
    vg_tracker *third_parties; size_t nthird_parties;
    const char **solicit_en; size_t nsolicit_en;
    const char **solicit_fr; size_t nsolicit_fr;
    const char **shared_mailboxes; size_t nshared_mailboxes;
    void *priv;                 /* loader state (the parsed JSON document) */
} vg_ruleset;

/* Load from a file / from memory. `origin` names the source in errors.
 * Returns NULL and fills err ("file:line:col: ..." or "file: path: ...").
 * Caller owns the result. */
vg_ruleset *vg_ruleset_load_file(const char *path, vg_error *err);
vg_ruleset *vg_ruleset_load_buffer(const char *buf, size_t len,
                                   const char *origin, vg_error *err);
/* The ruleset compiled into the binary (rulesets/default.json). */
vg_ruleset *vg_ruleset_load_builtin(vg_error *err);
void vg_ruleset_free(vg_ruleset *rs);

const vg_rule *vg_ruleset_rule(const vg_ruleset *rs, const char *id);
const vg_category *vg_ruleset_category(const vg_ruleset *rs, const char *id);
const vg_category *vg_ruleset_category_by_detector(const vg_ruleset *rs,
                                                   vg_detector_kind d);

/* Effective level of a finding: its own, or its rule's default. */
vg_level vg_ruleset_level(const vg_ruleset *rs, const vg_finding *f);

/* Split an identifier, drop the stopwords and expand abbreviations: the
 * form every vocabulary comparison uses. */
void vg_ruleset_words(const vg_ruleset *rs, const char *ident, size_t len,
                      vg_words *out);

/* The surrounding vocabulary of a text (a unit's source): two bits per
 * ambiguous word, bit 2k set when one of its `unless` words occurs, bit
 * 2k+1 when one of its `only_with` words does. */
unsigned long long vg_ruleset_context(const vg_ruleset *rs, const char *text, size_t len);

/* Does this identifier contain one of the ambiguous words? */
bool vg_ruleset_has_ambiguous(const vg_ruleset *rs, const char *ident);

/* vg_ruleset_match_identifier, reading ambiguous words with a context
 * from vg_ruleset_context (VG_CONTEXT_UNKNOWN: every word counts). */
const vg_category *vg_ruleset_match_identifier_in(const vg_ruleset *rs, const char *ident,
                                                  unsigned long long context);

/* Is word[0..n) a preposition of complement_after ("for", "de"), any case? */
bool vg_ruleset_complement_word(const vg_ruleset *rs, const char *word, size_t n);

/* Does a parameter's name say it is where data is kept ("pass_file",
 * "path"), not the data? A value passed to it is read as that. */
bool vg_ruleset_place_param(const vg_ruleset *rs, const char *ident);

/* Does a function's name say it makes a path ("mutt_safe_path",
 * "get_filename")? What it returns or writes back is a place's name,
 * not the data it was made from. */
bool vg_ruleset_path_maker(const vg_ruleset *rs, const char *fn);

/* Does the name give a value of a data-container type another role
 * ("statusDetail", "cmdSet": a status or command set, not a patient's)? */
bool vg_ruleset_not_data_role(const vg_ruleset *rs, const char *ident);

/* The category whose values a record type holds ("DcmDataset" -> health),
 * or NULL. */
const vg_category *vg_ruleset_match_type(const vg_ruleset *rs, const char *type_name);

/* Is this field name a generic "the value itself" field (vp->strvalue,
 * opt->value, buf->data)? The text of a password object's value field is
 * the password. */
bool vg_ruleset_value_field(const vg_ruleset *rs, const char *field);

/* The personal-data category an identifier names ("patientNam" -> nam,
 * "userpassword" -> password), or NULL. A name whose head word says it
 * denotes something about the data rather than the data itself
 * ("password_file", "nam_length", "encrypted_passwd", "fichier_mdp") names
 * no category. */
const vg_category *vg_ruleset_match_identifier(const vg_ruleset *rs,
                                               const char *ident);

/* True when fn is listed in m or its words contain one of m's entries. */
bool vg_matcher_match(const vg_ruleset *rs, const vg_matcher *m, const char *fn);

/* Cookie catalogue look-up; NULL when the name is unknown. */
const vg_cookie_class *vg_ruleset_cookie(const vg_ruleset *rs, const char *name);

/* The raw JSON document (a jansson json_t *) for modules that read
 * sections this loader does not model. Borrowed. */
const void *vg_ruleset_json(const vg_ruleset *rs);

#endif
