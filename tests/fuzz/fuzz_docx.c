/* fuzz_docx.c - libFuzzer target: the DOCX writer with hostile text. The input is cut at 0x1E
 * into texts used as title, headings, list items, notes and table cells; the rendered package
 * must always hold a document.xml and a core.xml that expat parses as well-formed XML. */
#include <expat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "asx/docx.h"
#include "asx/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_xml(zip_t *za, const char *name)
{
    zip_stat_t st;
    if (zip_stat(za, name, 0, &st) != 0)
        abort();
    char *buf = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(za, name, 0);
    if (!buf || !f || zip_fread(f, buf, st.size) != (zip_int64_t)st.size)
        abort();
    zip_fclose(f);
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (XML_Parse(p, buf, (int)st.size, 1) != XML_STATUS_OK)
        abort(); /* the writer let through something XML cannot carry */
    XML_ParserFree(p);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *all = asx_strndup((const char *)data, size); /* a NUL ends the text, as in C strings */
    if (!all)
        return 0;
    asx_docx *x = asx_docx_new(ASX_LANG_JA);
    asx_docx_set_info(x, all, all, (asx_date){2026, 11, 20});
    int k = 0;
    for (char *s = all, *next; s; s = next, k++) {
        next = strchr(s, 0x1e);
        if (next)
            *next++ = '\0';
        switch (k % 6) {
        case 0: asx_docx_title(x, s); break;
        case 1: asx_docx_heading(x, k % 4, s); break;
        case 2: asx_docx_item(x, s, s); break;
        case 3: asx_docx_note(x, s); break;
        case 4: {
            const char *cells[2] = {s, s};
            asx_docx_table_begin(x, cells, NULL, 2);
            asx_docx_row(x, cells);
            break;
        }
        default: asx_docx_paragraph(x, s, s, k % 2); break;
        }
    }
    asx_diags d;
    asx_diags_init(&d);
    unsigned char *out = NULL;
    size_t len = 0;
    if (asx_docx_render(x, &out, &len, &d) == ASX_OK) {
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(out, len, 0, &ze);
        zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
        if (!za)
            abort();
        check_xml(za, "word/document.xml");
        check_xml(za, "docProps/core.xml");
        zip_discard(za);
        zip_error_fini(&ze);
    }
    free(out);
    asx_diags_free(&d);
    asx_docx_free(x);
    free(all);
    return 0;
}
