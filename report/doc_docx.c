/* doc_docx.c - any document tree as WordprocessingML (asx/docx.h): parts are Heading 1, tables
 * are tables (columns marked sheet_only left off), key-value blocks are tables of two columns.
 * It computes nothing (see asx/docmodel.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/docmodel.h"
#include "asx/docx.h"
#include "asx/util.h"

#define MAX_COLS 12 /* the DOCX writer's limit */

static void table(asx_docx *x, const asx_block *b, asx_lang l)
{
    if (b->nrows == 0) {
        if (b->empty)
            asx_docx_paragraph(x, NULL, b->empty, false);
        return;
    }
    const char *titles[MAX_COLS];
    double widths[MAX_COLS];
    size_t map[MAX_COLS], n = 0;
    for (size_t i = 0; i < b->ncols && n < MAX_COLS; i++)
        if (!b->cols[i].sheet_only) {
            titles[n] = b->cols[i].title;
            widths[n] = b->cols[i].width;
            map[n++] = i;
        }
    asx_docx_table_begin(x, titles, widths, n);
    for (size_t r = 0; r < b->nrows; r++) {
        const asx_cell *row = &b->cells[r * b->ncols];
        char bufs[MAX_COLS][96];
        const char *cells[MAX_COLS];
        for (size_t k = 0; k < n; k++)
            cells[k] = asx_cell_format(&row[map[k]], l, bufs[k], sizeof bufs[k]);
        asx_docx_row(x, cells);
    }
    asx_docx_table_end(x);
}

static void kv(asx_docx *x, const asx_block *b, asx_lang l)
{
    for (size_t r = 0; r < b->nrows; r++) {
        const asx_cell *row = &b->cells[r * b->ncols];
        asx_buf v = {0};
        asx_buf_adds(&v, "");
        for (size_t k = 1; k < b->ncols; k++) {
            char buf[96];
            if (!row[k].has_value && row[k].kind == ASX_CELL_TEXT)
                continue;
            asx_buf_addf(&v, "%s%s", k > 1 ? ASX_TR(l, " 〜 ", " – ") : "", asx_cell_format(&row[k], l, buf, sizeof buf));
        }
        char *lead = asx_strdupf("%s: ", row[0].text ? row[0].text : "");
        asx_docx_paragraph(x, lead ? lead : "", v.oom ? "" : asx_buf_str(&v), false);
        free(lead);
        asx_buf_free(&v);
    }
}

static asx_docx_numfmt numfmt(asx_doc_numbering n)
{
    switch (n) {
    case ASX_DOC_NUM_PAREN: return ASX_DOCX_NUM_PAREN;
    case ASX_DOC_NUM_ARTICLE: return ASX_DOCX_NUM_ARTICLE;
    case ASX_DOC_NUM_DECIMAL: return ASX_DOCX_NUM_DECIMAL;
    }
    return ASX_DOCX_NUM_DECIMAL;
}

/* A numbered list: Word numbers the items; an item's own paragraphs are indented under it. */
static void numbered(asx_docx *x, const asx_block *list)
{
    asx_docx_list_begin(x, numfmt(list->numbering));
    for (size_t i = 0; i < list->nkids; i++) {
        const asx_block *b = list->kids[i];
        if (b->kind == ASX_BLOCK_ITEM)
            asx_docx_item(x, b->lead, b->text);
        else if (b->kind == ASX_BLOCK_NOTE)
            asx_docx_note(x, b->text ? b->text : "");
        else
            asx_docx_item_text(x, b->text ? b->text : "");
    }
}

/* shift: added to heading levels (a section to paste: its title is the Heading 1). */
static void blocks(asx_docx *x, const asx_block *parent, asx_lang l, int shift)
{
    for (size_t i = 0; i < parent->nkids; i++) {
        const asx_block *b = parent->kids[i];
        if (b->media == ASX_MEDIA_SHEET)
            continue;
        switch (b->kind) {
        case ASX_BLOCK_PART:
            if (b->text)
                asx_docx_heading(x, 1 + shift, b->text);
            blocks(x, b, l, shift);
            break;
        case ASX_BLOCK_HEADING:
            asx_docx_heading(x, b->level + shift, b->text ? b->text : "");
            break;
        case ASX_BLOCK_TITLE: /* a page title: a Heading 1, its subtitle under it */
            asx_docx_heading(x, 1 + shift, b->text ? b->text : "");
            if (b->subtitle)
                asx_docx_paragraph(x, NULL, b->subtitle, false);
            break;
        case ASX_BLOCK_LINE:
            asx_docx_paragraph(x, NULL, b->text ? b->text : "", b->look.align == ASX_DOC_RIGHT);
            break;
        case ASX_BLOCK_GROUP:
            blocks(x, b, l, shift);
            break;
        case ASX_BLOCK_PARAGRAPH:
            asx_docx_paragraph(x, b->lead, b->text ? b->text : "", b->align == ASX_DOC_RIGHT);
            break;
        case ASX_BLOCK_NOTE:
            asx_docx_note(x, b->text ? b->text : "");
            break;
        case ASX_BLOCK_NUMBERED:
            numbered(x, b);
            break;
        case ASX_BLOCK_ITEM:
            break; /* written by its list */
        case ASX_BLOCK_KV:
            kv(x, b, l);
            break;
        case ASX_BLOCK_TABLE:
            table(x, b, l);
            break;
        case ASX_BLOCK_LIST:
            asx_docx_list_begin(x, ASX_DOCX_NUM_DECIMAL);
            for (size_t k = 0; k < b->nitems; k++)
                asx_docx_item(x, NULL, b->items[k]);
            break;
        case ASX_BLOCK_PAGE_BREAK:
            break; /* Word paginates itself */
        case ASX_BLOCK_KEEP:
            blocks(x, b, l, shift);
            break;
        case ASX_BLOCK_BADGE: {
            char buf[96];
            asx_docx_paragraph(x, b->lead ? b->lead : asx_cell_format(&b->badge, l, buf, sizeof buf), b->badge.text,
                               false);
            break;
        }
        case ASX_BLOCK_CHART: {
            const char *titles[] = {"", ""};
            const double widths[] = {3, 1};
            asx_docx_table_begin(x, titles, widths, 2);
            for (size_t k = 0; k < b->nitems; k++) {
                char v[32];
                if (b->values[k] >= 0)
                    snprintf(v, sizeof v, "%.1f", b->values[k]);
                else
                    snprintf(v, sizeof v, "—");
                const char *cells[] = {b->items[k], v};
                asx_docx_row(x, cells);
            }
            asx_docx_table_end(x);
            break;
        }
        case ASX_BLOCK_DECISION: {
            char *t = asx_doc_decision_text(b, l);
            asx_docx_paragraph(x, NULL, t ? t : "", false);
            free(t);
            break;
        }
        case ASX_BLOCK_STAMPS: {
            size_t n = b->nitems + b->nconsult;
            const char *titles[MAX_COLS], *names[MAX_COLS], *blank[MAX_COLS];
            double widths[MAX_COLS];
            for (size_t k = 0; k < n && k < MAX_COLS; k++) {
                titles[k] = k < b->nitems ? b->items[k] : b->consult[k - b->nitems];
                names[k] = k < b->nitems && b->names[k] ? b->names[k] : "";
                blank[k] = "";
                widths[k] = 1;
            }
            n = n < MAX_COLS ? n : MAX_COLS;
            asx_docx_table_begin(x, titles, widths, n);
            asx_docx_row(x, names);
            asx_docx_row(x, blank);
            asx_docx_table_end(x);
            break;
        }
        }
    }
}

asx_error asx_doc_render_docx(const asx_doc *doc, const asx_doc_out *o, asx_outset *set,
                              const char *path, asx_diags *d)
{
    asx_docx *x = asx_docx_new(doc->lang);
    if (!x)
        return ASX_ERR_NOMEM;
    asx_docx_set_info(x, doc->title, doc->subject, o->date);
    if (!doc->untitled) { /* else the parts carry their own titles */
        if (doc->section)
            asx_docx_heading(x, 1, doc->title);
        else
            asx_docx_title(x, doc->title);
        if (doc->subtitle)
            asx_docx_paragraph(x, NULL, doc->subtitle, false);
    }
    blocks(x, &doc->root, doc->lang, doc->section ? 1 : 0);
    unsigned char *data = NULL;
    size_t len = 0;
    asx_error err = asx_docx_render(x, &data, &len, d);
    if (!err)
        err = asx_outset_write(set, path, data, len, o->force, ASX_OUTPUT_MODE, d);
    if (!err && asx_docx_dropped(x))
        asx_diags_addf(d, ASX_OK, path, 0, 0,
                       ASX_L("XML に書けない文字 %zu 個を省きました", "left out %zu characters XML cannot carry"),
                       asx_docx_dropped(x));
    free(data);
    asx_docx_free(x);
    return err;
}
