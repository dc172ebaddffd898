/* options.h - one option table per command drives both its parsing and its --help, so the same
 * option is spelt, parsed and explained the same way in every command. */
#ifndef ASSESS_OPTIONS_H
#define ASSESS_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>
#include "asx/date.h"

typedef enum {
    CLI_FLAG,  /* dest: bool *            */
    CLI_TEXT,  /* dest: const char **     (argv is borrowed): a path, a number, a keyword */
    CLI_NAME,  /* dest: const char **     a name printed in documents (a person, a section, a
                                          document number): the rule of names in answers */
    CLI_PROSE, /* dest: const char **     a text kept or printed (a reason, evidence): the rule
                                          of texts in answers */
    CLI_DATE,  /* dest: asx_date *        (YYYY-MM-DD of a date that exists) */
    CLI_TEXTS, /* dest: cli_texts *       (repeatable; the array is allocated: cli_texts_free) */
    CLI_PROSES /* dest: cli_texts *       repeatable texts (conditions): the rule of texts */
} cli_kind;

typedef struct {
    const char **v;
    size_t n;
} cli_texts;
void cli_texts_free(cli_texts *t);

typedef struct {
    const char *name;         /* long name without "--" */
    char short_name;          /* 'o', or 0 */
    cli_kind kind;
    void *dest;
    bool *given;              /* may be NULL: set to true when the option appears */
    const char *value_ja, *value_en; /* what the value is ("氏名" / "NAME"); NULL for flags */
    const char *help_ja, *help_en;
} cli_opt;

/* The end of a table. */
#define CLI_END {NULL, 0, CLI_FLAG, NULL, NULL, NULL, NULL, NULL, NULL}

/* The options every command spells the same way. */
#define CLI_OPT_OUTPUT(dest, help_ja, help_en) {"output", 'o', CLI_TEXT, (dest), NULL, "DIR", "DIR", help_ja, help_en}
#define CLI_OPT_FORCE(dest) {"force", 0, CLI_FLAG, (dest), NULL, NULL, NULL, "既存の出力を上書き", "overwrite existing outputs"}
#define CLI_OPT_JSON(dest) {"json", 0, CLI_FLAG, (dest), NULL, NULL, NULL, "機械処理用 JSON を標準出力へ", "machine-readable JSON on stdout"}
#define CLI_OPT_POLICY(dest) {"policy", 0, CLI_TEXT, (dest), NULL, "FILE", "FILE", "組織のポリシー (既定: 対策基準から作成した組み込みのもの)", "the organisation's policy (default: the built-in one derived from the 対策基準)"}
#define CLI_OPT_QUESTIONNAIRE(dest) {"questionnaire", 0, CLI_TEXT, (dest), NULL, "FILE", "FILE", "追加の質問票 (同じ ID の組み込み質問票を置き換える)", "another question bank (replaces the built-in one of the same id)"}
#define CLI_OPT_FONT(dest) {"font", 0, CLI_TEXT, (dest), NULL, "FILE", "FILE", "日本語 TrueType フォント (既定: IPAexGothic)", "Japanese TrueType font (default: IPAexGothic)"}
/* --review FILE: the officer's review of the answers (default: X.review.json beside X.json). */
#define CLI_OPT_REVIEW(dest) {"review", 0, CLI_TEXT, (dest), NULL, "FILE", "FILE", "審査記録 (assess-review/1、既定: 回答ファイルの隣の X.review.json)", "the officer's review (assess-review/1; default: X.review.json beside X.json)"}
/* The same for commands given several answers files: once per file, in the same order. */
#define CLI_OPT_REVIEWS(dest) {"review", 0, CLI_TEXTS, (dest), NULL, "FILE", "FILE", "審査記録 (assess-review/1)。回答ファイルごとに同じ順で指定 (既定: 各回答ファイルの隣の X.review.json)", "the officer's review (assess-review/1), once per answers file in the same order (default: X.review.json beside each X.json)"}
#define CLI_OPT_DATE(dest, given, help_ja, help_en) {"date", 0, CLI_DATE, (dest), (given), "YYYY-MM-DD", "YYYY-MM-DD", help_ja, help_en}

/* What a command's help says besides its options. */
typedef struct {
    const char *name;                 /* "score" */
    const char *operands_ja, *operands_en; /* "ANSWERS…" */
    const char *about_ja, *about_en;  /* what it does, one or more lines, each ending in \n */
    const char *exit_ja, *exit_en;    /* exit statuses, or NULL */
} cli_command;

/* Parse argv (argv[0] is the command name) by opts. Returns -1 when the command goes on, with
 * its operands from *first; otherwise the exit status to return: 0 after --help (printed to
 * stdout), 64 after a usage error (printed to stderr: an unknown option, a value missing after
 * an option, a bad date). */
int cli_parse(const cli_command *cmd, const cli_opt *opts, int argc, char **argv, int *first);
/* Print the help of cmd, made from its table. With ASSESS_HELP_FORMAT=man in the environment,
 * --help prints the command's manual page (groff man) instead: the pages are made at build time
 * from the same tables, so they cannot drift from --help (cmake/gen-man.sh). */
void cli_help(const cli_command *cmd, const cli_opt *opts, FILE *out);
/* The manual page of cmd (assess-NAME(1)) from its table, in the language of the command line. */
void cli_man(const cli_command *cmd, const cli_opt *opts, FILE *out);
/* True when --help is to print a manual page (ASSESS_HELP_FORMAT=man). */
bool cli_help_is_man(void);
/* One line on what the command does, for the NAME section of its page: set by main from its
 * command table before the command runs (NULL: the page has none). */
extern const char *cli_summary;
/* Write s to out escaped for groff: backslashes, and a '.' or '\'' starting a line. */
void cli_man_text(const char *s, FILE *out);

#endif
