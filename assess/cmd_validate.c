/* cmd_validate.c - assess validate FILE…: check answers, policy and bank files, reporting every
 * problem of every file. The kind of each file is told by its "format" key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/json.h"
#include "asx/text.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "validate", "FILE…", "FILE…",
    "回答ファイル (assess-answers/1)、ポリシー (assess-policy/1)、質問票 (assess-bank/1) を検査し、\n"
    "すべてのファイルのすべての問題を「ファイル:行:桁: 内容」で報告します。- は標準入力。\n",
    "Checks answers files (assess-answers/1), policies (assess-policy/1) and question banks\n"
    "(assess-bank/1), reporting every problem of every file as FILE:LINE:COL: message.\n"
    "- reads standard input.\n",
    "終了コード: 0 問題なし, 65 問題のあるファイルがある, 66 読めないファイルがある\n",
    "Exit status: 0 no problem, 65 some file has a problem, 66 some file cannot be read\n"};

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

/* Answers that contradict each other (the bank's consistency rules, SPEC v2 §4): an error at
 * the doubted answer naming both answers and where each is. */
static asx_error check_consistency(const asx_answers *a, asx_diags *d)
{
    asx_contradiction *v = NULL;
    size_t n = asx_answers_contradictions(a, &v);
    for (size_t i = 0; i < n; i++) {
        const asx_consistency *r = v[i].rule;
        char *ti = asx_answer_format(r->if_q, v[i].if_a, ASX_LANG_JA);
        char *tt = asx_answer_format(r->then_q, v[i].then_a, ASX_LANG_JA);
        char *ti_en = asx_answer_format(r->if_q, v[i].if_a, ASX_LANG_EN);
        char *tt_en = asx_answer_format(r->then_q, v[i].then_a, ASX_LANG_EN);
        bool en = asx_ui_lang == ASX_LANG_EN;
        asx_diags_addf(d, ASX_ERR_DATA, a->file, v[i].then_a->line, v[i].then_a->col,
                       ASX_L("%s: 回答「%s」は %s (%d 行 %d 列) の回答「%s」と矛盾します: %s",
                             "%s: the answer \"%s\" contradicts %s (line %d, column %d), answered \"%s\": %s"),
                       r->then_q->id, en ? (tt_en ? tt_en : "") : (tt ? tt : ""), r->if_q->id, v[i].if_a->line,
                       v[i].if_a->col, en ? (ti_en ? ti_en : "") : (ti ? ti : ""),
                       asx_text_get(&r->message, en ? ASX_LANG_EN : ASX_LANG_JA));
        free(ti);
        free(tt);
        free(ti_en);
        free(tt_en);
    }
    free(v);
    return n ? ASX_ERR_DATA : ASX_OK;
}

static asx_error check_one(asx_cli *c, asx_diags *d, const char *path, int *answered, int *applicable)
{
    char *buf = NULL;
    size_t len = 0;
    asx_error err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, d);
    if (err)
        return err;
    char *format = asx_answers_is_form(buf, len) ? asx_strdup("assess-answers/1") /* a filled form */
                                                 : peek_format(buf, len, path, d);
    if (!format) {
        free(buf);
        return ASX_ERR_DATA;
    }
    if (strcmp(format, "assess-policy/1") == 0) {
        asx_policy *p = NULL;
        err = asx_policy_load(buf, len, path, &p, d);
        if (!err)
            err = asx_bankset_check_policy(&c->banks, p, d);
        asx_policy_free(p);
    } else if (strcmp(format, "assess-bank/1") == 0) {
        asx_bank *b = NULL;
        err = asx_bank_load(buf, len, path, &b, d);
        asx_bank_free(b);
    } else {
        asx_answers *a = NULL;
        err = asx_answers_load(buf, len, path, &c->banks, &a, d);
        if (!err)
            err = check_consistency(a, d);
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

/* {"file", "ok", "answered", "applicable", "problems": [{"line", "column", "message"}]} */
static cJSON *file_json(const char *path, asx_error e, const asx_diags *d, int answered, int applicable)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", path);
    cJSON_AddBoolToObject(o, "ok", e == ASX_OK);
    if (answered >= 0) {
        cJSON_AddNumberToObject(o, "answered", answered);
        cJSON_AddNumberToObject(o, "applicable", applicable);
    }
    cJSON *ps = cJSON_AddArrayToObject(o, "problems");
    for (size_t i = 0; ps && i < d->n; i++) {
        cJSON *p = cJSON_CreateObject();
        if (!p || !cJSON_AddItemToArray(ps, p)) {
            cJSON_Delete(p);
            break;
        }
        cJSON_AddNumberToObject(p, "line", d->v[i].line);
        cJSON_AddNumberToObject(p, "column", d->v[i].col);
        cJSON_AddStringToObject(p, "message", d->v[i].msg ? d->v[i].msg : "");
    }
    return o;
}

int cmd_validate(int argc, char **argv)
{
    asx_cli c = {0};
    bool json = false;
    const cli_opt opts[] = {CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file), CLI_OPT_JSON(&json), CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status;
    argc = first + cli_drop_beside_reviews(argv + first, argc - first);
    if (first >= argc)
        return cli_usage("validate", ASX_L("検査するファイルを指定してください", "expected one or more files"));
    asx_error err = cli_banks(&c);
    if (err)
        return cli_finish(&c, err);
    asx_error worst = ASX_OK;
    int bad = 0;
    cJSON *report = json ? cJSON_CreateArray() : NULL;
    for (int i = first; i < argc; i++) {
        int answered = -1, applicable = -1;
        asx_diags d;
        asx_diags_init(&d);
        asx_error e = check_one(&c, &d, argv[i], &answered, &applicable);
        if (report)
            cJSON_AddItemToArray(report, file_json(argv[i], e, &d, answered, applicable));
        asx_diags_move(&c.diags, &d);
        asx_diags_free(&d);
        if (e) {
            bad++;
            /* unreadable input (66) outranks bad data (65) */
            if (!worst || e == ASX_ERR_NOINPUT)
                worst = e;
            continue;
        }
        if (json)
            continue;
        if (answered >= 0)
            asx_term_printf(stdout, ASX_L("%s: 問題なし (%d / %d 問回答)\n", "%s: OK (%d of %d questions answered)\n"), argv[i],
                   answered, applicable);
        else
            asx_term_printf(stdout, ASX_L("%s: 問題なし\n", "%s: OK\n"), argv[i]);
    }
    if (report) {
        char *text = asx_json_output(report);
        if (text)
            puts(text);
        free(text);
        cJSON_Delete(report);
    }
    if (bad)
        asx_diags_addf(&c.diags, ASX_OK, NULL, 0, 0, ASX_L("%d / %d ファイルに問題があります", "%d of %d files have problems"),
                       bad, argc - first);
    return cli_finish(&c, worst);
}
