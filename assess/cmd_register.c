/* cmd_register.c - assess register: the register of approved services (承認済み外部サービス台帳).
 *
 * Subcommands add, list, show, revoke, renew, due, verify, export. Every change goes through
 * asx_register_update() (locked, atomic); reads load the file without a lock. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <sys/stat.h>
#include "asx/json.h"
#include "asx/checklist.h"
#include "asx/io.h"
#include "asx/reg_report.h"
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
    const char *review; /* add, renew: --review FILE (SPEC v3 §8.1) */
    bool met, waived, exit_code, has_phase, has_cond_due;
    asx_check_phase phase;
    asx_date cond_due;
    int fiscal_year; /* 0: none */
    cli_texts conds;
    const char *status_s, *within_s, *mode_s, *phase_s, *fy_s;
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
    "承認済み外部サービス台帳 (JSON ファイル 1 つ) を管理します。変更はロックの下で原子的に書き込み、履歴を残します。\n\n"
        "  add ANSWERS --approver 氏名 --manager 氏名 [--conditions 条件]… [--pack DIR] [--date D]\n"
        "        承認・条件付き承認の評価を登録し、新しい番号 (EXT-年-連番) を表示。不承認・差戻し・審査未了は登録しない (終了コード 65)\n"
        "        --review FILE: 審査記録 (既定: 回答ファイルの隣の X.review.json)\n"
        "        --pack DIR: DIR/<事業者>_<サービス>.pdf と .xlsx の SHA-256 を記録\n"
        "  list [--status 状態] [--as-of D] [--json]         一覧 (状態: 有効、条件未履行、期限切れ、取消、利用終了)\n"
        "  show ID [--json]                                   1 件の詳細と履歴\n"
        "  revoke ID --reason 理由 [--date D]                 取消\n"
        "  renew ID ANSWERS --approver 氏名 [--date D] [--pack DIR] [--conditions 条件]…  再監査後の更新 (次回見直し日を再計算)\n"
        "  due [--as-of D] [--within 日数] [--json]           見直し・証明書期限・承認の条件・運用時点検の期日 (既定: 今日から 30 日以内)\n"
        "  verify [--pack DIR]                                承認資料の SHA-256 を照合 (不一致は終了コード 65)\n"
        "  export -o FILE.xlsx|FILE.pdf [--as-of D] [--force] 台帳を印刷用に出力 (A4 横、状態は D 時点)\n"
        "  condition ID N --met|--waived --evidence 根拠 [--date D] [--by 氏名]\n"
        "        条件付き承認の条件 N の履行 (または免除) を記録\n"
        "  check ID --phase build|operate|exit -o 点検表.xlsx [--answers ANSWERS]\n"
        "        導入・構築時 (11-2(5))、運用・保守時 (11-2(6))、更改・廃棄時 (11-2(7)) の点検表を作成\n"
        "  check ID --phase build|operate|exit --record 点検表.xlsx\n"
        "        記入済みの点検表を記録 (運用時点検は次回期日を更新、終了時点検で利用終了)\n"
        "  report --fiscal-year 年 -o DIR [--as-of D]         年度の報告 (PDF・XLSX) を DIR に作成\n"
        "  due … --exit-code                                  期日の到来があれば終了コード 1 (定期実行用)\n",
    "Keeps the register of approved services (one JSON file). Changes are written atomically "
        "under a lock and recorded in its history.\n\n"
        "  add ANSWERS --approver NAME --manager NAME [--conditions TEXT]... [--pack DIR] [--date D]\n"
        "        record an approved or conditional result and print its new id (EXT-YEAR-SEQ);\n"
        "        rejected, incomplete and pending results are refused (exit 65)\n"
        "        --review FILE: the officer's judgments (default: X.review.json beside X.json)\n"
        "        --pack DIR: record the SHA-256 of DIR/<vendor>_<service>.pdf and .xlsx\n"
        "  list [--status STATUS] [--as-of D] [--json]   entries with their state on D\n"
        "  show ID [--json]                 one entry with its history\n"
        "  revoke ID --reason TEXT [--date D]\n"
        "  renew ID ANSWERS --approver NAME [--date D] [--pack DIR] [--conditions TEXT]...  after a re-audit\n"
        "  due [--as-of D] [--within DAYS] [--json]   reviews, evidence, conditions and operation checks due (default: 30 days)\n"
        "  verify [--pack DIR]              check the pack files' SHA-256 (mismatch: exit 65)\n"
        "  export -o FILE.xlsx|FILE.pdf [--as-of D] [--force]  the register for printing (A4 landscape)\n"
        "  condition ID N --met|--waived --evidence TEXT [--date D] [--by NAME]\n"
        "        record how condition N of a conditional approval was met (or waived)\n"
        "  check ID --phase build|operate|exit -o CHECKLIST.xlsx [--answers ANSWERS]\n"
        "        the checklist of 11-2(5) (build), 11-2(6) (operation) or 11-2(7) (exit)\n"
        "  check ID --phase build|operate|exit --record CHECKLIST.xlsx\n"
        "        record the filled checklist (operation: next check moves on; exit: the entry ends)\n"
        "  report --fiscal-year YEAR -o DIR [--as-of D]  the year's report (PDF and XLSX) in DIR\n"
        "  due ... --exit-code              exit 1 when anything is due (for a scheduled job)\n",
    "終了コード: 0 成功, 1 (due --exit-code) 期日の到来あり, 64 使い方の誤り, 65 入力・台帳の不正 (台帳はそのまま), 66 読めない入力, 73 出力できない, 74 書き込みの失敗\n",
    "Exit status: 0 success, 1 (due --exit-code) something is due, 64 usage, 65 invalid input or register (left as it is), 66 unreadable input, 73 cannot create, 74 write error\n"};

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
        {"review", 0, CLI_TEXT, &o->review, NULL, "FILE", "FILE", "add, renew: 審査記録 (既定: 回答ファイルの隣の X.review.json)", "add, renew: the officer's review (default: X.review.json beside X.json)"},
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
    if (!o->reg || !*o->reg)
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

/* ---- output helpers ---- */

static void put_padded(const char *s, int width)
{
    asx_term_puts(s, stdout);
    for (int w = asx_utf8_width(s); w < width; w++)
        putchar(' ');
}

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

static void iso(asx_date d, char buf[11])
{
    asx_date_iso(d, buf);
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
    asx_error err = asx_register_add(r, &ac->in, ac->new_id, sizeof ac->new_id, d);
    if (!err && asx_register_expire(r, ac->in.date, ac->in.user) < 0)
        err = ASX_ERR_NOMEM;
    return err;
}

static asx_error renew_fn(asx_register *r, void *vctx, asx_diags *d)
{
    add_ctx *ac = vctx;
    asx_error err = asx_register_renew(r, ac->id, &ac->in, d);
    if (!err && asx_register_expire(r, ac->in.date, ac->in.user) < 0)
        err = ASX_ERR_NOMEM;
    return err;
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
    asx_review *rv = NULL;
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
    err = cli_banks(c);
    if (!err)
        err = cli_policy(c);
    if (!err)
        err = asx_answers_load_file(answers, &c->banks, &ans, &c->diags);
    if (!err)
        err = cli_review(&c->diags, o->review, ans, &rv);
    if (!err)
        err = asx_score_review(ans, rv, c->policy, o->date, 0, &res, &c->diags);
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
    err = asx_register_update(o->reg, !renew, c->policy->organization, o->mode,
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
    asx_review_free(rv);
    asx_answers_free(ans);
    res = NULL;
    rv = NULL;
    ans = NULL;
    status = cli_finish(c, err);
out:
    free(pack_dir);
    free(pf[0].file);
    free(pf[1].file);
    asx_result_free(res);
    asx_review_free(rv);
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
    asx_error err = asx_register_update(o->reg, false, NULL, o->mode, revoke_fn, &rc, &c->diags);
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
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
    if (err)
        return cli_finish(c, err);
    if (o->json) {
        if (print_text(asx_register_list_json(r, o->as_of, o->has_status ? &o->status : NULL)))
            err = ASX_ERR_NOMEM;
        asx_register_free(r);
        return cli_finish(c, err);
    }
    const char *head[] = {ASX_L("番号", "ID"), ASX_L("状態", "Status"), ASX_L("判定", "Verdict"),
                          ASX_L("点数", "Score"), ASX_L("承認日", "Approved"),
                          ASX_L("次回見直し", "Next review"), ASX_L("サービス", "Service"),
                          ASX_L("事業者", "Vendor")};
    int w[8];
    for (int k = 0; k < 8; k++)
        w[k] = asx_utf8_width(head[k]);
    size_t shown = 0;
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        if (o->has_status && e->status != o->status)
            continue;
        const char *cells[] = {e->id, asx_reg_state_label(e, o->as_of, asx_ui_lang),
                               asx_verdict_label(e->verdict, asx_ui_lang), "100.0", "2026-01-01",
                               "2026-01-01", e->service, e->vendor};
        for (int k = 0; k < 8; k++)
            if (asx_utf8_width(cells[k]) > w[k])
                w[k] = asx_utf8_width(cells[k]);
        shown++;
    }
    for (int k = 0; k < 8; k++)
        put_padded(head[k], k == 7 ? 0 : w[k] + 2);
    putchar('\n');
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        char score[16], ap[11], nr[11];
        if (o->has_status && e->status != o->status)
            continue;
        snprintf(score, sizeof score, "%5.1f", e->score);
        iso(e->approved_on, ap);
        iso(e->next_review, nr);
        const char *cells[] = {e->id, asx_reg_state_label(e, o->as_of, asx_ui_lang),
                               asx_verdict_label(e->verdict, asx_ui_lang), score, ap, nr,
                               e->service, e->vendor};
        for (int k = 0; k < 8; k++)
            put_padded(cells[k], k == 7 ? 0 : w[k] + 2);
        putchar('\n');
    }
    asx_term_printf(stdout, ASX_L("%zu 件\n", "%zu entries\n"), shown);
    asx_register_free(r);
    return cli_finish(c, ASX_OK);
}

static void show_line(const char *label, const char *value)
{
    put_padded(label, 22);
    asx_term_printf(stdout, "%s\n", value && *value ? value : "—");
}

static void show_date(const char *label, const asx_date *d)
{
    char buf[64] = "";
    if (d)
        asx_date_format(*d, asx_ui_lang, buf, sizeof buf);
    show_line(label, buf);
}

static void show_conditions(const asx_reg_entry *e, asx_date as_of)
{
    size_t open = asx_reg_open_conditions(e), late = asx_reg_overdue_conditions(e, as_of);
    if (!e->nconditions)
        asx_term_printf(stdout, "%s %s\n", ASX_L("条件:", "Conditions:"), ASX_L("なし", "none"));
    else if (!open)
        asx_term_printf(stdout, ASX_L("条件: %zu 件すべて履行済み\n", "Conditions: all %zu met\n"), e->nconditions);
    else
        asx_term_printf(stdout, ASX_L("条件: %zu 件中 未履行 %zu 件 (うち期限超過 %zu 件)\n",
                     "Conditions: %zu, %zu open (%zu overdue)\n"),
               e->nconditions, open, late);
    for (size_t i = 0; i < e->nconditions; i++) {
        const asx_reg_condition *k = &e->conditions[i];
        char due[11] = "", on[11] = "";
        if (k->has_due)
            iso(k->due, due);
        if (k->has_on)
            iso(k->on, on);
        asx_term_printf(stdout, "  %zu. %s\n", k->n, k->text);
        asx_term_printf(stdout, "     %s", asx_cond_status_label(k->status, asx_ui_lang));
        if (k->clause)
            asx_term_printf(stdout, "  %s %s", ASX_L("条項", "clause"), k->clause);
        if (*due)
            asx_term_printf(stdout, "  %s %s%s", ASX_L("期限", "due"), due,
                   asx_reg_condition_overdue(k, as_of) ? ASX_L(" (期限超過)", " (overdue)") : "");
        if (k->status != ASX_COND_OPEN)
            asx_term_printf(stdout, "  %s %s  %s %s", on, k->by ? k->by : "", ASX_L("根拠:", "evidence:"),
                   k->evidence ? k->evidence : "");
        putchar('\n');
    }
}

static void show_entry(const asx_register *r, const asx_reg_entry *e, asx_date as_of)
{
    char buf[128];
    show_line(ASX_L("番号", "ID"), e->id);
    show_line(ASX_L("サービス", "Service"), e->service);
    show_line(ASX_L("事業者", "Vendor"), e->vendor);
    show_line(ASX_L("法人番号", "Corporate number"), e->corporate_number);
    asx_class_format(e->cls, asx_ui_lang, buf, sizeof buf);
    show_line(ASX_L("格付け", "Classification"), buf);
    snprintf(buf, sizeof buf, "%s %s", e->questionnaire, e->questionnaire_version);
    show_line(ASX_L("質問票", "Questionnaire"), buf);
    snprintf(buf, sizeof buf, "%s (%.1f)", asx_verdict_label(e->verdict, asx_ui_lang), e->score);
    show_line(ASX_L("判定 (点数)", "Verdict (score)"), buf);
    show_line(ASX_L("状態", "Status"), asx_reg_state_label(e, as_of, asx_ui_lang));
    show_line(ASX_L("許可権限者", "Approver"), e->approver);
    show_line(ASX_L("外部サービス管理者", "Service manager"), e->manager);
    show_date(ASX_L("承認日", "Approved on"), &e->approved_on);
    show_date(ASX_L("次回見直し", "Next review"), &e->next_review);
    show_date(ASX_L("次回の運用時点検", "Next operation check"),
              e->has_next_check && asx_reg_in_use(e) ? &e->next_check : NULL);
    show_date(ASX_L("証明書の有効期限", "Evidence expiry"),
              e->has_evidence_expiry ? &e->evidence_expiry : NULL);
    if (e->status == ASX_REG_REVOKED) {
        show_date(ASX_L("取消日", "Revoked on"), e->has_revoked_on ? &e->revoked_on : NULL);
        show_line(ASX_L("取消理由", "Reason"), e->revoke_reason);
    }
    if (e->status == ASX_REG_ENDED)
        show_date(ASX_L("利用終了日", "Ended on"), e->has_ended_on ? &e->ended_on : NULL);
    show_line(ASX_L("回答の SHA-256", "Answers SHA-256"), e->answers_sha256);
    show_conditions(e, as_of);
    asx_term_printf(stdout, "%s\n", ASX_L("点検:", "Checks:"));
    if (!e->nchecks)
        asx_term_printf(stdout, "  %s\n", ASX_L("なし", "none"));
    for (size_t i = 0; i < e->nchecks; i++) {
        const asx_reg_check *k = &e->checks[i];
        char on[11];
        size_t ng = asx_reg_check_not_met(k);
        iso(k->on, on);
        asx_term_printf(stdout, ASX_L("  %s %s  %s  %zu 項目、否 %zu\n", "  %s %s  %s  %zu items, %zu not met\n"),
               asx_check_phase_label(k->phase, asx_ui_lang), on, k->by, k->nitems, ng);
    }
    if (e->npack) {
        asx_term_printf(stdout, "%s %s\n", ASX_L("承認資料:", "Pack:"), e->pack_dir);
        for (size_t i = 0; i < e->npack; i++)
            asx_term_printf(stdout, "  %s  %s\n", e->pack[i].sha256, e->pack[i].file);
    }
    for (size_t i = 0; i < e->nrenewals; i++) {
        const asx_reg_renewal *rn = &e->renewals[i];
        char on[11];
        iso(rn->renewed_on, on);
        asx_term_printf(stdout, ASX_L("更新 %s: %s (%.1f) → %s (%.1f)%s  許可権限者 %s\n",
                     "Renewed %s: %s (%.1f) → %s (%.1f)%s  approver %s\n"), on,
               asx_verdict_label(rn->previous_verdict, asx_ui_lang), rn->previous_score,
               asx_verdict_label(rn->verdict, asx_ui_lang), rn->score,
               asx_reg_renewal_regressed(rn) ? ASX_L(" (低下)", " (regression)") : "",
               rn->approver ? rn->approver : "—");
    }
    asx_term_printf(stdout, "%s\n", ASX_L("履歴:", "History:"));
    for (size_t i = 0; i < r->nhistory; i++) {
        const asx_reg_event *ev = &r->history[i];
        if (strcmp(ev->entry, e->id) != 0)
            continue;
        asx_term_printf(stdout, "  %s  %s  %s%s%s\n", ev->at, asx_reg_action_label(ev->action, asx_ui_lang), ev->user,
               ev->detail ? "  " : "", ev->detail ? ev->detail : "");
    }
}

static int do_show(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    int status = want_pos(o, 1, "ID");
    if (status)
        return status;
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
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
        show_entry(r, e, o->as_of);
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
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
    if (!err)
        err = asx_register_due(r, o->as_of, o->within, &v, &n);
    if (err)
        goto done;
    if (o->json) {
        if (print_text(asx_register_due_json(v, n, o->as_of, o->within)))
            err = ASX_ERR_NOMEM;
        goto done;
    }
    char asof[64];
    asx_date_format(o->as_of, asx_ui_lang, asof, sizeof asof);
    asx_term_printf(stdout, ASX_L("%s 現在、%d 日以内に期日が到来するもの: %zu 件\n",
                 "Due by %s + %d days: %zu\n"), asof, o->within, n);
    for (size_t i = 0; i < n; i++) {
        const asx_reg_entry *e = v[i].entry;
        char dd[11], left[64], why[64];
        iso(v[i].date, dd);
        if (v[i].days_left < 0)
            snprintf(left, sizeof left, ASX_L("%ld 日超過", v[i].days_left == -1 ? "%ld day overdue" : "%ld days overdue"),
                     -v[i].days_left);
        else
            snprintf(left, sizeof left, ASX_L("あと %ld 日", v[i].days_left == 1 ? "in %ld day" : "in %ld days"),
                     v[i].days_left);
        if (v[i].reason == ASX_DUE_CONDITION)
            snprintf(why, sizeof why, ASX_L("承認の条件 %zu", "condition %zu"), v[i].condition);
        else
            snprintf(why, sizeof why, "%s", asx_due_reason_label(v[i].reason, asx_ui_lang));
        asx_term_printf(stdout, "  %s  ", dd);
        put_padded(left, 18);
        put_padded(why, 18);
        asx_term_printf(stdout, "%s  %s (%s)  %s %s\n", e->id, e->service, e->vendor,
               ASX_L("管理者", "manager"), e->manager);
    }
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
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
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
    if (!o->out || !(ends_with(o->out, ".xlsx") || ends_with(o->out, ".pdf")))
        return cli_usage("register", ASX_L("register export には -o FILE.xlsx または -o FILE.pdf が必要です",
                                           "register export needs -o FILE.xlsx or -o FILE.pdf"));
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
    if (!err && o->has_status)
        asx_register_filter(r, o->status);
    if (!err)
        err = ends_with(o->out, ".xlsx")
                  ? asx_register_export_xlsx(r, o->out, asx_ui_lang, o->has_as_of ? &o->as_of : NULL,
                                             o->force, &c->diags)
                  : asx_register_export_pdf(r, o->font, o->out, asx_ui_lang, o->has_as_of ? &o->as_of : NULL,
                                            o->force, &c->diags);
    asx_register_free(r);
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
    asx_error err = asx_register_update(o->reg, false, NULL, o->mode, condition_fn, &cc, &c->diags);
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
    const asx_reg_entry *e = asx_register_find(r, cc->o->pos[0]);
    if (e && asx_reg_in_use(e) && cc->check->phase != ASX_PHASE_EXIT &&
        asx_register_expire(r, cc->check->on, cc->o->by) < 0)
        return ASX_ERR_NOMEM;
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
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
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
    rec.file_sha256 = asx_strdup(sha);
    if (!rec.file_sha256) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    check_ctx cc = {o, &rec, c->policy};
    err = asx_register_update(o->reg, false, NULL, o->mode, record_fn, &cc, &c->diags);
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
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
    if (err)
        goto done;
    /* overdue is judged today, or at the end of a year that is over */
    asx_date end = {o->fiscal_year + 1, 3, 31};
    asx_date as_of = o->has_as_of ? o->as_of
                                  : asx_date_cmp(o->as_of, end) > 0 ? end : o->as_of;
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
            fprintf(stderr, "%s", ASX_L("assess register: サブコマンドを指定してください (add, list, show, revoke, renew, due, verify, export, condition, check, report)\n",
                                        "assess register: give a subcommand (add, list, show, revoke, renew, due, verify, export, condition, check, report)\n"));
            return EXIT_USAGE;
        }
        int st = parse_opts(argc, argv, &o, &c); /* prints the help */
        cli_texts_free(&o.conds);
        asx_diags_free(&c.diags);
        return st == -2 ? EXIT_OK : st;
    }
    o.sub = argv[1];
    static const char *const subs[] = {"add",    "list",   "show",      "revoke", "renew", "due",
                                       "verify", "export", "condition", "check",  "report"};
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
        default: status = do_report(&o, &c); break;
        }
        cli_texts_free(&o.conds);
        return status;
    }
    cli_texts_free(&o.conds);
    asx_diags_free(&c.diags);
    return status;
}
