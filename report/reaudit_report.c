/* reaudit_report.c - the re-audit report as PDF (pdfdoc) and XLSX (libxlsxwriter), changes
 * first. See asx/reaudit_report.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <xlsxwriter.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pdf_widgets.h"
#include "asx/pdfdoc.h"
#include "asx/reaudit_report.h"
#include "asx/util.h"
#include "asx/xlsxutil.h"

#define LXW_PAPER_A4 9
#define OUT_MODE ASX_OUTPUT_MODE

typedef enum { GROUP_REGRESSION, GROUP_IMPROVEMENT, GROUP_OTHER } group;

static group group_of(asx_change_kind k)
{
    if (asx_change_is_regression(k))
        return GROUP_REGRESSION;
    return asx_change_is_improvement(k) ? GROUP_IMPROVEMENT : GROUP_OTHER;
}

static const char *group_label(group g, asx_lang l)
{
    switch (g) {
    case GROUP_REGRESSION: return ASX_TR(l, "後退", "Regression");
    case GROUP_IMPROVEMENT: return ASX_TR(l, "改善", "Improvement");
    case GROUP_OTHER: return ASX_TR(l, "その他の変更", "Other change");
    }
    return "?";
}

/* "label (id)" of a change, caller frees. */
static char *question_text(const asx_change *ch, asx_lang l)
{
    if (!ch->q)
        return asx_strdup(ch->question);
    return asx_strdupf("%s\n%s", asx_text_get(&ch->q->label, l), ch->question);
}

/* ---- PDF ---- */

static void pdf_summary(asx_pdf *p, const asx_reaudit *ra, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    const asx_answers *b = ra->before->answers, *a = ra->after->answers;
    char db[64], da[64], cls[96], vb[96], va[96], counts[160], bank[128];
    asx_date_format(b->date, l, db, sizeof db);
    asx_date_format(a->date, l, da, sizeof da);
    asx_class_format(a->cls, l, cls, sizeof cls);
    snprintf(vb, sizeof vb, ASX_TR(l, "%s (%.1f 点)", "%s (score %.1f)"),
             asx_verdict_label(ra->before->verdict, l), ra->before->score);
    snprintf(va, sizeof va, ASX_TR(l, "%s (%.1f 点)", "%s (score %.1f)"),
             asx_verdict_label(ra->after->verdict, l), ra->after->score);
    snprintf(counts, sizeof counts,
             en ? "%zu regression(s), %zu improvement(s), %zu other change(s), %zu unchanged"
                : "後退 %zu 件、改善 %zu 件、その他の変更 %zu 件、変更なし %zu 問",
             ra->nregressions, ra->nimprovements,
             ra->nchanges - ra->nregressions - ra->nimprovements, ra->nunchanged);
    snprintf(bank, sizeof bank, "%s %s → %s", ra->after->bank->id,
             b->bank_version ? b->bank_version : "?", a->bank_version ? a->bank_version : "?");
    const char *keys[] = {ASX_TR(l, "サービス", "Service"), ASX_TR(l, "事業者", "Vendor"),
                          ASX_TR(l, "格付け", "Classification"), ASX_TR(l, "質問票", "Questionnaire"),
                          ASX_TR(l, "前回評価日", "Previous assessment"),
                          ASX_TR(l, "前回の判定", "Previous verdict"),
                          ASX_TR(l, "今回評価日", "Current assessment"),
                          ASX_TR(l, "今回の判定", "Current verdict"), ASX_TR(l, "判定日", "Decided on"),
                          ASX_TR(l, "変更の概要", "Changes")};
    char dd[64];
    asx_date_format(ra->after->decided_on, l, dd, sizeof dd);
    const char *vals[] = {a->service_name, a->vendor_name, cls, bank, db, vb, da, va, dd, counts};
    asx_pdf_kv(p, keys, vals, sizeof keys / sizeof keys[0], 0);
}

static void pdf_changes(asx_pdf *p, const asx_reaudit *ra, group g, const char *heading,
                        const char *none, asx_lang l)
{
    const asx_pdf_col cols[] = {
        {"No.", 0.55f, ASX_PDF_RIGHT}, {ASX_TR(l, "種別", "Kind"), 1.7f, ASX_PDF_LEFT},
        {ASX_TR(l, "設問", "Question"), 2.2f, ASX_PDF_LEFT}, {ASX_TR(l, "条項", "Clause"), 1.1f, ASX_PDF_LEFT},
        {ASX_TR(l, "前回", "Before"), 1.7f, ASX_PDF_LEFT}, {ASX_TR(l, "今回", "After"), 1.7f, ASX_PDF_LEFT},
        {ASX_TR(l, "内容", "Detail"), 1.8f, ASX_PDF_LEFT}};
    size_t n = 0;
    asx_pdf_heading(p, 1, heading, 0);
    for (size_t i = 0; i < ra->nchanges; i++) {
        const asx_change *ch = &ra->changes[i];
        if (group_of(ch->kind) != g)
            continue;
        if (n++ == 0)
            asx_pdf_table_begin(p, cols, sizeof cols / sizeof cols[0]);
        char no[16];
        snprintf(no, sizeof no, "%zu", n);
        char *qt = question_text(ch, l);
        const char *cells[] = {no, asx_change_kind_label(ch->kind, l), qt ? qt : ch->question,
                               ch->clause_local, asx_change_before(ch, l), asx_change_after(ch, l),
                               asx_change_detail(ch, l)};
        asx_pdf_tone tone = g == GROUP_REGRESSION    ? (ch->kind == ASX_CHG_NEW_KNOCKOUT
                                                            ? ASX_PDF_TONE_BAD : ASX_PDF_TONE_WARN)
                            : g == GROUP_IMPROVEMENT ? ASX_PDF_TONE_GOOD
                                                     : ASX_PDF_TONE_NONE;
        const asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, tone, ASX_PDF_TONE_NONE,
                                      ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE,
                                      ASX_PDF_TONE_NONE};
        asx_pdf_row(p, cells, tones);
        free(qt);
    }
    if (n)
        asx_pdf_table_end(p);
    else
        asx_pdf_paragraph(p, none, NULL);
}

static void pdf_findings(asx_pdf *p, const asx_result *r, asx_lang l)
{
    const asx_pdf_col cols[] = {{ASX_TR(l, "重要度", "Severity"), 1.2f, ASX_PDF_LEFT},
                                {ASX_TR(l, "条項", "Clause"), 1.1f, ASX_PDF_LEFT},
                                {ASX_TR(l, "指摘事項", "Finding"), 6.0f, ASX_PDF_LEFT}};
    size_t n = 0;
    asx_pdf_heading(p, 1, ASX_TR(l, "4. 今回評価の指摘事項", "4. Findings of the current assessment"), 0);
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (n++ == 0)
            asx_pdf_table_begin(p, cols, 3);
        const char *cells[] = {asx_severity_label(f->severity, l), f->clause_local ? f->clause_local : "",
                               asx_finding_msg(f, l)};
        const asx_pdf_tone tones[] = {asx_pdf_severity_tone(f->severity), ASX_PDF_TONE_NONE,
                                      ASX_PDF_TONE_NONE};
        asx_pdf_row(p, cells, tones);
    }
    if (n)
        asx_pdf_table_end(p);
    else
        asx_pdf_paragraph(p, ASX_TR(l, "なし。", "None."), NULL);
}

/* A name never broken between lines: spaces become no-break spaces (caller frees). */
static char *glued(const char *name)
{
    if (!name || !*name)
        return NULL;
    asx_buf b = {0};
    for (const char *s = name; *s;) {
        if (*s == ' ' || strncmp(s, "\u3000", 3) == 0) {
            asx_buf_adds(&b, "\u00A0");
            s += *s == ' ' ? 1 : 3;
        } else {
            asx_buf_add(&b, s, 1);
            s++;
        }
    }
    return asx_buf_take(&b);
}

asx_error asx_reaudit_write_pdf(const asx_reaudit *ra, const asx_reaudit_opts *o, const char *path,
                                asx_diags *d)
{
    asx_lang lang = o->lang;
    int force = o->force;
    const asx_answers *a = ra->after->answers;
    asx_font *own = NULL;
    const asx_font *font = o->font;
    asx_pdf *p = NULL;
    char *footer = NULL, *sub = NULL, *note = NULL, *auditor = glued(o->auditor), *manager = glued(o->manager);
    asx_error err = asx_refuse_existing(path, force, d);
    if (!err && !font) {
        err = asx_font_load(NULL, &own, d);
        font = own;
    }
    if (err)
        goto done;
    p = asx_pdf_new(font, lang);
    footer = asx_strdupf(ASX_TR(lang, "%s 再監査報告書", "%s re-audit"), a->service_name);
    sub = asx_strdupf("%s — %s", a->service_name, a->vendor_name);
    note = asx_strdupf(ASX_TR(lang, "%.1f 点 (前回 %s %.1f 点)", "score %.1f (previously %s, %.1f)"),
                       ra->after->score, asx_verdict_label(ra->before->verdict, lang),
                       ra->before->score);
    if (!p || !footer || !sub || !note) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    asx_pdf_set_info(p, ASX_TR(lang, "再監査報告書", "Re-audit report"), sub, ra->after->decided_on);
    asx_pdf_set_footer(p, footer);
    asx_pdf_title(p, ASX_TR(lang, "再監査報告書 (年次)", "Re-audit report"), sub);
    asx_pdf_badge(p, asx_verdict_label(ra->after->verdict, lang),
                  asx_pdf_verdict_tone(ra->after->verdict), note, 0);
    asx_pdf_space(p, 6);
    pdf_summary(p, ra, lang);
    pdf_changes(p, ra, GROUP_REGRESSION,
                ASX_TR(lang, "1. 前回評価からの後退 (要確認)", "1. Regressions since the previous assessment"),
                ASX_TR(lang, "後退はありません。", "No regressions."), lang);
    pdf_changes(p, ra, GROUP_IMPROVEMENT, ASX_TR(lang, "2. 改善", "2. Improvements"),
                ASX_TR(lang, "改善はありません。", "No improvements."), lang);
    pdf_changes(p, ra, GROUP_OTHER, ASX_TR(lang, "3. その他の変更", "3. Other changes"),
                ASX_TR(lang, "その他の変更はありません。", "No other changes."), lang);
    pdf_findings(p, ra->after, lang);
    asx_pdf_heading(p, 1, ASX_TR(lang, "確認欄", "Review"), 140);
    const char *roles[] = {ASX_TR(lang, "監査担当者", "Auditor"),
                           ASX_TR(lang, "外部サービス管理者", "Service manager"),
                           ASX_TR(lang, "情報セキュリティ管理者", "Security manager"),
                           ASX_TR(lang, "情報セキュリティ責任者", "CISO")};
    const char *names[] = {auditor, manager, NULL, NULL};
    asx_pdf_stamps(p, roles, names, 4);
    err = asx_pdf_save_in(p, o->set, path, force, d);
done:
    free(auditor);
    free(manager);
    free(footer);
    free(sub);
    free(note);
    asx_pdf_free(p);
    asx_font_free(own);
    return err;
}

/* ---- XLSX ---- */

typedef struct {
    lxw_workbook *wb;
    lxw_format *title, *head, *cell, *wrap, *num, *bad, *good, *date, *value;
    lxw_error err;
} xl;

/* Write text, cut at whole characters below Excel's cell limit. */
static void xl_str(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                   lxw_format *f)
{
    asx_xlsx_keep(&x->err, asx_xlsx_write_text(ws, r, c, s, f, NULL));
}

static lxw_format *fmt(xl *x, bool bold, bool wrap, const char *num, unsigned bg)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    format_set_font_name(f, "IPAexGothic");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (wrap)
        format_set_text_wrap(f);
    if (num)
        format_set_num_format(f, num);
    if (bg)
        format_set_bg_color(f, bg);
    return f;
}

static void xl_page(xl *x, lxw_worksheet *ws, lxw_row_t head)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, LXW_PAPER_A4);
    worksheet_fit_to_pages(ws, 1, 0);
    asx_xlsx_keep(&x->err, worksheet_repeat_rows(ws, head, head));
    worksheet_freeze_panes(ws, head + 1, 0);
}

/* A value of a number question as a number (its unit is in the question's label), anything
 * else as the text people read. */
static void xl_value(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const asx_change *ch,
                     const char *json, const char *text)
{
    if (ch->q && ch->q->type == ASX_Q_NUMBER && json) {
        char *end = NULL;
        double v = strtod(json, &end);
        if (end != json && *end == '\0') {
            asx_xlsx_keep(&x->err, worksheet_write_number(ws, r, c, v, x->value));
            return;
        }
    }
    xl_str(x, ws, r, c, text, x->wrap);
}

static void xl_changes(xl *x, const asx_reaudit *ra, asx_lang l)
{
    const char *names[] = {ASX_TR(l, "区分", "Group"), ASX_TR(l, "種別", "Kind"), ASX_TR(l, "種別 (ID)", "kind (id)"),
                           ASX_TR(l, "設問", "Question"), ASX_TR(l, "設問 ID", "Question id"),
                           ASX_TR(l, "条項", "Clause"), ASX_TR(l, "前回", "Before"), ASX_TR(l, "今回", "After"),
                           ASX_TR(l, "内容", "Detail"), ASX_TR(l, "前回評点", "Score before"),
                           ASX_TR(l, "今回評点", "Score after")};
    static const double widths[] = {12, 22, 22, 30, 30, 14, 28, 28, 30, 10, 10};
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, ASX_TR(l, "変更点", "Changes"));
    if (!ws) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    const asx_answers *a = ra->after->answers;
    char *title = asx_strdupf(ASX_TR(l, "再監査: %s — %s", "Re-audit: %s — %s"), a->service_name,
                              a->vendor_name);
    xl_str(x, ws, 0, 0, title, x->title);
    free(title);
    xl_page(x, ws, 2);
    for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
        asx_xlsx_keep(&x->err, worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL));
        xl_str(x, ws, 2, (lxw_col_t)k, names[k], x->head);
    }
    for (size_t i = 0; i < ra->nchanges && !x->err; i++) {
        const asx_change *ch = &ra->changes[i];
        lxw_row_t r = (lxw_row_t)(3 + i);
        group g = group_of(ch->kind);
        lxw_format *gf = g == GROUP_REGRESSION ? x->bad : g == GROUP_IMPROVEMENT ? x->good : x->cell;
        xl_str(x, ws, r, 0, group_label(g, l), gf);
        xl_str(x, ws, r, 1, asx_change_kind_label(ch->kind, l), x->wrap);
        xl_str(x, ws, r, 2, asx_change_kind_name(ch->kind), x->cell);
        xl_str(x, ws, r, 3, ch->q ? asx_text_get(&ch->q->label, l) : "", x->wrap);
        xl_str(x, ws, r, 4, ch->question, x->cell);
        xl_str(x, ws, r, 5, ch->clause_local, x->cell);
        xl_value(x, ws, r, 6, ch, ch->before_json, asx_change_before(ch, l));
        xl_value(x, ws, r, 7, ch, ch->after_json, asx_change_after(ch, l));
        xl_str(x, ws, r, 8, asx_change_detail(ch, l), x->wrap);
        /* a height that fits the wrapped cells (LibreOffice prints rows as tall as they are set) */
        const char *wrapped[] = {asx_change_kind_label(ch->kind, l), ch->q ? asx_text_get(&ch->q->label, l) : "",
                                 asx_change_before(ch, l), asx_change_after(ch, l), asx_change_detail(ch, l)};
        const double wcols[] = {22, 30, 28, 28, 30};
        double h = 15;
        for (size_t k = 0; k < 5; k++)
            h = fmax(h, asx_xlsx_row_height(wrapped[k], wcols[k]));
        asx_xlsx_keep(&x->err, worksheet_set_row(ws, r, h, NULL));
        if (ch->score_before >= 0)
            asx_xlsx_keep(&x->err, worksheet_write_number(ws, r, 9, ch->score_before, x->num));
        else
            asx_xlsx_keep(&x->err, worksheet_write_blank(ws, r, 9, x->cell));
        if (ch->score_after >= 0)
            asx_xlsx_keep(&x->err, worksheet_write_number(ws, r, 10, ch->score_after, x->num));
        else
            asx_xlsx_keep(&x->err, worksheet_write_blank(ws, r, 10, x->cell));
    }
    if (ra->nchanges)
        asx_xlsx_keep(&x->err, worksheet_autofilter(ws, 2, 0, (lxw_row_t)(2 + ra->nchanges), 10));
    asx_xlsx_keep(&x->err, worksheet_print_area(ws, 0, 0, (lxw_row_t)(2 + ra->nchanges), 10));
}

static void xl_summary(xl *x, const asx_reaudit *ra, asx_lang l)
{
    const asx_answers *b = ra->before->answers, *a = ra->after->answers;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, ASX_TR(l, "概要", "Summary"));
    if (!ws) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    asx_xlsx_keep(&x->err, worksheet_set_column(ws, 0, 0, 24, NULL));
    asx_xlsx_keep(&x->err, worksheet_set_column(ws, 1, 2, 30, NULL));
    xl_page(x, ws, 0);
    xl_str(x, ws, 0, 0, "", x->head);
    xl_str(x, ws, 0, 1, ASX_TR(l, "前回", "Previous"), x->head);
    xl_str(x, ws, 0, 2, ASX_TR(l, "今回", "Current"), x->head);
    struct {
        const char *key;
        const char *b, *a;
    } rows[] = {
        {ASX_TR(l, "サービス", "Service"), b->service_name, a->service_name},
        {ASX_TR(l, "事業者", "Vendor"), b->vendor_name, a->vendor_name},
        {ASX_TR(l, "質問票の版", "Questionnaire version"), b->bank_version, a->bank_version},
        {ASX_TR(l, "判定", "Verdict"), asx_verdict_label(ra->before->verdict, l),
         asx_verdict_label(ra->after->verdict, l)},
    };
    lxw_row_t r = 1;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, r++) {
        xl_str(x, ws, r, 0, rows[i].key, x->head);
        xl_str(x, ws, r, 1, rows[i].b, x->wrap);
        xl_str(x, ws, r, 2, rows[i].a, x->wrap);
    }
    xl_str(x, ws, r, 0, ASX_TR(l, "評価日", "Assessment date"), x->head);
    asx_xlsx_keep(&x->err, asx_xlsx_date(ws, r, 1, &b->date, x->date, x->date));
    asx_xlsx_keep(&x->err, asx_xlsx_date(ws, r, 2, &a->date, x->date, x->date));
    r++;
    xl_str(x, ws, r, 0, ASX_TR(l, "点数", "Score"), x->head);
    asx_xlsx_keep(&x->err, worksheet_write_number(ws, r, 1, ra->before->score, x->num));
    asx_xlsx_keep(&x->err, worksheet_write_number(ws, r, 2, ra->after->score, x->num));
    r += 2;
    struct {
        const char *key;
        size_t n;
    } counts[] = {{ASX_TR(l, "後退", "Regressions"), ra->nregressions},
                  {ASX_TR(l, "改善", "Improvements"), ra->nimprovements},
                  {ASX_TR(l, "その他の変更", "Other changes"),
                   ra->nchanges - ra->nregressions - ra->nimprovements},
                  {ASX_TR(l, "変更なし (設問数)", "Unchanged questions"), ra->nunchanged}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++, r++) {
        xl_str(x, ws, r, 0, counts[i].key, x->head);
        asx_xlsx_keep(&x->err, worksheet_write_number(ws, r, 1, (double)counts[i].n, x->cell));
    }
    asx_xlsx_keep(&x->err, worksheet_print_area(ws, 0, 0, r - 1, 2));
}

asx_error asx_reaudit_write_xlsx(const asx_reaudit *ra, const asx_reaudit_opts *o, const char *path,
                                 asx_diags *d)
{
    asx_lang lang = o->lang;
    int force = o->force;
    /* created = the decision date: same inputs, same bytes */
    asx_xlsx_out out;
    asx_error err = asx_xlsx_begin_in(&out, o->set, path, force, ra->after->decided_on,
                                   lang == ASX_LANG_EN ? "Re-audit report" : "再監査報告書", d);
    if (err)
        return err;
    xl x = {0};
    x.wb = out.wb;
    x.title = fmt(&x, true, false, NULL, 0);
    if (x.title) {
        format_set_font_size(x.title, 14);
        format_set_border(x.title, LXW_BORDER_NONE);
    }
    x.head = fmt(&x, true, true, NULL, 0xD9D9D9);
    x.cell = fmt(&x, false, false, NULL, 0);
    x.wrap = fmt(&x, false, true, NULL, 0);
    x.num = fmt(&x, false, false, "0.00", 0);
    x.bad = fmt(&x, true, false, NULL, 0xF4CCCC);
    x.good = fmt(&x, false, false, NULL, 0xD9EAD3);
    x.date = fmt(&x, false, false, asx_xlsx_date_format(lang), 0);
    x.value = fmt(&x, false, false, NULL, 0); /* General: 99.95, 48 */
    if (!x.err)
        xl_changes(&x, ra, lang);
    if (!x.err)
        xl_summary(&x, ra, lang);
    return asx_xlsx_finish(&out, x.err, force, OUT_MODE, d);
}
