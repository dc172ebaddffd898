/* policy.h - the organisation's thresholds (assess-policy/1). */
#ifndef ASX_POLICY_H
#define ASX_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/error.h"

typedef struct {
    char **v;
    size_t n;
} asx_strlist;

typedef struct asx_policy {
    char *organization;
    asx_strlist storage, processing, backup; /* allowed countries */
    char governing_law[3];
    char jurisdiction[3];
    double availability_percent_min[2]; /* [0] = A1, [1] = A2 */
    double rto_hours_max[2];
    double rpo_hours_max[2];
    double incident_notification_hours_max;
    double approve_threshold;
    double conditional_threshold;
    int review_interval_months;
} asx_policy;

/* The default policy derived from the 対策基準 (compiled in). */
asx_error asx_policy_default(asx_policy **out, asx_diags *d);
/* Parse a policy file: keys it gives override the default; unknown keys are errors. */
asx_error asx_policy_load(const char *buf, size_t len, const char *file, asx_policy **out,
                          asx_diags *d);
void asx_policy_free(asx_policy *p);
/* Value of a numeric policy key for an availability level (1 or 2): e.g. "rto_hours_max".
 * Returns false for an unknown key. */
bool asx_policy_threshold(const asx_policy *p, const char *key, int availability, double *out);
/* Whether a key names a numeric threshold (for bank validation). */
bool asx_policy_is_threshold_key(const char *key);
bool asx_strlist_has(const asx_strlist *l, const char *s);

#endif
