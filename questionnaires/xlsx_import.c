/* xlsx_import.c - reading a filled vendor form (XLSX or ODS) back into answers.
 *
 * The XLSX reader is here (workbook, relationships, shared strings, the number formats of
 * styles.xml, the two sheets); the ODS reader is ods_import.c; both fill the same cells
 * (form_book.h) and the conversion below turns them into answers directly, every answer
 * remembering its cell ("回答!F19") in `source`. Only the cells the form defines are kept
 * (columns A-H of the answer sheet, A-B of the metadata sheet). Rows are matched by the id in
 * column A.
 *
 * What people type is read as they meant it: a percent-formatted 0.9995 is 99.95 for a
 * question in %, full-width digits, letters and punctuation are read as their ASCII forms
 * where the answer type allows only those, dates may be written 令和8年3月31日, R8.3.31 or
 * 2026/3/31, countries as 日本 or 米国, yes/no as ○/×/△. A unit that does not fit a question
 * (「99.9%」 for hours) is refused naming the cell. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asx/answers.h"
#include "asx/country.h"
#include "asx/date.h"
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
    size_t nfmt;
    bool *xf_pct; /* cellXfs: whether the style shows numbers as percentages */
    size_t nxf;
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
    free(b->xf_pct);
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
        if (!pct) {
            xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
            return;
        }
        b->fmt_pct = pct;
        b->fmt_id[b->nfmt] = (unsigned)strtoul(id, NULL, 10);
        b->fmt_pct[b->nfmt] = code_is_pct(code);
        b->nfmt++;
    } else if (strcmp(n, "xf") == 0 && s->in_cellxfs) {
        if (b->nxf >= MAX_XFS) {
            xp_stop(&s->x, ASX_ERR_DATA, ASX_L("書式が多すぎます", "too many cell styles"));
            return;
        }
        bool *v = realloc(b->xf_pct, (b->nxf + 1) * sizeof *v);
        if (!v) {
            xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
            return;
        }
        b->xf_pct = v;
        const char *id = xml_attr(atts, "numFmtId");
        b->xf_pct[b->nxf++] = id && numfmt_pct(b, strtoul(id, NULL, 10));
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
        s->pct = false;
        if (st) {
            unsigned long xf = strtoul(st, NULL, 10);
            s->pct = xf < s->b->nxf && s->b->xf_pct[xf];
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
    if (s->col < 0 || s->col >= ASX_FORM_NCOLS)
        return;
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
    xrow *r = current_row(s);
    if (!r || !xcell_set(&r->c[s->col], v, t, s->formula, too_long, s->pct && t == 'n'))
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
    const xsheetref *aref = sheet_by_name(&b, ASX_FORM_SHEET_JA);
    if (!aref)
        aref = sheet_by_name(&b, ASX_FORM_SHEET_EN);
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
out:
    xbook_free(&b);
    return err;
}

/* ---- reading what people type ------------------------------------------------------------ */

typedef struct {
    const char *file;
    asx_diags *d;
    const char *sheet; /* answer sheet name */
    const asx_bank *bank;
    asx_lang form_lang;
    unsigned problems; /* errors: nothing is written */
    asx_answers *a;    /* being built */
} conv;

static void cell_vmsg(conv *cv, asx_error code, unsigned row, int col, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    asx_diags_addf(cv->d, code, cv->file, 0, 0, "%s!%c%u: %s", cv->sheet, 'A' + col, row, msg);
}

static void cell_err(conv *cv, const xrow *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_err(conv *cv, const xrow *r, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cell_vmsg(cv, ASX_ERR_DATA, r->row, col, fmt, ap);
    va_end(ap);
    cv->problems++;
}

/* A warning: reported, the answers are still written. */
static void cell_warn(conv *cv, const xrow *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_warn(conv *cv, const xrow *r, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cell_vmsg(cv, ASX_OK, r->row, col, fmt, ap);
    va_end(ap);
}

static bool is_space_at(const char *s, size_t *n)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        *n = 1;
        return true;
    }
    if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) {
        *n = 3; /* U+3000 ideographic space */
        return true;
    }
    return false;
}

/* A trimmed copy of s[0..len) (ASCII white space and the ideographic space); caller frees. */
static char *trim_dup(const char *s, size_t len)
{
    size_t n;
    while (len && is_space_at(s, &n) && n <= len) {
        s += n;
        len -= n;
    }
    for (;;) {
        if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
            len--;
        else if (len >= 3 && is_space_at(s + len - 3, &n) && n == 3)
            len -= 3;
        else
            break;
    }
    return asx_strndup(s, len);
}

/* The text of a cell; caller frees; NULL when empty. */
static char *cell_text(const xcell *c)
{
    if (!c->v)
        return NULL;
    if (c->t == 'b')
        return asx_strdup(strcmp(c->v, "1") == 0 ? "TRUE" : "FALSE");
    char *t = trim_dup(c->v, strlen(c->v));
    if (t && !*t) {
        free(t);
        return NULL;
    }
    return t;
}

/* NFKC-style folding of what a code, a number or a date may hold: full-width ASCII (ＪＰ,
 * ９９．９, ％, ／) to ASCII, the ideographic space to a space, dashes and the minus sign to
 * "-". Other characters (kana, kanji, ー) are kept. Trimmed; caller frees. */
char *asx_form_fold(const char *s)
{
    asx_buf b = {0};
    size_t n = strlen(s);
    while (n) {
        unsigned cp;
        size_t k = asx_utf8_next(s, n, &cp);
        if (!k)
            break;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            asx_buf_addc(&b, (char)(cp - 0xFEE0));
        else if (cp == 0x3000)
            asx_buf_addc(&b, ' ');
        else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE63)
            asx_buf_addc(&b, '-');
        else
            asx_buf_add(&b, s, k);
        s += k;
        n -= k;
    }
    if (b.oom) {
        asx_buf_free(&b);
        return NULL;
    }
    char *t = trim_dup(asx_buf_str(&b), b.len);
    asx_buf_free(&b);
    return t;
}

/* A short quoted rendering of a value for messages (at most ~60 bytes, whole characters). */
static void quote(const char *s, char *buf, size_t size)
{
    size_t n = strlen(s), cut = n;
    if (cut > 60) {
        cut = 60;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    snprintf(buf, size, "\"%.*s%s\"", (int)cut, s, cut < n ? "…" : "");
}

static bool ascii_ieq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

asx_yesno asx_form_parse_yesno(const char *s)
{
    char *t = asx_form_fold(s);
    asx_yesno out = ASX_YN_NONE;
    if (!t)
        return ASX_YN_NONE;
    const asx_yesno all[] = {ASX_YN_YES, ASX_YN_NO, ASX_YN_PARTIAL, ASX_YN_NA};
    for (size_t i = 0; i < sizeof all / sizeof all[0] && out == ASX_YN_NONE; i++) {
        if (ascii_ieq(t, asx_yesno_name(all[i])) || strcmp(t, asx_yesno_label(all[i], ASX_LANG_JA)) == 0 ||
            ascii_ieq(t, asx_yesno_label(all[i], ASX_LANG_EN)))
            out = all[i];
    }
    if (out == ASX_YN_NONE) {
        /* TRUE/FALSE cells, and the marks of Japanese forms: ○ yes, × no, △ partly */
        static const struct {
            const char *s;
            asx_yesno v;
        } marks[] = {{"TRUE", ASX_YN_YES}, {"FALSE", ASX_YN_NO}, {"partial", ASX_YN_PARTIAL},
                     {"partly", ASX_YN_PARTIAL}, {"n/a", ASX_YN_NA}, {"○", ASX_YN_YES},
                     {"◯", ASX_YN_YES}, {"〇", ASX_YN_YES}, {"×", ASX_YN_NO}, {"✕", ASX_YN_NO},
                     {"x", ASX_YN_NO}, {"△", ASX_YN_PARTIAL}};
        for (size_t i = 0; i < sizeof marks / sizeof marks[0] && out == ASX_YN_NONE; i++)
            if (ascii_ieq(t, marks[i].s))
                out = marks[i].v;
    }
    free(t);
    return out;
}

static bool is_na_text(const char *s)
{
    return ascii_ieq(s, "na") || ascii_ieq(s, "n/a") || strcmp(s, "該当なし") == 0 || strcmp(s, "該当無し") == 0;
}

/* Round away the binary noise of a stored number (0.9995 * 100 = 99.94999999999999). */
static double tidy(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    return strtod(buf, NULL);
}

/* The spellings of a question's unit a vendor may type after the number. */
static bool unit_fits(const asx_question *q, const char *u)
{
    const char *ja = q ? asx_text_get(&q->unit, ASX_LANG_JA) : "", *en = q ? asx_text_get(&q->unit, ASX_LANG_EN) : "";
    if ((*ja && strcmp(u, ja) == 0) || (*en && ascii_ieq(u, en)))
        return true;
    static const char *const pct[] = {"%", "パーセント", "percent", NULL};
    static const char *const hours[] = {"時間", "h", "hr", "hrs", "hour", "hours", NULL};
    static const char *const months[] = {"か月", "ヶ月", "カ月", "ヵ月", "ケ月", "箇月", "month", "months", NULL};
    const char *const *alias = strcmp(ja, "%") == 0 ? pct : strcmp(ja, "時間") == 0 ? hours
                             : strcmp(ja, "か月") == 0 ? months : NULL;
    for (size_t i = 0; alias && alias[i]; i++)
        if (ascii_ieq(u, alias[i]))
            return true;
    return false;
}

typedef enum { NUM_OK, NUM_BAD, NUM_UNIT } num_status;

/* A number typed as text (already folded): sign, digits, point, exponent, thousands commas,
 * then optionally the question's unit ("99.95%", "24 時間"). *unit gets a unit that does not
 * fit (NUM_UNIT). */
static num_status parse_amount(const char *s, const asx_question *q, double *out, char *unit, size_t usize)
{
    char buf[64];
    size_t n = 0;
    const char *p = s;
    unit[0] = '\0';
    while (*p == ' ')
        p++;
    if (*p == '+' || *p == '-')
        buf[n++] = *p++;
    bool digits = false;
    for (; *p; p++) {
        if ((*p >= '0' && *p <= '9') || *p == '.') {
            digits = digits || *p != '.';
        } else if (*p == ',' && digits && p[1] >= '0' && p[1] <= '9') {
            continue;
        } else if ((*p == 'e' || *p == 'E') && digits && (isdigit((unsigned char)p[1]) ||
                   ((p[1] == '-' || p[1] == '+') && isdigit((unsigned char)p[2])))) {
            if (n + 2 >= sizeof buf)
                return NUM_BAD;
            buf[n++] = *p++;
        } else {
            break;
        }
        if (n + 1 >= sizeof buf)
            return NUM_BAD;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    if (!digits)
        return NUM_BAD;
    char *end = NULL;
    double v = strtod(buf, &end);
    if (*end || !isfinite(v))
        return NUM_BAD;
    while (*p == ' ')
        p++;
    if (*p) {
        snprintf(unit, usize, "%s", p);
        if (!q || !unit_fits(q, p))
            return NUM_UNIT;
    }
    *out = tidy(v);
    return NUM_OK;
}

static bool parse_number(const char *s, double *out)
{
    char unit[64];
    return parse_amount(s, NULL, out, unit, sizeof unit) == NUM_OK;
}

/* Read an unsigned integer (or 元 = 1 after an era) at *p. */
static bool read_int(const char **p, int *out, int maxdigits)
{
    int v = 0, k = 0;
    if (strncmp(*p, "元", strlen("元")) == 0) {
        *p += strlen("元");
        *out = 1;
        return true;
    }
    while (**p >= '0' && **p <= '9') {
        if (++k > maxdigits)
            return false;
        v = v * 10 + (*(*p)++ - '0');
    }
    *out = v;
    return k > 0;
}

static bool eat(const char **p, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

/* A date typed as text (folded): 2026-03-31, 2026/3/31, 2026.3.31, 2026年3月31日, 20260331,
 * 令和8年3月31日, R8.3.31, R8/3/31, 平成31年4月30日, H31.4.30, with an optional weekday
 * "(火)" after it. An era date must fall within its era. */
bool asx_form_parse_date(const char *text, asx_date *out)
{
    static const struct {
        const char *name, *letter;
        asx_date start, end;
    } eras[] = {{"令和", "R", {2019, 5, 1}, {9999, 12, 31}},
                {"平成", "H", {1989, 1, 8}, {2019, 4, 30}},
                {"昭和", "S", {1926, 12, 25}, {1989, 1, 7}}};
    char s[64];
    snprintf(s, sizeof s, "%s", text);
    char *paren = strchr(s, '(');
    if (paren && strchr(paren, ')') && strchr(paren, ')')[1] == '\0') {
        *paren = '\0';
        while (paren > s && paren[-1] == ' ')
            *--paren = '\0';
    }
    if (asx_date_parse(s, out))
        return true;
    const char *p = s;
    int era = -1;
    for (int i = 0; i < 3 && era < 0; i++)
        if (eat(&p, eras[i].name) || eat(&p, eras[i].letter) || (p[0] == eras[i].letter[0] + 32 && (p++, true)))
            era = i;
    while (*p == ' ')
        p++;
    int y, m, d;
    size_t digits = strspn(p, "0123456789");
    if (era < 0 && digits == 8 && !p[8]) {
        y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        m = (p[4] - '0') * 10 + (p[5] - '0');
        d = (p[6] - '0') * 10 + (p[7] - '0');
    } else {
        if (!read_int(&p, &y, era < 0 ? 4 : 2))
            return false;
        if (era < 0 && y < 1000)
            return false; /* 26/3/31: which century? */
        bool kanji = eat(&p, "年");
        if (!kanji && !eat(&p, "/") && !eat(&p, ".") && !eat(&p, "-"))
            return false;
        if (!read_int(&p, &m, 2))
            return false;
        if (kanji ? !eat(&p, "月") : !(eat(&p, "/") || eat(&p, ".") || eat(&p, "-")))
            return false;
        if (!read_int(&p, &d, 2))
            return false;
        if (kanji)
            eat(&p, "日");
        if (*p)
            return false;
    }
    asx_date dt = {y, m, d};
    if (era >= 0) {
        dt.y = eras[era].start.y - 1 + y;
        if (y < 1 || !asx_date_valid(dt) || asx_date_cmp(dt, eras[era].start) < 0 ||
            asx_date_cmp(dt, eras[era].end) > 0)
            return false;
    }
    if (!asx_date_valid(dt))
        return false;
    *out = dt;
    return true;
}

/* A date from a cell: a date-typed cell, a serial number (a date-formatted cell), or text. */
static bool cell_date(const xcell *c, const char *text, asx_date *out)
{
    if (c->t == 'n') {
        double serial;
        if (!parse_number(c->v, &serial))
            return false;
        return asx_date_from_serial(floor(serial), out);
    }
    if (c->t == 'd' && strlen(text) >= 10) {
        char iso[11];
        memcpy(iso, text, 10);
        iso[10] = '\0';
        return asx_date_parse(iso, out);
    }
    char *f = asx_form_fold(text);
    bool ok = f && asx_form_parse_date(f, out);
    free(f);
    return ok;
}

/* A code (any case, full-width too), a country name in either language, or a usual other
 * name (米国, アメリカ, 英国, 国内 …); NULL if none. */
const char *asx_form_country(const char *text)
{
    static const struct {
        const char *name, *code;
    } alias[] = {{"アメリカ", "US"}, {"アメリカ合衆国", "US"}, {"米", "US"}, {"USA", "US"},
                 {"U.S.", "US"}, {"U.S.A.", "US"}, {"日本国", "JP"}, {"国内", "JP"},
                 {"イギリス", "GB"}, {"UK", "GB"}, {"中華人民共和国", "CN"}, {"大韓民国", "KR"},
                 {"豪州", "AU"}, {"オーストラリア", "AU"}};
    char *s = asx_form_fold(text);
    const char *found = NULL;
    size_t n = 0;
    const char *const *codes = asx_country_codes(&n);
    if (!s)
        return NULL;
    if (strlen(s) == 2) {
        char up[3] = {(char)toupper((unsigned char)s[0]), (char)toupper((unsigned char)s[1]), '\0'};
        for (size_t i = 0; i < n && !found; i++)
            if (strcmp(codes[i], up) == 0)
                found = codes[i];
    }
    for (size_t i = 0; i < n && !found; i++)
        if (strcmp(asx_country_name(codes[i], ASX_LANG_JA), s) == 0 ||
            ascii_ieq(asx_country_name(codes[i], ASX_LANG_EN), s))
            found = codes[i];
    for (size_t i = 0; i < sizeof alias / sizeof alias[0] && !found; i++)
        if (strcmp(alias[i].name, s) == 0 || ascii_ieq(alias[i].name, s))
            for (size_t k = 0; k < n && !found; k++)
                if (strcmp(codes[k], alias[i].code) == 0)
                    found = codes[k];
    free(s);
    return found;
}

/* The name of a list field in the form's language: 名称 / 国 / 役割. */
const char *asx_form_field_label(const char *key, asx_lang lang)
{
    static const struct {
        const char *key, *ja, *en;
    } f[] = {{"name", "名称", "name"}, {"country", "国", "country"}, {"role", "役割", "role"},
             {"scheme", "制度", "scheme"}, {"scope", "範囲", "scope"}, {"number", "番号", "number"},
             {"expiry", "有効期限", "expiry"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(f[i].key, key) == 0)
            return lang == ASX_LANG_EN ? f[i].en : f[i].ja;
    return key;
}

const char *asx_form_field_example(const char *key, asx_lang lang)
{
    static const struct {
        const char *key, *ja, *en;
    } f[] = {{"name", "株式会社A", "A Ltd."}, {"country", "JP", "JP"}, {"role", "データセンター運用", "data centre operation"},
             {"scheme", "ISO/IEC 27001", "ISO/IEC 27001"}, {"number", "IS 123456", "IS 123456"},
             {"scope", "クラウドサービスの提供", "provision of the cloud service"}, {"expiry", "2027-03-31", "2027-03-31"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(f[i].key, key) == 0)
            return lang == ASX_LANG_EN ? f[i].en : f[i].ja;
    return "…";
}

/* Split s at any of the separators (ASCII chars in seps plus the multi-byte ones in mseps);
 * calls fn on every trimmed non-empty piece. Returns false when fn does. */
typedef bool (*piece_fn)(void *ud, const char *piece);

static bool split_pieces(const char *s, const char *seps, const char *const *mseps, piece_fn fn,
                         void *ud)
{
    const char *start = s, *p = s;
    for (;;) {
        size_t sep = 0;
        if (*p && strchr(seps, *p))
            sep = 1;
        else
            for (size_t i = 0; *p && mseps && mseps[i]; i++)
                if (strncmp(p, mseps[i], strlen(mseps[i])) == 0)
                    sep = strlen(mseps[i]);
        if (!*p || sep) {
            char *piece = trim_dup(start, (size_t)(p - start));
            bool ok = true;
            if (!piece)
                return false;
            if (*piece)
                ok = fn(ud, piece);
            free(piece);
            if (!ok || !*p)
                return ok;
            p += sep;
            start = p;
        } else {
            p++;
        }
    }
}

/* Growing string vectors. */
typedef struct {
    char **v;
    size_t n, cap;
    bool oom;
} strvec;

static void strvec_push(strvec *sv, char *s)
{
    if (!s) {
        sv->oom = true;
        return;
    }
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? 2 * sv->cap : 8;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (!v) {
            free(s);
            sv->oom = true;
            return;
        }
        sv->v = v;
        sv->cap = cap;
    }
    sv->v[sv->n++] = s;
}

typedef struct {
    conv *cv;
    const xrow *r;
    const asx_question *q;
    strvec out;    /* countries, evidence lines */
    asx_item *items; /* list */
    size_t nitems;
    bool bad, oom;
} pieces_ctx;

static const char *const COUNTRY_MSEPS[] = {"、", "，", "・", "／", NULL};

static bool add_country_piece(void *ud, const char *piece)
{
    pieces_ctx *pc = ud;
    char g[96];
    const char *code = asx_form_country(piece);
    if (!code) {
        quote(piece, g, sizeof g);
        cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: ISO 3166-1 の国コード (例: JP) ではありません: %s",
                       "%s: not an ISO 3166-1 country code (e.g. JP): %s"), pc->q->id, g);
        pc->bad = true;
        return true; /* keep going: report every bad code */
    }
    for (size_t i = 0; i < pc->out.n; i++)
        if (strcmp(pc->out.v[i], code) == 0)
            return true; /* "JP, 日本" is JP once */
    strvec_push(&pc->out, asx_strdup(code));
    return !pc->out.oom;
}

static bool add_line_piece(void *ud, const char *piece)
{
    pieces_ctx *pc = ud;
    strvec_push(&pc->out, asx_strdup(piece));
    return !pc->out.oom;
}

/* The fields of a list line are separated by ASX_FORM_FIELD_SEP (a slash with a space on each
 * side, as the form writes it) or a full-width slash, so that a field may hold a slash of its own
 * (「ISO/IEC 27001」). A line typed with bare slashes (「株式会社A/JP/運用」) is split at every
 * slash when that gives the fields the question has. */
static const char *const FIELD_MSEPS[] = {ASX_FORM_FIELD_SEP, "／", NULL};
static const char *const SLASH_MSEPS[] = {"／", NULL};

static bool add_field_piece(void *ud, const char *piece)
{
    strvec *f = ud;
    strvec_push(f, asx_strdup(piece));
    return !f->oom;
}

/* One "名称 / 国 / 役割" line of a list answer. */
static bool add_list_line(void *ud, const char *line)
{
    pieces_ctx *pc = ud;
    const asx_question *q = pc->q;
    char g[96];
    strvec f = {0};
    bool ok = split_pieces(line, "", FIELD_MSEPS, add_field_piece, &f) && !f.oom;
    if (ok && f.n != q->nfields) {
        strvec bare = {0};
        ok = split_pieces(line, "/", SLASH_MSEPS, add_field_piece, &bare) && !bare.oom;
        if (ok && bare.n == q->nfields) {
            asx_strv_free(f.v, f.n);
            f = bare;
        } else {
            asx_strv_free(bare.v, bare.n);
        }
    }
    if (!ok)
        goto out;
    if (f.n != q->nfields) {
        asx_buf keys = {0};
        for (size_t i = 0; i < q->nfields; i++)
            asx_buf_addf(&keys, "%s%s", i ? ASX_FORM_FIELD_SEP : "", asx_form_field_label(q->fields[i].key, asx_ui_lang));
        quote(line, g, sizeof g);
        cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: 1 行に 1 件、「%s」の形で書いてください: %s",
                       "%s: write one item per line as \"%s\": %s"), q->id, asx_buf_str(&keys), g);
        asx_buf_free(&keys);
        pc->bad = true;
        goto out;
    }
    for (size_t i = 0; i < q->nfields; i++) {
        if (q->fields[i].type != ASX_Q_COUNTRY)
            continue;
        const char *code = asx_form_country(f.v[i]);
        if (!code) {
            quote(f.v[i], g, sizeof g);
            cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: %s は ISO 3166-1 の国コード (例: JP) ではありません: %s",
                           "%s: %s is not an ISO 3166-1 country code (e.g. JP): %s"),
                     q->id, asx_form_field_label(q->fields[i].key, asx_ui_lang), g);
            pc->bad = true;
            continue;
        }
        char *c = asx_strdup(code);
        if (!c) {
            ok = false;
            goto out;
        }
        free(f.v[i]);
        f.v[i] = c;
    }
    if (pc->bad)
        goto out;
    asx_item *items = realloc(pc->items, (pc->nitems + 1) * sizeof *items);
    if (!items) {
        ok = false;
        goto out;
    }
    pc->items = items;
    pc->items[pc->nitems++].values = f.v; /* exactly nfields strings */
    f.v = NULL;
    f.n = 0;
out:
    asx_strv_free(f.v, f.n);
    if (!ok)
        pc->oom = true;
    return ok;
}

/* ---- one answer -------------------------------------------------------------------------- */

/* Fill x from the answer cell of question q (text: its trimmed text). false with a problem
 * reported, or with *oom set. */
static bool answer_value(conv *cv, const xrow *r, const asx_question *q, const xcell *c,
                         const char *text, asx_answer *x, bool *oom)
{
    char g[96];
    quote(text, g, sizeof g);
    char *folded = asx_form_fold(text);
    bool ok = false;
    if (!folded) {
        *oom = true;
        return false;
    }
    if (q->type != ASX_Q_TEXT && is_na_text(folded)) {
        if (q->allow_na) {
            x->na = true;
            x->yn = q->type == ASX_Q_YESNO ? ASX_YN_NA : ASX_YN_NONE;
            ok = true;
        } else {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: この質問には「該当なし」で答えられません。格付や前提の回答によりこの評価で適用されない"
                           "設問なら、空欄のままにしてください",
                           "%s: this question cannot be answered N/A; if it does not apply to this assessment (by "
                           "classification or an earlier answer), leave the cell blank"),
                     q->id);
        }
        goto out;
    }
    switch (q->type) {
    case ASX_Q_YESNO: {
        asx_yesno yn = asx_form_parse_yesno(text);
        if (yn == ASX_YN_NONE || yn == ASX_YN_NA) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: はい・いいえ・一部%s のいずれかを選んでください。入力値: %s",
                           "%s: expected Yes, No, Partly%s, got %s"),
                     q->id, q->allow_na ? ASX_L("・該当なし", " or N/A") : "", g);
            break;
        }
        x->yn = yn;
        ok = true;
        break;
    }
    case ASX_Q_CHOICE:
        for (size_t i = 0; i < q->noptions && !ok; i++) {
            const asx_option *o = &q->options[i];
            if (ascii_ieq(folded, o->value) || (o->label.ja && strcmp(text, o->label.ja) == 0) ||
                (o->label.en && (ascii_ieq(text, o->label.en) || ascii_ieq(folded, o->label.en)))) {
                ok = (x->str = asx_strdup(o->value)) != NULL;
                *oom = !ok;
                goto out;
            }
        }
        {
            asx_buf opts = {0};
            for (size_t i = 0; i < q->noptions; i++)
                asx_buf_addf(&opts, "%s%s", i ? ASX_L("・", ", ") : "",
                             asx_text_get(&q->options[i].label, asx_ui_lang));
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 選択肢 (%s) から選んでください。入力値: %s",
                           "%s: expected one of the options (%s), got %s"),
                     q->id, asx_buf_str(&opts), g);
            asx_buf_free(&opts);
        }
        break;
    case ASX_Q_NUMBER: {
        double v = 0;
        char unit_seen[64] = "", shown[96];
        const char *unit = asx_text_get(&q->unit, asx_ui_lang);
        bool is_pct = strcmp(asx_text_get(&q->unit, ASX_LANG_JA), "%") == 0;
        num_status st;
        if (c->t == 'n') {
            st = parse_number(c->v, &v) ? NUM_OK : NUM_BAD;
            if (st == NUM_OK && c->pct) {
                /* 99.95% typed into a cell: stored 0.9995 with a percent format */
                v = tidy(v * 100);
                if (!is_pct) {
                    snprintf(shown, sizeof shown, "\"%.10g%%\"", v);
                    snprintf(g, sizeof g, "%s", shown);
                    snprintf(unit_seen, sizeof unit_seen, "%%");
                    st = NUM_UNIT;
                }
            } else if (st == NUM_OK) {
                v = tidy(v);
            }
        } else {
            st = parse_amount(folded, q, &v, unit_seen, sizeof unit_seen);
        }
        if (st == NUM_BAD) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 半角の数値 (%s) を入力してください。入力値: %s",
                           "%s: expected a number (%s), got %s"), q->id, unit, g);
            break;
        }
        if (st == NUM_UNIT) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 半角の数値 (%s) を入力してください。この質問に「%s」は使えません。入力値: %s",
                           "%s: expected a number in %s; \"%s\" does not fit this question, got %s"),
                     q->id, unit, unit_seen, g);
            break;
        }
        if ((q->has_min && v < q->min) || (q->has_max && v > q->max)) {
            if (q->has_min && q->has_max)
                cell_err(cv, r, ASX_FORM_COL_ANSWER,
                         ASX_L("%s: %g から %g までの数値 (%s) を入力してください。入力値: %g",
                               "%s: expected a number from %g to %g (%s), got %g"),
                         q->id, q->min, q->max, unit, v);
            else
                cell_err(cv, r, ASX_FORM_COL_ANSWER,
                         ASX_L("%s: %s %g の数値 (%s) を入力してください。入力値: %g",
                               "%s: expected a number %s %g (%s), got %g"),
                         q->id, q->has_min ? "≥" : "≤", q->has_min ? q->min : q->max, unit, v);
            break;
        }
        if (is_pct && !c->pct && v > 0 && v <= 1)
            cell_warn(cv, r, ASX_FORM_COL_ANSWER,
                      ASX_L("%s: %g %% と読みました。%g %% のつもりなら %g と入力してください",
                            "%s: read as %g %%; if you meant %g %%, type %g"),
                      q->id, v, tidy(v * 100), tidy(v * 100));
        x->num = v;
        ok = true;
        break;
    }
    case ASX_Q_COUNTRY: {
        const char *code = asx_form_country(text);
        if (!code) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: ISO 3166-1 の国コード (例: JP) を入力してください。入力値: %s",
                           "%s: expected an ISO 3166-1 country code (e.g. JP), got %s"),
                     q->id, g);
            break;
        }
        ok = (x->str = asx_strdup(code)) != NULL;
        *oom = !ok;
        break;
    }
    case ASX_Q_COUNTRIES: {
        pieces_ctx pc = {.cv = cv, .r = r, .q = q};
        if (!split_pieces(text, ",;\n\r\t ", COUNTRY_MSEPS, add_country_piece, &pc) || pc.out.oom) {
            asx_strv_free(pc.out.v, pc.out.n);
            *oom = true;
            break;
        }
        if (pc.bad) {
            asx_strv_free(pc.out.v, pc.out.n);
            break;
        }
        x->strs = pc.out.v;
        x->nstrs = pc.out.n;
        ok = true;
        break;
    }
    case ASX_Q_DATE: {
        asx_date dt;
        if (!cell_date(c, text, &dt)) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 日付 (例: 2027-03-31、令和9年3月31日) を入力してください。入力値: %s",
                           "%s: expected a date (e.g. 2027-03-31), got %s"),
                     q->id, g);
            break;
        }
        char iso[11];
        asx_date_iso(dt, iso);
        x->date = dt;
        ok = (x->str = asx_strdup(iso)) != NULL;
        *oom = !ok;
        break;
    }
    case ASX_Q_TEXT:
        ok = (x->str = asx_strdup(text)) != NULL;
        *oom = !ok;
        break;
    case ASX_Q_LIST: {
        if (strcmp(folded, "なし") == 0 || strcmp(folded, "無し") == 0 || ascii_ieq(folded, "none") ||
            strcmp(folded, "-") == 0) {
            ok = true;
            break;
        }
        pieces_ctx pc = {.cv = cv, .r = r, .q = q};
        bool done = split_pieces(text, "\n\r", NULL, add_list_line, &pc);
        if (!done || pc.oom || pc.bad) {
            for (size_t i = 0; i < pc.nitems; i++)
                asx_strv_free(pc.items[i].values, q->nfields);
            free(pc.items);
            *oom = !done || pc.oom;
            break;
        }
        x->items = pc.items;
        x->nitems = pc.nitems;
        ok = true;
        break;
    }
    }
out:
    free(folded);
    return ok;
}

/* Refuse formulas, over-long text and error values in a cell that is read. */
static bool cell_usable(conv *cv, const xrow *r, int col, const char *what)
{
    const xcell *c = &r->c[col];
    if (c->formula) {
        cell_err(cv, r, col, ASX_L("%s: 数式は使えません。値を直接入力してください",
                                   "%s: formulas are not accepted; type the value itself"), what);
        return false;
    }
    if (c->too_long) {
        cell_err(cv, r, col, ASX_L("%s: 文字数が上限 (%u 文字) を超えています",
                                   "%s: longer than the cell limit (%u characters)"), what, ASX_XLSX_MAX_CELL);
        return false;
    }
    if (c->t == 'e') {
        cell_err(cv, r, col, ASX_L("%s: エラー値 (%s) です", "%s: an error value (%s)"), what,
                 c->v ? c->v : "?");
        return false;
    }
    return true;
}

static char *cell_name(conv *cv, const xrow *r, int col)
{
    return asx_strdupf("%s!%c%u", cv->sheet, 'A' + col, r->row);
}

/* The answer of row r (question q) into cv->a. false only on out of memory. */
static bool build_answer(conv *cv, const xrow *r, const asx_question *q)
{
    asx_answer *x = &cv->a->a[q->index];
    bool oom = false;
    char *text = NULL;
    x->source = cell_name(cv, r, ASX_FORM_COL_ANSWER);
    if (!x->source)
        return false;
    /* every unusable cell of the row is reported, and the answer still checked when its own
     * cell is usable: the vendor sees all of the row's problems at once */
    bool usable = cell_usable(cv, r, ASX_FORM_COL_COMMENT, q->id);
    usable = cell_usable(cv, r, ASX_FORM_COL_EVIDENCE, q->id) && usable;
    if (!cell_usable(cv, r, ASX_FORM_COL_ANSWER, q->id))
        return true;
    text = cell_text(&r->c[ASX_FORM_COL_ANSWER]);
    if (!text)
        return true; /* unanswered: comment and evidence alone make no answer */
    if (!answer_value(cv, r, q, &r->c[ASX_FORM_COL_ANSWER], text, x, &oom)) {
        free(text);
        return !oom;
    }
    free(text);
    if (!usable)
        return true; /* reported above; nothing is written anyway */
    x->present = true;
    x->comment = cell_text(&r->c[ASX_FORM_COL_COMMENT]);
    char *ev = cell_text(&r->c[ASX_FORM_COL_EVIDENCE]);
    if (ev) {
        pieces_ctx pc = {.cv = cv, .r = r, .q = q};
        bool done = split_pieces(ev, "\n\r", NULL, add_line_piece, &pc) && !pc.out.oom;
        free(ev);
        x->evidence = pc.out.v;
        x->nevidence = pc.out.n;
        if (!done)
            return false;
    }
    return true;
}

/* ---- the header fields ------------------------------------------------------------------- */

enum { H_NAME, H_CORPNUM, H_COUNTRY, H_SERVICE, H_MODEL, H_DATE, H_PURPOSE, H_CONTACT_NAME,
       H_CONTACT, H_CLASS, H_DUE, H_COUNT };

static const char *const HDR_KEYS[H_COUNT] = {
    ASX_FORM_KEY_VENDOR_NAME, ASX_FORM_KEY_CORPORATE_NUMBER, ASX_FORM_KEY_VENDOR_COUNTRY,
    ASX_FORM_KEY_SERVICE_NAME, ASX_FORM_KEY_SERVICE_MODEL, ASX_FORM_KEY_DATE, ASX_FORM_KEY_PURPOSE,
    ASX_FORM_KEY_CONTACT_NAME, ASX_FORM_KEY_CONTACT, ASX_FORM_KEY_CLASSIFICATION, ASX_FORM_KEY_DUE};

typedef struct {
    char *format, *bank, *version, *lang, *purpose;
    int c, i, a;
} meta;

static void meta_free(meta *m)
{
    free(m->format);
    free(m->bank);
    free(m->version);
    free(m->lang);
    free(m->purpose);
}

/* Header field text, or NULL (reported when required). */
static char *header_text(conv *cv, const xrow *row, const char *key, bool required)
{
    if (!row) {
        if (required) {
            asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                           ASX_L("%s: 行 %s がありません (様式の行を削除しないでください)",
                                 "%s: the row %s is missing (do not delete rows of the form)"),
                           cv->sheet, key);
            cv->problems++;
        }
        return NULL;
    }
    if (!cell_usable(cv, row, ASX_FORM_COL_ANSWER, key + 1))
        return NULL;
    char *t = cell_text(&row->c[ASX_FORM_COL_ANSWER]);
    if (!t && required)
        cell_err(cv, row, ASX_FORM_COL_ANSWER, ASX_L("%s: 入力してください", "%s: required"), key + 1);
    return t;
}

static bool parse_purpose(const char *s, asx_purpose *out)
{
    const asx_purpose all[] = {ASX_PURPOSE_PROCUREMENT, ASX_PURPOSE_APPROVAL, ASX_PURPOSE_REAUDIT};
    for (size_t i = 0; i < 3; i++)
        if (ascii_ieq(s, asx_purpose_name(all[i])) || strcmp(s, asx_purpose_label(all[i], ASX_LANG_JA)) == 0 ||
            ascii_ieq(s, asx_purpose_label(all[i], ASX_LANG_EN))) {
            *out = all[i];
            return true;
        }
    return false;
}

static void build_header(conv *cv, const xrow *const *h, const meta *m)
{
    asx_answers *a = cv->a;
    char g[96];
    char *name = header_text(cv, h[H_NAME], HDR_KEYS[H_NAME], true);
    char *corp = header_text(cv, h[H_CORPNUM], HDR_KEYS[H_CORPNUM], false);
    char *country = header_text(cv, h[H_COUNTRY], HDR_KEYS[H_COUNTRY], true);
    char *date = header_text(cv, h[H_DATE], HDR_KEYS[H_DATE], true);
    char *purpose = header_text(cv, h[H_PURPOSE], HDR_KEYS[H_PURPOSE], !m->purpose);
    a->vendor_name = name;
    a->service_name = header_text(cv, h[H_SERVICE], HDR_KEYS[H_SERVICE], true);
    a->service_model = header_text(cv, h[H_MODEL], HDR_KEYS[H_MODEL], false);
    a->contact_name = header_text(cv, h[H_CONTACT_NAME], HDR_KEYS[H_CONTACT_NAME], false);
    a->contact = header_text(cv, h[H_CONTACT], HDR_KEYS[H_CONTACT], false);
    if (corp) {
        const xcell *c = &h[H_CORPNUM]->c[ASX_FORM_COL_ANSWER];
        double num;
        char digits[32];
        size_t k = 0;
        /* 13 digits typed into a cell become a number: write it back as digits */
        if (c->t == 'n' && parse_number(c->v, &num) && num >= 0 && num < 1e13) {
            snprintf(digits, sizeof digits, "%013.0f", num);
        } else {
            char *f = asx_form_fold(corp);
            for (const char *p = f ? f : ""; *p && k + 1 < sizeof digits; p++)
                if (*p != '-' && *p != ' ')
                    digits[k++] = *p;
            digits[k] = '\0';
            free(f);
        }
        if (!asx_corporate_number_valid(digits)) {
            quote(corp, g, sizeof g);
            cell_err(cv, h[H_CORPNUM], ASX_FORM_COL_ANSWER,
                     ASX_L("vendor.corporate_number: 法人番号 (13 桁、チェックディジット付き) ではありません: %s",
                           "vendor.corporate_number: not a corporate number (13 digits with a valid check digit): %s"),
                     g);
        } else {
            a->corporate_number = asx_strdup(digits);
        }
    }
    if (country) {
        const char *code = asx_form_country(country);
        if (!code) {
            quote(country, g, sizeof g);
            cell_err(cv, h[H_COUNTRY], ASX_FORM_COL_ANSWER,
                     ASX_L("vendor.country: ISO 3166-1 の国コード (例: JP) を入力してください。入力値: %s",
                           "vendor.country: expected an ISO 3166-1 country code (e.g. JP), got %s"), g);
        } else {
            a->vendor_country = asx_strdup(code);
        }
    }
    if (date && !cell_date(&h[H_DATE]->c[ASX_FORM_COL_ANSWER], date, &a->date)) {
        quote(date, g, sizeof g);
        cell_err(cv, h[H_DATE], ASX_FORM_COL_ANSWER,
                 ASX_L("assessment.date: 回答日を日付 (例: 2026-11-20、令和8年11月20日) で入力してください。入力値: %s",
                       "assessment.date: expected the date of the answers (e.g. 2026-11-20), got %s"), g);
    }
    asx_purpose p = ASX_PURPOSE_APPROVAL;
    a->purpose = ASX_PURPOSE_APPROVAL;
    if (m->purpose) {
        parse_purpose(m->purpose, &a->purpose); /* checked in read_meta */
        if (purpose && (!parse_purpose(purpose, &p) || p != a->purpose)) {
            quote(purpose, g, sizeof g);
            cell_err(cv, h[H_PURPOSE], ASX_FORM_COL_ANSWER,
                     ASX_L("assessment.purpose: 評価の目的は団体が指定した項目です (「%s」)。変更しないでください。入力値: %s",
                           "assessment.purpose: the purpose is set by the organisation (\"%s\"); do not change it, got %s"),
                     asx_purpose_label(a->purpose, asx_ui_lang), g);
        }
    } else if (purpose) {
        if (!parse_purpose(purpose, &a->purpose)) {
            quote(purpose, g, sizeof g);
            cell_err(cv, h[H_PURPOSE], ASX_FORM_COL_ANSWER,
                     ASX_L("assessment.purpose: 一覧から選んでください。入力値: %s",
                           "assessment.purpose: choose one from the list, got %s"), g);
        }
    }
    free(corp);
    free(country);
    free(date);
    free(purpose);
}

/* ---- metadata ---------------------------------------------------------------------------- */

static int meta_level(const char *v)
{
    double n;
    if (!v || !parse_number(v, &n) || n != floor(n) || n < 1 || n > 3)
        return 0;
    return (int)n;
}

static asx_error read_meta(const char *file, asx_diags *d, const xsheet *sh, meta *m)
{
    for (size_t i = 0; i < sh->n; i++) {
        const xcell *k = &sh->v[i].c[0], *v = &sh->v[i].c[1];
        if (!k->v || !v->v)
            continue;
        char **slot = NULL;
        if (strcmp(k->v, "format") == 0)
            slot = &m->format;
        else if (strcmp(k->v, "questionnaire") == 0)
            slot = &m->bank;
        else if (strcmp(k->v, "questionnaire_version") == 0)
            slot = &m->version;
        else if (strcmp(k->v, "lang") == 0)
            slot = &m->lang;
        else if (strcmp(k->v, "purpose") == 0)
            slot = &m->purpose;
        else if (strcmp(k->v, "confidentiality") == 0)
            m->c = meta_level(v->v);
        else if (strcmp(k->v, "integrity") == 0)
            m->i = meta_level(v->v);
        else if (strcmp(k->v, "availability") == 0)
            m->a = meta_level(v->v);
        if (slot) {
            free(*slot);
            *slot = asx_strdup(v->v);
            if (!*slot)
                return ASX_ERR_NOMEM;
        }
    }
    if (!m->format || strcmp(m->format, ASX_FORM_FORMAT) != 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: assess の回答様式ではありません (format が \"%s\" ではない)",
                             "%s: not an assess form (format is not \"%s\")"),
                       ASX_FORM_META_SHEET, ASX_FORM_FORMAT);
        return ASX_ERR_DATA;
    }
    asx_purpose p;
    if (!m->bank || !m->version || !m->c || !m->i || !m->a || m->i > 2 || m->a > 2 ||
        (m->purpose && !parse_purpose(m->purpose, &p))) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: 質問票の識別情報 (questionnaire, questionnaire_version, 格付け, 目的) が欠けているか不正です",
                             "%s: the questionnaire id, version, classification or purpose is missing or invalid"),
                       ASX_FORM_META_SHEET);
        return ASX_ERR_DATA;
    }
    return ASX_OK;
}

/* ---- the answer rows --------------------------------------------------------------------- */

/* Column A text that looks like a question id or a header key ("sla.x", "@vendor.name"). */
static bool looks_like_key(const char *s)
{
    const char *p = s;
    bool dot = false;
    if (*p == '@')
        p++;
    if (!*p)
        return false;
    for (; *p; p++) {
        if (*p == '.')
            dot = true;
        else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    }
    return dot;
}

/* A row a vendor added (no id in column A) with something written in it: reported, not read. */
static void report_row_without_id(conv *cv, const xrow *r)
{
    const xcell *k = &r->c[ASX_FORM_COL_ID];
    char *a = k->v ? cell_text(k) : NULL;
    bool table_head = a && strcmp(a, "ID") == 0;
    free(a);
    if (table_head)
        return;
    for (int col = ASX_FORM_COL_ANSWER; col <= ASX_FORM_COL_EVIDENCE; col++) {
        char *t = cell_text(&r->c[col]);
        if (!t)
            continue;
        char g[96];
        quote(t, g, sizeof g);
        free(t);
        cell_warn(cv, r, col,
                  ASX_L("A 列に質問 ID のない行です。この行の記入 (%s) は読み込みません。補足は該当する質問の行の「補足・コメント」欄に書いてください",
                        "a row without a question id in column A: what is written here (%s) is not read; put remarks in the Comment column of the question's row"),
                  g);
        return;
    }
}

/* Walk the answer sheet: header fields and one answer per question id. */
static asx_error build_answers(conv *cv, const xsheet *sh, const meta *m, size_t *nunanswered)
{
    const asx_bank *bank = cv->bank;
    const xrow *hdr[H_COUNT] = {0};
    const xrow **seen = calloc(bank->nquestions ? bank->nquestions : 1, sizeof *seen);
    size_t nq = 0;
    if (!seen)
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < sh->n; i++) {
        const xrow *r = &sh->v[i];
        const xcell *k = &r->c[ASX_FORM_COL_ID];
        if (!k->v || !looks_like_key(k->v)) {
            report_row_without_id(cv, r);
            continue;
        }
        if (k->v[0] == '@') {
            int h = -1;
            for (int j = 0; j < H_COUNT; j++)
                if (strcmp(k->v, HDR_KEYS[j]) == 0)
                    h = j;
            if (h < 0)
                cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("不明な項目 \"%s\"", "unknown field \"%s\""), k->v);
            else if (hdr[h])
                cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("%s: 行が重複しています (%u 行目にもあります)",
                                                       "%s: duplicate row (also row %u)"), k->v, hdr[h]->row);
            else
                hdr[h] = r;
            continue;
        }
        const asx_question *q = asx_bank_find(bank, k->v);
        if (!q) {
            cell_err(cv, r, ASX_FORM_COL_ID,
                     ASX_L("%s: 質問票 %s %s にない質問 ID です", "%s: no such question in %s %s"),
                     k->v, bank->id, bank->version);
            continue;
        }
        if (seen[q->index]) {
            cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("%s: 行が重複しています (%u 行目にもあります)",
                                                   "%s: duplicate row (also row %u)"), q->id, seen[q->index]->row);
            continue;
        }
        seen[q->index] = r;
        nq++;
        if (!build_answer(cv, r, q)) {
            free(seen);
            return ASX_ERR_NOMEM;
        }
    }
    if (nq == 0) {
        asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                       ASX_L("%s: 質問の行が 1 つもありません (A 列の質問 ID を消さないでください)",
                             "%s: no question rows (keep the question ids in column A)"), cv->sheet);
        cv->problems++;
    }
    build_header(cv, hdr, m);
    /* Required questions left empty: a warning at each cell, in the order of the sheet. */
    for (size_t i = 0; i < sh->n; i++) {
        const xrow *r = &sh->v[i];
        const asx_question *q = r->c[0].v && looks_like_key(r->c[0].v) ? asx_bank_find(bank, r->c[0].v) : NULL;
        if (!q || seen[q->index] != r || !q->required || cv->a->a[q->index].present ||
            r->c[ASX_FORM_COL_ANSWER].v || !asx_question_applies(q, cv->a))
            continue; /* a cell with a wrong value has its error already */
        cell_warn(cv, r, ASX_FORM_COL_ANSWER,
                  ASX_L("%s: 必須の質問に回答がありません", "%s: a required question is not answered"), q->id);
        (*nunanswered)++;
    }
    asx_buf missing = {0};
    size_t nmissing = 0;
    for (size_t qi = 0; qi < bank->nquestions; qi++) {
        const asx_question *q = &bank->questions[qi];
        if (seen[qi] || !q->required || !asx_question_applies(q, cv->a))
            continue;
        asx_buf_addf(&missing, "%s%s", nmissing++ ? ", " : "", q->id);
    }
    if (nmissing)
        asx_diags_addf(cv->d, ASX_OK, cv->file, 0, 0,
                       ASX_L("%s: 必須の質問 %zu 件の行がありません (%s)。様式の行を削除しないでください",
                             "%s: the rows of %zu required questions are missing (%s): do not delete rows of the form"),
                       cv->sheet, nmissing, asx_buf_str(&missing));
    asx_buf_free(&missing);
    *nunanswered += nmissing;
    free(seen);
    return ASX_OK;
}

/* ---- the whole import -------------------------------------------------------------------- */

static const asx_bank *form_bank(const char *file, asx_diags *d, const meta *m, const asx_bankset *set)
{
    const asx_bank *bank = asx_bankset_find(set, m->bank);
    if (!bank) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("この様式は質問票 \"%s\" 用ですが、その質問票がありません (--questionnaire FILE で読み込めます)",
                             "this form is for questionnaire \"%s\", which is not loaded (load it with --questionnaire FILE)"),
                       m->bank);
        return NULL;
    }
    if (strcmp(bank->version, m->version) != 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("この様式は質問票 %s 版 %s 用ですが、読み込まれているのは版 %s です (その版を --questionnaire FILE で読み込むか、様式を作り直してください)",
                             "this form is for questionnaire %s version %s, but version %s is loaded (load that version with --questionnaire FILE, or make a new form)"),
                       m->bank, m->version, bank->version);
        return NULL;
    }
    return bank;
}

/* Every rule of the answers loader, on what was built: a form can never give an answers file
 * that validate refuses. Problems of an answer name its cell (through source). */
static asx_error check_loadable(const asx_answers *a, const char *file, const asx_bankset *set,
                                asx_diags *d)
{
    char *json = asx_answers_to_json(a);
    if (!json)
        return ASX_ERR_NOMEM;
    asx_diags tmp;
    asx_answers *back = NULL;
    asx_diags_init(&tmp);
    asx_error err = asx_answers_load(json, strlen(json), file, set, &back, &tmp);
    for (size_t i = 0; i < tmp.n; i++)
        asx_diags_addf(d, tmp.v[i].code, file, 0, 0, "%s", tmp.v[i].msg);
    if (!err && tmp.worst)
        err = tmp.worst;
    asx_diags_free(&tmp);
    asx_answers_free(back);
    free(json);
    return err;
}

asx_error asx_form_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          asx_answers **out, asx_diags *d)
{
    form_book b = {.file = file, .d = d};
    form_sheets sh = {0};
    meta m = {0};
    conv cv = {.file = file, .d = d};
    size_t nunanswered = 0;
    *out = NULL;
    asx_error err = form_book_open(&b, buf, len);
    if (!err)
        err = b.kind == FB_ODS ? ods_read_sheets(&b, &sh) : xlsx_read_sheets(&b, &sh);
    if (!err)
        err = read_meta(file, d, &sh.meta, &m);
    if (err)
        goto out;
    cv.bank = form_bank(file, d, &m, set);
    if (!cv.bank) {
        err = ASX_ERR_DATA;
        goto out;
    }
    cv.sheet = sh.answers_name;
    cv.form_lang = m.lang && strcmp(m.lang, "en") == 0 ? ASX_LANG_EN : ASX_LANG_JA;
    cv.a = calloc(1, sizeof *cv.a);
    if (!cv.a || !(cv.a->file = asx_strdup(file)) || !(cv.a->bank_version = asx_strdup(cv.bank->version)) ||
        !(cv.a->a = calloc(cv.bank->nquestions ? cv.bank->nquestions : 1, sizeof *cv.a->a))) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    cv.a->bank = cv.bank;
    cv.a->cls = (asx_class){m.c, m.i, m.a};
    err = build_answers(&cv, &sh.answers, &m, &nunanswered);
    if (err)
        goto out;
    if (cv.problems) {
        err = ASX_ERR_DATA;
        goto out;
    }
    err = check_loadable(cv.a, file, set, d);
    if (err)
        goto out;
    if (nunanswered)
        asx_diags_addf(d, ASX_OK, file, 0, 0,
                       ASX_L("警告: 必須の質問 %zu 件に回答がありません (上のセル)。回答ファイルは書き出しますが、評価は差戻し (未回答あり) になります。事業者に記入を依頼してください",
                             "warning: %zu required questions are not answered (the cells above). The answers are written, but the assessment will be incomplete: ask the vendor to fill them in"),
                       nunanswered);
    *out = cv.a;
    cv.a = NULL;
out:
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, file, 0, 0, ASX_L("メモリ不足です", "out of memory"));
    asx_answers_free(cv.a);
    meta_free(&m);
    form_sheets_free(&sh);
    form_book_close(&b);
    return err;
}

asx_error asx_xlsx_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          char **json, asx_diags *d)
{
    asx_answers *a = NULL;
    *json = NULL;
    asx_error err = asx_form_import(buf, len, file, set, &a, d);
    if (!err && !(*json = asx_answers_to_json(a)))
        err = ASX_ERR_NOMEM;
    asx_answers_free(a);
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
            (*rows)[i].text[c] = cell_text(x);
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
