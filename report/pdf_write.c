/* pdf_write.c - the PDF file of a laid-out document: the footers, the font subset to the code
 * points used (HarfBuzz), the font objects and content streams written here and deflated once
 * (libdeflate), the rest of the document libharu's (see asx/pdfdoc.h). */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/text.h"
#include "pdf_impl.h"

/* ---- rendering with libharu ---- */

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    pdf_hpdf_err *e = user;
    if (e->first == HPDF_OK) {
        e->first = error_no;
        e->detail = detail_no;
    }
}

/* Shorten *line (malloc'd) until it and 「…」 fit width pt at the footer size. */
static void footer_cut(asx_pdf *p, char **line, float width)
{
    unsigned *v = NULL;
    size_t n = pdf_decode(p->font, *line, &v, NULL);
    float ell = pdf_cp_width(p->font, 0x2026, FOOTER_SIZE);
    while (n > 0 && (pdf_cps_width(p->font, v, n, FOOTER_SIZE) + ell > width || pdf_is_space(v[n - 1])))
        n--;
    if (v || n == 0) {
        unsigned *nv = realloc(v, (n + 1) * sizeof *nv);
        if (nv) {
            v = nv;
            v[n] = 0x2026;
            char *s = pdf_encode(v, n + 1);
            if (s) {
                free(*line);
                *line = s;
            }
        }
    }
    free(v);
    pdf_layout_record(p, "footer-cut", "%s", *line);
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
        pdf_put_line(p, ASX_PDF_MARGIN_X, FOOTER_Y + 10, ASX_PDF_MARGIN_X + CONTENT_W(p),
                 FOOTER_Y + 10, grey, 0.4f, false);
        if (p->footer) {
            char **lines = NULL;
            size_t nl = asx_pdf_wrap(p, p->footer, FOOTER_SIZE, CONTENT_W(p) * 0.75f, &lines);
            if (nl > 1) /* cut: the first line, ending with 「…」 */
                footer_cut(p, &lines[0], CONTENT_W(p) * 0.75f);
            if (nl > 0)
                pdf_put_text(p, lines[0], ASX_PDF_MARGIN_X, FOOTER_Y, CONTENT_W(p) * 0.75f,
                         FOOTER_SIZE, grey, false, ASX_PDF_LEFT);
            asx_pdf_lines_free(lines, nl);
        }
        char *right = footer_right(p, i, n);
        if (right)
            pdf_put_text(p, right, ASX_PDF_MARGIN_X, FOOTER_Y, CONTENT_W(p), FOOTER_SIZE, grey,
                     false, ASX_PDF_RIGHT);
        else
            p->oom = true;
        free(right);
    }
    p->redirect = NULL;
}

asx_error pdf_hpdf_fail(asx_diags *d, const char *what, const pdf_hpdf_err *e, HPDF_Doc pdf)
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
    if (g->has_fill && pdf_same_rgb(g->fill, c))
        return;
    put_op(b, (const float[]){c.r, c.g, c.b}, 3, "rg");
    g->fill = c;
    g->has_fill = true;
}

static void w_stroke(asx_buf *b, gstate *g, rgb c)
{
    if (g->has_stroke && pdf_same_rgb(g->stroke, c))
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
        bool fill = o->has_fill && !(o->kind == OP_RECT && pdf_is_white(o->fill));
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
static void w_cids(writer *w, const unsigned *cps, size_t n)
{
    asx_buf *b = &w->buf;
    /* "(", two bytes a CID (each escaped at most), ")Tj\n": written in place, one reserve for
     * the whole text rather than an append a character */
    if (n > (SIZE_MAX - 5) / 4 || !asx_buf_reserve(b, 4 * n + 5))
        return;
    char *o = b->s + b->len;
    *o++ = '(';
    for (size_t i = 0; i < n; i++) {
        unsigned cp = cps[i];
        unsigned c = cp < 65536 ? w->cid[cp] : 0;
        for (int j = 0; j < 2; j++) {
            char ch = (char)(j == 0 ? c >> 8 : c & 0xFF);
            /* A bare CR in a literal string would be read as a newline. */
            if (ch == '(' || ch == ')' || ch == '\\' || ch == '\r')
                *o++ = '\\';
            *o++ = ch == '\r' ? 'r' : ch;
        }
    }
    memcpy(o, ")Tj\n", 4);
    o += 4;
    *o = '\0';
    b->len = (size_t)(o - b->s);
}

static void w_texts(writer *w, gstate *g, tstate *t, const page *src)
{
    asx_buf *b = &w->buf;
    for (size_t i = 0; i < src->n; i++) {
        const op *o = &src->v[i];
        if (o->kind != OP_TEXT || o->ncps == 0)
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
        w_cids(w, o->cps, o->ncps);
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
                               size_t ttf_len, pdf_hpdf_err *he, asx_diags *d)
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
            err = pdf_hpdf_fail(d, ASX_TR(p->lang, "サブセットフォントを埋め込めません", "cannot embed the subset font"), he, pdf);
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
        err = pdf_hpdf_fail(d, ASX_TR(p->lang, "ページを描画できません", "cannot draw a page"), he, pdf);
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

/* The pages drawn with the shared font subset to the code points p uses (its pdf_paint_fn). */
static asx_error paint_subset(asx_pdf *p, HPDF_Doc pdf, const page *footers, pdf_hpdf_err *he,
                              asx_diags *d)
{
    asx_error err = ASX_OK;
    unsigned short *gids = NULL;
    unsigned char *ttf = NULL;
    size_t ttf_len = 0, ncps = 0;
    unsigned *cps = malloc(65536 * sizeof *cps);
    if (!cps)
        return ASX_ERR_NOMEM;
    for (unsigned cp = 0x20; cp < 65536; cp++)
        if (p->used[cp >> 3] & (1u << (cp & 7)))
            cps[ncps++] = cp;
    gids = malloc((ncps ? ncps : 1) * sizeof *gids);
    if (!gids) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    err = asx_font_subset(p->font, cps, ncps, gids, &ttf, &ttf_len, d);
    if (err == ASX_OK)
        err = render_subset(p, pdf, footers, cps, gids, ncps, ttf, ttf_len, he, d);
done:
    free(ttf);
    free(gids);
    free(cps);
    return err;
}

asx_error pdf_render_with(asx_pdf *p, pdf_paint_fn paint, unsigned char **out, size_t *out_len,
                          asx_diags *d)
{
    asx_error err = ASX_OK;
    pdf_hpdf_err he = {HPDF_OK, 0};
    HPDF_Doc pdf = NULL;
    page *footers = NULL;
    unsigned char *data = NULL;
    *out = NULL;
    *out_len = 0;
    pdf_end_table_if_open(p);
    if (p->npages == 0)
        pdf_cur_page(p); /* an empty document still has one page */
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
    pdf_mark_used(p, (const unsigned[]){'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ',
                                        ASX_FONT_MISSING}, 12);
    pdf = HPDF_New(on_hpdf_error, &he);
    if (!pdf) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    HPDF_UseUTFEncodings(pdf);
    set_info(pdf, p);
    err = paint(p, pdf, footers, &he, d);
    if (err)
        goto done;
    if (HPDF_SaveToStream(pdf) != HPDF_OK || he.first) {
        err = pdf_hpdf_fail(d, ASX_TR(p->lang, "PDF を出力できません", "cannot write the PDF"), &he, pdf);
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
        err = pdf_hpdf_fail(d, ASX_TR(p->lang, "PDF を出力できません", "cannot write the PDF"), &he, pdf);
        goto done;
    }
    *out = data;
    *out_len = got;
    data = NULL;
    pdf_layout_log_flush(p);
done:
    if (pdf)
        HPDF_Free(pdf);
    if (footers) {
        for (size_t i = 0; i < p->npages; i++)
            pdf_page_clear(&footers[i]);
        free(footers);
    }
    free(data);
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, "%s", ASX_TR(p->lang, "メモリ不足", "out of memory"));
    return err;
}

asx_error asx_pdf_render(asx_pdf *p, unsigned char **out, size_t *out_len, asx_diags *d)
{
    return pdf_render_with(p, paint_subset, out, out_len, d);
}

asx_error asx_pdf_save(asx_pdf *p, asx_outset *set, const char *path, int force, asx_diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    asx_error err = asx_pdf_render(p, &data, &len, d);
    if (err == ASX_OK)
        err = asx_outset_write(set, path, data, len, force, ASX_OUTPUT_MODE, d);
    free(data);
    return err;
}

