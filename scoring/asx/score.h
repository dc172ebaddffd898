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
#include "asx/date.h"
#include "asx/error.h"
#include "asx/policy.h"
#include "asx/procurement.h"
#include "asx/review.h"

typedef enum {
    ASX_VERDICT_APPROVED,
    ASX_VERDICT_CONDITIONAL,
    ASX_VERDICT_REJECTED,
    ASX_VERDICT_INCOMPLETE,
    ASX_VERDICT_PENDING /* 審査未了 (SPEC v3 §8.1): a required judgment of the officer is missing */
} asx_verdict;
const char *asx_verdict_name(asx_verdict v);               /* "approved" … */
const char *asx_verdict_label(asx_verdict v, asx_lang l);  /* "承認" / "Approved" … */

typedef struct {
    const asx_question *q; /* may be NULL for findings about the whole file */
    const asx_question *also; /* the other answer a contradiction names, else NULL */
    char *clause;          /* the clauses the finding cites, "11-2(2)⑦" or "6-1(2)②, 11-2(2)⑦" */
    char *clause_local;    /* the same in the organisation's numbering (policy clause_numbers);
                              equal to clause when the policy numbers none of them */
    asx_severity severity;
    char *msg_ja;
    char *msg_en;
    char *cited_ja, *cited_en; /* the message with every citation naming the standard
                                  (「対策基準第4条第3号」): what a contract, whose own articles
                                  are numbered too, shows (SPEC §8.6) */
    const asx_override *override; /* the review changed this finding's severity (else NULL) */
    asx_severity original;         /* the severity before the override, when override is set */
    const asx_judgment *judgment;  /* the judgment this finding comes from (a refused
                                      subcontractor's condition), else NULL */
    bool fixed;                    /* made by the words of a clause over several questions (no
                                      objective basis, 11-2(2)⑨⑪): no override changes it */
    const asx_text *request;       /* what the vendor is asked to supply or correct (the question's
                                      request, SPEC §8.3): the 補正依頼's text; NULL when the
                                      finding is on no question. Borrowed from the bank. */
} asx_finding;
const char *asx_finding_msg(const asx_finding *f, asx_lang l);
/* The message as a contract cites it (see cited_ja). */
const char *asx_finding_cited(const asx_finding *f, asx_lang l);

/* A citation of the standard as the result carries it (SPEC §8.6): the reference ids and what
 * every output shows, the organisation's numbering (clause_local: equal to clause when the
 * policy numbers none of them; a local number shown once). Both NULL when there is nothing to
 * cite. */
typedef struct {
    char *clause;       /* "11-2(2)⑦" or "6-1(2)②, 11-2(2)⑦" */
    char *clause_local; /* "第9章第3節" */
} asx_cite;
/* Set c from the joined reference ids (NULL: nothing to cite) under the policy's numbering.
 * False on out of memory (c then empty). Free with asx_cite_free. */
bool asx_cite_set(asx_cite *c, const asx_policy *p, const char *clauses);
void asx_cite_free(asx_cite *c);
/* Whether the policy numbers the citation (clause_local differs from clause: --json then adds
 * "clause_local"). */
bool asx_cite_mapped(const asx_cite *c);

typedef struct {
    asx_cite cite; /* the question's clauses */
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

/* Where a contract puts a condition (SPEC §8.3). */
typedef enum {
    ASX_COND_TERM,   /* the body states what it requires (the question's term with the agreed
                      * value; the subcontractors as the review decided them): met by the contract
                      * itself, no due date */
    ASX_COND_DATED,  /* an article of its own, due by the date: a `reference` item's evidence */
    ASX_COND_OFFICER /* the organisation's own follow-up (a check the officer makes), not the
                      * vendor's obligation: not in the contract */
} asx_cond_place;

/* A condition of a conditional approval: one major or minor finding, numbered from 1, due
 * condition_due_days after the decision date. */
typedef struct {
    size_t n;
    const asx_finding *finding;
    asx_date due;
    asx_cond_place place; /* in the contract */
} asx_condition;

/* A key fact: one question of the bank's "facts" list with its answer as people read it. */
typedef struct {
    const asx_question *q;
    bool applicable;
    char *value_ja, *value_en; /* "JP, US", "99.95 %", "対象外" / "not applicable", "—" */
    char *norm_ja, *norm_en;   /* the policy's number ("99.9 % 以上") or NULL */
    bool has_finding;
    asx_severity worst;        /* of the findings on this question, when has_finding */
} asx_fact;
const char *asx_fact_value(const asx_fact *f, asx_lang l);
const char *asx_fact_norm(const asx_fact *f, asx_lang l); /* NULL when none */

/* A fact a judgment rests on (SPEC v3 §8.1: countries, law, each subcontractor's country and role,
 * the certificates and reports, the vendor's terms), as people read it. Strings are owned. */
typedef struct {
    const asx_question *q;     /* the question it is the answer of; NULL for a header field or a
                                  derived fact (a subcontractor's country against the policy) */
    char *label_ja, *label_en; /* 「保管場所の国」 */
    char *value_ja, *value_en; /* 「JP」, 「未回答」 */
} asx_judgment_fact;

/* One judgment of SPEC v3 §8.1 as the result sees it: required by this assessment (or recorded
 * although not required), made (with the review's record) or missing. */
typedef struct {
    asx_judgment_key key;
    const char *clause;       /* "11-2(2)⑦" (static) */
    const char *clause_local; /* the same in the organisation's numbering (borrowed from the policy) */
    bool required;
    const char *subject; /* subcontractors: the name as listed (borrowed from the answers) */
    const char *country; /* subcontractors: the country listed, may be NULL */
    const char *role;    /* subcontractors: the role listed, may be NULL */
    const asx_judgment *made; /* NULL: not made (borrowed from the review) */
    const char *by_default;   /* who decides, by the clause (static text, ja) */
    const char *by_default_en;
    asx_judgment_fact *facts; /* what the officer judges from (the review sheet shows them) */
    size_t nfacts;
    /* A conclusion the facts allow (the officer confirms it by signing, or decides otherwise):
     * all places and law in Japan → the foreign-law risk is accepted; an ISMAP registration →
     * the reliability rests on it. Strings are owned; none when has_suggestion is false. */
    bool has_suggestion;
    bool suggest_yes;
    char *suggest_ja, *suggest_en; /* the reason as the officer would write it */
    char *suggest_basis;           /* reliability: what it rests on (「ISMAP C21-0008-2」), or NULL */
} asx_result_judgment;

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
    size_t ncontradictions;  /* answers that contradict each other (one major finding each) */
    /* Computed once here, rendered by every output (SPEC v2 §4 "One result"). */
    asx_date decided_on;          /* the decision date (--date, default today) */
    asx_condition *conditions;    /* of a conditional result; none otherwise */
    size_t nconditions;
    bool has_next_review;         /* approved or conditional */
    asx_date next_review;         /* from decided_on and the policy's review_basis */
    bool has_evidence_expiry;
    asx_date evidence_expiry;     /* earliest expiry of the certifications relied on */
    asx_fact *facts;              /* the bank's facts, in its order */
    size_t nfacts;
    /* What the documents cite besides findings and questions (SPEC §8.6), every one mapped here */
    asx_cite bank_cite;    /* the bank's clause: "11-2" */
    asx_cite review_cite;  /* the review interval: "11-1(3), 12-1(4)" */
    asx_cite manager_cite; /* the manager designated on approval: 11-2(4)③, 11-3(2)①; in 11-1 the
                              情報システム管理者's oversight of the contractor, 11-1(3)① */
    const char *standard_name; /* the policy's title of its standard (borrowed) */
    /* SPEC v3 §8.1: the officer's judgments and overrides. */
    const asx_review *review;     /* borrowed; NULL when scored without one */
    asx_result_judgment *judgments; /* required ones first (key order), then recorded extras */
    size_t njudgments;
    size_t nmissing;              /* required judgments not made */
    size_t nrefusals;             /* judgments that say no and reject (reject, insufficient,
                                     not_confirmed, refusal of an essential subcontractor) */
    /* the stamp row of the 起案 sheet for this bank (SPEC v3 §8.2: approvers follow the clause);
     * borrowed from the policy, empty when the policy gives none */
    const asx_strlist *approval_columns;
    const asx_strlist *approval_consult;
    /* SPEC §8.3: what a contract states. agreed: one per bank question: whether its term is
     * stated, in the body or as a dated condition, and the agreed value (the stricter of the
     * answer and the policy's or a condition's requirement). The subcontractors as the review
     * decided them (names borrowed from the answers). */
    asx_agreed *agreed;
    size_t nplaced[3];          /* conditions per asx_cond_place */
    const char **approved_subs;
    size_t napproved_subs;
    const char **refused_subs;
    size_t nrefused_subs;
} asx_result;

/* What a contract takes from the result (borrowing it). */
asx_contract_input asx_result_contract_input(const asx_result *r);

/* Score answers under policy, decided on decided_on (the date review and condition dates count
 * from), with no review: every judgment the assessment requires is missing (a `cloud`
 * assessment is at best `pending`). On success *out is new; free with asx_result_free(). Fails
 * only on out of memory or when a red-flag pattern hits its match limit (ASX_ERR_DATA, in d). */
asx_error asx_score(const asx_answers *answers, const asx_policy *policy, asx_date decided_on,
                    asx_result **out, asx_diags *d);

/* What the scoring is for. */
enum {
    ASX_SCORE_CONTRACT = 1 /* a contract is about to be written: 11-2(3)② spec compliance is required */
};
/* asx_score with the officer's review (may be NULL; loaded for these answers, it is borrowed by
 * the result) and flags (ASX_SCORE_*): SPEC v3 §8.1's judgments, overrides and precedence. The
 * one entry point every command (and the register) scores through. */
asx_error asx_score_review(const asx_answers *answers, const asx_review *review, const asx_policy *policy,
                           asx_date decided_on, unsigned flags, asx_result **out, asx_diags *d);

/* The next review after a decision on date d under the policy: d + review_interval_months, or
 * with review_basis fiscal_year (毎年度) 31 March that ends the 年度 after d's. */
asx_date asx_next_review(const asx_policy *p, asx_date d);
void asx_result_free(asx_result *r);
/* The verdict as its reader should read it: an incomplete result says why it goes back to the
 * vendor (「差戻し (回答の矛盾)」 for contradictions, not 「回答不足」). Static text. */
const char *asx_result_verdict_label(const asx_result *r, asx_lang l);

/* Whether an answer that fails question q of bank b (a `must` unmet, a location or law outside
 * the policy) rejects the vendor outright under policy p, for information of confidentiality
 * level conf: the one rule the scorer applies (SPEC §8.3: the spec's 〔選定条件〕 are exactly
 * these questions, asked here, never derived again). */
bool asx_question_knockout(const asx_question *q, const asx_bank *b, const asx_policy *p, int conf);

/* Whether every assessment with bank b requires judgment k (SPEC §8.1's table): foreign-law
 * risk and reliability in `cloud`, the terms in `cloud-light`. The judgments that depend on the
 * answers (a subcontractor listed, terms that cannot be negotiated) or on a contract (spec
 * compliance) are not "always". */
bool asx_judgment_always_required(const asx_bank *b, asx_judgment_key k);

/* The points of section k of bank b in the 技術点 (SPEC v2 §5): the policy's evaluation_points
 * when it gives any (a section it does not name gets 0), else the weights of the section's
 * questions that apply to cls. *from_policy (may be NULL) says which. The comparison and the
 * spec's 選定基準 both count this way. */
double asx_section_points(const asx_bank *b, const asx_policy *p, asx_class cls, size_t k, bool *from_policy);

/* The threshold of a number question under this policy and classification (false: none). */
bool asx_question_threshold(const asx_question *q, const asx_policy *p, const asx_class *c,
                            double *out);

/* The judgments the result waits for, for people: 「国内法以外の法令が適用されるリスクの評価
 * (11-2(2)⑦、情報セキュリティ責任者)、…」. Caller frees; NULL on OOM ("" when none). */
char *asx_result_pending_text(const asx_result *r, asx_lang l);

/* How many required judgments of kind k the result waits for (not made), and in *clause_local
 * (may be NULL; NULL when none) the clause they rest on in the organisation's numbering: what
 * the comparison counts, without the subcontractors' names. */
size_t asx_result_missing(const asx_result *r, asx_judgment_key k, const char **clause_local);

/* assess-result/1 JSON (SPEC §5) in the language; caller frees. */
char *asx_result_to_json(const asx_result *r, asx_lang lang);

#endif
