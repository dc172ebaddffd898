/* pack.c - the approval pack built once as a document (see asx/pack.h): what an approver reads
 * before stamping the 決裁欄, drawn as PDF and as a workbook by the renderers.
 *
 * The tree: the 起案 sheet (paper), then the 別紙 as parts whose sheets are 概要, 回答, 指摘,
 * 審査判断 and 台帳. Where paper and workbook lay the same facts out differently (a card of the
 * cover against typed key-value rows, a table per section against one filtered grid), each
 * medium has its own group of blocks in the part; the facts all come from the result. */
#include "pack_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/country.h"
#include "asx/util.h"

const asx_doc_look PACK_SUB = {.size = 9.0f, .indent = 12};
const asx_doc_look PACK_SUB_SMALL = {.size = 8.0f, .indent = 12};
/* How the 別紙's notes look on paper. */
static const asx_doc_look NOTE = {.size = 7.5f, .tone = ASX_DOC_TONE_NEUTRAL};

/* Keep s (malloc'd, may be NULL after a failed allocation) until the end; returns it or "". */
const char *pack_keep(pack *k, char *s)
{
    if (!s) {
        k->oom = true;
        return "";
    }
    if (k->nscratch == k->capscratch) {
        size_t cap = k->capscratch ? k->capscratch * 2 : 64;
        char **nv = realloc(k->scratch, cap * sizeof *nv);
        if (!nv) {
            free(s);
            k->oom = true;
            return "";
        }
        k->scratch = nv;
        k->capscratch = cap;
    }
    k->scratch[k->nscratch++] = s;
    return s;
}

/* A person's name that is never broken between lines on paper: its spaces become no-break
 * spaces. */
const char *pack_glue(pack *k, const char *name)
{
    if (!name || !*name)
        return name;
    asx_buf b = {0};
    for (const char *s = name; *s;) {
        if (*s == ' ') {
            asx_buf_adds(&b, "\u00A0");
            s++;
        } else if (strncmp(s, "\u3000", 3) == 0) {
            asx_buf_adds(&b, "\u00A0");
            s += 3;
        } else {
            asx_buf_addc(&b, *s++);
        }
    }
    return pack_keep(k, asx_buf_take(&b));
}

const char *pack_date(pack *k, asx_date d)
{
    char buf[64];
    asx_date_format(d, k->l, buf, sizeof buf);
    return pack_keep(k, asx_strdup(buf));
}

/* What names the standard before a clause number: the policy's title of it (SPEC §8.6), in
 * English "clause". */
const char *pack_std_label(const pack *k)
{
    return ASX_TR(k->l, k->r->standard_name, "clause");
}

/* The clauses of a question as the result cites them (the organisation's numbering). */
const char *pack_clauses(const pack *k, const asx_question *q)
{
    return nz(k->r->q[q->index].cite.clause_local);
}

/* The condition a finding is, or NULL. */
static const asx_condition *condition_of(const pack *k, const asx_finding *f)
{
    for (size_t i = 0; i < k->r->nconditions; i++)
        if (k->r->conditions[i].finding == f)
            return &k->r->conditions[i];
    return NULL;
}

const char *pack_title(const pack *k)
{
    return asx_text_get(&k->r->bank->documents.title, k->l);
}

/* ---- small builders ---- */

void pack_line(pack *k, asx_block *parent, const char *text, const asx_doc_look *look)
{
    asx_doc_line(k->doc, parent, text, look);
}

void pack_kv_text(pack *k, asx_block *kv, const char *key, const char *value)
{
    asx_cell_text(k->doc, asx_doc_kv_row(k->doc, kv, key, 1), value ? value : "");
}

asx_block *pack_kv_block(pack *k, asx_block *parent, float key_width)
{
    asx_block *kv = asx_doc_kv(k->doc, parent);
    asx_block_key_width(kv, key_width);
    asx_block_tight(kv);
    return kv;
}

/* The fewest decimals (up to 3) that show v as it is: 2, 1.5, 0.25. */
static int decimals(double v)
{
    int d = 0;
    for (double s = 1; d < 3 && fabs(v * s - round(v * s)) > 1e-9; s *= 10)
        d++;
    return d;
}

/* A date cell, or the text "-" when there is none. */
static void date_or_dash(pack *k, asx_cell *c, bool has, asx_date d)
{
    if (has)
        asx_cell_date(c, &d);
    else
        asx_cell_text(k->doc, c, "-");
}

/* The answer to q in a workbook cell: numbers as numbers, dates as dates, the rest as text. */
static void answer_cell(pack *k, asx_cell *c, const asx_question *q, const asx_answer *x)
{
    if (x->present && !x->na && q->type == ASX_Q_NUMBER) {
        asx_cell_number(k->doc, c, x->num, decimals(x->num), NULL);
        return;
    }
    if (x->present && !x->na && q->type == ASX_Q_DATE && asx_date_valid(x->date)) {
        asx_cell_date(c, &x->date);
        return;
    }
    asx_cell_text(k->doc, c, pack_keep(k, asx_answer_format(q, x, k->l)));
}

/* A column: its title in both languages and its width (paper: relative; workbook: characters). */
typedef struct {
    const char *ja, *en;
    double width;
} col_spec;

/* A table of n columns (at most 16) in parent, a group for one medium; rows the caller adds. */
static asx_block *table(pack *k, asx_block *parent, const col_spec *spec, size_t n, const char *empty)
{
    bool sheet = parent && parent->media == ASX_MEDIA_SHEET;
    asx_doc_col cols[16];
    n = n < 16 ? n : 16;
    for (size_t i = 0; i < n; i++)
        cols[i] = (asx_doc_col){.title = ASX_TR(k->l, spec[i].ja, spec[i].en), .width = sheet ? 1 : (float)spec[i].width,
                                .sheet_width = sheet ? spec[i].width : 0};
    asx_block *t = asx_doc_table(k->doc, parent, cols, n, empty);
    asx_block_tight(t);
    return t;
}

/* ---- 別紙: 概要 ---- */

/* The next review: its date and the rule that sets it (every fiscal year, every n months). */
static const char *review_text(pack *k)
{
    const asx_result *r = k->r;
    const char *basis = r->review_cite.clause_local;
    if (!r->has_next_review)
        return ASX_TR(k->l, "— (承認した場合に設定)", "— (set when approved)");
    if (r->policy->review_basis == ASX_REVIEW_FISCAL_YEAR)
        return pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s (毎年度、%s %s)", "%s (every fiscal year, %s %s)"),
                                        pack_date(k, r->next_review), pack_std_label(k), basis));
    return pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s (%d か月ごと、%s %s)", "%s (every %d months, %s %s)"),
                                    pack_date(k, r->next_review), r->policy->review_interval_months, pack_std_label(k), basis));
}

/* The classification of the information, as the document's language writes it (kept). */
static const char *classification(pack *k)
{
    char cls[128];
    asx_class_format(k->a->cls, k->l, cls, sizeof cls);
    return pack_keep(k, asx_strdup(cls));
}

/* The cover on paper: the 別紙's title, the verdict badge and what the service is. */
static void cover(pack *k, asx_block *paper)
{
    const asx_answers *a = k->a;
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    const char *org = r->policy->organization && *r->policy->organization ? r->policy->organization : NULL;
    const char *sub = pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s%s%s %s に基づく評価",
                                                 "%s%sAssessment under %s %s of the information security standards"),
                                               nz(org), org ? ASX_TR(k->l, " ", " — ") : "", pack_std_label(k),
                                               nz(r->bank_cite.clause_local)));
    asx_doc_title(doc, paper, pack_keep(k, asx_strdupf(ASX_TR(k->l, "別紙　%s", "Annex: %s"), pack_title(k))), sub);
    char score[64];
    snprintf(score, sizeof score, ASX_TR(k->l, "%.1f 点 / 100", "score %.1f / 100"), r->score);
    asx_block_tight(asx_doc_badge_label(doc, paper, r->verdict, asx_result_verdict_label(r, k->l), score));
    pack_line(k, paper, pack_verdict_summary(k),
              &(asx_doc_look){.size = 10.5f, .bold = true, .tone = asx_doc_verdict_tone(r->verdict), .after = 8});

    asx_block *kv = pack_kv_block(k, paper, 0);
    pack_kv_text(k, kv, ASX_TR(k->l, "対象サービス", "Service"),
                 pack_keep(k, a->service_model && *a->service_model ? asx_strdupf("%s (%s)", a->service_name, a->service_model)
                                                               : asx_strdup(a->service_name)));
    pack_kv_text(k, kv, ASX_TR(k->l, "事業者", "Vendor"),
                 pack_keep(k, a->vendor_country ? asx_strdupf("%s (%s)", a->vendor_name, asx_country_name(a->vendor_country, k->l))
                                           : asx_strdup(a->vendor_name)));
    pack_kv_text(k, kv, ASX_TR(k->l, "法人番号", "Corporate number"),
                 a->corporate_number ? a->corporate_number : ASX_TR(k->l, "— (国外事業者等)", "— (none given)"));
    pack_kv_text(k, kv, ASX_TR(k->l, "取り扱う情報の格付", "Classification of the information"), classification(k));
    pack_kv_text(k, kv, ASX_TR(k->l, "評価の目的", "Purpose"), asx_purpose_label(a->purpose, k->l));
    pack_kv_text(k, kv, ASX_TR(k->l, "質問票", "Questionnaire"),
                 pack_keep(k, asx_strdupf("%s (%s %s, %s %s)", asx_text_get(&r->bank->title, k->l), r->bank->id, r->bank->version,
                                     pack_std_label(k), nz(r->bank_cite.clause_local))));
    pack_kv_text(k, kv, ASX_TR(k->l, "判定", "Verdict"), asx_result_verdict_label(r, k->l));
    pack_kv_text(k, kv, ASX_TR(k->l, "得点", "Score"),
                 pack_keep(k, asx_strdupf(ASX_TR(k->l, "%.1f 点 (承認基準 %g 点以上、条件付き承認基準 %g 点以上)",
                                            "%.1f (approve at %g or more, conditional at %g or more)"),
                                     r->score, r->policy->approve_threshold, r->policy->conditional_threshold)));
    pack_kv_text(k, kv, ASX_TR(k->l, "指摘事項", "Findings"),
                 pack_keep(k, asx_strdupf(ASX_TR(k->l, "必須条件違反 %zu 件・重大 %zu 件・軽微 %zu 件・参考 %zu 件",
                                            "knockout %zu, major %zu, minor %zu, info %zu"),
                                     r->count[ASX_SEV_KNOCKOUT], r->count[ASX_SEV_MAJOR], r->count[ASX_SEV_MINOR],
                                     r->count[ASX_SEV_INFO])));
    pack_kv_text(k, kv, ASX_TR(k->l, "回答日", "Answered on"), pack_date(k, a->date));
    pack_kv_text(k, kv, ASX_TR(k->l, "判定日", "Decided on"), pack_date(k, r->decided_on));
    pack_kv_text(k, kv, ASX_TR(k->l, "次回再評価期限", "Next review due"), review_text(k));
    if (r->has_evidence_expiry)
        pack_kv_text(k, kv, ASX_TR(k->l, "根拠資料の有効期限", "Evidence valid until"), pack_date(k, r->evidence_expiry));
}

static const char *field_label(pack *k, const char *key)
{
    static const struct {
        const char *key, *ja, *en;
    } known[] = {{"name", "名称", "Name"},       {"country", "所在国", "Country"}, {"role", "役割", "Role"},
                 {"scheme", "制度", "Scheme"},   {"number", "登録番号", "Number"}, {"scope", "適用範囲", "Scope"},
                 {"expiry", "有効期限", "Expiry"}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(key, known[i].key) == 0)
            return ASX_TR(k->l, known[i].ja, known[i].en);
    return key;
}

/* A list answer (subcontractors, certificates) as a table on paper: one row per item. */
static void list_table(pack *k, asx_block *paper, const asx_fact *f)
{
    const asx_question *q = f->q;
    const asx_answer *x = &k->a->a[q->index];
    if (!f->applicable || !x->present || x->nitems == 0 || q->nfields == 0)
        return;
    size_t nf = q->nfields < 11 ? q->nfields : 11;
    asx_doc_col cols[12];
    cols[0] = (asx_doc_col){.title = ASX_TR(k->l, "番号", "No."), .width = 0.6f, .align = ASX_DOC_RIGHT};
    for (size_t c = 0; c < nf; c++)
        cols[c + 1] = (asx_doc_col){.title = field_label(k, q->fields[c].key),
                                    .width = q->fields[c].type == ASX_Q_COUNTRY ? 1.2f : 3.0f};
    asx_doc_heading_keep(k->doc, paper, 2, asx_text_get(&q->label, k->l), 0);
    asx_block *t = asx_doc_table(k->doc, paper, cols, nf + 1, NULL);
    asx_block_tight(t);
    for (size_t i = 0; i < x->nitems; i++) {
        asx_cell *row = asx_doc_row(k->doc, t);
        if (!row)
            return;
        asx_cell_text(k->doc, &row[0], pack_keep(k, asx_strdupf("%zu", i + 1)));
        for (size_t c = 0; c < nf; c++) {
            const char *v = x->items[i].values ? x->items[i].values[c] : NULL;
            asx_date dt;
            if (v && q->fields[c].type == ASX_Q_COUNTRY)
                v = pack_keep(k, asx_strdupf("%s (%s)", asx_country_name(v, k->l), v));
            else if (v && q->fields[c].type == ASX_Q_DATE && asx_date_parse(v, &dt))
                v = pack_date(k, dt); /* the document's date style */
            asx_cell_text(k->doc, &row[c + 1], nz(v));
        }
    }
}

/* The key facts on paper: one line each, with the policy's norm and the worst finding. */
static void key_facts(pack *k, asx_block *paper)
{
    const asx_result *r = k->r;
    if (r->nfacts == 0)
        return;
    asx_doc_heading_keep(k->doc, paper, 1, ASX_TR(k->l, "主要事項", "Key facts"), 0);
    asx_block *kv = pack_kv_block(k, paper, 0);
    for (size_t i = 0; i < r->nfacts; i++) {
        const asx_fact *f = &r->facts[i];
        const char *v = asx_fact_value(f, k->l);
        size_t items = k->a->a[f->q->index].nitems;
        if (f->q->type == ASX_Q_LIST && f->applicable && items > 0)
            v = pack_keep(k, asx_strdupf(ASX_TR(k->l, "%zu 件 (下表のとおり)", "%zu (table below)"), items));
        const char *norm = asx_fact_norm(f, k->l);
        if (norm)
            v = pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s (基準: %s)", "%s (policy: %s)"), v, norm));
        if (f->has_finding && f->worst != ASX_SEV_INFO)
            v = pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s　［指摘: %s］", "%s  [finding: %s]"), v, asx_severity_label(f->worst, k->l)));
        pack_kv_text(k, kv, asx_text_get(&f->q->label, k->l), v);
    }
    for (size_t i = 0; i < r->nfacts; i++)
        if (r->facts[i].q->type == ASX_Q_LIST)
            list_table(k, paper, &r->facts[i]);
}

static void chart(pack *k, asx_block *paper)
{
    const asx_bank *b = k->r->bank;
    const char **labels = calloc(b->nsections ? b->nsections : 1, sizeof *labels);
    double *values = calloc(b->nsections ? b->nsections : 1, sizeof *values);
    if (!labels || !values) {
        k->oom = true;
        goto done;
    }
    for (size_t i = 0; i < b->nsections; i++) {
        labels[i] = asx_text_get(&b->sections[i].title, k->l);
        values[i] = k->r->sections[i].counted ? k->r->sections[i].score : -1;
    }
    asx_doc_heading_keep(k->doc, paper, 1, ASX_TR(k->l, "区分別の評価", "Scores by section"), 0);
    asx_block *kept = asx_doc_keep(k->doc, paper);
    asx_doc_chart(k->doc, kept, labels, values, b->nsections, k->r->policy->approve_threshold,
                  k->r->policy->conditional_threshold);
    pack_line(k, kept, pack_keep(k, asx_strdupf(ASX_TR(k->l, "破線: 承認基準 %g 点 (緑)・条件付き承認基準 %g 点 (橙)。「—」は対象となる設問がない区分。",
                                                  "Dashed lines: approve threshold %g (green), conditional threshold %g "
                                                  "(amber). \"—\": no applicable question in the section."),
                                               k->r->policy->approve_threshold, k->r->policy->conditional_threshold)),
              &NOTE);
done:
    free(labels);
    free(values);
}

/* The summary in a workbook: typed key-value rows, the section scores with data bars, the key
 * facts with the policy's norms and clauses. */
static void summary_sheet(pack *k, asx_block *sheet)
{
    const asx_answers *a = k->a;
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    asx_doc_title(doc, sheet, pack_title(k), NULL);
    asx_block *kv = asx_doc_kv(doc, sheet);
    pack_kv_text(k, kv, ASX_TR(k->l, "サービス", "Service"), a->service_name);
    pack_kv_text(k, kv, ASX_TR(k->l, "事業者", "Vendor"), a->vendor_name);
    pack_kv_text(k, kv, ASX_TR(k->l, "法人番号", "Corporate number"), a->corporate_number ? a->corporate_number : "-");
    pack_kv_text(k, kv, ASX_TR(k->l, "質問票", "Questionnaire"),
                 pack_keep(k, asx_strdupf("%s %s (%s)", r->bank->id, a->bank_version ? a->bank_version : r->bank->version,
                                     asx_text_get(&r->bank->title, k->l))));
    pack_kv_text(k, kv, ASX_TR(k->l, "格付け", "Classification"), classification(k));
    asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(k->l, "回答日", "Date of the answers"), 1), &a->date);
    asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(k->l, "判定日", "Decided on"), 1), &r->decided_on);
    asx_cell *c = asx_doc_kv_row(doc, kv, ASX_TR(k->l, "判定", "Verdict"), 1);
    asx_cell_text(doc, c, asx_result_verdict_label(r, k->l));
    if (c)
        c->tone = asx_doc_verdict_tone(r->verdict);
    asx_cell_number(doc, asx_doc_kv_row(doc, kv, ASX_TR(k->l, "総合点 (100 点満点)", "Score (out of 100)"), 1), r->score, 1,
                    NULL);
    pack_kv_text(k, kv, ASX_TR(k->l, "指摘 (必須条件違反/重大/軽微/参考)", "Findings (knockout/major/minor/info)"),
                 pack_keep(k, asx_strdupf("%zu / %zu / %zu / %zu", r->count[ASX_SEV_KNOCKOUT], r->count[ASX_SEV_MAJOR],
                                     r->count[ASX_SEV_MINOR], r->count[ASX_SEV_INFO])));
    asx_cell_count(asx_doc_kv_row(doc, kv, ASX_TR(k->l, "承認の条件 (件数)", "Conditions"), 1), r->nconditions);
    date_or_dash(k, asx_doc_kv_row(doc, kv, ASX_TR(k->l, "次回再評価期限", "Next review due"), 1), r->has_next_review,
                 r->next_review);
    date_or_dash(k, asx_doc_kv_row(doc, kv, ASX_TR(k->l, "根拠資料の有効期限", "Evidence valid until"), 1),
                 r->has_evidence_expiry, r->evidence_expiry);

    static const col_spec sec[] = {
        {"区分", "Section", 32}, {"点数", "Score", 44}, {"採点した質問数", "Questions scored", 18}
    };
    asx_block *t = table(k, sheet, sec, 3, NULL);
    asx_block_sheet(t, ASX_DOC_SHEET_PLAIN, 0);
    asx_block_shade(t, 1, ASX_DOC_SHADE_BAR);
    for (size_t i = 0; i < r->bank->nsections; i++) {
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        const asx_secscore *s = &r->sections[i];
        asx_cell_text(doc, &row[0], asx_text_get(&r->bank->sections[i].title, k->l));
        if (s->counted)
            asx_cell_number(doc, &row[1], s->score, 1, NULL);
        else
            asx_cell_text(doc, &row[1], "-");
        asx_cell_count(&row[2], s->counted);
    }

    static const col_spec facts[] = {
        {"主要事項", "Key facts", 32}, {"回答", "Answer", 44}, {"組織の基準", "Policy", 18}, {"条項", "Clause", 22}
    };
    t = table(k, sheet, facts, 4, NULL);
    asx_block_sheet(t, ASX_DOC_SHEET_PLAIN, 0);
    for (size_t i = 0; i < r->nfacts; i++) {
        const asx_fact *f = &r->facts[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], asx_text_get(&f->q->label, k->l));
        if (f->applicable)
            answer_cell(k, &row[1], f->q, &a->a[f->q->index]);
        else
            asx_cell_text(doc, &row[1], asx_fact_value(f, k->l));
        asx_cell_text(doc, &row[2], nz(asx_fact_norm(f, k->l)));
        asx_cell_text(doc, &row[3], pack_clauses(k, f->q));
    }
}

static void summary(pack *k)
{
    asx_block *part = asx_doc_part(k->doc, NULL, ASX_TR(k->l, "概要", "Summary"));
    asx_block_annex(part);
    asx_block *paper = asx_doc_group(k->doc, part, ASX_MEDIA_PAPER);
    cover(k, paper);
    key_facts(k, paper);
    chart(k, paper);
    summary_sheet(k, asx_doc_group(k->doc, part, ASX_MEDIA_SHEET));
}

/* ---- 別紙: the answers, the findings, the judgments ---- */

/* Every question in one grid (a workbook sheet): typed answers, the score as a percent. */
static void answers_sheet(pack *k)
{
    const asx_bank *b = k->r->bank;
    asx_doc *doc = k->doc;
    asx_block *part = asx_doc_part(doc, NULL, ASX_TR(k->l, "回答", "Answers"));
    asx_block_media(part, ASX_MEDIA_SHEET);
    static const col_spec cols[] = {
        {"ID", "ID", 10}, {"条項", "Clause", 16}, {"区分", "Section", 14}, {"質問", "Question", 36},
        {"回答", "Answer", 28}, {"得点", "Score", 8}, {"重み", "Weight", 8}, {"コメント", "Comment", 44},
        {"根拠資料", "Evidence", 30}
    };
    asx_block *t = table(k, part, cols, 9, NULL);
    asx_block_sheet(t, ASX_DOC_SHEET_GRID, 1);
    asx_block_sheet_fit(t, 0);
    asx_block_shade(t, 5, ASX_DOC_SHADE_SCALE);
    for (size_t i = 0; i < b->nquestions; i++) {
        const asx_question *q = &b->questions[i];
        const asx_answer *x = &k->a->a[i];
        const asx_qscore *s = &k->r->q[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], q->id);
        asx_cell_text(doc, &row[1], pack_clauses(k, q));
        asx_cell_text(doc, &row[2], asx_text_get(&b->sections[q->section].title, k->l));
        asx_cell_text(doc, &row[3], asx_text_get(&q->label, k->l));
        if (!s->applicable && !x->present) /* the paper's words: not a missing answer */
            asx_cell_text(doc, &row[4], ASX_TR(k->l, "— (この評価では適用されない設問)", "— (does not apply to this assessment)"));
        else
            answer_cell(k, &row[4], q, x);
        if (!s->applicable)
            asx_cell_text(doc, &row[5], ASX_TR(k->l, "対象外", "n/a"));
        else if (s->na)
            asx_cell_text(doc, &row[5], ASX_TR(k->l, "該当なし", "N/A"));
        else
            asx_cell_percent(&row[5], s->score * 100.0, 0);
        asx_cell_number(doc, &row[6], q->weight, decimals(q->weight), NULL);
        asx_cell_text(doc, &row[7], x->comment);
        asx_buf ev = {0};
        for (size_t e = 0; e < x->nevidence; e++) {
            if (e)
                asx_buf_adds(&ev, "\n");
            asx_buf_adds(&ev, x->evidence[e]);
        }
        asx_cell_text(doc, &row[8], x->nevidence ? pack_keep(k, asx_buf_take(&ev)) : NULL);
    }
}

/* A finding on paper: its text, the due date of its condition, its question and any change of
 * severity by the review (SPEC v3 §8.1: shown wherever the finding is). */
static const char *finding_text(pack *k, const asx_finding *f, const asx_condition *c)
{
    asx_buf b = {0};
    asx_buf_adds(&b, asx_finding_msg(f, k->l));
    if (c)
        asx_buf_addf(&b, ASX_TR(k->l, "\n履行期限: %s", "\nDue: %s"), pack_date(k, c->due));
    if (f->q)
        asx_buf_addf(&b, "\n[%s %s]", asx_text_get(&f->q->label, k->l), f->q->id);
    if (f->override)
        asx_buf_addf(&b, ASX_TR(k->l, "\n審査で重大度を変更: %s → %s (%s、%s、%s)", "\nSeverity changed by the review: %s → %s (%s, %s, %s)"),
                     asx_severity_label(f->original, k->l), asx_severity_label(f->severity, k->l), f->override->reason,
                     f->override->by, pack_date(k, f->override->date));
    return pack_keep(k, asx_buf_take(&b));
}

static void findings_paper(pack *k, asx_block *paper)
{
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    bool conditional = r->nconditions > 0;
    asx_doc_heading_keep(doc, paper, 1, conditional ? ASX_TR(k->l, "承認の条件と指摘事項", "Conditions of approval and findings")
                                                    : ASX_TR(k->l, "指摘事項", "Findings"),
                         0);
    if (r->nfindings == 0 && r->nunanswered == 0) {
        asx_doc_paragraph(doc, paper, ASX_TR(k->l, "指摘事項はありません。", "No findings."));
        asx_block_tight(asx_doc_last(paper));
        return;
    }
    if (r->nfindings > 0) {
        static const col_spec cols[] = {
            {"番号", "No.", 1.1f}, {"重要度", "Severity", 1.3f}, {"指摘事項と是正の条件", "Finding and remedy", 6.0f},
            {"根拠条項", "Clause", 1.6f}
        };
        asx_block *t = table(k, paper, cols, 4, NULL);
        size_t num = 0;
        /* findings are ordered knockout, major, minor, info by the result */
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            const asx_condition *c = condition_of(k, f);
            asx_cell *row = asx_doc_row(doc, t);
            if (!row)
                return;
            asx_cell_text(doc, &row[0], c             ? pack_keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu", "Cond. %zu"), c->n))
                                        : conditional ? pack_keep(k, asx_strdupf(ASX_TR(k->l, "参考%zu", "Note %zu"), ++num))
                                                      : pack_keep(k, asx_strdupf("%zu", ++num)));
            asx_cell_severity(&row[1], f->severity);
            row[1].tone = asx_doc_severity_tone(f->severity);
            asx_cell_text(doc, &row[2], finding_text(k, f, c));
            asx_cell_text(doc, &row[3], nz(f->clause_local));
        }
    }
    if (r->nunanswered > 0) {
        asx_doc_heading_keep(doc, paper, 2, ASX_TR(k->l, "未回答の必須質問 (回答を求めて再評価すること)",
                                              "Required questions not answered (ask and assess again)"),
                             0);
        static const col_spec cols[] = {
            {"設問", "Question", 5}, {"設問ID", "Id", 3}, {"根拠条項", "Clause", 2}
        };
        asx_block *t = table(k, paper, cols, 3, NULL);
        for (size_t i = 0; i < r->nunanswered; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            asx_cell *row = asx_doc_row(doc, t);
            if (!row)
                return;
            asx_cell_text(doc, &row[0], asx_text_get(&q->label, k->l));
            asx_cell_text(doc, &row[1], q->id);
            asx_cell_text(doc, &row[2], pack_clauses(k, q));
        }
    }
}

/* The findings in one grid: severity, question, clause, text, condition and due date, any
 * change of severity by the review. */
static void findings_sheet(pack *k, asx_block *sheet)
{
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    static const col_spec cols[] = {
        {"重要度", "Severity", 10}, {"質問 ID", "Question", 10}, {"条項", "Clause", 18}, {"内容", "Finding", 80},
        {"承認条件", "Condition of approval", 12}, {"履行期限", "Due", 12},
        {"審査による重大度の変更", "Severity changed by the review", 30}
    };
    asx_block *t = table(k, sheet, cols, 7, ASX_TR(k->l, "指摘事項はありません", "No findings"));
    asx_block_sheet(t, ASX_DOC_SHEET_GRID, 0);
    asx_block_sheet_fit(t, 0);
    asx_block_sheet_fit(t, 1);
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        const asx_condition *cond = condition_of(k, f);
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_severity(&row[0], f->severity);
        asx_cell_text(doc, &row[1], f->q ? f->q->id : "-");
        asx_cell_text(doc, &row[2], f->clause_local ? f->clause_local : "-");
        asx_cell_text(doc, &row[3], asx_finding_msg(f, k->l));
        asx_cell_text(doc, &row[4], cond ? pack_keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu", "Condition %zu"), cond->n)) : NULL);
        asx_cell_date(&row[5], cond ? &cond->due : NULL);
        if (f->override) {
            char on[11];
            asx_date_iso(f->override->date, on);
            asx_cell_text(doc, &row[6],
                          pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s → %s (%s、%s、%s)", "%s → %s (%s, %s, %s)"),
                                                   asx_severity_label(f->original, k->l), asx_severity_label(f->severity, k->l),
                                                   f->override->reason, f->override->by, on)));
        }
    }
}

static void findings(pack *k)
{
    asx_block *part = asx_doc_part(k->doc, NULL, ASX_TR(k->l, "指摘", "Findings"));
    findings_paper(k, asx_doc_group(k->doc, part, ASX_MEDIA_PAPER));
    findings_sheet(k, asx_doc_group(k->doc, part, ASX_MEDIA_SHEET));
}

/* What a judgment is about: its subject, with its country and role. */
static const char *judgment_subject(pack *k, const asx_result_judgment *j, const char *sep)
{
    if (!j->subject)
        return NULL;
    asx_buf b = {0};
    asx_buf_adds(&b, j->subject);
    if (j->country)
        asx_buf_addf(&b, " (%s)", j->country);
    if (j->role)
        asx_buf_addf(&b, "%s%s", sep, j->role);
    return pack_keep(k, asx_buf_take(&b));
}

/* Why a judgment was made as it was: what was judged, the reason, each basis. */
static const char *judgment_reason(pack *k, const asx_result_judgment *j)
{
    const asx_judgment *m = j->made;
    asx_buf why = {0};
    asx_buf_adds(&why, "");
    if (m->version)
        asx_buf_addf(&why, ASX_TR(k->l, "対象: %s\n", "Judged: %s\n"), m->version);
    if (m->reason)
        asx_buf_adds(&why, m->reason);
    for (size_t b = 0; b < m->nbasis; b++)
        asx_buf_addf(&why, ASX_TR(k->l, "%s根拠: %s", "%sBasis: %s"), why.len ? "\n" : "", m->basis[b]);
    return pack_keep(k, asx_buf_take(&why));
}

/* 別紙「審査における判断」 on paper: each judgment the assessment requires (or that was
 * recorded), with the facts' clause, the decision, its reason and basis, who and when; or that
 * it is outstanding. In a workbook one grid with the same facts in their own columns. */
static void judgments(pack *k)
{
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    asx_block *part = asx_doc_part(doc, NULL, ASX_TR(k->l, "審査判断", "Judgments"));
    asx_block *paper = asx_doc_group(doc, part, ASX_MEDIA_PAPER), *sheet = asx_doc_group(doc, part, ASX_MEDIA_SHEET);
    static const col_spec pcols[] = {
        {"判断事項", "Judgment", 3.0f}, {"判断", "Decision", 1.6f}, {"理由・根拠", "Reason and basis", 4.0f},
        {"判断者・日付", "By, on", 2.2f}
    };
    static const col_spec scols[] = {
        {"判断事項", "Judgment", 30}, {"条項", "Clause", 12}, {"対象", "Subject", 30}, {"判断", "Decision", 14},
        {"理由・根拠", "Reason and basis", 50}, {"判断者", "By", 22}, {"日付", "Date", 12}
    };
    asx_block *pt = NULL;
    if (r->njudgments) {
        asx_doc_heading_keep(doc, paper, 1, ASX_TR(k->l, "審査における判断", "The officer's judgments"), 0);
        pt = table(k, paper, pcols, 4, NULL);
    }
    asx_block *st = table(k, sheet, scols, 7, ASX_TR(k->l, "この評価に必要な判断はありません", "No judgment is required"));
    asx_block_sheet(st, ASX_DOC_SHEET_GRID, 0);
    for (size_t i = 0; i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        const asx_judgment *m = j->made;
        asx_cell *p = asx_doc_row(doc, pt), *s = asx_doc_row(doc, st);
        if (!p || !s)
            return;
        const char *label = asx_judgment_key_label(j->key, k->l);
        const char *by_default = ASX_TR(k->l, j->by_default, j->by_default_en);
        const char *why = m ? judgment_reason(k, j)
                            : pack_keep(k, asx_strdupf(ASX_TR(k->l, "%sが判断する", "For the %s"), by_default));
        const char *decision = m ? asx_judgment_decision_label(j->key, m->yes, k->l) : ASX_TR(k->l, "未了", "Outstanding");
        /* paper: the subject and the clause with the judgment, who and when in one cell */
        asx_buf what = {0};
        asx_buf_adds(&what, label);
        if (j->subject)
            asx_buf_addf(&what, ASX_TR(k->l, "「%s」", " \"%s\""), j->subject);
        if (j->subject && (j->country || j->role))
            asx_buf_addf(&what, "\n%s%s%s", nz(j->country), j->country && j->role ? " / " : "", nz(j->role));
        asx_buf_addf(&what, " (%s)", j->clause_local);
        asx_cell_text(doc, &p[0], pack_keep(k, asx_buf_take(&what)));
        asx_cell_text(doc, &p[1], decision);
        p[1].tone = !m ? ASX_DOC_TONE_NEUTRAL : m->yes ? ASX_DOC_TONE_NONE : ASX_DOC_TONE_BAD;
        asx_cell_text(doc, &p[2], m && !j->required
                                      ? pack_keep(k, asx_strdupf("%s%s%s", why, *why ? "\n" : "",
                                                                 ASX_TR(k->l, "(この評価では必須でない判断)",
                                                                        "(not required by this assessment)")))
                                      : why);
        asx_cell_text(doc, &p[3], m ? pack_keep(k, asx_strdupf("%s\n%s", m->by, pack_date(k, m->date))) : "");
        /* workbook: each fact in its column, the date a date */
        asx_cell_text(doc, &s[0], label);
        asx_cell_text(doc, &s[1], j->clause_local);
        asx_cell_text(doc, &s[2], nz(judgment_subject(k, j, " / ")));
        asx_cell_text(doc, &s[3], decision);
        asx_cell_text(doc, &s[4], why);
        asx_cell_text(doc, &s[5], m ? m->by : NULL);
        asx_cell_date(&s[6], m ? &m->date : NULL);
    }
}

/* ---- 別紙 on paper: every question with its answer and score ---- */

static const char *score_text(pack *k, const asx_qscore *s, asx_doc_tone *tone)
{
    *tone = ASX_DOC_TONE_NONE;
    if (!s->applicable)
        return ASX_TR(k->l, "対象外", "n/a");
    if (s->na)
        return ASX_TR(k->l, "該当なし", "N/A");
    if (!s->answered) {
        *tone = ASX_DOC_TONE_NEUTRAL;
        return ASX_TR(k->l, "未回答", "none");
    }
    if (s->knockout || s->score < 0.5)
        *tone = ASX_DOC_TONE_BAD;
    else if (s->score < 0.999)
        *tone = ASX_DOC_TONE_WARN;
    return pack_keep(k, asx_strdupf("%.0f", s->score * 100.0));
}

static const char *answer_text(pack *k, const asx_question *q, const asx_answer *x, const asx_qscore *s)
{
    if (!s->applicable && !x->present)
        return ASX_TR(k->l, "— (この評価では適用されない設問)", "— (does not apply to this assessment)");
    asx_buf b = {0};
    char *v = asx_answer_format(q, x, k->l);
    asx_buf_adds(&b, nz(v));
    free(v);
    if (x->present && x->comment && *x->comment) {
        asx_buf_adds(&b, ASX_TR(k->l, "\nコメント: ", "\nComment: "));
        asx_buf_adds(&b, x->comment);
    }
    if (x->present && x->nevidence > 0) {
        asx_buf_adds(&b, ASX_TR(k->l, "\n根拠資料: ", "\nEvidence: "));
        for (size_t i = 0; i < x->nevidence; i++) {
            if (i)
                asx_buf_adds(&b, ASX_TR(k->l, "、", "; "));
            asx_buf_adds(&b, x->evidence[i]);
        }
    }
    return pack_keep(k, b.s ? asx_buf_take(&b) : asx_strdup(""));
}

/* The strings of the build so far are in the document (it copies them): let them go. */
static void scratch_free(pack *k)
{
    for (size_t i = 0; i < k->nscratch; i++)
        free(k->scratch[i]);
    k->nscratch = 0;
}

static void questions(pack *k)
{
    const asx_bank *b = k->r->bank;
    asx_doc *doc = k->doc;
    asx_block *part = asx_doc_part(doc, NULL, NULL);
    asx_block_media(part, ASX_MEDIA_PAPER);
    asx_doc_heading_keep(doc, part, 1, ASX_TR(k->l, "設問別の回答と評点", "Every question: answer and score"), 0);
    pack_line(k, part, ASX_TR(k->l, "評点は 0〜100 (100 が満点)。「対象外」は格付や前提の回答により適用されない設問、「該当なし」は該当なしと回答され評点から除いた設問。",
                              "Scores are 0-100 (100 is full marks). \"n/a\": the question does not apply to this "
                              "classification or earlier answers; \"N/A\": answered not applicable and left out of the score."),
              &NOTE);
    static const col_spec cols[] = {
        {"設問 [設問ID・根拠条項]", "Question [id, clause]", 4}, {"回答・コメント", "Answer and comment", 5},
        {"評点", "Score", 1}
    };
    for (size_t s = 0; s < b->nsections; s++) {
        bool any = false;
        for (size_t i = 0; i < b->nquestions && !any; i++)
            any = b->questions[i].section == s;
        if (!any)
            continue;
        const asx_secscore *ss = &k->r->sections[s];
        const char *title = ss->counted ? pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s (%.1f 点)", "%s (%.1f)"),
                                                                   asx_text_get(&b->sections[s].title, k->l), ss->score))
                                        : asx_text_get(&b->sections[s].title, k->l);
        asx_doc_heading_keep(doc, part, 2, title, 50);
        asx_block *t = table(k, part, cols, 3, NULL);
        if (t)
            t->cols[2].align = ASX_DOC_RIGHT; /* the score */
        for (size_t i = 0; i < b->nquestions; i++) {
            const asx_question *q = &b->questions[i];
            if (q->section != s)
                continue;
            asx_cell *row = asx_doc_row(doc, t);
            if (!row)
                return;
            asx_buf lb = {0}; /* 「label (必須)\n[id・clauses]」, 84 times a pack: no format string */
            asx_buf_adds(&lb, asx_text_get(&q->label, k->l));
            if (q->required)
                asx_buf_adds(&lb, ASX_TR(k->l, " (必須)", " (required)"));
            asx_buf_adds(&lb, "\n[");
            asx_buf_adds(&lb, q->id);
            asx_buf_adds(&lb, "・");
            asx_buf_adds(&lb, pack_clauses(k, q));
            asx_buf_adds(&lb, "]");
            asx_cell_text(doc, &row[0], pack_keep(k, asx_buf_take(&lb)));
            asx_cell_text(doc, &row[1], answer_text(k, q, &k->a->a[i], &k->r->q[i]));
            asx_cell_text(doc, &row[2], score_text(k, &k->r->q[i], &row[2].tone));
        }
        scratch_free(k);
    }
}

/* ---- 台帳: the register entry the pack supports ---- */

/* The conditions of the result: "1. text (clause; due date)" lines ("" when none). */
static const char *conditions_text(pack *k)
{
    const asx_result *r = k->r;
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (size_t i = 0; i < r->nconditions; i++) {
        const asx_condition *c = &r->conditions[i];
        asx_buf_addf(&b, ASX_TR(k->l, "%s%zu. %s (%s、期限 %s)", "%s%zu. %s (%s; due %s)"), i ? "\n" : "", c->n,
                     asx_finding_msg(c->finding, k->l), c->finding->clause_local ? c->finding->clause_local : "-",
                     pack_date(k, c->due));
    }
    return pack_keep(k, asx_buf_take(&b));
}

static void register_sheet(pack *k)
{
    const asx_answers *a = k->a;
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    asx_block *part = asx_doc_part(doc, NULL, ASX_TR(k->l, "台帳", "Register"));
    asx_block_media(part, ASX_MEDIA_SHEET);
    static const col_spec cols[] = {
        {"サービス", "Service", 8}, {"事業者", "Vendor", 8}, {"法人番号", "Corporate number", 8},
        {"格付け", "Classification", 8}, {"質問票", "Questionnaire", 8}, {"版", "Version", 8},
        {"判定", "Verdict", 8}, {"点数", "Score", 8}, {"承認条件", "Conditions", 60}, {"許可権限者", "Approver", 8},
        {"外部サービス管理者", "Service manager", 8}, {"承認日", "Approved on", 12}, {"次回見直し", "Next review", 12},
        {"証跡の有効期限", "Evidence expiry", 12}
    };
    asx_block *t = table(k, part, cols, 14, NULL);
    asx_block_sheet(t, ASX_DOC_SHEET_GRID, 0);
    for (size_t c = 0; c < 14; c++)
        if (c != 8) /* the conditions: a wide column of wrapped lines */
            asx_block_sheet_fit(t, c);
    asx_cell *row = asx_doc_row(doc, t);
    if (!row)
        return;
    char cls[32];
    snprintf(cls, sizeof cls, "C%d/I%d/A%d", a->cls.c, a->cls.i, a->cls.a);
    bool approvable = r->verdict == ASX_VERDICT_APPROVED || r->verdict == ASX_VERDICT_CONDITIONAL;
    asx_cell_text(doc, &row[0], a->service_name);
    asx_cell_text(doc, &row[1], a->vendor_name);
    asx_cell_text(doc, &row[2], nz(a->corporate_number));
    asx_cell_text(doc, &row[3], cls);
    asx_cell_text(doc, &row[4], r->bank->id);
    asx_cell_text(doc, &row[5], a->bank_version ? a->bank_version : r->bank->version);
    asx_cell_text(doc, &row[6], asx_result_verdict_label(r, k->l));
    asx_cell_number(doc, &row[7], r->score, 1, NULL);
    asx_cell_text(doc, &row[8], conditions_text(k));
    asx_cell_text(doc, &row[9], nz(k->o->approver));
    asx_cell_text(doc, &row[10], nz(k->o->manager));
    date_or_dash(k, &row[11], approvable, r->decided_on);
    date_or_dash(k, &row[12], approvable && r->has_next_review, r->next_review);
    date_or_dash(k, &row[13], r->has_evidence_expiry, r->evidence_expiry);
    if (!approvable)
        asx_doc_paragraph(doc, part, ASX_TR(k->l, "不承認または差戻しのため、この評価では台帳に登録できません。",
                                            "Rejected or incomplete: this assessment cannot be entered in the register."));
}

asx_error asx_pack_build(const asx_result *r, const asx_pack_opts *o, asx_doc **out)
{
    *out = NULL;
    pack k = {.r = r, .a = r->answers, .o = o, .l = o->lang};
    const char *title = asx_text_get(&r->bank->documents.title, o->lang);
    char *info = asx_strdupf("%s — %s", title, r->answers->service_name);
    k.doc = info ? asx_doc_new(o->lang, info, NULL, r->answers->vendor_name) : NULL;
    free(info);
    if (!k.doc)
        return ASX_ERR_NOMEM;
    k.doc->untitled = true;
    k.doc->footer = asx_strdupf("%s %s (%s)", r->answers->service_name, title, r->answers->vendor_name);
    k.oom = !k.doc->footer;
    pack_sheet(&k);
    summary(&k);
    answers_sheet(&k);
    findings(&k);
    judgments(&k);
    questions(&k);
    register_sheet(&k);
    scratch_free(&k);
    free(k.scratch);
    if (k.oom || asx_doc_oom(k.doc)) {
        asx_doc_free(k.doc);
        return ASX_ERR_NOMEM;
    }
    *out = k.doc;
    return ASX_OK;
}
