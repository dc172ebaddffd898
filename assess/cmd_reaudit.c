/* cmd_reaudit.c - assess reaudit PREVIOUS CURRENT: what changed since the last assessment, as a
 * memo (regressions first), assess-reaudit/1 JSON, and with -o DIR a PDF and an XLSX. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/reaudit.h"
#include "asx/reaudit_report.h"
#include "asx/register.h"
#include "asx/score.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"
#include "options.h"


static const cli_command COMMAND = {
    "reaudit", "PREVIOUS CURRENT", "PREVIOUS CURRENT",
    "前回 (PREVIOUS) と今回 (CURRENT) の回答をそれぞれ採点し、設問 ID ごとに比較します。\n"
    "後退 (評点の低下、新たな必須条件違反、国・地域や再委託先の追加、再委託先の所在国の変更、\n"
    "認証の喪失・期限切れ、SLA の引下げ、RTO・RPO の延長) を先に、改善、その他の変更を続けて表示します。\n"
    "前回は対象外だった設問は「対象外」、前回と同じ日付で期限の過ぎた認証は「認証の期限到来」です。\n"
    "質問票の版が異なる場合も比較し、追加・削除された設問を報告します。\n"
    "-o DIR で再監査資料 DIR/<事業者>_<サービス>_<判定日>-reaudit.pdf と .xlsx を作成します。\n",
    "Scores both answers files and compares them question by question (by id). Regressions come\n"
    "first (score down, new knockout, new country or subcontractor, subcontractor moved, certification\n"
    "dropped or expired, SLA lowered, longer RTO or RPO), then improvements and other changes. A question\n"
    "that did not apply last time shows as not applicable; a certificate past the same date as last time\n"
    "is \"now expired (same date)\". Answers of another questionnaire version are compared too.\n"
    "-o DIR writes DIR/<vendor>_<service>_<decision date>-reaudit.pdf and .xlsx.\n",
    "終了コード: 0 成功, 64 使い方の誤り, 65 入力不正・別の事業者, 66 読めない入力, 73 出力を作成できない\n",
    "Exit status: 0 success, 64 usage, 65 invalid input or another vendor, 66 unreadable input,\n"
    "             73 outputs cannot be created\n"};

typedef struct {
    const char *out_dir;
    bool json, force, other_vendor, has_date;
    asx_date date;
    const char *prev, *cur, *font, *auditor, *manager;
    const char *reg; /* --register: PREVIOUS is an entry id */
} ra_opts;

/* 0: go on; -2: --help was printed; otherwise the exit status. */
static int parse(int argc, char **argv, ra_opts *o, asx_cli *c)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&o->out_dir, "再監査資料 (PDF と XLSX) の出力先 (なければ最後のフォルダを作成)",
                       "folder of the re-audit documents (PDF and XLSX; its last folder is made when missing)"),
        CLI_OPT_JSON(&o->json),
        CLI_OPT_DATE(&o->date, &o->has_date, "今回の判定日 (既定: 今日)。資料の日付、条件の履行期限の起算日",
                     "the current decision date (default: today): printed, and the start of condition dates"),
        CLI_OPT_FONT(&o->font),
        {"auditor", 0, CLI_NAME, &o->auditor, NULL, "氏名", "NAME", "確認欄に印字する監査担当者の氏名",
         "name of the auditor printed in the review boxes"},
        {"manager", 0, CLI_NAME, &o->manager, NULL, "氏名", "NAME", "確認欄に印字する外部サービス管理者の氏名",
         "name of the external service manager printed in the review boxes"},
        CLI_OPT_FORCE(&o->force),
        {"register", 0, CLI_TEXT, &o->reg, NULL, "FILE", "FILE", "前回の回答を、この台帳に保存された登録 (PREVIOUS = 登録番号) のものにする",
         "take the previous answers from this register (PREVIOUS is an entry id)"},
        {"allow-other-vendor", 0, CLI_FLAG, &o->other_vendor, NULL, NULL, NULL,
         "事業者・質問票が異なる回答、日付が逆順の回答の比較を許可",
         "compare answers of different vendors or questionnaires, or in reverse order"},
        CLI_OPT_POLICY(&c->policy_file),
        CLI_OPT_QUESTIONNAIRE(&c->questionnaire_file),
        CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status == 0 ? -2 : status;
    if (argc - first != 2)
        return cli_usage("reaudit", ASX_L("前回と今回の回答ファイル (PREVIOUS CURRENT) を指定してください",
                                          "give the previous and the current answers (PREVIOUS CURRENT)"));
    o->prev = argv[first];
    o->cur = argv[first + 1];
    return 0;
}

static asx_error write_outputs(const asx_reaudit *ra, const ra_opts *o, const asx_font *font,
                               asx_cli *c)
{
    asx_diags *d = &c->diags;
    const asx_answers *a = ra->after->answers;
    struct stat st;
    asx_error err = ASX_OK;
    asx_reaudit_opts ro = {.font = font, .auditor = o->auditor, .manager = o->manager,
                           .lang = asx_ui_lang, .force = o->force};
    asx_error derr = cli_output_dir(c, o->out_dir); /* a missing last folder is made */
    if (derr)
        return derr;
    asx_outset *set = NULL;
    /* named as the pack: <vendor>_<service>_<decision date>, so that next year's re-audit of the
     * same service does not meet this one's files */
    char *name = cli_pack_name(a, ra->after->decided_on);
    char *pdf = name ? asx_strdupf("%s/%s-reaudit.pdf", o->out_dir, name) : NULL;
    char *xlsx = name ? asx_strdupf("%s/%s-reaudit.xlsx", o->out_dir, name) : NULL;
    if (!pdf || !xlsx) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    if (!o->force) {
        /* check both first so a refusal names every file in the way */
        const char *paths[2] = {pdf, xlsx};
        for (int i = 0; i < 2; i++)
            if (lstat(paths[i], &st) == 0) {
                asx_diags_addf(d, ASX_ERR_CANTCREAT, paths[i], 0, 0,
                               ASX_L("既に存在します (上書きするには --force)",
                                     "already exists (use --force to overwrite)"));
                err = ASX_ERR_CANTCREAT;
            }
        if (err)
            goto done;
    }
    /* both files or neither: the old pair stays as it was when either cannot be written */
    set = asx_outset_new(o->force);
    if (!set) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    ro.set = set;
    asx_doc *doc = asx_reaudit_doc(ra, &ro);
    asx_doc_out out = {.date = ra->after->decided_on, .font = font, .set = set, .force = o->force};
    err = doc ? ASX_OK : ASX_ERR_NOMEM;
    if (!err)
        err = asx_doc_write(doc, ASX_MEDIUM_XLSX, &out, xlsx, d);
    if (!err)
        err = asx_doc_write(doc, ASX_MEDIUM_PDF, &out, pdf, d);
    asx_doc_free(doc);
    if (!err)
        err = asx_outset_commit(set, d);
    if (!err && !o->json)
        asx_term_printf(stdout, ASX_L("\n再監査資料: %s, %s\n", "\nRe-audit documents: %s, %s\n"), pdf, xlsx);
done:
    asx_outset_free(set);
    free(name);
    free(pdf);
    free(xlsx);
    return err;
}

/* The review the register kept with entry id's answers (NULL when it was recorded without). */
static asx_error kept_review(asx_cli *c, const char *reg, const char *id, const asx_answers *a,
                             asx_review **out)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    asx_error err = asx_register_review(reg, ASX_REGISTER_WAIT, id, &buf, &len, &c->diags);
    char *label = !err && buf ? asx_strdupf("%s (%s)", id, reg) : NULL;
    if (!err && buf && !label)
        err = ASX_ERR_NOMEM;
    if (!err && buf)
        err = asx_review_load(buf, len, label, a, out, &c->diags);
    free(label);
    free(buf);
    return err;
}

int cmd_reaudit(int argc, char **argv)
{
    asx_cli c = {0};
    ra_opts o = {0};
    asx_answers *before = NULL, *after = NULL;
    asx_result *rb = NULL, *rc = NULL;
    asx_review *rvb = NULL, *rvc = NULL;
    asx_reaudit *ra = NULL;
    asx_font *font = NULL;
    char *text = NULL;
    asx_diags_init(&c.diags);
    int status = parse(argc, argv, &o, &c);
    if (status) {
        asx_diags_free(&c.diags);
        return status == -2 ? cli_close_stdout(EXIT_OK) : status;
    }
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (!err) {
        /* load both so that every problem of both files is reported at once */
        asx_error e1 = cli_answers(&c, o.reg, o.prev, &before);
        asx_error e2 = asx_answers_load_file(o.cur, &c.banks, &after, &c.diags);
        err = e1 ? e1 : e2;
    }
    /* each year's verdict with that year's review beside its answers (SPEC v3 §8.1), or, for an
     * entry of the register, the review kept with its answers */
    if (!err && o.reg)
        err = kept_review(&c, o.reg, o.prev, before, &rvb);
    else if (!err)
        err = cli_review(&c.diags, NULL, before, &rvb);
    if (!err)
        err = cli_review(&c.diags, NULL, after, &rvc);
    if (!err)
        err = asx_score_review(before, rvb, c.policy, before->date, 0, &rb, &c.diags);
    if (!err)
        err = asx_score_review(after, rvc, c.policy, o.has_date ? o.date : asx_date_today(), 0, &rc, &c.diags);
    if (!err)
        err = asx_reaudit_diff(rb, rc, o.other_vendor, &ra, &c.diags);
    if (!err && o.out_dir)
        err = asx_font_load(o.font, &font, &c.diags); /* before anything is printed */
    if (err)
        goto done;
    text = o.json ? asx_reaudit_to_json(ra, asx_ui_lang) : asx_reaudit_memo(ra, asx_ui_lang);
    if (!text) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    if (o.json)
        fputs(text, stdout); /* JSON: cJSON has escaped every control character */
    else
        asx_term_puts(text, stdout);
    if (o.out_dir)
        err = write_outputs(ra, &o, font, &c);
done:
    asx_font_free(font);
    free(text);
    asx_reaudit_free(ra);
    asx_result_free(rb);
    asx_result_free(rc);
    asx_review_free(rvb);
    asx_review_free(rvc);
    asx_answers_free(before);
    asx_answers_free(after);
    return cli_finish(&c, err);
}
