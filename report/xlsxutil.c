/* xlsxutil.c - what every workbook writer of report/ shares: text cut to Excel's cell limit,
 * column widths and row heights for Japanese text, reproducible creation times. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "asx/io.h"
#include "asx/util.h"
#include "asx/xlsxutil.h"
#include "asx/text.h"

/* Byte length of the first max characters of s (whole UTF-8 characters). */
static size_t utf8_prefix_bytes(const char *s, size_t max, bool *cut)
{
    size_t bytes = 0, chars = 0, n = strlen(s);
    *cut = false;
    if (n <= max) /* no more characters than bytes: nothing to count */
        return n;
    while (bytes < n) {
        unsigned cp;
        size_t k = asx_utf8_next(s + bytes, n - bytes, &cp);
        if (k == 0)
            break;
        if (chars == max) {
            *cut = true;
            break;
        }
        bytes += k;
        chars++;
    }
    return bytes;
}

char *asx_xlsx_cut(const char *s, size_t max_chars)
{
    bool cut;
    char *clean = asx_xml_unclean(s) ? asx_xml_clean(s) : NULL;
    if (clean)
        s = clean;
    char *r = asx_strndup(s, utf8_prefix_bytes(s, max_chars, &cut));
    free(clean);
    return r;
}

lxw_error asx_xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                              lxw_format *fmt, bool *cut)
{
    bool was_cut = false;
    lxw_error e;
    /* Never a character XML cannot carry (a reader refuses the whole workbook): answers are
     * checked when they load, but a register or a bank may hold anything. */
    char *clean = NULL;
    if (s && asx_xml_unclean(s)) {
        if (!(clean = asx_xml_clean(s)))
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        s = clean;
    }
    if (!s || !*s) {
        e = fmt ? worksheet_write_blank(ws, row, col, fmt) : LXW_NO_ERROR;
    } else {
        size_t n = utf8_prefix_bytes(s, ASX_XLSX_CELL_MAX, &was_cut);
        if (!was_cut) {
            e = worksheet_write_string(ws, row, col, s, fmt);
        } else {
            char *t = asx_strndup(s, n);
            e = t ? worksheet_write_string(ws, row, col, t, fmt) : LXW_ERROR_MEMORY_MALLOC_FAILED;
            free(t);
        }
    }
    free(clean);
    if (cut)
        *cut = was_cut;
    return e;
}

lxw_error asx_xlsx_text(lxw_worksheet *ws, const char *sheet, lxw_row_t row, lxw_col_t col,
                        const char *s, lxw_format *fmt, asx_diags *d, const char *file)
{
    bool cut = false;
    lxw_error e = asx_xlsx_write_text(ws, row, col, s, fmt, &cut);
    if (cut && d) {
        char ref[16];
        lxw_rowcol_to_cell(ref, row, col);
        asx_diags_addf(d, ASX_OK, file, 0, 0,
                       ASX_L("%s!%s: 文字列がセルの上限 (%d 文字) を超えるため切り詰めました",
                             "%s!%s: text cut to the cell limit (%d characters)"),
                       sheet, ref, ASX_XLSX_CELL_MAX);
    }
    return e;
}

/* Display width of the widest line of s. */
static int widest_line(const char *s)
{
    int best = 0;
    const char *p = s;
    while (p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        int w = asx_utf8_width_n(p, len);
        if (w > best)
            best = w;
        p = nl ? nl + 1 : NULL;
    }
    return best;
}

double asx_xlsx_fit_width(const char *const *texts, size_t n, double min, double max)
{
    double w = min;
    for (size_t i = 0; i < n; i++) {
        if (!texts[i])
            continue;
        double tw = widest_line(texts[i]) * 1.1 + 2; /* a little room for the font's metrics */
        if (tw > w)
            w = tw;
    }
    return w > max ? max : w;
}

double asx_xlsx_row_height(const char *text, double width)
{
    int lines = 0;
    const char *p = text ? text : "";
    int usable = width > 2 ? (int)(width - 1) : 1;
    do {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        int w = asx_utf8_width_n(p, len);
        lines += w == 0 ? 1 : (w + usable - 1) / usable;
        p = nl ? nl + 1 : NULL;
    } while (p);
    if (lines > 40)
        lines = 40; /* Excel's row limit is 409 pt */
    return 15.0 * lines + 3;
}

long long asx_xlsx_time(asx_date d)
{
    struct tm tm = {0};
    tm.tm_year = d.y - 1900;
    tm.tm_mon = d.m - 1;
    tm.tm_mday = d.d;
    return (long long)timegm(&tm);
}

asx_error asx_xlsx_begin(asx_xlsx_out *out, asx_outset *set, const char *path, int force,
                         asx_date created, const char *title, asx_diags *d)
{
    const char *tmp = NULL;
    asx_error err = ASX_OK;
    out->wb = NULL;
    out->tmp = NULL;
    out->path = path;
    out->set = set;
    out->own_set = false;
    if (!set) {
        /* a workbook alone is a set of one file: its temporary is unnamed where the file
         * system allows, so a killed run leaves nothing in the folder */
        err = asx_refuse_existing(path, force, d);
        if (err)
            return err;
        if (!(out->set = asx_outset_new(force))) {
            asx_diags_addf(d, ASX_ERR_NOMEM, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
            return ASX_ERR_NOMEM;
        }
        out->own_set = true;
    }
    err = asx_outset_add(out->set, path, &tmp, d);
    out->tmp = err ? NULL : asx_strdup(tmp);
    if (!err && !out->tmp)
        err = asx_outset_done(out->set, path, ASX_ERR_NOMEM);
    if (!err) {
        out->wb = workbook_new(out->tmp);
        if (!out->wb) {
            asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                           ASX_L("XLSX を作成できません (libxlsxwriter)", "cannot create the XLSX (libxlsxwriter)"));
            err = asx_outset_done(out->set, path, ASX_ERR_CANTCREAT);
        }
    }
    if (err) {
        free(out->tmp);
        out->tmp = NULL;
        if (out->own_set)
            asx_outset_free(out->set);
        out->set = NULL;
        out->own_set = false;
        return err;
    }
    lxw_doc_properties props = {0};
    /* docProps/core.xml gets the title as it is: no character XML cannot carry */
    char *clean_title = title ? asx_xml_clean(title) : NULL;
    if (title && !clean_title) {
        asx_diags_addf(d, ASX_ERR_NOMEM, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
        return asx_xlsx_finish(out, LXW_ERROR_MEMORY_MALLOC_FAILED, force, 0600, d);
    }
    /* libxlsxwriter 1.1.4 declares these char * but only reads them */
    props.title = clean_title;
    props.author = (char *)"assess";
    props.created = (time_t)asx_xlsx_time(created);
    lxw_error e = workbook_set_properties(out->wb, &props); /* copies the strings */
    free(clean_title);
    if (e) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, path, 0, 0, "libxlsxwriter: %s", lxw_strerror(e));
        return asx_xlsx_finish(out, e, force, 0600, d);
    }
    return ASX_OK;
}

asx_error asx_xlsx_finish(asx_xlsx_out *out, lxw_error werr, int force, mode_t mode, asx_diags *d)
{
    lxw_error closed = out->wb ? workbook_close(out->wb) : LXW_NO_ERROR;
    lxw_error e = werr ? werr : closed;
    asx_error err = ASX_OK;
    out->wb = NULL;
    if (e) {
        err = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? ASX_ERR_NOMEM
              : e == LXW_ERROR_CREATING_XLSX_FILE ? ASX_ERR_CANTCREAT
                                                  : ASX_ERR_IO;
        asx_diags_addf(d, err, out->path, 0, 0, ASX_L("XLSX を書き出せません: %s", "cannot write the XLSX file: %s"),
                       lxw_strerror(e));
    }
    (void)force; /* the set was made with it */
    asx_error cm = out->set ? asx_outset_set_mode(out->set, out->path, mode) : ASX_ERR_INTERNAL;
    if (out->set)
        cm = asx_outset_done(out->set, out->path, err ? err : cm);
    if (out->own_set) {
        if (!err && !cm)
            cm = asx_outset_commit(out->set, d);
        asx_outset_free(out->set);
        out->set = NULL;
        out->own_set = false;
    }
    free(out->tmp);
    out->tmp = NULL;
    return err ? err : cm;
}

lxw_error asx_xlsx_keep(lxw_error *first, lxw_error e)
{
    if (e && !*first)
        *first = e;
    return e;
}

lxw_format *asx_xlsx_format(lxw_workbook *wb, lxw_error *err)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f && !*err)
        *err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    return f;
}

const char *asx_xlsx_date_format(asx_lang l)
{
    return l == ASX_LANG_EN ? "yyyy-mm-dd" : "[$-411]ggge\"年\"m\"月\"d\"日 \"\\(yyyy\"年)\"";
}

lxw_error asx_xlsx_date(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const asx_date *d,
                        lxw_format *fmt, lxw_format *blank_fmt)
{
    if (!d)
        return worksheet_write_blank(ws, row, col, blank_fmt);
    lxw_datetime dt = {d->y, d->m, d->d, 0, 0, 0};
    return worksheet_write_datetime(ws, row, col, &dt, fmt);
}
