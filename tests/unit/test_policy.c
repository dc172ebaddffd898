/* test_policy.c - the policy: default, overrides, the v2 keys and their errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asx/policy.h"
#include "testutil.h"

static asx_policy *load_ok(const char *text)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_load(text, strlen(text), "p.json", &p, &d), ASX_OK);
    ck_assert_uint_eq(d.n, 0);
    asx_diags_free(&d);
    return p;
}

static void load_bad(const char *text, const char *needle)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_load(text, strlen(text), "p.json", &p, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(p);
    ck_assert_msg(tu_diags_have(&d, needle), "no diagnostic containing %s", needle);
    asx_diags_free(&d);
}

START_TEST(default_v2_keys)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_default(&p, &d), ASX_OK);
    ck_assert_int_eq(p->location_rule, ASX_RULE_KNOCKOUT);
    ck_assert_int_eq(p->law_rule, ASX_RULE_KNOCKOUT);
    ck_assert_int_eq(p->review_basis, ASX_REVIEW_MONTHS);
    ck_assert_int_eq(p->condition_due_days, 30);
    ck_assert_uint_eq(p->approval_columns.n, 4);
    ck_assert_str_eq(p->approval_columns.v[0], "許可権限者");
    ck_assert_str_eq(p->approval_columns.v[3], "起案者");
    ck_assert_uint_eq(p->approval_consult.n, 0);
    ck_assert_uint_eq(p->clause_numbers.n, 0);
    ck_assert_ptr_null(asx_policy_clause_local(p, "11-2(2)⑦"));
    double pts;
    ck_assert(!asx_policy_evaluation_points(p, "sla", &pts));
    asx_policy_free(p);
    asx_diags_free(&d);
}
END_TEST

START_TEST(v2_keys_override)
{
    asx_policy *p = load_ok("{\"format\": \"assess-policy/1\", \"location_rule\": \"major\", \"law_rule\": \"minor\","
                            " \"clause_numbers\": {\"11-2(2)⑦\": \"第9章第3節(2)⑦\", \"6-1(2)②\": \"第6章1(2)②\"},"
                            " \"approval_block\": {\"columns\": [\"市長\", \"副市長\", \"部長\", \"課長\", \"係長\", \"起案者\"],"
                            " \"consult\": [\"財政課長\", \"契約課長\"]},"
                            " \"review_basis\": \"fiscal_year\", \"condition_due_days\": 60,"
                            " \"evaluation_points\": {\"sla\": 20, \"loc\": 15.5}}");
    ck_assert_int_eq(p->location_rule, ASX_RULE_MAJOR);
    ck_assert_int_eq(p->law_rule, ASX_RULE_MINOR);
    ck_assert_int_eq(p->review_basis, ASX_REVIEW_FISCAL_YEAR);
    ck_assert_int_eq(p->condition_due_days, 60);
    ck_assert_uint_eq(p->approval_columns.n, 6);
    ck_assert_str_eq(p->approval_columns.v[0], "市長");
    ck_assert_uint_eq(p->approval_consult.n, 2);
    ck_assert_str_eq(p->approval_consult.v[1], "契約課長");
    ck_assert_str_eq(asx_policy_clause_local(p, "11-2(2)⑦"), "第9章第3節(2)⑦");
    char *joined = asx_policy_clauses_local(p, "6-1(2)②, 11-2(2)⑦, 11-2(2)⑧");
    ck_assert_str_eq(joined, "第6章1(2)②, 第9章第3節(2)⑦, 11-2(2)⑧");
    free(joined);
    double pts = 0;
    ck_assert(asx_policy_evaluation_points(p, "loc", &pts));
    ck_assert(pts == 15.5);
    ck_assert(!asx_policy_evaluation_points(p, "exit", &pts));
    asx_policy_free(p);
}
END_TEST

START_TEST(v2_keys_errors)
{
    load_bad("{\"format\": \"assess-policy/1\", \"location_rule\": \"ban\"}", "location_rule");
    load_bad("{\"format\": \"assess-policy/1\", \"law_rule\": 1}", "law_rule");
    load_bad("{\"format\": \"assess-policy/1\", \"review_basis\": \"weekly\"}", "review_basis");
    load_bad("{\"format\": \"assess-policy/1\", \"condition_due_days\": 0}", "condition_due_days");
    load_bad("{\"format\": \"assess-policy/1\", \"condition_due_days\": 1.5}", "condition_due_days");
    load_bad("{\"format\": \"assess-policy/1\", \"approval_block\": {\"columns\": []}}", "approval_block.columns");
    load_bad("{\"format\": \"assess-policy/1\", \"approval_block\": {\"columns\": [\"\"]}}", "approval_block.columns");
    load_bad("{\"format\": \"assess-policy/1\", \"approval_block\": {\"rows\": []}}", "rows");
    load_bad("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11-2(2)⑦\": 7}}", "clause_numbers");
    load_bad("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"a, b\": \"x\"}}", "clause_numbers");
    load_bad("{\"format\": \"assess-policy/1\", \"evaluation_points\": {\"sla\": -1}}", "evaluation_points.sla");
    load_bad("{\"format\": \"assess-policy/1\", \"evaluation_points\": []}", "evaluation_points");
}
END_TEST

/* policy init / show --json: every key written, and loading the text gives the same policy. */
START_TEST(to_json_round_trip)
{
    static const char *const keys[] = {
        "format", "organization", "allowed_countries", "governing_law", "jurisdiction",
        "availability_percent_min", "rto_hours_max", "rpo_hours_max", "incident_notification_hours_max",
        "approve_threshold", "conditional_threshold", "review_interval_months", "location_rule", "law_rule",
        "clause_numbers", "approval_block", "review_basis", "condition_due_days", "evaluation_points",
        "backup_interval_hours_max", "discontinuation_notice_months_min", "reporting_min", "restore_test_min"};
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *def = NULL;
    ck_assert_int_eq(asx_policy_default(&def, &d), ASX_OK);
    char *text = asx_policy_to_json(def);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char quoted[64];
        snprintf(quoted, sizeof quoted, "\"%s\":", keys[i]);
        ck_assert_msg(strstr(text, quoted), "policy_to_json lacks %s", keys[i]);
    }
    asx_policy *back = load_ok(text);
    char *again = asx_policy_to_json(back);
    ck_assert_str_eq(again, text);
    free(again);
    asx_policy_free(back);

    /* every v2 key changed from the default survives the trip */
    asx_policy *p = load_ok("{\"format\": \"assess-policy/1\", \"organization\": \"○○広域行政事務組合\","
                            " \"allowed_countries\": {\"storage\": [\"JP\"], \"processing\": [\"JP\", \"US\"], \"backup\": [\"JP\"]},"
                            " \"location_rule\": \"major\", \"law_rule\": \"minor\","
                            " \"clause_numbers\": {\"11-2(2)⑦\": \"第9章第3節(2)⑦\"},"
                            " \"approval_block\": {\"columns\": [\"管理者\", \"事務局長\", \"起案者\"], \"consult\": [\"会計管理者\"]},"
                            " \"review_basis\": \"fiscal_year\", \"condition_due_days\": 45, \"approve_threshold\": 85.5,"
                            " \"evaluation_points\": {\"sla\": 20, \"loc\": 15.5}, \"reporting_min\": \"quarterly\"}");
    char *ptext = asx_policy_to_json(p);
    ck_assert_ptr_nonnull(ptext);
    asx_policy *q = load_ok(ptext);
    ck_assert_str_eq(q->organization, "○○広域行政事務組合");
    ck_assert_uint_eq(q->processing.n, 2);
    ck_assert_int_eq(q->location_rule, ASX_RULE_MAJOR);
    ck_assert_int_eq(q->law_rule, ASX_RULE_MINOR);
    ck_assert_str_eq(asx_policy_clause_local(q, "11-2(2)⑦"), "第9章第3節(2)⑦");
    ck_assert_uint_eq(q->approval_columns.n, 3);
    ck_assert_str_eq(q->approval_consult.v[0], "会計管理者");
    ck_assert_int_eq(q->review_basis, ASX_REVIEW_FISCAL_YEAR);
    ck_assert_int_eq(q->condition_due_days, 45);
    ck_assert(q->approve_threshold == 85.5);
    double pts = 0;
    ck_assert(asx_policy_evaluation_points(q, "loc", &pts) && pts == 15.5);
    ck_assert_str_eq(q->reporting_min, "quarterly");
    char *qtext = asx_policy_to_json(q);
    ck_assert_str_eq(qtext, ptext);
    free(qtext);
    free(ptext);
    asx_policy_free(q);
    asx_policy_free(p);
    free(text);
    asx_policy_free(def);
    asx_diags_free(&d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("policy");
    tcase_add_test(tc, default_v2_keys);
    tcase_add_test(tc, v2_keys_override);
    tcase_add_test(tc, v2_keys_errors);
    tcase_add_test(tc, to_json_round_trip);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
