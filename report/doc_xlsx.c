/* doc_xlsx.c - any document tree as a workbook: one sheet per top-level part (A4, fitted to the
 * page width, its print area set, the header row of its first table repeated on every page);
 * numbers are number cells, dates date cells, verdicts and severities their labels; the document
 * title heads the first sheet. What only paper has (page breaks, kept groups) is left out. It
 * computes nothing (see asx/docmodel.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include "asx/docmodel.h"
#include "asx/util.h"
#include "asx/xlsxutil.h"

#define LXW_PAPER_A4 9
#define MAX_COLS 256 /* columns whose widths are kept (wider tables are written whole) */
#define SHEET_NAME_MAX 31 /* Excel's limit, in characters */
#define LONG_TEXT 40      /* bytes: a longer text wraps in its cell and its row grows */

/* The formats of a cell's content (text, wrapped text, date, number with 0..3 decimals,
 * percent with 0..3 decimals), each in every tone for tables with fills. */
enum { V_CELL, V_WRAP, V_DATE, V_NUM, V_PCT = V_NUM + 4, V_N = V_PCT + 4 };
enum { N_TONES = ASX_DOC_TONE_NEUTRAL + 1 };

typedef struct {
    lxw_workbook *wb;
    lxw_format *title, *head, *cell, *wrap, *date, *num[4], *bold;
    lxw_error err;
    const asx_doc *doc;
    const char *file;
    asx_diags *d;
    /* the sheet being written */
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t last_col;
    double colw[MAX_COLS];
    bool repeated; /* the header row to repeat on every page is chosen */
    bool titled;   /* the sheet's first row is a title */
    /* made when first used, so that a document without them has none in its styles */
    lxw_format *sub, *tinted[V_N][N_TONES];
    bool fills; /* the table being written fills its cells by tone */
} xw;

/* A new format in the document's type (bordered unless plain). NULL (error kept) on failure. */
static lxw_format *new_format(xw *x, bool plain)
{
    lxw_format *f = asx_xlsx_format(x->wb, &x->err);
    if (!f)
        return NULL;
    format_set_font_name(f, "IPAexGothic");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (!plain)
        format_set_border(f, LXW_BORDER_THIN);
    return f;
}

static const char *const num_formats[] = {"0", "0.0", "0.00", "0.000"};
static const char *const pct_formats[] = {"0%", "0.0%", "0.00%", "0.000%"};

static void formats(xw *x)
{
    lxw_format **all[] = {&x->title, &x->head, &x->cell, &x->wrap, &x->date, &x->bold,
                          &x->num[0], &x->num[1], &x->num[2], &x->num[3]};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = new_format(x, all[i] == &x->title || all[i] == &x->bold);
        if (!*all[i])
            return;
    }
    format_set_font_size(x->title, 14);
    format_set_bold(x->title);
    format_set_bold(x->bold);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xD9D9D9);
    format_set_text_wrap(x->head);
    format_set_text_wrap(x->wrap);
    format_set_num_format(x->date, asx_xlsx_date_format(x->doc->lang));
    for (size_t i = 0; i < 4; i++)
        format_set_num_format(x->num[i], num_formats[i]);
}

static void text(xw *x, lxw_col_t c, const char *s, lxw_format *f)
{
    asx_xlsx_keep(&x->err, asx_xlsx_text(x->ws, "", x->row, c, s, f, x->d, x->file));
    if (c > x->last_col)
        x->last_col = c;
}

static void width(xw *x, lxw_col_t c, double w)
{
    if (c < MAX_COLS && w > x->colw[c]) {
        x->colw[c] = w;
        asx_xlsx_keep(&x->err, worksheet_set_column(x->ws, c, c, w, NULL));
    }
}

/* The format of content variant v in tone t: the shared ones for no tone, the others made on
 * first use. NULL (error kept) when out of memory. */
static lxw_format *format_of(xw *x, int v, asx_doc_tone t)
{
    if (t == ASX_DOC_TONE_NONE || !x->fills) {
        if (v == V_CELL)
            return x->cell;
        if (v == V_WRAP)
            return x->wrap;
        if (v == V_DATE)
            return x->date;
        if (v < V_PCT)
            return x->num[v - V_NUM];
        t = ASX_DOC_TONE_NONE;
    }
    lxw_format **f = &x->tinted[v][t];
    if (*f || !(*f = new_format(x, false)))
        return *f;
    if (v == V_WRAP)
        format_set_text_wrap(*f);
    else if (v == V_DATE)
        format_set_num_format(*f, asx_xlsx_date_format(x->doc->lang));
    else if (v >= V_PCT)
        format_set_num_format(*f, pct_formats[v - V_PCT]);
    else if (v >= V_NUM)
        format_set_num_format(*f, num_formats[v - V_NUM]);
    switch (t) {
    case ASX_DOC_TONE_NONE: break;
    case ASX_DOC_TONE_GOOD: format_set_bg_color(*f, 0xE2EFDA); break;
    case ASX_DOC_TONE_WARN: format_set_bg_color(*f, 0xFFF2CC); break;
    case ASX_DOC_TONE_BAD:
        format_set_bg_color(*f, 0xC00000);
        format_set_font_color(*f, 0xFFFFFF);
        format_set_bold(*f);
        break;
    case ASX_DOC_TONE_NEUTRAL: format_set_bg_color(*f, 0xF2F2F2); break;
    }
    return *f;
}

static int clamp_decimals(int d)
{
    return d < 0 ? 0 : d > 3 ? 3 : d;
}

/* One typed cell at (x->row, c); text wraps when wrap (a grid's cells), when the table is read
 * across (fills), when it has lines or is long. */
static void cell(xw *x, lxw_col_t c, const asx_cell *v, bool wrap)
{
    if (c > x->last_col)
        x->last_col = c;
    switch (v->kind) {
    case ASX_CELL_NUMBER:
    case ASX_CELL_PERCENT:
        if (!v->has_value) {
            text(x, c, NULL, format_of(x, V_CELL, v->tone));
            return;
        }
        if (v->kind == ASX_CELL_PERCENT) /* a percent cell: the fraction, shown as a percent */
            asx_xlsx_keep(&x->err, worksheet_write_number(x->ws, x->row, c, v->value / 100.0,
                                                          format_of(x, V_PCT + clamp_decimals(v->decimals), v->tone)));
        else
            asx_xlsx_keep(&x->err, worksheet_write_number(x->ws, x->row, c, v->value,
                                                          format_of(x, V_NUM + clamp_decimals(v->decimals), v->tone)));
        return;
    case ASX_CELL_DATE:
        if (x->doc->lang != ASX_LANG_EN)
            width(x, c, ASX_XLSX_DATE_WIDTH_JA);
        asx_xlsx_keep(&x->err, asx_xlsx_date(x->ws, x->row, c, v->has_value ? &v->date : NULL,
                                             format_of(x, V_DATE, v->tone), format_of(x, V_CELL, v->tone)));
        return;
    case ASX_CELL_TEXT:
    case ASX_CELL_VERDICT:
    case ASX_CELL_SEVERITY: {
        char buf[96];
        const char *s = v->has_value ? asx_cell_format(v, x->doc->lang, buf, sizeof buf) : NULL;
        text(x, c, s, format_of(x, s && (wrap || x->fills || strchr(s, '\n') || strlen(s) > LONG_TEXT) ? V_WRAP : V_CELL,
                                v->tone));
        return;
    }
    }
}

/* The height of a row whose cell v in column c holds a long text, or (lines: a table read
 * across) a text of more than one line (0: none). */
static double long_text(const xw *x, size_t c, const asx_cell *v, bool lines)
{
    if (v->kind != ASX_CELL_TEXT || !v->text || c >= MAX_COLS ||
        (strlen(v->text) <= LONG_TEXT && !(lines && strchr(v->text, '\n'))))
        return 0;
    return asx_xlsx_row_height(v->text, x->colw[c]);
}

/* A column as wide as its header and text cells (sheet_fit). */
static double fit(const asx_block *b, size_t k)
{
    double min = b->cols[k].sheet_width > 0 ? b->cols[k].sheet_width : 8;
    const char **texts = calloc(b->nrows + 1, sizeof *texts);
    if (!texts)
        return min;
    size_t n = 0;
    texts[n++] = b->cols[k].title;
    for (size_t r = 0; r < b->nrows; r++)
        if (b->cells[r * b->ncols + k].kind == ASX_CELL_TEXT && b->cells[r * b->ncols + k].text)
            texts[n++] = b->cells[r * b->ncols + k].text;
    double w = asx_xlsx_fit_width(texts, n, min, min > 40 ? min : 40);
    free(texts);
    return w;
}

/* The conditional format of the shaded column of rows first..last. */
static void shade(xw *x, const asx_block *b, lxw_row_t first, lxw_row_t last)
{
    size_t k = b->shade_col;
    if (k < b->ncols && k < MAX_COLS) {
        lxw_conditional_format cf = {0};
        switch (b->shade) {
        case ASX_DOC_SHADE_NONE:
            return;
        case ASX_DOC_SHADE_SCALE:
            cf = (lxw_conditional_format){.type = LXW_CONDITIONAL_3_COLOR_SCALE, .min_color = 0xF8696B,
                                          .mid_color = 0xFFEB84, .max_color = 0x63BE7B,
                                          .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER, .min_value = 0,
                                          .mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER, .mid_value = 0.5,
                                          .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER, .max_value = 1};
            break;
        case ASX_DOC_SHADE_BAR:
            cf = (lxw_conditional_format){.type = LXW_CONDITIONAL_DATA_BAR, .bar_color = 0x63BE7B,
                                          .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER, .min_value = 0,
                                          .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER, .max_value = 100};
            break;
        }
        asx_xlsx_keep(&x->err, worksheet_conditional_format_range(x->ws, first, (lxw_col_t)k, last, (lxw_col_t)k, &cf));
    }
}

/* The widths of the columns of table b (when it is drawn). */
static void table_widths(xw *x, const asx_block *b)
{
    if (b->nrows == 0 && b->sheet_mode != ASX_DOC_SHEET_GRID)
        return;
    for (size_t k = 0; k < b->ncols && k < MAX_COLS; k++)
        width(x, (lxw_col_t)k, k < sizeof b->fit_cols * 8 && (b->fit_cols >> k & 1) ? fit(b, k)
                               : b->cols[k].sheet_width > 0                         ? b->cols[k].sheet_width
                                                                                    : 12);
}

/* The widths of every table of a sheet, before anything is written: a long text above a table
 * (a key-value row) wraps at the width the table gives its column. */
static void widths(xw *x, const asx_block *parent)
{
    for (size_t i = 0; i < parent->nkids; i++) {
        const asx_block *b = parent->kids[i];
        if (b->media == ASX_MEDIA_PAPER)
            continue;
        if (b->kind == ASX_BLOCK_TABLE)
            table_widths(x, b);
        else if (b->kind == ASX_BLOCK_KEEP || b->kind == ASX_BLOCK_GROUP)
            widths(x, b);
    }
}

static void table(xw *x, const asx_block *b)
{
    bool grid = b->sheet_mode == ASX_DOC_SHEET_GRID;
    if (b->nrows == 0 && !grid) {
        if (b->empty) {
            text(x, 0, b->empty, NULL);
            x->row += 2;
        }
        return;
    }
    table_widths(x, b);
    for (size_t k = 0; k < b->ncols; k++)
        text(x, (lxw_col_t)k, b->cols[k].title, x->head);
    lxw_row_t head = x->row;
    /* the sheet's first table (or the grid the sheet is): its header on every page, frozen,
     * filtered */
    bool first = !x->repeated && b->sheet_mode != ASX_DOC_SHEET_PLAIN;
    if (first) {
        asx_xlsx_keep(&x->err, worksheet_repeat_rows(x->ws, head, head));
        worksheet_freeze_panes(x->ws, head + 1, (lxw_col_t)b->frozen);
        x->repeated = true;
    }
    x->row++;
    if (b->nrows == 0) { /* a grid with no rows: what is said instead, under its header */
        text(x, 0, b->empty, NULL);
        x->row += 2;
        return;
    }
    x->fills = b->fills;
    for (size_t r = 0; r < b->nrows && !x->err; r++, x->row++) {
        const asx_cell *row = &b->cells[r * b->ncols];
        double height = 0;
        for (size_t k = 0; k < b->ncols; k++) {
            cell(x, (lxw_col_t)k, &row[k], grid);
            double h = long_text(x, k, &row[k], b->fills);
            height = h > height ? h : height;
        }
        if (height > 0)
            asx_xlsx_keep(&x->err, worksheet_set_row(x->ws, x->row, height, NULL));
    }
    if (first && b->ncols > 0)
        asx_xlsx_keep(&x->err, worksheet_autofilter(x->ws, head, 0, x->row - 1, (lxw_col_t)(b->ncols - 1)));
    shade(x, b, head + 1, x->row - 1);
    x->fills = false;
    x->row++;
}

static void kv(xw *x, const asx_block *b)
{
    for (size_t r = 0; r < b->nrows; r++, x->row++) {
        const asx_cell *row = &b->cells[r * b->ncols];
        double height = 0;
        text(x, 0, row[0].text, x->bold);
        for (size_t k = 1; k < b->ncols && k < MAX_COLS; k++)
            if (row[k].has_value || row[k].kind != ASX_CELL_TEXT) {
                cell(x, (lxw_col_t)k, &row[k], false);
                double h = long_text(x, k, &row[k], false);
                height = h > height ? h : height;
            }
        if (height > 0)
            asx_xlsx_keep(&x->err, worksheet_set_row(x->ws, x->row, height, NULL));
    }
    x->row++;
}

/* The stamp row as a grid: the roles (then the 合議 boxes) over their printed names and a tall
 * row to stamp or sign in. */
static void stamps(xw *x, const asx_block *b)
{
    size_t n = b->nitems + b->nconsult;
    for (size_t k = 0; k < n && k < MAX_COLS; k++) {
        lxw_col_t c = (lxw_col_t)k;
        bool role = k < b->nitems;
        width(x, c, 16);
        text(x, c, role ? b->items[k] : b->consult[k - b->nitems], x->head);
        x->row++;
        text(x, c, role && b->names[k] ? b->names[k] : "", x->cell);
        x->row++;
        text(x, c, "", x->cell);
        x->row -= 2;
    }
    asx_xlsx_keep(&x->err, worksheet_set_row(x->ws, x->row + 2, 48, NULL));
    x->row += 4;
}

/* A chart becomes its table: the label and the value (a number; blank when not scored). */
static void chart(xw *x, const asx_block *b)
{
    for (size_t i = 0; i < b->nitems; i++, x->row++) {
        width(x, 0, 30);
        text(x, 0, b->items[i], x->cell);
        if (b->values[i] >= 0)
            asx_xlsx_keep(&x->err, worksheet_write_number(x->ws, x->row, 1, b->values[i], x->num[1]));
        else
            text(x, 1, NULL, x->cell);
        if (x->last_col < 1)
            x->last_col = 1;
    }
    x->row++;
}

/* A numbered list (or an item alone): a row per item, its lead before its text; the item's own
 * paragraphs in the rows under it, one column in. */
static void numbered(xw *x, const asx_block *b)
{
    const asx_block *one[] = {b};
    const asx_block *const *kids = b->kind == ASX_BLOCK_ITEM ? one : (const asx_block *const *)b->kids;
    size_t n = b->kind == ASX_BLOCK_ITEM ? 1 : b->nkids;
    for (size_t i = 0; i < n && !x->err; i++, x->row++) {
        const asx_block *k = kids[i];
        char *t = asx_strdupf("%s%s", k->lead ? k->lead : "", k->text ? k->text : "");
        text(x, k->kind == ASX_BLOCK_ITEM ? 0 : 1, t ? t : k->text, NULL);
        free(t);
    }
    x->row++;
}

static void blocks(xw *x, const asx_block *parent)
{
    for (size_t i = 0; i < parent->nkids && !x->err; i++) {
        const asx_block *b = parent->kids[i];
        if (b->media == ASX_MEDIA_PAPER)
            continue;
        switch (b->kind) {
        case ASX_BLOCK_PART:
            break; /* parts are sheets: written by sheets() */
        case ASX_BLOCK_HEADING:
            text(x, 0, b->text, x->bold);
            x->row++;
            break;
        case ASX_BLOCK_TITLE:
            x->titled = x->titled || x->row == 0;
            text(x, 0, b->text, x->title);
            if (b->subtitle) {
                x->row++;
                text(x, 0, b->subtitle, NULL);
            }
            x->row += 2;
            break;
        case ASX_BLOCK_LINE:
            text(x, 0, b->text, NULL);
            x->row++;
            break;
        case ASX_BLOCK_GROUP:
            blocks(x, b);
            break;
        case ASX_BLOCK_PARAGRAPH:
        case ASX_BLOCK_NOTE:
            text(x, 0, b->text, NULL);
            x->row += 2;
            break;
        case ASX_BLOCK_NUMBERED:
        case ASX_BLOCK_ITEM:
            numbered(x, b);
            break;
        case ASX_BLOCK_KV:
            kv(x, b);
            break;
        case ASX_BLOCK_TABLE:
            table(x, b);
            break;
        case ASX_BLOCK_LIST:
            for (size_t k = 0; k < b->nitems; k++, x->row++)
                text(x, 0, b->items[k], NULL);
            x->row++;
            break;
        case ASX_BLOCK_PAGE_BREAK:
            break; /* paper only */
        case ASX_BLOCK_KEEP:
            blocks(x, b);
            break;
        case ASX_BLOCK_BADGE: {
            char buf[96];
            text(x, 0, b->lead ? b->lead : asx_cell_format(&b->badge, x->doc->lang, buf, sizeof buf), x->bold);
            text(x, 1, b->badge.text, NULL);
            x->row += 2;
            break;
        }
        case ASX_BLOCK_STAMPS:
            stamps(x, b);
            break;
        case ASX_BLOCK_CHART:
            chart(x, b);
            break;
        case ASX_BLOCK_DECISION: {
            char *t = asx_doc_decision_text(b, x->doc->lang);
            text(x, 0, t, x->bold);
            free(t);
            x->row += 2;
            break;
        }
        }
    }
}

#define PORTRAIT_CHARS 110 /* about what an A4 portrait page shows at full size */

/* The width of a table in a workbook, in characters. */
static double sheet_width(const asx_block *t)
{
    double w = 0;
    for (size_t k = 0; k < t->ncols; k++)
        w += t->cols[k].sheet_width > 0 ? t->cols[k].sheet_width : 12;
    return w;
}

/* Landscape when a table of the part is wider than a portrait page shows: more than five
 * columns or, on a sheet with its own title, more than PORTRAIT_CHARS characters. */
static bool wide(const asx_block *part, bool own_sheet)
{
    for (size_t i = 0; i < part->nkids; i++) {
        const asx_block *b = part->kids[i];
        if (b->kind == ASX_BLOCK_TABLE && (own_sheet ? sheet_width(b) > PORTRAIT_CHARS : b->ncols > 5))
            return true;
        if ((b->kind == ASX_BLOCK_KEEP || (b->kind == ASX_BLOCK_GROUP && b->media != ASX_MEDIA_PAPER)) &&
            wide(b, own_sheet))
            return true;
    }
    return false;
}

/* A page header or footer: code (e.g. "&L"), then s cut between characters to about 200 bytes
 * (Excel's limit is 255) with '&' doubled (it starts a control code), then tail. */
static void header_footer(xw *x, const char *code, const char *s, const char *tail, bool footer)
{
    asx_buf b = {0};
    asx_buf_adds(&b, code);
    for (; *s && !(b.len >= 200 && ((unsigned char)*s & 0xC0) != 0x80); s++)
        asx_buf_add(&b, *s == '&' ? "&&" : s, *s == '&' ? 2 : 1);
    asx_buf_adds(&b, tail);
    if (!b.oom)
        asx_xlsx_keep(&x->err, footer ? worksheet_set_footer(x->ws, asx_buf_str(&b))
                                      : worksheet_set_header(x->ws, asx_buf_str(&b)));
    asx_buf_free(&b);
}

/* The page footer of a sheet: the document (or the part) on the left, "page / pages" on the
 * right; the page header, when the document has one. */
static void footer(xw *x, const asx_block *part)
{
    const char *left = x->doc->footer ? x->doc->footer : x->doc->title;
    header_footer(x, "&L", left && *left ? left : part->text ? part->text : "", "&R&P / &N", true);
    if (x->doc->header && *x->doc->header)
        header_footer(x, "&L", x->doc->header, "", false);
}

/* A sheet name Excel takes: at most 31 characters, none of []:*?/\\, not starting or ending with
 * an apostrophe, unique in the workbook ("(2)", "(3)" … added). Caller frees; NULL on OOM. */
static char *sheet_name(xw *x, const char *want)
{
    asx_buf b = {0};
    for (const char *s = want && *want ? want : "Sheet"; *s; s++)
        asx_buf_addc(&b, strchr("[]:*?/\\", *s) ? '_' : *s);
    char *clean = asx_buf_take(&b);
    if (!clean)
        return NULL;
    if (clean[0] == '\'')
        clean[0] = '_';
    char *name = asx_xlsx_cut(clean, SHEET_NAME_MAX);
    size_t len = name ? strlen(name) : 0;
    if (len && name[len - 1] == '\'')
        name[len - 1] = '_';
    for (int n = 2; name && workbook_get_worksheet_by_name(x->wb, name) && n < 1000; n++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", n);
        char *base = asx_xlsx_cut(clean, SHEET_NAME_MAX - strlen(suffix));
        free(name);
        name = base ? asx_strdupf("%s%s", base, suffix) : NULL;
        free(base);
    }
    free(clean);
    return name;
}

static void sheets(xw *x)
{
    bool first = true;
    for (size_t i = 0; i < x->doc->root.nkids && !x->err; i++) {
        const asx_block *part = x->doc->root.kids[i];
        if (part->kind != ASX_BLOCK_PART || part->media == ASX_MEDIA_PAPER)
            continue;
        char *name = sheet_name(x, part->sheet ? part->sheet : part->text);
        x->ws = name ? workbook_add_worksheet(x->wb, name) : NULL;
        free(name);
        if (!x->ws) {
            asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        worksheet_set_paper(x->ws, LXW_PAPER_A4);
        if (wide(part, part->sheet_title != NULL))
            worksheet_set_landscape(x->ws);
        worksheet_fit_to_pages(x->ws, 1, 0);
        worksheet_set_margins(x->ws, 0.4, 0.4, 0.6, 0.6);
        footer(x, part);
        x->row = 0;
        x->last_col = 0;
        x->repeated = false;
        x->titled = false;
        memset(x->colw, 0, sizeof x->colw);
        if (part->sheet_title) { /* a sheet of its own: its title and subtitle */
            text(x, 0, part->sheet_title, x->title);
            x->row++;
            if (part->sheet_sub && !x->sub && (x->sub = new_format(x, true)))
                format_set_font_color(x->sub, 0x595959);
            text(x, 0, part->sheet_sub, x->sub);
            x->row += 2;
        } else if (first && !x->doc->untitled) {
            text(x, 0, x->doc->title, x->title);
            x->row += 2;
        }
        first = false;
        widths(x, part);
        blocks(x, part);
        if (!x->repeated && x->titled) { /* no table heads the pages: the title does */
            asx_xlsx_keep(&x->err, worksheet_repeat_rows(x->ws, 0, 0));
            worksheet_freeze_panes(x->ws, 1, 0);
        }
        if (x->row > 0)
            asx_xlsx_keep(&x->err, worksheet_print_area(x->ws, 0, 0, x->row - 1, x->last_col));
    }
}

asx_error asx_doc_render_xlsx(const asx_doc *doc, const asx_doc_out *o, asx_outset *set,
                              const char *path, asx_diags *d)
{
    asx_xlsx_out out;
    asx_error err = asx_xlsx_begin(&out, set, path, o->force, o->date, doc->title, d);
    if (err)
        return err;
    xw x = {.wb = out.wb, .doc = doc, .file = path, .d = d};
    formats(&x);
    if (!x.err)
        sheets(&x);
    return asx_xlsx_finish(&out, x.err, o->force, o->mode ? o->mode : ASX_OUTPUT_MODE, d);
}
