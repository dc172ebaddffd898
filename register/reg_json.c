/* reg_json.c - the register's JSON form (assess-register/1): one entry, one event or the whole
 * register read with the place of each problem, and written back; export --json streamed. See
 * asx/register.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
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

/* ---- parsing ---- */

bool reg_is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* EXT-YYYY-NNNN (four or more digits); year into *year. */
bool reg_id_valid(const char *s, int *year)
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
long reg_id_seq(const char *id)
{
    return strtol(id + 9, NULL, 10);
}

/* A string member: required and not null, or optional (missing or null gives NULL). */
static bool p_str(reg_pctx *c, const cJSON *obj, const char *key, bool required, char **out)
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

static bool p_date(reg_pctx *c, const cJSON *obj, const char *key, bool required, asx_date *out,
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

static bool p_num(reg_pctx *c, const cJSON *obj, const char *key, double lo, double hi, double *out)
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

static bool p_int(reg_pctx *c, const cJSON *obj, const char *key, int lo, int hi, int *out)
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

static const cJSON *p_array(reg_pctx *c, const cJSON *obj, const char *key, bool required)
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

bool reg_p_object(reg_pctx *c, const cJSON *v, const char *what)
{
    if (cJSON_IsObject(v))
        return true;
    asx_json_errf(c->j, c->d, v, ASX_L("%s: オブジェクトが必要です", "%s: expected an object"), what);
    return false;
}

static bool p_verdict(reg_pctx *c, const cJSON *obj, const char *key, asx_verdict *out)
{
    char *s = NULL;
    if (!p_str(c, obj, key, true, &s))
        return false;
    bool ok = reg_verdict_parse(s, out);
    if (!ok)
        asx_json_errf(c->j, c->d, asx_json_get(obj, key),
                      ASX_L("%s: 判定は approved, conditional, rejected, incomplete のいずれかです (\"%s\")",
                            "%s: expected approved, conditional, rejected or incomplete, not \"%s\""),
                      key, s);
    free(s);
    return ok;
}

static bool p_sha(reg_pctx *c, const cJSON *obj, const char *key, bool required, char **out)
{
    if (!p_str(c, obj, key, required, out))
        return false;
    if (*out && !reg_is_hex64(*out)) {
        asx_json_errf(c->j, c->d, asx_json_get(obj, key),
                      ASX_L("%s: SHA-256 (英小文字の16進数64桁) が必要です",
                            "%s: expected a SHA-256 (64 lowercase hex digits)"), key);
        free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

static void p_class(reg_pctx *c, const cJSON *obj, asx_class *cls)
{
    const cJSON *v = asx_json_get(obj, "classification");
    static const char *const keys[] = {"confidentiality", "integrity", "availability", NULL};
    if (!v || !reg_p_object(c, v, "classification"))
        return;
    asx_json_check_keys(c->j, c->d, v, keys, "classification");
    p_int(c, v, "confidentiality", 1, 3, &cls->c);
    p_int(c, v, "integrity", 1, 2, &cls->i);
    p_int(c, v, "availability", 1, 2, &cls->a);
}

static void p_pack(reg_pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"file", "sha256", NULL};
    const cJSON *arr = p_array(c, obj, "pack", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!reg_p_object(c, it, "pack"))
            continue;
        asx_reg_packfile *pf = reg_grow(&e->pack, &e->npack, sizeof *pf);
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

static void p_conditions(reg_pctx *c, const cJSON *obj, const char *key, bool required,
                         asx_reg_condition **v, size_t *nv);

static void p_renewals(reg_pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"renewed_on", "approver", "verdict", "score",
                                       "previous_verdict", "previous_score",
                                       "previous_next_review", "answers_sha256",
                                       "previous_conditions", NULL};
    const cJSON *arr = p_array(c, obj, "renewals", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!reg_p_object(c, it, "renewals"))
            continue;
        asx_reg_renewal *rn = reg_grow(&e->renewals, &e->nrenewals, sizeof *rn);
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
static void p_conditions(reg_pctx *c, const cJSON *obj, const char *key, bool required,
                         asx_reg_condition **v, size_t *nv)
{
    static const char *const keys[] = {"n", "text", "clause", "clause_local", "due", "status", "evidence", "on",
                                       "by", NULL};
    const cJSON *arr = p_array(c, obj, key, required);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        asx_reg_condition *k = reg_grow(v, nv, sizeof *k);
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
        if (p_str(c, it, "status", true, &st) && st && !reg_cond_status_parse(st, &k->status))
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

static void p_checks(reg_pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"phase", "on", "by", "notes", "file_sha256", "items", NULL};
    static const char *const ikeys[] = {"item", "result", "note", NULL};
    const cJSON *arr = p_array(c, obj, "checks", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!reg_p_object(c, it, "checks"))
            continue;
        asx_reg_check *k = reg_grow(&e->checks, &e->nchecks, sizeof *k);
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
            if (!reg_p_object(c, x, "items"))
                continue;
            asx_reg_check_item *ci = reg_grow(&k->items, &k->nitems, sizeof *ci);
            if (!ci) {
                asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
                return;
            }
            asx_json_check_keys(c->j, c->d, x, ikeys, "items");
            p_str(c, x, "item", true, &ci->item);
            char *res = NULL;
            if (p_str(c, x, "result", true, &res) && res && !reg_check_result_parse(res, &ci->result))
                asx_json_errf(c->j, c->d, asx_json_get(x, "result"),
                              ASX_L("result: ok, ng, na のいずれかです (\"%s\")",
                                    "result: expected ok, ng or na, not \"%s\""), res);
            free(res);
            p_str(c, x, "note", false, &ci->note);
        }
    }
}

/* "evidence": certificates recorded by register evidence (absent in older registers). */
static void p_evidence(reg_pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {"scheme", "number", "expiry", "file_sha256", "on", "by",
                                       NULL};
    const cJSON *arr = p_array(c, obj, "evidence", false);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!reg_p_object(c, it, "evidence"))
            continue;
        asx_reg_evidence *v = reg_grow(&e->evidence, &e->nevidence, sizeof *v);
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

void reg_p_entry(reg_pctx *c, const cJSON *obj, asx_reg_entry *e)
{
    static const char *const keys[] = {
        "id", "service", "vendor", "corporate_number", "classification", "questionnaire",
        "questionnaire_version", "verdict", "score", "conditions", "approver", "manager",
        "approved_on", "next_review", "evidence_expiry", "status", "revoked_on", "revoke_reason",
        "answers_sha256", "review_sha256", "pack_dir", "pack", "renewals", "next_check", "checks",
        "ended_on", "evidence", NULL};
    asx_json_check_keys(c->j, c->d, obj, keys, "entry");
    if (p_str(c, obj, "id", true, &e->id) && e->id && !reg_id_valid(e->id, NULL))
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

/* One event of the history (an object). */
void reg_p_event(reg_pctx *c, const cJSON *it, asx_reg_event *ev)
{
    static const char *const keys[] = {"at", "on", "user", "action", "entry", "detail", NULL};
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
    if (p_str(c, it, "action", true, &action) && action && !reg_action_parse(action, &ev->action))
        asx_json_errf(c->j, c->d, asx_json_get(it, "action"),
                      ASX_L("action: add, revoke, renew, expire, condition, check, evidence のいずれかです (\"%s\")",
                            "action: expected add, revoke, renew, expire, condition, check or evidence, not \"%s\""),
                      action);
    free(action);
    p_str(c, it, "entry", true, &ev->entry);
    p_str(c, it, "detail", false, &ev->detail);
}

static void p_history(reg_pctx *c, const cJSON *root, asx_register *r)
{
    const cJSON *arr = p_array(c, root, "history", true);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (!reg_p_object(c, it, "history"))
            continue;
        asx_reg_event *ev = reg_grow(&r->history, &r->nhistory, sizeof *ev);
        if (!ev) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return;
        }
        reg_p_event(c, it, ev);
    }
}

static int seq_cmp(const void *a, const void *b)
{
    const asx_reg_seq *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

void reg_p_seq(reg_pctx *c, const cJSON *root, asx_register *r)
{
    const cJSON *v = asx_json_get(root, "next_seq");
    if (!v || !reg_p_object(c, v, "next_seq"))
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
        asx_reg_seq *s = reg_grow(&r->seq, &r->nseq, sizeof *s);
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

int reg_id_ref_cmp(const void *a, const void *b)
{
    const reg_id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

static void p_entries(reg_pctx *c, const cJSON *root, asx_register *r)
{
    const cJSON *arr = p_array(c, root, "entries", true);
    const cJSON *it = NULL;
    reg_id_ref *refs = NULL;
    size_t nrefs = 0;
    cJSON_ArrayForEach(it, arr)
    {
        if (!reg_p_object(c, it, "entries"))
            continue;
        asx_reg_entry *e = reg_grow(&r->entries, &r->nentries, sizeof *e);
        reg_id_ref *x = e ? reg_grow(&refs, &nrefs, sizeof *x) : NULL;
        if (!e || !x) {
            asx_diags_addf(c->d, ASX_ERR_NOMEM, NULL, 0, 0, "out of memory");
            free(refs);
            return;
        }
        reg_p_entry(c, it, e);
        *x = (reg_id_ref){e->id, asx_json_get(it, "id"), nrefs};
        if (!e->id)
            nrefs--;
    }
    if (nrefs)
        qsort(refs, nrefs, sizeof *refs, reg_id_ref_cmp);
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
    reg_pctx c = {j, d};
    err = ASX_ERR_DATA;
    if (!reg_p_object(&c, root, ASX_L("台帳", "register")))
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
    reg_p_seq(&c, root, r);
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
    reg_pctx c = {j, d};
    const cJSON *root = asx_json_root(j);
    if (reg_p_object(&c, root, "entries"))
        reg_p_entry(&c, root, e);
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
    if (!reg_action_parse(action, &ev->action)) {
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
        asx_reg_event_clear(ev);
        return ASX_ERR_NOMEM;
    }
    return ASX_OK;
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

bool reg_add_str(cJSON *o, const char *k, const char *s)
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

bool reg_add_date(cJSON *o, const char *k, const asx_date *dt)
{
    char iso[11];
    if (!dt)
        return reg_add_str(o, k, NULL);
    asx_date_iso(*dt, iso);
    return reg_add_str(o, k, iso);
}

bool reg_add_num(cJSON *o, const char *k, double x)
{
    return cJSON_AddNumberToObject(o, k, x) != NULL;
}

bool reg_add_item(cJSON *parent, const char *k, cJSON *v)
{
    if (!v)
        return false;
    bool ok = k ? cJSON_AddItemToObject(parent, k, v) : cJSON_AddItemToArray(parent, v);
    if (!ok)
        cJSON_Delete(v);
    return ok;
}

bool reg_conditions_json(cJSON *arr, const asx_reg_condition *v, size_t n)
{
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        const asx_reg_condition *k = &v[i];
        cJSON *p = cJSON_CreateObject();
        ok = p && reg_add_num(p, "n", (double)k->n) && reg_add_str(p, "text", k->text) &&
             reg_add_str(p, "clause", k->clause) && (!k->clause_local || reg_add_str(p, "clause_local", k->clause_local)) &&
             reg_add_date(p, "due", k->has_due ? &k->due : NULL) &&
             reg_add_str(p, "status", asx_cond_status_name(k->status)) &&
             reg_add_str(p, "evidence", k->evidence) && reg_add_date(p, "on", k->has_on ? &k->on : NULL) &&
             reg_add_str(p, "by", k->by);
        ok = reg_add_item(arr, NULL, p) && ok;
    }
    return ok;
}

cJSON *asx_reg_entry_json(const asx_reg_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *cls = cJSON_CreateObject(), *conds = cJSON_CreateArray(), *pack = cJSON_CreateArray(),
          *ren = cJSON_CreateArray(), *checks = cJSON_CreateArray();
    bool ok = o && cls && conds && pack && ren && checks;
    ok = ok && reg_add_num(cls, "confidentiality", e->cls.c) && reg_add_num(cls, "integrity", e->cls.i) &&
         reg_add_num(cls, "availability", e->cls.a);
    ok = ok && reg_conditions_json(conds, e->conditions, e->nconditions);
    for (size_t i = 0; ok && i < e->nchecks; i++) {
        const asx_reg_check *k = &e->checks[i];
        cJSON *p = cJSON_CreateObject(), *items = cJSON_CreateArray();
        ok = p && items && reg_add_str(p, "phase", asx_check_phase_name(k->phase)) &&
             reg_add_date(p, "on", &k->on) && reg_add_str(p, "by", k->by) &&
             reg_add_str(p, "notes", k->notes) && reg_add_str(p, "file_sha256", k->file_sha256);
        for (size_t j = 0; ok && j < k->nitems; j++) {
            cJSON *x = cJSON_CreateObject();
            ok = x && reg_add_str(x, "item", k->items[j].item) &&
                 reg_add_str(x, "result", asx_check_result_name(k->items[j].result)) &&
                 reg_add_str(x, "note", k->items[j].note);
            ok = reg_add_item(items, NULL, x) && ok;
        }
        if (ok) {
            ok = reg_add_item(p, "items", items);
            items = NULL;
        }
        cJSON_Delete(items);
        ok = reg_add_item(checks, NULL, p) && ok;
    }
    for (size_t i = 0; ok && i < e->npack; i++) {
        cJSON *p = cJSON_CreateObject();
        ok = p && reg_add_str(p, "file", e->pack[i].file) && reg_add_str(p, "sha256", e->pack[i].sha256);
        ok = reg_add_item(pack, NULL, p) && ok;
    }
    for (size_t i = 0; ok && i < e->nrenewals; i++) {
        const asx_reg_renewal *rn = &e->renewals[i];
        cJSON *p = cJSON_CreateObject();
        ok = p && reg_add_date(p, "renewed_on", &rn->renewed_on) &&
             reg_add_str(p, "approver", rn->approver) &&
             reg_add_str(p, "verdict", asx_verdict_name(rn->verdict)) &&
             reg_add_num(p, "score", rn->score) &&
             reg_add_str(p, "previous_verdict", asx_verdict_name(rn->previous_verdict)) &&
             reg_add_num(p, "previous_score", rn->previous_score) &&
             reg_add_date(p, "previous_next_review", &rn->previous_next_review) &&
             reg_add_str(p, "answers_sha256", rn->answers_sha256);
        if (ok && rn->nprevious_conditions) {
            cJSON *pc = cJSON_CreateArray();
            ok = pc && reg_conditions_json(pc, rn->previous_conditions, rn->nprevious_conditions);
            ok = reg_add_item(p, "previous_conditions", pc) && ok;
        }
        ok = reg_add_item(ren, NULL, p) && ok;
    }
    ok = ok && reg_add_str(o, "id", e->id) && reg_add_str(o, "service", e->service) &&
         reg_add_str(o, "vendor", e->vendor) && reg_add_str(o, "corporate_number", e->corporate_number);
    ok = ok && reg_add_item(o, "classification", cls);
    cls = NULL;
    ok = ok && reg_add_str(o, "questionnaire", e->questionnaire) &&
         reg_add_str(o, "questionnaire_version", e->questionnaire_version) &&
         reg_add_str(o, "verdict", asx_verdict_name(e->verdict)) && reg_add_num(o, "score", e->score);
    ok = ok && reg_add_item(o, "conditions", conds);
    conds = NULL;
    ok = ok && reg_add_str(o, "approver", e->approver) && reg_add_str(o, "manager", e->manager) &&
         reg_add_date(o, "approved_on", &e->approved_on) &&
         reg_add_date(o, "next_review", &e->next_review) &&
         reg_add_date(o, "evidence_expiry", e->has_evidence_expiry ? &e->evidence_expiry : NULL) &&
         reg_add_str(o, "status", asx_reg_status_name(e->status)) &&
         reg_add_date(o, "revoked_on", e->has_revoked_on ? &e->revoked_on : NULL) &&
         reg_add_str(o, "revoke_reason", e->revoke_reason) &&
         reg_add_str(o, "answers_sha256", e->answers_sha256) &&
         (!e->review_sha256 || reg_add_str(o, "review_sha256", e->review_sha256)) && reg_add_str(o, "pack_dir", e->pack_dir);
    ok = ok && reg_add_item(o, "pack", pack);
    pack = NULL;
    ok = ok && reg_add_item(o, "renewals", ren);
    ren = NULL;
    ok = ok && reg_add_date(o, "next_check", e->has_next_check ? &e->next_check : NULL);
    ok = ok && reg_add_item(o, "checks", checks);
    checks = NULL;
    ok = ok && reg_add_date(o, "ended_on", e->has_ended_on ? &e->ended_on : NULL);
    if (ok && e->nevidence) { /* absent until a certificate is recorded: older registers stay as they were */
        cJSON *ev = cJSON_CreateArray();
        ok = ev != NULL;
        for (size_t i = 0; ok && i < e->nevidence; i++) {
            const asx_reg_evidence *v = &e->evidence[i];
            cJSON *x = cJSON_CreateObject();
            ok = x && reg_add_str(x, "scheme", v->scheme) && reg_add_str(x, "number", v->number) &&
                 reg_add_date(x, "expiry", &v->expiry) && reg_add_str(x, "file_sha256", v->file_sha256) &&
                 reg_add_date(x, "on", &v->on) && reg_add_str(x, "by", v->by);
            ok = reg_add_item(ev, NULL, x) && ok;
        }
        ok = reg_add_item(o, "evidence", ev) && ok;
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

cJSON *reg_event_json(const asx_reg_event *ev)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && reg_add_str(o, "at", ev->at) &&
              (!ev->has_on || reg_add_date(o, "on", &ev->on)) && reg_add_str(o, "user", ev->user) &&
              reg_add_str(o, "action", asx_reg_action_name(ev->action)) &&
              reg_add_str(o, "entry", ev->entry) && reg_add_str(o, "detail", ev->detail);
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
        ok = reg_add_num(seq, key, r->seq[i].next);
    }
    for (size_t i = 0; ok && i < r->nentries; i++)
        ok = reg_add_item(entries, NULL, asx_reg_entry_json(&r->entries[i]));
    for (size_t i = 0; ok && i < r->nhistory; i++)
        ok = reg_add_item(hist, NULL, reg_event_json(&r->history[i]));
    ok = ok && reg_add_str(root, "format", ASX_REGISTER_FORMAT) &&
         reg_add_str(root, "organization", r->organization ? r->organization : "");
    ok = ok && reg_add_item(root, "next_seq", seq);
    seq = NULL;
    ok = ok && reg_add_item(root, "entries", entries);
    entries = NULL;
    ok = ok && reg_add_item(root, "history", hist);
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
void reg_put_json_str(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (; *p; p++) {
        char u[8];
        const char *esc = NULL;
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (*p < 32) {
                snprintf(u, sizeof u, "\\u%04x", (unsigned)*p);
                esc = u;
            }
        }
        if (!esc)
            continue;
        fwrite(run, 1, (size_t)(p - run), out);
        fputs(esc, out);
        run = p + 1;
    }
    fwrite(run, 1, (size_t)(p - run), out);
    putc('"', out);
}

asx_error reg_put_nested(FILE *out, cJSON *v, const char *sep)
{
    char *p = v ? cJSON_Print(v) : NULL;
    cJSON_Delete(v);
    if (!p)
        return ASX_ERR_NOMEM;
    fputs(sep, out);
    for (const char *c = p, *nl; *c; c = nl + 1) {
        if (!(nl = strchr(c, '\n'))) {
            fputs(c, out);
            break;
        }
        fwrite(c, 1, (size_t)(nl - c) + 1, out);
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
    return reg_put_nested(js->out, asx_reg_entry_json(e), js->nentries++ ? ", " : "");
}

static asx_error js_event(void *p, const asx_reg_event *ev, asx_diags *d)
{
    (void)d;
    json_stream *js = p;
    if (!js->events_begun) {
        fputs(js->mid, js->out);
        js->events_begun = true;
    }
    return reg_put_nested(js->out, reg_event_json(ev), js->nevents++ ? ", " : "");
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
