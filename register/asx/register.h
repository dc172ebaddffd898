/* register.h - the register of approved services (承認済み外部サービス台帳, SPEC §6).
 *
 * One JSON file of format "assess-register/1". Reading is lock-free (every write is an atomic
 * rename, so a reader sees one whole version). Every change goes through asx_register_update():
 * an exclusive flock on "<register>.lock", read, validate, modify, write to a temporary file,
 * fsync, rename, fsync the folder. A file that does not load (bad JSON, another format, a broken
 * entry) is reported with its position and never overwritten.
 *
 * The model owns all its strings; every free accepts NULL. */
#ifndef ASX_REGISTER_H
#define ASX_REGISTER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "asx/answers.h"
#include "asx/date.h"
#include "asx/error.h"
#include "asx/io.h"
#include "asx/score.h"

#define ASX_REGISTER_FORMAT "assess-register/1"
#define ASX_REGISTER_MODE ASX_OUTPUT_MODE /* the register names people: the one mode of base/io */

typedef enum { ASX_REG_ACTIVE, ASX_REG_REVOKED, ASX_REG_EXPIRED } asx_reg_status;
const char *asx_reg_status_name(asx_reg_status s);              /* "active" … */
const char *asx_reg_status_label(asx_reg_status s, asx_lang l); /* "有効" / "Active" … */
bool asx_reg_status_parse(const char *s, asx_reg_status *out);

typedef enum { ASX_REG_ADD, ASX_REG_REVOKE, ASX_REG_RENEW, ASX_REG_EXPIRE } asx_reg_action;
const char *asx_reg_action_name(asx_reg_action a);              /* "add" … */
const char *asx_reg_action_label(asx_reg_action a, asx_lang l); /* "登録" / "Added" … */

/* A file of the approval pack and its SHA-256 at the time of approval. */
typedef struct {
    char *file; /* file name inside the entry's pack_dir */
    char sha256[65];
} asx_reg_packfile;

/* One renewal after a re-audit: what the entry was before and what it became. */
typedef struct {
    asx_date renewed_on;
    asx_verdict verdict;
    double score;
    asx_verdict previous_verdict;
    double previous_score;
    asx_date previous_next_review;
    char *answers_sha256; /* may be NULL */
} asx_reg_renewal;

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
    char **conditions;
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
    char *pack_dir;       /* absolute folder of the pack files; NULL without a pack */
    asx_reg_packfile *pack;
    size_t npack;
    asx_reg_renewal *renewals;
    size_t nrenewals;
} asx_reg_entry;

typedef struct {
    char *at;   /* ISO 8601 date-time (or date) */
    char *user; /* who made the change */
    asx_reg_action action;
    char *entry; /* entry id */
    char *detail; /* may be NULL */
} asx_reg_event;

typedef struct {
    int year;
    int next;
} asx_reg_seq;

typedef struct asx_register {
    char *organization; /* may be "" */
    asx_reg_seq *seq;   /* next sequence number per year of approval */
    size_t nseq;
    asx_reg_entry *entries;
    size_t nentries;
    asx_reg_event *history;
    size_t nhistory;
} asx_register;

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

/* Entry by id, or NULL. */
asx_reg_entry *asx_register_find(const asx_register *r, const char *id);

/* Append a history event (at = now, or SOURCE_DATE_EPOCH when set). user NULL: $USER, $LOGNAME
 * or the account name. detail may be NULL. */
asx_error asx_register_log(asx_register *r, const char *user, asx_reg_action action,
                           const char *entry, const char *detail);

/* Everything an add or a renewal takes from a scored answers file. */
typedef struct {
    const asx_result *result;     /* approved or conditional; borrowed */
    const char *approver;         /* add only */
    const char *manager;          /* add only */
    const char *const *conditions; /* extra conditions given by the user */
    size_t nconditions;
    asx_date date;                /* approval / renewal date: the result's decision date */
    const char *answers_sha256;   /* may be NULL */
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
 * verdict named). The new id is written into id_out (at least 32 bytes). */
asx_error asx_register_add(asx_register *r, const asx_reg_input *in, char *id_out, size_t size,
                           asx_diags *d);
/* Renew entry id after a re-audit: new verdict, score, conditions, evidence expiry, answers
 * hash, pack; next_review moved from in->date; status back to active. Refuses a revoked entry,
 * a result that is not approved/conditional, and answers of another vendor. */
asx_error asx_register_renew(asx_register *r, const char *id, const asx_reg_input *in,
                             asx_diags *d);
/* Revoke entry id with a reason, on date. */
asx_error asx_register_revoke(asx_register *r, const char *id, const char *reason, asx_date date,
                              const char *user, asx_diags *d);
/* Mark active entries whose next_review is before as_of as expired (history "expire"). Returns
 * how many changed, or -1 on out of memory. */
int asx_register_expire(asx_register *r, asx_date as_of, const char *user);

/* What is due by as_of + within days: reviews (next_review) and evidence (evidence_expiry) of
 * entries that are not revoked. Sorted by date, then id. */
typedef enum { ASX_DUE_REVIEW, ASX_DUE_EVIDENCE } asx_due_reason;
const char *asx_due_reason_name(asx_due_reason r); /* "review" / "evidence_expiry" */
typedef struct {
    const asx_reg_entry *entry; /* borrowed from the register */
    asx_due_reason reason;
    asx_date date;       /* the date that is due */
    long days_left;      /* date - as_of: negative when overdue */
} asx_due;
/* *out is new (caller frees with free()); *n may be 0. */
asx_error asx_register_due(const asx_register *r, asx_date as_of, int within_days, asx_due **out,
                           size_t *n);

/* Locked read-modify-write of the register at path.
 *
 * fn is called with the loaded register (or a new one made with organization when the file does
 * not exist and create is true) and ctx; when it returns ASX_OK the register is written back
 * atomically, otherwise nothing is written. mode 0 keeps the mode of an existing file (new files
 * get ASX_REGISTER_MODE). A symlink, a non-regular file or a read-only register is refused
 * (ASX_ERR_CANTCREAT); a register that does not load is ASX_ERR_DATA and stays untouched. */
typedef asx_error (*asx_register_fn)(asx_register *r, void *ctx, asx_diags *d);
asx_error asx_register_update(const char *path, bool create, const char *organization,
                              mode_t mode, asx_register_fn fn, void *ctx, asx_diags *d);

/* Exports of the register as an officer prints it (A4 landscape), in lang. force: overwrite. */
asx_error asx_register_export_xlsx(const asx_register *r, const char *path, asx_lang lang,
                                   int force, asx_diags *d);
asx_error asx_register_export_pdf(const asx_register *r, const char *path, asx_lang lang,
                                  int force, asx_diags *d);

#endif
