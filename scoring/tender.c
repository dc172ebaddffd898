/* tender.c - the scorer's decisions in the 調達仕様書 (see tender.h). */
#include "asx/tender.h"
#include "asx/score.h"

void asx_spec_select(asx_spec *s)
{
    s->nselection = 0;
    s->points_total = 0;
    for (size_t i = 0; i < s->nsections; i++) {
        asx_spec_section *sec = &s->sections[i];
        for (size_t n = 0; n < sec->nitems; n++) {
            asx_spec_item *it = &sec->items[n];
            it->selection = s->mark != ASX_SPEC_MARK_NONE &&
                            asx_question_knockout(it->q, s->bank, s->policy, s->cls.c);
            s->nselection += it->selection;
        }
        sec->points = asx_section_points(s->bank, s->policy, s->cls, (size_t)(sec->section - s->bank->sections),
                                         &s->points_from_policy);
        s->points_total += sec->points;
    }
    s->score_min = s->policy->conditional_threshold;
    s->njudgments = 0;
    for (size_t k = 0; s->mark != ASX_SPEC_MARK_NONE && k <= ASX_JUDGE_COUNT; k++) {
        /* the always-required ones in key order, then a listed subcontractor's approval */
        asx_judgment_key key = k < ASX_JUDGE_COUNT ? (asx_judgment_key)k : ASX_JUDGE_SUBCONTRACTORS;
        if (k < ASX_JUDGE_COUNT && !asx_judgment_always_required(s->bank, key))
            continue;
        if (k == ASX_JUDGE_COUNT && !asx_bank_find(s->bank, "sub.list"))
            continue;
        const char *clause = asx_judgment_clause(key, s->bank->documents.kind);
        const char *local = asx_policy_clause_local(s->policy, clause);
        s->judgments[s->njudgments].key = key;
        s->judgments[s->njudgments].clause = local ? local : clause;
        s->njudgments++;
    }
    s->selected = true;
}
