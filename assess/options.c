/* options.c - parsing and help from one option table (options.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "asx/util.h"
#include "cli.h"
#include "options.h"

#define OPT_BASE 256 /* getopt_long values of table entries: OPT_BASE + index */

void cli_texts_free(cli_texts *t)
{
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

static size_t count(const cli_opt *opts)
{
    size_t n = 0;
    while (opts[n].name)
        n++;
    return n;
}

/* "--policy FILE" or "-o, --output DIR" into buf. */
static void spell(const cli_opt *o, char *buf, size_t size)
{
    const char *value = ASX_L(o->value_ja, o->value_en);
    if (o->short_name)
        snprintf(buf, size, "-%c, --%s%s%s", o->short_name, o->name, value ? " " : "", value ? value : "");
    else
        snprintf(buf, size, "--%s%s%s", o->name, value ? " " : "", value ? value : "");
}

void cli_help(const cli_command *cmd, const cli_opt *opts, FILE *out)
{
    asx_buf usage = {0};
    asx_buf_addf(&usage, "%s assess %s", ASX_L("使い方:", "Usage:"), cmd->name);
    const char *operands = ASX_L(cmd->operands_ja, cmd->operands_en);
    if (operands && *operands)
        asx_buf_addf(&usage, " %s", operands);
    fprintf(out, "%s [%s]\n\n", asx_buf_str(&usage), ASX_L("オプション…", "options…"));
    asx_buf_free(&usage);
    const char *about = ASX_L(cmd->about_ja, cmd->about_en);
    if (about && *about)
        fprintf(out, "%s\n", about);
    fprintf(out, "%s\n", ASX_L("オプション:", "Options:"));
    int width = 0;
    char buf[128];
    for (size_t i = 0; opts[i].name; i++) {
        spell(&opts[i], buf, sizeof buf);
        int w = asx_utf8_width(buf);
        width = w > width ? w : width;
    }
    for (size_t i = 0; opts[i].name; i++) {
        spell(&opts[i], buf, sizeof buf);
        fprintf(out, "  %s", buf);
        for (int w = asx_utf8_width(buf); w < width + 2; w++)
            fputc(' ', out);
        fprintf(out, "%s\n", ASX_L(opts[i].help_ja, opts[i].help_en));
    }
    fprintf(out, "  --lang en%*s%s\n", width > 7 ? width - 7 : 2, "", ASX_L("英語で表示 (既定: 日本語)", "English output (default: Japanese)"));
    fprintf(out, "  --help%*s%s\n", width > 4 ? width - 4 : 2, "", ASX_L("このヘルプ", "this help"));
    const char *exits = ASX_L(cmd->exit_ja, cmd->exit_en);
    if (exits && *exits)
        fprintf(out, "\n%s", exits);
}

static int store(const cli_command *cmd, const cli_opt *o, const char *arg)
{
    if (o->given)
        *o->given = true;
    switch (o->kind) {
    case CLI_FLAG: *(bool *)o->dest = true; return -1;
    case CLI_TEXT: *(const char **)o->dest = arg; return -1;
    case CLI_NAME:
    case CLI_PROSE:
        if (!cli_check_text(o->name, arg, o->kind == CLI_PROSE))
            return EXIT_DATAERR; /* names and texts given here follow the rule of the answers' */
        *(const char **)o->dest = arg;
        return -1;
    case CLI_DATE:
        if (!asx_date_parse(arg, (asx_date *)o->dest))
            return cli_usage(cmd->name, ASX_L("--%s は実在する日付を YYYY-MM-DD で指定してください (\"%s\")",
                                              "--%s takes an existing date as YYYY-MM-DD, not \"%s\""),
                             o->name, arg);
        return -1;
    case CLI_PROSES:
        if (!cli_check_text(o->name, arg, true))
            return EXIT_DATAERR;
        /* fall through */
    case CLI_TEXTS: {
        cli_texts *t = o->dest;
        const char **nv = realloc(t->v, (t->n + 1) * sizeof *nv);
        if (!nv) {
            fprintf(stderr, "assess: %s\n", asx_strerror(ASX_ERR_NOMEM));
            return EXIT_SOFTWARE;
        }
        t->v = nv;
        t->v[t->n++] = arg;
        return -1;
    }
    }
    return -1;
}

int cli_parse(const cli_command *cmd, const cli_opt *opts, int argc, char **argv, int *first)
{
    size_t n = count(opts);
    struct option *lo = calloc(n + 2, sizeof *lo);
    char *shorts = calloc(2 * n + 4, 1);
    if (!lo || !shorts) {
        free(lo);
        free(shorts);
        fprintf(stderr, "assess: %s\n", asx_strerror(ASX_ERR_NOMEM));
        return EXIT_SOFTWARE;
    }
    size_t k = 0;
    shorts[k++] = ':'; /* a missing value is reported as such, not as an unknown option */
    shorts[k++] = 'h';
    for (size_t i = 0; i < n; i++) {
        lo[i] = (struct option){opts[i].name, opts[i].kind == CLI_FLAG ? no_argument : required_argument, NULL,
                                OPT_BASE + (int)i};
        if (opts[i].short_name) {
            shorts[k++] = opts[i].short_name;
            if (opts[i].kind != CLI_FLAG)
                shorts[k++] = ':';
        }
    }
    lo[n] = (struct option){"help", no_argument, NULL, 'h'};
    int status = -1, ch;
    opterr = 0;
    optind = 1;
    while (status < 0 && (ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        if (ch == 'h') {
            cli_help(cmd, opts, stdout);
            status = cli_close_stdout(EXIT_OK);
        } else if (ch == ':') {
            status = cli_usage(cmd->name, ASX_L("%s には値が必要です", "%s needs a value"), argv[optind - 1]);
        } else if (ch == '?') {
            status = cli_usage(cmd->name, ASX_L("不明なオプション %s", "unknown option %s"), argv[optind - 1]);
        } else if (ch >= OPT_BASE && (size_t)(ch - OPT_BASE) < n) {
            status = store(cmd, &opts[ch - OPT_BASE], optarg);
        } else {
            for (size_t i = 0; i < n; i++)
                if (opts[i].short_name == ch)
                    status = store(cmd, &opts[i], optarg);
        }
    }
    free(lo);
    free(shorts);
    *first = optind;
    return status;
}
