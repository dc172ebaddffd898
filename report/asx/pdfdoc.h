/* pdfdoc.h - a small document builder on libharu, used by every PDF that assess writes (the
 * approval pack, the bidder comparison, the re-audit report, the register export).
 *
 * How it works: calls below lay the document out at once (A4 portrait, fixed margins, one
 * Japanese font: IPAexGothic) into an in-memory list of pages of drawing operations, collecting
 * every code point used. asx_pdf_render()/asx_pdf_save() then subsets the shared font to those
 * code points, makes the libharu document, draws the pages and adds the footers
 * 「n / N ページ」 / "Page n of N" (N is known by then). The font is a CID font whose CIDs number
 * the code points used (1..n in code point order), with a CIDToGIDMap into the subset and a
 * ToUnicode map; its objects and the content streams are written here (libharu's object API)
 * and every stream is deflated once with libdeflate. So callers never see libharu, page breaks
 * are automatic (a table repeats its header row on each new page), and the same calls with the
 * same date always give a byte-identical file.
 *
 * Text is UTF-8. Line wrapping is by measured width: Japanese text may break between any two
 * characters except where 禁則 forbids it (no line starts with 、。，．・：；？！）」』】〕ー…, none ends
 * with （「『【〔), Latin words break at spaces (a word longer than the line is split, marked ⏎),
 * and no line breaks inside an id, a clause number or a number with its unit (see "Layout
 * rules"). A '\n' in text starts a new line. Text is never cut: long cells grow their row (only
 * a table's header row is cut, to 6 lines ending in 「…」, so that a header repeated on every page
 * leaves room for rows; and every page makes progress, so no content can add pages for ever).
 * Characters the font lacks are drawn as 〓 and named, each once, in a note of
 * asx_pdf_render(); default-ignorable characters (variation selectors, ZWJ, bidi marks, tag
 * characters) are dropped, so a variation sequence is drawn as its base character.
 *
 * Errors: layout calls do not fail one by one; out of memory is remembered and reported by
 * asx_pdf_render()/asx_pdf_save() (ASX_ERR_NOMEM). All strings passed in are copied; nothing
 * passed in is kept except the font.
 *
 * Units are PDF points (1/72 inch). The page is A4 (595.28 x 841.89 pt) with 45 pt left/right
 * margins and 50 pt top/bottom margins; ASX_PDF_CONTENT_WIDTH is the usable width. The cursor
 * moves down the page as content is added. An asx_pdf is used by one thread at a time; many
 * documents on many threads may share one asx_font.
 *
 * The widgets paperwork needs (badge, bar chart, stamp row) are asx/pdf_widgets.h; the modules
 * of the engine are listed in pdf_impl.h. */
#ifndef ASX_PDFDOC_H
#define ASX_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/date.h"
#include "asx/error.h"
#include "asx/font.h"
#include "asx/io.h"

#define ASX_PDF_PAGE_WIDTH 595.28f
#define ASX_PDF_PAGE_HEIGHT 841.89f
#define ASX_PDF_MARGIN_X 45.0f
#define ASX_PDF_MARGIN_TOP 50.0f
#define ASX_PDF_MARGIN_BOTTOM 50.0f
#define ASX_PDF_CONTENT_WIDTH (ASX_PDF_PAGE_WIDTH - 2 * ASX_PDF_MARGIN_X)
#define ASX_PDF_BODY_SIZE 9.5f /* pt, body text */

typedef struct asx_pdf asx_pdf;

typedef enum { ASX_PDF_LEFT, ASX_PDF_CENTER, ASX_PDF_RIGHT } asx_pdf_align;

/* Colour tones used for badges, chart bars and highlighted table cells. */
typedef enum {
    ASX_PDF_TONE_NONE,    /* no colour (plain text / white) */
    ASX_PDF_TONE_GOOD,    /* green: approved, score at or above the approve threshold */
    ASX_PDF_TONE_WARN,    /* amber: conditional, between the thresholds */
    ASX_PDF_TONE_BAD,     /* red: rejected, knockout, below the conditional threshold */
    ASX_PDF_TONE_NEUTRAL, /* grey: incomplete, not scored, info */
    ASX_PDF_TONE_MUTED    /* light grey shading (header rows, keys) */
} asx_pdf_tone;


/* Text style. A zeroed struct is body text: ASX_PDF_BODY_SIZE, black, regular, left-aligned,
 * no indent. */
typedef struct {
    float size;          /* pt; 0 means ASX_PDF_BODY_SIZE */
    bool bold;           /* drawn with a thin outline (IPAexGothic has no bold face) */
    asx_pdf_tone color;  /* text colour: NONE is black, otherwise a dark shade of the tone */
    asx_pdf_align align;
    float indent;        /* pt from the left margin */
} asx_pdf_style;

/* A new empty document (no page yet: the first content adds one). font is borrowed and must
 * outlive the document; lang chooses the footer wording and the labels pdfdoc writes itself.
 * NULL when out of memory. Free with asx_pdf_free(). */
asx_pdf *asx_pdf_new(const asx_font *font, asx_lang lang);
void asx_pdf_free(asx_pdf *p);

/* Document information: title and subject (may be NULL) and the date written as the creation
 * and modification date (at 00:00:00, no time zone), never the wall clock. */
void asx_pdf_set_info(asx_pdf *p, const char *title, const char *subject, asx_date date);
/* Text printed at the left of every page footer (e.g. "みなと文書管理クラウド 審査資料");
 * the right side carries 「n / N ページ」. NULL for none. */
void asx_pdf_set_footer(asx_pdf *p, const char *left);

/* ---- Flow content: each call places its content below the previous one. ---- */

/* Document title (large, bold, centred) with an optional subtitle below (NULL for none). */
void asx_pdf_title(asx_pdf *p, const char *title, const char *subtitle);
/* Heading of level 1 (section, with a rule under it) or 2 (sub-section). A heading is never
 * left alone at the bottom of a page: it moves to the next page when less than keep_with pt
 * (0 means 60 pt) would remain below it. */
void asx_pdf_heading(asx_pdf *p, int level, const char *text, float keep_with);
/* A paragraph in the style (NULL = body), wrapped to the content width minus the indent. */
void asx_pdf_paragraph(asx_pdf *p, const char *text, const asx_pdf_style *style);
/* Vertical space in pt (ignored at the top of a page). */
void asx_pdf_space(asx_pdf *p, float pt);
/* Start a new page (no-op when the current page is still empty). */
void asx_pdf_page_break(asx_pdf *p);
/* Ensure at least height pt remain on the current page, else start a new page. */
void asx_pdf_need(asx_pdf *p, float height);
/* Points left between the cursor and the bottom margin. */
float asx_pdf_remaining(const asx_pdf *p);

/* A two-column key/value table: keys shaded in the left column (key_width pt; 0 means 30 % of
 * the content width), values wrapped in the right. Rows break across pages (a row is never
 * split unless it is taller than a page). */
void asx_pdf_kv(asx_pdf *p, const char *const *keys, const char *const *values, size_t n,
                float key_width);

/* ---- Tables ---- */

typedef struct {
    const char *title;   /* header text */
    float width;         /* relative width: the widths of all columns are scaled to fill the
                            content width (e.g. 1, 3, 1) */
    asx_pdf_align align; /* of the cells (the header is always left-aligned) */
} asx_pdf_col;

/* Begin a table of ncols columns (at most 12; cols is copied; a column's width is a hint that
 * the content corrects, see "Layout rules" below). Rows are added with asx_pdf_row(); the table
 * is laid out by asx_pdf_table_end(), its header row on top and again at the top of every page
 * it continues on, kept with its first row. Only one table is open at a time; other flow calls
 * while a table is open end it first. */
void asx_pdf_table_begin(asx_pdf *p, const asx_pdf_col *cols, size_t ncols);
/* One row; cells[i] may be NULL (empty), copied. Rows are laid out when the table ends (the
 * column widths come from every row). Each cell wraps within its column; the row is as tall
 * as its tallest cell and moves to the next page whole when it does not fit. tones may be NULL,
 * else tones[i] shades cell i (ASX_PDF_TONE_NONE for none). */
void asx_pdf_row(asx_pdf *p, const char *const *cells, const asx_pdf_tone *tones);
void asx_pdf_table_end(asx_pdf *p);

/* A thin horizontal rule across the content width. */
void asx_pdf_rule(asx_pdf *p);

/* ---- Layout rules (SPEC v2 §6) ----
 *
 * Every document follows them: a heading keeps with what follows it (it moves to the next page
 * with the first lines of a paragraph or the header and first row of a table); a keep-together
 * block (a chart, a key-value block, a stamp row, and whatever a caller puts between
 * asx_pdf_block_begin and asx_pdf_block_end, e.g. a register entry) moves to the next page whole
 * unless it is taller than a page; table column widths come from the content (no column is
 * narrower than its widest id, clause number, code or number with its unit, as far as the page
 * allows); lines never break inside such a token or at a no-break space U+00A0 (use it inside
 * personal names), unless the token is wider than its column, where the line ends with the
 * continuation mark ⏎; a footer that does not fit its line ends with 「…」. */

/* Open / close a keep-together block (they nest; the outermost decides). */
void asx_pdf_block_begin(asx_pdf *p);
void asx_pdf_block_end(asx_pdf *p);
/* Make the document A4 landscape (before any content; no-op afterwards). */
void asx_pdf_set_landscape(asx_pdf *p);
/* The usable width of this document's pages in pt. */
float asx_pdf_content_width(const asx_pdf *p);
/* Pages from index first (0-based) on are numbered 「別紙 n / N」 / "Annex, page n of N" (N
 * counts those pages only); earlier pages (the 起案 sheet) carry no page number. 0: every page
 * is 「n / N ページ」 (the default). */
void asx_pdf_set_annex(asx_pdf *p, size_t first);
/* Record what the layout does (for tests): one line per heading, table, row, block, carried
 * group, continuation mark and cut footer: "<kind> page=<n> y=<cursor> <detail>". Off by
 * default; the text is owned by p and valid until the next layout call. */
void asx_pdf_layout_records(asx_pdf *p, bool on);
const char *asx_pdf_layout_log(const asx_pdf *p);

/* ---- Output ---- */

/* Pages laid out so far (the current page counts once it has content). */
int asx_pdf_page_count(const asx_pdf *p);

/* Make the PDF: subset the font, draw every page with footers, and hand back the file in
 * malloc'd memory (*out, caller frees). Library failures are ASX_ERR_INTERNAL with libharu's
 * error code in the message; out of memory during layout ASX_ERR_NOMEM. The document may be
 * rendered again (same bytes). */
asx_error asx_pdf_render(asx_pdf *p, unsigned char **out, size_t *out_len, asx_diags *d);

/* Render and write to path as one file of the set of outputs (asx_outset_write: set NULL, a
 * set of this one file): an existing path is ASX_ERR_CANTCREAT unless force; nothing is put in
 * place unless the whole file was written. Documents are written through asx_doc_write; this
 * is the PDF engine's own writer (the pack, the comparison, the tests). */
asx_error asx_pdf_save(asx_pdf *p, asx_outset *set, const char *path, int force, asx_diags *d);

/* ---- Lower-level helpers (also used by the unit tests) ---- */

/* Width in pt of text at size pt (no wrapping; '\n' ignored). */
float asx_pdf_text_width(const asx_pdf *p, const char *text, float size);

/* Wrap text to width pt at size pt following the rules above. Returns the number of lines and
 * sets *lines to a malloc'd array of malloc'd UTF-8 strings (free with asx_pdf_lines_free);
 * 0 with *lines NULL for empty text or out of memory. */
size_t asx_pdf_wrap(const asx_pdf *p, const char *text, float size, float width, char ***lines);
void asx_pdf_lines_free(char **lines, size_t n);

#endif
