/* pattern.h - the format checks of assess as PCRE2 patterns, compiled once per process and
 * shared by every thread. */
#ifndef ASX_PATTERN_H
#define ASX_PATTERN_H

#include <stdbool.h>

typedef enum {
    ASX_RE_QUESTION_ID, /* section.name */
    ASX_RE_SECTION_ID,
    ASX_RE_OPTION,      /* lowercase option value */
    ASX_RE_COUNTRY,     /* two uppercase letters (then checked against the ISO list) */
    ASX_RE_ISO_DATE,    /* YYYY-MM-DD (then checked for existence) */
    ASX_RE_CORPNUM,     /* 13 digits */
    ASX_RE_CLAUSE,      /* 11-2(2)⑦, 2(2)①オ, 11-1(1)②, 2(1) */
    ASX_RE_VERSION,     /* 1.0 */
    ASX_RE_BANK_ID,     /* cloud-light */
    ASX_RE_COUNT
} asx_re;

/* Whether the whole of s matches the pattern. */
bool asx_re_match(asx_re which, const char *s);

#endif
