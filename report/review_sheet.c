/* review_sheet.c - the officer's review sheet (審査シート, assess-review-sheet/1), written with
 * libxlsxwriter like the vendor form (form.c): what the officer reads is locked, the cells the
 * officer fills (yellow) are unlocked, decisions come from drop-down lists, and the hidden,
 * protected _meta sheet binds the sheet to the answers' SHA-256. Every text shown comes from the
 * result: the judgments it requires, the facts each rests on, the suggested conclusions. */
#include <stdlib.h>
#include <string.h>
#include "asx/form.h"
#include "asx/review_sheet.h"
#include "asx/review_sheet_write.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"
#include "asx/xlsxutil.h"

#define HEAD_ROW 5 /* 0-based: the table header */

typedef struct {
    const asx_result *r;
    const asx_review_sheet_opts *o;
    const char *file;
    asx_diags *d;
    lxw_workbook *wb;
    lxw_worksheet *ws, *meta;
    const char *sheet;
    lxw_error lerr;
    lxw_format *title, *note, *head, *locked, *key, *input, *input_date, *section, *alert;
} writer;

static void text(writer *w, lxw_worksheet *ws, const char *sheet, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    asx_xlsx_keep(&w->lerr, asx_xlsx_text(ws, sheet, r, c, s, f, w->d, w->file));
}

#define TR(ja, en) ASX_TR(w->o->lang, ja, en)

static bool make_formats(writer *w)
{
    lxw_format **all[] = {&w->title, &w->note, &w->head, &w->locked, &w->key, &w->input, &w->input_date, &w->section, &w->alert};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = asx_xlsx_format(w->wb, &w->lerr);
        if (*all[i])
            format_set_font_name(*all[i], ASX_FORM_FONT);
    }
    if (w->lerr)
        return false;
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
    format_set_text_wrap(w->note);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(w->head);
    format_set_bg_color(w->head, 0xD9E1F2);
    format_set_border(w->head, LXW_BORDER_THIN);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *cells[] = {w->locked, w->key, w->input, w->input_date};
    for (size_t i = 0; i < 4; i++) {
        format_set_border(cells[i], LXW_BORDER_THIN);
        format_set_align(cells[i], LXW_ALIGN_VERTICAL_TOP);
        format_set_text_wrap(cells[i]);
    }
    format_set_font_color(w->key, 0x595959);
    format_set_font_size(w->key, 9);
    format_set_unlocked(w->input);
    format_set_unlocked(w->input_date);
    format_set_bg_color(w->input, 0xFFF2CC);
    format_set_bg_color(w->input_date, 0xFFF2CC);
    format_set_num_format(w->input_date, asx_xlsx_date_format(w->o->lang));
    format_set_bold(w->section);
    format_set_bold(w->alert);
    format_set_font_color(w->alert, 0xC00000);
    format_set_text_wrap(w->alert);
    return true;
}

static void write_meta(writer *w)
{
    const asx_answers *a = w->r->answers;
    const char *base = a->file ? strrchr(a->file, '/') : NULL;
    const char *keys[] = {"format", "answers_sha256", "questionnaire", "questionnaire_version", "lang", "answers"};
    const char *vals[] = {ASX_RSHEET_FORMAT, a->sha256, w->r->bank->id, w->r->bank->version,
                          w->o->lang == ASX_LANG_EN ? "en" : "ja", base ? base + 1 : a->file ? a->file : "-"};
    for (lxw_row_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        text(w, w->meta, ASX_FORM_META_SHEET, i, 0, keys[i], NULL);
        text(w, w->meta, ASX_FORM_META_SHEET, i, 1, vals[i], NULL);
    }
    worksheet_hide(w->meta);
    lxw_protection prot = {0};
    worksheet_protect(w->meta, NULL, &prot);
}

/* A drop-down list of the given labels on one cell. */
static void dropdown(writer *w, lxw_row_t row, lxw_col_t col, const char **labels, const char *title, const char *msg)
{
    lxw_data_validation v = {0};
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.value_list = (char **)labels; /* libxlsxwriter only reads the list */
    v.ignore_blank = LXW_VALIDATION_ON;
    char *t = asx_xlsx_cut(title, 32), *m = asx_xlsx_cut(msg, 255);
    v.input_title = t;
    v.input_message = m;
    asx_xlsx_keep(&w->lerr, worksheet_data_validation_cell(w->ws, row, col, &v));
    free(t);
    free(m);
}

/* The facts a judgment rests on, one per line: 「保管場所の国: 日本 (JP)」. */
static char *facts_text(writer *w, const asx_result_judgment *j)
{
    asx_buf b = {0};
    for (size_t i = 0; i < j->nfacts; i++) {
        const asx_judgment_fact *f = &j->facts[i];
        asx_buf_addf(&b, "%s%s: %s", i ? "\n" : "", w->o->lang == ASX_LANG_EN ? f->label_en : f->label_ja,
                     w->o->lang == ASX_LANG_EN ? f->value_en : f->value_ja);
    }
    return asx_buf_take(&b);
}

/* The officer's cells of a row, empty or as an earlier review made them. */
static void input_cells(writer *w, lxw_row_t row, const char *decision, const char *reason, const char *detail,
                        const char *by, const asx_date *date, bool detail_used)
{
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_DECISION, decision ? decision : "", w->input);
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_REASON, reason ? reason : "", w->input);
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_DETAIL, detail ? detail : "", detail_used ? w->input : w->locked);
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_NAME, by ? by : "", w->input);
    asx_xlsx_keep(&w->lerr, asx_xlsx_date(w->ws, row, ASX_RSHEET_COL_DATE, date, w->input_date, w->input_date));
}

static void judgment_row(writer *w, lxw_row_t row, const asx_result_judgment *j)
{
    asx_lang l = w->o->lang;
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_KEY, asx_judgment_key_name(j->key), w->key);
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_SUBJECT, j->subject ? j->subject : "", w->locked);
    char *label = asx_strdupf("%s%s", asx_judgment_key_label(j->key, l),
                              j->required ? "" : TR(" (この評価では必須でない判断)", " (not required by this assessment)"));
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_LABEL, label ? label : "", w->locked);
    free(label);
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_CLAUSE, j->clause_local, w->locked);
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_BY_DEFAULT, l == ASX_LANG_EN ? j->by_default_en : j->by_default, w->locked);
    char *facts = facts_text(w, j);
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_FACTS, facts ? facts : "", w->locked);
    char *sugg = j->has_suggestion
                     ? asx_strdupf("%s: %s", asx_judgment_decision_label(j->key, j->suggest_yes, l),
                                   l == ASX_LANG_EN ? j->suggest_en : j->suggest_ja)
                     : asx_strdup(TR("(事実からは導けない: 判断者が評価する)", "(the facts do not decide it: for the officer to weigh)"));
    text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_SUGGESTION, sugg ? sugg : "", w->locked);
    asx_xlsx_keep(&w->lerr, worksheet_set_row(w->ws, row, asx_xlsx_row_height(facts ? facts : "", 40) > asx_xlsx_row_height(sugg ? sugg : "", 36)
                                             ? asx_xlsx_row_height(facts ? facts : "", 40)
                                             : asx_xlsx_row_height(sugg ? sugg : "", 36),
                             NULL));
    free(facts);
    free(sugg);
    const asx_judgment *m = j->made;
    bool detail_used = j->key == ASX_JUDGE_RELIABILITY || j->key == ASX_JUDGE_TERMS || j->key == ASX_JUDGE_SUBCONTRACTORS;
    if (m) {
        asx_buf detail = {0};
        for (size_t i = 0; i < m->nbasis; i++)
            asx_buf_addf(&detail, "%s%s", i ? "\n" : "", m->basis[i]);
        if (m->version)
            asx_buf_adds(&detail, m->version);
        if (j->key == ASX_JUDGE_SUBCONTRACTORS && m->has_essential)
            asx_buf_adds(&detail, asx_rsheet_essential_label(m->essential, l));
        input_cells(w, row, asx_judgment_decision_label(j->key, m->yes, l), m->reason, asx_buf_str(&detail), m->by,
                    &m->date, detail_used);
        asx_buf_free(&detail);
    } else if (j->has_suggestion) {
        input_cells(w, row, asx_judgment_decision_label(j->key, j->suggest_yes, l), l == ASX_LANG_EN ? j->suggest_en : j->suggest_ja,
                    j->suggest_basis, NULL, NULL, detail_used);
    } else {
        input_cells(w, row, NULL, NULL, NULL, NULL, NULL, detail_used);
    }
    const char *choices[] = {asx_judgment_decision_label(j->key, true, l), asx_judgment_decision_label(j->key, false, l), NULL};
    dropdown(w, row, ASX_RSHEET_COL_DECISION, choices, TR("判断", "Decision"),
             TR("一覧から選び、氏名と日付を記入すると判断になります", "Choose from the list; the name and the date make it a judgment"));
    if (j->key == ASX_JUDGE_SUBCONTRACTORS) {
        const char *ess[] = {asx_rsheet_essential_label(true, l), asx_rsheet_essential_label(false, l), NULL};
        dropdown(w, row, ASX_RSHEET_COL_DETAIL, ess, TR("承認しない場合", "If refused"),
                 TR("承認しない場合に選択: 不可欠なら不承認、なくてもよいなら「再委託しないこと」が条件になります",
                    "Choose when refusing: essential rejects the service; not essential makes not subcontracting a condition"));
    }
}

/* Whether a review may change the severity of this finding (SPEC v3 §8.1): a question's own
 * shortfall whose basis is reference, org or as_needed. */
static bool overridable(const asx_finding *f)
{
    if (!f->q || f->also || f->judgment || f->fixed)
        return false;
    return f->q->basis == ASX_BASIS_REFERENCE || f->q->basis == ASX_BASIS_ORG || f->q->basis == ASX_BASIS_AS_NEEDED;
}

static const char *basis_label(asx_basis b, asx_lang l)
{
    switch (b) {
    case ASX_BASIS_REFERENCE: return ASX_TR(l, "参考", "reference");
    case ASX_BASIS_ORG: return ASX_TR(l, "団体基準", "the organisation's choice");
    case ASX_BASIS_AS_NEEDED: return ASX_TR(l, "必要に応じて", "as needed");
    case ASX_BASIS_MUST:
    case ASX_BASIS_NONE: break;
    }
    return "";
}

static lxw_row_t override_rows(writer *w, lxw_row_t row)
{
    const asx_result *r = w->r;
    asx_lang l = w->o->lang;
    bool any = false;
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (!overridable(f))
            continue;
        bool seen = false; /* one row per question */
        for (size_t k = 0; k < i && !seen; k++)
            seen = overridable(&r->findings[k]) && r->findings[k].q == f->q;
        if (seen)
            continue;
        if (!any) {
            row++;
            text(w, w->ws, w->sheet, row++, 0,
                 TR("重大度の変更 (根拠が「参考」「団体基準」「必要に応じて」の指摘に限る。変える場合だけ、変更後の重大度・理由・氏名・日付を記入)",
                    "Changing a finding's severity (only where the basis is reference, the organisation's choice or as needed; fill in the new severity, reason, name and date only to change it)"),
                 w->section);
            any = true;
        }
        text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_KEY, ASX_RSHEET_KEY_OVERRIDE, w->key);
        text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_SUBJECT, f->q->id, w->locked);
        text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_LABEL, asx_text_get(&f->q->label, l), w->locked);
        text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_CLAUSE, f->clause_local ? f->clause_local : "", w->locked);
        text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_BY_DEFAULT, basis_label(f->q->basis, l), w->locked);
        asx_severity now = f->override ? f->original : f->severity;
        char *facts = asx_strdupf("%s: %s", asx_severity_label(now, l), asx_finding_msg(f, l));
        text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_FACTS, facts ? facts : "", w->locked);
        asx_xlsx_keep(&w->lerr, worksheet_set_row(w->ws, row, asx_xlsx_row_height(facts ? facts : "", 40), NULL));
        free(facts);
        text(w, w->ws, w->sheet, row, ASX_RSHEET_COL_SUGGESTION, "", w->locked);
        const asx_override *o = f->override;
        if (o)
            input_cells(w, row, asx_severity_label(o->severity, l), o->reason, NULL, o->by, &o->date, false);
        else
            input_cells(w, row, NULL, NULL, NULL, NULL, NULL, false);
        const char *sev[] = {asx_severity_label(ASX_SEV_MAJOR, l), asx_severity_label(ASX_SEV_MINOR, l),
                             asx_severity_label(ASX_SEV_INFO, l), NULL};
        dropdown(w, row, ASX_RSHEET_COL_DECISION, sev, TR("変更後の重大度", "New severity"),
                 TR("変える場合だけ選び、理由・氏名・日付を記入", "Choose only to change it, with the reason, name and date"));
        row++;
    }
    return row;
}

static void write_sheet(writer *w)
{
    const asx_result *r = w->r;
    const asx_answers *a = r->answers;
    asx_lang l = w->o->lang;
    char cls[96];
    asx_class_format(a->cls, l, cls, sizeof cls);
    char *title = asx_strdupf(TR("審査シート: %s — %s", "Review sheet: %s — %s"), a->service_name ? a->service_name : "",
                              a->vendor_name ? a->vendor_name : "");
    text(w, w->ws, w->sheet, 0, 0, title ? title : "", w->title);
    free(title);
    const char *base = a->file ? strrchr(a->file, '/') : NULL;
    char *sub = asx_strdupf(TR("回答ファイル: %s (SHA-256 %.16s…) / 質問票: %s %s (%s) / 格付け: %s",
                               "Answers: %s (SHA-256 %.16s…) / questionnaire %s %s (%s) / classification: %s"),
                            base ? base + 1 : a->file ? a->file : "-", a->sha256, r->bank->id, r->bank->version,
                            r->bank_cite.clause_local ? r->bank_cite.clause_local : "-", cls);
    text(w, w->ws, w->sheet, ASX_RSHEET_BINDING_ROW - 1, 0, sub ? sub : "", NULL); /* "SHA-256 %.16s": read back */
    free(sub);
    char *verdict = asx_strdupf(TR("審査前の評価: %s (%.1f 点)。判断待ち: %zu 件", "Before the review: %s (%.1f points); judgments outstanding: %zu"),
                                asx_result_verdict_label(r, l), r->score, r->nmissing);
    text(w, w->ws, w->sheet, 2, 0, verdict ? verdict : "", w->alert);
    free(verdict);
    text(w, w->ws, w->sheet, 3, 0,
         TR("黄色のセルに記入してください。「提案される結論」は回答の事実から導いたもので、判断欄に書き込んであります。確認して氏名と日付を記入すると判断になります (変える場合は判断欄を選び直してください)。氏名・日付のない行は判断待ちのままです。取り込み: assess import 審査シート.xlsx --answers 回答ファイル -o X.review.json",
            "Fill in the yellow cells. A suggested conclusion comes from the facts of the answers and is written into the decision cell: check it and sign it with your name and the date to make it your judgment (choose another decision to change it). A row without a name and a date stays outstanding. Read it back with: assess import SHEET.xlsx --answers ANSWERS -o X.review.json"),
         w->note);
    asx_xlsx_keep(&w->lerr, worksheet_set_row(w->ws, 3, 48, NULL));
    const char *heads[ASX_RSHEET_NCOLS][2] = {
        {"キー", "Key"}, {"対象", "Subject"}, {"判断事項", "Judgment"}, {"条項", "Clause"}, {"判断者", "Decided by"},
        {"判断の根拠となる事実 (回答から)", "Facts it rests on (from the answers)"}, {"提案される結論", "Suggested conclusion"},
        {"判断", "Decision"}, {"理由", "Reason"}, {"補足 (信頼性: 根拠を 1 行に 1 件 / 約款: 版 / 再委託: 承認しない場合の役割)", "Detail (reliability: basis, one per line / terms: version / subcontractor: if refused)"},
        {"氏名 (職・氏名)", "Name (title and name)"}, {"日付", "Date"}};
    for (lxw_col_t c = 0; c < ASX_RSHEET_NCOLS; c++)
        text(w, w->ws, w->sheet, HEAD_ROW, c, TR(heads[c][0], heads[c][1]), w->head);
    asx_xlsx_keep(&w->lerr, worksheet_set_row(w->ws, HEAD_ROW, 48, NULL));
    lxw_row_t row = HEAD_ROW + 1;
    for (size_t i = 0; i < r->njudgments; i++)
        judgment_row(w, row++, &r->judgments[i]);
    if (!r->njudgments)
        text(w, w->ws, w->sheet, row++, ASX_RSHEET_COL_LABEL,
             TR("この評価に必要な判断はありません", "This assessment requires no judgment"), w->locked);
    row = override_rows(w, row);
    static const double widths[ASX_RSHEET_NCOLS] = {12, 18, 22, 11, 16, 40, 36, 14, 30, 24, 16, ASX_XLSX_DATE_WIDTH_JA};
    for (lxw_col_t c = 0; c < ASX_RSHEET_NCOLS; c++)
        asx_xlsx_keep(&w->lerr, worksheet_set_column(w->ws, c, c, widths[c], NULL));
    worksheet_freeze_panes(w->ws, HEAD_ROW + 1, 3);
    worksheet_set_paper(w->ws, 9);
    worksheet_set_landscape(w->ws);
    worksheet_fit_to_pages(w->ws, 1, 0);
    asx_xlsx_keep(&w->lerr, worksheet_repeat_rows(w->ws, HEAD_ROW, HEAD_ROW));
    lxw_protection prot = {0};
    prot.format_rows = 1;
    prot.format_columns = 1;
    worksheet_protect(w->ws, NULL, &prot);
    worksheet_activate(w->ws);
}

asx_error asx_review_sheet_write(const asx_result *r, const asx_review_sheet_opts *o, const char *path, asx_diags *d)
{
    writer w = {.r = r, .o = o, .file = path, .d = d};
    asx_xlsx_out out;
    const char *title = ASX_TR(o->lang, "審査シート", "Review sheet");
    asx_error err = asx_xlsx_begin(&out, NULL, path, o->force, o->date, title, d);
    if (err)
        return err;
    w.wb = out.wb;
    w.sheet = ASX_TR(o->lang, ASX_RSHEET_SHEET_JA, ASX_RSHEET_SHEET_EN);
    w.ws = workbook_add_worksheet(w.wb, w.sheet);
    w.meta = workbook_add_worksheet(w.wb, ASX_FORM_META_SHEET);
    if (!w.ws || !w.meta)
        asx_xlsx_keep(&w.lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (!w.lerr && make_formats(&w)) {
        write_sheet(&w);
        write_meta(&w);
    }
    return asx_xlsx_finish(&out, w.lerr, o->force, ASX_OUTPUT_MODE, d);
}
