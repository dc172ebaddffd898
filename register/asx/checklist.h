/* checklist.h - the lifecycle checklists of 11-2(5)①ア–オ (build), (6)①ア–ケ (operation) and
 * (7)①ア–ウ (exit): the items, the bank's questions citing each, the vendor's answers beside
 * them; and reading a filled checklist back into a check record (register check --record).
 *
 * The workbook is the contract between report/register_report.c (which writes it) and
 * asx_checklist_read() here: sheet ASX_CHECK_SHEET_JA (or _EN), one row per item found by the
 * item key in column A ("11-2(6)①ア"; never by position); the manager's result in column E
 * (適 / 否 / 該当なし, or ok / ng / na, or OK / Not met / N/A) and a note in column F. Rows whose
 * column A is a header key's label in either language (asx_check_key_label: 「台帳の番号」,
 * 「点検の段階」, 「点検日」, 「点検者」, 「所見」) or, in checklists written before version 3, the key
 * itself ("@entry.id", "@check.phase", …) hold the header fields (value in column E). */
#ifndef ASX_CHECKLIST_H
#define ASX_CHECKLIST_H

#include <stddef.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/register.h"

#define ASX_CHECK_SHEET_JA "点検"
#define ASX_CHECK_SHEET_EN "Checklist"
#define ASX_CHECK_KEY_ENTRY "@entry.id"
#define ASX_CHECK_KEY_PHASE "@check.phase"
#define ASX_CHECK_KEY_DATE "@check.date"
#define ASX_CHECK_KEY_CHECKER "@check.checker"
#define ASX_CHECK_KEY_NOTES "@check.notes"
/* The label a checklist shows in column A for a header key (people do not read "@check.date"). */
const char *asx_check_key_label(const char *key, asx_lang l);
enum { ASX_CHECK_COL_KEY = 0, ASX_CHECK_COL_WORDS, ASX_CHECK_COL_QUESTIONS, ASX_CHECK_COL_ANSWERS,
       ASX_CHECK_COL_RESULT, ASX_CHECK_COL_NOTE, ASX_CHECK_NCOLS };

/* One item of a clause's list, with the bank's questions that cite it. */
typedef struct {
    const char *item;               /* "11-2(6)①ア" (static) */
    const char *words;              /* the clause's words for it (static, Japanese) */
    const char *words_en;           /* an English rendering (static) */
    const asx_question **questions; /* borrowed from the bank; may be none */
    size_t nquestions;
    char **answers;                 /* asx_answer_format of each question; NULL without answers */
} asx_checklist_item;

typedef struct {
    asx_check_phase phase;
    const char *clause;       /* "11-2(5)" … (static) */
    const char *duty;         /* the clause that makes the check a duty: "11-2(5)②③" (static) */
    const asx_reg_entry *entry; /* borrowed */
    asx_checklist_item *items;
    size_t nitems;
    bool has_answers;
} asx_checklist;

/* The checklist of phase for entry e: every item of the clause, each with the questions of bank
 * (may be NULL: the items keep their words) citing it, and the answers' values (answers may be
 * NULL) formatted in lang. Caller frees with asx_checklist_free(); ASX_ERR_NOMEM only. */
asx_error asx_checklist_make(const asx_reg_entry *e, asx_check_phase phase, const asx_bank *bank,
                             const asx_answers *answers, asx_lang lang, asx_checklist **out);
void asx_checklist_free(asx_checklist *c);

/* Read the filled checklist buf[0..len) (file names it in messages) for entry e and phase into
 * *out (members new; free with asx_reg_check_clear). Every problem is reported with its cell
 * ("点検!E7: …"): another entry or phase, a missing or bad date or checker, an item without a
 * result, an unknown result, an item missing from the workbook (ASX_ERR_DATA). */
asx_error asx_checklist_read(const void *buf, size_t len, const char *file,
                             const asx_reg_entry *e, asx_check_phase phase, asx_reg_check *out,
                             asx_diags *d);
void asx_reg_check_clear(asx_reg_check *c);

#endif
