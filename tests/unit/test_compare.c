/* test_compare.c - ranking and exclusion of bidders (scoring/compare.c) and the comparison
 * reports (report/compare_report.c): the three procurement samples, tie-breaking on made-up
 * results, comparability checks, the display-width cell and a reproducible workbook. */
#include <check.h>
#include <math.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "asx/answers.h"
#include "asx/compare.h"
#include "asx/pattern.h"
#include "asx/compare_report.h"
#include "asx/score.h"
#include "asx/util.h"
#include "testutil.h"

static asx_bankset banks;
static asx_policy *policy;
static asx_diags diags;
static asx_answers *ans[4];
static asx_result *res[4];
static size_t nloaded;

static void setup(void)
{
    asx_diags_init(&diags);
    banks.v = NULL;
    banks.n = 0;
    nloaded = 0;
    ck_assert_int_eq(asx_bankset_builtin(&banks, &diags), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&policy, &diags), ASX_OK);
}

static void teardown(void)
{
    for (size_t i = 0; i < nloaded; i++) {
        asx_result_free(res[i]);
        asx_answers_free(ans[i]);
        res[i] = NULL;
        ans[i] = NULL;
    }
    asx_policy_free(policy);
    asx_bankset_free(&banks);
    asx_diags_free(&diags);
}

/* Load (and score) a sample as bidder nloaded. */
static void load(const char *rel, bool score)
{
    size_t i = nloaded++;
    ck_assert_int_eq(asx_answers_load_file(tu_path(rel), &banks, &ans[i], &diags), ASX_OK);
    if (score)
        ck_assert_int_eq(tu_score(ans[i], policy, ans[i]->date, &res[i], &diags), ASX_OK);
}

static asx_comparison *compare_loaded(void)
{
    asx_comparison *c = NULL;
    ck_assert_int_eq(asx_compare_check((const asx_answers *const *)ans, nloaded, &diags), ASX_OK);
    ck_assert_int_eq(asx_compare((const asx_result *const *)res, nloaded, &c, &diags), ASX_OK);
    return c;
}

/* The three procurement samples in the order a, b, c, compared. */
static asx_comparison *compare_samples(void)
{
    load("samples/procurement/bid-a.json", true);
    load("samples/procurement/bid-b.json", true);
    load("samples/procurement/bid-c.json", true);
    return compare_loaded();
}

START_TEST(samples_rank_a_b_and_exclude_c)
{
    load("samples/procurement/bid-a.json", true);
    load("samples/procurement/bid-b.json", true);
    load("samples/procurement/bid-c.json", true);
    ck_assert_int_eq(res[0]->verdict, ASX_VERDICT_APPROVED);
    ck_assert_int_eq(res[1]->verdict, ASX_VERDICT_CONDITIONAL);
    ck_assert_int_eq(res[2]->verdict, ASX_VERDICT_REJECTED);
    asx_comparison *c = compare_loaded();
    ck_assert_uint_eq(c->nall, 3);
    ck_assert_uint_eq(c->nranked, 2);
    ck_assert_uint_eq(c->nexcluded, 1);
    ck_assert_ptr_eq(c->ranked[0].r, res[0]);
    ck_assert_int_eq(c->ranked[0].rank, 1);
    ck_assert_ptr_eq(c->ranked[1].r, res[1]);
    ck_assert_int_eq(c->ranked[1].rank, 2);
    ck_assert_ptr_eq(c->excluded[0].r, res[2]);
    ck_assert_int_eq(c->excluded[0].rank, 0);
    ck_assert_uint_eq(c->excluded[0].reasons, ASX_EXCL_KNOCKOUT);
    ck_assert_int_eq(c->all[2].rank, 0);
    ck_assert_int_eq(c->all[1].rank, 2);

    /* C's knockout is the SG backup, citing 11-2(2)⑦ */
    bool found = false;
    for (size_t i = 0; i < res[2]->nfindings; i++) {
        const asx_finding *f = &res[2]->findings[i];
        if (f->severity == ASX_SEV_KNOCKOUT && f->q && strcmp(f->q->id, "bak.location_countries") == 0) {
            ck_assert_ptr_nonnull(strstr(f->clause, "11-2(2)⑦"));
            ck_assert_ptr_nonnull(strstr(f->msg_ja, "SG"));
            found = true;
        }
    }
    ck_assert(found);
    asx_comparison_free(c);
}
END_TEST

START_TEST(json_matches_spec)
{
    load("samples/procurement/bid-c.json", true);
    load("samples/procurement/bid-b.json", true);
    load("samples/procurement/bid-a.json", true);
    asx_comparison *c = compare_loaded();
    char *s = asx_comparison_to_json(c, ASX_LANG_JA);
    ck_assert_ptr_nonnull(s);
    cJSON *root = cJSON_Parse(s);
    ck_assert_ptr_nonnull(root);
    const cJSON *ranking = cJSON_GetObjectItemCaseSensitive(root, "ranking");
    const cJSON *excluded = cJSON_GetObjectItemCaseSensitive(root, "excluded");
    ck_assert(cJSON_IsArray(ranking));
    ck_assert(cJSON_IsArray(excluded));
    ck_assert_int_eq(cJSON_GetArraySize(ranking), 2);
    ck_assert_int_eq(cJSON_GetArraySize(excluded), 1);
    const cJSON *first = cJSON_GetArrayItem(ranking, 0);
    ck_assert_int_eq((int)cJSON_GetObjectItemCaseSensitive(first, "rank")->valuedouble, 1);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(first, "vendor")->valuestring, ans[2]->vendor_name);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(first, "service")->valuestring, ans[2]->service_name);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(first, "verdict")->valuestring, "approved");
    ck_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(first, "score")));
    ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItemCaseSensitive(first, "file")->valuestring, "bid-a.json"));
    const cJSON *x = cJSON_GetArrayItem(excluded, 0);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(x, "verdict")->valuestring, "rejected");
    const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(x, "findings"), 0);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(f, "question")->valuestring, "bak.location_countries");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(f, "severity")->valuestring, "knockout");
    ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItemCaseSensitive(f, "clause")->valuestring, "11-2(2)⑦"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring);
    ck_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(x, "unanswered")));
    cJSON_Delete(root);
    free(s);
    asx_comparison_free(c);
}
END_TEST

/* ---- made-up results: exactly the fields the ranking reads ---- */

typedef struct {
    asx_answers a;
    asx_result r;
} fake;

static asx_bank fake_bank = {.id = (char *)"fake"}; /* no sections: no 技術点 */

static void fake_set(fake *f, const char *vendor, double score, size_t majors, asx_verdict v)
{
    memset(f, 0, sizeof *f);
    f->a.bank = &fake_bank;
    f->r.bank = &fake_bank;
    f->a.vendor_name = (char *)vendor;
    f->a.service_name = (char *)"svc";
    f->a.file = (char *)vendor;
    f->a.cls = (asx_class){2, 2, 2};
    f->r.answers = &f->a;
    f->r.score = score;
    f->r.count[ASX_SEV_MAJOR] = majors;
    f->r.verdict = v;
}

static asx_comparison *compare_fakes(fake *f, size_t n)
{
    ck_assert_uint_le(n, 32);
    const asx_result *rs[32];
    for (size_t i = 0; i < n; i++)
        rs[i] = &f[i].r;
    asx_comparison *c = NULL;
    ck_assert_int_eq(asx_compare(rs, n, &c, &diags), ASX_OK);
    return c;
}

START_TEST(ties_broken_by_majors_then_name_then_order)
{
    fake f[6];
    fake_set(&f[0], "Zeta", 90.0, 0, ASX_VERDICT_APPROVED);
    fake_set(&f[1], "Alpha", 90.0, 2, ASX_VERDICT_CONDITIONAL);
    fake_set(&f[2], "Beta", 90.0, 0, ASX_VERDICT_APPROVED);
    fake_set(&f[3], "Omega", 95.0, 3, ASX_VERDICT_CONDITIONAL);
    fake_set(&f[4], "Beta", 90.0, 0, ASX_VERDICT_APPROVED); /* same as f[2]: command-line order */
    fake_set(&f[5], "Aaa", 99.0, 0, ASX_VERDICT_INCOMPLETE);
    asx_comparison *c = compare_fakes(f, 6);
    ck_assert_uint_eq(c->nranked, 5);
    ck_assert_uint_eq(c->nexcluded, 1);
    const size_t want[5] = {3, 2, 4, 0, 1}; /* 95; 90/0 Beta, Beta, Zeta; 90/2 Alpha */
    for (size_t i = 0; i < 5; i++) {
        ck_assert_uint_eq(c->ranked[i].index, want[i]);
        ck_assert_int_eq(c->ranked[i].rank, (int)i + 1);
    }
    ck_assert_uint_eq(c->excluded[0].index, 5);
    asx_comparison_free(c);
}
END_TEST

START_TEST(exclusion_reasons)
{
    fake f[3];
    fake_set(&f[0], "Low", 40.0, 5, ASX_VERDICT_REJECTED);
    fake_set(&f[1], "Gap", 85.0, 0, ASX_VERDICT_INCOMPLETE);
    size_t un[1] = {0};
    f[1].r.unanswered = un;
    f[1].r.nunanswered = 1;
    fake_set(&f[2], "Ko", 95.0, 0, ASX_VERDICT_REJECTED);
    f[2].r.count[ASX_SEV_KNOCKOUT] = 1;
    f[2].r.unanswered = un; /* knockout and a gap: both are reasons */
    f[2].r.nunanswered = 1;
    asx_comparison *c = compare_fakes(f, 3);
    ck_assert_uint_eq(c->nranked, 0);
    ck_assert_uint_eq(c->nexcluded, 3);
    ck_assert_uint_eq(c->excluded[0].reasons, ASX_EXCL_LOW_SCORE);
    ck_assert_uint_eq(c->excluded[1].reasons, ASX_EXCL_UNANSWERED);
    ck_assert_uint_eq(c->excluded[2].reasons, ASX_EXCL_KNOCKOUT | ASX_EXCL_UNANSWERED);
    asx_comparison_free(c);
}
END_TEST

START_TEST(one_bidder)
{
    fake f[1];
    fake_set(&f[0], "Solo", 70.0, 1, ASX_VERDICT_CONDITIONAL);
    asx_comparison *c = compare_fakes(f, 1);
    ck_assert_uint_eq(c->nranked, 1);
    ck_assert_int_eq(c->ranked[0].rank, 1);
    asx_comparison_free(c);
}
END_TEST

START_TEST(mixed_banks_refused_naming_the_odd_file)
{
    load("samples/procurement/bid-a.json", false);
    load("samples/light-survey.json", false);
    load("samples/procurement/bid-b.json", false);
    ck_assert_int_eq(asx_compare_check((const asx_answers *const *)ans, nloaded, &diags), ASX_ERR_DATA);
    ck_assert_uint_eq(diags.n, 1);
    ck_assert_ptr_nonnull(strstr(diags.v[0].file, "light-survey.json"));
    ck_assert(tu_diags_have(&diags, "cloud-light"));
    ck_assert_int_eq(diags.worst, ASX_ERR_DATA);
}
END_TEST

START_TEST(mixed_classifications_refused)
{
    load("samples/procurement/bid-a.json", false);
    load("samples/procurement/bid-b.json", false);
    load("samples/procurement/bid-c.json", false);
    ans[2]->cls.a = 1;
    ck_assert_int_eq(asx_compare_check((const asx_answers *const *)ans, nloaded, &diags), ASX_ERR_DATA);
    ck_assert_uint_eq(diags.n, 1);
    ck_assert_ptr_nonnull(strstr(diags.v[0].file, "bid-c.json"));
    ck_assert(tu_diags_have(&diags, "可用性1"));
}
END_TEST

START_TEST(same_bank_and_class_pass)
{
    load("samples/procurement/bid-a.json", false);
    load("samples/minato-docs.json", false);
    ck_assert_int_eq(asx_compare_check((const asx_answers *const *)ans, nloaded, &diags), ASX_OK);
    ck_assert_uint_eq(diags.n, 0);
}
END_TEST

START_TEST(cell_width_and_ellipsis)
{
    char *s = asx_compare_cell("株式会社ひかりデジタル", 10, 0); /* 22 columns wide */
    ck_assert_int_eq(asx_utf8_width(s), 10);
    ck_assert_ptr_nonnull(strstr(s, "…"));
    ck_assert(strncmp(s, "株式会社", strlen("株式会社")) == 0);
    free(s);
    s = asx_compare_cell("ABC", 6, 1);
    ck_assert_str_eq(s, "   ABC");
    free(s);
    s = asx_compare_cell("日本", 5, 0);
    ck_assert_str_eq(s, "日本 ");
    free(s);
    s = asx_compare_cell("a\tb\nc", 5, 0); /* control characters cannot break the table */
    ck_assert_str_eq(s, "a b c");
    free(s);
    s = asx_compare_cell("a\tb\nc", 4, 0);
    ck_assert_int_eq(asx_utf8_width(s), 4);
    ck_assert_ptr_null(strchr(s, '\n'));
    free(s);
    s = asx_compare_cell("あいう", 5, 0); /* a wide character never straddles the edge */
    ck_assert_int_eq(asx_utf8_width(s), 5);
    free(s);
}
END_TEST

START_TEST(terminal_table_lists_exclusions)
{
    asx_comparison *c = compare_samples();
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(asx_compare_print(c, ASX_LANG_JA, f), ASX_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "除外"));
    ck_assert_ptr_nonnull(strstr(buf, "11-2(2)⑦"));
    ck_assert_ptr_nonnull(strstr(buf, ans[2]->vendor_name));
    /* the two ranked rows have the same display width up to the score column */
    char *r1 = strstr(buf, "\n     1  ");
    char *r2 = strstr(buf, "\n     2  ");
    ck_assert_ptr_nonnull(r1);
    ck_assert_ptr_nonnull(r2);
    char *s1 = strstr(r1, "100.0"), *s2 = strstr(r2, "96.0");
    ck_assert_ptr_nonnull(s1);
    ck_assert_ptr_nonnull(s2);
    char *p1 = asx_strndup(r1 + 1, (size_t)(s1 - r1 - 1)), *p2 = asx_strndup(r2 + 1, (size_t)(s2 - r2 - 1));
    ck_assert_int_eq(asx_utf8_width(p1) + 5, asx_utf8_width(p2) + 4); /* right-aligned score */
    free(p1);
    free(p2);
    free(buf);
    asx_comparison_free(c);
}
END_TEST

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

START_TEST(workbook_reproducible_and_not_overwritten)
{
    asx_comparison *c = compare_samples();
    char dir[] = "/tmp/test_compare.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *p1 = asx_strdupf("%s/one.xlsx", dir), *p2 = asx_strdupf("%s/two.xlsx", dir);
    asx_doc_out o = {.date = {2026, 11, 20}};
    asx_doc *doc = asx_compare_doc(c, o.date, ASX_LANG_JA);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &o, p1, &diags), ASX_OK);
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &o, p2, &diags), ASX_OK);
    size_t n1, n2;
    char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(b1, b2, n1) == 0);
    ck_assert(n1 > 1000);
    /* an existing file stays as it was without force */
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &o, p1, &diags), ASX_ERR_CANTCREAT);
    free(b2);
    b2 = slurp(p1, &n2);
    ck_assert(n1 == n2 && memcmp(b1, b2, n1) == 0);
    o.force = 1;
    ck_assert_int_eq(asx_doc_write(doc, ASX_MEDIUM_XLSX, &o, p1, &diags), ASX_OK);
    asx_doc_free(doc);
    unlink(p1);
    unlink(p2);
    ck_assert_int_eq(rmdir(dir), 0); /* no temporary file left behind */
    free(b1);
    free(b2);
    free(p1);
    free(p2);
    asx_comparison_free(c);
}
END_TEST

/* Whether s occurs in any text of the block tree under b (titles, cells, column heads). */
static bool tree_has(const asx_block *b, const char *s)
{
    if ((b->text && strstr(b->text, s)) || (b->sheet_title && strstr(b->sheet_title, s)))
        return true;
    for (size_t i = 0; b->kind == ASX_BLOCK_TABLE && i < b->ncols; i++)
        if (strstr(b->cols[i].title, s))
            return true;
    for (size_t i = 0; i < b->nrows * b->ncols; i++)
        if (b->cells[i].text && strstr(b->cells[i].text, s))
            return true;
    for (size_t i = 0; i < b->nkids; i++)
        if (tree_has(b->kids[i], s))
            return true;
    return false;
}

/* The comparison as one document: its sheets in order, the comparison read across (labels kept
 * in view, knockouts and exclusions BAD, answers that differ WARN), the selection for paper and
 * workbook alike; anonymised, no name of a bidder anywhere in the tree. */
START_TEST(comparison_document)
{
    asx_comparison *c = compare_samples();
    asx_doc *doc = asx_compare_doc(c, (asx_date){2026, 11, 20}, ASX_LANG_JA);
    ck_assert_ptr_nonnull(doc);
    const char *sheets[] = {"比較", "設問別得点", "指摘事項", "選定結果"};
    size_t nsheets = 0;
    const asx_block *cmp = NULL, *sel = NULL;
    for (size_t i = 0; i < doc->root.nkids; i++) {
        const asx_block *p = doc->root.kids[i];
        if (p->kind != ASX_BLOCK_PART || p->media == ASX_MEDIA_PAPER)
            continue;
        ck_assert_uint_lt(nsheets, 4);
        ck_assert_str_eq(p->sheet, sheets[nsheets++]);
        ck_assert_ptr_nonnull(p->sheet_title);
        if (strcmp(p->sheet, "比較") == 0)
            cmp = p->kids[0];
        if (strcmp(p->sheet, "選定結果") == 0)
            sel = p;
    }
    ck_assert_uint_eq(nsheets, 4);
    ck_assert_int_eq(sel->media, ASX_MEDIA_ALL); /* the committee's page: on paper too */
    ck_assert_int_eq(cmp->kind, ASX_BLOCK_TABLE);
    ck_assert_uint_eq(cmp->ncols, 2 + c->nall);
    ck_assert_uint_eq(cmp->frozen, 2);
    ck_assert(cmp->fills);
    ck_assert_str_eq(cmp->cols[2].title, ans[0]->vendor_name); /* A ranks first */
    ck_assert_str_eq(cmp->cols[4].title, ans[2]->vendor_name); /* C is excluded: last */
    bool rank = false, ko = false;
    for (size_t r = 0; r < cmp->nrows; r++) {
        const asx_cell *row = &cmp->cells[r * cmp->ncols];
        if (row[0].text && strcmp(row[0].text, "順位") == 0) {
            ck_assert_int_eq(row[2].kind, ASX_CELL_NUMBER);
            ck_assert_double_eq(row[2].value, 1);
            ck_assert_str_eq(row[4].text, "除外");
            ck_assert_int_eq(row[4].tone, ASX_DOC_TONE_BAD);
            rank = true;
        }
        if (row[1].text && strncmp(row[1].text, "bak.location_countries\n", 23) == 0) {
            ck_assert_int_eq(row[4].tone, ASX_DOC_TONE_BAD); /* C's SG backup */
            ck_assert_int_ne(row[2].tone, ASX_DOC_TONE_BAD);
            ko = true;
        }
    }
    ck_assert(rank && ko);
    /* one tree, every medium: paper and Word draw the paper parts and the selection */
    char dir[] = "/tmp/test_compare.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const asx_medium media[] = {ASX_MEDIUM_XLSX, ASX_MEDIUM_PDF, ASX_MEDIUM_DOCX};
    const char *names[] = {"c.xlsx", "c.pdf", "c.docx"};
    for (size_t i = 0; i < 3; i++) {
        char *p = asx_strdupf("%s/%s", dir, names[i]);
        asx_doc_out o = {.date = {2026, 11, 20}};
        ck_assert_int_eq(asx_doc_write(doc, media[i], &o, p, &diags), ASX_OK);
        size_t n;
        free(slurp(p, &n));
        ck_assert_uint_gt(n, 1000);
        unlink(p);
        free(p);
    }
    ck_assert_int_eq(rmdir(dir), 0);
    asx_doc_free(doc);
    ck_assert_int_eq(asx_compare_anonymize(c), ASX_OK);
    doc = asx_compare_doc(c, (asx_date){2026, 11, 20}, ASX_LANG_JA);
    ck_assert_ptr_nonnull(doc);
    for (size_t i = 0; i < nloaded; i++) {
        ck_assert_msg(!tree_has(&doc->root, ans[i]->vendor_name), "%s", ans[i]->vendor_name);
        ck_assert_msg(!tree_has(&doc->root, ans[i]->service_name), "%s", ans[i]->service_name);
    }
    ck_assert(!tree_has(&doc->root, "C24-0788-1")); /* an ISMAP number */
    ck_assert(tree_has(&doc->root, "A社"));
    asx_doc_free(doc);
    asx_comparison_free(c);
}
END_TEST

START_TEST(tech_points_default_to_section_weights)
{
    load("samples/procurement/bid-a.json", true);
    load("samples/procurement/bid-b.json", true);
    asx_comparison *c = compare_loaded();
    ck_assert(!c->points_from_policy);
    double want = 0;
    for (size_t q = 0; q < c->bank->nquestions; q++) {
        const asx_question *x = &c->bank->questions[q];
        if ((!x->applies_c || 2 >= x->applies_c) && (!x->applies_i || 2 >= x->applies_i) &&
            (!x->applies_a || 2 >= x->applies_a))
            want += x->weight;
    }
    ck_assert_double_eq_tol(c->tech_max, want, 1e-9);
    ck_assert_double_eq_tol(c->all[0].tech, c->tech_max, 1e-9); /* A scores 100 */
    ck_assert_double_lt(c->all[1].tech, c->tech_max);
    ck_assert_double_eq_tol(c->ranked[1].tech, c->all[1].tech, 1e-9);
    asx_comparison_free(c);
}
END_TEST

START_TEST(tech_points_from_the_policy)
{
    const char *pj = "{\"format\": \"assess-policy/1\", \"evaluation_points\": "
                     "{\"sla\": 30, \"bak\": 20, \"nosuch\": 5}}";
    asx_policy_free(policy);
    policy = NULL;
    ck_assert_int_eq(asx_policy_load(pj, strlen(pj), "p.json", &policy, &diags), ASX_OK);
    load("samples/procurement/bid-a.json", true);
    load("samples/procurement/bid-b.json", true);
    asx_comparison *c = compare_loaded();
    ck_assert(c->points_from_policy);
    ck_assert_double_eq_tol(c->tech_max, 50, 1e-9);
    ck_assert(tu_diags_have(&diags, "evaluation_points の区分 \"nosuch\" は質問票 cloud にないため"));
    double want = 0;
    for (size_t k = 0; k < c->bank->nsections; k++) {
        const char *id = c->bank->sections[k].id;
        double pts = strcmp(id, "sla") == 0 ? 30 : (strcmp(id, "bak") == 0 ? 20 : 0);
        ck_assert_double_eq_tol(c->points[k], pts, 1e-9);
        want += pts * res[1]->sections[k].score / 100.0;
    }
    ck_assert_double_eq_tol(c->all[1].tech, round(want * 10) / 10, 1e-9);
    ck_assert_double_lt(c->all[1].tech, 50); /* B falls short on availability, reports, restores */
    ck_assert_double_eq_tol(c->all[0].tech, 50, 1e-9);
    asx_comparison_free(c);
}
END_TEST

START_TEST(anonymized_names_everywhere)
{
    load("samples/procurement/bid-c.json", true);
    load("samples/procurement/bid-a.json", true);
    load("samples/procurement/bid-b.json", true);
    asx_comparison *c = compare_loaded();
    asx_compare_anonymize(c);
    ck_assert_str_eq(c->all[0].alias, "A社"); /* the order given, not the rank */
    ck_assert_str_eq(c->all[1].alias, "B社");
    ck_assert_str_eq(asx_bidder_vendor(c, &c->ranked[0]), "B社");
    ck_assert_str_eq(asx_bidder_file(c, &c->ranked[0]), "B社");
    char *svc = asx_bidder_service(c, &c->ranked[0], ASX_LANG_JA);
    ck_assert_str_eq(svc, "B社の提案");
    free(svc);
    char *t = asx_compare_scrub(c, "株式会社ひかりデジタル (ひかりデジタル、法人番号 8510060070080) の「ひかり電子申請クラウド」");
    ck_assert_ptr_null(strstr(t, "ひかり"));
    ck_assert_ptr_null(strstr(t, "8510060070080"));
    ck_assert_ptr_nonnull(strstr(t, "B社"));
    free(t);
    char *j = asx_comparison_to_json(c, ASX_LANG_JA);
    for (size_t i = 0; i < nloaded; i++) {
        ck_assert_ptr_null(strstr(j, ans[i]->vendor_name));
        ck_assert_ptr_null(strstr(j, ans[i]->service_name));
        ck_assert_ptr_null(strstr(j, ans[i]->file));
    }
    ck_assert_ptr_nonnull(strstr(j, "\"anonymized\":true"));
    free(j);
    asx_comparison_free(c);
}
END_TEST

/* The text of the first match of pattern re in s, or "" (static buffer). */
static const char *found(asx_re re, const char *s)
{
    static char buf[256];
    size_t a, b;
    buf[0] = '\0';
    if (asx_re_find(re, s, strlen(s), 0, &a, &b) && b - a < sizeof buf) {
        memcpy(buf, s + a, b - a);
        buf[b - a] = '\0';
    }
    return buf;
}

START_TEST(identifier_patterns)
{
    ck_assert_str_eq(found(ASX_RE_ID_ISMAP, "ISMAP 登録 (C24-0788-1) あり"), "C24-0788-1");
    ck_assert_str_eq(found(ASX_RE_ID_CERT, "認証番号 IS 811234 (ISO 27001)"), "IS 811234");
    ck_assert_str_eq(found(ASX_RE_ID_CERT, "ISO 27001 と JIS Q 27001 と SOC 2"), ""); /* standards */
    ck_assert_str_eq(found(ASX_RE_ID_URL, "詳細は https://www.example.co.jp/a?b=1 を参照"),
                     "https://www.example.co.jp/a?b=1");
    ck_assert_str_eq(found(ASX_RE_ID_URL, "(https://x.example.com/p)"), "https://x.example.com/p");
    ck_assert_str_eq(found(ASX_RE_ID_EMAIL, "窓口: sec.team@example.co.jp まで"), "sec.team@example.co.jp");
    ck_assert_str_eq(found(ASX_RE_ID_DOMAIN, "portal.example.co.jp で公開"), "portal.example.co.jp");
    ck_assert_str_eq(found(ASX_RE_ID_DOMAIN, "第3.0版、SLA 2.1"), "");
    ck_assert_str_eq(found(ASX_RE_ID_PHONE, "電話 03-5555-0100 (平日)"), "03-5555-0100");
    ck_assert_str_eq(found(ASX_RE_ID_PHONE, "TEL +81-3-5555-0100"), "+81-3-5555-0100");
    ck_assert_str_eq(found(ASX_RE_ID_PHONE, "FAX 0355550101"), "0355550101");
    ck_assert_str_eq(found(ASX_RE_ID_PHONE, "2026-11-05 まで、99.95%"), "");
    ck_assert_str_eq(found(ASX_RE_ID_CORPNUM, "法人番号 8510060070080。"), "8510060070080");
    ck_assert_str_eq(found(ASX_RE_ID_CORPNUM, "85100600700801"), ""); /* 14 digits */
    ck_assert_str_eq(found(ASX_RE_ID_COMPANY, "親会社はひかりホールディングス株式会社です"),
                     "ひかりホールディングス株式会社");
    ck_assert_str_eq(found(ASX_RE_ID_COMPANY, "再委託先の株式会社みどり監視サービスが"), "株式会社みどり監視サービス");
    ck_assert_str_eq(found(ASX_RE_ID_COMPANY, "with Blue River Data Co., Ltd. as"), "Blue River Data Co., Ltd.");
    ck_assert_str_eq(found(ASX_RE_ID_COMPANY, "自社の従業員のみで運用"), "");
    /* long runs before an identifier (a comment may be 4,000 characters) neither hide it (PCRE2's
     * match limit) nor take the square of their length */
    asx_buf b = {0};
    for (int i = 0; i < 3000; i++)
        asx_buf_adds(&b, "漢");
    asx_buf_adds(&b, "、親会社はひかりホールディングス株式会社。");
    for (int i = 0; i < 4000; i++)
        asx_buf_adds(&b, "a");
    asx_buf_adds(&b, " 窓口 info@example.co.jp");
    char *s = asx_buf_take(&b);
    ck_assert_str_eq(found(ASX_RE_ID_COMPANY, s), "ひかりホールディングス株式会社");
    ck_assert_str_eq(found(ASX_RE_ID_EMAIL, s), "info@example.co.jp");
    free(s);
}
END_TEST

START_TEST(identifiers_masked)
{
    asx_comparison *c = compare_samples();
    ck_assert_int_eq(asx_compare_anonymize(c), ASX_OK);
    /* the certificate numbers of the files are collected with their kind and owner */
    bool ismap = false, iso = false;
    for (size_t i = 0; i < c->nids; i++) {
        if (strcmp(c->ids[i].text, "C24-0788-1") == 0) {
            ismap = c->ids[i].kind == ASX_ID_ISMAP && c->ids[i].bidder == 0;
            ck_assert_str_eq(c->ids[i].mask, "ISMAP 登録あり (番号は対照表)");
        }
        if (strcmp(c->ids[i].text, "IS 822000") == 0)
            iso = c->ids[i].kind == ASX_ID_CERT && c->ids[i].bidder == 1;
        if (i > 0) /* by bidder, then kind */
            ck_assert(c->ids[i - 1].bidder < c->ids[i].bidder ||
                      (c->ids[i - 1].bidder == c->ids[i].bidder && c->ids[i - 1].kind <= c->ids[i].kind));
    }
    ck_assert(ismap && iso);
    char *t = asx_compare_scrub(c, "番号 C24-0788-1 と IS 811234、C23-0999-1。");
    ck_assert_str_eq(t, "番号 ISMAP 登録あり (番号は対照表) と 認証あり (番号は対照表)、ISMAP 登録あり (番号は対照表)。");
    free(t);
    /* the longest identifier wins where names overlap; a number inside a longer one is not one */
    t = asx_compare_scrub(c, "株式会社ひかりデジタル / ひかりデジタル / 98510060070080 / x8510060070080");
    ck_assert_str_eq(t, "A社 / A社 / 98510060070080 / x法人番号 (番号は対照表)");
    free(t);
    /* a text with no identifier is copied as it is */
    t = asx_compare_scrub(c, "月間稼働率 99.5 %");
    ck_assert_str_eq(t, "月間稼働率 99.5 %");
    free(t);
    asx_comparison_free(c);
}
END_TEST

START_TEST(aliases_after_z)
{
    fake f[28];
    for (size_t i = 0; i < 28; i++)
        fake_set(&f[i], "V", 80.0, 0, ASX_VERDICT_APPROVED);
    asx_comparison *c = compare_fakes(f, 28);
    asx_compare_anonymize(c);
    ck_assert_str_eq(c->all[25].alias, "Z社");
    ck_assert_str_eq(c->all[26].alias, "AA社");
    ck_assert_str_eq(c->all[27].alias, "AB社");
    asx_comparison_free(c);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("compare");
    TCase *t = tcase_create("compare");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, samples_rank_a_b_and_exclude_c);
    tcase_add_test(t, json_matches_spec);
    tcase_add_test(t, ties_broken_by_majors_then_name_then_order);
    tcase_add_test(t, exclusion_reasons);
    tcase_add_test(t, one_bidder);
    tcase_add_test(t, mixed_banks_refused_naming_the_odd_file);
    tcase_add_test(t, mixed_classifications_refused);
    tcase_add_test(t, same_bank_and_class_pass);
    tcase_add_test(t, cell_width_and_ellipsis);
    tcase_add_test(t, terminal_table_lists_exclusions);
    tcase_add_test(t, workbook_reproducible_and_not_overwritten);
    tcase_add_test(t, comparison_document);
    tcase_add_test(t, tech_points_default_to_section_weights);
    tcase_add_test(t, tech_points_from_the_policy);
    tcase_add_test(t, anonymized_names_everywhere);
    tcase_add_test(t, identifier_patterns);
    tcase_add_test(t, identifiers_masked);
    tcase_add_test(t, aliases_after_z);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
