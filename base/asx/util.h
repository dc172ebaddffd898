/* util.h - small string and buffer helpers shared by every layer. */
#ifndef ASX_UTIL_H
#define ASX_UTIL_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>

/* A growable NUL-terminated byte string. A zeroed struct is an empty buffer. */
typedef struct {
    char *s;
    size_t len;
    size_t cap;
    bool oom; /* set once an allocation failed; later appends do nothing */
} asx_buf;

void asx_buf_free(asx_buf *b);
void asx_buf_reset(asx_buf *b);
void asx_buf_add(asx_buf *b, const char *s, size_t n);
/* Make room for extra more bytes and the NUL, for a caller that writes them itself at s + len
 * (then sets len and the NUL). false (and oom set) when it cannot. */
bool asx_buf_reserve(asx_buf *b, size_t extra);
void asx_buf_adds(asx_buf *b, const char *s);
void asx_buf_addc(asx_buf *b, char c);
void asx_buf_addf(asx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (who frees it) and leave b empty. NULL after OOM. */
char *asx_buf_take(asx_buf *b);
/* s or "" when the buffer never grew. */
const char *asx_buf_str(const asx_buf *b);

/* strdup that accepts NULL (returns NULL). */
char *asx_strdup(const char *s);
char *asx_strndup(const char *s, size_t n);
/* Allocating printf; NULL on failure. asx_vstrdupf leaves ap as vsnprintf does (va_end is the
 * caller's). */
char *asx_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *asx_vstrdupf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void asx_strv_free(char **v, size_t n);

/* UTF-8 helpers. */
/* Length of the valid UTF-8 prefix of s[0..n); == n when all valid (overlongs, surrogates
 * and code points above U+10FFFF are invalid). */
size_t asx_utf8_valid_prefix(const char *s, size_t n);
/* Decode one code point at s (valid UTF-8 assumed); returns bytes consumed, 0 at the end. */
size_t asx_utf8_next(const char *s, size_t n, unsigned *cp);
/* Terminal display width: 2 for East Asian wide/fullwidth characters, 0 for controls. */
int asx_utf8_width(const char *s);
/* The same for the n bytes at s (a line of a longer text, measured where it is). */
int asx_utf8_width_n(const char *s, size_t n);

/* Line/column (1-based, column in characters) of byte offset off in buf. */
void asx_linecol(const char *buf, size_t len, size_t off, int *line, int *col);

#endif
