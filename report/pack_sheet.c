/* pack_sheet.c - page 1 of the approval pack: the 起案 sheet (see asx/pack.h), a paper part of the
 * pack's document: the request, the stamp row, the verdict and the decision boxes, the officer's
 * judgments, the conditions in short, and what follows the decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/util.h"
#include "pack_impl.h"

static bool outsourcing(const pack *k)
{
    return k->r->bank->documents.kind == ASX_BANK_OUTSOURCING;
}

/* ---- what the sheet says ---- */

const char *pack_verdict_summary(pack *k)
{
    const asx_result *r = k->r;
    switch (r->verdict) {
    case ASX_VERDICT_APPROVED:
        return ASX_TR(k->l, "評価基準を満たしており、利用を承認して差し支えない。",
                 "The service meets the criteria and may be approved for use.");
    case ASX_VERDICT_CONDITIONAL:
        return pack_keep(k, asx_strdupf(ASX_TR(k->l, "下記の条件 %zu 件を契約条件とすることを前提に、利用を承認して差し支えない。",
                                          r->nconditions == 1 ? "The service may be approved on the condition below being "
                                                                "made a term of the contract."
                                                              : "The service may be approved on the %zu conditions below "
                                                                "being made terms of the contract."),
                                        r->nconditions));
    case ASX_VERDICT_REJECTED:
        if (r->count[ASX_SEV_KNOCKOUT])
            return pack_keep(k, asx_strdupf(ASX_TR(k->l, "選定条件 (必須条件) を満たさない事項が %zu 件あるため、利用は認められない。",
                                              r->count[ASX_SEV_KNOCKOUT] == 1
                                                  ? "The service fails %zu mandatory condition and cannot be approved."
                                                  : "The service fails %zu mandatory conditions and cannot be approved."),
                                            r->count[ASX_SEV_KNOCKOUT]));
        return pack_keep(k, asx_strdupf(ASX_TR(k->l, "得点が条件付き承認の基準 (%g 点) に達しないため、利用は認められない。",
                                          "The score is below the conditional threshold (%g) and the service cannot "
                                          "be approved."),
                                        r->policy->conditional_threshold));
    case ASX_VERDICT_INCOMPLETE:
        /* say which: unanswered questions, contradictory answers, or both (never 「0 件が未回答」) */
        if (r->ncontradictions && !r->nunanswered)
            return pack_keep(k, asx_strdupf(ASX_TR(k->l, "回答の矛盾 (%zu 件) があるため判定できない。事業者に回答の訂正を求めたうえで再評価すること。",
                                                  "%zu contradiction(s) between the answers: ask the vendor to correct "
                                                  "them and assess again."),
                                            r->ncontradictions));
        if (r->ncontradictions)
            return pack_keep(k, asx_strdupf(ASX_TR(k->l, "必須質問 %zu 件が未回答で、回答の矛盾 (%zu 件) もあるため判定できない。事業者に回答と訂正を求めたうえで再評価すること。",
                                                  "%zu required question(s) unanswered and %zu contradiction(s) between "
                                                  "the answers: ask the vendor and assess again."),
                                            r->nunanswered, r->ncontradictions));
        return pack_keep(k, asx_strdupf(ASX_TR(k->l, "必須質問 %zu 件が未回答のため判定できない。事業者に回答を求めたうえで再評価すること。",
                                          r->nunanswered == 1
                                              ? "%zu required question is unanswered: ask the vendor and assess again."
                                              : "%zu required questions are unanswered: ask the vendor and assess again."),
                                        r->nunanswered));
    case ASX_VERDICT_PENDING:
        return pack_keep(k, asx_strdupf(ASX_TR(k->l, "審査における判断 %zu 件が未了のため決定できない。判断を記録したうえで決裁に付すこと。",
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
    const char *subj = j->subject ? pack_keep(k, asx_strdupf(ASX_TR(k->l, "「%s」", " \"%s\""), j->subject)) : "";
    const char *cl = j->clause_local;
    if (!j->made)
        return pack_keep(k, asx_strdupf(ASX_TR(k->l, "・%s%s (%s): 未了 — %sが判断する", "- %s%s (%s): outstanding — for the %s"),
                                        label, subj, cl, ASX_TR(k->l, j->by_default, j->by_default_en)));
    /* the sheet says who decided what and when; the reasons are in the 別紙 */
    const asx_judgment *m = j->made;
    return pack_keep(k, asx_strdupf(ASX_TR(k->l, "・%s%s (%s): %s (%s、%s)", "- %s%s (%s): %s (%s, %s)"), label, subj, cl,
                                    asx_judgment_decision_label(j->key, m->yes, k->l), pack_glue(k, m->by), pack_date(k, m->date)));
}

/* ---- page 1: the 起案 sheet ---- */

static const char *subject(pack *k)
{
    if (outsourcing(k))
        return pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s (%s) への業務委託について (伺い)",
                                          "Outsourcing to %s (%s): request for decision"),
                                        k->a->service_name, k->a->vendor_name));
    return pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s (%s) の利用について (伺い)", "Use of %s (%s): request for decision"),
                                    k->a->service_name, k->a->vendor_name));
}

/* The name printed under a stamp column: the options name the four roles of the default block. */
static const char *column_name(pack *k, const char *col)
{
    const asx_pack_opts *o = k->o;
    if (strcmp(col, "許可権限者") == 0)
        return pack_glue(k, o->approver);
    if (strcmp(col, "情報セキュリティ責任者") == 0)
        return pack_glue(k, o->security_officer);
    if (strcmp(col, "情報セキュリティ管理者") == 0)
        return pack_glue(k, o->security_manager);
    if (strcmp(col, "起案者") == 0)
        return pack_glue(k, o->requester);
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
        names[0] = pack_glue(k, k->o->approver);
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
        pack_line(k, sh, judgment_line(k, &r->judgments[i]), &PACK_SUB_SMALL);
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
        pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "条件%zu　%s (%s)　履行期限 %s", "Condition %zu: %s (%s), due %s"), c->n,
                                                  what, nz(f->clause_local), pack_date(k, c->due))),
                  &PACK_SUB);
    }
    if (shown < r->nconditions)
        pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "ほか %zu 件 (別紙「承認の条件と指摘事項」のとおり)",
                                                     "and %zu more (see the annex, conditions and findings)"),
                                                  r->nconditions - shown)),
                  &PACK_SUB);
}

/* An approval's consequence: the designation of the managers (or, for outsourcing, who checks
 * the contractor). */
static void sheet_designation(pack *k, asx_block *sh)
{
    const asx_result *r = k->r;
    const asx_pack_opts *o = k->o;
    const char *blank = ASX_TR(k->l, "＿＿＿＿＿＿＿＿＿＿", "____________________");
    const char *next = r->has_next_review ? pack_date(k, r->next_review) : "—";
    if (outsourcing(k)) {
        /* 11-1 is the 情報システム管理者's selection of a contractor: no 外部サービス管理者 is
         * designated and nothing becomes an 承認済み外部サービス (SPEC v3 §8.2) */
        asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "委託事業者の確認", "Oversight of the contractor"), 40);
        pack_kv_text(k, pack_kv_block(k, sh, 150), ASX_TR(k->l, "確認の担当", "Checked by"),
                     o->manager && *o->manager ? pack_glue(k, o->manager) : blank);
        pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "選定した場合は、情報システム管理者が、委託事業者において必要なセキュリティ対策が確保されていることを定期的に確認し (%s)、次回再評価期限 (%s) までに再評価する。",
                                                     "Once selected, the information system manager checks regularly that the "
                                                     "contractor keeps the security measures needed (%s), and assesses again by %s."),
                                                  r->manager_cite.clause_local, next)),
                  &PACK_SUB);
        return;
    }
    asx_doc_heading_keep(k->doc, sh, 2, ASX_TR(k->l, "管理者の指名", "Designation"), 40);
    const char *clause = r->manager_cite.clause_local;
    const char *mgr = o->manager && *o->manager ? pack_glue(k, o->manager) : blank;
    asx_block *kv = pack_kv_block(k, sh, 150);
    pack_kv_text(k, kv, ASX_TR(k->l, "外部サービス管理者", "External service manager"),
                 clause ? pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s\n(承認した場合、%s %s により指名する)", "%s\n(designated on approval under %s %s)"),
                                              mgr, pack_std_label(k), clause))
                        : mgr);
    if (o->cloud_manager && *o->cloud_manager)
        pack_kv_text(k, kv, ASX_TR(k->l, "クラウドサービス管理者", "Cloud service manager"), pack_glue(k, o->cloud_manager));
    pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "承認した場合は、承認済み外部サービスとして記録し、次回再評価期限の%sまでに再評価する。",
                                                 "On approval the service is recorded as an approved external "
                                                 "service and assessed again by %s."),
                                              next)),
              &PACK_SUB);
}

/* A heading of the sheet (kept with 40 pt) and its first sub-line. */
static void heading_line(pack *k, asx_block *sh, const char *heading, const char *text)
{
    asx_doc_heading_keep(k->doc, sh, 2, heading, 40);
    pack_line(k, sh, text, &PACK_SUB);
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
        heading_line(k, sh, ASX_TR(k->l, "不承認の理由", "Why the service may not be used"),
                     ASX_TR(k->l, "本サービスは利用できない。理由は次のとおり。", "The service may not be used, for these reasons:"));
        size_t shown = 0;
        for (size_t i = 0; i < r->nfindings && shown < 8; i++) {
            const asx_finding *f = &r->findings[i];
            if (f->severity != ASX_SEV_KNOCKOUT && r->count[ASX_SEV_KNOCKOUT])
                continue;
            if (f->severity == ASX_SEV_INFO)
                continue;
            shown++;
            pack_line(k, sh, pack_keep(k, asx_strdupf("・%s (%s)", f->q ? asx_text_get(&f->q->label, k->l) : asx_finding_msg(f, k->l),
                                                      nz(f->clause_local))),
                      &PACK_SUB);
        }
        if (!r->count[ASX_SEV_KNOCKOUT])
            pack_line(k, sh, pack_verdict_summary(k), &PACK_SUB);
        break;
    }
    case ASX_VERDICT_INCOMPLETE:
        heading_line(k, sh, ASX_TR(k->l, "事業者に求める回答 (差戻し)", "What the vendor must supply (returned)"),
                     ASX_TR(k->l, "次の事項について、事業者に回答 (または矛盾のない回答) を求め、提出を受けたうえで再評価する。",
                            "Ask the vendor for these answers (or answers that do not contradict each other) "
                            "and assess again once they are supplied:"));
        for (size_t i = 0; i < r->nunanswered && i < 12; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            pack_line(k, sh, pack_keep(k, asx_strdupf("・%s (%s)", asx_text_get(&q->label, k->l), pack_clauses(k, q))), &PACK_SUB);
        }
        if (r->nunanswered > 12)
            pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "ほか %zu 件 (別紙のとおり)", "and %zu more (see the annex)"),
                                                      r->nunanswered - 12)),
                      &PACK_SUB);
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            if (!f->q && f->severity != ASX_SEV_INFO) /* the contradictions: no question of their own */
                pack_line(k, sh, pack_keep(k, asx_strdupf("・%s", asx_finding_msg(f, k->l))), &PACK_SUB);
        }
        break;
    case ASX_VERDICT_PENDING:
        /* the judgments outstanding are listed by sheet_judgments; nothing is decided yet */
        heading_line(k, sh, ASX_TR(k->l, "審査未了", "Pending"),
                     ASX_TR(k->l, "上記「審査における判断」の未了の判断を、定められた者が記録するまで、利用の可否は決定しない。",
                            "No decision on use is taken until the outstanding judgments above are recorded by "
                            "those the standard names."));
        break;
    }
}

void pack_sheet(pack *k)
{
    const asx_pack_opts *o = k->o;
    const asx_result *r = k->r;
    asx_doc *doc = k->doc;
    asx_block *sh = asx_doc_part(doc, NULL, NULL);
    asx_block_media(sh, ASX_MEDIA_PAPER);
    const char *org = r->policy->organization && *r->policy->organization ? r->policy->organization : NULL;
    asx_doc_title(doc, sh, ASX_TR(k->l, "起 案 用 紙", "Request for decision"), org);
    asx_block *kv = pack_kv_block(k, sh, 110);
    pack_kv_text(k, kv, ASX_TR(k->l, "文書番号", "Document number"), o->doc_number);
    pack_kv_text(k, kv, ASX_TR(k->l, "起案日", "Drafted on"), pack_date(k, r->decided_on));
    pack_kv_text(k, kv, ASX_TR(k->l, "所属", "Section"), o->section);
    pack_kv_text(k, kv, ASX_TR(k->l, "起案者", "Drafted by"), pack_glue(k, o->requester));
    pack_kv_text(k, kv, ASX_TR(k->l, "件名", "Subject"), subject(k));
    asx_doc_heading_keep(doc, sh, 2, ASX_TR(k->l, "決裁欄", "Approval"), 170);
    stamp_row(k, sh);

    pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "標記について、別紙「%s」のとおり審査した結果、下記のとおり決定してよろしいか伺います。",
                                                 "The service was assessed as set out in the annex (%s). We ask for a "
                                                 "decision as follows."),
                                              pack_title(k))),
              &(asx_doc_look){.size = 10.0f, .after = 4});
    pack_line(k, sh, ASX_TR(k->l, "記", "Details"), &(asx_doc_look){.size = 10.0f, .align = ASX_DOC_CENTER});
    asx_doc_heading_keep(doc, sh, 2, ASX_TR(k->l, "審査結果", "Assessment"), 40);
    pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "%s (%.1f 点)。%s", "%s (score %.1f). %s"), asx_result_verdict_label(r, k->l),
                                              r->score, pack_verdict_summary(k))),
              &PACK_SUB);
    static const asx_verdict offered[] = {ASX_VERDICT_APPROVED, ASX_VERDICT_CONDITIONAL, ASX_VERDICT_REJECTED};
    asx_doc_decision(doc, sh, offered, 3, r->verdict);
    asx_block_tight(asx_doc_last(sh));
    if (r->verdict == ASX_VERDICT_INCOMPLETE)
        pack_line(k, sh, r->ncontradictions ? ASX_TR(k->l, "(回答の矛盾のため差戻し。上記のいずれにも当たらない)",
                                                     "(returned for correction: none of the above yet)")
                                            : ASX_TR(k->l, "(回答不足のため差戻し。上記のいずれにも当たらない)",
                                                     "(returned for completion: none of the above yet)"),
                  &PACK_SUB);
    if (r->verdict == ASX_VERDICT_PENDING)
        pack_line(k, sh, ASX_TR(k->l, "(審査未了: 判断待ち。上記のいずれにも当たらない)", "(pending the officer's judgments: none of the above yet)"),
                  &PACK_SUB);
    sheet_judgments(k, sh);
    sheet_conditions(k, sh);
    sheet_consequence(k, sh);
    pack_line(k, sh, pack_keep(k, asx_strdupf(ASX_TR(k->l, "別紙: %s (%s、%s)", "Annex: %s (%s, %s)"), pack_title(k),
                                              k->a->service_name, k->a->vendor_name)),
              &(asx_doc_look){.size = 8.0f, .tone = ASX_DOC_TONE_NEUTRAL, .before = 6});
}
