/* cmd_contract.c - assess contract ANSWERS -o DIR: 情報セキュリティに関する特記事項
 * (11-2(3)②, 11-1(2)) for an approved or conditionally approved service, as DOCX and PDF. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/procdocs.h"
#include "asx/procurement.h"
#include "asx/score.h"
#include "asx/util.h"
#include "cli.h"

enum { OPT_FORCE = OPT_FIRST_FREE, OPT_DATE, OPT_FONT };

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess contract ANSWERS -o DIR [--policy FILE] [--questionnaire FILE]\n"
        "                       [--date YYYY-MM-DD] [--font FILE] [--force]\n\n"
        "契約書に添付する「情報セキュリティに関する特記事項」(対策基準 11-2(3)②、11-1(2)) を\n"
        "作成します。質問票の契約条項 (業務委託は 11-1(2)①〜⑬、クラウドは 11-2(2)②ア〜キ、④、⑥〜⑧\n"
        "と利用終了時の返却・削除) に、事業者の回答 (稼働率、インシデント通知時間、バックアップ、\n"
        "削除方法、再委託先など) を記入し、条件付き承認の条件を 1 件ずつ期限付きの条項にします。\n"
        "否認 (不承認) と差戻しの回答には作成しません (終了コード 65)。\n\n"
        "  -o DIR         DIR/<事業者>_<サービス>_特記事項_<日付>.docx と .pdf (DIR がなければ作成)\n"
        "  --policy FILE  組織のポリシー (条件の期限 condition_due_days、条項番号 clause_numbers)\n"
        "  --date D       審査・契約の日付。条件の期限はこの日から数えます (既定: 今日)\n"
        "  --font FILE    PDF の日本語フォント (既定: IPAexGothic)\n"
        "  --force        既存の出力を上書き (ないときは終了コード 73)\n",
        "Usage: assess contract ANSWERS -o DIR [--policy FILE] [--questionnaire FILE]\n"
        "                       [--date YYYY-MM-DD] [--font FILE] [--force]\n\n"
        "Writes the information security terms to attach to the contract (clauses 11-2(3)②,\n"
        "11-1(2)): the bank's contract terms (11-1(2)①-⑬ for outsourcing; 11-2(2)②ア-キ, ④, ⑥-⑧ and\n"
        "the exit and deletion terms for cloud) filled with the vendor's answers, and every condition\n"
        "of a conditional approval as its own article with its due date. Refused (exit 65) for a\n"
        "rejected or incomplete result.\n\n"
        "  -o DIR         write DIR/<vendor>_<service>_特記事項_<date>.docx and .pdf (DIR is created)\n"
        "  --policy FILE  the organisation's policy (condition_due_days, clause_numbers)\n"
        "  --date D       date of the decision and the documents; due dates count from it\n"
        "  --font FILE    Japanese font for the PDF (default: IPAexGothic)\n"
        "  --force        overwrite existing outputs (otherwise exit 73)\n"));
}

typedef struct {
    const char *dir;
    const char *font;
    asx_date date;
    int force;
} options;

static int parse(int argc, char **argv, asx_cli *c, options *o)
{
    static const struct option opts[] = {{"policy", required_argument, NULL, OPT_POLICY},
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
            return cli_usage("contract", ASX_L("%s には値が必要です", "%s takes a value"), argv[optind - 1]);
        default:
            return cli_usage("contract", ASX_L("不明なオプション %s", "unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage("contract", ASX_L("回答ファイルを 1 つ指定してください", "expected one answers file"));
    if (!o->dir)
        return cli_usage("contract", ASX_L("出力先を -o DIR で指定してください", "expected -o DIR"));
    return 0;
}

/* Only an approved or conditional result becomes a contract (11-2(4)②: the approver decided). */
static asx_error check_verdict(asx_cli *c, const asx_result *r)
{
    switch (r->verdict) {
    case ASX_VERDICT_APPROVED:
    case ASX_VERDICT_CONDITIONAL: return ASX_OK;
    case ASX_VERDICT_REJECTED:
        asx_diags_addf(&c->diags, ASX_ERR_DATA, r->answers->file, 0, 0,
                       ASX_L("判定が不承認 (必須条件違反 %zu 件) のため、特記事項は作成しません。"
                             "この事業者とは契約できません",
                             "the verdict is rejected (%zu knockouts): no contract terms are written "
                             "for a vendor that may not be contracted"),
                       r->count[ASX_SEV_KNOCKOUT]);
        return ASX_ERR_DATA;
    case ASX_VERDICT_INCOMPLETE:
        asx_diags_addf(&c->diags, ASX_ERR_DATA, r->answers->file, 0, 0,
                       ASX_L("判定が差戻し (未回答の必須項目 %zu 件) のため、特記事項は作成しません。"
                             "回答の補正を受けてから作成してください",
                             "the verdict is incomplete (%zu required answers missing): have the "
                             "answers completed first"),
                       r->nunanswered);
        return ASX_ERR_DATA;
    }
    return ASX_ERR_INTERNAL;
}

static char *output_path(const options *o, const asx_answers *a, const char *ext)
{
    char *vendor = asx_safe_name(a->vendor_name ? a->vendor_name : "", 80);
    char *service = asx_safe_name(a->service_name ? a->service_name : "", 80);
    char iso[11];
    asx_date_iso(o->date, iso);
    char *p = vendor && service ? asx_strdupf("%s/%s_%s_%s_%s.%s", o->dir, vendor, service,
                                              ASX_L("特記事項", "terms"), iso, ext)
                                : NULL;
    free(vendor);
    free(service);
    return p;
}

int cmd_contract(int argc, char **argv)
{
    asx_cli c = {0};
    options o = {0};
    asx_answers *a = NULL;
    asx_result *r = NULL;
    asx_procurement *proc = NULL;
    asx_contract *ct = NULL;
    asx_font *font = NULL;
    char *docx = NULL, *pdf = NULL;
    int st = parse(argc, argv, &c, &o);
    if (st)
        return st < 0 ? EXIT_OK : st;
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (!err)
        err = asx_answers_load_file(argv[optind], &c.banks, &a, &c.diags);
    if (!err)
        err = asx_score(a, c.policy, o.date, &r, &c.diags);
    if (!err)
        err = check_verdict(&c, r);
    if (!err)
        err = asx_procurement_builtin(&proc, &c.diags);
    if (!err)
        err = asx_contract_build(proc, a, c.policy, asx_ui_lang, &ct, &c.diags);
    if (!err) /* no font, no folder: found out before anything is made */
        err = asx_font_load(o.font, &font, &c.diags);
    if (!err)
        err = cli_output_dir(&c, o.dir);
    if (!err) {
        docx = output_path(&o, a, "docx");
        pdf = output_path(&o, a, "pdf");
        if (!docx || !pdf)
            err = ASX_ERR_NOMEM;
    }
    if (!err) {
        asx_procdoc_opts po = {.date = o.date, .lang = asx_ui_lang, .force = o.force, .font = font};
        err = asx_contract_write(ct, r, proc, &po, docx, pdf, &c.diags);
    }
    if (!err)
        printf(ASX_L("%s: 判定 %s、承認の条件 %zu 件\n出力: %s, %s\n",
                     "%s: verdict %s, conditions: %zu\nWrote %s, %s\n"),
               a->service_name ? a->service_name : "", asx_verdict_label(r->verdict, asx_ui_lang),
               r->nconditions, docx, pdf);
    free(docx);
    free(pdf);
    asx_font_free(font);
    asx_contract_free(ct);
    asx_procurement_free(proc);
    asx_result_free(r);
    asx_answers_free(a);
    return cli_finish(&c, err);
}
