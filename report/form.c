/* form.c - the vendor questionnaire workbook (assess-form/1), written with libxlsxwriter.
 *
 * Sheets: 記入方法/Instructions (prints on one A4 page), 回答/Answers (what the organisation
 * fixed - purpose, classification, deadline - locked; the vendor's fields; then one row per
 * applicable question), _lists (hidden: drop-down values) and _meta (hidden: bank id, version,
 * classification, purpose, deadline, form format). The answer sheet is protected without a
 * password; only the vendor's cells (yellow) are unlocked, and rows cannot be inserted or
 * deleted, as the instructions say. Every cell uses the Japanese font.
 *
 * With earlier answers (form --from) the cells are filled as the vendor left them, written so
 * that importing the form unchanged gives the same answers; with a review (--review) the cells
 * to correct are red, with the reviewer's note in the 確認事項 column and as a comment. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "asx/country.h"
#include "asx/date.h"
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
        *note, *plain, *title_wrap, *fixed, *fix_input, *fix_input_date, *review_note, *new_note, *alert;
    lxw_worksheet *answers, *lists, *meta;
    const char *answers_name;
    /* columns of _lists */
    lxw_col_t col_choice0; /* first column of the choice lists, one per choice question */
    unsigned ncountries;
    size_t marked; /* rows marked for correction */
} form_writer;

/* The form's language (not the UI's): a macro so printf formats stay literals. */

static void text(form_writer *w, lxw_worksheet *ws, const char *sheet, lxw_row_t r, lxw_col_t c,
                 const char *s, lxw_format *f)
{
    asx_xlsx_keep(&w->lerr, asx_xlsx_text(ws, sheet, r, c, s, f ? f : w->plain, w->d, w->file));
}

static lxw_format *fmt_new(form_writer *w)
{
    return asx_xlsx_format(w->wb, &w->lerr);
}

static bool make_formats(form_writer *w)
{
    lxw_format **all[] = {&w->title, &w->bold, &w->head, &w->locked, &w->wrap, &w->input,
                          &w->input_date, &w->input_text, &w->key, &w->note, &w->plain, &w->title_wrap, &w->fixed,
                          &w->fix_input, &w->fix_input_date, &w->review_note, &w->new_note, &w->alert};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = fmt_new(w);
        if (*all[i])
            format_set_font_name(*all[i], ASX_FORM_FONT);
    }
    if (w->lerr)
        return false;
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
    format_set_bold(w->title_wrap);
    format_set_font_size(w->title_wrap, 14);
    format_set_text_wrap(w->title_wrap);
    format_set_align(w->title_wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(w->bold);
    format_set_text_wrap(w->bold);
    format_set_align(w->bold, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(w->head);
    format_set_bg_color(w->head, 0xD9E1F2);
    format_set_border(w->head, LXW_BORDER_THIN);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *cells[] = {w->locked, w->wrap, w->input, w->input_date, w->input_text, w->key, w->fixed,
                           w->fix_input, w->fix_input_date, w->review_note, w->new_note};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        format_set_border(cells[i], LXW_BORDER_THIN);
        format_set_align(cells[i], LXW_ALIGN_VERTICAL_TOP);
    }
    format_set_text_wrap(w->wrap);
    format_set_font_color(w->key, 0x595959);
    format_set_font_size(w->key, 9);
    lxw_format *inputs[] = {w->input, w->input_date, w->input_text, w->fix_input, w->fix_input_date};
    for (size_t i = 0; i < 5; i++) {
        format_set_unlocked(inputs[i]);
        format_set_bg_color(inputs[i], i < 3 ? 0xFFF2CC : 0xF8CBAD); /* yellow; red: to correct */
        format_set_text_wrap(inputs[i]);
    }
    format_set_num_format(w->input_date, "yyyy-mm-dd");
    format_set_num_format(w->fix_input_date, "yyyy-mm-dd");
    format_set_num_format(w->input_text, "@");
    format_set_text_wrap(w->note);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(w->fixed, 0xE7E6E6); /* fixed by the organisation: grey, locked */
    format_set_text_wrap(w->fixed);
    format_set_text_wrap(w->review_note);
    format_set_font_color(w->review_note, 0xC00000);
    format_set_text_wrap(w->new_note);
    format_set_font_color(w->new_note, 0x1F4E79);
    format_set_bold(w->alert);
    format_set_font_color(w->alert, 0xC00000);
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
    char due[11] = "";
    if (w->o->has_due)
        asx_date_iso(w->o->due, due);
    const char *keys[] = {"format", "questionnaire", "questionnaire_version", "lang", "purpose", "due"};
    const char *vals[] = {ASX_FORM_FORMAT, w->b->id, w->b->version,
                          w->o->lang == ASX_LANG_EN ? "en" : "ja", asx_purpose_name(w->o->purpose), due};
    lxw_row_t r = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!vals[i][0])
            continue;
        text(w, ws, ASX_FORM_META_SHEET, r, 0, keys[i], NULL);
        text(w, ws, ASX_FORM_META_SHEET, r++, 1, vals[i], NULL);
    }
    const char *lk[] = {"confidentiality", "integrity", "availability"};
    const int lv[] = {w->o->cls.c, w->o->cls.i, w->o->cls.a};
    for (size_t i = 0; i < 3; i++) {
        text(w, ws, ASX_FORM_META_SHEET, r, 0, lk[i], NULL);
        asx_xlsx_keep(&w->lerr, worksheet_write_number(ws, r++, 1, lv[i], w->plain));
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
    asx_xlsx_keep(&w->lerr, worksheet_data_validation_cell(w->answers, row, ASX_FORM_COL_ANSWER, v));
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
    const char *na = q->allow_na ? ASX_TR(w->o->lang, "、該当しない場合は「該当なし」", "; N/A where it does not apply") : "";
    switch (q->type) {
    case ASX_Q_YESNO:
        asx_buf_addf(&b, ASX_TR(w->o->lang, "一覧から選択 (はい・いいえ・一部%s)", "choose from the list (Yes, No, Partly%s)"),
                     q->allow_na ? ASX_TR(w->o->lang, "・該当なし", ", N/A") : "");
        break;
    case ASX_Q_CHOICE:
        asx_buf_addf(&b, "%s%s", ASX_TR(w->o->lang, "一覧から選択", "choose from the list"), na);
        break;
    case ASX_Q_NUMBER:
        asx_buf_addf(&b, ASX_TR(w->o->lang, "数値 (単位: %s)", "a number (unit: %s)"), asx_text_get(&q->unit, w->o->lang));
        if (q->has_min && q->has_max)
            asx_buf_addf(&b, ASX_TR(w->o->lang, "、%g〜%g", ", %g to %g"), q->min, q->max);
        asx_buf_adds(&b, na);
        break;
    case ASX_Q_COUNTRIES:
        asx_buf_addf(&b, "%s%s", ASX_TR(w->o->lang, "国コード (ISO 3166-1、例: JP) をカンマ区切りで (例: JP, US)",
                                   "ISO 3166-1 country codes separated by commas (e.g. JP, US)"), na);
        break;
    case ASX_Q_COUNTRY:
        asx_buf_addf(&b, "%s%s", ASX_TR(w->o->lang, "国コード (ISO 3166-1、例: JP) を一覧から選択",
                                   "an ISO 3166-1 country code from the list (e.g. JP)"), na);
        break;
    case ASX_Q_DATE:
        asx_buf_addf(&b, "%s%s", ASX_TR(w->o->lang, "日付 (例: 2027-03-31)", "a date (e.g. 2027-03-31)"), na);
        break;
    case ASX_Q_TEXT:
        asx_buf_adds(&b, ASX_TR(w->o->lang, "自由記述", "free text"));
        break;
    case ASX_Q_LIST:
        /* the example is of this question's own fields; a field may contain "/" (ISO/IEC 27001):
         * the separator is " / " with its spaces (ASX_FORM_FIELD_SEP, what import splits at) */
        asx_buf_adds(&b, ASX_TR(w->o->lang, "1 行に 1 件 (セル内改行は Alt+Enter)、「", "one item per line (Alt+Enter), as \""));
        for (size_t i = 0; i < q->nfields; i++)
            asx_buf_addf(&b, "%s%s", i ? ASX_FORM_FIELD_SEP : "", asx_form_field_label(q->fields[i].key, w->o->lang));
        asx_buf_adds(&b, ASX_TR(w->o->lang, "」の形で、欄の区切りは前後に空白のある「 / 」(例: ", "\", fields separated by \" / \" with spaces (e.g. "));
        for (size_t i = 0; i < q->nfields; i++)
            asx_buf_addf(&b, "%s%s", i ? ASX_FORM_FIELD_SEP : "", asx_form_field_example(q->fields[i].key, w->o->lang));
        /* the word the question's text asks for: 「該当なし」 where N/A is allowed, else 「なし」 */
        if (q->allow_na)
            asx_buf_adds(&b, ASX_TR(w->o->lang, ")。ない場合は「該当なし」", "); \"N/A\" when there are none"));
        else
            asx_buf_adds(&b, ASX_TR(w->o->lang, ")。ない場合は「なし」", "); \"none\" when there are none"));
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
    return asx_question_applies_levels(q, c.c, c.i, c.a); /* v2: "match": "any" (RPO at 完全性2 or 可用性2) */
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
        asx_buf_addf(&b, "%s%s", i ? ASX_TR(w->o->lang, "」または「", "\" or \"") : "", label);
    }
    char *vals = asx_buf_take(&b);
    char *out = asx_strdupf(ASX_TR(w->o->lang, "(%s (%s) が「%s」の場合のみ回答)", "(answer only if %s (%s) is \"%s\")"),
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

enum { HDR_ROWS = 11 };

/* The header rows: what the organisation fixed (locked), then the vendor's fields. */
typedef enum { HF_FIXED, HF_TEXT, HF_DIGITS, HF_COUNTRY, HF_DATE } hdr_kind;

static const struct {
    const char *key;
    const char *ja, *en;
    hdr_kind kind;
} HDR[HDR_ROWS] = {
    {ASX_FORM_KEY_PURPOSE, "評価の目的 (団体が記入)", "Purpose (set by the organisation)", HF_FIXED},
    {ASX_FORM_KEY_CLASSIFICATION, "対象となる情報資産の格付け (団体が記入)", "Classification of the information (set by the organisation)", HF_FIXED},
    {ASX_FORM_KEY_DUE, "回答期限 (団体が記入)", "Answer by (set by the organisation)", HF_FIXED},
    {ASX_FORM_KEY_VENDOR_NAME, "事業者名 (必須)", "Vendor name (required)", HF_TEXT},
    {ASX_FORM_KEY_CORPORATE_NUMBER, "法人番号 (13 桁、国内法人のみ)", "Corporate number (13 digits, Japanese companies)", HF_DIGITS},
    {ASX_FORM_KEY_VENDOR_COUNTRY, "事業者の国 (必須、例: JP)", "Vendor country (required, e.g. JP)", HF_COUNTRY},
    {ASX_FORM_KEY_SERVICE_NAME, "サービス名 (必須)", "Service name (required)", HF_TEXT},
    {ASX_FORM_KEY_SERVICE_MODEL, "提供形態 (SaaS/PaaS/IaaS 等)", "Service model (SaaS/PaaS/IaaS…)", HF_TEXT},
    {ASX_FORM_KEY_CONTACT_NAME, "担当者 (部署・氏名)", "Contact person (department, name)", HF_TEXT},
    {ASX_FORM_KEY_CONTACT, "連絡先 (電話番号・メールアドレス)", "Contact (phone, e-mail)", HF_TEXT},
    {ASX_FORM_KEY_DATE, "回答日 (必須、例: 2026-11-20)", "Date of the answers (required, e.g. 2026-11-20)", HF_DATE},
};

static void write_date(form_writer *w, lxw_row_t r, lxw_col_t c, asx_date d, lxw_format *f)
{
    asx_xlsx_keep(&w->lerr, asx_xlsx_date(w->answers, r, c, &d, f, f));
}

/* The value of a header field in the earlier answers, or NULL. */
static const char *prefill_header(const asx_answers *a, const char *key)
{
    if (!a)
        return NULL;
    if (strcmp(key, ASX_FORM_KEY_VENDOR_NAME) == 0)
        return a->vendor_name;
    if (strcmp(key, ASX_FORM_KEY_CORPORATE_NUMBER) == 0)
        return a->corporate_number;
    if (strcmp(key, ASX_FORM_KEY_VENDOR_COUNTRY) == 0)
        return a->vendor_country;
    if (strcmp(key, ASX_FORM_KEY_SERVICE_NAME) == 0)
        return a->service_name;
    if (strcmp(key, ASX_FORM_KEY_SERVICE_MODEL) == 0)
        return a->service_model;
    if (strcmp(key, ASX_FORM_KEY_CONTACT_NAME) == 0)
        return a->contact_name;
    if (strcmp(key, ASX_FORM_KEY_CONTACT) == 0)
        return a->contact;
    return NULL;
}

static void write_header_fields(form_writer *w, lxw_row_t first)
{
    const char *ws_name = w->answers_name;
    const asx_answers *from = w->o->from;
    for (lxw_row_t i = 0; i < HDR_ROWS; i++) {
        lxw_row_t r = first + i;
        text(w, w->answers, ws_name, r, ASX_FORM_COL_ID, HDR[i].key, w->key);
        asx_xlsx_keep(&w->lerr, worksheet_merge_range(w->answers, r, ASX_FORM_COL_CLAUSE, r, ASX_FORM_COL_EXPECTED,
                                     ASX_TR(w->o->lang, HDR[i].ja, HDR[i].en), w->bold));
        if (HDR[i].kind == HF_FIXED) {
            char buf[96];
            const char *v = buf;
            if (strcmp(HDR[i].key, ASX_FORM_KEY_PURPOSE) == 0)
                v = asx_purpose_label(w->o->purpose, w->o->lang);
            else if (strcmp(HDR[i].key, ASX_FORM_KEY_CLASSIFICATION) == 0)
                asx_class_format(w->o->cls, w->o->lang, buf, sizeof buf);
            else
                asx_form_due_text(w->o->has_due ? &w->o->due : NULL, w->o->lang, buf, sizeof buf);
            text(w, w->answers, ws_name, r, ASX_FORM_COL_ANSWER, v, w->fixed);
            continue;
        }
        const char *pre = prefill_header(from, HDR[i].key);
        lxw_format *f = HDR[i].kind == HF_DATE ? w->input_date : HDR[i].kind == HF_DIGITS ? w->input_text : w->input;
        if (HDR[i].kind == HF_DATE && from)
            write_date(w, r, ASX_FORM_COL_ANSWER, from->date, f);
        else if (pre && *pre)
            text(w, w->answers, ws_name, r, ASX_FORM_COL_ANSWER, pre, f);
        else
            asx_xlsx_keep(&w->lerr, worksheet_write_blank(w->answers, r, ASX_FORM_COL_ANSWER, f));
        lxw_data_validation v = {0};
        if (HDR[i].kind == HF_COUNTRY) {
            validate_list(w, r, 3, w->ncountries, ASX_TR(w->o->lang, "事業者の国", "Vendor country"),
                          ASX_TR(w->o->lang, "ISO 3166-1 の国コード (例: JP)", "ISO 3166-1 country code (e.g. JP)"));
        } else if (HDR[i].kind == HF_DATE) {
            v.validate = LXW_VALIDATION_TYPE_DATE;
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
            v.maximum_datetime = (lxw_datetime){9999, 12, 31, 0, 0, 0};
            validate(w, r, &v, ASX_TR(w->o->lang, "回答日", "Date"), ASX_TR(w->o->lang, "日付 (例: 2026-11-20)", "a date (e.g. 2026-11-20)"));
        }
    }
}

/* The earlier answer x of q into the answer cell, as a vendor would have typed it, so that
 * importing it again gives the same value. */
static void write_value(form_writer *w, lxw_row_t row, const asx_question *q, const asx_answer *x,
                        lxw_format *f, lxw_format *fdate)
{
    const char *ws_name = w->answers_name;
    asx_buf b = {0};
    if (x->na) {
        text(w, w->answers, ws_name, row, ASX_FORM_COL_ANSWER, asx_yesno_label(ASX_YN_NA, w->o->lang), f);
        return;
    }
    switch (q->type) {
    case ASX_Q_YESNO:
        asx_buf_adds(&b, asx_yesno_label(x->yn, w->o->lang));
        break;
    case ASX_Q_CHOICE: {
        const asx_option *o = asx_question_option(q, x->str);
        asx_buf_adds(&b, o ? asx_text_get(&o->label, w->o->lang) : x->str);
        break;
    }
    case ASX_Q_NUMBER:
        asx_xlsx_keep(&w->lerr, worksheet_write_number(w->answers, row, ASX_FORM_COL_ANSWER, x->num, f));
        return;
    case ASX_Q_DATE:
        write_date(w, row, ASX_FORM_COL_ANSWER, x->date, fdate);
        return;
    case ASX_Q_COUNTRY:
    case ASX_Q_TEXT:
        asx_buf_adds(&b, x->str ? x->str : "");
        break;
    case ASX_Q_COUNTRIES:
        for (size_t i = 0; i < x->nstrs; i++)
            asx_buf_addf(&b, "%s%s", i ? ", " : "", x->strs[i]);
        if (!x->nstrs)
            asx_buf_adds(&b, ASX_TR(w->o->lang, "なし", "none"));
        break;
    case ASX_Q_LIST:
        for (size_t i = 0; i < x->nitems; i++)
            for (size_t k = 0; k < q->nfields; k++) {
                char *v = asx_form_piece(x->items[i].values[k] ? x->items[i].values[k] : "", true);
                if (!v)
                    b.oom = true;
                asx_buf_addf(&b, "%s%s", k ? ASX_FORM_FIELD_SEP : i ? "\n" : "", v ? v : "");
                free(v);
            }
        if (!x->nitems)
            asx_buf_adds(&b, ASX_TR(w->o->lang, "なし", "none"));
        break;
    }
    if (b.oom)
        asx_xlsx_keep(&w->lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_ANSWER, asx_buf_str(&b), f);
    asx_buf_free(&b);
}

/* The 補正依頼 for question q: what the vendor is asked to supply or correct, once per cell, with
 * the question's clause (SPEC §8.3). It says what is missing or does not fit - facts of the
 * result - and the question's request; never a finding's message, which is written for the
 * officer (「…させること」) or states a verdict. NULL when nothing is to be corrected; caller
 * frees. */
static char *review_note(form_writer *w, const asx_question *q)
{
    const asx_result *r = w->o->review;
    if (!r)
        return NULL;
    asx_lang l = w->o->lang;
    bool unanswered = false, other = false;
    const asx_text *request = NULL; /* the result's: the findings on q carry it */
    asx_buf b = {0};
    for (size_t i = 0; i < r->nunanswered; i++)
        if (r->unanswered[i] == q->index)
            unanswered = true;
    if (unanswered)
        asx_buf_adds(&b, ASX_TR(l, "必須の質問に回答がありません。", "This required question has no answer."));
    /* a contradiction names the other answer; any other finding asks the vendor to check its
     * answer against the request */
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->q == q && f->request && !request)
            request = f->request;
        if (unanswered || (f->q != q && f->also != q) || f->severity == ASX_SEV_INFO)
            continue;
        const asx_question *o = f->also ? (f->q == q ? f->also : f->q) : NULL;
        if (o) {
            asx_buf_addf(&b, ASX_TR(l, "%s「%s」(%s) の回答と整合しません。", "%sThe answer does not agree with the answer to \"%s\" (%s)."),
                         b.len ? "\n" : "", asx_text_get(&o->label, l), o->id);
        } else {
            other = true;
        }
    }
    if (!unanswered && !b.len && !other) {
        asx_buf_free(&b);
        return NULL;
    }
    if (other && !b.len)
        asx_buf_adds(&b, ASX_TR(l, "ご回答の内容について、改めてご確認をお願いします。", "Please check your answer again."));
    const asx_cite *cite = &r->q[q->index].cite;
    const char *clause = cite->clause_local ? cite->clause_local : cite->clause;
    asx_buf_addf(&b, "\n%s", asx_text_get(request ? request : &q->request, l));
    /* the clause as the organisation cites it: its standard's title in Japanese, as the English
     * documents do ("standard, clause …") */
    const char *std = l == ASX_LANG_EN ? "security standard"
                      : r->standard_name ? r->standard_name : "情報セキュリティ対策基準";
    if (clause)
        asx_buf_addf(&b, ASX_TR(l, "(%s %s)", " (%s, clause %s)"), std, clause);
    return asx_buf_take(&b);
}

static void write_question(form_writer *w, lxw_row_t row, const asx_question *q, lxw_col_t *choice_col)
{
    const char *ws_name = w->answers_name;
    const asx_answers *from = w->o->from;
    const asx_answer *x = from ? &from->a[q->index] : NULL;
    /* new in this bank version: no earlier answer, though it applied (a `when` question whose
     * condition does not hold was not asked before either) */
    bool is_new = from && !x->present && from->bank_version && strcmp(from->bank_version, w->b->version) != 0 &&
                  asx_question_applies(q, from);
    char *clauses = clauses_text(q);
    char *hint = answer_hint(w, q);
    char *note = q->when_q ? when_note(w, q) : NULL;
    char *review = review_note(w, q);
    char *qtext = asx_strdupf("%s%s%s%s\n【%s】%s%s", is_new ? ASX_TR(w->o->lang, "【新規】", "[NEW] ") : "",
                              asx_text_get(&q->text, w->o->lang), note ? "\n" : "", note ? note : "",
                              ASX_TR(w->o->lang, "回答方法", "How to answer"), hint ? hint : "",
                              q->required ? ASX_TR(w->o->lang, " (必須)", " (required)") : "");
    if (!clauses || !hint || !qtext || (q->when_q && !note)) {
        asx_xlsx_keep(&w->lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
        goto out;
    }
    lxw_format *in = review ? w->fix_input : w->input;
    lxw_format *in_date = review ? w->fix_input_date : w->input_date;
    const asx_section *sec = &w->b->sections[q->section];
    text(w, w->answers, ws_name, row, ASX_FORM_COL_ID, q->id, w->locked);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_CLAUSE, clauses, w->wrap);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_SECTION, asx_text_get(&sec->title, w->o->lang), w->wrap);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_QUESTION, qtext, w->wrap);
    text(w, w->answers, ws_name, row, ASX_FORM_COL_EXPECTED, asx_text_get(&q->evidence, w->o->lang), w->wrap);
    if (x && x->present)
        write_value(w, row, q, x, in, in_date);
    else
        asx_xlsx_keep(&w->lerr, worksheet_write_blank(w->answers, row, ASX_FORM_COL_ANSWER, q->type == ASX_Q_DATE ? in_date : in));
    if (x && x->present && x->comment)
        text(w, w->answers, ws_name, row, ASX_FORM_COL_COMMENT, x->comment, w->input);
    else
        asx_xlsx_keep(&w->lerr, worksheet_write_blank(w->answers, row, ASX_FORM_COL_COMMENT, w->input));
    if (x && x->present && x->nevidence) {
        asx_buf ev = {0};
        for (size_t i = 0; i < x->nevidence; i++) {
            char *v = asx_form_piece(x->evidence[i], false);
            if (!v)
                ev.oom = true;
            asx_buf_addf(&ev, "%s%s", i ? "\n" : "", v ? v : "");
            free(v);
        }
        if (ev.oom)
            asx_xlsx_keep(&w->lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
        text(w, w->answers, ws_name, row, ASX_FORM_COL_EVIDENCE, asx_buf_str(&ev), w->input);
        asx_buf_free(&ev);
    } else {
        asx_xlsx_keep(&w->lerr, worksheet_write_blank(w->answers, row, ASX_FORM_COL_EVIDENCE, w->input));
    }
    double h1 = asx_xlsx_row_height(qtext, 60), h2 = asx_xlsx_row_height(asx_text_get(&q->evidence, w->o->lang), 28);
    double h = h1 > h2 ? h1 : h2;
    if (from) {
        const char *mark = review ? review : is_new ? ASX_TR(w->o->lang, "新規の質問です (前回の回答はありません)。回答してください。",
                                                      "A new question (no earlier answer): please answer it.") : "";
        text(w, w->answers, ws_name, row, ASX_FORM_COL_REVIEW, mark, review ? w->review_note : w->new_note);
        double h3 = asx_xlsx_row_height(mark, 36);
        h = h3 > h ? h3 : h;
    }
    if (review) {
        lxw_comment_options co = {0};
        co.author = (char *)ASX_TR(w->o->lang, "審査担当", "Reviewer");
        co.font_name = (char *)ASX_FORM_FONT;
        co.width = 360;
        co.height = 160;
        char *cut = asx_xlsx_cut(review, 2000);
        asx_xlsx_keep(&w->lerr, worksheet_write_comment_opt(w->answers, row, ASX_FORM_COL_ANSWER, cut ? cut : "", &co));
        free(cut);
        w->marked++;
    }
    asx_xlsx_keep(&w->lerr, worksheet_set_row(w->answers, row, h, NULL));
    validate_answer(w, row, q, choice_col, hint);
out:
    free(clauses);
    free(hint);
    free(note);
    free(review);
    free(qtext);
}

static void write_answers(form_writer *w)
{
    lxw_worksheet *ws = w->answers;
    const char *ws_name = w->answers_name;
    char cls[96], *title;
    asx_class_format(w->o->cls, w->o->lang, cls, sizeof cls);
    title = asx_strdupf("%s %s", asx_text_get(&w->b->title, w->o->lang),
                        w->o->review ? ASX_TR(w->o->lang, "補正依頼", "- corrections requested") : ASX_TR(w->o->lang, "回答票", "- answer sheet"));
    text(w, ws, ws_name, 0, 0, title, w->title);
    free(title);
    char *sub = asx_form_subtitle(w->b->id, w->b->version, w->o->cls, w->o->lang);
    if (!sub)
        asx_xlsx_keep(&w->lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
    text(w, ws, ws_name, ASX_FORM_SUBTITLE_ROW - 1, 0, sub ? sub : "", NULL);
    free(sub);
    write_header_fields(w, 3);

    lxw_row_t head = 3 + HDR_ROWS + 1;
    const char *heads[ASX_FORM_NCOLS + 1][2] = {
        {"ID", "ID"}, {"条項", "Clause"}, {"区分", "Section"}, {"質問", "Question"},
        {"求める根拠資料", "Expected evidence"}, {"回答", "Answer"},
        {"補足・コメント", "Comment"}, {"根拠資料 (文書名・条項、1 行に 1 件)", "Evidence (document and clause, one per line)"},
        {"確認事項 (審査担当から)", "To check (from the reviewer)"}};
    lxw_col_t ncols = w->o->from ? ASX_FORM_NCOLS + 1 : ASX_FORM_NCOLS;
    for (lxw_col_t c = 0; c < ncols; c++)
        text(w, ws, ws_name, head, c, ASX_TR(w->o->lang, heads[c][0], heads[c][1]), w->head);
    asx_xlsx_keep(&w->lerr, worksheet_set_row(ws, head, 32, NULL));

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
    if (w->o->review) {
        char *msg = asx_strdupf(ASX_TR(w->o->lang, "補正のお願い: 赤色のセル %zu 件について、各行の「確認事項」(セルのコメントにも同じ内容) をお読みのうえ、回答・補足・根拠資料をご修正ください。",
                                  "Corrections requested: please see the %zu red cells. Read the note in \"To check\" on each row (also the cell's comment) and correct the answer, comment or evidence."),
                                w->marked);
        text(w, ws, ws_name, 2, 0, msg, w->alert);
        free(msg);
    } else if (w->o->from) {
        text(w, ws, ws_name, 2, 0, ASX_TR(w->o->lang, "前回の回答を記入済みです。変わった点を直し、「新規」の質問に回答してください。回答日も更新してください。",
                                     "Your earlier answers are filled in: correct what changed, answer the new questions, and update the date."), w->alert);
    }
    double idw = asx_xlsx_fit_width(ids, nids, 14, 40);
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_ID, ASX_FORM_COL_ID, idw, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_CLAUSE, ASX_FORM_COL_CLAUSE, 14, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_SECTION, ASX_FORM_COL_SECTION, 14, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_QUESTION, ASX_FORM_COL_QUESTION, 60, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_EXPECTED, ASX_FORM_COL_EXPECTED, 28, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_ANSWER, ASX_FORM_COL_ANSWER, 24, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_COMMENT, ASX_FORM_COL_COMMENT, 36, NULL));
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_EVIDENCE, ASX_FORM_COL_EVIDENCE, 30, NULL));
    if (w->o->from)
        asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, ASX_FORM_COL_REVIEW, ASX_FORM_COL_REVIEW, 38, NULL));
    if (row > head + 1)
        asx_xlsx_keep(&w->lerr, worksheet_autofilter(ws, head, 0, row - 1, ncols - 1));
    worksheet_freeze_panes(ws, head + 1, 1);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    asx_xlsx_keep(&w->lerr, worksheet_repeat_rows(ws, head, head));
    /* Rows may not be inserted or deleted (the instructions say so): the ids stay with their
     * rows. Filtering, and resizing rows and columns to read long answers, stay allowed. */
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
    char cls[96], due[64];
    asx_class_format(w->o->cls, w->o->lang, cls, sizeof cls);
    if (w->o->has_due)
        asx_date_format(w->o->due, w->o->lang, due, sizeof due);
    char *line1 = asx_strdupf("%s", asx_text_get(&w->b->title, w->o->lang));
    char *line2 = asx_strdupf(ASX_TR(w->o->lang, "質問票 ID: %s / 版: %s / 根拠条項: %s / 対象の情報資産の格付け: %s / 評価の目的: %s%s%s",
                                "Questionnaire: %s / version %s / clause %s / classification of the information: %s / purpose: %s%s%s"),
                              w->b->id, w->b->version, w->b->clause ? w->b->clause : "-", cls,
                              asx_purpose_label(w->o->purpose, w->o->lang),
                              w->o->has_due ? ASX_TR(w->o->lang, " / 回答期限: ", " / answer by ") : "", w->o->has_due ? due : "");
    const char *ja[] = {
        "記入のしかた",
        "1. シート「回答」の黄色のセル (事業者名・担当者・連絡先・回答日と、各質問の「回答」「補足・コメント」「根拠資料」) に記入してください。灰色のセル (評価の目的・格付け・回答期限) は団体が記入した項目で、変更できません。ほかのセルは保護されています (パスワードなし)。",
        "2. A 列の ID で回答を照合します。行や列の追加・削除はできません。補足や追記は、その質問の行の「補足・コメント」欄に書いてください。",
        "3. 「(… の場合のみ回答)」とある質問は、その条件に当てはまる場合だけ回答してください。",
        "4. 根拠資料には、契約書・SLA・認証書等の文書名と条項を 1 行に 1 件書いてください。",
        "5. 数式は使わず、値を直接入力してください。",
        "6. 「確認事項」の列があるときは、審査担当からの確認・補正の依頼です。赤色のセルを直してください。",
        "",
        "回答の種類",
        "はい/いいえ: 一覧から「はい」「いいえ」「一部」(該当しない場合に限り「該当なし」) を選択。",
        "選択肢: 一覧の選択肢から 1 つを選択。",
        "数値: 単位は質問文に記載。数値だけを入力 (例: 99.95)。% の質問では 99.95% と入力しても同じです。",
        "国: ISO 3166-1 の 2 文字の国コード (例: 日本 = JP、米国 = US)。",
        "国 (複数): 国コードをカンマ区切りで (例: JP, SG)。",
        "日付: 2027-03-31 の形で入力 (2027/3/31、令和9年3月31日 も可)。",
        "一覧: 1 行に 1 件、「名称 / 国 / 役割」のように項目を前後に空白のある「 / 」で区切って入力 (例は各設問の【回答方法】。「ISO/IEC 27001」のように空白のない「/」は項目の一部。セル内の改行は Alt+Enter)。ない場合は設問の指示どおり「なし」または「該当なし」。",
        "自由記述: 文章で記入。",
    };
    const char *en[] = {
        "How to fill in this form",
        "1. Fill in the yellow cells of the sheet \"Answers\" (vendor name, contact person, contact, date, and the answer, comment and evidence of every question). Grey cells (purpose, classification, deadline) are set by the organisation and cannot be changed. Other cells are protected (no password).",
        "2. The ids in column A are used to read your answers back. Rows and columns cannot be inserted or deleted: write remarks in the Comment column of the question's row.",
        "3. Questions marked \"(answer only if …)\" need an answer only when the condition holds.",
        "4. Evidence: name the document (contract, SLA, certificate) and the clause, one per line.",
        "5. Type values, not formulas.",
        "6. A \"To check\" column holds the reviewer's questions and requests: correct the red cells.",
        "",
        "Answer types",
        "Yes/No: choose Yes, No or Partly from the list (N/A only where offered).",
        "Choice: choose one option from the list.",
        "Number: the unit is given in the question; type the number only (e.g. 99.95). For a question in %, 99.95% is the same.",
        "Country: a two-letter ISO 3166-1 code (Japan = JP, United States = US).",
        "Countries: codes separated by commas (e.g. JP, SG).",
        "Date: as 2027-03-31 (2027/3/31 also works).",
        "List: one item per line, its fields separated by \" / \" with a space on each side, as \"name / country / role\" (each question shows an example; a \"/\" without spaces, as in ISO/IEC 27001, is part of a field; Alt+Enter for a new line in a cell); \"none\" or \"N/A\", as the question says, when there are none.",
        "Text: free text.",
    };
    text(w, ws, name, 0, 0, line1, w->title_wrap);
    asx_xlsx_keep(&w->lerr, worksheet_set_row(ws, 0, 21.0 * (double)((asx_utf8_width(line1) + 47) / 48), NULL));
    text(w, ws, name, 1, 0, line2, w->note);
    asx_xlsx_keep(&w->lerr, worksheet_set_row(ws, 1, asx_xlsx_row_height(line2, 54), NULL));
    free(line1);
    free(line2);
    const char *const *lines = w->o->lang == ASX_LANG_EN ? en : ja;
    for (lxw_row_t i = 0; i < sizeof ja / sizeof ja[0]; i++) {
        bool heading = i == 0 || i == 8;
        text(w, ws, name, 3 + i, 0, lines[i], heading ? w->bold : w->note);
        /* the column fits the printable width of A4 portrait at 100 %; row heights are estimated
     * for a narrower column, so no wrapped line is cut when printed */
        if (!heading && lines[i][0])
            asx_xlsx_keep(&w->lerr, worksheet_set_row(ws, 3 + i, asx_xlsx_row_height(lines[i], 54), NULL));
    }
    asx_xlsx_keep(&w->lerr, worksheet_set_column(ws, 0, 0, 68, NULL));
    worksheet_set_paper(ws, 9);
    worksheet_set_portrait(ws);
    worksheet_set_margins(ws, 0.6, 0.6, 0.75, 0.75);
    worksheet_fit_to_pages(ws, 1, 1);
    asx_xlsx_keep(&w->lerr, worksheet_print_area(ws, 0, 0, 3 + (lxw_row_t)(sizeof ja / sizeof ja[0]), 0));
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
        char levels[64];
        asx_bank_conf_label(b, asx_ui_lang, levels, sizeof levels);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("質問票 %s は%sの情報資産用です (%s)。機密性 %d には使えません",
                             "questionnaire %s is for %s (%s); it cannot be used for confidentiality %d"),
                       b->id, levels, b->clause ? b->clause : "-", c.c);
        if (c.c >= 2)
            asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                           ASX_L("機密性2以上の情報を扱う外部サービスには 11-2 が適用されます (質問票 cloud)",
                                 "clause 11-2 applies to external services handling confidentiality 2 or above (questionnaire cloud)"));
        return ASX_ERR_DATA;
    }
    return ASX_OK;
}

asx_error asx_form_write(const asx_bank *b, const asx_form_opts *o, const char *path,
                         size_t *marked, asx_diags *d)
{
    form_writer w = {.b = b, .o = o, .file = path, .d = d};
    if (marked)
        *marked = 0;
    asx_error err = check_class(b, o->cls, d);
    if (err)
        return err;
    asx_xlsx_out out;
    char *title = asx_strdupf("%s %s", asx_text_get(&b->title, o->lang), o->lang == ASX_LANG_EN ? "- vendor form" : "回答様式");
    err = asx_xlsx_begin(&out, o->set, path, o->force, o->date, title, d);
    free(title);
    if (err)
        return err;
    w.wb = out.wb;
    const char *instr_name = ASX_TR(w.o->lang, "記入方法", "Instructions");
    w.answers_name = ASX_TR(w.o->lang, ASX_FORM_SHEET_JA, ASX_FORM_SHEET_EN);
    lxw_worksheet *instr = workbook_add_worksheet(w.wb, instr_name);
    w.answers = workbook_add_worksheet(w.wb, w.answers_name);
    w.lists = workbook_add_worksheet(w.wb, ASX_FORM_LISTS_SHEET);
    w.meta = workbook_add_worksheet(w.wb, ASX_FORM_META_SHEET);
    if (!instr || !w.answers || !w.lists || !w.meta)
        asx_xlsx_keep(&w.lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (!w.lerr && make_formats(&w)) {
        write_instructions(&w, instr, instr_name);
        write_lists(&w);
        write_meta(&w);
        write_answers(&w);
        worksheet_hide(w.lists);
        worksheet_hide(w.meta);
    }
    if (marked)
        *marked = w.marked;
    return asx_xlsx_finish(&out, w.lerr, o->force, ASX_OUTPUT_MODE, d);
}
