/* pdf_text.c - text for the PDF engine: UTF-8 decoded to the code points the font has,
 * measured, and broken into lines by the rules of asx/pdfdoc.h (禁則, tokens kept whole). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/text.h"
#include "pdf_impl.h"

/* ---- text: decoding, sanitising, measuring ---- */

static void cp_set_add(cp_set *m, unsigned cp)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i] == cp)
            return;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        unsigned *nv = realloc(m->v, cap * sizeof *nv);
        if (!nv) {
            m->oom = true;
            return;
        }
        m->v = nv;
        m->cap = cap;
    }
    m->v[m->n++] = cp;
}

/* Text to the code points drawn (*out is malloc'd; tabs become spaces): controls dropped, default-ignorable characters dropped (so a
 * variation sequence is drawn as its base character, a ZWJ sequence as its parts), characters
 * the font lacks drawn as 〓 and recorded in missing (may be NULL: measuring only). */
size_t pdf_decode(const asx_font *font, const char *s, unsigned **out, cp_set *missing)
{
    size_t len = s ? strlen(s) : 0, n = 0, off = 0;
    *out = NULL;
    if (len == 0)
        return 0;
    unsigned *v = malloc((len + 1) * sizeof *v);
    if (!v)
        return 0;
    while (off < len) {
        unsigned cp = 0;
        size_t k = asx_utf8_next(s + off, len - off, &cp);
        /* the text stops at its first byte that starts no valid sequence (asx_utf8_next gives
         * it alone as U+FFFD; a real U+FFFD is three bytes) */
        if (k == 0 || (k == 1 && cp == 0xFFFD))
            break;
        off += k;
        if (cp == '\t')
            cp = ' ';
        if (cp == '\r' || (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0) ||
            cp == 0x200B || cp == 0xFEFF || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
            asx_cp_is_default_ignorable(cp))
            continue;
        if (cp != '\n' && !asx_font_has(font, cp)) {
            if (missing)
                cp_set_add(missing, cp);
            cp = ASX_FONT_MISSING;
        }
        v[n++] = cp;
    }
    *out = v;
    return n;
}

float pdf_cp_width(const asx_font *font, unsigned cp, float size)
{
    if (cp == '\n')
        return 0;
    return (float)asx_font_advance(font, cp) * size / 1000.0f;
}

float pdf_cps_width(const asx_font *font, const unsigned *v, size_t n, float size)
{
    long units = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] != '\n')
            units += asx_font_advance(font, v[i]);
    return (float)units * size / 1000.0f;
}

float asx_pdf_text_width(const asx_pdf *p, const char *text, float size)
{
    unsigned *v = NULL;
    size_t n = pdf_decode(p->font, text, &v, NULL);
    float w = pdf_cps_width(p->font, v, n, size);
    free(v);
    return w;
}

static void encode_cp(asx_buf *b, unsigned cp)
{
    char t[4];
    if (cp < 0x80) {
        asx_buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        asx_buf_add(b, t, 2);
    } else {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        asx_buf_add(b, t, 3);
    }
}

char *pdf_encode(const unsigned *v, size_t n)
{
    asx_buf b = {0};
    for (size_t i = 0; i < n; i++)
        encode_cp(&b, v[i]);
    if (b.oom) {
        asx_buf_free(&b);
        return NULL;
    }
    if (!b.s)
        return asx_strdup("");
    return asx_buf_take(&b);
}

/* ---- line breaking (禁則) ---- */

/* Characters that may not start a line (行頭禁則): closing punctuation and brackets, dashes and
 * ellipses, 々 and repeat marks, small kana, the prolonged sound mark, fullwidth signs. A switch:
 * the compiler makes it a few bit tests, as cheap for kana as for kanji. */
static bool no_start(unsigned cp)
{
    switch (cp) {
    case ',': case '.': case ')': case ']': case '}': case '!': case '?': case ':': case ';': case '%':
    case 0x2010: case 0x2013: case 0x2019: case 0x201D: case 0x2025: case 0x2026:
    case 0x3001: case 0x3002: case 0x3003: case 0x3005: case 0x3009: case 0x300B: case 0x300D:
    case 0x300F: case 0x3011: case 0x3015: case 0x3017: case 0x3019:
    case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: case 0x3063: case 0x3083:
    case 0x3085: case 0x3087: case 0x308E: case 0x3095: case 0x3096: case 0x309B: case 0x309C:
    case 0x309D: case 0x309E:
    case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9: case 0x30C3: case 0x30E3:
    case 0x30E5: case 0x30E7: case 0x30EE: case 0x30F5: case 0x30F6: case 0x30FB: case 0x30FC:
    case 0x30FD: case 0x30FE:
    case 0x31F0: case 0x31F1: case 0x31F2: case 0x31F3: case 0x31F4: case 0x31F5: case 0x31F6:
    case 0x31F7: case 0x31F8: case 0x31F9: case 0x31FA: case 0x31FB: case 0x31FC: case 0x31FD:
    case 0x31FE: case 0x31FF:
    case 0xFF01: case 0xFF05: case 0xFF09: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B:
    case 0xFF1F: case 0xFF3D: case 0xFF5D:
        return true;
    default:
        return false;
    }
}

/* Characters that may not end a line (行末禁則): opening brackets and quotes, ＄ and ￥. */
static bool no_end(unsigned cp)
{
    switch (cp) {
    case '(': case '[': case '{':
    case 0x2018: case 0x201C: case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010:
    case 0x3014: case 0x3016: case 0x3018: case 0xFF04: case 0xFF08: case 0xFF3B: case 0xFF5B:
    case 0xFFE5:
        return true;
    default:
        return false;
    }
}

bool pdf_is_space(unsigned cp)
{
    return cp == ' ' || cp == 0x3000 || cp == 0xA0;
}

static bool is_cjk(unsigned cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* A character of an id, a clause number or a code: ASCII letters, digits and signs, and the
 * circled numbers of clause items (⑦). */
static bool is_token(unsigned cp)
{
    return (cp > ' ' && cp < 0x7F) || (cp >= 0x2460 && cp <= 0x24FF);
}

/* May a line break between v[j-1] and v[j]? Never inside a token (an id, a clause number such
 * as 11-2(2)⑥イ, a code) nor between a token and the kana or kanji it runs into, never between
 * a number and its unit (「24 時間」, "99.9 %"), never at a no-break space (personal names). */
/* Is v[j-1]/v[j] inside a glued word: a run without ordinary spaces that holds a no-break space
 * (a personal name such as 「佐藤 花子」 written with U+00A0)? Looks at most GLUE_SPAN each side. */
#define GLUE_SPAN 16
static bool in_glued_word(const unsigned *v, size_t n, size_t j)
{
    for (size_t k = j, steps = 0; k > 0 && steps < GLUE_SPAN; k--, steps++) {
        unsigned c = v[k - 1];
        if (c == 0xA0)
            return true;
        if (c == ' ' || c == 0x3000 || c == '\n')
            break;
    }
    for (size_t k = j, steps = 0; k < n && steps < GLUE_SPAN; k++, steps++) {
        unsigned c = v[k];
        if (c == 0xA0)
            return true;
        if (c == ' ' || c == 0x3000 || c == '\n')
            break;
    }
    return false;
}

/* A character of one of the units below. */
static bool is_unit_char(unsigned c)
{
    switch (c) {
    case 0x6642: case 0x9593: case 0x304B: case 0x6708: case 0x30F6: case 0x30AB: case 0x30F5:
    case 0x55B6: case 0x696D: case 0x65E5: case 0x5E74: case 0x5EA6: case 0x5206:
        return true;
    default:
        return false;
    }
}

/* Is v[j-1]/v[j] inside a unit of more than one character written after a number (「24 時間」,
 * 「12 か月」, 「5 営業日」)? */
static bool in_unit(const unsigned *v, size_t n, size_t j)
{
    if (!is_unit_char(v[j - 1]) || !is_unit_char(v[j]))
        return false; /* both sides of the break are inside the unit */
    static const unsigned units[][4] = {{0x6642, 0x9593}, {0x304B, 0x6708}, {0x30F6, 0x6708},
                                        {0x30AB, 0x6708}, {0x30F5, 0x6708}, {0x55B6, 0x696D, 0x65E5},
                                        {0x5E74, 0x5EA6}, {0x5206, 0x9593}, {0x65E5, 0x9593}};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t len = units[u][2] ? 3 : 2;
        for (size_t k = 1; k < len; k++) { /* the unit starts at j - k */
            if (j < k || j - k + len > n)
                continue;
            size_t s = j - k;
            if (memcmp(v + s, units[u], len * sizeof *v) != 0)
                continue;
            size_t d = s;
            if (d > 0 && v[d - 1] == ' ')
                d--;
            if (d > 0 && v[d - 1] >= '0' && v[d - 1] <= '9')
                return true;
        }
    }
    return false;
}

/* Characters of an organisation's clause number such as 「第9章第3節(2)⑪」 or 「第12条第1項」. */
static bool is_clause_char(unsigned c)
{
    return (c >= '0' && c <= '9') || c == '(' || c == ')' || c == '-' || (c >= 0x2460 && c <= 0x24FF) ||
           (c >= 0xFF10 && c <= 0xFF19) || c == 0xFF08 || c == 0xFF09 || c == 0x7B2C /* 第 */ ||
           c == 0x7AE0 /* 章 */ || c == 0x7BC0 /* 節 */ || c == 0x6761 /* 条 */ || c == 0x9805 /* 項 */ ||
           c == 0x53F7 /* 号 */ || c == 0x6B3E /* 款 */ || (c >= 0x30A2 && c <= 0x30F3) /* イ, ロ… */;
}

static bool is_clause_mark(unsigned c)
{
    return c == 0x7B2C || c == 0x7AE0 || c == 0x7BC0 || c == 0x6761;
}

/* Is v[j-1]/v[j] inside a clause number: a run of clause characters with a digit and one of
 * 第章節条 (at most 24 characters)? */
static bool in_clause_number(const unsigned *v, size_t n, size_t j)
{
    if (!is_clause_char(v[j - 1]) || !is_clause_char(v[j]))
        return false;
    size_t l = j - 1, r = j + 1;
    while (l > 0 && j - l < 24 && is_clause_char(v[l - 1]))
        l--;
    while (r < n && r - j < 24 && is_clause_char(v[r]))
        r++;
    bool digit = false, mark = false;
    for (size_t k = l; k < r; k++) {
        digit = digit || (v[k] >= '0' && v[k] <= '9') || (v[k] >= 0xFF10 && v[k] <= 0xFF19);
        mark = mark || is_clause_mark(v[k]);
    }
    return digit && mark;
}


text_marks pdf_scan_marks(const unsigned *v, size_t n)
{
    text_marks m = {false, false};
    for (size_t i = 0; i < n; i++) {
        m.nbsp = m.nbsp || v[i] == 0xA0;
        m.clause_mark = m.clause_mark || is_clause_mark(v[i]);
    }
    return m;
}

/* May a line break between v[j-1] and v[j] by the rules of spaces, 禁則 and scripts alone? */
static bool break_allowed(const unsigned *v, size_t j)
{
    unsigned a = v[j - 1], b = v[j];
    if (b == ' ' || b == 0xA0 || a == 0xA0)
        return false; /* break after the spaces, never before them; never at a no-break space */
    if (no_start(b) || no_end(a))
        return false;
    if (a == ' ' && j >= 2 && v[j - 2] >= '0' && v[j - 2] <= '9' && !(b >= '0' && b <= '9'))
        return false; /* a number and its unit */
    if (pdf_is_space(a))
        return true;
    if ((is_token(a) && is_cjk(b)) || (is_cjk(a) && is_token(b)))
        return false;
    return is_cjk(a) || is_cjk(b);
}

/* The exceptions only ever forbid a break, and they look around v[j] (a personal name up to
 * GLUE_SPAN characters away): they are asked only where the rules allow one and the text has
 * what they look for. */
bool pdf_break_before(const unsigned *v, size_t n, size_t j, const text_marks *m)
{
    if (!break_allowed(v, j))
        return false;
    if (m->clause_mark && in_clause_number(v, n, j))
        return false; /* 第9章第3節(2)⑪ */
    if (in_unit(v, n, j))
        return false; /* a number's unit */
    if (m->nbsp && !pdf_is_space(v[j - 1]) && in_glued_word(v, n, j))
        return false; /* a personal name */
    return true;
}


static void spans_add(spans *s, size_t start, size_t end)
{
    if (s->oom)
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        span *nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) {
            s->oom = true;
            return;
        }
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->v[s->n].cont = false;
    s->n++;
}

/* No break opportunity in v[i..j) (a long word, a run of punctuation): break inside it at the
 * last place that still keeps 禁則, else let the line run on to the next such place. */
static size_t forced_break(const unsigned *v, size_t i, size_t j, size_t e)
{
    for (size_t k = j; k > i + 1; k--)
        if (!no_start(v[k]) && !no_end(v[k - 1]))
            return k;
    for (size_t k = j + 1; k < e; k++)
        if (!no_start(v[k]) && !no_end(v[k - 1]))
            return k;
    return j;
}

/* Break the paragraph v[s..e) (no '\n' inside) into lines of at most width pt. */
static void wrap_para(const asx_font *font, const unsigned *v, size_t s, size_t e,
                      const text_marks *m, float size, float width, spans *out)
{
    size_t i = s;
    if (s == e) {
        spans_add(out, s, e);
        return;
    }
    while (i < e) {
        float w = 0;
        size_t j = i, last = 0;
        while (j < e) {
            float cw = pdf_cp_width(font, v[j], size);
            if (j > i && pdf_break_before(v, e, j, m))
                last = j;
            if (j > i && w + cw > width && !pdf_is_space(v[j]))
                break;
            w += cw;
            j++;
        }
        size_t end = j;
        bool cont = false;
        if (j < e) {
            if (last > i) {
                end = last;
            } else {
                end = forced_break(v, i, j, e);
                cont = is_token(v[end - 1]) && is_token(v[end]);
                if (cont) /* room for the continuation mark */
                    while (end > i + 1 && pdf_cps_width(font, v + i, end - i, size) +
                                                  pdf_cp_width(font, CONT_MARK, size) > width)
                        end--;
            }
        }
        size_t trim = end;
        while (trim > i && pdf_is_space(v[trim - 1]) && v[trim - 1] != 0x3000)
            trim--;
        spans_add(out, i, trim);
        if (cont && !out->oom && out->n > 0)
            out->v[out->n - 1].cont = true;
        i = end;
        while (i < e && (v[i] == ' ' || v[i] == 0xA0))
            i++;
    }
}

void pdf_wrap_cps(const asx_font *font, const unsigned *v, size_t n, float size, float width,
                  spans *out)
{
    size_t s = 0;
    text_marks m = pdf_scan_marks(v, n);
    for (size_t i = 0; i <= n; i++) {
        if (i == n || v[i] == '\n') {
            if (i < n || s < n || n == 0)
                wrap_para(font, v, s, i, &m, size, width, out);
            s = i + 1;
        }
    }
}

void asx_pdf_lines_free(char **lines, size_t n)
{
    if (!lines)
        return;
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

size_t asx_pdf_wrap(const asx_pdf *p, const char *text, float size, float width, char ***lines)
{
    unsigned *v = NULL;
    spans sp = {0};
    char **out = NULL;
    size_t n = pdf_decode(p->font, text, &v, p->missing), count = 0;
    *lines = NULL;
    if (n == 0)
        goto done;
    pdf_wrap_cps(p->font, v, n, size, width, &sp);
    if (sp.oom || sp.n == 0)
        goto done;
    out = calloc(sp.n, sizeof *out);
    if (!out)
        goto done;
    for (size_t i = 0; i < sp.n; i++) {
        out[i] = pdf_encode(v + sp.v[i].start, sp.v[i].end - sp.v[i].start);
        if (!out[i]) {
            asx_pdf_lines_free(out, i);
            out = NULL;
            goto done;
        }
    }
    count = sp.n;
    *lines = out;
done:
    free(sp.v);
    free(v);
    return count;
}
