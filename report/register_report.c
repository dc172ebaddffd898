/* register_report.c - the checklist workbook and the year's report (PDF, XLSX). They render the
 * figures register/ computed and derive none. See asx/register_report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pdfdoc.h"
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

static void date(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const asx_date *d)
{
    if (x->ja && d && c < 24 && x->colw[c] < ASX_XLSX_DATE_WIDTH_JA) {
        asx_xlsx_keep(&x->err, worksheet_set_column(ws, c, c, ASX_XLSX_DATE_WIDTH_JA, NULL));
        x->colw[c] = ASX_XLSX_DATE_WIDTH_JA;
    }
    asx_xlsx_keep(&x->err, asx_xlsx_date(ws, r, c, d, x->date, x->cell));
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
    asx_error err = asx_xlsx_begin(&out, path, force, FIXED_CREATED, title, d);
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

/* ---- PDF ---- */

static void pdf_table(asx_pdf *p, const asx_pdf_col *cols, size_t ncols)
{
    asx_pdf_table_begin(p, cols, ncols);
}

static void none(asx_pdf *p, bool en)
{
    asx_pdf_paragraph(p, en ? "None." : "該当なし。", NULL);
}

asx_error asx_reg_report_pdf(const asx_reg_report *rep, asx_outset *set, const char *path,
                             const char *font_file, asx_lang lang, int force, asx_diags *d)
{
    bool en = lang == ASX_LANG_EN;
    asx_font *font = NULL;
    asx_pdf *p = NULL;
    char fy[96], asof[64], from[64], to[64], title[256], sub[512];
    asx_error err = asx_refuse_existing(path, force, d);
    if (!err)
        err = asx_font_load(font_file, &font, d);
    if (err)
        goto done;
    p = asx_pdf_new(font, lang);
    if (!p) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    fy_label(rep->fiscal_year, lang, fy, sizeof fy);
    asx_date_format(rep->as_of, lang, asof, sizeof asof);
    asx_date_format(rep->from, lang, from, sizeof from);
    asx_date_format(rep->to, lang, to, sizeof to);
    snprintf(title, sizeof title, ASX_TR(lang, "外部サービスの利用状況報告 %s", "External services: report for %s"), fy);
    snprintf(sub, sizeof sub,
             en ? "%s%sto the CISO (%s) — as of %s"
                : "%s%sCISO・統括情報セキュリティ責任者への報告 (%s)　%s 現在",
             rep->organization ? rep->organization : "",
             rep->organization && *rep->organization ? "　" : "", rep->cite_report.clause_local, asof);
    asx_pdf_set_info(p, title, rep->organization, rep->as_of);
    asx_pdf_set_footer(p, title);
    asx_pdf_title(p, title, sub);

    asx_pdf_heading(p, 1, ASX_TR(lang, "概要", "Summary"), 0);
    figure f[32];
    size_t nf = figures(rep, f, 32);
    char period[160];
    snprintf(period, sizeof period, ASX_TR(lang, "%s から %s まで", "%s to %s"), from, to);
    const asx_pdf_col sc[] = {{ASX_TR(lang, "項目", "Figure"), 3.0f, ASX_PDF_LEFT},
                              {ASX_TR(lang, "件数", "Count"), 1.0f, ASX_PDF_RIGHT}};
    asx_pdf_paragraph(p, period, NULL);
    asx_pdf_space(p, 4);
    pdf_table(p, sc, 2);
    for (size_t i = 0; i < nf; i++) {
        char n[32];
        snprintf(n, sizeof n, "%zu", f[i].n);
        const char *cells[] = {en ? f[i].en : f[i].ja, n};
        asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE,
                                f[i].n && (strstr(f[i].key, "overdue") || strcmp(f[i].key, "regressions") == 0)
                                    ? ASX_PDF_TONE_BAD : ASX_PDF_TONE_NONE};
        asx_pdf_row(p, cells, tones);
    }
    asx_pdf_table_end(p);
    asx_pdf_space(p, 6);
    asx_pdf_heading(p, 2, ASX_TR(lang, "質問票別のサービス数", "Services by questionnaire"), 0);
    const asx_pdf_col bc[] = {{ASX_TR(lang, "質問票", "Questionnaire"), 3.0f, ASX_PDF_LEFT},
                              {ASX_TR(lang, "件数", "Services"), 1.0f, ASX_PDF_RIGHT}};
    if (!rep->nbanks)
        none(p, en);
    else {
        pdf_table(p, bc, 2);
        for (size_t i = 0; i < rep->nbanks; i++) {
            char n[32];
            snprintf(n, sizeof n, "%zu", rep->banks[i].n);
            const char *cells[] = {rep->banks[i].bank, n};
            asx_pdf_row(p, cells, NULL);
        }
        asx_pdf_table_end(p);
    }

    char cited[256];
    snprintf(cited, sizeof cited, ASX_TR(lang, "年度内の承認 (%s)", "Approvals in the year (%s)"),
             rep->cite_approvals.clause_local);
    asx_pdf_heading(p, 1, cited, 0);
    if (!rep->napprovals)
        none(p, en);
    else {
        const asx_pdf_col c[] = {{ASX_TR(lang, "番号", "ID"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "サービス / 事業者", "Service / vendor"), 3.0f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "判定", "Verdict"), 1.2f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "承認日", "Approved on"), 1.1f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "状態", "Status"), 1.0f, ASX_PDF_LEFT}};
        pdf_table(p, c, 5);
        for (size_t i = 0; i < rep->napprovals; i++) {
            const asx_reg_entry *e = rep->approvals[i];
            char on[64], *sv = asx_strdupf("%s\n%s", e->service, e->vendor);
            asx_date_doc(e->approved_on, lang, on, sizeof on);
            const char *cells[] = {e->id, sv ? sv : e->service, asx_verdict_label(e->verdict, lang),
                                   on, asx_reg_state_label(e, rep->as_of, lang)};
            asx_pdf_row(p, cells, NULL);
            free(sv);
        }
        asx_pdf_table_end(p);
    }

    snprintf(cited, sizeof cited, ASX_TR(lang, "年度内の更新 (再監査, %s)", "Renewals (re-audits) in the year (%s)"),
             rep->cite_renewals.clause_local);
    asx_pdf_heading(p, 1, cited, 0);
    if (!rep->nrenewals)
        none(p, en);
    else {
        const asx_pdf_col c[] = {{ASX_TR(lang, "番号", "ID"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "サービス", "Service"), 2.2f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "更新日", "Renewed on"), 1.1f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "判定 (点数) 前 → 後", "Before → after"), 2.4f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "許可権限者", "Approver"), 1.3f, ASX_PDF_LEFT}};
        pdf_table(p, c, 5);
        for (size_t i = 0; i < rep->nrenewals; i++) {
            const asx_rr_renewal *x = &rep->renewals[i];
            char on[64];
            asx_date_doc(x->renewal->renewed_on, lang, on, sizeof on);
            char *ba = asx_strdupf("%s (%.1f) → %s (%.1f)%s",
                                   asx_verdict_label(x->renewal->previous_verdict, lang),
                                   x->renewal->previous_score,
                                   asx_verdict_label(x->renewal->verdict, lang), x->renewal->score,
                                   x->regressed ? (ASX_TR(lang, "\n低下", "\nregression")) : "");
            const char *cells[] = {x->entry->id, x->entry->service, on, ba ? ba : "",
                                   x->renewal->approver ? x->renewal->approver : "—"};
            asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE,
                                    x->regressed ? ASX_PDF_TONE_BAD : ASX_PDF_TONE_NONE,
                                    ASX_PDF_TONE_NONE};
            asx_pdf_row(p, cells, tones);
            free(ba);
        }
        asx_pdf_table_end(p);
    }

    asx_pdf_heading(p, 1, ASX_TR(lang, "未履行の承認条件", "Open conditions of conditional approvals"), 0);
    if (!rep->nopen_conditions)
        none(p, en);
    else {
        const asx_pdf_col c[] = {{ASX_TR(lang, "番号", "ID"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "条件", "No."), 0.5f, ASX_PDF_RIGHT},
                                 {ASX_TR(lang, "内容", "Condition"), 4.0f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "期限", "Due"), 1.2f, ASX_PDF_LEFT}};
        pdf_table(p, c, 4);
        for (size_t i = 0; i < rep->nopen_conditions; i++) {
            const asx_rr_condition *x = &rep->open_conditions[i];
            char n[16], iso[64], due[96] = "—";
            snprintf(n, sizeof n, "%zu", x->condition->n);
            if (x->condition->has_due) {
                asx_date_doc(x->condition->due, lang, iso, sizeof iso);
                snprintf(due, sizeof due, "%s%s", iso,
                         x->overdue ? (ASX_TR(lang, "\n期限超過", "\noverdue")) : "");
            }
            const char *cells[] = {x->entry->id, n, x->condition->text, due};
            asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE,
                                    x->overdue ? ASX_PDF_TONE_BAD : ASX_PDF_TONE_NONE};
            asx_pdf_row(p, cells, tones);
        }
        asx_pdf_table_end(p);
    }

    snprintf(cited, sizeof cited, ASX_TR(lang, "年度内の点検 (%s)", "Checks recorded in the year (%s)"),
             rep->cite_checks.clause_local);
    asx_pdf_heading(p, 1, cited, 0);
    if (!rep->nchecks)
        none(p, en);
    else {
        const asx_pdf_col c[] = {{ASX_TR(lang, "番号", "ID"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "サービス", "Service"), 2.4f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "段階", "Phase"), 1.2f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "点検日", "Date"), 1.1f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "点検者", "Checker"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "否", "Not met"), 0.6f, ASX_PDF_RIGHT}};
        pdf_table(p, c, 6);
        for (size_t i = 0; i < rep->nchecks; i++) {
            const asx_rr_check *x = &rep->checks[i];
            char on[64], ng[32];
            size_t bad = asx_reg_check_not_met(x->check);
            asx_date_doc(x->check->on, lang, on, sizeof on);
            snprintf(ng, sizeof ng, "%zu / %zu", bad, x->check->nitems);
            const char *cells[] = {x->entry->id, x->entry->service,
                                   asx_check_phase_label(x->check->phase, lang), on, x->check->by, ng};
            asx_pdf_row(p, cells, NULL);
        }
        asx_pdf_table_end(p);
    }
    asx_pdf_heading(p, 2, ASX_TR(lang, "期限を過ぎた運用時の点検", "Operation checks overdue"), 0);
    if (!rep->nchecks_overdue)
        none(p, en);
    else {
        const asx_pdf_col c[] = {{ASX_TR(lang, "番号", "ID"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "サービス", "Service"), 3.0f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "期限", "Due"), 1.2f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "外部サービス管理者", "Manager"), 1.8f, ASX_PDF_LEFT}};
        pdf_table(p, c, 4);
        for (size_t i = 0; i < rep->nchecks_overdue; i++) {
            const asx_reg_entry *e = rep->checks_overdue[i];
            char due[64];
            asx_date_doc(e->next_check, lang, due, sizeof due);
            const char *cells[] = {e->id, e->service, due, e->manager};
            asx_pdf_row(p, cells, NULL);
        }
        asx_pdf_table_end(p);
    }

    char nfy[96];
    fy_label(rep->fiscal_year + 1, lang, nfy, sizeof nfy);
    char head[200];
    snprintf(head, sizeof head, ASX_TR(lang, "%sに有効期限を迎える証明書 (%s)", "Evidence expiring in %s (%s)"), nfy,
             rep->cite_expiring.clause_local);
    asx_pdf_heading(p, 1, head, 0);
    if (!rep->nexpiring)
        none(p, en);
    else {
        const asx_pdf_col c[] = {{ASX_TR(lang, "番号", "ID"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "サービス / 事業者", "Service / vendor"), 3.4f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "有効期限", "Expiry"), 1.2f, ASX_PDF_LEFT},
                                 {ASX_TR(lang, "次回見直し", "Next review"), 1.2f, ASX_PDF_LEFT}};
        pdf_table(p, c, 4);
        for (size_t i = 0; i < rep->nexpiring; i++) {
            const asx_reg_entry *e = rep->expiring[i];
            char ex[64], nr[64], *sv = asx_strdupf("%s\n%s", e->service, e->vendor);
            asx_date_doc(e->evidence_expiry, lang, ex, sizeof ex);
            asx_date_doc(e->next_review, lang, nr, sizeof nr);
            const char *cells[] = {e->id, sv ? sv : e->service, ex, nr};
            asx_pdf_row(p, cells, NULL);
            free(sv);
        }
        asx_pdf_table_end(p);
    }
    err = asx_pdf_save_in(p, set, path, force, d);
done:
    asx_pdf_free(p);
    asx_font_free(font);
    return err;
}

/* ---- XLSX ---- */

asx_error asx_reg_report_xlsx(const asx_reg_report *rep, asx_outset *set, const char *path,
                              asx_lang lang, int force, asx_diags *d)
{
    bool en = lang == ASX_LANG_EN;
    char fy[96], title[256];
    fy_label(rep->fiscal_year, lang, fy, sizeof fy);
    snprintf(title, sizeof title, ASX_TR(lang, "外部サービスの利用状況報告 %s", "External services: report for %s"), fy);
    asx_xlsx_out out;
    asx_error err = asx_xlsx_begin_in(&out, set, path, force, FIXED_CREATED, title, d);
    if (err)
        return err;
    xw x = {.wb = out.wb, .file = path, .d = d, .ja = lang != ASX_LANG_EN};
    formats(&x, lang);
    lxw_worksheet *ws = x.err ? NULL : sheet(&x, ASX_TR(lang, "概要", "Summary"), false);
    if (ws) {
        figure f[32];
        size_t nf = figures(rep, f, 32);
        const char *names[] = {ASX_TR(lang, "項目", "Figure"), ASX_TR(lang, "件数", "Count"), ASX_TR(lang, "キー", "Key")};
        static const double widths[] = {44, 10, 28};
        text(&x, ws, 0, 0, title, x.title);
        text(&x, ws, 1, 0, ASX_TR(lang, "対象期間", "Period"), x.cell);
        date(&x, ws, 1, 1, &rep->from);
        date(&x, ws, 1, 2, &rep->to);
        text(&x, ws, 2, 0, ASX_TR(lang, "基準日", "As of"), x.cell);
        date(&x, ws, 2, 1, &rep->as_of);
        header_row(&x, ws, 4, names, widths, 3);
        lxw_row_t row = 5;
        for (size_t i = 0; i < nf; i++, row++) {
            text(&x, ws, row, 0, en ? f[i].en : f[i].ja, x.cell);
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, row, 1, (double)f[i].n, x.num));
            text(&x, ws, row, 2, f[i].key, x.cell);
        }
        for (size_t i = 0; i < rep->nbanks; i++, row++) {
            char key[128], label[160];
            snprintf(key, sizeof key, "by_bank.%s", rep->banks[i].bank);
            snprintf(label, sizeof label, ASX_TR(lang, "質問票 %s", "questionnaire %s"), rep->banks[i].bank);
            text(&x, ws, row, 0, label, x.cell);
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, row, 1, (double)rep->banks[i].n, x.num));
            text(&x, ws, row, 2, key, x.cell);
        }
    }
    ws = x.err ? NULL : sheet(&x, ASX_TR(lang, "承認", "Approvals"), true);
    if (ws) {
        const char *names[] = {ASX_TR(lang, "番号", "ID"), ASX_TR(lang, "サービス", "Service"), ASX_TR(lang, "事業者", "Vendor"),
                               ASX_TR(lang, "判定", "Verdict"), ASX_TR(lang, "点数", "Score"),
                               ASX_TR(lang, "承認日", "Approved on"), ASX_TR(lang, "許可権限者", "Approver"),
                               ASX_TR(lang, "外部サービス管理者", "Service manager"), ASX_TR(lang, "状態", "State")};
        static const double widths[] = {14, 30, 30, 14, 8, 12, 16, 18, 14};
        header_row(&x, ws, 0, names, widths, 9);
        for (size_t i = 0; i < rep->napprovals; i++) {
            const asx_reg_entry *e = rep->approvals[i];
            lxw_row_t r = (lxw_row_t)(i + 1);
            text(&x, ws, r, 0, e->id, x.cell);
            text(&x, ws, r, 1, e->service, x.wrap);
            text(&x, ws, r, 2, e->vendor, x.wrap);
            text(&x, ws, r, 3, asx_verdict_label(e->verdict, lang), x.cell);
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, r, 4, e->score, x.cell));
            date(&x, ws, r, 5, &e->approved_on);
            text(&x, ws, r, 6, e->approver, x.cell);
            text(&x, ws, r, 7, e->manager, x.cell);
            text(&x, ws, r, 8, asx_reg_state_label(e, rep->as_of, lang), x.cell);
        }
    }
    ws = x.err ? NULL : sheet(&x, ASX_TR(lang, "証明書", "Evidence"), true);
    if (ws) {
        const char *names[] = {ASX_TR(lang, "番号", "ID"), ASX_TR(lang, "サービス", "Service"), ASX_TR(lang, "事業者", "Vendor"),
                               ASX_TR(lang, "有効期限", "Evidence expiry"), ASX_TR(lang, "次回見直し", "Next review")};
        static const double widths[] = {14, 30, 30, 12, 12};
        header_row(&x, ws, 0, names, widths, 5);
        for (size_t i = 0; i < rep->nexpiring; i++) {
            const asx_reg_entry *e = rep->expiring[i];
            lxw_row_t r = (lxw_row_t)(i + 1);
            text(&x, ws, r, 0, e->id, x.cell);
            text(&x, ws, r, 1, e->service, x.wrap);
            text(&x, ws, r, 2, e->vendor, x.wrap);
            date(&x, ws, r, 3, &e->evidence_expiry);
            date(&x, ws, r, 4, &e->next_review);
        }
    }
    ws = x.err ? NULL : sheet(&x, ASX_TR(lang, "更新", "Renewals"), true);
    if (ws) {
        const char *names[] = {ASX_TR(lang, "番号", "ID"), ASX_TR(lang, "サービス", "Service"),
                               ASX_TR(lang, "更新日", "Renewed on"), ASX_TR(lang, "前の判定", "Verdict before"),
                               ASX_TR(lang, "前の点数", "Score before"), ASX_TR(lang, "後の判定", "Verdict after"),
                               ASX_TR(lang, "後の点数", "Score after"), ASX_TR(lang, "低下", "Regression"),
                               ASX_TR(lang, "許可権限者", "Approver")};
        static const double widths[] = {14, 30, 12, 14, 10, 14, 10, 8, 16};
        header_row(&x, ws, 0, names, widths, 9);
        for (size_t i = 0; i < rep->nrenewals; i++) {
            const asx_rr_renewal *rn = &rep->renewals[i];
            lxw_row_t r = (lxw_row_t)(i + 1);
            text(&x, ws, r, 0, rn->entry->id, x.cell);
            text(&x, ws, r, 1, rn->entry->service, x.wrap);
            date(&x, ws, r, 2, &rn->renewal->renewed_on);
            text(&x, ws, r, 3, asx_verdict_label(rn->renewal->previous_verdict, lang), x.cell);
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, r, 4, rn->renewal->previous_score, x.cell));
            text(&x, ws, r, 5, asx_verdict_label(rn->renewal->verdict, lang), x.cell);
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, r, 6, rn->renewal->score, x.cell));
            text(&x, ws, r, 7, rn->regressed ? (ASX_TR(lang, "低下", "yes")) : "", x.cell);
            text(&x, ws, r, 8, rn->renewal->approver, x.cell);
        }
    }
    ws = x.err ? NULL : sheet(&x, ASX_TR(lang, "条件", "Conditions"), true);
    if (ws) {
        const char *names[] = {ASX_TR(lang, "番号", "ID"), ASX_TR(lang, "条件", "No."), ASX_TR(lang, "内容", "Condition"),
                               ASX_TR(lang, "条項", "Clause"), ASX_TR(lang, "期限", "Due"), ASX_TR(lang, "期限超過", "Overdue")};
        static const double widths[] = {14, 6, 70, 14, 12, 10};
        header_row(&x, ws, 0, names, widths, 6);
        for (size_t i = 0; i < rep->nopen_conditions; i++) {
            const asx_rr_condition *c = &rep->open_conditions[i];
            lxw_row_t r = (lxw_row_t)(i + 1);
            text(&x, ws, r, 0, c->entry->id, x.cell);
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, r, 1, (double)c->condition->n, x.num));
            text(&x, ws, r, 2, c->condition->text, x.wrap);
            text(&x, ws, r, 3, asx_reg_condition_clause(c->condition), x.cell);
            date(&x, ws, r, 4, c->condition->has_due ? &c->condition->due : NULL);
            text(&x, ws, r, 5, c->overdue ? (ASX_TR(lang, "超過", "overdue")) : "", x.cell);
            asx_xlsx_keep(&x.err, worksheet_set_row(ws, r, asx_xlsx_row_height(c->condition->text, widths[2]), NULL));
        }
    }
    ws = x.err ? NULL : sheet(&x, ASX_TR(lang, "点検", "Checks"), true);
    if (ws) {
        const char *names[] = {ASX_TR(lang, "番号", "ID"), ASX_TR(lang, "サービス", "Service"), ASX_TR(lang, "段階", "Phase"),
                               ASX_TR(lang, "点検日", "Date"), ASX_TR(lang, "点検者", "Checker"),
                               ASX_TR(lang, "項目数", "Items"), ASX_TR(lang, "否", "Not met")};
        static const double widths[] = {14, 30, 14, 12, 16, 8, 8};
        header_row(&x, ws, 0, names, widths, 7);
        for (size_t i = 0; i < rep->nchecks; i++) {
            const asx_rr_check *c = &rep->checks[i];
            lxw_row_t r = (lxw_row_t)(i + 1);
            size_t bad = asx_reg_check_not_met(c->check);
            text(&x, ws, r, 0, c->entry->id, x.cell);
            text(&x, ws, r, 1, c->entry->service, x.wrap);
            text(&x, ws, r, 2, asx_check_phase_label(c->check->phase, lang), x.cell);
            date(&x, ws, r, 3, &c->check->on);
            text(&x, ws, r, 4, c->check->by, x.cell);
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, r, 5, (double)c->check->nitems, x.num));
            asx_xlsx_keep(&x.err, worksheet_write_number(ws, r, 6, (double)bad, x.num));
        }
    }
    ws = x.err ? NULL : sheet(&x, ASX_TR(lang, "点検期限超過", "Checks overdue"), true);
    if (ws) {
        const char *names[] = {ASX_TR(lang, "番号", "ID"), ASX_TR(lang, "サービス", "Service"),
                               ASX_TR(lang, "運用時点検の期限", "Operation check due"),
                               ASX_TR(lang, "外部サービス管理者", "Service manager")};
        static const double widths[] = {14, 30, 14, 20};
        header_row(&x, ws, 0, names, widths, 4);
        for (size_t i = 0; i < rep->nchecks_overdue; i++) {
            const asx_reg_entry *e = rep->checks_overdue[i];
            lxw_row_t r = (lxw_row_t)(i + 1);
            text(&x, ws, r, 0, e->id, x.cell);
            text(&x, ws, r, 1, e->service, x.wrap);
            date(&x, ws, r, 2, &e->next_check);
            text(&x, ws, r, 3, e->manager, x.cell);
        }
    }
    return asx_xlsx_finish(&out, x.err, force, REPORT_MODE, d);
}
