/* spec.c - the security section of the 調達仕様書 as DOCX and PDF (see procdocs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/docsink.h"
#include "asx/io.h"
#include "asx/procdocs.h"
#include "asx/util.h"

static const char *org_name(const asx_policy *p, asx_lang l)
{
    return asx_policy_org_name(p, l);
}

static void intro(asx_sink *k, const asx_spec *s, const asx_procdoc_opts *o)
{
    asx_lang l = o->lang;
    char date[64], cls[64];
    asx_date_format(o->date, l, date, sizeof date);
    asx_class_format(s->cls, l, cls, sizeof cls);
    const char *clause = s->tender_clause, *std = s->standard_name;
    char *t = NULL;
    if (s->on_terms && l == ASX_LANG_EN)
        t = asx_strdupf("Under clause %s of %s's information security standards, these are the "
                        "points the official applying to use a service on its published terms "
                        "(約款) checks in those terms and other conditions, for information "
                        "classified %s.",
                        clause ? clause : "", org_name(s->policy, l), cls);
    else if (s->on_terms)
        t = asx_strdupf("本書は、%sの%s %s に基づき、約款による外部サービスの"
                        "利用を申請する職員等が、約款その他の提供条件から確認する事項を定めるもの"
                        "である。対象とする情報資産の分類は %s とする。",
                        org_name(s->policy, l), std, clause ? clause : "", cls);
    else if (l == ASX_LANG_EN)
        t = asx_strdupf("These are the selection conditions and security requirements that %s "
                        "puts into the procurement specification under clause %s of its "
                        "information security standards, for information classified %s.",
                        org_name(s->policy, l), clause ? clause : "", cls);
    else
        t = asx_strdupf("本書は、%sの%s %s に基づき、外部サービス提供者の"
                        "選定条件及びセキュリティ要件を調達仕様として定めるものである。対象とする"
                        "情報資産の分類は %s とする。",
                        org_name(s->policy, l), std, clause ? clause : "", cls);
    asx_sink_paragraph(k, NULL, date, true);
    asx_sink_paragraph(k, NULL, t ? t : "", false);
    free(t);
    if (s->on_terms) {
        asx_sink_paragraph(k, NULL,
                           l == ASX_LANG_EN
                               ? "A service that fails any item marked [Selection condition] is not "
                                 "approved for use. The other items are checked in the terms: where "
                                 "one is not met, the official judges whether the risk is acceptable "
                                 "or keeps the information concerned out of the service."
                               : "〔選定条件〕を付した項目を一つでも満たさない外部サービスは、利用を"
                                 "承認しない。その他の項目は約款等で確認し、満たさない場合は、その"
                                 "リスクが許容できるか、又は取り扱う情報を限るかを判断する。",
                           false);
    } else {
        asx_sink_paragraph(k, NULL,
                           l == ASX_LANG_EN
                               ? "Items marked [Selection condition] are selection conditions: a bidder "
                                 "that fails any of them is not selected. The other items are security "
                                 "requirements: they are evaluated, and any not met must be put right "
                                 "by the contract. Items that begin \"When …\" apply only in that case."
                               : "〔選定条件〕を付した項目は選定条件であり、一つでも満たさない者は選定しない。"
                                 "その他の項目はセキュリティ要件として評価し、満たさない項目は契約までに"
                                 "是正を求める。「…場合は」で始まる項目は、該当する場合に限り適用する。",
                           false);
    }
    char *count = l == ASX_LANG_EN
                      ? asx_strdupf("%zu items, of which %zu selection conditions.", s->nitems,
                                    s->nselection)
                      : asx_strdupf("項目数: %zu (うち選定条件 %zu)", s->nitems, s->nselection);
    asx_sink_note(k, count ? count : "");
    free(count);
}

static void requirements(asx_sink *k, const asx_spec *s, asx_lang l)
{
    for (size_t i = 0; i < s->nsections; i++) {
        const asx_spec_section *sec = &s->sections[i];
        char *h = asx_strdupf("%zu. %s", i + 1, asx_text_get(&sec->section->title, l));
        asx_sink_heading(k, 1, h ? h : "");
        free(h);
        asx_sink_list_begin(k, ASX_DOCX_NUM_PAREN);
        for (size_t n = 0; n < sec->nitems; n++) {
            const asx_spec_item *it = &sec->items[n];
            char *t = l == ASX_LANG_EN ? asx_strdupf("%s (clause %s)", it->text, it->clauses)
                                       : asx_strdupf("%s〔%s〕", it->text, it->clauses);
            asx_sink_item(k, it->selection ? ASX_L("〔選定条件〕", "[Selection condition] ") : NULL,
                          t ? t : it->text);
            free(t);
        }
    }
}

static void submissions(asx_sink *k, const asx_spec *s, asx_lang l)
{
    char *h = asx_strdupf("%zu. %s", s->nsections + 1,
                          s->on_terms ? (l == ASX_LANG_EN ? "Documents to attach" : "添付資料")
                                      : (l == ASX_LANG_EN ? "Documents to submit" : "提出書類"));
    asx_sink_heading(k, 1, h ? h : "");
    free(h);
    if (s->on_terms) {
        asx_sink_paragraph(k, NULL,
                           l == ASX_LANG_EN
                               ? "The official attaches the following to the application (copies, or "
                                 "where a document is public, its address)."
                               : "利用の申請に当たっては、次の資料を添付すること (写し可。公開されている"
                                 "ものは、その所在 (URL 等) の記載で足りる。)。",
                           false);
    } else {
        asx_sink_paragraph(k, NULL,
                           l == ASX_LANG_EN
                               ? "Bidders submit the following documents with their answers (copies "
                                 "will do; where a document is public, its address)."
                               : "入札者は、回答とともに次の書類を提出すること (写し可。公開されている"
                                 "ものは、その所在 (URL 等) の記載で足りる。)。",
                           false);
    }
    const char *titles[3] = {"No.",
                             l == ASX_LANG_EN ? "Document" : s->on_terms ? "資料" : "提出書類",
                             l == ASX_LANG_EN ? "Items" : "対応する項目"};
    const double widths[3] = {0.6, 5, 2};
    asx_sink_table_begin(k, titles, widths, 3);
    for (size_t i = 0; i < s->ndocs; i++) {
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        const char *cells[3] = {no, asx_text_get(s->docs[i].what, l), s->docs[i].refs};
        asx_sink_row(k, cells);
    }
    asx_sink_table_end(k);
}

static void how_to_answer(asx_sink *k, const asx_spec *s, asx_lang l)
{
    char *h = asx_strdupf("%zu. %s", s->nsections + 2,
                          s->on_terms ? (l == ASX_LANG_EN ? "How to record the checks" : "記入方法")
                                      : (l == ASX_LANG_EN ? "How to answer" : "回答方法"));
    asx_sink_heading(k, 1, h ? h : "");
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
    asx_sink_paragraph(k, NULL, t ? t : "", false);
    free(t);
}

static void layout(asx_sink *k, const asx_spec *s, const asx_procdoc_opts *o)
{
    asx_lang l = o->lang;
    /* a section of the 仕様書: pasted under the organisation's own chapters, its title is a
     * Heading 1 and its parts Heading 2 */
    k->docx_shift = 1;
    asx_sink_section_title(k, l == ASX_LANG_EN ? "Information security requirements" : "情報セキュリティ要件",
                           asx_text_get(&s->bank->title, l));
    intro(k, s, o);
    requirements(k, s, l);
    submissions(k, s, l);
    how_to_answer(k, s, l);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Shared by the spec and the contract (procdocs.h): lay out into both engines, then write the
 * DOCX and the PDF; a new DOCX goes when its PDF could not be made. */
asx_error asx_procdocs_save(asx_docx *x, asx_pdf *p, const asx_procdoc_opts *o,
                            const char *docx_path, const char *pdf_path, asx_diags *d)
{
    asx_error err = asx_refuse_existing(docx_path, o->force, d);
    if (!err)
        err = asx_refuse_existing(pdf_path, o->force, d);
    if (err)
        return err;
    bool docx_existed = exists(docx_path);
    err = asx_docx_save(x, docx_path, o->force, d);
    if (!err && asx_docx_dropped(x))
        asx_diags_addf(d, ASX_OK, docx_path, 0, 0,
                       ASX_L("XML に書けない文字 %zu 個を省きました",
                             "left out %zu characters XML cannot carry"),
                       asx_docx_dropped(x));
    if (!err)
        err = asx_pdf_save(p, pdf_path, o->force, d);
    if (err && !docx_existed)
        unlink(docx_path);
    return err;
}

asx_error asx_spec_write(const asx_spec *s, const asx_procdoc_opts *o, const char *docx_path,
                         const char *pdf_path, asx_diags *d)
{
    asx_docx *x = asx_docx_new(o->lang);
    asx_pdf *p = asx_pdf_new(o->font, o->lang);
    asx_error err = ASX_ERR_NOMEM;
    if (!x || !p) {
        asx_diags_addf(d, err, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        goto done;
    }
    const char *doc = o->lang == ASX_LANG_EN ? "Information security requirements" : "情報セキュリティ要件";
    const char *bank_title = asx_text_get(&s->bank->title, o->lang);
    asx_docx_set_info(x, doc, bank_title, o->date);
    asx_pdf_set_info(p, doc, bank_title, o->date);
    char *footer = asx_strdupf("%s %s", doc, s->bank->id);
    asx_pdf_set_footer(p, footer);
    free(footer);
    asx_sink k = {.docx = x, .pdf = p, .lang = o->lang};
    layout(&k, s, o);
    err = asx_procdocs_save(x, p, o, docx_path, pdf_path, d);
done:
    asx_docx_free(x);
    asx_pdf_free(p);
    return err;
}
