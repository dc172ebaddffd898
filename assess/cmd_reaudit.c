/* cmd_reaudit.c - assess reaudit PREVIOUS CURRENT: what changed since the last assessment, as a
 * memo (regressions first), assess-reaudit/1 JSON, and with -o DIR a PDF and an XLSX. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/io.h"
#include "asx/reaudit.h"
#include "asx/reaudit_report.h"
#include "asx/score.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"

#define REAUDIT_NAME_MAX 120 /* as pack: asx_safe_name("<vendor>_<service>", …) */

enum { OPT_FORCE = OPT_FIRST_FREE };

static void help(void)
{
    asx_term_printf(stdout, "%s", ASX_L(
        "使い方: assess reaudit PREVIOUS CURRENT [-o DIR] [--json] [--policy FILE] [--force]\n\n"
        "前回 (PREVIOUS) と今回 (CURRENT) の回答をそれぞれ採点し、設問 ID ごとに比較します。\n"
        "後退 (評点の低下、新たな必須条件違反、国・地域や再委託先の追加、再委託先の所在国の変更、\n"
        "認証の喪失・期限切れ、SLA の引下げ、RTO・RPO の延長) を先に、改善、その他の変更を続けて表示します。\n"
        "質問票の版が異なる場合も比較し、追加・削除された設問を報告します。\n\n"
        "  -o DIR     再監査資料 DIR/<事業者>_<サービス>-reaudit.pdf と .xlsx を作成\n"
        "  --json     assess-reaudit/1 形式 (before/after は回答値の JSON)\n"
        "  --force    既存の出力を上書き。事業者・質問票が異なる回答同士の比較も許可\n",
        "Usage: assess reaudit PREVIOUS CURRENT [-o DIR] [--json] [--policy FILE] [--force]\n\n"
        "Scores both answers files and compares them question by question (by id). Regressions come\n"
        "first (score down, new knockout, new country or subcontractor, subcontractor moved, certification\n"
        "dropped or expired, SLA lowered, longer RTO or RPO), then improvements and other changes.\n"
        "Answers of another questionnaire version are compared too; added and removed questions are listed.\n\n"
        "  -o DIR     write DIR/<vendor>_<service>-reaudit.pdf and .xlsx\n"
        "  --json     assess-reaudit/1 (before/after are the answer values as JSON)\n"
        "  --force    overwrite outputs; also compare answers of different vendors or questionnaires\n"));
}

typedef struct {
    const char *out_dir;
    bool json, force;
    const char *prev, *cur;
} ra_opts;

static int parse(int argc, char **argv, ra_opts *o, asx_cli *c)
{
    static const struct option longs[] = {
        {"output", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, OPT_JSON},
        {"force", no_argument, NULL, OPT_FORCE},
        {"policy", required_argument, NULL, OPT_POLICY},
        {"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}};
    int ch;
    opterr = 0;
    optind = 0;
    while ((ch = getopt_long(argc, argv, ":o:fh", longs, NULL)) != -1) {
        switch (ch) {
        case 'o': o->out_dir = optarg; break;
        case 'f':
        case OPT_FORCE: o->force = true; break;
        case OPT_JSON: o->json = true; break;
        case OPT_POLICY: c->policy_file = optarg; break;
        case OPT_QUESTIONNAIRE: c->questionnaire_file = optarg; break;
        case 'h':
        case OPT_HELP: help(); return -2;
        case ':':
            return cli_usage("reaudit", ASX_L("%s には値が必要です", "%s takes a value"), argv[optind - 1]);
        default:
            return cli_usage("reaudit", ASX_L("不明なオプション %s", "unknown option %s"), argv[optind - 1]);
        }
    }
    if (argc - optind != 2)
        return cli_usage("reaudit", ASX_L("前回と今回の回答ファイル (PREVIOUS CURRENT) を指定してください",
                                          "give the previous and the current answers (PREVIOUS CURRENT)"));
    o->prev = argv[optind];
    o->cur = argv[optind + 1];
    return 0;
}

static asx_error write_outputs(const asx_reaudit *ra, const ra_opts *o, asx_diags *d)
{
    const asx_answers *a = ra->after->answers;
    struct stat st;
    asx_error err = ASX_OK;
    if (stat(o->out_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, o->out_dir, 0, 0,
                       ASX_L("出力先のフォルダがありません", "no such output folder"));
        return ASX_ERR_CANTCREAT;
    }
    asx_outset *set = NULL;
    char *name = cli_output_name(a->vendor_name, a->service_name, REAUDIT_NAME_MAX);
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
    err = asx_reaudit_write_xlsx(ra, set, xlsx, asx_ui_lang, o->force, d);
    if (!err)
        err = asx_reaudit_write_pdf(ra, set, pdf, asx_ui_lang, o->force, d);
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

int cmd_reaudit(int argc, char **argv)
{
    asx_cli c = {0};
    ra_opts o = {0};
    asx_answers *before = NULL, *after = NULL;
    asx_result *rb = NULL, *rc = NULL;
    asx_reaudit *ra = NULL;
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
        asx_error e1 = asx_answers_load_file(o.prev, &c.banks, &before, &c.diags);
        asx_error e2 = asx_answers_load_file(o.cur, &c.banks, &after, &c.diags);
        err = e1 ? e1 : e2;
    }
    if (!err)
        err = asx_score(before, c.policy, before->date, &rb, &c.diags);
    if (!err)
        err = asx_score(after, c.policy, asx_date_today(), &rc, &c.diags);
    if (!err)
        err = asx_reaudit_diff(rb, rc, o.force, &ra, &c.diags);
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
        err = write_outputs(ra, &o, &c.diags);
done:
    free(text);
    asx_reaudit_free(ra);
    asx_result_free(rb);
    asx_result_free(rc);
    asx_answers_free(before);
    asx_answers_free(after);
    return cli_finish(&c, err);
}
