/* json.h - strict JSON parsing on top of cJSON, with positions for error messages.
 *
 * cJSON alone accepts duplicate keys, invalid UTF-8 and numbers like 1e999, and it does not know
 * where a value came from. asx_json_parse() checks those and remembers the line and column of
 * every value, so a loader can say "answers.json:12:7: expected a number". */
#ifndef ASX_JSON_H
#define ASX_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "asx/error.h"

#define ASX_JSON_MAX_DEPTH 64

typedef struct asx_json asx_json;

/* Parse buf[0..len) (need not be NUL-terminated). file names the source in messages. On success
 * *out owns the tree; on failure problems are added to d and ASX_ERR_DATA is returned. Checks:
 * valid UTF-8, no NUL byte, syntax (with line:col), nesting depth, duplicate keys, finite numbers. */
asx_error asx_json_parse(const char *buf, size_t len, const char *file, asx_json **out,
                         asx_diags *d);
/* Parse data assess ships itself (the built-in banks and default policy, which the tests check
 * with asx_json_parse): cJSON only, without the strictness checks and without positions (errors
 * in it are bugs, reported as FILE: message). Same ownership as asx_json_parse. */
asx_error asx_json_parse_trusted(const char *buf, size_t len, const char *file, asx_json **out,
                                 asx_diags *d);
void asx_json_free(asx_json *j);
/* The root value; owned by j. */
const cJSON *asx_json_root(const asx_json *j);
const char *asx_json_file(const asx_json *j);
/* Line and column of a value of the tree (0,0 if not from this tree). */
void asx_json_pos(const asx_json *j, const cJSON *node, int *line, int *col);
/* Line and column (1-based; columns in characters of UTF-8) moved on from those of byte `from` of
 * s to those of byte `to` (to >= from): how every place in a JSON text is counted. */
void asx_json_linecol_advance(const char *s, size_t from, size_t to, int *line, int *col);
/* Add a problem located at node. */
void asx_json_errf(const asx_json *j, asx_diags *d, const cJSON *node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Shape helpers for loaders. Each returns the item or NULL; "want" variants record a problem
 * naming the key when it is missing or of the wrong type. */
const cJSON *asx_json_get(const cJSON *obj, const char *key);
const char *asx_json_want_string(const asx_json *j, asx_diags *d, const cJSON *obj,
                                 const char *key, bool required);
bool asx_json_want_number(const asx_json *j, asx_diags *d, const cJSON *obj, const char *key,
                          bool required, double *out);
/* Report every key of obj not in the NULL-terminated list allowed. Returns the count. */
int asx_json_check_keys(const asx_json *j, asx_diags *d, const cJSON *obj,
                        const char *const *allowed, const char *what);
/* Short description of a value for messages: "a string \"high\"", "a number 12", "an object". */
void asx_json_describe(const cJSON *v, char *buf, size_t size);
/* The one format of every command's --json output (SPEC v2 §5): compact, one line, keys in the
 * order built. Caller frees with cJSON_free(); NULL on out of memory. */
char *asx_json_output(const cJSON *v);

#endif
