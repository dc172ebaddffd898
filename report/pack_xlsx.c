/* pack_xlsx.c - the XLSX approval pack: 概要 (summary and key facts), 回答 (every question),
 * 指摘 (findings and conditions) and 台帳 (the register entry the pack supports).
 *
 * Numbers are written as numbers and dates as date serials with a date format, so a reader
 * (LibreOffice, openpyxl, Excel) can sort and compute with them. The workbook's creation time is
 * the pack date at midnight UTC: the same result and --date give a byte-identical file. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "asx/country.h"
#include "asx/form.h"
#include "asx/io.h"
#include "asx/pack_xlsx.h"
#include "asx/util.h"


typedef struct {
    lxw_workbook *wb;
    const asx_result *r;
    const asx_answers *a;
    const asx_bank *b;
    const asx_pack_opts *o;
    asx_lang lang;
    const char *file;
    asx_diags *d;
    lxw_error lerr;
    lxw_format *title, *bold, *head, *cell, *wrap, *num1, *num2, *pct, *date, *label, *verdict;
} pack_writer;

static void put_text(pack_writer *w, lxw_worksheet *ws, const char *sheet, lxw_row_t r, lxw_col_t c,
                     const char *s, lxw_format *f)
{
    asx_xlsx_keep(&w->lerr, asx_xlsx_text(ws, sheet, r, c, s, f, w->d, w->file));
}

static void put_num(pack_writer *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    asx_xlsx_keep(&w->lerr, worksheet_write_number(ws, r, c, v, f));
}

static void put_date(pack_writer *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, asx_date d)
{
    asx_xlsx_keep(&w->lerr, asx_xlsx_date(ws, r, c, &d, w->date, w->date));
}

static lxw_format *fmt_new(pack_writer *w)
{
    return asx_xlsx_format(w->wb, &w->lerr);
}

static bool make_formats(pack_writer *w)
{
    lxw_format **all[] = {&w->title, &w->bold, &w->head, &w->cell, &w->wrap, &w->num1,
                          &w->num2, &w->pct, &w->date, &w->label, &w->verdict};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        *all[i] = fmt_new(w);
    if (w->lerr)
        return false;
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
    format_set_bold(w->bold);
    format_set_bold(w->head);
    format_set_bg_color(w->head, 0xD9E1F2);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *bordered[] = {w->head, w->cell, w->wrap, w->num1, w->num2, w->pct, w->date, w->label, w->verdict};
    for (size_t i = 0; i < sizeof bordered / sizeof bordered[0]; i++) {
        format_set_border(bordered[i], LXW_BORDER_THIN);
        if (bordered[i] != w->head)
            format_set_align(bordered[i], LXW_ALIGN_VERTICAL_TOP);
    }
    format_set_text_wrap(w->wrap);
    format_set_num_format(w->num1, "0.0");
    format_set_num_format(w->num2, "0.##");
    format_set_num_format(w->pct, "0%");
    format_set_num_format(w->date, asx_xlsx_date_format(w->lang));
    format_set_align(w->date, LXW_ALIGN_LEFT);
    format_set_bold(w->label);
    format_set_text_wrap(w->label);
    format_set_bg_color(w->label, 0xF2F2F2);
    format_set_bold(w->verdict);
    format_set_font_size(w->verdict, 12);
    return true;
}

/* A4, fit to one page wide, the header row repeated on every page. */
static void print_setup(pack_writer *w, lxw_worksheet *ws, bool landscape, lxw_row_t header_row)
{
    worksheet_set_paper(ws, 9);
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    asx_xlsx_keep(&w->lerr, worksheet_repeat_rows(ws, header_row, header_row));
}

/* Column width fitting the texts a column holds (display width, CJK counting 2). */
static void fit_column(pack_writer *w, lxw_worksheet *ws, lxw_col_t col, const char *const *texts,
                       size_t n, double min, double max)
{
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, col, col, asx_xlsx_fit_width(texts, n, min, max), NULL));
}

/* Row height fitting the wrapped texts (each in a column of the given width). */
static void set_height(pack_writer *w, lxw_worksheet *ws, lxw_row_t row, const char *const *texts,
                       const double *widths, size_t n)
{
    double h = 15;
    for (size_t i = 0; i < n; i++) {
        double t = texts[i] ? asx_xlsx_row_height(texts[i], widths[i]) : 15;
        if (t > h)
            h = t;
    }
    asx_xlsx_keep(&w->lerr, worksheet_set_row(ws, row, h, NULL));
}

/* The answer cell of question q: numbers as numbers, dates as dates, the rest as text. */
static void put_answer(pack_writer *w, lxw_worksheet *ws, const char *sheet, lxw_row_t r, lxw_col_t c,
                       const asx_question *q, const asx_answer *x)
{
    if (x->present && !x->na && q->type == ASX_Q_NUMBER) {
        put_num(w, ws, r, c, x->num, w->num2);
        return;
    }
    if (x->present && !x->na && q->type == ASX_Q_DATE && asx_date_valid(x->date)) {
        put_date(w, ws, r, c, x->date);
        return;
    }
    char *s = asx_answer_format(q, x, w->lang);
    if (!s) {
        asx_xlsx_keep(&w->lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    put_text(w, ws, sheet, r, c, s, w->wrap);
    free(s);
}

static char *evidence_text(const asx_answer *x)
{
    asx_buf b = {0};
    for (size_t i = 0; i < x->nevidence; i++)
        asx_buf_addf(&b, "%s%s", i ? "\n" : "", x->evidence[i]);
    return asx_buf_take(&b);
}

/* The conditions of the result: "1. text (clause; due YYYY-MM-DD)" lines ("" when none). */
static char *conditions_text(const pack_writer *w)
{
    const asx_result *r = w->r;
    asx_buf b = {0};
    for (size_t i = 0; i < r->nconditions; i++) {
        const asx_condition *c = &r->conditions[i];
        char due[64];
        asx_date_format(c->due, w->lang, due, sizeof due); /* the document's date style */
        asx_buf_addf(&b, ASX_TR(w->lang, "%s%zu. %s (%s、期限 %s)", "%s%zu. %s (%s; due %s)"), i ? "\n" : "", c->n,
                     asx_finding_msg(c->finding, w->lang),
                     c->finding->clause_local ? c->finding->clause_local : "-", due);
    }
    if (!b.s && !b.oom)
        return asx_strdup("");
    return asx_buf_take(&b);
}

static const asx_condition *condition_of(const pack_writer *w, const asx_finding *f)
{
    for (size_t i = 0; i < w->r->nconditions; i++)
        if (w->r->conditions[i].finding == f)
            return &w->r->conditions[i];
    return NULL;
}

/* The clauses of q as the result cites them, the organisation's numbering (caller frees). */
static char *clauses_text(const pack_writer *w, const asx_question *q)
{
    const char *c = w->r->q[q->index].cite.clause_local;
    return asx_strdup(c ? c : "");
}

/* The title of the pack, the same as the PDF's. */
static const char *pack_title(const pack_writer *w)
{
    return asx_text_get(&w->b->documents.title, w->lang);
}

/* ---- 概要 / Summary ---------------------------------------------------------------------- */

/* Widths (characters) of the value and clause columns of the summary sheet. */
#define SUMMARY_LABEL_WIDTH 32.0
#define SUMMARY_VALUE_WIDTH 44.0
#define SUMMARY_NORM_WIDTH 18.0
#define SUMMARY_CLAUSE_WIDTH 22.0

static void write_summary(pack_writer *w, lxw_worksheet *ws, const char *name)
{
    const asx_answers *a = w->a;
    const asx_result *r = w->r;
    char cls[128], buf[256];
    asx_class_format(a->cls, w->lang, cls, sizeof cls);
    put_text(w, ws, name, 0, 0, pack_title(w), w->title);
    lxw_row_t row = 2;
    const char *labels[][2] = {{"サービス", "Service"}, {"事業者", "Vendor"}, {"法人番号", "Corporate number"},
                               {"質問票", "Questionnaire"}, {"格付け", "Classification"}};
    snprintf(buf, sizeof buf, "%s %s (%s)", w->b->id, a->bank_version ? a->bank_version : w->b->version,
             asx_text_get(&w->b->title, w->lang));
    const char *vals[] = {a->service_name, a->vendor_name, a->corporate_number ? a->corporate_number : "-", buf, cls};
    for (size_t i = 0; i < 5; i++, row++) {
        static const double width[] = {SUMMARY_VALUE_WIDTH};
        put_text(w, ws, name, row, 0, ASX_TR(w->lang, labels[i][0], labels[i][1]), w->label);
        put_text(w, ws, name, row, 1, vals[i], w->wrap);
        set_height(w, ws, row, &vals[i], width, 1);
    }
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "回答日", "Date of the answers"), w->label);
    put_date(w, ws, row++, 1, a->date);
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "判定日", "Decided on"), w->label);
    put_date(w, ws, row++, 1, r->decided_on);
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "判定", "Verdict"), w->label);
    put_text(w, ws, name, row++, 1, asx_result_verdict_label(r, w->lang), w->verdict);
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "総合点 (100 点満点)", "Score (out of 100)"), w->label);
    put_num(w, ws, row++, 1, r->score, w->num1);
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "指摘 (必須条件違反/重大/軽微/参考)", "Findings (knockout/major/minor/info)"), w->label);
    snprintf(buf, sizeof buf, "%zu / %zu / %zu / %zu", r->count[ASX_SEV_KNOCKOUT], r->count[ASX_SEV_MAJOR],
             r->count[ASX_SEV_MINOR], r->count[ASX_SEV_INFO]);
    put_text(w, ws, name, row++, 1, buf, w->cell);
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "承認の条件 (件数)", "Conditions"), w->label);
    put_num(w, ws, row++, 1, (double)r->nconditions, w->cell);
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "次回再評価期限", "Next review due"), w->label);
    if (r->has_next_review)
        put_date(w, ws, row++, 1, r->next_review);
    else
        put_text(w, ws, name, row++, 1, "-", w->cell);
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "根拠資料の有効期限", "Evidence valid until"), w->label);
    if (r->has_evidence_expiry)
        put_date(w, ws, row++, 1, r->evidence_expiry);
    else
        put_text(w, ws, name, row++, 1, "-", w->cell);

    /* section scores, with a data bar */
    row++;
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "区分", "Section"), w->head);
    put_text(w, ws, name, row, 1, ASX_TR(w->lang, "点数", "Score"), w->head);
    put_text(w, ws, name, row++, 2, ASX_TR(w->lang, "採点した質問数", "Questions scored"), w->head);
    lxw_row_t first = row;
    for (size_t i = 0; i < w->b->nsections; i++, row++) {
        const asx_secscore *s = &r->sections[i];
        put_text(w, ws, name, row, 0, asx_text_get(&w->b->sections[i].title, w->lang), w->cell);
        if (s->counted)
            put_num(w, ws, row, 1, s->score, w->num1);
        else
            put_text(w, ws, name, row, 1, "-", w->cell);
        put_num(w, ws, row, 2, (double)s->counted, w->cell);
    }
    if (row > first) {
        lxw_conditional_format cf = {0};
        cf.type = LXW_CONDITIONAL_DATA_BAR;
        cf.bar_color = 0x63BE7B;
        cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.min_value = 0;
        cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.max_value = 100;
        asx_xlsx_keep(&w->lerr, worksheet_conditional_format_range(ws, first, 1, row - 1, 1, &cf));
    }

    /* key facts */
    row++;
    put_text(w, ws, name, row, 0, ASX_TR(w->lang, "主要事項", "Key facts"), w->head);
    put_text(w, ws, name, row, 1, ASX_TR(w->lang, "回答", "Answer"), w->head);
    put_text(w, ws, name, row, 2, ASX_TR(w->lang, "組織の基準", "Policy"), w->head);
    put_text(w, ws, name, row++, 3, ASX_TR(w->lang, "条項", "Clause"), w->head);
    const char *col0[64] = {0};
    size_t n0 = 0;
    for (size_t i = 0; i < r->nfacts; i++) {
        const asx_fact *f = &r->facts[i];
        const asx_question *q = f->q;
        const asx_answer *x = &a->a[q->index];
        const char *label = asx_text_get(&q->label, w->lang);
        char *cl = clauses_text(w, q);
        const char *norm = asx_fact_norm(f, w->lang);
        put_text(w, ws, name, row, 0, label, w->label);
        if (f->applicable)
            put_answer(w, ws, name, row, 1, q, x);
        else
            put_text(w, ws, name, row, 1, asx_fact_value(f, w->lang), w->wrap);
        put_text(w, ws, name, row, 2, norm ? norm : "", w->wrap);
        put_text(w, ws, name, row, 3, cl, w->wrap);
        const char *texts[] = {label, asx_fact_value(f, w->lang), norm, cl};
        static const double widths[] = {SUMMARY_LABEL_WIDTH, SUMMARY_VALUE_WIDTH, SUMMARY_NORM_WIDTH,
                                        SUMMARY_CLAUSE_WIDTH};
        set_height(w, ws, row, texts, widths, 4);
        if (n0 < 64)
            col0[n0++] = label;
        free(cl);
        row++;
    }
    const char *widths0[] = {ASX_TR(w->lang, "指摘 (必須条件違反/重大/軽微/参考)", "Findings (knockout/major/minor/info)")};
    (void)asx_xlsx_fit_width(col0, n0, asx_xlsx_fit_width(widths0, 1, 12, 40), 40);
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 0, 0, SUMMARY_LABEL_WIDTH, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 1, 1, SUMMARY_VALUE_WIDTH, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 2, 2, SUMMARY_NORM_WIDTH, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 3, 3, SUMMARY_CLAUSE_WIDTH, NULL));
    print_setup(w, ws, false, 0);
    asx_xlsx_keep(&w->lerr, worksheet_print_area(ws, 0, 0, row > 0 ? row - 1 : 0, 3));
    worksheet_freeze_panes(ws, 1, 0);
}

/* ---- 回答 / Answers ---------------------------------------------------------------------- */

enum { A_ID, A_CLAUSE, A_SECTION, A_QUESTION, A_ANSWER, A_SCORE, A_WEIGHT, A_COMMENT, A_EVIDENCE, A_NCOLS };

static void write_answers(pack_writer *w, lxw_worksheet *ws, const char *name)
{
    const char *heads[A_NCOLS][2] = {{"ID", "ID"}, {"条項", "Clause"}, {"区分", "Section"},
                                     {"質問", "Question"}, {"回答", "Answer"}, {"得点", "Score"},
                                     {"重み", "Weight"}, {"コメント", "Comment"}, {"根拠資料", "Evidence"}};
    for (lxw_col_t c = 0; c < A_NCOLS; c++)
        put_text(w, ws, name, 0, c, ASX_TR(w->lang, heads[c][0], heads[c][1]), w->head);
    const char **ids = calloc(w->b->nquestions + 1, sizeof *ids);
    if (!ids) {
        asx_xlsx_keep(&w->lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    ids[0] = "ID";
    lxw_row_t row = 1;
    for (size_t i = 0; i < w->b->nquestions; i++, row++) {
        const asx_question *q = &w->b->questions[i];
        const asx_answer *x = &w->a->a[i];
        const asx_qscore *s = &w->r->q[i];
        char *cl = clauses_text(w, q), *ev = evidence_text(x);
        ids[i + 1] = q->id;
        put_text(w, ws, name, row, A_ID, q->id, w->cell);
        put_text(w, ws, name, row, A_CLAUSE, cl, w->wrap);
        put_text(w, ws, name, row, A_SECTION, asx_text_get(&w->b->sections[q->section].title, w->lang), w->wrap);
        put_text(w, ws, name, row, A_QUESTION, asx_text_get(&q->label, w->lang), w->wrap);
        if (!s->applicable && !x->present) /* the PDF's words: not a missing answer */
            put_text(w, ws, name, row, A_ANSWER,
                     ASX_TR(w->lang, "— (この評価では適用されない設問)", "— (does not apply to this assessment)"), w->wrap);
        else
            put_answer(w, ws, name, row, A_ANSWER, q, x);
        if (!s->applicable)
            put_text(w, ws, name, row, A_SCORE, ASX_TR(w->lang, "対象外", "n/a"), w->cell);
        else if (s->na)
            put_text(w, ws, name, row, A_SCORE, ASX_TR(w->lang, "該当なし", "N/A"), w->cell);
        else
            put_num(w, ws, row, A_SCORE, s->score, w->pct);
        put_num(w, ws, row, A_WEIGHT, q->weight, w->num2);
        put_text(w, ws, name, row, A_COMMENT, x->comment, w->wrap);
        put_text(w, ws, name, row, A_EVIDENCE, ev, w->wrap);
        char *shown = asx_answer_format(q, x, w->lang);
        set_height(w, ws, row,
                   (const char *[]){asx_text_get(&q->label, w->lang), x->comment, ev, cl, shown,
                                    asx_text_get(&w->b->sections[q->section].title, w->lang)},
                   (const double[]){36, 44, 30, 16, 28, 14}, 6);
        free(shown);
        free(cl);
        free(ev);
    }
    if (row > 1) {
        lxw_conditional_format cf = {0};
        cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
        cf.min_color = 0xF8696B;
        cf.mid_color = 0xFFEB84;
        cf.max_color = 0x63BE7B;
        cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.min_value = 0;
        cf.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.mid_value = 0.5;
        cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.max_value = 1;
        asx_xlsx_keep(&w->lerr, worksheet_conditional_format_range(ws, 1, A_SCORE, row - 1, A_SCORE, &cf));
        asx_xlsx_keep(&w->lerr, worksheet_autofilter(ws, 0, 0, row - 1, A_NCOLS - 1));
    }
    fit_column(w, ws, A_ID, ids, w->b->nquestions + 1, 10, 40);
    free(ids);
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, A_CLAUSE, A_CLAUSE, 16, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, A_SECTION, A_SECTION, 14, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, A_QUESTION, A_QUESTION, 36, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, A_ANSWER, A_ANSWER, 28, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, A_SCORE, A_WEIGHT, 8, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, A_COMMENT, A_COMMENT, 44, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, A_EVIDENCE, A_EVIDENCE, 30, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    print_setup(w, ws, true, 0);
    asx_xlsx_keep(&w->lerr, worksheet_print_area(ws, 0, 0, row > 1 ? row - 1 : 1, A_NCOLS - 1));
}

/* ---- 指摘 / Findings --------------------------------------------------------------------- */

static void write_findings(pack_writer *w, lxw_worksheet *ws, const char *name)
{
    const asx_result *r = w->r;
    const char *heads[][2] = {{"重要度", "Severity"}, {"質問 ID", "Question"}, {"条項", "Clause"},
                              {"内容", "Finding"}, {"承認条件", "Condition of approval"},
                              {"履行期限", "Due"}, {"審査による重大度の変更", "Severity changed by the review"}};
    for (lxw_col_t c = 0; c < 7; c++)
        put_text(w, ws, name, 0, c, ASX_TR(w->lang, heads[c][0], heads[c][1]), w->head);
    const char **sev = calloc(r->nfindings + 1, sizeof *sev), **ids = calloc(r->nfindings + 1, sizeof *ids);
    if (!sev || !ids) {
        asx_xlsx_keep(&w->lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
        goto out;
    }
    sev[0] = ASX_TR(w->lang, heads[0][0], heads[0][1]);
    ids[0] = ASX_TR(w->lang, heads[1][0], heads[1][1]);
    lxw_row_t row = 1;
    for (size_t i = 0; i < r->nfindings; i++, row++) {
        const asx_finding *f = &r->findings[i];
        const asx_condition *cond = condition_of(w, f);
        char no[32] = "";
        if (cond)
            snprintf(no, sizeof no, ASX_TR(w->lang, "条件%zu", "Condition %zu"), cond->n);
        sev[i + 1] = asx_severity_label(f->severity, w->lang);
        ids[i + 1] = f->q ? f->q->id : "-";
        put_text(w, ws, name, row, 0, sev[i + 1], w->cell);
        put_text(w, ws, name, row, 1, ids[i + 1], w->cell);
        put_text(w, ws, name, row, 2, f->clause_local ? f->clause_local : "-", w->wrap);
        put_text(w, ws, name, row, 3, asx_finding_msg(f, w->lang), w->wrap);
        put_text(w, ws, name, row, 4, no, w->cell);
        if (cond)
            put_date(w, ws, row, 5, cond->due);
        else
            put_text(w, ws, name, row, 5, "", w->cell);
        if (f->override) { /* SPEC v3 §8.1: shown wherever the finding is */
            char on[11];
            asx_date_iso(f->override->date, on);
            char *ov = asx_strdupf(ASX_TR(w->lang, "%s → %s (%s、%s、%s)", "%s → %s (%s, %s, %s)"),
                                   asx_severity_label(f->original, w->lang), asx_severity_label(f->severity, w->lang),
                                   f->override->reason, f->override->by, on);
            put_text(w, ws, name, row, 6, ov ? ov : "", w->wrap);
            free(ov);
        }
        set_height(w, ws, row, (const char *[]){asx_finding_msg(f, w->lang), f->clause_local},
                   (const double[]){80, 18}, 2);
    }
    if (r->nfindings == 0)
        put_text(w, ws, name, row++, 0, ASX_TR(w->lang, "指摘事項はありません", "No findings"), NULL);
    else
        asx_xlsx_keep(&w->lerr, worksheet_autofilter(ws, 0, 0, row - 1, 6));
    fit_column(w, ws, 0, sev, r->nfindings + 1, 10, 24);
    fit_column(w, ws, 1, ids, r->nfindings + 1, 10, 40);
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 2, 2, 18, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 3, 3, 80, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 4, 4, 12, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 5, 5, w->lang == ASX_LANG_EN ? 12 : ASX_XLSX_DATE_WIDTH_JA, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 6, 6, 30, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(w, ws, true, 0);
    asx_xlsx_keep(&w->lerr, worksheet_print_area(ws, 0, 0, row > 1 ? row - 1 : 1, 6));
out:
    free(sev);
    free(ids);
}

/* ---- 審査判断 / Judgments (SPEC v3 §8.1) ---------------------------------------------------- */

static void write_judgments(pack_writer *w, lxw_worksheet *ws, const char *name)
{
    const asx_result *r = w->r;
    const char *heads[][2] = {{"判断事項", "Judgment"}, {"条項", "Clause"}, {"対象", "Subject"},
                              {"判断", "Decision"}, {"理由・根拠", "Reason and basis"},
                              {"判断者", "By"}, {"日付", "Date"}};
    for (lxw_col_t c = 0; c < 7; c++)
        put_text(w, ws, name, 0, c, ASX_TR(w->lang, heads[c][0], heads[c][1]), w->head);
    lxw_row_t row = 1;
    for (size_t i = 0; i < r->njudgments; i++, row++) {
        const asx_result_judgment *j = &r->judgments[i];
        put_text(w, ws, name, row, 0, asx_judgment_key_label(j->key, w->lang), w->wrap);
        put_text(w, ws, name, row, 1, j->clause_local, w->cell);
        char *subj = j->subject ? asx_strdupf("%s%s%s%s%s", j->subject, j->country ? " (" : "", j->country ? j->country : "",
                                              j->country ? ")" : "", "")
                                : NULL;
        if (subj && j->role) {
            char *t = asx_strdupf("%s / %s", subj, j->role);
            free(subj);
            subj = t;
        }
        put_text(w, ws, name, row, 2, subj ? subj : "", w->wrap);
        asx_buf why = {0};
        if (j->made) {
            const asx_judgment *m = j->made;
            put_text(w, ws, name, row, 3, asx_judgment_decision_label(j->key, m->yes, w->lang), w->cell);
            if (m->version)
                asx_buf_addf(&why, ASX_TR(w->lang, "対象: %s\n", "Judged: %s\n"), m->version);
            if (m->reason)
                asx_buf_adds(&why, m->reason);
            for (size_t b = 0; b < m->nbasis; b++)
                asx_buf_addf(&why, ASX_TR(w->lang, "%s根拠: %s", "%sBasis: %s"), why.len ? "\n" : "", m->basis[b]);
            put_text(w, ws, name, row, 5, m->by, w->wrap);
            put_date(w, ws, row, 6, m->date);
        } else {
            put_text(w, ws, name, row, 3, ASX_TR(w->lang, "未了", "Outstanding"), w->cell);
            asx_buf_addf(&why, ASX_TR(w->lang, "%sが判断する", "For the %s"), w->lang == ASX_LANG_EN ? j->by_default_en : j->by_default);
        }
        put_text(w, ws, name, row, 4, asx_buf_str(&why), w->wrap);
        set_height(w, ws, row, (const char *[]){asx_buf_str(&why), subj}, (const double[]){50, 30}, 2);
        asx_buf_free(&why);
        free(subj);
    }
    if (r->njudgments == 0)
        put_text(w, ws, name, row++, 0, ASX_TR(w->lang, "この評価に必要な判断はありません", "No judgment is required"), NULL);
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 0, 0, 30, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 1, 1, 12, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 2, 2, 30, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 3, 3, 14, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 4, 4, 50, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 5, 5, 22, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 6, 6, w->lang == ASX_LANG_EN ? 12 : ASX_XLSX_DATE_WIDTH_JA, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(w, ws, true, 0);
    asx_xlsx_keep(&w->lerr, worksheet_print_area(ws, 0, 0, row > 1 ? row - 1 : 1, 6));
}

/* ---- 台帳 / Register --------------------------------------------------------------------- */

enum { R_SERVICE, R_VENDOR, R_CORPNUM, R_CLASS, R_BANK, R_VERSION, R_VERDICT, R_SCORE, R_COND,
       R_APPROVER, R_MANAGER, R_APPROVED, R_NEXT, R_EXPIRY, R_NCOLS };

static void write_register(pack_writer *w, lxw_worksheet *ws, const char *name)
{
    const asx_answers *a = w->a;
    const asx_result *r = w->r;
    const char *heads[R_NCOLS][2] = {
        {"サービス", "Service"}, {"事業者", "Vendor"}, {"法人番号", "Corporate number"},
        {"格付け", "Classification"}, {"質問票", "Questionnaire"}, {"版", "Version"},
        {"判定", "Verdict"}, {"点数", "Score"}, {"承認条件", "Conditions"},
        {"許可権限者", "Approver"}, {"外部サービス管理者", "Service manager"},
        {"承認日", "Approved on"}, {"次回見直し", "Next review"}, {"証跡の有効期限", "Evidence expiry"}};
    const char *cells[R_NCOLS][2] = {{0}};
    for (lxw_col_t c = 0; c < R_NCOLS; c++) {
        put_text(w, ws, name, 0, c, ASX_TR(w->lang, heads[c][0], heads[c][1]), w->head);
        cells[c][0] = ASX_TR(w->lang, heads[c][0], heads[c][1]);
    }
    char cls[32], *cond = conditions_text(w);
    snprintf(cls, sizeof cls, "C%d/I%d/A%d", a->cls.c, a->cls.i, a->cls.a);
    bool approvable = r->verdict == ASX_VERDICT_APPROVED || r->verdict == ASX_VERDICT_CONDITIONAL;
    put_text(w, ws, name, 1, R_SERVICE, a->service_name, w->cell);
    put_text(w, ws, name, 1, R_VENDOR, a->vendor_name, w->cell);
    put_text(w, ws, name, 1, R_CORPNUM, a->corporate_number ? a->corporate_number : "", w->cell);
    put_text(w, ws, name, 1, R_CLASS, cls, w->cell);
    put_text(w, ws, name, 1, R_BANK, w->b->id, w->cell);
    put_text(w, ws, name, 1, R_VERSION, a->bank_version ? a->bank_version : w->b->version, w->cell);
    put_text(w, ws, name, 1, R_VERDICT, asx_result_verdict_label(r, w->lang), w->cell);
    put_num(w, ws, 1, R_SCORE, r->score, w->num1);
    put_text(w, ws, name, 1, R_COND, cond ? cond : "", w->wrap);
    set_height(w, ws, 1, (const char *[]){cond}, (const double[]){60}, 1);
    put_text(w, ws, name, 1, R_APPROVER, w->o->approver ? w->o->approver : "", w->cell);
    put_text(w, ws, name, 1, R_MANAGER, w->o->manager ? w->o->manager : "", w->cell);
    if (approvable) {
        put_date(w, ws, 1, R_APPROVED, r->decided_on);
        if (r->has_next_review)
            put_date(w, ws, 1, R_NEXT, r->next_review);
        else
            put_text(w, ws, name, 1, R_NEXT, "-", w->cell);
    } else {
        put_text(w, ws, name, 1, R_APPROVED, "-", w->cell);
        put_text(w, ws, name, 1, R_NEXT, "-", w->cell);
        put_text(w, ws, name, 3, 0,
                 ASX_TR(w->lang, "不承認または差戻しのため、この評価では台帳に登録できません。",
                   "Rejected or incomplete: this assessment cannot be entered in the register."),
                 w->bold);
    }
    if (r->has_evidence_expiry)
        put_date(w, ws, 1, R_EXPIRY, r->evidence_expiry);
    else
        put_text(w, ws, name, 1, R_EXPIRY, "-", w->cell);
    cells[R_SERVICE][1] = a->service_name;
    cells[R_VENDOR][1] = a->vendor_name;
    cells[R_APPROVER][1] = w->o->approver;
    cells[R_MANAGER][1] = w->o->manager;
    for (lxw_col_t c = 0; c < R_NCOLS; c++) {
        double min = c == R_APPROVED || c == R_NEXT || c == R_EXPIRY
                         ? (w->lang == ASX_LANG_EN ? 12 : ASX_XLSX_DATE_WIDTH_JA) : 8;
        if (c == R_COND)
            asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, c, c, 60, NULL));
        else
            fit_column(w, ws, c, cells[c], 2, min, 40);
    }
    free(cond);
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(w, ws, true, 0);
    asx_xlsx_keep(&w->lerr, worksheet_print_area(ws, 0, 0, approvable ? 1 : 3, R_NCOLS - 1));
}

/* ---- entry point ------------------------------------------------------------------------- */

asx_error asx_xlsx_pack_write(const asx_result *r, const asx_pack_opts *o, const char *path,
                              asx_diags *d)
{
    pack_writer w = {.r = r, .a = r->answers, .b = r->bank, .o = o, .lang = o->lang, .file = path, .d = d};
    asx_xlsx_out out;
    char *title = asx_strdupf("%s — %s", pack_title(&w), r->answers->service_name);
    asx_error err = asx_xlsx_begin(&out, o->set, path, o->force, o->date, title, d);
    free(title);
    if (err)
        return err;
    w.wb = out.wb;
    const char *names[5] = {ASX_TR(w.lang, "概要", "Summary"), ASX_TR(w.lang, "回答", "Answers"), ASX_TR(w.lang, "指摘", "Findings"),
                            ASX_TR(w.lang, "審査判断", "Judgments"), ASX_TR(w.lang, "台帳", "Register")};
    lxw_worksheet *ws[5];
    for (int i = 0; i < 5; i++) {
        ws[i] = workbook_add_worksheet(w.wb, names[i]);
        if (!ws[i])
            asx_xlsx_keep(&w.lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    if (!w.lerr && make_formats(&w)) {
        write_summary(&w, ws[0], names[0]);
        write_answers(&w, ws[1], names[1]);
        write_findings(&w, ws[2], names[2]);
        write_judgments(&w, ws[3], names[3]);
        write_register(&w, ws[4], names[4]);
    }
    return asx_xlsx_finish(&out, w.lerr, o->force, ASX_OUTPUT_MODE, d);
}
