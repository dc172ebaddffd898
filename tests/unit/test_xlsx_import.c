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
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
