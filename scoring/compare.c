/* compare.c - ranking eligible bidders and excluding the others, with reasons. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/compare.h"
#include "asx/util.h"

bool asx_compare_eligible(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED:
    case ASX_VERDICT_CONDITIONAL: return true;
    case ASX_VERDICT_REJECTED:
    case ASX_VERDICT_INCOMPLETE:
    case ASX_VERDICT_PENDING: return false;
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

/* ---- 技術点 ---------------------------------------------------------------------------- */

static bool applies_to_class(const asx_question *q, asx_class c)
{
    return (!q->applies_c || c.c >= q->applies_c) && (!q->applies_i || c.i >= q->applies_i) &&
           (!q->applies_a || c.a >= q->applies_a);
}

/* The points of every section: the policy's evaluation_points, or each section's weight.
 * Section ids the policy names that the bank lacks are noted (they count for nothing here:
 * one policy serves banks with different sections). False on out of memory. */
static bool tech_points(asx_comparison *c, asx_diags *d)
{
    const asx_bank *b = c->bank;
    const asx_policy *p = c->policy;
    c->points = calloc(b->nsections ? b->nsections : 1, sizeof *c->points);
    if (!c->points)
        return false;
    c->points_from_policy = p && p->evaluation_points.n > 0;
    for (size_t k = 0; k < b->nsections; k++) {
        double v = 0;
        if (c->points_from_policy) {
            if (asx_policy_evaluation_points(p, b->sections[k].id, &v))
                c->points[k] = v;
        } else {
            for (size_t q = 0; q < b->nquestions; q++)
                if (b->questions[q].section == k && applies_to_class(&b->questions[q], c->cls))
                    c->points[k] += b->questions[q].weight;
        }
        c->tech_max += c->points[k];
    }
    for (size_t i = 0; c->points_from_policy && i < p->evaluation_points.n; i++) {
        bool known = false;
        for (size_t k = 0; k < b->nsections; k++)
            known = known || strcmp(b->sections[k].id, p->evaluation_points.key[i]) == 0;
        if (!known)
            asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                           ASX_L("ポリシーの evaluation_points の区分 \"%s\" は質問票 %s にないため、技術点に数えません",
                                 "evaluation_points names section \"%s\", which bank %s lacks: it counts for nothing"),
                           p->evaluation_points.key[i], b->id);
    }
    return true;
}

static double tech_score(const asx_comparison *c, const asx_result *r)
{
    double t = 0;
    for (size_t k = 0; k < c->bank->nsections; k++) {
        const asx_secscore *ss = &r->sections[k];
        t += c->points[k] * (ss->counted ? ss->score / 100.0 : 1.0);
    }
    return round(t * 10.0) / 10.0;
}

/* ---- anonymising ------------------------------------------------------------------------ */

void asx_compare_anonymize(asx_comparison *c)
{
    c->anonymized = true;
    for (size_t i = 0; i < c->nall; i++) {
        char letters[8];
        size_t n = i, len = 0;
        char tmp[8];
        do { /* A..Z, then AA, AB, … (bijective base 26) */
            tmp[len++] = (char)('A' + n % 26);
            n = n / 26;
        } while (n-- > 0 && len < sizeof tmp - 1);
        for (size_t k = 0; k < len; k++)
            letters[k] = tmp[len - 1 - k];
        letters[len] = '\0';
        snprintf(c->all[i].alias, sizeof c->all[i].alias, ASX_L("%s社", "Bidder %s"), letters);
    }
    for (size_t i = 0; i < c->nranked; i++)
        memcpy(c->ranked[i].alias, c->all[c->ranked[i].index].alias, sizeof c->ranked[i].alias);
    for (size_t i = 0; i < c->nexcluded; i++)
        memcpy(c->excluded[i].alias, c->all[c->excluded[i].index].alias, sizeof c->excluded[i].alias);
}

const char *asx_bidder_vendor(const asx_comparison *c, const asx_bidder *b)
{
    if (c->anonymized)
        return b->alias;
    return nz(b->r->answers->vendor_name);
}

char *asx_bidder_service(const asx_comparison *c, const asx_bidder *b, asx_lang lang)
{
    if (c->anonymized)
        return asx_strdupf(lang == ASX_LANG_EN ? "%s's offer" : "%sの提案", b->alias);
    return asx_strdup(nz(b->r->answers->service_name));
}

const char *asx_bidder_file(const asx_comparison *c, const asx_bidder *b)
{
    if (c->anonymized)
        return b->alias;
    return nz(b->r->answers->file);
}

typedef struct {
    char *needle;
    const char *alias;
} scrub_pair;

/* The name without the legal form (株式会社…, …Inc.), so a comment that says 「ひかりデジタルの」
 * is caught too; NULL when nothing distinctive is left. */
static char *core_name(const char *name)
{
    static const char *const forms[] = {"株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
                                        "一般社団法人", "一般財団法人", "(株)", "（株）",
                                        " Co., Ltd.", " Co.,Ltd.", ", Inc.", " Inc.", " Ltd.",
                                        " LLC", " K.K.", " GK"};
    char *s = asx_strdup(name);
    if (!s)
        return NULL;
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
            size_t fl = strlen(forms[i]), sl = strlen(s);
            if (sl > fl && strncmp(s, forms[i], fl) == 0) {
                memmove(s, s + fl, sl - fl + 1);
                again = true;
            } else if (sl > fl && strcmp(s + sl - fl, forms[i]) == 0) {
                s[sl - fl] = '\0';
                again = true;
            }
        }
    }
    char *t = s;
    while (*t == ' ')
        t++;
    memmove(s, t, strlen(t) + 1);
    if (strlen(s) < 6 || strcmp(s, name) == 0) { /* two CJK characters at least, and different */
        free(s);
        return NULL;
    }
    return s;
}

static int cmp_needle(const void *pa, const void *pb)
{
    const scrub_pair *x = pa, *y = pb;
    size_t lx = strlen(x->needle), ly = strlen(y->needle);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return strcmp(x->needle, y->needle);
}

/* s with every occurrence of needle replaced by rep; frees s. NULL on out of memory. */
static char *replace_all(char *s, const char *needle, const char *rep)
{
    if (!s || !*needle || !strstr(s, needle))
        return s;
    asx_buf b = {0};
    size_t nl = strlen(needle);
    const char *p = s;
    for (const char *m = strstr(p, needle); m; m = strstr(p, needle)) {
        asx_buf_add(&b, p, (size_t)(m - p));
        asx_buf_adds(&b, rep);
        p = m + nl;
    }
    asx_buf_adds(&b, p);
    free(s);
    return asx_buf_take(&b);
}

char *asx_compare_scrub(const asx_comparison *c, const char *s)
{
    if (!s)
        return NULL;
    char *out = asx_strdup(s);
    if (!c->anonymized || !out)
        return out;
    scrub_pair *v = calloc(c->nall * 5 + 1, sizeof *v);
    size_t n = 0;
    bool oom = !v;
    for (size_t i = 0; !oom && i < c->nall; i++) {
        const asx_answers *a = c->all[i].r->answers;
        const char *names[3] = {a->vendor_name, a->service_name, a->corporate_number};
        for (size_t k = 0; k < 3; k++) {
            if (!names[k] || !*names[k])
                continue;
            v[n].needle = asx_strdup(names[k]);
            v[n].alias = c->all[i].alias;
            if (!v[n++].needle)
                oom = true;
            if (k < 2) {
                char *core = core_name(names[k]);
                if (core) {
                    v[n].needle = core;
                    v[n++].alias = c->all[i].alias;
                }
            }
        }
    }
    if (!oom) {
        qsort(v, n, sizeof *v, cmp_needle);
        for (size_t i = 0; out && i < n; i++)
            out = replace_all(out, v[i].needle, v[i].alias);
    }
    for (size_t i = 0; v && i < n; i++)
        free(v[i].needle);
    free(v);
    if (oom) {
        free(out);
        return NULL;
    }
    return out;
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
    if (!reasons && r->verdict == ASX_VERDICT_REJECTED && !r->nrefusals)
        reasons |= ASX_EXCL_LOW_SCORE;
    if (r->verdict == ASX_VERDICT_PENDING)
        reasons |= ASX_EXCL_PENDING;
    return reasons;
}

void asx_comparison_free(asx_comparison *c)
{
    if (!c)
        return;
    free(c->points);
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
    if (!tech_points(c, d))
        goto fail;
    for (size_t i = 0; i < n; i++)
        c->all[i].tech = tech_score(c, c->all[i].r);
    for (size_t i = 0; i < c->nranked; i++)
        c->ranked[i].tech = c->all[c->ranked[i].index].tech;
    for (size_t i = 0; i < c->nexcluded; i++)
        c->excluded[i].tech = c->all[c->excluded[i].index].tech;
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

static void add_common(cJSON *o, const asx_comparison *c, const asx_bidder *b, asx_lang lang,
                       bool *oom)
{
    char *service = asx_bidder_service(c, b, lang);
    if (!service || !cJSON_AddStringToObject(o, "vendor", asx_bidder_vendor(c, b)) ||
        !cJSON_AddStringToObject(o, "service", service) ||
        !cJSON_AddNumberToObject(o, "score", b->r->score) ||
        !cJSON_AddNumberToObject(o, "tech", b->tech) ||
        !cJSON_AddStringToObject(o, "verdict", asx_verdict_name(b->r->verdict)) ||
        !cJSON_AddStringToObject(o, "file", asx_bidder_file(c, b)))
        *oom = true;
    free(service);
}

static void add_ranked(cJSON *arr, const asx_comparison *c, const asx_bidder *b, asx_lang lang,
                       bool *oom)
{
    cJSON *o = add_obj(arr, oom);
    if (!o)
        return;
    if (!cJSON_AddNumberToObject(o, "rank", b->rank))
        *oom = true;
    add_common(o, c, b, lang, oom);
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
                 {ASX_EXCL_LOW_SCORE, "low_score"},
                 {ASX_EXCL_PENDING, "pending"}};
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

static void add_excluded(cJSON *arr, const asx_comparison *c, const asx_bidder *b, asx_lang lang,
                         bool *oom)
{
    const asx_result *r = b->r;
    cJSON *o = add_obj(arr, oom);
    if (!o)
        return;
    add_common(o, c, b, lang, oom);
    add_reasons(o, b->reasons, oom);
    cJSON *fs = cJSON_AddArrayToObject(o, "findings");
    for (size_t i = 0; fs && i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->severity != ASX_SEV_KNOCKOUT)
            continue;
        cJSON *fo = add_obj(fs, oom);
        if (!fo)
            break;
        char *msg = asx_compare_scrub(c, nz(asx_finding_msg(f, lang)));
        if (!msg || !cJSON_AddStringToObject(fo, "question", f->q ? f->q->id : "") ||
            !cJSON_AddStringToObject(fo, "clause", nz(f->clause)) ||
            (asx_cite_mapped(&(asx_cite){f->clause, f->clause_local}) &&
             !cJSON_AddStringToObject(fo, "clause_local", f->clause_local)) ||
            !cJSON_AddStringToObject(fo, "severity", asx_severity_name(f->severity)) ||
            !cJSON_AddStringToObject(fo, "message", msg))
            *oom = true;
        free(msg);
    }
    cJSON *un = cJSON_AddArrayToObject(o, "unanswered");
    for (size_t i = 0; un && i < r->nunanswered; i++) {
        const asx_question *q = &r->bank->questions[r->unanswered[i]];
        const asx_cite *cite = &r->q[q->index].cite;
        cJSON *uo = add_obj(un, oom);
        if (uo && (!cJSON_AddStringToObject(uo, "question", q->id) ||
                   !cJSON_AddStringToObject(uo, "clause", nz(cite->clause)) ||
                   (asx_cite_mapped(cite) && !cJSON_AddStringToObject(uo, "clause_local", cite->clause_local)) ||
                   !cJSON_AddStringToObject(uo, "label", asx_text_get(&q->label, lang))))
            *oom = true;
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
    if (!cJSON_AddBoolToObject(root, "anonymized", c->anonymized) ||
        !cJSON_AddNumberToObject(root, "tech_max", c->tech_max) ||
        !cJSON_AddStringToObject(root, "points_from", c->points_from_policy ? "policy" : "weights"))
        goto done;
    cJSON *pts = cJSON_AddArrayToObject(root, "evaluation_points");
    if (!pts)
        goto done;
    for (size_t k = 0; k < c->bank->nsections; k++) {
        cJSON *po = add_obj(pts, &oom);
        if (po && (!cJSON_AddStringToObject(po, "section", c->bank->sections[k].id) ||
                   !cJSON_AddNumberToObject(po, "points", c->points[k])))
            oom = true;
    }
    cJSON *ranking = cJSON_AddArrayToObject(root, "ranking");
    cJSON *excluded = cJSON_AddArrayToObject(root, "excluded");
    if (!ranking || !excluded)
        goto done;
    for (size_t i = 0; i < c->nranked; i++)
        add_ranked(ranking, c, &c->ranked[i], lang, &oom);
    for (size_t i = 0; i < c->nexcluded; i++)
        add_excluded(excluded, c, &c->excluded[i], lang, &oom);
    if (!oom)
        s = asx_json_output(root);
done:
    cJSON_Delete(root);
    return s;
}
