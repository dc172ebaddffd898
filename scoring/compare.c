/* compare.c - ranking eligible bidders and excluding the others, with reasons. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/compare.h"
#include "asx/pattern.h"
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
        c->points[k] = asx_section_points(b, p, c->cls, k, NULL);
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

/* The identifiers as a byte trie: a node's children are found through one open-addressing
 * table keyed by (node, byte), so building and masking are linear in the text. */
typedef struct {
    uint32_t key_node; /* parent node + 1 (0: empty slot) */
    uint8_t byte;
    uint32_t child;
} trie_edge;

struct asx_scrubber {
    trie_edge *edges;
    size_t cap, used; /* cap is a power of two */
    int32_t *terminal; /* per node: index into c->ids, or -1 */
    size_t nnodes, nodes_cap;
};

static size_t edge_hash(uint32_t node, uint8_t byte, size_t cap)
{
    uint64_t h = ((uint64_t)node << 8 | byte) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (cap - 1);
}

static uint32_t trie_child(const struct asx_scrubber *t, uint32_t node, uint8_t byte)
{
    for (size_t i = edge_hash(node, byte, t->cap);; i = (i + 1) & (t->cap - 1)) {
        const trie_edge *e = &t->edges[i];
        if (!e->key_node)
            return 0;
        if (e->key_node == node + 1 && e->byte == byte)
            return e->child;
    }
}

static bool trie_grow(struct asx_scrubber *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    trie_edge *v = calloc(cap, sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; i < t->cap; i++) {
        trie_edge e = t->edges[i];
        if (!e.key_node)
            continue;
        size_t k = edge_hash(e.key_node - 1, e.byte, cap);
        while (v[k].key_node)
            k = (k + 1) & (cap - 1);
        v[k] = e;
    }
    free(t->edges);
    t->edges = v;
    t->cap = cap;
    return true;
}

static uint32_t trie_node(struct asx_scrubber *t)
{
    if (t->nnodes == t->nodes_cap) {
        size_t cap = t->nodes_cap ? t->nodes_cap * 2 : 256;
        int32_t *v = realloc(t->terminal, cap * sizeof *v);
        if (!v)
            return 0;
        t->terminal = v;
        t->nodes_cap = cap;
    }
    t->terminal[t->nnodes] = -1;
    return (uint32_t)t->nnodes++;
}

/* Add s as identifier id; an identifier already there keeps its first owner. False on OOM. */
static bool trie_add(struct asx_scrubber *t, const char *s, int32_t id, bool *added)
{
    uint32_t node = 0;
    *added = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        uint32_t next = trie_child(t, node, *p);
        if (!next) {
            if ((t->used + 1) * 2 > t->cap && !trie_grow(t))
                return false;
            next = trie_node(t);
            if (!next)
                return false;
            size_t k = edge_hash(node, *p, t->cap);
            while (t->edges[k].key_node)
                k = (k + 1) & (t->cap - 1);
            t->edges[k] = (trie_edge){node + 1, *p, next};
            t->used++;
        }
        node = next;
    }
    if (node && t->terminal[node] < 0) {
        t->terminal[node] = id;
        *added = true;
    }
    return true;
}

static void scrubber_free(struct asx_scrubber *t)
{
    if (!t)
        return;
    free(t->edges);
    free(t->terminal);
    free(t);
}

/* Collecting the identifiers of every bidder. */
typedef struct {
    asx_comparison *c;
    struct asx_scrubber *t;
    size_t cap;
    bool oom;
} collector;

const char *asx_id_kind_label(asx_id_kind k, asx_lang l)
{
    switch (k) {
    case ASX_ID_VENDOR: return ASX_TR(l, "事業者名", "Vendor");
    case ASX_ID_SERVICE: return ASX_TR(l, "サービス名", "Service");
    case ASX_ID_CORPNUM: return ASX_TR(l, "法人番号", "Corporate number");
    case ASX_ID_PERSON: return ASX_TR(l, "担当者", "Contact person");
    case ASX_ID_SUBCONTRACTOR: return ASX_TR(l, "再委託先", "Subcontractor");
    case ASX_ID_COMPANY: return ASX_TR(l, "会社名 (親会社・関係会社等)", "Company (parent, partner, …)");
    case ASX_ID_ISMAP: return ASX_TR(l, "ISMAP 登録番号", "ISMAP registration number");
    case ASX_ID_CERT: return ASX_TR(l, "認証・登録番号", "Certificate number");
    case ASX_ID_URL: return "URL";
    case ASX_ID_EMAIL: return ASX_TR(l, "メールアドレス", "E-mail address");
    case ASX_ID_DOMAIN: return ASX_TR(l, "ドメイン", "Domain");
    case ASX_ID_PHONE: return ASX_TR(l, "電話番号", "Telephone number");
    case ASX_ID_NKINDS: break;
    }
    return "";
}

/* What the outputs show instead of an identifier: what it is, never which. */
static char *id_mask(asx_id_kind k, const char *alias)
{
    switch (k) {
    case ASX_ID_VENDOR: return asx_strdup(alias);
    case ASX_ID_SERVICE: return asx_strdupf(ASX_L("%sの提案", "%s's offer"), alias);
    case ASX_ID_CORPNUM: return asx_strdup(ASX_L("法人番号 (番号は対照表)", "corporate number (see the key)"));
    case ASX_ID_PERSON: return asx_strdup(ASX_L("担当者 (氏名は対照表)", "contact person (see the key)"));
    case ASX_ID_SUBCONTRACTOR: return asx_strdup(ASX_L("再委託先 (名称は対照表)", "subcontractor (see the key)"));
    case ASX_ID_COMPANY: return asx_strdup(ASX_L("関係会社 (名称は対照表)", "related company (see the key)"));
    case ASX_ID_ISMAP: return asx_strdup(ASX_L("ISMAP 登録あり (番号は対照表)", "ISMAP registered (number in the key)"));
    case ASX_ID_CERT: return asx_strdup(ASX_L("認証あり (番号は対照表)", "certified (number in the key)"));
    case ASX_ID_URL: return asx_strdup(ASX_L("URL (対照表)", "URL (see the key)"));
    case ASX_ID_EMAIL: return asx_strdup(ASX_L("メールアドレス (対照表)", "e-mail address (see the key)"));
    case ASX_ID_DOMAIN: return asx_strdup(ASX_L("ドメイン (対照表)", "domain (see the key)"));
    case ASX_ID_PHONE: return asx_strdup(ASX_L("電話番号 (対照表)", "telephone number (see the key)"));
    case ASX_ID_NKINDS: break;
    }
    return asx_strdup("");
}

static void collect(collector *k, const char *s, size_t len, asx_id_kind kind, size_t bidder)
{
    if (k->oom || len == 0)
        return;
    asx_comparison *c = k->c;
    if (c->nids == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 64;
        asx_identifier *v = realloc(c->ids, cap * sizeof *v);
        if (!v) {
            k->oom = true;
            return;
        }
        c->ids = v;
        k->cap = cap;
    }
    char *text = malloc(len + 1);
    if (!text) {
        k->oom = true;
        return;
    }
    memcpy(text, s, len);
    text[len] = '\0';
    bool added;
    if (!trie_add(k->t, text, (int32_t)c->nids, &added)) {
        free(text);
        k->oom = true;
        return;
    }
    if (!added) { /* already known: its first owner and kind stay */
        free(text);
        return;
    }
    char *mask = id_mask(kind, c->all[bidder].alias);
    if (!mask) {
        free(text);
        k->oom = true;
        return;
    }
    c->ids[c->nids++] = (asx_identifier){text, kind, bidder, mask};
}

static void collect_str(collector *k, const char *s, asx_id_kind kind, size_t bidder)
{
    if (s)
        collect(k, s, strlen(s), kind, bidder);
}

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

/* A name and its core (the name without its legal form). */
static void collect_name(collector *k, const char *name, asx_id_kind kind, size_t bidder)
{
    if (!name || !*name)
        return;
    collect_str(k, name, kind, bidder);
    char *core = core_name(name);
    if (core)
        collect_str(k, core, kind, bidder);
    free(core);
}

/* What the identifier patterns find in s. */
static void collect_patterns(collector *k, const char *s, size_t bidder)
{
    static const struct {
        asx_re re;
        asx_id_kind kind;
    } pats[] = {{ASX_RE_ID_URL, ASX_ID_URL},         {ASX_RE_ID_EMAIL, ASX_ID_EMAIL},
                {ASX_RE_ID_ISMAP, ASX_ID_ISMAP},     {ASX_RE_ID_CERT, ASX_ID_CERT},
                {ASX_RE_ID_PHONE, ASX_ID_PHONE},     {ASX_RE_ID_CORPNUM, ASX_ID_CORPNUM},
                {ASX_RE_ID_DOMAIN, ASX_ID_DOMAIN},   {ASX_RE_ID_COMPANY, ASX_ID_COMPANY}};
    if (!s || !*s)
        return;
    size_t len = strlen(s);
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        size_t from = 0, a, b;
        while (from < len && asx_re_find(pats[i].re, s, len, from, &a, &b)) {
            if (b == a) { /* no pattern matches empty text; guard against looping anyway */
                from = a + 1;
                continue;
            }
            collect(k, s + a, b - a, pats[i].kind, bidder);
            from = b;
        }
    }
}

/* A field of a list item that names an identifier by its key. */
static void collect_item_field(collector *k, const char *key, const char *v, size_t bidder)
{
    if (!v || !*v)
        return;
    if (strcmp(key, "name") == 0)
        collect_name(k, v, ASX_ID_SUBCONTRACTOR, bidder);
    else if (strcmp(key, "number") == 0)
        collect_str(k, v, asx_re_match(ASX_RE_ID_ISMAP, v) ? ASX_ID_ISMAP : ASX_ID_CERT, bidder);
    collect_patterns(k, v, bidder);
}

static void collect_bidder(collector *k, size_t i)
{
    const asx_answers *a = k->c->all[i].r->answers;
    collect_str(k, a->corporate_number, ASX_ID_CORPNUM, i);
    if (a->contact_name && *a->contact_name)
        collect_str(k, a->contact_name, ASX_ID_PERSON, i);
    collect_patterns(k, a->contact, i);
    if (a->contact && *a->contact) /* what the patterns do not recognise is masked whole */
        collect_str(k, a->contact, ASX_ID_PHONE, i);
    const asx_bank *bank = a->bank;
    for (size_t q = 0; a->a && bank && q < bank->nquestions; q++) {
        const asx_question *qq = &bank->questions[q];
        const asx_answer *an = &a->a[q];
        if (!an->present && !an->comment && !an->nevidence)
            continue;
        collect_patterns(k, an->str, i);
        collect_patterns(k, an->comment, i);
        for (size_t e = 0; e < an->nevidence; e++)
            collect_patterns(k, an->evidence[e], i);
        for (size_t e = 0; e < an->nstrs; e++)
            collect_patterns(k, an->strs[e], i);
        for (size_t it = 0; an->items && it < an->nitems; it++)
            for (size_t f = 0; an->items[it].values && f < qq->nfields; f++)
                collect_item_field(k, qq->fields[f].key, an->items[it].values[f], i);
    }
}

/* The key's order: by bidder, then kind, then text. */
static int cmp_id(const void *pa, const void *pb)
{
    const asx_identifier *x = pa, *y = pb;
    if (x->bidder != y->bidder)
        return x->bidder < y->bidder ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return strcmp(x->text, y->text);
}

static void ids_free(asx_comparison *c)
{
    for (size_t i = 0; i < c->nids; i++) {
        free(c->ids[i].text);
        free(c->ids[i].mask);
    }
    free(c->ids);
    c->ids = NULL;
    c->nids = 0;
    scrubber_free(c->scrubber);
    c->scrubber = NULL;
}

/* The trie of c->ids as they are ordered now (terminal = index). */
static struct asx_scrubber *build_scrubber(const asx_comparison *c)
{
    struct asx_scrubber *t = calloc(1, sizeof *t);
    if (!t || !trie_grow(t) || (trie_node(t), t->nnodes != 1)) {
        scrubber_free(t);
        return NULL;
    }
    for (size_t i = 0; i < c->nids; i++) {
        bool added;
        if (!trie_add(t, c->ids[i].text, (int32_t)i, &added)) {
            scrubber_free(t);
            return NULL;
        }
    }
    return t;
}

asx_error asx_compare_anonymize(asx_comparison *c)
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

    ids_free(c);
    collector k = {.c = c, .t = calloc(1, sizeof *k.t)};
    if (!k.t || !trie_grow(k.t) || (trie_node(k.t), k.t->nnodes != 1))
        k.oom = true;
    /* every vendor and service first: a name one bidder's file mentions stays its owner's */
    for (size_t i = 0; !k.oom && i < c->nall; i++) {
        collect_name(&k, c->all[i].r->answers->vendor_name, ASX_ID_VENDOR, i);
        collect_name(&k, c->all[i].r->answers->service_name, ASX_ID_SERVICE, i);
    }
    for (size_t i = 0; !k.oom && i < c->nall; i++)
        collect_bidder(&k, i);
    scrubber_free(k.t);
    if (!k.oom) {
        qsort(c->ids, c->nids, sizeof *c->ids, cmp_id); /* the key lists them in this order */
        c->scrubber = build_scrubber(c);
    }
    if (k.oom || !c->scrubber) {
        ids_free(c);
        return ASX_ERR_NOMEM;
    }
    return ASX_OK;
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

static bool is_digit(unsigned char ch)
{
    return ch >= '0' && ch <= '9';
}

/* The longest identifier that starts at s[i], or -1: walk the trie as far as the text goes. A
 * number is not taken from inside a longer number. */
static int32_t longest_at(const struct asx_scrubber *t, const unsigned char *s, size_t len, size_t i, size_t *end)
{
    int32_t best = -1;
    uint32_t node = 0;
    for (size_t j = i; j < len; j++) {
        node = trie_child(t, node, s[j]);
        if (!node)
            break;
        int32_t id = t->terminal[node];
        if (id < 0)
            continue;
        bool num_edge = (is_digit(s[i]) && i > 0 && is_digit(s[i - 1])) ||
                        (is_digit(s[j]) && j + 1 < len && is_digit(s[j + 1]));
        if (!num_edge) {
            best = id;
            *end = j + 1;
        }
    }
    return best;
}

char *asx_compare_scrub(const asx_comparison *c, const char *s)
{
    if (!s)
        return NULL;
    if (!c->anonymized || !c->scrubber)
        return asx_strdup(s);
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), plain = 0;
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (size_t i = 0; i < len;) {
        size_t end = 0;
        int32_t id = longest_at(c->scrubber, u, len, i, &end);
        if (id < 0) {
            i++;
            continue;
        }
        asx_buf_add(&b, s + plain, i - plain);
        asx_buf_adds(&b, c->ids[id].mask);
        i = plain = end;
    }
    asx_buf_add(&b, s + plain, len - plain);
    return asx_buf_take(&b);
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
    ids_free(c);
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
