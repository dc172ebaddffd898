/* answers.c - loading a vendor's answers and checking them against their bank. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "asx/answers.h"
#include "asx/xlsx_import.h"
#include "asx/country.h"
#include "asx/io.h"
#include "asx/json.h"
#include "asx/pattern.h"
#include "asx/text.h"
#include "asx/util.h"

const char *asx_purpose_name(asx_purpose p)
{
    switch (p) {
    case ASX_PURPOSE_PROCUREMENT: return "procurement";
    case ASX_PURPOSE_APPROVAL: return "approval";
    case ASX_PURPOSE_REAUDIT: return "reaudit";
    }
    return "?";
}

const char *asx_purpose_label(asx_purpose p, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    switch (p) {
    case ASX_PURPOSE_PROCUREMENT: return en ? "Procurement" : "調達 (入札比較)";
    case ASX_PURPOSE_APPROVAL: return en ? "Approval of use" : "利用承認";
    case ASX_PURPOSE_REAUDIT: return en ? "Annual re-audit" : "年次再監査";
    }
    return "?";
}

void asx_class_format(asx_class c, asx_lang l, char *buf, size_t size)
{
    if (l == ASX_LANG_EN)
        snprintf(buf, size, "Confidentiality %d / Integrity %d / Availability %d", c.c, c.i, c.a);
    else
        snprintf(buf, size, "機密性%d・完全性%d・可用性%d", c.c, c.i, c.a);
}

bool asx_corporate_number_valid(const char *s)
{
    if (!asx_re_match(ASX_RE_CORPNUM, s))
        return false;
    /* 法人番号: the first digit checks the other twelve; digits counted from the right
     * (i = 1 for the last one) weigh 1 when i is odd and 2 when it is even. */
    int sum = 0;
    for (int i = 1; i <= 12; i++) {
        int digit = s[13 - i] - '0';
        sum += digit * (i % 2 ? 1 : 2);
    }
    return s[0] - '0' == 9 - sum % 9;
}

static void answer_clear(asx_answer *a)
{
    free(a->str);
    asx_strv_free(a->strs, a->nstrs);
    free(a->items); /* item values freed by the caller that knows the field count */
    free(a->comment);
    asx_strv_free(a->evidence, a->nevidence);
    free(a->source);
    memset(a, 0, sizeof *a);
}

void asx_answers_free(asx_answers *a)
{
    if (!a)
        return;
    if (a->a && a->bank) {
        for (size_t i = 0; i < a->bank->nquestions; i++) {
            asx_answer *x = &a->a[i];
            for (size_t k = 0; k < x->nitems; k++)
                asx_strv_free(x->items[k].values, a->bank->questions[i].nfields);
            answer_clear(x);
        }
    }
    free(a->a);
    for (size_t i = 0; i < a->nextra; i++) {
        free(a->extra[i].id);
        free(a->extra[i].value_text);
    }
    free(a->extra);
    free(a->file);
    free(a->bank_version);
    free(a->vendor_name);
    free(a->corporate_number);
    free(a->vendor_country);
    free(a->service_name);
    free(a->service_model);
    free(a->contact_name);
    free(a->contact);
    free(a);
}

/* The value of a yesno or choice answer as its option name ("yes", "monthly"), or NULL. */
static const char *choice_value(const asx_question *q, const asx_answer *x)
{
    if (!x->present)
        return NULL;
    if (x->na)
        return "na";
    return q->type == ASX_Q_YESNO ? asx_yesno_name(x->yn) : x->str;
}

static bool in_values(const char *v, char *const *values, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(values[i], v) == 0)
            return true;
    return false;
}

/* Whether the "if" side of a consistency rule holds: answered with one of its values, or (no
 * values) answered with something — a listed item, a country, a text. */
static bool rule_if_holds(const asx_consistency *r, const asx_answers *a)
{
    const asx_answer *x = &a->a[r->if_q->index];
    if (!x->present || x->na)
        return false;
    if (r->nif_values)
        return in_values(choice_value(r->if_q, x), r->if_values, r->nif_values);
    switch (r->if_q->type) {
    case ASX_Q_LIST: return x->nitems > 0;
    case ASX_Q_COUNTRIES: return x->nstrs > 0;
    case ASX_Q_TEXT: return x->str && *x->str;
    case ASX_Q_YESNO: return x->yn == ASX_YN_YES || x->yn == ASX_YN_PARTIAL;
    case ASX_Q_CHOICE:
    case ASX_Q_NUMBER:
    case ASX_Q_COUNTRY:
    case ASX_Q_DATE: return true;
    }
    return false;
}

bool asx_question_applies(const asx_question *q, const asx_answers *a)
{
    if (!asx_question_applies_levels(q, a->cls.c, a->cls.i, a->cls.a))
        return false;
    if (q->applies_models) {
        /* an unknown or unstated model asks every question */
        unsigned bit = asx_service_model_bit(a->service_model);
        if (bit && !(q->applies_models & bit))
            return false;
    }
    if (!q->when_q)
        return true;
    if (!asx_question_applies(q->when_q, a))
        return false;
    const asx_answer *dep = &a->a[q->when_q->index];
    if (in_values(choice_value(q->when_q, dep), q->when_values, q->nwhen_values))
        return true;
    /* A consistency rule that makes another answer imply the one `when` needs (a listed
     * subcontractor always counts as subcontracting): the question applies. */
    const asx_bank *b = a->bank;
    for (size_t k = 0; b && k < b->nrules; k++) {
        const asx_consistency *r = &b->rules[k];
        if (r->then_q != q->when_q || !rule_if_holds(r, a))
            continue;
        for (size_t v = 0; v < r->nthen_values; v++)
            if (in_values(r->then_values[v], q->when_values, q->nwhen_values))
                return true;
    }
    return false;
}

size_t asx_answers_contradictions(const asx_answers *a, asx_contradiction **out)
{
    *out = NULL;
    const asx_bank *b = a->bank;
    size_t n = 0;
    for (size_t k = 0; k < b->nrules; k++) {
        const asx_consistency *r = &b->rules[k];
        const asx_answer *t = &a->a[r->then_q->index];
        if (!rule_if_holds(r, a) || !t->present ||
            in_values(choice_value(r->then_q, t), r->then_values, r->nthen_values))
            continue;
        asx_contradiction *nv = realloc(*out, (n + 1) * sizeof *nv);
        if (!nv)
            break;
        *out = nv;
        nv[n].rule = r;
        nv[n].if_a = &a->a[r->if_q->index];
        nv[n].then_a = t;
        n++;
    }
    return n;
}

bool asx_answers_evidence_expiry(const asx_answers *a, asx_date *out)
{
    bool found = false;
    const asx_question *q = asx_bank_find(a->bank, "cert.expiry");
    if (q && q->type == ASX_Q_DATE && a->a[q->index].present && !a->a[q->index].na) {
        *out = a->a[q->index].date;
        found = true;
    }
    q = asx_bank_find(a->bank, "cert.certificates");
    if (q && q->type == ASX_Q_LIST && a->a[q->index].present && !a->a[q->index].na) {
        const asx_answer *x = &a->a[q->index];
        for (size_t f = 0; f < q->nfields; f++) {
            if (q->fields[f].type != ASX_Q_DATE)
                continue;
            for (size_t i = 0; i < x->nitems; i++) {
                asx_date dt;
                if (x->items[i].values[f] && asx_date_parse(x->items[i].values[f], &dt) &&
                    (!found || asx_date_cmp(dt, *out) < 0)) {
                    *out = dt;
                    found = true;
                }
            }
        }
    }
    return found;
}

/* ---- loading ---------------------------------------------------------------------------- */

typedef struct {
    const asx_json *j;
    asx_diags *d;
    asx_answers *a;
} loader;

#define BAD(node, ...) asx_json_errf(L->j, L->d, (node), __VA_ARGS__)

static const char *got(const cJSON *v, char *buf, size_t size)
{
    asx_json_describe(v, buf, size);
    return buf;
}

static void load_value_yesno(loader *L, const asx_question *q, const cJSON *v, asx_answer *x)
{
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    if (s && strcmp(s, "yes") == 0)
        x->yn = ASX_YN_YES;
    else if (s && strcmp(s, "no") == 0)
        x->yn = ASX_YN_NO;
    else if (s && strcmp(s, "partial") == 0)
        x->yn = ASX_YN_PARTIAL;
    else {
        char g[96];
        BAD(v, ASX_L("%s: \"yes\", \"no\", \"partial\"%s のいずれかで答えてください (回答: %s)",
                     "%s: expected \"yes\", \"no\" or \"partial\"%s, got %s"),
            q->id, q->allow_na ? ASX_L(", \"na\"", " or \"na\"") : "", got(v, g, sizeof g));
        return;
    }
    x->present = true;
}

static void load_value_choice(loader *L, const asx_question *q, const cJSON *v, asx_answer *x)
{
    if (cJSON_IsString(v)) { /* the option is checked by asx_answers_check */
        x->str = asx_strdup(v->valuestring);
        x->present = true;
        return;
    }
    asx_buf opts = {0};
    for (size_t i = 0; i < q->noptions; i++)
        asx_buf_addf(&opts, "%s\"%s\"", i ? ", " : "", q->options[i].value);
    char g[96];
    BAD(v, ASX_L("%s: 選択肢 %s のいずれかで答えてください (回答: %s)", "%s: expected one of %s, got %s"), q->id,
        asx_buf_str(&opts), got(v, g, sizeof g));
    asx_buf_free(&opts);
}

static void load_value_number(loader *L, const asx_question *q, const cJSON *v, asx_answer *x)
{
    char g[96];
    const char *unit = asx_text_get(&q->unit, asx_ui_lang);
    if (!cJSON_IsNumber(v)) {
        BAD(v, ASX_L("%s: 数値 (%s) で答えてください (回答: %s)", "%s: expected a number (%s), got %s"), q->id, unit,
            got(v, g, sizeof g));
        return;
    }
    x->num = v->valuedouble; /* the range is checked by asx_answers_check */
    x->present = true;
}

static bool country_ok(loader *L, const asx_question *q, const cJSON *v, const char *what)
{
    char g[96];
    if (cJSON_IsString(v)) /* the code is checked by asx_answers_check */
        return true;
    BAD(v, ASX_L("%s: %s は ISO 3166-1 の 2 文字国コード (例: \"JP\") で答えてください (回答: %s)",
                 "%s: %s must be an ISO 3166-1 alpha-2 country code such as \"JP\", got %s"),
        q->id, what, got(v, g, sizeof g));
    return false;
}

static void load_value_countries(loader *L, const asx_question *q, const cJSON *v, asx_answer *x)
{
    char g[96];
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
        BAD(v, ASX_L("%s: 国コードの配列 (例: [\"JP\"]) で答えてください (回答: %s)",
                     "%s: expected an array of country codes such as [\"JP\"], got %s"), q->id, got(v, g, sizeof g));
        return;
    }
    /* codes, duplicates and the number of items are checked by asx_answers_check; an element
     * that is not a string stays NULL so that the others keep their index */
    size_t n = (size_t)cJSON_GetArraySize(v), ok = 0;
    char **codes = calloc(n, sizeof *codes);
    if (!codes)
        return;
    const cJSON *c;
    size_t i = 0;
    cJSON_ArrayForEach(c, v)
    {
        if (country_ok(L, q, c, ASX_L("国", "each country")) && (codes[i] = asx_strdup(c->valuestring)))
            ok++;
        i++;
    }
    x->strs = codes;
    x->nstrs = n;
    x->present = ok == n;
}

static void load_value_date(loader *L, const asx_question *q, const cJSON *v, asx_answer *x)
{
    char g[96];
    if (!cJSON_IsString(v)) {
        BAD(v, ASX_L("%s: 実在する日付を YYYY-MM-DD で答えてください (回答: %s)",
                     "%s: expected an existing date as YYYY-MM-DD, got %s"), q->id, got(v, g, sizeof g));
        return;
    }
    /* whether the date exists is checked by asx_answers_check */
    if (!asx_date_parse(v->valuestring, &x->date))
        x->date = (asx_date){0};
    x->str = asx_strdup(v->valuestring);
    x->present = true;
}

static void load_value_text(loader *L, const asx_question *q, const cJSON *v, asx_answer *x)
{
    char g[96];
    if (!cJSON_IsString(v)) {
        BAD(v, ASX_L("%s: 文字列で答えてください (回答: %s)", "%s: expected a string, got %s"), q->id,
            got(v, g, sizeof g));
        return;
    }
    const char *s = v->valuestring;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!*s)
        return; /* an empty text is no answer */
    x->str = asx_strdup(v->valuestring);
    x->present = true;
}

static void load_value_list(loader *L, const asx_question *q, const cJSON *v, asx_answer *x)
{
    char g[96];
    if (!cJSON_IsArray(v)) {
        BAD(v, ASX_L("%s: オブジェクトの配列で答えてください (回答: %s)", "%s: expected an array of objects, got %s"),
            q->id, got(v, g, sizeof g));
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(v);
    x->items = calloc(n ? n : 1, sizeof *x->items);
    if (!x->items)
        return;
    bool all_ok = true;
    const char **allowed = calloc(q->nfields + 1, sizeof *allowed);
    if (!allowed)
        return;
    for (size_t f = 0; f < q->nfields; f++)
        allowed[f] = q->fields[f].key;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        if (!cJSON_IsObject(it)) {
            BAD(it, ASX_L("%s: 各項目はオブジェクトです (回答: %s)", "%s: each item must be an object, got %s"), q->id,
                got(it, g, sizeof g));
            all_ok = false;
            continue;
        }
        if (asx_json_check_keys(L->j, L->d, it, allowed, q->id))
            all_ok = false;
        asx_item *item = &x->items[x->nitems];
        item->values = calloc(q->nfields ? q->nfields : 1, sizeof *item->values);
        if (!item->values)
            break;
        x->nitems++;
        for (size_t f = 0; f < q->nfields; f++) {
            const cJSON *fv = asx_json_get(it, q->fields[f].key);
            /* an empty field, a country code or a date is checked by asx_answers_check */
            if (!fv || !cJSON_IsString(fv)) {
                BAD(fv ? fv : it, ASX_L("%s: 各項目に \"%s\" (文字列) が必要です", "%s: each item needs \"%s\" (a string)"),
                    q->id, q->fields[f].key);
                all_ok = false;
                continue;
            }
            item->values[f] = asx_strdup(fv->valuestring);
        }
    }
    free(allowed);
    x->present = all_ok;
}

static void load_answer_at(loader *L, const asx_question *q, const cJSON *obj);

/* An answer with a "source" (the form cell it was read from) has its problems reported at that
 * cell ("FILE: 回答!F19: …") rather than at a line of a JSON text the vendor never saw. */
static void load_answer(loader *L, const asx_question *q, const cJSON *obj)
{
    size_t before = L->d->n;
    load_answer_at(L, q, obj);
    const cJSON *src = cJSON_IsObject(obj) ? asx_json_get(obj, "source") : NULL;
    if (!cJSON_IsString(src) || !*src->valuestring)
        return;
    L->a->a[q->index].source = asx_strdup(src->valuestring);
    for (size_t i = before; i < L->d->n; i++) {
        char *m = asx_strdupf("%s: %s", src->valuestring, L->d->v[i].msg);
        if (!m)
            continue;
        free(L->d->v[i].msg);
        L->d->v[i].msg = m;
        L->d->v[i].line = L->d->v[i].col = 0;
    }
}

static void load_answer_at(loader *L, const asx_question *q, const cJSON *obj)
{
    static const char *const keys[] = {"value", "comment", "evidence", "source", NULL};
    asx_answer *x = &L->a->a[q->index];
    asx_json_pos(L->j, obj, &x->line, &x->col);
    if (!cJSON_IsObject(obj)) {
        char g[96];
        BAD(obj, ASX_L("%s: 回答は {\"value\": …} の形で書いてください (回答: %s)",
                       "%s: an answer must be {\"value\": …}, got %s"), q->id, got(obj, g, sizeof g));
        return;
    }
    asx_json_check_keys(L->j, L->d, obj, keys, q->id);
    const char *comment = asx_json_want_string(L->j, L->d, obj, "comment", false);
    x->comment = comment && *comment ? asx_strdup(comment) : NULL;
    const cJSON *ev = asx_json_get(obj, "evidence");
    if (ev) {
        if (!cJSON_IsArray(ev)) {
            BAD(ev, ASX_L("%s: \"evidence\" は文字列の配列です", "%s: \"evidence\" must be an array of strings"), q->id);
        } else {
            x->evidence = calloc((size_t)cJSON_GetArraySize(ev) + 1, sizeof *x->evidence);
            const cJSON *e;
            cJSON_ArrayForEach(e, ev)
            {
                if (!cJSON_IsString(e))
                    BAD(e, ASX_L("%s: \"evidence\" の要素は文字列です", "%s: \"evidence\" items must be strings"), q->id);
                else if (x->evidence)
                    x->evidence[x->nevidence++] = asx_strdup(e->valuestring);
            }
        }
    }
    const cJSON *v = asx_json_get(obj, "value");
    const cJSON *src = asx_json_get(obj, "source");
    if (src && !cJSON_IsString(src))
        BAD(src, ASX_L("%s: \"source\" は文字列です (例: \"回答!F19\")", "%s: \"source\" must be a string (e.g. \"Answers!F19\")"), q->id);
    if (!v && cJSON_IsString(src))
        return; /* a question left empty on the form: unanswered, its cell known */
    if (!v) {
        BAD(obj, ASX_L("%s: \"value\" がありません", "%s: \"value\" is missing"), q->id);
        return;
    }
    if (cJSON_IsString(v) && strcmp(v->valuestring, "na") == 0 && q->type != ASX_Q_TEXT) {
        /* whether the question accepts it is checked by asx_answers_check */
        x->na = true;
        x->yn = q->type == ASX_Q_YESNO ? ASX_YN_NA : ASX_YN_NONE;
        x->present = true;
        return;
    }
    switch (q->type) {
    case ASX_Q_YESNO: load_value_yesno(L, q, v, x); break;
    case ASX_Q_CHOICE: load_value_choice(L, q, v, x); break;
    case ASX_Q_NUMBER: load_value_number(L, q, v, x); break;
    case ASX_Q_COUNTRIES: load_value_countries(L, q, v, x); break;
    case ASX_Q_COUNTRY:
        if (country_ok(L, q, v, ASX_L("国", "the country"))) {
            x->str = asx_strdup(v->valuestring);
            x->present = true;
        }
        break;
    case ASX_Q_DATE: load_value_date(L, q, v, x); break;
    case ASX_Q_TEXT: load_value_text(L, q, v, x); break;
    case ASX_Q_LIST: load_value_list(L, q, v, x); break;
    }
}

static void add_extra(loader *L, const cJSON *item)
{
    asx_extra_answer *nv = realloc(L->a->extra, (L->a->nextra + 1) * sizeof *nv);
    if (!nv)
        return;
    L->a->extra = nv;
    const cJSON *v = asx_json_get(item, "value");
    nv[L->a->nextra].id = asx_strdup(item->string);
    nv[L->a->nextra].value_text = v ? cJSON_PrintUnformatted(v) : NULL;
    L->a->nextra++;
}

static void load_answers_object(loader *L, const cJSON *ans)
{
    const asx_bank *b = L->a->bank;
    bool same_version = L->a->bank_version && strcmp(L->a->bank_version, b->version) == 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, ans)
    {
        const asx_question *q = asx_bank_find(b, item->string);
        if (q) {
            load_answer(L, q, item);
            continue;
        }
        if (!same_version) {
            add_extra(L, item);
            continue;
        }
        BAD(item, ASX_L("不明な質問 ID \"%s\" (質問票 %s %s にありません。assess questionnaire show %s で確認)",
                        "unknown question id \"%s\" (not in bank %s %s; see assess questionnaire show %s)"),
            item->string, b->id, b->version, b->id);
    }
}

static void load_assessment(loader *L, const cJSON *as)
{
    static const char *const keys[] = {"date", "purpose", "classification", NULL};
    if (!cJSON_IsObject(as)) {
        BAD(as, ASX_L("\"assessment\" (date, purpose, classification) が必要です",
                      "\"assessment\" (date, purpose, classification) is required"));
        return;
    }
    asx_json_check_keys(L->j, L->d, as, keys, "assessment");
    const char *date = asx_json_want_string(L->j, L->d, as, "date", true);
    if (date && !asx_date_parse(date, &L->a->date))
        BAD(asx_json_get(as, "date"), ASX_L("assessment.date: 実在する日付を YYYY-MM-DD で書いてください (\"%s\")",
                                            "assessment.date: expected an existing date as YYYY-MM-DD, got \"%s\""),
            date);
    const char *purpose = asx_json_want_string(L->j, L->d, as, "purpose", true);
    if (purpose) {
        if (strcmp(purpose, "procurement") == 0)
            L->a->purpose = ASX_PURPOSE_PROCUREMENT;
        else if (strcmp(purpose, "approval") == 0)
            L->a->purpose = ASX_PURPOSE_APPROVAL;
        else if (strcmp(purpose, "reaudit") == 0)
            L->a->purpose = ASX_PURPOSE_REAUDIT;
        else
            BAD(asx_json_get(as, "purpose"), ASX_L("assessment.purpose は procurement, approval, reaudit のいずれかです (\"%s\")",
                                                   "assessment.purpose must be procurement, approval or reaudit, not \"%s\""),
                purpose);
    }
    const cJSON *cl = asx_json_get(as, "classification");
    if (!cJSON_IsObject(cl)) {
        BAD(cl ? cl : as, ASX_L("assessment.classification ({\"confidentiality\": 1-3, \"integrity\": 1-2, \"availability\": 1-2}) が必要です",
                                "assessment.classification ({\"confidentiality\": 1-3, \"integrity\": 1-2, \"availability\": 1-2}) is required"));
        return;
    }
    static const char *const ckeys[] = {"confidentiality", "integrity", "availability", NULL};
    asx_json_check_keys(L->j, L->d, cl, ckeys, "classification");
    static const struct {
        const char *key, *ja;
        int max;
    } levels[] = {{"confidentiality", "機密性", 3}, {"integrity", "完全性", 2}, {"availability", "可用性", 2}};
    int *dst[] = {&L->a->cls.c, &L->a->cls.i, &L->a->cls.a};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *v = asx_json_get(cl, levels[i].key);
        if (!v || !cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble || v->valuedouble < 1 ||
            v->valuedouble > levels[i].max) {
            char g[96];
            BAD(v ? v : cl, ASX_L("classification.%s (%s) は 1 から %d の整数です (値: %s)",
                                  "classification.%s (%s) must be an integer from 1 to %d, got %s"),
                levels[i].key, levels[i].ja, levels[i].max, v ? got(v, g, sizeof g) : ASX_L("なし", "nothing"));
            continue;
        }
        *dst[i] = (int)v->valuedouble;
    }
}

static void load_parties(loader *L, const cJSON *root)
{
    static const char *const vkeys[] = {"name", "corporate_number", "country", "contact_name", "contact", NULL};
    static const char *const skeys[] = {"name", "model", NULL};
    const cJSON *v = asx_json_get(root, "vendor");
    if (!cJSON_IsObject(v)) {
        BAD(v ? v : root, ASX_L("\"vendor\" (name, corporate_number, country) が必要です",
                                "\"vendor\" (name, corporate_number, country) is required"));
    } else {
        asx_json_check_keys(L->j, L->d, v, vkeys, "vendor");
        /* an empty name, the corporate number and the country code: asx_answers_check */
        L->a->vendor_name = asx_strdup(asx_json_want_string(L->j, L->d, v, "name", true));
        L->a->corporate_number = asx_strdup(asx_json_want_string(L->j, L->d, v, "corporate_number", false));
        L->a->vendor_country = asx_strdup(asx_json_want_string(L->j, L->d, v, "country", false));
        L->a->contact_name = asx_strdup(asx_json_want_string(L->j, L->d, v, "contact_name", false));
        L->a->contact = asx_strdup(asx_json_want_string(L->j, L->d, v, "contact", false));
    }
    const cJSON *s = asx_json_get(root, "service");
    if (!cJSON_IsObject(s)) {
        BAD(s ? s : root, ASX_L("\"service\" (name, model) が必要です", "\"service\" (name, model) is required"));
    } else {
        asx_json_check_keys(L->j, L->d, s, skeys, "service");
        L->a->service_name = asx_strdup(asx_json_want_string(L->j, L->d, s, "name", true));
        L->a->service_model = asx_strdup(asx_json_want_string(L->j, L->d, s, "model", false));
    }
}

/* Where a string is: its parents up to the root, so that the path ("vendor.name",
 * "answers.x.value[2].name") is only spelled out for a string with a problem. */
typedef struct str_place {
    const struct str_place *up;
    const cJSON *node; /* a member of an object (node->string) or of an array (index) */
    int index;
} str_place;

static void place_path(const str_place *pl, asx_buf *b)
{
    if (!pl)
        return;
    place_path(pl->up, b);
    if (pl->node->string)
        asx_buf_addf(b, "%s%s", b->len ? "." : "", pl->node->string);
    else
        asx_buf_addf(b, "[%d]", pl->index);
}

/* Whether the strings under this member are kept in the answers, where asx_answers_check sees
 * them: vendor, service, questionnaire_version and the answers to the bank's questions. */
static bool kept_in_answers(loader *L, const cJSON *it, const str_place *pl)
{
    static const char *const kept[] = {"vendor", "service", "questionnaire_version", NULL};
    if (!it->string)
        return false;
    if (!pl) {
        for (size_t i = 0; kept[i]; i++)
            if (strcmp(it->string, kept[i]) == 0)
                return true;
        return false;
    }
    return !pl->up && pl->node->string && strcmp(pl->node->string, "answers") == 0 && L->a->bank &&
           asx_bank_find(L->a->bank, it->string);
}

/* SPEC v2 §7: every string of the file that the answers do not keep (the assessment, answers to
 * ids the bank does not have, …), checked here with the rule asx_answers_check applies to the
 * others, so that no later command meets a character it cannot print or render. Outside
 * "answers" a string is a name: one line, no control characters, at most ASX_MAX_NAME_CHARS.
 * Inside it is a text: tab and line feed allowed, at most ASX_MAX_TEXT_CHARS. */
static void check_strings(loader *L, const cJSON *node, const str_place *pl, bool text)
{
    if (cJSON_IsString(node)) {
        unsigned cp = 0;
        size_t at = 0, max = text ? ASX_MAX_TEXT_CHARS : ASX_MAX_NAME_CHARS;
        asx_text_problem pr = asx_text_check(node->valuestring, text, max, &cp, &at);
        if (pr == ASX_TEXT_OK || pr == ASX_TEXT_BAD_UTF8) /* bad UTF-8: the parser refused it */
            return;
        asx_buf path = {0}, msg = {0};
        place_path(pl, &path);
        asx_text_describe(&msg, pr, text, cp, at, max);
        BAD(node, "%s: %s", asx_buf_str(&path), asx_buf_str(&msg));
        asx_buf_free(&msg);
        asx_buf_free(&path);
        return;
    }
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, node)
    {
        str_place here = {pl, it, i++};
        if (kept_in_answers(L, it, pl))
            continue;
        /* the subtree of the root's "answers" holds texts */
        bool t = text || (!pl && it->string && strcmp(it->string, "answers") == 0);
        check_strings(L, it, &here, t);
    }
}

/* The JSON node of a place (the nearest one that exists). */
static const cJSON *place_node(const cJSON *root, const asx_answers_place *at)
{
    if (at->part == ASX_AT_HEADER) {
        const char *dot = strchr(at->key, '.');
        if (!dot)
            return asx_json_get(root, at->key);
        char parent[32];
        snprintf(parent, sizeof parent, "%.*s", (int)(dot - at->key), at->key);
        const cJSON *p = asx_json_get(root, parent);
        const cJSON *n = p ? asx_json_get(p, dot + 1) : NULL;
        return n ? n : p ? p : root;
    }
    const cJSON *ans = asx_json_get(root, "answers");
    const cJSON *obj = ans ? asx_json_get(ans, at->q->id) : NULL;
    if (!obj)
        return ans ? ans : root;
    static const char *const keys[] = {[ASX_AT_VALUE] = "value", [ASX_AT_COMMENT] = "comment",
                                       [ASX_AT_EVIDENCE] = "evidence", [ASX_AT_SOURCE] = "source"};
    const cJSON *n = asx_json_get(obj, keys[at->part]);
    if (!n)
        return obj;
    if (at->index >= 0 && cJSON_IsArray(n)) {
        const cJSON *it = cJSON_GetArrayItem(n, at->index);
        n = it ? it : n;
    }
    if (at->field && cJSON_IsObject(n)) {
        const cJSON *f = asx_json_get(n, at->field);
        n = f ? f : n;
    }
    return n;
}

/* A problem found by asx_answers_check, at its line and column; an answer read from a form cell
 * ("source") is reported at that cell rather than at a line of a JSON text the vendor never saw. */
static void report_at_json(void *ud, const asx_answers_place *at, const char *msg)
{
    loader *L = ud;
    const asx_answer *x = at->part != ASX_AT_HEADER && L->a->a ? &L->a->a[at->q->index] : NULL;
    if (x && x->source && *x->source) {
        asx_diags_addf(L->d, ASX_ERR_DATA, L->a->file, 0, 0, "%s: %s", x->source, msg);
        return;
    }
    BAD(place_node(asx_json_root(L->j), at), "%s", msg);
}

bool asx_answers_is_form(const char *buf, size_t len)
{
    return len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0; /* a zip: XLSX or ODS */
}

asx_error asx_answers_load(const char *buf, size_t len, const char *file, const asx_bankset *set,
                           asx_answers **out, asx_diags *d)
{
    /* The filled form itself (XLSX or ODS) is imported in memory: every command that takes
     * answers takes the vendor's workbook too (it was refused as invalid UTF-8). */
    if (asx_answers_is_form(buf, len)) {
        /* the form is the answers file: a review binds it, the register records it, by the
         * SHA-256 of the workbook's own bytes */
        asx_error ferr = asx_form_import(buf, len, file, set, out, d);
        if (!ferr && !asx_sha256_mem(buf, len, (*out)->sha256)) {
            asx_diags_addf(d, ASX_ERR_INTERNAL, file, 0, 0, "SHA-256");
            asx_answers_free(*out);
            *out = NULL;
            ferr = ASX_ERR_INTERNAL;
        }
        return ferr;
    }
    static const char *const keys[] = {"format", "questionnaire", "questionnaire_version", "assessment",
                                       "vendor", "service", "answers", NULL};
    *out = NULL;
    asx_json *j = NULL;
    asx_error err = asx_json_parse(buf, len, file, &j, d);
    if (err)
        return err;
    size_t before = d->n;
    asx_answers *a = calloc(1, sizeof *a);
    if (!a) {
        asx_json_free(j);
        return ASX_ERR_NOMEM;
    }
    a->file = asx_strdup(file);
    if (!asx_sha256_mem(buf, len, a->sha256)) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, file, 0, 0, "SHA-256");
        err = ASX_ERR_INTERNAL;
    }
    loader Lv = {j, d, a}, *L = &Lv;
    const cJSON *root = asx_json_root(j);
    if (!cJSON_IsObject(root)) {
        BAD(root, ASX_L("回答ファイルは JSON オブジェクトです", "an answers file must be a JSON object"));
        goto done;
    }
    const char *format = asx_json_want_string(j, d, root, "format", true);
    if (format && strcmp(format, "assess-answers/1") != 0) {
        BAD(asx_json_get(root, "format"), ASX_L("回答ファイルではありません: \"format\" は \"assess-answers/1\" です (\"%s\")",
                                                "not an answers file: \"format\" must be \"assess-answers/1\", not \"%s\""), format);
        goto done;
    }
    asx_json_check_keys(j, d, root, keys, ASX_L("回答ファイル", "the answers file"));
    const char *qid = asx_json_want_string(j, d, root, "questionnaire", true);
    if (qid) {
        a->bank = asx_bankset_find(set, qid);
        if (!a->bank) {
            asx_buf ids = {0};
            for (size_t i = 0; i < set->n; i++)
                asx_buf_addf(&ids, "%s%s", i ? ", " : "", set->v[i]->id);
            BAD(asx_json_get(root, "questionnaire"), ASX_L("不明な質問票 \"%s\" (使用できるもの: %s)",
                                                           "unknown questionnaire \"%s\" (available: %s)"),
                qid, asx_buf_str(&ids));
            asx_buf_free(&ids);
        }
    }
    const char *ver = asx_json_want_string(j, d, root, "questionnaire_version", true);
    a->bank_version = asx_strdup(ver);
    load_assessment(L, asx_json_get(root, "assessment"));
    load_parties(L, root);
    check_strings(L, root, NULL, false);
    if (!a->bank) {
        asx_answers_check(a, &(asx_answers_reporter){report_at_json, L});
        goto done;
    }
    a->a = calloc(a->bank->nquestions, sizeof *a->a);
    if (!a->a) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    const cJSON *ans = asx_json_get(root, "answers");
    if (!cJSON_IsObject(ans))
        BAD(ans ? ans : root, ASX_L("\"answers\" (質問 ID ごとの {\"value\": …}) が必要です",
                                    "\"answers\" (an object of {\"value\": …} by question id) is required"));
    else
        load_answers_object(L, ans);
    asx_answers_check(a, &(asx_answers_reporter){report_at_json, L});
done:
    asx_json_free(j);
    if (!err && d->n > before)
        err = ASX_ERR_DATA;
    if (err) {
        asx_answers_free(a);
        return err;
    }
    *out = a;
    return ASX_OK;
}

asx_error asx_answers_load_file(const char *path, const asx_bankset *set, asx_answers **out, asx_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    asx_error err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, d);
    if (err)
        return err;
    err = asx_answers_load(buf, len, path, set, out, d);
    free(buf);
    return err;
}

/* ---- display and serialisation ---------------------------------------------------------- */

static void format_number(asx_buf *b, double n)
{
    if (n == (double)(long long)n && fabs(n) < 1e15)
        asx_buf_addf(b, "%lld", (long long)n);
    else
        asx_buf_addf(b, "%.10g", n);
}

char *asx_answer_format(const asx_question *q, const asx_answer *a, asx_lang lang)
{
    asx_buf b = {0};
    if (!a || !a->present) {
        asx_buf_adds(&b, lang == ASX_LANG_EN ? "(no answer)" : "(未回答)");
        return asx_buf_take(&b);
    }
    if (a->na) {
        asx_buf_adds(&b, asx_yesno_label(ASX_YN_NA, lang));
        return asx_buf_take(&b);
    }
    switch (q->type) {
    case ASX_Q_YESNO:
        asx_buf_adds(&b, asx_yesno_label(a->yn, lang));
        break;
    case ASX_Q_CHOICE: {
        const asx_option *o = asx_question_option(q, a->str);
        asx_buf_adds(&b, o ? asx_text_get(&o->label, lang) : a->str);
        break;
    }
    case ASX_Q_NUMBER: {
        format_number(&b, a->num);
        const char *unit = asx_text_get(&q->unit, lang);
        if (*unit)
            asx_buf_addf(&b, "%s%s", strcmp(unit, "%") == 0 ? " " : " ", unit);
        break;
    }
    case ASX_Q_COUNTRIES:
        for (size_t i = 0; i < a->nstrs; i++)
            asx_buf_addf(&b, "%s%s (%s)", i ? ", " : "", asx_country_name(a->strs[i], lang), a->strs[i]);
        break;
    case ASX_Q_COUNTRY:
        asx_buf_addf(&b, "%s (%s)", asx_country_name(a->str, lang), a->str);
        break;
    case ASX_Q_DATE:
        if (lang == ASX_LANG_JA && asx_date_valid(a->date)) { /* as Japanese documents write dates */
            char ja[64];
            asx_date_format(a->date, ASX_LANG_JA, ja, sizeof ja);
            asx_buf_adds(&b, ja);
        } else {
            asx_buf_adds(&b, a->str);
        }
        break;
    case ASX_Q_TEXT:
        asx_buf_adds(&b, a->str);
        break;
    case ASX_Q_LIST:
        if (!a->nitems)
            asx_buf_adds(&b, lang == ASX_LANG_EN ? "(none)" : "(なし)");
        for (size_t i = 0; i < a->nitems; i++) {
            if (i)
                asx_buf_adds(&b, lang == ASX_LANG_EN ? "; " : "、");
            for (size_t f = 0; f < q->nfields; f++) {
                const char *val = a->items[i].values[f] ? a->items[i].values[f] : "";
                char ja[64];
                asx_date dt;
                if (lang == ASX_LANG_JA && q->fields[f].type == ASX_Q_DATE && asx_date_parse(val, &dt)) {
                    asx_date_format(dt, ASX_LANG_JA, ja, sizeof ja);
                    val = ja;
                }
                if (q->fields[f].type == ASX_Q_COUNTRY)
                    asx_buf_addf(&b, " (%s)", val);
                else
                    asx_buf_addf(&b, "%s%s", f ? " / " : "", val);
            }
        }
        break;
    }
    return asx_buf_take(&b);
}

static cJSON *value_json(const asx_question *q, const asx_answer *x)
{
    if (x->na)
        return cJSON_CreateString("na");
    switch (q->type) {
    case ASX_Q_YESNO: return cJSON_CreateString(asx_yesno_name(x->yn));
    case ASX_Q_CHOICE:
    case ASX_Q_COUNTRY:
    case ASX_Q_DATE:
    case ASX_Q_TEXT: return cJSON_CreateString(x->str ? x->str : "");
    case ASX_Q_NUMBER: return cJSON_CreateNumber(x->num);
    case ASX_Q_COUNTRIES: return cJSON_CreateStringArray((const char *const *)x->strs, (int)x->nstrs);
    case ASX_Q_LIST: {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < x->nitems; i++) {
            cJSON *o = cJSON_CreateObject();
            if (!o || !cJSON_AddItemToArray(arr, o)) {
                cJSON_Delete(o);
                break;
            }
            for (size_t f = 0; f < q->nfields; f++)
                cJSON_AddStringToObject(o, q->fields[f].key, x->items[i].values[f] ? x->items[i].values[f] : "");
        }
        return arr;
    }
    }
    return NULL;
}

char *asx_answers_to_json(const asx_answers *a)
{
    char date[11];
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "format", "assess-answers/1");
    cJSON_AddStringToObject(root, "questionnaire", a->bank->id);
    cJSON_AddStringToObject(root, "questionnaire_version", a->bank_version ? a->bank_version : a->bank->version);
    cJSON *as = cJSON_AddObjectToObject(root, "assessment");
    asx_date_iso(a->date, date);
    cJSON_AddStringToObject(as, "date", date);
    cJSON_AddStringToObject(as, "purpose", asx_purpose_name(a->purpose));
    cJSON *cl = cJSON_AddObjectToObject(as, "classification");
    cJSON_AddNumberToObject(cl, "confidentiality", a->cls.c);
    cJSON_AddNumberToObject(cl, "integrity", a->cls.i);
    cJSON_AddNumberToObject(cl, "availability", a->cls.a);
    cJSON *v = cJSON_AddObjectToObject(root, "vendor");
    cJSON_AddStringToObject(v, "name", a->vendor_name ? a->vendor_name : "");
    if (a->corporate_number)
        cJSON_AddStringToObject(v, "corporate_number", a->corporate_number);
    if (a->vendor_country)
        cJSON_AddStringToObject(v, "country", a->vendor_country);
    if (a->contact_name)
        cJSON_AddStringToObject(v, "contact_name", a->contact_name);
    if (a->contact)
        cJSON_AddStringToObject(v, "contact", a->contact);
    cJSON *s = cJSON_AddObjectToObject(root, "service");
    cJSON_AddStringToObject(s, "name", a->service_name ? a->service_name : "");
    if (a->service_model)
        cJSON_AddStringToObject(s, "model", a->service_model);
    cJSON *ans = cJSON_AddObjectToObject(root, "answers");
    for (size_t i = 0; ans && i < a->bank->nquestions; i++) {
        const asx_question *q = &a->bank->questions[i];
        const asx_answer *x = &a->a[i];
        if (!x->present && !x->source)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToObject(ans, q->id, o)) {
            cJSON_Delete(o);
            break;
        }
        if (!x->present) {
            cJSON_AddStringToObject(o, "source", x->source);
            continue;
        }
        cJSON *val = value_json(q, x);
        if (!val || !cJSON_AddItemToObject(o, "value", val))
            cJSON_Delete(val);
        if (x->comment)
            cJSON_AddStringToObject(o, "comment", x->comment);
        if (x->nevidence)
            cJSON_AddItemToObject(o, "evidence", cJSON_CreateStringArray((const char *const *)x->evidence, (int)x->nevidence));
        if (x->source)
            cJSON_AddStringToObject(o, "source", x->source);
    }
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}
