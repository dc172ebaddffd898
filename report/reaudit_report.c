/* reaudit_report.c - the re-audit report, built once as a document (asx/docmodel.h) and drawn
 * as PDF and XLSX: changes first. See asx/reaudit_report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/docmodel.h"
#include "asx/io.h"
#include "asx/reaudit_report.h"
#include "asx/util.h"


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

#define COL(ja, en, w, sw, al) {ASX_TR(l, ja, en), w, sw, al, false}

static asx_doc_tone group_tone(group g, asx_change_kind k)
{
    if (g == GROUP_REGRESSION)
        return k == ASX_CHG_NEW_KNOCKOUT ? ASX_DOC_TONE_BAD : ASX_DOC_TONE_WARN;
    return g == GROUP_IMPROVEMENT ? ASX_DOC_TONE_GOOD : ASX_DOC_TONE_NONE;
}

/* A value of the change: a number question's value as a number with its unit (decimals as
 * answered), anything else as the text people read. */
static void value_cell(asx_doc *doc, asx_cell *c, const asx_change *ch, const char *json, const char *text,
                       asx_lang l)
{
    if (ch->q && ch->q->type == ASX_Q_NUMBER && json) {
        char *end = NULL;
        double v = strtod(json, &end);
        if (end != json && *end == '\0') {
            const char *dot = strchr(json, '.');
            int decimals = dot ? (int)strlen(dot + 1) : 0;
            asx_cell_number(doc, c, v, decimals > 3 ? 3 : decimals, asx_text_get(&ch->q->unit, l));
            return;
        }
    }
    asx_cell_text(doc, c, text);
}

/* A question's score 0..1 (negative: not scored, a blank). */
static void score_cell(asx_doc *doc, asx_cell *c, double score)
{
    asx_cell_number(doc, c, score, 2, NULL);
    c->has_value = score >= 0;
}

static void part_changes(asx_doc *doc, const asx_reaudit *ra, asx_lang l)
{
    asx_block *part = asx_doc_part(doc, ASX_TR(l, "1. 前回評価からの後退・改善・その他の変更",
                                                 "1. Regressions, improvements and other changes since the previous assessment"),
                                   ASX_TR(l, "変更点", "Changes"));
    const asx_doc_col cols[] = {COL("区分", "Group", 1.0f, 12, ASX_DOC_LEFT), COL("種別", "Kind", 1.4f, 22, ASX_DOC_LEFT),
                                {ASX_TR(l, "種別 (ID)", "kind (id)"), 0, 22, ASX_DOC_LEFT, true},
                                COL("設問", "Question", 1.8f, 30, ASX_DOC_LEFT), COL("設問 ID", "Question id", 1.6f, 30, ASX_DOC_LEFT),
                                COL("条項", "Clause", 1.0f, 14, ASX_DOC_LEFT), COL("前回", "Before", 1.6f, 28, ASX_DOC_LEFT),
                                COL("今回", "After", 1.6f, 28, ASX_DOC_LEFT), COL("内容", "Detail", 1.8f, 30, ASX_DOC_LEFT),
                                COL("前回評点", "Score before", 0.7f, 10, ASX_DOC_RIGHT),
                                COL("今回評点", "Score after", 0.7f, 10, ASX_DOC_RIGHT)};
    asx_block *t = asx_doc_table(doc, part, cols, sizeof cols / sizeof cols[0],
                                 ASX_TR(l, "前回評価からの変更はありません。", "No changes since the previous assessment."));
    for (size_t i = 0; i < ra->nchanges; i++) { /* regressions, then improvements, then the rest */
        const asx_change *ch = &ra->changes[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        group g = group_of(ch->kind);
        asx_cell_text(doc, &row[0], group_label(g, l));
        row[0].tone = row[1].tone = group_tone(g, ch->kind);
        asx_cell_text(doc, &row[1], asx_change_kind_label(ch->kind, l));
        asx_cell_text(doc, &row[2], asx_change_kind_name(ch->kind));
        asx_cell_text(doc, &row[3], ch->q ? asx_text_get(&ch->q->label, l) : NULL);
        asx_cell_text(doc, &row[4], ch->question);
        asx_cell_text(doc, &row[5], ch->clause_local);
        value_cell(doc, &row[6], ch, ch->before_json, asx_change_before(ch, l), l);
        value_cell(doc, &row[7], ch, ch->after_json, asx_change_after(ch, l), l);
        asx_cell_text(doc, &row[8], asx_change_detail(ch, l));
        score_cell(doc, &row[9], ch->score_before);
        score_cell(doc, &row[10], ch->score_after);
    }
}

static void part_findings(asx_doc *doc, const asx_result *r, asx_lang l)
{
    asx_block *part = asx_doc_part(doc, ASX_TR(l, "2. 今回評価の指摘事項", "2. Findings of the current assessment"),
                                   ASX_TR(l, "指摘事項", "Findings"));
    const asx_doc_col cols[] = {COL("重要度", "Severity", 1.2f, 14, ASX_DOC_LEFT), COL("設問 ID", "Question id", 1.6f, 28, ASX_DOC_LEFT),
                                COL("条項", "Clause", 1.1f, 16, ASX_DOC_LEFT), COL("指摘事項", "Finding", 6.0f, 90, ASX_DOC_LEFT)};
    asx_block *t = asx_doc_table(doc, part, cols, 4, ASX_TR(l, "なし。", "None."));
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_severity(&row[0], f->severity);
        row[0].tone = f->severity == ASX_SEV_MINOR ? ASX_DOC_TONE_WARN
                      : f->severity == ASX_SEV_INFO ? ASX_DOC_TONE_NONE
                                                    : ASX_DOC_TONE_BAD;
        asx_cell_text(doc, &row[1], f->q ? f->q->id : NULL);
        asx_cell_text(doc, &row[2], f->clause_local ? f->clause_local : "");
        asx_cell_text(doc, &row[3], asx_finding_msg(f, l));
    }
}

static void part_summary(asx_doc *doc, const asx_reaudit *ra, asx_lang l)
{
    const asx_answers *b = ra->before->answers, *a = ra->after->answers;
    asx_block *part = asx_doc_part(doc, ASX_TR(l, "3. 前回と今回", "3. Previous and current assessment"),
                                   ASX_TR(l, "概要", "Summary"));
    const asx_doc_col cols[] = {COL("項目", "Item", 1.2f, 24, ASX_DOC_LEFT), COL("前回", "Previous", 2.0f, 30, ASX_DOC_LEFT),
                                COL("今回", "Current", 2.0f, 30, ASX_DOC_LEFT)};
    asx_block *t = asx_doc_table(doc, part, cols, 3, NULL);
    asx_cell *row = asx_doc_row(doc, t);
    if (row) {
        asx_cell_text(doc, &row[0], ASX_TR(l, "サービス", "Service"));
        asx_cell_text(doc, &row[1], b->service_name);
        asx_cell_text(doc, &row[2], a->service_name);
    }
    if ((row = asx_doc_row(doc, t))) {
        asx_cell_text(doc, &row[0], ASX_TR(l, "事業者", "Vendor"));
        asx_cell_text(doc, &row[1], b->vendor_name);
        asx_cell_text(doc, &row[2], a->vendor_name);
    }
    if ((row = asx_doc_row(doc, t))) {
        asx_cell_text(doc, &row[0], ASX_TR(l, "質問票の版", "Questionnaire version"));
        asx_cell_text(doc, &row[1], b->bank_version);
        asx_cell_text(doc, &row[2], a->bank_version);
    }
    if ((row = asx_doc_row(doc, t))) {
        asx_cell_text(doc, &row[0], ASX_TR(l, "評価日", "Assessment date"));
        asx_cell_date(&row[1], &b->date);
        asx_cell_date(&row[2], &a->date);
    }
    if ((row = asx_doc_row(doc, t))) {
        asx_cell_text(doc, &row[0], ASX_TR(l, "判定", "Verdict"));
        asx_cell_verdict(&row[1], ra->before->verdict);
        asx_cell_verdict(&row[2], ra->after->verdict);
    }
    if ((row = asx_doc_row(doc, t))) {
        asx_cell_text(doc, &row[0], ASX_TR(l, "点数", "Score"));
        asx_cell_number(doc, &row[1], ra->before->score, 1, NULL);
        asx_cell_number(doc, &row[2], ra->after->score, 1, NULL);
    }
    const asx_doc_col cc[] = {COL("変更", "Changes", 1.2f, 24, ASX_DOC_LEFT), COL("件数", "Count", 1.0f, 10, ASX_DOC_RIGHT)};
    t = asx_doc_table(doc, part, cc, 2, NULL);
    struct {
        const char *ja, *en;
        size_t n;
    } counts[] = {{"後退", "Regressions", ra->nregressions},
                  {"改善", "Improvements", ra->nimprovements},
                  {"その他の変更", "Other changes", ra->nchanges - ra->nregressions - ra->nimprovements},
                  {"変更なし (設問数)", "Unchanged questions", ra->nunchanged}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if ((row = asx_doc_row(doc, t))) {
            asx_cell_text(doc, &row[0], l == ASX_LANG_EN ? counts[i].en : counts[i].ja);
            asx_cell_count(&row[1], counts[i].n);
            if (i == 0 && counts[i].n)
                row[1].tone = ASX_DOC_TONE_WARN;
        }
}

asx_doc *asx_reaudit_doc(const asx_reaudit *ra, const asx_reaudit_opts *o)
{
    asx_lang l = o->lang;
    const asx_answers *a = ra->after->answers;
    char *sub = asx_strdupf("%s — %s", a->service_name, a->vendor_name);
    asx_doc *doc = sub ? asx_doc_new(l, ASX_TR(l, "再監査報告書 (年次)", "Re-audit report"), sub, sub) : NULL;
    free(sub);
    if (!doc)
        return NULL;
    doc->landscape = true; /* the changes have ten columns */
    doc->footer = asx_strdupf(ASX_TR(l, "%s 再監査報告書", "%s re-audit"), a->service_name);
    char *note = asx_strdupf(ASX_TR(l, "%.1f 点 (前回 %s %.1f 点)", "score %.1f (previously %s, %.1f)"),
                             ra->after->score, asx_verdict_label(ra->before->verdict, l), ra->before->score);
    if (!doc->footer || !note)
        doc->oom = true;
    /* the front matter: on paper under the title (a workbook shows the parts) */
    asx_doc_badge(doc, &doc->root, ra->after->verdict, note);
    free(note);
    asx_block *kv = asx_doc_kv(doc, &doc->root);
    char cls[96], bank[128];
    asx_class_format(a->cls, l, cls, sizeof cls);
    snprintf(bank, sizeof bank, "%s %s → %s", ra->after->bank->id,
             ra->before->answers->bank_version ? ra->before->answers->bank_version : "?",
             a->bank_version ? a->bank_version : "?");
    asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "サービス", "Service"), 1), a->service_name);
    asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "事業者", "Vendor"), 1), a->vendor_name);
    asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "格付け", "Classification"), 1), cls);
    asx_cell_text(doc, asx_doc_kv_row(doc, kv, ASX_TR(l, "質問票", "Questionnaire"), 1), bank);
    asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(l, "判定日", "Decided on"), 1), &ra->after->decided_on);
    part_changes(doc, ra, l);
    part_findings(doc, ra->after, l);
    part_summary(doc, ra, l);
    asx_block *sign = asx_doc_keep(doc, asx_doc_part(doc, ASX_TR(l, "確認欄", "Review"), NULL));
    char *auditor = glued(o->auditor), *manager = glued(o->manager);
    const char *roles[] = {ASX_TR(l, "監査担当者", "Auditor"), ASX_TR(l, "外部サービス管理者", "Service manager"),
                           ASX_TR(l, "情報セキュリティ管理者", "Security manager"),
                           ASX_TR(l, "情報セキュリティ責任者", "CISO")};
    const char *names[] = {auditor, manager, NULL, NULL};
    asx_doc_stamps(doc, sign, roles, names, 4, NULL, 0);
    free(auditor);
    free(manager);
    return doc;
}
