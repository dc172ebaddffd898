/* cli.h - what the command implementations share: loaded banks and policy, option helpers,
 * exit codes. Each command lives in its own cmd_<name>.c. */
#ifndef ASSESS_CLI_H
#define ASSESS_CLI_H

#include <stdbool.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/error.h"
#include "asx/policy.h"
#include "asx/review.h"

/* Exit statuses of SPEC §5, named in one place. */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 64,
    EXIT_DATAERR = 65,
    EXIT_NOINPUT = 66,
    EXIT_SOFTWARE = 70,
    EXIT_CANTCREAT = 73,
    EXIT_IOERR = 74
};

/* State shared by a command: banks and policy are loaded once and shared by every file. */
typedef struct {
    asx_bankset banks;
    bool banks_loaded;
    bool lazy_banks; /* built-in banks parsed on first use (one thread only) */
    asx_policy *policy;
    const char *questionnaire_file; /* --questionnaire */
    const char *policy_file;        /* --policy */
    asx_date date;                  /* --date, default today */
    asx_diags diags;
} asx_cli;

/* Load the built-in banks plus --questionnaire FILE (once). */
asx_error cli_banks(asx_cli *c);
/* Load the default policy, or --policy FILE over it (once). */
asx_error cli_policy(asx_cli *c);
/* Print the collected problems and turn err into an exit status. */
int cli_finish(asx_cli *c, asx_error err);
/* Answers from a file, or, when reg is not NULL, those the register reg keeps for entry what
 * (form --from ID --register R, reaudit ID NEW --register R). */
asx_error cli_answers(asx_cli *c, const char *reg, const char *what, asx_answers **out);
/* Report a usage error for cmd with a hint, return EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parse --date; false with a message when invalid. */
bool cli_parse_date(const char *s, asx_date *out);
/* Flush stdout and report a failed write (returns EXIT_IOERR then). */
int cli_close_stdout(int status);

/* -o DIR of spec and contract: created when missing (its parent must exist), else
 * ASX_ERR_CANTCREAT with the reason in c->diags. */
asx_error cli_output_dir(asx_cli *c, const char *dir);
/* --classification "2/2/2", "2,2,2" or "C2/I2/A2" (機密性 1-3, 完全性 and 可用性 1-2). */
bool cli_parse_class(const char *s, asx_class *out);
/* The name of a pack's files: "<vendor>_<service>_<YYYY-MM-DD>" made safe (asx_safe_name), at
 * most 120 bytes, a long vendor name cut before the service. Caller frees; NULL on OOM. */
char *cli_pack_name(const asx_answers *a, asx_date date);

/* Common long options every command accepts (values for getopt_long's val). */
enum { OPT_QUESTIONNAIRE = 1000, OPT_POLICY, OPT_JSON, OPT_HELP, OPT_LANG_IGNORED, OPT_FIRST_FREE };

/* A name (text false: --approver, --doc-number, …) or a text (text true: --reason, --evidence)
 * given on the command line follows the rule of names or texts in answers (asx_text_check):
 * false, with "assess: --OPTION: problem" on stderr, when it does not (the command exits 65).
 * cli_parse checks every CLI_NAME, CLI_PROSE and CLI_PROSES option with it. */
bool cli_check_text(const char *option, const char *value, bool text);

/* The one place the names of output files are made: "<vendor>_<service>" made safe by
 * asx_safe_name() (NFC; no separators, controls, bidi or invisible characters; no Windows
 * device names), at most max_bytes. pack and reaudit add their suffix and extension. Caller
 * frees; NULL on OOM. */
char *cli_output_name(const char *vendor, const char *service, size_t max_bytes);

/* The review of the answers a (SPEC v3 §8.1): the file given with --review (given non-NULL),
 * else X.review.json beside the answers file when there is one (the result names the file it
 * used, and the outputs show it), else none (*out NULL: every judgment the assessment requires is missing). A review that
 * does not fit the answers is an error (65, in d). *out is new; asx_review_free it. */
asx_error cli_review(asx_diags *d, const char *given, const asx_answers *a, asx_review **out);

/* Drop from files[0..n) every X.review.json whose answers file (X.json, X.xlsx, X.ods) is also in
 * the list, so that `assess compare DIR/STAR.json` (a shell glob) takes each review as the one
 * beside its answers; returns the new count (files compacted in place, order kept). */
int cli_drop_beside_reviews(char **files, int n);

/* Commands. argv[0] is the command name. */
int cmd_questionnaire(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_form(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_reaudit(int argc, char **argv);
int cmd_register(int argc, char **argv);
int cmd_spec(int argc, char **argv);
int cmd_contract(int argc, char **argv);
int cmd_policy(int argc, char **argv);

#endif
