/* store_pg.c - the register in a PostgreSQL database (SPEC §8.4, issue 27): the store for an
 * organisation whose departments write the register from many machines. The same tables as the
 * SQLite store (store_sqlite.c) and the same JSON form, so `register export --json` gives the
 * same bytes for the same history.
 *
 * Transactions: every change is one transaction that first takes the register's write lock
 * (LOCK TABLE schema_version IN EXCLUSIVE MODE): writers follow one another, each loading what
 * the one before committed, so no change is lost and no id given twice; readers are not blocked
 * and read one snapshot (REPEATABLE READ, READ ONLY). Every writer takes the same single lock
 * first, so writers cannot deadlock; a serialization failure or deadlock reported anyway at
 * begin is retried a bounded number of times. A lock not granted within --wait is ASX_ERR_BUSY.
 *
 * Faults: a server that cannot be reached, or that goes away during a verb, is
 * ASX_ERR_UNAVAILABLE (69); the transaction was not committed, so nothing is half written.
 * Permission denied by the database is ASX_ERR_NOPERM (77).
 *
 * Credentials come only from libpq's usual places (PGPASSWORD, ~/.pgpass, the service file): an
 * address carrying a password is refused, and messages name the host and database only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include "asx/io.h"
#include "asx/register.h"
#include "asx/store.h"
#include "asx/text.h"
#include "asx/util.h"
#include "store_impl.h"

/* The schema, one step per version (as store_sqlite.c's): a register at version n runs steps
 * n+1… in one transaction. Entries keep their insertion order in ord (SQLite's rowid); events
 * are append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
static const char *const SCHEMA[] = {
    /* 1 */
    "CREATE TABLE schema_version(version integer NOT NULL);"
    "INSERT INTO schema_version VALUES(0);"
    "CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);"
    "INSERT INTO meta VALUES('format', 'assess-register/1');"
    "CREATE TABLE seq(year integer PRIMARY KEY, next integer NOT NULL);"
    "CREATE TABLE entries(ord bigint GENERATED ALWAYS AS IDENTITY UNIQUE, id text PRIMARY KEY,"
    " service text NOT NULL, vendor text NOT NULL, status text NOT NULL,"
    " approved_on text NOT NULL, next_review text NOT NULL, doc text NOT NULL);"
    "CREATE TABLE conditions(entry text NOT NULL REFERENCES entries(id), n bigint NOT NULL,"
    " text text NOT NULL, clause text, due text, status text NOT NULL, evidence text,"
    " on_date text, by_whom text, PRIMARY KEY(entry, n));"
    "CREATE TABLE checks(entry text NOT NULL REFERENCES entries(id), k bigint NOT NULL,"
    " phase text NOT NULL, on_date text NOT NULL, by_whom text NOT NULL, notes text,"
    " file_sha256 text, items text NOT NULL, PRIMARY KEY(entry, k));"
    "CREATE TABLE judgments(entry text NOT NULL REFERENCES entries(id), k bigint NOT NULL,"
    " kind text NOT NULL, doc text NOT NULL, PRIMARY KEY(entry, k));"
    "CREATE TABLE evidence(entry text NOT NULL REFERENCES entries(id), k bigint NOT NULL,"
    " scheme text NOT NULL, number text, expiry text NOT NULL, file_sha256 text,"
    " recorded_on text NOT NULL, PRIMARY KEY(entry, k));"
    "CREATE TABLE blobs(sha256 text PRIMARY KEY, kind text NOT NULL"
    " CHECK(kind IN ('answers', 'review', 'checklist', 'evidence')),"
    " size bigint NOT NULL, data bytea NOT NULL);"
    "CREATE TABLE events(seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at text NOT NULL,"
    " on_date text, eff_date text NOT NULL, by_user text NOT NULL, action text NOT NULL,"
    " entry text NOT NULL, detail text, before_doc text, after_doc text);"
    "CREATE INDEX events_entry ON events(entry, seq);"
    "CREATE INDEX events_eff ON events(eff_date);"
    "CREATE INDEX entries_next_review ON entries(next_review);"
    "CREATE FUNCTION assess_events_append_only() RETURNS trigger LANGUAGE plpgsql AS"
    " $$BEGIN RAISE EXCEPTION 'the history is append-only'; END$$;"
    "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events"
    " FOR EACH ROW EXECUTE FUNCTION assess_events_append_only();"
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events"
    " FOR EACH STATEMENT EXECUTE FUNCTION assess_events_append_only();",
    /* 2: the columns a verb's selection reads (as store_sqlite.c's 2); service_key is filled
     * by fill_name_keys() in the same transaction */
    "ALTER TABLE entries ADD COLUMN service_key text, ADD COLUMN id_year integer,"
    " ADD COLUMN id_n bigint, ADD COLUMN evidence_expiry text, ADD COLUMN next_check text,"
    " ADD COLUMN last_eff text;"
    "UPDATE entries SET id_year = CAST(substr(id, 5, 4) AS integer),"
    " id_n = CAST(substr(id, 10) AS bigint),"
    " evidence_expiry = doc::json->>'evidence_expiry', next_check = doc::json->>'next_check',"
    " last_eff = (SELECT max(v.eff_date) FROM events v WHERE v.entry = entries.id);"
    "CREATE INDEX entries_service_key ON entries(service_key, status);"
    "CREATE INDEX entries_id_n ON entries(id_year, id_n);"
    "CREATE INDEX entries_review_id ON entries(next_review, id);"
    "CREATE INDEX entries_evidence_expiry ON entries(evidence_expiry, id);"
    "CREATE INDEX entries_next_check ON entries(next_check, id);"
    "CREATE INDEX entries_last_eff ON entries(last_eff, id);"
    "CREATE INDEX conditions_due ON conditions(status, due, entry);",
    /* 3: what register due shows beyond the columns above (as store_sqlite.c's 3) */
    "ALTER TABLE entries ADD COLUMN manager text;"
    "ALTER TABLE conditions ADD COLUMN clause_local text;"
    "UPDATE entries SET manager = doc::json->>'manager';"
    "UPDATE conditions SET clause_local = (SELECT e.doc::json->'conditions'"
    "->CAST(conditions.n - 1 AS integer)->>'clause_local' FROM entries e WHERE e.id = conditions.entry);",
};
#define SCHEMA_VERSION ((int)(sizeof SCHEMA / sizeof SCHEMA[0]))

/* A serialization failure or deadlock at begin is retried this many times. */
#define PG_RETRIES 5

typedef struct {
    asx_store base; /* first: the store is freed as this struct */
    PGconn *conn;
    char state[6]; /* the SQLSTATE of the last failure ("" none) */
    bool committing; /* a connection lost now may have lost only the server's answer */
} pg_store;

/* ---- errors ---- */

/* The class of a failure from its SQLSTATE (NULL: no answer from the server). */
static asx_error pg_class(PGconn *conn, const char *state)
{
    if (PQstatus(conn) == CONNECTION_BAD || !state || strncmp(state, "08", 2) == 0 ||
        strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
        strcmp(state, "57P03") == 0)
        return ASX_ERR_UNAVAILABLE;
    if (strcmp(state, "42501") == 0 || strcmp(state, "25006") == 0 ||
        strncmp(state, "28", 2) == 0)
        return ASX_ERR_NOPERM;
    if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
        strcmp(state, "40P01") == 0)
        return ASX_ERR_BUSY;
    if (strcmp(state, "53200") == 0)
        return ASX_ERR_NOMEM;
    if (strncmp(state, "53", 2) == 0 || strncmp(state, "58", 2) == 0)
        return ASX_ERR_IO;
    if (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0)
        return ASX_ERR_DATA;
    return ASX_ERR_INTERNAL;
}

/* libpq's message on one line: its line breaks and tabs as spaces, no trailing newline. */
static void pg_msg(const char *m, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = m ? m : ""; *p && k + 1 < n; p++) {
        bool space = *p == '\n' || *p == '\t' || *p == '\r';
        if (space && (k == 0 || out[k - 1] == ' '))
            continue;
        out[k++] = space ? ' ' : *p;
    }
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
}

/* The failure of res (NULL: the connection's) as ours, with the server's text. */
static asx_error pg_error(pg_store *q, PGresult *res, asx_diags *d)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    asx_error err = pg_class(q->conn, state);
    snprintf(q->state, sizeof q->state, "%s", state ? state : "");
    char msg[512];
    pg_msg(res ? PQresultErrorMessage(res) : PQerrorMessage(q->conn), msg, sizeof msg);
    if (err == ASX_ERR_UNAVAILABLE && q->committing)
        asx_diags_addf(d, err, q->base.where, 0, 0,
                       ASX_L("データベースサーバーとの接続が確定 (COMMIT) の途中で切れました。変更は全部書き込まれたか、まったく書き込まれていないかのどちらかです (register show や list で確認してください): %s",
                             "the connection to the database server was lost while committing: the change was written either whole or not at all (check with register show or list): %s"),
                       msg);
    else if (err == ASX_ERR_UNAVAILABLE)
        asx_diags_addf(d, err, q->base.where, 0, 0,
                       ASX_L("データベースサーバーとの接続が切れました。この操作は書き込まれていません (サーバーの状態を確認してやり直してください): %s",
                             "the connection to the database server was lost; this change was not written (check the server and try again): %s"),
                       msg);
    else if (err == ASX_ERR_NOPERM)
        asx_diags_addf(d, err, q->base.where, 0, 0,
                       ASX_L("データベースが権限のない操作として拒否しました (何も変更していません): %s",
                             "the database refused the operation: permission denied (nothing was changed): %s"),
                       msg);
    else if (err == ASX_ERR_BUSY)
        asx_diags_addf(d, err, q->base.where, 0, 0,
                       ASX_L("台帳は別の処理が使用中です (%d 秒待ちました。何も変更していません。しばらくしてからやり直してください)",
                             "the register is busy with another change (waited %d s; nothing was changed; try again later)"),
                       q->base.opts.wait_seconds);
    else
        asx_diags_addf(d, err, q->base.where, 0, 0, "PostgreSQL: %s%s%s", msg,
                       state ? " SQLSTATE " : "", state ? state : "");
    return err;
}

/* Run sql with text parameters (vals[i] NULL: SQL NULL); binary marks parameters given as bytes
 * (lens) and a result wanted in binary. *out (may be NULL) gets the result to PQclear. */
static asx_error run(pg_store *q, const char *sql, int n, const char *const *vals,
                     const int *lens, const int *fmts, int result_binary, PGresult **out,
                     asx_diags *d)
{
    PGresult *res = n || result_binary
                        ? PQexecParams(q->conn, sql, n, NULL, vals, lens, fmts, result_binary)
                        : PQexec(q->conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (!res && PQstatus(q->conn) != CONNECTION_BAD) {
        asx_diags_addf(d, ASX_ERR_NOMEM, q->base.where, 0, 0, "PostgreSQL: %s",
                       PQerrorMessage(q->conn));
        return ASX_ERR_NOMEM;
    }
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        asx_error err = pg_error(q, res, d);
        PQclear(res);
        return err;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return ASX_OK;
}

static asx_error exec(pg_store *q, const char *sql, asx_diags *d)
{
    return run(q, sql, 0, NULL, NULL, NULL, 0, NULL, d);
}

/* Run sql with n text parameters, discarding the result. */
static asx_error exec_params(pg_store *q, const char *sql, int n, const char *const *vals,
                             asx_diags *d)
{
    return run(q, sql, n, vals, NULL, NULL, 0, NULL, d);
}

static const char *state_of(PGresult *res)
{
    return res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
}

/* ---- transactions ---- */

static void pg_rollback(asx_store *s)
{
    pg_store *q = (pg_store *)s;
    if (PQstatus(q->conn) == CONNECTION_OK && PQtransactionStatus(q->conn) != PQTRANS_IDLE) {
        PGresult *r = PQexec(q->conn, "ROLLBACK");
        PQclear(r);
    }
}

/* Take the register's write lock: at once when it is free; else say so (a terminal) and wait
 * up to wait_seconds (then ASX_ERR_BUSY; the SQLSTATE of a failure is left in q->state). */
static asx_error take_write_lock(pg_store *q, asx_diags *d)
{
    static const char *const nowait = "LOCK TABLE schema_version IN EXCLUSIVE MODE NOWAIT";
    PGresult *res = PQexec(q->conn, nowait);
    if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
        PQclear(res);
        return ASX_OK;
    }
    const char *state = state_of(res);
    if (!state || strcmp(state, "55P03") != 0 || q->base.opts.wait_seconds <= 0) {
        asx_error err = pg_error(q, res, d);
        PQclear(res);
        return err;
    }
    PQclear(res);
    /* the failed statement aborted the transaction: begin again and wait this time */
    asx_error err = exec(q, "ROLLBACK", d);
    if (err)
        return err;
    if (q->base.opts.tell_busy)
        fprintf(stderr,
                ASX_L("assess: %s: 台帳は別の処理が使用中です。最大 %d 秒待ちます…\n",
                      "assess: %s: the register is busy with another change; waiting up to %d s…\n"),
                q->base.where, q->base.opts.wait_seconds);
    char sql[160];
    snprintf(sql, sizeof sql,
             "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = %ld;"
             " LOCK TABLE schema_version IN EXCLUSIVE MODE",
             (long)q->base.opts.wait_seconds * 1000);
    return exec(q, sql, d);
}

static asx_error pg_begin(asx_store *s, asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    asx_error err = ASX_OK;
    if (!s->opts.write)
        return exec(q, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", d);
    for (int attempt = 0; attempt <= PG_RETRIES; attempt++) {
        asx_diags tmp;
        asx_diags_init(&tmp);
        q->state[0] = '\0';
        err = exec(q, "BEGIN ISOLATION LEVEL READ COMMITTED", &tmp);
        if (!err)
            err = take_write_lock(q, &tmp);
        if (err)
            pg_rollback(s);
        /* a deadlock or serialization failure (not a lock timeout) is tried again */
        bool again = err == ASX_ERR_BUSY && attempt < PG_RETRIES &&
                     (strcmp(q->state, "40001") == 0 || strcmp(q->state, "40P01") == 0);
        if (!again) {
            asx_diags_move(d, &tmp);
            asx_diags_free(&tmp);
            return err;
        }
        asx_diags_free(&tmp);
        struct timespec nap = {0, (long)(attempt + 1) * 20 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    return err;
}

static asx_error pg_commit(asx_store *s, asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    q->committing = true;
    asx_error err = exec(q, "COMMIT", d);
    q->committing = false;
    return err;
}


static void pg_close(asx_store *s)
{
    pg_store *q = (pg_store *)s;
    PQfinish(q->conn);
    free(q);
}

/* ---- reading ---- */

/* An integer column (the server gives its text; an integer column cannot hold anything else). */
static int int_value(const PGresult *res, int row, int col)
{
    return (int)strtol(PQgetvalue(res, row, col), NULL, 10);
}

/* The same text as store_sqlite.c's sq_load_text, byte for byte. */
/* sql written for both backends (?N parameters, e.rowid the order entries were added in) as
 * PostgreSQL reads it ($N, e.ord). Caller frees; NULL on OOM. */
static char *pg_sql(const char *sql)
{
    asx_buf b = {0};
    for (const char *p = sql; *p; p++) {
        if (*p == '?')
            asx_buf_addc(&b, '$');
        else if (strncmp(p, "rowid", 5) == 0) {
            asx_buf_adds(&b, "ord");
            p += 4;
        } else
            asx_buf_addc(&b, *p);
    }
    if (b.oom) {
        asx_buf_free(&b);
        return NULL;
    }
    return asx_buf_take(&b);
}

/* Run a query of text parameters, every one typed text (a parameter the query does not use,
 * the as-of date of a load as it stands, is then no error), row by row (libpq's single-row
 * mode: memory does not grow with the result); fn gets each row. An error of fn stops the
 * calls (the rest of the result is read and dropped). */
static asx_error run_each(pg_store *q, const char *sql, int n, const char *const *vals,
                          asx_error (*fn)(const PGresult *row, void *ctx), void *ctx,
                          asx_diags *d)
{
    static const Oid text[4] = {25, 25, 25, 25}; /* TEXTOID */
    if (!PQsendQueryParams(q->conn, sql, n, text, vals, NULL, NULL, 0))
        return pg_error(q, NULL, d);
    asx_error err = PQsetSingleRowMode(q->conn) ? ASX_OK : ASX_ERR_INTERNAL;
    if (err)
        asx_diags_addf(d, err, q->base.where, 0, 0, "PostgreSQL: single-row mode refused");
    PGresult *res;
    while ((res = PQgetResult(q->conn))) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE) {
            if (!err)
                err = fn(res, ctx);
        } else if (st != PGRES_TUPLES_OK && !err) {
            err = pg_error(q, res, d);
        }
        PQclear(res);
    }
    return err;
}

typedef struct {
    const asx_store_rows *rows;
    void *ctx;
} pg_rows;

static asx_error entry_row(const PGresult *res, void *p)
{
    const pg_rows *r = p;
    if (PQgetisnull(res, 0, 0))
        return ASX_OK; /* not yet in the register on as_of */
    return r->rows->entry(r->ctx, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
}

static asx_error event_row(const PGresult *res, void *p)
{
    const pg_rows *r = p;
    const char *cols[6];
    for (int c = 0; c < 6; c++)
        cols[c] = PQgetisnull(res, 0, c) ? NULL : PQgetvalue(res, 0, c);
    return r->rows->event(r->ctx, cols);
}

/* The same rows as store_sqlite.c's sq_load_rows, in the same order. */
static asx_error pg_load_rows(asx_store *s, const asx_date *as_of, const asx_store_sel *sel,
                              bool history, const asx_store_rows *rows, void *ctx,
                              asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    char asof[11] = "";
    if (as_of)
        asx_date_iso(*as_of, asof);
    const char *params[3] = {NULL, NULL, NULL};
    char pbuf[3][64];
    int nparams = 0;
    const char *where = asx_store_sel_where(sel, params, &nparams, pbuf);
    const char *p1[4] = {as_of ? asof : NULL, params[0], params[1], params[2]};
    pg_rows pr = {rows, ctx};
    PGresult *res = NULL;
    asx_error err = run(q, "SELECT value FROM meta WHERE key = 'organization'", 0, NULL, NULL,
                        NULL, 0, &res, d);
    if (err)
        return err;
    err = rows->organization(ctx, PQntuples(res) ? PQgetvalue(res, 0, 0) : "");
    PQclear(res);
    if (!err)
        err = run(q, "SELECT year, next FROM seq ORDER BY year", 0, NULL, NULL, NULL, 0, &res, d);
    if (err)
        return err;
    for (int k = 0; !err && k < PQntuples(res); k++)
        err = rows->seq(ctx, int_value(res, k, 0), int_value(res, k, 1));
    PQclear(res);
    if (err)
        return err;
    char *gen = asx_strdupf(as_of ? "SELECT CASE WHEN e.last_eff <= ?1 THEN e.doc"
                                    " ELSE COALESCE((SELECT v.after_doc FROM events v"
                                    " WHERE v.entry = e.id AND v.eff_date <= ?1"
                                    " ORDER BY v.seq DESC LIMIT 1),"
                                    " CASE WHEN EXISTS (SELECT 1 FROM events v WHERE v.entry = e.id"
                                    " AND v.eff_date <= ?1) THEN e.doc END) END"
                                    " FROM entries e WHERE %s ORDER BY e.rowid"
                                  : "SELECT e.doc FROM entries e WHERE %s ORDER BY e.rowid",
                            where);
    char *sql = gen ? pg_sql(gen) : NULL;
    free(gen);
    if (!sql)
        return ASX_ERR_NOMEM;
    err = run_each(q, sql, 1 + nparams, p1, entry_row, &pr, d);
    free(sql);
    if (err || !history)
        return err;
    gen = !sel || sel->kind == ASX_SEL_ALL
              ? asx_strdup("SELECT at, on_date, by_user, action, entry, detail"
                           " FROM events WHERE ?1 IS NULL OR eff_date <= ?1 ORDER BY seq")
              : asx_strdupf("SELECT at, on_date, by_user, action, entry, detail"
                            " FROM events WHERE (?1 IS NULL OR eff_date <= ?1)"
                            " AND entry IN (SELECT e.id FROM entries e WHERE %s)"
                            " ORDER BY seq",
                            where);
    sql = gen ? pg_sql(gen) : NULL;
    free(gen);
    if (!sql)
        return ASX_ERR_NOMEM;
    err = run_each(q, sql, 1 + nparams, p1, event_row, &pr, d);
    free(sql);
    return err;
}

/* ---- writing ---- */

static asx_error pg_put_meta(asx_store *s, const char *organization, asx_diags *d)
{
    const char *v[1] = {organization};
    return exec_params((pg_store *)s,
                       "INSERT INTO meta(key, value) VALUES('organization', $1)"
                       " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                       " WHERE meta.value IS DISTINCT FROM excluded.value",
                       1, v, d);
}

static asx_error pg_put_seq(asx_store *s, int year, int next, asx_diags *d)
{
    char y[16], n[16];
    snprintf(y, sizeof y, "%d", year);
    snprintf(n, sizeof n, "%d", next);
    const char *v[2] = {y, n};
    return exec_params((pg_store *)s,
                       "INSERT INTO seq(year, next) VALUES($1, $2)"
                       " ON CONFLICT(year) DO UPDATE SET next = excluded.next"
                       " WHERE seq.next IS DISTINCT FROM excluded.next",
                       2, v, d);
}

static const char *date_or_null(bool has, asx_date dt, char buf[11])
{
    if (!has)
        return NULL;
    asx_date_iso(dt, buf);
    return buf;
}

/* Rows go to the server several to a statement: each statement is a round trip, and a
 * migration writes a million rows. A statement takes at most PG_BATCH_PARAMS parameters (the
 * protocol's limit is 65,535). */
#define PG_BATCH_PARAMS 4500

/* head, then VALUES ($first…) for nrows rows of ncols parameters each, then tail (may be "").
 * Caller frees; NULL on OOM. */
static char *values_sql(const char *head, int ncols, size_t nrows, const char *tail)
{
    asx_buf b = {0};
    int p = 1;
    asx_buf_adds(&b, head);
    asx_buf_adds(&b, " VALUES");
    for (size_t r = 0; r < nrows; r++) {
        asx_buf_adds(&b, r ? ", (" : " (");
        for (int c = 0; c < ncols; c++)
            asx_buf_addf(&b, c ? ", $%d" : "$%d", p++);
        asx_buf_addc(&b, ')');
    }
    asx_buf_adds(&b, tail);
    if (b.oom) {
        asx_buf_free(&b);
        return NULL;
    }
    return asx_buf_take(&b);
}

/* Insert nrows rows of ncols text parameters (vals, row after row) with head ("INSERT INTO
 * t(cols)") and tail, as few statements as the parameter limit allows. */
static asx_error insert_rows(pg_store *q, const char *head, int ncols, size_t nrows,
                             const char *const *vals, const char *tail, asx_diags *d)
{
    size_t per = PG_BATCH_PARAMS / (size_t)ncols;
    asx_error err = ASX_OK;
    for (size_t at = 0; !err && at < nrows; at += per) {
        size_t n = nrows - at < per ? nrows - at : per;
        char *sql = values_sql(head, ncols, n, tail);
        if (!sql)
            return ASX_ERR_NOMEM;
        err = exec_params(q, sql, (int)(n * (size_t)ncols), vals + at * (size_t)ncols, d);
        free(sql);
    }
    return err;
}

/* The conditions, checks or evidence rows (which: 0, 1, 2) of the n entries e[0..n), several
 * to a statement. */
static asx_error put_children(pg_store *q, const asx_reg_entry *const *e, size_t n, int which,
                              asx_diags *d)
{
    static const char *const head[3] = {
        "INSERT INTO conditions(entry, n, text, clause, due, status, evidence, on_date, by_whom,"
        " clause_local)",
        "INSERT INTO checks(entry, k, phase, on_date, by_whom, notes, file_sha256, items)",
        "INSERT INTO evidence(entry, k, scheme, number, expiry, file_sha256, recorded_on)"};
    static const int ncols[3] = {10, 8, 7};
    size_t nrows = 0;
    for (size_t i = 0; i < n; i++)
        nrows += which == 0 ? e[i]->nconditions : which == 1 ? e[i]->nchecks : e[i]->nevidence;
    if (!nrows)
        return ASX_OK;
    const int nc = ncols[which];
    /* texts point into the entries; numbers, dates and a check's items into bufs */
    const char **v = calloc(nrows * (size_t)nc, sizeof *v);
    char (*num)[3][24] = calloc(nrows, sizeof *num);
    char **items = which == 1 ? calloc(nrows, sizeof *items) : NULL;
    asx_error err = v && num && (which != 1 || items) ? ASX_OK : ASX_ERR_NOMEM;
    size_t row = 0;
    for (size_t i = 0; !err && i < n; i++) {
        const asx_reg_entry *x = e[i];
        size_t m = which == 0 ? x->nconditions : which == 1 ? x->nchecks : x->nevidence;
        for (size_t k = 0; !err && k < m; k++, row++) {
            const char **r = v + row * (size_t)nc;
            char (*b)[24] = num[row];
            r[0] = x->id;
            r[1] = b[0];
            if (which == 0) {
                const asx_reg_condition *c = &x->conditions[k];
                snprintf(b[0], sizeof b[0], "%zu", (size_t)c->n);
                r[2] = c->text;
                r[3] = c->clause;
                r[4] = date_or_null(c->has_due, c->due, b[1]);
                r[5] = asx_cond_status_name(c->status);
                r[6] = c->evidence;
                r[7] = date_or_null(c->has_on, c->on, b[2]);
                r[8] = c->by;
                r[9] = c->clause_local;
            } else if (which == 1) {
                const asx_reg_check *c = &x->checks[k];
                snprintf(b[0], sizeof b[0], "%zu", k + 1);
                if (!(items[row] = asx_store_check_items_json(c)))
                    err = ASX_ERR_NOMEM;
                r[2] = asx_check_phase_name(c->phase);
                r[3] = date_or_null(true, c->on, b[1]);
                r[4] = c->by;
                r[5] = c->notes;
                r[6] = c->file_sha256;
                r[7] = items[row];
            } else {
                const asx_reg_evidence *ev = &x->evidence[k];
                snprintf(b[0], sizeof b[0], "%zu", k + 1);
                r[2] = ev->scheme;
                r[3] = ev->number;
                r[4] = date_or_null(true, ev->expiry, b[1]);
                r[5] = ev->file_sha256;
                r[6] = date_or_null(true, ev->on, b[2]);
            }
        }
    }
    if (!err)
        err = insert_rows(q, head[which], nc, nrows, v, "", d);
    for (size_t i = 0; items && i < nrows; i++)
        free(items[i]);
    free(items);
    free(num);
    free(v);
    return err;
}

enum { ENTRY_COLS = 13 };

/* Entries e[0..n) (n * ENTRY_COLS parameters at most PG_BATCH_PARAMS) in one statement, with
 * the removal of their conditions, checks and evidence rows, then those rows. */
static asx_error put_entries_batch(pg_store *q, const asx_reg_entry *const *e,
                                   const char *const *docs, size_t n, asx_diags *d)
{
    const char **v = calloc(n * ENTRY_COLS, sizeof *v);
    char (*num)[6][24] = calloc(n, sizeof *num); /* id year and number, four dates */
    char **keys = calloc(n, sizeof *keys);
    asx_buf head = {0};
    asx_error err = v && num && keys ? ASX_OK : ASX_ERR_NOMEM;
    for (size_t i = 0; !err && i < n; i++) {
        asx_store_keys k;
        if (asx_store_entry_keys(e[i], &k)) {
            err = ASX_ERR_NOMEM;
            break;
        }
        keys[i] = k.service_key;
        snprintf(num[i][0], sizeof num[i][0], "%d", k.id_year);
        snprintf(num[i][1], sizeof num[i][1], "%ld", k.id_n);
        const char **r = v + i * ENTRY_COLS;
        r[0] = e[i]->id;
        r[1] = e[i]->service;
        r[2] = e[i]->vendor;
        r[3] = asx_reg_status_name(e[i]->status);
        r[4] = date_or_null(true, e[i]->approved_on, num[i][2]);
        r[5] = date_or_null(true, e[i]->next_review, num[i][3]);
        r[6] = docs[i];
        r[7] = keys[i];
        r[8] = num[i][0];
        r[9] = num[i][1];
        r[10] = date_or_null(e[i]->has_evidence_expiry, e[i]->evidence_expiry, num[i][4]);
        r[11] = date_or_null(e[i]->has_next_check, e[i]->next_check, num[i][5]);
        r[12] = e[i]->manager;
    }
    /* WITH dc AS (DELETE FROM conditions WHERE entry IN ($1, $14, …)), dk …, de …
     * INSERT INTO entries(…) VALUES … ON CONFLICT(id) DO UPDATE … */
    static const char *const child[3] = {"dc AS (DELETE FROM conditions",
                                         "dk AS (DELETE FROM checks",
                                         "de AS (DELETE FROM evidence"};
    asx_buf_adds(&head, "WITH ");
    for (int c = 0; c < 3; c++) {
        asx_buf_adds(&head, c ? ", " : "");
        asx_buf_adds(&head, child[c]);
        asx_buf_adds(&head, " WHERE entry IN (");
        for (size_t i = 0; i < n; i++)
            asx_buf_addf(&head, i ? ", $%zu" : "$%zu", i * ENTRY_COLS + 1);
        asx_buf_adds(&head, "))");
    }
    asx_buf_adds(&head, " INSERT INTO entries(id, service, vendor, status, approved_on,"
                        " next_review, doc, service_key, id_year, id_n, evidence_expiry,"
                        " next_check, manager)");
    if (!err && head.oom)
        err = ASX_ERR_NOMEM;
    if (!err)
        err = insert_rows(q, asx_buf_str(&head), ENTRY_COLS, n, v,
                          " ON CONFLICT(id) DO UPDATE SET"
                          " service = excluded.service, vendor = excluded.vendor,"
                          " status = excluded.status, approved_on = excluded.approved_on,"
                          " next_review = excluded.next_review, doc = excluded.doc,"
                          " service_key = excluded.service_key,"
                          " id_year = excluded.id_year, id_n = excluded.id_n,"
                          " evidence_expiry = excluded.evidence_expiry,"
                          " next_check = excluded.next_check, manager = excluded.manager",
                          d);
    for (int which = 0; !err && which < 3; which++)
        err = put_children(q, e, n, which, d);
    for (size_t i = 0; keys && i < n; i++)
        free(keys[i]);
    asx_buf_free(&head);
    free(keys);
    free(num);
    free(v);
    return err;
}

static asx_error pg_put_entries(asx_store *s, const asx_reg_entry *const *e,
                                const char *const *docs, size_t n, asx_diags *d)
{
    const size_t per = PG_BATCH_PARAMS / ENTRY_COLS;
    asx_error err = ASX_OK;
    for (size_t at = 0; !err && at < n; at += per)
        err = put_entries_batch((pg_store *)s, e + at, docs + at, n - at < per ? n - at : per,
                                d);
    return err;
}

static asx_error pg_put_entry(asx_store *s, const asx_reg_entry *e, const char *doc,
                              asx_diags *d)
{
    return pg_put_entries(s, &e, &doc, 1, d);
}

static asx_error pg_put_event(asx_store *s, const asx_reg_event *ev, const char *eff,
                              const char *before, const char *after, asx_diags *d)
{
    char effb[1][11];
    snprintf(effb[0], sizeof effb[0], "%s", eff);
    return s->ops->put_events(s, ev, 1, effb, &before, &after, d);
}

/* The events in order, several to a statement, and in the same statement the last date in
 * effect of each entry they touch (what put_event keeps: the latest of its events). */
static asx_error pg_put_events(asx_store *s, const asx_reg_event *ev, size_t n, char (*eff)[11],
                               const char *const *before, const char *const *after,
                               asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    enum { COLS = 9 };
    size_t per = PG_BATCH_PARAMS / COLS;
    const char **v = calloc((n < per ? n : per) * COLS, sizeof *v);
    char (*on)[11] = calloc(n < per ? n : per, sizeof *on);
    asx_error err = v && on ? ASX_OK : ASX_ERR_NOMEM;
    for (size_t at = 0; !err && at < n; at += per) {
        size_t m = n - at < per ? n - at : per;
        for (size_t k = 0; k < m; k++) {
            const asx_reg_event *e = &ev[at + k];
            const char **r = v + k * COLS;
            r[0] = e->at;
            r[1] = date_or_null(e->has_on, e->on, on[k]);
            r[2] = eff[at + k];
            r[3] = e->user;
            r[4] = asx_reg_action_name(e->action);
            r[5] = e->entry;
            r[6] = e->detail;
            r[7] = before[at + k];
            r[8] = after[at + k];
        }
        /* VALUES are inserted in their order: the history's sequence is the order given */
        err = insert_rows(q,
                          "WITH ins AS (INSERT INTO events(at, on_date, eff_date, by_user,"
                          " action, entry, detail, before_doc, after_doc)",
                          COLS, m, v,
                          " RETURNING entry, eff_date)"
                          " UPDATE entries e SET last_eff = m.eff FROM (SELECT entry,"
                          " max(eff_date) AS eff FROM ins GROUP BY entry) m"
                          " WHERE e.id = m.entry AND (e.last_eff IS NULL OR e.last_eff < m.eff)",
                          d);
    }
    free(v);
    free(on);
    return err;
}

static asx_error pg_put_blob(asx_store *s, const char *kind, const char *sha256, const void *data,
                             size_t len, asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    if (len > 0x7fffffff) {
        asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0,
                       ASX_L("保存するファイルが大きすぎます", "the file to keep is too large"));
        return ASX_ERR_DATA;
    }
    char size[24];
    snprintf(size, sizeof size, "%zu", len);
    const char *v[4] = {sha256, kind, size, len ? data : ""};
    const int lens[4] = {0, 0, 0, (int)len};
    const int fmts[4] = {0, 0, 0, 1};
    return run(q,
               "INSERT INTO blobs(sha256, kind, size, data) VALUES($1, $2, $3, $4)"
               " ON CONFLICT(sha256) DO NOTHING",
               4, v, lens, fmts, 0, NULL, d);
}

static asx_error pg_get_blob(asx_store *s, const char *sha256, char **data, size_t *len,
                             asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    PGresult *res = NULL;
    const char *v[1] = {sha256};
    *data = NULL;
    *len = 0;
    asx_error err = run(q, "SELECT data FROM blobs WHERE sha256 = $1", 1, v, NULL, NULL, 1, &res,
                        d);
    if (err)
        return err;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return ASX_ERR_NOINPUT;
    }
    size_t n = (size_t)PQgetlength(res, 0, 0);
    char *out = malloc(n + 1);
    if (!out) {
        PQclear(res);
        return ASX_ERR_NOMEM;
    }
    if (n)
        memcpy(out, PQgetvalue(res, 0, 0), n);
    out[n] = '\0';
    PQclear(res);
    *data = out;
    *len = n;
    return ASX_OK;
}

/* ---- checking ---- */

/* The database keeps its own constraints (keys, references, the append-only trigger); what is
 * checked here is the register's: every event names an entry, every entry's record is its JSON
 * form under its own id. */
static asx_error pg_check(asx_store *s, asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    PGresult *res = NULL;
    asx_error bad = ASX_OK;
    asx_error err = run(q, "SELECT DISTINCT entry FROM events WHERE entry NOT IN"
                           " (SELECT id FROM entries) ORDER BY entry",
                        0, NULL, NULL, NULL, 0, &res, d);
    if (err)
        return err;
    for (int i = 0; i < PQntuples(res); i++) {
        asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0, "%s: %s",
                       ASX_L("履歴が存在しない登録を指しています",
                             "the history names an entry the register does not have"),
                       PQgetvalue(res, i, 0));
        bad = ASX_ERR_DATA;
    }
    PQclear(res);
    if ((err = run(q,
                   "SELECT id, doc, service, service_key,"
                   " (evidence_expiry IS NOT DISTINCT FROM doc::json->>'evidence_expiry'"
                   " AND next_check IS NOT DISTINCT FROM doc::json->>'next_check'"
                   " AND id_year IS NOT DISTINCT FROM CAST(substr(id, 5, 4) AS integer)"
                   " AND id_n IS NOT DISTINCT FROM CAST(substr(id, 10) AS bigint)"
                   " AND manager IS NOT DISTINCT FROM doc::json->>'manager'"
                   " AND last_eff IS NOT DISTINCT FROM (SELECT max(v.eff_date) FROM events v"
                   " WHERE v.entry = entries.id)"
                   " AND NOT EXISTS (SELECT 1 FROM conditions c WHERE c.entry = entries.id AND"
                   " (c.clause_local IS DISTINCT FROM"
                   " entries.doc::json->'conditions'->CAST(c.n - 1 AS integer)->>'clause_local'"
                   " OR c.due IS DISTINCT FROM"
                   " entries.doc::json->'conditions'->CAST(c.n - 1 AS integer)->>'due'"
                   " OR c.status IS DISTINCT FROM"
                   " entries.doc::json->'conditions'->CAST(c.n - 1 AS integer)->>'status')))"
                   " FROM entries ORDER BY ord",
                   0, NULL, NULL, NULL, 0, &res, d)))
        return err;
    for (int i = 0; i < PQntuples(res); i++) {
        cJSON *o = cJSON_Parse(PQgetvalue(res, i, 1));
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (!cJSON_IsString(id) || strcmp(id->valuestring, PQgetvalue(res, i, 0)) != 0) {
            asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0, "%s: %s",
                           ASX_L("登録の内容が壊れています", "an entry's record is damaged"),
                           PQgetvalue(res, i, 0));
            bad = ASX_ERR_DATA;
        }
        cJSON_Delete(o);
        /* the columns the verbs' selections read agree with the entry and its events */
        char *key = asx_reg_name_key(PQgetvalue(res, i, 2));
        if (!key) {
            PQclear(res);
            return ASX_ERR_NOMEM;
        }
        if (PQgetisnull(res, i, 3) || strcmp(key, PQgetvalue(res, i, 3)) != 0 ||
            strcmp(PQgetvalue(res, i, 4), "t") != 0) {
            asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0, "%s: %s",
                           ASX_L("登録の検索用の列が内容と一致しません",
                                 "an entry's search columns disagree with its record"),
                           PQgetvalue(res, i, 0));
            bad = ASX_ERR_DATA;
        }
        free(key);
    }
    PQclear(res);
    return bad;
}

/* ---- access ---- */

/* The register's tables, which a reader may read. */
static const char *const TABLES[] = {"schema_version", "meta", "seq", "entries", "conditions",
                                     "checks", "judgments", "evidence", "blobs", "events"};

static asx_error pg_grant_read(asx_store *s, const char *role, asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    PGresult *res = NULL;
    const char *v[1] = {role};
    asx_error err = run(q, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", 1, v, NULL,
                        NULL, 0, &res, d);
    if (err)
        return err;
    bool exists = PQntuples(res) > 0;
    PQclear(res);
    if ((err = run(q, "SELECT current_schema()", 0, NULL, NULL, NULL, 0, &res, d)))
        return err;
    char *schema = PQntuples(res) && !PQgetisnull(res, 0, 0)
                       ? PQescapeIdentifier(q->conn, PQgetvalue(res, 0, 0),
                                            strlen(PQgetvalue(res, 0, 0)))
                       : NULL;
    PQclear(res);
    char *who = PQescapeIdentifier(q->conn, role, strlen(role));
    asx_buf sql = {0};
    if (!exists)
        asx_buf_addf(&sql, "CREATE ROLE %s LOGIN;", who ? who : "");
    asx_buf_addf(&sql, "GRANT USAGE ON SCHEMA %s TO %s;", schema ? schema : "", who ? who : "");
    asx_buf_adds(&sql, "GRANT SELECT ON ");
    for (size_t i = 0; i < sizeof TABLES / sizeof TABLES[0]; i++)
        asx_buf_addf(&sql, "%s%s.%s", i ? ", " : "", schema ? schema : "", TABLES[i]);
    asx_buf_addf(&sql, " TO %s", who ? who : "");
    if (!schema || !who || sql.oom)
        err = ASX_ERR_NOMEM;
    else
        err = exec(q, asx_buf_str(&sql), d);
    asx_buf_free(&sql);
    PQfreemem(schema);
    PQfreemem(who);
    return err;
}

/* register due from the columns (as store_sqlite.c's sq_due_rows): one query, its rows read
 * one at a time; ids and dates ordered by their bytes (COLLATE "C"), as the model sorts them. */
typedef struct {
    asx_error (*row)(void *ctx, const asx_store_due_row *r);
    void *ctx;
} pg_due;

static asx_error due_row(const PGresult *res, void *p)
{
    const pg_due *pd = p;
    const char *c[13];
    for (int i = 0; i < 13; i++)
        c[i] = PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
    asx_store_due_row r = {.due_on = c[0], .id = c[1], .service = c[2], .vendor = c[3],
                           .manager = c[4], .status = c[5], .next_review = c[6],
                           .evidence_expiry = c[7] ? c[7] : "",
                           .reason = c[8] ? atoi(c[8]) : -1,
                           .condition = c[9] ? strtol(c[9], NULL, 10) : -1,
                           .text = c[10], .clause = c[11], .clause_local = c[12]};
    return pd->row(pd->ctx, &r);
}

static asx_error pg_due_rows(asx_store *s, asx_date as_of, asx_date limit,
                             asx_error (*row)(void *ctx, const asx_store_due_row *r), void *ctx,
                             bool *answered, asx_diags *d)
{
    pg_store *q = (pg_store *)s;
    char asof[11], lim[11];
    asx_date_iso(as_of, asof);
    asx_date_iso(limit, lim);
    *answered = false;
    /* an entry with an event taking effect after as_of: the caller replays its history */
    const char *v1[1] = {asof};
    PGresult *res = NULL;
    asx_error err = run(q, "SELECT EXISTS (SELECT 1 FROM entries WHERE last_eff > $1)", 1, v1,
                        NULL, NULL, 0, &res, d);
    if (err)
        return err;
    bool later = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (later)
        return ASX_OK;
#define DUE_ENTRY "e.id COLLATE \"C\", e.service, e.vendor, e.manager, e.status, e.next_review," \
                  " e.evidence_expiry"
#define DUE_IN_USE "e.status IN ('active', 'expired')"
    static const char sql[] =
        "SELECT e.next_review COLLATE \"C\", " DUE_ENTRY ", 0, 0, NULL, NULL, NULL FROM entries e"
        " WHERE e.next_review <= $1 AND " DUE_IN_USE
        " UNION ALL SELECT e.evidence_expiry, " DUE_ENTRY ", 1, 0, NULL, NULL, NULL FROM entries e"
        " WHERE e.evidence_expiry <= $1 AND " DUE_IN_USE
        " UNION ALL SELECT c.due, " DUE_ENTRY ", 2, c.n, c.text, c.clause, c.clause_local"
        " FROM conditions c JOIN entries e ON e.id = c.entry"
        " WHERE c.status = 'open' AND c.due <= $1 AND " DUE_IN_USE
        " UNION ALL SELECT e.next_check, " DUE_ENTRY ", 3, 0, NULL, NULL, NULL FROM entries e"
        " WHERE e.next_check <= $1 AND " DUE_IN_USE
        " ORDER BY 1, 2, 9, 10";
#undef DUE_ENTRY
#undef DUE_IN_USE
    const char *v2[1] = {lim};
    pg_due pd = {row, ctx};
    *answered = true;
    return run_each(q, sql, 1, v2, due_row, &pd, d);
}

static const asx_store_ops PG_OPS = {
    pg_close, pg_begin, pg_commit, pg_rollback, pg_load_rows, pg_put_meta, pg_put_seq,
    pg_put_entry, pg_put_entries, pg_put_event, pg_put_events, pg_put_blob, pg_get_blob, pg_check,
    pg_grant_read, pg_due_rows,
};

/* ---- opening ---- */

/* The server's notices (a warning that it shuts down, a notice of a created index) are not the
 * user's business: what matters reaches them as the failure of a statement. */
static void no_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

bool asx_store_is_pg(const char *where)
{
    return strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0;
}

/* The schema's version: -1 when the database has no register. */
static asx_error schema_version(pg_store *q, int *version, asx_diags *d)
{
    PGresult *res = NULL;
    *version = -1;
    /* pg_tables read under the statement's snapshot (to_regclass's catalog cache may not yet
     * see a table another writer created while this one waited for the advisory lock) */
    asx_error err = run(q, "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname ="
                           " current_schema() AND tablename = 'schema_version')",
                        0, NULL, NULL, NULL, 0, &res, d);
    if (err)
        return err;
    bool exists = PQntuples(res) && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!exists)
        return ASX_OK;
    if ((err = run(q, "SELECT version FROM schema_version", 0, NULL, NULL, NULL, 0, &res, d)))
        return err;
    *version = PQntuples(res) ? int_value(res, 0, 0) : 0;
    PQclear(res);
    return ASX_OK;
}

static asx_error too_new(pg_store *q, int version, asx_diags *d)
{
    asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0,
                   ASX_L("この台帳は新しい版の assess で作られています (スキーマ %d、この assess は %d まで)",
                         "this register was made by a newer assess (schema %d; this one knows up to %d)"),
                   version, SCHEMA_VERSION);
    return ASX_ERR_DATA;
}

/* The upgrade to schema 2: every entry's service_key (asx_reg_name_key, which SQL has not). */
static asx_error fill_name_keys(pg_store *q, asx_diags *d)
{
    PGresult *res = NULL;
    asx_error err = run(q, "SELECT id, service FROM entries", 0, NULL, NULL, NULL, 0, &res, d);
    for (int i = 0; !err && i < PQntuples(res); i++) {
        char *key = asx_reg_name_key(PQgetvalue(res, i, 1));
        const char *v[2] = {PQgetvalue(res, i, 0), key};
        err = key ? exec_params(q, "UPDATE entries SET service_key = $2 WHERE id = $1", 2, v, d)
                  : ASX_ERR_NOMEM;
        free(key);
    }
    PQclear(res);
    return err;
}

/* Create the schema (create: a new register) or bring it up to SCHEMA_VERSION, in one
 * transaction; writers that start at once on a new database wait for one another on an advisory
 * lock, and only the first creates it. */
static asx_error migrate_schema(pg_store *q, bool create, asx_diags *d)
{
    int version = -1;
    asx_error err = schema_version(q, &version, d);
    if (err || version == SCHEMA_VERSION)
        return err;
    if (version > SCHEMA_VERSION)
        return too_new(q, version, d);
    if ((err = exec(q, "BEGIN; SELECT pg_advisory_xact_lock(7330273)", d)))
        return err;
    if (!(err = schema_version(q, &version, d))) {
        if (version < 0 && !create) {
            asx_diags_addf(d, ASX_ERR_NOINPUT, q->base.where, 0, 0,
                           ASX_L("このデータベースに台帳はありません (register add で作られます)",
                                 "no register in this database (register add creates it)"));
            err = ASX_ERR_NOINPUT;
        } else if (version > SCHEMA_VERSION) {
            err = too_new(q, version, d);
        }
    }
    for (int v = version < 0 ? 0 : version; !err && v < SCHEMA_VERSION; v++) {
        err = exec(q, SCHEMA[v], d);
        if (!err && v + 1 == 2)
            err = fill_name_keys(q, d);
        if (!err) {
            char sql[64];
            snprintf(sql, sizeof sql, "UPDATE schema_version SET version = %d", v + 1);
            err = exec(q, sql, d);
        }
    }
    if (!err)
        err = exec(q, "COMMIT", d);
    if (err)
        pg_rollback(&q->base);
    return err;
}

/* A register opened for reading must be at this version (an auditor cannot migrate it). */
static asx_error check_version(pg_store *q, asx_diags *d)
{
    int version = -1;
    asx_error err = schema_version(q, &version, d);
    if (err || version == SCHEMA_VERSION)
        return err;
    if (version < 0) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, q->base.where, 0, 0,
                       ASX_L("このデータベースに台帳はありません", "no register in this database"));
        return ASX_ERR_NOINPUT;
    }
    if (version > SCHEMA_VERSION)
        return too_new(q, version, d);
    asx_diags_addf(d, ASX_ERR_DATA, q->base.where, 0, 0,
                   ASX_L("台帳のスキーマの版が %d です (この assess は %d)。書き込みのできるユーザーが一度 register の変更を行うと更新されます",
                         "the register's schema is version %d (this assess: %d); any change by a user who may write it upgrades it"),
                   version, SCHEMA_VERSION);
    return ASX_ERR_DATA;
}

/* A connection failure as ours: the server not reached (69), refused credentials (77), no such
 * database (66). libpq gives no SQLSTATE for these, so its text decides. */
static asx_error connect_error(pg_store *q, asx_diags *d)
{
    char msg[512];
    pg_msg(PQerrorMessage(q->conn), msg, sizeof msg);
    if (strstr(msg, "password authentication failed") || strstr(msg, "no pg_hba.conf entry") ||
        strstr(msg, "permission denied") || strstr(msg, "authentication failed") ||
        strstr(msg, "no password supplied") || (strstr(msg, "role \"") && strstr(msg, "does not exist"))) {
        asx_diags_addf(d, ASX_ERR_NOPERM, q->base.where, 0, 0,
                       ASX_L("データベースが接続を拒否しました (利用者名とパスワードは環境変数、~/.pgpass またはサービスファイルで指定します): %s",
                             "the database refused the connection (the user and password come from the environment, ~/.pgpass or the service file): %s"),
                       msg);
        return ASX_ERR_NOPERM;
    }
    if (strstr(msg, "database \"") && strstr(msg, "does not exist")) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, q->base.where, 0, 0,
                       ASX_L("データベースがありません (管理者が作成してください): %s",
                             "no such database (the administrator creates it): %s"),
                       msg);
        return ASX_ERR_NOINPUT;
    }
    asx_diags_addf(d, ASX_ERR_UNAVAILABLE, q->base.where, 0, 0,
                   ASX_L("データベースサーバーに接続できません (何も変更していません): %s",
                         "cannot reach the database server (nothing was changed): %s"),
                   msg);
    return ASX_ERR_UNAVAILABLE;
}

/* The address as messages show it: the host (or socket folder) and the database only. */
static char *shown_address(PGconn *conn, const char *uri)
{
    const char *host = conn ? PQhost(conn) : NULL;
    const char *db = conn ? PQdb(conn) : NULL;
    if (!host || !db)
        return asx_strdup("postgresql://");
    (void)uri;
    return host[0] == '/' ? asx_strdupf("postgresql:///%s?host=%s", db, host)
                          : asx_strdupf("postgresql://%s/%s", host, db);
}

/* The address may say where and who, never the password (SPEC §8.4: credentials come from
 * libpq's usual places, and a command line is seen by every user of the machine). */
static asx_error refuse_password(const char *uri, asx_diags *d)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(uri, &perr);
    if (!opts) {
        char msg[512];
        pg_msg(perr, msg, sizeof msg);
        PQfreemem(perr);
        asx_diags_addf(d, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("--register: PostgreSQL のアドレスとして読めません: %s",
                             "--register: not a PostgreSQL address: %s"),
                       msg);
        return ASX_ERR_USAGE;
    }
    bool pw = false;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
            pw = true;
    PQconninfoFree(opts);
    if (pw) {
        asx_diags_addf(d, ASX_ERR_USAGE, NULL, 0, 0,
                       ASX_L("--register: アドレスにパスワードを書かないでください (コマンド行は他の利用者にも見えます)。パスワードは ~/.pgpass、PGPASSWORD またはサービスファイルで指定します",
                             "--register: do not put the password in the address (a command line is visible to other users); give it in ~/.pgpass, PGPASSWORD or the service file"));
        return ASX_ERR_USAGE;
    }
    return ASX_OK;
}

asx_error asx_store_pg_open(const char *uri, const asx_store_opts *opts, asx_store **out,
                            asx_diags *d)
{
    *out = NULL;
    asx_error err = refuse_password(uri, d);
    if (err)
        return err;
    pg_store *q = calloc(1, sizeof *q);
    if (!q)
        return ASX_ERR_NOMEM;
    q->base.ops = &PG_OPS;
    q->base.opts = *opts;
    q->base.opts.organization = NULL;
    /* later parameters override earlier ones: the address's own settings win over these */
    const char *timeout = getenv("PGCONNECT_TIMEOUT");
    const char *keys[] = {"connect_timeout", "client_encoding", "application_name", "dbname", NULL};
    const char *vals[] = {timeout && *timeout ? timeout : "10", "UTF8", "assess", uri, NULL};
    q->conn = PQconnectdbParams(keys, vals, 1);
    if (!(q->base.where = shown_address(q->conn, uri))) {
        err = ASX_ERR_NOMEM;
        goto fail;
    }
    if (!q->conn) {
        err = ASX_ERR_NOMEM;
        goto fail;
    }
    if (PQstatus(q->conn) != CONNECTION_OK) {
        err = connect_error(q, d);
        goto fail;
    }
    PQsetNoticeProcessor(q->conn, no_notices, NULL);
    if ((err = exec(q, "SET client_min_messages TO warning", d)))
        goto fail;
    if (opts->write) {
        if ((err = migrate_schema(q, opts->create, d)))
            goto fail;
        if (opts->organization) {
            /* a new register takes the organisation it was created for */
            const char *v[1] = {opts->organization};
            if ((err = exec_params(q, "INSERT INTO meta VALUES('organization', $1)"
                                      " ON CONFLICT(key) DO NOTHING",
                                   1, v, d)))
                goto fail;
        }
    } else if ((err = check_version(q, d))) {
        goto fail;
    }
    *out = &q->base;
    return ASX_OK;
fail: {
    char *where = q->base.where;
    pg_close(&q->base);
    free(where);
    return err;
}
}
