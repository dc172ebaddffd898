/* reaudit_report.h - the re-audit documents: PDF and XLSX that put the changes first. */
#ifndef ASX_REAUDIT_REPORT_H
#define ASX_REAUDIT_REPORT_H

#include "asx/docmodel.h"
#include "asx/error.h"
#include "asx/font.h"
#include "asx/io.h"
#include "asx/reaudit.h"

/* What the re-audit documents are given; strings are borrowed and may be NULL. */
typedef struct {
    const asx_font *font; /* --font, loaded by the caller (NULL: the PDF writer loads the default) */
    const char *auditor;  /* 監査担当者 in the 確認欄 (--auditor) */
    const char *manager;  /* 外部サービス管理者 in the 確認欄 (--manager) */
    asx_lang lang;
    int force;            /* overwrite existing outputs */
    asx_outset *set;      /* may be NULL: else the file is one member of that set of outputs,
                             written to its temporary and put in place by asx_outset_commit()
                             with the others (base/asx/io.h) */
} asx_reaudit_opts;

/* The re-audit report of ra as a document (asx/docmodel.h), written as PDF and XLSX by
 * asx_doc_write (the date written: the decision date of the current result, so the same inputs
 * give the same bytes): the verdict and the service under the title, then the changes
 * (regressions first), the current findings, the previous and current assessment side by side
 * and the 確認欄. NULL when out of memory; free with asx_doc_free. */
asx_doc *asx_reaudit_doc(const asx_reaudit *ra, const asx_reaudit_opts *o);

#endif
