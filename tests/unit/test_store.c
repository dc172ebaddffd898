/* test_store.c - the register's store (asx/store.h) through its interface only, run on SQLite and,
 * when $ASSESS_TEST_PG names the socket folder of a PostgreSQL server (tests/unit/store_pg.sh
 * starts a throwaway one), on PostgreSQL too: one transaction per change, only what changed
 * written, the register as of a date from its events, files kept by SHA-256, the history
 * append-only, a JSON register refused with the way to migrate it; on PostgreSQL a second writer
 * waits for the first and is given up as busy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include "asx/register.h"
#include "asx/store.h"
#include "asx/text.h"
#include "asx/util.h"
#include "testutil.h"

static char tmpdir[256];

static const char *tpath(const char *name)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
    return buf;
}

/* On PostgreSQL (the "pg" case): each test gets a new database, "r" its register. */
static bool on_pg;
static char pg_uri[512];

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Run sql on database db of the test server (superuser); the result's first value, or "". */
static char *pg_run(const char *db, const char *sql)
{
    static char val[256];
    char conninfo[400];
    snprintf(conninfo, sizeof conninfo, "host=%s dbname=%s", getenv("ASSESS_TEST_PG"), db);
    PGconn *c = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
    PQsetNoticeProcessor(c, quiet, NULL);
    PGresult *res = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(res);
    val[0] = '\0';
    if (st == PGRES_TUPLES_OK && PQntuples(res) > 0)
        snprintf(val, sizeof val, "%s", PQgetvalue(res, 0, 0));
    else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        snprintf(val, sizeof val, "ERROR");
    PQclear(res);
    PQfinish(c);
    return val;
}

/* Where the register of a test is: a file in the temporary folder, or the test's database. */
static const char *reg_path(void)
{
    static char buf[512];
    if (!on_pg) {
        snprintf(buf, sizeof buf, "%s/r.sqlite", tmpdir);
        return buf;
    }
    return pg_uri;
}

static void setup_pg(void)
{
    static int n;
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS store_t%d_%d", (int)getpid(), n);
    pg_run("assess", sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE store_t%d_%d", (int)getpid(), n);
    ck_assert_str_ne(pg_run("assess", sql), "ERROR");
    snprintf(pg_uri, sizeof pg_uri, "postgresql:///store_t%d_%d?host=%s", (int)getpid(), n,
             getenv("ASSESS_TEST_PG"));
    n++;
    on_pg = true;
}

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_store.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* A register of two entries, as its JSON form: the second approved later, then revoked. */
static const char *two =
    "{\"format\": \"assess-register/1\", \"organization\": \"○○市\", \"next_seq\": {\"2026\": 3},\n"
    " \"entries\": [{\"id\": \"EXT-2026-0001\", \"service\": \"S1\", \"vendor\": \"V\",\n"
    "   \"corporate_number\": null, \"classification\": {\"confidentiality\": 2, \"integrity\": 2,\n"
    "   \"availability\": 1}, \"questionnaire\": \"cloud\", \"questionnaire_version\": \"1.0\",\n"
    "   \"verdict\": \"approved\", \"score\": 90, \"conditions\": [],\n"
    "   \"approver\": \"A\", \"manager\": \"M\", \"approved_on\": \"2026-01-31\",\n"
    "   \"next_review\": \"2027-01-31\", \"evidence_expiry\": null, \"status\": \"active\",\n"
    "   \"revoked_on\": null, \"revoke_reason\": null, \"answers_sha256\": null, \"pack_dir\": null,\n"
    "   \"pack\": [], \"renewals\": []},\n"
    "  {\"id\": \"EXT-2026-0002\", \"service\": \"S2\", \"vendor\": \"V\",\n"
    "   \"corporate_number\": null, \"classification\": {\"confidentiality\": 2, \"integrity\": 2,\n"
    "   \"availability\": 1}, \"questionnaire\": \"cloud\", \"questionnaire_version\": \"1.0\",\n"
    "   \"verdict\": \"approved\", \"score\": 80, \"conditions\": [],\n"
    "   \"approver\": \"A\", \"manager\": \"M\", \"approved_on\": \"2026-06-01\",\n"
    "   \"next_review\": \"2027-06-01\", \"evidence_expiry\": null, \"status\": \"active\",\n"
    "   \"revoked_on\": null, \"revoke_reason\": null, \"answers_sha256\": null, \"pack_dir\": null,\n"
    "   \"pack\": [], \"renewals\": []}],\n"
    " \"history\": [{\"at\": \"2026-01-31T10:00:00+09:00\", \"on\": \"2026-01-31\", \"user\": \"u\",\n"
    "   \"action\": \"add\", \"entry\": \"EXT-2026-0001\", \"detail\": null},\n"
    "  {\"at\": \"2026-06-01T10:00:00+09:00\", \"on\": \"2026-06-01\", \"user\": \"u\",\n"
    "   \"action\": \"add\", \"entry\": \"EXT-2026-0002\", \"detail\": null}]}\n";

static asx_store *open_store(const char *path, bool write, bool create)
{
    asx_store *s = NULL;
    asx_diags d;
    asx_diags_init(&d);
    asx_store_opts o = {.write = write, .create = create, .wait_seconds = 1};
    asx_error err = asx_store_open(path, &o, &s, &d);
    ck_assert_msg(err == ASX_OK, "open %s: %d %s", path, (int)err, d.n ? d.v[0].msg : "");
    asx_diags_free(&d);
    return s;
}

/* Save the register parsed from text into a new store at path (what migrate does). */
static void fill(const char *path, const char *text)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_register *src = NULL, *r = NULL;
    ck_assert_int_eq(asx_register_parse(text, strlen(text), "two.json", &src, &d), ASX_OK);
    asx_store *s = open_store(path, true, true);
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_load(s, false, &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, 0);
    asx_register tmp = *r;
    *r = *src;
    *src = tmp;
    ck_assert_int_eq(asx_store_save(s, r, &d), ASX_OK);
    ck_assert_int_eq(asx_store_commit(s, &d), ASX_OK);
    asx_store_close(s);
    asx_register_free(r);
    asx_register_free(src);
    asx_diags_free(&d);
}

START_TEST(round_trip_and_as_of)
{
    const char *path = reg_path();
    fill(path, two);
    asx_diags d;
    asx_diags_init(&d);
    asx_store *s = open_store(path, false, false);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_load(s, true, &r, &d), ASX_OK);
    char *text = asx_register_to_json(r);
    asx_register *want = NULL;
    ck_assert_int_eq(asx_register_parse(two, strlen(two), "two.json", &want, &d), ASX_OK);
    char *wtext = asx_register_to_json(want);
    ck_assert_str_eq(text, wtext); /* the JSON form comes back as it went in */
    free(text);
    free(wtext);
    asx_register_free(want);
    asx_register_free(r);
    /* as of 2026-03-01 the second entry (approved 2026-06-01) is not there yet */
    asx_date on;
    ck_assert(asx_date_parse("2026-03-01", &on));
    ck_assert_int_eq(asx_store_load_as_of(s, on, true, &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, 1);
    ck_assert_str_eq(r->entries[0].id, "EXT-2026-0001");
    ck_assert_uint_eq(r->nhistory, 1);
    /* a register loaded as of a date is for reading only */
    ck_assert_int_ne(asx_store_save(s, r, &d), ASX_OK);
    asx_register_free(r);
    asx_store_close(s);
    asx_diags_free(&d);
}
END_TEST

START_TEST(change_rolls_back_and_history_is_append_only)
{
    const char *path = reg_path();
    fill(path, two);
    asx_diags d;
    asx_diags_init(&d);
    /* a change not committed leaves nothing */
    asx_store *s = open_store(path, true, false);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_load(s, false, &r, &d), ASX_OK);
    asx_date on;
    ck_assert(asx_date_parse("2026-07-01", &on));
    ck_assert_int_eq(asx_register_revoke(r, "EXT-2026-0002", "契約終了", on, "u", &d), ASX_OK);
    ck_assert_int_eq(asx_store_save(s, r, &d), ASX_OK);
    asx_store_rollback(s);
    asx_register_free(r);
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_load(s, true, &r, &d), ASX_OK);
    ck_assert_int_eq(r->entries[1].status, ASX_REG_ACTIVE);
    ck_assert_uint_eq(r->nhistory, 2);
    asx_register_free(r);
    asx_store_rollback(s);
    /* committed: the event keeps the entry before and after */
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_load(s, false, &r, &d), ASX_OK);
    ck_assert_int_eq(asx_register_revoke(r, "EXT-2026-0002", "契約終了", on, "u", &d), ASX_OK);
    ck_assert_int_eq(asx_store_save(s, r, &d), ASX_OK);
    ck_assert_int_eq(asx_store_commit(s, &d), ASX_OK);
    asx_register_free(r);
    asx_store_close(s);
    if (on_pg) {
        const char *db = strstr(path, "///") + 3;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(strchr(db, '?') - db), db);
        ck_assert_str_eq(pg_run(name, "SELECT (before_doc::json->>'status') || ' ' ||"
                                      " (after_doc::json->>'status') || ' ' || eff_date FROM events"
                                      " WHERE action = 'revoke'"),
                         "active revoked 2026-07-01");
        /* the history cannot be rewritten, even by hand */
        ck_assert_str_eq(pg_run(name, "UPDATE events SET by_user = 'x'"), "ERROR");
        ck_assert_str_eq(pg_run(name, "DELETE FROM events"), "ERROR");
        ck_assert_str_eq(pg_run(name, "TRUNCATE events CASCADE"), "ERROR");
        ck_assert_str_eq(pg_run(name, "SELECT count(*) FROM events"), "3");
    } else {
        sqlite3 *db = NULL;
        ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
        sqlite3_stmt *st = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT json_extract(before, '$.status'),"
                                                " json_extract(after, '$.status'), eff_date FROM events"
                                                " WHERE action = 'revoke'", -1, &st, NULL),
                         SQLITE_OK);
        ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
        ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "active");
        ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), "revoked");
        ck_assert_str_eq((const char *)sqlite3_column_text(st, 2), "2026-07-01");
        sqlite3_finalize(st);
        /* the history cannot be rewritten, even by hand */
        ck_assert_int_ne(sqlite3_exec(db, "UPDATE events SET user = 'x'", NULL, NULL, NULL), SQLITE_OK);
        ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
    }
    /* and the store's own check passes */
    s = open_store(path, false, false);
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_check(s, &d), ASX_OK);
    asx_store_close(s);
    asx_diags_free(&d);
}
END_TEST

START_TEST(blobs_by_sha256)
{
    const char *path = reg_path();
    fill(path, two);
    asx_diags d;
    asx_diags_init(&d);
    asx_store *s = open_store(path, true, false);
    char sha[65], sha2[65];
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_put_blob(s, "answers", "{\"a\": 1}", 8, sha, &d), ASX_OK);
    ck_assert_int_eq(asx_store_put_blob(s, "answers", "{\"a\": 1}", 8, sha2, &d), ASX_OK);
    ck_assert_str_eq(sha, sha2); /* the same file is kept once */
    ck_assert_int_eq(asx_store_commit(s, &d), ASX_OK);
    char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_get_blob(s, sha, &data, &len, &d), ASX_OK);
    ck_assert_uint_eq(len, 8);
    ck_assert_mem_eq(data, "{\"a\": 1}", 8);
    free(data);
    ck_assert_int_eq(asx_store_get_blob(s, "00", &data, &len, &d), ASX_ERR_NOINPUT);
    asx_store_rollback(s);
    asx_store_close(s);
    asx_diags_free(&d);
}
END_TEST

START_TEST(json_register_refused_with_migrate)
{
    const char *path = tpath("old.json");
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(two, f);
    fclose(f);
    asx_diags d;
    asx_diags_init(&d);
    asx_store *s = NULL;
    asx_store_opts o = {.write = true, .wait_seconds = 1};
    ck_assert_int_eq(asx_store_open(path, &o, &s, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(s);
    ck_assert(tu_diags_have(&d, "register migrate"));
    asx_diags_free(&d);
    /* a register that does not exist is not made unless asked */
    asx_diags_init(&d);
    ck_assert_int_eq(asx_store_open(tpath("none.sqlite"), &o, &s, &d), ASX_ERR_NOINPUT);
    ck_assert_int_ne(access(tpath("none.sqlite"), F_OK), 0);
    asx_diags_free(&d);
}
END_TEST

/* PostgreSQL: a writer holding the register makes a second one wait, then give up as busy
 * (nothing changed); a reader is not held up; a database without a register is no register. */
START_TEST(pg_second_writer_busy)
{
    const char *path = reg_path();
    fill(path, two);
    asx_diags d;
    asx_diags_init(&d);
    asx_store *a = open_store(path, true, false), *b = open_store(path, true, false);
    asx_store *rd = open_store(path, false, false);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_store_begin(a, &d), ASX_OK);
    ck_assert_int_eq(asx_store_begin(b, &d), ASX_ERR_BUSY); /* after its 1 s */
    ck_assert(tu_diags_have(&d, "1"));
    asx_diags_free(&d);
    asx_diags_init(&d);
    ck_assert_int_eq(asx_store_begin(rd, &d), ASX_OK);
    ck_assert_int_eq(asx_store_load(rd, true, &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, 2);
    asx_register_free(r);
    asx_store_close(rd);
    asx_store_rollback(a);
    ck_assert_int_eq(asx_store_begin(b, &d), ASX_OK); /* free again */
    asx_store_rollback(b);
    asx_store_close(a);
    asx_store_close(b);
    /* an empty database: no register to read, and a write that may not create says so */
    pg_run("assess", "DROP DATABASE IF EXISTS store_empty");
    pg_run("assess", "CREATE DATABASE store_empty");
    char uri[512];
    snprintf(uri, sizeof uri, "postgresql:///store_empty?host=%s", getenv("ASSESS_TEST_PG"));
    asx_store *s = NULL;
    asx_store_opts o = {.write = false, .wait_seconds = 1};
    ck_assert_int_eq(asx_store_open(uri, &o, &s, &d), ASX_ERR_NOINPUT);
    o.write = true;
    ck_assert_int_eq(asx_store_open(uri, &o, &s, &d), ASX_ERR_NOINPUT);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(pg_run("store_empty", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
    asx_diags_free(&d);
}
END_TEST

/* What migrate writes comes back as it was read (found by fuzz_migrate): next_seq in a JSON
 * register out of year order, and a register with no entries and no history (the store sorted
 * its empty, NULL arrays: undefined behaviour that UBSan reports). */
static void migrated_same(const char *name, const char *text)
{
    const char *path = tpath(name);
    fill(path, text);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *back = NULL, *want = NULL;
    ck_assert_int_eq(asx_register_read(path, 1, &back, &d), ASX_OK);
    ck_assert_int_eq(asx_register_parse(text, strlen(text), name, &want, &d), ASX_OK);
    char *got = asx_register_to_json(back), *wtext = asx_register_to_json(want);
    ck_assert_str_eq(got, wtext);
    free(got);
    free(wtext);
    asx_register_free(back);
    asx_register_free(want);
    asx_diags_free(&d);
}

START_TEST(migrated_register_comes_back_the_same)
{
    static const char *unordered =
        "{\"format\": \"assess-register/1\", \"organization\": \"○○市\",\n"
        " \"next_seq\": {\"2027\": 5, \"2025\": 2, \"2026\": 3}, \"entries\": [], \"history\": []}\n";
    migrated_same("unordered.sqlite", unordered);
    /* the parsed model is in year order, as the store gives it back */
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_parse(unordered, strlen(unordered), "u.json", &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nseq, 3);
    ck_assert_int_eq(r->seq[0].year, 2025);
    ck_assert_int_eq(r->seq[1].year, 2026);
    ck_assert_int_eq(r->seq[2].year, 2027);
    ck_assert_int_eq(r->seq[2].next, 5);
    asx_register_free(r);
    asx_diags_free(&d);
    migrated_same("empty.sqlite", "{\"format\": \"assess-register/1\", \"organization\": \"\",\n"
                                  " \"next_seq\": {}, \"entries\": [], \"history\": []}\n");
    migrated_same("two.sqlite", two);
}
END_TEST

/* ---- migrate reads a JSON register one element at a time ---- */

/* A JSON register of n entries, each with k events (the history first in the file when
 * history_first): adds with and without their own date, conditions as old strings and as
 * records, checks, renewals, an event of an entry that is not there. Caller frees. */
static char *many(int n, int k, bool history_first)
{
    asx_buf e = {0}, h = {0};
    for (int i = 0; i < n; i++) {
        int day = 1 + i % 28, mon = 1 + i % 12;
        asx_buf_addf(&e, "%s\n  {\"id\": \"EXT-2026-%04d\", \"service\": \"S\\\"%d\\n\", \"vendor\": \"V%d\",\n"
                         "   \"corporate_number\": null, \"classification\": {\"confidentiality\": %d, "
                         "\"integrity\": 2, \"availability\": 1}, \"questionnaire\": \"cloud\",\n"
                         "   \"questionnaire_version\": \"1.0\", \"verdict\": \"%s\", \"score\": %d.5,\n"
                         "   \"conditions\": %s, \"approver\": \"A\", \"manager\": \"M\",\n"
                         "   \"approved_on\": \"2026-%02d-%02d\", \"next_review\": \"2027-%02d-%02d\",\n"
                         "   \"evidence_expiry\": null, \"status\": \"%s\", \"revoked_on\": null,\n"
                         "   \"revoke_reason\": null, \"answers_sha256\": null, \"pack_dir\": null,\n"
                         "   \"pack\": [], \"renewals\": [], \"next_check\": \"2027-01-%02d\",\n"
                         "   \"checks\": [{\"phase\": \"operate\", \"on\": \"2026-12-01\", \"by\": \"B\", "
                         "\"notes\": \"ノート\", \"file_sha256\": null, \"items\": [{\"item\": \"i\", "
                         "\"result\": \"ok\", \"note\": null}]}], \"ended_on\": null}",
                     i ? "," : "", i + 1, i, i, 1 + i % 3, i % 2 ? "conditional" : "approved", i % 100,
                     i % 2 ? (i % 4 == 1 ? "[\"古い条件\", \"二つ目\"]"
                                         : "[{\"n\": 1, \"text\": \"条件\", \"clause\": \"4-1\", \"due\": "
                                           "\"2027-03-31\", \"status\": \"open\", \"evidence\": null, "
                                           "\"on\": null, \"by\": null}]")
                           : "[]",
                     mon, day, mon, day, i % 7 ? "active" : "expired", day);
        for (int j = 0; j < k; j++) {
            bool first = i == 0 && j == 0;
            if (j == 0 && i % 3 == 0) /* an old add: in effect from its entry's approval */
                asx_buf_addf(&h, "%s\n  {\"at\": \"2026-%02d-%02dT10:00:00+09:00\", \"user\": \"u\", "
                                 "\"action\": \"add\", \"entry\": \"EXT-2026-%04d\", \"detail\": null}",
                             first ? "" : ",", mon, day, i + 1);
            else
                asx_buf_addf(&h, "%s\n  {\"at\": \"2026-%02d-%02dT1%d:00:00+09:00\", \"on\": \"2026-%02d-%02d\", "
                                 "\"user\": \"u%d\", \"action\": \"%s\", \"entry\": \"EXT-2026-%04d\", "
                                 "\"detail\": \"%d\"}",
                             first ? "" : ",", mon, day, j % 10, mon, day, j, j ? "check" : "add", i + 1, j);
        }
    }
    asx_buf_addf(&h, ",\n  {\"at\": \"2026-12-01\", \"user\": \"u\", \"action\": \"revoke\", "
                     "\"entry\": \"EXT-2026-9999\", \"detail\": null}");
    char *text = history_first
        ? asx_strdupf("{\"history\": [%s],\n \"format\": \"assess-register/1\", \"organization\": \"○○市\",\n"
                      " \"next_seq\": {\"2027\": 2, \"2026\": %d},\n \"entries\": [%s]}\n",
                      asx_buf_str(&h), n + 1, asx_buf_str(&e))
        : asx_strdupf("\xEF\xBB\xBF{\"format\": \"assess-register/1\", \"organization\": \"○○市\",\n"
                      " \"next_seq\": {\"2026\": %d},\n \"entries\": [%s],\n \"history\": [%s]}\n",
                      n + 1, asx_buf_str(&e), asx_buf_str(&h));
    ck_assert_ptr_nonnull(text);
    asx_buf_free(&e);
    asx_buf_free(&h);
    return text;
}

static char *export_of(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_register_export_json(path, 1, NULL, NULL, f, &d), ASX_OK);
    fclose(f);
    asx_diags_free(&d);
    return data;
}

/* The rows of table (in rowid order) of the SQLite register at path, as text. */
static char *rows_of(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    asx_buf b = {0};
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *v = sqlite3_column_text(st, i);
            asx_buf_addf(&b, "%s|", v ? (const char *)v : "NULL");
        }
        asx_buf_adds(&b, "\n");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    char *text = asx_buf_take(&b);
    return text ? text : asx_strdup("");
}

START_TEST(migrate_streamed_as_whole)
{
    /* 700 entries, 7,000 events: the same register, export and rows as the register parsed
     * whole and saved in one change (the way migrate wrote it before) */
    for (int order = 0; order < 2; order++) {
        char *text = many(700, 10, order == 1);
        char json[512];
        snprintf(json, sizeof json, "%s", tpath("old.json"));
        FILE *f = fopen(json, "w");
        ck_assert_ptr_nonnull(f);
        fputs(text, f);
        fclose(f);
        char whole[512], moved[512];
        snprintf(whole, sizeof whole, "%s", tpath(order ? "w1.sqlite" : "w0.sqlite"));
        snprintf(moved, sizeof moved, "%s", tpath(order ? "m1.sqlite" : "m0.sqlite"));
        fill(whole, text);
        asx_diags d;
        asx_diags_init(&d);
        ck_assert_int_eq(asx_register_migrate(json, moved, 0600, 0, &d), ASX_OK);
        asx_diags_free(&d);
        char *a = export_of(whole), *b = export_of(moved);
        ck_assert_uint_gt(strlen(a), 1000000);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
        static const char *const sql[] = {
            "SELECT * FROM events ORDER BY rowid", "SELECT * FROM entries ORDER BY rowid",
            "SELECT * FROM conditions ORDER BY rowid", "SELECT * FROM checks ORDER BY rowid",
            "SELECT * FROM seq ORDER BY year", "SELECT * FROM meta ORDER BY key"};
        for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
            a = rows_of(whole, sql[i]);
            b = rows_of(moved, sql[i]);
            ck_assert_str_eq(a, b);
            free(a);
            free(b);
        }
        free(text);
    }
}
END_TEST

/* A register migrate refuses: the same problems at the same places as the whole-file parse,
 * and nothing left under the output's name nor beside it. */
static void refused_alike(const char *text)
{
    char json[512];
    snprintf(json, sizeof json, "%s", tpath("bad.json"));
    FILE *f = fopen(json, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    asx_diags want, got;
    asx_diags_init(&want);
    asx_diags_init(&got);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_parse(text, strlen(text), json, &r, &want), ASX_ERR_DATA);
    char out[512];
    snprintf(out, sizeof out, "%s", tpath("bad.sqlite"));
    ck_assert_int_eq(asx_register_migrate(json, out, 0600, 0, &got), ASX_ERR_DATA);
    ck_assert_uint_eq(got.n, want.n);
    for (size_t i = 0; i < want.n; i++)
        ck_assert_msg(strcmp(got.v[i].file, want.v[i].file) == 0 && got.v[i].line == want.v[i].line &&
                          got.v[i].col == want.v[i].col && strcmp(got.v[i].msg, want.v[i].msg) == 0,
                      "%s:%d:%d: %s, not %s:%d:%d: %s", got.v[i].file, got.v[i].line, got.v[i].col,
                      got.v[i].msg, want.v[i].file, want.v[i].line, want.v[i].col, want.v[i].msg);
    ck_assert_int_ne(access(out, F_OK), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) = 1", tmpdir);
    ck_assert_int_eq(system(cmd), 0); /* bad.json alone */
    asx_diags_free(&want);
    asx_diags_free(&got);
}

/* text with the first `from` after the n-th line start replaced by `to` */
static char *edited(const char *text, const char *from, const char *to, int nth)
{
    const char *p = text;
    for (int i = 0; i < nth; i++)
        p = strstr(p, from) + 1;
    p--;
    return asx_strdupf("%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
}

START_TEST(migrate_refuses_with_places)
{
    char *text = many(40, 5, false);
    static const struct {
        const char *from, *to;
        int nth;
    } cases[] = {
        {"\"approved_on\": \"2026-", "\"approved_on\": \"2026-13-", 17},      /* a date in an entry */
        {"\"EXT-2026-0031\"", "\"EXT-2026-0007\"", 1},                       /* an id twice */
        {"\"action\": \"check\"", "\"action\": \"chek\"", 90},               /* an event's action */
        {"\"user\": \"u\"", "\"user\": 3", 12},                              /* a string expected */
        {"\"detail\": \"3\"}", "\"detail\": \"3\",}", 20},                  /* syntax in an event */
        {"\"ended_on\": null}", "\"ended_on\": null, \"x\": 1}", 33},        /* an unknown key */
        {"\"organization\"", "\"organisation\"", 1},                         /* at the top */
        {"assess-register/1", "assess-register/2", 1},                       /* the format */
        {"\"next_seq\": {\"2026\"", "\"next_seq\": {\"26\"", 1},             /* a counter's year */
        {"\"history\": [", "\"history\": {", 1},                             /* not an array */
        {"\"vendor\": \"V3\"", "\"vendor\": \"V\xff\"", 1},                  /* not UTF-8 */
        {"\"format\": \"assess-register/1\", ", "", 1},                       /* no format */
        {"\"entries\": [", "\"entries\": [\"x\", ", 1},                    /* not an object */
        {"\"conditions\": [{\"n\": 1", "\"conditions\": [{\"n\": 2", 3},  /* a condition */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *bad = edited(text, cases[i].from, cases[i].to, cases[i].nth);
        ck_assert_ptr_nonnull(bad);
        refused_alike(bad);
        free(bad);
    }
    free(text);
}
END_TEST


static asx_error no_row(void *ctx, const asx_store_due_row *r)
{
    (void)ctx;
    (void)r;
    return ASX_OK;
}

/* One change of many rows (what migrate writes) goes to PostgreSQL several rows to a statement:
 * every row comes back in its order past a statement's share (500 events, 450 conditions),
 * and each entry's last date in effect is that of its latest event (due answers from the
 * columns only on a date after it). */
START_TEST(many_rows_come_back_in_order)
{
    enum { NCOND = 460, NEV = 1203 };
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_parse(two, strlen(two), "two.json", &r, &d), ASX_OK);
    asx_reg_entry *e = &r->entries[0];
    e->verdict = ASX_VERDICT_CONDITIONAL;
    ck_assert_ptr_nonnull(e->conditions = calloc(NCOND, sizeof *e->conditions));
    for (size_t i = 0; i < NCOND; i++) {
        asx_reg_condition *c = &e->conditions[e->nconditions++];
        c->n = i + 1;
        ck_assert_ptr_nonnull(c->text = asx_strdupf("condition %zu", i + 1));
        c->has_due = true;
        c->due = (asx_date){2027, 1 + (int)(i % 12), 1};
    }
    asx_reg_event *h = realloc(r->history, (r->nhistory + NEV) * sizeof *h);
    ck_assert_ptr_nonnull(h);
    r->history = h;
    for (size_t k = 0; k < NEV; k++) {
        asx_reg_event *ev = &h[r->nhistory++];
        int m = 6 + (int)(k % 6), day = 1 + (int)(k % 28);
        memset(ev, 0, sizeof *ev);
        ev->at = asx_strdupf("2026-%02d-%02dT10:00:00+09:00", m, day);
        ev->has_on = true;
        ev->on = (asx_date){2026, m, day};
        ev->user = asx_strdup("u");
        ev->action = ASX_REG_CONDITION;
        ev->entry = asx_strdup(k % 3 ? "EXT-2026-0001" : "EXT-2026-0002");
        ev->detail = asx_strdupf("event %zu", k);
        ck_assert(ev->at && ev->user && ev->entry && ev->detail);
    }
    char *text = asx_register_to_json(r);
    ck_assert_ptr_nonnull(text);
    fill(reg_path(), text);
    asx_register *back = NULL;
    ck_assert_int_eq(asx_register_read(reg_path(), 1, &back, &d), ASX_OK);
    ck_assert_uint_eq(back->nhistory, NEV + 2);
    char *got = asx_register_to_json(back);
    ck_assert_str_eq(got, text);
    /* the latest event of either entry takes effect on 2026-11-28 */
    asx_store *s = open_store(reg_path(), false, false);
    bool answered = true;
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_due_rows(s, (asx_date){2026, 11, 27}, (asx_date){2027, 1, 1},
                                        no_row, NULL, &answered, &d), ASX_OK);
    ck_assert(!answered);
    ck_assert_int_eq(asx_store_due_rows(s, (asx_date){2026, 11, 28}, (asx_date){2027, 1, 1},
                                        no_row, NULL, &answered, &d), ASX_OK);
    ck_assert(answered);
    asx_store_close(s);
    free(got);
    free(text);
    asx_register_free(back);
    asx_register_free(r);
    asx_diags_free(&d);
}
END_TEST

/* ---- the verbs' selections against a full replay (SPEC §8.4 scale) ---- */

/* A generated register: n entries approved between 2020 and 2026, some with conditions (due
 * dates), evidence expiry and next check, similar service names (one repeated in full-width
 * form), then changes one transaction each: conditions met and waived, certificates recorded,
 * entries revoked (one revoked with a decision dated ahead), so that the entries' states
 * differ from one date to the next. */
#define GEN_N 48
static void gen_register(const char *path)
{
    asx_buf b = {0};
    int seq[8] = {0};
    asx_buf_adds(&b, "{\"format\": \"assess-register/1\", \"organization\": \"gen\", \"next_seq\": {");
    char ids[GEN_N][32];
    for (int i = 0; i < GEN_N; i++) {
        int year = 2020 + i % 7;
        snprintf(ids[i], sizeof ids[i], "EXT-%04d-%04d", year, ++seq[year - 2020]);
    }
    for (int y = 0, k = 0; y < 7; y++)
        if (seq[y])
            asx_buf_addf(&b, "%s\"%d\": %d", k++ ? ", " : "", 2020 + y, seq[y] + 1);
    asx_buf_adds(&b, "}, \"entries\": [");
    for (int i = 0; i < GEN_N; i++) {
        int year = 2020 + i % 7;
        int month = 1 + (i * 5) % 12, day = 1 + (i * 11) % 28;
        char conds[512] = "";
        if (i % 3 == 0)
            snprintf(conds, sizeof conds,
                     "{\"n\": 1, \"text\": \"c1\", \"clause\": null, \"due\": \"%04d-%02d-%02d\","
                     " \"status\": \"open\", \"evidence\": null, \"on\": null, \"by\": null},"
                     "{\"n\": 2, \"text\": \"c2\", \"clause\": %s, \"due\": \"%04d-%02d-%02d\","
                     " \"status\": \"open\", \"evidence\": null, \"on\": null, \"by\": null}",
                     /* condition 2 of every sixth entry stays open, with a clause in both
                        numberings */
                     year, month, day, i % 6 ? "null" : "\"6.2\", \"clause_local\": \"第5条\"",
                     year + 1, month, day);
        asx_buf_addf(&b,
                     "%s{\"id\": \"%s\", \"service\": \"%s%d\", \"vendor\": \"V%d\","
                     " \"corporate_number\": null, \"classification\": {\"confidentiality\": 2,"
                     " \"integrity\": 2, \"availability\": 1}, \"questionnaire\": \"cloud\","
                     " \"questionnaire_version\": \"1.0\", \"verdict\": \"%s\", \"score\": 90,"
                     " \"conditions\": [%s], \"approver\": \"A\", \"manager\": \"M\","
                     " \"approved_on\": \"%04d-%02d-%02d\", \"next_review\": \"%04d-%02d-%02d\","
                     " \"evidence_expiry\": %s%04d-%02d-%02d%s, %s,"
                     " \"answers_sha256\": null,"
                     " \"pack_dir\": null, \"pack\": [], \"renewals\": []%s%04d-%02d-%02d%s}",
                     i ? ",\n" : "", ids[i], i % 5 == 0 ? "Ｓｅｒｖｉｃｅ " : "Service ", i % 10,
                     i % 4, i % 3 == 0 ? "conditional" : "approved", conds, year, month, day,
                     year + 1, month, day, i % 2 ? "\"" : "null, \"x\": \"", year + 2, month, day,
                     "\"",
                     "\"status\": \"active\", \"revoked_on\": null, \"revoke_reason\": null",
                     i % 4 == 1 ? ", \"next_check\": \"" : ", \"y\": \"", year, 12, 31,
                     "\"");
    }
    asx_buf_adds(&b, "], \"history\": [");
    for (int i = 0; i < GEN_N; i++) {
        int year = 2020 + i % 7;
        int month = 1 + (i * 5) % 12, day = 1 + (i * 11) % 28;
        asx_buf_addf(&b,
                     "%s{\"at\": \"%04d-%02d-%02dT10:00:00+09:00\", \"on\": \"%04d-%02d-%02d\","
                     " \"user\": \"u\", \"action\": \"add\", \"entry\": \"%s\", \"detail\": null}",
                     i ? ",\n" : "", year, month, day, year, month, day, ids[i]);
    }
    asx_buf_adds(&b, "]}\n");
    ck_assert(!b.oom);
    /* the generator leaves "x"/"y" keys where a member is absent: drop them */
    char *text = asx_buf_take(&b);
    for (char *p; (p = strstr(text, "null, \"x\": \""));) {
        char *q = strchr(p + 12, '"');
        memmove(p + 4, q + 1, strlen(q + 1) + 1);
    }
    for (char *p; (p = strstr(text, ", \"y\": \""));) {
        char *q = strchr(p + 8, '"');
        memmove(p, q + 1, strlen(q + 1) + 1);
    }
    fill(path, text);
    free(text);

    /* changes, one transaction each, in the order recorded (not in the order of their dates) */
    asx_diags d;
    asx_diags_init(&d);
    for (int i = 0; i < GEN_N; i++) {
        int year = 2020 + i % 7;
        asx_store *s = open_store(path, true, false);
        asx_register *r = NULL;
        ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
        ck_assert_int_eq(asx_store_load(s, false, &r, &d), ASX_OK);
        asx_date on = {year + 1, 1 + (i * 3) % 12, 1 + i % 28};
        asx_error err = ASX_OK;
        if (i % 3 == 0)
            err = asx_register_condition(r, ids[i], 1 + (i % 2),
                                         i % 6 ? ASX_COND_MET : ASX_COND_WAIVED, "done", on,
                                         "u", &d);
        else if (i % 7 == 2)
            err = asx_register_revoke(r, ids[i], "gone", on, "u", &d);
        else if (i % 5 == 1)
            err = asx_register_evidence(r, ids[i], "ISMAP", "N", (asx_date){year + 4, 3, 31},
                                        NULL, on, "u", &d);
        else if (i == 4)
            /* a decision dated ahead of the others, recorded now */
            err = asx_register_revoke(r, ids[i], "ahead", (asx_date){2027, 2, 1}, "u", &d);
        ck_assert_msg(err == ASX_OK, "change %d: %s", i, d.n ? d.v[0].msg : "");
        ck_assert_int_eq(asx_store_save(s, r, &d), ASX_OK);
        ck_assert_int_eq(asx_store_commit(s, &d), ASX_OK);
        asx_register_free(r);
        asx_store_close(s);
    }
    asx_diags_free(&d);
}

/* The register at path as of as_of, through sel (NULL: all), settled. */
static asx_register *read_sel(const char *path, asx_date as_of, bool history,
                              const asx_store_sel *sel)
{
    asx_store *s = NULL;
    asx_register *r = NULL;
    asx_diags d;
    asx_diags_init(&d);
    asx_store_opts o = {.wait_seconds = 1, .sel = sel};
    ck_assert_int_eq(asx_store_open(path, &o, &s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_load_as_of(s, as_of, history, &r, &d), ASX_OK);
    asx_store_close(s);
    asx_diags_free(&d);
    asx_register_settle(r, as_of);
    return r;
}

static char *due_of(const asx_register *r, asx_date as_of, int within)
{
    asx_due *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(asx_register_due(r, as_of, within, &v, &n), ASX_OK);
    char *text = asx_register_due_json(v, n, as_of, within);
    free(v);
    ck_assert_ptr_nonnull(text);
    return text;
}

static char *entry_text(const asx_reg_entry *e)
{
    cJSON *o = asx_reg_entry_json(e);
    char *p = cJSON_PrintUnformatted(o);
    char *t = asx_strdup(p);
    cJSON_free(p);
    cJSON_Delete(o);
    return t;
}

START_TEST(selections_answer_as_a_full_replay)
{
    const char *path = reg_path();
    gen_register(path);
    static const char *const dates[] = {"2019-12-31", "2020-06-30", "2021-03-31", "2022-01-15",
                                        "2023-07-01", "2024-12-31", "2026-03-31", "2026-12-07",
                                        "2027-01-31", "2027-02-01", "2030-01-01"};
    static const int withins[] = {0, 30, 400};
    size_t ndue = 0, nstreamed[2] = {0, 0}, nlocal[2] = {0, 0};
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) {
        asx_date as_of;
        ck_assert(asx_date_parse(dates[k], &as_of));
        asx_register *full = read_sel(path, as_of, true, NULL);
        /* due: the entries with something due by the limit, as the full register says */
        for (size_t w = 0; w < sizeof withins / sizeof withins[0]; w++) {
            asx_store_sel sel = {.kind = ASX_SEL_DUE,
                                 .limit = asx_date_add_days(as_of, withins[w])};
            asx_register *fast = read_sel(path, as_of, false, &sel);
            char *want = due_of(full, as_of, withins[w]), *got = due_of(fast, as_of, withins[w]);
            ck_assert_msg(strcmp(want, got) == 0, "due as of %s within %d:\n%.400s\n---\n%.400s",
                          dates[k], withins[w], want, got);
            ck_assert_uint_le(fast->nentries, full->nentries);
            ndue += strstr(want, "\"reason\"") != NULL;
            /* and register due's own reading, one entry at a time */
            asx_register *keep = NULL;
            asx_due *v = NULL;
            size_t n = 0;
            asx_diags d;
            asx_diags_init(&d);
            ck_assert_int_eq(asx_register_due_read(path, 1, as_of, withins[w], &keep, &v, &n, &d),
                             ASX_OK);
            char *read = asx_register_due_json(v, n, as_of, withins[w]);
            ck_assert_str_eq(want, read);
            free(read);
            /* and due --json streamed: from the columns when no event takes effect after the
             * date, else replayed; the same bytes either way */
            char *streamed = NULL;
            size_t slen = 0, sn = 0;
            bool cols = false;
            FILE *sf = open_memstream(&streamed, &slen);
            ck_assert_ptr_nonnull(sf);
            ck_assert_int_eq(asx_register_due_json_stream(path, 1, as_of, withins[w], sf, &sn,
                                                          &cols, &d),
                             ASX_OK);
            ck_assert_int_eq(fclose(sf), 0);
            ck_assert_msg(strcmp(want, streamed) == 0,
                          "due --json (%s) as of %s within %d:\n%.600s\n---\n%.600s",
                          cols ? "columns" : "replay", dates[k], withins[w], want, streamed);
            ck_assert_uint_eq(sn, n);
            nstreamed[cols]++;
            nlocal[cols] += strstr(streamed, "\"clause_local\":\t\"第5条\"") != NULL;
            free(streamed);
            free(v);
            asx_register_free(keep);
            asx_diags_free(&d);
            free(want);
            free(got);
            asx_register_free(fast);
        }
        /* one entry with its history: as the full register has it */
        for (size_t i = 0; i < full->nentries; i++) {
            const asx_reg_entry *e = &full->entries[i];
            asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = e->id};
            asx_register *one = read_sel(path, as_of, true, &sel);
            ck_assert_uint_eq(one->nentries, 1);
            char *want = entry_text(e), *got = entry_text(&one->entries[0]);
            ck_assert_str_eq(want, got);
            free(want);
            free(got);
            size_t nev = 0;
            for (size_t h = 0; h < full->nhistory; h++)
                nev += strcmp(full->history[h].entry, e->id) == 0;
            ck_assert_uint_eq(one->nhistory, nev);
            asx_register_free(one);
        }
        asx_register_free(full);
    }
    ck_assert_uint_gt(ndue, 5); /* the dates chosen find something due */
    /* both ways were taken: the past dates replay, the dates after the last event read columns */
    ck_assert_uint_gt(nstreamed[0], 0);
    ck_assert_uint_gt(nstreamed[1], 0);
    ck_assert_uint_gt(nlocal[1], 0); /* the columns give a condition's clause_local */

    /* add: every entry in use with the same service name key, and the year's highest id */
    asx_register *now = NULL;
    {
        asx_store *s = open_store(path, false, false);
        asx_diags d;
        asx_diags_init(&d);
        ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
        ck_assert_int_eq(asx_store_load(s, false, &now, &d), ASX_OK);
        asx_store_close(s);
        asx_diags_free(&d);
    }
    for (size_t i = 0; i < now->nentries; i++) {
        char *key = asx_reg_name_key(now->entries[i].service);
        int year = (int)strtol(now->entries[i].id + 4, NULL, 10);
        asx_store_sel sel = {.kind = ASX_SEL_ADD, .service_key = key, .year = year};
        asx_store *s = NULL;
        asx_register *r = NULL;
        asx_diags d;
        asx_diags_init(&d);
        asx_store_opts o = {.wait_seconds = 1, .sel = &sel};
        ck_assert_int_eq(asx_store_open(path, &o, &s, &d), ASX_OK);
        ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
        ck_assert_int_eq(asx_store_load(s, false, &r, &d), ASX_OK);
        asx_store_close(s);
        asx_diags_free(&d);
        long top = 0;
        for (size_t j = 0; j < now->nentries; j++) {
            const asx_reg_entry *e = &now->entries[j];
            char *k = asx_reg_name_key(e->service);
            bool want = asx_reg_in_use(e) && strcmp(k, key) == 0;
            free(k);
            if ((int)strtol(e->id + 4, NULL, 10) == year && strtol(e->id + 9, NULL, 10) > top)
                top = strtol(e->id + 9, NULL, 10);
            if (want)
                ck_assert_msg(asx_register_find(r, e->id), "add: %s not loaded", e->id);
        }
        bool has_top = false;
        for (size_t j = 0; j < r->nentries; j++)
            has_top |= (int)strtol(r->entries[j].id + 4, NULL, 10) == year &&
                       strtol(r->entries[j].id + 9, NULL, 10) == top;
        ck_assert_msg(has_top, "add: the highest id of %d not loaded", year);
        ck_assert_uint_lt(r->nentries, now->nentries);
        asx_register_free(r);
        free(key);
    }
    asx_register_free(now);

    /* verify finds the search columns in agreement, and a column out of step with its entry */
    asx_diags d;
    asx_diags_init(&d);
    asx_store *s = open_store(path, false, false);
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_check(s, &d), ASX_OK);
    asx_store_close(s);
    if (on_pg) {
        char sql[256];
        const char *db = strstr(pg_uri, "store_t");
        snprintf(sql, sizeof sql, "%.*s", (int)(strchr(db, '?') - db), db);
        ck_assert_str_ne(pg_run(sql, "UPDATE entries SET next_check = '2001-01-01'"
                                     " WHERE id = 'EXT-2021-0001'"),
                         "ERROR");
    } else {
        sqlite3 *db = NULL;
        ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
        ck_assert_int_eq(sqlite3_exec(db, "UPDATE entries SET next_check = '2001-01-01'"
                                          " WHERE id = 'EXT-2021-0001'",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
        sqlite3_close(db);
    }
    s = open_store(path, false, false);
    ck_assert_int_eq(asx_store_begin(s, &d), ASX_OK);
    ck_assert_int_eq(asx_store_check(s, &d), ASX_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(d.v[d.n - 1].msg, "EXT-2021-0001"));
    asx_store_close(s);
    asx_diags_free(&d);
}
END_TEST

/* export --json written one entry at a time gives the bytes of the model's JSON form: as the
 * register stands, as of dates (settled), and with a status kept */
START_TEST(export_streamed_as_to_json)
{
    const char *path = reg_path();
    gen_register(path);
    static const char *const dates[] = {"", "2021-03-31", "2026-12-07", "2019-01-01"};
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) {
        for (int st = -1; st <= (int)ASX_REG_ENDED; st++) {
            asx_diags d;
            asx_diags_init(&d);
            asx_date as_of;
            bool dated = *dates[k] && asx_date_parse(dates[k], &as_of);
            asx_register *r = NULL;
            if (dated)
                ck_assert_int_eq(asx_register_read_as_of(path, 1, as_of, true, &r, &d), ASX_OK);
            else
                ck_assert_int_eq(asx_register_read(path, 1, &r, &d), ASX_OK);
            asx_reg_status status = (asx_reg_status)(st < 0 ? 0 : st);
            if (st >= 0)
                asx_register_filter(r, status);
            char *want = asx_register_to_json(r);
            asx_register_free(r);
            char *got = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&got, &len);
            ck_assert_int_eq(asx_register_export_json(path, 1, dated ? &as_of : NULL,
                                                      st < 0 ? NULL : &status, f, &d),
                             ASX_OK);
            fclose(f);
            ck_assert_msg(strcmp(want, got) == 0, "as of %s, status %d: %.300s\n---\n%.300s",
                          dates[k], st, want, got);
            free(want);
            free(got);
            /* list --json: the same, one entry at a time */
            if (dated) {
                ck_assert_int_eq(asx_register_read_as_of(path, 1, as_of, false, &r, &d), ASX_OK);
                char *lj = asx_register_list_json(r, as_of, st < 0 ? NULL : &status);
                asx_register_free(r);
                want = asx_strdupf("%s\n", lj);
                free(lj);
                f = open_memstream(&got, &len);
                ck_assert_int_eq(asx_register_list_json_write(path, 1, as_of,
                                                              st < 0 ? NULL : &status, f, &d),
                                 ASX_OK);
                fclose(f);
                ck_assert_str_eq(want, got);
                if (st < 0 && as_of.y >= 2021)
                    ck_assert_ptr_nonnull(strstr(want, "\"state\""));
                free(want);
                free(got);
            }
            asx_diags_free(&d);
        }
    }
}
END_TEST

/* A register of schema 1 (before the selections' columns) is upgraded by the first change: the
 * columns are filled from the entries and their events, so the selections find them. */
START_TEST(schema_1_upgraded)
{
    const char *path = on_pg ? reg_path() : tpath("old.sqlite");
    fill(path, two);
    static const char *const down =
        "DROP INDEX entries_service_key; DROP INDEX entries_id_n; DROP INDEX entries_review_id;"
        "DROP INDEX entries_evidence_expiry; DROP INDEX entries_next_check;"
        "DROP INDEX entries_last_eff; DROP INDEX conditions_due;"
        "ALTER TABLE entries DROP COLUMN service_key; ALTER TABLE entries DROP COLUMN id_year;"
        "ALTER TABLE entries DROP COLUMN id_n; ALTER TABLE entries DROP COLUMN evidence_expiry;"
        "ALTER TABLE entries DROP COLUMN next_check; ALTER TABLE entries DROP COLUMN last_eff;"
        "ALTER TABLE entries DROP COLUMN manager; ALTER TABLE conditions DROP COLUMN clause_local;"
        "UPDATE schema_version SET version = 1;";
    if (on_pg) {
        /* PostgreSQL drops the indexes with their columns */
        char dbname[128];
        const char *db = strstr(pg_uri, "store_t");
        snprintf(dbname, sizeof dbname, "%.*s", (int)(strchr(db, '?') - db), db);
        ck_assert_str_ne(pg_run(dbname, "ALTER TABLE entries DROP COLUMN service_key,"
                                        " DROP COLUMN id_year, DROP COLUMN id_n,"
                                        " DROP COLUMN evidence_expiry, DROP COLUMN next_check,"
                                        " DROP COLUMN last_eff, DROP COLUMN manager;"
                                        " ALTER TABLE conditions DROP COLUMN clause_local;"
                                        " DROP INDEX conditions_due; DROP INDEX entries_review_id;"
                                        " UPDATE schema_version SET version = 1"),
                         "ERROR");
        ck_assert_str_eq(pg_run(dbname, "SELECT version FROM schema_version"), "1");
        asx_store *s = open_store(path, true, false);
        asx_store_close(s);
        ck_assert_str_eq(pg_run(dbname, "SELECT version FROM schema_version"), "3");
        ck_assert_str_eq(pg_run(dbname, "SELECT manager FROM entries ORDER BY ord LIMIT 1"), "M");
        ck_assert_str_eq(pg_run(dbname, "SELECT service_key || ' ' || id_year || ' ' || id_n"
                                        " || ' ' || last_eff FROM entries ORDER BY ord"),
                         "s1 2026 1 2026-01-31");
    } else {
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, down, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    /* a writer upgrades it */
    asx_store *s = open_store(path, true, false);
    asx_store_close(s);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                                        "SELECT (SELECT version FROM schema_version), service_key,"
                                        " id_year, id_n, last_eff, manager FROM entries ORDER BY rowid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), 3);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 5), "M"); /* schema 3's column */
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), "s1");
    ck_assert_int_eq(sqlite3_column_int(st, 2), 2026);
    ck_assert_int_eq(sqlite3_column_int(st, 3), 1);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 4), "2026-01-31");
    sqlite3_finalize(st);
    sqlite3_close(db);
    }
    /* and add's selection finds the entry by its name's key */
    asx_store_sel sel = {.kind = ASX_SEL_ADD, .service_key = "s2", .year = 2025};
    asx_date on;
    ck_assert(asx_date_parse("2026-12-31", &on));
    asx_register *r = read_sel(path, on, false, &sel);
    ck_assert_uint_eq(r->nentries, 1);
    ck_assert_str_eq(r->entries[0].id, "EXT-2026-0002");
    asx_register_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("sqlite");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60); /* migrate_streamed_as_whole: 7,000 events twice (5 s under ASan) */
    tcase_add_test(tc, round_trip_and_as_of);
    tcase_add_test(tc, change_rolls_back_and_history_is_append_only);
    tcase_add_test(tc, blobs_by_sha256);
    tcase_add_test(tc, json_register_refused_with_migrate);
    tcase_add_test(tc, migrated_register_comes_back_the_same);
    tcase_add_test(tc, migrate_streamed_as_whole);
    tcase_add_test(tc, migrate_refuses_with_places);
    tcase_add_test(tc, many_rows_come_back_in_order);
    tcase_add_test(tc, selections_answer_as_a_full_replay);
    tcase_add_test(tc, export_streamed_as_to_json);
    tcase_add_test(tc, schema_1_upgraded);
    suite_add_tcase(s, tc);
    if (getenv("ASSESS_TEST_PG") && *getenv("ASSESS_TEST_PG")) {
        TCase *pg = tcase_create("pg");
        tcase_add_checked_fixture(pg, setup, teardown);
        tcase_add_checked_fixture(pg, setup_pg, NULL);
        tcase_set_timeout(pg, 60);
        tcase_add_test(pg, round_trip_and_as_of);
        tcase_add_test(pg, change_rolls_back_and_history_is_append_only);
        tcase_add_test(pg, blobs_by_sha256);
        tcase_add_test(pg, pg_second_writer_busy);
        tcase_add_test(pg, selections_answer_as_a_full_replay);
        tcase_add_test(pg, many_rows_come_back_in_order);
        tcase_add_test(pg, export_streamed_as_to_json);
        tcase_add_test(pg, schema_1_upgraded);
        suite_add_tcase(s, pg);
    }
    return tu_run(s);
}
