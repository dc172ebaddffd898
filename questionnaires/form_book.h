/* form_book.h - what the XLSX and ODS readers of a filled form share (private to
 * questionnaires/): the zip archive read with libzip from memory, XML parts streamed through
 * expat under size limits, and the cells of the two sheets the form defines.
 *
 * A reader (xlsx_read.c, ods_read.c) fills a form_sheets from an open form_book; the
 * conversion of those cells into answers (xlsx_import.c) is the same for both formats, so both
 * give the same answers and the same messages. */
#ifndef ASX_FORM_BOOK_H
#define ASX_FORM_BOOK_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>
#include "asx/error.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"

#define FB_MAX_CELL_BYTES (4u * ASX_XLSX_MAX_CELL) /* UTF-8: at most 4 bytes per character */
#define FB_MAX_SHEETS 256u
/* Columns read from a sheet: A-H of the vendor form (ASX_FORM_NCOLS), A-P of the officer's review
 * sheet (ASX_RSHEET_NCOLS). */
#define FB_NCOLS 16

/* One cell as the spreadsheet stored it. */
typedef struct {
    char *v;      /* the text (shared string resolved; numbers as written); NULL when empty */
    char t;       /* 'n' number, 's' string, 'b' boolean ("1"/"0"), 'e' error value, 'd' ISO date */
    bool formula; /* the cell holds a formula */
    bool too_long;
    bool pct; /* a number shown with a percent format (0.9995 shown as 99.95%) */
    bool hours; /* a number shown with a time format (72:00): v is the duration in hours */
} xcell;

typedef struct {
    unsigned row; /* 1-based row number */
    xcell c[FB_NCOLS];
} xrow;

typedef struct {
    xrow *v;
    size_t n, cap;
} xsheet;

void xsheet_free(xsheet *s);
/* Whether s starts with white space (ASCII or U+3000); *n its length in bytes. */
bool fb_is_space_at(const char *s, size_t *n);
/* A copy of s[0..len) without white space at its ends; caller frees. */
char *fb_trim_dup(const char *s, size_t len);
/* The text of a cell, trimmed ("TRUE"/"FALSE" for a boolean); NULL when empty. Caller frees. */
char *xcell_text(const xcell *c);
/* Append an empty row numbered `row`; NULL on out of memory. */
xrow *xsheet_add_row(xsheet *s, unsigned row);
/* Replace the cell's value with a copy of v; false on out of memory. */
bool xcell_set(xcell *c, const char *v, char t, bool formula, bool too_long, bool pct, bool hours);

/* What a reader hands to the conversion. */
typedef struct {
    xsheet meta;        /* _meta: key in A, value in B */
    xsheet answers;     /* the data sheet: 回答 / Answers (columns A-H) of the vendor form, or
                           審査 / Review of the officer's review sheet */
    char *answers_name; /* its name as in the workbook */
    bool date1904;      /* XLSX workbookPr date1904 (Excel for Mac): serials count from 1904 */
} form_sheets;

void form_sheets_free(form_sheets *s);

typedef enum { DATE_OK, DATE_BAD, DATE_NUMBER, DATE_TIME } fb_date_status;
/* A date from a cell (text: its trimmed text): a date-typed cell, a serial number (a
 * date-formatted cell, counted from 1904 in a date1904 workbook), or text as people type dates
 * (asx_form_parse_date). A bare number (a year) and a time are refused (xlsx_import.c). */
fb_date_status fb_cell_date(bool date1904, const xcell *c, const char *text, asx_date *out);

typedef enum { FB_XLSX, FB_ODS } fb_kind;

typedef struct {
    zip_t *za;
    const char *file; /* for messages */
    asx_diags *d;
    size_t total; /* uncompressed bytes read so far */
    fb_kind kind;
    /* the names of the data sheet, tried in order (NULL-terminated); NULL: the vendor form's
     * 回答 / Answers */
    const char *const *data_sheets;
} form_book;

/* The names of the data sheet b reads. */
const char *const *form_book_data_sheets(const form_book *b);

/* Open buf[0..len) as a zip and tell XLSX from ODS. Refuses (ASX_ERR_DATA, with a message that
 * says what to do) what is not a zip (an .xls, a CSV), a zip of something else, a zip with too
 * many entries, and a zip holding two entries whose names are equal or differ only in case
 * (hostile input: readers disagree on which one counts). buf must outlive the book. */
asx_error form_book_open(form_book *b, const void *buf, size_t len);
void form_book_close(form_book *b);
bool form_book_has(form_book *b, const char *entry);
/* "FILE: ENTRY: message" (ASX_ERR_DATA). */
void form_book_diag(form_book *b, const char *entry, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The form's sheets are not there: say which is missing and which sheets there are. */
void form_book_no_sheet(form_book *b, bool have_meta, char *const *names, size_t n);

/* Expat state every handler state starts with (handlers get it as user data). */
typedef struct {
    XML_Parser p;
    asx_error err; /* set by a handler that stopped the parser */
    char msg[256];
    unsigned skip; /* depth inside elements whose text is ignored */
    bool in_text;  /* collecting character data */
    asx_buf text;
    bool text_too_long;
} xparse;

/* A namespace-aware parser ("ns|local" names) that refuses a DOCTYPE; user data is x. */
asx_error xp_init(xparse *x, XML_StartElementHandler start, XML_EndElementHandler end);
void xp_done(xparse *x);
void xp_stop(xparse *x, asx_error err, const char *msg);
/* Stream entry `name` through x's parser under the per-entry and total limits. */
asx_error form_book_parse(form_book *b, const char *name, xparse *x);

/* The local part of "namespace|local". */
const char *xml_local(const char *name);
/* The attribute with that local name, or NULL. */
const char *xml_attr(const char **atts, const char *name);

asx_error xlsx_read_sheets(form_book *b, form_sheets *out); /* xlsx_read.c */
asx_error ods_read_sheets(form_book *b, form_sheets *out);  /* ods_read.c */

#endif
