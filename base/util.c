/* util.c - growable strings, allocation helpers and UTF-8 helpers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asx/util.h"

/* ---- asx_buf ---- */

void asx_buf_free(asx_buf *b)
{
    if (!b)
        return;
    free(b->s);
    b->s = NULL;
    b->len = 0;
    b->cap = 0;
    b->oom = false;
}

void asx_buf_reset(asx_buf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

/* Make room for extra more bytes plus the NUL; false (and oom set) on failure. */
bool asx_buf_reserve(asx_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (extra > SIZE_MAX - b->len - 1) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void asx_buf_add(asx_buf *b, const char *s, size_t n)
{
    /* the common case, a few bytes into room already there (a PDF's operators, one character):
     * no call to grow, none to memcpy */
    if (n <= 8 && b->len + n < b->cap && !b->oom) {
        for (size_t i = 0; i < n; i++)
            b->s[b->len + i] = s[i];
        b->len += n;
        b->s[b->len] = '\0';
        return;
    }
    if (!asx_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void asx_buf_adds(asx_buf *b, const char *s)
{
    asx_buf_add(b, s, strlen(s));
}

void asx_buf_addc(asx_buf *b, char c)
{
    if (b->len + 1 < b->cap && !b->oom) {
        b->s[b->len++] = c;
        b->s[b->len] = '\0';
        return;
    }
    asx_buf_add(b, &c, 1);
}

void asx_buf_addf(asx_buf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    /* formatted straight into the room the buffer has; formatted again only when it was short */
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = true;
        if (room)
            b->s[b->len] = '\0';
        return;
    }
    if ((size_t)n < room) {
        b->len += (size_t)n;
        return;
    }
    if (!asx_buf_reserve(b, (size_t)n)) {
        if (room)
            b->s[b->len] = '\0';
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *asx_buf_take(asx_buf *b)
{
    char *s = NULL;
    if (!b->oom) {
        s = b->s ? b->s : asx_strdup("");
        b->s = NULL;
    }
    asx_buf_free(b);
    return s;
}

const char *asx_buf_str(const asx_buf *b)
{
    return b->s ? b->s : "";
}

/* ---- strings ---- */

char *asx_strdup(const char *s)
{
    if (!s)
        return NULL;
    return asx_strndup(s, strlen(s));
}

char *asx_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    const char *z = memchr(s, '\0', n);
    if (z)
        n = (size_t)(z - s);
    char *r = malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

char *asx_vstrdupf(const char *fmt, va_list ap)
{
    /* most results are short: formatted once into a stack buffer and copied, formatted again
     * only when longer */
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, again);
    va_end(again);
    if (n < 0)
        return NULL;
    char *r = malloc((size_t)n + 1);
    if (!r)
        return NULL;
    if ((size_t)n < sizeof small)
        memcpy(r, small, (size_t)n + 1);
    else
        vsnprintf(r, (size_t)n + 1, fmt, ap);
    return r;
}

char *asx_strdupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *r = asx_vstrdupf(fmt, ap);
    va_end(ap);
    return r;
}

void asx_strv_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---- UTF-8 ---- */

/* Length of the valid sequence at s[0..n), or 0 when it is invalid or truncated. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2) /* continuation byte, or overlong C0/C1 */
        return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        return 2;
    }
    if (c < 0xF0) {
        if (n < 2)
            return 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
        if (s[1] < lo || s[1] > hi)
            return 0;
        if (n < 3 || (s[2] & 0xC0) != 0x80)
            return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 2)
            return 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
        if (s[1] < lo || s[1] > hi)
            return 0;
        if (n < 3 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (n < 4 || (s[3] & 0xC0) != 0x80)
            return 0;
        return 4;
    }
    return 0; /* F5..FF */
}

size_t asx_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, 8 bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        size_t k = utf8_seq_len(p + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

size_t asx_utf8_next(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0) {
        *cp = 0;
        return 0;
    }
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* Japanese text is mostly three-byte sequences: decoded here when the lead byte is E1..EC
     * or EE..EF, whose second byte may be any continuation byte; E0 (overlong forms) and ED
     * (surrogates) take utf8_seq_len's general path */
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && n >= 3 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80) {
        *cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        return 3;
    }
    size_t k = utf8_seq_len(p, n);
    switch (k) {
    case 1:
        *cp = p[0];
        return 1;
    case 2:
        *cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        return 2;
    case 3:
        *cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        return 3;
    case 4:
        *cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
              (p[3] & 0x3Fu);
        return 4;
    default:
        *cp = 0xFFFD; /* invalid byte: consume it alone */
        return 1;
    }
}

typedef struct {
    unsigned lo, hi;
} cp_range;

static const cp_range wide_ranges[] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3040, 0xA4CF},   {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
};

/* Combining marks and invisible format characters (zero width). */
static const cp_range zero_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},
    {0x2060, 0x2064}, {0x2066, 0x206F}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0001, 0xE007F}, {0xE0100, 0xE01EF},
};

static bool in_ranges(unsigned cp, const cp_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

static int cp_width(unsigned cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x300)
        return 1;
    if (cp >= 0x30A0 && cp <= 0xA4CF) /* katakana and kanji: wide, no zero-width mark here */
        return 2;
    if (in_ranges(cp, zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0]))
        return 0;
    if (in_ranges(cp, wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0]))
        return 2;
    return 1;
}

int asx_utf8_width(const char *s)
{
    return s ? asx_utf8_width_n(s, strlen(s)) : 0;
}

int asx_utf8_width_n(const char *s, size_t n)
{
    int w = 0;
    while (n > 0) {
        unsigned cp;
        size_t k = asx_utf8_next(s, n, &cp);
        w += cp_width(cp);
        s += k;
        n -= k;
    }
    return w;
}

void asx_linecol(const char *buf, size_t len, size_t off, int *line, int *col)
{
    if (off > len)
        off = len;
    int ln = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)buf[i];
        if (ch == '\n') {
            ln++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = ln;
    *col = c;
}
