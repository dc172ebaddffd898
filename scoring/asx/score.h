/* score.h - scoring answers against their bank and the policy: findings and the verdict.
 *
 * A result borrows the answers (and through them the bank) and the policy: keep those alive
 * while the result is used. Findings carry both Japanese and English text so any report can be
 * written in either language from one result. */
#ifndef ASX_SCORE_H
#define ASX_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/error.h"
#include "asx/policy.h"

typedef enum {
    ASX_VERDICT_APPROVED,
    ASX_VERDICT_CONDITIONAL,
    ASX_VERDICT_REJECTED,
    ASX_VERDICT_INCOMPLETE
} asx_verdict;
const char *asx_verdict_name(asx_verdict v);               /* "approved" … */
const char *asx_verdict_label(asx_verdict v, asx_lang l);  /* "承認" / "Approved" … */

typedef struct {
    const asx_question *q; /* may be NULL for findings about the whole file */
    char *clause;          /* the clauses the finding cites, "11-2(2)⑦" or "6-1(2)②, 11-2(2)⑦" */
    asx_severity severity;
    char *msg_ja;
    char *msg_en;
} asx_finding;
const char *asx_finding_msg(const asx_finding *f, asx_lang l);

typedef struct {
    bool applicable;
    bool answered;
    bool na;       /* answered "na" where allowed: left out of the score */
    double score;  /* 0..1 */
    bool knockout; /* this answer knocks the vendor out */
} asx_qscore;

typedef struct {
    const asx_section *section;
    double score;  /* 0..100; meaningful when counted > 0 */
    double weight; /* sum of weights of scored questions */
    size_t counted;
} asx_secscore;

typedef struct asx_result {
    const asx_answers *answers;
    const asx_bank *bank;
    const asx_policy *policy;
    asx_verdict verdict;
    double score;            /* 0..100, rounded to 0.1 */
    asx_qscore *q;           /* per bank question */
    asx_secscore *sections;  /* per bank section, bank order */
    asx_finding *findings;   /* knockout, major, minor, info; bank order within a severity */
    size_t nfindings;
    size_t *unanswered;      /* question indices of required applicable unanswered questions */
    size_t nunanswered;
    size_t count[4];         /* findings per severity */
} asx_result;

/* Score answers under policy. On success *out is new; free with asx_result_free(). Fails only
 * on out of memory or when a red-flag pattern hits its match limit (ASX_ERR_DATA, in d). */
asx_error asx_score(const asx_answers *answers, const asx_policy *policy, asx_result **out,
                    asx_diags *d);
void asx_result_free(asx_result *r);

/* The threshold of a number question under this policy and classification (false: none). */
bool asx_question_threshold(const asx_question *q, const asx_policy *p, const asx_class *c,
                            double *out);

/* assess-result/1 JSON (SPEC §5) in the language; caller frees. */
char *asx_result_to_json(const asx_result *r, asx_lang lang);

#endif
