/* xlsxutil.h - helpers shared by the workbook writers of report/ (pack, form, compare,
 * re-audit, register export). */
#ifndef ASX_XLSXUTIL_H
#define ASX_XLSXUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <xlsxwriter.h>
#include "asx/date.h"
#include "asx/error.h"
#include "asx/io.h"

#define ASX_XLSX_CELL_MAX 32767 /* Excel's limit, in characters */

/* A workbook being written to a temporary file beside its final path: every workbook of assess
 * goes through asx_xlsx_begin() and asx_xlsx_finish(), so none is ever left half-written under
 * its final name. */
typedef struct {
    lxw_workbook *wb;
    char *tmp;
    const char *path;
    asx_outset *set; /* the set of outputs it is one file of (borrowed), or its own set */
    bool own_set;    /* a workbook alone: set is a set of this one file, committed at the end */
} asx_xlsx_out;

/* Open a workbook that is one file of a set of outputs, on the set's temporary file for path,
 * its creation time `created` at 00:00 UTC, so the same inputs give the same bytes; title (may
 * be NULL) goes into the document properties. asx_xlsx_finish() tells the set how it went and
 * asx_outset_commit() puts it in place with the others. set NULL: the workbook is a set of one
 * file (an existing path refused unless force, ASX_ERR_CANTCREAT), committed by
 * asx_xlsx_finish(). On failure nothing is left. */
asx_error asx_xlsx_begin(asx_xlsx_out *out, asx_outset *set, const char *path, int force,
                         asx_date created, const char *title, asx_diags *d);

/* Close the workbook (libxlsxwriter frees it whatever happens) and, when neither werr (the first
 * libxlsxwriter error met while filling it) nor the close failed, move it into place with the
 * given mode; otherwise report the error and remove the temporary file. */
asx_error asx_xlsx_finish(asx_xlsx_out *out, lxw_error werr, int force, mode_t mode, asx_diags *d);

/* The one sticky libxlsxwriter error of a workbook being filled: *first keeps the first error
 * met (e when *first holds none), so that the writer goes on without checking every call and
 * asx_xlsx_finish(out, *first, …) abandons the workbook and reports it. Returns e. */
lxw_error asx_xlsx_keep(lxw_error *first, lxw_error e);

/* A new format of wb; on failure records LXW_ERROR_MEMORY_MALLOC_FAILED in *err (when it holds
 * no earlier error) and returns NULL. */
lxw_format *asx_xlsx_format(lxw_workbook *wb, lxw_error *err);

/* Copy of s cut to at most max_chars whole characters (libxlsxwriter refuses longer validation
 * titles and messages). Caller frees; NULL on OOM. */
char *asx_xlsx_cut(const char *s, size_t max_chars);

/* Write s (UTF-8) to a cell, cut at a character boundary to ASX_XLSX_CELL_MAX characters; *cut
 * (may be NULL) tells whether it was cut. NULL or "" writes a blank cell when fmt is given,
 * nothing otherwise. Returns libxlsxwriter's status. */
lxw_error asx_xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                              lxw_format *fmt, bool *cut);

/* asx_xlsx_write_text that reports a cut in d (may be NULL) as a note (ASX_OK) naming the sheet
 * and cell. */
lxw_error asx_xlsx_text(lxw_worksheet *ws, const char *sheet, lxw_row_t row, lxw_col_t col,
                        const char *s, lxw_format *fmt, asx_diags *d, const char *file);

/* Column width in Excel character units that fits the widest of the texts (display width:
 * CJK characters count 2), bounded to [min, max]. Multi-line texts count their longest line. */
double asx_xlsx_fit_width(const char *const *texts, size_t n, double min, double max);

/* Estimated row height (points) for text wrapped in a column of the given width. */
double asx_xlsx_row_height(const char *text, double width);

/* Midnight UTC of a date as time_t, for lxw_doc_properties.created. */
long long asx_xlsx_time(asx_date d);
/* The number format of date cells in a workbook of language l: Japanese documents write dates
 * one way, 和暦 with the Western year as the 起案 sheet does (令和8年12月7日 (2026年), as Excel and
 * LibreOffice show [$-411]ggge); English ones yyyy-mm-dd. ASX_XLSX_DATE_WIDTH_JA is the column
 * width that shows it. */
const char *asx_xlsx_date_format(asx_lang l);
#define ASX_XLSX_DATE_WIDTH_JA 24
/* A date as a date cell (the one way every workbook writes dates; d NULL: a blank cell in
 * blank_fmt). */
lxw_error asx_xlsx_date(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const asx_date *d,
                        lxw_format *fmt, lxw_format *blank_fmt);

#endif
