/* main.c - assess: entry point, global options and command dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/text.h"
#include "cli.h"

#ifndef ASSESS_VERSION
#define ASSESS_VERSION "0.0.0"
#endif

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary_ja;
    const char *summary_en;
} command;

static const command commands[] = {
    {"questionnaire", cmd_questionnaire, "質問票 (評価項目バンク) の一覧と内容", "list and show the question banks"},
    {"form", cmd_form, "事業者向け回答用 XLSX 様式を作成", "write a blank questionnaire workbook for vendors"},
    {"import", cmd_import, "記入済み XLSX 様式を回答ファイル (JSON) に変換", "read a filled form back into an answers file"},
    {"validate", cmd_validate, "回答ファイルを検査 (すべての問題を報告)", "check answers files, reporting every problem"},
    {"score", cmd_score, "採点し、判定・指摘事項を表示", "score answers: verdict, score, findings"},
    {"pack", cmd_pack, "承認資料 (PDF・XLSX) を作成", "write the approval pack (PDF and XLSX)"},
    {"compare", cmd_compare, "入札者の比較 (除外・順位付け)", "compare bidders side by side"},
    {"reaudit", cmd_reaudit, "前回評価との比較 (年次再監査)", "what changed since the last assessment"},
    {"spec", cmd_spec, "調達仕様書の情報セキュリティ要件 (DOCX・PDF)", "security requirements for the tender (DOCX, PDF)"},
    {"contract", cmd_contract, "契約の情報セキュリティ特記事項 (DOCX・PDF)", "security terms for the contract (DOCX, PDF)"},
    {"register", cmd_register, "承認済み外部サービス台帳の管理", "the register of approved services"},
};

static void print_help(FILE *out)
{
    fprintf(out, "%s\n\n", ASX_L("使い方: assess COMMAND [オプション]",
                                "Usage: assess COMMAND [options]"));
    fprintf(out, "%s\n", ASX_L("コマンド:", "Commands:"));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-14s %s\n", commands[i].name,
                ASX_L(commands[i].summary_ja, commands[i].summary_en));
    fprintf(out, "\n%s\n", ASX_L("共通オプション:", "Common options:"));
    fprintf(out, "  --lang ja|en   %s\n", ASX_L("表示言語 (既定: ja)", "output language (default: ja)"));
    fprintf(out, "  --json         %s\n", ASX_L("機械処理用 JSON を標準出力へ", "machine-readable JSON on stdout"));
    fprintf(out, "  --help         %s\n", ASX_L("ヘルプ (assess help COMMAND または COMMAND --help で各コマンドのヘルプ)",
                                            "help (assess help COMMAND or COMMAND --help for a command's own)"));
    fprintf(out, "  --version      %s\n", ASX_L("バージョン", "version"));
    fprintf(out, "\n%s\n", ASX_L("終了コード: 0 成功 (判定によらず), 64 使い方の誤り, 65 入力データ不正, "
                                 "66 入力を読めない, 73 出力を作成できない, 74 書き込みエラー, 70 内部エラー",
                                 "Exit status: 0 success (whatever the verdict), 64 usage, 65 invalid data, "
                                 "66 input unreadable, 73 output cannot be created, 74 write error, 70 internal"));
}

/* --lang may appear anywhere; it is taken out of argv before the command parses its options. */
static int take_lang(int *argc, char **argv)
{
    int out = 1;
    const char *env = getenv("ASSESS_LANG");
    if (env && strcmp(env, "en") == 0)
        asx_ui_lang = ASX_LANG_EN;
    for (int i = 1; i < *argc; i++) {
        const char *val = NULL;
        if (strcmp(argv[i], "--") == 0) {
            for (; i < *argc; i++)
                argv[out++] = argv[i];
            break;
        }
        if (strcmp(argv[i], "--lang") == 0) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "assess: --lang takes a value (e.g. --lang en)\n");
                return -1;
            }
            val = argv[++i];
        } else if (strncmp(argv[i], "--lang=", 7) == 0) {
            val = argv[i] + 7;
        } else {
            argv[out++] = argv[i];
            continue;
        }
        if (strcmp(val, "ja") == 0) {
            asx_ui_lang = ASX_LANG_JA;
        } else if (strcmp(val, "en") == 0) {
            asx_ui_lang = ASX_LANG_EN;
        } else {
            asx_term_printf(stderr, "assess: --lang takes ja or en, not \"%s\"\n", val);
            return -1;
        }
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

int main(int argc, char **argv)
{
    if (take_lang(&argc, argv) != 0)
        return EXIT_USAGE;
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 && argc >= 3) { /* assess help COMMAND = assess COMMAND --help */
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(commands[i].name, argv[2]) == 0) {
                char *args[] = {argv[2], "--help", NULL};
                return commands[i].run(2, args);
            }
        fprintf(stderr, ASX_L("assess: 不明なコマンド \"%s\" (assess --help で一覧)\n",
                              "assess: unknown command \"%s\" (see assess --help)\n"), argv[2]);
        return EXIT_USAGE;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_help(stdout);
        return cli_close_stdout(EXIT_OK);
    }
    if (strcmp(name, "--version") == 0) {
        printf("assess %s\n", ASSESS_VERSION);
        return cli_close_stdout(EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    asx_term_printf(stderr, ASX_L("assess: 不明なコマンド \"%s\" (assess --help で一覧)\n",
                          "assess: unknown command \"%s\" (see assess --help)\n"), name);
    return EXIT_USAGE;
}
