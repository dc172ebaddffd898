/* answers_check.c - the rules about values and consistency that answers satisfy, checked once on
 * the parsed structure: the JSON loader (answers.c) and the form import (xlsx_import.c) both call
 * asx_answers_check, and each reports a problem at the place its user knows (a JSON line:column,
 * a cell). The parser keeps what is about the file's shape: types and unknown keys. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/answers.h"
#include "asx/country.h"
#include "asx/json.h"
#include "asx/text.h"
#include "asx/util.h"

typedef struct {
    const asx_answers *a;
    const asx_answers_reporter *r;
    size_t n;
} checker;

static void report(checker *C, const asx_answers_place *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(checker *C, const asx_answers_place *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = asx_vstrdupf(fmt, ap);
    va_end(ap);
    C->n++;
    C->r->report(C->r->ud, at, msg ? msg : "?");
    free(msg);
}

/* A string value as the loader describes what it got: 文字列 "…" (clipped). */
static const char *got_str(const char *s, char *buf, size_t size)
{
    cJSON tmp = {.type = cJSON_String, .valuestring = (char *)s};
    asx_json_describe(&tmp, buf, size);
    return buf;
}

char *asx_answers_place_path(const asx_answers_place *at)
{
    asx_buf b = {0};
    switch (at->part) {
    case ASX_AT_HEADER:
        asx_buf_adds(&b, at->key);
        break;
    case ASX_AT_VALUE:
        asx_buf_addf(&b, "answers.%s.value", at->q->id);
        if (at->index >= 0)
            asx_buf_addf(&b, "[%d]", at->index);
        if (at->field)
            asx_buf_addf(&b, ".%s", at->field);
        break;
    case ASX_AT_COMMENT:
        asx_buf_addf(&b, "answers.%s.comment", at->q->id);
        break;
    case ASX_AT_EVIDENCE:
        asx_buf_addf(&b, "answers.%s.evidence", at->q->id);
        if (at->index >= 0)
            asx_buf_addf(&b, "[%d]", at->index);
        break;
    case ASX_AT_SOURCE:
        asx_buf_addf(&b, "answers.%s.source", at->q->id);
        break;
    }
    return asx_buf_take(&b);
}

/* SPEC v2 §7: no string holds a character a later command cannot print or render, or is longer
 * than a page or a PDF string can hold. A name (outside "answers") is one line of at most
 * ASX_MAX_NAME_CHARS; a text (inside) may hold tab and line feed, at most ASX_MAX_TEXT_CHARS. */
static void check_string(checker *C, const asx_answers_place *at, const char *s, bool text)
{
    if (!s)
        return;
    unsigned cp = 0;
    size_t pos = 0, max = text ? ASX_MAX_TEXT_CHARS : ASX_MAX_NAME_CHARS;
    asx_text_problem pr = asx_text_check(s, text, max, &cp, &pos);
    if (pr == ASX_TEXT_OK || pr == ASX_TEXT_BAD_UTF8) /* bad UTF-8: refused by whoever read it */
        return;
    char *path = asx_answers_place_path(at);
    asx_buf msg = {0};
    asx_text_describe(&msg, pr, text, cp, pos, max);
    report(C, at, "%s: %s", path ? path : "?", asx_buf_str(&msg));
    asx_buf_free(&msg);
    free(path);
}

static void check_header(checker *C)
{
    const asx_answers *a = C->a;
    asx_answers_place at = {.part = ASX_AT_HEADER, .index = -1};
    at.key = "questionnaire_version";
    check_string(C, &at, a->bank_version, false);
    const asx_bank *b = a->bank;
    if (b && a->cls.c && a->cls.c > b->conf_max) {
        /* A bank made for less sensitive information is refused, citing the clause that applies. */
        at.key = "questionnaire";
        report(C, &at,
               ASX_L("質問票 %s (%s) は機密性%d以下の情報用です。機密性%dの情報を取り扱う外部サービスには 11-2 が適用されるため、"
                     "質問票 cloud を使用してください",
                     "bank %s (%s) is for information up to confidentiality %d; confidentiality %d information falls under "
                     "clause 11-2: use the cloud bank"),
               b->id, b->clause, b->conf_max, a->cls.c);
    }
    at.key = "vendor.name";
    check_string(C, &at, a->vendor_name, false);
    if (a->vendor_name && !*a->vendor_name)
        report(C, &at, "%s", ASX_L("vendor.name が空です", "vendor.name is empty"));
    at.key = "vendor.corporate_number";
    check_string(C, &at, a->corporate_number, false);
    if (a->corporate_number && !asx_corporate_number_valid(a->corporate_number))
        report(C, &at,
               ASX_L("vendor.corporate_number: 法人番号 \"%s\" は 13 桁で検査用数字が正しくありません",
                     "vendor.corporate_number: \"%s\" is not a valid 13-digit corporate number (check digit)"),
               a->corporate_number);
    at.key = "vendor.country";
    check_string(C, &at, a->vendor_country, false);
    if (a->vendor_country && !asx_country_valid(a->vendor_country))
        report(C, &at,
               ASX_L("vendor.country: ISO 3166-1 の 2 文字国コードではありません (\"%s\")",
                     "vendor.country: not an ISO 3166-1 alpha-2 code: \"%s\""),
               a->vendor_country);
    at.key = "vendor.contact_name";
    check_string(C, &at, a->contact_name, false);
    at.key = "vendor.contact";
    check_string(C, &at, a->contact, false);
    at.key = "service.name";
    check_string(C, &at, a->service_name, false);
    if (a->service_name && !*a->service_name)
        report(C, &at, "%s", ASX_L("service.name が空です", "service.name is empty"));
    at.key = "service.model";
    check_string(C, &at, a->service_model, false);
}

static bool country_ok(checker *C, const asx_answers_place *at, const char *code, const char *what)
{
    char g[96];
    if (asx_country_valid(code))
        return true;
    report(C, at,
           ASX_L("%s: %s は ISO 3166-1 の 2 文字国コード (例: \"JP\") で答えてください (回答: %s)",
                 "%s: %s must be an ISO 3166-1 alpha-2 country code such as \"JP\", got %s"),
           at->q->id, what, got_str(code, g, sizeof g));
    return false;
}

static bool size_ok(checker *C, const asx_answers_place *at, size_t n)
{
    if (n <= ASX_MAX_LIST_ITEMS)
        return true;
    report(C, at, ASX_L("%s: 項目が多すぎます (%zu 項目、上限 %d 項目)", "%s: too many items (%zu, at most %d)"),
           at->q->id, n, ASX_MAX_LIST_ITEMS);
    return false;
}

static void check_value(checker *C, const asx_question *q, const asx_answer *x)
{
    asx_answers_place at = {.part = ASX_AT_VALUE, .q = q, .index = -1};
    char g[96];
    if (x->na) {
        if (!q->allow_na)
            report(C, &at,
                   ASX_L("%s: この質問には \"na\" (該当なし) で答えられません。格付や前提の回答によりこの評価で"
                         "適用されない設問なら、回答を書かずに空けておいてください",
                         "%s: \"na\" (not applicable) is not accepted for this question; if the question does not "
                         "apply to this assessment (by classification or an earlier answer), leave it out"),
                   q->id);
        return;
    }
    switch (q->type) {
    case ASX_Q_YESNO:
        break;
    case ASX_Q_CHOICE:
        check_string(C, &at, x->str, true);
        if (!x->str || !asx_question_option(q, x->str)) {
            asx_buf opts = {0};
            for (size_t i = 0; i < q->noptions; i++)
                asx_buf_addf(&opts, "%s\"%s\"", i ? ", " : "", q->options[i].value);
            report(C, &at, ASX_L("%s: 選択肢 %s のいずれかで答えてください (回答: %s)", "%s: expected one of %s, got %s"),
                   q->id, asx_buf_str(&opts), got_str(x->str ? x->str : "", g, sizeof g));
            asx_buf_free(&opts);
        }
        break;
    case ASX_Q_NUMBER: {
        double n = x->num;
        const char *unit = asx_text_get(&q->unit, asx_ui_lang);
        if (!isfinite(n) || (q->has_min && n < q->min) || (q->has_max && n > q->max)) {
            if (q->has_min && q->has_max)
                report(C, &at,
                       ASX_L("%s: %g から %g (%s) の範囲で答えてください (回答: %g)",
                             "%s: expected a number from %g to %g (%s), got %g"),
                       q->id, q->min, q->max, unit, n);
            else
                report(C, &at, ASX_L("%s: 値 %g (%s) は範囲外です", "%s: value %g (%s) is out of range"), q->id, n, unit);
        }
        break;
    }
    case ASX_Q_COUNTRY:
        check_string(C, &at, x->str, true);
        if (x->str)
            country_ok(C, &at, x->str, ASX_L("国", "the country"));
        break;
    case ASX_Q_COUNTRIES:
        if (!size_ok(C, &at, x->nstrs))
            break;
        for (size_t i = 0; i < x->nstrs; i++) {
            at.index = (int)i;
            if (!x->strs[i])
                continue;
            check_string(C, &at, x->strs[i], true);
            if (!country_ok(C, &at, x->strs[i], ASX_L("国", "each country")))
                continue;
            bool dup = false;
            for (size_t k = 0; k < i && !dup; k++)
                dup = x->strs[k] && strcmp(x->strs[k], x->strs[i]) == 0;
            if (dup)
                report(C, &at, ASX_L("%s: 国コード \"%s\" が重複しています", "%s: country \"%s\" is listed twice"), q->id,
                       x->strs[i]);
        }
        break;
    case ASX_Q_DATE: {
        asx_date dt;
        check_string(C, &at, x->str, true);
        if (!x->str || !asx_date_parse(x->str, &dt))
            report(C, &at,
                   ASX_L("%s: 実在する日付を YYYY-MM-DD で答えてください (回答: %s)",
                         "%s: expected an existing date as YYYY-MM-DD, got %s"),
                   q->id, got_str(x->str ? x->str : "", g, sizeof g));
        break;
    }
    case ASX_Q_TEXT:
        check_string(C, &at, x->str, true);
        break;
    case ASX_Q_LIST:
        if (!size_ok(C, &at, x->nitems))
            break;
        for (size_t i = 0; i < x->nitems; i++) {
            at.index = (int)i;
            for (size_t f = 0; f < q->nfields; f++) {
                const char *v = x->items[i].values ? x->items[i].values[f] : NULL;
                at.field = q->fields[f].key;
                if (!v)
                    continue; /* missing or not a string: the parser said so */
                check_string(C, &at, v, true);
                if (!*v) {
                    report(C, &at, ASX_L("%s: 各項目に \"%s\" (文字列) が必要です", "%s: each item needs \"%s\" (a string)"),
                           q->id, q->fields[f].key);
                    continue;
                }
                if (q->fields[f].type == ASX_Q_COUNTRY && !country_ok(C, &at, v, q->fields[f].key))
                    continue;
                asx_date dt;
                if (q->fields[f].type == ASX_Q_DATE && !asx_date_parse(v, &dt))
                    report(C, &at,
                           ASX_L("%s: \"%s\" は日付 (YYYY-MM-DD) です (回答: \"%s\")",
                                 "%s: \"%s\" must be a date (YYYY-MM-DD), got \"%s\""),
                           q->id, q->fields[f].key, v);
            }
            at.field = NULL;
        }
        break;
    }
}

static void check_answer(checker *C, const asx_question *q, const asx_answer *x)
{
    asx_answers_place at = {.q = q, .index = -1};
    at.part = ASX_AT_SOURCE;
    check_string(C, &at, x->source, true);
    if (!x->present)
        return;
    check_value(C, q, x);
    at.part = ASX_AT_COMMENT;
    check_string(C, &at, x->comment, true);
    at.part = ASX_AT_EVIDENCE;
    if (!size_ok(C, &at, x->nevidence))
        return;
    for (size_t i = 0; i < x->nevidence; i++) {
        at.index = (int)i;
        check_string(C, &at, x->evidence[i], true);
    }
}

size_t asx_answers_check(const asx_answers *a, const asx_answers_reporter *r)
{
    checker C = {a, r, 0};
    check_header(&C);
    if (!a->bank || !a->a)
        return C.n;
    for (size_t i = 0; i < a->bank->nquestions; i++)
        check_answer(&C, &a->bank->questions[i], &a->a[i]);
    return C.n;
}
