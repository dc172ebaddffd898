/* compare_impl.h - what the two views of a comparison share (compare_report.c: the terminal
 * table and the shared texts; compare_doc.c: the comparison and its key as documents). Private
 * to report/. */
#ifndef ASX_COMPARE_IMPL_H
#define ASX_COMPARE_IMPL_H

#include <stdbool.h>
#include "asx/compare_report.h"
#include "asx/date.h"

const char *cmp_nz(const char *s);
/* The clauses of q as the result cites them, in the organisation's numbering (caller frees). */
char *cmp_join_clauses(const asx_result *r, const asx_question *q);
/* What a pending bidder waits for, without the names of its subcontractors. Caller frees. */
char *cmp_pending_labels(const asx_result *r, asx_lang l);
/* The bidders in column order: ranked ones by rank, then the excluded ones. Caller frees. */
const asx_bidder **cmp_column_order(const asx_comparison *c);
/* 「件名: X / organisation」 for the page header or footer; NULL when neither is given. */
char *cmp_tender_line(const asx_comparison *c, asx_lang l);
/* The exclusion reasons of one bidder in one text. Caller frees; "" for eligible bidders. */
char *cmp_exclusion_text(const asx_comparison *c, const asx_bidder *x, asx_lang l);

typedef enum { CV_TEXT, CV_NUM, CV_SCORE, CV_PCT, CV_DATE } cv_kind;
/* One bidder's cell of a row: its value and how to write it. */
typedef struct {
    cv_kind kind;
    char *text; /* the value for people; also the key that decides "differs" */
    double num;
    asx_date date;
    bool ko;
} cval;
void cmp_cval_free(cval *v, size_t n);
/* mark[i]: bidder i's value differs from another bidder's (the cells people should look at). */
void cmp_diff_marks(const cval *v, size_t n, bool *mark);

/* The members of the selection committee the comparison leaves room for, and their roles. */
enum { N_COMMITTEE = 5 };
const char *cmp_committee_role(size_t i, asx_lang l);

/* The ranking row of one ranked bidder, the same in the terminal table and in the PDF. */
enum { CMP_RANK_COLS = 8 };
typedef struct {
    char rank[24], score[32], tech[32], majors[24], minors[24];
    char *service;
    const char *cells[CMP_RANK_COLS]; /* point into the row and the comparison */
} cmp_row;
void cmp_ranking_row(const asx_comparison *c, size_t i, asx_lang l, cmp_row *row);
void cmp_ranking_row_free(cmp_row *row);

#endif
