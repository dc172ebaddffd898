/* cmd_register.c - assess register: the register of approved services (承認済み外部サービス台帳).
 *
 * Subcommands add, list, show, revoke, renew, due, verify, export, condition, check, report,
 * migrate. Every change goes through asx_register_change() (one transaction of the store);
 * reads take one read transaction. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/json.h"
#include "asx/checklist.h"
#include "asx/io.h"
#include "asx/reg_report.h"
#include "asx/reg_term.h"
#include "asx/register.h"
#include "asx/register_report.h"
#include "asx/score.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"
#include "options.h"

/* Pack files are DIR/<name>.pdf and .xlsx, name = cli_pack_name() of the decision date, as pack. */

typedef struct {
    const char *sub;
    const char *reg;
    const char *approver, *manager, *pack, *reason, *by, *out;
    const char *evidence, *record, *answers, *font;
    bool met, waived, exit_code, has_phase, has_cond_due;
    asx_check_phase phase;
    asx_date cond_due;
    int fiscal_year; /* 0: none */
    cli_texts conds;
    const char *status_s, *within_s, *mode_s, *phase_s, *fy_s, *wait_s;
    int wait; /* seconds a busy register is waited for */
    asx_date date, as_of;
    bool has_date, has_as_of, has_status, json, force;
    asx_reg_status status;
    int within;
    mode_t mode;
    char **pos;
    int npos;
} reg_opts;

static const cli_command COMMAND = {
    "register", "SUBCOMMAND [ID] [ANSWERS] …", "SUBCOMMAND [ID] [ANSWERS] ...",
    "承認済み外部サービス台帳 (SQLite のデータベース 1 つ) を管理します。変更は 1 件ずつトランザクションで書き込み、履歴を残します。\n\n"
        "  add ANSWERS --approver 氏名 --manager 氏名 [--conditions 条件]… [--pack DIR] [--date D]\n"
        "        承認・条件付き承認の評価を登録し、新しい番号 (EXT-年-連番) を表示。不承認・差戻しは登録しない (終了コード 65)\n"
        "        --pack DIR: DIR/<事業者>_<サービス>.pdf と .xlsx の SHA-256 を記録\n"
        "  list [--status 状態] [--as-of D] [--json]         一覧 (状態: 有効、条件未履行、期限切れ、取消、利用終了)\n"
        "  show ID [--json]                                   1 件の詳細と履歴\n"
        "  revoke ID --reason 理由 [--date D]                 取消\n"
        "  renew ID ANSWERS --approver 氏名 [--date D] [--pack DIR] [--conditions 条件]…  再監査後の更新 (次回見直し日を再計算)\n"
        "  due [--as-of D] [--within 日数] [--json]           見直し・証明書期限・承認の条件・運用時点検の期日 (既定: 今日から 30 日以内)\n"
        "  verify [--pack DIR]                                台帳のデータベースの整合性と承認資料の SHA-256 を照合 (不一致は終了コード 65)\n"
        "  export -o FILE.xlsx|FILE.pdf [--as-of D] [--force] 台帳を印刷用に出力 (A4 横、状態は D 時点)\n"
        "  export --json                                      台帳の JSON 形式 (assess-register/1、履歴を含む) を標準出力へ\n"
        "  migrate OLD.json -o NEW.sqlite                     JSON 形式の台帳 (以前の版) を SQLite の台帳に移す\n"
        "  condition ID N --met|--waived --evidence 根拠 [--date D] [--by 氏名]\n"
        "        条件付き承認の条件 N の履行 (または免除) を記録\n"
        "  check ID --phase build|operate|exit -o 点検表.xlsx [--answers ANSWERS]\n"
        "        導入・構築時 (11-2(5))、運用・保守時 (11-2(6))、更改・廃棄時 (11-2(7)) の点検表を作成\n"
        "  check ID --phase build|operate|exit --record 点検表.xlsx\n"
        "        記入済みの点検表を記録 (運用時点検は次回期日を更新、終了時点検で利用終了)\n"
        "  report --fiscal-year 年 -o DIR [--as-of D]         年度の報告 (PDF・XLSX) を DIR に作成\n"
        "  due … --exit-code                                  期日の到来があれば終了コード 1 (定期実行用)\n",
    "Keeps the register of approved services (one SQLite database). Each change is one "
        "transaction and is recorded in its history.\n\n"
        "  add ANSWERS --approver NAME --manager NAME [--conditions TEXT]... [--pack DIR] [--date D]\n"
        "        record an approved or conditional result and print its new id (EXT-YEAR-SEQ);\n"
        "        rejected and incomplete results are refused (exit 65)\n"
        "        --pack DIR: record the SHA-256 of DIR/<vendor>_<service>.pdf and .xlsx\n"
        "  list [--status STATUS] [--as-of D] [--json]   entries with their state on D\n"
        "  show ID [--json]                 one entry with its history\n"
        "  revoke ID --reason TEXT [--date D]\n"
        "  renew ID ANSWERS --approver NAME [--date D] [--pack DIR] [--conditions TEXT]...  after a re-audit\n"
        "  due [--as-of D] [--within DAYS] [--json]   reviews, evidence, conditions and operation checks due (default: 30 days)\n"
        "  verify [--pack DIR]              check the database's integrity and the pack files' SHA-256 (mismatch: exit 65)\n"
        "  export -o FILE.xlsx|FILE.pdf [--as-of D] [--force]  the register for printing (A4 landscape)\n"
        "  export --json                    the register's JSON form (assess-register/1, history included) on stdout\n"
        "  migrate OLD.json -o NEW.sqlite   move a JSON register (earlier versions) into a new SQLite register\n"
        "  condition ID N --met|--waived --evidence TEXT [--date D] [--by NAME]\n"
        "        record how condition N of a conditional approval was met (or waived)\n"
        "  check ID --phase build|operate|exit -o CHECKLIST.xlsx [--answers ANSWERS]\n"
        "        the checklist of 11-2(5) (build), 11-2(6) (operation) or 11-2(7) (exit)\n"
        "  check ID --phase build|operate|exit --record CHECKLIST.xlsx\n"
        "        record the filled checklist (operation: next check moves on; exit: the entry ends)\n"
        "  report --fiscal-year YEAR -o DIR [--as-of D]  the year's report (PDF and XLSX) in DIR\n"
        "  due ... --exit-code              exit 1 when anything is due (for a scheduled job)\n",
    "終了コード: 0 成功, 1 (due --exit-code) 期日の到来あり, 64 使い方の誤り, 65 入力・台帳の不正 (台帳はそのまま), 66 読めない入力, 73 出力できない, 74 書き込みの失敗, 75 台帳が使用中 (--wait 秒待った後、何も変更していない)\n",
    "Exit status: 0 success, 1 (due --exit-code) something is due, 64 usage, 65 invalid input or register (left as it is), 66 unreadable input, 73 cannot create, 74 write error, 75 the register is busy (after --wait seconds; nothing changed)\n"};

static int parse_opts(int argc, char **argv, reg_opts *o, asx_cli *c)
{
    bool met = false, waived = false, exit_code = false, json = false, force = false;
    const cli_opt opts[] = {
        {"register", 0, CLI_TEXT, &o->reg, NULL, "FILE", "FILE", "台帳ファイル (既定: 環境変数 ASSESS_REGISTER)", "the register (default: $ASSESS_REGISTER)"},
        {"approver", 0, CLI_NAME, &o->approver, NULL, "氏名", "NAME", "許可権限者 (add, renew で必須)", "the approver (required by add and renew)"},
        {"manager", 0, CLI_NAME, &o->manager, NULL, "氏名", "NAME", "外部サービス管理者 (add で必須)", "the 外部サービス管理者 (required by add)"},
        {"conditions", 0, CLI_PROSES, &o->conds, NULL, "条件", "TEXT", "承認の条件を追加 (繰り返し可)", "another condition of the approval (repeatable)"},
        {"condition", 0, CLI_PROSES, &o->conds, NULL, "条件", "TEXT", "--conditions と同じ", "the same as --conditions"},
        {"condition-due", 0, CLI_DATE, &o->cond_due, &o->has_cond_due, "YYYY-MM-DD", "YYYY-MM-DD", "条件の履行期限 (既定: 判定日 + condition_due_days)", "due date of the conditions (default: decision + condition_due_days)"},
        {"pack", 0, CLI_TEXT, &o->pack, NULL, "DIR", "DIR", "承認資料のフォルダ (SHA-256 を記録・照合)", "the pack folder (SHA-256 recorded, verified)"},
        CLI_OPT_DATE(&o->date, &o->has_date, "判定・更新・取消・履行の日 (既定: 今日)", "date of the decision, renewal, revocation or condition (default: today)"),
        {"as-of", 0, CLI_DATE, &o->as_of, &o->has_as_of, "YYYY-MM-DD", "YYYY-MM-DD", "この日の状態・期日で表示 (既定: 今日)", "show states and dues on this date (default: today)"},
        {"within", 0, CLI_TEXT, &o->within_s, NULL, "日数", "DAYS", "due: この日数以内に到来するもの (既定 30)", "due: what falls due within DAYS (default 30)"},
        {"status", 0, CLI_TEXT, &o->status_s, NULL, "状態", "STATUS", "list, export: active, revoked, expired, ended のものだけ", "list, export: only entries of this status (active, revoked, expired, ended)"},
        {"reason", 0, CLI_PROSE, &o->reason, NULL, "理由", "TEXT", "revoke: 取消理由", "revoke: the reason"},
        {"met", 0, CLI_FLAG, &met, NULL, NULL, NULL, "condition: 履行された", "condition: met"},
        {"waived", 0, CLI_FLAG, &waived, NULL, NULL, NULL, "condition: 免除された", "condition: waived"},
        {"evidence", 0, CLI_PROSE, &o->evidence, NULL, "根拠", "TEXT", "condition: 履行・免除を示す根拠", "condition: what shows it"},
        {"phase", 0, CLI_TEXT, &o->phase_s, NULL, "段階", "PHASE", "check: build, operate, exit", "check: build, operate or exit"},
        {"record", 0, CLI_TEXT, &o->record, NULL, "FILE.xlsx", "FILE.xlsx", "check: 記入済みの点検表を記録", "check: record the filled checklist"},
        {"answers", 0, CLI_TEXT, &o->answers, NULL, "ANSWERS", "ANSWERS", "check: 事業者の回答を点検表に添える", "check: put the vendor's answers beside each item"},
        {"fiscal-year", 0, CLI_TEXT, &o->fy_s, NULL, "年", "YEAR", "report: 年度 (4月1日から翌年3月31日)", "report: the fiscal year (1 April to 31 March)"},
        {"exit-code", 0, CLI_FLAG, &exit_code, NULL, NULL, NULL, "due: 期日の到来があれば終了コード 1", "due: exit 1 when anything is due"},
        {"by", 0, CLI_NAME, &o->by, NULL, "氏名", "NAME", "履歴に記録する操作者 (既定: $USER)", "who is recorded in the history (default: $USER)"},
        {"wait", 0, CLI_TEXT, &o->wait_s, NULL, "秒", "SECONDS", "台帳が使用中のとき待つ秒数 (既定 30、過ぎると終了コード 75)", "how long to wait for a busy register (default 30; then exit 75)"},
        {"mode", 0, CLI_TEXT, &o->mode_s, NULL, "8進数", "OCTAL", "台帳ファイルの権限 (新規 0640、既存は現状維持)", "file mode of the register (new: 0640; existing: kept)"},
        CLI_OPT_OUTPUT(&o->out, "export: FILE.xlsx|FILE.pdf、check: 点検表.xlsx、report: DIR", "export: FILE.xlsx|FILE.pdf, check: CHECKLIST.xlsx, report: DIR"),
        CLI_OPT_FORCE(&force),
        CLI_OPT_JSON(&json),
        CLI_OPT_FONT(&o->font),
        CLI_OPT_POLICY(&c->policy_file),
        CLI_OPT_QUESTIONNAIRE(&c->questionnaire_file),
        CLI_END};
    int first = 0;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status == 0 ? -2 : status;
    o->met = met;
    o->waived = waived;
    o->exit_code = exit_code;
    o->json = json;
    o->force = force;
    char *end = NULL;
    long v;
    if (o->status_s) {
        if (!asx_reg_status_parse(o->status_s, &o->status))
            return cli_usage("register", ASX_L("--status は active, revoked, expired, ended のいずれかです (\"%s\")",
                                               "--status takes active, revoked, expired or ended, not \"%s\""), o->status_s);
        o->has_status = true;
    }
    if (o->phase_s) {
        if (!asx_check_phase_parse(o->phase_s, &o->phase))
            return cli_usage("register", ASX_L("--phase は build, operate, exit のいずれかです (\"%s\")",
                                               "--phase takes build, operate or exit, not \"%s\""), o->phase_s);
        o->has_phase = true;
    }
    if (o->within_s) {
        v = strtol(o->within_s, &end, 10);
        if (end == o->within_s || *end || v < 0 || v > 36600)
            return cli_usage("register", ASX_L("--within は 0 以上の日数です (\"%s\")",
                                               "--within takes a number of days >= 0, not \"%s\""), o->within_s);
        o->within = (int)v;
    }
    o->wait = ASX_REGISTER_WAIT;
    if (o->wait_s) {
        v = strtol(o->wait_s, &end, 10);
        if (end == o->wait_s || *end || v < 0 || v > 86400)
            return cli_usage("register", ASX_L("--wait は 0 以上の秒数です (\"%s\")",
                                               "--wait takes a number of seconds >= 0, not \"%s\""), o->wait_s);
        o->wait = (int)v;
    }
    if (o->mode_s) {
        v = strtol(o->mode_s, &end, 8);
        if (end == o->mode_s || *end || v <= 0 || v > 0777 || !(v & 0200))
            return cli_usage("register", ASX_L("--mode は所有者が書き込める 8 進数の権限です (例 0640) (\"%s\")",
                                               "--mode takes an octal mode the owner can write (e.g. 0640), not \"%s\""), o->mode_s);
        o->mode = (mode_t)v;
    }
    if (o->fy_s) {
        v = strtol(o->fy_s, &end, 10);
        if (end == o->fy_s || *end || v < 1990 || v > 9000)
            return cli_usage("register", ASX_L("--fiscal-year は西暦の年度です (例 2026) (\"%s\")",
                                               "--fiscal-year takes a year such as 2026, not \"%s\""), o->fy_s);
        o->fiscal_year = (int)v;
    }
    o->pos = argv + first;
    o->npos = argc - first;
    if (!o->reg)
        o->reg = getenv("ASSESS_REGISTER");
    if (o->sub && strcmp(o->sub, "migrate") == 0)
        o->reg = ""; /* migrate names its input and output itself */
    else if (!o->reg || !*o->reg)
        return cli_usage("register", ASX_L("--register FILE (または環境変数 ASSESS_REGISTER) で台帳を指定してください",
                                           "give the register with --register FILE (or $ASSESS_REGISTER)"));
    if (!o->has_date)
        o->date = asx_date_today();
    if (!o->has_as_of)
        o->as_of = asx_date_today();
    return 0;
}

static int want_pos(const reg_opts *o, int n, const char *what)
{
    if (o->npos == n)
        return 0;
    return cli_usage("register", ASX_L("register %s には %s を指定してください", "register %s takes %s"),
                     o->sub, what);
}

/* One change of the register, as the options say (wait, mode, a message when busy on a
 * terminal). */
static asx_error reg_change(const reg_opts *o, bool create, const char *organization,
                            asx_register_fn fn, void *ctx, asx_diags *d)
{
    asx_store_opts so = {.write = true, .create = create, .organization = organization,
                         .mode = o->mode, .wait_seconds = o->wait,
                         .tell_busy = isatty(STDERR_FILENO) != 0};
    return asx_register_change(o->reg, &so, fn, ctx, d);
}

/* ---- output helpers ---- */

static int print_json(cJSON *root)
{
    char *s = root ? asx_json_output(root) : NULL;
    cJSON_Delete(root);
    if (!s)
        return EXIT_SOFTWARE;
    printf("%s\n", s); /* JSON: cJSON has escaped every control character */
    cJSON_free(s);
    return 0;
}

/* ---- add / renew ---- */

typedef struct {
    reg_opts *o;
    asx_reg_input in;
    const char *id; /* renew */
    char new_id[32];
} add_ctx;

static asx_error add_fn(asx_register *r, void *vctx, asx_diags *d)
{
    add_ctx *ac = vctx;
    return asx_register_add(r, &ac->in, ac->new_id, sizeof ac->new_id, d);
}

static asx_error renew_fn(asx_register *r, void *vctx, asx_diags *d)
{
    add_ctx *ac = vctx;
    return asx_register_renew(r, ac->id, &ac->in, d);
}

/* SHA-256 of DIR/<name>.pdf and .xlsx; *dir_abs is the folder's absolute path. */
static asx_error hash_pack(const char *dir, const asx_answers *a, asx_date date, char **dir_abs,
                           asx_reg_packfile pf[2], asx_diags *d)
{
    static const char *const ext[2] = {".pdf", ".xlsx"};
    asx_error err = ASX_OK;
    char *name = cli_pack_name(a, date);
    *dir_abs = realpath(dir, NULL);
    if (!name) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    if (!*dir_abs) {
        err = ASX_ERR_NOINPUT;
        asx_diags_addf(d, err, dir, 0, 0, ASX_L("承認資料のフォルダがありません", "no such pack folder"));
        goto done;
    }
    for (int i = 0; i < 2 && !err; i++) {
        pf[i].file = asx_strdupf("%s%s", name, ext[i]);
        char *path = pf[i].file ? asx_strdupf("%s/%s", *dir_abs, pf[i].file) : NULL;
        err = path ? asx_sha256_file(path, pf[i].sha256, d) : ASX_ERR_NOMEM;
        if (err && err != ASX_ERR_NOMEM)
            asx_diags_addf(d, err, path, 0, 0,
                           ASX_L("承認資料を読めません (assess pack で作成したフォルダを --pack に指定してください)",
                                 "cannot read the pack file (give --pack the folder assess pack wrote)"));
        free(path);
    }
done:
    free(name);
    return err;
}

static int do_add_or_renew(reg_opts *o, asx_cli *c, bool renew)
{
    asx_answers *ans = NULL;
    asx_result *res = NULL;
    char *pack_dir = NULL;
    asx_reg_packfile pf[2] = {{0}, {0}};
    char sha[65];
    add_ctx ac = {0};
    asx_error err = ASX_OK;
    int status = renew ? want_pos(o, 2, "ID ANSWERS") : want_pos(o, 1, "ANSWERS");
    if (status)
        goto out;
    const char *answers = renew ? o->pos[1] : o->pos[0];
    if (renew && (!o->approver || !*o->approver)) {
        status = cli_usage("register", ASX_L("register renew には --approver (許可権限者) が必要です (判定が下がった場合も承認者を記録します)",
                                             "register renew needs --approver NAME (the approver is recorded, also when the verdict goes down)"));
        goto out;
    }
    if (!renew && (!o->approver || !*o->approver || !o->manager || !*o->manager)) {
        status = cli_usage("register", ASX_L("register add には --approver (許可権限者) と --manager (外部サービス管理者) が必要です",
                                             "register add needs --approver NAME and --manager NAME"));
        goto out;
    }
    err = asx_register_date_ok(o->date, asx_date_today(), false, NULL, "--date", &c->diags);
    if (!err)
        err = cli_banks(c);
    if (!err)
        err = cli_policy(c);
    if (!err)
        err = asx_answers_load_file(answers, &c->banks, &ans, &c->diags);
    if (!err)
        err = asx_score(ans, c->policy, o->date, &res, &c->diags);
    if (!err)
        err = asx_register_check_result(res, renew ? ASX_L("更新", "renewed")
                                                   : ASX_L("台帳に登録", "registered"),
                                        &c->diags);
    if (!err)
        err = asx_sha256_file(answers, sha, &c->diags);
    if (!err && o->pack)
        err = hash_pack(o->pack, ans, o->date, &pack_dir, pf, &c->diags);
    if (err)
        goto done;
    ac.o = o;
    ac.id = renew ? o->pos[0] : NULL;
    ac.in = (asx_reg_input){.result = res,
                            .approver = o->approver,
                            .manager = o->manager,
                            .conditions = o->conds.v,
                            .nconditions = o->conds.n,
                            .condition_due = o->has_cond_due ? &o->cond_due : NULL,
                            .date = o->date,
                            .answers_sha256 = sha,
                            .pack_dir = pack_dir,
                            .pack = pf,
                            .npack = pack_dir ? 2 : 0,
                            .user = o->by,
                            .lang = asx_ui_lang};
    err = reg_change(o, !renew, c->policy->organization,
                     renew ? renew_fn : add_fn, &ac, &c->diags);
    if (err)
        goto done;
    if (renew) {
        asx_term_printf(stderr, ASX_L("assess: %s を更新しました\n", "assess: %s renewed\n"), ac.id);
        asx_term_printf(stdout, "%s\n", ac.id);
    } else {
        asx_term_printf(stdout, "%s\n", ac.new_id);
    }
done:
    /* the result and answers borrow the banks and policy that cli_finish frees */
    asx_result_free(res);
    asx_answers_free(ans);
    res = NULL;
    ans = NULL;
    status = cli_finish(c, err);
out:
    free(pack_dir);
    free(pf[0].file);
    free(pf[1].file);
    asx_result_free(res);
    asx_answers_free(ans);
    return status;
}

/* ---- revoke ---- */

typedef struct {
    reg_opts *o;
} revoke_ctx;

static asx_error revoke_fn(asx_register *r, void *vctx, asx_diags *d)
{
    revoke_ctx *rc = vctx;
    return asx_register_revoke(r, rc->o->pos[0], rc->o->reason, rc->o->date, rc->o->by, d);
}

static int do_revoke(reg_opts *o, asx_cli *c)
{
    int status = want_pos(o, 1, "ID");
    if (status)
        return status;
    if (!o->reason || !*o->reason)
        return cli_usage("register", ASX_L("register revoke には --reason (取消理由) が必要です",
                                           "register revoke needs --reason TEXT"));
    revoke_ctx rc = {o};
    asx_error err = asx_register_date_ok(o->date, asx_date_today(), false, NULL, "--date", &c->diags);
    if (!err)
        err = reg_change(o, false, NULL, revoke_fn, &rc, &c->diags);
    if (!err)
        asx_term_printf(stderr, ASX_L("assess: %s を取り消しました\n", "assess: %s revoked\n"), o->pos[0]);
    return cli_finish(c, err);
}

/* ---- list / show ---- */

static int print_text(char *text)
{
    if (!text)
        return 1;
    fputs(text, stdout);
    putchar('\n');
    free(text);
    return 0;
}

static int do_list(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    int status = want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    asx_error err = asx_register_read_as_of(o->reg, o->wait, o->as_of, &r, &c->diags);
    if (err)
        return cli_finish(c, err);
    if (o->json) {
        if (print_text(asx_register_list_json(r, o->as_of, o->has_status ? &o->status : NULL)))
            err = ASX_ERR_NOMEM;
        asx_register_free(r);
        return cli_finish(c, err);
    }
    asx_register_print_list(stdout, r, o->as_of, o->has_status ? &o->status : NULL);
    asx_register_free(r);
    return cli_finish(c, ASX_OK);
}

static int do_show(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    int status = want_pos(o, 1, "ID");
    if (status)
        return status;
    asx_error err = asx_register_read_as_of(o->reg, o->wait, o->as_of, &r, &c->diags);
    if (err)
        return cli_finish(c, err);
    const asx_reg_entry *e = asx_register_find(r, o->pos[0]);
    if (!e) {
        asx_diags_addf(&c->diags, ASX_ERR_DATA, o->reg, 0, 0,
                       ASX_L("台帳に %s はありません", "no entry %s in the register"), o->pos[0]);
        err = ASX_ERR_DATA;
    } else if (o->json) {
        if (print_json(asx_reg_entry_json(e)))
            err = ASX_ERR_NOMEM;
    } else {
        asx_register_print_entry(stdout, r, e, o->as_of);
    }
    asx_register_free(r);
    return cli_finish(c, err);
}

/* ---- due ---- */

static int do_due(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    asx_due *v = NULL;
    size_t n = 0;
    int status = want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    asx_error err = asx_register_read_as_of(o->reg, o->wait, o->as_of, &r, &c->diags);
    if (!err)
        err = asx_register_due(r, o->as_of, o->within, &v, &n);
    if (err)
        goto done;
    if (o->json) {
        if (print_text(asx_register_due_json(v, n, o->as_of, o->within)))
            err = ASX_ERR_NOMEM;
        goto done;
    }
    asx_register_print_due(stdout, v, n, o->as_of, o->within);
done:
    free(v);
    asx_register_free(r);
    status = cli_finish(c, err);
    if (status == 0 && o->exit_code && n > 0)
        status = 1; /* like git diff --exit-code: something is due */
    return status;
}

/* ---- verify ---- */

static int do_verify(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    asx_verify_item *v = NULL;
    size_t n = 0, bad = 0;
    int status = want_pos(o, 0, ASX_L("引数なし", "no arguments"));
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

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int do_export(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    int status = want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (o->json == (o->out != NULL) ||
        (o->out && !(ends_with(o->out, ".xlsx") || ends_with(o->out, ".pdf"))))
        return cli_usage("register", ASX_L("register export には -o FILE.xlsx、-o FILE.pdf または --json のどれか 1 つが必要です",
                                           "register export needs one of -o FILE.xlsx, -o FILE.pdf or --json"));
    /* the JSON form is the register as stored, unless a date is asked for */
    asx_error err = o->json && !o->has_as_of
                        ? asx_register_read(o->reg, o->wait, &r, &c->diags)
                        : asx_register_read_as_of(o->reg, o->wait, o->as_of, &r, &c->diags);
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
        err = ends_with(o->out, ".xlsx")
                  ? asx_register_export_xlsx(r, o->out, asx_ui_lang, &o->as_of, o->force, &c->diags)
                  : asx_register_export_pdf(r, o->font, o->out, asx_ui_lang, &o->as_of, o->force,
                                            &c->diags);
    asx_register_free(r);
    return cli_finish(c, err);
}

/* ---- migrate ---- */

static int do_migrate(reg_opts *o, asx_cli *c)
{
    int status = want_pos(o, 1, ASX_L("JSON の台帳 1 つ", "one JSON register"));
    if (status)
        return status;
    if (!o->out)
        return cli_usage("register", ASX_L("register migrate には -o 新しい台帳.sqlite が必要です",
                                           "register migrate needs -o NEW.sqlite"));
    asx_error err = asx_register_migrate(o->pos[0], o->out, o->mode, o->force, &c->diags);
    if (!err)
        asx_term_printf(stderr, ASX_L("assess: %s を %s に移しました\n", "assess: %s moved to %s\n"),
                        o->pos[0], o->out);
    return cli_finish(c, err);
}

/* ---- condition ---- */

typedef struct {
    reg_opts *o;
    size_t n;
} cond_ctx;

static asx_error condition_fn(asx_register *r, void *vctx, asx_diags *d)
{
    cond_ctx *cc = vctx;
    return asx_register_condition(r, cc->o->pos[0], cc->n,
                                  cc->o->met ? ASX_COND_MET : ASX_COND_WAIVED, cc->o->evidence,
                                  cc->o->date, cc->o->by, d);
}

static int do_condition(reg_opts *o, asx_cli *c)
{
    int status = want_pos(o, 2, "ID N");
    if (status)
        return status;
    char *end = NULL;
    long n = strtol(o->pos[1], &end, 10);
    if (end == o->pos[1] || *end || n < 1 || n > 100000)
        return cli_usage("register", ASX_L("条件の番号 N は 1 以上の整数です (\"%s\")",
                                           "the condition number N is a whole number from 1, not \"%s\""),
                         o->pos[1]);
    if (o->met == o->waived)
        return cli_usage("register", ASX_L("register condition には --met (履行) か --waived (免除) のどちらか一方を指定してください",
                                           "register condition takes one of --met or --waived"));
    if (!o->evidence || !*o->evidence)
        return cli_usage("register", ASX_L("register condition には --evidence (履行を示す根拠) が必要です",
                                           "register condition needs --evidence TEXT (what shows it)"));
    cond_ctx cc = {o, (size_t)n};
    asx_error err = asx_register_date_ok(o->date, asx_date_today(), true, NULL, "--date", &c->diags);
    if (!err)
        err = reg_change(o, false, NULL, condition_fn, &cc, &c->diags);
    if (!err)
        fprintf(stderr, ASX_L("assess: %s の条件 %ld を記録しました\n", "assess: %s: condition %ld recorded\n"),
                o->pos[0], n);
    return cli_finish(c, err);
}

/* ---- check ---- */

typedef struct {
    reg_opts *o;
    const asx_reg_check *check;
    const asx_policy *policy;
} check_ctx;

static asx_error record_fn(asx_register *r, void *vctx, asx_diags *d)
{
    check_ctx *cc = vctx;
    return asx_register_record_check(r, cc->o->pos[0], cc->check, cc->policy, cc->o->by, d);
}

static int do_check(reg_opts *o, asx_cli *c)
{
    int status = want_pos(o, 1, "ID");
    if (status)
        return status;
    if (!o->has_phase)
        return cli_usage("register", ASX_L("register check には --phase build|operate|exit が必要です",
                                           "register check needs --phase build|operate|exit"));
    if (!o->out == !o->record)
        return cli_usage("register", ASX_L("register check には -o 点検表.xlsx (作成) か --record 点検表.xlsx (記録) のどちらか一方を指定してください",
                                           "register check takes one of -o CHECKLIST.xlsx (make) or --record CHECKLIST.xlsx (record)"));
    if (o->out && !ends_with(o->out, ".xlsx"))
        return cli_usage("register", ASX_L("点検表は -o FILE.xlsx です", "the checklist is -o FILE.xlsx"));
    asx_register *r = NULL;
    asx_answers *ans = NULL;
    asx_checklist *cl = NULL;
    char *buf = NULL;
    size_t len = 0;
    asx_reg_check rec = {0};
    char sha[65];
    asx_error err = asx_register_read(o->reg, o->wait, &r, &c->diags);
    if (err)
        goto done;
    const asx_reg_entry *e = asx_register_find(r, o->pos[0]);
    if (!e) {
        asx_diags_addf(&c->diags, ASX_ERR_DATA, o->reg, 0, 0,
                       ASX_L("台帳に %s はありません (assess register list で一覧)",
                             "no entry %s in the register (see assess register list)"), o->pos[0]);
        err = ASX_ERR_DATA;
        goto done;
    }
    if (!asx_reg_in_use(e)) {
        asx_diags_addf(&c->diags, ASX_ERR_DATA, o->reg, 0, 0,
                       ASX_L("%s は%sのため点検できません", "%s is %s and takes no more checks"),
                       e->id, asx_reg_status_label(e->status, asx_ui_lang));
        err = ASX_ERR_DATA;
        goto done;
    }
    err = cli_banks(c);
    if (!err)
        err = cli_policy(c);
    if (err)
        goto done;
    if (o->out) {
        if (o->answers) {
            err = asx_answers_load_file(o->answers, &c->banks, &ans, &c->diags);
            if (!err)
                err = asx_sha256_file(o->answers, sha, &c->diags);
            if (err)
                goto done;
            if (e->answers_sha256 && strcmp(sha, e->answers_sha256) != 0)
                asx_diags_addf(&c->diags, ASX_OK, o->answers, 0, 0,
                               ASX_L("注意: この回答は %s の承認・更新時の回答と異なります (SHA-256 不一致)",
                                     "note: these answers differ from those %s was approved or renewed on (SHA-256)"),
                               e->id);
        }
        const asx_bank *bank = asx_bankset_find(&c->banks, e->questionnaire);
        err = asx_checklist_make(e, o->phase, bank, ans, asx_ui_lang, &cl);
        if (!err)
            err = asx_checklist_write_xlsx(cl, o->out, asx_ui_lang, o->force, &c->diags);
        goto done;
    }
    err = asx_read_file(o->record, ASX_MAX_INPUT, &buf, &len, &c->diags);
    if (!err)
        err = asx_sha256_file(o->record, sha, &c->diags);
    if (!err)
        err = asx_checklist_read(buf, len, o->record, e, o->phase, &rec, &c->diags);
    if (err)
        goto done;
    err = asx_register_date_ok(rec.on, asx_date_today(), true, o->record,
                               ASX_L("点検日 (" ASX_CHECK_KEY_DATE ")", "check date (" ASX_CHECK_KEY_DATE ")"),
                               &c->diags);
    if (err)
        goto done;
    rec.file_sha256 = asx_strdup(sha);
    if (!rec.file_sha256) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    check_ctx cc = {o, &rec, c->policy};
    err = reg_change(o, false, NULL, record_fn, &cc, &c->diags);
    if (!err)
        fprintf(stderr, ASX_L("assess: %s の%s点検を記録しました\n", "assess: %s: %s check recorded\n"),
                o->pos[0], asx_check_phase_label(o->phase, asx_ui_lang));
done:
    asx_reg_check_clear(&rec);
    free(buf);
    asx_checklist_free(cl);
    asx_answers_free(ans);
    asx_register_free(r);
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
    int status = want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (!o->fiscal_year)
        return cli_usage("register", ASX_L("register report には --fiscal-year 年度 (例 2026) が必要です",
                                           "register report needs --fiscal-year YEAR (e.g. 2026)"));
    if (!o->out && !o->json)
        return cli_usage("register", ASX_L("register report には -o DIR (または --json) が必要です",
                                           "register report needs -o DIR (or --json)"));
    asx_register *r = NULL;
    asx_reg_report *rep = NULL;
    char *pdf = NULL, *xlsx = NULL;
    /* the register as it stood today, or at the end of a year that is over: a past year's report
     * does not change with what happened after it */
    asx_date end = {o->fiscal_year + 1, 3, 31};
    asx_date as_of = o->has_as_of ? o->as_of
                                  : asx_date_cmp(o->as_of, end) > 0 ? end : o->as_of;
    asx_error err = asx_register_read_as_of(o->reg, o->wait, as_of, &r, &c->diags);
    if (err)
        goto done;
    err = asx_reg_report_make(r, o->fiscal_year, as_of, &rep);
    if (err)
        goto done;
    if (o->json && print_text(asx_reg_report_json(rep))) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
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
    if (!err)
        err = asx_reg_report_xlsx(rep, set, xlsx, asx_ui_lang, o->force, &c->diags);
    if (!err)
        err = asx_reg_report_pdf(rep, set, pdf, o->font, asx_ui_lang, o->force, &c->diags);
    if (!err)
        err = asx_outset_commit(set, &c->diags);
    asx_outset_free(set);
    if (!err && !o->json) {
        asx_term_printf(stdout, "%s\n%s\n", pdf, xlsx);
    }
done:
    free(pdf);
    free(xlsx);
    asx_reg_report_free(rep);
    asx_register_free(r);
    return cli_finish(c, err);
}

int cmd_register(int argc, char **argv)
{
    asx_cli c = {0};
    reg_opts o = {.within = 30};
    asx_diags_init(&c.diags);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2) {
            fprintf(stderr, "%s", ASX_L("assess register: サブコマンドを指定してください (add, list, show, revoke, renew, due, verify, export, condition, check, report, migrate)\n",
                                        "assess register: give a subcommand (add, list, show, revoke, renew, due, verify, export, condition, check, report, migrate)\n"));
            return EXIT_USAGE;
        }
        int st = parse_opts(argc, argv, &o, &c); /* prints the help */
        cli_texts_free(&o.conds);
        asx_diags_free(&c.diags);
        return st == -2 ? EXIT_OK : st;
    }
    o.sub = argv[1];
    static const char *const subs[] = {"add",    "list",   "show",      "revoke", "renew", "due",
                                       "verify", "export", "condition", "check",  "report", "migrate"};
    int which = -1;
    for (int i = 0; i < (int)(sizeof subs / sizeof subs[0]); i++)
        if (strcmp(o.sub, subs[i]) == 0)
            which = i;
    if (which < 0)
        return cli_usage("register", ASX_L("不明なサブコマンド \"%s\"", "unknown subcommand \"%s\""),
                         o.sub);
    int status = parse_opts(argc - 1, argv + 1, &o, &c);
    if (status == -2)
        status = EXIT_OK; /* --help, printed and flushed by cli_parse */
    else if (status == 0) {
        switch (which) {
        case 0: status = do_add_or_renew(&o, &c, false); break;
        case 1: status = do_list(&o, &c); break;
        case 2: status = do_show(&o, &c); break;
        case 3: status = do_revoke(&o, &c); break;
        case 4: status = do_add_or_renew(&o, &c, true); break;
        case 5: status = do_due(&o, &c); break;
        case 6: status = do_verify(&o, &c); break;
        case 7: status = do_export(&o, &c); break;
        case 8: status = do_condition(&o, &c); break;
        case 9: status = do_check(&o, &c); break;
        case 10: status = do_report(&o, &c); break;
        default: status = do_migrate(&o, &c); break;
        }
        cli_texts_free(&o.conds);
        return status;
    }
    cli_texts_free(&o.conds);
    asx_diags_free(&c.diags);
    return status;
}
