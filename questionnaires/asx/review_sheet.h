/* review_sheet.h - the officer's review sheet (審査シート, assess-review-sheet/1): the workbook
 * `assess review` writes from a result and `assess import` reads back into a review
 * (assess-review/1, SPEC v3 §8.1).
 *
 * The layout is the contract between report/review_sheet.c (which writes it) and this reader, so
 * it is defined here, in the bottom layer, like the vendor form's (xlsx_import.h):
 *
 *   sheet "_meta" (hidden, protected): key in column A, value in column B: format
 *       (ASX_RSHEET_FORMAT), answers_sha256 (the answers the sheet was made for), questionnaire,
 *       questionnaire_version, lang, answers (the answers file's name, for people). The
 *       binding is shown in row ASX_RSHEET_BINDING_ROW of the data sheet too, and both must agree.
 *   sheet "審査" (or "Review" for an English sheet): one row per judgment the answers require,
 *       then one row per question with a finding whose basis lets a review change its severity.
 *       Column A holds the row's key (ASX_RSHEET_KEY_OVERRIDE or a judgment key:
 *       foreign_law_risk, subcontractors, …), B its subject (a subcontractor's name as listed, a
 *       question id), C-G what the officer reads (locked): the judgment, its clause, who decides,
 *       the facts it rests on, the suggested conclusion. H-L are the officer's: the decision (a
 *       list), the reason, a detail (the reliability's basis, one per line; the version of the
 *       terms; whether the service can do without a refused subcontractor), the name and the date.
 *       An override row takes the new severity in H.
 *   The same sheet saved by LibreOffice as .ods reads the same.
 *
 * A row is a judgment when it is signed (a name or a date): an unsigned row stays a missing
 * judgment, whatever its decision cell says (a suggested conclusion is written there for the
 * officer to confirm by signing). */
#ifndef ASX_REVIEW_SHEET_H
#define ASX_REVIEW_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/error.h"
#include "asx/review.h"

#define ASX_RSHEET_FORMAT "assess-review-sheet/1"
#define ASX_RSHEET_SHEET_JA "審査"
#define ASX_RSHEET_SHEET_EN "Review"
#define ASX_RSHEET_KEY_OVERRIDE "override"
/* The row (1-based) of the data sheet whose column A shows the binding to people:
 * "… (SHA-256 <the first 16 hex digits>…) …"; the import refuses a sheet whose _meta disagrees. */
#define ASX_RSHEET_BINDING_ROW 2

/* Columns of the review sheet (0-based: A = 0). */
enum {
    ASX_RSHEET_COL_KEY = 0,
    ASX_RSHEET_COL_SUBJECT,
    ASX_RSHEET_COL_LABEL,
    ASX_RSHEET_COL_CLAUSE,
    ASX_RSHEET_COL_BY_DEFAULT,
    ASX_RSHEET_COL_FACTS,
    ASX_RSHEET_COL_SUGGESTION,
    ASX_RSHEET_COL_DECISION, /* H: the officer's from here */
    ASX_RSHEET_COL_REASON,
    ASX_RSHEET_COL_DETAIL,
    ASX_RSHEET_COL_NAME,
    ASX_RSHEET_COL_DATE,
    ASX_RSHEET_NCOLS
};

/* Whether a subcontractor's role is one the service cannot do without (the detail cell of a
 * subcontractor row): the two labels of the drop-down list. */
const char *asx_rsheet_essential_label(bool essential, asx_lang l);

/* Whether buf[0..len) is a review sheet (an XLSX or ODS workbook whose _meta says
 * ASX_RSHEET_FORMAT). Reads only what it needs; any problem is "no". */
bool asx_is_review_sheet(const void *buf, size_t len);

/* Read a filled review sheet buf[0..len) (XLSX or ODS, told apart by their content) into a
 * review. file names the workbook in messages. With the answers it was made for (answers may be
 * NULL), the review is checked by asx_review_check, each problem at its cell ("審査!K8: …");
 * a sheet made for other answers is refused naming the _meta cell. Without them, the rules
 * that need the answers (the binding, the subcontractors listed) wait for score --review; the
 * bank (from _meta) is still checked. Unsigned rows stay missing judgments (a note names each
 * row whose decision cell is filled). On success *out is new (free with asx_review_free). */
asx_error asx_review_sheet_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                                  const asx_answers *answers, asx_review **out, asx_diags *d);

#endif
