/* xlsx_import.c - reading a filled vendor form back into assess-answers/1 JSON.
 *
 * The workbook is read with libzip from memory and each XML part is streamed through expat in
 * chunks, counting the uncompressed bytes, so a zip bomb or a huge sheet stops at a limit
 * instead of filling memory. Only the cells the form defines are kept (columns A-H of the answer
 * sheet, A-B of the metadata sheet). Rows are matched by the id in column A. */
#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>
#include <cjson/cJSON.h>
#include "asx/answers.h"
#include "asx/country.h"
#include "asx/date.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"

#define MAX_CELL_BYTES (4u * ASX_XLSX_MAX_CELL) /* UTF-8: at most 4 bytes per character */
#define MAX_SHARED_STRINGS 200000u
#define MAX_SHEETS 256u
#define CHUNK 65536

/* ---- the workbook as far as we need it --------------------------------------------------- */

typedef struct {
    char *v;      /* the text (shared string resolved; numbers as written); NULL when empty */
    char t;       /* 'n' number, 's' string, 'b' boolean, 'e' error value, 'd' ISO date, 0 empty */
    bool formula; /* the cell holds a formula */
    bool too_long;
} xcell;

typedef struct {
    unsigned row; /* 1-based row number */
    xcell c[ASX_FORM_NCOLS];
} xrow;

typedef struct {
    xrow *v;
    size_t n, cap;
} xsheet;

typedef struct {
    char *name;
    char *rid;
    char *path; /* entry name in the zip, resolved through the relationships */
} xsheetref;

typedef struct {
    zip_t *za;
    const char *file;
    asx_diags *d;
    size_t total; /* uncompressed bytes read so far */
    char **sst;
    size_t nsst, capsst;
    xsheetref *sheets;
    size_t nsheets;
} xbook;

static void xsheet_free(xsheet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        for (int c = 0; c < ASX_FORM_NCOLS; c++)
            free(s->v[i].c[c].v);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

static void xbook_free(xbook *b)
{
    if (!b)
        return;
    asx_strv_free(b->sst, b->nsst);
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rid);
        free(b->sheets[i].path);
    }
    free(b->sheets);
    if (b->za)
        zip_discard(b->za);
    b->za = NULL;
}

/* ---- streaming one zip entry through expat ----------------------------------------------- */

/* What every handler state starts with: the parser and why a handler stopped it. */
typedef struct {
    XML_Parser p;
    asx_error err; /* set by a handler that stopped the parser */
    char msg[256];
    unsigned skip; /* depth inside elements whose text is ignored (phonetic runs) */
    bool in_text;  /* collecting character data */
    asx_buf text;
    bool text_too_long;
} xparse;

static void xp_stop(xparse *x, asx_error err, const char *msg)
{
    if (x->err)
        return;
    x->err = err;
    snprintf(x->msg, sizeof x->msg, "%s", msg);
    XML_StopParser(x->p, XML_FALSE);
}

/* Element and attribute names arrive as "namespace|local": compare the local part only, so
 * files that use prefixes (x:c) or the strict namespace read the same. */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

static void XMLCALL on_chars(void *ud, const XML_Char *s, int len)
{
    xparse *x = ud;
    if (!x->in_text || x->skip)
        return;
    if (x->text.len + (size_t)len > MAX_CELL_BYTES) {
        x->text_too_long = true;
        return;
    }
    asx_buf_add(&x->text, s, (size_t)len);
    if (x->text.oom)
        xp_stop(x, ASX_ERR_NOMEM, "out of memory");
}

/* A DOCTYPE has no business in an XLSX part and is how entity expansion attacks start. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    xp_stop(ud, ASX_ERR_DATA, ASX_L("DOCTYPE 宣言は受け付けません", "a DOCTYPE declaration is not accepted"));
}

static void diag_entry(xbook *b, const char *entry, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void diag_entry(xbook *b, const char *entry, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0, "%s: %s", entry, msg);
}

/* Find an entry by name (case-insensitively, as Excel does). Returns -1 when absent. */
static zip_int64_t find_entry(xbook *b, const char *name)
{
    return zip_name_locate(b->za, name, ZIP_FL_NOCASE);
}

/* Stream entry `name` into the parser of x (whose handlers are set). Checks the declared size
 * and counts the bytes actually inflated against the per-entry and total limits. */
static asx_error parse_entry(xbook *b, const char *name, xparse *x)
{
    zip_int64_t idx = find_entry(b, name);
    if (idx < 0) {
        diag_entry(b, name, ASX_L("ブック内にありません (XLSX ファイルではないか、壊れています)",
                                  "missing from the workbook (not an XLSX file, or damaged)"));
        return ASX_ERR_DATA;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(b->za, (zip_uint64_t)idx, 0, &st) != 0) {
        diag_entry(b, name, "%s", zip_strerror(b->za));
        return ASX_ERR_DATA;
    }
    if ((st.valid & ZIP_STAT_SIZE) &&
        (st.size > ASX_XLSX_MAX_ENTRY || st.size > ASX_XLSX_MAX_TOTAL - b->total)) {
        diag_entry(b, name, ASX_L("展開後のサイズ (%llu バイト) が上限 (1 項目 %u MiB、合計 %u MiB) を超えます",
                                  "uncompressed size (%llu bytes) exceeds the limit (%u MiB per entry, %u MiB in all)"),
                   (unsigned long long)st.size, ASX_XLSX_MAX_ENTRY >> 20, ASX_XLSX_MAX_TOTAL >> 20);
        return ASX_ERR_DATA;
    }
    zip_file_t *zf = zip_fopen_index(b->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        diag_entry(b, name, ASX_L("開けません: %s", "cannot open: %s"), zip_strerror(b->za));
        return ASX_ERR_DATA;
    }
    asx_error err = ASX_OK;
    size_t entry_bytes = 0;
    char *chunk = malloc(CHUNK);
    if (!chunk) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, CHUNK);
        if (n < 0) {
            diag_entry(b, name, ASX_L("読み込めません: %s", "cannot read: %s"),
                       zip_error_strerror(zip_file_get_error(zf)));
            err = ASX_ERR_DATA;
            goto out;
        }
        entry_bytes += (size_t)n;
        b->total += (size_t)n;
        if (entry_bytes > ASX_XLSX_MAX_ENTRY || b->total > ASX_XLSX_MAX_TOTAL) {
            diag_entry(b, name, ASX_L("展開後のサイズが上限 (1 項目 %u MiB、合計 %u MiB) を超えます",
                                      "uncompressed data exceeds the limit (%u MiB per entry, %u MiB in all)"),
                       ASX_XLSX_MAX_ENTRY >> 20, ASX_XLSX_MAX_TOTAL >> 20);
            err = ASX_ERR_DATA;
            goto out;
        }
        if (XML_Parse(x->p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
            if (x->err) {
                if (x->err == ASX_ERR_DATA)
                    diag_entry(b, name, "%s", x->msg);
                err = x->err;
            } else {
                diag_entry(b, name, ASX_L("XML が不正です (%lu 行 %lu 列): %s",
                                          "invalid XML (line %lu, column %lu): %s"),
                           (unsigned long)XML_GetCurrentLineNumber(x->p),
                           (unsigned long)XML_GetCurrentColumnNumber(x->p),
                           XML_ErrorString(XML_GetErrorCode(x->p)));
                err = ASX_ERR_DATA;
            }
            goto out;
        }
        if (n == 0)
            break;
    }
out:
    free(chunk);
    zip_fclose(zf);
    return err;
}

/* A namespace-aware parser with the common handlers installed; user data is x itself. */
static asx_error xp_init(xparse *x, XML_StartElementHandler start, XML_EndElementHandler end)
{
    memset(x, 0, sizeof *x);
    x->p = XML_ParserCreateNS("UTF-8", '|');
    if (!x->p)
        return ASX_ERR_NOMEM;
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, start, end);
    XML_SetCharacterDataHandler(x->p, on_chars);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
    return ASX_OK;
}

static void xp_done(xparse *x)
{
    if (x->p)
        XML_ParserFree(x->p);
    x->p = NULL;
    asx_buf_free(&x->text);
}

/* ---- workbook.xml and its relationships -------------------------------------------------- */

typedef struct {
    xparse x; /* first member: handlers get the state through it */
    xbook *b;
} wb_state;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_state *s = ud;
    xbook *b = s->b;
    if (strcmp(local(name), "sheet") != 0)
        return;
    const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
    if (!sname || !rid)
        return;
    if (b->nsheets >= MAX_SHEETS) {
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
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
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
        err = parse_entry(b, "xl/workbook.xml", &s.x);
    xp_done(&s.x);
    if (err)
        return err;
    err = xp_init(&s.x, rels_start, no_end);
    if (!err)
        err = parse_entry(b, "xl/_rels/workbook.xml.rels", &s.x);
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

/* ---- shared strings ---------------------------------------------------------------------- */

typedef struct {
    xparse x;
    xbook *b;
    bool in_si;
} sst_state;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sst_state *s = ud;
    const char *n = local(name);
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
    const char *n = local(name);
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
    if (find_entry(b, "xl/sharedStrings.xml") < 0)
        return ASX_OK; /* a workbook with inline strings only has none */
    sst_state s = {.b = b};
    asx_error err = xp_init(&s.x, sst_start, sst_end);
    if (!err)
        err = parse_entry(b, "xl/sharedStrings.xml", &s.x);
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
    xsheet *sh = s->sheet;
    if (s->row_stored)
        return &sh->v[sh->n - 1];
    if (sh->n == sh->cap) {
        size_t cap = sh->cap ? 2 * sh->cap : 64;
        xrow *v = realloc(sh->v, cap * sizeof *v);
        if (!v)
            return NULL;
        sh->v = v;
        sh->cap = cap;
    }
    xrow *r = &sh->v[sh->n++];
    memset(r, 0, sizeof *r);
    r->row = s->row;
    s->row_stored = true;
    return r;
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    ws_state *s = ud;
    const char *n = local(name);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
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
        const char *ref = attr(atts, "r"), *t = attr(atts, "t");
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
    if (!r) {
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
        return;
    }
    xcell *c = &r->c[s->col];
    free(c->v);
    c->v = asx_strdup(v);
    c->t = t;
    c->formula = s->formula;
    c->too_long = too_long;
    if (!c->v)
        xp_stop(&s->x, ASX_ERR_NOMEM, "out of memory");
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
    ws_state *s = ud;
    const char *n = local(name);
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
        diag_entry(b, ref->name, ASX_L("シートの実体が見つかりません", "the sheet's part is missing"));
        return ASX_ERR_DATA;
    }
    ws_state s = {.b = b, .sheet = out, .col = -1};
    asx_error err = xp_init(&s.x, ws_start, ws_end);
    if (!err)
        err = parse_entry(b, ref->path, &s.x);
    xp_done(&s.x);
    return err;
}

static asx_error open_book(xbook *b, const void *buf, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    asx_error err = ASX_OK;
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    if (!src) {
        asx_diags_addf(b->d, ASX_ERR_NOMEM, b->file, 0, 0, "%s", zip_error_strerror(&ze));
        err = ASX_ERR_NOMEM;
        goto out;
    }
    b->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!b->za) {
        zip_source_free(src);
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("XLSX ファイルとして読めません (ZIP 形式ではない): %s",
                             "not an XLSX file (cannot read it as a zip archive): %s"),
                       zip_error_strerror(&ze));
        err = ASX_ERR_DATA;
        goto out;
    }
    zip_int64_t n = zip_get_num_entries(b->za, 0);
    if (n < 0 || (zip_uint64_t)n > ASX_XLSX_MAX_ENTRIES) {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("ZIP の項目が多すぎます (%lld、上限 %u)", "too many zip entries (%lld, the limit is %u)"),
                       (long long)n, ASX_XLSX_MAX_ENTRIES);
        err = ASX_ERR_DATA;
    }
out:
    zip_error_fini(&ze);
    return err;
}

/* ---- cell values ------------------------------------------------------------------------- */

typedef struct {
    const char *file;
    asx_diags *d;
    const char *sheet; /* answer sheet name */
    const asx_bank *bank;
    asx_lang form_lang;
    unsigned problems;
} conv;

static void cell_err(conv *cv, const xrow *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_err(conv *cv, const xrow *r, int col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0, "%s!%c%u: %s", cv->sheet, 'A' + col,
                   r->row, msg);
    cv->problems++;
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
        if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r')) {
            len--;
        } else if (len >= 3 && is_space_at(s + len - 3, &n) && n == 3) {
            len -= 3;
        } else {
            break;
        }
    }
    return asx_strndup(s, len);
}

/* The display text of a cell for text answers; caller frees; NULL when empty. */
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
    char *t = trim_dup(s, strlen(s));
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
        if (ascii_ieq(t, "TRUE"))
            out = ASX_YN_YES;
        else if (ascii_ieq(t, "FALSE"))
            out = ASX_YN_NO;
        else if (ascii_ieq(t, "partial") || ascii_ieq(t, "n/a"))
            out = ascii_ieq(t, "n/a") ? ASX_YN_NA : ASX_YN_PARTIAL;
    }
    free(t);
    return out;
}

static bool is_na_text(const char *s)
{
    return ascii_ieq(s, "na") || ascii_ieq(s, "n/a") || strcmp(s, "該当なし") == 0;
}

/* Parse a number written in a cell: digits, sign, point, exponent; thousands separators and
 * a trailing % are allowed (a vendor typing "99.95 %" into a percent question). */
static bool parse_number(const char *s, double *out)
{
    char buf[64];
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ',' || *p == ' ')
            continue;
        if (strchr("0123456789.+-eE", *p) == NULL) {
            if ((strcmp(p, "%") == 0 || strcmp(p, "％") == 0) && n > 0)
                break;
            return false;
        }
        if (n + 1 >= sizeof buf)
            return false;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    if (n == 0)
        return false;
    char *end = NULL;
    double v = strtod(buf, &end);
    if (*end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* A date from a cell: a serial number (date-formatted cell), ISO text, or YYYY/M/D. */
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
    if (asx_date_parse(text, out))
        return true;
    int part[3] = {0, 0, 0}, k = 0, digits = 0;
    for (const char *p = text; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++digits > 4)
                return false;
            part[k] = part[k] * 10 + (*p - '0');
        } else if ((*p == '/' || *p == '-' || *p == '.') && digits && k < 2) {
            k++;
            digits = 0;
        } else {
            return false;
        }
    }
    if (k != 2 || !digits)
        return false;
    asx_date d = {part[0], part[1], part[2]};
    if (!asx_date_valid(d))
        return false;
    *out = d;
    return true;
}

/* Upper-case a code or map a country name (either language) to its code; NULL if not one. */
static const char *country_code(const char *s)
{
    size_t n = 0;
    const char *const *codes = asx_country_codes(&n);
    if (strlen(s) == 2) {
        char up[3] = {(char)toupper((unsigned char)s[0]), (char)toupper((unsigned char)s[1]), '\0'};
        for (size_t i = 0; i < n; i++)
            if (strcmp(codes[i], up) == 0)
                return codes[i];
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(asx_country_name(codes[i], ASX_LANG_JA), s) == 0 ||
            ascii_ieq(asx_country_name(codes[i], ASX_LANG_EN), s))
            return codes[i];
    return NULL;
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
        if (!*p)
            sep = 0;
        else if (strchr(seps, *p))
            sep = 1;
        else
            for (size_t i = 0; mseps && mseps[i]; i++)
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

typedef struct {
    conv *cv;
    const xrow *r;
    const asx_question *q;
    cJSON *arr;
    bool bad;
} pieces_ctx;

static const char *const COUNTRY_MSEPS[] = {"、", "，", "・", NULL};

static bool add_country_piece(void *ud, const char *piece)
{
    pieces_ctx *pc = ud;
    char g[96];
    const char *code = country_code(piece);
    if (!code) {
        quote(piece, g, sizeof g);
        cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: ISO 3166-1 の国コード (例: JP) ではありません: %s",
                       "%s: not an ISO 3166-1 country code (e.g. JP): %s"), pc->q->id, g);
        pc->bad = true;
        return true; /* keep going: report every bad code */
    }
    cJSON *item = cJSON_CreateString(code);
    if (!item || !cJSON_AddItemToArray(pc->arr, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

static bool add_line_piece(void *ud, const char *piece)
{
    pieces_ctx *pc = ud;
    cJSON *item = cJSON_CreateString(piece);
    if (!item || !cJSON_AddItemToArray(pc->arr, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

/* One "name / country / role" line of a list answer. */
typedef struct {
    char **v;
    size_t n, max;
} fields_acc;

static bool add_field_piece(void *ud, const char *piece)
{
    fields_acc *f = ud;
    if (f->n < f->max)
        f->v[f->n] = asx_strdup(piece);
    f->n++;
    return f->n > f->max || f->v[f->n - 1] != NULL;
}

static const char *const SLASH_MSEPS[] = {"／", NULL};

static bool add_list_line(void *ud, const char *line)
{
    pieces_ctx *pc = ud;
    const asx_question *q = pc->q;
    char g[96];
    char **v = calloc(q->nfields ? q->nfields : 1, sizeof *v);
    if (!v)
        return false;
    fields_acc f = {.v = v, .max = q->nfields};
    bool ok = split_pieces(line, "/", SLASH_MSEPS, add_field_piece, &f);
    cJSON *obj = NULL;
    if (!ok)
        goto out;
    if (f.n != q->nfields) {
        asx_buf keys = {0};
        for (size_t i = 0; i < q->nfields; i++)
            asx_buf_addf(&keys, "%s%s", i ? " / " : "", q->fields[i].key);
        quote(line, g, sizeof g);
        cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: 1 行に 1 件、\"%s\" の形で書いてください: %s",
                       "%s: write one item per line as \"%s\": %s"), q->id, asx_buf_str(&keys), g);
        asx_buf_free(&keys);
        pc->bad = true;
        goto out;
    }
    obj = cJSON_CreateObject();
    ok = obj != NULL;
    for (size_t i = 0; ok && i < q->nfields; i++) {
        const char *val = v[i];
        if (q->fields[i].type == ASX_Q_COUNTRY) {
            const char *code = country_code(val);
            if (!code) {
                quote(val, g, sizeof g);
                cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                         ASX_L("%s: %s は ISO 3166-1 の国コード (例: JP) ではありません: %s",
                               "%s: %s is not an ISO 3166-1 country code (e.g. JP): %s"),
                         q->id, q->fields[i].key, g);
                pc->bad = true;
                continue;
            }
            val = code;
        }
        ok = cJSON_AddStringToObject(obj, q->fields[i].key, val) != NULL;
    }
    if (ok && cJSON_AddItemToArray(pc->arr, obj))
        obj = NULL;
    else if (ok)
        ok = false;
out:
    cJSON_Delete(obj);
    asx_strv_free(v, q->nfields);
    return ok;
}

/* The JSON value of the answer cell of question q; NULL with a problem reported (or on OOM,
 * *oom set). text is the trimmed cell text. */
static cJSON *answer_value(conv *cv, const xrow *r, const asx_question *q, const xcell *c,
                           const char *text, bool *oom)
{
    char g[96];
    quote(text, g, sizeof g);
    if (q->type != ASX_Q_TEXT && is_na_text(text)) {
        if (q->allow_na)
            return cJSON_CreateString("na");
        cell_err(cv, r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: この質問には「該当なし」で答えられません", "%s: this question cannot be answered N/A"),
                 q->id);
        return NULL;
    }
    switch (q->type) {
    case ASX_Q_YESNO: {
        asx_yesno yn = asx_form_parse_yesno(text);
        if (yn == ASX_YN_NONE || yn == ASX_YN_NA) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: はい・いいえ・一部%s のいずれかを選んでください。入力値: %s",
                           "%s: expected Yes, No, Partly%s, got %s"),
                     q->id, q->allow_na ? ASX_L("・該当なし", " or N/A") : "", g);
            return NULL;
        }
        return cJSON_CreateString(asx_yesno_name(yn));
    }
    case ASX_Q_CHOICE:
        for (size_t i = 0; i < q->noptions; i++) {
            const asx_option *o = &q->options[i];
            if (ascii_ieq(text, o->value) || (o->label.ja && strcmp(text, o->label.ja) == 0) ||
                (o->label.en && ascii_ieq(text, o->label.en)))
                return cJSON_CreateString(o->value);
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
        return NULL;
    case ASX_Q_NUMBER: {
        double v;
        const char *unit = asx_text_get(&q->unit, asx_ui_lang);
        if (!parse_number(c->t == 'n' ? c->v : text, &v)) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 数値 (%s) を入力してください。入力値: %s", "%s: expected a number (%s), got %s"),
                     q->id, unit, g);
            return NULL;
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
            return NULL;
        }
        return cJSON_CreateNumber(v);
    }
    case ASX_Q_COUNTRY: {
        const char *code = country_code(text);
        if (!code) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: ISO 3166-1 の国コード (例: JP) を入力してください。入力値: %s",
                           "%s: expected an ISO 3166-1 country code (e.g. JP), got %s"),
                     q->id, g);
            return NULL;
        }
        return cJSON_CreateString(code);
    }
    case ASX_Q_COUNTRIES: {
        pieces_ctx pc = {.cv = cv, .r = r, .q = q, .arr = cJSON_CreateArray()};
        if (!pc.arr || !split_pieces(text, ",;\n\r\t ", COUNTRY_MSEPS, add_country_piece, &pc)) {
            cJSON_Delete(pc.arr);
            *oom = true;
            return NULL;
        }
        if (pc.bad) {
            cJSON_Delete(pc.arr);
            return NULL;
        }
        return pc.arr;
    }
    case ASX_Q_DATE: {
        asx_date dt;
        if (!cell_date(c, text, &dt)) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 日付 (YYYY-MM-DD) を入力してください。入力値: %s",
                           "%s: expected a date (YYYY-MM-DD), got %s"),
                     q->id, g);
            return NULL;
        }
        char iso[11];
        asx_date_iso(dt, iso);
        return cJSON_CreateString(iso);
    }
    case ASX_Q_TEXT:
        return cJSON_CreateString(text);
    case ASX_Q_LIST: {
        pieces_ctx pc = {.cv = cv, .r = r, .q = q, .arr = cJSON_CreateArray()};
        if (!pc.arr) {
            *oom = true;
            return NULL;
        }
        if (strcmp(text, "なし") == 0 || ascii_ieq(text, "none") || strcmp(text, "-") == 0)
            return pc.arr;
        if (!split_pieces(text, "\n\r", NULL, add_list_line, &pc)) {
            cJSON_Delete(pc.arr);
            *oom = true;
            return NULL;
        }
        if (pc.bad) {
            cJSON_Delete(pc.arr);
            return NULL;
        }
        return pc.arr;
    }
    }
    return NULL;
}

/* Refuse formulas and over-long text in a cell that is read. */
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

/* ---- the header fields ------------------------------------------------------------------- */

typedef struct {
    const char *key;
    const xrow *row;
} hdr_field;

enum { H_NAME, H_CORPNUM, H_COUNTRY, H_SERVICE, H_MODEL, H_DATE, H_PURPOSE, H_COUNT };

static const char *const HDR_KEYS[H_COUNT] = {
    ASX_FORM_KEY_VENDOR_NAME, ASX_FORM_KEY_CORPORATE_NUMBER, ASX_FORM_KEY_VENDOR_COUNTRY,
    ASX_FORM_KEY_SERVICE_NAME, ASX_FORM_KEY_SERVICE_MODEL, ASX_FORM_KEY_DATE, ASX_FORM_KEY_PURPOSE};

static bool add_str(cJSON *obj, const char *key, const char *v)
{
    return cJSON_AddStringToObject(obj, key, v) != NULL;
}

/* Header field text, or NULL (reported when required). */
static char *header_text(conv *cv, const hdr_field *h, bool required)
{
    if (!h->row) {
        if (required)
            asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                           ASX_L("%s: 行 %s がありません (様式の行を削除しないでください)",
                                 "%s: the row %s is missing (do not delete rows of the form)"),
                           cv->sheet, h->key);
        cv->problems += required;
        return NULL;
    }
    if (!cell_usable(cv, h->row, ASX_FORM_COL_ANSWER, h->key + 1))
        return NULL;
    char *t = cell_text(&h->row->c[ASX_FORM_COL_ANSWER]);
    if (!t && required)
        cell_err(cv, h->row, ASX_FORM_COL_ANSWER, ASX_L("%s: 入力してください", "%s: required"), h->key + 1);
    return t;
}

static bool build_header(conv *cv, const hdr_field *h, cJSON *root, cJSON *assessment)
{
    bool ok = true;
    char g[96];
    cJSON *vendor = cJSON_AddObjectToObject(root, "vendor");
    cJSON *service = cJSON_AddObjectToObject(root, "service");
    if (!vendor || !service)
        return false;
    char *name = header_text(cv, &h[H_NAME], true);
    char *corp = header_text(cv, &h[H_CORPNUM], false);
    char *country = header_text(cv, &h[H_COUNTRY], true);
    char *sname = header_text(cv, &h[H_SERVICE], true);
    char *model = header_text(cv, &h[H_MODEL], false);
    char *date = header_text(cv, &h[H_DATE], true);
    char *purpose = header_text(cv, &h[H_PURPOSE], true);
    if (name)
        ok = ok && add_str(vendor, "name", name);
    if (corp) {
        const xcell *c = &h[H_CORPNUM].row->c[ASX_FORM_COL_ANSWER];
        double num;
        char digits[32];
        /* 13 digits typed into a cell become a number: write it back as digits */
        if (c->t == 'n' && parse_number(c->v, &num) && num >= 0 && num < 1e13) {
            snprintf(digits, sizeof digits, "%013.0f", num);
        } else {
            snprintf(digits, sizeof digits, "%s", corp);
        }
        if (!asx_corporate_number_valid(digits)) {
            quote(corp, g, sizeof g);
            cell_err(cv, h[H_CORPNUM].row, ASX_FORM_COL_ANSWER,
                     ASX_L("vendor.corporate_number: 法人番号 (13 桁、チェックディジット付き) ではありません: %s",
                           "vendor.corporate_number: not a corporate number (13 digits with a valid check digit): %s"),
                     g);
        } else {
            ok = ok && add_str(vendor, "corporate_number", digits);
        }
    }
    if (country) {
        const char *code = country_code(country);
        if (!code) {
            quote(country, g, sizeof g);
            cell_err(cv, h[H_COUNTRY].row, ASX_FORM_COL_ANSWER,
                     ASX_L("vendor.country: ISO 3166-1 の国コード (例: JP) を入力してください。入力値: %s",
                           "vendor.country: expected an ISO 3166-1 country code (e.g. JP), got %s"), g);
        } else {
            ok = ok && add_str(vendor, "country", code);
        }
    }
    if (sname)
        ok = ok && add_str(service, "name", sname);
    if (model)
        ok = ok && add_str(service, "model", model);
    if (date) {
        asx_date dt;
        char iso[11];
        if (!cell_date(&h[H_DATE].row->c[ASX_FORM_COL_ANSWER], date, &dt)) {
            quote(date, g, sizeof g);
            cell_err(cv, h[H_DATE].row, ASX_FORM_COL_ANSWER,
                     ASX_L("assessment.date: 日付 (YYYY-MM-DD) を入力してください。入力値: %s",
                           "assessment.date: expected a date (YYYY-MM-DD), got %s"), g);
        } else {
            asx_date_iso(dt, iso);
            ok = ok && add_str(assessment, "date", iso);
        }
    }
    if (purpose) {
        const asx_purpose all[] = {ASX_PURPOSE_PROCUREMENT, ASX_PURPOSE_APPROVAL, ASX_PURPOSE_REAUDIT};
        const char *found = NULL;
        for (size_t i = 0; i < 3 && !found; i++)
            if (ascii_ieq(purpose, asx_purpose_name(all[i])) ||
                strcmp(purpose, asx_purpose_label(all[i], ASX_LANG_JA)) == 0 ||
                ascii_ieq(purpose, asx_purpose_label(all[i], ASX_LANG_EN)))
                found = asx_purpose_name(all[i]);
        if (!found) {
            quote(purpose, g, sizeof g);
            cell_err(cv, h[H_PURPOSE].row, ASX_FORM_COL_ANSWER,
                     ASX_L("assessment.purpose: 一覧から選んでください。入力値: %s",
                           "assessment.purpose: choose one from the list, got %s"), g);
        } else {
            ok = ok && add_str(assessment, "purpose", found);
        }
    }
    free(name);
    free(corp);
    free(country);
    free(sname);
    free(model);
    free(date);
    free(purpose);
    return ok;
}

/* ---- metadata ---------------------------------------------------------------------------- */

typedef struct {
    char *format, *bank, *version, *lang;
    int c, i, a;
} meta;

static void meta_free(meta *m)
{
    free(m->format);
    free(m->bank);
    free(m->version);
    free(m->lang);
}

static int meta_level(const char *v)
{
    double n;
    if (!v || !parse_number(v, &n) || n != floor(n) || n < 1 || n > 3)
        return 0;
    return (int)n;
}

static asx_error read_meta(xbook *b, const xsheet *sh, meta *m)
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
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("%s: assess の回答様式ではありません (format が \"%s\" ではない)",
                             "%s: not an assess form (format is not \"%s\")"),
                       ASX_FORM_META_SHEET, ASX_FORM_FORMAT);
        return ASX_ERR_DATA;
    }
    if (!m->bank || !m->version || !m->c || !m->i || !m->a || m->i > 2 || m->a > 2) {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("%s: 質問票の識別情報 (questionnaire, questionnaire_version, 格付け) が欠けているか不正です",
                             "%s: the questionnaire id, version or classification is missing or invalid"),
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

static cJSON *split_evidence(const char *text)
{
    pieces_ctx pc = {.arr = cJSON_CreateArray()};
    if (!pc.arr || !split_pieces(text, "\n\r", NULL, add_line_piece, &pc)) {
        cJSON_Delete(pc.arr);
        return NULL;
    }
    return pc.arr;
}

/* Add the answer of row r (question q) to answers. false only on out of memory. */
static bool build_answer(conv *cv, const xrow *r, const asx_question *q, cJSON *answers)
{
    const xcell *c = &r->c[ASX_FORM_COL_ANSWER];
    bool ok = true, oom = false;
    char *text = NULL, *comment = NULL, *evidence = NULL;
    cJSON *ans = NULL, *value = NULL;
    bool usable = cell_usable(cv, r, ASX_FORM_COL_ANSWER, q->id);
    usable = cell_usable(cv, r, ASX_FORM_COL_COMMENT, q->id) && usable;
    usable = cell_usable(cv, r, ASX_FORM_COL_EVIDENCE, q->id) && usable;
    if (!usable)
        goto out;
    text = cell_text(c);
    if (!text)
        goto out; /* unanswered: comment and evidence alone make no answer */
    comment = cell_text(&r->c[ASX_FORM_COL_COMMENT]);
    evidence = cell_text(&r->c[ASX_FORM_COL_EVIDENCE]);
    value = answer_value(cv, r, q, c, text, &oom);
    if (!value) {
        ok = !oom;
        goto out;
    }
    ans = cJSON_CreateObject();
    if (!ans || !cJSON_AddItemToObject(ans, "value", value)) {
        cJSON_Delete(value);
        ok = false;
        goto out;
    }
    if (comment && !cJSON_AddStringToObject(ans, "comment", comment))
        ok = false;
    if (ok && evidence) {
        cJSON *ev = split_evidence(evidence);
        if (!ev || !cJSON_AddItemToObject(ans, "evidence", ev)) {
            cJSON_Delete(ev);
            ok = false;
        }
    }
    if (ok && cJSON_AddItemToObject(answers, q->id, ans))
        ans = NULL;
    else
        ok = false;
out:
    cJSON_Delete(ans);
    free(text);
    free(comment);
    free(evidence);
    return ok;
}

/* Walk the answer sheet: header fields and one answer per question id. */
static asx_error build_answers(conv *cv, const xsheet *sh, cJSON *root, cJSON *assessment)
{
    const asx_bank *bank = cv->bank;
    hdr_field hdr[H_COUNT];
    const xrow **seen = calloc(bank->nquestions ? bank->nquestions : 1, sizeof *seen);
    cJSON *answers = NULL;
    asx_error err = ASX_OK;
    size_t nq = 0;
    if (!seen)
        return ASX_ERR_NOMEM;
    for (int i = 0; i < H_COUNT; i++) {
        hdr[i].key = HDR_KEYS[i];
        hdr[i].row = NULL;
    }
    answers = cJSON_CreateObject();
    if (!answers) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < sh->n; i++) {
        const xrow *r = &sh->v[i];
        const xcell *k = &r->c[ASX_FORM_COL_ID];
        if (!k->v || !looks_like_key(k->v))
            continue; /* title, header and rows a vendor inserted */
        if (k->v[0] == '@') {
            int h = -1;
            for (int j = 0; j < H_COUNT; j++)
                if (strcmp(k->v, HDR_KEYS[j]) == 0)
                    h = j;
            if (h < 0)
                cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("不明な項目 \"%s\"", "unknown field \"%s\""), k->v);
            else if (hdr[h].row)
                cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("%s: 行が重複しています (%u 行目にもあります)",
                                                       "%s: duplicate row (also row %u)"), k->v, hdr[h].row->row);
            else
                hdr[h].row = r;
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
        if (!build_answer(cv, r, q, answers)) {
            err = ASX_ERR_NOMEM;
            goto out;
        }
    }
    if (nq == 0) {
        asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                       ASX_L("%s: 質問の行が 1 つもありません (A 列の質問 ID を消さないでください)",
                             "%s: no question rows (keep the question ids in column A)"), cv->sheet);
        cv->problems++;
    }
    if (!build_header(cv, hdr, root, assessment)) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    if (cJSON_AddItemToObject(root, "answers", answers))
        answers = NULL;
    else
        err = ASX_ERR_NOMEM;
out:
    cJSON_Delete(answers);
    free(seen);
    return err;
}

/* ---- the whole import -------------------------------------------------------------------- */

/* Run the produced JSON through the answers loader; its problems (positions in a JSON text the
 * user never sees) are reported against the workbook without line and column. */
static asx_error check_json(const char *json, const char *file, const asx_bankset *set,
                            asx_diags *d)
{
    asx_diags tmp;
    asx_answers *a = NULL;
    asx_diags_init(&tmp);
    asx_error err = asx_answers_load(json, strlen(json), file, set, &a, &tmp);
    for (size_t i = 0; i < tmp.n; i++)
        asx_diags_addf(d, tmp.v[i].code, file, 0, 0, "%s", tmp.v[i].msg);
    if (!err && tmp.worst)
        err = tmp.worst;
    asx_diags_free(&tmp);
    asx_answers_free(a);
    return err;
}

static const asx_bank *form_bank(xbook *b, const meta *m, const asx_bankset *set)
{
    const asx_bank *bank = asx_bankset_find(set, m->bank);
    if (!bank) {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("この様式は質問票 \"%s\" 用ですが、その質問票がありません (--questionnaire FILE で読み込めます)",
                             "this form is for questionnaire \"%s\", which is not loaded (load it with --questionnaire FILE)"),
                       m->bank);
        return NULL;
    }
    if (strcmp(bank->version, m->version) != 0) {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("この様式は質問票 %s 版 %s 用ですが、読み込まれているのは版 %s です (その版を --questionnaire FILE で読み込むか、様式を作り直してください)",
                             "this form is for questionnaire %s version %s, but version %s is loaded (load that version with --questionnaire FILE, or make a new form)"),
                       m->bank, m->version, bank->version);
        return NULL;
    }
    return bank;
}

static bool add_classification(cJSON *assessment, const meta *m)
{
    cJSON *cls = cJSON_AddObjectToObject(assessment, "classification");
    return cls && cJSON_AddNumberToObject(cls, "confidentiality", m->c) &&
           cJSON_AddNumberToObject(cls, "integrity", m->i) &&
           cJSON_AddNumberToObject(cls, "availability", m->a);
}

asx_error asx_xlsx_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          char **json, asx_diags *d)
{
    xbook b = {.file = file, .d = d};
    xsheet msheet = {0}, asheet = {0};
    meta m = {0};
    cJSON *root = NULL;
    char *out = NULL;
    const asx_bank *bank = NULL;
    const xsheetref *mref, *aref;
    cJSON *assessment = NULL;
    conv cv = {.file = file, .d = d};
    *json = NULL;
    asx_error err = open_book(&b, buf, len);
    if (!err)
        err = read_workbook(&b);
    if (err)
        goto out;
    mref = sheet_by_name(&b, ASX_FORM_META_SHEET);
    aref = sheet_by_name(&b, ASX_FORM_SHEET_JA);
    if (!aref)
        aref = sheet_by_name(&b, ASX_FORM_SHEET_EN);
    if (!mref || !aref) {
        asx_buf names = {0};
        for (size_t i = 0; i < b.nsheets; i++)
            asx_buf_addf(&names, "%s%s", i ? ", " : "", b.sheets[i].name);
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("assess の回答様式ではありません: シート「%s」がありません (あるシート: %s)",
                             "not an assess form: no sheet \"%s\" (sheets: %s)"),
                       !mref ? ASX_FORM_META_SHEET : ASX_L(ASX_FORM_SHEET_JA, ASX_FORM_SHEET_EN),
                       b.nsheets ? asx_buf_str(&names) : "-");
        asx_buf_free(&names);
        err = ASX_ERR_DATA;
        goto out;
    }
    err = read_shared_strings(&b);
    if (!err)
        err = read_sheet(&b, mref, &msheet);
    if (!err)
        err = read_meta(&b, &msheet, &m);
    if (err)
        goto out;
    bank = form_bank(&b, &m, set);
    if (!bank) {
        err = ASX_ERR_DATA;
        goto out;
    }
    err = read_sheet(&b, aref, &asheet);
    if (err)
        goto out;
    cv.sheet = aref->name;
    cv.bank = bank;
    cv.form_lang = m.lang && strcmp(m.lang, "en") == 0 ? ASX_LANG_EN : ASX_LANG_JA;
    root = cJSON_CreateObject();
    if (!root || !add_str(root, "format", "assess-answers/1") || !add_str(root, "questionnaire", bank->id) ||
        !add_str(root, "questionnaire_version", bank->version) ||
        !(assessment = cJSON_AddObjectToObject(root, "assessment"))) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    err = build_answers(&cv, &asheet, root, assessment);
    if (!err && !add_classification(assessment, &m))
        err = ASX_ERR_NOMEM;
    if (err)
        goto out;
    if (cv.problems) {
        err = ASX_ERR_DATA;
        goto out;
    }
    out = cJSON_Print(root);
    if (!out) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    err = check_json(out, file, set, d);
    if (!err) {
        *json = out;
        out = NULL;
    }
out:
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, file, 0, 0, ASX_L("メモリ不足です", "out of memory"));
    free(out);
    cJSON_Delete(root);
    meta_free(&m);
    xsheet_free(&msheet);
    xsheet_free(&asheet);
    xbook_free(&b);
    return err;
}

/* ---- any sheet's first columns, for the register's checklists ---------------------------- */

asx_error asx_xlsx_read_rows(const void *buf, size_t len, const char *file,
                             const char *const *sheets, asx_xlsx_row **rows, size_t *nrows,
                             char **sheet_used, asx_diags *d)
{
    xbook b = {.file = file, .d = d};
    xsheet sh = {0};
    const xsheetref *ref = NULL;
    *rows = NULL;
    *nrows = 0;
    *sheet_used = NULL;
    asx_error err = open_book(&b, buf, len);
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
    return err;
}

void asx_xlsx_rows_free(asx_xlsx_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        for (int c = 0; c < ASX_FORM_NCOLS; c++)
            free(rows[i].text[c]);
    free(rows);
}
