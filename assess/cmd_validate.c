/* cmd_validate.c - assess validate FILE…: check answers, policy and bank files, reporting every
 * problem of every file. The kind of each file is told by its "format" key. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/json.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out, "%s", ASX_L(
        "使い方: assess validate FILE… [--questionnaire FILE] [--json]\n\n"
        "回答ファイル (assess-answers/1)、ポリシー (assess-policy/1)、質問票 (assess-bank/1) を検査し、\n"
        "すべてのファイルのすべての問題を「ファイル:行:桁: 内容」で報告します。\n"
        "問題があれば終了コード 65、読めないファイルがあれば 66。\n",
        "Usage: assess validate FILE… [--questionnaire FILE] [--json]\n\n"
        "Checks answers files (assess-answers/1), policies (assess-policy/1) and question banks\n"
        "(assess-bank/1), reporting every problem of every file as FILE:LINE:COL: message.\n"
        "Exit 65 when any file has a problem, 66 when a file cannot be read.\n"));
}

/* The "format" of a parsed file, or NULL. */
static char *peek_format(const char *buf, size_t len, const char *file, asx_diags *d)
{
    asx_json *j = NULL;
    if (asx_json_parse(buf, len, file, &j, d))
        return NULL;
    const cJSON *f = asx_json_get(asx_json_root(j), "format");
    char *out = cJSON_IsString(f) ? strdup(f->valuestring) : NULL;
    if (!out)
        asx_json_errf(j, d, asx_json_root(j),
                      ASX_L("\"format\" (assess-answers/1, assess-policy/1, assess-bank/1) がありません",
                            "no \"format\" (assess-answers/1, assess-policy/1 or assess-bank/1)"));
    asx_json_free(j);
    return out;
}

static asx_error check_one(asx_cli *c, const char *path, int *answered, int *applicable)
{
    char *buf = NULL;
    size_t len = 0;
    asx_error err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, &c->diags);
    if (err)
        return err;
    char *format = peek_format(buf, len, path, &c->diags);
    if (!format) {
        free(buf);
        return ASX_ERR_DATA;
    }
    if (strcmp(format, "assess-policy/1") == 0) {
        asx_policy *p = NULL;
        err = asx_policy_load(buf, len, path, &p, &c->diags);
        asx_policy_free(p);
    } else if (strcmp(format, "assess-bank/1") == 0) {
        asx_bank *b = NULL;
        err = asx_bank_load(buf, len, path, &b, &c->diags);
        asx_bank_free(b);
    } else {
        asx_answers *a = NULL;
        err = asx_answers_load(buf, len, path, &c->banks, &a, &c->diags);
        if (!err) {
            *answered = *applicable = 0;
            for (size_t i = 0; i < a->bank->nquestions; i++) {
                if (!asx_question_applies(&a->bank->questions[i], a))
                    continue;
                (*applicable)++;
                *answered += a->a[i].present;
            }
        }
        asx_answers_free(a);
    }
    free(format);
    free(buf);
    return err;
}

int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {{"questionnaire", required_argument, NULL, OPT_QUESTIONNAIRE},
                                         {"help", no_argument, NULL, OPT_HELP},
                                         {NULL, 0, NULL, 0}};
    asx_cli c = {0};
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_QUESTIONNAIRE: c.questionnaire_file = optarg; break;
        case 'h':
        case OPT_HELP: help(stdout); return cli_close_stdout(EXIT_OK);
        default: return cli_usage("validate", ASX_L("不明なオプション %s", "unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("validate", ASX_L("検査するファイルを指定してください", "expected one or more files"));
    asx_error err = cli_banks(&c);
    if (err)
        return cli_finish(&c, err);
    asx_error worst = ASX_OK;
    int bad = 0;
    for (int i = optind; i < argc; i++) {
        int answered = -1, applicable = -1;
        asx_error e = check_one(&c, argv[i], &answered, &applicable);
        if (e) {
            bad++;
            /* unreadable input (66) outranks bad data (65) */
            if (!worst || e == ASX_ERR_NOINPUT)
                worst = e;
            continue;
        }
        if (answered >= 0)
            printf(ASX_L("%s: 問題なし (%d / %d 問回答)\n", "%s: OK (%d of %d questions answered)\n"), argv[i],
                   answered, applicable);
        else
            printf(ASX_L("%s: 問題なし\n", "%s: OK\n"), argv[i]);
    }
    if (bad)
        asx_diags_addf(&c.diags, ASX_OK, NULL, 0, 0, ASX_L("%d / %d ファイルに問題があります", "%d of %d files have problems"),
                       bad, argc - optind);
    return cli_finish(&c, worst);
}
