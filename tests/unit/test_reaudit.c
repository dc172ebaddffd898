/* test_reaudit.c - the re-audit diff: every kind of regression and improvement, on the
 * samples (2025 → 2026) and on perturbed copies of them; other bank versions; JSON shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/policy.h"
#include "asx/reaudit.h"
#include "asx/score.h"
#include "testutil.h"

static asx_bankset banks;
static asx_policy *policy;

static void setup(void)
{
    asx_diags d;
    asx_diags_init(&d);
    memset(&banks, 0, sizeof banks);
    ck_assert_int_eq(asx_bankset_builtin(&banks, &d), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&policy, &d), ASX_OK);
    asx_diags_free(&d);
}

static void teardown(void)
{
    asx_policy_free(policy);
    asx_bankset_free(&banks);
}

typedef struct {
    asx_answers *ans;
    asx_result *res;
} side;

static void side_free(side *s)
{
    asx_result_free(s->res);
    asx_answers_free(s->ans);
}

static void load_text(const char *text, const char *name, side *s)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_error err = asx_answers_load(text, strlen(text), name, &banks, &s->ans, &d);
    if (err)
        asx_diags_print(&d, stderr);
    ck_assert_int_eq(err, ASX_OK);
    ck_assert_int_eq(tu_score(s->ans, policy, s->ans->date, &s->res, &d), ASX_OK);
    asx_diags_free(&d);
}

static cJSON *sample(const char *rel)
{
    char *text = tu_read(rel, NULL);
    cJSON *j = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(j);
    return j;
}

static void load_json(cJSON *j, const char *name, side *s)
{
    char *text = cJSON_Print(j);
    load_text(text, name, s);
    cJSON_free(text);
}

static cJSON *answer_value(cJSON *j, const char *id)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "answers"), id);
    ck_assert_ptr_nonnull(a);
    return a;
}

static void set_value(cJSON *j, const char *id, cJSON *v)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "answers");
    cJSON *item = cJSON_GetObjectItemCaseSensitive(a, id);
    if (!item) {
        item = cJSON_CreateObject();
        cJSON_AddItemToObject(a, id, item);
    }
    if (!cJSON_ReplaceItemInObjectCaseSensitive(item, "value", v))
        cJSON_AddItemToObject(item, "value", v);
}

static const asx_change *find(const asx_reaudit *ra, asx_change_kind k, const char *q)
{
    for (size_t i = 0; i < ra->nchanges; i++)
        if (ra->changes[i].kind == k && (!q || strcmp(ra->changes[i].question, q) == 0))
            return &ra->changes[i];
    return NULL;
}

static asx_reaudit *diff(side *b, side *a, bool force)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_reaudit *ra = NULL;
    asx_error err = asx_reaudit_diff(b->res, a->res, force, &ra, &d);
    if (err)
        asx_diags_print(&d, stderr);
    ck_assert_int_eq(err, ASX_OK);
    asx_diags_free(&d);
    return ra;
}

START_TEST(samples_2025_to_2026)
{
    side b, a;
    char *t25 = tu_read("samples/reaudit/2025.json", NULL);
    char *t26 = tu_read("samples/reaudit/2026.json", NULL);
    load_text(t25, "2025.json", &b);
    load_text(t26, "2026.json", &a);
    asx_reaudit *ra = diff(&b, &a, false);
    ck_assert_int_eq(ra->before->verdict, ASX_VERDICT_APPROVED);
    ck_assert_int_eq(ra->after->verdict, ASX_VERDICT_CONDITIONAL);
    const asx_change *c = find(ra, ASX_CHG_SLA_LOWERED, "sla.availability_percent");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->before_json, "99.95");
    ck_assert_str_eq(c->after_json, "99.5");
    ck_assert_str_eq(c->clause, "11-2(2)⑥イ");
    ck_assert_ptr_nonnull(strstr(c->detail_ja, "99.9"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_RTO_LONGER, "bak.rto_hours"));
    c = find(ra, ASX_CHG_NEW_SUBCONTRACTOR, "sub.list");
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_nonnull(strstr(c->detail_ja, "株式会社せんだい運用サポート"));
    /* the same expiry date as last year, passed since: not a regression, the evidence is due */
    ck_assert_ptr_null(find(ra, ASX_CHG_CERTIFICATION_EXPIRED, "cert.expiry"));
    c = find(ra, ASX_CHG_EXPIRED_UNCHANGED, "cert.expiry");
    ck_assert_ptr_nonnull(c);
    ck_assert(!asx_change_is_regression(c->kind) && !asx_change_is_improvement(c->kind));
    ck_assert_ptr_nonnull(strstr(c->detail_en, "2026-09-30"));
    /* last year's 対象外 is shown as such, not as unanswered */
    c = find(ra, ASX_CHG_CHANGED, "sub.prior_approval");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->before_ja, "対象外");
    ck_assert_ptr_nonnull(strstr(c->detail_ja, "前回は対象外"));
    /* the detail of a number names the policy's number, not the values again */
    c = find(ra, ASX_CHG_SLA_LOWERED, "sla.availability_percent");
    ck_assert_ptr_null(strstr(c->detail_ja, "→"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_SCORE_DOWN, "bak.restore_tested"));
    /* no country was added in these samples: none reported */
    ck_assert_ptr_null(find(ra, ASX_CHG_NEW_COUNTRY, NULL));
    ck_assert_ptr_null(find(ra, ASX_CHG_COUNTRY_REMOVED, NULL));
    ck_assert_ptr_null(find(ra, ASX_CHG_NEW_KNOCKOUT, NULL));
    /* regressions come first, sorted by kind */
    for (size_t i = 0; i < ra->nregressions; i++)
        ck_assert(asx_change_is_regression(ra->changes[i].kind));
    for (size_t i = 1; i < ra->nchanges; i++)
        ck_assert_int_le(ra->changes[i - 1].kind, ra->changes[i].kind);
    ck_assert_uint_gt(ra->nunchanged, 50);
    /* the memo lists regressions before improvements */
    char *memo = asx_reaudit_memo(ra, ASX_LANG_JA);
    ck_assert_ptr_nonnull(strstr(memo, "後退"));
    ck_assert_ptr_nonnull(strstr(memo, "保証稼働率"));
    free(memo);
    asx_reaudit_free(ra);

    /* the other way round: improvements */
    ra = diff(&a, &b, true); /* dates reversed: needs --force */
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_SLA_RAISED, "sla.availability_percent"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_RTO_SHORTER, "bak.rto_hours"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_SCORE_UP, "bak.restore_tested"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_SUBCONTRACTOR_REMOVED, "sub.list"));
    asx_reaudit_free(ra);

    /* dates in the wrong order without --force: refused */
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_reaudit_diff(a.res, b.res, false, &ra, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "PREVIOUS CURRENT"));
    asx_diags_free(&d);
    side_free(&a);
    side_free(&b);
    free(t25);
    free(t26);
}
END_TEST

START_TEST(json_shape)
{
    side b, a;
    char *t25 = tu_read("samples/reaudit/2025.json", NULL);
    char *t26 = tu_read("samples/reaudit/2026.json", NULL);
    load_text(t25, "2025.json", &b);
    load_text(t26, "2026.json", &a);
    asx_reaudit *ra = diff(&b, &a, false);
    char *text = asx_reaudit_to_json(ra, ASX_LANG_JA);
    cJSON *j = cJSON_Parse(text);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "verdict_before")->valuestring, "approved");
    ck_assert_str_eq(cJSON_GetObjectItem(j, "verdict_after")->valuestring, "conditional");
    cJSON *reg = cJSON_GetObjectItem(j, "regressions");
    ck_assert(cJSON_IsArray(reg));
    ck_assert_int_eq(cJSON_GetArraySize(reg), (int)ra->nregressions);
    cJSON *it;
    bool saw_sla = false;
    cJSON_ArrayForEach(it, reg)
    {
        ck_assert(cJSON_IsString(cJSON_GetObjectItem(it, "question")));
        ck_assert(cJSON_IsString(cJSON_GetObjectItem(it, "clause")));
        ck_assert(cJSON_IsString(cJSON_GetObjectItem(it, "kind")));
        ck_assert_ptr_nonnull(cJSON_GetObjectItem(it, "before"));
        ck_assert_ptr_nonnull(cJSON_GetObjectItem(it, "after"));
        if (strcmp(cJSON_GetObjectItem(it, "kind")->valuestring, "sla_lowered") == 0) {
            saw_sla = true;
            ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(it, "before")));
            ck_assert_double_eq_tol(cJSON_GetObjectItem(it, "after")->valuedouble, 99.5, 1e-9);
        }
    }
    ck_assert(saw_sla);
    ck_assert(cJSON_IsArray(cJSON_GetObjectItem(j, "improvements")));
    cJSON_Delete(j);
    free(text);
    asx_reaudit_free(ra);
    side_free(&a);
    side_free(&b);
    free(t25);
    free(t26);
}
END_TEST

/* Perturbed copies of 2025 → the kinds the samples do not show. */
START_TEST(perturbed_kinds)
{
    side b, a;
    cJSON *j25 = sample("samples/reaudit/2025.json");
    cJSON *j = sample("samples/reaudit/2025.json");
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(j, "assessment"), "date",
                              cJSON_CreateString("2026-11-01"));
    /* a new storage country (US): new_country and a new knockout */
    const char *us[] = {"JP", "US"};
    set_value(j, "loc.storage_countries", cJSON_CreateStringArray(us, 2));
    /* ISO 27001 dropped */
    set_value(j, "cert.iso27001", cJSON_CreateString("no"));
    /* a longer RPO */
    set_value(j, "bak.rpo_hours", cJSON_CreateNumber(72));
    /* the certificate renewed to a later date */
    set_value(j, "cert.expiry", cJSON_CreateString("2027-09-30"));
    load_json(j25, "prev.json", &b);
    load_json(j, "cur.json", &a);
    asx_reaudit *ra = diff(&b, &a, false);
    const asx_change *c = find(ra, ASX_CHG_NEW_COUNTRY, "loc.storage_countries");
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_nonnull(strstr(c->detail_en, "US"));
    ck_assert_ptr_null(strstr(c->detail_en, "JP"));
    ck_assert_str_eq(c->after_json, "[\"JP\",\"US\"]");
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_NEW_KNOCKOUT, "loc.storage_countries"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_CERTIFICATION_DROPPED, "cert.iso27001"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_RPO_LONGER, "bak.rpo_hours"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_CERTIFICATION_RENEWED, "cert.expiry"));
    /* a question is reported once per kind, and score_down only when nothing says more */
    ck_assert_ptr_null(find(ra, ASX_CHG_SCORE_DOWN, "loc.storage_countries"));
    ck_assert_ptr_null(find(ra, ASX_CHG_SCORE_DOWN, "cert.iso27001"));
    ck_assert_int_eq(ra->after->verdict, ASX_VERDICT_REJECTED);
    /* knockouts are listed first */
    ck_assert_int_eq(ra->changes[0].kind, ASX_CHG_NEW_KNOCKOUT);
    asx_reaudit_free(ra);
    side_free(&a);
    side_free(&b);

    /* the reverse: the knockout cleared, the country removed, the certification obtained */
    load_json(j, "prev.json", &b);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(j25, "assessment"), "date",
                              cJSON_CreateString("2027-11-01"));
    set_value(j25, "cert.expiry", cJSON_CreateString("2028-09-30"));
    /* the certificates listed one by one (bank 2.0) are renewed as well */
    set_value(j25, "cert.certificates",
              cJSON_Parse("[{\"scheme\": \"ISMAP\", \"number\": \"C21-0100-2\", \"scope\": \"-\", "
                          "\"expiry\": \"2028-09-30\"}]"));
    load_json(j25, "cur.json", &a);
    ra = diff(&b, &a, false);
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_KNOCKOUT_CLEARED, "loc.storage_countries"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_COUNTRY_REMOVED, "loc.storage_countries"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_CERTIFICATION_ADDED, "cert.iso27001"));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_RPO_SHORTER, "bak.rpo_hours"));
    ck_assert_uint_eq(ra->nregressions, 0);
    asx_reaudit_free(ra);
    side_free(&a);
    side_free(&b);
    cJSON_Delete(j);
    cJSON_Delete(j25);
}
END_TEST

START_TEST(subcontractor_moves_country)
{
    side b, a;
    cJSON *j26 = sample("samples/reaudit/2026.json");
    cJSON *j = sample("samples/reaudit/2026.json");
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(j, "assessment"), "date",
                              cJSON_CreateString("2027-11-01"));
    cJSON *list = cJSON_GetObjectItem(answer_value(j, "sub.list"), "value");
    cJSON *first = cJSON_GetArrayItem(list, 0);
    cJSON_ReplaceItemInObject(first, "country", cJSON_CreateString("VN"));
    cJSON *extra = cJSON_CreateObject();
    cJSON_AddStringToObject(extra, "name", "Example Support Ltd.");
    cJSON_AddStringToObject(extra, "country", "JP");
    cJSON_AddStringToObject(extra, "role", "ヘルプデスク");
    cJSON_AddItemToArray(list, extra);
    load_json(j26, "prev.json", &b);
    load_json(j, "cur.json", &a);
    asx_reaudit *ra = diff(&b, &a, false);
    const asx_change *c = find(ra, ASX_CHG_SUBCONTRACTOR_COUNTRY, "sub.list");
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_nonnull(strstr(c->detail_en, "JP → VN"));
    c = find(ra, ASX_CHG_NEW_SUBCONTRACTOR, "sub.list");
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_nonnull(strstr(c->detail_en, "Example Support Ltd. (JP)"));
    ck_assert_ptr_null(strstr(c->detail_en, "せんだい"));
    asx_reaudit_free(ra);
    side_free(&a);
    side_free(&b);
    cJSON_Delete(j);
    cJSON_Delete(j26);
}
END_TEST

/* Answers of an older bank version: ids it had that the bank no longer has are reported as
 * removed, questions it lacked as added; nothing fails. */
START_TEST(older_bank_version)
{
    side b, a;
    cJSON *old = sample("samples/reaudit/2025.json");
    cJSON *cur = sample("samples/reaudit/2026.json");
    cJSON_ReplaceItemInObject(old, "questionnaire_version", cJSON_CreateString("0.9"));
    set_value(old, "legacy.paper_contract", cJSON_CreateString("yes"));
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(old, "answers"), "sec.key_management");
    load_json(old, "old.json", &b);
    load_json(cur, "cur.json", &a);
    ck_assert_uint_eq(b.ans->nextra, 1);
    asx_reaudit *ra = diff(&b, &a, false);
    ck_assert(ra->bank_version_differs);
    const asx_change *c = find(ra, ASX_CHG_QUESTION_REMOVED, "legacy.paper_contract");
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(c->q);
    ck_assert_str_eq(c->before_json, "\"yes\"");
    ck_assert_str_eq(c->after_json, "null");
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_QUESTION_ADDED, "sec.key_management"));
    /* the regressions of the samples are still found */
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_SLA_LOWERED, NULL));
    ck_assert_ptr_nonnull(find(ra, ASX_CHG_NEW_SUBCONTRACTOR, "sub.list"));
    char *text = asx_reaudit_to_json(ra, ASX_LANG_EN);
    ck_assert_ptr_nonnull(strstr(text, "\"question_removed\""));
    free(text);
    asx_reaudit_free(ra);
    side_free(&a);
    side_free(&b);
    cJSON_Delete(old);
    cJSON_Delete(cur);
}
END_TEST

START_TEST(other_vendor_refused_without_force)
{
    side b, a;
    char *t25 = tu_read("samples/reaudit/2025.json", NULL);
    char *tm = tu_read("samples/minato-docs.json", NULL);
    load_text(t25, "2025.json", &b);
    load_text(tm, "minato.json", &a);
    asx_diags d;
    asx_diags_init(&d);
    asx_reaudit *ra = NULL;
    ck_assert_int_eq(asx_reaudit_diff(b.res, a.res, false, &ra, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(ra);
    ck_assert(tu_diags_have(&d, "--allow-other-vendor"));
    ck_assert_int_eq(asx_reaudit_diff(b.res, a.res, true, &ra, &d), ASX_OK);
    asx_reaudit_free(ra);
    asx_diags_free(&d);
    side_free(&a);
    side_free(&b);
    free(t25);
    free(tm);
}
END_TEST

START_TEST(identical_answers_have_no_changes)
{
    side b, a;
    char *t = tu_read("samples/reaudit/2025.json", NULL);
    load_text(t, "x.json", &b);
    load_text(t, "y.json", &a);
    asx_reaudit *ra = diff(&b, &a, false);
    ck_assert_uint_eq(ra->nchanges, 0);
    ck_assert_uint_eq(ra->nunchanged, b.ans->bank->nquestions);
    char *memo = asx_reaudit_memo(ra, ASX_LANG_JA);
    ck_assert_ptr_nonnull(strstr(memo, "後退はありません"));
    free(memo);
    asx_reaudit_free(ra);
    side_free(&a);
    side_free(&b);
    free(t);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reaudit");
    TCase *tc = tcase_create("reaudit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, samples_2025_to_2026);
    tcase_add_test(tc, json_shape);
    tcase_add_test(tc, perturbed_kinds);
    tcase_add_test(tc, subcontractor_moves_country);
    tcase_add_test(tc, older_bank_version);
    tcase_add_test(tc, other_vendor_refused_without_force);
    tcase_add_test(tc, identical_answers_have_no_changes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
