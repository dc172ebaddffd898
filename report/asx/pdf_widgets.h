/* pdf_widgets.h - what paperwork draws with the PDF engine besides text and tables: the verdict
 * badge, the bar chart of section scores, the stamp row (決裁欄) with 合議, and the tones of
 * verdicts and severities. Laid out like every flow call of asx/pdfdoc.h (kept whole on one
 * page). */
#ifndef ASX_PDF_WIDGETS_H
#define ASX_PDF_WIDGETS_H

#include "asx/pdfdoc.h"
#include "asx/score.h"

/* The tone of a verdict: approved GOOD, conditional WARN, rejected BAD, incomplete NEUTRAL. */
asx_pdf_tone asx_pdf_verdict_tone(asx_verdict v);
/* The tone of a finding severity: knockout BAD, major BAD, minor WARN, info NEUTRAL. */
asx_pdf_tone asx_pdf_severity_tone(asx_severity s);

/* A rounded badge with a label in white on the tone's colour (e.g. the verdict 「条件付き承認」),
 * left-aligned at the indent, with an optional note to its right (e.g. "82.5 点"), size pt text
 * (0 means 16). */
void asx_pdf_badge(asx_pdf *p, const char *label, asx_pdf_tone tone, const char *note,
                   float size);

/* A horizontal bar chart: one bar per label for values 0..100 (a value < 0 is drawn as "—":
 * not scored). Bars are GOOD at or above good_at, WARN at or above warn_at, BAD below; dashed
 * vertical marks are drawn at good_at and warn_at (pass a value < 0 to omit a mark). The value
 * is printed after each bar. Labels are wrapped to a third of the width. */
void asx_pdf_bar_chart(asx_pdf *p, const char *const *labels, const double *values, size_t n,
                       double good_at, double warn_at);

/* The approval block (決裁欄): a row of n stamp boxes (n <= 8), each with its role on top
 * (roles[i], e.g. 「起案者」), an empty box to stamp or sign, the printed name below (names[i],
 * NULL or "" leaves a line to write on) and a date line 「　　年　　月　　日」 / "Date: ______".
 * Kept whole on one page. */
void asx_pdf_stamps(asx_pdf *p, const char *const *roles, const char *const *names, size_t n);

/* The stamp row of an 起案 sheet (SPEC v2 §6): n columns (n <= 8) left to right, each with its
 * role (roles[i]), a place for the seal, the printed name (names[i]; NULL or "" leaves a line
 * to write on; a name is shrunk to fit, never broken) and a date line; below, when nconsult > 0,
 * the 合議 boxes (consult[i], e.g. 「財政課長」), each with a date line. Kept whole on one page.
 * asx_pdf_stamps() is this row without 合議. */
void asx_pdf_stamp_row(asx_pdf *p, const char *const *roles, const char *const *names, size_t n,
                       const char *const *consult, size_t nconsult);

#endif
