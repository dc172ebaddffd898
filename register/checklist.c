/* checklist.c - lifecycle checklists from the clause items and the bank; reading them back.
 * See asx/checklist.h. The items and their words are those of the 対策基準 11-2(5)①, (6)① and
 * (7)① (seeds/004). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asx/checklist.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"

typedef struct {
    const char *item, *words, *words_en;
} clause_item;

static const clause_item BUILD[] = {
    {"11-2(5)①ア", "不正なアクセスを防止するためのアクセス制御", "access control against unauthorised access"},
    {"11-2(5)①イ", "取り扱う情報の機密性保護のための暗号化", "encryption to protect the confidentiality of the information"},
    {"11-2(5)①ウ", "開発時におけるセキュリティ対策", "security measures during development"},
    {"11-2(5)①エ", "設計・設定時の誤りの防止", "prevention of errors in design and configuration"},
    {"11-2(5)①オ", "クラウドサービスにおけるユーティリティプログラムに対するセキュリティ対策",
     "security measures for utility programs in the cloud service"},
};
static const clause_item OPERATE[] = {
    {"11-2(6)①ア", "外部サービス利用方針の規定", "a policy for the use of external services"},
    {"11-2(6)①イ", "外部サービス利用に必要な教育", "training needed to use the external service"},
    {"11-2(6)①ウ", "取り扱う資産の管理", "management of the assets handled"},
    {"11-2(6)①エ", "不正アクセスを防止するためのアクセス制御", "access control against unauthorised access"},
    {"11-2(6)①オ", "取り扱う情報の機密性保護のための暗号化", "encryption to protect the confidentiality of the information"},
    {"11-2(6)①カ", "外部サービス内の通信の制御", "control of communication within the external service"},
    {"11-2(6)①キ", "設計・設定時の誤りの防止", "prevention of errors in design and configuration"},
    {"11-2(6)①ク", "外部サービスを利用した情報システムの事業継続", "business continuity of the system built on the service"},
    {"11-2(6)①ケ", "設計・設定変更時の情報や変更履歴の管理", "records of design and configuration changes and their history"},
};
static const clause_item EXIT[] = {
    {"11-2(7)①ア", "外部サービスの利用終了時における対策", "measures at the end of the use of the service"},
    {"11-2(7)①イ", "外部サービスで取り扱った情報の廃棄", "disposal of the information handled in the service"},
    {"11-2(7)①ウ", "外部サービスの利用のために作成したアカウントの廃棄", "deletion of the accounts created to use the service"},
};

static const clause_item *phase_items(asx_check_phase p, size_t *n, const char **clause,
                                      const char **duty)
{
    switch (p) {
    case ASX_PHASE_BUILD:
        *n = sizeof BUILD / sizeof BUILD[0];
        *clause = "11-2(5)①";
        *duty = "11-2(5)②③";
        return BUILD;
    case ASX_PHASE_OPERATE:
        *n = sizeof OPERATE / sizeof OPERATE[0];
        *clause = "11-2(6)①";
        *duty = "11-2(6)③④";
        return OPERATE;
    case ASX_PHASE_EXIT:
        *n = sizeof EXIT / sizeof EXIT[0];
        *clause = "11-2(7)①";
        *duty = "11-2(7)②③";
        return EXIT;
    }
    *n = 0;
    return NULL;
}

void asx_checklist_free(asx_checklist *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nitems; i++) {
        free(c->items[i].questions);
        asx_strv_free(c->items[i].answers, c->items[i].nquestions);
    }
    free(c->items);
    free(c);
}

asx_error asx_checklist_make(const asx_reg_entry *e, asx_check_phase phase, const asx_bank *bank,
                             const asx_answers *answers, asx_lang lang, asx_checklist **out)
{
    size_t n = 0;
    const char *clause = NULL, *duty = NULL;
    const clause_item *src = phase_items(phase, &n, &clause, &duty);
    asx_checklist *c = calloc(1, sizeof *c);
    *out = NULL;
    if (!c || !(c->items = calloc(n, sizeof *c->items))) {
        free(c);
        return ASX_ERR_NOMEM;
    }
    c->phase = phase;
    c->clause = clause;
    c->duty = duty;
    c->entry = e;
    c->nitems = n;
    c->has_answers = answers != NULL;
    for (size_t i = 0; i < n; i++) {
        asx_checklist_item *it = &c->items[i];
        it->item = src[i].item;
        it->words = src[i].words;
        it->words_en = src[i].words_en;
        for (size_t k = 0; bank && k < bank->nquestions; k++) {
            const asx_question *q = &bank->questions[k];
            bool cites = false;
            for (size_t j = 0; j < q->nclauses && !cites; j++)
                cites = strcmp(q->clauses[j], it->item) == 0;
            if (!cites)
                continue;
            const asx_question **qs = realloc(it->questions, (it->nquestions + 1) * sizeof *qs);
            if (!qs)
                goto oom;
            it->questions = qs;
            it->questions[it->nquestions++] = q;
        }
        if (answers && it->nquestions) {
            if (!(it->answers = calloc(it->nquestions, sizeof *it->answers)))
                goto oom;
            for (size_t k = 0; k < it->nquestions; k++) {
                const asx_question *q = it->questions[k];
                char *v = asx_answer_format(q, &answers->a[q->index], lang);
                const char *comment = answers->a[q->index].comment;
                it->answers[k] = comment && *comment ? asx_strdupf("%s (%s)", v ? v : "", comment)
                                                     : asx_strdup(v ? v : "");
                free(v);
                if (!it->answers[k])
                    goto oom;
            }
        }
    }
    *out = c;
    return ASX_OK;
oom:
    asx_checklist_free(c);
    return ASX_ERR_NOMEM;
}

void asx_reg_check_clear(asx_reg_check *c)
{
    if (!c)
        return;
    free(c->by);
    free(c->notes);
    free(c->file_sha256);
    for (size_t i = 0; i < c->nitems; i++) {
        free(c->items[i].item);
        free(c->items[i].note);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

/* The result a manager typed: 適 / 否 / 該当なし, ok / ng / na, OK / Not met / N/A, ○ / ×. */
static bool parse_result(const char *s, asx_check_result *out)
{
    static const struct {
        const char *text;
        asx_check_result r;
    } words[] = {{"適", ASX_CHECK_OK},       {"ok", ASX_CHECK_OK},     {"○", ASX_CHECK_OK},
                 {"否", ASX_CHECK_NG},       {"ng", ASX_CHECK_NG},     {"not met", ASX_CHECK_NG},
                 {"×", ASX_CHECK_NG},        {"該当なし", ASX_CHECK_NA}, {"na", ASX_CHECK_NA},
                 {"n/a", ASX_CHECK_NA}};
    for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
        if (strcasecmp(s, words[i].text) == 0) {
            *out = words[i].r;
            return true;
        }
    return false;
}

typedef struct {
    const char *file, *sheet;
    asx_diags *d;
    size_t problems;
} rctx;

static void cell_err(rctx *c, unsigned row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_err(rctx *c, unsigned row, int col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    asx_diags_addf(c->d, ASX_ERR_DATA, c->file, 0, 0, "%s!%c%u: %s", c->sheet, 'A' + col, row,
                   msg);
    c->problems++;
}

const char *asx_check_key_label(const char *key, asx_lang l)
{
    static const struct {
        const char *key, *ja, *en;
    } k[] = {{ASX_CHECK_KEY_ENTRY, "台帳の番号", "Register entry"}, {ASX_CHECK_KEY_PHASE, "点検の段階", "Phase"},
             {ASX_CHECK_KEY_DATE, "点検日", "Date of the check"}, {ASX_CHECK_KEY_CHECKER, "点検者", "Checked by"},
             {ASX_CHECK_KEY_NOTES, "所見", "Notes"}};
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if (strcmp(k[i].key, key) == 0)
            return ASX_TR(l, k[i].ja, k[i].en);
    return key;
}

/* The header row of key: column A holds its label (either language) or the key itself. */
static const asx_xlsx_row *key_row(const asx_xlsx_row *rows, size_t n, const char *key)
{
    const char *ja = asx_check_key_label(key, ASX_LANG_JA), *en = asx_check_key_label(key, ASX_LANG_EN);
    for (size_t i = 0; i < n; i++) {
        const char *a = rows[i].text[ASX_CHECK_COL_KEY];
        if (a && (strcmp(a, key) == 0 || strcmp(a, ja) == 0 || strcmp(a, en) == 0))
            return &rows[i];
    }
    return NULL;
}

/* The value of a header row (column E), reporting a missing row or value. */
static const char *header(rctx *c, const asx_xlsx_row *rows, size_t n, const char *key,
                          const char *what)
{
    const asx_xlsx_row *r = key_row(rows, n, key);
    if (!r) {
        asx_diags_addf(c->d, ASX_ERR_DATA, c->file, 0, 0,
                       ASX_L("%s: %s の行 (A 列が %s) がありません (assess register check で作った点検表を使ってください)",
                             "%s: no row for %s (column A %s); use a checklist made by assess register check"),
                       c->sheet, what, key);
        c->problems++;
        return NULL;
    }
    const char *v = r->text[ASX_CHECK_COL_RESULT];
    if (!v || r->type[ASX_CHECK_COL_RESULT] == 'f') {
        cell_err(c, r->row, ASX_CHECK_COL_RESULT,
                 v ? ASX_L("%s: 数式ではなく値を入力してください%s", "%s: enter a value, not a formula%s")
                   : ASX_L("%s を入力してください%s", "enter the %s%s"),
                 what, "");
        return NULL;
    }
    return v;
}

/* The phase whose list has item key (another phase's row in a checklist); false for none. */
static bool item_phase(const char *key, asx_check_phase *out)
{
    const asx_check_phase all[] = {ASX_PHASE_BUILD, ASX_PHASE_OPERATE, ASX_PHASE_EXIT};
    for (size_t p = 0; p < 3; p++) {
        size_t n = 0;
        const char *clause = NULL, *duty = NULL;
        const clause_item *items = phase_items(all[p], &n, &clause, &duty);
        for (size_t i = 0; i < n; i++)
            if (strcmp(items[i].item, key) == 0) {
                *out = all[p];
                return true;
            }
    }
    return false;
}

/* Rows the reading by key would pass over without a word: a second row for an item or a
 * header field (the manager adds 「否 / 管理者権限の棚卸し未実施」 below the table: the first
 * row's 適 was recorded), a row of another phase's item, a result typed in a row without an
 * item. Each is refused naming the rows. */
static void check_rows(rctx *c, const asx_xlsx_row *rows, size_t n, asx_check_phase phase,
                       bool other_checklist)
{
    for (size_t i = 0; i < n; i++) {
        const char *key = rows[i].text[ASX_CHECK_COL_KEY];
        asx_check_result res;
        if (!key) {
            const char *v = rows[i].text[ASX_CHECK_COL_RESULT];
            if (v && rows[i].type[ASX_CHECK_COL_RESULT] != 'f' && parse_result(v, &res))
                cell_err(c, rows[i].row, ASX_CHECK_COL_KEY,
                         ASX_L("確認結果 \"%s\" の行に項目 (A 列) がありません。結果は各項目の行に 1 つだけ記入してください",
                               "the result \"%s\" is in a row without an item (column A); enter one result in each item's row"),
                         v);
            continue;
        }
        asx_check_phase other = phase;
        bool item = item_phase(key, &other);
        if (!item && key[0] != '@')
            continue; /* titles, column heads */
        const asx_xlsx_row *first = key_row(rows, n, key);
        if (first != &rows[i]) {
            cell_err(c, rows[i].row, ASX_CHECK_COL_KEY,
                     ASX_L("%s の行が 2 つあります (%u 行目と %u 行目)。1 項目 1 行で、所見は備考に書いてください",
                           "%s has two rows (%u and %u); one row per item, findings go in the note"),
                     key, first->row, rows[i].row);
            continue;
        }
        if (item && other != phase && !other_checklist)
            cell_err(c, rows[i].row, ASX_CHECK_COL_KEY,
                     ASX_L("%s は%s点検の項目です (この点検表は%s点検)",
                           "%s is an item of the %s check (this checklist is the %s check)"),
                     key, asx_check_phase_label(other, asx_ui_lang), asx_check_phase_label(phase, asx_ui_lang));
    }
}

asx_error asx_checklist_read(const void *buf, size_t len, const char *file,
                             const asx_reg_entry *e, asx_check_phase phase, asx_reg_check *out,
                             asx_diags *d)
{
    static const char *const sheets[] = {ASX_CHECK_SHEET_JA, ASX_CHECK_SHEET_EN, NULL};
    asx_xlsx_row *rows = NULL;
    size_t nrows = 0;
    char *sheet = NULL;
    memset(out, 0, sizeof *out);
    asx_error err = asx_xlsx_read_rows(buf, len, file, sheets, &rows, &nrows, &sheet, d);
    if (err)
        return err;
    rctx c = {.file = file, .sheet = sheet, .d = d};
    out->phase = phase;
    const char *id = header(&c, rows, nrows, ASX_CHECK_KEY_ENTRY, ASX_L("台帳の番号", "entry id"));
    if (id && strcmp(id, e->id) != 0)
        cell_err(&c, key_row(rows, nrows, ASX_CHECK_KEY_ENTRY)->row, ASX_CHECK_COL_RESULT,
                 ASX_L("この点検表は %s のものです (%s ではありません)",
                       "this checklist is for %s, not %s"),
                 id, e->id);
    const char *ph = header(&c, rows, nrows, ASX_CHECK_KEY_PHASE, ASX_L("点検の段階", "phase"));
    asx_check_phase got;
    if (ph && (!asx_check_phase_parse(ph, &got) || got != phase))
        cell_err(&c, key_row(rows, nrows, ASX_CHECK_KEY_PHASE)->row, ASX_CHECK_COL_RESULT,
                 ASX_L("この点検表の段階は「%s」です (--phase %s と一致しません)",
                       "this checklist is for phase %s, not --phase %s"),
                 ph, asx_check_phase_name(phase));
    /* a whole checklist of another phase is said once, above, not at each of its rows */
    check_rows(&c, rows, nrows, phase, ph && asx_check_phase_parse(ph, &got) && got != phase);
    const char *date = header(&c, rows, nrows, ASX_CHECK_KEY_DATE, ASX_L("点検日", "check date"));
    if (date) {
        const asx_xlsx_row *r = key_row(rows, nrows, ASX_CHECK_KEY_DATE);
        char *end = NULL;
        double serial = strtod(date, &end);
        char *folded = asx_form_fold(date); /* 令和9年1月6日, 2027/1/6 as the vendor form reads them */
        bool ok = r->type[ASX_CHECK_COL_RESULT] == 'n' && end != date && !*end
                      ? asx_date_from_serial(serial, &out->on)
                      : folded && asx_form_parse_date(folded, &out->on);
        free(folded);
        if (!ok)
            cell_err(&c, r->row, ASX_CHECK_COL_RESULT,
                     ASX_L("点検日は日付 (YYYY-MM-DD) です (\"%s\")%s",
                           "the check date must be a date (YYYY-MM-DD), not \"%s\"%s"),
                     date, "");
    }
    const char *by = header(&c, rows, nrows, ASX_CHECK_KEY_CHECKER, ASX_L("点検者", "checker"));
    const asx_xlsx_row *nr = key_row(rows, nrows, ASX_CHECK_KEY_NOTES);
    if (by && !(out->by = asx_strdup(by)))
        err = ASX_ERR_NOMEM;
    if (nr && nr->text[ASX_CHECK_COL_RESULT] && !(out->notes = asx_strdup(nr->text[ASX_CHECK_COL_RESULT])))
        err = ASX_ERR_NOMEM;
    size_t n = 0;
    const char *clause = NULL, *duty = NULL;
    const clause_item *items = phase_items(phase, &n, &clause, &duty);
    if (!err && !(out->items = calloc(n, sizeof *out->items)))
        err = ASX_ERR_NOMEM;
    for (size_t i = 0; !err && i < n; i++) {
        const asx_xlsx_row *r = key_row(rows, nrows, items[i].item);
        asx_reg_check_item *it = &out->items[out->nitems++];
        if (!(it->item = asx_strdup(items[i].item))) {
            err = ASX_ERR_NOMEM;
            break;
        }
        if (!r) {
            asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                           ASX_L("%s: 項目 %s の行がありません", "%s: no row for item %s"), sheet,
                           items[i].item);
            c.problems++;
            continue;
        }
        const char *v = r->text[ASX_CHECK_COL_RESULT];
        if (!v)
            cell_err(&c, r->row, ASX_CHECK_COL_RESULT,
                     ASX_L("%s: 確認結果 (適・否・該当なし) を入力してください%s",
                           "%s: enter the result (OK, Not met or N/A)%s"),
                     items[i].item, "");
        else if (r->type[ASX_CHECK_COL_RESULT] == 'f' || !parse_result(v, &it->result))
            cell_err(&c, r->row, ASX_CHECK_COL_RESULT,
                     ASX_L("%s: 確認結果は 適・否・該当なし のいずれかです (\"%s\")",
                           "%s: the result is OK, Not met or N/A, not \"%s\""),
                     items[i].item, v);
        const char *note = r->text[ASX_CHECK_COL_NOTE];
        if (note && !(it->note = asx_strdup(note)))
            err = ASX_ERR_NOMEM;
    }
    if (!err && c.problems)
        err = ASX_ERR_DATA;
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, err, file, 0, 0, ASX_L("メモリ不足です", "out of memory"));
    if (err)
        asx_reg_check_clear(out);
    asx_xlsx_rows_free(rows, nrows);
    free(sheet);
    return err;
}
