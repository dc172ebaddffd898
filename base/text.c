/* text.c - character rules, terminal escaping and XML cleaning (see text.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asx/error.h"
#include "asx/text.h"

bool asx_cp_is_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

bool asx_cp_is_noncharacter(unsigned cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFEu) == 0xFFFEu;
}

typedef struct {
    unsigned lo, hi;
} range;

/* DerivedCoreProperties.txt, Default_Ignorable_Code_Point, Unicode 15.0. */
static const range ignorable[] = {
    {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x061C, 0x061C},   {0x115F, 0x1160},
    {0x17B4, 0x17B5},   {0x180B, 0x180F},   {0x200B, 0x200F},   {0x202A, 0x202E},
    {0x2060, 0x206F},   {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFF8},   {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
    {0xE0000, 0xE0FFF},
};

bool asx_cp_is_default_ignorable(unsigned cp)
{
    size_t lo = 0, hi = sizeof ignorable / sizeof ignorable[0];
    /* ASCII; CJK punctuation, kana and kanji: no entry of the table but U+3164 */
    if (cp < 0xAD || (cp > 0x206F && cp < 0xFE00 && cp != 0x3164))
        return false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ignorable[mid].lo)
            hi = mid;
        else if (cp > ignorable[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

static bool is_bidi_control(unsigned cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

bool asx_cp_is_unsafe(unsigned cp)
{
    return asx_cp_is_control(cp) || asx_cp_is_noncharacter(cp) || is_bidi_control(cp) ||
           cp == 0x2028 || cp == 0x2029;
}

/* Decode one code point of s[0..n); *bad when the byte at s starts no valid sequence (then
 * one byte is consumed and *cp is that byte). */
static size_t next_cp(const char *s, size_t n, unsigned *cp, bool *bad)
{
    size_t k = asx_utf8_next(s, n, cp);
    /* asx_utf8_next consumes a byte that starts no valid sequence alone (as U+FFFD) */
    *bad = k == 1 && (unsigned char)s[0] >= 0x80;
    if (*bad)
        *cp = (unsigned char)s[0];
    return k;
}

asx_text_problem asx_text_check(const char *s, bool multiline, size_t max_chars, unsigned *cp,
                                size_t *chars)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t count = 0;
    unsigned c = 0;
    asx_text_problem pr = ASX_TEXT_OK;
    while (*p) {
        /* printable ASCII, the bulk of most texts, needs no decoding */
        if (*p >= 0x20 && *p < 0x7F) {
            p++;
            count++;
            continue;
        }
        /* three-byte characters U+3000–U+CFFF and U+E000–U+EFFF (kana, kanji, hangul, …):
         * none is a control, a separator or a noncharacter (ED, with the surrogates, excluded) */
        if (((*p >= 0xE3 && *p <= 0xEC) || *p == 0xEE) && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            p += 3;
            count++;
            continue;
        }
        size_t n = strnlen((const char *)p, 4);
        bool bad;
        size_t k = next_cp((const char *)p, n, &c, &bad);
        if (bad)
            pr = ASX_TEXT_BAD_UTF8;
        else if (asx_cp_is_control(c) &&
                 !(multiline && (c == '\t' || c == '\n' || (c == '\r' && p[1] == '\n'))))
            pr = ASX_TEXT_CONTROL;
        else if (!multiline && (c == 0x2028 || c == 0x2029)) /* a name is one line */
            pr = ASX_TEXT_CONTROL;
        else if (asx_cp_is_noncharacter(c))
            pr = ASX_TEXT_NONCHAR;
        if (pr) {
            if (cp)
                *cp = c;
            if (chars)
                *chars = count;
            return pr;
        }
        count++;
        p += k;
    }
    if (count > max_chars) {
        if (cp)
            *cp = 0;
        if (chars)
            *chars = count;
        return ASX_TEXT_TOO_LONG;
    }
    return ASX_TEXT_OK;
}

void asx_text_describe(asx_buf *out, asx_text_problem pr, bool multiline, unsigned cp, size_t chars,
                       size_t max_chars)
{
    switch (pr) {
    case ASX_TEXT_OK: break;
    case ASX_TEXT_BAD_UTF8: asx_buf_adds(out, ASX_L("UTF-8 ではありません", "not UTF-8")); break;
    case ASX_TEXT_CONTROL:
        asx_buf_addf(out,
                     ASX_L("制御文字・改行文字 U+%04X は使えません (%zu 文字目)%s",
                           "control or line-break character U+%04X is not allowed (character %zu)%s"),
                     cp, chars + 1, multiline ? "" : ASX_L("。名前は 1 行で書いてください", "; a name is one line"));
        break;
    case ASX_TEXT_NONCHAR:
        asx_buf_addf(out, ASX_L("非文字 U+%04X は使えません (%zu 文字目)", "noncharacter U+%04X is not allowed (character %zu)"),
                     cp, chars + 1);
        break;
    case ASX_TEXT_TOO_LONG:
        asx_buf_addf(out, ASX_L("長すぎます (%zu 文字、上限 %zu 文字)", "too long (%zu characters, at most %zu)"), chars,
                     max_chars);
        break;
    }
}

bool asx_text_ok(const char *s, bool multiline, asx_buf *why)
{
    unsigned cp = 0;
    size_t at = 0, max = multiline ? ASX_MAX_TEXT_CHARS : ASX_MAX_NAME_CHARS;
    asx_text_problem pr = asx_text_check(s, multiline, max, &cp, &at);
    if (pr == ASX_TEXT_OK)
        return true;
    asx_text_describe(why, pr, multiline, cp, at, max);
    return false;
}

void asx_term_escape(asx_buf *b, const char *s, size_t n, bool keep_newlines)
{
    while (n > 0) {
        /* copy the run of plain printable ASCII at once */
        size_t run = 0;
        while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
            run++;
        if (run) {
            asx_buf_add(b, s, run);
            s += run;
            n -= run;
            continue;
        }
        bool bad;
        unsigned cp;
        size_t k = next_cp(s, n, &cp, &bad);
        if (bad)
            asx_buf_addf(b, "<0x%02X>", cp);
        else if ((cp == '\n' && keep_newlines) || cp == '\t' || !asx_cp_is_unsafe(cp))
            asx_buf_add(b, s, k);
        else
            asx_buf_addf(b, "<U+%04X>", cp);
        s += k;
        n -= k;
    }
}

int asx_term_puts(const char *s, FILE *out)
{
    asx_buf b = {0};
    size_t n = s ? strlen(s) : 0;
    asx_term_escape(&b, s ? s : "", n, true);
    int r = 0;
    if (b.oom)
        r = EOF;
    else if (b.len && fwrite(b.s, 1, b.len, out) != b.len)
        r = EOF;
    asx_buf_free(&b);
    return r;
}

int asx_term_printf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = asx_vstrdupf(fmt, ap);
    va_end(ap);
    if (!s)
        return -1;
    asx_buf b = {0};
    asx_term_escape(&b, s, strlen(s), true);
    free(s);
    int r = -1;
    if (!b.oom && (b.len == 0 || fwrite(b.s, 1, b.len, out) == b.len))
        r = (int)b.len;
    asx_buf_free(&b);
    return r;
}

static bool xml_bad(unsigned cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp < 0xA0) ||
           asx_cp_is_noncharacter(cp);
}

bool asx_xml_unclean(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    while (n > 0) {
        const unsigned char *u = (const unsigned char *)s;
        if (u[0] >= 0x20 && u[0] < 0x7F) {
            s++;
            n--;
            continue;
        }
        /* kana and kanji: a whole three-byte sequence led by E1..EC or EE is U+1000..U+CFFF or
         * U+E000..U+EFFF, none of them a control or a noncharacter */
        if (u[0] >= 0xE1 && u[0] <= 0xEE && u[0] != 0xED && n >= 3 && (u[1] & 0xC0) == 0x80 &&
            (u[2] & 0xC0) == 0x80) {
            s += 3;
            n -= 3;
            continue;
        }
        bool bad;
        unsigned cp;
        size_t k = next_cp(s, n, &cp, &bad);
        if (bad || xml_bad(cp))
            return true;
        s += k;
        n -= k;
    }
    return false;
}

char *asx_xml_clean(const char *s)
{
    if (!s)
        return NULL;
    asx_buf b = {0};
    size_t n = strlen(s);
    asx_buf_add(&b, "", 0);
    while (n > 0) {
        bool bad;
        unsigned cp;
        size_t k = next_cp(s, n, &cp, &bad);
        if (bad || xml_bad(cp))
            asx_buf_adds(&b, "\xEF\xBF\xBD"); /* U+FFFD */
        else
            asx_buf_add(&b, s, k);
        s += k;
        n -= k;
    }
    if (b.oom) {
        asx_buf_free(&b);
        return NULL;
    }
    if (!b.s)
        return asx_strdup("");
    return asx_buf_take(&b);
}
