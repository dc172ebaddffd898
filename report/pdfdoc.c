/* pdfdoc.c - layout into an in-memory display list of pages: drawing operations, kept groups,
 * layout records and the flow calls (see asx/pdfdoc.h); tables are pdf_table.c, the writer
 * pdf_write.c. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/text.h"
#include "pdf_impl.h"

/* ---- colours ---- */

rgb pdf_tone_fill(asx_pdf_tone t)
{
    switch (t) {
    case ASX_PDF_TONE_NONE: return (rgb){1, 1, 1};
    case ASX_PDF_TONE_GOOD: return (rgb){0.16f, 0.55f, 0.30f};
    case ASX_PDF_TONE_WARN: return (rgb){0.88f, 0.56f, 0.10f};
    case ASX_PDF_TONE_BAD: return (rgb){0.78f, 0.18f, 0.16f};
    case ASX_PDF_TONE_NEUTRAL: return (rgb){0.50f, 0.52f, 0.55f};
    case ASX_PDF_TONE_MUTED: return (rgb){0.90f, 0.91f, 0.93f};
    }
    return (rgb){1, 1, 1};
}

/* A pale shade of a tone, for table cells. */
rgb pdf_tone_pale(asx_pdf_tone t)
{
    switch (t) {
    case ASX_PDF_TONE_NONE: return (rgb){1, 1, 1};
    case ASX_PDF_TONE_GOOD: return (rgb){0.87f, 0.95f, 0.89f};
    case ASX_PDF_TONE_WARN: return (rgb){0.99f, 0.93f, 0.80f};
    case ASX_PDF_TONE_BAD: return (rgb){0.98f, 0.86f, 0.85f};
    case ASX_PDF_TONE_NEUTRAL: return (rgb){0.93f, 0.93f, 0.94f};
    case ASX_PDF_TONE_MUTED: return (rgb){0.92f, 0.93f, 0.95f};
    }
    return (rgb){1, 1, 1};
}

/* Text colour of a style tone. */
rgb pdf_tone_text(asx_pdf_tone t)
{
    switch (t) {
    case ASX_PDF_TONE_NONE: return (rgb){0, 0, 0};
    case ASX_PDF_TONE_GOOD: return (rgb){0.08f, 0.42f, 0.20f};
    case ASX_PDF_TONE_WARN: return (rgb){0.62f, 0.36f, 0.0f};
    case ASX_PDF_TONE_BAD: return (rgb){0.70f, 0.10f, 0.10f};
    case ASX_PDF_TONE_NEUTRAL: return (rgb){0.38f, 0.40f, 0.43f};
    case ASX_PDF_TONE_MUTED: return (rgb){0.55f, 0.56f, 0.58f};
    }
    return (rgb){0, 0, 0};
}

const rgb pdf_black = {0, 0, 0};
const rgb pdf_grid = {0.55f, 0.57f, 0.60f};
const rgb pdf_header_fill = {0.85f, 0.88f, 0.92f};
const rgb pdf_accent = {0.15f, 0.25f, 0.45f};


/* ---- the display list ---- */

asx_pdf *asx_pdf_new(const asx_font *font, asx_lang lang)
{
    asx_pdf *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->font = font;
    p->lang = lang;
    p->missing = calloc(1, sizeof *p->missing);
    if (!p->missing) {
        free(p);
        return NULL;
    }
    p->page_w = ASX_PDF_PAGE_WIDTH;
    p->page_h = ASX_PDF_PAGE_HEIGHT;
    p->y = CONTENT_TOP(p);
    p->logging = getenv("ASSESS_LAYOUT_LOG") != NULL; /* test hook: see layout_log_flush */
    p->page_empty = true;
    return p;
}

void pdf_page_clear(page *pg)
{
    for (size_t i = 0; i < pg->n; i++)
        free(pg->v[i].cps);
    free(pg->v);
    pg->v = NULL;
    pg->n = pg->cap = 0;
}

void asx_pdf_free(asx_pdf *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npages; i++)
        pdf_page_clear(&p->pages[i]);
    free(p->pages);
    if (p->missing)
        free(p->missing->v);
    free(p->missing);
    for (size_t i = 0; i < MAX_COLS; i++)
        free(p->coltitle[i]);
    free(p->title);
    free(p->subject);
    free(p->footer);
    for (size_t i = 0; i < p->tnrows * p->ncols; i++)
        free(p->trows[i]);
    free(p->trows);
    free(p->ttones);
    free(p->log.s);
    free(p);
}

void asx_pdf_set_info(asx_pdf *p, const char *title, const char *subject, asx_date date)
{
    free(p->title);
    free(p->subject);
    p->title = asx_strdup(title);
    p->subject = asx_strdup(subject);
    if ((title && !p->title) || (subject && !p->subject))
        p->oom = true;
    p->date = date;
    p->has_date = asx_date_valid(date);
}

void asx_pdf_set_footer(asx_pdf *p, const char *left)
{
    free(p->footer);
    p->footer = asx_strdup(left);
    if (left && !p->footer)
        p->oom = true;
}

float pdf_bottom_limit(void)
{
    return ASX_PDF_MARGIN_BOTTOM;
}

float asx_pdf_remaining(const asx_pdf *p)
{
    return p->y - pdf_bottom_limit();
}

int asx_pdf_page_count(const asx_pdf *p)
{
    return (int)p->npages;
}

page *pdf_cur_page(asx_pdf *p)
{
    if (p->npages == 0 || p->page_empty) {
        if (p->npages == 0 || p->pages[p->npages - 1].n > 0) {
            if (p->npages == p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 8;
                page *nv = realloc(p->pages, cap * sizeof *nv);
                if (!nv) {
                    p->oom = true;
                    return NULL;
                }
                p->pages = nv;
                p->cap = cap;
            }
            memset(&p->pages[p->npages], 0, sizeof(page));
            p->npages++;
        }
    }
    return &p->pages[p->npages - 1];
}

static void carry_kept(asx_pdf *p, float old_y);

void pdf_new_page(asx_pdf *p)
{
    float old_y = p->y;
    p->y = CONTENT_TOP(p);
    p->page_empty = true;
    p->header_drawn_on_page = false;
    carry_kept(p, old_y);
}

op *pdf_add_op(asx_pdf *p, op_kind kind)
{
    page *pg = p->redirect ? p->redirect : pdf_cur_page(p);
    if (!pg)
        return NULL;
    if (pg->n == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 64;
        op *nv = realloc(pg->v, cap * sizeof *nv);
        if (!nv) {
            p->oom = true;
            return NULL;
        }
        pg->v = nv;
        pg->cap = cap;
    }
    op *o = &pg->v[pg->n++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    if (!p->redirect)
        p->page_empty = false;
    return o;
}

/* Coordinates are kept to a quarter point (0.09 mm): short numbers in the content stream. */
static float q4(float v)
{
    return roundf(v * 4.0f) / 4.0f;
}

void pdf_mark_used(asx_pdf *p, const unsigned *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] < 65536)
            p->used[v[i] >> 3] |= (unsigned char)(1u << (v[i] & 7));
}

/* Draw the code points v[0..n) with the baseline at (x, y). */
void pdf_put_cps(asx_pdf *p, const unsigned *v, size_t n, float x, float y, float size,
                 rgb color, bool bold)
{
    if (n == 0)
        return;
    op *o = pdf_add_op(p, OP_TEXT);
    if (!o)
        return;
    o->cps = malloc(n * sizeof *v);
    if (!o->cps) {
        p->oom = true;
        o->kind = OP_LINE; /* harmless zero-length line */
        return;
    }
    memcpy(o->cps, v, n * sizeof *v);
    o->ncps = n;
    pdf_mark_used(p, v, n);
    o->x = q4(x);
    o->y = q4(y);
    o->size = size;
    o->fill = color;
    o->bold = bold;
}

/* Draw a UTF-8 string on one line, aligned within [x, x + width). */
void pdf_put_text(asx_pdf *p, const char *s, float x, float y, float width, float size,
                  rgb color, bool bold, asx_pdf_align align)
{
    unsigned *v = NULL;
    size_t n = pdf_decode(p->font, s, &v, p->missing);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] != '\n')
            v[k++] = v[i];
    float w = pdf_cps_width(p->font, v, k, size);
    switch (align) {
    case ASX_PDF_LEFT: break;
    case ASX_PDF_CENTER: x += (width - w) / 2; break;
    case ASX_PDF_RIGHT: x += width - w; break;
    }
    pdf_put_cps(p, v, k, x, y, size, color, bold);
    free(v);
}

void pdf_put_rect(asx_pdf *p, float x, float y, float w, float h, const rgb *fill,
                  const rgb *stroke, float lw)
{
    op *o = pdf_add_op(p, OP_RECT);
    if (!o)
        return;
    o->x = q4(x);
    o->y = q4(y);
    o->w = q4(x + w) - o->x;
    o->h = q4(y + h) - o->y;
    o->size = lw;
    if (fill) {
        o->has_fill = true;
        o->fill = *fill;
    }
    if (stroke) {
        o->has_stroke = true;
        o->stroke = *stroke;
    }
}

void pdf_put_line(asx_pdf *p, float x1, float y1, float x2, float y2, rgb color, float lw,
                  bool dash)
{
    op *o = pdf_add_op(p, OP_LINE);
    if (!o)
        return;
    o->x = q4(x1);
    o->y = q4(y1);
    o->w = q4(x2) - o->x;
    o->h = q4(y2) - o->y;
    o->size = lw;
    o->stroke = color;
    o->has_stroke = true;
    o->dash = dash;
}

/* Baseline offset from the top of a line box of a given size. */
float pdf_baseline_off(float size)
{
    return size * (LINE_FACTOR - 1.0f) / 2.0f + size * 0.88f;
}

/* ---- layout rules: kept groups and layout records (SPEC v2 §6) ----
 *
 * A heading, a table's header row and a keep-together block (asx_pdf_block_begin) open a kept
 * group: the operations drawn since it began. When a page break comes while the group is open
 * and the group did not begin at the top of its page, pdf_new_page() moves the group to the top of
 * the new page (carry_kept), so a heading never ends a page and a chart, a key-value block, a
 * register entry or a stamp row is not split. A heading's group closes once what follows has
 * begun (two lines of a paragraph, the first row of a table); a block's closes at its end. */

/* The number (from 1) of the page the next content goes on. */
static size_t page_no(const asx_pdf *p)
{
    if (p->npages == 0 || (p->page_empty && p->pages[p->npages - 1].n > 0))
        return p->npages + 1;
    return p->npages;
}


/* One line of the layout records: "<kind> page=<n> y=<cursor> <detail>". */
void pdf_layout_record(asx_pdf *p, const char *kind, const char *fmt, ...)
{
    if (!p->logging)
        return;
    char detail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    detail[asx_utf8_valid_prefix(detail, strlen(detail))] = '\0'; /* cut at a whole character */
    for (char *c = detail; *c; c++)
        if (*c == '\n')
            *c = ' ';
    asx_buf_addf(&p->log, "%s page=%zu y=%.1f %s\n", kind, page_no(p), (double)p->y, detail);
}

/* The records from offset `from` on were of the group just carried: they are on page now. */
static void relog_pages(asx_pdf *p, size_t from, size_t pageno)
{
    if (!p->logging || from >= p->log.len)
        return;
    asx_buf b = {0};
    asx_buf_add(&b, p->log.s, from);
    for (const char *l = p->log.s + from; *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);
        const char *pg = strstr(l, " page=");
        if (pg && pg < l + len) {
            const char *rest = pg + 6;
            while (*rest >= '0' && *rest <= '9')
                rest++;
            asx_buf_add(&b, l, (size_t)(pg - l));
            asx_buf_addf(&b, " page=%zu", pageno);
            asx_buf_add(&b, rest, len - (size_t)(rest - l));
        } else {
            asx_buf_add(&b, l, len);
        }
        l += len;
    }
    if (b.oom) {
        asx_buf_free(&b);
        return;
    }
    free(p->log.s);
    p->log = b;
}

void pdf_keep_start(asx_pdf *p, bool heading)
{
    if (p->keep_on) {
        if (!heading)
            p->keep_heading = false; /* a block joins the heading before it */
        return;
    }
    p->keep_on = true;
    p->keep_heading = heading;
    p->keep_hdr = false;
    p->keep_top = p->y;
    p->keep_log = p->log.len;
    if (page_no(p) > p->npages || p->page_empty) {
        p->keep_from = SIZE_MAX;
    } else {
        p->keep_page = p->npages - 1;
        p->keep_from = p->pages[p->keep_page].n;
    }
}

/* Content that follows a heading has begun: the heading's group closes. */
void pdf_keep_content(asx_pdf *p)
{
    if (p->keep_on && p->keep_heading && p->keep_depth == 0) {
        p->keep_on = false;
        p->keep_hdr = false;
    }
}

/* Called by pdf_new_page() (the cursor was at old_y): move the open group to the new page. */
static void carry_kept(asx_pdf *p, float old_y)
{
    p->carried_dy = 0;
    if (!p->keep_on || p->keep_from == SIZE_MAX || p->npages == 0 || p->keep_page != p->npages - 1)
        return;
    page *old = &p->pages[p->keep_page];
    if (p->keep_from == 0 || p->keep_from >= old->n) {
        p->keep_from = SIZE_MAX; /* nothing drawn yet: the group begins on the new page */
        if (p->keep_depth > 0)
            p->block_page = page_no(p);
        return;
    }
    size_t cnt = old->n - p->keep_from;
    op *moved = malloc(cnt * sizeof *moved);
    if (!moved) {
        p->oom = true;
        return;
    }
    memcpy(moved, old->v + p->keep_from, cnt * sizeof *moved);
    old->n = p->keep_from;
    float dy = CONTENT_TOP(p) - p->keep_top;
    size_t i = 0;
    for (; i < cnt; i++) {
        op *o = pdf_add_op(p, moved[i].kind);
        if (!o)
            break;
        *o = moved[i];
        o->y = q4(o->y + dy);
    }
    for (; i < cnt; i++)
        free(moved[i].cps);
    free(moved);
    p->y = old_y + dy;
    p->carried_dy = dy;
    p->keep_page = p->npages - 1;
    p->keep_from = SIZE_MAX; /* now at the top of a page: it may split from here on */
    if (p->keep_hdr)
        p->header_drawn_on_page = true;
    if (p->keep_depth > 0)
        p->block_page = p->npages;
    relog_pages(p, p->keep_log, p->npages);
    pdf_layout_record(p, "carry", "ops=%zu dy=%.1f", cnt, (double)dy);
}

/* The continuation mark after a line broken inside a token, at (x, baseline y). */
void pdf_put_mark(asx_pdf *p, float x, float y, float size)
{
    static const unsigned mark[] = {CONT_MARK};
    pdf_put_cps(p, mark, 1, x, y, size, (rgb){0.45f, 0.47f, 0.50f}, false);
    pdf_layout_record(p, "cont", "x=%.1f", (double)x);
}

void asx_pdf_block_begin(asx_pdf *p)
{
    pdf_end_table_if_open(p);
    if (p->keep_depth++ == 0)
        p->block_page = page_no(p);
    pdf_keep_start(p, false);
}

void asx_pdf_block_end(asx_pdf *p)
{
    pdf_end_table_if_open(p);
    if (p->keep_depth == 0)
        return;
    if (--p->keep_depth == 0) {
        pdf_layout_record(p, "block", "from=%zu to=%zu", p->block_page, p->npages);
        p->keep_on = false;
        p->keep_hdr = false;
    }
}

void asx_pdf_set_landscape(asx_pdf *p)
{
    if (p->npages > 0 || p->page_w > p->page_h)
        return;
    p->page_w = ASX_PDF_PAGE_HEIGHT;
    p->page_h = ASX_PDF_PAGE_WIDTH;
    p->y = CONTENT_TOP(p);
}

float asx_pdf_content_width(const asx_pdf *p)
{
    return CONTENT_W(p);
}

void asx_pdf_set_annex(asx_pdf *p, size_t first)
{
    p->annex_from = first;
}

void asx_pdf_layout_records(asx_pdf *p, bool on)
{
    p->logging = on;
}

const char *asx_pdf_layout_log(const asx_pdf *p)
{
    return p->log.s ? p->log.s : "";
}

/* The test hook: with ASSESS_LAYOUT_LOG=FILE in the environment every rendered document appends
 * its layout records to FILE, after a line "document <title>" (for the e2e layout tests). */
void pdf_layout_log_flush(const asx_pdf *p)
{
    const char *path = getenv("ASSESS_LAYOUT_LOG");
    if (!path || !*path || !p->logging)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "document %s pages=%zu\n%s", p->title ? p->title : "", p->npages, asx_pdf_layout_log(p));
    fclose(f);
}

/* ---- flow content ---- */

void pdf_end_table_if_open(asx_pdf *p)
{
    if (p->in_table)
        asx_pdf_table_end(p);
}

void asx_pdf_need(asx_pdf *p, float height)
{
    if (!p->page_empty && p->y - height < pdf_bottom_limit())
        pdf_new_page(p);
}

void asx_pdf_page_break(asx_pdf *p)
{
    pdf_end_table_if_open(p);
    if (!p->page_empty)
        pdf_new_page(p);
}

void asx_pdf_space(asx_pdf *p, float pt)
{
    if (p->page_empty)
        return;
    p->y -= pt;
    if (p->y < pdf_bottom_limit())
        pdf_new_page(p);
}

/* Lay out wrapped text from the cursor, breaking pages between lines. */
static void flow_text(asx_pdf *p, const char *text, float size, rgb color, bool bold,
                      asx_pdf_align align, float indent)
{
    unsigned *v = NULL;
    spans sp = {0};
    size_t n = pdf_decode(p->font, text, &v, p->missing);
    float width = CONTENT_W(p) - indent;
    float lh = size * LINE_FACTOR;
    if (n == 0) {
        free(v);
        return;
    }
    pdf_wrap_cps(p->font, v, n, size, width, &sp);
    if (sp.oom)
        p->oom = true;
    for (size_t i = 0; i < sp.n; i++) {
        asx_pdf_need(p, lh);
        size_t len = sp.v[i].end - sp.v[i].start;
        const unsigned *line = v + sp.v[i].start;
        float x = ASX_PDF_MARGIN_X + indent;
        float w = pdf_cps_width(p->font, line, len, size);
        switch (align) {
        case ASX_PDF_LEFT: break;
        case ASX_PDF_CENTER: x += (width - w) / 2; break;
        case ASX_PDF_RIGHT: x += width - w; break;
        }
        pdf_put_cps(p, line, len, x, p->y - pdf_baseline_off(size), size, color, bold);
        if (sp.v[i].cont)
            pdf_put_mark(p, x + w, p->y - pdf_baseline_off(size), size);
        if (len == 0)
            p->page_empty = false;
        p->y -= lh;
        /* a small note under a heading (below body size) stays in the heading's group */
        if (!p->in_heading && i == (sp.n > 1 ? 1 : 0) && size >= ASX_PDF_BODY_SIZE - 1)
            pdf_keep_content(p);
    }
    free(sp.v);
    free(v);
}

void asx_pdf_paragraph(asx_pdf *p, const char *text, const asx_pdf_style *style)
{
    asx_pdf_style st = {0};
    pdf_end_table_if_open(p);
    if (style)
        st = *style;
    float size = st.size > 0 ? st.size : ASX_PDF_BODY_SIZE;
    flow_text(p, text, size, pdf_tone_text(st.color), st.bold, st.align, st.indent);
    pdf_layout_record(p, "para", "%.60s", text ? text : "");
}

void asx_pdf_title(asx_pdf *p, const char *title, const char *subtitle)
{
    pdf_end_table_if_open(p);
    asx_pdf_need(p, 80);
    flow_text(p, title, 20, pdf_accent, true, ASX_PDF_CENTER, 0);
    if (subtitle && *subtitle) {
        p->y -= 2;
        flow_text(p, subtitle, 11, pdf_tone_text(ASX_PDF_TONE_NEUTRAL), false, ASX_PDF_CENTER, 0);
    }
    p->y -= 10;
}

void asx_pdf_heading(asx_pdf *p, int level, const char *text, float keep_with)
{
    pdf_end_table_if_open(p);
    float size = level <= 1 ? 13.0f : 10.5f;
    float before = level <= 1 ? 14.0f : 8.0f;
    if (keep_with <= 0)
        keep_with = 60;
    if (!p->page_empty)
        p->y -= before;
    asx_pdf_need(p, size * LINE_FACTOR + keep_with);
    if (p->page_empty)
        p->y = CONTENT_TOP(p);
    pdf_keep_start(p, true);
    p->in_heading = true;
    flow_text(p, text, size, level <= 1 ? pdf_accent : pdf_black, true, ASX_PDF_LEFT, 0);
    p->in_heading = false;
    pdf_layout_record(p, "heading", "%s", text);
    if (level <= 1) {
        pdf_put_line(p, ASX_PDF_MARGIN_X, p->y + 1, ASX_PDF_MARGIN_X + CONTENT_W(p), p->y + 1,
                 pdf_accent, 1.0f, false);
        p->y -= 6;
    } else {
        p->y -= 2;
    }
}

void asx_pdf_rule(asx_pdf *p)
{
    pdf_end_table_if_open(p);
    asx_pdf_need(p, 8);
    p->y -= 4;
    pdf_put_line(p, ASX_PDF_MARGIN_X, p->y, ASX_PDF_MARGIN_X + CONTENT_W(p), p->y, pdf_grid, 0.5f,
             false);
    p->y -= 4;
}
