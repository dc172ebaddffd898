/* test_text.c - the character rules, terminal escaping and XML cleaning of base/text.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asx/text.h"
#include "asx/util.h"
#include "testutil.h"

static char *escaped(const char *s, bool keep_newlines)
{
    asx_buf b = {0};
    asx_term_escape(&b, s, strlen(s), keep_newlines);
    ck_assert(!b.oom);
    return b.s ? asx_buf_take(&b) : asx_strdup("");
}

START_TEST(check_names_and_texts)
{
    unsigned cp = 0;
    size_t at = 0;
    ck_assert_int_eq(asx_text_check("株式会社みなとクラウド", false, 200, &cp, &at), ASX_TEXT_OK);
    ck_assert_int_eq(asx_text_check("a\x1b[31m", false, 200, &cp, &at), ASX_TEXT_CONTROL);
    ck_assert_uint_eq(cp, 0x1B);
    ck_assert_uint_eq(at, 1);
    ck_assert_int_eq(asx_text_check("ab\bc", false, 200, &cp, &at), ASX_TEXT_CONTROL);
    ck_assert_uint_eq(cp, 8);
    ck_assert_int_eq(asx_text_check("x\xC2\x9B" "2J", false, 200, &cp, NULL), ASX_TEXT_CONTROL); /* C1 CSI */
    ck_assert_uint_eq(cp, 0x9B);
    ck_assert_int_eq(asx_text_check("two\nlines", false, 200, &cp, NULL), ASX_TEXT_CONTROL);
    ck_assert_int_eq(asx_text_check("two\nlines\tand\r\ncrlf", true, 200, &cp, NULL), ASX_TEXT_OK);
    ck_assert_int_eq(asx_text_check("lone\rcr", true, 200, &cp, NULL), ASX_TEXT_CONTROL);
    ck_assert_int_eq(asx_text_check("sep\xE2\x80\xA8", false, 200, &cp, NULL), ASX_TEXT_CONTROL);
    ck_assert_uint_eq(cp, 0x2028);
    ck_assert_int_eq(asx_text_check("ok\xEF\xBF\xBE", true, 200, &cp, &at), ASX_TEXT_NONCHAR);
    ck_assert_uint_eq(cp, 0xFFFE);
    ck_assert_uint_eq(at, 2);
    ck_assert_int_eq(asx_text_check("\xEF\xBF\xBF", true, 200, &cp, NULL), ASX_TEXT_NONCHAR);
    ck_assert_int_eq(asx_text_check("\xEF\xB7\x90", true, 200, &cp, NULL), ASX_TEXT_NONCHAR); /* U+FDD0 */
    ck_assert_int_eq(asx_text_check("\xF4\x8F\xBF\xBF", true, 200, &cp, NULL), ASX_TEXT_NONCHAR); /* U+10FFFF */
    ck_assert_int_eq(asx_text_check("bad\xFF", true, 200, &cp, NULL), ASX_TEXT_BAD_UTF8);
    /* length in characters, not bytes */
    ck_assert_int_eq(asx_text_check("日本語", false, 3, &cp, &at), ASX_TEXT_OK);
    ck_assert_int_eq(asx_text_check("日本語!", false, 3, &cp, &at), ASX_TEXT_TOO_LONG);
    ck_assert_uint_eq(at, 4);
    ck_assert_int_eq(asx_text_check(NULL, false, 3, NULL, NULL), ASX_TEXT_OK);
}
END_TEST

/* A vendor name made to draw a fake verdict line: erase the line, return, print 「判定: 承認」,
 * hide the rest. Escaped, every control shows and nothing moves the cursor. */
START_TEST(escape_fake_verdict)
{
    const char *name = "Evil\x1b[2K\r  判定: 承認\x1b[8m\n\xE2\x80\xAE" "gpj.exe\xC2\x9B" "1A";
    char *s = escaped(name, false);
    ck_assert_str_eq(s, "Evil<U+001B>[2K<U+000D>  判定: 承認<U+001B>[8m<U+000A><U+202E>gpj.exe<U+009B>1A");
    for (const char *c = s; *c; c++)
        ck_assert((unsigned char)*c >= 0x20 && (unsigned char)*c != 0x7F);
    free(s);
    /* in a memo, line feeds are the memo's own and stay; tabs stay */
    s = escaped("a\tb\nc\x07", true);
    ck_assert_str_eq(s, "a\tb\nc<U+0007>");
    free(s);
    s = escaped("ok \xFF\xFE 日本", false);
    ck_assert_str_eq(s, "ok <0xFF><0xFE> 日本");
    free(s);
    s = escaped("\xEF\xBF\xBE\xE2\x81\xA6\xE2\x80\xA9", false);
    ck_assert_str_eq(s, "<U+FFFE><U+2066><U+2029>");
    free(s);
    /* the printers */
    char buf[256] = {0};
    FILE *f = fmemopen(buf, sizeof buf, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_ge(asx_term_printf(f, "判定: %s\n", "\x1b[1A承認"), 0);
    ck_assert_int_ne(asx_term_puts("x\ry\n", f), EOF);
    fclose(f);
    ck_assert_str_eq(buf, "判定: <U+001B>[1A承認\nx<U+000D>y\n");
}
END_TEST

START_TEST(diags_print_one_line_each)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_diags_addf(&d, ASX_ERR_DATA, "evil\n.json", 3, 4, "vendor \"%s\"", "a\x1b]0;title\x07");
    char buf[256] = {0};
    FILE *f = fmemopen(buf, sizeof buf, "w");
    asx_diags_print(&d, f);
    fclose(f);
    ck_assert_str_eq(buf, "assess: evil<U+000A>.json:3:4: vendor \"a<U+001B>]0;title<U+0007>\"\n");
    asx_diags_free(&d);
}
END_TEST

START_TEST(classes)
{
    ck_assert(asx_cp_is_default_ignorable(0x200D)); /* ZWJ */
    ck_assert(asx_cp_is_default_ignorable(0xFE0F));
    ck_assert(asx_cp_is_default_ignorable(0xE0100));
    ck_assert(asx_cp_is_default_ignorable(0x00AD));
    ck_assert(asx_cp_is_default_ignorable(0x180E));
    /* around the short path for CJK text (U+2070..U+FDFF but U+3164) */
    ck_assert(asx_cp_is_default_ignorable(0x206F));
    ck_assert(asx_cp_is_default_ignorable(0x3164)); /* Hangul filler */
    ck_assert(asx_cp_is_default_ignorable(0xFE00));
    ck_assert(!asx_cp_is_default_ignorable(0x2070));
    ck_assert(!asx_cp_is_default_ignorable(0x3000)); /* ideographic space */
    ck_assert(!asx_cp_is_default_ignorable(0x3165));
    ck_assert(!asx_cp_is_default_ignorable(0x6F22));
    ck_assert(asx_cp_is_default_ignorable(0x061C));
    ck_assert(asx_cp_is_default_ignorable(0xE0041));
    ck_assert(!asx_cp_is_default_ignorable('a'));
    ck_assert(!asx_cp_is_default_ignorable(0x3042));
    ck_assert(!asx_cp_is_default_ignorable(0x20BB7));
    ck_assert(asx_cp_is_noncharacter(0x1FFFE));
    ck_assert(!asx_cp_is_noncharacter(0xFFFD));
    ck_assert(asx_cp_is_control(0x85));
    ck_assert(!asx_cp_is_control(0xA0));
}
END_TEST

START_TEST(xml_clean)
{
    ck_assert(!asx_xml_unclean("plain 日本語\ttab\nlf"));
    ck_assert(asx_xml_unclean("back\bspace"));
    ck_assert(asx_xml_unclean("non\xEF\xBF\xBF"));
    ck_assert(asx_xml_unclean("bad\xC3"));
    /* the three-byte short path: kana, kanji and private use are clean; a noncharacter of the
     * EF block, a surrogate form and a cut sequence are not */
    ck_assert(!asx_xml_unclean("かな漢字\xEE\x80\x80"));
    ck_assert(asx_xml_unclean("non\xEF\xB7\x90"));
    ck_assert(asx_xml_unclean("sur\xED\xA0\x80"));
    ck_assert(asx_xml_unclean("cut\xE3\x81"));
    char *s = asx_xml_clean("a\bb\xEF\xBF\xBE" "c\xC2\x85" "d");
    ck_assert_str_eq(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d");
    free(s);
    s = asx_xml_clean("");
    ck_assert_str_eq(s, "");
    free(s);
    ck_assert_ptr_null(asx_xml_clean(NULL));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, check_names_and_texts);
    tcase_add_test(tc, escape_fake_verdict);
    tcase_add_test(tc, diags_print_one_line_each);
    tcase_add_test(tc, classes);
    tcase_add_test(tc, xml_clean);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
