/* reg_record.c - assess register revoke, condition and check: what happened to an entry. */
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
    int status = reg_want_pos(o, 1, "ID");
    if (status)
        return status;
    if (!o->reason || !*o->reason)
        return cli_usage(o->cmdname, ASX_L("register revoke には --reason (取消理由) が必要です",
                                           "register revoke needs --reason TEXT"));
    revoke_ctx rc = {o};
    const asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = o->pos[0]};
    asx_error err = asx_register_date_ok(o->date, asx_date_today(), false, NULL, "--date", &c->diags);
    if (!err)
        err = reg_change(o, false, NULL, &sel, revoke_fn, &rc, &c->diags);
    if (!err)
        asx_term_printf(stderr, ASX_L("assess: %s を取り消しました\n", "assess: %s revoked\n"), o->pos[0]);
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
    int status = reg_want_pos(o, 2, "ID N");
    if (status)
        return status;
    char *end = NULL;
    long n = strtol(o->pos[1], &end, 10);
    if (end == o->pos[1] || *end || n < 1 || n > 100000)
        return cli_usage(o->cmdname, ASX_L("条件の番号 N は 1 以上の整数です (\"%s\")",
                                           "the condition number N is a whole number from 1, not \"%s\""),
                         o->pos[1]);
    if (o->met == o->waived)
        return cli_usage(o->cmdname, ASX_L("register condition には --met (履行) か --waived (免除) のどちらか一方を指定してください",
                                           "register condition takes one of --met or --waived"));
    if (!o->evidence || !*o->evidence)
        return cli_usage(o->cmdname, ASX_L("register condition には --evidence (履行を示す根拠) が必要です",
                                           "register condition needs --evidence TEXT (what shows it)"));
    cond_ctx cc = {o, (size_t)n};
    const asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = o->pos[0]};
    asx_error err = asx_register_date_ok(o->date, asx_date_today(), true, NULL, "--date", &c->diags);
    if (!err)
        err = reg_change(o, false, NULL, &sel, condition_fn, &cc, &c->diags);
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
    int status = reg_want_pos(o, 1, "ID");
    if (status)
        return status;
    if (!o->has_phase)
        return cli_usage(o->cmdname, ASX_L("register check には --phase build|operate|exit が必要です",
                                           "register check needs --phase build|operate|exit"));
    if (!o->out == !o->record)
        return cli_usage(o->cmdname, ASX_L("register check には -o 点検表.xlsx (作成) か --record 点検表.xlsx (記録) のどちらか一方を指定してください",
                                           "register check takes one of -o CHECKLIST.xlsx (make) or --record CHECKLIST.xlsx (record)"));
    if (o->out && !reg_ends_with(o->out, ".xlsx"))
        return cli_usage(o->cmdname, ASX_L("点検表は -o FILE.xlsx です", "the checklist is -o FILE.xlsx"));
    asx_register *r = NULL;
    asx_answers *ans = NULL;
    asx_checklist *cl = NULL;
    char *buf = NULL;
    size_t len = 0;
    asx_reg_check rec = {0};
    char sha[65];
    asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = o->pos[0]};
    asx_error err = asx_register_read_sel(o->reg, o->wait, NULL, false, &sel, &r, &c->diags);
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
    err = reg_change(o, false, NULL, &sel, record_fn, &cc, &c->diags);
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


int reg_cmd_revoke(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        {"reason", 0, CLI_PROSE, &o.reason, NULL, "理由", "TEXT", "取消理由 (必須)", "the reason (required)"},
        CLI_OPT_DATE(&o.date, &o.has_date, "取消の日 (既定: 今日。1 年より先は不可)", "date of the revocation (default: today; at most a year ahead)"),
        REG_OPT_BY(&o), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register revoke", "ID", "ID",
        "承認を取り消します。\n",
        "Revokes the approval of entry ID.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_revoke);
}

int reg_cmd_condition(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        {"met", 0, CLI_FLAG, &o.met, NULL, NULL, NULL, "履行された", "met"},
        {"waived", 0, CLI_FLAG, &o.waived, NULL, NULL, NULL, "免除された", "waived"},
        {"evidence", 0, CLI_PROSE, &o.evidence, NULL, "根拠", "TEXT", "履行・免除を示す根拠 (必須)", "what shows it (required)"},
        CLI_OPT_DATE(&o.date, &o.has_date, "履行・免除の日 (既定: 今日。今日より後は不可)", "date it was met or waived (default: today; not after today)"),
        REG_OPT_BY(&o), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register condition", "ID N", "ID N",
        "条件付き承認の条件 N の履行 (または免除) を記録します。\n",
        "Records how condition N of a conditional approval was met (or waived).\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_condition);
}

int reg_cmd_check(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        {"phase", 0, CLI_TEXT, &o.phase_s, NULL, "段階", "PHASE", "build, operate, exit (必須)", "build, operate or exit (required)"},
        CLI_OPT_OUTPUT(&o.out, "点検表.xlsx を作成", "write CHECKLIST.xlsx"),
        {"record", 0, CLI_TEXT, &o.record, NULL, "FILE.xlsx", "FILE.xlsx", "記入済みの点検表を記録", "record the filled checklist"},
        {"answers", 0, CLI_TEXT, &o.answers, NULL, "ANSWERS", "ANSWERS", "事業者の回答を点検表に添える", "put the vendor's answers beside each item"},
        REG_OPT_FORCE(&o), REG_OPT_BY(&o), REG_OPT_WAIT(&o),
        CLI_OPT_POLICY(&c.policy_file), CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file), CLI_END};
    static const cli_command cmd = {"register check", "ID", "ID",
        "導入・構築時 (11-2(5))、運用・保守時 (11-2(6))、更改・廃棄時 (11-2(7)) の点検表を作成 (-o) または記録 (--record) します。運用時点検は次回期日を更新し、終了時点検で利用終了になります。\n",
        "Writes (-o) or records (--record) the checklist of 11-2(5) (build), 11-2(6) (operation) or 11-2(7) (exit); an operation check moves the next one on, an exit check ends the entry.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_check);
}

/* ---- evidence ---- */

typedef struct {
    reg_opts *o;
    const char *scheme, *number, *file;
    asx_date expiry;
    const char *data; /* the certificate file, kept */
    size_t len;
} evidence_ctx;

static asx_error evidence_fn(asx_register *r, void *vctx, asx_diags *d)
{
    evidence_ctx *ec = vctx;
    char sha[65];
    asx_error err = ASX_OK;
    if (ec->file)
        err = asx_register_keep(r, "evidence", ec->data, ec->len, sha);
    if (!err)
        err = asx_register_evidence(r, ec->o->pos[0], ec->scheme, ec->number, ec->expiry,
                                    ec->file ? sha : NULL, ec->o->date, ec->o->by, d);
    return err;
}

static int do_evidence(reg_opts *o, asx_cli *c)
{
    int status = reg_want_pos(o, 1, "ID");
    if (status)
        return status;
    if (!o->scheme || !*o->scheme || !o->has_expiry)
        return cli_usage(o->cmdname, ASX_L("register evidence には --scheme (認証の種類) と --expiry (有効期限) が必要です",
                                           "register evidence needs --scheme SCHEME and --expiry YYYY-MM-DD"));
    evidence_ctx ec = {o, o->scheme, o->number, o->file, o->expiry, NULL, 0};
    const asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = o->pos[0]};
    char *buf = NULL;
    asx_error err = asx_register_date_ok(o->date, asx_date_today(), true, NULL, "--date", &c->diags);
    if (!err && o->file)
        err = asx_read_file(o->file, ASX_MAX_INPUT, &buf, &ec.len, &c->diags);
    ec.data = buf;
    if (!err)
        err = reg_change(o, false, NULL, &sel, evidence_fn, &ec, &c->diags);
    if (!err)
        asx_term_printf(stderr, ASX_L("assess: %s の証明書 (%s) を記録しました\n", "assess: %s: certificate (%s) recorded\n"),
                        o->pos[0], o->scheme);
    free(buf);
    return cli_finish(c, err);
}

int reg_cmd_evidence(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        {"scheme", 0, CLI_NAME, &o.scheme, NULL, "種類", "SCHEME", "認証・証明の種類 (ISMAP、ISO/IEC 27001 など、必須)", "the certification (ISMAP, ISO/IEC 27001 …; required)"},
        {"number", 0, CLI_NAME, &o.number, NULL, "番号", "NUMBER", "登録・認証番号", "its registration number"},
        {"expiry", 0, CLI_DATE, &o.expiry, &o.has_expiry, "YYYY-MM-DD", "YYYY-MM-DD", "有効期限 (必須)", "its expiry (required)"},
        {"file", 0, CLI_TEXT, &o.file, NULL, "FILE", "FILE", "証明書のファイル (台帳に保存し SHA-256 を記録)", "the certificate file (kept in the register with its SHA-256)"},
        CLI_OPT_DATE(&o.date, &o.has_date, "記録の日 (既定: 今日。今日より後は不可)", "date it is recorded on (default: today; not after today)"),
        REG_OPT_BY(&o), REG_OPT_WAIT(&o), CLI_END};
    static const cli_command cmd = {"register evidence", "ID", "ID",
        "更新された証明書 (認証) を、新しい評価なしに記録します。証明書の有効期限が更新され、期限切れの表示が解けます。\n",
        "Records a renewed certificate without a new assessment: the entry's evidence expiry moves on, and it no longer shows as expired for it.\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_evidence);
}
