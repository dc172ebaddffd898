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

/* What an identifier found in a bidder's file is (SPEC §8.3 anonymised comparison). */
typedef enum {
    ASX_ID_VENDOR,   /* the vendor's name (and the name without its legal form) */
    ASX_ID_SERVICE,  /* the service's name */
    ASX_ID_CORPNUM,  /* a corporate number (法人番号) */
    ASX_ID_PERSON,   /* the vendor's contact person */
    ASX_ID_SUBCONTRACTOR, /* a subcontractor's name (sub.list) */
    ASX_ID_COMPANY,  /* another company named in free text: a parent, a partner */
    ASX_ID_ISMAP,    /* an ISMAP registration number */
    ASX_ID_CERT,     /* a certificate or registration number (ISO 27001: IS 811234) */
    ASX_ID_URL,
    ASX_ID_EMAIL,
    ASX_ID_DOMAIN,
    ASX_ID_PHONE,
    ASX_ID_NKINDS
} asx_id_kind;

/* One identifier: its text in the bidder's file, what it is, whose it is, and the text every
 * output but the key shows instead (「A社」, 「ISMAP 登録あり (番号は対照表)」). */
typedef struct {
    char *text;
    asx_id_kind kind;
    size_t bidder; /* index into all[] of the first bidder whose file holds it */
    char *mask;
} asx_identifier;

struct asx_scrubber; /* the identifiers as one trie: texts are masked in one pass */

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
    /* when anonymised: every identifier found in the bidders' files, by bidder, kind and text
     * (the key lists them; every other output shows their masks) */
    asx_identifier *ids;
    size_t nids;
    struct asx_scrubber *scrubber;
    const char *title; /* the tender's name (件名, compare --title); NULL when not given */
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
 * order, for the 審査委員会, and collect every identifier in their files (c->ids): the vendor's,
 * service's and contact's names and the corporate number; subcontractors' names (items of a
 * list question with a "name" field) and certificate numbers (a "number" field); and, in every
 * answer value, list item, comment and evidence, what the identifier patterns of base/pattern
 * find (ISMAP and certificate numbers, URLs, e-mail addresses, domains, telephone numbers,
 * corporate numbers, company names with their legal form). Every output then shows the alias
 * instead of the vendor, the service and the file, and asx_compare_scrub() masks the
 * identifiers in any text. Time and memory linear in the size of the files. ASX_ERR_NOMEM on
 * out of memory. */
asx_error asx_compare_anonymize(asx_comparison *c);
/* What an identifier kind is called in the key ("ISMAP 登録番号" / "ISMAP registration"). */
const char *asx_id_kind_label(asx_id_kind k, asx_lang lang);
/* What outputs call the bidder: the alias when anonymised, else the vendor's name (never
 * NULL). */
const char *asx_bidder_vendor(const asx_comparison *c, const asx_bidder *b);
/* The service: "A社の提案" / "A's offer" when anonymised, else its name. Caller frees. */
char *asx_bidder_service(const asx_comparison *c, const asx_bidder *b, asx_lang lang);
/* The answers file: the alias when anonymised, else the path (never NULL). */
const char *asx_bidder_file(const asx_comparison *c, const asx_bidder *b);
/* A copy of s with every identifier of c->ids replaced by its mask when anonymised (answers
 * and findings quote free text): one pass over s, the longest identifier at each place first,
 * a number never matched inside a longer number; a plain copy otherwise. Caller frees; NULL
 * for NULL or on out of memory. */
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
