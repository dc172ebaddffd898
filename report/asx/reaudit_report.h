/* reaudit_report.h - the re-audit documents: PDF and XLSX that put the changes first. */
#ifndef ASX_REAUDIT_REPORT_H
#define ASX_REAUDIT_REPORT_H

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

/* Write the re-audit report of ra to path (atomically; an existing path is ASX_ERR_CANTCREAT
 * unless o->force). Same inputs give the same bytes: the date written is the decision date of
 * the current result (ra->after->decided_on). */
asx_error asx_reaudit_write_pdf(const asx_reaudit *ra, const asx_reaudit_opts *o, const char *path,
                                asx_diags *d);
/* The workbook: changes (values of number questions as numbers) and a summary. */
asx_error asx_reaudit_write_xlsx(const asx_reaudit *ra, const asx_reaudit_opts *o, const char *path,
                                 asx_diags *d);

#endif
