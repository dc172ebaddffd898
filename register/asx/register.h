/* register.h - the register of approved services (承認済み外部サービス台帳, SPEC §6, §8.4).
 *
 * The model of the register and its rules. It is kept in a store (asx/store.h: an SQLite file by
 * default); every change goes through asx_register_change(), one transaction. Its JSON form,
 * "assess-register/1", is what the store keeps of each entry, what `register export --json`
 * prints and what `register migrate` reads from the registers of earlier versions.
 *
 * The model owns all its strings; every free accepts NULL. */
#ifndef ASX_REGISTER_H
#define ASX_REGISTER_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <sys/types.h>
#include "asx/answers.h"
#include "asx/date.h"
#include "asx/error.h"
#include "asx/io.h"
#include "asx/score.h"
#include "asx/store.h"

#define ASX_REGISTER_FORMAT "assess-register/1"
#define ASX_REGISTER_MODE ASX_OUTPUT_MODE /* the register names people: the one mode of base/io */

/* ended: closed by the exit check (11-2(7)②); due stops listing it. */
typedef enum { ASX_REG_ACTIVE, ASX_REG_REVOKED, ASX_REG_EXPIRED, ASX_REG_ENDED } asx_reg_status;
const char *asx_reg_status_name(asx_reg_status s);              /* "active" … */
const char *asx_reg_status_label(asx_reg_status s, asx_lang l); /* "有効" / "Active" … */
bool asx_reg_status_parse(const char *s, asx_reg_status *out);

typedef enum {
    ASX_REG_ADD,
    ASX_REG_REVOKE,
    ASX_REG_RENEW,
    ASX_REG_EXPIRE,
    ASX_REG_CONDITION, /* a condition met or waived */
    ASX_REG_CHECK,     /* a build, operation or exit check recorded */
    ASX_REG_EVIDENCE   /* a renewed certificate recorded (register evidence) */
} asx_reg_action;
const char *asx_reg_action_name(asx_reg_action a);              /* "add" … */
const char *asx_reg_action_label(asx_reg_action a, asx_lang l); /* "登録" / "Added" … */

/* A file of the approval pack and its SHA-256 at the time of approval. */
typedef struct {
    char *file; /* file name inside the entry's pack_dir */
    char sha256[65];
} asx_reg_packfile;

/* A condition of a conditional approval as a record (SPEC v2 §5 register condition). Old
 * registers held plain strings: they load as open conditions without clause or due date. */
typedef enum { ASX_COND_OPEN, ASX_COND_MET, ASX_COND_WAIVED } asx_cond_status;
const char *asx_cond_status_name(asx_cond_status s);              /* "open" … */
const char *asx_cond_status_label(asx_cond_status s, asx_lang l); /* "未履行" / "Open" … */
typedef struct {
    size_t n;        /* numbered from 1 */
    char *text;
    char *clause;    /* may be NULL (a condition the approver added, or an old register) */
    char *clause_local; /* the clause in the organisation's numbering, as scored (SPEC §8.6);
                           NULL when the policy numbered it not: outputs show asx_reg_condition_clause */
    bool has_due;
    asx_date due;
    asx_cond_status status;
    char *evidence;  /* met or waived: what shows it; NULL while open */
    bool has_on;
    asx_date on;     /* when it was met or waived */
    char *by;        /* who recorded it; may be NULL */
} asx_reg_condition;
/* The clause a condition cites as every output shows it: the organisation's number when the
 * policy gave one, else the reference id (NULL when none). */
const char *asx_reg_condition_clause(const asx_reg_condition *c);

/* Lifecycle checks of 11-2(5)②③ (build), (6)③④ (operate, every review interval) and (7)②③
 * (exit, which closes the entry). */
typedef enum { ASX_PHASE_BUILD, ASX_PHASE_OPERATE, ASX_PHASE_EXIT } asx_check_phase;
const char *asx_check_phase_name(asx_check_phase p);              /* "build" … */
const char *asx_check_phase_label(asx_check_phase p, asx_lang l); /* "構築時" / "Build" … */
bool asx_check_phase_parse(const char *s, asx_check_phase *out);

/* The result of one checklist item as the manager recorded it. */
typedef enum { ASX_CHECK_OK, ASX_CHECK_NG, ASX_CHECK_NA } asx_check_result;
const char *asx_check_result_name(asx_check_result r);              /* "ok" / "ng" / "na" */
const char *asx_check_result_label(asx_check_result r, asx_lang l); /* "適" / "否" / "該当なし" */

typedef struct {
    char *item;  /* the clause item, "11-2(6)①ア" */
    asx_check_result result;
    char *note;  /* may be NULL */
} asx_reg_check_item;

typedef struct {
    asx_check_phase phase;
    asx_date on;
    char *by;    /* the checker */
    char *notes; /* may be NULL */
    char *file_sha256; /* of the filled checklist; may be NULL */
    asx_reg_check_item *items;
    size_t nitems;
} asx_reg_check;

/* One renewal after a re-audit: what the entry was before and what it became. */
typedef struct {
    asx_date renewed_on;
    char *approver; /* NULL in registers written before approvers were required */
    asx_verdict verdict;
    double score;
    asx_verdict previous_verdict;
    double previous_score;
    asx_date previous_next_review;
    char *answers_sha256; /* may be NULL */
    asx_reg_condition *previous_conditions; /* the conditions as they stood before: met ones keep
                                               their record; the renewal re-derives the rest */
    size_t nprevious_conditions;
} asx_reg_renewal;

/* A certificate recorded without a new assessment (register evidence, SPEC §8.4). */
typedef struct {
    char *scheme;      /* "ISMAP", "ISO/IEC 27001" … */
    char *number;      /* may be NULL */
    asx_date expiry;
    char *file_sha256; /* of the certificate file, kept in the register; may be NULL */
    asx_date on;       /* recorded on */
    char *by;
} asx_reg_evidence;

typedef struct {
    char *id; /* EXT-2026-0001 */
    char *service;
    char *vendor;
    char *corporate_number; /* may be NULL (foreign vendors) */
    asx_class cls;
    char *questionnaire; /* bank id */
    char *questionnaire_version;
    asx_verdict verdict; /* approved or conditional */
    double score;
    asx_reg_condition *conditions;
    size_t nconditions;
    char *approver;
    char *manager; /* 外部サービス管理者 */
    asx_date approved_on;
    asx_date next_review;
    bool has_evidence_expiry;
    asx_date evidence_expiry; /* cert.expiry of the answers */
    asx_reg_status status;
    bool has_revoked_on;
    asx_date revoked_on;
    char *revoke_reason; /* may be NULL */
    char *answers_sha256; /* may be NULL */
    char *review_sha256;  /* the officer's review kept with the answers (SPEC §8.4); may be NULL */
    char *pack_dir;       /* absolute folder of the pack files; NULL without a pack */
    asx_reg_packfile *pack;
    size_t npack;
    asx_reg_renewal *renewals;
    size_t nrenewals;
    bool has_next_check;
    asx_date next_check; /* the next operation check (11-2(6)③): every review interval */
    asx_reg_check *checks;
    size_t nchecks;
    bool has_ended_on;
    asx_date ended_on; /* the exit check that closed the entry */
    asx_reg_evidence *evidence; /* certificates recorded since; the last sets evidence_expiry */
    size_t nevidence;
} asx_reg_entry;

/* A vendor's or service's name as register add compares it (spaces, full-width forms and the
 * company-form words dropped, ASCII lower-cased): the key the store finds an entry by. Caller
 * frees; NULL on out of memory. */
char *asx_reg_name_key(const char *s);

/* Whether condition c is open and past its due date on as_of. */
bool asx_reg_condition_overdue(const asx_reg_condition *c, asx_date as_of);

/* Items of a recorded check found not met (否). */
size_t asx_reg_check_not_met(const asx_reg_check *c);

/* Whether a renewal went down: a lower verdict or a lower score (a regression). */
bool asx_reg_renewal_regressed(const asx_reg_renewal *rn);

/* Open conditions of e, and those of them past due on as_of. */
size_t asx_reg_open_conditions(const asx_reg_entry *e);
size_t asx_reg_overdue_conditions(const asx_reg_entry *e, asx_date as_of);
/* Whether e is still in use (active or expired: not revoked, not ended). */
bool asx_reg_in_use(const asx_reg_entry *e);

/* How an entry stands on a date, as list and show print it: its status, except that an active
 * entry with a condition past due is "conditions_overdue" (条件未履行); the label of an expired
 * one says both (期限切れ・条件未履行). */
const char *asx_reg_state_name(const asx_reg_entry *e, asx_date as_of);
const char *asx_reg_state_label(const asx_reg_entry *e, asx_date as_of, asx_lang l);
/* The label of an entry of that status, in use and with a condition past due or not. */
const char *asx_reg_state_label_of(asx_reg_status status, bool conditions_overdue, asx_lang l);

typedef struct {
    char *at;   /* ISO 8601 date-time (or date): when the change was recorded */
    bool has_on;
    asx_date on; /* the date the change takes effect (decision, check, condition, revocation):
                    what --as-of compares; absent in registers written before v3 */
    char *user; /* who made the change */
    asx_reg_action action;
    char *entry; /* entry id */
    char *detail; /* may be NULL */
} asx_reg_event;

typedef struct {
    int year;
    int next;
} asx_reg_seq;

/* A file to keep in the register with a change (SPEC §8.4: the evidence behind each decision):
 * kind "answers", "review", "checklist" or "evidence"; its SHA-256 names it. */
typedef struct {
    const char *kind; /* static */
    char *data;
    size_t len;
    char sha256[65];
} asx_reg_blob;

typedef struct asx_register {
    char *organization; /* may be "" */
    asx_reg_seq *seq;   /* next sequence number per year of approval */
    size_t nseq;
    asx_reg_entry *entries;
    size_t nentries;
    asx_reg_event *history;
    size_t nhistory;
    asx_reg_blob *keep; /* files a change keeps (written by the store with it); not in the JSON */
    size_t nkeep;
} asx_register;

/* One entry in its JSON form (an element of "entries", as the store keeps it) into *e (cleared
 * first; the caller clears it after). Problems go to d with their place in file: ASX_ERR_DATA. */
asx_error asx_reg_entry_parse(const char *buf, size_t len, const char *file, asx_reg_entry *e,
                              asx_diags *d);
/* One event from its members as the store keeps them: at, on (NULL: none), user, action,
 * entry, detail (NULL: none), checked as the JSON register's history is. Clear it with
 * asx_reg_event_clear(). */
asx_error asx_reg_event_set(asx_reg_event *ev, const char *const cols[6], const char *file,
                            asx_diags *d);
void asx_reg_event_clear(asx_reg_event *ev);

/* (asx/store.h) */
/* The register read one entry and one event at a time, for outputs whose memory must not grow
 * with the register (export): head first (organisation and id counters), then every entry of
 * opts->sel (in the order added; as of *as_of when not NULL, then settled on that date as
 * asx_register_settle does) and, with history, their events in order. What the callbacks get
 * is the store's, valid during the call. A callback's error stops the scan and is returned. */
typedef struct {
    asx_error (*head)(void *ctx, const char *organization, const asx_reg_seq *seq, size_t nseq,
                      asx_diags *d);
    asx_error (*entry)(void *ctx, asx_reg_entry *e, asx_diags *d);
    asx_error (*event)(void *ctx, const asx_reg_event *ev, asx_diags *d);
} asx_store_visitor;
asx_error asx_store_scan(asx_store *s, const asx_date *as_of, bool history,
                         const asx_store_visitor *v, void *ctx, asx_diags *d);

/* A new empty register. Caller frees; NULL on out of memory. */
asx_register *asx_register_new(const char *organization);
void asx_register_free(asx_register *r);
void asx_reg_entry_clear(asx_reg_entry *e); /* frees the members, not e itself */

/* Parse and validate buf[0..len). Every problem goes to d with file:line:col. On success *out is
 * new and the caller frees it. */
asx_error asx_register_parse(const char *buf, size_t len, const char *file, asx_register **out,
                             asx_diags *d);
/* Read and parse the file (no lock: writers rename whole files into place). A missing file is
 * ASX_ERR_NOINPUT. */
asx_error asx_register_load_file(const char *path, asx_register **out, asx_diags *d);
/* The register as JSON text (deterministic, ends with a newline). Caller frees; NULL on OOM. */
char *asx_register_to_json(const asx_register *r);

/* One entry as a cJSON object (the register's own form). Caller deletes; NULL on OOM. */
struct cJSON;
struct cJSON *asx_reg_entry_json(const asx_reg_entry *e);

/* Keep a copy of data[0..len) (kind: "answers", "review", "checklist", "evidence") with the
 * change being made; its SHA-256 into sha256 (may be NULL). */
asx_error asx_register_keep(asx_register *r, const char *kind, const char *data, size_t len,
                            char *sha256);
/* The answers entry id was approved or last renewed on, as the register keeps them (by the
 * entry's answers_sha256). *data is new (caller frees). ASX_ERR_DATA naming the entry when it has
 * none kept (registers from before v3) or is unknown. */
asx_error asx_register_answers(const char *path, int wait_seconds, const char *id, char **data,
                               size_t *len, asx_diags *d);
/* The officer's review kept with those answers: *data is new, NULL (and ASX_OK) when the entry
 * was recorded without one. */
asx_error asx_register_review(const char *path, int wait_seconds, const char *id, char **data,
                              size_t *len, asx_diags *d);

/* Entry by id, or NULL. */
asx_reg_entry *asx_register_find(const asx_register *r, const char *id);

/* Append a history event (at = now, or SOURCE_DATE_EPOCH when set) that takes effect on on.
 * user NULL: $USER, $LOGNAME or the account name. detail may be NULL. */
asx_error asx_register_log(asx_register *r, const char *user, asx_reg_action action,
                           const char *entry, asx_date on, const char *detail);

/* The approval pack of an entry: files[0..n) in dir, hashed (SHA-256) into pf[0..n) (pf[i].file
 * new); *dir_abs is dir's absolute path (new). A missing folder or file is ASX_ERR_NOINPUT
 * naming it and what --pack takes. */
asx_error asx_register_hash_pack(const char *dir, const char *const *files, size_t n,
                                 char **dir_abs, asx_reg_packfile *pf, asx_diags *d);

/* The manifest `assess pack` writes beside each pair (DIR/<stem>.pack.json): the SHA-256 of the
 * answers the pack was made from and the pair's file names, so that register add --pack finds
 * the pack by the answers it records, whatever the date in its name. */
#define ASX_PACK_FORMAT "assess-pack/1"
#define ASX_PACK_MANIFEST ".pack.json"
/* The manifest of the pack <name>.pdf and .xlsx of the answers whose SHA-256 (64 hex
 * characters) is answers_sha256, as text (new): the hash of the bytes the pack was made from,
 * asx_answers.sha256, not of the file read again. ASX_ERR_NOMEM is the only failure. */
asx_error asx_register_pack_manifest(const char *answers_sha256, const char *name, char **out);

/* The pack of an assessment in dir: the pair whose manifest names answers_sha256 (NULL: no
 * manifest is looked for) — the one of date when several do —; else (a pack made before
 * manifests) the pair <stem>_<YYYY-MM-DD>.pdf and .xlsx that `pack` wrote, whatever its date (a
 * pack is made on its 起案日, which is seldom the 決裁日): the pair of date when there is one,
 * else the only pair of stem. Several other pairs: ASX_ERR_DATA listing them (give --date);
 * none: ASX_ERR_NOINPUT naming the files looked for (not the folder). *pdf and *xlsx are new
 * file names. */
asx_error asx_register_find_pack(const char *dir, const char *stem, asx_date date,
                                 const char *answers_sha256, char **pdf, char **xlsx,
                                 asx_diags *d);

/* Everything an add or a renewal takes from a scored answers file. */
typedef struct {
    const asx_result *result;     /* approved or conditional; borrowed */
    const char *approver;         /* required for add and renew */
    const char *manager;          /* add only (renew: replaces when given) */
    const char *const *conditions; /* extra conditions given by the user */
    size_t nconditions;
    const asx_date *condition_due; /* due date of every condition; NULL: the policy's
                                      condition_due_days from the decision date */
    asx_date date;                /* approval / renewal date: the result's decision date */
    const char *answers_sha256;   /* may be NULL */
    const char *review_sha256;    /* the review the result was scored with; may be NULL */
    const char *pack_dir;         /* absolute; NULL without a pack */
    const asx_reg_packfile *pack; /* copied */
    size_t npack;
    const char *user;             /* for the history; NULL: from the environment */
    asx_lang lang;                /* language of the conditions taken from findings */
} asx_reg_input;

/* ASX_OK when the result may go into the register (approved or conditional); otherwise
 * ASX_ERR_DATA with a message in d naming the verdict and why. what: "登録"/"registered"… */
asx_error asx_register_check_result(const asx_result *res, const char *what, asx_diags *d);

/* Add an entry for an approved or conditional result (anything else: ASX_ERR_DATA with the
 * verdict named). A service that already has an entry in use (same vendor: corporate number,
 * else normalised name; same normalised service name) is refused with ASX_ERR_DATA pointing to
 * register renew. The new id is written into id_out (at least 32 bytes). */
asx_error asx_register_add(asx_register *r, const asx_reg_input *in, char *id_out, size_t size,
                           asx_diags *d);
/* Renew entry id after a re-audit: new verdict, score, conditions, evidence expiry, answers
 * hash, pack; next_review and next_check moved from in->date (the policy's review_basis); the
 * approver (required) recorded with verdict and score before and after; status re-evaluated on
 * in->date (expired evidence: expired). Refuses a revoked or ended entry, a result that is not
 * approved/conditional, and answers of another vendor or service. */
asx_error asx_register_renew(asx_register *r, const char *id, const asx_reg_input *in,
                             asx_diags *d);
/* Revoke entry id with a reason, on date. */
asx_error asx_register_revoke(asx_register *r, const char *id, const char *reason, asx_date date,
                              const char *user, asx_diags *d);
/* A date a change takes effect on, as a register can mean it (SPEC §8.4): what was done (a
 * check, a condition met or waived: done) is dated up to today; a decision (approval, renewal,
 * revocation) at most a year ahead. Otherwise ASX_ERR_DATA with place ("--date", "点検日 (E5)")
 * in file (may be NULL) named. */
asx_error asx_register_date_ok(asx_date date, asx_date today, bool done, const char *file,
                               const char *place, asx_diags *d);

/* What a renewal of e on date should tell the person who made it (notes, ASX_OK in d): evidence
 * in the answers already expired, and what became of the conditions waived last time (open again
 * under this assessment, or no longer a condition). */
void asx_register_renew_notes(const asx_reg_entry *e, asx_date date, asx_diags *d);

/* asx_register_settle for one entry. */
void asx_reg_entry_settle(asx_reg_entry *e, asx_date as_of);

/* Each entry in use as it stands on as_of: expired when its next review or its evidence expiry
 * is before as_of, else active (SPEC §8.4: the status is read on a date, never stored from the
 * date of the command that ran last). In memory only: a reader's view. */
void asx_register_settle(asx_register *r, asx_date as_of);

/* Record condition n (from 1) of entry id as met or waived (status), with evidence, on date, by
 * (may be NULL: from the environment). Unknown id, n out of range, a condition already met or
 * waived, an entry not in use: ASX_ERR_DATA. */
asx_error asx_register_condition(asx_register *r, const char *id, size_t n,
                                 asx_cond_status status, const char *evidence, asx_date date,
                                 const char *by, asx_diags *d);

/* Record a renewed certificate of entry id (scheme, number may be NULL, expiry, the file's
 * SHA-256 or NULL) on date by user: evidence_expiry becomes expiry. Unknown id, an entry not in
 * use, an expiry before date: ASX_ERR_DATA. */
asx_error asx_register_evidence(asx_register *r, const char *id, const char *scheme,
                                const char *number, asx_date expiry, const char *file_sha256,
                                asx_date date, const char *user, asx_diags *d);

/* Record a filled checklist of phase for entry id (items copied). An operation check moves
 * next_check to asx_next_review(policy, check->on); an exit check ends the entry. Unknown id,
 * an entry not in use, a check dated before the approval: ASX_ERR_DATA. */
asx_error asx_register_record_check(asx_register *r, const char *id, const asx_reg_check *check,
                                    const asx_policy *policy, const char *user, asx_diags *d);

/* What is due by as_of + within days, for entries in use: reviews (next_review), evidence
 * (evidence_expiry), open conditions (their due date) and operation checks (next_check).
 * Sorted by date, then id, then reason. */
typedef enum { ASX_DUE_REVIEW, ASX_DUE_EVIDENCE, ASX_DUE_CONDITION, ASX_DUE_CHECK } asx_due_reason;
/* "review" / "evidence_expiry" / "condition" / "check" */
const char *asx_due_reason_name(asx_due_reason r);
const char *asx_due_reason_label(asx_due_reason r, asx_lang l);
typedef struct {
    const asx_reg_entry *entry; /* borrowed from the register */
    asx_due_reason reason;
    size_t condition;    /* ASX_DUE_CONDITION: its number */
    asx_date date;       /* the date that is due */
    long days_left;      /* date - as_of: negative when overdue */
} asx_due;
/* *out is new (caller frees with free()); *n may be 0. */
asx_error asx_register_due(const asx_register *r, asx_date as_of, int within_days, asx_due **out,
                           size_t *n);

/* register due --json: {"as_of", "within", "due": [{"id", "service", "vendor", "next_review",
 * "reason", "due_on", "days_left", "status", "manager", …}]}. Caller frees; NULL on OOM. */
char *asx_register_due_json(const asx_due *v, size_t n, asx_date as_of, int within);

/* The same, written to out as it is made (memory does not grow with n's items' JSON). */
asx_error asx_register_due_json_write(FILE *out, const asx_due *v, size_t n, asx_date as_of,
                                      int within);
/* register due: what is due by as_of + within days in the register at path, read one entry at
 * a time (only the entries with a date due by then; each settled on as_of): *keep holds the
 * entries the items borrow, with only what the due views show of them (id, names, manager,
 * dates, status, conditions); free it with asx_register_free() after *out (free()). */
asx_error asx_register_due_read(const char *path, int wait_seconds, asx_date as_of, int within,
                                asx_register **keep, asx_due **out, size_t *n, asx_diags *d);
/* register due --json written to out as the store reads it: from the columns kept with the
 * events in one query ordered by date (nothing sorted or parsed in memory) when they can answer
 * as of as_of, else replayed as asx_register_due_read does; the same bytes either way. *n: the
 * items written; *from_columns (may be NULL): whether the columns answered. */
asx_error asx_register_due_json_stream(const char *path, int wait_seconds, asx_date as_of,
                                       int within, FILE *out, size_t *n, bool *from_columns,
                                       asx_diags *d);

/* register list --json: {"as_of", "entries": [entry as in the register plus "state",
 * "conditions_open", "conditions_overdue"]}, only entries of status when status is not NULL.
 * Caller frees; NULL on OOM. */
char *asx_register_list_json(const asx_register *r, asx_date as_of, const asx_reg_status *status);

/* register list --json of the register at path, written to out one entry at a time as it is
 * read (each settled on as_of), then a new line. On an error part of it may be written. */
asx_error asx_register_list_json_write(const char *path, int wait_seconds, asx_date as_of,
                                       const asx_reg_status *status, FILE *out, asx_diags *d);

/* Keep only the entries of status (export --status). */
void asx_register_filter(asx_register *r, asx_reg_status status);

/* Pack files checked against the SHA-256 recorded at approval (register verify). */
typedef enum { ASX_VERIFY_OK, ASX_VERIFY_MISSING, ASX_VERIFY_MISMATCH } asx_verify_state;
typedef struct {
    const asx_reg_entry *entry; /* borrowed */
    char *path;                 /* owned */
    asx_verify_state state;
} asx_verify_item;
/* Every pack file of every entry, read from pack_dir (or from dir when not NULL). *out is new:
 * free with asx_verify_free(). */
asx_error asx_register_verify(const asx_register *r, const char *dir, asx_verify_item **out,
                              size_t *n);
void asx_verify_free(asx_verify_item *v, size_t n);

/* One change of the register at path, in one transaction of its store (asx/store.h).
 *
 * fn is called with the register as loaded (a new, empty one when opts->create and there is
 * none) and ctx; when it returns ASX_OK what it changed is saved and committed, otherwise
 * nothing is written. A busy register is waited for up to opts->wait_seconds (ASX_ERR_BUSY
 * after that, nothing changed). A symlink, a non-regular file or a read-only register is refused
 * (ASX_ERR_CANTCREAT); a JSON register or a file that is no register is ASX_ERR_DATA and stays
 * untouched. */
typedef asx_error (*asx_register_fn)(asx_register *r, void *ctx, asx_diags *d);
#define ASX_REGISTER_WAIT 30 /* seconds a writer waits for a busy register by default */
asx_error asx_register_change(const char *path, const asx_store_opts *opts, asx_register_fn fn,
                              void *ctx, asx_diags *d);
/* asx_register_change with the default wait and no message while waiting; mode 0: an existing
 * register keeps its mode, a new one gets ASX_REGISTER_MODE. */
asx_error asx_register_update(const char *path, bool create, const char *organization,
                              mode_t mode, asx_register_fn fn, void *ctx, asx_diags *d);
/* The register at path as it stands (one read transaction), its stored form: what export --json
 * prints and what verify reads. *out is new; the caller frees it. */
/* register init: create the register at path (an existing one is left as it is; an older
 * schema is upgraded) and let each of roles read it and nothing else (PostgreSQL; on SQLite a
 * role is ASX_ERR_USAGE), in one transaction. */
asx_error asx_register_init(const char *path, const asx_store_opts *opts,
                            const char *const *roles, size_t nroles, asx_diags *d);
asx_error asx_register_read(const char *path, int wait_seconds, asx_register **out,
                            asx_diags *d);
/* The register at path as a verb needs it: only the entries of sel (NULL: all; see
 * asx_store_sel) and, with history, only their events; as it stands (as_of NULL) or as it stood
 * on *as_of (asx_register_read_as_of). What a verb's rule needs must be in the selection. */
asx_error asx_register_read_sel(const char *path, int wait_seconds, const asx_date *as_of,
                                bool history, const asx_store_sel *sel, asx_register **out,
                                asx_diags *d);
/* register export --json: the register's JSON form (asx_register_to_json's bytes) written to
 * out one entry and one event at a time (memory does not grow with the register): as it
 * stands (as_of NULL) or as it stood on *as_of (entries settled on that date), only entries of
 * *status when status is not NULL, the history whole. On an error part of it may be written. */
asx_error asx_register_export_json(const char *path, int wait_seconds, const asx_date *as_of,
                                   const asx_reg_status *status, FILE *out, asx_diags *d);
/* register verify: the store's own consistency check (asx_store_check). */
asx_error asx_register_check_store(const char *path, int wait_seconds, asx_diags *d);
/* The register as it stood on as_of (asx_store_load_as_of), each entry's status settled on that
 * date (asx_register_settle): what list, show, due, report and the exports read; the history
 * only when asked (show, export). */
asx_error asx_register_read_as_of(const char *path, int wait_seconds, asx_date as_of,
                                  bool history, asx_register **out, asx_diags *d);

/* register migrate: the JSON register (assess-register/1) at json_path, history included, into a
 * new SQLite register out (refused when it exists, unless force), written beside it under a
 * temporary name and put in place only when complete. mode 0: ASX_REGISTER_MODE. out may be a
 * PostgreSQL address: the register is moved in one transaction into that database, which must
 * hold no register yet (73 otherwise; force and mode do not apply). json_path may also be a
 * database register (an SQLite file or a PostgreSQL address): its kept files move with it. A
 * JSON register is mapped and read one entry or event at a time, with the checks and places of
 * asx_register_parse: its memory does not grow with the file, and it has no size limit. */
asx_error asx_register_migrate(const char *json_path, const char *out, mode_t mode, int force,
                               asx_diags *d);

/* The latest date of the register's history: the date an export is "as of" by default, so the
 * same register gives the same bytes. 2000-01-01 for an empty history. */
asx_date asx_register_last_date(const asx_register *r);

/* Exports of the register as an officer prints it (A4 landscape), in lang, with each entry's
 * state on as_of (NULL: asx_register_last_date). force: overwrite. */
asx_error asx_register_export_xlsx(const asx_register *r, const char *path, asx_lang lang,
                                   const asx_date *as_of, int force, asx_diags *d);
/* font_path: --font (NULL: IPAexGothic found through fontconfig). */
asx_error asx_register_export_pdf(const asx_register *r, const char *font_path, const char *path,
                                  asx_lang lang, const asx_date *as_of, int force, asx_diags *d);

#endif
