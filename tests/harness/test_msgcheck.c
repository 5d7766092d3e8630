/*
 * vg_msgcheck: each rule on messages built here, and the policy's own
 * credential procedure, which must yield nothing.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_msgcheck.h"

static vg_ruleset *rs;
static const vg_msg_identity marie = {
    .name = "Marie Gagnon", .nam = "GAGM 8562 3016", .sin = "565 632 122",
    .dob = "1985-12-30", .email = "marie@example.test", .phone = "+1 514 555 0100",
    .username = "mgagnon", .password = "Xk9!pQ2m"};

static void setup(void)
{
    vg_error err = {0};
    rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
}

static void teardown(void)
{
    vg_ruleset_free(rs);
}

TestSuite(msgcheck, .init = setup, .fini = teardown);

typedef struct run {
    vg_msgcheck *c;
    vg_findings fs;
} run;

static void run_start(run *r, bool show)
{
    vg_error err = {0};
    vg_msgcheck_opts o = {.rs = rs, .ids = &marie, .nids = 1, .show_personal_data = show};
    r->c = vg_msgcheck_new(&o, &err);
    cr_assert_not_null(r->c, "%s", err.msg);
    vg_findings_init(&r->fs);
}

static void mail(run *r, const char *raw, const char *rcpt, vg_msg_tls tls)
{
    vg_mime_msg mm;
    vg_error err = {0};
    cr_assert_eq(vg_mime_parse(raw, strlen(raw), NULL, &mm, &err), 0);
    const char *rc[1] = {rcpt};
    vg_msg m = {.kind = VG_MSG_EMAIL, .uri = "smtp://127.0.0.1:2525", .rcpts = rc,
                .nrcpts = rcpt ? 1 : 0, .tls = tls, .mime = &mm};
    cr_assert_eq(vg_msgcheck_add(r->c, &m, &r->fs, &err), 0, "%s", err.msg);
    vg_mime_msg_free(&mm);
}

static void run_end(run *r)
{
    vg_error err = {0};
    cr_assert_eq(vg_msgcheck_finish(r->c, &r->fs, &err), 0);
}

static void run_free(run *r)
{
    vg_msgcheck_free(r->c);
    vg_findings_free(&r->fs);
}

static size_t count(const run *r, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < r->fs.count; i++)
        if (strcmp(r->fs.items[i].rule_id, rule) == 0)
            n++;
    return n;
}

static const vg_finding *first(const run *r, const char *rule)
{
    for (size_t i = 0; i < r->fs.count; i++)
        if (strcmp(r->fs.items[i].rule_id, rule) == 0)
            return &r->fs.items[i];
    cr_assert_fail("no %s finding", rule);
    return NULL;
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->fs.count; i++)
        fprintf(stderr, "  %s line %d [%s] %s\n", r->fs.items[i].rule_id,
                r->fs.items[i].loc.line, r->fs.items[i].loc.logical, r->fs.items[i].message);
}

Test(msgcheck, identity_nam_split_over_lines_is_found_and_located)
{
    run r;
    run_start(&r, false);
    mail(&r, "Message-ID: <a1@clinique.test>\nSubject: Dossier\n\nBonjour,\n"
             "votre dossier porte le numéro GAGM 8562\n3016, conservez-le.\n",
         "marie@example.test", VG_MSG_TLS_YES);
    run_end(&r);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    const vg_finding *f = first(&r, "MSG001");
    cr_assert_eq(f->loc.line, 2);
    cr_assert_eq(f->loc.end_line, 3);
    cr_assert_str_eq(f->loc.logical,
                     "message <a1@clinique.test> to m\u2022\u2022\u2022@example.test, part 1 (text/plain)");
    /* masked: the middle digits never appear */
    cr_assert_not_null(strstr(f->message, "**** **** **16"), "%s", f->message);
    cr_assert_null(strstr(f->message, "8562"));
    cr_assert_not_null(strstr(f->message, "test identity #1"));
    run_free(&r);
}

Test(msgcheck, show_personal_data_shows_the_value)
{
    run r;
    run_start(&r, true);
    mail(&r, "Subject: x\n\nNAS : 130 692 544\n", "marie@example.test", VG_MSG_TLS_YES);
    cr_assert_eq(count(&r, "MSG001"), 1);
    cr_assert_not_null(strstr(first(&r, "MSG001")->message, "130 692 544"));
    run_free(&r);
}

Test(msgcheck, detectors_find_values_of_people_not_in_the_scenario)
{
    run r;
    run_start(&r, false);
    mail(&r, "Subject: NAM TREM 5405 1511\nContent-Transfer-Encoding: base64\n\n"
             /* "Date de naissance : 1954-05-15\n" */
             "RGF0ZSBkZSBuYWlzc2FuY2UgOiAxOTU0LTA1LTE1Cg==\n",
         "x@example.test", VG_MSG_TLS_YES);
    dump(&r);
    cr_assert_eq(count(&r, "MSG001"), 2);
    cr_assert_not_null(strstr(r.fs.items[0].loc.logical, "header Subject"));
    cr_assert_not_null(strstr(r.fs.items[1].message, "date of birth"), "%s",
                       r.fs.items[1].message);
    run_free(&r);
}

Test(msgcheck, birth_date_of_identity_found_in_any_written_form)
{
    run r;
    run_start(&r, false);
    mail(&r, "Subject: x\n\nVous êtes né(e) le 30 Décembre 1985.\nRéf. 30/12/1985\n",
         "marie@example.test", VG_MSG_TLS_YES);
    dump(&r);
    cr_assert_eq(count(&r, "MSG001"), 2);
    run_free(&r);
}

Test(msgcheck, solicitation_is_matched_without_case_or_accents)
{
    run r;
    run_start(&r, false);
    mail(&r, "Subject: Urgent\n\nBonjour,\n\nCONFIRMEZ VOTRE NUMERO D\xe2\x80\x99"
             "ASSURANCE   SOCIALE\nen répondant.\n", "marie@example.test", VG_MSG_TLS_YES);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    const vg_finding *f = first(&r, "MSG004");
    cr_assert_eq(f->loc.line, 3);
    cr_assert_not_null(strstr(f->message, "confirmez votre numéro d'assurance sociale"));
    run_free(&r);
}

Test(msgcheck, the_policy_promise_never_to_ask_is_not_a_solicitation)
{
    run r;
    run_start(&r, false);
    mail(&r, "Subject: x\n\nNous ne vous demanderons jamais votre date de naissance.\n"
             "We will never ask for your date of birth.\n", "marie@example.test",
         VG_MSG_TLS_YES);
    dump(&r);
    cr_assert_eq(r.fs.count, 0);
    run_free(&r);
}

Test(msgcheck, policy_procedure_yields_nothing)
{
    run r;
    run_start(&r, false);
    mail(&r, "Message-ID: <p1@c.test>\nSubject: Votre mot de passe temporaire\n\n"
             "Bonjour,\nVotre mot de passe temporaire : Tmp-4821-zq\n"
             "Votre nom d'utilisateur a été transmis à votre autorisateur.\n"
             "Votre mot de passe est confidentiel.\n",
         "marie@example.test", VG_MSG_TLS_YES);
    mail(&r, "Message-ID: <p2@c.test>\nSubject: Nouvel utilisateur\n\n"
             "Nom d'utilisateur : mgagnon\nLe mot de passe temporaire a été envoyé à "
             "l'utilisateur.\n", "autorisateur@clinique.test", VG_MSG_TLS_YES);
    run_end(&r);
    dump(&r);
    cr_assert_eq(r.fs.count, 0);
    run_free(&r);
}

Test(msgcheck, username_and_password_in_one_mail_to_a_shared_box_without_tls)
{
    run r;
    run_start(&r, false);
    mail(&r, "Message-ID: <c1@c.test>\nSubject: Accès\n\nNom d'utilisateur : mgagnon\n"
             "Mot de passe temporaire : Tmp-4821-zq\n", "info@clinique.test", VG_MSG_TLS_NO);
    run_end(&r);
    dump(&r);
    cr_assert_eq(r.fs.count, 3);
    cr_assert_eq(first(&r, "CRD001")->loc.line, 2);
    cr_assert_not_null(strstr(first(&r, "CRD003")->message, "i\u2022\u2022\u2022@clinique.test"));
    const vg_finding *n = first(&r, "MSG001");
    cr_assert_eq(n->level, VG_LEVEL_NOTE);
    cr_assert_not_null(strstr(n->message, "without TLS"));
    run_free(&r);
}

Test(msgcheck, username_and_password_to_one_address_in_two_mails)
{
    run r;
    run_start(&r, false);
    mail(&r, "Subject: a\n\nVotre identifiant : mgagnon\n", "marie@example.test",
         VG_MSG_TLS_YES);
    mail(&r, "Subject: b\n\nPassword: Xk9!pQ2m\n", "marie@example.test", VG_MSG_TLS_YES);
    cr_assert_eq(r.fs.count, 0);
    run_end(&r);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    cr_assert_not_null(strstr(first(&r, "CRD002")->message, "m\u2022\u2022\u2022@example.test"));
    run_free(&r);
}

Test(msgcheck, sms_with_a_nam_is_msg002)
{
    run r;
    run_start(&r, false);
    const char *body = "Clinique: votre NAM GAGM85623016 est confirme.";
    const char *to[] = {"+15145550100"};
    vg_msg m = {.kind = VG_MSG_SMS, .uri = "http://127.0.0.1:8025/sms", .id = "sms-1",
                .rcpts = to, .nrcpts = 1, .text = body, .len = strlen(body)};
    vg_error err = {0};
    cr_assert_eq(vg_msgcheck_add(r.c, &m, &r.fs, &err), 0);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    cr_assert_str_eq(r.fs.items[0].rule_id, "MSG002");
    cr_assert_str_eq(r.fs.items[0].loc.logical, "SMS sms-1 to *** *** **00, body");
    run_free(&r);
}

Test(msgcheck, recipients_come_from_headers_offline)
{
    run r;
    run_start(&r, false);
    mail(&r, "To: Info <info@clinique.test>\nSubject: x\n\nmot de passe: Tmp-4821-zq\n",
         NULL, VG_MSG_TLS_UNKNOWN);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    cr_assert_str_eq(r.fs.items[0].rule_id, "CRD003");
    run_free(&r);
}

Test(msgcheck, a_field_label_makes_a_bare_date_a_birth_date)
{
    run r;
    run_start(&r, false);
    mail(&r, "Subject: export\n\ndateNaissance: 1954-05-15\nrendezVous: 2026-03-12\n"
             "Rendez-vous le 2026-03-12.\n", "x@example.test", VG_MSG_TLS_YES);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    cr_assert_eq(first(&r, "MSG001")->loc.line, 1);
    cr_assert_not_null(strstr(first(&r, "MSG001")->message, "date of birth"));
    run_free(&r);
}

Test(msgcheck, password_written_as_a_sentence_counts_only_when_it_looks_generated)
{
    run r;
    run_start(&r, false);
    /* "is confidential" / "est temporaire": words, not secrets */
    mail(&r, "Subject: a\n\nYour password is confidential.\nVotre mot de passe est "
             "temporaire.\n", "info@clinique.test", VG_MSG_TLS_YES);
    cr_assert_eq(r.fs.count, 0);
    mail(&r, "Subject: b\n\nYour temporary password is Qx7-rT2p and expires tomorrow.\n",
         "info@clinique.test", VG_MSG_TLS_YES);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    cr_assert_str_eq(r.fs.items[0].rule_id, "CRD003");
    run_free(&r);
}

Test(msgcheck, garbage_text_never_crashes)
{
    run r;
    run_start(&r, false);
    unsigned seed = 3;
    static char body[20000];
    for (int round = 0; round < 30; round++) {
        for (size_t i = 0; i < sizeof body; i++) {
            seed = seed * 1103515245u + 12345u;
            static const char alpha[] = "\xc3\xa9\xe2\x80\x99\xf0:=\n mot de passe nom d'utilisateur"
                                        "GAGM 8562 3016 1985-12-30 confirmez votre \x80\xff";
            body[i] = alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        const char *to[] = {"info@x.test"};
        vg_msg m = {.kind = VG_MSG_SMS, .uri = "u", .id = "g", .rcpts = to, .nrcpts = 1,
                    .text = body, .len = sizeof body};
        vg_error err = {0};
        cr_assert_eq(vg_msgcheck_add(r.c, &m, &r.fs, &err), 0);
    }
    run_end(&r);
    run_free(&r);
}

Test(msgcheck, the_same_value_in_text_and_html_alternatives_is_one_finding)
{
    run r;
    run_start(&r, false);
    mail(&r, "Subject: x\nContent-Type: multipart/alternative; boundary=b\n\n--b\n"
             "Content-Type: text/plain\n\nNAM : TREM 5405 1511\n--b\n"
             "Content-Type: text/html\n\n<p>NAM&nbsp;: <b>TREM 5405 1511</b></p>\n--b--\n",
         "m@example.test", VG_MSG_TLS_YES);
    dump(&r);
    cr_assert_eq(r.fs.count, 1);
    cr_assert_not_null(strstr(r.fs.items[0].props_json, "\"parts\":[\"1\",\"2\"]"), "%s",
                       r.fs.items[0].props_json);
    run_free(&r);
}

Test(msgcheck, nam_shape_with_a_failing_check_digit_needs_nam_context)
{
    /* Issue 16: an invoice number shaped like a NAM (its check digit
     * fails) was reported as a NAM. Only a line that names the health
     * insurance number makes it one. */
    run r;
    run_start(&r, false);
    mail(&r, "Subject: Votre facture\n\nNuméro de facture ZELT 8003 2113\nMerci.\n",
         "x@example.test", VG_MSG_TLS_YES);
    dump(&r);
    cr_expect_eq(count(&r, "MSG001"), 0);
    mail(&r, "Subject: Dossier\n\nNuméro d'assurance maladie ZELT 8003 2113\n",
         "x@example.test", VG_MSG_TLS_YES);
    run_end(&r);
    dump(&r);
    cr_expect_eq(count(&r, "MSG001"), 1);
    run_free(&r);
}

/* A NAM or SIN the service sent only masked, the way vigie masks them, is
 * compliant: recorded as a pass ("masked first" in the inventory), never
 * a finding. A telephone mask, a row of stars, a mask that keeps more
 * than two digits are none of these. */
Test(msgcheck, identifiers_sent_only_masked_are_recorded_as_compliant)
{
    run r;
    run_start(&r, false);
    mail(&r, "Message-ID: <m1@x>\nTo: a@b.test\nSubject: dossier\n\n"
             "Votre NAM : **** **** **16\nVotre NAS : *** *** *22\n"
             "Ou : \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"
             "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2""16\n"
             "T\xc3\xa9l\xc3\xa9phone : *** *** **00\n************\n*** *** 122\n",
         "a@b.test", VG_MSG_TLS_YES);
    run_end(&r);
    dump(&r);
    size_t pass = 0;
    for (size_t i = 0; i < r.fs.count; i++) {
        const vg_finding *f = &r.fs.items[i];
        cr_expect(vg_finding_is_pass(f), "a masked value is not a finding: %s", f->message);
        cr_expect_str_eq(f->rule_id, "MSG001");
        cr_expect(strstr(f->props_json, "\"sanitizer\":\"masked\""), "%s", f->props_json);
        pass++;
    }
    cr_expect_eq(pass, 3, "the NAM, the SIN and the NAM masked with bullets");
    cr_expect(strstr(r.fs.items[0].props_json, "\"category\":\"nam\""));
    cr_expect(strstr(r.fs.items[0].message, "only masked (**** **** **16)"), "%s",
              r.fs.items[0].message);
    run_free(&r);
}
