/* ods_read.c - the ODS reader of a filled form: the same form saved by LibreOffice as .ods
 * (OpenDocument spreadsheet). content.xml is streamed through expat (form_book.c) and the
 * cells of the tables "_meta" and "回答"/"Answers" are kept in the same model the XLSX reader
 * fills, so the conversion, the answers and the messages are the same.
 *
 * What ODS does differently: rows and cells carry repeat counts (table:number-rows-repeated,
 * table:number-columns-repeated: LibreOffice writes a million empty rows as one element), a
 * cell's value is in attributes by type (office:value-type float/percentage/currency with
 * office:value, date with office:date-value, boolean with office:boolean-value) and its text in
 * text:p paragraphs (one per line, with text:s runs of spaces, text:tab, text:line-break);
 * comments (office:annotation) sit inside the cell and are not part of its value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/util.h"
#include "form_book.h"

#define MAX_ROW 1048576u
#define MAX_SPACES 1024u /* one text:s run */

typedef struct {
    xparse x; /* first member: handlers get the state through it */
    form_sheets *out;
    const form_book *book;
    char **names; /* every table's name, for the message when the form's are missing */
    size_t nnames;
    unsigned table_depth; /* nested tables (inside cells) are not rows of the sheet */
    xsheet *target;       /* the sheet the current table fills, NULL when not kept */
    bool answers_done, meta_done;
    unsigned row;   /* rows passed in the current table */
    unsigned nrows; /* rows kept, against ASX_XLSX_MAX_ROWS */
    unsigned row_repeat;
    bool in_row;
    xrow tmp; /* the current row's cells */
    bool tmp_used;
    unsigned long col;
    /* the current cell */
    bool in_cell;
    unsigned long col_repeat;
    char *vtype, *value, *date, *time, *boolean, *string_value;
    bool formula;
    bool covered; /* a covered-table-cell: hidden under a merged cell, not part of the form */
    unsigned paras;
} ods_state;

static bool is_data_sheet(const form_book *b, const char *name)
{
    for (const char *const *n = form_book_data_sheets(b); *n; n++)
        if (strcmp(*n, name) == 0)
            return true;
    return false;
}

static void cell_reset(ods_state *s)
{
    free(s->vtype);
    free(s->value);
    free(s->date);
    free(s->time);
    free(s->boolean);
    free(s->string_value);
    s->vtype = s->value = s->date = s->time = s->boolean = s->string_value = NULL;
    s->formula = false;
    s->paras = 0;
    asx_buf_reset(&s->x.text);
    s->x.text_too_long = false;
}

static void tmp_clear(ods_state *s)
{
    for (int c = 0; c < FB_NCOLS; c++) {
        free(s->tmp.c[c].v);
        s->tmp.c[c].v = NULL;
    }
    memset(&s->tmp, 0, sizeof s->tmp);
    s->tmp_used = false;
}

static unsigned long repeat_attr(const char **atts, const char *name)
{
    const char *v = xml_attr(atts, name);
    if (!v)
        return 1;
    char *end = NULL;
    unsigned long n = strtoul(v, &end, 10);
    return (*end || n == 0) ? 1 : n > MAX_ROW ? MAX_ROW : n;
}

static bool dup_attr(ods_state *s, char **slot, const char **atts, const char *name)
{
    const char *v = xml_attr(atts, name);
    if (!v)
        return true;
    *slot = asx_strdup(v);
    if (!*slot) {
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
        return false;
    }
    return true;
}

/* Append text to the cell's value under the cell limit. */
static void add_text(ods_state *s, const char *t, size_t n)
{
    if (s->x.text.len + n > FB_MAX_CELL_BYTES) {
        s->x.text_too_long = true;
        return;
    }
    asx_buf_add(&s->x.text, t, n);
    if (s->x.text.oom)
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
}

static void add_name(ods_state *s, const char *name)
{
    if (s->nnames >= FB_MAX_SHEETS) {
        xp_stop(&s->x, ASX_ERR_DATA, ASX_L("シートが多すぎます", "too many sheets"));
        return;
    }
    char **v = realloc(s->names, (s->nnames + 1) * sizeof *v);
    if (!v || !(v[s->nnames] = asx_strdup(name))) {
        if (v)
            s->names = v;
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
        return;
    }
    s->names = v;
    s->nnames++;
}

static void XMLCALL ods_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    ods_state *s = ud;
    const char *n = xml_local(name);
    if (strcmp(n, "table") == 0) {
        if (s->table_depth++ > 0)
            return;
        const char *tname = xml_attr(atts, "name");
        s->target = NULL;
        s->row = 0;
        s->nrows = 0;
        if (!tname)
            return;
        add_name(s, tname);
        if (strcmp(tname, ASX_FORM_META_SHEET) == 0 && !s->meta_done) {
            s->target = &s->out->meta;
            s->meta_done = true;
        } else if (is_data_sheet(s->book, tname) && !s->answers_done) {
            s->target = &s->out->answers;
            s->answers_done = true;
            s->out->answers_name = asx_strdup(tname);
            if (!s->out->answers_name)
                xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
        }
        return;
    }
    if (s->table_depth != 1 || !s->target)
        return;
    if (strcmp(n, "table-row") == 0) {
        s->in_row = true;
        s->row_repeat = (unsigned)repeat_attr(atts, "number-rows-repeated");
        s->col = 0;
        tmp_clear(s);
    } else if ((strcmp(n, "table-cell") == 0 || strcmp(n, "covered-table-cell") == 0) && s->in_row) {
        s->in_cell = true;
        cell_reset(s);
        s->col_repeat = repeat_attr(atts, "number-columns-repeated");
        if (!dup_attr(s, &s->vtype, atts, "value-type") || !dup_attr(s, &s->value, atts, "value") ||
            !dup_attr(s, &s->date, atts, "date-value") || !dup_attr(s, &s->time, atts, "time-value") || !dup_attr(s, &s->boolean, atts, "boolean-value") ||
            !dup_attr(s, &s->string_value, atts, "string-value"))
            return;
        s->formula = xml_attr(atts, "formula") != NULL;
        s->covered = strcmp(n, "covered-table-cell") == 0;
    } else if (!s->in_cell) {
        return;
    } else if (strcmp(n, "annotation") == 0) {
        s->x.skip++; /* a comment on the cell, not its value */
    } else if (s->x.skip) {
        return;
    } else if (strcmp(n, "p") == 0) {
        if (s->paras++)
            add_text(s, "\n", 1);
        s->x.in_text = true;
    } else if (strcmp(n, "s") == 0 && s->x.in_text) {
        unsigned long k = repeat_attr(atts, "c");
        for (unsigned long i = 0; i < k && i < MAX_SPACES; i++)
            add_text(s, " ", 1);
    } else if (strcmp(n, "tab") == 0 && s->x.in_text) {
        add_text(s, "\t", 1);
    } else if (strcmp(n, "line-break") == 0 && s->x.in_text) {
        add_text(s, "\n", 1);
    }
}

/* An ISO 8601 duration as LibreOffice writes a time cell ("PT72H00M00S", "P3DT0H30M0S") in
 * hours, into buf ("72", "72.5"); false when it is not one. */
static bool duration_hours(const char *v, char *buf, size_t size)
{
    const char *p = v;
    bool neg = *p == '-';
    if (neg)
        p++;
    if (*p++ != 'P')
        return false;
    double h = 0;
    bool in_time = false, any = false;
    while (*p) {
        if (*p == 'T' && !in_time) {
            in_time = true;
            p++;
            continue;
        }
        char *end = NULL;
        double x = strtod(p, &end);
        if (end == p || !*end || x < 0)
            return false;
        if (*end == 'D' && !in_time)
            h += 24 * x;
        else if (*end == 'H' && in_time)
            h += x;
        else if (*end == 'M' && in_time)
            h += x / 60;
        else if (*end == 'S' && in_time)
            h += x / 3600;
        else
            return false;
        any = true;
        p = end + 1;
    }
    if (!any)
        return false;
    snprintf(buf, size, "%.10g", neg ? -h : h);
    return true;
}

/* The finished cell into the columns of the row it covers. */
static void end_cell(ods_state *s)
{
    const char *t = s->vtype ? s->vtype : "";
    const char *v = asx_buf_str(&s->x.text);
    char kind = 's';
    bool pct = false, hours = false;
    char hbuf[64];
    if (strcmp(t, "float") == 0 || strcmp(t, "percentage") == 0 || strcmp(t, "currency") == 0) {
        if (s->value) {
            v = s->value;
            kind = 'n';
            pct = strcmp(t, "percentage") == 0;
        }
    } else if (strcmp(t, "time") == 0 && s->time && duration_hours(s->time, hbuf, sizeof hbuf)) {
        v = hbuf; /* 72:00 is 72 hours, not a time of day */
        kind = 'n';
        hours = true;
    } else if (strcmp(t, "date") == 0 && s->date) {
        v = s->date;
        kind = 'd';
    } else if (strcmp(t, "boolean") == 0 && s->boolean) {
        v = strcmp(s->boolean, "true") == 0 ? "1" : "0";
        kind = 'b';
    } else if (strcmp(t, "string") == 0 && s->string_value && !*v) {
        v = s->string_value;
    }
    bool too_long = s->x.text_too_long && kind == 's';
    /* What a merged cell hides is not shown to anyone reading the form: it is not imported. */
    if (!s->covered && (*v || s->formula || too_long)) {
        for (unsigned long c = s->col; c < s->col + s->col_repeat && c < FB_NCOLS; c++) {
            if (!xcell_set(&s->tmp.c[c], v, kind, s->formula, too_long, pct, hours)) {
                xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
                break;
            }
            s->tmp_used = true;
        }
    }
    s->col += s->col_repeat;
    s->in_cell = false;
    s->x.in_text = false;
    cell_reset(s);
}

/* The finished row, as many times as it repeats, when it holds anything we read. */
static void end_row(ods_state *s)
{
    unsigned first = s->row + 1;
    s->row = s->row + s->row_repeat > MAX_ROW ? MAX_ROW : s->row + s->row_repeat;
    s->in_row = false;
    if (!s->tmp_used)
        return;
    for (unsigned r = first; r <= s->row; r++) {
        if (++s->nrows > ASX_XLSX_MAX_ROWS) {
            char msg[128];
            snprintf(msg, sizeof msg, ASX_L("行が多すぎます (上限 %u 行)", "too many rows (the limit is %u)"),
                     ASX_XLSX_MAX_ROWS);
            xp_stop(&s->x, ASX_ERR_DATA, msg);
            return;
        }
        xrow *row = xsheet_add_row(s->target, r);
        bool ok = row != NULL;
        for (int c = 0; ok && c < FB_NCOLS; c++)
            if (s->tmp.c[c].v)
                ok = xcell_set(&row->c[c], s->tmp.c[c].v, s->tmp.c[c].t, s->tmp.c[c].formula,
                               s->tmp.c[c].too_long, s->tmp.c[c].pct, s->tmp.c[c].hours);
        if (!ok) {
            xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
            return;
        }
    }
}

static void XMLCALL ods_end(void *ud, const XML_Char *name)
{
    ods_state *s = ud;
    const char *n = xml_local(name);
    if (strcmp(n, "table") == 0) {
        if (s->table_depth)
            s->table_depth--;
        if (!s->table_depth)
            s->target = NULL;
        return;
    }
    if (s->table_depth != 1 || !s->target)
        return;
    if (strcmp(n, "table-row") == 0 && s->in_row) {
        end_row(s);
    } else if ((strcmp(n, "table-cell") == 0 || strcmp(n, "covered-table-cell") == 0) && s->in_cell) {
        end_cell(s);
    } else if (strcmp(n, "annotation") == 0 && s->in_cell) {
        if (s->x.skip)
            s->x.skip--;
    } else if (strcmp(n, "p") == 0 && s->in_cell && !s->x.skip) {
        s->x.in_text = false;
    }
}

asx_error ods_read_sheets(form_book *b, form_sheets *out)
{
    ods_state s = {.out = out, .book = b};
    asx_error err = xp_init(&s.x, ods_start, ods_end);
    if (!err)
        err = form_book_parse(b, "content.xml", &s.x);
    if (!err && (!s.meta_done || !s.answers_done)) {
        form_book_no_sheet(b, s.meta_done, s.names, s.nnames);
        err = ASX_ERR_DATA;
    }
    cell_reset(&s);
    tmp_clear(&s);
    asx_strv_free(s.names, s.nnames);
    xp_done(&s.x);
    return err;
}
