/* answers.h - a vendor's answers (assess-answers/1), checked against its bank. */
#ifndef ASX_ANSWERS_H
#define ASX_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/bank.h"
#include "asx/date.h"
#include "asx/error.h"

typedef enum { ASX_PURPOSE_PROCUREMENT, ASX_PURPOSE_APPROVAL, ASX_PURPOSE_REAUDIT } asx_purpose;
const char *asx_purpose_name(asx_purpose p);
const char *asx_purpose_label(asx_purpose p, asx_lang l);

typedef struct {
    int c, i, a; /* 機密性 1-3, 完全性 1-2, 可用性 1-2 */
} asx_class;
/* "機密性2・完全性2・可用性2" / "C2 / I2 / A2" into buf. */
void asx_class_format(asx_class c, asx_lang l, char *buf, size_t size);

/* One item of a list answer: values parallel to the question's fields. */
typedef struct {
    char **values;
} asx_item;

/* One answer. Which value members are set depends on the question's type. */
typedef struct {
    bool present;
    bool na;
    asx_yesno yn;      /* yesno */
    double num;        /* number */
    char *str;         /* choice, country, date (ISO), text */
    asx_date date;     /* date */
    char **strs;       /* countries */
    size_t nstrs;
    asx_item *items;   /* list */
    size_t nitems;
    char *comment;
    char **evidence;
    size_t nevidence;
    int line, col;     /* where the answer is in the file */
    char *source;      /* where it came from ("回答!F19", written by import); may be NULL. Set
                        * also for a question left empty on a form (present false) */
} asx_answer;

/* An id in the file that the bank does not have (kept when the file is for another version of
 * the bank, so a re-audit can report it; an error otherwise). */
typedef struct {
    char *id;
    char *value_text; /* the value as compact JSON */
} asx_extra_answer;

typedef struct asx_answers {
    char *file;
    char sha256[65];      /* of the bytes loaded: what a review (assess-review/1) is bound to */
    const asx_bank *bank; /* borrowed: the bankset outlives the answers */
    char *bank_version;   /* questionnaire_version as written in the file */
    asx_date date;
    asx_purpose purpose;
    asx_class cls;
    char *vendor_name;
    char *corporate_number; /* may be NULL (foreign vendors) */
    char *vendor_country;
    char *service_name;
    char *service_model; /* SaaS/PaaS/IaaS/… may be NULL */
    char *contact_name;  /* vendor.contact_name: the vendor's contact person (担当者); may be NULL */
    char *contact;       /* vendor.contact: phone or mail (連絡先); may be NULL */
    asx_answer *a;       /* one per bank question, by question index */
    asx_extra_answer *extra;
    size_t nextra;
} asx_answers;

/* Parse answers from buf[0..len) and check them against their bank in set: every rule of
 * SPEC §3 and §7. All problems are added to d (not just the first). On success *out is new and
 * the caller frees it; it borrows the bank from set. A filled form (XLSX or ODS: a zip, see
 * asx_answers_is_form) is imported in memory (asx_form_import) instead of parsed as JSON. */
bool asx_answers_is_form(const char *buf, size_t len);
asx_error asx_answers_load(const char *buf, size_t len, const char *file,
                           const asx_bankset *set, asx_answers **out, asx_diags *d);
/* Read the file (size-limited) and load it. */
asx_error asx_answers_load_file(const char *path, const asx_bankset *set, asx_answers **out,
                                asx_diags *d);
void asx_answers_free(asx_answers *a);
/* Serialise back to assess-answers/1 JSON (used by import). Caller frees. */
char *asx_answers_to_json(const asx_answers *a);

/* Where in the answers a problem found by asx_answers_check is: a header field, or a part of one
 * answer. A reporter turns it into the place the user knows: a JSON line:column for the loader,
 * a cell ("回答!F19") for the form import. */
typedef enum {
    ASX_AT_HEADER,   /* key: "vendor.name", "service.model", "questionnaire", … */
    ASX_AT_VALUE,    /* q's value; index: its element (country, list item) or -1; field: a list field */
    ASX_AT_COMMENT,  /* q's comment */
    ASX_AT_EVIDENCE, /* q's evidence[index] (-1: the whole list) */
    ASX_AT_SOURCE    /* q's source */
} asx_at_part;

typedef struct {
    asx_at_part part;
    const char *key;        /* ASX_AT_HEADER */
    const asx_question *q;  /* the other parts */
    int index;
    const char *field;      /* a list item's field key, or NULL */
} asx_answers_place;

typedef struct {
    /* msg is complete ("sla.uptime: expected …") and in the user's language */
    void (*report)(void *ud, const asx_answers_place *at, const char *msg);
    void *ud;
} asx_answers_reporter;

/* The rules about values and consistency that answers satisfy, whoever built them (SPEC §3 and
 * §7): options, ranges, country codes, dates of list fields, list sizes, the strings of the file
 * (SPEC v2 §7), the vendor's corporate number, the bank's fit to the classification. Types and
 * keys are the parser's. Only answers marked present (and not na, for the value) have their value
 * checked; a->bank may be NULL (then only the header). Every problem goes to r; returns how many. */
size_t asx_answers_check(const asx_answers *a, const asx_answers_reporter *r);
/* The path of a place as in an answers file: "vendor.name", "answers.x.value[2].name". Caller
 * frees. */
char *asx_answers_place_path(const asx_answers_place *at);

/* Whether question q applies to these answers (classification levels and `when`). */
bool asx_question_applies(const asx_question *q, const asx_answers *a);

/* A broken consistency rule of the bank (v2): both answers borrowed from the answers. */
typedef struct {
    const asx_consistency *rule;
    const asx_answer *if_a;   /* the answer of rule->if_q */
    const asx_answer *then_a; /* the answer of rule->then_q, which contradicts it */
} asx_contradiction;
/* The consistency rules these answers break, in bank order. *out is new (caller frees; NULL when
 * none); returns how many. */
size_t asx_answers_contradictions(const asx_answers *a, asx_contradiction **out);

/* The earliest expiry of the evidence relied on: cert.expiry and every certificate of
 * cert.certificates. False when none is answered. */
bool asx_answers_evidence_expiry(const asx_answers *a, asx_date *out);

/* 法人番号: 13 digits with a valid check digit. */
bool asx_corporate_number_valid(const char *s);

/* The answer's value for people: "はい", "JP, US", "99.95 %", "2027-03-31", list items joined.
 * "—" when absent, "該当なし"/"N/A" for na. Caller frees. */
char *asx_answer_format(const asx_question *q, const asx_answer *a, asx_lang lang);

#endif
