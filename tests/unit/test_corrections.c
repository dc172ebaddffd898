/* test_corrections.c - SPEC v3 §8.2: verdicts the words of the 対策基準 demand. Each test quotes
 * the clause it encodes (004_cf942cc36002db69.txt) and scores a sample changed in one place,
 * with every judgment of §8.1 made (tu_score), so that only the rule decides. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/answers.h"
#include "asx/policy.h"
#include "asx/score.h"
#include "testutil.h"

static asx_bankset banks;
static asx_policy *policy;
static asx_answers *ans;
static asx_result *res;
static asx_diags diags;
static cJSON *doc;

static void setup(void)
{
    asx_diags_init(&diags);
    ck_assert_int_eq(asx_bankset_builtin(&banks, &diags), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&policy, &diags), ASX_OK);
}

static void teardown(void)
{
    asx_result_free(res);
    asx_answers_free(ans);
    asx_policy_free(policy);
    asx_bankset_free(&banks);
    asx_diags_free(&diags);
    cJSON_Delete(doc);
    res = NULL;
    ans = NULL;
    doc = NULL;
}

static void sample(const char *rel)
{
    char *text = tu_read(rel, NULL);
    doc = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(doc);
}

static void set(const char *id, const char *value)
{
    cJSON *a = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "answers"), id);
    if (!a) {
        a = cJSON_CreateObject();
        cJSON_AddItemToObject(cJSON_GetObjectItem(doc, "answers"), id, a);
    }
    cJSON_DeleteItemFromObject(a, "value");
    cJSON_AddStringToObject(a, "value", value);
}

static void drop(const char *id)
{
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(doc, "answers"), id);
}

static asx_verdict score(void)
{
    char *text = cJSON_Print(doc);
    asx_result_free(res);
    asx_answers_free(ans);
    res = NULL;
    ans = NULL;
    asx_error err = asx_answers_load(text, strlen(text), "changed.json", &banks, &ans, &diags);
    free(text);
    if (err)
        asx_diags_print(&diags, stderr);
    ck_assert_int_eq(err, ASX_OK);
    ck_assert_int_eq(tu_score(ans, policy, ans->date, &res, &diags), ASX_OK);
    return res->verdict;
}

static const asx_finding *finding(const char *qid, const char *text)
{
    for (size_t i = 0; i < res->nfindings; i++)
        if (res->findings[i].q && strcmp(res->findings[i].q->id, qid) == 0 &&
            (!text || strstr(res->findings[i].msg_ja, text)))
            return &res->findings[i];
    return NULL;
}

/* 11-2(2)⑨ 「外部サービスのセキュリティ要件としてセキュリティに係る国際規格等と同等以上の水準を求めな
 * ければならない」; ⑪ 「情報セキュリティ監査による報告書の内容、各種の認定・認証制度の適用状況等から、
 * 外部サービス提供者の信頼性が十分であることを総合的・客観的に評価し判断しなければならない」 */
START_TEST(no_objective_basis_is_never_approved)
{
    sample("samples/minato-docs.json");
    ck_assert_int_eq(score(), ASX_VERDICT_APPROVED);
    set("cert.ismap", "no");
    set("cert.iso27001", "no");
    set("cert.iso27017", "no");
    set("cert.third_party_report", "no");
    drop("cert.certificates");
    drop("cert.expiry");
    asx_verdict v = score();
    ck_assert(v != ASX_VERDICT_APPROVED);
    const asx_finding *f = finding("cert.ismap", "客観的な根拠");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    /* one certificate alone is enough basis (each stays `reference`) */
    set("cert.third_party_report", "yes");
    score();
    ck_assert_ptr_null(finding("cert.ismap", "客観的な根拠"));
}
END_TEST

/* 11-2(3)② 「外部サービス提供者及び外部サービスが調達仕様を満たすことを契約までに確認し、調達仕様の
 * 内容を契約に含めなければならない」: must */
START_TEST(spec_into_the_contract_is_must)
{
    sample("samples/minato-docs.json");
    set("org.spec_compliance", "no");
    ck_assert_int_eq(score(), ASX_VERDICT_REJECTED);
    ck_assert_int_eq(finding("org.spec_compliance", NULL)->severity, ASX_SEV_KNOCKOUT);
}
END_TEST

/* 11-2(7)③ 「クラウドサービス上で機密性の高い情報を保存する場合は、機密性を維持するために暗号化する
 * とともに」: must */
START_TEST(encryption_at_rest_is_must)
{
    sample("samples/minato-docs.json");
    set("sec.encryption_at_rest", "no");
    ck_assert_int_eq(score(), ASX_VERDICT_REJECTED);
    ck_assert_ptr_nonnull(finding("sec.encryption_at_rest", "機密性を維持するために暗号化する"));
}
END_TEST

/* 6-3(3)②ウ 「個人情報及び機密性2以上の情報を、テストデータに使用してはならない」; 6-2(3)④
 * 「特権を付与されたID及びパスワードの変更について、委託事業者に行わせてはならない」; 6-1(4)③ 「2名以上
 * で作業し、互いにその作業を確認しなければならない」; 11-1(1)① 「委託内容に応じた情報セキュリティ対策
 * が確保されることを確認しなければならない」: must in outsourcing */
START_TEST(outsourcing_absolute_words_are_must)
{
    static const char *const ids[] = {"dev.no_real_test_data", "sec.no_privileged_password_change",
                                      "dev.two_person_change", "org.security_measures_disclosed"};
    for (size_t i = 0; i < 4; i++) {
        cJSON_Delete(doc);
        sample("samples/outsourcing-payroll.json");
        set(ids[i], "no");
        ck_assert_msg(score() == ASX_VERDICT_REJECTED, "%s", ids[i]);
        ck_assert_int_eq(finding(ids[i], NULL)->severity, ASX_SEV_KNOCKOUT);
    }
    /* and the words say what it is: 11-1(1) a 選定基準, 6-x the standard's own requirement */
    ck_assert_ptr_nonnull(finding("org.security_measures_disclosed", "選定基準「"));
}
END_TEST

/* 11-1(2) 「契約項目」: an outsourcing term is a contract term, not a 選定条件 (that is 11-2(2)) */
START_TEST(labels_follow_the_clause)
{
    sample("samples/outsourcing-payroll.json");
    set("sec.confidentiality_obligation", "no"); /* 11-1(2)⑦ 「業務上知り得た情報の守秘義務」 */
    score();
    const asx_finding *f = finding("sec.confidentiality_obligation", NULL);
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "契約項目「"));
    ck_assert_ptr_null(strstr(f->msg_ja, "選定条件"));
    ck_assert_str_eq(f->clause, "11-1(2)⑦, 6-3(2)⑫");
    cJSON_Delete(doc);
    sample("samples/minato-docs.json");
    set("sub.uses_subcontractors", "yes");
    set("sec.purpose_limitation", "no"); /* 11-2(2)②ア: a selection condition */
    score();
    ck_assert_ptr_nonnull(strstr(finding("sec.purpose_limitation", NULL)->msg_ja, "選定条件「"));
}
END_TEST

/* 11-1(2)⑪ 「組合による監査、検査」; 12-1(4)① 「委託事業者(再委託事業者を含む。)に対して…監査を
 * 定期的に又は必要に応じて行わなければならない」: the organisation's own audit; a third-party report is
 * no substitute (it is in cloud: 12-1(4)②) */
START_TEST(outsourcing_audit_has_no_substitute)
{
    const asx_bank *o = asx_bankset_find(&banks, "outsourcing");
    const asx_question *q = asx_bank_find(o, "audit.accepts_audit");
    ck_assert_ptr_nonnull(strstr(q->text.ja, "再委託先を含めて"));
    ck_assert_ptr_nonnull(strstr(q->text.ja, "これに代わるものではありません"));
    const asx_question *c = asx_bank_find(asx_bankset_find(&banks, "cloud"), "audit.accepts_audit");
    ck_assert_str_eq(c->clauses[0], "12-1(4)②"); /* the must comes from 12-1(4)②, not ⑥ア (必要に応じて) */
    sample("samples/outsourcing-payroll.json");
    set("audit.accepts_audit", "no");
    ck_assert_int_eq(score(), ASX_VERDICT_REJECTED);
}
END_TEST

/* 11-2(2)②エ 「調達仕様書による施設の場所やリージョンの指定」: the location is designated; a provider that
 * keeps the data only in the allowed countries meets it whether or not a region can be chosen */
START_TEST(region_designated_not_chosen)
{
    sample("samples/minato-docs.json");
    set("loc.region_selectable", "no");
    ck_assert_int_eq(score(), ASX_VERDICT_APPROVED);
    ck_assert_ptr_null(finding("loc.region_selectable", NULL));
}
END_TEST

/* Citations follow the clause that says it: 守秘義務 11-1(2)⑦ 「業務上知り得た情報の守秘義務」, 公表
 * 11-1(2)⑫ 「組合による情報セキュリティインシデント発生時の公表」; LGWAN 3(2)④ 「専用回線を用いて接続
 * しなければならない」 */
START_TEST(citations_follow_the_words)
{
    const asx_bank *b = asx_bankset_find(&banks, "cloud");
    ck_assert_str_eq(asx_bank_find(b, "sec.confidentiality_obligation")->clauses[0], "11-1(2)⑦");
    ck_assert_str_eq(asx_bank_find(b, "inc.publication_cooperation")->clauses[0], "11-1(2)⑫");
    ck_assert_str_eq(asx_bank_find(b, "net.lgwan_dedicated_line")->label.ja, "専用回線での接続");
}
END_TEST

/* 6-5(1)⑦ 「クラウドサービスを利用する際に、委託事業者等に管理権限を与える場合、多要素認証を用いて
 * 認証させ、クラウドサービスにアクセスさせなければならない」: the must covers administrative rights given
 * to 委託事業者等, not the provider's own operators */
START_TEST(mfa_scope_is_the_clause_scope)
{
    const asx_question *q = asx_bank_find(asx_bankset_find(&banks, "cloud"), "sec.admin_mfa");
    ck_assert_int_eq(q->basis, ASX_BASIS_MUST);
    ck_assert_ptr_nonnull(strstr(q->text.ja, "委託事業者等"));
    ck_assert_ptr_nonnull(strstr(q->text.ja, "管理権限を与える場合"));
}
END_TEST

/* The duplicate exit.deletion_all_copies finding: at 機密性1 an outsourcing answer 「いいえ」 that a
 * certificate of deletion contradicts is one finding (the contradiction), not two */
START_TEST(no_duplicate_finding_on_a_contradicted_answer)
{
    sample("samples/outsourcing-payroll.json");
    cJSON *cl = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "assessment"), "classification");
    cJSON_ReplaceItemInObject(cl, "confidentiality", cJSON_CreateNumber(1));
    set("exit.deletion_all_copies", "no");
    set("exit.deletion_certificate", "yes");
    ck_assert_int_eq(score(), ASX_VERDICT_INCOMPLETE);
    size_t n = 0;
    for (size_t i = 0; i < res->nfindings; i++)
        n += res->findings[i].q && strcmp(res->findings[i].q->id, "exit.deletion_all_copies") == 0;
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_nonnull(finding("exit.deletion_all_copies", "回答の矛盾"));
}
END_TEST

/* SPEC v3 §8.2 (11-2(2)⑦ 「組合の情報が取り扱われる場所」): a comment that states processing, access or
 * maintenance abroad while the answer says JP is a contradiction (差戻し), not a minor flag */
START_TEST(comment_against_the_place_is_a_contradiction)
{
    sample("samples/minato-docs.json");
    cJSON *a = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "answers"), "loc.processing_countries");
    cJSON_DeleteItemFromObject(a, "comment");
    cJSON_AddStringToObject(a, "comment", "障害時は米国の親会社の技術者が海外からリモート保守");
    ck_assert_int_eq(score(), ASX_VERDICT_INCOMPLETE);
    const asx_finding *f = finding("loc.processing_countries", "回答の矛盾");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    /* a negative statement is no flag (SPEC v2 §4) */
    cJSON_DeleteItemFromObject(a, "comment");
    cJSON_AddStringToObject(a, "comment", "海外からのアクセスは遮断");
    ck_assert_int_eq(score(), ASX_VERDICT_APPROVED);
}
END_TEST

/* 11-2(7)③ 「データ消去の方法の一つとして暗号化した鍵(暗号鍵)を削除するなどにより」: customer-managed
 * keys are one method, not a requirement; BYOK is at most `org`, minor by default, and the
 * policy's byok_rule may make it major, never a knockout */
START_TEST(byok_is_at_most_org)
{
    sample("samples/minato-docs.json");
    cJSON *cl = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "assessment"), "classification");
    cJSON_ReplaceItemInObject(cl, "confidentiality", cJSON_CreateNumber(3));
    set("sec.vendor_issued_devices", "yes");
    set("sec.customer_managed_keys", "no");
    score();
    const asx_finding *f = finding("sec.customer_managed_keys", NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MINOR);
    const char *major = "{\"format\": \"assess-policy/1\", \"byok_rule\": \"major\"}";
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_load(major, strlen(major), "p.json", &p, &diags), ASX_OK);
    asx_policy *keep = policy;
    policy = p;
    score();
    ck_assert_int_eq(finding("sec.customer_managed_keys", NULL)->severity, ASX_SEV_MAJOR);
    asx_result_free(res);
    res = NULL;
    policy = keep;
    asx_policy_free(p);
    const char *ko = "{\"format\": \"assess-policy/1\", \"byok_rule\": \"knockout\"}";
    ck_assert_int_eq(asx_policy_load(ko, strlen(ko), "p.json", &p, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "byok_rule"));
}
END_TEST
/* SPEC v3 §8.2 (11-2(2)⑦ 「組合の情報が取り扱われる場所」; 11-2(2)⑧ 「外部サービス提供者がその役務内容を一部再委託
 * する場合」): a subcontractor performs part of the service on the organisation's information, so its
 * country is a place the information is handled. A payroll keying subcontractor in Viet Nam while
 * loc.processing_countries says JP is processing abroad the answers deny: a contradiction (差戻し)
 * naming both answers; a role that says it handles the data in the answered country is not. */
static void add_subcontractor(const char *name, const char *country, const char *role)
{
    cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "answers"), "sub.list"), "value");
    cJSON *it = cJSON_CreateObject();
    cJSON_AddStringToObject(it, "name", name);
    cJSON_AddStringToObject(it, "country", country);
    cJSON_AddStringToObject(it, "role", role);
    cJSON_AddItemToArray(v, it);
}

START_TEST(subcontractor_abroad_against_the_place_is_a_contradiction)
{
    sample("samples/outsourcing-payroll.json");
    asx_verdict before = score();
    ck_assert_int_ne(before, ASX_VERDICT_INCOMPLETE);
    add_subcontractor("Saigon Data Entry Co., Ltd.", "VN", "給与データの入力");
    ck_assert_int_eq(score(), ASX_VERDICT_INCOMPLETE);
    const asx_finding *f = finding("sub.list", "回答の矛盾");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MAJOR);
    ck_assert_ptr_nonnull(f->also);
    ck_assert_str_eq(f->also->id, "loc.processing_countries");
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "Saigon Data Entry"));
    ck_assert_ptr_nonnull(strstr(f->msg_ja, "給与データの入力"));
    ck_assert_uint_ge(res->ncontradictions, 1);
    /* the same in the cloud bank: a BPO in the Philippines OCRing documents */
    cJSON_Delete(doc);
    sample("samples/us-iaas-tokyo.json");
    add_subcontractor("Manila Document Services Inc.", "PH", "帳票の OCR 入力");
    ck_assert_int_eq(score(), ASX_VERDICT_INCOMPLETE);
    ck_assert_ptr_nonnull(finding("sub.list", "Manila Document Services"));
    /* a role that says it handles the data in Japan agrees with the answers (a US company's IaaS
     * in the Tokyo region: samples/us-iaas-tokyo.json) */
    cJSON_Delete(doc);
    sample("samples/outsourcing-payroll.json");
    add_subcontractor("Northwind Cloud Services LLC", "US", "給与システムの基盤 (データは国内のみ)");
    ck_assert_int_eq(score(), before);
    ck_assert_ptr_null(finding("sub.list", "回答の矛盾"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("corrections");
    TCase *t = tcase_create("corrections");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, no_objective_basis_is_never_approved);
    tcase_add_test(t, subcontractor_abroad_against_the_place_is_a_contradiction);
    tcase_add_test(t, spec_into_the_contract_is_must);
    tcase_add_test(t, encryption_at_rest_is_must);
    tcase_add_test(t, outsourcing_absolute_words_are_must);
    tcase_add_test(t, labels_follow_the_clause);
    tcase_add_test(t, outsourcing_audit_has_no_substitute);
    tcase_add_test(t, region_designated_not_chosen);
    tcase_add_test(t, citations_follow_the_words);
    tcase_add_test(t, mfa_scope_is_the_clause_scope);
    tcase_add_test(t, byok_is_at_most_org);
    tcase_add_test(t, comment_against_the_place_is_a_contradiction);
    tcase_add_test(t, no_duplicate_finding_on_a_contradicted_answer);
    suite_add_tcase(s, t);
    return tu_run(s);
}
