/* The findings list: ownership, merge, deterministic order, notices. */
#include <criterion/criterion.h>
#include <string.h>

#include "vg_finding.h"

Test(finding, add_copies_strings_and_flow_steps)
{
    vg_findings fs;
    vg_findings_init(&fs);
    char rule[] = "LOG002", msg[] = "message";
    vg_finding *f = vg_findings_add(&fs, rule, VG_LEVEL_NONE, "a.c", 3, 4, msg);
    cr_assert_not_null(f);
    rule[0] = msg[0] = 'X';
    cr_expect_str_eq(f->rule_id, "LOG002");
    cr_expect_str_eq(f->message, "message");
    cr_expect_eq(vg_finding_add_step(f, "a.c", 1, 1, "source"), 0);
    cr_expect_eq(vg_finding_add_step(f, "a.c", 3, 4, "sink"), 0);
    cr_expect_eq(f->nflow, 2);
    cr_expect_str_eq(f->flow[1].message, "sink");
    vg_findings_free(&fs);
    cr_expect_eq(fs.count, 0);
}

Test(finding, take_merges_and_sort_orders_by_place_then_rule)
{
    vg_findings a, b;
    vg_findings_init(&a);
    vg_findings_init(&b);
    vg_findings_add(&a, "B", VG_LEVEL_ERROR, "z.c", 1, 1, "m");
    vg_findings_add(&b, "B", VG_LEVEL_ERROR, "a.c", 9, 1, "m");
    vg_findings_add(&b, "A", VG_LEVEL_ERROR, "a.c", 9, 1, "m");
    vg_findings_add(&b, "A", VG_LEVEL_ERROR, "a.c", 2, 5, "m");
    vg_findings_notice(&b, VG_LEVEL_NOTE, "x", 0, "skipped %d", 1);
    cr_assert_eq(vg_findings_take(&a, &b), 0);
    cr_expect_eq(b.count, 0);
    cr_expect_eq(a.count, 4);
    cr_expect_eq(a.nnotices, 1);
    cr_expect_str_eq(a.notices[0].message, "skipped 1");
    vg_findings_sort(&a);
    cr_expect_eq(a.items[0].loc.line, 2);
    cr_expect_str_eq(a.items[1].rule_id, "A");
    cr_expect_str_eq(a.items[2].rule_id, "B");
    cr_expect_str_eq(a.items[3].loc.uri, "z.c");
    vg_findings_free(&a);
    vg_findings_free(&b);
}

Test(finding, sort_orders_notices_by_place_whatever_order_workers_added_them)
{
    vg_findings a;
    vg_findings_init(&a);
    vg_findings_notice(&a, VG_LEVEL_WARNING, "z.conf", 6, "unterminated");
    vg_findings_notice(&a, VG_LEVEL_WARNING, "a.conf", 9, "later line");
    vg_findings_notice(&a, VG_LEVEL_WARNING, "a.conf", 3, "earlier line");
    vg_findings_sort(&a);
    cr_assert_eq(a.nnotices, 3);
    cr_expect_str_eq(a.notices[0].message, "earlier line");
    cr_expect_str_eq(a.notices[1].message, "later line");
    cr_expect_str_eq(a.notices[2].loc.uri, "z.conf");
    vg_findings_free(&a);
}

Test(finding, levels_parse_and_print)
{
    vg_level l;
    cr_expect_eq(vg_level_parse("warning", &l), 0);
    cr_expect_eq(l, VG_LEVEL_WARNING);
    cr_expect_eq(vg_level_parse("none", &l), 0);
    cr_expect_eq(l, VG_LEVEL_NONE);
    cr_expect_eq(vg_level_parse("fatal", &l), -1);
    cr_expect_str_eq(vg_level_name(VG_LEVEL_ERROR), "error");
}
