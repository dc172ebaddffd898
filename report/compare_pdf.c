/* compare_pdf.c - the comparison PDF: the ranking, the exclusions with their reasons, a section
 * score chart per bidder, the key facts side by side (see asx/compare_report.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/compare_report.h"
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pdf_widgets.h"
#include "asx/pdfdoc.h"
#include "asx/text.h"
#include "asx/util.h"
#include "compare_impl.h"

/* ---- PDF -------------------------------------------------------------------------------- */

enum { PDF_BIDDERS_PER_TABLE = 4 };

/* A label for a bidder's column or chart: "1位 vendor" / "除外 vendor". Caller frees. */
static char *bidder_heading(const asx_comparison *c, const asx_bidder *b, asx_lang l)
{
    char *service = asx_bidder_service(c, b, l);
    char *s = NULL;
    if (b->rank)
        s = asx_strdupf(ASX_TR(l, "%d位 %s「%s」", "#%d %s \"%s\""), b->rank, asx_bidder_vendor(c, b),
                        cmp_nz(service));
    else
        s = asx_strdupf(ASX_TR(l, "除外 %s「%s」", "Excluded: %s \"%s\""), asx_bidder_vendor(c, b),
                        cmp_nz(service));
    free(service);
    return s;
}

static void pdf_ranking(asx_pdf *p, const asx_comparison *c, asx_lang l)
{
    asx_pdf_heading(p, 1, ASX_TR(l, "順位 (承認・条件付き承認の入札者)",
                           "Ranking (approved and conditionally approved bidders)"), 0);
    if (!c->nranked) {
        asx_pdf_paragraph(p, ASX_TR(l, "順位付けできる入札者はありません (全者除外)。",
                               "No bidder can be ranked: all were excluded."), NULL);
        return;
    }
    const asx_pdf_col cols[8] = {{ASX_TR(l, "順位", "Rank"), 0.6f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "事業者", "Vendor"), 3, ASX_PDF_LEFT},
                                 {ASX_TR(l, "サービス", "Service"), 3, ASX_PDF_LEFT},
                                 {ASX_TR(l, "得点", "Score"), 0.9f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "技術点", "Tech"), 1.0f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "判定", "Verdict"), 1.8f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "重大", "Major"), 0.7f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "軽微", "Minor"), 0.7f, ASX_PDF_RIGHT}};
    asx_pdf_table_begin(p, cols, 8);
    for (size_t i = 0; i < c->nranked; i++) {
        cmp_row row;
        cmp_ranking_row(c, i, l, &row);
        asx_pdf_tone tones[CMP_RANK_COLS] = {0};
        tones[5] = asx_pdf_verdict_tone(c->ranked[i].r->verdict);
        asx_pdf_row(p, row.cells, tones);
        cmp_ranking_row_free(&row);
    }
    asx_pdf_table_end(p);
    char *note = asx_strdupf(ASX_TR(l, "順位は得点の高い順。同点のときは重大な指摘の少ない順、さらに事業者名の順。"
                                  "技術点は %g 点満点 (配点: %s)。",
                               "Ranked by score; ties go to fewer major findings, then vendor name. "
                               "Tech points out of %g (points: %s)."),
                             c->tech_max,
                             c->points_from_policy ? ASX_TR(l, "ポリシーの evaluation_points", "the policy's evaluation_points")
                                                   : ASX_TR(l, "各区分の設問の重みの合計", "the weights of each section's questions"));
    asx_pdf_paragraph(p, note ? note : "", &(asx_pdf_style){.size = 8, .color = ASX_PDF_TONE_NEUTRAL});
    free(note);
}

static void pdf_excluded_one(asx_pdf *p, const asx_comparison *c, const asx_bidder *x,
                             asx_lang l)
{
    const asx_result *r = x->r;
    char *service = asx_bidder_service(c, x, l);
    char *head = asx_strdupf("%s「%s」", asx_bidder_vendor(c, x), cmp_nz(service));
    free(service);
    char note[96];
    snprintf(note, sizeof note, ASX_TR(l, "得点 %.1f", "score %.1f"), r->score);
    asx_pdf_heading(p, 2, head ? head : "", 0);
    free(head);
    asx_pdf_badge(p, asx_verdict_label(r->verdict, l), asx_pdf_verdict_tone(r->verdict), note, 11);
    const asx_pdf_col cols[4] = {{ASX_TR(l, "区分", "Kind"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "質問", "Question"), 1.8f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "条項", "Clause"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "内容", "Reason"), 4.5f, ASX_PDF_LEFT}};
    if (r->count[ASX_SEV_KNOCKOUT] || r->nunanswered) {
        asx_pdf_table_begin(p, cols, 4);
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            if (f->severity != ASX_SEV_KNOCKOUT)
                continue;
            char *msg = asx_compare_scrub(c, cmp_nz(asx_finding_msg(f, l)));
            const char *cells[4] = {asx_severity_label(f->severity, l), f->q ? f->q->id : "",
                                    cmp_nz(f->clause_local), cmp_nz(msg)};
            const asx_pdf_tone tones[4] = {ASX_PDF_TONE_BAD, ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE,
                                           ASX_PDF_TONE_NONE};
            asx_pdf_row(p, cells, tones);
            free(msg);
        }
        for (size_t i = 0; i < r->nunanswered; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            char *cl = cmp_join_clauses(r, q);
            char *msg = asx_strdupf(ASX_TR(l, "必須項目「%s」が未回答。回答を求めて再評価すること",
                                      "Required question \"%s\" is unanswered; ask for it and re-assess"),
                                    asx_text_get(&q->label, l));
            const char *cells[4] = {ASX_TR(l, "未回答 (必須)", "Unanswered"), q->id, cmp_nz(cl), cmp_nz(msg)};
            const asx_pdf_tone tones[4] = {ASX_PDF_TONE_NEUTRAL, ASX_PDF_TONE_NONE,
                                           ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE};
            asx_pdf_row(p, cells, tones);
            free(cl);
            free(msg);
        }
        asx_pdf_table_end(p);
    }
    if (x->reasons & ASX_EXCL_PENDING) {
        char *w = cmp_pending_labels(r, l);
        char *msg = asx_strdupf(ASX_TR(l, "審査未了 (判断待ち): %s。", "Pending the officer's judgments: %s."), cmp_nz(w));
        asx_pdf_paragraph(p, msg ? msg : "", NULL);
        free(msg);
        free(w);
    }
    if (x->reasons & ASX_EXCL_LOW_SCORE) {
        char *msg = asx_strdupf(ASX_TR(l, "得点 %.1f が条件付き承認の基準 %g 点に達しない (重大な指摘 %zu 件)。",
                                  "Score %.1f is below the conditional threshold %g (%zu major findings)."),
                                r->score, c->policy ? c->policy->conditional_threshold : 0.0,
                                r->count[ASX_SEV_MAJOR]);
        asx_pdf_paragraph(p, msg ? msg : "", NULL);
        free(msg);
    }
    asx_pdf_space(p, 6);
}

static void pdf_excluded(asx_pdf *p, const asx_comparison *c, asx_lang l)
{
    asx_pdf_heading(p, 1, ASX_TR(l, "除外された入札者と理由", "Excluded bidders and why"), 0);
    if (!c->nexcluded) {
        asx_pdf_paragraph(p, ASX_TR(l, "除外された入札者はありません。", "No bidder was excluded."), NULL);
        return;
    }
    asx_pdf_paragraph(p, ASX_TR(l, "必須条件 (ノックアウト) を満たさない入札者は不承認、必須項目が未回答の入札者は差戻しとして順位付けから除外した。",
                           "Bidders failing a mandatory term (knockout) are rejected and bidders with required "
                           "questions unanswered are returned for completion; neither is ranked."), NULL);
    for (size_t i = 0; i < c->nexcluded; i++)
        pdf_excluded_one(p, c, &c->excluded[i], l);
}

static void pdf_charts(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols, asx_lang l)
{
    const asx_bank *bank = c->bank;
    const char **labels = calloc(bank->nsections ? bank->nsections : 1, sizeof *labels);
    double *values = calloc(bank->nsections ? bank->nsections : 1, sizeof *values);
    if (!labels || !values)
        goto done;
    asx_pdf_heading(p, 1, ASX_TR(l, "分野別得点", "Section scores"), 0);
    for (size_t i = 0; i < c->nall; i++) {
        const asx_result *r = cols[i]->r;
        char *head = bidder_heading(c, cols[i], l);
        char *note = asx_strdupf(ASX_TR(l, "%s %.1f 点", "%s, score %.1f"), asx_verdict_label(r->verdict, l),
                                 r->score);
        size_t n = 0;
        for (size_t k = 0; k < bank->nsections; k++) {
            labels[n] = asx_text_get(&bank->sections[k].title, l);
            values[n] = r->sections[k].counted ? r->sections[k].score : -1.0;
            n++;
        }
        asx_pdf_need(p, 40.0f + 16.0f * (float)n);
        asx_pdf_heading(p, 2, head ? head : "", 40.0f + 16.0f * (float)n);
        asx_pdf_paragraph(p, note ? note : "", &(asx_pdf_style){.size = 8.5f, .color = asx_pdf_verdict_tone(r->verdict)});
        asx_pdf_bar_chart(p, labels, values, n,
                          c->policy ? c->policy->approve_threshold : 80.0,
                          c->policy ? c->policy->conditional_threshold : 60.0);
        asx_pdf_space(p, 6);
        free(head);
        free(note);
    }
done:
    free(labels);
    free(values);
}

/* One key-fact row of one table: the label, then the bidders' answers [from, to). */
static void pdf_fact_row(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols,
                         size_t from, size_t to, const asx_question *q, asx_lang l)
{
    cval v[PDF_BIDDERS_PER_TABLE + 1] = {{0}};
    bool mark[PDF_BIDDERS_PER_TABLE + 1] = {0};
    const char *cells[PDF_BIDDERS_PER_TABLE + 1] = {0};
    asx_pdf_tone tones[PDF_BIDDERS_PER_TABLE + 1] = {0};
    size_t n = to - from;
    for (size_t i = 0; i < n; i++) {
        const asx_result *r = cols[from + i]->r;
        const asx_fact *f = NULL;
        for (size_t k = 0; k < r->nfacts && !f; k++)
            if (r->facts[k].q == q)
                f = &r->facts[k];
        v[i].text = asx_compare_scrub(c, f ? asx_fact_value(f, l) : "—");
        v[i].ko = r->q[q->index].knockout;
    }
    cmp_diff_marks(v, n, mark);
    cells[0] = asx_text_get(&q->label, l);
    tones[0] = ASX_PDF_TONE_MUTED;
    for (size_t i = 0; i < n; i++) {
        cells[i + 1] = cmp_nz(v[i].text);
        tones[i + 1] = v[i].ko ? ASX_PDF_TONE_BAD : (mark[i] ? ASX_PDF_TONE_WARN : ASX_PDF_TONE_NONE);
    }
    asx_pdf_row(p, cells, tones);
    cmp_cval_free(v, n);
}

static void pdf_facts(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols, asx_lang l)
{
    asx_pdf_heading(p, 1, ASX_TR(l, "主要条件の比較", "Key facts side by side"), 0);
    asx_pdf_paragraph(p, ASX_TR(l, "赤: 必須条件違反 (不承認の理由)、黄: 入札者間で異なる回答。",
                           "Red: knockout (a reason for rejection); amber: answers that differ between bidders."),
                      &(asx_pdf_style){.size = 8, .color = ASX_PDF_TONE_NEUTRAL});
    for (size_t from = 0; from < c->nall; from += PDF_BIDDERS_PER_TABLE) {
        size_t to = from + PDF_BIDDERS_PER_TABLE < c->nall ? from + PDF_BIDDERS_PER_TABLE : c->nall;
        asx_pdf_col tc[PDF_BIDDERS_PER_TABLE + 1];
        char *heads[PDF_BIDDERS_PER_TABLE] = {0};
        tc[0] = (asx_pdf_col){ASX_TR(l, "項目", "Item"), 1.6f, ASX_PDF_LEFT};
        for (size_t i = from; i < to; i++) {
            heads[i - from] = bidder_heading(c, cols[i], l);
            tc[i - from + 1] = (asx_pdf_col){cmp_nz(heads[i - from]), 2, ASX_PDF_LEFT};
        }
        asx_pdf_table_begin(p, tc, to - from + 1);
        /* verdict and score first, then the facts */
        const char *vcells[PDF_BIDDERS_PER_TABLE + 1] = {ASX_TR(l, "判定・得点", "Verdict, score")};
        asx_pdf_tone vtones[PDF_BIDDERS_PER_TABLE + 1] = {ASX_PDF_TONE_MUTED};
        char *vtext[PDF_BIDDERS_PER_TABLE] = {0};
        for (size_t i = from; i < to; i++) {
            const asx_result *r = cols[i]->r;
            vtext[i - from] = asx_strdupf("%s  %.1f", asx_verdict_label(r->verdict, l), r->score);
            vcells[i - from + 1] = cmp_nz(vtext[i - from]);
            vtones[i - from + 1] = asx_pdf_verdict_tone(r->verdict);
        }
        asx_pdf_row(p, vcells, vtones);
        for (size_t i = 0; i < PDF_BIDDERS_PER_TABLE; i++)
            free(vtext[i]);
        const asx_result *r0 = c->nall ? c->all[0].r : NULL;
        for (size_t k = 0; r0 && k < r0->nfacts; k++)
            pdf_fact_row(p, c, cols, from, to, r0->facts[k].q, l);
        asx_pdf_table_end(p);
        asx_pdf_space(p, 8);
        for (size_t i = 0; i < PDF_BIDDERS_PER_TABLE; i++)
            free(heads[i]);
    }
}

/* 選定結果: the bidders with score and 技術点, lines for the decision and the committee's
 * stamp boxes, kept together on one page. */
static void pdf_selection(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols, asx_lang l)
{
    asx_pdf_need(p, 60.0f + 18.0f * (float)c->nall + 200.0f);
    asx_pdf_heading(p, 1, ASX_TR(l, "選定結果 (審査委員会)", "Selection (evaluation committee)"), 0);
    char tech_head[64];
    snprintf(tech_head, sizeof tech_head, ASX_TR(l, "技術点 (%g 点満点)", "Tech (of %g)"), c->tech_max);
    const asx_pdf_col tc[5] = {{ASX_TR(l, "順位", "Rank"), 0.8f, ASX_PDF_RIGHT},
                               {ASX_TR(l, "入札者", "Bidder"), 3, ASX_PDF_LEFT},
                               {ASX_TR(l, "得点", "Score"), 1, ASX_PDF_RIGHT},
                               {tech_head, 1.5f, ASX_PDF_RIGHT},
                               {ASX_TR(l, "選定 (○)・所見", "Selected / remarks"), 3, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, tc, 5);
    for (size_t i = 0; i < c->nall; i++) {
        const asx_bidder *b = cols[i];
        char rank[24], score[32], tech[32];
        if (b->rank)
            snprintf(rank, sizeof rank, "%d", b->rank);
        else
            snprintf(rank, sizeof rank, "%s", ASX_TR(l, "除外", "excl."));
        snprintf(score, sizeof score, "%.1f", b->r->score);
        snprintf(tech, sizeof tech, "%.1f", b->tech);
        const char *cells[5] = {rank, asx_bidder_vendor(c, b), score, tech, ""};
        asx_pdf_tone tones[5] = {b->rank ? ASX_PDF_TONE_NONE : ASX_PDF_TONE_BAD};
        asx_pdf_row(p, cells, tones);
    }
    asx_pdf_table_end(p);
    asx_pdf_space(p, 6);
    const char *keys[3] = {ASX_TR(l, "選定する入札者", "Bidder selected"), ASX_TR(l, "選定の理由", "Reason"),
                           ASX_TR(l, "審査日", "Date")};
    const char *vals[3] = {" ", " \n \n ", ASX_TR(l, "　　　　年　　月　　日", " ")};
    asx_pdf_kv(p, keys, vals, 3, 0);
    asx_pdf_space(p, 8);
    const char *roles[N_COMMITTEE];
    for (size_t i = 0; i < N_COMMITTEE; i++)
        roles[i] = cmp_committee_role(i, l);
    asx_pdf_stamps(p, roles, NULL, N_COMMITTEE);
}

static void pdf_cover(asx_pdf *p, const asx_comparison *c, const asx_compare_opts *o)
{
    asx_lang l = o->lang;
    char cls[64], date[64];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_date_format(o->date, l, date, sizeof date);
    char *sub = asx_strdupf("%s (%s %s)", asx_text_get(&c->bank->title, l), c->bank->id,
                            cmp_nz(c->bank->version));
    asx_pdf_title(p, ASX_TR(l, "入札者比較表", "Bidder comparison"), sub);
    free(sub);
    char n_all[32], n_ranked[32], n_excl[32], thresholds[96];
    snprintf(n_all, sizeof n_all, ASX_TR(l, "%zu 者", "%zu"), c->nall);
    snprintf(n_ranked, sizeof n_ranked, ASX_TR(l, "%zu 者", "%zu"), c->nranked);
    snprintf(n_excl, sizeof n_excl, ASX_TR(l, "%zu 者", "%zu"), c->nexcluded);
    snprintf(thresholds, sizeof thresholds, ASX_TR(l, "承認 %g 点以上、条件付き承認 %g 点以上", "approve at %g, conditional at %g"),
             c->policy ? c->policy->approve_threshold : 0.0,
             c->policy ? c->policy->conditional_threshold : 0.0);
    const char *org = c->policy && c->policy->organization && *c->policy->organization
                          ? c->policy->organization
                          : NULL;
    const char *keys[8], *vals[8];
    size_t n = 0;
    keys[n] = ASX_TR(l, "作成日", "Date");
    vals[n++] = date;
    if (c->title && *c->title) {
        keys[n] = ASX_TR(l, "件名", "Tender");
        vals[n++] = c->title;
    }
    if (org) {
        keys[n] = ASX_TR(l, "組織", "Organisation");
        vals[n++] = org;
    }
    keys[n] = ASX_TR(l, "情報資産の分類", "Classification");
    vals[n++] = cls;
    keys[n] = ASX_TR(l, "入札者", "Bidders");
    vals[n++] = n_all;
    keys[n] = ASX_TR(l, "順位付け", "Ranked");
    vals[n++] = n_ranked;
    keys[n] = ASX_TR(l, "除外", "Excluded");
    vals[n++] = n_excl;
    keys[n] = ASX_TR(l, "判定基準", "Thresholds");
    vals[n++] = thresholds;
    asx_pdf_kv(p, keys, vals, n, 0);
    asx_pdf_space(p, 8);
}

asx_error asx_compare_pdf_write(const asx_comparison *c, const asx_compare_opts *o,
                                const char *path, asx_diags *d)
{
    asx_font *own_font = NULL;
    asx_pdf *p = NULL;
    const asx_bidder **cols = NULL;
    asx_lang l = o->lang;
    asx_error err = ASX_OK;
    if (!o->font)
        err = asx_font_load(NULL, &own_font, d);
    if (err)
        goto done;
    err = ASX_ERR_NOMEM;
    p = asx_pdf_new(o->font ? o->font : own_font, l);
    cols = cmp_column_order(c);
    if (!p || !cols) {
        asx_diags_addf(d, ASX_ERR_NOMEM, path, 0, 0, ASX_TR(l, "メモリ不足", "out of memory"));
        goto done;
    }
    char *title = asx_strdupf(ASX_TR(l, "入札者比較表 (%s)", "Bidder comparison (%s)"), c->bank->id);
    asx_pdf_set_info(p, title, asx_text_get(&c->bank->title, l), o->date);
    /* every page names the tender and the organisation when they are given */
    char *tender = cmp_tender_line(c, l);
    char *footer = tender ? asx_strdupf("%s — %s", tender, title) : NULL;
    asx_pdf_set_footer(p, footer ? footer : title);
    free(footer);
    free(tender);
    free(title);
    pdf_cover(p, c, o);
    pdf_ranking(p, c, l);
    pdf_excluded(p, c, l);
    pdf_facts(p, c, cols, l);
    pdf_charts(p, c, cols, l);
    pdf_selection(p, c, cols, l);
    err = asx_pdf_save(p, o->set, path, o->force, d);
done:
    free(cols);
    asx_pdf_free(p);
    asx_font_free(own_font);
    return err;
}
