/* test_review.c - the officer's review (assess-review/1): loading, refusals with their place, and
 * what the judgments do to the verdict (SPEC v3 §8.1). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "asx/answers.h"
#include "asx/policy.h"
#include "asx/review.h"
#include "asx/review_sheet.h"
#include "asx/review_sheet_write.h"
#include "asx/score.h"
#include "asx/io.h"
#include "asx/util.h"
#include "testutil.h"

static asx_bankset banks;
static asx_policy *policy;
static asx_answers *ans;
static asx_review *rev;
static asx_result *res;
static asx_diags diags;

static void setup(void)
{
    asx_diags_init(&diags);
    ck_assert_int_eq(asx_bankset_builtin(&banks, &diags), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&policy, &diags), ASX_OK);
}

static void teardown(void)
{
    asx_result_free(res);
    asx_review_free(rev);
    asx_answers_free(ans);
    asx_policy_free(policy);
    asx_bankset_free(&banks);
    asx_diags_free(&diags);
    res = NULL;
    rev = NULL;
    ans = NULL;
}

static void load_answers(const char *rel)
{
    ck_assert_int_eq(asx_answers_load_file(tu_path(rel), &banks, &ans, &diags), ASX_OK);
}

/* Load a review whose body (the members after "answers_sha256") is given; "@SHA@" in it stands
 * for the answers' SHA-256. */
static asx_error load_review(const char *body)
{
    asx_buf b = {0};
    asx_buf_addf(&b, "{\"format\": \"assess-review/1\", \"answers_sha256\": \"%s\"%s%s}", ans->sha256,
                 *body ? ",\n" : "", body);
    asx_review_free(rev);
    rev = NULL;
    asx_error err = asx_review_load(asx_buf_str(&b), b.len, "r.review.json", ans, &rev, &diags);
    asx_buf_free(&b);
    return err;
}

static asx_verdict score_with(unsigned flags)
{
    asx_result_free(res);
    res = NULL;
    ck_assert_int_eq(asx_score_review(ans, rev, policy, ans->date, flags, &res, &diags), ASX_OK);
    return res->verdict;
}

static const asx_diag *first_diag(void)
{
    ck_assert_uint_gt(diags.n, 0);
    return &diags.v[0];
}

#define FLR "\"foreign_law_risk\": {\"decision\": \"accept\", \"by\": \"課長 田中\", \"date\": \"2026-12-03\"}"
#define REL "\"reliability\": {\"decision\": \"sufficient\", \"by\": \"部長 山本\", \"date\": \"2026-12-04\"}"
/* us-iaas-tokyo's terms cannot be negotiated (law.terms_negotiable "no"): 11-2(2)⑥(注) */
#define TERMS                                                                                            \
    "\"terms\": {\"decision\": \"accept\", \"version\": \"あかつき電子契約 利用規約 2026年4月1日版\", " \
    "\"by\": \"課長 田中\", \"date\": \"2026-12-03\"}"

START_TEST(cloud_without_review_is_pending_and_names_what_it_waits_for)
{
    load_answers("samples/minato-docs.json");
    ck_assert_int_eq(score_with(0), ASX_VERDICT_PENDING);
    ck_assert_uint_eq(res->nmissing, 2);
    char *w = asx_result_pending_text(res, ASX_LANG_JA);
    ck_assert_ptr_nonnull(strstr(w, "国内法以外の法令が適用されるリスクの評価 (11-2(2)⑦、情報セキュリティ責任者)"));
    ck_assert_ptr_nonnull(strstr(w, "外部サービス提供者の信頼性 (11-2(2)⑪、統括情報セキュリティ責任者)"));
    free(w);
    /* counted by kind, with the clause (what compare shows without names) */
    const char *clause = "x";
    ck_assert_uint_eq(asx_result_missing(res, ASX_JUDGE_FOREIGN_LAW_RISK, &clause), 1);
    ck_assert_str_eq(clause, "11-2(2)⑦");
    ck_assert_uint_eq(asx_result_missing(res, ASX_JUDGE_RELIABILITY, NULL), 1);
    ck_assert_uint_eq(asx_result_missing(res, ASX_JUDGE_TERMS, &clause), 0);
    ck_assert_ptr_null(clause);
    ck_assert(!res->has_next_review);
    ck_assert_uint_eq(res->nconditions, 0);
}
END_TEST

START_TEST(with_its_review_the_verdict_of_the_score)
{
    load_answers("samples/minato-docs.json");
    ck_assert_int_eq(asx_review_load_file(tu_path("samples/minato-docs.review.json"), ans, &rev, &diags), ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_APPROVED);
    ck_assert_uint_eq(res->nmissing, 0);
    /* the reliability judgment rests on the ISMAP number */
    const asx_judgment *j = rev->made[ASX_JUDGE_RELIABILITY];
    ck_assert_ptr_nonnull(j);
    ck_assert_uint_ge(j->nbasis, 1);
    ck_assert_ptr_nonnull(strstr(j->basis[0], "ISMAP C23-0456-1"));
    /* spec compliance is recorded (shown) though score does not require it */
    bool shown = false;
    for (size_t i = 0; i < res->njudgments; i++)
        if (res->judgments[i].key == ASX_JUDGE_SPEC_COMPLIANCE)
            shown = !res->judgments[i].required && res->judgments[i].made;
    ck_assert(shown);
}
END_TEST

START_TEST(contract_requires_spec_compliance)
{
    load_answers("samples/procurement/bid-a.json");
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL "}"), ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_APPROVED);
    /* 11-2(3)② 「調達仕様を満たすことを契約までに確認し」 */
    ck_assert_int_eq(score_with(ASX_SCORE_CONTRACT), ASX_VERDICT_PENDING);
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL
                                 ", \"spec_compliance\": {\"decision\": \"confirmed\", \"by\": \"課長 田中\", \"date\": \"2026-12-05\"}}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(ASX_SCORE_CONTRACT), ASX_VERDICT_APPROVED);
}
END_TEST

START_TEST(light_needs_the_terms_judgment)
{
    load_answers("samples/light-survey.json");
    ck_assert_int_eq(score_with(0), ASX_VERDICT_PENDING);
    ck_assert_int_eq(asx_review_load_file(tu_path("samples/light-survey.review.json"), ans, &rev, &diags), ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_APPROVED);
    ck_assert_ptr_nonnull(rev->made[ASX_JUDGE_TERMS]->version);
}
END_TEST

/* 11-2(2)⑥(注) 「クラウドサービス事業者のサービス利用規約等が変更できない場合は、機密性・完全性・
 * 可用性・安全性・個人情報等の扱いに関するクラウドサービス事業者の定める条件を鑑み、その規約内容が
 * 組合によって受容可能か判断すること。」: a vendor answering that its terms cannot be changed makes
 * the terms judgment required; the (注) hands the decision to a person, so the answer itself is only
 * an `info` finding, and the judgment decides. */
static void terms_not_negotiable(void)
{
    const asx_question *q = asx_bank_find(ans->bank, "law.terms_negotiable");
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(q->basis, ASX_BASIS_AS_NEEDED);
    asx_answer *a = &ans->a[q->index];
    ck_assert(a->present && a->yn == ASX_YN_YES); /* the sample's own answer */
    a->yn = ASX_YN_NO;
    free(a->comment);
    a->comment = asx_strdup("約款の変更は不可");
}

static const asx_finding *finding_on_question(const char *id)
{
    for (size_t i = 0; i < res->nfindings; i++)
        if (res->findings[i].q && strcmp(res->findings[i].q->id, id) == 0)
            return &res->findings[i];
    return NULL;
}

START_TEST(terms_that_cannot_be_negotiated_need_the_terms_judgment)
{
    load_answers("samples/minato-docs.json");
    /* negotiable (the sample's answer): no terms judgment is asked for */
    ck_assert_int_eq(asx_review_load_file(tu_path("samples/minato-docs.review.json"), ans, &rev, &diags), ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_APPROVED);
    for (size_t i = 0; i < res->njudgments; i++)
        ck_assert_int_ne(res->judgments[i].key, ASX_JUDGE_TERMS);
    ck_assert_ptr_null(finding_on_question("law.terms_negotiable"));
    double negotiable_score = res->score;

    /* 「約款の変更は不可」 and a review that does not judge the terms: pending, naming the terms */
    terms_not_negotiable();
    ck_assert_int_eq(score_with(0), ASX_VERDICT_PENDING);
    ck_assert_uint_eq(res->nmissing, 1);
    char *w = asx_result_pending_text(res, ASX_LANG_JA);
    ck_assert_ptr_nonnull(strstr(w, "約款・規約の受容可否 (11-2(2)⑥、情報セキュリティ責任者)"));
    free(w);
    const asx_finding *f = finding_on_question("law.terms_negotiable");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_INFO);
    ck_assert(res->score < negotiable_score); /* weight > 0: the answer moves the score */
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "審査記録に残すこと")); /* not judged yet: asks for it */

    /* the terms accepted: the verdict of the score (§8.1 rules 4-6) */
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL ", \"terms\": {\"decision\": \"accept\", "
                                 "\"version\": \"みなと文書管理クラウド利用規約 2026年4月1日版\", \"by\": \"課長 田中\", "
                                 "\"date\": \"2026-12-03\"}}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_APPROVED);
    ck_assert_uint_eq(res->nmissing, 0);
    const asx_result_judgment *j = NULL;
    for (size_t i = 0; i < res->njudgments; i++)
        if (res->judgments[i].key == ASX_JUDGE_TERMS)
            j = &res->judgments[i];
    ck_assert_ptr_nonnull(j);
    ck_assert(j->required && j->made && j->made->yes);
    /* the finding no longer asks for what the review records: it says what was judged */
    f = finding_on_question("law.terms_negotiable");
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "約款・規約の受容可否は審査における判断のとおり「受容する」(課長 田中)"));
    ck_assert_ptr_null(strstr(f->msg_ja, "審査記録に残すこと"));
    ck_assert_int_eq(f->severity, ASX_SEV_INFO);

    /* the terms refused: a judgment that says no rejects (§8.1 rule 1) */
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL ", \"terms\": {\"decision\": \"reject\", "
                                 "\"reason\": \"責任制限条項により個人情報の漏えい時の補償がない\", \"by\": \"課長 田中\", "
                                 "\"date\": \"2026-12-03\"}}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_REJECTED);
    ck_assert_uint_eq(res->nrefusals, 1);

    /* only some of the terms can be changed: the rest still has to be judged */
    ans->a[asx_bank_find(ans->bank, "law.terms_negotiable")->index].yn = ASX_YN_PARTIAL;
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL "}"), ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_PENDING);
    ck_assert_uint_eq(res->nmissing, 1);
}
END_TEST

START_TEST(precedence_knockout_then_incomplete_then_pending)
{
    load_answers("samples/kumo-subcontract.json"); /* a knockout, no review */
    ck_assert_int_eq(score_with(0), ASX_VERDICT_REJECTED);
    asx_answers_free(ans);
    ans = NULL;
    load_answers("samples/incomplete-draft.json"); /* unanswered, no review */
    ck_assert_int_eq(score_with(0), ASX_VERDICT_INCOMPLETE);
}
END_TEST

START_TEST(a_judgment_that_says_no_rejects)
{
    load_answers("samples/procurement/bid-a.json");
    ck_assert_int_eq(load_review("\"judgments\": {\"foreign_law_risk\": {\"decision\": \"reject\", \"by\": \"課長 田中\", "
                                 "\"date\": \"2026-12-03\"}, " REL "}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_REJECTED);
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", \"reliability\": {\"decision\": \"insufficient\", \"by\": \"部長 山本\", "
                                 "\"date\": \"2026-12-04\"}}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_REJECTED);
}
END_TEST

START_TEST(refused_subcontractor_condition_or_rejection)
{
    load_answers("samples/us-iaas-tokyo.json");
    /* the service can do without it: a condition 「再委託先 X に再委託しないこと」 */
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL ", " TERMS ", \"subcontractors\": [{\"name\": \"Northwind Cloud Services LLC\", "
                                 "\"decision\": \"refuse\", \"essential\": false, \"reason\": \"米国法人\", \"by\": \"課長 田中\", "
                                 "\"date\": \"2026-12-03\"}]}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_CONDITIONAL);
    bool cond = false;
    for (size_t i = 0; i < res->nconditions; i++)
        cond = cond || strstr(res->conditions[i].finding->msg_ja, "再委託先 Northwind Cloud Services LLC に再委託しないこと");
    ck_assert(cond);
    /* its role is what the service runs on: rejected */
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL ", " TERMS ", \"subcontractors\": [{\"name\": \"Northwind Cloud Services LLC\", "
                                 "\"decision\": \"refuse\", \"essential\": true, \"by\": \"課長 田中\", \"date\": \"2026-12-03\"}]}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_REJECTED);
}
END_TEST

static const asx_agreed *agreed(const char *id)
{
    const asx_question *q = asx_bank_find(ans->bank, id);
    ck_assert_ptr_nonnull(q);
    return &res->agreed[q->index];
}

/* SPEC §8.3: the contract states the stricter of the answer and the requirement, once; only a
 * `reference` item's condition keeps a due date (the evidence), the others are terms. */
START_TEST(contract_agrees_the_stricter_value)
{
    load_answers("samples/procurement/bid-b.json");
    ck_assert_int_eq(asx_review_load_file(tu_path("samples/procurement/bid-b.review.json"), ans, &rev, &diags), ASX_OK);
    ck_assert_int_eq(score_with(ASX_SCORE_CONTRACT), ASX_VERDICT_CONDITIONAL);
    /* answered 99.5 %, the policy asks 99.9 % at 可用性2 */
    ck_assert(agreed("sla.availability_percent")->stated);
    ck_assert_str_eq(agreed("sla.availability_percent")->value.ja, "99.9 %");
    /* answered 2 hours, better than the policy's limit: the answer stands */
    ck_assert_str_eq(agreed("sla.incident_notification_hours")->value.ja, "2 時間");
    /* answered 四半期ごと, the policy's minimum is 毎月 */
    ck_assert_str_eq(agreed("sla.reporting")->value.ja, "毎月");
    ck_assert_str_eq(agreed("sla.reporting")->value.en, "Monthly");
    ck_assert_str_eq(agreed("loc.storage_countries")->value.ja, "日本国内");
    /* not registered on ISMAP: a dated condition to submit the evidence, not a term of the body */
    ck_assert(agreed("cert.ismap")->stated);
    ck_assert(agreed("cert.ismap")->dated);
    /* answered yes: stated; not subcontracting: the subcontractor terms do not apply */
    ck_assert(agreed("sec.encryption_at_rest")->stated);
    ck_assert(!agreed("sub.flowdown")->stated);
    size_t dated = 0;
    for (size_t i = 0; i < res->nconditions; i++) {
        const asx_condition *c = &res->conditions[i];
        ck_assert_int_eq(c->place, strcmp(c->finding->q->id, "cert.ismap") != 0 ? ASX_COND_TERM : ASX_COND_DATED);
        dated += c->place == ASX_COND_DATED;
    }
    ck_assert_uint_eq(res->nconditions, 4);
    ck_assert_uint_eq(dated, 1);
    ck_assert_uint_eq(res->nplaced[ASX_COND_TERM], 3);
    ck_assert_uint_eq(res->nplaced[ASX_COND_DATED], 1);
    ck_assert_uint_eq(res->nplaced[ASX_COND_OFFICER], 0);
}
END_TEST

START_TEST(contract_subcontractors_as_reviewed)
{
    load_answers("samples/us-iaas-tokyo.json");
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL ", " TERMS ", \"subcontractors\": [{\"name\": \"Northwind Cloud Services LLC\", "
                                 "\"decision\": \"refuse\", \"essential\": false, \"reason\": \"米国法人\", \"by\": \"課長 田中\", "
                                 "\"date\": \"2026-12-03\"}]}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_CONDITIONAL);
    ck_assert_uint_eq(res->napproved_subs, 0);
    ck_assert_uint_eq(res->nrefused_subs, 1);
    ck_assert_str_eq(res->refused_subs[0], "Northwind Cloud Services LLC");
    /* the contract forbids it in its subcontracting article: no due date */
    bool found = false;
    for (size_t i = 0; i < res->nconditions; i++)
        if (res->conditions[i].finding->judgment) {
            found = true;
            ck_assert_int_eq(res->conditions[i].place, ASX_COND_TERM);
        }
    ck_assert(found);
    /* the review approves it: listed as approved */
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL ", " TERMS ", \"subcontractors\": [{\"name\": \"Northwind Cloud Services LLC\", "
                                 "\"decision\": \"approve\", \"by\": \"課長 田中\", \"date\": \"2026-12-03\"}]}"),
                     ASX_OK);
    score_with(0);
    ck_assert_uint_eq(res->napproved_subs, 1);
    ck_assert_uint_eq(res->nrefused_subs, 0);
}
END_TEST

/* A condition that is the organisation's own check (a question with no contract term: the
 * licence terms of software installed on IaaS, 9(2)) is not the vendor's obligation: the
 * contract leaves it out, and the result says so. */
START_TEST(contract_leaves_the_officers_checks_out)
{
    load_answers("samples/us-iaas-tokyo.json");
    const asx_question *q = asx_bank_find(ans->bank, "ops.license_terms");
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_null(q->term.ja);
    free(ans->service_model); /* a service built on IaaS, where the question applies */
    ans->service_model = asx_strdup("IaaS");
    ans->a[q->index].present = true;
    ans->a[q->index].yn = ASX_YN_NO;
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL ", " TERMS ", \"subcontractors\": [{\"name\": \"Northwind Cloud Services LLC\", "
                                 "\"decision\": \"refuse\", \"essential\": false, \"by\": \"課長 田中\", \"date\": \"2026-12-03\"}]}"),
                     ASX_OK);
    ck_assert_int_eq(score_with(0), ASX_VERDICT_CONDITIONAL);
    bool found = false;
    for (size_t i = 0; i < res->nconditions; i++)
        if (res->conditions[i].finding->q == q) {
            found = true;
            ck_assert_int_eq(res->conditions[i].place, ASX_COND_OFFICER);
        }
    ck_assert(found);
    ck_assert_uint_ge(res->nplaced[ASX_COND_OFFICER], 1);
    ck_assert(!agreed("ops.license_terms")->stated);
}
END_TEST

START_TEST(refused_for_other_answers)
{
    load_answers("samples/minato-docs.json");
    const char *text = "{\"format\": \"assess-review/1\", \"answers_sha256\": "
                       "\"0000000000000000000000000000000000000000000000000000000000000000\"}";
    ck_assert_int_eq(asx_review_load(text, strlen(text), "r.review.json", ans, &rev, &diags), ASX_ERR_DATA);
    const asx_diag *g = first_diag();
    ck_assert_str_eq(g->file, "r.review.json");
    ck_assert_int_eq(g->line, 1);
    ck_assert_int_gt(g->col, 1);
    ck_assert(tu_diags_have(&diags, "別の回答ファイル") || tu_diags_have(&diags, "other answers"));
}
END_TEST

START_TEST(by_and_date_required_in_every_judgment)
{
    load_answers("samples/minato-docs.json");
    ck_assert_int_eq(load_review("\"judgments\": {\"foreign_law_risk\": {\"decision\": \"accept\", \"date\": \"2026-12-03\"},\n"
                                 "\"reliability\": {\"decision\": \"sufficient\", \"by\": \"部長\"}}"),
                     ASX_ERR_DATA);
    ck_assert_uint_eq(diags.n, 2);
    ck_assert(tu_diags_have(&diags, "judgments.foreign_law_risk: \"by\""));
    ck_assert(tu_diags_have(&diags, "judgments.reliability: \"date\""));
    ck_assert_int_eq(diags.v[0].line, 2);
    ck_assert_int_eq(diags.v[1].line, 3);
}
END_TEST

START_TEST(decision_words_per_key)
{
    load_answers("samples/minato-docs.json");
    ck_assert_int_eq(load_review("\"judgments\": {\"reliability\": {\"decision\": \"accept\", \"by\": \"部長\", \"date\": \"2026-12-04\"}}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "sufficient") && tu_diags_have(&diags, "insufficient"));
}
END_TEST

START_TEST(subcontractor_not_listed_refused)
{
    load_answers("samples/us-iaas-tokyo.json");
    ck_assert_int_eq(load_review("\"judgments\": {\"subcontractors\": [{\"name\": \"株式会社どこにもない\", \"decision\": \"approve\", "
                                 "\"by\": \"課長\", \"date\": \"2026-12-03\"}]}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "株式会社どこにもない"));
    ck_assert(tu_diags_have(&diags, "Northwind Cloud Services LLC")); /* says what is listed */
    ck_assert_int_gt(first_diag()->line, 0);
}
END_TEST

START_TEST(refusal_needs_essential)
{
    load_answers("samples/us-iaas-tokyo.json");
    ck_assert_int_eq(load_review("\"judgments\": {\"subcontractors\": [{\"name\": \"Northwind Cloud Services LLC\", \"decision\": \"refuse\", "
                                 "\"by\": \"課長\", \"date\": \"2026-12-03\"}]}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "essential"));
}
END_TEST

START_TEST(override_of_must_refused_naming_the_question)
{
    load_answers("samples/kumo-subcontract.json");
    ck_assert_int_eq(load_review("\"overrides\": [{\"question\": \"sub.prior_approval\", \"severity\": \"minor\", "
                                 "\"reason\": \"事後承認で足りる\", \"by\": \"課長\", \"date\": \"2026-12-03\"}]"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "sub.prior_approval"));
    ck_assert(tu_diags_have(&diags, "must"));
    ck_assert_int_gt(first_diag()->line, 1);
}
END_TEST

START_TEST(override_of_reference_kept_with_its_origin)
{
    load_answers("samples/procurement/bid-b.json"); /* cert.ismap "no": minor, basis reference */
    ck_assert_int_eq(load_review("\"judgments\": {" FLR ", " REL "},\n\"overrides\": [{\"question\": \"cert.ismap\", \"severity\": \"info\", "
                                 "\"reason\": \"ISO/IEC 27001 と第三者監査報告書で代替\", \"by\": \"課長 田中\", \"date\": \"2026-12-03\"}]"),
                     ASX_OK);
    score_with(0);
    const asx_finding *f = NULL;
    for (size_t i = 0; i < res->nfindings; i++)
        if (res->findings[i].q && strcmp(res->findings[i].q->id, "cert.ismap") == 0)
            f = &res->findings[i];
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_INFO);
    ck_assert_int_eq(f->original, ASX_SEV_MINOR);
    ck_assert_ptr_nonnull(f->override);
    ck_assert_str_eq(f->override->by, "課長 田中");
    char *json = asx_result_to_json(res, ASX_LANG_JA);
    ck_assert_ptr_nonnull(strstr(json, "\"override\":{\"original_severity\":\"minor\",\"severity\":\"info\""));
    free(json);
}
END_TEST

/* The result carries what the review sheet shows: the facts each judgment rests on and, where the
 * facts allow one, a suggested conclusion (11-2(2)⑦: all places and law in Japan → no risk of
 * foreign law; 11-2(2)⑪: an ISMAP registration is the objective basis). */
static const asx_result_judgment *judgment_of(asx_judgment_key k)
{
    for (size_t i = 0; i < res->njudgments; i++)
        if (res->judgments[i].key == k)
            return &res->judgments[i];
    return NULL;
}

static bool has_fact(const asx_result_judgment *j, const char *label, const char *value)
{
    for (size_t i = 0; i < j->nfacts; i++)
        if (strcmp(j->facts[i].label_ja, label) == 0 && strstr(j->facts[i].value_ja, value))
            return true;
    return false;
}

START_TEST(judgments_carry_their_facts_and_suggestions)
{
    load_answers("samples/minato-docs.json"); /* all in Japan, ISMAP C23-0456-1 */
    ck_assert_int_eq(score_with(0), ASX_VERDICT_PENDING);
    const asx_result_judgment *flr = judgment_of(ASX_JUDGE_FOREIGN_LAW_RISK), *rel = judgment_of(ASX_JUDGE_RELIABILITY);
    ck_assert_ptr_nonnull(flr);
    ck_assert(has_fact(flr, "事業者の所在国", "JP"));
    ck_assert(has_fact(flr, "契約の準拠法", "JP"));
    ck_assert(flr->has_suggestion && flr->suggest_yes);
    ck_assert_ptr_nonnull(strstr(flr->suggest_ja, "国内法以外の法令が適用されるリスクは認められない"));
    ck_assert(rel->has_suggestion && rel->suggest_yes);
    ck_assert_str_eq(rel->suggest_basis, "ISMAP C23-0456-1");
    asx_result_free(res);
    res = NULL;
    asx_answers_free(ans);
    ans = NULL;
    /* a subcontractor in the United States: its country against the policy is a fact, and the
     * foreign-law risk is the officer's to weigh (no suggestion) */
    load_answers("samples/us-iaas-tokyo.json");
    score_with(0);
    flr = judgment_of(ASX_JUDGE_FOREIGN_LAW_RISK);
    ck_assert(!flr->has_suggestion);
    const asx_result_judgment *sub = judgment_of(ASX_JUDGE_SUBCONTRACTORS);
    ck_assert_ptr_nonnull(sub);
    ck_assert(has_fact(sub, "再委託先の所在国", "許容する処理国の外"));
    /* terms that cannot be negotiated: the answer, the vendor's words and the version it submitted */
    const asx_result_judgment *terms = judgment_of(ASX_JUDGE_TERMS);
    ck_assert_ptr_nonnull(terms);
    ck_assert(terms->required && !terms->made);
    ck_assert(has_fact(terms, "利用規約等の個別の変更", "いいえ"));
    ck_assert(has_fact(terms, "事業者の説明 (利用規約等)", "約款の変更は不可"));
    ck_assert(has_fact(terms, "事業者が示した利用規約等", "あかつき電子契約 利用規約 2026年4月1日版"));
}
END_TEST

/* The sheet written from a result scored with a review carries that review forward: importing the
 * sheet unchanged gives the same judgments (decision, reason, basis, who, when), and the one check
 * refuses, at its cell, what the JSON loader refuses at its line. */
START_TEST(review_sheet_carries_the_review_forward)
{
    load_answers("samples/minato-docs.json");
    ck_assert_int_eq(asx_review_load_file(tu_path("samples/minato-docs.review.json"), ans, &rev, &diags), ASX_OK);
    asx_verdict want = score_with(0);
    char dir[] = "/tmp/test_review_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *path = asx_strdupf("%s/sheet.xlsx", dir);
    asx_review_sheet_opts o = {.lang = ASX_LANG_JA, .date = ans->date};
    ck_assert_int_eq(asx_review_sheet_write(res, &o, path, &diags), ASX_OK);
    char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(asx_read_file(path, ASX_MAX_INPUT, &buf, &len, &diags), ASX_OK);
    ck_assert(asx_is_review_sheet(buf, len));
    asx_review *back = NULL;
    ck_assert_int_eq(asx_review_sheet_import(buf, len, path, &banks, ans, &back, &diags), ASX_OK);
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++) {
        if (!rev->made[k]) {
            ck_assert_ptr_null(back->made[k]);
            continue;
        }
        const asx_judgment *a = rev->made[k], *b = back->made[k];
        ck_assert_ptr_nonnull(b);
        ck_assert_str_eq(a->decision, b->decision);
        ck_assert_str_eq(a->by, b->by);
        ck_assert_int_eq(asx_date_cmp(a->date, b->date), 0);
        ck_assert_str_eq(a->reason ? a->reason : "", b->reason ? b->reason : "");
        ck_assert_uint_eq(a->nbasis, b->nbasis);
        for (size_t i = 0; i < a->nbasis; i++)
            ck_assert_str_eq(a->basis[i], b->basis[i]);
    }
    asx_result *again = NULL;
    ck_assert_int_eq(asx_score_review(ans, back, policy, ans->date, 0, &again, &diags), ASX_OK);
    ck_assert_int_eq(again->verdict, want);
    asx_result_free(again);
    asx_review_free(back);
    /* not a review sheet: the vendor form */
    ck_assert(!asx_is_review_sheet("PK\x03\x04", 4));
    free(buf);
    remove(path);
    rmdir(dir);
    free(path);
}
END_TEST

START_TEST(beside_names)
{
    char *p = asx_review_beside("a/b/x.json");
    ck_assert_str_eq(p, "a/b/x.review.json");
    free(p);
    p = asx_review_beside("x.xlsx");
    ck_assert_str_eq(p, "x.review.json");
    free(p);
    p = asx_review_beside("x.ods");
    ck_assert_str_eq(p, "x.review.json");
    free(p);
    ck_assert_ptr_null(asx_review_beside("-"));
}
END_TEST

/* Who decides and under which clause follows the bank's declared kind, never its id: a bank of
 * its own (another id) of the outsourcing kind gets 11-1(2)⑧ and the 情報システム管理者, one used on
 * its terms 11-3(2)① and the applying official; 11-2(3)② applies to an external service only. */
START_TEST(judgment_clause_and_official_follow_the_bank_kind)
{
    ck_assert_str_eq(asx_judgment_clause(ASX_JUDGE_SUBCONTRACTORS, ASX_BANK_OUTSOURCING), "11-1(2)⑧");
    ck_assert_str_eq(asx_judgment_clause(ASX_JUDGE_SUBCONTRACTORS, ASX_BANK_EXTERNAL_SERVICE), "11-2(2)⑧");
    ck_assert_str_eq(asx_judgment_clause(ASX_JUDGE_TERMS, ASX_BANK_ON_TERMS), "11-3(2)①");
    ck_assert_str_eq(asx_judgment_clause(ASX_JUDGE_TERMS, ASX_BANK_EXTERNAL_SERVICE), "11-2(2)⑥");
    ck_assert_str_eq(asx_judgment_key_by(ASX_JUDGE_SUBCONTRACTORS, ASX_BANK_OUTSOURCING, ASX_LANG_JA), "情報システム管理者");
    ck_assert_str_eq(asx_judgment_key_by(ASX_JUDGE_SUBCONTRACTORS, ASX_BANK_EXTERNAL_SERVICE, ASX_LANG_JA),
                     "情報セキュリティ責任者");
    ck_assert_str_eq(asx_judgment_key_by(ASX_JUDGE_TERMS, ASX_BANK_ON_TERMS, ASX_LANG_EN), "The applying official");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("review");
    TCase *t = tcase_create("review");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, cloud_without_review_is_pending_and_names_what_it_waits_for);
    tcase_add_test(t, with_its_review_the_verdict_of_the_score);
    tcase_add_test(t, contract_requires_spec_compliance);
    tcase_add_test(t, light_needs_the_terms_judgment);
    tcase_add_test(t, terms_that_cannot_be_negotiated_need_the_terms_judgment);
    tcase_add_test(t, precedence_knockout_then_incomplete_then_pending);
    tcase_add_test(t, a_judgment_that_says_no_rejects);
    tcase_add_test(t, refused_subcontractor_condition_or_rejection);
    tcase_add_test(t, refused_for_other_answers);
    tcase_add_test(t, by_and_date_required_in_every_judgment);
    tcase_add_test(t, decision_words_per_key);
    tcase_add_test(t, subcontractor_not_listed_refused);
    tcase_add_test(t, refusal_needs_essential);
    tcase_add_test(t, override_of_must_refused_naming_the_question);
    tcase_add_test(t, override_of_reference_kept_with_its_origin);
    tcase_add_test(t, judgments_carry_their_facts_and_suggestions);
    tcase_add_test(t, review_sheet_carries_the_review_forward);
    tcase_add_test(t, beside_names);
    tcase_add_test(t, judgment_clause_and_official_follow_the_bank_kind);
    tcase_add_test(t, contract_agrees_the_stricter_value);
    tcase_add_test(t, contract_subcontractors_as_reviewed);
    tcase_add_test(t, contract_leaves_the_officers_checks_out);
    suite_add_tcase(s, t);
    return tu_run(s);
}
