/* cmd_spec.c - assess spec BANK --classification C/I/A -o DIR: the security section of the
 * 調達仕様書 (11-2(3)①) as DIR/spec-BANK-CnInAn.docx and .pdf. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/font.h"
#include "asx/procdocs.h"
#include "asx/procurement.h"
#include "asx/tender.h"
#include "asx/util.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "spec", "BANK --classification C/I/A -o DIR", "BANK --classification C/I/A -o DIR",
    "調達仕様書に含める情報セキュリティ要件 (対策基準 11-2(3)①) を DOCX (仕様書に貼り込む用) と\n"
    "PDF で作成します。質問票 BANK のうち、その格付けで対象となるすべての設問を「…すること」の\n"
    "要件として質問票の区分ごとに並べ、条項 (ポリシーの clause_numbers があれば組織の番号) と\n"
    "ポリシーの数値 (稼働率、通知時間、保管国など) を添えます。評価 (assess score) で必須条件と\n"
    "なる項目 (満たさなければ選定しない項目) には〔選定条件〕(業務委託 11-1 では〔必須〕) を、\n"
    "認証等の参考とする項目には〔評価項目〕を付け、選定基準 (ポリシーの evaluation_points による\n"
    "配点) を記載します。約款による利用 (cloud-light、11-3) には選定条件も選定基準もありません。\n"
    "提出書類の一覧と、回答は回答様式 (assess form) で行う旨も記載します。組織は、ポリシーの\n"
    "organization (なければ self_reference、既定 本団体) で呼びます。\n"
    "出力は DIR/spec-BANK-C2I2A2.docx と .pdf (DIR がなければ作成)。\n",
    "Writes the security requirements for the procurement specification (clause 11-2(3)①) as a\n"
    "DOCX to paste into the specification and a PDF: every question of BANK that applies to the\n"
    "classification, phrased as a requirement and grouped by the bank's sections, with its clause\n"
    "(in the organisation's numbering when the policy gives clause_numbers) and the policy's\n"
    "numbers. The items assess score knocks out (a bidder that fails one is not selected) are marked\n"
    "[Selection condition] ([Required] for outsourcing, 11-1), the items only considered (certificates)\n"
    "[Evaluated], and the selection criteria give the points (the policy's evaluation_points). A\n"
    "service used on its terms (cloud-light, 11-3) has neither. Also lists the documents to submit\n"
    "and says that answers are given on the questionnaire form (assess form). The organisation is\n"
    "named by the policy's organization (else self_reference, by default 本団体).\n"
    "Writes DIR/spec-BANK-C2I2A2.docx and .pdf (DIR is created).\n",
    "終了コード: 0 作成した, 64 使い方の誤り, 65 質問票と格付けが合わない・ポリシー不正, 66 読めない入力,\n"
    "73 出力を作成できない\n",
    "Exit status: 0 written, 64 usage, 65 bank and classification do not fit or a bad policy,\n"
    "66 unreadable input, 73 an output cannot be created\n"};

typedef struct {
    const char *dir;
    const char *font;
    const char *cls_text;
    asx_class cls;
    asx_date date;
    bool has_date;
    bool force;
} options;

/* -1 to go on with the bank id at argv[*first], else the exit status. */
static int parse(int argc, char **argv, asx_cli *c, options *o, int *first)
{
    const cli_opt opts[] = {
        {"classification", 0, CLI_TEXT, &o->cls_text, NULL, "C/I/A", "C/I/A",
         "機密性/完全性/可用性 (例: 2/2/2)。必須", "confidentiality/integrity/availability, e.g. 2/2/2 (required)"},
        CLI_OPT_OUTPUT(&o->dir, "出力先フォルダ (なければ作成)", "output folder (created when missing)"),
        CLI_OPT_POLICY(&c->policy_file),
        CLI_OPT_QUESTIONNAIRE(&c->questionnaire_file),
        CLI_OPT_DATE(&o->date, &o->has_date, "文書の日付 (既定: 今日)。同じ入力と日付なら同一のファイル",
                     "date of the documents (default: today); same inputs and date, same bytes"),
        CLI_OPT_FONT(&o->font),
        CLI_OPT_FORCE(&o->force),
        CLI_END};
    int st = cli_parse(&COMMAND, opts, argc, argv, first);
    if (st >= 0)
        return st;
    if (*first + 1 != argc)
        return cli_usage("spec", ASX_L("質問票 ID (cloud, cloud-light, outsourcing) を 1 つ指定してください",
                                       "expected one questionnaire id (cloud, cloud-light, outsourcing)"));
    if (!o->cls_text)
        return cli_usage("spec", ASX_L("情報資産の格付けを --classification 2/2/2 の形で指定してください",
                                       "expected the classification as --classification 2/2/2"));
    if (!cli_parse_class(o->cls_text, &o->cls))
        return cli_usage("spec", ASX_L("--classification は 機密性/完全性/可用性 を 2/2/2 の形で (機密性 1-3、ほか 1-2)",
                                       "--classification takes confidentiality/integrity/availability as 2/2/2 (1-3, 1-2, 1-2)"));
    if (!o->dir)
        return cli_usage("spec", ASX_L("出力先を -o DIR で指定してください", "expected -o DIR"));
    if (!o->has_date)
        o->date = asx_date_today();
    return -1;
}

int cmd_spec(int argc, char **argv)
{
    asx_cli c = {0};
    options o = {0};
    asx_procurement *proc = NULL;
    asx_spec *spec = NULL;
    asx_font *font = NULL;
    char *docx = NULL, *pdf = NULL;
    int first = 0;
    int st = parse(argc, argv, &c, &o, &first);
    if (st >= 0)
        return st;
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    const asx_bank *b = err ? NULL : asx_bankset_find(&c.banks, argv[first]);
    if (!err && !b) {
        asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("質問票 \"%s\" はありません (assess questionnaire list で一覧)",
                             "no questionnaire \"%s\" (see assess questionnaire list)"), argv[first]);
        err = ASX_ERR_USAGE;
    }
    if (!err)
        err = asx_procurement_builtin(&proc, &c.diags);
    if (!err)
        err = asx_spec_build(proc, b, c.policy, o.cls, asx_ui_lang, &spec, &c.diags);
    if (!err) /* what excludes a bidder, and the points, are the scorer's */
        asx_spec_select(spec);
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
    if (!err && spec->mark == ASX_SPEC_MARK_NONE) /* 11-3: checked by the official, nothing selects */
        printf(ASX_L("確認事項 %zu 項目 (約款による利用のため選定条件・選定基準なし、11-3)\n出力: %s, %s\n",
                     "%zu checks (a service on its terms: no selection conditions or criteria, 11-3)\nWrote %s, %s\n"),
               spec->nitems, docx, pdf);
    else if (!err)
        printf(ASX_L("要件 %zu 項目 (うち%s %zu、評価項目 %zu)\n出力: %s, %s\n",
                     "%zu requirements (%s: %zu, evaluated: %zu)\nWrote %s, %s\n"),
               spec->nitems,
               spec->mark == ASX_SPEC_MARK_REQUIRED ? ASX_L("必須", "required") : ASX_L("選定条件", "selection conditions"),
               spec->nselection, spec->nevaluated, docx, pdf);
    free(docx);
    free(pdf);
    asx_font_free(font);
    asx_spec_free(spec);
    asx_procurement_free(proc);
    return cli_finish(&c, err);
}
