/* policy.c - the organisation's thresholds: the compiled-in default and --policy files. */
#include <stdlib.h>
#include <string.h>
#include "asx/country.h"
#include "asx/json.h"
#include "asx/pattern.h"
#include "asx/policy.h"
#include "asx/text.h"
#include "asx/util.h"

extern const unsigned char asx_data_policy_default[];
extern const size_t asx_data_policy_default_len;

static void strlist_free(asx_strlist *l)
{
    asx_strv_free(l->v, l->n);
    l->v = NULL;
    l->n = 0;
}

static void strmap_free(asx_strmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->key[i]);
        free(m->val[i]);
    }
    free(m->key);
    free(m->val);
    free(m->line);
    free(m->col);
    *m = (asx_strmap){0};
}

static void nummap_free(asx_nummap *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->key[i]);
    free(m->key);
    free(m->val);
    *m = (asx_nummap){0};
}

static void bank_blocks_free(asx_policy *p)
{
    for (size_t i = 0; i < p->nbank_blocks; i++) {
        free(p->bank_blocks[i].bank);
        strlist_free(&p->bank_blocks[i].columns);
        strlist_free(&p->bank_blocks[i].consult);
    }
    free(p->bank_blocks);
    p->bank_blocks = NULL;
    p->nbank_blocks = 0;
}

void asx_policy_approval_block(const asx_policy *p, const char *bank, const asx_strlist **columns,
                               const asx_strlist **consult)
{
    *columns = &p->approval_columns;
    *consult = &p->approval_consult;
    for (size_t i = 0; bank && i < p->nbank_blocks; i++)
        if (strcmp(p->bank_blocks[i].bank, bank) == 0) {
            *columns = &p->bank_blocks[i].columns;
            *consult = &p->bank_blocks[i].consult;
        }
}

void asx_policy_free(asx_policy *p)
{
    if (!p)
        return;
    free(p->organization);
    free(p->standard_name);
    free(p->self_reference);
    free(p->file);
    strlist_free(&p->storage);
    strlist_free(&p->processing);
    strlist_free(&p->backup);
    strlist_free(&p->approval_columns);
    strlist_free(&p->approval_consult);
    bank_blocks_free(p);
    strmap_free(&p->clause_numbers);
    nummap_free(&p->evaluation_points);
    free(p->reporting_min);
    free(p->restore_test_min);
    free(p);
}

bool asx_strlist_has(const asx_strlist *l, const char *s)
{
    for (size_t i = 0; s && i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

const char *asx_rule_name(asx_rule r)
{
    switch (r) {
    case ASX_RULE_KNOCKOUT: return "knockout";
    case ASX_RULE_MAJOR: return "major";
    case ASX_RULE_MINOR: return "minor";
    }
    return "?";
}

const char *asx_policy_clause_local(const asx_policy *p, const char *clause)
{
    for (size_t i = 0; p && clause && i < p->clause_numbers.n; i++)
        if (strcmp(p->clause_numbers.key[i], clause) == 0)
            return p->clause_numbers.val[i];
    return NULL;
}

/* Whether the joined list in b already holds one (as a whole item). */
static bool list_has(const asx_buf *b, const char *one)
{
    const char *s = asx_buf_str(b);
    size_t n = strlen(one);
    for (const char *at = strstr(s, one); at; at = strstr(at + 1, one))
        if ((at == s || (at - s >= 2 && at[-2] == ',' && at[-1] == ' ')) && (at[n] == '\0' || strncmp(at + n, ", ", 2) == 0))
            return true;
    return false;
}

char *asx_policy_clauses_local(const asx_policy *p, const char *clauses)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    const char *s = clauses ? clauses : "";
    for (;;) {
        const char *end = strstr(s, ", ");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        char *one = asx_strndup(s, n);
        if (!one) {
            asx_buf_free(&b);
            return NULL;
        }
        const char *local = asx_policy_clause_local(p, one);
        const char *shown = local ? local : one;
        if (!list_has(&b, shown)) {
            if (asx_buf_str(&b)[0])
                asx_buf_adds(&b, ", ");
            asx_buf_adds(&b, shown);
        }
        free(one);
        if (!end)
            break;
        s = end + 2;
    }
    return asx_buf_take(&b);
}

bool asx_policy_has_clause_numbers(const asx_policy *p)
{
    return p && p->clause_numbers.n > 0;
}

const char *const asx_policy_cited_clauses[] = {
    "11-1(1)",            /* spec: the tender clause of 業務委託 (questionnaires/procurement.c) */
    "11-1(3)", "12-1(4)", /* the review interval (scoring), the register's renewals */
    "11-1(3)①",           /* the oversight of a contractor, in place of a manager (scoring) */
    "11-1(3)②", "12-1",   /* the register's report to the CISO (register/reg_report.c) */
    "11-2(4)③",           /* the external service manager's designation (scoring) */
    "11-2(5)①", "11-2(6)①", "11-2(7)①", /* the lifecycle checklists (register/checklist.c) */
    "11-2(5)②", "11-2(5)③", "11-2(6)③", "11-2(6)④", "11-2(7)②", "11-2(7)③", /* the checks' duties */
    NULL};

/* The dash variants people (and the reference text: 「11―2」) type in a clause id. */
static const unsigned DASHES[] = {0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x30FC, 0xFF0D, 0xFF70};

char *asx_clause_normalize(const char *s)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned cp = 0;
        size_t n = asx_utf8_next(s + i, len - i, &cp);
        if (!n)
            n = 1;
        bool dash = false;
        for (size_t k = 0; k < sizeof DASHES / sizeof DASHES[0]; k++)
            dash = dash || cp == DASHES[k];
        if (dash)
            asx_buf_adds(&b, "-");
        else
            asx_buf_addf(&b, "%.*s", (int)n, s + i);
        i += n;
    }
    return asx_buf_take(&b);
}

/* The code points of s (at most max; *n set). */
static size_t code_points(const char *s, unsigned *out, size_t max)
{
    size_t len = strlen(s), n = 0;
    for (size_t i = 0; i < len && n < max;) {
        unsigned cp = 0;
        size_t k = asx_utf8_next(s + i, len - i, &cp);
        out[n++] = k ? cp : (unsigned char)s[i];
        i += k ? k : 1;
    }
    return n;
}

size_t asx_utf8_distance(const char *a, const char *b)
{
    enum { MAX = 256 };
    unsigned x[MAX], y[MAX];
    size_t m = code_points(a, x, MAX), n = code_points(b, y, MAX);
    size_t row[MAX + 1];
    for (size_t j = 0; j <= n; j++)
        row[j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j];
            size_t best = diag + (x[i - 1] != y[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[n];
}

/* The words 11-2 and the organisations' own standards use for themselves (SPEC §8.3). */
static const char *const SELF_REFERENCES[] = {"本市", "本町", "本村", "本組合", "本団体", NULL};

const char *asx_policy_self_reference(const asx_policy *p, asx_lang lang)
{
    if (lang == ASX_LANG_EN)
        return "the organisation";
    return p && p->self_reference && *p->self_reference ? p->self_reference : "本団体";
}

const char *asx_policy_org_name(const asx_policy *p, asx_lang lang)
{
    return p && p->organization && *p->organization ? p->organization : asx_policy_self_reference(p, lang);
}

bool asx_policy_evaluation_points(const asx_policy *p, const char *section, double *out)
{
    for (size_t i = 0; p && section && i < p->evaluation_points.n; i++)
        if (strcmp(p->evaluation_points.key[i], section) == 0) {
            *out = p->evaluation_points.val[i];
            return true;
        }
    return false;
}

static double *level_pair(asx_policy *p, const char *key)
{
    if (strcmp(key, "availability_percent_min") == 0)
        return p->availability_percent_min;
    if (strcmp(key, "rto_hours_max") == 0)
        return p->rto_hours_max;
    if (strcmp(key, "rpo_hours_max") == 0)
        return p->rpo_hours_max;
    return NULL;
}

bool asx_policy_is_threshold_key(const char *key)
{
    return key && (strcmp(key, "availability_percent_min") == 0 || strcmp(key, "rto_hours_max") == 0 ||
                   strcmp(key, "rpo_hours_max") == 0 ||
                   strcmp(key, "incident_notification_hours_max") == 0 ||
                   strcmp(key, "backup_interval_hours_max") == 0 ||
                   strcmp(key, "discontinuation_notice_months_min") == 0);
}

bool asx_policy_is_choice_key(const char *key)
{
    return key && (strcmp(key, "reporting_min") == 0 || strcmp(key, "restore_test_min") == 0);
}

const char *asx_policy_choice_min(const asx_policy *p, const char *key)
{
    if (!key)
        return NULL;
    if (strcmp(key, "reporting_min") == 0)
        return p->reporting_min;
    if (strcmp(key, "restore_test_min") == 0)
        return p->restore_test_min;
    return NULL;
}

bool asx_policy_threshold(const asx_policy *p, const char *key, int availability, double *out)
{
    if (!key)
        return false;
    if (strcmp(key, "incident_notification_hours_max") == 0) {
        *out = p->incident_notification_hours_max;
        return true;
    }
    if (strcmp(key, "backup_interval_hours_max") == 0) {
        *out = p->backup_interval_hours_max;
        return true;
    }
    if (strcmp(key, "discontinuation_notice_months_min") == 0) {
        *out = p->discontinuation_notice_months_min;
        return true;
    }
    double *pair = level_pair((asx_policy *)p, key);
    if (!pair)
        return false;
    *out = pair[availability >= 2 ? 1 : 0];
    return true;
}

static void load_countries(const asx_json *j, asx_diags *d, const cJSON *v, const char *key, asx_strlist *out)
{
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
        asx_json_errf(j, d, v, ASX_L("allowed_countries.%s は国コードの配列 (1 個以上) です",
                                     "allowed_countries.%s must be a non-empty array of country codes"), key);
        return;
    }
    strlist_free(out);
    out->v = calloc((size_t)cJSON_GetArraySize(v), sizeof *out->v);
    if (!out->v)
        return;
    const cJSON *c;
    cJSON_ArrayForEach(c, v)
    {
        if (!cJSON_IsString(c) || !asx_country_valid(c->valuestring)) {
            char what[80];
            asx_json_describe(c, what, sizeof what);
            asx_json_errf(j, d, c, ASX_L("allowed_countries.%s: ISO 3166-1 の 2 文字国コードではありません: %s",
                                         "allowed_countries.%s: not an ISO 3166-1 alpha-2 code: %s"), key, what);
            continue;
        }
        out->v[out->n++] = asx_strdup(c->valuestring);
    }
}

static void load_country(const asx_json *j, asx_diags *d, const cJSON *root, const char *key, char out[3])
{
    const cJSON *v = asx_json_get(root, key);
    if (!v)
        return;
    if (!cJSON_IsString(v) || !asx_country_valid(v->valuestring)) {
        char what[80];
        asx_json_describe(v, what, sizeof what);
        asx_json_errf(j, d, v, ASX_L("%s: ISO 3166-1 の 2 文字国コードではありません: %s",
                                     "%s: not an ISO 3166-1 alpha-2 code: %s"), key, what);
        return;
    }
    memcpy(out, v->valuestring, 3);
}

static void load_number(const asx_json *j, asx_diags *d, const cJSON *obj, const char *key, const char *name,
                        double lo, double hi, double *out)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v)
        return;
    if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi) {
        char what[80];
        asx_json_describe(v, what, sizeof what);
        asx_json_errf(j, d, v, ASX_L("%s: %g から %g の数値を指定してください (%s)",
                                     "%s: expected a number from %g to %g, got %s"), name, lo, hi, what);
        return;
    }
    *out = v->valuedouble;
}

static void load_pair(const asx_json *j, asx_diags *d, const cJSON *root, const char *key, double hi,
                      double pair[2])
{
    const cJSON *v = asx_json_get(root, key);
    if (!v)
        return;
    if (!cJSON_IsObject(v)) {
        asx_json_errf(j, d, v, ASX_L("%s は {\"A1\": 数値, \"A2\": 数値} です", "%s must be {\"A1\": number, \"A2\": number}"),
                      key);
        return;
    }
    static const char *const keys[] = {"A1", "A2", NULL};
    asx_json_check_keys(j, d, v, keys, key);
    char name[64];
    snprintf(name, sizeof name, "%s.A1", key);
    load_number(j, d, v, "A1", name, 0, hi, &pair[0]);
    snprintf(name, sizeof name, "%s.A2", key);
    load_number(j, d, v, "A2", name, 0, hi, &pair[1]);
}

static void load_rule(const asx_json *j, asx_diags *d, const cJSON *root, const char *key, asx_rule *out)
{
    const cJSON *v = asx_json_get(root, key);
    if (!v)
        return;
    static const asx_rule rules[] = {ASX_RULE_KNOCKOUT, ASX_RULE_MAJOR, ASX_RULE_MINOR};
    for (size_t i = 0; cJSON_IsString(v) && i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(v->valuestring, asx_rule_name(rules[i])) == 0) {
            *out = rules[i];
            return;
        }
    char what[80];
    asx_json_describe(v, what, sizeof what);
    asx_json_errf(j, d, v, ASX_L("%s は \"knockout\"、\"major\"、\"minor\" のいずれかです (%s)",
                                 "%s must be \"knockout\", \"major\" or \"minor\", not %s"), key, what);
}

#define BOX_MAX_BYTES 200

/* A name the policy gives (the organisation, a stamp box, a clause number): a string under the
 * rule of every name (asx_text_check: one line, no control or noncharacter, at most
 * ASX_MAX_NAME_CHARS), non-empty unless may_be_empty, and at most max_bytes when that is not 0
 * (a stamp box or a clause number must fit its box: 200 bytes, about 66 kanji). */
static bool policy_name(const asx_json *j, asx_diags *d, const cJSON *v, const char *name, bool may_be_empty,
                        size_t max_bytes)
{
    if (!cJSON_IsString(v) || (!may_be_empty && !v->valuestring[0]) ||
        (max_bytes && strlen(v->valuestring) > max_bytes)) {
        char what[80];
        asx_json_describe(v, what, sizeof what);
        if (max_bytes)
            asx_json_errf(j, d, v, ASX_L("%s: 1〜%zu バイトの文字列を指定してください (%s)",
                                         "%s: expected a string of 1 to %zu bytes, got %s"), name, max_bytes, what);
        else
            asx_json_errf(j, d, v, ASX_L("%s: 文字列を指定してください (%s)", "%s: expected a string, got %s"), name,
                          what);
        return false;
    }
    asx_buf msg = {0};
    if (asx_text_ok(v->valuestring, false, &msg))
        return true;
    asx_json_errf(j, d, v, "%s: %s", name, asx_buf_str(&msg));
    asx_buf_free(&msg);
    return false;
}

/* The boxes one row of an A4 起案 sheet holds (asx_pdf_stamp_row draws at most 8): more would be
 * dropped from the 決裁欄 without a word, so the policy refuses them. */
#define STAMP_BOXES_MAX 8

static void load_names(const asx_json *j, asx_diags *d, const cJSON *v, const char *name, size_t min,
                       asx_strlist *out)
{
    if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) < min || cJSON_GetArraySize(v) > STAMP_BOXES_MAX) {
        asx_json_errf(j, d, v,
                      ASX_L("%s は %zu〜%d 個の文字列の配列です (起案用紙の 1 行に並ぶ欄の数)",
                            "%s must be an array of %zu to %d strings (the boxes one row of the 起案 sheet holds)"),
                      name, min, STAMP_BOXES_MAX);
        return;
    }
    strlist_free(out);
    out->v = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *out->v);
    if (!out->v)
        return;
    const cJSON *c;
    cJSON_ArrayForEach(c, v)
    {
        if (policy_name(j, d, c, name, false, BOX_MAX_BYTES))
            out->v[out->n++] = asx_strdup(c->valuestring);
    }
}

/* The object at root[key], or NULL when the key is absent or (reported with what: how the
 * object looks) not an object. */
static const cJSON *object_key(const asx_json *j, asx_diags *d, const cJSON *root, const char *key,
                               const char *what)
{
    const cJSON *v = asx_json_get(root, key);
    if (v && !cJSON_IsObject(v)) {
        asx_json_errf(j, d, v, "%s", what);
        return NULL;
    }
    return v;
}

static void load_approval_block(const asx_json *j, asx_diags *d, const cJSON *root, asx_policy *p)
{
    const cJSON *v = object_key(j, d, root, "approval_block", ASX_L("approval_block は {\"columns\": […], \"consult\": […]} です",
                                                           "approval_block must be {\"columns\": […], \"consult\": […]}"));
    if (!v)
        return;
    static const char *const keys[] = {"columns", "consult", NULL};
    if (asx_json_get(v, "columns") || asx_json_get(v, "consult")) {
        /* one block for every bank: it replaces the per-bank blocks of the default */
        asx_json_check_keys(j, d, v, keys, "approval_block");
        bank_blocks_free(p);
        if (asx_json_get(v, "columns"))
            load_names(j, d, asx_json_get(v, "columns"), "approval_block.columns", 1, &p->approval_columns);
        if (asx_json_get(v, "consult"))
            load_names(j, d, asx_json_get(v, "consult"), "approval_block.consult", 0, &p->approval_consult);
        return;
    }
    /* SPEC v3 §8.2: {"cloud": {"columns": …, "consult": …}, "cloud-light": {…}, …}; a bank given
     * replaces that bank's block */
    const cJSON *b;
    cJSON_ArrayForEach(b, v)
    {
        char name[96];
        snprintf(name, sizeof name, "approval_block.%s", b->string);
        if (!cJSON_IsObject(b) || !*b->string) {
            asx_json_errf(j, d, b, ASX_L("%s は {\"columns\": […], \"consult\": […]} です",
                                         "%s must be {\"columns\": […], \"consult\": […]}"), name);
            continue;
        }
        asx_json_check_keys(j, d, b, keys, name);
        struct asx_bank_block *blk = NULL;
        for (size_t i = 0; i < p->nbank_blocks && !blk; i++)
            if (strcmp(p->bank_blocks[i].bank, b->string) == 0)
                blk = &p->bank_blocks[i];
        if (!blk) {
            struct asx_bank_block *nv = realloc(p->bank_blocks, (p->nbank_blocks + 1) * sizeof *nv);
            if (!nv)
                return;
            p->bank_blocks = nv;
            blk = &nv[p->nbank_blocks++];
            memset(blk, 0, sizeof *blk);
            blk->bank = asx_strdup(b->string);
        }
        char sub[128];
        snprintf(sub, sizeof sub, "%s.columns", name);
        load_names(j, d, asx_json_get(b, "columns") ? asx_json_get(b, "columns") : b, sub, 1, &blk->columns);
        if (asx_json_get(b, "consult")) {
            snprintf(sub, sizeof sub, "%s.consult", name);
            load_names(j, d, asx_json_get(b, "consult"), sub, 0, &blk->consult);
        } else {
            strlist_free(&blk->consult);
        }
    }
}

static void load_clause_numbers(const asx_json *j, asx_diags *d, const cJSON *root, asx_policy *p)
{
    const cJSON *v = object_key(j, d, root, "clause_numbers", ASX_L("clause_numbers は {\"11-2(2)⑦\": \"団体の条番号\", …} です",
                                                           "clause_numbers must be {\"11-2(2)⑦\": \"your clause number\", …}"));
    if (!v)
        return;
    size_t n = (size_t)cJSON_GetArraySize(v);
    asx_strmap *m = &p->clause_numbers;
    strmap_free(m);
    m->key = calloc(n + 1, sizeof *m->key);
    m->val = calloc(n + 1, sizeof *m->val);
    m->line = calloc(n + 1, sizeof *m->line);
    m->col = calloc(n + 1, sizeof *m->col);
    if (!m->key || !m->val || !m->line || !m->col)
        return;
    const cJSON *c;
    cJSON_ArrayForEach(c, v)
    {
        if (!c->string[0] || strlen(c->string) > 200 || strstr(c->string, ", ")) {
            asx_json_errf(j, d, c, ASX_L("clause_numbers: 条番号 \"%s\" は 1〜200 バイトの 1 つの条項です",
                                         "clause_numbers: clause \"%s\" must be one clause of 1 to 200 bytes"),
                          c->string);
            continue;
        }
        if (!policy_name(j, d, c, "clause_numbers", false, BOX_MAX_BYTES))
            continue;
        /* 「11―2(2)⑦」 (the reference text's own dash) is read as 「11-2(2)⑦」 */
        char *key = asx_clause_normalize(c->string);
        if (!key)
            return;
        if (asx_policy_clause_local(p, key)) {
            asx_json_errf(j, d, c, ASX_L("clause_numbers: 条項 \"%s\" が 2 回あります (\"%s\")",
                                         "clause_numbers: clause \"%s\" is given twice (\"%s\")"),
                          key, c->string);
            free(key);
            continue;
        }
        asx_json_pos(j, c, &m->line[m->n], &m->col[m->n]);
        m->key[m->n] = key;
        m->val[m->n++] = asx_strdup(c->valuestring);
    }
}

static void load_evaluation_points(const asx_json *j, asx_diags *d, const cJSON *root, asx_policy *p)
{
    const cJSON *v = object_key(j, d, root, "evaluation_points", ASX_L("evaluation_points は {\"セクション id\": 配点, …} です",
                                                           "evaluation_points must be {\"section id\": points, …}"));
    if (!v)
        return;
    size_t n = (size_t)cJSON_GetArraySize(v);
    asx_nummap *m = &p->evaluation_points;
    nummap_free(m);
    m->key = calloc(n + 1, sizeof *m->key);
    m->val = calloc(n + 1, sizeof *m->val);
    if (!m->key || !m->val)
        return;
    const cJSON *c;
    cJSON_ArrayForEach(c, v)
    {
        double pts = -1;
        char name[96];
        snprintf(name, sizeof name, "evaluation_points.%.60s", c->string);
        load_number(j, d, v, c->string, name, 0, 1000, &pts);
        if (pts < 0)
            continue;
        m->key[m->n] = asx_strdup(c->string);
        m->val[m->n++] = pts;
    }
}

/* An option value of a choice question ([a-z0-9_]); the bank's options are checked when scoring. */
static void load_option_key(const asx_json *j, asx_diags *d, const cJSON *root, const char *key, char **out)
{
    const cJSON *v = asx_json_get(root, key);
    if (!v)
        return;
    if (!cJSON_IsString(v) || !asx_re_match(ASX_RE_OPTION, v->valuestring)) {
        char what[80];
        asx_json_describe(v, what, sizeof what);
        asx_json_errf(j, d, v, ASX_L("%s: 選択肢の値 (英小文字・数字・_) を指定してください (%s)",
                                     "%s: expected an option value (lowercase [a-z0-9_]), got %s"), key, what);
        return;
    }
    free(*out);
    *out = asx_strdup(v->valuestring);
}

/* Apply the keys given in buf over p. */
static asx_error apply(asx_policy *p, const char *buf, size_t len, const char *file, bool trusted, asx_diags *d)
{
    static const char *const keys[] = {
        "format", "organization", "standard_name", "self_reference", "allowed_countries", "governing_law", "jurisdiction",
        "availability_percent_min", "rto_hours_max", "rpo_hours_max", "incident_notification_hours_max",
        "approve_threshold", "conditional_threshold", "review_interval_months", "location_rule", "law_rule", "byok_rule",
        "clause_numbers", "approval_block", "review_basis", "condition_due_days", "evaluation_points",
        "backup_interval_hours_max", "discontinuation_notice_months_min", "reporting_min", "restore_test_min", NULL};
    asx_json *j = NULL;
    asx_error err = trusted ? asx_json_parse_trusted(buf, len, file, &j, d) : asx_json_parse(buf, len, file, &j, d);
    if (err)
        return err;
    size_t before = d->n;
    const cJSON *root = asx_json_root(j);
    if (!cJSON_IsObject(root)) {
        asx_json_errf(j, d, root, ASX_L("ポリシーは JSON オブジェクトです", "a policy must be a JSON object"));
        goto done;
    }
    asx_json_check_keys(j, d, root, keys, "policy");
    const char *format = asx_json_want_string(j, d, root, "format", true);
    if (format && strcmp(format, "assess-policy/1") != 0)
        asx_json_errf(j, d, asx_json_get(root, "format"),
                      ASX_L("\"format\" は \"assess-policy/1\" です (\"%s\")", "\"format\" must be \"assess-policy/1\", not \"%s\""),
                      format);
    const char *org = asx_json_want_string(j, d, root, "organization", false);
    if (org && !policy_name(j, d, asx_json_get(root, "organization"), "organization", true, 0))
        org = NULL;
    if (org) {
        free(p->organization);
        p->organization = asx_strdup(org);
    }
    const char *std = asx_json_want_string(j, d, root, "standard_name", false);
    if (std && !policy_name(j, d, asx_json_get(root, "standard_name"), "standard_name", false, BOX_MAX_BYTES))
        std = NULL;
    if (std) {
        free(p->standard_name);
        p->standard_name = asx_strdup(std);
    }
    const char *self = asx_json_want_string(j, d, root, "self_reference", false);
    if (self) {
        size_t k = 0;
        while (SELF_REFERENCES[k] && strcmp(SELF_REFERENCES[k], self) != 0)
            k++;
        if (!SELF_REFERENCES[k]) {
            asx_buf words = {0};
            for (size_t w = 0; SELF_REFERENCES[w]; w++) {
                if (w)
                    asx_buf_adds(&words, ASX_L("、", ", "));
                asx_buf_adds(&words, SELF_REFERENCES[w]);
            }
            asx_json_errf(j, d, asx_json_get(root, "self_reference"),
                          ASX_L("self_reference: %s のいずれかを指定してください (\"%s\")",
                                "self_reference: expected one of %s, got \"%s\""),
                          asx_buf_str(&words), self);
            asx_buf_free(&words);
        } else {
            free(p->self_reference);
            p->self_reference = asx_strdup(self);
        }
    }
    const cJSON *ac = asx_json_get(root, "allowed_countries");
    if (ac) {
        static const char *const ckeys[] = {"storage", "processing", "backup", NULL};
        if (!cJSON_IsObject(ac)) {
            asx_json_errf(j, d, ac, ASX_L("allowed_countries は {\"storage\": […], \"processing\": […], \"backup\": […]} です",
                                          "allowed_countries must be {\"storage\": […], \"processing\": […], \"backup\": […]}"));
        } else {
            asx_json_check_keys(j, d, ac, ckeys, "allowed_countries");
            if (asx_json_get(ac, "storage"))
                load_countries(j, d, asx_json_get(ac, "storage"), "storage", &p->storage);
            if (asx_json_get(ac, "processing"))
                load_countries(j, d, asx_json_get(ac, "processing"), "processing", &p->processing);
            if (asx_json_get(ac, "backup"))
                load_countries(j, d, asx_json_get(ac, "backup"), "backup", &p->backup);
        }
    }
    load_country(j, d, root, "governing_law", p->governing_law);
    load_country(j, d, root, "jurisdiction", p->jurisdiction);
    load_pair(j, d, root, "availability_percent_min", 100, p->availability_percent_min);
    load_pair(j, d, root, "rto_hours_max", 24 * 365, p->rto_hours_max);
    load_pair(j, d, root, "rpo_hours_max", 24 * 365, p->rpo_hours_max);
    load_number(j, d, root, "incident_notification_hours_max", "incident_notification_hours_max", 0, 24 * 30,
                &p->incident_notification_hours_max);
    load_number(j, d, root, "approve_threshold", "approve_threshold", 0, 100, &p->approve_threshold);
    load_number(j, d, root, "conditional_threshold", "conditional_threshold", 0, 100, &p->conditional_threshold);
    double months = p->review_interval_months;
    load_number(j, d, root, "review_interval_months", "review_interval_months", 1, 60, &months);
    if (months != (double)(int)months)
        asx_json_errf(j, d, asx_json_get(root, "review_interval_months"),
                      ASX_L("review_interval_months は整数です", "review_interval_months must be an integer"));
    p->review_interval_months = (int)months;
    load_rule(j, d, root, "location_rule", &p->location_rule);
    load_rule(j, d, root, "byok_rule", &p->byok_rule);
    if (p->byok_rule == ASX_RULE_KNOCKOUT) /* SPEC v3 §8.2: BYOK is at most org */
        asx_json_errf(j, d, asx_json_get(root, "byok_rule"),
                      ASX_L("byok_rule は \"major\" か \"minor\" です (利用者管理の鍵は 11-2(7)③ の方法の一つにすぎず、必須条件にはできません)",
                            "byok_rule must be \"major\" or \"minor\" (customer-managed keys are one method of 11-2(7)③, never a knockout)"));
    load_rule(j, d, root, "law_rule", &p->law_rule);
    load_clause_numbers(j, d, root, p);
    load_approval_block(j, d, root, p);
    const cJSON *rb = asx_json_get(root, "review_basis");
    if (rb) {
        if (cJSON_IsString(rb) && strcmp(rb->valuestring, "months") == 0)
            p->review_basis = ASX_REVIEW_MONTHS;
        else if (cJSON_IsString(rb) && strcmp(rb->valuestring, "fiscal_year") == 0)
            p->review_basis = ASX_REVIEW_FISCAL_YEAR;
        else
            asx_json_errf(j, d, rb, ASX_L("review_basis は \"months\" または \"fiscal_year\" です",
                                          "review_basis must be \"months\" or \"fiscal_year\""));
    }
    double due_days = p->condition_due_days;
    load_number(j, d, root, "condition_due_days", "condition_due_days", 1, 365, &due_days);
    if (due_days != (double)(int)due_days)
        asx_json_errf(j, d, asx_json_get(root, "condition_due_days"),
                      ASX_L("condition_due_days は整数です", "condition_due_days must be an integer"));
    p->condition_due_days = (int)due_days;
    load_evaluation_points(j, d, root, p);
    load_number(j, d, root, "backup_interval_hours_max", "backup_interval_hours_max", 0, 24 * 365,
                &p->backup_interval_hours_max);
    load_number(j, d, root, "discontinuation_notice_months_min", "discontinuation_notice_months_min", 0, 120,
                &p->discontinuation_notice_months_min);
    load_option_key(j, d, root, "reporting_min", &p->reporting_min);
    load_option_key(j, d, root, "restore_test_min", &p->restore_test_min);
    if (p->conditional_threshold > p->approve_threshold)
        asx_json_errf(j, d, root, ASX_L("conditional_threshold (%g) が approve_threshold (%g) を超えています",
                                        "conditional_threshold (%g) is above approve_threshold (%g)"),
                      p->conditional_threshold, p->approve_threshold);
done:
    asx_json_free(j);
    return d->n > before ? ASX_ERR_DATA : ASX_OK;
}

asx_error asx_policy_default(asx_policy **out, asx_diags *d)
{
    *out = NULL;
    asx_policy *p = calloc(1, sizeof *p);
    if (!p)
        return ASX_ERR_NOMEM;
    asx_error err = apply(p, (const char *)asx_data_policy_default, asx_data_policy_default_len,
                          "<built-in>/policy-default.json", true, d);
    if (err) {
        asx_policy_free(p);
        return err == ASX_ERR_DATA ? ASX_ERR_INTERNAL : err;
    }
    *out = p;
    return ASX_OK;
}

asx_error asx_policy_load(const char *buf, size_t len, const char *file, asx_policy **out, asx_diags *d)
{
    asx_policy *p = NULL;
    asx_error err = asx_policy_default(&p, d);
    if (err)
        return err;
    err = apply(p, buf, len, file, false, d);
    if (!err && file && !(p->file = asx_strdup(file)))
        err = ASX_ERR_NOMEM;
    if (err) {
        asx_policy_free(p);
        return err;
    }
    *out = p;
    return ASX_OK;
}

static cJSON *strlist_json(const asx_strlist *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < l->n; i++) {
        cJSON *s = cJSON_CreateString(l->v[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *pair_json(const double v[2])
{
    cJSON *o = cJSON_CreateObject();
    if (o && (!cJSON_AddNumberToObject(o, "A1", v[0]) || !cJSON_AddNumberToObject(o, "A2", v[1]))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* Add item to o under key; false (item freed) when it is NULL or cannot be added. */
static bool add(cJSON *o, const char *key, cJSON *item)
{
    if (item && cJSON_AddItemToObject(o, key, item))
        return true;
    cJSON_Delete(item);
    return false;
}

char *asx_policy_to_json(const asx_policy *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    bool ok = cJSON_AddStringToObject(o, "format", "assess-policy/1") &&
              cJSON_AddStringToObject(o, "organization", p->organization ? p->organization : "") &&
              cJSON_AddStringToObject(o, "standard_name", p->standard_name) &&
              cJSON_AddStringToObject(o, "self_reference", asx_policy_self_reference(p, ASX_LANG_JA));
    cJSON *ac = ok ? cJSON_CreateObject() : NULL;
    ok = ok && add(o, "allowed_countries", ac) && add(ac, "storage", strlist_json(&p->storage)) &&
         add(ac, "processing", strlist_json(&p->processing)) && add(ac, "backup", strlist_json(&p->backup)) &&
         cJSON_AddStringToObject(o, "governing_law", p->governing_law) &&
         cJSON_AddStringToObject(o, "jurisdiction", p->jurisdiction) &&
         add(o, "availability_percent_min", pair_json(p->availability_percent_min)) &&
         add(o, "rto_hours_max", pair_json(p->rto_hours_max)) && add(o, "rpo_hours_max", pair_json(p->rpo_hours_max)) &&
         cJSON_AddNumberToObject(o, "incident_notification_hours_max", p->incident_notification_hours_max) &&
         cJSON_AddNumberToObject(o, "approve_threshold", p->approve_threshold) &&
         cJSON_AddNumberToObject(o, "conditional_threshold", p->conditional_threshold) &&
         cJSON_AddNumberToObject(o, "review_interval_months", p->review_interval_months) &&
         cJSON_AddStringToObject(o, "location_rule", asx_rule_name(p->location_rule)) &&
         cJSON_AddStringToObject(o, "law_rule", asx_rule_name(p->law_rule)) &&
         cJSON_AddStringToObject(o, "byok_rule", asx_rule_name(p->byok_rule));
    cJSON *cn = ok ? cJSON_CreateObject() : NULL;
    ok = ok && add(o, "clause_numbers", cn);
    for (size_t i = 0; ok && i < p->clause_numbers.n; i++)
        ok = cJSON_AddStringToObject(cn, p->clause_numbers.key[i], p->clause_numbers.val[i]) != NULL;
    /* one stamp row for every bank, or a row per bank (SPEC v3 §8.2), as the policy gives it */
    cJSON *ab = ok ? cJSON_CreateObject() : NULL;
    ok = ok && add(o, "approval_block", ab);
    if (p->approval_columns.n || !p->nbank_blocks) {
        ok = ok && add(ab, "columns", strlist_json(&p->approval_columns)) &&
             add(ab, "consult", strlist_json(&p->approval_consult));
    }
    for (size_t i = 0; ok && !p->approval_columns.n && i < p->nbank_blocks; i++) {
        cJSON *bb = cJSON_CreateObject();
        ok = add(ab, p->bank_blocks[i].bank, bb) && add(bb, "columns", strlist_json(&p->bank_blocks[i].columns)) &&
             add(bb, "consult", strlist_json(&p->bank_blocks[i].consult));
    }
    ok = ok && cJSON_AddStringToObject(o, "review_basis", p->review_basis == ASX_REVIEW_FISCAL_YEAR ? "fiscal_year" : "months") &&
         cJSON_AddNumberToObject(o, "condition_due_days", p->condition_due_days);
    cJSON *ep = ok ? cJSON_CreateObject() : NULL;
    ok = ok && add(o, "evaluation_points", ep);
    for (size_t i = 0; ok && i < p->evaluation_points.n; i++)
        ok = cJSON_AddNumberToObject(ep, p->evaluation_points.key[i], p->evaluation_points.val[i]) != NULL;
    ok = ok && cJSON_AddNumberToObject(o, "backup_interval_hours_max", p->backup_interval_hours_max) &&
         cJSON_AddNumberToObject(o, "discontinuation_notice_months_min", p->discontinuation_notice_months_min) &&
         cJSON_AddStringToObject(o, "reporting_min", p->reporting_min ? p->reporting_min : "") &&
         cJSON_AddStringToObject(o, "restore_test_min", p->restore_test_min ? p->restore_test_min : "");
    char *text = ok ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    return text;
}
