/* register_report.c - the checklist workbook and the year's report (PDF, XLSX). They render the
 * figures register/ computed and derive none. See asx/register_report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/docmodel.h"
#include "asx/register_report.h"
#include "asx/util.h"
#include "asx/xlsxutil.h"

#define LXW_PAPER_A4 9
#define REPORT_MODE 0640 /* they name people, like the register */
static const asx_date FIXED_CREATED = {2000, 1, 1};

typedef struct {
    lxw_workbook *wb;
    lxw_format *title, *head, *cell, *wrap, *date, *num, *input;
    lxw_error err;
    const char *file;
    asx_diags *d;
    bool ja;         /* dates as 令和8年12月7日 (2026年): their columns are widened to show them */
    double colw[24]; /* the widths header_row gave the current sheet's columns */
} xw;

static void formats(xw *x, asx_lang l)
{
    lxw_format **all[] = {&x->title, &x->head, &x->cell, &x->wrap, &x->date, &x->num, &x->input};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = asx_xlsx_format(x->wb, &x->err);
        if (!*all[i])
            return;
        format_set_font_name(*all[i], "IPAexGothic");
        format_set_font_size(*all[i], 10);
        format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
        if (i > 0)
            format_set_border(*all[i], LXW_BORDER_THIN);
    }
    format_set_font_size(x->title, 14);
    format_set_bold(x->title);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xD9D9D9);
    format_set_text_wrap(x->head);
    format_set_text_wrap(x->wrap);
    format_set_text_wrap(x->input);
    format_set_bg_color(x->input, 0xFFF2CC);
    format_set_unlocked(x->input);
    format_set_num_format(x->date, asx_xlsx_date_format(l));
    format_set_num_format(x->num, "0");
}

static void text(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    asx_xlsx_keep(&x->err, asx_xlsx_text(ws, "", r, c, s, f, x->d, x->file));
}

static lxw_worksheet *sheet(xw *x, const char *name, bool landscape)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    worksheet_set_paper(ws, LXW_PAPER_A4);
    if (landscape)
        worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    return ws;
}

static void header_row(xw *x, lxw_worksheet *ws, lxw_row_t row, const char *const *names,
                       const double *widths, size_t n)
{
    for (size_t k = 0; k < 24; k++)
        x->colw[k] = k < n ? widths[k] : 8.43; /* Excel's default width */
    for (size_t k = 0; k < n; k++) {
        asx_xlsx_keep(&x->err, worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL));
        text(x, ws, row, (lxw_col_t)k, names[k], x->head);
    }
    asx_xlsx_keep(&x->err, worksheet_repeat_rows(ws, row, row));
}

/* ---- the checklist ---- */

asx_error asx_checklist_write_xlsx(const asx_checklist *c, const char *path, asx_lang lang,
                                   int force, asx_diags *d)
{
    bool en = lang == ASX_LANG_EN;
    asx_xlsx_out out;
    char *title = asx_strdupf(ASX_TR(lang, "%s点検表 (%s) — %s", "%s check (%s) — %s"),
                              asx_check_phase_label(c->phase, lang), c->duty, c->entry->service);
    if (!title)
        return ASX_ERR_NOMEM;
    asx_error err = asx_xlsx_begin(&out, NULL, path, force, FIXED_CREATED, title, d);
    if (err) {
        free(title);
        return err;
    }
    xw x = {.wb = out.wb, .file = path, .d = d, .ja = lang != ASX_LANG_EN};
    formats(&x, lang);
    lxw_worksheet *ws = x.err ? NULL : sheet(&x, en ? ASX_CHECK_SHEET_EN : ASX_CHECK_SHEET_JA, true);
    if (ws) {
        const char *names[] = {ASX_TR(lang, "項目", "Item"), ASX_TR(lang, "規定の内容", "What the policy requires"),
                               ASX_TR(lang, "審査時の設問", "Questions of the assessment"),
                               ASX_TR(lang, "事業者の回答", "Vendor's answers"),
                               ASX_TR(lang, "確認結果 (適・否・該当なし)", "Result (OK / Not met / N/A)"),
                               ASX_TR(lang, "備考", "Notes")};
        static const double widths[] = {16, 34, 40, 40, 16, 30};
        text(&x, ws, 0, 0, title, x.title);
        char sub[512];
        /* for the manager who fills it in: what to write, not a command line */
        snprintf(sub, sizeof sub,
                 en ? "%s — %s (%s). Enter the date and who checked above, the result of every item in "
                      "column E (OK / Not met / N/A); the filled checklist is then recorded in the register."
                    : "%s — %s (%s)。上の欄に点検日と点検者を、E 列に各項目の確認結果 (適・否・該当なし) を記入してください。"
                      "記入した点検表を台帳に記録します。",
                 c->entry->id, c->entry->vendor, c->clause);
        text(&x, ws, 1, 0, sub, NULL);
        /* column A shows each header field's label, which the reader finds (asx_check_key_label);
         * column B says how to fill it in */
        struct {
            const char *key, *hint, *value;
        } hdr[] = {{ASX_CHECK_KEY_ENTRY, ASX_TR(lang, "承認済み外部サービス台帳の番号", "the register's entry"), c->entry->id},
                   {ASX_CHECK_KEY_PHASE, ASX_TR(lang, "導入・構築時、運用・保守時、更改・廃棄時", "build, operation or exit"),
                    asx_check_phase_label(c->phase, lang)},
                   {ASX_CHECK_KEY_DATE, ASX_TR(lang, "点検した日 (例: 令和9年1月6日)", "the date of the check (e.g. 6 January 2027)"), NULL},
                   {ASX_CHECK_KEY_CHECKER, ASX_TR(lang, "外部サービス管理者の氏名", "the external service manager"), NULL},
                   {ASX_CHECK_KEY_NOTES, ASX_TR(lang, "点検全体の所見", "notes on the whole check"), NULL}};
        lxw_row_t row = 3;
        for (size_t i = 0; i < sizeof hdr / sizeof hdr[0]; i++, row++) {
            text(&x, ws, row, ASX_CHECK_COL_KEY, asx_check_key_label(hdr[i].key, lang), x.cell);
            text(&x, ws, row, ASX_CHECK_COL_WORDS, hdr[i].hint, x.cell);
            text(&x, ws, row, ASX_CHECK_COL_RESULT, hdr[i].value, hdr[i].value ? x.cell : x.input);
        }
        row++;
        header_row(&x, ws, row, names, widths, sizeof widths / sizeof widths[0]);
        static char ok_ja[] = "適", ng_ja[] = "否", na_ja[] = "該当なし";
        static char ok_en[] = "OK", ng_en[] = "Not met", na_en[] = "N/A";
        char *choices_ja[] = {ok_ja, ng_ja, na_ja, NULL};
        char *choices_en[] = {ok_en, ng_en, na_en, NULL};
        lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST,
                                  .value_list = en ? choices_en : choices_ja};
        lxw_row_t first = row + 1;
        for (size_t i = 0; i < c->nitems && !x.err; i++) {
            const asx_checklist_item *it = &c->items[i];
            asx_buf qs = {0}, as = {0};
            for (size_t k = 0; k < it->nquestions; k++) {
                const asx_question *q = it->questions[k];
                asx_buf_addf(&qs, "%s%s: %s", k ? "\n" : "", q->id, asx_text_get(&q->label, lang));
                if (it->answers)
                    asx_buf_addf(&as, "%s%s: %s", k ? "\n" : "", q->id, it->answers[k]);
            }
            if (!it->nquestions)
                asx_buf_addf(&qs, "%s", en ? "(no question of the bank cites this item: check it directly)"
                                            : "(この項目を引用する設問なし。直接確認すること)");
            if (!it->answers)
                asx_buf_addf(&as, "%s", !c->has_answers ? (ASX_TR(lang, "(回答ファイル未指定)", "(no answers file given)"))
                                                        : "—");
            if (qs.oom || as.oom)
                asx_xlsx_keep(&x.err, LXW_ERROR_MEMORY_MALLOC_FAILED);
            lxw_row_t r = first + (lxw_row_t)i;
            text(&x, ws, r, ASX_CHECK_COL_KEY, it->item, x.cell);
            text(&x, ws, r, ASX_CHECK_COL_WORDS, en ? it->words_en : it->words, x.wrap);
            text(&x, ws, r, ASX_CHECK_COL_QUESTIONS, asx_buf_str(&qs), x.wrap);
            text(&x, ws, r, ASX_CHECK_COL_ANSWERS, asx_buf_str(&as), x.wrap);
            text(&x, ws, r, ASX_CHECK_COL_RESULT, NULL, x.input);
            text(&x, ws, r, ASX_CHECK_COL_NOTE, NULL, x.input);
            double h = asx_xlsx_row_height(asx_buf_str(&qs), widths[2]);
            double h2 = asx_xlsx_row_height(asx_buf_str(&as), widths[3]);
            asx_xlsx_keep(&x.err, worksheet_set_row(ws, r, h > h2 ? h : h2, NULL));
            asx_buf_free(&qs);
            asx_buf_free(&as);
        }
        if (c->nitems && !x.err)
            asx_xlsx_keep(&x.err, worksheet_data_validation_range(ws, first, ASX_CHECK_COL_RESULT,
                                                     first + (lxw_row_t)c->nitems - 1,
                                                     ASX_CHECK_COL_RESULT, &dv));
        /* only the yellow cells (date, checker, notes, results) are for the manager to fill */
        lxw_protection prot = {.format_columns = 1, .format_rows = 1};
        worksheet_protect(ws, NULL, &prot);
    }
    free(title);
    return asx_xlsx_finish(&out, x.err, force, REPORT_MODE, d);
}

/* ---- the year's report: shared words ---- */

static void fy_label(int fy, asx_lang l, char *buf, size_t size)
{
    if (l == ASX_LANG_EN) {
        snprintf(buf, size, "fiscal year %d (April %d – March %d)", fy, fy, fy + 1);
        return;
    }
    if (fy >= 2019)
        snprintf(buf, size, "令和%d年度 (%d年度)", fy - 2018, fy);
    else
        snprintf(buf, size, "%d年度", fy);
}

typedef struct {
    const char *key; /* machine key (XLSX column C): the name in asx_reg_report_json */
    const char *ja, *en;
    size_t n;
} figure;

/* The summary figures in order; *n set. */
static size_t figures(const asx_reg_report *rep, figure *f, size_t max)
{
    figure all[] = {
        {"entries", "登録サービス数 (年度末までに承認)", "Services registered by the end of the year", rep->nentries},
        {"by_status.active", "　うち有効", "  Active", rep->by_status[ASX_REG_ACTIVE]},
        {"by_status.expired", "　うち期限切れ", "  Expired", rep->by_status[ASX_REG_EXPIRED]},
        {"by_status.revoked", "　うち取消", "  Revoked", rep->by_status[ASX_REG_REVOKED]},
        {"by_status.ended", "　うち利用終了", "  Ended", rep->by_status[ASX_REG_ENDED]},
        {"conditions_overdue_entries", "条件未履行のサービス", "Services with conditions overdue", rep->conditions_overdue_entries},
        {"approved_in_use", "利用中: 承認", "In use: approved", rep->by_verdict[0]},
        {"conditional_in_use", "利用中: 条件付き承認", "In use: conditional", rep->by_verdict[1]},
        {"approvals", "年度内の承認", "Approvals in the year", rep->napprovals},
        {"renewals", "年度内の更新 (再監査)", "Renewals in the year (re-audits)", rep->nrenewals},
        {"regressions", "　うち判定・点数の低下", "  Of which regressions", rep->nregressions},
        {"conditions_open", "未履行の承認条件", "Open conditions", rep->nopen_conditions},
        {"conditions_overdue", "　うち期限超過", "  Of which overdue", rep->noverdue_conditions},
        {"conditions_met", "年度内に履行・免除された条件", "Conditions met or waived in the year", rep->nconditions_met},
        {"checks", "年度内の点検", "Checks recorded in the year", rep->nchecks},
        {"checks_build", "　導入・構築時", "  Build", rep->checks_by_phase[ASX_PHASE_BUILD]},
        {"checks_operate", "　運用・保守時", "  Operation", rep->checks_by_phase[ASX_PHASE_OPERATE]},
        {"checks_exit", "　更改・廃棄時", "  Exit", rep->checks_by_phase[ASX_PHASE_EXIT]},
        {"checks_overdue", "運用時点検の期限超過", "Operation checks overdue", rep->nchecks_overdue},
        {"evidence_expiring", "翌年度に期限を迎える証明書", "Evidence expiring next year", rep->nexpiring},
    };
    size_t n = sizeof all / sizeof all[0];
    if (n > max)
        n = max;
    memcpy(f, all, n * sizeof *f);
    return n;
}

/* ---- the year's report: one builder, drawn as PDF and XLSX (asx/docmodel.h) ---- */

#define COL(ja, en, w, sw, al) {ASX_TR(lang, ja, en), w, sw, al, false}
#define KEY_COL(ja, en, sw) {ASX_TR(lang, ja, en), 0, sw, ASX_DOC_LEFT, true}
#define L ASX_DOC_LEFT
#define R ASX_DOC_RIGHT

/* "title (clause)" in the report's language (caller frees). */
#define CITED(ja, en, clause) asx_strdupf(ASX_TR(lang, ja, en), (clause) ? (clause) : "")

static void part_summary(asx_doc *doc, const asx_reg_report *rep, asx_lang lang)
{
    bool en = lang == ASX_LANG_EN;
    const char *none = ASX_TR(lang, "該当なし。", "None.");
    asx_block *part = asx_doc_part(doc, ASX_TR(lang, "概要", "Summary"), NULL);
    asx_block *kv = asx_doc_kv(doc, part);
    asx_cell *c = asx_doc_kv_row(doc, kv, ASX_TR(lang, "対象期間", "Period"), 2);
    if (c) {
        asx_cell_date(&c[0], &rep->from);
        asx_cell_date(&c[1], &rep->to);
    }
    c = asx_doc_kv_row(doc, kv, ASX_TR(lang, "基準日", "As of"), 1);
    asx_cell_date(c, &rep->as_of);
    const asx_doc_col fc[] = {COL("項目", "Figure", 3.0f, 44, L), COL("件数", "Count", 1.0f, 10, R),
                              KEY_COL("キー", "Key", 28)};
    asx_block *t = asx_doc_table(doc, part, fc, 3, none);
    figure f[32];
    size_t nf = figures(rep, f, 32);
    for (size_t i = 0; i < nf; i++) {
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], en ? f[i].en : f[i].ja);
        asx_cell_count(&row[1], f[i].n);
        if (f[i].n && (strstr(f[i].key, "overdue") || strcmp(f[i].key, "regressions") == 0))
            row[1].tone = ASX_DOC_TONE_BAD;
        asx_cell_text(doc, &row[2], f[i].key);
    }
    asx_doc_heading(doc, part, 2, ASX_TR(lang, "質問票別のサービス数", "Services by questionnaire"));
    const asx_doc_col bc[] = {COL("質問票", "Questionnaire", 3.0f, 44, L), COL("件数", "Services", 1.0f, 10, R),
                              KEY_COL("キー", "Key", 28)};
    t = asx_doc_table(doc, part, bc, 3, none);
    for (size_t i = 0; i < rep->nbanks; i++) {
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        char key[128];
        snprintf(key, sizeof key, "by_bank.%s", rep->banks[i].bank);
        asx_cell_text(doc, &row[0], rep->banks[i].bank);
        asx_cell_count(&row[1], rep->banks[i].n);
        asx_cell_text(doc, &row[2], key);
    }
}

static void part_approvals(asx_doc *doc, const asx_reg_report *rep, asx_lang lang)
{
    char *title = CITED("年度内の承認 (%s)", "Approvals in the year (%s)", rep->cite_approvals.clause_local);
    asx_block *part = asx_doc_part(doc, title ? title : "", ASX_TR(lang, "承認", "Approvals"));
    free(title);
    const asx_doc_col cols[] = {COL("番号", "ID", 1.3f, 14, L), COL("サービス", "Service", 2.0f, 30, L),
                                COL("事業者", "Vendor", 2.0f, 30, L), COL("判定", "Verdict", 1.2f, 14, L),
                                COL("点数", "Score", 0.8f, 8, R), COL("承認日", "Approved on", 1.1f, 12, L),
                                COL("許可権限者", "Approver", 1.3f, 16, L),
                                COL("外部サービス管理者", "Service manager", 1.3f, 18, L),
                                COL("状態", "State", 1.0f, 14, L)};
    asx_block *t = asx_doc_table(doc, part, cols, 9, ASX_TR(lang, "該当なし。", "None."));
    for (size_t i = 0; i < rep->napprovals; i++) {
        const asx_rr_entry *e = rep->approvals[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], e->id);
        asx_cell_text(doc, &row[1], e->service);
        asx_cell_text(doc, &row[2], e->vendor);
        asx_cell_verdict(&row[3], e->verdict);
        asx_cell_number(doc, &row[4], e->score, 1, NULL);
        asx_cell_date(&row[5], &e->approved_on);
        asx_cell_text(doc, &row[6], e->approver);
        asx_cell_text(doc, &row[7], e->manager);
        asx_cell_text(doc, &row[8], asx_reg_state_label_of(e->status, e->conditions_overdue, lang));
    }
}

static void part_renewals(asx_doc *doc, const asx_reg_report *rep, asx_lang lang)
{
    char *title = CITED("年度内の更新 (再監査, %s)", "Renewals (re-audits) in the year (%s)", rep->cite_renewals.clause_local);
    asx_block *part = asx_doc_part(doc, title ? title : "", ASX_TR(lang, "更新", "Renewals"));
    free(title);
    const asx_doc_col cols[] = {COL("番号", "ID", 1.3f, 14, L), COL("サービス", "Service", 2.2f, 30, L),
                                COL("更新日", "Renewed on", 1.1f, 12, L), COL("前の判定", "Verdict before", 1.2f, 14, L),
                                COL("前の点数", "Score before", 0.8f, 10, R), COL("後の判定", "Verdict after", 1.2f, 14, L),
                                COL("後の点数", "Score after", 0.8f, 10, R), COL("低下", "Regression", 0.7f, 8, L),
                                COL("許可権限者", "Approver", 1.3f, 16, L)};
    asx_block *t = asx_doc_table(doc, part, cols, 9, ASX_TR(lang, "該当なし。", "None."));
    for (size_t i = 0; i < rep->nrenewals; i++) {
        const asx_rr_renewal *x = &rep->renewals[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], x->entry->id);
        asx_cell_text(doc, &row[1], x->entry->service);
        asx_cell_date(&row[2], &x->renewed_on);
        asx_cell_verdict(&row[3], x->previous_verdict);
        asx_cell_number(doc, &row[4], x->previous_score, 1, NULL);
        asx_cell_verdict(&row[5], x->verdict);
        asx_cell_number(doc, &row[6], x->score, 1, NULL);
        asx_cell_text(doc, &row[7], x->regressed ? ASX_TR(lang, "低下", "yes") : NULL);
        row[7].tone = x->regressed ? ASX_DOC_TONE_BAD : ASX_DOC_TONE_NONE;
        asx_cell_text(doc, &row[8], x->approver);
    }
}

static void part_conditions(asx_doc *doc, const asx_reg_report *rep, asx_lang lang)
{
    asx_block *part = asx_doc_part(doc, ASX_TR(lang, "未履行の承認条件", "Open conditions of conditional approvals"),
                                   ASX_TR(lang, "条件", "Conditions"));
    const asx_doc_col cols[] = {COL("番号", "ID", 1.3f, 14, L), COL("条件", "No.", 0.5f, 6, R),
                                COL("内容", "Condition", 4.0f, 70, L), COL("条項", "Clause", 1.2f, 14, L),
                                COL("期限", "Due", 1.2f, 12, L), COL("期限超過", "Overdue", 0.8f, 10, L)};
    asx_block *t = asx_doc_table(doc, part, cols, 6, ASX_TR(lang, "該当なし。", "None."));
    for (size_t i = 0; i < rep->nopen_conditions; i++) {
        const asx_rr_condition *x = &rep->open_conditions[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], x->entry->id);
        asx_cell_count(&row[1], x->n);
        asx_cell_text(doc, &row[2], x->text);
        asx_cell_text(doc, &row[3], x->clause);
        asx_cell_date(&row[4], x->has_due ? &x->due : NULL);
        asx_cell_text(doc, &row[5], x->overdue ? ASX_TR(lang, "超過", "overdue") : NULL);
        row[4].tone = row[5].tone = x->overdue ? ASX_DOC_TONE_BAD : ASX_DOC_TONE_NONE;
    }
}

static void part_checks(asx_doc *doc, const asx_reg_report *rep, asx_lang lang)
{
    char *title = CITED("年度内の点検 (%s)", "Checks recorded in the year (%s)", rep->cite_checks.clause_local);
    asx_block *part = asx_doc_part(doc, title ? title : "", ASX_TR(lang, "点検", "Checks"));
    free(title);
    const asx_doc_col cols[] = {COL("番号", "ID", 1.3f, 14, L), COL("サービス", "Service", 2.4f, 30, L),
                                COL("段階", "Phase", 1.2f, 14, L), COL("点検日", "Date", 1.1f, 12, L),
                                COL("点検者", "Checker", 1.3f, 16, L), COL("項目数", "Items", 0.6f, 8, R),
                                COL("否", "Not met", 0.6f, 8, R)};
    asx_block *t = asx_doc_table(doc, part, cols, 7, ASX_TR(lang, "該当なし。", "None."));
    for (size_t i = 0; i < rep->nchecks; i++) {
        const asx_rr_check *x = &rep->checks[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], x->entry->id);
        asx_cell_text(doc, &row[1], x->entry->service);
        asx_cell_text(doc, &row[2], asx_check_phase_label(x->phase, lang));
        asx_cell_date(&row[3], &x->on);
        asx_cell_text(doc, &row[4], x->by);
        asx_cell_count(&row[5], x->nitems);
        asx_cell_count(&row[6], x->not_met);
    }
    part = asx_doc_part(doc, ASX_TR(lang, "期限を過ぎた運用時の点検", "Operation checks overdue"),
                        ASX_TR(lang, "点検期限超過", "Checks overdue"));
    const asx_doc_col oc[] = {COL("番号", "ID", 1.3f, 14, L), COL("サービス", "Service", 3.0f, 30, L),
                              COL("運用時点検の期限", "Operation check due", 1.2f, 14, L),
                              COL("外部サービス管理者", "Service manager", 1.8f, 20, L)};
    t = asx_doc_table(doc, part, oc, 4, ASX_TR(lang, "該当なし。", "None."));
    for (size_t i = 0; i < rep->nchecks_overdue; i++) {
        const asx_rr_entry *e = rep->checks_overdue[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], e->id);
        asx_cell_text(doc, &row[1], e->service);
        asx_cell_date(&row[2], &e->next_check);
        asx_cell_text(doc, &row[3], e->manager);
    }
}

static void part_expiring(asx_doc *doc, const asx_reg_report *rep, asx_lang lang)
{
    char nfy[96];
    fy_label(rep->fiscal_year + 1, lang, nfy, sizeof nfy);
    char *title = asx_strdupf(ASX_TR(lang, "%sに有効期限を迎える証明書 (%s)", "Evidence expiring in %s (%s)"), nfy,
                              rep->cite_expiring.clause_local ? rep->cite_expiring.clause_local : "");
    asx_block *part = asx_doc_part(doc, title ? title : "", ASX_TR(lang, "証明書", "Evidence"));
    free(title);
    const asx_doc_col cols[] = {COL("番号", "ID", 1.3f, 14, L), COL("サービス", "Service", 2.0f, 30, L),
                                COL("事業者", "Vendor", 2.0f, 30, L), COL("有効期限", "Evidence expiry", 1.2f, 12, L),
                                COL("次回見直し", "Next review", 1.2f, 12, L)};
    asx_block *t = asx_doc_table(doc, part, cols, 5, ASX_TR(lang, "該当なし。", "None."));
    for (size_t i = 0; i < rep->nexpiring; i++) {
        const asx_rr_entry *e = rep->expiring[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], e->id);
        asx_cell_text(doc, &row[1], e->service);
        asx_cell_text(doc, &row[2], e->vendor);
        asx_cell_date(&row[3], &e->evidence_expiry);
        asx_cell_date(&row[4], &e->next_review);
    }
}

asx_doc *asx_reg_report_doc(const asx_reg_report *rep, asx_lang lang)
{
    bool en = lang == ASX_LANG_EN;
    char fy[96], asof[64], title[256], sub[512];
    fy_label(rep->fiscal_year, lang, fy, sizeof fy);
    asx_date_format(rep->as_of, lang, asof, sizeof asof);
    snprintf(title, sizeof title, ASX_TR(lang, "外部サービスの利用状況報告 %s", "External services: report for %s"), fy);
    snprintf(sub, sizeof sub,
             en ? "%s%sto the CISO (%s) — as of %s" : "%s%sCISO・統括情報セキュリティ責任者への報告 (%s)　%s 現在",
             rep->organization ? rep->organization : "", rep->organization && *rep->organization ? "　" : "",
             rep->cite_report.clause_local ? rep->cite_report.clause_local : "", asof);
    asx_doc *doc = asx_doc_new(lang, title, sub, rep->organization);
    if (!doc)
        return NULL;
    part_summary(doc, rep, lang);
    part_approvals(doc, rep, lang);
    part_renewals(doc, rep, lang);
    part_conditions(doc, rep, lang);
    part_checks(doc, rep, lang);
    part_expiring(doc, rep, lang);
    return doc;
}
