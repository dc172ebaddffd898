/* procurement.c - the tender and contract wording: loading, checking and filling (see
 * procurement.h). */
#include "asx/procurement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "asx/country.h"
#include "asx/json.h"
#include "asx/util.h"

extern const unsigned char asx_data_procurement[];
extern const size_t asx_data_procurement_len;

#define PROCUREMENT_FORMAT "assess-procurement/1"

/* ---- loading ---------------------------------------------------------------------------- */

static void text_free(asx_text *t)
{
    free(t->ja);
    free(t->en);
}

void asx_procurement_free(asx_procurement *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nreq; i++) {
        free(p->req[i].id);
        free(p->req[i].bank);
        text_free(&p->req[i].text);
    }
    free(p->req);
    for (size_t i = 0; i < p->ncontracts; i++) {
        asx_contract_terms *c = &p->contracts[i];
        for (size_t k = 0; k < c->narticles; k++) {
            asx_article *a = &c->articles[k];
            free(a->term);
            text_free(&a->title);
            for (size_t s = 0; s < a->nsentences; s++)
                text_free(&a->sentences[s]);
            free(a->sentences);
        }
        free(c->articles);
        free(c->bank);
    }
    free(p->contracts);
    free(p);
}

/* A placeholder name is known: threshold, unit, countries, country, minimum, self, answer:ID,
 * term:ID (the question's contract term, a sentence of its own), clause:ID (a clause of the
 * standard, cited with its name in the organisation's numbering), approved_subcontractors and
 * refused_subcontractors (the review's decisions). */
static bool id_ok(const char *name, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(name[i] == '.' || name[i] == '_' || (name[i] >= 'a' && name[i] <= 'z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return false;
    return n > 0;
}

static bool placeholder_ok(const char *name, size_t n)
{
    static const char *const plain[] = {"threshold", "unit", "countries", "country", "minimum", "self",
                                        "approved_subcontractors", "refused_subcontractors"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strlen(plain[i]) == n && memcmp(plain[i], name, n) == 0)
            return true;
    if (n > 7 && memcmp(name, "answer:", 7) == 0)
        return id_ok(name + 7, n - 7);
    if (n > 5 && memcmp(name, "term:", 5) == 0)
        return id_ok(name + 5, n - 5);
    if (n > 7 && memcmp(name, "clause:", 7) == 0)
        return true;
    return false;
}

/* Check the placeholders of s; a problem at node for the first bad one. */
static bool check_placeholders(const asx_json *j, asx_diags *d, const cJSON *node, const char *s)
{
    for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end || !placeholder_ok(p + 1, (size_t)(end - p - 1))) {
            int len = end ? (int)(end - p + 1) : (int)strlen(p);
            asx_json_errf(j, d, node,
                          ASX_L("不明な差込み項目 %.*s (使えるもの: {threshold} {unit} {countries} "
                                "{country} {minimum} {self} {answer:設問ID} {clause:条項})",
                                "unknown placeholder %.*s (known: {threshold} {unit} {countries} "
                                "{country} {minimum} {self} {answer:QUESTION} {clause:CLAUSE})"),
                          len > 60 ? 60 : len, p);
            return false;
        }
    }
    return true;
}

/* {"ja": …, "en": …}, both required and non-empty. */
static bool get_text(const asx_json *j, asx_diags *d, const cJSON *obj, const char *what,
                     asx_text *out)
{
    if (!cJSON_IsObject(obj)) {
        asx_json_errf(j, d, obj, ASX_L("%s は {\"ja\": …, \"en\": …} でなければなりません",
                                       "%s must be {\"ja\": …, \"en\": …}"), what);
        return false;
    }
    static const char *const keys[] = {"ja", "en", NULL};
    if (asx_json_check_keys(j, d, obj, keys, what))
        return false;
    const char *ja = asx_json_want_string(j, d, obj, "ja", true);
    const char *en = asx_json_want_string(j, d, obj, "en", true);
    if (!ja || !en)
        return false;
    if (!*ja || !*en) {
        asx_json_errf(j, d, obj, ASX_L("%s の文が空です", "%s has an empty text"), what);
        return false;
    }
    if (!check_placeholders(j, d, asx_json_get(obj, "ja"), ja) ||
        !check_placeholders(j, d, asx_json_get(obj, "en"), en))
        return false;
    out->ja = asx_strdup(ja);
    out->en = asx_strdup(en);
    if (!out->ja || !out->en) {
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        return false;
    }
    return true;
}

/* The requirements of obj (question id → text) into p->req, each for bank (NULL: every bank). */
static bool load_requirements(const asx_json *j, asx_diags *d, const cJSON *obj, const char *bank,
                              asx_procurement *p)
{
    if (!cJSON_IsObject(obj)) {
        asx_json_errf(j, d, obj, ASX_L("requirements はオブジェクト (設問ID → 文) でなければなりません",
                                       "requirements must be an object (question id → text)"));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(obj);
    asx_requirement *grown = realloc(p->req, (p->nreq + n + 1) * sizeof *p->req);
    if (!grown)
        return false;
    p->req = grown;
    bool ok = true;
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) {
        asx_requirement *r = &p->req[p->nreq];
        memset(r, 0, sizeof *r);
        r->id = asx_strdup(it->string);
        r->bank = bank ? asx_strdup(bank) : NULL;
        p->nreq++;
        if (!r->id || (bank && !r->bank))
            return false;
        if (!get_text(j, d, it, it->string, &r->text))
            ok = false;
    }
    return ok;
}

/* bank_requirements: bank id → requirements of that bank, preferred to the common ones. */
static bool load_bank_requirements(const asx_json *j, asx_diags *d, const cJSON *obj,
                                   asx_procurement *p)
{
    if (!obj)
        return true;
    if (!cJSON_IsObject(obj)) {
        asx_json_errf(j, d, obj, ASX_L("bank_requirements はオブジェクト (質問票ID → 要件文) でなければなりません",
                                       "bank_requirements must be an object (bank id → requirements)"));
        return false;
    }
    const cJSON *bank;
    cJSON_ArrayForEach(bank, obj) {
        if (!load_requirements(j, d, bank, bank->string, p))
            return false;
    }
    return true;
}

static bool load_article(const asx_json *j, asx_diags *d, const cJSON *obj, asx_article *a)
{
    static const char *const keys[] = {"term", "title", "text", NULL};
    if (!cJSON_IsObject(obj)) {
        asx_json_errf(j, d, obj, ASX_L("条項はオブジェクトでなければなりません",
                                       "an article must be an object"));
        return false;
    }
    if (asx_json_check_keys(j, d, obj, keys, "article"))
        return false;
    const char *term = asx_json_want_string(j, d, obj, "term", true);
    if (!term)
        return false;
    a->term = asx_strdup(term);
    if (!a->term || !get_text(j, d, asx_json_get(obj, "title"), term, &a->title))
        return false;
    const cJSON *text = asx_json_get(obj, "text");
    if (!cJSON_IsArray(text) || cJSON_GetArraySize(text) == 0) {
        asx_json_errf(j, d, obj, ASX_L("%s: text は文の配列 (1 つ以上) でなければなりません",
                                       "%s: text must be a non-empty array of sentences"), term);
        return false;
    }
    a->sentences = calloc((size_t)cJSON_GetArraySize(text), sizeof *a->sentences);
    if (!a->sentences)
        return false;
    const cJSON *s;
    cJSON_ArrayForEach(s, text) {
        if (!get_text(j, d, s, term, &a->sentences[a->nsentences++]))
            return false;
    }
    return true;
}

static bool load_contracts(const asx_json *j, asx_diags *d, const cJSON *obj, asx_procurement *p)
{
    if (!cJSON_IsObject(obj)) {
        asx_json_errf(j, d, obj, ASX_L("contracts はオブジェクト (質問票ID → 条項の配列) でなければなりません",
                                       "contracts must be an object (bank id → articles)"));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(obj);
    p->contracts = calloc(n ? n : 1, sizeof *p->contracts);
    if (!p->contracts)
        return false;
    const cJSON *bank;
    cJSON_ArrayForEach(bank, obj) {
        asx_contract_terms *c = &p->contracts[p->ncontracts++];
        c->bank = asx_strdup(bank->string);
        if (!c->bank)
            return false;
        if (!cJSON_IsArray(bank)) {
            asx_json_errf(j, d, bank, ASX_L("%s の条項は配列でなければなりません",
                                            "the articles of %s must be an array"), bank->string);
            return false;
        }
        c->articles = calloc((size_t)cJSON_GetArraySize(bank) + 1, sizeof *c->articles);
        if (!c->articles)
            return false;
        const cJSON *a;
        cJSON_ArrayForEach(a, bank) {
            if (!load_article(j, d, a, &c->articles[c->narticles++]))
                return false;
        }
    }
    return true;
}

static asx_error load(const char *buf, size_t len, const char *file, bool trusted,
                      asx_procurement **out, asx_diags *d)
{
    *out = NULL;
    asx_json *j = NULL;
    asx_error err = trusted ? asx_json_parse_trusted(buf, len, file, &j, d)
                            : asx_json_parse(buf, len, file, &j, d);
    if (err)
        return err;
    asx_procurement *p = calloc(1, sizeof *p);
    size_t before = d->n;
    const cJSON *root = asx_json_root(j);
    static const char *const keys[] = {"format", "requirements", "bank_requirements", "contracts",
                                       NULL};
    bool ok = p != NULL;
    if (ok && !cJSON_IsObject(root)) {
        asx_json_errf(j, d, root, ASX_L("オブジェクトでなければなりません", "must be an object"));
        ok = false;
    }
    if (ok && asx_json_check_keys(j, d, root, keys, "procurement"))
        ok = false;
    const char *format = ok ? asx_json_want_string(j, d, root, "format", true) : NULL;
    if (ok && format && strcmp(format, PROCUREMENT_FORMAT) != 0) {
        asx_json_errf(j, d, asx_json_get(root, "format"),
                      ASX_L("format は \"%s\" でなければなりません", "format must be \"%s\""),
                      PROCUREMENT_FORMAT);
        ok = false;
    }
    if (ok && !format)
        ok = false;
    if (ok && !load_requirements(j, d, asx_json_get(root, "requirements"), NULL, p))
        ok = false;
    if (ok && !load_bank_requirements(j, d, asx_json_get(root, "bank_requirements"), p))
        ok = false;
    if (ok && !load_contracts(j, d, asx_json_get(root, "contracts"), p))
        ok = false;
    asx_json_free(j);
    if (!ok) {
        if (d->n == before || !p)
            asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        asx_procurement_free(p);
        return d->worst ? d->worst : ASX_ERR_DATA;
    }
    *out = p;
    return ASX_OK;
}

asx_error asx_procurement_load(const char *buf, size_t len, const char *file,
                               asx_procurement **out, asx_diags *d)
{
    return load(buf, len, file, false, out, d);
}

asx_error asx_procurement_builtin(asx_procurement **out, asx_diags *d)
{
    return load((const char *)asx_data_procurement, asx_data_procurement_len,
                "procurement.json", true, out, d);
}

const asx_requirement *asx_procurement_requirement(const asx_procurement *p, const char *bank,
                                                   const char *id)
{
    const asx_requirement *common = NULL;
    for (size_t i = 0; i < p->nreq; i++) {
        if (strcmp(p->req[i].id, id) != 0)
            continue;
        if (!p->req[i].bank) {
            if (!common)
                common = &p->req[i];
        } else if (bank && strcmp(p->req[i].bank, bank) == 0) {
            return &p->req[i];
        }
    }
    return common;
}

const asx_contract_terms *asx_procurement_contract(const asx_procurement *p, const char *bank)
{
    for (size_t i = 0; i < p->ncontracts; i++)
        if (strcmp(p->contracts[i].bank, bank) == 0)
            return &p->contracts[i];
    return NULL;
}

/* Calls fn for every {prefix…} of s with the id after the prefix (not NUL-terminated). */
static bool each_ref(const char *s, const char *prefix, bool (*fn)(const char *id, size_t n, void *ctx),
                     void *ctx)
{
    bool ok = true;
    size_t plen = strlen(prefix);
    for (const char *p = strstr(s, prefix); p; p = strstr(p + 1, prefix)) {
        const char *id = p + plen;
        const char *end = strchr(id, '}');
        if (end && !fn(id, (size_t)(end - id), ctx))
            ok = false;
    }
    return ok;
}

typedef struct {
    const asx_bank *b;
    const char *term;
    asx_diags *d;
    unsigned *uses; /* per question: how many articles state its term */
} ref_ctx;

static const asx_question *find_n(const asx_bank *b, const char *id, size_t n)
{
    char *s = asx_strndup(id, n);
    const asx_question *q = s ? asx_bank_find(b, s) : NULL;
    free(s);
    return q;
}

static bool ref_exists(const char *id, size_t n, void *vctx)
{
    ref_ctx *c = vctx;
    if (find_n(c->b, id, n))
        return true;
    asx_diags_addf(c->d, ASX_ERR_DATA, "procurement.json", 0, 0,
                   ASX_L("%s の特記事項 %s が質問票にない設問 %.*s を参照しています",
                         "bank %s: contract article %s refers to %.*s, which the bank lacks"),
                   c->b->id, c->term, (int)n, id);
    return false;
}

/* {term:ID}: the question exists and has a term; counted once per article sentence (ja). */
static bool term_exists(const char *id, size_t n, void *vctx)
{
    ref_ctx *c = vctx;
    const asx_question *q = find_n(c->b, id, n);
    if (q && q->term.ja) {
        if (c->uses)
            c->uses[q->index]++;
        return true;
    }
    asx_diags_addf(c->d, ASX_ERR_DATA, "procurement.json", 0, 0,
                   ASX_L("質問票 %s の設問 %.*s に契約の文言 (term) がありません (特記事項 %s が記載する文言です)",
                         "bank %s: question %.*s has no contract term (term), which contract article %s states"),
                   c->b->id, (int)n, id, c->term);
    return false;
}

asx_error asx_procurement_check(const asx_procurement *p, const asx_bank *b, bool complete,
                                asx_diags *d)
{
    bool ok = true;
    if (complete)
        for (size_t i = 0; i < b->nquestions; i++)
            if (!asx_procurement_requirement(p, b->id, b->questions[i].id)) {
                asx_diags_addf(d, ASX_ERR_DATA, "procurement.json", 0, 0,
                               ASX_L("質問票 %s の設問 %s に仕様書の要件文がありません",
                                     "bank %s: question %s has no requirement text"),
                               b->id, b->questions[i].id);
                ok = false;
            }
    const asx_contract_terms *c = asx_procurement_contract(p, b->id);
    unsigned *uses = c ? calloc(b->nquestions ? b->nquestions : 1, sizeof *uses) : NULL;
    if (c && !uses) {
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        return ASX_ERR_NOMEM;
    }
    for (size_t i = 0; c && i < c->narticles; i++) {
        ref_ctx ctx = {b, c->articles[i].term, d, uses};
        ref_ctx en = {b, c->articles[i].term, d, NULL};
        for (size_t s = 0; s < c->articles[i].nsentences; s++) {
            const asx_text *t = &c->articles[i].sentences[s];
            if (!each_ref(t->ja, "{answer:", ref_exists, &ctx) || !each_ref(t->en, "{answer:", ref_exists, &en) ||
                !each_ref(t->ja, "{term:", term_exists, &ctx) || !each_ref(t->en, "{term:", term_exists, &en))
                ok = false;
        }
    }
    /* SPEC §8.3: each agreed term is stated once in the body */
    for (size_t i = 0; c && i < b->nquestions; i++) {
        const asx_question *q = &b->questions[i];
        if (q->term.ja && uses[i] != 1) {
            asx_diags_addf(d, ASX_ERR_DATA, "procurement.json", 0, 0,
                           ASX_L("質問票 %s の設問 %s の契約の文言 (term) が特記事項に %u 回あります (1 回でなければなりません)",
                                 "bank %s: the term of question %s is stated %u times in the contract articles (once expected)"),
                           b->id, q->id, uses[i]);
            ok = false;
        }
    }
    free(uses);
    return ok ? ASX_OK : ASX_ERR_DATA;
}

/* ---- filling ---------------------------------------------------------------------------- */

/* 99.9 → "99.9", 24 → "24", 99.95 → "99.95". */
static void add_number(asx_buf *b, double v)
{
    char s[64];
    snprintf(s, sizeof s, "%.2f", v);
    char *dot = strchr(s, '.');
    if (dot) {
        char *e = s + strlen(s) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
    }
    asx_buf_adds(b, s);
}

static const asx_strlist *allowed_list(const asx_policy *p, asx_country_list which)
{
    switch (which) {
    case ASX_CL_STORAGE: return &p->storage;
    case ASX_CL_PROCESSING: return &p->processing;
    case ASX_CL_BACKUP: return &p->backup;
    case ASX_CL_NONE: return NULL;
    }
    return NULL;
}

static void add_countries(asx_buf *b, const asx_strlist *l, const asx_policy *p, asx_lang lang)
{
    if (!l || l->n == 0) {
        if (lang == ASX_LANG_EN)
            asx_buf_adds(b, "the countries the organisation allows");
        else
            asx_buf_addf(b, "%sが認める国", asx_policy_self_reference(p, lang));
        return;
    }
    if (lang != ASX_LANG_EN && l->n == 1) {
        asx_buf_addf(b, "%s国内", asx_country_name(l->v[0], lang));
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            asx_buf_adds(b, lang == ASX_LANG_EN ? (i + 1 == l->n ? " or " : ", ") : "・");
        asx_buf_adds(b, asx_country_name(l->v[i], lang));
    }
    if (lang != ASX_LANG_EN)
        asx_buf_adds(b, "のいずれかの国内");
}

static bool question_threshold(const asx_question *q, const asx_policy *p, asx_class cls,
                               double *out)
{
    if (q->type != ASX_Q_NUMBER || !q->has_threshold)
        return false;
    if (q->threshold_policy)
        return asx_policy_threshold(p, q->threshold_policy, cls.a, out);
    *out = q->threshold;
    return true;
}

typedef struct {
    const asx_question *q; /* for {threshold} {unit} {countries} {country}; may be NULL */
    const asx_policy *policy;
    asx_class cls;
    const asx_answers *answers; /* for {answer:ID}; may be NULL */
    const asx_contract_input *in; /* for {term:ID}, {agreed} and the subcontractors; may be NULL */
    const asx_question *term_q;   /* the question whose term is being filled ({agreed}) */
    asx_lang lang;
    bool missing; /* an {answer:ID} had no usable answer */
} fill_ctx;

static char *fill(const char *s, fill_ctx *c);

static const asx_agreed *agreed_of(const fill_ctx *c, const asx_question *q)
{
    return q && c->in && c->in->agreed ? &c->in->agreed[q->index] : NULL;
}

static void add_names(asx_buf *b, const char *const *v, size_t n, fill_ctx *c)
{
    if (!n) {
        c->missing = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        asx_buf_addf(b, "%s%s", i ? (c->lang == ASX_LANG_EN ? "; " : "、") : "", v[i]);
}

static void fill_one(asx_buf *b, const char *name, size_t n, fill_ctx *c)
{
    const asx_question *q = c->q;
    double v;
    if (n == 9 && memcmp(name, "threshold", 9) == 0) {
        if (q && question_threshold(q, c->policy, c->cls, &v))
            add_number(b, v);
        else
            c->missing = true;
    } else if (n == 4 && memcmp(name, "unit", 4) == 0) {
        if (q)
            asx_buf_adds(b, asx_text_get(&q->unit, c->lang));
    } else if (n == 9 && memcmp(name, "countries", 9) == 0) {
        const asx_strlist *l = q ? allowed_list(c->policy, q->policy_list) : NULL;
        add_countries(b, l ? l : &c->policy->storage, c->policy, c->lang);
    } else if (n == 4 && memcmp(name, "self", 4) == 0) {
        asx_buf_adds(b, asx_policy_self_reference(c->policy, c->lang));
    } else if (n == 7 && memcmp(name, "country", 7) == 0) {
        const char *code = q && q->policy_key == ASX_PK_JURISDICTION ? c->policy->jurisdiction
                                                                    : c->policy->governing_law;
        asx_buf_adds(b, asx_country_name(code, c->lang));
    } else if (n == 7 && memcmp(name, "minimum", 7) == 0) {
        const asx_option *o = q && q->minimum_policy
                                  ? asx_question_option(q, asx_policy_choice_min(c->policy,
                                                                                q->minimum_policy))
                                  : NULL;
        if (o)
            asx_buf_adds(b, asx_text_get(&o->label, c->lang));
        else
            c->missing = true;
    } else if (n > 7 && memcmp(name, "clause:", 7) == 0) {
        /* inside a contract a citation names the standard (SPEC §8.6): 「対策基準第6章第1節」 */
        char *id = asx_strndup(name + 7, n - 7);
        char *local = id ? asx_policy_clauses_local(c->policy, id) : NULL;
        if (!local) {
            b->oom = true;
        } else {
            const char *std = c->lang == ASX_LANG_EN ? "standard"
                              : c->policy->standard_name ? c->policy->standard_name : "情報セキュリティ対策基準";
            asx_buf_addf(b, "%s%s%s", std, c->lang == ASX_LANG_EN || (local[0] >= '0' && local[0] <= '9') ? " " : "",
                         local);
        }
        free(local);
        free(id);
    } else if (n == 6 && memcmp(name, "agreed", 6) == 0) {
        const asx_agreed *ag = agreed_of(c, c->term_q);
        const char *val = ag ? asx_text_get(&ag->value, c->lang) : "";
        if (*val)
            asx_buf_adds(b, val);
        else
            c->missing = true;
    } else if (n == 23 && memcmp(name, "approved_subcontractors", 23) == 0) {
        add_names(b, c->in ? c->in->approved : NULL, c->in ? c->in->napproved : 0, c);
    } else if (n == 22 && memcmp(name, "refused_subcontractors", 22) == 0) {
        add_names(b, c->in ? c->in->refused : NULL, c->in ? c->in->nrefused : 0, c);
    } else if (n > 5 && memcmp(name, "term:", 5) == 0) {
        char *id = asx_strndup(name + 5, n - 5);
        const asx_question *tq = id && c->answers ? asx_bank_find(c->answers->bank, id) : NULL;
        free(id);
        const asx_agreed *ag = agreed_of(c, tq);
        if (!tq || !tq->term.ja || !ag || !ag->stated || ag->dated) {
            c->missing = true;
            return;
        }
        fill_ctx tc = *c;
        tc.term_q = tq;
        tc.missing = false;
        char *s = fill(asx_text_get(&tq->term, c->lang), &tc);
        if (!s)
            b->oom = true;
        else if (tc.missing)
            c->missing = true;
        else
            asx_buf_adds(b, s);
        free(s);
    } else if (n > 7 && memcmp(name, "answer:", 7) == 0) {
        char *id = asx_strndup(name + 7, n - 7);
        const asx_question *aq = id && c->answers ? asx_bank_find(c->answers->bank, id) : NULL;
        free(id);
        const asx_agreed *ag = agreed_of(c, aq);
        if (ag && *asx_text_get(&ag->value, c->lang)) { /* the agreed value, not the answer */
            asx_buf_adds(b, asx_text_get(&ag->value, c->lang));
            return;
        }
        const asx_answer *a = aq ? &c->answers->a[aq->index] : NULL;
        if (!aq || !a->present || a->na || !asx_question_applies(aq, c->answers)) {
            c->missing = true;
            return;
        }
        char *s = asx_answer_format(aq, a, c->lang);
        if (!s)
            b->oom = true;
        else
            asx_buf_adds(b, s);
        free(s);
    }
}

/* s with its placeholders filled; NULL on out of memory. */
static char *fill(const char *s, fill_ctx *c)
{
    asx_buf b = {0};
    const char *p = s;
    while (*p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            asx_buf_adds(&b, p);
            break;
        }
        asx_buf_add(&b, p, (size_t)(open - p));
        fill_one(&b, open + 1, (size_t)(close - open - 1), c);
        p = close + 1;
    }
    if (!b.s && !b.oom)
        asx_buf_adds(&b, "");
    return asx_buf_take(&b);
}

static char *joined_clauses(const asx_question *q, const asx_policy *p)
{
    char *raw = asx_question_clauses(q);
    char *local = raw ? asx_policy_clauses_local(p, raw) : NULL;
    free(raw);
    return local;
}

char *asx_requirement_text(const asx_procurement *p, const asx_bank *b, const asx_question *q,
                           const asx_policy *policy, asx_class cls, asx_lang lang)
{
    const asx_requirement *r = asx_procurement_requirement(p, b ? b->id : NULL, q->id);
    fill_ctx fc = {.q = q, .policy = policy, .cls = cls, .lang = lang};
    return fill(r ? asx_text_get(&r->text, lang) : asx_text_get(&q->fix, lang), &fc);
}

/* ---- the 仕様書 ------------------------------------------------------------------------- */

static bool applies_to_class(const asx_question *q, asx_class c)
{
    return (!q->applies_c || c.c >= q->applies_c) && (!q->applies_i || c.i >= q->applies_i) &&
           (!q->applies_a || c.a >= q->applies_a);
}

/* The clause that puts these requirements into the tender, as the bank says (else its own). */
static const char *tender_clause(const asx_bank *b)
{
    return b->documents.tender_clause ? b->documents.tender_clause : b->clause;
}

void asx_spec_free(asx_spec *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nsections; i++) {
        for (size_t k = 0; k < s->sections[i].nitems; k++) {
            free(s->sections[i].items[k].text);
            free(s->sections[i].items[k].clauses);
        }
        free(s->sections[i].items);
    }
    free(s->sections);
    for (size_t i = 0; i < s->ndocs; i++)
        free(s->docs[i].refs);
    free(s->docs);
    free(s->tender_clause);
    free(s->evaluation_clause);
    free(s->requirement_clause);
    free(s);
}

/* Record that requirement ref asks for the evidence of q (each text once). */
static bool add_doc(asx_spec *s, const asx_question *q, const char *ref)
{
    const char *what = asx_text_get(&q->evidence, s->lang);
    if (!*what)
        return true;
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(asx_text_get(s->docs[i].what, s->lang), what) == 0) {
            char *refs = asx_strdupf("%s, %s", s->docs[i].refs, ref);
            if (!refs)
                return false;
            free(s->docs[i].refs);
            s->docs[i].refs = refs;
            return true;
        }
    s->docs[s->ndocs].what = &q->evidence;
    s->docs[s->ndocs].refs = asx_strdup(ref);
    return s->docs[s->ndocs++].refs != NULL;
}

asx_error asx_spec_build(const asx_procurement *p, const asx_bank *b, const asx_policy *policy,
                         asx_class cls, asx_lang lang, asx_spec **out, asx_diags *d)
{
    *out = NULL;
    if (cls.c < 1 || cls.c > 3 || cls.i < 1 || cls.i > 2 || cls.a < 1 || cls.a > 2) {
        asx_diags_addf(d, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("格付けは 機密性 1-3 / 完全性 1-2 / 可用性 1-2 です (例: 2/2/2)",
                             "the classification is confidentiality 1-3 / integrity 1-2 / "
                             "availability 1-2 (e.g. 2/2/2)"));
        return ASX_ERR_USAGE;
    }
    if ((b->conf_min && cls.c < b->conf_min) || (b->conf_max && cls.c > b->conf_max)) {
        char levels[64];
        asx_bank_conf_label(b, asx_ui_lang, levels, sizeof levels);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("質問票 %s は%sの情報資産用です (%s)。機密性 %d には使えません",
                             "questionnaire %s is for %s (%s); it cannot be used for confidentiality %d"),
                       b->id, levels, b->clause ? b->clause : "-", cls.c);
        return ASX_ERR_DATA;
    }
    asx_spec *s = calloc(1, sizeof *s);
    if (!s)
        goto oom;
    s->bank = b;
    s->policy = policy;
    s->cls = cls;
    s->lang = lang;
    s->on_terms = asx_procurement_contract(p, b->id) == NULL &&
                  b->documents.kind == ASX_BANK_ON_TERMS;
    s->tender_clause = asx_policy_clauses_local(policy, tender_clause(b));
    bool outsourcing = b->documents.kind == ASX_BANK_OUTSOURCING;
    s->mark = s->on_terms || b->documents.kind == ASX_BANK_ON_TERMS ? ASX_SPEC_MARK_NONE
              : outsourcing                                                ? ASX_SPEC_MARK_REQUIRED
                                                                           : ASX_SPEC_MARK_SELECTION;
    if (s->mark != ASX_SPEC_MARK_NONE) {
        s->evaluation_clause = asx_policy_clauses_local(policy, outsourcing ? "11-1(1)②" : "11-2(2)⑪");
        if (!s->evaluation_clause)
            goto oom;
    }
    if (s->mark == ASX_SPEC_MARK_REQUIRED) {
        s->requirement_clause = asx_policy_clauses_local(policy, "11-1(1)①");
        if (!s->requirement_clause)
            goto oom;
    }
    s->standard_name = policy->standard_name ? policy->standard_name : "情報セキュリティ対策基準";
    if (!s->tender_clause)
        goto oom;
    s->sections = calloc(b->nsections ? b->nsections : 1, sizeof *s->sections);
    s->docs = calloc(b->nquestions ? b->nquestions : 1, sizeof *s->docs);
    if (!s->sections || !s->docs)
        goto oom;
    for (size_t si = 0; si < b->nsections; si++) {
        asx_spec_section *sec = &s->sections[s->nsections];
        sec->section = &b->sections[si];
        sec->items = calloc(b->nquestions ? b->nquestions : 1, sizeof *sec->items);
        if (!sec->items)
            goto oom;
        s->nsections++;
        for (size_t qi = 0; qi < b->nquestions; qi++) {
            const asx_question *q = &b->questions[qi];
            if (q->section != si || !applies_to_class(q, cls))
                continue;
            asx_spec_item *it = &sec->items[sec->nitems++];
            it->q = q;
            it->evaluated = s->mark != ASX_SPEC_MARK_NONE && q->basis == ASX_BASIS_REFERENCE;
            it->conditional = q->when_q != NULL;
            it->text = asx_requirement_text(p, b, q, policy, cls, lang);
            it->clauses = joined_clauses(q, policy);
            if (!it->text || !it->clauses)
                goto oom;
            s->nitems++;
            if (it->evaluated)
                s->nevaluated++;
            char ref[48];
            /* 「9.(2)」: the heading's number and the item's, never to be read as a clause of the
             * standard (「9(2)」 is one) */
            snprintf(ref, sizeof ref, "%zu.(%zu)", s->nsections, sec->nitems);
            if (!add_doc(s, q, ref))
                goto oom;
        }
        if (sec->nitems == 0) { /* nothing applies: the section is left out */
            free(sec->items);
            sec->items = NULL;
            s->nsections--;
        }
    }
    *out = s;
    return ASX_OK;
oom:
    asx_spec_free(s);
    asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
    return ASX_ERR_NOMEM;
}

/* ---- the 特記事項 ----------------------------------------------------------------------- */

void asx_contract_free(asx_contract *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->narticles; i++) {
        free(c->articles[i].term);
        asx_strv_free(c->articles[i].sentences, c->articles[i].nsentences);
    }
    free(c->articles);
    if (c->dated)
        asx_strv_free(c->dated, c->answers->bank->nquestions);
    free(c);
}

asx_error asx_contract_build(const asx_procurement *p, const asx_answers *a,
                             const asx_policy *policy, const asx_contract_input *in, asx_lang lang,
                             asx_contract **out, asx_diags *d)
{
    *out = NULL;
    const asx_contract_terms *terms = asx_procurement_contract(p, a->bank->id);
    if (!terms) {
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("質問票 %s (%s) の外部サービスは約款により利用するため、"
                             "契約の特記事項は作成しません (約款の確認は 11-3(2)①)",
                             "bank %s (%s) is for services used on their published terms: there "
                             "is no contract to add terms to (check the terms, 11-3(2)①)"),
                       a->bank->id, a->bank->clause);
        return ASX_ERR_DATA;
    }
    asx_contract *c = calloc(1, sizeof *c);
    if (!c)
        goto oom;
    c->answers = a;
    c->articles = calloc(terms->narticles ? terms->narticles : 1, sizeof *c->articles);
    c->dated = calloc(a->bank->nquestions ? a->bank->nquestions : 1, sizeof *c->dated);
    if (!c->articles || !c->dated)
        goto oom;
    for (size_t i = 0; i < terms->narticles; i++) {
        const asx_article *art = &terms->articles[i];
        asx_contract_article *ca = &c->articles[c->narticles++];
        ca->article = art;
        ca->term = asx_policy_clauses_local(policy, art->term);
        ca->sentences = calloc(art->nsentences ? art->nsentences : 1, sizeof *ca->sentences);
        if (!ca->term || !ca->sentences)
            goto oom;
        for (size_t k = 0; k < art->nsentences; k++) {
            fill_ctx fc = {.policy = policy, .cls = a->cls, .answers = a, .in = in, .lang = lang};
            char *s = fill(asx_text_get(&art->sentences[k], lang), &fc);
            if (!s)
                goto oom;
            if (fc.missing) { /* what was not agreed is not written as agreed */
                free(s);
                continue;
            }
            ca->sentences[ca->nsentences++] = s;
        }
    }
    /* the terms a condition states with its due date, instead of the body */
    for (size_t i = 0; in && in->agreed && i < a->bank->nquestions; i++) {
        const asx_question *q = &a->bank->questions[i];
        if (!in->agreed[i].dated || !q->term.ja)
            continue;
        fill_ctx fc = {.policy = policy, .cls = a->cls, .answers = a, .in = in, .term_q = q, .lang = lang};
        c->dated[i] = fill(asx_text_get(&q->term, lang), &fc);
        if (!c->dated[i])
            goto oom;
    }
    *out = c;
    return ASX_OK;
oom:
    asx_contract_free(c);
    asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
    return ASX_ERR_NOMEM;
}
