/* test_xlsx_import.c - reading filled forms back: cell types, row matching by id, every problem
 * reported with its cell, and hostile workbooks (not a zip, zip bomb, huge sheet, formulas,
 * DOCTYPE, wrong sheets, another bank or version). Workbooks are built in memory with libzip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <cjson/cJSON.h>

#include "asx/bank.h"
#include "asx/form.h"
#include "asx/text.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"
#include "testutil.h"

/* ---- building workbooks in memory -------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *data; /* NUL-terminated unless len is given */
    size_t len;
} entry;

/* A zip of the entries; caller frees. */
static char *make_zip(const entry *e, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    ck_assert_ptr_nonnull(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    ck_assert_ptr_nonnull(za);
    for (size_t i = 0; i < n; i++) {
        size_t l = e[i].len ? e[i].len : strlen(e[i].data);
        zip_source_t *s = zip_source_buffer(za, e[i].data, l, 0);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_ge(zip_file_add(za, e[i].name, s, ZIP_FL_OVERWRITE), 0);
    }
    ck_assert_int_eq(zip_close(za), 0);
    ck_assert_int_eq(zip_source_open(src), 0);
    ck_assert_int_eq(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t size = zip_source_tell(src);
    ck_assert_int_gt(size, 0);
    ck_assert_int_eq(zip_source_seek(src, 0, SEEK_SET), 0);
    char *buf = malloc((size_t)size);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(zip_source_read(src, buf, (zip_uint64_t)size), size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *len = (size_t)size;
    return buf;
}

static const char *WORKBOOK =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"回答\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"_meta\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets></workbook>";

static const char *RELS =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
    "</Relationships>";

#define SHEET_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"
#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define NUM(ref, v) "<c r=\"" ref "\"><v>" v "</v></c>"

static char *meta_sheet(const char *bank, const char *version)
{
    return asx_strdupf(SHEET_HEAD
                       "<row r=\"1\">" IS("A1", "format") IS("B1", "assess-form/1") "</row>"
                       "<row r=\"2\">" IS("A2", "questionnaire") "<c r=\"B2\" t=\"inlineStr\"><is><t>%s</t></is></c></row>"
                       "<row r=\"3\">" IS("A3", "questionnaire_version") "<c r=\"B3\" t=\"inlineStr\"><is><t>%s</t></is></c></row>"
                       "<row r=\"4\">" IS("A4", "confidentiality") NUM("B4", "2") "</row>"
                       "<row r=\"5\">" IS("A5", "integrity") NUM("B5", "2") "</row>"
                       "<row r=\"6\">" IS("A6", "availability") NUM("B6", "2") "</row>" SHEET_TAIL,
                       bank, version);
}

/* Header rows 1-5 of the answer sheet: every required field filled. */
#define HEADER_ROWS                                                                              \
    "<row r=\"1\">" IS("A1", "@vendor.name") IS("F1", "株式会社テスト") "</row>"                 \
    "<row r=\"2\">" IS("A2", "@vendor.country") IS("F2", "JP") "</row>"                          \
    "<row r=\"3\">" IS("A3", "@service.name") IS("F3", "テストクラウド") "</row>"                \
    "<row r=\"4\">" IS("A4", "@assessment.date") NUM("F4", "46346") "</row>"      \
    "<row r=\"5\">" IS("A5", "@assessment.purpose") IS("F5", "利用承認") "</row>"

static asx_bankset SET;

static void setup(void)
{
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_bankset_builtin(&SET, &d), ASX_OK);
    asx_diags_free(&d);
}

static void teardown(void)
{
    asx_bankset_free(&SET);
}

static const char *cloud_version(void)
{
    const asx_bank *b = asx_bankset_find(&SET, "cloud");
    ck_assert_ptr_nonnull(b);
    return b->version;
}

/* Import a workbook made of the answer sheet rows (and optional shared strings); returns the
 * error, the JSON in *json (may be NULL), problems in d. */
static asx_error import_rows(const char *rows, const char *sst, const char *bank, const char *version,
                             char **json, asx_diags *d)
{
    char *answers = asx_strdupf(SHEET_HEAD "%s" SHEET_TAIL, rows);
    char *meta = meta_sheet(bank, version);
    entry e[5] = {{"xl/workbook.xml", WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0},
                  {"xl/worksheets/sheet1.xml", answers, 0}, {"xl/worksheets/sheet2.xml", meta, 0},
                  {"xl/sharedStrings.xml", sst, 0}};
    size_t len;
    char *buf = make_zip(e, sst ? 5 : 4, &len);
    asx_error err = asx_xlsx_import(buf, len, "t.xlsx", &SET, json, d);
    free(buf);
    free(answers);
    free(meta);
    return err;
}

/* Like import_rows, with an optional styles.xml and workbook.xml, giving the answers. */
static asx_error import_book_wb(const char *workbook, const char *rows, const char *styles, const char *bank,
                                const char *version, asx_answers **a, asx_diags *d)
{
    char *answers = asx_strdupf(SHEET_HEAD "%s" SHEET_TAIL, rows);
    char *meta = meta_sheet(bank, version);
    entry e[5] = {{"xl/workbook.xml", workbook ? workbook : WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0},
                  {"xl/worksheets/sheet1.xml", answers, 0}, {"xl/worksheets/sheet2.xml", meta, 0},
                  {"xl/styles.xml", styles, 0}};
    size_t len;
    char *buf = make_zip(e, styles ? 5 : 4, &len);
    asx_error err = asx_form_import(buf, len, "t.xlsx", &SET, a, d);
    free(buf);
    free(answers);
    free(meta);
    return err;
}

static asx_error import_book(const char *rows, const char *styles, const char *bank, const char *version,
                             asx_answers **a, asx_diags *d)
{
    return import_book_wb(NULL, rows, styles, bank, version, a, d);
}

static const cJSON *answer(const cJSON *root, const char *id)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
                                                cJSON_GetObjectItemCaseSensitive(root, "answers"), id),
                                            "value");
}

/* Problems that are errors (warnings are ASX_OK diagnostics). */
static size_t count_errors(const asx_diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->v[i].code != ASX_OK;
    return n;
}

/* ---- tests ------------------------------------------------------------------------------- */

START_TEST(reads_cell_kinds)
{
    /* shared strings with a phonetic run, inline strings, a number typed as text, a date serial,
     * a boolean, a note row a vendor inserted, rows out of bank order */
    const char *sst =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<si><t>はい</t><rPh sb=\"0\" eb=\"1\"><t>ハイ</t></rPh></si>"
        "<si><r><t>東京</t></r><r><t>リージョン</t></r></si>"
        "<si><t>sec.admin_mfa</t></si></sst>";
    const char *rows = HEADER_ROWS
        "<row r=\"8\">" IS("A8", "ID") IS("F8", "回答") "</row>"
        "<row r=\"10\"><c r=\"A10\" t=\"s\"><v>2</v></c><c r=\"F10\" t=\"s\"><v>0</v></c><c r=\"G10\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"11\">" IS("D11", "（事業者メモ）") IS("F11", "メモ") "</row>"
        "<row r=\"12\">" IS("A12", "sla.availability_percent") IS("F12", " 99.95 % ") IS("H12", "SLA 第3条\nSLA 別紙") "</row>"
        "<row r=\"13\">" IS("A13", "cert.expiry") NUM("F13", "46477") "</row>"
        "<row r=\"14\">" IS("A14", "sec.encryption_at_rest") "<c r=\"F14\" t=\"b\"><v>1</v></c></row>"
        "<row r=\"15\">" IS("A15", "loc.storage_countries") IS("F15", "jp、sg") "</row>"
        "<row r=\"16\">" IS("A16", "law.governing_law") IS("F16", "日本") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    asx_error err = import_rows(rows, sst, "cloud", cloud_version(), &json, &d);
    for (size_t i = 0; i < d.n; i++)
        fprintf(stderr, "%s\n", d.v[i].msg);
    ck_assert_int_eq(err, ASX_OK);
    ck_assert_ptr_nonnull(json);
    cJSON *root = cJSON_Parse(json);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(answer(root, "sec.admin_mfa")->valuestring, "yes");
    const cJSON *mfa = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "answers"), "sec.admin_mfa");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(mfa, "comment")->valuestring, "東京リージョン");
    ck_assert(cJSON_IsNumber(answer(root, "sla.availability_percent")));
    ck_assert_double_eq_tol(answer(root, "sla.availability_percent")->valuedouble, 99.95, 1e-9);
    const cJSON *sla = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "answers"), "sla.availability_percent");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(sla, "evidence")), 2);
    ck_assert_str_eq(answer(root, "cert.expiry")->valuestring, "2027-03-31");
    ck_assert_str_eq(answer(root, "sec.encryption_at_rest")->valuestring, "yes");
    const cJSON *loc = answer(root, "loc.storage_countries");
    ck_assert_int_eq(cJSON_GetArraySize(loc), 2);
    ck_assert_str_eq(cJSON_GetArrayItem(loc, 1)->valuestring, "SG");
    ck_assert_str_eq(answer(root, "law.governing_law")->valuestring, "JP");
    const cJSON *as = cJSON_GetObjectItemCaseSensitive(root, "assessment");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(as, "date")->valuestring, "2026-11-20");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(as, "purpose")->valuestring, "approval");
    cJSON_Delete(root);
    free(json);
    asx_diags_free(&d);
}
END_TEST

START_TEST(every_cell_problem_reported)
{
    const char *rows = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "sla.availability_percent") IS("F12", "high") "</row>"
        "<row r=\"13\">" IS("A13", "law.governing_law") IS("F13", "XX") "</row>"
        "<row r=\"14\">" IS("A14", "cert.expiry") IS("F14", "next year") "</row>"
        "<row r=\"15\">" IS("A15", "sec.admin_mfa") IS("F15", "maybe") "</row>"
        "<row r=\"16\">" IS("A16", "no.such_question") IS("F16", "x") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    asx_ui_lang = ASX_LANG_EN;
    ck_assert_int_eq(import_rows(rows, NULL, "cloud", cloud_version(), &json, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(json);
    ck_assert(tu_diags_have(&d, "回答!F12: sla.availability_percent: expected a number (%), got \"high\""));
    ck_assert(tu_diags_have(&d, "回答!F13: law.governing_law:"));
    ck_assert(tu_diags_have(&d, "回答!F14: cert.expiry:"));
    ck_assert(tu_diags_have(&d, "回答!F15: sec.admin_mfa:"));
    ck_assert(tu_diags_have(&d, "回答!A16: no.such_question"));
    ck_assert_uint_eq(count_errors(&d), 5);
    asx_diags_free(&d);
}
END_TEST

START_TEST(formula_refused)
{
    const char *rows = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "sla.availability_percent") "<c r=\"F12\"><f>99+0.95</f><v>99.95</v></c></row>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(import_rows(rows, NULL, "cloud", cloud_version(), &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "回答!F12: sla.availability_percent"));
    asx_diags_free(&d);
}
END_TEST

START_TEST(missing_header_reported)
{
    const char *rows = "<row r=\"12\">" IS("A12", "sla.availability_percent") NUM("F12", "99.9") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(import_rows(rows, NULL, "cloud", cloud_version(), &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "@vendor.name"));
    ck_assert(tu_diags_have(&d, "@assessment.date"));
    asx_diags_free(&d);
}
END_TEST

START_TEST(other_bank_and_version)
{
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(import_rows(HEADER_ROWS, NULL, "nosuch", "1.0", &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "\"nosuch\""));
    asx_diags_free(&d);
    asx_diags_init(&d);
    ck_assert_int_eq(import_rows(HEADER_ROWS, NULL, "cloud", "0.1", &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "0.1"));
    asx_diags_free(&d);
}
END_TEST

START_TEST(not_a_zip)
{
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(asx_xlsx_import("hello", 5, "t.xlsx", &SET, &json, &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_xlsx_import("", 0, "t.xlsx", &SET, &json, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(json);
    asx_diags_free(&d);
}
END_TEST

START_TEST(zip_bomb)
{
    /* 40 MiB of blanks inside the answer sheet: deflates to ~40 KiB */
    size_t big = 40u << 20;
    char *sheet = malloc(big);
    ck_assert_ptr_nonnull(sheet);
    memset(sheet, ' ', big);
    memcpy(sheet, SHEET_HEAD, strlen(SHEET_HEAD));
    memcpy(sheet + big - strlen(SHEET_TAIL), SHEET_TAIL, strlen(SHEET_TAIL));
    char *meta = meta_sheet("cloud", cloud_version());
    entry e[4] = {{"xl/workbook.xml", WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0},
                  {"xl/worksheets/sheet1.xml", sheet, big}, {"xl/worksheets/sheet2.xml", meta, 0}};
    size_t len;
    char *buf = make_zip(e, 4, &len);
    ck_assert_uint_lt(len, 1u << 20);
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(asx_xlsx_import(buf, len, "t.xlsx", &SET, &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "xl/worksheets/sheet1.xml"));
    ck_assert(tu_diags_have(&d, "16 MiB"));
    asx_diags_free(&d);
    free(buf);
    free(sheet);
    free(meta);
}
END_TEST

START_TEST(too_many_rows)
{
    asx_buf rows = {0};
    asx_buf_adds(&rows, HEADER_ROWS);
    for (unsigned i = 10; i < 10 + ASX_XLSX_MAX_ROWS; i++)
        asx_buf_addf(&rows, "<row r=\"%u\"><c r=\"D%u\" t=\"inlineStr\"><is><t>x</t></is></c></row>", i, i);
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(import_rows(asx_buf_str(&rows), NULL, "cloud", cloud_version(), &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "5000"));
    asx_buf_free(&rows);
    asx_diags_free(&d);
}
END_TEST

START_TEST(doctype_refused)
{
    const char *sst =
        "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&b;</t></si></sst>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(import_rows(HEADER_ROWS, sst, "cloud", cloud_version(), &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "DOCTYPE"));
    asx_diags_free(&d);
}
END_TEST

START_TEST(missing_sheets)
{
    const char *wb =
        "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    entry e[3] = {{"xl/workbook.xml", wb, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0},
                  {"xl/worksheets/sheet1.xml", SHEET_HEAD SHEET_TAIL, 0}};
    size_t len;
    char *buf = make_zip(e, 3, &len);
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(asx_xlsx_import(buf, len, "t.xlsx", &SET, &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "_meta"));
    ck_assert(tu_diags_have(&d, "Sheet1"));
    asx_diags_free(&d);
    free(buf);
}
END_TEST

START_TEST(parse_yesno_labels)
{
    ck_assert_int_eq(asx_form_parse_yesno("はい"), ASX_YN_YES);
    ck_assert_int_eq(asx_form_parse_yesno(" いいえ "), ASX_YN_NO);
    ck_assert_int_eq(asx_form_parse_yesno("一部"), ASX_YN_PARTIAL);
    ck_assert_int_eq(asx_form_parse_yesno("該当なし"), ASX_YN_NA);
    ck_assert_int_eq(asx_form_parse_yesno("Yes"), ASX_YN_YES);
    ck_assert_int_eq(asx_form_parse_yesno("partly"), ASX_YN_PARTIAL);
    ck_assert_int_eq(asx_form_parse_yesno("N/A"), ASX_YN_NA);
    ck_assert_int_eq(asx_form_parse_yesno("no"), ASX_YN_NO);
    ck_assert_int_eq(asx_form_parse_yesno("maybe"), ASX_YN_NONE);
    ck_assert_int_eq(asx_form_parse_yesno(""), ASX_YN_NONE);
}
END_TEST

/* ---- what people type (issue #14) -------------------------------------------------------- */

START_TEST(fold_full_width)
{
    char *s = asx_form_fold("\u3000９９．９５％ ");
    ck_assert_str_eq(s, "99.95%");
    free(s);
    s = asx_form_fold("ＪＰ、ＵＳ");
    ck_assert_str_eq(s, "JP、US"); /* the 、 separator is kept */
    free(s);
    s = asx_form_fold("−２４");
    ck_assert_str_eq(s, "-24");
    free(s);
    s = asx_form_fold("ノルウェー"); /* ー is no dash */
    ck_assert_str_eq(s, "ノルウェー");
    free(s);
}
END_TEST

START_TEST(dates_as_typed)
{
    static const struct {
        const char *in;
        int y, m, d;
    } ok[] = {{"2026-03-31", 2026, 3, 31}, {"2026/3/31", 2026, 3, 31}, {"2026.3.31", 2026, 3, 31},
              {"2026年3月31日", 2026, 3, 31}, {"20260331", 2026, 3, 31}, {"令和8年3月31日", 2026, 3, 31},
              {"R8.3.31", 2026, 3, 31}, {"r8/3/31", 2026, 3, 31}, {"令和元年5月1日", 2019, 5, 1},
              {"H31.4.30", 2019, 4, 30}, {"平成31年4月30日", 2019, 4, 30}, {"2026/3/31(火)", 2026, 3, 31},
              {"令和8年3月31日 (火)", 2026, 3, 31}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        asx_date d = {0};
        ck_assert_msg(asx_form_parse_date(ok[i].in, &d), "%s", ok[i].in);
        ck_assert_msg(d.y == ok[i].y && d.m == ok[i].m && d.d == ok[i].d, "%s", ok[i].in);
    }
    static const char *const bad[] = {"2026/13/45", "26/3/31", "令和1年4月30日", "平成31年5月1日",
                                      "R8.2.30", "next year", "2026/3", "令和8年3月", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        asx_date d;
        ck_assert_msg(!asx_form_parse_date(bad[i], &d), "%s", bad[i]);
    }
}
END_TEST

START_TEST(countries_as_typed)
{
    ck_assert_str_eq(asx_form_country("日本"), "JP");
    ck_assert_str_eq(asx_form_country("米国"), "US");
    ck_assert_str_eq(asx_form_country("アメリカ"), "US");
    ck_assert_str_eq(asx_form_country("ｊｐ"), "JP");
    ck_assert_str_eq(asx_form_country("Singapore"), "SG");
    ck_assert_str_eq(asx_form_country("国内"), "JP");
    ck_assert_ptr_null(asx_form_country("ZZ"));
    ck_assert_ptr_null(asx_form_country("日本国内外"));
    ck_assert_int_eq(asx_form_parse_yesno("○"), ASX_YN_YES);
    ck_assert_int_eq(asx_form_parse_yesno("×"), ASX_YN_NO);
    ck_assert_int_eq(asx_form_parse_yesno("△"), ASX_YN_PARTIAL);
    ck_assert_int_eq(asx_form_parse_yesno("ＹＥＳ"), ASX_YN_YES);
}
END_TEST

static const char *STYLES =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"0.00%\"/><numFmt numFmtId=\"165\" formatCode=\"0&quot;%&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"10\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"10\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>";

/* The cells of a habit-filled form and what they must give. */
START_TEST(percent_formats_and_units)
{
    const char *rows = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "sla.availability_percent") "<c r=\"F12\" s=\"1\"><v>0.99950000000000006</v></c></row>"
        "<row r=\"13\">" IS("A13", "sla.incident_notification_hours") IS("F13", "２４時間") "</row>"
        "<row r=\"14\">" IS("A14", "bak.rto_hours") IS("F14", "１２") "</row>"
        "<row r=\"15\">" IS("A15", "bak.rpo_hours") "<c r=\"F15\" s=\"3\"><v>24</v></c></row>"
        "<row r=\"16\">" IS("A16", "exit.discontinuation_notice_months") IS("F16", "6ヶ月") "</row>"
        "<row r=\"17\">" IS("A17", "cert.expiry") IS("F17", "令和9年3月31日") "</row>"
        "<row r=\"18\">" IS("A18", "sub.list") IS("F18", "株式会社Ａ／日本／運用\nB Inc. / 米国 / support") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, STYLES, "cloud", cloud_version(), &a, &d), ASX_OK);
    const asx_bank *b = a->bank;
    ck_assert_double_eq(a->a[asx_bank_find(b, "sla.availability_percent")->index].num, 99.95);
    ck_assert_double_eq(a->a[asx_bank_find(b, "sla.incident_notification_hours")->index].num, 24);
    ck_assert_double_eq(a->a[asx_bank_find(b, "bak.rto_hours")->index].num, 12);
    /* 0"%" shows a literal %, not a percentage: the number stays 24 */
    ck_assert_double_eq(a->a[asx_bank_find(b, "bak.rpo_hours")->index].num, 24);
    ck_assert_double_eq(a->a[asx_bank_find(b, "exit.discontinuation_notice_months")->index].num, 6);
    ck_assert_str_eq(a->a[asx_bank_find(b, "cert.expiry")->index].str, "2027-03-31");
    const asx_answer *sub = &a->a[asx_bank_find(b, "sub.list")->index];
    ck_assert_uint_eq(sub->nitems, 2);
    ck_assert_str_eq(sub->items[0].values[0], "株式会社Ａ"); /* names are kept as typed */
    ck_assert_str_eq(sub->items[0].values[1], "JP");
    ck_assert_str_eq(sub->items[1].values[1], "US");
    ck_assert_str_eq(a->a[asx_bank_find(b, "cert.expiry")->index].source, "回答!F17");
    asx_answers_free(a);
    asx_diags_free(&d);
}
END_TEST

START_TEST(units_that_do_not_fit)
{
    const char *rows = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "sla.incident_notification_hours") IS("F12", "99.9%") "</row>"
        "<row r=\"13\">" IS("A13", "bak.rto_hours") "<c r=\"F13\" s=\"2\"><v>0.24</v></c></row>"
        "<row r=\"14\">" IS("A14", "sla.availability_percent") IS("F14", "99.9時間") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, STYLES, "cloud", cloud_version(), &a, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(a);
    ck_assert(tu_diags_have(&d, "回答!F12: sla.incident_notification_hours: 半角の数値 (時間) を入力してください。この質問に「%」は使えません。入力値: \"99.9%\""));
    ck_assert(tu_diags_have(&d, "回答!F13: bak.rto_hours: 半角の数値 (時間) を入力してください。この質問に「%」は使えません。入力値: \"24%\""));
    ck_assert(tu_diags_have(&d, "回答!F14: sla.availability_percent: 半角の数値 (%) を入力してください。この質問に「時間」は使えません。入力値: \"99.9時間\""));
    ck_assert_uint_eq(count_errors(&d), 3);
    asx_diags_free(&d);
}
END_TEST

START_TEST(fraction_in_percent_question_warns)
{
    const char *rows = HEADER_ROWS "<row r=\"12\">" IS("A12", "sla.availability_percent") NUM("F12", "0.9995") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, NULL, "cloud", cloud_version(), &a, &d), ASX_OK);
    ck_assert(tu_diags_have(&d, "回答!F12: sla.availability_percent: 0.9995 % と読みました。99.95 % のつもりなら 99.95 と入力してください"));
    ck_assert_double_eq(a->a[asx_bank_find(a->bank, "sla.availability_percent")->index].num, 0.9995);
    asx_answers_free(a);
    asx_diags_free(&d);
}
END_TEST

START_TEST(empty_required_and_rows_without_id_warn)
{
    const char *rows = HEADER_ROWS
        "<row r=\"7\">" IS("D7", "（事業者メモ）") IS("G7", "別紙参照") "</row>"
        "<row r=\"12\">" IS("A12", "sla.availability_percent") IS("G12", "確認中") "</row>"
        "<row r=\"13\">" IS("A13", "sla.incident_notification_hours") NUM("F13", "24") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, NULL, "cloud", cloud_version(), &a, &d), ASX_OK);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(d.worst, ASX_OK);
    ck_assert(tu_diags_have(&d, "回答!G7: A 列に質問 ID のない行です。この行の記入 (\"別紙参照\") は読み込みません"));
    ck_assert(tu_diags_have(&d, "回答!F12: sla.availability_percent: 必須の質問に回答がありません"));
    ck_assert(tu_diags_have(&d, "必須の質問"));
    ck_assert(tu_diags_have(&d, "回答!F13: sla.incident_notification_hours") == 0); /* hours: no percent note */
    const asx_answer *x = &a->a[asx_bank_find(a->bank, "sla.availability_percent")->index];
    ck_assert(!x->present);
    ck_assert_str_eq(x->source, "回答!F12");
    /* the empty question's cell travels in the answers file and is loaded back */
    char *json = asx_answers_to_json(a);
    ck_assert_ptr_nonnull(strstr(json, "\"source\":\t\"回答!F12\""));
    asx_answers *back = NULL;
    asx_diags d2;
    asx_diags_init(&d2);
    ck_assert_int_eq(asx_answers_load(json, strlen(json), "a.json", &SET, &back, &d2), ASX_OK);
    ck_assert_str_eq(back->a[x - a->a].source, "回答!F12");
    asx_answers_free(back);
    asx_diags_free(&d2);
    free(json);
    asx_answers_free(a);
    asx_diags_free(&d);
}
END_TEST

/* An ODS content.xml as LibreOffice writes it: repeated rows and cells, a comment inside a cell,
 * a percentage, a date, several paragraphs, text:s runs. */
static char *ods_content(const char *answer_rows)
{
    return asx_strdupf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
        "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
        "<office:body><office:spreadsheet>"
        "<table:table table:name=\"回答\"><table:table-column table:number-columns-repeated=\"9\"/>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>@vendor.name</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"4\"/><table:table-cell office:value-type=\"string\"><text:p>株式会社<text:s text:c=\"2\"/>テスト</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>@vendor.country</text:p></table:table-cell>"
        "<table:covered-table-cell table:number-columns-repeated=\"4\"/><table:table-cell office:value-type=\"string\"><text:p>日本</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>@service.name</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"4\"/><table:table-cell office:value-type=\"string\"><text:p>テストクラウド</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>@assessment.date</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"4\"/><table:table-cell office:value-type=\"date\" office:date-value=\"2026-11-20T00:00:00\"><text:p>2026-11-20</text:p></table:table-cell></table:table-row>"
        "<table:table-row table:number-rows-repeated=\"1000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
        "%s"
        "<table:table-row table:number-rows-repeated=\"1047000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
        "</table:table>"
        "<table:table table:name=\"_meta\">"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>format</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>assess-form/1</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>questionnaire</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>cloud</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>questionnaire_version</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>%s</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>purpose</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>approval</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>confidentiality</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"2\"><text:p>2</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>integrity</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"2\"><text:p>2</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>availability</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"2\"><text:p>2</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>",
        answer_rows, cloud_version());
}

static asx_error import_ods(const char *answer_rows, asx_answers **a, asx_diags *d)
{
    char *content = ods_content(answer_rows);
    entry e[2] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0}, {"content.xml", content, 0}};
    size_t len;
    char *buf = make_zip(e, 2, &len);
    asx_error err = asx_form_import(buf, len, "t.ods", &SET, a, d);
    free(buf);
    free(content);
    return err;
}

#define ODS_ROW(id, cell) "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>" id "</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"4\"/>" cell "</table:table-row>"

START_TEST(ods_reads_like_xlsx)
{
    const char *rows =
        ODS_ROW("sla.availability_percent", "<table:table-cell office:value-type=\"percentage\" office:value=\"0.9995\"><text:p>99.95%</text:p>"
                "<office:annotation><text:p>コメントは値ではない</text:p></office:annotation></table:table-cell>")
        ODS_ROW("sec.admin_mfa", "<table:table-cell office:value-type=\"string\"><text:p>はい</text:p></table:table-cell>"
                "<table:table-cell office:value-type=\"string\"><text:p>1 行目</text:p><text:p>2 行目</text:p></table:table-cell>")
        ODS_ROW("cert.expiry", "<table:table-cell office:value-type=\"date\" office:date-value=\"2027-03-31\"><text:p>2027/03/31</text:p></table:table-cell>")
        ODS_ROW("sec.encryption_at_rest", "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>")
        ODS_ROW("loc.storage_countries", "<table:table-cell office:value-type=\"string\"><text:p>日本、ＳＧ</text:p></table:table-cell>")
        ODS_ROW("sla.incident_notification_hours", "<table:table-cell table:formula=\"of:=12*2\" office:value-type=\"float\" office:value=\"24\"><text:p>24</text:p></table:table-cell>");
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_ods(rows, &a, &d), ASX_ERR_DATA);
    /* the formula, at its cell: the row numbers count the repeated empty rows */
    ck_assert(tu_diags_have(&d, "回答!F1010: sla.incident_notification_hours: 数式は使えません"));
    ck_assert_uint_eq(count_errors(&d), 1);
    asx_diags_free(&d);
    asx_diags_init(&d);
    const char *good =
        ODS_ROW("sla.availability_percent", "<table:table-cell office:value-type=\"percentage\" office:value=\"0.9995\"><text:p>99.95%</text:p>"
                "<office:annotation><text:p>コメントは値ではない</text:p></office:annotation></table:table-cell>")
        ODS_ROW("sec.admin_mfa", "<table:table-cell office:value-type=\"string\"><text:p>はい</text:p></table:table-cell>"
                "<table:table-cell office:value-type=\"string\"><text:p>1 行目</text:p><text:p>2 行目</text:p></table:table-cell>")
        ODS_ROW("cert.expiry", "<table:table-cell office:value-type=\"date\" office:date-value=\"2027-03-31\"><text:p>2027/03/31</text:p></table:table-cell>")
        ODS_ROW("sec.encryption_at_rest", "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>")
        ODS_ROW("loc.storage_countries", "<table:table-cell office:value-type=\"string\"><text:p>日本、ＳＧ</text:p></table:table-cell>");
    ck_assert_int_eq(import_ods(good, &a, &d), ASX_OK);
    const asx_bank *b = a->bank;
    ck_assert_str_eq(a->vendor_name, "株式会社  テスト");
    ck_assert_str_eq(a->vendor_country, "JP");
    ck_assert_double_eq(a->a[asx_bank_find(b, "sla.availability_percent")->index].num, 99.95);
    ck_assert_str_eq(a->a[asx_bank_find(b, "sla.availability_percent")->index].source, "回答!F1005");
    ck_assert_str_eq(a->a[asx_bank_find(b, "sec.admin_mfa")->index].comment, "1 行目\n2 行目");
    ck_assert_str_eq(a->a[asx_bank_find(b, "cert.expiry")->index].str, "2027-03-31");
    ck_assert_int_eq(a->a[asx_bank_find(b, "sec.encryption_at_rest")->index].yn, ASX_YN_YES);
    const asx_answer *loc = &a->a[asx_bank_find(b, "loc.storage_countries")->index];
    ck_assert_uint_eq(loc->nstrs, 2);
    ck_assert_str_eq(loc->strs[1], "SG");
    ck_assert_int_eq(a->date.y, 2026);
    asx_answers_free(a);
    asx_diags_free(&d);
}
END_TEST

/* Issue 28 class 2: cells read as something else, silently. */
static const char *TIME_STYLES =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"3\"><numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/><numFmt numFmtId=\"167\" formatCode=\"yyyy/m/d h:mm\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"0&quot;hours&quot;\"/></numFmts>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"166\"/><xf numFmtId=\"20\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/></cellXfs></styleSheet>";

/* 72:00 typed into an hours cell is stored as 3 (days) with a time format: 72 hours, not 3. */
START_TEST(time_formatted_hours_read_as_hours)
{
    const char *rows = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "bak.rto_hours") "<c r=\"F12\" s=\"1\"><v>3</v></c></row>"
        "<row r=\"13\">" IS("A13", "bak.rpo_hours") "<c r=\"F13\" s=\"2\"><v>0.0625</v></c></row>"
        "<row r=\"14\">" IS("A14", "sla.incident_notification_hours") IS("F14", "７２：００") "</row>"
        "<row r=\"15\">" IS("A15", "bak.frequency_hours") "<c r=\"F15\" s=\"4\"><v>24</v></c></row>"
        "<row r=\"16\">" IS("A16", "cert.expiry") "<c r=\"F16\" s=\"3\"><v>46477.5</v></c></row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, TIME_STYLES, "cloud", cloud_version(), &a, &d), ASX_OK);
    const asx_bank *b = a->bank;
    ck_assert_double_eq(a->a[asx_bank_find(b, "bak.rto_hours")->index].num, 72);
    ck_assert_double_eq(a->a[asx_bank_find(b, "bak.rpo_hours")->index].num, 1.5);
    ck_assert_double_eq(a->a[asx_bank_find(b, "sla.incident_notification_hours")->index].num, 72);
    ck_assert_double_eq(a->a[asx_bank_find(b, "bak.frequency_hours")->index].num, 24); /* "hours" is quoted */
    ck_assert_str_eq(a->a[asx_bank_find(b, "cert.expiry")->index].str, "2027-03-31"); /* a date with a time */
    asx_answers_free(a);
    asx_diags_free(&d);
    /* a time where a percentage or a date is asked is refused naming the cell */
    const char *bad = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "sla.availability_percent") "<c r=\"F12\" s=\"1\"><v>3</v></c></row>"
        "<row r=\"13\">" IS("A13", "cert.expiry") "<c r=\"F13\" s=\"1\"><v>46477</v></c></row>";
    asx_diags_init(&d);
    ck_assert_int_eq(import_book(bad, TIME_STYLES, "cloud", cloud_version(), &a, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "回答!F12: sla.availability_percent: 半角の数値 (%) を入力してください。この質問に「時間」は使えません。入力値: \"72:00\""));
    ck_assert(tu_diags_have(&d, "回答!F13: cert.expiry: 時刻・時間"));
    ck_assert_uint_eq(count_errors(&d), 2);
    asx_diags_free(&d);
}
END_TEST

/* A workbook in the 1904 date system (Excel for Mac): serial 45015 is 2027-03-31, not 2023-03-30. */
START_TEST(date1904_honoured)
{
    char *wb = asx_strdupf("%.*s<workbookPr date1904=\"1\"/>%s", (int)(strstr(WORKBOOK, "<sheets>") - WORKBOOK), WORKBOOK,
                           strstr(WORKBOOK, "<sheets>"));
    const char *rows =
        "<row r=\"1\">" IS("A1", "@vendor.name") IS("F1", "株式会社テスト") "</row>"
        "<row r=\"2\">" IS("A2", "@vendor.country") IS("F2", "JP") "</row>"
        "<row r=\"3\">" IS("A3", "@service.name") IS("F3", "テストクラウド") "</row>"
        "<row r=\"4\">" IS("A4", "@assessment.date") NUM("F4", "44884") "</row>"
        "<row r=\"5\">" IS("A5", "@assessment.purpose") IS("F5", "利用承認") "</row>"
        "<row r=\"12\">" IS("A12", "cert.expiry") NUM("F12", "45015") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book_wb(wb, rows, NULL, "cloud", cloud_version(), &a, &d), ASX_OK);
    ck_assert_str_eq(a->a[asx_bank_find(a->bank, "cert.expiry")->index].str, "2027-03-31");
    ck_assert_int_eq(a->date.y, 2026);
    ck_assert_int_eq(a->date.m, 11);
    ck_assert_int_eq(a->date.d, 20);
    asx_answers_free(a);
    asx_diags_free(&d);
    /* the same cells in a 1900 workbook are four years and a day earlier */
    asx_diags_init(&d);
    ck_assert_int_eq(import_book(rows, NULL, "cloud", cloud_version(), &a, &d), ASX_OK);
    ck_assert_str_eq(a->a[asx_bank_find(a->bank, "cert.expiry")->index].str, "2023-03-30");
    asx_answers_free(a);
    asx_diags_free(&d);
    free(wb);
}
END_TEST

/* 2028 typed into a date cell is a number Excel shows as 1905-07-20: refused naming the cell. */
START_TEST(bare_year_in_date_cell_refused)
{
    const char *rows = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "cert.expiry") NUM("F12", "2028") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, NULL, "cloud", cloud_version(), &a, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(a);
    ck_assert(tu_diags_have(&d, "回答!F12: cert.expiry: 数値 \"2028\" は日付ではありません"));
    asx_diags_free(&d);
}
END_TEST

/* A comma separates thousands only between groups of three digits. */
START_TEST(comma_only_between_thousands)
{
    const char *rows = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "bak.rto_hours") IS("F12", "1,5 時間") "</row>"
        "<row r=\"13\">" IS("A13", "bak.rpo_hours") IS("F13", "０，５") "</row>"
        "<row r=\"14\">" IS("A14", "sla.incident_notification_hours") IS("F14", "2,4,0") "</row>"
        "<row r=\"15\">" IS("A15", "bak.frequency_hours") IS("F15", "1,000.5") "</row>"
        "<row r=\"16\">" IS("A16", "exit.discontinuation_notice_months") IS("F16", "12,0000") "</row>"
        "<row r=\"17\">" IS("A17", "sla.availability_percent") IS("F17", "99.9,5") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, NULL, "cloud", cloud_version(), &a, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "回答!F12: bak.rto_hours: カンマは 3 桁ごとの区切り (1,000) にだけ使えます"));
    ck_assert(tu_diags_have(&d, "回答!F13: bak.rpo_hours: カンマは"));
    ck_assert(tu_diags_have(&d, "回答!F14: sla.incident_notification_hours: カンマは"));
    ck_assert(tu_diags_have(&d, "回答!F16: exit.discontinuation_notice_months: カンマは"));
    ck_assert(tu_diags_have(&d, "回答!F17: sla.availability_percent: カンマは"));
    ck_assert_uint_eq(count_errors(&d), 5);
    asx_diags_free(&d);
    const char *good = HEADER_ROWS
        "<row r=\"12\">" IS("A12", "bak.rto_hours") IS("F12", "1,000") "</row>"
        "<row r=\"13\">" IS("A13", "bak.rpo_hours") IS("F13", "１，２３４，５６７．５ 時間") "</row>";
    asx_diags_init(&d);
    ck_assert_int_eq(import_book(good, NULL, "cloud", cloud_version(), &a, &d), ASX_OK);
    ck_assert_double_eq(a->a[asx_bank_find(a->bank, "bak.rto_hours")->index].num, 1000);
    ck_assert_double_eq(a->a[asx_bank_find(a->bank, "bak.rpo_hours")->index].num, 1234567.5);
    asx_answers_free(a);
    asx_diags_free(&d);
}
END_TEST

/* LibreOffice stores 72:00 as a time cell (PT72H00M00S): 72 hours. A covered (merged) cell's
 * hidden content is not part of the form (issue 28 class 8). */
START_TEST(ods_time_and_covered_cells)
{
    const char *rows =
        ODS_ROW("bak.rto_hours", "<table:table-cell office:value-type=\"time\" office:time-value=\"PT72H00M00S\"><text:p>72:00:00</text:p></table:table-cell>")
        ODS_ROW("bak.rpo_hours", "<table:table-cell office:value-type=\"time\" office:time-value=\"P1DT1H30M0S\"><text:p>25:30</text:p></table:table-cell>")
        ODS_ROW("sec.admin_mfa", "<table:table-cell office:value-type=\"string\" table:number-columns-spanned=\"2\"><text:p>はい</text:p></table:table-cell>"
                "<table:covered-table-cell office:value-type=\"string\"><text:p>隠れたコメント</text:p></table:covered-table-cell>");
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_ods(rows, &a, &d), ASX_OK);
    const asx_bank *b = a->bank;
    ck_assert_double_eq(a->a[asx_bank_find(b, "bak.rto_hours")->index].num, 72);
    ck_assert_double_eq(a->a[asx_bank_find(b, "bak.rpo_hours")->index].num, 25.5);
    ck_assert_int_eq(a->a[asx_bank_find(b, "sec.admin_mfa")->index].yn, ASX_YN_YES);
    ck_assert_ptr_null(a->a[asx_bank_find(b, "sec.admin_mfa")->index].comment);
    asx_answers_free(a);
    asx_diags_free(&d);
}
END_TEST

/* Issue 28 class 5: form --from wrote what import could not read back: a list value holding
 * "/" (a role 「運用/保守」) or an evidence item with a line break failed at import or came back
 * split. Over generated values with separators, quotes, line breaks, full-width forms, white
 * space at the ends and the words of an empty list, every answers file the loader accepts
 * comes back from its form exactly (list items and evidence). */
static const char *const ATOMS[] = {
    "運用/保守", "Ａ／Ｂ株式会社", "一行目\n二行目", "\"引用\"", "say \"hi\" / bye", "ＡＢＣ　株式会社",
    " 前に空白", "後ろに空白 ", "なし", "-", "none", "x\r\ny", "「括弧」", "a//b", "\"", "/", "／",
    "\"\"", "普通の名前", "データセンター設備の運用", "\"a\" b", "a \"b\"", "　全角空白", "行末\n",
    "無し", "N/A", "50%", "tab\tin", "\\back\\slash", "😀絵文字"};
#define NATOMS (sizeof ATOMS / sizeof ATOMS[0])

static unsigned lcg(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

static void compare_strv(char *const *a, size_t na, char *const *b, size_t nb, const char *what)
{
    ck_assert_msg(na == nb, "%s: %zu values, read back %zu", what, na, nb);
    for (size_t i = 0; i < na; i++)
        ck_assert_msg(strcmp(a[i] ? a[i] : "", b[i] ? b[i] : "") == 0, "%s[%zu]: \"%s\" read back as \"%s\"",
                      what, i, a[i] ? a[i] : "", b[i] ? b[i] : "");
}

START_TEST(form_from_round_trip_exact)
{
    size_t len = 0;
    char *sample = tu_read("samples/kumo-subcontract.json", &len);
    const char *ev_questions[] = {"sub.list", "sec.admin_mfa", "org.security_measures_disclosed"};
    char tmpl[] = "/tmp/asx-roundtrip-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    char *path = asx_strdupf("%s/form.xlsx", tmpl);
    unsigned seed = 28, loaded = 0;
    for (int iter = 0; iter < 24; iter++) {
        cJSON *root = cJSON_Parse(sample);
        cJSON *ans = cJSON_GetObjectItemCaseSensitive(root, "answers");
        cJSON *list = cJSON_CreateArray();
        size_t nitems = 1 + lcg(&seed) % 4;
        for (size_t i = 0; i < nitems; i++) {
            cJSON *it = cJSON_CreateObject();
            cJSON_AddStringToObject(it, "name", ATOMS[(iter + i) % NATOMS]);
            cJSON_AddStringToObject(it, "country", (i % 2) ? "US" : "JP");
            char role[160];
            snprintf(role, sizeof role, "%s%s", ATOMS[lcg(&seed) % NATOMS], (lcg(&seed) % 2) ? ATOMS[lcg(&seed) % NATOMS] : "");
            cJSON_AddStringToObject(it, "role", role);
            cJSON_AddItemToArray(list, it);
        }
        cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(ans, "sub.list"), "value", list);
        for (size_t k = 0; k < sizeof ev_questions / sizeof ev_questions[0]; k++) {
            cJSON *ev = cJSON_CreateArray();
            size_t nev = 1 + lcg(&seed) % 3;
            for (size_t e = 0; e < nev; e++)
                cJSON_AddItemToArray(ev, cJSON_CreateString(ATOMS[(lcg(&seed) + (unsigned)iter) % NATOMS]));
            cJSON *x = cJSON_GetObjectItemCaseSensitive(ans, ev_questions[k]);
            if (cJSON_GetObjectItemCaseSensitive(x, "evidence"))
                cJSON_ReplaceItemInObjectCaseSensitive(x, "evidence", ev);
            else
                cJSON_AddItemToObject(x, "evidence", ev);
        }
        char *json = cJSON_PrintUnformatted(root);
        cJSON_Delete(root);
        asx_diags d;
        asx_diags_init(&d);
        asx_answers *orig = NULL;
        if (asx_answers_load(json, strlen(json), "gen.json", &SET, &orig, &d) != ASX_OK) {
            free(json); /* not a valid answers file: nothing to round-trip */
            asx_diags_free(&d);
            continue;
        }
        loaded++;
        asx_form_opts o = {.cls = orig->cls, .lang = ASX_LANG_JA, .date = {2026, 11, 20}, .force = 1,
                           .purpose = orig->purpose, .from = orig};
        ck_assert_int_eq(asx_form_write(orig->bank, &o, path, NULL, &d), ASX_OK);
        FILE *f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *buf = malloc((size_t)n);
        ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
        fclose(f);
        asx_answers *back = NULL;
        asx_error err = asx_form_import(buf, (size_t)n, "form.xlsx", &SET, &back, &d);
        if (err)
            for (size_t i = 0; i < d.n; i++)
                fprintf(stderr, "%s\n", d.v[i].msg);
        ck_assert_msg(err == ASX_OK, "iteration %d: import refused the form written from %s", iter, json);
        const asx_bank *b = orig->bank;
        const asx_answer *x = &orig->a[asx_bank_find(b, "sub.list")->index];
        const asx_answer *y = &back->a[asx_bank_find(b, "sub.list")->index];
        ck_assert_uint_eq(x->nitems, y->nitems);
        for (size_t i = 0; i < x->nitems; i++)
            compare_strv(x->items[i].values, 3, y->items[i].values, 3, "sub.list item");
        for (size_t k = 0; k < sizeof ev_questions / sizeof ev_questions[0]; k++) {
            size_t qi = asx_bank_find(b, ev_questions[k])->index;
            compare_strv(orig->a[qi].evidence, orig->a[qi].nevidence, back->a[qi].evidence,
                         back->a[qi].nevidence, ev_questions[k]);
        }
        free(buf);
        free(json);
        asx_answers_free(orig);
        asx_answers_free(back);
        asx_diags_free(&d);
    }
    ck_assert_uint_ge(loaded, 12); /* most generated files are valid: the test tests something */
    unlink(path);
    rmdir(tmpl);
    free(path);
    free(sample);
}
END_TEST

START_TEST(not_a_form_says_what_to_do)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    static const char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old workbook";
    ck_assert_int_eq(asx_form_import(xls, sizeof xls - 1, "old.xls", &SET, &a, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "Excel 97-2003 形式 (.xls) のブックは読めません。.xlsx (Excel ブック) または .ods で保存し直してください"));
    asx_diags_free(&d);
    asx_diags_init(&d);
    ck_assert_int_eq(asx_form_import("id,answer\n", 10, "a.csv", &SET, &a, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "XLSX でも ODS でもありません"));
    asx_diags_free(&d);
    asx_diags_init(&d);
    entry docx[1] = {{"word/document.xml", "<w/>", 0}};
    size_t len;
    char *buf = make_zip(docx, 1, &len);
    ck_assert_int_eq(asx_form_import(buf, len, "a.docx", &SET, &a, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "表計算のブック (XLSX・ODS) ではない ZIP ファイルです"));
    free(buf);
    asx_diags_free(&d);
}
END_TEST

/* Hostile input class 6: two entries of one name, in any case. */
START_TEST(duplicate_entry_names_refused)
{
    char *answers = asx_strdupf(SHEET_HEAD HEADER_ROWS SHEET_TAIL);
    char *meta = meta_sheet("cloud", cloud_version());
    entry e[5] = {{"xl/workbook.xml", WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0},
                  {"xl/worksheets/sheet1.xml", answers, 0}, {"xl/worksheets/sheet2.xml", meta, 0},
                  {"XL/Worksheets/Sheet1.xml", answers, 0}};
    size_t len;
    char *buf = make_zip(e, 5, &len);
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(asx_form_import(buf, len, "t.xlsx", &SET, &a, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "ZIP の中に同じ名前の項目が 2 つあります (XL/Worksheets/Sheet1.xml と xl/worksheets/sheet1.xml"));
    free(buf);
    entry o[3] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0}, {"content.xml", "<x/>", 0},
                  {"CONTENT.XML", "<y/>", 0}};
    buf = make_zip(o, 3, &len);
    ck_assert_int_eq(asx_form_import(buf, len, "t.ods", &SET, &a, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "CONTENT.XML と content.xml"));
    free(buf);
    free(answers);
    free(meta);
    asx_diags_free(&d);
}
END_TEST

/* The writers' helper cuts text at Excel's cell limit and says so. */
START_TEST(long_text_cut_and_reported)
{
    char path[] = "/tmp/asx_xlsx_textXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    ck_assert_ptr_nonnull(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "回答");
    asx_buf long_text = {0};
    for (int i = 0; i < 40000; i++)
        asx_buf_adds(&long_text, "あ");
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_xlsx_text(ws, "回答", 11, 6, asx_buf_str(&long_text), NULL, &d, "p.xlsx"), LXW_NO_ERROR);
    ck_assert_int_eq(asx_xlsx_text(ws, "回答", 12, 6, "short", NULL, &d, "p.xlsx"), LXW_NO_ERROR);
    ck_assert_uint_eq(d.n, 1);
    ck_assert(tu_diags_have(&d, "回答!G12"));
    ck_assert(tu_diags_have(&d, "32767"));
    ck_assert_int_eq(d.worst, ASX_OK); /* a note, not an error */
    ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
    unlink(path);
    asx_buf_free(&long_text);
    asx_diags_free(&d);
}
END_TEST

START_TEST(fit_width_counts_display_width)
{
    const char *ascii[] = {"abcdefghij"};      /* 10 columns */
    const char *cjk[] = {"外部サービス管理者"}; /* 9 characters, 18 columns */
    const char *lines[] = {"短い\n外部サービス管理者"};
    double a = asx_xlsx_fit_width(ascii, 1, 1, 100), c = asx_xlsx_fit_width(cjk, 1, 1, 100);
    ck_assert(c > a + 8); /* 8 more display columns */
    ck_assert_double_eq_tol(asx_xlsx_fit_width(lines, 1, 1, 100), c, 1e-9);
    ck_assert_double_eq_tol(asx_xlsx_fit_width(cjk, 1, 1, 12), 12, 1e-9);
}
END_TEST

/* A list item's fields are separated by " / " (or a full-width slash), so a field may hold a
 * slash of its own (「ISO/IEC 27001」, issue 29); a line typed with bare slashes is read when
 * that gives the question's fields, and refused naming the format when it does not. */
START_TEST(list_fields_may_contain_slash)
{
    const char *rows = HEADER_ROWS
        "<row r=\"8\">" IS("A8", "ID") IS("F8", "回答") "</row>"
        "<row r=\"10\">" IS("A10", "cert.certificates")
        IS("F10", "ISO/IEC 27001 / IS 123456 / クラウドサービスの提供 / 2027-03-31\nISMAP／C21-0008-2／全サービス／2027-06-30") "</row>"
        "<row r=\"11\">" IS("A11", "sub.uses_subcontractors") IS("F11", "はい") "</row>"
        "<row r=\"12\">" IS("A12", "sub.list") IS("F12", "株式会社A/JP/データセンター運用") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    asx_error err = import_rows(rows, NULL, "cloud", cloud_version(), &json, &d);
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].code != ASX_OK)
            fprintf(stderr, "%s\n", d.v[i].msg);
    ck_assert_int_eq(err, ASX_OK);
    cJSON *root = cJSON_Parse(json);
    const cJSON *certs = answer(root, "cert.certificates");
    ck_assert_int_eq(cJSON_GetArraySize(certs), 2);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(certs, 0), "scheme")->valuestring, "ISO/IEC 27001");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(certs, 0), "number")->valuestring, "IS 123456");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(certs, 1), "number")->valuestring, "C21-0008-2");
    const cJSON *subs = answer(root, "sub.list");
    ck_assert_int_eq(cJSON_GetArraySize(subs), 1);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(subs, 0), "role")->valuestring, "データセンター運用");
    cJSON_Delete(root);
    free(json);
    asx_diags_free(&d);

    /* bare slashes that do not give four fields: refused, the message shows the format */
    const char *bad = HEADER_ROWS
        "<row r=\"8\">" IS("A8", "ID") IS("F8", "回答") "</row>"
        "<row r=\"10\">" IS("A10", "cert.certificates") IS("F10", "ISO/IEC 27001/IS 1/全社/2027-03-31") "</row>";
    asx_diags_init(&d);
    json = NULL;
    ck_assert_int_eq(import_rows(bad, NULL, "cloud", cloud_version(), &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "制度 / 番号 / 範囲 / 有効期限"));
    free(json);
    asx_diags_free(&d);
}
END_TEST

/* 「該当なし」 where the question does not allow it: the message tells to leave the cell blank. */
START_TEST(na_refused_says_leave_blank)
{
    const char *rows = HEADER_ROWS
        "<row r=\"8\">" IS("A8", "ID") IS("F8", "回答") "</row>"
        "<row r=\"10\">" IS("A10", "sec.admin_mfa") IS("F10", "該当なし") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(import_rows(rows, NULL, "cloud", cloud_version(), &json, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "空欄のままにしてください"));
    free(json);
    asx_diags_free(&d);
}
END_TEST

/* One rule of asx_answers_check (no noncharacter in a text, SPEC v2 §7), reported at two places:
 * at the JSON line and column through the loader, at the comment's cell through the import. */
START_TEST(check_reports_json_position_and_cell)
{
    const char *clean = HEADER_ROWS "<row r=\"12\">" IS("A12", "sec.admin_mfa") IS("F12", "はい") "</row>";
    const char *bad = HEADER_ROWS "<row r=\"12\">" IS("A12", "sec.admin_mfa") IS("F12", "はい")
        IS("G12", "確認\xEF\xB7\x90済") "</row>";
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(clean, NULL, "cloud", cloud_version(), &a, &d), ASX_OK);
    asx_diags_free(&d);
    /* the same answers as a JSON file whose comment holds U+FDD0, with no form cell */
    char *json = asx_answers_to_json(a);
    asx_answers_free(a);
    cJSON *root = cJSON_Parse(json);
    free(json);
    cJSON *mfa = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "answers"), "sec.admin_mfa");
    cJSON_DeleteItemFromObjectCaseSensitive(mfa, "source");
    cJSON_AddStringToObject(mfa, "comment", "確認\xEF\xB7\x90済");
    json = cJSON_Print(root);
    cJSON_Delete(root);
    asx_diags_init(&d);
    a = NULL;
    ck_assert_int_eq(asx_answers_load(json, strlen(json), "a.json", &SET, &a, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(d.n, 1);
    ck_assert_ptr_nonnull(strstr(d.v[0].msg, "answers.sec.admin_mfa.comment: "));
    ck_assert_int_eq(strncmp(d.v[0].msg, "answers.", 8), 0);
    /* the line and column of the comment's value */
    const char *at = strstr(json, "\"comment\":");
    ck_assert_ptr_nonnull(at);
    int line = 1;
    for (const char *p = json; p < at; p++)
        line += *p == '\n';
    ck_assert_int_eq(d.v[0].line, line);
    ck_assert_int_gt(d.v[0].col, 1);
    char *loader_msg = asx_strdup(d.v[0].msg);
    asx_diags_free(&d);
    free(json);
    /* the form: the same words, at the comment's cell */
    asx_diags_init(&d);
    ck_assert_int_eq(import_book(bad, NULL, "cloud", cloud_version(), &a, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(count_errors(&d), 1);
    char *want = asx_strdupf("回答!G12: %s", loader_msg);
    ck_assert(tu_diags_have(&d, want));
    for (size_t i = 0; i < d.n; i++)
        ck_assert_int_eq(d.v[i].line, 0);
    free(want);
    free(loader_msg);
    asx_diags_free(&d);
}
END_TEST

/* An OOXML escape cut short at the end of a shared string ("_x1", "_x"): read as typed, and
 * nothing past the string is read (fuzz_xlsx found the reader looking 7 bytes ahead). */
START_TEST(short_escape_at_string_end)
{
    const char *sst =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<si><t>sec.admin_mfa</t></si><si><t>はい</t></si><si><t>参照_x1</t></si><si><t>改行_x000D_後_x</t></si></sst>";
    const char *rows = HEADER_ROWS
        "<row r=\"12\"><c r=\"A12\" t=\"s\"><v>0</v></c><c r=\"F12\" t=\"s\"><v>1</v></c>"
        "<c r=\"G12\" t=\"s\"><v>2</v></c><c r=\"H12\" t=\"s\"><v>3</v></c></row>";
    asx_diags d;
    asx_diags_init(&d);
    char *json = NULL;
    ck_assert_int_eq(import_rows(rows, sst, "cloud", cloud_version(), &json, &d), ASX_OK);
    cJSON *root = cJSON_Parse(json);
    const cJSON *mfa = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "answers"), "sec.admin_mfa");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(mfa, "comment")->valuestring, "参照_x1");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(mfa, "evidence");
    ck_assert_int_eq(cJSON_GetArraySize(ev), 2); /* _x000D_ is a line break: two documents */
    ck_assert_str_eq(cJSON_GetArrayItem(ev, 1)->valuestring, "後_x");
    cJSON_Delete(root);
    free(json);
    asx_diags_free(&d);
}
END_TEST

/* A value rule of asx_answers_check (at most ASX_MAX_LIST_ITEMS evidence documents), reported
 * at the JSON line of "evidence" through the loader and at the evidence cell through the import. */
START_TEST(check_list_size_at_json_line_and_cell)
{
    asx_buf lines = {0};
    for (int i = 0; i <= ASX_MAX_LIST_ITEMS; i++)
        asx_buf_addf(&lines, "%s資料%d", i ? "\n" : "", i + 1);
    char *rows = asx_strdupf(HEADER_ROWS "<row r=\"12\">" IS("A12", "sec.admin_mfa") IS("F12", "はい")
                             "<c r=\"H12\" t=\"inlineStr\"><is><t>%s</t></is></c></row>", asx_buf_str(&lines));
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = NULL;
    ck_assert_int_eq(import_book(rows, NULL, "cloud", cloud_version(), &a, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(count_errors(&d), 1);
    ck_assert(tu_diags_have(&d, "回答!H12: sec.admin_mfa: 項目が多すぎます (101 項目、上限 100 項目)"));
    asx_diags_free(&d);
    free(rows);
    /* the same answer in a JSON file */
    asx_buf js = {0};
    asx_buf_addf(&js,
                 "{\"format\": \"assess-answers/1\", \"questionnaire\": \"cloud\", \"questionnaire_version\": \"%s\",\n"
                 "\"assessment\": {\"date\": \"2026-11-20\", \"purpose\": \"approval\",\n"
                 "  \"classification\": {\"confidentiality\": 2, \"integrity\": 2, \"availability\": 2}},\n"
                 "\"vendor\": {\"name\": \"株式会社テスト\", \"country\": \"JP\"}, \"service\": {\"name\": \"テストクラウド\"},\n"
                 "\"answers\": {\"sec.admin_mfa\": {\"value\": \"yes\",\n  \"evidence\": [",
                 cloud_version());
    for (int i = 0; i <= ASX_MAX_LIST_ITEMS; i++)
        asx_buf_addf(&js, "%s\"資料%d\"", i ? ", " : "", i + 1);
    asx_buf_adds(&js, "]}}}\n");
    asx_diags_init(&d);
    ck_assert_int_eq(asx_answers_load(asx_buf_str(&js), js.len, "a.json", &SET, &a, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(d.n, 1);
    ck_assert_str_eq(d.v[0].msg, "sec.admin_mfa: 項目が多すぎます (101 項目、上限 100 項目)");
    ck_assert_int_eq(d.v[0].line, 6); /* the "evidence" array */
    ck_assert_int_eq(d.v[0].col, 15);
    asx_diags_free(&d);
    asx_buf_free(&js);
    asx_buf_free(&lines);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("xlsx_import");
    TCase *tc = tcase_create("import");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, reads_cell_kinds);
    tcase_add_test(tc, every_cell_problem_reported);
    tcase_add_test(tc, formula_refused);
    tcase_add_test(tc, missing_header_reported);
    tcase_add_test(tc, other_bank_and_version);
    tcase_add_test(tc, not_a_zip);
    tcase_add_test(tc, zip_bomb);
    tcase_add_test(tc, too_many_rows);
    tcase_add_test(tc, doctype_refused);
    tcase_add_test(tc, missing_sheets);
    tcase_add_test(tc, parse_yesno_labels);
    tcase_add_test(tc, long_text_cut_and_reported);
    tcase_add_test(tc, fit_width_counts_display_width);
    tcase_add_test(tc, list_fields_may_contain_slash);
    tcase_add_test(tc, na_refused_says_leave_blank);
    tcase_add_test(tc, fold_full_width);
    tcase_add_test(tc, dates_as_typed);
    tcase_add_test(tc, countries_as_typed);
    tcase_add_test(tc, percent_formats_and_units);
    tcase_add_test(tc, units_that_do_not_fit);
    tcase_add_test(tc, empty_required_and_rows_without_id_warn);
    tcase_add_test(tc, fraction_in_percent_question_warns);
    tcase_add_test(tc, ods_reads_like_xlsx);
    tcase_add_test(tc, not_a_form_says_what_to_do);
    tcase_add_test(tc, duplicate_entry_names_refused);
    tcase_add_test(tc, time_formatted_hours_read_as_hours);
    tcase_add_test(tc, date1904_honoured);
    tcase_add_test(tc, bare_year_in_date_cell_refused);
    tcase_add_test(tc, comma_only_between_thousands);
    tcase_add_test(tc, ods_time_and_covered_cells);
    tcase_add_test(tc, form_from_round_trip_exact);
    tcase_add_test(tc, check_reports_json_position_and_cell);
    tcase_add_test(tc, short_escape_at_string_end);
    tcase_add_test(tc, check_list_size_at_json_line_and_cell);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
