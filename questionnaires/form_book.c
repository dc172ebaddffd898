/* form_book.c - the zip and XML plumbing shared by the XLSX and ODS form readers.
 *
 * The archive is read with libzip from memory and each XML part is streamed through expat in
 * chunks, counting the uncompressed bytes, so a zip bomb or a huge sheet stops at a limit
 * instead of filling memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "form_book.h"

#define CHUNK 65536

/* ---- cells -------------------------------------------------------------------------------- */

void xsheet_free(xsheet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        for (int c = 0; c < FB_NCOLS; c++)
            free(s->v[i].c[c].v);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

xrow *xsheet_add_row(xsheet *s, unsigned row)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        xrow *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return NULL;
        s->v = v;
        s->cap = cap;
    }
    xrow *r = &s->v[s->n++];
    memset(r, 0, sizeof *r);
    r->row = row;
    return r;
}

bool xcell_set(xcell *c, const char *v, char t, bool formula, bool too_long, bool pct, bool hours)
{
    char *copy = asx_strdup(v);
    if (!copy)
        return false;
    free(c->v);
    c->v = copy;
    c->t = t;
    c->formula = formula;
    c->too_long = too_long;
    c->pct = pct;
    c->hours = hours;
    return true;
}

bool fb_is_space_at(const char *s, size_t *n)
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
char *fb_trim_dup(const char *s, size_t len)
{
    size_t n;
    while (len && fb_is_space_at(s, &n) && n <= len) {
        s += n;
        len -= n;
    }
    for (;;) {
        if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
            len--;
        else if (len >= 3 && fb_is_space_at(s + len - 3, &n) && n == 3)
            len -= 3;
        else
            break;
    }
    return asx_strndup(s, len);
}

/* The text of a cell; caller frees; NULL when empty. */
char *xcell_text(const xcell *c)
{
    if (!c->v)
        return NULL;
    if (c->t == 'b')
        return asx_strdup(strcmp(c->v, "1") == 0 ? "TRUE" : "FALSE");
    char *t = fb_trim_dup(c->v, strlen(c->v));
    if (t && !*t) {
        free(t);
        return NULL;
    }
    return t;
}

void form_sheets_free(form_sheets *s)
{
    if (!s)
        return;
    xsheet_free(&s->meta);
    xsheet_free(&s->answers);
    free(s->answers_name);
    s->answers_name = NULL;
}

/* ---- XML ---------------------------------------------------------------------------------- */

void xp_stop(xparse *x, asx_error err, const char *msg)
{
    if (x->err)
        return;
    x->err = err;
    snprintf(x->msg, sizeof x->msg, "%s", msg);
    XML_StopParser(x->p, XML_FALSE);
}

const char *xml_local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

const char *xml_attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(xml_local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

static void XMLCALL on_chars(void *ud, const XML_Char *s, int len)
{
    xparse *x = ud;
    if (!x->in_text || x->skip)
        return;
    if (x->text.len + (size_t)len > FB_MAX_CELL_BYTES) {
        x->text_too_long = true;
        return;
    }
    asx_buf_add(&x->text, s, (size_t)len);
    if (x->text.oom)
        xp_stop(x, ASX_ERR_NOMEM, "out of memory");
}

/* A DOCTYPE has no business in an XLSX or ODS part and is how entity expansion attacks start. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    xp_stop(ud, ASX_ERR_DATA, ASX_L("DOCTYPE 宣言は受け付けません", "a DOCTYPE declaration is not accepted"));
}

asx_error xp_init(xparse *x, XML_StartElementHandler start, XML_EndElementHandler end)
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

void xp_done(xparse *x)
{
    if (x->p)
        XML_ParserFree(x->p);
    x->p = NULL;
    asx_buf_free(&x->text);
}

/* ---- the archive -------------------------------------------------------------------------- */

void form_book_diag(form_book *b, const char *entry, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0, "%s: %s", entry, msg);
}

bool form_book_has(form_book *b, const char *entry)
{
    return zip_name_locate(b->za, entry, ZIP_FL_NOCASE) >= 0;
}

static const char *RESAVE_JA = ".xlsx (Excel ブック) または .ods で保存し直してください";
static const char *RESAVE_EN = "save it again as .xlsx (Excel workbook) or .ods";

static int cmp_names(const void *a, const void *b)
{
    int c = strcasecmp(*(char *const *)a, *(char *const *)b);
    return c ? c : strcmp(*(char *const *)a, *(char *const *)b); /* a stable order for messages */
}

/* Two entries of one name, in any case: a reader that takes the first and one that takes the
 * last would see different workbooks. */
static asx_error check_duplicates(form_book *b, zip_int64_t n)
{
    const char **names = calloc((size_t)n + 1, sizeof *names);
    if (!names)
        return ASX_ERR_NOMEM;
    size_t k = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(b->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (name)
            names[k++] = name;
    }
    qsort(names, k, sizeof *names, cmp_names);
    asx_error err = ASX_OK;
    for (size_t i = 1; i < k && !err; i++) {
        if (strcasecmp(names[i - 1], names[i]) != 0)
            continue;
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("ZIP の中に同じ名前の項目が 2 つあります (%s と %s、大文字・小文字の違いだけのものを含む)。"
                             "壊れているか手を加えられたファイルなので読み込みません。元のブックを開き、%s",
                             "the zip holds two entries of one name (%s and %s, or names differing only in case); "
                             "the file is damaged or was tampered with and is not read: open the original workbook and %s"),
                       names[i - 1], names[i], ASX_L(RESAVE_JA, RESAVE_EN));
        err = ASX_ERR_DATA;
    }
    free(names);
    return err;
}

/* The mimetype entry of an OpenDocument file (at most 127 bytes), or "" when absent. */
static void read_mimetype(form_book *b, char *out, size_t size)
{
    out[0] = '\0';
    zip_int64_t idx = zip_name_locate(b->za, "mimetype", 0);
    if (idx < 0)
        return;
    zip_file_t *zf = zip_fopen_index(b->za, (zip_uint64_t)idx, 0);
    if (!zf)
        return;
    zip_int64_t n = zip_fread(zf, out, size - 1);
    zip_fclose(zf);
    out[n > 0 ? n : 0] = '\0';
}

asx_error form_book_open(form_book *b, const void *buf, size_t len)
{
    const unsigned char *u = buf;
    static const unsigned char OLE2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (len >= 8 && memcmp(u, OLE2, 8) == 0) {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("Excel 97-2003 形式 (.xls) のブックは読めません。%s",
                             "an Excel 97-2003 workbook (.xls) cannot be read: %s"),
                       ASX_L(RESAVE_JA, RESAVE_EN));
        return ASX_ERR_DATA;
    }
    if (len < 4 || memcmp(u, "PK\x03\x04", 4) != 0) {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("XLSX でも ODS でもありません (CSV・テキスト・PDF などは読めません)。%s",
                             "neither an XLSX nor an ODS file (CSV, text, PDF and others cannot be read): %s"),
                       ASX_L(RESAVE_JA, RESAVE_EN));
        return ASX_ERR_DATA;
    }
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
                       ASX_L("ブックとして読めません (ZIP が壊れているか途中で切れています: %s)。元のファイルを開き、%s",
                             "cannot read the workbook (the zip is damaged or truncated: %s): open the original and %s"),
                       zip_error_strerror(&ze), ASX_L(RESAVE_JA, RESAVE_EN));
        err = ASX_ERR_DATA;
        goto out;
    }
    zip_int64_t n = zip_get_num_entries(b->za, 0);
    if (n < 0 || (zip_uint64_t)n > ASX_XLSX_MAX_ENTRIES) {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("ZIP の項目が多すぎます (%lld、上限 %u)", "too many zip entries (%lld, the limit is %u)"),
                       (long long)n, ASX_XLSX_MAX_ENTRIES);
        err = ASX_ERR_DATA;
        goto out;
    }
    err = check_duplicates(b, n);
    if (err)
        goto out;
    char mime[128];
    read_mimetype(b, mime, sizeof mime);
    if (form_book_has(b, "xl/workbook.xml")) {
        b->kind = FB_XLSX;
    } else if (strcmp(mime, "application/vnd.oasis.opendocument.spreadsheet") == 0 ||
               (!mime[0] && form_book_has(b, "content.xml"))) {
        b->kind = FB_ODS;
    } else {
        asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                       ASX_L("表計算のブック (XLSX・ODS) ではない ZIP ファイルです%s%s%s。%s",
                             "a zip file that is not a spreadsheet (XLSX or ODS)%s%s%s: %s"),
                       mime[0] ? " (" : "", mime, mime[0] ? ")" : "", ASX_L(RESAVE_JA, RESAVE_EN));
        err = ASX_ERR_DATA;
    }
out:
    zip_error_fini(&ze);
    return err;
}

void form_book_close(form_book *b)
{
    if (b && b->za)
        zip_discard(b->za);
    if (b)
        b->za = NULL;
}

const char *const *form_book_data_sheets(const form_book *b)
{
    static const char *const form[] = {ASX_FORM_SHEET_JA, ASX_FORM_SHEET_EN, NULL};
    return b->data_sheets ? b->data_sheets : form;
}

void form_book_no_sheet(form_book *b, bool have_meta, char *const *names, size_t n)
{
    asx_buf all = {0};
    for (size_t i = 0; i < n; i++)
        asx_buf_addf(&all, "%s%s", i ? ", " : "", names[i]);
    asx_diags_addf(b->d, ASX_ERR_DATA, b->file, 0, 0,
                   ASX_L("assess の回答様式ではありません: シート「%s」がありません (あるシート: %s)",
                         "not an assess form: no sheet \"%s\" (sheets: %s)"),
                   !have_meta ? ASX_FORM_META_SHEET : ASX_L(form_book_data_sheets(b)[0], form_book_data_sheets(b)[1]),
                   n ? asx_buf_str(&all) : "-");
    asx_buf_free(&all);
}

asx_error form_book_parse(form_book *b, const char *name, xparse *x)
{
    zip_int64_t idx = zip_name_locate(b->za, name, ZIP_FL_NOCASE);
    if (idx < 0) {
        form_book_diag(b, name, ASX_L("ブック内にありません (壊れているか、assess の様式ではありません)",
                                      "missing from the workbook (damaged, or not an assess form)"));
        return ASX_ERR_DATA;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(b->za, (zip_uint64_t)idx, 0, &st) != 0) {
        form_book_diag(b, name, "%s", zip_strerror(b->za));
        return ASX_ERR_DATA;
    }
    if ((st.valid & ZIP_STAT_SIZE) &&
        (st.size > ASX_XLSX_MAX_ENTRY || st.size > ASX_XLSX_MAX_TOTAL - b->total)) {
        form_book_diag(b, name, ASX_L("展開後のサイズ (%llu バイト) が上限 (1 項目 %u MiB、合計 %u MiB) を超えます",
                                      "uncompressed size (%llu bytes) exceeds the limit (%u MiB per entry, %u MiB in all)"),
                       (unsigned long long)st.size, ASX_XLSX_MAX_ENTRY >> 20, ASX_XLSX_MAX_TOTAL >> 20);
        return ASX_ERR_DATA;
    }
    zip_file_t *zf = zip_fopen_index(b->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        form_book_diag(b, name, ASX_L("開けません: %s", "cannot open: %s"), zip_strerror(b->za));
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
            form_book_diag(b, name, ASX_L("読み込めません: %s", "cannot read: %s"),
                           zip_error_strerror(zip_file_get_error(zf)));
            err = ASX_ERR_DATA;
            goto out;
        }
        entry_bytes += (size_t)n;
        b->total += (size_t)n;
        if (entry_bytes > ASX_XLSX_MAX_ENTRY || b->total > ASX_XLSX_MAX_TOTAL) {
            form_book_diag(b, name, ASX_L("展開後のサイズが上限 (1 項目 %u MiB、合計 %u MiB) を超えます",
                                          "uncompressed data exceeds the limit (%u MiB per entry, %u MiB in all)"),
                           ASX_XLSX_MAX_ENTRY >> 20, ASX_XLSX_MAX_TOTAL >> 20);
            err = ASX_ERR_DATA;
            goto out;
        }
        if (XML_Parse(x->p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
            if (x->err) {
                if (x->err == ASX_ERR_DATA)
                    form_book_diag(b, name, "%s", x->msg);
                err = x->err;
            } else {
                form_book_diag(b, name, ASX_L("XML が不正です (%lu 行 %lu 列): %s",
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
