/* form.h - the blank vendor questionnaire workbook (assess-form/1) and XLSX helpers shared by
 * the workbook writers of report/.
 *
 * The layout (sheet names, columns, row keys, the hidden _meta and _lists sheets) is defined in
 * questionnaires/asx/xlsx_import.h, next to the reader that must understand it. */
#ifndef ASX_FORM_H
#define ASX_FORM_H

#include <stddef.h>
#include <xlsxwriter.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/date.h"
#include "asx/error.h"
#include "asx/xlsxutil.h"

typedef struct {
    asx_class cls; /* the questions applicable to this classification are listed */
    asx_lang lang; /* language of the texts and of the drop-down labels */
    asx_date date; /* creation date written in the document properties (reproducible files) */
    int force;     /* overwrite an existing output */
} asx_form_opts;

/* The classification a form is made for when none is given: 2/2/2 for banks used from
 * 機密性2 up (cloud, outsourcing), 1/1/1 for cloud-light. */
asx_class asx_form_default_class(const asx_bank *b);

/* Write the blank form of bank b to path (temporary file + rename; an existing path is
 * ASX_ERR_CANTCREAT unless o->force). A classification the bank is not made for is refused
 * (ASX_ERR_DATA, citing the bank's clause). b is borrowed. */
asx_error asx_form_write(const asx_bank *b, const asx_form_opts *o, const char *path,
                         asx_diags *d);



#endif
