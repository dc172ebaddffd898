/* xlsx_import.h - reading a filled vendor form (assess-form/1 workbook) back into answers.
 *
 * The layout of the form is the contract between report/form.c (which writes it) and this
 * reader, so it is defined here, in the bottom layer:
 *
 *   sheet "_meta" (hidden): key in column A, value in column B: format (ASX_FORM_FORMAT),
 *       questionnaire, questionnaire_version, confidentiality, integrity, availability, lang.
 *   sheet "回答" (or "Answers" for an English form): one row per question, found by the id in
 *       column A (never by position, so rows a vendor inserts or sorts do not matter); the answer
 *       is in column F, the comment in G, the evidence in H (one item per line). Rows whose
 *       column A is "@vendor.name", "@vendor.corporate_number", "@vendor.country",
 *       "@service.name", "@service.model", "@assessment.date" or "@assessment.purpose" hold the
 *       header fields (value in column F).
 *   sheet "_lists" (hidden): the values offered by the drop-down lists.
 *
 * Answer cells (column F) by type:
 *   yesno    the drop-down labels はい/いいえ/一部/該当なし (ja form) or Yes/No/Partial/N/A (en form);
 *            the raw values yes/no/partial/na and TRUE/FALSE cells are accepted too.
 *   choice   an option label in either language, or the option value.
 *   number   a number cell; a number typed as text ("99.95", "99.95 %") is accepted.
 *   country  an ISO 3166-1 alpha-2 code.
 *   countries codes separated by commas, 、, semicolons, spaces or new lines ("JP, US").
 *   date     a date cell (serial number with a date format) or text YYYY-MM-DD.
 *   text     text.
 *   list     one item per line, the item's fields in order separated by "/"
 *            ("株式会社A / JP / データセンター運用"); "なし" or "none" is an empty list.
 *   Any type where the question allows it: 該当なし / N/A / na.
 * Formulas are refused in every cell that is read. */
#ifndef ASX_XLSX_IMPORT_H
#define ASX_XLSX_IMPORT_H

#include <stddef.h>
#include "asx/bank.h"
#include "asx/error.h"

#define ASX_FORM_FORMAT "assess-form/1"
#define ASX_FORM_META_SHEET "_meta"
#define ASX_FORM_LISTS_SHEET "_lists"
#define ASX_FORM_SHEET_JA "回答"
#define ASX_FORM_SHEET_EN "Answers"

/* Columns of the answer sheet (0-based: A = 0). */
enum {
    ASX_FORM_COL_ID = 0,
    ASX_FORM_COL_CLAUSE,
    ASX_FORM_COL_SECTION,
    ASX_FORM_COL_QUESTION,
    ASX_FORM_COL_EXPECTED,
    ASX_FORM_COL_ANSWER,
    ASX_FORM_COL_COMMENT,
    ASX_FORM_COL_EVIDENCE,
    ASX_FORM_NCOLS
};

/* Header-field keys in column A (value in ASX_FORM_COL_ANSWER). */
#define ASX_FORM_KEY_VENDOR_NAME "@vendor.name"
#define ASX_FORM_KEY_CORPORATE_NUMBER "@vendor.corporate_number"
#define ASX_FORM_KEY_VENDOR_COUNTRY "@vendor.country"
#define ASX_FORM_KEY_SERVICE_NAME "@service.name"
#define ASX_FORM_KEY_SERVICE_MODEL "@service.model"
#define ASX_FORM_KEY_DATE "@assessment.date"
#define ASX_FORM_KEY_PURPOSE "@assessment.purpose"

/* Limits against hostile workbooks. */
#define ASX_XLSX_MAX_ENTRY (16u * 1024u * 1024u) /* uncompressed bytes read from one zip entry */
#define ASX_XLSX_MAX_TOTAL (32u * 1024u * 1024u) /* uncompressed bytes read in all */
#define ASX_XLSX_MAX_ROWS 5000u                  /* rows of the answer sheet */
#define ASX_XLSX_MAX_ENTRIES 1000u               /* entries in the zip */
#define ASX_XLSX_MAX_CELL 32767u                 /* characters in one cell (Excel's limit) */

/* Read the filled form buf[0..len) (the bytes of an .xlsx file; need not stay valid after the
 * call) and turn it into assess-answers/1 JSON checked with asx_answers_load() against the bank
 * of set named in the form. file names the workbook in messages, and every cell problem is
 * reported as "SHEET!F12: question.id: what is wrong" - all of them, not just the first
 * (ASX_ERR_DATA). A form of a bank or version that set does not hold is refused. On success
 * *json is a new NUL-terminated string the caller frees. */
asx_error asx_xlsx_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          char **json, asx_diags *d);

/* Parse a yes/no answer as written in a form (labels in either language or raw values,
 * surrounding spaces ignored). Returns ASX_YN_NONE when s is none of them. */
asx_yesno asx_form_parse_yesno(const char *s);

/* One row of a sheet as read by asx_xlsx_read_rows(): the texts of columns A-H, trimmed (NULL
 * when empty), and each cell's type: 'n' number, 's' text, 'b' boolean, 'e' error, 'd' date,
 * 'f' a formula, 'L' too long, 0 empty. */
typedef struct {
    unsigned row; /* 1-based */
    char *text[ASX_FORM_NCOLS];
    char type[ASX_FORM_NCOLS];
} asx_xlsx_row;

/* Read columns A-H of the first sheet of the workbook buf[0..len) whose name is in sheets
 * (NULL-terminated, tried in order), with the limits above. On success *rows (free with
 * asx_xlsx_rows_free) and *sheet_used (the name found; caller frees) are new. */
asx_error asx_xlsx_read_rows(const void *buf, size_t len, const char *file,
                             const char *const *sheets, asx_xlsx_row **rows, size_t *nrows,
                             char **sheet_used, asx_diags *d);
void asx_xlsx_rows_free(asx_xlsx_row *rows, size_t n);

#endif
