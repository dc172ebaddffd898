/* reaudit.h - the annual re-audit: what changed between two scored answers files of one vendor.
 *
 * Both results are scored with the same bank set and policy. Questions are compared by id: an
 * older bank version may lack questions (reported as added) or have ids the current bank no
 * longer has (kept by the answers loader in `extra`, reported as removed). Nothing here fails
 * because the versions differ. */
#ifndef ASX_REAUDIT_H
#define ASX_REAUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/error.h"
#include "asx/score.h"

/* Kinds of change, regressions first (in the order a memo lists them), then improvements, then
 * neutral changes. */
typedef enum {
    /* regressions */
    ASX_CHG_NEW_KNOCKOUT,
    ASX_CHG_NEW_COUNTRY,
    ASX_CHG_NEW_SUBCONTRACTOR,
    ASX_CHG_SUBCONTRACTOR_COUNTRY,
    ASX_CHG_CERTIFICATION_DROPPED,
    ASX_CHG_CERTIFICATION_EXPIRED,
    ASX_CHG_SLA_LOWERED,
    ASX_CHG_RTO_LONGER,
    ASX_CHG_RPO_LONGER,
    ASX_CHG_SCORE_DOWN,
    /* improvements */
    ASX_CHG_KNOCKOUT_CLEARED,
    ASX_CHG_COUNTRY_REMOVED,
    ASX_CHG_SUBCONTRACTOR_REMOVED,
    ASX_CHG_CERTIFICATION_ADDED,
    ASX_CHG_CERTIFICATION_RENEWED,
    ASX_CHG_SLA_RAISED,
    ASX_CHG_RTO_SHORTER,
    ASX_CHG_RPO_SHORTER,
    ASX_CHG_SCORE_UP,
    /* neither */
    ASX_CHG_EXPIRED_UNCHANGED, /* the same expiry date as last time, passed since: not a
                                  regression of the answers, but the evidence must be renewed */
    ASX_CHG_CHANGED,          /* the value changed, the score did not */
    ASX_CHG_QUESTION_ADDED,   /* answered now, not in the previous bank version */
    ASX_CHG_QUESTION_REMOVED  /* answered before, the current bank has no such question */
} asx_change_kind;

const char *asx_change_kind_name(asx_change_kind k);              /* "score_down" … */
const char *asx_change_kind_label(asx_change_kind k, asx_lang l); /* "点数低下" / "Score down" … */
bool asx_change_is_regression(asx_change_kind k);
bool asx_change_is_improvement(asx_change_kind k);

typedef struct {
    asx_change_kind kind;
    char *question;    /* question id */
    const asx_question *q; /* in the current bank; NULL for a removed question */
    char *clause;      /* the question's first clause ("" when unknown) */
    char *clause_local; /* the same in the organisation's numbering (policy clause_numbers; equal
                           to clause when the policy numbers it not): what every output shows */
    char *before_json; /* compact JSON of the value ("null" when unanswered) */
    char *after_json;
    char *before_ja, *before_en; /* display forms ("—" when unanswered) */
    char *after_ja, *after_en;
    char *detail_ja, *detail_en; /* what exactly: "US を追加", "株式会社X (US)" … (never NULL) */
    double score_before, score_after; /* question scores 0..1 (-1: not scored) */
} asx_change;

typedef struct {
    const asx_result *before; /* borrowed */
    const asx_result *after;  /* borrowed */
    asx_change *changes;      /* regressions, then improvements, then the rest; see kind order */
    size_t nchanges;
    size_t nregressions;
    size_t nimprovements;
    size_t nunchanged;        /* questions whose value is the same */
    bool bank_version_differs;
} asx_reaudit;

/* Compare two results of the same vendor (before: the previous assessment). On success *out is
 * new; free with asx_reaudit_free(); it borrows both results. A different vendor (by corporate
 * number, else by name) or a different bank is ASX_ERR_DATA unless force. */
asx_error asx_reaudit_diff(const asx_result *before, const asx_result *after, bool force,
                           asx_reaudit **out, asx_diags *d);
void asx_reaudit_free(asx_reaudit *ra);

static inline const char *asx_change_before(const asx_change *c, asx_lang l)
{
    return l == ASX_LANG_EN ? c->before_en : c->before_ja;
}
static inline const char *asx_change_after(const asx_change *c, asx_lang l)
{
    return l == ASX_LANG_EN ? c->after_en : c->after_ja;
}
static inline const char *asx_change_detail(const asx_change *c, asx_lang l)
{
    return l == ASX_LANG_EN ? c->detail_en : c->detail_ja;
}

/* SPEC §5 JSON: {"format": "assess-reaudit/1", vendor, service, date_before, date_after,
 * verdict_before, verdict_after, score_before, score_after, regressions: [{question, clause,
 * clause_local (when the policy numbers it), before, after, kind, detail}], improvements: […], changes: […], unchanged}. before/after are
 * the answer values as JSON (null when unanswered). Caller frees. */
char *asx_reaudit_to_json(const asx_reaudit *ra, asx_lang lang);

/* A memo for the terminal, regressions first. Caller frees. */
char *asx_reaudit_memo(const asx_reaudit *ra, asx_lang lang);

#endif
