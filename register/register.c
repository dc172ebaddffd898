/* register.c - the register of approved services: model, load and validation, JSON, locked
 * atomic update, history, due dates. See asx/register.h. */
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

static bool action_parse(const char *s, asx_reg_action *out)
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

static bool verdict_parse(const char *s, asx_verdict *out)
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

static bool cond_status_parse(const char *s, asx_cond_status *out)
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

static bool check_result_parse(const char *s, asx_check_result *out)
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
    if (asx_reg_in_use(e) && asx_reg_overdue_conditions(e, as_of))
        return e->status == ASX_REG_EXPIRED ? (ASX_TR(l, "期限切れ・条件未履行", "Expired, conditions overdue"))
                                            : (ASX_TR(l, "条件未履行", "Conditions overdue"));
    return asx_reg_status_label(e->status, l);
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

static void cond_clear(asx_reg_condition *c)
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
        cond_clear(&e->conditions[i]);
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
            cond_clear(&e->renewals[i].previous_conditions[k]);
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

static void *grow(void *arrayp, size_t *n, size_t elsize);

asx_error asx_register_keep(asx_register *r, const char *kind, const char *data, size_t len,
                            char *sha256)
{
    asx_reg_blob *b = grow(&r->keep, &r->nkeep, sizeof *b);
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
static void *grow(void *arrayp, size_t *n, size_t elsize)
{
    void **pp = arrayp;
    char *p = realloc(*pp, (*n + 1) * elsize);
    if (!p)
        return NULL;
    *pp = p;
    memset(p + *n * elsize, 0, elsize);
    return p + (*n)++ * elsize;
}

/* ---- parsing ---- */

typedef struct {
    const asx_json *j;
    asx_diags *d;
} pctx;

static bool is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* EXT-YYYY-NNNN (four or more digits); year into *year. */
static bool id_valid(const char *s, int *year)
{
    if (!s || strncmp(s, "EXT-", 4) != 0)
        return false;
    int y = 0;
    const char *p = s + 4;
    for (int i = 0; i < 4; i++, p++) {
        if (*p < '0' || *p > '9')
            return false;
        y = y * 10 + (*p - '0');
    }
    if (*p++ != '-')
        return false;
    size_t nd = 0;
    for (; *p; p++, nd++)
        if (*p < '0' || *p > '9' || nd >= 9)
            return false;
    if (nd < 4)
        return false;
    if (year)
        *year = y;
    return true;
}

/* The sequence number of a valid id: the digits after "EXT-YYYY-" (offset 9). */
static long id_seq(const char *id)
{
    return strtol(id + 9, NULL, 10);
}

/* A string member: required and not null, or optional (missing or null gives NULL). */
static bool p_str(pctx *c, const cJSON *obj, const char *key, bool required, char **out)
{
    const cJSON *v = asx_json_get(obj, key);
    *out = NULL;
    if (!v || cJSON_IsNull(v)) {
        if (required)
            asx_json_errf(c->j, c->d, v ? v : obj, "%s: %s", key,
                          ASX_L("必須の項目がありません", "required member missing"));
        return !required;
    }
    if (!cJSON_IsString(v)) {
        char what[64];
        asx_json_describe(v, what, sizeof what);
        asx_json_errf(c->j, c->d, v, ASX_L("%s: 文字列が必要です (%s)", "%s: expected a string, got %s"),
                      key, what);
        return false;
    }
    *out = asx_strdup(v->valuestring);
    if (!*out)
        asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return *out != NULL;
}

static bool p_date(pctx *c, const cJSON *obj, const char *key, bool required, asx_date *out,
                   bool *has)
{
    const cJSON *v = asx_json_get(obj, key);
    if (has)
        *has = false;
    if (!v || cJSON_IsNull(v)) {
        if (required)
            asx_json_errf(c->j, c->d, v ? v : obj, "%s: %s", key,
                          ASX_L("必須の項目がありません", "required member missing"));
        return !required;
    }
    if (!cJSON_IsString(v) || !asx_date_parse(v->valuestring, out)) {
        char what[64];
        asx_json_describe(v, what, sizeof what);
        asx_json_errf(c->j, c->d, v,
                      ASX_L("%s: 実在する日付 (YYYY-MM-DD) が必要です (%s)",
                            "%s: expected an existing date YYYY-MM-DD, got %s"), key, what);
        return false;
    }
    if (has)
        *has = true;
    return true;
}

static bool p_num(pctx *c, const cJSON *obj, const char *key, double lo, double hi, double *out)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v || !cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi) {
        char what[64] = "";
        if (v)
            asx_json_describe(v, what, sizeof what);
        asx_json_errf(c->j, c->d, v ? v : obj,
                      ASX_L("%s: %g から %g の数値が必要です%s%s", "%s: expected a number from %g to %g%s%s"),
                      key, lo, hi, v ? ", " : "", what);
        return false;
    }
    *out = v->valuedouble;
    return true;
}

static bool p_int(pctx *c, const cJSON *obj, const char *key, int lo, int hi, int *out)
{
    double x = 0;
    if (!p_num(c, obj, key, lo, hi, &x))
        return false;
    if (x != (double)(int)x) {
        asx_json_errf(c->j, c->d, asx_json_get(obj, key),
                      ASX_L("%s: 整数が必要です", "%s: expected an integer"), key);
        return false;
    }
    *out = (int)x;
    return true;
}

static const cJSON *p_array(pctx *c, const cJSON *obj, const char *key, bool required)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v && !required)
        return NULL;
    if (!v || !cJSON_IsArray(v)) {
        asx_json_errf(c->j, c->d, v ? v : obj, ASX_L("%s: 配列が必要です", "%s: expected an array"),
                      key);
        return NULL;
    }
    return v;
}

static bool p_object(pctx *c, const cJSON *v, const char *what)
{
    if (cJSON_IsObject(v))
        return true;
    asx_json_errf(c->j, c->d, v, ASX_L("%s: オブジェクトが必要です", "%s: expected an object"), what);
    return false;
}

static bool p_verdict(pctx *c, const cJSON *obj, const char *key, asx_verdict *out)
{
    char *s = NULL;
    if (!p_str(c, obj, key, true, &s))
        return false;
    bool ok = verdict_parse(s, out);
    if (!ok)
        asx_json_errf(c->j, c->d, asx_json_get(obj, key),
                      ASX_L("%s: 判定は approved, conditional, rejected, incomplete のいずれかです (\"%s\")",
                            "%s: expected approved, conditional, rejected or incomplete, not \"%s\""),
                      key, s);
    free(s);
    return ok;
}

static bool p_sha(pctx *c, const cJSON *obj, const char *key, bool required, char **out)
{
    if (!p_str(c, obj, key, required, out))
        return false;
    if (*out && !is_hex64(*out)) {
        asx_json_errf(c->j, c->d, asx_json_get(obj, key),
                      ASX_L("%s: SHA-256 (英小文字の16進数64桁) が必要です",
                            "%s: expected a SHA-256 (64 lowercase hex digits)"), key);
        free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

static void p_class(pctx *c, const cJSON *obj, asx_class *cls)
{
    const cJSON *v = asx_json_get(obj, "classification");
    static const char *const keys[] = {"confidentiality", "integrity", "availability", NULL};
    if (!v || !p_object(c, v, "classification"))
        return;
    asx_json_check_keys(c->j, c->d, v, keys, "classification");
    p_int(c, v, "confidentiality", 1, 3, &cls->c);
    p_int(c, v, "integrity", 1, 2, &cls->i);
    p_int(c, v, "availability", 1, 2, &cls->a);
}

static void p_pack(pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"file", "sha256", NULL};
    const cJSON *arr = p_array(c, obj, "pack", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!p_object(c, it, "pack"))
            continue;
        asx_reg_packfile *pf = grow(&e->pack, &e->npack, sizeof *pf);
        if (!pf) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        char *sha = NULL;
        asx_json_check_keys(c->j, c->d, it, keys, "pack");
        p_str(c, it, "file", true, &pf->file);
        if (pf->file && (strchr(pf->file, '/') || !*pf->file))
            asx_json_errf(c->j, c->d, asx_json_get(it, "file"),
                          ASX_L("file: フォルダを含まないファイル名が必要です",
                                "file: expected a file name without folders"));
        if (p_sha(c, it, "sha256", true, &sha) && sha)
            memcpy(pf->sha256, sha, 65);
        free(sha);
    }
}

static void p_conditions(pctx *c, const cJSON *obj, const char *key, bool required,
                         asx_reg_condition **v, size_t *nv);

static void p_renewals(pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"renewed_on", "approver", "verdict", "score",
                                       "previous_verdict", "previous_score",
                                       "previous_next_review", "answers_sha256",
                                       "previous_conditions", NULL};
    const cJSON *arr = p_array(c, obj, "renewals", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!p_object(c, it, "renewals"))
            continue;
        asx_reg_renewal *rn = grow(&e->renewals, &e->nrenewals, sizeof *rn);
        if (!rn) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        asx_json_check_keys(c->j, c->d, it, keys, "renewals");
        p_date(c, it, "renewed_on", true, &rn->renewed_on, NULL);
        p_str(c, it, "approver", false, &rn->approver);
        p_verdict(c, it, "verdict", &rn->verdict);
        p_num(c, it, "score", 0, 100, &rn->score);
        p_verdict(c, it, "previous_verdict", &rn->previous_verdict);
        p_num(c, it, "previous_score", 0, 100, &rn->previous_score);
        p_date(c, it, "previous_next_review", true, &rn->previous_next_review, NULL);
        p_sha(c, it, "answers_sha256", false, &rn->answers_sha256);
        p_conditions(c, it, "previous_conditions", false, &rn->previous_conditions,
                     &rn->nprevious_conditions);
    }
}

/* Conditions are records; an old register's plain strings become open conditions numbered in
 * order, without clause or due date (migrated on read, written back as records). */
static void p_conditions(pctx *c, const cJSON *obj, const char *key, bool required,
                         asx_reg_condition **v, size_t *nv)
{
    static const char *const keys[] = {"n", "text", "clause", "clause_local", "due", "status", "evidence", "on",
                                       "by", NULL};
    const cJSON *arr = p_array(c, obj, key, required);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        asx_reg_condition *k = grow(v, nv, sizeof *k);
        if (!k) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        k->n = *nv;
        k->status = ASX_COND_OPEN;
        if (cJSON_IsString(it)) {
            if (!(k->text = asx_strdup(it->valuestring)))
                asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            continue;
        }
        if (!cJSON_IsObject(it)) {
            asx_json_errf(c->j, c->d, it, ASX_L("conditions: 条件のオブジェクト (または文字列) が必要です",
                                                "conditions: expected condition objects (or strings)"));
            continue;
        }
        asx_json_check_keys(c->j, c->d, it, keys, "conditions");
        int n = 0;
        if (p_int(c, it, "n", 1, 100000, &n) && (size_t)n != k->n)
            asx_json_errf(c->j, c->d, asx_json_get(it, "n"),
                          ASX_L("n: 条件は 1 から順に番号が付きます (%zu 番目が %d)",
                                "n: conditions are numbered from 1 in order (item %zu is %d)"),
                          k->n, n);
        p_str(c, it, "text", true, &k->text);
        p_str(c, it, "clause", false, &k->clause);
        if (asx_json_get(it, "clause_local"))
            p_str(c, it, "clause_local", false, &k->clause_local);
        p_date(c, it, "due", false, &k->due, &k->has_due);
        char *st = NULL;
        if (p_str(c, it, "status", true, &st) && st && !cond_status_parse(st, &k->status))
            asx_json_errf(c->j, c->d, asx_json_get(it, "status"),
                          ASX_L("status: open, met, waived のいずれかです (\"%s\")",
                                "status: expected open, met or waived, not \"%s\""), st);
        free(st);
        p_str(c, it, "evidence", false, &k->evidence);
        p_date(c, it, "on", false, &k->on, &k->has_on);
        p_str(c, it, "by", false, &k->by);
        if (k->status != ASX_COND_OPEN && (!k->evidence || !k->has_on))
            asx_json_errf(c->j, c->d, it,
                          ASX_L("conditions: 履行済み・免除の条件には evidence と on が必要です",
                                "conditions: a met or waived condition needs evidence and on"));
    }
}

static void p_checks(pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"phase", "on", "by", "notes", "file_sha256", "items", NULL};
    static const char *const ikeys[] = {"item", "result", "note", NULL};
    const cJSON *arr = p_array(c, obj, "checks", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!p_object(c, it, "checks"))
            continue;
        asx_reg_check *k = grow(&e->checks, &e->nchecks, sizeof *k);
        if (!k) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        asx_json_check_keys(c->j, c->d, it, keys, "checks");
        char *ph = NULL;
        if (p_str(c, it, "phase", true, &ph) && ph && !asx_check_phase_parse(ph, &k->phase))
            asx_json_errf(c->j, c->d, asx_json_get(it, "phase"),
                          ASX_L("phase: build, operate, exit のいずれかです (\"%s\")",
                                "phase: expected build, operate or exit, not \"%s\""), ph);
        free(ph);
        p_date(c, it, "on", true, &k->on, NULL);
        p_str(c, it, "by", true, &k->by);
        p_str(c, it, "notes", false, &k->notes);
        p_sha(c, it, "file_sha256", false, &k->file_sha256);
        const cJSON *items = p_array(c, it, "items", true);
        const cJSON *x = NULL;
        cJSON_ArrayForEach(x, items)
        {
            if (!p_object(c, x, "items"))
                continue;
            asx_reg_check_item *ci = grow(&k->items, &k->nitems, sizeof *ci);
            if (!ci) {
                asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
                return;
            }
            asx_json_check_keys(c->j, c->d, x, ikeys, "items");
            p_str(c, x, "item", true, &ci->item);
            char *res = NULL;
            if (p_str(c, x, "result", true, &res) && res && !check_result_parse(res, &ci->result))
                asx_json_errf(c->j, c->d, asx_json_get(x, "result"),
                              ASX_L("result: ok, ng, na のいずれかです (\"%s\")",
                                    "result: expected ok, ng or na, not \"%s\""), res);
            free(res);
            p_str(c, x, "note", false, &ci->note);
        }
    }
}

/* "evidence": certificates recorded by register evidence (absent in older registers). */
static void p_evidence(pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"scheme", "number", "expiry", "file_sha256", "on", "by",
                                       NULL};
    const cJSON *arr = p_array(c, obj, "evidence", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!p_object(c, it, "evidence"))
            continue;
        asx_reg_evidence *v = grow(&e->evidence, &e->nevidence, sizeof *v);
        if (!v) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        asx_json_check_keys(c->j, c->d, it, keys, "evidence");
        p_str(c, it, "scheme", true, &v->scheme);
        p_str(c, it, "number", false, &v->number);
        p_date(c, it, "expiry", true, &v->expiry, NULL);
        p_sha(c, it, "file_sha256", false, &v->file_sha256);
        p_date(c, it, "on", true, &v->on, NULL);
        p_str(c, it, "by", false, &v->by);
    }
}

static void p_entry(pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {
        "id", "service", "vendor", "corporate_number", "classification", "questionnaire",
        "questionnaire_version", "verdict", "score", "conditions", "approver", "manager",
        "approved_on", "next_review", "evidence_expiry", "status", "revoked_on", "revoke_reason",
        "answers_sha256", "review_sha256", "pack_dir", "pack", "renewals", "next_check", "checks",
        "ended_on", "evidence", NULL};
    asx_json_check_keys(c->j, c->d, obj, keys, "entry");
    if (p_str(c, obj, "id", true, &e->id) && e->id && !id_valid(e->id, NULL))
        asx_json_errf(c->j, c->d, asx_json_get(obj, "id"),
                      ASX_L("id: EXT-YYYY-NNNN の形式が必要です (\"%s\")",
                            "id: expected EXT-YYYY-NNNN, not \"%s\""), e->id);
    p_str(c, obj, "service", true, &e->service);
    p_str(c, obj, "vendor", true, &e->vendor);
    if (p_str(c, obj, "corporate_number", false, &e->corporate_number) && e->corporate_number &&
        !asx_corporate_number_valid(e->corporate_number))
        asx_json_errf(c->j, c->d, asx_json_get(obj, "corporate_number"),
                      ASX_L("corporate_number: 法人番号 (13桁、検査用数字が正しいもの) ではありません",
                            "corporate_number: not a valid 13-digit corporate number"));
    p_class(c, obj, &e->cls);
    p_str(c, obj, "questionnaire", true, &e->questionnaire);
    p_str(c, obj, "questionnaire_version", true, &e->questionnaire_version);
    p_verdict(c, obj, "verdict", &e->verdict);
    p_num(c, obj, "score", 0, 100, &e->score);
    p_conditions(c, obj, "conditions", true, &e->conditions, &e->nconditions);
    p_str(c, obj, "approver", true, &e->approver);
    p_str(c, obj, "manager", true, &e->manager);
    p_date(c, obj, "approved_on", true, &e->approved_on, NULL);
    p_date(c, obj, "next_review", true, &e->next_review, NULL);
    p_date(c, obj, "evidence_expiry", false, &e->evidence_expiry, &e->has_evidence_expiry);
    char *status = NULL;
    if (p_str(c, obj, "status", true, &status) && status &&
        !asx_reg_status_parse(status, &e->status))
        asx_json_errf(c->j, c->d, asx_json_get(obj, "status"),
                      ASX_L("status: active, revoked, expired, ended のいずれかです (\"%s\")",
                            "status: expected active, revoked, expired or ended, not \"%s\""),
                      status);
    free(status);
    p_date(c, obj, "revoked_on", false, &e->revoked_on, &e->has_revoked_on);
    p_str(c, obj, "revoke_reason", false, &e->revoke_reason);
    p_sha(c, obj, "answers_sha256", false, &e->answers_sha256);
    p_sha(c, obj, "review_sha256", false, &e->review_sha256);
    p_str(c, obj, "pack_dir", false, &e->pack_dir);
    p_pack(c, obj, e);
    p_renewals(c, obj, e);
    p_date(c, obj, "next_check", false, &e->next_check, &e->has_next_check);
    p_checks(c, obj, e);
    p_date(c, obj, "ended_on", false, &e->ended_on, &e->has_ended_on);
    p_evidence(c, obj, e);
}

static void p_history(pctx *c, const cJSON *root, asx_register *r)
{
    static const char *const keys[] = {"at", "on", "user", "action", "entry", "detail", NULL};
    const cJSON *arr = p_array(c, root, "history", true);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!p_object(c, it, "history"))
            continue;
        asx_reg_event *ev = grow(&r->history, &r->nhistory, sizeof *ev);
        if (!ev) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        asx_json_check_keys(c->j, c->d, it, keys, "history");
        asx_date day;
        char head[11] = "";
        if (p_str(c, it, "at", true, &ev->at) && ev->at) {
            memcpy(head, ev->at, strnlen(ev->at, 10));
            if (!asx_date_parse(head, &day))
                asx_json_errf(c->j, c->d, asx_json_get(it, "at"),
                              ASX_L("at: ISO 8601 の日付または日時が必要です",
                                    "at: expected an ISO 8601 date or date-time"));
        }
        p_date(c, it, "on", false, &ev->on, &ev->has_on);
        p_str(c, it, "user", true, &ev->user);
        char *action = NULL;
        if (p_str(c, it, "action", true, &action) && action && !action_parse(action, &ev->action))
            asx_json_errf(c->j, c->d, asx_json_get(it, "action"),
                          ASX_L("action: add, revoke, renew, expire, condition, check, evidence のいずれかです (\"%s\")",
                                "action: expected add, revoke, renew, expire, condition, check or evidence, not \"%s\""),
                          action);
        free(action);
        p_str(c, it, "entry", true, &ev->entry);
        p_str(c, it, "detail", false, &ev->detail);
    }
}

static int seq_cmp(const void *a, const void *b)
{
    const asx_reg_seq *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

static void p_seq(pctx *c, const cJSON *root, asx_register *r)
{
    const cJSON *v = asx_json_get(root, "next_seq");
    if (!v || !p_object(c, v, "next_seq"))
        return;
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, v)
    {
        char *end = NULL;
        long y = strtol(it->string, &end, 10);
        if (strlen(it->string) != 4 || *end || y < 1900 || y > 9999) {
            asx_json_errf(c->j, c->d, it,
                          ASX_L("next_seq: キーは西暦年 (4桁) です (\"%s\")",
                                "next_seq: keys are years (4 digits), not \"%s\""), it->string);
            continue;
        }
        asx_reg_seq *s = grow(&r->seq, &r->nseq, sizeof *s);
        if (!s) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        s->year = (int)y;
        p_int(c, v, it->string, 1, 999999999, &s->next);
    }
    /* in year order whatever the file's order, as a store gives them back: a JSON register
     * migrated into SQLite exports byte for byte as it was read */
    if (r->nseq > 1)
        qsort(r->seq, r->nseq, sizeof *r->seq, seq_cmp);
}

/* An entry's id and where it was read, to find ids that appear twice (sorted: n log n, for a
 * register of 100,000 entries). */
typedef struct {
    const char *id;
    const cJSON *node;
    size_t k;
} id_ref;

static int id_ref_cmp(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

static void p_entries(pctx *c, const cJSON *root, asx_register *r)
{
    const cJSON *arr = p_array(c, root, "entries", true);
    const cJSON *it = NULL;
    id_ref *refs = NULL;
    size_t nrefs = 0;
    cJSON_ArrayForEach(it, arr)
    {
        if (!p_object(c, it, "entries"))
            continue;
        asx_reg_entry *e = grow(&r->entries, &r->nentries, sizeof *e);
        id_ref *x = e ? grow(&refs, &nrefs, sizeof *x) : NULL;
        if (!e || !x) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            free(refs);
            return;
        }
        p_entry(c, it, e);
        *x = (id_ref){e->id, asx_json_get(it, "id"), nrefs};
        if (!e->id)
            nrefs--;
    }
    if (nrefs)
        qsort(refs, nrefs, sizeof *refs, id_ref_cmp);
    for (size_t k = 1; k < nrefs; k++)
        if (strcmp(refs[k - 1].id, refs[k].id) == 0)
            asx_json_errf(c->j, c->d, refs[k].node,
                          ASX_L("id: %s が重複しています", "id: %s appears twice"), refs[k].id);
    free(refs);
}

asx_error asx_register_parse(const char *buf, size_t len, const char *file, asx_register **out,
                             asx_diags *d)
{
    static const char *const keys[] = {"format", "organization", "next_seq", "entries",
                                       "history", NULL};
    asx_json *j = NULL;
    asx_register *r = NULL;
    size_t n0 = d->n;
    *out = NULL;
    asx_error err = asx_json_parse(buf, len, file, &j, d);
    if (err)
        goto done;
    const cJSON *root = asx_json_root(j);
    pctx c = {j, d};
    err = ASX_ERR_DATA;
    if (!p_object(&c, root, ASX_L("台帳", "register")))
        goto done;
    const cJSON *fmt = asx_json_get(root, "format");
    if (!fmt || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, ASX_REGISTER_FORMAT) != 0) {
        asx_json_errf(j, d, fmt ? fmt : root,
                      ASX_L("台帳ファイルではありません (format が \"%s\" ではない)",
                            "not a register (format is not \"%s\")"), ASX_REGISTER_FORMAT);
        goto done;
    }
    r = asx_register_new(NULL);
    if (!r) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    asx_json_check_keys(j, d, root, keys, ASX_L("台帳", "register"));
    free(r->organization);
    r->organization = NULL;
    p_str(&c, root, "organization", false, &r->organization);
    if (!r->organization && !(r->organization = asx_strdup(""))) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    p_seq(&c, root, r);
    p_entries(&c, root, r);
    p_history(&c, root, r);
    if (d->n > n0)
        goto done;
    err = ASX_OK;
    *out = r;
    r = NULL;
done:
    if (err && d->n == n0)
        asx_diags_addf(d, err, file, 0, 0, "%s", asx_strerror(err));
    asx_register_free(r);
    asx_json_free(j);
    return err;
}

asx_error asx_reg_entry_parse(const char *buf, size_t len, const char *file, asx_reg_entry *e,
                              asx_diags *d)
{
    asx_json *j = NULL;
    size_t n0 = d->n;
    memset(e, 0, sizeof *e);
    asx_error err = asx_json_parse(buf, len, file, &j, d);
    if (err)
        return err;
    pctx c = {j, d};
    const cJSON *root = asx_json_root(j);
    if (p_object(&c, root, "entries"))
        p_entry(&c, root, e);
    asx_json_free(j);
    if (d->n > n0) {
        asx_reg_entry_clear(e);
        return ASX_ERR_DATA;
    }
    return ASX_OK;
}

asx_error asx_reg_event_set(asx_reg_event *ev, const char *const cols[6], const char *file,
                            asx_diags *d)
{
    asx_date day;
    char head[11] = "";
    memset(ev, 0, sizeof *ev);
    const char *at = cols[0], *on = cols[1], *user = cols[2], *action = cols[3],
               *entry = cols[4], *detail = cols[5];
    if (!at || !user || !action || !entry) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0, "history: at, user, action, entry: %s",
                       ASX_L("必須です", "required"));
        return ASX_ERR_DATA;
    }
    memcpy(head, at, strnlen(at, 10));
    if (!asx_date_parse(head, &day)) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0, "%s",
                       ASX_L("at: ISO 8601 の日付または日時が必要です",
                             "at: expected an ISO 8601 date or date-time"));
        return ASX_ERR_DATA;
    }
    if (on && !asx_date_parse(on, &ev->on)) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0, "on: %s", on);
        return ASX_ERR_DATA;
    }
    ev->has_on = on != NULL;
    if (!action_parse(action, &ev->action)) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("action: add, revoke, renew, expire, condition, check, evidence のいずれかです (\"%s\")",
                             "action: expected add, revoke, renew, expire, condition, check or evidence, not \"%s\""),
                       action);
        return ASX_ERR_DATA;
    }
    ev->at = asx_strdup(at);
    ev->user = asx_strdup(user);
    ev->entry = asx_strdup(entry);
    ev->detail = detail ? asx_strdup(detail) : NULL;
    if (!ev->at || !ev->user || !ev->entry || (detail && !ev->detail)) {
        event_clear(ev);
        return ASX_ERR_NOMEM;
    }
    return ASX_OK;
}

void asx_reg_event_clear(asx_reg_event *ev)
{
    event_clear(ev);
}

asx_error asx_register_load_file(const char *path, asx_register **out, asx_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    asx_error err = asx_read_file(path, ASX_MAX_INPUT, &buf, &len, d);
    if (!err)
        err = asx_register_parse(buf, len, path, out, d);
    free(buf);
    return err;
}

/* ---- serialising ---- */

static bool add_str(cJSON *o, const char *k, const char *s)
{
    cJSON *v = s ? cJSON_CreateString(s) : cJSON_CreateNull();
    if (!v)
        return false;
    if (!cJSON_AddItemToObject(o, k, v)) {
        cJSON_Delete(v);
        return false;
    }
    return true;
}

static bool add_date(cJSON *o, const char *k, const asx_date *dt)
{
    char iso[11];
    if (!dt)
        return add_str(o, k, NULL);
    asx_date_iso(*dt, iso);
    return add_str(o, k, iso);
}

static bool add_num(cJSON *o, const char *k, double x)
{
    return cJSON_AddNumberToObject(o, k, x) != NULL;
}

static bool add_item(cJSON *parent, const char *k, cJSON *v)
{
    if (!v)
        return false;
    bool ok = k ? cJSON_AddItemToObject(parent, k, v) : cJSON_AddItemToArray(parent, v);
    if (!ok)
        cJSON_Delete(v);
    return ok;
}

static bool conditions_json(cJSON *arr, const asx_reg_condition *v, size_t n)
{
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        const asx_reg_condition *k = &v[i];
        cJSON *p = cJSON_CreateObject();
        ok = p && add_num(p, "n", (double)k->n) && add_str(p, "text", k->text) &&
             add_str(p, "clause", k->clause) && (!k->clause_local || add_str(p, "clause_local", k->clause_local)) &&
             add_date(p, "due", k->has_due ? &k->due : NULL) &&
             add_str(p, "status", asx_cond_status_name(k->status)) &&
             add_str(p, "evidence", k->evidence) && add_date(p, "on", k->has_on ? &k->on : NULL) &&
             add_str(p, "by", k->by);
        ok = add_item(arr, NULL, p) && ok;
    }
    return ok;
}

cJSON *asx_reg_entry_json(const asx_reg_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *cls = cJSON_CreateObject(), *conds = cJSON_CreateArray(), *pack = cJSON_CreateArray(),
          *ren = cJSON_CreateArray(), *checks = cJSON_CreateArray();
    bool ok = o && cls && conds && pack && ren && checks;
    ok = ok && add_num(cls, "confidentiality", e->cls.c) && add_num(cls, "integrity", e->cls.i) &&
         add_num(cls, "availability", e->cls.a);
    ok = ok && conditions_json(conds, e->conditions, e->nconditions);
    for (size_t i = 0; ok && i < e->nchecks; i++) {
        const asx_reg_check *k = &e->checks[i];
        cJSON *p = cJSON_CreateObject(), *items = cJSON_CreateArray();
        ok = p && items && add_str(p, "phase", asx_check_phase_name(k->phase)) &&
             add_date(p, "on", &k->on) && add_str(p, "by", k->by) &&
             add_str(p, "notes", k->notes) && add_str(p, "file_sha256", k->file_sha256);
        for (size_t j = 0; ok && j < k->nitems; j++) {
            cJSON *x = cJSON_CreateObject();
            ok = x && add_str(x, "item", k->items[j].item) &&
                 add_str(x, "result", asx_check_result_name(k->items[j].result)) &&
                 add_str(x, "note", k->items[j].note);
            ok = add_item(items, NULL, x) && ok;
        }
        if (ok) {
            ok = add_item(p, "items", items);
            items = NULL;
        }
        cJSON_Delete(items);
        ok = add_item(checks, NULL, p) && ok;
    }
    for (size_t i = 0; ok && i < e->npack; i++) {
        cJSON *p = cJSON_CreateObject();
        ok = p && add_str(p, "file", e->pack[i].file) && add_str(p, "sha256", e->pack[i].sha256);
        ok = add_item(pack, NULL, p) && ok;
    }
    for (size_t i = 0; ok && i < e->nrenewals; i++) {
        const asx_reg_renewal *rn = &e->renewals[i];
        cJSON *p = cJSON_CreateObject();
        ok = p && add_date(p, "renewed_on", &rn->renewed_on) &&
             add_str(p, "approver", rn->approver) &&
             add_str(p, "verdict", asx_verdict_name(rn->verdict)) &&
             add_num(p, "score", rn->score) &&
             add_str(p, "previous_verdict", asx_verdict_name(rn->previous_verdict)) &&
             add_num(p, "previous_score", rn->previous_score) &&
             add_date(p, "previous_next_review", &rn->previous_next_review) &&
             add_str(p, "answers_sha256", rn->answers_sha256);
        if (ok && rn->nprevious_conditions) {
            cJSON *pc = cJSON_CreateArray();
            ok = pc && conditions_json(pc, rn->previous_conditions, rn->nprevious_conditions);
            ok = add_item(p, "previous_conditions", pc) && ok;
        }
        ok = add_item(ren, NULL, p) && ok;
    }
    ok = ok && add_str(o, "id", e->id) && add_str(o, "service", e->service) &&
         add_str(o, "vendor", e->vendor) && add_str(o, "corporate_number", e->corporate_number);
    ok = ok && add_item(o, "classification", cls);
    cls = NULL;
    ok = ok && add_str(o, "questionnaire", e->questionnaire) &&
         add_str(o, "questionnaire_version", e->questionnaire_version) &&
         add_str(o, "verdict", asx_verdict_name(e->verdict)) && add_num(o, "score", e->score);
    ok = ok && add_item(o, "conditions", conds);
    conds = NULL;
    ok = ok && add_str(o, "approver", e->approver) && add_str(o, "manager", e->manager) &&
         add_date(o, "approved_on", &e->approved_on) &&
         add_date(o, "next_review", &e->next_review) &&
         add_date(o, "evidence_expiry", e->has_evidence_expiry ? &e->evidence_expiry : NULL) &&
         add_str(o, "status", asx_reg_status_name(e->status)) &&
         add_date(o, "revoked_on", e->has_revoked_on ? &e->revoked_on : NULL) &&
         add_str(o, "revoke_reason", e->revoke_reason) &&
         add_str(o, "answers_sha256", e->answers_sha256) &&
         (!e->review_sha256 || add_str(o, "review_sha256", e->review_sha256)) && add_str(o, "pack_dir", e->pack_dir);
    ok = ok && add_item(o, "pack", pack);
    pack = NULL;
    ok = ok && add_item(o, "renewals", ren);
    ren = NULL;
    ok = ok && add_date(o, "next_check", e->has_next_check ? &e->next_check : NULL);
    ok = ok && add_item(o, "checks", checks);
    checks = NULL;
    ok = ok && add_date(o, "ended_on", e->has_ended_on ? &e->ended_on : NULL);
    if (ok && e->nevidence) { /* absent until a certificate is recorded: older registers stay as they were */
        cJSON *ev = cJSON_CreateArray();
        ok = ev != NULL;
        for (size_t i = 0; ok && i < e->nevidence; i++) {
            const asx_reg_evidence *v = &e->evidence[i];
            cJSON *x = cJSON_CreateObject();
            ok = x && add_str(x, "scheme", v->scheme) && add_str(x, "number", v->number) &&
                 add_date(x, "expiry", &v->expiry) && add_str(x, "file_sha256", v->file_sha256) &&
                 add_date(x, "on", &v->on) && add_str(x, "by", v->by);
            ok = add_item(ev, NULL, x) && ok;
        }
        ok = add_item(o, "evidence", ev) && ok;
    }
    cJSON_Delete(cls);
    cJSON_Delete(conds);
    cJSON_Delete(pack);
    cJSON_Delete(ren);
    cJSON_Delete(checks);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *event_json(const asx_reg_event *ev)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && add_str(o, "at", ev->at) &&
              (!ev->has_on || add_date(o, "on", &ev->on)) && add_str(o, "user", ev->user) &&
              add_str(o, "action", asx_reg_action_name(ev->action)) &&
              add_str(o, "entry", ev->entry) && add_str(o, "detail", ev->detail);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *asx_register_to_json(const asx_register *r)
{
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *seq = cJSON_CreateObject(), *entries = cJSON_CreateArray(), *hist = cJSON_CreateArray();
    bool ok = root && seq && entries && hist;
    for (size_t i = 0; ok && i < r->nseq; i++) {
        char key[16];
        snprintf(key, sizeof key, "%04d", r->seq[i].year);
        ok = add_num(seq, key, r->seq[i].next);
    }
    for (size_t i = 0; ok && i < r->nentries; i++)
        ok = add_item(entries, NULL, asx_reg_entry_json(&r->entries[i]));
    for (size_t i = 0; ok && i < r->nhistory; i++)
        ok = add_item(hist, NULL, event_json(&r->history[i]));
    ok = ok && add_str(root, "format", ASX_REGISTER_FORMAT) &&
         add_str(root, "organization", r->organization ? r->organization : "");
    ok = ok && add_item(root, "next_seq", seq);
    seq = NULL;
    ok = ok && add_item(root, "entries", entries);
    entries = NULL;
    ok = ok && add_item(root, "history", hist);
    hist = NULL;
    if (ok) {
        char *s = cJSON_Print(root);
        if (s) {
            text = asx_strdupf("%s\n", s);
            cJSON_free(s);
        }
    }
    cJSON_Delete(seq);
    cJSON_Delete(entries);
    cJSON_Delete(hist);
    cJSON_Delete(root);
    return text;
}

/* ---- export --json, streamed ---- */

typedef struct {
    FILE *out;
    const asx_reg_status *status;
    char *mid, *tail; /* the text between the entries and the history, and after it */
    size_t nentries, nevents;
    bool events_begun;
} json_stream;

/* v printed as cJSON_Print prints it as an element of a member of the root (two levels down:
 * every line after the first indented by two more tabs), after sep. */
static asx_error put_nested(FILE *out, cJSON *v, const char *sep)
{
    char *p = v ? cJSON_Print(v) : NULL;
    cJSON_Delete(v);
    if (!p)
        return ASX_ERR_NOMEM;
    fputs(sep, out);
    for (const char *c = p; *c; c++) {
        putc(*c, out);
        if (*c == '\n')
            fputs("\t\t", out);
    }
    cJSON_free(p);
    return ferror(out) ? ASX_ERR_IO : ASX_OK;
}

static asx_error js_head(void *p, const char *organization, const asx_reg_seq *seq, size_t nseq,
                         asx_diags *d)
{
    (void)d;
    json_stream *js = p;
    asx_register r = {.organization = (char *)organization, .seq = (asx_reg_seq *)seq,
                      .nseq = nseq};
    char *text = asx_register_to_json(&r); /* the same root, with no entries and no history */
    if (!text)
        return ASX_ERR_NOMEM;
    char *e = strstr(text, "\"entries\":\t[]"), *h = strstr(text, "\"history\":\t[]");
    if (!e || !h || h < e) {
        free(text);
        return ASX_ERR_INTERNAL;
    }
    e += strlen("\"entries\":\t[");
    h += strlen("\"history\":\t[");
    js->mid = asx_strndup(e, (size_t)(h - e));     /* "],\n\t\"history\":\t[" */
    js->tail = asx_strdup(h);                      /* "]\n}\n" */
    if (js->mid && js->tail)
        fwrite(text, 1, (size_t)(e - text), js->out);
    free(text);
    return js->mid && js->tail ? ASX_OK : ASX_ERR_NOMEM;
}

static asx_error js_entry(void *p, asx_reg_entry *e, asx_diags *d)
{
    (void)d;
    json_stream *js = p;
    if (js->status && e->status != *js->status)
        return ASX_OK;
    return put_nested(js->out, asx_reg_entry_json(e), js->nentries++ ? ", " : "");
}

static asx_error js_event(void *p, const asx_reg_event *ev, asx_diags *d)
{
    (void)d;
    json_stream *js = p;
    if (!js->events_begun) {
        fputs(js->mid, js->out);
        js->events_begun = true;
    }
    return put_nested(js->out, event_json(ev), js->nevents++ ? ", " : "");
}

asx_error asx_register_export_json(const char *path, int wait_seconds, const asx_date *as_of,
                                   const asx_reg_status *status, FILE *out, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    json_stream js = {.out = out, .status = status};
    static const asx_store_visitor v = {js_head, js_entry, js_event};
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_scan(st, as_of, true, &v, &js, d);
    asx_store_close(st);
    if (!err) {
        if (!js.events_begun)
            fputs(js.mid, out);
        fputs(js.tail, out);
        if (ferror(out))
            err = ASX_ERR_IO;
    }
    free(js.mid);
    free(js.tail);
    return err;
}

/* ---- changes ---- */

static const char *default_user(const char *user)
{
    if (user && *user)
        return user;
    const char *u = getenv("USER");
    if (u && *u)
        return u;
    u = getenv("LOGNAME");
    if (u && *u)
        return u;
    const struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && *pw->pw_name)
        return pw->pw_name;
    return "unknown";
}

/* Now as 2026-11-20T10:15:00+09:00; SOURCE_DATE_EPOCH (UTC) makes it reproducible. */
static void now_iso(char buf[64])
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    struct tm tm;
    bool utc = false;
    if (sde && *sde) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0) {
            t = (time_t)v;
            utc = true;
        }
    }
    if (utc ? !gmtime_r(&t, &tm) : !localtime_r(&t, &tm)) {
        snprintf(buf, 64, "1970-01-01T00:00:00Z");
        return;
    }
    long off = utc ? 0 : tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    int oh = (int)(off / 3600 % 24), om = (int)(off / 60 % 60);
    snprintf(buf, 64, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (tm.tm_year + 1900) % 10000,
             (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
             tm.tm_sec % 100, sign, oh, om);
}

asx_error asx_register_log(asx_register *r, const char *user, asx_reg_action action,
                           const char *entry, asx_date on, const char *detail)
{
    char at[64];
    now_iso(at);
    asx_reg_event *ev = grow(&r->history, &r->nhistory, sizeof *ev);
    if (!ev)
        return ASX_ERR_NOMEM;
    ev->at = asx_strdup(at);
    ev->user = asx_strdup(default_user(user));
    ev->action = action;
    ev->has_on = true;
    ev->on = on;
    ev->entry = asx_strdup(entry);
    ev->detail = asx_strdup(detail);
    if (!ev->at || !ev->user || !ev->entry || (detail && !ev->detail))
        return ASX_ERR_NOMEM;
    return ASX_OK;
}

static int *seq_slot(asx_register *r, int year)
{
    for (size_t i = 0; i < r->nseq; i++)
        if (r->seq[i].year == year)
            return &r->seq[i].next;
    asx_reg_seq *s = grow(&r->seq, &r->nseq, sizeof *s);
    if (!s)
        return NULL;
    s->year = year;
    s->next = 1;
    return &s->next;
}

/* The next id of the year: the stored counter, but never one that is taken (a hand-edited
 * register may have a counter behind its entries). */
static asx_error next_id(asx_register *r, int year, char *id, size_t size)
{
    int *next = seq_slot(r, year);
    if (!next)
        return ASX_ERR_NOMEM;
    long n = *next;
    for (size_t i = 0; i < r->nentries; i++) {
        int y = 0;
        if (id_valid(r->entries[i].id, &y) && y == year && id_seq(r->entries[i].id) >= n)
            n = id_seq(r->entries[i].id) + 1;
    }
    if (n > 999999999)
        return ASX_ERR_DATA;
    snprintf(id, size, "EXT-%04d-%04ld", year, n);
    *next = (int)n + 1;
    return ASX_OK;
}

/* Conditions: every major and minor finding of a conditional result (with its clause and the
 * due date the result gives it), then the user's, numbered on from there. in->condition_due
 * replaces every due date; the user's conditions otherwise fall due condition_due_days after
 * the decision, like the result's. */
static asx_error set_conditions(asx_reg_entry *e, const asx_reg_input *in)
{
    const asx_result *res = in->result;
    for (size_t i = 0; i < e->nconditions; i++)
        cond_clear(&e->conditions[i]);
    free(e->conditions);
    e->conditions = NULL;
    e->nconditions = 0;
    asx_date user_due = in->condition_due
                            ? *in->condition_due
                            : asx_date_add_days(in->date, res->policy->condition_due_days);
    for (size_t i = 0; i < res->nconditions + in->nconditions; i++) {
        asx_reg_condition *k = grow(&e->conditions, &e->nconditions, sizeof *k);
        if (!k)
            return ASX_ERR_NOMEM;
        k->n = e->nconditions;
        k->status = ASX_COND_OPEN;
        k->has_due = true;
        if (i < res->nconditions) {
            const asx_condition *c = &res->conditions[i];
            k->text = asx_strdup(asx_finding_msg(c->finding, in->lang));
            k->clause = asx_strdup(c->finding->clause);
            if (c->finding->clause && c->finding->clause_local && strcmp(c->finding->clause, c->finding->clause_local) != 0 &&
                !(k->clause_local = asx_strdup(c->finding->clause_local)))
                return ASX_ERR_NOMEM;
            k->due = in->condition_due ? *in->condition_due : c->due;
            if (!k->text || (c->finding->clause && !k->clause))
                return ASX_ERR_NOMEM;
        } else {
            k->text = asx_strdup(in->conditions[i - res->nconditions]);
            k->due = user_due;
            if (!k->text)
                return ASX_ERR_NOMEM;
        }
    }
    return ASX_OK;
}

/* A new pack replaces the old one; without one (a renewal with no --pack) the old one stays. */
static asx_error set_pack(asx_reg_entry *e, const asx_reg_input *in)
{
    if (!in->pack_dir)
        return ASX_OK;
    for (size_t i = 0; i < e->npack; i++)
        free(e->pack[i].file);
    free(e->pack);
    free(e->pack_dir);
    e->pack = NULL;
    e->npack = 0;
    e->pack_dir = NULL;
    if (!(e->pack_dir = asx_strdup(in->pack_dir)))
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < in->npack; i++) {
        asx_reg_packfile *pf = grow(&e->pack, &e->npack, sizeof *pf);
        if (!pf || !(pf->file = asx_strdup(in->pack[i].file)))
            return ASX_ERR_NOMEM;
        memcpy(pf->sha256, in->pack[i].sha256, 65);
    }
    return ASX_OK;
}

static bool registrable(asx_verdict v);

/* Whether name is <stem>_<YYYY-MM-DD><ext>; the date into *dt. */
static asx_error find_by_name(const char *dir, const char *stem, asx_date date, char **pdf,
                              char **xlsx, asx_diags *d);

static bool pack_file_of(const char *name, const char *stem, const char *ext, asx_date *dt)
{
    size_t ls = strlen(stem), le = strlen(ext), n = strlen(name);
    char iso[11];
    if (n != ls + 11 + le || strncmp(name, stem, ls) != 0 || name[ls] != '_' ||
        strcmp(name + n - le, ext) != 0)
        return false;
    memcpy(iso, name + ls + 1, 10);
    iso[10] = '\0';
    return asx_date_parse(iso, dt);
}

asx_error asx_register_pack_manifest(const char *answers_file, const char *name, char **out,
                                     asx_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    char sha[65];
    *out = NULL;
    asx_error err = asx_read_file(answers_file, ASX_MAX_INPUT, &buf, &len, d);
    if (err)
        return err;
    bool ok = asx_sha256_mem(buf, len, sha);
    free(buf);
    if (!ok)
        return ASX_ERR_INTERNAL;
    cJSON *root = cJSON_CreateObject();
    char *pdf = asx_strdupf("%s.pdf", name), *xlsx = asx_strdupf("%s.xlsx", name);
    ok = root && pdf && xlsx && add_str(root, "format", ASX_PACK_FORMAT) &&
         add_str(root, "answers_sha256", sha) && add_str(root, "pdf", pdf) &&
         add_str(root, "xlsx", xlsx);
    free(pdf);
    free(xlsx);
    char *p = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    *out = p ? asx_strdupf("%s\n", p) : NULL;
    cJSON_free(p);
    return *out ? ASX_OK : ASX_ERR_NOMEM;
}

/* The pack's pair in manifest file name of dir when it names answers_sha256: its stem (new). */
static char *manifest_stem(const char *dir, const char *name, const char *answers_sha256)
{
    size_t n = strlen(name), m = strlen(ASX_PACK_MANIFEST);
    if (n <= m || strcmp(name + n - m, ASX_PACK_MANIFEST) != 0)
        return NULL;
    char *path = asx_strdupf("%s/%s", dir, name), *buf = NULL, *stem = NULL;
    size_t len = 0;
    asx_diags tmp;
    asx_diags_init(&tmp);
    if (path && asx_read_file(path, 64 * 1024, &buf, &len, &tmp) == ASX_OK) {
        cJSON *root = cJSON_ParseWithLength(buf, len);
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "format");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(root, "answers_sha256");
        const cJSON *pdf = cJSON_GetObjectItemCaseSensitive(root, "pdf");
        const cJSON *xlsx = cJSON_GetObjectItemCaseSensitive(root, "xlsx");
        char *want_pdf = asx_strndup(name, n - m);
        /* the manifest names the pair beside it (<stem>.pdf and .xlsx), nothing elsewhere */
        if (want_pdf && cJSON_IsString(f) && strcmp(f->valuestring, ASX_PACK_FORMAT) == 0 &&
            cJSON_IsString(sha) && strcmp(sha->valuestring, answers_sha256) == 0 &&
            cJSON_IsString(pdf) && cJSON_IsString(xlsx)) {
            char *p = asx_strdupf("%s.pdf", want_pdf), *x = asx_strdupf("%s.xlsx", want_pdf);
            if (p && x && strcmp(pdf->valuestring, p) == 0 && strcmp(xlsx->valuestring, x) == 0) {
                stem = want_pdf;
                want_pdf = NULL;
            }
            free(p);
            free(x);
        }
        free(want_pdf);
        cJSON_Delete(root);
    }
    asx_diags_free(&tmp);
    free(buf);
    free(path);
    return stem;
}

/* The pack of the answers of SHA-256 answers_sha256 in dir, by the manifests `pack` writes:
 * ASX_OK with *stem (new) when one pack (or one of date) is theirs; ASX_ERR_NOINPUT when no
 * manifest names them (an older pack: found by its name); ASX_ERR_DATA when several do. */
static asx_error find_by_manifest(const char *dir, const char *answers_sha256, asx_date date,
                                  char **stem, asx_diags *d)
{
    DIR *dp = opendir(dir);
    asx_buf found = {0};
    size_t nfound = 0;
    char *pick = NULL;
    bool exact = false;
    *stem = NULL;
    if (!dp)
        return ASX_ERR_NOINPUT; /* reported by the search by name */
    const struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        char *st = manifest_stem(dir, de->d_name, answers_sha256);
        if (!st)
            continue;
        char *p = asx_strdupf("%s/%s.pdf", dir, st), *x = asx_strdupf("%s/%s.xlsx", dir, st);
        bool pair = p && x && access(p, F_OK) == 0 && access(x, F_OK) == 0;
        free(p);
        free(x);
        size_t n = strlen(st);
        char iso[11];
        asx_date dt;
        bool of_date = n >= 10 && (memcpy(iso, st + n - 10, 10), iso[10] = '\0',
                                   asx_date_parse(iso, &dt)) &&
                       asx_date_cmp(dt, date) == 0;
        if (!pair) {
            free(st);
            continue;
        }
        nfound++;
        asx_buf_addf(&found, "%s%s.pdf", found.len ? ", " : "", st);
        if (of_date || (!exact && !pick)) {
            free(pick);
            pick = st;
            exact = exact || of_date;
        } else {
            free(st);
        }
    }
    closedir(dp);
    asx_error err = ASX_OK;
    if (nfound == 0) {
        err = ASX_ERR_NOINPUT;
    } else if (!exact && nfound > 1) {
        asx_diags_addf(d, ASX_ERR_DATA, dir, 0, 0,
                       ASX_L("この回答 (SHA-256 %.12s…) の承認資料が %zu 組あり、どれか決められません (%s)。--date に起案日を指定するか、不要な組を移してください",
                             "the answers (SHA-256 %.12s…) have %zu packs, none of them of the decision date (%s); give the pack's date with --date or move the others away"),
                       answers_sha256, nfound, asx_buf_str(&found));
        err = ASX_ERR_DATA;
    } else {
        *stem = pick;
        pick = NULL;
    }
    free(pick);
    asx_buf_free(&found);
    return err;
}

asx_error asx_register_find_pack(const char *dir, const char *stem, asx_date date,
                                 const char *answers_sha256, char **pdf, char **xlsx,
                                 asx_diags *d)
{
    if (answers_sha256) {
        char *mine = NULL;
        asx_error err = find_by_manifest(dir, answers_sha256, date, &mine, d);
        if (err != ASX_ERR_NOINPUT) {
            *pdf = *xlsx = NULL;
            if (!err && (!(*pdf = asx_strdupf("%s.pdf", mine)) ||
                         !(*xlsx = asx_strdupf("%s.xlsx", mine))))
                err = ASX_ERR_NOMEM;
            free(mine);
            return err;
        }
    }
    return find_by_name(dir, stem, date, pdf, xlsx, d);
}

/* A pack without a manifest (made before manifests): by the names `pack` gives its pair. */
static asx_error find_by_name(const char *dir, const char *stem, asx_date date, char **pdf,
                              char **xlsx, asx_diags *d)
{
    DIR *dp = opendir(dir);
    asx_buf found = {0};
    size_t npairs = 0;
    char *only = NULL;
    bool exact = false;
    *pdf = *xlsx = NULL;
    if (!dp) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, dir, 0, 0, ASX_L("承認資料のフォルダを開けません: %s", "cannot open the pack folder: %s"),
                       strerror(errno));
        return ASX_ERR_NOINPUT;
    }
    const struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        asx_date dt;
        if (!pack_file_of(de->d_name, stem, ".pdf", &dt))
            continue;
        char *x = asx_strdupf("%s/%.*s.xlsx", dir, (int)(strlen(de->d_name) - 4), de->d_name);
        bool pair = x && access(x, F_OK) == 0;
        free(x);
        if (!pair)
            continue;
        npairs++;
        asx_buf_addf(&found, "%s%s", found.len ? ", " : "", de->d_name);
        if (asx_date_cmp(dt, date) == 0 || (!exact && !only)) {
            free(only);
            only = asx_strndup(de->d_name, strlen(de->d_name) - 4);
            exact = exact || asx_date_cmp(dt, date) == 0;
        }
    }
    closedir(dp);
    asx_error err = ASX_OK;
    if (npairs == 0) {
        char iso[11];
        asx_date_iso(date, iso);
        asx_diags_addf(d, ASX_ERR_NOINPUT, dir, 0, 0,
                       ASX_L("%s_<日付>.pdf と .xlsx (assess pack が作成するもの) がありません (例: %s_%s.pdf)",
                             "no %s_<date>.pdf and .xlsx (as assess pack writes them) in it (e.g. %s_%s.pdf)"),
                       stem, stem, iso);
        err = ASX_ERR_NOINPUT;
    } else if (!exact && npairs > 1) {
        asx_diags_addf(d, ASX_ERR_DATA, dir, 0, 0,
                       ASX_L("この評価の承認資料が %zu 組あり、どれか決められません (%s)。--date に起案日を指定するか、不要な組を移してください",
                             "%zu packs of this assessment, none of them of the decision date (%s); give the pack's date with --date or move the others away"),
                       npairs, asx_buf_str(&found));
        err = ASX_ERR_DATA;
    } else if (!only || !(*pdf = asx_strdupf("%s.pdf", only)) || !(*xlsx = asx_strdupf("%s.xlsx", only))) {
        err = ASX_ERR_NOMEM;
    }
    free(only);
    asx_buf_free(&found);
    return err;
}

asx_error asx_register_hash_pack(const char *dir, const char *const *files, size_t n,
                                 char **dir_abs, asx_reg_packfile *pf, asx_diags *d)
{
    asx_error err = ASX_OK;
    *dir_abs = realpath(dir, NULL);
    if (!*dir_abs) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, dir, 0, 0, ASX_L("承認資料のフォルダがありません", "no such pack folder"));
        return ASX_ERR_NOINPUT;
    }
    for (size_t i = 0; i < n && !err; i++) {
        pf[i].file = asx_strdup(files[i]);
        char *path = pf[i].file ? asx_strdupf("%s/%s", *dir_abs, pf[i].file) : NULL;
        err = path ? asx_sha256_file(path, pf[i].sha256, d) : ASX_ERR_NOMEM;
        if (err && err != ASX_ERR_NOMEM)
            asx_diags_addf(d, err, path, 0, 0,
                           ASX_L("承認資料を読めません (assess pack で作成したフォルダを --pack に指定してください)",
                                 "cannot read the pack file (give --pack the folder assess pack wrote)"));
        free(path);
    }
    return err;
}

asx_error asx_register_check_result(const asx_result *res, const char *what, asx_diags *d)
{
    const asx_answers *a = res->answers;
    if (asx_date_cmp(res->decided_on, a->date) < 0) {
        /* an approval cannot precede the answers it approves (a slip in --date's year) */
        char decided[11], answered[11];
        asx_date_iso(res->decided_on, decided);
        asx_date_iso(a->date, answered);
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("判定日 %s が回答日 %s より前のため%sできません (--date を確認してください)",
                             "the decision date %s is before the answers' date %s, so it cannot be %s (check --date)"),
                       decided, answered, what);
        return ASX_ERR_DATA;
    }
    if (registrable(res->verdict))
        return ASX_OK;
    asx_buf why = {0};
    if (res->verdict == ASX_VERDICT_REJECTED) {
        asx_buf_addf(&why, ASX_L("必須条件違反 %zu 件、重大な指摘 %zu 件、点数 %.1f",
                                 "%zu knockout(s), %zu major finding(s), score %.1f"),
                     res->count[ASX_SEV_KNOCKOUT], res->count[ASX_SEV_MAJOR], res->score);
    } else if (res->verdict == ASX_VERDICT_PENDING) {
        char *w = asx_result_pending_text(res, asx_ui_lang);
        asx_buf_addf(&why, ASX_L("判断待ち: %s", "awaiting: %s"), w ? w : "");
        free(w);
    } else {
        asx_buf_addf(&why, ASX_L("必須の設問 %zu 問が未回答", "%zu required question(s) unanswered"),
                     res->nunanswered);
    }
    asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                   ASX_L("判定が「%s」(%s) のため%sできません (%s)。承認または条件付き承認の評価のみ台帳に記録できます",
                         "the verdict is %s (%s), so it cannot be %s (%s); only approved or "
                         "conditional results go into the register"),
                   asx_verdict_label(res->verdict, asx_ui_lang), asx_verdict_name(res->verdict),
                   what, asx_buf_str(&why));
    asx_buf_free(&why);
    return ASX_ERR_DATA;
}

static bool registrable(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED:
    case ASX_VERDICT_CONDITIONAL:
        return true;
    case ASX_VERDICT_REJECTED:
    case ASX_VERDICT_INCOMPLETE:
    case ASX_VERDICT_PENDING:
        return false;
    }
    return false;
}

/* Fill the members an add and a renewal share from the input. */
static asx_error fill_from_result(asx_reg_entry *e, const asx_reg_input *in)
{
    const asx_result *res = in->result;
    const asx_answers *a = res->answers;
    free(e->questionnaire);
    free(e->questionnaire_version);
    free(e->answers_sha256);
    e->questionnaire = asx_strdup(res->bank->id);
    e->questionnaire_version = asx_strdup(a->bank_version ? a->bank_version : res->bank->version);
    e->answers_sha256 = asx_strdup(in->answers_sha256);
    free(e->review_sha256);
    e->review_sha256 = asx_strdup(in->review_sha256);
    if (!e->questionnaire || !e->questionnaire_version ||
        (in->answers_sha256 && !e->answers_sha256) || (in->review_sha256 && !e->review_sha256))
        return ASX_ERR_NOMEM;
    e->cls = a->cls;
    e->verdict = res->verdict;
    e->score = res->score;
    e->next_review = res->next_review;
    e->has_evidence_expiry = res->has_evidence_expiry;
    e->evidence_expiry = res->evidence_expiry;
    asx_error err = set_conditions(e, in);
    if (!err)
        err = set_pack(e, in);
    return err;
}

/* A name as people compare it: spaces (ASCII and U+3000) dropped, full-width ASCII made ASCII,
 * ASCII letters lower-cased, and the company-form words (株式会社, 有限会社, 合同会社, (株), ㈱)
 * dropped, so 「株式会社みなとクラウド」 and 「みなとクラウド（株）」 are one vendor. Caller frees. */
static char *norm_name(const char *s)
{
    static const char *const drop[] = {"株式会社", "有限会社", "合同会社", "(株)", "（株）", "㈱",
                                       NULL};
    asx_buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        bool dropped = false;
        for (int k = 0; drop[k]; k++) {
            size_t n = strlen(drop[k]);
            if (strncmp((const char *)p, drop[k], n) == 0) {
                p += n;
                dropped = true;
                break;
            }
        }
        if (dropped)
            continue;
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
            p += 3;
            continue;
        }
        /* U+FF01..U+FF5E: EF BC 81..EF BC BF, EF BD 80..EF BD 9E */
        if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
            unsigned cp = 0xFF00u + (unsigned)(p[1] == 0xBC ? 0 : 0x40) + (p[2] - 0x80u);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                char c = (char)(cp - 0xFF01 + 0x21);
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                if (c == '(' || c == ')') { /* （株） is handled above; other brackets stay */
                }
                asx_buf_addf(&b, "%c", c);
                p += 3;
                continue;
            }
        }
        char c = (char)*p++;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        asx_buf_addf(&b, "%c", c);
    }
    if (!b.s && !b.oom)
        return asx_strdup("");
    return asx_buf_take(&b);
}

char *asx_reg_name_key(const char *s)
{
    return norm_name(s);
}

static bool same_name(const char *a, const char *b)
{
    char *x = norm_name(a), *y = norm_name(b);
    bool same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

static bool same_vendor(const asx_reg_entry *e, const asx_answers *a)
{
    if (e->corporate_number && a->corporate_number)
        return strcmp(e->corporate_number, a->corporate_number) == 0;
    return same_name(e->vendor, a->vendor_name);
}

/* The entry in use for the same vendor and service, or NULL. */
static const asx_reg_entry *entry_in_use(const asx_register *r, const asx_answers *a)
{
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        if (asx_reg_in_use(e) && same_vendor(e, a) && same_name(e->service, a->service_name))
            return e;
    }
    return NULL;
}

/* Whether the entry's status on as_of is expired: its review passed, or its evidence did. */
static bool lapsed(const asx_reg_entry *e, asx_date as_of)
{
    return asx_date_cmp(e->next_review, as_of) < 0 ||
           (e->has_evidence_expiry && asx_date_cmp(e->evidence_expiry, as_of) < 0);
}

asx_error asx_register_add(asx_register *r, const asx_reg_input *in, char *id_out, size_t size,
                           asx_diags *d)
{
    const asx_result *res = in->result;
    const asx_answers *a = res->answers;
    char id[32];
    asx_error err = asx_register_check_result(res, ASX_L("台帳に登録", "registered"), d);
    if (err)
        return err;
    const asx_reg_entry *dup = entry_in_use(r, a);
    if (dup) {
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("%s (%s) は %s として登録済みです (状態: %s)。再監査の結果は assess register renew %s で記録してください",
                             "%s (%s) is already registered as %s (status: %s); record a re-audit with assess register renew %s"),
                       a->service_name, a->vendor_name, dup->id,
                       asx_reg_status_label(dup->status, asx_ui_lang), dup->id);
        return ASX_ERR_DATA;
    }
    err = next_id(r, in->date.y, id, sizeof id);
    if (err == ASX_ERR_DATA)
        asx_diags_addf(d, err, NULL, 0, 0, "%d: sequence exhausted", in->date.y);
    if (err)
        return err;
    asx_reg_entry *e = grow(&r->entries, &r->nentries, sizeof *e);
    if (!e)
        return ASX_ERR_NOMEM;
    e->id = asx_strdup(id);
    e->service = asx_strdup(a->service_name);
    e->vendor = asx_strdup(a->vendor_name);
    e->corporate_number = asx_strdup(a->corporate_number);
    e->approver = asx_strdup(in->approver);
    e->manager = asx_strdup(in->manager);
    e->approved_on = in->date;
    e->status = ASX_REG_ACTIVE;
    if (!e->id || !e->service || !e->vendor || (a->corporate_number && !e->corporate_number) ||
        !e->approver || !e->manager)
        return ASX_ERR_NOMEM;
    err = fill_from_result(e, in);
    if (err)
        return err;
    e->has_next_check = true;
    e->next_check = asx_next_review(res->policy, in->date);
    /* the history is read by people: the verdict in their words (「条件付き承認 96.0 点」) */
    char *detail = asx_strdupf(ASX_L("%s / %s: %s %.1f 点", "%s / %s: %s %.1f"), e->service, e->vendor,
                               asx_verdict_label(e->verdict, asx_ui_lang), e->score);
    if (!detail)
        return ASX_ERR_NOMEM;
    err = asx_register_log(r, in->user, ASX_REG_ADD, id, in->date, detail);
    free(detail);
    if (!err)
        snprintf(id_out, size, "%s", id);
    return err;
}

static asx_reg_entry *find_or_report(asx_register *r, const char *id, asx_diags *d)
{
    asx_reg_entry *e = asx_register_find(r, id);
    if (!e)
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("台帳に %s はありません (assess register list で一覧)",
                             "no entry %s in the register (see assess register list)"), id);
    return e;
}

/* An entry that is revoked or ended takes no more changes. */
static bool refuse_closed(const asx_reg_entry *e, const char *what, asx_diags *d)
{
    if (asx_reg_in_use(e))
        return false;
    asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                   e->status == ASX_REG_REVOKED
                       ? ASX_L("%s は取り消し済みのため%sできません。新たに register add してください",
                               "%s is revoked and cannot be %s; use register add")
                       : ASX_L("%s は利用終了 (終了時の点検済み) のため%sできません。新たに register add してください",
                               "%s has ended (exit check recorded) and cannot be %s; use register add"),
                   e->id, what);
    return true;
}

static int verdict_rank(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED: return 3;
    case ASX_VERDICT_CONDITIONAL: return 2;
    case ASX_VERDICT_PENDING:
    case ASX_VERDICT_INCOMPLETE: return 1;
    case ASX_VERDICT_REJECTED: return 0;
    }
    return 0;
}

bool asx_reg_renewal_regressed(const asx_reg_renewal *rn)
{
    return verdict_rank(rn->verdict) < verdict_rank(rn->previous_verdict) ||
           rn->score < rn->previous_score;
}

asx_error asx_register_renew(asx_register *r, const char *id, const asx_reg_input *in,
                             asx_diags *d)
{
    const asx_result *res = in->result;
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("更新", "renewed"), d))
        return ASX_ERR_DATA;
    if (!in->approver || !*in->approver) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("更新には許可権限者 (--approver) が必要です",
                             "a renewal needs the approver (--approver)"));
        return ASX_ERR_DATA;
    }
    if (!same_vendor(e, res->answers) || !same_name(e->service, res->answers->service_name)) {
        asx_diags_addf(d, ASX_ERR_DATA, res->answers->file, 0, 0,
                       ASX_L("回答のサービス (%s / %s) が台帳 %s のサービス (%s / %s) と一致しません",
                             "the answers are for %s / %s, but %s is for %s / %s"),
                       res->answers->service_name, res->answers->vendor_name, id, e->service,
                       e->vendor);
        return ASX_ERR_DATA;
    }
    if (asx_register_check_result(res, ASX_L("更新", "renewed"), d))
        return ASX_ERR_DATA;
    if (asx_date_cmp(in->date, e->approved_on) < 0) {
        char iso[11];
        asx_date_iso(e->approved_on, iso);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("更新日が承認日 (%s) より前です", "the renewal date is before the approval (%s)"),
                       iso);
        return ASX_ERR_DATA;
    }
    asx_reg_renewal *rn = grow(&e->renewals, &e->nrenewals, sizeof *rn);
    if (!rn)
        return ASX_ERR_NOMEM;
    rn->renewed_on = in->date;
    rn->verdict = res->verdict;
    rn->score = res->score;
    rn->previous_verdict = e->verdict;
    rn->previous_score = e->score;
    rn->previous_next_review = e->next_review;
    rn->answers_sha256 = asx_strdup(in->answers_sha256);
    rn->approver = asx_strdup(in->approver);
    if ((in->answers_sha256 && !rn->answers_sha256) || !rn->approver)
        return ASX_ERR_NOMEM;
    free(e->approver);
    if (!(e->approver = asx_strdup(in->approver)))
        return ASX_ERR_NOMEM;
    if (in->manager) {
        free(e->manager);
        if (!(e->manager = asx_strdup(in->manager)))
            return ASX_ERR_NOMEM;
    }
    rn->previous_conditions = e->conditions;
    rn->nprevious_conditions = e->nconditions;
    e->conditions = NULL;
    e->nconditions = 0;
    asx_error err = fill_from_result(e, in);
    if (err)
        return err;
    if (!e->has_next_check) {
        e->has_next_check = true;
        e->next_check = asx_next_review(res->policy, in->date);
    }
    e->status = ASX_REG_ACTIVE; /* expired or not is read on each date (asx_register_settle) */
    char nr[64];
    bool lower = verdict_rank(rn->verdict) < verdict_rank(rn->previous_verdict);
    char *detail;
    if (asx_ui_lang == ASX_LANG_EN) {
        asx_date_iso(e->next_review, nr);
        detail = asx_strdupf("%s %.1f -> %s %.1f%s, next_review %s, approver %s, status %s",
                             asx_verdict_name(rn->previous_verdict), rn->previous_score,
                             asx_verdict_name(e->verdict), e->score, lower ? " (lower verdict)" : "", nr,
                             rn->approver, asx_reg_status_name(e->status));
    } else {
        asx_date_format(e->next_review, ASX_LANG_JA, nr, sizeof nr);
        detail = asx_strdupf("%s %.1f 点 → %s %.1f 点%s、次回見直し %s、許可権限者 %s、状態 %s",
                             asx_verdict_label(rn->previous_verdict, ASX_LANG_JA), rn->previous_score,
                             asx_verdict_label(e->verdict, ASX_LANG_JA), e->score, lower ? " (判定低下)" : "", nr,
                             rn->approver, asx_reg_status_label(e->status, ASX_LANG_JA));
    }
    if (!detail)
        return ASX_ERR_NOMEM;
    err = asx_register_log(r, in->user, ASX_REG_RENEW, id, in->date, detail);
    free(detail);
    return err;
}

asx_error asx_register_revoke(asx_register *r, const char *id, const char *reason, asx_date date,
                              const char *user, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (e->status == ASX_REG_REVOKED) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("%s は既に取り消されています", "%s is already revoked"), id);
        return ASX_ERR_DATA;
    }
    if (refuse_closed(e, ASX_L("取り消し", "revoked"), d))
        return ASX_ERR_DATA;
    free(e->revoke_reason);
    if (!(e->revoke_reason = asx_strdup(reason)))
        return ASX_ERR_NOMEM;
    e->status = ASX_REG_REVOKED;
    e->has_revoked_on = true;
    e->revoked_on = date;
    return asx_register_log(r, user, ASX_REG_REVOKE, id, date, reason);
}

asx_error asx_register_date_ok(asx_date date, asx_date today, bool done, const char *file,
                               const char *place, asx_diags *d)
{
    char iso[11], now[11];
    asx_date_iso(date, iso);
    asx_date_iso(today, now);
    if (done && asx_date_cmp(date, today) > 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: %s は今日 (%s) より後の日付です。行ったことの記録は今日までの日付で記録してください (台帳は変更していません)",
                             "%s: %s is after today (%s); what was done is recorded with a date up to today (the register is unchanged)"),
                       place, iso, now);
        return ASX_ERR_DATA;
    }
    if (!done && asx_date_cmp(date, asx_date_add_months(today, 12)) > 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: %s は今日 (%s) から 1 年より先の日付です。入力の誤りではありませんか (台帳は変更していません)",
                             "%s: %s is more than a year after today (%s); is it a typing error? (the register is unchanged)"),
                       place, iso, now);
        return ASX_ERR_DATA;
    }
    return ASX_OK;
}

void asx_register_renew_notes(const asx_reg_entry *e, asx_date date, asx_diags *d)
{
    char iso[11], on[11];
    if (e->has_evidence_expiry && asx_date_cmp(e->evidence_expiry, date) < 0) {
        asx_date_iso(e->evidence_expiry, iso);
        asx_date_iso(date, on);
        asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                       ASX_L("注意: %s の回答の証明書は %s に期限が切れています (更新日 %s)。この登録は期限切れと表示されます。更新後の証明書は assess register evidence %s --scheme … --number … --expiry … で記録できます",
                             "note: the certificate in the answers of %s expired on %s (renewed on %s); the entry shows as expired. Record the renewed certificate with assess register evidence %s --scheme … --number … --expiry …"),
                       e->id, iso, on, e->id);
    }
    if (!e->nrenewals)
        return;
    const asx_reg_renewal *rn = &e->renewals[e->nrenewals - 1];
    for (size_t i = 0; i < rn->nprevious_conditions; i++) {
        const asx_reg_condition *w = &rn->previous_conditions[i];
        if (w->status != ASX_COND_WAIVED)
            continue;
        const asx_reg_condition *again = NULL;
        for (size_t k = 0; k < e->nconditions && !again; k++)
            if (strcmp(e->conditions[k].text, w->text) == 0 ||
                (w->clause && e->conditions[k].clause && strcmp(w->clause, e->conditions[k].clause) == 0))
                again = &e->conditions[k];
        on[0] = '\0';
        if (w->has_on)
            asx_date_iso(w->on, on);
        if (again)
            asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                           ASX_L("前回 %s に免除した条件 %zu「%s」(根拠: %s) は、今回の評価で条件 %zu として再び未履行です (免除を続けるなら assess register condition %s %zu --waived で記録してください)",
                                 "waived on %s last time, condition %zu (\"%s\", evidence: %s) is condition %zu again, open, after this assessment (to keep it waived: assess register condition %s %zu --waived)"),
                           on, w->n, w->text, w->evidence ? w->evidence : "", again->n, e->id, again->n);
        else
            asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                           ASX_L("前回 %s に免除した条件 %zu「%s」は、今回の評価の条件にはありません",
                                 "waived on %s last time, condition %zu (\"%s\") is not a condition of this assessment"),
                           on, w->n, w->text);
    }
}

void asx_reg_entry_settle(asx_reg_entry *e, asx_date as_of)
{
    if (asx_reg_in_use(e))
        e->status = lapsed(e, as_of) ? ASX_REG_EXPIRED : ASX_REG_ACTIVE;
}

void asx_register_settle(asx_register *r, asx_date as_of)
{
    for (size_t i = 0; i < r->nentries; i++)
        asx_reg_entry_settle(&r->entries[i], as_of);
}

/* Text people typed that goes into the register and back to a terminal and the exports: the rule
 * the answers follow (asx_text_check): no control characters, new lines only in a text, no
 * noncharacters, at most ASX_MAX_NAME_CHARS for a name and ASX_MAX_TEXT_CHARS for a text. */
static bool refuse_text(const char *what, const char *s, bool text, asx_diags *d)
{
    asx_buf msg = {0};
    if (!s || asx_text_ok(s, text, &msg))
        return false;
    asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0, "%s: %s", what, asx_buf_str(&msg));
    asx_buf_free(&msg);
    return true;
}

asx_error asx_register_condition(asx_register *r, const char *id, size_t n,
                                 asx_cond_status status, const char *evidence, asx_date date,
                                 const char *by, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("変更", "changed"), d))
        return ASX_ERR_DATA;
    if (n < 1 || n > e->nconditions) {
        if (!e->nconditions)
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                           ASX_L("%s には承認の条件がありません", "%s has no conditions"), id);
        else
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                           ASX_L("%s の条件は 1 から %zu までです (%zu はありません)",
                                 "the conditions of %s are numbered 1 to %zu (there is no %zu)"),
                           id, e->nconditions, n);
        return ASX_ERR_DATA;
    }
    asx_reg_condition *k = &e->conditions[n - 1];
    if (k->status != ASX_COND_OPEN) {
        char on[11] = "";
        if (k->has_on)
            asx_date_iso(k->on, on);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("%s の条件 %zu は %s に「%s」として記録済みです",
                             "%s: condition %zu was already recorded on %s as %s"),
                       id,
                       n, on, asx_cond_status_label(k->status, asx_ui_lang));
        return ASX_ERR_DATA;
    }
    if (status == ASX_COND_OPEN || !evidence || !*evidence) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("条件の履行には根拠 (--evidence) が必要です",
                             "a condition met or waived needs its evidence (--evidence)"));
        return ASX_ERR_DATA;
    }
    if (refuse_text("--evidence", evidence, true, d) || refuse_text("--by", by, false, d))
        return ASX_ERR_DATA;
    if (asx_date_cmp(date, e->approved_on) < 0) {
        char iso[11];
        asx_date_iso(e->approved_on, iso);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("履行日が承認日 (%s) より前です", "the date is before the approval (%s)"),
                       iso);
        return ASX_ERR_DATA;
    }
    k->status = status;
    k->has_on = true;
    k->on = date;
    free(k->evidence);
    free(k->by);
    k->evidence = asx_strdup(evidence);
    k->by = asx_strdup(default_user(by));
    if (!k->evidence || !k->by)
        return ASX_ERR_NOMEM;
    size_t open = asx_reg_open_conditions(e);
    char *detail = asx_strdupf(ASX_L("条件 %zu %s: %s (未履行 残り %zu 件%s)",
                                     "condition %zu %s: %s (%zu still open%s)"),
                               n, asx_ui_lang == ASX_LANG_EN ? asx_cond_status_name(status)
                                                             : asx_cond_status_label(status, ASX_LANG_JA),
                               evidence, open,
                               open ? "" : ASX_L("、すべて履行済み", ", all met"));
    if (!detail)
        return ASX_ERR_NOMEM;
    asx_error err = asx_register_log(r, by, ASX_REG_CONDITION, id, date, detail);
    free(detail);
    return err;
}

asx_error asx_register_evidence(asx_register *r, const char *id, const char *scheme,
                                const char *number, asx_date expiry, const char *file_sha256,
                                asx_date date, const char *user, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("証明書を記録", "take a certificate"), d))
        return ASX_ERR_DATA;
    char exp[11], on[11];
    asx_date_iso(expiry, exp);
    asx_date_iso(date, on);
    if (asx_date_cmp(expiry, date) < 0) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("--expiry: %s は記録する日 %s より前です (期限切れの証明書は記録しません)",
                             "--expiry: %s is before the date it is recorded on (%s); an expired certificate is not recorded"),
                       exp, on);
        return ASX_ERR_DATA;
    }
    asx_reg_evidence *v = grow(&e->evidence, &e->nevidence, sizeof *v);
    if (!v)
        return ASX_ERR_NOMEM;
    v->scheme = asx_strdup(scheme);
    v->number = asx_strdup(number);
    v->file_sha256 = asx_strdup(file_sha256);
    v->by = asx_strdup(default_user(user));
    v->expiry = expiry;
    v->on = date;
    if (!v->scheme || (number && !v->number) || (file_sha256 && !v->file_sha256) || !v->by)
        return ASX_ERR_NOMEM;
    e->has_evidence_expiry = true;
    e->evidence_expiry = expiry;
    char *detail = asx_strdupf("%s %s, expiry %s", scheme, number ? number : "", exp);
    asx_error err = detail ? asx_register_log(r, user, ASX_REG_EVIDENCE, id, date, detail)
                           : ASX_ERR_NOMEM;
    free(detail);
    return err;
}

asx_error asx_register_record_check(asx_register *r, const char *id, const asx_reg_check *check,
                                    const asx_policy *policy, const char *user, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("点検", "checked"), d))
        return ASX_ERR_DATA;
    if (asx_date_cmp(check->on, e->approved_on) < 0) {
        char iso[11];
        asx_date_iso(e->approved_on, iso);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("点検日が承認日 (%s) より前です", "the check is dated before the approval (%s)"),
                       iso);
        return ASX_ERR_DATA;
    }
    /* The same filled checklist (same bytes) recorded again would count as a second check. */
    for (size_t i = 0; check->file_sha256 && i < e->nchecks; i++) {
        const asx_reg_check *k = &e->checks[i];
        if (k->file_sha256 && strcmp(k->file_sha256, check->file_sha256) == 0) {
            char on[64];
            asx_date_format(k->on, asx_ui_lang, on, sizeof on);
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                           ASX_L("この点検表は記録済みです (%s の%s点検 %s、SHA-256 が同じ)",
                                 "this checklist is already recorded (%s, %s check of %s, same SHA-256)"),
                           e->id, asx_check_phase_label(k->phase, asx_ui_lang), on);
            return ASX_ERR_DATA;
        }
    }
    bool bad = refuse_text(ASX_L("点検者", "the checker"), check->by, false, d) ||
               refuse_text(ASX_L("所見", "the notes"), check->notes, true, d);
    for (size_t i = 0; !bad && i < check->nitems; i++)
        bad = refuse_text(check->items[i].item, check->items[i].note, true, d);
    if (bad)
        return ASX_ERR_DATA;
    asx_reg_check *k = grow(&e->checks, &e->nchecks, sizeof *k);
    if (!k)
        return ASX_ERR_NOMEM;
    k->phase = check->phase;
    k->on = check->on;
    k->by = asx_strdup(check->by ? check->by : default_user(user));
    k->notes = asx_strdup(check->notes);
    k->file_sha256 = asx_strdup(check->file_sha256);
    if (!k->by || (check->notes && !k->notes) || (check->file_sha256 && !k->file_sha256))
        return ASX_ERR_NOMEM;
    size_t ng = 0;
    for (size_t i = 0; i < check->nitems; i++) {
        asx_reg_check_item *ci = grow(&k->items, &k->nitems, sizeof *ci);
        if (!ci)
            return ASX_ERR_NOMEM;
        ci->item = asx_strdup(check->items[i].item);
        ci->result = check->items[i].result;
        ci->note = asx_strdup(check->items[i].note);
        if (!ci->item || (check->items[i].note && !ci->note))
            return ASX_ERR_NOMEM;
        ng += ci->result == ASX_CHECK_NG;
    }
    switch (check->phase) {
    case ASX_PHASE_BUILD:
        break;
    case ASX_PHASE_OPERATE:
        e->has_next_check = true;
        e->next_check = asx_next_review(policy, check->on);
        break;
    case ASX_PHASE_EXIT:
        e->status = ASX_REG_ENDED;
        e->has_ended_on = true;
        e->ended_on = check->on;
        break;
    }
    char on[64], nc[64] = "";
    bool en = asx_ui_lang == ASX_LANG_EN;
    if (en)
        asx_date_iso(check->on, on);
    else
        asx_date_format(check->on, ASX_LANG_JA, on, sizeof on);
    if (check->phase == ASX_PHASE_OPERATE) {
        if (en)
            asx_date_iso(e->next_check, nc);
        else
            asx_date_format(e->next_check, ASX_LANG_JA, nc, sizeof nc);
    }
    char *detail = asx_strdupf(ASX_L("%sの点検 %s (%s): %zu 項目、否 %zu%s%s%s",
                                     "%s check %s (%s): %zu items, %zu not met%s%s%s"),
                               en ? asx_check_phase_name(check->phase) : asx_check_phase_label(check->phase, ASX_LANG_JA),
                               on, k->by, k->nitems, ng,
                               *nc ? ASX_L("、次回 ", ", next ") : "", nc,
                               check->phase == ASX_PHASE_EXIT ? ASX_L("、利用終了", ", ended") : "");
    if (!detail)
        return ASX_ERR_NOMEM;
    asx_error err = asx_register_log(r, user, ASX_REG_CHECK, id, check->on, detail);
    free(detail);
    return err;
}

/* ---- due ---- */

static int due_cmp(const void *pa, const void *pb)
{
    const asx_due *a = pa, *b = pb;
    int c = asx_date_cmp(a->date, b->date);
    if (c)
        return c;
    c = strcmp(a->entry->id, b->entry->id);
    if (c)
        return c;
    if (a->reason != b->reason)
        return (int)a->reason - (int)b->reason;
    return a->condition < b->condition ? -1 : a->condition > b->condition;
}

static bool due_push(asx_due **v, size_t *nv, const asx_reg_entry *e, asx_due_reason reason,
                     size_t cond, asx_date dt, asx_date as_of)
{
    asx_due *x = grow(v, nv, sizeof *x);
    if (!x)
        return false;
    x->entry = e;
    x->reason = reason;
    x->condition = cond;
    x->date = dt;
    x->days_left = asx_date_diff_days(as_of, dt);
    return true;
}

asx_error asx_register_due(const asx_register *r, asx_date as_of, int within_days, asx_due **out,
                           size_t *n)
{
    asx_date limit = asx_date_add_days(as_of, within_days);
    asx_due *v = NULL;
    size_t nv = 0;
    bool ok = true;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; ok && i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        if (!asx_reg_in_use(e))
            continue;
        if (asx_date_cmp(e->next_review, limit) <= 0)
            ok = due_push(&v, &nv, e, ASX_DUE_REVIEW, 0, e->next_review, as_of);
        if (ok && e->has_evidence_expiry && asx_date_cmp(e->evidence_expiry, limit) <= 0)
            ok = due_push(&v, &nv, e, ASX_DUE_EVIDENCE, 0, e->evidence_expiry, as_of);
        for (size_t k = 0; ok && k < e->nconditions; k++) {
            const asx_reg_condition *c = &e->conditions[k];
            if (c->status == ASX_COND_OPEN && c->has_due && asx_date_cmp(c->due, limit) <= 0)
                ok = due_push(&v, &nv, e, ASX_DUE_CONDITION, c->n, c->due, as_of);
        }
        if (ok && e->has_next_check && asx_date_cmp(e->next_check, limit) <= 0)
            ok = due_push(&v, &nv, e, ASX_DUE_CHECK, 0, e->next_check, as_of);
    }
    if (!ok) {
        free(v);
        return ASX_ERR_NOMEM;
    }
    if (nv > 1)
        qsort(v, nv, sizeof *v, due_cmp);
    *out = v;
    *n = nv;
    return ASX_OK;
}

/* One due item as register due --json shows it. */
static cJSON *due_item_json(const asx_due *it)
{
    const asx_reg_entry *e = it->entry;
    cJSON *x = cJSON_CreateObject();
    bool ok = x && add_str(x, "id", e->id) && add_str(x, "service", e->service) &&
              add_str(x, "vendor", e->vendor) && add_date(x, "next_review", &e->next_review) &&
              add_str(x, "reason", asx_due_reason_name(it->reason)) &&
              add_date(x, "due_on", &it->date) &&
              add_date(x, "evidence_expiry", e->has_evidence_expiry ? &e->evidence_expiry : NULL) &&
              add_num(x, "days_left", (double)it->days_left) &&
              add_str(x, "status", asx_reg_status_name(e->status)) &&
              add_str(x, "manager", e->manager);
    if (ok && it->reason == ASX_DUE_CONDITION) {
        const asx_reg_condition *c = &e->conditions[it->condition - 1];
        ok = add_num(x, "condition", (double)c->n) && add_str(x, "text", c->text) &&
             add_str(x, "clause", c->clause) && (!c->clause_local || add_str(x, "clause_local", c->clause_local));
    }
    if (ok && it->reason == ASX_DUE_CHECK)
        ok = add_str(x, "phase", asx_check_phase_name(ASX_PHASE_OPERATE));
    if (!ok) {
        cJSON_Delete(x);
        return NULL;
    }
    return x;
}

asx_error asx_register_due_json_write(FILE *out, const asx_due *v, size_t n, asx_date as_of,
                                      int within)
{
    /* the root with an empty list, printed by cJSON, then the items one at a time in it */
    cJSON *root = cJSON_CreateObject();
    bool ok = root && add_date(root, "as_of", &as_of) && add_num(root, "within", within) &&
              add_item(root, "due", cJSON_CreateArray());
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    char *at = text ? strstr(text, "\"due\":\t[]") : NULL;
    if (!at) {
        cJSON_free(text);
        return ASX_ERR_NOMEM;
    }
    at += strlen("\"due\":\t[");
    fwrite(text, 1, (size_t)(at - text), out);
    asx_error err = ASX_OK;
    for (size_t i = 0; !err && i < n; i++)
        err = put_nested(out, due_item_json(&v[i]), i ? ", " : "");
    fputs(at, out);
    cJSON_free(text);
    return err ? err : ferror(out) ? ASX_ERR_IO : ASX_OK;
}

char *asx_register_due_json(const asx_due *v, size_t n, asx_date as_of, int within)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    asx_error err = asx_register_due_json_write(f, v, n, as_of, within);
    if (fclose(f) != 0 || err) {
        free(text);
        return NULL;
    }
    return text;
}

/* ---- due, read one entry at a time ---- */

typedef struct {
    asx_register *keep; /* the entries with something due, without what due does not show */
    size_t cap;
    asx_date as_of;
    int within;
} due_scan;

static asx_error due_entry(void *p, asx_reg_entry *e, asx_diags *d)
{
    (void)d;
    due_scan *ds = p;
    asx_register one = {.entries = e, .nentries = 1};
    asx_due *v = NULL;
    size_t n = 0;
    asx_error err = asx_register_due(&one, ds->as_of, ds->within, &v, &n);
    free(v);
    if (err || n == 0)
        return err;
    if (ds->keep->nentries == ds->cap) {
        size_t ncap = ds->cap ? ds->cap * 2 : 64;
        asx_reg_entry *grown = realloc(ds->keep->entries, ncap * sizeof *grown);
        if (!grown)
            return ASX_ERR_NOMEM;
        ds->keep->entries = grown;
        ds->cap = ncap;
    }
    /* the entry is taken from the scan (which then frees nothing of it); what no due view
     * shows is let go at once */
    asx_reg_entry *k = &ds->keep->entries[ds->keep->nentries++];
    *k = *e;
    memset(e, 0, sizeof *e);
    asx_reg_entry slim = {0};
    slim.id = k->id;
    slim.service = k->service;
    slim.vendor = k->vendor;
    slim.manager = k->manager;
    slim.conditions = k->conditions;
    slim.nconditions = k->nconditions;
    k->id = k->service = k->vendor = k->manager = NULL;
    k->conditions = NULL;
    k->nconditions = 0;
    slim.cls = k->cls;
    slim.verdict = k->verdict;
    slim.score = k->score;
    slim.approved_on = k->approved_on;
    slim.next_review = k->next_review;
    slim.has_evidence_expiry = k->has_evidence_expiry;
    slim.evidence_expiry = k->evidence_expiry;
    slim.status = k->status;
    slim.has_revoked_on = k->has_revoked_on;
    slim.revoked_on = k->revoked_on;
    slim.has_next_check = k->has_next_check;
    slim.next_check = k->next_check;
    slim.has_ended_on = k->has_ended_on;
    slim.ended_on = k->ended_on;
    asx_reg_entry_clear(k);
    *k = slim;
    return ASX_OK;
}

asx_error asx_register_due_read(const char *path, int wait_seconds, asx_date as_of, int within,
                                asx_register **keep, asx_due **out, size_t *n, asx_diags *d)
{
    asx_store *st = NULL;
    const asx_store_sel sel = {.kind = ASX_SEL_DUE, .limit = asx_date_add_days(as_of, within)};
    asx_store_opts o = {.wait_seconds = wait_seconds, .sel = &sel};
    due_scan ds = {.keep = asx_register_new(NULL), .as_of = as_of, .within = within};
    static const asx_store_visitor v = {NULL, due_entry, NULL};
    *keep = NULL;
    *out = NULL;
    *n = 0;
    if (!ds.keep)
        return ASX_ERR_NOMEM;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_scan(st, &as_of, false, &v, &ds, d);
    asx_store_close(st);
    if (!err)
        err = asx_register_due(ds.keep, as_of, within, out, n);
    if (err) {
        asx_register_free(ds.keep);
        return err;
    }
    *keep = ds.keep;
    return ASX_OK;
}

/* One entry as register list --json shows it. */
static cJSON *list_item_json(const asx_reg_entry *e, asx_date as_of)
{
    cJSON *x = asx_reg_entry_json(e);
    bool ok = x && add_str(x, "state", asx_reg_state_name(e, as_of)) &&
              add_num(x, "conditions_open", (double)asx_reg_open_conditions(e)) &&
              add_num(x, "conditions_overdue", (double)asx_reg_overdue_conditions(e, as_of));
    if (!ok) {
        cJSON_Delete(x);
        return NULL;
    }
    return x;
}

/* The root of register list --json with an empty list, printed: *rest points into it after
 * the list's "[" (what follows the items). Caller frees with cJSON_free(). */
static char *list_root(asx_date as_of, char **rest)
{
    cJSON *root = cJSON_CreateObject();
    bool ok = root && add_date(root, "as_of", &as_of) &&
              add_item(root, "entries", cJSON_CreateArray());
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    char *at = text ? strstr(text, "\"entries\":\t[]") : NULL;
    if (!at) {
        cJSON_free(text);
        return NULL;
    }
    *rest = at + strlen("\"entries\":\t[");
    return text;
}

char *asx_register_list_json(const asx_register *r, asx_date as_of, const asx_reg_status *status)
{
    char *rest = NULL, *root = list_root(as_of, &rest);
    char *text = NULL;
    size_t len = 0, k = 0;
    FILE *f = root ? open_memstream(&text, &len) : NULL;
    if (!f) {
        cJSON_free(root);
        return NULL;
    }
    fwrite(root, 1, (size_t)(rest - root), f);
    asx_error err = ASX_OK;
    for (size_t i = 0; !err && i < r->nentries; i++)
        if (!status || r->entries[i].status == *status)
            err = put_nested(f, list_item_json(&r->entries[i], as_of), k++ ? ", " : "");
    fputs(rest, f);
    cJSON_free(root);
    if (fclose(f) != 0 || err) {
        free(text);
        return NULL;
    }
    return text;
}

typedef struct {
    FILE *out;
    asx_date as_of;
    const asx_reg_status *status;
    size_t k;
} list_stream;

static asx_error list_entry(void *p, asx_reg_entry *e, asx_diags *d)
{
    (void)d;
    list_stream *ls = p;
    if (ls->status && e->status != *ls->status)
        return ASX_OK;
    return put_nested(ls->out, list_item_json(e, ls->as_of), ls->k++ ? ", " : "");
}

asx_error asx_register_list_json_write(const char *path, int wait_seconds, asx_date as_of,
                                       const asx_reg_status *status, FILE *out, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    list_stream ls = {out, as_of, status, 0};
    static const asx_store_visitor v = {NULL, list_entry, NULL};
    char *rest = NULL, *root = list_root(as_of, &rest);
    if (!root)
        return ASX_ERR_NOMEM;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err) {
        fwrite(root, 1, (size_t)(rest - root), out);
        err = asx_store_scan(st, &as_of, false, &v, &ls, d);
    }
    asx_store_close(st);
    if (!err) {
        fputs(rest, out);
        putc('\n', out);
        if (ferror(out))
            err = ASX_ERR_IO;
    }
    cJSON_free(root);
    return err;
}

asx_date asx_register_last_date(const asx_register *r)
{
    asx_date best = {2000, 1, 1};
    for (size_t i = 0; i < r->nhistory; i++) {
        char head[11] = "";
        asx_date dt;
        memcpy(head, r->history[i].at, strnlen(r->history[i].at, 10));
        if (asx_date_parse(head, &dt) && asx_date_cmp(dt, best) > 0)
            best = dt;
    }
    return best;
}

void asx_register_filter(asx_register *r, asx_reg_status status)
{
    size_t k = 0;
    for (size_t i = 0; i < r->nentries; i++) {
        if (r->entries[i].status == status)
            r->entries[k++] = r->entries[i];
        else
            asx_reg_entry_clear(&r->entries[i]);
    }
    r->nentries = k;
}

asx_error asx_register_verify(const asx_register *r, const char *dir, asx_verify_item **out,
                              size_t *n)
{
    asx_verify_item *v = NULL;
    size_t nv = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        for (size_t k = 0; k < e->npack; k++) {
            asx_verify_item *x = grow(&v, &nv, sizeof *x);
            char hex[65];
            if (!x || !(x->path = asx_strdupf("%s/%s", dir ? dir : e->pack_dir, e->pack[k].file))) {
                asx_verify_free(v, nv);
                return ASX_ERR_NOMEM;
            }
            x->entry = e;
            asx_diags quiet;
            asx_diags_init(&quiet);
            asx_error herr = asx_sha256_file(x->path, hex, &quiet);
            asx_diags_free(&quiet);
            x->state = herr ? ASX_VERIFY_MISSING
                            : strcmp(hex, e->pack[k].sha256) ? ASX_VERIFY_MISMATCH : ASX_VERIFY_OK;
        }
    }
    *out = v;
    *n = nv;
    return ASX_OK;
}

void asx_verify_free(asx_verify_item *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].path);
    free(v);
}

/* ---- one change, one transaction ---- */

asx_error asx_register_change(const char *path, const asx_store_opts *opts, asx_register_fn fn,
                              void *ctx, asx_diags *d)
{
    asx_store *st = NULL;
    asx_register *r = NULL;
    asx_store_opts o = *opts;
    o.write = true;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, false, &r, d);
    if (!err)
        err = fn(r, ctx, d);
    if (!err)
        err = asx_store_save(st, r, d);
    if (!err)
        err = asx_store_commit(st, d);
    asx_register_free(r);
    asx_store_close(st); /* rolls back what was not committed */
    return err;
}

asx_error asx_register_update(const char *path, bool create, const char *organization,
                              mode_t mode, asx_register_fn fn, void *ctx, asx_diags *d)
{
    asx_store_opts o = {.write = true, .create = create, .organization = organization,
                        .mode = mode, .wait_seconds = ASX_REGISTER_WAIT};
    return asx_register_change(path, &o, fn, ctx, d);
}

asx_error asx_register_read_sel(const char *path, int wait_seconds, const asx_date *as_of,
                                bool history, const asx_store_sel *sel, asx_register **out,
                                asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds, .sel = sel};
    *out = NULL;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = as_of ? asx_store_load_as_of(st, *as_of, history, out, d)
                    : asx_store_load(st, history, out, d);
    asx_store_close(st);
    if (!err && as_of)
        asx_register_settle(*out, *as_of);
    return err;
}

asx_error asx_register_read_as_of(const char *path, int wait_seconds, asx_date as_of,
                                  bool history, asx_register **out, asx_diags *d)
{
    return asx_register_read_sel(path, wait_seconds, &as_of, history, NULL, out, d);
}

asx_error asx_register_check_store(const char *path, int wait_seconds, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_check(st, d);
    asx_store_close(st);
    return err;
}

/* A file kept with entry id: its answers (review false) or its review. */
static asx_error kept_file(const char *path, int wait_seconds, const char *id, bool review, char **data,
                           size_t *len, asx_diags *d)
{
    asx_store *st = NULL;
    asx_register *r = NULL;
    asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = id};
    asx_store_opts o = {.wait_seconds = wait_seconds, .sel = &sel};
    *data = NULL;
    *len = 0;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, false, &r, d);
    if (err)
        goto done;
    const asx_reg_entry *e = asx_register_find(r, id);
    if (!e) {
        err = ASX_ERR_DATA;
        asx_diags_addf(d, err, path, 0, 0, ASX_L("台帳に %s はありません", "no entry %s in the register"), id);
        goto done;
    }
    if (review) {
        /* an entry recorded without a review (or before v3) has none: not an error */
        if (e->review_sha256)
            err = asx_store_get_blob(st, e->review_sha256, data, len, d);
        goto done;
    }
    err = e->answers_sha256 ? asx_store_get_blob(st, e->answers_sha256, data, len, d)
                            : ASX_ERR_NOINPUT;
    if (err == ASX_ERR_NOINPUT) {
        err = ASX_ERR_DATA;
        asx_diags_addf(d, err, path, 0, 0,
                       ASX_L("%s の回答は台帳に保存されていません (v3 より前の登録です。回答のファイルを指定してください)",
                             "the answers of %s are not kept in the register (an entry from before v3; give the answers file)"),
                       id);
    }
done:
    asx_register_free(r);
    asx_store_close(st);
    return err;
}

asx_error asx_register_answers(const char *path, int wait_seconds, const char *id, char **data,
                               size_t *len, asx_diags *d)
{
    return kept_file(path, wait_seconds, id, false, data, len, d);
}

asx_error asx_register_review(const char *path, int wait_seconds, const char *id, char **data,
                              size_t *len, asx_diags *d)
{
    return kept_file(path, wait_seconds, id, true, data, len, d);
}

asx_error asx_register_init(const char *path, const asx_store_opts *opts,
                            const char *const *roles, size_t nroles, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = *opts;
    o.write = true;
    o.create = true;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    for (size_t i = 0; !err && i < nroles; i++)
        err = asx_store_grant_read(st, roles[i], d);
    if (!err)
        err = asx_store_commit(st, d);
    asx_store_close(st);
    return err;
}

asx_error asx_register_read(const char *path, int wait_seconds, asx_register **out, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    *out = NULL;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, true, out, d);
    asx_store_close(st);
    return err;
}

/* ---- migration from a JSON register ---- */

/* Move everything of the JSON register (ctx) into the new, empty one. */
static asx_error migrate_fn(asx_register *r, void *ctx, asx_diags *d)
{
    asx_register *old = ctx;
    (void)d;
    asx_register tmp = *r;
    *r = *old;
    *old = tmp;
    return ASX_OK;
}

/* Keep the file of sha256 from st in r (to be written with r's next save); a file not kept there
 * (an entry from before v3) is left out. */
static asx_error keep_from(asx_store *st, asx_register *r, const char *kind, const char *sha256,
                           asx_diags *d)
{
    char *data = NULL;
    size_t len = 0;
    if (!sha256)
        return ASX_OK;
    for (size_t i = 0; i < r->nkeep; i++)
        if (strcmp(r->keep[i].sha256, sha256) == 0)
            return ASX_OK;
    asx_error err = asx_store_get_blob(st, sha256, &data, &len, d);
    if (err == ASX_ERR_NOINPUT)
        return ASX_OK;
    if (!err)
        err = asx_register_keep(r, kind, data, len, NULL);
    free(data);
    return err;
}

/* A database register read whole, history and kept files included (what migrate moves). */
static asx_error read_with_files(const char *path, asx_register **out, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = ASX_REGISTER_WAIT};
    *out = NULL;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, true, out, d);
    for (size_t i = 0; !err && i < (*out)->nentries; i++) {
        const asx_reg_entry *e = &(*out)->entries[i];
        err = keep_from(st, *out, "answers", e->answers_sha256, d);
        if (!err)
            err = keep_from(st, *out, "review", e->review_sha256, d);
        for (size_t k = 0; !err && k < e->nrenewals; k++)
            err = keep_from(st, *out, "answers", e->renewals[k].answers_sha256, d);
        for (size_t k = 0; !err && k < e->nchecks; k++)
            err = keep_from(st, *out, "checklist", e->checks[k].file_sha256, d);
        for (size_t k = 0; !err && k < e->nevidence; k++)
            err = keep_from(st, *out, "evidence", e->evidence[k].file_sha256, d);
    }
    asx_store_close(st);
    if (err) {
        asx_register_free(*out);
        *out = NULL;
    }
    return err;
}

/* Move the JSON register (ctx) into a database register, which must hold none yet. */
static asx_error migrate_into_db_fn(asx_register *r, void *ctx, asx_diags *d)
{
    if (r->nentries || r->nhistory) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, NULL, 0, 0,
                       ASX_L("移す先のデータベースにはすでに台帳があります (%zu 件)。空のデータベースを指定してください (何も変更していません)",
                             "the database moved to already holds a register (%zu entries); give an empty database (nothing was changed)"),
                       r->nentries);
        return ASX_ERR_CANTCREAT;
    }
    return migrate_fn(r, ctx, d);
}

asx_error asx_register_migrate(const char *json_path, const char *out, mode_t mode, int force,
                               asx_diags *d)
{
    asx_register *old = NULL;
    char *tmp = NULL, *journal = NULL, *buf = NULL;
    size_t len = 0;
    asx_error err;
    if (asx_store_is_sqlite(json_path) || asx_store_is_pg(json_path)) {
        /* a database register: its files move with it */
        err = read_with_files(json_path, &old, d);
    } else {
        /* the registers that need moving are the large ones: past the 16 MiB other inputs have */
        err = asx_read_file(json_path, ASX_REGISTER_MAX_JSON, &buf, &len, d);
        if (!err)
            err = asx_register_parse(buf, len, json_path, &old, d);
    }
    free(buf);
    buf = NULL;
    if (!err && asx_store_is_pg(out)) {
        /* a database server: one transaction into an empty register (created by it) */
        asx_store_opts po = {.write = true, .create = true, .wait_seconds = ASX_REGISTER_WAIT};
        err = asx_register_change(out, &po, migrate_into_db_fn, old, d);
        goto done;
    }
    if (!err)
        err = asx_refuse_existing(out, force, d);
    if (!err)
        err = asx_temp_path(out, &tmp, d);
    if (err)
        goto done;
    if (!(journal = asx_strdupf("%s-journal", tmp))) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    asx_store_opts o = {.write = true, .create = true, .mode = mode ? mode : ASX_REGISTER_MODE,
                        .wait_seconds = 0};
    err = asx_register_change(tmp, &o, migrate_fn, old, d);
    unlink(journal); /* the new register's journal is made at its first change */
    asx_error cerr = asx_commit_file(tmp, out, force, mode ? mode : ASX_REGISTER_MODE, !err, d);
    if (!err)
        err = cerr;
    if (!err && force) {
        /* a register replaced with --force: its journal belonged to the old file */
        char *oldj = asx_strdupf("%s-journal", out);
        if (oldj)
            unlink(oldj);
        free(oldj);
    }
done:
    free(journal);
    free(tmp);
    asx_register_free(old);
    return err;
}

