/* reg_report.h - the year's report to the CISO (11-1(3)②, 12-1): every figure of
 * `register report --fiscal-year Y`, computed here once; report/register_report.c only renders
 * it. 年度 Y runs from 1 April Y to 31 March Y+1. Entries approved after the year are left out.
 * Every pointer borrows from the register, which must outlive the report. */
#ifndef ASX_REG_REPORT_H
#define ASX_REG_REPORT_H

#include <stddef.h>
#include "asx/register.h"
#include "asx/score.h"

typedef struct {
    const char *bank; /* questionnaire id */
    size_t n;
} asx_rr_bank;

typedef struct {
    const asx_reg_entry *entry;
    const asx_reg_renewal *renewal;
    bool regressed; /* lower verdict or lower score */
} asx_rr_renewal;

typedef struct {
    const asx_reg_entry *entry;
    const asx_reg_condition *condition;
    bool overdue; /* due before as_of */
} asx_rr_condition;

typedef struct {
    const asx_reg_entry *entry;
    const asx_reg_check *check;
} asx_rr_check;

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
    const asx_reg_entry **approvals; /* approved within the year */
    size_t napprovals;
    asx_rr_renewal *renewals;        /* renewed within the year (re-audits) */
    size_t nrenewals, nregressions;
    asx_rr_condition *open_conditions; /* open on as_of, entries in use */
    size_t nopen_conditions, noverdue_conditions;
    size_t nconditions_met; /* met or waived within the year (renewals' earlier conditions too) */
    asx_rr_check *checks;   /* recorded within the year */
    size_t nchecks;
    size_t checks_by_phase[3];
    const asx_reg_entry **checks_overdue; /* in use, next operation check before as_of */
    size_t nchecks_overdue;
    const asx_reg_entry **expiring; /* in use, evidence expiring in 年度 Y+1 */
    size_t nexpiring;
    asx_date expiring_from, expiring_to;
    /* the clauses the report cites, in the organisation's numbering (SPEC §8.6) */
    asx_cite cite_report;    /* the report itself: 11-1(3)②, 12-1 */
    asx_cite cite_approvals; /* 11-2(4)③ */
    asx_cite cite_renewals;  /* 11-1(3), 12-1(4) */
    asx_cite cite_expiring;  /* 11-2(2)⑪ */
    asx_cite cite_checks;    /* the checks' duties: 11-2(5)②③, (6)③④, (7)②③ */
} asx_reg_report;

/* The date the report of fiscal year fy (1 April fy to 31 March fy+1) is made as of, asked on
 * today: today, or the last day of a year that is over, so that a past year's report does not
 * change with what happened after it (SPEC §8.4). */
asx_date asx_reg_report_as_of(int fy, asx_date today);

/* The report of fiscal year fy with overdue judged on as_of, citing the standard in policy's
 * numbering (NULL: the reference ids). Caller frees with asx_reg_report_free(); ASX_ERR_NOMEM
 * only. */
asx_error asx_reg_report_make(const asx_register *r, const asx_policy *policy, int fy, asx_date as_of,
                              asx_reg_report **out);
void asx_reg_report_free(asx_reg_report *rep);

/* The same figures as JSON (the test compares them with register list --json). Caller frees. */
char *asx_reg_report_json(const asx_reg_report *rep);

#endif
