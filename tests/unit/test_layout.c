/* test_layout.c - the layout rules of pdfdoc (SPEC v2 §6), each checked on a generated PDF
 * through the engine's layout records and pdftotext page by page: a heading keeps with what
 * follows, a chart / key-value block / stamp row is not split, column widths come from the
 * content, ids, clause numbers, numbers with units and names are not broken (a token wider
 * than its column gets the continuation mark), a cut footer ends with 「…」, landscape pages,
 * 別紙 numbering. PDFDOC_KEEP=DIR keeps the PDFs to look at. */
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

static asx_pdf *doc(void)
{
    asx_pdf *p = asx_pdf_new(font, ASX_LANG_JA);
    ck_assert_ptr_nonnull(p);
    asx_pdf_layout_records(p, true);
    return p;
}

/* Body paragraphs until no more than `left` pt remain on the current page. */
static void fill(asx_pdf *p, float left)
{
    int i = 0;
    asx_pdf_paragraph(p, "本文の段落。", NULL);
    while (asx_pdf_remaining(p) > left) {
        char s[32];
        snprintf(s, sizeof s, "本文の段落 %d。", ++i);
        asx_pdf_paragraph(p, s, NULL);
    }
}

/* The page (from 1) of the first layout record of kind whose detail starts with what (NULL:
 * any); 0 when there is none. */
static int record_page(const asx_pdf *p, const char *kind, const char *what)
{
    const char *log = asx_pdf_layout_log(p);
    size_t kl = strlen(kind);
    for (const char *l = log; *l;) {
        const char *nl = strchr(l, '\n');
        if (strncmp(l, kind, kl) == 0 && l[kl] == ' ') {
            const char *pg = strstr(l, "page=");
            const char *detail = strchr(strstr(l, " y=") + 1, ' ');
            if (pg && (!what || (detail && strncmp(detail + 1, what, strlen(what)) == 0)))
                return atoi(pg + 5);
        }
        if (!nl)
            break;
        l = nl + 1;
    }
    return 0;
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

/* Save p to a temporary file; the path is written to path (PATH_MAX-sized). */
static void save(asx_pdf *p, char *path, const char *name)
{
    asx_diags d;
    asx_diags_init(&d);
    snprintf(path, 256, "/tmp/test_layout_%s_XXXXXX", name);
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(asx_pdf_save(p, NULL, path, 1, &d), ASX_OK);
    if (getenv("PDFDOC_KEEP")) {
        char keep[512];
        snprintf(keep, sizeof keep, "%s/%s.pdf", getenv("PDFDOC_KEEP"), name);
        asx_pdf_save(p, NULL, keep, 1, &d);
    }
    asx_diags_free(&d);
}

/* Text of page pg (raw order: cells in drawing order). */
static void page_text(const char *path, int pg, char *out, size_t size)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -raw -f %d -l %d %s - 2>&1", pg, pg, path);
    ck_assert_int_eq(run_capture(cmd, out, size), 0);
}

/* The last line of page text that is not the footer. */
static void last_body_line(const char *text, char *out, size_t size)
{
    const char *end = text + strlen(text), *best = NULL;
    size_t best_len = 0;
    const char *l = text;
    while (l < end) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)len, l);
        if (len > 0 && *l != '\f' && !strstr(line, "ページ") && !strstr(line, "フッター")) {
            /* footers contain ページ or the footer text; both are left out */
            best = l;
            best_len = len;
        }
        if (!nl)
            break;
        l = nl + 1;
    }
    snprintf(out, size, "%.*s", (int)best_len, best ? best : "");
}

START_TEST(heading_keeps_with_next)
{
    asx_pdf *p = doc();
    asx_pdf_set_footer(p, "フッター");
    fill(p, 40);
    asx_pdf_space(p, asx_pdf_remaining(p) - 30);
    /* room for the heading itself (8 + 16 pt) but not for the table after it */
    asx_pdf_heading(p, 2, "見出しは次の表と同じページに", 1);
    asx_pdf_col cols[] = {{"設問ID", 1, ASX_PDF_LEFT}, {"回答", 2, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, cols, 2);
    const char *r1[] = {"q1.first", "はい"}, *r2[] = {"q2.second", "いいえ"};
    asx_pdf_row(p, r1, NULL);
    asx_pdf_row(p, r2, NULL);
    asx_pdf_table_end(p);
    int hp = record_page(p, "heading", "見出し"), rp = record_page(p, "row", "q1.first");
    ck_assert_msg(record_page(p, "carry", NULL) > 0, "the heading was not carried:\n%s", asx_pdf_layout_log(p));
    char path[256], text[65536], last[512];
    save(p, path, "heading");
    /* the layout records and the PDF agree: the heading and its table share page 2 */
    page_text(path, 1, text, sizeof text);
    ck_assert_ptr_null(strstr(text, "見出しは次の表"));
    last_body_line(text, last, sizeof last);
    ck_assert_msg(strstr(last, "本文の段落") != NULL, "page 1 ends with \"%s\"", last);
    page_text(path, 2, text, sizeof text);
    ck_assert(strstr(text, "見出しは次の表と同じページに") != NULL);
    ck_assert(strstr(text, "q1.first") != NULL);
    ck_assert_int_eq(hp, rp);
    ck_assert_int_eq(hp, 2);
    unlink(path);
    asx_pdf_free(p);
}
END_TEST

/* Two headings in a row and a small note between them all move with the table. */
START_TEST(heading_group_with_note)
{
    asx_pdf *p = doc();
    fill(p, 60);
    asx_pdf_heading(p, 1, "設問別の回答と評点", 1);
    asx_pdf_style note = {.size = 7.5f};
    asx_pdf_paragraph(p, "評点は 0〜100。", &note);
    asx_pdf_heading(p, 2, "組織・管理体制", 1);
    asx_pdf_col cols[] = {{"設問", 1, ASX_PDF_LEFT}, {"回答", 1, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, cols, 2);
    const char *r1[] = {"org.first", "はい"};
    asx_pdf_row(p, r1, NULL);
    asx_pdf_table_end(p);
    int h1 = record_page(p, "heading", "設問別"), h2 = record_page(p, "heading", "組織"),
        row = record_page(p, "row", "org.first");
    ck_assert_msg(h1 == row && h2 == row, "h1 %d h2 %d row %d\n%s", h1, h2, row, asx_pdf_layout_log(p));
    asx_pdf_free(p);
}
END_TEST

static const char *chart_labels[] = {"組織・管理体制", "サービスレベル", "インシデント対応", "再委託",
                                     "データの所在", "準拠法・管轄", "バックアップ", "終了時の扱い"};

START_TEST(chart_not_split)
{
    asx_pdf *p = doc();
    fill(p, 90); /* the chart is ~170 pt tall */
    const double values[] = {100, 78.9, 100, 94.1, 100, 60, 55, -1};
    asx_pdf_bar_chart(p, chart_labels, values, 8, 80, 60);
    const char *log = asx_pdf_layout_log(p);
    ck_assert_msg(strstr(log, "block page=2 ") != NULL && strstr(log, "from=2 to=2") != NULL,
                  "chart split or not moved:\n%s", log);
    char path[256], text[65536];
    save(p, path, "chart");
    page_text(path, 2, text, sizeof text);
    for (size_t i = 0; i < 8; i++)
        ck_assert_msg(strstr(text, chart_labels[i]) != NULL, "page 2 lacks %s", chart_labels[i]);
    page_text(path, 1, text, sizeof text);
    for (size_t i = 0; i < 8; i++)
        ck_assert_msg(strstr(text, chart_labels[i]) == NULL, "page 1 has %s", chart_labels[i]);
    unlink(path);
    asx_pdf_free(p);
}
END_TEST

START_TEST(kv_and_stamps_not_split)
{
    asx_pdf *p = doc();
    fill(p, 80);
    const char *keys[] = {"対象サービス", "事業者", "法人番号", "格付", "目的", "質問票", "判定", "得点"};
    const char *vals[] = {"みなと文書管理クラウド", "株式会社みなとクラウド", "1234567890123", "機密性2・完全性2・可用性2",
                          "利用承認", "cloud 1.0", "承認", "92.5 点"};
    asx_pdf_kv(p, keys, vals, 8, 0);
    ck_assert_msg(strstr(asx_pdf_layout_log(p), "from=2 to=2") != NULL, "kv split:\n%s", asx_pdf_layout_log(p));
    fill(p, 120);
    const char *roles[] = {"市長", "副市長", "総務部長", "情報政策課長", "課長補佐", "起案者"};
    const char *names[] = {NULL, NULL, NULL, NULL, NULL, "鈴木\u00A0一郎"};
    const char *consult[] = {"財政課長", "契約課長"};
    asx_pdf_stamp_row(p, roles, names, 6, consult, 2);
    ck_assert_msg(strstr(asx_pdf_layout_log(p), "from=3 to=3") != NULL, "stamp row split:\n%s",
                  asx_pdf_layout_log(p));
    char path[256], text[65536];
    save(p, path, "blocks");
    page_text(path, 3, text, sizeof text);
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(strstr(text, roles[i]) != NULL, "page 3 lacks %s", roles[i]);
    ck_assert(strstr(text, "財政課長") && strstr(text, "契約課長"));
    page_text(path, 2, text, sizeof text);
    ck_assert(strstr(text, "株式会社みなとクラウド") && strstr(text, "92.5 点"));
    unlink(path);
    asx_pdf_free(p);
}
END_TEST

/* Ids, clause numbers, numbers with their units and names stay whole, even where the caller's
 * relative widths would make their column too narrow: the widths come from the content. */
START_TEST(tokens_whole_widths_from_content)
{
    asx_pdf *p = doc();
    asx_pdf_col cols[] = {{"No.", 5, ASX_PDF_RIGHT},
                          {"設問ID", 0.3f, ASX_PDF_LEFT},
                          {"条項", 0.3f, ASX_PDF_LEFT},
                          {"値", 0.3f, ASX_PDF_LEFT},
                          {"確認者", 0.3f, ASX_PDF_LEFT},
                          {"内容", 4, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, cols, 6);
    const char *r1[] = {"1", "sub.uses_subcontractors", "11-2(2)⑥イ", "24 時間", "佐藤\u00A0花子",
                        "再委託先の追加があった。長い説明の文章が続く。長い説明の文章が続く。長い説明の文章が続く。"};
    const char *r2[] = {"2", "cert.expiry", "第9章第3節(2)⑪", "99.9 %", "山田\u00A0太郎", "有効期限切れ"};
    asx_pdf_row(p, r1, NULL);
    asx_pdf_row(p, r2, NULL);
    asx_pdf_table_end(p);
    const char *log = asx_pdf_layout_log(p);
    ck_assert_msg(strstr(log, "cont ") == NULL, "a token was broken:\n%s", log);
    /* the "No." column shrinks to its content although its relative width is the largest */
    const char *w = strstr(log, "widths=");
    ck_assert_ptr_nonnull(w);
    ck_assert_msg(atof(w + 7) < 40, "No. column %.1f pt wide", atof(w + 7));
    char path[256], text[65536];
    save(p, path, "tokens");
    page_text(path, 1, text, sizeof text);
    const char *whole[] = {"sub.uses_subcontractors", "11-2(2)⑥イ", "24 時間", "佐藤 花子", "99.9 %",
                           "第9章第3節(2)⑪", "山田 太郎", "cert.expiry"};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        ck_assert_msg(strstr(text, whole[i]) != NULL, "%s broken:\n%s\n%s", whole[i], text, log);
    unlink(path);
    asx_pdf_free(p);
}
END_TEST

/* A token wider than the whole page is broken, and the break is marked ⏎. */
START_TEST(token_wider_than_column_marked)
{
    asx_pdf *p = doc();
    char id[400];
    memset(id, 'x', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    memcpy(id, "very.long.id.", 13);
    asx_pdf_col cols[] = {{"ID", 1, ASX_PDF_LEFT}, {"回答", 1, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, cols, 2);
    const char *r[] = {id, "はい"};
    asx_pdf_row(p, r, NULL);
    asx_pdf_table_end(p);
    asx_pdf_paragraph(p, id, NULL);
    ck_assert(strstr(asx_pdf_layout_log(p), "cont ") != NULL);
    char path[256], text[65536];
    save(p, path, "cont");
    page_text(path, 1, text, sizeof text);
    ck_assert_msg(strstr(text, "⏎") != NULL, "no continuation mark:\n%s", text);
    /* only the overlong token is marked: the short one is whole */
    ck_assert(strstr(text, "はい") != NULL);
    unlink(path);
    asx_pdf_free(p);
}
END_TEST

START_TEST(wrap_keeps_tokens)
{
    asx_pdf *p = doc();
    char **lines = NULL;
    /* a narrow width that used to split 「11-2(2)⑥ / イ」 and 「24 / 時間」 */
    size_t n = asx_pdf_wrap(p, "根拠は11-2(2)⑥イである。回答は 24 時間。担当 佐藤\u00A0花子", 8.5f, 60, &lines);
    ck_assert_int_gt(n, 1);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(strcmp(lines[i], "イである。") != 0 && strncmp(lines[i], "イ", 3) != 0,
                      "clause broken before イ: line %zu \"%s\"", i, lines[i]);
        ck_assert_msg(strncmp(lines[i], "時間", 6) != 0, "unit broken from its number: \"%s\"", lines[i]);
        ck_assert_msg(strncmp(lines[i], "花子", 6) != 0, "name broken: \"%s\"", lines[i]);
    }
    asx_pdf_lines_free(lines, n);
    asx_pdf_free(p);
}
END_TEST

START_TEST(footer_cut_with_ellipsis)
{
    asx_pdf *p = doc();
    asx_pdf_set_footer(p, "とても長いサービス名のとても長いサービス名のとても長いサービス名のとても長いサービス名の"
                          "とても長いサービス名のとても長いサービス名 外部サービス利用 審査資料 (株式会社とても長い事業者名)");
    asx_pdf_paragraph(p, "本文。", NULL);
    char path[256], text[65536];
    save(p, path, "footer");
    ck_assert(strstr(asx_pdf_layout_log(p), "footer-cut") != NULL);
    page_text(path, 1, text, sizeof text);
    ck_assert_msg(strstr(text, "…") != NULL, "cut footer without …:\n%s", text);
    ck_assert(strstr(text, "1 / 1 ページ") != NULL);
    unlink(path);
    asx_pdf_free(p);
}
END_TEST

START_TEST(landscape_and_annex)
{
    asx_pdf *p = doc();
    asx_pdf_set_landscape(p);
    ck_assert(asx_pdf_content_width(p) > 700);
    asx_pdf_paragraph(p, "起案用紙", NULL);
    asx_pdf_page_break(p);
    asx_pdf_set_annex(p, (size_t)asx_pdf_page_count(p));
    asx_pdf_paragraph(p, "別紙の本文", NULL);
    asx_pdf_page_break(p);
    asx_pdf_paragraph(p, "別紙の二枚目", NULL);
    char path[256], text[65536], cmd[512];
    save(p, path, "landscape");
    snprintf(cmd, sizeof cmd, "pdfinfo %s", path);
    ck_assert_int_eq(run_capture(cmd, text, sizeof text), 0);
    ck_assert_msg(strstr(text, "841.89 x 595.2") != NULL, "not A4 landscape:\n%s", text);
    page_text(path, 1, text, sizeof text);
    ck_assert(strstr(text, "ページ") == NULL && strstr(text, "別紙 ") == NULL);
    page_text(path, 2, text, sizeof text);
    ck_assert_msg(strstr(text, "別紙 1 / 2") != NULL, "%s", text);
    page_text(path, 3, text, sizeof text);
    ck_assert(strstr(text, "別紙 2 / 2") != NULL);
    unlink(path);
    asx_pdf_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("layout");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, heading_keeps_with_next);
    tcase_add_test(tc, heading_group_with_note);
    tcase_add_test(tc, chart_not_split);
    tcase_add_test(tc, kv_and_stamps_not_split);
    tcase_add_test(tc, tokens_whole_widths_from_content);
    tcase_add_test(tc, token_wider_than_column_marked);
    tcase_add_test(tc, wrap_keeps_tokens);
    tcase_add_test(tc, footer_cut_with_ellipsis);
    tcase_add_test(tc, landscape_and_annex);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
