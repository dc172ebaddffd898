/* contract.c - 情報セキュリティに関する特記事項 as DOCX and PDF (see procdocs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/docmodel.h"
#include "asx/procdocs.h"
#include "asx/util.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

static void intro(asx_doc *doc, const asx_contract *c, const asx_result *r, const asx_procdoc_opts *o)
{
    asx_lang l = o->lang;
    const asx_answers *a = c->answers;
    /* the organisation by its name, else as the policy has it call itself (本団体, 本組合, …) */
    const char *org = r->policy->organization && *r->policy->organization
                          ? r->policy->organization
                          : (l == ASX_LANG_EN ? "The Organisation" : asx_policy_self_reference(r->policy, l));
    char *t = l == ASX_LANG_EN
                  ? asx_strdupf("%s (the \"Organisation\") and %s (the \"Contractor\") agree the "
                                "following terms on information security for the contract on "
                                "\"%s\" (this \"contract\").",
                                org, nz(a->vendor_name), nz(a->service_name))
                  : asx_strdupf("%s(以下「甲」という。)と%s(以下「乙」という。)は、「%s」に関する"
                                "契約(以下「本契約」という。)における情報セキュリティの確保について、"
                                "次のとおり特記事項を定める。",
                                org, nz(a->vendor_name), nz(a->service_name));
    asx_doc_paragraph(doc, asx_doc_body(doc), t ? t : "");
    free(t);
}

static void article_body(asx_doc *doc, asx_block *list, char *const *sentences, size_t n, asx_lang l)
{
    for (size_t i = 0; i < n; i++) {
        if (i == 0) {
            asx_doc_item_text(doc, list, sentences[i]);
            continue;
        }
        char *t = l == ASX_LANG_EN ? asx_strdupf("(%zu) %s", i + 1, sentences[i])
                                   : asx_strdupf("%zu　%s", i + 1, sentences[i]);
        asx_doc_item_text(doc, list, t ? t : sentences[i]);
        free(t);
    }
}

/* The clause an article states, named with the standard (never a bare 第N条 that would read as
 * an article of this contract, SPEC §8.6). */
static void basis_note(asx_doc *doc, asx_block *list, const char *standard, const char *clause, asx_lang l)
{
    char *t = l == ASX_LANG_EN ? asx_strdupf("Basis: information security standard %s", clause)
                               : asx_strdupf("根拠: %s%s%s", standard, clause[0] >= '0' && clause[0] <= '9' ? " " : "",
                                             clause);
    asx_doc_note(doc, list, t ? t : "");
    free(t);
}

static void terms(asx_doc *doc, asx_block *list, const asx_contract *c, const asx_result *r, asx_lang l)
{
    for (size_t i = 0; i < c->narticles; i++) {
        const asx_contract_article *ca = &c->articles[i];
        if (!ca->nsentences)
            continue; /* nothing the vendor committed to under this term */
        char *lead = l == ASX_LANG_EN ? asx_strdupf(" %s", asx_text_get(&ca->article->title, l))
                                      : asx_strdupf("(%s)", asx_text_get(&ca->article->title, l));
        asx_doc_item(doc, list, lead ? lead : "", NULL);
        free(lead);
        article_body(doc, list, ca->sentences, ca->nsentences, l);
        basis_note(doc, list, r->standard_name, ca->term, l);
    }
}

/* What a condition requires, in the contract's words: the question's term (a `reference` item:
 * submit the evidence), or, for a question without one, the evidence the question asks for. */
static char *dated_text(const asx_contract *c, const asx_finding *f, asx_lang l)
{
    if (f->q && c->dated[f->q->index])
        return asx_strdup(c->dated[f->q->index]);
    const char *what = f->q ? asx_text_get(&f->q->label, l) : asx_finding_msg(f, l);
    return l == ASX_LANG_EN ? asx_strdupf("The Contractor shall submit to the Organisation the documents it asks for "
                                          "on \"%s\".", what)
                            : asx_strdupf("乙は、「%s」について甲が求める資料を甲に提出する。", what);
}

/* One article per condition the contract cannot meet by its own words: what must be done by a
 * date (the result says which: asx_condition.place). The others are the body's terms, stated
 * there once with the agreed value, or the organisation's own follow-up. */
static void conditions(asx_doc *doc, asx_block *list, const asx_contract *c, const asx_result *r, asx_lang l)
{
    for (size_t i = 0; i < r->nconditions; i++) {
        const asx_condition *cd = &r->conditions[i];
        if (cd->place != ASX_COND_DATED)
            continue;
        const asx_finding *f = cd->finding;
        char due[64];
        asx_date_format(cd->due, l, due, sizeof due);
        asx_doc_item(doc, list, l == ASX_LANG_EN ? " Performance by a date" : "(期限を定めた履行)", NULL);
        char *s[3] = {dated_text(c, f, l), NULL, NULL};
        s[1] = l == ASX_LANG_EN
                   ? asx_strdupf("The Contractor shall do so by %s and report it to the Organisation in writing.", due)
                   : asx_strdupf("乙は、前項に定める事項を%sまでに履行し、その結果を書面により甲に報告する。", due);
        s[2] = asx_strdup(l == ASX_LANG_EN ? "If it is not done by then, the Organisation may terminate this contract."
                                           : "前項の期日までに履行されないときは、甲は、本契約を解除することができる。");
        size_t n = s[0] && s[1] && s[2] ? 3 : 0;
        article_body(doc, list, s, n, l);
        if (f->clause_local)
            basis_note(doc, list, r->standard_name, f->clause_local, l);
        free(s[0]);
        free(s[1]);
        free(s[2]);
    }
}

static void closing(asx_doc *doc, asx_block *list, const asx_procdoc_opts *o)
{
    asx_lang l = o->lang;
    asx_doc_item(doc, list, l == ASX_LANG_EN ? " Consultation" : "(協議)", NULL);
    asx_doc_item_text(doc, list, l == ASX_LANG_EN
                              ? "Matters these terms do not settle, and doubts about them, are "
                                "settled by consultation between the parties."
                              : "この特記事項に定めのない事項及びこの特記事項の解釈について疑義が生じた"
                                "事項は、甲乙協議して定める。");
    char date[64];
    asx_date_format(o->date, l, date, sizeof date);
    asx_doc_text(doc, asx_doc_body(doc), NULL, date, ASX_DOC_RIGHT);
}

asx_error asx_contract_write(const asx_contract *c, const asx_result *r, const asx_procdoc_opts *o,
                             const char *docx_path, const char *pdf_path, asx_diags *d)
{
    asx_lang l = o->lang;
    const char *title = l == ASX_LANG_EN ? "Information security terms" : "情報セキュリティに関する特記事項";
    const asx_answers *a = c->answers;
    char *sub = asx_strdupf("%s (%s)", nz(a->service_name), nz(a->vendor_name));
    asx_doc *doc = sub ? asx_doc_new(l, title, sub, sub) : NULL;
    free(sub);
    if (!doc || !(doc->footer = asx_strdupf("%s %s", nz(a->service_name), title))) {
        asx_doc_free(doc);
        asx_diags_addf(d, ASX_ERR_NOMEM, NULL, 0, 0, ASX_L("メモリ不足", "out of memory"));
        return ASX_ERR_NOMEM;
    }
    intro(doc, c, r, o);
    asx_block *list = asx_doc_numbered(doc, asx_doc_body(doc), l == ASX_LANG_EN ? ASX_DOC_NUM_DECIMAL : ASX_DOC_NUM_ARTICLE);
    terms(doc, list, c, r, l);
    conditions(doc, list, c, r, l);
    closing(doc, list, o);
    asx_error err = asx_procdocs_write(doc, o, docx_path, pdf_path, d);
    asx_doc_free(doc);
    return err;
}
