/* xlsx_read.c - the XLSX reader of a filled form: the workbook, its relationships, shared
 * strings, the number formats of styles.xml (percent and time formats), the 1904 date system,
 * and the cells of the two sheets the form defines, into the model of form_book.h. The ODS
 * reader is ods_read.c; the conversion of the cells into answers, the same for both, is
 * xlsx_import.c. Also asx_xlsx_read_rows: any sheet's first columns (the register's
 * checklists). */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/util.h"
#include "asx/xlsx_import.h"
#include "form_book.h"

#define MAX_SHARED_STRINGS 200000u
#define MAX_XFS 65536u
#define MAX_NUMFMTS 4096u

/* ---- the XLSX workbook ------------------------------------------------------------------- */

typedef struct {
    char *name;
    char *rid;
    char *path; /* entry name in the zip, resolved through the relationships */
} xsheetref;

typedef struct {
    form_book *fb;
    char **sst;
    size_t nsst, capsst;
    xsheetref *sheets;
    size_t nsheets;
    unsigned *fmt_id; /* custom number formats: id and whether it shows a percentage */
    bool *fmt_pct;
    bool *fmt_time; /* and whether it shows a time (h:mm, [h]:mm) without a date */
    size_t nfmt;
    bool *xf_pct; /* cellXfs: whether the style shows numbers as percentages */
    bool *xf_time; /* cellXfs: whether it shows them as a time (a number of days) */
    size_t nxf;
    bool date1904; /* workbookPr date1904: serial 0 is 1904-01-01 */
} xbook;

static void xbook_free(xbook *b)
{
    asx_strv_free(b->sst, b->nsst);
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rid);
        free(b->sheets[i].path);
    }
    free(b->sheets);
    free(b->fmt_id);
    free(b->fmt_pct);
    free(b->fmt_time);
    free(b->xf_pct);
    free(b->xf_time);
}

typedef struct {
    xparse x; /* first member: handlers get the state through it */
    xbook *b;
    bool in_cellxfs;
} wb_state;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_state *s = ud;
    xbook *b = s->b;
    if (strcmp(xml_local(name), "workbookPr") == 0) {
        const char *v = xml_attr(atts, "date1904");
        b->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        return;
    }
    if (strcmp(xml_local(name), "sheet") != 0)
        return;
    const char *sname = xml_attr(atts, "name"), *rid = xml_attr(atts, "id");
    if (!sname || !rid)
        return;
    if (b->nsheets >= FB_MAX_SHEETS) {
        xp_stop(&s->x, ASX_ERR_DATA, ASX_L("シートが多すぎます", "too many sheets"));
        return;
    }
    xsheetref *v = realloc(b->sheets, (b->nsheets + 1) * sizeof *v);
    if (!v) {
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
        return;
    }
    b->sheets = v;
    xsheetref *r = &b->sheets[b->nsheets++];
    r->name = asx_strdup(sname);
    r->rid = asx_strdup(rid);
    r->path = NULL;
    if (!r->name || !r->rid)
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud;
    (void)name;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml" absolute. */
static char *resolve_target(const char *target)
{
    if (target[0] == '/')
        return asx_strdup(target + 1);
    return asx_strdupf("xl/%s", target);
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_state *s = ud;
    xbook *b = s->b;
    if (strcmp(xml_local(name), "Relationship") != 0)
        return;
    const char *id = xml_attr(atts, "Id"), *target = xml_attr(atts, "Target");
    if (!id || !target)
        return;
    for (size_t i = 0; i < b->nsheets; i++) {
        if (strcmp(b->sheets[i].rid, id) != 0 || b->sheets[i].path)
            continue;
        b->sheets[i].path = resolve_target(target);
        if (!b->sheets[i].path)
            xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
    }
}

static asx_error read_workbook(xbook *b)
{
    wb_state s = {.b = b};
    asx_error err = xp_init(&s.x, wb_start, no_end);
    if (!err)
        err = form_book_parse(b->fb, "xl/workbook.xml", &s.x);
    xp_done(&s.x);
    if (err)
        return err;
    err = xp_init(&s.x, rels_start, no_end);
    if (!err)
        err = form_book_parse(b->fb, "xl/_rels/workbook.xml.rels", &s.x);
    xp_done(&s.x);
    return err;
}

static const xsheetref *sheet_by_name(const xbook *b, const char *name)
{
    for (size_t i = 0; i < b->nsheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0)
            return &b->sheets[i];
    return NULL;
}

/* ---- number formats: which styles show a number as a percentage -------------------------- */

/* A format code shows a percentage when it has a % outside quotes and not escaped. */
static bool code_is_pct(const char *code)
{
    bool quoted = false;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '\\' && p[1])
            p++;
        else if (*p == '%' && !quoted)
            return true;
    }
    return false;
}

/* A format code shows a time (of day or elapsed, [h]:mm) when it has hours or seconds outside
 * quotes and has no year, day or era: the number is then a count of days, 3 being 72:00. */
static bool code_is_time(const char *code)
{
    bool quoted = false, time = false;
    for (const char *p = code; *p; p++) {
        char ch = (char)tolower((unsigned char)*p);
        if (*p == '"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == '[') {
            /* [h], [mm], [ss] are elapsed time; [Red], [$-411], [DBNum1] are not */
            const char *close = strchr(p, ']');
            if (!close)
                return false;
            char first = (char)tolower((unsigned char)p[1]);
            if (first == 'h' || first == 's')
                time = true;
            p = close;
        } else if (ch == 'y' || ch == 'd' || ch == 'e' || ch == 'g') {
            return false; /* a date (with or without a time) */
        } else if (ch == 'h' || ch == 's') {
            time = true;
        }
    }
    return time;
}

static bool numfmt_time(const xbook *b, unsigned long id)
{
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) /* built-in h:mm AM/PM … [h]:mm:ss */
        return true;
    for (size_t i = 0; i < b->nfmt; i++)
        if (b->fmt_id[i] == id)
            return b->fmt_time[i];
    return false;
}

static bool numfmt_pct(const xbook *b, unsigned long id)
{
    if (id == 9 || id == 10) /* the built-in 0% and 0.00% */
        return true;
    for (size_t i = 0; i < b->nfmt; i++)
        if (b->fmt_id[i] == id)
            return b->fmt_pct[i];
    return false;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_state *s = ud;
    xbook *b = s->b;
    const char *n = xml_local(name);
    if (strcmp(n, "cellXfs") == 0) {
        s->in_cellxfs = true;
    } else if (strcmp(n, "numFmt") == 0) {
        const char *id = xml_attr(atts, "numFmtId"), *code = xml_attr(atts, "formatCode");
        if (!id || !code || b->nfmt >= MAX_NUMFMTS)
            return;
        unsigned *ids = realloc(b->fmt_id, (b->nfmt + 1) * sizeof *ids);
        if (ids)
            b->fmt_id = ids;
        bool *pct = ids ? realloc(b->fmt_pct, (b->nfmt + 1) * sizeof *pct) : NULL;
        if (pct)
            b->fmt_pct = pct;
        bool *tm = pct ? realloc(b->fmt_time, (b->nfmt + 1) * sizeof *tm) : NULL;
        if (!tm) {
            xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
            return;
        }
        b->fmt_time = tm;
        b->fmt_time[b->nfmt] = code_is_time(code);
        b->fmt_id[b->nfmt] = (unsigned)strtoul(id, NULL, 10);
        b->fmt_pct[b->nfmt] = code_is_pct(code);
        b->nfmt++;
    } else if (strcmp(n, "xf") == 0 && s->in_cellxfs) {
        if (b->nxf >= MAX_XFS) {
            xp_stop(&s->x, ASX_ERR_DATA, ASX_L("書式が多すぎます", "too many cell styles"));
            return;
        }
        bool *v = realloc(b->xf_pct, (b->nxf + 1) * sizeof *v);
        if (v)
            b->xf_pct = v;
        bool *tm = v ? realloc(b->xf_time, (b->nxf + 1) * sizeof *tm) : NULL;
        if (!tm) {
            xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
            return;
        }
        b->xf_time = tm;
        const char *id = xml_attr(atts, "numFmtId");
        b->xf_pct[b->nxf] = id && numfmt_pct(b, strtoul(id, NULL, 10));
        b->xf_time[b->nxf++] = id && numfmt_time(b, strtoul(id, NULL, 10));
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    wb_state *s = ud;
    if (strcmp(xml_local(name), "cellXfs") == 0)
        s->in_cellxfs = false;
}

static asx_error read_styles(xbook *b)
{
    if (!form_book_has(b->fb, "xl/styles.xml"))
        return ASX_OK;
    wb_state s = {.b = b};
    asx_error err = xp_init(&s.x, styles_start, styles_end);
    if (!err)
        err = form_book_parse(b->fb, "xl/styles.xml", &s.x);
    xp_done(&s.x);
    return err;
}

/* ---- shared strings ---------------------------------------------------------------------- */

/* Undo the escapes of an OOXML string in place: _xHHHH_ is the character U+HHHH (writers
 * escape control characters so: a CR is _x000D_, and a typed "_x" is _x005F_x). */
static void xstring_decode(char *s)
{
    char *out = s;
    for (const char *p = s; *p;) {
        unsigned cp = 0;
        /* read in order: a NUL stops at the first byte that is not a hex digit, so nothing past
         * the end of s is read ("_x1" at the end of a string) */
        bool esc = p[0] == '_' && p[1] == 'x';
        for (int k = 2; esc && k < 6; k++) {
            char c = p[k];
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            esc = v >= 0;
            cp = cp * 16 + (unsigned)(v >= 0 ? v : 0);
        }
        esc = esc && p[6] == '_';
        if (!esc || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *out++ = *p++;
            continue;
        }
        /* UTF-8 of cp (at most 3 bytes: never longer than the 7 of the escape) */
        if (cp < 0x80) {
            *out++ = (char)cp;
        } else if (cp < 0x800) {
            *out++ = (char)(0xC0 | (cp >> 6));
            *out++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *out++ = (char)(0xE0 | (cp >> 12));
            *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *out++ = (char)(0x80 | (cp & 0x3F));
        }
        p += 7;
    }
    *out = '\0';
}

typedef struct {
    xparse x;
    xbook *b;
    bool in_si;
} sst_state;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sst_state *s = ud;
    const char *n = xml_local(name);
    (void)atts;
    if (strcmp(n, "si") == 0) {
        s->in_si = true;
        asx_buf_reset(&s->x.text);
        s->x.text_too_long = false;
    } else if (strcmp(n, "rPh") == 0) {
        s->x.skip++; /* phonetic reading (furigana): not part of the value */
    } else if (strcmp(n, "t") == 0 && s->in_si) {
        s->x.in_text = true;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_state *s = ud;
    xbook *b = s->b;
    const char *n = xml_local(name);
    if (strcmp(n, "t") == 0) {
        s->x.in_text = false;
    } else if (strcmp(n, "rPh") == 0) {
        if (s->x.skip)
            s->x.skip--;
    } else if (strcmp(n, "si") == 0 && s->in_si) {
        s->in_si = false;
        if (b->nsst >= MAX_SHARED_STRINGS) {
            xp_stop(&s->x, ASX_ERR_DATA, ASX_L("共有文字列が多すぎます", "too many shared strings"));
            return;
        }
        if (b->nsst == b->capsst) {
            size_t cap = b->capsst ? 2 * b->capsst : 256;
            char **v = realloc(b->sst, cap * sizeof *v);
            if (!v) {
                xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
                return;
            }
            b->sst = v;
            b->capsst = cap;
        }
        /* An over-long string is kept as NULL; cells using it report the limit. */
        char *str = s->x.text_too_long ? NULL : asx_strdup(asx_buf_str(&s->x.text));
        if (!s->x.text_too_long && !str) {
            xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
            return;
        }
        if (str)
            xstring_decode(str);
        b->sst[b->nsst++] = str;
    }
}

static asx_error read_shared_strings(xbook *b)
{
    if (!form_book_has(b->fb, "xl/sharedStrings.xml"))
        return ASX_OK; /* a workbook with inline strings only has none */
    sst_state s = {.b = b};
    asx_error err = xp_init(&s.x, sst_start, sst_end);
    if (!err)
        err = form_book_parse(b->fb, "xl/sharedStrings.xml", &s.x);
    xp_done(&s.x);
    return err;
}

/* ---- worksheets -------------------------------------------------------------------------- */

typedef struct {
    xparse x;
    xbook *b;
    xsheet *sheet;
    unsigned row;    /* current row number */
    unsigned nrows;  /* <row> elements seen */
    long col;        /* current cell's column, -1 outside a cell */
    char t;          /* current cell's type */
    bool pct;        /* current cell's style shows a percentage */
    bool time;       /* current cell's style shows a time (a number of days) */
    bool formula;
    bool in_v, in_is;
    bool row_stored; /* sheet->v[n-1] is the current row */
} ws_state;

/* "F12" → col 5, row 12. False when malformed. */
static bool parse_ref(const char *ref, long *col, unsigned *row)
{
    long c = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z' && p - ref < 3)
        c = c * 26 + (*p++ - 'A' + 1);
    if (c == 0)
        return false;
    unsigned long r = 0;
    const char *digits = p;
    while (*p >= '0' && *p <= '9' && p - digits < 8)
        r = r * 10 + (unsigned long)(*p++ - '0');
    if (*p || r == 0 || r > 1048576)
        return false;
    *col = c - 1;
    *row = (unsigned)r;
    return true;
}

static xrow *current_row(ws_state *s)
{
    if (s->row_stored)
        return &s->sheet->v[s->sheet->n - 1];
    xrow *r = xsheet_add_row(s->sheet, s->row);
    if (r)
        s->row_stored = true;
    return r;
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    ws_state *s = ud;
    const char *n = xml_local(name);
    if (strcmp(n, "row") == 0) {
        const char *r = xml_attr(atts, "r");
        unsigned long num = s->row + 1;
        if (r) {
            char *end = NULL;
            num = strtoul(r, &end, 10);
            if (*end || num == 0 || num > 1048576) {
                xp_stop(&s->x, ASX_ERR_DATA, ASX_L("行番号が不正です", "invalid row number"));
                return;
            }
        }
        if (++s->nrows > ASX_XLSX_MAX_ROWS) {
            char msg[128];
            snprintf(msg, sizeof msg, ASX_L("行が多すぎます (上限 %u 行)", "too many rows (the limit is %u)"),
                     ASX_XLSX_MAX_ROWS);
            xp_stop(&s->x, ASX_ERR_DATA, msg);
            return;
        }
        s->row = (unsigned)num;
        s->row_stored = false;
        s->col = -1;
    } else if (strcmp(n, "c") == 0) {
        const char *ref = xml_attr(atts, "r"), *t = xml_attr(atts, "t"), *st = xml_attr(atts, "s");
        long col = s->col + 1;
        unsigned row = s->row;
        if (ref && !parse_ref(ref, &col, &row)) {
            xp_stop(&s->x, ASX_ERR_DATA, ASX_L("セル参照が不正です", "invalid cell reference"));
            return;
        }
        if (row != s->row) {
            xp_stop(&s->x, ASX_ERR_DATA, ASX_L("セル参照が行と一致しません", "cell reference outside its row"));
            return;
        }
        s->col = col;
        s->formula = false;
        s->pct = s->time = false;
        if (st) {
            unsigned long xf = strtoul(st, NULL, 10);
            s->pct = xf < s->b->nxf && s->b->xf_pct[xf];
            s->time = xf < s->b->nxf && s->b->xf_time[xf];
        }
        if (!t || strcmp(t, "n") == 0)
            s->t = 'n';
        else if (strcmp(t, "s") == 0)
            s->t = 'S'; /* shared string index, resolved at the end of the cell */
        else if (strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0)
            s->t = 's';
        else if (strcmp(t, "b") == 0)
            s->t = 'b';
        else if (strcmp(t, "d") == 0)
            s->t = 'd';
        else
            s->t = 'e';
        asx_buf_reset(&s->x.text);
        s->x.text_too_long = false;
    } else if (strcmp(n, "f") == 0) {
        s->formula = true;
    } else if (strcmp(n, "v") == 0 && s->col >= 0) {
        s->in_v = true;
        s->x.in_text = true;
    } else if (strcmp(n, "is") == 0) {
        s->in_is = true;
    } else if (strcmp(n, "t") == 0 && s->in_is) {
        s->x.in_text = true;
    } else if (strcmp(n, "rPh") == 0) {
        s->x.skip++;
    }
}

/* Store the finished cell when it is one of the columns we read. */
static void ws_end_cell(ws_state *s)
{
    if (s->col < 0 || s->col >= FB_NCOLS)
        return;
    if (s->t == 's' && s->x.text.s) {
        xstring_decode(s->x.text.s); /* an inline string; shrinks in place */
        s->x.text.len = strlen(s->x.text.s);
    }
    const char *v = asx_buf_str(&s->x.text);
    bool too_long = s->x.text_too_long;
    char t = s->t;
    if (t == 'S') {
        char *end = NULL;
        unsigned long i = strtoul(v, &end, 10);
        if (!*v || *end || i >= s->b->nsst) {
            xp_stop(&s->x, ASX_ERR_DATA, ASX_L("共有文字列の番号が範囲外です", "shared string index out of range"));
            return;
        }
        if (!s->b->sst[i])
            too_long = true;
        v = s->b->sst[i] ? s->b->sst[i] : "";
        t = 's';
    }
    if (!*v && !s->formula && !too_long)
        return; /* an empty (formatted) cell */
    /* A time-formatted number is a count of days: 72:00 is stored as 3. Keep it in hours. */
    char hbuf[64];
    bool hours = false;
    if (s->time && t == 'n') {
        char *end = NULL;
        double days = strtod(v, &end);
        if (end != v && !*end && isfinite(days)) {
            snprintf(hbuf, sizeof hbuf, "%.10g", days * 24);
            v = hbuf;
            hours = true;
        }
    }
    xrow *r = current_row(s);
    if (!r || !xcell_set(&r->c[s->col], v, t, s->formula, too_long, s->pct && t == 'n', hours))
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
    ws_state *s = ud;
    const char *n = xml_local(name);
    if (strcmp(n, "c") == 0) {
        ws_end_cell(s);
        s->x.in_text = false;
    } else if (strcmp(n, "v") == 0) {
        s->in_v = false;
        s->x.in_text = false;
    } else if (strcmp(n, "t") == 0 && s->in_is) {
        s->x.in_text = false;
    } else if (strcmp(n, "is") == 0) {
        s->in_is = false;
    } else if (strcmp(n, "rPh") == 0) {
        if (s->x.skip)
            s->x.skip--;
    }
}

static asx_error read_sheet(xbook *b, const xsheetref *ref, xsheet *out)
{
    if (!ref->path) {
        form_book_diag(b->fb, ref->name, ASX_L("シートの実体が見つかりません", "the sheet's part is missing"));
        return ASX_ERR_DATA;
    }
    ws_state s = {.b = b, .sheet = out, .col = -1};
    asx_error err = xp_init(&s.x, ws_start, ws_end);
    if (!err)
        err = form_book_parse(b->fb, ref->path, &s.x);
    xp_done(&s.x);
    return err;
}

asx_error xlsx_read_sheets(form_book *fb, form_sheets *out)
{
    xbook b = {.fb = fb};
    asx_error err = read_workbook(&b);
    if (err)
        goto out;
    const xsheetref *mref = sheet_by_name(&b, ASX_FORM_META_SHEET);
    const xsheetref *aref = NULL;
    for (const char *const *n = form_book_data_sheets(fb); !aref && *n; n++)
        aref = sheet_by_name(&b, *n);
    if (!mref || !aref) {
        char **names = calloc(b.nsheets + 1, sizeof *names);
        if (!names) {
            err = ASX_ERR_NOMEM;
            goto out;
        }
        for (size_t i = 0; i < b.nsheets; i++)
            names[i] = b.sheets[i].name;
        form_book_no_sheet(fb, mref != NULL, names, b.nsheets);
        free(names);
        err = ASX_ERR_DATA;
        goto out;
    }
    err = read_shared_strings(&b);
    if (!err)
        err = read_styles(&b);
    if (!err)
        err = read_sheet(&b, mref, &out->meta);
    if (!err)
        err = read_sheet(&b, aref, &out->answers);
    if (!err && !(out->answers_name = asx_strdup(aref->name)))
        err = ASX_ERR_NOMEM;
    out->date1904 = b.date1904;
out:
    xbook_free(&b);
    return err;
}

/* ---- any sheet's first columns, for the register's checklists ---------------------------- */

asx_error asx_xlsx_read_rows(const void *buf, size_t len, const char *file,
                             const char *const *sheets, asx_xlsx_row **rows, size_t *nrows,
                             char **sheet_used, asx_diags *d)
{
    form_book fb = {.file = file, .d = d};
    xbook b = {.fb = &fb};
    xsheet sh = {0};
    const xsheetref *ref = NULL;
    *rows = NULL;
    *nrows = 0;
    *sheet_used = NULL;
    asx_error err = form_book_open(&fb, buf, len);
    if (!err && fb.kind != FB_XLSX) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0, "%s",
                       ASX_L("XLSX (Excel ブック) で保存してください", "save it as XLSX (Excel workbook)"));
        err = ASX_ERR_DATA;
    }
    if (!err)
        err = read_workbook(&b);
    for (size_t i = 0; !err && !ref && sheets[i]; i++)
        ref = sheet_by_name(&b, sheets[i]);
    if (!err && !ref) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("シート「%s」がありません", "no sheet \"%s\""), sheets[0]);
        err = ASX_ERR_DATA;
    }
    if (!err)
        err = read_shared_strings(&b);
    if (!err)
        err = read_sheet(&b, ref, &sh);
    if (!err && !(*sheet_used = asx_strdup(ref->name)))
        err = ASX_ERR_NOMEM;
    if (!err && sh.n && !(*rows = calloc(sh.n, sizeof **rows)))
        err = ASX_ERR_NOMEM;
    for (size_t i = 0; !err && i < sh.n; i++) {
        (*rows)[i].row = sh.v[i].row;
        for (int c = 0; c < ASX_FORM_NCOLS; c++) {
            xcell *x = &sh.v[i].c[c];
            (*rows)[i].type[c] = x->formula ? 'f' : x->too_long ? 'L' : x->t;
            (*rows)[i].text[c] = xcell_text(x);
            if (x->v && !(*rows)[i].text[c] && x->t != 's')
                err = ASX_ERR_NOMEM;
        }
        *nrows = i + 1;
    }
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, file, 0, 0, ASX_L("メモリ不足です", "out of memory"));
    if (err) {
        asx_xlsx_rows_free(*rows, *nrows);
        *rows = NULL;
        *nrows = 0;
        free(*sheet_used);
        *sheet_used = NULL;
    }
    xsheet_free(&sh);
    xbook_free(&b);
    form_book_close(&fb);
    return err;
}

void asx_xlsx_rows_free(asx_xlsx_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        for (int c = 0; c < ASX_FORM_NCOLS; c++)
            free(rows[i].text[c]);
    free(rows);
}
