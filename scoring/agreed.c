/* agreed.c - what a contract states (SPEC §8.3): the value agreed for each question (the stricter
 * of the answer and the requirement) and where each term goes. Split from score.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/country.h"
#include "asx/json.h"
#include "asx/score.h"
#include "asx/util.h"
#include "score_impl.h"

/* ---- what a contract states (SPEC §8.3) ---------------------------------------------------- */

static const asx_condition *condition_on(const asx_result *r, const asx_question *q)
{
    for (size_t i = 0; i < r->nconditions; i++)
        if (r->conditions[i].finding->q == q)
            return &r->conditions[i];
    return NULL;
}

static bool finding_on(const asx_result *r, const asx_question *q)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (r->findings[i].q == q)
            return true;
    return false;
}

/* A number or an option as an answer would be shown: "99.9 %", 「毎月」. */
static bool set_value_answer(asx_agreed *g, const asx_question *q, const asx_answer *a)
{
    g->value.ja = asx_answer_format(q, a, ASX_LANG_JA);
    g->value.en = asx_answer_format(q, a, ASX_LANG_EN);
    return g->value.ja && g->value.en;
}

/* Countries as a contract names the place: 「日本国内」, 「日本・米国のいずれかの国内」. */
static bool set_value_countries(asx_agreed *g, char *const *codes, size_t n)
{
    asx_buf ja = {0}, en = {0};
    for (size_t i = 0; i < n; i++) {
        asx_buf_addf(&ja, "%s%s", i ? "・" : "", asx_country_name(codes[i], ASX_LANG_JA));
        asx_buf_addf(&en, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", asx_country_name(codes[i], ASX_LANG_EN));
    }
    asx_buf_adds(&ja, n > 1 ? "のいずれかの国内" : "国内");
    g->value.ja = asx_buf_take(&ja);
    g->value.en = asx_buf_take(&en);
    return g->value.ja && g->value.en;
}

static bool set_value_country(asx_agreed *g, const char *code)
{
    g->value.ja = asx_strdup(asx_country_name(code, ASX_LANG_JA));
    g->value.en = asx_strdup(asx_country_name(code, ASX_LANG_EN));
    return g->value.ja && g->value.en;
}

/* The option a condition on a choice with no policy minimum requires: the best one. */
static const asx_option *required_option(const asx_question *q)
{
    const asx_option *best = NULL;
    for (size_t i = 0; i < q->noptions; i++)
        if (!best || q->options[i].score > best->score)
            best = &q->options[i];
    return best;
}

/* One question: whether the contract states its term and with what value. Stated: what the
 * vendor answered it will do, or what a condition requires; the value: the stricter of the
 * answer and the requirement (never the answer in one article and the requirement in another).
 * A condition on a `reference` item is met by submitting the evidence by its due date (dated);
 * a registration or certificate is never itself an obligation by a date. */
static bool agree_one(const asx_result *r, const asx_question *q, asx_agreed *g)
{
    const asx_qscore *qs = &r->q[q->index];
    const asx_answer *a = &r->answers->a[q->index];
    if (!q->term.ja || !qs->applicable || qs->na)
        return true;
    const asx_condition *cd = condition_on(r, q);
    bool answered = a->present && !a->na;
    switch (q->type) {
    case ASX_Q_YESNO:
        g->stated = (answered && a->yn == q->expected) || cd;
        break;
    case ASX_Q_NUMBER: {
        double t, v;
        bool has_t = asx_question_threshold(q, r->policy, &r->answers->cls, &t);
        if (!answered && !has_t)
            break;
        v = answered ? a->num : t;
        if (answered && has_t && (q->higher_better ? t > v : t < v))
            v = t;
        asx_answer fake = {.present = true, .num = v};
        g->stated = true;
        if (!set_value_answer(g, q, &fake))
            return false;
        break;
    }
    case ASX_Q_CHOICE: {
        const asx_option *o = answered ? asx_question_option(q, a->str) : NULL;
        const asx_option *m = q->minimum_policy
                                  ? asx_question_option(q, asx_policy_choice_min(r->policy, q->minimum_policy))
                                  : NULL;
        if (m && (!o || o->score < m->score))
            o = m; /* the policy's minimum (団体基準) */
        else if (!m && cd)
            o = required_option(q); /* a condition on a choice the policy sets no minimum for */
        if (!o)
            break;
        asx_answer fake = {.present = true, .str = o->value};
        g->stated = true;
        if (!set_value_answer(g, q, &fake))
            return false;
        break;
    }
    case ASX_Q_COUNTRIES: {
        const asx_strlist *allowed = asx_policy_allowed_list(r->policy, q->policy_list);
        bool own = answered && a->nstrs && !finding_on(r, q);
        if (!own && (!allowed || !allowed->n))
            break;
        g->stated = true;
        if (!(own ? set_value_countries(g, a->strs, a->nstrs) : set_value_countries(g, allowed->v, allowed->n)))
            return false;
        break;
    }
    case ASX_Q_COUNTRY: {
        const char *policy = q->policy_key == ASX_PK_JURISDICTION ? r->policy->jurisdiction : r->policy->governing_law;
        bool own = answered && a->str && !finding_on(r, q);
        g->stated = true;
        if (!set_value_country(g, own ? a->str : policy))
            return false;
        break;
    }
    case ASX_Q_DATE:
    case ASX_Q_TEXT:
    case ASX_Q_LIST:
        g->stated = answered || cd;
        break;
    }
    g->dated = g->stated && cd && q->basis == ASX_BASIS_REFERENCE;
    return true;
}

asx_error asx_result_set_agreed(asx_result *r)
{
    r->agreed = calloc(r->bank->nquestions ? r->bank->nquestions : 1, sizeof *r->agreed);
    if (!r->agreed)
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < r->bank->nquestions; i++)
        if (!agree_one(r, &r->bank->questions[i], &r->agreed[i]))
            return ASX_ERR_NOMEM;
    for (size_t i = 0; i < r->nconditions; i++) {
        asx_condition *c = &r->conditions[i];
        const asx_question *q = c->finding->q;
        const asx_agreed *g = q ? &r->agreed[q->index] : NULL;
        if (c->finding->judgment || (q && strcmp(q->id, "sub.list") == 0) || (g && g->stated && !g->dated))
            c->place = ASX_COND_TERM; /* the subcontractors: as the review decided each of them */
        else if ((g && g->dated) || (q && q->basis == ASX_BASIS_REFERENCE))
            c->place = ASX_COND_DATED;
        else
            c->place = ASX_COND_OFFICER;
        r->nplaced[c->place]++;
    }
    r->approved_subs = calloc(r->njudgments + 1, sizeof *r->approved_subs);
    r->refused_subs = calloc(r->njudgments + 1, sizeof *r->refused_subs);
    if (!r->approved_subs || !r->refused_subs)
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        if (j->key != ASX_JUDGE_SUBCONTRACTORS || !j->made || !j->subject)
            continue;
        if (j->made->yes)
            r->approved_subs[r->napproved_subs++] = j->subject;
        else
            r->refused_subs[r->nrefused_subs++] = j->subject;
    }
    return ASX_OK;
}

