/* register_report.h - documents of the register's lifecycle: the checklist workbook a manager
 * fills (register check -o) and the year's report to the CISO (register report), PDF (A4) and
 * XLSX. They render what register/ computed (asx/checklist.h, asx/reg_report.h). */
#ifndef ASX_REGISTER_REPORT_H
#define ASX_REGISTER_REPORT_H

#include "asx/checklist.h"
#include "asx/io.h"
#include "asx/reg_report.h"

/* The checklist as XLSX (the layout of asx/checklist.h), A4. force: overwrite. */
asx_error asx_checklist_write_xlsx(const asx_checklist *c, const char *path, asx_lang lang,
                                   int force, asx_diags *d);

/* The year's report, PDF (A4 portrait, pdfdoc) and XLSX. font_file NULL: the default font.
 * set (may be NULL): the file is one member of that set of outputs, put in place with the
 * others by asx_outset_commit() (base/asx/io.h), so the pair is written whole or not at all. */
asx_error asx_reg_report_pdf(const asx_reg_report *rep, asx_outset *set, const char *path,
                             const char *font_file, asx_lang lang, int force, asx_diags *d);
asx_error asx_reg_report_xlsx(const asx_reg_report *rep, asx_outset *set, const char *path,
                              asx_lang lang, int force, asx_diags *d);

#endif
