/* store_impl.h - what a register store implements (private to register/). asx_store_* in
 * store.c are thin wrappers over these operations plus what every backend shares: turning rows
 * into the model and back, and writing only what changed since the load. */
#ifndef ASX_STORE_IMPL_H
#define ASX_STORE_IMPL_H

#include "asx/register.h"
#include "asx/store.h"

/* What a backend's load_rows gives its rows to (ctx: the caller's). */
typedef struct {
    asx_error (*organization)(void *ctx, const char *organization);
    asx_error (*seq)(void *ctx, int year, int next);
    asx_error (*entry)(void *ctx, const char *doc, size_t len);
    /* at, on (NULL: none), user, action, entry, detail (NULL: none) */
    asx_error (*event)(void *ctx, const char *const cols[6]);
} asx_store_rows;

typedef struct {
    void (*close)(asx_store *s);
    asx_error (*begin)(asx_store *s, asx_diags *d);
    asx_error (*commit)(asx_store *s, asx_diags *d);
    void (*rollback)(asx_store *s);
    /* The register's rows, given to rows in this order: its organisation, its id counters (by
     * year), its entries (each its JSON form; in the order they were added) and, with history,
     * its events (in order). as_of NULL: as it stands; else as it stood on that date: each
     * entry as the last event in effect by then left it (entries with none are left out) and
     * the events in effect by then. Only the entries of sel (NULL: all; see
     * asx_store_sel_where) and their events. Rows are read one at a time (memory does not grow
     * with the register); a callback's error stops the reading and is returned. */
    asx_error (*load_rows)(asx_store *s, const asx_date *as_of, const asx_store_sel *sel,
                           bool history, const asx_store_rows *rows, void *ctx, asx_diags *d);
    asx_error (*put_meta)(asx_store *s, const char *organization, asx_diags *d);
    asx_error (*put_seq)(asx_store *s, int year, int next, asx_diags *d);
    /* Insert or replace entry e (doc: its JSON form) with its conditions and checks rows. */
    asx_error (*put_entry)(asx_store *s, const asx_reg_entry *e, const char *doc, asx_diags *d);
    /* put_entry for the n entries e[0..n) (docs[k]: the JSON form of e[k]; each id once), for a
     * backend where each statement is a round trip (NULL: put_entry is called for each). */
    asx_error (*put_entries)(asx_store *s, const asx_reg_entry *const *e,
                             const char *const *docs, size_t n, asx_diags *d);
    /* Append one event, in effect from eff (YYYY-MM-DD), with the entry's JSON before and after
     * (NULL: not known, or no entry before). */
    asx_error (*put_event)(asx_store *s, const asx_reg_event *ev, const char *eff,
                           const char *before, const char *after, asx_diags *d);
    /* Append the n events ev[0..n) in that order, each as put_event would (eff[k], before[k],
     * after[k]): for a backend where each statement is a round trip to a server, so that a
     * change of many events (migrate) is a few statements. NULL: put_event is called for each. */
    asx_error (*put_events)(asx_store *s, const asx_reg_event *ev, size_t n, char (*eff)[11],
                            const char *const *before, const char *const *after, asx_diags *d);
    asx_error (*put_blob)(asx_store *s, const char *kind, const char *sha256, const void *data,
                          size_t len, asx_diags *d);
    asx_error (*get_blob)(asx_store *s, const char *sha256, char **data, size_t *len,
                          asx_diags *d);
    asx_error (*check)(asx_store *s, asx_diags *d);
    /* Let role read the register and nothing else (NULL: the store has no roles). */
    asx_error (*grant_read)(asx_store *s, const char *role, asx_diags *d);
    /* asx_store_due_rows (NULL: the backend has none; the caller replays). */
    asx_error (*due_rows)(asx_store *s, asx_date as_of, asx_date limit,
                          asx_error (*row)(void *ctx, const asx_store_due_row *r), void *ctx,
                          bool *answered, asx_diags *d);
} asx_store_ops;

/* What the store gave out at the last load: each entry's JSON form, to write only changes. */
typedef struct {
    char *id;
    char *doc;
} asx_store_doc;

struct asx_store {
    const asx_store_ops *ops;
    char *where;          /* for messages (never a password: a file path, or a database's host
                             and name) */
    asx_store_opts opts;
    bool in_tx;
    asx_store_doc *docs;  /* sorted by id */
    size_t ndocs;
    size_t nhistory;      /* events in the model at the load (0 when loaded without them) */
    bool loaded;
};

/* SQLite (store_sqlite.c): *out is new. */
asx_error asx_store_sqlite_open(const char *path, const asx_store_opts *opts, asx_store **out,
                                asx_diags *d);

/* PostgreSQL (store_pg.c), for a postgresql:// or postgres:// address: *out is new. */
asx_error asx_store_pg_open(const char *uri, const asx_store_opts *opts, asx_store **out,
                            asx_diags *d);

/* Append s (NULL: "") to b as a JSON string: the register's text is built the same way by every
 * backend, so that both give the same bytes. */
void asx_store_add_json_string(asx_buf *b, const char *s);

/* A check's items as the column the backends store them in (compact JSON). Caller frees; NULL
 * on out of memory. */
char *asx_store_check_items_json(const asx_reg_check *c);

/* The condition on entries (alias e) that selects sel, in SQL both backends run: parameter ?1
 * is the as-of date (NULL: as it stands), ?2 … ?(1 + *nparams) the texts written into params
 * (each a static or a buffer of pbuf, which holds 64 bytes per parameter). NULL sel or
 * ASX_SEL_ALL: "1 = 1". The columns it reads (service_key, id_year, id_n, evidence_expiry,
 * next_check, last_eff) are kept by put_entry and put_event in the transaction of the change. */
const char *asx_store_sel_where(const asx_store_sel *sel, const char *params[3], int *nparams,
                                char pbuf[3][64]);

/* The columns of entries a selection reads, from the entry (service_key: caller frees; NULL on
 * OOM). */
typedef struct {
    char *service_key;
    int id_year;
    long id_n;
    char evidence_expiry[11]; /* "" when none */
    char next_check[11];      /* "" when none */
} asx_store_keys;
asx_error asx_store_entry_keys(const asx_reg_entry *e, asx_store_keys *k);

/* An entry's JSON form as stored (compact). Caller frees; NULL on OOM. */
char *asx_store_entry_doc(const asx_reg_entry *e);

/* The date an event takes effect: its own (v3), else for a register written before: the
 * approval date of an add (approved_on: its entry's, NULL when not known), the date it was
 * recorded for anything else. */
void asx_store_effective_date(const asx_reg_event *ev, const asx_date *approved_on,
                              char out[11]);

/* What migrate writes into a register that holds nothing yet, a few elements at a time, in
 * the transaction begun (the rows asx_store_save would write for the register whole): its
 * organisation and counters; the n entries e[0..n) (each first checked to load again, as a
 * save checks it); the n events ev[0..n) appended in that order, each in effect from eff[k],
 * with no entry before it (the register was empty) and after it after[k]: the entry's JSON
 * form when it is the entry's last event, else NULL. */
asx_error asx_store_put_head(asx_store *s, const char *organization, const asx_reg_seq *seq,
                             size_t nseq, asx_diags *d);
asx_error asx_store_put_new_entries(asx_store *s, const asx_reg_entry *e, size_t n,
                                   asx_diags *d);
asx_error asx_store_put_new_events(asx_store *s, const asx_reg_event *ev, size_t n,
                                   char (*eff)[11], const char *const *after, asx_diags *d);

#endif
