/* cmd_spec.c - assess spec BANK --classification C/I/A -o DIR: the security section of the
 * 調達仕様書 (11-2(3)①) as DIR/spec-BANK-CnInAn.docx and .pdf. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/font.h"
#include "asx/procdocs.h"
#include "asx/procurement.h"
#include "asx/util.h"
#include "cli.h"

enum { OPT_CLASS = OPT_FIRST_FREE, OPT_FORCE, OPT_DATE, OPT_FONT };

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess spec BANK --classification C/I/A -o DIR [--policy FILE]\n"
        "                   [--questionnaire FILE] [--date YYYY-MM-DD] [--font FILE] [--force]\n\n"
        "調達仕様書に含める情報セキュリティ要件 (対策基準 11-2(3)①) を作成します。質問票 BANK の\n"
        "うち、その格付けで対象となるすべての設問を「…すること」の要件として、質問票の区分ごとに、\n"
        "条項 (ポリシーの clause_numbers があれば組織の番号) とポリシーの数値 (稼働率、保管国など)\n"
        "を添えて示します。選定条件 (満たさなければ選定しない項目) には〔選定条件〕を付けます。\n"
        "提出書類の一覧と、回答は assess form の回答様式で行う旨も記載します。\n\n"
        "  --classification C/I/A  機密性/完全性/可用性 (例: 2/2/2)。必須\n"
        "  -o DIR                  DIR/spec-BANK-C2I2A2.docx と .pdf を作成 (DIR がなければ作成)\n"
        "  --policy FILE           組織のポリシー (既定: 対策基準から作った既定のポリシー)\n"
        "  --date D                文書の日付 (既定: 今日)。同じ入力と日付なら同一のファイル\n"
        "  --font FILE             PDF の日本語フォント (既定: IPAexGothic)\n"
        "  --force                 既存の出力を上書き (ないときは終了コード 73)\n",
        "Usage: assess spec BANK --classification C/I/A -o DIR [--policy FILE]\n"
        "                   [--questionnaire FILE] [--date YYYY-MM-DD] [--font FILE] [--force]\n\n"
        "Writes the security requirements for the procurement specification (clause 11-2(3)①):\n"
        "every question of BANK that applies to the classification, phrased as a requirement and\n"
        "grouped by the bank's sections, with its clause (in the organisation's numbering when the\n"
        "policy gives clause_numbers) and the policy's numbers. Selection conditions (a bidder that\n"
        "fails one is not selected) are marked. Also lists the documents to submit and says that\n"
        "answers are given on the questionnaire form (assess form).\n\n"
        "  --classification C/I/A  confidentiality/integrity/availability, e.g. 2/2/2 (required)\n"
        "  -o DIR                  write DIR/spec-BANK-C2I2A2.docx and .pdf (DIR is created)\n"
        "  --policy FILE           the organisation's policy (default: the built-in one)\n"
        "  --date D                date of the documents (default: today); same inputs, same bytes\n"
        "  --font FILE             Japanese font for the PDF (default: IPAexGothic)\n"
        "  --force                 overwrite existing outputs (otherwise exit 73)\n"));
}

typedef struct {
    const char *dir;
    const char *font;
    asx_class cls;
    bool has_class;
    asx_date date;
    int force;
} options;

static int parse(int argc, char **argv, asx_cli *c, options *o)
{
    static const struct option opts[] = {{"classification", required_argument, NULL, OPT_CLASS},
                                         {"policy", required_argument, NULL, OPT_POLICY},
                                         {"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
                                         {"output", required_argument, NULL, 'o'},
                                         {"force", no_argument, NULL, OPT_FORCE},
                                         {"date", required_argument, NULL, OPT_DATE},
                                         {"font", required_argument, NULL, OPT_FONT},
                                         {"help", no_argument, NULL, OPT_HELP},
                                         {NULL, 0, NULL, 0}};
    int ch;
    opterr = 0;
    optind = 1;
    o->date = asx_date_today();
    while ((ch = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_CLASS:
            if (!cli_parse_class(optarg, &o->cls))
                return cli_usage("spec", ASX_L("--classification は 機密性/完全性/可用性 を 2/2/2 の形で (機密性 1-3、ほか 1-2)",
                                               "--classification takes confidentiality/integrity/availability as 2/2/2 (1-3, 1-2, 1-2)"));
            o->has_class = true;
            break;
        case OPT_POLICY: c->policy_file = optarg; break;
        case OPT_QUESTIONNAIRE: c->questionnaire_file = optarg; break;
        case 'o': o->dir = optarg; break;
        case OPT_FORCE: o->force = 1; break;
        case OPT_FONT: o->font = optarg; break;
        case OPT_DATE:
            if (!cli_parse_date(optarg, &o->date))
                return EXIT_USAGE;
            break;
        case 'h':
        case OPT_HELP: help(stdout); return cli_close_stdout(EXIT_OK) ? EXIT_IOERR : -1;
        case ':':
            return cli_usage("spec", ASX_L("%s には値が必要です", "%s takes a value"), argv[optind - 1]);
        default:
            return cli_usage("spec", ASX_L("不明なオプション %s", "unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage("spec", ASX_L("質問票 ID (cloud, cloud-light, outsourcing) を 1 つ指定してください",
                                       "expected one questionnaire id (cloud, cloud-light, outsourcing)"));
    if (!o->has_class)
        return cli_usage("spec", ASX_L("情報資産の格付けを --classification 2/2/2 の形で指定してください",
                                       "expected the classification as --classification 2/2/2"));
    if (!o->dir)
        return cli_usage("spec", ASX_L("出力先を -o DIR で指定してください", "expected -o DIR"));
    return 0;
}

int cmd_spec(int argc, char **argv)
{
    asx_cli c = {0};
    options o = {0};
    asx_procurement *proc = NULL;
    asx_spec *spec = NULL;
    asx_font *font = NULL;
    char *docx = NULL, *pdf = NULL;
    int st = parse(argc, argv, &c, &o);
    if (st)
        return st < 0 ? EXIT_OK : st;
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    const asx_bank *b = err ? NULL : asx_bankset_find(&c.banks, argv[optind]);
    if (!err && !b) {
        asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("質問票 \"%s\" はありません (assess questionnaire list で一覧)",
                             "no questionnaire \"%s\" (see assess questionnaire list)"), argv[optind]);
        err = ASX_ERR_USAGE;
    }
    if (!err)
        err = asx_procurement_builtin(&proc, &c.diags);
    if (!err)
        err = asx_spec_build(proc, b, c.policy, o.cls, asx_ui_lang, &spec, &c.diags);
    if (!err) /* no font, no folder: found out before anything is made */
        err = asx_font_load(o.font, &font, &c.diags);
    if (!err)
        err = cli_output_dir(&c, o.dir);
    if (!err) {
        docx = asx_strdupf("%s/spec-%s-C%dI%dA%d.docx", o.dir, b->id, o.cls.c, o.cls.i, o.cls.a);
        pdf = asx_strdupf("%s/spec-%s-C%dI%dA%d.pdf", o.dir, b->id, o.cls.c, o.cls.i, o.cls.a);
        if (!docx || !pdf)
            err = ASX_ERR_NOMEM;
    }
    if (!err) {
        asx_procdoc_opts po = {.date = o.date, .lang = asx_ui_lang, .force = o.force, .font = font};
        err = asx_spec_write(spec, &po, docx, pdf, &c.diags);
    }
    if (!err)
        printf(ASX_L("要件 %zu 項目 (うち選定条件 %zu)\n出力: %s, %s\n",
                     "%zu requirements (%zu selection conditions)\nWrote %s, %s\n"),
               spec->nitems, spec->nselection, docx, pdf);
    free(docx);
    free(pdf);
    asx_font_free(font);
    asx_spec_free(spec);
    asx_procurement_free(proc);
    return cli_finish(&c, err);
}
