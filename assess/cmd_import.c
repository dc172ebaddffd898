/* cmd_import.c - assess import FORM.xlsx [-o answers.json]: a filled vendor form back into an
 * answers file (assess-answers/1). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/xlsx_import.h"
#include "cli.h"

enum { OPT_FORCE = OPT_FIRST_FREE };

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess import FORM.xlsx [-o ANSWERS.json] [--force] [--questionnaire FILE]\n\n"
        "assess form で作成し事業者が記入した XLSX 様式を読み、回答ファイル (assess-answers/1) にします。\n"
        "行は A 列の質問 ID で照合します。セルの問題はすべて「シート!セル: 内容」で報告し、終了コード 65。\n"
        "-o を省くと標準出力へ。出力は検査を通った場合だけ書き込みます。\n",
        "Usage: assess import FORM.xlsx [-o ANSWERS.json] [--force] [--questionnaire FILE]\n\n"
        "Reads a form made by assess form and filled in by a vendor, and writes it as an answers file\n"
        "(assess-answers/1). Rows are matched by the question id in column A. Every cell problem is\n"
        "reported as SHEET!CELL: message, with exit status 65. Without -o the answers go to standard\n"
        "output. Nothing is written unless the whole form is valid.\n"));
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {{"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
                                         {"output", required_argument, NULL, 'o'},
                                         {"force", no_argument, NULL, OPT_FORCE},
                                         {"help", no_argument, NULL, OPT_HELP},
                                         {NULL, 0, NULL, 0}};
    asx_cli c = {0};
    const char *out = NULL;
    int force = 0, ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_QUESTIONNAIRE: c.questionnaire_file = optarg; break;
        case 'o': out = optarg; break;
        case OPT_FORCE: force = 1; break;
        case 'h':
        case OPT_HELP: help(stdout); return cli_close_stdout(EXIT_OK);
        default: return cli_usage("import", ASX_L("不明なオプションか値の欠落: %s", "unknown option or missing value: %s"), argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage("import", ASX_L("記入済みの様式 (XLSX) を 1 つ指定してください", "expected one filled form (XLSX)"));
    const char *path = argv[optind];
    char *buf = NULL, *json = NULL;
    size_t len = 0;
    asx_error err = cli_banks(&c);
    if (!err)
        err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, &c.diags);
    if (!err)
        err = asx_xlsx_import(buf, len, path, &c.banks, &json, &c.diags);
    free(buf);
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
    return cli_finish(&c, err);
}
