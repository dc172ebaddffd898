/* pack_pdf.c - the PDF approval pack: what an approver reads before stamping the 決裁欄. */
#include "asx/pack_pdf.h"

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
#define T(k, ja, en) ((k)->l == ASX_LANG_EN ? (en) : (ja))

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

static const asx_question *question(const pack *k, const char *id)
{
    return asx_bank_find(k->r->bank, id);
}

static const asx_answer *answer_of(const pack *k, const asx_question *q)
{
    return &k->a->a[q->index];
}

/* The formatted answer to question id, or NULL when the bank has no such question. */
static const char *fact(pack *k, const char *id)
{
    const asx_question *q = question(k, id);
    if (!q)
        return NULL;
    if (!asx_question_applies(q, k->a))
        return T(k, "対象外", "not applicable");
    return keep(k, asx_answer_format(q, answer_of(k, q), k->l));
}

static char *clauses_of(const asx_question *q)
{
    asx_buf b = {0};
    for (size_t i = 0; i < q->nclauses; i++) {
        if (i)
            asx_buf_adds(&b, ", ");
        asx_buf_adds(&b, q->clauses[i]);
    }
    if (!b.s)
        return asx_strdup("");
    return asx_buf_take(&b);
}

/* ---- the parts of the pack ---- */

static const char *pack_title(const pack *k)
{
    const char *clause = k->r->bank->clause ? k->r->bank->clause : "";
    if (strcmp(clause, "11-1") == 0)
        return T(k, "業務委託 審査資料", "Outsourcing assessment pack");
    return T(k, "外部サービス利用 審査資料", "External service assessment pack");
}

static const char *manager_clause(const pack *k)
{
    const char *clause = k->r->bank->clause ? k->r->bank->clause : "";
    if (strcmp(clause, "11-2") == 0)
        return "11-2(4)③";
    if (strcmp(clause, "11-3") == 0)
        return "11-3(2)①";
    return NULL;
}

static const char *verdict_summary(pack *k)
{
    const asx_result *r = k->r;
    switch (r->verdict) {
    case ASX_VERDICT_APPROVED:
        return T(k, "評価基準を満たしており、利用を承認して差し支えない。",
                 "The service meets the criteria and may be approved for use.");
    case ASX_VERDICT_CONDITIONAL:
        return keep(k, asx_strdupf(T(k, "下記の条件 %zu 件を契約条件とすることを前提に、利用を承認して差し支えない。",
                                     "The service may be approved on the %zu conditions below being made "
                                     "terms of the contract."),
                                   r->count[ASX_SEV_MAJOR] + r->count[ASX_SEV_MINOR]));
    case ASX_VERDICT_REJECTED:
        if (r->count[ASX_SEV_KNOCKOUT])
            return keep(k, asx_strdupf(T(k, "必須条件違反が %zu 件あるため、利用は認められない。",
                                         "The service fails %zu mandatory condition(s) and cannot be approved."),
                                       r->count[ASX_SEV_KNOCKOUT]));
        return keep(k, asx_strdupf(T(k, "得点が条件付き承認の基準 (%g 点) に達しないため、利用は認められない。",
                                     "The score is below the conditional threshold (%g) and the service cannot "
                                     "be approved."),
                                   r->policy->conditional_threshold));
    case ASX_VERDICT_INCOMPLETE:
        return keep(k, asx_strdupf(T(k, "必須質問 %zu 件が未回答のため判定できない。回答を求めたうえで再評価すること。",
                                     "%zu required question(s) are unanswered: ask for the answers and assess "
                                     "again."),
                                   r->nunanswered));
    }
    return "";
}

static void cover(pack *k)
{
    const asx_answers *a = k->a;
    const asx_result *r = k->r;
    asx_pdf *p = k->p;
    char date[64], made[64], review[64], cls[96];
    asx_date_format(a->date, k->l, date, sizeof date);
    asx_date_format(k->o->date, k->l, made, sizeof made);
    asx_date_format(asx_date_add_months(k->o->date, r->policy->review_interval_months), k->l, review,
                    sizeof review);
    asx_class_format(a->cls, k->l, cls, sizeof cls);

    const char *org = r->policy->organization && *r->policy->organization ? r->policy->organization : NULL;
    const char *sub = keep(k, asx_strdupf(T(k, "%s%s情報セキュリティ対策基準 %s に基づく評価",
                                            "%s%sAssessment under clause %s of the information security standards"),
                                          org ? org : "", org ? T(k, " ", " — ") : "",
                                          r->bank->clause ? r->bank->clause : ""));
    asx_pdf_title(p, pack_title(k), sub);

    char score[64];
    snprintf(score, sizeof score, T(k, "%.1f 点 / 100", "score %.1f / 100"), r->score);
    asx_pdf_badge(p, asx_verdict_label(r->verdict, k->l), asx_pdf_verdict_tone(r->verdict), score, 0);
    asx_pdf_style st = {.size = 10.5f, .bold = true, .color = asx_pdf_verdict_tone(r->verdict)};
    asx_pdf_paragraph(p, verdict_summary(k), &st);
    asx_pdf_space(p, 8);

    const char *keys[16], *vals[16];
    size_t n = 0;
    keys[n] = T(k, "対象サービス", "Service");
    vals[n++] = keep(k, a->service_model && *a->service_model
                            ? asx_strdupf("%s (%s)", a->service_name, a->service_model)
                            : asx_strdup(a->service_name));
    keys[n] = T(k, "事業者", "Vendor");
    vals[n++] = keep(k, a->vendor_country ? asx_strdupf("%s (%s)", a->vendor_name,
                                                        asx_country_name(a->vendor_country, k->l))
                                          : asx_strdup(a->vendor_name));
    keys[n] = T(k, "法人番号", "Corporate number");
    vals[n++] = a->corporate_number ? a->corporate_number : T(k, "— (国外事業者等)", "— (none given)");
    keys[n] = T(k, "取り扱う情報の格付", "Classification of the information");
    vals[n++] = cls;
    keys[n] = T(k, "評価の目的", "Purpose");
    vals[n++] = asx_purpose_label(a->purpose, k->l);
    keys[n] = T(k, "質問票", "Questionnaire");
    vals[n++] = keep(k, asx_strdupf("%s (%s %s, %s %s)", asx_text_get(&r->bank->title, k->l), r->bank->id,
                                    r->bank->version, T(k, "対策基準", "clause"), r->bank->clause));
    keys[n] = T(k, "判定", "Verdict");
    vals[n++] = asx_verdict_label(r->verdict, k->l);
    keys[n] = T(k, "得点", "Score");
    vals[n++] = keep(k, asx_strdupf(T(k, "%.1f 点 (承認基準 %g 点以上、条件付き承認基準 %g 点以上)",
                                      "%.1f (approve at %g or more, conditional at %g or more)"),
                                    r->score, r->policy->approve_threshold, r->policy->conditional_threshold));
    keys[n] = T(k, "指摘事項", "Findings");
    vals[n++] = keep(k, asx_strdupf(T(k, "必須条件違反 %zu 件・重大 %zu 件・軽微 %zu 件・参考 %zu 件",
                                      "%zu knockout, %zu major, %zu minor, %zu info"),
                                    r->count[ASX_SEV_KNOCKOUT], r->count[ASX_SEV_MAJOR],
                                    r->count[ASX_SEV_MINOR], r->count[ASX_SEV_INFO]));
    keys[n] = T(k, "回答日 (評価日)", "Assessment date");
    vals[n++] = date;
    keys[n] = T(k, "資料作成日", "Pack date");
    vals[n++] = made;
    keys[n] = T(k, "次回再評価期限", "Next review due");
    vals[n++] = keep(k, asx_strdupf(T(k, "%s (%d か月ごと、対策基準 11-1(3)・12-1(4))",
                                      "%s (every %d months, clauses 11-1(3), 12-1(4))"),
                                    review, r->policy->review_interval_months));
    if (org) {
        keys[n] = T(k, "組織", "Organisation");
        vals[n++] = org;
    }
    asx_pdf_kv(p, keys, vals, n, 0);
}

static void key_facts(pack *k)
{
    struct {
        const char *ja, *en, *id;
    } rows[] = {
        {"データの保管国", "Data stored in", "loc.storage_countries"},
        {"データの処理国 (運用・保守を含む)", "Data processed in (incl. operations)", "loc.processing_countries"},
        {"バックアップの保管国", "Backups kept in", "bak.location_countries"},
        {"準拠法", "Governing law", "law.governing_law"},
        {"合意管轄裁判所の所在国", "Court of jurisdiction", "law.jurisdiction"},
        {"外国法による開示要求のおそれ", "Exposure to foreign disclosure laws", "law.foreign_access_exposure"},
        {"SLA 稼働率 (月間)", "SLA availability (monthly)", "sla.availability_percent"},
        {"インシデント通知 (検知から)", "Incident notification (from detection)", "sla.incident_notification_hours"},
        {"RPO (目標復旧時点)", "RPO", "bak.rpo_hours"},
        {"RTO (目標復旧時間)", "RTO", "bak.rto_hours"},
        {"再委託の有無", "Subcontracting", "sub.uses_subcontractors"},
        {"再委託先", "Subcontractors", "sub.list"},
        {"再委託の事前承認", "Prior approval of subcontracting", "sub.prior_approval"},
        {"ISMAP 登録", "ISMAP registration", "cert.ismap"},
        {"ISO/IEC 27001 認証", "ISO/IEC 27001", "cert.iso27001"},
        {"認証の有効期限 (最も早いもの)", "Earliest certificate expiry", "cert.expiry"},
        {"終了時のデータ返却", "Data returned at the end", "exit.data_return"},
        {"返却データの形式", "Format of returned data", "exit.data_format"},
        {"全複製 (バックアップ含む) の消去", "Deletion of every copy incl. backups", "exit.deletion_all_copies"},
        {"消去の方法", "Deletion method", "exit.deletion_method"},
        {"消去証明書の発行", "Certificate of deletion", "exit.deletion_certificate"},
    };
    const size_t max = sizeof rows / sizeof rows[0];
    const char *keys[sizeof rows / sizeof rows[0]], *vals[sizeof rows / sizeof rows[0]];
    size_t n = 0;
    asx_class cls = k->a->cls;
    for (size_t i = 0; i < max; i++) {
        const asx_question *q = question(k, rows[i].id);
        const char *v = fact(k, rows[i].id);
        if (!v)
            continue;
        double thr = 0;
        if (q && q->type == ASX_Q_NUMBER && asx_question_threshold(q, k->r->policy, &cls, &thr)) {
            const char *unit = asx_text_get(&q->unit, k->l);
            if (k->l == ASX_LANG_EN)
                v = keep(k, asx_strdupf("%s (policy: %s %g %s)", v,
                                        q->higher_better ? "at least" : "at most", thr, unit));
            else
                v = keep(k, asx_strdupf("%s (基準: %g %s%s)", v, thr, unit,
                                        q->higher_better ? " 以上" : " 以内"));
        }
        keys[n] = T(k, rows[i].ja, rows[i].en);
        vals[n++] = v;
    }
    if (n == 0)
        return;
    asx_pdf_heading(k->p, 1, T(k, "主要事項", "Key facts"), 0);
    asx_pdf_kv(k->p, keys, vals, n, 0);
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
    asx_pdf_heading(k->p, 1, T(k, "区分別の評価", "Scores by section"), 140);
    asx_pdf_bar_chart(k->p, labels, values, b->nsections, k->r->policy->approve_threshold,
                      k->r->policy->conditional_threshold);
    asx_pdf_style note = {.size = 7.5f, .color = ASX_PDF_TONE_NEUTRAL};
    asx_pdf_paragraph(k->p, keep(k, asx_strdupf(T(k, "破線: 承認基準 %g 点 (緑)・条件付き承認基準 %g 点 (橙)。「—」は対象となる設問がない区分。",
                                                  "Dashed lines: approve threshold %g (green), conditional threshold %g "
                                                  "(amber). \"—\": no applicable question in the section."),
                                                k->r->policy->approve_threshold,
                                                k->r->policy->conditional_threshold)),
                      &note);
done:
    free(labels);
    free(values);
}

static void findings(pack *k)
{
    const asx_result *r = k->r;
    static const asx_severity order[] = {ASX_SEV_KNOCKOUT, ASX_SEV_MAJOR, ASX_SEV_MINOR, ASX_SEV_INFO};
    bool conditional = r->verdict == ASX_VERDICT_CONDITIONAL;
    asx_pdf_heading(k->p, 1, conditional ? T(k, "承認の条件と指摘事項", "Conditions of approval and findings")
                                         : T(k, "指摘事項", "Findings"),
                    0);
    if (r->nfindings == 0 && r->nunanswered == 0) {
        asx_pdf_paragraph(k->p, T(k, "指摘事項はありません。", "No findings."), NULL);
        return;
    }
    if (r->nfindings > 0) {
        asx_pdf_col cols[] = {{T(k, "番号", "No."), 1.1f, ASX_PDF_LEFT},
                              {T(k, "重要度", "Severity"), 1.3f, ASX_PDF_LEFT},
                              {T(k, "指摘事項と是正の条件", "Finding and remedy"), 6.0f, ASX_PDF_LEFT},
                              {T(k, "根拠条項", "Clause"), 1.6f, ASX_PDF_LEFT}};
        asx_pdf_table_begin(k->p, cols, 4);
        size_t cond = 0, num = 0;
        for (size_t s = 0; s < 4; s++) {
            for (size_t i = 0; i < r->nfindings; i++) {
                const asx_finding *f = &r->findings[i];
                if (f->severity != order[s])
                    continue;
                bool is_cond = conditional && (f->severity == ASX_SEV_MAJOR || f->severity == ASX_SEV_MINOR);
                const char *no = is_cond       ? keep(k, asx_strdupf(T(k, "条件%zu", "Cond. %zu"), ++cond))
                                 : conditional ? keep(k, asx_strdupf(T(k, "参考%zu", "Note %zu"), ++num))
                                               : keep(k, asx_strdupf("%zu", ++num));
                const char *msg = f->q ? keep(k, asx_strdupf("%s\n[%s %s]", asx_finding_msg(f, k->l),
                                                             asx_text_get(&f->q->label, k->l), f->q->id))
                                       : asx_finding_msg(f, k->l);
                const char *cells[] = {no, asx_severity_label(f->severity, k->l), msg,
                                       f->clause ? f->clause : ""};
                asx_pdf_tone tones[] = {ASX_PDF_TONE_NONE, asx_pdf_severity_tone(f->severity),
                                        ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE};
                asx_pdf_row(k->p, cells, tones);
            }
        }
        asx_pdf_table_end(k->p);
    }
    if (r->nunanswered > 0) {
        asx_pdf_heading(k->p, 2, T(k, "未回答の必須質問 (回答を求めて再評価すること)",
                                   "Required questions not answered (ask and assess again)"), 0);
        asx_pdf_col cols[] = {{T(k, "設問", "Question"), 5, ASX_PDF_LEFT},
                              {T(k, "設問ID", "Id"), 3, ASX_PDF_LEFT},
                              {T(k, "根拠条項", "Clause"), 2, ASX_PDF_LEFT}};
        asx_pdf_table_begin(k->p, cols, 3);
        for (size_t i = 0; i < r->nunanswered; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            const char *cells[] = {asx_text_get(&q->label, k->l), q->id, keep(k, clauses_of(q))};
            asx_pdf_row(k->p, cells, NULL);
        }
        asx_pdf_table_end(k->p);
    }
}

static const char *score_text(pack *k, const asx_qscore *s, asx_pdf_tone *tone)
{
    *tone = ASX_PDF_TONE_NONE;
    if (!s->applicable)
        return T(k, "対象外", "n/a");
    if (s->na)
        return T(k, "該当なし", "N/A");
    if (!s->answered) {
        *tone = ASX_PDF_TONE_NEUTRAL;
        return T(k, "未回答", "none");
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
        return T(k, "— (この評価では適用されない設問)", "— (does not apply to this assessment)");
    char *v = asx_answer_format(q, x, k->l);
    asx_buf_adds(&b, v ? v : "");
    free(v);
    if (x->present && x->comment && *x->comment)
        asx_buf_addf(&b, "\n%s%s", T(k, "コメント: ", "Comment: "), x->comment);
    if (x->present && x->nevidence > 0) {
        asx_buf_addf(&b, "\n%s", T(k, "根拠資料: ", "Evidence: "));
        for (size_t i = 0; i < x->nevidence; i++)
            asx_buf_addf(&b, "%s%s", i ? T(k, "、", "; ") : "", x->evidence[i]);
    }
    return keep(k, b.s ? asx_buf_take(&b) : asx_strdup(""));
}

static void questions(pack *k)
{
    const asx_bank *b = k->r->bank;
    asx_pdf_heading(k->p, 1, T(k, "設問別の回答と評点", "Every question: answer and score"), 0);
    asx_pdf_style note = {.size = 7.5f, .color = ASX_PDF_TONE_NEUTRAL};
    asx_pdf_paragraph(k->p, T(k, "評点は 0〜100 (100 が満点)。「対象外」は格付や前提の回答により適用されない設問、「該当なし」は該当なしと回答され評点から除いた設問。",
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
                                ? keep(k, asx_strdupf(T(k, "%s (%.1f 点)", "%s (%.1f)"),
                                                      asx_text_get(&b->sections[s].title, k->l), ss->score))
                                : asx_text_get(&b->sections[s].title, k->l);
        asx_pdf_heading(k->p, 2, title, 50);
        asx_pdf_col cols[] = {{T(k, "設問 [設問ID・根拠条項]", "Question [id, clause]"), 4, ASX_PDF_LEFT},
                              {T(k, "回答・コメント", "Answer and comment"), 5, ASX_PDF_LEFT},
                              {T(k, "評点", "Score"), 1, ASX_PDF_RIGHT}};
        asx_pdf_table_begin(k->p, cols, 3);
        for (size_t i = 0; i < b->nquestions; i++) {
            const asx_question *q = &b->questions[i];
            if (q->section != s)
                continue;
            asx_pdf_tone tone;
            const char *sc = score_text(k, &k->r->q[i], &tone);
            char *cl = clauses_of(q);
            const char *qtext = keep(k, asx_strdupf("%s%s\n[%s・%s]", asx_text_get(&q->label, k->l),
                                                    q->required ? T(k, " (必須)", " (required)") : "", q->id,
                                                    cl ? cl : ""));
            free(cl);
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

static void approval(pack *k)
{
    const asx_pack_opts *o = k->o;
    asx_pdf *p = k->p;
    asx_pdf_heading(p, 1, T(k, "決裁欄", "Approval"), 260);
    asx_pdf_paragraph(p, keep(k, asx_strdupf(T(k, "件名: %s (%s) の利用について", "Subject: use of %s (%s)"),
                                             k->a->service_name, k->a->vendor_name)),
                      NULL);
    asx_pdf_paragraph(p, keep(k, asx_strdupf(T(k, "審査結果: %s (%.1f 点)", "Assessment: %s (%.1f)"),
                                             asx_verdict_label(k->r->verdict, k->l), k->r->score)),
                      NULL);
    asx_pdf_style box = {.size = 10.5f};
    asx_pdf_space(p, 4);
    asx_pdf_paragraph(p, T(k, "決定:　□ 承認　　□ 条件付き承認 (上記の条件による)　　□ 否認　　□ 差戻し",
                           "Decision:  [ ] approved   [ ] approved on the conditions above   [ ] rejected   [ ] returned"),
                      &box);
    asx_pdf_space(p, 8);
    if (k->r->verdict == ASX_VERDICT_CONDITIONAL) {
        /* The conditions under the approver's eyes, where the stamp goes. */
        asx_pdf_style cs = {.size = 8.5f, .indent = 12};
        asx_pdf_paragraph(p, T(k, "承認の条件 (契約に定めること):", "Conditions of approval (to be written into the contract):"),
                          NULL);
        size_t cond = 0;
        for (size_t i = 0; i < k->r->nfindings; i++) {
            const asx_finding *f = &k->r->findings[i];
            if (f->severity != ASX_SEV_MAJOR && f->severity != ASX_SEV_MINOR)
                continue;
            asx_pdf_paragraph(p, keep(k, asx_strdupf(T(k, "条件%zu. %s", "Condition %zu. %s"), ++cond,
                                                     asx_finding_msg(f, k->l))),
                              &cs);
        }
        asx_pdf_space(p, 4);
    }
    const char *roles[] = {T(k, "起案者", "Requester"), T(k, "情報セキュリティ管理者", "Security manager"),
                           T(k, "情報セキュリティ責任者", "Security officer"), T(k, "許可権限者", "Approver")};
    const char *names[] = {o->requester, o->security_manager, o->security_officer, o->approver};
    asx_pdf_stamps(p, roles, names, 4);
    const char *clause = manager_clause(k);
    const char *mgr = o->manager && *o->manager ? o->manager : T(k, "＿＿＿＿＿＿＿＿＿＿", "____________________");
    const char *line = clause ? keep(k, asx_strdupf(T(k, "外部サービス管理者: %s (対策基準 %s により指名)",
                                                      "External service manager: %s (designated under clause %s)"),
                                                    mgr, clause))
                              : keep(k, asx_strdupf(T(k, "外部サービス管理者: %s", "External service manager: %s"), mgr));
    asx_pdf_style st = {.size = 10.5f, .bold = true};
    asx_pdf_paragraph(p, line, &st);
    asx_pdf_style small = {.size = 7.5f, .color = ASX_PDF_TONE_NEUTRAL};
    asx_pdf_space(p, 4);
    asx_pdf_paragraph(p, T(k, "承認した場合は承認済み外部サービスとして台帳に記録し (assess register add)、毎年度再評価すること。",
                           "When approved, record the service in the register of approved services (assess register add) "
                           "and re-assess it every year."),
                      &small);
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
    cover(&k);
    key_facts(&k);
    chart(&k);
    findings(&k);
    questions(&k);
    approval(&k);
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
    err = asx_pdf_save_in(p, o->set, path, o->force, d);
    asx_pdf_free(p);
    return err;
}
