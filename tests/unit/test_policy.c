/* test_policy.c - the policy: default, overrides, the v2 keys and their errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asx/bank.h"
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

/* SPEC §8.6: the reference text's own dash (「11―2」) and the other dashes people type are read
 * as '-'; two keys that are the same clause then are refused. */
START_TEST(clause_numbers_dash_variants)
{
    asx_policy *p = load_ok("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11―2(2)⑦\": \"A\","
                            " \"11－1(2)⑥\": \"B\", \"6‐1(2)②\": \"C\", \"11−2(2)⑧\": \"D\", \"11–3\": \"E\","
                            " \"11—1\": \"F\", \"11ー2(2)⑪\": \"G\"}}");
    ck_assert_str_eq(asx_policy_clause_local(p, "11-2(2)⑦"), "A");
    ck_assert_str_eq(asx_policy_clause_local(p, "11-1(2)⑥"), "B");
    ck_assert_str_eq(asx_policy_clause_local(p, "6-1(2)②"), "C");
    ck_assert_str_eq(asx_policy_clause_local(p, "11-2(2)⑧"), "D");
    ck_assert_str_eq(asx_policy_clause_local(p, "11-3"), "E");
    ck_assert_str_eq(asx_policy_clause_local(p, "11-1"), "F");
    ck_assert_str_eq(asx_policy_clause_local(p, "11-2(2)⑪"), "G");
    ck_assert_ptr_null(asx_policy_clause_local(p, "11―2(2)⑦"));
    asx_policy_free(p);
    load_bad("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11-2(2)⑦\": \"A\", \"11―2(2)⑦\": \"B\"}}",
             "11-2(2)⑦");
}
END_TEST

/* SPEC §8.6: a list of clauses mapping to one local number shows it once, in the list's order. */
START_TEST(clauses_local_merged)
{
    asx_policy *p = load_ok("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11-2(2)⑦\": \"第9章第3節\","
                            " \"11-2(2)⑧\": \"第9章第3節\", \"11-2(2)⑪\": \"第9章第3節\", \"6-1(2)②\": \"第6章第1節\","
                            " \"11-1(2)⑥\": \"第4条第3号\", \"11-1(2)⑩\": \"第4条第3号0\"}}");
    char *s = asx_policy_clauses_local(p, "11-2(2)⑦, 11-2(2)⑧, 11-2(2)⑪");
    ck_assert_str_eq(s, "第9章第3節");
    free(s);
    s = asx_policy_clauses_local(p, "11-2(2)⑦, 6-1(2)②, 11-2(2)⑧, 11-2(2)⑨");
    ck_assert_str_eq(s, "第9章第3節, 第6章第1節, 11-2(2)⑨");
    free(s);
    /* a number that merely begins like another is a different number */
    s = asx_policy_clauses_local(p, "11-1(2)⑥, 11-1(2)⑩");
    ck_assert_str_eq(s, "第4条第3号, 第4条第3号0");
    free(s);
    s = asx_policy_clauses_local(p, "");
    ck_assert_str_eq(s, "");
    free(s);
    asx_policy_free(p);
}
END_TEST

START_TEST(standard_name_default_and_given)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_default(&p, &d), ASX_OK);
    ck_assert_str_eq(p->standard_name, "情報セキュリティ対策基準");
    asx_policy_free(p);
    asx_diags_free(&d);
    p = load_ok("{\"format\": \"assess-policy/1\", \"standard_name\": \"情報セキュリティ対策基準に関する規程\"}");
    ck_assert_str_eq(p->standard_name, "情報セキュリティ対策基準に関する規程");
    ck_assert_str_eq(p->file, "p.json");
    asx_policy_free(p);
    load_bad("{\"format\": \"assess-policy/1\", \"standard_name\": \"\"}", "standard_name");
    load_bad("{\"format\": \"assess-policy/1\", \"standard_name\": 3}", "standard_name");
}
END_TEST

/* SPEC §8.3: the organisation calls itself as its policy says, 本団体 when it says nothing;
 * the name survives policy_to_json. */
START_TEST(self_reference_default_and_given)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_default(&p, &d), ASX_OK);
    ck_assert_str_eq(asx_policy_self_reference(p, ASX_LANG_JA), "本団体");
    ck_assert_str_eq(asx_policy_self_reference(p, ASX_LANG_EN), "the organisation");
    asx_policy_free(p);
    asx_diags_free(&d);
    p = load_ok("{\"format\": \"assess-policy/1\", \"self_reference\": \"本組合\"}");
    ck_assert_str_eq(asx_policy_self_reference(p, ASX_LANG_JA), "本組合");
    char *text = asx_policy_to_json(p);
    ck_assert_ptr_nonnull(strstr(text, "\"self_reference\":"));
    ck_assert_ptr_nonnull(strstr(text, "\"本組合\""));
    free(text);
    asx_policy_free(p);
    load_bad("{\"format\": \"assess-policy/1\", \"self_reference\": \"\"}", "self_reference");
    load_bad("{\"format\": \"assess-policy/1\", \"self_reference\": [\"本市\"]}", "self_reference");
}
END_TEST

START_TEST(utf8_distance)
{
    ck_assert_uint_eq(asx_utf8_distance("", ""), 0);
    ck_assert_uint_eq(asx_utf8_distance("11-2(2)⑦", "11-2(2)⑦"), 0);
    ck_assert_uint_eq(asx_utf8_distance("11-2(2)⑰", "11-2(2)⑦"), 1); /* one code point, three bytes */
    ck_assert_uint_eq(asx_utf8_distance("11-2(2)", "11-2(2)⑦"), 1);
    ck_assert_uint_eq(asx_utf8_distance("kitten", "sitting"), 3);
    char *n = asx_clause_normalize("11―2(2)⑦ 11－2 11ｰ2");
    ck_assert_str_eq(n, "11-2(2)⑦ 11-2 11-2");
    free(n);
}
END_TEST

/* SPEC §8.6: a key that is no clause id of any bank is refused, naming it and the nearest id;
 * the clauses assess cites outside the questions are ids too. */
START_TEST(clause_numbers_checked_against_the_banks)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset set;
    ck_assert_int_eq(asx_bankset_builtin(&set, &d), ASX_OK);
    asx_policy *p = load_ok("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11-2(2)⑦\": \"A\","
                            " \"11-1(3)\": \"B\", \"11-2\": \"C\", \"6-3(2)⑭ア\": \"D\", \"11-2(4)③\": \"E\"}}");
    ck_assert_int_eq(asx_bankset_check_policy(&set, p, &d), ASX_OK);
    ck_assert_uint_eq(d.n, 0);
    asx_policy_free(p);
    p = load_ok("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11-2(2)⑦\": \"A\",\n"
                " \"11-2(2)⑰\": \"B\",\n \"11-9\": \"C\"}}");
    ck_assert_int_eq(asx_bankset_check_policy(&set, p, &d), ASX_ERR_DATA);
    ck_assert_uint_eq(d.n, 2);
    ck_assert(tu_diags_have(&d, "\"11-2(2)⑰\""));
    ck_assert(tu_diags_have(&d, "\"11-9\""));
    ck_assert_str_eq(d.v[0].file, "p.json");
    ck_assert_int_eq(d.v[0].line, 2);
    ck_assert_int_eq(d.v[1].line, 3);
    /* the nearest id is one code point away */
    ck_assert_msg(strstr(d.v[0].msg, "\"11-2(2)") && strstr(d.v[0].msg, "\"11-2(2)⑰\""), "%s", d.v[0].msg);
    asx_policy_free(p);
    /* the default policy maps nothing: nothing to check */
    asx_diags_free(&d);
    asx_diags_init(&d);
    ck_assert_int_eq(asx_policy_default(&p, &d), ASX_OK);
    ck_assert_int_eq(asx_bankset_check_policy(&set, p, &d), ASX_OK);
    asx_policy_free(p);
    asx_bankset_free(&set);
    asx_diags_free(&d);
}
END_TEST

/* A lazy set parses the built-in banks to check the keys. */
START_TEST(clause_numbers_checked_with_a_lazy_set)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset set;
    asx_bankset_builtin_lazy(&set);
    asx_policy *p = load_ok("{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11-1(2)⑥\": \"第4条第3号\"}}");
    ck_assert_int_eq(asx_bankset_check_policy(&set, p, &d), ASX_OK);
    asx_policy_free(p);
    asx_bankset_free(&set);
    asx_diags_free(&d);
}
END_TEST

/* policy init / show --json: every key written, and loading the text gives the same policy. */
START_TEST(to_json_round_trip)
{
    static const char *const keys[] = {
        "format", "organization", "standard_name", "allowed_countries", "governing_law", "jurisdiction",
        "availability_percent_min", "rto_hours_max", "rpo_hours_max", "incident_notification_hours_max",
        "approve_threshold", "conditional_threshold", "review_interval_months", "location_rule", "law_rule", "byok_rule",
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
    asx_policy *p = load_ok("{\"format\": \"assess-policy/1\", \"organization\": \"○○広域行政事務組合\", \"self_reference\": \"本組合\","
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
    ck_assert_str_eq(asx_policy_self_reference(q, ASX_LANG_JA), "本組合");
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
    tcase_add_test(tc, clause_numbers_dash_variants);
    tcase_add_test(tc, clauses_local_merged);
    tcase_add_test(tc, standard_name_default_and_given);
    tcase_add_test(tc, self_reference_default_and_given);
    tcase_add_test(tc, utf8_distance);
    tcase_add_test(tc, clause_numbers_checked_against_the_banks);
    tcase_add_test(tc, clause_numbers_checked_with_a_lazy_set);
    tcase_add_test(tc, to_json_round_trip);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
