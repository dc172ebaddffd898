/* pdf_table.c - tables whose column widths come from their content, and key-value blocks
 * (asx/pdfdoc.h "Tables"). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/text.h"
#include "pdf_impl.h"

/* ---- tables ---- */

typedef struct {
    unsigned *v;
    size_t n;
    spans lines;
} cell_layout;

static void cell_free(cell_layout *c)
{
    free(c->v);
    free(c->lines.v);
}

/* The code points of text into c (no lines yet); a code point the font lacks is noted. */
static void cell_decode(asx_pdf *p, cell_layout *c, const char *text)
{
    memset(c, 0, sizeof *c);
    c->n = pdf_decode(p->font, text, &c->v, p->missing);
}

/* c's code points broken into lines of the column's width. */
static void cell_wrap(asx_pdf *p, cell_layout *c, float size, float width)
{
    if (c->n > 0)
        pdf_wrap_cps(p->font, c->v, c->n, size, width - 2 * CELL_PAD_X, &c->lines);
    if (c->lines.oom)
        p->oom = true;
}

static void cell_prepare(asx_pdf *p, cell_layout *c, const char *text, float size, float width)
{
    cell_decode(p, c, text);
    cell_wrap(p, c, size, width);
}

/* Draw lines [from, from + count) of each cell as one band of height h at the cursor. */
static void draw_band(asx_pdf *p, cell_layout *cells, size_t ncols, const float *widths,
                      const asx_pdf_align *aligns, const rgb *fills, size_t from, size_t count,
                      float size, rgb color, bool bold)
{
    float lh = size * LINE_FACTOR;
    float h = (float)count * lh + 2 * CELL_PAD_Y;
    float x = ASX_PDF_MARGIN_X;
    for (size_t c = 0; c < ncols; c++) {
        pdf_put_rect(p, x, p->y - h, widths[c], h, fills ? &fills[c] : NULL, &pdf_grid, 0.5f);
        x += widths[c];
    }
    x = ASX_PDF_MARGIN_X;
    for (size_t c = 0; c < ncols; c++) {
        cell_layout *cl = &cells[c];
        for (size_t k = from; k < from + count && k < cl->lines.n; k++) {
            const unsigned *line = cl->v + cl->lines.v[k].start;
            size_t len = cl->lines.v[k].end - cl->lines.v[k].start;
            float w = pdf_cps_width(p->font, line, len, size), tx = x + CELL_PAD_X;
            float avail = widths[c] - 2 * CELL_PAD_X;
            switch (aligns[c]) {
            case ASX_PDF_LEFT: break;
            case ASX_PDF_CENTER: tx += (avail - w) / 2; break;
            case ASX_PDF_RIGHT: tx += avail - w; break;
            }
            float ty = p->y - CELL_PAD_Y - (float)(k - from) * lh - pdf_baseline_off(size);
            pdf_put_cps(p, line, len, tx, ty, size, color, bold);
            if (cl->lines.v[k].cont)
                pdf_put_mark(p, tx + w, ty, size);
        }
        x += widths[c];
    }
    p->y -= h;
}

/* Cut a cell to its first max lines, the last one ending in 「…」 (a visible mark). */
static void cell_clip(asx_pdf *p, cell_layout *c, size_t max)
{
    if (c->lines.n <= max || max == 0)
        return;
    c->lines.n = max;
    size_t end = c->lines.v[max - 1].end, start = c->lines.v[max - 1].start;
    if (end > start) {
        c->v[end - 1] = 0x2026;
        unsigned e = 0x2026;
        pdf_mark_used(p, &e, 1);
    }
}

static void draw_header(asx_pdf *p)
{
    cell_layout cells[MAX_COLS];
    rgb fills[MAX_COLS];
    asx_pdf_align left[MAX_COLS];
    size_t maxl = 1;
    for (size_t c = 0; c < p->ncols; c++) {
        cell_prepare(p, &cells[c], p->coltitle[c], TABLE_SIZE, p->colw[c]);
        cell_clip(p, &cells[c], HEADER_MAX_LINES);
        if (cells[c].lines.n > maxl)
            maxl = cells[c].lines.n;
        fills[c] = pdf_header_fill;
        left[c] = ASX_PDF_LEFT;
    }
    draw_band(p, cells, p->ncols, p->colw, left, fills, 0, maxl, TABLE_SIZE, pdf_black, true);
    for (size_t c = 0; c < p->ncols; c++)
        cell_free(&cells[c]);
    p->header_drawn_on_page = true;
}

static float header_height(asx_pdf *p)
{
    size_t maxl = 1;
    for (size_t c = 0; c < p->ncols; c++) {
        char **lines = NULL;
        size_t n = asx_pdf_wrap(p, p->coltitle[c], TABLE_SIZE, p->colw[c] - 2 * CELL_PAD_X, &lines);
        asx_pdf_lines_free(lines, n);
        if (n > maxl)
            maxl = n;
    }
    if (maxl > HEADER_MAX_LINES)
        maxl = HEADER_MAX_LINES;
    return (float)maxl * TABLE_SIZE * LINE_FACTOR + 2 * CELL_PAD_Y;
}

/* Lay out one row (table or key/value) at the cursor, breaking across pages; with_header
 * redraws the open table's header on each new page. */
/* Lay out one row of decoded cells (cell_decode), which it frees. */
static void layout_cells(asx_pdf *p, cell_layout *cells, size_t ncols, const float *widths,
                         const asx_pdf_align *aligns, const rgb *fills, bool with_header,
                         const bool *bold_cols)
{
    float lh = TABLE_SIZE * LINE_FACTOR;
    size_t maxl = 1;
    for (size_t c = 0; c < ncols; c++) {
        cell_wrap(p, &cells[c], TABLE_SIZE, widths[c]);
        if (cells[c].lines.n > maxl)
            maxl = cells[c].lines.n;
    }
    float hdr = with_header ? p->header_h : 0;
    float full = CONTENT_TOP(p) - pdf_bottom_limit() - hdr;
    float need = (float)maxl * lh + 2 * CELL_PAD_Y;
    /* A row that fits on a fresh page is never split: move it whole. */
    if (need <= full && p->y - need < pdf_bottom_limit())
        pdf_new_page(p);
    size_t from = 0;
    bool fresh = p->page_empty;
    while (from < maxl) {
        if (with_header && (p->page_empty || !p->header_drawn_on_page))
            draw_header(p);
        float avail = p->y - pdf_bottom_limit() - 2 * CELL_PAD_Y;
        size_t fit = avail > 0 ? (size_t)(avail / lh) : 0;
        if (fit == 0 && !fresh) {
            pdf_new_page(p);
            fresh = true;
            continue;
        }
        /* Never a page without progress: on a fresh page at least one line is drawn. */
        if (fit == 0)
            fit = 1;
        fresh = false;
        if (fit > maxl - from)
            fit = maxl - from;
        if (bold_cols) {
            /* Two passes: the rectangles and regular text, then bold columns' text. */
            cell_layout tmp[MAX_COLS];
            float y0 = p->y;
            for (size_t c = 0; c < ncols; c++) {
                tmp[c] = cells[c];
                if (bold_cols[c])
                    tmp[c].lines.n = 0;
            }
            draw_band(p, tmp, ncols, widths, aligns, fills, from, fit, TABLE_SIZE, pdf_black, false);
            float y1 = p->y;
            p->y = y0;
            for (size_t c = 0; c < ncols; c++) {
                tmp[c] = cells[c];
                if (!bold_cols[c])
                    tmp[c].lines.n = 0;
            }
            /* Text only: draw_band adds rectangles too, so draw bold text by hand. */
            float x = ASX_PDF_MARGIN_X;
            for (size_t c = 0; c < ncols; c++) {
                for (size_t k = from; k < from + fit && k < tmp[c].lines.n; k++) {
                    const unsigned *line = tmp[c].v + tmp[c].lines.v[k].start;
                    size_t len = tmp[c].lines.v[k].end - tmp[c].lines.v[k].start;
                    float ty = p->y - CELL_PAD_Y - (float)(k - from) * lh - pdf_baseline_off(TABLE_SIZE);
                    pdf_put_cps(p, line, len, x + CELL_PAD_X, ty, TABLE_SIZE, pdf_black, true);
                }
                x += widths[c];
            }
            p->y = y1;
        } else {
            draw_band(p, cells, ncols, widths, aligns, fills, from, fit, TABLE_SIZE, pdf_black, false);
        }
        from += fit;
        if (from < maxl) {
            pdf_new_page(p);
            fresh = true;
        }
    }
    for (size_t c = 0; c < ncols; c++)
        cell_free(&cells[c]);
}

static void layout_row(asx_pdf *p, const char *const *texts, size_t ncols, const float *widths,
                       const asx_pdf_align *aligns, const rgb *fills, bool with_header,
                       const bool *bold_cols)
{
    cell_layout cells[MAX_COLS];
    for (size_t c = 0; c < ncols; c++)
        cell_decode(p, &cells[c], texts[c]);
    layout_cells(p, cells, ncols, widths, aligns, fills, with_header, bold_cols);
}

void asx_pdf_table_begin(asx_pdf *p, const asx_pdf_col *cols, size_t ncols)
{
    pdf_end_table_if_open(p);
    if (ncols > MAX_COLS)
        ncols = MAX_COLS;
    if (ncols == 0)
        return;
    for (size_t c = 0; c < ncols; c++) {
        p->colrel[c] = cols[c].width > 0 ? cols[c].width : 1;
        p->colalign[c] = cols[c].align;
        free(p->coltitle[c]);
        p->coltitle[c] = asx_strdup(cols[c].title ? cols[c].title : "");
        if (!p->coltitle[c])
            p->oom = true;
    }
    p->ncols = ncols;
    p->in_table = true;
    p->tnrows = 0;
}

void asx_pdf_row(asx_pdf *p, const char *const *cells, const asx_pdf_tone *tones)
{
    if (!p->in_table)
        return;
    /* The buffers are shared by every table of the document and sized in cells: a row count
     * kept from a narrower table would not hold this table's rows (issue 28 class 1). */
    size_t need = (p->tnrows + 1) * p->ncols;
    if (need > p->tcells) {
        size_t cap = p->tcells ? p->tcells : 16 * MAX_COLS;
        while (cap < need)
            cap *= 2;
        char **nr = realloc(p->trows, cap * sizeof *nr);
        if (nr)
            p->trows = nr;
        asx_pdf_tone *nt = nr ? realloc(p->ttones, cap * sizeof *nt) : NULL;
        if (!nr || !nt) {
            p->oom = true;
            return;
        }
        p->ttones = nt;
        p->tcells = cap;
    }
    for (size_t c = 0; c < p->ncols; c++) {
        const char *s = cells[c] ? cells[c] : "";
        char **slot = &p->trows[p->tnrows * p->ncols + c];
        *slot = asx_strdup(s);
        if (!*slot)
            p->oom = true;
        p->ttones[p->tnrows * p->ncols + c] = tones ? tones[c] : ASX_PDF_TONE_NONE;
    }
    p->tnrows++;
}

/* The width of the widest piece of text that may not be broken (an id, a clause number, a
 * number with its unit, a Latin word) and the width of the longest line, at size pt. */
static void measure_cps(const asx_font *font, const unsigned *v, size_t n, float size,
                        float *token, float *natural)
{
    text_marks m = pdf_scan_marks(v, n);
    float tok = 0, w = 0, line = 0, nat = 0;
    for (size_t j = 0; j < n; j++) {
        if (v[j] == '\n') {
            tok = fmaxf(tok, w);
            nat = fmaxf(nat, line);
            w = line = 0;
            continue;
        }
        if (j > 0 && v[j - 1] != '\n' && pdf_break_before(v, n, j, &m)) {
            tok = fmaxf(tok, w);
            w = 0;
        }
        float cw = pdf_cp_width(font, v[j], size);
        line += cw;
        if (v[j] != ' ' && v[j] != 0x3000)
            w += cw;
    }
    *token = fmaxf(tok, w);
    *natural = fmaxf(nat, line);
}

/* Column widths from the content: each column at least as wide as its widest unbreakable
 * token, at most as wide as its longest line, the caller's relative widths sharing the rest.
 * Tokens wider than their column even then are broken with a continuation mark. */
static void table_widths(asx_pdf *p, const cell_layout *rows)
{
    size_t nc = p->ncols;
    float minw[MAX_COLS], natw[MAX_COLS], share[MAX_COLS], W = CONTENT_W(p), rel = 0;
    for (size_t c = 0; c < nc; c++)
        rel += p->colrel[c];
    for (size_t c = 0; c < nc; c++) {
        float tok, nat;
        unsigned *v = NULL;
        size_t n = pdf_decode(p->font, p->coltitle[c], &v, NULL); /* measuring only */
        measure_cps(p->font, v, n, TABLE_SIZE, &tok, &nat);
        free(v);
        for (size_t r = 0; r < p->tnrows; r++) {
            float t2, n2;
            const cell_layout *cell = &rows[r * nc + c];
            measure_cps(p->font, cell->v, cell->n, TABLE_SIZE, &t2, &n2);
            tok = fmaxf(tok, t2);
            nat = fmaxf(nat, n2);
        }
        minw[c] = tok + 2 * CELL_PAD_X + 1;
        natw[c] = fmaxf(nat + 2 * CELL_PAD_X + 1, minw[c]);
        share[c] = W * p->colrel[c] / rel;
        p->colw[c] = fmaxf(fminf(share[c], natw[c]), minw[c]);
    }
    for (int round = 0; round < 4; round++) {
        float total = 0, grow = 0;
        for (size_t c = 0; c < nc; c++)
            total += p->colw[c];
        if (total > W) {
            float slack = 0, excess = total - W;
            for (size_t c = 0; c < nc; c++)
                slack += p->colw[c] - minw[c];
            if (slack >= excess) {
                for (size_t c = 0; c < nc; c++)
                    p->colw[c] -= excess * (p->colw[c] - minw[c]) / (slack > 0 ? slack : 1);
                break;
            }
            /* Even the tokens do not fit: the columns whose tokens fit their share keep them
             * whole, the others share what is left (their tokens get continuation marks). */
            float fixed = 0, orel = 0;
            for (size_t c = 0; c < nc; c++) {
                if (minw[c] > share[c]) {
                    orel += p->colrel[c];
                } else {
                    p->colw[c] = fmaxf(minw[c], fminf(natw[c], share[c]));
                    fixed += p->colw[c];
                }
            }
            for (size_t c = 0; c < nc; c++)
                if (minw[c] > share[c])
                    p->colw[c] = fmaxf(W - fixed, 0) * p->colrel[c] / (orel > 0 ? orel : 1);
            break;
        }
        for (size_t c = 0; c < nc; c++)
            if (natw[c] > p->colw[c])
                grow += p->colrel[c];
        if (W - total < 0.5f)
            break;
        if (grow == 0) { /* every column shows its longest line: share the rest */
            for (size_t c = 0; c < nc; c++)
                p->colw[c] += (W - total) * p->colrel[c] / rel;
            break;
        }
        float extra = W - total;
        for (size_t c = 0; c < nc; c++)
            if (natw[c] > p->colw[c])
                p->colw[c] = fminf(natw[c], p->colw[c] + extra * p->colrel[c] / grow);
    }
    float total = 0;
    for (size_t c = 0; c < nc; c++)
        total += p->colw[c];
    if (total < W - 0.5f) /* what is left goes to the widest column */
        for (size_t c = 0, best = 0; c < nc; c++) {
            if (p->colw[c] > p->colw[best])
                best = c;
            if (c == nc - 1)
                p->colw[best] += W - total;
        }
}

void asx_pdf_table_end(asx_pdf *p)
{
    if (!p->in_table)
        return;
    p->in_table = false;
    size_t nc = p->ncols;
    /* every cell decoded once, row by row (as code points the font lacks are met): measured for
     * the column widths, then wrapped and drawn */
    cell_layout *cells = calloc(p->tnrows * nc + 1, sizeof *cells);
    if (!cells) {
        p->oom = true;
        for (size_t i = 0; i < p->tnrows * nc; i++)
            free(p->trows[i]);
        p->tnrows = 0;
        return;
    }
    for (size_t i = 0; i < p->tnrows * nc; i++)
        cell_decode(p, &cells[i], p->trows[i]);
    table_widths(p, cells);
    /* The header and at least one row stay together, and with the heading before them. */
    float hh = p->header_h = header_height(p);
    asx_pdf_need(p, hh + TABLE_SIZE * LINE_FACTOR * 2 + 2 * CELL_PAD_Y);
    pdf_keep_start(p, true);
    draw_header(p);
    p->keep_hdr = p->keep_on;
    if (p->logging) {
        char w[MAX_COLS * 12] = "";
        for (size_t c = 0; c < nc; c++)
            snprintf(w + strlen(w), sizeof w - strlen(w), "%s%.1f", c ? "," : "", (double)p->colw[c]);
        pdf_layout_record(p, "table", "cols=%zu rows=%zu widths=%s", nc, p->tnrows, w);
    }
    for (size_t r = 0; r < p->tnrows; r++) {
        rgb fills[MAX_COLS];
        for (size_t c = 0; c < nc; c++)
            fills[c] = pdf_tone_pale(p->ttones[r * nc + c]);
        layout_cells(p, &cells[r * nc], nc, p->colw, p->colalign, fills, true, NULL);
        pdf_layout_record(p, "row", "%s", p->trows[r * nc]);
        if (r == 0)
            pdf_keep_content(p);
    }
    if (p->tnrows == 0)
        pdf_keep_content(p);
    for (size_t i = 0; i < p->tnrows * nc; i++)
        free(p->trows[i]);
    free(cells);
    p->tnrows = 0;
    p->header_drawn_on_page = false;
    p->y -= 6;
}

void asx_pdf_kv(asx_pdf *p, const char *const *keys, const char *const *values, size_t n,
                float key_width)
{
    pdf_end_table_if_open(p);
    float widths[2];
    asx_pdf_align aligns[2] = {ASX_PDF_LEFT, ASX_PDF_LEFT};
    rgb fills[2] = {pdf_header_fill, {1, 1, 1}};
    bool bold[2] = {true, false};
    widths[0] = key_width > 0 ? key_width : CONTENT_W(p) * 0.3f;
    widths[1] = CONTENT_W(p) - widths[0];
    fills[0] = pdf_tone_pale(ASX_PDF_TONE_MUTED);
    asx_pdf_block_begin(p); /* a key-value block is not split */
    for (size_t i = 0; i < n; i++) {
        const char *row[2] = {keys[i], values[i] && *values[i] ? values[i] : "—"};
        layout_row(p, row, 2, widths, aligns, fills, false, bold);
    }
    asx_pdf_block_end(p);
    p->y -= 6;
}
