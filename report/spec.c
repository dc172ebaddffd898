/* spec.c - the security section of the 調達仕様書 as DOCX and PDF (see procdocs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/docmodel.h"
#include "asx/io.h"
#include "asx/procdocs.h"
#include "asx/util.h"

static const char *org_name(const asx_policy *p, asx_lang l)
{
    return asx_policy_org_name(p, l);
}

/* The mark of an item that excludes a bidder: 〔選定条件〕 under 11-2, 〔必須〕 under 11-1, which
 * names no 選定条件 (the spec says which, s->mark). */
static const char *exclusion_mark(const asx_spec *s, asx_lang l)
{
    switch (s->mark) {
    case ASX_SPEC_MARK_SELECTION: return l == ASX_LANG_EN ? "[Selection condition] " : "〔選定条件〕";
    case ASX_SPEC_MARK_REQUIRED: return l == ASX_LANG_EN ? "[Required] " : "〔必須〕";
    case ASX_SPEC_MARK_NONE: return NULL;
    }
    return NULL;
}

static const char *evaluation_mark(asx_lang l)
{
    return l == ASX_LANG_EN ? "[Evaluated] " : "〔評価項目〕";
}

static void intro(asx_doc *doc, const asx_spec *s, const asx_procdoc_opts *o)
{
    asx_block *body = asx_doc_body(doc);
    asx_lang l = o->lang;
    char date[64], cls[64];
    asx_date_format(o->date, l, date, sizeof date);
    asx_class_format(s->cls, l, cls, sizeof cls);
    const char *clause = s->tender_clause ? s->tender_clause : "", *std = s->standard_name;
    const char *org = org_name(s->policy, l);
    char *t = NULL, *how = NULL;
    switch (s->mark) {
    case ASX_SPEC_MARK_NONE:
        t = l == ASX_LANG_EN
                ? asx_strdupf("Under clause %s of %s's information security standards, these are the "
                              "points the official applying to use a service on its published terms "
                              "(約款) checks in those terms and other conditions, for information "
                              "classified %s.", clause, org, cls)
                : asx_strdupf("本書は、%sの%s %s に基づき、約款による外部サービスの"
                              "利用を申請する職員等が、約款その他の提供条件から確認する事項を定めるもの"
                              "である。対象とする情報資産の分類は %s とする。", org, std, clause, cls);
        how = asx_strdup(l == ASX_LANG_EN
                             ? "Each item is checked in the terms: where one is not met, the official "
                               "judges whether the risk is acceptable or keeps the information concerned "
                               "out of the service."
                             : "各項目は約款等で確認し、満たさない場合は、そのリスクが許容できるか、"
                               "又は取り扱う情報を限るかを判断する。");
        break;
    case ASX_SPEC_MARK_SELECTION:
        t = l == ASX_LANG_EN
                ? asx_strdupf("These are the selection criteria, the selection conditions and the security "
                              "requirements that %s puts into the procurement specification under clause "
                              "%s of its information security standards, for information classified %s.",
                              org, clause, cls)
                : asx_strdupf("本書は、%sの%s %s に基づき、外部サービス提供者の選定基準及び"
                              "選定条件並びにセキュリティ要件を調達仕様として定めるものである。対象とする"
                              "情報資産の分類は %s とする。", org, std, clause, cls);
        how = asx_strdup(l == ASX_LANG_EN
                             ? "Items marked [Selection condition] are selection conditions: a bidder that "
                               "fails any of them is not selected. Items marked [Evaluated] ask the bidder "
                               "to show what it has; they are considered in the evaluation and are not "
                               "conditions. The other items are security requirements: they are evaluated, "
                               "and any not met must be put right by the contract. Items that begin "
                               "\"When …\" apply only in that case. How bids are evaluated is set out "
                               "under \"Selection criteria\"."
                             : "〔選定条件〕を付した項目は選定条件であり、一つでも満たさない者は選定しない。"
                               "〔評価項目〕を付した項目は、その状況を示すことを求めるものであり、評価に"
                               "おいて考慮する (選定条件ではない。)。その他の項目はセキュリティ要件として"
                               "評価し、満たさない項目は契約までに是正を求める。「…場合は」で始まる項目は、"
                               "該当する場合に限り適用する。評価の方法は「選定基準」に定める。");
        break;
    case ASX_SPEC_MARK_REQUIRED:
        t = l == ASX_LANG_EN
                ? asx_strdupf("These are the security measures %s requires of the contractor it selects "
                              "and the security requirements to be written into the contract, put into "
                              "the procurement specification under clause %s of its information security "
                              "standards, for information classified %s.", org, clause, cls)
                : asx_strdupf("本書は、%sの%s %s に基づき、委託事業者の選定に当たり確保を求める"
                              "情報セキュリティ対策及び契約に明記する情報セキュリティ要件を調達仕様として"
                              "定めるものである。対象とする情報資産の分類は %s とする。", org, std, clause, cls);
        how = l == ASX_LANG_EN
                  ? asx_strdupf("Items marked [Required] are the security measures the contractor must "
                                "secure to be selected (clause %s): a bidder that fails any of them is not "
                                "selected. Items marked [Evaluated] ask the bidder to show what it has; they "
                                "are considered in the evaluation and are not requirements. The other items "
                                "are evaluated, and any not met must be put right by the contract. Items that "
                                "begin \"When …\" apply only in that case. How bids are evaluated is set out "
                                "under \"Selection criteria\".", s->requirement_clause)
                  : asx_strdupf("〔必須〕を付した項目は、委託事業者の選定に当たり確保されていることを確認する"
                                "情報セキュリティ対策 (%s) であり、一つでも満たさない者は委託事業者として"
                                "選定しない。〔評価項目〕を付した項目は、その状況を示すことを求めるもので"
                                "あり、評価において考慮する。その他の項目は評価し、満たさない項目は契約までに"
                                "是正を求める。「…場合は」で始まる項目は、該当する場合に限り適用する。評価の"
                                "方法は「選定基準」に定める。", s->requirement_clause);
        break;
    }
    asx_doc_text(doc, body, NULL, date, ASX_DOC_RIGHT);
    asx_doc_paragraph(doc, body, t ? t : "");
    asx_doc_paragraph(doc, body, how ? how : "");
    free(t);
    free(how);
    char *count = NULL;
    if (s->mark == ASX_SPEC_MARK_NONE)
        count = l == ASX_LANG_EN ? asx_strdupf("%zu items.", s->nitems) : asx_strdupf("項目数: %zu", s->nitems);
    else if (l == ASX_LANG_EN)
        count = asx_strdupf("%zu items, of which %zu %s and %zu evaluated.", s->nitems, s->nselection,
                            s->mark == ASX_SPEC_MARK_REQUIRED ? "required" : "selection conditions", s->nevaluated);
    else
        count = asx_strdupf("項目数: %zu (うち%s %zu、評価項目 %zu)", s->nitems,
                            s->mark == ASX_SPEC_MARK_REQUIRED ? "必須" : "選定条件", s->nselection, s->nevaluated);
    asx_doc_note(doc, body, count ? count : "");
    free(count);
}

/* A table of text, its columns left-aligned with relative widths (at most 3). */
static asx_block *text_table(asx_doc *doc, asx_block *part, const char *const *titles, const double *widths,
                             size_t n)
{
    asx_doc_col cols[3];
    for (size_t i = 0; i < n && i < 3; i++)
        cols[i] = (asx_doc_col){titles[i], (float)widths[i], 0, ASX_DOC_LEFT, false};
    return asx_doc_table(doc, part, cols, n < 3 ? n : 3, NULL);
}

static void text_row(asx_doc *doc, asx_block *table, const char *const *cells)
{
    asx_cell *row = asx_doc_row(doc, table);
    for (size_t i = 0; row && i < table->ncols; i++)
        asx_cell_text(doc, &row[i], cells[i]);
}

static void requirements(asx_doc *doc, const asx_spec *s, asx_lang l)
{
    for (size_t i = 0; i < s->nsections; i++) {
        const asx_spec_section *sec = &s->sections[i];
        char *h = asx_strdupf("%zu. %s", i + 1, asx_text_get(&sec->section->title, l));
        asx_block *part = asx_doc_part(doc, h ? h : "", NULL);
        free(h);
        asx_block *list = asx_doc_numbered(doc, part, ASX_DOC_NUM_PAREN);
        for (size_t n = 0; n < sec->nitems; n++) {
            const asx_spec_item *it = &sec->items[n];
            char *t = l == ASX_LANG_EN ? asx_strdupf("%s (clause %s)", it->text, it->clauses)
                                       : asx_strdupf("%s〔%s〕", it->text, it->clauses);
            const char *lead = it->selection ? exclusion_mark(s, l) : it->evaluated ? evaluation_mark(l) : NULL;
            asx_doc_item(doc, list, lead, t ? t : it->text);
            free(t);
        }
    }
}

/* Whether the spec has its 選定基準 section (11-2(3)①; none on 約款, 11-3). */
static bool has_criteria(const asx_spec *s)
{
    return s->mark != ASX_SPEC_MARK_NONE && s->selected;
}

/* The criterion a judgment of the officer sets (SPEC §8.1: a judgment that says no rejects),
 * with its clause. Caller frees. */
static char *judgment_criterion(const asx_spec *s, asx_judgment_key k, const char *clause, asx_lang l)
{
    bool out = s->mark == ASX_SPEC_MARK_REQUIRED;
    switch (k) {
    case ASX_JUDGE_FOREIGN_LAW_RISK:
        return l == ASX_LANG_EN ? asx_strdupf("Under clause %s the risk of laws and regulations other than Japanese law "
                                              "applying is evaluated; a bidder whose risk is judged unacceptable is not "
                                              "selected.", clause)
                                : asx_strdupf("%s により国内法以外の法令及び規制が適用されるリスクを評価し、許容できないと"
                                              "評価した者は選定しない。", clause);
    case ASX_JUDGE_RELIABILITY:
        return l == ASX_LANG_EN ? asx_strdupf("Under clause %s the provider's reliability is judged as a whole and "
                                              "objectively; a bidder judged not reliable enough is not selected.", clause)
                                : asx_strdupf("%s により外部サービス提供者の信頼性を総合的・客観的に評価し、十分でないと"
                                              "判断した者は選定しない。", clause);
    case ASX_JUDGE_SUBCONTRACTORS:
        return l == ASX_LANG_EN ? asx_strdupf("When subcontracting, the approval of each subcontractor is decided under "
                                              "clause %s; a bidder that cannot %s without a subcontractor not approved is "
                                              "not selected.", clause, out ? "do the work" : "provide the service")
                                : asx_strdupf("再委託を行う場合は、%s により再委託先ごとに承認の可否を判断し、承認しない"
                                              "再委託先なしには%s者は選定しない。", clause,
                                              out ? "業務を行えない" : "役務を提供できない");
    case ASX_JUDGE_TERMS:
        return l == ASX_LANG_EN ? asx_strdupf("Under clause %s the provider's terms are judged; a bidder whose terms are "
                                              "not acceptable is not selected.", clause)
                                : asx_strdupf("%s により提供条件 (規約) が受容可能か判断し、受容できない者は選定しない。", clause);
    case ASX_JUDGE_SPEC_COMPLIANCE:
        return l == ASX_LANG_EN ? asx_strdupf("Before the contract, compliance with this specification is confirmed "
                                              "under clause %s.", clause)
                                : asx_strdupf("契約までに、%s により本仕様書を満たすことを確認する。", clause);
    }
    return NULL;
}

static char *points_text(double v)
{
    return asx_strdupf("%g", v);
}

/* The 選定基準 (11-2(3)①): how bids are evaluated, every number the scorer's (asx_spec_select). */
static void criteria(asx_doc *doc, const asx_spec *s, asx_lang l)
{
    bool out = s->mark == ASX_SPEC_MARK_REQUIRED;
    const char *org = org_name(s->policy, l);
    char *h = asx_strdupf("%zu. %s", s->nsections + 1, l == ASX_LANG_EN ? "Selection criteria" : "選定基準");
    asx_block *part = asx_doc_part(doc, h ? h : "", NULL);
    free(h);
    char *total = points_text(s->points_total), *min = points_text(s->score_min);
    char *items[5] = {0};
    if (l == ASX_LANG_EN) {
        items[0] = asx_strdupf(out ? "A bidder that fails any item marked [Required] is not selected as the contractor."
                                   : "A bidder that fails any item marked [Selection condition] is not selected.");
        items[1] = asx_strdup("A bidder that leaves a required question unanswered, or whose answers contradict "
                              "each other, is asked to complete them and is not evaluated until it has.");
        items[2] = asx_strdupf("Each answer is scored by the weight of its item, out of 100 (the evaluation "
                               "score); a bidder scoring below %s is not selected.", min ? min : "");
        items[3] = asx_strdupf("The technical points are the points of each part below times the share of that "
                               "part's items the bidder meets, added up (at most %s points). The points are %s.",
                               total ? total : "", s->points_from_policy ? "set by the organisation's policy"
                                                                         : "the weights of each part's items");
        items[4] = asx_strdupf(out ? "Items marked [Evaluated] are taken into account, as clause %s says, when the "
                                     "contractor is selected with reference to its certifications and audits."
                                   : "Items marked [Evaluated] are taken into account, as clause %s says, when the "
                                     "provider's reliability is judged as a whole and objectively from audit "
                                     "reports and certifications.",
                               s->evaluation_clause);
    } else {
        items[0] = asx_strdupf(out ? "〔必須〕を付した項目を一つでも満たさない者は、委託事業者として選定しない。"
                                   : "〔選定条件〕を付した項目を一つでも満たさない者は、選定しない。");
        items[1] = asx_strdup("必須の質問に回答のない者、又は回答が相互に矛盾する者には補正を求め、補正されるまで"
                              "評価しない。");
        items[2] = asx_strdupf("各項目への回答を、その項目の重みに応じて 100 点満点で評価し (評価点)、評価点が %s 点"
                               "未満の者は選定しない。", min ? min : "");
        /* the points are the organisation's own (its policy) or the items' weights */
        items[3] = s->points_from_policy
                       ? asx_strdupf("技術点は、次の区分ごとの配点に、その区分の項目を満たす割合を乗じて合計したもの"
                                     "とする (満点 %s 点)。配点は%sの定めによる。", total ? total : "", org)
                       : asx_strdupf("技術点は、次の区分ごとの配点に、その区分の項目を満たす割合を乗じて合計したもの"
                                     "とする (満点 %s 点)。配点は各区分の項目の重みの合計とする。", total ? total : "");
        items[4] = asx_strdupf(out ? "〔評価項目〕は、%s により、情報セキュリティマネジメントシステムの国際規格の"
                                     "認証取得状況、情報セキュリティ監査の実施状況等を参考にして委託事業者を"
                                     "選定する際に考慮する。"
                                   : "〔評価項目〕は、%s により、情報セキュリティ監査による報告書の内容、各種の"
                                     "認定・認証制度の適用状況等から外部サービス提供者の信頼性を総合的・客観的に"
                                     "評価する際に考慮する。",
                               s->evaluation_clause);
    }
    /* the officer's judgments after the marks, the evaluation items before the points, so that
     * the table closes the section */
    asx_block *list = asx_doc_numbered(doc, part, ASX_DOC_NUM_PAREN);
    asx_doc_item(doc, list, NULL, items[0] ? items[0] : "");
    for (size_t j = 0; j < s->njudgments; j++) {
        char *t = judgment_criterion(s, s->judgments[j].key, s->judgments[j].clause, l);
        asx_doc_item(doc, list, NULL, t ? t : "");
        free(t);
    }
    static const size_t order[] = {1, 2, 4, 3};
    for (size_t i = 0; i < 4; i++)
        asx_doc_item(doc, list, NULL, items[order[i]] ? items[order[i]] : "");
    const char *titles[2] = {l == ASX_LANG_EN ? "Part" : "区分", l == ASX_LANG_EN ? "Points" : "配点"};
    const double widths[2] = {5, 2};
    asx_block *table = text_table(doc, part, titles, widths, 2);
    for (size_t i = 0; i < s->nsections; i++) {
        char *pts = points_text(s->sections[i].points);
        const char *cells[2] = {asx_text_get(&s->sections[i].section->title, l), pts ? pts : ""};
        text_row(doc, table, cells);
        free(pts);
    }
    const char *cells[2] = {l == ASX_LANG_EN ? "Total" : "合計", total ? total : ""};
    text_row(doc, table, cells);
    for (size_t i = 0; i < 5; i++)
        free(items[i]);
    free(total);
    free(min);
}

static void submissions(asx_doc *doc, const asx_spec *s, asx_lang l)
{
    char *h = asx_strdupf("%zu. %s", s->nsections + 1 + has_criteria(s),
                          s->on_terms ? (l == ASX_LANG_EN ? "Documents to attach" : "添付資料")
                                      : (l == ASX_LANG_EN ? "Documents to submit" : "提出書類"));
    asx_block *part = asx_doc_part(doc, h ? h : "", NULL);
    free(h);
    if (s->on_terms) {
        asx_doc_paragraph(doc, part,
                           l == ASX_LANG_EN
                               ? "The official attaches the following to the application (copies, or "
                                 "where a document is public, its address)."
                               : "利用の申請に当たっては、次の資料を添付すること (写し可。公開されている"
                                 "ものは、その所在 (URL 等) の記載で足りる。)。");
    } else {
        asx_doc_paragraph(doc, part,
                           l == ASX_LANG_EN
                               ? "Bidders submit the following documents with their answers (copies "
                                 "will do; where a document is public, its address)."
                               : "入札者は、回答とともに次の書類を提出すること (写し可。公開されている"
                                 "ものは、その所在 (URL 等) の記載で足りる。)。");
    }
    const char *titles[3] = {"No.",
                             l == ASX_LANG_EN ? "Document" : s->on_terms ? "資料" : "提出書類",
                             l == ASX_LANG_EN ? "Items" : "対応する項目"};
    const double widths[3] = {0.6, 5, 2};
    asx_block *table = text_table(doc, part, titles, widths, 3);
    for (size_t i = 0; i < s->ndocs; i++) {
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        const char *cells[3] = {no, asx_text_get(s->docs[i].what, l), s->docs[i].refs};
        text_row(doc, table, cells);
    }
}

static void how_to_answer(asx_doc *doc, const asx_spec *s, asx_lang l)
{
    char *h = asx_strdupf("%zu. %s", s->nsections + 2 + has_criteria(s),
                          s->on_terms ? (l == ASX_LANG_EN ? "How to record the checks" : "記入方法")
                                      : (l == ASX_LANG_EN ? "How to answer" : "回答方法"));
    asx_block *part = asx_doc_part(doc, h ? h : "", NULL);
    free(h);
    char *t = s->on_terms
                  ? (l == ASX_LANG_EN
                         ? asx_strdupf("Record each check on the checklist (XLSX) \"%s\" that %s "
                                       "hands out, and apply with it and the documents above.",
                                       asx_text_get(&s->bank->title, l), org_name(s->policy, l))
                         : asx_strdupf("確認の結果は、%sが配布する確認票 (XLSX 形式の「%s」) に"
                                       "記入し、上記の資料とともに利用を申請すること。",
                                       org_name(s->policy, l), asx_text_get(&s->bank->title, l)))
              : l == ASX_LANG_EN
                  ? asx_strdupf("Answer every item on the questionnaire form (XLSX) \"%s\" that "
                                "%s hands out with this specification, and return it with the "
                                "documents above. Answers given elsewhere are not evaluated.",
                                asx_text_get(&s->bank->title, l), org_name(s->policy, l))
                  : asx_strdupf("各項目への回答は、本仕様書とともに%sが配布する回答様式 (XLSX 形式の"
                                "「%s」) に記入し、上記の提出書類とともに提出すること。回答様式以外"
                                "による回答は評価の対象としない。",
                                org_name(s->policy, l), asx_text_get(&s->bank->title, l));
    asx_doc_paragraph(doc, part, t ? t : "");
    free(t);
}

static void layout(asx_doc *doc, const asx_spec *s, const asx_procdoc_opts *o)
{
    asx_lang l = o->lang;
    intro(doc, s, o);
    requirements(doc, s, l);
    if (has_criteria(s))
        criteria(doc, s, l);
    submissions(doc, s, l);
    how_to_answer(doc, s, l);
}

/* Shared by the spec and the contract (procdocs.h): the DOCX and the PDF of doc, written as one
 * set of outputs (the caller's, or a set of the two). */
asx_error asx_procdocs_write(const asx_doc *doc, const asx_procdoc_opts *o, const char *docx_path,
                             const char *pdf_path, asx_diags *d)
{
    asx_outset *set = o->set ? o->set : asx_outset_new(o->force);
    if (!set) {
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        return ASX_ERR_NOMEM;
    }
    asx_doc_out out = {.date = o->date, .font = o->font, .set = set, .force = o->force};
    asx_error err = asx_doc_write(doc, ASX_MEDIUM_DOCX, &out, docx_path, d);
    if (!err)
        err = asx_doc_write(doc, ASX_MEDIUM_PDF, &out, pdf_path, d);
    if (!o->set) {
        if (!err)
            err = asx_outset_commit(set, d);
        asx_outset_free(set);
    }
    return err;
}

asx_error asx_spec_write(const asx_spec *s, const asx_procdoc_opts *o, const char *docx_path,
                         const char *pdf_path, asx_diags *d)
{
    const char *title = o->lang == ASX_LANG_EN ? "Information security requirements" : "情報セキュリティ要件";
    const char *bank_title = asx_text_get(&s->bank->title, o->lang);
    asx_doc *doc = asx_doc_new(o->lang, title, bank_title, bank_title);
    /* the footer names the organisation when the policy does (a page found alone says whose) */
    const char *org = s->policy && s->policy->organization && *s->policy->organization ? s->policy->organization : NULL;
    if (doc)
        doc->footer = org ? asx_strdupf("%s (%s)", title, org) : asx_strdup(title);
    if (!doc || !doc->footer) {
        asx_doc_free(doc);
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        return ASX_ERR_NOMEM;
    }
    /* a section of the 仕様書: pasted under the organisation's own chapters, its title is a
     * Heading 1 and its parts Heading 2 */
    doc->section = true;
    layout(doc, s, o);
    asx_error err = asx_procdocs_write(doc, o, docx_path, pdf_path, d);
    asx_doc_free(doc);
    return err;
}
