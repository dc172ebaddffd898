/* store.c - the register's store: the backend chosen by the address, and what every backend
 * shares (rows to model through the register's own parser, model to rows for what changed).
 * See asx/store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/io.h"
#include "asx/register.h"
#include "asx/store.h"
#include "asx/text.h"
#include "asx/util.h"
#include "store_impl.h"

asx_error asx_store_open(const char *where, const asx_store_opts *opts, asx_store **out,
                         asx_diags *d)
{
    *out = NULL;
    if (asx_store_is_pg(where))
        return asx_store_pg_open(where, opts, out, d);
    return asx_store_sqlite_open(where, opts, out, d);
}

static void docs_free(asx_store *s)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        free(s->docs[i].id);
        free(s->docs[i].doc);
    }
    free(s->docs);
    s->docs = NULL;
    s->ndocs = 0;
    s->loaded = false;
}

void asx_store_close(asx_store *s)
{
    if (!s)
        return;
    if (s->in_tx)
        s->ops->rollback(s);
    docs_free(s);
    char *where = s->where;
    s->ops->close(s); /* frees s */
    free(where);
}

asx_error asx_store_begin(asx_store *s, asx_diags *d)
{
    asx_error err = s->ops->begin(s, d);
    s->in_tx = !err;
    return err;
}

asx_error asx_store_commit(asx_store *s, asx_diags *d)
{
    asx_error err = s->ops->commit(s, d);
    if (err)
        s->ops->rollback(s);
    s->in_tx = false;
    return err;
}

void asx_store_rollback(asx_store *s)
{
    if (s->in_tx)
        s->ops->rollback(s);
    s->in_tx = false;
}

char *asx_store_entry_doc(const asx_reg_entry *e)
{
    cJSON *o = asx_reg_entry_json(e);
    if (!o)
        return NULL;
    char *p = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *doc = asx_strdup(p);
    cJSON_free(p);
    return doc;
}

static int doc_cmp(const void *a, const void *b)
{
    return strcmp(((const asx_store_doc *)a)->id, ((const asx_store_doc *)b)->id);
}

static const asx_store_doc *doc_find(const asx_store *s, const char *id)
{
    asx_store_doc key = {(char *)id, NULL};
    return s->ndocs ? bsearch(&key, s->docs, s->ndocs, sizeof key, doc_cmp) : NULL;
}

/* ---- reading: rows into the model, or to a visitor, one at a time ---- */

typedef struct {
    asx_store *s;
    asx_diags *d;
    asx_register *r;    /* load: the model being built */
    size_t cap_entries, cap_history;
    const asx_store_visitor *v; /* scan */
    void *vctx;
    const asx_date *as_of;
    char *organization;
    asx_reg_seq *seq;
    size_t nseq;
    bool head_done;
} rows_ctx;

static asx_error on_organization(void *p, const char *organization)
{
    rows_ctx *c = p;
    char *o = asx_strdup(organization ? organization : "");
    if (!o)
        return ASX_ERR_NOMEM;
    if (c->r) {
        free(c->r->organization);
        c->r->organization = o;
    } else {
        free(c->organization);
        c->organization = o;
    }
    return ASX_OK;
}

static asx_error on_seq(void *p, int year, int next)
{
    rows_ctx *c = p;
    asx_reg_seq **v = c->r ? &c->r->seq : &c->seq;
    size_t *n = c->r ? &c->r->nseq : &c->nseq;
    asx_reg_seq *grown = realloc(*v, (*n + 1) * sizeof **v);
    if (!grown)
        return ASX_ERR_NOMEM;
    *v = grown;
    grown[(*n)++] = (asx_reg_seq){year, next};
    return ASX_OK;
}

/* A visitor's head, once, before its first entry or event (or at the end). */
static asx_error head_once(rows_ctx *c)
{
    if (c->head_done || !c->v)
        return ASX_OK;
    c->head_done = true;
    return c->v->head ? c->v->head(c->vctx, c->organization ? c->organization : "", c->seq,
                                   c->nseq, c->d)
                      : ASX_OK;
}

/* Room for one more element of an array that grows by doubling. */
static void *room(void *arrayp, size_t n, size_t *cap, size_t elsize)
{
    void **pp = arrayp;
    if (n < *cap)
        return (char *)*pp + n * elsize;
    size_t ncap = *cap ? *cap * 2 : 16;
    char *grown = realloc(*pp, ncap * elsize);
    if (!grown)
        return NULL;
    *pp = grown;
    *cap = ncap;
    return grown + n * elsize;
}

static asx_error on_entry(void *p, const char *doc, size_t len)
{
    rows_ctx *c = p;
    if (c->r) {
        asx_reg_entry *e = room(&c->r->entries, c->r->nentries, &c->cap_entries, sizeof *e);
        if (!e)
            return ASX_ERR_NOMEM;
        asx_error err = asx_reg_entry_parse(doc, len, c->s->where, e, c->d);
        if (!err)
            c->r->nentries++;
        return err;
    }
    asx_error err = head_once(c);
    if (err)
        return err;
    asx_reg_entry e;
    err = asx_reg_entry_parse(doc, len, c->s->where, &e, c->d);
    if (err)
        return err;
    if (c->as_of)
        asx_reg_entry_settle(&e, *c->as_of);
    err = c->v->entry ? c->v->entry(c->vctx, &e, c->d) : ASX_OK;
    asx_reg_entry_clear(&e);
    return err;
}

static asx_error on_event(void *p, const char *const cols[6])
{
    rows_ctx *c = p;
    if (c->r) {
        asx_reg_event *ev = room(&c->r->history, c->r->nhistory, &c->cap_history, sizeof *ev);
        if (!ev)
            return ASX_ERR_NOMEM;
        asx_error err = asx_reg_event_set(ev, cols, c->s->where, c->d);
        if (!err)
            c->r->nhistory++;
        return err;
    }
    asx_error err = head_once(c);
    if (err)
        return err;
    asx_reg_event ev;
    err = asx_reg_event_set(&ev, cols, c->s->where, c->d);
    if (err)
        return err;
    err = c->v->event ? c->v->event(c->vctx, &ev, c->d) : ASX_OK;
    asx_reg_event_clear(&ev);
    return err;
}

static const asx_store_rows ROWS = {on_organization, on_seq, on_entry, on_event};

/* What a register that does not load is, for the user (its place is already in d). */
static asx_error damaged(asx_store *s, asx_error err, asx_diags *d)
{
    if (err != ASX_ERR_DATA)
        return err;
    asx_diags_addf(d, ASX_ERR_DATA, s->where, 0, 0,
                   ASX_L("台帳の内容が壊れています (register verify で確認してください)",
                         "the register's contents are damaged (check with register verify)"));
    return ASX_ERR_DATA;
}

/* The model of the rows of the register (as of *as_of when not NULL). */
static asx_error load_model(asx_store *s, const asx_date *as_of, bool history, asx_register **out,
                            asx_diags *d)
{
    *out = NULL;
    docs_free(s);
    rows_ctx c = {.s = s, .d = d, .r = asx_register_new(NULL)};
    if (!c.r)
        return ASX_ERR_NOMEM;
    asx_error err = s->ops->load_rows(s, as_of, s->opts.sel, history, &ROWS, &c, d);
    if (err) {
        asx_register_free(c.r);
        return damaged(s, err, d);
    }
    *out = c.r;
    return ASX_OK;
}

asx_error asx_store_load_as_of(asx_store *s, asx_date as_of, bool history, asx_register **out,
                               asx_diags *d)
{
    return load_model(s, &as_of, history, out, d);
}

asx_error asx_store_scan(asx_store *s, const asx_date *as_of, bool history,
                         const asx_store_visitor *v, void *ctx, asx_diags *d)
{
    docs_free(s);
    rows_ctx c = {.s = s, .d = d, .v = v, .vctx = ctx, .as_of = as_of};
    asx_error err = s->ops->load_rows(s, as_of, s->opts.sel, history, &ROWS, &c, d);
    if (!err)
        err = head_once(&c);
    free(c.organization);
    free(c.seq);
    return damaged(s, err, d);
}

asx_error asx_store_load(asx_store *s, bool history, asx_register **out, asx_diags *d)
{
    asx_register *r = NULL;
    asx_error err = load_model(s, NULL, history, &r, d);
    if (err)
        return err;
    if (r->nentries && !(s->docs = calloc(r->nentries, sizeof *s->docs))) {
        asx_register_free(r);
        return ASX_ERR_NOMEM;
    }
    for (size_t i = 0; i < r->nentries; i++) {
        s->docs[i].id = asx_strdup(r->entries[i].id);
        s->docs[i].doc = asx_store_entry_doc(&r->entries[i]);
        s->ndocs = i + 1;
        if (!s->docs[i].id || !s->docs[i].doc) {
            asx_register_free(r);
            docs_free(s);
            return ASX_ERR_NOMEM;
        }
    }
    if (s->ndocs) /* an empty register has no array: qsort must not be given NULL */
        qsort(s->docs, s->ndocs, sizeof *s->docs, doc_cmp);
    s->nhistory = r->nhistory;
    s->loaded = true;
    *out = r;
    return ASX_OK;
}

/* A changed entry must load again, or the register could not be read after the change (a
 * date past 9999, a text the parser refuses): it is parsed back before anything is written. */
static asx_error loads_again(asx_store *s, const char *doc, asx_diags *d)
{
    char *text = asx_strdupf("{\"format\": \"" ASX_REGISTER_FORMAT "\", \"organization\": \"\","
                             " \"next_seq\": {}, \"entries\": [%s], \"history\": []}", doc);
    if (!text)
        return ASX_ERR_NOMEM;
    asx_register *back = NULL;
    asx_diags tmp;
    asx_diags_init(&tmp);
    asx_error err = asx_register_parse(text, strlen(text), s->where, &back, &tmp);
    asx_register_free(back);
    free(text);
    if (err && err != ASX_ERR_NOMEM) {
        for (size_t i = 0; i < tmp.n; i++)
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0, "%s", tmp.v[i].msg);
        asx_diags_addf(d, ASX_ERR_DATA, s->where, 0, 0,
                       ASX_L("変更後の台帳を読み戻せないため書き込みません (台帳はそのままです。入力の日付などを確認してください)",
                             "the changed register would not load again, so it was not written (the register is unchanged; check the dates and other input)"));
        err = ASX_ERR_DATA;
    }
    asx_diags_free(&tmp);
    return err;
}

/* The entry's JSON after the change, made once per save. */
typedef struct {
    const char *id;
    char *doc;
    const asx_reg_entry *e;
} new_doc;

static int new_doc_cmp(const void *a, const void *b)
{
    return strcmp(((const new_doc *)a)->id, ((const new_doc *)b)->id);
}

/* The events of one save in entry order, then history order: the first event of an entry in
 * the save gets the entry as it was loaded (before), the last the entry as saved (after); an
 * event between them (a migration replays many) knows neither, and stores none. */
typedef struct {
    const asx_reg_event *ev;
    size_t k;
} ev_ref;

static int ev_ref_cmp(const void *a, const void *b)
{
    const ev_ref *x = a, *y = b;
    int c = strcmp(x->ev->entry, y->ev->entry);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* The date an event takes effect: its own (v3), else for a register written before: the
 * approval date of an add, the date it was recorded for anything else. */
void asx_store_effective_date(const asx_reg_event *ev, const asx_date *approved_on,
                              char out[11])
{
    if (ev->has_on) {
        asx_date_iso(ev->on, out);
        return;
    }
    if (ev->action == ASX_REG_ADD && approved_on) {
        asx_date_iso(*approved_on, out);
        return;
    }
    snprintf(out, 11, "%.10s", ev->at);
}

asx_error asx_store_save(asx_store *s, const asx_register *r, asx_diags *d)
{
    asx_error err = ASX_OK;
    new_doc *nd = NULL;
    ev_ref *refs = NULL;
    const char **before = NULL, **after = NULL;
    const asx_reg_entry **chg = NULL; /* the entries that changed, for put_entries */
    const char **chg_doc = NULL;
    size_t nchg = 0;
    char (*eff)[11] = NULL;
    size_t nev = r->nhistory - (r->nhistory >= s->nhistory ? s->nhistory : r->nhistory);
    if (!s->loaded || !s->in_tx || r->nhistory < s->nhistory || r->nentries < s->ndocs) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, s->where, 0, 0,
                       "store: save without a load in this transaction, or history shortened");
        return ASX_ERR_INTERNAL;
    }
    if ((r->nentries && (!(nd = calloc(r->nentries, sizeof *nd)) ||
                         !(chg = calloc(r->nentries, sizeof *chg)) ||
                         !(chg_doc = calloc(r->nentries, sizeof *chg_doc)))) ||
        (nev && (!(refs = calloc(nev, sizeof *refs)) || !(before = calloc(nev, sizeof *before)) ||
                 !(after = calloc(nev, sizeof *after)) || !(eff = calloc(nev, sizeof *eff))))) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    err = s->ops->put_meta(s, r->organization ? r->organization : "", d);
    for (size_t i = 0; !err && i < r->nseq; i++)
        err = s->ops->put_seq(s, r->seq[i].year, r->seq[i].next, d);
    size_t kept = 0;
    for (size_t i = 0; !err && i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        const asx_store_doc *old = doc_find(s, e->id);
        nd[i].id = e->id;
        nd[i].e = e;
        if (!(nd[i].doc = asx_store_entry_doc(e))) {
            err = ASX_ERR_NOMEM;
            break;
        }
        kept += old != NULL;
        if (!old || strcmp(old->doc, nd[i].doc) != 0) {
            err = loads_again(s, nd[i].doc, d);
            if (!err && s->ops->put_entries) {
                chg[nchg] = e;
                chg_doc[nchg++] = nd[i].doc;
            } else if (!err) {
                err = s->ops->put_entry(s, e, nd[i].doc, d);
            }
        }
    }
    if (!err && nchg)
        err = s->ops->put_entries(s, chg, chg_doc, nchg, d);
    if (!err && kept != s->ndocs) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, s->where, 0, 0, "store: an entry disappeared");
        err = ASX_ERR_INTERNAL;
    }
    if (err)
        goto done;
    if (r->nentries) /* nd and refs are NULL when empty: qsort must not be given NULL */
        qsort(nd, r->nentries, sizeof *nd, new_doc_cmp);
    for (size_t k = 0; k < nev; k++)
        refs[k] = (ev_ref){&r->history[s->nhistory + k], k};
    if (nev)
        qsort(refs, nev, sizeof *refs, ev_ref_cmp);
    for (size_t k = 0; k < nev; k++) {
        const char *id = refs[k].ev->entry;
        bool first = k == 0 || strcmp(refs[k - 1].ev->entry, id) != 0;
        bool last = k + 1 == nev || strcmp(refs[k + 1].ev->entry, id) != 0;
        if (first) {
            const asx_store_doc *old = doc_find(s, id);
            before[refs[k].k] = old ? old->doc : NULL;
        }
        new_doc key = {id, NULL, NULL};
        const new_doc *nw = r->nentries ? bsearch(&key, nd, r->nentries, sizeof key,
                                                  new_doc_cmp) : NULL;
        if (last)
            after[refs[k].k] = nw ? nw->doc : NULL;
        asx_store_effective_date(refs[k].ev, nw ? &nw->e->approved_on : NULL, eff[refs[k].k]);
    }
    if (nev && s->ops->put_events)
        err = s->ops->put_events(s, &r->history[s->nhistory], nev, eff, before, after, d);
    for (size_t k = 0; !err && !s->ops->put_events && k < nev; k++)
        err = s->ops->put_event(s, &r->history[s->nhistory + k], eff[k], before[k], after[k], d);
    for (size_t k = 0; !err && k < r->nkeep; k++)
        err = s->ops->put_blob(s, r->keep[k].kind, r->keep[k].sha256, r->keep[k].data,
                               r->keep[k].len, d);
done:
    for (size_t i = 0; nd && i < r->nentries; i++)
        free(nd[i].doc);
    free(nd);
    free(chg);
    free(chg_doc);
    free(refs);
    free(before);
    free(after);
    free(eff);
    return err;
}

/* ---- migrate's writes: a register added one element at a time ---- */

asx_error asx_store_put_head(asx_store *s, const char *organization, const asx_reg_seq *seq,
                             size_t nseq, asx_diags *d)
{
    asx_error err = s->ops->put_meta(s, organization ? organization : "", d);
    for (size_t i = 0; !err && i < nseq; i++)
        err = s->ops->put_seq(s, seq[i].year, seq[i].next, d);
    return err;
}

asx_error asx_store_put_new_entries(asx_store *s, const asx_reg_entry *e, size_t n,
                                   asx_diags *d)
{
    asx_error err = ASX_OK;
    const asx_reg_entry **ev = calloc(n ? n : 1, sizeof *ev);
    char **docs = calloc(n ? n : 1, sizeof *docs);
    if (!ev || !docs)
        err = ASX_ERR_NOMEM;
    for (size_t i = 0; !err && i < n; i++) {
        ev[i] = &e[i];
        if (!(docs[i] = asx_store_entry_doc(&e[i])))
            err = ASX_ERR_NOMEM;
        else
            err = loads_again(s, docs[i], d);
    }
    if (!err && n && s->ops->put_entries)
        err = s->ops->put_entries(s, ev, (const char *const *)docs, n, d);
    for (size_t i = 0; !err && !s->ops->put_entries && i < n; i++)
        err = s->ops->put_entry(s, &e[i], docs[i], d);
    for (size_t i = 0; docs && i < n; i++)
        free(docs[i]);
    free(docs);
    free(ev);
    return err;
}

asx_error asx_store_put_new_events(asx_store *s, const asx_reg_event *ev, size_t n,
                                   char (*eff)[11], const char *const *after, asx_diags *d)
{
    const char **before = calloc(n ? n : 1, sizeof *before); /* the register was empty */
    if (!before)
        return ASX_ERR_NOMEM;
    asx_error err = ASX_OK;
    if (n && s->ops->put_events)
        err = s->ops->put_events(s, ev, n, eff, before, after, d);
    for (size_t k = 0; !err && !s->ops->put_events && k < n; k++)
        err = s->ops->put_event(s, &ev[k], eff[k], NULL, after[k], d);
    free(before);
    return err;
}

asx_error asx_store_put_blob(asx_store *s, const char *kind, const void *data, size_t len,
                             char sha256[65], asx_diags *d)
{
    if (!asx_sha256_mem(data, len, sha256)) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, s->where, 0, 0, "SHA-256 failed");
        return ASX_ERR_INTERNAL;
    }
    return s->ops->put_blob(s, kind, sha256, data, len, d);
}

asx_error asx_store_get_blob(asx_store *s, const char *sha256, char **data, size_t *len,
                             asx_diags *d)
{
    return s->ops->get_blob(s, sha256, data, len, d);
}

asx_error asx_store_due_rows(asx_store *s, asx_date as_of, asx_date limit,
                             asx_error (*row)(void *ctx, const asx_store_due_row *r), void *ctx,
                             bool *answered, asx_diags *d)
{
    *answered = false;
    if (!s->ops->due_rows)
        return ASX_OK;
    return damaged(s, s->ops->due_rows(s, as_of, limit, row, ctx, answered, d), d);
}

asx_error asx_store_check(asx_store *s, asx_diags *d)
{
    return s->ops->check(s, d);
}

asx_error asx_store_grant_read(asx_store *s, const char *role, asx_diags *d)
{
    if (!s->ops->grant_read) {
        asx_diags_addf(d, ASX_ERR_USAGE, s->where, 0, 0,
                       ASX_L("--grant-read は PostgreSQL の台帳のためのものです (SQLite の台帳を読めるのはファイルを読めるユーザーです。--mode 0640 とグループで決めます)",
                             "--grant-read is for a register on PostgreSQL (who can read an SQLite register is who can read its file: --mode 0640 and its group)"));
        return ASX_ERR_USAGE;
    }
    return s->ops->grant_read(s, role, d);
}

void asx_store_add_json_string(asx_buf *b, const char *s)
{
    cJSON *v = cJSON_CreateString(s ? s : "");
    char *p = v ? cJSON_PrintUnformatted(v) : NULL;
    if (p)
        asx_buf_adds(b, p);
    else
        b->oom = true;
    cJSON_free(p);
    cJSON_Delete(v);
}

char *asx_store_check_items_json(const asx_reg_check *c)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < c->nitems; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            cJSON_Delete(arr);
            return NULL;
        }
        cJSON_AddStringToObject(o, "item", c->items[i].item);
        cJSON_AddStringToObject(o, "result", asx_check_result_name(c->items[i].result));
        if (c->items[i].note)
            cJSON_AddStringToObject(o, "note", c->items[i].note);
    }
    char *p = arr ? cJSON_PrintUnformatted(arr) : NULL;
    cJSON_Delete(arr);
    char *out = asx_strdup(p);
    cJSON_free(p);
    return out;
}

const char *asx_store_sel_where(const asx_store_sel *sel, const char *params[3], int *nparams,
                                char pbuf[3][64])
{
    *nparams = 0;
    if (!sel)
        return "1 = 1";
    switch (sel->kind) {
    case ASX_SEL_ENTRY:
        params[0] = sel->id;
        *nparams = 1;
        return "e.id = ?2";
    case ASX_SEL_ADD:
        params[0] = sel->service_key;
        snprintf(pbuf[1], 64, "%d", sel->year);
        params[1] = pbuf[1];
        *nparams = 2;
        return "((e.service_key = ?2 AND e.status IN ('active', 'expired'))"
               " OR e.id = (SELECT x.id FROM entries x WHERE x.id_year = CAST(?3 AS INTEGER)"
               " ORDER BY x.id_n DESC LIMIT 1))";
    case ASX_SEL_DUE:
        asx_date_iso(sel->limit, pbuf[0]);
        params[0] = pbuf[0];
        *nparams = 1;
        return "e.id IN (SELECT x.id FROM entries x WHERE x.next_review <= ?2"
               " UNION SELECT x.id FROM entries x WHERE x.evidence_expiry <= ?2"
               " UNION SELECT x.id FROM entries x WHERE x.next_check <= ?2"
               " UNION SELECT c.entry FROM conditions c WHERE c.status = 'open' AND c.due <= ?2"
               " UNION SELECT x.id FROM entries x WHERE x.last_eff > ?1)";
    case ASX_SEL_ALL:
        break;
    }
    return "1 = 1";
}

asx_error asx_store_entry_keys(const asx_reg_entry *e, asx_store_keys *k)
{
    memset(k, 0, sizeof *k);
    if (!(k->service_key = asx_reg_name_key(e->service)))
        return ASX_ERR_NOMEM;
    /* an id is EXT-YYYY-NNNN… (the parser refuses any other) */
    k->id_year = (int)strtol(e->id + 4, NULL, 10);
    k->id_n = strtol(e->id + 9, NULL, 10);
    if (e->has_evidence_expiry)
        asx_date_iso(e->evidence_expiry, k->evidence_expiry);
    if (e->has_next_check)
        asx_date_iso(e->next_check, k->next_check);
    return ASX_OK;
}
