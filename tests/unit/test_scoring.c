/* test_scoring.c - every answer type and rule, knockouts, verdict precedence, policy overrides and
 * boundaries, on a small bank (tests/data/mini-bank.json) so each case changes one answer. */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "asx/answers.h"
#include "asx/score.h"
#include "testutil.h"

static asx_bankset banks;
static asx_policy *policy;
static cJSON *doc; /* the answers being perturbed */
static asx_answers *answers;
static asx_result *result;
static asx_diags diags;

static void setup(void)
{
    asx_diags_init(&diags);
    banks.v = NULL;
    banks.n = 0;
    ck_assert_int_eq(asx_bankset_add_file(&banks, tu_path("tests/data/mini-bank.json"), &diags), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&policy, &diags), ASX_OK);
    char *buf = tu_read("tests/data/mini-good.json", NULL);
    doc = cJSON_Parse(buf);
    free(buf);
    ck_assert_ptr_nonnull(doc);
}

static void teardown(void)
{
    asx_result_free(result);
    result = NULL;
    asx_answers_free(answers);
    answers = NULL;
    cJSON_Delete(doc);
    asx_policy_free(policy);
    asx_bankset_free(&banks);
    asx_diags_free(&diags);
}

static cJSON *answers_obj(void)
{
    return cJSON_GetObjectItemCaseSensitive(doc, "answers");
}

/* Replace (or add) the value of one answer, given as JSON text. */
static void set_answer(const char *id, const char *value_json)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "value", cJSON_Parse(value_json));
    cJSON_DeleteItemFromObjectCaseSensitive(answers_obj(), id);
    cJSON_AddItemToObject(answers_obj(), id, o);
}

static void set_comment(const char *id, const char *comment)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(answers_obj(), id);
    cJSON_DeleteItemFromObjectCaseSensitive(o, "comment");
    cJSON_AddStringToObject(o, "comment", comment);
}

static void drop_answer(const char *id)
{
    cJSON_DeleteItemFromObjectCaseSensitive(answers_obj(), id);
}

static void set_class(int c, int i, int a)
{
    cJSON *cl = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "assessment"), "classification");
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(cl, "confidentiality"), c);
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(cl, "integrity"), i);
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(cl, "availability"), a);
}

/* Load the current document; returns the load status. */
static asx_error load(void)
{
    char *text = cJSON_Print(doc);
    asx_answers_free(answers);
    answers = NULL;
    asx_error err = asx_answers_load(text, strlen(text), "mini.json", &banks, &answers, &diags);
    free(text);
    return err;
}

static void score(void)
{
    ck_assert_int_eq(load(), ASX_OK);
    asx_result_free(result);
    result = NULL;
    ck_assert_int_eq(tu_score(answers, policy, answers->date, &result, &diags), ASX_OK);
}

static const asx_finding *finding_for(const char *qid)
{
    for (size_t i = 0; i < result->nfindings; i++)
        if (result->findings[i].q && strcmp(result->findings[i].q->id, qid) == 0)
            return &result->findings[i];
    return NULL;
}

static double qscore(const char *qid)
{
    const asx_question *q = asx_bank_find(answers->bank, qid);
    ck_assert_ptr_nonnull(q);
    return result->q[q->index].score;
}

START_TEST(all_good_is_approved)
{
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    ck_assert_double_eq_tol(result->score, 100.0, 1e-9);
    ck_assert_uint_eq(result->nfindings, 0);
    ck_assert_uint_eq(result->nunanswered, 0);
}
END_TEST

START_TEST(number_threshold_boundary)
{
    set_answer("sla.availability_percent", "99.9"); /* exactly the A2 minimum */
    score();
    ck_assert_double_eq(qscore("sla.availability_percent"), 1);
    set_answer("sla.availability_percent", "99.89");
    score();
    ck_assert_double_eq(qscore("sla.availability_percent"), 0);
    const asx_finding *f = finding_for("sla.availability_percent");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    ck_assert_str_eq(f->clause, "11-2(2)⑥イ");
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "99.9"));
    ck_assert_int_eq(result->verdict, ASX_VERDICT_CONDITIONAL); /* 13/15 = 86.7 but a major finding */
    ck_assert_double_eq_tol(result->score, 86.7, 1e-9);
}
END_TEST

START_TEST(number_threshold_by_availability_level)
{
    set_class(2, 2, 1);
    set_answer("sla.availability_percent", "99.5"); /* A1 minimum is 99.5 */
    score();
    ck_assert_double_eq(qscore("sla.availability_percent"), 1);
    /* RTO applies only from availability 2: not scored, not required at A1 */
    drop_answer("sec.rto_hours");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    const asx_question *q = asx_bank_find(answers->bank, "sec.rto_hours");
    ck_assert(!result->q[q->index].applicable);
}
END_TEST

START_TEST(lower_is_better)
{
    set_answer("sec.rto_hours", "24");
    score();
    ck_assert_double_eq(qscore("sec.rto_hours"), 1);
    set_answer("sec.rto_hours", "25");
    score();
    ck_assert_double_eq(qscore("sec.rto_hours"), 0);
    ck_assert_ptr_nonnull(finding_for("sec.rto_hours"));
}
END_TEST

START_TEST(choice_scores_and_minor_finding)
{
    set_answer("sla.reporting", "\"quarterly\"");
    score();
    ck_assert_double_eq(qscore("sla.reporting"), 0.5);
    ck_assert_int_eq(finding_for("sla.reporting")->severity, ASX_SEV_MINOR);
    ck_assert_double_eq_tol(result->score, 96.7, 1e-9); /* 14.5 / 15 */
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED); /* a minor finding does not block */
}
END_TEST

START_TEST(countries_knockout_from_level)
{
    set_answer("loc.storage_countries", "[\"JP\", \"US\"]");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    const asx_finding *f = &result->findings[0];
    ck_assert_int_eq(f->severity, ASX_SEV_KNOCKOUT);
    ck_assert_str_eq(f->q->id, "loc.storage_countries");
    ck_assert_str_eq(f->clause, "11-2(2)⑦");
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "(US)"));
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "国内保管を契約条件とすること"));
    /* at confidentiality 1 the same answer is a major finding, not a knockout */
    set_class(1, 2, 2);
    score();
    ck_assert_int_eq(finding_for("loc.storage_countries")->severity, ASX_SEV_MAJOR);
    ck_assert_double_eq_tol(result->score, 80.0, 1e-9); /* 12 / 15: at the approve threshold */
    ck_assert_int_eq(result->verdict, ASX_VERDICT_CONDITIONAL);
}
END_TEST

START_TEST(country_policy_key)
{
    set_answer("loc.governing_law", "\"US\"");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    ck_assert_int_eq(finding_for("loc.governing_law")->severity, ASX_SEV_KNOCKOUT);
}
END_TEST

START_TEST(yesno_expected_and_partial)
{
    set_answer("sec.mfa", "\"partial\"");
    score();
    ck_assert_double_eq(qscore("sec.mfa"), 0.5);
    set_answer("sec.mfa", "\"no\"");
    score();
    ck_assert_double_eq(qscore("sec.mfa"), 0);
    /* expected "no": answering yes is the bad answer; here it also opens the subcontractor list */
    set_answer("sec.mfa", "\"yes\"");
    set_answer("sec.uses_subcontractors", "\"yes\"");
    set_answer("sec.sub_list", "[{\"name\": \"国内DC株式会社\", \"country\": \"JP\", \"role\": \"データセンター\"}]");
    score();
    ck_assert_double_eq(qscore("sec.uses_subcontractors"), 0);
    ck_assert_int_eq(finding_for("sec.uses_subcontractors")->severity, ASX_SEV_INFO);
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
}
END_TEST

START_TEST(knockout_yesno_at_level_one)
{
    set_class(1, 1, 1);
    set_answer("sec.purpose_limitation", "\"partial\"");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    ck_assert_int_eq(finding_for("sec.purpose_limitation")->severity, ASX_SEV_KNOCKOUT);
}
END_TEST

START_TEST(conditional_question_and_list_countries)
{
    set_answer("sec.uses_subcontractors", "\"yes\"");
    score(); /* the list now applies and is required */
    ck_assert_int_eq(result->verdict, ASX_VERDICT_INCOMPLETE);
    ck_assert_uint_eq(result->nunanswered, 1);
    ck_assert_str_eq(answers->bank->questions[result->unanswered[0]].id, "sec.sub_list");
    set_answer("sec.sub_list", "[{\"name\": \"Overseas Ops Inc.\", \"country\": \"US\", \"role\": \"運用\"}]");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    const asx_finding *f = finding_for("sec.sub_list");
    ck_assert_int_eq(f->severity, ASX_SEV_KNOCKOUT);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "Overseas Ops Inc. (US)"));
}
END_TEST

START_TEST(na_left_out)
{
    set_answer("sec.mfa", "\"na\"");
    score();
    const asx_question *q = asx_bank_find(answers->bank, "sec.mfa");
    ck_assert(result->q[q->index].na);
    ck_assert_double_eq_tol(result->score, 100.0, 1e-9);
    /* "na" where the bank does not allow it is an input error */
    set_answer("sec.purpose_limitation", "\"na\"");
    ck_assert_int_eq(load(), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "sec.purpose_limitation"));
}
END_TEST

START_TEST(expiry_dates)
{
    set_answer("sec.cert_expiry", "\"2026-11-19\""); /* the day before the assessment */
    score();
    ck_assert_int_eq(finding_for("sec.cert_expiry")->severity, ASX_SEV_MAJOR);
    ck_assert_double_eq(qscore("sec.cert_expiry"), 0);
    set_answer("sec.cert_expiry", "\"2026-11-20\""); /* valid on the day */
    score();
    ck_assert_int_eq(finding_for("sec.cert_expiry")->severity, ASX_SEV_INFO);
    ck_assert_double_eq(qscore("sec.cert_expiry"), 1);
    set_answer("sec.cert_expiry", "\"2027-11-20\""); /* exactly at the next review: no note */
    score();
    ck_assert_ptr_null(finding_for("sec.cert_expiry"));
}
END_TEST

START_TEST(red_flags)
{
    set_answer("sec.deletion_terms", "\"削除方法は未定\"");
    score();
    const asx_finding *f = finding_for("sec.deletion_terms");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    ck_assert_int_eq(result->verdict, ASX_VERDICT_CONDITIONAL);
    /* comments are checked too */
    set_answer("sec.deletion_terms", "\"暗号鍵削除\"");
    set_comment("sec.mfa", "tbd after contract");
    score();
    ck_assert_ptr_nonnull(finding_for("sec.mfa"));
}
END_TEST

START_TEST(verdict_precedence)
{
    /* knockout beats incomplete */
    drop_answer("sla.availability_percent");
    set_answer("loc.storage_countries", "[\"CN\"]");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    /* incomplete beats a low score */
    set_answer("loc.storage_countries", "[\"JP\"]");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_INCOMPLETE);
    /* a score below the conditional threshold rejects */
    set_answer("sla.availability_percent", "90");
    set_answer("sec.mfa", "\"no\"");
    set_answer("sec.rto_hours", "100");
    set_answer("sec.cert_expiry", "\"2020-01-01\"");
    set_answer("sla.reporting", "\"quarterly\"");
    set_answer("sec.uses_subcontractors", "\"yes\"");
    set_answer("sec.sub_list", "[]");
    score(); /* (3+1+3+0.5)/15 ... */
    ck_assert(result->score < 60);
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    ck_assert_uint_eq(result->count[ASX_SEV_KNOCKOUT], 0);
}
END_TEST

START_TEST(policy_override)
{
    const char *p = "{\"format\": \"assess-policy/1\", \"approve_threshold\": 97,"
                    " \"availability_percent_min\": {\"A2\": 99.95}}";
    asx_policy *custom = NULL;
    ck_assert_int_eq(asx_policy_load(p, strlen(p), "p.json", &custom, &diags), ASX_OK);
    ck_assert_double_eq(custom->availability_percent_min[0], 99.5); /* from the default */
    asx_policy_free(policy);
    policy = custom;
    set_answer("sla.reporting", "\"quarterly\"");
    score();
    ck_assert_double_eq(qscore("sla.availability_percent"), 0); /* 99.9 < 99.95 */
    ck_assert_int_eq(result->verdict, ASX_VERDICT_CONDITIONAL);
    const char *bad = "{\"format\": \"assess-policy/1\",\n \"aprove_threshold\": 90}";
    asx_policy *x = NULL;
    ck_assert_int_eq(asx_policy_load(bad, strlen(bad), "bad.json", &x, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "aprove_threshold"));
    ck_assert_int_eq(diags.v[diags.n - 1].line, 2);
}
END_TEST

START_TEST(input_errors_have_positions)
{
    set_answer("sla.availability_percent", "\"high\"");
    set_answer("no.such_question", "\"yes\"");
    ck_assert_int_eq(load(), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "sla.availability_percent"));
    ck_assert(tu_diags_have(&diags, "no.such_question"));
    ck_assert_uint_ge(diags.n, 2); /* every problem, not the first */
    for (size_t i = 0; i < diags.n; i++)
        ck_assert_int_gt(diags.v[i].line, 0);
}
END_TEST

START_TEST(corporate_number)
{
    ck_assert(asx_corporate_number_valid("9234567890123"));
    ck_assert(!asx_corporate_number_valid("1234567890123"));
    ck_assert(!asx_corporate_number_valid("923456789012"));
    ck_assert(!asx_corporate_number_valid("92345678901a3"));
}
END_TEST

START_TEST(result_json)
{
    set_answer("loc.storage_countries", "[\"US\"]");
    score();
    char *s = asx_result_to_json(result, ASX_LANG_JA);
    cJSON *j = cJSON_Parse(s);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "format")->valuestring, "assess-result/1");
    ck_assert_str_eq(cJSON_GetObjectItem(j, "verdict")->valuestring, "rejected");
    cJSON *f0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "findings"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(f0, "severity")->valuestring, "knockout");
    ck_assert_str_eq(cJSON_GetObjectItem(f0, "clause")->valuestring, "11-2(2)⑦");
    cJSON_Delete(j);
    free(s);
}
END_TEST


/* ---- banks 2.0: the verdict follows the basis (SPEC v2 §4), on the shipped cloud bank and the
 * minato sample (every answer meets its requirement) ------------------------------------------ */

static void setup_v2(void)
{
    asx_diags_init(&diags);
    ck_assert_int_eq(asx_bankset_builtin(&banks, &diags), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&policy, &diags), ASX_OK);
    char *buf = tu_read("samples/minato-docs.json", NULL);
    doc = cJSON_Parse(buf);
    free(buf);
    ck_assert_ptr_nonnull(doc);
}

static void use_policy(const char *json)
{
    asx_policy_free(policy);
    policy = NULL;
    ck_assert_int_eq(asx_policy_load(json, strlen(json), "p.json", &policy, &diags), ASX_OK);
}

static size_t findings_on(const char *qid)
{
    size_t n = 0;
    for (size_t i = 0; i < result->nfindings; i++)
        n += result->findings[i].q && strcmp(result->findings[i].q->id, qid) == 0;
    return n;
}

static bool applies(const char *qid)
{
    const asx_question *q = asx_bank_find(answers->bank, qid);
    ck_assert_ptr_nonnull(q);
    return asx_question_applies(q, answers);
}

START_TEST(v2_perfect_sample_is_approved)
{
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    ck_assert_double_eq_tol(result->score, 100.0, 1e-9);
    ck_assert_str_eq(asx_verdict_label(ASX_VERDICT_REJECTED, ASX_LANG_JA), "不承認");
}
END_TEST

START_TEST(v2_must_no_is_a_knockout_in_the_words_of_the_clause)
{
    set_answer("sec.purpose_limitation", "\"no\"");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    const asx_finding *f = finding_for("sec.purpose_limitation");
    ck_assert_int_eq(f->severity, ASX_SEV_KNOCKOUT);
    ck_assert_str_eq(f->clause, "11-2(2)②ア");
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "選定条件「外部サービスの利用を通じて組合が取り扱う情報の外部サービス提供者における目的外利用の禁止」"));
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "を満たさないため、利用を承認できない"));
    ck_assert_ptr_nonnull(strstr(f->msg_en, "selection condition"));
    /* a rejection proposes no contract fix */
    ck_assert_ptr_null(strstr(f->msg_ja, f->q->fix.ja));
    /* the score does not offset it */
    ck_assert_double_gt(result->score, 90);
}
END_TEST

START_TEST(v2_must_partial_is_major)
{
    set_answer("sec.purpose_limitation", "\"partial\"");
    score();
    const asx_finding *f = finding_for("sec.purpose_limitation");
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, f->q->fix.ja)); /* the condition says what to agree */
    ck_assert_int_eq(result->verdict, ASX_VERDICT_CONDITIONAL);
    set_answer("sec.purpose_limitation", "\"yes\"");
    set_answer("exit.data_format", "\"proprietary\""); /* a choice between 0 and 1 */
    score();
    ck_assert_int_eq(finding_for("exit.data_format")->severity, ASX_SEV_MAJOR);
    set_answer("exit.data_format", "\"none\"");
    score();
    ck_assert_int_eq(finding_for("exit.data_format")->severity, ASX_SEV_KNOCKOUT);
}
END_TEST

START_TEST(v2_reference_never_blocks)
{
    set_answer("cert.iso27001", "\"no\"");
    set_answer("cert.ismap", "\"no\"");
    set_answer("cert.expiry", "\"2026-01-31\""); /* expired */
    score();
    /* the certificates are listed one by one, all valid there: the expired cert.expiry is
     * another date, and its shortfall is a finding (issue 28 class 8: it lowered the score
     * with no finding), minor like every reference-basis shortfall */
    const asx_finding *ce = finding_for("cert.expiry");
    ck_assert_ptr_nonnull(ce);
    ck_assert_int_eq(ce->severity, ASX_SEV_MINOR);
    ck_assert_ptr_nonnull(strstr(ce->msg_ja, "期限切れ"));
    set_answer("cert.certificates", "\"na\"");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    ck_assert_int_eq(finding_for("cert.iso27001")->severity, ASX_SEV_MINOR);
    ck_assert_int_eq(finding_for("cert.ismap")->severity, ASX_SEV_MINOR);
    ck_assert_int_eq(finding_for("cert.expiry")->severity, ASX_SEV_MINOR);
}
END_TEST

START_TEST(v2_org_numbers_from_the_policy)
{
    set_answer("bak.frequency_hours", "24"); /* at backup_interval_hours_max */
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    set_answer("bak.frequency_hours", "25");
    score();
    const asx_finding *f = finding_for("bak.frequency_hours");
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "団体基準"));
    ck_assert_int_eq(result->verdict, ASX_VERDICT_CONDITIONAL);
    use_policy("{\"format\": \"assess-policy/1\", \"backup_interval_hours_max\": 48}");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    /* a choice against the policy's lowest acceptable option */
    set_answer("sla.reporting", "\"quarterly\"");
    score();
    ck_assert_int_eq(finding_for("sla.reporting")->severity, ASX_SEV_MAJOR);
    use_policy("{\"format\": \"assess-policy/1\", \"reporting_min\": \"quarterly\"}");
    score();
    ck_assert_ptr_null(finding_for("sla.reporting"));
    ck_assert_double_lt(qscore("sla.reporting"), 1); /* it still moves the score */
    set_answer("sla.reporting", "\"yearly\"");
    score();
    ck_assert_int_eq(finding_for("sla.reporting")->severity, ASX_SEV_MAJOR);
}
END_TEST

START_TEST(v2_location_and_law_follow_the_policy_rule)
{
    set_answer("loc.storage_countries", "[\"JP\", \"US\"]");
    set_answer("law.governing_law", "\"US\"");
    score();
    const asx_finding *f = finding_for("loc.storage_countries");
    ck_assert_int_eq(f->severity, ASX_SEV_KNOCKOUT);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "団体基準"));
    f = finding_for("law.governing_law");
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "日本法ではなく米国法"));
    ck_assert_ptr_nonnull(strstr(f->msg_en, "is the law of a country other than Japan: United States (US)"));
    use_policy("{\"format\": \"assess-policy/1\", \"location_rule\": \"major\", \"law_rule\": \"minor\"}");
    score();
    f = finding_for("loc.storage_countries");
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    /* 11-2(2)⑦: the risk is evaluated and recorded; the review records it (tu_score makes every
     * judgment), so the finding says what was judged instead of asking for it */
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "国内法以外の法令が適用されるリスクの評価は審査における判断のとおり「受容する」"));
    ck_assert_ptr_null(strstr(f->msg_ja, "その結果を記録"));
    ck_assert_ptr_nonnull(strstr(f->msg_en, "Risk of foreign law applying as recorded in the review"));
    ck_assert_int_eq(finding_for("law.governing_law")->severity, ASX_SEV_MINOR);
    ck_assert_int_eq(result->verdict, ASX_VERDICT_CONDITIONAL);
    /* without a review the finding asks for the evaluation */
    asx_result_free(result);
    result = NULL;
    ck_assert_int_eq(asx_score_review(answers, NULL, policy, answers->date, 0, &result, &diags), ASX_OK);
    f = finding_for("loc.storage_countries");
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "国内法以外の法令及び規制が適用されるリスクを評価し、その結果を記録"));
}
END_TEST

/* The company's country is not where the data is: a role that says where it handles the data (in
 * Japan) leaves a minor finding asking for the foreign-law evaluation. (A role that says nothing of
 * the place is a contradiction with loc.processing_countries since SPEC v3 §8.2:
 * test_corrections.c.) */
START_TEST(v2_subcontractor_company_abroad_is_minor)
{
    set_answer("sub.uses_subcontractors", "\"yes\"");
    set_answer("sub.prior_approval", "\"yes\"");
    set_answer("sub.flowdown", "\"yes\"");
    set_answer("sub.oversight", "\"yes\"");
    set_answer("sub.list", "[{\"name\": \"Northwind LLC\", \"country\": \"US\", \"role\": \"IaaS (Tokyo region, data in Japan only)\"}]");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    ck_assert_int_eq(finding_for("sub.list")->severity, ASX_SEV_MINOR);
    /* 11-2(2)⑦'s evaluation is recorded (tu_score makes every judgment): the finding says so */
    ck_assert_ptr_nonnull(strstr(finding_for("sub.list")->msg_ja, "リスクの評価は審査における判断のとおり「受容する」"));
    asx_result_free(result);
    result = NULL;
    ck_assert_int_eq(asx_score_review(answers, NULL, policy, answers->date, 0, &result, &diags), ASX_OK);
    ck_assert_ptr_nonnull(strstr(finding_for("sub.list")->msg_ja, "外国法令が適用されるリスクを評価し、その結果を記録すること"));
    set_answer("sub.list", "[]"); /* subcontracting, nobody named */
    score();
    ck_assert_int_eq(finding_for("sub.list")->severity, ASX_SEV_MAJOR);
}
END_TEST

START_TEST(v2_contradiction_is_incomplete_and_a_listed_subcontractor_counts)
{
    set_answer("sub.uses_subcontractors", "\"no\"");
    set_answer("sub.list", "[{\"name\": \"株式会社はかた運用\", \"country\": \"JP\", \"role\": \"監視\"}]");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_INCOMPLETE);
    const asx_finding *f = finding_for("sub.uses_subcontractors");
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "sub.uses_subcontractors"));
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "sub.list"));
    /* the listed subcontractor makes the subcontracting questions apply */
    ck_assert(applies("sub.prior_approval"));
    ck_assert(applies("sub.flowdown"));
    /* ... so prior approval answered no is a knockout, which takes precedence */
    set_answer("sub.prior_approval", "\"no\"");
    score();
    ck_assert_int_eq(result->verdict, ASX_VERDICT_REJECTED);
    asx_contradiction *v = NULL;
    ck_assert_uint_eq(asx_answers_contradictions(answers, &v), 1);
    ck_assert_str_eq(v[0].rule->then_q->id, "sub.uses_subcontractors");
    free(v);
}
END_TEST

START_TEST(v2_classification_switches)
{
    set_class(2, 1, 1);
    score();
    ck_assert(applies("sec.log_protection")); /* every level */
    ck_assert(!applies("bak.rpo_hours"));      /* only at 完全性2 or 可用性2 */
    ck_assert(applies("bak.rto_hours"));
    ck_assert(!applies("sec.vendor_issued_devices"));
    set_answer("bak.rto_hours", "72"); /* the 可用性1 number */
    score();
    ck_assert_ptr_null(finding_for("bak.rto_hours"));
    set_answer("bak.rto_hours", "73");
    score();
    ck_assert_int_eq(finding_for("bak.rto_hours")->severity, ASX_SEV_MAJOR);
    set_class(2, 2, 1);
    score();
    ck_assert(applies("bak.rpo_hours"));
    set_class(3, 1, 2);
    score();
    ck_assert(applies("bak.rpo_hours"));
    ck_assert(applies("sec.vendor_issued_devices"));
    ck_assert_int_eq(result->verdict, ASX_VERDICT_INCOMPLETE); /* not answered in the C2 sample */
}
END_TEST

START_TEST(v2_service_model)
{
    cJSON *svc = cJSON_GetObjectItemCaseSensitive(doc, "service");
    cJSON_ReplaceItemInObjectCaseSensitive(svc, "model", cJSON_CreateString("IaaS"));
    ck_assert_int_eq(load(), ASX_OK);
    ck_assert(!applies("sec.malware_protection")); /* 6-4(1)⑧: checked with a SaaS (and PaaS) */
    ck_assert(applies("ops.license_terms"));       /* 9(2): software installed on IaaS */
    cJSON_ReplaceItemInObjectCaseSensitive(svc, "model", cJSON_CreateString("SaaS"));
    ck_assert_int_eq(load(), ASX_OK);
    ck_assert(applies("sec.malware_protection"));
    ck_assert(!applies("ops.license_terms"));
}
END_TEST

START_TEST(v2_certificates_one_by_one)
{
    set_answer("cert.certificates", "[{\"scheme\": \"ISMAP-LIU\", \"number\": \"L1\", \"scope\": \"s\", \"expiry\": \"2027-03-31\"},"
                                    " {\"scheme\": \"ISO27001\", \"number\": \"I1\", \"scope\": \"s\", \"expiry\": \"2026-10-01\"}]");
    score();
    /* ISMAP-LIU counts for a low-impact SaaS at 機密性2 */
    ck_assert_ptr_null(finding_for("cert.ismap"));
    /* the ISO certificate expired before the assessment (2026-11-20): minor, it is reference */
    ck_assert_int_eq(finding_for("cert.certificates")->severity, ASX_SEV_MINOR);
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    asx_date e;
    ck_assert(asx_answers_evidence_expiry(answers, &e));
    char iso[11];
    asx_date_iso(e, iso);
    ck_assert_str_eq(iso, "2026-10-01"); /* the earliest of cert.expiry and every certificate */
    set_class(3, 2, 2);
    set_answer("sec.vendor_issued_devices", "\"yes\"");
    score();
    const asx_finding *f = finding_for("cert.ismap");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MINOR);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "ISMAP-LIU"));
}
END_TEST

START_TEST(v2_red_flags_affirmative_once_minor)
{
    set_comment("loc.processing_countries", "海外からのアクセスは技術的に遮断しています。");
    score();
    ck_assert_uint_eq(findings_on("loc.processing_countries"), 0);
    /* beside a place answer within the policy the same words are a contradiction (SPEC v3 §8.2,
     * tests/unit/test_corrections.c); on another question they stay a minor flag (要確認) */
    set_comment("loc.processing_countries", "");
    set_comment("bak.provided", "国内で運用。障害時は海外の拠点から支援する");
    score();
    const asx_finding *f = finding_for("bak.provided");
    ck_assert_int_eq(f->severity, ASX_SEV_MINOR);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "要確認"));
    ck_assert_int_eq(result->verdict, ASX_VERDICT_APPROVED);
    /* a question that already has a finding gets no second one from a flag */
    set_answer("loc.processing_countries", "[\"JP\", \"US\"]");
    set_comment("loc.processing_countries", "米国の拠点から運用");
    score();
    ck_assert_uint_eq(findings_on("loc.processing_countries"), 1);
    ck_assert_int_eq(finding_for("loc.processing_countries")->severity, ASX_SEV_KNOCKOUT);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("scoring");
    TCase *t = tcase_create("rules");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, all_good_is_approved);
    tcase_add_test(t, number_threshold_boundary);
    tcase_add_test(t, number_threshold_by_availability_level);
    tcase_add_test(t, lower_is_better);
    tcase_add_test(t, choice_scores_and_minor_finding);
    tcase_add_test(t, countries_knockout_from_level);
    tcase_add_test(t, country_policy_key);
    tcase_add_test(t, yesno_expected_and_partial);
    tcase_add_test(t, knockout_yesno_at_level_one);
    tcase_add_test(t, conditional_question_and_list_countries);
    tcase_add_test(t, na_left_out);
    tcase_add_test(t, expiry_dates);
    tcase_add_test(t, red_flags);
    tcase_add_test(t, verdict_precedence);
    tcase_add_test(t, policy_override);
    tcase_add_test(t, input_errors_have_positions);
    tcase_add_test(t, corporate_number);
    tcase_add_test(t, result_json);
    suite_add_tcase(s, t);
    TCase *v2 = tcase_create("basis");
    tcase_add_checked_fixture(v2, setup_v2, teardown);
    tcase_add_test(v2, v2_perfect_sample_is_approved);
    tcase_add_test(v2, v2_must_no_is_a_knockout_in_the_words_of_the_clause);
    tcase_add_test(v2, v2_must_partial_is_major);
    tcase_add_test(v2, v2_reference_never_blocks);
    tcase_add_test(v2, v2_org_numbers_from_the_policy);
    tcase_add_test(v2, v2_location_and_law_follow_the_policy_rule);
    tcase_add_test(v2, v2_subcontractor_company_abroad_is_minor);
    tcase_add_test(v2, v2_contradiction_is_incomplete_and_a_listed_subcontractor_counts);
    tcase_add_test(v2, v2_classification_switches);
    tcase_add_test(v2, v2_service_model);
    tcase_add_test(v2, v2_certificates_one_by_one);
    tcase_add_test(v2, v2_red_flags_affirmative_once_minor);
    suite_add_tcase(s, v2);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
