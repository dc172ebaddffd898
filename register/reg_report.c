/* reg_report.c - the figures of the year's report. See asx/reg_report.h. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/reg_report.h"
#include "asx/util.h"

void asx_reg_report_free(asx_reg_report *rep)
{
    if (!rep)
        return;
    free(rep->banks);
    free(rep->approvals);
    free(rep->renewals);
    free(rep->open_conditions);
    free(rep->checks);
    free(rep->checks_overdue);
    free(rep->expiring);
    asx_cite_free(&rep->cite_report);
    asx_cite_free(&rep->cite_approvals);
    asx_cite_free(&rep->cite_renewals);
    asx_cite_free(&rep->cite_expiring);
    asx_cite_free(&rep->cite_checks);
    free(rep);
}

/* Append one element of size el to *v (count *n); false on OOM. */
static bool push(void *vp, size_t *n, size_t el, const void *x)
{
    void **v = vp;
    char *p = realloc(*v, (*n + 1) * el);
    if (!p)
        return false;
    memcpy(p + *n * el, x, el);
    *v = p;
    (*n)++;
    return true;
}

static bool within(asx_date d, asx_date from, asx_date to)
{
    return asx_date_cmp(d, from) >= 0 && asx_date_cmp(d, to) <= 0;
}

asx_error asx_reg_report_make(const asx_register *r, const asx_policy *policy, int fy, asx_date as_of,
                              asx_reg_report **out)
{
    asx_reg_report *rep = calloc(1, sizeof *rep);
    bool ok = rep != NULL;
    *out = NULL;
    if (!ok)
        return ASX_ERR_NOMEM;
    ok = asx_cite_set(&rep->cite_report, policy, "11-1(3)②, 12-1") &&
         asx_cite_set(&rep->cite_approvals, policy, "11-2(4)③") &&
         asx_cite_set(&rep->cite_renewals, policy, "11-1(3), 12-1(4)") &&
         asx_cite_set(&rep->cite_expiring, policy, "11-2(2)⑪") &&
         asx_cite_set(&rep->cite_checks, policy,
                      "11-2(5)②, 11-2(5)③, 11-2(6)③, 11-2(6)④, 11-2(7)②, 11-2(7)③");
    if (ok && !asx_cite_mapped(&rep->cite_checks)) {
        /* in the reference numbering the six items read shorter as one citation */
        char *compact = asx_strdup("11-2(5)②③, (6)③④, (7)②③");
        ok = compact != NULL;
        if (ok) {
            free(rep->cite_checks.clause_local);
            rep->cite_checks.clause_local = compact;
        }
    }
    rep->organization = r->organization;
    rep->fiscal_year = fy;
    rep->from = (asx_date){fy, 4, 1};
    rep->to = (asx_date){fy + 1, 3, 31};
    rep->as_of = as_of;
    rep->expiring_from = (asx_date){fy + 1, 4, 1};
    rep->expiring_to = (asx_date){fy + 2, 3, 31};
    for (size_t i = 0; ok && i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        if (asx_date_cmp(e->approved_on, rep->to) > 0)
            continue;
        rep->nentries++;
        rep->by_status[e->status]++;
        bool use = asx_reg_in_use(e);
        if (strcmp(asx_reg_state_name(e, as_of), "conditions_overdue") == 0)
            rep->conditions_overdue_entries++;
        if (use && e->verdict == ASX_VERDICT_APPROVED)
            rep->by_verdict[0]++;
        if (use && e->verdict == ASX_VERDICT_CONDITIONAL)
            rep->by_verdict[1]++;
        size_t b = 0;
        while (b < rep->nbanks && strcmp(rep->banks[b].bank, e->questionnaire) != 0)
            b++;
        if (b == rep->nbanks) {
            asx_rr_bank nb = {e->questionnaire, 0};
            ok = push(&rep->banks, &rep->nbanks, sizeof nb, &nb);
        }
        if (ok)
            rep->banks[b].n++;
        if (ok && within(e->approved_on, rep->from, rep->to))
            ok = push(&rep->approvals, &rep->napprovals, sizeof e, &e);
        for (size_t k = 0; k < e->nrenewals; k++)
            for (size_t j = 0; j < e->renewals[k].nprevious_conditions; j++) {
                const asx_reg_condition *c = &e->renewals[k].previous_conditions[j];
                rep->nconditions_met += c->status != ASX_COND_OPEN && c->has_on &&
                                        within(c->on, rep->from, rep->to);
            }
        for (size_t k = 0; ok && k < e->nrenewals; k++) {
            const asx_reg_renewal *rn = &e->renewals[k];
            if (!within(rn->renewed_on, rep->from, rep->to))
                continue;
            asx_rr_renewal x = {e, rn, asx_reg_renewal_regressed(rn)};
            ok = push(&rep->renewals, &rep->nrenewals, sizeof x, &x);
            rep->nregressions += x.regressed;
        }
        for (size_t k = 0; ok && k < e->nconditions; k++) {
            const asx_reg_condition *c = &e->conditions[k];
            if (c->status != ASX_COND_OPEN) {
                rep->nconditions_met += c->has_on && within(c->on, rep->from, rep->to);
                continue;
            }
            if (!use)
                continue;
            asx_rr_condition x = {e, c, asx_reg_condition_overdue(c, as_of)};
            ok = push(&rep->open_conditions, &rep->nopen_conditions, sizeof x, &x);
            rep->noverdue_conditions += x.overdue;
        }
        for (size_t k = 0; ok && k < e->nchecks; k++) {
            const asx_reg_check *c = &e->checks[k];
            if (!within(c->on, rep->from, rep->to))
                continue;
            asx_rr_check x = {e, c};
            ok = push(&rep->checks, &rep->nchecks, sizeof x, &x);
            rep->checks_by_phase[c->phase]++;
        }
        if (ok && use && e->has_next_check && asx_date_cmp(e->next_check, as_of) < 0)
            ok = push(&rep->checks_overdue, &rep->nchecks_overdue, sizeof e, &e);
        if (ok && use && e->has_evidence_expiry &&
            within(e->evidence_expiry, rep->expiring_from, rep->expiring_to))
            ok = push(&rep->expiring, &rep->nexpiring, sizeof e, &e);
    }
    if (!ok) {
        asx_reg_report_free(rep);
        return ASX_ERR_NOMEM;
    }
    *out = rep;
    return ASX_OK;
}

static bool num(cJSON *o, const char *k, size_t n)
{
    return cJSON_AddNumberToObject(o, k, (double)n) != NULL;
}

static bool ids(cJSON *o, const char *k, const asx_reg_entry *const *v, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(o, k);
    bool ok = a != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]->id);
        ok = s && cJSON_AddItemToArray(a, s);
        if (!ok)
            cJSON_Delete(s);
    }
    return ok;
}

char *asx_reg_report_json(const asx_reg_report *rep)
{
    cJSON *o = cJSON_CreateObject();
    char from[11], to[11], asof[11];
    asx_date_iso(rep->from, from);
    asx_date_iso(rep->to, to);
    asx_date_iso(rep->as_of, asof);
    bool ok = o && cJSON_AddNumberToObject(o, "fiscal_year", rep->fiscal_year) &&
              cJSON_AddStringToObject(o, "from", from) && cJSON_AddStringToObject(o, "to", to) &&
              cJSON_AddStringToObject(o, "as_of", asof) && num(o, "entries", rep->nentries);
    cJSON *st = ok ? cJSON_AddObjectToObject(o, "by_status") : NULL;
    ok = st != NULL;
    for (int s = 0; ok && s < 4; s++)
        ok = num(st, asx_reg_status_name((asx_reg_status)s), rep->by_status[s]);
    ok = ok && num(o, "conditions_overdue_entries", rep->conditions_overdue_entries) &&
         num(o, "approved_in_use", rep->by_verdict[0]) &&
         num(o, "conditional_in_use", rep->by_verdict[1]);
    cJSON *bk = ok ? cJSON_AddObjectToObject(o, "by_bank") : NULL;
    ok = bk != NULL;
    for (size_t i = 0; ok && i < rep->nbanks; i++)
        ok = num(bk, rep->banks[i].bank, rep->banks[i].n);
    ok = ok && ids(o, "approvals", rep->approvals, rep->napprovals) &&
         num(o, "renewals", rep->nrenewals) && num(o, "regressions", rep->nregressions) &&
         num(o, "conditions_open", rep->nopen_conditions) &&
         num(o, "conditions_overdue", rep->noverdue_conditions) &&
         num(o, "conditions_met", rep->nconditions_met) && num(o, "checks", rep->nchecks) &&
         num(o, "checks_build", rep->checks_by_phase[ASX_PHASE_BUILD]) &&
         num(o, "checks_operate", rep->checks_by_phase[ASX_PHASE_OPERATE]) &&
         num(o, "checks_exit", rep->checks_by_phase[ASX_PHASE_EXIT]) &&
         ids(o, "checks_overdue", rep->checks_overdue, rep->nchecks_overdue) &&
         ids(o, "evidence_expiring", rep->expiring, rep->nexpiring);
    char *s = ok ? asx_json_output(o) : NULL;
    char *text = s ? asx_strdup(s) : NULL;
    cJSON_free(s);
    cJSON_Delete(o);
    return text;
}

asx_date asx_reg_report_as_of(int fy, asx_date today)
{
    asx_date end = {fy + 1, 3, 31};
    return asx_date_cmp(today, end) > 0 ? end : today;
}
