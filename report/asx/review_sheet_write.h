/* review_sheet_write.h - the officer's review sheet (審査シート, assess-review-sheet/1): a form
 * like the vendor's, for the judgments SPEC v3 §8.1 gives to people. The layout is defined in
 * questionnaires/asx/review_sheet.h, next to the reader that must understand it. */
#ifndef ASX_REVIEW_SHEET_WRITE_H
#define ASX_REVIEW_SHEET_WRITE_H

#include <stdbool.h>
#include "asx/date.h"
#include "asx/error.h"
#include "asx/score.h"

typedef struct {
    asx_lang lang; /* the sheet's texts and its drop-down labels */
    asx_date date; /* creation date in the document properties (reproducible files) */
    int force;     /* overwrite an existing output */
} asx_review_sheet_opts;

/* Write the sheet for the answers r was scored from: one row per judgment r carries (required
 * ones and any recorded), with the facts it rests on and the suggested conclusion r gives, and
 * one row per question with a finding a review may change the severity of (basis reference, org
 * or as_needed). A judgment or override r's review made is written into the officer's cells
 * (the sheet carries an earlier review forward); otherwise a suggested conclusion is written
 * into the decision and reason cells, for the officer to sign or change. The hidden _meta sheet
 * binds the answers' SHA-256. Temporary file + rename; an existing path is ASX_ERR_CANTCREAT
 * unless o->force. */
asx_error asx_review_sheet_write(const asx_result *r, const asx_review_sheet_opts *o, const char *path,
                                 asx_diags *d);

#endif
