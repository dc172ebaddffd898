/* compare_report.h - a comparison of bidders for people: the terminal table, the comparison
 * workbook (libxlsxwriter) and the comparison PDF (the shared document builder).
 *
 * Every writer borrows the comparison (and through it the results, answers, bank and policy).
 * Bidder columns are in rank order, then the excluded bidders in command-line order. */
#ifndef ASX_COMPARE_REPORT_H
#define ASX_COMPARE_REPORT_H

#include <stdio.h>
#include "asx/compare.h"
#include "asx/date.h"
#include "asx/font.h"
#include "asx/error.h"
#include "asx/io.h"

typedef struct {
    asx_date date; /* --date: printed on the files and their creation time (reproducibility) */
    asx_lang lang;
    int force;     /* overwrite existing outputs */
    asx_outset *set; /* when not NULL, the files are written as members of this set of outputs */
    const asx_font *font; /* the PDF's font (borrowed); NULL: IPAexGothic through fontconfig,
                           * loaded for the call */
} asx_compare_opts;

/* The ranking and the excluded bidders with their reasons as an aligned text table: columns are
 * aligned by display width (full-width characters take two columns) and long names are cut
 * with "…". Returns ASX_ERR_IO when writing to out fails. */
asx_error asx_compare_print(const asx_comparison *c, asx_lang lang, FILE *out);

/* Cut s to at most width display columns, ending in "…" when cut, and pad it with spaces to
 * exactly width columns (on the right, or on the left when right_align). Appends to a buffer
 * the caller frees. Exposed for tests. */
char *asx_compare_cell(const char *s, int width, int right_align);

/* DIR/compare.xlsx: sheets 比較/Comparison (one column per bidder: vendor, service, rank,
 * verdict, score, finding counts, exclusion reasons, section scores, key facts, every
 * question's answer), 設問別得点/Question scores (every question's score, 0..1) and
 * 指摘事項/Findings (every finding and unanswered required question of every bidder). Cells
 * where bidders differ are highlighted, knockout cells are red, numbers are numbers and dates
 * are dates, panes are frozen below the vendor row and right of the labels. Written as one
 * file of the set of outputs o->set (NULL: a set of its own, asx_xlsx_begin): an existing path is ASX_ERR_CANTCREAT unless
 * o->force; nothing is left behind on failure. The same comparison and o->date give a
 * byte-identical file. */
asx_error asx_compare_xlsx_write(const asx_comparison *c, const asx_compare_opts *o,
                                 const char *path, asx_diags *d);

/* DIR/compare.pdf: the ranking, the exclusions with reasons and clauses, a section score chart
 * per bidder and the key facts side by side, in the style of the approval pack. Same writing
 * rules and reproducibility as the workbook. */
asx_error asx_compare_pdf_write(const asx_comparison *c, const asx_compare_opts *o,
                                const char *path, asx_diags *d);

/* The key of an anonymised comparison, for the procurement officer only: sheet 対照表/Key, one
 * row per bidder with its alias, vendor, corporate number, service and answers file; sheet
 * 識別情報/Identifiers, every identifier masked elsewhere (c->ids) with its bidder, kind and
 * mask. Written like the workbook (in o->set when given), with mode 0600. */
asx_error asx_compare_key_write(const asx_comparison *c, const asx_compare_opts *o,
                                const char *path, asx_diags *d);

#endif
