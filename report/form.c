/* form.c - the blank vendor questionnaire workbook (assess-form/1), written with libxlsxwriter.
 *
 * Sheets: 記入方法/Instructions, 回答/Answers (header fields, then one row per applicable
 * question), _lists (hidden: drop-down values) and _meta (hidden: bank id, version,
 * classification, form format). The answer sheet is protected without a password; only the
 * answer, comment and evidence cells and the header values are unlocked. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "asx/country.h"
#include "asx/form.h"
#include "asx/io.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"
#include "asx/xlsxutil.h"

#define FIRST_Q_ROW_MIN 12 /* the table header row (0-based) follows the header fields */


asx_class asx_form_default_class(const asx_bank *b)
{
    asx_class c = {2, 2, 2};
    if (b->conf_max > 0 && b->conf_max < 2)
        c = (asx_class){1, 1, 1};
    return c;
}

/* ---- the writer -------------------------------------------------------------------------- */

typedef struct {
    lxw_workbook *wb;
    const asx_bank *b;
    const asx_form_opts *o;
    const char *file; /* the output path, for messages */
    asx_diags *d;
    lxw_error lerr;   /* the first libxlsxwriter error */
    lxw_format *title, *bold, *head, *locked, *wrap, *input, *input_date, *input_text, *key,
        *note, *hidden_key;
    lxw_worksheet *answers, *lists, *meta;
    const char *answers_name;
    /* columns of _lists */
    lxw_col_t col_choice0; /* first column of the choice lists, one per choice question */
    unsigned ncountries;
} form_writer;

static void chk(form_writer *w, lxw_error e)
{
    if (e && !w->lerr)
        w->lerr = e;
}

/* The form's language (not the UI's): a macro so printf formats stay literals. */
#define L(w, ja, en) ((w)->o->lang == ASX_LANG_EN ? (en) : (ja))

static void text(form_writer *w, lxw_worksheet *ws, const char *sheet, lxw_row_t r, lxw_col_t c,
                 const char *s, lxw_format *f)
{
    chk(w, asx_xlsx_text(ws, sheet, r, c, s, f, w->d, w->file));
}

static lxw_format *fmt_new(form_writer *w)
{
    return asx_xlsx_format(w->wb, &w->lerr);
}

static bool make_formats(form_writer *w)
{
    w->title = fmt_new(w);
    w->bold = fmt_new(w);
    w->head = fmt_new(w);
    w->locked = fmt_new(w);
    w->wrap = fmt_new(w);
    w->input = fmt_new(w);
    w->input_date = fmt_new(w);
    w->input_text = fmt_new(w);
    w->key = fmt_new(w);
    w->note = fmt_new(w);
    if (w->lerr)
        return false;
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
    format_set_bold(w->bold);
    format_set_bold(w->head);
    format_set_bg_color(w->head, 0xD9E1F2);
    format_set_border(w->head, LXW_BORDER_THIN);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *cells[] = {w->locked, w->wrap, w->input, w->input_date, w->input_text, w->key};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        format_set_border(cells[i], LXW_BORDER_THIN);
        format_set_align(cells[i], LXW_ALIGN_VERTICAL_TOP);
    }
    format_set_text_wrap(w->wrap);
    format_set_font_color(w->key, 0x595959);
    format_set_font_size(w->key, 9);
    lxw_format *inputs[] = {w->input, w->input_date, w->input_text};
    for (size_t i = 0; i < 3; i++) {
        format_set_unlocked(inputs[i]);
        format_set_bg_color(inputs[i], 0xFFF2CC);
        format_set_text_wrap(inputs[i]);
    }
    format_set_num_format(w->input_date, "yyyy-mm-dd");
    format_set_num_format(w->input_text, "@");
    format_set_text_wrap(w->note);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
    return true;
}

/* ---- _lists and _meta -------------------------------------------------------------------- */

static const asx_yesno YN_ALL[] = {ASX_YN_YES, ASX_YN_NO, ASX_YN_PARTIAL, ASX_YN_NA};
static const asx_purpose PURPOSES[] = {ASX_PURPOSE_PROCUREMENT, ASX_PURPOSE_APPROVAL, ASX_PURPOSE_REAUDIT};

/* Column A: yes/no/partial; B: the same plus N/A; C: purposes; D: country codes; from E: one
 * column per choice question (its option labels, plus N/A where allowed). */
static void write_lists(form_writer *w)
{
    lxw_worksheet *ws = w->lists;
    for (lxw_row_t i = 0; i < 4; i++) {
        const char *label = asx_yesno_label(YN_ALL[i], w->o->lang);
        if (i < 3)
            text(w, ws, ASX_FORM_LISTS_SHEET, i, 0, label, NULL);
        text(w, ws, ASX_FORM_LISTS_SHEET, i, 1, label, NULL);
    }
    for (lxw_row_t i = 0; i < 3; i++)
        text(w, ws, ASX_FORM_LISTS_SHEET, i, 2, asx_purpose_label(PURPOSES[i], w->o->lang), NULL);
    size_t n = 0;
    const char *const *codes = asx_country_codes(&n);
    for (size_t i = 0; i < n; i++)
        text(w, ws, ASX_FORM_LISTS_SHEET, (lxw_row_t)i, 3, codes[i], NULL);
    w->ncountries = (unsigned)n;
    w->col_choice0 = 4;
    lxw_col_t col = w->col_choice0;
    for (size_t qi = 0; qi < w->b->nquestions; qi++) {
        const asx_question *q = &w->b->questions[qi];
        if (q->type != ASX_Q_CHOICE)
            continue;
        lxw_row_t r = 0;
        for (size_t k = 0; k < q->noptions; k++)
            text(w, ws, ASX_FORM_LISTS_SHEET, r++, col, asx_text_get(&q->options[k].label, w->o->lang), NULL);
        if (q->allow_na)
            text(w, ws, ASX_FORM_LISTS_SHEET, r, col, asx_yesno_label(ASX_YN_NA, w->o->lang), NULL);
        col++;
    }
}

static void write_meta(form_writer *w)
{
    lxw_worksheet *ws = w->meta;
    const char *keys[] = {"format", "questionnaire", "questionnaire_version", "lang"};
    const char *vals[] = {ASX_FORM_FORMAT, w->b->id, w->b->version,
                          w->o->lang == ASX_LANG_EN ? "en" : "ja"};
    for (lxw_row_t i = 0; i < 4; i++) {
        text(w, ws, ASX_FORM_META_SHEET, i, 0, keys[i], NULL);
        text(w, ws, ASX_FORM_META_SHEET, i, 1, vals[i], NULL);
    }
    const char *lk[] = {"confidentiality", "integrity", "availability"};
    const int lv[] = {w->o->cls.c, w->o->cls.i, w->o->cls.a};
    for (lxw_row_t i = 0; i < 3; i++) {
        text(w, ws, ASX_FORM_META_SHEET, 4 + i, 0, lk[i], NULL);
        chk(w, worksheet_write_number(ws, 4 + i, 1, lv[i], NULL));
    }
}

/* ---- data validation --------------------------------------------------------------------- */

static void validate(form_writer *w, lxw_row_t row, lxw_data_validation *v, const char *title,
                     const char *msg)
{
    char *t = asx_xlsx_cut(title, 32), *m = asx_xlsx_cut(msg, 255);
    v->input_title = t;
    v->input_message = m;
    v->ignore_blank = LXW_VALIDATION_ON;
    chk(w, worksheet_data_validation_cell(w->answers, row, ASX_FORM_COL_ANSWER, v));
    free(t);
    free(m);
}

static void list_ref(char *buf, size_t size, lxw_col_t col, unsigned nrows)
{
    char a[16], b[16];
    lxw_rowcol_to_cell_abs(a, 0, col, 1, 1);
    lxw_rowcol_to_cell_abs(b, nrows ? nrows - 1 : 0, col, 1, 1);
    snprintf(buf, size, "=%s!%s:%s", ASX_FORM_LISTS_SHEET, a, b);
}

static void validate_list(form_writer *w, lxw_row_t row, lxw_col_t col, unsigned n,
                          const char *title, const char *msg)
{
    char ref[64];
    list_ref(ref, sizeof ref, col, n);
    lxw_data_validation v = {0};
    v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    v.value_formula = ref;
    validate(w, row, &v, title, msg);
}

/* The hint shown in the question cell and in the input message: how to write the answer. */
static char *answer_hint(form_writer *w, const asx_question *q)
{
    asx_buf b = {0};
    const char *na = q->allow_na ? L(w, "、該当しない場合は「該当なし」", "; N/A where it does not apply") : "";
    switch (q->type) {
    case ASX_Q_YESNO:
        asx_buf_addf(&b, L(w, "一覧から選択 (はい・いいえ・一部%s)", "choose from the list (Yes, No, Partly%s)"),
                     q->allow_na ? L(w, "・該当なし", ", N/A") : "");
        break;
    case ASX_Q_CHOICE:
        asx_buf_addf(&b, "%s%s", L(w, "一覧から選択", "choose from the list"), na);
        break;
    case ASX_Q_NUMBER:
        asx_buf_addf(&b, L(w, "数値 (単位: %s)", "a number (unit: %s)"), asx_text_get(&q->unit, w->o->lang));
        if (q->has_min && q->has_max)
            asx_buf_addf(&b, L(w, "、%g〜%g", ", %g to %g"), q->min, q->max);
        asx_buf_adds(&b, na);
        break;
    case ASX_Q_COUNTRIES:
        asx_buf_addf(&b, "%s%s", L(w, "国コード (ISO 3166-1、例: JP) をカンマ区切りで (例: JP, US)",
                                   "ISO 3166-1 country codes separated by commas (e.g. JP, US)"), na);
        break;
    case ASX_Q_COUNTRY:
        asx_buf_addf(&b, "%s%s", L(w, "国コード (ISO 3166-1、例: JP) を一覧から選択",
                                   "an ISO 3166-1 country code from the list (e.g. JP)"), na);
        break;
    case ASX_Q_DATE:
        asx_buf_addf(&b, "%s%s", L(w, "日付 (例: 2027-03-31)", "a date (e.g. 2027-03-31)"), na);
        break;
    case ASX_Q_TEXT:
        asx_buf_adds(&b, L(w, "自由記述", "free text"));
        break;
    case ASX_Q_LIST:
        asx_buf_adds(&b, L(w, "1 行に 1 件 (セル内改行は Alt+Enter)、", "one item per line (Alt+Enter), "));
        for (size_t i = 0; i < q->nfields; i++)
            asx_buf_addf(&b, "%s%s", i ? " / " : "", q->fields[i].key);
        asx_buf_adds(&b, L(w, " の形で。ない場合は「なし」", "; \"none\" when there are none"));
        break;
    }
    return asx_buf_take(&b);
}

static void validate_answer(form_writer *w, lxw_row_t row, const asx_question *q, lxw_col_t *choice_col,
                            const char *hint)
{
    const char *title = asx_text_get(&q->label, w->o->lang);
    lxw_data_validation v = {0};
    switch (q->type) {
    case ASX_Q_YESNO:
        validate_list(w, row, q->allow_na ? 1 : 0, q->allow_na ? 4 : 3, title, hint);
        return;
    case ASX_Q_CHOICE:
        validate_list(w, row, *choice_col, (unsigned)(q->noptions + (q->allow_na ? 1 : 0)), title, hint);
        (*choice_col)++;
        return;
    case ASX_Q_COUNTRY:
        if (q->allow_na) {
            v.validate = LXW_VALIDATION_TYPE_ANY;
            validate(w, row, &v, title, hint);
        } else {
            validate_list(w, row, 3, w->ncountries, title, hint);
        }
        return;
    case ASX_Q_NUMBER:
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = q->has_min ? q->min : -1e12;
        v.maximum_number = q->has_max ? q->max : 1e12;
        /* N/A is text: let it through with a warning instead of a hard stop */
        v.error_type = q->allow_na ? LXW_VALIDATION_ERROR_TYPE_WARNING : LXW_VALIDATION_ERROR_TYPE_STOP;
        validate(w, row, &v, title, hint);
        return;
    case ASX_Q_DATE:
        v.validate = LXW_VALIDATION_TYPE_DATE;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
        v.maximum_datetime = (lxw_datetime){9999, 12, 31, 0, 0, 0};
        v.error_type = q->allow_na ? LXW_VALIDATION_ERROR_TYPE_WARNING : LXW_VALIDATION_ERROR_TYPE_STOP;
        validate(w, row, &v, title, hint);
        return;
    case ASX_Q_COUNTRIES:
    case ASX_Q_TEXT:
    case ASX_Q_LIST:
        v.validate = LXW_VALIDATION_TYPE_ANY;
        validate(w, row, &v, title, hint);
        return;
    }
}

/* ---- the answer sheet -------------------------------------------------------------------- */

static bool applies(const asx_question *q, asx_class c)
{
    return !(q->applies_c && c.c < q->applies_c) && !(q->applies_i && c.i < q->applies_i) &&
           !(q->applies_a && c.a < q->applies_a);
}

/* 「X が「はい」の場合のみ回答」 for a `when` question. Caller frees. */
static char *when_note(form_writer *w, const asx_question *q)
{
    asx_buf b = {0};
    const asx_question *dep = q->when_q;
    for (size_t i = 0; i < q->nwhen_values; i++) {
        const char *v = q->when_values[i], *label = v;
        if (dep->type == ASX_Q_YESNO) {
            for (size_t k = 0; k < 4; k++)
                if (strcmp(asx_yesno_name(YN_ALL[k]), v) == 0)
                    label = asx_yesno_label(YN_ALL[k], w->o->lang);
        } else {
            const asx_option *o = asx_question_option(dep, v);
            if (o)
                label = asx_text_get(&o->label, w->o->lang);
        }
        asx_buf_addf(&b, "%s%s", i ? L(w, "」または「", "\" or \"") : "", label);
    }
    char *vals = asx_buf_take(&b);
    char *out = asx_strdupf(L(w, "(%s (%s) が「%s」の場合のみ回答)", "(answer only if %s (%s) is \"%s\")"),
                            asx_text_get(&dep->label, w->o->lang), dep->id, vals ? vals : "");
    free(vals);
    return out;
}

static char *clauses_text(const asx_question *q)
{
    asx_buf b = {0};
    for (size_t i = 0; i < q->nclauses; i++)
        asx_buf_addf(&b, "%s%s", i ? ", " : "", q->clauses[i]);
    return asx_buf_take(&b);
}

enum { HDR_ROWS = 7 };

static const char *const HDR_KEYS[HDR_ROWS] = {
    ASX_FORM_KEY_VENDOR_NAME, ASX_FORM_KEY_CORPORATE_NUMBER, ASX_FORM_KEY_VENDOR_COUNTRY,
    ASX_FORM_KEY_SERVICE_NAME, ASX_FORM_KEY_SERVICE_MODEL, ASX_FORM_KEY_DATE, ASX_FORM_KEY_PURPOSE};

static void write_header_fields(form_writer *w, lxw_row_t first)
{
    const char *labels[HDR_ROWS][2] = {
        {"事業者名 (必須)", "Vendor name (required)"},
        {"法人番号 (13 桁、国内法人のみ)", "Corporate number (13 digits, Japanese companies)"},
        {"事業者の国 (必須、例: JP)", "Vendor country (required, e.g. JP)"},
        {"サービス名 (必須)", "Service name (required)"},
        {"提供形態 (SaaS/PaaS/IaaS 等)", "Service model (SaaS/PaaS/IaaS…)"},
        {"回答日 (必須、例: 2026-11-20)", "Date of the answers (required, e.g. 2026-11-20)"},
        {"評価の目的 (必須、一覧から選択)", "Purpose (required, choose from the list)"},
    };
    const char *ws_name = w->answers_name;
    for (lxw_row_t i = 0; i < HDR_ROWS; i++) {
        lxw_row_t r = first + i;
        text(w, w->answers, ws_name, r, ASX_FORM_COL_ID, HDR_KEYS[i], w->key);
        chk(w, worksheet_merge_range(w->answers, r, ASX_FORM_COL_CLAUSE, r, ASX_FORM_COL_EXPECTED,
                                     L(w, labels[i][0], labels[i][1]), w->bold));
        lxw_format *f = i == 5 ? w->input_date : i == 1 ? w->input_text : w->input;
        chk(w, worksheet_write_blank(w->answers, r, ASX_FORM_COL_ANSWER, f));
        lxw_data_validation v = {0};
        switch (i) {
        case 2:
            validate_list(w, r, 3, w->ncountries, L(w, "事業者の国", "Vendor country"),
                          L(w, "ISO 3166-1 の国コード (例: JP)", "ISO 3166-1 country code (e.g. JP)"));
            break;
        case 5:
            v.validate = LXW_VALIDATION_TYPE_DATE;
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
            v.maximum_datetime = (lxw_datetime){9999, 12, 31, 0, 0, 0};
            validate(w, r, &v, L(w, "回答日", "Date"), L(w, "日付 (例: 2026-11-20)", "a date (e.g. 2026-11-20)"));
            break;
        case 6:
            validate_list(w, r, 2, 3, L(w, "評価の目的", "Purpose"), L(w, "一覧から選択", "choose from the list"));
            break;
        default:
            break;
        }
    }
}

static void write_question(form_writer *w, lxw_row_t row, const asx_question *q, lxw_col_t *choice_col)
{
    const char *ws_name = w->answers_name;
    char *clauses = clauses_text(q);
    char *hint = answer_hint(w, q);
    char *note = q->when_q ? when_note(w, q) : NULL;
    char *qtext = asx_strdupf("%s%s%s\n【%s】%s%s", asx_text_get(&q->text, w->o->lang),
                              note ? "\n" : "", note ? note : "", L(w, "回答方法", "How to answer"),
                              hint ? hint : "", q->required ? L(w, " (必須)", " (required)") : "");
    if (!clauses || !hint || !qtext || (q->when_q && !note)) {
        chk(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        goto out;
    }
    const asx_section *sec = &w->b->sections[q->section];
    text(w, w->answers, ws_name, row, ASX_FORM_COL_ID, q->id, w->locked);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_CLAUSE, clauses, w->wrap);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_SECTION, asx_text_get(&sec->title, w->o->lang), w->wrap);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_QUESTION, qtext, w->wrap);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_EXPECTED, asx_text_get(&q->evidence, w->o->lang), w->wrap);
    chk(w, worksheet_write_blank(w->answers, row, ASX_FORM_COL_ANSWER,
                                 q->type == ASX_Q_DATE ? w->input_date : w->input));
    chk(w, worksheet_write_blank(w->answers, row, ASX_FORM_COL_COMMENT, w->input));
    chk(w, worksheet_write_blank(w->answers, row, ASX_FORM_COL_EVIDENCE, w->input));
    double h1 = asx_xlsx_row_height(qtext, 60), h2 = asx_xlsx_row_height(asx_text_get(&q->evidence, w->o->lang), 28);
    chk(w, worksheet_set_row(w->answers, row, h1 > h2 ? h1 : h2, NULL));
    validate_answer(w, row, q, choice_col, hint);
out:
    free(clauses);
    free(hint);
    free(note);
    free(qtext);
}

static void write_answers(form_writer *w)
{
    lxw_worksheet *ws = w->answers;
    const char *ws_name = w->answers_name;
    char cls[96], *title;
    asx_class_format(w->o->cls, w->o->lang, cls, sizeof cls);
    title = asx_strdupf("%s %s", asx_text_get(&w->b->title, w->o->lang), L(w, "回答票", "- answer sheet"));
    text(w, ws, ws_name, 0, 0, title, w->title);
    free(title);
    char *sub = asx_strdupf(L(w, "質問票: %s 版 %s / 格付け: %s / 黄色のセルに記入してください",
                              "Questionnaire: %s version %s / classification: %s / fill in the yellow cells"),
                            w->b->id, w->b->version, cls);
    text(w, ws, ws_name, 1, 0, sub, NULL);
    free(sub);
    write_header_fields(w, 3);

    lxw_row_t head = 3 + HDR_ROWS + 1;
    const char *heads[ASX_FORM_NCOLS][2] = {
        {"ID", "ID"}, {"条項", "Clause"}, {"区分", "Section"}, {"質問", "Question"},
        {"求める根拠資料", "Expected evidence"}, {"回答", "Answer"},
        {"補足・コメント", "Comment"}, {"根拠資料 (文書名・条項、1 行に 1 件)", "Evidence (document and clause, one per line)"}};
    for (lxw_col_t c = 0; c < ASX_FORM_NCOLS; c++)
        text(w, ws, ws_name, head, c, L(w, heads[c][0], heads[c][1]), w->head);
    chk(w, worksheet_set_row(ws, head, 32, NULL));

    lxw_row_t row = head + 1;
    lxw_col_t choice_col = w->col_choice0;
    const char *ids[1024];
    size_t nids = 0;
    for (size_t qi = 0; qi < w->b->nquestions; qi++) {
        const asx_question *q = &w->b->questions[qi];
        if (!applies(q, w->o->cls)) {
            if (q->type == ASX_Q_CHOICE)
                choice_col++; /* its list column exists anyway */
            continue;
        }
        write_question(w, row++, q, &choice_col);
        if (nids < sizeof ids / sizeof ids[0])
            ids[nids++] = q->id;
    }
    double idw = asx_xlsx_fit_width(ids, nids, 14, 40);
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_ID, ASX_FORM_COL_ID, idw, NULL));
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_CLAUSE, ASX_FORM_COL_CLAUSE, 14, NULL));
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_SECTION, ASX_FORM_COL_SECTION, 14, NULL));
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_QUESTION, ASX_FORM_COL_QUESTION, 60, NULL));
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_EXPECTED, ASX_FORM_COL_EXPECTED, 28, NULL));
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_ANSWER, ASX_FORM_COL_ANSWER, 24, NULL));
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_COMMENT, ASX_FORM_COL_COMMENT, 36, NULL));
    chk(w, worksheet_set_column(ws, ASX_FORM_COL_EVIDENCE, ASX_FORM_COL_EVIDENCE, 30, NULL));
    if (row > head + 1)
        chk(w, worksheet_autofilter(ws, head, 0, row - 1, ASX_FORM_NCOLS - 1));
    worksheet_freeze_panes(ws, head + 1, 1);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    chk(w, worksheet_repeat_rows(ws, head, head));
    lxw_protection prot = {0};
    prot.autofilter = 1;
    prot.format_rows = 1;
    prot.format_columns = 1;
    worksheet_protect(ws, NULL, &prot);
    worksheet_activate(ws);
}

/* ---- instructions ------------------------------------------------------------------------ */

static void write_instructions(form_writer *w, lxw_worksheet *ws, const char *name)
{
    char cls[96];
    asx_class_format(w->o->cls, w->o->lang, cls, sizeof cls);
    char *line1 = asx_strdupf("%s", asx_text_get(&w->b->title, w->o->lang));
    char *line2 = asx_strdupf(L(w, "質問票 ID: %s / 版: %s / 根拠条項: %s / 対象の情報資産の格付け: %s",
                                "Questionnaire: %s / version %s / clause %s / classification of the information: %s"),
                              w->b->id, w->b->version, w->b->clause ? w->b->clause : "-", cls);
    const char *ja[] = {
        "記入のしかた",
        "1. シート「回答」の黄色のセル (事業者名等の基本情報と、各質問の「回答」「補足・コメント」「根拠資料」) に記入してください。それ以外のセルは保護されています (パスワードなし)。",
        "2. A 列の ID は照合に使います。行の並べ替えや追加はかまいませんが、ID を消したり書き換えたりしないでください。",
        "3. 「(… の場合のみ回答)」とある質問は、その条件に当てはまる場合だけ回答してください。",
        "4. 根拠資料には、契約書・SLA・認証書等の文書名と条項を 1 行に 1 件書いてください。",
        "5. 数式は使わず、値を直接入力してください。",
        "",
        "回答の種類",
        "はい/いいえ: 一覧から「はい」「いいえ」「一部」(該当しない場合に限り「該当なし」) を選択。",
        "選択肢: 一覧の選択肢から 1 つを選択。",
        "数値: 単位は質問文に記載。数値だけを入力 (例: 99.95)。",
        "国: ISO 3166-1 の 2 文字の国コード (例: 日本 = JP、米国 = US)。",
        "国 (複数): 国コードをカンマ区切りで (例: JP, SG)。",
        "日付: 2027-03-31 の形で入力。",
        "一覧: 1 行に 1 件、項目を「/」で区切って入力 (セル内の改行は Alt+Enter)。ない場合は「なし」。",
        "自由記述: 文章で記入。",
    };
    const char *en[] = {
        "How to fill in this form",
        "1. Fill in the yellow cells of the sheet \"Answers\" (the vendor details, and the answer, comment and evidence of every question). Other cells are protected (no password).",
        "2. The ids in column A are used to read your answers back. You may sort or insert rows, but do not delete or change the ids.",
        "3. Questions marked \"(answer only if …)\" need an answer only when the condition holds.",
        "4. Evidence: name the document (contract, SLA, certificate) and the clause, one per line.",
        "5. Type values, not formulas.",
        "",
        "Answer types",
        "Yes/No: choose Yes, No or Partly from the list (N/A only where offered).",
        "Choice: choose one option from the list.",
        "Number: the unit is given in the question; type the number only (e.g. 99.95).",
        "Country: a two-letter ISO 3166-1 code (Japan = JP, United States = US).",
        "Countries: codes separated by commas (e.g. JP, SG).",
        "Date: as 2027-03-31.",
        "List: one item per line, its fields separated by \"/\" (Alt+Enter for a new line in a cell); \"none\" when there are none.",
        "Text: free text.",
    };
    text(w, ws, name, 0, 0, line1, w->title);
    text(w, ws, name, 1, 0, line2, NULL);
    free(line1);
    free(line2);
    const char *const *lines = w->o->lang == ASX_LANG_EN ? en : ja;
    for (lxw_row_t i = 0; i < sizeof ja / sizeof ja[0]; i++) {
        bool heading = i == 0 || i == 7;
        text(w, ws, name, 3 + i, 0, lines[i], heading ? w->bold : w->note);
        if (!heading && lines[i][0])
            chk(w, worksheet_set_row(ws, 3 + i, asx_xlsx_row_height(lines[i], 110), NULL));
    }
    chk(w, worksheet_set_column(ws, 0, 0, 110, NULL));
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- entry point ------------------------------------------------------------------------- */

static asx_error check_class(const asx_bank *b, asx_class c, asx_diags *d)
{
    if (c.c < 1 || c.c > 3 || c.i < 1 || c.i > 2 || c.a < 1 || c.a > 2) {
        asx_diags_addf(d, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("格付けは 機密性 1-3 / 完全性 1-2 / 可用性 1-2 です (例: 2/2/2)",
                             "the classification is confidentiality 1-3 / integrity 1-2 / availability 1-2 (e.g. 2/2/2)"));
        return ASX_ERR_USAGE;
    }
    if ((b->conf_min && c.c < b->conf_min) || (b->conf_max && c.c > b->conf_max)) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("質問票 %s は機密性 %d〜%d の情報資産用です (%s)。機密性 %d には使えません",
                             "questionnaire %s is for confidentiality %d to %d (%s); it cannot be used for confidentiality %d"),
                       b->id, b->conf_min, b->conf_max, b->clause ? b->clause : "-", c.c);
        if (c.c >= 2)
            asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                           ASX_L("機密性2以上の情報を扱う外部サービスには 11-2 が適用されます (質問票 cloud)",
                                 "clause 11-2 applies to external services handling confidentiality 2 or above (questionnaire cloud)"));
        return ASX_ERR_DATA;
    }
    return ASX_OK;
}

asx_error asx_form_write(const asx_bank *b, const asx_form_opts *o, const char *path,
                         asx_diags *d)
{
    form_writer w = {.b = b, .o = o, .file = path, .d = d};
    asx_error err = check_class(b, o->cls, d);
    if (err)
        return err;
    asx_xlsx_out out;
    char *title = asx_strdupf("%s %s", asx_text_get(&b->title, o->lang), o->lang == ASX_LANG_EN ? "- vendor form" : "回答様式");
    err = asx_xlsx_begin(&out, path, o->force, o->date, title, d);
    free(title);
    if (err)
        return err;
    w.wb = out.wb;
    const char *instr_name = L(&w, "記入方法", "Instructions");
    w.answers_name = L(&w, ASX_FORM_SHEET_JA, ASX_FORM_SHEET_EN);
    lxw_worksheet *instr = workbook_add_worksheet(w.wb, instr_name);
    w.answers = workbook_add_worksheet(w.wb, w.answers_name);
    w.lists = workbook_add_worksheet(w.wb, ASX_FORM_LISTS_SHEET);
    w.meta = workbook_add_worksheet(w.wb, ASX_FORM_META_SHEET);
    if (!instr || !w.answers || !w.lists || !w.meta)
        chk(&w, LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (!w.lerr && make_formats(&w)) {
        write_instructions(&w, instr, instr_name);
        write_lists(&w);
        write_meta(&w);
        write_answers(&w);
        worksheet_hide(w.lists);
        worksheet_hide(w.meta);
    }
    return asx_xlsx_finish(&out, w.lerr, o->force, ASX_OUTPUT_MODE, d);
}
