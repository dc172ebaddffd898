/* compare_report.c - bidders side by side: the terminal table and what the two views share
 * (compare_impl.h); the comparison as a document (workbook and PDF) is compare_doc.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/compare_report.h"
#include "asx/io.h"
#include "asx/text.h"
#include "asx/util.h"
#include "compare_impl.h"

const char *cmp_nz(const char *s)
{
    return s ? s : "";
}

/* The literal for language l (a macro, so format strings stay literals the compiler checks). */

/* The clauses of q as the result cites them, in the organisation's numbering (caller frees). */
char *cmp_join_clauses(const asx_result *r, const asx_question *q)
{
    return asx_strdup(cmp_nz(r->q[q->index].cite.clause_local));
}

/* ---- display width ---------------------------------------------------------------------- */

static int cp_cols(const char *s, size_t n)
{
    char tmp[8];
    if (n >= sizeof tmp)
        return 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return asx_utf8_width(tmp);
}

static bool is_control(unsigned cp)
{
    return cp < 0x20 || cp == 0x7f;
}

/* Display width of s as a cell shows it: control characters become one space each. */
static int cell_width(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    while (n > 0) {
        unsigned cp;
        size_t k = asx_utf8_next(s, n, &cp);
        if (k == 0)
            break;
        w += is_control(cp) ? 1 : cp_cols(s, k);
        s += k;
        n -= k;
    }
    return w;
}

char *asx_compare_cell(const char *s, int width, int right_align)
{
    static const char ellipsis[] = "…";
    int ew = asx_utf8_width(ellipsis);
    size_t n = strlen(cmp_nz(s));
    asx_buf text = {0};
    int used = 0;
    bool cut = cell_width(cmp_nz(s)) > width;
    const char *p = cmp_nz(s);
    while (n > 0) {
        unsigned cp;
        size_t k = asx_utf8_next(p, n, &cp);
        if (k == 0)
            break;
        int w = is_control(cp) ? 1 : cp_cols(p, k);
        if (cut && used + w + ew > width)
            break;
        if (is_control(cp))
            asx_buf_addc(&text, ' '); /* a newline or tab in a name must not break the table */
        else
            asx_buf_add(&text, p, k);
        used += w;
        p += k;
        n -= k;
    }
    if (cut && used + ew <= width) {
        asx_buf_adds(&text, ellipsis);
        used += ew;
    }
    asx_buf out = {0};
    if (right_align)
        for (int i = used; i < width; i++)
            asx_buf_addc(&out, ' ');
    asx_buf_adds(&out, asx_buf_str(&text));
    if (!right_align)
        for (int i = used; i < width; i++)
            asx_buf_addc(&out, ' ');
    bool oom = text.oom;
    asx_buf_free(&text);
    if (oom) {
        asx_buf_free(&out);
        return NULL;
    }
    if (!out.s && !out.oom)
        return asx_strdup("");
    return asx_buf_take(&out);
}

/* Append one cell; false when out of memory. */
static bool add_cell(asx_buf *b, const char *s, int width, int right_align)
{
    char *cell = asx_compare_cell(s, width, right_align);
    if (!cell)
        return false;
    asx_buf_adds(b, cell);
    free(cell);
    return true;
}

static int clamp_width(int w, int lo, int hi)
{
    return w < lo ? lo : (w > hi ? hi : w);
}

/* ---- terminal table --------------------------------------------------------------------- */

enum { COL_NAME_MAX = 30 };

typedef struct {
    int rank, vendor, service, score, tech, verdict, majors, minors;
} tbl_widths;

enum { TBL_COLS = 8 };

static tbl_widths table_widths(const asx_comparison *c, asx_lang l)
{
    tbl_widths w;
    w.rank = asx_utf8_width(ASX_TR(l, "順位", "Rank"));
    w.vendor = asx_utf8_width(ASX_TR(l, "事業者", "Vendor"));
    w.service = asx_utf8_width(ASX_TR(l, "サービス", "Service"));
    w.score = clamp_width(asx_utf8_width(ASX_TR(l, "得点", "Score")), 5, 10);
    w.tech = clamp_width(asx_utf8_width(ASX_TR(l, "技術点", "Tech")), 5, 12);
    w.verdict = asx_utf8_width(ASX_TR(l, "判定", "Verdict"));
    w.majors = asx_utf8_width(ASX_TR(l, "重大", "Major"));
    w.minors = asx_utf8_width(ASX_TR(l, "軽微", "Minor"));
    for (size_t i = 0; i < c->nranked; i++) {
        const asx_result *r = c->ranked[i].r;
        char *service = asx_bidder_service(c, &c->ranked[i], l);
        int v = asx_utf8_width(asx_bidder_vendor(c, &c->ranked[i]));
        int s = asx_utf8_width(cmp_nz(service));
        free(service);
        int d = asx_utf8_width(asx_verdict_label(r->verdict, l));
        w.vendor = v > w.vendor ? v : w.vendor;
        w.service = s > w.service ? s : w.service;
        w.verdict = d > w.verdict ? d : w.verdict;
    }
    w.vendor = clamp_width(w.vendor, 4, COL_NAME_MAX);
    w.service = clamp_width(w.service, 4, COL_NAME_MAX);
    return w;
}

static void table_row(asx_buf *b, const tbl_widths *w, const char *const *cells, bool *oom)
{
    const int width[TBL_COLS] = {w->rank, w->vendor, w->service, w->score, w->tech, w->verdict,
                                 w->majors, w->minors};
    const int right[TBL_COLS] = {1, 0, 0, 1, 1, 0, 1, 1};
    asx_buf_adds(b, "  ");
    for (int i = 0; i < TBL_COLS; i++) {
        if (i)
            asx_buf_adds(b, "  ");
        /* the last column needs no padding on the right */
        if (!add_cell(b, cells[i], width[i], right[i]))
            *oom = true;
    }
    while (b->len && b->s[b->len - 1] == ' ')
        b->s[--b->len] = '\0';
    asx_buf_addc(b, '\n');
}

static void print_ranking(asx_buf *b, const asx_comparison *c, asx_lang l, bool *oom)
{
    asx_buf_addf(b, "%s (%zu)\n", ASX_TR(l, "■ 順位 (承認・条件付き承認の入札者)",
                                    "■ Ranking (approved and conditionally approved bidders)"),
                 c->nranked);
    if (!c->nranked) {
        asx_buf_addf(b, "  %s\n\n", ASX_TR(l, "順位付けできる入札者はありません (全者除外)",
                                      "No bidder can be ranked (all excluded)"));
        return;
    }
    tbl_widths w = table_widths(c, l);
    const char *head[TBL_COLS] = {ASX_TR(l, "順位", "Rank"), ASX_TR(l, "事業者", "Vendor"),
                                  ASX_TR(l, "サービス", "Service"), ASX_TR(l, "得点", "Score"),
                                  ASX_TR(l, "技術点", "Tech"), ASX_TR(l, "判定", "Verdict"),
                                  ASX_TR(l, "重大", "Major"), ASX_TR(l, "軽微", "Minor")};
    table_row(b, &w, head, oom);
    int total = w.rank + w.vendor + w.service + w.score + w.tech + w.verdict + w.majors +
                w.minors + 14;
    asx_buf_adds(b, "  ");
    for (int i = 0; i < total; i++)
        asx_buf_adds(b, "─");
    asx_buf_addc(b, '\n');
    for (size_t i = 0; i < c->nranked; i++) {
        cmp_row row;
        cmp_ranking_row(c, i, l, &row);
        table_row(b, &w, row.cells, oom);
        cmp_ranking_row_free(&row);
    }
    asx_buf_addf(b, ASX_TR(l, "\n  技術点は %g 点満点 (配点: %s)\n\n", "\n  Tech points out of %g (points: %s)\n\n"),
                 c->tech_max, c->points_from_policy ? ASX_TR(l, "ポリシーの evaluation_points", "the policy's evaluation_points")
                                                    : ASX_TR(l, "各区分の設問の重みの合計", "the weights of each section's questions"));
}


/* What a pending bidder waits for, without the names of its subcontractors (which --anonymize
 * must not show): 「再委託の承認の可否 (11-2(2)⑧) 2 件、…」. Caller frees. */
char *cmp_pending_labels(const asx_result *r, asx_lang l)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++) {
        const char *clause = NULL;
        size_t n = asx_result_missing(r, (asx_judgment_key)k, &clause);
        if (!n)
            continue;
        asx_buf_addf(&b, "%s%s (%s)", b.len ? ASX_TR(l, "、", "; ") : "", asx_judgment_key_label((asx_judgment_key)k, l), clause);
        if (n > 1)
            asx_buf_addf(&b, ASX_TR(l, " %zu 件", " ×%zu"), n);
    }
    return asx_buf_take(&b);
}

static void print_excluded_one(asx_buf *b, const asx_comparison *c, const asx_bidder *x,
                               asx_lang l)
{
    const asx_result *r = x->r;
    /* names on one line: a newline in a vendor name must not fake a line of the report */
    const char *vname = asx_bidder_vendor(c, x);
    char *sname = asx_bidder_service(c, x, l);
    char *vendor = asx_compare_cell(vname, cell_width(vname), 0);
    char *service = asx_compare_cell(cmp_nz(sname), cell_width(cmp_nz(sname)), 0);
    asx_buf_addf(b, "  %s / %s — %s, %s %.1f, %s %.1f [%s]\n", cmp_nz(vendor), cmp_nz(service),
                 asx_verdict_label(r->verdict, l), ASX_TR(l, "得点", "score"), r->score,
                 ASX_TR(l, "技術点", "tech"), x->tech, asx_bidder_file(c, x));
    if (!vendor || !service || !sname)
        b->oom = true;
    free(vendor);
    free(service);
    free(sname);
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->severity != ASX_SEV_KNOCKOUT)
            continue;
        char *msg = asx_compare_scrub(c, cmp_nz(asx_finding_msg(f, l)));
        asx_buf_addf(b, "    ✖ %s %s (%s): %s\n", asx_severity_label(f->severity, l),
                     f->q ? f->q->id : "-", cmp_nz(f->clause_local), cmp_nz(msg));
        if (!msg)
            b->oom = true;
        free(msg);
    }
    for (size_t i = 0; i < r->nunanswered; i++) {
        const asx_question *q = &r->bank->questions[r->unanswered[i]];
        char *cl = cmp_join_clauses(r, q);
        asx_buf_addf(b, "    ? %s %s「%s」(%s)\n", ASX_TR(l, "必須項目が未回答:", "required, unanswered:"),
                     q->id, asx_text_get(&q->label, l), cmp_nz(cl));
        free(cl);
    }
    if (x->reasons & ASX_EXCL_LOW_SCORE)
        asx_buf_addf(b, ASX_TR(l, "    ▼ 得点 %.1f が条件付き承認の基準 %g 点に達しない (重大 %zu 件)\n",
                          "    ▼ score %.1f is below the conditional threshold %g (%zu major)\n"),
                     r->score, c->policy ? c->policy->conditional_threshold : 0.0,
                     r->count[ASX_SEV_MAJOR]);
    if (x->reasons & ASX_EXCL_PENDING) {
        char *w = cmp_pending_labels(r, l);
        asx_buf_addf(b, ASX_TR(l, "    … 審査未了 (判断待ち): %s\n", "    … pending the officer's judgments: %s\n"), cmp_nz(w));
        free(w);
    }
}

static void print_excluded(asx_buf *b, const asx_comparison *c, asx_lang l)
{
    asx_buf_addf(b, "%s (%zu)\n", ASX_TR(l, "■ 除外 (不承認・差戻し・審査未了の入札者) と理由",
                                    "■ Excluded bidders (rejected, incomplete or pending) and why"),
                 c->nexcluded);
    if (!c->nexcluded) {
        asx_buf_addf(b, "  %s\n", ASX_TR(l, "除外された入札者はありません", "No bidder was excluded"));
        return;
    }
    for (size_t i = 0; i < c->nexcluded; i++)
        print_excluded_one(b, c, &c->excluded[i], l);
}

asx_error asx_compare_print(const asx_comparison *c, asx_lang l, FILE *out)
{
    asx_buf b = {0};
    bool oom = false;
    char cls[64];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_buf_addf(&b, ASX_TR(l, "入札者の比較: %s %s「%s」、%s、%zu 者 (順位付け %zu、除外 %zu)\n\n",
                       "Bidder comparison: %s %s \"%s\", %s, %zu bidders (%zu ranked, %zu excluded)\n\n"),
                 c->bank->id, cmp_nz(c->bank->version), asx_text_get(&c->bank->title, l), cls, c->nall,
                 c->nranked, c->nexcluded);
    print_ranking(&b, c, l, &oom);
    print_excluded(&b, c, l);
    if (b.oom || oom) {
        asx_buf_free(&b);
        return ASX_ERR_NOMEM;
    }
    int put = b.len ? asx_term_puts(b.s, out) : 0; /* names as given, escaped for the terminal */
    asx_buf_free(&b);
    return put == EOF ? ASX_ERR_IO : ASX_OK;
}


/* ---- shared with the document (compare_doc.c) --------------------------------------------- */


/* The bidders in column order: ranked ones by rank, then the excluded ones. Caller frees. */
const asx_bidder **cmp_column_order(const asx_comparison *c)
{
    const asx_bidder **v = calloc(c->nall ? c->nall : 1, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < c->nranked; i++)
        v[k++] = &c->ranked[i];
    for (size_t i = 0; i < c->nexcluded; i++)
        v[k++] = &c->excluded[i];
    return v;
}

/* The tender and the organisation for the page header or footer: 「件名: X」 and the
 * policy's organisation, each only when given, joined by 「 / 」. NULL when neither is given. */
char *cmp_tender_line(const asx_comparison *c, asx_lang l)
{
    const char *org = c->policy && c->policy->organization && *c->policy->organization
                          ? c->policy->organization
                          : NULL;
    const char *title = c->title && *c->title ? c->title : NULL;
    if (title && org)
        return asx_strdupf(ASX_TR(l, "件名: %s / %s", "Tender: %s / %s"), title, org);
    if (title)
        return asx_strdupf(ASX_TR(l, "件名: %s", "Tender: %s"), title);
    if (org)
        return asx_strdup(org);
    return NULL;
}

/* The exclusion reasons of one bidder in one text (knockouts with clauses, unanswered
 * required questions, a score below the threshold). Caller frees; "" for eligible bidders. */
char *cmp_exclusion_text(const asx_comparison *c, const asx_bidder *x, asx_lang l)
{
    const asx_result *r = x->r;
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->severity != ASX_SEV_KNOCKOUT)
            continue;
        char *msg = asx_compare_scrub(c, cmp_nz(asx_finding_msg(f, l)));
        asx_buf_addf(&b, "%s✖ %s [%s]", b.len ? "\n" : "", cmp_nz(msg), f->q ? f->q->id : "-");
        if (!msg)
            b.oom = true;
        free(msg);
    }
    for (size_t i = 0; i < r->nunanswered; i++) {
        const asx_question *q = &r->bank->questions[r->unanswered[i]];
        char *cl = cmp_join_clauses(r, q);
        asx_buf_addf(&b, ASX_TR(l, "%s未回答 (必須): %s (%s) [%s]", "%sRequired, unanswered: %s (%s) [%s]"),
                     b.len ? "\n" : "", asx_text_get(&q->label, l), cmp_nz(cl), q->id);
        free(cl);
    }
    if (x->reasons & ASX_EXCL_LOW_SCORE)
        asx_buf_addf(&b, ASX_TR(l, "%s得点 %.1f が条件付き承認の基準 %g 点に達しない",
                           "%sScore %.1f is below the conditional threshold %g"),
                     b.len ? "\n" : "", r->score, c->policy ? c->policy->conditional_threshold : 0.0);
    if (x->reasons & ASX_EXCL_PENDING) {
        char *w = cmp_pending_labels(r, l);
        asx_buf_addf(&b, ASX_TR(l, "%s審査未了 (判断待ち): %s", "%sPending the officer's judgments: %s"), b.len ? "\n" : "", cmp_nz(w));
        free(w);
    }
    return asx_buf_take(&b);
}


/* The cells of ranked bidder i: rank, vendor, service, score, tech points, verdict, majors,
 * minors (the terminal table and the PDF show the same row). Free with cmp_ranking_row_free. */
void cmp_ranking_row(const asx_comparison *c, size_t i, asx_lang l, cmp_row *row)
{
    const asx_result *r = c->ranked[i].r;
    snprintf(row->rank, sizeof row->rank, "%d", c->ranked[i].rank);
    snprintf(row->score, sizeof row->score, "%.1f", r->score);
    snprintf(row->tech, sizeof row->tech, "%.1f", c->ranked[i].tech);
    snprintf(row->majors, sizeof row->majors, "%zu", r->count[ASX_SEV_MAJOR]);
    snprintf(row->minors, sizeof row->minors, "%zu", r->count[ASX_SEV_MINOR]);
    row->service = asx_bidder_service(c, &c->ranked[i], l);
    const char *cells[CMP_RANK_COLS] = {row->rank, asx_bidder_vendor(c, &c->ranked[i]), cmp_nz(row->service),
                                        row->score, row->tech, asx_verdict_label(r->verdict, l), row->majors,
                                        row->minors};
    memcpy(row->cells, cells, sizeof cells);
}

void cmp_ranking_row_free(cmp_row *row)
{
    free(row->service);
    row->service = NULL;
}

void cmp_cval_free(cval *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].text);
}

/* Mark the cells whose value differs from the row's most common one; when no value is shared
 * by a unique majority, every cell differs. Nothing is marked when all agree. */
void cmp_diff_marks(const cval *v, size_t n, bool *mark)
{
    size_t best = 0, best_count = 0;
    bool unique = false, all_same = true;
    for (size_t i = 0; i < n; i++) {
        mark[i] = false;
        if (strcmp(cmp_nz(v[i].text), cmp_nz(v[0].text)) != 0)
            all_same = false;
        size_t count = 0;
        for (size_t k = 0; k < n; k++)
            if (strcmp(cmp_nz(v[i].text), cmp_nz(v[k].text)) == 0)
                count++;
        if (count > best_count) {
            best = i;
            best_count = count;
            unique = true;
        } else if (count == best_count && strcmp(cmp_nz(v[i].text), cmp_nz(v[best].text)) != 0) {
            unique = false;
        }
    }
    if (all_same)
        return;
    for (size_t i = 0; i < n; i++)
        mark[i] = !unique || best_count < 2 || strcmp(cmp_nz(v[i].text), cmp_nz(v[best].text)) != 0;
}

const char *cmp_committee_role(size_t i, asx_lang l)
{
    switch (i) {
    case 0: return ASX_TR(l, "審査委員長", "Chair");
    case 1:
    case 2:
    case 3: return ASX_TR(l, "審査委員", "Member");
    default: return ASX_TR(l, "事務局 (調達担当)", "Secretariat");
    }
}
