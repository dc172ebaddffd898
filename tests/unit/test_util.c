/* test_util.c - error codes, diagnostics, buffers, UTF-8 helpers, country codes. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "asx/country.h"
#include "asx/error.h"
#include "asx/pattern.h"
#include "asx/util.h"
#include "testutil.h"

START_TEST(exit_codes)
{
    ck_assert_int_eq(asx_exit_code(ASX_OK), 0);
    ck_assert_int_eq(asx_exit_code(ASX_ERR_USAGE), 64);
    ck_assert_int_eq(asx_exit_code(ASX_ERR_DATA), 65);
    ck_assert_int_eq(asx_exit_code(ASX_ERR_NOINPUT), 66);
    ck_assert_int_eq(asx_exit_code(ASX_ERR_CANTCREAT), 73);
    ck_assert_int_eq(asx_exit_code(ASX_ERR_IO), 74);
    ck_assert_int_eq(asx_exit_code(ASX_ERR_NOMEM), 70);
    ck_assert_int_eq(asx_exit_code(ASX_ERR_INTERNAL), 70);
    asx_ui_lang = ASX_LANG_EN;
    ck_assert_str_eq(asx_strerror(ASX_ERR_DATA), "invalid input data");
    asx_ui_lang = ASX_LANG_JA;
    ck_assert_str_eq(asx_strerror(ASX_ERR_DATA), "入力データが不正です");
}
END_TEST

static char *print_diags(const asx_diags *d)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    ck_assert_ptr_nonnull(f);
    asx_diags_print(d, f);
    fclose(f);
    return text;
}

START_TEST(diags_collect_and_print)
{
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(d.worst, ASX_OK);
    asx_diags_addf(&d, ASX_OK, NULL, 0, 0, "note %d", 1);
    ck_assert_int_eq(d.worst, ASX_OK);
    asx_diags_addf(&d, ASX_ERR_DATA, "a.json", 12, 7, "%s: expected %s", "sla.x", "a number");
    asx_diags_addf(&d, ASX_ERR_NOINPUT, "b.json", 0, 0, "cannot read");
    asx_diags_addf(&d, ASX_ERR_DATA, "c.json", 3, 0, "line only");
    ck_assert_uint_eq(d.n, 4);
    ck_assert_int_eq(d.worst, ASX_ERR_DATA); /* the first non-OK */
    char *text = print_diags(&d);
    ck_assert_str_eq(text, "assess: note 1\n"
                           "assess: a.json:12:7: sla.x: expected a number\n"
                           "assess: b.json: cannot read\n"
                           "assess: c.json:3: line only\n");
    free(text);

    asx_diags other;
    asx_diags_init(&other);
    for (int i = 0; i < 100; i++) /* grows past the first allocation */
        asx_diags_addf(&other, ASX_ERR_IO, "o", i + 1, 1, "m%d", i);
    asx_diags_move(&d, &other);
    ck_assert_uint_eq(other.n, 0);
    ck_assert_ptr_null(other.v);
    ck_assert_uint_eq(d.n, 104);
    ck_assert_str_eq(d.v[103].msg, "m99");
    ck_assert_int_eq(d.worst, ASX_ERR_DATA);

    asx_diags e;
    asx_diags_init(&e);
    asx_diags_move(&e, &d);
    ck_assert_int_eq(e.worst, ASX_ERR_DATA);
    asx_diags_free(&e);
    asx_diags_free(&d);
    asx_diags_free(&e); /* twice is harmless */
    asx_diags_free(NULL);
}
END_TEST

START_TEST(buffers)
{
    asx_buf b = {0};
    ck_assert_str_eq(asx_buf_str(&b), "");
    asx_buf_adds(&b, "ab");
    asx_buf_addc(&b, 'c');
    asx_buf_add(&b, "defg", 2);
    asx_buf_addf(&b, "-%d-%s", 42, "令和");
    ck_assert_str_eq(asx_buf_str(&b), "abcde-42-令和");
    ck_assert_uint_eq(b.len, strlen("abcde-42-令和"));
    for (int i = 0; i < 1000; i++)
        asx_buf_adds(&b, "0123456789");
    ck_assert_uint_eq(b.len, strlen("abcde-42-令和") + 10000);
    asx_buf_reset(&b);
    ck_assert_str_eq(asx_buf_str(&b), "");
    asx_buf_adds(&b, "x");
    char *s = asx_buf_take(&b);
    ck_assert_str_eq(s, "x");
    ck_assert_ptr_null(b.s);
    free(s);
    s = asx_buf_take(&b); /* empty buffer gives "" */
    ck_assert_str_eq(s, "");
    free(s);
    asx_buf_free(&b);
    asx_buf_free(NULL);

    ck_assert_ptr_null(asx_strdup(NULL));
    s = asx_strndup("abcdef", 3);
    ck_assert_str_eq(s, "abc");
    free(s);
    s = asx_strndup("ab", 10);
    ck_assert_str_eq(s, "ab");
    free(s);
    s = asx_strdupf("%s=%03d", "k", 7);
    ck_assert_str_eq(s, "k=007");
    free(s);
    char **v = calloc(2, sizeof *v);
    v[0] = asx_strdup("a");
    v[1] = asx_strdup("b");
    asx_strv_free(v, 2);
    asx_strv_free(NULL, 0);
}
END_TEST

#define VP(lit) asx_utf8_valid_prefix(lit, sizeof(lit) - 1)

START_TEST(utf8_valid)
{
    ck_assert_uint_eq(VP("plain ascii text, long enough for the fast path"), 47);
    ck_assert_uint_eq(VP("日本語テキスト"), strlen("日本語テキスト"));
    ck_assert_uint_eq(VP("\xF0\x9F\x98\x80"), 4);     /* U+1F600 */
    ck_assert_uint_eq(VP("\xF4\x8F\xBF\xBF"), 4);     /* U+10FFFF */
    ck_assert_uint_eq(VP("\xED\x9F\xBF"), 3);         /* U+D7FF */
    ck_assert_uint_eq(VP("\xEE\x80\x80"), 3);         /* U+E000 */
    ck_assert_uint_eq(VP("ab\xC0\xAF"), 2);           /* overlong '/' */
    ck_assert_uint_eq(VP("ab\xC1\xBF"), 2);           /* overlong */
    ck_assert_uint_eq(VP("ab\xE0\x80\xAF"), 2);       /* overlong 3-byte */
    ck_assert_uint_eq(VP("ab\xE0\x9F\xBF"), 2);       /* overlong 3-byte */
    ck_assert_uint_eq(VP("ab\xF0\x80\x80\xAF"), 2);   /* overlong 4-byte */
    ck_assert_uint_eq(VP("ab\xF0\x8F\xBF\xBF"), 2);   /* overlong 4-byte */
    ck_assert_uint_eq(VP("ab\xED\xA0\x80"), 2);       /* surrogate U+D800 */
    ck_assert_uint_eq(VP("ab\xED\xBF\xBF"), 2);       /* surrogate U+DFFF */
    ck_assert_uint_eq(VP("ab\xF4\x90\x80\x80"), 2);   /* U+110000 */
    ck_assert_uint_eq(VP("ab\xF5\x80\x80\x80"), 2);
    ck_assert_uint_eq(VP("ab\xFF"), 2);
    ck_assert_uint_eq(VP("ab\x80"), 2);               /* lone continuation */
    ck_assert_uint_eq(VP("ab\xE6\x97"), 2);           /* truncated 日 */
    ck_assert_uint_eq(VP("ab\xE6\x97x"), 2);          /* bad continuation */
    ck_assert_uint_eq(VP("ab\xF0\x9F\x98"), 2);       /* truncated 4-byte */
    ck_assert_uint_eq(VP("0123456789abcdef\xC3"), 16); /* after the fast path */
    ck_assert_uint_eq(asx_utf8_valid_prefix("", 0), 0);
}
END_TEST

START_TEST(utf8_decode_and_width)
{
    unsigned cp;
    ck_assert_uint_eq(asx_utf8_next("日", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x65E5);
    ck_assert_uint_eq(asx_utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x1F600);
    ck_assert_uint_eq(asx_utf8_next("\xC3\xA9", 2, &cp), 2);
    ck_assert_uint_eq(cp, 0xE9);
    ck_assert_uint_eq(asx_utf8_next("A", 1, &cp), 1);
    ck_assert_uint_eq(cp, 'A');
    ck_assert_uint_eq(asx_utf8_next("", 0, &cp), 0);
    ck_assert_uint_eq(asx_utf8_next("\xFF", 1, &cp), 1);
    ck_assert_uint_eq(cp, 0xFFFD);

    ck_assert_int_eq(asx_utf8_width("abc"), 3);
    ck_assert_int_eq(asx_utf8_width("日本語"), 6);
    ck_assert_int_eq(asx_utf8_width("ｱｲｳ"), 3);        /* halfwidth katakana */
    ck_assert_int_eq(asx_utf8_width("ＡＢ"), 4);        /* fullwidth latin */
    ck_assert_int_eq(asx_utf8_width("한국"), 4);
    ck_assert_int_eq(asx_utf8_width("e\xCC\x81"), 1);   /* e + combining acute */
    ck_assert_int_eq(asx_utf8_width("a\tb\n"), 2);      /* controls are 0 */
    ck_assert_int_eq(asx_utf8_width("\xE3\x80\xBF"), 1); /* U+303F is narrow */
    ck_assert_int_eq(asx_utf8_width("\xF0\x9F\x98\x80"), 2);
    ck_assert_int_eq(asx_utf8_width("\xF0\xA0\x80\x8B"), 2); /* U+2000B */
    ck_assert_int_eq(asx_utf8_width("\xE2\x80\x8B"), 0);     /* zero width space */
    /* the short paths: kana and kanji wide, the combining voiced mark before them zero */
    ck_assert_int_eq(asx_utf8_width("\xE3\x82\x99"), 0);     /* U+3099 */
    ck_assert_int_eq(asx_utf8_width("\xE3\x82\xA0\xEA\x93\x8F"), 4); /* U+30A0, U+A4CF */
    ck_assert_int_eq(asx_utf8_width_n("日本語abc", 6), 4);     /* a line measured in place */
    ck_assert_int_eq(asx_utf8_width_n("日本\n語", 6), 4);
    /* three-byte sequences: E0 overlong and ED surrogate forms are still one invalid byte */
    ck_assert_uint_eq(asx_utf8_next("\xE0\x80\xAF", 3, &cp), 1);
    ck_assert_uint_eq(cp, 0xFFFD);
    ck_assert_uint_eq(asx_utf8_next("\xED\xA0\x80", 3, &cp), 1);
    ck_assert_uint_eq(cp, 0xFFFD);
    ck_assert_uint_eq(asx_utf8_next("\xEF\xBC\xA1", 3, &cp), 3); /* U+FF21 */
    ck_assert_uint_eq(cp, 0xFF21);
    ck_assert_uint_eq(asx_utf8_next("\xE3\x81", 2, &cp), 1);      /* cut short */
    ck_assert_uint_eq(cp, 0xFFFD);
    ck_assert_int_eq(asx_utf8_width(""), 0);
    ck_assert_int_eq(asx_utf8_width(NULL), 0);
}
END_TEST

START_TEST(linecol)
{
    const char *s = "ab\n日本x\n\nz";
    size_t n = strlen(s);
    int line, col;
    asx_linecol(s, n, 0, &line, &col);
    ck_assert_int_eq(line, 1);
    ck_assert_int_eq(col, 1);
    asx_linecol(s, n, 2, &line, &col); /* the newline itself */
    ck_assert_int_eq(line, 1);
    ck_assert_int_eq(col, 3);
    asx_linecol(s, n, 3, &line, &col);
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(col, 1);
    asx_linecol(s, n, 9, &line, &col); /* 'x' after two 3-byte characters */
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(col, 3);
    asx_linecol(s, n, n - 1, &line, &col);
    ck_assert_int_eq(line, 4);
    ck_assert_int_eq(col, 1);
    asx_linecol(s, n, n + 100, &line, &col); /* clamped to the end */
    ck_assert_int_eq(line, 4);
    ck_assert_int_eq(col, 2);
}
END_TEST

START_TEST(countries)
{
    size_t n = 0;
    const char *const *codes = asx_country_codes(&n);
    ck_assert_uint_eq(n, 249);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(strlen(codes[i]), 2);
        ck_assert(asx_country_valid(codes[i]));
        if (i > 0)
            ck_assert_int_lt(strcmp(codes[i - 1], codes[i]), 0);
    }
    ck_assert(asx_country_valid("JP"));
    ck_assert(asx_country_valid("SS"));
    ck_assert(asx_country_valid("AX"));
    ck_assert(!asx_country_valid("jp"));
    ck_assert(!asx_country_valid("UK")); /* reserved, not assigned */
    ck_assert(!asx_country_valid("EU"));
    ck_assert(!asx_country_valid("XK"));
    ck_assert(!asx_country_valid("JPN"));
    ck_assert(!asx_country_valid(""));
    ck_assert(!asx_country_valid(NULL));
    ck_assert_str_eq(asx_country_name("JP", ASX_LANG_JA), "日本");
    ck_assert_str_eq(asx_country_name("JP", ASX_LANG_EN), "Japan");
    ck_assert_str_eq(asx_country_name("US", ASX_LANG_JA), "米国");
    ck_assert_str_eq(asx_country_name("US", ASX_LANG_EN), "United States");
    ck_assert_str_eq(asx_country_name("KR", ASX_LANG_EN), "South Korea");
    ck_assert_str_eq(asx_country_name("GB", ASX_LANG_JA), "英国");
    ck_assert_str_eq(asx_country_name("IE", ASX_LANG_JA), "アイルランド");
    ck_assert_str_eq(asx_country_name("SG", ASX_LANG_JA), "シンガポール");
    ck_assert_str_eq(asx_country_name("ZZ", ASX_LANG_JA), "ZZ");
}
END_TEST

/* Every pattern of base/pattern.c compiles (each is compiled on first use, so a mistake in the
 * table shows only when its pattern is used) and means what its name says: a format check
 * matches the whole text, an identifier search finds its id inside a sentence. Also from many
 * threads at once, which compile each pattern once. */
static const struct {
    asx_re re;
    const char *yes, *no;
} patterns[] = {
    {ASX_RE_QUESTION_ID, "sla.availability_percent", "sla"},
    {ASX_RE_SECTION_ID, "sla", "SLA"},
    {ASX_RE_OPTION, "iso27001", "ISO"},
    {ASX_RE_COUNTRY, "JP", "JPN"},
    {ASX_RE_ISO_DATE, "2026-11-20", "2026-1-20"},
    {ASX_RE_CORPNUM, "1234567890123", "123456789012"},
    {ASX_RE_CLAUSE, "11-2(2)⑦", "11-2(2"},
    {ASX_RE_VERSION, "1.0.2", "1..0"},
    {ASX_RE_BANK_ID, "cloud-light", "Cloud"},
    {ASX_RE_ID_ISMAP, "登録番号 C24-0788-1 です", "C24-0788"},
    {ASX_RE_ID_CERT, "認証番号 IS 811234", "ISO 27001"},
    {ASX_RE_ID_URL, "see https://example.jp/a です", "https:/example"},
    {ASX_RE_ID_EMAIL, "連絡先 info@example.co.jp まで", "info@"},
    {ASX_RE_ID_DOMAIN, "example.co.jp で公開", "example"},
    {ASX_RE_ID_PHONE, "電話 03-1234-5678", "1234"},
    {ASX_RE_ID_CORPNUM, "法人番号 1234567890123", "12345678901234"},
    {ASX_RE_ID_COMPANY, "委託先は株式会社ひかりです", "委託先はひかりです"},
};

static void *match_all(void *arg)
{
    (void)arg;
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
        if (!asx_re_match(patterns[i].re, patterns[i].yes) &&
            !asx_re_find(patterns[i].re, patterns[i].yes, strlen(patterns[i].yes), 0,
                         &(size_t){0}, &(size_t){0}))
            return (void *)patterns[i].yes;
    return NULL;
}

START_TEST(patterns_each)
{
    ck_assert_int_eq(sizeof patterns / sizeof patterns[0], ASX_RE_COUNT);
    pthread_t t[4];
    for (int k = 0; k < 4; k++)
        ck_assert_int_eq(pthread_create(&t[k], NULL, match_all, NULL), 0);
    for (int k = 0; k < 4; k++) {
        void *bad = NULL;
        pthread_join(t[k], &bad);
        ck_assert_msg(bad == NULL, "no match in %s", (const char *)bad);
    }
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        const char *no = patterns[i].no;
        size_t a, b;
        ck_assert_msg(!asx_re_match(patterns[i].re, no), "pattern %zu matched %s", i, no);
        ck_assert_msg(!asx_re_find(patterns[i].re, no, strlen(no), 0, &a, &b) || i < ASX_RE_ID_ISMAP,
                      "pattern %zu found an id in %s", i, no);
    }
    size_t a, b;
    const char *s = "登録番号 C24-0788-1 です";
    ck_assert(asx_re_find(ASX_RE_ID_ISMAP, s, strlen(s), 0, &a, &b));
    ck_assert_int_eq(b - a, strlen("C24-0788-1"));
    ck_assert_int_eq(memcmp(s + a, "C24-0788-1", b - a), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, exit_codes);
    tcase_add_test(tc, diags_collect_and_print);
    tcase_add_test(tc, buffers);
    tcase_add_test(tc, utf8_valid);
    tcase_add_test(tc, utf8_decode_and_width);
    tcase_add_test(tc, linecol);
    tcase_add_test(tc, countries);
    tcase_add_test(tc, patterns_each);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
