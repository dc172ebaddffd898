/* reg_due.c - what is due, the list, the filter and the pack check: what the register's views
 * read (register due, list, export --status, verify), and their JSON. See asx/register.h. */
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
    asx_due *x = reg_grow(v, nv, sizeof *x);
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

/* One member of a due item, as cJSON_Print prints it inside the list (two levels down, after
 * reg_put_nested's indentation): the key, then the caller writes the value. */
static void due_member(FILE *out, const char *k, bool first)
{
    fputs(first ? "\n\t\t\t\"" : ",\n\t\t\t\"", out);
    fputs(k, out);
    fputs("\":\t", out);
}

static void due_date(FILE *out, const char *k, const asx_date *dt)
{
    char iso[11];
    due_member(out, k, false);
    if (!dt) {
        fputs("null", out);
        return;
    }
    asx_date_iso(*dt, iso);
    reg_put_json_str(out, iso);
}

/* One due item as register due --json shows it (c: its condition, for ASX_DUE_CONDITION),
 * after sep, written as it comes: the bytes the item's cJSON tree would print there
 * (cJSON prints a whole number as %d), without the tree (a city's register lists 100,000s). */
static asx_error due_item_write(FILE *out, const asx_due *it, const asx_reg_condition *c,
                                const char *sep)
{
    const asx_reg_entry *e = it->entry;
    fputs(sep, out);
    putc('{', out);
    due_member(out, "id", true);
    reg_put_json_str(out, e->id);
    due_member(out, "service", false);
    reg_put_json_str(out, e->service);
    due_member(out, "vendor", false);
    reg_put_json_str(out, e->vendor);
    due_date(out, "next_review", &e->next_review);
    due_member(out, "reason", false);
    reg_put_json_str(out, asx_due_reason_name(it->reason));
    due_date(out, "due_on", &it->date);
    due_date(out, "evidence_expiry", e->has_evidence_expiry ? &e->evidence_expiry : NULL);
    due_member(out, "days_left", false);
    fprintf(out, "%ld", it->days_left);
    due_member(out, "status", false);
    reg_put_json_str(out, asx_reg_status_name(e->status));
    due_member(out, "manager", false);
    reg_put_json_str(out, e->manager);
    if (it->reason == ASX_DUE_CONDITION) {
        due_member(out, "condition", false);
        fprintf(out, "%zu", c->n);
        due_member(out, "text", false);
        reg_put_json_str(out, c->text);
        due_member(out, "clause", false);
        reg_put_json_str(out, c->clause);
        if (c->clause_local) {
            due_member(out, "clause_local", false);
            reg_put_json_str(out, c->clause_local);
        }
    }
    if (it->reason == ASX_DUE_CHECK) {
        due_member(out, "phase", false);
        reg_put_json_str(out, asx_check_phase_name(ASX_PHASE_OPERATE));
    }
    fputs("\n\t\t}", out);
    return ferror(out) ? ASX_ERR_IO : ASX_OK;
}

/* The root of register due --json with an empty list, printed (caller frees with cJSON_free;
 * NULL on OOM). */
static char *due_root(asx_date as_of, int within)
{
    cJSON *root = cJSON_CreateObject();
    bool ok = root && reg_add_date(root, "as_of", &as_of) && reg_add_num(root, "within", within) &&
              reg_add_item(root, "due", cJSON_CreateArray());
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}

asx_error asx_register_due_json_write(FILE *out, const asx_due *v, size_t n, asx_date as_of,
                                      int within)
{
    /* the root with an empty list, printed by cJSON, then the items one at a time in it */
    char *text = due_root(as_of, within), *at = text ? strstr(text, "\"due\":\t[]") : NULL;
    if (!at) {
        cJSON_free(text);
        return ASX_ERR_NOMEM;
    }
    at += strlen("\"due\":\t[");
    fwrite(text, 1, (size_t)(at - text), out);
    asx_error err = ASX_OK;
    for (size_t i = 0; !err && i < n; i++) {
        const asx_reg_entry *e = v[i].entry;
        err = due_item_write(out, &v[i],
                             v[i].reason == ASX_DUE_CONDITION ? &e->conditions[v[i].condition - 1]
                                                              : NULL,
                             i ? ", " : "");
    }
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

/* ---- due --json, from the store's columns ---- */

typedef struct {
    FILE *out;
    const char *where;
    asx_date as_of;
    const char *head; /* the root up to the list's "[" */
    size_t headlen;
    bool started;
    size_t n;
    asx_diags *d;
} due_stream;

static void due_start(due_stream *ds)
{
    if (!ds->started)
        fwrite(ds->head, 1, ds->headlen, ds->out);
    ds->started = true;
}

/* One row as the item the model would give: the same entry fields, settled on as_of. The texts
 * are borrowed from the row for the time of the call. */
static asx_error due_row(void *p, const asx_store_due_row *r)
{
    due_stream *ds = p;
    asx_reg_entry e = {0};
    asx_reg_condition c = {0};
    asx_due it = {.entry = &e, .reason = (asx_due_reason)r->reason};
    bool ok = r->reason >= ASX_DUE_REVIEW && r->reason <= ASX_DUE_CHECK && r->due_on &&
              asx_date_parse(r->due_on, &it.date) && r->next_review &&
              asx_date_parse(r->next_review, &e.next_review) && r->condition >= 0;
    if (ok && r->evidence_expiry[0])
        ok = e.has_evidence_expiry = asx_date_parse(r->evidence_expiry, &e.evidence_expiry);
    if (!ok) {
        asx_diags_addf(ds->d, ASX_ERR_DATA, ds->where, 0, 0,
                       ASX_L("%s: 期限の列の日付が読めません", "%s: a date in the due columns does not read"),
                       r->id ? r->id : "?");
        return ASX_ERR_DATA;
    }
    /* the row's texts are only read while the item is built */
    e.id = (char *)r->id;
    e.service = (char *)r->service;
    e.vendor = (char *)r->vendor;
    e.manager = (char *)r->manager;
    e.status = reg_lapsed(&e, ds->as_of) ? ASX_REG_EXPIRED : ASX_REG_ACTIVE;
    it.condition = (size_t)r->condition;
    it.days_left = asx_date_diff_days(ds->as_of, it.date);
    c.n = (size_t)r->condition;
    c.text = (char *)r->text;
    c.clause = (char *)r->clause;
    c.clause_local = (char *)r->clause_local;
    due_start(ds);
    return due_item_write(ds->out, &it, &c, ds->n++ ? ", " : "");
}

asx_error asx_register_due_json_stream(const char *path, int wait_seconds, asx_date as_of,
                                       int within, FILE *out, size_t *n, bool *from_columns,
                                       asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    bool answered = false;
    *n = 0;
    if (from_columns)
        *from_columns = false;
    char *text = due_root(as_of, within), *at = text ? strstr(text, "\"due\":\t[]") : NULL;
    if (!at) {
        cJSON_free(text);
        return ASX_ERR_NOMEM;
    }
    at += strlen("\"due\":\t[");
    due_stream ds = {out, path, as_of, text, (size_t)(at - text), false, 0, d};
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_due_rows(st, as_of, asx_date_add_days(as_of, within), due_row, &ds,
                                 &answered, d);
    asx_store_close(st);
    if (!err && answered) {
        due_start(&ds);
        fputs(at, out);
        *n = ds.n;
        if (from_columns)
            *from_columns = true;
    }
    cJSON_free(text);
    if (err || answered)
        return err ? err : ferror(out) ? ASX_ERR_IO : ASX_OK;
    /* the columns hold the register as it stands: as of a date before an event of some entry
     * takes effect (or on a store without the query) the entries are replayed from their
     * history, the slower way that answers at any date */
    asx_register *keep = NULL;
    asx_due *v = NULL;
    err = asx_register_due_read(path, wait_seconds, as_of, within, &keep, &v, n, d);
    if (!err)
        err = asx_register_due_json_write(out, v, *n, as_of, within);
    free(v);
    asx_register_free(keep);
    return err;
}

/* One entry as register list --json shows it. */
static cJSON *list_item_json(const asx_reg_entry *e, asx_date as_of)
{
    cJSON *x = asx_reg_entry_json(e);
    bool ok = x && reg_add_str(x, "state", asx_reg_state_name(e, as_of)) &&
              reg_add_num(x, "conditions_open", (double)asx_reg_open_conditions(e)) &&
              reg_add_num(x, "conditions_overdue", (double)asx_reg_overdue_conditions(e, as_of));
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
    bool ok = root && reg_add_date(root, "as_of", &as_of) &&
              reg_add_item(root, "entries", cJSON_CreateArray());
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
            err = reg_put_nested(f, list_item_json(&r->entries[i], as_of), k++ ? ", " : "");
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
    return reg_put_nested(ls->out, list_item_json(e, ls->as_of), ls->k++ ? ", " : "");
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
            asx_verify_item *x = reg_grow(&v, &nv, sizeof *x);
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
