/* procurement.h - the wording of the tender and the contract (assess-procurement/1): for each
 * question id the requirement sentence of the 調達仕様書 (11-2(3)①), and for each bank the
 * articles of the 情報セキュリティに関する特記事項 (11-2(3)②, 11-1(2)); and the two texts built
 * from them: the requirements of one bank for one classification under one policy, and the
 * articles filled with what one vendor answered.
 *
 * The wording lives in questionnaires/procurement.json, compiled in like the banks. Sentences
 * carry placeholders filled here, never by a view:
 *   {threshold}  the question's threshold: the policy's number at the classification's 可用性
 *                (e.g. availability_percent_min A2 → 99.9), or the bank's fixed value
 *   {unit}       the question's unit
 *   {countries}  the policy's allowed countries of the question's list (storage, processing,
 *                backup): 「日本国内」 when only JP, else the names joined
 *   {country}    the policy's governing law or jurisdiction country
 *   {minimum}    (choice) the label of the lowest acceptable option the policy names
 *                (reporting_min, restore_test_min)
 *   {self}       how the organisation calls itself: the policy's self_reference (本市, 本町,
 *                本村, 本組合, 本団体), "the organisation" in English
 *   {answer:ID}  (contract articles) the value agreed for question ID (asx_agreed.value), else
 *                the vendor's answer, formatted; a sentence whose answer is absent, 該当なし or
 *                not applicable is left out
 *   {term:ID}    (contract articles) the contract term of question ID (its bank `term`, with
 *                {agreed} filled), when the result states it in the body; else the sentence is
 *                left out
 *   {approved_subcontractors} {refused_subcontractors}
 *                (contract articles) the subcontractors the review approved / refused, joined;
 *                a sentence with none is left out. */
#ifndef ASX_PROCUREMENT_H
#define ASX_PROCUREMENT_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/error.h"
#include "asx/policy.h"
#include "asx/review.h"

typedef struct {
    char *id;      /* question id */
    char *bank;    /* NULL: every bank; else only this bank's (bank_requirements), preferred */
    asx_text text; /* 「…すること。」 with placeholders */
} asx_requirement;

typedef struct {
    char *term;           /* the clause the article states, "11-1(2)⑧" */
    asx_text title;
    asx_text *sentences;  /* with placeholders */
    size_t nsentences;
} asx_article;

typedef struct {
    char *bank;           /* bank id */
    asx_article *articles;
    size_t narticles;
} asx_contract_terms;

typedef struct asx_procurement {
    asx_requirement *req;
    size_t nreq;
    asx_contract_terms *contracts;
    size_t ncontracts;
} asx_procurement;

/* Parse the wording from buf[0..len) (strict JSON: positions in messages). On success *out is
 * new; free with asx_procurement_free() (accepts NULL). Placeholders are checked for syntax. */
asx_error asx_procurement_load(const char *buf, size_t len, const char *file,
                               asx_procurement **out, asx_diags *d);
/* The wording compiled into the binary. */
asx_error asx_procurement_builtin(asx_procurement **out, asx_diags *d);
void asx_procurement_free(asx_procurement *p);

/* The requirement of a question id in bank (NULL: any): the bank's own when it has one, else the
 * common one; NULL: none. */
const asx_requirement *asx_procurement_requirement(const asx_procurement *p, const char *bank,
                                                   const char *id);
/* The contract articles of a bank (NULL: the bank has none, e.g. cloud-light used on 約款). */
const asx_contract_terms *asx_procurement_contract(const asx_procurement *p, const char *bank);

/* Check the wording against a bank: every {answer:ID} of its articles names a question of the
 * bank, and (complete) every question of the bank has a requirement. Each problem names the
 * id; returns ASX_ERR_DATA when there is one. */
asx_error asx_procurement_check(const asx_procurement *p, const asx_bank *b, bool complete,
                                asx_diags *d);

/* The requirement of question q of bank b (NULL: the common wording) for cls under policy,
 * placeholders filled, in lang (the question's fix text when the wording has none). Caller
 * frees; NULL on out of memory. */
char *asx_requirement_text(const asx_procurement *p, const asx_bank *b, const asx_question *q,
                           const asx_policy *policy, asx_class cls, asx_lang lang);

/* ---- the security section of the 調達仕様書 ---- */

typedef struct {
    const asx_question *q; /* borrowed from the bank */
    bool selection;        /* failing it excludes the bidder (〔選定条件〕, 〔必須〕 in 11-1): set
                            * by scoring (asx_spec_select), exactly the scorer's knockouts;
                            * false until then and in a spec marked ASX_SPEC_MARK_NONE */
    bool evaluated;        /* an evaluation item (basis `reference`: 11-2(2)⑪ 総合的・客観的に,
                            * 11-1(1)② 参考にして): shown, considered in the evaluation, never
                            * required */
    bool conditional;      /* applies only when another answer says so (再委託を行う場合 …) */
    char *text;            /* the requirement, placeholders filled */
    char *clauses;         /* the question's clauses in the organisation's numbering */
} asx_spec_item;

typedef struct {
    const asx_section *section; /* borrowed */
    asx_spec_item *items;
    size_t nitems;
    double points; /* its points in the 技術点 (set by asx_spec_select) */
} asx_spec_section;

/* What the spec marks as excluding a bidder, by the clause that puts it out to tender. */
typedef enum {
    ASX_SPEC_MARK_NONE,      /* 11-3: a service used on its terms, checked by staff: no selection */
    ASX_SPEC_MARK_SELECTION, /* 11-2(3)①: 外部サービス提供者の選定条件 (〔選定条件〕) */
    ASX_SPEC_MARK_REQUIRED   /* 11-1(1)①: what the 委託事業者 must secure to be selected (〔必須〕);
                              * 11-1 names no 選定条件 */
} asx_spec_mark;

/* One document the bidder submits: the evidence text of one or more requirements. */
typedef struct {
    const asx_text *what; /* borrowed from the first question asking for it */
    char *refs;           /* the requirements asking for it, "2.(1), 5.(3)" (section.item numbers
                           * as printed: sections numbered from 1 in bank order, items within) */
} asx_spec_doc;

typedef struct asx_spec {
    const asx_bank *bank;
    const asx_policy *policy;
    asx_class cls;
    asx_lang lang;
    asx_spec_section *sections; /* bank order; sections with no applicable question left out */
    size_t nsections;
    size_t nitems;      /* every question of the bank that applies to the classification */
    size_t nselection;  /* of which selection conditions (set by asx_spec_select) */
    size_t nevaluated;  /* of which evaluation items */
    asx_spec_mark mark;
    /* the 選定基準 (11-2(3)①), set by scoring (asx_spec_select): the 技術点 of each section
     * (asx_spec_section.points) and their total, whether the policy's evaluation_points gave
     * them, and the score below which a bidder is not selected (the policy's
     * conditional_threshold) */
    bool selected;              /* asx_spec_select ran */
    double points_total;
    bool points_from_policy;
    double score_min;
    char *evaluation_clause;    /* where the evaluation items come from (11-2(2)⑪, 11-1(1)②) in
                                 * the organisation's numbering; NULL without a mark */
    char *requirement_clause;   /* 11-1(1)① in the organisation's numbering (ASX_SPEC_MARK_REQUIRED) */
    /* the officer's judgments that exclude a bidder when they say no (SPEC §8.1 precedence 1),
     * as the scorer requires them for this bank, the subcontractors' last (when one is listed),
     * each with its clause in the organisation's numbering (borrowed or static) */
    struct {
        asx_judgment_key key;
        const char *clause;
    } judgments[ASX_JUDGE_COUNT];
    size_t njudgments;
    bool on_terms;      /* the bank has no contract articles: a service used on its published
                         * terms (約款, 11-3), checked by the official, not put out to tender */
    asx_spec_doc *docs; /* first-asked order, each text once */
    size_t ndocs;
    char *tender_clause; /* the clause that puts the requirements into the tender (11-2(3)①,
                          * 11-1(1), 11-3(2)①) in the organisation's numbering */
    const char *standard_name; /* the policy's title of its standard (borrowed) */
} asx_spec;

/* The requirements of bank b for classification cls under policy, in lang. Questions that
 * apply (the bank's applies levels) are all there, one item each; a question without its own
 * wording uses the bank's fix text. Which items exclude a bidder, and the 選定基準's points, are
 * the scorer's: asx_spec_select (scoring/asx/tender.h) sets them. On success *out is new (borrowing b and policy); free with
 * asx_spec_free() (accepts NULL). */
asx_error asx_spec_build(const asx_procurement *p, const asx_bank *b, const asx_policy *policy,
                         asx_class cls, asx_lang lang, asx_spec **out, asx_diags *d);
void asx_spec_free(asx_spec *s);

/* ---- the 特記事項 ---- */

/* What the contract states for one question, as scoring agreed it (SPEC §8.3). */
typedef struct {
    bool stated;    /* the contract states the question's term */
    bool dated;     /* a condition states it with its due date (a `reference` item: the vendor
                     * submits the evidence by then), not the body */
    asx_text value; /* {agreed}: the stricter of the answer and the requirement, as the contract
                     * writes it ("99.9 %", 「毎月」, 「日本国内」); empty when none */
} asx_agreed;

/* What the contract takes from the result. Borrowed. */
typedef struct {
    const asx_agreed *agreed;    /* one per bank question (by index) */
    const char *const *approved; /* subcontractors approved in the review */
    size_t napproved;
    const char *const *refused;  /* subcontractors refused in the review */
    size_t nrefused;
} asx_contract_input;

typedef struct {
    const asx_article *article; /* borrowed */
    char *term;                 /* the clause in the organisation's numbering */
    char **sentences;           /* filled; the ones whose answers are missing left out */
    size_t nsentences;
} asx_contract_article;

typedef struct asx_contract {
    const asx_answers *answers;
    asx_contract_article *articles;
    size_t narticles;
    char **dated; /* per bank question: its term when a condition states it with a due date
                   * (asx_agreed.dated), else NULL */
} asx_contract;

/* The articles of the answers' bank filled with what the result agreed (in: may be NULL, then
 * no term is stated and {answer:ID} is the vendor's answer), in lang. A bank without articles
 * is ASX_ERR_DATA with a message naming it. On success *out is new (borrowing answers and p);
 * free with asx_contract_free() (accepts NULL). */
asx_error asx_contract_build(const asx_procurement *p, const asx_answers *a,
                             const asx_policy *policy, const asx_contract_input *in, asx_lang lang,
                             asx_contract **out, asx_diags *d);
void asx_contract_free(asx_contract *c);

#endif
