/* store_sqlite.c - the register in one SQLite file (SPEC §8.4), the default store.
 *
 * Durability is SQLite's: every change is one transaction (BEGIN IMMEDIATE … COMMIT), so a
 * killed writer leaves the register as it was before or after. The journal is kept beside the
 * file (journal_mode=PERSIST) and made once with the register's group and mode, so every member
 * of a shared register's group can write it and recover it after a crash; the rollback journal
 * is the only other file, and nothing temporary is left in the folder. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include "asx/io.h"
#include "asx/register.h"
#include "asx/store.h"
#include "asx/text.h"
#include "asx/util.h"
#include "store_impl.h"

/* The schema, one step per version: a register at version n runs steps n+1… in one transaction.
 * Entries keep their JSON form (doc: the register's own, what asx_register_parse reads) and the
 * columns queries need; conditions and checks are rows of their own; judgments (issue 24's
 * review) and evidence (renewed certificates) have their tables; blobs keep the files behind the
 * decisions by SHA-256; events are append-only (triggers refuse UPDATE and DELETE), each with the
 * date it was recorded (at), the date it takes effect (on_date as given; eff_date, what --as-of
 * compares, always set) and its entry's JSON before and after. */
static const char *const SCHEMA[] = {
    /* 1 */
    "CREATE TABLE schema_version(version INTEGER NOT NULL);"
    "INSERT INTO schema_version VALUES(0);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES('format', 'assess-register/1');"
    "CREATE TABLE seq(year INTEGER PRIMARY KEY, next INTEGER NOT NULL);"
    "CREATE TABLE entries(id TEXT PRIMARY KEY, service TEXT NOT NULL, vendor TEXT NOT NULL,"
    " status TEXT NOT NULL, approved_on TEXT NOT NULL, next_review TEXT NOT NULL,"
    " doc TEXT NOT NULL);"
    "CREATE TABLE conditions(entry TEXT NOT NULL REFERENCES entries(id), n INTEGER NOT NULL,"
    " text TEXT NOT NULL, clause TEXT, due TEXT, status TEXT NOT NULL, evidence TEXT,"
    " on_date TEXT, by_whom TEXT, PRIMARY KEY(entry, n));"
    "CREATE TABLE checks(entry TEXT NOT NULL REFERENCES entries(id), k INTEGER NOT NULL,"
    " phase TEXT NOT NULL, on_date TEXT NOT NULL, by_whom TEXT NOT NULL, notes TEXT,"
    " file_sha256 TEXT, items TEXT NOT NULL, PRIMARY KEY(entry, k));"
    "CREATE TABLE judgments(entry TEXT NOT NULL REFERENCES entries(id), k INTEGER NOT NULL,"
    " kind TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(entry, k));"
    "CREATE TABLE evidence(entry TEXT NOT NULL REFERENCES entries(id), k INTEGER NOT NULL,"
    " scheme TEXT NOT NULL, number TEXT, expiry TEXT NOT NULL, file_sha256 TEXT,"
    " recorded_on TEXT NOT NULL, PRIMARY KEY(entry, k));"
    "CREATE TABLE blobs(sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL"
    " CHECK(kind IN ('answers', 'review', 'checklist', 'evidence')),"
    " size INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE events(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
    " on_date TEXT, eff_date TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,"
    " entry TEXT NOT NULL, detail TEXT, before TEXT, after TEXT);"
    "CREATE INDEX events_entry ON events(entry, seq);"
    "CREATE INDEX events_eff ON events(eff_date);"
    "CREATE INDEX entries_next_review ON entries(next_review);"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;",
    /* 2: the columns a verb's selection reads (asx_store_sel_where), so that a verb loads the
     * entries it needs and not the register: the service's name key (register add), the id's
     * year and number (the highest id of a year), the dates due and the last date an event of
     * the entry takes effect (an entry with none after an as-of date stands as it is now) */
    "ALTER TABLE entries ADD COLUMN service_key TEXT;"
    "ALTER TABLE entries ADD COLUMN id_year INTEGER;"
    "ALTER TABLE entries ADD COLUMN id_n INTEGER;"
    "ALTER TABLE entries ADD COLUMN evidence_expiry TEXT;"
    "ALTER TABLE entries ADD COLUMN next_check TEXT;"
    "ALTER TABLE entries ADD COLUMN last_eff TEXT;"
    "UPDATE entries SET service_key = assess_name_key(service),"
    " id_year = CAST(substr(id, 5, 4) AS INTEGER), id_n = CAST(substr(id, 10) AS INTEGER),"
    " evidence_expiry = json_extract(doc, '$.evidence_expiry'),"
    " next_check = json_extract(doc, '$.next_check'),"
    " last_eff = (SELECT max(v.eff_date) FROM events v WHERE v.entry = entries.id);"
    "CREATE INDEX entries_service_key ON entries(service_key, status);"
    "CREATE INDEX entries_id_n ON entries(id_year, id_n);"
    "CREATE INDEX entries_review_id ON entries(next_review, id);"
    "CREATE INDEX entries_evidence_expiry ON entries(evidence_expiry, id);"
    "CREATE INDEX entries_next_check ON entries(next_check, id);"
    "CREATE INDEX entries_last_eff ON entries(last_eff, id);"
    "CREATE INDEX conditions_due ON conditions(status, due, entry);",
    /* 3: what register due shows of an entry and a condition beyond the columns above (its
     * manager; a condition's clause in the organisation's own policy), so that due is one query
     * over columns (sq_due_rows) and parses no entry */
    "ALTER TABLE entries ADD COLUMN manager TEXT;"
    "ALTER TABLE conditions ADD COLUMN clause_local TEXT;"
    "UPDATE entries SET manager = json_extract(doc, '$.manager');"
    "UPDATE conditions SET clause_local = (SELECT json_extract(e.doc, '$.conditions['"
    " || (conditions.n - 1) || '].clause_local') FROM entries e WHERE e.id = conditions.entry);",
};
#define SCHEMA_VERSION ((int)(sizeof SCHEMA / sizeof SCHEMA[0]))

enum { ST_META, ST_SEQ, ST_ENTRY, ST_DEL_COND, ST_COND, ST_DEL_CHECK, ST_CHECK, ST_EVENT,
       ST_LAST_EFF, ST_BLOB, ST_GET_BLOB, ST_DEL_EVIDENCE, ST_EVIDENCE, ST_N };

typedef struct {
    asx_store base; /* first: the store is freed as this struct */
    sqlite3 *db;
    sqlite3_stmt *st[ST_N];
    struct timespec busy_since;
    bool told_busy;
} sq_store;

static const char *const SQL[ST_N] = {
    [ST_META] = "INSERT INTO meta(key, value) VALUES('organization', ?1)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                " WHERE value IS NOT excluded.value",
    [ST_SEQ] = "INSERT INTO seq(year, next) VALUES(?1, ?2)"
               " ON CONFLICT(year) DO UPDATE SET next = excluded.next"
               " WHERE next IS NOT excluded.next",
    [ST_ENTRY] = "INSERT INTO entries(id, service, vendor, status, approved_on, next_review, doc,"
                 " service_key, id_year, id_n, evidence_expiry, next_check, manager)"
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                 " ON CONFLICT(id) DO UPDATE SET"
                 " service = excluded.service, vendor = excluded.vendor,"
                 " status = excluded.status, approved_on = excluded.approved_on,"
                 " next_review = excluded.next_review, doc = excluded.doc,"
                 " service_key = excluded.service_key, id_year = excluded.id_year,"
                 " id_n = excluded.id_n, evidence_expiry = excluded.evidence_expiry,"
                 " next_check = excluded.next_check, manager = excluded.manager",
    [ST_DEL_COND] = "DELETE FROM conditions WHERE entry = ?1",
    [ST_COND] = "INSERT INTO conditions(entry, n, text, clause, due, status, evidence, on_date,"
                " by_whom, clause_local) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_DEL_CHECK] = "DELETE FROM checks WHERE entry = ?1",
    [ST_CHECK] = "INSERT INTO checks(entry, k, phase, on_date, by_whom, notes, file_sha256, items)"
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_EVENT] = "INSERT INTO events(at, on_date, eff_date, user, action, entry, detail, before,"
                 " after) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_LAST_EFF] = "UPDATE entries SET last_eff = ?2 WHERE id = ?1"
                    " AND (last_eff IS NULL OR last_eff < ?2)",
    [ST_BLOB] = "INSERT OR IGNORE INTO blobs(sha256, kind, size, data) VALUES(?1, ?2, ?3, ?4)",
    [ST_GET_BLOB] = "SELECT data FROM blobs WHERE sha256 = ?1",
    [ST_DEL_EVIDENCE] = "DELETE FROM evidence WHERE entry = ?1",
    [ST_EVIDENCE] = "INSERT INTO evidence(entry, k, scheme, number, expiry, file_sha256, recorded_on)"
                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

/* SQLite's result as ours, with its own text in the message. */
static asx_error sq_error(sq_store *q, int rc, asx_diags *d)
{
    asx_error err;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        err = ASX_ERR_BUSY;
        break;
    case SQLITE_NOMEM:
        err = ASX_ERR_NOMEM;
        break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        err = ASX_ERR_CANTCREAT;
        break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
        err = ASX_ERR_IO;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CONSTRAINT:
        err = ASX_ERR_DATA;
        break;
    default:
        err = ASX_ERR_INTERNAL;
        break;
    }
    const char *msg = q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
    if (err == ASX_ERR_BUSY)
        asx_diags_addf(d, err, q->base.where, 0, 0,
                       ASX_L("台帳は別の処理が使用中です (%d 秒待ちました。何も変更していません。しばらくしてからやり直してください)",
                             "the register is busy with another change (waited %d s; nothing was changed; try again later)"),
                       q->base.opts.wait_seconds);
    else
        asx_diags_addf(d, err, q->base.where, 0, 0, "SQLite: %s", msg);
    return err;
}

static double elapsed(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

/* Busy: say so at once (on a terminal) and wait up to wait_seconds, polling after 1, 2, 5, 10
 * ms and then every 20 ms (writers hold the register for milliseconds). */
static int busy_cb(void *p, int count)
{
    sq_store *q = p;
    if (count == 0) {
        clock_gettime(CLOCK_MONOTONIC, &q->busy_since);
        if (q->base.opts.tell_busy && !q->told_busy && q->base.opts.wait_seconds > 0) {
            fprintf(stderr,
                    ASX_L("assess: %s: 台帳は別の処理が使用中です。最大 %d 秒待ちます…\n",
                          "assess: %s: the register is busy with another change; waiting up to %d s…\n"),
                    q->base.where, q->base.opts.wait_seconds);
            q->told_busy = true;
        }
    }
    if (elapsed(&q->busy_since) >= q->base.opts.wait_seconds)
        return 0;
    static const long ms[] = {1, 2, 5, 10, 20};
    struct timespec nap = {0, ms[count < 4 ? count : 4] * 1000 * 1000};
    nanosleep(&nap, NULL);
    return 1;
}

static asx_error exec(sq_store *q, const char *sql, asx_diags *d)
{
    int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? ASX_OK : sq_error(q, rc, d);
}

static sqlite3_stmt *stmt(sq_store *q, int which, asx_diags *d)
{
    if (!q->st[which]) {
        int rc = sqlite3_prepare_v2(q->db, SQL[which], -1, &q->st[which], NULL);
        if (rc != SQLITE_OK) {
            sq_error(q, rc, d);
            return NULL;
        }
    }
    sqlite3_reset(q->st[which]);
    sqlite3_clear_bindings(q->st[which]);
    return q->st[which];
}

/* Run a prepared insert/update to its end. */
static asx_error step_done(sq_store *q, sqlite3_stmt *s, asx_diags *d)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? ASX_OK : sq_error(q, rc, d);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_date(sqlite3_stmt *s, int i, bool has, asx_date dt, char buf[11])
{
    if (!has) {
        sqlite3_bind_null(s, i);
        return;
    }
    asx_date_iso(dt, buf);
    sqlite3_bind_text(s, i, buf, -1, SQLITE_STATIC);
}

/* ---- transactions ---- */

static asx_error sq_begin(asx_store *s, asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    q->told_busy = false;
    return exec(q, s->opts.write ? "BEGIN IMMEDIATE" : "BEGIN", d);
}

static asx_error sq_commit(asx_store *s, asx_diags *d)
{
    return exec((sq_store *)s, "COMMIT", d);
}

static void sq_rollback(asx_store *s)
{
    sq_store *q = (sq_store *)s;
    if (!sqlite3_get_autocommit(q->db))
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
}

static void sq_close(asx_store *s)
{
    sq_store *q = (sq_store *)s;
    for (int i = 0; i < ST_N; i++)
        sqlite3_finalize(q->st[i]);
    sqlite3_close(q->db);
    free(q);
}

/* ---- reading ---- */

/* Bind the as-of date (?1) and the selection's parameters (?2 …). */
static void bind_sel(sqlite3_stmt *st, const char *asof, const char *const *params, int n)
{
    if (asof)
        sqlite3_bind_text(st, 1, asof, -1, SQLITE_STATIC);
    for (int i = 0; i < n; i++)
        bind_text(st, i + 2, params[i]);
}

static asx_error sq_load_rows(asx_store *s, const asx_date *as_of, const asx_store_sel *sel,
                              bool history, const asx_store_rows *rows, void *ctx,
                              asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    char asof[11] = "";
    if (as_of)
        asx_date_iso(*as_of, asof);
    const char *params[3] = {NULL, NULL, NULL};
    char pbuf[3][64];
    int nparams = 0;
    const char *where = asx_store_sel_where(sel, params, &nparams, pbuf);
    char *sql = NULL;
    sqlite3_stmt *st = NULL;
    int rc;
    asx_error err = ASX_OK;
    rc = sqlite3_prepare_v2(q->db, "SELECT value FROM meta WHERE key = 'organization'", -1, &st,
                            NULL);
    if (rc != SQLITE_OK)
        goto sqlerr;
    rc = sqlite3_step(st);
    err = rows->organization(ctx, rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    st = NULL;
    if (err)
        return err;
    rc = sqlite3_prepare_v2(q->db, "SELECT year, next FROM seq ORDER BY year", -1, &st, NULL);
    if (rc != SQLITE_OK)
        goto sqlerr;
    while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW)
        err = rows->seq(ctx, sqlite3_column_int(st, 0), sqlite3_column_int(st, 1));
    if (!err && rc != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(st);
    st = NULL;
    if (err)
        return err;
    /* as of a date: the entry as the last event in effect by then (in the order recorded) left
     * it; an event that does not know it (one of many migrated at once) gives the entry as it
     * stands, and so does an entry whose every event is in effect by then (last_eff: its last
     * event left it as it stands, and its history need not be read) */
    sql = sqlite3_mprintf(as_of ? "SELECT CASE WHEN e.last_eff <= ?1 THEN e.doc"
                                  " ELSE COALESCE((SELECT v.after FROM events v"
                                  " WHERE v.entry = e.id AND v.eff_date <= ?1"
                                  " ORDER BY v.seq DESC LIMIT 1),"
                                  " CASE WHEN EXISTS (SELECT 1 FROM events v WHERE v.entry = e.id"
                                  " AND v.eff_date <= ?1) THEN e.doc END) END"
                                  " FROM entries e WHERE %s ORDER BY e.rowid"
                                : "SELECT e.doc FROM entries e WHERE %s ORDER BY e.rowid",
                          where);
    if (!sql)
        return ASX_ERR_NOMEM;
    rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
        goto sqlerr;
    bind_sel(st, as_of ? asof : NULL, params, nparams);
    while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) == SQLITE_NULL)
            continue; /* not yet in the register on as_of */
        err = rows->entry(ctx, (const char *)sqlite3_column_text(st, 0),
                          (size_t)sqlite3_column_bytes(st, 0));
    }
    if (!err && rc != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(st);
    st = NULL;
    if (err || !history)
        return err;
    /* the events of the selected entries (all: every event, the history's own order) */
    sql = !sel || sel->kind == ASX_SEL_ALL
              ? sqlite3_mprintf("SELECT at, on_date, user, action, entry, detail FROM events"
                                " WHERE ?1 IS NULL OR eff_date <= ?1 ORDER BY seq")
              : sqlite3_mprintf("SELECT at, on_date, user, action, entry, detail FROM events"
                                " WHERE (?1 IS NULL OR eff_date <= ?1) AND entry IN"
                                " (SELECT e.id FROM entries e WHERE %s) ORDER BY seq",
                                where);
    if (!sql)
        return ASX_ERR_NOMEM;
    rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
        goto sqlerr;
    bind_sel(st, as_of ? asof : NULL, params, nparams);
    while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *cols[6];
        for (int c = 0; c < 6; c++)
            cols[c] = (const char *)sqlite3_column_text(st, c); /* NULL for NULL */
        err = rows->event(ctx, cols);
    }
    if (!err && rc != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(st);
    return err;
sqlerr:
    err = sq_error(q, rc, d);
    sqlite3_finalize(st);
    return err;
}

/* ---- writing ---- */

static asx_error sq_put_meta(asx_store *s, const char *organization, asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    sqlite3_stmt *st = stmt(q, ST_META, d);
    if (!st)
        return ASX_ERR_INTERNAL;
    bind_text(st, 1, organization);
    return step_done(q, st, d);
}

static asx_error sq_put_seq(asx_store *s, int year, int next, asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    sqlite3_stmt *st = stmt(q, ST_SEQ, d);
    if (!st)
        return ASX_ERR_INTERNAL;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int(st, 2, next);
    return step_done(q, st, d);
}

static asx_error sq_put_entry(asx_store *s, const asx_reg_entry *e, const char *doc,
                              asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    char a[11], n[11], due[11], on[11];
    sqlite3_stmt *st = stmt(q, ST_ENTRY, d);
    if (!st)
        return ASX_ERR_INTERNAL;
    bind_text(st, 1, e->id);
    bind_text(st, 2, e->service);
    bind_text(st, 3, e->vendor);
    bind_text(st, 4, asx_reg_status_name(e->status));
    bind_date(st, 5, true, e->approved_on, a);
    bind_date(st, 6, true, e->next_review, n);
    bind_text(st, 7, doc);
    asx_store_keys k;
    if (asx_store_entry_keys(e, &k))
        return ASX_ERR_NOMEM;
    sqlite3_bind_text(st, 8, k.service_key, -1, free);
    sqlite3_bind_int(st, 9, k.id_year);
    sqlite3_bind_int64(st, 10, k.id_n);
    bind_text(st, 11, k.evidence_expiry[0] ? k.evidence_expiry : NULL);
    bind_text(st, 12, k.next_check[0] ? k.next_check : NULL);
    bind_text(st, 13, e->manager);
    asx_error err = step_done(q, st, d);
    if (!err && (st = stmt(q, ST_DEL_COND, d))) {
        bind_text(st, 1, e->id);
        err = step_done(q, st, d);
    }
    for (size_t i = 0; !err && i < e->nconditions; i++) {
        const asx_reg_condition *c = &e->conditions[i];
        if (!(st = stmt(q, ST_COND, d)))
            return ASX_ERR_INTERNAL;
        bind_text(st, 1, e->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)c->n);
        bind_text(st, 3, c->text);
        bind_text(st, 4, c->clause);
        bind_date(st, 5, c->has_due, c->due, due);
        bind_text(st, 6, asx_cond_status_name(c->status));
        bind_text(st, 7, c->evidence);
        bind_date(st, 8, c->has_on, c->on, on);
        bind_text(st, 9, c->by);
        bind_text(st, 10, c->clause_local);
        err = step_done(q, st, d);
    }
    if (!err && (st = stmt(q, ST_DEL_CHECK, d))) {
        bind_text(st, 1, e->id);
        err = step_done(q, st, d);
    }
    for (size_t i = 0; !err && i < e->nchecks; i++) {
        const asx_reg_check *c = &e->checks[i];
        char *items = asx_store_check_items_json(c);
        if (!items || !(st = stmt(q, ST_CHECK, d))) {
            free(items);
            return items ? ASX_ERR_INTERNAL : ASX_ERR_NOMEM;
        }
        bind_text(st, 1, e->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        bind_text(st, 3, asx_check_phase_name(c->phase));
        bind_date(st, 4, true, c->on, on);
        bind_text(st, 5, c->by);
        bind_text(st, 6, c->notes);
        bind_text(st, 7, c->file_sha256);
        bind_text(st, 8, items);
        err = step_done(q, st, d);
        free(items);
    }
    if (!err && (st = stmt(q, ST_DEL_EVIDENCE, d))) {
        bind_text(st, 1, e->id);
        err = step_done(q, st, d);
    }
    for (size_t i = 0; !err && i < e->nevidence; i++) {
        const asx_reg_evidence *v = &e->evidence[i];
        char exp[11];
        if (!(st = stmt(q, ST_EVIDENCE, d)))
            return ASX_ERR_INTERNAL;
        bind_text(st, 1, e->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        bind_text(st, 3, v->scheme);
        bind_text(st, 4, v->number);
        bind_date(st, 5, true, v->expiry, exp);
        bind_text(st, 6, v->file_sha256);
        bind_date(st, 7, true, v->on, on);
        err = step_done(q, st, d);
    }
    return err;
}

static asx_error sq_put_event(asx_store *s, const asx_reg_event *ev, const char *eff,
                              const char *before, const char *after, asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    char on[11];
    sqlite3_stmt *st = stmt(q, ST_EVENT, d);
    if (!st)
        return ASX_ERR_INTERNAL;
    bind_text(st, 1, ev->at);
    bind_date(st, 2, ev->has_on, ev->on, on);
    bind_text(st, 3, eff);
    bind_text(st, 4, ev->user);
    bind_text(st, 5, asx_reg_action_name(ev->action));
    bind_text(st, 6, ev->entry);
    bind_text(st, 7, ev->detail);
    bind_text(st, 8, before);
    bind_text(st, 9, after);
    asx_error err = step_done(q, st, d);
    if (!err && (st = stmt(q, ST_LAST_EFF, d))) {
        bind_text(st, 1, ev->entry);
        bind_text(st, 2, eff);
        err = step_done(q, st, d);
    }
    return err;
}

static asx_error sq_put_blob(asx_store *s, const char *kind, const char *sha256, const void *data,
                             size_t len, asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    sqlite3_stmt *st = stmt(q, ST_BLOB, d);
    if (!st)
        return ASX_ERR_INTERNAL;
    bind_text(st, 1, sha256);
    bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)len);
    sqlite3_bind_blob64(st, 4, data, (sqlite3_uint64)len, SQLITE_STATIC);
    return step_done(q, st, d);
}

static asx_error sq_get_blob(asx_store *s, const char *sha256, char **data, size_t *len,
                             asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    *data = NULL;
    *len = 0;
    sqlite3_stmt *st = stmt(q, ST_GET_BLOB, d);
    if (!st)
        return ASX_ERR_INTERNAL;
    bind_text(st, 1, sha256);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return ASX_ERR_NOINPUT;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return sq_error(q, rc, d);
    }
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    const void *p = sqlite3_column_blob(st, 0);
    char *out = malloc(n + 1);
    if (!out) {
        sqlite3_reset(st);
        return ASX_ERR_NOMEM;
    }
    if (n)
        memcpy(out, p, n);
    out[n] = '\0';
    sqlite3_reset(st);
    *data = out;
    *len = n;
    return ASX_OK;
}

/* ---- checking ---- */

/* Rows of a query whose first column is a problem (none: consistent). */
static asx_error report_rows(sq_store *q, const char *sql, const char *ok, const char *what,
                             asx_diags *d)
{
    sqlite3_stmt *st = NULL;
    asx_error err = ASX_OK;
    int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sq_error(q, rc, d);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (ok && v && strcmp(v, ok) == 0)
            continue;
        asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0, "%s: %s", what, v ? v : "?");
        err = ASX_ERR_DATA;
    }
    if (rc != SQLITE_DONE)
        err = sq_error(q, rc, d);
    sqlite3_finalize(st);
    return err;
}

static asx_error sq_check(asx_store *s, asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    asx_error e1 = report_rows(q, "PRAGMA integrity_check", "ok", "integrity_check", d);
    asx_error e2 = report_rows(q, "SELECT \"table\" || ' → ' || parent FROM pragma_foreign_key_check",
                               NULL, "foreign_key_check", d);
    asx_error e3 = report_rows(q, "SELECT DISTINCT entry FROM events WHERE entry NOT IN"
                                  " (SELECT id FROM entries)",
                               NULL, ASX_L("履歴が存在しない登録を指しています",
                                           "the history names an entry the register does not have"),
                               d);
    asx_error e4 = report_rows(q, "SELECT id FROM entries WHERE json_valid(doc) = 0"
                                  " OR json_extract(doc, '$.id') IS NOT id",
                               NULL, ASX_L("登録の内容が壊れています", "an entry's record is damaged"),
                               d);
    /* the columns the verbs' selections read agree with the entries and their events */
    asx_error e5 = report_rows(q, "SELECT id FROM entries e WHERE"
                                  " json_extract(doc, '$.evidence_expiry') IS NOT evidence_expiry"
                                  " OR json_extract(doc, '$.next_check') IS NOT next_check"
                                  " OR service_key IS NOT assess_name_key(service)"
                                  " OR id_year IS NOT CAST(substr(id, 5, 4) AS INTEGER)"
                                  " OR id_n IS NOT CAST(substr(id, 10) AS INTEGER)"
                                  " OR manager IS NOT json_extract(doc, '$.manager')"
                                  " OR last_eff IS NOT (SELECT max(v.eff_date) FROM events v"
                                  " WHERE v.entry = e.id)"
                                  " OR EXISTS (SELECT 1 FROM conditions c WHERE c.entry = e.id AND"
                                  " (c.clause_local IS NOT json_extract(e.doc, '$.conditions['"
                                  " || (c.n - 1) || '].clause_local')"
                                  " OR c.due IS NOT json_extract(e.doc, '$.conditions['"
                                  " || (c.n - 1) || '].due')"
                                  " OR c.status IS NOT json_extract(e.doc, '$.conditions['"
                                  " || (c.n - 1) || '].status')))",
                               NULL, ASX_L("登録の検索用の列が内容と一致しません",
                                           "an entry's search columns disagree with its record"),
                               d);
    return e1 ? e1 : e2 ? e2 : e3 ? e3 : e4 ? e4 : e5;
}

/* register due from the columns: one query, each arm read in its index's order and merged by
 * SQLite (a compound SELECT's ORDER BY), so that memory does not grow with what is due. */
static asx_error sq_due_rows(asx_store *s, asx_date as_of, asx_date limit,
                             asx_error (*row)(void *ctx, const asx_store_due_row *r), void *ctx,
                             bool *answered, asx_diags *d)
{
    sq_store *q = (sq_store *)s;
    char asof[11], lim[11];
    asx_date_iso(as_of, asof);
    asx_date_iso(limit, lim);
    *answered = false;
    /* an entry with an event taking effect after as_of stood otherwise that day: only its
     * history can say how, and the caller replays it */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(q->db, "SELECT EXISTS (SELECT 1 FROM entries WHERE last_eff > ?1)",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sq_error(q, rc, d);
    bind_text(st, 1, asof);
    rc = sqlite3_step(st);
    int later = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (later < 0)
        return sq_error(q, rc, d);
    if (later)
        return ASX_OK;
#define DUE_ENTRY "e.id, e.service, e.vendor, e.manager, e.status, e.next_review, e.evidence_expiry"
#define DUE_IN_USE "e.status IN ('active', 'expired')"
    static const char sql[] =
        "SELECT e.next_review, " DUE_ENTRY ", 0, 0, NULL, NULL, NULL FROM entries e"
        " WHERE e.next_review <= ?1 AND " DUE_IN_USE
        " UNION ALL SELECT e.evidence_expiry, " DUE_ENTRY ", 1, 0, NULL, NULL, NULL FROM entries e"
        " WHERE e.evidence_expiry <= ?1 AND " DUE_IN_USE
        " UNION ALL SELECT c.due, " DUE_ENTRY ", 2, c.n, c.text, c.clause, c.clause_local"
        " FROM conditions c JOIN entries e ON e.id = c.entry"
        " WHERE c.status = 'open' AND c.due <= ?1 AND " DUE_IN_USE
        " UNION ALL SELECT e.next_check, " DUE_ENTRY ", 3, 0, NULL, NULL, NULL FROM entries e"
        " WHERE e.next_check <= ?1 AND " DUE_IN_USE
        " ORDER BY 1, 2, 9, 10";
#undef DUE_ENTRY
#undef DUE_IN_USE
    /* the merge sorts the rows of one date and entry by reason and condition in temporary
     * b-trees: in memory (the connection's temp_store) they grow with the whole result, in a
     * file (unlinked at once, so never left behind) they stay within the page cache */
    asx_error err = exec(q, "PRAGMA temp_store = FILE", d);
    if (err)
        return err;
    rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        err = sq_error(q, rc, d);
        exec(q, "PRAGMA temp_store = MEMORY", d);
        return err;
    }
    bind_text(st, 1, lim);
    *answered = true;
    while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c[8];
        for (int i = 0; i < 8; i++)
            c[i] = (const char *)sqlite3_column_text(st, i);
        asx_store_due_row r = {
            .due_on = c[0], .id = c[1], .service = c[2], .vendor = c[3], .manager = c[4],
            .status = c[5], .next_review = c[6], .evidence_expiry = c[7] ? c[7] : "",
            .reason = sqlite3_column_int(st, 8),
            .condition = (long)sqlite3_column_int64(st, 9),
            .text = (const char *)sqlite3_column_text(st, 10),
            .clause = (const char *)sqlite3_column_text(st, 11),
            .clause_local = (const char *)sqlite3_column_text(st, 12)};
        err = row(ctx, &r);
    }
    if (!err && rc != SQLITE_DONE)
        err = sq_error(q, rc, d);
    sqlite3_finalize(st);
    asx_error err2 = exec(q, "PRAGMA temp_store = MEMORY", d);
    return err ? err : err2;
}

static const asx_store_ops SQLITE_OPS = {
    sq_close, sq_begin, sq_commit, sq_rollback, sq_load_rows, sq_put_meta, sq_put_seq,
    sq_put_entry, NULL, sq_put_event, NULL, sq_put_blob, sq_get_blob, sq_check, NULL, sq_due_rows,
};

/* ---- opening ---- */

/* assess_name_key(text): asx_reg_name_key in SQL. */
static void name_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *v = (const char *)sqlite3_value_text(argv[0]);
    char *k = v ? asx_reg_name_key(v) : NULL;
    if (v && !k) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (k)
        sqlite3_result_text(ctx, k, -1, free);
    else
        sqlite3_result_null(ctx);
}

bool asx_store_is_sqlite(const char *path)
{
    char head[16];
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    return n == (ssize_t)sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

/* A file that is not SQLite: a JSON register says how to migrate it; anything else is
 * reported as the JSON parser finds it (with its place), and as not a register. */
static asx_error not_sqlite(const char *path, off_t size, asx_diags *d)
{
    /* a register written by assess names its format in its first line; one past the input limit
     * is recognised by that without reading it whole, a smaller one is parsed (its problems
     * reported with their place) */
    char head[256] = "";
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd >= 0) {
        ssize_t n = read(fd, head, sizeof head - 1);
        head[n > 0 ? n : 0] = '\0';
        close(fd);
    }
    asx_error err = ASX_ERR_DATA;
    if (size > (off_t)ASX_MAX_INPUT && head[0] == '{' && strstr(head, "\"format\":") &&
        strstr(head, ASX_REGISTER_FORMAT)) {
        err = ASX_OK;
    } else {
        asx_register *r = NULL;
        err = asx_register_load_file(path, &r, d);
        asx_register_free(r);
        if (err == ASX_ERR_NOMEM || err == ASX_ERR_NOINPUT)
            return err;
    }
    if (!err)
        asx_diags_addf(d, ASX_ERR_DATA, path, 0, 0,
                       ASX_L("JSON 形式の台帳 (assess-register/1) です。先に SQLite の台帳へ移してください: assess register migrate %s -o 新しい台帳.sqlite (元のファイルはそのまま残ります)",
                             "this is a JSON register (assess-register/1); move it to an SQLite register first: assess register migrate %s -o NEW.sqlite (the file is left as it is)"),
                       path);
    else
        asx_diags_addf(d, ASX_ERR_DATA, path, 0, 0,
                       ASX_L("台帳 (SQLite) ではないため読み込まず、変更もしません (ファイルはそのまま残しています)",
                             "not a register (SQLite), so it was not read and not changed (the file is left as it is)"));
    return ASX_ERR_DATA;
}

/* The journal beside the register, made once with the register's group and mode (PERSIST keeps
 * it), so that any member of the group can write and recover the register. */
static asx_error make_journal(const char *path, const struct stat *reg, asx_diags *d)
{
    char *jpath = asx_strdupf("%s-journal", path);
    if (!jpath)
        return ASX_ERR_NOMEM;
    asx_error err = ASX_OK;
    int fd = open(jpath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, reg->st_mode & 0666);
    if (fd >= 0) {
        if ((reg->st_gid != getegid() && fchown(fd, (uid_t)-1, reg->st_gid) != 0) ||
            fchmod(fd, reg->st_mode & 0666) != 0) {
            asx_diags_addf(d, ASX_ERR_CANTCREAT, jpath, 0, 0,
                           ASX_L("台帳のジャーナルに台帳のグループ (gid %ld) と権限を付けられないため変更しません: %s (そのグループに属するユーザーで実行してください)",
                                 "cannot give the register's journal the register's group (gid %ld) and mode, so nothing was changed: %s (run as a member of that group)"),
                           (long)reg->st_gid, strerror(errno));
            err = ASX_ERR_CANTCREAT;
            unlink(jpath);
        }
        close(fd);
    } else if (errno != EEXIST) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, jpath, 0, 0,
                       ASX_L("台帳のジャーナルを作れません: %s", "cannot create the register's journal: %s"),
                       strerror(errno));
        err = ASX_ERR_CANTCREAT;
    }
    free(jpath);
    return err;
}

/* Create the schema or bring it up to SCHEMA_VERSION, in one transaction. */
static asx_error migrate_schema(sq_store *q, asx_diags *d)
{
    asx_error err = exec(q, "BEGIN IMMEDIATE", d);
    if (err)
        return err;
    int version = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, "SELECT version FROM schema_version", -1, &st, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    } else {
        /* no version table: an empty file becomes a register; any other database is not one */
        int n = -1;
        if (sqlite3_prepare_v2(q->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) ==
                SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (n != 0) {
            sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
            asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0,
                           ASX_L("台帳ではない SQLite データベースです (変更しません)",
                                 "an SQLite database that is not a register (not changed)"));
            return ASX_ERR_DATA;
        }
    }
    if (version > SCHEMA_VERSION) {
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
        asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0,
                       ASX_L("この台帳は新しい版の assess で作られています (スキーマ %d、この assess は %d まで)",
                             "this register was made by a newer assess (schema %d; this one knows up to %d)"),
                       version, SCHEMA_VERSION);
        return ASX_ERR_DATA;
    }
    for (int v = version; !err && v < SCHEMA_VERSION; v++) {
        err = exec(q, SCHEMA[v], d);
        if (!err) {
            char sql[64];
            snprintf(sql, sizeof sql, "UPDATE schema_version SET version = %d", v + 1);
            err = exec(q, sql, d);
        }
    }
    if (!err)
        err = exec(q, "COMMIT", d);
    if (err)
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return err;
}

/* A register opened read-only must be at this version (an auditor cannot migrate it). */
static asx_error check_version(sq_store *q, asx_diags *d)
{
    sqlite3_stmt *st = NULL;
    int version = -1;
    int rc = sqlite3_prepare_v2(q->db, "SELECT version FROM schema_version", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version == SCHEMA_VERSION)
        return ASX_OK;
    if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE &&
        !(rc == SQLITE_ERROR && strstr(sqlite3_errmsg(q->db), "no such table")))
        return sq_error(q, rc, d);
    if (version < 0)
        asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0,
                       ASX_L("台帳ではない SQLite データベースです", "an SQLite database that is not a register"));
    else
        asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0,
                       ASX_L("台帳のスキーマの版が %d です (この assess は %d)。書き込みのできるユーザーが一度 register の変更を行うと更新されます",
                             "the register's schema is version %d (this assess: %d); any change by a user who may write it upgrades it"),
                       version, SCHEMA_VERSION);
    return ASX_ERR_DATA;
}

asx_error asx_store_sqlite_open(const char *path, const asx_store_opts *opts, asx_store **out,
                                asx_diags *d)
{
    struct stat st;
    asx_error err = ASX_OK;
    *out = NULL;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT || !opts->write || !opts->create) {
            err = ASX_ERR_NOINPUT;
            asx_diags_addf(d, err, path, 0, 0, "%s",
                           errno == ENOENT ? ASX_L("台帳がありません", "no such register")
                                           : strerror(errno));
            return err;
        }
        mode_t mode = opts->mode ? opts->mode : ASX_REGISTER_MODE;
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0 && errno != EEXIST) {
            asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                           ASX_L("台帳を作れません: %s", "cannot create the register: %s"),
                           strerror(errno));
            return ASX_ERR_CANTCREAT;
        }
        if (fd >= 0) {
            (void)fchmod(fd, mode); /* the umask does not narrow the register's mode */
            close(fd);
        }
        if (lstat(path, &st) != 0) {
            asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0, "%s", strerror(errno));
            return ASX_ERR_CANTCREAT;
        }
    }
    if (S_ISLNK(st.st_mode)) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                       ASX_L("台帳がシンボリックリンクです。リンクを通しては開きません (リンク先のパスを指定してください)",
                             "the register is a symbolic link; it is not opened through the link (give the real path)"));
        return ASX_ERR_CANTCREAT;
    }
    if (!S_ISREG(st.st_mode)) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                       ASX_L("台帳が通常のファイルではありません", "the register is not a regular file"));
        return ASX_ERR_CANTCREAT;
    }
    if (opts->write && ((st.st_mode & 0222) == 0 || access(path, W_OK) != 0)) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                       ASX_L("台帳が書き込み禁止です (ファイルの権限を確認してください)",
                             "the register is read-only (check the file's permissions)"));
        return ASX_ERR_CANTCREAT;
    }
    if (st.st_size > 0 && !asx_store_is_sqlite(path))
        return not_sqlite(path, st.st_size, d);
    asx_inputs_note(path, &st); /* no output may replace the register (register export -o R) */
    if (st.st_size == 0 && !opts->write) {
        asx_diags_addf(d, ASX_ERR_DATA, path, 0, 0,
                       ASX_L("台帳が空のファイルです", "the register is an empty file"));
        return ASX_ERR_DATA;
    }
    if (opts->write && (err = make_journal(path, &st, d)))
        return err;

    sq_store *q = calloc(1, sizeof *q);
    if (!q)
        return ASX_ERR_NOMEM;
    q->base.ops = &SQLITE_OPS;
    q->base.opts = *opts;
    q->base.opts.organization = NULL;
    if (!(q->base.where = asx_strdup(path))) {
        free(q);
        return ASX_ERR_NOMEM;
    }
    /* a reader who may write opens read-write, so that it can roll back what a killed writer
     * left in the journal; an auditor without write permission reads only */
    bool rw = opts->write || access(path, W_OK) == 0;
    int flags = (rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
                SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &q->db, flags, NULL);
    if (rc != SQLITE_OK) {
        err = sq_error(q, rc, d);
        goto fail;
    }
    sqlite3_extended_result_codes(q->db, 0);
    /* the schema's upgrade to 2 fills service_key with the key add compares names by */
    sqlite3_create_function(q->db, "assess_name_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                            name_key_fn, NULL, NULL);
    sqlite3_busy_handler(q->db, busy_cb, q);
    if ((err = exec(q, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;", d)))
        goto fail;
    if (opts->write) {
        if ((err = exec(q, "PRAGMA journal_mode = PERSIST; PRAGMA synchronous = FULL;", d)) ||
            (err = migrate_schema(q, d)))
            goto fail;
        if (opts->organization) {
            /* a new register takes the organisation it was created for */
            char *sql = sqlite3_mprintf("INSERT OR IGNORE INTO meta VALUES('organization', %Q)",
                                        opts->organization);
            err = sql ? exec(q, sql, d) : ASX_ERR_NOMEM;
            sqlite3_free(sql);
            if (err)
                goto fail;
        }
    } else if ((rw && (err = exec(q, "PRAGMA journal_mode = PERSIST;", d))) ||
               (err = check_version(q, d))) {
        goto fail;
    }
    *out = &q->base;
    return ASX_OK;
fail: {
    asx_store *s = &q->base;
    char *where = s->where;
    sq_close(s);
    free(where);
    return err;
}
}
