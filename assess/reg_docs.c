/* reg_docs.c - assess register export, report, verify and migrate: the register as documents. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "asx/checklist.h"
#include "asx/io.h"
#include "asx/json.h"
#include "asx/reg_report.h"
#include "asx/reg_term.h"
#include "asx/register.h"
#include "asx/register_report.h"
#include "asx/score.h"
#include "asx/store.h"
#include "asx/text.h"
#include "asx/util.h"
#include "asx/form.h"
#include "reg_cli.h"

/* ---- verify ---- */

static int do_verify(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    asx_verify_item *v = NULL;
    size_t n = 0, bad = 0;
    int status = reg_want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    /* the database first: its integrity, then every entry and event loads */
    asx_error err = asx_register_check_store(o->reg, o->wait, &c->diags);
    if (!err)
        err = asx_register_read(o->reg, o->wait, &r, &c->diags);
    if (!err)
        asx_term_printf(stdout, ASX_L("台帳のデータベース: 整合性に問題なし (%zu 件、履歴 %zu 件)\n",
                                      "register database: consistent (%zu entries, %zu events)\n"),
                        r->nentries, r->nhistory);
    if (!err)
        err = asx_register_verify(r, o->pack, &v, &n);
    if (err)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const char *what = v[i].state == ASX_VERIFY_OK ? "OK"
                           : v[i].state == ASX_VERIFY_MISSING ? ASX_L("ファイルなし", "MISSING")
                                                              : ASX_L("不一致", "MISMATCH");
        bad += v[i].state != ASX_VERIFY_OK;
        asx_term_printf(stdout, "%s  %s  %s\n", v[i].entry->id, what, v[i].path);
    }
    asx_term_printf(stdout, ASX_L("照合 %zu 件、不一致・欠落 %zu 件\n", "%zu file(s) checked, %zu mismatched or missing\n"),
           n, bad);
    if (bad) {
        asx_diags_addf(&c->diags, ASX_ERR_DATA, o->reg, 0, 0,
                       ASX_L("承認資料 %zu 件が承認時の SHA-256 と一致しません (改ざん・差し替えの可能性)",
                             "%zu pack file(s) do not match the SHA-256 recorded at approval"), bad);
        err = ASX_ERR_DATA;
    }
done:
    asx_verify_free(v, n);
    asx_register_free(r);
    return cli_finish(c, err);
}

/* ---- export ---- */

static int do_export(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    int status = reg_want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (o->json == (o->out != NULL) ||
        (o->out && !(reg_ends_with(o->out, ".xlsx") || reg_ends_with(o->out, ".pdf"))))
        return cli_usage(o->cmdname, ASX_L("register export には -o FILE.xlsx、-o FILE.pdf または --json のどれか 1 つが必要です",
                                           "register export needs one of -o FILE.xlsx, -o FILE.pdf or --json"));
    /* the JSON form is the register as stored, unless a date is asked for; written as it is
     * read, one entry at a time */
    if (o->json) {
        asx_error err = asx_register_export_json(o->reg, o->wait, o->has_as_of ? &o->as_of : NULL,
                                                 o->has_status ? &o->status : NULL, stdout,
                                                 &c->diags);
        return cli_finish(c, err);
    }
    asx_error err = o->json && !o->has_as_of
                        ? asx_register_read(o->reg, o->wait, &r, &c->diags)
                        : asx_register_read_as_of(o->reg, o->wait, o->as_of, true, &r, &c->diags);
    if (!err && o->has_status)
        asx_register_filter(r, o->status);
    if (!err && o->json) {
        /* the register's own JSON form (assess-register/1), history included */
        char *text = asx_register_to_json(r);
        asx_register_free(r);
        if (text)
            fputs(text, stdout);
        free(text);
        return cli_finish(c, text ? ASX_OK : ASX_ERR_NOMEM);
    }
    if (!err)
        err = reg_ends_with(o->out, ".xlsx")
                  ? asx_register_export_xlsx(r, o->out, asx_ui_lang, &o->as_of, o->force, &c->diags)
                  : asx_register_export_pdf(r, o->font, o->out, asx_ui_lang, &o->as_of, o->force,
                                            &c->diags);
    asx_register_free(r);
    return cli_finish(c, err);
}

/* ---- migrate ---- */

static int do_migrate(reg_opts *o, asx_cli *c)
{
    int status = reg_want_pos(o, 1, ASX_L("JSON の台帳 1 つ", "one JSON register"));
    if (status)
        return status;
    if (!o->out)
        return cli_usage(o->cmdname, ASX_L("register migrate には -o 新しい台帳.sqlite が必要です",
                                           "register migrate needs -o NEW.sqlite"));
    asx_error err = asx_register_migrate(o->pos[0], o->out, o->mode, o->force, &c->diags);
    if (!err)
        asx_term_printf(stderr, ASX_L("assess: %s を %s に移しました\n", "assess: %s moved to %s\n"),
                        o->pos[0], o->out);
    return cli_finish(c, err);
}

/* ---- report ---- */

/* -o DIR: a missing last folder is created; its parent must exist (73). */
static asx_error make_dir(const char *dir, asx_diags *d)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return ASX_OK;
        asx_diags_addf(d, ASX_ERR_CANTCREAT, dir, 0, 0, ASX_L("フォルダではありません", "not a folder"));
        return ASX_ERR_CANTCREAT;
    }
    if (mkdir(dir, 0750) != 0) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, dir, 0, 0,
                       ASX_L("出力先のフォルダを作成できません: %s", "cannot create the output folder: %s"),
                       strerror(errno));
        return ASX_ERR_CANTCREAT;
    }
    return ASX_OK;
}

static int do_report(reg_opts *o, asx_cli *c)
{
    int status = reg_want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (!o->fiscal_year)
        return cli_usage(o->cmdname, ASX_L("register report には --fiscal-year 年度 (例 2026) が必要です",
                                           "register report needs --fiscal-year YEAR (e.g. 2026)"));
    if (!o->out && !o->json)
        return cli_usage(o->cmdname, ASX_L("register report には -o DIR (または --json) が必要です",
                                           "register report needs -o DIR (or --json)"));
    asx_reg_report *rep = NULL;
    char *pdf = NULL, *xlsx = NULL;
    asx_date as_of = o->has_as_of ? o->as_of : asx_reg_report_as_of(o->fiscal_year, o->as_of);
    /* the policy numbers the clauses the report cites (SPEC §8.6) */
    asx_error err = cli_policy(c);
    /* read one entry at a time: the report never holds the register (SPEC §8.4, scale) */
    if (!err)
        err = asx_reg_report_read(o->reg, o->wait, c->policy, o->fiscal_year, as_of, &rep,
                                  &c->diags);
    if (err)
        goto done;
    if (o->json)
        err = asx_reg_report_json_write(rep, stdout);
    if (err)
        goto done;
    if (!o->out)
        goto done;
    pdf = asx_strdupf("%s/register-report-%d.pdf", o->out, o->fiscal_year);
    xlsx = asx_strdupf("%s/register-report-%d.xlsx", o->out, o->fiscal_year);
    if (!pdf || !xlsx) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    err = make_dir(o->out, &c->diags);
    if (!err)
        err = asx_refuse_existing(pdf, o->force, &c->diags);
    if (!err)
        err = asx_refuse_existing(xlsx, o->force, &c->diags);
    /* both files or neither: an old pair stays as it was when either cannot be written */
    asx_outset *set = err ? NULL : asx_outset_new(o->force);
    if (!err && !set)
        err = ASX_ERR_NOMEM;
    asx_doc *doc = err ? NULL : asx_reg_report_doc(rep, asx_ui_lang);
    if (!err && !doc)
        err = ASX_ERR_NOMEM;
    asx_doc_out out = {.date = rep->as_of, .font_file = o->font, .set = set, .force = o->force};
    if (!err)
        err = asx_doc_write(doc, ASX_MEDIUM_XLSX, &out, xlsx, &c->diags);
    if (!err)
        err = asx_doc_write(doc, ASX_MEDIUM_PDF, &out, pdf, &c->diags);
    if (!err)
        err = asx_outset_commit(set, &c->diags);
    asx_doc_free(doc);
    asx_outset_free(set);
    if (!err && !o->json) {
        asx_term_printf(stdout, "%s\n%s\n", pdf, xlsx);
    }
done:
    free(pdf);
    free(xlsx);
    asx_reg_report_free(rep);
    return cli_finish(c, err);
}


int reg_cmd_export(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        CLI_OPT_OUTPUT(&o.out, "FILE.xlsx または FILE.pdf", "FILE.xlsx or FILE.pdf"),
        REG_OPT_JSON(&o), REG_OPT_AS_OF(&o), REG_OPT_STATUS(&o), REG_OPT_FORCE(&o),
        CLI_OPT_FONT(&o.font), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register export", "", "",
        "台帳を印刷用 (-o FILE.xlsx|FILE.pdf、A4 横、状態は --as-of の日) に、または JSON 形式 (--json: assess-register/1、履歴を含む) で出力します。\n",
        "Writes the register for printing (-o FILE.xlsx|FILE.pdf, A4 landscape, states on --as-of) or prints its JSON form (--json: assess-register/1, history included).\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_export);
}

int reg_cmd_report(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        {"fiscal-year", 0, CLI_TEXT, &o.fy_s, NULL, "年", "YEAR", "年度 (4月1日から翌年3月31日、必須)", "the fiscal year (1 April to 31 March; required)"},
        CLI_OPT_OUTPUT(&o.out, "報告 (PDF・XLSX) を作成するフォルダ", "the folder the report (PDF and XLSX) is written to"),
        REG_OPT_JSON(&o), REG_OPT_AS_OF(&o), REG_OPT_FORCE(&o), CLI_OPT_FONT(&o.font),
        CLI_OPT_POLICY(&c.policy_file), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register report", "", "",
        "年度の報告を作成します。台帳は今日、または終わった年度の末日の時点のもの (--as-of で変更) で、後の変更で過去の年度の報告は変わりません。\n",
        "Writes the fiscal year's report, from the register as it stood today or at the end of a year that is over (--as-of to choose): later changes do not change a past year's report.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_report);
}

int reg_cmd_verify(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        REG_OPT_PACK(&o, "承認資料をこのフォルダで照合 (既定: 登録時のフォルダ)", "look for the pack files in DIR (default: where they were recorded)"),
        REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register verify", "", "",
        "台帳のデータベースの整合性と、承認資料の SHA-256 を承認時の記録と照合します (不一致は終了コード 65)。\n",
        "Checks the register database and the pack files against the SHA-256 recorded at approval (mismatch: exit 65).\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_verify);
}

int reg_cmd_migrate(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&o.out, "新しい台帳 (SQLite のファイル、または空の PostgreSQL データベース postgresql://…)",
                       "the new register (an SQLite file, or an empty PostgreSQL database postgresql://…)"),
        REG_OPT_FORCE(&o), REG_OPT_MODE(&o), CLI_END};
    static const cli_command cmd = {"register migrate", "OLD.json", "OLD.json",
        "JSON 形式の台帳 (assess-register/1、以前の版) を、履歴を含めて新しい SQLite の台帳に移します。元のファイルは変更しません。-o postgresql://… なら空の PostgreSQL データベースに移します。OLD が SQLite の台帳なら、保存された回答や証明書のファイルも移します。\n",
        "Moves a JSON register (assess-register/1, earlier versions), history included, into a new SQLite register; the old file is not changed. With -o postgresql://… it moves into an empty PostgreSQL database. When OLD is an SQLite register, the answers and certificate files it keeps move too.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, false, do_migrate);
}

/* ---- init ---- */

static int do_init(reg_opts *o, asx_cli *c)
{
    int status = reg_want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (o->roles.n && !asx_store_is_pg(o->reg))
        return cli_usage(o->cmdname, "%s",
                         ASX_L("--grant-read は PostgreSQL の台帳のためのものです (SQLite の台帳を読めるのはファイルを読めるユーザーです。--mode 0640 とグループで決めます)",
                               "--grant-read is for a register on PostgreSQL (who can read an SQLite register is who can read its file: --mode 0640 and its group)"));
    asx_store_opts so = {.write = true, .create = true, .mode = o->mode, .wait_seconds = o->wait,
                         .tell_busy = isatty(STDERR_FILENO) != 0};
    asx_error err = asx_register_init(o->reg, &so, o->roles.v, o->roles.n, &c->diags);
    for (size_t i = 0; !err && i < o->roles.n; i++)
        asx_term_printf(stderr, ASX_L("assess: %s に台帳を読むだけの権限を与えました\n",
                                      "assess: %s may now read the register, and only read it\n"),
                        o->roles.v[i]);
    return cli_finish(c, err);
}

int reg_cmd_init(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        {"grant-read", 0, CLI_TEXTS, &o.roles, NULL, "ロール", "ROLE",
         "PostgreSQL: このロール (なければ作成) に読み取りだけを許可 (繰り返し可)",
         "PostgreSQL: let this role (created when missing) read the register and nothing else (repeatable)"},
        REG_OPT_MODE(&o), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register init", "", "",
        "台帳を作成します (既にあればそのまま。古い版のスキーマは更新します)。PostgreSQL の台帳 (--register postgresql://…) では --grant-read で監査人のロールに読み取りだけを許可します: list, show, due, report, export, verify はでき、変更は終了コード 77 で拒否されます。\n",
        "Creates the register (an existing one is left as it is; an older schema is upgraded). On PostgreSQL (--register postgresql://…), --grant-read lets an auditors' role read it and nothing else: list, show, due, report, export and verify work, a change is refused with exit 77.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_init);
}

/* ---- forms ---- */

/* register forms --due: for every entry with something due by as_of + within days, the vendor's
 * form filled with the answers the register keeps (the annual re-audit), named
 * <ID>_<vendor>_<service>.xlsx, all written together or none. */
static int do_forms(reg_opts *o, asx_cli *c)
{
    int status = reg_want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (!o->due) /* the only selection there is, named so that others can come */
        return cli_usage(o->cmdname, ASX_L("register forms には --due が必要です", "register forms needs --due"));
    if (!o->out)
        return cli_usage(o->cmdname, ASX_L("register forms には -o DIR が必要です", "register forms needs -o DIR"));
    asx_register *r = NULL;
    asx_due *v = NULL;
    size_t n = 0, made = 0;
    asx_outset *set = NULL;
    const asx_store_sel sel = {.kind = ASX_SEL_DUE,
                               .limit = asx_date_add_days(o->as_of, o->within)};
    asx_error err = cli_banks(c);
    if (!err)
        err = asx_register_read_sel(o->reg, o->wait, &o->as_of, false, &sel, &r, &c->diags);
    if (!err)
        err = asx_register_due(r, o->as_of, o->within, &v, &n);
    if (!err)
        err = make_dir(o->out, &c->diags);
    if (!err && !(set = asx_outset_new(o->force)))
        err = ASX_ERR_NOMEM;
    for (size_t i = 0; !err && i < n; i++) {
        const asx_reg_entry *e = v[i].entry;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = v[k].entry == e;
        if (seen)
            continue;
        asx_answers *a = NULL;
        char *vendor = asx_safe_name(e->vendor, 80), *service = asx_safe_name(e->service, 80);
        char *path = vendor && service ? asx_strdupf("%s/%s_%s_%s.xlsx", o->out, e->id, vendor, service)
                                       : NULL;
        err = path ? cli_answers(c, o->reg, e->id, &a) : ASX_ERR_NOMEM;
        if (!err) {
            asx_form_opts fo = {.lang = asx_ui_lang, .purpose = ASX_PURPOSE_REAUDIT, .date = o->as_of,
                                .cls = a->cls, .from = a, .force = o->force, .set = set};
            err = asx_form_write(a->bank, &fo, path, NULL, &c->diags);
        }
        if (!err)
            made++;
        asx_answers_free(a);
        free(path);
        free(vendor);
        free(service);
    }
    if (!err)
        err = asx_outset_commit(set, &c->diags);
    if (!err)
        asx_term_printf(stderr, ASX_L("assess: 期日の到来する %zu 件の様式を %s に作成しました\n",
                                      "assess: %zu form(s) of entries due written to %s\n"),
                        made, o->out);
    asx_outset_free(set);
    free(v);
    asx_register_free(r);
    return cli_finish(c, err);
}

int reg_cmd_forms(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        {"due", 0, CLI_FLAG, &o.due, NULL, NULL, NULL, "期日の到来する登録の様式 (必須)", "the forms of the entries due (required)"},
        {"within", 0, CLI_TEXT, &o.within_s, NULL, "日数", "DAYS", "この日数以内に期日が到来するもの (既定 30)", "entries with something due within DAYS (default 30)"},
        CLI_OPT_OUTPUT(&o.out, "様式を作成するフォルダ (なければ最後のフォルダを作成)", "the folder the forms are written to (its last folder is made when missing)"),
        REG_OPT_AS_OF(&o), REG_OPT_FORCE(&o), REG_OPT_WAIT(&o),
        CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file), CLI_END};
    static const cli_command cmd = {"register forms", "", "",
        "期日の到来する登録ごとに、台帳に保存された前回の回答を記入した様式 (再監査用) を作成します (<番号>_<事業者>_<サービス>.xlsx、すべて作成できたときだけ置く)。\n",
        "Writes, for every entry with something due, the vendor's form filled with the answers the register keeps (for the re-audit), named <ID>_<vendor>_<service>.xlsx; all are put in place or none.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_forms);
}
