/* Ruleset loader: the built-in ruleset is complete; broken ones are
 * rejected with a message that says where and what. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_ruleset.h"

static const char *const catalogue[] = {
    "TLS001", "TLS002", "TLS003", "TLS004", "TLS005", "CK001", "CK002", "CK003",
    "CK004", "CK005", "LOG001", "LOG002", "MSG001", "MSG002", "MSG003", "MSG004",
    "DSC001", "DSC002", "DSC003", "DSC004", "CRD001", "CRD002", "CRD003", "CRD004"};

Test(ruleset, builtin_has_every_catalogue_rule_bilingual_with_clauses)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    cr_expect_eq(rs->nrules, sizeof catalogue / sizeof catalogue[0]);
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++) {
        const vg_rule *r = vg_ruleset_rule(rs, catalogue[i]);
        cr_assert_not_null(r, "rule %s missing", catalogue[i]);
        cr_expect_gt(strlen(r->short_desc.fr), 10);
        cr_expect_gt(strlen(r->full_desc.en), 40);
        cr_expect_gt(strlen(r->compliant.fr), 10);
        cr_expect_gt(r->nclauses, 0);
        for (size_t j = 0; j < r->nclauses; j++) {
            cr_expect_not_null(r->clauses[j]->seed);
            cr_expect_gt(strlen(r->clauses[j]->heading.fr), 3);
        }
    }
    cr_expect_not_null(vg_ruleset_category(rs, "nam"));
    cr_expect(vg_ruleset_category(rs, "nam")->sensitive);
    cr_expect_eq(vg_ruleset_category_by_detector(rs, VG_DET_SIN),
                 vg_ruleset_category(rs, "sin"));
    vg_ruleset_free(rs);
}

Test(ruleset, cookie_catalogue_matches_exact_and_prefix_names)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    const vg_cookie_class *ga = vg_ruleset_cookie(rs, "_ga");
    cr_assert_not_null(ga);
    cr_expect_str_eq(ga->category, "performance");
    const vg_cookie_class *hj = vg_ruleset_cookie(rs, "_hjSessionUser_123456");
    cr_assert_not_null(hj);
    cr_expect_str_eq(hj->category, "service-improvement");
    cr_expect_null(vg_ruleset_cookie(rs, "SESSIONID_made_up_by_the_app"));
    vg_ruleset_free(rs);
}

/* Load `json` from a temporary file; return the error message ("" if it
 * loaded). */
static char *load_error(const char *json)
{
    static char msg[600];
    char path[] = "/tmp/vigie-ruleset-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, json, strlen(json)), (ssize_t)strlen(json));
    close(fd);
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_file(path, &err);
    unlink(path);
    msg[0] = '\0';
    if (!rs) {
        /* Replace the random temp name so messages can be compared. */
        const char *p = strstr(err.msg, path);
        if (p)
            snprintf(msg, sizeof msg, "FILE%s", p + strlen(path));
        else
            snprintf(msg, sizeof msg, "%s", err.msg);
    }
    vg_ruleset_free(rs);
    return msg;
}

#define MIN_HEAD "{\"format\":\"vigie-ruleset/1\",\"name\":\"t\"," \
    "\"title\":{\"en\":\"T\",\"fr\":\"T\"}," \
    "\"clauses\":[{\"id\":\"c1\",\"seed\":\"000\",\"heading\":{\"en\":\"H\",\"fr\":\"H\"}," \
    "\"summary\":{\"en\":\"S\",\"fr\":\"S\"}}],"
#define RULE(level, clause) "{\"id\":\"R1\",\"name\":\"r\",\"level\":\"" level "\"," \
    "\"clauses\":[\"" clause "\"],\"short\":{\"en\":\"s\",\"fr\":\"s\"}," \
    "\"full\":{\"en\":\"f\",\"fr\":\"f\"},\"compliant\":{\"en\":\"c\",\"fr\":\"c\"}}"

Test(ruleset, minimal_valid_ruleset_loads)
{
    cr_expect_str_eq(load_error(MIN_HEAD "\"rules\":[" RULE("error", "c1") "],\"categories\":[]}"), "");
}

Test(ruleset, syntax_error_names_file_line_and_column)
{
    const char *m = load_error("{\n  \"format\": \"vigie-ruleset/1\",\n  \"name\": oops\n}");
    cr_expect(strncmp(m, "FILE:3:", 7) == 0, "got: %s", m);
}

Test(ruleset, unknown_key_is_rejected_with_its_path)
{
    const char *m = load_error(MIN_HEAD "\"rules\":[" RULE("error", "c1") "],\"categories\":[],\"sinsk\":[]}");
    cr_expect(strstr(m, "sinsk: unknown key (allowed here: "), "got: %s", m);
    m = load_error(MIN_HEAD "\"rules\":[{\"idd\":\"x\"}],\"categories\":[]}");
    cr_expect(strstr(m, "rules[0].idd: unknown key"), "got: %s", m);
}

Test(ruleset, bad_level_and_dangling_clause_are_rejected)
{
    const char *m = load_error(MIN_HEAD "\"rules\":[" RULE("fatal", "c1") "],\"categories\":[]}");
    cr_expect(strstr(m, "rules[0]: level \"fatal\""), "got: %s", m);
    m = load_error(MIN_HEAD "\"rules\":[" RULE("error", "nope") "],\"categories\":[]}");
    cr_expect(strstr(m, "clause \"nope\" is not defined"), "got: %s", m);
}

Test(ruleset, missing_field_and_wrong_type_are_named)
{
    const char *m = load_error("{\"format\":\"vigie-ruleset/1\"}");
    cr_expect(strstr(m, "name: missing"), "got: %s", m);
    m = load_error(MIN_HEAD "\"rules\":{},\"categories\":[]}");
    cr_expect(strstr(m, "rules: must be an array"), "got: %s", m);
    m = load_error(MIN_HEAD "\"rules\":[],\"categories\":[{\"id\":\"x\",\"label\":{\"en\":\"x\"},\"sensitive\":true}]}");
    cr_expect(strstr(m, "categories[0].label.fr: missing"), "got: %s", m);
}

Test(ruleset, wrong_format_version_and_bad_regex_are_rejected)
{
    const char *m = load_error("{\"format\":\"vigie-ruleset/9\"}");
    cr_expect(strstr(m, "not supported"), "got: %s", m);
    m = load_error(MIN_HEAD "\"rules\":[],\"categories\":[],\"cookies\":[{\"name\":\"(\","
                   "\"match\":\"regex\",\"category\":\"essential\",\"vendor\":\"v\","
                   "\"purpose\":{\"en\":\"p\",\"fr\":\"p\"}}]}");
    cr_expect(strstr(m, "cookies[0]: regex"), "got: %s", m);
}

Test(ruleset, sink_args_must_be_argument_positions)
{
    const char *m = load_error(MIN_HEAD "\"rules\":[" RULE("error", "c1") "],\"categories\":[],"
                               "\"sinks\":[{\"kind\":\"socket\",\"rule\":\"R1\",\"args\":[2,-1],"
                               "\"functions\":[\"f\"]}]}");
    cr_expect(strstr(m, "sinks[0]: args: position 1 is not an integer from 0 to 31"), "got: %s", m);
    m = load_error(MIN_HEAD "\"rules\":[" RULE("error", "c1") "],\"categories\":[],"
                   "\"sinks\":[{\"kind\":\"socket\",\"rule\":\"R1\",\"args\":[2],"
                   "\"functions\":[\"f\"]}]}");
    cr_expect_str_eq(m, "");
}

#define SRC_HEAD MIN_HEAD "\"rules\":[],\"categories\":[{\"id\":\"password\"," \
    "\"label\":{\"en\":\"p\",\"fr\":\"p\"},\"sensitive\":true}],\"sources\":["

Test(ruleset, sources_may_name_the_argument_their_data_goes_out_through)
{
    const char *m = load_error(SRC_HEAD "{\"function\":\"sasl_client_start\","
                               "\"category\":\"password\",\"out\":3}]}");
    cr_expect_str_eq(m, "");
    m = load_error(SRC_HEAD "{\"function\":\"f\",\"category\":\"password\",\"out\":-1}]}");
    cr_expect(strstr(m, "sources[0].out: must be a position from 0 to 15"), "got: %s", m);
    m = load_error(SRC_HEAD "{\"function\":\"f\",\"category\":\"password\",\"out\":\"3\"}]}");
    cr_expect(strstr(m, "sources[0].out"), "got: %s", m);
}

/* The source's out position, or -2 when the ruleset lists no such source. */
static int source_out(const vg_ruleset *rs, const char *function)
{
    for (size_t i = 0; i < rs->nsources; i++)
        if (!strcmp(rs->sources[i].function, function))
            return rs->sources[i].out;
    return -2;
}

Test(ruleset, builtin_sasl_sources_write_through_their_output_argument)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    int out = source_out(rs, "sasl_client_step");
    cr_expect_eq(out, 4, "sasl_client_step's clientout is argument 4, got %d", out);
    int ret = source_out(rs, "readpassphrase");
    cr_expect_eq(ret, -1, "readpassphrase returns its data, got %d", ret);
    vg_ruleset_free(rs);
}

#define CB_HEAD MIN_HEAD "\"rules\":[],\"categories\":[],\"callbacks\":["

Test(ruleset, callbacks_name_positions_or_a_struct_and_its_fields)
{
    const char *m = load_error(CB_HEAD "{\"function\":\"pthread_create\",\"callback\":2,"
                               "\"data\":3,\"param\":0}]}");
    cr_expect_str_eq(m, "");
    m = load_error(CB_HEAD "{\"function\":\"pam_start\",\"struct\":2,\"callback\":"
                   "\"pam_conv::conv\",\"data\":\"appdata_ptr\",\"param\":3}]}");
    cr_expect_str_eq(m, "");
    m = load_error(CB_HEAD "{\"function\":\"f\",\"callback\":2,\"data\":99,\"param\":0}]}");
    cr_expect(strstr(m, "callbacks[0].data: must be a position from 0 to 15"), "got: %s", m);
    m = load_error(CB_HEAD "{\"function\":\"f\",\"callback\":2,\"data\":3}]}");
    cr_expect(strstr(m, "callbacks[0].param: missing"), "got: %s", m);
    m = load_error(CB_HEAD "{\"function\":\"f\",\"struct\":1,\"callback\":\"conv\","
                   "\"data\":\"appdata_ptr\",\"param\":3}]}");
    cr_expect(strstr(m, "\"struct_name::field\""), "got: %s", m);
    m = load_error(CB_HEAD "{\"function\":\"f\",\"struct\":1,\"callback\":2,"
                   "\"data\":\"appdata_ptr\",\"param\":3}]}");
    cr_expect(strstr(m, "callbacks[0].callback: must be a string"), "got: %s", m);
}

Test(ruleset, builtin_ruleset_knows_pam_conversations_are_called_back)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    const vg_callback *pam = NULL;
    for (size_t i = 0; i < rs->ncallbacks; i++)
        if (!strcmp(rs->callbacks[i].function, "pam_start"))
            pam = &rs->callbacks[i];
    cr_assert_not_null(pam);
    cr_expect_eq(pam->holder, 2);
    cr_expect_str_eq(pam->fn_field, "pam_conv::conv");
    cr_expect_str_eq(pam->data_field, "appdata_ptr");
    cr_expect_eq(pam->param, 3);
    cr_expect_eq(pam->sends, -1);
    vg_ruleset_free(rs);
}

Test(ruleset, missing_file_is_an_error_not_a_crash)
{
    vg_error err;
    cr_expect_null(vg_ruleset_load_file("/nonexistent/rules.json", &err));
    cr_expect(strstr(err.msg, "/nonexistent/rules.json"));
}

Test(ruleset, duplicate_keys_are_rejected)
{
    const char *m = load_error("{\"format\":\"vigie-ruleset/1\",\"format\":\"x\"}");
    cr_expect(strstr(m, "duplicate"), "got: %s", m);
}

/* JSON nested far past jansson's parsing depth (2048): an error naming
 * the file, not a stack overflow. Generated here, 200,000 levels. */
Test(ruleset, deeply_nested_json_is_an_error_not_a_crash)
{
    size_t n = 200000;
    char *s = malloc(2 * n + 32);
    size_t o = (size_t)sprintf(s, "{\"rules\":");
    memset(s + o, '[', n);
    memset(s + o + n, ']', n);
    strcpy(s + o + 2 * n, "}");
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_buffer(s, strlen(s), "deep.json", &err);
    cr_expect_null(rs);
    cr_expect(strncmp(err.msg, "deep.json:", 10) == 0, "%s", err.msg);
    vg_ruleset_free(rs);
    free(s);
}

Test(ruleset, third_parties_need_a_known_kind_and_trackers_may_name_theirs)
{
    cr_expect_str_eq(load_error(MIN_HEAD "\"rules\":[],\"categories\":[],"
                                "\"trackers\":[{\"host\":\"t.test\",\"vendor\":\"T\","
                                "\"category\":\"performance\",\"kind\":\"session-replay\"}],"
                                "\"third_parties\":[{\"host\":\"c.test\",\"vendor\":\"C\","
                                "\"kind\":\"cdn\"}]}"), "");
    const char *m = load_error(MIN_HEAD "\"rules\":[],\"categories\":[],"
                               "\"third_parties\":[{\"host\":\"c.test\",\"vendor\":\"C\","
                               "\"kind\":\"widget\"}]}");
    cr_expect(strstr(m, "third_parties[0].kind: \"widget\" is not one of"), "got: %s", m);
    m = load_error(MIN_HEAD "\"rules\":[],\"categories\":[],"
                   "\"third_parties\":[{\"host\":\"c.test\",\"vendor\":\"C\"}]}");
    cr_expect(strstr(m, "third_parties[0].kind: missing"), "got: %s", m);
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    bool cdn = false;
    for (size_t i = 0; i < rs->nthird_parties; i++)
        cdn |= strcmp(rs->third_parties[i].host, "cdn.jsdelivr.net") == 0 &&
               strcmp(rs->third_parties[i].kind, "cdn") == 0;
    cr_expect(cdn, "the built-in catalogue names CDNs");
    vg_ruleset_free(rs);
}
