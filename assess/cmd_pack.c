/* cmd_pack.c - assess pack ANSWERS… -o DIR: the approval pack (PDF and XLSX) of each answers
 * file, on N worker threads. Banks, policy and font are loaded once and shared read-only; each
 * file has its own diagnostics, printed under a mutex; one failing file does not stop the
 * others. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pack.h"
#include "asx/pack_pdf.h"
#include "asx/pack_xlsx.h"
#include "asx/score.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"

#define NAME_MAX_BYTES 120 /* bytes of the safe name, leaving room for ".xlsx" and a temp suffix */
#define MAX_JOBS 256

enum { OPT_APPROVER = OPT_FIRST_FREE, OPT_MANAGER, OPT_REQUESTER, OPT_OFFICER, OPT_SECMANAGER, OPT_DATE, OPT_FORCE,
       OPT_FONT };

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess pack ANSWERS… -o DIR [--approver 氏名] [--manager 氏名] [--requester 氏名]\n"
        "                 [--security-manager 氏名] [--security-officer 氏名] [--date YYYY-MM-DD]\n"
        "                 [-j N] [--force]\n"
        "                 [--policy FILE] [--questionnaire FILE] [--font FILE] [--lang en]\n\n"
        "回答ファイルごとに承認資料 DIR/<事業者>_<サービス>.pdf と .xlsx を作成します。\n"
        "  -o DIR           出力先フォルダ (既存であること)\n"
        "  --approver       許可権限者の氏名 (決裁欄に印字)\n"
        "  --manager        指名する外部サービス管理者の氏名 (対策基準 11-2(4)③)\n"
        "  --requester      起案者の氏名\n"
        "  --security-manager  情報セキュリティ管理者 (所管課長) の氏名\n"
        "  --security-officer  情報セキュリティ責任者の氏名\n"
        "  --date           資料の日付 (既定: 今日)。同じ入力と日付からは同一のファイルができます\n"
        "  -j N             並列数 (既定: CPU 数)\n"
        "  --force          既存の出力を上書き\n"
        "  --font FILE      日本語 TrueType フォント (既定: fontconfig で IPAexGothic を検索)\n"
        "終了コード: 0 すべて作成, 65 入力不正のファイルあり, 66 読めない入力・フォントなし,\n"
        "            73 出力先がない・既存の出力 (--force なし), 74 書き込みエラー\n",
        "Usage: assess pack ANSWERS… -o DIR [--approver NAME] [--manager NAME] [--requester NAME]\n"
        "                 [--security-manager NAME] [--security-officer NAME] [--date YYYY-MM-DD]\n"
        "                 [-j N] [--force]\n"
        "                 [--policy FILE] [--questionnaire FILE] [--font FILE] [--lang en]\n\n"
        "Writes the approval pack DIR/<vendor>_<service>.pdf and .xlsx for each answers file.\n"
        "  -o DIR           output folder (must exist)\n"
        "  --approver       name of the approver (printed in the approval block)\n"
        "  --manager        name of the external service manager designated (clause 11-2(4)③)\n"
        "  --requester      name of the requester\n"
        "  --security-manager  name of the information security manager (head of the section)\n"
        "  --security-officer  name of the security officer\n"
        "  --date           date of the pack (default: today); same inputs and date give identical files\n"
        "  -j N             worker threads (default: number of CPUs)\n"
        "  --force          overwrite existing outputs\n"
        "  --font FILE      Japanese TrueType font (default: IPAexGothic found through fontconfig)\n"
        "Exit status: 0 all written, 65 invalid input in some file, 66 unreadable input or no font,\n"
        "             73 missing output folder or existing output (without --force), 74 write error\n"));
}

/* What every worker shares. Only the fields under the mutex change after the start. */
typedef struct {
    asx_cli *cli;
    const asx_font *font;
    asx_pack_opts opts;
    const char *dir;
    char **files;
    size_t nfiles;
    bool progress;
    pthread_mutex_t lock;
    /* under lock */
    size_t next;
    size_t done, ok;
    asx_error *errs; /* per file */
    char **claimed;  /* output names made in this run */
    size_t nclaimed;
} batch;

/* Claim an output name for this run: two inputs with the same vendor and service would write
 * the same files. Returns false when another file of the batch already has it. */
static bool claim(batch *b, const char *name)
{
    bool ok = true;
    pthread_mutex_lock(&b->lock);
    for (size_t i = 0; i < b->nclaimed && ok; i++)
        ok = strcmp(b->claimed[i], name) != 0;
    if (ok) {
        char *copy = asx_strdup(name);
        if (copy)
            b->claimed[b->nclaimed++] = copy;
    }
    pthread_mutex_unlock(&b->lock);
    return ok;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Make the pack of one file. Problems go to d. */
static asx_error pack_one(batch *b, const char *file, asx_diags *d)
{
    asx_answers *a = NULL;
    asx_result *r = NULL;
    asx_pdf *pdf = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    char *name = NULL, *pdf_path = NULL, *xlsx_path = NULL;
    asx_outset *set = NULL;
    asx_pack_opts opts = b->opts;
    asx_error err = asx_answers_load_file(file, &b->cli->banks, &a, d);
    if (err)
        goto done;
    err = asx_score(a, b->cli->policy, b->opts.date, &r, d);
    if (err)
        goto done;
    name = cli_output_name(a->vendor_name, a->service_name, NAME_MAX_BYTES);
    pdf_path = name ? asx_strdupf("%s/%s.pdf", b->dir, name) : NULL;
    xlsx_path = name ? asx_strdupf("%s/%s.xlsx", b->dir, name) : NULL;
    if (!pdf_path || !xlsx_path) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    if (!claim(b, name)) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, file, 0, 0,
                       ASX_L("出力名 %s は、この実行の別の回答ファイル (同じ事業者・サービス) と重なります",
                             "output name %s is also the name of another answers file of this run "
                             "(same vendor and service)"),
                       name);
        err = ASX_ERR_CANTCREAT;
        goto done;
    }
    if (!b->opts.force && (exists(pdf_path) || exists(xlsx_path))) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, exists(pdf_path) ? pdf_path : xlsx_path, 0, 0, "%s",
                       ASX_L("既に存在します (上書きするには --force)", "already exists (use --force to overwrite)"));
        err = ASX_ERR_CANTCREAT;
        goto done;
    }
    /* The PDF is made in memory first; both files are then written as one set of outputs:
     * put in place together, or (a full disk, a refused target) neither, the old pair kept. */
    err = asx_pdf_pack_build(r, &b->opts, b->font, &pdf);
    if (!err)
        err = asx_pdf_render(pdf, &data, &len, d);
    if (err)
        goto done;
    set = asx_outset_new(b->opts.force);
    if (!set) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    opts.set = set;
    err = asx_xlsx_pack_write(r, &opts, xlsx_path, d);
    if (!err)
        err = asx_outset_add_data(set, pdf_path, data, len, d);
    if (!err)
        err = asx_outset_commit(set, d);
    if (err)
        goto done;
    pthread_mutex_lock(&b->lock);
    asx_term_printf(stdout, "%s\n%s\n", pdf_path, xlsx_path);
    pthread_mutex_unlock(&b->lock);
done:
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, file, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
    asx_outset_free(set);
    free(data);
    asx_pdf_free(pdf);
    free(name);
    free(pdf_path);
    free(xlsx_path);
    asx_result_free(r);
    asx_answers_free(a);
    return err;
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next < b->nfiles ? b->next++ : b->nfiles;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->nfiles)
            break;
        asx_diags d;
        asx_diags_init(&d);
        asx_error err = pack_one(b, b->files[i], &d);
        if (err && d.n == 0)
            asx_diags_addf(&d, err, b->files[i], 0, 0, "%s", asx_strerror(err));
        pthread_mutex_lock(&b->lock);
        b->errs[i] = err;
        b->done++;
        if (!err)
            b->ok++;
        if (b->progress)
            fputs("\r\033[K", stderr);
        asx_diags_print(&d, stderr);
        if (b->progress)
            fprintf(stderr, ASX_L("\r[%zu/%zu] 作成中… (失敗 %zu)", "\r[%zu/%zu] packing… (%zu failed)"), b->done,
                    b->nfiles, b->done - b->ok);
        fflush(stdout);
        pthread_mutex_unlock(&b->lock);
        asx_diags_free(&d);
    }
    return NULL;
}

/* The exit status of the batch: OK, the one error every failed file shares, or DATA when the
 * failures differ. */
static asx_error batch_error(const batch *b)
{
    asx_error worst = ASX_OK;
    for (size_t i = 0; i < b->nfiles; i++) {
        if (!b->errs[i])
            continue;
        if (!worst)
            worst = b->errs[i];
        else if (worst != b->errs[i])
            return ASX_ERR_DATA;
    }
    return worst;
}

static int run_batch(batch *b, int jobs)
{
    pthread_t tids[MAX_JOBS];
    int started = 0;
    if ((size_t)jobs > b->nfiles)
        jobs = (int)b->nfiles;
    for (int i = 1; i < jobs; i++) {
        if (pthread_create(&tids[started], NULL, worker, b) != 0)
            break; /* fewer workers: the others share the files */
        started++;
    }
    worker(b);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    if (b->progress)
        fputs("\r\033[K", stderr);
    asx_term_printf(stderr, ASX_L("assess pack: %zu 件中 %zu 件の承認資料を %s に作成しました (失敗 %zu 件)\n",
                          "assess pack: of %zu answers files, wrote %zu packs to %s (%zu failed)\n"),
            b->nfiles, b->ok, b->dir, b->nfiles - b->ok);
    return asx_exit_code(batch_error(b));
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

static bool parse_jobs(const char *s, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || *end || v < 1 || v > MAX_JOBS)
        return false;
    *out = (int)v;
    return true;
}

int cmd_pack(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"approver", required_argument, NULL, OPT_APPROVER},
                                         {"manager", required_argument, NULL, OPT_MANAGER},
                                         {"requester", required_argument, NULL, OPT_REQUESTER},
                                         {"security-officer", required_argument, NULL, OPT_OFFICER},
                                         {"security-manager", required_argument, NULL, OPT_SECMANAGER},
                                         {"date", required_argument, NULL, OPT_DATE},
                                         {"jobs", required_argument, NULL, 'j'},
                                         {"force", no_argument, NULL, OPT_FORCE},
                                         {"font", required_argument, NULL, OPT_FONT},
                                         {"policy", required_argument, NULL, OPT_POLICY},
                                         {"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
                                         {"help", no_argument, NULL, OPT_HELP},
                                         {NULL, 0, NULL, 0}};
    asx_cli c = {0};
    batch b = {0};
    const char *font_path = NULL;
    int jobs = default_jobs(), ch;
    bool have_date = false;
    b.cli = &c;
    b.opts.lang = asx_ui_lang;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "ho:j:", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': b.dir = optarg; break;
        case OPT_APPROVER: b.opts.approver = optarg; break;
        case OPT_MANAGER: b.opts.manager = optarg; break;
        case OPT_REQUESTER: b.opts.requester = optarg; break;
        case OPT_OFFICER: b.opts.security_officer = optarg; break;
        case OPT_SECMANAGER: b.opts.security_manager = optarg; break;
        case OPT_DATE:
            if (!cli_parse_date(optarg, &b.opts.date))
                return EXIT_USAGE;
            have_date = true;
            break;
        case 'j':
            if (!parse_jobs(optarg, &jobs))
                return cli_usage("pack", ASX_L("-j は 1〜%d の整数です (\"%s\")", "-j takes a number from 1 to %d, not \"%s\""),
                                 MAX_JOBS, optarg);
            break;
        case OPT_FORCE: b.opts.force = 1; break;
        case OPT_FONT: font_path = optarg; break;
        case OPT_POLICY: c.policy_file = optarg; break;
        case OPT_QUESTIONNAIRE: c.questionnaire_file = optarg; break;
        case 'h':
        case OPT_HELP: help(stdout); return cli_close_stdout(EXIT_OK);
        default:
            return cli_usage("pack", ASX_L("不明なオプションまたは値がありません: %s", "unknown option or missing value: %s"),
                             argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("pack", ASX_L("回答ファイルを指定してください", "expected answers files"));
    /* the names printed in the approval block follow the rule of names in answers */
    const struct {
        const char *opt, *value;
    } names[] = {{"approver", b.opts.approver}, {"manager", b.opts.manager}, {"requester", b.opts.requester},
                 {"security-officer", b.opts.security_officer}, {"security-manager", b.opts.security_manager}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].value && !cli_check_name(names[i].opt, names[i].value))
            return EXIT_DATAERR;
    if (!b.dir)
        return cli_usage("pack", ASX_L("出力先フォルダを -o DIR で指定してください", "expected the output folder (-o DIR)"));
    struct stat st;
    if (stat(b.dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        asx_term_printf(stderr, ASX_L("assess: %s: 出力先フォルダがありません (先に作成してください)\n",
                              "assess: %s: the output folder does not exist (create it first)\n"), b.dir);
        return EXIT_CANTCREAT;
    }
    if (!have_date)
        b.opts.date = asx_date_today();

    asx_font *font = NULL;
    asx_error err = cli_banks(&c);
    if (!err)
        err = cli_policy(&c);
    if (!err)
        err = asx_font_load(font_path, &font, &c.diags);
    if (err)
        return cli_finish(&c, err);
    asx_diags_print(&c.diags, stderr); /* warnings of the shared loads, once */
    asx_diags_free(&c.diags);
    asx_diags_init(&c.diags);

    b.font = font;
    b.files = argv + optind;
    b.nfiles = (size_t)(argc - optind);
    b.progress = isatty(STDERR_FILENO) != 0;
    b.errs = calloc(b.nfiles, sizeof *b.errs);
    b.claimed = calloc(b.nfiles, sizeof *b.claimed);
    int status;
    if (!b.errs || !b.claimed || pthread_mutex_init(&b.lock, NULL) != 0) {
        status = cli_finish(&c, ASX_ERR_NOMEM);
    } else {
        status = run_batch(&b, jobs);
        pthread_mutex_destroy(&b.lock);
        int fin = cli_finish(&c, ASX_OK);
        if (!status)
            status = fin;
    }
    asx_strv_free(b.claimed, b.nclaimed);
    free(b.errs);
    asx_font_free(font);
    return status;
}
