/* cmd_form.c - assess form BANK -o form.xlsx: the questionnaire workbook for vendors; with
 * --from ANSWERS the vendor's earlier answers filled in (the annual re-audit), with --review the
 * cells to correct marked (補正依頼). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/form.h"
#include "asx/score.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "form", "BANK -o FORM.xlsx | --from ANSWERS -o FORM.xlsx", "BANK -o FORM.xlsx | --from ANSWERS -o FORM.xlsx",
    "事業者に送る回答用の XLSX 様式を作成します。シート「回答」に、指定した格付けで対象となる\n"
    "質問が 1 行ずつ並び、回答欄はドロップダウン等で入力を検査します。評価の目的・格付け・回答期限は\n"
    "団体が決める項目として灰色のセルに固定され、事業者は黄色のセル (事業者名、担当者、連絡先、回答日、\n"
    "各質問の回答) に記入します。それ以外は保護されます。記入済みの様式は assess import で読み込めます。\n"
    "--from は前回の回答を記入した様式 (毎年度の再監査: 事業者は変更点だけ直す。質問票が新しい版なら、\n"
    "前回の回答のない質問を「新規」と表示)。--review は補正依頼: 未回答の必須質問と、指摘 (必須条件・\n"
    "重大・軽微) のある質問のセルを赤くし、「確認事項」列とセルのコメントに、事業者にお願いする事項\n"
    "(質問ごとの依頼文と条項。審査の所見や判定は書きません) を書きます。\n"
    "--lang en では英語の様式になります。\n",
    "Writes the questionnaire workbook to send to vendors: the sheet \"Answers\" has one row per\n"
    "question that applies to the classification, with drop-down lists and checks on the answer\n"
    "cells. The purpose, the classification and the deadline are the organisation's and are fixed\n"
    "(grey); the vendor fills the yellow cells (name, contact person, contact, date, answers);\n"
    "everything else is protected. Read a filled form back with assess import.\n"
    "--from fills in earlier answers (the annual re-audit; with a newer bank version, questions\n"
    "without an earlier answer are marked new). --review requests corrections: the cells of\n"
    "unanswered required questions and of questions with a knockout, major or minor finding are\n"
    "red, with what the vendor is asked to supply or correct (each question's request and its\n"
    "clause; never the reviewer's findings or a verdict) in the \"To check\" column and as a cell\n"
    "comment.\n"
    "With --lang en the form itself is in English.\n",
    "終了コード: 0 作成した, 64 使い方の誤り, 65 入力不正, 66 読めない入力, 73 出力を作れない\n",
    "Exit status: 0 written, 64 usage, 65 invalid input, 66 unreadable input, 73 cannot create the output\n"};

static bool parse_purpose(const char *s, asx_purpose *out)
{
    const asx_purpose all[] = {ASX_PURPOSE_PROCUREMENT, ASX_PURPOSE_APPROVAL, ASX_PURPOSE_REAUDIT};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(s, asx_purpose_name(all[i])) == 0 || strcmp(s, asx_purpose_label(all[i], ASX_LANG_JA)) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

int cmd_form(int argc, char **argv)
{
    asx_cli c = {0};
    asx_form_opts fo = {.lang = asx_ui_lang, .purpose = ASX_PURPOSE_APPROVAL};
    const char *out = NULL, *from = NULL, *cls = NULL, *purpose = NULL, *reg = NULL;
    bool have_date = false, force = false, review = false;
    const cli_opt opts[] = {
        {"output", 'o', CLI_TEXT, &out, NULL, "FILE", "FILE", "出力する XLSX (既存なら --force が必要)", "the XLSX to write (--force to overwrite)"},
        {"classification", 0, CLI_TEXT, &cls, NULL, "C/I/A", "C/I/A",
         "機密性/完全性/可用性 (既定: cloud・outsourcing は 2/2/2、cloud-light は 1/1/1、--from ではその回答の格付け)",
         "confidentiality/integrity/availability (default 2/2/2 for cloud and outsourcing, 1/1/1 for cloud-light, that of the answers with --from)"},
        {"purpose", 0, CLI_TEXT, &purpose, NULL, "P", "P",
         "評価の目的: procurement (調達)、approval (利用承認、既定)、reaudit (年次再監査)。--from ではその回答の目的",
         "procurement, approval (default) or reaudit; with --from that of the answers"},
        {"due", 0, CLI_DATE, &fo.due, &fo.has_due, "YYYY-MM-DD", "YYYY-MM-DD", "回答期限 (様式に表示)", "the answer deadline shown on the form"},
        {"from", 0, CLI_TEXT, &from, NULL, "ANSWERS", "ANSWERS", "前回の回答を記入した様式にする (--register があれば登録番号)", "fill the form with these earlier answers (with --register: an entry id)"},
        {"register", 0, CLI_TEXT, &reg, NULL, "FILE", "FILE", "--from の登録番号の回答を、この台帳に保存されたものから取る", "take the answers of the --from entry id from this register"},
        {"review", 0, CLI_FLAG, &review, NULL, NULL, NULL, "補正依頼: 直すべきセルに印と依頼文 (--from が必要)",
         "request corrections: mark the cells to correct, with what is requested (needs --from)"},
        CLI_OPT_POLICY(&c.policy_file),
        CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file),
        CLI_OPT_DATE(&fo.date, &have_date, "文書プロパティの作成日・--review の評価日 (既定: 今日)",
                     "creation date in the document properties, and the date --review scores on (default: today)"),
        CLI_OPT_FORCE(&force),
        CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status;
    if (!have_date)
        fo.date = asx_date_today();
    fo.force = force;
    if (fo.has_due && asx_date_cmp(fo.due, fo.date) < 0) {
        /* a deadline already past cannot be met: most likely a typing slip in the year */
        char due[11], today[11];
        asx_date_iso(fo.due, due);
        asx_date_iso(fo.date, today);
        return cli_usage("form", ASX_L("--due の回答期限 %s は様式の日付 %s より前です (過去の期限は指定できません)",
                                       "--due %s is before the form's date %s (a deadline cannot be in the past)"),
                         due, today);
    }
    bool have_class = cls != NULL, have_purpose = purpose != NULL;
    if (cls && !cli_parse_class(cls, &fo.cls))
        return cli_usage("form", ASX_L("--classification は 機密性/完全性/可用性 を 2/2/2 の形で (機密性 1-3、ほか 1-2)",
                                       "--classification takes confidentiality/integrity/availability as 2/2/2 (1-3, 1-2, 1-2)"));
    if (purpose && !parse_purpose(purpose, &fo.purpose))
        return cli_usage("form", ASX_L("--purpose は procurement・approval・reaudit のいずれかです: %s",
                                       "--purpose takes procurement, approval or reaudit: %s"), purpose);
    if (from ? first + 1 < argc : first + 1 != argc)
        return cli_usage("form", from ? ASX_L("--from のときの質問票 ID は省略できます (多くとも 1 つ)",
                                             "with --from the questionnaire id may be left out (one at most)")
                                      : ASX_L("質問票 ID (cloud, cloud-light, outsourcing) を 1 つ指定してください",
                                              "expected one questionnaire id (cloud, cloud-light, outsourcing)"));
    if (reg && !from)
        return cli_usage("form", ASX_L("--register には --from 登録番号 が必要です",
                                       "--register needs --from ENTRY-ID"));
    if (review && !from)
        return cli_usage("form", ASX_L("--review には --from ANSWERS (補正を求める回答) が必要です",
                                       "--review needs --from ANSWERS (the answers to be corrected)"));
    if (!out)
        return cli_usage("form", ASX_L("出力ファイルを -o FILE.xlsx で指定してください", "expected -o FILE.xlsx"));
    asx_answers *a = NULL;
    asx_result *r = NULL;
    const asx_bank *b = NULL;
    asx_error err = cli_banks(&c);
    if (!err && from)
        err = cli_answers(&c, reg, from, &a);
    if (err)
        goto done;
    b = a ? a->bank : asx_bankset_find(&c.banks, argv[first]);
    if (!b || (a && first < argc && strcmp(argv[first], b->id) != 0)) {
        if (a)
            asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                           ASX_L("%s は質問票 %s の回答です (指定: %s)", "%s answers questionnaire %s, not %s"),
                           from, a->bank->id, argv[first]);
        else
            asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                           ASX_L("質問票 \"%s\" はありません (assess questionnaire list で一覧)",
                                 "no questionnaire \"%s\" (see assess questionnaire list)"), argv[first]);
        err = ASX_ERR_USAGE;
        goto done;
    }
    if (!have_class)
        fo.cls = a ? a->cls : asx_form_default_class(b);
    if (a && !have_purpose)
        fo.purpose = a->purpose;
    fo.from = a;
    if (review) {
        err = cli_policy(&c);
        if (!err)
            err = asx_score(a, c.policy, fo.date, &r, &c.diags);
        if (err)
            goto done;
        fo.review = r;
    }
    size_t marked = 0;
    err = asx_form_write(b, &fo, out, &marked, &c.diags);
    if (!err && review)
        fprintf(stderr, ASX_L("assess: %s: 補正を求めるセル %zu 件に印を付けました\n",
                              "assess: %s: %zu cells marked for correction\n"), out, marked);
done:
    asx_result_free(r);
    asx_answers_free(a);
    return cli_finish(&c, err);
}
