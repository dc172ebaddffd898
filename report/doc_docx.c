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

static void blocks(asx_docx *x, const asx_block *parent, asx_lang l)
{
    for (size_t i = 0; i < parent->nkids; i++) {
        const asx_block *b = parent->kids[i];
        if (b->media == ASX_MEDIA_SHEET)
            continue;
        switch (b->kind) {
        case ASX_BLOCK_PART:
            asx_docx_heading(x, 1, b->text ? b->text : "");
            blocks(x, b, l);
            break;
        case ASX_BLOCK_HEADING:
            asx_docx_heading(x, b->level, b->text ? b->text : "");
            break;
        case ASX_BLOCK_PARAGRAPH:
            asx_docx_paragraph(x, NULL, b->text ? b->text : "", false);
            break;
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
            blocks(x, b, l);
            break;
        case ASX_BLOCK_BADGE: {
            char buf[96];
            asx_docx_paragraph(x, asx_cell_format(&b->badge, l, buf, sizeof buf), b->badge.text, false);
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
    asx_docx_title(x, doc->title);
    if (doc->subtitle)
        asx_docx_paragraph(x, NULL, doc->subtitle, false);
    blocks(x, &doc->root, doc->lang);
    unsigned char *data = NULL;
    size_t len = 0;
    asx_error err = asx_docx_render(x, &data, &len, d);
    if (!err)
        err = asx_outset_write(set, path, data, len, o->force, ASX_OUTPUT_MODE, d);
    free(data);
    asx_docx_free(x);
    return err;
}
