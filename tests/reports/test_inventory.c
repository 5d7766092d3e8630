/* The inventory of personal information on the demo's log: the clinic
 * fixture scanned (its code with the build's compilation database, its
 * configuration, the sample extract) and the planted messages its
 * header (fixtures/clinic/clinic_mail.c) documents, P1 to P5, checked
 * offline by the messages probe. The expected categories and
 * destinations are written by hand from the fixture's code and docs.
 * Then: no identifier, email address or identity name in clear in any
 * format unless --show-personal-data. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_test_run.h"

static char dir[] = "/tmp/vigie-inv-XXXXXX";

static const char *path(const char *name)
{
    return vg_test_path(dir, name);
}

static void write_file(const char *name, const char *text)
{
    cr_assert_eq(vg_test_write(dir, name, text), 0, "%s", path(name));
}

/* Run vigie; returns its exit status (its stderr is shown when it is 2). */
static int vigie(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    vg_run r;
    cr_assert_eq(vg_run_vargs(&r, 180, VIGIE_BIN, first, ap), 0);
    va_end(ap);
    int st = r.status;
    if (st > 1)
        fprintf(stderr, "%s: exit %d: %s", first, st, r.err);
    vg_run_free(&r);
    return st;
}

static char *slurp(const char *file)
{
    char *s = vg_test_slurp(file, NULL);
    cr_assert_not_null(s, "%s", file);
    return s;
}

/* The synthetic identity of the fixture (clinic.c users[], the demo's
 * scenario) and the messages its planted mode sends. */
static const char identities[] =
    "{\"identities\":[{\"name\":\"Marie Gagnon\",\"nam\":\"GAGM 8562 3016\","
    "\"sin\":\"565 632 122\",\"dob\":\"1985-12-30\",\"email\":\"marie@example.test\","
    "\"phone\":\"+1 514 555 0100\",\"username\":\"mgagnon\",\"password\":\"Xk9!pQ2m\"}]}";

static void demo_log(const char *extra_scan_flag)
{
    cr_assert_not_null(mkdtemp(dir));
    write_file("ids.json", identities);
    /* P1: NAM, SIN and date of birth to the user */
    write_file("p1.eml", "Message-ID: <p1.1@mail.clinique.test>\nTo: marie@example.test\n"
        "Subject: Résumé de votre inscription\n\nBonjour Marie Gagnon,\n"
        "Numéro d'assurance maladie : GAGM 8562 3016\n"
        "Numéro d'assurance sociale : 565 632 122\nDate de naissance : 1985-12-30\n");
    /* P2: username and password together, to a shared box */
    write_file("p2.eml", "Message-ID: <p2.1@mail.clinique.test>\nTo: info@clinique.test\n"
        "Subject: Nouveau compte\n\nNom d'utilisateur : mgagnon\n"
        "Mot de passe temporaire : Tmp-4821-zq\n");
    /* P4 and P5: temporary password, then the username, to the same address */
    write_file("p4.eml", "Message-ID: <p4.1@mail.clinique.test>\nTo: marie@example.test\n"
        "Subject: Réinitialisation du mot de passe\n\nVotre mot de passe temporaire : "
        "Tmp-9930-kd\n\nPour terminer, confirmez votre numéro d'assurance sociale en nous "
        "écrivant.\n");
    write_file("p5.eml", "Message-ID: <p5.1@mail.clinique.test>\nTo: marie@example.test\n"
        "Subject: Rappel de votre nom d'utilisateur\n\nRappel.\nVotre nom d'utilisateur : "
        "mgagnon\n");
    int st = extra_scan_flag
        ? vigie("scan", "-q", extra_scan_flag, "-p", VG_BINARY_DIR, "--fail-on", "none", "-o",
                path("scan.sarif"), VG_SOURCE_DIR "/fixtures/clinic",
                VG_SOURCE_DIR "/fixtures/sample", NULL)
        : vigie("scan", "-q", "-p", VG_BINARY_DIR, "--fail-on", "none", "-o",
                path("scan.sarif"), VG_SOURCE_DIR "/fixtures/clinic",
                VG_SOURCE_DIR "/fixtures/sample", NULL);
    cr_assert_eq(st, 0);
    cr_assert_eq(vigie("probe", "messages", "-q", "--fail-on", "none", "-o", path("msg.sarif"),
                       "--identities", path("ids.json"), "--eml", path("p1.eml"),
                       path("p2.eml"), path("p4.eml"), path("p5.eml"), NULL), 0);
}

/* The inventory as JSON, in English. */
static json_t *inventory_json(void)
{
    cr_assert_eq(vigie("report", "inventory", "-q", "--lang", "en", "-f", "json", "-o",
                       path("inv.json"), path("scan.sarif"), path("msg.sarif"), NULL), 0);
    json_error_t e;
    json_t *m = json_load_file(path("inv.json"), 0, &e);
    cr_assert_not_null(m, "inv.json: %s", e.text);
    return m;
}

static json_t *group(json_t *m, const char *id)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(m, "categories"), i, g)
        if (strcmp(json_string_value(json_object_get(g, "id")), id) == 0)
            return g;
    cr_assert_fail("no group %s", id);
    return NULL;
}

/* Some destination of group g is dest with that status (and rule, unless NULL). */
static bool goes(json_t *g, const char *dest, const char *status, const char *rule)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(g, "destinations"), i, d)
        if (!strcmp(json_string_value(json_object_get(d, "destination")), dest) &&
            !strcmp(json_string_value(json_object_get(d, "status")), status) &&
            (!rule || !strcmp(json_string_value(json_object_get(d, "rule")), rule)) &&
            *json_string_value(json_object_get(d, "clause")))
            return true;
    return false;
}

static bool collected_in_code(json_t *g, const char *file, const char *what)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(g, "collected"), i, c)
        if (!strcmp(json_string_value(json_object_get(c, "kind")), "code") &&
            strstr(json_string_value(json_object_get(c, "where")), file) &&
            strstr(json_string_value(json_object_get(c, "what")), what))
            return true;
    return false;
}

Test(inventory, the_demo_lists_what_the_clinic_collects_and_where_it_goes, .timeout = 300)
{
    demo_log(NULL);
    json_t *m = inventory_json();
    json_t *nam = group(m, "nam"), *sin = group(m, "sin"), *dob = group(m, "dob"),
           *cred = group(m, "credentials"), *contact = group(m, "contact"),
           *health = group(m, "health");
    /* the NAM: read from the patient record (u.nam), hard-coded in users[],
     * by email (P1) and by SMS (P3) */
    cr_expect(collected_in_code(nam, "clinic_mail.c", "u.nam"));
    cr_expect(goes(nam, "email", "not-compliant", "MSG001"));
    cr_expect(goes(nam, "sms", "not-compliant", "MSG002"));
    cr_expect(goes(nam, "file", "not-compliant", "DSC004"));
    /* SIN and date of birth: by email (P1); the SIN hard-coded too */
    cr_expect(goes(sin, "email", "not-compliant", "MSG001"));
    cr_expect(goes(sin, "file", "not-compliant", "DSC004"));
    cr_expect(goes(dob, "email", "not-compliant", "MSG001"));
    /* credentials: the temporary password to the user's own address and
     * the username to the authoriser are compliant (the compliant mode);
     * together in one message (P2), to a shared box (P2), both to one
     * address (P4 + P5) are not */
    cr_expect(collected_in_code(cred, "clinic_mail.c", "pw"));
    cr_expect(collected_in_code(cred, "clinic_mail.c", "u.username"));
    cr_expect(goes(cred, "email", "compliant", "MSG001"));
    cr_expect(goes(cred, "email", "not-compliant", "CRD001"));
    cr_expect(goes(cred, "email", "not-compliant", "CRD003"));
    cr_expect(goes(cred, "email", "not-compliant", "CRD002"));
    /* contact data: the user's address and telephone number, as the
     * recipients of the mail and the SMS (allowed) */
    cr_expect(collected_in_code(contact, "clinic_mail.c", "u.email"));
    cr_expect(collected_in_code(contact, "clinic_mail.c", "u.phone"));
    cr_expect(goes(contact, "email", "compliant", "MSG001"));
    cr_expect(goes(contact, "sms", "compliant", "MSG002"));
    /* the clinic processes no health data */
    cr_expect(json_is_false(json_object_get(health, "found")));
    json_decref(m);
}

/* The raw values of the fixture's identity, the planted messages and the
 * sample extract (fixtures/sample/support/ticket-4521.txt). */
static const char *const raw[] = {
    "GAGM 8562 3016", "GAGM85623016", "565 632 122", "565632122", "1985-12-30",
    "marie@example.test", "Marie Gagnon", "info@clinique.test", "Tmp-4821-zq",
    "Tmp-9930-kd", "Xk9!pQ2m", "+1 514 555 0100", "514 555 0100", "TREM 5405 1511",
    "130 692 544", "15 mai 1954"};

static void clear_of_personal_data(const char *file)
{
    char *s = slurp(file);
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        cr_expect_null(strstr(s, raw[i]), "%s shows '%s' in clear", file, raw[i]);
    free(s);
}

Test(inventory, no_personal_data_in_clear_in_any_format, .timeout = 300)
{
    demo_log(NULL);
    const char *fmts[] = {"html", "json", "csv"};
    for (size_t i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "inv.%s", fmts[i]);
        for (int l = 0; l < 2; l++) {
            cr_assert_eq(vigie("report", "inventory", "-q", "--lang", l ? "fr" : "en", "-f",
                               fmts[i], "-o", path(name), path("scan.sarif"), path("msg.sarif"),
                               NULL), 0);
            clear_of_personal_data(path(name));
        }
    }
    /* the report that links it, and the inventory it writes beside itself */
    cr_assert_eq(vigie("report", "merge", "-q", "--fail-on", "none", "-o", path("all.sarif"),
                       path("scan.sarif"), path("msg.sarif"), NULL), 0);
    cr_assert_eq(vigie("report", "html", "-q", "--lang", "fr", "-o", path("report.html"),
                       "--inventory", path("linked.html"), path("all.sarif"), NULL), 0);
    clear_of_personal_data(path("linked.html"));
    char *report = slurp(path("report.html"));
    cr_expect(strstr(report, "<a href=\"linked.html\">"), "the report links its inventory");
    free(report);
}

Test(inventory, a_log_with_personal_data_needs_show_personal_data, .timeout = 300)
{
    demo_log("--show-personal-data");
    cr_expect_eq(vigie("report", "inventory", "-q", "-o", path("inv.html"),
                       path("scan.sarif"), NULL), 2, "refused without --show-personal-data");
    cr_assert_eq(vigie("report", "inventory", "-q", "--show-personal-data", "-f", "csv", "-o",
                       path("inv.csv"), path("scan.sarif"), NULL), 0);
    char *s = slurp(path("inv.csv"));
    cr_expect(strstr(s, "TREM 5405 1511"), "asked for, the values are shown");
    free(s);
}

Test(inventory, compliant_flows_are_kept_out_of_a_github_upload, .timeout = 300)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(vigie("scan", "-q", "-p", VG_BINARY_DIR, "--fail-on", "none", "-o",
                       path("all.sarif"), VG_SOURCE_DIR "/fixtures/clinic", NULL), 0);
    cr_assert_eq(vigie("scan", "-q", "--github", "-p", VG_BINARY_DIR, "--fail-on", "none",
                       "-o", path("gh.sarif"), VG_SOURCE_DIR "/fixtures/clinic", NULL), 0);
    json_t *all = json_load_file(path("all.sarif"), 0, NULL), *gh =
        json_load_file(path("gh.sarif"), 0, NULL);
    cr_assert(all && gh);
    size_t pass = 0, fail = 0, ghpass = 0, ghn;
    size_t i;
    json_t *r, *res = json_object_get(json_array_get(json_object_get(all, "runs"), 0), "results");
    json_array_foreach(res, i, r) {
        bool p = json_string_value(json_object_get(r, "kind")) &&
                 !strcmp(json_string_value(json_object_get(r, "kind")), "pass");
        pass += p;
        fail += !p;
        if (p)
            cr_expect_str_eq(json_string_value(json_object_get(r, "level")), "none");
    }
    json_t *gres = json_object_get(json_array_get(json_object_get(gh, "runs"), 0), "results");
    ghn = json_array_size(gres);
    json_array_foreach(gres, i, r)
        ghpass += json_object_get(r, "kind") != NULL;
    cr_expect_gt(pass, 0, "the scan records compliant flows");
    cr_expect_eq(ghpass, 0, "--github leaves them out");
    cr_expect_eq(ghn, fail, "and keeps every finding");
    json_decref(all);
    json_decref(gh);
}
