/* reg_cli.h - assess register, in git's style (builtin/remote.c): one function per verb, each
 * with its own option table and help, so an option of another verb is a usage error (64).
 * cmd_register() (reg_cli.c) picks the verb; the verbs live in reg_add.c (add, renew),
 * reg_views.c (list, show, due), reg_record.c (revoke, condition, check) and reg_docs.c (export,
 * report, verify, migrate). The register's rules are in register/; these files only wire. */
#ifndef ASSESS_REG_CLI_H
#define ASSESS_REG_CLI_H

#include <stdbool.h>
#include <sys/types.h>
#include "asx/register.h"
#include "cli.h"
#include "options.h"

/* What the options of any verb fill in; a verb's table names only the ones it takes. */
typedef struct {
    const char *sub;     /* the verb */
    const char *cmdname; /* "register add": what its messages and help are headed by */
    const char *reg;
    const char *approver, *manager, *pack, *reason, *by, *out;
    const char *review; /* add, renew: --review FILE (SPEC §8.1) */
    const char *evidence, *record, *answers, *font;
    const char *scheme, *number, *file; /* evidence */
    asx_date expiry;
    bool has_expiry;
    bool met, waived, exit_code, json, force, due; /* due: register forms --due */
    bool has_phase, has_cond_due;
    asx_check_phase phase;
    asx_date cond_due;
    int fiscal_year; /* 0: none */
    cli_texts conds;
    cli_texts roles; /* register init --grant-read */
    const char *status_s, *within_s, *mode_s, *phase_s, *fy_s, *wait_s;
    int wait; /* seconds a busy register is waited for */
    asx_date date, as_of;
    bool has_date, has_as_of, has_status;
    asx_reg_status status;
    int within;
    mode_t mode;
    char **pos;
    int npos;
} reg_opts;

/* The options, spelt once. */
#define REG_OPT_REGISTER(o) {"register", 0, CLI_TEXT, &(o)->reg, NULL, "FILE", "FILE", "台帳: SQLite のファイル、または PostgreSQL の postgresql://ホスト/データベース (パスワードは ~/.pgpass など) (既定: 環境変数 ASSESS_REGISTER)", "the register: an SQLite file, or PostgreSQL's postgresql://HOST/DATABASE (the password in ~/.pgpass or the like) (default: $ASSESS_REGISTER)"}
#define REG_OPT_WAIT(o) {"wait", 0, CLI_TEXT, &(o)->wait_s, NULL, "秒", "SECONDS", "台帳が使用中のとき待つ秒数 (既定 30、過ぎると終了コード 75)", "how long to wait for a busy register (default 30; then exit 75)"}
#define REG_OPT_BY(o) {"by", 0, CLI_NAME, &(o)->by, NULL, "氏名", "NAME", "履歴に記録する操作者 (既定: $USER)", "who is recorded in the history (default: $USER)"}
#define REG_OPT_MODE(o) {"mode", 0, CLI_TEXT, &(o)->mode_s, NULL, "8進数", "OCTAL", "新しい台帳の権限 (既定 0640、既存は現状維持)", "file mode of a new register (default 0640; an existing one keeps its own)"}
#define REG_OPT_AS_OF(o) {"as-of", 0, CLI_DATE, &(o)->as_of, &(o)->has_as_of, "YYYY-MM-DD", "YYYY-MM-DD", "この日の台帳 (その日までの履歴) で表示 (既定: 今日)", "the register as it stood on this date (the history up to it; default: today)"}
#define REG_OPT_STATUS(o) {"status", 0, CLI_TEXT, &(o)->status_s, NULL, "状態", "STATUS", "active, revoked, expired, ended のものだけ", "only entries of this status (active, revoked, expired, ended)"}
#define REG_OPT_APPROVER(o, ja, en) {"approver", 0, CLI_NAME, &(o)->approver, NULL, "氏名", "NAME", ja, en}
#define REG_OPT_MANAGER(o, ja, en) {"manager", 0, CLI_NAME, &(o)->manager, NULL, "氏名", "NAME", ja, en}
#define REG_OPT_CONDITIONS(o) {"conditions", 0, CLI_PROSES, &(o)->conds, NULL, "条件", "TEXT", "承認の条件を追加 (繰り返し可)", "another condition of the approval (repeatable)"}, \
    {"condition", 0, CLI_PROSES, &(o)->conds, NULL, "条件", "TEXT", "--conditions と同じ", "the same as --conditions"}, \
    {"condition-due", 0, CLI_DATE, &(o)->cond_due, &(o)->has_cond_due, "YYYY-MM-DD", "YYYY-MM-DD", "条件の履行期限 (既定: 判定日 + condition_due_days)", "due date of the conditions (default: decision + condition_due_days)"}
#define REG_OPT_PACK(o, ja, en) {"pack", 0, CLI_TEXT, &(o)->pack, NULL, "DIR", "DIR", ja, en}
#define REG_OPT_JSON(o) CLI_OPT_JSON(&(o)->json)
#define REG_OPT_FORCE(o) CLI_OPT_FORCE(&(o)->force)

/* The exit statuses every verb shares. */
#define REG_EXIT_JA "終了コード: 0 成功, 64 使い方の誤り, 65 入力・台帳の不正 (台帳はそのまま), 66 読めない入力, 73 出力できない, 74 書き込みの失敗, 75 台帳が使用中 (--wait 秒待った後、何も変更していない), 69 データベースサーバーに接続できない, 77 データベースが権限を拒否 (何も変更していない)\n"
#define REG_EXIT_EN "Exit status: 0 success, 64 usage, 65 invalid input or register (left as it is), 66 unreadable input, 73 cannot create, 74 write error, 75 the register is busy (after --wait seconds; nothing changed), 69 the database server cannot be reached, 77 permission denied by the database (nothing changed)\n"

/* Parse argv (argv[0] is the verb) by the verb's table, check the values and fill in the
 * defaults (--register from $ASSESS_REGISTER unless needs_register is false, --date and --as-of
 * today). Then run fn. Returns the exit status; frees what the options allocated. */
int reg_run(const cli_command *cmd, const cli_opt *opts, int argc, char **argv, reg_opts *o,
            asx_cli *c, bool needs_register, int (*fn)(reg_opts *o, asx_cli *c));

/* 0 when the verb got n operands; else a usage error naming what it takes. */
int reg_want_pos(const reg_opts *o, int n, const char *what);
/* One change of the register as the options say (wait, mode; busy told at once on a terminal). */
asx_error reg_change(const reg_opts *o, bool create, const char *organization,
                     const asx_store_sel *sel, asx_register_fn fn, void *ctx, asx_diags *d);
/* Print text (then a new line) and free it; 1 when text is NULL (out of memory). */
int reg_print_text(char *text);
/* Print root as --json prints (one line) and delete it; EXIT_SOFTWARE on out of memory. */
int reg_print_json(struct cJSON *root);

/* Whether s ends with suffix, ignoring ASCII case (".XLSX"). */
bool reg_ends_with(const char *s, const char *suffix);

/* The verbs: argv[0] is the verb's name. */
int reg_cmd_add(int argc, char **argv);
int reg_cmd_renew(int argc, char **argv);
int reg_cmd_list(int argc, char **argv);
int reg_cmd_show(int argc, char **argv);
int reg_cmd_due(int argc, char **argv);
int reg_cmd_revoke(int argc, char **argv);
int reg_cmd_condition(int argc, char **argv);
int reg_cmd_check(int argc, char **argv);
int reg_cmd_evidence(int argc, char **argv);
int reg_cmd_export(int argc, char **argv);
int reg_cmd_report(int argc, char **argv);
int reg_cmd_verify(int argc, char **argv);
int reg_cmd_migrate(int argc, char **argv);
int reg_cmd_init(int argc, char **argv);
int reg_cmd_forms(int argc, char **argv);

#endif
