/* cmd_policy.c - assess policy show|init: the policy in force, and a starting policy to edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/json.h"
#include "asx/text.h"
#include "asx/util.h"
#include "cli.h"
#include "options.h"

static const cli_command COMMAND = {
    "policy", "show|init", "show|init",
    "組織のポリシー (assess-policy/1) を扱います。\n\n"
    "  show [--policy FILE] [--json]\n"
    "        使われるポリシーを表示 (--policy がなければ組み込みの既定、あれば既定にそのファイルを重ねたもの)\n"
    "  init -o policy.json [--force]\n"
    "        編集用のポリシーを書き出す (すべてのキーと既定の値つき。そのまま --policy に使える)\n\n"
    "組織名 (organization)、文書での組織の呼び方 (self_reference: 本市・本町・本村・本組合・本団体)、\n"
    "決裁欄と合議欄 (approval_block)、条項番号 (clause_numbers)、\n"
    "承認基準 (approve_threshold, conditional_threshold)、技術点の配点 (evaluation_points) などの意味は\n"
    "利用者マニュアル (docs/manual.ja.md) の「ポリシーの設定」にあります。\n",
    "Works with the organisation's policy (assess-policy/1).\n\n"
    "  show [--policy FILE] [--json]\n"
    "        print the policy in force (the built-in default, or FILE over it with --policy)\n"
    "  init -o policy.json [--force]\n"
    "        write a policy to edit: every key with its default value, usable as --policy as written\n\n"
    "The keys (organization, self_reference: what Japanese documents call the organisation,\n"
    "approval_block, clause_numbers, approve_threshold,\n"
    "conditional_threshold, evaluation_points, …) are explained in the manual (docs/manual.en.md),\n"
    "\"Setting up the policy\".\n",
    "終了コード: 0 成功, 64 使い方の誤り, 65 ポリシーの不正, 66 読めない入力, 73 出力を作成できない, 74 書き込みエラー\n",
    "Exit status: 0 success, 64 usage, 65 invalid policy, 66 unreadable input, 73 cannot create the output, 74 write error\n"};

/* What each key is, for show without --json. */
static const struct {
    const char *key, *ja, *en;
} LABELS[] = {
    {"organization", "組織名", "organisation"},
    {"standard_name", "対策基準の名称 (文書に引用する題名)", "the title of the standard (cited in documents)"},
    {"self_reference", "文書での組織の呼び方 (本市等)", "what documents call it (本市 …)"},
    {"allowed_countries", "保存・処理・バックアップを認める国", "countries allowed for storage, processing, backup"},
    {"governing_law", "準拠法", "governing law"},
    {"jurisdiction", "管轄裁判所の国", "jurisdiction"},
    {"availability_percent_min", "稼働率の下限 (%、可用性 1 / 2)", "lowest availability (%, A1 / A2)"},
    {"rto_hours_max", "目標復旧時間の上限 (時間)", "longest recovery time (hours)"},
    {"rpo_hours_max", "目標復旧時点の上限 (時間)", "longest recovery point (hours)"},
    {"incident_notification_hours_max", "事故報告までの上限 (時間)", "longest time to report an incident (hours)"},
    {"approve_threshold", "承認基準 (点)", "approve at (score)"},
    {"conditional_threshold", "条件付き承認の基準 (点)", "conditional approval at (score)"},
    {"review_interval_months", "見直しの間隔 (月)", "review interval (months)"},
    {"location_rule", "認めない国にデータがあるとき", "data outside the allowed countries"},
    {"law_rule", "他国の準拠法・管轄のとき", "another country's law or courts"},
    {"byok_rule", "利用者管理の鍵 (BYOK) がないとき", "no customer-managed keys (BYOK)"},
    {"clause_numbers", "組織の条項番号", "the organisation's clause numbers"},
    {"approval_block", "決裁欄 (columns) と合議欄 (consult)", "stamp row (columns) and 合議 boxes (consult)"},
    {"review_basis", "次回見直し日の決め方", "how the next review is set"},
    {"condition_due_days", "承認の条件の履行期限 (判定日からの日数)", "days to meet a condition"},
    {"evaluation_points", "技術点の配点 (セクション id: 点)", "技術点 points per section id"},
    {"backup_interval_hours_max", "バックアップ間隔の上限 (時間)", "longest backup interval (hours)"},
    {"discontinuation_notice_months_min", "サービス終了の予告期間の下限 (月)", "shortest notice of discontinuation (months)"},
    {"reporting_min", "報告の頻度の下限", "least frequent reporting"},
    {"restore_test_min", "復元テストの頻度の下限", "least frequent restore test"},
};

static void show_text(const asx_cli *c, const char *json)
{
    cJSON *root = cJSON_Parse(json);
    asx_term_printf(stdout, "%s %s\n", ASX_L("ポリシー:", "Policy:"),
                    c->policy_file ? c->policy_file
                                   : ASX_L("組み込みの既定 (対策基準から作成)", "the built-in default (from the 対策基準)"));
    int width = 0;
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++) {
        int w = asx_utf8_width(ASX_L(LABELS[i].ja, LABELS[i].en));
        width = w > width ? w : width;
    }
    for (size_t i = 0; root && i < sizeof LABELS / sizeof LABELS[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, LABELS[i].key);
        char *value = cJSON_IsString(v) ? NULL : cJSON_PrintUnformatted(v);
        const char *label = ASX_L(LABELS[i].ja, LABELS[i].en);
        fputs("  ", stdout);
        asx_term_puts(label, stdout);
        for (int w = asx_utf8_width(label); w < width + 2; w++)
            putchar(' ');
        const char *shown = cJSON_IsString(v) ? v->valuestring : value ? value : "";
        if (strcmp(LABELS[i].key, "organization") == 0 && !*shown)
            shown = ASX_L("(未設定: 文書では self_reference の呼び方 (既定: 本団体) を使います)", "(not set: documents use self_reference, by default 本団体)");
        asx_term_printf(stdout, "%s  [%s]\n", shown, LABELS[i].key);
        free(value);
    }
    cJSON_Delete(root);
}

int cmd_policy(int argc, char **argv)
{
    asx_cli c = {0};
    const char *out = NULL;
    bool json = false, force = false;
    const cli_opt opts[] = {
        CLI_OPT_POLICY(&c.policy_file),
        {"json", 0, CLI_FLAG, &json, NULL, NULL, NULL, "show: JSON (assess-policy/1) を標準出力へ", "show: the policy as JSON (assess-policy/1) on stdout"},
        {"output", 'o', CLI_TEXT, &out, NULL, "FILE", "FILE", "init: 書き出すポリシーファイル", "init: the policy file to write"},
        {"force", 0, CLI_FLAG, &force, NULL, NULL, NULL, "init: 既存のファイルを上書き", "init: overwrite an existing file"},
        CLI_END};
    int first;
    int status = cli_parse(&COMMAND, opts, argc, argv, &first);
    if (status >= 0)
        return status;
    if (first + 1 != argc)
        return cli_usage("policy", ASX_L("show か init を 1 つ指定してください", "expected show or init"));
    const char *verb = argv[first];
    bool show = strcmp(verb, "show") == 0;
    if (!show && strcmp(verb, "init") != 0)
        return cli_usage("policy", ASX_L("不明なサブコマンド \"%s\" (show か init)", "unknown subcommand \"%s\" (show or init)"),
                         verb);
    if (show && (out || force))
        return cli_usage("policy", ASX_L("-o と --force は init のオプションです", "-o and --force are options of init"));
    if (!show && (json || c.policy_file))
        return cli_usage("policy", ASX_L("--json と --policy は show のオプションです", "--json and --policy are options of show"));
    if (!show && !out)
        return cli_usage("policy", ASX_L("init には -o FILE が必要です", "init needs -o FILE"));
    asx_error err = cli_policy(&c);
    char *text = err ? NULL : asx_policy_to_json(c.policy);
    if (!err && !text)
        err = ASX_ERR_NOMEM;
    if (!err && show && !json) {
        show_text(&c, text);
    } else if (!err) {
        size_t n = strlen(text);
        if (show) {
            if (fwrite(text, 1, n, stdout) != n || putchar('\n') == EOF)
                err = ASX_ERR_IO;
        } else {
            char *file = asx_strdupf("%s\n", text);
            err = file ? asx_write_file(out, file, n + 1, force, ASX_OUTPUT_MODE, &c.diags) : ASX_ERR_NOMEM;
            free(file);
            if (!err)
                asx_term_printf(stderr, ASX_L("assess: %s にポリシーを書き出しました (編集して --policy %s で使います)\n",
                                              "assess: wrote the policy to %s (edit it, then use --policy %s)\n"),
                                out, out);
        }
    }
    free(text);
    return cli_finish(&c, err);
}
