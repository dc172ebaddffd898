/* compare.c - ranking eligible bidders and excluding the others, with reasons. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/compare.h"
#include "asx/util.h"

bool asx_compare_eligible(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED:
    case ASX_VERDICT_CONDITIONAL: return true;
    case ASX_VERDICT_REJECTED:
    case ASX_VERDICT_INCOMPLETE: return false;
    }
    return false;
}

/* ---- comparability ---------------------------------------------------------------------- */

static const char *nz(const char *s)
{
    return s ? s : "";
}

static bool same_bank(const asx_answers *x, const asx_answers *y)
{
    return strcmp(x->bank->id, y->bank->id) == 0 &&
           strcmp(nz(x->bank_version), nz(y->bank_version)) == 0;
}

static bool same_class(const asx_answers *x, const asx_answers *y)
{
    return x->cls.c == y->cls.c && x->cls.i == y->cls.i && x->cls.a == y->cls.a;
}

/* Index of the file whose group (by eq) is the largest; the earliest wins a tie. */
static size_t majority(const asx_answers *const *v, size_t n,
                       bool (*eq)(const asx_answers *, const asx_answers *))
{
    size_t best = 0, best_count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t count = 0;
        for (size_t k = 0; k < n; k++)
            if (eq(v[i], v[k]))
                count++;
        if (count > best_count) {
            best = i;
            best_count = count;
        }
    }
    return best;
}

static void bank_mismatch(const asx_answers *odd, const asx_answers *ref, asx_diags *d)
{
    asx_diags_addf(d, ASX_ERR_DATA, odd->file, 0, 0,
                   ASX_L("質問票 %s %s の回答は、%s (%s %s) と質問票が異なるため比較できません。"
                         "全入札者に同じ質問票で回答させてください",
                         "answers questionnaire %s %s but %s answers %s %s: bidders can only be "
                         "compared on the same questionnaire"),
                   odd->bank->id, nz(odd->bank_version), nz(ref->file), ref->bank->id,
                   nz(ref->bank_version));
}

static void class_mismatch(const asx_answers *odd, const asx_answers *ref, asx_diags *d)
{
    char a[64], b[64];
    asx_class_format(odd->cls, asx_ui_lang, a, sizeof a);
    asx_class_format(ref->cls, asx_ui_lang, b, sizeof b);
    asx_diags_addf(d, ASX_ERR_DATA, odd->file, 0, 0,
                   ASX_L("情報資産の分類 %s は、%s の %s と異なるため比較できません。"
                         "同じ分類で評価した回答だけを比較してください",
                         "classification %s differs from %s in %s: bidders can only be compared "
                         "for the same classification"),
                   a, b, nz(ref->file));
}

asx_error asx_compare_check(const asx_answers *const *answers, size_t n, asx_diags *d)
{
    asx_error err = ASX_OK;
    if (n == 0)
        return ASX_OK;
    const asx_answers *ref = answers[majority(answers, n, same_bank)];
    for (size_t i = 0; i < n; i++)
        if (!same_bank(answers[i], ref)) {
            bank_mismatch(answers[i], ref, d);
            err = ASX_ERR_DATA;
        }
    if (err)
        return err; /* classifications of different banks are not worth comparing */
    ref = answers[majority(answers, n, same_class)];
    for (size_t i = 0; i < n; i++)
        if (!same_class(answers[i], ref)) {
            class_mismatch(answers[i], ref, d);
            err = ASX_ERR_DATA;
        }
    return err;
}

/* ---- ranking ---------------------------------------------------------------------------- */

static int cmp_ranked(const void *pa, const void *pb)
{
    const asx_bidder *x = pa, *y = pb;
    /* Scores are rounded to 0.1 by asx_score(): equal scores compare equal exactly, but allow
     * for representation noise anyway. */
    double ds = x->r->score - y->r->score;
    if (fabs(ds) > 1e-9)
        return ds > 0 ? -1 : 1;
    size_t mx = x->r->count[ASX_SEV_MAJOR], my = y->r->count[ASX_SEV_MAJOR];
    if (mx != my)
        return mx < my ? -1 : 1;
    int c = strcmp(nz(x->r->answers->vendor_name), nz(y->r->answers->vendor_name));
    if (c)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

static unsigned exclusion_reasons(const asx_result *r)
{
    unsigned reasons = 0;
    if (r->count[ASX_SEV_KNOCKOUT])
        reasons |= ASX_EXCL_KNOCKOUT;
    if (r->nunanswered)
        reasons |= ASX_EXCL_UNANSWERED;
    if (!reasons && r->verdict == ASX_VERDICT_REJECTED)
        reasons |= ASX_EXCL_LOW_SCORE;
    return reasons;
}

void asx_comparison_free(asx_comparison *c)
{
    if (!c)
        return;
    free(c->all);
    free(c->ranked);
    free(c->excluded);
    free(c);
}

asx_error asx_compare(const asx_result *const *results, size_t n, asx_comparison **out,
                      asx_diags *d)
{
    asx_error err = ASX_ERR_NOMEM;
    *out = NULL;
    if (n == 0) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, NULL, 0, 0, "asx_compare: no results");
        return ASX_ERR_INTERNAL;
    }
    asx_comparison *c = calloc(1, sizeof *c);
    if (!c)
        goto fail;
    c->all = calloc(n, sizeof *c->all);
    c->ranked = calloc(n, sizeof *c->ranked);
    c->excluded = calloc(n, sizeof *c->excluded);
    if (!c->all || !c->ranked || !c->excluded)
        goto fail;
    c->bank = results[0]->bank;
    c->policy = results[0]->policy;
    c->cls = results[0]->answers->cls;
    c->nall = n;
    for (size_t i = 0; i < n; i++) {
        asx_bidder *b = &c->all[i];
        b->r = results[i];
        b->index = i;
        if (asx_compare_eligible(b->r->verdict)) {
            c->ranked[c->nranked++] = *b;
        } else {
            b->reasons = exclusion_reasons(b->r);
            c->excluded[c->nexcluded++] = *b;
        }
    }
    qsort(c->ranked, c->nranked, sizeof *c->ranked, cmp_ranked);
    for (size_t i = 0; i < c->nranked; i++) {
        c->ranked[i].rank = (int)i + 1;
        c->all[c->ranked[i].index].rank = (int)i + 1;
    }
    *out = c;
    return ASX_OK;
fail:
    asx_diags_addf(d, err, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
    asx_comparison_free(c);
    return err;
}

/* ---- JSON ------------------------------------------------------------------------------- */

/* cJSON_Add… return NULL on failure without taking ownership; track it once per object. */
static cJSON *add_obj(cJSON *arr, bool *oom)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        *oom = true;
        return NULL;
    }
    return o;
}

static void add_common(cJSON *o, const asx_bidder *b, bool *oom)
{
    const asx_answers *a = b->r->answers;
    if (!cJSON_AddStringToObject(o, "vendor", nz(a->vendor_name)) ||
        !cJSON_AddStringToObject(o, "service", nz(a->service_name)) ||
        !cJSON_AddNumberToObject(o, "score", b->r->score) ||
        !cJSON_AddStringToObject(o, "verdict", asx_verdict_name(b->r->verdict)) ||
        !cJSON_AddStringToObject(o, "file", nz(a->file)))
        *oom = true;
}

static void add_ranked(cJSON *arr, const asx_bidder *b, bool *oom)
{
    cJSON *o = add_obj(arr, oom);
    if (!o)
        return;
    if (!cJSON_AddNumberToObject(o, "rank", b->rank))
        *oom = true;
    add_common(o, b, oom);
    if (!cJSON_AddNumberToObject(o, "majors", (double)b->r->count[ASX_SEV_MAJOR]) ||
        !cJSON_AddNumberToObject(o, "minors", (double)b->r->count[ASX_SEV_MINOR]))
        *oom = true;
}

static void add_reasons(cJSON *o, unsigned reasons, bool *oom)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "reasons");
    if (!arr) {
        *oom = true;
        return;
    }
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{ASX_EXCL_KNOCKOUT, "knockout"},
                 {ASX_EXCL_UNANSWERED, "unanswered"},
                 {ASX_EXCL_LOW_SCORE, "low_score"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(reasons & names[i].bit))
            continue;
        cJSON *s = cJSON_CreateString(names[i].name);
        if (!s || !cJSON_AddItemToArray(arr, s)) {
            cJSON_Delete(s);
            *oom = true;
        }
    }
}

static void add_excluded(cJSON *arr, const asx_bidder *b, asx_lang lang, bool *oom)
{
    const asx_result *r = b->r;
    cJSON *o = add_obj(arr, oom);
    if (!o)
        return;
    add_common(o, b, oom);
    add_reasons(o, b->reasons, oom);
    cJSON *fs = cJSON_AddArrayToObject(o, "findings");
    for (size_t i = 0; fs && i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->severity != ASX_SEV_KNOCKOUT)
            continue;
        cJSON *fo = add_obj(fs, oom);
        if (!fo)
            break;
        if (!cJSON_AddStringToObject(fo, "question", f->q ? f->q->id : "") ||
            !cJSON_AddStringToObject(fo, "clause", nz(f->clause)) ||
            !cJSON_AddStringToObject(fo, "severity", asx_severity_name(f->severity)) ||
            !cJSON_AddStringToObject(fo, "message", nz(asx_finding_msg(f, lang))))
            *oom = true;
    }
    cJSON *un = cJSON_AddArrayToObject(o, "unanswered");
    for (size_t i = 0; un && i < r->nunanswered; i++) {
        const asx_question *q = &r->bank->questions[r->unanswered[i]];
        asx_buf cl = {0};
        for (size_t k = 0; k < q->nclauses; k++)
            asx_buf_addf(&cl, "%s%s", k ? ", " : "", q->clauses[k]);
        cJSON *uo = add_obj(un, oom);
        if (uo && (!cJSON_AddStringToObject(uo, "question", q->id) ||
                   !cJSON_AddStringToObject(uo, "clause", asx_buf_str(&cl)) ||
                   !cJSON_AddStringToObject(uo, "label", asx_text_get(&q->label, lang))))
            *oom = true;
        if (cl.oom)
            *oom = true;
        asx_buf_free(&cl);
    }
    if (!fs || !un)
        *oom = true;
}

char *asx_comparison_to_json(const asx_comparison *c, asx_lang lang)
{
    bool oom = false;
    char *s = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    if (!cJSON_AddStringToObject(root, "format", "assess-compare/1") ||
        !cJSON_AddStringToObject(root, "questionnaire", c->bank->id) ||
        !cJSON_AddStringToObject(root, "questionnaire_version", nz(c->bank->version)))
        goto done;
    cJSON *cl = cJSON_AddObjectToObject(root, "classification");
    if (!cl || !cJSON_AddNumberToObject(cl, "confidentiality", c->cls.c) ||
        !cJSON_AddNumberToObject(cl, "integrity", c->cls.i) ||
        !cJSON_AddNumberToObject(cl, "availability", c->cls.a))
        goto done;
    cJSON *ranking = cJSON_AddArrayToObject(root, "ranking");
    cJSON *excluded = cJSON_AddArrayToObject(root, "excluded");
    if (!ranking || !excluded)
        goto done;
    for (size_t i = 0; i < c->nranked; i++)
        add_ranked(ranking, &c->ranked[i], &oom);
    for (size_t i = 0; i < c->nexcluded; i++)
        add_excluded(excluded, &c->excluded[i], lang, &oom);
    if (!oom)
        s = cJSON_PrintUnformatted(root);
done:
    cJSON_Delete(root);
    return s;
}
