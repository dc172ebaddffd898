/* doc_pdf.c - any document tree drawn with the PDF engine (asx/pdfdoc.h): parts are level-1
 * headings, tables are tables (columns marked sheet_only left off), key-value blocks are
 * key-value blocks, kept groups are kept. It computes nothing (see asx/docmodel.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/docmodel.h"
#include "asx/pdf_widgets.h"
#include "asx/pdfdoc.h"
#include "asx/util.h"

#define MAX_COLS 12 /* the engine's limit */

static asx_pdf_tone tone(asx_doc_tone t)
{
    switch (t) {
    case ASX_DOC_TONE_NONE: return ASX_PDF_TONE_NONE;
    case ASX_DOC_TONE_GOOD: return ASX_PDF_TONE_GOOD;
    case ASX_DOC_TONE_WARN: return ASX_PDF_TONE_WARN;
    case ASX_DOC_TONE_BAD: return ASX_PDF_TONE_BAD;
    case ASX_DOC_TONE_NEUTRAL: return ASX_PDF_TONE_NEUTRAL;
    }
    return ASX_PDF_TONE_NONE;
}

static asx_pdf_align align(asx_doc_align a)
{
    switch (a) {
    case ASX_DOC_LEFT: return ASX_PDF_LEFT;
    case ASX_DOC_CENTER: return ASX_PDF_CENTER;
    case ASX_DOC_RIGHT: return ASX_PDF_RIGHT;
    }
    return ASX_PDF_LEFT;
}

/* A cell as a table on paper shows it. A Japanese date keeps its 和暦 on one line and puts the
 * Western year under it (「令和8年12月1日」 / 「(2026年)」): a narrow date column never breaks
 * inside the era date (U+00A0 glues it, see pdfdoc.h "Layout rules"). */
static const char *cell_text(const asx_cell *c, asx_lang l, char *buf, size_t size)
{
    const char *s = asx_cell_format(c, l, buf, size);
    if (c->kind != ASX_CELL_DATE || !c->has_value || l == ASX_LANG_EN || s != buf)
        return s;
    char *paren = strstr(buf, " (");
    size_t len = strlen(buf);
    if (!paren || len + 3 > size)
        return s;
    memmove(paren + 3, paren + 1, len - (size_t)(paren + 1 - buf) + 1);
    memcpy(paren, "\xC2\xA0\n", 3);
    return buf;
}

/* Space below a block on paper: pt, or none when the builder keeps it tight. */
static void below(asx_pdf *p, const asx_block *b, float pt)
{
    if (!b->tight)
        asx_pdf_space(p, pt);
}

static void table(asx_pdf *p, const asx_block *b, asx_lang l)
{
    if (b->nrows == 0) {
        if (b->empty) {
            asx_pdf_paragraph(p, b->empty, NULL);
            below(p, b, 4);
        }
        return;
    }
    asx_pdf_col cols[MAX_COLS];
    size_t map[MAX_COLS], n = 0;
    for (size_t i = 0; i < b->ncols && n < MAX_COLS; i++)
        if (!b->cols[i].sheet_only) {
            cols[n] = (asx_pdf_col){b->cols[i].title, b->cols[i].width, align(b->cols[i].align)};
            map[n++] = i;
        }
    asx_pdf_table_begin(p, cols, n);
    for (size_t r = 0; r < b->nrows; r++) {
        const asx_cell *row = &b->cells[r * b->ncols];
        char bufs[MAX_COLS][96];
        const char *cells[MAX_COLS];
        asx_pdf_tone tones[MAX_COLS];
        for (size_t k = 0; k < n; k++) {
            cells[k] = cell_text(&row[map[k]], l, bufs[k], sizeof bufs[k]);
            tones[k] = tone(row[map[k]].tone);
        }
        asx_pdf_row(p, cells, tones);
    }
    asx_pdf_table_end(p);
    below(p, b, 6);
}

/* A key-value block: the values of a row joined ("from – to"). */
static void kv(asx_pdf *p, const asx_block *b, asx_lang l)
{
    if (b->nrows == 0)
        return;
    const char **keys = calloc(b->nrows, sizeof *keys);
    char **vals = calloc(b->nrows, sizeof *vals);
    for (size_t r = 0; keys && vals && r < b->nrows; r++) {
        const asx_cell *row = &b->cells[r * b->ncols];
        asx_buf v = {0};
        asx_buf_adds(&v, "");
        keys[r] = row[0].text ? row[0].text : "";
        for (size_t k = 1; k < b->ncols; k++) {
            char buf[96];
            if (!row[k].has_value && row[k].kind == ASX_CELL_TEXT)
                continue;
            asx_buf_addf(&v, "%s%s", k > 1 ? ASX_TR(l, " 〜 ", " – ") : "", asx_cell_format(&row[k], l, buf, sizeof buf));
        }
        vals[r] = v.oom ? NULL : v.s;
        if (v.oom)
            asx_buf_free(&v);
    }
    if (keys && vals)
        asx_pdf_kv(p, keys, (const char *const *)vals, b->nrows, b->key_width);
    for (size_t r = 0; vals && r < b->nrows; r++)
        free(vals[r]);
    free(vals);
    free(keys);
    below(p, b, 6);
}

#define ITEM_INDENT 14.0f /* pt: the items of a numbered list and their paragraphs */

/* A paragraph: its lead (if any) before the text, aligned. */
static void paragraph(asx_pdf *p, const asx_block *b, float indent, float space)
{
    asx_pdf_style st = {.align = align(b->align), .indent = indent};
    char *t = b->lead ? asx_strdupf("%s%s", b->lead, b->text ? b->text : "") : NULL;
    asx_pdf_paragraph(p, t ? t : b->text ? b->text : "", &st);
    free(t);
    below(p, b, space);
}

/* A line in its own look (the 起案 sheet's sub-lines). */
static void line(asx_pdf *p, const asx_block *b)
{
    const asx_doc_look *k = &b->look;
    asx_pdf_style st = {.size = k->size, .bold = k->bold, .color = tone(k->tone), .align = align(k->align),
                        .indent = k->indent};
    if (k->before > 0)
        asx_pdf_space(p, k->before);
    asx_pdf_paragraph(p, b->text ? b->text : "", &st);
    if (k->after > 0)
        asx_pdf_space(p, k->after);
}

static void note(asx_pdf *p, const asx_block *b)
{
    asx_pdf_style st = {.size = 8.0f, .color = ASX_PDF_TONE_NEUTRAL};
    asx_pdf_paragraph(p, b->text ? b->text : "", &st);
    asx_pdf_space(p, 3);
}

/* A numbered list: 「(1) 」, 「第1条」 (bold, kept with what follows) or 「1. 」 before each item;
 * an item's own paragraphs indented under it, its notes as notes. */
static void numbered(asx_pdf *p, const asx_block *list)
{
    bool article = list->numbering == ASX_DOC_NUM_ARTICLE;
    int n = 0;
    for (size_t i = 0; i < list->nkids; i++) {
        const asx_block *b = list->kids[i];
        if (b->kind == ASX_BLOCK_NOTE) {
            note(p, b);
            continue;
        }
        if (b->kind != ASX_BLOCK_ITEM) {
            paragraph(p, b, ITEM_INDENT, 2);
            continue;
        }
        char num[32];
        n++;
        switch (list->numbering) {
        case ASX_DOC_NUM_PAREN: snprintf(num, sizeof num, "(%d) ", n); break;
        case ASX_DOC_NUM_ARTICLE: snprintf(num, sizeof num, "第%d条", n); break;
        case ASX_DOC_NUM_DECIMAL: snprintf(num, sizeof num, "%d. ", n); break;
        }
        char *t = asx_strdupf("%s%s%s", num, b->lead ? b->lead : "", b->text ? b->text : "");
        asx_pdf_style st = {.indent = article ? 0 : ITEM_INDENT, .bold = article};
        if (article)
            asx_pdf_need(p, 40);
        asx_pdf_paragraph(p, t ? t : "", &st);
        asx_pdf_space(p, 2);
        free(t);
    }
}

static void blocks(asx_pdf *p, const asx_block *parent, asx_lang l)
{
    for (size_t i = 0; i < parent->nkids; i++) {
        const asx_block *b = parent->kids[i];
        if (b->media == ASX_MEDIA_SHEET)
            continue;
        switch (b->kind) {
        case ASX_BLOCK_PART:
            if (b->annex) { /* the 別紙 starts on a page of its own, numbered from 1 */
                asx_pdf_page_break(p);
                asx_pdf_set_annex(p, (size_t)asx_pdf_page_count(p));
            }
            if (b->text)
                asx_pdf_heading(p, 1, b->text, 0);
            blocks(p, b, l);
            break;
        case ASX_BLOCK_HEADING:
            asx_pdf_heading(p, b->level == 1 ? 1 : 2, b->text ? b->text : "", b->keep_with);
            break;
        case ASX_BLOCK_TITLE:
            asx_pdf_title(p, b->text ? b->text : "", b->subtitle);
            break;
        case ASX_BLOCK_LINE:
            line(p, b);
            break;
        case ASX_BLOCK_GROUP:
            blocks(p, b, l);
            break;
        case ASX_BLOCK_PARAGRAPH:
            paragraph(p, b, 0, 4);
            break;
        case ASX_BLOCK_NOTE:
            note(p, b);
            break;
        case ASX_BLOCK_NUMBERED:
            numbered(p, b);
            break;
        case ASX_BLOCK_ITEM:
            break; /* drawn by its list */
        case ASX_BLOCK_KV:
            kv(p, b, l);
            break;
        case ASX_BLOCK_TABLE:
            table(p, b, l);
            break;
        case ASX_BLOCK_LIST:
            for (size_t k = 0; k < b->nitems; k++) {
                char *t = asx_strdupf("・%s", b->items[k]);
                asx_pdf_style st = {.indent = 8};
                asx_pdf_paragraph(p, t ? t : b->items[k], &st);
                free(t);
            }
            asx_pdf_space(p, 4);
            break;
        case ASX_BLOCK_PAGE_BREAK:
            asx_pdf_page_break(p);
            break;
        case ASX_BLOCK_KEEP:
            asx_pdf_block_begin(p);
            blocks(p, b, l);
            asx_pdf_block_end(p);
            break;
        case ASX_BLOCK_BADGE: {
            char buf[96];
            asx_pdf_badge(p, b->lead ? b->lead : asx_cell_format(&b->badge, l, buf, sizeof buf),
                          asx_pdf_verdict_tone((asx_verdict)b->badge.code), b->badge.text, 0);
            below(p, b, 6);
            break;
        }
        case ASX_BLOCK_CHART:
            asx_pdf_bar_chart(p, (const char *const *)b->items, b->values, b->nitems, b->good_at, b->warn_at);
            break;
        case ASX_BLOCK_DECISION: { /* what the approver marks: large, bold, under the verdict */
            char *t = asx_doc_decision_text(b, l);
            asx_pdf_style st = {.size = 11.0f, .bold = true, .indent = 12};
            asx_pdf_paragraph(p, t ? t : "", &st);
            below(p, b, 4);
            free(t);
            break;
        }
        case ASX_BLOCK_STAMPS:
            asx_pdf_stamp_row(p, (const char *const *)b->items, (const char *const *)b->names, b->nitems,
                              (const char *const *)b->consult, b->nconsult);
            break;
        }
    }
}

/* The document laid out, its information dated date. */
static asx_pdf *layout(const asx_doc *doc, const asx_font *font, asx_date date)
{
    asx_pdf *p = asx_pdf_new(font, doc->lang);
    if (!p)
        return NULL;
    if (doc->landscape)
        asx_pdf_set_landscape(p);
    asx_pdf_set_info(p, doc->title, doc->subject, date);
    asx_pdf_set_footer(p, doc->footer ? doc->footer : doc->title);
    if (!doc->untitled)
        asx_pdf_title(p, doc->title, doc->subtitle);
    blocks(p, &doc->root, doc->lang);
    return p;
}

asx_error asx_doc_layout_pdf(const asx_doc *doc, const asx_font *font, asx_date date, asx_pdf **out)
{
    *out = doc->oom ? NULL : layout(doc, font, date);
    return *out ? ASX_OK : ASX_ERR_NOMEM;
}

asx_error asx_doc_render_pdf(const asx_doc *doc, const asx_doc_out *o, asx_outset *set,
                             const char *path, asx_diags *d)
{
    asx_font *own = NULL;
    asx_error err = ASX_OK;
    if (!o->font)
        err = asx_font_load(o->font_file, &own, d);
    if (err)
        return err;
    asx_pdf *p = layout(doc, o->font ? o->font : own, o->date);
    if (!p) {
        asx_font_free(own);
        return ASX_ERR_NOMEM;
    }
    err = asx_pdf_save(p, set, path, o->force, d);
    asx_pdf_free(p);
    asx_font_free(own);
    return err;
}
