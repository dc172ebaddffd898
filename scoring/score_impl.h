/* score_impl.h - what score.c shares with the files split from it (internal to scoring/). */
#ifndef ASX_SCORE_IMPL_H
#define ASX_SCORE_IMPL_H
#include "asx/score.h"

/* The policy's allowed countries of a list kind (NULL for ASX_CL_NONE). Borrowed. */
const asx_strlist *asx_policy_allowed_list(const asx_policy *p, asx_country_list which);
/* Each judgment's facts and suggested conclusion (judgment_facts.c); false when out of memory. */
bool asx_result_set_judgment_facts(asx_result *r);
/* What the contract states for each question (agreed.c). */
asx_error asx_result_set_agreed(asx_result *r);

#endif
