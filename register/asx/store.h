/* store.h - where the register is kept (SPEC §8.4): one interface, one implementation per
 * database. SQLite (register/store_sqlite.c) is the default; a PostgreSQL store (issue 27) is a
 * second implementation of the same asx_store_ops, chosen by asx_store_open() from the address.
 *
 * The store holds the register's tables: its organisation and id counters, its entries (each as
 * the register's own JSON form plus the columns a query needs), their conditions, checks,
 * judgments and evidence, the stored files (answers, reviews, checklists, certificates, by their
 * SHA-256) and the append-only history of events (who, when, what, the entry before and after).
 * Durability is the database's: one change of the register is one transaction, begun with
 * asx_store_begin() and ended with asx_store_commit() or asx_store_rollback(). A killed writer
 * leaves the register as it was before or after its change.
 *
 * Every function returns ASX_OK or an error with a message in d naming the register. */
#ifndef ASX_STORE_H
#define ASX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "asx/date.h"
#include "asx/error.h"

struct asx_register;

typedef struct asx_store asx_store;

/* What a verb needs of the register (SPEC §8.4, scale): the store loads only those entries (and,
 * with the history, only their events), found by SQL on indexed columns, so that a verb reads
 * what it needs whatever the size of the register. A selection may give more than the verb's
 * rule keeps (the rule decides in C); never less. */
typedef enum {
    ASX_SEL_ALL,   /* every entry */
    ASX_SEL_ENTRY, /* the entry id */
    ASX_SEL_ADD,   /* what register add reads: the entries in use whose service name has the
                      key service_key (asx_reg_name_key), and the entry of year with the highest
                      sequence number (ids stay unique even behind a counter edited by hand) */
    ASX_SEL_DUE    /* the entries with a date due by limit (review, evidence expiry, an open
                      condition, the next operation check), and, as of a date, every entry
                      changed by an event in effect after it (its state then is read from the
                      history and judged in C) */
} asx_store_sel_kind;

typedef struct {
    asx_store_sel_kind kind;
    const char *id;          /* ASX_SEL_ENTRY */
    const char *service_key; /* ASX_SEL_ADD */
    int year;                /* ASX_SEL_ADD */
    asx_date limit;          /* ASX_SEL_DUE */
} asx_store_sel;

typedef struct {
    bool write;               /* open for changes (else read-only: an auditor's copy works) */
    bool create;              /* create the register when it does not exist (write only) */
    const char *organization; /* of a new register; may be NULL */
    mode_t mode;              /* of a new register (0: ASX_REGISTER_MODE); an existing one keeps
                                 its own, and its journal gets the register's group and mode */
    int wait_seconds;         /* how long to wait for a busy register before ASX_ERR_BUSY */
    bool tell_busy;           /* say at once on stderr that the register is busy (a terminal) */
    const asx_store_sel *sel; /* what asx_store_load, asx_store_load_as_of and asx_store_scan
                                 read (NULL: all); borrowed, it must outlive the store */
} asx_store_opts;

/* Open the register at where: an SQLite file (created with the schema when opts->create and it
 * does not exist; an older schema is migrated in one transaction). A JSON register
 * (assess-register/1) is ASX_ERR_DATA telling how to migrate it; a missing register without
 * create is ASX_ERR_NOINPUT; a symlink, a non-regular file or (for writes) a read-only one is
 * ASX_ERR_CANTCREAT. *out is new: close with asx_store_close(). */
asx_error asx_store_open(const char *where, const asx_store_opts *opts, asx_store **out,
                         asx_diags *d);
/* Close (an open transaction is rolled back). Accepts NULL. */
void asx_store_close(asx_store *s);

/* Begin one transaction: for a write, the register is reserved for this writer at once (busy:
 * wait up to wait_seconds, then ASX_ERR_BUSY, nothing changed). */
asx_error asx_store_begin(asx_store *s, asx_diags *d);
asx_error asx_store_commit(asx_store *s, asx_diags *d);
void asx_store_rollback(asx_store *s);

/* The register as the model (inside a transaction): every entry, or those of opts->sel (with
 * their events only). *out is new; the caller frees it. The store remembers what it gave out,
 * so asx_store_save() writes only what changed. history false: without the events (a change
 * appends to the history and reads none of it). */
asx_error asx_store_load(asx_store *s, bool history, struct asx_register **out, asx_diags *d);
/* The register as it stood on as_of (SPEC §8.4, history is the truth): every entry as the last
 * event in effect on that date left it, the events in effect by then; entries added later are
 * not in it. For reading only (asx_store_save refuses it). *out is new. */
asx_error asx_store_load_as_of(asx_store *s, asx_date as_of, bool history,
                               struct asx_register **out, asx_diags *d);
/* Write r, the register last loaded and then changed: entries that changed (and their
 * conditions, checks and evidence rows), new entries, the id counters, and the events appended
 * to r->history since the load, each with its entry before and after. An entry or event that
 * disappeared is ASX_ERR_INTERNAL (the history is append-only). */
asx_error asx_store_save(asx_store *s, const struct asx_register *r, asx_diags *d);

/* Files kept in the register, by kind: "answers", "review", "checklist", "evidence". */
/* Keep data[0..len) (deduplicated by its SHA-256, written into sha256). */
asx_error asx_store_put_blob(asx_store *s, const char *kind, const void *data, size_t len,
                             char sha256[65], asx_diags *d);
/* The file kept under sha256: *data is new (caller frees), ASX_ERR_NOINPUT when none is kept. */
asx_error asx_store_get_blob(asx_store *s, const char *sha256, char **data, size_t *len,
                             asx_diags *d);

/* The database's own consistency check (SQLite: PRAGMA integrity_check; foreign keys) plus the
 * register's: every entry loads, every event names an entry. Problems go to d (ASX_ERR_DATA). */
asx_error asx_store_check(asx_store *s, asx_diags *d);

/* Let the database role read the register and do nothing else (inside a write transaction): the
 * role is created (LOGIN, no password: the administrator gives it one, or another way to sign
 * in) when it does not exist. A store without roles (SQLite: reading is the file's permission)
 * is ASX_ERR_USAGE. */
asx_error asx_store_grant_read(asx_store *s, const char *role, asx_diags *d);

/* One item register due shows, read from the columns (texts borrowed until the next row): the
 * entry's id, service, vendor, manager, stored status ("active", "expired": in use), next
 * review and evidence expiry ("" when none, dates YYYY-MM-DD); the reason (asx_due_reason), the
 * date due, and for a condition its number, text, clause and clause_local (NULL when none). */
typedef struct {
    const char *id, *service, *vendor, *manager, *status, *next_review, *evidence_expiry;
    int reason;
    const char *due_on;
    long condition;
    const char *text, *clause, *clause_local;
} asx_store_due_row;

/* The items due by limit (inside a transaction), in register due's order: by date, then id,
 * reason and condition; read one row at a time from columns kept with the events (no entry is
 * parsed, nothing is sorted in memory). *answered is false, and row is never called, when the
 * columns cannot answer as of as_of: an entry has an event taking effect after as_of (its state
 * that day is in its history: the caller replays it), or the store has no such query. */
asx_error asx_store_due_rows(asx_store *s, asx_date as_of, asx_date limit,
                             asx_error (*row)(void *ctx, const asx_store_due_row *r), void *ctx,
                             bool *answered, asx_diags *d);

/* Whether where is a PostgreSQL address (postgresql://… or postgres://…). */
bool asx_store_is_pg(const char *where);

/* Whether the file at path starts as an SQLite database (for messages and migrate). */
bool asx_store_is_sqlite(const char *path);

#endif
