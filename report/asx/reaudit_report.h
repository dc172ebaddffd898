/* reaudit_report.h - the re-audit documents: PDF and XLSX that put the changes first. */
#ifndef ASX_REAUDIT_REPORT_H
#define ASX_REAUDIT_REPORT_H

#include "asx/error.h"
#include "asx/io.h"
#include "asx/reaudit.h"

/* Write the re-audit report of ra to path (atomically; an existing path is ASX_ERR_CANTCREAT
 * unless force). Same inputs give the same bytes: the date written is the current assessment's.
 * The PDF loads the Japanese font itself (fontconfig). */
/* With set (may be NULL), the file is one member of that set of outputs: written to its
 * temporary and put in place by asx_outset_commit() with the others (base/asx/io.h). */
asx_error asx_reaudit_write_pdf(const asx_reaudit *ra, asx_outset *set, const char *path,
                                asx_lang lang, int force, asx_diags *d);
asx_error asx_reaudit_write_xlsx(const asx_reaudit *ra, asx_outset *set, const char *path,
                                 asx_lang lang, int force, asx_diags *d);

#endif
