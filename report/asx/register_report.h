/* register_report.h - documents of the register's lifecycle: the checklist workbook a manager
 * fills (register check -o) and the year's report to the CISO (register report), PDF (A4) and
 * XLSX. They render what register/ computed (asx/checklist.h, asx/reg_report.h). */
#ifndef ASX_REGISTER_REPORT_H
#define ASX_REGISTER_REPORT_H

#include "asx/checklist.h"
#include "asx/docmodel.h"
#include "asx/io.h"
#include "asx/reg_report.h"

/* The checklist as XLSX (the layout of asx/checklist.h), A4. force: overwrite. */
asx_error asx_checklist_write_xlsx(const asx_checklist *c, const char *path, asx_lang lang,
                                   int force, asx_diags *d);

/* The year's report to the CISO as a document (asx/docmodel.h), written as PDF and XLSX by
 * asx_doc_write: a summary (the figures, with their machine keys in the workbook), the approvals,
 * renewals, open conditions, checks, overdue checks and expiring evidence, the same columns on
 * paper and in the workbook. NULL when out of memory; free with asx_doc_free. */
asx_doc *asx_reg_report_doc(const asx_reg_report *rep, asx_lang lang);

#endif
