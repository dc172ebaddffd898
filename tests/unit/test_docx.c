/* test_docx.c - the DOCX writer (report/docx.c): XML escaping and the characters XML cannot
 * carry, the package parts in their fixed order with fixed time stamps, the same bytes for the
 * same calls, styles, numbering, tables and the East Asian font. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include "asx/docx.h"
#include "asx/util.h"
#include "testutil.h"

static asx_diags diags;

static void setup(void)
{
    asx_diags_init(&diags);
}

static void teardown(void)
{
    asx_diags_free(&diags);
}

static char *escaped(const char *s, size_t *dropped)
{
    asx_buf b = {0};
    *dropped = asx_xml_escape(&b, s);
    return asx_buf_take(&b);
}

START_TEST(escapes_markup_and_drops_what_xml_cannot_carry)
{
    size_t dropped = 0;
    char *s = escaped("<w:t>&\"'</w:t>", &dropped);
    ck_assert_str_eq(s, "&lt;w:t&gt;&amp;&quot;&apos;&lt;/w:t&gt;");
    ck_assert_uint_eq(dropped, 0);
    free(s);
    /* NUL cannot be passed; C0 controls, U+FFFE, U+FFFF and invalid bytes are dropped */
    s = escaped("a\x01" "b\x1f" "c\xef\xbf\xbe" "d\xef\xbf\xbf" "e\xff" "f\xc3" "g\t\n日本", &dropped);
    ck_assert_str_eq(s, "abcdefg\t\n日本");
    ck_assert_uint_eq(dropped, 6);
    free(s);
}
END_TEST

static asx_docx *sample(asx_date date)
{
    asx_docx *x = asx_docx_new(ASX_LANG_JA);
    ck_assert_ptr_nonnull(x);
    asx_docx_set_info(x, "情報セキュリティ要件 <&>", "件名", date);
    asx_docx_title(x, "情報セキュリティ要件");
    asx_docx_heading(x, 1, "1. 組織");
    asx_docx_list_begin(x, ASX_DOCX_NUM_PAREN);
    asx_docx_item(x, "〔選定条件〕", "データの保管場所は日本国内とすること。");
    asx_docx_item(x, NULL, "二つ目\x07の項目");
    asx_docx_heading(x, 1, "2. 提出書類");
    const char *titles[2] = {"No.", "提出書類"};
    const double widths[2] = {1, 5};
    asx_docx_table_begin(x, titles, widths, 2);
    const char *row[2] = {"1", "SLA & 契約書"};
    asx_docx_row(x, row);
    asx_docx_table_end(x);
    asx_docx_list_begin(x, ASX_DOCX_NUM_ARTICLE);
    asx_docx_item(x, "(目的外利用の禁止)", NULL);
    asx_docx_note(x, "根拠: 11-2(2)②ア");
    asx_docx_item(x, "(協議)", NULL);
    return x;
}

static char *entry_text(zip_t *za, const char *name)
{
    zip_stat_t st;
    ck_assert_int_eq(zip_stat(za, name, 0, &st), 0);
    zip_file_t *f = zip_fopen(za, name, 0);
    ck_assert_ptr_nonnull(f);
    char *buf = calloc(st.size + 1, 1);
    ck_assert_int_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    return buf;
}

START_TEST(package_is_ordered_stamped_and_reproducible)
{
    asx_docx *x = sample((asx_date){2026, 11, 20});
    unsigned char *one = NULL, *two = NULL;
    size_t n1 = 0, n2 = 0;
    ck_assert_int_eq(asx_docx_render(x, &one, &n1, &diags), ASX_OK);
    sleep(1); /* a wall-clock time stamp would show */
    ck_assert_int_eq(asx_docx_render(x, &two, &n2, &diags), ASX_OK);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(one, two, n1) == 0);
    ck_assert_uint_eq(asx_docx_dropped(x), 1); /* the BEL, once: rendering again does not count */
    asx_docx *y = sample((asx_date){2026, 11, 20});
    unsigned char *three = NULL;
    size_t n3 = 0;
    ck_assert_int_eq(asx_docx_render(y, &three, &n3, &diags), ASX_OK);
    ck_assert_uint_eq(n1, n3);
    ck_assert(memcmp(one, three, n1) == 0);

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(one, n1, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    ck_assert_ptr_nonnull(za);
    static const char *const order[] = {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml",
                                        "docProps/app.xml", "word/document.xml", "word/styles.xml",
                                        "word/numbering.xml", "word/settings.xml",
                                        "word/_rels/document.xml.rels"};
    ck_assert_int_eq(zip_get_num_entries(za, 0), 9);
    for (zip_uint64_t i = 0; i < 9; i++) {
        ck_assert_str_eq(zip_get_name(za, i, 0), order[i]);
        zip_stat_t st;
        ck_assert_int_eq(zip_stat_index(za, i, 0, &st), 0);
        ck_assert_int_eq(st.comp_method, ZIP_CM_DEFLATE);
    }
    char *doc = entry_text(za, "word/document.xml");
    ck_assert_ptr_nonnull(strstr(doc, "<w:pStyle w:val=\"Heading1\"/>"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:numId w:val=\"1\"/>"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:numId w:val=\"2\"/>"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">〔選定条件〕"));
    ck_assert_ptr_nonnull(strstr(doc, "SLA &amp; 契約書"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:tblHeader/>"));
    ck_assert_ptr_nonnull(strstr(doc, "二つ目の項目"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    /* the note inside the article list does not start a new list: two lists in all */
    ck_assert_ptr_null(strstr(doc, "<w:numId w:val=\"3\"/>"));
    free(doc);
    char *styles = entry_text(za, "word/styles.xml");
    ck_assert_ptr_nonnull(strstr(styles, "w:eastAsia=\"IPAexゴシック\""));
    ck_assert_ptr_nonnull(strstr(styles, "<w:name w:val=\"heading 1\"/>"));
    free(styles);
    char *num = entry_text(za, "word/numbering.xml");
    ck_assert_ptr_nonnull(strstr(num, "<w:lvlText w:val=\"(%1)\"/>"));
    ck_assert_ptr_nonnull(strstr(num, "<w:lvlText w:val=\"第%1条\"/>"));
    ck_assert_ptr_nonnull(strstr(num, "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/>"));
    free(num);
    char *core = entry_text(za, "docProps/core.xml");
    ck_assert_ptr_nonnull(strstr(core, "<dc:title>情報セキュリティ要件 &lt;&amp;&gt;</dc:title>"));
    ck_assert_ptr_nonnull(strstr(core, "2026-11-20T00:00:00Z</dcterms:created>"));
    free(core);
    zip_discard(za);

    /* every entry's DOS time is the document date at 00:00 (the local header's date field) */
    const unsigned char *p = one;
    size_t found = 0;
    for (size_t i = 0; i + 30 < n1; i++)
        if (p[i] == 'P' && p[i + 1] == 'K' && p[i + 2] == 3 && p[i + 3] == 4) {
            unsigned tm = p[i + 10] | (p[i + 11] << 8), dt = p[i + 12] | (p[i + 13] << 8);
            ck_assert_uint_eq(tm, 0);
            ck_assert_uint_eq(dt, ((2026 - 1980) << 9) | (11 << 5) | 20);
            found++;
        }
    ck_assert_uint_eq(found, 9);
    free(one);
    free(two);
    free(three);
    asx_docx_free(x);
    asx_docx_free(y);
}
END_TEST

START_TEST(another_date_other_bytes_and_save_refuses_existing)
{
    asx_docx *x = sample((asx_date){2026, 11, 20});
    asx_docx *y = sample((asx_date){2027, 4, 1});
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    ck_assert_int_eq(asx_docx_render(x, &a, &na, &diags), ASX_OK);
    ck_assert_int_eq(asx_docx_render(y, &b, &nb, &diags), ASX_OK);
    ck_assert(na != nb || memcmp(a, b, na) != 0);
    char path[] = "/tmp/test_docx_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(asx_docx_save(x, NULL, path, 0, &diags), ASX_ERR_CANTCREAT);
    ck_assert_int_eq(asx_docx_save(x, NULL, path, 1, &diags), ASX_OK);
    unlink(path);
    free(a);
    free(b);
    asx_docx_free(x);
    asx_docx_free(y);
    asx_docx_free(NULL);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("docx");
    TCase *t = tcase_create("docx");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 30);
    tcase_add_test(t, escapes_markup_and_drops_what_xml_cannot_carry);
    tcase_add_test(t, package_is_ordered_stamped_and_reproducible);
    tcase_add_test(t, another_date_other_bytes_and_save_refuses_existing);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
