/* procdocs.h - the procurement documents: the security section of the 調達仕様書 (11-2(3)①) and
 * the contract's 情報セキュリティに関する特記事項 (11-2(3)②, 11-1(2)), each as a DOCX to paste
 * into the organisation's Word document and as a PDF, each built once as a document
 * (asx/docmodel.h) and drawn by the DOCX and PDF renderers.
 *
 * The writers borrow everything they are given. The two files are one set of outputs (o->set,
 * or a set of their own committed here): an existing path is ASX_ERR_CANTCREAT unless o->force;
 * when either file fails, neither is put in place, so no half pair is left.
 * The same inputs and o->date give byte-identical files. Characters XML cannot carry are left
 * out of the DOCX and named in d as a note. */
#ifndef ASX_PROCDOCS_H
#define ASX_PROCDOCS_H

#include "asx/date.h"
#include "asx/docmodel.h"
#include "asx/error.h"
#include "asx/font.h"
#include "asx/io.h"
#include "asx/procurement.h"
#include "asx/score.h"

typedef struct {
    asx_date date;        /* printed on the documents and their creation time */
    asx_lang lang;
    int force;
    const asx_font *font; /* the PDF's font (borrowed, required) */
    asx_outset *set;      /* the command's set of outputs (committed by it); NULL: the pair is a
                             set of its own */
} asx_procdoc_opts;

/* The 仕様書 section: the bank's requirements grouped by its sections, each with its clause in
 * the organisation's numbering and 〔選定条件〕 where failing it excludes a bidder; the table of
 * documents to submit; how to answer (the questionnaire form). */
asx_error asx_spec_write(const asx_spec *s, const asx_procdoc_opts *o, const char *docx_path,
                         const char *pdf_path, asx_diags *d);

/* The 特記事項 (SPEC §8.3): the bank's articles with the terms the result agreed (c), then one
 * article per condition of r that must be done by a date (the others are terms of the body),
 * then the closing article. */
asx_error asx_contract_write(const asx_contract *c, const asx_result *r,
                             const asx_procdoc_opts *o,
                             const char *docx_path, const char *pdf_path, asx_diags *d);

/* Write doc as its DOCX and its PDF (the rules above). */
asx_error asx_procdocs_write(const asx_doc *doc, const asx_procdoc_opts *o, const char *docx_path,
                             const char *pdf_path, asx_diags *d);

#endif
