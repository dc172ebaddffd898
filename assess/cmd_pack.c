/* cmd_pack.c - assess pack ANSWERS… -o DIR: the approval pack (PDF and XLSX) of each answers
 * file, on N worker threads. Banks, policy and font are loaded once and shared read-only; each
 * file has its own diagnostics, printed under a mutex; one failing file does not stop the
 * others. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pack.h"
#include "asx/register.h"
#include "asx/score.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"
#include "options.h"

#define MAX_JOBS 256


static const cli_command COMMAND = {
    "pack", "ANSWERS…", "ANSWERS…",
    "回答ファイルごとに承認資料 DIR/<事業者>_<サービス>_<判定日>.pdf と .xlsx を作成します。\n"
    "PDF の 1 ページ目は起案用紙 (件名・起案日・文書番号・所属と起案者・ポリシーの決裁欄と合議欄・\n"
    "決定区分・承認の条件・管理者の指名)、審査資料は「別紙 n / N」として続きます。\n"
    "組の横に回答の SHA-256 を記録した <同じ名前>.pack.json を置きます (register add --pack が使います)。\n",
    "Writes the approval pack DIR/<vendor>_<service>_<decision date>.pdf and .xlsx for each answers\n"
    "file. Page 1 of the PDF is the request for decision (起案 sheet: subject, date, document number,\n"
    "section and drafter, the policy's stamp row and 合議 boxes, the decision options, the conditions,\n"
    "the designation of the managers); the assessment follows as its annex, pages 別紙 n / N.\n"
    "Beside the pair, <the same name>.pack.json records the answers' SHA-256 (register add --pack).\n",
    "終了コード: 0 すべて作成, 64 使い方の誤り, 65 入力不正のファイルあり, 66 読めない入力・フォントなし,\n"
    "            73 出力先を作成できない・既存の出力 (--force なし), 74 書き込みエラー\n",
    "Exit status: 0 all written, 64 usage, 65 invalid input in some file, 66 unreadable input or no font,\n"
    "             73 output folder cannot be made or existing output (without --force), 74 write error\n"};

/* What every worker shares. Only the fields under the mutex change after the start. */
typedef struct {
    asx_cli *cli;
    const asx_font *font;
    asx_pack_opts opts;
    const char *dir;
    char **files;
    size_t nfiles;
    const char **reviews; /* --review per file, or NULL */
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
static asx_error pack_one(batch *b, const char *file, const char *review, asx_diags *d)
{
    asx_answers *a = NULL;
    asx_review *rv = NULL;
    asx_result *r = NULL;
    asx_doc *doc = NULL;
    char *name = NULL, *pdf_path = NULL, *xlsx_path = NULL, *manifest_path = NULL;
    char *manifest = NULL;
    asx_outset *set = NULL;
    asx_error err = asx_answers_load_file(file, &b->cli->banks, &a, d);
    if (err)
        goto done;
    err = cli_review(d, review, a, &rv);
    if (err)
        goto done;
    err = asx_score_review(a, rv, b->cli->policy, b->opts.date, 0, &r, d);
    if (err)
        goto done;
    name = cli_pack_name(a, b->opts.date);
    pdf_path = name ? asx_strdupf("%s/%s.pdf", b->dir, name) : NULL;
    xlsx_path = name ? asx_strdupf("%s/%s.xlsx", b->dir, name) : NULL;
    manifest_path = name ? asx_strdupf("%s/%s%s", b->dir, name, ASX_PACK_MANIFEST) : NULL;
    if (!pdf_path || !xlsx_path || !manifest_path) {
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
    /* The pack is built once and drawn twice; both files are written as one set of outputs:
     * put in place together, or (a full disk, a refused target) neither, the old pair kept. */
    err = asx_pack_build(r, &b->opts, &doc);
    if (err)
        goto done;
    set = asx_outset_new(b->opts.force);
    if (!set) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    asx_doc_out out = {.date = b->opts.date, .font = b->font, .set = set, .force = b->opts.force};
    err = asx_doc_write(doc, ASX_MEDIUM_XLSX, &out, xlsx_path, d);
    if (!err)
        err = asx_doc_write(doc, ASX_MEDIUM_PDF, &out, pdf_path, d);
    /* the manifest: which answers (their SHA-256) the pair is the pack of, so that register
     * add --pack finds it whatever the date in its name */
    if (!err)
        err = asx_register_pack_manifest(a->sha256, name, &manifest);
    if (!err)
        err = asx_outset_add_data(set, manifest_path, manifest, strlen(manifest), d);
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
    asx_doc_free(doc);
    free(name);
    free(pdf_path);
    free(xlsx_path);
    free(manifest_path);
    free(manifest);
    asx_result_free(r);
    asx_review_free(rv);
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
        asx_error err = pack_one(b, b->files[i], b->reviews ? b->reviews[i] : NULL, &d);
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
    if (asx_ui_lang == ASX_LANG_EN)
        asx_term_printf(stderr, "assess pack: of %zu answers file%s, wrote %zu pack%s to %s (%zu failed)\n", b->nfiles,
                b->nfiles == 1 ? "" : "s", b->ok, b->ok == 1 ? "" : "s", b->dir, b->nfiles - b->ok);
    else
        asx_term_printf(stderr, "assess pack: %zu 件中 %zu 件の承認資料を %s に作成しました (失敗 %zu 件)\n", b->nfiles,
                b->ok, b->dir, b->nfiles - b->ok);
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

static int pack_files(asx_cli *cp, batch *bp, int argc, char **argv, int first, const cli_texts *reviews,
                      bool have_date, bool force, const char *font_path, const char *jobs_text, int jobs);

int cmd_pack(int argc, char **argv)
{
    asx_cli c = {0};
    batch b = {0};
    const char *font_path = NULL, *jobs_text = NULL;
    bool have_date = false, force = false;
    cli_texts reviews = {0};
    int jobs = default_jobs();
    b.cli = &c;
    b.opts.lang = asx_ui_lang;
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&b.dir, "出力先フォルダ (なければ最後のフォルダを作成。親フォルダは既存であること)",
                       "output folder (its last folder is made when missing; the parent must exist)"),
        {"approver", 0, CLI_NAME, &b.opts.approver, NULL, "氏名", "NAME", "許可権限者の氏名 (決裁欄に印字)",
         "name of the approver (printed in the stamp row)"},
        {"manager", 0, CLI_NAME, &b.opts.manager, NULL, "氏名", "NAME",
         "指名する外部サービス管理者の氏名 (対策基準 11-2(4)③)",
         "name of the external service manager designated (clause 11-2(4)③)"},
        {"cloud-manager", 0, CLI_NAME, &b.opts.cloud_manager, NULL, "氏名", "NAME",
         "指名するクラウドサービス管理者の氏名", "name of the cloud service manager designated"},
        {"requester", 0, CLI_NAME, &b.opts.requester, NULL, "氏名", "NAME", "起案者の氏名",
         "name of the person drafting the request"},
        {"section", 0, CLI_NAME, &b.opts.section, NULL, "所属", "SECTION", "起案者の所属",
         "section of the person drafting the request"},
        {"security-manager", 0, CLI_NAME, &b.opts.security_manager, NULL, "氏名", "NAME",
         "情報セキュリティ管理者 (所管課長) の氏名", "name of the information security manager (head of the section)"},
        {"security-officer", 0, CLI_NAME, &b.opts.security_officer, NULL, "氏名", "NAME",
         "情報セキュリティ責任者の氏名", "name of the security officer"},
        {"doc-number", 0, CLI_NAME, &b.opts.doc_number, NULL, "番号", "NUMBER", "文書番号 (起案用紙に印字)",
         "document number (printed on the request)"},
        CLI_OPT_DATE(&b.opts.date, &have_date, "起案日・判定日 (既定: 今日)。同じ入力と日付からは同一のファイルができます",
                     "date of the decision (default: today); same inputs and date give identical files"),
        {"jobs", 'j', CLI_TEXT, &jobs_text, NULL, "N", "N", "並列数 (既定: CPU 数)", "worker threads (default: number of CPUs)"},
        CLI_OPT_REVIEWS(&reviews),
        CLI_OPT_FORCE(&force),
        CLI_OPT_POLICY(&c.policy_file),
        CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file),
        CLI_OPT_FONT(&font_path),
        CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status;
    argc = first + cli_drop_beside_reviews(argv + first, argc - first);
    status = pack_files(&c, &b, argc, argv, first, &reviews, have_date, force, font_path, jobs_text, jobs);
    cli_texts_free(&reviews);
    return status;
}

/* The pack command once its options are parsed (reviews freed by the caller). */
static int pack_files(asx_cli *cp, batch *bp, int argc, char **argv, int first, const cli_texts *reviews,
                      bool have_date, bool force, const char *font_path, const char *jobs_text, int jobs)
{
    int status;
    bp->opts.force = force;
    if (reviews->n && reviews->n != (size_t)(argc - first))
        return cli_usage("pack", ASX_L("--review は回答ファイルごとに一つずつ、同じ順で指定してください",
                                       "give --review once per answers file, in the same order"));
    bp->reviews = reviews->n ? reviews->v : NULL;
    if (jobs_text && !parse_jobs(jobs_text, &jobs))
        return cli_usage("pack", ASX_L("-j は 1〜%d の整数です (\"%s\")", "-j takes a number from 1 to %d, not \"%s\""),
                         MAX_JOBS, jobs_text);
    if (first >= argc)
        return cli_usage("pack", ASX_L("回答ファイルを指定してください", "expected answers files"));
    if (!bp->dir)
        return cli_usage("pack", ASX_L("出力先フォルダを -o DIR で指定してください", "expected the output folder (-o DIR)"));
    if (bp->opts.doc_number && argc - first > 1)
        /* one 文書番号 is one 起案: the same number stamped on every pack of a batch is wrong */
        return cli_usage("pack", ASX_L("--doc-number (文書番号) は 1 件の起案に 1 つです。回答ファイルごとに pack を実行してください (%d 件指定)",
                                       "--doc-number belongs to one request: run pack once per answers file (%d given)"),
                         argc - first);
    if (!have_date)
        bp->opts.date = asx_date_today();

    /* One worker (one file, or -j 1) parses only the banks its answers use. */
    cp->lazy_banks = jobs == 1 || argc - optind == 1;
    asx_font *font = NULL;
    asx_error err = cli_banks(cp);
    if (!err)
        err = cli_policy(cp);
    if (!err)
        err = asx_font_load(font_path, &font, &cp->diags);
    if (!err)
        err = cli_output_dir(cp, bp->dir); /* a missing last folder is made (SPEC v2 §5) */
    if (err) {
        asx_font_free(font);
        return cli_finish(cp, err);
    }
    asx_diags_print(&cp->diags, stderr); /* warnings of the shared loads, once */
    asx_diags_free(&cp->diags);
    asx_diags_init(&cp->diags);

    bp->font = font;
    bp->files = argv + first;
    bp->nfiles = (size_t)(argc - first);
    bp->progress = isatty(STDERR_FILENO) != 0;
    bp->errs = calloc(bp->nfiles, sizeof *bp->errs);
    bp->claimed = calloc(bp->nfiles, sizeof *bp->claimed);
    status = 0;
    if (!bp->errs || !bp->claimed || pthread_mutex_init(&bp->lock, NULL) != 0) {
        status = cli_finish(cp, ASX_ERR_NOMEM);
    } else {
        status = run_batch(bp, jobs);
        pthread_mutex_destroy(&bp->lock);
        int fin = cli_finish(cp, ASX_OK);
        if (!status)
            status = fin;
    }
    asx_strv_free(bp->claimed, bp->nclaimed);
    free(bp->errs);
    asx_font_free(font);
    return status;
}
