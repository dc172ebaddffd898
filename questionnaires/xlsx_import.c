/* xlsx_import.c - a filled vendor form (XLSX or ODS) into answers: the conversion of the cells.
 *
 * The readers are xlsx_read.c (XLSX) and ods_read.c (ODS); both fill the same cells
 * (form_book.h) and the conversion here turns them into answers directly, every answer
 * remembering its cell ("回答!F19") in `source`. Only the cells the form defines are kept
 * (columns A-H of the answer sheet, A-B of the metadata sheet). Rows are matched by the id in
 * column A.
 *
 * What people type is read as they meant it: a percent-formatted 0.9995 is 99.95 for a
 * question in %, full-width digits, letters and punctuation are read as their ASCII forms
 * where the answer type allows only those, dates may be written 令和8年3月31日, R8.3.31 or
 * 2026/3/31, countries as 日本 or 米国, yes/no as ○/×/△. A unit that does not fit a question
 * (「99.9%」 for hours) is refused naming the cell. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asx/answers.h"
#include "asx/country.h"
#include "asx/date.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"
#include "form_book.h"


/* ---- reading what people type ------------------------------------------------------------ */

/* The header fields of the answer sheet (their keys: HDR_KEYS). */
enum { H_NAME, H_CORPNUM, H_COUNTRY, H_SERVICE, H_MODEL, H_DATE, H_PURPOSE, H_CONTACT_NAME,
       H_CONTACT, H_CLASS, H_DUE, H_COUNT };

typedef struct {
    const char *file;
    asx_diags *d;
    const char *sheet; /* answer sheet name */
    const asx_bank *bank;
    asx_lang form_lang;
    unsigned problems; /* errors: nothing is written */
    asx_answers *a;    /* being built */
    bool date1904;     /* the workbook counts date serials from 1904 */
    const xrow *hdr[H_COUNT]; /* the rows of the header fields, for messages */
    const xrow **seen;        /* the row of each question (by index), NULL when none */
} conv;

static void cell_vmsg(conv *cv, asx_error code, unsigned row, int col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
static void cell_vmsg(conv *cv, asx_error code, unsigned row, int col, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    asx_diags_addf(cv->d, code, cv->file, 0, 0, "%s!%c%u: %s", cv->sheet, 'A' + col, row, msg);
}

static void cell_err(conv *cv, const xrow *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_err(conv *cv, const xrow *r, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cell_vmsg(cv, ASX_ERR_DATA, r->row, col, fmt, ap);
    va_end(ap);
    cv->problems++;
}

/* A warning: reported, the answers are still written. */
static void cell_warn(conv *cv, const xrow *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_warn(conv *cv, const xrow *r, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cell_vmsg(cv, ASX_OK, r->row, col, fmt, ap);
    va_end(ap);
}

/* NFKC-style folding of what a code, a number or a date may hold: full-width ASCII (ＪＰ,
 * ９９．９, ％, ／) to ASCII, the ideographic space to a space, dashes and the minus sign to
 * "-". Other characters (kana, kanji, ー) are kept. Trimmed; caller frees. */
char *asx_form_fold(const char *s)
{
    asx_buf b = {0};
    size_t n = strlen(s);
    while (n) {
        unsigned cp;
        size_t k = asx_utf8_next(s, n, &cp);
        if (!k)
            break;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            asx_buf_addc(&b, (char)(cp - 0xFEE0));
        else if (cp == 0x3000)
            asx_buf_addc(&b, ' ');
        else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE63)
            asx_buf_addc(&b, '-');
        else
            asx_buf_add(&b, s, k);
        s += k;
        n -= k;
    }
    if (b.oom) {
        asx_buf_free(&b);
        return NULL;
    }
    char *t = fb_trim_dup(asx_buf_str(&b), b.len);
    asx_buf_free(&b);
    return t;
}

/* A quoted rendering of a value for messages: at most max bytes of it, whole characters. */
static void quote_max(const char *s, char *buf, size_t size, size_t max)
{
    size_t n = strlen(s), cut = n;
    if (cut > max) {
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    snprintf(buf, size, "\"%.*s%s\"", (int)cut, s, cut < n ? "…" : "");
}

/* A short quoted rendering of a value for messages (at most ~60 bytes, whole characters). */
static void quote(const char *s, char *buf, size_t size)
{
    quote_max(s, buf, size, 60);
}

static bool ascii_ieq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

asx_yesno asx_form_parse_yesno(const char *s)
{
    char *t = asx_form_fold(s);
    asx_yesno out = ASX_YN_NONE;
    if (!t)
        return ASX_YN_NONE;
    const asx_yesno all[] = {ASX_YN_YES, ASX_YN_NO, ASX_YN_PARTIAL, ASX_YN_NA};
    for (size_t i = 0; i < sizeof all / sizeof all[0] && out == ASX_YN_NONE; i++) {
        if (ascii_ieq(t, asx_yesno_name(all[i])) || strcmp(t, asx_yesno_label(all[i], ASX_LANG_JA)) == 0 ||
            ascii_ieq(t, asx_yesno_label(all[i], ASX_LANG_EN)))
            out = all[i];
    }
    if (out == ASX_YN_NONE) {
        /* TRUE/FALSE cells, and the marks of Japanese forms: ○ yes, × no, △ partly */
        static const struct {
            const char *s;
            asx_yesno v;
        } marks[] = {{"TRUE", ASX_YN_YES}, {"FALSE", ASX_YN_NO}, {"partial", ASX_YN_PARTIAL},
                     {"partly", ASX_YN_PARTIAL}, {"n/a", ASX_YN_NA}, {"○", ASX_YN_YES},
                     {"◯", ASX_YN_YES}, {"〇", ASX_YN_YES}, {"×", ASX_YN_NO}, {"✕", ASX_YN_NO},
                     {"x", ASX_YN_NO}, {"△", ASX_YN_PARTIAL}};
        for (size_t i = 0; i < sizeof marks / sizeof marks[0] && out == ASX_YN_NONE; i++)
            if (ascii_ieq(t, marks[i].s))
                out = marks[i].v;
    }
    free(t);
    return out;
}

static bool is_na_text(const char *s)
{
    return ascii_ieq(s, "na") || ascii_ieq(s, "n/a") || strcmp(s, "該当なし") == 0 || strcmp(s, "該当無し") == 0;
}

/* Round away the binary noise of a stored number (0.9995 * 100 = 99.94999999999999). */
static double tidy(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    return strtod(buf, NULL);
}

/* The spellings of a question's unit a vendor may type after the number. */
static bool unit_fits(const asx_question *q, const char *u)
{
    const char *ja = q ? asx_text_get(&q->unit, ASX_LANG_JA) : "", *en = q ? asx_text_get(&q->unit, ASX_LANG_EN) : "";
    if ((*ja && strcmp(u, ja) == 0) || (*en && ascii_ieq(u, en)))
        return true;
    static const char *const pct[] = {"%", "パーセント", "percent", NULL};
    static const char *const hours[] = {"時間", "h", "hr", "hrs", "hour", "hours", NULL};
    static const char *const months[] = {"か月", "ヶ月", "カ月", "ヵ月", "ケ月", "箇月", "month", "months", NULL};
    const char *const *alias = strcmp(ja, "%") == 0 ? pct : strcmp(ja, "時間") == 0 ? hours
                             : strcmp(ja, "か月") == 0 ? months : NULL;
    for (size_t i = 0; alias && alias[i]; i++)
        if (ascii_ieq(u, alias[i]))
            return true;
    return false;
}

typedef enum { NUM_OK, NUM_BAD, NUM_UNIT, NUM_COMMA } num_status;

/* Whether the comma at s[i] separates thousands: it follows one to three digits (the first
 * group) or exactly three after the comma before, and exactly three digits follow it. 1,000
 * and 12,345,678 are; 1,5 (a decimal comma), 0,5 and 2,4,0 are not (NUM_COMMA). */
static bool thousands_comma(const char *s, size_t start, size_t i)
{
    size_t before = 0;
    while (i - before > start && s[i - before - 1] >= '0' && s[i - before - 1] <= '9')
        before++;
    bool first = i - before == start;
    if (before == 0 || before > 3 || (!first && (s[i - before - 1] != ',' || before != 3)))
        return false;
    for (int k = 1; k <= 3; k++)
        if (s[i + k] < '0' || s[i + k] > '9')
            return false;
    return s[i + 4] < '0' || s[i + 4] > '9';
}

/* A number typed as text (already folded): sign, digits, point, exponent, thousands commas,
 * then optionally the question's unit ("99.95%", "24 時間"). *unit gets a unit that does not
 * fit (NUM_UNIT). A comma anywhere but between groups of three digits before the point is
 * refused (NUM_COMMA): "1,5" is not 15. */
static num_status parse_amount(const char *s, const asx_question *q, double *out, char *unit, size_t usize)
{
    char buf[64];
    size_t n = 0;
    const char *p = s;
    unit[0] = '\0';
    while (*p == ' ')
        p++;
    if (*p == '+' || *p == '-')
        buf[n++] = *p++;
    size_t start = (size_t)(p - s);
    bool digits = false, point = false;
    for (; *p; p++) {
        if ((*p >= '0' && *p <= '9') || *p == '.') {
            digits = digits || *p != '.';
            point = point || *p == '.';
        } else if (*p == ',' && digits && p[1] >= '0' && p[1] <= '9') {
            if (point || !thousands_comma(s, start, (size_t)(p - s)))
                return NUM_COMMA;
            continue;
        } else if ((*p == 'e' || *p == 'E') && digits && (isdigit((unsigned char)p[1]) ||
                   ((p[1] == '-' || p[1] == '+') && isdigit((unsigned char)p[2])))) {
            if (n + 2 >= sizeof buf)
                return NUM_BAD;
            buf[n++] = *p++;
        } else {
            break;
        }
        if (n + 1 >= sizeof buf)
            return NUM_BAD;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    if (!digits)
        return NUM_BAD;
    char *end = NULL;
    double v = strtod(buf, &end);
    if (*end || !isfinite(v))
        return NUM_BAD;
    while (*p == ' ')
        p++;
    if (*p) {
        snprintf(unit, usize, "%s", p);
        if (!q || !unit_fits(q, p))
            return NUM_UNIT;
    }
    *out = tidy(v);
    return NUM_OK;
}

/* Hours typed as a time, h:mm or h:mm:ss ("72:00", "1:30"), as a number of hours. */
static bool parse_hmm(const char *s, double *out)
{
    const char *p = s;
    double h = 0, m = 0, sec = 0;
    size_t k = strspn(p, "0123456789");
    if (k == 0 || k > 6)
        return false;
    h = strtod(p, NULL);
    p += k;
    if (*p++ != ':' || strspn(p, "0123456789") != 2)
        return false;
    m = (p[0] - '0') * 10 + (p[1] - '0');
    p += 2;
    if (*p == ':') {
        p++;
        if (strspn(p, "0123456789") != 2)
            return false;
        sec = (p[0] - '0') * 10 + (p[1] - '0');
        p += 2;
    }
    if (*p || m >= 60 || sec >= 60)
        return false;
    *out = tidy(h + m / 60 + sec / 3600);
    return true;
}

static bool parse_number(const char *s, double *out)
{
    char unit[64];
    return parse_amount(s, NULL, out, unit, sizeof unit) == NUM_OK;
}

/* Read an unsigned integer (or 元 = 1 after an era) at *p. */
static bool read_int(const char **p, int *out, int maxdigits)
{
    int v = 0, k = 0;
    if (strncmp(*p, "元", strlen("元")) == 0) {
        *p += strlen("元");
        *out = 1;
        return true;
    }
    while (**p >= '0' && **p <= '9') {
        if (++k > maxdigits)
            return false;
        v = v * 10 + (*(*p)++ - '0');
    }
    *out = v;
    return k > 0;
}

static bool eat(const char **p, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

/* A date typed as text (folded): 2026-03-31, 2026/3/31, 2026.3.31, 2026年3月31日, 20260331,
 * 令和8年3月31日, R8.3.31, R8/3/31, 平成31年4月30日, H31.4.30, with an optional weekday
 * "(火)" after it. An era date must fall within its era. */
bool asx_form_parse_date(const char *text, asx_date *out)
{
    static const struct {
        const char *name, *letter;
        asx_date start, end;
    } eras[] = {{"令和", "R", {2019, 5, 1}, {9999, 12, 31}},
                {"平成", "H", {1989, 1, 8}, {2019, 4, 30}},
                {"昭和", "S", {1926, 12, 25}, {1989, 1, 7}}};
    char s[64];
    snprintf(s, sizeof s, "%s", text);
    char *paren = strchr(s, '(');
    if (paren && strchr(paren, ')') && strchr(paren, ')')[1] == '\0') {
        *paren = '\0';
        while (paren > s && paren[-1] == ' ')
            *--paren = '\0';
    }
    if (asx_date_parse(s, out))
        return true;
    const char *p = s;
    int era = -1;
    for (int i = 0; i < 3 && era < 0; i++)
        if (eat(&p, eras[i].name) || eat(&p, eras[i].letter) || (p[0] == eras[i].letter[0] + 32 && (p++, true)))
            era = i;
    while (*p == ' ')
        p++;
    int y, m, d;
    size_t digits = strspn(p, "0123456789");
    if (era < 0 && digits == 8 && !p[8]) {
        y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        m = (p[4] - '0') * 10 + (p[5] - '0');
        d = (p[6] - '0') * 10 + (p[7] - '0');
    } else {
        if (!read_int(&p, &y, era < 0 ? 4 : 2))
            return false;
        if (era < 0 && y < 1000)
            return false; /* 26/3/31: which century? */
        bool kanji = eat(&p, "年");
        if (!kanji && !eat(&p, "/") && !eat(&p, ".") && !eat(&p, "-"))
            return false;
        if (!read_int(&p, &m, 2))
            return false;
        if (kanji ? !eat(&p, "月") : !(eat(&p, "/") || eat(&p, ".") || eat(&p, "-")))
            return false;
        if (!read_int(&p, &d, 2))
            return false;
        if (kanji)
            eat(&p, "日");
        if (*p)
            return false;
    }
    asx_date dt = {y, m, d};
    if (era >= 0) {
        dt.y = eras[era].start.y - 1 + y;
        if (y < 1 || !asx_date_valid(dt) || asx_date_cmp(dt, eras[era].start) < 0 ||
            asx_date_cmp(dt, eras[era].end) > 0)
            return false;
    }
    if (!asx_date_valid(dt))
        return false;
    *out = dt;
    return true;
}

/* Below this a date serial is not a date anyone answers with (before 1927-05-18): it is a
 * year (2028) or another number typed into a date cell, which Excel shows as 1905-07-20. */
#define MIN_DATE_SERIAL 10000

fb_date_status fb_cell_date(bool date1904, const xcell *c, const char *text, asx_date *out)
{
    if (c->hours)
        return DATE_TIME;
    if (c->t == 'n') {
        double serial;
        if (!parse_number(c->v, &serial))
            return DATE_BAD;
        if (serial < MIN_DATE_SERIAL)
            return DATE_NUMBER;
        /* 1904-01-01 is serial 1462 of the 1900 system */
        return asx_date_from_serial(floor(serial) + (date1904 ? 1462 : 0), out) ? DATE_OK : DATE_BAD;
    }
    if (c->t == 'd' && strlen(text) >= 10) {
        char iso[11];
        memcpy(iso, text, 10);
        iso[10] = '\0';
        return asx_date_parse(iso, out) ? DATE_OK : DATE_BAD;
    }
    char *f = asx_form_fold(text);
    bool ok = f && asx_form_parse_date(f, out);
    free(f);
    return ok ? DATE_OK : DATE_BAD;
}

/* Report a date cell that cell_date refused; what names the field ("cert.expiry"). */
static void date_refused(conv *cv, const xrow *r, const char *what, fb_date_status st, const char *g)
{
    if (st == DATE_NUMBER)
        cell_err(cv, r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: 数値 %s は日付ではありません。年月日 (例: 2027-03-31) を入力してください",
                       "%s: the number %s is not a date; type a full date (e.g. 2027-03-31)"), what, g);
    else if (st == DATE_TIME)
        cell_err(cv, r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: 時刻・時間 %s は日付ではありません。年月日 (例: 2027-03-31) を入力してください",
                       "%s: the time %s is not a date; type a full date (e.g. 2027-03-31)"), what, g);
}

/* A code (any case, full-width too), a country name in either language, or a usual other
 * name (米国, アメリカ, 英国, 国内 …); NULL if none. */
const char *asx_form_country(const char *text)
{
    static const struct {
        const char *name, *code;
    } alias[] = {{"アメリカ", "US"}, {"アメリカ合衆国", "US"}, {"米", "US"}, {"USA", "US"},
                 {"U.S.", "US"}, {"U.S.A.", "US"}, {"日本国", "JP"}, {"国内", "JP"},
                 {"イギリス", "GB"}, {"UK", "GB"}, {"中華人民共和国", "CN"}, {"大韓民国", "KR"},
                 {"豪州", "AU"}, {"オーストラリア", "AU"}};
    char *s = asx_form_fold(text);
    const char *found = NULL;
    size_t n = 0;
    const char *const *codes = asx_country_codes(&n);
    if (!s)
        return NULL;
    if (strlen(s) == 2) {
        char up[3] = {(char)toupper((unsigned char)s[0]), (char)toupper((unsigned char)s[1]), '\0'};
        for (size_t i = 0; i < n && !found; i++)
            if (strcmp(codes[i], up) == 0)
                found = codes[i];
    }
    for (size_t i = 0; i < n && !found; i++)
        if (strcmp(asx_country_name(codes[i], ASX_LANG_JA), s) == 0 ||
            ascii_ieq(asx_country_name(codes[i], ASX_LANG_EN), s))
            found = codes[i];
    for (size_t i = 0; i < sizeof alias / sizeof alias[0] && !found; i++)
        if (strcmp(alias[i].name, s) == 0 || ascii_ieq(alias[i].name, s))
            for (size_t k = 0; k < n && !found; k++)
                if (strcmp(codes[k], alias[i].code) == 0)
                    found = codes[k];
    free(s);
    return found;
}

/* The name of a list field in the form's language: 名称 / 国 / 役割. */
const char *asx_form_field_label(const char *key, asx_lang lang)
{
    static const struct {
        const char *key, *ja, *en;
    } f[] = {{"name", "名称", "name"}, {"country", "国", "country"}, {"role", "役割", "role"},
             {"scheme", "制度", "scheme"}, {"scope", "範囲", "scope"}, {"number", "番号", "number"},
             {"expiry", "有効期限", "expiry"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(f[i].key, key) == 0)
            return lang == ASX_LANG_EN ? f[i].en : f[i].ja;
    return key;
}

const char *asx_form_field_example(const char *key, asx_lang lang)
{
    static const struct {
        const char *key, *ja, *en;
    } f[] = {{"name", "株式会社A", "A Ltd."}, {"country", "JP", "JP"}, {"role", "データセンター運用", "data centre operation"},
             {"scheme", "ISO/IEC 27001", "ISO/IEC 27001"}, {"number", "IS 123456", "IS 123456"},
             {"scope", "クラウドサービスの提供", "provision of the cloud service"}, {"expiry", "2027-03-31", "2027-03-31"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(f[i].key, key) == 0)
            return lang == ASX_LANG_EN ? f[i].en : f[i].ja;
    return "…";
}

/* Split s at any of the separators (ASCII chars in seps plus the multi-byte ones in mseps);
 * calls fn on every trimmed non-empty piece. Returns false when fn does. */
typedef bool (*piece_fn)(void *ud, const char *piece);

/* The separator at p (one of seps, or one of the multi-byte mseps): its length, 0 if none. */
static size_t sep_at(const char *p, const char *seps, const char *const *mseps)
{
    if (*p && strchr(seps, *p))
        return 1;
    for (size_t i = 0; *p && mseps && mseps[i]; i++)
        if (strncmp(p, mseps[i], strlen(mseps[i])) == 0)
            return strlen(mseps[i]);
    return 0;
}

/* The end of a quoted piece starting at p ('"'): just past its closing quote ("" inside is a
 * quote), or NULL when it does not close. */
static const char *quoted_end(const char *p)
{
    for (const char *q = p + 1; *q; q++) {
        if (*q != '"')
            continue;
        if (q[1] == '"') {
            q++;
            continue;
        }
        return q + 1;
    }
    return NULL;
}

/* piece (trimmed) as one quoted value, "運用/保守" or "a ""b""": its content into *out (new);
 * false when it is not one. */
static bool unquote_piece(const char *piece, char **out)
{
    if (piece[0] != '"')
        return false;
    const char *end = quoted_end(piece);
    if (!end || *end)
        return false;
    asx_buf b = {0};
    for (const char *q = piece + 1; q < end - 1; q++) {
        asx_buf_addc(&b, *q);
        if (*q == '"')
            q++; /* "" */
    }
    *out = b.oom ? NULL : asx_strdup(asx_buf_str(&b));
    asx_buf_free(&b);
    return true;
}

/* Split s at seps / mseps and call fn with each trimmed, non-empty piece. A piece (or, with
 * inner separators given, a field inside it) that starts with a double quote runs to its
 * closing quote whatever it holds: form --from writes a value holding a separator, a line
 * break or a quote as "…" ("" for a quote), so that it reads back as it was. With unquote,
 * a piece that is one quoted value is passed without its quotes (even when empty). */
static bool split_pieces_q(const char *s, const char *seps, const char *const *mseps,
                           const char *inner, const char *const *minner, bool unquote, piece_fn fn,
                           void *ud)
{
    const char *start = s, *p = s;
    bool field_start = true;
    for (;;) {
        if (field_start && *p == '"') {
            const char *end = quoted_end(p);
            if (end) {
                p = end;
                field_start = false;
                continue;
            }
        }
        size_t sep = sep_at(p, seps, mseps);
        if (!*p || sep) {
            char *piece = fb_trim_dup(start, (size_t)(p - start));
            bool ok = true;
            if (!piece)
                return false;
            char *plain = NULL;
            if (unquote && unquote_piece(piece, &plain)) {
                ok = plain && fn(ud, plain);
                free(plain);
            } else if (*piece) {
                ok = fn(ud, piece);
            }
            free(piece);
            if (!ok || !*p)
                return ok;
            p += sep;
            start = p;
            field_start = true;
            continue;
        }
        size_t in = inner ? sep_at(p, inner, minner) : 0;
        if (in) {
            p += in;
            field_start = true;
        } else {
            if (*p != ' ' && *p != '\t')
                field_start = false;
            p++;
        }
    }
}

static bool split_pieces(const char *s, const char *seps, const char *const *mseps, piece_fn fn,
                         void *ud)
{
    return split_pieces_q(s, seps, mseps, NULL, NULL, false, fn, ud);
}

/* What form --from writes for one list field (field) or evidence item so that the import
 * reads it back unchanged: the value itself, or "…" when it holds a separator ("/", "／"), a
 * line break or a leading quote, is empty, starts or ends with white space, or is a word that
 * means an empty list. Caller frees. */
/* Whether a list field must be quoted to read back as one field: it holds the separator or a
 * full-width slash, or a slash at an end that would join a separator beside it. A slash inside
 * a field (「ISO/IEC 27001」) needs none. */
static bool field_needs_quotes(const char *v)
{
    size_t n = strlen(v);
    return strstr(v, ASX_FORM_FIELD_SEP) || strstr(v, "／") || strstr(v, " /") || strstr(v, "/ ") ||
           (n && (v[0] == '/' || v[n - 1] == '/'));
}

char *asx_form_piece(const char *v, bool field)
{
    size_t n = strlen(v), k;
    bool q = n == 0 || v[0] == '"' || strpbrk(v, "\n\r") || (field && field_needs_quotes(v)) ||
             fb_is_space_at(v, &k) || (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) ||
             (n >= 3 && fb_is_space_at(v + n - 3, &k) && k == 3) || strcmp(v, "なし") == 0 ||
             strcmp(v, "無し") == 0 || strcasecmp(v, "none") == 0 || strcmp(v, "-") == 0;
    if (!q)
        return asx_strdup(v);
    asx_buf b = {0};
    asx_buf_addc(&b, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            asx_buf_addc(&b, '"');
        asx_buf_addc(&b, *p);
    }
    asx_buf_addc(&b, '"');
    return asx_buf_take(&b);
}

/* Growing string vectors. */
typedef struct {
    char **v;
    size_t n, cap;
    bool oom;
} strvec;

static void strvec_push(strvec *sv, char *s)
{
    if (!s) {
        sv->oom = true;
        return;
    }
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? 2 * sv->cap : 8;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (!v) {
            free(s);
            sv->oom = true;
            return;
        }
        sv->v = v;
        sv->cap = cap;
    }
    sv->v[sv->n++] = s;
}

typedef struct {
    conv *cv;
    const xrow *r;
    const asx_question *q;
    strvec out;    /* countries, evidence lines */
    asx_item *items; /* list */
    size_t nitems;
    bool bad, oom;
} pieces_ctx;

static const char *const COUNTRY_MSEPS[] = {"、", "，", "・", "／", NULL};

static bool add_country_piece(void *ud, const char *piece)
{
    pieces_ctx *pc = ud;
    char g[96];
    const char *code = asx_form_country(piece);
    if (!code) {
        quote(piece, g, sizeof g);
        cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: ISO 3166-1 の国コード (例: JP) ではありません: %s",
                       "%s: not an ISO 3166-1 country code (e.g. JP): %s"), pc->q->id, g);
        pc->bad = true;
        return true; /* keep going: report every bad code */
    }
    for (size_t i = 0; i < pc->out.n; i++)
        if (strcmp(pc->out.v[i], code) == 0)
            return true; /* "JP, 日本" is JP once */
    strvec_push(&pc->out, asx_strdup(code));
    return !pc->out.oom;
}

static bool add_line_piece(void *ud, const char *piece)
{
    pieces_ctx *pc = ud;
    strvec_push(&pc->out, asx_strdup(piece));
    return !pc->out.oom;
}

/* The fields of a list line are separated by ASX_FORM_FIELD_SEP (a slash with a space on each
 * side, as the form writes it) or a full-width slash, so that a field may hold a slash of its own
 * (「ISO/IEC 27001」). A line typed with bare slashes (「株式会社A/JP/運用」) is split at every
 * slash when that gives the fields the question has. */
static const char *const FIELD_MSEPS[] = {ASX_FORM_FIELD_SEP, "／", NULL};
static const char *const SLASH_MSEPS[] = {"／", NULL};

static bool add_field_piece(void *ud, const char *piece)
{
    strvec *f = ud;
    strvec_push(f, asx_strdup(piece));
    return !f->oom;
}

/* One "名称 / 国 / 役割" line of a list answer. */
static bool add_list_line(void *ud, const char *line)
{
    pieces_ctx *pc = ud;
    const asx_question *q = pc->q;
    char g[96];
    strvec f = {0};
    bool ok = split_pieces_q(line, "", FIELD_MSEPS, NULL, NULL, true, add_field_piece, &f) && !f.oom;
    if (ok && f.n != q->nfields) {
        strvec bare = {0};
        ok = split_pieces_q(line, "/", SLASH_MSEPS, NULL, NULL, true, add_field_piece, &bare) && !bare.oom;
        if (ok && bare.n == q->nfields) {
            asx_strv_free(f.v, f.n);
            f = bare;
        } else {
            asx_strv_free(bare.v, bare.n);
        }
    }
    if (!ok)
        goto out;
    if (f.n != q->nfields) {
        asx_buf keys = {0};
        for (size_t i = 0; i < q->nfields; i++)
            asx_buf_addf(&keys, "%s%s", i ? ASX_FORM_FIELD_SEP : "", asx_form_field_label(q->fields[i].key, asx_ui_lang));
        quote(line, g, sizeof g);
        cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                 ASX_L("%s: 1 行に 1 件、「%s」の形で書いてください: %s",
                       "%s: write one item per line as \"%s\": %s"), q->id, asx_buf_str(&keys), g);
        asx_buf_free(&keys);
        pc->bad = true;
        goto out;
    }
    for (size_t i = 0; i < q->nfields; i++) {
        if (q->fields[i].type != ASX_Q_COUNTRY)
            continue;
        const char *code = asx_form_country(f.v[i]);
        if (!code) {
            quote(f.v[i], g, sizeof g);
            cell_err(pc->cv, pc->r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: %s は ISO 3166-1 の国コード (例: JP) ではありません: %s",
                           "%s: %s is not an ISO 3166-1 country code (e.g. JP): %s"),
                     q->id, asx_form_field_label(q->fields[i].key, asx_ui_lang), g);
            pc->bad = true;
            continue;
        }
        char *c = asx_strdup(code);
        if (!c) {
            ok = false;
            goto out;
        }
        free(f.v[i]);
        f.v[i] = c;
    }
    if (pc->bad)
        goto out;
    asx_item *items = realloc(pc->items, (pc->nitems + 1) * sizeof *items);
    if (!items) {
        ok = false;
        goto out;
    }
    pc->items = items;
    pc->items[pc->nitems++].values = f.v; /* exactly nfields strings */
    f.v = NULL;
    f.n = 0;
out:
    asx_strv_free(f.v, f.n);
    if (!ok)
        pc->oom = true;
    return ok;
}

/* ---- one answer -------------------------------------------------------------------------- */

/* Fill x from the answer cell of question q (text: its trimmed text). false with a problem
 * reported, or with *oom set. */
static bool answer_value(conv *cv, const xrow *r, const asx_question *q, const xcell *c,
                         const char *text, asx_answer *x, bool *oom)
{
    char g[96];
    quote(text, g, sizeof g);
    char *folded = asx_form_fold(text);
    bool ok = false;
    if (!folded) {
        *oom = true;
        return false;
    }
    if (q->type != ASX_Q_TEXT && is_na_text(folded)) {
        if (q->allow_na) {
            x->na = true;
            x->yn = q->type == ASX_Q_YESNO ? ASX_YN_NA : ASX_YN_NONE;
            ok = true;
        } else {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: この質問には「該当なし」で答えられません。格付や前提の回答によりこの評価で適用されない"
                           "設問なら、空欄のままにしてください",
                           "%s: this question cannot be answered N/A; if it does not apply to this assessment (by "
                           "classification or an earlier answer), leave the cell blank"),
                     q->id);
        }
        goto out;
    }
    switch (q->type) {
    case ASX_Q_YESNO: {
        asx_yesno yn = asx_form_parse_yesno(text);
        if (yn == ASX_YN_NONE || yn == ASX_YN_NA) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: はい・いいえ・一部%s のいずれかを選んでください。入力値: %s",
                           "%s: expected Yes, No, Partly%s, got %s"),
                     q->id, q->allow_na ? ASX_L("・該当なし", " or N/A") : "", g);
            break;
        }
        x->yn = yn;
        ok = true;
        break;
    }
    case ASX_Q_CHOICE:
        for (size_t i = 0; i < q->noptions && !ok; i++) {
            const asx_option *o = &q->options[i];
            if (ascii_ieq(folded, o->value) || (o->label.ja && strcmp(text, o->label.ja) == 0) ||
                (o->label.en && (ascii_ieq(text, o->label.en) || ascii_ieq(folded, o->label.en)))) {
                ok = (x->str = asx_strdup(o->value)) != NULL;
                *oom = !ok;
                goto out;
            }
        }
        {
            asx_buf opts = {0};
            for (size_t i = 0; i < q->noptions; i++)
                asx_buf_addf(&opts, "%s%s", i ? ASX_L("・", ", ") : "",
                             asx_text_get(&q->options[i].label, asx_ui_lang));
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 選択肢 (%s) から選んでください。入力値: %s",
                           "%s: expected one of the options (%s), got %s"),
                     q->id, asx_buf_str(&opts), g);
            asx_buf_free(&opts);
        }
        break;
    case ASX_Q_NUMBER: {
        double v = 0;
        char unit_seen[64] = "", shown[96];
        const char *unit = asx_text_get(&q->unit, asx_ui_lang);
        bool is_pct = strcmp(asx_text_get(&q->unit, ASX_LANG_JA), "%") == 0;
        bool is_hours = strcmp(asx_text_get(&q->unit, ASX_LANG_JA), "時間") == 0;
        num_status st;
        if (c->t == 'n' && c->hours) {
            /* 72:00 in a time-formatted cell: read in hours (the reader converted the days) */
            st = parse_number(c->v, &v) ? NUM_OK : NUM_BAD;
            v = tidy(v);
            if (st == NUM_OK && !is_hours) {
                snprintf(g, sizeof g, "\"%.10g:00\"", v);
                snprintf(unit_seen, sizeof unit_seen, "%s", ASX_L("時間", "hours"));
                st = NUM_UNIT;
            }
        } else if (c->t == 'n') {
            st = parse_number(c->v, &v) ? NUM_OK : NUM_BAD;
            if (st == NUM_OK && c->pct) {
                /* 99.95% typed into a cell: stored 0.9995 with a percent format */
                v = tidy(v * 100);
                if (!is_pct) {
                    snprintf(shown, sizeof shown, "\"%.10g%%\"", v);
                    snprintf(g, sizeof g, "%s", shown);
                    snprintf(unit_seen, sizeof unit_seen, "%%");
                    st = NUM_UNIT;
                }
            } else if (st == NUM_OK) {
                v = tidy(v);
            }
        } else if (is_hours && parse_hmm(folded, &v)) {
            st = NUM_OK; /* "72:00" typed as text */
        } else {
            st = parse_amount(folded, q, &v, unit_seen, sizeof unit_seen);
        }
        if (st == NUM_COMMA) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: カンマは 3 桁ごとの区切り (1,000) にだけ使えます。小数点は「.」で入力してください。入力値: %s",
                           "%s: a comma may only separate thousands (1,000); type a decimal point as \".\", got %s"),
                     q->id, g);
            break;
        }
        if (st == NUM_BAD) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 半角の数値 (%s) を入力してください。入力値: %s",
                           "%s: expected a number (%s), got %s"), q->id, unit, g);
            break;
        }
        if (st == NUM_UNIT) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 半角の数値 (%s) を入力してください。この質問に「%s」は使えません。入力値: %s",
                           "%s: expected a number in %s; \"%s\" does not fit this question, got %s"),
                     q->id, unit, unit_seen, g);
            break;
        }
        if ((q->has_min && v < q->min) || (q->has_max && v > q->max)) {
            if (q->has_min && q->has_max)
                cell_err(cv, r, ASX_FORM_COL_ANSWER,
                         ASX_L("%s: %g から %g までの数値 (%s) を入力してください。入力値: %g",
                               "%s: expected a number from %g to %g (%s), got %g"),
                         q->id, q->min, q->max, unit, v);
            else
                cell_err(cv, r, ASX_FORM_COL_ANSWER,
                         ASX_L("%s: %s %g の数値 (%s) を入力してください。入力値: %g",
                               "%s: expected a number %s %g (%s), got %g"),
                         q->id, q->has_min ? "≥" : "≤", q->has_min ? q->min : q->max, unit, v);
            break;
        }
        if (is_pct && !c->pct && v > 0 && v <= 1)
            cell_warn(cv, r, ASX_FORM_COL_ANSWER,
                      ASX_L("%s: %g %% と読みました。%g %% のつもりなら %g と入力してください",
                            "%s: read as %g %%; if you meant %g %%, type %g"),
                      q->id, v, tidy(v * 100), tidy(v * 100));
        x->num = v;
        ok = true;
        break;
    }
    case ASX_Q_COUNTRY: {
        const char *code = asx_form_country(text);
        if (!code) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: ISO 3166-1 の国コード (例: JP) を入力してください。入力値: %s",
                           "%s: expected an ISO 3166-1 country code (e.g. JP), got %s"),
                     q->id, g);
            break;
        }
        ok = (x->str = asx_strdup(code)) != NULL;
        *oom = !ok;
        break;
    }
    case ASX_Q_COUNTRIES: {
        pieces_ctx pc = {.cv = cv, .r = r, .q = q};
        if (!split_pieces(text, ",;\n\r\t ", COUNTRY_MSEPS, add_country_piece, &pc) || pc.out.oom) {
            asx_strv_free(pc.out.v, pc.out.n);
            *oom = true;
            break;
        }
        if (pc.bad) {
            asx_strv_free(pc.out.v, pc.out.n);
            break;
        }
        x->strs = pc.out.v;
        x->nstrs = pc.out.n;
        ok = true;
        break;
    }
    case ASX_Q_DATE: {
        asx_date dt;
        fb_date_status ds = fb_cell_date(cv->date1904, c, text, &dt);
        if (ds == DATE_NUMBER || ds == DATE_TIME) {
            date_refused(cv, r, q->id, ds, g);
            break;
        }
        if (ds != DATE_OK) {
            cell_err(cv, r, ASX_FORM_COL_ANSWER,
                     ASX_L("%s: 日付 (例: 2027-03-31、令和9年3月31日) を入力してください。入力値: %s",
                           "%s: expected a date (e.g. 2027-03-31), got %s"),
                     q->id, g);
            break;
        }
        char iso[11];
        asx_date_iso(dt, iso);
        x->date = dt;
        ok = (x->str = asx_strdup(iso)) != NULL;
        *oom = !ok;
        break;
    }
    case ASX_Q_TEXT:
        ok = (x->str = asx_strdup(text)) != NULL;
        *oom = !ok;
        break;
    case ASX_Q_LIST: {
        if (strcmp(folded, "なし") == 0 || strcmp(folded, "無し") == 0 || ascii_ieq(folded, "none") ||
            strcmp(folded, "-") == 0) {
            ok = true;
            break;
        }
        pieces_ctx pc = {.cv = cv, .r = r, .q = q};
        bool done = split_pieces_q(text, "\n\r", NULL, "/", SLASH_MSEPS, false, add_list_line, &pc);
        if (!done || pc.oom || pc.bad) {
            for (size_t i = 0; i < pc.nitems; i++)
                asx_strv_free(pc.items[i].values, q->nfields);
            free(pc.items);
            *oom = !done || pc.oom;
            break;
        }
        x->items = pc.items;
        x->nitems = pc.nitems;
        ok = true;
        break;
    }
    }
out:
    free(folded);
    return ok;
}

/* Refuse formulas, over-long text and error values in a cell that is read. */
static bool cell_usable(conv *cv, const xrow *r, int col, const char *what)
{
    const xcell *c = &r->c[col];
    if (c->formula) {
        cell_err(cv, r, col, ASX_L("%s: 数式は使えません。値を直接入力してください",
                                   "%s: formulas are not accepted; type the value itself"), what);
        return false;
    }
    if (c->too_long) {
        cell_err(cv, r, col, ASX_L("%s: 文字数が上限 (%u 文字) を超えています",
                                   "%s: longer than the cell limit (%u characters)"), what, ASX_XLSX_MAX_CELL);
        return false;
    }
    if (c->t == 'e') {
        cell_err(cv, r, col, ASX_L("%s: エラー値 (%s) です", "%s: an error value (%s)"), what,
                 c->v ? c->v : "?");
        return false;
    }
    return true;
}

static char *cell_name(conv *cv, const xrow *r, int col)
{
    return asx_strdupf("%s!%c%u", cv->sheet, 'A' + col, r->row);
}

/* The answer of row r (question q) into cv->a. false only on out of memory. */
static bool build_answer(conv *cv, const xrow *r, const asx_question *q)
{
    asx_answer *x = &cv->a->a[q->index];
    bool oom = false;
    char *text = NULL;
    x->source = cell_name(cv, r, ASX_FORM_COL_ANSWER);
    if (!x->source)
        return false;
    /* every unusable cell of the row is reported, and the answer still checked when its own
     * cell is usable: the vendor sees all of the row's problems at once */
    bool usable = cell_usable(cv, r, ASX_FORM_COL_COMMENT, q->id);
    usable = cell_usable(cv, r, ASX_FORM_COL_EVIDENCE, q->id) && usable;
    if (!cell_usable(cv, r, ASX_FORM_COL_ANSWER, q->id))
        return true;
    text = xcell_text(&r->c[ASX_FORM_COL_ANSWER]);
    if (!text)
        return true; /* unanswered: comment and evidence alone make no answer */
    if (!answer_value(cv, r, q, &r->c[ASX_FORM_COL_ANSWER], text, x, &oom)) {
        free(text);
        return !oom;
    }
    free(text);
    if (!usable)
        return true; /* reported above; nothing is written anyway */
    x->present = true;
    x->comment = xcell_text(&r->c[ASX_FORM_COL_COMMENT]);
    char *ev = xcell_text(&r->c[ASX_FORM_COL_EVIDENCE]);
    if (ev) {
        pieces_ctx pc = {.cv = cv, .r = r, .q = q};
        bool done = split_pieces_q(ev, "\n\r", NULL, NULL, NULL, true, add_line_piece, &pc) && !pc.out.oom;
        free(ev);
        x->evidence = pc.out.v;
        x->nevidence = pc.out.n;
        if (!done)
            return false;
    }
    return true;
}

/* ---- the header fields ------------------------------------------------------------------- */


static const char *const HDR_KEYS[H_COUNT] = {
    ASX_FORM_KEY_VENDOR_NAME, ASX_FORM_KEY_CORPORATE_NUMBER, ASX_FORM_KEY_VENDOR_COUNTRY,
    ASX_FORM_KEY_SERVICE_NAME, ASX_FORM_KEY_SERVICE_MODEL, ASX_FORM_KEY_DATE, ASX_FORM_KEY_PURPOSE,
    ASX_FORM_KEY_CONTACT_NAME, ASX_FORM_KEY_CONTACT, ASX_FORM_KEY_CLASSIFICATION, ASX_FORM_KEY_DUE};

typedef struct {
    char *format, *bank, *version, *lang, *purpose, *due;
    int c, i, a;
    /* the _meta rows of what the organisation fixed, to name them (0: absent) */
    unsigned row_bank, row_version, row_purpose, row_due, row_cls_first, row_cls_last;
} meta;

static void meta_free(meta *m)
{
    free(m->format);
    free(m->bank);
    free(m->version);
    free(m->lang);
    free(m->purpose);
    free(m->due);
}

/* Header field text, or NULL (reported when required). */
static char *header_text(conv *cv, const xrow *row, const char *key, bool required)
{
    if (!row) {
        if (required) {
            asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                           ASX_L("%s: 行 %s がありません (様式の行を削除しないでください)",
                                 "%s: the row %s is missing (do not delete rows of the form)"),
                           cv->sheet, key);
            cv->problems++;
        }
        return NULL;
    }
    if (!cell_usable(cv, row, ASX_FORM_COL_ANSWER, key + 1))
        return NULL;
    char *t = xcell_text(&row->c[ASX_FORM_COL_ANSWER]);
    if (!t && required)
        cell_err(cv, row, ASX_FORM_COL_ANSWER, ASX_L("%s: 入力してください", "%s: required"), key + 1);
    return t;
}

static bool parse_purpose(const char *s, asx_purpose *out)
{
    const asx_purpose all[] = {ASX_PURPOSE_PROCUREMENT, ASX_PURPOSE_APPROVAL, ASX_PURPOSE_REAUDIT};
    for (size_t i = 0; i < 3; i++)
        if (ascii_ieq(s, asx_purpose_name(all[i])) || strcmp(s, asx_purpose_label(all[i], ASX_LANG_JA)) == 0 ||
            ascii_ieq(s, asx_purpose_label(all[i], ASX_LANG_EN))) {
            *out = all[i];
            return true;
        }
    return false;
}

static void build_header(conv *cv, const xrow *const *h, const meta *m)
{
    asx_answers *a = cv->a;
    char g[96];
    char *name = header_text(cv, h[H_NAME], HDR_KEYS[H_NAME], true);
    char *corp = header_text(cv, h[H_CORPNUM], HDR_KEYS[H_CORPNUM], false);
    char *country = header_text(cv, h[H_COUNTRY], HDR_KEYS[H_COUNTRY], true);
    char *date = header_text(cv, h[H_DATE], HDR_KEYS[H_DATE], true);
    char *purpose = header_text(cv, h[H_PURPOSE], HDR_KEYS[H_PURPOSE], !m->purpose);
    a->vendor_name = name;
    a->service_name = header_text(cv, h[H_SERVICE], HDR_KEYS[H_SERVICE], true);
    a->service_model = header_text(cv, h[H_MODEL], HDR_KEYS[H_MODEL], false);
    a->contact_name = header_text(cv, h[H_CONTACT_NAME], HDR_KEYS[H_CONTACT_NAME], false);
    a->contact = header_text(cv, h[H_CONTACT], HDR_KEYS[H_CONTACT], false);
    if (corp) {
        const xcell *c = &h[H_CORPNUM]->c[ASX_FORM_COL_ANSWER];
        double num;
        char digits[32];
        size_t k = 0;
        /* 13 digits typed into a cell become a number: write it back as digits */
        if (c->t == 'n' && parse_number(c->v, &num) && num >= 0 && num < 1e13) {
            snprintf(digits, sizeof digits, "%013.0f", num);
        } else {
            char *f = asx_form_fold(corp);
            for (const char *p = f ? f : ""; *p && k + 1 < sizeof digits; p++)
                if (*p != '-' && *p != ' ')
                    digits[k++] = *p;
            digits[k] = '\0';
            free(f);
        }
        if (!asx_corporate_number_valid(digits)) {
            quote(corp, g, sizeof g);
            cell_err(cv, h[H_CORPNUM], ASX_FORM_COL_ANSWER,
                     ASX_L("vendor.corporate_number: 法人番号 (13 桁、チェックディジット付き) ではありません: %s",
                           "vendor.corporate_number: not a corporate number (13 digits with a valid check digit): %s"),
                     g);
        } else {
            a->corporate_number = asx_strdup(digits);
        }
    }
    if (country) {
        const char *code = asx_form_country(country);
        if (!code) {
            quote(country, g, sizeof g);
            cell_err(cv, h[H_COUNTRY], ASX_FORM_COL_ANSWER,
                     ASX_L("vendor.country: ISO 3166-1 の国コード (例: JP) を入力してください。入力値: %s",
                           "vendor.country: expected an ISO 3166-1 country code (e.g. JP), got %s"), g);
        } else {
            a->vendor_country = asx_strdup(code);
        }
    }
    fb_date_status ds = date ? fb_cell_date(cv->date1904, &h[H_DATE]->c[ASX_FORM_COL_ANSWER], date, &a->date) : DATE_OK;
    if (ds == DATE_NUMBER || ds == DATE_TIME) {
        quote(date, g, sizeof g);
        date_refused(cv, h[H_DATE], "assessment.date", ds, g);
    } else if (ds != DATE_OK) {
        quote(date, g, sizeof g);
        cell_err(cv, h[H_DATE], ASX_FORM_COL_ANSWER,
                 ASX_L("assessment.date: 回答日を日付 (例: 2026-11-20、令和8年11月20日) で入力してください。入力値: %s",
                       "assessment.date: expected the date of the answers (e.g. 2026-11-20), got %s"), g);
    }
    asx_purpose p = ASX_PURPOSE_APPROVAL;
    a->purpose = ASX_PURPOSE_APPROVAL;
    if (m->purpose) {
        parse_purpose(m->purpose, &a->purpose); /* checked in read_meta */
        if (purpose && (!parse_purpose(purpose, &p) || p != a->purpose)) {
            quote(purpose, g, sizeof g);
            cell_err(cv, h[H_PURPOSE], ASX_FORM_COL_ANSWER,
                     ASX_L("assessment.purpose: 評価の目的は団体が指定した項目です (「%s」、%s!B%u)。変更しないでください。入力値: %s",
                           "assessment.purpose: the purpose is set by the organisation (\"%s\", %s!B%u); do not change it, got %s"),
                     asx_purpose_label(a->purpose, asx_ui_lang), ASX_FORM_META_SHEET, m->row_purpose, g);
        }
    } else if (purpose) {
        if (!parse_purpose(purpose, &a->purpose)) {
            quote(purpose, g, sizeof g);
            cell_err(cv, h[H_PURPOSE], ASX_FORM_COL_ANSWER,
                     ASX_L("assessment.purpose: 一覧から選んでください。入力値: %s",
                           "assessment.purpose: choose one from the list, got %s"), g);
        }
    }
    free(corp);
    free(country);
    free(date);
    free(purpose);
}

/* Column A text that looks like a question id or a header key ("sla.x", "@vendor.name"). */
static bool looks_like_key(const char *s)
{
    const char *p = s;
    bool dot = false;
    if (*p == '@')
        p++;
    if (!*p)
        return false;
    for (; *p; p++) {
        if (*p == '.')
            dot = true;
        else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    }
    return dot;
}

/* A row a vendor added (no id in column A) with something written in it: reported, not read. */
/* ---- what the organisation fixed ------------------------------------------------------- */

char *asx_form_subtitle(const char *bank_id, const char *version, asx_class cls, asx_lang lang)
{
    char c[96];
    asx_class_format(cls, lang, c, sizeof c);
    return asx_strdupf(ASX_TR(lang, "質問票: %s 版 %s / 格付け: %s / 黄色のセルに記入してください",
                              "Questionnaire: %s version %s / classification: %s / fill in the yellow cells"),
                       bank_id, version, c);
}

void asx_form_due_text(const asx_date *due, asx_lang lang, char *buf, size_t size)
{
    if (due)
        asx_date_format(*due, lang, buf, size);
    else
        snprintf(buf, size, "%s", ASX_TR(lang, "指定なし", "none"));
}

/* A visible fixed cell that does not say what _meta says: the form was changed after it was
 * issued (the hidden sheet or the locked cell). Names both cells; refused. */
static void fixed_mismatch(conv *cv, const char *visible_cell, const char *what, const char *got,
                           const char *meta_cells, const char *want)
{
    char g[320], w[320]; /* the line under the title is ~150 bytes: show it whole */
    quote_max(got, g, sizeof g, 240);
    quote_max(want, w, sizeof w, 240);
    asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                   ASX_L("%s: %s %s が %s の値 %s と一致しません。団体が発行した様式の固定項目が書き換えられています。発行した様式で回答を依頼してください",
                         "%s: %s %s does not agree with %s, %s: what the organisation fixed in the form was changed after it was issued; ask for the answers on the form as issued"),
                   visible_cell, what, g, meta_cells, w);
    cv->problems++;
}

/* Compare what the answer sheet shows of the fixed fields (the line under the title, the
 * classification and due date cells) with _meta. A vendor who edits the hidden sheet to lower
 * the classification (2/2/2 to 1/1/1) or who edits the unprotected locked cells is refused. */
static void check_fixed(conv *cv, const xsheet *sh, const xrow *const *h, const meta *m)
{
    asx_class cls = {m->c, m->i, m->a};
    char want[256], cell[64], mcells[96];
    const char *S = ASX_FORM_META_SHEET;
    const xrow *sub = NULL;
    for (size_t i = 0; i < sh->n && !sub; i++)
        if (sh->v[i].row == ASX_FORM_SUBTITLE_ROW)
            sub = &sh->v[i];
    if (sub && sub->c[0].v && !looks_like_key(sub->c[0].v)) {
        char *expect = asx_form_subtitle(m->bank, m->version, cls, cv->form_lang);
        char *got = xcell_text(&sub->c[0]); /* NULL: white space only (or out of memory) */
        if (!expect) {
            free(got);
            asx_diags_addf(cv->d, ASX_ERR_NOMEM, cv->file, 0, 0, "%s", ASX_L("メモリ不足です", "out of memory"));
            cv->problems++;
            return;
        }
        if (strcmp(got ? got : "", expect) != 0) {
            snprintf(cell, sizeof cell, "%s!A%u", cv->sheet, sub->row);
            snprintf(mcells, sizeof mcells, "%s!B%u, B%u, B%u:B%u", S, m->row_bank, m->row_version,
                     m->row_cls_first, m->row_cls_last);
            fixed_mismatch(cv, cell, ASX_L("質問票・版・格付け", "the questionnaire, version and classification"),
                           got ? got : "", mcells, expect);
        }
        free(expect);
        free(got);
    }
    if (h[H_CLASS]) {
        asx_class_format(cls, cv->form_lang, want, sizeof want);
        char *got = xcell_text(&h[H_CLASS]->c[ASX_FORM_COL_ANSWER]);
        if (strcmp(got ? got : "", want) != 0) {
            snprintf(cell, sizeof cell, "%s!F%u", cv->sheet, h[H_CLASS]->row);
            snprintf(mcells, sizeof mcells, "%s!B%u:B%u", S, m->row_cls_first, m->row_cls_last);
            fixed_mismatch(cv, cell, ASX_L("格付け", "the classification"), got ? got : "", mcells, want);
        }
        free(got);
    }
    if (h[H_DUE]) {
        asx_date due;
        bool has_due = m->due && asx_date_parse(m->due, &due); /* checked in read_meta */
        asx_form_due_text(has_due ? &due : NULL, cv->form_lang, want, sizeof want);
        char *got = xcell_text(&h[H_DUE]->c[ASX_FORM_COL_ANSWER]);
        if (strcmp(got ? got : "", want) != 0) {
            snprintf(cell, sizeof cell, "%s!F%u", cv->sheet, h[H_DUE]->row);
            if (m->row_due)
                snprintf(mcells, sizeof mcells, "%s!B%u", S, m->row_due);
            else
                snprintf(mcells, sizeof mcells, ASX_L("%s (回答期限なし)", "%s (no due date)"), S);
            fixed_mismatch(cv, cell, ASX_L("回答期限", "the due date"), got ? got : "", mcells, want);
        }
        free(got);
    }
}

/* ---- metadata ---------------------------------------------------------------------------- */

static int meta_level(const char *v)
{
    double n;
    if (!v || !parse_number(v, &n) || n != floor(n) || n < 1 || n > 3)
        return 0;
    return (int)n;
}

static asx_error read_meta(const char *file, asx_diags *d, const xsheet *sh, meta *m)
{
    for (size_t i = 0; i < sh->n; i++) {
        const xcell *k = &sh->v[i].c[0], *v = &sh->v[i].c[1];
        if (!k->v || !v->v)
            continue;
        char **slot = NULL;
        unsigned row = sh->v[i].row;
        bool level = false;
        if (strcmp(k->v, "format") == 0)
            slot = &m->format;
        else if (strcmp(k->v, "questionnaire") == 0)
            slot = &m->bank, m->row_bank = row;
        else if (strcmp(k->v, "questionnaire_version") == 0)
            slot = &m->version, m->row_version = row;
        else if (strcmp(k->v, "lang") == 0)
            slot = &m->lang;
        else if (strcmp(k->v, "purpose") == 0)
            slot = &m->purpose, m->row_purpose = row;
        else if (strcmp(k->v, "due") == 0)
            slot = &m->due, m->row_due = row;
        else if (strcmp(k->v, "confidentiality") == 0)
            m->c = meta_level(v->v), level = true;
        else if (strcmp(k->v, "integrity") == 0)
            m->i = meta_level(v->v), level = true;
        else if (strcmp(k->v, "availability") == 0)
            m->a = meta_level(v->v), level = true;
        if (level) {
            if (!m->row_cls_first || row < m->row_cls_first)
                m->row_cls_first = row;
            if (row > m->row_cls_last)
                m->row_cls_last = row;
        }
        if (slot) {
            free(*slot);
            *slot = asx_strdup(v->v);
            if (!*slot)
                return ASX_ERR_NOMEM;
        }
    }
    if (!m->format || strcmp(m->format, ASX_FORM_FORMAT) != 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: assess の回答様式ではありません (format が \"%s\" ではない)",
                             "%s: not an assess form (format is not \"%s\")"),
                       ASX_FORM_META_SHEET, ASX_FORM_FORMAT);
        return ASX_ERR_DATA;
    }
    asx_purpose p;
    asx_date due;
    if (!m->bank || !m->version || !m->c || !m->i || !m->a || m->i > 2 || m->a > 2 ||
        (m->purpose && !parse_purpose(m->purpose, &p)) || (m->due && !asx_date_parse(m->due, &due))) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: 質問票の識別情報 (questionnaire, questionnaire_version, 格付け, 目的) が欠けているか不正です",
                             "%s: the questionnaire id, version, classification or purpose is missing or invalid"),
                       ASX_FORM_META_SHEET);
        return ASX_ERR_DATA;
    }
    return ASX_OK;
}

/* ---- the answer rows --------------------------------------------------------------------- */

static void report_row_without_id(conv *cv, const xrow *r)
{
    const xcell *k = &r->c[ASX_FORM_COL_ID];
    char *a = k->v ? xcell_text(k) : NULL;
    bool table_head = a && strcmp(a, "ID") == 0;
    free(a);
    if (table_head)
        return;
    for (int col = ASX_FORM_COL_ANSWER; col <= ASX_FORM_COL_EVIDENCE; col++) {
        char *t = xcell_text(&r->c[col]);
        if (!t)
            continue;
        char g[96];
        quote(t, g, sizeof g);
        free(t);
        cell_warn(cv, r, col,
                  ASX_L("A 列に質問 ID のない行です。この行の記入 (%s) は読み込みません。補足は該当する質問の行の「補足・コメント」欄に書いてください",
                        "a row without a question id in column A: what is written here (%s) is not read; put remarks in the Comment column of the question's row"),
                  g);
        return;
    }
}

/* Walk the answer sheet: header fields and one answer per question id. */
static asx_error build_answers(conv *cv, const xsheet *sh, const meta *m, size_t *nunanswered)
{
    const asx_bank *bank = cv->bank;
    const xrow *hdr[H_COUNT] = {0};
    const xrow **seen = cv->seen = calloc(bank->nquestions ? bank->nquestions : 1, sizeof *seen);
    size_t nq = 0;
    if (!seen)
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < sh->n; i++) {
        const xrow *r = &sh->v[i];
        const xcell *k = &r->c[ASX_FORM_COL_ID];
        if (!k->v || !looks_like_key(k->v)) {
            report_row_without_id(cv, r);
            continue;
        }
        if (k->v[0] == '@') {
            int h = -1;
            for (int j = 0; j < H_COUNT; j++)
                if (strcmp(k->v, HDR_KEYS[j]) == 0)
                    h = j;
            if (h < 0)
                cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("不明な項目 \"%s\"", "unknown field \"%s\""), k->v);
            else if (hdr[h])
                cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("%s: 行が重複しています (%u 行目にもあります)",
                                                       "%s: duplicate row (also row %u)"), k->v, hdr[h]->row);
            else
                hdr[h] = r;
            continue;
        }
        const asx_question *q = asx_bank_find(bank, k->v);
        if (!q) {
            cell_err(cv, r, ASX_FORM_COL_ID,
                     ASX_L("%s: 質問票 %s %s にない質問 ID です", "%s: no such question in %s %s"),
                     k->v, bank->id, bank->version);
            continue;
        }
        if (seen[q->index]) {
            cell_err(cv, r, ASX_FORM_COL_ID, ASX_L("%s: 行が重複しています (%u 行目にもあります)",
                                                   "%s: duplicate row (also row %u)"), q->id, seen[q->index]->row);
            continue;
        }
        seen[q->index] = r;
        nq++;
        if (!build_answer(cv, r, q))
            return ASX_ERR_NOMEM;
    }
    if (nq == 0) {
        asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                       ASX_L("%s: 質問の行が 1 つもありません (A 列の質問 ID を消さないでください)",
                             "%s: no question rows (keep the question ids in column A)"), cv->sheet);
        cv->problems++;
    }
    memcpy(cv->hdr, hdr, sizeof hdr);
    build_header(cv, hdr, m);
    check_fixed(cv, sh, hdr, m);
    /* Required questions left empty: a warning at each cell, in the order of the sheet. */
    for (size_t i = 0; i < sh->n; i++) {
        const xrow *r = &sh->v[i];
        const asx_question *q = r->c[0].v && looks_like_key(r->c[0].v) ? asx_bank_find(bank, r->c[0].v) : NULL;
        if (!q || seen[q->index] != r || !q->required || cv->a->a[q->index].present ||
            r->c[ASX_FORM_COL_ANSWER].v || !asx_question_applies(q, cv->a))
            continue; /* a cell with a wrong value has its error already */
        cell_warn(cv, r, ASX_FORM_COL_ANSWER,
                  ASX_L("%s: 必須の質問に回答がありません", "%s: a required question is not answered"), q->id);
        (*nunanswered)++;
    }
    asx_buf missing = {0};
    size_t nmissing = 0;
    for (size_t qi = 0; qi < bank->nquestions; qi++) {
        const asx_question *q = &bank->questions[qi];
        if (seen[qi] || !q->required || !asx_question_applies(q, cv->a))
            continue;
        asx_buf_addf(&missing, "%s%s", nmissing++ ? ", " : "", q->id);
    }
    if (nmissing)
        asx_diags_addf(cv->d, ASX_OK, cv->file, 0, 0,
                       ASX_L("%s: 必須の質問 %zu 件の行がありません (%s)。様式の行を削除しないでください",
                             "%s: the rows of %zu required questions are missing (%s): do not delete rows of the form"),
                       cv->sheet, nmissing, asx_buf_str(&missing));
    asx_buf_free(&missing);
    *nunanswered += nmissing;
    return ASX_OK;
}

/* ---- the whole import -------------------------------------------------------------------- */

static const asx_bank *form_bank(const char *file, asx_diags *d, const meta *m, const asx_bankset *set)
{
    const asx_bank *bank = asx_bankset_find(set, m->bank);
    if (!bank) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("この様式は質問票 \"%s\" 用ですが、その質問票がありません (--questionnaire FILE で読み込めます)",
                             "this form is for questionnaire \"%s\", which is not loaded (load it with --questionnaire FILE)"),
                       m->bank);
        return NULL;
    }
    if (strcmp(bank->version, m->version) != 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("この様式は質問票 %s 版 %s 用ですが、読み込まれているのは版 %s です (その版を --questionnaire FILE で読み込むか、様式を作り直してください)",
                             "this form is for questionnaire %s version %s, but version %s is loaded (load that version with --questionnaire FILE, or make a new form)"),
                       m->bank, m->version, bank->version);
        return NULL;
    }
    return bank;
}

/* A problem found by asx_answers_check, at its cell: the answer's ("回答!F19", its source), its
 * comment's or evidence's in the same row, or a header field's. */
static void report_at_cell(void *ud, const asx_answers_place *at, const char *msg)
{
    conv *cv = ud;
    if (at->part != ASX_AT_HEADER) {
        const xrow *r = cv->seen ? cv->seen[at->q->index] : NULL;
        int col = at->part == ASX_AT_COMMENT ? ASX_FORM_COL_COMMENT
                  : at->part == ASX_AT_EVIDENCE ? ASX_FORM_COL_EVIDENCE : ASX_FORM_COL_ANSWER;
        if (r)
            asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0, "%s!%c%u: %s", cv->sheet, 'A' + col, r->row, msg);
        else
            asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0, "%s", msg);
        return;
    }
    for (int h = 0; h < H_COUNT; h++)
        if (cv->hdr[h] && strcmp(HDR_KEYS[h] + 1, at->key) == 0) {
            asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0, "%s!%c%u: %s", cv->sheet,
                           'A' + ASX_FORM_COL_ANSWER, cv->hdr[h]->row, msg);
            return;
        }
    asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0, "%s", msg);
}

asx_error asx_form_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          asx_answers **out, asx_diags *d)
{
    form_book b = {.file = file, .d = d};
    form_sheets sh = {0};
    meta m = {0};
    conv cv = {.file = file, .d = d};
    size_t nunanswered = 0;
    *out = NULL;
    asx_error err = form_book_open(&b, buf, len);
    if (!err)
        err = b.kind == FB_ODS ? ods_read_sheets(&b, &sh) : xlsx_read_sheets(&b, &sh);
    if (!err)
        err = read_meta(file, d, &sh.meta, &m);
    if (err)
        goto out;
    cv.bank = form_bank(file, d, &m, set);
    if (!cv.bank) {
        err = ASX_ERR_DATA;
        goto out;
    }
    cv.sheet = sh.answers_name;
    cv.date1904 = sh.date1904;
    cv.form_lang = m.lang && strcmp(m.lang, "en") == 0 ? ASX_LANG_EN : ASX_LANG_JA;
    cv.a = calloc(1, sizeof *cv.a);
    if (!cv.a || !(cv.a->file = asx_strdup(file)) || !(cv.a->bank_version = asx_strdup(cv.bank->version)) ||
        !(cv.a->a = calloc(cv.bank->nquestions ? cv.bank->nquestions : 1, sizeof *cv.a->a))) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    cv.a->bank = cv.bank;
    cv.a->cls = (asx_class){m.c, m.i, m.a};
    err = build_answers(&cv, &sh.answers, &m, &nunanswered);
    if (err)
        goto out;
    if (cv.problems) {
        err = ASX_ERR_DATA;
        goto out;
    }
    /* the rules every answers file satisfies (asx_answers_check), each problem at its cell: a
     * form never gives answers that validate refuses */
    if (asx_answers_check(cv.a, &(asx_answers_reporter){report_at_cell, &cv})) {
        err = ASX_ERR_DATA;
        goto out;
    }
    if (nunanswered)
        asx_diags_addf(d, ASX_OK, file, 0, 0,
                       ASX_L("警告: 必須の質問 %zu 件に回答がありません (上のセル)。回答ファイルは書き出しますが、評価は差戻し (未回答あり) になります。事業者に記入を依頼してください",
                             "warning: %zu required questions are not answered (the cells above). The answers are written, but the assessment will be incomplete: ask the vendor to fill them in"),
                       nunanswered);
    *out = cv.a;
    cv.a = NULL;
out:
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, file, 0, 0, ASX_L("メモリ不足です", "out of memory"));
    asx_answers_free(cv.a);
    free(cv.seen);
    meta_free(&m);
    form_sheets_free(&sh);
    form_book_close(&b);
    return err;
}

asx_error asx_xlsx_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                          char **json, asx_diags *d)
{
    asx_answers *a = NULL;
    *json = NULL;
    asx_error err = asx_form_import(buf, len, file, set, &a, d);
    if (!err && !(*json = asx_answers_to_json(a)))
        err = ASX_ERR_NOMEM;
    asx_answers_free(a);
    return err;
}

