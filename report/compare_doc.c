/* compare_doc.c - the bidder comparison built once as a document (see asx/compare_report.h):
 * paper shows the cover, the ranking, the exclusions with their reasons, the key facts side by
 * side and a chart per bidder; the workbook shows the comparison read across (one column per
 * bidder), every question's score and every finding; both show the committee's selection. The
 * renderers of the document model draw it; every fact comes from the comparison. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/compare_report.h"
#include "asx/docmodel.h"
#include "asx/text.h"
#include "asx/util.h"
#include "compare_impl.h"

enum { PAPER_BIDDERS_PER_TABLE = 4 };

typedef struct {
    asx_doc *doc;
    const asx_comparison *c;
    const asx_bidder **cols; /* the bidders in column order */
    size_t ncols;
    asx_lang l;
    char *sub; /* the sheets' subtitle */
} builder;

/* ---- cells ---------------------------------------------------------------------------------- */

/* A copy of s with every identifier of an anonymised comparison masked: the one funnel of the
 * document's free text (answers, findings, names). Caller frees; NULL (remembered) on OOM. */
static char *scrub(builder *b, const char *s)
{
    char *t = asx_compare_scrub(b->c, cmp_nz(s));
    if (!t)
        b->doc->oom = true;
    return t;
}

static void put(builder *b, asx_cell *cell, const char *s)
{
    char *t = scrub(b, s);
    asx_cell_text(b->doc, cell, t);
    free(t);
}

static void put_tone(builder *b, asx_cell *cell, const char *s, asx_doc_tone tone)
{
    put(b, cell, s);
    if (cell)
        cell->tone = tone;
}

/* The decimals a number needs to be shown as it was given (at most 3). */
static int decimals_of(double v)
{
    for (int d = 0; d < 3; d++) {
        double k = v * pow(10, d);
        if (fabs(k - round(k)) < 1e-9)
            return d;
    }
    return 3;
}

/* A number cell and its key for cmp_diff_marks. */
static cval number(builder *b, asx_cell *cell, double v, int decimals)
{
    asx_cell_number(b->doc, cell, v, decimals, NULL);
    cval k = {.text = asx_strdupf("%.6g", v)};
    return k;
}

static cval count(asx_cell *cell, size_t n)
{
    asx_cell_count(cell, n);
    cval k = {.text = asx_strdupf("%zu", n)};
    return k;
}

static cval text(builder *b, asx_cell *cell, const char *s)
{
    put(b, cell, s);
    cval k = {.text = asx_strdup(cmp_nz(s))};
    return k;
}

/* Tone a row's bidder cells from first: knockouts BAD, and (compare) the cells whose value
 * differs from the others' WARN. Frees the keys. */
static void tone_row(builder *b, asx_cell *row, size_t first, cval *v, bool compare)
{
    bool *mark = calloc(b->ncols ? b->ncols : 1, sizeof *mark);
    bool keys = mark != NULL;
    for (size_t i = 0; i < b->ncols; i++)
        keys = keys && v[i].text;
    if (!keys)
        b->doc->oom = true;
    else if (compare)
        cmp_diff_marks(v, b->ncols, mark);
    for (size_t i = 0; row && mark && i < b->ncols; i++)
        row[first + i].tone = v[i].ko ? ASX_DOC_TONE_BAD : mark[i] ? ASX_DOC_TONE_WARN : ASX_DOC_TONE_NONE;
    free(mark);
    cmp_cval_free(v, b->ncols);
}

/* A bidder's answer to q as a cell: numbers as numbers, dates as dates, the rest as text. */
static cval answer(builder *b, asx_cell *cell, const asx_result *r, const asx_question *q)
{
    const asx_answer *a = &r->answers->a[q->index];
    const asx_qscore *qs = &r->q[q->index];
    cval k;
    if (!qs->applicable) {
        k = text(b, cell, ASX_TR(b->l, "(対象外)", "(not applicable)"));
    } else if (a->present && !a->na && q->type == ASX_Q_NUMBER) {
        k = number(b, cell, a->num, decimals_of(a->num));
    } else if (a->present && !a->na && q->type == ASX_Q_DATE && asx_date_valid(a->date)) {
        char iso[11];
        asx_date_iso(a->date, iso);
        asx_cell_date(cell, &a->date);
        k = (cval){.text = asx_strdup(iso)};
    } else {
        char *s = asx_answer_format(q, a, b->l);
        k = text(b, cell, s);
        free(s);
    }
    k.ko = qs->knockout;
    return k;
}

/* "question id\nclause": every bidder answered the one bank under the one policy, so the first
 * result cites for all. Caller frees. */
static char *question_ref(builder *b, const asx_question *q)
{
    char *cl = cmp_join_clauses(b->c->all[0].r, q);
    char *s = asx_strdupf("%s\n%s", q->id, cmp_nz(cl));
    free(cl);
    if (!s)
        b->doc->oom = true;
    return s;
}

/* A label for a bidder's column or chart: "1位 vendor「service」" / "除外 vendor「service」".
 * Caller frees. */
static char *bidder_heading(builder *b, const asx_bidder *x)
{
    char *service = asx_bidder_service(b->c, x, b->l);
    char *s = x->rank ? asx_strdupf(ASX_TR(b->l, "%d位 %s「%s」", "#%d %s \"%s\""), x->rank,
                                    asx_bidder_vendor(b->c, x), cmp_nz(service))
                      : asx_strdupf(ASX_TR(b->l, "除外 %s「%s」", "Excluded: %s \"%s\""),
                                    asx_bidder_vendor(b->c, x), cmp_nz(service));
    free(service);
    char *t = scrub(b, s);
    free(s);
    return t;
}

#define COL(ja, en, w, sw, al) {ASX_TR(l, ja, en), w, sw, ASX_DOC_##al, false}

/* ---- paper: the cover, the ranking, the exclusions, the key facts, the charts ----------------- */

static void cover(builder *b, asx_date date)
{
    const asx_comparison *c = b->c;
    asx_lang l = b->l;
    char cls[64], day[64], thresholds[96];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_date_format(date, l, day, sizeof day);
    snprintf(thresholds, sizeof thresholds, ASX_TR(l, "承認 %g 点以上、条件付き承認 %g 点以上", "approve at %g, conditional at %g"),
             c->policy ? c->policy->approve_threshold : 0.0, c->policy ? c->policy->conditional_threshold : 0.0);
    const char *org = c->policy && c->policy->organization && *c->policy->organization ? c->policy->organization : NULL;
    asx_block *kv = asx_doc_kv(b->doc, asx_doc_body(b->doc));
    asx_block_media(kv, ASX_MEDIA_PAPER);
    asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "作成日", "Date"), 1), day);
    if (c->title && *c->title)
        asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "件名", "Tender"), 1), c->title);
    if (org)
        asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "組織", "Organisation"), 1), org);
    asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "情報資産の分類", "Classification"), 1), cls);
    const struct {
        const char *key;
        size_t n;
    } counts[3] = {{ASX_TR(l, "入札者", "Bidders"), c->nall},
                   {ASX_TR(l, "順位付け", "Ranked"), c->nranked},
                   {ASX_TR(l, "除外", "Excluded"), c->nexcluded}};
    for (size_t i = 0; i < 3; i++) {
        char n[32];
        snprintf(n, sizeof n, ASX_TR(l, "%zu 者", "%zu"), counts[i].n);
        asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, counts[i].key, 1), n);
    }
    asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "判定基準", "Thresholds"), 1), thresholds);
}

static void ranking(builder *b)
{
    const asx_comparison *c = b->c;
    asx_lang l = b->l;
    asx_block *part = asx_doc_part(b->doc, ASX_TR(l, "順位 (承認・条件付き承認の入札者)",
                                                 "Ranking (approved and conditionally approved bidders)"), NULL);
    asx_block_media(part, ASX_MEDIA_PAPER);
    const asx_doc_col cols[CMP_RANK_COLS] = {
        COL("順位", "Rank", 0.6f, 0, RIGHT),   COL("事業者", "Vendor", 3, 0, LEFT),
        COL("サービス", "Service", 3, 0, LEFT), COL("得点", "Score", 0.9f, 0, RIGHT),
        COL("技術点", "Tech", 1.0f, 0, RIGHT), COL("判定", "Verdict", 1.8f, 0, LEFT),
        COL("重大", "Major", 0.7f, 0, RIGHT),  COL("軽微", "Minor", 0.7f, 0, RIGHT)};
    asx_block *t = asx_doc_table(b->doc, part, cols, CMP_RANK_COLS,
                                 ASX_TR(l, "順位付けできる入札者はありません (全者除外)。", "No bidder can be ranked: all were excluded."));
    for (size_t i = 0; i < c->nranked; i++) {
        asx_cell *row = asx_doc_row(b->doc, t);
        if (!row)
            return;
        cmp_row r;
        cmp_ranking_row(c, i, l, &r);
        for (size_t k = 0; k < CMP_RANK_COLS; k++)
            put(b, &row[k], r.cells[k]);
        row[5].tone = asx_doc_verdict_tone(c->ranked[i].r->verdict);
        cmp_ranking_row_free(&r);
    }
    if (!c->nranked)
        return;
    char *note = asx_strdupf(ASX_TR(l, "順位は得点の高い順。同点のときは重大な指摘の少ない順、さらに事業者名の順。"
                                       "技術点は %g 点満点 (配点: %s)。",
                                    "Ranked by score; ties go to fewer major findings, then vendor name. "
                                    "Tech points out of %g (points: %s)."),
                             c->tech_max,
                             c->points_from_policy ? ASX_TR(l, "ポリシーの evaluation_points", "the policy's evaluation_points")
                                                   : ASX_TR(l, "各区分の設問の重みの合計", "the weights of each section's questions"));
    asx_doc_note(b->doc, part, note ? note : "");
    free(note);
}

/* Why one bidder is excluded: its verdict and score, its knockouts and unanswered required
 * questions with their clauses, what it waits for, a score below the threshold. */
static void excluded_one(builder *b, asx_block *part, const asx_bidder *x)
{
    const asx_comparison *c = b->c;
    const asx_result *r = x->r;
    asx_lang l = b->l;
    char *service = asx_bidder_service(c, x, l);
    char *head = asx_strdupf("%s「%s」", asx_bidder_vendor(c, x), cmp_nz(service));
    char *shead = scrub(b, head);
    free(service);
    free(head);
    asx_doc_heading(b->doc, part, 2, cmp_nz(shead));
    free(shead);
    char note[96];
    snprintf(note, sizeof note, ASX_TR(l, "得点 %.1f", "score %.1f"), r->score);
    asx_doc_badge(b->doc, part, r->verdict, note);
    if (r->count[ASX_SEV_KNOCKOUT] || r->nunanswered) {
        const asx_doc_col cols[4] = {COL("区分", "Kind", 1.3f, 0, LEFT), COL("質問", "Question", 1.8f, 0, LEFT),
                                     COL("条項", "Clause", 1.3f, 0, LEFT), COL("内容", "Reason", 4.5f, 0, LEFT)};
        asx_block *t = asx_doc_table(b->doc, part, cols, 4, NULL);
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            asx_cell *row = f->severity == ASX_SEV_KNOCKOUT ? asx_doc_row(b->doc, t) : NULL;
            if (!row)
                continue;
            asx_cell_severity(&row[0], f->severity);
            row[0].tone = ASX_DOC_TONE_BAD;
            put(b, &row[1], f->q ? f->q->id : "");
            put(b, &row[2], f->clause_local);
            put(b, &row[3], asx_finding_msg(f, l));
        }
        for (size_t i = 0; i < r->nunanswered; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            asx_cell *row = asx_doc_row(b->doc, t);
            char *cl = cmp_join_clauses(r, q);
            char *msg = asx_strdupf(ASX_TR(l, "必須項目「%s」が未回答。回答を求めて再評価すること",
                                           "Required question \"%s\" is unanswered; ask for it and re-assess"),
                                    asx_text_get(&q->label, l));
            put_tone(b, row ? &row[0] : NULL, ASX_TR(l, "未回答 (必須)", "Unanswered"), ASX_DOC_TONE_NEUTRAL);
            put(b, row ? &row[1] : NULL, q->id);
            put(b, row ? &row[2] : NULL, cl);
            put(b, row ? &row[3] : NULL, msg);
            free(cl);
            free(msg);
        }
    }
    if (x->reasons & ASX_EXCL_PENDING) {
        char *w = cmp_pending_labels(r, l);
        char *msg = asx_strdupf(ASX_TR(l, "審査未了 (判断待ち): %s。", "Pending the officer's judgments: %s."), cmp_nz(w));
        asx_doc_paragraph(b->doc, part, cmp_nz(msg));
        free(msg);
        free(w);
    }
    if (x->reasons & ASX_EXCL_LOW_SCORE) {
        char *msg = asx_strdupf(ASX_TR(l, "得点 %.1f が条件付き承認の基準 %g 点に達しない (重大な指摘 %zu 件)。",
                                       "Score %.1f is below the conditional threshold %g (%zu major findings)."),
                                r->score, c->policy ? c->policy->conditional_threshold : 0.0, r->count[ASX_SEV_MAJOR]);
        asx_doc_paragraph(b->doc, part, cmp_nz(msg));
        free(msg);
    }
}

static void excluded(builder *b)
{
    asx_lang l = b->l;
    asx_block *part = asx_doc_part(b->doc, ASX_TR(l, "除外された入札者と理由", "Excluded bidders and why"), NULL);
    asx_block_media(part, ASX_MEDIA_PAPER);
    if (!b->c->nexcluded) {
        asx_doc_paragraph(b->doc, part, ASX_TR(l, "除外された入札者はありません。", "No bidder was excluded."));
        return;
    }
    asx_doc_paragraph(b->doc, part,
                      ASX_TR(l, "必須条件 (ノックアウト) を満たさない入札者は不承認、必須項目が未回答の入札者は差戻しとして順位付けから除外した。",
                             "Bidders failing a mandatory term (knockout) are rejected and bidders with required "
                             "questions unanswered are returned for completion; neither is ranked."));
    for (size_t i = 0; i < b->c->nexcluded; i++)
        excluded_one(b, part, &b->c->excluded[i]);
}

/* The key facts of the bidders [from, to) side by side: verdict and score first, then each fact,
 * knockouts red and answers that differ amber. */
static void facts_table(builder *b, asx_block *part, size_t from, size_t to)
{
    asx_lang l = b->l;
    asx_doc_col cols[PAPER_BIDDERS_PER_TABLE + 1];
    char *heads[PAPER_BIDDERS_PER_TABLE] = {0};
    size_t n = to - from;
    cols[0] = (asx_doc_col)COL("項目", "Item", 1.6f, 0, LEFT);
    for (size_t i = 0; i < n; i++) {
        heads[i] = bidder_heading(b, b->cols[from + i]);
        cols[i + 1] = (asx_doc_col){cmp_nz(heads[i]), 2, 0, ASX_DOC_LEFT, false};
    }
    asx_block *t = asx_doc_table(b->doc, part, cols, n + 1, NULL);
    for (size_t i = 0; i < n; i++)
        free(heads[i]);
    asx_cell *row = asx_doc_row(b->doc, t);
    if (!row)
        return;
    put_tone(b, &row[0], ASX_TR(l, "判定・得点", "Verdict, score"), ASX_DOC_TONE_NEUTRAL); /* labels shaded */
    for (size_t i = 0; i < n; i++) {
        const asx_result *r = b->cols[from + i]->r;
        char *s = asx_strdupf("%s  %.1f", asx_verdict_label(r->verdict, l), r->score);
        put_tone(b, &row[i + 1], cmp_nz(s), asx_doc_verdict_tone(r->verdict));
        free(s);
    }
    const asx_result *r0 = b->c->all[0].r;
    for (size_t k = 0; k < r0->nfacts; k++) {
        const asx_question *q = r0->facts[k].q;
        cval v[PAPER_BIDDERS_PER_TABLE] = {{0}};
        bool mark[PAPER_BIDDERS_PER_TABLE] = {0};
        if (!(row = asx_doc_row(b->doc, t)))
            return;
        put_tone(b, &row[0], asx_text_get(&q->label, l), ASX_DOC_TONE_NEUTRAL);
        for (size_t i = 0; i < n; i++) {
            const asx_result *r = b->cols[from + i]->r;
            const asx_fact *f = NULL;
            for (size_t j = 0; j < r->nfacts && !f; j++)
                if (r->facts[j].q == q)
                    f = &r->facts[j];
            v[i].text = scrub(b, f ? asx_fact_value(f, l) : "—");
            v[i].ko = r->q[q->index].knockout;
            asx_cell_text(b->doc, &row[i + 1], v[i].text);
        }
        cmp_diff_marks(v, n, mark);
        for (size_t i = 0; i < n; i++)
            row[i + 1].tone = v[i].ko ? ASX_DOC_TONE_BAD : mark[i] ? ASX_DOC_TONE_WARN : ASX_DOC_TONE_NONE;
        cmp_cval_free(v, n);
    }
}

static void facts(builder *b)
{
    asx_lang l = b->l;
    asx_block *part = asx_doc_part(b->doc, ASX_TR(l, "主要条件の比較", "Key facts side by side"), NULL);
    asx_block_media(part, ASX_MEDIA_PAPER);
    asx_doc_note(b->doc, part, ASX_TR(l, "赤: 必須条件違反 (不承認の理由)、黄: 入札者間で異なる回答。",
                                      "Red: knockout (a reason for rejection); amber: answers that differ between bidders."));
    for (size_t from = 0; from < b->ncols; from += PAPER_BIDDERS_PER_TABLE)
        facts_table(b, part, from, from + PAPER_BIDDERS_PER_TABLE < b->ncols ? from + PAPER_BIDDERS_PER_TABLE : b->ncols);
}

/* A chart of section scores per bidder, each kept whole with its heading. */
static void charts(builder *b)
{
    const asx_comparison *c = b->c;
    const asx_bank *bank = c->bank;
    asx_lang l = b->l;
    asx_block *part = asx_doc_part(b->doc, ASX_TR(l, "分野別得点", "Section scores"), NULL);
    asx_block_media(part, ASX_MEDIA_PAPER);
    const char **labels = calloc(bank->nsections ? bank->nsections : 1, sizeof *labels);
    double *values = calloc(bank->nsections ? bank->nsections : 1, sizeof *values);
    if (!labels || !values)
        b->doc->oom = true;
    for (size_t i = 0; labels && values && i < b->ncols; i++) {
        const asx_result *r = b->cols[i]->r;
        for (size_t k = 0; k < bank->nsections; k++) {
            labels[k] = asx_text_get(&bank->sections[k].title, l);
            values[k] = r->sections[k].counted ? r->sections[k].score : -1.0;
        }
        asx_block *keep = asx_doc_keep(b->doc, part);
        char *head = bidder_heading(b, b->cols[i]);
        char *note = asx_strdupf(ASX_TR(l, "%s %.1f 点", "%s, score %.1f"), asx_verdict_label(r->verdict, l), r->score);
        asx_doc_heading(b->doc, keep, 2, cmp_nz(head));
        asx_doc_note(b->doc, keep, cmp_nz(note));
        asx_doc_chart(b->doc, keep, labels, values, bank->nsections, c->policy ? c->policy->approve_threshold : 80.0,
                      c->policy ? c->policy->conditional_threshold : 60.0);
        free(head);
        free(note);
    }
    free(labels);
    free(values);
}

/* ---- the workbook: the comparison read across, every question's score, every finding -------- */

/* A sheet-only part with its own title: a table of nfixed label columns and one column per
 * bidder (headed by its vendor), the label columns kept in view, cells filled by their tone. */
static asx_block *bidder_sheet(builder *b, const char *sheet, const char *title, const asx_doc_col *fixed,
                               size_t nfixed, double bidder_width)
{
    asx_block *part = asx_doc_part(b->doc, title, sheet);
    asx_block_media(part, ASX_MEDIA_SHEET);
    asx_doc_sheet_head(b->doc, part, title, b->sub);
    asx_doc_col *cols = calloc(nfixed + b->ncols, sizeof *cols);
    char **names = calloc(b->ncols ? b->ncols : 1, sizeof *names);
    asx_block *t = NULL;
    if (cols && names) {
        memcpy(cols, fixed, nfixed * sizeof *cols);
        for (size_t i = 0; i < b->ncols; i++) {
            names[i] = scrub(b, asx_bidder_vendor(b->c, b->cols[i]));
            cols[nfixed + i] = (asx_doc_col){cmp_nz(names[i]), 1, bidder_width, ASX_DOC_LEFT, false};
        }
        t = asx_doc_table(b->doc, part, cols, nfixed + b->ncols, NULL);
        asx_doc_sheet_table(t, nfixed, true);
    } else {
        b->doc->oom = true;
    }
    asx_strv_free(names, names ? b->ncols : 0);
    free(cols);
    return t;
}

/* A new row of a bidder table: its label (grey) and note (grey, may be NULL); NULL on OOM. */
static asx_cell *label_row(builder *b, asx_block *t, const char *label, const char *note)
{
    asx_cell *row = asx_doc_row(b->doc, t);
    if (!row)
        return NULL;
    put_tone(b, &row[0], label, ASX_DOC_TONE_NEUTRAL);
    put_tone(b, &row[1], note ? note : "", ASX_DOC_TONE_NEUTRAL);
    return row;
}

/* A band across the table naming what follows (分野別得点, 主要条件, 全設問の回答). */
static void band(builder *b, asx_block *t, const char *title)
{
    asx_cell *row = asx_doc_row(b->doc, t);
    for (size_t i = 0; row && i < t->ncols; i++)
        row[i].tone = ASX_DOC_TONE_NEUTRAL;
    put(b, row, title);
}

/* Every bidder's answer to q: the label, the question and its clause, the answers. */
static void answer_row(builder *b, asx_block *t, const asx_question *q)
{
    char *ref = question_ref(b, q);
    asx_cell *row = label_row(b, t, asx_text_get(&q->label, b->l), ref);
    free(ref);
    cval *v = calloc(b->ncols ? b->ncols : 1, sizeof *v);
    if (!row || !v) {
        b->doc->oom = true;
        free(v);
        return;
    }
    for (size_t i = 0; i < b->ncols; i++)
        v[i] = answer(b, &row[2 + i], b->cols[i]->r, q);
    tone_row(b, row, 2, v, true);
    free(v);
}

typedef enum {
    SUM_SERVICE, SUM_FILE, SUM_RANK, SUM_VERDICT, SUM_SCORE, SUM_TECH, SUM_KO, SUM_MAJOR, SUM_MINOR,
    SUM_REASONS, SUM_N
} sum_row;

static const char *summary_label(sum_row which, asx_lang l)
{
    switch (which) {
    case SUM_SERVICE: return ASX_TR(l, "サービス", "Service");
    case SUM_FILE: return ASX_TR(l, "回答ファイル", "Answers file");
    case SUM_RANK: return ASX_TR(l, "順位", "Rank");
    case SUM_VERDICT: return ASX_TR(l, "判定", "Verdict");
    case SUM_SCORE: return ASX_TR(l, "得点", "Score");
    case SUM_TECH: return ASX_TR(l, "技術点", "Tech points");
    case SUM_KO: return ASX_TR(l, "必須条件違反 (件)", "Knockouts");
    case SUM_MAJOR: return ASX_TR(l, "重大な指摘 (件)", "Major findings");
    case SUM_MINOR: return ASX_TR(l, "軽微な指摘 (件)", "Minor findings");
    case SUM_REASONS: return ASX_TR(l, "除外の理由", "Why excluded");
    case SUM_N: break;
    }
    return "";
}

/* One bidder's cell of a summary row, and its key. */
static cval summary(builder *b, asx_cell *cell, const asx_bidder *x, sum_row which)
{
    const asx_result *r = x->r;
    asx_lang l = b->l;
    cval k = {0};
    switch (which) {
    case SUM_SERVICE: {
        char *s = asx_bidder_service(b->c, x, l);
        k = text(b, cell, s);
        free(s);
        return k;
    }
    case SUM_FILE: return text(b, cell, asx_bidder_file(b->c, x));
    case SUM_RANK:
        if (x->rank)
            return count(cell, (size_t)x->rank);
        k = text(b, cell, ASX_TR(l, "除外", "excluded"));
        k.ko = true;
        return k;
    case SUM_VERDICT:
        asx_cell_verdict(cell, r->verdict);
        k = (cval){.text = asx_strdup(asx_verdict_label(r->verdict, l)), .ko = !x->rank};
        return k;
    case SUM_SCORE: return number(b, cell, r->score, 1);
    case SUM_TECH: return number(b, cell, x->tech, 1);
    case SUM_KO:
        k = count(cell, r->count[ASX_SEV_KNOCKOUT]);
        k.ko = r->count[ASX_SEV_KNOCKOUT] > 0;
        return k;
    case SUM_MAJOR: return count(cell, r->count[ASX_SEV_MAJOR]);
    case SUM_MINOR: return count(cell, r->count[ASX_SEV_MINOR]);
    case SUM_REASONS: {
        char *s = cmp_exclusion_text(b->c, x, l);
        k = text(b, cell, s);
        k.ko = !x->rank;
        free(s);
        return k;
    }
    case SUM_N: break;
    }
    return text(b, cell, "");
}

/* 比較: the summary of each bidder, its section scores, the key facts, then every answer. */
static void comparison_sheet(builder *b)
{
    const asx_comparison *c = b->c;
    const asx_bank *bank = c->bank;
    asx_lang l = b->l;
    const asx_doc_col fixed[2] = {COL("事業者", "Vendor", 1, 30, LEFT), COL("質問 ID・条項", "Question id, clause", 1, 26, LEFT)};
    asx_block *t = bidder_sheet(b, ASX_TR(l, "比較", "Comparison"), ASX_TR(l, "入札者比較表", "Bidder comparison"), fixed, 2, 30);
    cval *v = calloc(b->ncols ? b->ncols : 1, sizeof *v);
    if (!t || !v) {
        b->doc->oom = true;
        free(v);
        return;
    }
    for (int s = 0; s < SUM_N; s++) {
        char *note = s == SUM_TECH ? asx_strdupf(ASX_TR(l, "%g 点満点", "out of %g"), c->tech_max) : NULL;
        asx_cell *row = label_row(b, t, summary_label((sum_row)s, l), note);
        free(note);
        if (!row)
            break;
        for (size_t i = 0; i < b->ncols; i++)
            v[i] = summary(b, &row[2 + i], b->cols[i], (sum_row)s);
        bool compare = s == SUM_VERDICT || s == SUM_SCORE || s == SUM_TECH || s == SUM_KO || s == SUM_MAJOR ||
                       s == SUM_MINOR;
        tone_row(b, row, 2, v, compare);
    }
    band(b, t, ASX_TR(l, "分野別得点", "Section scores"));
    for (size_t k = 0; k < bank->nsections; k++) {
        char *id = asx_strdupf(ASX_TR(l, "%s (配点 %g)", "%s (%g points)"), bank->sections[k].id, c->points[k]);
        asx_cell *row = label_row(b, t, asx_text_get(&bank->sections[k].title, l), id);
        free(id);
        if (!row)
            break;
        for (size_t i = 0; i < b->ncols; i++) {
            const asx_secscore *ss = &b->cols[i]->r->sections[k];
            v[i] = ss->counted ? number(b, &row[2 + i], ss->score, 1) : text(b, &row[2 + i], "—");
        }
        tone_row(b, row, 2, v, true);
    }
    free(v);
    /* the result's key facts (the bank's facts list, the same for every bidder) */
    band(b, t, ASX_TR(l, "主要条件", "Key facts"));
    const asx_result *r0 = c->all[0].r;
    for (size_t k = 0; k < r0->nfacts; k++)
        answer_row(b, t, r0->facts[k].q);
    band(b, t, ASX_TR(l, "全設問の回答", "Every answer"));
    size_t section = (size_t)-1;
    for (size_t k = 0; k < bank->nquestions; k++) {
        const asx_question *q = &bank->questions[k];
        if (q->section != section) {
            section = q->section;
            put(b, asx_doc_row(b->doc, t), asx_text_get(&bank->sections[section].title, l));
        }
        answer_row(b, t, q);
    }
}

/* 設問別得点: the total, then every question's weight and each bidder's score (0..100 %). */
static void scores_sheet(builder *b)
{
    const asx_bank *bank = b->c->bank;
    asx_lang l = b->l;
    const asx_doc_col fixed[3] = {COL("設問", "Question", 1, 30, LEFT), COL("質問 ID・条項", "Question id, clause", 1, 26, LEFT),
                                  COL("重み", "Weight", 1, 7, RIGHT)};
    asx_block *t = bidder_sheet(b, ASX_TR(l, "設問別得点", "Question scores"),
                                ASX_TR(l, "設問別得点 (0〜100%)", "Score of every question (0-100 %)"), fixed, 3, 22);
    cval *v = calloc(b->ncols ? b->ncols : 1, sizeof *v);
    asx_cell *row = t && v ? label_row(b, t, ASX_TR(l, "総合得点 (100 点満点)", "Total score (of 100)"), NULL) : NULL;
    if (!row) {
        b->doc->oom = true;
        free(v);
        return;
    }
    row[2].tone = ASX_DOC_TONE_NEUTRAL;
    for (size_t i = 0; i < b->ncols; i++)
        v[i] = number(b, &row[3 + i], b->cols[i]->r->score, 1);
    tone_row(b, row, 3, v, true);
    for (size_t k = 0; k < bank->nquestions; k++) {
        const asx_question *q = &bank->questions[k];
        char *ref = question_ref(b, q);
        row = label_row(b, t, asx_text_get(&q->label, l), ref);
        free(ref);
        if (!row)
            break;
        asx_cell_number(b->doc, &row[2], q->weight, decimals_of(q->weight), NULL);
        for (size_t i = 0; i < b->ncols; i++) {
            const asx_qscore *qs = &b->cols[i]->r->q[q->index];
            asx_cell *cell = &row[3 + i];
            if (!qs->applicable) {
                v[i] = text(b, cell, ASX_TR(l, "対象外", "not applicable"));
            } else if (qs->na) {
                v[i] = text(b, cell, ASX_TR(l, "該当なし", "N/A"));
            } else {
                asx_cell_percent(cell, qs->score * 100.0, 0); /* the score 0..1 as a percent */
                v[i] = (cval){.text = asx_strdupf("%.6g", qs->score)};
            }
            v[i].ko = qs->knockout;
        }
        tone_row(b, row, 3, v, true);
    }
    free(v);
}

/* One line of 指摘事項: the bidder, the kind, the question, its clause and what was found. */
static void finding_row(builder *b, asx_block *t, const asx_bidder *x, asx_cell *kind, const char *id,
                        const char *clause, const char *msg, bool ko)
{
    asx_cell *row = asx_doc_row(b->doc, t);
    if (!row) {
        free(kind->text);
        return;
    }
    char *service = asx_bidder_service(b->c, x, b->l);
    put(b, &row[0], asx_bidder_vendor(b->c, x));
    put(b, &row[1], service);
    free(service);
    asx_cell_verdict(&row[2], x->r->verdict);
    row[3] = *kind; /* the row takes what the cell holds */
    put(b, &row[4], id);
    put(b, &row[5], clause);
    put_tone(b, &row[6], msg, ko ? ASX_DOC_TONE_BAD : ASX_DOC_TONE_NONE);
}

static void findings_sheet(builder *b)
{
    asx_lang l = b->l;
    const char *title = ASX_TR(l, "入札者別の指摘事項と未回答の必須項目", "Findings and unanswered required questions by bidder");
    asx_block *part = asx_doc_part(b->doc, title, ASX_TR(l, "指摘事項", "Findings"));
    asx_block_media(part, ASX_MEDIA_SHEET);
    asx_doc_sheet_head(b->doc, part, title, b->sub);
    const asx_doc_col cols[7] = {COL("事業者", "Vendor", 1, 26, LEFT), COL("サービス", "Service", 1, 24, LEFT),
                                 COL("判定", "Verdict", 1, 14, LEFT), COL("重大度", "Severity", 1, 12, LEFT),
                                 COL("質問 ID", "Question id", 1, 26, LEFT), COL("条項", "Clause", 1, 18, LEFT),
                                 COL("内容", "Finding", 1, 70, LEFT)};
    asx_block *t = asx_doc_table(b->doc, part, cols, 7, NULL);
    asx_doc_sheet_table(t, 0, true);
    for (size_t i = 0; i < b->ncols; i++) {
        const asx_bidder *x = b->cols[i];
        const asx_result *r = x->r;
        for (size_t k = 0; k < r->nfindings; k++) {
            const asx_finding *f = &r->findings[k];
            bool ko = f->severity == ASX_SEV_KNOCKOUT;
            asx_cell kind = {0};
            asx_cell_severity(&kind, f->severity);
            kind.tone = ko ? ASX_DOC_TONE_BAD : ASX_DOC_TONE_NONE;
            finding_row(b, t, x, &kind, f->q ? f->q->id : "", f->clause_local, asx_finding_msg(f, l), ko);
        }
        for (size_t k = 0; k < r->nunanswered; k++) {
            const asx_question *q = &r->bank->questions[r->unanswered[k]];
            char *cl = cmp_join_clauses(r, q);
            char *msg = asx_strdupf(ASX_TR(l, "必須項目「%s」が未回答。回答を求めて再評価すること",
                                           "Required question \"%s\" is unanswered; ask for it and re-assess"),
                                    asx_text_get(&q->label, l));
            asx_cell kind = {0};
            asx_cell_text(b->doc, &kind, ASX_TR(l, "未回答 (必須)", "Unanswered (required)"));
            finding_row(b, t, x, &kind, q->id, cl, msg, false);
            free(cl);
            free(msg);
        }
    }
}

/* ---- both: the committee's selection ---------------------------------------------------------- */

/* 選定結果: the bidders with score and 技術点, a column for the committee's mark, lines for the
 * decision and its reason, and the committee's stamp boxes, kept together on one page. */
static void selection(builder *b, asx_date date)
{
    const asx_comparison *c = b->c;
    asx_lang l = b->l;
    const char *title = ASX_TR(l, "選定結果 (審査委員会)", "Selection (evaluation committee)");
    asx_block *part = asx_doc_part(b->doc, title, ASX_TR(l, "選定結果", "Selection"));
    /* a short subtitle within the printed columns of the sheet */
    char cls[64], day[64], tech[64];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_date_format(date, l, day, sizeof day);
    char *sub = asx_strdupf(ASX_TR(l, "質問票 %s、%s、作成日 %s", "Questionnaire %s, %s, made on %s"), c->bank->id, cls, day);
    asx_doc_sheet_head(b->doc, part, title, cmp_nz(sub));
    free(sub);
    snprintf(tech, sizeof tech, ASX_TR(l, "技術点 (%g 点満点)", "Tech (of %g)"), c->tech_max);
    const asx_doc_col cols[6] = {COL("順位", "Rank", 0.8f, 14, RIGHT),
                                 COL("入札者", "Bidder", 3, 26, LEFT),
                                 COL("得点", "Score", 1, 10, RIGHT),
                                 {tech, 1.5f, 14, ASX_DOC_RIGHT, false},
                                 {ASX_TR(l, "判定", "Verdict"), 1, 16, ASX_DOC_LEFT, true},
                                 COL("選定 (○を記入)・所見", "Selected (mark) / remarks", 3, 26, LEFT)};
    asx_block *keep = asx_doc_keep(b->doc, part);
    asx_block *t = asx_doc_table(b->doc, keep, cols, 6, NULL);
    asx_doc_sheet_table(t, 0, true);
    for (size_t i = 0; i < b->ncols; i++) {
        const asx_bidder *x = b->cols[i];
        asx_cell *row = asx_doc_row(b->doc, t);
        if (!row)
            return;
        if (x->rank)
            asx_cell_count(&row[0], (size_t)x->rank);
        else
            put_tone(b, &row[0], ASX_TR(l, "除外", "excl."), ASX_DOC_TONE_BAD);
        put(b, &row[1], asx_bidder_vendor(c, x));
        asx_cell_number(b->doc, &row[2], x->r->score, 1, NULL);
        asx_cell_number(b->doc, &row[3], x->tech, 1, NULL);
        asx_cell_verdict(&row[4], x->r->verdict);
        put(b, &row[5], "");
    }
    asx_block *kv = asx_doc_kv(b->doc, keep);
    asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "選定する入札者", "Bidder selected"), 1), " ");
    asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "選定の理由", "Reason"), 1), " \n \n ");
    asx_cell_text(b->doc, asx_doc_kv_row(b->doc, kv, ASX_TR(l, "審査日", "Date of the decision"), 1), ASX_TR(l, "　　　　年　　月　　日", " "));
    const char *roles[N_COMMITTEE], *names[N_COMMITTEE] = {0}; /* lines to write names on */
    for (size_t i = 0; i < N_COMMITTEE; i++)
        roles[i] = cmp_committee_role(i, l);
    asx_doc_stamps(b->doc, keep, roles, names, N_COMMITTEE, NULL, 0);
}

asx_doc *asx_compare_doc(const asx_comparison *c, asx_date date, asx_lang l)
{
    char *sub = asx_strdupf("%s (%s %s)", asx_text_get(&c->bank->title, l), c->bank->id, cmp_nz(c->bank->version));
    asx_doc *doc = sub ? asx_doc_new(l, ASX_TR(l, "入札者比較表", "Bidder comparison"), sub, asx_text_get(&c->bank->title, l)) : NULL;
    free(sub);
    builder b = {.doc = doc, .c = c, .l = l, .ncols = c->nall};
    if (!doc || !c->nall || !(b.cols = cmp_column_order(c)))
        goto fail;
    /* every page and sheet names the tender and the organisation when they are given */
    char *tender = cmp_tender_line(c, l);
    char *title = asx_strdupf(ASX_TR(l, "入札者比較表 (%s)", "Bidder comparison (%s)"), c->bank->id);
    doc->footer = tender && title ? asx_strdupf("%s — %s", tender, title) : title ? asx_strdup(title) : NULL;
    asx_doc_sheet_header(doc, tender);
    free(tender);
    free(title);
    char cls[64], day[64];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_date_format(date, l, day, sizeof day);
    b.sub = asx_strdupf(ASX_TR(l, "質問票 %s %s「%s」(%s)、%s、作成日 %s、承認 %g 点以上・条件付き承認 %g 点以上",
                               "Questionnaire %s %s \"%s\" (%s), %s, made on %s, approve at %g, conditional at %g"),
                        c->bank->id, cmp_nz(c->bank->version), asx_text_get(&c->bank->title, l),
                        cmp_nz(c->all[0].r->bank_cite.clause_local), cls, day,
                        c->policy ? c->policy->approve_threshold : 0.0,
                        c->policy ? c->policy->conditional_threshold : 0.0);
    if (!doc->footer || !b.sub)
        goto fail;
    cover(&b, date);
    ranking(&b);
    excluded(&b);
    facts(&b);
    charts(&b);
    comparison_sheet(&b);
    scores_sheet(&b);
    findings_sheet(&b);
    selection(&b, date);
    free(b.sub);
    free(b.cols);
    if (asx_doc_oom(doc)) {
        asx_doc_free(doc);
        return NULL;
    }
    return doc;
fail:
    free(b.sub);
    free(b.cols);
    asx_doc_free(doc);
    return NULL;
}

/* ---- the key of an anonymised comparison ------------------------------------------------------ */

asx_doc *asx_compare_key_doc(const asx_comparison *c, asx_date date, asx_lang l)
{
    const char *title = ASX_TR(l, "入札者の対照表 (取扱注意)", "Bidder key (restricted)");
    asx_doc *doc = asx_doc_new(l, title, NULL, NULL);
    if (!doc)
        return NULL;
    char day[64];
    asx_date_format(date, l, day, sizeof day);
    char *sub = asx_strdupf(ASX_TR(l, "%s の入札者比較 (匿名化) の記号と事業者の対照。審査委員会には配布しないこと。",
                                   "Aliases of the anonymised bidder comparison of %s and the vendors. Do not give to the committee."),
                            day);
    asx_block *part = asx_doc_part(doc, title, ASX_TR(l, "対照表", "Key"));
    asx_doc_sheet_head(doc, part, title, cmp_nz(sub));
    free(sub);
    const asx_doc_col cols[5] = {COL("記号", "Alias", 1, 10, LEFT), COL("事業者", "Vendor", 1, 34, LEFT),
                                 COL("法人番号", "Corporate number", 1, 18, LEFT), COL("サービス", "Service", 1, 34, LEFT),
                                 COL("回答ファイル", "Answers file", 1, 50, LEFT)};
    asx_block *t = asx_doc_table(doc, part, cols, 5, NULL);
    for (size_t i = 0; i < c->nall; i++) {
        const asx_answers *a = c->all[i].r->answers;
        const char *cells[5] = {c->all[i].alias, a->vendor_name, a->corporate_number, a->service_name, a->file};
        asx_cell *row = asx_doc_row(doc, t);
        for (size_t k = 0; row && k < 5; k++)
            asx_cell_text(doc, &row[k], cmp_nz(cells[k]));
    }
    /* every identifier masked in the committee's files, with what they show instead */
    part = asx_doc_part(doc, ASX_TR(l, "識別情報", "Identifiers"), NULL);
    const asx_doc_col icols[4] = {COL("記号", "Alias", 1, 10, LEFT), COL("種類", "Kind", 1, 26, LEFT),
                                  COL("回答ファイル中の記載", "In the answers file", 1, 50, LEFT),
                                  COL("比較表での表示", "Shown in the comparison as", 1, 34, LEFT)};
    t = asx_doc_table(doc, part, icols, 4, NULL);
    for (size_t i = 0; i < c->nids; i++) {
        const asx_identifier *id = &c->ids[i];
        const char *cells[4] = {c->all[id->bidder].alias, asx_id_kind_label(id->kind, l), id->text, id->mask};
        asx_cell *row = asx_doc_row(doc, t);
        for (size_t k = 0; row && k < 4; k++)
            asx_cell_text(doc, &row[k], cmp_nz(cells[k]));
    }
    if (asx_doc_oom(doc)) {
        asx_doc_free(doc);
        return NULL;
    }
    return doc;
}
