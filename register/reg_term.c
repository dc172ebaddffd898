/* reg_term.c - the register's terminal views (list, show, due), beside its JSON views in
 * register.c: both read the same model and the same facts (state on a date, overdue
 * conditions, dues); these only arrange them in aligned columns for a person at a terminal.
 * See asx/reg_term.h. */
#include <stdio.h>
#include <string.h>
#include "asx/reg_term.h"
#include "asx/text.h"
#include "asx/util.h"

static void put_padded(FILE *out, const char *s, int width)
{
    asx_term_puts(s, out);
    for (int w = asx_utf8_width(s); w < width; w++)
        fputc(' ', out);
}

void asx_register_print_list(FILE *out, const asx_register *r, asx_date as_of,
                             const asx_reg_status *status)
{
    const char *head[] = {ASX_L("番号", "ID"), ASX_L("状態", "Status"), ASX_L("判定", "Verdict"),
                          ASX_L("点数", "Score"), ASX_L("承認日", "Approved"),
                          ASX_L("次回見直し", "Next review"), ASX_L("サービス", "Service"),
                          ASX_L("事業者", "Vendor")};
    int w[8];
    for (int k = 0; k < 8; k++)
        w[k] = asx_utf8_width(head[k]);
    size_t shown = 0;
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        if (status && e->status != *status)
            continue;
        const char *cells[] = {e->id, asx_reg_state_label(e, as_of, asx_ui_lang),
                               asx_verdict_label(e->verdict, asx_ui_lang), "100.0", "2026-01-01",
                               "2026-01-01", e->service, e->vendor};
        for (int k = 0; k < 8; k++)
            if (asx_utf8_width(cells[k]) > w[k])
                w[k] = asx_utf8_width(cells[k]);
        shown++;
    }
    for (int k = 0; k < 8; k++)
        put_padded(out, head[k], k == 7 ? 0 : w[k] + 2);
    fputc('\n', out);
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        char score[16], ap[11], nr[11];
        if (status && e->status != *status)
            continue;
        snprintf(score, sizeof score, "%5.1f", e->score);
        asx_date_iso(e->approved_on, ap);
        asx_date_iso(e->next_review, nr);
        const char *cells[] = {e->id, asx_reg_state_label(e, as_of, asx_ui_lang),
                               asx_verdict_label(e->verdict, asx_ui_lang), score, ap, nr,
                               e->service, e->vendor};
        for (int k = 0; k < 8; k++)
            put_padded(out, cells[k], k == 7 ? 0 : w[k] + 2);
        fputc('\n', out);
    }
    asx_term_printf(out, ASX_L("%zu 件\n", "%zu entries\n"), shown);
}

static void show_line(FILE *out, const char *label, const char *value)
{
    put_padded(out, label, 22);
    asx_term_printf(out, "%s\n", value && *value ? value : "—");
}

static void show_date(FILE *out, const char *label, const asx_date *d)
{
    char buf[64] = "";
    if (d)
        asx_date_format(*d, asx_ui_lang, buf, sizeof buf);
    show_line(out, label, buf);
}

static void show_conditions(FILE *out, const asx_reg_entry *e, asx_date as_of)
{
    size_t open = asx_reg_open_conditions(e), late = asx_reg_overdue_conditions(e, as_of);
    if (!e->nconditions)
        asx_term_printf(out, "%s %s\n", ASX_L("条件:", "Conditions:"), ASX_L("なし", "none"));
    else if (!open)
        asx_term_printf(out, ASX_L("条件: %zu 件すべて履行済み\n", "Conditions: all %zu met\n"), e->nconditions);
    else
        asx_term_printf(out, ASX_L("条件: %zu 件中 未履行 %zu 件 (うち期限超過 %zu 件)\n",
                     "Conditions: %zu, %zu open (%zu overdue)\n"),
               e->nconditions, open, late);
    for (size_t i = 0; i < e->nconditions; i++) {
        const asx_reg_condition *k = &e->conditions[i];
        char due[11] = "", on[11] = "";
        if (k->has_due)
            asx_date_iso(k->due, due);
        if (k->has_on)
            asx_date_iso(k->on, on);
        asx_term_printf(out, "  %zu. %s\n", k->n, k->text);
        asx_term_printf(out, "     %s", asx_cond_status_label(k->status, asx_ui_lang));
        if (asx_reg_condition_clause(k))
            asx_term_printf(out, "  %s %s", ASX_L("条項", "clause"), asx_reg_condition_clause(k));
        if (*due)
            asx_term_printf(out, "  %s %s%s", ASX_L("期限", "due"), due,
                   asx_reg_condition_overdue(k, as_of) ? ASX_L(" (期限超過)", " (overdue)") : "");
        if (k->status != ASX_COND_OPEN)
            asx_term_printf(out, "  %s %s  %s %s", on, k->by ? k->by : "", ASX_L("根拠:", "evidence:"),
                   k->evidence ? k->evidence : "");
        fputc('\n', out);
    }
}

void asx_register_print_entry(FILE *out, const asx_register *r, const asx_reg_entry *e, asx_date as_of)
{
    char buf[128];
    show_line(out, ASX_L("番号", "ID"), e->id);
    show_line(out, ASX_L("サービス", "Service"), e->service);
    show_line(out, ASX_L("事業者", "Vendor"), e->vendor);
    show_line(out, ASX_L("法人番号", "Corporate number"), e->corporate_number);
    asx_class_format(e->cls, asx_ui_lang, buf, sizeof buf);
    show_line(out, ASX_L("格付け", "Classification"), buf);
    snprintf(buf, sizeof buf, "%s %s", e->questionnaire, e->questionnaire_version);
    show_line(out, ASX_L("質問票", "Questionnaire"), buf);
    snprintf(buf, sizeof buf, "%s (%.1f)", asx_verdict_label(e->verdict, asx_ui_lang), e->score);
    show_line(out, ASX_L("判定 (点数)", "Verdict (score)"), buf);
    show_line(out, ASX_L("状態", "Status"), asx_reg_state_label(e, as_of, asx_ui_lang));
    show_line(out, ASX_L("許可権限者", "Approver"), e->approver);
    show_line(out, ASX_L("外部サービス管理者", "Service manager"), e->manager);
    show_date(out, ASX_L("承認日", "Approved on"), &e->approved_on);
    show_date(out, ASX_L("次回見直し", "Next review"), &e->next_review);
    show_date(out, ASX_L("次回の運用時点検", "Next operation check"),
              e->has_next_check && asx_reg_in_use(e) ? &e->next_check : NULL);
    show_date(out, ASX_L("証明書の有効期限", "Evidence expiry"),
              e->has_evidence_expiry ? &e->evidence_expiry : NULL);
    if (e->status == ASX_REG_REVOKED) {
        show_date(out, ASX_L("取消日", "Revoked on"), e->has_revoked_on ? &e->revoked_on : NULL);
        show_line(out, ASX_L("取消理由", "Reason"), e->revoke_reason);
    }
    if (e->status == ASX_REG_ENDED)
        show_date(out, ASX_L("利用終了日", "Ended on"), e->has_ended_on ? &e->ended_on : NULL);
    show_line(out, ASX_L("回答の SHA-256", "Answers SHA-256"), e->answers_sha256);
    show_conditions(out, e, as_of);
    asx_term_printf(out, "%s\n", ASX_L("点検:", "Checks:"));
    if (!e->nchecks)
        asx_term_printf(out, "  %s\n", ASX_L("なし", "none"));
    for (size_t i = 0; i < e->nchecks; i++) {
        const asx_reg_check *k = &e->checks[i];
        char on[11];
        size_t ng = asx_reg_check_not_met(k);
        asx_date_iso(k->on, on);
        asx_term_printf(out, ASX_L("  %s %s  %s  %zu 項目、否 %zu\n", "  %s %s  %s  %zu items, %zu not met\n"),
               asx_check_phase_label(k->phase, asx_ui_lang), on, k->by, k->nitems, ng);
    }
    if (e->npack) {
        asx_term_printf(out, "%s %s\n", ASX_L("承認資料:", "Pack:"), e->pack_dir);
        for (size_t i = 0; i < e->npack; i++)
            asx_term_printf(out, "  %s  %s\n", e->pack[i].sha256, e->pack[i].file);
    }
    for (size_t i = 0; i < e->nrenewals; i++) {
        const asx_reg_renewal *rn = &e->renewals[i];
        char on[11];
        asx_date_iso(rn->renewed_on, on);
        asx_term_printf(out, ASX_L("更新 %s: %s (%.1f) → %s (%.1f)%s  許可権限者 %s\n",
                     "Renewed %s: %s (%.1f) → %s (%.1f)%s  approver %s\n"), on,
               asx_verdict_label(rn->previous_verdict, asx_ui_lang), rn->previous_score,
               asx_verdict_label(rn->verdict, asx_ui_lang), rn->score,
               asx_reg_renewal_regressed(rn) ? ASX_L(" (低下)", " (regression)") : "",
               rn->approver ? rn->approver : "—");
    }
    asx_term_printf(out, "%s\n", ASX_L("履歴:", "History:"));
    for (size_t i = 0; i < r->nhistory; i++) {
        const asx_reg_event *ev = &r->history[i];
        if (strcmp(ev->entry, e->id) != 0)
            continue;
        asx_term_printf(out, "  %s  %s  %s%s%s\n", ev->at, asx_reg_action_label(ev->action, asx_ui_lang), ev->user,
               ev->detail ? "  " : "", ev->detail ? ev->detail : "");
    }
}


void asx_register_print_due(FILE *out, const asx_due *v, size_t n, asx_date as_of, int within)
{
    char asof[64];
    asx_date_format(as_of, asx_ui_lang, asof, sizeof asof);
    asx_term_printf(out, ASX_L("%s 現在、%d 日以内に期日が到来するもの: %zu 件\n",
                 "Due by %s + %d days: %zu\n"), asof, within, n);
    for (size_t i = 0; i < n; i++) {
        const asx_reg_entry *e = v[i].entry;
        char dd[11], left[64], why[64];
        asx_date_iso(v[i].date, dd);
        if (v[i].days_left < 0)
            snprintf(left, sizeof left, ASX_L("%ld 日超過", v[i].days_left == -1 ? "%ld day overdue" : "%ld days overdue"),
                     -v[i].days_left);
        else
            snprintf(left, sizeof left, ASX_L("あと %ld 日", v[i].days_left == 1 ? "in %ld day" : "in %ld days"),
                     v[i].days_left);
        if (v[i].reason == ASX_DUE_CONDITION)
            snprintf(why, sizeof why, ASX_L("承認の条件 %zu", "condition %zu"), v[i].condition);
        else
            snprintf(why, sizeof why, "%s", asx_due_reason_label(v[i].reason, asx_ui_lang));
        asx_term_printf(out, "  %s  ", dd);
        put_padded(out, left, 18);
        put_padded(out, why, 18);
        asx_term_printf(out, "%s  %s (%s)  %s %s\n", e->id, e->service, e->vendor,
               ASX_L("管理者", "manager"), e->manager);
    }
}
