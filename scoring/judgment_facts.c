/* judgment_facts.c - what each of the officer's judgments rests on, and the conclusion the facts
 * suggest (SPEC v3 §8.1; the review sheet shows them). Split from score.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/country.h"
#include "asx/json.h"
#include "asx/score.h"
#include "asx/util.h"
#include "score_impl.h"

/* ---- what each judgment rests on (the review sheet shows it) ----------------------------- */

static bool jfact_add(asx_result_judgment *j, const asx_question *q, const char *lja, const char *len,
                      char *vja, char *ven)
{
    asx_judgment_fact *v = realloc(j->facts, (j->nfacts + 1) * sizeof *v);
    if (!v || !vja || !ven) {
        free(vja);
        free(ven);
        if (v)
            j->facts = v;
        return false;
    }
    j->facts = v;
    asx_judgment_fact *f = &v[j->nfacts++];
    f->q = q;
    f->label_ja = asx_strdup(lja);
    f->label_en = asx_strdup(len);
    f->value_ja = vja;
    f->value_en = ven;
    return f->label_ja && f->label_en;
}

/* The answers of these questions, those the bank has and that apply, as facts of j. */
static bool jfact_questions(asx_result *r, asx_result_judgment *j, const char *const *ids)
{
    for (size_t i = 0; ids[i]; i++) {
        const asx_question *q = asx_bank_find(r->bank, ids[i]);
        if (!q || !r->q[q->index].applicable)
            continue;
        const asx_answer *a = &r->answers->a[q->index];
        if (!jfact_add(j, q, asx_text_get(&q->label, ASX_LANG_JA), asx_text_get(&q->label, ASX_LANG_EN),
                       asx_answer_format(q, a, ASX_LANG_JA), asx_answer_format(q, a, ASX_LANG_EN)))
            return false;
    }
    return true;
}

/* The terms the vendor pointed to (SPEC §8.1: the terms judgment rests on "the vendor's terms"):
 * the comment and the evidence of its answer on whether the terms can be changed (cloud) or are
 * published (cloud-light), as facts of j, so that the officer sees which version to judge. */
static bool jfact_terms_offered(asx_result *r, asx_result_judgment *j)
{
    static const char *const ids[] = {"law.terms_negotiable", "law.terms_published", NULL};
    for (size_t i = 0; ids[i]; i++) {
        const asx_question *q = asx_bank_find(r->bank, ids[i]);
        if (!q || !r->q[q->index].applicable)
            continue;
        const asx_answer *a = &r->answers->a[q->index];
        if (!a->present)
            continue;
        if (a->comment && *a->comment &&
            !jfact_add(j, q, "事業者の説明 (利用規約等)", "Vendor's statement on its terms", asx_strdup(a->comment),
                       asx_strdup(a->comment)))
            return false;
        if (a->nevidence) {
            asx_buf ja = {0}, en = {0};
            for (size_t e = 0; e < a->nevidence; e++) {
                asx_buf_addf(&ja, "%s%s", e ? "、" : "", a->evidence[e]);
                asx_buf_addf(&en, "%s%s", e ? "; " : "", a->evidence[e]);
            }
            if (!jfact_add(j, q, "事業者が示した利用規約等", "Terms the vendor submitted", asx_buf_take(&ja),
                           asx_buf_take(&en)))
                return false;
        }
    }
    return true;
}

/* Whether question id is answered (and applies) with countries or a country all "JP"; *seen
 * tells whether it was answered at all. */
static bool only_japan(const asx_result *r, const char *id, bool *seen)
{
    const asx_question *q = asx_bank_find(r->bank, id);
    *seen = false;
    if (!q || !r->q[q->index].applicable)
        return true;
    const asx_answer *a = &r->answers->a[q->index];
    if (!a->present || a->na)
        return true;
    *seen = true;
    if (q->type == ASX_Q_COUNTRY)
        return a->str && strcmp(a->str, "JP") == 0;
    if (q->type != ASX_Q_COUNTRIES || !a->nstrs)
        return false;
    for (size_t i = 0; i < a->nstrs; i++)
        if (strcmp(a->strs[i], "JP") != 0)
            return false;
    return true;
}

static bool yes_answer(const asx_result *r, const char *id, asx_yesno want)
{
    const asx_question *q = asx_bank_find(r->bank, id);
    if (!q || q->type != ASX_Q_YESNO || !r->q[q->index].applicable)
        return false;
    const asx_answer *a = &r->answers->a[q->index];
    return a->present && !a->na && a->yn == want;
}

/* 11-2(2)⑦: every place the data is kept or handled, the governing law and the court in Japan,
 * the vendor in Japan and no exposure to foreign disclosure orders: no foreign law applies. */
static bool suggest_foreign_law(asx_result *r, asx_result_judgment *j)
{
    static const char *const places[] = {"loc.storage_countries", "loc.processing_countries",
                                         "bak.location_countries", "law.governing_law", "law.jurisdiction"};
    bool all = true, any_place = false, law = false;
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        bool seen;
        if (!only_japan(r, places[i], &seen))
            all = false;
        if (seen && i == 0)
            any_place = true;
        if (seen && i == 3)
            law = true;
    }
    const char *vc = r->answers->vendor_country;
    if (!all || !any_place || !law || !vc || strcmp(vc, "JP") != 0)
        return true;
    const char **names = NULL, **countries = NULL;
    size_t n = asx_answers_subcontractors(r->answers, &names, &countries, NULL);
    for (size_t i = 0; i < n && all; i++)
        all = countries[i] && strcmp(countries[i], "JP") == 0; /* a subcontractor abroad handles data there */
    free(names);
    free(countries);
    if (!all)
        return true;
    if (!yes_answer(r, "law.foreign_access_exposure", ASX_YN_NO) && asx_bank_find(r->bank, "law.foreign_access_exposure"))
        return true;
    j->has_suggestion = true;
    j->suggest_yes = true;
    j->suggest_ja = asx_strdup("保管・処理の場所、準拠法、裁判管轄、事業者の所在国がいずれも国内であり、外国法令に基づく開示の強制もないと回答されている。国内法以外の法令が適用されるリスクは認められない");
    j->suggest_en = asx_strdup("The places of storage and processing, the governing law, the court and the vendor are all in Japan, and no foreign law can compel disclosure: no risk of laws other than Japanese law applying is seen");
    return j->suggest_ja && j->suggest_en;
}

/* 11-2(2)⑪: an ISMAP registration is the objective basis the officer can check on the register. */
static bool suggest_reliability(asx_result *r, asx_result_judgment *j)
{
    if (!yes_answer(r, "cert.ismap", ASX_YN_YES))
        return true;
    const char *number = NULL;
    const asx_question *q = asx_bank_find(r->bank, "cert.certificates");
    if (q && q->type == ASX_Q_LIST && r->q[q->index].applicable) {
        const asx_answer *a = &r->answers->a[q->index];
        size_t fs = q->nfields, fn = q->nfields;
        for (size_t f = 0; f < q->nfields; f++) {
            if (strcmp(q->fields[f].key, "scheme") == 0)
                fs = f;
            else if (strcmp(q->fields[f].key, "number") == 0)
                fn = f;
        }
        for (size_t i = 0; a->present && !a->na && fs < q->nfields && fn < q->nfields && i < a->nitems && !number; i++) {
            const char *scheme = a->items[i].values[fs];
            if (scheme && strncmp(scheme, "ISMAP", 5) == 0 && a->items[i].values[fn] && *a->items[i].values[fn])
                number = a->items[i].values[fn];
        }
    }
    j->has_suggestion = true;
    j->suggest_yes = true;
    if (number) {
        j->suggest_basis = asx_strdupf("ISMAP %s", number);
        j->suggest_ja = asx_strdupf("ISMAP クラウドサービスリストへの登録 (%s) を客観的な根拠とする。登録簿で登録を確認した日を記録すること", number);
        j->suggest_en = asx_strdupf("The registration on the ISMAP cloud service list (%s) is the objective basis; record the day it was checked on the register", number);
    } else {
        j->suggest_basis = asx_strdup("ISMAP");
        j->suggest_ja = asx_strdup("ISMAP クラウドサービスリストへの登録を客観的な根拠とする (登録番号の回答なし: 登録簿で確認すること)");
        j->suggest_en = asx_strdup("The registration on the ISMAP cloud service list is the objective basis (no number given: check it on the register)");
    }
    return j->suggest_basis && j->suggest_ja && j->suggest_en;
}

bool asx_result_set_judgment_facts(asx_result *r)
{
    static const char *const law_ids[] = {"loc.storage_countries", "loc.processing_countries", "bak.location_countries",
                                          "law.governing_law", "law.jurisdiction", "law.foreign_access_exposure", NULL};
    static const char *const rel_ids[] = {"cert.ismap", "cert.iso27001", "cert.iso27017", "cert.third_party_report",
                                          "cert.privacy_mark", "cert.certificates", "cert.expiry",
                                          "audit.accepts_audit", "audit.compliance_report", NULL};
    static const char *const sub_ids[] = {"sub.prior_approval", "sub.flowdown", "sub.oversight", NULL};
    static const char *const terms_ids[] = {"law.terms_negotiable", "law.terms_published", "law.terms_acceptable",
                                            "law.terms_change_notice", "law.governing_law", "law.jurisdiction", NULL};
    static const char *const spec_ids[] = {"org.spec_compliance", NULL};
    for (size_t i = 0; i < r->njudgments; i++) {
        asx_result_judgment *j = &r->judgments[i];
        bool ok = true;
        switch (j->key) {
        case ASX_JUDGE_FOREIGN_LAW_RISK: {
            const char *vc = r->answers->vendor_country;
            ok = jfact_add(j, NULL, "事業者の所在国", "Vendor's country",
                           vc ? asx_strdupf("%s (%s)", asx_country_name(vc, ASX_LANG_JA), vc) : asx_strdup("(未回答)"),
                           vc ? asx_strdupf("%s (%s)", asx_country_name(vc, ASX_LANG_EN), vc) : asx_strdup("(no answer)")) &&
                 jfact_questions(r, j, law_ids) && suggest_foreign_law(r, j);
            break;
        }
        case ASX_JUDGE_SUBCONTRACTORS: {
            const char *c = j->country, *role = j->role;
            bool allowed = c && asx_strlist_has(&r->policy->processing, c);
            ok = jfact_add(j, NULL, "再委託先の所在国", "Subcontractor's country",
                           c ? asx_strdupf("%s (%s)%s", asx_country_name(c, ASX_LANG_JA), c,
                                           allowed ? "" : "、許容する処理国の外")
                             : asx_strdup("(未記載)"),
                           c ? asx_strdupf("%s (%s)%s", asx_country_name(c, ASX_LANG_EN), c,
                                           allowed ? "" : ", outside the allowed processing countries")
                             : asx_strdup("(not given)")) &&
                 jfact_add(j, NULL, "再委託先の役割", "Subcontractor's role", asx_strdup(role ? role : "(未記載)"),
                           asx_strdup(role ? role : "(not given)")) &&
                 jfact_questions(r, j, sub_ids);
            break;
        }
        case ASX_JUDGE_RELIABILITY: ok = jfact_questions(r, j, rel_ids) && suggest_reliability(r, j); break;
        case ASX_JUDGE_TERMS: ok = jfact_questions(r, j, terms_ids) && jfact_terms_offered(r, j); break;
        case ASX_JUDGE_SPEC_COMPLIANCE: ok = jfact_questions(r, j, spec_ids); break;
        }
        if (!ok)
            return false;
    }
    return true;
}

