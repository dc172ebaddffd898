/* bank.h - question banks: the model, loading and validation, the built-in banks.
 *
 * A bank is immutable once loaded and may be shared by any number of answers files, results and
 * threads. Red-flag patterns are compiled once, at load. */
#ifndef ASX_BANK_H
#define ASX_BANK_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/error.h"

typedef struct {
    char *ja;
    char *en;
} asx_text;

/* The text in the language (falls back to the other one when empty). */
const char *asx_text_get(const asx_text *t, asx_lang lang);

typedef enum {
    ASX_Q_YESNO,
    ASX_Q_CHOICE,
    ASX_Q_NUMBER,
    ASX_Q_COUNTRIES,
    ASX_Q_COUNTRY,
    ASX_Q_DATE,
    ASX_Q_TEXT,
    ASX_Q_LIST
} asx_qtype;
const char *asx_qtype_name(asx_qtype t);

typedef enum { ASX_SEV_KNOCKOUT, ASX_SEV_MAJOR, ASX_SEV_MINOR, ASX_SEV_INFO } asx_severity;
const char *asx_severity_name(asx_severity s);              /* "knockout" … */
const char *asx_severity_label(asx_severity s, asx_lang l); /* "必須条件違反" / "Knockout" … */

typedef enum { ASX_YN_NONE, ASX_YN_YES, ASX_YN_NO, ASX_YN_PARTIAL, ASX_YN_NA } asx_yesno;
const char *asx_yesno_name(asx_yesno v);              /* "yes" … */
const char *asx_yesno_label(asx_yesno v, asx_lang l); /* "はい" / "Yes" … */

typedef struct {
    char *value;
    double score;
    asx_text label;
} asx_option;

/* Fields of one item of a list question (e.g. name/country/role of a subcontractor). */
typedef struct {
    char *key;
    asx_qtype type; /* ASX_Q_TEXT, ASX_Q_COUNTRY or ASX_Q_DATE */
} asx_item_field;

typedef enum { ASX_CL_NONE, ASX_CL_STORAGE, ASX_CL_PROCESSING, ASX_CL_BACKUP } asx_country_list;
typedef enum { ASX_PK_NONE, ASX_PK_GOVERNING_LAW, ASX_PK_JURISDICTION } asx_policy_country;

/* What the words of the cited clause make of a shortfall (v2 `basis`, SPEC v2 §4). NONE: a bank
 * without `basis` (1.x), scored by its `severity` and `knockout` as in v1. */
typedef enum { ASX_BASIS_NONE, ASX_BASIS_MUST, ASX_BASIS_AS_NEEDED, ASX_BASIS_REFERENCE, ASX_BASIS_ORG } asx_basis;
const char *asx_basis_name(asx_basis b); /* "must" … ("" for NONE) */

/* Which policy rule an as_needed answer outside the policy follows (v2 `rule`). */
typedef enum {
    ASX_QRULE_NONE,
    ASX_QRULE_LOCATION,
    ASX_QRULE_LAW,
    ASX_QRULE_BYOK /* v3: an org question whose shortfall follows the policy's byok_rule */
} asx_qrule;

/* Service models a question may be limited to (v2 `applies.service_model`), as a bit set. */
enum { ASX_MODEL_SAAS = 1, ASX_MODEL_PAAS = 2, ASX_MODEL_IAAS = 4 };
/* The bit of a model name ("SaaS", case-insensitive), 0 when unknown. */
unsigned asx_service_model_bit(const char *name);

/* What the assessment of a bank decides (its "documents" member's "kind", FORMAT.md). */
typedef enum {
    ASX_BANK_EXTERNAL_SERVICE, /* 11-2: approve the use of an external (cloud) service */
    ASX_BANK_ON_TERMS,         /* 11-3: approve a service used on its published terms (約款) */
    ASX_BANK_OUTSOURCING       /* 11-1: select a contractor for outsourced work (業務委託) */
} asx_bank_kind;
const char *asx_bank_kind_name(asx_bank_kind k); /* "external_service" … */

/* What a must question breaks when it is not met, by the clause it cites first (a "must" entry of
 * the bank's "documents"): 11-2(2) makes selection conditions (選定条件), 11-1(2) contract terms. */
typedef struct {
    char *clause; /* "11-2(2)": this clause and every item under it */
    asx_text label;
} asx_must_kind;

/* What the documents of a bank need from it, as data (the bank's "documents" member): no view or
 * scorer tells the banks apart by their clause. */
typedef struct {
    asx_bank_kind kind;
    asx_text title;       /* the pack's title: 「外部サービス利用 審査資料」 */
    char *tender_clause;  /* what puts the requirements into the tender (調達仕様書): "11-2(3)①";
                             NULL: the bank's clause */
    char *manager_clause; /* who is designated to oversee the service on approval: "11-2(4)③";
                             NULL: nothing to cite */
    asx_must_kind *musts;
    size_t nmusts;
} asx_bank_documents;

typedef struct asx_question {
    char *id;
    size_t index;   /* position in the bank */
    size_t section; /* index into bank->sections */
    char **clauses;
    size_t nclauses;
    asx_text label, text, evidence;
    asx_text fix;     /* memo: to the officer, what to require (「…させること」) */
    asx_text request; /* to the vendor: what to supply or correct, politely (SPEC §8.3) */
    /* v3: what the contract (特記事項) states for this question, 「乙は、…する。」 (SPEC §8.3);
     * empty when the contract states nothing for it. {agreed} (number, choice, countries,
     * country) is the value agreed: the stricter of the answer and the requirement. */
    asx_text term;
    asx_qtype type;
    double weight;
    bool required;
    bool allow_na;
    asx_severity severity; /* of a shortfall (never KNOCKOUT: see knockout_from) */
    int knockout_from;     /* 0: never a knockout; else from this 機密性 level up */
    /* when: applies only if question when_q was answered with one of when_values */
    const struct asx_question *when_q;
    char **when_values;
    size_t nwhen_values;
    int applies_c, applies_i, applies_a; /* 0 or the minimum level */
    bool applies_any;       /* true: any one of the levels suffices (applies.match = "any") */
    unsigned applies_models; /* 0: every service model; else ASX_MODEL_* bits */
    /* v2 */
    asx_basis basis;
    asx_qrule rule;
    asx_text condition;     /* must: the words of the selection condition (ja from the clause) */
    const asx_text *must_kind; /* what a must shortfall breaks (選定条件, 契約項目), borrowed from the
                                  bank's documents.must by the first clause; NULL: a requirement
                                  of the standard itself (対策基準の定め) */
    char *minimum_policy;   /* choice: policy key naming the lowest acceptable option */
    /* yesno */
    asx_yesno expected;
    /* choice */
    asx_option *options;
    size_t noptions;
    /* number */
    asx_text unit;
    bool higher_better;
    bool has_min, has_max;
    double min, max;
    bool has_threshold;
    double threshold;        /* fixed threshold, when threshold_policy is NULL */
    char *threshold_policy;  /* policy key, e.g. "rto_hours_max" */
    /* countries / list */
    asx_country_list policy_list;
    /* country */
    asx_policy_country policy_key;
    /* date */
    bool expiry;
    /* list */
    asx_item_field *fields;
    size_t nfields;
    /* red flags that apply to this question (indices into bank->flags) */
    size_t *flag_idx;
    size_t nflags;
} asx_question;

typedef struct {
    char *id;
    asx_text title;
} asx_section;

struct asx_redflag_code; /* compiled PCRE2 pattern, private to bank.c / redflag matching */

typedef struct {
    char *id;
    char *pattern;
    char *unless;                    /* v2: a sentence also matching this is not affirmative */
    asx_severity severity;           /* default minor (要確認) */
    bool contradicts_place;          /* v3 "contradicts_place": on a place answer (countries)
                                        within the policy, an affirmative statement of handling
                                        abroad is a contradiction (差戻し), not a flag */
    asx_text message;
    struct asx_redflag_code *code;
    struct asx_redflag_code *unless_code;
} asx_redflag;

/* A consistency rule (v2): when question `if_q` holds (answered with one of if_values, or, with
 * no values, answered with something: a non-empty list, countries, text), question `then_q`
 * must be answered with one of then_values. Both answered otherwise is a contradiction. */
typedef struct {
    char *id;
    const struct asx_question *if_q;
    char **if_values;
    size_t nif_values;
    const struct asx_question *then_q;
    char **then_values;
    size_t nthen_values;
    asx_text message;
} asx_consistency;

typedef struct asx_bank {
    char *id;
    char *version;
    asx_text title;
    char *clause; /* "11-2" */
    asx_bank_documents documents;
    int conf_min, conf_max;
    asx_section *sections;
    size_t nsections;
    asx_question *questions;
    size_t nquestions;
    asx_redflag *flags;
    size_t nflags;
    asx_consistency *rules; /* v2 consistency rules */
    size_t nrules;
    /* the key facts (v2 "facts"): the questions outputs show first, in the bank's order */
    const asx_question **facts;
    size_t nfacts;
} asx_bank;

/* Parse and validate a bank from buf[0..len). file names it in messages. On success *out is a
 * new bank the caller frees with asx_bank_free(). */
asx_error asx_bank_load(const char *buf, size_t len, const char *file, asx_bank **out,
                        asx_diags *d);
void asx_bank_free(asx_bank *b);
/* The question's clauses joined as "6-1(2)②, 11-2(2)⑦". Caller frees; NULL on out of memory. */
char *asx_question_clauses(const asx_question *q);
/* Question by id, or NULL. */
const asx_question *asx_bank_find(const asx_bank *b, const char *id);
const asx_option *asx_question_option(const asx_question *q, const char *value);
/* Whether the question applies at these classification levels (機密性, 完全性, 可用性), by its
 * `applies` levels alone (`match` "all" or "any"); `when` and the service model are not looked at. */
bool asx_question_applies_levels(const asx_question *q, int c, int i, int a);
/* The confidentiality levels a bank is for, as people say it: 「機密性1」 (one level), 「機密性2以上」
 * (up to 3), 「機密性1〜2」 otherwise; "confidentiality 1", "confidentiality 2 and above", … */
void asx_bank_conf_label(const asx_bank *b, asx_lang l, char *buf, size_t size);

/* Red-flag match on text (UTF-8): returns 1 on a match, 0 on none, -1 when the pattern hit its
 * match or depth limit (reported as an error by the caller: a hostile pattern, not a hang). */
int asx_redflag_match(const asx_redflag *f, const char *text, size_t len);
/* The same, counting only an affirmative statement: a match whose sentence (up to 。 . ! ? or a
 * line break on either side) also matches the flag's `unless` pattern does not count. */
int asx_redflag_match_affirmative(const asx_redflag *f, const char *text, size_t len);

/* The set of banks a command can use: the built-in ones plus any loaded with --questionnaire. */
typedef struct {
    asx_bank **v;
    size_t n;
    bool lazy; /* built-in banks parsed on first use (asx_bankset_builtin_lazy) */
} asx_bankset;

/* Load the three built-in banks (compiled into the binary). */
asx_error asx_bankset_builtin(asx_bankset *set, asx_diags *d);
/* The same set, each built-in bank parsed only when asx_bankset_find() first asks for it (a pack
 * of one answers file parses one bank instead of three). For one thread only: find then adds to
 * the set, so the set must not be a const object nor be shared by threads; v lists only the
 * banks parsed so far. */
void asx_bankset_builtin_lazy(asx_bankset *set);
/* Add a bank from a file; it replaces a built-in bank of the same id. */
asx_error asx_bankset_add_file(asx_bankset *set, const char *path, asx_diags *d);
/* The bank of that id, or NULL (a lazy set parses a built-in bank here: see above). */
const asx_bank *asx_bankset_find(const asx_bankset *set, const char *id);
void asx_bankset_free(asx_bankset *set);
/* Check the policy's clause_numbers against the set (SPEC §8.6): a key that is no clause id of
 * any bank (the bank's own clause, a question's clause, or one assess cites itself,
 * asx_policy_cited_clauses) is a problem in d naming the key, where the policy file gives it,
 * and the nearest clause id; ASX_ERR_DATA then. A lazy set parses every built-in bank here, and
 * only when the policy maps anything. */
struct asx_policy;
asx_error asx_bankset_check_policy(const asx_bankset *set, const struct asx_policy *p, asx_diags *d);

#endif
