/* review.c - loading and checking the officer's review (assess-review/1, SPEC v3 §8.1). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/json.h"
#include "asx/review.h"
#include "asx/text.h"
#include "asx/util.h"

const char *asx_judgment_key_name(asx_judgment_key k)
{
    switch (k) {
    case ASX_JUDGE_FOREIGN_LAW_RISK: return "foreign_law_risk";
    case ASX_JUDGE_SUBCONTRACTORS: return "subcontractors";
    case ASX_JUDGE_RELIABILITY: return "reliability";
    case ASX_JUDGE_TERMS: return "terms";
    case ASX_JUDGE_SPEC_COMPLIANCE: return "spec_compliance";
    }
    return "";
}

const char *asx_judgment_key_label(asx_judgment_key k, asx_lang l)
{
    switch (k) {
    case ASX_JUDGE_FOREIGN_LAW_RISK: return ASX_TR(l, "国内法以外の法令が適用されるリスクの評価", "Risk of foreign law applying");
    case ASX_JUDGE_SUBCONTRACTORS: return ASX_TR(l, "再委託の承認の可否", "Approval of subcontracting");
    case ASX_JUDGE_RELIABILITY: return ASX_TR(l, "外部サービス提供者の信頼性", "Reliability of the provider");
    case ASX_JUDGE_TERMS: return ASX_TR(l, "約款・規約の受容可否", "Acceptability of non-negotiable terms");
    case ASX_JUDGE_SPEC_COMPLIANCE: return ASX_TR(l, "調達仕様への適合の確認", "Compliance with the procurement spec");
    }
    return "";
}

const char *asx_judgment_key_clause(asx_judgment_key k)
{
    switch (k) {
    case ASX_JUDGE_FOREIGN_LAW_RISK: return "11-2(2)⑦";
    case ASX_JUDGE_SUBCONTRACTORS: return "11-2(2)⑧";
    case ASX_JUDGE_RELIABILITY: return "11-2(2)⑪";
    case ASX_JUDGE_TERMS: return "11-2(2)⑥";
    case ASX_JUDGE_SPEC_COMPLIANCE: return "11-2(3)②";
    }
    return "";
}

const char *asx_judgment_clause(asx_judgment_key k, asx_bank_kind kind)
{
    if (k == ASX_JUDGE_SUBCONTRACTORS && kind == ASX_BANK_OUTSOURCING)
        return "11-1(2)⑧";
    if (k == ASX_JUDGE_TERMS && kind == ASX_BANK_ON_TERMS)
        return "11-3(2)①";
    return asx_judgment_key_clause(k);
}

const char *asx_judgment_key_by(asx_judgment_key k, asx_bank_kind kind, asx_lang l)
{
    bool outsourcing = kind == ASX_BANK_OUTSOURCING;
    bool light = kind == ASX_BANK_ON_TERMS;
    switch (k) {
    case ASX_JUDGE_RELIABILITY: return ASX_TR(l, "統括情報セキュリティ責任者", "Chief information security officer");
    case ASX_JUDGE_SUBCONTRACTORS:
        return outsourcing ? ASX_TR(l, "情報システム管理者", "Information system manager")
                           : ASX_TR(l, "情報セキュリティ責任者", "Information security officer");
    case ASX_JUDGE_TERMS:
        /* 11-3(2)①: the official who applies confirms the terms' risk is acceptable */
        return light ? ASX_TR(l, "職員等 (利用申請者)", "The applying official")
                     : ASX_TR(l, "情報セキュリティ責任者", "Information security officer");
    case ASX_JUDGE_FOREIGN_LAW_RISK:
    case ASX_JUDGE_SPEC_COMPLIANCE: return ASX_TR(l, "情報セキュリティ責任者", "Information security officer");
    }
    return "";
}

const char *asx_judgment_decision_label(asx_judgment_key k, bool yes, asx_lang l)
{
    switch (k) {
    case ASX_JUDGE_FOREIGN_LAW_RISK:
    case ASX_JUDGE_TERMS:
        return yes ? ASX_TR(l, "受容する", "accepted") : ASX_TR(l, "受容しない", "not accepted");
    case ASX_JUDGE_SUBCONTRACTORS:
        return yes ? ASX_TR(l, "承認する", "approved") : ASX_TR(l, "承認しない", "refused");
    case ASX_JUDGE_RELIABILITY:
        return yes ? ASX_TR(l, "十分", "sufficient") : ASX_TR(l, "不十分", "insufficient");
    case ASX_JUDGE_SPEC_COMPLIANCE:
        return yes ? ASX_TR(l, "適合を確認した", "confirmed") : ASX_TR(l, "適合を確認できない", "not confirmed");
    }
    return "";
}

void asx_judgment_decision_words(asx_judgment_key k, const char *w[2])
{
    switch (k) {
    case ASX_JUDGE_FOREIGN_LAW_RISK:
    case ASX_JUDGE_TERMS: w[0] = "accept", w[1] = "reject"; return;
    case ASX_JUDGE_SUBCONTRACTORS: w[0] = "approve", w[1] = "refuse"; return;
    case ASX_JUDGE_RELIABILITY: w[0] = "sufficient", w[1] = "insufficient"; return;
    case ASX_JUDGE_SPEC_COMPLIANCE: w[0] = "confirmed", w[1] = "not_confirmed"; return;
    }
    w[0] = w[1] = "";
}

static void judgment_clear(asx_judgment *j)
{
    free(j->decision);
    free(j->name);
    free(j->reason);
    asx_strv_free(j->basis, j->nbasis);
    free(j->version);
    free(j->by);
}

void asx_review_free(asx_review *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++) {
        if (r->made[k])
            judgment_clear(r->made[k]);
        free(r->made[k]);
    }
    for (size_t i = 0; i < r->nsubs; i++)
        judgment_clear(&r->subs[i]);
    free(r->subs);
    for (size_t i = 0; i < r->noverrides; i++) {
        free(r->overrides[i].reason);
        free(r->overrides[i].by);
        free(r->overrides[i].question);
    }
    free(r->overrides);
    free(r->file);
    free(r);
}

size_t asx_answers_subcontractors(const asx_answers *a, const char ***names, const char ***countries,
                                  const char ***roles)
{
    *names = NULL;
    if (countries)
        *countries = NULL;
    if (roles)
        *roles = NULL;
    const asx_question *q = a->a ? asx_bank_find(a->bank, "sub.list") : NULL;
    if (!q || q->type != ASX_Q_LIST)
        return 0;
    const asx_answer *x = &a->a[q->index];
    if (!x->present || x->na || !x->nitems || !asx_question_applies(q, a))
        return 0;
    size_t fn = q->nfields, fc = q->nfields, fr = q->nfields;
    for (size_t f = 0; f < q->nfields; f++) {
        if (strcmp(q->fields[f].key, "name") == 0)
            fn = f;
        else if (strcmp(q->fields[f].key, "country") == 0)
            fc = f;
        else if (strcmp(q->fields[f].key, "role") == 0)
            fr = f;
    }
    if (fn == q->nfields)
        return 0;
    const char **n = calloc(x->nitems, sizeof *n);
    const char **c = countries ? calloc(x->nitems, sizeof *c) : NULL;
    const char **r = roles ? calloc(x->nitems, sizeof *r) : NULL;
    if (!n || (countries && !c) || (roles && !r)) {
        free(n);
        free(c);
        free(r);
        return 0;
    }
    for (size_t i = 0; i < x->nitems; i++) {
        n[i] = x->items[i].values[fn] ? x->items[i].values[fn] : "";
        if (c)
            c[i] = fc < q->nfields ? x->items[i].values[fc] : NULL;
        if (r)
            r[i] = fr < q->nfields ? x->items[i].values[fr] : NULL;
    }
    *names = n;
    if (countries)
        *countries = c;
    if (roles)
        *roles = r;
    return x->nitems;
}

/* ---- the check (one for every reader) ---------------------------------------------------- */

const char *asx_review_member_name(unsigned member)
{
    switch (member) {
    case ASX_RV_M_DECISION: return "decision";
    case ASX_RV_M_BY: return "by";
    case ASX_RV_M_DATE: return "date";
    case ASX_RV_M_REASON: return "reason";
    case ASX_RV_M_NAME: return "name";
    case ASX_RV_M_ESSENTIAL: return "essential";
    case ASX_RV_M_VERSION: return "version";
    case ASX_RV_M_BASIS: return "basis";
    case ASX_RV_M_QUESTION: return "question";
    case ASX_RV_M_SEVERITY: return "severity";
    }
    return "";
}

/* "judgments.reliability", "judgments.subcontractors[0]", "overrides[1]" */
static void where_of(const asx_review_place *at, char *buf, size_t size)
{
    if (at->j && at->j->key == ASX_JUDGE_SUBCONTRACTORS)
        snprintf(buf, size, "judgments.subcontractors[%d]", at->j->index);
    else if (at->j)
        snprintf(buf, size, "judgments.%s", asx_judgment_key_name(at->j->key));
    else if (at->o)
        snprintf(buf, size, "overrides[%d]", at->o->index);
    else
        snprintf(buf, size, "answers_sha256");
}

char *asx_review_place_path(const asx_review_place *at)
{
    char w[64];
    where_of(at, w, sizeof w);
    return at->member ? asx_strdupf("%s.%s", w, asx_review_member_name(at->member)) : asx_strdup(w);
}

typedef struct {
    asx_review *r;
    const asx_answers *a;
    const asx_review_reporter *rep;
    size_t n;
} checker;

static void report(checker *C, const asx_judgment *j, const asx_override *o, unsigned member, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void report(checker *C, const asx_judgment *j, const asx_override *o, unsigned member, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = asx_vstrdupf(fmt, ap);
    va_end(ap);
    C->n++;
    asx_review_place at = {j, o, member};
    C->rep->report(C->rep->ud, &at, msg ? msg : "?");
    free(msg);
}

/* A string value as the loader describes what it got: 文字列 "…" (clipped). */
static const char *got_str(const char *s, char *buf, size_t size)
{
    cJSON tmp = {.type = cJSON_String, .valuestring = (char *)s};
    asx_json_describe(&tmp, buf, size);
    return buf;
}

/* A name (one line) or a text, by the rule of names and texts; `required`: present and not empty.
 * reported: the reader has refused its form already. */
static void check_text(checker *C, const asx_judgment *j, const asx_override *o, unsigned member,
                       const char *v, bool required, bool multiline, unsigned reported)
{
    if (reported & member)
        return;
    char where[64];
    asx_review_place at = {j, o, 0};
    where_of(&at, where, sizeof where);
    const char *key = asx_review_member_name(member);
    if (!v) {
        if (required)
            report(C, j, o, member, ASX_L("%s: \"%s\" が必要です (判断した人・日付は必ず記録します)",
                                     "%s: \"%s\" is required (every judgment records who made it and when)"),
                   where, key);
        return;
    }
    asx_buf why = {0};
    if (!asx_text_ok(v, multiline, &why))
        report(C, j, o, member, "%s.%s: %s", where, key, asx_buf_str(&why));
    else if (required && !*v)
        report(C, j, o, member, ASX_L("%s.%s が空です", "%s.%s is empty"), where, key);
    asx_buf_free(&why);
}

static void check_date(checker *C, const asx_judgment *j, const asx_override *o, bool has, unsigned reported)
{
    if (has || (reported & ASX_RV_M_DATE))
        return;
    char where[64];
    asx_review_place at = {j, o, 0};
    where_of(&at, where, sizeof where);
    report(C, j, o, ASX_RV_M_DATE, ASX_L("%s: \"date\" が必要です (判断した人・日付は必ず記録します)",
                             "%s: \"date\" is required (every judgment records who made it and when)"),
           where);
}

static void check_judgment(checker *C, asx_judgment *j)
{
    char where[64];
    asx_review_place at = {j, NULL, 0};
    where_of(&at, where, sizeof where);
    const char *w[2];
    asx_judgment_decision_words(j->key, w);
    if (!(j->reported & ASX_RV_M_DECISION)) {
        if (!j->decision) {
            report(C, j, NULL, ASX_RV_M_DECISION, ASX_L("%s: \"decision\" (%s か %s) が必要です", "%s: \"decision\" (%s or %s) is required"),
                   where, w[0], w[1]);
        } else if (strcmp(j->decision, w[0]) != 0 && strcmp(j->decision, w[1]) != 0) {
            char g[96];
            report(C, j, NULL, ASX_RV_M_DECISION, ASX_L("%s.decision は %s か %s です (値: %s)", "%s.decision must be %s or %s, not %s"),
                   where, w[0], w[1], got_str(j->decision, g, sizeof g));
        } else {
            j->yes = strcmp(j->decision, w[0]) == 0;
        }
    }
    check_text(C, j, NULL, ASX_RV_M_BY, j->by, true, false, j->reported);
    check_date(C, j, NULL, j->has_date, j->reported);
    check_text(C, j, NULL, ASX_RV_M_REASON, j->reason, false, true, j->reported);
    if (j->key == ASX_JUDGE_TERMS)
        check_text(C, j, NULL, ASX_RV_M_VERSION, j->version, false, false, j->reported);
    for (size_t i = 0; i < j->nbasis; i++)
        check_text(C, j, NULL, ASX_RV_M_BASIS, j->basis[i], false, true, j->reported);
    if (j->key == ASX_JUDGE_SUBCONTRACTORS && !j->has_essential && !(j->reported & ASX_RV_M_ESSENTIAL) &&
        j->decision && strcmp(j->decision, w[1]) == 0)
        /* SPEC §8.1: a refusal is a condition or a rejection, depending on whether the
         * service can do without the subcontractor's role; only the officer knows that. */
        report(C, j, NULL, ASX_RV_M_ESSENTIAL, ASX_L("%s: 再委託を承認しない場合は \"essential\" (true: この再委託先の役割なしにはサービスが成り立たない) が必要です",
                                    "%s: a refusal needs \"essential\" (true: the service cannot do without this subcontractor's role)"),
               where);
}

static void check_subs(checker *C)
{
    const char **names = NULL;
    /* answers without their values (a review sheet read without them): the names wait */
    bool have = C->a->a != NULL;
    size_t nnames = have ? asx_answers_subcontractors(C->a, &names, NULL, NULL) : 0;
    for (size_t i = 0; i < C->r->nsubs; i++) {
        asx_judgment *j = &C->r->subs[i];
        char where[64];
        asx_review_place at = {j, NULL, 0};
        where_of(&at, where, sizeof where);
        check_text(C, j, NULL, ASX_RV_M_NAME, j->name, true, false, j->reported);
        check_judgment(C, j);
        if (!j->name || !*j->name)
            continue;
        bool listed = !have;
        for (size_t k = 0; k < nnames && !listed; k++)
            listed = strcmp(names[k], j->name) == 0;
        if (!listed) {
            asx_buf all = {0};
            for (size_t k = 0; k < nnames; k++)
                asx_buf_addf(&all, "%s%s", k ? ", " : "", names[k]);
            report(C, j, NULL, ASX_RV_M_NAME,
                   ASX_L("%s.name: 「%s」は回答の再委託先 (sub.list) にありません (記載: %s)",
                         "%s.name: \"%s\" is not a subcontractor listed in the answers (sub.list: %s)"),
                   where, j->name, nnames ? asx_buf_str(&all) : ASX_L("なし", "none"));
            asx_buf_free(&all);
            continue;
        }
        for (size_t k = 0; k < i; k++)
            if (C->r->subs[k].name && strcmp(C->r->subs[k].name, j->name) == 0) {
                report(C, j, NULL, 0, ASX_L("%s: 再委託先「%s」の判断が二つあります", "%s: a second decision on subcontractor \"%s\""),
                       where, j->name);
                break;
            }
    }
    free(names);
}

static void check_override(checker *C, asx_override *o, size_t i)
{
    char where[48];
    asx_review_place at = {NULL, o, 0};
    where_of(&at, where, sizeof where);
    check_text(C, NULL, o, ASX_RV_M_BY, o->by, true, false, o->reported);
    check_date(C, NULL, o, o->has_date, o->reported);
    check_text(C, NULL, o, ASX_RV_M_REASON, o->reason, true, true, o->reported);
    o->q = NULL;
    if (o->reported & ASX_RV_M_QUESTION)
        return;
    if (!o->question) {
        report(C, NULL, o, ASX_RV_M_QUESTION, ASX_L("%s: \"question\" (質問 ID) が必要です", "%s: \"question\" (a question id) is required"), where);
        return;
    }
    const asx_question *q = C->a->bank ? asx_bank_find(C->a->bank, o->question) : NULL;
    if (!q) {
        report(C, NULL, o, ASX_RV_M_QUESTION, ASX_L("%s.question: 質問票 %s に質問「%s」はありません", "%s.question: bank %s has no question \"%s\""),
               where, C->a->bank ? C->a->bank->id : "-", o->question);
        return;
    }
    switch (q->basis) {
    case ASX_BASIS_REFERENCE:
    case ASX_BASIS_ORG:
    case ASX_BASIS_AS_NEEDED: break;
    case ASX_BASIS_MUST:
    case ASX_BASIS_NONE:
        /* SPEC §8.1: only where the words leave the weight to the organisation */
        report(C, NULL, o, ASX_RV_M_QUESTION,
               ASX_L("%s.question: %s の根拠は「%s」(条項の文言が必須とするもの) で、審査で重大度を変えることはできません (%s)",
                     "%s.question: %s rests on \"%s\" (the clause's words make it a requirement); a review cannot change its severity (%s)"),
               where, q->id, q->basis == ASX_BASIS_MUST ? "must" : "v1", q->clauses && q->nclauses ? q->clauses[0] : "");
        return;
    }
    for (size_t k = 0; k < i; k++)
        if (C->r->overrides[k].q == q) {
            report(C, NULL, o, ASX_RV_M_QUESTION, ASX_L("%s.question: %s の変更が二つあります", "%s.question: a second override of %s"), where, q->id);
            return;
        }
    o->q = q;
}

size_t asx_review_check(asx_review *r, const asx_answers *a, const asx_review_reporter *rep)
{
    checker Cv = {r, a, rep, 0}, *C = &Cv;
    if (strcmp(r->answers_sha256, a->sha256) != 0) {
        report(C, NULL, NULL, 0,
               ASX_L("この審査記録は別の回答ファイルに対するものです (answers_sha256 %.12s…、%s は %.12s…)。回答が変わったら審査をやり直してください",
                     "this review judged other answers (answers_sha256 %.12s…, %s is %.12s…): answers that changed must be reviewed again"),
               r->answers_sha256, a->file ? a->file : "-", a->sha256);
        return C->n;
    }
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++)
        if (r->made[k])
            check_judgment(C, r->made[k]);
    check_subs(C);
    for (size_t i = 0; i < r->noverrides; i++)
        check_override(C, &r->overrides[i], i);
    return C->n;
}

/* ---- the JSON reader -------------------------------------------------------------------- */

typedef struct {
    const asx_json *j;
    asx_diags *d;
    asx_review *r;
    const asx_answers *a;
} loader;

#define BAD(node, ...) asx_json_errf(L->j, L->d, (node), __VA_ARGS__)

/* A string member as written (its rules are asx_review_check's); a value of another type is
 * refused here and marked in *reported. */
static char *get_string(loader *L, const cJSON *obj, const char *key, unsigned member, unsigned *reported,
                        const char *where)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v)) {
        char g[96];
        asx_json_describe(v, g, sizeof g);
        BAD(v, ASX_L("%s.%s: 文字列が必要です (値: %s)", "%s.%s: expected a string, got %s"), where, key, g);
        *reported |= member;
        return NULL;
    }
    return asx_strdup(v->valuestring);
}

static void get_date(loader *L, const cJSON *obj, const char *where, asx_date *out, bool *has, unsigned *reported)
{
    const cJSON *v = asx_json_get(obj, "date");
    if (!v)
        return;
    if (!cJSON_IsString(v) || !asx_date_parse(v->valuestring, out)) {
        char g[96];
        asx_json_describe(v, g, sizeof g);
        BAD(v, ASX_L("%s.date: YYYY-MM-DD の実在する日付が必要です (値: %s)",
                     "%s.date: expected an existing date YYYY-MM-DD, got %s"),
            where, g);
        *reported |= ASX_RV_M_DATE;
        return;
    }
    *has = true;
}

/* Fill j from obj: its members as written. */
static void load_judgment(loader *L, asx_judgment_key k, const cJSON *obj, const char *where, asx_judgment *j)
{
    static const char *const keys_common[] = {"decision", "reason", "by", "date", NULL};
    static const char *const keys_rel[] = {"decision", "reason", "basis", "by", "date", NULL};
    static const char *const keys_terms[] = {"decision", "reason", "version", "by", "date", NULL};
    static const char *const keys_sub[] = {"name", "decision", "essential", "reason", "by", "date", NULL};
    const char *const *keys = k == ASX_JUDGE_RELIABILITY ? keys_rel
                              : k == ASX_JUDGE_TERMS     ? keys_terms
                              : k == ASX_JUDGE_SUBCONTRACTORS ? keys_sub
                                                              : keys_common;
    j->key = k;
    asx_json_pos(L->j, obj, &j->line, &j->col);
    asx_json_check_keys(L->j, L->d, obj, keys, where);
    const cJSON *dv = asx_json_get(obj, "decision");
    if (dv && !cJSON_IsString(dv)) {
        const char *w[2];
        asx_judgment_decision_words(k, w);
        char g[96];
        asx_json_describe(dv, g, sizeof g);
        BAD(dv, ASX_L("%s.decision は %s か %s です (値: %s)", "%s.decision must be %s or %s, not %s"), where, w[0], w[1], g);
        j->reported |= ASX_RV_M_DECISION;
    } else if (dv) {
        j->decision = asx_strdup(dv->valuestring);
    }
    j->by = get_string(L, obj, "by", ASX_RV_M_BY, &j->reported, where);
    get_date(L, obj, where, &j->date, &j->has_date, &j->reported);
    j->reason = get_string(L, obj, "reason", ASX_RV_M_REASON, &j->reported, where);
    if (k == ASX_JUDGE_TERMS)
        j->version = get_string(L, obj, "version", ASX_RV_M_VERSION, &j->reported, where);
    if (k == ASX_JUDGE_RELIABILITY) {
        const cJSON *b = asx_json_get(obj, "basis");
        if (b && !cJSON_IsArray(b)) {
            BAD(b, ASX_L("%s.basis: 文字列の配列が必要です", "%s.basis: expected an array of strings"), where);
        } else if (b) {
            int n = cJSON_GetArraySize(b);
            j->basis = calloc(n ? (size_t)n : 1, sizeof *j->basis);
            const cJSON *it;
            cJSON_ArrayForEach(it, b)
            {
                if (!cJSON_IsString(it))
                    BAD(it, ASX_L("%s.basis: 文字列が必要です", "%s.basis: expected strings"), where);
                else if (j->basis)
                    j->basis[j->nbasis++] = asx_strdup(it->valuestring);
            }
        }
    }
    if (k == ASX_JUDGE_SUBCONTRACTORS) {
        const cJSON *e = asx_json_get(obj, "essential");
        if (e && !cJSON_IsBool(e)) {
            BAD(e, ASX_L("%s.essential: true か false が必要です", "%s.essential: expected true or false"), where);
            j->reported |= ASX_RV_M_ESSENTIAL;
        } else if (e) {
            j->essential = cJSON_IsTrue(e);
            j->has_essential = true;
        }
    }
}

static void load_subs(loader *L, const cJSON *arr)
{
    if (!cJSON_IsArray(arr)) {
        BAD(arr, ASX_L("judgments.subcontractors: 再委託先ごとの判断の配列が必要です",
                       "judgments.subcontractors: expected an array of one decision per subcontractor"));
        return;
    }
    int n = cJSON_GetArraySize(arr);
    if (!n)
        return;
    L->r->subs = calloc((size_t)n, sizeof *L->r->subs);
    if (!L->r->subs)
        return;
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char where[64];
        snprintf(where, sizeof where, "judgments.subcontractors[%d]", i);
        if (!cJSON_IsObject(it)) {
            BAD(it, ASX_L("%s: オブジェクトが必要です", "%s: expected an object"), where);
            i++;
            continue;
        }
        asx_judgment *j = &L->r->subs[L->r->nsubs++];
        j->index = i++;
        j->name = get_string(L, it, "name", ASX_RV_M_NAME, &j->reported, where);
        load_judgment(L, ASX_JUDGE_SUBCONTRACTORS, it, where, j);
    }
}

bool asx_severity_parse(const char *s, asx_severity *out)
{
    static const asx_severity all[] = {ASX_SEV_KNOCKOUT, ASX_SEV_MAJOR, ASX_SEV_MINOR, ASX_SEV_INFO};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(s, asx_severity_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

static void load_overrides(loader *L, const cJSON *arr)
{
    static const char *const keys[] = {"question", "severity", "reason", "by", "date", NULL};
    if (!cJSON_IsArray(arr)) {
        BAD(arr, ASX_L("overrides: 配列が必要です", "overrides: expected an array"));
        return;
    }
    int n = cJSON_GetArraySize(arr);
    if (!n)
        return;
    L->r->overrides = calloc((size_t)n, sizeof *L->r->overrides);
    if (!L->r->overrides)
        return;
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char where[48];
        snprintf(where, sizeof where, "overrides[%d]", i);
        if (!cJSON_IsObject(it)) {
            BAD(it, ASX_L("%s: オブジェクトが必要です", "%s: expected an object"), where);
            i++;
            continue;
        }
        asx_json_check_keys(L->j, L->d, it, keys, where);
        asx_override *o = &L->r->overrides[L->r->noverrides++];
        o->index = i++;
        asx_json_pos(L->j, it, &o->line, &o->col);
        o->by = get_string(L, it, "by", ASX_RV_M_BY, &o->reported, where);
        get_date(L, it, where, &o->date, &o->has_date, &o->reported);
        o->reason = get_string(L, it, "reason", ASX_RV_M_REASON, &o->reported, where);
        const cJSON *sv = asx_json_get(it, "severity");
        if (!sv || !cJSON_IsString(sv) || !asx_severity_parse(sv->valuestring, &o->severity))
            BAD(sv ? sv : it, ASX_L("%s.severity は knockout, major, minor, info のいずれかです",
                                    "%s.severity must be knockout, major, minor or info"),
                where);
        const cJSON *qv = asx_json_get(it, "question");
        if (qv && !cJSON_IsString(qv)) {
            BAD(qv, ASX_L("%s: \"question\" (質問 ID) が必要です", "%s: \"question\" (a question id) is required"), where);
            o->reported |= ASX_RV_M_QUESTION;
        } else if (qv) {
            o->question = asx_strdup(qv->valuestring);
        }
    }
}

/* The node of a place: the member when it is there, else its judgment or override. */
static const cJSON *place_node(const cJSON *root, const asx_review_place *at)
{
    const cJSON *n = NULL;
    if (at->j) {
        const cJSON *js = asx_json_get(root, "judgments");
        n = asx_json_get(js, asx_judgment_key_name(at->j->key));
        if (n && at->j->key == ASX_JUDGE_SUBCONTRACTORS)
            n = cJSON_GetArrayItem(n, at->j->index);
    } else if (at->o) {
        n = cJSON_GetArrayItem(asx_json_get(root, "overrides"), at->o->index);
    } else {
        return asx_json_get(root, "answers_sha256");
    }
    if (n && at->member) {
        const cJSON *m = asx_json_get(n, asx_review_member_name(at->member));
        if (m)
            n = m;
    }
    return n ? n : root;
}

static void report_at_json(void *ud, const asx_review_place *at, const char *msg)
{
    loader *L = ud;
    BAD(place_node(asx_json_root(L->j), at), "%s", msg);
}

asx_error asx_review_load(const char *buf, size_t len, const char *file, const asx_answers *answers,
                          asx_review **out, asx_diags *d)
{
    static const char *const keys[] = {"format", "answers_sha256", "judgments", "overrides", NULL};
    static const char *const jkeys[] = {"foreign_law_risk", "subcontractors", "reliability", "terms", "spec_compliance", NULL};
    *out = NULL;
    asx_json *j = NULL;
    asx_error err = asx_json_parse(buf, len, file, &j, d);
    if (err)
        return err;
    size_t before = d->n;
    asx_review *r = calloc(1, sizeof *r);
    if (!r) {
        asx_json_free(j);
        return ASX_ERR_NOMEM;
    }
    r->file = asx_strdup(file);
    loader Lv = {j, d, r, answers}, *L = &Lv;
    const cJSON *root = asx_json_root(j);
    if (!cJSON_IsObject(root)) {
        BAD(root, ASX_L("審査記録は JSON オブジェクトです", "a review must be a JSON object"));
        goto done;
    }
    const char *format = asx_json_want_string(j, d, root, "format", true);
    if (format && strcmp(format, "assess-review/1") != 0) {
        BAD(asx_json_get(root, "format"), ASX_L("審査記録ではありません: \"format\" は \"assess-review/1\" です (\"%s\")",
                                                "not a review: \"format\" must be \"assess-review/1\", not \"%s\""), format);
        goto done;
    }
    asx_json_check_keys(j, d, root, keys, ASX_L("審査記録", "the review"));
    const char *sha = asx_json_want_string(j, d, root, "answers_sha256", true);
    if (!sha)
        goto done;
    snprintf(r->answers_sha256, sizeof r->answers_sha256, "%s", sha);
    if (strcmp(r->answers_sha256, answers->sha256) != 0) {
        /* the only problem worth reporting: the rest judged other answers */
        asx_review_check(r, answers, &(asx_review_reporter){report_at_json, L});
        goto done;
    }
    const cJSON *js = asx_json_get(root, "judgments");
    if (js && !cJSON_IsObject(js)) {
        BAD(js, ASX_L("judgments: オブジェクトが必要です", "judgments: expected an object"));
    } else if (js) {
        asx_json_check_keys(j, d, js, jkeys, "judgments");
        for (size_t k = 0; k < ASX_JUDGE_COUNT; k++) {
            const cJSON *v = asx_json_get(js, jkeys[k]);
            if (!v)
                continue;
            if (k == ASX_JUDGE_SUBCONTRACTORS) {
                load_subs(L, v);
                continue;
            }
            char where[48];
            snprintf(where, sizeof where, "judgments.%s", jkeys[k]);
            if (!cJSON_IsObject(v)) {
                BAD(v, ASX_L("%s: オブジェクトが必要です", "%s: expected an object"), where);
                continue;
            }
            r->made[k] = calloc(1, sizeof *r->made[k]);
            if (!r->made[k]) {
                err = ASX_ERR_NOMEM;
                goto done;
            }
            r->made[k]->index = -1;
            load_judgment(L, (asx_judgment_key)k, v, where, r->made[k]);
        }
    }
    const cJSON *ov = asx_json_get(root, "overrides");
    if (ov)
        load_overrides(L, ov);
    asx_review_check(r, answers, &(asx_review_reporter){report_at_json, L});
done:
    asx_json_free(j);
    if (!err && d->n > before)
        err = ASX_ERR_DATA;
    if (err) {
        asx_review_free(r);
        return err;
    }
    *out = r;
    return ASX_OK;
}

/* ---- writing ---------------------------------------------------------------------------- */

static void add_common(cJSON *o, const asx_judgment *j)
{
    cJSON_AddStringToObject(o, "decision", j->decision ? j->decision : "");
    if (j->reason)
        cJSON_AddStringToObject(o, "reason", j->reason);
    if (j->key == ASX_JUDGE_RELIABILITY && j->nbasis) {
        cJSON *b = cJSON_AddArrayToObject(o, "basis");
        for (size_t i = 0; b && i < j->nbasis; i++)
            cJSON_AddItemToArray(b, cJSON_CreateString(j->basis[i]));
    }
    if (j->key == ASX_JUDGE_TERMS && j->version)
        cJSON_AddStringToObject(o, "version", j->version);
    cJSON_AddStringToObject(o, "by", j->by ? j->by : "");
    char date[11];
    asx_date_iso(j->date, date);
    cJSON_AddStringToObject(o, "date", date);
}

char *asx_review_to_json(const asx_review *r)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "format", "assess-review/1");
    cJSON_AddStringToObject(root, "answers_sha256", r->answers_sha256);
    cJSON *js = cJSON_AddObjectToObject(root, "judgments");
    for (size_t k = 0; js && k < ASX_JUDGE_COUNT; k++) {
        if (k == ASX_JUDGE_SUBCONTRACTORS) {
            if (!r->nsubs)
                continue;
            cJSON *arr = cJSON_AddArrayToObject(js, "subcontractors");
            for (size_t i = 0; arr && i < r->nsubs; i++) {
                const asx_judgment *j = &r->subs[i];
                cJSON *o = cJSON_CreateObject();
                if (!o || !cJSON_AddItemToArray(arr, o))
                    break;
                cJSON_AddStringToObject(o, "name", j->name ? j->name : "");
                if (j->has_essential)
                    cJSON_AddBoolToObject(o, "essential", j->essential);
                add_common(o, j);
            }
            continue;
        }
        if (!r->made[k])
            continue;
        cJSON *o = cJSON_AddObjectToObject(js, asx_judgment_key_name((asx_judgment_key)k));
        if (o)
            add_common(o, r->made[k]);
    }
    if (r->noverrides) {
        cJSON *arr = cJSON_AddArrayToObject(root, "overrides");
        for (size_t i = 0; arr && i < r->noverrides; i++) {
            const asx_override *ov = &r->overrides[i];
            cJSON *o = cJSON_CreateObject();
            if (!o || !cJSON_AddItemToArray(arr, o))
                break;
            cJSON_AddStringToObject(o, "question", ov->q ? ov->q->id : ov->question ? ov->question : "");
            cJSON_AddStringToObject(o, "severity", asx_severity_name(ov->severity));
            cJSON_AddStringToObject(o, "reason", ov->reason ? ov->reason : "");
            cJSON_AddStringToObject(o, "by", ov->by ? ov->by : "");
            char date[11];
            asx_date_iso(ov->date, date);
            cJSON_AddStringToObject(o, "date", date);
        }
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

asx_error asx_review_load_file(const char *path, const asx_answers *answers, asx_review **out, asx_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    asx_error err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, d);
    if (err)
        return err;
    err = asx_review_load(buf, len, path, answers, out, d);
    free(buf);
    return err;
}

char *asx_review_beside(const char *answers_path)
{
    if (!answers_path || strcmp(answers_path, "-") == 0)
        return NULL;
    size_t n = strlen(answers_path);
    static const char *const exts[] = {".json", ".xlsx", ".ods"};
    for (size_t i = 0; i < 3; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(answers_path + n - e, exts[i]) == 0)
            return asx_strdupf("%.*s.review.json", (int)(n - e), answers_path);
    }
    return asx_strdupf("%s.review.json", answers_path);
}
