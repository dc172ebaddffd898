/* test_date.c - ISO dates, arithmetic, Japanese eras, Excel serial numbers. */
#include <string.h>
#include <time.h>

#include "asx/date.h"
#include "testutil.h"

static asx_date D(int y, int m, int d)
{
    asx_date r = {y, m, d};
    return r;
}

#define ck_date_eq(a, Y, M, Dd)                                                                  \
    do {                                                                                         \
        asx_date x_ = (a);                                                                       \
        ck_assert_msg(x_.y == (Y) && x_.m == (M) && x_.d == (Dd), "got %04d-%02d-%02d", x_.y,    \
                      x_.m, x_.d);                                                               \
    } while (0)

START_TEST(parse_strict)
{
    asx_date d;
    ck_assert(asx_date_parse("2026-11-20", &d));
    ck_date_eq(d, 2026, 11, 20);
    ck_assert(asx_date_parse("2024-02-29", &d));
    ck_assert(asx_date_parse("2000-02-29", &d));
    ck_assert(asx_date_parse("1900-01-01", &d));
    ck_assert(asx_date_parse("9999-12-31", &d));
    ck_assert(!asx_date_parse("2026-02-29", &d));
    ck_assert(!asx_date_parse("1900-02-29", &d)); /* 1900 is not a leap year */
    ck_assert(!asx_date_parse("2100-02-29", &d));
    ck_assert(!asx_date_parse("2026-04-31", &d));
    ck_assert(!asx_date_parse("2026-13-01", &d));
    ck_assert(!asx_date_parse("2026-00-10", &d));
    ck_assert(!asx_date_parse("2026-01-00", &d));
    ck_assert(!asx_date_parse("1899-12-31", &d));
    ck_assert(!asx_date_parse("2026-1-20", &d));
    ck_assert(!asx_date_parse("2026/11/20", &d));
    ck_assert(!asx_date_parse("2026-11-20T00:00", &d));
    ck_assert(!asx_date_parse(" 2026-11-20", &d));
    ck_assert(!asx_date_parse("2026-11-2x", &d));
    ck_assert(!asx_date_parse("+026-11-20", &d));
    ck_assert(!asx_date_parse("２０２６-11-20", &d));
    ck_assert(!asx_date_parse("", &d));
    ck_assert(!asx_date_parse(NULL, &d));
    ck_assert(asx_date_valid(D(2024, 2, 29)));
    ck_assert(!asx_date_valid(D(2023, 2, 29)));
    ck_assert(!asx_date_valid(D(2023, 6, 31)));
}
END_TEST

START_TEST(compare_and_arith)
{
    ck_assert_int_lt(asx_date_cmp(D(2026, 1, 1), D(2026, 1, 2)), 0);
    ck_assert_int_gt(asx_date_cmp(D(2027, 1, 1), D(2026, 12, 31)), 0);
    ck_assert_int_eq(asx_date_cmp(D(2026, 5, 5), D(2026, 5, 5)), 0);
    ck_assert_int_lt(asx_date_cmp(D(2026, 4, 30), D(2026, 5, 1)), 0);

    ck_date_eq(asx_date_add_months(D(2024, 1, 31), 1), 2024, 2, 29);
    ck_date_eq(asx_date_add_months(D(2025, 1, 31), 1), 2025, 2, 28);
    ck_date_eq(asx_date_add_months(D(2025, 3, 31), 1), 2025, 4, 30);
    ck_date_eq(asx_date_add_months(D(2025, 11, 15), 2), 2026, 1, 15);
    ck_date_eq(asx_date_add_months(D(2026, 11, 20), 12), 2027, 11, 20);
    ck_date_eq(asx_date_add_months(D(2024, 2, 29), 12), 2025, 2, 28);
    ck_date_eq(asx_date_add_months(D(2026, 1, 31), -2), 2025, 11, 30);
    ck_date_eq(asx_date_add_months(D(2026, 3, 10), -15), 2024, 12, 10);
    ck_date_eq(asx_date_add_months(D(2026, 3, 10), 0), 2026, 3, 10);

    ck_date_eq(asx_date_add_days(D(2026, 12, 31), 1), 2027, 1, 1);
    ck_date_eq(asx_date_add_days(D(2024, 2, 28), 1), 2024, 2, 29);
    ck_date_eq(asx_date_add_days(D(2025, 2, 28), 1), 2025, 3, 1);
    ck_date_eq(asx_date_add_days(D(2026, 3, 1), -1), 2026, 2, 28);
    ck_date_eq(asx_date_add_days(D(2026, 11, 20), 365), 2027, 11, 20);
    ck_date_eq(asx_date_add_days(D(2000, 1, 1), 146097), 2400, 1, 1);

    ck_assert_int_eq(asx_date_diff_days(D(2026, 1, 1), D(2026, 12, 31)), 364);
    ck_assert_int_eq(asx_date_diff_days(D(2024, 1, 1), D(2025, 1, 1)), 366);
    ck_assert_int_eq(asx_date_diff_days(D(2026, 11, 20), D(2026, 11, 1)), -19);
    ck_assert_int_eq(asx_date_diff_days(D(1970, 1, 1), D(2000, 1, 1)), 10957);
}
END_TEST

START_TEST(today)
{
    asx_date t = asx_date_today();
    ck_assert(asx_date_valid(t));
    time_t now = time(NULL);
    struct tm tm;
    ck_assert_ptr_nonnull(localtime_r(&now, &tm));
    /* the same day, unless the test ran across midnight */
    ck_assert_int_le(asx_date_diff_days(t, D(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)), 1);
    ck_assert_int_ge(asx_date_diff_days(t, D(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)), 0);
}
END_TEST

static const char *fmt(asx_date d, asx_lang lang)
{
    static char buf[64];
    asx_date_format(d, lang, buf, sizeof buf);
    return buf;
}

START_TEST(formats)
{
    char iso[11];
    asx_date_iso(D(2026, 11, 20), iso);
    ck_assert_str_eq(iso, "2026-11-20");
    asx_date_iso(D(1900, 1, 5), iso);
    ck_assert_str_eq(iso, "1900-01-05");

    ck_assert_str_eq(fmt(D(2026, 11, 20), ASX_LANG_JA), "令和8年11月20日 (2026年)");
    ck_assert_str_eq(fmt(D(2026, 11, 20), ASX_LANG_EN), "20 November 2026");
    ck_assert_str_eq(fmt(D(2026, 1, 5), ASX_LANG_EN), "5 January 2026");
    /* era boundaries */
    ck_assert_str_eq(fmt(D(2019, 4, 30), ASX_LANG_JA), "平成31年4月30日 (2019年)");
    ck_assert_str_eq(fmt(D(2019, 5, 1), ASX_LANG_JA), "令和元年5月1日 (2019年)");
    ck_assert_str_eq(fmt(D(2019, 12, 31), ASX_LANG_JA), "令和元年12月31日 (2019年)");
    ck_assert_str_eq(fmt(D(2020, 1, 1), ASX_LANG_JA), "令和2年1月1日 (2020年)");
    ck_assert_str_eq(fmt(D(1989, 1, 7), ASX_LANG_JA), "昭和64年1月7日 (1989年)");
    ck_assert_str_eq(fmt(D(1989, 1, 8), ASX_LANG_JA), "平成元年1月8日 (1989年)");
    ck_assert_str_eq(fmt(D(1990, 4, 1), ASX_LANG_JA), "平成2年4月1日 (1990年)");
    ck_assert_str_eq(fmt(D(1926, 12, 25), ASX_LANG_JA), "昭和元年12月25日 (1926年)");
    ck_assert_str_eq(fmt(D(1926, 12, 24), ASX_LANG_JA), "大正15年12月24日 (1926年)");
    ck_assert_str_eq(fmt(D(1912, 7, 29), ASX_LANG_JA), "明治45年7月29日 (1912年)");
    ck_assert_str_eq(fmt(D(2100, 3, 1), ASX_LANG_JA), "令和82年3月1日 (2100年)");
    /* a small buffer is cut, never overrun */
    char small[8];
    asx_date_format(D(2026, 11, 20), ASX_LANG_EN, small, sizeof small);
    ck_assert_str_eq(small, "20 Nove");
}
END_TEST

START_TEST(excel_serial)
{
    /* reference values from Excel / openpyxl (1900 date system) */
    ck_assert(asx_date_to_serial(D(1900, 1, 1)) == 1.0);
    ck_assert(asx_date_to_serial(D(1900, 2, 28)) == 59.0);
    ck_assert(asx_date_to_serial(D(1900, 3, 1)) == 61.0);
    ck_assert(asx_date_to_serial(D(1970, 1, 1)) == 25569.0);
    ck_assert(asx_date_to_serial(D(2000, 1, 1)) == 36526.0);
    ck_assert(asx_date_to_serial(D(2026, 11, 20)) == 46346.0);
    ck_assert(asx_date_to_serial(D(9999, 12, 31)) == 2958465.0);

    asx_date d;
    ck_assert(asx_date_from_serial(46346.0, &d));
    ck_date_eq(d, 2026, 11, 20);
    ck_assert(asx_date_from_serial(46346.75, &d)); /* a time of day is ignored */
    ck_date_eq(d, 2026, 11, 20);
    ck_assert(asx_date_from_serial(1.0, &d));
    ck_date_eq(d, 1900, 1, 1);
    ck_assert(asx_date_from_serial(59.0, &d));
    ck_date_eq(d, 1900, 2, 28);
    ck_assert(!asx_date_from_serial(60.0, &d)); /* Excel's fictitious 1900-02-29 */
    ck_assert(asx_date_from_serial(61.0, &d));
    ck_date_eq(d, 1900, 3, 1);
    ck_assert(!asx_date_from_serial(0.0, &d));
    ck_assert(!asx_date_from_serial(-5.0, &d));
    ck_assert(!asx_date_from_serial(2958466.0, &d));
    ck_assert(!asx_date_from_serial(1.0 / 0.0, &d));

    /* round trip over every day 1900-01-01 .. 2100-12-31 */
    asx_date x = D(1900, 1, 1);
    for (int i = 0; asx_date_cmp(x, D(2101, 1, 1)) < 0; i++) {
        double s = asx_date_to_serial(x);
        ck_assert(asx_date_from_serial(s, &d));
        ck_assert_int_eq(asx_date_cmp(d, x), 0);
        ck_assert(s == (double)(i + 1 + (i >= 59))); /* serials are consecutive but for 60 */
        x = asx_date_add_days(x, 1);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, parse_strict);
    tcase_add_test(tc, compare_and_arith);
    tcase_add_test(tc, today);
    tcase_add_test(tc, formats);
    tcase_add_test(tc, excel_serial);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
