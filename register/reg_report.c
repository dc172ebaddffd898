/* reg_report.c - the figures of the year's report. See asx/reg_report.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/reg_report.h"
#include "asx/store.h"
#include "asx/util.h"

/* ---- the report's own copies ---- */

/* Rows and texts live in chunks that never move (rows point at them); each text is kept once
 * (an open-addressing set), so that the service of an entry listed in three parts, or the text
 * of a condition every entry of a bank carries, costs its bytes once. */
typedef struct rr_chunk {
    struct rr_chunk *next;
    size_t used, size;
    _Alignas(max_align_t) char data[];
} rr_chunk;

struct asx_rr_store {
    rr_chunk *chunks;
    const char **set; /* the texts kept; capacity a power of two */
    size_t cap, n;
    bool oom;         /* a copy failed: the report is incomplete */
    struct {          /* room of the report's lists (they grow by doubling) */
        size_t banks, approvals, renewals, conditions, checks, overdue, expiring;
    } room;
};

enum { RR_CHUNK = 64 * 1024 };

static void *rr_alloc(asx_rr_store *st, size_t len)
{
    len = (len + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
    rr_chunk *c = st->chunks;
    if (!c || c->size - c->used < len) {
        size_t size = len > RR_CHUNK ? len : RR_CHUNK;
        if (!(c = malloc(sizeof *c + size))) {
            st->oom = true;
            return NULL;
        }
        *c = (rr_chunk){st->chunks, 0, size};
        st->chunks = c;
    }
    void *p = c->data + c->used;
    c->used += len;
    return p;
}

static size_t rr_hash(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a, 64 bits */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    /* FNV's low bits mix only the input's low bits (a multiplication carries upwards): fold the
     * high half in, since the set takes the low bits */
    return (size_t)(h ^ (h >> 32));
}

/* Grow the set to twice its size (16 when empty). */
static bool rr_grow(asx_rr_store *st)
{
    size_t cap = st->cap ? st->cap * 2 : 16;
    const char **set = calloc(cap, sizeof *set);
    if (!set)
        return false;
    for (size_t i = 0; i < st->cap; i++) {
        if (!st->set[i])
            continue;
        size_t h = rr_hash(st->set[i]) & (cap - 1);
        while (set[h])
            h = (h + 1) & (cap - 1);
        set[h] = st->set[i];
    }
    free(st->set);
    st->set = set;
    st->cap = cap;
    return true;
}

/* The report's copy of s (NULL stays NULL; on out of memory NULL and st->oom). */
static const char *rr_text(asx_rr_store *st, const char *s)
{
    if (!s)
        return NULL;
    if ((st->n + 1) * 2 > st->cap && !rr_grow(st)) {
        st->oom = true;
        return NULL;
    }
    size_t h = rr_hash(s) & (st->cap - 1);
    while (st->set[h]) {
        if (strcmp(st->set[h], s) == 0)
            return st->set[h];
        h = (h + 1) & (st->cap - 1);
    }
    size_t len = strlen(s) + 1;
    char *copy = rr_alloc(st, len);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    st->set[h] = copy;
    st->n++;
    return copy;
}

static void rr_store_free(asx_rr_store *st)
{
    if (!st)
        return;
    for (rr_chunk *c = st->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(st->set);
    free(st);
}

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
    rr_store_free(rep->store);
    free(rep);
}

/* Append one element of size el to *v (count *n, room for *cap); false on OOM. */
static bool push(void *vp, size_t *n, size_t *cap, size_t el, const void *x)
{
    void **v = vp;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        char *p = realloc(*v, ncap * el);
        if (!p)
            return false;
        *v = p;
        *cap = ncap;
    }
    memcpy((char *)*v + *n * el, x, el);
    (*n)++;
    return true;
}

static bool within(asx_date d, asx_date from, asx_date to)
{
    return asx_date_cmp(d, from) >= 0 && asx_date_cmp(d, to) <= 0;
}

asx_error asx_reg_report_new(const asx_policy *policy, const char *organization, int fy,
                             asx_date as_of, asx_reg_report **out)
{
    asx_reg_report *rep = calloc(1, sizeof *rep);
    *out = NULL;
    if (!rep)
        return ASX_ERR_NOMEM;
    bool ok = (rep->store = calloc(1, sizeof *rep->store)) != NULL &&
              asx_cite_set(&rep->cite_report, policy, "11-1(3)②, 12-1") &&
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
    if (ok && organization)
        ok = (rep->organization = rr_text(rep->store, organization)) != NULL;
    if (!ok) {
        asx_reg_report_free(rep);
        return ASX_ERR_NOMEM;
    }
    rep->fiscal_year = fy;
    rep->from = (asx_date){fy, 4, 1};
    rep->to = (asx_date){fy + 1, 3, 31};
    rep->as_of = as_of;
    rep->expiring_from = (asx_date){fy + 1, 4, 1};
    rep->expiring_to = (asx_date){fy + 2, 3, 31};
    *out = rep;
    return ASX_OK;
}

/* The entry being added and its row (made when a part first lists it). */
typedef struct {
    asx_reg_report *rep;
    const asx_reg_entry *e;
    const asx_rr_entry *row;
} rr_adding;

static const asx_rr_entry *entry_row(rr_adding *a)
{
    if (a->row)
        return a->row;
    asx_rr_store *st = a->rep->store;
    const asx_reg_entry *e = a->e;
    asx_rr_entry *x = rr_alloc(st, sizeof *x);
    if (!x)
        return NULL;
    *x = (asx_rr_entry){
        .id = rr_text(st, e->id), .service = rr_text(st, e->service),
        .vendor = rr_text(st, e->vendor), .approver = rr_text(st, e->approver),
        .manager = rr_text(st, e->manager), .verdict = e->verdict, .score = e->score,
        .approved_on = e->approved_on, .next_review = e->next_review,
        .has_next_check = e->has_next_check, .next_check = e->next_check,
        .has_evidence_expiry = e->has_evidence_expiry, .evidence_expiry = e->evidence_expiry,
        .status = e->status,
        .conditions_overdue = asx_reg_in_use(e) && asx_reg_overdue_conditions(e, a->rep->as_of)};
    a->row = st->oom ? NULL : x;
    return a->row;
}

asx_error asx_reg_report_add(asx_reg_report *rep, const asx_reg_entry *e)
{
    if (asx_date_cmp(e->approved_on, rep->to) > 0)
        return ASX_OK;
    rr_adding a = {rep, e, NULL};
    asx_rr_store *st = rep->store;
    const asx_date as_of = rep->as_of;
    bool ok = true;
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
        asx_rr_bank nb = {rr_text(st, e->questionnaire), 0};
        ok = nb.bank && push(&rep->banks, &rep->nbanks, &st->room.banks, sizeof nb, &nb);
    }
    if (ok)
        rep->banks[b].n++;
    if (ok && within(e->approved_on, rep->from, rep->to)) {
        const asx_rr_entry *x = entry_row(&a);
        ok = x && push(&rep->approvals, &rep->napprovals, &st->room.approvals, sizeof x, &x);
    }
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
        asx_rr_renewal x = {entry_row(&a), rn->renewed_on, rr_text(st, rn->approver),
                            rn->verdict, rn->previous_verdict, rn->score, rn->previous_score,
                            asx_reg_renewal_regressed(rn)};
        ok = x.entry && !st->oom &&
             push(&rep->renewals, &rep->nrenewals, &st->room.renewals, sizeof x, &x);
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
        asx_rr_condition x = {entry_row(&a), c->n, rr_text(st, c->text),
                              rr_text(st, asx_reg_condition_clause(c)), c->has_due, c->due,
                              asx_reg_condition_overdue(c, as_of)};
        ok = x.entry && !st->oom &&
             push(&rep->open_conditions, &rep->nopen_conditions, &st->room.conditions, sizeof x,
                  &x);
        rep->noverdue_conditions += x.overdue;
    }
    for (size_t k = 0; ok && k < e->nchecks; k++) {
        const asx_reg_check *c = &e->checks[k];
        if (!within(c->on, rep->from, rep->to))
            continue;
        asx_rr_check x = {entry_row(&a), c->phase, c->on, rr_text(st, c->by), c->nitems,
                          asx_reg_check_not_met(c)};
        ok = x.entry && !st->oom &&
             push(&rep->checks, &rep->nchecks, &st->room.checks, sizeof x, &x);
        rep->checks_by_phase[c->phase]++;
    }
    if (ok && use && e->has_next_check && asx_date_cmp(e->next_check, as_of) < 0) {
        const asx_rr_entry *x = entry_row(&a);
        ok = x && push(&rep->checks_overdue, &rep->nchecks_overdue, &st->room.overdue, sizeof x,
                       &x);
    }
    if (ok && use && e->has_evidence_expiry &&
        within(e->evidence_expiry, rep->expiring_from, rep->expiring_to)) {
        const asx_rr_entry *x = entry_row(&a);
        ok = x && push(&rep->expiring, &rep->nexpiring, &st->room.expiring, sizeof x, &x);
    }
    return ok && !st->oom ? ASX_OK : ASX_ERR_NOMEM;
}

asx_error asx_reg_report_make(const asx_register *r, const asx_policy *policy, int fy, asx_date as_of,
                              asx_reg_report **out)
{
    asx_reg_report *rep = NULL;
    asx_error err = asx_reg_report_new(policy, r->organization, fy, as_of, &rep);
    for (size_t i = 0; !err && i < r->nentries; i++)
        err = asx_reg_report_add(rep, &r->entries[i]);
    if (err) {
        asx_reg_report_free(rep);
        return err;
    }
    *out = rep;
    return ASX_OK;
}

/* ---- from the store, one entry at a time ---- */

static asx_error read_head(void *ctx, const char *organization, const asx_reg_seq *seq,
                           size_t nseq, asx_diags *d)
{
    (void)seq;
    (void)nseq;
    (void)d;
    asx_reg_report *rep = ctx;
    rep->organization = rr_text(rep->store, organization);
    return rep->organization ? ASX_OK : ASX_ERR_NOMEM;
}

static asx_error read_entry(void *ctx, asx_reg_entry *e, asx_diags *d)
{
    (void)d;
    return asx_reg_report_add(ctx, e);
}

asx_error asx_reg_report_read(const char *path, int wait_seconds, const asx_policy *policy, int fy,
                              asx_date as_of, asx_reg_report **out, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    static const asx_store_visitor v = {read_head, read_entry, NULL};
    asx_reg_report *rep = NULL;
    *out = NULL;
    asx_error err = asx_reg_report_new(policy, NULL, fy, as_of, &rep);
    if (!err)
        err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_scan(st, &as_of, false, &v, rep, d);
    asx_store_close(st);
    if (err) {
        asx_reg_report_free(rep);
        return err;
    }
    *out = rep;
    return ASX_OK;
}

static bool num(cJSON *o, const char *k, size_t n)
{
    return cJSON_AddNumberToObject(o, k, (double)n) != NULL;
}

/* The three lists of ids are written into the root's text where it holds them empty, so that a
 * year listing a city's entries is not first made a tree of them. */
static const char *const ID_LISTS[] = {"approvals", "checks_overdue", "evidence_expiring"};

static bool ids(cJSON *o, const char *k)
{
    return cJSON_AddArrayToObject(o, k) != NULL;
}

/* The root with every figure and the lists of ids empty (compact JSON; caller cJSON_frees). */
static char *report_root(const asx_reg_report *rep)
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
    ok = ok && ids(o, ID_LISTS[0]) && num(o, "renewals", rep->nrenewals) &&
         num(o, "regressions", rep->nregressions) &&
         num(o, "conditions_open", rep->nopen_conditions) &&
         num(o, "conditions_overdue", rep->noverdue_conditions) &&
         num(o, "conditions_met", rep->nconditions_met) && num(o, "checks", rep->nchecks) &&
         num(o, "checks_build", rep->checks_by_phase[ASX_PHASE_BUILD]) &&
         num(o, "checks_operate", rep->checks_by_phase[ASX_PHASE_OPERATE]) &&
         num(o, "checks_exit", rep->checks_by_phase[ASX_PHASE_EXIT]) && ids(o, ID_LISTS[1]) &&
         ids(o, ID_LISTS[2]);
    char *text = ok ? asx_json_output(o) : NULL;
    cJSON_Delete(o);
    return text;
}

/* s as a JSON string, escaped as cJSON escapes it (the report's other strings are cJSON's). */
static bool put_string(FILE *out, const char *s)
{
    cJSON *v = cJSON_CreateString(s);
    char *p = v ? cJSON_PrintUnformatted(v) : NULL;
    cJSON_Delete(v);
    if (!p)
        return false;
    fputs(p, out);
    cJSON_free(p);
    return true;
}

asx_error asx_reg_report_json_write(const asx_reg_report *rep, FILE *out)
{
    const asx_rr_entry *const *lists[] = {rep->approvals, rep->checks_overdue, rep->expiring};
    const size_t counts[] = {rep->napprovals, rep->nchecks_overdue, rep->nexpiring};
    char *text = report_root(rep);
    if (!text)
        return ASX_ERR_NOMEM;
    const char *at = text;
    bool ok = true;
    for (size_t l = 0; ok && l < 3; l++) {
        char key[32];
        snprintf(key, sizeof key, "\"%s\":[]", ID_LISTS[l]);
        const char *hole = strstr(at, key);
        if (!hole) { /* the root is ours: each list is where it was put */
            ok = false;
            break;
        }
        hole += strlen(key) - 1; /* at the ']' */
        fwrite(at, 1, (size_t)(hole - at), out);
        for (size_t i = 0; ok && i < counts[l]; i++) {
            if (i)
                putc(',', out);
            ok = put_string(out, lists[l][i]->id);
        }
        at = hole;
    }
    if (ok) {
        fputs(at, out);
        putc('\n', out);
    }
    cJSON_free(text);
    if (!ok)
        return ASX_ERR_NOMEM;
    return ferror(out) ? ASX_ERR_IO : ASX_OK;
}

asx_date asx_reg_report_as_of(int fy, asx_date today)
{
    asx_date end = {fy + 1, 3, 31};
    return asx_date_cmp(today, end) > 0 ? end : today;
}
