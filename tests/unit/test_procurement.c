/* test_procurement.c - the tender and contract wording (questionnaires/procurement.c): every
 * question of every built-in bank has its requirement and every placeholder resolves; the spec
 * has one item per applicable question, fills the policy's numbers and countries, marks the
 * selection conditions the policy keeps; the contract is filled from the answers; bad wording
 * files get their messages. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/procurement.h"
#include "asx/tender.h"
#include "asx/util.h"
#include "testutil.h"

static asx_bankset banks;
static asx_policy *policy;
static asx_procurement *proc;
static asx_diags diags;

static void setup(void)
{
    asx_diags_init(&diags);
    banks.v = NULL;
    banks.n = 0;
    ck_assert_int_eq(asx_bankset_builtin(&banks, &diags), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&policy, &diags), ASX_OK);
    ck_assert_int_eq(asx_procurement_builtin(&proc, &diags), ASX_OK);
}

static void teardown(void)
{
    asx_procurement_free(proc);
    asx_policy_free(policy);
    asx_bankset_free(&banks);
    asx_diags_free(&diags);
}

static asx_policy *policy_from(const char *json)
{
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_load(json, strlen(json), "p.json", &p, &diags), ASX_OK);
    return p;
}

/* The spec as assess spec makes it: built, then marked by the scorer. */
static asx_error spec_build(const asx_procurement *p, const asx_bank *b, const asx_policy *pol, asx_class cls,
                            asx_lang lang, asx_spec **out, asx_diags *d)
{
    asx_error err = asx_spec_build(p, b, pol, cls, lang, out, d);
    if (!err)
        asx_spec_select(*out);
    return err;
}

static bool applies(const asx_question *q, asx_class c)
{
    return (!q->applies_c || c.c >= q->applies_c) && (!q->applies_i || c.i >= q->applies_i) &&
           (!q->applies_a || c.a >= q->applies_a);
}

START_TEST(every_bank_question_has_wording)
{
    for (size_t i = 0; i < banks.n; i++) {
        asx_diags d;
        asx_diags_init(&d);
        asx_error e = asx_procurement_check(proc, banks.v[i], true, &d);
        if (e)
            asx_diags_print(&d, stderr);
        ck_assert_int_eq(e, ASX_OK);
        asx_diags_free(&d);
    }
    /* and every requirement is for a question some bank has (a bank's own: that bank) */
    for (size_t r = 0; r < proc->nreq; r++) {
        bool found = false;
        for (size_t i = 0; i < banks.n && !found; i++)
            found = (!proc->req[r].bank || strcmp(proc->req[r].bank, banks.v[i]->id) == 0) &&
                    asx_bank_find(banks.v[i], proc->req[r].id) != NULL;
        ck_assert_msg(found, "requirement %s has no question", proc->req[r].id);
    }
    ck_assert_ptr_nonnull(asx_procurement_contract(proc, "cloud"));
    ck_assert_ptr_nonnull(asx_procurement_contract(proc, "outsourcing"));
    ck_assert_ptr_null(asx_procurement_contract(proc, "cloud-light"));
}
END_TEST

/* One item per question that applies, for every classification each bank supports, the
 * placeholders all filled, each sentence a requirement (ends in 「こと。」 or 「こと。)」). */
START_TEST(spec_one_item_per_applicable_question)
{
    for (size_t i = 0; i < banks.n; i++) {
        const asx_bank *b = banks.v[i];
        for (int c = b->conf_min; c <= b->conf_max; c++)
            for (int in = 1; in <= 2; in++)
                for (int a = 1; a <= 2; a++) {
                    asx_class cls = {c, in, a};
                    asx_spec *s = NULL;
                    ck_assert_int_eq(spec_build(proc, b, policy, cls, ASX_LANG_JA, &s, &diags), ASX_OK);
                    size_t want = 0, got = 0, sel = 0;
                    for (size_t q = 0; q < b->nquestions; q++)
                        if (applies(&b->questions[q], cls))
                            want++;
                    for (size_t k = 0; k < s->nsections; k++)
                        for (size_t n = 0; n < s->sections[k].nitems; n++) {
                            const asx_spec_item *it = &s->sections[k].items[n];
                            ck_assert(applies(it->q, cls));
                            ck_assert_msg(!strchr(it->text, '{'), "%s: %s", it->q->id, it->text);
                            ck_assert_msg(strstr(it->text, "こと。"), "%s: %s", it->q->id, it->text);
                            ck_assert_uint_eq(it->q->section, (size_t)(s->sections[k].section - b->sections));
                            /* a selection condition exactly where the basis says so, from the
                             * level the bank makes it a knockout; none on 約款 (11-3) */
                            bool must = s->mark != ASX_SPEC_MARK_NONE &&
                                        ((it->q->basis == ASX_BASIS_MUST && it->q->type != ASX_Q_LIST && c >= it->q->knockout_from) ||
                                         (it->q->rule == ASX_QRULE_LOCATION && policy->location_rule == ASX_RULE_KNOCKOUT) ||
                                         (it->q->rule == ASX_QRULE_LAW && policy->law_rule == ASX_RULE_KNOCKOUT));
                            ck_assert_msg(it->selection == must, "%s: selection %d", it->q->id, it->selection);
                            /* a reference item is evaluated, never required (SPEC §8.3) */
                            bool ref = s->mark != ASX_SPEC_MARK_NONE && it->q->basis == ASX_BASIS_REFERENCE;
                            ck_assert_msg(it->evaluated == ref, "%s: evaluated %d", it->q->id, it->evaluated);
                            if (ref)
                                ck_assert_msg(strstr(it->text, "評価において考慮する。"), "%s: %s", it->q->id, it->text);
                            sel += it->selection;
                            got++;
                        }
                    ck_assert_uint_eq(got, want);
                    ck_assert_uint_eq(s->nitems, want);
                    ck_assert_uint_eq(s->nselection, sel);
                    asx_spec_free(s);
                }
    }
}
END_TEST

static const asx_spec_item *find_item(const asx_spec *s, const char *id)
{
    for (size_t k = 0; k < s->nsections; k++)
        for (size_t n = 0; n < s->sections[k].nitems; n++)
            if (strcmp(s->sections[k].items[n].q->id, id) == 0)
                return &s->sections[k].items[n];
    return NULL;
}

START_TEST(spec_states_the_policy_numbers)
{
    const asx_bank *b = asx_bankset_find(&banks, "cloud");
    asx_spec *s = NULL;
    ck_assert_int_eq(spec_build(proc, b, policy, (asx_class){2, 2, 2}, ASX_LANG_JA, &s, &diags), ASX_OK);
    ck_assert_str_eq(find_item(s, "sla.availability_percent")->text, "月間稼働率 99.9% 以上を SLA で保証すること。");
    ck_assert_str_eq(find_item(s, "loc.storage_countries")->text, "データの保管場所は日本国内とすること。");
    ck_assert_str_eq(find_item(s, "sla.incident_notification_hours")->text,
                     "情報セキュリティインシデントを検知してから 24 時間以内に本団体へ第一報を通知すること。");
    ck_assert_str_eq(find_item(s, "bak.rto_hours")->text, "目標復旧時間(RTO)を 24 時間以内とすること。");
    ck_assert_str_eq(find_item(s, "law.governing_law")->text, "契約の準拠法は日本の法令とすること。");
    ck_assert(find_item(s, "loc.storage_countries")->selection);
    ck_assert(!find_item(s, "sla.availability_percent")->selection);
    ck_assert(find_item(s, "sub.prior_approval")->conditional);
    asx_spec_free(s);
    /* 可用性1: the A1 numbers (the RTO asked at every level, with the 可用性1 number) */
    ck_assert_int_eq(spec_build(proc, b, policy, (asx_class){2, 1, 1}, ASX_LANG_JA, &s, &diags), ASX_OK);
    ck_assert_str_eq(find_item(s, "sla.availability_percent")->text, "月間稼働率 99.5% 以上を SLA で保証すること。");
    ck_assert_str_eq(find_item(s, "bak.rto_hours")->text, "目標復旧時間(RTO)を 72 時間以内とすること。");
    asx_spec_free(s);
}
END_TEST

/* cloud-light (11-3, 約款): every requirement is the bank's own, something the official checks
 * in the terms, never a term the provider is asked to sign. */
START_TEST(light_spec_checks_the_terms)
{
    const asx_bank *b = asx_bankset_find(&banks, "cloud-light");
    asx_spec *s = NULL;
    ck_assert_int_eq(spec_build(proc, b, policy, (asx_class){1, 1, 1}, ASX_LANG_JA, &s, &diags), ASX_OK);
    ck_assert_uint_eq(s->nitems, b->nquestions);
    for (size_t i = 0; i < b->nquestions; i++) {
        const asx_requirement *r = asx_procurement_requirement(proc, "cloud-light", b->questions[i].id);
        ck_assert_ptr_nonnull(r);
        ck_assert_msg(r->bank && strcmp(r->bank, "cloud-light") == 0, "%s: common wording", r->id);
        ck_assert_msg(strstr(r->text.ja, "確認") && !strstr(r->text.ja, "受注者") && !strstr(r->text.ja, "契約"),
                      "%s: %s", r->id, r->text.ja);
    }
    ck_assert_str_eq(find_item(s, "sec.user_mfa")->text, "利用者アカウントのログインに多要素認証を設定できることを確認すること。");
    /* 11-3 selects nothing: a must is checked by the official, not a 選定条件 (SPEC §8.3) */
    ck_assert_int_eq(s->mark, ASX_SPEC_MARK_NONE);
    ck_assert(!find_item(s, "law.terms_acceptable")->selection);
    ck_assert_uint_eq(s->nselection, 0);
    ck_assert_uint_eq(s->nevaluated, 0);
    asx_spec_free(s);
    /* the cloud bank keeps the common wording */
    const asx_requirement *r = asx_procurement_requirement(proc, "cloud", "sec.user_mfa");
    ck_assert_ptr_null(r->bank);
    ck_assert_str_eq(r->text.ja, "利用者アカウントに多要素認証を設定できること。");
}
END_TEST

/* Choice questions state the policy's lowest acceptable option (reporting_min, restore_test_min). */
START_TEST(spec_states_the_policy_minimum_options)
{
    const asx_bank *b = asx_bankset_find(&banks, "cloud");
    asx_spec *s = NULL;
    ck_assert_int_eq(spec_build(proc, b, policy, (asx_class){2, 2, 2}, ASX_LANG_JA, &s, &diags), ASX_OK);
    ck_assert_str_eq(find_item(s, "sla.reporting")->text,
                     "サービスレベル及び情報セキュリティ対策の履行状況を定期的に本団体に報告し、その頻度は毎月又はこれより短い間隔とすること。");
    ck_assert_str_eq(find_item(s, "bak.restore_tested")->text,
                     "バックアップからの復旧テストを定期的に実施し、その頻度は四半期ごと以上とすること。");
    asx_spec_free(s);
    asx_policy *p = policy_from("{\"format\": \"assess-policy/1\", \"reporting_min\": \"quarterly\", "
                                "\"restore_test_min\": \"yearly\"}");
    ck_assert_int_eq(spec_build(proc, b, p, (asx_class){2, 2, 2}, ASX_LANG_EN, &s, &diags), ASX_OK);
    ck_assert_str_eq(find_item(s, "sla.reporting")->text,
                     "Report regularly to the organisation on service levels and on the security measures "
                     "carried out (frequency: Quarterly or more often).");
    ck_assert(strstr(find_item(s, "bak.restore_tested")->text, "(frequency: "));
    asx_spec_free(s);
    asx_policy_free(p);
}
END_TEST

/* SPEC §8.3: the organisation is called as its policy says (本町 here), 本団体 by default; no
 * requirement of any bank says 本市 unless the policy does */
START_TEST(spec_names_the_organisation_as_the_policy_says)
{
    static const char *const selves[] = {"本町", "本組合", NULL};
    asx_policy *def = policy_from("{\"format\": \"assess-policy/1\"}");
    ck_assert_str_eq(asx_policy_self_reference(def, ASX_LANG_JA), "本団体");
    ck_assert_str_eq(asx_policy_org_name(def, ASX_LANG_JA), "本団体");
    asx_policy_free(def);
    for (size_t k = 0; selves[k]; k++) {
        char buf[160];
        snprintf(buf, sizeof buf, "{\"format\": \"assess-policy/1\", \"self_reference\": \"%s\"}", selves[k]);
        asx_policy *p = policy_from(buf);
        for (size_t bi = 0; bi < banks.n; bi++) {
            asx_spec *s = NULL;
            const asx_bank *b = banks.v[bi];
            asx_class cls = {b->conf_min ? b->conf_min : 1, 2, 2};
            ck_assert_int_eq(spec_build(proc, b, p, cls, ASX_LANG_JA, &s, &diags), ASX_OK);
            size_t named = 0;
            for (size_t i = 0; i < s->nsections; i++)
                for (size_t n = 0; n < s->sections[i].nitems; n++) {
                    const char *t = s->sections[i].items[n].text;
                    ck_assert_msg(!strstr(t, "本市"), "%s: %s", b->id, t);
                    named += strstr(t, selves[k]) != NULL;
                }
            if (strcmp(b->id, "cloud") == 0)
                ck_assert_uint_gt(named, 10);
            asx_spec_free(s);
        }
        asx_policy_free(p);
    }
    asx_policy *bad = NULL;
    const char *city = "{\"format\": \"assess-policy/1\", \"self_reference\": \"当市\"}";
    ck_assert_int_eq(asx_policy_load(city, strlen(city), "p.json", &bad, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "self_reference"));
}
END_TEST

START_TEST(spec_follows_a_policy_allowing_sg)
{
    asx_policy *p = policy_from("{\"format\": \"assess-policy/1\", \"allowed_countries\": "
                                "{\"storage\": [\"JP\", \"SG\"], \"processing\": [\"JP\"], \"backup\": [\"JP\", \"SG\"]},"
                                " \"location_rule\": \"major\", \"clause_numbers\": {\"11-2(2)⑦\": \"第9章(2)⑦\"}}");
    const asx_bank *b = asx_bankset_find(&banks, "cloud");
    asx_spec *s = NULL;
    ck_assert_int_eq(spec_build(proc, b, p, (asx_class){2, 2, 2}, ASX_LANG_JA, &s, &diags), ASX_OK);
    const asx_spec_item *st = find_item(s, "loc.storage_countries");
    ck_assert_str_eq(st->text, "データの保管場所は日本・シンガポールのいずれかの国内とすること。");
    ck_assert(!st->selection); /* location_rule major: a requirement, not a selection condition */
    ck_assert_str_eq(st->clauses, "11-2(2)②エ, 第9章(2)⑦");
    ck_assert_str_eq(find_item(s, "bak.location_countries")->text,
                     "バックアップの保管場所は日本・シンガポールのいずれかの国内とすること。");
    ck_assert(find_item(s, "law.governing_law")->selection); /* law_rule still knockout */
    asx_spec_free(s);
    ck_assert_int_eq(spec_build(proc, b, p, (asx_class){2, 2, 2}, ASX_LANG_EN, &s, &diags), ASX_OK);
    ck_assert_str_eq(find_item(s, "loc.storage_countries")->text, "Store the data only in Japan or Singapore.");
    asx_spec_free(s);
    asx_policy_free(p);
}
END_TEST

START_TEST(spec_documents_listed_once_with_their_items)
{
    const asx_bank *b = asx_bankset_find(&banks, "cloud");
    asx_spec *s = NULL;
    ck_assert_int_eq(spec_build(proc, b, policy, (asx_class){2, 2, 2}, ASX_LANG_JA, &s, &diags), ASX_OK);
    ck_assert_uint_gt(s->ndocs, 10);
    for (size_t i = 0; i < s->ndocs; i++) {
        for (size_t k = i + 1; k < s->ndocs; k++)
            ck_assert_str_ne(s->docs[i].what->ja, s->docs[k].what->ja);
        ck_assert(s->docs[i].refs[0] >= '1' && s->docs[i].refs[0] <= '9');
    }
    ck_assert_str_eq(s->docs[0].refs, "1.(1)"); /* the first question of the first section */
    asx_spec_free(s);
}
END_TEST

START_TEST(spec_refuses_a_bank_outside_its_levels)
{
    const asx_bank *b = asx_bankset_find(&banks, "cloud-light");
    asx_spec *s = NULL;
    ck_assert_int_eq(spec_build(proc, b, policy, (asx_class){2, 1, 1}, ASX_LANG_JA, &s, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "質問票 cloud-light は機密性1の情報資産用です (11-3)。機密性 2 には使えません"));
    ck_assert_ptr_null(s);
}
END_TEST

/* Every sentence of the contract, joined (for searching). */
static char *contract_text(const asx_contract *c)
{
    asx_buf b = {0};
    for (size_t i = 0; i < c->narticles; i++)
        for (size_t k = 0; k < c->articles[i].nsentences; k++)
            asx_buf_addf(&b, "%s\n", c->articles[i].sentences[k]);
    return asx_buf_take(&b);
}

START_TEST(contract_states_the_agreed_value_once)
{
    asx_answers *a = NULL;
    ck_assert_int_eq(asx_answers_load_file(tu_path("samples/procurement/bid-b.json"), &banks, &a, &diags), ASX_OK);
    const asx_question *q = asx_bank_find(a->bank, "sla.availability_percent");
    ck_assert_ptr_nonnull(q);
    asx_agreed *ag = calloc(a->bank->nquestions, sizeof *ag);
    ck_assert_ptr_nonnull(ag);
    /* bidder B answered 99.5 %; the agreed value (scoring's, the stricter) is 99.9 % */
    ag[q->index] = (asx_agreed){.stated = true, .value = {"99.9 %", "99.9 %"}};
    asx_contract_input in = {.agreed = ag};
    asx_contract *c = NULL;
    ck_assert_int_eq(asx_contract_build(proc, a, policy, &in, ASX_LANG_JA, &c, &diags), ASX_OK);
    ck_assert_uint_eq(c->narticles, asx_procurement_contract(proc, "cloud")->narticles);
    char *t = contract_text(c);
    ck_assert_ptr_nonnull(t);
    ck_assert_msg(!strchr(t, '{'), "%s", t);
    ck_assert_msg(strstr(t, "乙は、本サービスの月間稼働率 99.9 % 以上を保証する。"), "%s", t);
    ck_assert_msg(!strstr(t, "99.5"), "%s", t);
    /* a term not agreed is not stated; the contract's own sentences are */
    ck_assert_msg(!strstr(t, "暗号化"), "%s", t);
    ck_assert(strstr(t, "乙がサービスレベル又は本特記事項に定める義務を履行しないときは"));
    ck_assert(strstr(t, "甲の事前の書面による承認を得ずに"));
    ck_assert(!strstr(t, "甲が承認した再委託先")); /* no subcontractor approved in a review */
    free(t);
    asx_contract_free(c);
    free(ag);
    asx_answers_free(a);
}
END_TEST

START_TEST(contract_names_the_subcontractors_as_reviewed)
{
    asx_answers *a = NULL;
    ck_assert_int_eq(asx_answers_load_file(tu_path("samples/outsourcing-payroll.json"), &banks, &a, &diags), ASX_OK);
    const char *approved[] = {"株式会社さくら"};
    const char *refused[] = {"Hanoi BPO Co., Ltd.", "株式会社すみれ"};
    asx_contract_input in = {.approved = approved, .napproved = 1, .refused = refused, .nrefused = 2};
    asx_contract *c = NULL;
    ck_assert_int_eq(asx_contract_build(proc, a, policy, &in, ASX_LANG_JA, &c, &diags), ASX_OK);
    bool listed = false, forbidden = false;
    for (size_t i = 0; i < c->narticles; i++) {
        if (strcmp(c->articles[i].article->term, "11-1(2)⑧") != 0)
            continue;
        for (size_t k = 0; k < c->articles[i].nsentences; k++) {
            const char *t = c->articles[i].sentences[k];
            if (strstr(t, "甲が承認した再委託先は、株式会社さくらとする。"))
                listed = true;
            if (strstr(t, "乙は、Hanoi BPO Co., Ltd.、株式会社すみれに本業務を再委託してはならない。"))
                forbidden = true;
        }
    }
    ck_assert(listed);
    ck_assert(forbidden);
    asx_contract_free(c);
    asx_answers_free(a);
}
END_TEST

START_TEST(contract_refused_for_a_light_bank)
{
    asx_answers *a = NULL;
    ck_assert_int_eq(asx_answers_load_file(tu_path("samples/light-survey.json"), &banks, &a, &diags), ASX_OK);
    asx_contract *c = NULL;
    ck_assert_int_eq(asx_contract_build(proc, a, policy, NULL, ASX_LANG_JA, &c, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "質問票 cloud-light (11-3) の外部サービスは約款により利用するため"));
    ck_assert_ptr_null(c);
    asx_answers_free(a);
}
END_TEST

static asx_error load_text(const char *json)
{
    asx_procurement *p = NULL;
    asx_error e = asx_procurement_load(json, strlen(json), "w.json", &p, &diags);
    asx_procurement_free(p);
    return e;
}

START_TEST(bad_wording_files)
{
    ck_assert_int_eq(load_text("{\"format\": \"assess-procurement/1\", \"requirements\": "
                               "{\"a.b\": {\"ja\": \"{thresold}以上\", \"en\": \"x\"}}, \"contracts\": {}}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "不明な差込み項目 {thresold}"));
    ck_assert_int_eq(diags.v[diags.n - 1].line, 1);
    ck_assert_int_eq(load_text("{\"format\": \"assess-procurement/1\", \"requirements\": "
                               "{\"a.b\": {\"ja\": \"x\"}}, \"contracts\": {}}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "en"));
    ck_assert_int_eq(load_text("{\"format\": \"assess-procurement/2\", \"requirements\": {}, \"contracts\": {}}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "format は \"assess-procurement/1\" でなければなりません"));
    ck_assert_int_eq(load_text("{\"format\": \"assess-procurement/1\", \"requirements\": {}, \"contracts\": "
                               "{\"cloud\": [{\"term\": \"x\", \"title\": {\"ja\": \"t\", \"en\": \"t\"}, \"text\": []}]}}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "x: text は文の配列 (1 つ以上) でなければなりません"));
    ck_assert_int_eq(load_text("{\"format\": \"assess-procurement/1\", \"requirements\": {}, \"extra\": 1}"),
                     ASX_ERR_DATA);
    ck_assert_int_eq(load_text("{\"format\": \"assess-procurement/1\", \"requirements\": {}, "
                               "\"bank_requirements\": [], \"contracts\": {}}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "bank_requirements はオブジェクト (質問票ID → 要件文) でなければなりません"));
    ck_assert_int_eq(load_text("{\"format\": \"assess-procurement/1\", \"requirements\": {}, "
                               "\"bank_requirements\": {\"cloud-light\": {\"a.b\": {\"ja\": \"{minimun}\", \"en\": \"x\"}}}, "
                               "\"contracts\": {}}"),
                     ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "不明な差込み項目 {minimun}"));
    /* an article naming a question the bank lacks */
    asx_procurement *p = NULL;
    const char *j = "{\"format\": \"assess-procurement/1\", \"requirements\": {}, \"contracts\": "
                    "{\"cloud\": [{\"term\": \"11-2(2)⑧\", \"title\": {\"ja\": \"t\", \"en\": \"t\"}, "
                    "\"text\": [{\"ja\": \"{answer:sub.nothing}\", \"en\": \"x\"}]}]}}";
    ck_assert_int_eq(asx_procurement_load(j, strlen(j), "w.json", &p, &diags), ASX_OK);
    ck_assert_int_eq(asx_procurement_check(p, asx_bankset_find(&banks, "cloud"), false, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "cloud の特記事項 11-2(2)⑧ が質問票にない設問 sub.nothing を参照しています"));
    ck_assert_int_eq(asx_procurement_check(p, asx_bankset_find(&banks, "cloud"), true, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "質問票 cloud の設問 org.security_measures_disclosed に仕様書の要件文がありません"));
    asx_procurement_free(p);
    /* SPEC §8.3: a term stated twice, a term of a question that has none, a term never stated */
    p = NULL;
    j = "{\"format\": \"assess-procurement/1\", \"requirements\": {}, \"contracts\": "
        "{\"cloud\": [{\"term\": \"11-2(2)⑥イ\", \"title\": {\"ja\": \"t\", \"en\": \"t\"}, "
        "\"text\": [{\"ja\": \"{term:sla.availability_percent}\", \"en\": \"{term:sla.availability_percent}\"}, "
        "{\"ja\": \"{term:sla.availability_percent}\", \"en\": \"x\"}, "
        "{\"ja\": \"{term:sub.list}\", \"en\": \"x\"}]}]}}";
    ck_assert_int_eq(asx_procurement_load(j, strlen(j), "w.json", &p, &diags), ASX_OK);
    ck_assert_int_eq(asx_procurement_check(p, asx_bankset_find(&banks, "cloud"), false, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "質問票 cloud の設問 sla.availability_percent の契約の文言 (term) が特記事項に 2 回あります"));
    ck_assert(tu_diags_have(&diags, "質問票 cloud の設問 sub.list に契約の文言 (term) がありません (特記事項 11-2(2)⑥イ が記載する文言です)"));
    ck_assert(tu_diags_have(&diags, "質問票 cloud の設問 sec.encryption_at_rest の契約の文言 (term) が特記事項に 0 回あります"));
    asx_procurement_free(p);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("procurement");
    TCase *t = tcase_create("procurement");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, every_bank_question_has_wording);
    tcase_add_test(t, spec_one_item_per_applicable_question);
    tcase_add_test(t, spec_states_the_policy_numbers);
    tcase_add_test(t, spec_names_the_organisation_as_the_policy_says);
    tcase_add_test(t, light_spec_checks_the_terms);
    tcase_add_test(t, spec_states_the_policy_minimum_options);
    tcase_add_test(t, spec_follows_a_policy_allowing_sg);
    tcase_add_test(t, spec_documents_listed_once_with_their_items);
    tcase_add_test(t, spec_refuses_a_bank_outside_its_levels);
    tcase_add_test(t, contract_states_the_agreed_value_once);
    tcase_add_test(t, contract_names_the_subcontractors_as_reviewed);
    tcase_add_test(t, contract_refused_for_a_light_bank);
    tcase_add_test(t, bad_wording_files);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
