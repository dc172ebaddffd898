/* wholefont.c - time and size of one PDF pack: the shared font subset with HarfBuzz (what
 * assess does) against the whole IPAexGothic handed to libharu, for the same laid-out text.
 *
 * Build (after building the project in BUILD):
 *   cc -std=c11 -O2 -I questionnaires -I scoring -I report -I base tests/bench/wholefont.c \
 *      BUILD/report/libasx_report.a BUILD/scoring/libasx_scoring.a \
 *      BUILD/questionnaires/libasx_questionnaires.a \
 *      $(pkg-config --libs harfbuzz harfbuzz-subset fontconfig libcjson libpcre2-8 xlsxwriter \
 *        libzip expat libcrypto) -lhpdf -lm -lpthread -o wholefont
 * Run: ./wholefont samples/minato-docs.json [iterations]
 * Prints, per method: mean milliseconds per PDF (layout excluded, rendering and saving to
 * memory included) and the PDF size in bytes.
 *
 * The whole-font painter lives here, its only caller: it draws the PDF engine's display list
 * (report/pdf_impl.h) with libharu's own text operators and the whole font file.
 *
 * Or: ./wholefont --program ANSWERS OUT.pdf
 * The whole-font program: what one `assess pack` did before the subset, as one command (start-up,
 * font, the three banks, policy, answers, score, layout, libharu embedding the whole IPAexGothic,
 * the PDF written to OUT.pdf; no XLSX). The benchmark runs it side by side with `assess pack`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pack.h"
#include "asx/pdfdoc.h"
#include "asx/policy.h"
#include "asx/score.h"
#include "asx/util.h"
#include "pdf_impl.h"

/* ---- the whole font drawn by libharu ---- */

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

static void set_fill(HPDF_Page pg, gstate *g, rgb c)
{
    if (g->has_fill && pdf_same_rgb(g->fill, c))
        return;
    HPDF_Page_SetRGBFill(pg, c.r, c.g, c.b);
    g->fill = c;
    g->has_fill = true;
}

static void set_stroke(HPDF_Page pg, gstate *g, rgb c)
{
    if (g->has_stroke && pdf_same_rgb(g->stroke, c))
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

static void draw_graphics(HPDF_Page pg, gstate *g, const page *src)
{
    static const HPDF_UINT16 dash[] = {2, 2};
    for (size_t i = 0; i < src->n; i++) {
        const op *o = &src->v[i];
        bool fill = o->has_fill && !(o->kind == OP_RECT && pdf_is_white(o->fill));
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
        if (o->kind != OP_TEXT || o->ncps == 0)
            continue;
        /* libharu draws UTF-8: the layout keeps code points (what assess's own writer maps
         * to glyphs), encoded here as assess drew them before */
        char *text = pdf_encode(o->cps, o->ncps);
        if (!text)
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
        HPDF_Page_TextOut(pg, o->x, o->y, text);
        free(text);
    }
    if (cur_bold)
        HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL);
    HPDF_Page_EndText(pg);
}

/* Every page of p with the whole font file loaded by libharu and drawn with its text operators
 * (the whole-font benchmark: what a pack cost before the subset): a pdf_paint_fn. */
static asx_error paint_whole_font(asx_pdf *p, HPDF_Doc pdf, const page *footers, pdf_hpdf_err *he,
                                  asx_diags *d)
{
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    const char *name = HPDF_LoadTTFontFromFile(pdf, asx_font_path(p->font), HPDF_TRUE);
    HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
    if (!font || he->first)
        return pdf_hpdf_fail(d, ASX_TR(p->lang, "フォントを読み込めません", "cannot load the font"), he, pdf);
    if (fix_tounicode(font, p->used) != HPDF_OK || he->first)
        return pdf_hpdf_fail(d, "ToUnicode", he, pdf);
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
        return pdf_hpdf_fail(d, ASX_TR(p->lang, "ページを描画できません", "cannot draw a page"), he, pdf);
    return ASX_OK;
}


/* p rendered with the whole font (asx_pdf_render's signature, for measure()). */
static asx_error render_whole_font(asx_pdf *p, unsigned char **out, size_t *out_len, asx_diags *d)
{
    return pdf_render_with(p, paint_whole_font, out, out_len, d);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

typedef asx_error (*render_fn)(asx_pdf *, unsigned char **, size_t *, asx_diags *);

/* The pack of r built as a document and laid out by the PDF engine (*p, caller frees). */
static asx_error pack_layout(const asx_result *r, const asx_pack_opts *o, const asx_font *font, asx_pdf **p)
{
    asx_doc *doc = NULL;
    asx_error err = asx_pack_build(r, o, &doc);
    if (!err)
        err = asx_doc_layout_pdf(doc, font, o->date, p);
    asx_doc_free(doc);
    return err;
}

static int measure(const char *what, render_fn fn, const asx_result *r, const asx_pack_opts *o,
                   const asx_font *font, int n)
{
    size_t size = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
        asx_diags d;
        asx_diags_init(&d);
        asx_pdf *p = NULL;
        unsigned char *data = NULL;
        if (pack_layout(r, o, font, &p) != ASX_OK)
            return 1;
        double t0 = now_ms();
        asx_error err = fn(p, &data, &size, &d);
        total += now_ms() - t0;
        if (err) {
            asx_diags_print(&d, stderr);
            return 1;
        }
        free(data);
        asx_pdf_free(p);
        asx_diags_free(&d);
    }
    printf("%-10s %8.2f ms/pdf %8zu bytes\n", what, total / n, size);
    return 0;
}

/* One whole-font PDF of the answers file in, written to out. */
static int program(const char *in, const char *out)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset banks = {0};
    asx_policy *pol = NULL;
    asx_answers *a = NULL;
    asx_result *r = NULL;
    asx_font *font = NULL;
    asx_pdf *p = NULL;
    unsigned char *data = NULL;
    size_t size = 0;
    asx_pack_opts o = {.approver = "A", .manager = "M", .date = {2026, 11, 20}};
    int rc = asx_font_load(NULL, &font, &d) || asx_bankset_builtin(&banks, &d) ||
             asx_policy_default(&pol, &d) || asx_answers_load_file(in, &banks, &a, &d) ||
             asx_score(a, pol, o.date, &r, &d) || pack_layout(r, &o, font, &p) ||
             render_whole_font(p, &data, &size, &d) ||
             asx_write_file(out, data, size, 1, 0644, &d);
    if (rc)
        asx_diags_print(&d, stderr);
    free(data);
    asx_pdf_free(p);
    asx_result_free(r);
    asx_answers_free(a);
    asx_policy_free(pol);
    asx_bankset_free(&banks);
    asx_font_free(font);
    asx_diags_free(&d);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--program") == 0)
        return program(argv[2], argv[3]);
    if (argc < 2) {
        fprintf(stderr, "usage: wholefont ANSWERS [iterations] | wholefont --program ANSWERS OUT.pdf\n");
        return 64;
    }
    int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 20;
    if (n < 1)
        n = 1;
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset banks = {0};
    asx_policy *pol = NULL;
    asx_answers *a = NULL;
    asx_result *r = NULL;
    asx_font *font = NULL;
    double t0 = now_ms();
    if (asx_font_load(NULL, &font, &d) || asx_bankset_builtin(&banks, &d) ||
        asx_policy_default(&pol, &d) || asx_answers_load_file(argv[1], &banks, &a, &d) ||
        asx_score(a, pol, a->date, &r, &d)) {
        asx_diags_print(&d, stderr);
        return 1;
    }
    printf("font loaded once in %.1f ms (%s)\n", now_ms() - t0, asx_font_path(font));
    asx_pack_opts o = {.approver = "A", .manager = "M", .date = {2026, 11, 20}};
    int rc = measure("subset", asx_pdf_render, r, &o, font, n);
    rc |= measure("wholefont", render_whole_font, r, &o, font, n > 5 ? 5 : n);
    asx_result_free(r);
    asx_answers_free(a);
    asx_policy_free(pol);
    asx_bankset_free(&banks);
    asx_font_free(font);
    asx_diags_free(&d);
    return rc;
}
