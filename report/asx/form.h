/* form.h - the vendor questionnaire workbook (assess-form/1): blank, prefilled with earlier
 * answers (the annual re-audit), or marked for correction (補正依頼).
 *
 * The layout (sheet names, columns, row keys, the hidden _meta and _lists sheets) is defined in
 * questionnaires/asx/xlsx_import.h, next to the reader that must understand it. */
#ifndef ASX_FORM_H
#define ASX_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/date.h"
#include "asx/error.h"
#include "asx/score.h"
#include "asx/xlsxutil.h"

#define ASX_FORM_FONT "IPAexGothic" /* fonts-ipaexfont-gothic; IPAexゴシック */

typedef struct {
    asx_class cls;       /* the questions applicable to this classification are listed */
    asx_lang lang;       /* language of the texts and of the drop-down labels */
    asx_date date;       /* creation date written in the document properties (reproducible files) */
    int force;           /* overwrite an existing output */
    asx_outset *set;     /* the set of outputs the form joins (committed by its owner); NULL: alone */
    asx_purpose purpose; /* 評価の目的: fixed by the organisation, shown locked */
    bool has_due;        /* an answer deadline (回答期限) is shown, locked */
    asx_date due;
    /* Prefill (borrowed, may be NULL): every answer of `from` is written into its cell, header
     * fields included; questions `from` has no answer for while it is of another bank version
     * are marked 新規. */
    const asx_answers *from;
    /* 補正依頼 (borrowed, may be NULL; needs `from`, the answers it was scored from): every
     * required question left unanswered and every question with a knockout, major or minor
     * finding is marked, with the reviewer's note in the 確認事項 column and as a cell comment. */
    const asx_result *review;
} asx_form_opts;

/* The classification a form is made for when none is given: 2/2/2 for banks used from
 * 機密性2 up (cloud, outsourcing), 1/1/1 for cloud-light. */
asx_class asx_form_default_class(const asx_bank *b);

/* Write the form of bank b to path (temporary file + rename; an existing path is
 * ASX_ERR_CANTCREAT unless o->force). A classification the bank is not made for is refused
 * (ASX_ERR_DATA, citing the bank's clause). b and everything o points to are borrowed. When
 * marked is not NULL it gets the number of rows marked for correction. */
asx_error asx_form_write(const asx_bank *b, const asx_form_opts *o, const char *path,
                         size_t *marked, asx_diags *d);

#endif
