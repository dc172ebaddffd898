/* reg_add.c - assess register add and renew: a scored assessment into the register. */
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



typedef struct {
    reg_opts *o;
    asx_reg_input in;
    const char *id; /* renew */
    char new_id[32];
    const char *answers; /* the answers file's bytes, kept with the entry */
    size_t nanswers;
    const char *review; /* the review's bytes, kept with the entry (NULL: scored without one) */
    size_t nreview;
} add_ctx;

/* Keep the files behind the decision: the answers and the officer's review (SPEC §8.4). */
static asx_error keep_evidence(asx_register *r, const add_ctx *ac)
{
    asx_error err = asx_register_keep(r, "answers", ac->answers, ac->nanswers, NULL);
    if (!err && ac->review)
        err = asx_register_keep(r, "review", ac->review, ac->nreview, NULL);
    return err;
}

static asx_error add_fn(asx_register *r, void *vctx, asx_diags *d)
{
    add_ctx *ac = vctx;
    asx_error err = asx_register_add(r, &ac->in, ac->new_id, sizeof ac->new_id, d);
    return err ? err : keep_evidence(r, ac);
}

static asx_error renew_fn(asx_register *r, void *vctx, asx_diags *d)
{
    add_ctx *ac = vctx;
    asx_error err = asx_register_renew(r, ac->id, &ac->in, d);
    if (!err)
        asx_register_renew_notes(asx_register_find(r, ac->id), ac->in.date, d);
    return err ? err : keep_evidence(r, ac);
}

/* The pack's files of these answers: DIR/<vendor>_<service>_<date>.pdf and .xlsx as pack names
 * them, found whatever their date (asx_register_find_pack), hashed by the register's rule. */
static asx_error hash_pack(const char *dir, const asx_answers *a, asx_date date,
                           const char *answers_sha256, char **dir_abs, asx_reg_packfile pf[2],
                           asx_diags *d)
{
    char *name = cli_pack_name(a, date), *pdf = NULL, *xlsx = NULL;
    asx_error err = name ? ASX_OK : ASX_ERR_NOMEM;
    if (!err) {
        name[strlen(name) - 11] = '\0'; /* the stem: without "_<date>" */
        err = asx_register_find_pack(dir, name, date, answers_sha256, &pdf, &xlsx, d);
    }
    const char *files[2] = {pdf, xlsx};
    if (!err)
        err = asx_register_hash_pack(dir, files, 2, dir_abs, pf, d);
    free(name);
    free(pdf);
    free(xlsx);
    return err;
}

static int do_add_or_renew(reg_opts *o, asx_cli *c, bool renew)
{
    asx_answers *ans = NULL;
    asx_review *rv = NULL;
    asx_result *res = NULL;
    char *pack_dir = NULL;
    char *rbuf = NULL;
    size_t rlen = 0;
    char rsha[65] = "";
    asx_reg_packfile pf[2] = {{0}, {0}};
    char sha[65];
    char *abuf = NULL;
    size_t alen = 0;
    add_ctx ac = {0};
    asx_error err = ASX_OK;
    int status = renew ? reg_want_pos(o, 2, "ID ANSWERS") : reg_want_pos(o, 1, "ANSWERS");
    if (status)
        goto out;
    const char *answers = renew ? o->pos[1] : o->pos[0];
    if (renew && (!o->approver || !*o->approver)) {
        status = cli_usage(o->cmdname, ASX_L("register renew には --approver (許可権限者) が必要です (判定が下がった場合も承認者を記録します)",
                                             "register renew needs --approver NAME (the approver is recorded, also when the verdict goes down)"));
        goto out;
    }
    if (!renew && (!o->approver || !*o->approver || !o->manager || !*o->manager)) {
        status = cli_usage(o->cmdname, ASX_L("register add には --approver (許可権限者) と --manager (外部サービス管理者) が必要です",
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
        err = cli_review(&c->diags, o->review, ans, &rv);
    if (!err)
        err = asx_score_review(ans, rv, c->policy, o->date, 0, &res, &c->diags);
    if (!err)
        err = asx_register_check_result(res, renew ? ASX_L("更新", "renewed")
                                                   : ASX_L("台帳に登録", "registered"),
                                        &c->diags);
    if (!err)
        err = asx_read_file(answers, ASX_MAX_INPUT, &abuf, &alen, &c->diags);
    if (!err && !asx_sha256_mem(abuf, alen, sha))
        err = ASX_ERR_INTERNAL;
    if (!err && rv)
        err = asx_read_file(rv->file, ASX_MAX_INPUT, &rbuf, &rlen, &c->diags);
    if (!err && rbuf && !asx_sha256_mem(rbuf, rlen, rsha))
        err = ASX_ERR_INTERNAL;
    if (!err && o->pack)
        err = hash_pack(o->pack, ans, o->date, sha, &pack_dir, pf, &c->diags);
    if (err)
        goto done;
    ac.o = o;
    ac.id = renew ? o->pos[0] : NULL;
    ac.answers = abuf;
    ac.nanswers = alen;
    ac.review = rbuf;
    ac.nreview = rlen;
    ac.in = (asx_reg_input){.result = res,
                            .approver = o->approver,
                            .manager = o->manager,
                            .conditions = o->conds.v,
                            .nconditions = o->conds.n,
                            .condition_due = o->has_cond_due ? &o->cond_due : NULL,
                            .date = o->date,
                            .answers_sha256 = sha,
                            .review_sha256 = rbuf ? rsha : NULL,
                            .pack_dir = pack_dir,
                            .pack = pf,
                            .npack = pack_dir ? 2 : 0,
                            .user = o->by,
                            .lang = asx_ui_lang};
    /* the entry renewed; for add, the entries it could repeat and the year's last id */
    char *key = renew ? NULL : asx_reg_name_key(ans->service_name);
    if (!renew && !key) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    const asx_store_sel sel = renew ? (asx_store_sel){.kind = ASX_SEL_ENTRY, .id = o->pos[0]}
                                    : (asx_store_sel){.kind = ASX_SEL_ADD, .service_key = key,
                                                      .year = o->date.y};
    err = reg_change(o, !renew, c->policy->organization, &sel,
                     renew ? renew_fn : add_fn, &ac, &c->diags);
    free(key);
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
    free(abuf);
    free(rbuf);
    free(pack_dir);
    free(pf[0].file);
    free(pf[1].file);
    asx_result_free(res);
    asx_review_free(rv);
    asx_answers_free(ans);
    return status;
}


static int do_add(reg_opts *o, asx_cli *c)
{
    return do_add_or_renew(o, c, false);
}

static int do_renew(reg_opts *o, asx_cli *c)
{
    return do_add_or_renew(o, c, true);
}

int reg_cmd_add(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        REG_OPT_APPROVER(&o, "許可権限者 (必須)", "the approver (required)"),
        REG_OPT_MANAGER(&o, "外部サービス管理者 (必須)", "the 外部サービス管理者 (required)"),
        REG_OPT_CONDITIONS(&o),
        {"review", 0, CLI_TEXT, &o.review, NULL, "FILE", "FILE", "審査記録 (既定: 回答ファイルの隣の X.review.json)", "the officer's review (default: X.review.json beside X.json)"},
        REG_OPT_PACK(&o, "承認資料のフォルダ: DIR/<事業者>_<サービス>_<判定日>.pdf と .xlsx の SHA-256 を記録", "the pack folder: the SHA-256 of DIR/<vendor>_<service>_<decision date>.pdf and .xlsx recorded"),
        CLI_OPT_DATE(&o.date, &o.has_date, "判定の日 (既定: 今日。1 年より先は不可)", "date of the decision (default: today; at most a year ahead)"),
        REG_OPT_BY(&o), REG_OPT_MODE(&o), REG_OPT_WAIT(&o),
        CLI_OPT_POLICY(&c.policy_file), CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file),
        CLI_END};
    static const cli_command cmd = {"register add", "ANSWERS", "ANSWERS",
        "承認・条件付き承認の評価を台帳に登録し、新しい番号 (EXT-年-連番) を表示します。不承認・差戻し・審査未了は登録しません (終了コード 65)。\n",
        "Records an approved or conditional result in the register and prints its new id (EXT-YEAR-SEQ); rejected, incomplete and pending results are refused (exit 65).\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_add);
}

int reg_cmd_renew(int argc, char **argv)
{
    reg_opts o = {0};
    asx_cli c = {0};
    const cli_opt opts[] = {
        REG_OPT_REGISTER(&o),
        REG_OPT_APPROVER(&o, "許可権限者 (必須。判定が下がった場合も記録)", "the approver (required, also when the verdict goes down)"),
        REG_OPT_MANAGER(&o, "外部サービス管理者を替えるとき", "a new 外部サービス管理者"),
        REG_OPT_CONDITIONS(&o),
        {"review", 0, CLI_TEXT, &o.review, NULL, "FILE", "FILE", "審査記録 (既定: 回答ファイルの隣の X.review.json)", "the officer's review (default: X.review.json beside X.json)"},
        REG_OPT_PACK(&o, "承認資料のフォルダ (SHA-256 を記録)", "the pack folder (its files' SHA-256 recorded)"),
        CLI_OPT_DATE(&o.date, &o.has_date, "更新の日 (既定: 今日。1 年より先は不可)", "date of the renewal (default: today; at most a year ahead)"),
        REG_OPT_BY(&o), REG_OPT_WAIT(&o),
        CLI_OPT_POLICY(&c.policy_file), CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file),
        CLI_END};
    static const cli_command cmd = {"register renew", "ID ANSWERS", "ID ANSWERS",
        "再監査の結果で登録を更新します (次回見直し日を再計算し、判定と点数の前後、許可権限者を記録)。\n",
        "Renews entry ID after a re-audit (the next review moves on; verdict and score before and after and the approver are recorded).\n",
        REG_EXIT_JA, REG_EXIT_EN};
    return reg_run(&cmd, opts, argc, argv, &o, &c, true, do_renew);
}
