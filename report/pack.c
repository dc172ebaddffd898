/* pack.c - the approval pack built once as a document (see asx/pack.h): what an approver reads
 * before stamping the 決裁欄, drawn as PDF and as a workbook by the renderers.
 *
 * The tree: the 起案 sheet (paper), then the 別紙 as parts whose sheets are 概要, 回答, 指摘,
 * 審査判断 and 台帳. Where paper and workbook lay the same facts out differently (a card of the
 * cover against typed key-value rows, a table per section against one filtered grid), each
 * medium has its own group of blocks in the part; the facts all come from the result. */
#include "asx/pack.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/country.h"
#include "asx/util.h"

typedef struct {
    asx_doc *doc;
    const asx_result *r;
    const asx_answers *a;
    const asx_pack_opts *o;
    asx_lang l;
    char **scratch; /* strings made along the way, owned until the end of the build */
    size_t nscratch, capscratch;
    bool oom;
} pack;

/* How the 起案 sheet's sub-lines and the notes look on paper. */
static const asx_doc_look SUB = {.size = 9.0f, .indent = 12};
static const asx_doc_look SUB_SMALL = {.size = 8.0f, .indent = 12};
static const asx_doc_look NOTE = {.size = 7.5f, .tone = ASX_DOC_TONE_NEUTRAL};

/* Keep s (malloc'd, may be NULL after a failed allocation) until the end; returns it or "". */
static const char *keep(pack *k, char *s)
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
static const char *glue(pack *k, const char *name)
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
    return keep(k, asx_buf_take(&b));
}

static const char *date_text(pack *k, asx_date d)
{
    char buf[64];
    asx_date_format(d, k->l, buf, sizeof buf);
    return keep(k, asx_strdup(buf));
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* What names the standard before a clause number: the policy's title of it (SPEC §8.6), in
 * English "clause". */
static const char *std_label(const pack *k)
{
    return ASX_TR(k->l, k->r->standard_name, "clause");
}

/* The clauses of a question as the result cites them (the organisation's numbering). */
static const char *clauses_local(const pack *k, const asx_question *q)
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

static bool outsourcing(const pack *k)
{
    return k->r->bank->documents.kind == ASX_BANK_OUTSOURCING;
}

static const char *pack_title(const pack *k)
{
    return asx_text_get(&k->r->bank->documents.title, k->l);
}

/* ---- small builders ---- */

static void line(pack *k, asx_block *parent, const char *text, const asx_doc_look *look)
{
    asx_doc_line(k->doc, parent, text, look);
}

static void kv_text(pack *k, asx_block *kv, const char *key, const char *value)
{
    asx_cell_text(k->doc, asx_doc_kv_row(k->doc, kv, key, 1), value ? value : "");
}

static asx_block *kv_block(pack *k, asx_block *parent, float key_width)
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
    asx_cell_text(k->doc, c, keep(k, asx_answer_format(q, x, k->l)));
}

/* A table of n columns whose rows the caller adds; the columns' titles are Japanese or English
 * pairs. */
typedef struct {
    const char *ja, *en;
    float width;
    double sheet_width;
    asx_doc_align align;
    bool fit;
    asx_doc_shade shade;
} col_spec;

static asx_block *table(pack *k, asx_block *parent, const col_spec *spec, size_t n, const char *empty)
{
    asx_doc_col cols[16];
    n = n < 16 ? n : 16;
    for (size_t i = 0; i < n; i++)
        cols[i] = (asx_doc_col){.title = ASX_TR(k->l, spec[i].ja, spec[i].en), .width = spec[i].width,
                                .sheet_width = spec[i].sheet_width, .align = spec[i].align};
    asx_block *t = asx_doc_table(k->doc, parent, cols, n, empty);
    asx_block_tight(t);
    for (size_t i = 0; i < n; i++) {
        if (spec[i].fit)
            asx_block_sheet_fit(t, i);
        if (spec[i].shade != ASX_DOC_SHADE_NONE)
            asx_block_shade(t, i, spec[i].shade);
    }
    return t;
}

/* ---- what the sheet says ---- */

static const char *verdict_summary(pack *k)
{
    const asx_result *r = k->r;
    switch (r->verdict) {
    case ASX_VERDICT_APPROVED:
        return ASX_TR(k->l, "評価基準を満たしており、利用を承認して差し支えない。",
                 "The service meets the criteria and may be approved for use.");
    case ASX_VERDICT_CONDITIONAL:
        return keep(k, asx_strdupf(ASX_TR(k->l, "下記の条件 %zu 件を契約条件とすることを前提に、利用を承認して差し支えない。",
                                     r->nconditions == 1 ? "The service may be approved on the condition below being "
                                                           "made a term of the contract."
                                                         : "The service may be approved on the %zu conditions below "
                                                           "being made terms of the contract."),
                                   r->nconditions));
    case ASX_VERDICT_REJECTED:
        if (r->count[ASX_SEV_KNOCKOUT])
            return keep(k, asx_strdupf(ASX_TR(k->l, "選定条件 (必須条件) を満たさない事項が %zu 件あるため、利用は認められない。",
                                         r->count[ASX_SEV_KNOCKOUT] == 1
                                             ? "The service fails %zu mandatory condition and cannot be approved."
                                             : "The service fails %zu mandatory conditions and cannot be approved."),
                                       r->count[ASX_SEV_KNOCKOUT]));
        return keep(k, asx_strdupf(ASX_TR(k->l, "得点が条件付き承認の基準 (%g 点) に達しないため、利用は認められない。",
                                     "The score is below the conditional threshold (%g) and the service cannot "
                                     "be approved."),
                                   r->policy->conditional_threshold));
    case ASX_VERDICT_INCOMPLETE:
        /* say which: unanswered questions, contradictory answers, or both (never 「0 件が未回答」) */
        if (r->ncontradictions && !r->nunanswered)
            return keep(k, asx_strdupf(ASX_TR(k->l, "回答の矛盾 (%zu 件) があるため判定できない。事業者に回答の訂正を求めたうえで再評価すること。",
                                             "%zu contradiction(s) between the answers: ask the vendor to correct "
                                             "them and assess again."),
                                       r->ncontradictions));
        if (r->ncontradictions)
            return keep(k, asx_strdupf(ASX_TR(k->l, "必須質問 %zu 件が未回答で、回答の矛盾 (%zu 件) もあるため判定できない。事業者に回答と訂正を求めたうえで再評価すること。",
                                             "%zu required question(s) unanswered and %zu contradiction(s) between "
                                             "the answers: ask the vendor and assess again."),
                                       r->nunanswered, r->ncontradictions));
        return keep(k, asx_strdupf(ASX_TR(k->l, "必須質問 %zu 件が未回答のため判定できない。事業者に回答を求めたうえで再評価すること。",
                                     r->nunanswered == 1
                                         ? "%zu required question is unanswered: ask the vendor and assess again."
                                         : "%zu required questions are unanswered: ask the vendor and assess again."),
                                   r->nunanswered));
    case ASX_VERDICT_PENDING:
        return keep(k, asx_strdupf(ASX_TR(k->l, "審査における判断 %zu 件が未了のため決定できない。判断を記録したうえで決裁に付すこと。",
                                     r->nmissing == 1 ? "%zu judgment of the officer is outstanding: record it before "
                                                        "the decision."
                                                      : "%zu judgments of the officer are outstanding: record them "
                                                        "before the decision."),
                                   r->nmissing));
    }
    return "";
}

/* One judgment for people: 「外国法令の適用リスク: 受容する (情報政策課長 田中一郎、令和8年12月10日)」, or
 * what is outstanding and who decides. */
static const char *judgment_line(pack *k, const asx_result_judgment *j)
{
    const char *label = asx_judgment_key_label(j->key, k->l);
    const char *subj = j->subject ? keep(k, asx_strdupf(ASX_TR(k->l, "「%s」", " \"%s\""), j->subject)) : "";
    const char *cl = j->clause_local;
    if (!j->made)
        return keep(k, asx_strdupf(ASX_TR(k->l, "・%s%s (%s): 未了 — %sが判断する", "- %s%s (%s): outstanding — for the %s"),
                                   label, subj, cl, ASX_TR(k->l, j->by_default, j->by_default_en)));
    /* the sheet says who decided what and when; the reasons are in the 別紙 */
    const asx_judgment *m = j->made;
    return keep(k, asx_strdupf(ASX_TR(k->l, "・%s%s (%s): %s (%s、%s)", "- %s%s (%s): %s (%s, %s)"), label, subj, cl,
                               asx_judgment_decision_label(j->key, m->yes, k->l), glue(k, m->by), date_text(k, m->date)));
}

static const char *review_text(pack *k)
{
    const asx_result *r = k->r;
    const char *basis = r->review_cite.clause_local;
    if (!r->has_next_review)
        return ASX_TR(k->l, "— (承認した場合に設定)", "— (set when approved)");
    if (r->policy->review_basis == ASX_REVIEW_FISCAL_YEAR)
        return keep(k, asx_strdupf(ASX_TR(k->l, "%s (毎年度、%s %s)", "%s (every fiscal year, %s %s)"),
                                   date_text(k, r->next_review), std_label(k), basis));
    return keep(k, asx_strdupf(ASX_TR(k->l, "%s (%d か月ごと、%s %s)", "%s (every %d months, %s %s)"),
                               date_text(k, r->next_review), r->policy->review_interval_months, std_label(k), basis));
}

/* ---- page 1: the 起案 sheet ---- */

static const char *subject(pack *k)
{
    if (outsourcing(k))
        return keep(k, asx_strdupf(ASX_TR(k->l, "%s (%s) への業務委託について (伺い)",
                                     "Outsourcing to %s (%s): request for decision"),
                                   k->a->service_name, k->a->vendor_name));
    return keep(k, asx_strdupf(ASX_TR(k->l, "%s (%s) の利用について (伺い)", "Use of %s (%s): request for decision"),
                               k->a->service_name, k->a->vendor_name));
}

/* The name printed under a stamp column: the options name the four roles of the default block. */
static const char *column_name(pack *k, const char *col)
{
    const asx_pack_opts *o = k->o;
    if (strcmp(col, "許可権限者") == 0)
        return glue(k, o->approver);
    if (strcmp(col, "情報セキュリティ責任者") == 0)
        return glue(k, o->security_officer);
    if (strcmp(col, "情報セキュリティ管理者") == 0)
        return glue(k, o->security_manager);
    if (strcmp(col, "起案者") == 0)
        return glue(k, o->requester);
    return NULL;
}

static const char *column_label(pack *k, const char *col)
{
    static const struct {
        const char *ja, *en;
    } known[] = {{"許可権限者", "Approver"},
                 {"情報セキュリティ責任者", "Security officer"},
                 {"情報セキュリティ管理者", "Security manager"},
                 {"統括情報セキュリティ責任者", "Chief security officer"},
                 {"情報システム管理者", "Information system manager"},
                 {"起案者", "Drafted by"}};
    if (k->l == ASX_LANG_EN)
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if (strcmp(col, known[i].ja) == 0)
                return known[i].en;
    return col;
}

static void stamp_row(pack *k, asx_block *parent)
{
    const asx_strlist *columns = k->r->approval_columns, *consult = k->r->approval_consult;
    static const char *const fallback[] = {"許可権限者", "情報セキュリティ責任者", "情報セキュリティ管理者", "起案者"};
    const char *const *cols = columns->n ? (const char *const *)columns->v : fallback;
    size_t n = columns->n ? columns->n : 4;
    if (n > 8)
        n = 8;
    const char *roles[8], *names[8];
    bool has_approver = false;
    for (size_t i = 0; i < n; i++) {
        roles[i] = column_label(k, cols[i]);
        names[i] = column_name(k, cols[i]);
        has_approver = has_approver || strcmp(cols[i], "許可権限者") == 0;
    }
    /* A body's own titles (市長, 副市長, …): the highest authority, the first column, is the
     * 許可権限者 --approver names. */
    if (!has_approver && n > 0 && !names[0])
        names[0] = glue(k, k->o->approver);
    asx_doc_stamps(k->doc, parent, roles, names, n, (const char *const *)consult->v, consult->n);
}

/* The judgments on the 起案 sheet: made (who, when, conclusion) and outstanding. */
static void sheet_judgments(pack *k, asx_block *sh)
{
    const asx_result *r = k->r;
    if (!r->njudgments)
        return;
    /* small: the sheet must stay one page with the six-column stamp row, 合議 and conditions */
    asx_doc_heading_keep(k->doc, sh, 2,
                         r->nmissing ? ASX_TR(k->l, "審査における判断 (未了のものあり)", "The officer's judgments (some outstanding)")
                                     : ASX_TR(k->l, "審査における判断", "The officer's judgments"),
                         40);
    for (size_t i = 0; i < r->njudgments; i++)
        line(k, sh, judgment_line(k, &r->judgments[i]), &SUB_SMALL);
}

static void sheet_conditions(pack *k, asx_block *sh)
{
    const asx_result *r = k->r;
    if (r->nconditions == 0)
        return;
    asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "承認の条件 (契約に定め、期限までに履行を確認する)",
                                          "Conditions (to be written into the contract and checked by the due date)"),
                         40);
    const size_t shown = r->nconditions > 10 ? 8 : r->nconditions;
    for (size_t i = 0; i < shown; i++) {
        const asx_condition *c = &r->conditions[i];
        const asx_finding *f = c->finding;
        const char *what = f->q ? asx_text_get(&f->q->label, k->l) : asx_finding_msg(f, k->l);
        line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu　%s (%s)　履行期限 %s", "Condition %zu: %s (%s), due %s"), c->n,
                                        what, nz(f->clause_local), date_text(k, c->due))),
             &SUB);
    }
    if (shown < r->nconditions)
        line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "ほか %zu 件 (別紙「承認の条件と指摘事項」のとおり)",
                                           "and %zu more (see the annex, conditions and findings)"),
                                        r->nconditions - shown)),
             &SUB);
}

/* An approval's consequence: the designation of the managers (or, for outsourcing, who checks
 * the contractor). */
static void sheet_designation(pack *k, asx_block *sh)
{
    const asx_result *r = k->r;
    const asx_pack_opts *o = k->o;
    const char *blank = ASX_TR(k->l, "＿＿＿＿＿＿＿＿＿＿", "____________________");
    const char *next = r->has_next_review ? date_text(k, r->next_review) : "—";
    if (outsourcing(k)) {
        /* 11-1 is the 情報システム管理者's selection of a contractor: no 外部サービス管理者 is
         * designated and nothing becomes an 承認済み外部サービス (SPEC v3 §8.2) */
        asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "委託事業者の確認", "Oversight of the contractor"), 40);
        kv_text(k, kv_block(k, sh, 150), ASX_TR(k->l, "確認の担当", "Checked by"),
                o->manager && *o->manager ? glue(k, o->manager) : blank);
        line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "選定した場合は、情報システム管理者が、委託事業者において必要なセキュリティ対策が確保されていることを定期的に確認し (%s)、次回再評価期限 (%s) までに再評価する。",
                                           "Once selected, the information system manager checks regularly that the "
                                           "contractor keeps the security measures needed (%s), and assesses again by %s."),
                                        r->manager_cite.clause_local, next)),
             &SUB);
        return;
    }
    asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "管理者の指名", "Designation"), 40);
    const char *clause = r->manager_cite.clause_local;
    const char *mgr = o->manager && *o->manager ? glue(k, o->manager) : blank;
    asx_block *kv = kv_block(k, sh, 150);
    kv_text(k, kv, ASX_TR(k->l, "外部サービス管理者", "External service manager"),
            clause ? keep(k, asx_strdupf(ASX_TR(k->l, "%s\n(承認した場合、%s %s により指名する)", "%s\n(designated on approval under %s %s)"),
                                         mgr, std_label(k), clause))
                   : mgr);
    if (o->cloud_manager && *o->cloud_manager)
        kv_text(k, kv, ASX_TR(k->l, "クラウドサービス管理者", "Cloud service manager"), glue(k, o->cloud_manager));
    line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "承認した場合は、承認済み外部サービスとして記録し、次回再評価期限の%sまでに再評価する。",
                                       "On approval the service is recorded as an approved external "
                                       "service and assessed again by %s."),
                                    next)),
         &SUB);
}

/* What follows the decision: the designation, or why the service may not be used, or what the
 * vendor must supply. */
static void sheet_consequence(pack *k, asx_block *sh)
{
    const asx_result *r = k->r;
    switch (r->verdict) {
    case ASX_VERDICT_APPROVED:
    case ASX_VERDICT_CONDITIONAL:
        sheet_designation(k, sh);
        break;
    case ASX_VERDICT_REJECTED: {
        asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "不承認の理由", "Why the service may not be used"), 40);
        line(k, sh, ASX_TR(k->l, "本サービスは利用できない。理由は次のとおり。", "The service may not be used, for these reasons:"), &SUB);
        size_t shown = 0;
        for (size_t i = 0; i < r->nfindings && shown < 8; i++) {
            const asx_finding *f = &r->findings[i];
            if (f->severity != ASX_SEV_KNOCKOUT && r->count[ASX_SEV_KNOCKOUT])
                continue;
            if (f->severity == ASX_SEV_INFO)
                continue;
            shown++;
            line(k, sh, keep(k, asx_strdupf("・%s (%s)", f->q ? asx_text_get(&f->q->label, k->l) : asx_finding_msg(f, k->l),
                                            nz(f->clause_local))),
                 &SUB);
        }
        if (!r->count[ASX_SEV_KNOCKOUT])
            line(k, sh, verdict_summary(k), &SUB);
        break;
    }
    case ASX_VERDICT_INCOMPLETE:
        asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "事業者に求める回答 (差戻し)", "What the vendor must supply (returned)"), 40);
        line(k, sh, ASX_TR(k->l, "次の事項について、事業者に回答 (または矛盾のない回答) を求め、提出を受けたうえで再評価する。",
                           "Ask the vendor for these answers (or answers that do not contradict each other) "
                           "and assess again once they are supplied:"),
             &SUB);
        for (size_t i = 0; i < r->nunanswered && i < 12; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            line(k, sh, keep(k, asx_strdupf("・%s (%s)", asx_text_get(&q->label, k->l), clauses_local(k, q))), &SUB);
        }
        if (r->nunanswered > 12)
            line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "ほか %zu 件 (別紙のとおり)", "and %zu more (see the annex)"),
                                            r->nunanswered - 12)),
                 &SUB);
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            if (!f->q && f->severity != ASX_SEV_INFO) /* the contradictions: no question of their own */
                line(k, sh, keep(k, asx_strdupf("・%s", asx_finding_msg(f, k->l))), &SUB);
        }
        break;
    case ASX_VERDICT_PENDING:
        /* the judgments outstanding are listed by sheet_judgments; nothing is decided yet */
        asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "審査未了", "Pending"), 40);
        line(k, sh, ASX_TR(k->l, "上記「審査における判断」の未了の判断を、定められた者が記録するまで、利用の可否は決定しない。",
                           "No decision on use is taken until the outstanding judgments above are recorded by "
                           "those the standard names."),
             &SUB);
        break;
    }
}

static void sheet(pack *k)
{
    const asx_pack_opts *o = k->o;
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    asx_block *sh = asx_doc_part(doc, NULL, NULL);
    asx_block_media(sh, ASX_MEDIA_PAPER);
    const char *org = r->policy->organization && *r->policy->organization ? r->policy->organization : NULL;
    asx_doc_title(doc, sh, ASX_TR(k->l, "起 案 用 紙", "Request for decision"), org);
    asx_block *kv = kv_block(k, sh, 110);
    kv_text(k, kv, ASX_TR(k->l, "文書番号", "Document number"), o->doc_number);
    kv_text(k, kv, ASX_TR(k->l, "起案日", "Drafted on"), date_text(k, r->decided_on));
    kv_text(k, kv, ASX_TR(k->l, "所属", "Section"), o->section);
    kv_text(k, kv, ASX_TR(k->l, "起案者", "Drafted by"), glue(k, o->requester));
    kv_text(k, kv, ASX_TR(k->l, "件名", "Subject"), subject(k));
    asx_doc_heading_keep(doc, sh, 2, ASX_TR(k->l, "決裁欄", "Approval"), 170);
    stamp_row(k, sh);

    line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "標記について、別紙「%s」のとおり審査した結果、下記のとおり決定してよろしいか伺います。",
                                       "The service was assessed as set out in the annex (%s). We ask for a "
                                       "decision as follows."),
                                    pack_title(k))),
         &(asx_doc_look){.size = 10.0f, .after = 4});
    line(k, sh, ASX_TR(k->l, "記", "Details"), &(asx_doc_look){.size = 10.0f, .align = ASX_DOC_CENTER});
    asx_doc_heading_keep(doc, sh, 2, ASX_TR(k->l, "審査結果", "Assessment"), 40);
    line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "%s (%.1f 点)。%s", "%s (score %.1f). %s"), asx_result_verdict_label(r, k->l),
                                    r->score, verdict_summary(k))),
         &SUB);
    static const asx_verdict offered[] = {ASX_VERDICT_APPROVED, ASX_VERDICT_CONDITIONAL, ASX_VERDICT_REJECTED};
    asx_doc_decision(doc, sh, offered, 3, r->verdict);
    asx_block_tight(asx_doc_last(sh));
    if (r->verdict == ASX_VERDICT_INCOMPLETE)
        line(k, sh, r->ncontradictions ? ASX_TR(k->l, "(回答の矛盾のため差戻し。上記のいずれにも当たらない)",
                                                "(returned for correction: none of the above yet)")
                                       : ASX_TR(k->l, "(回答不足のため差戻し。上記のいずれにも当たらない)",
                                                "(returned for completion: none of the above yet)"),
             &SUB);
    if (r->verdict == ASX_VERDICT_PENDING)
        line(k, sh, ASX_TR(k->l, "(審査未了: 判断待ち。上記のいずれにも当たらない)", "(pending the officer's judgments: none of the above yet)"),
             &SUB);
    sheet_judgments(k, sh);
    sheet_conditions(k, sh);
    sheet_consequence(k, sh);
    line(k, sh, keep(k, asx_strdupf(ASX_TR(k->l, "別紙: %s (%s、%s)", "Annex: %s (%s, %s)"), pack_title(k),
                                    k->a->service_name, k->a->vendor_name)),
         &(asx_doc_look){.size = 8.0f, .tone = ASX_DOC_TONE_NEUTRAL, .before = 6});
}

/* ---- 別紙: 概要 ---- */

/* The cover on paper: the 別紙's title, the verdict badge and what the service is. */
static void cover(pack *k, asx_block *paper)
{
    const asx_answers *a = k->a;
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    char cls[96];
    asx_class_format(a->cls, k->l, cls, sizeof cls);
    const char *org = r->policy->organization && *r->policy->organization ? r->policy->organization : NULL;
    const char *sub = keep(k, asx_strdupf(ASX_TR(k->l, "%s%s%s %s に基づく評価",
                                            "%s%sAssessment under %s %s of the information security standards"),
                                          nz(org), org ? ASX_TR(k->l, " ", " — ") : "", std_label(k),
                                          nz(r->bank_cite.clause_local)));
    asx_doc_title(doc, paper, keep(k, asx_strdupf(ASX_TR(k->l, "別紙　%s", "Annex: %s"), pack_title(k))), sub);
    char score[64];
    snprintf(score, sizeof score, ASX_TR(k->l, "%.1f 点 / 100", "score %.1f / 100"), r->score);
    asx_block_tight(asx_doc_badge_label(doc, paper, r->verdict, asx_result_verdict_label(r, k->l), score));
    line(k, paper, verdict_summary(k),
         &(asx_doc_look){.size = 10.5f, .bold = true, .tone = asx_doc_verdict_tone(r->verdict), .after = 8});

    asx_block *kv = kv_block(k, paper, 0);
    kv_text(k, kv, ASX_TR(k->l, "対象サービス", "Service"),
            keep(k, a->service_model && *a->service_model ? asx_strdupf("%s (%s)", a->service_name, a->service_model)
                                                          : asx_strdup(a->service_name)));
    kv_text(k, kv, ASX_TR(k->l, "事業者", "Vendor"),
            keep(k, a->vendor_country ? asx_strdupf("%s (%s)", a->vendor_name, asx_country_name(a->vendor_country, k->l))
                                      : asx_strdup(a->vendor_name)));
    kv_text(k, kv, ASX_TR(k->l, "法人番号", "Corporate number"),
            a->corporate_number ? a->corporate_number : ASX_TR(k->l, "— (国外事業者等)", "— (none given)"));
    kv_text(k, kv, ASX_TR(k->l, "取り扱う情報の格付", "Classification of the information"), cls);
    kv_text(k, kv, ASX_TR(k->l, "評価の目的", "Purpose"), asx_purpose_label(a->purpose, k->l));
    kv_text(k, kv, ASX_TR(k->l, "質問票", "Questionnaire"),
            keep(k, asx_strdupf("%s (%s %s, %s %s)", asx_text_get(&r->bank->title, k->l), r->bank->id, r->bank->version,
                                std_label(k), nz(r->bank_cite.clause_local))));
    kv_text(k, kv, ASX_TR(k->l, "判定", "Verdict"), asx_result_verdict_label(r, k->l));
    kv_text(k, kv, ASX_TR(k->l, "得点", "Score"),
            keep(k, asx_strdupf(ASX_TR(k->l, "%.1f 点 (承認基準 %g 点以上、条件付き承認基準 %g 点以上)",
                                       "%.1f (approve at %g or more, conditional at %g or more)"),
                                r->score, r->policy->approve_threshold, r->policy->conditional_threshold)));
    kv_text(k, kv, ASX_TR(k->l, "指摘事項", "Findings"),
            keep(k, asx_strdupf(ASX_TR(k->l, "必須条件違反 %zu 件・重大 %zu 件・軽微 %zu 件・参考 %zu 件",
                                       "knockout %zu, major %zu, minor %zu, info %zu"),
                                r->count[ASX_SEV_KNOCKOUT], r->count[ASX_SEV_MAJOR], r->count[ASX_SEV_MINOR],
                                r->count[ASX_SEV_INFO])));
    kv_text(k, kv, ASX_TR(k->l, "回答日", "Answered on"), date_text(k, a->date));
    kv_text(k, kv, ASX_TR(k->l, "判定日", "Decided on"), date_text(k, r->decided_on));
    kv_text(k, kv, ASX_TR(k->l, "次回再評価期限", "Next review due"), review_text(k));
    if (r->has_evidence_expiry)
        kv_text(k, kv, ASX_TR(k->l, "根拠資料の有効期限", "Evidence valid until"), date_text(k, r->evidence_expiry));
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
        asx_cell_text(k->doc, &row[0], keep(k, asx_strdupf("%zu", i + 1)));
        for (size_t c = 0; c < nf; c++) {
            const char *v = x->items[i].values ? x->items[i].values[c] : NULL;
            asx_date dt;
            if (v && q->fields[c].type == ASX_Q_COUNTRY)
                v = keep(k, asx_strdupf("%s (%s)", asx_country_name(v, k->l), v));
            else if (v && q->fields[c].type == ASX_Q_DATE && asx_date_parse(v, &dt))
                v = date_text(k, dt); /* the document's date style */
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
    asx_block *kv = kv_block(k, paper, 0);
    for (size_t i = 0; i < r->nfacts; i++) {
        const asx_fact *f = &r->facts[i];
        const char *v = asx_fact_value(f, k->l);
        size_t items = k->a->a[f->q->index].nitems;
        if (f->q->type == ASX_Q_LIST && f->applicable && items > 0)
            v = keep(k, asx_strdupf(ASX_TR(k->l, "%zu 件 (下表のとおり)", "%zu (table below)"), items));
        const char *norm = asx_fact_norm(f, k->l);
        if (norm)
            v = keep(k, asx_strdupf(ASX_TR(k->l, "%s (基準: %s)", "%s (policy: %s)"), v, norm));
        if (f->has_finding && f->worst != ASX_SEV_INFO)
            v = keep(k, asx_strdupf(ASX_TR(k->l, "%s　［指摘: %s］", "%s  [finding: %s]"), v, asx_severity_label(f->worst, k->l)));
        kv_text(k, kv, asx_text_get(&f->q->label, k->l), v);
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
    line(k, kept, keep(k, asx_strdupf(ASX_TR(k->l, "破線: 承認基準 %g 点 (緑)・条件付き承認基準 %g 点 (橙)。「—」は対象となる設問がない区分。",
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
    char cls[128];
    asx_class_format(a->cls, k->l, cls, sizeof cls);
    asx_doc_title(doc, sheet, pack_title(k), NULL);
    asx_block *kv = asx_doc_kv(doc, sheet);
    kv_text(k, kv, ASX_TR(k->l, "サービス", "Service"), a->service_name);
    kv_text(k, kv, ASX_TR(k->l, "事業者", "Vendor"), a->vendor_name);
    kv_text(k, kv, ASX_TR(k->l, "法人番号", "Corporate number"), a->corporate_number ? a->corporate_number : "-");
    kv_text(k, kv, ASX_TR(k->l, "質問票", "Questionnaire"),
            keep(k, asx_strdupf("%s %s (%s)", r->bank->id, a->bank_version ? a->bank_version : r->bank->version,
                                asx_text_get(&r->bank->title, k->l))));
    kv_text(k, kv, ASX_TR(k->l, "格付け", "Classification"), cls);
    asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(k->l, "回答日", "Date of the answers"), 1), &a->date);
    asx_cell_date(asx_doc_kv_row(doc, kv, ASX_TR(k->l, "判定日", "Decided on"), 1), &r->decided_on);
    asx_cell *c = asx_doc_kv_row(doc, kv, ASX_TR(k->l, "判定", "Verdict"), 1);
    asx_cell_text(doc, c, asx_result_verdict_label(r, k->l));
    if (c)
        c->tone = asx_doc_verdict_tone(r->verdict);
    asx_cell_number(doc, asx_doc_kv_row(doc, kv, ASX_TR(k->l, "総合点 (100 点満点)", "Score (out of 100)"), 1), r->score, 1,
                    NULL);
    kv_text(k, kv, ASX_TR(k->l, "指摘 (必須条件違反/重大/軽微/参考)", "Findings (knockout/major/minor/info)"),
            keep(k, asx_strdupf("%zu / %zu / %zu / %zu", r->count[ASX_SEV_KNOCKOUT], r->count[ASX_SEV_MAJOR],
                                r->count[ASX_SEV_MINOR], r->count[ASX_SEV_INFO])));
    asx_cell_count(asx_doc_kv_row(doc, kv, ASX_TR(k->l, "承認の条件 (件数)", "Conditions"), 1), r->nconditions);
    date_or_dash(k, asx_doc_kv_row(doc, kv, ASX_TR(k->l, "次回再評価期限", "Next review due"), 1), r->has_next_review,
                 r->next_review);
    date_or_dash(k, asx_doc_kv_row(doc, kv, ASX_TR(k->l, "根拠資料の有効期限", "Evidence valid until"), 1),
                 r->has_evidence_expiry, r->evidence_expiry);

    static const col_spec sec[] = {{"区分", "Section", 0, 32, 0, false, ASX_DOC_SHADE_NONE},
                                   {"点数", "Score", 0, 44, 0, false, ASX_DOC_SHADE_BAR},
                                   {"採点した質問数", "Questions scored", 0, 18, 0, false, ASX_DOC_SHADE_NONE}};
    asx_block *t = table(k, sheet, sec, 3, NULL);
    asx_block_sheet(t, ASX_DOC_SHEET_PLAIN, 0);
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

    static const col_spec facts[] = {{"主要事項", "Key facts", 0, 32, 0, false, ASX_DOC_SHADE_NONE},
                                     {"回答", "Answer", 0, 44, 0, false, ASX_DOC_SHADE_NONE},
                                     {"組織の基準", "Policy", 0, 18, 0, false, ASX_DOC_SHADE_NONE},
                                     {"条項", "Clause", 0, 22, 0, false, ASX_DOC_SHADE_NONE}};
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
        asx_cell_text(doc, &row[3], clauses_local(k, f->q));
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
    static const col_spec cols[] = {{"ID", "ID", 0, 10, 0, true, ASX_DOC_SHADE_NONE},
                                    {"条項", "Clause", 0, 16, 0, false, ASX_DOC_SHADE_NONE},
                                    {"区分", "Section", 0, 14, 0, false, ASX_DOC_SHADE_NONE},
                                    {"質問", "Question", 0, 36, 0, false, ASX_DOC_SHADE_NONE},
                                    {"回答", "Answer", 0, 28, 0, false, ASX_DOC_SHADE_NONE},
                                    {"得点", "Score", 0, 8, 0, false, ASX_DOC_SHADE_SCALE},
                                    {"重み", "Weight", 0, 8, 0, false, ASX_DOC_SHADE_NONE},
                                    {"コメント", "Comment", 0, 44, 0, false, ASX_DOC_SHADE_NONE},
                                    {"根拠資料", "Evidence", 0, 30, 0, false, ASX_DOC_SHADE_NONE}};
    asx_block *t = table(k, part, cols, 9, NULL);
    asx_block_sheet(t, ASX_DOC_SHEET_GRID, 1);
    for (size_t i = 0; i < b->nquestions; i++) {
        const asx_question *q = &b->questions[i];
        const asx_answer *x = &k->a->a[i];
        const asx_qscore *s = &k->r->q[i];
        asx_cell *row = asx_doc_row(doc, t);
        if (!row)
            return;
        asx_cell_text(doc, &row[0], q->id);
        asx_cell_text(doc, &row[1], clauses_local(k, q));
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
        for (size_t e = 0; e < x->nevidence; e++)
            asx_buf_addf(&ev, "%s%s", e ? "\n" : "", x->evidence[e]);
        asx_cell_text(doc, &row[8], x->nevidence ? keep(k, asx_buf_take(&ev)) : NULL);
    }
}

/* A finding on paper: its text, the due date of its condition, its question and any change of
 * severity by the review (SPEC v3 §8.1: shown wherever the finding is). */
static const char *finding_text(pack *k, const asx_finding *f, const asx_condition *c)
{
    asx_buf b = {0};
    asx_buf_adds(&b, asx_finding_msg(f, k->l));
    if (c)
        asx_buf_addf(&b, ASX_TR(k->l, "\n履行期限: %s", "\nDue: %s"), date_text(k, c->due));
    if (f->q)
        asx_buf_addf(&b, "\n[%s %s]", asx_text_get(&f->q->label, k->l), f->q->id);
    if (f->override)
        asx_buf_addf(&b, ASX_TR(k->l, "\n審査で重大度を変更: %s → %s (%s、%s、%s)", "\nSeverity changed by the review: %s → %s (%s, %s, %s)"),
                     asx_severity_label(f->original, k->l), asx_severity_label(f->severity, k->l), f->override->reason,
                     f->override->by, date_text(k, f->override->date));
    return keep(k, asx_buf_take(&b));
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
        static const col_spec cols[] = {{"番号", "No.", 1.1f, 0, 0, false, ASX_DOC_SHADE_NONE},
                                        {"重要度", "Severity", 1.3f, 0, 0, false, ASX_DOC_SHADE_NONE},
                                        {"指摘事項と是正の条件", "Finding and remedy", 6.0f, 0, 0, false, ASX_DOC_SHADE_NONE},
                                        {"根拠条項", "Clause", 1.6f, 0, 0, false, ASX_DOC_SHADE_NONE}};
        asx_block *t = table(k, paper, cols, 4, NULL);
        size_t num = 0;
        /* findings are ordered knockout, major, minor, info by the result */
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            const asx_condition *c = condition_of(k, f);
            asx_cell *row = asx_doc_row(doc, t);
            if (!row)
                return;
            asx_cell_text(doc, &row[0], c             ? keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu", "Cond. %zu"), c->n))
                                        : conditional ? keep(k, asx_strdupf(ASX_TR(k->l, "参考%zu", "Note %zu"), ++num))
                                                      : keep(k, asx_strdupf("%zu", ++num)));
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
        static const col_spec cols[] = {{"設問", "Question", 5, 0, 0, false, ASX_DOC_SHADE_NONE},
                                        {"設問ID", "Id", 3, 0, 0, false, ASX_DOC_SHADE_NONE},
                                        {"根拠条項", "Clause", 2, 0, 0, false, ASX_DOC_SHADE_NONE}};
        asx_block *t = table(k, paper, cols, 3, NULL);
        for (size_t i = 0; i < r->nunanswered; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            asx_cell *row = asx_doc_row(doc, t);
            if (!row)
                return;
            asx_cell_text(doc, &row[0], asx_text_get(&q->label, k->l));
            asx_cell_text(doc, &row[1], q->id);
            asx_cell_text(doc, &row[2], clauses_local(k, q));
        }
    }
}

/* The findings in one grid: severity, question, clause, text, condition and due date, any
 * change of severity by the review. */
static void findings_sheet(pack *k, asx_block *sheet)
{
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    static const col_spec cols[] = {{"重要度", "Severity", 0, 10, 0, true, ASX_DOC_SHADE_NONE},
                                    {"質問 ID", "Question", 0, 10, 0, true, ASX_DOC_SHADE_NONE},
                                    {"条項", "Clause", 0, 18, 0, false, ASX_DOC_SHADE_NONE},
                                    {"内容", "Finding", 0, 80, 0, false, ASX_DOC_SHADE_NONE},
                                    {"承認条件", "Condition of approval", 0, 12, 0, false, ASX_DOC_SHADE_NONE},
                                    {"履行期限", "Due", 0, 12, 0, false, ASX_DOC_SHADE_NONE},
                                    {"審査による重大度の変更", "Severity changed by the review", 0, 30, 0, false,
                                     ASX_DOC_SHADE_NONE}};
    asx_block *t = table(k, sheet, cols, 7, ASX_TR(k->l, "指摘事項はありません", "No findings"));
    asx_block_sheet(t, ASX_DOC_SHEET_GRID, 0);
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
        asx_cell_text(doc, &row[4], cond ? keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu", "Condition %zu"), cond->n)) : NULL);
        asx_cell_date(&row[5], cond ? &cond->due : NULL);
        if (f->override) {
            char on[11];
            asx_date_iso(f->override->date, on);
            asx_cell_text(doc, &row[6],
                          keep(k, asx_strdupf(ASX_TR(k->l, "%s → %s (%s、%s、%s)", "%s → %s (%s, %s, %s)"),
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
    return keep(k, asx_buf_take(&b));
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
    return keep(k, asx_buf_take(&why));
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
    static const col_spec pcols[] = {{"判断事項", "Judgment", 3.0f, 0, 0, false, ASX_DOC_SHADE_NONE},
                                     {"判断", "Decision", 1.6f, 0, 0, false, ASX_DOC_SHADE_NONE},
                                     {"理由・根拠", "Reason and basis", 4.0f, 0, 0, false, ASX_DOC_SHADE_NONE},
                                     {"判断者・日付", "By, on", 2.2f, 0, 0, false, ASX_DOC_SHADE_NONE}};
    static const col_spec scols[] = {{"判断事項", "Judgment", 0, 30, 0, false, ASX_DOC_SHADE_NONE},
                                     {"条項", "Clause", 0, 12, 0, false, ASX_DOC_SHADE_NONE},
                                     {"対象", "Subject", 0, 30, 0, false, ASX_DOC_SHADE_NONE},
                                     {"判断", "Decision", 0, 14, 0, false, ASX_DOC_SHADE_NONE},
                                     {"理由・根拠", "Reason and basis", 0, 50, 0, false, ASX_DOC_SHADE_NONE},
                                     {"判断者", "By", 0, 22, 0, false, ASX_DOC_SHADE_NONE},
                                     {"日付", "Date", 0, 12, 0, false, ASX_DOC_SHADE_NONE}};
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
                            : keep(k, asx_strdupf(ASX_TR(k->l, "%sが判断する", "For the %s"), by_default));
        const char *decision = m ? asx_judgment_decision_label(j->key, m->yes, k->l) : ASX_TR(k->l, "未了", "Outstanding");
        /* paper: the subject and the clause with the judgment, who and when in one cell */
        asx_buf what = {0};
        asx_buf_adds(&what, label);
        if (j->subject)
            asx_buf_addf(&what, ASX_TR(k->l, "「%s」", " \"%s\""), j->subject);
        if (j->subject && (j->country || j->role))
            asx_buf_addf(&what, "\n%s%s%s", nz(j->country), j->country && j->role ? " / " : "", nz(j->role));
        asx_buf_addf(&what, " (%s)", j->clause_local);
        asx_cell_text(doc, &p[0], keep(k, asx_buf_take(&what)));
        asx_cell_text(doc, &p[1], decision);
        p[1].tone = !m ? ASX_DOC_TONE_NEUTRAL : m->yes ? ASX_DOC_TONE_NONE : ASX_DOC_TONE_BAD;
        asx_cell_text(doc, &p[2], m && !j->required
                                      ? keep(k, asx_strdupf("%s%s%s", why, *why ? "\n" : "",
                                                            ASX_TR(k->l, "(この評価では必須でない判断)",
                                                                   "(not required by this assessment)")))
                                      : why);
        asx_cell_text(doc, &p[3], m ? keep(k, asx_strdupf("%s\n%s", m->by, date_text(k, m->date))) : "");
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
    return keep(k, asx_strdupf("%.0f", s->score * 100.0));
}

static const char *answer_text(pack *k, const asx_question *q, const asx_answer *x, const asx_qscore *s)
{
    if (!s->applicable && !x->present)
        return ASX_TR(k->l, "— (この評価では適用されない設問)", "— (does not apply to this assessment)");
    asx_buf b = {0};
    char *v = asx_answer_format(q, x, k->l);
    asx_buf_adds(&b, nz(v));
    free(v);
    if (x->present && x->comment && *x->comment)
        asx_buf_addf(&b, "\n%s%s", ASX_TR(k->l, "コメント: ", "Comment: "), x->comment);
    if (x->present && x->nevidence > 0) {
        asx_buf_addf(&b, "\n%s", ASX_TR(k->l, "根拠資料: ", "Evidence: "));
        for (size_t i = 0; i < x->nevidence; i++)
            asx_buf_addf(&b, "%s%s", i ? ASX_TR(k->l, "、", "; ") : "", x->evidence[i]);
    }
    return keep(k, b.s ? asx_buf_take(&b) : asx_strdup(""));
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
    line(k, part, ASX_TR(k->l, "評点は 0〜100 (100 が満点)。「対象外」は格付や前提の回答により適用されない設問、「該当なし」は該当なしと回答され評点から除いた設問。",
                         "Scores are 0-100 (100 is full marks). \"n/a\": the question does not apply to this "
                         "classification or earlier answers; \"N/A\": answered not applicable and left out of the score."),
         &NOTE);
    static const col_spec cols[] = {{"設問 [設問ID・根拠条項]", "Question [id, clause]", 4, 0, 0, false, ASX_DOC_SHADE_NONE},
                                    {"回答・コメント", "Answer and comment", 5, 0, 0, false, ASX_DOC_SHADE_NONE},
                                    {"評点", "Score", 1, 0, ASX_DOC_RIGHT, false, ASX_DOC_SHADE_NONE}};
    for (size_t s = 0; s < b->nsections; s++) {
        bool any = false;
        for (size_t i = 0; i < b->nquestions && !any; i++)
            any = b->questions[i].section == s;
        if (!any)
            continue;
        const asx_secscore *ss = &k->r->sections[s];
        const char *title = ss->counted ? keep(k, asx_strdupf(ASX_TR(k->l, "%s (%.1f 点)", "%s (%.1f)"),
                                                              asx_text_get(&b->sections[s].title, k->l), ss->score))
                                        : asx_text_get(&b->sections[s].title, k->l);
        asx_doc_heading_keep(doc, part, 2, title, 50);
        asx_block *t = table(k, part, cols, 3, NULL);
        for (size_t i = 0; i < b->nquestions; i++) {
            const asx_question *q = &b->questions[i];
            if (q->section != s)
                continue;
            asx_cell *row = asx_doc_row(doc, t);
            if (!row)
                return;
            asx_cell_text(doc, &row[0], keep(k, asx_strdupf("%s%s\n[%s・%s]", asx_text_get(&q->label, k->l),
                                                            q->required ? ASX_TR(k->l, " (必須)", " (required)") : "",
                                                            q->id, clauses_local(k, q))));
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
                     date_text(k, c->due));
    }
    return keep(k, asx_buf_take(&b));
}

static void register_sheet(pack *k)
{
    const asx_answers *a = k->a;
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    asx_block *part = asx_doc_part(doc, NULL, ASX_TR(k->l, "台帳", "Register"));
    asx_block_media(part, ASX_MEDIA_SHEET);
    static const col_spec cols[] = {
        {"サービス", "Service", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"事業者", "Vendor", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"法人番号", "Corporate number", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"格付け", "Classification", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"質問票", "Questionnaire", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"版", "Version", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"判定", "Verdict", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"点数", "Score", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"承認条件", "Conditions", 0, 60, 0, false, ASX_DOC_SHADE_NONE},
        {"許可権限者", "Approver", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"外部サービス管理者", "Service manager", 0, 8, 0, true, ASX_DOC_SHADE_NONE},
        {"承認日", "Approved on", 0, 12, 0, true, ASX_DOC_SHADE_NONE},
        {"次回見直し", "Next review", 0, 12, 0, true, ASX_DOC_SHADE_NONE},
        {"証跡の有効期限", "Evidence expiry", 0, 12, 0, true, ASX_DOC_SHADE_NONE}};
    asx_block *t = table(k, part, cols, 14, NULL);
    asx_block_sheet(t, ASX_DOC_SHEET_GRID, 0);
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
    sheet(&k);
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
