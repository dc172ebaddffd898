/* reaudit.c - differences between two scored answers files of one vendor. See asx/reaudit.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/reaudit.h"
#include "asx/util.h"

const char *asx_change_kind_name(asx_change_kind k)
{
    switch (k) {
    case ASX_CHG_NEW_KNOCKOUT: return "new_knockout";
    case ASX_CHG_NEW_COUNTRY: return "new_country";
    case ASX_CHG_NEW_SUBCONTRACTOR: return "new_subcontractor";
    case ASX_CHG_SUBCONTRACTOR_COUNTRY: return "subcontractor_country";
    case ASX_CHG_CERTIFICATION_DROPPED: return "certification_dropped";
    case ASX_CHG_CERTIFICATION_EXPIRED: return "certification_expired";
    case ASX_CHG_SLA_LOWERED: return "sla_lowered";
    case ASX_CHG_RTO_LONGER: return "rto_longer";
    case ASX_CHG_RPO_LONGER: return "rpo_longer";
    case ASX_CHG_SCORE_DOWN: return "score_down";
    case ASX_CHG_KNOCKOUT_CLEARED: return "knockout_cleared";
    case ASX_CHG_COUNTRY_REMOVED: return "country_removed";
    case ASX_CHG_SUBCONTRACTOR_REMOVED: return "subcontractor_removed";
    case ASX_CHG_CERTIFICATION_ADDED: return "certification_added";
    case ASX_CHG_CERTIFICATION_RENEWED: return "certification_renewed";
    case ASX_CHG_SLA_RAISED: return "sla_raised";
    case ASX_CHG_RTO_SHORTER: return "rto_shorter";
    case ASX_CHG_RPO_SHORTER: return "rpo_shorter";
    case ASX_CHG_SCORE_UP: return "score_up";
    case ASX_CHG_EXPIRED_UNCHANGED: return "expired_unchanged";
    case ASX_CHG_CHANGED: return "changed";
    case ASX_CHG_QUESTION_ADDED: return "question_added";
    case ASX_CHG_QUESTION_REMOVED: return "question_removed";
    }
    return "?";
}

const char *asx_change_kind_label(asx_change_kind k, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    switch (k) {
    case ASX_CHG_NEW_KNOCKOUT: return en ? "New knockout" : "新たな必須条件違反";
    case ASX_CHG_NEW_COUNTRY: return en ? "New country" : "国・地域の追加";
    case ASX_CHG_NEW_SUBCONTRACTOR: return en ? "New subcontractor" : "再委託先の追加";
    case ASX_CHG_SUBCONTRACTOR_COUNTRY: return en ? "Subcontractor's country changed" : "再委託先の所在国の変更";
    case ASX_CHG_CERTIFICATION_DROPPED: return en ? "Certification dropped" : "認証の喪失";
    case ASX_CHG_CERTIFICATION_EXPIRED: return en ? "Certification expired" : "認証の有効期限切れ";
    case ASX_CHG_SLA_LOWERED: return en ? "SLA lowered" : "SLA (稼働率) の引下げ";
    case ASX_CHG_RTO_LONGER: return en ? "Longer RTO" : "RTO (目標復旧時間) の延長";
    case ASX_CHG_RPO_LONGER: return en ? "Longer RPO" : "RPO (目標復旧時点) の延長";
    case ASX_CHG_SCORE_DOWN: return en ? "Score down" : "評点の低下";
    case ASX_CHG_KNOCKOUT_CLEARED: return en ? "Knockout cleared" : "必須条件違反の解消";
    case ASX_CHG_COUNTRY_REMOVED: return en ? "Country removed" : "国・地域の削除";
    case ASX_CHG_SUBCONTRACTOR_REMOVED: return en ? "Subcontractor removed" : "再委託先の削除";
    case ASX_CHG_CERTIFICATION_ADDED: return en ? "Certification obtained" : "認証の取得";
    case ASX_CHG_CERTIFICATION_RENEWED: return en ? "Certification renewed" : "認証の更新";
    case ASX_CHG_SLA_RAISED: return en ? "SLA raised" : "SLA (稼働率) の引上げ";
    case ASX_CHG_RTO_SHORTER: return en ? "Shorter RTO" : "RTO (目標復旧時間) の短縮";
    case ASX_CHG_RPO_SHORTER: return en ? "Shorter RPO" : "RPO (目標復旧時点) の短縮";
    case ASX_CHG_SCORE_UP: return en ? "Score up" : "評点の向上";
    case ASX_CHG_EXPIRED_UNCHANGED: return en ? "Certificate now expired (same date)" : "認証の期限到来 (日付は前回と同じ)";
    case ASX_CHG_CHANGED: return en ? "Answer changed" : "回答の変更";
    case ASX_CHG_QUESTION_ADDED: return en ? "New question" : "設問の追加";
    case ASX_CHG_QUESTION_REMOVED: return en ? "Question removed" : "設問の削除";
    }
    return "?";
}

bool asx_change_is_regression(asx_change_kind k)
{
    return k <= ASX_CHG_SCORE_DOWN;
}

bool asx_change_is_improvement(asx_change_kind k)
{
    return k >= ASX_CHG_KNOCKOUT_CLEARED && k <= ASX_CHG_SCORE_UP;
}

static void change_clear(asx_change *c)
{
    free(c->question);
    free(c->clause);
    free(c->clause_local);
    free(c->before_json);
    free(c->after_json);
    free(c->before_ja);
    free(c->before_en);
    free(c->after_ja);
    free(c->after_en);
    free(c->detail_ja);
    free(c->detail_en);
}

void asx_reaudit_free(asx_reaudit *ra)
{
    if (!ra)
        return;
    for (size_t i = 0; i < ra->nchanges; i++)
        change_clear(&ra->changes[i]);
    free(ra->changes);
    free(ra);
}

/* ---- values ---- */

/* The value of an answer as JSON: null when absent, "na" when not applicable. */
static cJSON *value_json(const asx_question *q, const asx_answer *a)
{
    if (!a || !a->present)
        return cJSON_CreateNull();
    if (a->na)
        return cJSON_CreateString("na");
    switch (q->type) {
    case ASX_Q_YESNO:
        return cJSON_CreateString(asx_yesno_name(a->yn));
    case ASX_Q_NUMBER:
        return cJSON_CreateNumber(a->num);
    case ASX_Q_CHOICE:
    case ASX_Q_COUNTRY:
    case ASX_Q_DATE:
    case ASX_Q_TEXT:
        return a->str ? cJSON_CreateString(a->str) : cJSON_CreateNull();
    case ASX_Q_COUNTRIES: {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < a->nstrs; i++) {
            cJSON *s = cJSON_CreateString(a->strs[i]);
            if (!s || !cJSON_AddItemToArray(arr, s)) {
                cJSON_Delete(s);
                cJSON_Delete(arr);
                return NULL;
            }
        }
        return arr;
    }
    case ASX_Q_LIST: {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < a->nitems; i++) {
            cJSON *o = cJSON_CreateObject();
            bool ok = o && cJSON_AddItemToArray(arr, o);
            if (!ok)
                cJSON_Delete(o);
            for (size_t k = 0; ok && k < q->nfields; k++) {
                const char *v = a->items[i].values ? a->items[i].values[k] : NULL;
                ok = (v ? cJSON_AddStringToObject(o, q->fields[k].key, v)
                        : cJSON_AddNullToObject(o, q->fields[k].key)) != NULL;
            }
            if (!ok) {
                cJSON_Delete(arr);
                return NULL;
            }
        }
        return arr;
    }
    }
    return cJSON_CreateNull();
}

static char *json_text(const cJSON *v)
{
    char *s = v ? cJSON_PrintUnformatted(v) : NULL;
    char *out = asx_strdup(s);
    cJSON_free(s);
    return out;
}

typedef struct {
    asx_reaudit *ra;
    const asx_result *b, *a;
    const asx_question *qb; /* the question in the previous bank (the same one unless --allow-other-vendor) */
    asx_error err;
} dctx;

static asx_change *new_change(dctx *c, asx_change_kind kind, const asx_question *q,
                              const char *id)
{
    asx_reaudit *ra = c->ra;
    asx_change *p = realloc(ra->changes, (ra->nchanges + 1) * sizeof *p);
    if (!p) {
        c->err = ASX_ERR_NOMEM;
        return NULL;
    }
    ra->changes = p;
    asx_change *ch = &p[ra->nchanges++];
    memset(ch, 0, sizeof *ch);
    ch->kind = kind;
    ch->q = q;
    ch->question = asx_strdup(id);
    ch->clause = asx_strdup(q && q->nclauses ? q->clauses[0] : "");
    ch->clause_local = asx_policy_clauses_local(ra->after->policy, ch->clause ? ch->clause : "");
    ch->score_before = ch->score_after = -1;
    if (!ch->question || !ch->clause || !ch->clause_local)
        c->err = ASX_ERR_NOMEM;
    return ch;
}

/* A change of a bank question: values and display forms taken from both answers. */
static void add_q(dctx *c, asx_change_kind kind, const asx_question *q, const char *dja,
                  const char *den)
{
    const asx_question *qb = c->qb;
    const asx_answer *ab = &c->b->answers->a[qb->index];
    const asx_answer *aa = &c->a->answers->a[q->index];
    asx_change *ch = new_change(c, kind, q, q->id);
    if (!ch)
        return;
    cJSON *vb = value_json(qb, ab), *va = value_json(q, aa);
    ch->before_json = json_text(vb);
    ch->after_json = json_text(va);
    cJSON_Delete(vb);
    cJSON_Delete(va);
    const asx_qscore *sb = &c->b->q[qb->index], *sa = &c->a->q[q->index];
    /* a question that did not apply is 対象外, not unanswered */
    ch->before_ja = sb->applicable || ab->present ? asx_answer_format(qb, ab, ASX_LANG_JA) : asx_strdup("対象外");
    ch->before_en = sb->applicable || ab->present ? asx_answer_format(qb, ab, ASX_LANG_EN)
                                                  : asx_strdup("not applicable");
    ch->after_ja = sa->applicable || aa->present ? asx_answer_format(q, aa, ASX_LANG_JA) : asx_strdup("対象外");
    ch->after_en = sa->applicable || aa->present ? asx_answer_format(q, aa, ASX_LANG_EN)
                                                 : asx_strdup("not applicable");
    if (!sb->applicable && !ab->present && sa->applicable && (!dja || !*dja)) {
        dja = "前回は対象外 (前提の回答により適用されなかった設問)";
        den = "did not apply last time (an earlier answer left it out)";
    }
    ch->detail_ja = asx_strdup(dja ? dja : "");
    ch->detail_en = asx_strdup(den ? den : "");
    if (sb->applicable && !sb->na)
        ch->score_before = sb->score;
    if (sa->applicable && !sa->na)
        ch->score_after = sa->score;
    if (!ch->before_json || !ch->after_json || !ch->before_ja || !ch->before_en ||
        !ch->after_ja || !ch->after_en || !ch->detail_ja || !ch->detail_en)
        c->err = ASX_ERR_NOMEM;
}

/* A change of an id the current bank does not have (values as the files wrote them). */
static void add_extra(dctx *c, asx_change_kind kind, const char *id, const char *before,
                      const char *after)
{
    asx_change *ch = new_change(c, kind, NULL, id);
    if (!ch)
        return;
    ch->before_json = asx_strdup(before ? before : "null");
    ch->after_json = asx_strdup(after ? after : "null");
    ch->before_ja = asx_strdup(before ? before : "—");
    ch->before_en = asx_strdup(before ? before : "—");
    ch->after_ja = asx_strdup(after ? after : "—");
    ch->after_en = asx_strdup(after ? after : "—");
    ch->detail_ja = asx_strdup(kind == ASX_CHG_QUESTION_REMOVED ? "現行の質問票にない設問" : "");
    ch->detail_en = asx_strdup(kind == ASX_CHG_QUESTION_REMOVED
                                   ? "not in the current questionnaire" : "");
    if (!ch->before_json || !ch->after_json || !ch->before_ja || !ch->before_en ||
        !ch->after_ja || !ch->after_en || !ch->detail_ja || !ch->detail_en)
        c->err = ASX_ERR_NOMEM;
}

static bool has_str(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && strcmp(v[i], s) == 0)
            return true;
    return false;
}

/* Codes of a that are not in b, joined with ", " (NULL when none). */
static char *codes_not_in(const asx_answer *a, const asx_answer *b)
{
    asx_buf out = {0};
    for (size_t i = 0; a->present && !a->na && i < a->nstrs; i++) {
        if (b->present && !b->na && has_str(b->strs, b->nstrs, a->strs[i]))
            continue;
        if (out.len)
            asx_buf_adds(&out, ", ");
        asx_buf_adds(&out, a->strs[i]);
    }
    if (!out.len && !out.oom) {
        asx_buf_free(&out);
        return NULL;
    }
    return asx_buf_take(&out);
}

static void cmp_countries(dctx *c, const asx_question *q, const asx_answer *ab,
                          const asx_answer *aa, int *reg, int *imp)
{
    char *added = codes_not_in(aa, ab);
    char *removed = codes_not_in(ab, aa);
    /* a first answer is not a "new" country: only compare two answers */
    if (ab->present && !ab->na && added) {
        char *ja = asx_strdupf("%s を追加", added), *en = asx_strdupf("%s added", added);
        add_q(c, ASX_CHG_NEW_COUNTRY, q, ja, en);
        free(ja);
        free(en);
        (*reg)++;
    }
    if (aa->present && !aa->na && removed) {
        char *ja = asx_strdupf("%s を削除", removed), *en = asx_strdupf("%s removed", removed);
        add_q(c, ASX_CHG_COUNTRY_REMOVED, q, ja, en);
        free(ja);
        free(en);
        (*imp)++;
    }
    free(added);
    free(removed);
}

static int field_index(const asx_question *q, const char *key)
{
    for (size_t k = 0; k < q->nfields; k++)
        if (strcmp(q->fields[k].key, key) == 0)
            return (int)k;
    return -1;
}

static const char *item_field(const asx_answer *a, size_t i, int k)
{
    if (k < 0 || !a->items[i].values)
        return NULL;
    return a->items[i].values[k];
}

/* The item of a named name, or -1. */
static long item_by_name(const asx_answer *a, int kname, const char *name)
{
    for (size_t i = 0; a->present && !a->na && i < a->nitems; i++) {
        const char *n = item_field(a, i, kname);
        if (n && strcmp(n, name) == 0)
            return (long)i;
    }
    return -1;
}

/* Subcontractors (a list with name and country): new ones, moved ones, removed ones. A list
 * that does not apply (no subcontracting) counts as empty. */
static void cmp_list(dctx *c, const asx_question *q, const asx_answer *ab, const asx_answer *aa,
                     int *reg, int *imp)
{
    int kn = field_index(q, "name"), kc = field_index(q, "country");
    if (kn < 0)
        return;
    asx_buf nja = {0}, nen = {0}, mja = {0}, men = {0}, rja = {0}, ren = {0};
    for (size_t i = 0; aa->present && !aa->na && i < aa->nitems; i++) {
        const char *name = item_field(aa, i, kn), *ctry = item_field(aa, i, kc);
        if (!name)
            continue;
        long j = item_by_name(ab, kn, name);
        if (j < 0) {
            asx_buf_addf(&nja, "%s%s (%s)", nja.len ? "、" : "", name, ctry ? ctry : "—");
            asx_buf_addf(&nen, "%s%s (%s)", nen.len ? ", " : "", name, ctry ? ctry : "—");
            continue;
        }
        const char *old = item_field(ab, (size_t)j, kc);
        if (kc >= 0 && ctry && (!old || strcmp(old, ctry) != 0)) {
            asx_buf_addf(&mja, "%s%s: %s → %s", mja.len ? "、" : "", name, old ? old : "—", ctry);
            asx_buf_addf(&men, "%s%s: %s → %s", men.len ? ", " : "", name, old ? old : "—", ctry);
        }
    }
    for (size_t i = 0; ab->present && !ab->na && i < ab->nitems; i++) {
        const char *name = item_field(ab, i, kn);
        if (name && item_by_name(aa, kn, name) < 0) {
            asx_buf_addf(&rja, "%s%s", rja.len ? "、" : "", name);
            asx_buf_addf(&ren, "%s%s", ren.len ? ", " : "", name);
        }
    }
    if (nja.len) {
        add_q(c, ASX_CHG_NEW_SUBCONTRACTOR, q, asx_buf_str(&nja), asx_buf_str(&nen));
        (*reg)++;
    }
    if (mja.len) {
        add_q(c, ASX_CHG_SUBCONTRACTOR_COUNTRY, q, asx_buf_str(&mja), asx_buf_str(&men));
        (*reg)++;
    }
    if (rja.len) {
        add_q(c, ASX_CHG_SUBCONTRACTOR_REMOVED, q, asx_buf_str(&rja), asx_buf_str(&ren));
        (*imp)++;
    }
    if (nja.oom || nen.oom || mja.oom || men.oom || rja.oom || ren.oom)
        c->err = ASX_ERR_NOMEM;
    asx_buf_free(&nja);
    asx_buf_free(&nen);
    asx_buf_free(&mja);
    asx_buf_free(&men);
    asx_buf_free(&rja);
    asx_buf_free(&ren);
}

static bool is_yes(const asx_answer *a)
{
    return a->present && !a->na && a->yn == ASX_YN_YES;
}

/* cert.* yes/no questions: yes → not yes is a dropped certification. */
static void cmp_cert(dctx *c, const asx_question *q, const asx_answer *ab, const asx_answer *aa,
                     int *reg, int *imp)
{
    if (strncmp(q->id, "cert.", 5) != 0 || q->expected != ASX_YN_YES)
        return;
    if (is_yes(ab) && aa->present && !is_yes(aa)) {
        add_q(c, ASX_CHG_CERTIFICATION_DROPPED, q, "", "");
        (*reg)++;
    } else if (ab->present && !is_yes(ab) && is_yes(aa)) {
        add_q(c, ASX_CHG_CERTIFICATION_ADDED, q, "", "");
        (*imp)++;
    }
}

static bool expired(const asx_answer *a, asx_date at)
{
    return a->present && !a->na && asx_date_valid(a->date) && asx_date_cmp(a->date, at) < 0;
}

/* Expiry dates: expired at the current assessment (unless it was already the same expired date
 * last time), or renewed to a later date. */
static void cmp_expiry(dctx *c, const asx_question *q, const asx_answer *ab, const asx_answer *aa,
                       int *reg, int *imp)
{
    asx_date now = c->a->answers->date, then = c->b->answers->date;
    if (!q->expiry)
        return;
    if (expired(aa, now)) {
        bool same_date = ab->present && !ab->na && asx_date_cmp(ab->date, aa->date) == 0;
        bool same_old = expired(ab, then) && same_date;
        if (!same_old) {
            char iso[11], nowiso[11], ja_d[64], ja_now[64]; /* Japanese texts: the documents' date style */
            asx_date_iso(aa->date, iso);
            asx_date_iso(now, nowiso);
            asx_date_format(aa->date, ASX_LANG_JA, ja_d, sizeof ja_d);
            asx_date_format(now, ASX_LANG_JA, ja_now, sizeof ja_now);
            /* the same date as last time is no regression of the answers: the evidence has
             * run out and must be renewed */
            char *ja = same_date ? asx_strdupf("%sに失効 (評価日 %s)。更新後の登録証の提出を求めること", ja_d, ja_now)
                                 : asx_strdupf("%sに失効 (評価日 %s)", ja_d, ja_now);
            char *en = same_date ? asx_strdupf("expired on %s (assessed %s); ask for the renewed certificate", iso, nowiso)
                                 : asx_strdupf("expired on %s (assessed %s)", iso, nowiso);
            add_q(c, same_date ? ASX_CHG_EXPIRED_UNCHANGED : ASX_CHG_CERTIFICATION_EXPIRED, q, ja, en);
            free(ja);
            free(en);
            (*reg)++; /* handled: no "score down" besides (the counts come from the kinds) */
        }
    } else if (aa->present && !aa->na && ab->present && !ab->na &&
               asx_date_cmp(aa->date, ab->date) > 0) {
        add_q(c, ASX_CHG_CERTIFICATION_RENEWED, q, "", "");
        (*imp)++;
    }
}

/* The numbers the re-audit names: availability, RTO, RPO. */
static void cmp_number(dctx *c, const asx_question *q, const asx_answer *ab, const asx_answer *aa,
                       int *reg, int *imp)
{
    static const struct {
        const char *id;
        asx_change_kind worse, better;
        bool higher_better;
    } named[] = {
        {"sla.availability_percent", ASX_CHG_SLA_LOWERED, ASX_CHG_SLA_RAISED, true},
        {"bak.rto_hours", ASX_CHG_RTO_LONGER, ASX_CHG_RTO_SHORTER, false},
        {"bak.rpo_hours", ASX_CHG_RPO_LONGER, ASX_CHG_RPO_SHORTER, false},
    };
    if (!ab->present || ab->na || !aa->present || aa->na || ab->num == aa->num)
        return;
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strcmp(q->id, named[i].id) != 0)
            continue;
        bool worse = named[i].higher_better ? aa->num < ab->num : aa->num > ab->num;
        double t = 0;
        bool has_t = asx_question_threshold(q, c->a->policy, &c->a->answers->cls, &t);
        const char *uja = asx_text_get(&q->unit, ASX_LANG_JA);
        const char *uen = asx_text_get(&q->unit, ASX_LANG_EN);
        char tja[96] = "", ten[96] = "";
        if (has_t) {
            snprintf(tja, sizeof tja, "基準: %g %s%s", t, uja ? uja : "",
                     named[i].higher_better ? " 以上" : " 以内");
            snprintf(ten, sizeof ten, "policy: %s %g %s", named[i].higher_better ? "at least" : "at most",
                     t, uen ? uen : "");
        }
        char *ja = asx_strdup(tja);
        char *en = asx_strdup(ten);
        add_q(c, worse ? named[i].worse : named[i].better, q, ja, en);
        free(ja);
        free(en);
        (*(worse ? reg : imp))++;
    }
}

static void cmp_question(dctx *c, const asx_question *q)
{
    const asx_question *qb = c->qb;
    const asx_answer *ab = &c->b->answers->a[qb->index];
    const asx_answer *aa = &c->a->answers->a[q->index];
    const asx_qscore *sb = &c->b->q[qb->index], *sa = &c->a->q[q->index];
    int reg = 0, imp = 0;
    cJSON *vb = value_json(qb, ab), *va = value_json(q, aa);
    if (!vb || !va) {
        c->err = ASX_ERR_NOMEM;
        goto done;
    }
    bool same = cJSON_Compare(vb, va, true);
    if (!ab->present && aa->present && c->ra->bank_version_differs && q->type != ASX_Q_LIST) {
        /* the previous version of the bank most likely did not ask it: nothing to compare
         * (a list, e.g. of subcontractors, that was not given counts as empty) */
        add_q(c, ASX_CHG_QUESTION_ADDED, q, "", "");
        goto done;
    }
    if (qb->type != q->type) {
        /* another bank (--allow-other-vendor) with another type for the id: only the score compares */
        if (!same)
            add_q(c, ASX_CHG_CHANGED, q, "", "");
        else
            c->ra->nunchanged++;
        goto done;
    }
    if (!sb->knockout && sa->knockout) {
        add_q(c, ASX_CHG_NEW_KNOCKOUT, q, "", "");
        reg++;
    } else if (sb->knockout && !sa->knockout) {
        add_q(c, ASX_CHG_KNOCKOUT_CLEARED, q, "", "");
        imp++;
    }
    switch (q->type) {
    case ASX_Q_COUNTRIES:
        cmp_countries(c, q, ab, aa, &reg, &imp);
        break;
    case ASX_Q_LIST:
        cmp_list(c, q, ab, aa, &reg, &imp);
        break;
    case ASX_Q_YESNO:
        cmp_cert(c, q, ab, aa, &reg, &imp);
        break;
    case ASX_Q_DATE:
        cmp_expiry(c, q, ab, aa, &reg, &imp);
        break;
    case ASX_Q_NUMBER:
        cmp_number(c, q, ab, aa, &reg, &imp);
        break;
    case ASX_Q_CHOICE:
    case ASX_Q_COUNTRY:
    case ASX_Q_TEXT:
        break;
    }
    bool scored = sb->applicable && sa->applicable && !sb->na && !sa->na;
    bool has_expiry = q->type == ASX_Q_DATE && q->expiry;
    for (size_t i = 0; q->type == ASX_Q_LIST && i < q->nfields; i++)
        has_expiry |= q->fields[i].type == ASX_Q_DATE;
    if (scored && same && has_expiry && sa->score < sb->score - 1e-9 && !reg) {
        /* the same answer scores lower only because a date in it has passed since: the vendor
         * changed nothing (a certificate list whose expiry is now past) */
        add_q(c, ASX_CHG_EXPIRED_UNCHANGED, q, "", "");
    } else if (scored && sa->score < sb->score - 1e-9 && !reg) {
        add_q(c, ASX_CHG_SCORE_DOWN, q, "", "");
        reg++;
    } else if (scored && sa->score > sb->score + 1e-9 && !imp) {
        add_q(c, ASX_CHG_SCORE_UP, q, "", "");
        imp++;
    }
    if (!reg && !imp) {
        if (same)
            c->ra->nunchanged++;
        else
            add_q(c, ASX_CHG_CHANGED, q, "", "");
    }
done:
    cJSON_Delete(vb);
    cJSON_Delete(va);
}

/* A question only one of two different banks (--allow-other-vendor) has. */
static void add_q_only_after(dctx *c, const asx_question *q)
{
    char *v = NULL;
    cJSON *va = value_json(q, &c->a->answers->a[q->index]);
    v = json_text(va);
    cJSON_Delete(va);
    if (!v) {
        c->err = ASX_ERR_NOMEM;
        return;
    }
    add_extra(c, ASX_CHG_QUESTION_ADDED, q->id, NULL, v);
    free(v);
}

static void add_q_only_before(dctx *c, const asx_question *qb)
{
    char *v = NULL;
    cJSON *vb = value_json(qb, &c->b->answers->a[qb->index]);
    v = json_text(vb);
    cJSON_Delete(vb);
    if (!v) {
        c->err = ASX_ERR_NOMEM;
        return;
    }
    add_extra(c, ASX_CHG_QUESTION_REMOVED, qb->id, v, NULL);
    free(v);
}

static const asx_extra_answer *find_extra(const asx_answers *a, const char *id)
{
    for (size_t i = 0; i < a->nextra; i++)
        if (strcmp(a->extra[i].id, id) == 0)
            return &a->extra[i];
    return NULL;
}

/* Ids the current bank does not know, kept by the loader from either file. */
static void cmp_extras(dctx *c)
{
    const asx_answers *b = c->b->answers, *a = c->a->answers;
    for (size_t i = 0; i < b->nextra; i++) {
        const asx_extra_answer *eb = &b->extra[i], *ea = find_extra(a, eb->id);
        if (!ea)
            add_extra(c, ASX_CHG_QUESTION_REMOVED, eb->id, eb->value_text, NULL);
        else if (strcmp(ea->value_text, eb->value_text) == 0)
            c->ra->nunchanged++;
        else
            add_extra(c, ASX_CHG_CHANGED, eb->id, eb->value_text, ea->value_text);
    }
    for (size_t i = 0; i < a->nextra; i++)
        if (!find_extra(b, a->extra[i].id))
            add_extra(c, ASX_CHG_QUESTION_ADDED, a->extra[i].id, NULL, a->extra[i].value_text);
}

static int change_cmp(const void *pa, const void *pb)
{
    const asx_change *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    size_t ia = a->q ? a->q->index : SIZE_MAX, ib = b->q ? b->q->index : SIZE_MAX;
    if (ia != ib)
        return ia < ib ? -1 : 1;
    return strcmp(a->question, b->question);
}

static bool same_vendor(const asx_answers *a, const asx_answers *b)
{
    if (a->corporate_number && b->corporate_number)
        return strcmp(a->corporate_number, b->corporate_number) == 0;
    return strcmp(a->vendor_name, b->vendor_name) == 0;
}

static asx_error check_pair(const asx_result *before, const asx_result *after, bool force,
                            asx_diags *d)
{
    const asx_answers *b = before->answers, *a = after->answers;
    if (force)
        return ASX_OK;
    if (!same_vendor(b, a)) {
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("前回 (%s) と今回 (%s) で事業者が異なります (別の事業者と比較するには --allow-other-vendor)",
                             "the previous (%s) and current (%s) answers are from different vendors; "
                             "use --allow-other-vendor to compare them anyway"),
                       b->vendor_name, a->vendor_name);
        return ASX_ERR_DATA;
    }
    if (before->bank != after->bank) {
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("前回 (%s) と今回 (%s) で質問票が異なります (それでも比較するには --allow-other-vendor)",
                             "the previous (%s) and current (%s) answers use different questionnaires; "
                             "use --allow-other-vendor to compare them anyway"),
                       before->bank->id, after->bank->id);
        return ASX_ERR_DATA;
    }
    if (asx_date_cmp(b->date, a->date) > 0) {
        char x[11], y[11];
        asx_date_iso(b->date, x);
        asx_date_iso(a->date, y);
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("前回の評価日 (%s) が今回 (%s) より後です。引数の順序 (PREVIOUS CURRENT) を確認してください",
                             "the previous assessment (%s) is dated after the current one (%s); "
                             "check the order of the arguments (PREVIOUS CURRENT)"), x, y);
        return ASX_ERR_DATA;
    }
    if (asx_date_cmp(b->date, a->date) == 0) {
        /* not an error (a re-audit may be answered on the same day), but most often last year's
         * file given twice or a form whose date the vendor did not update: say so (issue 29) */
        char x[11];
        asx_date_iso(a->date, x);
        asx_diags_addf(d, ASX_OK, a->file, 0, 0,
                       ASX_L("警告: 前回 (%s) と今回の回答日が同じ %s です。前年度の回答を二度指定していないか、"
                             "今回の様式の回答日が更新されているかを確認してください",
                             "warning: the previous answers (%s) and the current ones carry the same date, %s; "
                             "check that last year's file was not given twice and that the current form's date was updated"),
                       b->file, x);
    }
    return ASX_OK;
}

asx_error asx_reaudit_diff(const asx_result *before, const asx_result *after, bool force,
                           asx_reaudit **out, asx_diags *d)
{
    *out = NULL;
    asx_error err = check_pair(before, after, force, d);
    if (err)
        return err;
    asx_reaudit *ra = calloc(1, sizeof *ra);
    if (!ra)
        return ASX_ERR_NOMEM;
    ra->before = before;
    ra->after = after;
    const char *vb = before->answers->bank_version, *va = after->answers->bank_version;
    ra->bank_version_differs = vb && va && strcmp(vb, va) != 0;
    dctx c = {ra, before, after, NULL, ASX_OK};
    /* with --allow-other-vendor the banks may differ: questions are matched by id */
    for (size_t i = 0; !c.err && i < after->bank->nquestions; i++) {
        const asx_question *q = &after->bank->questions[i];
        c.qb = asx_bank_find(before->bank, q->id);
        if (c.qb)
            cmp_question(&c, q);
        else if (after->answers->a[i].present)
            add_q_only_after(&c, q);
    }
    for (size_t i = 0; !c.err && before->bank != after->bank && i < before->bank->nquestions; i++) {
        const asx_question *qb = &before->bank->questions[i];
        if (!asx_bank_find(after->bank, qb->id) && before->answers->a[i].present)
            add_q_only_before(&c, qb);
    }
    if (!c.err)
        cmp_extras(&c);
    if (c.err) {
        asx_reaudit_free(ra);
        return c.err;
    }
    if (ra->nchanges > 1)
        qsort(ra->changes, ra->nchanges, sizeof *ra->changes, change_cmp);
    for (size_t i = 0; i < ra->nchanges; i++) {
        if (asx_change_is_regression(ra->changes[i].kind))
            ra->nregressions++;
        else if (asx_change_is_improvement(ra->changes[i].kind))
            ra->nimprovements++;
    }
    *out = ra;
    return ASX_OK;
}

/* ---- JSON ---- */

static cJSON *change_json(const asx_change *ch, asx_lang lang)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *b = cJSON_Parse(ch->before_json), *a = cJSON_Parse(ch->after_json);
    const char *label = ch->q ? asx_text_get(&ch->q->label, lang) : "";
    bool ok = o && b && a && cJSON_AddStringToObject(o, "question", ch->question) &&
              cJSON_AddStringToObject(o, "clause", ch->clause) &&
              (strcmp(ch->clause, ch->clause_local) == 0 || cJSON_AddStringToObject(o, "clause_local", ch->clause_local)) &&
              cJSON_AddStringToObject(o, "label", label ? label : "");
    ok = ok && cJSON_AddItemToObject(o, "before", b);
    if (ok)
        b = NULL;
    ok = ok && cJSON_AddItemToObject(o, "after", a);
    if (ok)
        a = NULL;
    ok = ok && cJSON_AddStringToObject(o, "kind", asx_change_kind_name(ch->kind)) &&
         cJSON_AddStringToObject(o, "detail", asx_change_detail(ch, lang));
    cJSON_Delete(b);
    cJSON_Delete(a);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool add_array_item(cJSON *arr, cJSON *v)
{
    if (!v)
        return false;
    if (!cJSON_AddItemToArray(arr, v)) {
        cJSON_Delete(v);
        return false;
    }
    return true;
}

char *asx_reaudit_to_json(const asx_reaudit *ra, asx_lang lang)
{
    const asx_answers *b = ra->before->answers, *a = ra->after->answers;
    char db[11], da[11];
    char *text = NULL;
    asx_date_iso(b->date, db);
    asx_date_iso(a->date, da);
    cJSON *root = cJSON_CreateObject();
    cJSON *reg = cJSON_CreateArray(), *imp = cJSON_CreateArray(), *oth = cJSON_CreateArray();
    bool ok = root && reg && imp && oth;
    for (size_t i = 0; ok && i < ra->nchanges; i++) {
        const asx_change *ch = &ra->changes[i];
        cJSON *arr = asx_change_is_regression(ch->kind)    ? reg
                     : asx_change_is_improvement(ch->kind) ? imp
                                                           : oth;
        ok = add_array_item(arr, change_json(ch, lang));
    }
    ok = ok && cJSON_AddStringToObject(root, "format", "assess-reaudit/1") &&
         cJSON_AddStringToObject(root, "questionnaire", ra->after->bank->id) &&
         cJSON_AddStringToObject(root, "vendor", a->vendor_name) &&
         cJSON_AddStringToObject(root, "service", a->service_name) &&
         cJSON_AddStringToObject(root, "date_before", db) &&
         cJSON_AddStringToObject(root, "date_after", da) &&
         cJSON_AddStringToObject(root, "verdict_before", asx_verdict_name(ra->before->verdict)) &&
         cJSON_AddStringToObject(root, "verdict_after", asx_verdict_name(ra->after->verdict)) &&
         cJSON_AddNumberToObject(root, "score_before", ra->before->score) &&
         cJSON_AddNumberToObject(root, "score_after", ra->after->score);
    ok = ok && cJSON_AddItemToObject(root, "regressions", reg);
    if (ok)
        reg = NULL;
    ok = ok && cJSON_AddItemToObject(root, "improvements", imp);
    if (ok)
        imp = NULL;
    ok = ok && cJSON_AddItemToObject(root, "changes", oth);
    if (ok)
        oth = NULL;
    ok = ok && cJSON_AddNumberToObject(root, "unchanged", (double)ra->nunchanged);
    if (ok) {
        char *s = asx_json_output(root);
        text = s ? asx_strdupf("%s\n", s) : NULL;
        cJSON_free(s);
    }
    cJSON_Delete(reg);
    cJSON_Delete(imp);
    cJSON_Delete(oth);
    cJSON_Delete(root);
    return text;
}

/* ---- memo ---- */

static void memo_change(asx_buf *m, const asx_change *ch, size_t n, asx_lang l)
{
    bool en = l == ASX_LANG_EN;
    const char *label = ch->q ? asx_text_get(&ch->q->label, l) : ch->question;
    const char *detail = asx_change_detail(ch, l);
    asx_buf_addf(m, "%3zu. [%s] %s", n, asx_change_kind_label(ch->kind, l), label);
    if (ch->clause_local[0])
        asx_buf_addf(m, " (%s)", ch->clause_local);
    asx_buf_addf(m, "%s%s\n", en ? " - " : " — ", ch->question);
    if (strcmp(asx_change_before(ch, l), asx_change_after(ch, l)) == 0)
        asx_buf_addf(m, en ? "       %s (unchanged)\n" : "       %s (前回と同じ)\n", asx_change_after(ch, l));
    else
        asx_buf_addf(m, "       %s → %s\n", asx_change_before(ch, l), asx_change_after(ch, l));
    if (detail && *detail && !strstr(asx_change_after(ch, l), detail) && !strstr(asx_change_before(ch, l), detail))
        asx_buf_addf(m, "       %s\n", detail);
}

static void memo_section(asx_buf *m, const asx_reaudit *ra, int which, const char *title,
                         asx_lang l)
{
    size_t n = 0;
    for (size_t i = 0; i < ra->nchanges; i++) {
        const asx_change *ch = &ra->changes[i];
        int w = asx_change_is_regression(ch->kind) ? 0 : asx_change_is_improvement(ch->kind) ? 1 : 2;
        if (w != which)
            continue;
        if (n == 0)
            asx_buf_addf(m, "\n%s\n", title);
        memo_change(m, ch, ++n, l);
    }
}

char *asx_reaudit_memo(const asx_reaudit *ra, asx_lang l)
{
    const asx_answers *b = ra->before->answers, *a = ra->after->answers;
    bool en = l == ASX_LANG_EN;
    char db[64], da[64];
    asx_buf m = {0};
    asx_date_format(b->date, l, db, sizeof db);
    asx_date_format(a->date, l, da, sizeof da);
    asx_buf_addf(&m, en ? "Re-audit memo: %s (%s)\n" : "再監査メモ: %s (%s)\n", a->service_name,
                 a->vendor_name);
    asx_buf_addf(&m, en ? "  Previous: %s  %s, score %.1f\n" : "  前回: %s  判定 %s (%.1f 点)\n", db,
                 asx_verdict_label(ra->before->verdict, l), ra->before->score);
    asx_buf_addf(&m, en ? "  Current:  %s  %s, score %.1f\n" : "  今回: %s  判定 %s (%.1f 点)\n", da,
                 asx_verdict_label(ra->after->verdict, l), ra->after->score);
    if (ra->bank_version_differs)
        asx_buf_addf(&m, en ? "  Questionnaire version: %s → %s (compared by question id)\n"
                            : "  質問票の版: %s → %s (設問 ID で比較)\n",
                     b->bank_version, a->bank_version);
    asx_buf_addf(&m, en ? "  %zu regression(s), %zu improvement(s), %zu other change(s), %zu unchanged\n"
                        : "  後退 %zu 件、改善 %zu 件、その他の変更 %zu 件、変更なし %zu 問\n",
                 ra->nregressions, ra->nimprovements,
                 ra->nchanges - ra->nregressions - ra->nimprovements, ra->nunchanged);
    if (ra->nregressions == 0)
        asx_buf_adds(&m, en ? "\nNo regressions since the previous assessment.\n"
                            : "\n前回評価からの後退はありません。\n");
    memo_section(&m, ra, 0, en ? "Regressions (check first):" : "■ 後退 (要確認)", l);
    memo_section(&m, ra, 1, en ? "Improvements:" : "■ 改善", l);
    memo_section(&m, ra, 2, en ? "Other changes:" : "■ その他の変更", l);
    return asx_buf_take(&m);
}
