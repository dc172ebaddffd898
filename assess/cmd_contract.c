/* cmd_contract.c - assess contract ANSWERS -o DIR: 情報セキュリティに関する特記事項
 * (11-2(3)②, 11-1(2)) for an approved or conditionally approved service, as DOCX and PDF. */
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
#include "options.h"

static const cli_command COMMAND = {
    "contract", "ANSWERS -o DIR", "ANSWERS -o DIR",
    "契約書に添付する「情報セキュリティに関する特記事項」(対策基準 11-2(3)②、11-1(2)) を DOCX と\n"
    "PDF で作成します。質問票の契約条項 (業務委託は 11-1(2)①〜⑬、クラウドは 11-2(2)②ア〜キ、④、\n"
    "⑤、⑥〜⑧ と利用終了時の返却・削除) を、合意した値 (回答と基準の厳しい方) で 1 度ずつ書き、\n"
    "調達仕様書を契約の一部とします。再委託先は審査記録で承認したものだけを書きます。期限つきの\n"
    "条は参考項目 (ISMAP 登録など) の根拠資料の提出だけです。\n"
    "出力は DIR/<事業者>_<サービス>_特記事項_<日付>.docx と .pdf (DIR がなければ作成)。\n",
    "Writes the information security terms to attach to the contract (clauses 11-2(3)②, 11-1(2))\n"
    "as DOCX and PDF: the bank's contract terms (11-1(2)①-⑬ for outsourcing; 11-2(2)②ア-キ, ④, ⑤,\n"
    "⑥-⑧ and the exit and deletion terms for cloud), each stated once with the value agreed (the\n"
    "stricter of the answer and the requirement), the procurement specification made part of the\n"
    "contract, only the subcontractors the review approved; the only dated articles are the\n"
    "evidence for reference items (ISMAP and the like). Writes\n"
    "DIR/<vendor>_<service>_terms_<date>.docx and .pdf (DIR is created).\n",
    "終了コード: 0 作成した, 64 使い方の誤り, 65 不承認・差戻しの回答、約款で利用するサービス (11-3) または\n"
    "入力不正, 66 読めない入力, 73 出力を作成できない\n",
    "Exit status: 0 written, 64 usage, 65 a rejected or incomplete result, a service used on its\n"
    "published terms (11-3) or invalid input, 66 unreadable input, 73 an output cannot be created\n"};

typedef struct {
    const char *dir;
    const char *font;
    asx_date date;
    bool has_date;
    bool force;
    const char *review; /* --review FILE */
} options;

/* -1 to go on with the answers file at argv[*first], else the exit status. */
static int parse(int argc, char **argv, asx_cli *c, options *o, int *first)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&o->dir, "出力先フォルダ (なければ作成)", "output folder (created when missing)"),
        CLI_OPT_POLICY(&c->policy_file),
        CLI_OPT_QUESTIONNAIRE(&c->questionnaire_file),
        CLI_OPT_DATE(&o->date, &o->has_date, "判定日・文書の日付 (既定: 今日)。条件の履行期限はこの日から数える",
                     "date of the decision and the documents (default: today); due dates count from it"),
        CLI_OPT_REVIEW(&o->review),
        CLI_OPT_FONT(&o->font),
        CLI_OPT_FORCE(&o->force),
        CLI_END};
    int st = cli_parse(&COMMAND, opts, argc, argv, first);
    if (st >= 0)
        return st;
    if (*first + 1 != argc)
        return cli_usage("contract", ASX_L("回答ファイルを 1 つ指定してください", "expected one answers file"));
    if (!o->dir)
        return cli_usage("contract", ASX_L("出力先を -o DIR で指定してください", "expected -o DIR"));
    if (!o->has_date)
        o->date = asx_date_today();
    return -1;
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
    case ASX_VERDICT_PENDING: {
        char *w = asx_result_pending_text(r, asx_ui_lang);
        asx_diags_addf(&c->diags, ASX_ERR_DATA, r->answers->file, 0, 0,
                       ASX_L("判定が審査未了 (判断待ち: %s) のため、特記事項は作成しません。"
                             "審査記録 (--review) に判断を記録してから作成してください",
                             "the verdict is pending (awaiting: %s): record the judgments in the "
                             "review (--review) first"),
                       w ? w : "");
        free(w);
        return ASX_ERR_DATA;
    }
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
    asx_review *rv = NULL;
    asx_result *r = NULL;
    asx_procurement *proc = NULL;
    asx_contract *ct = NULL;
    asx_font *font = NULL;
    char *docx = NULL, *pdf = NULL;
    int first = 0;
    int st = parse(argc, argv, &c, &o, &first);
    if (st >= 0)
        return st;
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (!err)
        err = asx_answers_load_file(argv[first], &c.banks, &a, &c.diags);
    if (!err)
        err = cli_review(&c.diags, o.review, a, &rv);
    if (!err) /* 11-2(3)②: compliance with the spec is confirmed before the contract */
        err = asx_score_review(a, rv, c.policy, o.date, ASX_SCORE_CONTRACT, &r, &c.diags);
    if (!err)
        err = check_verdict(&c, r);
    if (!err)
        err = asx_procurement_builtin(&proc, &c.diags);
    if (!err && asx_procurement_contract(proc, a->bank->id)) /* a bank given with --questionnaire:
        * every term its articles state is there, and every term it has is stated (none dropped) */
        err = asx_procurement_check(proc, a->bank, false, &c.diags);
    if (!err) { /* what the result agreed: terms, values, the subcontractors as reviewed */
        asx_contract_input in = asx_result_contract_input(r);
        err = asx_contract_build(proc, a, c.policy, &in, asx_ui_lang, &ct, &c.diags);
    }
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
        err = asx_contract_write(ct, r, &po, docx, pdf, &c.diags);
    }
    if (!err) {
        printf(ASX_L("%s: 判定 %s、承認の条件 %zu 件", "%s: verdict %s, conditions: %zu"),
               a->service_name ? a->service_name : "", asx_verdict_label(r->verdict, asx_ui_lang),
               r->nconditions);
        if (r->nconditions) /* where each went (SPEC §8.3): the result says */
            printf(ASX_L(" (本文の条項 %zu 件、期限つきの条 %zu 件、担当者が確認するもの %zu 件)",
                         " (terms of the body: %zu, dated articles: %zu, for the officer to check: %zu)"),
                   r->nplaced[ASX_COND_TERM], r->nplaced[ASX_COND_DATED], r->nplaced[ASX_COND_OFFICER]);
        printf(ASX_L("\n出力: %s, %s\n", "\nWrote %s, %s\n"), docx, pdf);
    }
    free(docx);
    free(pdf);
    asx_font_free(font);
    asx_contract_free(ct);
    asx_procurement_free(proc);
    asx_result_free(r);
    asx_review_free(rv);
    asx_answers_free(a);
    return cli_finish(&c, err);
}
