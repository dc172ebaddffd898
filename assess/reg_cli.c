/* reg_cli.c - assess register: the verb table, what every verb's options share, and the helpers
 * of the verbs. See reg_cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/text.h"
#include "reg_cli.h"

static int check_values(reg_opts *o, bool needs_register)
{
    char *end = NULL;
    long v;
    const char *usage = o->cmdname;
    if (o->status_s) {
        if (!asx_reg_status_parse(o->status_s, &o->status))
            return cli_usage(usage, ASX_L("--status は active, revoked, expired, ended のいずれかです (\"%s\")",
                                          "--status takes active, revoked, expired or ended, not \"%s\""), o->status_s);
        o->has_status = true;
    }
    if (o->phase_s) {
        if (!asx_check_phase_parse(o->phase_s, &o->phase))
            return cli_usage(usage, ASX_L("--phase は build, operate, exit のいずれかです (\"%s\")",
                                          "--phase takes build, operate or exit, not \"%s\""), o->phase_s);
        o->has_phase = true;
    }
    if (o->within_s) {
        v = strtol(o->within_s, &end, 10);
        if (end == o->within_s || *end || v < 0 || v > 36600)
            return cli_usage(usage, ASX_L("--within は 0 以上の日数です (\"%s\")",
                                          "--within takes a number of days >= 0, not \"%s\""), o->within_s);
        o->within = (int)v;
    }
    if (o->wait_s) {
        v = strtol(o->wait_s, &end, 10);
        if (end == o->wait_s || *end || v < 0 || v > 86400)
            return cli_usage(usage, ASX_L("--wait は 0 以上の秒数です (\"%s\")",
                                          "--wait takes a number of seconds >= 0, not \"%s\""), o->wait_s);
        o->wait = (int)v;
    }
    if (o->mode_s) {
        v = strtol(o->mode_s, &end, 8);
        if (end == o->mode_s || *end || v <= 0 || v > 0777 || !(v & 0200))
            return cli_usage(usage, ASX_L("--mode は所有者が書き込める 8 進数の権限です (例 0640) (\"%s\")",
                                          "--mode takes an octal mode the owner can write (e.g. 0640), not \"%s\""), o->mode_s);
        o->mode = (mode_t)v;
    }
    if (o->fy_s) {
        v = strtol(o->fy_s, &end, 10);
        if (end == o->fy_s || *end || v < 1990 || v > 9000)
            return cli_usage(usage, ASX_L("--fiscal-year は西暦の年度です (例 2026) (\"%s\")",
                                          "--fiscal-year takes a year such as 2026, not \"%s\""), o->fy_s);
        o->fiscal_year = (int)v;
    }
    if (!o->reg)
        o->reg = getenv("ASSESS_REGISTER");
    if (needs_register && (!o->reg || !*o->reg))
        return cli_usage(usage, ASX_L("--register FILE (または環境変数 ASSESS_REGISTER) で台帳を指定してください",
                                      "give the register with --register FILE (or $ASSESS_REGISTER)"));
    if (!o->has_date)
        o->date = asx_date_today();
    if (!o->has_as_of)
        o->as_of = asx_date_today();
    return 0;
}

int reg_run(const cli_command *cmd, const cli_opt *opts, int argc, char **argv, reg_opts *o,
            asx_cli *c, bool needs_register, int (*fn)(reg_opts *o, asx_cli *c))
{
    int first = 0;
    o->sub = argv[0];
    o->cmdname = cmd->name;
    o->within = 30;
    o->wait = ASX_REGISTER_WAIT;
    asx_diags_init(&c->diags);
    int status = cli_parse(cmd, opts, argc, argv, &first);
    if (status < 0) {
        o->pos = argv + first;
        o->npos = argc - first;
        status = check_values(o, needs_register);
        if (status == 0) {
            status = fn(o, c); /* cli_finish frees the diagnostics */
            cli_texts_free(&o->conds);
            cli_texts_free(&o->roles);
            return status;
        }
    }
    cli_texts_free(&o->conds);
    cli_texts_free(&o->roles);
    asx_diags_free(&c->diags);
    return status;
}

int reg_want_pos(const reg_opts *o, int n, const char *what)
{
    if (o->npos == n)
        return 0;
    return cli_usage(o->cmdname, ASX_L("register %s には %s を指定してください", "register %s takes %s"),
                     o->sub, what);
}

asx_error reg_change(const reg_opts *o, bool create, const char *organization,
                     const asx_store_sel *sel, asx_register_fn fn, void *ctx, asx_diags *d)
{
    if (!o->by) {
        /* The default operator ($USER, else $LOGNAME) is stored in the history like --by: the
         * same name rule, or the change stops (65) before the register is touched. */
        const char *var = "USER", *u = getenv(var);
        if (!u || !*u)
            u = getenv(var = "LOGNAME");
        asx_buf why = {0};
        if (u && *u && !asx_text_ok(u, false, &why)) {
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                           ASX_L("$%s (--by の既定): %s (--by で氏名を指定してください)",
                                 "$%s (the default of --by): %s (give the name with --by)"),
                           var, asx_buf_str(&why));
            asx_buf_free(&why);
            return ASX_ERR_DATA;
        }
        asx_buf_free(&why);
    }
    asx_store_opts so = {.write = true, .create = create, .organization = organization,
                         .mode = o->mode, .wait_seconds = o->wait,
                         .tell_busy = isatty(STDERR_FILENO) != 0, .sel = sel};
    return asx_register_change(o->reg, &so, fn, ctx, d);
}

bool reg_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int reg_print_text(char *text)
{
    if (!text)
        return 1;
    fputs(text, stdout);
    putchar('\n');
    free(text);
    return 0;
}

int reg_print_json(cJSON *root)
{
    char *s = root ? asx_json_output(root) : NULL;
    cJSON_Delete(root);
    if (!s)
        return EXIT_SOFTWARE;
    printf("%s\n", s); /* JSON: cJSON has escaped every control character */
    cJSON_free(s);
    return 0;
}

/* ---- the verbs ---- */

typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *about_ja, *about_en;
} reg_verb;

static const reg_verb VERBS[] = {
    {"add", reg_cmd_add, "承認・条件付き承認の評価を登録", "record an approved or conditional assessment"},
    {"renew", reg_cmd_renew, "再監査後の更新", "renew an entry after a re-audit"},
    {"list", reg_cmd_list, "一覧 (ある日の状態)", "the entries and their state on a date"},
    {"show", reg_cmd_show, "1 件の詳細と履歴", "one entry with its history"},
    {"due", reg_cmd_due, "期日の到来 (見直し、証明書、条件、点検)", "what falls due (reviews, evidence, conditions, checks)"},
    {"revoke", reg_cmd_revoke, "承認の取消", "revoke an approval"},
    {"condition", reg_cmd_condition, "条件の履行・免除を記録", "record a condition met or waived"},
    {"check", reg_cmd_check, "構築時・運用時・終了時の点検表の作成と記録", "write and record the build, operation and exit checklists"},
    {"evidence", reg_cmd_evidence, "更新された証明書を記録 (新しい評価なしに)", "record a renewed certificate (without a new assessment)"},
    {"export", reg_cmd_export, "印刷用 (PDF・XLSX) または JSON 形式で出力", "the register for printing (PDF, XLSX) or in its JSON form"},
    {"report", reg_cmd_report, "年度の報告", "the fiscal year's report"},
    {"verify", reg_cmd_verify, "データベースの整合性と承認資料の SHA-256 を照合", "check the database and the pack files' SHA-256"},
    {"forms", reg_cmd_forms, "期日の到来する登録の様式 (前回の回答を記入) を作成", "the forms, filled with the kept answers, of the entries due"},
    {"init", reg_cmd_init, "台帳を作成 (PostgreSQL では監査人用の読み取り専用ロールも)", "create the register (on PostgreSQL also a read-only role for auditors)"},
    {"migrate", reg_cmd_migrate, "JSON 形式の台帳 (以前の版) を SQLite に移す", "move a JSON register (earlier versions) into SQLite"},
};
#define NVERBS (sizeof VERBS / sizeof VERBS[0])

static void list_verbs(FILE *out)
{
    fprintf(out, "%s", ASX_L("使い方: assess register 操作 [引数] [オプション]\n\n"
                             "承認済み外部サービス台帳 (SQLite のデータベース 1 つ、または PostgreSQL のデータベース) を管理します。変更は 1 件ずつトランザクションで書き込み、履歴を残します。\n\n操作:\n",
                             "usage: assess register VERB [ARGS] [OPTIONS]\n\n"
                             "Keeps the register of approved services (one SQLite database, or a PostgreSQL database). Each change is one transaction and is recorded in its history.\n\nVerbs:\n"));
    for (size_t i = 0; i < NVERBS; i++)
        fprintf(out, "  %-10s %s\n", VERBS[i].name, ASX_L(VERBS[i].about_ja, VERBS[i].about_en));
    fprintf(out, "%s", ASX_L("\n操作ごとのオプション: assess register 操作 --help\n",
                             "\nThe options of a verb: assess register VERB --help\n"));
}

int cmd_register(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "%s", ASX_L("assess register: 操作を指定してください (assess register --help で一覧)\n",
                                    "assess register: give a verb (assess register --help lists them)\n"));
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        list_verbs(stdout);
        return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_IOERR;
    }
    for (size_t i = 0; i < NVERBS; i++)
        if (strcmp(argv[1], VERBS[i].name) == 0)
            return VERBS[i].fn(argc - 1, argv + 1);
    return cli_usage("register", ASX_L("不明な操作 \"%s\"", "unknown verb \"%s\""), argv[1]);
}
