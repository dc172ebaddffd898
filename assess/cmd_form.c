/* cmd_form.c - assess form BANK -o form.xlsx: the blank questionnaire workbook for vendors. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/form.h"
#include "cli.h"

enum { OPT_CLASS = OPT_FIRST_FREE, OPT_FORCE, OPT_DATE };

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess form BANK -o FORM.xlsx [--classification C/I/A] [--questionnaire FILE]\n"
        "                   [--date YYYY-MM-DD] [--force] [--lang ja|en]\n\n"
        "事業者に送る回答用の XLSX 様式を作成します。シート「回答」に、指定した格付けで対象となる\n"
        "質問が 1 行ずつ並び、回答欄はドロップダウン等で入力を検査します。黄色のセル以外は保護されます。\n"
        "記入済みの様式は assess import で回答ファイルに変換できます。\n\n"
        "  -o FILE                 出力する XLSX (既存なら --force が必要)\n"
        "  --classification C/I/A  機密性/完全性/可用性 (既定: cloud・outsourcing は 2/2/2、cloud-light は 1/1/1)\n"
        "  --questionnaire FILE    質問票を JSON ファイルから読み込む\n"
        "  --date D                文書プロパティの作成日 (既定: 今日)\n"
        "  --lang en               英語の様式\n",
        "Usage: assess form BANK -o FORM.xlsx [--classification C/I/A] [--questionnaire FILE]\n"
        "                   [--date YYYY-MM-DD] [--force] [--lang ja|en]\n\n"
        "Writes the blank questionnaire workbook to send to vendors: the sheet \"Answers\" has one row\n"
        "per question that applies to the classification, with drop-down lists and checks on the\n"
        "answer cells; everything but the yellow cells is protected. Read a filled form back with\n"
        "assess import.\n\n"
        "  -o FILE                 the XLSX to write (--force to overwrite)\n"
        "  --classification C/I/A  confidentiality/integrity/availability (default 2/2/2 for cloud and\n"
        "                          outsourcing, 1/1/1 for cloud-light)\n"
        "  --questionnaire FILE    load a question bank from a JSON file\n"
        "  --date D                creation date in the document properties (default: today)\n"
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

int cmd_form(int argc, char **argv)
{
    static const struct option opts[] = {{"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
                                         {"classification", required_argument, NULL, OPT_CLASS},
                                         {"output", required_argument, NULL, 'o'},
                                         {"force", no_argument, NULL, OPT_FORCE},
                                         {"date", required_argument, NULL, OPT_DATE},
                                         {"help", no_argument, NULL, OPT_HELP},
                                         {NULL, 0, NULL, 0}};
    asx_cli c = {0};
    asx_form_opts fo = {.lang = asx_ui_lang, .date = asx_date_today()};
    const char *out = NULL;
    bool have_class = false;
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_QUESTIONNAIRE: c.questionnaire_file = optarg; break;
        case OPT_CLASS:
            if (!parse_class(optarg, &fo.cls))
                return cli_usage("form", ASX_L("--classification は 機密性/完全性/可用性 を 2/2/2 の形で (機密性 1-3、ほか 1-2)",
                                               "--classification takes confidentiality/integrity/availability as 2/2/2 (1-3, 1-2, 1-2)"));
            have_class = true;
            break;
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
    if (optind + 1 != argc)
        return cli_usage("form", ASX_L("質問票 ID (cloud, cloud-light, outsourcing) を 1 つ指定してください",
                                       "expected one questionnaire id (cloud, cloud-light, outsourcing)"));
    if (!out)
        return cli_usage("form", ASX_L("出力ファイルを -o FILE.xlsx で指定してください", "expected -o FILE.xlsx"));
    asx_error err = cli_banks(&c);
    if (err)
        return cli_finish(&c, err);
    const asx_bank *b = asx_bankset_find(&c.banks, argv[optind]);
    if (!b) {
        asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("質問票 \"%s\" はありません (assess questionnaire list で一覧)",
                             "no questionnaire \"%s\" (see assess questionnaire list)"), argv[optind]);
        return cli_finish(&c, ASX_ERR_USAGE);
    }
    if (!have_class)
        fo.cls = asx_form_default_class(b);
    err = asx_form_write(b, &fo, out, &c.diags);
    return cli_finish(&c, err);
}
