/* reg_report.h - the year's report to the CISO (11-1(3)②, 12-1): every figure of
 * `register report --fiscal-year Y`, computed here once; report/register_report.c only renders
 * it. 年度 Y runs from 1 April Y to 31 March Y+1. Entries approved after the year are left out.
 * The report is made one entry at a time and owns what it lists (a copy of each text, kept once
 * however many rows show it), so that it never holds the register: its memory grows with what
 * the year's report lists, not with the register (SPEC §8.4, scale). */
#ifndef ASX_REG_REPORT_H
#define ASX_REG_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include "asx/register.h"
#include "asx/score.h"

typedef struct {
    const char *bank; /* questionnaire id */
    size_t n;
} asx_rr_bank;

/* An entry as the report lists it, copied from the register as it stood on as_of. */
typedef struct {
    const char *id, *service, *vendor, *approver, *manager;
    asx_verdict verdict;
    double score;
    asx_date approved_on, next_review;
    bool has_next_check, has_evidence_expiry;
    asx_date next_check, evidence_expiry;
    asx_reg_status status;
    bool conditions_overdue; /* in use with a condition past due on as_of (条件未履行) */
} asx_rr_entry;

typedef struct {
    const asx_rr_entry *entry;
    asx_date renewed_on;
    const char *approver; /* may be NULL */
    asx_verdict verdict, previous_verdict;
    double score, previous_score;
    bool regressed; /* lower verdict or lower score */
} asx_rr_renewal;

typedef struct {
    const asx_rr_entry *entry;
    size_t n;           /* the condition's number */
    const char *text;
    const char *clause; /* as outputs show it (asx_reg_condition_clause); may be NULL */
    bool has_due;
    asx_date due;
    bool overdue; /* due before as_of */
} asx_rr_condition;

typedef struct {
    const asx_rr_entry *entry;
    asx_check_phase phase;
    asx_date on;
    const char *by;
    size_t nitems, not_met;
} asx_rr_check;

typedef struct asx_rr_store asx_rr_store; /* the report's own copies of the texts it lists */

typedef struct {
    const char *organization;
    int fiscal_year;
    asx_date from, to; /* 1 April Y, 31 March Y+1 */
    asx_date as_of;    /* the date overdue is judged on */
    size_t nentries;   /* entries approved by the end of the year */
    size_t by_status[4];  /* indexed by asx_reg_status */
    size_t conditions_overdue_entries; /* active entries shown as 条件未履行 on as_of */
    size_t by_verdict[2]; /* approved, conditional (entries in use) */
    asx_rr_bank *banks;   /* by questionnaire, in order of first appearance */
    size_t nbanks;
    const asx_rr_entry **approvals; /* approved within the year */
    size_t napprovals;
    asx_rr_renewal *renewals;        /* renewed within the year (re-audits) */
    size_t nrenewals, nregressions;
    asx_rr_condition *open_conditions; /* open on as_of, entries in use */
    size_t nopen_conditions, noverdue_conditions;
    size_t nconditions_met; /* met or waived within the year (renewals' earlier conditions too) */
    asx_rr_check *checks;   /* recorded within the year */
    size_t nchecks;
    size_t checks_by_phase[3];
    const asx_rr_entry **checks_overdue; /* in use, next operation check before as_of */
    size_t nchecks_overdue;
    const asx_rr_entry **expiring; /* in use, evidence expiring in 年度 Y+1 */
    size_t nexpiring;
    asx_date expiring_from, expiring_to;
    /* the clauses the report cites, in the organisation's numbering (SPEC §8.6) */
    asx_cite cite_report;    /* the report itself: 11-1(3)②, 12-1 */
    asx_cite cite_approvals; /* 11-2(4)③ */
    asx_cite cite_renewals;  /* 11-1(3), 12-1(4) */
    asx_cite cite_expiring;  /* 11-2(2)⑪ */
    asx_cite cite_checks;    /* the checks' duties: 11-2(5)②③, (6)③④, (7)②③ */
    asx_rr_store *store;     /* owns every text and entry row above */
} asx_reg_report;

/* The date the report of fiscal year fy (1 April fy to 31 March fy+1) is made as of, asked on
 * today: today, or the last day of a year that is over, so that a past year's report does not
 * change with what happened after it (SPEC §8.4). */
asx_date asx_reg_report_as_of(int fy, asx_date today);

/* An empty report of fiscal year fy of organization (NULL: none) with overdue judged on as_of,
 * citing the standard in policy's numbering (NULL: the reference ids): give it each entry of the
 * register as it stood on as_of with asx_reg_report_add(), in the register's order. Caller frees
 * with asx_reg_report_free(); ASX_ERR_NOMEM only. */
asx_error asx_reg_report_new(const asx_policy *policy, const char *organization, int fy,
                             asx_date as_of, asx_reg_report **out);
/* Count e and copy what the report lists of it (e is not kept). ASX_ERR_NOMEM only. */
asx_error asx_reg_report_add(asx_reg_report *rep, const asx_reg_entry *e);

/* The report of register r (as it stood on as_of: asx_register_read_as_of): asx_reg_report_new
 * and each entry of r. Caller frees with asx_reg_report_free(); ASX_ERR_NOMEM only. */
asx_error asx_reg_report_make(const asx_register *r, const asx_policy *policy, int fy, asx_date as_of,
                              asx_reg_report **out);
/* The report of the register at path (read as of as_of, one entry at a time; busy: wait up to
 * wait_seconds). Errors as asx_register_read_as_of. Caller frees with asx_reg_report_free(). */
asx_error asx_reg_report_read(const char *path, int wait_seconds, const asx_policy *policy, int fy,
                              asx_date as_of, asx_reg_report **out, asx_diags *d);
void asx_reg_report_free(asx_reg_report *rep);

/* The same figures as JSON, one line written to out (the e2e tests compare them with register
 * list --json): the lists of ids are written as they are, not made a tree first. ASX_ERR_NOMEM,
 * or ASX_ERR_IO when out fails. */
asx_error asx_reg_report_json_write(const asx_reg_report *rep, FILE *out);

#endif
