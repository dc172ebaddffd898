/* pack_pdf.h - the PDF approval pack (SPEC §6), laid out with pdfdoc.
 *
 * Cover (service, vendor, 法人番号, classification, verdict badge and score, dates, organisation),
 * key facts (data location, governing law and jurisdiction, SLA, RPO/RTO, subcontractors,
 * certifications, exit and deletion), section score chart, findings ordered by severity (for a
 * conditional verdict the major and minor findings are the numbered conditions 条件1…), every
 * question with its answer, score and comment, and the 決裁欄 (起案者, 情報セキュリティ管理者,
 * 情報セキュリティ責任者, 許可権限者) with the designation of the 外部サービス管理者 beneath.
 * Japanese unless o->lang is ASX_LANG_EN. The same result, options and font give a
 * byte-identical file. */
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
