/* cmd_questionnaire.c - assess questionnaire list | show ID: the banks and their questions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/util.h"
#include "asx/text.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "questionnaire", "list | show ID", "list | show ID",
    "組み込みの質問票 (cloud: 11-2, cloud-light: 11-3, outsourcing: 11-1) の一覧と、\n"
    "各質問の ID・根拠条項・型・重み・必須/必須条件 (ノックアウト) を表示します。\n",
    "Lists the built-in question banks (cloud: 11-2, cloud-light: 11-3, outsourcing: 11-1) and\n"
    "shows each question's id, clauses, type, weight, and whether it is required or a knockout.\n",
    NULL, NULL};

static cJSON *text_json(const asx_text *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ja", t->ja ? t->ja : "");
    cJSON_AddStringToObject(o, "en", t->en ? t->en : "");
    return o;
}

static int list_banks(asx_cli *c, bool json)
{
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < c->banks.n; i++) {
            const asx_bank *b = c->banks.v[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", b->id);
            cJSON_AddStringToObject(o, "version", b->version);
            cJSON_AddStringToObject(o, "clause", b->clause);
            cJSON_AddItemToObject(o, "title", text_json(&b->title));
            cJSON_AddNumberToObject(o, "questions", (double)b->nquestions);
            cJSON_AddItemToArray(arr, o);
        }
        char *s = asx_json_output(arr);
        if (s)
            puts(s);
        free(s);
        cJSON_Delete(arr);
        return EXIT_OK;
    }
    asx_term_printf(stdout, "%-12s %-8s %-6s %6s  %s\n", "ID", ASX_L("版", "version"), ASX_L("条項", "clause"),
           ASX_L("質問数", "count"), ASX_L("名称", "title"));
    for (size_t i = 0; i < c->banks.n; i++) {
        const asx_bank *b = c->banks.v[i];
        asx_term_printf(stdout, "%-12s %-8s %-6s %6zu  %s\n", b->id, b->version, b->clause, b->nquestions,
               asx_text_get(&b->title, asx_ui_lang));
    }
    return EXIT_OK;
}

static int show_bank(const asx_bank *b, bool json)
{
    if (json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "id", b->id);
        cJSON_AddStringToObject(root, "version", b->version);
        cJSON_AddStringToObject(root, "clause", b->clause);
        cJSON *qs = cJSON_AddArrayToObject(root, "questions");
        for (size_t i = 0; i < b->nquestions; i++) {
            const asx_question *q = &b->questions[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", q->id);
            cJSON_AddItemToObject(o, "clause", cJSON_CreateStringArray((const char *const *)q->clauses, (int)q->nclauses));
            cJSON_AddStringToObject(o, "type", asx_qtype_name(q->type));
            cJSON_AddNumberToObject(o, "weight", q->weight);
            cJSON_AddBoolToObject(o, "required", q->required);
            if (q->knockout_from)
                cJSON_AddNumberToObject(o, "knockout_from_confidentiality", q->knockout_from);
            if (q->basis != ASX_BASIS_NONE)
                cJSON_AddStringToObject(o, "basis", asx_basis_name(q->basis));
            if (q->rule != ASX_QRULE_NONE)
                cJSON_AddStringToObject(o, "rule", q->rule == ASX_QRULE_LOCATION ? "location" : "law");
            cJSON_AddItemToObject(o, "label", text_json(&q->label));
            cJSON_AddItemToObject(o, "text", text_json(&q->text));
            cJSON_AddItemToObject(o, "evidence", text_json(&q->evidence));
            cJSON_AddItemToArray(qs, o);
        }
        char *s = asx_json_output(root);
        if (s)
            puts(s);
        free(s);
        cJSON_Delete(root);
        return EXIT_OK;
    }
    asx_lang l = asx_ui_lang;
    asx_term_printf(stdout, "%s %s — %s (%s)\n", b->id, b->version, asx_text_get(&b->title, l), b->clause);
    asx_term_printf(stdout, ASX_L("%zu 問 (★ 必須、✖ 必須条件: 満たさなければ不承認、◇ 団体基準 (11-2(2)⑦): ポリシーの location_rule・law_rule による)\n\n",
                 "%zu questions (★ required, ✖ knockout: failing it rejects the vendor, ◇ the organisation's own rule "
                 "under 11-2(2)⑦: the policy's location_rule / law_rule)\n\n"), b->nquestions);
    size_t section = (size_t)-1;
    for (size_t i = 0; i < b->nquestions; i++) {
        const asx_question *q = &b->questions[i];
        if (q->section != section) {
            section = q->section;
            asx_term_printf(stdout, "■ %s\n", asx_text_get(&b->sections[section].title, l));
        }
        asx_buf cl = {0};
        for (size_t k = 0; k < q->nclauses; k++)
            asx_buf_addf(&cl, "%s%s", k ? ", " : "", q->clauses[k]);
        asx_term_printf(stdout, "  %s%s %-36s [%s] %s ×%g\n", q->required ? "★" : "  ", q->knockout_from ? "✖" : (q->rule == ASX_QRULE_LOCATION || q->rule == ASX_QRULE_LAW) ? "◇" : " ", q->id,
               asx_buf_str(&cl), asx_qtype_name(q->type), q->weight);
        asx_term_printf(stdout, "      %s\n", asx_text_get(&q->text, l));
        asx_buf_free(&cl);
    }
    return EXIT_OK;
}

int cmd_questionnaire(int argc, char **argv)
{
    asx_cli c = {0};
    bool json = false;
    const cli_opt opts[] = {CLI_OPT_QUESTIONNAIRE(&c.questionnaire_file), CLI_OPT_JSON(&json), CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status;
    if (first >= argc)
        return cli_usage("questionnaire", ASX_L("list か show ID を指定してください", "expected list or show ID"));
    const char *sub = argv[first];
    asx_error err = cli_banks(&c);
    if (err)
        return cli_finish(&c, err);
    status = EXIT_OK;
    if (strcmp(sub, "list") == 0) {
        status = list_banks(&c, json);
    } else if (strcmp(sub, "show") == 0) {
        if (first + 1 >= argc) {
            cli_finish(&c, ASX_OK);
            return cli_usage("questionnaire", ASX_L("show には質問票 ID が必要です (例: show cloud)",
                                                    "show takes a bank id (e.g. show cloud)"));
        }
        const asx_bank *b = asx_bankset_find(&c.banks, argv[first + 1]);
        if (!b) {
            asx_diags_addf(&c.diags, ASX_ERR_USAGE, NULL, 0, 0,
                           ASX_L("不明な質問票 \"%s\" (assess questionnaire list で一覧)",
                                 "unknown bank \"%s\" (see assess questionnaire list)"), argv[first + 1]);
            return cli_finish(&c, ASX_ERR_USAGE);
        }
        status = show_bank(b, json);
    } else {
        cli_finish(&c, ASX_OK);
        return cli_usage("questionnaire", ASX_L("不明なサブコマンド \"%s\"", "unknown subcommand \"%s\""), sub);
    }
    int fin = cli_finish(&c, ASX_OK);
    return status ? status : fin;
}
