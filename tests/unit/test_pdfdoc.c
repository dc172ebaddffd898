/* test_pdfdoc.c - the font, line breaking (禁則), tables across pages, reproducible output. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "asx/font.h"
#include "asx/pdf_widgets.h"
#include "asx/pdfdoc.h"
#include "asx/util.h"
#include "testutil.h"

static asx_font *font;

static void setup(void)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_error err = asx_font_load(NULL, &font, &d);
    if (err != ASX_OK)
        asx_diags_print(&d, stderr);
    asx_diags_free(&d);
    ck_assert_int_eq(err, ASX_OK);
}

static void teardown(void)
{
    asx_font_free(font);
    font = NULL;
}

/* Decode the first code point of s. */
static unsigned first_cp(const char *s)
{
    unsigned cp = 0;
    asx_utf8_next(s, strlen(s), &cp);
    return cp;
}

static unsigned last_cp(const char *s)
{
    size_t n = strlen(s), off = 0;
    unsigned cp = 0, last = 0;
    while (off < n) {
        size_t k = asx_utf8_next(s + off, n - off, &cp);
        if (k == 0)
            break;
        off += k;
        last = cp;
    }
    return last;
}

static int in_str(unsigned cp, const char *set)
{
    size_t n = strlen(set), off = 0;
    unsigned c = 0;
    while (off < n) {
        size_t k = asx_utf8_next(set + off, n - off, &c);
        if (k == 0)
            break;
        if (c == cp)
            return 1;
        off += k;
    }
    return 0;
}

START_TEST(font_metrics)
{
    ck_assert(asx_font_has(font, 0x3042)); /* あ */
    ck_assert(asx_font_has(font, 'A'));
    ck_assert_int_eq(asx_font_advance(font, 0x3042), 1000); /* full width */
    ck_assert_int_gt(asx_font_advance(font, 'A'), 300);
    ck_assert_int_lt(asx_font_advance(font, 'A'), 1000);
    ck_assert(!asx_font_has(font, 0x1F600)); /* emoji: outside the BMP */
    ck_assert(asx_font_has(font, ASX_FONT_MISSING));
}
END_TEST

START_TEST(font_missing_file)
{
    asx_font *f = NULL;
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_font_load("/nonexistent/font.ttf", &f, &d), ASX_ERR_NOINPUT);
    ck_assert_ptr_null(f);
    ck_assert(tu_diags_have(&d, "fonts-ipaexfont-gothic"));
    asx_diags_free(&d);
}
END_TEST

START_TEST(font_not_truetype)
{
    asx_font *f = NULL;
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_font_load(tu_path("CMakeLists.txt"), &f, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(f);
    asx_diags_free(&d);
}
END_TEST

START_TEST(font_subset_small)
{
    unsigned cps[] = {0x5BE9, 0x67FB, 0x8CC7, 0x6599, 'A', 'B'}; /* 審査資料AB */
    unsigned char *ttf = NULL;
    size_t len = 0, whole = 0;
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_font_subset(font, cps, 6, NULL, &ttf, &len, &d), ASX_OK);
    asx_font_data(font, &whole);
    ck_assert_int_gt(len, 1000);
    ck_assert_int_lt(len, whole / 50);
    ck_assert(memcmp(ttf, "\0\1\0\0", 4) == 0);
    free(ttf);
    asx_diags_free(&d);
}
END_TEST

/* With glyph ids asked for, the subset has no cmap and each code point has its own glyph in it
 * (.notdef is glyph 0, so 1..6, in the font's glyph order); a code point the font lacks gets 0. */
START_TEST(font_subset_glyph_ids)
{
    unsigned cps[] = {'A', 'B', 0x5BE9, 0x6599, 0x67FB, 0x8CC7, 0xE000};
    unsigned short gids[7];
    unsigned char *ttf = NULL;
    size_t len = 0;
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_font_subset(font, cps, 7, gids, &ttf, &len, &d), ASX_OK);
    bool seen[7] = {false};
    for (int i = 0; i < 6; i++) {
        ck_assert_int_ge(gids[i], 1);
        ck_assert_int_le(gids[i], 6);
        ck_assert(!seen[gids[i]]);
        seen[gids[i]] = true;
    }
    ck_assert_int_eq(gids[6], 0);
    ck_assert_int_lt(gids[0], gids[1]); /* A before B, as in the font */
    uint16_t ntables = (uint16_t)(ttf[4] << 8 | ttf[5]);
    for (unsigned t = 0; t < ntables; t++)
        ck_assert(memcmp(ttf + 12 + 16 * t, "cmap", 4) != 0);
    asx_font_metrics m;
    ck_assert_int_eq(asx_font_subset_metrics(font, ttf, len, &m, &d), ASX_OK);
    ck_assert_int_gt(m.ascent, 800);
    ck_assert_int_lt(m.descent, 0);
    ck_assert_int_gt(m.cap_height, 600);
    ck_assert_int_gt(m.x_height, 400);
    ck_assert_int_lt(m.bbox[0], m.bbox[2]);
    free(ttf);
    asx_diags_free(&d);
}
END_TEST

/* Advances come from the font on first use and stay the same on every later use. */
START_TEST(font_advances_lazy)
{
    ck_assert(asx_font_has(font, 0x3042));
    ck_assert_int_eq(asx_font_advance(font, 0x3042), 1000);
    ck_assert_int_eq(asx_font_advance(font, 0x3042), 1000);
    ck_assert_int_gt(asx_font_advance(font, 'i'), 0);
    ck_assert_int_lt(asx_font_advance(font, 'i'), asx_font_advance(font, 'M'));
    ck_assert(!asx_font_has(font, 0xE000)); /* private use: not in IPAexGothic */
    ck_assert_int_eq(asx_font_advance(font, 0xE000), 0);
    ck_assert(!asx_font_has(font, 0xD800));
    ck_assert(!asx_font_has(font, 0x1F600));
    ck_assert_str_eq(asx_font_ps_name(font), "IPAexGothic");
}
END_TEST

static const char *NO_START = "、。，．・：；？！）」』】〕ーっゃゅょァィゥェォッャュョ々…,.)!?:;";
static const char *NO_END = "（「『【〔([";

START_TEST(wrap_kinsoku)
{
    asx_pdf *p = asx_pdf_new(font, ASX_LANG_JA);
    const char *text =
        "事業者は、委託先（再委託先を含む。）に対し、「外部サービス利用規程」に定める事項を遵守させること。"
        "なお、データの保管国・処理国が国外（米国等）となる場合は、準拠法及び合意管轄を日本とし、"
        "『個人情報の保護に関する法律』の適用を確認すること。バックアップ（週次・月次）は国内に限る。"
        "【重要】ログの提供、ー長音、っ促音、ゃゅょ拗音、ァ小書き、ィ小書き、々踊り字の行頭禁則を確認する！";
    int checked = 0;
    for (float width = 40; width <= 300; width += 3.7f) {
        char **lines = NULL;
        size_t n = asx_pdf_wrap(p, text, 9.5f, width, &lines);
        ck_assert_int_gt(n, 1);
        asx_buf joined = {0};
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(asx_pdf_text_width(p, lines[i], 9.5f) <= width + 9.5f,
                          "line too wide at %.1f: %s", width, lines[i]);
            if (i > 0)
                ck_assert_msg(!in_str(first_cp(lines[i]), NO_START),
                              "line starts with a forbidden character at width %.1f: %s", width,
                              lines[i]);
            if (i + 1 < n)
                ck_assert_msg(!in_str(last_cp(lines[i]), NO_END),
                              "line ends with a forbidden character at width %.1f: %s", width,
                              lines[i]);
            asx_buf_adds(&joined, lines[i]);
            checked++;
        }
        /* nothing lost, nothing added: the lines put together are the text */
        ck_assert_str_eq(asx_buf_str(&joined), text);
        asx_buf_free(&joined);
        asx_pdf_lines_free(lines, n);
    }
    ck_assert_int_gt(checked, 100);
    asx_pdf_free(p);
}
END_TEST

START_TEST(wrap_english_at_spaces)
{
    asx_pdf *p = asx_pdf_new(font, ASX_LANG_EN);
    const char *text = "The provider stores customer data in Japan only and keeps backups in "
                       "two regions; deletion of every copy is certified at the end of the contract.";
    char **lines = NULL;
    size_t n = asx_pdf_wrap(p, text, 9.5f, 120, &lines);
    ck_assert_int_gt(n, 3);
    asx_buf joined = {0};
    for (size_t i = 0; i < n; i++) {
        ck_assert(lines[i][0] != ' ');
        ck_assert(lines[i][strlen(lines[i]) - 1] != ' ');
        ck_assert_float_le(asx_pdf_text_width(p, lines[i], 9.5f), 120.0f);
        if (i > 0)
            asx_buf_addc(&joined, ' ');
        asx_buf_adds(&joined, lines[i]);
    }
    /* words are never split: rejoining with spaces gives the text back */
    ck_assert_str_eq(asx_buf_str(&joined), text);
    asx_buf_free(&joined);
    asx_pdf_lines_free(lines, n);

    /* a word longer than the line is split, never cut */
    const char *url = "https://example.jp/very/long/path/that/cannot/fit/on/one/line/at/all.pdf";
    n = asx_pdf_wrap(p, url, 9.5f, 80, &lines);
    ck_assert_int_gt(n, 2);
    asx_buf j2 = {0};
    for (size_t i = 0; i < n; i++)
        asx_buf_adds(&j2, lines[i]);
    ck_assert_str_eq(asx_buf_str(&j2), url);
    asx_buf_free(&j2);
    asx_pdf_lines_free(lines, n);

    /* explicit newlines are kept as line breaks, empty lines too */
    n = asx_pdf_wrap(p, "one\n\ntwo", 9.5f, 200, &lines);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(lines[0], "one");
    ck_assert_str_eq(lines[1], "");
    ck_assert_str_eq(lines[2], "two");
    asx_pdf_lines_free(lines, n);
    asx_pdf_free(p);
}
END_TEST

START_TEST(wrap_missing_glyphs)
{
    asx_pdf *p = asx_pdf_new(font, ASX_LANG_JA);
    char **lines = NULL;
    /* an emoji and a bidi override: drawn as 〓 and dropped */
    size_t n = asx_pdf_wrap(p, "A\xF0\x9F\x98\x80" "B\xE2\x80\xAE" "C", 9.5f, 200, &lines);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(lines[0], "A〓BC");
    asx_pdf_lines_free(lines, n);
    asx_pdf_free(p);
}
END_TEST

/* Build a document exercising every element; rows rows in the long table. */
static asx_pdf *sample_doc(asx_lang lang, int rows)
{
    asx_pdf *p = asx_pdf_new(font, lang);
    ck_assert_ptr_nonnull(p);
    asx_pdf_set_info(p, "審査資料 テスト", "pdfdoc", (asx_date){2026, 11, 20});
    asx_pdf_set_footer(p, "みなと文書管理クラウド 外部サービス利用審査資料");
    asx_pdf_title(p, "外部サービス利用 審査資料", "みなと文書管理クラウド / 株式会社みなとクラウド");
    asx_pdf_badge(p, "条件付き承認", ASX_PDF_TONE_WARN, "72.5 点", 0);
    const char *keys[] = {"サービス", "事業者", "情報の分類"};
    const char *vals[] = {"みなと文書管理クラウド", "株式会社みなとクラウド", "機密性2・完全性2・可用性2"};
    asx_pdf_kv(p, keys, vals, 3, 0);
    asx_pdf_heading(p, 1, "区分別の評価", 0);
    const char *labels[] = {"サービスレベル", "再委託", "データの所在", "バックアップ"};
    const double values[] = {92.0, 55.0, 100.0, -1};
    asx_pdf_bar_chart(p, labels, values, 4, 80, 60);
    asx_pdf_heading(p, 1, "全設問", 0);
    asx_pdf_col cols[] = {{"設問ID", 2, ASX_PDF_LEFT}, {"回答", 3, ASX_PDF_LEFT},
                          {"評点", 1, ASX_PDF_RIGHT}};
    asx_pdf_table_begin(p, cols, 3);
    for (int i = 0; i < rows; i++) {
        char id[32], score[16];
        snprintf(id, sizeof id, "q%03d.item", i);
        snprintf(score, sizeof score, "%d", i % 101);
        const char *cells[] = {id, i % 7 == 0 ? "長い回答。長い回答。長い回答。長い回答。長い回答。長い回答。長い回答。長い回答。" : "はい", score};
        asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE,
                                i % 5 == 0 ? ASX_PDF_TONE_BAD : ASX_PDF_TONE_NONE};
        asx_pdf_row(p, cells, tones);
    }
    asx_pdf_table_end(p);
    const char *roles[] = {"起案者", "情報セキュリティ管理者", "情報セキュリティ責任者", "許可権限者"};
    const char *names[] = {"山田 太郎", NULL, "", "佐藤 花子"};
    asx_pdf_heading(p, 1, "決裁欄", 150);
    asx_pdf_stamps(p, roles, names, 4);
    return p;
}

static int run_capture(const char *cmd, char *out, size_t size)
{
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    size_t n = fread(out, 1, size - 1, f);
    out[n] = '\0';
    return pclose(f);
}

START_TEST(render_reproducible)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_pdf *a = sample_doc(ASX_LANG_JA, 20), *b = sample_doc(ASX_LANG_JA, 20);
    unsigned char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    ck_assert_int_eq(asx_pdf_render(a, &da, &la, &d), ASX_OK);
    ck_assert_int_eq(asx_pdf_render(b, &db, &lb, &d), ASX_OK);
    ck_assert_int_eq(la, lb);
    ck_assert(memcmp(da, db, la) == 0);
    ck_assert(memcmp(da, "%PDF-", 5) == 0);
    ck_assert_int_lt(la, 100 * 1024);
    /* rendering again gives the same bytes */
    unsigned char *dc = NULL;
    size_t lc = 0;
    ck_assert_int_eq(asx_pdf_render(a, &dc, &lc, &d), ASX_OK);
    ck_assert_int_eq(lc, la);
    ck_assert(memcmp(dc, da, la) == 0);
    free(da);
    free(db);
    free(dc);
    asx_pdf_free(a);
    asx_pdf_free(b);
    asx_diags_free(&d);
}
END_TEST

START_TEST(table_header_repeats)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_pdf *p = sample_doc(ASX_LANG_JA, 150);
    int pages = asx_pdf_page_count(p);
    ck_assert_int_ge(pages, 4);
    char path[] = "/tmp/test_pdfdoc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(asx_pdf_save(p, NULL, path, 1, &d), ASX_OK);
    /* every page but the first carries the table header and its own footer */
    char cmd[512], out[65536];
    int table_pages = 0;
    for (int pg = 1; pg <= pages; pg++) {
        snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d %s - 2>&1", pg, pg, path);
        ck_assert_int_eq(run_capture(cmd, out, sizeof out), 0);
        char footer[64];
        snprintf(footer, sizeof footer, "%d / %d ページ", pg, pages);
        ck_assert_msg(strstr(out, footer) != NULL, "page %d lacks its footer", pg);
        ck_assert_msg(strstr(out, "Syntax") == NULL && strstr(out, "Warning") == NULL,
                      "poppler warns: %s", out);
        if (strstr(out, "q1") || strstr(out, "q0")) {
            ck_assert_msg(strstr(out, "設問ID") != NULL, "page %d lacks the header row", pg);
            table_pages++;
        }
    }
    ck_assert_int_ge(table_pages, 3);
    snprintf(cmd, sizeof cmd, "pdftotext %s - 2>&1", path);
    ck_assert_int_eq(run_capture(cmd, out, sizeof out), 0);
    ck_assert(strstr(out, "外部サービス利用 審査資料") != NULL);
    ck_assert(strstr(out, "機密性2・完全性2・可用性2") != NULL);
    ck_assert(strstr(out, "情報セキュリティ責任者") != NULL);
    ck_assert(strstr(out, "q149.item") != NULL);
    snprintf(cmd, sizeof cmd, "pdffonts %s 2>&1", path);
    ck_assert_int_eq(run_capture(cmd, out, sizeof out), 0);
    ck_assert(strstr(out, "ASXJPA+IPAexGothic") != NULL);
    ck_assert(strstr(out, "yes yes yes") != NULL);
    if (getenv("PDFDOC_KEEP")) /* to look at it: PDFDOC_KEEP=/tmp/x.pdf test_pdfdoc */
        asx_pdf_save(p, NULL, getenv("PDFDOC_KEEP"), 1, &d);
    unlink(path);
    asx_pdf_free(p);
    asx_diags_free(&d);
}
END_TEST

START_TEST(render_english)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_pdf *p = sample_doc(ASX_LANG_EN, 3);
    char path[] = "/tmp/test_pdfdoc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(asx_pdf_save(p, NULL, path, 1, &d), ASX_OK);
    char cmd[512], out[65536];
    snprintf(cmd, sizeof cmd, "pdftotext %s - 2>&1", path);
    ck_assert_int_eq(run_capture(cmd, out, sizeof out), 0);
    ck_assert(strstr(out, "Page 1 of") != NULL);
    /* an existing file is not overwritten without force */
    ck_assert_int_eq(asx_pdf_save(p, NULL, path, 0, &d), ASX_ERR_CANTCREAT);
    unlink(path);
    asx_pdf_free(p);
    asx_diags_free(&d);
}
END_TEST

START_TEST(empty_document)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_pdf *p = asx_pdf_new(font, ASX_LANG_JA);
    unsigned char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(asx_pdf_render(p, &data, &len, &d), ASX_OK);
    ck_assert_int_eq(asx_pdf_page_count(p), 1);
    free(data);
    asx_pdf_free(p);
    asx_diags_free(&d);
}
END_TEST


/* Issue 18 class 1: a table header taller than a page used to start page after page for ever.
 * Now the header is cut to a few lines with 「…」 and every page makes progress: the document
 * ends, with a handful of pages. (A separate test case with a short timeout: a loop fails.) */
START_TEST(header_taller_than_page)
{
    asx_pdf *p = asx_pdf_new(font, ASX_LANG_JA);
    asx_buf longname = {0};
    for (int i = 0; i < 3000; i++)
        asx_buf_adds(&longname, "長");
    asx_pdf_col cols[] = {{"設問", 1, ASX_PDF_LEFT}, {asx_buf_str(&longname), 1, ASX_PDF_LEFT},
                          {"B", 1, ASX_PDF_LEFT}, {"C", 1, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, cols, 4);
    for (int i = 0; i < 3; i++) {
        const char *cells[] = {"q", asx_buf_str(&longname), "x", "y"}; /* a row taller than a page */
        asx_pdf_row(p, cells, NULL);
    }
    asx_pdf_table_end(p);
    int pages = asx_pdf_page_count(p);
    ck_assert_int_ge(pages, 2);
    ck_assert_int_le(pages, 60);
    asx_diags d;
    asx_diags_init(&d);
    unsigned char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(asx_pdf_render(p, &data, &len, &d), ASX_OK);
    free(data);
    asx_diags_free(&d);
    asx_buf_free(&longname);
    asx_pdf_free(p);
}
END_TEST

/* Class 9: characters the font lacks are named once each; variation selectors and ZWJ are
 * dropped (a variation sequence is drawn as its base character, not followed by 〓). */
START_TEST(missing_glyphs_named_once)
{
    asx_pdf *p = asx_pdf_new(font, ASX_LANG_EN);
    char **lines = NULL;
    /* 葛 + IVS U+E0100, ☃ + VS16, 𠮷 twice, a ZWJ between two letters */
    size_t n = asx_pdf_wrap(p, "\xE8\x91\x9B\xF3\xA0\x84\x80" "\xE2\x98\x83\xEF\xB8\x8F"
                               "\xF0\xA0\xAE\xB7\xF0\xA0\xAE\xB7" "a\xE2\x80\x8D" "b",
                            9.5f, 400, &lines);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(lines[0], "葛☃〓〓ab");
    asx_pdf_lines_free(lines, n);
    asx_pdf_paragraph(p, "\xF0\xA0\xAE\xB7野家", NULL);
    asx_diags d;
    asx_diags_init(&d);
    unsigned char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(asx_pdf_render(p, &data, &len, &d), ASX_OK);
    ck_assert_int_eq(d.worst, ASX_OK); /* a note, not an error */
    ck_assert_uint_eq(d.n, 1);
    ck_assert_ptr_nonnull(strstr(d.v[0].msg, "drawn as 〓: 𠮷 (U+20BB7)"));
    ck_assert_ptr_null(strstr(strstr(d.v[0].msg, "U+20BB7") + 1, "U+20BB7")); /* once */
    ck_assert_ptr_null(strstr(d.v[0].msg, "U+E0100"));
    ck_assert_ptr_null(strstr(d.v[0].msg, "U+200D"));
    free(data);
    asx_diags_free(&d);
    asx_pdf_free(p);
}
END_TEST

/* Issue 28 class 1: the table buffers are shared by the tables of a document. They were sized
 * for a row count kept from the table before, times this table's columns: a narrow table that
 * grew past the first allocation followed by a wider one wrote past the end (ASan: heap overflow;
 * the release build aborted). Every shape (1 to 12 columns) in every order — narrow to wide, wide
 * to narrow, alternating — with row counts below, at and past each allocation, and every table's
 * rows laid out as given. Run under ASan by the sanitizer build. */
static void table_of_shape(asx_pdf *p, size_t ncols, size_t nrows, asx_buf *want)
{
    asx_pdf_col cols[12];
    char titles[12][32];
    for (size_t c = 0; c < ncols; c++) {
        snprintf(titles[c], sizeof titles[c], "列%zu", c);
        cols[c] = (asx_pdf_col){titles[c], (float)(1 + c % 3), (asx_pdf_align)(c % 3)};
    }
    asx_pdf_table_begin(p, cols, ncols);
    for (size_t r = 0; r < nrows; r++) {
        char text[12][80];
        const char *cells[12];
        for (size_t c = 0; c < ncols; c++) {
            snprintf(text[c], sizeof text[c], "t%zu-r%zu-c%zu", ncols, r, c);
            cells[c] = text[c];
        }
        asx_pdf_row(p, cells, NULL);
        asx_buf_addf(want, "row %s\n", text[0]);
    }
    asx_pdf_table_end(p);
}

/* The "row" records of a layout log, their detail only ("row <first cell>"). */
static char *row_records(const char *log)
{
    asx_buf out = {0};
    for (const char *l = log; *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        if (len > 4 && strncmp(l, "row ", 4) == 0) {
            const char *last = l + len;
            const char *sp = last;
            while (sp > l && sp[-1] != ' ')
                sp--;
            asx_buf_addf(&out, "row %.*s\n", (int)(last - sp), sp);
        }
        l += len + (end ? 1 : 0);
    }
    return asx_buf_take(&out);
}

START_TEST(tables_every_shape_every_order)
{
    static const size_t rows[] = {1, 15, 16, 17, 33, 70};
    for (int order = 0; order < 3; order++) {
        asx_pdf *p = asx_pdf_new(font, ASX_LANG_JA);
        asx_pdf_layout_records(p, true);
        asx_buf want = {0};
        for (size_t k = 0; k < 12; k++) {
            size_t nc = order == 0 ? 1 + k : order == 1 ? 12 - k : (k % 2 ? 12 - k / 2 : 1 + k / 2);
            table_of_shape(p, nc, rows[(k + (size_t)order) % 6], &want);
        }
        /* a narrow table grown past its first allocation, then the widest */
        table_of_shape(p, 1, 70, &want);
        table_of_shape(p, 12, 70, &want);
        char *got = row_records(asx_pdf_layout_log(p));
        ck_assert_str_eq(got, asx_buf_str(&want));
        free(got);
        asx_diags d;
        asx_diags_init(&d);
        unsigned char *data = NULL;
        size_t len = 0;
        ck_assert_int_eq(asx_pdf_render(p, &data, &len, &d), ASX_OK);
        free(data);
        asx_diags_free(&d);
        asx_buf_free(&want);
        asx_pdf_free(p);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("pdfdoc");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, font_metrics);
    tcase_add_test(tc, font_missing_file);
    tcase_add_test(tc, font_not_truetype);
    tcase_add_test(tc, font_subset_small);
    tcase_add_test(tc, font_subset_glyph_ids);
    tcase_add_test(tc, font_advances_lazy);
    tcase_add_test(tc, wrap_kinsoku);
    tcase_add_test(tc, wrap_english_at_spaces);
    tcase_add_test(tc, wrap_missing_glyphs);
    tcase_add_test(tc, render_reproducible);
    tcase_add_test(tc, table_header_repeats);
    tcase_add_test(tc, render_english);
    tcase_add_test(tc, empty_document);
    tcase_add_test(tc, missing_glyphs_named_once);
    tcase_add_test(tc, tables_every_shape_every_order);
    suite_add_tcase(s, tc);
    TCase *loops = tcase_create("no endless paging");
    tcase_add_checked_fixture(loops, setup, teardown);
    tcase_set_timeout(loops, 20);
    tcase_add_test(loops, header_taller_than_page);
    suite_add_tcase(s, loops);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
