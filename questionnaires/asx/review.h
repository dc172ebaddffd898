/* review.h - the officer's recorded judgments (審査記録, assess-review/1, SPEC v3 §8.1).
 *
 * The 対策基準 gives some decisions to people, not to a score: the foreign-law risk (11-2(2)⑦),
 * each subcontractor (11-2(2)⑧, 11-1(2)⑧), the provider's reliability (11-2(2)⑪), terms that
 * cannot be negotiated (11-2(2)⑥(注), 11-3(2)①) and compliance with the procurement spec
 * (11-2(3)②). A review records them, bound to one answers file by its SHA-256, with optional
 * overrides of a finding's severity where the question's basis leaves it to the organisation.
 * Which judgments an assessment requires is decided by scoring; this module only loads and
 * validates what the officer wrote. */
#ifndef ASX_REVIEW_H
#define ASX_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/date.h"
#include "asx/error.h"

typedef enum {
    ASX_JUDGE_FOREIGN_LAW_RISK,
    ASX_JUDGE_SUBCONTRACTORS, /* one decision per listed subcontractor: asx_review.subs */
    ASX_JUDGE_RELIABILITY,
    ASX_JUDGE_TERMS,
    ASX_JUDGE_SPEC_COMPLIANCE
} asx_judgment_key;
#define ASX_JUDGE_COUNT 5

const char *asx_judgment_key_name(asx_judgment_key k);                /* "foreign_law_risk" … */
const char *asx_judgment_key_label(asx_judgment_key k, asx_lang l);   /* 「外国法令の適用リスク」 … */
const char *asx_judgment_key_clause(asx_judgment_key k);              /* "11-2(2)⑦" … */
/* The clause that gives the judgment to a person in a bank of this kind (its declared
 * documents.kind, never its id): a subcontractor in outsourcing is 11-1(2)⑧, the terms of a
 * service used on its terms 11-3(2)①; otherwise asx_judgment_key_clause. */
const char *asx_judgment_clause(asx_judgment_key k, asx_bank_kind kind);
/* Who decides by default in a bank of this kind (SPEC §8.1's table): 「情報セキュリティ責任者」 … */
const char *asx_judgment_key_by(asx_judgment_key k, asx_bank_kind kind, asx_lang l);
/* The decision word for people: yes true → 「受容する」/「承認する」/「十分」/「確認した」. */
const char *asx_judgment_decision_label(asx_judgment_key k, bool yes, asx_lang l);

/* One judgment as the officer recorded it. Strings are owned by the review. */
typedef struct {
    asx_judgment_key key;
    bool yes;        /* accept / approve / sufficient / confirmed (false: reject / refuse / …) */
    char *decision;  /* the word as written: "accept" … */
    char *name;      /* subcontractors: the subcontractor's name as listed in sub.list */
    bool essential;  /* a refused subcontractor: the service cannot do without its role */
    char *reason;    /* may be NULL */
    char **basis;    /* reliability: what the judgment rests on (may be empty) */
    size_t nbasis;
    char *version;   /* terms: the version of the terms judged; may be NULL */
    char *by;
    asx_date date;
    bool has_date;   /* the date was given (a date given wrongly is the reader's error) */
    bool has_essential;
    int line, col;   /* where the judgment is in the file (a sheet: row, 0) */
    int index;       /* subcontractors: the position of the decision in the file, else -1 */
    unsigned reported; /* ASX_RV_M_* members whose form the reader has already refused */
} asx_judgment;

/* A changed severity of the findings on one question. */
typedef struct {
    const asx_question *q; /* borrowed from the answers' bank; set by asx_review_check */
    char *question;        /* the question id as written; NULL when missing */
    asx_severity severity;
    char *reason;
    char *by;
    asx_date date;
    bool has_date;
    int line, col;
    int index;             /* the position of the override in the file */
    unsigned reported;     /* ASX_RV_M_* members whose form the reader has already refused */
} asx_override;

typedef struct asx_review {
    char *file;
    char answers_sha256[65];
    asx_judgment *made[ASX_JUDGE_COUNT]; /* the single judgments (NULL: not recorded); the
                                            subcontractors' slot is always NULL */
    asx_judgment *subs;                  /* one per subcontractor decision, file order */
    size_t nsubs;
    asx_override *overrides;
    size_t noverrides;
} asx_review;

/* The members of a judgment or an override (bits of `reported`). */
enum {
    ASX_RV_M_DECISION = 1u << 0,
    ASX_RV_M_BY = 1u << 1,
    ASX_RV_M_DATE = 1u << 2,
    ASX_RV_M_REASON = 1u << 3,
    ASX_RV_M_NAME = 1u << 4,
    ASX_RV_M_ESSENTIAL = 1u << 5,
    ASX_RV_M_VERSION = 1u << 6,
    ASX_RV_M_BASIS = 1u << 7,
    ASX_RV_M_QUESTION = 1u << 8,
    ASX_RV_M_SEVERITY = 1u << 9
};

/* Where in a review a problem found by asx_review_check is: the binding to the answers, a
 * member of a judgment, or a member of an override. A reporter turns it into the place its user
 * knows: a JSON line:column for the loader, a cell for the review sheet's import. */
typedef struct {
    const asx_judgment *j; /* the judgment, or NULL */
    const asx_override *o; /* the override, or NULL; both NULL: answers_sha256 */
    unsigned member;       /* one ASX_RV_M_* bit, or 0 for the whole judgment / override */
} asx_review_place;

typedef struct {
    /* msg is complete ("judgments.reliability.decision must be …") in the user's language */
    void (*report)(void *ud, const asx_review_place *at, const char *msg);
    void *ud;
} asx_review_reporter;

/* The rules a review satisfies, whoever read it (SPEC v3 §8.1): its binding to the answers by
 * SHA-256, each judgment's decision word (j->decision as written; sets j->yes), `by` and `date`,
 * the rule of names and texts, a refused subcontractor's `essential`, subcontractor names against
 * sub.list (one decision each), overrides only on questions whose basis is reference, org or
 * as_needed (sets o->q), one override per question. A binding that does not match is the only
 * problem reported. Every problem goes to rep; returns how many. */
size_t asx_review_check(asx_review *r, const asx_answers *answers, const asx_review_reporter *rep);
/* The path of a place as in a review file: "judgments.subcontractors[0].by". Caller frees. */
char *asx_review_place_path(const asx_review_place *at);
/* The member's name in a review file: "decision", "by", … ("" for 0). */
const char *asx_review_member_name(unsigned member);
/* The two decision words of a key: [0] yes (accept, approve, …), [1] no. */
void asx_judgment_decision_words(asx_judgment_key k, const char *w[2]);
/* A severity by its name (knockout, major, minor, info). */
bool asx_severity_parse(const char *s, asx_severity *out);
/* The review as assess-review/1 JSON text (what import writes). Caller frees; NULL on OOM. */
char *asx_review_to_json(const asx_review *r);

/* Parse a review from buf[0..len) and check it against the answers it judges: the format, the
 * SHA-256 binding, every judgment's decision word, `by` and `date`, subcontractor names against
 * sub.list, overrides only on questions whose basis is reference, org or as_needed. Every
 * problem goes to d with its place (not just the first). On success *out is new (caller frees
 * with asx_review_free); it borrows questions from the answers' bank. */
asx_error asx_review_load(const char *buf, size_t len, const char *file, const asx_answers *answers,
                          asx_review **out, asx_diags *d);
/* Read the file (size-limited) and load it. */
asx_error asx_review_load_file(const char *path, const asx_answers *answers, asx_review **out,
                               asx_diags *d);
/* The review beside an answers file: "X.review.json" for "X.json", "X.xlsx" or "X.ods" (any
 * other name: NAME.review.json). NULL for "-" (standard input) or out of memory; caller frees. */
char *asx_review_beside(const char *answers_path);
void asx_review_free(asx_review *r);

/* The subcontractors listed in sub.list of the answers: their names (borrowed from the answers,
 * in list order) into *names (new array, caller frees; NULL when none); returns how many. */
size_t asx_answers_subcontractors(const asx_answers *a, const char ***names, const char ***countries,
                                  const char ***roles);

#endif
