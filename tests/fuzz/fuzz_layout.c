/* fuzz_layout.c - libFuzzer target: hostile text through the PDF layout (report/pdfdoc.c):
 * table headers, rows, key/value blocks, headings and paragraphs made of the input. Layout must
 * end (a header or row taller than a page once added pages for ever: libFuzzer's -timeout
 * catches a loop) with a bounded number of pages. The font is loaded once (fontconfig). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "asx/font.h"
#include "asx/pdfdoc.h"
#include "asx/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static asx_font *font;
    if (!font) {
        asx_diags d;
        asx_diags_init(&d);
        if (asx_font_load(NULL, &font, &d))
            abort();
        asx_diags_free(&d);
    }
    if (size < 2)
        return 0;
    /* the first byte picks the column count and widths, the rest is split into texts at 0xFF */
    size_t ncols = 1 + data[0] % 6;
    char *text = asx_strndup((const char *)data + 1, size - 1);
    if (!text)
        return 0;
    char *parts[8] = {0};
    size_t np = 0;
    char *p = text;
    while (np < 8) {
        parts[np++] = p;
        char *cut = strchr(p, '\xFF');
        if (!cut)
            break;
        *cut = '\0';
        p = cut + 1;
    }
    asx_pdf *pdf = asx_pdf_new(font, (data[0] & 0x80) ? ASX_LANG_EN : ASX_LANG_JA);
    if (!pdf) {
        free(text);
        return 0;
    }
    asx_pdf_heading(pdf, 1, parts[0], 0);
    asx_pdf_col cols[6];
    for (size_t c = 0; c < ncols; c++) {
        cols[c].title = parts[c % np];
        cols[c].width = (float)(1 + ((data[0] >> c) & 3));
        cols[c].align = (asx_pdf_align)(c % 3);
    }
    asx_pdf_table_begin(pdf, cols, ncols);
    for (int r = 0; r < 3; r++) {
        const char *cells[6];
        for (size_t c = 0; c < ncols; c++)
            cells[c] = parts[(c + (size_t)r) % np];
        asx_pdf_row(pdf, cells, NULL);
    }
    asx_pdf_table_end(pdf);
    /* Then tables of several shapes in sequence (issue 28 class 1: the row buffers are shared by
     * the tables of a document): the next bytes pick each table's columns (1 to 12) and rows
     * (up to 46: a wide table grows past the first allocation); most cells are short, one in 16
     * is input text. */
    size_t total_rows = 3;
    for (size_t t = 0; t < 4 && 1 + t < size; t++) {
        unsigned b = data[1 + t];
        size_t tc = 1 + b % 12, tr = 1 + (size_t)(b >> 4) * 3;
        asx_pdf_col tcols[12];
        for (size_t c = 0; c < tc; c++)
            tcols[c] = (asx_pdf_col){parts[(t + c) % np], (float)(1 + c % 3), (asx_pdf_align)(c % 3)};
        asx_pdf_table_begin(pdf, tcols, tc);
        for (size_t r = 0; r < tr; r++) {
            const char *cells[12];
            for (size_t c = 0; c < tc; c++)
                cells[c] = (r + c) % 16 == 0 ? parts[(r + c) % np] : "-";
            asx_pdf_row(pdf, cells, NULL);
        }
        asx_pdf_table_end(pdf);
        total_rows += tr;
    }
    const char *keys[2] = {parts[np - 1], "key"};
    const char *values[2] = {parts[0], parts[np / 2]};
    asx_pdf_kv(pdf, keys, values, 2, 0);
    asx_pdf_paragraph(pdf, parts[np / 2], NULL);
    /* at most a page per ~40 characters of input in each row and a few more: never endless */
    if ((size_t)asx_pdf_page_count(pdf) > 8 + size * (1 + total_rows / 8))
        abort();
    asx_pdf_free(pdf);
    free(text);
    return 0;
}
