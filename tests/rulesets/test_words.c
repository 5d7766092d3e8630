/* Identifier splitting and vocabulary matching, FR and EN. */
#include <criterion/criterion.h>
#include <string.h>

#include "vg_ruleset.h"

static void split(const char *s, const char *expect)
{
    vg_words w;
    char got[256] = "";
    vg_words_split(s, strlen(s), &w);
    for (size_t i = 0; i < w.n; i++) {
        if (i)
            strcat(got, " ");
        strcat(got, w.w[i]);
    }
    cr_expect_str_eq(got, expect, "split(%s)", s);
}

Test(words, splits_camel_snake_acronyms_digits_and_accents)
{
    split("patientNam", "patient nam");
    split("no_assurance_maladie", "no assurance maladie");
    split("noAssuranceMaladie", "no assurance maladie");
    split("HTTPServer", "http server");
    split("getNAS2", "get nas 2");
    split("dateNaissance", "date naissance");
    split("numéro d'assurance", "numero d assurance");
    split("MOT-DE-PASSE", "mot de passe");
    split("", "");
}

/* The one folding table (util/vg_fold.h): letters the old tables split on
 * or left alone are folded like the messages checker folds them. */
Test(words, folds_with_the_shared_latin_table)
{
    split("dossierSœur", "dossier sour");
    split("ŒUVRE_nom", "ouvre nom");
    split("straße", "strase");
    split("ÉtatCivil", "etat civil");
    split("a×b", "a b");
}

static vg_ruleset *rs;

static void setup(void)
{
    vg_error err;
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
}

static void teardown(void)
{
    vg_ruleset_free(rs);
}

static const char *cat_of(const char *ident)
{
    const vg_category *c = vg_ruleset_match_identifier(rs, ident);
    return c ? c->id : "-";
}

Test(words, identifiers_name_their_category_in_both_languages, .init = setup, .fini = teardown)
{
    cr_expect_str_eq(cat_of("patientNam"), "nam");
    cr_expect_str_eq(cat_of("no_assurance_maladie"), "nam");
    cr_expect_str_eq(cat_of("healthInsuranceNumber"), "nam");
    cr_expect_str_eq(cat_of("nas"), "sin");
    cr_expect_str_eq(cat_of("client_sin"), "sin");
    cr_expect_str_eq(cat_of("date_naissance"), "dob");
    cr_expect_str_eq(cat_of("date_de_naissance"), "dob");     /* stopword dropped */
    cr_expect_str_eq(cat_of("dob"), "dob");
    cr_expect_str_eq(cat_of("pwd"), "password");
    cr_expect_str_eq(cat_of("mot_de_passe"), "password");
    cr_expect_str_eq(cat_of("motDePasseTemporaire"), "password");
    cr_expect_str_eq(cat_of("username"), "username");
    cr_expect_str_eq(cat_of("nomUtilisateur"), "username");
}

Test(words, look_alike_identifiers_name_nothing, .init = setup, .fini = teardown)
{
    cr_expect_str_eq(cat_of("single"), "-");
    cr_expect_str_eq(cat_of("using"), "-");
    cr_expect_str_eq(cat_of("nominal"), "-");
    cr_expect_str_eq(cat_of("signal"), "-");
    cr_expect_str_eq(cat_of("passenger"), "-");
    cr_expect_str_eq(cat_of("name"), "-");
    cr_expect_str_eq(cat_of("dobby"), "-");
}

Test(words, only_listed_words_may_follow_the_data_word, .init = setup, .fini = teardown)
{
    /* carriers, modifiers, owners, digits, and what follows a preposition */
    cr_expect_str_eq(cat_of("password_str"), "password");
    cr_expect_str_eq(cat_of("passwd_new"), "password");
    cr_expect_str_eq(cat_of("sin_number"), "sin");
    cr_expect_str_eq(cat_of("nam_patient"), "nam");
    cr_expect_str_eq(cat_of("password2"), "password");
    cr_expect_str_eq(cat_of("password_with_header"), "password");
    /* any other word after it is the head, listed or not */
    cr_expect_str_eq(cat_of("passwd_filter"), "-");
    cr_expect_str_eq(cat_of("attmap_passwd_uid"), "-");
    cr_expect_str_eq(cat_of("password_prohibit_message"), "-");
    cr_expect_str_eq(cat_of("attr_user_password"), "-");
    /* short abbreviations end compounds only after four letters */
    cr_expect_str_eq(cat_of("rootpw"), "password");
    cr_expect_str_eq(cat_of("bindpw"), "password");
    cr_expect_str_eq(cat_of("getpw"), "-");
    cr_expect_str_eq(cat_of("cpw"), "-");
    /* a phrase that names something else: only when adjacent */
    cr_expect_str_eq(cat_of("CHAP-Password"), "-");
    cr_expect_str_eq(cat_of("MS-CHAP-New-NT-Password"), "password");
}

Test(words, matchers_use_function_lists_and_words, .init = setup, .fini = teardown)
{
    const vg_sink *email = NULL;
    for (size_t i = 0; i < rs->nsinks; i++)
        if (rs->sinks[i].kind == VG_SINK_EMAIL)
            email = &rs->sinks[i];
    cr_assert_not_null(email);
    cr_expect(vg_matcher_match(rs, &email->match, "envoyerCourriel"));
    cr_expect(vg_matcher_match(rs, &email->match, "send_mail_to_patient"));
    cr_expect_not(vg_matcher_match(rs, &email->match, "sendmsg"));
    cr_expect(vg_matcher_match(rs, &rs->sanitizers, "mask_nam"));
    cr_expect_not(vg_matcher_match(rs, &rs->sanitizers, "format_nam"));
}

Test(words, a_function_named_for_a_path_makes_a_path, .init = setup, .fini = teardown)
{
    /* the head word decides: a maker of a path or file name */
    cr_assert(vg_ruleset_path_maker(rs, "mutt_safe_path"));
    cr_assert(vg_ruleset_path_maker(rs, "mutt_buffer_save_path"));
    cr_assert(vg_ruleset_path_maker(rs, "getFilename"));
    /* a function that reads a file or works on a path returns content */
    cr_assert_not(vg_ruleset_path_maker(rs, "read_file"));
    cr_assert_not(vg_ruleset_path_maker(rs, "load_dir"));
    cr_assert_not(vg_ruleset_path_maker(rs, "path_to_password"));
}

Test(words, a_plural_names_a_list_of_the_data, .init = setup, .fini = teardown)
{
    cr_expect_str_eq(cat_of("passwords"), "password");
    cr_expect_str_eq(cat_of("email_addresses"), "email");
    cr_expect_str_eq(cat_of("recipients"), "email");
    /* the head word still decides, and short words have no plural */
    cr_expect_str_eq(cat_of("passwords_file"), "-");
    cr_expect_str_eq(cat_of("pins"), "-");
    cr_expect_str_eq(cat_of("passwordss"), "-");
}

Test(words, the_mail_envelope_names_addresses, .init = setup, .fini = teardown)
{
    cr_expect_str_eq(cat_of("mailfrom"), "email");
    cr_expect_str_eq(cat_of("rcpt_to"), "email");
    cr_expect_str_eq(cat_of("envelope_from"), "email");
    cr_expect_str_eq(cat_of("sender"), "email");
    cr_expect_str_eq(cat_of("sender_domain"), "-");
}
