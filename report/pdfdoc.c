/* pdfdoc.c - layout into an in-memory display list, then one libharu document per render with
 * the shared font subset to the code points used (see pdfdoc.h). */
#include "asx/pdfdoc.h"
#include "asx/text.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <math.h>
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
#define CONTENT_TOP (ASX_PDF_PAGE_HEIGHT - ASX_PDF_MARGIN_TOP)

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
    bool header_drawn_on_page;
    size_t ncols;
    float colw[MAX_COLS];
    asx_pdf_align colalign[MAX_COLS];
    char *coltitle[MAX_COLS];
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
    case ASX_VERDICT_INCOMPLETE: return ASX_PDF_TONE_NEUTRAL;
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

/* Decode UTF-8 into code points the font can draw: tabs become spaces, other controls except
 * '\n' are dropped, missing characters become ASX_FONT_MISSING. *out is malloc'd. */
/* Text to the code points drawn: controls dropped, default-ignorable characters dropped (so a
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

static bool in_list(unsigned cp, const unsigned *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp)
            return true;
    return false;
}

/* Characters that may not start a line (行頭禁則). */
static bool no_start(unsigned cp)
{
    static const unsigned list[] = {
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0x30FB, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0xFF09, 0x300D,
        0x300F, 0x3011, 0x3015, 0x3009, 0x300B, 0xFF3D, 0xFF5D, 0x3017, 0x3019, 0x30FC, 0x2026,
        0x2025, 0x3005, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x3003, 0x2010, 0x2013, 0xFF05, 0x2019,
        0x201D, 0x309B, 0x309C, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
        0x3087, 0x308E, 0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3,
        0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x31F0, 0x31F1, 0x31F2, 0x31F3, 0x31F4, 0x31F5,
        0x31F6, 0x31F7, 0x31F8, 0x31F9, 0x31FA, 0x31FB, 0x31FC, 0x31FD, 0x31FE, 0x31FF, ',',
        '.', ')', ']', '}', '!', '?', ':', ';', '%'};
    return in_list(cp, list, sizeof list / sizeof list[0]);
}

/* Characters that may not end a line (行末禁則). */
static bool no_end(unsigned cp)
{
    static const unsigned list[] = {0xFF08, 0x300C, 0x300E, 0x3010, 0x3014, 0x3008, 0x300A,
                                    0xFF3B, 0xFF5B, 0x3016, 0x3018, 0x2018, 0x201C, 0xFF04,
                                    0xFFE5, '(', '[', '{'};
    return in_list(cp, list, sizeof list / sizeof list[0]);
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

/* May a line break between v[j-1] and v[j]? */
static bool break_before(const unsigned *v, size_t j)
{
    unsigned a = v[j - 1], b = v[j];
    if (b == ' ' || b == 0xA0)
        return false; /* break after the spaces, never before them */
    if (no_start(b) || no_end(a))
        return false;
    if (is_space(a))
        return true;
    return is_cjk(a) || is_cjk(b);
}

typedef struct {
    size_t start, end; /* [start, end) into the code points */
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
static void wrap_para(const asx_font *font, const unsigned *v, size_t s, size_t e, float size,
                      float width, spans *out)
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
            if (j > i && break_before(v, j))
                last = j;
            if (j > i && w + cw > width && !is_space(v[j]))
                break;
            w += cw;
            j++;
        }
        size_t end = j;
        if (j < e) {
            if (last > i)
                end = last;
            else
                end = forced_break(v, i, j, e);
        }
        size_t trim = end;
        while (trim > i && is_space(v[trim - 1]) && v[trim - 1] != 0x3000)
            trim--;
        spans_add(out, i, trim);
        i = end;
        while (i < e && (v[i] == ' ' || v[i] == 0xA0))
            i++;
    }
}

static void wrap_cps(const asx_font *font, const unsigned *v, size_t n, float size, float width,
                     spans *out)
{
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || v[i] == '\n') {
            if (i < n || s < n || n == 0)
                wrap_para(font, v, s, i, size, width, out);
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
    p->y = CONTENT_TOP;
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
    free(p);
}

static const char *L(const asx_pdf *p, const char *ja, const char *en)
{
    return p->lang == ASX_LANG_EN ? en : ja;
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

static void new_page(asx_pdf *p)
{
    p->y = CONTENT_TOP;
    p->page_empty = true;
    p->header_drawn_on_page = false;
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
    float width = ASX_PDF_CONTENT_WIDTH - indent;
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
        if (len == 0)
            p->page_empty = false;
        p->y -= lh;
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
        p->y = CONTENT_TOP;
    flow_text(p, text, size, level <= 1 ? ACCENT : BLACK, true, ASX_PDF_LEFT, 0);
    if (level <= 1) {
        put_line(p, ASX_PDF_MARGIN_X, p->y + 1, ASX_PDF_MARGIN_X + ASX_PDF_CONTENT_WIDTH, p->y + 1,
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
    put_line(p, ASX_PDF_MARGIN_X, p->y, ASX_PDF_MARGIN_X + ASX_PDF_CONTENT_WIDTH, p->y, GRID, 0.5f,
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
    float hdr = with_header ? header_height(p) : 0;
    float full = CONTENT_TOP - bottom_limit() - hdr;
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
    float total = 0;
    for (size_t c = 0; c < ncols; c++)
        total += cols[c].width > 0 ? cols[c].width : 1;
    for (size_t c = 0; c < ncols; c++) {
        float w = cols[c].width > 0 ? cols[c].width : 1;
        p->colw[c] = ASX_PDF_CONTENT_WIDTH * w / total;
        p->colalign[c] = cols[c].align;
        free(p->coltitle[c]);
        p->coltitle[c] = asx_strdup(cols[c].title ? cols[c].title : "");
        if (!p->coltitle[c])
            p->oom = true;
    }
    p->ncols = ncols;
    p->in_table = true;
    /* The header and at least one row stay together. */
    float hh = header_height(p);
    asx_pdf_need(p, hh + TABLE_SIZE * LINE_FACTOR * 2 + 2 * CELL_PAD_Y);
    draw_header(p);
}

void asx_pdf_row(asx_pdf *p, const char *const *cells, const asx_pdf_tone *tones)
{
    if (!p->in_table)
        return;
    rgb fills[MAX_COLS];
    for (size_t c = 0; c < p->ncols; c++)
        fills[c] = tone_pale(tones ? tones[c] : ASX_PDF_TONE_NONE);
    layout_row(p, cells, p->ncols, p->colw, p->colalign, fills, true, NULL);
}

void asx_pdf_table_end(asx_pdf *p)
{
    if (!p->in_table)
        return;
    p->in_table = false;
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
    widths[0] = key_width > 0 ? key_width : ASX_PDF_CONTENT_WIDTH * 0.3f;
    widths[1] = ASX_PDF_CONTENT_WIDTH - widths[0];
    fills[0] = tone_pale(ASX_PDF_TONE_MUTED);
    for (size_t i = 0; i < n; i++) {
        const char *row[2] = {keys[i], values[i] && *values[i] ? values[i] : "—"};
        layout_row(p, row, 2, widths, aligns, fills, false, bold);
    }
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
        p->y = CONTENT_TOP;
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
                 ASX_PDF_CONTENT_WIDTH - w - 12, size, tone_text(tone), true, ASX_PDF_LEFT);
    p->y = y - 8;
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
    const float label_w = ASX_PDF_CONTENT_WIDTH / 3.0f;
    const float x0 = ASX_PDF_MARGIN_X + label_w + 6;
    const float bar_w = ASX_PDF_CONTENT_WIDTH - label_w - 6 - 36;
    const rgb track = {0.93f, 0.94f, 0.95f};
    if (n == 0)
        return;
    asx_pdf_need(p, 40);
    float top = p->y;
    for (size_t i = 0; i < n; i++) {
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, labels[i], size, label_w, &lines);
        float row_h = fmaxf((float)(nl ? nl : 1) * lh, bar_h) + gap;
        if (p->y - row_h - 16 < bottom_limit()) {
            new_page(p);
            top = p->y;
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
}

void asx_pdf_stamps(asx_pdf *p, const char *const *roles, const char *const *names, size_t n)
{
    end_table_if_open(p);
    if (n == 0)
        return;
    if (n > 8)
        n = 8;
    const float role_size = 7.5f, name_size = 8.0f;
    float bw = ASX_PDF_CONTENT_WIDTH / (float)n;
    size_t role_lines = 1;
    for (size_t i = 0; i < n; i++) {
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, roles[i], role_size, bw - 2 * CELL_PAD_X, &lines);
        asx_pdf_lines_free(lines, nl);
        if (nl > role_lines)
            role_lines = nl;
    }
    float role_h = (float)role_lines * role_size * LINE_FACTOR + 2 * CELL_PAD_Y;
    float stamp_h = 66, name_h = 18, date_h = 18;
    float total = role_h + stamp_h + name_h + date_h;
    asx_pdf_need(p, total + 4);
    if (p->page_empty)
        p->y = CONTENT_TOP;
    float top = p->y;
    rgb fill = tone_pale(ASX_PDF_TONE_MUTED);
    const rgb dim = {0.6f, 0.6f, 0.62f};
    for (size_t i = 0; i < n; i++) {
        float x = ASX_PDF_MARGIN_X + bw * (float)i;
        put_rect(p, x, top - role_h, bw, role_h, &fill, &GRID, 0.6f);
        put_rect(p, x, top - total, bw, total - role_h, NULL, &GRID, 0.6f);
        /* a dotted guide around the place of the seal */
        float cx = x + bw / 2, cy = top - role_h - stamp_h / 2;
        put_line(p, cx - 24, cy - 24, cx + 24, cy - 24, dim, 0.3f, true);
        put_line(p, cx - 24, cy + 24, cx + 24, cy + 24, dim, 0.3f, true);
        put_line(p, cx - 24, cy - 24, cx - 24, cy + 24, dim, 0.3f, true);
        put_line(p, cx + 24, cy - 24, cx + 24, cy + 24, dim, 0.3f, true);
        put_line(p, x, top - role_h - stamp_h, x + bw, top - role_h - stamp_h, GRID, 0.4f, false);
        put_line(p, x, top - role_h - stamp_h - name_h, x + bw, top - role_h - stamp_h - name_h,
                 GRID, 0.4f, false);
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, roles[i], role_size, bw - 2 * CELL_PAD_X, &lines);
        for (size_t k = 0; k < nl; k++)
            put_text(p, lines[k], x + CELL_PAD_X,
                     top - CELL_PAD_Y - (float)k * role_size * LINE_FACTOR - baseline_off(role_size),
                     bw - 2 * CELL_PAD_X, role_size, BLACK, true, ASX_PDF_CENTER);
        asx_pdf_lines_free(lines, nl);
        float ny = top - role_h - stamp_h - name_h + (name_h - name_size) / 2 + 1.5f;
        if (names && names[i] && *names[i]) {
            lines = NULL;
            nl = asx_pdf_wrap(p, names[i], name_size, bw - 2 * CELL_PAD_X, &lines);
            if (nl > 0)
                put_text(p, lines[0], x + CELL_PAD_X, ny, bw - 2 * CELL_PAD_X, name_size, BLACK,
                         false, ASX_PDF_CENTER);
            asx_pdf_lines_free(lines, nl);
        } else {
            put_text(p, L(p, "氏名", "Name"), x + CELL_PAD_X, ny, bw - 2 * CELL_PAD_X, 6.5f, dim,
                     false, ASX_PDF_LEFT);
        }
        float dy = top - total + (date_h - 7.5f) / 2 + 1.5f;
        put_text(p, L(p, "　　年　　月　　日", "Date: ____/____/____"), x + CELL_PAD_X, dy,
                 bw - 2 * CELL_PAD_X, 7.5f, BLACK, false, ASX_PDF_RIGHT);
    }
    p->y = top - total - 8;
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

/* Making the font, libharu looks up the glyph of each of the 65,536 UTF-8 codes with a linear
 * search over the cmap's segments, and a subset has one segment per run of code points (hundreds
 * for Japanese text): most of the time of a small document went there. Replace the parsed cmap
 * (libharu's copy in memory; the embedded font keeps its own) by one segment whose glyph array
 * is indexed by the code itself, so each lookup is O(1). */
static bool dense_cmap(HPDF_FontDef def, const unsigned char *used)
{
    HPDF_TTFontDefAttr a = def->attr;
    HPDF_TTF_CmapRange *c = &a->cmap;
    if (c->format != 4 || c->seg_count_x2 == 0)
        return true; /* leave any other layout alone: slower, still right */
    HPDF_UINT16 *gids = HPDF_GetMem(def->mmgr, sizeof(HPDF_UINT16) * 65536);
    HPDF_UINT16 *end = HPDF_GetMem(def->mmgr, sizeof(HPDF_UINT16));
    HPDF_UINT16 *start = HPDF_GetMem(def->mmgr, sizeof(HPDF_UINT16));
    HPDF_INT16 *delta = HPDF_GetMem(def->mmgr, sizeof(HPDF_INT16));
    HPDF_UINT16 *range = HPDF_GetMem(def->mmgr, sizeof(HPDF_UINT16));
    if (!gids || !end || !start || !delta || !range) {
        HPDF_FreeMem(def->mmgr, gids);
        HPDF_FreeMem(def->mmgr, end);
        HPDF_FreeMem(def->mmgr, start);
        HPDF_FreeMem(def->mmgr, delta);
        HPDF_FreeMem(def->mmgr, range);
        return false;
    }
    memset(gids, 0, sizeof(HPDF_UINT16) * 65536);
    for (unsigned cp = 0; cp < 65535; cp++)
        if (used[cp >> 3] & (1u << (cp & 7)))
            gids[cp] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
    HPDF_FreeMem(def->mmgr, c->end_count);
    HPDF_FreeMem(def->mmgr, c->start_count);
    HPDF_FreeMem(def->mmgr, c->id_delta);
    HPDF_FreeMem(def->mmgr, c->id_range_offset);
    if (c->glyph_id_array)
        HPDF_FreeMem(def->mmgr, c->glyph_id_array);
    /* One segment 0x0000-0xFFFF: glyph index = glyph_id_array[range/2 + code - start - 1]. */
    *end = 0xFFFF;
    *start = 0;
    *delta = 0;
    *range = 2;
    c->seg_count_x2 = 2;
    c->end_count = end;
    c->start_count = start;
    c->id_delta = delta;
    c->id_range_offset = range;
    c->glyph_id_array = gids;
    c->glyph_id_array_count = 65536;
    return true;
}

/* Load the subset font from memory into the document (libharu 2.3 has no public call for
 * that: this is what HPDF_LoadTTFontFromFile does, with a memory stream instead of a file). */
static HPDF_Font load_font(HPDF_Doc pdf, const unsigned char *ttf, size_t len,
                           const unsigned char *used)
{
    HPDF_Stream st = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)len);
    if (!st)
        return NULL;
    if (HPDF_Stream_Write(st, ttf, (HPDF_UINT)len) != HPDF_OK) {
        HPDF_Stream_Free(st);
        return NULL;
    }
    /* The font definition owns the stream from here on (freed with it, even on failure). */
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, st, HPDF_TRUE);
    if (!def)
        return NULL;
    if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)
        return NULL; /* RegisterFontDef frees def on failure */
    if (!dense_cmap(def, used))
        return NULL;
    /* A fixed subset tag: the file must not depend on anything but its content. */
    HPDF_TTFontDef_SetTagName(def, (char *)"ASXJPA");
    return HPDF_GetFont(pdf, def->base_font, "UTF-8");
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

/* Footer texts of page i of n: left (document) and right (page number). */
static char *footer_right(const asx_pdf *p, size_t i, size_t n)
{
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
        put_line(p, ASX_PDF_MARGIN_X, FOOTER_Y + 10, ASX_PDF_MARGIN_X + ASX_PDF_CONTENT_WIDTH,
                 FOOTER_Y + 10, grey, 0.4f, false);
        if (p->footer) {
            char **lines = NULL;
            size_t nl = asx_pdf_wrap(p, p->footer, FOOTER_SIZE, ASX_PDF_CONTENT_WIDTH * 0.75f, &lines);
            if (nl > 0)
                put_text(p, lines[0], ASX_PDF_MARGIN_X, FOOTER_Y, ASX_PDF_CONTENT_WIDTH * 0.75f,
                         FOOTER_SIZE, grey, false, ASX_PDF_LEFT);
            asx_pdf_lines_free(lines, nl);
        }
        char *right = footer_right(p, i, n);
        if (right)
            put_text(p, right, ASX_PDF_MARGIN_X, FOOTER_Y, ASX_PDF_CONTENT_WIDTH, FOOTER_SIZE, grey,
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
    if (p->title || p->subject) {
        /* Info strings in UTF-8 become UTF-16BE with a BOM through the UTF-8 encoder. */
        HPDF_SetCurrentEncoder(pdf, "UTF-8");
        if (p->title)
            HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, p->title);
        if (p->subject)
            HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, p->subject);
    }
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
        err = asx_font_subset(p->font, cps, ncps, &ttf, &ttf_len, d);
        if (err != ASX_OK)
            goto done;
    }

    pdf = HPDF_New(on_hpdf_error, &he);
    if (!pdf) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_Font font = NULL;
    if (whole_font) {
        const char *name = HPDF_LoadTTFontFromFile(pdf, asx_font_path(p->font), HPDF_TRUE);
        font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
    } else {
        font = load_font(pdf, ttf, ttf_len, p->used);
    }
    if (!font || he.first) {
        err = hpdf_fail(d, L(p, "サブセットフォントを読み込めません", "cannot load the subset font"), &he, pdf);
        goto done;
    }
    if (fix_tounicode(font, p->used) != HPDF_OK || he.first) {
        err = hpdf_fail(d, "ToUnicode", &he, pdf);
        goto done;
    }
    set_info(pdf, p);
    for (size_t i = 0; i < p->npages && !he.first; i++) {
        HPDF_Page pg = HPDF_AddPage(pdf);
        if (!pg)
            break;
        HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        gstate g = {0};
        draw_graphics(pg, &g, &p->pages[i]);
        draw_graphics(pg, &g, &footers[i]);
        draw_texts(pg, &g, font, &p->pages[i]);
        draw_texts(pg, &g, font, &footers[i]);
    }
    if (he.first) {
        err = hpdf_fail(d, L(p, "ページを描画できません", "cannot draw a page"), &he, pdf);
        goto done;
    }
    if (HPDF_SaveToStream(pdf) != HPDF_OK || he.first) {
        err = hpdf_fail(d, L(p, "PDF を出力できません", "cannot write the PDF"), &he, pdf);
        goto done;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    data = malloc(size ? size : 1);
    if (!data) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    HPDF_UINT32 got = size;
    if (HPDF_ReadFromStream(pdf, data, &got) != HPDF_OK && got != size) {
        err = hpdf_fail(d, L(p, "PDF を出力できません", "cannot write the PDF"), &he, pdf);
        goto done;
    }
    *out = data;
    *out_len = got;
    data = NULL;
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
    free(cps);
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, "%s", L(p, "メモリ不足", "out of memory"));
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
