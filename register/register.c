/* register.c - the register of approved services: names and labels, the model and what it
 * answers (open conditions, state on a date). The JSON form is in reg_json.c, the rules in
 * reg_rules.c, the views' data in reg_due.c, the store in reg_store.c. See asx/register.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "asx/io.h"
#include "asx/json.h"
#include "asx/register.h"
#include "asx/store.h"
#include "asx/text.h"
#include "asx/util.h"
#include "reg_impl.h"

/* ---- names ---- */

const char *asx_reg_status_name(asx_reg_status s)
{
    switch (s) {
    case ASX_REG_ACTIVE: return "active";
    case ASX_REG_REVOKED: return "revoked";
    case ASX_REG_EXPIRED: return "expired";
    case ASX_REG_ENDED: return "ended";
    }
    return "?";
}

const char *asx_reg_status_label(asx_reg_status s, asx_lang l)
{
    switch (s) {
    case ASX_REG_ACTIVE: return ASX_TR(l, "有効", "Active");
    case ASX_REG_REVOKED: return ASX_TR(l, "取消", "Revoked");
    case ASX_REG_EXPIRED: return ASX_TR(l, "期限切れ", "Expired");
    case ASX_REG_ENDED: return ASX_TR(l, "利用終了", "Ended");
    }
    return "?";
}

bool asx_reg_status_parse(const char *s, asx_reg_status *out)
{
    static const asx_reg_status all[] = {ASX_REG_ACTIVE, ASX_REG_REVOKED, ASX_REG_EXPIRED,
                                         ASX_REG_ENDED};
    for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_reg_status_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

const char *asx_reg_action_name(asx_reg_action a)
{
    switch (a) {
    case ASX_REG_ADD: return "add";
    case ASX_REG_REVOKE: return "revoke";
    case ASX_REG_RENEW: return "renew";
    case ASX_REG_EXPIRE: return "expire";
    case ASX_REG_CONDITION: return "condition";
    case ASX_REG_CHECK: return "check";
    case ASX_REG_EVIDENCE: return "evidence";
    }
    return "?";
}

const char *asx_reg_action_label(asx_reg_action a, asx_lang l)
{
    switch (a) {
    case ASX_REG_ADD: return ASX_TR(l, "登録", "Added");
    case ASX_REG_REVOKE: return ASX_TR(l, "取消", "Revoked");
    case ASX_REG_RENEW: return ASX_TR(l, "更新", "Renewed");
    case ASX_REG_EXPIRE: return ASX_TR(l, "期限切れ", "Expired");
    case ASX_REG_CONDITION: return ASX_TR(l, "条件履行", "Condition");
    case ASX_REG_CHECK: return ASX_TR(l, "点検", "Check");
    case ASX_REG_EVIDENCE: return ASX_TR(l, "証明書更新", "Evidence");
    }
    return "?";
}

bool reg_action_parse(const char *s, asx_reg_action *out)
{
    static const asx_reg_action all[] = {ASX_REG_ADD, ASX_REG_REVOKE, ASX_REG_RENEW,
                                         ASX_REG_EXPIRE, ASX_REG_CONDITION, ASX_REG_CHECK,
                                         ASX_REG_EVIDENCE};
    for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_reg_action_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

bool reg_verdict_parse(const char *s, asx_verdict *out)
{
    static const asx_verdict all[] = {ASX_VERDICT_APPROVED, ASX_VERDICT_CONDITIONAL,
                                      ASX_VERDICT_REJECTED, ASX_VERDICT_INCOMPLETE, ASX_VERDICT_PENDING};
    for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_verdict_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

const char *asx_due_reason_name(asx_due_reason r)
{
    switch (r) {
    case ASX_DUE_REVIEW: return "review";
    case ASX_DUE_EVIDENCE: return "evidence_expiry";
    case ASX_DUE_CONDITION: return "condition";
    case ASX_DUE_CHECK: return "check";
    }
    return "?";
}

const char *asx_due_reason_label(asx_due_reason r, asx_lang l)
{
    switch (r) {
    case ASX_DUE_REVIEW: return ASX_TR(l, "再監査 (見直し)", "review");
    case ASX_DUE_EVIDENCE: return ASX_TR(l, "証明書の期限", "evidence expiry");
    case ASX_DUE_CONDITION: return ASX_TR(l, "承認の条件", "condition");
    case ASX_DUE_CHECK: return ASX_TR(l, "運用時の点検", "operation check");
    }
    return "?";
}

const char *asx_reg_condition_clause(const asx_reg_condition *c)
{
    return c->clause_local ? c->clause_local : c->clause;
}

const char *asx_cond_status_name(asx_cond_status s)
{
    switch (s) {
    case ASX_COND_OPEN: return "open";
    case ASX_COND_MET: return "met";
    case ASX_COND_WAIVED: return "waived";
    }
    return "?";
}

const char *asx_cond_status_label(asx_cond_status s, asx_lang l)
{
    switch (s) {
    case ASX_COND_OPEN: return ASX_TR(l, "未履行", "Open");
    case ASX_COND_MET: return ASX_TR(l, "履行済み", "Met");
    case ASX_COND_WAIVED: return ASX_TR(l, "免除", "Waived");
    }
    return "?";
}

bool reg_cond_status_parse(const char *s, asx_cond_status *out)
{
    static const asx_cond_status all[] = {ASX_COND_OPEN, ASX_COND_MET, ASX_COND_WAIVED};
    for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_cond_status_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

const char *asx_check_phase_name(asx_check_phase p)
{
    switch (p) {
    case ASX_PHASE_BUILD: return "build";
    case ASX_PHASE_OPERATE: return "operate";
    case ASX_PHASE_EXIT: return "exit";
    }
    return "?";
}

const char *asx_check_phase_label(asx_check_phase p, asx_lang l)
{
    switch (p) {
    case ASX_PHASE_BUILD: return ASX_TR(l, "導入・構築時", "Build");
    case ASX_PHASE_OPERATE: return ASX_TR(l, "運用・保守時", "Operation");
    case ASX_PHASE_EXIT: return ASX_TR(l, "更改・廃棄時", "Exit");
    }
    return "?";
}

bool asx_check_phase_parse(const char *s, asx_check_phase *out)
{
    static const asx_check_phase all[] = {ASX_PHASE_BUILD, ASX_PHASE_OPERATE, ASX_PHASE_EXIT};
    for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_check_phase_name(all[i])) == 0 || strcmp(s, asx_check_phase_label(all[i], ASX_LANG_JA)) == 0 ||
            strcmp(s, asx_check_phase_label(all[i], ASX_LANG_EN)) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

const char *asx_check_result_name(asx_check_result r)
{
    switch (r) {
    case ASX_CHECK_OK: return "ok";
    case ASX_CHECK_NG: return "ng";
    case ASX_CHECK_NA: return "na";
    }
    return "?";
}

const char *asx_check_result_label(asx_check_result r, asx_lang l)
{
    switch (r) {
    case ASX_CHECK_OK: return ASX_TR(l, "適", "OK");
    case ASX_CHECK_NG: return ASX_TR(l, "否", "Not met");
    case ASX_CHECK_NA: return ASX_TR(l, "該当なし", "N/A");
    }
    return "?";
}

bool reg_check_result_parse(const char *s, asx_check_result *out)
{
    static const asx_check_result all[] = {ASX_CHECK_OK, ASX_CHECK_NG, ASX_CHECK_NA};
    for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, asx_check_result_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

size_t asx_reg_check_not_met(const asx_reg_check *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nitems; i++)
        n += c->items[i].result == ASX_CHECK_NG;
    return n;
}

bool asx_reg_in_use(const asx_reg_entry *e)
{
    return e->status == ASX_REG_ACTIVE || e->status == ASX_REG_EXPIRED;
}

size_t asx_reg_open_conditions(const asx_reg_entry *e)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nconditions; i++)
        n += e->conditions[i].status == ASX_COND_OPEN;
    return n;
}

bool asx_reg_condition_overdue(const asx_reg_condition *c, asx_date as_of)
{
    return c->status == ASX_COND_OPEN && c->has_due && asx_date_cmp(c->due, as_of) < 0;
}

size_t asx_reg_overdue_conditions(const asx_reg_entry *e, asx_date as_of)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nconditions; i++)
        n += asx_reg_condition_overdue(&e->conditions[i], as_of);
    return n;
}

const char *asx_reg_state_name(const asx_reg_entry *e, asx_date as_of)
{
    if (e->status == ASX_REG_ACTIVE && asx_reg_overdue_conditions(e, as_of))
        return "conditions_overdue";
    return asx_reg_status_name(e->status);
}

const char *asx_reg_state_label(const asx_reg_entry *e, asx_date as_of, asx_lang l)
{
    return asx_reg_state_label_of(e->status,
                                  asx_reg_in_use(e) && asx_reg_overdue_conditions(e, as_of), l);
}

const char *asx_reg_state_label_of(asx_reg_status status, bool conditions_overdue, asx_lang l)
{
    if (conditions_overdue)
        return status == ASX_REG_EXPIRED ? (ASX_TR(l, "期限切れ・条件未履行", "Expired, conditions overdue"))
                                         : (ASX_TR(l, "条件未履行", "Conditions overdue"));
    return asx_reg_status_label(status, l);
}

/* ---- model ---- */

asx_register *asx_register_new(const char *organization)
{
    asx_register *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->organization = asx_strdup(organization ? organization : "");
    if (!r->organization) {
        free(r);
        return NULL;
    }
    return r;
}

void reg_cond_clear(asx_reg_condition *c)
{
    free(c->text);
    free(c->clause);
    free(c->clause_local);
    free(c->evidence);
    free(c->by);
}

static void check_clear(asx_reg_check *c)
{
    free(c->by);
    free(c->notes);
    free(c->file_sha256);
    for (size_t i = 0; i < c->nitems; i++) {
        free(c->items[i].item);
        free(c->items[i].note);
    }
    free(c->items);
}

void asx_reg_entry_clear(asx_reg_entry *e)
{
    if (!e)
        return;
    free(e->id);
    free(e->service);
    free(e->vendor);
    free(e->corporate_number);
    free(e->questionnaire);
    free(e->questionnaire_version);
    for (size_t i = 0; i < e->nconditions; i++)
        reg_cond_clear(&e->conditions[i]);
    free(e->conditions);
    for (size_t i = 0; i < e->nchecks; i++)
        check_clear(&e->checks[i]);
    free(e->checks);
    free(e->approver);
    free(e->manager);
    free(e->revoke_reason);
    free(e->answers_sha256);
    free(e->review_sha256);
    free(e->pack_dir);
    for (size_t i = 0; i < e->npack; i++)
        free(e->pack[i].file);
    free(e->pack);
    for (size_t i = 0; i < e->nrenewals; i++) {
        free(e->renewals[i].answers_sha256);
        free(e->renewals[i].approver);
        for (size_t k = 0; k < e->renewals[i].nprevious_conditions; k++)
            reg_cond_clear(&e->renewals[i].previous_conditions[k]);
        free(e->renewals[i].previous_conditions);
    }
    free(e->renewals);
    for (size_t i = 0; i < e->nevidence; i++) {
        free(e->evidence[i].scheme);
        free(e->evidence[i].number);
        free(e->evidence[i].file_sha256);
        free(e->evidence[i].by);
    }
    free(e->evidence);
    memset(e, 0, sizeof *e);
}

static void event_clear(asx_reg_event *ev)
{
    free(ev->at);
    free(ev->user);
    free(ev->entry);
    free(ev->detail);
}

void asx_reg_event_clear(asx_reg_event *ev)
{
    event_clear(ev);
}

void *reg_grow(void *arrayp, size_t *n, size_t elsize);

asx_error asx_register_keep(asx_register *r, const char *kind, const char *data, size_t len,
                            char *sha256)
{
    asx_reg_blob *b = reg_grow(&r->keep, &r->nkeep, sizeof *b);
    if (!b || !(b->data = malloc(len ? len : 1)))
        return ASX_ERR_NOMEM;
    if (len)
        memcpy(b->data, data, len);
    b->len = len;
    b->kind = kind;
    if (!asx_sha256_mem(data, len, b->sha256))
        return ASX_ERR_INTERNAL;
    if (sha256)
        memcpy(sha256, b->sha256, 65);
    return ASX_OK;
}

void asx_register_free(asx_register *r)
{
    if (!r)
        return;
    free(r->organization);
    free(r->seq);
    for (size_t i = 0; i < r->nentries; i++)
        asx_reg_entry_clear(&r->entries[i]);
    free(r->entries);
    for (size_t i = 0; i < r->nhistory; i++)
        event_clear(&r->history[i]);
    free(r->history);
    for (size_t k = 0; k < r->nkeep; k++)
        free(r->keep[k].data);
    free(r->keep);
    free(r);
}

asx_reg_entry *asx_register_find(const asx_register *r, const char *id)
{
    for (size_t i = 0; r && id && i < r->nentries; i++)
        if (strcmp(r->entries[i].id, id) == 0)
            return &r->entries[i];
    return NULL;
}

/* Grow an array by one zeroed element; returns it or NULL. */
void *reg_grow(void *arrayp, size_t *n, size_t elsize)
{
    void **pp = arrayp;
    char *p = realloc(*pp, (*n + 1) * elsize);
    if (!p)
        return NULL;
    *pp = p;
    memset(p + *n * elsize, 0, elsize);
    return p + (*n)++ * elsize;
}
