/* compare.h - bidders side by side: the eligible ones ranked, the others excluded with reasons.
 *
 * A comparison borrows the results it was made from (and through them the answers, the bank and
 * the policy): keep those alive while the comparison is used.
 *
 * Ranking rule (SPEC §5 compare): bidders whose verdict is approved or conditional are eligible.
 * They are sorted by score (descending), then by fewer major findings, then by vendor name
 * (strcmp, byte order), then by their position on the command line. Ranks are 1..n in that
 * order: two bidders are never given the same rank, even when score, majors and name are equal
 * (the command-line order decides then). Rejected and incomplete bidders are excluded, listed
 * in command-line order. */
#ifndef ASX_COMPARE_H
#define ASX_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/answers.h"
#include "asx/error.h"
#include "asx/score.h"

/* Why an excluded bidder was excluded (a bidder may have several reasons). */
enum {
    ASX_EXCL_KNOCKOUT = 1,   /* a knockout finding (必須条件違反) */
    ASX_EXCL_UNANSWERED = 2, /* required questions unanswered (差戻し) */
    ASX_EXCL_LOW_SCORE = 4,  /* no knockout, score below the policy's conditional threshold */
    ASX_EXCL_PENDING = 8     /* a judgment of the officer is missing (審査未了, SPEC v3 §8.1) */
};

typedef struct {
    const asx_result *r; /* borrowed */
    size_t index;        /* position in the array given to asx_compare() */
    int rank;            /* 1..n for eligible bidders, 0 for excluded ones */
    unsigned reasons;    /* ASX_EXCL_* bits; 0 for eligible bidders */
    double tech;         /* 技術点: sum over the sections of points × section score / 100
                          * (rounded to 0.1); a section with nothing this bidder had to answer
                          * earns its points in full */
    char alias[16];      /* "A社", "B社", … in command-line order (asx_compare_anonymize);
                          * "" when not anonymised */
} asx_bidder;

typedef struct asx_comparison {
    const asx_bank *bank;     /* the one bank every bidder answered */
    const asx_policy *policy; /* the policy every result was scored under */
    asx_class cls;            /* the one classification */
    asx_bidder *all;          /* every bidder, input order */
    size_t nall;
    asx_bidder *ranked; /* eligible bidders, rank order */
    size_t nranked;
    asx_bidder *excluded; /* excluded bidders, input order */
    size_t nexcluded;
    /* 技術点 (SPEC v2 §5): the points of each bank section (bank order): the policy's
     * evaluation_points when it gives any (sections it does not name get 0), else the section's
     * weight (the sum of the weights of its questions that apply to the classification). */
    double *points;
    bool points_from_policy;
    double tech_max; /* sum of points */
    bool anonymized; /* bidders are named by alias in every output */
} asx_comparison;

/* Whether a verdict makes a bidder eligible for ranking (approved or conditional). */
bool asx_compare_eligible(asx_verdict v);

/* Check that the n answers can be compared: same bank (id and questionnaire version) and the
 * same classification. Each file that differs from the majority (the first file's group wins a
 * tie) gets a problem in d naming it and the file it differs from; returns ASX_ERR_DATA then. */
asx_error asx_compare_check(const asx_answers *const *answers, size_t n, asx_diags *d);

/* Rank and exclude the n results (n >= 1), which must pass asx_compare_check() and share one
 * policy. On success *out is new (borrowing results[]); free it with asx_comparison_free(). */
asx_error asx_compare(const asx_result *const *results, size_t n, asx_comparison **out,
                      asx_diags *d);
void asx_comparison_free(asx_comparison *c);

/* Name the bidders A社, B社, … (A's, B's in English; after Z: AA, AB, …) in command-line
 * order, for the 審査委員会. Every output then shows the alias instead of the vendor, the
 * service and the file, and asx_compare_scrub() takes the names out of free text. */
void asx_compare_anonymize(asx_comparison *c);
/* What outputs call the bidder: the alias when anonymised, else the vendor's name (never
 * NULL). */
const char *asx_bidder_vendor(const asx_comparison *c, const asx_bidder *b);
/* The service: "A社の提案" / "A's offer" when anonymised, else its name. Caller frees. */
char *asx_bidder_service(const asx_comparison *c, const asx_bidder *b, asx_lang lang);
/* The answers file: the alias when anonymised, else the path (never NULL). */
const char *asx_bidder_file(const asx_comparison *c, const asx_bidder *b);
/* A copy of s with every bidder's vendor name, service name and corporate number replaced by
 * its alias when anonymised (answers and findings quote free text); a plain copy otherwise.
 * Caller frees; NULL for NULL or on out of memory. */
char *asx_compare_scrub(const asx_comparison *c, const char *s);

/* The comparison as JSON (SPEC §5), messages in lang; caller frees:
 * {"format": "assess-compare/1", "questionnaire": …, "questionnaire_version": …,
 *  "anonymized": bool, "tech_max": 技術点の満点,
 *  "evaluation_points": [{"section", "points"}], "points_from": "policy"|"weights",
 *  "ranking": [{"rank", "vendor", "service", "score", "tech", "verdict", "file", "majors",
 *               "minors"}],
 *  "excluded": [{"vendor", "service", "score", "tech", "verdict", "file", "reasons": ["knockout"|
 *               "unanswered"|"low_score"], "findings": [{"question", "clause", "clause_local"
 *               (when the policy numbers it), "severity", "message"}] (knockout findings only),
 *               "unanswered": [{"question", "clause", "clause_local", "label"}]}]} */
char *asx_comparison_to_json(const asx_comparison *c, asx_lang lang);

#endif
