/* test_policy.c - the policy: default, overrides, the v2 keys and their errors. */
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
    /* SPEC v3 §8.2: approvers follow the clause, one stamp row per bank */
    const asx_strlist *cols, *consult;
    asx_policy_approval_block(p, "cloud", &cols, &consult);
    ck_assert_uint_eq(cols->n, 5);
    ck_assert_str_eq(cols->v[0], "許可権限者");
    ck_assert_str_eq(cols->v[1], "統括情報セキュリティ責任者"); /* judges 11-2(2)⑪ */
    ck_assert_str_eq(cols->v[4], "起案者");
    ck_assert_uint_eq(consult->n, 0);
    asx_policy_approval_block(p, "cloud-light", &cols, &consult);
    ck_assert_str_eq(cols->v[0], "情報セキュリティ責任者"); /* 11-3(2)② 「利用の可否を決定しなければならない」 */
    asx_policy_approval_block(p, "outsourcing", &cols, &consult);
    ck_assert_str_eq(cols->v[0], "情報システム管理者"); /* 11-1: 「情報システム管理者は、委託事業者の選定に当たり」 */
    /* a policy's single block replaces them for every bank */
    const char *one = "{\"format\": \"assess-policy/1\", \"approval_block\": {\"columns\": [\"市長\", \"起案者\"]}}";
    asx_policy *q = NULL;
    ck_assert_int_eq(asx_policy_load(one, strlen(one), "p.json", &q, &d), ASX_OK);
    asx_policy_approval_block(q, "cloud-light", &cols, &consult);
    ck_assert_uint_eq(cols->n, 2);
    ck_assert_str_eq(cols->v[0], "市長");
    asx_policy_free(q);
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

int main(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("policy");
    tcase_add_test(tc, default_v2_keys);
    tcase_add_test(tc, v2_keys_override);
    tcase_add_test(tc, v2_keys_errors);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
