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

/* What an answer outside the policy's countries or law is (v2 location_rule / law_rule). */
typedef enum { ASX_RULE_KNOCKOUT, ASX_RULE_MAJOR, ASX_RULE_MINOR } asx_rule;
const char *asx_rule_name(asx_rule r); /* "knockout" … */

/* When the next review falls due (v2 review_basis). */
typedef enum { ASX_REVIEW_MONTHS, ASX_REVIEW_FISCAL_YEAR } asx_review_basis;

/* A string-to-string map in file order (clause_numbers), with where each key was written
 * (line and column in the policy file; 0 for the built-in policy). */
typedef struct {
    char **key;
    char **val;
    int *line, *col;
    size_t n;
} asx_strmap;

/* A string-to-number map in file order (evaluation_points). */
typedef struct {
    char **key;
    double *val;
    size_t n;
} asx_nummap;

typedef struct asx_policy {
    char *organization;
    char *standard_name; /* the title of the organisation's own standard (「情報セキュリティ対策基準」) */
    char *self_reference; /* how its documents call the organisation: 本市, 本町, 本村, 本組合 or
                             本団体 (default; SPEC §8.3) */
    char *file;          /* the policy file (NULL for the built-in one), for later messages */
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
    /* v2 keys (SPEC v2 §3) */
    asx_rule location_rule;       /* data outside allowed_countries */
    asx_rule law_rule;            /* governing law or jurisdiction other than the policy's */
    asx_rule byok_rule;           /* v3: no customer-managed keys (major or minor, never a knockout:
                                     11-2(7)③ names key deletion only as one method) */
    asx_strmap clause_numbers;    /* the organisation's own numbering: "11-2(2)⑦" -> "第9章…" */
    asx_strlist approval_columns; /* the stamp row of the 起案 sheet, left to right */
    asx_strlist approval_consult; /* 合議 boxes */
    /* v3 (SPEC §8.2): approval_block per bank, {"cloud": {…}, "cloud-light": {…}, …} */
    struct asx_bank_block {
        char *bank;
        asx_strlist columns, consult;
    } *bank_blocks;
    size_t nbank_blocks;
    asx_review_basis review_basis;
    int condition_due_days;       /* decision date + this = due date of a condition */
    asx_nummap evaluation_points; /* 配点 per section id; empty: each section's weight */
    /* the numbers the banks compared against in v1, now the organisation's (団体基準) */
    double backup_interval_hours_max;         /* bak.frequency_hours */
    double discontinuation_notice_months_min; /* exit.discontinuation_notice_months */
    char *reporting_min;                      /* sla.reporting: lowest acceptable option */
    char *restore_test_min;                   /* bak.restore_tested: lowest acceptable option */
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
/* Whether a key names the lowest acceptable option of a choice question (reporting_min, …). */
bool asx_policy_is_choice_key(const char *key);
/* The option value a choice key holds (borrowed), or NULL for an unknown key. */
const char *asx_policy_choice_min(const asx_policy *p, const char *key);
bool asx_strlist_has(const asx_strlist *l, const char *s);
/* The stamp row and 合議 boxes of the 起案 sheet for a bank: the bank's own approval_block when
 * the policy gives one (approvers follow the clause: 11-3(2)② the 情報セキュリティ責任者, 11-1 the
 * 情報システム管理者), else the policy's one block. Both borrowed from the policy. */
void asx_policy_approval_block(const asx_policy *p, const char *bank, const asx_strlist **columns,
                               const asx_strlist **consult);
/* The organisation's own number for one clause ("11-2(2)⑦"), or NULL when the policy gives none. */
const char *asx_policy_clause_local(const asx_policy *p, const char *clause);
/* A joined clause list ("6-1(2)②, 11-2(2)⑦") in the organisation's numbering: each clause the
 * policy numbers replaced, the others kept, and a number that the list already holds not
 * repeated (two clauses mapped to 「第9章第3節」 read 「第9章第3節」 once, SPEC §8.6). Caller
 * frees; NULL on out of memory. */
char *asx_policy_clauses_local(const asx_policy *p, const char *clauses);
/* Whether the policy maps any clause (clause_numbers is not empty). */
bool asx_policy_has_clause_numbers(const asx_policy *p);
/* The clause ids assess cites outside the banks' questions (review interval, the managers'
 * designation, the checklists, the spec's tender clause …), NULL-terminated: a policy may number
 * them too. */
extern const char *const asx_policy_cited_clauses[];
/* Copy of s with every dash variant a clause id may be typed with (―, －, ‐, ‑, ‒, –, —, −, ー,
 * ｰ) replaced by '-'. Caller frees; NULL on out of memory. */
char *asx_clause_normalize(const char *s);
/* Levenshtein distance between two UTF-8 strings, counted in code points. */
size_t asx_utf8_distance(const char *a, const char *b);
/* The whole policy as an assess-policy/1 file with every key, in the order of the built-in
 * default: what `policy show --json` prints and `policy init` writes. Loading the text gives the
 * same policy back (asx_policy_load). Caller frees; NULL on out of memory. */
char *asx_policy_to_json(const asx_policy *p);
/* How a document calls the organisation (SPEC §8.3): the policy's self_reference in Japanese
 * (「本団体」 when none), "the organisation" in English. Borrowed or static. */
const char *asx_policy_self_reference(const asx_policy *p, asx_lang lang);
/* The organisation's name as a document prints it: the policy's organization, or when it is
 * empty how the organisation calls itself (asx_policy_self_reference). Borrowed or static. */
const char *asx_policy_org_name(const asx_policy *p, asx_lang lang);
/* Points of a section for the comparison's 技術点 (false: the policy gives none). */
bool asx_policy_evaluation_points(const asx_policy *p, const char *section, double *out);

#endif
