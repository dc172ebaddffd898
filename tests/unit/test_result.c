/* test_result.c - what the result computes once for every output (SPEC v2 §4 "One result"):
 * counts, numbered conditions with due dates, the next review (months and 年度), the evidence
 * expiry, the key facts in the bank's order, the organisation's clause numbers. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "asx/answers.h"
#include "asx/score.h"
#include "testutil.h"

typedef struct {
    asx_bankset banks;
    asx_policy *policy;
    asx_answers *ans;
    asx_result *res;
} scored;

static asx_date day(const char *iso)
{
    asx_date d;
    ck_assert_msg(asx_date_parse(iso, &d), "bad date %s", iso);
    return d;
}

static void iso_eq(asx_date d, const char *want)
{
    char iso[11];
    asx_date_iso(d, iso);
    ck_assert_str_eq(iso, want);
}

/* Score a sample on date under the default policy, or under policy_json laid over it. */
static void score_on(const char *rel, const char *date, const char *policy_json, scored *s)
{
    asx_diags d;
    asx_diags_init(&d);
    memset(s, 0, sizeof *s);
    ck_assert_int_eq(asx_bankset_builtin(&s->banks, &d), ASX_OK);
    if (policy_json)
        ck_assert_int_eq(asx_policy_load(policy_json, strlen(policy_json), "p.json", &s->policy, &d), ASX_OK);
    else
        ck_assert_int_eq(asx_policy_default(&s->policy, &d), ASX_OK);
    ck_assert_int_eq(asx_answers_load_file(tu_path(rel), &s->banks, &s->ans, &d), ASX_OK);
    ck_assert_int_eq(tu_score(s->ans, s->policy, day(date), &s->res, &d), ASX_OK);
    asx_diags_free(&d);
}

static void scored_free(scored *s)
{
    asx_result_free(s->res);
    asx_answers_free(s->ans);
    asx_policy_free(s->policy);
    asx_bankset_free(&s->banks);
}

static void next_review_is(const char *policy_json, const char *decided, const char *want)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_load(policy_json, strlen(policy_json), "p.json", &p, &d), ASX_OK);
    iso_eq(asx_next_review(p, day(decided)), want);
    asx_policy_free(p);
    asx_diags_free(&d);
}

START_TEST(next_review_by_months_clamps_month_ends)
{
    const char *m12 = "{\"format\": \"assess-policy/1\", \"review_interval_months\": 12}";
    const char *m1 = "{\"format\": \"assess-policy/1\", \"review_interval_months\": 1}";
    const char *m48 = "{\"format\": \"assess-policy/1\", \"review_interval_months\": 48}";
    next_review_is(m12, "2024-02-29", "2025-02-28");
    next_review_is(m48, "2024-02-29", "2028-02-29");
    next_review_is(m1, "2026-01-31", "2026-02-28");
    next_review_is(m1, "2028-01-31", "2028-02-29");
    next_review_is(m1, "2026-08-31", "2026-09-30");
    next_review_is(m12, "2026-11-20", "2027-11-20");
}
END_TEST

START_TEST(next_review_by_fiscal_year)
{
    /* 毎年度: by 31 March that ends the 年度 after the decision's */
    const char *fy = "{\"format\": \"assess-policy/1\", \"review_basis\": \"fiscal_year\"}";
    next_review_is(fy, "2026-11-20", "2028-03-31"); /* 令和8年度 → by the end of 令和9年度 */
    next_review_is(fy, "2026-04-01", "2028-03-31");
    next_review_is(fy, "2027-03-31", "2028-03-31"); /* still 令和8年度 */
    next_review_is(fy, "2027-01-10", "2028-03-31");
}
END_TEST

START_TEST(conditions_numbered_with_due_dates)
{
    scored s;
    score_on("samples/reaudit/2026.json", "2026-11-25", NULL, &s);
    const asx_result *r = s.res;
    ck_assert_int_eq(r->verdict, ASX_VERDICT_CONDITIONAL);
    ck_assert_uint_eq(r->nconditions, r->count[ASX_SEV_MAJOR] + r->count[ASX_SEV_MINOR]);
    ck_assert_uint_gt(r->nconditions, 0);
    for (size_t i = 0; i < r->nconditions; i++) {
        ck_assert_uint_eq(r->conditions[i].n, i + 1);
        ck_assert(r->conditions[i].finding->severity == ASX_SEV_MAJOR ||
                  r->conditions[i].finding->severity == ASX_SEV_MINOR);
        iso_eq(r->conditions[i].due, "2026-12-25"); /* the default's 30 days */
    }
    iso_eq(r->decided_on, "2026-11-25");
    ck_assert(r->has_next_review);
    iso_eq(r->next_review, "2027-11-25");
    scored_free(&s);

    score_on("samples/reaudit/2026.json", "2026-11-25",
             "{\"format\": \"assess-policy/1\", \"condition_due_days\": 60}", &s);
    iso_eq(s.res->conditions[0].due, "2027-01-24");
    scored_free(&s);
}
END_TEST

START_TEST(no_conditions_or_review_unless_approved)
{
    scored s;
    score_on("samples/minato-docs.json", "2026-11-25", NULL, &s);
    ck_assert_int_eq(s.res->verdict, ASX_VERDICT_APPROVED);
    ck_assert_uint_eq(s.res->nconditions, 0);
    ck_assert(s.res->has_next_review);
    scored_free(&s);
    score_on("samples/skyharbor-us.json", "2026-11-25", NULL, &s);
    ck_assert_int_eq(s.res->verdict, ASX_VERDICT_REJECTED);
    ck_assert_uint_eq(s.res->nconditions, 0);
    ck_assert(!s.res->has_next_review);
    scored_free(&s);
    score_on("samples/incomplete-draft.json", "2026-11-25", NULL, &s);
    ck_assert_int_eq(s.res->verdict, ASX_VERDICT_INCOMPLETE);
    ck_assert_uint_eq(s.res->nconditions, 0);
    ck_assert(!s.res->has_next_review);
    /* counts are of every finding, the unanswered ones included */
    size_t total = 0;
    for (int k = 0; k < 4; k++)
        total += s.res->count[k];
    ck_assert_uint_eq(total, s.res->nfindings);
    scored_free(&s);
}
END_TEST

START_TEST(facts_follow_the_bank)
{
    scored s;
    score_on("samples/minato-docs.json", "2026-11-25", NULL, &s);
    const asx_result *r = s.res;
    ck_assert_uint_eq(r->nfacts, r->bank->nfacts);
    ck_assert_uint_gt(r->nfacts, 10);
    for (size_t i = 0; i < r->nfacts; i++)
        ck_assert_ptr_eq(r->facts[i].q, r->bank->facts[i]);
    ck_assert_str_eq(r->facts[0].q->id, "loc.storage_countries");
    ck_assert_str_eq(asx_fact_value(&r->facts[0], ASX_LANG_JA), "日本 (JP)");
    const asx_fact *sla = NULL;
    for (size_t i = 0; i < r->nfacts; i++)
        if (strcmp(r->facts[i].q->id, "sla.availability_percent") == 0)
            sla = &r->facts[i];
    ck_assert_ptr_nonnull(sla);
    ck_assert_ptr_nonnull(asx_fact_norm(sla, ASX_LANG_JA));
    ck_assert_str_eq(asx_fact_norm(sla, ASX_LANG_JA), "99.9 % 以上");
    ck_assert_str_eq(asx_fact_norm(sla, ASX_LANG_EN), "at least 99.9 %");
    ck_assert(r->has_evidence_expiry);
    iso_eq(r->evidence_expiry, "2028-03-31");
    scored_free(&s);
}
END_TEST

START_TEST(clause_numbers_of_the_organisation)
{
    scored s;
    score_on("samples/skyharbor-us.json", "2026-11-25",
             "{\"format\": \"assess-policy/1\", \"clause_numbers\": {\"11-2(2)⑦\": \"第9章3(2)⑦\"}}", &s);
    bool seen = false;
    for (size_t i = 0; i < s.res->nfindings; i++) {
        const asx_finding *f = &s.res->findings[i];
        if (!strstr(f->clause, "11-2(2)⑦"))
            continue;
        seen = true;
        ck_assert_ptr_null(strstr(f->clause_local, "11-2(2)⑦"));
        ck_assert_ptr_nonnull(strstr(f->clause_local, "第9章3(2)⑦"));
        ck_assert_ptr_nonnull(strstr(f->msg_ja, "第9章3(2)⑦"));
    }
    ck_assert(seen);
    char *json = asx_result_to_json(s.res, ASX_LANG_JA);
    cJSON *root = cJSON_Parse(json);
    free(json);
    cJSON *f0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "findings"), 0);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(f0, "clause"));
    cJSON_Delete(root);
    scored_free(&s);
}
END_TEST

/* SPEC §8.6: the result carries every citation mapped once — each question, the bank, the review
 * interval, the manager's designation — and each finding's message as a contract cites it. */
START_TEST(every_citation_mapped_once)
{
    scored s;
    score_on("samples/procurement/bid-b.json", "2026-12-01",
             "{\"format\": \"assess-policy/1\", \"standard_name\": \"情報セキュリティ対策基準に関する規程\","
             " \"clause_numbers\": {\"11-2\": \"第9章第3節\", \"11-2(2)⑥イ\": \"第9章第3節\", \"11-2(2)⑥ア\": \"第9章第3節\","
             " \"11-1(3)\": \"第25条\", \"12-1(4)\": \"第30条\", \"11-2(4)③\": \"第26条第3号\"}}", &s);
    const asx_result *r = s.res;
    ck_assert_str_eq(r->bank_cite.clause, "11-2");
    ck_assert_str_eq(r->bank_cite.clause_local, "第9章第3節");
    ck_assert_str_eq(r->review_cite.clause_local, "第25条, 第30条");
    ck_assert_str_eq(r->manager_cite.clause_local, "第26条第3号");
    ck_assert_str_eq(r->standard_name, "情報セキュリティ対策基準に関する規程");
    size_t mapped = 0;
    for (size_t i = 0; i < r->bank->nquestions; i++) {
        const asx_cite *c = &r->q[i].cite;
        ck_assert_ptr_nonnull(c->clause);
        ck_assert_ptr_nonnull(c->clause_local);
        if (asx_cite_mapped(c)) {
            mapped++;
            ck_assert_ptr_null(strstr(c->clause_local, "11-2(2)⑥"));
            /* 「第9章第3節」 once, however many of the question's clauses map to it */
            const char *at = strstr(c->clause_local, "第9章第3節");
            ck_assert_ptr_nonnull(at);
            ck_assert_ptr_null(strstr(at + 1, "第9章第3節"));
        }
    }
    ck_assert_uint_gt(mapped, 0);
    bool seen = false;
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        ck_assert_ptr_null(strchr(f->msg_ja, '\x01'));
        ck_assert_ptr_null(strchr(asx_finding_cited(f, ASX_LANG_EN), '\x01'));
        if (strcmp(f->clause, "11-2(2)⑥イ") != 0)
            continue;
        seen = true;
        ck_assert_ptr_nonnull(strstr(f->msg_ja, "(第9章第3節)"));
        ck_assert_ptr_nonnull(strstr(asx_finding_cited(f, ASX_LANG_JA), "(情報セキュリティ対策基準に関する規程第9章第3節)"));
        ck_assert_ptr_nonnull(strstr(asx_finding_cited(f, ASX_LANG_EN), "(standard 第9章第3節)"));
    }
    ck_assert(seen);
    scored_free(&s);
}
END_TEST

START_TEST(json_carries_what_outputs_show)
{
    scored s;
    score_on("samples/reaudit/2026.json", "2026-11-25", NULL, &s);
    char *json = asx_result_to_json(s.res, ASX_LANG_JA);
    cJSON *root = cJSON_Parse(json);
    free(json);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(cJSON_GetObjectItem(root, "decided_on")->valuestring, "2026-11-25");
    ck_assert_str_eq(cJSON_GetObjectItem(root, "next_review")->valuestring, "2027-11-25");
    cJSON *counts = cJSON_GetObjectItem(root, "counts");
    ck_assert_int_eq(cJSON_GetObjectItem(counts, "major")->valueint, (int)s.res->count[ASX_SEV_MAJOR]);
    cJSON *conds = cJSON_GetObjectItem(root, "conditions");
    ck_assert_int_eq(cJSON_GetArraySize(conds), (int)s.res->nconditions);
    cJSON *c1 = cJSON_GetArrayItem(conds, 0);
    ck_assert_int_eq(cJSON_GetObjectItem(c1, "n")->valueint, 1);
    ck_assert_str_eq(cJSON_GetObjectItem(c1, "due")->valuestring, "2026-12-25");
    cJSON *facts = cJSON_GetObjectItem(root, "facts");
    ck_assert_int_eq(cJSON_GetArraySize(facts), (int)s.res->nfacts);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(facts, 0), "question")->valuestring,
                     "loc.storage_countries");
    cJSON_Delete(root);
    scored_free(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("result");
    TCase *t = tcase_create("result");
    tcase_add_test(t, next_review_by_months_clamps_month_ends);
    tcase_add_test(t, next_review_by_fiscal_year);
    tcase_add_test(t, conditions_numbered_with_due_dates);
    tcase_add_test(t, no_conditions_or_review_unless_approved);
    tcase_add_test(t, facts_follow_the_bank);
    tcase_add_test(t, clause_numbers_of_the_organisation);
    tcase_add_test(t, every_citation_mapped_once);
    tcase_add_test(t, json_carries_what_outputs_show);
    suite_add_tcase(s, t);
    return tu_run(s);
}
