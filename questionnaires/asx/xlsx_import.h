/* xlsx_import.h - reading a filled vendor form (assess-form/1 workbook, XLSX or ODS) back into
 * answers.
 *
 * The layout of the form is the contract between report/form.c (which writes it) and this
 * reader, so it is defined here, in the bottom layer:
 *
 *   sheet "_meta" (hidden): key in column A, value in column B: format (ASX_FORM_FORMAT),
 *       questionnaire, questionnaire_version, confidentiality, integrity, availability, lang,
 *       and, when the organisation fixed them, purpose and due (the answer deadline). The
 *       answer sheet shows the same in locked cells (asx_form_subtitle, the fixed header
 *       fields); the import refuses a form whose two copies disagree, naming both cells.
 *   sheet "回答" (or "Answers" for an English form): one row per question, found by the id in
 *       column A (never by position, so rows a vendor inserts or sorts do not matter); the answer
 *       is in column F, the comment in G, the evidence in H (one item per line); column I
 *       (確認事項) holds the reviewer's notes of a 補正依頼 and is not read. Rows whose column A
 *       is one of the ASX_FORM_KEY_* keys hold the header fields (value in column F).
 *   sheet "_lists" (hidden): the values offered by the drop-down lists.
 * The same form saved by LibreOffice as .ods reads the same (tables of those names).
 *
 * Answer cells (column F) by type, read as people type them:
 *   yesno    the drop-down labels はい/いいえ/一部/該当なし (ja form) or Yes/No/Partly/N/A (en form),
 *            the raw values yes/no/partial/na, TRUE/FALSE cells, ○/×/△.
 *   choice   an option label in either language, or the option value.
 *   number   a number cell (a percent-formatted cell is ×100 for a question in %: 99.95% typed
 *            into Excel is stored as 0.9995); text "99.95", "９９．９５", "99.95%" (% questions),
 *            "24時間" (hour questions). A unit that does not fit the question is an error.
 *   country  an ISO 3166-1 alpha-2 code in any case or width, or a name (日本, 米国, Japan).
 *   countries the same, separated by commas, 、, ・, semicolons, spaces or new lines.
 *   date     a date cell (serial number with a date format), or text 2026-03-31, 2026/3/31,
 *            2026年3月31日, 令和8年3月31日, R8.3.31, H31.4.30 (an optional "(火)" after it).
 *   text     text, as typed.
 *   list     one item per line, the item's fields in order separated by "/" or "／"
 *            (「株式会社A / JP / データセンター運用」); "なし" or "none" is an empty list. A
 *            field in double quotes is read as it is ("運用/保守"; "" inside is a quote): see
 *            asx_form_piece. Evidence (column H) likewise: one item per line or "…".
 *   Any type where the question allows it: 該当なし / N/A / na.
 * Formulas are refused in every cell that is read. */
#ifndef ASX_XLSX_IMPORT_H
#define ASX_XLSX_IMPORT_H

#include <stddef.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/date.h"
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
    ASX_FORM_NCOLS,                  /* the columns read back */
    ASX_FORM_COL_REVIEW = ASX_FORM_NCOLS /* 確認事項: written by form --from, never read */
};

/* Header-field keys in column A (value in ASX_FORM_COL_ANSWER). */
#define ASX_FORM_KEY_VENDOR_NAME "@vendor.name"
#define ASX_FORM_KEY_CORPORATE_NUMBER "@vendor.corporate_number"
#define ASX_FORM_KEY_VENDOR_COUNTRY "@vendor.country"
#define ASX_FORM_KEY_SERVICE_NAME "@service.name"
#define ASX_FORM_KEY_SERVICE_MODEL "@service.model"
#define ASX_FORM_KEY_DATE "@assessment.date"
#define ASX_FORM_KEY_PURPOSE "@assessment.purpose"
#define ASX_FORM_KEY_CONTACT_NAME "@vendor.contact_name"
#define ASX_FORM_KEY_CONTACT "@vendor.contact"
#define ASX_FORM_KEY_CLASSIFICATION "@assessment.classification" /* shown only (from _meta) */
#define ASX_FORM_KEY_DUE "@assessment.due"                       /* shown only (from _meta) */

/* Limits against hostile workbooks. */
#define ASX_XLSX_MAX_ENTRY (16u * 1024u * 1024u) /* uncompressed bytes read from one zip entry */
#define ASX_XLSX_MAX_TOTAL (32u * 1024u * 1024u) /* uncompressed bytes read in all */
#define ASX_XLSX_MAX_ROWS 5000u                  /* rows of the answer sheet */
#define ASX_XLSX_MAX_ENTRIES 1000u               /* entries in the zip */
#define ASX_XLSX_MAX_CELL 32767u                 /* characters in one cell (Excel's limit) */

/* Read the filled form buf[0..len) (the bytes of an .xlsx or .ods file, told apart by their
 * content; need not stay valid after the call) into answers for the bank of set named in the
 * form. file names the workbook in messages. Every cell problem is reported as
 * "SHEET!F12: question.id: what is wrong" - all of them, not just the first (ASX_ERR_DATA);
 * an .xls, a CSV or any other file is told to be saved as .xlsx or .ods. Required questions
 * left empty and rows without an id are warnings (ASX_OK diagnostics naming their cells): the
 * answers are still returned. Every answer read from a row has its cell in `source`, the empty
 * ones too. On success *out is new (the caller frees it) and borrows its bank from set. */
asx_error asx_form_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          asx_answers **out, asx_diags *d);

/* asx_form_import giving the answers as assess-answers/1 JSON text; the caller frees *json. */
asx_error asx_xlsx_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          char **json, asx_diags *d);

/* Parse a yes/no answer as written in a form (labels in either language, raw values, ○×△,
 * full-width letters, surrounding spaces ignored). Returns ASX_YN_NONE when s is none. */
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

/* Full-width ASCII (ＪＰ, ９９．９, ％) to ASCII, the ideographic space to a space, dashes and
 * the minus sign to "-", trimmed: what a code, a number or a date may hold. Caller frees. */
char *asx_form_fold(const char *s);

/* A date as typed (after asx_form_fold): see "date" above. False when it is none. */
bool asx_form_parse_date(const char *s, asx_date *out);

/* An ISO 3166-1 alpha-2 code for a code, a name (日本, Japan) or a usual other name (米国,
 * アメリカ, 英国, 国内); NULL when none. The code is static. */
const char *asx_form_country(const char *s);

/* What the organisation fixed is in _meta and, for the vendor to read, in locked cells of the
 * answer sheet: the line under the title (row 2, column A: questionnaire, version and
 * classification) and the fixed header fields (purpose, classification, due date). The writer
 * (report/form.c) and the import, which refuses a form whose two copies disagree, use these
 * texts. asx_form_subtitle: caller frees. */
#define ASX_FORM_SUBTITLE_ROW 2
char *asx_form_subtitle(const char *bank_id, const char *version, asx_class cls, asx_lang lang);
/* The due date as the fixed header field shows it (「指定なし」 when none). */
void asx_form_due_text(const asx_date *due, asx_lang lang, char *buf, size_t size);

/* One list field (field) or evidence item as form --from writes it so that the import reads
 * it back unchanged: the value, or "…" ("" for a quote) when it holds a separator, a line
 * break or a leading quote, has white space at an end, is empty, or means an empty list
 * (なし, none, -). The import reads a field or item that starts with a quote up to its closing
 * quote. Caller frees; NULL on out of memory. */
char *asx_form_piece(const char *v, bool field);

/* The name of a list item's field in a language (name → 名称, country → 国, role → 役割,
 * scheme → 制度, …). */
const char *asx_form_field_label(const char *key, asx_lang lang);
/* An example value of a list item's field (name → 株式会社A, scheme → ISO/IEC 27001), for the
 * form's instructions: each list question shows an example of its own fields. */
const char *asx_form_field_example(const char *key, asx_lang lang);
/* Between the fields of one item of a list answer in a form cell: the form writes it and import
 * splits at it (or a full-width slash), so a field may contain "/" (「ISO/IEC 27001」). */
#define ASX_FORM_FIELD_SEP " / "

#endif
