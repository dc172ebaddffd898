/* register_export.c - the register as an officer prints it: XLSX (libxlsxwriter) and PDF,
 * A4 landscape. See asx/register.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pdf_widgets.h"
#include "asx/pdfdoc.h"
#include "asx/register.h"
#include "asx/util.h"
#include "asx/xlsxutil.h"

#define LXW_PAPER_A4 9
#define EXPORT_MODE ASX_OUTPUT_MODE /* like the register: it names people */
/* The workbook creation time: a fixed date, so the same register gives the same bytes. */
static const asx_date FIXED_CREATED_DATE = {2000, 1, 1};

/* ---- shared ---- */

/* "1. text (clause) 期限 D: 状況 …\n2. …" or "" (caller frees). */
static char *conditions_text(const asx_reg_entry *e, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    asx_buf b = {0};
    for (size_t i = 0; i < e->nconditions; i++) {
        const asx_reg_condition *c = &e->conditions[i];
        char due[64] = "", on[64] = "";
        if (c->has_due)
            asx_date_doc(c->due, l, due, sizeof due);
        if (c->has_on)
            asx_date_doc(c->on, l, on, sizeof on);
        asx_buf_addf(&b, "%s%zu. %s", i ? "\n" : "", c->n, c->text);
        if (asx_reg_condition_clause(c))
            asx_buf_addf(&b, " [%s]", asx_reg_condition_clause(c));
        asx_buf_addf(&b, ASX_TR(l, "【%s", " — %s"), asx_cond_status_label(c->status, l));
        if (c->status == ASX_COND_OPEN && *due)
            asx_buf_addf(&b, ASX_TR(l, " 期限 %s", ", due %s"), due);
        if (c->status != ASX_COND_OPEN)
            asx_buf_addf(&b, ASX_TR(l, " %s: %s", " on %s: %s"), on, c->evidence ? c->evidence : "");
        if (!en)
            asx_buf_addf(&b, "】");
    }
    if (!b.s && !b.oom)
        return asx_strdup("");
    return asx_buf_take(&b);
}

/* "構築時 2026-12-01 (佐藤) 否 0/16\n…" or "" (caller frees). */
static char *checks_text(const asx_reg_entry *e, asx_lang l)
{
    asx_buf b = {0};
    for (size_t i = 0; i < e->nchecks; i++) {
        const asx_reg_check *c = &e->checks[i];
        char on[64];
        size_t ng = asx_reg_check_not_met(c);
        asx_date_doc(c->on, l, on, sizeof on);
        asx_buf_addf(&b, ASX_TR(l, "%s%s %s (%s) 否 %zu / %zu 項目", "%s%s %s (%s): %zu not met of %zu"),
                     i ? "\n" : "", asx_check_phase_label(c->phase, l), on, c->by, ng, c->nitems);
    }
    if (!b.s && !b.oom)
        return asx_strdup("");
    return asx_buf_take(&b);
}

/* ---- XLSX ---- */

typedef struct {
    lxw_workbook *wb;
    lxw_format *title, *head, *cell, *wrap, *date, *num, *center;
    lxw_error err;
    bool truncated;
    asx_date as_of; /* the state of each entry is judged on this date */
    bool ja;         /* dates as 令和8年12月7日 (2026年): their columns are widened to show them */
    double colw[24]; /* the widths xl_header gave the current sheet's columns */
} xl;

/* Write text, cut at whole characters below Excel's cell limit (and remembered). */
static void xl_str(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                   lxw_format *f)
{
    bool cut = false;
    asx_xlsx_keep(&x->err, asx_xlsx_write_text(ws, r, c, s, f, &cut));
    x->truncated = x->truncated || cut;
}

static void xl_date(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const asx_date *d)
{
    if (x->ja && d && c < 24 && x->colw[c] < ASX_XLSX_DATE_WIDTH_JA) {
        asx_xlsx_keep(&x->err, worksheet_set_column(ws, c, c, ASX_XLSX_DATE_WIDTH_JA, NULL));
        x->colw[c] = ASX_XLSX_DATE_WIDTH_JA;
    }
    asx_xlsx_keep(&x->err, asx_xlsx_date(ws, r, c, d, x->date, x->cell));
}

static lxw_format *fmt(xl *x, bool bold, bool border, bool wrap, const char *num)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    format_set_font_name(f, "IPAexGothic");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (bold)
        format_set_bold(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (wrap)
        format_set_text_wrap(f);
    if (num)
        format_set_num_format(f, num);
    return f;
}

static void xl_formats(xl *x, asx_lang l)
{
    x->title = fmt(x, true, false, false, NULL);
    if (x->title)
        format_set_font_size(x->title, 14);
    x->head = fmt(x, true, true, true, NULL);
    if (x->head) {
        format_set_bg_color(x->head, 0xD9D9D9);
        format_set_align(x->head, LXW_ALIGN_CENTER);
    }
    x->cell = fmt(x, false, true, false, NULL);
    x->wrap = fmt(x, false, true, true, NULL);
    x->date = fmt(x, false, true, false, asx_xlsx_date_format(l));
    x->num = fmt(x, false, true, false, "0.0");
    x->center = fmt(x, false, true, false, NULL);
    if (x->center)
        format_set_align(x->center, LXW_ALIGN_CENTER);
}

/* Page set-up every sheet shares: A4 landscape, one page wide, header rows repeated. */
static void xl_page(xl *x, lxw_worksheet *ws, lxw_row_t head_row, const char *title)
{
    char footer[128];
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, LXW_PAPER_A4);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    asx_xlsx_keep(&x->err, worksheet_repeat_rows(ws, head_row, head_row));
    snprintf(footer, sizeof footer, "&L%s&R&P / &N", title);
    asx_xlsx_keep(&x->err, worksheet_set_footer(ws, footer));
    worksheet_freeze_panes(ws, head_row + 1, 0);
}

static void xl_header(xl *x, lxw_worksheet *ws, lxw_row_t row, const char *const *names,
                      const double *widths, size_t n)
{
    for (size_t k = 0; k < 24; k++)
        x->colw[k] = k < n ? widths[k] : 8.43; /* Excel's default width */
    for (size_t k = 0; k < n; k++) {
        asx_xlsx_keep(&x->err, worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL));
        xl_str(x, ws, row, (lxw_col_t)k, names[k], x->head);
    }
}

static void xl_register_sheet(xl *x, const asx_register *r, asx_lang l)
{
    const char *sheet = ASX_TR(l, "台帳", "Register");
    const char *names[] = {
        ASX_TR(l, "番号", "ID"), ASX_TR(l, "サービス名", "Service"), ASX_TR(l, "事業者", "Vendor"),
        ASX_TR(l, "法人番号", "Corporate number"), ASX_TR(l, "格付け", "Classification"),
        ASX_TR(l, "質問票", "Questionnaire"), ASX_TR(l, "判定", "Verdict"), ASX_TR(l, "点数", "Score"),
        ASX_TR(l, "承認の条件", "Conditions"), ASX_TR(l, "許可権限者", "Approver"),
        ASX_TR(l, "外部サービス管理者", "Service manager"), ASX_TR(l, "承認日", "Approved on"),
        ASX_TR(l, "次回見直し", "Next review"), ASX_TR(l, "証明書の有効期限", "Evidence expiry"),
        ASX_TR(l, "状態", "Status"), ASX_TR(l, "取消日", "Revoked on"), ASX_TR(l, "取消理由", "Reason"),
        ASX_TR(l, "次回の運用時点検", "Next operation check"), ASX_TR(l, "点検の記録", "Checks"),
        ASX_TR(l, "利用終了日", "Ended on")};
    static const double widths[] = {14, 24, 24, 15, 22, 12, 13, 7, 60, 14, 16, 12, 12, 12, 9, 12, 24,
                                    12, 36, 12};
    enum { NCOL = sizeof widths / sizeof widths[0] };
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet);
    if (!ws) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    char *title = asx_strdupf("%s%s%s", ASX_TR(l, "承認済み外部サービス台帳", "Register of approved services"),
                              r->organization && *r->organization ? " — " : "",
                              r->organization ? r->organization : "");
    xl_str(x, ws, 0, 0, title, x->title);
    xl_page(x, ws, 2, title ? title : sheet);
    free(title);
    xl_header(x, ws, 2, names, widths, NCOL);
    for (size_t i = 0; i < r->nentries && !x->err; i++) {
        const asx_reg_entry *e = &r->entries[i];
        lxw_row_t row = (lxw_row_t)(3 + i);
        char cls[96], q[128];
        char *conds = conditions_text(e, l);
        asx_class_format(e->cls, l, cls, sizeof cls);
        snprintf(q, sizeof q, "%s %s", e->questionnaire, e->questionnaire_version);
        xl_str(x, ws, row, 0, e->id, x->cell);
        xl_str(x, ws, row, 1, e->service, x->wrap);
        xl_str(x, ws, row, 2, e->vendor, x->wrap);
        xl_str(x, ws, row, 3, e->corporate_number, x->cell);
        xl_str(x, ws, row, 4, cls, x->wrap);
        xl_str(x, ws, row, 5, q, x->cell);
        xl_str(x, ws, row, 6, asx_verdict_label(e->verdict, l), x->center);
        asx_xlsx_keep(&x->err, worksheet_write_number(ws, row, 7, e->score, x->num));
        xl_str(x, ws, row, 8, conds, x->wrap);
        xl_str(x, ws, row, 9, e->approver, x->wrap);
        xl_str(x, ws, row, 10, e->manager, x->wrap);
        xl_date(x, ws, row, 11, &e->approved_on);
        xl_date(x, ws, row, 12, &e->next_review);
        xl_date(x, ws, row, 13, e->has_evidence_expiry ? &e->evidence_expiry : NULL);
        xl_str(x, ws, row, 14, asx_reg_state_label(e, x->as_of, l), x->center);
        xl_date(x, ws, row, 15, e->has_revoked_on ? &e->revoked_on : NULL);
        xl_str(x, ws, row, 16, e->revoke_reason, x->wrap);
        xl_date(x, ws, row, 17, e->has_next_check && asx_reg_in_use(e) ? &e->next_check : NULL);
        char *checks = checks_text(e, l);
        xl_str(x, ws, row, 18, checks, x->wrap);
        if (!checks)
            asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        free(checks);
        xl_date(x, ws, row, 19, e->has_ended_on ? &e->ended_on : NULL);
        if (!conds)
            asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        free(conds);
    }
    if (r->nentries)
        asx_xlsx_keep(&x->err, worksheet_autofilter(ws, 2, 0, (lxw_row_t)(2 + r->nentries), NCOL - 1));
}

/* A history time (2026-12-01T09:30:00+09:00) in a Japanese document: 令和8年12月1日 (2026年)
 * 09:30:00 +09:00, the date as the documents write dates; as recorded in English ones. */
static void at_text(const char *at, asx_lang l, char *buf, size_t size)
{
    char day[11];
    asx_date d;
    snprintf(day, sizeof day, "%s", at ? at : "");
    if (l == ASX_LANG_EN || !at || strlen(at) < 19 || at[10] != 'T' || !asx_date_parse(day, &d)) {
        snprintf(buf, size, "%s", at ? at : "");
        return;
    }
    char ja[64];
    asx_date_format(d, ASX_LANG_JA, ja, sizeof ja);
    snprintf(buf, size, "%s %.8s%s%s", ja, at + 11, at[19] ? " " : "", at + 19);
}

static void xl_history_sheet(xl *x, const asx_register *r, asx_lang l)
{
    const char *names[] = {ASX_TR(l, "日時", "At"), ASX_TR(l, "操作", "Action"), ASX_TR(l, "番号", "ID"),
                           ASX_TR(l, "操作者", "By"), ASX_TR(l, "内容", "Detail")};
    static const double widths[] = {32, 10, 14, 16, 80};
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, ASX_TR(l, "履歴", "History"));
    if (!ws) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    xl_str(x, ws, 0, 0, ASX_TR(l, "台帳の変更履歴", "History of the register"), x->title);
    xl_page(x, ws, 2, ASX_TR(l, "履歴", "History"));
    xl_header(x, ws, 2, names, widths, 5);
    for (size_t i = 0; i < r->nhistory && !x->err; i++) {
        const asx_reg_event *ev = &r->history[i];
        lxw_row_t row = (lxw_row_t)(3 + i);
        char at[96];
        at_text(ev->at, l, at, sizeof at);
        xl_str(x, ws, row, 0, at, x->cell);
        xl_str(x, ws, row, 1, asx_reg_action_label(ev->action, l), x->center);
        xl_str(x, ws, row, 2, ev->entry, x->cell);
        xl_str(x, ws, row, 3, ev->user, x->cell);
        xl_str(x, ws, row, 4, ev->detail, x->wrap);
    }
}

static void xl_pack_sheet(xl *x, const asx_register *r, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    const char *names[] = {ASX_TR(l, "番号", "ID"), ASX_TR(l, "ファイル", "File"), "SHA-256",
                           ASX_TR(l, "フォルダ", "Folder")};
    static const double widths[] = {14, 40, 70, 40};
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, ASX_TR(l, "承認資料", "Pack files"));
    if (!ws) {
        asx_xlsx_keep(&x->err, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    xl_str(x, ws, 0, 0, en ? "Approval pack files and their SHA-256 at approval"
                           : "承認資料と承認時の SHA-256", x->title);
    xl_page(x, ws, 2, ASX_TR(l, "承認資料", "Pack files"));
    xl_header(x, ws, 2, names, widths, 4);
    lxw_row_t row = 3;
    for (size_t i = 0; i < r->nentries && !x->err; i++) {
        const asx_reg_entry *e = &r->entries[i];
        for (size_t k = 0; k < e->npack; k++, row++) {
            xl_str(x, ws, row, 0, e->id, x->cell);
            xl_str(x, ws, row, 1, e->pack[k].file, x->cell);
            xl_str(x, ws, row, 2, e->pack[k].sha256, x->cell);
            xl_str(x, ws, row, 3, e->pack_dir, x->cell);
        }
    }
}

asx_error asx_register_export_xlsx(const asx_register *r, const char *path, asx_lang lang,
                                   const asx_date *as_of, int force, asx_diags *d)
{
    asx_xlsx_out out;
    asx_error err = asx_xlsx_begin(&out, path, force, FIXED_CREATED_DATE,
                                   lang == ASX_LANG_EN ? "Register of approved services" : "承認済み外部サービス台帳", d);
    if (err)
        return err;
    xl x = {0};
    x.wb = out.wb;
    x.ja = lang != ASX_LANG_EN;
    x.as_of = as_of ? *as_of : asx_register_last_date(r);
    xl_formats(&x, lang);
    if (!x.err)
        xl_register_sheet(&x, r, lang);
    if (!x.err)
        xl_history_sheet(&x, r, lang);
    if (!x.err)
        xl_pack_sheet(&x, r, lang);
    if (!x.err && x.truncated)
        asx_diags_addf(d, ASX_OK, path, 0, 0, ASX_L("32,767 文字を超えるセルを切り詰めました",
                                                    "cells over 32,767 characters were truncated"));
    return asx_xlsx_finish(&out, x.err, force, EXPORT_MODE, d);
}

/* ---- PDF ---- */

/* One block per entry: a key/value table an officer can read and file. pdfdoc lays out A4
 * portrait; a 17-column landscape grid would not be readable on paper anyway. */
static void pdf_entry(asx_pdf *p, const asx_reg_entry *e, asx_lang l, asx_date as_of)
{
    char cls[96], q[128], verdict[96], ap[64], nr[64], ev[64] = "", rv[64] = "";
    char *conds = conditions_text(e, l);
    char *head = asx_strdupf("%s  %s", e->id, e->service);
    asx_class_format(e->cls, l, cls, sizeof cls);
    snprintf(q, sizeof q, "%s %s", e->questionnaire, e->questionnaire_version);
    snprintf(verdict, sizeof verdict, ASX_TR(l, "%s (%.1f 点)", "%s (score %.1f)"),
             asx_verdict_label(e->verdict, l), e->score);
    asx_date_format(e->approved_on, l, ap, sizeof ap);
    asx_date_format(e->next_review, l, nr, sizeof nr);
    if (e->has_evidence_expiry)
        asx_date_format(e->evidence_expiry, l, ev, sizeof ev);
    if (e->has_revoked_on)
        asx_date_format(e->revoked_on, l, rv, sizeof rv);
    asx_pdf_heading(p, 2, head ? head : e->id, 120);
    const char *keys[] = {ASX_TR(l, "事業者", "Vendor"),
                          ASX_TR(l, "法人番号", "Corporate number"),
                          ASX_TR(l, "格付け", "Classification"),
                          ASX_TR(l, "質問票", "Questionnaire"),
                          ASX_TR(l, "判定", "Verdict"),
                          ASX_TR(l, "承認の条件", "Conditions"),
                          ASX_TR(l, "許可権限者", "Approver"),
                          ASX_TR(l, "外部サービス管理者", "Service manager"),
                          ASX_TR(l, "承認日", "Approved on"),
                          ASX_TR(l, "次回見直し", "Next review"),
                          ASX_TR(l, "証明書の有効期限", "Evidence expiry"),
                          ASX_TR(l, "状態", "Status"),
                          ASX_TR(l, "取消日・取消理由", "Revoked on / reason"),
                          ASX_TR(l, "次回の運用時点検", "Next operation check"),
                          ASX_TR(l, "点検の記録", "Checks"),
                          ASX_TR(l, "利用終了日", "Ended on")};
    char *revoked = e->status == ASX_REG_REVOKED
                        ? asx_strdupf("%s %s", rv, e->revoke_reason ? e->revoke_reason : "")
                        : asx_strdup("—");
    char nc[64] = "", en_on[64] = "";
    if (e->has_next_check && asx_reg_in_use(e))
        asx_date_format(e->next_check, l, nc, sizeof nc);
    if (e->has_ended_on)
        asx_date_format(e->ended_on, l, en_on, sizeof en_on);
    char *checks = checks_text(e, l);
    const char *vals[] = {e->vendor, e->corporate_number ? e->corporate_number : "—", cls, q,
                          verdict, conds && *conds ? conds : (ASX_TR(l, "なし", "None")),
                          e->approver, e->manager, ap, nr, *ev ? ev : "—",
                          asx_reg_state_label(e, as_of, l), revoked ? revoked : "—",
                          *nc ? nc : "—", checks && *checks ? checks : (ASX_TR(l, "なし", "None")),
                          *en_on ? en_on : "—"};
    asx_pdf_kv(p, keys, vals, sizeof keys / sizeof keys[0], 0);
    asx_pdf_space(p, 8);
    free(revoked);
    free(checks);
    free(conds);
    free(head);
}

static void pdf_list(asx_pdf *p, const asx_register *r, asx_lang l, asx_date as_of)
{
    const asx_pdf_col cols[] = {{ASX_TR(l, "番号", "ID"), 1.3f, ASX_PDF_LEFT},
                                {ASX_TR(l, "サービス / 事業者", "Service / vendor"), 3.2f, ASX_PDF_LEFT},
                                {ASX_TR(l, "判定", "Verdict"), 1.2f, ASX_PDF_LEFT},
                                {ASX_TR(l, "管理者", "Manager"), 1.3f, ASX_PDF_LEFT},
                                {ASX_TR(l, "次回見直し", "Next review"), 1.2f, ASX_PDF_LEFT},
                                {ASX_TR(l, "状態", "Status"), 0.9f, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, cols, sizeof cols / sizeof cols[0]);
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        char nr[64];
        asx_date_doc(e->next_review, l, nr, sizeof nr);
        char *sv = asx_strdupf("%s\n%s", e->service, e->vendor);
        const char *cells[] = {e->id, sv ? sv : e->service, asx_verdict_label(e->verdict, l),
                               e->manager, nr, asx_reg_state_label(e, as_of, l)};
        const asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE,
                                      asx_pdf_verdict_tone(e->verdict), ASX_PDF_TONE_NONE,
                                      ASX_PDF_TONE_NONE,
                                      e->status == ASX_REG_ACTIVE ? ASX_PDF_TONE_NONE
                                                                  : ASX_PDF_TONE_NEUTRAL};
        asx_pdf_row(p, cells, tones);
        free(sv);
    }
    asx_pdf_table_end(p);
}

asx_error asx_register_export_pdf(const asx_register *r, const char *font_path, const char *path,
                                  asx_lang lang, const asx_date *as_of, int force, asx_diags *d)
{
    asx_font *font = NULL;
    asx_pdf *p = NULL;
    char *sub = NULL;
    char asof[64];
    asx_error err = asx_refuse_existing(path, force, d);
    if (!err)
        err = asx_font_load(font_path, &font, d);
    if (err)
        goto done;
    asx_date when = as_of ? *as_of : asx_register_last_date(r);
    asx_date_format(when, lang, asof, sizeof asof);
    p = asx_pdf_new(font, lang);
    if (p)
        asx_pdf_set_landscape(p); /* A4 landscape, as the help says */
    sub = asx_strdupf(ASX_TR(lang, "%s%s%s 現在 %zu 件", "%s%sas of %s, %zu entries"),
                      r->organization ? r->organization : "",
                      r->organization && *r->organization ? (ASX_TR(lang, "　", " — ")) : "", asof,
                      r->nentries);
    if (!p || !sub) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    const char *title = ASX_TR(lang, "承認済み外部サービス台帳", "Register of approved services");
    asx_pdf_set_info(p, title, r->organization, when);
    asx_pdf_set_footer(p, title);
    asx_pdf_title(p, title, sub);
    if (!r->nentries) {
        asx_pdf_paragraph(p, ASX_TR(lang, "登録されたサービスはありません。", "The register has no entries."),
                          NULL);
    } else {
        asx_pdf_heading(p, 1, ASX_TR(lang, "一覧", "List"), 0);
        pdf_list(p, r, lang, when);
        asx_pdf_heading(p, 1, ASX_TR(lang, "登録内容", "Entries"), 0);
        for (size_t i = 0; i < r->nentries; i++)
            pdf_entry(p, &r->entries[i], lang, when);
    }
    err = asx_pdf_save(p, path, force, d);
done:
    free(sub);
    asx_pdf_free(p);
    asx_font_free(font);
    return err;
}
