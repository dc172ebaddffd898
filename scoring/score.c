/* score.c - per-question scores, findings that cite clauses, section scores and the verdict. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/country.h"
#include "asx/score.h"
#include "asx/util.h"
#include "score_impl.h"

const char *asx_verdict_name(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED: return "approved";
    case ASX_VERDICT_CONDITIONAL: return "conditional";
    case ASX_VERDICT_REJECTED: return "rejected";
    case ASX_VERDICT_INCOMPLETE: return "incomplete";
    case ASX_VERDICT_PENDING: return "pending";
    }
    return "?";
}

const char *asx_verdict_label(asx_verdict v, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    switch (v) {
    case ASX_VERDICT_APPROVED: return en ? "Approved" : "承認";
    case ASX_VERDICT_CONDITIONAL: return en ? "Conditionally approved" : "条件付き承認";
    case ASX_VERDICT_REJECTED: return en ? "Not approved" : "不承認";
    case ASX_VERDICT_INCOMPLETE: return en ? "Incomplete (returned)" : "差戻し (回答不足)";
    case ASX_VERDICT_PENDING: return en ? "Pending (awaiting the officer's judgment)" : "審査未了 (判断待ち)";
    }
    return "?";
}

const char *asx_result_verdict_label(const asx_result *r, asx_lang l)
{
    if (r->verdict != ASX_VERDICT_INCOMPLETE || !r->ncontradictions)
        return asx_verdict_label(r->verdict, l);
    if (r->nunanswered)
        return l == ASX_LANG_EN ? "Incomplete (returned: answers missing and contradictory)"
                                : "差戻し (回答不足・回答の矛盾)";
    return l == ASX_LANG_EN ? "Incomplete (returned: contradictory answers)" : "差戻し (回答の矛盾)";
}

const char *asx_finding_msg(const asx_finding *f, asx_lang l)
{
    return l == ASX_LANG_EN ? f->msg_en : f->msg_ja;
}

const char *asx_finding_cited(const asx_finding *f, asx_lang l)
{
    const char *s = l == ASX_LANG_EN ? f->cited_en : f->cited_ja;
    return s ? s : asx_finding_msg(f, l);
}

bool asx_cite_set(asx_cite *c, const asx_policy *p, const char *clauses)
{
    *c = (asx_cite){0};
    if (!clauses)
        return true;
    c->clause = asx_strdup(clauses);
    c->clause_local = asx_policy_clauses_local(p, clauses);
    if (c->clause && c->clause_local)
        return true;
    asx_cite_free(c);
    return false;
}

void asx_cite_free(asx_cite *c)
{
    if (!c)
        return;
    free(c->clause);
    free(c->clause_local);
    *c = (asx_cite){0};
}

bool asx_cite_mapped(const asx_cite *c)
{
    return c->clause && c->clause_local && strcmp(c->clause, c->clause_local) != 0;
}

void asx_result_free(asx_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->q && i < r->bank->nquestions; i++)
        asx_cite_free(&r->q[i].cite);
    asx_cite_free(&r->bank_cite);
    asx_cite_free(&r->review_cite);
    asx_cite_free(&r->manager_cite);
    for (size_t i = 0; i < r->nfindings; i++) {
        free(r->findings[i].clause);
        free(r->findings[i].clause_local);
        free(r->findings[i].msg_ja);
        free(r->findings[i].msg_en);
        free(r->findings[i].cited_ja);
        free(r->findings[i].cited_en);
    }
    free(r->findings);
    free(r->q);
    free(r->sections);
    free(r->unanswered);
    free(r->conditions);
    for (size_t i = 0; i < r->nfacts; i++) {
        free(r->facts[i].value_ja);
        free(r->facts[i].value_en);
        free(r->facts[i].norm_ja);
        free(r->facts[i].norm_en);
    }
    free(r->facts);
    for (size_t i = 0; i < r->njudgments; i++) {
        asx_result_judgment *j = &r->judgments[i];
        for (size_t k = 0; k < j->nfacts; k++) {
            free(j->facts[k].label_ja);
            free(j->facts[k].label_en);
            free(j->facts[k].value_ja);
            free(j->facts[k].value_en);
        }
        free(j->facts);
        free(j->suggest_ja);
        free(j->suggest_en);
        free(j->suggest_basis);
    }
    free(r->judgments);
    for (size_t i = 0; r->agreed && i < r->bank->nquestions; i++) {
        free(r->agreed[i].value.ja);
        free(r->agreed[i].value.en);
    }
    free(r->agreed);
    free(r->approved_subs);
    free(r->refused_subs);
    free(r);
}

asx_contract_input asx_result_contract_input(const asx_result *r)
{
    asx_contract_input in = {.agreed = r->agreed,
                             .approved = r->approved_subs,
                             .napproved = r->napproved_subs,
                             .refused = r->refused_subs,
                             .nrefused = r->nrefused_subs};
    return in;
}

const char *asx_fact_value(const asx_fact *f, asx_lang l)
{
    return l == ASX_LANG_EN ? f->value_en : f->value_ja;
}

const char *asx_fact_norm(const asx_fact *f, asx_lang l)
{
    return l == ASX_LANG_EN ? f->norm_en : f->norm_ja;
}

asx_date asx_next_review(const asx_policy *p, asx_date d)
{
    switch (p->review_basis) {
    case ASX_REVIEW_MONTHS: return asx_date_add_months(d, p->review_interval_months);
    case ASX_REVIEW_FISCAL_YEAR: {
        int fiscal_year = d.m >= 4 ? d.y : d.y - 1; /* 年度 n runs from 1 April n to 31 March n+1 */
        return (asx_date){fiscal_year + 2, 3, 31};
    }
    }
    return d;
}

bool asx_question_threshold(const asx_question *q, const asx_policy *p, const asx_class *c, double *out)
{
    if (!q->has_threshold)
        return false;
    if (q->threshold_policy)
        return asx_policy_threshold(p, q->threshold_policy, c->a, out);
    *out = q->threshold;
    return true;
}

/* ---- building findings ------------------------------------------------------------------ */

typedef struct {
    asx_result *r;
    asx_finding *v;
    size_t n, cap;
    bool oom;
    size_t contradictions; /* comments that contradict a place answer (差戻し, SPEC v3 §8.2) */
} collector;

/* Where a message cites the standard: set_cites() makes of each message the plain one (the mark
 * dropped) and the one a contract shows (the standard named there, SPEC §8.6). Text that reaches
 * a message from a file cannot hold it: controls are refused in every text. */
#define CITE "\x01"

/* Add a finding: body_ja/body_en say what is wrong; the question's fix text and clause follow. */
static void add_finding(collector *c, const asx_question *q, asx_severity sev, const char *body_ja,
                        const char *body_en, bool with_fix)
{
    if (c->oom)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        asx_finding *nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) {
            c->oom = true;
            return;
        }
        c->v = nv;
        c->cap = cap;
    }
    asx_finding *f = &c->v[c->n];
    f->q = q;
    f->also = NULL;
    f->override = NULL;
    f->judgment = NULL;
    f->fixed = false;
    f->request = q ? &q->request : NULL;
    f->original = sev;
    f->severity = sev;
    f->clause = asx_question_clauses(q);
    f->clause_local = f->clause ? asx_policy_clauses_local(c->r->policy, f->clause) : NULL;
    const char *cl = f->clause_local ? f->clause_local : "";
    const char *fix_ja = with_fix ? q->fix.ja : NULL, *fix_en = with_fix ? q->fix.en : NULL;
    f->msg_ja = asx_strdupf("%s%s%s (" CITE "%s)", body_ja, fix_ja ? "。" : "", fix_ja ? fix_ja : "", cl);
    f->msg_en = asx_strdupf("%s%s%s (" CITE "%s)", body_en, fix_en ? ". " : "", fix_en ? fix_en : "", cl);
    f->cited_ja = f->cited_en = NULL;
    if (!f->clause || !f->clause_local || !f->msg_ja || !f->msg_en) {
        free(f->clause);
        free(f->clause_local);
        free(f->msg_ja);
        free(f->msg_en);
        c->oom = true;
        return;
    }
    c->n++;
}

/* Text of the answer in both languages (for messages). */
typedef struct {
    char *ja, *en;
} both;

static both answer_text(const asx_question *q, const asx_answer *a)
{
    both t = {asx_answer_format(q, a, ASX_LANG_JA), asx_answer_format(q, a, ASX_LANG_EN)};
    return t;
}

static void both_free(both *t)
{
    free(t->ja);
    free(t->en);
}

static void join_list(asx_buf *b, const asx_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        asx_buf_addf(b, "%s%s", i ? ", " : "", l->v[i]);
}

const asx_strlist *asx_policy_allowed_list(const asx_policy *p, asx_country_list which)
{
    switch (which) {
    case ASX_CL_NONE: return NULL;
    case ASX_CL_STORAGE: return &p->storage;
    case ASX_CL_PROCESSING: return &p->processing;
    case ASX_CL_BACKUP: return &p->backup;
    }
    return NULL;
}

/* ---- scoring each type ------------------------------------------------------------------ */

typedef struct {
    collector *c;
    const asx_result *r;
    const asx_question *q;
    const asx_answer *a;
    asx_severity sev; /* v1 banks: knockout or the question's own severity */
    bool knocked;     /* a shortfall of this answer is a knockout */
} ctx;

static asx_severity rule_severity(asx_rule r)
{
    switch (r) {
    case ASX_RULE_KNOCKOUT: return ASX_SEV_KNOCKOUT;
    case ASX_RULE_MAJOR: return ASX_SEV_MAJOR;
    case ASX_RULE_MINOR: return ASX_SEV_MINOR;
    }
    return ASX_SEV_MAJOR;
}

bool asx_question_knockout(const asx_question *q, const asx_bank *b, const asx_policy *p, int conf)
{
    switch (q->basis) {
    case ASX_BASIS_MUST:
        /* a list is never unmet outright: none given is partly met, a company abroad asks for
         * the evaluation of foreign-law risk (score_list) */
        return q->type != ASX_Q_LIST && q->knockout_from && conf >= q->knockout_from;
    case ASX_BASIS_AS_NEEDED:
        /* the organisation's own selection condition under 11-2(2)⑦, from the bank's lowest
         * level up (a stricter bank used for less keeps it major) */
        if (q->rule == ASX_QRULE_NONE)
            return false;
        return rule_severity(q->rule == ASX_QRULE_LOCATION ? p->location_rule : p->law_rule) == ASX_SEV_KNOCKOUT &&
               conf >= b->conf_min;
    case ASX_BASIS_REFERENCE:
    case ASX_BASIS_ORG:
        return false;
    case ASX_BASIS_NONE: /* 1.x banks: the bank's knockout levels */
        return q->knockout_from && conf >= q->knockout_from;
    }
    return false;
}

bool asx_judgment_always_required(const asx_bank *b, asx_judgment_key k)
{
    bool cloud = b->documents.kind == ASX_BANK_EXTERNAL_SERVICE, light = b->documents.kind == ASX_BANK_ON_TERMS;
    switch (k) {
    case ASX_JUDGE_FOREIGN_LAW_RISK:
    case ASX_JUDGE_RELIABILITY: return cloud;
    case ASX_JUDGE_TERMS: return light;
    case ASX_JUDGE_SUBCONTRACTORS:
    case ASX_JUDGE_SPEC_COMPLIANCE: return false;
    }
    return false;
}

static bool applies_to_class(const asx_question *q, asx_class c)
{
    return (!q->applies_c || c.c >= q->applies_c) && (!q->applies_i || c.i >= q->applies_i) &&
           (!q->applies_a || c.a >= q->applies_a);
}

double asx_section_points(const asx_bank *b, const asx_policy *p, asx_class cls, size_t k, bool *from_policy)
{
    bool by_policy = p && p->evaluation_points.n > 0;
    if (from_policy)
        *from_policy = by_policy;
    double v = 0;
    if (by_policy) {
        if (!asx_policy_evaluation_points(p, b->sections[k].id, &v))
            v = 0;
        return v;
    }
    for (size_t i = 0; i < b->nquestions; i++)
        if (b->questions[i].section == k && applies_to_class(&b->questions[i], cls))
            v += b->questions[i].weight;
    return v;
}

/* What a must question's words make it (SPEC v3 §8.2 labels), as its bank says (documents.must:
 * 11-2(2) makes selection conditions, 11-1(2) contract terms, 11-1(1) the selection standard);
 * any other clause is a requirement of the standard itself (対策基準の定め). */
static void must_kind(const asx_question *q, const char **ja, const char **en)
{
    if (q->must_kind) {
        *ja = q->must_kind->ja, *en = q->must_kind->en;
    } else {
        *ja = "対策基準の定め", *en = "requirement of the standard";
    }
}

/* The judgment a shortfall of q asks the officer to make and record, when the review has it:
 * the foreign-law risk of 11-2(2)⑦ for a place or law outside the policy's standard, the
 * acceptability of terms that cannot be negotiated (11-2(2)⑥(注)) for law.terms_negotiable.
 * NULL when the shortfall asks for no judgment or it is not recorded. */
static const asx_judgment *judgment_recorded(const asx_result *r, const asx_question *q)
{
    const asx_review *rv = r->review;
    if (!rv)
        return NULL;
    if (q->basis == ASX_BASIS_AS_NEEDED && (q->rule == ASX_QRULE_LOCATION || q->rule == ASX_QRULE_LAW))
        return rv->made[ASX_JUDGE_FOREIGN_LAW_RISK];
    if (strcmp(q->id, "law.terms_negotiable") == 0)
        return rv->made[ASX_JUDGE_TERMS];
    return NULL;
}

/* "<the judgment>は審査における判断のとおり「受容する」(by)": what stands in a finding
 * for the instruction to judge and record, once the judgment is recorded (caller frees). */
static char *as_judged(const asx_judgment *j, asx_lang l)
{
    if (l == ASX_LANG_JA)
        return asx_strdupf("%sは審査における判断のとおり「%s」(%s)", asx_judgment_key_label(j->key, l),
                           asx_judgment_decision_label(j->key, j->yes, l), j->by ? j->by : "");
    return asx_strdupf("%s as recorded in the review: \"%s\" (%s)", asx_judgment_key_label(j->key, l),
                       asx_judgment_decision_label(j->key, j->yes, l), j->by ? j->by : "");
}

/* A shortfall of the answer (score s, 0 = unmet, between 0 and 1 = partly met): the severity
 * follows the question's basis (SPEC v2 §4) and the message says why, in the words of the clause.
 * body_ja/body_en say what the answer is. */
static void shortfall(ctx *x, double s, const char *body_ja, const char *body_en)
{
    const asx_question *q = x->q;
    const asx_policy *p = x->r->policy;
    int conf = x->r->answers->cls.c;
    char *all = asx_question_clauses(q);
    char *clause = all ? asx_policy_clauses_local(p, all) : NULL;
    const char *c27 = asx_policy_clause_local(p, "11-2(2)⑦");
    if (!c27)
        c27 = "11-2(2)⑦";
    free(all);
    char *ja = NULL, *en = NULL;
    asx_severity sev = q->severity;
    bool with_fix = true;
    const asx_judgment *judged = judgment_recorded(x->r, q);
    switch (q->basis) {
    case ASX_BASIS_NONE:
        sev = x->sev;
        break;
    case ASX_BASIS_MUST:
        if (s <= 0 && asx_question_knockout(q, x->r->bank, p, conf)) {
            sev = ASX_SEV_KNOCKOUT;
            with_fix = false;
            /* 業務委託 (11-1) selects a contractor; the other banks approve a service's use */
            bool outsourcing = x->r->bank->documents.kind == ASX_BANK_OUTSOURCING;
            const char *kind_ja, *kind_en;
            must_kind(q, &kind_ja, &kind_en);
            ja = asx_strdupf("%s。%s「%s」(" CITE "%s) を満たさないため、%s", body_ja, kind_ja,
                             q->condition.ja ? q->condition.ja : q->label.ja, clause ? clause : "",
                             outsourcing ? "委託先として選定できない" : "利用を承認できない");
            en = asx_strdupf("%s. The %s \"%s\" (" CITE "%s) is not met, so %s", body_en, kind_en,
                             q->condition.en ? q->condition.en : q->label.en, clause ? clause : "",
                             outsourcing ? "the contractor cannot be selected" : "the service cannot be approved");
        } else {
            sev = ASX_SEV_MAJOR;
        }
        break;
    case ASX_BASIS_AS_NEEDED:
        if (q->rule != ASX_QRULE_NONE) {
            asx_rule r = q->rule == ASX_QRULE_LOCATION ? p->location_rule : p->law_rule;
            sev = rule_severity(r);
            /* a knockout from the bank's lowest level up (a stricter bank used for less) */
            if (sev == ASX_SEV_KNOCKOUT && !asx_question_knockout(q, x->r->bank, p, conf))
                sev = ASX_SEV_MAJOR;
            with_fix = false;
            if (sev == ASX_SEV_KNOCKOUT) {
                ja = asx_strdupf("%s。%sの選定条件 (" CITE "%sに基づく団体基準: %s) を満たさないため、利用を承認できない",
                                 body_ja, asx_policy_self_reference(p, ASX_LANG_JA), c27, q->rule == ASX_QRULE_LOCATION ? "情報の取扱場所" : "準拠法・裁判管轄");
                en = asx_strdupf("%s. The organisation's own selection condition (its standard under " CITE "%s on %s) is "
                                 "not met, so the service cannot be approved", body_en, c27,
                                 q->rule == ASX_QRULE_LOCATION ? "where information is handled"
                                                               : "governing law and jurisdiction");
            } else if (judged) {
                char *jja = as_judged(judged, ASX_LANG_JA), *jen = as_judged(judged, ASX_LANG_EN);
                ja = asx_strdupf("%s。%s (" CITE "%s。%sの基準 (団体基準) では%s)", body_ja, jja ? jja : "", c27,
                                 asx_policy_self_reference(p, ASX_LANG_JA), sev == ASX_SEV_MAJOR ? "重大" : "軽微");
                en = asx_strdupf("%s. %s (" CITE "%s; %s under the organisation's own standard)", body_en, jen ? jen : "",
                                 c27, sev == ASX_SEV_MAJOR ? "major" : "minor");
                free(jja);
                free(jen);
            } else {
                ja = asx_strdupf("%s。国内法以外の法令及び規制が適用されるリスクを評価し、その結果を記録したうえで利用の可否を判断すること"
                                 " (" CITE "%s。%sの基準 (団体基準) では%s)", body_ja, c27, asx_policy_self_reference(p, ASX_LANG_JA), sev == ASX_SEV_MAJOR ? "重大" : "軽微");
                en = asx_strdupf("%s. Evaluate the risk of laws and regulations other than Japanese law applying, record the "
                                 "evaluation and decide on that basis (" CITE "%s; %s under the organisation's own standard)",
                                 body_en, c27, sev == ASX_SEV_MAJOR ? "major" : "minor");
            }
        }
        break;
    case ASX_BASIS_REFERENCE:
        if (sev != ASX_SEV_INFO)
            sev = ASX_SEV_MINOR;
        break;
    case ASX_BASIS_ORG:
        /* BYOK: the organisation's own choice, minor by default (SPEC v3 §8.2) */
        sev = q->rule == ASX_QRULE_BYOK ? rule_severity(p->byok_rule) : ASX_SEV_MAJOR;
        break;
    }
    if (sev == ASX_SEV_KNOCKOUT)
        x->knocked = true;
    if (!ja && judged && with_fix) {
        /* the fix asks for the judgment the review records: say what was judged instead */
        char *jja = as_judged(judged, ASX_LANG_JA), *jen = as_judged(judged, ASX_LANG_EN);
        char *cl = clause ? clause : "";
        ja = jja ? asx_strdupf("%s。%s (" CITE "%s)", body_ja, jja, cl) : NULL;
        en = jen ? asx_strdupf("%s. %s (" CITE "%s)", body_en, jen, cl) : NULL;
        free(jja);
        free(jen);
    }
    if (ja && en) {
        /* the message is whole: no fix, the clause already named */
        if (!x->c->oom) {
            add_finding(x->c, q, sev, "", "", false);
            if (!x->c->oom) {
                asx_finding *f = &x->c->v[x->c->n - 1];
                free(f->msg_ja);
                free(f->msg_en);
                f->msg_ja = ja;
                f->msg_en = en;
                ja = en = NULL;
            }
        }
    } else {
        add_finding(x->c, q, sev, body_ja, body_en, with_fix);
    }
    free(ja);
    free(en);
    free(clause);
}

static bool storage_all_allowed(const asx_result *r);

static double score_yesno(ctx *x)
{
    const asx_question *q = x->q;
    if (x->a->yn == q->expected)
        return 1;
    /* 11-2(2)②エ asks for 「調達仕様書による施設の場所やリージョンの指定」: a provider that keeps the
     * data only in the allowed countries meets it whether or not a region can be chosen */
    if (strcmp(q->id, "loc.region_selectable") == 0 && storage_all_allowed(x->r))
        return 1;
    both t = answer_text(q, x->a);
    char *ja = asx_strdupf("%s: 回答は「%s」", q->label.ja, t.ja);
    char *en = asx_strdupf("%s: answered \"%s\"", q->label.en, t.en);
    double s = x->a->yn == ASX_YN_PARTIAL ? 0.5 : 0;
    shortfall(x, s, ja ? ja : "", en ? en : "");
    free(ja);
    free(en);
    both_free(&t);
    return s;
}

static double score_choice(ctx *x)
{
    const asx_option *o = asx_question_option(x->q, x->a->str);
    double s = o ? o->score : 0;
    if (s >= 1)
        return 1;
    /* the organisation's lowest acceptable option (団体基準), when the policy names one */
    const asx_option *min = x->q->minimum_policy
                                ? asx_question_option(x->q, asx_policy_choice_min(x->r->policy, x->q->minimum_policy))
                                : NULL;
    if (min && s >= min->score)
        return s;
    char *ja = min ? asx_strdupf("%s: 「%s」(%sの基準 (団体基準): 「%s」)", x->q->label.ja,
                                 o ? o->label.ja : x->a->str, asx_policy_self_reference(x->r->policy, ASX_LANG_JA), min->label.ja)
                   : asx_strdupf("%s: 「%s」", x->q->label.ja, o ? o->label.ja : x->a->str);
    char *en = min ? asx_strdupf("%s: \"%s\" (the organisation's own standard: \"%s\")", x->q->label.en,
                                 o ? o->label.en : x->a->str, min->label.en)
                   : asx_strdupf("%s: \"%s\"", x->q->label.en, o ? o->label.en : x->a->str);
    shortfall(x, s, ja ? ja : "", en ? en : "");
    free(ja);
    free(en);
    return s;
}

static double score_number(ctx *x)
{
    const asx_question *q = x->q;
    double t;
    if (!asx_question_threshold(q, x->r->policy, &x->r->answers->cls, &t))
        return 1;
    double v = x->a->num;
    bool ok = q->higher_better ? v >= t : v <= t;
    if (ok)
        return 1;
    bool org = q->basis == ASX_BASIS_ORG;
    char *ja = asx_strdupf("%sが%s%sを満たさない (回答 %g %s、基準 %g %s %s)", q->label.ja,
                           org ? asx_policy_self_reference(x->r->policy, ASX_LANG_JA) : "", org ? "の基準 (団体基準) " : "基準", v, q->unit.ja, t, q->unit.ja,
                           q->higher_better ? "以上" : "以下");
    char *en = asx_strdupf("%s does not meet the %srequirement (answered %g %s; required %s %g %s)", q->label.en,
                           org ? "organisation's own " : "", v, q->unit.en, q->higher_better ? "at least" : "at most",
                           t, q->unit.en);
    shortfall(x, 0, ja ? ja : "", en ? en : "");
    free(ja);
    free(en);
    return 0;
}

/* The shortfall of answers naming countries outside the policy's list: bad lists them ("US, IN"
 * or "name (US), …" for companies). Frees bad; returns the question's score. */
static double outside_allowed(ctx *x, const asx_strlist *allowed, asx_buf *bad, bool companies)
{
    if (!bad->len) {
        asx_buf_free(bad);
        return 1;
    }
    asx_buf ok = {0};
    join_list(&ok, allowed);
    const char *label_ja = x->q->label.ja, *label_en = x->q->label.en;
    const char *okc = asx_buf_str(&ok), *badc = asx_buf_str(bad);
    char *ja = companies ? asx_strdupf("%sに %s 以外の国の事業者がある: %s", label_ja, okc, badc)
                         : asx_strdupf("%sに %s 以外 (%s) が含まれる", label_ja, okc, badc);
    char *en = companies ? asx_strdupf("%s include companies outside %s: %s", label_en, okc, badc)
                         : asx_strdupf("%s include countries other than %s (%s)", label_en, okc, badc);
    double s = 0;
    if (companies && x->q->basis != ASX_BASIS_NONE) {
        /* the country of a subcontractor's company is not where the data is (11-2(2)⑦ makes the
         * evaluation of foreign-law risk mandatory, not a place): ask for that evaluation, or say
         * what the review records of it */
        const asx_judgment *judged = x->r->review ? x->r->review->made[ASX_JUDGE_FOREIGN_LAW_RISK] : NULL;
        char *jja = judged ? as_judged(judged, ASX_LANG_JA) : NULL, *jen = judged ? as_judged(judged, ASX_LANG_EN) : NULL;
        char *ja2 = jja ? asx_strdupf("%s。%s", ja ? ja : "", jja)
                        : asx_strdupf("%s。外国法令が適用されるリスクを評価し、その結果を記録すること", ja ? ja : "");
        char *en2 = jen ? asx_strdupf("%s. %s", en ? en : "", jen)
                        : asx_strdupf("%s. Evaluate the risk of foreign laws applying and record the evaluation", en ? en : "");
        free(jja);
        free(jen);
        add_finding(x->c, x->q, ASX_SEV_MINOR, ja2 ? ja2 : "", en2 ? en2 : "", false);
        free(ja2);
        free(en2);
        s = 1;
    } else {
        shortfall(x, 0, ja ? ja : "", en ? en : "");
    }
    free(ja);
    free(en);
    asx_buf_free(&ok);
    asx_buf_free(bad);
    return s;
}

static double score_countries(ctx *x)
{
    const asx_strlist *allowed = asx_policy_allowed_list(x->r->policy, x->q->policy_list);
    if (!allowed)
        return 1;
    asx_buf bad = {0};
    for (size_t i = 0; i < x->a->nstrs; i++)
        if (!asx_strlist_has(allowed, x->a->strs[i]))
            asx_buf_addf(&bad, "%s%s", bad.len ? ", " : "", x->a->strs[i]);
    return outside_allowed(x, allowed, &bad, false);
}

static double score_country(ctx *x)
{
    const asx_policy *p = x->r->policy;
    const char *want = x->q->policy_key == ASX_PK_GOVERNING_LAW ? p->governing_law
                       : x->q->policy_key == ASX_PK_JURISDICTION ? p->jurisdiction
                                                                 : NULL;
    if (!want || strcmp(want, x->a->str) == 0)
        return 1;
    bool law = x->q->policy_key == ASX_PK_GOVERNING_LAW;
    const char *want_ja = asx_country_name(want, ASX_LANG_JA), *got_ja = asx_country_name(x->a->str, ASX_LANG_JA);
    const char *want_en = asx_country_name(want, ASX_LANG_EN), *got_en = asx_country_name(x->a->str, ASX_LANG_EN);
    char *ja = law ? asx_strdupf("%sが%s法ではなく%s法 (%s)", x->q->label.ja, want_ja, got_ja, x->a->str)
                   : asx_strdupf("%sが%sではなく%s (%s)", x->q->label.ja, want_ja, got_ja, x->a->str);
    char *en = law ? asx_strdupf("%s is the law of a country other than %s: %s (%s)", x->q->label.en, want_en, got_en,
                                 x->a->str)
                   : asx_strdupf("%s is not %s but %s (%s)", x->q->label.en, want_en, got_en, x->a->str);
    shortfall(x, 0, ja ? ja : "", en ? en : "");
    free(ja);
    free(en);
    return 0;
}

/* Whether the certifications are listed one by one (cert.certificates answered with items): their
 * expiries are then checked there, and cert.expiry (the earliest of them) raises no second
 * finding about the same certificate. */
static bool certificates_listed(const asx_result *r)
{
    const asx_question *cq = asx_bank_find(r->bank, "cert.certificates");
    if (!cq || cq->type != ASX_Q_LIST)
        return false;
    const asx_answer *ca = &r->answers->a[cq->index];
    return ca->present && !ca->na && ca->nitems > 0;
}

/* Whether a certificate listed one by one had expired by the assessment date: its finding is
 * raised there (list_expiry). */
static bool listed_certificate_expired(const asx_result *r)
{
    const asx_question *cq = asx_bank_find(r->bank, "cert.certificates");
    if (!cq || cq->type != ASX_Q_LIST)
        return false;
    const asx_answer *ca = &r->answers->a[cq->index];
    for (size_t f = 0; f < cq->nfields; f++) {
        if (cq->fields[f].type != ASX_Q_DATE)
            continue;
        for (size_t i = 0; i < ca->nitems; i++) {
            asx_date dt;
            const char *v = ca->items[i].values[f];
            if (v && asx_date_parse(v, &dt) && asx_date_cmp(dt, r->answers->date) < 0)
                return true;
        }
    }
    return false;
}

static double score_date(ctx *x)
{
    if (!x->q->expiry)
        return 1;
    const asx_answers *an = x->r->answers;
    /* With the certificates listed, an expired cert.expiry is the expired certificate's: one
     * finding, there. When none of them has expired (cert.expiry names another date), the
     * shortfall gets its own finding below: every shortfall is a finding. */
    if (x->q->basis != ASX_BASIS_NONE && strcmp(x->q->id, "cert.expiry") == 0 && certificates_listed(x->r) &&
        (asx_date_cmp(x->a->date, an->date) >= 0 || listed_certificate_expired(x->r)))
        return asx_date_cmp(x->a->date, an->date) < 0 ? 0 : 1;
    /* Japanese texts give dates as Japanese documents do (令和8年11月20日 (2026年)), English ISO */
    char exp[11], on[11], next_s[11], exp_ja[64], on_ja[64], next_ja[64];
    asx_date_iso(x->a->date, exp);
    asx_date_iso(an->date, on);
    asx_date_format(x->a->date, ASX_LANG_JA, exp_ja, sizeof exp_ja);
    asx_date_format(an->date, ASX_LANG_JA, on_ja, sizeof on_ja);
    if (asx_date_cmp(x->a->date, an->date) < 0) {
        char *ja = asx_strdupf("%s (%s) は評価日の%sの時点で期限切れ", x->q->label.ja, exp_ja, on_ja);
        char *en = asx_strdupf("%s (%s) had expired by the assessment date %s", x->q->label.en, exp, on);
        if (x->q->basis == ASX_BASIS_NONE)
            add_finding(x->c, x->q, x->sev == ASX_SEV_KNOCKOUT ? x->sev : ASX_SEV_MAJOR, ja ? ja : "", en ? en : "", true);
        else
            shortfall(x, 0, ja ? ja : "", en ? en : "");
        free(ja);
        free(en);
        return 0;
    }
    asx_date next = asx_next_review(x->r->policy, x->r->decided_on); /* the result's next review */
    if (asx_date_cmp(x->a->date, next) < 0) {
        asx_date_iso(next, next_s);
        asx_date_format(next, ASX_LANG_JA, next_ja, sizeof next_ja);
        char *ja = asx_strdupf("%s (%s) は次回見直しの%sまでに期限を迎える。更新後の証明書の提出を求めること",
                               x->q->label.ja, exp_ja, next_ja);
        char *en = asx_strdupf("%s (%s) falls before the next review (%s). Ask for the renewed certificate",
                               x->q->label.en, exp, next_s);
        add_finding(x->c, x->q, ASX_SEV_INFO, ja ? ja : "", en ? en : "", false);
        free(ja);
        free(en);
    }
    return 1;
}

/* Items of a list with `expiry` (certificates one by one): an expired item is a shortfall, one
 * expiring before the next review an info finding. Returns the share of items still valid. */
static double list_expiry(ctx *x)
{
    const asx_answers *an = x->r->answers;
    size_t total = 0, valid = 0;
    asx_date next = asx_next_review(x->r->policy, x->r->decided_on); /* the result's next review */
    for (size_t f = 0; f < x->q->nfields; f++) {
        if (x->q->fields[f].type != ASX_Q_DATE)
            continue;
        for (size_t i = 0; i < x->a->nitems; i++) {
            const char *v = x->a->items[i].values[f], *name = x->a->items[i].values[0];
            asx_date dt;
            if (!v || !asx_date_parse(v, &dt))
                continue;
            total++;
            char on[11], next_s[11], v_ja[64], on_ja[64], next_ja[64];
            asx_date_iso(an->date, on);
            asx_date_iso(next, next_s);
            asx_date_format(dt, ASX_LANG_JA, v_ja, sizeof v_ja);
            asx_date_format(an->date, ASX_LANG_JA, on_ja, sizeof on_ja);
            asx_date_format(next, ASX_LANG_JA, next_ja, sizeof next_ja);
            if (asx_date_cmp(dt, an->date) < 0) {
                char *ja = asx_strdupf("%s: %s の有効期限 (%s) は評価日の%sの時点で切れている", x->q->label.ja,
                                       name ? name : "?", v_ja, on_ja);
                char *en = asx_strdupf("%s: %s expired (%s) before the assessment date %s", x->q->label.en,
                                       name ? name : "?", v, on);
                shortfall(x, 0, ja ? ja : "", en ? en : "");
                free(ja);
                free(en);
                continue;
            }
            valid++;
            if (asx_date_cmp(dt, next) < 0) {
                char *ja = asx_strdupf("%s: %s の有効期限 (%s) は次回見直しの%sより前。更新後の証明書の提出を求めること",
                                       x->q->label.ja, name ? name : "?", v_ja, next_ja);
                char *en = asx_strdupf("%s: %s expires (%s) before the next review (%s). Ask for the renewed certificate",
                                       x->q->label.en, name ? name : "?", v, next_s);
                add_finding(x->c, x->q, ASX_SEV_INFO, ja ? ja : "", en ? en : "", false);
                free(ja);
                free(en);
            }
        }
    }
    return total ? (double)valid / (double)total : 1;
}

static double score_list(ctx *x)
{
    if (x->q->basis == ASX_BASIS_MUST && x->a->nitems == 0) {
        /* asked for the list and given none: partly met at best */
        char *ja = asx_strdupf("%s: 1 件も示されていない", x->q->label.ja);
        char *en = asx_strdupf("%s: none given", x->q->label.en);
        shortfall(x, 0.5, ja ? ja : "", en ? en : "");
        free(ja);
        free(en);
        return 0.5;
    }
    if (x->q->expiry)
        return list_expiry(x);
    const asx_strlist *allowed = asx_policy_allowed_list(x->r->policy, x->q->policy_list);
    if (!allowed)
        return 1;
    asx_buf bad = {0};
    for (size_t i = 0; i < x->a->nitems; i++) {
        const char *name = NULL;
        for (size_t f = 0; f < x->q->nfields; f++) {
            const char *v = x->a->items[i].values[f];
            if (x->q->fields[f].type == ASX_Q_TEXT && !name)
                name = v;
            if (x->q->fields[f].type == ASX_Q_COUNTRY && v && !asx_strlist_has(allowed, v))
                asx_buf_addf(&bad, "%s%s (%s)", bad.len ? ", " : "", name ? name : "?", v);
        }
    }
    return outside_allowed(x, allowed, &bad, true);
}

/* Red flags on the answer's free text: text value, comment, list item texts. 0 or -1 (limit). */
static bool has_finding(const collector *c, const asx_question *q)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].q == q)
            return true;
    return false;
}

static int check_flags(ctx *x)
{
    const asx_bank *b = x->r->bank;
    for (size_t k = 0; k < x->q->nflags; k++) {
        /* never repeat a finding already made on the question (SPEC v2 §4) */
        if (has_finding(x->c, x->q))
            return 0;
        const asx_redflag *f = &b->flags[x->q->flag_idx[k]];
        const char *texts[3] = {x->q->type == ASX_Q_TEXT ? x->a->str : NULL, x->a->comment, NULL};
        int hit = 0;
        for (size_t i = 0; !hit && i < 2; i++) {
            if (!texts[i])
                continue;
            hit = asx_redflag_match_affirmative(f, texts[i], strlen(texts[i]));
            if (hit < 0)
                return -1;
        }
        for (size_t i = 0; !hit && i < x->a->nitems; i++)
            for (size_t fi = 0; !hit && fi < x->q->nfields; fi++) {
                const char *v = x->a->items[i].values[fi];
                if (v && x->q->fields[fi].type == ASX_Q_TEXT) {
                    hit = asx_redflag_match_affirmative(f, v, strlen(v));
                    if (hit < 0)
                        return -1;
                }
            }
        if (hit && f->contradicts_place && x->q->type == ASX_Q_COUNTRIES && x->q->policy_list != ASX_CL_NONE) {
            /* SPEC v3 §8.2: the answer keeps the data in the allowed countries (it has no finding)
             * while its comment states handling abroad: the answers contradict each other */
            both t = answer_text(x->q, x->a);
            char *ja = asx_strdupf("回答の矛盾: %s の回答は「%s」だが、コメント「%s」は国外での処理・アクセス・保守を述べている。"
                                   "どちらが正しいか確認し、回答の訂正を求めること",
                                   x->q->label.ja, t.ja ? t.ja : "", x->a->comment ? x->a->comment : "");
            char *en = asx_strdupf("Contradictory answers: %s answered \"%s\", but the comment \"%s\" states processing, "
                                   "access or maintenance abroad. Ask the vendor which is right and to correct the answers",
                                   x->q->label.en, t.en ? t.en : "", x->a->comment ? x->a->comment : "");
            add_finding(x->c, x->q, ASX_SEV_MAJOR, ja ? ja : "", en ? en : "", false);
            x->c->contradictions++;
            free(ja);
            free(en);
            both_free(&t);
        } else if (hit) {
            char *ja = asx_strdupf("%s: 要確認: %s", x->q->label.ja, f->message.ja);
            char *en = asx_strdupf("%s: to be checked: %s", x->q->label.en, f->message.en);
            add_finding(x->c, x->q, f->severity, ja ? ja : "", en ? en : "", false);
            free(ja);
            free(en);
        }
    }
    return 0;
}

/* cert.ismap answered yes while the certificates listed show only ISMAP-LIU: ISMAP-LIU counts
 * only for a low-impact SaaS, that is 機密性2 and SaaS. True when the answer is to be held unmet. */
static bool ismap_liu_only(ctx *x)
{
    const asx_answers *an = x->r->answers;
    if (strcmp(x->q->id, "cert.ismap") != 0 || x->a->yn != ASX_YN_YES)
        return false;
    const asx_question *cq = asx_bank_find(x->r->bank, "cert.certificates");
    if (!cq || !an->a[cq->index].present || an->a[cq->index].na || !cq->nfields)
        return false;
    const asx_answer *ca = &an->a[cq->index];
    bool liu = false, full = false;
    for (size_t i = 0; i < ca->nitems; i++) {
        const char *scheme = ca->items[i].values[0];
        if (scheme && strcasecmp(scheme, "ISMAP-LIU") == 0)
            liu = true;
        else if (scheme && strcasecmp(scheme, "ISMAP") == 0)
            full = true;
    }
    bool low_impact_saas = an->cls.c == 2 && asx_service_model_bit(an->service_model) == ASX_MODEL_SAAS;
    return liu && !full && !low_impact_saas;
}

/* Every storage (and backup) country answered is allowed by the policy. */
static bool storage_all_allowed(const asx_result *r)
{
    static const char *const ids[] = {"loc.storage_countries", "bak.location_countries"};
    bool any = false;
    for (size_t k = 0; k < 2; k++) {
        const asx_question *q = asx_bank_find(r->bank, ids[k]);
        if (!q || q->type != ASX_Q_COUNTRIES)
            continue;
        const asx_answer *a = &r->answers->a[q->index];
        if (!a->present || a->na)
            continue;
        const asx_strlist *allowed = asx_policy_allowed_list(r->policy, q->policy_list);
        if (!allowed || !a->nstrs)
            return false;
        for (size_t i = 0; i < a->nstrs; i++)
            if (!asx_strlist_has(allowed, a->strs[i]))
                return false;
        any = any || k == 0;
    }
    return any;
}

/* 11-2(2)⑨⑪: 「セキュリティに係る国際規格等と同等以上の水準」 and a reliability judged
 * 「総合的・客観的に」 from audit reports and certifications. With no objective basis at all (no
 * ISMAP, no ISO/IEC 27001 or 27017, no third-party audit report) a cloud service is never
 * approved: a major finding on cert.ismap. Each certificate stays `reference` on its own. */
static void objective_basis(collector *c, asx_result *r)
{
    if (r->bank->documents.kind != ASX_BANK_EXTERNAL_SERVICE)
        return;
    static const char *const ids[] = {"cert.ismap", "cert.iso27001", "cert.iso27017", "cert.third_party_report"};
    const asx_question *first = NULL;
    for (size_t k = 0; k < 4; k++) {
        const asx_question *q = asx_bank_find(r->bank, ids[k]);
        if (!q)
            continue;
        first = first ? first : q;
        const asx_answer *a = &r->answers->a[q->index];
        if (q->type == ASX_Q_YESNO && r->q[q->index].applicable && a->present && !a->na && a->yn == ASX_YN_YES)
            return;
    }
    if (!first)
        return;
    add_finding(c, first, ASX_SEV_MAJOR,
                "客観的な根拠 (ISMAP 登録、ISO/IEC 27001・27017 の認証、第三者の監査報告書) が一つもない。"
                "信頼性を総合的・客観的に評価できないため、いずれかを提出させるまで承認できない",
                "No objective basis at all (ISMAP registration, ISO/IEC 27001 or 27017 certification, a third-party "
                "audit report): reliability cannot be judged objectively, so the service cannot be approved until one "
                "is supplied",
                false);
    if (!c->oom)
        c->v[c->n - 1].fixed = true;
}

static double score_one(ctx *x)
{
    if (ismap_liu_only(x)) {
        shortfall(x, 0, "ISMAP 登録: ISMAP-LIU のみ。ISMAP-LIU は機密性2の情報を扱う低影響の SaaS に限り認められる",
                  "ISMAP registration: ISMAP-LIU only, which counts only for a low-impact SaaS handling 機密性2 information");
        return 0;
    }
    switch (x->q->type) {
    case ASX_Q_YESNO: return score_yesno(x);
    case ASX_Q_CHOICE: return score_choice(x);
    case ASX_Q_NUMBER: return score_number(x);
    case ASX_Q_COUNTRIES: return score_countries(x);
    case ASX_Q_COUNTRY: return score_country(x);
    case ASX_Q_DATE: return score_date(x);
    case ASX_Q_TEXT: return 1;
    case ASX_Q_LIST: return score_list(x);
    }
    return 0;
}

/* Whether s contains w, ASCII letters in either case. */
static bool contains_nocase(const char *s, const char *w)
{
    size_t n = strlen(w);
    if (!n)
        return false;
    for (; *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return true;
    return false;
}

/* Whether a subcontractor's role says where it handles the data, in one of the countries the
 * answers give ("IaaS 基盤 (データは国内のみ)"): a role that names 国内 / domestic (when JP is one of
 * them) or one of those countries by name. */
static bool role_names_place(const char *role, const asx_answer *places)
{
    if (!role)
        return false;
    for (size_t i = 0; i < places->nstrs; i++) {
        const char *code = places->strs[i];
        if (strstr(role, asx_country_name(code, ASX_LANG_JA)) || contains_nocase(role, asx_country_name(code, ASX_LANG_EN)))
            return true;
        if (strcmp(code, "JP") == 0 && (strstr(role, "国内") || contains_nocase(role, "domestic")))
            return true;
    }
    return false;
}

/* SPEC v3 §8.2 (11-2(2)⑦ 「組合の情報が取り扱われる場所」, 11-2(2)⑧ 再委託): a subcontractor performs part
 * of the service on the organisation's information, so its country is a place where the
 * information is handled. One in a country the answers do not give for processing
 * (loc.processing_countries) - unless its role says it handles the data in one of them - makes
 * the answers contradict each other: 差戻し, the vendor corrects the one that is wrong (a payroll
 * keying subcontractor in Viet Nam while processing is answered JP). Returns how many. */
static size_t subcontractor_places(collector *c, const asx_result *r)
{
    const asx_question *pq = asx_bank_find(r->bank, "loc.processing_countries");
    const asx_question *sq = asx_bank_find(r->bank, "sub.list");
    if (!pq || !sq || pq->type != ASX_Q_COUNTRIES || !r->q[pq->index].applicable || !r->q[sq->index].applicable)
        return 0;
    const asx_answer *pa = &r->answers->a[pq->index];
    if (!pa->present || pa->na || !pa->nstrs)
        return 0;
    const char **names = NULL, **countries = NULL, **roles = NULL;
    size_t n = asx_answers_subcontractors(r->answers, &names, &countries, &roles), found = 0;
    char *where_ja = asx_answer_format(pq, pa, ASX_LANG_JA), *where_en = asx_answer_format(pq, pa, ASX_LANG_EN);
    for (size_t i = 0; i < n && where_ja && where_en; i++) {
        const char *cc = countries[i];
        bool listed = false;
        for (size_t k = 0; cc && k < pa->nstrs && !listed; k++)
            listed = strcmp(pa->strs[k], cc) == 0;
        if (!cc || listed || role_names_place(roles[i], pa))
            continue;
        const char *role = roles[i] && *roles[i] ? roles[i] : NULL;
        char *ja = asx_strdupf("回答の矛盾: 再委託先「%s」(%s、役割「%s」) は、%s の回答「%s」にない国で組合の情報を取り扱う (国外での処理)。"
                               "どちらが正しいか確認し、回答の訂正を求めること",
                               names[i], cc, role ? role : "未記載", pq->label.ja, where_ja);
        char *en = asx_strdupf("Contradictory answers: subcontractor \"%s\" (%s, role \"%s\") handles the organisation's information "
                               "in a country that %s does not give (\"%s\"): processing abroad. Ask the vendor which is right and to "
                               "correct the answers",
                               names[i], cc, role ? role : "not given", pq->label.en, where_en);
        size_t before = c->n;
        add_finding(c, sq, ASX_SEV_MAJOR, ja ? ja : "", en ? en : "", false);
        if (c->n > before) {
            c->v[c->n - 1].also = pq;
            found++;
        }
        free(ja);
        free(en);
    }
    free(where_ja);
    free(where_en);
    free(names);
    free(countries);
    free(roles);
    return found;
}

/* Answers that contradict each other (the bank's consistency rules): a major finding naming both,
 * on the question whose answer the rule doubts. Returns how many. */
static size_t add_contradictions(collector *c, const asx_answers *a)
{
    asx_contradiction *v = NULL;
    size_t n = asx_answers_contradictions(a, &v);
    for (size_t i = 0; i < n; i++) {
        const asx_consistency *rule = v[i].rule;
        char *ti_ja = asx_answer_format(rule->if_q, v[i].if_a, ASX_LANG_JA);
        char *ti_en = asx_answer_format(rule->if_q, v[i].if_a, ASX_LANG_EN);
        char *tt_ja = asx_answer_format(rule->then_q, v[i].then_a, ASX_LANG_JA);
        char *tt_en = asx_answer_format(rule->then_q, v[i].then_a, ASX_LANG_EN);
        char *ja = asx_strdupf("回答の矛盾: %s (%s) の回答「%s」と %s (%s) の回答「%s」は両立しない。%s。"
                               "どちらが正しいか確認し、回答の訂正を求めること",
                               rule->then_q->label.ja, rule->then_q->id, tt_ja ? tt_ja : "", rule->if_q->label.ja,
                               rule->if_q->id, ti_ja ? ti_ja : "", rule->message.ja);
        char *en = asx_strdupf("Contradictory answers: %s (%s) answered \"%s\" and %s (%s) answered \"%s\" cannot "
                               "both hold. %s. Ask the vendor which is right and to correct the answers",
                               rule->then_q->label.en, rule->then_q->id, tt_en ? tt_en : "", rule->if_q->label.en,
                               rule->if_q->id, ti_en ? ti_en : "", rule->message.en);
        /* the answer is in doubt: its own shortfall below knockout would say the same thing twice
         * (the duplicate exit.deletion_all_copies finding at 機密性1); a knockout stays */
        size_t kept = 0;
        for (size_t k = 0; k < c->n; k++) {
            asx_finding *f = &c->v[k];
            if (f->q == rule->then_q && !f->also && !f->judgment && f->severity != ASX_SEV_KNOCKOUT) {
                free(f->clause);
                free(f->clause_local);
                free(f->msg_ja);
                free(f->msg_en);
                continue;
            }
            c->v[kept++] = *f;
        }
        c->n = kept;
        size_t before = c->n;
        add_finding(c, rule->then_q, ASX_SEV_MAJOR, ja ? ja : "", en ? en : "", false);
        if (c->n > before)
            c->v[c->n - 1].also = rule->if_q;
        free(ja);
        free(en);
        free(ti_ja);
        free(ti_en);
        free(tt_ja);
        free(tt_en);
    }
    free(v);
    return n;
}


/* ---- the officer's judgments (SPEC v3 §8.1) ---------------------------------------------- */

static bool add_judgment(asx_result *r, asx_judgment_key k, bool required, const char *subject,
                         const char *country, const char *role, const asx_judgment *made)
{
    asx_result_judgment *v = realloc(r->judgments, (r->njudgments + 1) * sizeof *v);
    if (!v)
        return false;
    r->judgments = v;
    asx_result_judgment *j = &v[r->njudgments++];
    memset(j, 0, sizeof *j);
    j->key = k;
    j->clause = asx_judgment_clause(k, r->bank->documents.kind);
    const char *local = asx_policy_clause_local(r->policy, j->clause);
    j->clause_local = local ? local : j->clause;
    j->required = required;
    j->subject = subject;
    j->country = country;
    j->role = role;
    j->made = made;
    j->by_default = asx_judgment_key_by(k, r->bank->documents.kind, ASX_LANG_JA);
    j->by_default_en = asx_judgment_key_by(k, r->bank->documents.kind, ASX_LANG_EN);
    if (required && !made)
        r->nmissing++;
    return true;
}

/* Whether the judgment says no in a way that rejects (rule 1 of §8.1's precedence). */
static bool rejects(const asx_judgment *j)
{
    if (j->yes)
        return false;
    return j->key != ASX_JUDGE_SUBCONTRACTORS || j->essential;
}

/* Which judgments the assessment requires (§8.1's table), each with the review's record; then
 * the judgments recorded although not required (shown, not refused). A refused subcontractor the
 * service can do without becomes a major finding on sub.list, so that it is a condition. */
static bool set_judgments(asx_result *r, collector *c, unsigned flags)
{
    const asx_review *rv = r->review;
    /* 11-2(3)② is the external-service clause: a service used on its terms (11-3) has no spec */
    bool external = r->bank->documents.kind == ASX_BANK_EXTERNAL_SERVICE;
    bool need[ASX_JUDGE_COUNT] = {0};
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++)
        need[k] = asx_judgment_always_required(r->bank, (asx_judgment_key)k);
    const asx_question *neg = asx_bank_find(r->bank, "law.terms_negotiable");
    if (neg && neg->type == ASX_Q_YESNO && r->q[neg->index].applicable) {
        const asx_answer *a = &r->answers->a[neg->index];
        /* 11-2(2)⑥(注) 「サービス利用規約等が変更できない場合は、…その規約内容が組合によって受容可能か
         * 判断すること」: terms that cannot be negotiated, wholly ("no") or in part ("partial": what
         * cannot be changed still has to be judged) */
        if (a->present && !a->na && (a->yn == ASX_YN_NO || a->yn == ASX_YN_PARTIAL))
            need[ASX_JUDGE_TERMS] = true;
    }
    need[ASX_JUDGE_SPEC_COMPLIANCE] = external && (flags & ASX_SCORE_CONTRACT);
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++) {
        if (k == ASX_JUDGE_SUBCONTRACTORS) {
            const char **names = NULL, **countries = NULL, **roles = NULL;
            size_t n = asx_answers_subcontractors(r->answers, &names, &countries, &roles);
            bool ok = true;
            for (size_t i = 0; ok && i < n; i++) {
                const asx_judgment *made = NULL;
                for (size_t s = 0; rv && s < rv->nsubs && !made; s++)
                    if (rv->subs[s].name && strcmp(rv->subs[s].name, names[i]) == 0)
                        made = &rv->subs[s];
                ok = add_judgment(r, ASX_JUDGE_SUBCONTRACTORS, true, names[i], countries[i], roles[i], made);
            }
            free(names);
            free(countries);
            free(roles);
            if (!ok)
                return false;
            continue;
        }
        if (need[k] && !add_judgment(r, (asx_judgment_key)k, true, NULL, NULL, NULL, rv ? rv->made[k] : NULL))
            return false;
    }
    for (size_t k = 0; rv && k < ASX_JUDGE_COUNT; k++)
        if (!need[k] && rv->made[k] && !add_judgment(r, (asx_judgment_key)k, false, NULL, NULL, NULL, rv->made[k]))
            return false;
    const asx_question *sub = asx_bank_find(r->bank, "sub.list");
    for (size_t i = 0; i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        if (!j->made)
            continue;
        if (rejects(j->made)) {
            r->nrefusals++;
            continue;
        }
        if (j->key != ASX_JUDGE_SUBCONTRACTORS || j->made->yes || !sub)
            continue;
        char *ja = asx_strdupf("再委託先「%s」の再委託は承認しない (%s %s)。再委託先 %s に再委託しないこと",
                               j->subject, j->made->by, j->made->reason ? j->made->reason : "", j->subject);
        char *en = asx_strdupf("Subcontracting to \"%s\" is not approved (%s %s). Do not subcontract to %s",
                               j->subject, j->made->by, j->made->reason ? j->made->reason : "", j->subject);
        size_t before = c->n;
        add_finding(c, sub, ASX_SEV_MAJOR, ja ? ja : "", en ? en : "", false);
        if (c->n > before)
            c->v[c->n - 1].judgment = j->made;
        free(ja);
        free(en);
    }
    return !c->oom;
}

/* The review's overrides: each finding on an overridden question takes the new severity and
 * keeps the original; a question no longer at knockout severity no longer knocks out. */
static void apply_overrides(asx_result *r, collector *c)
{
    const asx_review *rv = r->review;
    for (size_t k = 0; rv && k < rv->noverrides; k++) {
        const asx_override *o = &rv->overrides[k];
        if (!o->q)
            continue;
        bool still_knockout = false;
        for (size_t i = 0; i < c->n; i++) {
            asx_finding *f = &c->v[i];
            if (f->q != o->q || f->also || f->judgment || f->fixed)
                continue; /* a contradiction or a judgment is not the question's shortfall */
            f->original = f->severity;
            f->override = o;
            f->severity = o->severity;
        }
        for (size_t i = 0; i < c->n; i++)
            if (c->v[i].q == o->q && c->v[i].severity == ASX_SEV_KNOCKOUT)
                still_knockout = true;
        r->q[o->q->index].knockout = still_knockout;
    }
}

static double round1(double v)
{
    return round(v * 10.0) / 10.0;
}

/* Order findings by severity, keeping bank order within one severity. */
static asx_error sort_findings(asx_result *r, collector *c)
{
    r->findings = calloc(c->n ? c->n : 1, sizeof *r->findings);
    if (!r->findings)
        return ASX_ERR_NOMEM;
    static const asx_severity order[] = {ASX_SEV_KNOCKOUT, ASX_SEV_MAJOR, ASX_SEV_MINOR, ASX_SEV_INFO};
    for (size_t s = 0; s < 4; s++)
        for (size_t i = 0; i < c->n; i++)
            if (c->v[i].severity == order[s]) {
                r->findings[r->nfindings++] = c->v[i];
                r->count[order[s]]++;
            }
    free(c->v);
    c->v = NULL;
    c->n = 0;
    return ASX_OK;
}

/* ---- what every output shows, computed once ---------------------------------------------- */

/* Each major and minor finding of a conditional result is a condition (SPEC §4 rule 4). */
static asx_error set_conditions(asx_result *r)
{
    if (r->verdict != ASX_VERDICT_CONDITIONAL)
        return ASX_OK;
    r->conditions = calloc(r->nfindings ? r->nfindings : 1, sizeof *r->conditions);
    if (!r->conditions)
        return ASX_ERR_NOMEM;
    asx_date due = asx_date_add_days(r->decided_on, r->policy->condition_due_days);
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->severity != ASX_SEV_MAJOR && f->severity != ASX_SEV_MINOR)
            continue;
        asx_condition *c = &r->conditions[r->nconditions++];
        c->n = r->nconditions;
        c->finding = f;
        c->due = due;
    }
    return ASX_OK;
}

/* The earliest expiry among the answered expiry dates (cert.expiry, and each certificate listed). */
static void set_evidence_expiry(asx_result *r)
{
    for (size_t i = 0; i < r->bank->nquestions; i++) {
        const asx_question *q = &r->bank->questions[i];
        const asx_answer *a = &r->answers->a[i];
        if (q->type != ASX_Q_DATE || !q->expiry || !r->q[i].applicable || !a->present || a->na ||
            !asx_date_valid(a->date))
            continue;
        if (!r->has_evidence_expiry || asx_date_cmp(a->date, r->evidence_expiry) < 0)
            r->evidence_expiry = a->date;
        r->has_evidence_expiry = true;
    }
    /* certificates one by one (cert.certificates): each expiry counts */
    asx_date e;
    if (asx_answers_evidence_expiry(r->answers, &e) &&
        (!r->has_evidence_expiry || asx_date_cmp(e, r->evidence_expiry) < 0)) {
        r->evidence_expiry = e;
        r->has_evidence_expiry = true;
    }
}

static char *norm_text(const asx_question *q, double thr, asx_lang l)
{
    const char *unit = asx_text_get(&q->unit, l);
    if (l == ASX_LANG_EN)
        return asx_strdupf("%s %g %s", q->higher_better ? "at least" : "at most", thr, unit);
    return asx_strdupf("%g %s%s", thr, unit, q->higher_better ? " 以上" : " 以内");
}

static asx_error set_facts(asx_result *r)
{
    const asx_bank *b = r->bank;
    r->facts = calloc(b->nfacts ? b->nfacts : 1, sizeof *r->facts);
    if (!r->facts)
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < b->nfacts; i++) {
        const asx_question *q = b->facts[i];
        asx_fact *f = &r->facts[r->nfacts++];
        f->q = q;
        f->applicable = r->q[q->index].applicable;
        if (f->applicable) {
            const asx_answer *a = &r->answers->a[q->index];
            f->value_ja = asx_answer_format(q, a, ASX_LANG_JA);
            f->value_en = asx_answer_format(q, a, ASX_LANG_EN);
        } else {
            f->value_ja = asx_strdup("対象外");
            f->value_en = asx_strdup("not applicable");
        }
        if (!f->value_ja || !f->value_en)
            return ASX_ERR_NOMEM;
        double thr;
        if (f->applicable && q->type == ASX_Q_NUMBER &&
            asx_question_threshold(q, r->policy, &r->answers->cls, &thr)) {
            f->norm_ja = norm_text(q, thr, ASX_LANG_JA);
            f->norm_en = norm_text(q, thr, ASX_LANG_EN);
            if (!f->norm_ja || !f->norm_en)
                return ASX_ERR_NOMEM;
        }
        for (size_t k = 0; k < r->nfindings; k++) /* findings are sorted worst first */
            if (r->findings[k].q == q) {
                f->has_finding = true;
                f->worst = r->findings[k].severity;
                break;
            }
    }
    return ASX_OK;
}

/* s with each CITE mark replaced by prefix (caller frees; NULL on out of memory). */
static char *render_cites(const char *s, const char *prefix)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (const char *m = strchr(s, CITE[0]); m; m = strchr(s, CITE[0])) {
        /* 「対策基準第4条第3号」, but 「対策基準 11-2(2)⑦」 and "standard 第4条" */
        size_t np = strlen(prefix);
        bool space = np && ((m[1] >= '0' && m[1] <= '9') || (unsigned char)prefix[np - 1] < 0x80);
        asx_buf_addf(&b, "%.*s%s%s", (int)(m - s), s, prefix, space ? " " : "");
        s = m + 1;
    }
    asx_buf_adds(&b, s);
    return asx_buf_take(&b);
}

/* Every citation the result carries besides its findings, in the organisation's numbering; each
 * finding's message plain and with the standard named (for the contract). */
static asx_error set_cites(asx_result *r)
{
    const asx_policy *p = r->policy;
    r->standard_name = p->standard_name ? p->standard_name : "情報セキュリティ対策基準";
    for (size_t i = 0; i < r->nfindings; i++) {
        asx_finding *f = &r->findings[i];
        f->cited_ja = render_cites(f->msg_ja, r->standard_name);
        f->cited_en = render_cites(f->msg_en, "standard");
        char *ja = render_cites(f->msg_ja, ""), *en = render_cites(f->msg_en, "");
        if (!f->cited_ja || !f->cited_en || !ja || !en) {
            free(ja);
            free(en);
            return ASX_ERR_NOMEM;
        }
        free(f->msg_ja);
        free(f->msg_en);
        f->msg_ja = ja;
        f->msg_en = en;
    }
    for (size_t i = 0; i < r->bank->nquestions; i++) {
        char *joined = asx_question_clauses(&r->bank->questions[i]);
        bool ok = joined && asx_cite_set(&r->q[i].cite, p, joined);
        free(joined);
        if (!ok)
            return ASX_ERR_NOMEM;
    }
    if (!asx_cite_set(&r->bank_cite, p, r->bank->clause) || !asx_cite_set(&r->review_cite, p, "11-1(3), 12-1(4)") ||
        !asx_cite_set(&r->manager_cite, p, r->bank->documents.manager_clause))
        return ASX_ERR_NOMEM;
    return ASX_OK;
}

static asx_error set_outputs(asx_result *r)
{
    asx_error err = set_cites(r);
    if (!err)
        err = set_conditions(r);
    if (!err)
        err = asx_result_set_agreed(r);
    if (!err)
        err = set_facts(r);
    set_evidence_expiry(r);
    r->has_next_review = r->verdict == ASX_VERDICT_APPROVED || r->verdict == ASX_VERDICT_CONDITIONAL;
    if (r->has_next_review)
        r->next_review = asx_next_review(r->policy, r->decided_on);
    return err;
}

/* Every date the result derives from the decision date must exist (years up to 9999, what Excel
 * shows): decided in 9999, the next review would fall in 10000 and print as 0000-00-00. */
static asx_error check_derived_dates(const asx_policy *policy, asx_date decided_on, asx_diags *d)
{
    asx_date review = asx_next_review(policy, decided_on);
    asx_date due = asx_date_add_days(decided_on, policy->condition_due_days);
    if (asx_date_valid(review) && asx_date_valid(due))
        return ASX_OK;
    char iso[16];
    asx_date_iso(decided_on, iso);
    asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                   ASX_L("判定日 %s では次回見直し日か条件の期限が 9999-12-31 を超えます (判定日を確認してください)",
                         "decided on %s, the next review or a condition's due date falls after 9999-12-31 "
                         "(check the decision date)"),
                   iso);
    return ASX_ERR_DATA;
}

asx_error asx_score(const asx_answers *answers, const asx_policy *policy, asx_date decided_on,
                    asx_result **out, asx_diags *d)
{
    return asx_score_review(answers, NULL, policy, decided_on, 0, out, d);
}

asx_error asx_score_review(const asx_answers *answers, const asx_review *review, const asx_policy *policy,
                           asx_date decided_on, unsigned flags, asx_result **out, asx_diags *d)
{
    *out = NULL;
    if (check_derived_dates(policy, decided_on, d))
        return ASX_ERR_DATA;
    const asx_bank *b = answers->bank;
    asx_result *r = calloc(1, sizeof *r);
    collector c = {0};
    asx_error err = ASX_ERR_NOMEM;
    if (!r)
        return err;
    r->answers = answers;
    r->bank = b;
    r->policy = policy;
    r->decided_on = decided_on;
    r->review = review;
    asx_policy_approval_block(policy, b->id, &r->approval_columns, &r->approval_consult);
    r->q = calloc(b->nquestions, sizeof *r->q);
    r->sections = calloc(b->nsections, sizeof *r->sections);
    r->unanswered = calloc(b->nquestions, sizeof *r->unanswered);
    if (!r->q || !r->sections || !r->unanswered)
        goto fail;
    c.r = r;
    double num = 0, den = 0;
    bool knocked_out = false;
    for (size_t i = 0; i < b->nsections; i++)
        r->sections[i].section = &b->sections[i];
    for (size_t i = 0; i < b->nquestions; i++) {
        const asx_question *q = &b->questions[i];
        const asx_answer *a = &answers->a[i];
        asx_qscore *qs = &r->q[i];
        qs->applicable = asx_question_applies(q, answers);
        if (!qs->applicable)
            continue;
        qs->answered = a->present;
        qs->na = a->present && a->na;
        if (qs->na)
            continue;
        bool ko_possible = q->knockout_from && answers->cls.c >= q->knockout_from;
        if (!a->present) {
            qs->score = 0;
            if (q->required)
                r->unanswered[r->nunanswered++] = i;
            char *ja = asx_strdupf("%s: 未回答。回答と根拠資料の提出を求めること", q->label.ja);
            char *en = asx_strdupf("%s: not answered. Ask the vendor to answer, with evidence", q->label.en);
            add_finding(&c, q, q->severity, ja ? ja : "", en ? en : "",
                        false);
            free(ja);
            free(en);
        } else {
            ctx x = {&c, r, q, a, ko_possible ? ASX_SEV_KNOCKOUT : q->severity, false};
            qs->score = score_one(&x);
            if (x.knocked || (q->basis == ASX_BASIS_NONE && ko_possible && qs->score < 1)) {
                qs->knockout = true;
                knocked_out = true;
            }
            if (check_flags(&x) < 0) {
                asx_diags_addf(d, ASX_ERR_DATA, answers->file, a->source ? 0 : a->line, a->source ? 0 : a->col,
                               ASX_L("%s%s%s: 質問票の警告パターンが照合の上限に達しました (パターンを見直してください)",
                                     "%s%s%s: a red-flag pattern of the bank hit its match limit (fix the pattern)"),
                               a->source ? a->source : "", a->source ? ": " : "", q->id);
                err = ASX_ERR_DATA;
                goto fail;
            }
        }
        asx_secscore *s = &r->sections[q->section];
        s->score += q->weight * qs->score;
        s->weight += q->weight;
        s->counted++;
        num += q->weight * qs->score;
        den += q->weight;
    }
    size_t ncontra = add_contradictions(&c, answers);
    ncontra += subcontractor_places(&c, r);
    size_t ncomment_contra = c.contradictions;
    r->ncontradictions = ncontra + ncomment_contra;
    objective_basis(&c, r);
    if (c.oom || !set_judgments(r, &c, flags) || !asx_result_set_judgment_facts(r))
        goto fail;
    apply_overrides(r, &c);
    knocked_out = false;
    for (size_t i = 0; i < b->nquestions; i++)
        knocked_out = knocked_out || r->q[i].knockout;
    for (size_t i = 0; i < b->nsections; i++)
        if (r->sections[i].weight > 0)
            r->sections[i].score = round1(100.0 * r->sections[i].score / r->sections[i].weight);
    r->score = den > 0 ? round1(100.0 * num / den) : 0;
    if (sort_findings(r, &c) != ASX_OK)
        goto fail;
    /* SPEC v3 §8.1's precedence */
    if (knocked_out || r->nrefusals)
        r->verdict = ASX_VERDICT_REJECTED;
    else if (r->nunanswered || ncontra || ncomment_contra)
        r->verdict = ASX_VERDICT_INCOMPLETE;
    else if (r->nmissing)
        r->verdict = ASX_VERDICT_PENDING;
    else if (r->score >= policy->approve_threshold && r->count[ASX_SEV_MAJOR] == 0)
        r->verdict = ASX_VERDICT_APPROVED;
    else if (r->score >= policy->conditional_threshold)
        r->verdict = ASX_VERDICT_CONDITIONAL;
    else
        r->verdict = ASX_VERDICT_REJECTED;
    err = set_outputs(r);
    if (err)
        goto fail;
    *out = r;
    return ASX_OK;
fail:
    for (size_t i = 0; i < c.n; i++) {
        free(c.v[i].clause);
        free(c.v[i].clause_local);
        free(c.v[i].msg_ja);
        free(c.v[i].msg_en);
    }
    free(c.v);
    asx_result_free(r);
    return err;
}
