/* cmd_compare.c - assess compare ANSWERS…: bidders side by side. Eligible bidders ranked,
 * excluded ones with their reasons; the comparison workbook and PDF with -o DIR. */
#include <errno.h>
#include <limits.h>
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
#include "options.h"

static const cli_command COMMAND = {
    "compare", "ANSWERS…", "ANSWERS…",
    "入札者の回答を並べて比較します。すべての回答は同じ質問票・同じ情報資産の分類で\n"
    "なければなりません (異なるファイルを名指しして終了コード 65)。\n"
    "承認・条件付き承認の入札者を得点の高い順に順位付けします (同点なら重大な指摘の\n"
    "少ない順、さらに事業者名の順、最後はコマンドラインの順。順位は 1..n で重複しません)。\n"
    "不承認・差戻し・審査未了の入札者は除外し、理由 (必須条件違反とその条項、未回答の必須項目、\n"
    "基準点未満) を示します。技術点は、ポリシーの evaluation_points (区分 ID ごとの配点) ×\n"
    "区分の得点率の合計です (evaluation_points がなければ各区分の設問の重みの合計を配点とする)。\n"
    "-o DIR で DIR/compare.xlsx と DIR/compare.pdf (選定結果と審査委員会の押印欄つき) を作成します。\n",
    "Compares bidders side by side. All answers must use the same questionnaire and the same\n"
    "classification (the odd file is named, exit 65).\n"
    "Approved and conditionally approved bidders are ranked by score (ties: fewer major\n"
    "findings first, then vendor name, then command-line order; ranks are 1..n, never shared).\n"
    "Rejected, incomplete and pending bidders are excluded with their reasons (knockouts and their\n"
    "clauses, required questions unanswered, score below the threshold). Tech points are the sum\n"
    "over the sections of the policy's evaluation_points (points per section id) times the\n"
    "section's score (without evaluation_points, each section's points are its questions' weights).\n"
    "-o DIR writes DIR/compare.xlsx and DIR/compare.pdf (with the selection and the committee's\n"
    "stamp boxes).\n",
    NULL, NULL};

typedef struct {
    bool json;
    const char *dir;
    bool force;
    asx_date date;
    bool has_date;
    const char *font; /* --font FILE */
    bool anonymize;   /* --anonymize */
    const char *key;  /* --key FILE, or DIR-key.xlsx beside the folder */
    const char *title; /* --title TEXT: the tender's name (件名) */
    cli_texts reviews; /* --review, once per answers file */
} options;

/* Everything loaded for the files: answers[i] and results[i] belong to argv file i. */
typedef struct {
    asx_answers **answers;
    asx_review **reviews;
    asx_result **results;
    size_t n;
} bidders;

static void bidders_free(bidders *b)
{
    for (size_t i = 0; i < b->n; i++) {
        asx_result_free(b->results ? b->results[i] : NULL);
        asx_review_free(b->reviews ? b->reviews[i] : NULL);
        asx_answers_free(b->answers ? b->answers[i] : NULL);
    }
    free(b->reviews);
    b->reviews = NULL;
    free(b->answers);
    free(b->results);
    b->answers = NULL;
    b->results = NULL;
}

/* Load every file (reporting the problems of all of them, not just the first). */
static asx_error load_all(asx_cli *c, char **files, size_t n, const cli_texts *reviews, bidders *b)
{
    asx_error worst = ASX_OK;
    b->answers = calloc(n, sizeof *b->answers);
    b->reviews = calloc(n, sizeof *b->reviews);
    b->results = calloc(n, sizeof *b->results);
    b->n = n;
    if (!b->answers || !b->reviews || !b->results) {
        b->n = 0;
        return ASX_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        asx_error e = asx_answers_load_file(files[i], &c->banks, &b->answers[i], &c->diags);
        if (!e)
            e = cli_review(&c->diags, reviews->n ? reviews->v[i] : NULL, b->answers[i], &b->reviews[i]);
        if (e && (!worst || e == ASX_ERR_NOINPUT))
            worst = e;
    }
    return worst;
}

static asx_error score_all(asx_cli *c, bidders *b, asx_date date)
{
    for (size_t i = 0; i < b->n; i++) {
        asx_error e = asx_score_review(b->answers[i], b->reviews[i], c->policy, date, 0, &b->results[i], &c->diags);
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

/* -o DIR: the folder is made when missing and, without --force, no output may exist. Checked
 * before anything is printed or written. */
static asx_error check_outputs(asx_cli *c, const options *o, const char *xlsx, const char *pdf,
                               const char *key)
{
    /* a missing last folder is made (SPEC v2 §5); its parent must exist */
    asx_error derr = cli_output_dir(c, o->dir);
    if (derr)
        return derr;
    if (o->force)
        return ASX_OK;
    asx_error err = ASX_OK;
    const char *paths[3] = {xlsx, pdf, key};
    for (int i = 0; i < 3; i++)
        if (paths[i] && exists(paths[i])) {
            asx_diags_addf(&c->diags, ASX_ERR_CANTCREAT, paths[i], 0, 0,
                           ASX_L("既に存在します。上書きするには --force を指定してください",
                                 "already exists; use --force to overwrite it"));
            err = ASX_ERR_CANTCREAT;
        }
    return err;
}

/* The workbook, the PDF and (anonymised) the key: all of them or none; the old files stay as
 * they were when any cannot be written. */
static asx_error write_outputs(asx_cli *c, const options *o, const asx_comparison *cmp,
                               const asx_font *font, const char *xlsx, const char *pdf)
{
    asx_outset *set = asx_outset_new(o->force);
    if (!set)
        return ASX_ERR_NOMEM;
    asx_doc_out out = {.date = o->date, .font = font, .set = set, .force = o->force};
    asx_error err = ASX_OK;
    if (xlsx || pdf) { /* one document, drawn as the workbook and the PDF */
        asx_doc *doc = asx_compare_doc(cmp, o->date, asx_ui_lang);
        err = doc ? ASX_OK : ASX_ERR_NOMEM;
        if (!err && xlsx)
            err = asx_doc_write(doc, ASX_MEDIUM_XLSX, &out, xlsx, &c->diags);
        if (!err && pdf)
            err = asx_doc_write(doc, ASX_MEDIUM_PDF, &out, pdf, &c->diags);
        asx_doc_free(doc);
    }
    if (!err && o->key) {
        asx_doc *key = asx_compare_key_doc(cmp, o->date, asx_ui_lang);
        asx_doc_out kout = out;
        kout.mode = 0600; /* the key identifies the bidders: readable by its owner only */
        err = key ? asx_doc_write(key, ASX_MEDIUM_XLSX, &kout, o->key, &c->diags) : ASX_ERR_NOMEM;
        asx_doc_free(key);
    }
    if (!err)
        err = asx_outset_commit(set, &c->diags);
    asx_outset_free(set);
    if (!err && xlsx && !o->json)
        asx_term_printf(stdout, "\n%s %s, %s\n", ASX_L("出力:", "Wrote"), xlsx, pdf);
    if (!err && o->key)
        fprintf(o->json ? stderr : stdout,
                ASX_L("対照表 (審査委員会には配布しない): %s\n", "Key (not for the committee): %s\n"), o->key);
    return err;
}

/* The key beside the folder: DIR-key.xlsx (DIR without its trailing slashes). NULL when DIR
 * names no folder of its own ("/", ".", ".."): --key must say where then. */
static char *default_key(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    const char *base = dir + n;
    while (base > dir && base[-1] != '/')
        base--;
    size_t bl = (size_t)(dir + n - base);
    if (bl == 0 || (bl == 1 && (base[0] == '.' || base[0] == '/')) ||
        (bl == 2 && base[0] == '.' && base[1] == '.'))
        return NULL;
    return asx_strdupf("%.*s-key.xlsx", (int)n, dir);
}

/* The folder path names, resolved (symbolic links, "..") into out: realpath, or, for a folder
 * not made yet, its resolved parent and its last name. False when neither resolves. */
static bool resolve_dir(const char *path, char out[PATH_MAX])
{
    if (realpath(path, out))
        return true;
    char *copy = asx_strdup(path);
    if (!copy)
        return false;
    /* "." names nothing: out/./x and out/. are out/x and out */
    for (char *d; (d = strstr(copy, "/./")) != NULL;)
        memmove(d, d + 2, strlen(d + 2) + 1);
    size_t n = strlen(copy);
    for (bool again = true; again;) {
        again = false;
        while (n > 1 && copy[n - 1] == '/')
            copy[--n] = '\0', again = true;
        if (n > 2 && copy[n - 1] == '.' && copy[n - 2] == '/')
            copy[n -= 2] = '\0', again = true;
    }
    while (strncmp(copy, "./", 2) == 0 && copy[2])
        memmove(copy, copy + 2, strlen(copy + 2) + 1);
    char *slash = strrchr(copy, '/');
    const char *last = slash ? slash + 1 : copy;
    char parent[PATH_MAX];
    bool ok = false;
    if (strcmp(last, ".") != 0 && strcmp(last, "..") != 0 && *last) {
        if (slash == copy)
            ok = realpath("/", parent) != NULL;
        else if (slash) {
            *slash = '\0';
            ok = realpath(copy, parent) != NULL;
        } else
            ok = realpath(".", parent) != NULL;
    }
    if (ok)
        ok = snprintf(out, PATH_MAX, "%s%s%s", parent, strcmp(parent, "/") ? "/" : "", last) < PATH_MAX;
    free(copy);
    return ok;
}

/* Whether the key's folder is the -o folder or inside it (both resolved, the -o folder before
 * it is made). A key whose folder resolves to nothing is not inside (writing it fails, and says
 * so). */
static bool key_inside(const char *key, const char *dir)
{
    char *kdir = asx_strdup(key);
    if (!kdir)
        return false;
    char *slash = strrchr(kdir, '/');
    if (slash == kdir)
        kdir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(kdir, ".");
    char rk[PATH_MAX], rd[PATH_MAX];
    bool inside = false;
    if (resolve_dir(kdir, rk) && resolve_dir(dir, rd)) {
        size_t dl = strlen(rd);
        inside = strncmp(rk, rd, dl) == 0 &&
                 (rk[dl] == '\0' || rk[dl] == '/' || (dl == 1 && rd[0] == '/'));
    }
    free(kdir);
    return inside;
}

/* ASX_ERR_USAGE (said on stderr) when the key would be inside the -o folder. */
static asx_error refuse_key_inside(const options *o)
{
    if (!key_inside(o->key, o->dir))
        return ASX_OK;
    (void)cli_usage("compare", ASX_L("対照表 %s が -o %s の中にあります。審査委員会の資料とは別の場所を --key で指定してください",
                                    "the key %s is inside -o %s: give --key a place apart from the committee's files"),
                   o->key, o->dir);
    return ASX_ERR_USAGE;
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

/* -1 to go on with the files from argv[*first], else the exit status. */
/* *nfiles: how many answers files follow argv[*first] (beside reviews dropped). */
static int parse(int argc, char **argv, asx_cli *c, options *o, int *first, int *nfiles)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&o->dir, "DIR/compare.xlsx と DIR/compare.pdf を作成 (DIR がなければ作成)",
                       "write DIR/compare.xlsx and DIR/compare.pdf (DIR is created)"),
        CLI_OPT_POLICY(&c->policy_file),
        CLI_OPT_QUESTIONNAIRE(&c->questionnaire_file),
        CLI_OPT_DATE(&o->date, &o->has_date, "資料に記載する日付 (既定: 今日)。同じ入力と日付なら同一のファイル",
                     "date printed on the files (default: today); same inputs and date give identical files"),
        CLI_OPT_FONT(&o->font),
        CLI_OPT_FORCE(&o->force),
        CLI_OPT_JSON(&o->json),
        CLI_OPT_REVIEWS(&o->reviews),
        {"anonymize", 0, CLI_FLAG, &o->anonymize, NULL, NULL, NULL,
         "審査委員会向けに入札者を A社, B社, … (ファイルの順) と表示 (すべての出力)。対照表は別ファイル",
         "name the bidders A社, B社, … (in the order given) in every output, for the committee; the key goes apart"},
        {"key", 0, CLI_TEXT, &o->key, NULL, "FILE", "FILE",
         "対照表 (記号と事業者・識別情報) の出力先。-o DIR の中は不可 (既定: DIR の隣の DIR-key.xlsx。-o なしのときは必須)",
         "where to write the key (aliases, vendors, identifiers); never inside -o DIR (default: DIR-key.xlsx beside DIR; required without -o)"},
        {"title", 0, CLI_TEXT, &o->title, NULL, "件名", "TEXT",
         "調達の件名。ポリシーの organization とともに資料の各ページに記載",
         "the tender's name, printed with the policy's organization on every page"},
        CLI_END};
    int st = cli_parse(&COMMAND, opts, argc, argv, first);
    if (st >= 0)
        return st;
    argc = *first + cli_drop_beside_reviews(argv + *first, argc - *first);
    *nfiles = argc - *first;
    if (*first >= argc)
        return cli_usage("compare", ASX_L("比較する回答ファイルを 1 つ以上指定してください",
                                          "expected one or more answers files"));
    if (o->reviews.n && o->reviews.n != (size_t)(argc - *first))
        return cli_usage("compare", ASX_L("--review は回答ファイルごとに一つずつ、同じ順で指定してください",
                                          "give --review once per answers file, in the same order"));
    if (o->key && !o->anonymize)
        return cli_usage("compare", ASX_L("--key は --anonymize と一緒に指定します",
                                          "--key goes with --anonymize"));
    if (o->anonymize && !o->key && !o->dir)
        return cli_usage("compare", ASX_L("--anonymize の対照表の出力先を -o DIR か --key FILE で指定してください",
                                          "--anonymize needs somewhere to write the key: -o DIR or --key FILE"));
    if (!o->has_date)
        o->date = asx_date_today();
    return -1;
}

int cmd_compare(int argc, char **argv)
{
    asx_cli c = {0};
    options o = {0};
    bidders b = {0};
    asx_comparison *cmp = NULL;
    char *xlsx = NULL, *pdf = NULL, *key = NULL;
    asx_font *font = NULL;
    int first = 0;
    int nfiles = 0;
    int st = parse(argc, argv, &c, &o, &first, &nfiles);
    if (st >= 0) {
        cli_texts_free(&o.reviews);
        return st;
    }
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (!err)
        err = load_all(&c, argv + first, (size_t)nfiles, &o.reviews, &b);
    if (!err)
        err = asx_compare_check((const asx_answers *const *)b.answers, b.n, &c.diags);
    if (!err && o.anonymize && !o.key) {
        key = default_key(o.dir);
        o.key = key;
        if (!key) {
            (void)cli_usage("compare", ASX_L("-o %s の隣に対照表を置けません。--key FILE で出力先を指定してください",
                                            "no key can be put beside -o %s: give --key FILE"),
                           o.dir);
            err = ASX_ERR_USAGE;
        }
    }
    if (!err && o.key && !o.force && exists(o.key)) {
        asx_diags_addf(&c.diags, ASX_ERR_CANTCREAT, o.key, 0, 0,
                       ASX_L("既に存在します。上書きするには --force を指定してください",
                             "already exists; use --force to overwrite it"));
        err = ASX_ERR_CANTCREAT;
    }
    /* the committee's folder never holds the key (SPEC §8.3); found out before the folder is made */
    if (!err && o.dir && o.key)
        err = refuse_key_inside(&o);
    if (!err && o.dir) {
        xlsx = asx_strdupf("%s/compare.xlsx", o.dir);
        pdf = asx_strdupf("%s/compare.pdf", o.dir);
        err = xlsx && pdf ? check_outputs(&c, &o, xlsx, pdf, NULL) : ASX_ERR_NOMEM;
        /* again now that the folder exists: a key named through it ("DIR/../DIR/k.xlsx")
         * resolves only now */
        if (!err && o.key)
            err = refuse_key_inside(&o);
        if (!err) /* no font, no files: found out before anything is written */
            err = asx_font_load(o.font, &font, &c.diags);
    }
    if (!err)
        err = score_all(&c, &b, o.date);
    if (!err)
        err = asx_compare((const asx_result *const *)b.results, b.n, &cmp, &c.diags);
    if (!err) {
        cmp->title = o.title;
        if (o.anonymize)
            err = asx_compare_anonymize(cmp);
    }
    if (!err)
        err = print_result(&o, cmp);
    if (!err && (o.dir || o.key))
        err = write_outputs(&c, &o, cmp, font, xlsx, pdf);
    free(key);
    free(xlsx);
    free(pdf);
    asx_font_free(font);
    asx_comparison_free(cmp);
    bidders_free(&b);
    cli_texts_free(&o.reviews);
    return cli_finish(&c, err);
}
