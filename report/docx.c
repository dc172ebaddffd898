/* docx.c - WordprocessingML written by hand into a buffer, zipped with libzip (see docx.h). */
#include "asx/docx.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "asx/io.h"

#define MAX_COLS 12
#define TEXT_WIDTH 8504 /* twips: A4 (11906) minus 30 mm margins left and right (1701 each) */
#define MAX_LISTS 100000

struct asx_docx {
    asx_lang lang;
    asx_buf body;           /* the paragraphs and tables of w:body, in order */
    asx_docx_numfmt *lists; /* the format of each numbered list (w:num id = index + 1) */
    size_t nlists, caplists;
    bool in_list;
    bool in_table;
    size_t ncols;
    int colw[MAX_COLS];
    char *title, *subject;
    asx_date date;
    size_t dropped;
    bool oom;
};

/* ---- XML text -------------------------------------------------------------------------- */

/* Whether XML 1.0 can carry cp (Char production, tab and newline handled by the caller). */
static bool xml_char_ok(unsigned cp)
{
    if (cp == 0x9 || cp == 0xA || cp == 0xD)
        return true;
    if (cp < 0x20)
        return false;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return false;
    if (cp == 0xFFFE || cp == 0xFFFF)
        return false;
    return cp <= 0x10FFFF;
}

size_t asx_xml_escape(asx_buf *b, const char *s)
{
    size_t dropped = 0;
    size_t n = s ? strlen(s) : 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            switch (c) {
            case '&': asx_buf_adds(b, "&amp;"); break;
            case '<': asx_buf_adds(b, "&lt;"); break;
            case '>': asx_buf_adds(b, "&gt;"); break;
            case '"': asx_buf_adds(b, "&quot;"); break;
            case '\'': asx_buf_adds(b, "&apos;"); break;
            default:
                if (xml_char_ok(c))
                    asx_buf_addc(b, (char)c);
                else
                    dropped++;
            }
            continue;
        }
        size_t valid = asx_utf8_valid_prefix(s + i, n - i);
        if (valid == 0) { /* an invalid byte: dropped, the rest goes on */
            dropped++;
            i++;
            continue;
        }
        unsigned cp = 0;
        size_t len = asx_utf8_next(s + i, n - i, &cp);
        if (len == 0)
            break;
        if (xml_char_ok(cp))
            asx_buf_add(b, s + i, len);
        else
            dropped++;
        i += len;
    }
    return dropped;
}

/* Runs for text: '\n' becomes a line break and '\t' a tab, everything else escaped. */
static void add_runs(asx_docx *x, const char *text, bool bold)
{
    if (!text || !*text)
        return;
    const char *rpr = bold ? "<w:rPr><w:b/><w:bCs/></w:rPr>" : "";
    asx_buf_addf(&x->body, "<w:r>%s", rpr);
    const char *p = text;
    while (*p) {
        size_t seg = strcspn(p, "\n\t");
        if (seg) {
            char *part = asx_strndup(p, seg);
            if (!part) {
                x->oom = true;
                return;
            }
            asx_buf_adds(&x->body, "<w:t xml:space=\"preserve\">");
            x->dropped += asx_xml_escape(&x->body, part);
            asx_buf_adds(&x->body, "</w:t>");
            free(part);
            p += seg;
        }
        if (*p == '\n')
            asx_buf_adds(&x->body, "<w:br/>");
        else if (*p == '\t')
            asx_buf_adds(&x->body, "<w:tab/>");
        if (*p)
            p++;
    }
    asx_buf_adds(&x->body, "</w:r>");
}

/* ---- document ---------------------------------------------------------------------------- */

asx_docx *asx_docx_new(asx_lang lang)
{
    asx_docx *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->lang = lang;
    x->date = (asx_date){2026, 1, 1};
    return x;
}

void asx_docx_free(asx_docx *x)
{
    if (!x)
        return;
    asx_buf_free(&x->body);
    free(x->lists);
    free(x->title);
    free(x->subject);
    free(x);
}

void asx_docx_set_info(asx_docx *x, const char *title, const char *subject, asx_date date)
{
    free(x->title);
    free(x->subject);
    x->title = asx_strdup(title);
    x->subject = asx_strdup(subject);
    if ((title && !x->title) || (subject && !x->subject))
        x->oom = true;
    if (asx_date_valid(date))
        x->date = date;
}

size_t asx_docx_dropped(const asx_docx *x)
{
    return x->dropped;
}

static void close_table(asx_docx *x)
{
    if (!x->in_table)
        return;
    asx_buf_adds(&x->body, "</w:tbl>");
    /* Word needs a paragraph between two tables, and after a table that ends a cell or body */
    asx_buf_adds(&x->body, "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p>");
    x->in_table = false;
}

/* Flow calls other than list items end the current list (the next item starts a new one). */
static void flow(asx_docx *x, bool keep_list)
{
    close_table(x);
    if (!keep_list)
        x->in_list = false;
}

static void styled_paragraph(asx_docx *x, const char *style, const char *ppr_extra,
                             const char *lead, const char *text)
{
    asx_buf_addf(&x->body, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>%s</w:pPr>", style,
                 ppr_extra ? ppr_extra : "");
    add_runs(x, lead, true);
    add_runs(x, text, false);
    asx_buf_adds(&x->body, "</w:p>");
}

void asx_docx_title(asx_docx *x, const char *text)
{
    flow(x, false);
    styled_paragraph(x, "Title", NULL, NULL, text);
}

void asx_docx_heading(asx_docx *x, int level, const char *text)
{
    flow(x, false);
    if (level < 1)
        level = 1;
    if (level > 3)
        level = 3;
    char style[16];
    snprintf(style, sizeof style, "Heading%d", level);
    styled_paragraph(x, style, NULL, NULL, text);
}

void asx_docx_paragraph(asx_docx *x, const char *lead, const char *text, bool right)
{
    flow(x, false);
    styled_paragraph(x, "Normal", right ? "<w:jc w:val=\"right\"/>" : NULL, lead, text);
}

void asx_docx_note(asx_docx *x, const char *text)
{
    flow(x, true); /* a note within a list does not end it */
    styled_paragraph(x, "Note", NULL, NULL, text);
}

void asx_docx_list_begin(asx_docx *x, asx_docx_numfmt fmt)
{
    flow(x, false);
    if (x->nlists >= MAX_LISTS) {
        x->oom = true;
        return;
    }
    if (x->nlists == x->caplists) {
        size_t cap = x->caplists ? x->caplists * 2 : 8;
        asx_docx_numfmt *v = realloc(x->lists, cap * sizeof *v);
        if (!v) {
            x->oom = true;
            return;
        }
        x->lists = v;
        x->caplists = cap;
    }
    x->lists[x->nlists++] = fmt;
    x->in_list = true;
}

void asx_docx_item(asx_docx *x, const char *lead, const char *text)
{
    close_table(x);
    if (!x->in_list)
        asx_docx_list_begin(x, ASX_DOCX_NUM_PAREN);
    if (!x->nlists)
        return;
    asx_buf_addf(&x->body,
                 "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/>"
                 "<w:numId w:val=\"%zu\"/></w:numPr></w:pPr>",
                 x->nlists);
    add_runs(x, lead, true);
    add_runs(x, text, false);
    asx_buf_adds(&x->body, "</w:p>");
}

void asx_docx_item_text(asx_docx *x, const char *text)
{
    close_table(x);
    /* indented like the items of the current list's format */
    int ind = x->in_list && x->nlists && x->lists[x->nlists - 1] == ASX_DOCX_NUM_ARTICLE ? 210 : 567;
    char ppr[96];
    snprintf(ppr, sizeof ppr, "<w:ind w:left=\"%d\"/>", ind);
    styled_paragraph(x, "ListParagraph", ppr, NULL, text);
}

void asx_docx_table_begin(asx_docx *x, const char *const *titles, const double *widths,
                          size_t ncols)
{
    flow(x, false);
    if (ncols == 0)
        return;
    if (ncols > MAX_COLS)
        ncols = MAX_COLS;
    double total = 0;
    for (size_t i = 0; i < ncols; i++)
        total += widths && widths[i] > 0 ? widths[i] : 1;
    int used = 0;
    for (size_t i = 0; i < ncols; i++) {
        double w = widths && widths[i] > 0 ? widths[i] : 1;
        x->colw[i] = i + 1 == ncols ? TEXT_WIDTH - used : (int)(TEXT_WIDTH * w / total);
        used += x->colw[i];
    }
    x->ncols = ncols;
    x->in_table = true;
    asx_buf_addf(&x->body,
                 "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"%d\" "
                 "w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" "
                 "w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
                 "w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
                 TEXT_WIDTH);
    for (size_t i = 0; i < ncols; i++)
        asx_buf_addf(&x->body, "<w:gridCol w:w=\"%d\"/>", x->colw[i]);
    asx_buf_adds(&x->body, "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (size_t i = 0; i < ncols; i++) {
        asx_buf_addf(&x->body,
                     "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/><w:shd w:val=\"clear\" "
                     "w:color=\"auto\" w:fill=\"E6E8EC\"/></w:tcPr><w:p><w:pPr><w:pStyle "
                     "w:val=\"TableText\"/><w:keepNext/></w:pPr>",
                     x->colw[i]);
        add_runs(x, titles ? titles[i] : NULL, true);
        asx_buf_adds(&x->body, "</w:p></w:tc>");
    }
    asx_buf_adds(&x->body, "</w:tr>");
}

void asx_docx_row(asx_docx *x, const char *const *cells)
{
    if (!x->in_table)
        return;
    asx_buf_adds(&x->body, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    for (size_t i = 0; i < x->ncols; i++) {
        asx_buf_addf(&x->body,
                     "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr>"
                     "<w:pStyle w:val=\"TableText\"/></w:pPr>",
                     x->colw[i]);
        add_runs(x, cells ? cells[i] : NULL, false);
        asx_buf_adds(&x->body, "</w:p></w:tc>");
    }
    asx_buf_adds(&x->body, "</w:tr>");
}

void asx_docx_table_end(asx_docx *x)
{
    close_table(x);
}

/* ---- package parts ----------------------------------------------------------------------- */

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT_BASE "application/vnd.openxmlformats-officedocument."

static const char content_types[] =
    XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
    "relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"" CT_BASE
    "wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_BASE
    "wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/numbering.xml\" ContentType=\"" CT_BASE
    "wordprocessingml.numbering+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_BASE
    "wordprocessingml.settings+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-"
    "package.core-properties+xml\"/>"
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"" CT_BASE
    "extended-properties+xml\"/>"
    "</Types>";

static const char root_rels[] =
    XML_DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_BASE "officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_BASE "extended-properties\" Target=\"docProps/app.xml\"/>"
    "</Relationships>";

static const char document_rels[] =
    XML_DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_BASE "styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" REL_BASE "numbering\" Target=\"numbering.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_BASE "settings\" Target=\"settings.xml\"/>"
    "</Relationships>";

static const char settings_xml[] =
    XML_DECL
    "<w:settings xmlns:w=\"" NS_W "\"><w:defaultTabStop w:val=\"840\"/>"
    "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
    "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
    "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
    "</w:settings>";

/* The fonts of every run: Latin and East Asian text both in IPAexGothic. */
#define RFONTS "<w:rFonts w:ascii=\"IPAexGothic\" w:hAnsi=\"IPAexGothic\" " \
               "w:eastAsia=\"IPAexゴシック\" w:cs=\"IPAexGothic\"/>"

static char *styles_xml(asx_lang lang)
{
    const char *lang_attr = lang == ASX_LANG_EN ? "en-US" : "ja-JP";
    return asx_strdupf(
        XML_DECL
        "<w:styles xmlns:w=\"" NS_W "\">"
        "<w:docDefaults><w:rPrDefault><w:rPr>" RFONTS
        "<w:kern w:val=\"2\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>"
        "<w:lang w:val=\"%s\" w:eastAsia=\"ja-JP\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:spacing w:after=\"60\" w:line=\"300\" w:lineRule=\"auto\"/>"
        "<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
        "<w:qFormat/><w:pPr><w:widowControl w:val=\"0\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
        "<w:spacing w:before=\"120\" w:after=\"240\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>"
        "</w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
        "<w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:jc w:val=\"left\"/>"
        "<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"26\"/>"
        "<w:szCs w:val=\"26\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
        "<w:keepLines/><w:spacing w:before=\"180\" w:after=\"60\"/><w:jc w:val=\"left\"/>"
        "<w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"22\"/>"
        "<w:szCs w:val=\"22\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
        "<w:keepLines/><w:spacing w:before=\"120\" w:after=\"60\"/><w:jc w:val=\"left\"/>"
        "<w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:left=\"567\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Note\"><w:name w:val=\"Note\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"60\"/></w:pPr><w:rPr>"
        "<w:color w:val=\"595959\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\">"
        "<w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" "
        "w:line=\"260\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"19\"/>"
        "<w:szCs w:val=\"19\"/></w:rPr></w:style>"
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
        "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
        "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/>"
        "<w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"
        "<w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>"
        "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        "</w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/>"
        "<w:bottom w:w=\"40\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        "</w:styles>",
        lang_attr);
}

/* One abstract numbering per format; one w:num per list, restarting at 1. */
static char *numbering_xml(const asx_docx *x)
{
    static const struct {
        const char *fmt, *text;
        int left, hanging;
    } abs[] = {{"decimal", "(%1)", 567, 567},
               {"decimal", "第%1条", 1050, 1050},
               {"decimal", "%1.", 425, 425}};
    asx_buf b = {0};
    asx_buf_adds(&b, XML_DECL "<w:numbering xmlns:w=\"" NS_W "\">");
    for (size_t i = 0; i < sizeof abs / sizeof abs[0]; i++)
        asx_buf_addf(&b,
                     "<w:abstractNum w:abstractNumId=\"%zu\"><w:multiLevelType w:val=\"singleLevel\"/>"
                     "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"%s\"/>"
                     "<w:lvlText w:val=\"%s\"/><w:lvlJc w:val=\"left\"/><w:pPr>"
                     "<w:ind w:left=\"%d\" w:hanging=\"%d\"/></w:pPr></w:lvl></w:abstractNum>",
                     i, abs[i].fmt, abs[i].text, abs[i].left, abs[i].hanging);
    for (size_t i = 0; i < x->nlists; i++)
        asx_buf_addf(&b,
                     "<w:num w:numId=\"%zu\"><w:abstractNumId w:val=\"%d\"/><w:lvlOverride "
                     "w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>",
                     i + 1, (int)x->lists[i]);
    asx_buf_adds(&b, "</w:numbering>");
    return asx_buf_take(&b);
}

static char *document_xml(asx_docx *x)
{
    asx_buf b = {0};
    asx_buf_adds(&b, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
    asx_buf_add(&b, asx_buf_str(&x->body), x->body.len);
    asx_buf_adds(&b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1985\" "
                     "w:right=\"1701\" w:bottom=\"1701\" w:left=\"1701\" w:header=\"851\" "
                     "w:footer=\"992\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>"
                     "<w:docGrid w:linePitch=\"360\"/></w:sectPr>"
                     "</w:body></w:document>");
    return asx_buf_take(&b);
}

static char *core_xml(asx_docx *x)
{
    char iso[11];
    asx_date_iso(x->date, iso);
    asx_buf b = {0};
    asx_buf_adds(&b, XML_DECL
                 "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
                 "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                 "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/"
                 "dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    if (x->title) {
        asx_buf_adds(&b, "<dc:title>");
        (void)asx_xml_escape(&b, x->title); /* counted where the body shows it */
        asx_buf_adds(&b, "</dc:title>");
    }
    if (x->subject) {
        asx_buf_adds(&b, "<dc:subject>");
        (void)asx_xml_escape(&b, x->subject);
        asx_buf_adds(&b, "</dc:subject>");
    }
    asx_buf_addf(&b, "<dc:creator>assess</dc:creator><cp:lastModifiedBy>assess</cp:lastModifiedBy>"
                 "<dc:language>%s</dc:language>"
                 "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%sT00:00:00Z</dcterms:created>"
                 "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%sT00:00:00Z</dcterms:modified>"
                 "</cp:coreProperties>",
                 x->lang == ASX_LANG_EN ? "en-US" : "ja-JP", iso, iso);
    return asx_buf_take(&b);
}

static const char app_xml[] =
    XML_DECL
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
    "<Application>assess</Application></Properties>";

/* ---- zip ------------------------------------------------------------------------------- */

/* MS-DOS date and time of the document date at 00:00 (ZIP entries carry no time zone). */
static void dos_time(asx_date d, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    int y = d.y < 1980 ? 1980 : (d.y > 2107 ? 2107 : d.y);
    *ddate = (zip_uint16_t)(((y - 1980) << 9) | (d.m << 5) | d.d);
    *dtime = 0;
}

static asx_error zip_fail(zip_t *za, zip_source_t *src, const char *what, asx_diags *d)
{
    zip_error_t *ze = za ? zip_get_error(za) : (src ? zip_source_error(src) : NULL);
    asx_diags_addf(d, ASX_ERR_INTERNAL, NULL, 0, 0, "DOCX: libzip %s: %s", what,
                   ze ? zip_error_strerror(ze) : "failed");
    return ASX_ERR_INTERNAL;
}

/* Add one part; the data must stay alive until zip_close (freed by the caller afterwards). */
static bool add_part(zip_t *za, const char *name, const char *data, asx_date date)
{
    zip_source_t *s = zip_source_buffer(za, data, strlen(data), 0);
    if (!s)
        return false;
    zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(s);
        return false;
    }
    zip_uint16_t dt, dd;
    dos_time(date, &dt, &dd);
    return zip_file_set_dostime(za, (zip_uint64_t)idx, dt, dd, 0) == 0 &&
           zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) == 0;
}

asx_error asx_docx_render(asx_docx *x, unsigned char **out, size_t *out_len, asx_diags *d)
{
    *out = NULL;
    *out_len = 0;
    close_table(x);
    asx_error err = ASX_OK;
    char *parts[4] = {document_xml(x), styles_xml(x->lang), numbering_xml(x), core_xml(x)};
    zip_source_t *src = NULL;
    zip_t *za = NULL;
    if (x->oom || x->body.oom || !parts[0] || !parts[1] || !parts[2] || !parts[3]) {
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        err = ASX_ERR_NOMEM;
        goto done;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, NULL, 0, 0, "DOCX: libzip: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        err = ASX_ERR_INTERNAL;
        goto done;
    }
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, NULL, 0, 0, "DOCX: libzip: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(src);
        src = NULL;
        err = ASX_ERR_INTERNAL;
        goto done;
    }
    zip_error_fini(&ze);
    zip_source_keep(src); /* the archive's bytes are read from src after zip_close */
    const struct {
        const char *name, *data;
    } entries[] = {{"[Content_Types].xml", content_types},
                   {"_rels/.rels", root_rels},
                   {"docProps/core.xml", parts[3]},
                   {"docProps/app.xml", app_xml},
                   {"word/document.xml", parts[0]},
                   {"word/styles.xml", parts[1]},
                   {"word/numbering.xml", parts[2]},
                   {"word/settings.xml", settings_xml},
                   {"word/_rels/document.xml.rels", document_rels}};
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        if (!add_part(za, entries[i].name, entries[i].data, x->date)) {
            err = zip_fail(za, NULL, "add", d);
            zip_discard(za);
            za = NULL;
            goto done;
        }
    if (zip_close(za) != 0) {
        err = zip_fail(za, NULL, "close", d);
        zip_discard(za);
        za = NULL;
        goto done;
    }
    za = NULL;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        zip_source_open(src) != 0) {
        err = zip_fail(NULL, src, "read back", d);
        goto done;
    }
    unsigned char *data = malloc(st.size ? st.size : 1);
    if (!data) {
        zip_source_close(src);
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        err = ASX_ERR_NOMEM;
        goto done;
    }
    zip_int64_t got = zip_source_read(src, data, st.size);
    zip_source_close(src);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(data);
        err = zip_fail(NULL, src, "read back", d);
        goto done;
    }
    *out = data;
    *out_len = (size_t)st.size;
done:
    if (src)
        zip_source_free(src);
    for (size_t i = 0; i < 4; i++)
        free(parts[i]);
    return err;
}

asx_error asx_docx_save(asx_docx *x, asx_outset *set, const char *path, int force, asx_diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    asx_error err = asx_docx_render(x, &data, &len, d);
    if (!err)
        err = asx_outset_write(set, path, data, len, force, ASX_OUTPUT_MODE, d);
    free(data);
    return err;
}
