/* reg_views.c - assess register list, show and due: the register as it stood on --as-of. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>
#include "asx/checklist.h"
#include "asx/io.h"
#include "asx/json.h"
#include "asx/reg_report.h"
#include "asx/reg_term.h"
#include "asx/register.h"
#include "asx/register_report.h"
#include "asx/score.h"
#include "asx/text.h"
#include "asx/util.h"
#include "reg_cli.h"

static int do_list(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    int status = reg_want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (o->json) /* one entry at a time */
        return cli_finish(c, asx_register_list_json_write(o->reg, o->wait, o->as_of,
                                                          o->has_status ? &o->status : NULL,
                                                          stdout, &c->diags));
    asx_error err = asx_register_read_as_of(o->reg, o->wait, o->as_of, false, &r, &c->diags);
    if (err)
        return cli_finish(c, err);
    asx_register_print_list(stdout, r, o->as_of, o->has_status ? &o->status : NULL);
    asx_register_free(r);
    return cli_finish(c, ASX_OK);
}

static int do_show(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    int status = reg_want_pos(o, 1, "ID");
    if (status)
        return status;
    const asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = o->pos[0]};
    asx_error err = asx_register_read_sel(o->reg, o->wait, &o->as_of, true, &sel, &r, &c->diags);
    if (err)
        return cli_finish(c, err);
    const asx_reg_entry *e = asx_register_find(r, o->pos[0]);
    if (!e) {
        asx_diags_addf(&c->diags, ASX_ERR_DATA, o->reg, 0, 0,
                       ASX_L("台帳に %s はありません", "no entry %s in the register"), o->pos[0]);
        err = ASX_ERR_DATA;
    } else if (o->json) {
        if (reg_print_json(asx_reg_entry_json(e)))
            err = ASX_ERR_NOMEM;
    } else {
        asx_register_print_entry(stdout, r, e, o->as_of);
    }
    asx_register_free(r);
    return cli_finish(c, err);
}



static int do_due(reg_opts *o, asx_cli *c)
{
    asx_register *r = NULL;
    asx_due *v = NULL;
    size_t n = 0;
    int status = reg_want_pos(o, 0, ASX_L("引数なし", "no arguments"));
    if (status)
        return status;
    if (o->json) { /* streamed as the store reads it */
        /* a city's list runs to 100s of MB: written in 64 KiB blocks, not the 4 KiB of a file */
        static char outbuf[64 * 1024];
        setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
        asx_error err = asx_register_due_json_stream(o->reg, o->wait, o->as_of, o->within, stdout,
                                                     &n, NULL, &c->diags);
        if (!err)
            putchar('\n');
        status = cli_finish(c, err);
        if (status == 0 && o->exit_code && n > 0)
            status = 1; /* like git diff --exit-code: something is due */
        return status;
    }
    /* only the entries with something due by then, one at a time */
    asx_error err = asx_register_due_read(o->reg, o->wait, o->as_of, o->within, &r, &v, &n,
                                          &c->diags);
    if (err)
        goto done;
    asx_register_print_due(stdout, v, n, o->as_of, o->within);
done:
    free(v);
    asx_register_free(r);
    status = cli_finish(c, err);
    if (status == 0 && o->exit_code && n > 0)
        status = 1; /* like git diff --exit-code: something is due */
    return status;
}


int reg_cmd_list(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {REG_OPT_REGISTER(&o), REG_OPT_AS_OF(&o), REG_OPT_STATUS(&o),
                            REG_OPT_JSON(&o), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register list", "", "",
        "台帳の登録を、ある日 (既定: 今日) の状態 (有効、条件未履行、期限切れ、取消、利用終了) とともに一覧します。\n",
        "Lists the entries with their state on a date (default: today): active, conditions overdue, expired, revoked, ended.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_list);
}

int reg_cmd_show(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {REG_OPT_REGISTER(&o), REG_OPT_AS_OF(&o), REG_OPT_JSON(&o),
                            REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register show", "ID", "ID",
        "1 件の登録の詳細 (条件、点検、承認資料、更新、履歴) を表示します。\n",
        "Shows one entry: its record, conditions, checks, pack, renewals and history.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_show);
}

int reg_cmd_due(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o), REG_OPT_AS_OF(&o),
        {"within", 0, CLI_TEXT, &o.within_s, NULL, "日数", "DAYS", "この日数以内に到来するもの (既定 30)", "what falls due within DAYS (default 30)"},
        {"exit-code", 0, CLI_FLAG, &o.exit_code, NULL, NULL, NULL, "期日の到来があれば終了コード 1 (定期実行用)", "exit 1 when anything is due (for a scheduled job)"},
        REG_OPT_JSON(&o), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register due", "", "",
        "見直し・証明書の期限・承認の条件・運用時点検の期日で、--within 日以内に到来するもの (超過を含む) を表示します。\n",
        "Lists reviews, evidence expiry, conditions and operation checks falling due within --within days (overdue included).\n",
        "終了コード: 0 成功, 1 (--exit-code) 期日の到来あり, 64 使い方の誤り, 65 台帳の不正, 66 読めない台帳, 75 台帳が使用中\\n", "Exit status: 0 success, 1 (--exit-code) something is due, 64 usage, 65 invalid register, 66 unreadable register, 75 the register is busy\\n"};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_due);
}
