/* cmd_register.c - assess register: the register of approved services (承認済み外部サービス台帳).
 *
 * Subcommands add, list, show, revoke, renew, due, verify, export. Every change goes through
 * asx_register_update() (locked, atomic); reads load the file without a lock. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "asx/io.h"
#include "asx/register.h"
#include "asx/score.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"

/* Pack files are DIR/<name>.pdf and .xlsx, name = cli_output_name(vendor, service) as pack. */
#define REG_PACK_NAME_MAX 120

enum {
    OPT_REGISTER = OPT_FIRST_FREE,
    OPT_APPROVER,
    OPT_MANAGER,
    OPT_CONDITIONS,
    OPT_PACK,
    OPT_DATE,
    OPT_STATUS,
    OPT_REASON,
    OPT_ASOF,
    OPT_WITHIN,
    OPT_MODE,
    OPT_BY,
    OPT_FORCE
};

typedef struct {
    const char *sub;
    const char *reg;
    const char *approver, *manager, *pack, *reason, *by, *out;
    const char **conds;
    size_t nconds;
    asx_date date, as_of;
    bool has_date, has_as_of, has_status, json, force;
    asx_reg_status status;
    int within;
    mode_t mode;
    char **pos;
    int npos;
} reg_opts;

static void help(const char *sub)
{
    (void)sub;
    asx_term_printf(stdout, "%s", ASX_L(
        "使い方: assess register SUBCOMMAND [オプション]\n"
        "承認済み外部サービス台帳 (JSON ファイル 1 つ) を管理します。変更はロックの下で原子的に書き込み、履歴を残します。\n\n"
        "  add ANSWERS --approver 氏名 --manager 氏名 [--conditions 条件]… [--pack DIR] [--date D]\n"
        "        承認・条件付き承認の評価を登録し、新しい番号 (EXT-年-連番) を表示。否認・差戻しは登録しない (終了コード 65)\n"
        "        --pack DIR: DIR/<事業者>_<サービス>.pdf と .xlsx の SHA-256 を記録\n"
        "  list [--status active|revoked|expired] [--json]   一覧\n"
        "  show ID [--json]                                   1 件の詳細と履歴\n"
        "  revoke ID --reason 理由 [--date D]                 取消\n"
        "  renew ID ANSWERS [--date D] [--pack DIR] [--conditions 条件]…  再監査後の更新 (次回見直し日を再計算)\n"
        "  due [--as-of D] [--within 日数] [--json]           見直し期日・証明書期限の到来 (既定: 今日から 30 日以内)\n"
        "  verify [--pack DIR]                                承認資料の SHA-256 を照合 (不一致は終了コード 65)\n"
        "  export -o FILE.xlsx|FILE.pdf [--force]             台帳を印刷用に出力 (A4 横)\n\n"
        "共通オプション:\n"
        "  --register FILE   台帳ファイル (既定: 環境変数 ASSESS_REGISTER)\n"
        "  --policy FILE     見直し間隔 (review_interval_months) などのポリシー\n"
        "  --questionnaire FILE  追加の質問票\n"
        "  --by 氏名         履歴に記録する操作者 (既定: $USER)\n"
        "  --mode 8進数      台帳ファイルの権限 (新規の既定 0640、既存は現状維持)\n",
        "Usage: assess register SUBCOMMAND [options]\n"
        "Keeps the register of approved services (one JSON file). Changes are written atomically "
        "under a lock and recorded in its history.\n\n"
        "  add ANSWERS --approver NAME --manager NAME [--conditions TEXT]... [--pack DIR] [--date D]\n"
        "        record an approved or conditional result and print its new id (EXT-YEAR-SEQ);\n"
        "        rejected and incomplete results are refused (exit 65)\n"
        "        --pack DIR: record the SHA-256 of DIR/<vendor>_<service>.pdf and .xlsx\n"
        "  list [--status active|revoked|expired] [--json]\n"
        "  show ID [--json]                 one entry with its history\n"
        "  revoke ID --reason TEXT [--date D]\n"
        "  renew ID ANSWERS [--date D] [--pack DIR] [--conditions TEXT]...  after a re-audit\n"
        "  due [--as-of D] [--within DAYS] [--json]   reviews and evidence due (default: 30 days)\n"
        "  verify [--pack DIR]              check the pack files' SHA-256 (mismatch: exit 65)\n"
        "  export -o FILE.xlsx|FILE.pdf [--force]     the register for printing (A4 landscape)\n\n"
        "Common options:\n"
        "  --register FILE   the register (default: $ASSESS_REGISTER)\n"
        "  --policy FILE     policy (review_interval_months)\n"
        "  --questionnaire FILE  an additional question bank\n"
        "  --by NAME         who is recorded in the history (default: $USER)\n"
        "  --mode OCTAL      file mode of the register (new: 0640; existing: kept)\n"));
}

static int parse_opts(int argc, char **argv, reg_opts *o, asx_cli *c)
{
    static const struct option longs[] = {
        {"register", required_argument, NULL, OPT_REGISTER},
        {"approver", required_argument, NULL, OPT_APPROVER},
        {"manager", required_argument, NULL, OPT_MANAGER},
        {"conditions", required_argument, NULL, OPT_CONDITIONS},
        {"condition", required_argument, NULL, OPT_CONDITIONS},
        {"pack", required_argument, NULL, OPT_PACK},
        {"date", required_argument, NULL, OPT_DATE},
        {"status", required_argument, NULL, OPT_STATUS},
        {"reason", required_argument, NULL, OPT_REASON},
        {"as-of", required_argument, NULL, OPT_ASOF},
        {"within", required_argument, NULL, OPT_WITHIN},
        {"mode", required_argument, NULL, OPT_MODE},
        {"by", required_argument, NULL, OPT_BY},
        {"force", no_argument, NULL, OPT_FORCE},
        {"output", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, OPT_JSON},
        {"policy", required_argument, NULL, OPT_POLICY},
        {"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":o:fh", longs, NULL)) != -1) {
        char *end = NULL;
        long v;
        switch (ch) {
        case OPT_REGISTER: o->reg = optarg; break;
        case OPT_APPROVER: o->approver = optarg; break;
        case OPT_MANAGER: o->manager = optarg; break;
        case OPT_PACK: o->pack = optarg; break;
        case OPT_REASON: o->reason = optarg; break;
        case OPT_BY: o->by = optarg; break;
        case 'o': o->out = optarg; break;
        case 'f':
        case OPT_FORCE: o->force = true; break;
        case OPT_JSON: o->json = true; break;
        case OPT_POLICY: c->policy_file = optarg; break;
        case OPT_QUESTIONNAIRE: c->questionnaire_file = optarg; break;
        case 'h':
        case OPT_HELP: help(o->sub); return -2;
        case OPT_CONDITIONS: {
            const char **p = realloc(o->conds, (o->nconds + 1) * sizeof *p);
            if (!p)
                return EXIT_SOFTWARE;
            o->conds = p;
            o->conds[o->nconds++] = optarg;
            break;
        }
        case OPT_DATE:
            if (!cli_parse_date(optarg, &o->date))
                return EXIT_USAGE;
            o->has_date = true;
            break;
        case OPT_ASOF:
            if (!asx_date_parse(optarg, &o->as_of))
                return cli_usage("register", ASX_L("--as-of は実在する日付 YYYY-MM-DD です (\"%s\")",
                                                   "--as-of takes an existing date YYYY-MM-DD, not \"%s\""), optarg);
            o->has_as_of = true;
            break;
        case OPT_STATUS:
            if (!asx_reg_status_parse(optarg, &o->status))
                return cli_usage("register", ASX_L("--status は active, revoked, expired のいずれかです (\"%s\")",
                                                   "--status takes active, revoked or expired, not \"%s\""), optarg);
            o->has_status = true;
            break;
        case OPT_WITHIN:
            v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 0 || v > 36600)
                return cli_usage("register", ASX_L("--within は 0 以上の日数です (\"%s\")",
                                                   "--within takes a number of days >= 0, not \"%s\""), optarg);
            o->within = (int)v;
            break;
        case OPT_MODE:
            v = strtol(optarg, &end, 8);
            if (end == optarg || *end || v <= 0 || v > 0777 || !(v & 0200))
                return cli_usage("register", ASX_L("--mode は所有者が書き込める 8 進数の権限です (例 0640) (\"%s\")",
                                                   "--mode takes an octal mode the owner can write (e.g. 0640), not \"%s\""), optarg);
            o->mode = (mode_t)v;
            break;
        case ':':
            return cli_usage("register", ASX_L("%s には値が必要です", "%s takes a value"), argv[optind - 1]);
        default:
            return cli_usage("register", ASX_L("不明なオプション %s", "unknown option %s"), argv[optind - 1]);
        }
    }
    o->pos = argv + optind;
    o->npos = argc - optind;
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
    char *s = root ? cJSON_Print(root) : NULL;
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
    char *warn;
} add_ctx;

static asx_error add_fn(asx_register *r, void *vctx, asx_diags *d)
{
    add_ctx *ac = vctx;
    const asx_answers *a = ac->in.result->answers;
    if (asx_register_expire(r, ac->in.date, ac->in.user) < 0)
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < r->nentries && !ac->warn; i++) {
        const asx_reg_entry *e = &r->entries[i];
        if (e->status == ASX_REG_ACTIVE && strcmp(e->service, a->service_name) == 0 &&
            strcmp(e->vendor, a->vendor_name) == 0)
            ac->warn = asx_strdup(e->id);
    }
    return asx_register_add(r, &ac->in, ac->new_id, sizeof ac->new_id, d);
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
static asx_error hash_pack(const char *dir, const asx_answers *a, char **dir_abs,
                           asx_reg_packfile pf[2], asx_diags *d)
{
    static const char *const ext[2] = {".pdf", ".xlsx"};
    asx_error err = ASX_OK;
    char *name = cli_output_name(a->vendor_name, a->service_name, REG_PACK_NAME_MAX); /* as pack */
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
    if (!renew && (!o->approver || !*o->approver || !o->manager || !*o->manager)) {
        status = cli_usage("register", ASX_L("register add には --approver (許可権限者) と --manager (外部サービス管理者) が必要です",
                                             "register add needs --approver NAME and --manager NAME"));
        goto out;
    }
    if ((o->approver && !cli_check_name("approver", o->approver)) ||
        (o->manager && !cli_check_name("manager", o->manager)) || (o->by && !cli_check_name("by", o->by))) {
        status = EXIT_DATAERR; /* names the register keeps follow the rule of names in answers */
        goto out;
    }
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
        err = hash_pack(o->pack, ans, &pack_dir, pf, &c->diags);
    if (err)
        goto done;
    ac.o = o;
    ac.id = renew ? o->pos[0] : NULL;
    ac.in = (asx_reg_input){.result = res,
                            .approver = o->approver,
                            .manager = o->manager,
                            .conditions = o->conds,
                            .nconditions = o->nconds,
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
        if (ac.warn)
            asx_term_printf(stderr, ASX_L("assess: 注意: 同じサービスが %s として登録済みです (再監査後は register renew を使用)\n",
                                  "assess: note: the same service is already registered as %s (after a re-audit use register renew)\n"),
                    ac.warn);
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
    free(ac.warn);
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
    asx_error err = asx_register_update(o->reg, false, NULL, o->mode, revoke_fn, &rc, &c->diags);
    if (!err)
        asx_term_printf(stderr, ASX_L("assess: %s を取り消しました\n", "assess: %s revoked\n"), o->pos[0]);
    return cli_finish(c, err);
}

/* ---- list / show ---- */

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
        cJSON *root = cJSON_CreateObject();
        cJSON *arr = root ? cJSON_AddArrayToObject(root, "entries") : NULL;
        bool ok = arr != NULL;
        for (size_t i = 0; ok && i < r->nentries; i++) {
            if (o->has_status && r->entries[i].status != o->status)
                continue;
            cJSON *e = asx_reg_entry_json(&r->entries[i]);
            ok = e && cJSON_AddItemToArray(arr, e);
            if (!ok)
                cJSON_Delete(e);
        }
        if (!ok) {
            cJSON_Delete(root);
            root = NULL;
        }
        if (print_json(root))
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
        const char *cells[] = {e->id, asx_reg_status_label(e->status, asx_ui_lang),
                               asx_verdict_label(e->verdict, asx_ui_lang), "100.0", "2026-01-01",
                               "2026-01-01", e->service, e->vendor};
        for (int k = 0; k < 8; k++)
            if (asx_utf8_width(cells[k]) > w[k])
                w[k] = asx_utf8_width(cells[k]);
        shown++;
    }
    for (int k = 0; k < 8; k++) {
        put_padded(head[k], k == 7 ? 0 : w[k] + 2);
    }
    putchar('\n');
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        char score[16], ap[11], nr[11];
        if (o->has_status && e->status != o->status)
            continue;
        snprintf(score, sizeof score, "%5.1f", e->score);
        iso(e->approved_on, ap);
        iso(e->next_review, nr);
        const char *cells[] = {e->id, asx_reg_status_label(e->status, asx_ui_lang),
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

static void show_entry(const asx_register *r, const asx_reg_entry *e)
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
    show_line(ASX_L("状態", "Status"), asx_reg_status_label(e->status, asx_ui_lang));
    show_line(ASX_L("許可権限者", "Approver"), e->approver);
    show_line(ASX_L("外部サービス管理者", "Service manager"), e->manager);
    show_date(ASX_L("承認日", "Approved on"), &e->approved_on);
    show_date(ASX_L("次回見直し", "Next review"), &e->next_review);
    show_date(ASX_L("証明書の有効期限", "Evidence expiry"),
              e->has_evidence_expiry ? &e->evidence_expiry : NULL);
    if (e->status == ASX_REG_REVOKED) {
        show_date(ASX_L("取消日", "Revoked on"), e->has_revoked_on ? &e->revoked_on : NULL);
        show_line(ASX_L("取消理由", "Reason"), e->revoke_reason);
    }
    show_line(ASX_L("回答の SHA-256", "Answers SHA-256"), e->answers_sha256);
    asx_term_printf(stdout, "%s\n", ASX_L("条件:", "Conditions:"));
    if (!e->nconditions)
        asx_term_printf(stdout, "  %s\n", ASX_L("なし", "none"));
    for (size_t i = 0; i < e->nconditions; i++)
        asx_term_printf(stdout, "  %zu. %s\n", i + 1, e->conditions[i]);
    if (e->npack) {
        asx_term_printf(stdout, "%s %s\n", ASX_L("承認資料:", "Pack:"), e->pack_dir);
        for (size_t i = 0; i < e->npack; i++)
            asx_term_printf(stdout, "  %s  %s\n", e->pack[i].sha256, e->pack[i].file);
    }
    for (size_t i = 0; i < e->nrenewals; i++) {
        const asx_reg_renewal *rn = &e->renewals[i];
        char on[11];
        iso(rn->renewed_on, on);
        asx_term_printf(stdout, ASX_L("更新 %s: %s (%.1f) → %s (%.1f)\n", "Renewed %s: %s (%.1f) → %s (%.1f)\n"), on,
               asx_verdict_label(rn->previous_verdict, asx_ui_lang), rn->previous_score,
               asx_verdict_label(rn->verdict, asx_ui_lang), rn->score);
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
        show_entry(r, e);
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
        cJSON *root = cJSON_CreateObject();
        cJSON *arr = root ? cJSON_AddArrayToObject(root, "due") : NULL;
        bool ok = arr != NULL;
        for (size_t i = 0; ok && i < n; i++) {
            const asx_reg_entry *e = v[i].entry;
            char nr[11], dd[11], ev[11];
            iso(e->next_review, nr);
            iso(v[i].date, dd);
            iso(e->evidence_expiry, ev);
            cJSON *x = cJSON_CreateObject();
            ok = x && cJSON_AddItemToArray(arr, x);
            if (!ok) {
                cJSON_Delete(x);
                break;
            }
            ok = cJSON_AddStringToObject(x, "id", e->id) &&
                 cJSON_AddStringToObject(x, "service", e->service) &&
                 cJSON_AddStringToObject(x, "vendor", e->vendor) &&
                 cJSON_AddStringToObject(x, "next_review", nr) &&
                 cJSON_AddStringToObject(x, "reason", asx_due_reason_name(v[i].reason)) &&
                 cJSON_AddStringToObject(x, "due_on", dd) &&
                 (e->has_evidence_expiry ? cJSON_AddStringToObject(x, "evidence_expiry", ev)
                                         : cJSON_AddNullToObject(x, "evidence_expiry")) &&
                 cJSON_AddNumberToObject(x, "days_left", (double)v[i].days_left) &&
                 cJSON_AddStringToObject(x, "status", asx_reg_status_name(e->status)) &&
                 cJSON_AddStringToObject(x, "manager", e->manager);
        }
        if (!ok) {
            cJSON_Delete(root);
            root = NULL;
        }
        if (print_json(root))
            err = ASX_ERR_NOMEM;
        goto done;
    }
    char asof[64];
    asx_date_format(o->as_of, asx_ui_lang, asof, sizeof asof);
    asx_term_printf(stdout, ASX_L("%s 現在、%d 日以内に期日が到来するもの: %zu 件\n",
                 "Due by %s + %d days: %zu\n"), asof, o->within, n);
    for (size_t i = 0; i < n; i++) {
        const asx_reg_entry *e = v[i].entry;
        char dd[11], left[64];
        iso(v[i].date, dd);
        if (v[i].days_left < 0)
            snprintf(left, sizeof left, ASX_L("%ld 日超過", "%ld days overdue"), -v[i].days_left);
        else
            snprintf(left, sizeof left, ASX_L("あと %ld 日", "in %ld days"), v[i].days_left);
        asx_term_printf(stdout, "  %s  ", dd);
        put_padded(left, 14);
        put_padded(v[i].reason == ASX_DUE_REVIEW ? ASX_L("再監査 (見直し)", "review")
                                                 : ASX_L("証明書の期限", "evidence expiry"),
                   18);
        asx_term_printf(stdout, "%s  %s (%s)  %s %s\n", e->id, e->service, e->vendor,
               ASX_L("管理者", "manager"), e->manager);
    }
done:
    free(v);
    asx_register_free(r);
    return cli_finish(c, err);
}

/* ---- verify ---- */

static int do_verify(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    size_t checked = 0, bad = 0;
    int status = want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    asx_error err = asx_register_load_file(o->reg, &r, &c->diags);
    if (err)
        return cli_finish(c, err);
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        for (size_t k = 0; k < e->npack; k++) {
            char hex[65];
            asx_diags quiet;
            asx_diags_init(&quiet);
            char *path = asx_strdupf("%s/%s", o->pack ? o->pack : e->pack_dir, e->pack[k].file);
            if (!path) {
                asx_diags_free(&quiet);
                err = ASX_ERR_NOMEM;
                goto done;
            }
            asx_error herr = asx_sha256_file(path, hex, &quiet);
            asx_diags_free(&quiet);
            checked++;
            if (herr) {
                bad++;
                asx_term_printf(stdout, "%s  %s  %s\n", e->id, ASX_L("ファイルなし", "MISSING"), path);
            } else if (strcmp(hex, e->pack[k].sha256) != 0) {
                bad++;
                asx_term_printf(stdout, "%s  %s  %s\n", e->id, ASX_L("不一致", "MISMATCH"), path);
            } else {
                asx_term_printf(stdout, "%s  OK  %s\n", e->id, path);
            }
            free(path);
        }
    }
    asx_term_printf(stdout, ASX_L("照合 %zu 件、不一致・欠落 %zu 件\n", "%zu file(s) checked, %zu mismatched or missing\n"),
           checked, bad);
    if (bad) {
        asx_diags_addf(&c->diags, ASX_ERR_DATA, o->reg, 0, 0,
                       ASX_L("承認資料 %zu 件が承認時の SHA-256 と一致しません (改ざん・差し替えの可能性)",
                             "%zu pack file(s) do not match the SHA-256 recorded at approval"), bad);
        err = ASX_ERR_DATA;
    }
done:
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
    if (!err && o->has_status) {
        /* keep only the entries of the status asked for */
        size_t k = 0;
        for (size_t i = 0; i < r->nentries; i++) {
            if (r->entries[i].status == o->status)
                r->entries[k++] = r->entries[i];
            else
                asx_reg_entry_clear(&r->entries[i]);
        }
        r->nentries = k;
    }
    if (!err)
        err = ends_with(o->out, ".xlsx")
                  ? asx_register_export_xlsx(r, o->out, asx_ui_lang, o->force, &c->diags)
                  : asx_register_export_pdf(r, o->out, asx_ui_lang, o->force, &c->diags);
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
            fprintf(stderr, "%s", ASX_L("assess register: サブコマンドを指定してください (add, list, show, revoke, renew, due, verify, export)\n",
                                        "assess register: give a subcommand (add, list, show, revoke, renew, due, verify, export)\n"));
            return EXIT_USAGE;
        }
        help(NULL);
        return cli_close_stdout(EXIT_OK);
    }
    o.sub = argv[1];
    static const char *const subs[] = {"add", "list", "show", "revoke", "renew", "due", "verify",
                                       "export"};
    int which = -1;
    for (int i = 0; i < 8; i++)
        if (strcmp(o.sub, subs[i]) == 0)
            which = i;
    if (which < 0)
        return cli_usage("register", ASX_L("不明なサブコマンド \"%s\"", "unknown subcommand \"%s\""),
                         o.sub);
    int status = parse_opts(argc - 1, argv + 1, &o, &c);
    if (status == -2)
        status = cli_close_stdout(EXIT_OK);
    else if (status == 0) {
        switch (which) {
        case 0: status = do_add_or_renew(&o, &c, false); break;
        case 1: status = do_list(&o, &c); break;
        case 2: status = do_show(&o, &c); break;
        case 3: status = do_revoke(&o, &c); break;
        case 4: status = do_add_or_renew(&o, &c, true); break;
        case 5: status = do_due(&o, &c); break;
        case 6: status = do_verify(&o, &c); break;
        default: status = do_export(&o, &c); break;
        }
        free(o.conds);
        return status;
    }
    free(o.conds);
    asx_diags_free(&c.diags);
    return status;
}
