/* docsink.c - the same calls to the DOCX writer and the PDF builder (see docsink.h). */
#include "asx/docsink.h"

#include <stdio.h>
#include <stdlib.h>
#include "asx/util.h"

#define ITEM_INDENT 14.0f /* pt: list items in the PDF */

void asx_sink_title(asx_sink *s, const char *title, const char *subtitle)
{
    if (s->docx) {
        asx_docx_title(s->docx, title);
        if (subtitle)
            asx_docx_paragraph(s->docx, NULL, subtitle, false);
    }
    if (s->pdf)
        asx_pdf_title(s->pdf, title, subtitle);
}

void asx_sink_section_title(asx_sink *s, const char *title, const char *subtitle)
{
    if (s->docx) {
        asx_docx_heading(s->docx, 1, title);
        if (subtitle)
            asx_docx_paragraph(s->docx, NULL, subtitle, false);
    }
    if (s->pdf)
        asx_pdf_title(s->pdf, title, subtitle);
}

void asx_sink_heading(asx_sink *s, int level, const char *text)
{
    if (s->docx)
        asx_docx_heading(s->docx, level + s->docx_shift, text);
    if (s->pdf)
        asx_pdf_heading(s->pdf, level <= 1 ? 1 : 2, text, 0);
}

void asx_sink_paragraph(asx_sink *s, const char *lead, const char *text, bool right)
{
    if (s->docx)
        asx_docx_paragraph(s->docx, lead, text, right);
    if (s->pdf) {
        asx_pdf_style st = {.align = right ? ASX_PDF_RIGHT : ASX_PDF_LEFT};
        if (lead) {
            char *t = asx_strdupf("%s%s", lead, text ? text : "");
            asx_pdf_paragraph(s->pdf, t ? t : "", &st);
            free(t);
        } else {
            asx_pdf_paragraph(s->pdf, text ? text : "", &st);
        }
        asx_pdf_space(s->pdf, 3);
    }
}

void asx_sink_note(asx_sink *s, const char *text)
{
    if (s->docx)
        asx_docx_note(s->docx, text);
    if (s->pdf) {
        asx_pdf_style st = {.size = 8.0f, .color = ASX_PDF_TONE_NEUTRAL};
        asx_pdf_paragraph(s->pdf, text, &st);
        asx_pdf_space(s->pdf, 3);
    }
}

void asx_sink_list_begin(asx_sink *s, asx_docx_numfmt fmt)
{
    s->fmt = fmt;
    s->n = 0;
    if (s->docx)
        asx_docx_list_begin(s->docx, fmt);
}

void asx_sink_item(asx_sink *s, const char *lead, const char *text)
{
    s->n++;
    if (s->docx)
        asx_docx_item(s->docx, lead, text);
    if (!s->pdf)
        return;
    char num[32];
    switch (s->fmt) {
    case ASX_DOCX_NUM_PAREN: snprintf(num, sizeof num, "(%d) ", s->n); break;
    case ASX_DOCX_NUM_ARTICLE: snprintf(num, sizeof num, "第%d条", s->n); break;
    case ASX_DOCX_NUM_DECIMAL: snprintf(num, sizeof num, "%d. ", s->n); break;
    }
    char *t = asx_strdupf("%s%s%s", num, lead ? lead : "", text ? text : "");
    asx_pdf_style st = {.indent = s->fmt == ASX_DOCX_NUM_ARTICLE ? 0 : ITEM_INDENT,
                        .bold = s->fmt == ASX_DOCX_NUM_ARTICLE};
    if (s->fmt == ASX_DOCX_NUM_ARTICLE)
        asx_pdf_need(s->pdf, 40);
    asx_pdf_paragraph(s->pdf, t ? t : "", &st);
    asx_pdf_space(s->pdf, 2);
    free(t);
}

void asx_sink_item_text(asx_sink *s, const char *text)
{
    if (s->docx)
        asx_docx_item_text(s->docx, text);
    if (s->pdf) {
        asx_pdf_style st = {.indent = ITEM_INDENT};
        asx_pdf_paragraph(s->pdf, text, &st);
        asx_pdf_space(s->pdf, 2);
    }
}

void asx_sink_table_begin(asx_sink *s, const char *const *titles, const double *widths,
                          size_t ncols)
{
    if (s->docx)
        asx_docx_table_begin(s->docx, titles, widths, ncols);
    if (s->pdf) {
        asx_pdf_col cols[12];
        if (ncols > 12)
            ncols = 12;
        for (size_t i = 0; i < ncols; i++)
            cols[i] = (asx_pdf_col){titles[i], widths ? (float)widths[i] : 1.0f, ASX_PDF_LEFT};
        asx_pdf_table_begin(s->pdf, cols, ncols);
    }
}

void asx_sink_row(asx_sink *s, const char *const *cells)
{
    if (s->docx)
        asx_docx_row(s->docx, cells);
    if (s->pdf)
        asx_pdf_row(s->pdf, cells, NULL);
}

void asx_sink_table_end(asx_sink *s)
{
    if (s->docx)
        asx_docx_table_end(s->docx);
    if (s->pdf) {
        asx_pdf_table_end(s->pdf);
        asx_pdf_space(s->pdf, 6);
    }
}
