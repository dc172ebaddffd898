/* tender.h - what the scorer decides, put into the 調達仕様書 (SPEC §8.3): the items that exclude
 * a bidder are exactly the scorer's knockouts, and the 選定基準 counts the 技術点 as the
 * comparison does. The spec model is built below (questionnaires/asx/procurement.h); this
 * module only asks the scorer and records its answers in it. */
#ifndef ASX_TENDER_H
#define ASX_TENDER_H

#include "asx/procurement.h"

/* Mark s's items the scorer knocks out (none in a spec marked ASX_SPEC_MARK_NONE, 11-3), count
 * them, and set the 選定基準: each section's points, their total, and the lowest score a bidder
 * may have (the policy's conditional_threshold). s keeps borrowing its bank and policy. */
void asx_spec_select(asx_spec *s);

#endif
