/* country.h - ISO 3166-1 alpha-2 country codes. */
#ifndef ASX_COUNTRY_H
#define ASX_COUNTRY_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/error.h"

/* True when code is an assigned ISO 3166-1 alpha-2 code (uppercase). */
bool asx_country_valid(const char *code);
/* Display name in the language ("日本"/"Japan"), or the code itself when not in the name table. */
const char *asx_country_name(const char *code, asx_lang lang);
/* All assigned codes, for drop-down lists; n receives the count. */
const char *const *asx_country_codes(size_t *n);

#endif
