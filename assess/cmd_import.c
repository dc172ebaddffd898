/* cmd_import.c - assess import FORM.xlsx|FORM.ods [-o answers.json]: a filled vendor form back
 * into an answers file (assess-answers/1); the officer's review sheet (made by assess review) back
 * into a review (assess-review/1). The kind is told by the workbook's _meta sheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/review_sheet.h"
#include "asx/text.h"
#include "asx/xlsx_import.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "import", "FORM.xlsx|FORM.ods", "FORM.xlsx|FORM.ods",
    "assess form で作成し事業者が記入した様式 (XLSX、または LibreOffice で保存した ODS) を読み、\n"
    "回答ファイル (assess-answers/1) にします。行は A 列の質問 ID で照合します。\n"
    "入力のくせは意図どおりに読みます: 99.95% と表示されたセル、全角の数字・英字 (９９．９)、\n"
    "令和8年3月31日・R8.3.31・2026/3/31 の日付、日本・米国などの国名、○×△。\n"
    "セルの問題はすべて「シート!セル: 内容」で報告し、何も書き込みません。\n"
    "未回答の必須質問と、ID のない行に書かれた内容は警告としてセル付きで示し、回答ファイルは書き出します。\n"
    "各回答には読み取ったセルが \"source\" (例: \"回答!F19\") として記録され、validate・score の表示に使われます。\n"
    "assess review で作成し判断者が記入した審査シートは、審査記録 (assess-review/1) にします。\n"
    "--answers でシートを作った回答ファイルを渡すと、回答との結び付き (SHA-256) と再委託先の名前も\n"
    "ここで検査します (渡さなければ score --review のときに検査)。氏名・日付のない行は判断待ちのままです。\n"
    "-o を省くと標準出力へ。\n",
    "Reads a form made by assess form and filled in by a vendor (XLSX, or ODS saved by LibreOffice)\n"
    "and writes it as an answers file (assess-answers/1). Rows are matched by the question id in\n"
    "column A. What people type is read as they meant it: cells shown as 99.95%, full-width digits\n"
    "and letters, dates as 2026/3/31 or in the Japanese era calendar, country names.\n"
    "Every cell problem is reported as SHEET!CELL: message, and nothing is written.\n"
    "Required questions left empty and rows without an id are warnings naming their cells; the\n"
    "answers are still written. Each answer records its cell as \"source\" (e.g. \"Answers!F19\"),\n"
    "which validate and score show.\n"
    "A review sheet made by assess review and filled in by the officer becomes a review\n"
    "(assess-review/1). With --answers (the answers the sheet was made for) its binding (SHA-256) and\n"
    "the subcontractors' names are checked here too (otherwise by score --review). A row without a\n"
    "name and a date stays an outstanding judgment. Without -o the output goes to standard output.\n",
    "終了コード: 0 書き出した (警告があっても), 64 使い方の誤り, 65 様式の問題, 66 読めない入力, 73 出力を作れない\n",
    "Exit status: 0 written (warnings or not), 64 usage, 65 a problem in the form, 66 unreadable input, 73 cannot create the output\n"};

/* Write text (and a final new line) to out, or standard output. */
static asx_error write_text(asx_cli *c, char *text, const char *out, bool force)
{
    size_t n = strlen(text);
    char *t = realloc(text, n + 2);
    if (!t) {
        free(text);
        return ASX_ERR_NOMEM;
    }
    memcpy(t + n, "\n", 2);
    n++;
    asx_error err = ASX_OK;
    if (out)
        err = asx_write_file(out, t, n, force, ASX_OUTPUT_MODE, &c->diags);
    else if (fwrite(t, 1, n, stdout) != n)
        err = ASX_ERR_IO;
    free(t);
    return err;
}

static int import_review_sheet(asx_cli *c, const char *path, const char *buf, size_t len, const char *answers_file,
                               const char *out, bool force)
{
    asx_answers *a = NULL;
    asx_review *r = NULL;
    char *json = NULL;
    asx_error err = ASX_OK;
    if (answers_file)
        err = asx_answers_load_file(answers_file, &c->banks, &a, &c->diags);
    if (!err)
        err = asx_review_sheet_import(buf, len, path, &c->banks, a, &r, &c->diags);
    size_t made = 0;
    for (size_t k = 0; r && k < ASX_JUDGE_COUNT; k++)
        made += r->made[k] != NULL;
    made += r ? r->nsubs : 0;
    size_t overrides = r ? r->noverrides : 0;
    if (!err && !(json = asx_review_to_json(r)))
        err = ASX_ERR_NOMEM;
    if (!err)
        err = write_text(c, json, out, force);
    asx_review_free(r);
    asx_answers_free(a);
    int status = cli_finish(c, err);
    if (status == EXIT_OK && asx_ui_lang == ASX_LANG_EN)
        asx_term_printf(stderr, "assess import: read %zu signed judgments and %zu severity changes from the review sheet %s, wrote them to %s\n",
                        made, overrides, path, out ? out : "standard output");
    else if (status == EXIT_OK)
        asx_term_printf(stderr, "assess import: 審査シート %s から署名された判断 %zu 件・重大度の変更 %zu 件を読み、%s に書き出しました\n",
                        path, made, overrides, out ? out : "標準出力");
    return status;
}

int cmd_import(int argc, char **argv)
{
    asx_cli c = {0};
    const char *out = NULL, *answers_file = NULL;
    bool force = false;
    const cli_opt opts[] = {
        {"output", 'o', CLI_TEXT, &out, NULL, "FILE", "FILE", "書き出す回答ファイル (省略時は標準出力)", "the answers file to write (default: standard output)"},
        {"answers", 0, CLI_TEXT, &answers_file, NULL, "ANSWERS", "ANSWERS",
         "審査シートを作った回答ファイル (審査シートのとき: 結び付きと再委託先をここで検査)",
         "the answers a review sheet was made for (a review sheet: its binding and subcontractors are checked here)"},
        CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file),
        CLI_OPT_FORCE(&force),
        CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status;
    if (first + 1 != argc)
        return cli_usage("import", ASX_L("記入済みの様式 (XLSX または ODS) を 1 つ指定してください", "expected one filled form (XLSX or ODS)"));
    const char *path = argv[first];
    char *buf = NULL, *json = NULL;
    size_t len = 0;
    asx_answers *a = NULL;
    asx_error err = cli_banks(&c);
    if (!err)
        err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, &c.diags);
    if (!err && asx_is_review_sheet(buf, len)) {
        status = import_review_sheet(&c, path, buf, len, answers_file, out, force);
        free(buf);
        return status;
    }
    if (!err && answers_file) {
        asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("--answers は審査シートを読むときだけです (%s は事業者の様式)",
                             "--answers is for a review sheet (%s is a vendor form)"), path);
        err = ASX_ERR_USAGE;
    }
    if (!err)
        err = asx_form_import(buf, len, path, &c.banks, &a, &c.diags);
    free(buf);
    if (!err && !(json = asx_answers_to_json(a)))
        err = ASX_ERR_NOMEM;
    size_t answered = 0, questions = a ? a->bank->nquestions : 0;
    for (size_t i = 0; i < questions; i++)
        answered += a->a[i].present;
    asx_answers_free(a);
    if (!err) {
        /* a text file ends with a new line */
        size_t n = strlen(json);
        char *text = realloc(json, n + 2);
        if (!text) {
            err = ASX_ERR_NOMEM;
        } else {
            json = text;
            memcpy(json + n, "\n", 2);
            n++;
            if (out)
                err = asx_write_file(out, json, n, force, ASX_OUTPUT_MODE, &c.diags);
            else if (fwrite(json, 1, n, stdout) != n)
                err = ASX_ERR_IO;
        }
    }
    free(json);
    status = cli_finish(&c, err); /* the warnings first, then what was done */
    if (status == EXIT_OK) {
        /* a silent success looked as if nothing had happened (issue 29) */
        if (asx_ui_lang == ASX_LANG_EN)
            asx_term_printf(stderr, "assess import: read %zu answers of %zu questions from %s, wrote them to %s\n",
                            answered, questions, path, out ? out : "standard output");
        else if (out)
            asx_term_printf(stderr, "assess import: %s から %zu 問中 %zu 問の回答を読み、%s に書き出しました\n",
                            path, questions, answered, out);
        else
            asx_term_printf(stderr, "assess import: %s から %zu 問中 %zu 問の回答を読み、標準出力に書き出しました\n",
                            path, questions, answered);
    }
    return status;
}
