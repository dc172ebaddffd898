/* cmd_compare.c - assess compare ANSWERS…: bidders side by side. Eligible bidders ranked,
 * excluded ones with their reasons; the comparison workbook and PDF with -o DIR. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/compare.h"
#include "asx/compare_report.h"
#include "asx/font.h"
#include "asx/io.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess compare ANSWERS… [--policy FILE] [--questionnaire FILE] [--json]\n"
        "                      [-o DIR] [--force] [--date YYYY-MM-DD] [--font FILE] [--lang en]\n\n"
        "入札者の回答を並べて比較します。すべての回答は同じ質問票・同じ情報資産の分類で\n"
        "なければなりません (異なるファイルを名指しして終了コード 65)。\n"
        "承認・条件付き承認の入札者を得点の高い順に順位付けします (同点なら重大な指摘の\n"
        "少ない順、さらに事業者名の順、最後はコマンドラインの順。順位は 1..n で重複しません)。\n"
        "否認・差戻しの入札者は除外し、理由 (必須条件違反とその条項、未回答の必須項目、\n"
        "基準点未満) を示します。\n\n"
        "  -o DIR       DIR/compare.xlsx と DIR/compare.pdf を作成 (DIR は既存のフォルダ)\n"
        "  --force      既存の出力を上書き (ないときは既存なら終了コード 73)\n"
        "  --date D     資料に記載する日付 (既定: 今日)。同じ入力と日付なら同一のファイル\n"
        "  --font FILE  PDF の日本語 TrueType フォント (既定: fontconfig で IPAexGothic を検索)\n"
        "  --json       {\"ranking\": […], \"excluded\": […]} を標準出力へ\n",
        "Usage: assess compare ANSWERS… [--policy FILE] [--questionnaire FILE] [--json]\n"
        "                      [-o DIR] [--force] [--date YYYY-MM-DD] [--font FILE] [--lang en]\n\n"
        "Compares bidders side by side. All answers must use the same questionnaire and the same\n"
        "classification (the odd file is named, exit 65).\n"
        "Approved and conditionally approved bidders are ranked by score (ties: fewer major\n"
        "findings first, then vendor name, then command-line order; ranks are 1..n, never shared).\n"
        "Rejected and incomplete bidders are excluded with their reasons (knockouts and their\n"
        "clauses, required questions unanswered, score below the threshold).\n\n"
        "  -o DIR       write DIR/compare.xlsx and DIR/compare.pdf (DIR must exist)\n"
        "  --force      overwrite existing outputs (otherwise exit 73)\n"
        "  --date D     date printed on the files (default: today); same inputs and date give\n"
        "               identical files\n"
        "  --font FILE  Japanese TrueType font for the PDF (default: IPAexGothic via fontconfig)\n"
        "  --json       {\"ranking\": […], \"excluded\": […]} on stdout\n"));
}

enum { OPT_OUT = OPT_FIRST_FREE, OPT_FORCE, OPT_DATE, OPT_FONT };

typedef struct {
    bool json;
    const char *dir;
    int force;
    asx_date date;
    bool has_date;
    const char *font; /* --font FILE */
} options;

/* Everything loaded for the files: answers[i] and results[i] belong to argv file i. */
typedef struct {
    asx_answers **answers;
    asx_result **results;
    size_t n;
} bidders;

static void bidders_free(bidders *b)
{
    for (size_t i = 0; i < b->n; i++) {
        asx_result_free(b->results ? b->results[i] : NULL);
        asx_answers_free(b->answers ? b->answers[i] : NULL);
    }
    free(b->answers);
    free(b->results);
    b->answers = NULL;
    b->results = NULL;
}

/* Load every file (reporting the problems of all of them, not just the first). */
static asx_error load_all(asx_cli *c, char **files, size_t n, bidders *b)
{
    asx_error worst = ASX_OK;
    b->answers = calloc(n, sizeof *b->answers);
    b->results = calloc(n, sizeof *b->results);
    b->n = n;
    if (!b->answers || !b->results) {
        b->n = 0;
        return ASX_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        asx_error e = asx_answers_load_file(files[i], &c->banks, &b->answers[i], &c->diags);
        if (e && (!worst || e == ASX_ERR_NOINPUT))
            worst = e;
    }
    return worst;
}

static asx_error score_all(asx_cli *c, bidders *b, asx_date date)
{
    for (size_t i = 0; i < b->n; i++) {
        asx_error e = asx_score(b->answers[i], c->policy, date, &b->results[i], &c->diags);
        if (e)
            return e;
    }
    return ASX_OK;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* -o DIR: the folder must exist and, without --force, neither output may. Checked before
 * anything is printed or written. */
static asx_error check_outputs(asx_cli *c, const options *o, const char *xlsx, const char *pdf)
{
    struct stat st;
    if (stat(o->dir, &st) != 0) {
        asx_diags_addf(&c->diags, ASX_ERR_CANTCREAT, o->dir, 0, 0,
                       ASX_L("出力先フォルダを開けません (%s)。先に作成してください",
                             "cannot use the output folder (%s); create it first"),
                       strerror(errno));
        return ASX_ERR_CANTCREAT;
    }
    if (!S_ISDIR(st.st_mode)) {
        asx_diags_addf(&c->diags, ASX_ERR_CANTCREAT, o->dir, 0, 0,
                       ASX_L("出力先がフォルダではありません", "the output is not a folder"));
        return ASX_ERR_CANTCREAT;
    }
    if (o->force)
        return ASX_OK;
    asx_error err = ASX_OK;
    const char *paths[2] = {xlsx, pdf};
    for (int i = 0; i < 2; i++)
        if (exists(paths[i])) {
            asx_diags_addf(&c->diags, ASX_ERR_CANTCREAT, paths[i], 0, 0,
                           ASX_L("既に存在します。上書きするには --force を指定してください",
                                 "already exists; use --force to overwrite it"));
            err = ASX_ERR_CANTCREAT;
        }
    return err;
}

static asx_error write_outputs(asx_cli *c, const options *o, const asx_comparison *cmp,
                               const asx_font *font, const char *xlsx, const char *pdf)
{
    /* both files or neither: the old pair stays as it was when either cannot be written */
    asx_outset *set = asx_outset_new(o->force);
    if (!set)
        return ASX_ERR_NOMEM;
    asx_compare_opts ro = {.date = o->date, .lang = asx_ui_lang, .force = o->force, .font = font, .set = set};
    asx_error err = asx_compare_xlsx_write(cmp, &ro, xlsx, &c->diags);
    if (!err)
        err = asx_compare_pdf_write(cmp, &ro, pdf, &c->diags);
    if (!err)
        err = asx_outset_commit(set, &c->diags);
    asx_outset_free(set);
    if (!err && !o->json)
        asx_term_printf(stdout, "\n%s %s, %s\n", ASX_L("出力:", "Wrote"), xlsx, pdf);
    return err;
}

static asx_error print_result(const options *o, const asx_comparison *cmp)
{
    if (!o->json)
        return asx_compare_print(cmp, asx_ui_lang, stdout);
    char *s = asx_comparison_to_json(cmp, asx_ui_lang);
    if (!s)
        return ASX_ERR_NOMEM;
    fputs(s, stdout);
    fputc('\n', stdout);
    free(s);
    return ASX_OK;
}

static int parse(int argc, char **argv, asx_cli *c, options *o)
{
    static const struct option opts[] = {{"json", no_argument, NULL, OPT_JSON},
                                         {"policy", required_argument, NULL, OPT_POLICY},
                                         {"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
                                         {"output", required_argument, NULL, OPT_OUT},
                                         {"force", no_argument, NULL, OPT_FORCE},
                                         {"date", required_argument, NULL, OPT_DATE},
                                         {"font", required_argument, NULL, OPT_FONT},
                                         {"help", no_argument, NULL, OPT_HELP},
                                         {NULL, 0, NULL, 0}};
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_JSON: o->json = true; break;
        case OPT_POLICY: c->policy_file = optarg; break;
        case OPT_QUESTIONNAIRE: c->questionnaire_file = optarg; break;
        case 'o':
        case OPT_OUT: o->dir = optarg; break;
        case OPT_FORCE: o->force = 1; break;
        case OPT_FONT: o->font = optarg; break;
        case OPT_DATE:
            if (!cli_parse_date(optarg, &o->date))
                return EXIT_USAGE;
            o->has_date = true;
            break;
        case 'h':
        case OPT_HELP: help(stdout); return cli_close_stdout(EXIT_OK) ? EXIT_IOERR : -1;
        case ':':
            return cli_usage("compare", ASX_L("%s には値が必要です (例: -o DIR)",
                                              "%s takes a value (e.g. -o DIR)"), argv[optind - 1]);
        default:
            return cli_usage("compare", ASX_L("不明なオプション %s", "unknown option %s"),
                             argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("compare", ASX_L("比較する回答ファイルを 1 つ以上指定してください",
                                          "expected one or more answers files"));
    if (!o->has_date)
        o->date = asx_date_today();
    return 0;
}

int cmd_compare(int argc, char **argv)
{
    asx_cli c = {0};
    options o = {0};
    bidders b = {0};
    asx_comparison *cmp = NULL;
    char *xlsx = NULL, *pdf = NULL;
    asx_font *font = NULL;
    int st = parse(argc, argv, &c, &o);
    if (st)
        return st < 0 ? EXIT_OK : st;
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (!err)
        err = load_all(&c, argv + optind, (size_t)(argc - optind), &b);
    if (!err)
        err = asx_compare_check((const asx_answers *const *)b.answers, b.n, &c.diags);
    if (!err && o.dir) {
        xlsx = asx_strdupf("%s/compare.xlsx", o.dir);
        pdf = asx_strdupf("%s/compare.pdf", o.dir);
        err = xlsx && pdf ? check_outputs(&c, &o, xlsx, pdf) : ASX_ERR_NOMEM;
        if (!err) /* no font, no files: found out before anything is written */
            err = asx_font_load(o.font, &font, &c.diags);
    }
    if (!err)
        err = score_all(&c, &b, o.date);
    if (!err)
        err = asx_compare((const asx_result *const *)b.results, b.n, &cmp, &c.diags);
    if (!err)
        err = print_result(&o, cmp);
    if (!err && o.dir)
        err = write_outputs(&c, &o, cmp, font, xlsx, pdf);
    free(xlsx);
    free(pdf);
    asx_font_free(font);
    asx_comparison_free(cmp);
    bidders_free(&b);
    return cli_finish(&c, err);
}
