/* cmd_score.c - assess score ANSWERS…: verdict, score, section scores and findings, as a
 * reviewer's memo on a terminal or assess-result/1 JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/score.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "score", "ANSWERS…", "ANSWERS…",
    "回答を採点し、判定 (承認・条件付き承認・不承認・差戻し)、得点、セクション別得点、\n"
    "指摘事項 (必須条件違反 → 重大 → 軽微 → 参考、各々根拠条項つき)、承認の条件と履行期限、\n"
    "次回見直し日を表示します。- は標準入力。\n",
    "Scores the answers and prints the verdict (approved, conditional, rejected, incomplete), the\n"
    "score, section scores, findings (knockouts, major, minor, info, each citing its clause), the\n"
    "conditions of approval with their due dates and the next review. - reads standard input.\n",
    "終了コード: 0 採点した (判定によらず), 64 使い方の誤り, 65 入力不正, 66 読めない入力\n",
    "Exit status: 0 scored (whatever the verdict), 64 usage, 65 invalid input, 66 unreadable input\n"};

static void bar(double score)
{
    int full = (int)(score / 10.0 + 0.5);
    for (int i = 0; i < 10; i++)
        fputs(i < full ? "█" : "░", stdout);
}

/* Left-align s in a field of width display columns. */
static void pad(const char *s, int width)
{
    int w = asx_utf8_width(s);
    asx_term_puts(s, stdout);
    for (; w < width; w++)
        putchar(' ');
}

/* "[question.id]", or "[question.id, 回答!F23]" when the answer was read from a form cell. */
static void print_ref(const asx_result *r, const asx_finding *f)
{
    const char *src = f->q ? r->answers->a[f->q->index].source : NULL;
    asx_term_printf(stdout, src ? "      [%s, %s]\n" : "      [%s]\n", f->q ? f->q->id : "", src ? src : "");
    if (f->override) {
        char on[64];
        asx_date_format(f->override->date, asx_ui_lang, on, sizeof on);
        asx_term_printf(stdout, ASX_L("      審査で重大度を変更: %s → %s (%s、%s、%s)\n", "      severity changed by the review: %s → %s (%s, %s, %s)\n"),
                        asx_severity_label(f->original, asx_ui_lang), asx_severity_label(f->severity, asx_ui_lang),
                        f->override->reason, f->override->by, on);
    }
}

/* The officer's judgments: each made (decision, who, when) or outstanding (who decides). */
static void print_judgments(const asx_result *r)
{
    asx_lang l = asx_ui_lang;
    if (!r->njudgments)
        return;
    asx_term_printf(stdout, "\n%s", ASX_L("審査における判断", "The officer's judgments"));
    if (r->review)
        asx_term_printf(stdout, ASX_L(" (審査記録 %s)", " (review %s)"), r->review->file);
    else
        asx_term_printf(stdout, "%s", ASX_L(" (審査記録なし)", " (no review)"));
    putchar('\n');
    for (size_t i = 0; i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        asx_term_printf(stdout, "  %s%s%s%s (%s): ", asx_judgment_key_label(j->key, l), j->subject ? ASX_L("「", " \"") : "",
                        j->subject ? j->subject : "", j->subject ? ASX_L("」", "\"") : "", j->clause_local);
        if (!j->made) {
            asx_term_printf(stdout, ASX_L("未了 — %sが判断する\n", "outstanding — for the %s\n"),
                            l == ASX_LANG_EN ? j->by_default_en : j->by_default);
            continue;
        }
        char on[64];
        asx_date_format(j->made->date, l, on, sizeof on);
        asx_term_printf(stdout, "%s (%s, %s)%s\n", asx_judgment_decision_label(j->key, j->made->yes, l), j->made->by, on,
                        j->required ? "" : ASX_L(" [この評価では必須でない判断]", " [not required by this assessment]"));
        if (j->made->reason)
            asx_term_printf(stdout, "      %s\n", j->made->reason);
        for (size_t k = 0; k < j->made->nbasis; k++)
            asx_term_printf(stdout, ASX_L("      根拠: %s\n", "      basis: %s\n"), j->made->basis[k]);
    }
}

static void print_memo(const asx_result *r)
{
    asx_lang l = asx_ui_lang;
    const asx_answers *a = r->answers;
    char date[64], decided[64], cls[96];
    asx_date_format(a->date, l, date, sizeof date);
    asx_date_format(r->decided_on, l, decided, sizeof decided);
    asx_class_format(a->cls, l, cls, sizeof cls);
    asx_term_printf(stdout, "%s %s — %s\n", ASX_L("■ 審査メモ:", "■ Assessment:"), a->service_name, a->vendor_name);
    asx_term_printf(stdout, "  %s %s %s (%s)   %s %s   %s %s\n", ASX_L("質問票:", "Bank:"), r->bank->id, r->bank->version,
           r->bank_cite.clause_local ? r->bank_cite.clause_local : "-", ASX_L("回答日:", "Answered:"), date, ASX_L("判定日:", "Decided:"), decided);
    asx_term_printf(stdout, "  %s %s   %s %s\n", ASX_L("格付:", "Classification:"), cls, ASX_L("目的:", "Purpose:"),
           asx_purpose_label(a->purpose, l));
    asx_term_printf(stdout, "  %s %s   %s %.1f / 100  (%s %g, %s %g)\n\n", ASX_L("判定:", "Verdict:"), asx_result_verdict_label(r, l),
           ASX_L("得点:", "Score:"), r->score, ASX_L("承認基準", "approve at"), r->policy->approve_threshold,
           ASX_L("条件付き基準", "conditional at"), r->policy->conditional_threshold);

    asx_term_printf(stdout, "%s\n", ASX_L("セクション別得点", "Section scores"));
    int width = 0;
    for (size_t i = 0; i < r->bank->nsections; i++) {
        int w = asx_utf8_width(asx_text_get(&r->bank->sections[i].title, l));
        width = w > width ? w : width;
    }
    for (size_t i = 0; i < r->bank->nsections; i++) {
        const asx_secscore *s = &r->sections[i];
        if (!s->counted)
            continue;
        fputs("  ", stdout);
        pad(asx_text_get(&s->section->title, l), width);
        asx_term_printf(stdout, " %5.1f  ", s->score);
        bar(s->score);
        putchar('\n');
    }

    static const asx_severity order[] = {ASX_SEV_KNOCKOUT, ASX_SEV_MAJOR, ASX_SEV_MINOR, ASX_SEV_INFO};
    asx_term_printf(stdout, "\n%s", ASX_L("指摘事項:", "Findings:"));
    for (size_t k = 0; k < 4; k++)
        asx_term_printf(stdout, " %s %zu", asx_severity_label(order[k], l), r->count[order[k]]);
    if (r->nunanswered)
        asx_term_printf(stdout, ASX_L("  (うち未回答の必須質問 %zu)", "  (of which unanswered required questions: %zu)"), r->nunanswered);
    putchar('\n');
    if (r->nconditions) {
        char due[64];
        asx_date_format(r->conditions[0].due, l, due, sizeof due);
        asx_term_printf(stdout, "\n%s (%zu) — %s %s\n", ASX_L("承認の条件", "Conditions of approval"), r->nconditions,
               ASX_L("履行期限", "due"), due);
        for (size_t i = 0; i < r->nconditions; i++) {
            const asx_finding *f = r->conditions[i].finding;
            asx_term_printf(stdout, ASX_L("  条件%zu. %s\n", "  Condition %zu. %s\n"), r->conditions[i].n, asx_finding_msg(f, l));
            print_ref(r, f);
        }
    }
    for (size_t k = 0; k < 4; k++) {
        asx_severity sev = order[k];
        if (!r->count[sev] || (r->nconditions && (sev == ASX_SEV_MAJOR || sev == ASX_SEV_MINOR)))
            continue;
        asx_term_printf(stdout, "\n%s (%zu)\n", asx_severity_label(sev, l), r->count[sev]);
        size_t n = 0;
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            if (f->severity != sev)
                continue;
            asx_term_printf(stdout, "  %zu. %s\n", ++n, asx_finding_msg(f, l));
            print_ref(r, f);
        }
    }
    if (!r->nfindings)
        asx_term_printf(stdout, "\n%s\n", ASX_L("指摘事項はありません。", "No findings."));
    print_judgments(r);
    if (r->has_next_review) {
        char when[64];
        asx_date_format(r->next_review, l, when, sizeof when);
        asx_term_printf(stdout, "\n%s %s\n", ASX_L("次回見直し:", "Next review:"), when);
    }
}

int cmd_score(int argc, char **argv)
{
    asx_cli c = {0};
    bool json = false, has_date = false;
    cli_texts reviews = {0};
    const cli_opt opts[] = {
        CLI_OPT_REVIEWS(&reviews),
        CLI_OPT_POLICY(&c.policy_file),
        CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file),
        CLI_OPT_DATE(&c.date, &has_date, "判定日 (既定: 今日)。次回見直し日と条件の履行期限はこの日から数える",
                     "decision date (default: today): the next review and the due dates of conditions count from it"),
        CLI_OPT_JSON(&json),
        CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0) {
        cli_texts_free(&reviews);
        return status;
    }
    if (!has_date)
        c.date = asx_date_today();
    argc = first + cli_drop_beside_reviews(argv + first, argc - first);
    if (first >= argc || (reviews.n && reviews.n != (size_t)(argc - first))) {
        cli_texts_free(&reviews);
        return cli_usage("score", first >= argc ? ASX_L("回答ファイルを指定してください", "expected an answers file")
                                                : ASX_L("--review は回答ファイルごとに一つずつ指定してください",
                                                        "give --review once per answers file"));
    }
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (err)
        return cli_finish(&c, err);
    int nfiles = argc - first;
    asx_error worst = ASX_OK;
    if (json && nfiles > 1)
        fputs("[", stdout);
    for (int i = first; i < argc; i++) {
        asx_answers *a = NULL;
        asx_review *rv = NULL;
        asx_result *r = NULL;
        asx_error e = asx_answers_load_file(argv[i], &c.banks, &a, &c.diags);
        if (!e)
            e = cli_review(&c.diags, reviews.n ? reviews.v[i - first] : NULL, a, &rv);
        if (!e)
            e = asx_score_review(a, rv, c.policy, c.date, 0, &r, &c.diags);
        if (e) {
            if (!worst || e == ASX_ERR_NOINPUT)
                worst = e;
        } else if (json) {
            char *s = asx_result_to_json(r, asx_ui_lang);
            if (!s) {
                worst = ASX_ERR_NOMEM;
            } else {
                static bool first_out = true;
                if (nfiles > 1 && !first_out)
                    fputs(",\n", stdout);
                first_out = false;
                fputs(s, stdout);
            }
            free(s);
        } else {
            if (i > first)
                putchar('\n');
            print_memo(r);
        }
        asx_result_free(r);
        asx_review_free(rv);
        asx_answers_free(a);
    }
    cli_texts_free(&reviews);
    if (json)
        fputs(nfiles > 1 ? "]\n" : "\n", stdout);
    return cli_finish(&c, worst);
}
