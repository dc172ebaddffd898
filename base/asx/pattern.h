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
    /* identifiers in free text, found by asx_re_find (SPEC §8.3 anonymised comparison) */
    ASX_RE_ID_ISMAP,    /* ISMAP registration number C24-0788-1 */
    ASX_RE_ID_CERT,     /* certificate id IS 811234 (not a standard's name: ISO 27001) */
    ASX_RE_ID_URL,      /* http(s)://… */
    ASX_RE_ID_EMAIL,    /* name@example.co.jp */
    ASX_RE_ID_DOMAIN,   /* example.co.jp */
    ASX_RE_ID_PHONE,    /* 03-1234-5678, +81-3-1234-5678, 0312345678 */
    ASX_RE_ID_CORPNUM,  /* 13 digits standing alone */
    ASX_RE_ID_COMPANY,  /* 株式会社ひかり, ひかりホールディングス株式会社, Hikari Co., Ltd. */
    ASX_RE_COUNT
} asx_re;

/* Whether the whole of s matches the pattern. */
bool asx_re_match(asx_re which, const char *s);

/* The first match of the pattern in s[from..len), anywhere (not anchored): true with the match
 * at s[*start..*end), false when there is none. */
bool asx_re_find(asx_re which, const char *s, size_t len, size_t from, size_t *start,
                 size_t *end);

#endif
