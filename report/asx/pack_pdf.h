/* pack_pdf.h - the PDF approval pack (SPEC §6, v2 "Paperwork as municipalities file it"),
 * laid out with pdfdoc.
 *
 * Page 1 is the 起案 sheet: 文書番号, 起案日 (the decision date), 所属 and 起案者, 件名
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
 * dates from r->conditions), every question with its answer, score and comment. Clause numbers
 * are the organisation's (clause_local). Everything shown comes from the result; nothing is
 * worked out here. Japanese unless o->lang is ASX_LANG_EN. The same result, options and font
 * give a byte-identical file. */
#ifndef ASX_PACK_PDF_H
#define ASX_PACK_PDF_H

#include "asx/error.h"
#include "asx/font.h"
#include "asx/pack.h"
#include "asx/pdfdoc.h"
#include "asx/score.h"

/* Lay the pack of r out into a new document (*out, caller frees with asx_pdf_free()). r, o and
 * font are borrowed; font must outlive *out. Fails only when out of memory. */
asx_error asx_pdf_pack_build(const asx_result *r, const asx_pack_opts *o, const asx_font *font,
                             asx_pdf **out);

/* Build and write the pack to path atomically (temporary file, fsync, rename): an existing
 * path is ASX_ERR_CANTCREAT unless o->force; nothing is left behind on failure. Problems go to
 * d. Thread-safe for distinct results (font shared). */
asx_error asx_pdf_pack_write(const asx_result *r, const asx_pack_opts *o, const asx_font *font,
                             const char *path, asx_diags *d);

#endif
