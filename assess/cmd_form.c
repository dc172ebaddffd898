/* cmd_form.c - assess form BANK -o form.xlsx: the questionnaire workbook for vendors; with
 * --from ANSWERS the vendor's earlier answers filled in (the annual re-audit), with --review the
 * cells to correct marked (補正依頼). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/form.h"
#include "asx/score.h"
#include "cli.h"

enum { OPT_CLASS = OPT_FIRST_FREE, OPT_FORCE, OPT_DATE, OPT_PURPOSE, OPT_DUE, OPT_FROM, OPT_REVIEW };

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess form BANK -o FORM.xlsx [--classification C/I/A] [--purpose P] [--due YYYY-MM-DD]\n"
        "       assess form --from ANSWERS.json -o FORM.xlsx [--review [--policy FILE]] [--due D]\n"
        "       共通: [--questionnaire FILE] [--date YYYY-MM-DD] [--force] [--lang ja|en]\n\n"
        "事業者に送る回答用の XLSX 様式を作成します。シート「回答」に、指定した格付けで対象となる\n"
        "質問が 1 行ずつ並び、回答欄はドロップダウン等で入力を検査します。評価の目的・格付け・回答期限は\n"
        "団体が決める項目として灰色のセルに固定され、事業者は黄色のセル (事業者名、担当者、連絡先、回答日、\n"
        "各質問の回答) に記入します。それ以外は保護されます。記入済みの様式は assess import で読み込めます。\n\n"
        "  -o FILE                 出力する XLSX (既存なら --force が必要)\n"
        "  --classification C/I/A  機密性/完全性/可用性 (既定: cloud・outsourcing は 2/2/2、cloud-light は 1/1/1、\n"
        "                          --from ではその回答の格付け)\n"
        "  --purpose P             評価の目的: procurement (調達)、approval (利用承認、既定)、reaudit (年次再監査)\n"
        "  --due D                 回答期限 (様式に表示)\n"
        "  --from ANSWERS          前回の回答を記入した様式 (毎年度の再監査: 事業者は変更点だけ直す)。\n"
        "                          質問票が新しい版なら、前回の回答のない質問を「新規」と表示\n"
        "  --review                補正依頼: 未回答の必須質問と、指摘 (必須条件・重大・軽微) のある質問の\n"
        "                          セルを赤くし、「確認事項」列とセルのコメントに審査担当の所見を書く\n"
        "  --policy FILE           --review の評価に使う基準 (既定: 組み込みの基準)\n"
        "  --questionnaire FILE    質問票を JSON ファイルから読み込む\n"
        "  --date D                文書プロパティの作成日・--review の評価日 (既定: 今日)\n"
        "  --lang en               英語の様式\n",
        "Usage: assess form BANK -o FORM.xlsx [--classification C/I/A] [--purpose P] [--due YYYY-MM-DD]\n"
        "       assess form --from ANSWERS.json -o FORM.xlsx [--review [--policy FILE]] [--due D]\n"
        "       common: [--questionnaire FILE] [--date YYYY-MM-DD] [--force] [--lang ja|en]\n\n"
        "Writes the questionnaire workbook to send to vendors: the sheet \"Answers\" has one row per\n"
        "question that applies to the classification, with drop-down lists and checks on the answer\n"
        "cells. The purpose, the classification and the deadline are the organisation's and are fixed\n"
        "(grey); the vendor fills the yellow cells (name, contact person, contact, date, answers);\n"
        "everything else is protected. Read a filled form back with assess import.\n\n"
        "  -o FILE                 the XLSX to write (--force to overwrite)\n"
        "  --classification C/I/A  confidentiality/integrity/availability (default 2/2/2 for cloud and\n"
        "                          outsourcing, 1/1/1 for cloud-light, that of the answers with --from)\n"
        "  --purpose P             procurement, approval (default) or reaudit\n"
        "  --due D                 the answer deadline shown on the form\n"
        "  --from ANSWERS          a form filled with earlier answers (the annual re-audit); with a newer\n"
        "                          bank version, questions without an earlier answer are marked new\n"
        "  --review                corrections requested: the cells of unanswered required questions and\n"
        "                          of questions with a knockout, major or minor finding are red, with the\n"
        "                          reviewer's note in the \"To check\" column and as a cell comment\n"
        "  --policy FILE           the policy --review scores with (default: the built-in one)\n"
        "  --questionnaire FILE    load a question bank from a JSON file\n"
        "  --date D                creation date in the document properties, and the date --review\n"
        "                          scores on (default: today)\n"
        "  --lang en               an English form\n"));
}

/* "2/2/2", "2,2,2" or "C2/I2/A2". */
static bool parse_class(const char *s, asx_class *out)
{
    int v[3], n = 0;
    for (const char *p = s; *p && n < 3;) {
        while (*p == 'C' || *p == 'I' || *p == 'A' || *p == 'c' || *p == 'i' || *p == 'a')
            p++;
        if (*p < '1' || *p > '3')
            return false;
        v[n++] = *p++ - '0';
        if (*p == '/' || *p == ',')
            p++;
        else if (*p)
            return false;
    }
    if (n != 3 || v[1] > 2 || v[2] > 2)
        return false;
    *out = (asx_class){v[0], v[1], v[2]};
    return true;
}

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
    static const struct option opts[] = {{"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
                                         {"policy", required_argument, NULL, OPT_POLICY},
                                         {"classification", required_argument, NULL, OPT_CLASS},
                                         {"purpose", required_argument, NULL, OPT_PURPOSE},
                                         {"due", required_argument, NULL, OPT_DUE},
                                         {"from", required_argument, NULL, OPT_FROM},
                                         {"review", no_argument, NULL, OPT_REVIEW},
                                         {"output", required_argument, NULL, 'o'},
                                         {"force", no_argument, NULL, OPT_FORCE},
                                         {"date", required_argument, NULL, OPT_DATE},
                                         {"help", no_argument, NULL, OPT_HELP},
                                         {NULL, 0, NULL, 0}};
    asx_cli c = {0};
    asx_form_opts fo = {.lang = asx_ui_lang, .date = asx_date_today(), .purpose = ASX_PURPOSE_APPROVAL};
    const char *out = NULL, *from = NULL;
    bool have_class = false, have_purpose = false, review = false;
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_QUESTIONNAIRE: c.questionnaire_file = optarg; break;
        case OPT_POLICY: c.policy_file = optarg; break;
        case OPT_CLASS:
            if (!parse_class(optarg, &fo.cls))
                return cli_usage("form", ASX_L("--classification は 機密性/完全性/可用性 を 2/2/2 の形で (機密性 1-3、ほか 1-2)",
                                               "--classification takes confidentiality/integrity/availability as 2/2/2 (1-3, 1-2, 1-2)"));
            have_class = true;
            break;
        case OPT_PURPOSE:
            if (!parse_purpose(optarg, &fo.purpose))
                return cli_usage("form", ASX_L("--purpose は procurement・approval・reaudit のいずれかです: %s",
                                               "--purpose takes procurement, approval or reaudit: %s"), optarg);
            have_purpose = true;
            break;
        case OPT_DUE:
            if (!cli_parse_date(optarg, &fo.due))
                return EXIT_USAGE;
            fo.has_due = true;
            break;
        case OPT_FROM: from = optarg; break;
        case OPT_REVIEW: review = true; break;
        case 'o': out = optarg; break;
        case OPT_FORCE: fo.force = 1; break;
        case OPT_DATE:
            if (!cli_parse_date(optarg, &fo.date))
                return EXIT_USAGE;
            break;
        case 'h':
        case OPT_HELP: help(stdout); return cli_close_stdout(EXIT_OK);
        default: return cli_usage("form", ASX_L("不明なオプションか値の欠落: %s", "unknown option or missing value: %s"), argv[optind - 1]);
        }
    }
    if (from ? optind + 1 < argc : optind + 1 != argc)
        return cli_usage("form", from ? ASX_L("--from のときの質問票 ID は省略できます (多くとも 1 つ)",
                                             "with --from the questionnaire id may be left out (one at most)")
                                      : ASX_L("質問票 ID (cloud, cloud-light, outsourcing) を 1 つ指定してください",
                                              "expected one questionnaire id (cloud, cloud-light, outsourcing)"));
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
        err = asx_answers_load_file(from, &c.banks, &a, &c.diags);
    if (err)
        goto done;
    b = a ? a->bank : asx_bankset_find(&c.banks, argv[optind]);
    if (!b || (a && optind < argc && strcmp(argv[optind], b->id) != 0)) {
        if (a)
            asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                           ASX_L("%s は質問票 %s の回答です (指定: %s)", "%s answers questionnaire %s, not %s"),
                           from, a->bank->id, argv[optind]);
        else
            asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                           ASX_L("質問票 \"%s\" はありません (assess questionnaire list で一覧)",
                                 "no questionnaire \"%s\" (see assess questionnaire list)"), argv[optind]);
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
