/* date.c - calendar dates (proleptic Gregorian): ISO 8601, arithmetic, Japanese eras, Excel
 * serial numbers. Dates are limited to the years 1900-9999, the range Excel can show. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "asx/date.h"

#define YEAR_MIN 1900
#define YEAR_MAX 9999

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y))
        return 29;
    return days[m - 1];
}

bool asx_date_valid(asx_date d)
{
    return d.y >= YEAR_MIN && d.y <= YEAR_MAX && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= month_days(d.y, d.m);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static asx_date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    asx_date r = {(int)(y + (m <= 2)), (int)m, (int)d};
    return r;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool asx_date_parse(const char *s, asx_date *out)
{
    asx_date d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!digits(s, 4, &d.y) || !digits(s + 5, 2, &d.m) || !digits(s + 8, 2, &d.d))
        return false;
    if (!asx_date_valid(d))
        return false;
    if (out)
        *out = d;
    return true;
}

int asx_date_cmp(asx_date a, asx_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

asx_date asx_date_add_months(asx_date d, int months)
{
    long total = (long)d.y * 12 + (d.m - 1) + months;
    long y = total >= 0 ? total / 12 : (total - 11) / 12;
    asx_date r = {(int)y, (int)(total - y * 12) + 1, d.d};
    int last = month_days(r.y, r.m);
    if (r.d > last)
        r.d = last;
    return r;
}

asx_date asx_date_add_days(asx_date d, int days)
{
    return civil_from_days(days_from_civil(d.y, d.m, d.d) + days);
}

long asx_date_diff_days(asx_date a, asx_date b)
{
    return days_from_civil(b.y, b.m, b.d) - days_from_civil(a.y, a.m, a.d);
}

asx_date asx_date_today(void)
{
    asx_date r = {1970, 1, 1};
    time_t now = time(NULL);
    /* SOURCE_DATE_EPOCH (seconds, UTC), as for the register's history: reproducible runs. */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (end && !*end && v >= 0)
            now = (time_t)v;
    }
    struct tm tm;
    if (now == (time_t)-1 || !(sde && *sde ? gmtime_r(&now, &tm) : localtime_r(&now, &tm)))
        return r;
    r.y = tm.tm_year + 1900;
    r.m = tm.tm_mon + 1;
    r.d = tm.tm_mday;
    return r;
}

void asx_date_iso(asx_date d, char buf[11])
{
    if (d.y < 0 || d.y > 9999 || d.m < 0 || d.m > 99 || d.d < 0 || d.d > 99) {
        snprintf(buf, 11, "0000-00-00");
        return;
    }
    snprintf(buf, 11, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* Japanese eras, newest first; each starts on its first day. */
typedef struct {
    const char *name;
    asx_date start;
} era;

static const era eras[] = {
    {"令和", {2019, 5, 1}},
    {"平成", {1989, 1, 8}},
    {"昭和", {1926, 12, 25}},
    {"大正", {1912, 7, 30}},
    {"明治", {1868, 1, 25}},
};

static void format_ja(asx_date d, char *buf, size_t size)
{
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        if (asx_date_cmp(d, eras[i].start) < 0)
            continue;
        int ey = d.y - eras[i].start.y + 1;
        if (ey == 1)
            snprintf(buf, size, "%s元年%d月%d日 (%d年)", eras[i].name, d.m, d.d, d.y);
        else
            snprintf(buf, size, "%s%d年%d月%d日 (%d年)", eras[i].name, ey, d.m, d.d, d.y);
        return;
    }
    snprintf(buf, size, "%d年%d月%d日", d.y, d.m, d.d);
}

static void format_en(asx_date d, char *buf, size_t size)
{
    static const char *const months[12] = {"January", "February", "March",     "April",
                                           "May",     "June",     "July",      "August",
                                           "September", "October", "November", "December"};
    snprintf(buf, size, "%d %s %d", d.d, months[d.m - 1], d.y);
}

void asx_date_format(asx_date d, asx_lang lang, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (d.m < 1 || d.m > 12) {
        char iso[11];
        asx_date_iso(d, iso);
        snprintf(buf, size, "%s", iso);
        return;
    }
    switch (lang) {
    case ASX_LANG_JA:
        format_ja(d, buf, size);
        return;
    case ASX_LANG_EN:
        format_en(d, buf, size);
        return;
    }
}

void asx_date_doc(asx_date d, asx_lang lang, char *buf, size_t size)
{
    if (lang == ASX_LANG_EN && buf && size >= 11) {
        asx_date_iso(d, buf);
        return;
    }
    asx_date_format(d, lang, buf, size);
}

/* Excel's 1900 system counts 1900-01-01 as 1 and has a fictitious 1900-02-29 (serial 60), so
 * from 1900-03-01 on the serial is the number of days since 1899-12-30. */
double asx_date_to_serial(asx_date d)
{
    long days = days_from_civil(d.y, d.m, d.d) - days_from_civil(1899, 12, 30);
    if (days < 61) /* before 1900-03-01: one less */
        days -= 1;
    return (double)days;
}

bool asx_date_from_serial(double serial, asx_date *out)
{
    if (!isfinite(serial) || serial < 1 || serial >= 2958466) /* 9999-12-31 is 2958465 */
        return false;
    long s = (long)floor(serial);
    if (s == 60)
        return false; /* 1900-02-29 does not exist */
    if (s < 60)
        s += 1;
    asx_date d = civil_from_days(days_from_civil(1899, 12, 30) + s);
    if (!asx_date_valid(d))
        return false;
    if (out)
        *out = d;
    return true;
}
