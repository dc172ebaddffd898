/* pdf_impl.h - the inside of the PDF engine, shared by its modules and by no one else (the
 * documents use asx/pdfdoc.h):
 *   pdf_text.c    decoding UTF-8 to the font's code points, measuring, line breaking (禁則)
 *   pdfdoc.c      the display list: pages of drawing operations, kept groups, flow content
 *   pdf_table.c   tables and key-value blocks
 *   pdf_widgets.c the paperwork widgets: badge, bar chart, the stamp row with 合議
 *   pdf_write.c   the PDF writer: the font subset and the content streams, with libharu
 * The benchmark (tests/bench/wholefont.c) paints the same display list with the whole font
 * through pdf_render_with(). */
#ifndef ASX_PDF_IMPL_H
#define ASX_PDF_IMPL_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include "asx/pdfdoc.h"
#include "asx/util.h"

#define MAX_COLS 12
#define TABLE_SIZE 8.5f  /* pt, text in tables */
#define LINE_FACTOR 1.5f /* line height / font size */
#define CELL_PAD_X 3.5f
#define CELL_PAD_Y 3.0f
/* A table header row is at most this many lines: a longer title is cut with 「…」, so that the
 * header repeated on every page always leaves room for rows (a header taller than a page would
 * otherwise start page after page for ever). */
#define HEADER_MAX_LINES 6
#define FOOTER_Y 28.0f
#define FOOTER_SIZE 7.5f
/* The page of this document (A4 portrait unless asx_pdf_set_landscape): content width and top. */
#define CONT_MARK 0x23CE /* ⏎ after a line broken inside a token wider than its column */
#define CONTENT_W(p) ((p)->page_w - 2 * ASX_PDF_MARGIN_X)
#define CONTENT_TOP(p) ((p)->page_h - ASX_PDF_MARGIN_TOP)

typedef struct {
    float r, g, b;
} rgb;

typedef enum { OP_TEXT, OP_LINE, OP_RECT, OP_RRECT } op_kind;

/* One drawing operation. Text: baseline at (x, y), size pt. Line: (x, y) to (x + w, y + h).
 * Rect: lower-left (x, y), w x h; rrect: rounded with radius size. */
typedef struct {
    op_kind kind;
    float x, y, w, h;
    float size;   /* text size; line width for lines and rect outlines */
    rgb fill;     /* text colour, or rect fill */
    rgb stroke;
    bool has_fill, has_stroke, bold, dash;
    unsigned *cps; /* text: its code points (only ones the font has, or ASX_FONT_MISSING), kept
                    * as the layout found them so that the writer need not decode them again */
    size_t ncps;
} op;

typedef struct {
    op *v;
    size_t n, cap;
} page;

/* Code points the font lacks, each once, in the order met: named on stderr at render. */
typedef struct {
    unsigned *v;
    size_t n, cap;
    bool oom;
} cp_set;

struct asx_pdf {
    cp_set *missing; /* a pointer: measuring through a const asx_pdf still records */
    const asx_font *font;
    asx_lang lang;
    page *pages;
    size_t npages, cap;
    float page_w, page_h; /* A4 portrait, or landscape (asx_pdf_set_landscape) */
    float y;          /* cursor: top of the next content, PDF coordinates */
    bool page_empty;  /* nothing drawn on the current page yet */
    bool oom;
    page *redirect;   /* when set, operations go here (footers) instead of the flow */
    unsigned char used[65536 / 8];
    char *title, *subject, *footer;
    asx_date date;
    bool has_date;
    /* the open table */
    bool in_table;
    float header_h; /* the open table's header height, once its widths are known */
    bool header_drawn_on_page;
    size_t ncols;
    float colw[MAX_COLS];
    asx_pdf_align colalign[MAX_COLS];
    char *coltitle[MAX_COLS];
    float colrel[MAX_COLS];  /* the caller's relative widths */
    char **trows;            /* the open table's rows, ncols cells each (laid out at the end) */
    asx_pdf_tone *ttones;
    size_t tnrows;
    size_t tcells;           /* capacity of trows and ttones in cells (not rows: tables differ) */
    /* layout rules (SPEC v2 §6): a kept group moves to the next page whole */
    bool keep_on;            /* a group is open */
    bool keep_heading;       /* it is a heading waiting for the content that follows */
    bool keep_hdr;           /* it holds the open table's header row */
    bool in_heading;
    int keep_depth;          /* open asx_pdf_block_begin() */
    size_t keep_page;        /* index of the page the group began on */
    size_t keep_from;        /* its first op there; SIZE_MAX: it began at the top of a page */
    float keep_top;          /* the cursor where it began */
    size_t keep_log;         /* length of the layout records when it began */
    float carried_dy;        /* by how much the last new_page() moved a kept group (0: none) */
    size_t block_page;       /* page number (from 1) an open block began on */
    size_t annex_from;       /* pages from this index on are 「別紙 n / N」 (0: plain numbers) */
    bool logging;
    asx_buf log;             /* layout records (asx_pdf_layout_log) */
};

/* What the exceptions to line breaking look for, found once per text: without a no-break space
 * no personal name is glued, and without 第章節条 there is no clause number. */
typedef struct {
    bool nbsp, clause_mark;
} text_marks;

typedef struct {
    size_t start, end; /* [start, end) into the code points */
    bool cont;         /* broken inside a token wider than the line: drawn with CONT_MARK */
} span;

typedef struct {
    span *v;
    size_t n, cap;
    bool oom;
} spans;

/* pdfdoc.c — colours: text, table grid, table header, accent (rules, headings); the tones */
extern const rgb pdf_black, pdf_grid, pdf_header_fill, pdf_accent;
rgb pdf_tone_fill(asx_pdf_tone t);
rgb pdf_tone_pale(asx_pdf_tone t);
rgb pdf_tone_text(asx_pdf_tone t);

/* pdf_text.c — decoding, measuring, line breaking (禁則) */
size_t pdf_decode(const asx_font *font, const char *s, unsigned **out, cp_set *missing);
float pdf_cp_width(const asx_font *font, unsigned cp, float size);
float pdf_cps_width(const asx_font *font, const unsigned *v, size_t n, float size);
char *pdf_encode(const unsigned *v, size_t n);
bool pdf_is_space(unsigned cp);
text_marks pdf_scan_marks(const unsigned *v, size_t n);
bool pdf_break_before(const unsigned *v, size_t n, size_t j, const text_marks *m);
void pdf_wrap_cps(const asx_font *font, const unsigned *v, size_t n, float size, float width,
                  spans *out);

/* pdfdoc.c — the display list, kept groups, layout records */
void pdf_page_clear(page *pg);
float pdf_bottom_limit(void);
page *pdf_cur_page(asx_pdf *p);
void pdf_new_page(asx_pdf *p);
op *pdf_add_op(asx_pdf *p, op_kind kind);
void pdf_mark_used(asx_pdf *p, const unsigned *v, size_t n);
void pdf_put_cps(asx_pdf *p, const unsigned *v, size_t n, float x, float y, float size,
                 rgb color, bool bold);
void pdf_put_text(asx_pdf *p, const char *s, float x, float y, float width, float size,
                  rgb color, bool bold, asx_pdf_align align);
void pdf_put_rect(asx_pdf *p, float x, float y, float w, float h, const rgb *fill,
                  const rgb *stroke, float lw);
void pdf_put_line(asx_pdf *p, float x1, float y1, float x2, float y2, rgb color, float lw,
                  bool dash);
float pdf_baseline_off(float size);
void pdf_end_table_if_open(asx_pdf *p);
void pdf_layout_record(asx_pdf *p, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pdf_keep_start(asx_pdf *p, bool heading);
void pdf_keep_content(asx_pdf *p);
void pdf_put_mark(asx_pdf *p, float x, float y, float size);
void pdf_layout_log_flush(const asx_pdf *p);

/* pdf_write.c — the writer */

/* The first libharu error of a document (its error handler's record). */
typedef struct {
    HPDF_STATUS first;
    HPDF_STATUS detail;
} pdf_hpdf_err;

/* ASX_ERR_INTERNAL, with libharu's error code and what failed, in d. */
asx_error pdf_hpdf_fail(asx_diags *d, const char *what, const pdf_hpdf_err *e, HPDF_Doc pdf);

/* Draws every page of p, footers[i] over page i, into the libharu document pdf (its info
 * already set). Errors go to d (libharu's through he). */
typedef asx_error (*pdf_paint_fn)(asx_pdf *p, HPDF_Doc pdf, const page *footers, pdf_hpdf_err *he,
                                  asx_diags *d);
/* Render p as asx_pdf_render() does, the pages drawn by paint (asx_pdf_render: the font
 * subset; the benchmark: the whole font). */
asx_error pdf_render_with(asx_pdf *p, pdf_paint_fn paint, unsigned char **out, size_t *out_len,
                          asx_diags *d);

/* The graphics state last written to a page, so each operator is written only when it changes
 * (content streams are most of a pack besides the font). */
typedef struct {
    rgb fill, stroke;
    float width;
    bool has_fill, has_stroke, has_width;
} gstate;

static inline bool pdf_same_rgb(rgb a, rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static inline bool pdf_is_white(rgb c)
{
    return c.r >= 1.0f && c.g >= 1.0f && c.b >= 1.0f;
}

#endif
