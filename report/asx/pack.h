/* pack.h - the approval pack (SPEC §6, v2 "Paperwork as municipalities file it"), built once as
 * a document (asx/docmodel.h) and drawn as PDF and XLSX by the renderers.
 *
 * On paper, page 1 is the 起案 sheet: 文書番号, 起案日 (the decision date), 所属 and 起案者, 件名
 * 「○○の利用について (伺い)」, the stamp row of the policy's approval_block (columns left to right
 * in the policy's order, 合議 boxes below, each with a date line), the request, the assessed
 * verdict and the decision options 承認 / 条件付き承認 / 不承認 with the verdict marked, the
 * conditions in short with their due dates, and then: for an approval or a conditional approval
 * the designation of the 外部サービス管理者 (and クラウドサービス管理者 when named); for a 不承認
 * that the service may not be used and why; for a 差戻し what the vendor must supply. Nothing
 * printed is a command line.
 *
 * The assessment follows as 別紙, pages numbered 「別紙 n / N」: cover (service, vendor, 法人番号,
 * classification, verdict badge and score, counts, dates, next review, evidence expiry), the
 * bank's key facts (r->facts, labelled by the questions' labels, with the policy's norms; lists
 * such as subcontractors as tables), section score chart, findings (conditions numbered with due
 * dates from r->conditions), the officer's judgments, every question with its answer, score and
 * comment.
 *
 * In a workbook the same parts are the sheets 概要/Summary, 回答/Answers (one filtered grid),
 * 指摘/Findings, 審査判断/Judgments and 台帳/Register (the register entry the pack supports);
 * numbers are numbers and dates are dates. Clause numbers are the organisation's (clause_local).
 * Everything shown comes from the result; nothing is worked out in the renderers. Japanese unless
 * o->lang is ASX_LANG_EN. The same result and options give byte-identical files. */
#ifndef ASX_PACK_H
#define ASX_PACK_H

#include "asx/date.h"
#include "asx/docmodel.h"
#include "asx/error.h"
#include "asx/io.h"
#include "asx/score.h"

/* All strings are borrowed and may be NULL (a blank line to write on). */
typedef struct {
    const char *requester;        /* 起案者 (--requester) */
    const char *section;          /* 所属 of the 起案者 (--section) */
    const char *security_manager; /* 情報セキュリティ管理者 (--security-manager) */
    const char *security_officer; /* 情報セキュリティ責任者 (--security-officer) */
    const char *approver;         /* 許可権限者 (--approver) */
    const char *manager;          /* 外部サービス管理者 (--manager), 11-2(4)③ */
    const char *cloud_manager;    /* クラウドサービス管理者 (--cloud-manager), printed when given */
    const char *doc_number;       /* 文書番号 (--doc-number) */
    asx_date date;                /* --date: printed on the pack; the result's decision date */
    asx_lang lang;
    int force;                    /* overwrite existing outputs */
    asx_outset *set;              /* when not NULL, the files are members of this set of outputs */
} asx_pack_opts;

/* Build the pack of r as a document (*out, caller frees with asx_doc_free()); r and o are
 * borrowed, the document copies what it keeps. Write it with asx_doc_write (PDF, XLSX). Fails
 * only when out of memory (ASX_ERR_NOMEM, *out NULL). */
asx_error asx_pack_build(const asx_result *r, const asx_pack_opts *o, asx_doc **out);

#endif
