/* bank.c - question banks: loading, validation, red-flag patterns, the built-in set. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asx/bank.h"
#include "asx/io.h"
#include "asx/json.h"
#include "asx/pattern.h"
#include "asx/policy.h"
#include "asx/util.h"

/* Limits that turn a hostile pattern into an error instead of a hang. */
#define REDFLAG_MATCH_LIMIT 200000u
#define REDFLAG_DEPTH_LIMIT 2000u
#define REDFLAG_MAX_PATTERN 1000u

struct asx_redflag_code {
    pcre2_code *code;
    pcre2_match_context *mctx;
};

extern const unsigned char asx_data_bank_cloud[];
extern const size_t asx_data_bank_cloud_len;
extern const unsigned char asx_data_bank_cloud_light[];
extern const size_t asx_data_bank_cloud_light_len;
extern const unsigned char asx_data_bank_outsourcing[];
extern const size_t asx_data_bank_outsourcing_len;

const char *asx_text_get(const asx_text *t, asx_lang lang)
{
    const char *s = lang == ASX_LANG_EN ? t->en : t->ja;
    if (!s || !*s)
        s = lang == ASX_LANG_EN ? t->ja : t->en;
    return s ? s : "";
}

void asx_bank_conf_label(const asx_bank *b, asx_lang l, char *buf, size_t size)
{
    int lo = b->conf_min ? b->conf_min : 1, hi = b->conf_max ? b->conf_max : 3;
    bool en = l == ASX_LANG_EN;
    if (lo == hi)
        snprintf(buf, size, en ? "confidentiality %d" : "機密性%d", lo);
    else if (hi == 3)
        snprintf(buf, size, en ? "confidentiality %d and above" : "機密性%d以上", lo);
    else
        snprintf(buf, size, en ? "confidentiality %d to %d" : "機密性%d〜%d", lo, hi);
}

const char *asx_qtype_name(asx_qtype t)
{
    switch (t) {
    case ASX_Q_YESNO: return "yesno";
    case ASX_Q_CHOICE: return "choice";
    case ASX_Q_NUMBER: return "number";
    case ASX_Q_COUNTRIES: return "countries";
    case ASX_Q_COUNTRY: return "country";
    case ASX_Q_DATE: return "date";
    case ASX_Q_TEXT: return "text";
    case ASX_Q_LIST: return "list";
    }
    return "?";
}

const char *asx_bank_kind_name(asx_bank_kind k)
{
    switch (k) {
    case ASX_BANK_EXTERNAL_SERVICE: return "external_service";
    case ASX_BANK_ON_TERMS: return "on_terms";
    case ASX_BANK_OUTSOURCING: return "outsourcing";
    }
    return "?";
}

const char *asx_severity_name(asx_severity s)
{
    switch (s) {
    case ASX_SEV_KNOCKOUT: return "knockout";
    case ASX_SEV_MAJOR: return "major";
    case ASX_SEV_MINOR: return "minor";
    case ASX_SEV_INFO: return "info";
    }
    return "?";
}

const char *asx_severity_label(asx_severity s, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    switch (s) {
    case ASX_SEV_KNOCKOUT: return en ? "Knockout" : "必須条件違反";
    case ASX_SEV_MAJOR: return en ? "Major" : "重大";
    case ASX_SEV_MINOR: return en ? "Minor" : "軽微";
    case ASX_SEV_INFO: return en ? "Info" : "参考";
    }
    return "?";
}

const char *asx_basis_name(asx_basis b)
{
    switch (b) {
    case ASX_BASIS_NONE: return "";
    case ASX_BASIS_MUST: return "must";
    case ASX_BASIS_AS_NEEDED: return "as_needed";
    case ASX_BASIS_REFERENCE: return "reference";
    case ASX_BASIS_ORG: return "org";
    }
    return "";
}

unsigned asx_service_model_bit(const char *name)
{
    if (!name)
        return 0;
    if (strcasecmp(name, "SaaS") == 0)
        return ASX_MODEL_SAAS;
    if (strcasecmp(name, "PaaS") == 0)
        return ASX_MODEL_PAAS;
    if (strcasecmp(name, "IaaS") == 0)
        return ASX_MODEL_IAAS;
    return 0;
}

const char *asx_yesno_name(asx_yesno v)
{
    switch (v) {
    case ASX_YN_NONE: return "";
    case ASX_YN_YES: return "yes";
    case ASX_YN_NO: return "no";
    case ASX_YN_PARTIAL: return "partial";
    case ASX_YN_NA: return "na";
    }
    return "";
}

const char *asx_yesno_label(asx_yesno v, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    switch (v) {
    case ASX_YN_NONE: return en ? "(no answer)" : "(未回答)";
    case ASX_YN_YES: return en ? "Yes" : "はい";
    case ASX_YN_NO: return en ? "No" : "いいえ";
    case ASX_YN_PARTIAL: return en ? "Partly" : "一部";
    case ASX_YN_NA: return en ? "N/A" : "該当なし";
    }
    return "";
}

static void text_free(asx_text *t)
{
    free(t->ja);
    free(t->en);
}

static void redflag_code_free(struct asx_redflag_code *c)
{
    if (!c)
        return;
    pcre2_match_context_free(c->mctx);
    pcre2_code_free(c->code);
    free(c);
}

static void question_free(asx_question *q)
{
    free(q->id);
    asx_strv_free(q->clauses, q->nclauses);
    text_free(&q->label);
    text_free(&q->text);
    text_free(&q->evidence);
    text_free(&q->fix);
    text_free(&q->term);
    text_free(&q->request);
    text_free(&q->condition);
    free(q->minimum_policy);
    asx_strv_free(q->when_values, q->nwhen_values);
    for (size_t i = 0; i < q->noptions; i++) {
        free(q->options[i].value);
        text_free(&q->options[i].label);
    }
    free(q->options);
    text_free(&q->unit);
    free(q->threshold_policy);
    for (size_t i = 0; i < q->nfields; i++)
        free(q->fields[i].key);
    free(q->fields);
    free(q->flag_idx);
}

void asx_bank_free(asx_bank *b)
{
    if (!b)
        return;
    free(b->id);
    free(b->version);
    text_free(&b->title);
    free(b->clause);
    text_free(&b->documents.title);
    free(b->documents.tender_clause);
    free(b->documents.manager_clause);
    for (size_t i = 0; i < b->documents.nmusts; i++) {
        free(b->documents.musts[i].clause);
        text_free(&b->documents.musts[i].label);
    }
    free(b->documents.musts);
    for (size_t i = 0; i < b->nsections; i++) {
        free(b->sections[i].id);
        text_free(&b->sections[i].title);
    }
    free(b->sections);
    for (size_t i = 0; i < b->nquestions; i++)
        question_free(&b->questions[i]);
    free(b->questions);
    for (size_t i = 0; i < b->nflags; i++) {
        free(b->flags[i].id);
        free(b->flags[i].pattern);
        free(b->flags[i].unless);
        text_free(&b->flags[i].message);
        redflag_code_free(b->flags[i].code);
        redflag_code_free(b->flags[i].unless_code);
    }
    free(b->flags);
    for (size_t i = 0; i < b->nrules; i++) {
        free(b->rules[i].id);
        asx_strv_free(b->rules[i].if_values, b->rules[i].nif_values);
        asx_strv_free(b->rules[i].then_values, b->rules[i].nthen_values);
        text_free(&b->rules[i].message);
    }
    free(b->rules);
    free(b->facts);
    free(b);
}

char *asx_question_clauses(const asx_question *q)
{
    asx_buf b = {0};
    for (size_t i = 0; i < q->nclauses; i++)
        asx_buf_addf(&b, "%s%s", i ? ", " : "", q->clauses[i]);
    return asx_buf_take(&b);
}

const asx_question *asx_bank_find(const asx_bank *b, const char *id)
{
    if (!b || !id)
        return NULL;
    for (size_t i = 0; i < b->nquestions; i++) /* first bytes inline: ids share few prefixes */
        if (b->questions[i].id[0] == id[0] && strcmp(b->questions[i].id, id) == 0)
            return &b->questions[i];
    return NULL;
}

bool asx_question_applies_levels(const asx_question *q, int c, int i, int a)
{
    if (!q->applies_c && !q->applies_i && !q->applies_a)
        return true;
    bool okc = !q->applies_c || c >= q->applies_c;
    bool oki = !q->applies_i || i >= q->applies_i;
    bool oka = !q->applies_a || a >= q->applies_a;
    if (!q->applies_any)
        return okc && oki && oka;
    return (q->applies_c && c >= q->applies_c) || (q->applies_i && i >= q->applies_i) ||
           (q->applies_a && a >= q->applies_a);
}

const asx_option *asx_question_option(const asx_question *q, const char *value)
{
    if (!value)
        return NULL;
    for (size_t i = 0; i < q->noptions; i++)
        if (strcmp(q->options[i].value, value) == 0)
            return &q->options[i];
    return NULL;
}

/* One match of code in text from byte start: 1 (with the match in *ms, *me), 0 or -1. */
static int match_at(const struct asx_redflag_code *c, const char *text, size_t len, size_t start, size_t *ms,
                    size_t *me)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c->code, NULL);
    if (!md)
        return -1;
    int rc = pcre2_match(c->code, (PCRE2_SPTR)text, len, start, 0, md, c->mctx);
    if (rc >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *ms = ov[0];
        *me = ov[1];
    }
    pcre2_match_data_free(md);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return -1; /* match limit, depth limit or another failure: never a silent "no match" */
}

int asx_redflag_match(const asx_redflag *f, const char *text, size_t len)
{
    size_t ms, me;
    if (!f->code || !text || !len)
        return 0;
    return match_at(f->code, text, len, 0, &ms, &me);
}

/* Whether the bytes at p start a sentence end: 。 ． ！ ？ (3 bytes), . ! ? or a line break. */
static size_t sentence_end_len(const char *p, size_t left)
{
    if (left >= 1 && (*p == '\n' || *p == '.' || *p == '!' || *p == '?'))
        return 1;
    static const char *const ends[] = {"。", "．", "！", "？"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (left >= 3 && memcmp(p, ends[i], 3) == 0)
            return 3;
    return 0;
}

int asx_redflag_match_affirmative(const asx_redflag *f, const char *text, size_t len)
{
    if (!f->code || !text || !len)
        return 0;
    size_t start = 0;
    while (start < len) {
        size_t ms, me;
        int rc = match_at(f->code, text, len, start, &ms, &me);
        if (rc <= 0)
            return rc;
        if (!f->unless_code)
            return 1;
        /* the sentence around the match */
        size_t s0 = 0, s1 = len;
        for (size_t i = 0; i < ms; i++) {
            size_t el = sentence_end_len(text + i, len - i);
            if (el) {
                s0 = i + el;
                i += el - 1;
            }
        }
        for (size_t i = me; i < len; i++)
            if (sentence_end_len(text + i, len - i)) {
                s1 = i;
                break;
            }
        size_t us, ue;
        rc = s1 > s0 ? match_at(f->unless_code, text + s0, s1 - s0, 0, &us, &ue) : 0;
        if (rc < 0)
            return -1;
        if (rc == 0)
            return 1;
        start = me > ms ? me : ms + 1;
    }
    return 0;
}

/* ---- loading ---------------------------------------------------------------------------- */

typedef struct {
    const asx_json *j;
    asx_diags *d;
    asx_bank *b;
    size_t errors_before;
} loader;

static bool failed(const loader *L)
{
    return L->d->n > L->errors_before || L->d->worst == ASX_ERR_NOMEM;
}

/* A {ja, en} object with both texts non-empty. */
static void load_text(loader *L, const cJSON *obj, const char *key, bool required, asx_text *out,
                      const char *owner)
{
    const cJSON *t = asx_json_get(obj, key);
    if (!t) {
        if (required)
            asx_json_errf(L->j, L->d, obj, ASX_L("%s: \"%s\" (ja と en の文章) がありません",
                                                 "%s: \"%s\" (ja and en texts) is missing"),
                          owner, key);
        return;
    }
    if (!cJSON_IsObject(t)) {
        asx_json_errf(L->j, L->d, t, ASX_L("%s: \"%s\" は {\"ja\": …, \"en\": …} で書いてください",
                                           "%s: \"%s\" must be {\"ja\": …, \"en\": …}"),
                      owner, key);
        return;
    }
    static const char *const keys[] = {"ja", "en", NULL};
    asx_json_check_keys(L->j, L->d, t, keys, key);
    const char *ja = asx_json_want_string(L->j, L->d, t, "ja", true);
    const char *en = asx_json_want_string(L->j, L->d, t, "en", true);
    if ((ja && !*ja) || (en && !*en))
        asx_json_errf(L->j, L->d, t, ASX_L("%s: \"%s\" の文章が空です", "%s: \"%s\" has an empty text"),
                      owner, key);
    out->ja = asx_strdup(ja);
    out->en = asx_strdup(en);
}

static bool get_bool(loader *L, const cJSON *obj, const char *key, bool dflt)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v)
        return dflt;
    if (!cJSON_IsBool(v)) {
        asx_json_errf(L->j, L->d, v, ASX_L("\"%s\" は true か false です", "\"%s\" must be true or false"),
                      key);
        return dflt;
    }
    return cJSON_IsTrue(v);
}

/* An integer level in [lo, hi]; 0 when absent. */
static int get_level(loader *L, const cJSON *obj, const char *key, int lo, int hi)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble ||
        v->valuedouble < lo || v->valuedouble > hi) {
        asx_json_errf(L->j, L->d, v, ASX_L("\"%s\" は %d から %d の整数です",
                                           "\"%s\" must be an integer from %d to %d"), key, lo, hi);
        return 0;
    }
    return (int)v->valuedouble;
}

static bool parse_severity(const char *s, asx_severity *out)
{
    if (strcmp(s, "major") == 0)
        *out = ASX_SEV_MAJOR;
    else if (strcmp(s, "minor") == 0)
        *out = ASX_SEV_MINOR;
    else if (strcmp(s, "info") == 0)
        *out = ASX_SEV_INFO;
    else
        return false;
    return true;
}

static bool parse_type(const char *s, asx_qtype *out)
{
    static const asx_qtype all[] = {ASX_Q_YESNO, ASX_Q_CHOICE, ASX_Q_NUMBER, ASX_Q_COUNTRIES,
                                    ASX_Q_COUNTRY, ASX_Q_DATE, ASX_Q_TEXT, ASX_Q_LIST};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_qtype_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

/* A non-empty array of strings each matching re. */
static char **load_strings(loader *L, const cJSON *arr, const char *key, asx_re re, size_t *n)
{
    *n = 0;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        asx_json_errf(L->j, L->d, arr, ASX_L("\"%s\" は文字列の配列 (1 個以上) です",
                                             "\"%s\" must be a non-empty array of strings"), key);
        return NULL;
    }
    size_t count = (size_t)cJSON_GetArraySize(arr);
    char **v = calloc(count, sizeof *v);
    if (!v)
        return NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it) || (re != ASX_RE_COUNT && !asx_re_match(re, it->valuestring))) {
            char what[80];
            asx_json_describe(it, what, sizeof what);
            asx_json_errf(L->j, L->d, it, ASX_L("\"%s\" の要素が不正です: %s", "\"%s\": invalid element: %s"),
                          key, what);
            continue;
        }
        v[(*n)++] = asx_strdup(it->valuestring);
    }
    return v;
}

static void load_options(loader *L, asx_question *q, const cJSON *arr)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        asx_json_errf(L->j, L->d, arr ? arr : NULL,
                      ASX_L("%s: choice には \"options\" (1 個以上) が必要です",
                            "%s: a choice needs \"options\" (at least one)"), q->id);
        return;
    }
    q->options = calloc((size_t)cJSON_GetArraySize(arr), sizeof *q->options);
    if (!q->options)
        return;
    const cJSON *o;
    cJSON_ArrayForEach(o, arr)
    {
        static const char *const keys[] = {"value", "score", "label", NULL};
        if (!cJSON_IsObject(o)) {
            asx_json_errf(L->j, L->d, o, ASX_L("%s: 選択肢はオブジェクトです", "%s: an option must be an object"),
                          q->id);
            continue;
        }
        asx_json_check_keys(L->j, L->d, o, keys, "option");
        asx_option *opt = &q->options[q->noptions];
        const char *v = asx_json_want_string(L->j, L->d, o, "value", true);
        double score = 0;
        asx_json_want_number(L->j, L->d, o, "score", true, &score);
        if (v && !asx_re_match(ASX_RE_OPTION, v))
            asx_json_errf(L->j, L->d, o, ASX_L("%s: 選択肢の値 \"%s\" は英小文字・数字・_ で書いてください",
                                               "%s: option value \"%s\" must be lowercase [a-z0-9_]"),
                          q->id, v);
        if (v && asx_question_option(q, v))
            asx_json_errf(L->j, L->d, o, ASX_L("%s: 選択肢 \"%s\" が重複しています",
                                               "%s: duplicate option \"%s\""), q->id, v);
        if (score < 0 || score > 1)
            asx_json_errf(L->j, L->d, o, ASX_L("%s: 選択肢の score は 0 から 1 です",
                                               "%s: an option score must be from 0 to 1"), q->id);
        opt->value = asx_strdup(v ? v : "");
        opt->score = score;
        load_text(L, o, "label", true, &opt->label, q->id);
        q->noptions++;
    }
}

static void load_number_rules(loader *L, asx_question *q, const cJSON *jq)
{
    load_text(L, jq, "unit", true, &q->unit, q->id);
    const char *better = asx_json_want_string(L->j, L->d, jq, "better", true);
    if (better && strcmp(better, "higher") != 0 && strcmp(better, "lower") != 0)
        asx_json_errf(L->j, L->d, asx_json_get(jq, "better"),
                      ASX_L("%s: \"better\" は higher か lower です", "%s: \"better\" must be higher or lower"),
                      q->id);
    q->higher_better = better && strcmp(better, "higher") == 0;
    q->has_min = asx_json_get(jq, "min") && asx_json_want_number(L->j, L->d, jq, "min", false, &q->min);
    q->has_max = asx_json_get(jq, "max") && asx_json_want_number(L->j, L->d, jq, "max", false, &q->max);
    const cJSON *t = asx_json_get(jq, "threshold");
    if (!t)
        return;
    static const char *const keys[] = {"value", "policy", NULL};
    if (!cJSON_IsObject(t)) {
        asx_json_errf(L->j, L->d, t, ASX_L("%s: \"threshold\" は {\"value\": N} か {\"policy\": KEY} です",
                                           "%s: \"threshold\" must be {\"value\": N} or {\"policy\": KEY}"),
                      q->id);
        return;
    }
    asx_json_check_keys(L->j, L->d, t, keys, "threshold");
    const cJSON *pk = asx_json_get(t, "policy");
    if (pk) {
        if (!cJSON_IsString(pk) || !asx_policy_is_threshold_key(pk->valuestring))
            asx_json_errf(L->j, L->d, pk, ASX_L("%s: ポリシーに該当する数値基準がありません",
                                                "%s: no such numeric policy key"), q->id);
        else
            q->threshold_policy = asx_strdup(pk->valuestring);
    } else if (!asx_json_want_number(L->j, L->d, t, "value", true, &q->threshold)) {
        return;
    }
    q->has_threshold = true;
}

static void load_list_item(loader *L, asx_question *q, const cJSON *item)
{
    if (!cJSON_IsObject(item) || !item->child) {
        asx_json_errf(L->j, L->d, item, ASX_L("%s: list には \"item\" ({\"キー\": \"text\"|\"country\"}) が必要です",
                                              "%s: a list needs \"item\" ({\"key\": \"text\"|\"country\"})"),
                      q->id);
        return;
    }
    q->fields = calloc((size_t)cJSON_GetArraySize(item), sizeof *q->fields);
    if (!q->fields)
        return;
    const cJSON *f;
    cJSON_ArrayForEach(f, item)
    {
        asx_qtype t;
        if (!cJSON_IsString(f) || !parse_type(f->valuestring, &t) ||
            (t != ASX_Q_TEXT && t != ASX_Q_COUNTRY && t != ASX_Q_DATE)) {
            asx_json_errf(L->j, L->d, f, ASX_L("%s: 項目 \"%s\" の型は text, country, date のいずれかです",
                                               "%s: item field \"%s\" must be text, country or date"),
                          q->id, f->string);
            continue;
        }
        q->fields[q->nfields].key = asx_strdup(f->string);
        q->fields[q->nfields].type = t;
        q->nfields++;
    }
}

static void load_policy_link(loader *L, asx_question *q, const cJSON *jq)
{
    const char *pl = asx_json_want_string(L->j, L->d, jq, "policy_list", false);
    if (pl) {
        if (q->type != ASX_Q_COUNTRIES && q->type != ASX_Q_LIST)
            asx_json_errf(L->j, L->d, asx_json_get(jq, "policy_list"),
                          ASX_L("%s: \"policy_list\" は countries と list の質問だけに使えます",
                                "%s: \"policy_list\" is only for countries and list questions"), q->id);
        else if (strcmp(pl, "storage") == 0)
            q->policy_list = ASX_CL_STORAGE;
        else if (strcmp(pl, "processing") == 0)
            q->policy_list = ASX_CL_PROCESSING;
        else if (strcmp(pl, "backup") == 0)
            q->policy_list = ASX_CL_BACKUP;
        else
            asx_json_errf(L->j, L->d, asx_json_get(jq, "policy_list"),
                          ASX_L("%s: \"policy_list\" は storage, processing, backup のいずれかです",
                                "%s: \"policy_list\" must be storage, processing or backup"), q->id);
    }
    const char *pk = asx_json_want_string(L->j, L->d, jq, "policy_key", false);
    if (pk) {
        if (q->type != ASX_Q_COUNTRY)
            asx_json_errf(L->j, L->d, asx_json_get(jq, "policy_key"),
                          ASX_L("%s: \"policy_key\" は country の質問だけに使えます",
                                "%s: \"policy_key\" is only for country questions"), q->id);
        else if (strcmp(pk, "governing_law") == 0)
            q->policy_key = ASX_PK_GOVERNING_LAW;
        else if (strcmp(pk, "jurisdiction") == 0)
            q->policy_key = ASX_PK_JURISDICTION;
        else
            asx_json_errf(L->j, L->d, asx_json_get(jq, "policy_key"),
                          ASX_L("%s: \"policy_key\" は governing_law か jurisdiction です",
                                "%s: \"policy_key\" must be governing_law or jurisdiction"), q->id);
    }
}

static void load_when(loader *L, asx_question *q, const cJSON *w)
{
    static const char *const keys[] = {"question", "in", NULL};
    if (!cJSON_IsObject(w)) {
        asx_json_errf(L->j, L->d, w, ASX_L("%s: \"when\" は {\"question\": ID, \"in\": [値…]} です",
                                           "%s: \"when\" must be {\"question\": ID, \"in\": [values…]}"),
                      q->id);
        return;
    }
    asx_json_check_keys(L->j, L->d, w, keys, "when");
    const char *id = asx_json_want_string(L->j, L->d, w, "question", true);
    const asx_question *dep = NULL;
    for (size_t i = 0; id && i < q->index; i++)
        if (strcmp(L->b->questions[i].id, id) == 0)
            dep = &L->b->questions[i];
    if (id && (!dep || (dep->type != ASX_Q_YESNO && dep->type != ASX_Q_CHOICE))) {
        asx_json_errf(L->j, L->d, w, ASX_L("%s: \"when\" は前にある yesno か choice の質問を指してください (\"%s\")",
                                           "%s: \"when\" must name an earlier yesno or choice question (\"%s\")"),
                      q->id, id);
        return;
    }
    const cJSON *in = asx_json_get(w, "in");
    q->when_values = load_strings(L, in, "in", ASX_RE_OPTION, &q->nwhen_values);
    for (size_t i = 0; dep && i < q->nwhen_values; i++) {
        const char *v = q->when_values[i];
        bool ok = dep->type == ASX_Q_CHOICE
                      ? asx_question_option(dep, v) != NULL
                      : (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 || strcmp(v, "partial") == 0 ||
                         strcmp(v, "na") == 0);
        if (!ok)
            asx_json_errf(L->j, L->d, in, ASX_L("%s: \"when\" の値 \"%s\" は %s の回答になりえません",
                                                "%s: \"when\" value \"%s\" is not a possible answer of %s"),
                          q->id, v, dep->id);
    }
    q->when_q = dep;
}

static size_t find_section(const asx_bank *b, const char *qid)
{
    const char *dot = strchr(qid, '.');
    size_t n = dot ? (size_t)(dot - qid) : strlen(qid);
    for (size_t i = 0; i < b->nsections; i++)
        if (strlen(b->sections[i].id) == n && strncmp(b->sections[i].id, qid, n) == 0)
            return i;
    return (size_t)-1;
}

static bool parse_basis(const char *s, asx_basis *out)
{
    static const asx_basis all[] = {ASX_BASIS_MUST, ASX_BASIS_AS_NEEDED, ASX_BASIS_REFERENCE, ASX_BASIS_ORG};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_basis_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

/* The major number of the bank's version ("2.0" -> 2); 0 when unknown. */
static long bank_major_version(const asx_bank *b)
{
    return b->version ? strtol(b->version, NULL, 10) : 0;
}

/* v2 basis, rule and condition; the severity of a shortfall follows the basis (SPEC v2 §4). */
static void load_basis(loader *L, asx_question *q, const cJSON *jq)
{
    bool v2 = bank_major_version(L->b) >= 2;
    const char *basis = asx_json_want_string(L->j, L->d, jq, "basis", v2);
    if (basis && !parse_basis(basis, &q->basis))
        asx_json_errf(L->j, L->d, asx_json_get(jq, "basis"),
                      ASX_L("%s: \"basis\" は must, as_needed, reference, org のいずれかです",
                            "%s: \"basis\" must be must, as_needed, reference or org"), q->id);
    const char *rule = asx_json_want_string(L->j, L->d, jq, "rule", false);
    if (rule) {
        if (strcmp(rule, "location") == 0)
            q->rule = ASX_QRULE_LOCATION;
        else if (strcmp(rule, "law") == 0)
            q->rule = ASX_QRULE_LAW;
        else if (strcmp(rule, "byok") == 0)
            q->rule = ASX_QRULE_BYOK;
        else
            asx_json_errf(L->j, L->d, asx_json_get(jq, "rule"),
                          ASX_L("%s: \"rule\" は location, law, byok のいずれかです", "%s: \"rule\" must be location, law or byok"), q->id);
        if (q->rule == ASX_QRULE_BYOK && q->basis != ASX_BASIS_ORG)
            asx_json_errf(L->j, L->d, asx_json_get(jq, "rule"),
                          ASX_L("%s: \"rule\": \"byok\" は basis が org の質問だけに使えます",
                                "%s: \"rule\": \"byok\" is only for questions whose basis is org"), q->id);
        else if (q->rule != ASX_QRULE_BYOK && q->basis != ASX_BASIS_AS_NEEDED)
            asx_json_errf(L->j, L->d, asx_json_get(jq, "rule"),
                          ASX_L("%s: \"rule\" は basis が as_needed の質問だけに使えます",
                                "%s: \"rule\" is only for questions whose basis is as_needed"), q->id);
    }
    load_text(L, jq, "condition", q->basis == ASX_BASIS_MUST && v2, &q->condition, q->id);
    if (asx_json_get(jq, "knockout") && q->basis != ASX_BASIS_NONE && q->basis != ASX_BASIS_MUST)
        asx_json_errf(L->j, L->d, asx_json_get(jq, "knockout"),
                      ASX_L("%s: \"knockout\" は basis が must の質問だけに使えます",
                            "%s: \"knockout\" is only for questions whose basis is must"), q->id);
    switch (q->basis) {
    case ASX_BASIS_NONE:
    case ASX_BASIS_AS_NEEDED:
        break;
    case ASX_BASIS_MUST:
        /* no: a knockout from the bank's lowest level (or knockout.from_confidentiality) up;
         * partial: at least major */
        if (!q->knockout_from)
            q->knockout_from = L->b->conf_min;
        q->severity = ASX_SEV_MAJOR;
        break;
    case ASX_BASIS_REFERENCE:
        if (q->severity != ASX_SEV_INFO)
            q->severity = ASX_SEV_MINOR;
        break;
    case ASX_BASIS_ORG:
        q->severity = ASX_SEV_MAJOR;
        break;
    }
}

/* The contract's words for the question (v3 `term`, SPEC §8.3): what 乙 does, in the contract's
 * voice: never an instruction to staff (「させること」), never the organisation by a compiled-in
 * name (本市: the contract says 甲), and {agreed} only where a value is agreed. */
static void load_term(loader *L, asx_question *q, const cJSON *jq)
{
    const cJSON *t = asx_json_get(jq, "term");
    if (!t)
        return;
    load_text(L, jq, "term", false, &q->term, q->id);
    static const char *const banned[] = {"させること", "本市", "本団体", "(乙の回答", NULL};
    for (size_t i = 0; q->term.ja && banned[i]; i++)
        if (strstr(q->term.ja, banned[i]))
            asx_json_errf(L->j, L->d, t, ASX_L("%s: \"term\" は契約の文言 (「乙は、…する。」) です。「%s」は書けません",
                                               "%s: \"term\" is the contract's wording (「乙は、…する。」); it may not say 「%s」"),
                          q->id, banned[i]);
    bool valued = q->type == ASX_Q_NUMBER || q->type == ASX_Q_CHOICE || q->type == ASX_Q_COUNTRIES ||
                  q->type == ASX_Q_COUNTRY;
    const char *texts[] = {q->term.ja, q->term.en};
    for (size_t i = 0; i < 2; i++) {
        for (const char *p = texts[i] ? strchr(texts[i], '{') : NULL; p; p = strchr(p + 1, '{')) {
            if (strncmp(p, "{agreed}", 8) != 0)
                asx_json_errf(L->j, L->d, t, ASX_L("%s: \"term\" の差込み項目は {agreed} だけです",
                                                   "%s: the only placeholder of \"term\" is {agreed}"), q->id);
            else if (!valued)
                asx_json_errf(L->j, L->d, t, ASX_L("%s: {agreed} は number, choice, countries, country の質問だけに使えます",
                                                   "%s: {agreed} is only for number, choice, countries and country questions"),
                              q->id);
        }
    }
}

static void load_question(loader *L, const cJSON *jq, asx_question *q)
{
    static const char *const keys[] = {
        "id", "clause", "label", "text", "evidence", "fix", "request", "type", "weight", "required",
        "allow_na", "severity", "knockout", "when", "applies", "expected", "options", "unit",
        "better", "min", "max", "threshold", "policy_list", "policy_key", "expiry", "item",
        "basis", "rule", "condition", "minimum", "term", NULL};
    if (!cJSON_IsObject(jq)) {
        asx_json_errf(L->j, L->d, jq, ASX_L("質問はオブジェクトです", "a question must be an object"));
        return;
    }
    const char *id = asx_json_want_string(L->j, L->d, jq, "id", true);
    q->id = asx_strdup(id ? id : "?");
    if (id && !asx_re_match(ASX_RE_QUESTION_ID, id))
        asx_json_errf(L->j, L->d, asx_json_get(jq, "id"),
                      ASX_L("質問 ID \"%s\" は \"section.name\" (英小文字・数字・_) の形で書いてください",
                            "question id \"%s\" must look like \"section.name\" (lowercase, digits, _)"), id);
    for (size_t i = 0; id && i < q->index; i++)
        if (strcmp(L->b->questions[i].id, id) == 0)
            asx_json_errf(L->j, L->d, asx_json_get(jq, "id"),
                          ASX_L("質問 ID \"%s\" が重複しています", "duplicate question id \"%s\""), id);
    asx_json_check_keys(L->j, L->d, jq, keys, q->id);
    q->section = find_section(L->b, q->id);
    if (q->section == (size_t)-1)
        asx_json_errf(L->j, L->d, asx_json_get(jq, "id"),
                      ASX_L("%s: セクションが \"sections\" にありません", "%s: its section is not in \"sections\""),
                      q->id);
    q->clauses = load_strings(L, asx_json_get(jq, "clause"), "clause", ASX_RE_CLAUSE, &q->nclauses);
    load_text(L, jq, "label", true, &q->label, q->id);
    load_text(L, jq, "text", true, &q->text, q->id);
    load_text(L, jq, "evidence", true, &q->evidence, q->id);
    load_text(L, jq, "fix", true, &q->fix, q->id);
    load_text(L, jq, "request", true, &q->request, q->id);

    const char *type = asx_json_want_string(L->j, L->d, jq, "type", true);
    if (type && !parse_type(type, &q->type)) {
        asx_json_errf(L->j, L->d, asx_json_get(jq, "type"),
                      ASX_L("%s: 不明な型 \"%s\" (yesno, choice, number, countries, country, date, text, list)",
                            "%s: unknown type \"%s\" (yesno, choice, number, countries, country, date, text, list)"),
                      q->id, type);
        return;
    }
    if (!asx_json_want_number(L->j, L->d, jq, "weight", true, &q->weight))
        q->weight = 1;
    if (!(q->weight > 0) || q->weight > 100)
        asx_json_errf(L->j, L->d, asx_json_get(jq, "weight"),
                      ASX_L("%s: \"weight\" は 0 より大きく 100 以下です", "%s: \"weight\" must be > 0 and <= 100"),
                      q->id);
    q->required = get_bool(L, jq, "required", false);
    q->allow_na = get_bool(L, jq, "allow_na", false);
    q->severity = q->required ? ASX_SEV_MAJOR : ASX_SEV_MINOR;
    const char *sev = asx_json_want_string(L->j, L->d, jq, "severity", false);
    if (sev && !parse_severity(sev, &q->severity))
        asx_json_errf(L->j, L->d, asx_json_get(jq, "severity"),
                      ASX_L("%s: \"severity\" は major, minor, info のいずれかです",
                            "%s: \"severity\" must be major, minor or info"), q->id);
    const cJSON *ko = asx_json_get(jq, "knockout");
    if (ko) {
        static const char *const kokeys[] = {"from_confidentiality", NULL};
        if (!cJSON_IsObject(ko))
            asx_json_errf(L->j, L->d, ko, ASX_L("%s: \"knockout\" は {\"from_confidentiality\": N} です",
                                                "%s: \"knockout\" must be {\"from_confidentiality\": N}"), q->id);
        else {
            asx_json_check_keys(L->j, L->d, ko, kokeys, "knockout");
            q->knockout_from = get_level(L, ko, "from_confidentiality", 1, 3);
            if (!q->knockout_from)
                q->knockout_from = 1;
        }
    }
    const cJSON *ap = asx_json_get(jq, "applies");
    if (ap) {
        static const char *const apkeys[] = {"confidentiality", "integrity", "availability", "match",
                                             "service_model", NULL};
        asx_json_check_keys(L->j, L->d, ap, apkeys, "applies");
        q->applies_c = get_level(L, ap, "confidentiality", 1, 3);
        q->applies_i = get_level(L, ap, "integrity", 1, 2);
        q->applies_a = get_level(L, ap, "availability", 1, 2);
        const char *m = asx_json_want_string(L->j, L->d, ap, "match", false);
        if (m && strcmp(m, "any") != 0 && strcmp(m, "all") != 0)
            asx_json_errf(L->j, L->d, asx_json_get(ap, "match"),
                          ASX_L("%s: \"applies.match\" は \"all\" か \"any\" です",
                                "%s: \"applies.match\" must be \"all\" or \"any\""), q->id);
        q->applies_any = m && strcmp(m, "any") == 0;
        const cJSON *sm = asx_json_get(ap, "service_model");
        if (sm) {
            size_t n = 0;
            char **v = load_strings(L, sm, "service_model", ASX_RE_COUNT, &n);
            for (size_t i = 0; i < n; i++) {
                unsigned bit = asx_service_model_bit(v[i]);
                if (!bit)
                    asx_json_errf(L->j, L->d, sm, ASX_L("%s: サービスモデル \"%s\" は SaaS, PaaS, IaaS のいずれかです",
                                                        "%s: service model \"%s\" must be SaaS, PaaS or IaaS"),
                                  q->id, v[i]);
                q->applies_models |= bit;
            }
            asx_strv_free(v, n);
        }
    }
    load_basis(L, q, jq);
    const cJSON *w = asx_json_get(jq, "when");
    if (w)
        load_when(L, q, w);

    switch (q->type) {
    case ASX_Q_YESNO: {
        const char *e = asx_json_want_string(L->j, L->d, jq, "expected", true);
        if (e && strcmp(e, "yes") == 0)
            q->expected = ASX_YN_YES;
        else if (e && strcmp(e, "no") == 0)
            q->expected = ASX_YN_NO;
        else if (e)
            asx_json_errf(L->j, L->d, asx_json_get(jq, "expected"),
                          ASX_L("%s: \"expected\" は yes か no です", "%s: \"expected\" must be yes or no"), q->id);
        break;
    }
    case ASX_Q_CHOICE: {
        load_options(L, q, asx_json_get(jq, "options"));
        const cJSON *mn = asx_json_get(jq, "minimum");
        if (mn) {
            static const char *const mkeys[] = {"policy", NULL};
            asx_json_check_keys(L->j, L->d, mn, mkeys, "minimum");
            const char *k = asx_json_want_string(L->j, L->d, mn, "policy", true);
            if (k && !asx_policy_is_choice_key(k))
                asx_json_errf(L->j, L->d, mn, ASX_L("%s: ポリシーに該当する選択肢の基準がありません (%s)",
                                                    "%s: no such choice key in the policy (%s)"), q->id, k);
            else if (k)
                q->minimum_policy = asx_strdup(k);
        }
        break;
    }
    case ASX_Q_NUMBER:
        load_number_rules(L, q, jq);
        break;
    case ASX_Q_COUNTRIES:
    case ASX_Q_COUNTRY:
        break;
    case ASX_Q_DATE:
        q->expiry = get_bool(L, jq, "expiry", false);
        break;
    case ASX_Q_TEXT:
        break;
    case ASX_Q_LIST:
        load_list_item(L, q, asx_json_get(jq, "item"));
        q->expiry = get_bool(L, jq, "expiry", false);
        break;
    }
    if (asx_json_get(jq, "minimum") && q->type != ASX_Q_CHOICE)
        asx_json_errf(L->j, L->d, asx_json_get(jq, "minimum"),
                      ASX_L("%s: \"minimum\" は choice の質問だけに使えます", "%s: \"minimum\" is only for choice questions"),
                      q->id);
    load_policy_link(L, q, jq);
    load_term(L, q, jq);
}

/* Compile a red-flag pattern (bounded: length, match and depth limits). NULL on error (in d). */
static struct asx_redflag_code *compile_pattern(loader *L, const cJSON *node, const char *pat)
{
    if (strlen(pat) > REDFLAG_MAX_PATTERN) {
        asx_json_errf(L->j, L->d, node, ASX_L("パターンが長すぎます (%u バイトまで)", "pattern too long (at most %u bytes)"),
                      REDFLAG_MAX_PATTERN);
        return NULL;
    }
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS,
                                     &errcode, &erroff, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        asx_json_errf(L->j, L->d, node, ASX_L("パターンの %zu バイト目: %s", "pattern at byte %zu: %s"), (size_t)erroff,
                      (const char *)msg);
        return NULL;
    }
    struct asx_redflag_code *c = calloc(1, sizeof *c);
    if (!c) {
        pcre2_code_free(code);
        return NULL;
    }
    c->code = code;
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    c->mctx = pcre2_match_context_create(NULL);
    if (c->mctx) {
        pcre2_set_match_limit(c->mctx, REDFLAG_MATCH_LIMIT);
        pcre2_set_depth_limit(c->mctx, REDFLAG_DEPTH_LIMIT);
    }
    return c;
}

static void load_flag(loader *L, const cJSON *jf, asx_redflag *f, const cJSON *questions_node,
                      size_t flag_index)
{
    static const char *const keys[] = {"id", "pattern", "unless", "questions", "severity", "message",
                                       "contradicts_place", NULL};
    if (!cJSON_IsObject(jf)) {
        asx_json_errf(L->j, L->d, jf, ASX_L("red_flags の要素はオブジェクトです", "a red flag must be an object"));
        return;
    }
    asx_json_check_keys(L->j, L->d, jf, keys, "red flag");
    f->id = asx_strdup(asx_json_want_string(L->j, L->d, jf, "id", true));
    const char *pat = asx_json_want_string(L->j, L->d, jf, "pattern", true);
    f->pattern = asx_strdup(pat);
    const char *unless = asx_json_want_string(L->j, L->d, jf, "unless", false);
    f->unless = asx_strdup(unless);
    f->severity = ASX_SEV_MINOR; /* SPEC v2 §4: minor (要確認) unless the bank says otherwise */
    const char *sev = asx_json_want_string(L->j, L->d, jf, "severity", false);
    if (sev && !parse_severity(sev, &f->severity))
        asx_json_errf(L->j, L->d, asx_json_get(jf, "severity"),
                      ASX_L("\"severity\" は major, minor, info のいずれかです",
                            "\"severity\" must be major, minor or info"));
    load_text(L, jf, "message", true, &f->message, f->id ? f->id : "red flag");
    const cJSON *cp = asx_json_get(jf, "contradicts_place");
    if (cp && !cJSON_IsBool(cp))
        asx_json_errf(L->j, L->d, cp, ASX_L("\"contradicts_place\" は true か false です", "\"contradicts_place\" must be true or false"));
    f->contradicts_place = cJSON_IsTrue(cp);
    if (pat)
        f->code = compile_pattern(L, asx_json_get(jf, "pattern"), pat);
    if (unless)
        f->unless_code = compile_pattern(L, asx_json_get(jf, "unless"), unless);
    /* Attach the flag to the questions it names: ids or "section.*". */
    const cJSON *qs = asx_json_get(jf, "questions");
    if (!cJSON_IsArray(qs) || cJSON_GetArraySize(qs) == 0) {
        asx_json_errf(L->j, L->d, qs ? qs : jf, ASX_L("\"questions\" (質問 ID か \"section.*\" の配列) が必要です",
                                                      "\"questions\" (array of ids or \"section.*\") is required"));
        return;
    }
    (void)questions_node;
    const cJSON *sel;
    cJSON_ArrayForEach(sel, qs)
    {
        if (!cJSON_IsString(sel)) {
            asx_json_errf(L->j, L->d, sel, ASX_L("\"questions\" の要素は文字列です", "\"questions\" holds strings"));
            continue;
        }
        const char *s = sel->valuestring;
        size_t sl = strlen(s);
        bool wildcard = sl > 2 && strcmp(s + sl - 2, ".*") == 0;
        size_t hits = 0;
        for (size_t i = 0; i < L->b->nquestions; i++) {
            asx_question *q = &L->b->questions[i];
            bool m = wildcard ? strncmp(q->id, s, sl - 1) == 0 : strcmp(q->id, s) == 0;
            if (!m)
                continue;
            hits++;
            size_t *nv = realloc(q->flag_idx, (q->nflags + 1) * sizeof *nv);
            if (!nv)
                return;
            q->flag_idx = nv;
            q->flag_idx[q->nflags++] = flag_index;
        }
        if (!hits)
            asx_json_errf(L->j, L->d, sel, ASX_L("\"%s\" に当たる質問がありません", "no question matches \"%s\""), s);
    }
}

/* One side of a consistency rule: {"question": ID, "in": [values]} ("in" optional on the "if"
 * side: answered with anything). */
static const asx_question *load_rule_side(loader *L, const cJSON *side, const char *key, bool need_in,
                                          char ***values, size_t *nvalues)
{
    static const char *const keys[] = {"question", "in", NULL};
    if (!cJSON_IsObject(side)) {
        asx_json_errf(L->j, L->d, side, ASX_L("consistency: \"%s\" は {\"question\": ID, \"in\": [値…]} です",
                                              "consistency: \"%s\" must be {\"question\": ID, \"in\": [values…]}"),
                      key);
        return NULL;
    }
    asx_json_check_keys(L->j, L->d, side, keys, key);
    const char *id = asx_json_want_string(L->j, L->d, side, "question", true);
    const asx_question *q = id ? asx_bank_find(L->b, id) : NULL;
    if (id && !q) {
        asx_json_errf(L->j, L->d, side, ASX_L("consistency: 質問 \"%s\" がありません", "consistency: no question \"%s\""),
                      id);
        return NULL;
    }
    const cJSON *in = asx_json_get(side, "in");
    if (!in && !need_in)
        return q;
    if (!in) {
        asx_json_errf(L->j, L->d, side, ASX_L("consistency: \"%s\" には \"in\" (回答の値の配列) が必要です",
                                              "consistency: \"%s\" needs \"in\" (an array of answer values)"),
                      key);
        return NULL;
    }
    if (q && q->type != ASX_Q_YESNO && q->type != ASX_Q_CHOICE) {
        asx_json_errf(L->j, L->d, side, ASX_L("consistency: \"in\" は yesno か choice の質問に使います (%s)",
                                              "consistency: \"in\" is for yesno or choice questions (%s)"),
                      id);
        return NULL;
    }
    *values = load_strings(L, in, "in", ASX_RE_OPTION, nvalues);
    return q;
}

static void load_rules(loader *L, const cJSON *rules)
{
    if (!rules)
        return;
    asx_bank *b = L->b;
    if (!cJSON_IsArray(rules)) {
        asx_json_errf(L->j, L->d, rules, ASX_L("\"consistency\" は配列です", "\"consistency\" must be an array"));
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(rules);
    b->rules = calloc(n ? n : 1, sizeof *b->rules);
    if (!b->rules)
        return;
    const cJSON *jr;
    cJSON_ArrayForEach(jr, rules)
    {
        static const char *const keys[] = {"id", "if", "then", "message", NULL};
        if (!cJSON_IsObject(jr)) {
            asx_json_errf(L->j, L->d, jr, ASX_L("consistency の要素はオブジェクトです", "a consistency rule must be an object"));
            continue;
        }
        asx_consistency *r = &b->rules[b->nrules++];
        asx_json_check_keys(L->j, L->d, jr, keys, "consistency");
        r->id = asx_strdup(asx_json_want_string(L->j, L->d, jr, "id", true));
        r->if_q = load_rule_side(L, asx_json_get(jr, "if"), "if", false, &r->if_values, &r->nif_values);
        r->then_q = load_rule_side(L, asx_json_get(jr, "then"), "then", true, &r->then_values, &r->nthen_values);
        load_text(L, jr, "message", true, &r->message, r->id ? r->id : "consistency");
    }
}

/* "facts": ids of questions of this bank, each once. */
static void load_facts(loader *L, const cJSON *facts)
{
    asx_bank *b = L->b;
    if (!facts)
        return;
    if (!cJSON_IsArray(facts)) {
        asx_json_errf(L->j, L->d, facts, ASX_L("\"facts\" は質問 ID の配列です", "\"facts\" must be an array of question ids"));
        return;
    }
    b->facts = calloc((size_t)cJSON_GetArraySize(facts) + 1, sizeof *b->facts);
    if (!b->facts)
        return;
    const cJSON *f;
    cJSON_ArrayForEach(f, facts)
    {
        const asx_question *q = cJSON_IsString(f) ? asx_bank_find(b, f->valuestring) : NULL;
        if (!q) {
            char what[80];
            asx_json_describe(f, what, sizeof what);
            asx_json_errf(L->j, L->d, f, ASX_L("\"facts\": この質問票の質問 ID ではありません: %s",
                                               "\"facts\": not a question id of this bank: %s"), what);
            continue;
        }
        for (size_t i = 0; i < b->nfacts; i++)
            if (b->facts[i] == q) {
                asx_json_errf(L->j, L->d, f, ASX_L("\"facts\": %s が 2 回あります", "\"facts\": %s is listed twice"), q->id);
                q = NULL;
                break;
            }
        if (q)
            b->facts[b->nfacts++] = q;
    }
}

/* An optional clause id under key (NULL when absent). */
static char *load_clause(loader *L, const cJSON *obj, const char *key)
{
    const char *c = asx_json_want_string(L->j, L->d, obj, key, false);
    if (c && !asx_re_match(ASX_RE_CLAUSE, c)) {
        asx_json_errf(L->j, L->d, asx_json_get(obj, key),
                      ASX_L("\"%s\" は条項 ID (例: 11-2(3)①) です (\"%s\")",
                            "\"%s\" must be a clause id such as 11-2(3)① (\"%s\")"),
                      key, c);
        return NULL;
    }
    return c ? asx_strdup(c) : NULL;
}

/* Whether clause c is the clause `under` or an item of it ("11-2(2)⑦" is under "11-2(2)", and
 * "11-1(10)" is not under "11-1(1)"). */
static bool clause_under(const char *c, const char *under)
{
    size_t n = strlen(under);
    if (strncmp(c, under, n) != 0)
        return false;
    return c[n] == '\0' || under[n - 1] == ')' || c[n] == '(';
}

/* The bank's "documents" (FORMAT.md): its kind, its title and the clauses its documents cite.
 * A bank without one (a 1.x bank, a test bank) approves the use of a service, under a title
 * that names no clause, and cites its own clause in a tender. */
static void load_documents(loader *L, const cJSON *root)
{
    asx_bank_documents *m = &L->b->documents;
    m->kind = ASX_BANK_EXTERNAL_SERVICE;
    const cJSON *o = asx_json_get(root, "documents");
    if (!o) {
        m->title.ja = asx_strdup("審査資料");
        m->title.en = asx_strdup("Assessment pack");
        return;
    }
    if (!cJSON_IsObject(o)) {
        asx_json_errf(L->j, L->d, o, ASX_L("\"documents\" はオブジェクトです", "\"documents\" must be an object"));
        return;
    }
    static const char *const keys[] = {"kind", "title", "tender_clause", "manager_clause", "must", NULL};
    asx_json_check_keys(L->j, L->d, o, keys, "documents");
    const char *kind = asx_json_want_string(L->j, L->d, o, "kind", true);
    static const asx_bank_kind kinds[] = {ASX_BANK_EXTERNAL_SERVICE, ASX_BANK_ON_TERMS, ASX_BANK_OUTSOURCING};
    size_t k = 0;
    while (kind && k < sizeof kinds / sizeof kinds[0] && strcmp(kind, asx_bank_kind_name(kinds[k])) != 0)
        k++;
    if (kind && k == sizeof kinds / sizeof kinds[0])
        asx_json_errf(L->j, L->d, asx_json_get(o, "kind"),
                      ASX_L("documents.kind は external_service, on_terms, outsourcing のどれかです (\"%s\")",
                            "documents.kind must be external_service, on_terms or outsourcing, not \"%s\""),
                      kind);
    else if (kind)
        m->kind = kinds[k];
    load_text(L, o, "title", true, &m->title, "documents");
    m->tender_clause = load_clause(L, o, "tender_clause");
    m->manager_clause = load_clause(L, o, "manager_clause");
    const cJSON *musts = asx_json_get(o, "must");
    if (!musts)
        return;
    if (!cJSON_IsArray(musts)) {
        asx_json_errf(L->j, L->d, musts, ASX_L("documents.must は配列です", "documents.must must be an array"));
        return;
    }
    m->musts = calloc((size_t)cJSON_GetArraySize(musts) + 1, sizeof *m->musts);
    if (!m->musts)
        return;
    const cJSON *e;
    cJSON_ArrayForEach(e, musts)
    {
        static const char *const mkeys[] = {"clause", "label", NULL};
        if (!cJSON_IsObject(e)) {
            asx_json_errf(L->j, L->d, e, ASX_L("documents.must の要素は {\"clause\", \"label\"} です",
                                               "an element of documents.must is {\"clause\", \"label\"}"));
            continue;
        }
        asx_json_check_keys(L->j, L->d, e, mkeys, "documents.must");
        asx_must_kind *mk = &m->musts[m->nmusts++];
        if (!asx_json_get(e, "clause"))
            asx_json_errf(L->j, L->d, e, ASX_L("documents.must: \"clause\" がありません",
                                               "documents.must: \"clause\" is missing"));
        mk->clause = load_clause(L, e, "clause");
        load_text(L, e, "label", true, &mk->label, "documents.must");
    }
}

/* Each must question's kind, by the first clause it cites (after the questions are loaded). */
static void resolve_must_kinds(asx_bank *b)
{
    for (size_t i = 0; i < b->nquestions; i++) {
        asx_question *q = &b->questions[i];
        for (size_t k = 0; q->nclauses && q->clauses[0] && !q->must_kind && k < b->documents.nmusts; k++)
            if (b->documents.musts[k].clause && clause_under(q->clauses[0], b->documents.musts[k].clause))
                q->must_kind = &b->documents.musts[k].label;
    }
}

static void load_bank_root(loader *L, const cJSON *root)
{
    static const char *const keys[] = {"format", "id", "version", "title", "clause", "documents", "confidentiality",
                                       "sections", "red_flags", "questions", "facts", "consistency", NULL};
    asx_bank *b = L->b;
    if (!cJSON_IsObject(root)) {
        asx_json_errf(L->j, L->d, root, ASX_L("質問票は JSON オブジェクトです", "a bank must be a JSON object"));
        return;
    }
    asx_json_check_keys(L->j, L->d, root, keys, "bank");
    const char *format = asx_json_want_string(L->j, L->d, root, "format", true);
    if (format && strcmp(format, "assess-bank/1") != 0) {
        asx_json_errf(L->j, L->d, asx_json_get(root, "format"),
                      ASX_L("\"format\" は \"assess-bank/1\" です (\"%s\")", "\"format\" must be \"assess-bank/1\", not \"%s\""),
                      format);
        return;
    }
    const char *id = asx_json_want_string(L->j, L->d, root, "id", true);
    if (id && !asx_re_match(ASX_RE_BANK_ID, id))
        asx_json_errf(L->j, L->d, asx_json_get(root, "id"), ASX_L("質問票 ID \"%s\" が不正です", "invalid bank id \"%s\""), id);
    b->id = asx_strdup(id ? id : "?");
    const char *ver = asx_json_want_string(L->j, L->d, root, "version", true);
    if (ver && !asx_re_match(ASX_RE_VERSION, ver))
        asx_json_errf(L->j, L->d, asx_json_get(root, "version"),
                      ASX_L("\"version\" は \"1.0\" の形です", "\"version\" must look like \"1.0\""));
    b->version = asx_strdup(ver ? ver : "?");
    load_text(L, root, "title", true, &b->title, "bank");
    b->clause = asx_strdup(asx_json_want_string(L->j, L->d, root, "clause", true));
    load_documents(L, root);
    const cJSON *conf = asx_json_get(root, "confidentiality");
    b->conf_min = 1;
    b->conf_max = 3;
    if (conf) {
        static const char *const ckeys[] = {"min", "max", NULL};
        asx_json_check_keys(L->j, L->d, conf, ckeys, "confidentiality");
        int lo = get_level(L, conf, "min", 1, 3), hi = get_level(L, conf, "max", 1, 3);
        if (lo)
            b->conf_min = lo;
        if (hi)
            b->conf_max = hi;
        if (b->conf_min > b->conf_max)
            asx_json_errf(L->j, L->d, conf, ASX_L("confidentiality の min が max より大きい", "confidentiality min > max"));
    }

    const cJSON *secs = asx_json_get(root, "sections");
    if (!cJSON_IsArray(secs) || cJSON_GetArraySize(secs) == 0) {
        asx_json_errf(L->j, L->d, secs ? secs : root,
                      ASX_L("\"sections\" (1 個以上) が必要です", "\"sections\" (at least one) is required"));
        return;
    }
    b->sections = calloc((size_t)cJSON_GetArraySize(secs), sizeof *b->sections);
    if (!b->sections)
        return;
    const cJSON *s;
    cJSON_ArrayForEach(s, secs)
    {
        static const char *const skeys[] = {"id", "title", NULL};
        if (!cJSON_IsObject(s)) {
            asx_json_errf(L->j, L->d, s, ASX_L("セクションはオブジェクトです", "a section must be an object"));
            continue;
        }
        asx_json_check_keys(L->j, L->d, s, skeys, "section");
        const char *sid = asx_json_want_string(L->j, L->d, s, "id", true);
        if (sid && !asx_re_match(ASX_RE_SECTION_ID, sid))
            asx_json_errf(L->j, L->d, s, ASX_L("セクション ID \"%s\" が不正です", "invalid section id \"%s\""), sid);
        asx_section *sec = &b->sections[b->nsections++];
        sec->id = asx_strdup(sid ? sid : "?");
        load_text(L, s, "title", true, &sec->title, sec->id);
    }

    const cJSON *qs = asx_json_get(root, "questions");
    if (!cJSON_IsArray(qs) || cJSON_GetArraySize(qs) == 0) {
        asx_json_errf(L->j, L->d, qs ? qs : root,
                      ASX_L("\"questions\" (1 個以上) が必要です", "\"questions\" (at least one) is required"));
        return;
    }
    b->questions = calloc((size_t)cJSON_GetArraySize(qs), sizeof *b->questions);
    if (!b->questions)
        return;
    const cJSON *jq;
    cJSON_ArrayForEach(jq, qs)
    {
        asx_question *q = &b->questions[b->nquestions];
        q->index = b->nquestions;
        load_question(L, jq, q);
        b->nquestions++;
    }

    const cJSON *flags = asx_json_get(root, "red_flags");
    if (flags) {
        if (!cJSON_IsArray(flags)) {
            asx_json_errf(L->j, L->d, flags, ASX_L("\"red_flags\" は配列です", "\"red_flags\" must be an array"));
            return;
        }
        size_t n = (size_t)cJSON_GetArraySize(flags);
        b->flags = calloc(n ? n : 1, sizeof *b->flags);
        if (!b->flags)
            return;
        const cJSON *jf;
        cJSON_ArrayForEach(jf, flags)
        {
            load_flag(L, jf, &b->flags[b->nflags], qs, b->nflags);
            b->nflags++;
        }
    }
    load_facts(L, asx_json_get(root, "facts"));
    load_rules(L, asx_json_get(root, "consistency"));
    resolve_must_kinds(b);
}

/* trusted: data compiled into the binary (checked strictly by the tests), parsed without the
 * strict scanner, which is a third of the start-up of a command. */
static asx_error bank_load(const char *buf, size_t len, const char *file, bool trusted, asx_bank **out,
                           asx_diags *d)
{
    *out = NULL;
    asx_json *j = NULL;
    asx_error err = trusted ? asx_json_parse_trusted(buf, len, file, &j, d) : asx_json_parse(buf, len, file, &j, d);
    if (err)
        return err;
    asx_bank *b = calloc(1, sizeof *b);
    if (!b) {
        asx_json_free(j);
        return ASX_ERR_NOMEM;
    }
    loader L = {j, d, b, d->n};
    load_bank_root(&L, asx_json_root(j));
    asx_json_free(j);
    if (failed(&L)) {
        asx_bank_free(b);
        return d->worst == ASX_ERR_NOMEM ? ASX_ERR_NOMEM : ASX_ERR_DATA;
    }
    *out = b;
    return ASX_OK;
}

asx_error asx_bank_load(const char *buf, size_t len, const char *file, asx_bank **out, asx_diags *d)
{
    return bank_load(buf, len, file, false, out, d);
}

/* ---- bank sets -------------------------------------------------------------------------- */

static asx_error set_put(asx_bankset *set, asx_bank *b)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i]->id, b->id) == 0) {
            asx_bank_free(set->v[i]);
            set->v[i] = b;
            return ASX_OK;
        }
    asx_bank **nv = realloc(set->v, (set->n + 1) * sizeof *nv);
    if (!nv) {
        asx_bank_free(b);
        return ASX_ERR_NOMEM;
    }
    set->v = nv;
    set->v[set->n++] = b;
    return ASX_OK;
}

static const struct {
    const char *id; /* the "id" inside the file, so a lazy set knows it without parsing */
    const char *name;
    const unsigned char *data;
    const size_t *len;
} builtin[] = {
    {"cloud", "<built-in>/cloud.json", asx_data_bank_cloud, &asx_data_bank_cloud_len},
    {"cloud-light", "<built-in>/cloud-light.json", asx_data_bank_cloud_light, &asx_data_bank_cloud_light_len},
    {"outsourcing", "<built-in>/outsourcing.json", asx_data_bank_outsourcing, &asx_data_bank_outsourcing_len},
};

static asx_error builtin_put(asx_bankset *set, size_t i, asx_diags *d)
{
    asx_bank *b = NULL;
    asx_error err = bank_load((const char *)builtin[i].data, *builtin[i].len, builtin[i].name, true, &b, d);
    if (!err)
        err = set_put(set, b);
    return err == ASX_ERR_DATA ? ASX_ERR_INTERNAL : err;
}

asx_error asx_bankset_builtin(asx_bankset *set, asx_diags *d)
{
    set->v = NULL;
    set->n = 0;
    set->lazy = false;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        asx_error err = builtin_put(set, i, d);
        if (err) {
            asx_bankset_free(set);
            return err;
        }
    }
    return ASX_OK;
}

void asx_bankset_builtin_lazy(asx_bankset *set)
{
    set->v = NULL;
    set->n = 0;
    set->lazy = true;
}

static const asx_bank *find_loaded(const asx_bankset *set, const char *id)
{
    for (size_t i = 0; id && i < set->n; i++)
        if (strcmp(set->v[i]->id, id) == 0)
            return set->v[i];
    return NULL;
}

/* A lazy set parses a built-in bank when it is first asked for (a bank from a file of the same
 * id, already in the set, wins); an id that is no built-in one parses all of them, so that the
 * caller's "unknown questionnaire" message lists every bank there is. */
const asx_bank *asx_bankset_find(const asx_bankset *set, const char *id)
{
    const asx_bank *b = find_loaded(set, id);
    if (b || !set->lazy || !id)
        return b;
    asx_bankset *mut = (asx_bankset *)set; /* never a const object: see asx_bankset_builtin_lazy */
    size_t nb = sizeof builtin / sizeof builtin[0], k = 0;
    while (k < nb && strcmp(builtin[k].id, id) != 0)
        k++;
    asx_diags d;
    asx_diags_init(&d);
    for (size_t i = 0; i < nb; i++)
        if ((k == nb || i == k) && !find_loaded(set, builtin[i].id) && builtin_put(mut, i, &d) != ASX_OK)
            break; /* the built-in banks are checked by the tests: only out of memory */
    asx_diags_free(&d);
    if (k == nb)
        mut->lazy = false; /* everything is loaded now */
    return find_loaded(set, id);
}

/* Keep c as *near when it is nearer to key than *best. */
static void nearer(const char *key, const char *c, const char **near, size_t *best)
{
    if (!c)
        return;
    size_t dist = asx_utf8_distance(key, c);
    if (dist < *best) {
        *best = dist;
        *near = c;
    }
}

/* The clause id nearest to key among the bank's clauses, its documents' included (*best: its
 * distance so far). */
static void nearest_in_bank(const asx_bank *b, const char *key, const char **near, size_t *best)
{
    nearer(key, b->clause, near, best);
    nearer(key, b->documents.tender_clause, near, best);
    nearer(key, b->documents.manager_clause, near, best);
    for (size_t i = 0; i < b->nquestions; i++)
        for (size_t k = 0; k < b->questions[i].nclauses; k++)
            nearer(key, b->questions[i].clauses[k], near, best);
}

asx_error asx_bankset_check_policy(const asx_bankset *set, const asx_policy *p, asx_diags *d)
{
    if (!asx_policy_has_clause_numbers(p))
        return ASX_OK;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        asx_bankset_find(set, builtin[i].id); /* parse the built-in banks of a lazy set */
    size_t before = d->n;
    const asx_strmap *m = &p->clause_numbers;
    for (size_t i = 0; i < m->n; i++) {
        const char *key = m->key[i], *near = NULL;
        size_t best = (size_t)-1;
        for (size_t k = 0; asx_policy_cited_clauses[k] && best; k++) {
            size_t dist = asx_utf8_distance(key, asx_policy_cited_clauses[k]);
            if (dist < best) {
                best = dist;
                near = asx_policy_cited_clauses[k];
            }
        }
        for (size_t k = 0; k < set->n && best; k++)
            nearest_in_bank(set->v[k], key, &near, &best);
        if (best == 0)
            continue;
        if (near)
            asx_diags_addf(d, ASX_ERR_DATA, p->file, m->line[i], m->col[i],
                           ASX_L("clause_numbers: \"%s\" はどの質問票の条項 ID でもありません (近いもの: \"%s\")",
                                 "clause_numbers: \"%s\" is no clause id of any questionnaire (nearest: \"%s\")"),
                           key, near);
        else
            asx_diags_addf(d, ASX_ERR_DATA, p->file, m->line[i], m->col[i],
                           ASX_L("clause_numbers: \"%s\" はどの質問票の条項 ID でもありません",
                                 "clause_numbers: \"%s\" is no clause id of any questionnaire"),
                           key);
    }
    return d->n > before ? ASX_ERR_DATA : ASX_OK;
}

asx_error asx_bankset_add_file(asx_bankset *set, const char *path, asx_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    asx_error err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, d);
    if (err)
        return err;
    asx_bank *b = NULL;
    err = asx_bank_load(buf, len, path, &b, d);
    free(buf);
    if (err)
        return err;
    return set_put(set, b);
}

void asx_bankset_free(asx_bankset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        asx_bank_free(set->v[i]);
    free(set->v);
    set->v = NULL;
    set->n = 0;
    set->lazy = false;
}
