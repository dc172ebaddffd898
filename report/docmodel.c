/* docmodel.c - the tree of a document and the one way it is written (see asx/docmodel.h). */
#include "asx/docmodel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/util.h"

static char *dup(asx_doc *doc, const char *s)
{
    if (!s)
        return NULL;
    char *c = asx_strdup(s);
    if (!c)
        doc->oom = true;
    return c;
}

asx_doc *asx_doc_new(asx_lang lang, const char *title, const char *subtitle, const char *subject)
{
    asx_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->lang = lang;
    doc->root.kind = ASX_BLOCK_KEEP;
    doc->title = dup(doc, title ? title : "");
    doc->subtitle = dup(doc, subtitle);
    doc->subject = dup(doc, subject);
    if (doc->oom) {
        asx_doc_free(doc);
        return NULL;
    }
    return doc;
}

static void cell_free(asx_cell *c)
{
    free(c->text);
    free(c->unit);
}

static void block_free(asx_block *b)
{
    free(b->text);
    free(b->lead);
    free(b->sheet);
    for (size_t i = 0; i < b->ncols && b->kind == ASX_BLOCK_TABLE; i++)
        free((char *)b->cols[i].title);
    free(b->cols);
    for (size_t i = 0; i < b->nrows * b->ncols; i++)
        cell_free(&b->cells[i]);
    free(b->cells);
    free(b->empty);
    for (size_t i = 0; b->names && i < b->nitems; i++)
        free(b->names[i]);
    free(b->names);
    asx_strv_free(b->items, b->nitems);
    asx_strv_free(b->consult, b->nconsult);
    cell_free(&b->badge);
    free(b->values);
    free(b->options);
    free(b->subtitle);
    free(b->sheet_title);
    free(b->sheet_sub);
    for (size_t i = 0; i < b->nkids; i++) {
        block_free(b->kids[i]);
        free(b->kids[i]);
    }
    free(b->kids);
}

void asx_doc_free(asx_doc *doc)
{
    if (!doc)
        return;
    free(doc->title);
    free(doc->subtitle);
    free(doc->subject);
    free(doc->footer);
    free(doc->header);
    block_free(&doc->root);
    free(doc);
}

bool asx_doc_oom(const asx_doc *doc)
{
    return doc->oom;
}

/* A new block of kind at the end of parent's blocks (NULL when out of memory). */
static asx_block *add(asx_doc *doc, asx_block *parent, asx_block_kind kind)
{
    if (!parent || doc->oom)
        return NULL;
    asx_block **kids = realloc(parent->kids, (parent->nkids + 1) * sizeof *kids);
    asx_block *b = calloc(1, sizeof *b);
    if (kids)
        parent->kids = kids;
    if (!kids || !b) {
        free(b);
        doc->oom = true;
        return NULL;
    }
    b->kind = kind;
    parent->kids[parent->nkids++] = b;
    return b;
}

asx_block *asx_doc_part(asx_doc *doc, const char *title, const char *sheet)
{
    asx_block *b = add(doc, &doc->root, ASX_BLOCK_PART);
    if (b) {
        b->text = dup(doc, title);
        b->sheet = dup(doc, sheet);
    }
    return b;
}

asx_block *asx_doc_keep(asx_doc *doc, asx_block *parent)
{
    return add(doc, parent, ASX_BLOCK_KEEP);
}

void asx_doc_heading(asx_doc *doc, asx_block *parent, int level, const char *text)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_HEADING);
    if (b) {
        b->level = level < 2 ? 2 : level;
        b->text = dup(doc, text);
    }
}

void asx_doc_paragraph(asx_doc *doc, asx_block *parent, const char *text)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_PARAGRAPH);
    if (b)
        b->text = dup(doc, text);
}

asx_block *asx_doc_body(asx_doc *doc)
{
    return &doc->root;
}

void asx_doc_text(asx_doc *doc, asx_block *parent, const char *lead, const char *text, asx_doc_align align)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_PARAGRAPH);
    if (b) {
        b->lead = dup(doc, lead);
        b->text = dup(doc, text ? text : "");
        b->align = align;
    }
}

void asx_doc_note(asx_doc *doc, asx_block *parent, const char *text)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_NOTE);
    if (b)
        b->text = dup(doc, text ? text : "");
}

asx_block *asx_doc_numbered(asx_doc *doc, asx_block *parent, asx_doc_numbering numbering)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_NUMBERED);
    if (b)
        b->numbering = numbering;
    return b;
}

void asx_doc_item(asx_doc *doc, asx_block *list, const char *lead, const char *text)
{
    asx_block *b = add(doc, list, ASX_BLOCK_ITEM);
    if (b) {
        b->lead = dup(doc, lead);
        b->text = dup(doc, text);
    }
}

void asx_doc_item_text(asx_doc *doc, asx_block *list, const char *text)
{
    asx_doc_paragraph(doc, list, text ? text : "");
}

void asx_doc_page_break(asx_doc *doc, asx_block *parent)
{
    add(doc, parent, ASX_BLOCK_PAGE_BREAK);
}

asx_block *asx_doc_list(asx_doc *doc, asx_block *parent)
{
    return add(doc, parent, ASX_BLOCK_LIST);
}

void asx_doc_list_item(asx_doc *doc, asx_block *list, const char *text)
{
    if (!list || doc->oom)
        return;
    char **v = realloc(list->items, (list->nitems + 1) * sizeof *v);
    if (!v) {
        doc->oom = true;
        return;
    }
    list->items = v;
    v[list->nitems] = dup(doc, text ? text : "");
    if (v[list->nitems])
        list->nitems++;
}

/* Room for one more row of n cells in b (a table, or a KV block growing to n columns). */
static asx_cell *grow(asx_doc *doc, asx_block *b, size_t n)
{
    if (!b || doc->oom)
        return NULL;
    if (n > b->ncols) { /* a KV block: widen every row so far */
        asx_cell *w = calloc((b->nrows + 1) * n, sizeof *w);
        if (!w) {
            doc->oom = true;
            return NULL;
        }
        for (size_t r = 0; r < b->nrows; r++)
            memcpy(&w[r * n], &b->cells[r * b->ncols], b->ncols * sizeof *w);
        free(b->cells);
        b->cells = w;
        b->ncols = n;
        b->cap = b->nrows + 1;
    }
    if (b->nrows == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        asx_cell *w = realloc(b->cells, cap * b->ncols * sizeof *w);
        if (!w) {
            doc->oom = true;
            return NULL;
        }
        b->cells = w;
        b->cap = cap;
    }
    asx_cell *row = &b->cells[b->nrows++ * b->ncols];
    memset(row, 0, b->ncols * sizeof *row);
    return row;
}

void asx_doc_badge(asx_doc *doc, asx_block *parent, asx_verdict v, const char *note)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_BADGE);
    if (!b)
        return;
    asx_cell_verdict(&b->badge, v);
    b->badge.text = dup(doc, note);
}

/* A copy of v[0..n) (NULL entries kept NULL); NULL and oom set when out of memory. */
static char **dupv(asx_doc *doc, const char *const *v, size_t n)
{
    char **c = calloc(n ? n : 1, sizeof *c);
    if (!c) {
        doc->oom = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        c[i] = dup(doc, v[i]);
    return c;
}

void asx_doc_stamps(asx_doc *doc, asx_block *parent, const char *const *roles,
                    const char *const *names, size_t n, const char *const *consult, size_t nconsult)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_STAMPS);
    if (!b)
        return;
    b->items = dupv(doc, roles, n);
    b->names = dupv(doc, names, n);
    b->consult = dupv(doc, consult, nconsult);
    b->nitems = n; /* the free of a block takes NULL arrays and NULL strings */
    b->nconsult = nconsult;
}

void asx_doc_chart(asx_doc *doc, asx_block *parent, const char *const *labels, const double *values,
                   size_t n, double good_at, double warn_at)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_CHART);
    if (!b)
        return;
    b->items = dupv(doc, labels, n);
    b->values = calloc(n ? n : 1, sizeof *b->values);
    if (!b->values) {
        doc->oom = true;
    } else {
        memcpy(b->values, values, n * sizeof *values);
    }
    b->nitems = b->items ? n : 0;
    b->good_at = good_at;
    b->warn_at = warn_at;
}

void asx_doc_decision(asx_doc *doc, asx_block *parent, const asx_verdict *options, size_t n,
                      asx_verdict chosen)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_DECISION);
    if (!b)
        return;
    b->options = calloc(n ? n : 1, sizeof *b->options);
    if (!b->options) {
        doc->oom = true;
        return;
    }
    memcpy(b->options, options, n * sizeof *options);
    b->noptions = n;
    b->chosen = chosen;
}

char *asx_doc_decision_text(const asx_block *b, asx_lang l)
{
    asx_buf t = {0};
    asx_buf_adds(&t, ASX_TR(l, "決定: ", "Decision: "));
    for (size_t i = 0; i < b->noptions; i++)
        asx_buf_addf(&t, "%s%s %s", i ? "　　" : "", b->options[i] == b->chosen ? "■" : "□",
                     asx_verdict_label(b->options[i], l));
    return asx_buf_take(&t);
}

asx_block *asx_doc_kv(asx_doc *doc, asx_block *parent)
{
    return add(doc, parent, ASX_BLOCK_KV);
}

asx_cell *asx_doc_kv_row(asx_doc *doc, asx_block *kv, const char *key, size_t n)
{
    if (!kv)
        return NULL;
    asx_cell *row = grow(doc, kv, n + 1 > kv->ncols ? n + 1 : kv->ncols);
    if (!row)
        return NULL;
    asx_cell_text(doc, &row[0], key);
    return row + 1;
}

asx_block *asx_doc_table(asx_doc *doc, asx_block *parent, const asx_doc_col *cols, size_t ncols,
                         const char *empty)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_TABLE);
    if (!b)
        return NULL;
    b->cols = calloc(ncols ? ncols : 1, sizeof *b->cols);
    if (!b->cols) {
        doc->oom = true;
        return NULL;
    }
    b->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        b->cols[i] = cols[i];
        b->cols[i].title = dup(doc, cols[i].title ? cols[i].title : "");
    }
    b->empty = dup(doc, empty);
    return b;
}

asx_cell *asx_doc_row(asx_doc *doc, asx_block *table)
{
    return grow(doc, table, table ? table->ncols : 0);
}

void asx_block_media(asx_block *b, asx_media m)
{
    if (b)
        b->media = m;
}

asx_doc_tone asx_doc_verdict_tone(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED: return ASX_DOC_TONE_GOOD;
    case ASX_VERDICT_CONDITIONAL: return ASX_DOC_TONE_WARN;
    case ASX_VERDICT_REJECTED: return ASX_DOC_TONE_BAD;
    case ASX_VERDICT_INCOMPLETE:
    case ASX_VERDICT_PENDING: return ASX_DOC_TONE_NEUTRAL;
    }
    return ASX_DOC_TONE_NEUTRAL;
}

void asx_cell_text(asx_doc *doc, asx_cell *c, const char *text)
{
    if (!c)
        return;
    c->kind = ASX_CELL_TEXT;
    free(c->text);
    c->text = dup(doc, text);
    c->has_value = text != NULL;
}

void asx_cell_number(asx_doc *doc, asx_cell *c, double value, int decimals, const char *unit)
{
    if (!c)
        return;
    c->kind = ASX_CELL_NUMBER;
    c->value = value;
    c->decimals = decimals;
    free(c->unit);
    c->unit = dup(doc, unit);
    c->has_value = true;
}

void asx_cell_count(asx_cell *c, size_t n)
{
    if (!c)
        return;
    c->kind = ASX_CELL_NUMBER;
    c->value = (double)n;
    c->decimals = 0;
    free(c->unit);
    c->unit = NULL;
    c->has_value = true;
}

void asx_cell_date(asx_cell *c, const asx_date *d)
{
    if (!c)
        return;
    c->kind = ASX_CELL_DATE;
    c->has_value = d != NULL;
    if (d)
        c->date = *d;
}

void asx_cell_verdict(asx_cell *c, asx_verdict v)
{
    if (!c)
        return;
    c->kind = ASX_CELL_VERDICT;
    c->code = (int)v;
    c->has_value = true;
}

void asx_cell_severity(asx_cell *c, asx_severity s)
{
    if (!c)
        return;
    c->kind = ASX_CELL_SEVERITY;
    c->code = (int)s;
    c->has_value = true;
}

const char *asx_cell_format(const asx_cell *c, asx_lang lang, char *buf, size_t size)
{
    if (!c->has_value)
        return c->kind == ASX_CELL_TEXT ? "" : "—";
    switch (c->kind) {
    case ASX_CELL_TEXT:
        return c->text ? c->text : "";
    case ASX_CELL_NUMBER:
        snprintf(buf, size, "%.*f%s%s", c->decimals, c->value, c->unit && *c->unit ? " " : "",
                 c->unit ? c->unit : "");
        return buf;
    case ASX_CELL_PERCENT:
        snprintf(buf, size, "%.*f %%", c->decimals, c->value);
        return buf;
    case ASX_CELL_DATE:
        asx_date_doc(c->date, lang, buf, size);
        return buf;
    case ASX_CELL_VERDICT:
        return asx_verdict_label((asx_verdict)c->code, lang);
    case ASX_CELL_SEVERITY:
        return asx_severity_label((asx_severity)c->code, lang);
    }
    return "";
}

/* ---- for the approval pack ---- */

asx_block *asx_doc_last(asx_block *parent)
{
    return parent && parent->nkids ? parent->kids[parent->nkids - 1] : NULL;
}

asx_block *asx_doc_title(asx_doc *doc, asx_block *parent, const char *title, const char *subtitle)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_TITLE);
    if (b) {
        b->text = dup(doc, title ? title : "");
        b->subtitle = dup(doc, subtitle);
    }
    return b;
}

asx_block *asx_doc_heading_keep(asx_doc *doc, asx_block *parent, int level, const char *text,
                                float keep_with)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_HEADING);
    if (b) {
        b->level = level < 1 ? 1 : level > 3 ? 3 : level;
        b->text = dup(doc, text ? text : "");
        b->keep_with = keep_with;
    }
    return b;
}

asx_block *asx_doc_line(asx_doc *doc, asx_block *parent, const char *text, const asx_doc_look *look)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_LINE);
    if (b) {
        b->text = dup(doc, text ? text : "");
        if (look)
            b->look = *look;
    }
    return b;
}

asx_block *asx_doc_group(asx_doc *doc, asx_block *parent, asx_media m)
{
    asx_block *b = add(doc, parent, ASX_BLOCK_GROUP);
    asx_block_media(b, m);
    return b;
}

asx_block *asx_doc_badge_label(asx_doc *doc, asx_block *parent, asx_verdict v, const char *label,
                               const char *note)
{
    asx_doc_badge(doc, parent, v, note);
    asx_block *b = doc->oom ? NULL : asx_doc_last(parent);
    if (b)
        b->lead = dup(doc, label);
    return b;
}

void asx_block_tight(asx_block *b)
{
    if (b)
        b->tight = true;
}

void asx_block_key_width(asx_block *b, float key_width)
{
    if (b)
        b->key_width = key_width;
}

void asx_block_annex(asx_block *b)
{
    if (b)
        b->annex = true;
}

void asx_block_sheet(asx_block *b, asx_doc_sheet_mode mode, size_t frozen)
{
    if (b) {
        b->sheet_mode = mode;
        b->frozen = frozen;
    }
}

void asx_block_sheet_fit(asx_block *b, size_t col)
{
    if (b && col < sizeof b->fit_cols * 8)
        b->fit_cols |= 1UL << col;
}

void asx_block_shade(asx_block *b, size_t col, asx_doc_shade shade)
{
    if (b) {
        b->shade_col = col;
        b->shade = shade;
    }
}

asx_doc_tone asx_doc_severity_tone(asx_severity s)
{
    switch (s) {
    case ASX_SEV_KNOCKOUT:
    case ASX_SEV_MAJOR: return ASX_DOC_TONE_BAD;
    case ASX_SEV_MINOR: return ASX_DOC_TONE_WARN;
    case ASX_SEV_INFO: return ASX_DOC_TONE_NEUTRAL;
    }
    return ASX_DOC_TONE_NEUTRAL;
}


asx_error asx_doc_write(const asx_doc *doc, asx_medium medium, const asx_doc_out *o,
                        const char *path, asx_diags *d)
{
    if (doc->oom) {
        asx_diags_addf(d, ASX_ERR_NOMEM, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
        return ASX_ERR_NOMEM;
    }
    asx_error err = asx_refuse_existing(path, o->force, d);
    if (err)
        return err;
    /* a single file is a set of outputs of one */
    asx_outset *set = o->set ? o->set : asx_outset_new(o->force);
    if (!set)
        return ASX_ERR_NOMEM;
    switch (medium) {
    case ASX_MEDIUM_PDF:
        err = asx_doc_render_pdf(doc, o, set, path, d);
        break;
    case ASX_MEDIUM_XLSX:
        err = asx_doc_render_xlsx(doc, o, set, path, d);
        break;
    case ASX_MEDIUM_DOCX:
        err = asx_doc_render_docx(doc, o, set, path, d);
        break;
    }
    if (!o->set) {
        if (!err)
            err = asx_outset_commit(set, d);
        asx_outset_free(set);
    }
    return err;
}

/* ---- workbook additions ---- */

void asx_doc_sheet_head(asx_doc *doc, asx_block *part, const char *title, const char *subtitle)
{
    if (!part)
        return;
    free(part->sheet_title);
    free(part->sheet_sub);
    part->sheet_title = dup(doc, title ? title : "");
    part->sheet_sub = dup(doc, subtitle);
}

void asx_doc_sheet_table(asx_block *table, size_t frozen, bool fills)
{
    if (!table)
        return;
    table->frozen = frozen;
    table->fills = fills;
}

void asx_doc_sheet_header(asx_doc *doc, const char *text)
{
    free(doc->header);
    doc->header = dup(doc, text);
}

void asx_cell_percent(asx_cell *c, double value, int decimals)
{
    if (!c)
        return;
    c->kind = ASX_CELL_PERCENT;
    c->value = value;
    c->decimals = decimals;
    c->has_value = true;
}
