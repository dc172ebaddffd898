/* compare_report.h - a comparison of bidders for people: the terminal table, and the comparison
 * as one document (the workbook and the PDF are its renderings, asx_doc_write).
 *
 * Every view borrows the comparison (and through it the results, answers, bank and policy).
 * Bidder columns are in rank order, then the excluded bidders in command-line order. */
#ifndef ASX_COMPARE_REPORT_H
#define ASX_COMPARE_REPORT_H

#include <stdio.h>
#include "asx/compare.h"
#include "asx/date.h"
#include "asx/docmodel.h"
#include "asx/error.h"
#include "asx/io.h"

/* The ranking and the excluded bidders with their reasons as an aligned text table: columns are
 * aligned by display width (full-width characters take two columns) and long names are cut
 * with "…". Returns ASX_ERR_IO when writing to out fails. */
asx_error asx_compare_print(const asx_comparison *c, asx_lang lang, FILE *out);

/* Cut s to at most width display columns, ending in "…" when cut, and pad it with spaces to
 * exactly width columns (on the right, or on the left when right_align). Appends to a buffer
 * the caller frees. Exposed for tests. */
char *asx_compare_cell(const char *s, int width, int right_align);

/* The comparison as one document (the model of asx/docmodel.h), dated date (--date: printed on
 * the files and their creation time), in language l. Drawn as the workbook (DIR/compare.xlsx:
 * sheets 比較/Comparison with one column per bidder: vendor, service, rank, verdict, score,
 * finding counts, exclusion reasons, section scores, key facts, every question's answer;
 * 設問別得点/Question scores; 指摘事項/Findings; 選定結果/Selection; cells where bidders differ
 * amber, knockouts red, numbers as numbers and dates as dates, the label columns kept in view)
 * and as the PDF (DIR/compare.pdf: the ranking, the exclusions with reasons and clauses, the key
 * facts side by side, a section score chart per bidder, the selection with the committee's
 * stamp boxes); every page and sheet names the tender and the organisation when given. Free
 * with asx_doc_free(); NULL when out of memory (or no bidder). An anonymised comparison shows
 * no identifier anywhere in it. Borrows nothing after it returns. */
asx_doc *asx_compare_doc(const asx_comparison *c, asx_date date, asx_lang l);

/* The key of an anonymised comparison, for the procurement officer only, as a document drawn
 * as a workbook (write it with mode 0600): sheet 対照表/Key, one row per bidder with its
 * alias, vendor, corporate number, service and answers file; sheet 識別情報/Identifiers, every
 * identifier masked elsewhere (c->ids) with its bidder, kind and mask. NULL when out of
 * memory. */
asx_doc *asx_compare_key_doc(const asx_comparison *c, asx_date date, asx_lang l);

#endif
