/* result_json.c - the result as --json prints it, and the text of a pending verdict. Split from
 * score.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/country.h"
#include "asx/json.h"
#include "asx/score.h"
#include "asx/util.h"
#include "score_impl.h"

/* ---- JSON ------------------------------------------------------------------------------- */

char *asx_result_pending_text(const asx_result *r, asx_lang l)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (size_t i = 0; i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        if (!j->required || j->made)
            continue;
        if (b.len)
            asx_buf_adds(&b, ASX_TR(l, "、", "; "));
        if (j->subject)
            asx_buf_addf(&b, ASX_TR(l, "%s「%s」 (%s、%s)", "%s \"%s\" (%s, %s)"), asx_judgment_key_label(j->key, l),
                         j->subject, j->clause_local, l == ASX_LANG_EN ? j->by_default_en : j->by_default);
        else
            asx_buf_addf(&b, ASX_TR(l, "%s (%s、%s)", "%s (%s, %s)"), asx_judgment_key_label(j->key, l),
                         j->clause_local, l == ASX_LANG_EN ? j->by_default_en : j->by_default);
    }
    return asx_buf_take(&b);
}

size_t asx_result_missing(const asx_result *r, asx_judgment_key k, const char **clause_local)
{
    size_t n = 0;
    if (clause_local)
        *clause_local = NULL;
    for (size_t i = 0; i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        if (j->key != k || !j->required || j->made)
            continue;
        n++;
        if (clause_local)
            *clause_local = j->clause_local;
    }
    return n;
}

/* "judgments": each required (or recorded) judgment, made or missing; "review": the file. */
static void add_judgments_json(cJSON *root, const asx_result *r, asx_lang lang)
{
    if (r->review)
        cJSON_AddStringToObject(root, "review", r->review->file ? r->review->file : "");
    else
        cJSON_AddNullToObject(root, "review");
    cJSON *js = cJSON_AddArrayToObject(root, "judgments");
    for (size_t i = 0; js && i < r->njudgments; i++) {
        const asx_result_judgment *j = &r->judgments[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(js, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "key", asx_judgment_key_name(j->key));
        cJSON_AddStringToObject(o, "clause", j->clause);
        if (strcmp(j->clause, j->clause_local) != 0)
            cJSON_AddStringToObject(o, "clause_local", j->clause_local);
        cJSON_AddStringToObject(o, "label", asx_judgment_key_label(j->key, lang));
        if (j->subject)
            cJSON_AddStringToObject(o, "subcontractor", j->subject);
        cJSON_AddBoolToObject(o, "required", j->required);
        cJSON_AddStringToObject(o, "by_role", lang == ASX_LANG_EN ? j->by_default_en : j->by_default);
        if (!j->made) {
            cJSON_AddStringToObject(o, "status", "missing");
            continue;
        }
        const asx_judgment *m = j->made;
        char on[11];
        asx_date_iso(m->date, on);
        cJSON_AddStringToObject(o, "status", "made");
        cJSON_AddStringToObject(o, "decision", m->decision ? m->decision : "");
        if (j->key == ASX_JUDGE_SUBCONTRACTORS && !m->yes)
            cJSON_AddBoolToObject(o, "essential", m->essential);
        if (m->reason)
            cJSON_AddStringToObject(o, "reason", m->reason);
        if (m->nbasis) {
            cJSON *b = cJSON_AddArrayToObject(o, "basis");
            for (size_t k = 0; b && k < m->nbasis; k++)
                cJSON_AddItemToArray(b, cJSON_CreateString(m->basis[k]));
        }
        if (m->version)
            cJSON_AddStringToObject(o, "version", m->version);
        cJSON_AddStringToObject(o, "by", m->by ? m->by : "");
        cJSON_AddStringToObject(o, "date", on);
    }
}

char *asx_result_to_json(const asx_result *r, asx_lang lang)
{
    const asx_answers *a = r->answers;
    char date[11];
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "format", "assess-result/1");
    cJSON_AddStringToObject(root, "file", a->file ? a->file : "");
    cJSON_AddStringToObject(root, "questionnaire", r->bank->id);
    cJSON_AddStringToObject(root, "questionnaire_version", r->bank->version);
    cJSON_AddStringToObject(root, "vendor", a->vendor_name ? a->vendor_name : "");
    cJSON_AddStringToObject(root, "service", a->service_name ? a->service_name : "");
    asx_date_iso(a->date, date);
    cJSON_AddStringToObject(root, "date", date);
    cJSON *cl = cJSON_AddObjectToObject(root, "classification");
    cJSON_AddNumberToObject(cl, "confidentiality", a->cls.c);
    cJSON_AddNumberToObject(cl, "integrity", a->cls.i);
    cJSON_AddNumberToObject(cl, "availability", a->cls.a);
    cJSON_AddStringToObject(root, "verdict", asx_verdict_name(r->verdict));
    cJSON_AddNumberToObject(root, "score", r->score);
    cJSON *secs = cJSON_AddArrayToObject(root, "sections");
    for (size_t i = 0; secs && i < r->bank->nsections; i++) {
        const asx_secscore *s = &r->sections[i];
        if (!s->counted)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(secs, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "id", s->section->id);
        cJSON_AddStringToObject(o, "title", asx_text_get(&s->section->title, lang));
        cJSON_AddNumberToObject(o, "score", s->score);
    }
    cJSON *fs = cJSON_AddArrayToObject(root, "findings");
    for (size_t i = 0; fs && i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(fs, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "question", f->q ? f->q->id : "");
        if (f->also)
            cJSON_AddStringToObject(o, "also", f->also->id);
        cJSON_AddStringToObject(o, "clause", f->clause);
        if (strcmp(f->clause, f->clause_local) != 0)
            cJSON_AddStringToObject(o, "clause_local", f->clause_local);
        cJSON_AddStringToObject(o, "severity", asx_severity_name(f->severity));
        cJSON_AddStringToObject(o, "message", asx_finding_msg(f, lang));
        if (f->override) {
            cJSON *ov = cJSON_AddObjectToObject(o, "override");
            char on[11];
            asx_date_iso(f->override->date, on);
            cJSON_AddStringToObject(ov, "original_severity", asx_severity_name(f->original));
            cJSON_AddStringToObject(ov, "severity", asx_severity_name(f->severity));
            cJSON_AddStringToObject(ov, "reason", f->override->reason ? f->override->reason : "");
            cJSON_AddStringToObject(ov, "by", f->override->by ? f->override->by : "");
            cJSON_AddStringToObject(ov, "date", on);
        }
    }
    add_judgments_json(root, r, lang);
    cJSON *un = cJSON_AddArrayToObject(root, "unanswered");
    for (size_t i = 0; un && i < r->nunanswered; i++)
        cJSON_AddItemToArray(un, cJSON_CreateString(r->bank->questions[r->unanswered[i]].id));
    cJSON *counts = cJSON_AddObjectToObject(root, "counts");
    static const asx_severity sevs[] = {ASX_SEV_KNOCKOUT, ASX_SEV_MAJOR, ASX_SEV_MINOR, ASX_SEV_INFO};
    for (size_t i = 0; counts && i < 4; i++)
        cJSON_AddNumberToObject(counts, asx_severity_name(sevs[i]), (double)r->count[sevs[i]]);
    asx_date_iso(r->decided_on, date);
    cJSON_AddStringToObject(root, "decided_on", date);
    cJSON *conds = cJSON_AddArrayToObject(root, "conditions");
    for (size_t i = 0; conds && i < r->nconditions; i++) {
        const asx_condition *c = &r->conditions[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(conds, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddNumberToObject(o, "n", (double)c->n);
        cJSON_AddStringToObject(o, "question", c->finding->q ? c->finding->q->id : "");
        cJSON_AddStringToObject(o, "clause", c->finding->clause);
        if (strcmp(c->finding->clause, c->finding->clause_local) != 0)
            cJSON_AddStringToObject(o, "clause_local", c->finding->clause_local);
        cJSON_AddStringToObject(o, "severity", asx_severity_name(c->finding->severity));
        cJSON_AddStringToObject(o, "text", asx_finding_msg(c->finding, lang));
        asx_date_iso(c->due, date);
        cJSON_AddStringToObject(o, "due", date);
    }
    if (r->has_next_review) {
        asx_date_iso(r->next_review, date);
        cJSON_AddStringToObject(root, "next_review", date);
    } else {
        cJSON_AddNullToObject(root, "next_review");
    }
    if (r->has_evidence_expiry) {
        asx_date_iso(r->evidence_expiry, date);
        cJSON_AddStringToObject(root, "evidence_expiry", date);
    } else {
        cJSON_AddNullToObject(root, "evidence_expiry");
    }
    cJSON *facts = cJSON_AddArrayToObject(root, "facts");
    for (size_t i = 0; facts && i < r->nfacts; i++) {
        const asx_fact *f = &r->facts[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(facts, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "question", f->q->id);
        cJSON_AddStringToObject(o, "label", asx_text_get(&f->q->label, lang));
        cJSON_AddStringToObject(o, "value", asx_fact_value(f, lang));
        if (f->norm_ja)
            cJSON_AddStringToObject(o, "norm", asx_fact_norm(f, lang));
        if (f->has_finding)
            cJSON_AddStringToObject(o, "severity", asx_severity_name(f->worst));
    }
    char *s = asx_json_output(root);
    cJSON_Delete(root);
    return s;
}
