/* date.h - calendar dates: ISO 8601 parsing, arithmetic, Japanese era formatting. */
#ifndef ASX_DATE_H
#define ASX_DATE_H

#include <stdbool.h>
#include "asx/error.h"

typedef struct {
    int y, m, d;
} asx_date;

/* Parse exactly YYYY-MM-DD of a date that exists (2026-02-29 fails). */
bool asx_date_parse(const char *s, asx_date *out);
bool asx_date_valid(asx_date d);
/* Negative, zero or positive like strcmp. */
int asx_date_cmp(asx_date a, asx_date b);
/* Add months, clamping the day to the end of the target month (Jan 31 + 1 = Feb 28/29). */
asx_date asx_date_add_months(asx_date d, int months);
asx_date asx_date_add_days(asx_date d, int days);
/* Days from a to b (b - a). */
long asx_date_diff_days(asx_date a, asx_date b);
/* Today in local time; the UTC day of SOURCE_DATE_EPOCH when that is set (reproducible runs). */
asx_date asx_date_today(void);
/* "2026-11-20" into buf[11]. */
void asx_date_iso(asx_date d, char buf[11]);
/* Display in a language: ja "令和8年11月20日 (2026年)", en "20 November 2026". buf >= 64. */
void asx_date_format(asx_date d, asx_lang lang, char *buf, size_t size);
/* A date as a document's table or text writes it: Japanese documents one way, 和暦 with the
 * Western year (asx_date_format), English ones YYYY-MM-DD. */
void asx_date_doc(asx_date d, asx_lang lang, char *buf, size_t size);
/* Excel serial day number (1900 date system) and back. */
double asx_date_to_serial(asx_date d);
bool asx_date_from_serial(double serial, asx_date *out);

#endif
