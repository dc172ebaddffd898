/* docsink.h - one document laid out once into both engines: the DOCX writer (docx.h) and the
 * PDF builder (pdfdoc.h). The spec and the contract are written through it, so their DOCX and
 * PDF always say the same thing in the same order. Either engine may be NULL (then only the
 * other is written). The sink borrows both engines; numbering of list items is kept here for
 * the PDF and left to Word's numbering in the DOCX. */
#ifndef ASX_DOCSINK_H
#define ASX_DOCSINK_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/docx.h"
#include "asx/pdfdoc.h"

typedef struct {
    asx_docx *docx; /* borrowed; may be NULL */
    asx_pdf *pdf;   /* borrowed; may be NULL */
    asx_lang lang;
    int docx_shift;      /* added to heading levels in the DOCX (a section meant to be pasted
                          * into a larger document: its title is a Heading 1) */
    asx_docx_numfmt fmt; /* of the current list */
    int n;               /* items so far in the current list */
} asx_sink;

void asx_sink_title(asx_sink *s, const char *title, const char *subtitle);
/* The title of a section to paste into another document: a Heading 1 (and a body paragraph
 * for the subtitle) in the DOCX, the document title in the PDF. */
void asx_sink_section_title(asx_sink *s, const char *title, const char *subtitle);
void asx_sink_heading(asx_sink *s, int level, const char *text);
/* lead (bold, may be NULL) then text; right-aligned when right. */
void asx_sink_paragraph(asx_sink *s, const char *lead, const char *text, bool right);
void asx_sink_note(asx_sink *s, const char *text);
void asx_sink_list_begin(asx_sink *s, asx_docx_numfmt fmt);
/* A numbered item: "(n)" / "第n条" / "n." then lead (bold) and text. */
void asx_sink_item(asx_sink *s, const char *lead, const char *text);
/* A paragraph of the current item (indented, no number). */
void asx_sink_item_text(asx_sink *s, const char *text);
void asx_sink_table_begin(asx_sink *s, const char *const *titles, const double *widths,
                          size_t ncols);
void asx_sink_row(asx_sink *s, const char *const *cells);
void asx_sink_table_end(asx_sink *s);

#endif
