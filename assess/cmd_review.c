/* cmd_review.c - assess review ANSWERS -o 審査シート.xlsx: the officer's review sheet (SPEC v3
 * §8.1), one row per judgment the answers require with the facts it rests on and a suggested
 * conclusion where the facts allow one, read back by assess import into a review. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/review_sheet_write.h"
#include "asx/score.h"
#include "asx/text.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "review", "ANSWERS -o 審査シート.xlsx", "ANSWERS -o SHEET.xlsx",
    "審査シート (XLSX) を作成します。対策基準が人に委ねる判断 (外国法令の適用リスク 11-2(2)⑦、\n"
    "再委託の承認 11-2(2)⑧・11-1(2)⑧、信頼性 11-2(2)⑪、約款の受容 11-2(2)⑥(注)・11-3(2)①) のうち、\n"
    "この回答が必要とするものを 1 行ずつ、判断の根拠となる事実 (国・準拠法・再委託先の国と役割・\n"
    "認証と報告書・約款) と、事実から導ける場合は提案される結論とともに示します。\n"
    "判断者は判断・理由・氏名・日付を黄色のセルに記入します。提案は判断欄に書き込んであり、\n"
    "氏名と日付を記入すると判断になります。氏名・日付のない行は判断待ちのままです。\n"
    "重大度の変更 (根拠が参考・団体基準・必要に応じての指摘に限る) も同じシートに記入できます。\n"
    "シートは回答ファイルの SHA-256 に結び付けられ、assess import で審査記録 (assess-review/1) に戻します。\n"
    "既存の審査記録 (--review、既定: 回答の隣の X.review.json) があれば、その判断を記入済みにします。\n",
    "Writes the officer's review sheet (XLSX): one row per judgment the 対策基準 gives to people that\n"
    "these answers require (foreign-law risk 11-2(2)⑦, subcontracting 11-2(2)⑧ / 11-1(2)⑧,\n"
    "reliability 11-2(2)⑪, terms that cannot be negotiated 11-2(2)⑥(注) / 11-3(2)①), with the facts it\n"
    "rests on (countries, law, each subcontractor's country and role, certificates and reports, the\n"
    "terms) and a suggested conclusion where the facts allow one. The officer fills the yellow cells:\n"
    "decision, reason, name and date. A suggestion is written into the decision cell: signing it with\n"
    "a name and a date makes it a judgment; a row without them stays outstanding. Severity changes\n"
    "(only where the basis is reference, the organisation's choice or as needed) go on the same sheet.\n"
    "The sheet is bound to the answers' SHA-256; assess import reads it back into a review\n"
    "(assess-review/1). An existing review (--review, default X.review.json beside the answers) is\n"
    "written into the officer's cells.\n",
    "終了コード: 0 書き出した, 64 使い方の誤り, 65 入力データ不正, 66 読めない入力, 73 出力を作れない\n",
    "Exit status: 0 written, 64 usage, 65 invalid data, 66 unreadable input, 73 cannot create the output\n"};

int cmd_review(int argc, char **argv)
{
    asx_cli c = {0};
    const char *out = NULL, *review = NULL;
    bool force = false, has_date = false;
    const cli_opt opts[] = {
        {"output", 'o', CLI_TEXT, &out, NULL, "FILE", "FILE", "出力する審査シート (XLSX、既存なら --force が必要)",
         "the review sheet to write (XLSX; --force to overwrite)"},
        CLI_OPT_REVIEW(&review),
        CLI_OPT_POLICY(&c.policy_file),
        CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file),
        CLI_OPT_DATE(&c.date, &has_date, "評価日・文書プロパティの作成日 (既定: 今日)",
                     "the date the answers are scored on, and the creation date in the document properties (default: today)"),
        CLI_OPT_FORCE(&force),
        CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status;
    if (!has_date)
        c.date = asx_date_today();
    if (first + 1 != argc)
        return cli_usage("review", ASX_L("回答ファイルを 1 つ指定してください", "expected one answers file"));
    if (!out)
        return cli_usage("review", ASX_L("出力ファイルを -o 審査シート.xlsx で指定してください", "expected -o SHEET.xlsx"));
    asx_answers *a = NULL;
    asx_review *rv = NULL;
    asx_result *r = NULL;
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (!err)
        err = asx_answers_load_file(argv[first], &c.banks, &a, &c.diags);
    if (!err)
        err = cli_review(&c.diags, review, a, &rv);
    if (!err)
        err = asx_score_review(a, rv, c.policy, c.date, 0, &r, &c.diags);
    if (!err) {
        asx_review_sheet_opts o = {.lang = asx_ui_lang, .date = c.date, .force = force};
        err = asx_review_sheet_write(r, &o, out, &c.diags);
    }
    size_t nj = r ? r->njudgments : 0, missing = r ? r->nmissing : 0;
    asx_result_free(r);
    asx_review_free(rv);
    asx_answers_free(a);
    status = cli_finish(&c, err);
    if (status == EXIT_OK && asx_ui_lang == ASX_LANG_EN)
        asx_term_printf(stderr, "assess review: wrote the review sheet of %zu judgments (%zu outstanding) to %s\n", nj, missing, out);
    else if (status == EXIT_OK)
        asx_term_printf(stderr, "assess review: %s に判断 %zu 件 (うち判断待ち %zu 件) の審査シートを書き出しました\n", out, nj, missing);
    return status;
}
