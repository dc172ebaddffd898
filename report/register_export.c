/* register_export.c - the register as an officer prints it, built once as a document
 * (asx/docmodel.h) and drawn as XLSX and PDF, A4 landscape: the workbook holds the grid of every
 * field, the history and the pack files; paper the list and one card per entry. See
 * asx/register.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/docmodel.h"
#include "asx/io.h"
#include "asx/register.h"
#include "asx/util.h"


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

#define COL(ja, en, w, sw) {ASX_TR(l, ja, en), w, sw, ASX_DOC_LEFT, false}
#define SHEET_COL(ja, en, sw) {ASX_TR(l, ja, en), 0, sw, ASX_DOC_LEFT, true}

/* The list: every field in the workbook (a grid to filter), the six an officer scans on paper. */
static void part_list(asx_doc *doc, const asx_register *r, asx_lang l, asx_date as_of)
{
    asx_block *part = asx_doc_part(doc, ASX_TR(l, "一覧", "List"), ASX_TR(l, "台帳", "Register"));
    const asx_doc_col cols[] = {
        COL("番号", "ID", 1.3f, 14), COL("サービス名", "Service", 1.8f, 24), COL("事業者", "Vendor", 1.8f, 24),
        SHEET_COL("法人番号", "Corporate number", 15), SHEET_COL("格付け", "Classification", 22),
        SHEET_COL("質問票", "Questionnaire", 12), COL("判定", "Verdict", 1.2f, 13),
        {ASX_TR(l, "点数", "Score"), 0, 7, ASX_DOC_RIGHT, true}, SHEET_COL("承認の条件", "Conditions", 60),
        SHEET_COL("許可権限者", "Approver", 14), COL("外部サービス管理者", "Service manager", 1.3f, 16),
        SHEET_COL("承認日", "Approved on", 12), COL("次回見直し", "Next review", 1.2f, 12),
        SHEET_COL("証明書の有効期限", "Evidence expiry", 12), COL("状態", "Status", 0.9f, 9),
        SHEET_COL("取消日", "Revoked on", 12), SHEET_COL("取消理由", "Reason", 24),
        SHEET_COL("次回の運用時点検", "Next operation check", 12), SHEET_COL("点検の記録", "Checks", 36),
        SHEET_COL("利用終了日", "Ended on", 12)};
    asx_block *t = asx_doc_table(doc, part, cols, sizeof cols / sizeof cols[0],
                                 ASX_TR(l, "登録されたサービスはありません。", "The register has no entries."));
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        char cls[96], q[128];
        asx_class_format(e->cls, l, cls, sizeof cls);
        snprintf(q, sizeof q, "%s %s", e->questionnaire, e->questionnaire_version);
        char *conds = conditions_text(e, l), *checks = checks_text(e, l);
        if (!conds || !checks)
            doc->oom = true;
        asx_cell_text(doc, &row[0], e->id);
        asx_cell_text(doc, &row[1], e->service);
        asx_cell_text(doc, &row[2], e->vendor);
        asx_cell_text(doc, &row[3], e->corporate_number);
        asx_cell_text(doc, &row[4], cls);
        asx_cell_text(doc, &row[5], q);
        asx_cell_verdict(&row[6], e->verdict);
        row[6].tone = asx_doc_verdict_tone(e->verdict);
        asx_cell_number(doc, &row[7], e->score, 1, NULL);
        asx_cell_text(doc, &row[8], conds);
        asx_cell_text(doc, &row[9], e->approver);
        asx_cell_text(doc, &row[10], e->manager);
        asx_cell_date(&row[11], &e->approved_on);
        asx_cell_date(&row[12], &e->next_review);
        asx_cell_date(&row[13], e->has_evidence_expiry ? &e->evidence_expiry : NULL);
        asx_cell_text(doc, &row[14], asx_reg_state_label(e, as_of, l));
        row[14].tone = e->status == ASX_REG_ACTIVE ? ASX_DOC_TONE_NONE : ASX_DOC_TONE_NEUTRAL;
        asx_cell_date(&row[15], e->has_revoked_on ? &e->revoked_on : NULL);
        asx_cell_text(doc, &row[16], e->revoke_reason);
        asx_cell_date(&row[17], e->has_next_check && asx_reg_in_use(e) ? &e->next_check : NULL);
        asx_cell_text(doc, &row[18], checks);
        asx_cell_date(&row[19], e->has_ended_on ? &e->ended_on : NULL);
        free(conds);
        free(checks);
    }
}

/* One card per entry, kept whole on a page: what an officer files (paper only: the workbook's
 * grid holds the same fields). */
static void part_entries(asx_doc *doc, const asx_register *r, asx_lang l, asx_date as_of)
{
    if (!r->nentries)
        return;
    asx_block *part = asx_doc_part(doc, ASX_TR(l, "登録内容", "Entries"), NULL);
    asx_block_media(part, ASX_MEDIA_PAPER);
    const char *none = ASX_TR(l, "なし", "None");
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        asx_block *card = asx_doc_keep(doc, part);
        char *head = asx_strdupf("%s  %s", e->id, e->service);
        asx_doc_heading(doc, card, 2, head ? head : e->id);
        free(head);
        asx_block *kv = asx_doc_kv(doc, card);
        char cls[96], q[128], verdict[96];
        asx_class_format(e->cls, l, cls, sizeof cls);
        snprintf(q, sizeof q, "%s %s", e->questionnaire, e->questionnaire_version);
        snprintf(verdict, sizeof verdict, ASX_TR(l, "%s (%.1f 点)", "%s (score %.1f)"),
                 asx_verdict_label(e->verdict, l), e->score);
        char *conds = conditions_text(e, l), *checks = checks_text(e, l);
        char rv_on[64] = "";
        if (e->has_revoked_on)
            asx_date_format(e->revoked_on, l, rv_on, sizeof rv_on);
        char *revoked = e->status == ASX_REG_REVOKED
                            ? asx_strdupf("%s %s", rv_on, e->revoke_reason ? e->revoke_reason : "")
                            : asx_strdup("—");
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "事業者", "Vendor"), 1), e->vendor);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "法人番号", "Corporate number"), 1),
                      e->corporate_number ? e->corporate_number : "—");
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "格付け", "Classification"), 1), cls);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "質問票", "Questionnaire"), 1), q);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "判定", "Verdict"), 1), verdict);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "承認の条件", "Conditions"), 1),
                      conds && *conds ? conds : none);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "許可権限者", "Approver"), 1), e->approver);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "外部サービス管理者", "Service manager"), 1), e->manager);
        asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(l, "承認日", "Approved on"), 1), &e->approved_on);
        asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(l, "次回見直し", "Next review"), 1), &e->next_review);
        asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(l, "証明書の有効期限", "Evidence expiry"), 1),
                      e->has_evidence_expiry ? &e->evidence_expiry : NULL);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "状態", "Status"), 1), asx_reg_state_label(e, as_of, l));
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "取消日・取消理由", "Revoked on / reason"), 1), revoked);
        asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(l, "次回の運用時点検", "Next operation check"), 1),
                      e->has_next_check && asx_reg_in_use(e) ? &e->next_check : NULL);
        asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "点検の記録", "Checks"), 1),
                      checks && *checks ? checks : none);
        asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(l, "利用終了日", "Ended on"), 1),
                      e->has_ended_on ? &e->ended_on : NULL);
        if (!conds || !checks || !revoked)
            doc->oom = true;
        free(conds);
        free(checks);
        free(revoked);
    }
}

/* The history and the pack files: the workbook's (paper has the entries as they stand). */
static void part_history(asx_doc *doc, const asx_register *r, asx_lang l)
{
    asx_block *part = asx_doc_part(doc, ASX_TR(l, "台帳の変更履歴", "History of the register"), ASX_TR(l, "履歴", "History"));
    asx_block_media(part, ASX_MEDIA_SHEET);
    const asx_doc_col cols[] = {COL("日時", "At", 2.0f, 32), COL("操作", "Action", 0.8f, 10), COL("番号", "ID", 1.2f, 14),
                                COL("操作者", "By", 1.2f, 16), COL("内容", "Detail", 4.0f, 80)};
    asx_block *t = asx_doc_table(doc, part, cols, 5, ASX_TR(l, "履歴はありません。", "No history."));
    for (size_t i = 0; i < r->nhistory; i++) {
        const asx_reg_event *ev = &r->history[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        char at[96];
        at_text(ev->at, l, at, sizeof at);
        asx_cell_text(doc, &row[0], at);
        asx_cell_text(doc, &row[1], asx_reg_action_label(ev->action, l));
        asx_cell_text(doc, &row[2], ev->entry);
        asx_cell_text(doc, &row[3], ev->user);
        asx_cell_text(doc, &row[4], ev->detail);
    }
    part = asx_doc_part(doc, ASX_TR(l, "承認資料と承認時の SHA-256", "Approval pack files and their SHA-256 at approval"),
                        ASX_TR(l, "承認資料", "Pack files"));
    asx_block_media(part, ASX_MEDIA_SHEET);
    const asx_doc_col pc[] = {COL("番号", "ID", 1.2f, 14), COL("ファイル", "File", 2.0f, 40), {"SHA-256", 3.0f, 70, ASX_DOC_LEFT, false},
                              COL("フォルダ", "Folder", 2.0f, 40)};
    t = asx_doc_table(doc, part, pc, 4, ASX_TR(l, "承認資料の記録はありません。", "No pack files recorded."));
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        for (size_t k = 0; k < e->npack; k++) {
            asx_cell *row = asx_doc_row(doc, t);
            if (!row)
                return;
            asx_cell_text(doc, &row[0], e->id);
            asx_cell_text(doc, &row[1], e->pack[k].file);
            asx_cell_text(doc, &row[2], e->pack[k].sha256);
            asx_cell_text(doc, &row[3], e->pack_dir);
        }
    }
}

/* The register export as a document, each entry's state on as_of. */
static asx_doc *export_doc(const asx_register *r, asx_lang l, asx_date as_of)
{
    char asof[64];
    asx_date_format(as_of, l, asof, sizeof asof);
    char *sub = asx_strdupf(ASX_TR(l, "%s%s%s 現在 %zu 件", "%s%sas of %s, %zu entries"),
                            r->organization ? r->organization : "",
                            r->organization && *r->organization ? (ASX_TR(l, "　", " — ")) : "", asof, r->nentries);
    asx_doc *doc = sub ? asx_doc_new(l, ASX_TR(l, "承認済み外部サービス台帳", "Register of approved services"), sub,
                                     r->organization)
                       : NULL;
    free(sub);
    if (!doc)
        return NULL;
    doc->landscape = true; /* A4 landscape, as the help says */
    part_list(doc, r, l, as_of);
    part_entries(doc, r, l, as_of);
    part_history(doc, r, l);
    return doc;
}

/* Both exports: the document built once, written in the medium. The date written is as_of, so
 * the same register gives the same bytes. */
static asx_error export(const asx_register *r, asx_medium m, const char *font_path, const char *path,
                        asx_lang lang, const asx_date *as_of, int force, asx_diags *d)
{
    asx_date when = as_of ? *as_of : asx_register_last_date(r);
    asx_error err = asx_refuse_existing(path, force, d);
    if (err)
        return err;
    asx_doc *doc = export_doc(r, lang, when);
    if (!doc)
        return ASX_ERR_NOMEM;
    asx_doc_out o = {.date = when, .font_file = font_path, .force = force};
    err = asx_doc_write(doc, m, &o, path, d);
    asx_doc_free(doc);
    return err;
}

asx_error asx_register_export_xlsx(const asx_register *r, const char *path, asx_lang lang,
                                   const asx_date *as_of, int force, asx_diags *d)
{
    return export(r, ASX_MEDIUM_XLSX, NULL, path, lang, as_of, force, d);
}

asx_error asx_register_export_pdf(const asx_register *r, const char *font_path, const char *path,
                                  asx_lang lang, const asx_date *as_of, int force, asx_diags *d)
{
    return export(r, ASX_MEDIUM_PDF, font_path, path, lang, as_of, force, d);
}
