/* pdfdoc.c - layout into an in-memory display list, then one libharu document per render with
 * the shared font subset to the code points used (see pdfdoc.h). */
#include "asx/pdfdoc.h"
#include "asx/text.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/util.h"

#define MAX_COLS 12
#define TABLE_SIZE 8.5f  /* pt, text in tables */
#define LINE_FACTOR 1.5f /* line height / font size */
#define CELL_PAD_X 3.5f
#define CELL_PAD_Y 3.0f
/* A table header row is at most this many lines: a longer title is cut with 「…」, so that the
 * header repeated on every page always leaves room for rows (a header taller than a page would
 * otherwise start page after page for ever). */
#define HEADER_MAX_LINES 6
#define FOOTER_Y 28.0f
#define FOOTER_SIZE 7.5f
/* The page of this document (A4 portrait unless asx_pdf_set_landscape): content width and top. */
#define CONT_MARK 0x23CE /* ⏎ after a line broken inside a token wider than its column */
#define CONTENT_W(p) ((p)->page_w - 2 * ASX_PDF_MARGIN_X)
#define CONTENT_TOP(p) ((p)->page_h - ASX_PDF_MARGIN_TOP)

typedef struct {
    float r, g, b;
} rgb;

typedef enum { OP_TEXT, OP_LINE, OP_RECT, OP_RRECT } op_kind;

/* One drawing operation. Text: baseline at (x, y), size pt. Line: (x, y) to (x + w, y + h).
 * Rect: lower-left (x, y), w x h; rrect: rounded with radius size. */
typedef struct {
    op_kind kind;
    float x, y, w, h;
    float size;   /* text size; line width for lines and rect outlines */
    rgb fill;     /* text colour, or rect fill */
    rgb stroke;
    bool has_fill, has_stroke, bold, dash;
    char *text;   /* sanitised UTF-8 (only code points the font has) */
} op;

typedef struct {
    op *v;
    size_t n, cap;
} page;

/* Code points the font lacks, each once, in the order met: named on stderr at render. */
typedef struct {
    unsigned *v;
    size_t n, cap;
    bool oom;
} cp_set;

struct asx_pdf {
    cp_set *missing; /* a pointer: measuring through a const asx_pdf still records */
    const asx_font *font;
    asx_lang lang;
    page *pages;
    size_t npages, cap;
    float page_w, page_h; /* A4 portrait, or landscape (asx_pdf_set_landscape) */
    float y;          /* cursor: top of the next content, PDF coordinates */
    bool page_empty;  /* nothing drawn on the current page yet */
    bool oom;
    page *redirect;   /* when set, operations go here (footers) instead of the flow */
    unsigned char used[65536 / 8];
    char *title, *subject, *footer;
    asx_date date;
    bool has_date;
    /* the open table */
    bool in_table;
    float header_h; /* the open table's header height, once its widths are known */
    bool header_drawn_on_page;
    size_t ncols;
    float colw[MAX_COLS];
    asx_pdf_align colalign[MAX_COLS];
    char *coltitle[MAX_COLS];
    float colrel[MAX_COLS];  /* the caller's relative widths */
    char **trows;            /* the open table's rows, ncols cells each (laid out at the end) */
    asx_pdf_tone *ttones;
    size_t tnrows;
    size_t tcells;           /* capacity of trows and ttones in cells (not rows: tables differ) */
    /* layout rules (SPEC v2 §6): a kept group moves to the next page whole */
    bool keep_on;            /* a group is open */
    bool keep_heading;       /* it is a heading waiting for the content that follows */
    bool keep_hdr;           /* it holds the open table's header row */
    bool in_heading;
    int keep_depth;          /* open asx_pdf_block_begin() */
    size_t keep_page;        /* index of the page the group began on */
    size_t keep_from;        /* its first op there; SIZE_MAX: it began at the top of a page */
    float keep_top;          /* the cursor where it began */
    size_t keep_log;         /* length of the layout records when it began */
    float carried_dy;        /* by how much the last new_page() moved a kept group (0: none) */
    size_t block_page;       /* page number (from 1) an open block began on */
    size_t annex_from;       /* pages from this index on are 「別紙 n / N」 (0: plain numbers) */
    bool logging;
    asx_buf log;             /* layout records (asx_pdf_layout_log) */
};

/* ---- colours ---- */

static rgb tone_fill(asx_pdf_tone t)
{
    switch (t) {
    case ASX_PDF_TONE_NONE: return (rgb){1, 1, 1};
    case ASX_PDF_TONE_GOOD: return (rgb){0.16f, 0.55f, 0.30f};
    case ASX_PDF_TONE_WARN: return (rgb){0.88f, 0.56f, 0.10f};
    case ASX_PDF_TONE_BAD: return (rgb){0.78f, 0.18f, 0.16f};
    case ASX_PDF_TONE_NEUTRAL: return (rgb){0.50f, 0.52f, 0.55f};
    case ASX_PDF_TONE_MUTED: return (rgb){0.90f, 0.91f, 0.93f};
    }
    return (rgb){1, 1, 1};
}

/* A pale shade of a tone, for table cells. */
static rgb tone_pale(asx_pdf_tone t)
{
    switch (t) {
    case ASX_PDF_TONE_NONE: return (rgb){1, 1, 1};
    case ASX_PDF_TONE_GOOD: return (rgb){0.87f, 0.95f, 0.89f};
    case ASX_PDF_TONE_WARN: return (rgb){0.99f, 0.93f, 0.80f};
    case ASX_PDF_TONE_BAD: return (rgb){0.98f, 0.86f, 0.85f};
    case ASX_PDF_TONE_NEUTRAL: return (rgb){0.93f, 0.93f, 0.94f};
    case ASX_PDF_TONE_MUTED: return (rgb){0.92f, 0.93f, 0.95f};
    }
    return (rgb){1, 1, 1};
}

/* Text colour of a style tone. */
static rgb tone_text(asx_pdf_tone t)
{
    switch (t) {
    case ASX_PDF_TONE_NONE: return (rgb){0, 0, 0};
    case ASX_PDF_TONE_GOOD: return (rgb){0.08f, 0.42f, 0.20f};
    case ASX_PDF_TONE_WARN: return (rgb){0.62f, 0.36f, 0.0f};
    case ASX_PDF_TONE_BAD: return (rgb){0.70f, 0.10f, 0.10f};
    case ASX_PDF_TONE_NEUTRAL: return (rgb){0.38f, 0.40f, 0.43f};
    case ASX_PDF_TONE_MUTED: return (rgb){0.55f, 0.56f, 0.58f};
    }
    return (rgb){0, 0, 0};
}

static const rgb BLACK = {0, 0, 0};
static const rgb GRID = {0.55f, 0.57f, 0.60f};
static const rgb HEADER_FILL = {0.85f, 0.88f, 0.92f};
static const rgb ACCENT = {0.15f, 0.25f, 0.45f};

asx_pdf_tone asx_pdf_verdict_tone(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED: return ASX_PDF_TONE_GOOD;
    case ASX_VERDICT_CONDITIONAL: return ASX_PDF_TONE_WARN;
    case ASX_VERDICT_REJECTED: return ASX_PDF_TONE_BAD;
    case ASX_VERDICT_INCOMPLETE:
    case ASX_VERDICT_PENDING: return ASX_PDF_TONE_NEUTRAL;
    }
    return ASX_PDF_TONE_NEUTRAL;
}

asx_pdf_tone asx_pdf_severity_tone(asx_severity s)
{
    switch (s) {
    case ASX_SEV_KNOCKOUT: return ASX_PDF_TONE_BAD;
    case ASX_SEV_MAJOR: return ASX_PDF_TONE_BAD;
    case ASX_SEV_MINOR: return ASX_PDF_TONE_WARN;
    case ASX_SEV_INFO: return ASX_PDF_TONE_NEUTRAL;
    }
    return ASX_PDF_TONE_NEUTRAL;
}

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
static size_t decode(const asx_font *font, const char *s, unsigned **out, cp_set *missing)
{
    size_t len = s ? strlen(s) : 0, n = 0, off = 0;
    *out = NULL;
    if (len == 0)
        return 0;
    unsigned *v = malloc((len + 1) * sizeof *v);
    if (!v)
        return 0;
    size_t valid = asx_utf8_valid_prefix(s, len);
    while (off < valid) {
        unsigned cp = 0;
        size_t k = asx_utf8_next(s + off, valid - off, &cp);
        if (k == 0)
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

static float cp_width(const asx_font *font, unsigned cp, float size)
{
    if (cp == '\n')
        return 0;
    return (float)asx_font_advance(font, cp) * size / 1000.0f;
}

static float cps_width(const asx_font *font, const unsigned *v, size_t n, float size)
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
    size_t n = decode(p->font, text, &v, NULL);
    float w = cps_width(p->font, v, n, size);
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

static char *encode(const unsigned *v, size_t n)
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

static bool is_space(unsigned cp)
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

/* What the exceptions to line breaking look for, found once per text: without a no-break space
 * no personal name is glued, and without 第章節条 there is no clause number. */
typedef struct {
    bool nbsp, clause_mark;
} text_marks;

static text_marks scan_marks(const unsigned *v, size_t n)
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
    if (is_space(a))
        return true;
    if ((is_token(a) && is_cjk(b)) || (is_cjk(a) && is_token(b)))
        return false;
    return is_cjk(a) || is_cjk(b);
}

/* The exceptions only ever forbid a break, and they look around v[j] (a personal name up to
 * GLUE_SPAN characters away): they are asked only where the rules allow one and the text has
 * what they look for. */
static bool break_before(const unsigned *v, size_t n, size_t j, const text_marks *m)
{
    if (!break_allowed(v, j))
        return false;
    if (m->clause_mark && in_clause_number(v, n, j))
        return false; /* 第9章第3節(2)⑪ */
    if (in_unit(v, n, j))
        return false; /* a number's unit */
    if (m->nbsp && !is_space(v[j - 1]) && in_glued_word(v, n, j))
        return false; /* a personal name */
    return true;
}

typedef struct {
    size_t start, end; /* [start, end) into the code points */
    bool cont;         /* broken inside a token wider than the line: drawn with CONT_MARK */
} span;

typedef struct {
    span *v;
    size_t n, cap;
    bool oom;
} spans;

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
            float cw = cp_width(font, v[j], size);
            if (j > i && break_before(v, e, j, m))
                last = j;
            if (j > i && w + cw > width && !is_space(v[j]))
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
                    while (end > i + 1 && cps_width(font, v + i, end - i, size) +
                                                  cp_width(font, CONT_MARK, size) > width)
                        end--;
            }
        }
        size_t trim = end;
        while (trim > i && is_space(v[trim - 1]) && v[trim - 1] != 0x3000)
            trim--;
        spans_add(out, i, trim);
        if (cont && !out->oom && out->n > 0)
            out->v[out->n - 1].cont = true;
        i = end;
        while (i < e && (v[i] == ' ' || v[i] == 0xA0))
            i++;
    }
}

static void wrap_cps(const asx_font *font, const unsigned *v, size_t n, float size, float width,
                     spans *out)
{
    size_t s = 0;
    text_marks m = scan_marks(v, n);
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
    size_t n = decode(p->font, text, &v, p->missing), count = 0;
    *lines = NULL;
    if (n == 0)
        goto done;
    wrap_cps(p->font, v, n, size, width, &sp);
    if (sp.oom || sp.n == 0)
        goto done;
    out = calloc(sp.n, sizeof *out);
    if (!out)
        goto done;
    for (size_t i = 0; i < sp.n; i++) {
        out[i] = encode(v + sp.v[i].start, sp.v[i].end - sp.v[i].start);
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

/* ---- the display list ---- */

asx_pdf *asx_pdf_new(const asx_font *font, asx_lang lang)
{
    asx_pdf *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->font = font;
    p->lang = lang;
    p->missing = calloc(1, sizeof *p->missing);
    if (!p->missing) {
        free(p);
        return NULL;
    }
    p->page_w = ASX_PDF_PAGE_WIDTH;
    p->page_h = ASX_PDF_PAGE_HEIGHT;
    p->y = CONTENT_TOP(p);
    p->logging = getenv("ASSESS_LAYOUT_LOG") != NULL; /* test hook: see layout_log_flush */
    p->page_empty = true;
    return p;
}

static void page_clear(page *pg)
{
    for (size_t i = 0; i < pg->n; i++)
        free(pg->v[i].text);
    free(pg->v);
    pg->v = NULL;
    pg->n = pg->cap = 0;
}

void asx_pdf_free(asx_pdf *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npages; i++)
        page_clear(&p->pages[i]);
    free(p->pages);
    if (p->missing)
        free(p->missing->v);
    free(p->missing);
    for (size_t i = 0; i < MAX_COLS; i++)
        free(p->coltitle[i]);
    free(p->title);
    free(p->subject);
    free(p->footer);
    for (size_t i = 0; i < p->tnrows * p->ncols; i++)
        free(p->trows[i]);
    free(p->trows);
    free(p->ttones);
    free(p->log.s);
    free(p);
}

void asx_pdf_set_info(asx_pdf *p, const char *title, const char *subject, asx_date date)
{
    free(p->title);
    free(p->subject);
    p->title = asx_strdup(title);
    p->subject = asx_strdup(subject);
    if ((title && !p->title) || (subject && !p->subject))
        p->oom = true;
    p->date = date;
    p->has_date = asx_date_valid(date);
}

void asx_pdf_set_footer(asx_pdf *p, const char *left)
{
    free(p->footer);
    p->footer = asx_strdup(left);
    if (left && !p->footer)
        p->oom = true;
}

static float bottom_limit(void)
{
    return ASX_PDF_MARGIN_BOTTOM;
}

float asx_pdf_remaining(const asx_pdf *p)
{
    return p->y - bottom_limit();
}

int asx_pdf_page_count(const asx_pdf *p)
{
    return (int)p->npages;
}

static page *cur_page(asx_pdf *p)
{
    if (p->npages == 0 || p->page_empty) {
        if (p->npages == 0 || p->pages[p->npages - 1].n > 0) {
            if (p->npages == p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 8;
                page *nv = realloc(p->pages, cap * sizeof *nv);
                if (!nv) {
                    p->oom = true;
                    return NULL;
                }
                p->pages = nv;
                p->cap = cap;
            }
            memset(&p->pages[p->npages], 0, sizeof(page));
            p->npages++;
        }
    }
    return &p->pages[p->npages - 1];
}

static void carry_kept(asx_pdf *p, float old_y);

static void new_page(asx_pdf *p)
{
    float old_y = p->y;
    p->y = CONTENT_TOP(p);
    p->page_empty = true;
    p->header_drawn_on_page = false;
    carry_kept(p, old_y);
}

static op *add_op(asx_pdf *p, op_kind kind)
{
    page *pg = p->redirect ? p->redirect : cur_page(p);
    if (!pg)
        return NULL;
    if (pg->n == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 64;
        op *nv = realloc(pg->v, cap * sizeof *nv);
        if (!nv) {
            p->oom = true;
            return NULL;
        }
        pg->v = nv;
        pg->cap = cap;
    }
    op *o = &pg->v[pg->n++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    if (!p->redirect)
        p->page_empty = false;
    return o;
}

/* Coordinates are kept to a quarter point (0.09 mm): short numbers in the content stream. */
static float q4(float v)
{
    return roundf(v * 4.0f) / 4.0f;
}

static void mark_used(asx_pdf *p, const unsigned *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] < 65536)
            p->used[v[i] >> 3] |= (unsigned char)(1u << (v[i] & 7));
}

/* Draw the code points v[0..n) with the baseline at (x, y). */
static void put_cps(asx_pdf *p, const unsigned *v, size_t n, float x, float y, float size,
                    rgb color, bool bold)
{
    if (n == 0)
        return;
    op *o = add_op(p, OP_TEXT);
    if (!o)
        return;
    o->text = encode(v, n);
    if (!o->text) {
        p->oom = true;
        o->kind = OP_LINE; /* harmless zero-length line */
        return;
    }
    mark_used(p, v, n);
    o->x = q4(x);
    o->y = q4(y);
    o->size = size;
    o->fill = color;
    o->bold = bold;
}

/* Draw a UTF-8 string on one line, aligned within [x, x + width). */
static void put_text(asx_pdf *p, const char *s, float x, float y, float width, float size,
                     rgb color, bool bold, asx_pdf_align align)
{
    unsigned *v = NULL;
    size_t n = decode(p->font, s, &v, p->missing);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] != '\n')
            v[k++] = v[i];
    float w = cps_width(p->font, v, k, size);
    switch (align) {
    case ASX_PDF_LEFT: break;
    case ASX_PDF_CENTER: x += (width - w) / 2; break;
    case ASX_PDF_RIGHT: x += width - w; break;
    }
    put_cps(p, v, k, x, y, size, color, bold);
    free(v);
}

static void put_rect(asx_pdf *p, float x, float y, float w, float h, const rgb *fill,
                     const rgb *stroke, float lw)
{
    op *o = add_op(p, OP_RECT);
    if (!o)
        return;
    o->x = q4(x);
    o->y = q4(y);
    o->w = q4(x + w) - o->x;
    o->h = q4(y + h) - o->y;
    o->size = lw;
    if (fill) {
        o->has_fill = true;
        o->fill = *fill;
    }
    if (stroke) {
        o->has_stroke = true;
        o->stroke = *stroke;
    }
}

static void put_line(asx_pdf *p, float x1, float y1, float x2, float y2, rgb color, float lw,
                     bool dash)
{
    op *o = add_op(p, OP_LINE);
    if (!o)
        return;
    o->x = q4(x1);
    o->y = q4(y1);
    o->w = q4(x2) - o->x;
    o->h = q4(y2) - o->y;
    o->size = lw;
    o->stroke = color;
    o->has_stroke = true;
    o->dash = dash;
}

/* Baseline offset from the top of a line box of a given size. */
static float baseline_off(float size)
{
    return size * (LINE_FACTOR - 1.0f) / 2.0f + size * 0.88f;
}

/* ---- layout rules: kept groups and layout records (SPEC v2 §6) ----
 *
 * A heading, a table's header row and a keep-together block (asx_pdf_block_begin) open a kept
 * group: the operations drawn since it began. When a page break comes while the group is open
 * and the group did not begin at the top of its page, new_page() moves the group to the top of
 * the new page (carry_kept), so a heading never ends a page and a chart, a key-value block, a
 * register entry or a stamp row is not split. A heading's group closes once what follows has
 * begun (two lines of a paragraph, the first row of a table); a block's closes at its end. */

/* The number (from 1) of the page the next content goes on. */
static size_t page_no(const asx_pdf *p)
{
    if (p->npages == 0 || (p->page_empty && p->pages[p->npages - 1].n > 0))
        return p->npages + 1;
    return p->npages;
}

static void end_table_if_open(asx_pdf *p);
static void layout_record(asx_pdf *p, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One line of the layout records: "<kind> page=<n> y=<cursor> <detail>". */
static void layout_record(asx_pdf *p, const char *kind, const char *fmt, ...)
{
    if (!p->logging)
        return;
    char detail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    detail[asx_utf8_valid_prefix(detail, strlen(detail))] = '\0'; /* cut at a whole character */
    for (char *c = detail; *c; c++)
        if (*c == '\n')
            *c = ' ';
    asx_buf_addf(&p->log, "%s page=%zu y=%.1f %s\n", kind, page_no(p), (double)p->y, detail);
}

/* The records from offset `from` on were of the group just carried: they are on page now. */
static void relog_pages(asx_pdf *p, size_t from, size_t pageno)
{
    if (!p->logging || from >= p->log.len)
        return;
    asx_buf b = {0};
    asx_buf_add(&b, p->log.s, from);
    for (const char *l = p->log.s + from; *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);
        const char *pg = strstr(l, " page=");
        if (pg && pg < l + len) {
            const char *rest = pg + 6;
            while (*rest >= '0' && *rest <= '9')
                rest++;
            asx_buf_add(&b, l, (size_t)(pg - l));
            asx_buf_addf(&b, " page=%zu", pageno);
            asx_buf_add(&b, rest, len - (size_t)(rest - l));
        } else {
            asx_buf_add(&b, l, len);
        }
        l += len;
    }
    if (b.oom) {
        asx_buf_free(&b);
        return;
    }
    free(p->log.s);
    p->log = b;
}

static void keep_start(asx_pdf *p, bool heading)
{
    if (p->keep_on) {
        if (!heading)
            p->keep_heading = false; /* a block joins the heading before it */
        return;
    }
    p->keep_on = true;
    p->keep_heading = heading;
    p->keep_hdr = false;
    p->keep_top = p->y;
    p->keep_log = p->log.len;
    if (page_no(p) > p->npages || p->page_empty) {
        p->keep_from = SIZE_MAX;
    } else {
        p->keep_page = p->npages - 1;
        p->keep_from = p->pages[p->keep_page].n;
    }
}

/* Content that follows a heading has begun: the heading's group closes. */
static void keep_content(asx_pdf *p)
{
    if (p->keep_on && p->keep_heading && p->keep_depth == 0) {
        p->keep_on = false;
        p->keep_hdr = false;
    }
}

/* Called by new_page() (the cursor was at old_y): move the open group to the new page. */
static void carry_kept(asx_pdf *p, float old_y)
{
    p->carried_dy = 0;
    if (!p->keep_on || p->keep_from == SIZE_MAX || p->npages == 0 || p->keep_page != p->npages - 1)
        return;
    page *old = &p->pages[p->keep_page];
    if (p->keep_from == 0 || p->keep_from >= old->n) {
        p->keep_from = SIZE_MAX; /* nothing drawn yet: the group begins on the new page */
        if (p->keep_depth > 0)
            p->block_page = page_no(p);
        return;
    }
    size_t cnt = old->n - p->keep_from;
    op *moved = malloc(cnt * sizeof *moved);
    if (!moved) {
        p->oom = true;
        return;
    }
    memcpy(moved, old->v + p->keep_from, cnt * sizeof *moved);
    old->n = p->keep_from;
    float dy = CONTENT_TOP(p) - p->keep_top;
    size_t i = 0;
    for (; i < cnt; i++) {
        op *o = add_op(p, moved[i].kind);
        if (!o)
            break;
        *o = moved[i];
        o->y = q4(o->y + dy);
    }
    for (; i < cnt; i++)
        free(moved[i].text);
    free(moved);
    p->y = old_y + dy;
    p->carried_dy = dy;
    p->keep_page = p->npages - 1;
    p->keep_from = SIZE_MAX; /* now at the top of a page: it may split from here on */
    if (p->keep_hdr)
        p->header_drawn_on_page = true;
    if (p->keep_depth > 0)
        p->block_page = p->npages;
    relog_pages(p, p->keep_log, p->npages);
    layout_record(p, "carry", "ops=%zu dy=%.1f", cnt, (double)dy);
}

/* The continuation mark after a line broken inside a token, at (x, baseline y). */
static void put_mark(asx_pdf *p, float x, float y, float size)
{
    static const unsigned mark[] = {CONT_MARK};
    put_cps(p, mark, 1, x, y, size, (rgb){0.45f, 0.47f, 0.50f}, false);
    layout_record(p, "cont", "x=%.1f", (double)x);
}

void asx_pdf_block_begin(asx_pdf *p)
{
    end_table_if_open(p);
    if (p->keep_depth++ == 0)
        p->block_page = page_no(p);
    keep_start(p, false);
}

void asx_pdf_block_end(asx_pdf *p)
{
    end_table_if_open(p);
    if (p->keep_depth == 0)
        return;
    if (--p->keep_depth == 0) {
        layout_record(p, "block", "from=%zu to=%zu", p->block_page, p->npages);
        p->keep_on = false;
        p->keep_hdr = false;
    }
}

void asx_pdf_set_landscape(asx_pdf *p)
{
    if (p->npages > 0 || p->page_w > p->page_h)
        return;
    p->page_w = ASX_PDF_PAGE_HEIGHT;
    p->page_h = ASX_PDF_PAGE_WIDTH;
    p->y = CONTENT_TOP(p);
}

float asx_pdf_content_width(const asx_pdf *p)
{
    return CONTENT_W(p);
}

void asx_pdf_set_annex(asx_pdf *p, size_t first)
{
    p->annex_from = first;
}

void asx_pdf_layout_records(asx_pdf *p, bool on)
{
    p->logging = on;
}

const char *asx_pdf_layout_log(const asx_pdf *p)
{
    return p->log.s ? p->log.s : "";
}

/* The test hook: with ASSESS_LAYOUT_LOG=FILE in the environment every rendered document appends
 * its layout records to FILE, after a line "document <title>" (for the e2e layout tests). */
static void layout_log_flush(const asx_pdf *p)
{
    const char *path = getenv("ASSESS_LAYOUT_LOG");
    if (!path || !*path || !p->logging)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "document %s pages=%zu\n%s", p->title ? p->title : "", p->npages, asx_pdf_layout_log(p));
    fclose(f);
}

/* ---- flow content ---- */

static void end_table_if_open(asx_pdf *p)
{
    if (p->in_table)
        asx_pdf_table_end(p);
}

void asx_pdf_need(asx_pdf *p, float height)
{
    if (!p->page_empty && p->y - height < bottom_limit())
        new_page(p);
}

void asx_pdf_page_break(asx_pdf *p)
{
    end_table_if_open(p);
    if (!p->page_empty)
        new_page(p);
}

void asx_pdf_space(asx_pdf *p, float pt)
{
    if (p->page_empty)
        return;
    p->y -= pt;
    if (p->y < bottom_limit())
        new_page(p);
}

/* Lay out wrapped text from the cursor, breaking pages between lines. */
static void flow_text(asx_pdf *p, const char *text, float size, rgb color, bool bold,
                      asx_pdf_align align, float indent)
{
    unsigned *v = NULL;
    spans sp = {0};
    size_t n = decode(p->font, text, &v, p->missing);
    float width = CONTENT_W(p) - indent;
    float lh = size * LINE_FACTOR;
    if (n == 0) {
        free(v);
        return;
    }
    wrap_cps(p->font, v, n, size, width, &sp);
    if (sp.oom)
        p->oom = true;
    for (size_t i = 0; i < sp.n; i++) {
        asx_pdf_need(p, lh);
        size_t len = sp.v[i].end - sp.v[i].start;
        const unsigned *line = v + sp.v[i].start;
        float x = ASX_PDF_MARGIN_X + indent;
        float w = cps_width(p->font, line, len, size);
        switch (align) {
        case ASX_PDF_LEFT: break;
        case ASX_PDF_CENTER: x += (width - w) / 2; break;
        case ASX_PDF_RIGHT: x += width - w; break;
        }
        put_cps(p, line, len, x, p->y - baseline_off(size), size, color, bold);
        if (sp.v[i].cont)
            put_mark(p, x + w, p->y - baseline_off(size), size);
        if (len == 0)
            p->page_empty = false;
        p->y -= lh;
        /* a small note under a heading (below body size) stays in the heading's group */
        if (!p->in_heading && i == (sp.n > 1 ? 1 : 0) && size >= ASX_PDF_BODY_SIZE - 1)
            keep_content(p);
    }
    free(sp.v);
    free(v);
}

void asx_pdf_paragraph(asx_pdf *p, const char *text, const asx_pdf_style *style)
{
    asx_pdf_style st = {0};
    end_table_if_open(p);
    if (style)
        st = *style;
    float size = st.size > 0 ? st.size : ASX_PDF_BODY_SIZE;
    flow_text(p, text, size, tone_text(st.color), st.bold, st.align, st.indent);
    layout_record(p, "para", "%.60s", text ? text : "");
}

void asx_pdf_title(asx_pdf *p, const char *title, const char *subtitle)
{
    end_table_if_open(p);
    asx_pdf_need(p, 80);
    flow_text(p, title, 20, ACCENT, true, ASX_PDF_CENTER, 0);
    if (subtitle && *subtitle) {
        p->y -= 2;
        flow_text(p, subtitle, 11, tone_text(ASX_PDF_TONE_NEUTRAL), false, ASX_PDF_CENTER, 0);
    }
    p->y -= 10;
}

void asx_pdf_heading(asx_pdf *p, int level, const char *text, float keep_with)
{
    end_table_if_open(p);
    float size = level <= 1 ? 13.0f : 10.5f;
    float before = level <= 1 ? 14.0f : 8.0f;
    if (keep_with <= 0)
        keep_with = 60;
    if (!p->page_empty)
        p->y -= before;
    asx_pdf_need(p, size * LINE_FACTOR + keep_with);
    if (p->page_empty)
        p->y = CONTENT_TOP(p);
    keep_start(p, true);
    p->in_heading = true;
    flow_text(p, text, size, level <= 1 ? ACCENT : BLACK, true, ASX_PDF_LEFT, 0);
    p->in_heading = false;
    layout_record(p, "heading", "%s", text);
    if (level <= 1) {
        put_line(p, ASX_PDF_MARGIN_X, p->y + 1, ASX_PDF_MARGIN_X + CONTENT_W(p), p->y + 1,
                 ACCENT, 1.0f, false);
        p->y -= 6;
    } else {
        p->y -= 2;
    }
}

void asx_pdf_rule(asx_pdf *p)
{
    end_table_if_open(p);
    asx_pdf_need(p, 8);
    p->y -= 4;
    put_line(p, ASX_PDF_MARGIN_X, p->y, ASX_PDF_MARGIN_X + CONTENT_W(p), p->y, GRID, 0.5f,
             false);
    p->y -= 4;
}

/* ---- tables ---- */

typedef struct {
    unsigned *v;
    size_t n;
    spans lines;
} cell_layout;

static void cell_free(cell_layout *c)
{
    free(c->v);
    free(c->lines.v);
}

static void cell_prepare(asx_pdf *p, cell_layout *c, const char *text, float size, float width)
{
    memset(c, 0, sizeof *c);
    c->n = decode(p->font, text, &c->v, p->missing);
    if (c->n > 0)
        wrap_cps(p->font, c->v, c->n, size, width - 2 * CELL_PAD_X, &c->lines);
    if (c->lines.oom)
        p->oom = true;
}

/* Draw lines [from, from + count) of each cell as one band of height h at the cursor. */
static void draw_band(asx_pdf *p, cell_layout *cells, size_t ncols, const float *widths,
                      const asx_pdf_align *aligns, const rgb *fills, size_t from, size_t count,
                      float size, rgb color, bool bold)
{
    float lh = size * LINE_FACTOR;
    float h = (float)count * lh + 2 * CELL_PAD_Y;
    float x = ASX_PDF_MARGIN_X;
    for (size_t c = 0; c < ncols; c++) {
        put_rect(p, x, p->y - h, widths[c], h, fills ? &fills[c] : NULL, &GRID, 0.5f);
        x += widths[c];
    }
    x = ASX_PDF_MARGIN_X;
    for (size_t c = 0; c < ncols; c++) {
        cell_layout *cl = &cells[c];
        for (size_t k = from; k < from + count && k < cl->lines.n; k++) {
            const unsigned *line = cl->v + cl->lines.v[k].start;
            size_t len = cl->lines.v[k].end - cl->lines.v[k].start;
            float w = cps_width(p->font, line, len, size), tx = x + CELL_PAD_X;
            float avail = widths[c] - 2 * CELL_PAD_X;
            switch (aligns[c]) {
            case ASX_PDF_LEFT: break;
            case ASX_PDF_CENTER: tx += (avail - w) / 2; break;
            case ASX_PDF_RIGHT: tx += avail - w; break;
            }
            float ty = p->y - CELL_PAD_Y - (float)(k - from) * lh - baseline_off(size);
            put_cps(p, line, len, tx, ty, size, color, bold);
            if (cl->lines.v[k].cont)
                put_mark(p, tx + w, ty, size);
        }
        x += widths[c];
    }
    p->y -= h;
}

/* Cut a cell to its first max lines, the last one ending in 「…」 (a visible mark). */
static void cell_clip(asx_pdf *p, cell_layout *c, size_t max)
{
    if (c->lines.n <= max || max == 0)
        return;
    c->lines.n = max;
    size_t end = c->lines.v[max - 1].end, start = c->lines.v[max - 1].start;
    if (end > start) {
        c->v[end - 1] = 0x2026;
        unsigned e = 0x2026;
        mark_used(p, &e, 1);
    }
}

static void draw_header(asx_pdf *p)
{
    cell_layout cells[MAX_COLS];
    rgb fills[MAX_COLS];
    asx_pdf_align left[MAX_COLS];
    size_t maxl = 1;
    for (size_t c = 0; c < p->ncols; c++) {
        cell_prepare(p, &cells[c], p->coltitle[c], TABLE_SIZE, p->colw[c]);
        cell_clip(p, &cells[c], HEADER_MAX_LINES);
        if (cells[c].lines.n > maxl)
            maxl = cells[c].lines.n;
        fills[c] = HEADER_FILL;
        left[c] = ASX_PDF_LEFT;
    }
    draw_band(p, cells, p->ncols, p->colw, left, fills, 0, maxl, TABLE_SIZE, BLACK, true);
    for (size_t c = 0; c < p->ncols; c++)
        cell_free(&cells[c]);
    p->header_drawn_on_page = true;
}

static float header_height(asx_pdf *p)
{
    size_t maxl = 1;
    for (size_t c = 0; c < p->ncols; c++) {
        char **lines = NULL;
        size_t n = asx_pdf_wrap(p, p->coltitle[c], TABLE_SIZE, p->colw[c] - 2 * CELL_PAD_X, &lines);
        asx_pdf_lines_free(lines, n);
        if (n > maxl)
            maxl = n;
    }
    if (maxl > HEADER_MAX_LINES)
        maxl = HEADER_MAX_LINES;
    return (float)maxl * TABLE_SIZE * LINE_FACTOR + 2 * CELL_PAD_Y;
}

/* Lay out one row (table or key/value) at the cursor, breaking across pages; with_header
 * redraws the open table's header on each new page. */
static void layout_row(asx_pdf *p, const char *const *texts, size_t ncols, const float *widths,
                       const asx_pdf_align *aligns, const rgb *fills, bool with_header,
                       const bool *bold_cols)
{
    cell_layout cells[MAX_COLS];
    float lh = TABLE_SIZE * LINE_FACTOR;
    size_t maxl = 1;
    for (size_t c = 0; c < ncols; c++) {
        cell_prepare(p, &cells[c], texts[c], TABLE_SIZE, widths[c]);
        if (cells[c].lines.n > maxl)
            maxl = cells[c].lines.n;
    }
    float hdr = with_header ? p->header_h : 0;
    float full = CONTENT_TOP(p) - bottom_limit() - hdr;
    float need = (float)maxl * lh + 2 * CELL_PAD_Y;
    /* A row that fits on a fresh page is never split: move it whole. */
    if (need <= full && p->y - need < bottom_limit())
        new_page(p);
    size_t from = 0;
    bool fresh = p->page_empty;
    while (from < maxl) {
        if (with_header && (p->page_empty || !p->header_drawn_on_page))
            draw_header(p);
        float avail = p->y - bottom_limit() - 2 * CELL_PAD_Y;
        size_t fit = avail > 0 ? (size_t)(avail / lh) : 0;
        if (fit == 0 && !fresh) {
            new_page(p);
            fresh = true;
            continue;
        }
        /* Never a page without progress: on a fresh page at least one line is drawn. */
        if (fit == 0)
            fit = 1;
        fresh = false;
        if (fit > maxl - from)
            fit = maxl - from;
        if (bold_cols) {
            /* Two passes: the rectangles and regular text, then bold columns' text. */
            cell_layout tmp[MAX_COLS];
            float y0 = p->y;
            for (size_t c = 0; c < ncols; c++) {
                tmp[c] = cells[c];
                if (bold_cols[c])
                    tmp[c].lines.n = 0;
            }
            draw_band(p, tmp, ncols, widths, aligns, fills, from, fit, TABLE_SIZE, BLACK, false);
            float y1 = p->y;
            p->y = y0;
            for (size_t c = 0; c < ncols; c++) {
                tmp[c] = cells[c];
                if (!bold_cols[c])
                    tmp[c].lines.n = 0;
            }
            /* Text only: draw_band adds rectangles too, so draw bold text by hand. */
            float x = ASX_PDF_MARGIN_X;
            for (size_t c = 0; c < ncols; c++) {
                for (size_t k = from; k < from + fit && k < tmp[c].lines.n; k++) {
                    const unsigned *line = tmp[c].v + tmp[c].lines.v[k].start;
                    size_t len = tmp[c].lines.v[k].end - tmp[c].lines.v[k].start;
                    float ty = p->y - CELL_PAD_Y - (float)(k - from) * lh - baseline_off(TABLE_SIZE);
                    put_cps(p, line, len, x + CELL_PAD_X, ty, TABLE_SIZE, BLACK, true);
                }
                x += widths[c];
            }
            p->y = y1;
        } else {
            draw_band(p, cells, ncols, widths, aligns, fills, from, fit, TABLE_SIZE, BLACK, false);
        }
        from += fit;
        if (from < maxl) {
            new_page(p);
            fresh = true;
        }
    }
    for (size_t c = 0; c < ncols; c++)
        cell_free(&cells[c]);
}

void asx_pdf_table_begin(asx_pdf *p, const asx_pdf_col *cols, size_t ncols)
{
    end_table_if_open(p);
    if (ncols > MAX_COLS)
        ncols = MAX_COLS;
    if (ncols == 0)
        return;
    for (size_t c = 0; c < ncols; c++) {
        p->colrel[c] = cols[c].width > 0 ? cols[c].width : 1;
        p->colalign[c] = cols[c].align;
        free(p->coltitle[c]);
        p->coltitle[c] = asx_strdup(cols[c].title ? cols[c].title : "");
        if (!p->coltitle[c])
            p->oom = true;
    }
    p->ncols = ncols;
    p->in_table = true;
    p->tnrows = 0;
}

void asx_pdf_row(asx_pdf *p, const char *const *cells, const asx_pdf_tone *tones)
{
    if (!p->in_table)
        return;
    /* The buffers are shared by every table of the document and sized in cells: a row count
     * kept from a narrower table would not hold this table's rows (issue 28 class 1). */
    size_t need = (p->tnrows + 1) * p->ncols;
    if (need > p->tcells) {
        size_t cap = p->tcells ? p->tcells : 16 * MAX_COLS;
        while (cap < need)
            cap *= 2;
        char **nr = realloc(p->trows, cap * sizeof *nr);
        if (nr)
            p->trows = nr;
        asx_pdf_tone *nt = nr ? realloc(p->ttones, cap * sizeof *nt) : NULL;
        if (!nr || !nt) {
            p->oom = true;
            return;
        }
        p->ttones = nt;
        p->tcells = cap;
    }
    for (size_t c = 0; c < p->ncols; c++) {
        const char *s = cells[c] ? cells[c] : "";
        char **slot = &p->trows[p->tnrows * p->ncols + c];
        *slot = asx_strdup(s);
        if (!*slot)
            p->oom = true;
        p->ttones[p->tnrows * p->ncols + c] = tones ? tones[c] : ASX_PDF_TONE_NONE;
    }
    p->tnrows++;
}

/* The width of the widest piece of text that may not be broken (an id, a clause number, a
 * number with its unit, a Latin word) and the width of the longest line, at size pt. */
static void measure_cell(const asx_font *font, const char *text, float size, float *token,
                         float *natural)
{
    unsigned *v = NULL;
    size_t n = decode(font, text, &v, NULL); /* measuring only */
    text_marks m = scan_marks(v, n);
    float tok = 0, w = 0, line = 0, nat = 0;
    for (size_t j = 0; j < n; j++) {
        if (v[j] == '\n') {
            tok = fmaxf(tok, w);
            nat = fmaxf(nat, line);
            w = line = 0;
            continue;
        }
        if (j > 0 && v[j - 1] != '\n' && break_before(v, n, j, &m)) {
            tok = fmaxf(tok, w);
            w = 0;
        }
        float cw = cp_width(font, v[j], size);
        line += cw;
        if (v[j] != ' ' && v[j] != 0x3000)
            w += cw;
    }
    *token = fmaxf(tok, w);
    *natural = fmaxf(nat, line);
    free(v);
}

/* Column widths from the content: each column at least as wide as its widest unbreakable
 * token, at most as wide as its longest line, the caller's relative widths sharing the rest.
 * Tokens wider than their column even then are broken with a continuation mark. */
static void table_widths(asx_pdf *p)
{
    size_t nc = p->ncols;
    float minw[MAX_COLS], natw[MAX_COLS], share[MAX_COLS], W = CONTENT_W(p), rel = 0;
    for (size_t c = 0; c < nc; c++)
        rel += p->colrel[c];
    for (size_t c = 0; c < nc; c++) {
        float tok, nat;
        measure_cell(p->font, p->coltitle[c], TABLE_SIZE, &tok, &nat);
        for (size_t r = 0; r < p->tnrows; r++) {
            float t2, n2;
            measure_cell(p->font, p->trows[r * nc + c], TABLE_SIZE, &t2, &n2);
            tok = fmaxf(tok, t2);
            nat = fmaxf(nat, n2);
        }
        minw[c] = tok + 2 * CELL_PAD_X + 1;
        natw[c] = fmaxf(nat + 2 * CELL_PAD_X + 1, minw[c]);
        share[c] = W * p->colrel[c] / rel;
        p->colw[c] = fmaxf(fminf(share[c], natw[c]), minw[c]);
    }
    for (int round = 0; round < 4; round++) {
        float total = 0, grow = 0;
        for (size_t c = 0; c < nc; c++)
            total += p->colw[c];
        if (total > W) {
            float slack = 0, excess = total - W;
            for (size_t c = 0; c < nc; c++)
                slack += p->colw[c] - minw[c];
            if (slack >= excess) {
                for (size_t c = 0; c < nc; c++)
                    p->colw[c] -= excess * (p->colw[c] - minw[c]) / (slack > 0 ? slack : 1);
                break;
            }
            /* Even the tokens do not fit: the columns whose tokens fit their share keep them
             * whole, the others share what is left (their tokens get continuation marks). */
            float fixed = 0, orel = 0;
            for (size_t c = 0; c < nc; c++) {
                if (minw[c] > share[c]) {
                    orel += p->colrel[c];
                } else {
                    p->colw[c] = fmaxf(minw[c], fminf(natw[c], share[c]));
                    fixed += p->colw[c];
                }
            }
            for (size_t c = 0; c < nc; c++)
                if (minw[c] > share[c])
                    p->colw[c] = fmaxf(W - fixed, 0) * p->colrel[c] / (orel > 0 ? orel : 1);
            break;
        }
        for (size_t c = 0; c < nc; c++)
            if (natw[c] > p->colw[c])
                grow += p->colrel[c];
        if (W - total < 0.5f)
            break;
        if (grow == 0) { /* every column shows its longest line: share the rest */
            for (size_t c = 0; c < nc; c++)
                p->colw[c] += (W - total) * p->colrel[c] / rel;
            break;
        }
        float extra = W - total;
        for (size_t c = 0; c < nc; c++)
            if (natw[c] > p->colw[c])
                p->colw[c] = fminf(natw[c], p->colw[c] + extra * p->colrel[c] / grow);
    }
    float total = 0;
    for (size_t c = 0; c < nc; c++)
        total += p->colw[c];
    if (total < W - 0.5f) /* what is left goes to the widest column */
        for (size_t c = 0, best = 0; c < nc; c++) {
            if (p->colw[c] > p->colw[best])
                best = c;
            if (c == nc - 1)
                p->colw[best] += W - total;
        }
}

void asx_pdf_table_end(asx_pdf *p)
{
    if (!p->in_table)
        return;
    p->in_table = false;
    size_t nc = p->ncols;
    table_widths(p);
    /* The header and at least one row stay together, and with the heading before them. */
    float hh = p->header_h = header_height(p);
    asx_pdf_need(p, hh + TABLE_SIZE * LINE_FACTOR * 2 + 2 * CELL_PAD_Y);
    keep_start(p, true);
    draw_header(p);
    p->keep_hdr = p->keep_on;
    if (p->logging) {
        char w[MAX_COLS * 12] = "";
        for (size_t c = 0; c < nc; c++)
            snprintf(w + strlen(w), sizeof w - strlen(w), "%s%.1f", c ? "," : "", (double)p->colw[c]);
        layout_record(p, "table", "cols=%zu rows=%zu widths=%s", nc, p->tnrows, w);
    }
    for (size_t r = 0; r < p->tnrows; r++) {
        rgb fills[MAX_COLS];
        for (size_t c = 0; c < nc; c++)
            fills[c] = tone_pale(p->ttones[r * nc + c]);
        layout_row(p, (const char *const *)&p->trows[r * nc], nc, p->colw, p->colalign, fills, true,
                   NULL);
        layout_record(p, "row", "%s", p->trows[r * nc]);
        if (r == 0)
            keep_content(p);
    }
    if (p->tnrows == 0)
        keep_content(p);
    for (size_t i = 0; i < p->tnrows * nc; i++)
        free(p->trows[i]);
    p->tnrows = 0;
    p->header_drawn_on_page = false;
    p->y -= 6;
}

void asx_pdf_kv(asx_pdf *p, const char *const *keys, const char *const *values, size_t n,
                float key_width)
{
    end_table_if_open(p);
    float widths[2];
    asx_pdf_align aligns[2] = {ASX_PDF_LEFT, ASX_PDF_LEFT};
    rgb fills[2] = {HEADER_FILL, {1, 1, 1}};
    bool bold[2] = {true, false};
    widths[0] = key_width > 0 ? key_width : CONTENT_W(p) * 0.3f;
    widths[1] = CONTENT_W(p) - widths[0];
    fills[0] = tone_pale(ASX_PDF_TONE_MUTED);
    asx_pdf_block_begin(p); /* a key-value block is not split */
    for (size_t i = 0; i < n; i++) {
        const char *row[2] = {keys[i], values[i] && *values[i] ? values[i] : "—"};
        layout_row(p, row, 2, widths, aligns, fills, false, bold);
    }
    asx_pdf_block_end(p);
    p->y -= 6;
}

/* ---- graphics ---- */

void asx_pdf_badge(asx_pdf *p, const char *label, asx_pdf_tone tone, const char *note, float size)
{
    end_table_if_open(p);
    if (size <= 0)
        size = 16;
    float padx = size * 0.8f, h = size * 2.0f;
    float w = asx_pdf_text_width(p, label, size) + 2 * padx;
    asx_pdf_need(p, h + 6);
    if (p->page_empty)
        p->y = CONTENT_TOP(p);
    float x = ASX_PDF_MARGIN_X, y = p->y - h;
    op *o = add_op(p, OP_RRECT);
    if (o) {
        o->x = x;
        o->y = y;
        o->w = w;
        o->h = h;
        o->size = h * 0.3f;
        o->has_fill = true;
        o->fill = tone_fill(tone);
    }
    rgb white = {1, 1, 1};
    put_text(p, label, x, y + (h - size) / 2 + size * 0.12f, w, size, white, true, ASX_PDF_CENTER);
    if (note && *note)
        put_text(p, note, x + w + 12, y + (h - size) / 2 + size * 0.12f,
                 CONTENT_W(p) - w - 12, size, tone_text(tone), true, ASX_PDF_LEFT);
    p->y = y - 8;
    keep_content(p);
}

static void format_score(char *buf, size_t size, double v)
{
    if (v < 0)
        snprintf(buf, size, "—");
    else
        snprintf(buf, size, "%.1f", v);
}

void asx_pdf_bar_chart(asx_pdf *p, const char *const *labels, const double *values, size_t n,
                       double good_at, double warn_at)
{
    end_table_if_open(p);
    const float size = 8.5f, lh = size * LINE_FACTOR, bar_h = 9.0f, gap = 5.0f;
    const float label_w = CONTENT_W(p) / 3.0f;
    const float x0 = ASX_PDF_MARGIN_X + label_w + 6;
    const float bar_w = CONTENT_W(p) - label_w - 6 - 36;
    const rgb track = {0.93f, 0.94f, 0.95f};
    if (n == 0)
        return;
    asx_pdf_block_begin(p); /* a chart is not split */
    asx_pdf_need(p, 40);
    float top = p->y;
    for (size_t i = 0; i < n; i++) {
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, labels[i], size, label_w, &lines);
        float row_h = fmaxf((float)(nl ? nl : 1) * lh, bar_h) + gap;
        if (p->y - row_h - 16 < bottom_limit()) {
            new_page(p);
            top = p->carried_dy != 0 ? top + p->carried_dy : p->y;
        }
        float cy = p->y - row_h / 2 + gap / 2; /* vertical centre of the row */
        float ly = cy + (float)(nl ? nl : 1) * lh / 2;
        for (size_t k = 0; k < nl; k++)
            put_text(p, lines[k], ASX_PDF_MARGIN_X, ly - (float)k * lh - baseline_off(size),
                     label_w, size, BLACK, false, ASX_PDF_RIGHT);
        asx_pdf_lines_free(lines, nl);
        put_rect(p, x0, cy - bar_h / 2, bar_w, bar_h, &track, NULL, 0);
        double v = values[i];
        if (v >= 0) {
            double vv = v > 100 ? 100 : v;
            asx_pdf_tone t = v >= good_at && good_at >= 0   ? ASX_PDF_TONE_GOOD
                             : v >= warn_at && warn_at >= 0 ? ASX_PDF_TONE_WARN
                                                            : ASX_PDF_TONE_BAD;
            rgb fill = tone_fill(t);
            if (vv > 0)
                put_rect(p, x0, cy - bar_h / 2, (float)(bar_w * vv / 100.0), bar_h, &fill, NULL, 0);
        }
        char num[16];
        format_score(num, sizeof num, v);
        put_text(p, num, x0 + bar_w + 4, cy - size * 0.35f, 32, size, BLACK, false, ASX_PDF_LEFT);
        p->y -= row_h;
    }
    float bottom = p->y;
    /* Axis: ticks every 20 points and the threshold marks. */
    const rgb axis = {0.45f, 0.47f, 0.50f};
    put_line(p, x0, bottom, x0 + bar_w, bottom, axis, 0.5f, false);
    for (int t = 0; t <= 100; t += 20) {
        char num[8];
        float x = x0 + bar_w * (float)t / 100.0f;
        snprintf(num, sizeof num, "%d", t);
        put_line(p, x, bottom, x, bottom - 2.5f, axis, 0.5f, false);
        put_text(p, num, x - 15, bottom - 10, 30, 7, axis, false, ASX_PDF_CENTER);
    }
    double marks[2] = {good_at, warn_at};
    for (int m = 0; m < 2; m++) {
        if (marks[m] < 0 || marks[m] > 100)
            continue;
        float x = x0 + bar_w * (float)(marks[m] / 100.0);
        rgb c = tone_text(m == 0 ? ASX_PDF_TONE_GOOD : ASX_PDF_TONE_WARN);
        put_line(p, x, bottom, x, top, c, 0.8f, true);
    }
    p->y = bottom - 16;
    asx_pdf_block_end(p);
}

void asx_pdf_stamps(asx_pdf *p, const char *const *roles, const char *const *names, size_t n)
{
    asx_pdf_stamp_row(p, roles, names, n, NULL, 0);
}

/* Text on one line centred in [x, x + w) with the baseline at y: shrunk (down to 5.5 pt) rather
 * than broken, so that a personal name stays whole; still too wide, it takes two lines. */
static void put_fitted(asx_pdf *p, const char *s, float x, float y, float w, float size, rgb color,
                       bool bold)
{
    float tw = asx_pdf_text_width(p, s, size);
    if (tw > w && tw > 0)
        size = fmaxf(size * w / tw, 5.5f);
    if (asx_pdf_text_width(p, s, size) <= w) {
        put_text(p, s, x, y, w, size, color, bold, ASX_PDF_CENTER);
        return;
    }
    char **lines = NULL;
    size_t nl = asx_pdf_wrap(p, s, size, w, &lines);
    for (size_t k = 0; k < nl && k < 2; k++)
        put_text(p, lines[k], x, y + size * 0.6f - (float)k * size * 1.2f, w, size, color, bold,
                 ASX_PDF_CENTER);
    asx_pdf_lines_free(lines, nl);
}

/* One box of the stamp row: title on top (shaded), a place for the seal, an optional name line
 * and a date line. */
static void stamp_box(asx_pdf *p, float x, float top, float bw, float title_h, float stamp_h,
                      bool name_line, const char *title, const char *name)
{
    const float role_size = 7.5f, name_size = 8.0f, line_h = 17;
    const rgb dim = {0.6f, 0.6f, 0.62f};
    rgb fill = tone_pale(ASX_PDF_TONE_MUTED);
    float total = title_h + stamp_h + (name_line ? line_h : 0) + line_h;
    put_rect(p, x, top - title_h, bw, title_h, &fill, &GRID, 0.6f);
    put_rect(p, x, top - total, bw, total - title_h, NULL, &GRID, 0.6f);
    float cx = x + bw / 2, cy = top - title_h - stamp_h / 2, r = fminf(22, bw / 2 - 6);
    put_line(p, cx - r, cy - r, cx + r, cy - r, dim, 0.3f, true);
    put_line(p, cx - r, cy + r, cx + r, cy + r, dim, 0.3f, true);
    put_line(p, cx - r, cy - r, cx - r, cy + r, dim, 0.3f, true);
    put_line(p, cx + r, cy - r, cx + r, cy + r, dim, 0.3f, true);
    float y = top - title_h - stamp_h;
    put_line(p, x, y, x + bw, y, GRID, 0.4f, false);
    char **lines = NULL;
    size_t nl = asx_pdf_wrap(p, title, role_size, bw - 2 * CELL_PAD_X, &lines);
    for (size_t k = 0; k < nl; k++)
        put_text(p, lines[k], x + CELL_PAD_X,
                 top - CELL_PAD_Y - (float)k * role_size * LINE_FACTOR - baseline_off(role_size),
                 bw - 2 * CELL_PAD_X, role_size, BLACK, true, ASX_PDF_CENTER);
    asx_pdf_lines_free(lines, nl);
    if (name_line) {
        float ny = y - line_h + (line_h - name_size) / 2 + 1.5f;
        if (name && *name)
            put_fitted(p, name, x + CELL_PAD_X, ny, bw - 2 * CELL_PAD_X, name_size, BLACK, false);
        else
            put_text(p, ASX_TR(p->lang, "氏名", "Name"), x + CELL_PAD_X, ny, bw - 2 * CELL_PAD_X, 6.5f, dim,
                     false, ASX_PDF_LEFT);
        y -= line_h;
        put_line(p, x, y, x + bw, y, GRID, 0.4f, false);
    }
    float dy = y - line_h + (line_h - 7.0f) / 2 + 1.5f;
    put_text(p, ASX_TR(p->lang, "　　年　　月　　日", "Date: __/__/____"), x + CELL_PAD_X, dy,
             bw - 2 * CELL_PAD_X, bw < 70 ? 6.0f : 7.0f, BLACK, false, ASX_PDF_RIGHT);
}

static size_t title_lines(asx_pdf *p, const char *const *titles, size_t n, float width)
{
    size_t most = 1;
    for (size_t i = 0; i < n; i++) {
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, titles[i], 7.5f, width - 2 * CELL_PAD_X, &lines);
        asx_pdf_lines_free(lines, nl);
        if (nl > most)
            most = nl;
    }
    return most;
}

void asx_pdf_stamp_row(asx_pdf *p, const char *const *roles, const char *const *names, size_t n,
                       const char *const *consult, size_t nconsult)
{
    end_table_if_open(p);
    if (n > 8)
        n = 8;
    if (nconsult > 8)
        nconsult = 8;
    if (n == 0 && nconsult == 0)
        return;
    const float W = CONTENT_W(p), label_w = 30, gap = 8, line_h = 17;
    float bw = n ? W / (float)n : 0;
    float cw = nconsult ? fminf((W - label_w) / (float)nconsult, n ? bw : W) : 0;
    float role_h = n ? (float)title_lines(p, roles, n, bw) * 7.5f * LINE_FACTOR + 2 * CELL_PAD_Y : 0;
    float con_h = nconsult ? (float)title_lines(p, consult, nconsult, cw) * 7.5f * LINE_FACTOR +
                                 2 * CELL_PAD_Y
                           : 0;
    float row1 = n ? role_h + 60 + 2 * line_h : 0;
    float row2 = nconsult ? con_h + 48 + line_h : 0;
    float total = row1 + (n && nconsult ? gap : 0) + row2;
    asx_pdf_block_begin(p); /* a stamp row is not split */
    asx_pdf_need(p, total + 4);
    if (p->page_empty)
        p->y = CONTENT_TOP(p);
    float top = p->y;
    for (size_t i = 0; i < n; i++)
        stamp_box(p, ASX_PDF_MARGIN_X + bw * (float)i, top, bw, role_h, 60, true, roles[i],
                  names ? names[i] : NULL);
    if (nconsult) {
        float t2 = top - row1 - (n ? gap : 0);
        rgb fill = tone_pale(ASX_PDF_TONE_MUTED);
        put_rect(p, ASX_PDF_MARGIN_X, t2 - row2, label_w, row2, &fill, &GRID, 0.6f);
        const char *label = ASX_TR(p->lang, "合\n議", "Con-\nsult");
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, label, 8.5f, label_w, &lines);
        for (size_t k = 0; k < nl; k++)
            put_text(p, lines[k], ASX_PDF_MARGIN_X, t2 - row2 / 2 + (float)nl * 6.5f - 9 - (float)k * 13,
                     label_w, 8.5f, BLACK, true, ASX_PDF_CENTER);
        asx_pdf_lines_free(lines, nl);
        for (size_t i = 0; i < nconsult; i++)
            stamp_box(p, ASX_PDF_MARGIN_X + label_w + cw * (float)i, t2, cw, con_h, 48, false,
                      consult[i], NULL);
    }
    p->y = top - total - 8;
    layout_record(p, "stamps", "columns=%zu consult=%zu", n, nconsult);
    asx_pdf_block_end(p);
}

/* ---- rendering with libharu ---- */

typedef struct {
    HPDF_STATUS first;
    HPDF_STATUS detail;
} hpdf_err;

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    hpdf_err *e = user;
    if (e->first == HPDF_OK) {
        e->first = error_no;
        e->detail = detail_no;
    }
}

/* Ranges [from, to] of consecutive used code points that share their high byte (as bfrange
 * requires). Writes them to b (when not NULL) in blocks of at most 100 given the total; returns
 * how many there are. */
static size_t used_ranges(const unsigned char *used, asx_buf *b, size_t total)
{
    size_t nr = 0;
    unsigned cp = 1;
    while (cp < 65536) {
        if (!(used[cp >> 3] & (1u << (cp & 7)))) {
            cp++;
            continue;
        }
        unsigned from = cp;
        while (cp + 1 < 65536 && (used[(cp + 1) >> 3] & (1u << ((cp + 1) & 7))) &&
               ((cp + 1) >> 8) == (from >> 8))
            cp++;
        if (b) {
            if (nr % 100 == 0)
                asx_buf_addf(b, "%zu beginbfrange\n", total - nr < 100 ? total - nr : 100);
            asx_buf_addf(b, "<%04X> <%04X> <%04X>\n", from, cp, from);
            if (nr % 100 == 99 || nr + 1 == total)
                asx_buf_adds(b, "endbfrange\n");
        }
        nr++;
        cp++;
    }
    return nr;
}

/* Replace libharu's ToUnicode map (written with begincidrange, which a ToUnicode CMap may not
 * use) by a bfrange map of the code points used. With the UTF-8 encoder the character code is
 * the BMP code point itself (Identity-H), so each range maps onto itself. */
static HPDF_STATUS fix_tounicode(HPDF_Font font, const unsigned char *used)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream)
        return HPDF_INVALID_OBJECT;
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Dict_RemoveElement(tu, "Type");
    HPDF_Dict_RemoveElement(tu, "CMapName");
    HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(tu, "WMode");
    asx_buf b = {0};
    asx_buf_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    used_ranges(used, &b, used_ranges(used, NULL, 0));
    asx_buf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    if (b.oom) {
        asx_buf_free(&b);
        return HPDF_FAILD_TO_ALLOC_MEM;
    }
    HPDF_STATUS st = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
    asx_buf_free(&b);
    return st;
}

/* The graphics state last written to the page, so each operator is written only when it
 * changes (content streams are most of a pack besides the font). */
typedef struct {
    rgb fill, stroke;
    float width;
    bool has_fill, has_stroke, has_width;
} gstate;

static bool same(rgb a, rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void set_fill(HPDF_Page pg, gstate *g, rgb c)
{
    if (g->has_fill && same(g->fill, c))
        return;
    HPDF_Page_SetRGBFill(pg, c.r, c.g, c.b);
    g->fill = c;
    g->has_fill = true;
}

static void set_stroke(HPDF_Page pg, gstate *g, rgb c)
{
    if (g->has_stroke && same(g->stroke, c))
        return;
    HPDF_Page_SetRGBStroke(pg, c.r, c.g, c.b);
    g->stroke = c;
    g->has_stroke = true;
}

static void set_width(HPDF_Page pg, gstate *g, float w)
{
    if (g->has_width && g->width == w)
        return;
    HPDF_Page_SetLineWidth(pg, w);
    g->width = w;
    g->has_width = true;
}

static void draw_rrect(HPDF_Page pg, const op *o)
{
    float x = o->x, y = o->y, w = o->w, h = o->h, r = o->size, k = r * 0.5523f;
    HPDF_Page_MoveTo(pg, x + r, y);
    HPDF_Page_LineTo(pg, x + w - r, y);
    HPDF_Page_CurveTo(pg, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    HPDF_Page_LineTo(pg, x + w, y + h - r);
    HPDF_Page_CurveTo(pg, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
    HPDF_Page_LineTo(pg, x + r, y + h);
    HPDF_Page_CurveTo(pg, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    HPDF_Page_LineTo(pg, x, y + r);
    HPDF_Page_CurveTo(pg, x, y + r - k, x + r - k, y, x + r, y);
    HPDF_Page_ClosePath(pg);
}

static bool is_white(rgb c)
{
    return c.r >= 1.0f && c.g >= 1.0f && c.b >= 1.0f;
}

static void draw_graphics(HPDF_Page pg, gstate *g, const page *src)
{
    static const HPDF_UINT16 dash[] = {2, 2};
    for (size_t i = 0; i < src->n; i++) {
        const op *o = &src->v[i];
        bool fill = o->has_fill && !(o->kind == OP_RECT && is_white(o->fill));
        switch (o->kind) {
        case OP_TEXT:
            break;
        case OP_LINE:
            if (o->w == 0 && o->h == 0)
                break;
            set_stroke(pg, g, o->stroke);
            set_width(pg, g, o->size);
            if (o->dash)
                HPDF_Page_SetDash(pg, dash, 2, 0);
            HPDF_Page_MoveTo(pg, o->x, o->y);
            HPDF_Page_LineTo(pg, o->x + o->w, o->y + o->h);
            HPDF_Page_Stroke(pg);
            if (o->dash)
                HPDF_Page_SetDash(pg, NULL, 0, 0);
            break;
        case OP_RECT:
        case OP_RRECT:
            if (!fill && !o->has_stroke)
                break;
            if (fill)
                set_fill(pg, g, o->fill);
            if (o->has_stroke) {
                set_stroke(pg, g, o->stroke);
                set_width(pg, g, o->size);
            }
            if (o->kind == OP_RRECT)
                draw_rrect(pg, o);
            else
                HPDF_Page_Rectangle(pg, o->x, o->y, o->w, o->h);
            if (fill && o->has_stroke)
                HPDF_Page_FillStroke(pg);
            else if (fill)
                HPDF_Page_Fill(pg);
            else
                HPDF_Page_Stroke(pg);
            break;
        }
    }
}

static void draw_texts(HPDF_Page pg, gstate *g, HPDF_Font font, const page *src)
{
    float cur_size = -1;
    bool cur_bold = false;
    HPDF_Page_BeginText(pg);
    for (size_t i = 0; i < src->n; i++) {
        const op *o = &src->v[i];
        if (o->kind != OP_TEXT || !o->text || !*o->text)
            continue;
        if (o->size != cur_size) {
            HPDF_Page_SetFontAndSize(pg, font, o->size);
            cur_size = o->size;
        }
        set_fill(pg, g, o->fill);
        if (o->bold != cur_bold) {
            HPDF_Page_SetTextRenderingMode(pg, o->bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
            cur_bold = o->bold;
        }
        if (o->bold) {
            set_stroke(pg, g, o->fill);
            set_width(pg, g, o->size * 0.035f);
        }
        HPDF_Page_TextOut(pg, o->x, o->y, o->text);
    }
    if (cur_bold)
        HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL);
    HPDF_Page_EndText(pg);
}

/* Shorten *line (malloc'd) until it and 「…」 fit width pt at the footer size. */
static void footer_cut(asx_pdf *p, char **line, float width)
{
    unsigned *v = NULL;
    size_t n = decode(p->font, *line, &v, NULL);
    float ell = cp_width(p->font, 0x2026, FOOTER_SIZE);
    while (n > 0 && (cps_width(p->font, v, n, FOOTER_SIZE) + ell > width || is_space(v[n - 1])))
        n--;
    if (v || n == 0) {
        unsigned *nv = realloc(v, (n + 1) * sizeof *nv);
        if (nv) {
            v = nv;
            v[n] = 0x2026;
            char *s = encode(v, n + 1);
            if (s) {
                free(*line);
                *line = s;
            }
        }
    }
    free(v);
    layout_record(p, "footer-cut", "%s", *line);
}

/* Footer texts of page i of n: left (document) and right (page number). */
static char *footer_right(const asx_pdf *p, size_t i, size_t n)
{
    if (p->annex_from > 0) {
        if (i < p->annex_from)
            return asx_strdup("");
        return p->lang == ASX_LANG_EN ? asx_strdupf("Annex, page %zu of %zu", i - p->annex_from + 1,
                                                    n - p->annex_from)
                                      : asx_strdupf("別紙 %zu / %zu", i - p->annex_from + 1,
                                                    n - p->annex_from);
    }
    return p->lang == ASX_LANG_EN ? asx_strdupf("Page %zu of %zu", i + 1, n)
                                  : asx_strdupf("%zu / %zu ページ", i + 1, n);
}

/* Lay out the footer of every page into tmp[0..npages) (the flow pages are left alone). */
static void add_footers(asx_pdf *p, page *tmp)
{
    size_t n = p->npages;
    const rgb grey = {0.40f, 0.42f, 0.45f};
    for (size_t i = 0; i < n; i++) {
        p->redirect = &tmp[i];
        put_line(p, ASX_PDF_MARGIN_X, FOOTER_Y + 10, ASX_PDF_MARGIN_X + CONTENT_W(p),
                 FOOTER_Y + 10, grey, 0.4f, false);
        if (p->footer) {
            char **lines = NULL;
            size_t nl = asx_pdf_wrap(p, p->footer, FOOTER_SIZE, CONTENT_W(p) * 0.75f, &lines);
            if (nl > 1) /* cut: the first line, ending with 「…」 */
                footer_cut(p, &lines[0], CONTENT_W(p) * 0.75f);
            if (nl > 0)
                put_text(p, lines[0], ASX_PDF_MARGIN_X, FOOTER_Y, CONTENT_W(p) * 0.75f,
                         FOOTER_SIZE, grey, false, ASX_PDF_LEFT);
            asx_pdf_lines_free(lines, nl);
        }
        char *right = footer_right(p, i, n);
        if (right)
            put_text(p, right, ASX_PDF_MARGIN_X, FOOTER_Y, CONTENT_W(p), FOOTER_SIZE, grey,
                     false, ASX_PDF_RIGHT);
        else
            p->oom = true;
        free(right);
    }
    p->redirect = NULL;
}

static asx_error hpdf_fail(asx_diags *d, const char *what, const hpdf_err *e, HPDF_Doc pdf)
{
    HPDF_STATUS code = e->first ? e->first : (pdf ? HPDF_GetError(pdf) : 0);
    asx_diags_addf(d, ASX_ERR_INTERNAL, NULL, 0, 0, "libharu: %s (error 0x%04X, detail %u)", what,
                   (unsigned)code, (unsigned)e->detail);
    return ASX_ERR_INTERNAL;
}

/* Info entry key = the UTF-8 text s as UTF-16BE with a byte-order mark (written in hex). */
static void info_utf16(HPDF_Doc pdf, const char *key, const char *s)
{
    size_t len = strlen(s), valid = asx_utf8_valid_prefix(s, len), n = 0, off = 0;
    unsigned char *u = malloc(4 * len + 2);
    if (!u || !pdf->info) {
        free(u);
        HPDF_SetError(&pdf->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
        return;
    }
    u[n++] = 0xFE;
    u[n++] = 0xFF;
    while (off < valid) {
        unsigned cp = 0;
        size_t k = asx_utf8_next(s + off, valid - off, &cp);
        if (k == 0)
            break;
        off += k;
        if (cp >= 0x10000) {
            unsigned v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            u[n++] = (unsigned char)(hi >> 8);
            u[n++] = (unsigned char)hi;
            cp = lo;
        }
        u[n++] = (unsigned char)(cp >> 8);
        u[n++] = (unsigned char)cp;
    }
    HPDF_Dict_Add(pdf->info, key, HPDF_Binary_New(pdf->mmgr, u, (HPDF_UINT)n));
    free(u);
}

static void set_info(HPDF_Doc pdf, const asx_pdf *p)
{
    if (p->has_date) {
        HPDF_Date dt;
        memset(&dt, 0, sizeof dt);
        dt.year = p->date.y;
        dt.month = p->date.m;
        dt.day = p->date.d;
        dt.ind = ' ';
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
    }
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "assess");
    /* UTF-16BE with a BOM, as libharu's UTF-8 encoder writes them (making that encoder costs
     * 1.4 M instructions). */
    if (p->title)
        info_utf16(pdf, "Title", p->title);
    if (p->subject)
        info_utf16(pdf, "Subject", p->subject);
}

/* Every page of p with the whole font file loaded by libharu and drawn with its text operators
 * (the whole-font benchmark: what a pack cost before the subset). */
static asx_error render_whole_font(asx_pdf *p, HPDF_Doc pdf, const page *footers, hpdf_err *he,
                                   asx_diags *d)
{
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    const char *name = HPDF_LoadTTFontFromFile(pdf, asx_font_path(p->font), HPDF_TRUE);
    HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
    if (!font || he->first)
        return hpdf_fail(d, ASX_TR(p->lang, "フォントを読み込めません", "cannot load the font"), he, pdf);
    if (fix_tounicode(font, p->used) != HPDF_OK || he->first)
        return hpdf_fail(d, "ToUnicode", he, pdf);
    for (size_t i = 0; i < p->npages && !he->first; i++) {
        HPDF_Page pg = HPDF_AddPage(pdf);
        if (!pg)
            break;
        HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4, p->page_w > p->page_h ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
        gstate g = {0};
        draw_graphics(pg, &g, &p->pages[i]);
        draw_graphics(pg, &g, &footers[i]);
        draw_texts(pg, &g, font, &p->pages[i]);
        draw_texts(pg, &g, font, &footers[i]);
    }
    if (he->first)
        return hpdf_fail(d, ASX_TR(p->lang, "ページを描画できません", "cannot draw a page"), he, pdf);
    return ASX_OK;
}

/* ---- the subset document: font objects and content streams written here ----
 *
 * libharu's TrueType loader would parse the subset again, build a 65,536-entry CIDToGIDMap and
 * write the font out once more, and its zlib deflate (at the default level) was a third of a
 * pack's instructions. Here the document still is libharu's (pages, info, cross-references),
 * but the font objects are made with its object API and every stream is deflated once with
 * libdeflate. The CIDs are the ranks of the code points used (1..n, in code point order), so
 * the CIDToGIDMap holds 2 bytes per glyph and the ToUnicode map keeps its ranges. */

/* libdeflate's fastest level: the outlines hardly compress further (85.6 KB at 1 against 83.2
 * KB at 6 for 117 KB of glyphs) and it takes half the instructions of level 6. */
#define DEFLATE_LEVEL 1
#define FONT_KEY "F1"

typedef struct {
    HPDF_Doc pdf;
    struct libdeflate_compressor *z;
    unsigned short *cid; /* per BMP code point: its CID, 0 when not used */
    asx_buf buf;         /* content of the page being written */
    bool oom;
} writer;

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Deflate data[0..len) into the stream of dict (a HPDF_DictStream_New), which libharu then
 * copies as it is. */
static HPDF_STATUS put_deflated(writer *w, HPDF_Dict dict, const void *data, size_t len)
{
    size_t cap = libdeflate_zlib_compress_bound(w->z, len);
    unsigned char *buf = malloc(cap);
    if (!buf)
        return HPDF_FAILD_TO_ALLOC_MEM;
    size_t n = libdeflate_zlib_compress(w->z, data, len, buf, cap);
    HPDF_STATUS st = n ? HPDF_Stream_Write(dict->stream, buf, (HPDF_UINT)n) : HPDF_FAILD_TO_ALLOC_MEM;
    free(buf);
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_filter;
    return st;
}

/* A number with at most three decimals, without trailing zeros ("12.5", "-0.25", "3"). */
static void put_num(asx_buf *b, float v)
{
    long n = lround((double)v * 1000.0);
    char tmp[32], *e = tmp + sizeof tmp, *s = e;
    unsigned long u = n < 0 ? (unsigned long)-n : (unsigned long)n;
    unsigned long ip = u / 1000, fp = u % 1000;
    if (fp) {
        int digits = 3;
        while (fp % 10 == 0) {
            fp /= 10;
            digits--;
        }
        for (int i = 0; i < digits; i++) {
            *--s = (char)('0' + fp % 10);
            fp /= 10;
        }
        *--s = '.';
    }
    do {
        *--s = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (n < 0)
        *--s = '-';
    asx_buf_add(b, s, (size_t)(e - s));
}

/* Numbers separated by spaces, then the operator and a newline. */
static void put_op(asx_buf *b, const float *v, int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        put_num(b, v[i]);
        asx_buf_addc(b, ' ');
    }
    asx_buf_adds(b, name);
    asx_buf_addc(b, '\n');
}

static void w_fill(asx_buf *b, gstate *g, rgb c)
{
    if (g->has_fill && same(g->fill, c))
        return;
    put_op(b, (const float[]){c.r, c.g, c.b}, 3, "rg");
    g->fill = c;
    g->has_fill = true;
}

static void w_stroke(asx_buf *b, gstate *g, rgb c)
{
    if (g->has_stroke && same(g->stroke, c))
        return;
    put_op(b, (const float[]){c.r, c.g, c.b}, 3, "RG");
    g->stroke = c;
    g->has_stroke = true;
}

static void w_width(asx_buf *b, gstate *g, float lw)
{
    if (g->has_width && g->width == lw)
        return;
    put_op(b, &lw, 1, "w");
    g->width = lw;
    g->has_width = true;
}

static void w_rrect(asx_buf *b, const op *o)
{
    float x = o->x, y = o->y, w = o->w, h = o->h, r = o->size, k = r * 0.5523f;
    put_op(b, (const float[]){x + r, y}, 2, "m");
    put_op(b, (const float[]){x + w - r, y}, 2, "l");
    put_op(b, (const float[]){x + w - r + k, y, x + w, y + r - k, x + w, y + r}, 6, "c");
    put_op(b, (const float[]){x + w, y + h - r}, 2, "l");
    put_op(b, (const float[]){x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h}, 6, "c");
    put_op(b, (const float[]){x + r, y + h}, 2, "l");
    put_op(b, (const float[]){x + r - k, y + h, x, y + h - r + k, x, y + h - r}, 6, "c");
    put_op(b, (const float[]){x, y + r}, 2, "l");
    put_op(b, (const float[]){x, y + r - k, x + r - k, y, x + r, y}, 6, "c");
    asx_buf_adds(b, "h\n");
}

/* The graphics of src, as draw_graphics() draws them with libharu. */
static void w_graphics(asx_buf *b, gstate *g, const page *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const op *o = &src->v[i];
        bool fill = o->has_fill && !(o->kind == OP_RECT && is_white(o->fill));
        switch (o->kind) {
        case OP_TEXT:
            break;
        case OP_LINE:
            if (o->w == 0 && o->h == 0)
                break;
            w_stroke(b, g, o->stroke);
            w_width(b, g, o->size);
            if (o->dash)
                asx_buf_adds(b, "[2 2] 0 d\n");
            put_op(b, (const float[]){o->x, o->y}, 2, "m");
            put_op(b, (const float[]){o->x + o->w, o->y + o->h}, 2, "l S");
            if (o->dash)
                asx_buf_adds(b, "[] 0 d\n");
            break;
        case OP_RECT:
        case OP_RRECT:
            if (!fill && !o->has_stroke)
                break;
            if (fill)
                w_fill(b, g, o->fill);
            if (o->has_stroke) {
                w_stroke(b, g, o->stroke);
                w_width(b, g, o->size);
            }
            const char *paint = fill && o->has_stroke ? "B" : fill ? "f" : "S";
            if (o->kind == OP_RRECT) {
                w_rrect(b, o);
                asx_buf_adds(b, paint);
                asx_buf_addc(b, '\n');
            } else {
                char opname[8] = "re ";
                strcat(opname, paint);
                put_op(b, (const float[]){o->x, o->y, o->w, o->h}, 4, opname);
            }
            break;
        }
    }
}

/* The state of the text object while the texts of a page are written. */
typedef struct {
    float size, lx, ly; /* font size; start of the current line */
    bool bold;
} tstate;

/* The string of CIDs (two bytes each) of UTF-8 text s, as a literal string. */
static void w_cids(writer *w, const char *s)
{
    asx_buf *b = &w->buf;
    asx_buf_addc(b, '(');
    size_t i = 0, n = strlen(s);
    while (i < n) {
        unsigned cp = 0;
        size_t k = asx_utf8_next(s + i, n - i, &cp);
        if (k == 0)
            k = 1;
        i += k;
        unsigned c = cp < 65536 ? w->cid[cp] : 0;
        char t[6];
        size_t tn = 0;
        for (int j = 0; j < 2; j++) {
            char ch = (char)(j == 0 ? c >> 8 : c & 0xFF);
            /* A bare CR in a literal string would be read as a newline. */
            if (ch == '(' || ch == ')' || ch == '\\' || ch == '\r')
                t[tn++] = '\\';
            t[tn++] = ch == '\r' ? 'r' : ch;
        }
        asx_buf_add(b, t, tn);
    }
    asx_buf_adds(b, ")Tj\n");
}

static void w_texts(writer *w, gstate *g, tstate *t, const page *src)
{
    asx_buf *b = &w->buf;
    for (size_t i = 0; i < src->n; i++) {
        const op *o = &src->v[i];
        if (o->kind != OP_TEXT || !o->text || !*o->text)
            continue;
        if (o->size != t->size) {
            asx_buf_adds(b, "/" FONT_KEY " ");
            put_op(b, &o->size, 1, "Tf");
            t->size = o->size;
        }
        w_fill(b, g, o->fill);
        if (o->bold != t->bold) {
            asx_buf_adds(b, o->bold ? "2 Tr\n" : "0 Tr\n");
            t->bold = o->bold;
        }
        if (o->bold) {
            w_stroke(b, g, o->fill);
            w_width(b, g, o->size * 0.035f);
        }
        put_op(b, (const float[]){o->x - t->lx, o->y - t->ly}, 2, "Td");
        t->lx = o->x;
        t->ly = o->y;
        w_cids(w, o->text);
    }
}

static HPDF_Dict new_dict(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL; /* Xref_Add frees d on failure */
    return d;
}

/* The W array: widths that are not the default 1000, as runs "c [w1 w2 …]". */
static HPDF_Array widths(const asx_pdf *p, HPDF_Doc pdf, const unsigned *cps, size_t n)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    HPDF_Array run = NULL;
    HPDF_STATUS st = a ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t i = 0; i < n && st == HPDF_OK; i++) {
        int adv = asx_font_advance(p->font, cps[i]);
        if (adv == 1000) {
            run = NULL;
            continue;
        }
        if (!run) {
            st = HPDF_Array_AddNumber(a, (HPDF_INT32)(i + 1));
            run = HPDF_Array_New(pdf->mmgr);
            st = run ? st | HPDF_Array_Add(a, run) : HPDF_FAILD_TO_ALLOC_MEM;
        }
        if (st == HPDF_OK)
            st = HPDF_Array_AddNumber(run, adv);
    }
    return st == HPDF_OK ? a : NULL;
}

/* "<XXXX>" and then c. */
static void put_hex4(asx_buf *b, unsigned v, char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char t[7] = {'<', hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15], '>', c};
    asx_buf_add(b, t, sizeof t);
}

/* The ToUnicode map: ranges of consecutive CIDs whose code points are consecutive too (and
 * share their high byte, as bfrange requires of both), in blocks of at most 100. */
static void tounicode(asx_buf *b, const unsigned *cps, size_t n)
{
    asx_buf_adds(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t *starts = malloc((n + 1) * sizeof *starts), nr = 0;
    if (!starts) {
        b->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t c = i + 1;
        if (i == 0 || cps[i] != cps[i - 1] + 1 || (cps[i] >> 8) != (cps[i - 1] >> 8) ||
            (c >> 8) != ((c - 1) >> 8))
            starts[nr++] = i;
    }
    starts[nr] = n;
    for (size_t r = 0; r < nr; r++) {
        if (r % 100 == 0)
            asx_buf_addf(b, "%zu beginbfrange\n", nr - r < 100 ? nr - r : 100);
        size_t from = starts[r], to = starts[r + 1] - 1;
        put_hex4(b, (unsigned)from + 1, ' ');
        put_hex4(b, (unsigned)to + 1, ' ');
        put_hex4(b, cps[from], '\n');
        if (r % 100 == 99 || r + 1 == nr)
            asx_buf_adds(b, "endbfrange\n");
    }
    free(starts);
    asx_buf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The Type0 font of the subset ttf[0..ttf_len) of the code points cps[0..n) (gids[i] the glyph
 * of cps[i] in it), with its descendant, descriptor, font file, CIDToGIDMap and ToUnicode map.
 * NULL on failure: *err ASX_ERR_NOMEM, or *reported when the reason is in d, else libharu's. */
static HPDF_Dict make_font(writer *w, const asx_pdf *p, const unsigned *cps,
                           const unsigned short *gids, size_t n, const unsigned char *ttf,
                           size_t ttf_len, asx_diags *d, asx_error *err, bool *reported)
{
    HPDF_Doc pdf = w->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    asx_font_metrics m;
    unsigned char *map = malloc(2 * (n + 1));
    asx_buf tu = {0};
    HPDF_Dict type0 = NULL;
    *err = ASX_ERR_NOMEM;
    if (!map)
        goto done;
    *err = asx_font_subset_metrics(p->font, ttf, ttf_len, &m, d);
    if (*err) {
        *reported = true;
        goto done;
    }
    *err = ASX_ERR_INTERNAL;
    map[0] = map[1] = 0;
    for (size_t i = 0; i < n; i++) {
        map[2 * (i + 1)] = (unsigned char)(gids[i] >> 8);
        map[2 * (i + 1) + 1] = (unsigned char)(gids[i] & 0xFF);
        w->cid[cps[i]] = (unsigned short)(i + 1);
    }
    char name[80];
    snprintf(name, sizeof name, "ASXJPA+%s", asx_font_ps_name(p->font));

    HPDF_Dict file = HPDF_DictStream_New(mm, pdf->xref);
    if (!file || HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)ttf_len) ||
        put_deflated(w, file, ttf, ttf_len))
        goto done;

    HPDF_Dict desc = new_dict(pdf);
    HPDF_Array bbox = HPDF_Array_New(mm);
    if (!desc || !bbox || HPDF_Dict_AddName(desc, "Type", "FontDescriptor") ||
        HPDF_Dict_AddName(desc, "FontName", name) || HPDF_Dict_AddNumber(desc, "Flags", 32) ||
        HPDF_Dict_Add(desc, "FontBBox", bbox) || HPDF_Dict_AddNumber(desc, "ItalicAngle", 0) ||
        HPDF_Dict_AddNumber(desc, "Ascent", m.ascent) ||
        HPDF_Dict_AddNumber(desc, "Descent", m.descent) ||
        HPDF_Dict_AddNumber(desc, "CapHeight", m.cap_height) ||
        HPDF_Dict_AddNumber(desc, "XHeight", m.x_height) ||
        HPDF_Dict_AddNumber(desc, "StemV", 0) || HPDF_Dict_Add(desc, "FontFile2", file))
        goto done;
    for (int i = 0; i < 4; i++)
        if (HPDF_Array_AddNumber(bbox, m.bbox[i]))
            goto done;

    HPDF_Dict cidmap = HPDF_DictStream_New(mm, pdf->xref);
    if (!cidmap || put_deflated(w, cidmap, map, 2 * (n + 1)))
        goto done;

    HPDF_Dict info = HPDF_Dict_New(mm);
    HPDF_Dict cid = new_dict(pdf);
    HPDF_Array wa = widths(p, pdf, cps, n);
    if (!info || !cid || !wa ||
        HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL)) ||
        HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL)) ||
        HPDF_Dict_AddNumber(info, "Supplement", 0) || HPDF_Dict_AddName(cid, "Type", "Font") ||
        HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2") ||
        HPDF_Dict_AddName(cid, "BaseFont", name) || HPDF_Dict_Add(cid, "CIDSystemInfo", info) ||
        HPDF_Dict_Add(cid, "FontDescriptor", desc) || HPDF_Dict_AddNumber(cid, "DW", 1000) ||
        HPDF_Dict_Add(cid, "W", wa) || HPDF_Dict_Add(cid, "CIDToGIDMap", cidmap))
        goto done;

    tounicode(&tu, cps, n);
    HPDF_Dict tus = HPDF_DictStream_New(mm, pdf->xref);
    if (tu.oom) {
        *err = ASX_ERR_NOMEM;
        goto done;
    }
    if (!tus || put_deflated(w, tus, tu.s, tu.len))
        goto done;

    HPDF_Array desc_fonts = HPDF_Array_New(mm);
    HPDF_Dict t0 = new_dict(pdf);
    if (!desc_fonts || !t0 || HPDF_Array_Add(desc_fonts, cid) || HPDF_Dict_AddName(t0, "Type", "Font") ||
        HPDF_Dict_AddName(t0, "Subtype", "Type0") || HPDF_Dict_AddName(t0, "BaseFont", name) ||
        HPDF_Dict_AddName(t0, "Encoding", "Identity-H") ||
        HPDF_Dict_Add(t0, "DescendantFonts", desc_fonts) || HPDF_Dict_Add(t0, "ToUnicode", tus))
        goto done;
    type0 = t0;
    *err = ASX_OK;
done:
    asx_buf_free(&tu);
    free(map);
    return type0;
}

/* Every page of p (its flow and its footer) with the subset font: graphics first, then one text
 * object, each page's content deflated once. */
static asx_error render_subset(asx_pdf *p, HPDF_Doc pdf, const page *footers, const unsigned *cps,
                               const unsigned short *gids, size_t ncps, const unsigned char *ttf,
                               size_t ttf_len, hpdf_err *he, asx_diags *d)
{
    asx_error err = ASX_OK;
    writer w = {.pdf = pdf};
    w.z = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    w.cid = calloc(65536, sizeof *w.cid);
    if (!w.z || !w.cid) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    bool reported = false;
    HPDF_Dict font = make_font(&w, p, cps, gids, ncps, ttf, ttf_len, d, &err, &reported);
    if (!font || he->first) {
        /* out of memory, the subset's tables (said in d), or else libharu failed */
        if (err != ASX_ERR_NOMEM && !reported)
            err = hpdf_fail(d, ASX_TR(p->lang, "サブセットフォントを埋め込めません", "cannot embed the subset font"), he, pdf);
        goto done;
    }
    bool failed = false;
    for (size_t i = 0; i < p->npages && !he->first && !failed; i++) {
        HPDF_Page pg = HPDF_AddPage(pdf);
        if (!pg) {
            failed = true;
            break;
        }
        HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4, p->page_w > p->page_h ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
        HPDF_PageAttr attr = pg->attr;
        HPDF_Dict res = HPDF_Page_GetInheritableItem(pg, "Resources", HPDF_OCLASS_DICT);
        HPDF_Dict fonts = HPDF_Dict_New(pdf->mmgr);
        if (!res || !fonts || HPDF_Dict_Add(res, "Font", fonts) ||
            HPDF_Dict_Add(fonts, FONT_KEY, font)) {
            failed = true;
            break;
        }
        attr->fonts = fonts;
        gstate g = {0};
        tstate t = {.size = -1};
        asx_buf_reset(&w.buf);
        w_graphics(&w.buf, &g, &p->pages[i]);
        w_graphics(&w.buf, &g, &footers[i]);
        asx_buf_adds(&w.buf, "BT\n");
        w_texts(&w, &g, &t, &p->pages[i]);
        w_texts(&w, &g, &t, &footers[i]);
        asx_buf_adds(&w.buf, "ET\n");
        if (w.buf.oom) {
            err = ASX_ERR_NOMEM;
            goto done;
        }
        failed = put_deflated(&w, attr->contents, w.buf.s, w.buf.len) != HPDF_OK;
    }
    if (failed || he->first || HPDF_GetError(pdf))
        err = hpdf_fail(d, ASX_TR(p->lang, "ページを描画できません", "cannot draw a page"), he, pdf);
done:
    asx_buf_free(&w.buf);
    free(w.cid);
    if (w.z)
        libdeflate_free_compressor(w.z);
    return err;
}

/* Name the characters drawn as 〓, each once (a note: the document is still made). */
static void report_missing(const asx_pdf *p, asx_diags *d)
{
    if (p->missing->n == 0)
        return;
    asx_buf b = {0};
    for (size_t i = 0; i < p->missing->n && i < 50; i++) {
        char ch[5] = {0};
        unsigned cp = p->missing->v[i];
        /* the character itself, then its code point (the character may not show either) */
        if (cp < 0x80) {
            ch[0] = (char)cp;
        } else if (cp < 0x800) {
            ch[0] = (char)(0xC0 | (cp >> 6));
            ch[1] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            ch[0] = (char)(0xE0 | (cp >> 12));
            ch[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            ch[2] = (char)(0x80 | (cp & 0x3F));
        } else {
            ch[0] = (char)(0xF0 | (cp >> 18));
            ch[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            ch[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
            ch[3] = (char)(0x80 | (cp & 0x3F));
        }
        asx_buf_addf(&b, "%s%s (U+%04X)", i ? ", " : "", ch, cp);
    }
    if (p->missing->n > 50)
        asx_buf_addf(&b, p->lang == ASX_LANG_EN ? " and %zu more" : " ほか %zu 文字", p->missing->n - 50);
    const char *title = p->title ? p->title : "PDF";
    asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                   p->lang == ASX_LANG_EN
                       ? "%s: the font has no glyph for these characters, drawn as 〓: %s"
                       : "%s: 次の文字はフォントにないため 〓 で表示しました: %s",
                   title, asx_buf_str(&b));
    asx_buf_free(&b);
}

static asx_error render(asx_pdf *p, bool whole_font, unsigned char **out, size_t *out_len,
                        asx_diags *d)
{
    asx_error err = ASX_OK;
    hpdf_err he = {HPDF_OK, 0};
    HPDF_Doc pdf = NULL;
    page *footers = NULL;
    unsigned *cps = NULL;
    unsigned short *gids = NULL;
    unsigned char *ttf = NULL;
    size_t ttf_len = 0, ncps = 0;
    unsigned char *data = NULL;
    *out = NULL;
    *out_len = 0;
    end_table_if_open(p);
    if (p->npages == 0)
        cur_page(p); /* an empty document still has one page */
    if (p->oom || p->missing->oom)
        return ASX_ERR_NOMEM;
    report_missing(p, d);
    footers = calloc(p->npages, sizeof *footers);
    if (!footers)
        return ASX_ERR_NOMEM;
    add_footers(p, footers);
    if (p->oom) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    /* The subset always has the ASCII digits and the missing-glyph mark. */
    mark_used(p, (const unsigned[]){'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ',
                                    ASX_FONT_MISSING}, 12);
    cps = malloc(65536 * sizeof *cps);
    if (!cps) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    for (unsigned cp = 0x20; cp < 65536; cp++)
        if (p->used[cp >> 3] & (1u << (cp & 7)))
            cps[ncps++] = cp;
    if (!whole_font) {
        gids = malloc((ncps ? ncps : 1) * sizeof *gids);
        if (!gids) {
            err = ASX_ERR_NOMEM;
            goto done;
        }
        err = asx_font_subset(p->font, cps, ncps, gids, &ttf, &ttf_len, d);
        if (err != ASX_OK)
            goto done;
    }

    pdf = HPDF_New(on_hpdf_error, &he);
    if (!pdf) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    HPDF_UseUTFEncodings(pdf);
    set_info(pdf, p);
    if (whole_font) {
        err = render_whole_font(p, pdf, footers, &he, d);
    } else {
        err = render_subset(p, pdf, footers, cps, gids, ncps, ttf, ttf_len, &he, d);
    }
    if (err)
        goto done;
    if (HPDF_SaveToStream(pdf) != HPDF_OK || he.first) {
        err = hpdf_fail(d, ASX_TR(p->lang, "PDF を出力できません", "cannot write the PDF"), &he, pdf);
        goto done;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    data = malloc(size ? size : 1);
    if (!data) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    /* The document is in libharu's memory stream, in blocks: copied with memcpy (its
     * HPDF_ReadFromStream copies byte by byte). */
    HPDF_UINT32 got = 0;
    HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(pdf->stream);
    for (HPDF_UINT i = 0; i < nbuf; i++) {
        HPDF_UINT blen = 0;
        HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(pdf->stream, i, &blen);
        if (!b || blen > size - got)
            break;
        memcpy(data + got, b, blen);
        got += blen;
    }
    if (got != size) {
        err = hpdf_fail(d, ASX_TR(p->lang, "PDF を出力できません", "cannot write the PDF"), &he, pdf);
        goto done;
    }
    *out = data;
    *out_len = got;
    data = NULL;
    layout_log_flush(p);
done:
    if (pdf)
        HPDF_Free(pdf);
    if (footers) {
        for (size_t i = 0; i < p->npages; i++)
            page_clear(&footers[i]);
        free(footers);
    }
    free(data);
    free(ttf);
    free(gids);
    free(cps);
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, "%s", ASX_TR(p->lang, "メモリ不足", "out of memory"));
    return err;
}

asx_error asx_pdf_render(asx_pdf *p, unsigned char **out, size_t *out_len, asx_diags *d)
{
    return render(p, false, out, out_len, d);
}

asx_error asx_pdf_render_whole_font(asx_pdf *p, unsigned char **out, size_t *out_len,
                                    asx_diags *d)
{
    return render(p, true, out, out_len, d);
}

asx_error asx_pdf_save(asx_pdf *p, const char *path, int force, asx_diags *d)
{
    return asx_pdf_save_in(p, NULL, path, force, d);
}

asx_error asx_pdf_save_in(asx_pdf *p, asx_outset *set, const char *path, int force, asx_diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    asx_error err = asx_pdf_render(p, &data, &len, d);
    if (err == ASX_OK)
        err = set ? asx_outset_add_data(set, path, data, len, d)
                  : asx_write_file(path, data, len, force, ASX_OUTPUT_MODE, d);
    free(data);
    return err;
}
