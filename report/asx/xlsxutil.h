/* xlsxutil.h - helpers shared by the workbook writers of report/ (pack, form, compare,
 * re-audit, register export). */
#ifndef ASX_XLSXUTIL_H
#define ASX_XLSXUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>
#include "asx/date.h"
#include "asx/error.h"

#define ASX_XLSX_CELL_MAX 32767 /* Excel's limit, in characters */

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

#endif
