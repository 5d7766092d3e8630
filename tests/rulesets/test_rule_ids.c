/* Every rule id the code emits is a rule of the built-in ruleset: rule
 * ids are bare strings at some sixty places in the product code, and a
 * typo ("TSL002") or a rule renamed in rulesets/default.json but not in
 * the code would give findings with no rule, no policy clause and no
 * help. A listing check over the sources, like test_formats: any string
 * literal shaped like a rule id (two to four capitals, three digits). */
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_ruleset.h"
#include "vg_test_run.h"

/* Literals of that shape that are not rule ids. */
static const char *const not_rules[] = {"SHA256"};

static bool rule_shaped(const char *s, size_t n)
{
    size_t caps = 0;
    while (caps < n && isupper((unsigned char)s[caps]))
        caps++;
    if (caps < 2 || caps > 4 || n != caps + 3)
        return false;
    for (size_t i = caps; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    for (size_t i = 0; i < sizeof not_rules / sizeof not_rules[0]; i++)
        if (strlen(not_rules[i]) == n && !strncmp(not_rules[i], s, n))
            return false;
    return true;
}

/* Check every "XXX000" literal of one source file; the count found. */
static size_t check_file(const vg_ruleset *rs, const char *rel)
{
    char *text = vg_test_source_file(rel);
    cr_assert_not_null(text, "%s", rel);
    size_t found = 0, line = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            line++;
        if (*p != '"')
            continue;
        const char *e = p + 1;
        while (*e && (isupper((unsigned char)*e) || isdigit((unsigned char)*e)))
            e++;
        if (*e == '"' && rule_shaped(p + 1, (size_t)(e - p - 1))) {
            char id[8];
            snprintf(id, sizeof id, "%.*s", (int)(e - p - 1), p + 1);
            cr_expect_not_null(vg_ruleset_rule(rs, id),
                               "%s:%zu: rule \"%s\" is not in rulesets/default.json", rel, line, id);
            found++;
            p = e;
        }
    }
    free(text);
    return found;
}

Test(rule_ids, every_rule_id_in_the_code_is_a_rule_of_the_ruleset)
{
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    static const char *const dirs[] = {"analyzer", "harness", "reports", "rulesets", "cli"};
    size_t total = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", VG_SOURCE_DIR, dirs[d]);
        DIR *dir = opendir(path);
        cr_assert_not_null(dir, "%s", path);
        for (struct dirent *de; (de = readdir(dir));) {
            size_t n = strlen(de->d_name);
            if (n < 3 || (strcmp(de->d_name + n - 2, ".c") && strcmp(de->d_name + n - 2, ".h")))
                continue;
            char rel[512];
            snprintf(rel, sizeof rel, "%s/%s", dirs[d], de->d_name);
            total += check_file(rs, rel);
        }
        closedir(dir);
    }
    /* the check reads what it should: the code names rules at many places */
    cr_expect_gt(total, 50, "only %zu rule ids found in the sources", total);
    vg_ruleset_free(rs);
}

/* The shape check itself: a typo is caught, a digest name is not a rule. */
Test(rule_ids, the_listing_sees_a_misspelt_id_and_skips_digest_names)
{
    cr_expect(rule_shaped("TSL002", 6));
    cr_expect(rule_shaped("CRD004", 6));
    cr_expect_not(rule_shaped("SHA256", 6));
    cr_expect_not(rule_shaped("MSG001.value", 12));
    cr_expect_not(rule_shaped("X001", 4));
    vg_error err;
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    cr_expect_null(vg_ruleset_rule(rs, "TSL002"), "the lookup the listing relies on says no");
    vg_ruleset_free(rs);
}
