/* docmodel.h - a document described once, drawn as PDF, XLSX and DOCX (issue 23).
 *
 * A document is a tree of typed blocks, as cmark's AST is: a builder turns a result into the
 * tree (one builder per document, e.g. register_report.c for the year's report) and the
 * renderers (doc_pdf.c, doc_xlsx.c, doc_docx.c) draw any tree. The renderers compute nothing:
 * every fact (a count, a date, a verdict, a clause number) is in the tree, put there by the
 * builder from the result. What a medium cannot show it shows another way: a top-level part is
 * a level-1 heading on paper and a sheet of its own in a workbook; a number is a number cell in
 * a workbook, a date a date cell; a column marked sheet_only (a machine key) is left off paper.
 *
 * Ownership: the document owns every block and copies every string given to it; the builder
 * functions never fail one by one: out of memory is remembered (asx_doc_oom) and reported by
 * asx_doc_write. A document is immutable once built and may be written any number of times. */
#ifndef ASX_DOCMODEL_H
#define ASX_DOCMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "asx/date.h"
#include "asx/error.h"
#include "asx/font.h"
#include "asx/io.h"
#include "asx/score.h"

/* How a cell or a row is marked: BAD for what needs action (overdue, a regression). */
typedef enum {
    ASX_DOC_TONE_NONE,
    ASX_DOC_TONE_GOOD,
    ASX_DOC_TONE_WARN,
    ASX_DOC_TONE_BAD,
    ASX_DOC_TONE_NEUTRAL /* grey: no longer in force (revoked, ended), not scored */
} asx_doc_tone;
/* The tone of a verdict: approved GOOD, conditional WARN, rejected BAD, incomplete and pending
 * NEUTRAL. */
asx_doc_tone asx_doc_verdict_tone(asx_verdict v);

/* Which media a block is for: a register's grid of twenty columns is for the workbook, its
 * cards for paper. */
typedef enum { ASX_MEDIA_ALL, ASX_MEDIA_PAPER, ASX_MEDIA_SHEET } asx_media;

typedef enum { ASX_DOC_LEFT, ASX_DOC_CENTER, ASX_DOC_RIGHT } asx_doc_align;

typedef enum {
    ASX_CELL_TEXT,     /* text (NULL: blank) */
    ASX_CELL_NUMBER,   /* value with `decimals` decimals and an optional unit */
    ASX_CELL_PERCENT,  /* value in percent (0..100) */
    ASX_CELL_DATE,     /* a date, written as the document's language writes dates */
    ASX_CELL_VERDICT,  /* an asx_verdict, labelled in the document's language */
    ASX_CELL_SEVERITY  /* an asx_severity, labelled in the document's language */
} asx_cell_kind;

typedef struct {
    asx_cell_kind kind;
    bool has_value;   /* false: blank ("—" on paper for a number or a date) */
    char *text;       /* TEXT */
    double value;     /* NUMBER, PERCENT */
    int decimals;     /* NUMBER, PERCENT */
    char *unit;       /* NUMBER: printed after the value on paper (NULL: none) */
    asx_date date;    /* DATE */
    int code;         /* VERDICT: asx_verdict; SEVERITY: asx_severity */
    asx_doc_tone tone;
} asx_cell;

/* How a workbook shades a column of numbers (conditional formats). */
typedef enum {
    ASX_DOC_SHADE_NONE,
    ASX_DOC_SHADE_SCALE, /* red, amber, green from 0 % to 100 % (percent cells) */
    ASX_DOC_SHADE_BAR    /* a data bar from 0 to 100 */
} asx_doc_shade;

typedef struct {
    const char *title;   /* the header */
    float width;         /* relative width on paper (e.g. 1, 3, 1) */
    double sheet_width;  /* width in a workbook, in characters (0: 12) */
    asx_doc_align align;
    bool sheet_only;     /* a machine key: in the workbook, not on paper */
} asx_doc_col;

/* How a line of text looks on paper (ASX_BLOCK_LINE). A zeroed look is body text. */
typedef struct {
    float size;          /* pt (0: body size) */
    bool bold;
    asx_doc_tone tone;   /* the text's colour (NONE: black) */
    asx_doc_align align;
    float indent;        /* pt from the left margin */
    float before, after; /* space above and below, pt */
} asx_doc_look;

/* How a workbook shows a table. */
typedef enum {
    ASX_DOC_SHEET_AUTO,  /* the first table of a sheet: its header frozen, filtered and repeated on
                            every printed page */
    ASX_DOC_SHEET_GRID,  /* the sheet is this table: its header in the sheet's first row, frozen
                            with `frozen` columns, filtered, repeated, shown even with no rows
                            (then `empty` under it); text cells wrap */
    ASX_DOC_SHEET_PLAIN  /* a table among other content: neither frozen nor filtered */
} asx_doc_sheet_mode;

typedef enum {
    ASX_BLOCK_PART,       /* a top-level part: level-1 heading; a sheet of its own */
    ASX_BLOCK_HEADING,    /* level 2 or 3 */
    ASX_BLOCK_PARAGRAPH,
    ASX_BLOCK_KV,         /* key-value rows: a key, then one or more typed values */
    ASX_BLOCK_TABLE,      /* a header and rows of typed cells */
    ASX_BLOCK_LIST,       /* bulleted items */
    ASX_BLOCK_PAGE_BREAK, /* paper only */
    ASX_BLOCK_KEEP,       /* its children are kept together on one page (paper only) */
    ASX_BLOCK_BADGE,      /* a verdict shown large, with a note (e.g. the score) */
    ASX_BLOCK_STAMPS,     /* the stamp row (決裁欄, 確認欄): roles, printed names, 合議 boxes */
    ASX_BLOCK_CHART,      /* bars of values 0..100 by label; a table where bars cannot be drawn */
    ASX_BLOCK_DECISION,   /* the decision boxes: 「決定: ■ 承認　□ 条件付き承認　□ 不承認」 */
    ASX_BLOCK_NOTE,       /* a note in small grey type (Word: the note style) */
    ASX_BLOCK_NUMBERED,   /* a numbered list: ITEM kids, each followed by its own paragraphs
                             and notes */
    ASX_BLOCK_ITEM,       /* an item of a numbered list: its number, a bold lead and text */
    /* for the approval pack (see "Pages, lines and sheets" below) */
    ASX_BLOCK_TITLE,      /* a page title with its subtitle (paper: the title of a sheet or an
                             annex; workbook: a title row) */
    ASX_BLOCK_LINE,       /* a line of text in its own look: the sub-lines of a 起案 sheet */
    ASX_BLOCK_GROUP       /* its children in place, nothing more: what one medium shows */
} asx_block_kind;

/* How a numbered list counts: 「(1)」, 「第1条」 (an article: bold, not indented), 「1.」. */
typedef enum { ASX_DOC_NUM_PAREN, ASX_DOC_NUM_ARTICLE, ASX_DOC_NUM_DECIMAL } asx_doc_numbering;

typedef struct asx_block asx_block;
struct asx_block {
    asx_block_kind kind;
    asx_media media;   /* ALL unless set with asx_block_media */
    char *text;        /* PART: its title; HEADING, PARAGRAPH, NOTE, ITEM: the text */
    char *lead;        /* PARAGRAPH, ITEM: a bold lead before the text (NULL: none) */
    asx_doc_align align; /* PARAGRAPH */
    asx_doc_numbering numbering; /* NUMBERED */
    char *sheet;       /* PART: its sheet's name (NULL: the title) */
    int level;         /* HEADING */
    asx_doc_col *cols; /* TABLE (titles copied); KV: none */
    size_t ncols;      /* TABLE; KV: the key and the values of its widest row */
    asx_cell *cells;   /* TABLE, KV: nrows rows of ncols cells (KV: the key first) */
    size_t nrows, cap;
    char *empty;       /* TABLE: what is said instead of an empty table ("該当なし。") */
    char **items;      /* LIST */
    size_t nitems;
    asx_block **kids;  /* PART, KEEP: the blocks inside, in order */
    size_t nkids;
    asx_cell badge;    /* BADGE: its verdict (text: the note) */
    char **names;      /* STAMPS: the printed name under each role (items: the roles; NULL or
                          "": a line to write on) */
    char **consult;    /* STAMPS: the 合議 boxes */
    size_t nconsult;
    double *values;    /* CHART: one per item (items: the labels); < 0: not scored */
    double good_at, warn_at; /* CHART: the thresholds marked (< 0: none) */
    asx_verdict *options; /* DECISION: the verdicts offered (items: none) */
    size_t noptions;
    asx_verdict chosen;   /* DECISION: the one marked */
    /* for the approval pack (see "Pages, lines and sheets") */
    char *subtitle;       /* TITLE: under the title (NULL: none) */
    float keep_with;      /* HEADING: paper: kept with the next keep_with pt (0: the engine's) */
    bool annex;           /* PART: paper: a new page; from here on pages are 「別紙 n / N」 */
    bool tight;           /* paper: no space below (PARAGRAPH, KV, TABLE, BADGE, DECISION) */
    asx_doc_look look;    /* LINE */
    float key_width;      /* KV: paper: the key column in pt (0: 30 % of the width) */
    asx_doc_sheet_mode sheet_mode; /* TABLE */
    unsigned long fit_cols; /* TABLE: workbook: column i (bit i) as wide as its texts (at least
                               its sheet_width, at most 40) */
    size_t shade_col;     /* TABLE: workbook: the column of numbers shaded … */
    asx_doc_shade shade;  /* … and how (NONE: none) */
    /* set by the workbook additions at the end of this header (zero: not used) */
    char *sheet_title, *sheet_sub; /* PART: its sheet's own title and subtitle */
    size_t frozen;        /* TABLE: label columns kept in view in a workbook */
    bool fills;           /* TABLE: a workbook fills each cell by its tone */
};

typedef struct asx_doc asx_doc;
struct asx_doc {
    asx_lang lang;
    char *title, *subtitle; /* the document title (the first sheet's first row) and its subtitle */
    char *subject;          /* document information (may be NULL) */
    char *footer;           /* printed at the left of every page footer (NULL: the title) */
    bool landscape;         /* paper: A4 landscape (wide tables) */
    bool section;           /* DOCX: a section to paste into a larger document: its title is a
                               Heading 1 and every heading one level lower */
    asx_block root;         /* a KEEP-less container of the parts */
    bool oom;
    bool untitled;          /* the title is the file's information only: no renderer draws it,
                               the parts open with their own TITLE blocks (the pack) */
    char *header;           /* workbook: printed at the left of every sheet's page header
                               (NULL: none); set with asx_doc_sheet_header */
};

/* A new empty document in language lang; NULL when out of memory. Free with asx_doc_free()
 * (accepts NULL). */
asx_doc *asx_doc_new(asx_lang lang, const char *title, const char *subtitle, const char *subject);
void asx_doc_free(asx_doc *doc);
bool asx_doc_oom(const asx_doc *doc);

/* Add a block to parent (a PART or a KEEP; NULL: the document itself, for a PART). Each
 * returns the new block, or NULL when out of memory (then later calls on it do nothing). */
asx_block *asx_doc_part(asx_doc *doc, const char *title, const char *sheet);
asx_block *asx_doc_keep(asx_doc *doc, asx_block *parent);
/* The document's own blocks: a document without parts (the spec, the contract) is running text
 * for paper and Word; its blocks are added here. */
asx_block *asx_doc_body(asx_doc *doc);
void asx_doc_heading(asx_doc *doc, asx_block *parent, int level, const char *text);
void asx_doc_paragraph(asx_doc *doc, asx_block *parent, const char *text);
/* A paragraph with a bold lead (may be NULL), aligned (a date at the right). */
void asx_doc_text(asx_doc *doc, asx_block *parent, const char *lead, const char *text, asx_doc_align align);
void asx_doc_note(asx_doc *doc, asx_block *parent, const char *text);
/* A numbered list; its items (lead and text may be NULL), and paragraphs of the last item
 * (indented, no number). The numbers are the renderers' (Word numbers the items itself). */
asx_block *asx_doc_numbered(asx_doc *doc, asx_block *parent, asx_doc_numbering numbering);
void asx_doc_item(asx_doc *doc, asx_block *list, const char *lead, const char *text);
void asx_doc_item_text(asx_doc *doc, asx_block *list, const char *text);
/* (asx_doc_note(doc, list, text) adds a note under the last item.) */
void asx_doc_page_break(asx_doc *doc, asx_block *parent);
void asx_doc_list_item(asx_doc *doc, asx_block *list, const char *text);
asx_block *asx_doc_list(asx_doc *doc, asx_block *parent);
asx_block *asx_doc_kv(asx_doc *doc, asx_block *parent);
/* A verdict badge with a note (may be NULL). */
void asx_doc_badge(asx_doc *doc, asx_block *parent, asx_verdict v, const char *note);
/* A stamp row of n roles (names[i] may be NULL: a line to write on) and nconsult 合議 boxes. */
void asx_doc_stamps(asx_doc *doc, asx_block *parent, const char *const *roles,
                    const char *const *names, size_t n, const char *const *consult, size_t nconsult);
/* A KV row: the key, then n cells for the caller to fill (NULL when out of memory). */
asx_cell *asx_doc_kv_row(asx_doc *doc, asx_block *kv, const char *key, size_t n);
/* A table of ncols columns (cols copied); empty (may be NULL) is said instead of a table with
 * no rows. */
asx_block *asx_doc_table(asx_doc *doc, asx_block *parent, const asx_doc_col *cols, size_t ncols,
                         const char *empty);
/* A new row of the table: its ncols cells, blank text, for the caller to fill (NULL when out of
 * memory). */
asx_cell *asx_doc_row(asx_doc *doc, asx_block *table);

/* A bar chart of n values 0..100 (negative: not scored, "—") by label, thresholds marked. */
void asx_doc_chart(asx_doc *doc, asx_block *parent, const char *const *labels, const double *values,
                   size_t n, double good_at, double warn_at);
/* The decision boxes: the n verdicts offered, the chosen one marked. */
void asx_doc_decision(asx_doc *doc, asx_block *parent, const asx_verdict *options, size_t n,
                      asx_verdict chosen);
/* The decision boxes as one line of text in the document's language (caller frees). */
char *asx_doc_decision_text(const asx_block *b, asx_lang l);

/* Limit b (and what it holds) to some media (b may be NULL). */
void asx_block_media(asx_block *b, asx_media m);

/* Fill a cell (the cell setters copy what they are given). */
void asx_cell_text(asx_doc *doc, asx_cell *c, const char *text);
void asx_cell_number(asx_doc *doc, asx_cell *c, double value, int decimals, const char *unit);
void asx_cell_count(asx_cell *c, size_t n);
void asx_cell_date(asx_cell *c, const asx_date *d); /* NULL: blank */
void asx_cell_verdict(asx_cell *c, asx_verdict v);
void asx_cell_severity(asx_cell *c, asx_severity s);

/* A cell as paper shows it (a number with its unit, a date, a label) into buf. */
const char *asx_cell_format(const asx_cell *c, asx_lang lang, char *buf, size_t size);

/* ---- Pages, lines and sheets: what the approval pack needs (issue 23) ----
 *
 * A pack is a 起案 sheet and its 別紙: each has its own page title (TITLE), the 別紙's pages are
 * numbered 「別紙 n / N」 from its first part (asx_block_annex), a heading keeps more than its
 * first lines with it (asx_doc_heading_keep), the sheet's sub-lines are small and indented
 * (asx_doc_line), a key-value block may have a key column of a fixed width, and where paper and
 * workbook lay the same facts out differently each medium has its own GROUP of blocks. A
 * workbook sheet may be one table (ASX_DOC_SHEET_GRID: the header in row 1, frozen, filtered). */

/* The last block added to parent (NULL when none): to mark a block just added. */
asx_block *asx_doc_last(asx_block *parent);
/* A page title and its subtitle (may be NULL). */
asx_block *asx_doc_title(asx_doc *doc, asx_block *parent, const char *title, const char *subtitle);
/* A heading of level 1 (a section under a part's own title), 2 or 3, kept on paper with the next
 * keep_with pt of content (0: the engine's default). */
asx_block *asx_doc_heading_keep(asx_doc *doc, asx_block *parent, int level, const char *text,
                                float keep_with);
/* A line of text in a look (NULL: body). */
asx_block *asx_doc_line(asx_doc *doc, asx_block *parent, const char *text, const asx_doc_look *look);
/* A container shown only in medium m (its blocks in place). */
asx_block *asx_doc_group(asx_doc *doc, asx_block *parent, asx_media m);
/* A verdict badge whose label is given (the result's own wording of the verdict). */
asx_block *asx_doc_badge_label(asx_doc *doc, asx_block *parent, asx_verdict v, const char *label,
                               const char *note);
/* Marks (b may be NULL): no space below on paper; a key column of key_width pt; the first part
 * of the annex; how a workbook shows a table and the columns it keeps in view (`frozen`, as
 * asx_doc_sheet_table sets it). */
void asx_block_tight(asx_block *b);
void asx_block_key_width(asx_block *b, float key_width);
void asx_block_annex(asx_block *b);
void asx_block_sheet(asx_block *b, asx_doc_sheet_mode mode, size_t frozen);
/* A workbook column of table b as wide as its texts; a column of numbers shaded. */
void asx_block_sheet_fit(asx_block *b, size_t col);
void asx_block_shade(asx_block *b, size_t col, asx_doc_shade shade);
/* The tone of a finding's severity: knockout and major BAD, minor WARN, info NEUTRAL. */
asx_doc_tone asx_doc_severity_tone(asx_severity s);

/* Lay doc out with the PDF engine into a new asx_pdf (*out, caller frees with asx_pdf_free) on
 * font (borrowed; it must outlive *out), its information dated date, without writing it: for a
 * caller that renders the PDF in memory (the benchmarks). ASX_ERR_NOMEM when out of memory. */
struct asx_pdf;
asx_error asx_doc_layout_pdf(const asx_doc *doc, const asx_font *font, asx_date date,
                             struct asx_pdf **out);

/* ---- writing: one contract for every document ---- */

typedef enum { ASX_MEDIUM_PDF, ASX_MEDIUM_XLSX, ASX_MEDIUM_DOCX } asx_medium;

/* How a document is written, whatever it is. */
typedef struct {
    asx_date date;          /* the files' creation date (never the clock): same inputs, same bytes */
    const asx_font *font;   /* PDF: borrowed font; NULL: font_file is loaded for this file */
    const char *font_file;  /* NULL: the default font */
    asx_outset *set;        /* the set of outputs the file joins (committed by the caller);
                               NULL: a set of this one file, committed here */
    int force;              /* replace an existing file */
    mode_t mode;            /* workbook: the file's mode (0: ASX_OUTPUT_MODE) */
} asx_doc_out;

/* Render doc in the medium and write it to path through the set of outputs: nothing is left
 * under path unless the whole file was written (and, in a caller's set, the set committed).
 * Problems go to d, naming path. */
asx_error asx_doc_write(const asx_doc *doc, asx_medium medium, const asx_doc_out *o,
                        const char *path, asx_diags *d);

/* The renderers (doc_pdf.c, doc_xlsx.c, doc_docx.c); set is never NULL here. */
asx_error asx_doc_render_pdf(const asx_doc *doc, const asx_doc_out *o, asx_outset *set,
                             const char *path, asx_diags *d);
asx_error asx_doc_render_xlsx(const asx_doc *doc, const asx_doc_out *o, asx_outset *set,
                              const char *path, asx_diags *d);
asx_error asx_doc_render_docx(const asx_doc *doc, const asx_doc_out *o, asx_outset *set,
                              const char *path, asx_diags *d);

/* ---- workbook additions (a comparison read across bidders, issue 23) ----
 * A workbook sheet that is a document of its own: its own title and subtitle above its table,
 * the label columns of a table read across kept in view, cells filled by their tone (a knockout
 * red, a difference amber), the page header of every sheet. Paper ignores them all. */

/* The sheet of part opens with its own title and subtitle (rows 1 and 2; the first table's
 * header on row 4) instead of the document's title; it is printed landscape when a table is
 * wider than a portrait page shows at full size (by the columns' sheet widths). */
void asx_doc_sheet_head(asx_doc *doc, asx_block *part, const char *title, const char *subtitle);
/* In a workbook, keep the first `frozen` columns of table in view (panes frozen right of them
 * and below its header; the sheet's first table only) and, when fills, fill each cell by its
 * tone: BAD red with white bold type, WARN amber, GOOD pale green, NEUTRAL light grey; its texts
 * wrap in their columns. */
void asx_doc_sheet_table(asx_block *table, size_t frozen, bool fills);
/* The page header of every sheet of the workbook (copied; NULL: none). */
void asx_doc_sheet_header(asx_doc *doc, const char *text);
/* A percent cell: value in percent (0..100) with decimals; paper prints "85 %", a workbook
 * writes the fraction (0.85) in a percent format. */
void asx_cell_percent(asx_cell *c, double value, int decimals);

#endif
