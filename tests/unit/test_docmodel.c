/* test_docmodel.c - the document model (report/docmodel.c): building the tree (typed cells,
 * key-value rows that widen, out-of-memory kept for the writer), how paper shows each kind of
 * cell, and the one writer contract: every medium written through a set of outputs, a single
 * file a set of one, an existing file refused without force and left as it was. What each
 * medium shows is read back by the e2e test register_report_model.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/docmodel.h"
#include "asx/pdfdoc.h"
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

/* A small document with one of every block and cell kind. */
static asx_doc *sample(asx_lang l)
{
    asx_doc *doc = asx_doc_new(l, "報告", "副題", NULL);
    ck_assert_ptr_nonnull(doc);
    asx_block *part = asx_doc_part(doc, "概要", "Summary");
    asx_block *kv = asx_doc_kv(doc, part);
    asx_date from = {2026, 4, 1}, to = {2027, 3, 31};
    asx_cell *c = asx_doc_kv_row(doc, kv, "基準日", 1);
    asx_cell_date(c, &from);
    c = asx_doc_kv_row(doc, kv, "対象期間", 2); /* widens the block to three columns */
    asx_cell_date(&c[0], &from);
    asx_cell_date(&c[1], &to);
    ck_assert_uint_eq(kv->ncols, 3);
    ck_assert_uint_eq(kv->nrows, 2);
    ck_assert_str_eq(kv->cells[0].text, "基準日"); /* the first row kept its cells */
    ck_assert_int_eq(kv->cells[1].kind, ASX_CELL_DATE);
    const asx_doc_col cols[] = {{"項目", 2, 20, ASX_DOC_LEFT, false}, {"数", 1, 8, ASX_DOC_RIGHT, false},
                                {"判定", 1, 12, ASX_DOC_LEFT, false}, {"重大度", 1, 12, ASX_DOC_LEFT, false},
                                {"キー", 0, 12, ASX_DOC_LEFT, true}};
    asx_block *t = asx_doc_table(doc, part, cols, 5, "なし");
    for (int i = 0; i < 20; i++) { /* more rows than the first allocation */
        asx_cell *row = asx_doc_row(doc, t);
        ck_assert_ptr_nonnull(row);
        asx_cell_text(doc, &row[0], "行");
        asx_cell_number(doc, &row[1], 99.95, 2, "%");
        asx_cell_verdict(&row[2], ASX_VERDICT_CONDITIONAL);
        asx_cell_severity(&row[3], ASX_SEV_MAJOR);
        asx_cell_text(doc, &row[4], "key");
    }
    asx_doc_heading(doc, part, 2, "小見出し");
    asx_doc_table(doc, part, cols, 5, "該当なし。"); /* empty: said, not drawn */
    asx_block *keep = asx_doc_keep(doc, asx_doc_part(doc, "二つ目", NULL));
    asx_doc_paragraph(doc, keep, "本文");
    asx_block *list = asx_doc_list(doc, keep);
    asx_doc_list_item(doc, list, "一");
    asx_doc_list_item(doc, list, "二");
    asx_doc_page_break(doc, keep);
    const char *labels[] = {"サービスレベル", "所在地"};
    const double values[] = {87.5, -1};
    asx_doc_chart(doc, keep, labels, values, 2, 80, 60);
    const asx_verdict offered[] = {ASX_VERDICT_APPROVED, ASX_VERDICT_CONDITIONAL, ASX_VERDICT_REJECTED};
    asx_doc_decision(doc, keep, offered, 3, ASX_VERDICT_CONDITIONAL);
    asx_doc_badge(doc, keep, ASX_VERDICT_REJECTED, "41.0 点");
    const char *roles[] = {"課長", "起案者"}, *names[] = {"山田\u00A0太郎", NULL}, *consult[] = {"財政課長"};
    asx_doc_stamps(doc, keep, roles, names, 2, consult, 1);
    /* running text (the spec, the contract): a lead, a right-aligned line, notes, articles */
    asx_doc_text(doc, keep, "要旨: ", "右寄せの行", ASX_DOC_RIGHT);
    asx_doc_note(doc, keep, "注記の行");
    asx_block *arts = asx_doc_numbered(doc, keep, ASX_DOC_NUM_ARTICLE);
    asx_doc_item(doc, arts, "(目的)", NULL);
    asx_doc_item_text(doc, arts, "条文の本文");
    asx_doc_note(doc, arts, "根拠: 11-2(3)②");
    asx_doc_item(doc, arts, "(協議)", "甲乙協議する。");
    ck_assert_uint_eq(arts->nkids, 4);
    ck_assert_int_eq(arts->kids[0]->kind, ASX_BLOCK_ITEM);
    ck_assert_str_eq(arts->kids[0]->lead, "(目的)");
    ck_assert_ptr_null(arts->kids[0]->text);
    ck_assert_int_eq(arts->kids[1]->kind, ASX_BLOCK_PARAGRAPH);
    ck_assert_int_eq(arts->kids[2]->kind, ASX_BLOCK_NOTE);
    ck_assert_int_eq(keep->kids[keep->nkids - 3]->align, ASX_DOC_RIGHT);
    /* sheet names Excel refuses: a duplicate, characters it does not take */
    asx_doc_paragraph(doc, asx_doc_part(doc, "Summary", NULL), "同じ名前");
    asx_doc_paragraph(doc, asx_doc_part(doc, "a:b/c", NULL), "使えない文字");
    ck_assert(!asx_doc_oom(doc));
    ck_assert_uint_eq(doc->root.nkids, 4);
    ck_assert_ptr_eq(asx_doc_body(doc), &doc->root);
    ck_assert_uint_eq(t->nrows, 20);
    return doc;
}

START_TEST(cells_as_paper_shows_them)
{
    char buf[96];
    asx_cell c = {0};
    asx_doc *doc = asx_doc_new(ASX_LANG_JA, "t", NULL, NULL);
    asx_cell_number(doc, &c, 99.95, 2, "%");
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_JA, buf, sizeof buf), "99.95 %");
    asx_cell_count(&c, 3);
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_JA, buf, sizeof buf), "3");
    asx_date d = {2026, 12, 1};
    asx_cell_date(&c, &d);
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_EN, buf, sizeof buf), "2026-12-01");
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_JA, buf, sizeof buf), "令和8年12月1日 (2026年)");
    asx_cell_date(&c, NULL);
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_JA, buf, sizeof buf), "—");
    asx_cell_verdict(&c, ASX_VERDICT_REJECTED);
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_EN, buf, sizeof buf), asx_verdict_label(ASX_VERDICT_REJECTED, ASX_LANG_EN));
    asx_cell_severity(&c, ASX_SEV_KNOCKOUT);
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_JA, buf, sizeof buf), "必須条件違反");
    asx_cell_text(doc, &c, NULL);
    ck_assert_str_eq(asx_cell_format(&c, ASX_LANG_JA, buf, sizeof buf), "");
    free(c.text);
    free(c.unit);
    asx_doc_free(doc);
}
END_TEST

/* A section to paste into a larger Word document (the spec): its title and parts one heading
 * level down in the DOCX, nothing else changed; a document of running text has no parts. */
START_TEST(a_section_of_running_text)
{
    char dir[] = "/tmp/asx-docmodel-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    asx_doc *doc = asx_doc_new(ASX_LANG_JA, "要件", "副題", "副題");
    ck_assert_ptr_nonnull(doc);
    doc->section = true;
    asx_doc_paragraph(doc, asx_doc_body(doc), "前文");
    asx_block *part = asx_doc_part(doc, "1. 区分", NULL);
    asx_block *list = asx_doc_numbered(doc, part, ASX_DOC_NUM_PAREN);
    asx_doc_item(doc, list, "〔必須〕", "要件の文");
    ck_assert(!asx_doc_oom(doc));
    char *docx = asx_strdupf("%s/s.docx", dir), *pdf = asx_strdupf("%s/s.pdf", dir);
    asx_outset *set = asx_outset_new(0);
    asx_doc_out o = {.date = {2026, 12, 1}, .set = set};
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_DOCX, &o, docx, &diags), ASX_OK);
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_PDF, &o, pdf, &diags), ASX_OK);
    ck_assert_int_eq(asx_outset_commit(set, &diags), ASX_OK);
    asx_outset_free(set);
    /* the DOCX's headings: the title a Heading 1, the part a Heading 2 */
    struct stat st;
    ck_assert_int_eq(stat(docx, &st), 0);
    char *cmd = asx_strdupf("unzip -p '%s' word/document.xml", docx);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    asx_buf xml = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        asx_buf_add(&xml, chunk, n);
    pclose(f);
    const char *x = asx_buf_str(&xml);
    const char *h1 = strstr(x, "Heading1"), *t = strstr(x, "要件"), *h2 = strstr(x, "Heading2"),
               *p = strstr(x, "1. 区分");
    ck_assert_ptr_nonnull(h1);
    ck_assert_ptr_nonnull(h2);
    ck_assert(h1 < t && t < h2 && h2 < p);
    ck_assert_ptr_null(strstr(x, "\"Title\""));
    ck_assert_ptr_nonnull(strstr(x, "〔必須〕"));
    asx_buf_free(&xml);
    free(cmd);
    unlink(docx);
    unlink(pdf);
    free(docx);
    free(pdf);
    rmdir(dir);
    asx_doc_free(doc);
}
END_TEST

static char *read_head(const char *path, size_t n)
{
    char *b = calloc(1, n + 1);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(b, 1, n, f), n);
    fclose(f);
    return b;
}

/* DOCMODEL_OUT=DIR keeps the three files in DIR (made beforehand) for e2e docmodel_media.sh to
 * read with python-docx, openpyxl and poppler. */
START_TEST(one_writer_for_every_medium)
{
    char dir[] = "/tmp/asx-docmodel-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const char *keep = getenv("DOCMODEL_OUT");
    char *pdf = asx_strdupf("%s/r.pdf", dir), *xlsx = asx_strdupf("%s/r.xlsx", dir), *docx = asx_strdupf("%s/r.docx", dir);
    asx_doc *doc = sample(ASX_LANG_JA);
    asx_doc_out o = {.date = {2026, 12, 1}};
    /* single files: each a set of one */
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_PDF, &o, pdf, &diags), ASX_OK);
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &o, xlsx, &diags), ASX_OK);
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_DOCX, &o, docx, &diags), ASX_OK);
    char *h = read_head(pdf, 5);
    ck_assert_str_eq(h, "%PDF-");
    free(h);
    h = read_head(xlsx, 2);
    ck_assert_str_eq(h, "PK");
    free(h);
    h = read_head(docx, 2);
    ck_assert_str_eq(h, "PK");
    free(h);
    struct stat st;
    ck_assert_int_eq(stat(xlsx, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, ASX_OUTPUT_MODE);
    /* the same document written again: the same bytes */
    char *again = asx_strdupf("%s/again.pdf", dir);
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_PDF, &o, again, &diags), ASX_OK);
    size_t n = (size_t)st.st_size;
    ck_assert_int_eq(stat(pdf, &st), 0);
    n = (size_t)st.st_size;
    char *a = read_head(pdf, n), *b = read_head(again, n);
    ck_assert(memcmp(a, b, n) == 0);
    free(a);
    free(b);
    /* an existing file: refused without force, untouched */
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &o, pdf, &diags), ASX_ERR_CANTCREAT);
    h = read_head(pdf, 5);
    ck_assert_str_eq(h, "%PDF-");
    free(h);
    /* two files of one caller's set: nothing in place before the commit */
    asx_outset *set = asx_outset_new(0);
    char *p2 = asx_strdupf("%s/s.pdf", dir), *x2 = asx_strdupf("%s/s.xlsx", dir);
    asx_doc_out os = {.date = {2026, 12, 1}, .set = set};
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_PDF, &os, p2, &diags), ASX_OK);
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &os, x2, &diags), ASX_OK);
    ck_assert_int_ne(access(p2, F_OK), 0);
    ck_assert_int_eq(asx_outset_commit(set, &diags), ASX_OK);
    ck_assert_int_eq(access(p2, F_OK), 0);
    ck_assert_int_eq(access(x2, F_OK), 0);
    asx_outset_free(set);
    const char *all[] = {pdf, xlsx, docx, again, p2, x2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (keep && i < 3) {
            char *to = asx_strdupf("%s/%s", keep, strrchr(all[i], '/') + 1);
            ck_assert_int_eq(rename(all[i], to), 0);
            free(to);
        }
        unlink(all[i]);
        free((char *)all[i]);
    }
    rmdir(dir);
    asx_doc_free(doc);
}
END_TEST

/* The approval pack's needs (issue 23): a document drawn without its title (each part opens with
 * its own page title), a paper-only 起案 sheet of sub-lines, kept headings and a fixed key column,
 * the 別紙 from its first part numbered on its own pages, paper and workbook each with their own
 * group of blocks, and a sheet that is one grid (frozen, filtered, a column fitted, a percent
 * column shaded). The files are kept as p.* in DOCMODEL_OUT for e2e docmodel_media.sh. */
START_TEST(pack_pages_lines_and_sheets)
{
    asx_doc *doc = asx_doc_new(ASX_LANG_JA, "審査資料 — サービス", NULL, "事業者");
    ck_assert_ptr_nonnull(doc);
    doc->untitled = true;
    asx_block *sh = asx_doc_part(doc, NULL, NULL);
    asx_block_media(sh, ASX_MEDIA_PAPER);
    asx_doc_title(doc, sh, "起 案 用 紙", "みなと市");
    asx_block *kv = asx_doc_kv(doc, sh);
    asx_block_key_width(kv, 110);
    asx_block_tight(kv);
    asx_cell_text(doc, asx_doc_kv_row(doc, kv, "件名", 1), "利用について (伺い)");
    asx_doc_heading_keep(doc, sh, 2, "決裁欄", 170);
    const asx_doc_look sub = {.size = 9, .indent = 12};
    asx_doc_line(doc, sh, "条件1　暗号化 (11-2(2)②イ)", &sub);
    const asx_verdict offered[] = {ASX_VERDICT_APPROVED, ASX_VERDICT_REJECTED};
    asx_doc_decision(doc, sh, offered, 2, ASX_VERDICT_APPROVED);
    asx_block_tight(asx_doc_last(sh));
    ck_assert_int_eq(sh->kids[0]->kind, ASX_BLOCK_TITLE);
    ck_assert_str_eq(sh->kids[0]->subtitle, "みなと市");
    ck_assert(kv->tight && kv->key_width == 110);
    ck_assert_int_eq(sh->kids[2]->level, 2);
    ck_assert(sh->kids[2]->keep_with == 170);
    ck_assert(sh->kids[3]->kind == ASX_BLOCK_LINE && sh->kids[3]->look.indent == 12);
    ck_assert(asx_doc_last(sh)->kind == ASX_BLOCK_DECISION && asx_doc_last(sh)->tight);

    asx_block *annex = asx_doc_part(doc, NULL, "概要");
    asx_block_annex(annex);
    asx_block *paper = asx_doc_group(doc, annex, ASX_MEDIA_PAPER), *sheet = asx_doc_group(doc, annex, ASX_MEDIA_SHEET);
    asx_doc_title(doc, paper, "別紙　審査資料", NULL);
    asx_block_tight(asx_doc_badge_label(doc, paper, ASX_VERDICT_INCOMPLETE, "差戻し (回答の矛盾)", "12.0 点"));
    asx_doc_heading_keep(doc, paper, 1, "主要事項", 0);
    asx_doc_title(doc, sheet, "シート題", NULL);
    asx_block *skv = asx_doc_kv(doc, sheet);
    asx_cell_count(asx_doc_kv_row(doc, skv, "承認の条件 (件数)", 1), 2);
    asx_cell_text(doc, asx_doc_kv_row(doc, skv, "質問票", 1),
                  "cloud 2.0 (外部サービス(クラウドサービス)利用 評価票(機密性2以上の情報を取り扱う場合))");
    const asx_doc_col wide[] = {{"項目", 1, 20, ASX_DOC_LEFT, false}, {"内容", 1, 30, ASX_DOC_LEFT, false}};
    asx_block_sheet(asx_doc_table(doc, sheet, wide, 2, NULL), ASX_DOC_SHEET_PLAIN, 0);
    asx_cell_text(doc, asx_doc_row(doc, asx_doc_last(sheet)), "行");
    ck_assert(annex->annex && paper->media == ASX_MEDIA_PAPER && sheet->media == ASX_MEDIA_SHEET);
    ck_assert_str_eq(paper->kids[1]->lead, "差戻し (回答の矛盾)");
    ck_assert_int_eq(paper->kids[2]->level, 1);

    asx_block *answers = asx_doc_part(doc, NULL, "回答");
    asx_block_media(answers, ASX_MEDIA_SHEET);
    const asx_doc_col cols[] = {{"ID", 1, 6, ASX_DOC_LEFT, false}, {"質問", 3, 20, ASX_DOC_LEFT, false},
                                {"得点", 1, 8, ASX_DOC_RIGHT, false}};
    asx_block *grid = asx_doc_table(doc, answers, cols, 3, NULL);
    asx_block_sheet(grid, ASX_DOC_SHEET_GRID, 1);
    asx_block_sheet_fit(grid, 0);
    asx_block_shade(grid, 2, ASX_DOC_SHADE_SCALE);
    asx_cell *row = asx_doc_row(doc, grid);
    asx_cell_text(doc, &row[0], "sla.availability_percent");
    asx_cell_text(doc, &row[1], "稼働率");
    asx_cell_percent(&row[2], 50, 0);
    ck_assert(grid->sheet_mode == ASX_DOC_SHEET_GRID && grid->frozen == 1 && grid->fit_cols == 1);
    ck_assert(grid->shade_col == 2 && grid->shade == ASX_DOC_SHADE_SCALE);
    char buf[32];
    ck_assert_str_eq(asx_cell_format(&row[2], ASX_LANG_JA, buf, sizeof buf), "50 %");
    ck_assert(!asx_doc_oom(doc));

    /* paper: the 起案 sheet alone on page 1, the 別紙 from page 2 (its heading level 1) */
    asx_font *font = NULL;
    ck_assert_int_eq(asx_font_load(NULL, &font, &diags), ASX_OK);
    setenv("ASSESS_LAYOUT_LOG", "/dev/null", 1); /* the engine records its layout */
    struct asx_pdf *p = NULL;
    ck_assert_int_eq(asx_doc_layout_pdf(doc, font, (asx_date){2026, 12, 1}, &p), ASX_OK);
    unsetenv("ASSESS_LAYOUT_LOG");
    ck_assert_int_eq(asx_pdf_page_count(p), 2);
    const char *log = asx_pdf_layout_log(p);
    const char *h = strstr(log, "主要事項");
    ck_assert_msg(h && strstr(log, "heading page=2") && strstr(log, "heading page=2") < h, "%s", log);
    ck_assert_msg(strstr(log, "heading page=1") && strstr(log, "heading page=1") < strstr(log, "決裁欄"), "%s", log);
    asx_pdf_free(p);

    char dir[] = "/tmp/asx-docmodel-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const char *keep = getenv("DOCMODEL_OUT");
    const char *ext[] = {"pdf", "xlsx", "docx"};
    const asx_medium media[] = {ASX_MEDIUM_PDF, ASX_MEDIUM_XLSX, ASX_MEDIUM_DOCX};
    asx_doc_out o = {.date = {2026, 12, 1}, .font = font};
    for (size_t i = 0; i < 3; i++) {
        char *path = asx_strdupf("%s/p.%s", keep ? keep : dir, ext[i]);
        ck_assert_int_eq(asx_doc_write(doc, media[i], &o, path, &diags), ASX_OK);
        if (!keep)
            unlink(path);
        free(path);
    }
    rmdir(dir);
    asx_font_free(font);
    asx_doc_free(doc);
}
END_TEST

/* The workbook additions (a sheet of its own read across, issue 23's comparison): the part's
 * own title and subtitle, a table whose label columns stay in view and whose cells are filled by
 * tone, a percent cell, the page header of every sheet and the file's mode. DOCMODEL_OUT=DIR
 * keeps the workbook as DIR/across.xlsx for e2e docmodel_media.sh to read with openpyxl. */
START_TEST(a_sheet_read_across)
{
    asx_doc *doc = asx_doc_new(ASX_LANG_JA, "文書", NULL, NULL);
    ck_assert_ptr_nonnull(doc);
    asx_doc_sheet_header(doc, "件名: 見出し & 組織");
    ck_assert_str_eq(doc->header, "件名: 見出し & 組織");
    asx_block *part = asx_doc_part(doc, "比較の表", "比較");
    asx_doc_sheet_head(doc, part, "比較の表", "副題の行");
    ck_assert_str_eq(part->sheet_title, "比較の表");
    ck_assert_str_eq(part->sheet_sub, "副題の行");
    const asx_doc_col cols[] = {{"項目", 1, 30, ASX_DOC_LEFT, false}, {"注", 1, 24, ASX_DOC_LEFT, false},
                                {"甲", 1, 30, ASX_DOC_LEFT, false}, {"乙", 1, 30, ASX_DOC_LEFT, false}};
    asx_block *t = asx_doc_table(doc, part, cols, 4, NULL);
    ck_assert_uint_eq(t->frozen, 0); /* nothing frozen, nothing filled unless asked */
    ck_assert(!t->fills);
    asx_doc_sheet_table(t, 2, true);
    ck_assert_uint_eq(t->frozen, 2);
    ck_assert(t->fills);
    asx_cell *row = asx_doc_row(doc, t);
    asx_cell_text(doc, &row[0], "得点");
    row[0].tone = ASX_DOC_TONE_NEUTRAL;
    asx_cell_number(doc, &row[2], 96.5, 1, NULL);
    asx_cell_number(doc, &row[3], 80, 1, NULL);
    row[3].tone = ASX_DOC_TONE_WARN;
    row = asx_doc_row(doc, t);
    asx_cell_text(doc, &row[0], "達成率");
    asx_cell_percent(&row[2], 85, 0);
    asx_cell_text(doc, &row[3], "対象外");
    row[3].tone = ASX_DOC_TONE_BAD;
    char buf[32];
    ck_assert_str_eq(asx_cell_format(&row[2], ASX_LANG_JA, buf, sizeof buf), "85 %"); /* paper unchanged */
    asx_doc_part(doc, "二枚目", NULL); /* a sheet without a head of its own: row 1 is its first block */
    char dir[] = "/tmp/asx-docmodel-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *xlsx = asx_strdupf("%s/across.xlsx", dir);
    asx_doc_out o = {.date = {2026, 12, 1}, .mode = 0600};
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &o, xlsx, &diags), ASX_OK);
    struct stat st;
    ck_assert_int_eq(stat(xlsx, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0600);
    const char *keep = getenv("DOCMODEL_OUT");
    if (keep) {
        char *to = asx_strdupf("%s/across.xlsx", keep);
        ck_assert_int_eq(rename(xlsx, to), 0);
        free(to);
    }
    unlink(xlsx);
    free(xlsx);
    rmdir(dir);
    asx_doc_free(doc);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("docmodel");
    TCase *t = tcase_create("core");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, cells_as_paper_shows_them);
    tcase_add_test(t, one_writer_for_every_medium);
    tcase_add_test(t, a_section_of_running_text);
    tcase_add_test(t, pack_pages_lines_and_sheets);
    tcase_add_test(t, a_sheet_read_across);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
