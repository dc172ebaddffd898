/* docx.h - a small WordprocessingML (DOCX) writer on libzip, used by every DOCX that assess
 * writes (the security section of the 調達仕様書, the contract's 特記事項).
 *
 * No Debian C library writes DOCX, so this module writes the XML itself: calls below append to
 * an in-memory body; asx_docx_render()/asx_docx_save() wrap it in the package parts
 * ([Content_Types].xml, _rels/.rels, docProps/core.xml and app.xml, word/document.xml,
 * styles.xml, numbering.xml, settings.xml, _rels/document.xml.rels) and zip them, in that fixed
 * order, with a fixed time stamp (the document date at 00:00), so the same calls with the same
 * date always give byte-identical files.
 *
 * Styles use Word's built-in style ids (Title, Heading1–3, Normal, ListParagraph, TableGrid), so
 * content pasted into an existing Word document takes that document's own heading and body
 * styles. Every run declares a Japanese font for East Asian text (w:eastAsia="IPAexゴシック")
 * and Latin text in IPAexGothic; the page is A4 portrait.
 *
 * Text is UTF-8. Everything is escaped for XML; characters XML 1.0 cannot carry (C0 controls
 * other than tab and newline, U+FFFE/U+FFFF, invalid UTF-8 bytes) are dropped and counted
 * (asx_docx_dropped). '\n' in text is a line break inside the paragraph, '\t' a tab.
 *
 * Errors: layout calls do not fail one by one; out of memory is remembered and reported by
 * asx_docx_render() (ASX_ERR_NOMEM). All strings passed in are copied. */
#ifndef ASX_DOCX_H
#define ASX_DOCX_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/date.h"
#include "asx/error.h"
#include "asx/io.h"
#include "asx/util.h"

typedef struct asx_docx asx_docx;

/* How the items of a numbered list are numbered. */
typedef enum {
    ASX_DOCX_NUM_PAREN,   /* (1) (2) (3) … */
    ASX_DOCX_NUM_ARTICLE, /* 第1条 第2条 … (contract articles) */
    ASX_DOCX_NUM_DECIMAL  /* 1. 2. 3. … */
} asx_docx_numfmt;

/* A new empty document; NULL when out of memory. lang is the document's language (w:lang).
 * Free with asx_docx_free() (accepts NULL). */
asx_docx *asx_docx_new(asx_lang lang);
void asx_docx_free(asx_docx *x);

/* Title and subject of the document properties (may be NULL) and the date used as the creation
 * and modification time (at 00:00:00 UTC) and as the time stamp of every ZIP entry. */
void asx_docx_set_info(asx_docx *x, const char *title, const char *subject, asx_date date);

/* The document title (style Title, centred). */
void asx_docx_title(asx_docx *x, const char *text);
/* A heading of level 1..3 (styles Heading1..Heading3; other levels are clamped). */
void asx_docx_heading(asx_docx *x, int level, const char *text);
/* A body paragraph (style Normal). lead (may be NULL) is written in bold before text. When
 * right is true the paragraph is right-aligned (dates, the organisation's name). */
void asx_docx_paragraph(asx_docx *x, const char *lead, const char *text, bool right);
/* A small note (style Note: smaller, grey), e.g. the source of the wording. */
void asx_docx_note(asx_docx *x, const char *text);

/* Start a new numbered list: the next asx_docx_item() is number 1. */
void asx_docx_list_begin(asx_docx *x, asx_docx_numfmt fmt);
/* A numbered paragraph of the current list (a list is started when none is). lead (may be
 * NULL) is bold, then text. */
void asx_docx_item(asx_docx *x, const char *lead, const char *text);
/* A paragraph indented like the text of the list items, without a number (continuation). */
void asx_docx_item_text(asx_docx *x, const char *text);

/* A table of ncols columns (1..12): titles (header row, repeated on every page, shaded) and
 * relative widths scaled to the text width (e.g. 1, 4, 2). Rows follow with asx_docx_row()
 * (cells[i] may be NULL) and the table is closed with asx_docx_table_end(). Other calls close
 * an open table first. */
void asx_docx_table_begin(asx_docx *x, const char *const *titles, const double *widths,
                          size_t ncols);
void asx_docx_row(asx_docx *x, const char *const *cells);
void asx_docx_table_end(asx_docx *x);

/* Characters dropped so far because XML cannot carry them. */
size_t asx_docx_dropped(const asx_docx *x);

/* The DOCX package in malloc'd memory (*out, caller frees). Library failures are
 * ASX_ERR_INTERNAL with libzip's message; out of memory ASX_ERR_NOMEM. May be called again
 * (same bytes). */
asx_error asx_docx_render(asx_docx *x, unsigned char **out, size_t *out_len, asx_diags *d);
/* Render and write to path as one file of the set of outputs (asx_outset_write: set NULL, a
 * set of this one file; an existing path is ASX_ERR_CANTCREAT unless force). Nothing is put in
 * place unless the whole file was written. */
asx_error asx_docx_save(asx_docx *x, asx_outset *set, const char *path, int force, asx_diags *d);

/* Append s to b escaped for XML text and attribute values (& < > " '), dropping characters
 * XML 1.0 cannot carry; returns how many were dropped. Exposed for tests. */
size_t asx_xml_escape(asx_buf *b, const char *s);

#endif
