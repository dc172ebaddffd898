/* pack_pdf.c - the PDF approval pack: what an approver reads before stamping the 決裁欄. */
#include "asx/pack_pdf.h"
#include "asx/pdf_widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/country.h"
#include "asx/util.h"

/* Everything one layout needs; strings made along the way are freed by the caller of the
 * helpers through the scratch list. */
typedef struct {
    asx_pdf *p;
    const asx_result *r;
    const asx_answers *a;
    const asx_pack_opts *o;
    asx_lang l;
    char **scratch; /* strings owned until the end of the build */
    size_t nscratch, capscratch;
    bool oom;
} pack;

/* The Japanese or the English literal by the pack's language (a macro, so that printf formats
 * stay checked). */

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

/* A person's name that is never broken between lines: its spaces become no-break spaces. */
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
            asx_buf_addf(&b, "%c", *s);
            s++;
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
    const char *c = k->r->q[q->index].cite.clause_local;
    return c ? c : "";
}

/* The condition a finding is, or NULL. */
static const asx_condition *condition_of(const pack *k, const asx_finding *f)
{
    for (size_t i = 0; i < k->r->nconditions; i++)
        if (k->r->conditions[i].finding == f)
            return &k->r->conditions[i];
    return NULL;
}

/* ---- the parts of the pack ---- */

static bool outsourcing(const pack *k)
{
    return k->r->bank->documents.kind == ASX_BANK_OUTSOURCING;
}

static const char *pack_title(const pack *k)
{
    return asx_text_get(&k->r->bank->documents.title, k->l);
}

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

/* The judgments on the 起案 sheet: made (who, when, conclusion) and outstanding. */
static void sheet_judgments(pack *k)
{
    const asx_result *r = k->r;
    if (!r->njudgments)
        return;
    /* small: the sheet must stay one page with the six-column stamp row, 合議 and conditions */
    asx_pdf_style it = {.size = 8.0f, .indent = 12};
    asx_pdf_heading(k->p, 2, r->nmissing ? ASX_TR(k->l, "審査における判断 (未了のものあり)", "The officer's judgments (some outstanding)")
                                         : ASX_TR(k->l, "審査における判断", "The officer's judgments"),
                    40);
    for (size_t i = 0; i < r->njudgments; i++)
        asx_pdf_paragraph(k->p, judgment_line(k, &r->judgments[i]), &it);
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

static void stamp_row(pack *k)
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
    asx_pdf_stamp_row(k->p, roles, names, n, (const char *const *)consult->v, consult->n);
}

static const char *decision_options(pack *k)
{
    static const asx_verdict order[] = {ASX_VERDICT_APPROVED, ASX_VERDICT_CONDITIONAL, ASX_VERDICT_REJECTED};
    asx_buf b = {0};
    asx_buf_adds(&b, ASX_TR(k->l, "決定: ", "Decision: "));
    for (size_t i = 0; i < 3; i++)
        asx_buf_addf(&b, "%s%s %s", i ? "　　" : "", k->r->verdict == order[i] ? "■" : "□",
                     asx_verdict_label(order[i], k->l));
    return keep(k, asx_buf_take(&b));
}

static void sheet_conditions(pack *k)
{
    const asx_result *r = k->r;
    asx_pdf_style it = {.size = 9.0f, .indent = 12};
    const size_t shown = r->nconditions > 10 ? 8 : r->nconditions;
    for (size_t i = 0; i < shown; i++) {
        const asx_condition *c = &r->conditions[i];
        const asx_finding *f = c->finding;
        const char *what = f->q ? asx_text_get(&f->q->label, k->l) : asx_finding_msg(f, k->l);
        asx_pdf_paragraph(k->p, keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu　%s (%s)　履行期限 %s", "Condition %zu: %s (%s), due %s"),
                                                    c->n, what, f->clause_local ? f->clause_local : "",
                                                    date_text(k, c->due))),
                          &it);
    }
    if (shown < r->nconditions)
        asx_pdf_paragraph(k->p, keep(k, asx_strdupf(ASX_TR(k->l, "ほか %zu 件 (別紙「承認の条件と指摘事項」のとおり)",
                                                      "and %zu more (see the annex, conditions and findings)"),
                                                    r->nconditions - shown)),
                          &it);
}

/* What follows the decision: the designation, or why the service may not be used, or what the
 * vendor must supply. */
static void sheet_consequence(pack *k)
{
    const asx_result *r = k->r;
    const asx_pack_opts *o = k->o;
    asx_pdf *p = k->p;
    asx_pdf_style it = {.size = 9.0f, .indent = 12};
    const char *blank = ASX_TR(k->l, "＿＿＿＿＿＿＿＿＿＿", "____________________");
    switch (r->verdict) {
    case ASX_VERDICT_APPROVED:
    case ASX_VERDICT_CONDITIONAL: {
        if (outsourcing(k)) {
            /* 11-1 is the 情報システム管理者's selection of a contractor: no 外部サービス管理者 is
             * designated and nothing becomes an 承認済み外部サービス (SPEC v3 §8.2) */
            asx_pdf_heading(p, 2, ASX_TR(k->l, "委託事業者の確認", "Oversight of the contractor"), 40);
            const char *key = ASX_TR(k->l, "確認の担当", "Checked by");
            const char *val = o->manager && *o->manager ? glue(k, o->manager) : blank;
            asx_pdf_kv(p, &key, &val, 1, 150);
            asx_pdf_paragraph(p, keep(k, asx_strdupf(ASX_TR(k->l, "選定した場合は、情報システム管理者が、委託事業者において必要なセキュリティ対策が確保されていることを定期的に確認し (%s)、次回再評価期限 (%s) までに再評価する。",
                                                       "Once selected, the information system manager checks regularly that the "
                                                       "contractor keeps the security measures needed (%s), and assesses again by %s."),
                                                     r->manager_cite.clause_local,
                                                     r->has_next_review ? date_text(k, r->next_review) : "—")),
                              &it);
            break;
        }
        asx_pdf_heading(p, 2, ASX_TR(k->l, "管理者の指名", "Designation"), 40);
        const char *clause = r->manager_cite.clause_local;
        const char *mgr = o->manager && *o->manager ? glue(k, o->manager) : blank;
        const char *keys[2], *vals[2];
        size_t n = 0;
        keys[n] = ASX_TR(k->l, "外部サービス管理者", "External service manager");
        vals[n++] = clause ? keep(k, asx_strdupf(ASX_TR(k->l, "%s\n(承認した場合、%s %s により指名する)",
                                                   "%s\n(designated on approval under %s %s)"),
                                                 mgr, std_label(k), clause))
                           : mgr;
        if (o->cloud_manager && *o->cloud_manager) {
            keys[n] = ASX_TR(k->l, "クラウドサービス管理者", "Cloud service manager");
            vals[n++] = glue(k, o->cloud_manager);
        }
        asx_pdf_kv(p, keys, vals, n, 150);
        asx_pdf_paragraph(p, keep(k, asx_strdupf(ASX_TR(k->l, "承認した場合は、承認済み外部サービスとして記録し、次回再評価期限の%sまでに再評価する。",
                                                   "On approval the service is recorded as an approved external "
                                                   "service and assessed again by %s."),
                                                 r->has_next_review ? date_text(k, r->next_review) : "—")),
                          &it);
        break;
    }
    case ASX_VERDICT_REJECTED: {
        asx_pdf_heading(p, 2, ASX_TR(k->l, "不承認の理由", "Why the service may not be used"), 40);
        asx_pdf_paragraph(p, ASX_TR(k->l, "本サービスは利用できない。理由は次のとおり。", "The service may not be used, for these reasons:"),
                          &it);
        size_t shown = 0;
        for (size_t i = 0; i < r->nfindings && shown < 8; i++) {
            const asx_finding *f = &r->findings[i];
            if (f->severity != ASX_SEV_KNOCKOUT && r->count[ASX_SEV_KNOCKOUT])
                continue;
            if (f->severity == ASX_SEV_INFO)
                continue;
            shown++;
            asx_pdf_paragraph(p, keep(k, asx_strdupf("・%s (%s)", f->q ? asx_text_get(&f->q->label, k->l) : asx_finding_msg(f, k->l),
                                                     f->clause_local ? f->clause_local : "")),
                              &it);
        }
        if (!r->count[ASX_SEV_KNOCKOUT])
            asx_pdf_paragraph(p, verdict_summary(k), &it);
        break;
    }
    case ASX_VERDICT_INCOMPLETE: {
        asx_pdf_heading(p, 2, ASX_TR(k->l, "事業者に求める回答 (差戻し)", "What the vendor must supply (returned)"), 40);
        asx_pdf_paragraph(p, ASX_TR(k->l, "次の事項について、事業者に回答 (または矛盾のない回答) を求め、提出を受けたうえで再評価する。",
                               "Ask the vendor for these answers (or answers that do not contradict each other) "
                               "and assess again once they are supplied:"),
                          &it);
        for (size_t i = 0; i < r->nunanswered && i < 12; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            asx_pdf_paragraph(p, keep(k, asx_strdupf("・%s (%s)", asx_text_get(&q->label, k->l), clauses_local(k, q))),
                              &it);
        }
        if (r->nunanswered > 12)
            asx_pdf_paragraph(p, keep(k, asx_strdupf(ASX_TR(k->l, "ほか %zu 件 (別紙のとおり)", "and %zu more (see the annex)"),
                                                     r->nunanswered - 12)),
                              &it);
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            if (f->q && f->severity != ASX_SEV_INFO)
                continue;
            if (f->severity == ASX_SEV_INFO)
                continue;
            asx_pdf_paragraph(p, keep(k, asx_strdupf("・%s", asx_finding_msg(f, k->l))), &it);
        }
        break;
    }
    case ASX_VERDICT_PENDING:
        /* the judgments outstanding are listed by sheet_judgments; nothing is decided yet */
        asx_pdf_heading(p, 2, ASX_TR(k->l, "審査未了", "Pending"), 40);
        asx_pdf_paragraph(p, ASX_TR(k->l, "上記「審査における判断」の未了の判断を、定められた者が記録するまで、利用の可否は決定しない。",
                               "No decision on use is taken until the outstanding judgments above are recorded by "
                               "those the standard names."),
                          &it);
        break;
    }
}

static void sheet(pack *k)
{
    const asx_pack_opts *o = k->o;
    const asx_result *r = k->r;
    asx_pdf *p = k->p;
    const char *org = r->policy->organization && *r->policy->organization ? r->policy->organization : NULL;
    asx_pdf_title(p, ASX_TR(k->l, "起 案 用 紙", "Request for decision"), org);
    const char *blank = "";
    const char *keys[6], *vals[6];
    size_t n = 0;
    keys[n] = ASX_TR(k->l, "文書番号", "Document number");
    vals[n++] = o->doc_number && *o->doc_number ? o->doc_number : blank;
    keys[n] = ASX_TR(k->l, "起案日", "Drafted on");
    vals[n++] = date_text(k, r->decided_on);
    keys[n] = ASX_TR(k->l, "所属", "Section");
    vals[n++] = o->section && *o->section ? o->section : blank;
    keys[n] = ASX_TR(k->l, "起案者", "Drafted by");
    vals[n++] = o->requester && *o->requester ? glue(k, o->requester) : blank;
    keys[n] = ASX_TR(k->l, "件名", "Subject");
    vals[n++] = subject(k);
    asx_pdf_kv(p, keys, vals, n, 110);
    asx_pdf_heading(p, 2, ASX_TR(k->l, "決裁欄", "Approval"), 170);
    stamp_row(k);

    asx_pdf_style body = {.size = 10.0f};
    asx_pdf_paragraph(p, keep(k, asx_strdupf(ASX_TR(k->l, "標記について、別紙「%s」のとおり審査した結果、下記のとおり決定してよろしいか伺います。",
                                               "The service was assessed as set out in the annex (%s). We ask for a "
                                               "decision as follows."),
                                             pack_title(k))),
                      &body);
    asx_pdf_space(p, 4);
    asx_pdf_style center = {.size = 10.0f, .align = ASX_PDF_CENTER};
    asx_pdf_paragraph(p, ASX_TR(k->l, "記", "Details"), &center);
    asx_pdf_heading(p, 2, ASX_TR(k->l, "審査結果", "Assessment"), 40);
    asx_pdf_style it = {.size = 9.0f, .indent = 12};
    asx_pdf_paragraph(p, keep(k, asx_strdupf(ASX_TR(k->l, "%s (%.1f 点)。%s", "%s (score %.1f). %s"),
                                             asx_result_verdict_label(r, k->l), r->score, verdict_summary(k))),
                      &it);
    asx_pdf_style opt = {.size = 11.0f, .bold = true, .indent = 12};
    asx_pdf_paragraph(p, decision_options(k), &opt);
    if (r->verdict == ASX_VERDICT_INCOMPLETE)
        asx_pdf_paragraph(p, r->ncontradictions
                                 ? ASX_TR(k->l, "(回答の矛盾のため差戻し。上記のいずれにも当たらない)",
                                          "(returned for correction: none of the above yet)")
                                 : ASX_TR(k->l, "(回答不足のため差戻し。上記のいずれにも当たらない)",
                                          "(returned for completion: none of the above yet)"),
                          &it);
    if (r->verdict == ASX_VERDICT_PENDING)
        asx_pdf_paragraph(p, ASX_TR(k->l, "(審査未了: 判断待ち。上記のいずれにも当たらない)",
                               "(pending the officer's judgments: none of the above yet)"),
                          &it);
    sheet_judgments(k);
    if (r->nconditions > 0) {
        asx_pdf_heading(p, 2, ASX_TR(k->l, "承認の条件 (契約に定め、期限までに履行を確認する)",
                                "Conditions (to be written into the contract and checked by the due date)"),
                        40);
        sheet_conditions(k);
    }
    sheet_consequence(k);
    asx_pdf_space(p, 6);
    asx_pdf_style small = {.size = 8.0f, .color = ASX_PDF_TONE_NEUTRAL};
    asx_pdf_paragraph(p, keep(k, asx_strdupf(ASX_TR(k->l, "別紙: %s (%s、%s)", "Annex: %s (%s, %s)"), pack_title(k),
                                             k->a->service_name, k->a->vendor_name)),
                      &small);
}

/* ---- the 別紙: the assessment ---- */

static void cover(pack *k)
{
    const asx_answers *a = k->a;
    const asx_result *r = k->r;
    asx_pdf *p = k->p;
    char cls[96];
    asx_class_format(a->cls, k->l, cls, sizeof cls);

    const char *org = r->policy->organization && *r->policy->organization ? r->policy->organization : NULL;
    const char *sub = keep(k, asx_strdupf(ASX_TR(k->l, "%s%s%s %s に基づく評価",
                                            "%s%sAssessment under %s %s of the information security standards"),
                                          org ? org : "", org ? ASX_TR(k->l, " ", " — ") : "", std_label(k),
                                          nz(r->bank_cite.clause_local)));
    asx_pdf_title(p, keep(k, asx_strdupf(ASX_TR(k->l, "別紙　%s", "Annex: %s"), pack_title(k))), sub);

    char score[64];
    snprintf(score, sizeof score, ASX_TR(k->l, "%.1f 点 / 100", "score %.1f / 100"), r->score);
    asx_pdf_badge(p, asx_result_verdict_label(r, k->l), asx_pdf_verdict_tone(r->verdict), score, 0);
    asx_pdf_style st = {.size = 10.5f, .bold = true, .color = asx_pdf_verdict_tone(r->verdict)};
    asx_pdf_paragraph(p, verdict_summary(k), &st);
    asx_pdf_space(p, 8);

    const char *keys[16], *vals[16];
    size_t n = 0;
    keys[n] = ASX_TR(k->l, "対象サービス", "Service");
    vals[n++] = keep(k, a->service_model && *a->service_model
                            ? asx_strdupf("%s (%s)", a->service_name, a->service_model)
                            : asx_strdup(a->service_name));
    keys[n] = ASX_TR(k->l, "事業者", "Vendor");
    vals[n++] = keep(k, a->vendor_country ? asx_strdupf("%s (%s)", a->vendor_name,
                                                        asx_country_name(a->vendor_country, k->l))
                                          : asx_strdup(a->vendor_name));
    keys[n] = ASX_TR(k->l, "法人番号", "Corporate number");
    vals[n++] = a->corporate_number ? a->corporate_number : ASX_TR(k->l, "— (国外事業者等)", "— (none given)");
    keys[n] = ASX_TR(k->l, "取り扱う情報の格付", "Classification of the information");
    vals[n++] = cls;
    keys[n] = ASX_TR(k->l, "評価の目的", "Purpose");
    vals[n++] = asx_purpose_label(a->purpose, k->l);
    keys[n] = ASX_TR(k->l, "質問票", "Questionnaire");
    vals[n++] = keep(k, asx_strdupf("%s (%s %s, %s %s)", asx_text_get(&r->bank->title, k->l), r->bank->id,
                                    r->bank->version, std_label(k), nz(r->bank_cite.clause_local)));
    keys[n] = ASX_TR(k->l, "判定", "Verdict");
    vals[n++] = asx_result_verdict_label(r, k->l);
    keys[n] = ASX_TR(k->l, "得点", "Score");
    vals[n++] = keep(k, asx_strdupf(ASX_TR(k->l, "%.1f 点 (承認基準 %g 点以上、条件付き承認基準 %g 点以上)",
                                      "%.1f (approve at %g or more, conditional at %g or more)"),
                                    r->score, r->policy->approve_threshold, r->policy->conditional_threshold));
    keys[n] = ASX_TR(k->l, "指摘事項", "Findings");
    vals[n++] = keep(k, asx_strdupf(ASX_TR(k->l, "必須条件違反 %zu 件・重大 %zu 件・軽微 %zu 件・参考 %zu 件",
                                      "knockout %zu, major %zu, minor %zu, info %zu"),
                                    r->count[ASX_SEV_KNOCKOUT], r->count[ASX_SEV_MAJOR],
                                    r->count[ASX_SEV_MINOR], r->count[ASX_SEV_INFO]));
    keys[n] = ASX_TR(k->l, "回答日", "Answered on");
    vals[n++] = date_text(k, a->date);
    keys[n] = ASX_TR(k->l, "判定日", "Decided on");
    vals[n++] = date_text(k, r->decided_on);
    keys[n] = ASX_TR(k->l, "次回再評価期限", "Next review due");
    vals[n++] = review_text(k);
    if (r->has_evidence_expiry) {
        keys[n] = ASX_TR(k->l, "根拠資料の有効期限", "Evidence valid until");
        vals[n++] = date_text(k, r->evidence_expiry);
    }
    asx_pdf_kv(p, keys, vals, n, 0);
}

static const char *field_label(pack *k, const char *key)
{
    if (strcmp(key, "name") == 0)
        return ASX_TR(k->l, "名称", "Name");
    if (strcmp(key, "country") == 0)
        return ASX_TR(k->l, "所在国", "Country");
    if (strcmp(key, "role") == 0)
        return ASX_TR(k->l, "役割", "Role");
    if (strcmp(key, "scheme") == 0)
        return ASX_TR(k->l, "制度", "Scheme");
    if (strcmp(key, "number") == 0)
        return ASX_TR(k->l, "登録番号", "Number");
    if (strcmp(key, "scope") == 0)
        return ASX_TR(k->l, "適用範囲", "Scope");
    if (strcmp(key, "expiry") == 0)
        return ASX_TR(k->l, "有効期限", "Expiry");
    return key;
}

/* A list answer (subcontractors, certificates) as a table: one row per item. */
static void list_table(pack *k, const asx_fact *f)
{
    const asx_question *q = f->q;
    const asx_answer *x = &k->a->a[q->index];
    if (!f->applicable || !x->present || x->nitems == 0 || q->nfields == 0)
        return;
    size_t nf = q->nfields < 11 ? q->nfields : 11;
    asx_pdf_col cols[12];
    cols[0] = (asx_pdf_col){ASX_TR(k->l, "番号", "No."), 0.6f, ASX_PDF_RIGHT};
    for (size_t c = 0; c < nf; c++)
        cols[c + 1] = (asx_pdf_col){field_label(k, q->fields[c].key),
                                    q->fields[c].type == ASX_Q_COUNTRY ? 1.2f : 3.0f, ASX_PDF_LEFT};
    asx_pdf_heading(k->p, 2, asx_text_get(&q->label, k->l), 0);
    asx_pdf_table_begin(k->p, cols, nf + 1);
    for (size_t i = 0; i < x->nitems; i++) {
        const char *cells[12];
        cells[0] = keep(k, asx_strdupf("%zu", i + 1));
        for (size_t c = 0; c < nf; c++) {
            const char *v = x->items[i].values ? x->items[i].values[c] : NULL;
            asx_date dt;
            if (v && q->fields[c].type == ASX_Q_COUNTRY)
                v = keep(k, asx_strdupf("%s (%s)", asx_country_name(v, k->l), v));
            else if (v && q->fields[c].type == ASX_Q_DATE && asx_date_parse(v, &dt))
                v = date_text(k, dt); /* the document's date style */
            cells[c + 1] = v ? v : "";
        }
        asx_pdf_row(k->p, cells, NULL);
    }
    asx_pdf_table_end(k->p);
}

static void key_facts(pack *k)
{
    const asx_result *r = k->r;
    if (r->nfacts == 0)
        return;
    const char **keys = calloc(r->nfacts, sizeof *keys), **vals = calloc(r->nfacts, sizeof *vals);
    if (!keys || !vals) {
        k->oom = true;
        goto done;
    }
    for (size_t i = 0; i < r->nfacts; i++) {
        const asx_fact *f = &r->facts[i];
        const char *v = asx_fact_value(f, k->l);
        if (f->q->type == ASX_Q_LIST && f->applicable && k->a->a[f->q->index].nitems > 0)
            v = keep(k, asx_strdupf(ASX_TR(k->l, "%zu 件 (下表のとおり)", k->a->a[f->q->index].nitems == 1 ? "%zu (table below)" : "%zu (table below)"),
                                    k->a->a[f->q->index].nitems));
        const char *norm = asx_fact_norm(f, k->l);
        if (norm)
            v = keep(k, asx_strdupf(ASX_TR(k->l, "%s (基準: %s)", "%s (policy: %s)"), v, norm));
        if (f->has_finding && f->worst != ASX_SEV_INFO)
            v = keep(k, asx_strdupf(ASX_TR(k->l, "%s　［指摘: %s］", "%s  [finding: %s]"), v, asx_severity_label(f->worst, k->l)));
        keys[i] = asx_text_get(&f->q->label, k->l);
        vals[i] = v;
    }
    asx_pdf_heading(k->p, 1, ASX_TR(k->l, "主要事項", "Key facts"), 0);
    asx_pdf_kv(k->p, keys, vals, r->nfacts, 0);
    for (size_t i = 0; i < r->nfacts; i++)
        if (r->facts[i].q->type == ASX_Q_LIST)
            list_table(k, &r->facts[i]);
done:
    free(keys);
    free(vals);
}

static void chart(pack *k)
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
    asx_pdf_heading(k->p, 1, ASX_TR(k->l, "区分別の評価", "Scores by section"), 0);
    asx_pdf_block_begin(k->p);
    asx_pdf_bar_chart(k->p, labels, values, b->nsections, k->r->policy->approve_threshold,
                      k->r->policy->conditional_threshold);
    asx_pdf_style note = {.size = 7.5f, .color = ASX_PDF_TONE_NEUTRAL};
    asx_pdf_paragraph(k->p, keep(k, asx_strdupf(ASX_TR(k->l, "破線: 承認基準 %g 点 (緑)・条件付き承認基準 %g 点 (橙)。「—」は対象となる設問がない区分。",
                                                  "Dashed lines: approve threshold %g (green), conditional threshold %g "
                                                  "(amber). \"—\": no applicable question in the section."),
                                                k->r->policy->approve_threshold,
                                                k->r->policy->conditional_threshold)),
                      &note);
    asx_pdf_block_end(k->p);
done:
    free(labels);
    free(values);
}

static void findings(pack *k)
{
    const asx_result *r = k->r;
    bool conditional = r->nconditions > 0;
    asx_pdf_heading(k->p, 1, conditional ? ASX_TR(k->l, "承認の条件と指摘事項", "Conditions of approval and findings")
                                         : ASX_TR(k->l, "指摘事項", "Findings"),
                    0);
    if (r->nfindings == 0 && r->nunanswered == 0) {
        asx_pdf_paragraph(k->p, ASX_TR(k->l, "指摘事項はありません。", "No findings."), NULL);
        return;
    }
    if (r->nfindings > 0) {
        asx_pdf_col cols[] = {{ASX_TR(k->l, "番号", "No."), 1.1f, ASX_PDF_LEFT},
                              {ASX_TR(k->l, "重要度", "Severity"), 1.3f, ASX_PDF_LEFT},
                              {ASX_TR(k->l, "指摘事項と是正の条件", "Finding and remedy"), 6.0f, ASX_PDF_LEFT},
                              {ASX_TR(k->l, "根拠条項", "Clause"), 1.6f, ASX_PDF_LEFT}};
        asx_pdf_table_begin(k->p, cols, 4);
        size_t num = 0;
        /* findings are ordered knockout, major, minor, info by the result */
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            const asx_condition *c = condition_of(k, f);
            const char *no = c             ? keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu", "Cond. %zu"), c->n))
                             : conditional ? keep(k, asx_strdupf(ASX_TR(k->l, "参考%zu", "Note %zu"), ++num))
                                           : keep(k, asx_strdupf("%zu", ++num));
            asx_buf b = {0};
            asx_buf_adds(&b, asx_finding_msg(f, k->l));
            if (c)
                asx_buf_addf(&b, ASX_TR(k->l, "\n履行期限: %s", "\nDue: %s"), date_text(k, c->due));
            if (f->q)
                asx_buf_addf(&b, "\n[%s %s]", asx_text_get(&f->q->label, k->l), f->q->id);
            if (f->override) /* SPEC v3 §8.1: every override is shown where its finding is */
                asx_buf_addf(&b, ASX_TR(k->l, "\n審査で重大度を変更: %s → %s (%s、%s、%s)",
                                        "\nSeverity changed by the review: %s → %s (%s, %s, %s)"),
                             asx_severity_label(f->original, k->l), asx_severity_label(f->severity, k->l),
                             f->override->reason, f->override->by, date_text(k, f->override->date));
            const char *msg = keep(k, asx_buf_take(&b));
            const char *cells[] = {no, asx_severity_label(f->severity, k->l), msg,
                                   f->clause_local ? f->clause_local : ""};
            asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, asx_pdf_severity_tone(f->severity),
                                    ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE};
            asx_pdf_row(k->p, cells, tones);
        }
        asx_pdf_table_end(k->p);
    }
    if (r->nunanswered > 0) {
        asx_pdf_heading(k->p, 2, ASX_TR(k->l, "未回答の必須質問 (回答を求めて再評価すること)",
                                   "Required questions not answered (ask and assess again)"), 0);
        asx_pdf_col cols[] = {{ASX_TR(k->l, "設問", "Question"), 5, ASX_PDF_LEFT},
                              {ASX_TR(k->l, "設問ID", "Id"), 3, ASX_PDF_LEFT},
                              {ASX_TR(k->l, "根拠条項", "Clause"), 2, ASX_PDF_LEFT}};
        asx_pdf_table_begin(k->p, cols, 3);
        for (size_t i = 0; i < r->nunanswered; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            const char *cells[] = {asx_text_get(&q->label, k->l), q->id, clauses_local(k, q)};
            asx_pdf_row(k->p, cells, NULL);
        }
        asx_pdf_table_end(k->p);
    }
}

/* 別紙「審査における判断」: each judgment the assessment requires (or that was recorded), with
 * the facts' clause, the decision, its reason and basis, who and when; or that it is outstanding. */
static void judgments(pack *k)
{
    const asx_result *r = k->r;
    if (!r->njudgments)
        return;
    asx_pdf_heading(k->p, 1, ASX_TR(k->l, "審査における判断", "The officer's judgments"), 0);
    asx_pdf_col cols[] = {{ASX_TR(k->l, "判断事項", "Judgment"), 3.0f, ASX_PDF_LEFT},
                          {ASX_TR(k->l, "判断", "Decision"), 1.6f, ASX_PDF_LEFT},
                          {ASX_TR(k->l, "理由・根拠", "Reason and basis"), 4.0f, ASX_PDF_LEFT},
                          {ASX_TR(k->l, "判断者・日付", "By, on"), 2.2f, ASX_PDF_LEFT}};
    asx_pdf_table_begin(k->p, cols, 4);
    for (size_t i = 0; i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        asx_buf what = {0}, why = {0};
        asx_buf_adds(&what, asx_judgment_key_label(j->key, k->l));
        if (j->subject)
            asx_buf_addf(&what, ASX_TR(k->l, "「%s」", " \"%s\""), j->subject);
        if (j->subject && (j->country || j->role))
            asx_buf_addf(&what, "\n%s%s%s", j->country ? j->country : "", j->country && j->role ? " / " : "",
                         j->role ? j->role : "");
        asx_buf_addf(&what, " (%s)", j->clause_local);
        const char *decision, *by;
        asx_pdf_tone tone = ASX_PDF_TONE_NONE;
        if (j->made) {
            const asx_judgment *m = j->made;
            decision = asx_judgment_decision_label(j->key, m->yes, k->l);
            if (!m->yes)
                tone = ASX_PDF_TONE_BAD;
            if (m->version)
                asx_buf_addf(&why, ASX_TR(k->l, "対象: %s\n", "Judged: %s\n"), m->version);
            if (m->reason)
                asx_buf_adds(&why, m->reason);
            for (size_t b = 0; b < m->nbasis; b++)
                asx_buf_addf(&why, ASX_TR(k->l, "%s根拠: %s", "%sBasis: %s"), why.len ? "\n" : "", m->basis[b]);
            if (!j->required)
                asx_buf_addf(&why, "%s%s", why.len ? "\n" : "",
                             ASX_TR(k->l, "(この評価では必須でない判断)", "(not required by this assessment)"));
            by = keep(k, asx_strdupf("%s\n%s", m->by, date_text(k, m->date)));
        } else {
            decision = ASX_TR(k->l, "未了", "Outstanding");
            tone = ASX_PDF_TONE_NEUTRAL;
            asx_buf_addf(&why, ASX_TR(k->l, "%sが判断する", "For the %s"), ASX_TR(k->l, j->by_default, j->by_default_en));
            by = "";
        }
        const char *cells[] = {keep(k, asx_buf_take(&what)), decision, keep(k, why.len ? asx_buf_take(&why) : asx_strdup("")),
                               by};
        asx_buf_free(&why);
        asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, tone, ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE};
        asx_pdf_row(k->p, cells, tones);
    }
    asx_pdf_table_end(k->p);
}

static const char *score_text(pack *k, const asx_qscore *s, asx_pdf_tone *tone)
{
    *tone = ASX_PDF_TONE_NONE;
    if (!s->applicable)
        return ASX_TR(k->l, "対象外", "n/a");
    if (s->na)
        return ASX_TR(k->l, "該当なし", "N/A");
    if (!s->answered) {
        *tone = ASX_PDF_TONE_NEUTRAL;
        return ASX_TR(k->l, "未回答", "none");
    }
    if (s->knockout)
        *tone = ASX_PDF_TONE_BAD;
    else if (s->score < 0.5)
        *tone = ASX_PDF_TONE_BAD;
    else if (s->score < 0.999)
        *tone = ASX_PDF_TONE_WARN;
    return keep(k, asx_strdupf("%.0f", s->score * 100.0));
}

static const char *answer_text(pack *k, const asx_question *q, const asx_answer *x,
                               const asx_qscore *s)
{
    asx_buf b = {0};
    if (!s->applicable && !x->present)
        return ASX_TR(k->l, "— (この評価では適用されない設問)", "— (does not apply to this assessment)");
    char *v = asx_answer_format(q, x, k->l);
    asx_buf_adds(&b, v ? v : "");
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

static void questions(pack *k)
{
    const asx_bank *b = k->r->bank;
    asx_pdf_heading(k->p, 1, ASX_TR(k->l, "設問別の回答と評点", "Every question: answer and score"), 0);
    asx_pdf_style note = {.size = 7.5f, .color = ASX_PDF_TONE_NEUTRAL};
    asx_pdf_paragraph(k->p, ASX_TR(k->l, "評点は 0〜100 (100 が満点)。「対象外」は格付や前提の回答により適用されない設問、「該当なし」は該当なしと回答され評点から除いた設問。",
                              "Scores are 0-100 (100 is full marks). \"n/a\": the question does not apply to this "
                              "classification or earlier answers; \"N/A\": answered not applicable and left out of the score."),
                      &note);
    for (size_t s = 0; s < b->nsections; s++) {
        bool any = false;
        for (size_t i = 0; i < b->nquestions && !any; i++)
            any = b->questions[i].section == s;
        if (!any)
            continue;
        const asx_secscore *ss = &k->r->sections[s];
        const char *title = ss->counted
                                ? keep(k, asx_strdupf(ASX_TR(k->l, "%s (%.1f 点)", "%s (%.1f)"),
                                                      asx_text_get(&b->sections[s].title, k->l), ss->score))
                                : asx_text_get(&b->sections[s].title, k->l);
        asx_pdf_heading(k->p, 2, title, 50);
        asx_pdf_col cols[] = {{ASX_TR(k->l, "設問 [設問ID・根拠条項]", "Question [id, clause]"), 4, ASX_PDF_LEFT},
                              {ASX_TR(k->l, "回答・コメント", "Answer and comment"), 5, ASX_PDF_LEFT},
                              {ASX_TR(k->l, "評点", "Score"), 1, ASX_PDF_RIGHT}};
        asx_pdf_table_begin(k->p, cols, 3);
        for (size_t i = 0; i < b->nquestions; i++) {
            const asx_question *q = &b->questions[i];
            if (q->section != s)
                continue;
            asx_pdf_tone tone;
            const char *sc = score_text(k, &k->r->q[i], &tone);
            const char *qtext = keep(k, asx_strdupf("%s%s\n[%s・%s]", asx_text_get(&q->label, k->l),
                                                    q->required ? ASX_TR(k->l, " (必須)", " (required)") : "", q->id,
                                                    clauses_local(k, q)));
            const char *cells[] = {qtext, answer_text(k, q, &k->a->a[i], &k->r->q[i]), sc};
            asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE, tone};
            asx_pdf_row(k->p, cells, tones);
        }
        asx_pdf_table_end(k->p);
        /* Strings of one section are no longer needed once laid out. */
        for (size_t i = 0; i < k->nscratch; i++)
            free(k->scratch[i]);
        k->nscratch = 0;
    }
}

asx_error asx_pdf_pack_build(const asx_result *r, const asx_pack_opts *o, const asx_font *font,
                             asx_pdf **out)
{
    pack k = {0};
    *out = NULL;
    k.r = r;
    k.a = r->answers;
    k.o = o;
    k.l = o->lang;
    k.p = asx_pdf_new(font, o->lang);
    if (!k.p)
        return ASX_ERR_NOMEM;
    const char *title = keep(&k, asx_strdupf("%s — %s", pack_title(&k), k.a->service_name));
    asx_pdf_set_info(k.p, title, k.a->vendor_name, o->date);
    asx_pdf_set_footer(k.p, keep(&k, asx_strdupf("%s %s (%s)", k.a->service_name, pack_title(&k),
                                                  k.a->vendor_name)));
    sheet(&k);
    asx_pdf_page_break(k.p);
    asx_pdf_set_annex(k.p, (size_t)asx_pdf_page_count(k.p));
    cover(&k);
    key_facts(&k);
    chart(&k);
    findings(&k);
    judgments(&k);
    questions(&k);
    for (size_t i = 0; i < k.nscratch; i++)
        free(k.scratch[i]);
    free(k.scratch);
    if (k.oom) {
        asx_pdf_free(k.p);
        return ASX_ERR_NOMEM;
    }
    *out = k.p;
    return ASX_OK;
}

asx_error asx_pdf_pack_write(const asx_result *r, const asx_pack_opts *o, const asx_font *font,
                             const char *path, asx_diags *d)
{
    asx_pdf *p = NULL;
    asx_error err = asx_pdf_pack_build(r, o, font, &p);
    if (err != ASX_OK) {
        asx_diags_addf(d, err, path, 0, 0, "%s", o->lang == ASX_LANG_EN ? "out of memory" : "メモリ不足");
        return err;
    }
    err = asx_pdf_save(p, o->set, path, o->force, d);
    asx_pdf_free(p);
    return err;
}
