/* test_register.c - the register: load/validate, JSON round trip, ids, due dates across month
 * ends and leap years, locked atomic update (corrupt files untouched, symlinks and read-only
 * registers refused, concurrent writers), refusal of rejected results. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/io.h"
#include "asx/policy.h"
#include "asx/checklist.h"
#include "asx/reg_report.h"
#include "asx/register.h"
#include "asx/text.h"
#include "asx/util.h"
#include "asx/score.h"
#include "testutil.h"

/* ---- fixtures ---- */

static char tmpdir[256];

static void mk_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_register.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Remove the test's folder (a checked fixture: runs after each test). */
static void rm_tmp(void)
{
    char cmd[600];
    if (!tmpdir[0])
        return;
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", tmpdir, tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    tmpdir[0] = 0;
}

static const char *tpath(const char *name)
{
    static char buf[2][512];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    if (len)
        *len = (size_t)n;
    return b;
}

/* A scored sample: banks, policy, answers, result, kept together. */
typedef struct {
    asx_bankset banks;
    asx_policy *policy;
    asx_answers *ans;
    asx_result *res;
} scored;

static void score_sample(const char *rel, scored *s)
{
    asx_diags d;
    asx_diags_init(&d);
    memset(s, 0, sizeof *s);
    ck_assert_int_eq(asx_bankset_builtin(&s->banks, &d), ASX_OK);
    ck_assert_int_eq(asx_policy_default(&s->policy, &d), ASX_OK);
    ck_assert_int_eq(asx_answers_load_file(tu_path(rel), &s->banks, &s->ans, &d), ASX_OK);
    ck_assert_int_eq(tu_score(s->ans, s->policy, s->ans->date, &s->res, &d), ASX_OK);
    asx_diags_free(&d);
}

static void scored_free(scored *s)
{
    asx_result_free(s->res);
    asx_answers_free(s->ans);
    asx_policy_free(s->policy);
    asx_bankset_free(&s->banks);
}

/* The input of an add or renewal decided on date: the sample scored again on that date, so that
 * the result's next review counts from it. */
static asx_reg_input input_for(scored *s, const char *date)
{
    asx_reg_input in = {0};
    ck_assert(asx_date_parse(date, &in.date));
    asx_diags d;
    asx_diags_init(&d);
    /* the date arithmetic tests decide in years before the samples were answered: the sample is
     * taken as answered on the decision date then (a decision before the answers is refused) */
    if (asx_date_cmp(in.date, s->ans->date) < 0)
        s->ans->date = in.date;
    asx_result_free(s->res);
    ck_assert_int_eq(tu_score(s->ans, s->policy, in.date, &s->res, &d), ASX_OK);
    asx_diags_free(&d);
    in.result = s->res;
    in.approver = "市長 山田太郎";
    in.manager = "情報政策課長 佐藤花子";
    in.user = "tester";
    in.lang = ASX_LANG_JA;
    return in;
}

/* ---- parsing ---- */

static const char *minimal =
    "{\"format\": \"assess-register/1\", \"organization\": \"○○市\", \"next_seq\": {\"2026\": 3},\n"
    " \"entries\": [{\"id\": \"EXT-2026-0002\", \"service\": \"S\", \"vendor\": \"V\",\n"
    "   \"corporate_number\": null, \"classification\": {\"confidentiality\": 2, \"integrity\": 2,\n"
    "   \"availability\": 1}, \"questionnaire\": \"cloud\", \"questionnaire_version\": \"1.0\",\n"
    "   \"verdict\": \"conditional\", \"score\": 72.5, \"conditions\": [\"条件A\"],\n"
    "   \"approver\": \"A\", \"manager\": \"M\", \"approved_on\": \"2026-01-31\",\n"
    "   \"next_review\": \"2027-01-31\", \"evidence_expiry\": \"2026-03-31\", \"status\": \"active\",\n"
    "   \"revoked_on\": null, \"revoke_reason\": null, \"answers_sha256\": null, \"pack_dir\": null,\n"
    "   \"pack\": [], \"renewals\": []}],\n"
    " \"history\": [{\"at\": \"2026-01-31T10:00:00+09:00\", \"user\": \"u\", \"action\": \"add\",\n"
    "   \"entry\": \"EXT-2026-0002\", \"detail\": null}]}\n";

START_TEST(parse_minimal_and_round_trip)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_parse(minimal, strlen(minimal), "r.json", &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, 1);
    ck_assert_str_eq(r->organization, "○○市");
    const asx_reg_entry *e = asx_register_find(r, "EXT-2026-0002");
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->verdict, ASX_VERDICT_CONDITIONAL);
    ck_assert_double_eq_tol(e->score, 72.5, 1e-9);
    ck_assert(e->has_evidence_expiry);
    ck_assert_int_eq(e->cls.a, 1);
    ck_assert_ptr_null(e->corporate_number);
    char *text = asx_register_to_json(r);
    asx_register *r2 = NULL;
    ck_assert_int_eq(asx_register_parse(text, strlen(text), "r2.json", &r2, &d), ASX_OK);
    char *text2 = asx_register_to_json(r2);
    ck_assert_str_eq(text, text2); /* serialising is a fixed point */
    free(text);
    free(text2);
    asx_register_free(r);
    asx_register_free(r2);
    asx_diags_free(&d);
}
END_TEST

START_TEST(parse_foreign_format_has_position)
{
    const char *foreign = "{\n  \"format\": \"assess-answers/1\",\n  \"entries\": []\n}\n";
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_parse(foreign, strlen(foreign), "x.json", &r, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(r);
    ck_assert_uint_ge(d.n, 1);
    ck_assert_int_eq(d.v[0].line, 2);
    ck_assert_int_gt(d.v[0].col, 0);
    ck_assert(tu_diags_have(&d, "assess-register/1"));
    asx_diags_free(&d);
}
END_TEST

START_TEST(parse_bad_json_and_bad_entries)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    const char *trunc = "{\"format\": \"assess-register/1\", \"entries\": [";
    ck_assert_int_eq(asx_register_parse(trunc, strlen(trunc), "t.json", &r, &d), ASX_ERR_DATA);
    ck_assert_uint_ge(d.n, 1);
    ck_assert_int_gt(d.v[0].line, 0);
    asx_diags_free(&d);

    /* every problem of a broken entry is reported, not just the first */
    asx_diags_init(&d);
    char *bad = strdup(minimal);
    char *p = strstr(bad, "EXT-2026-0002");
    memcpy(p, "EXT-26-000002", 13);
    p = strstr(bad, "\"active\"");
    memcpy(p, "\"actXve\"", 8);
    p = strstr(bad, "2027-01-31");
    memcpy(p, "2027-02-30", 10);
    ck_assert_int_eq(asx_register_parse(bad, strlen(bad), "b.json", &r, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "EXT-YYYY-NNNN"));
    ck_assert(tu_diags_have(&d, "status"));
    ck_assert(tu_diags_have(&d, "next_review"));
    free(bad);
    asx_diags_free(&d);

    /* unknown keys are errors: a register is not free-form */
    asx_diags_init(&d);
    bad = strdup(minimal);
    p = strstr(bad, "\"pack_dir\"");
    memcpy(p, "\"packXdir\"", 10);
    ck_assert_int_eq(asx_register_parse(bad, strlen(bad), "k.json", &r, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "packXdir"));
    free(bad);
    asx_diags_free(&d);
}
END_TEST

START_TEST(parse_duplicate_ids)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    /* entries: [E] → entries: [E, E] */
    const char *start = strstr(minimal, "[{\"id\"") + 1;
    const char *end = strstr(minimal, "],\n \"history\"");
    ck_assert_ptr_nonnull(start);
    ck_assert_ptr_nonnull(end);
    size_t pre = (size_t)(end - minimal), elen = (size_t)(end - start), n = strlen(minimal);
    char *two = malloc(n + elen + 2);
    memcpy(two, minimal, pre);
    two[pre] = ',';
    memcpy(two + pre + 1, start, elen);
    memcpy(two + pre + 1 + elen, end, n - pre + 1);
    ck_assert_int_eq(asx_register_parse(two, strlen(two), "dup.json", &r, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(r);
    ck_assert(tu_diags_have(&d, "EXT-2026-0002"));
    free(two);
    asx_diags_free(&d);
}
END_TEST

/* ---- add, ids, conditions ---- */

START_TEST(add_assigns_ids_per_year)
{
    scored s;
    score_sample("samples/reaudit/2026.json", &s);
    ck_assert_int_eq(s.res->verdict, ASX_VERDICT_CONDITIONAL);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = asx_register_new("○○市");
    char id[32];
    asx_reg_input in = input_for(&s, "2026-11-20");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    ck_assert_str_eq(id, "EXT-2026-0001");
    /* the same service again, while its entry is in use: refused, pointing to renew */
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(d.v[d.n - 1].msg, "register renew EXT-2026-0001"));
    ck_assert_uint_eq(r->nentries, 1);
    r->entries[0].status = ASX_REG_REVOKED; /* once revoked, it may be added again */
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    ck_assert_str_eq(id, "EXT-2026-0002");
    r->entries[1].status = ASX_REG_ENDED;
    in = input_for(&s, "2027-01-05");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    ck_assert_str_eq(id, "EXT-2027-0001");
    ck_assert_uint_eq(r->nentries, 3);
    ck_assert_uint_eq(r->nhistory, 3);
    ck_assert_int_eq(r->history[2].action, ASX_REG_ADD);
    ck_assert_str_eq(r->history[2].user, "tester");

    const asx_reg_entry *e = asx_register_find(r, "EXT-2026-0001");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->vendor, "株式会社あおばシステム");
    ck_assert_str_eq(e->corporate_number, "2370050060070");
    /* conditional: every major and minor finding is a condition, as a record */
    size_t expect = s.res->count[ASX_SEV_MAJOR] + s.res->count[ASX_SEV_MINOR];
    ck_assert_uint_gt(expect, 0);
    ck_assert_uint_eq(e->nconditions, expect);
    ck_assert_uint_eq(e->conditions[0].n, 1);
    ck_assert_int_eq(e->conditions[0].status, ASX_COND_OPEN);
    ck_assert_str_eq(e->conditions[0].clause, s.res->conditions[0].finding->clause);
    ck_assert(e->conditions[0].has_due);
    char due[11];
    asx_date_iso(e->conditions[0].due, due);
    ck_assert_str_eq(due, "2026-12-20"); /* decision 2026-11-20 + condition_due_days 30 */
    /* next review: the policy's interval (12 months) */
    char iso[11];
    asx_date_iso(e->next_review, iso);
    ck_assert_str_eq(iso, "2027-11-20");
    /* cert.expiry of the answers */
    ck_assert(e->has_evidence_expiry);
    asx_date_iso(e->evidence_expiry, iso);
    ck_assert_str_eq(iso, "2026-09-30");

    /* a hand-edited counter behind its entries does not reuse an id */
    r->seq[0].next = 1;
    r->entries[2].status = ASX_REG_REVOKED;
    in = input_for(&s, "2026-12-01");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    ck_assert_str_eq(id, "EXT-2026-0003");
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

/* A counter behind an id past 999 (EXT-2026-1500) continues after that id, not after 500 (the
 * sequence was read one character too far to the right). */
START_TEST(counter_behind_a_four_digit_id)
{
    scored s;
    score_sample("samples/reaudit/2026.json", &s);
    asx_diags d;
    asx_diags_init(&d);
    char *text = asx_strdupf("%s", minimal);
    char *p = strstr(text, "EXT-2026-0002");
    ck_assert_ptr_nonnull(p);
    memcpy(p, "EXT-2026-1500", 13);
    p = strstr(text, "EXT-2026-0002");
    ck_assert_ptr_nonnull(p);
    memcpy(p, "EXT-2026-1500", 13);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_parse(text, strlen(text), "r.json", &r, &d), ASX_OK);
    char id[32];
    asx_reg_input in = input_for(&s, "2026-11-20");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    ck_assert_str_eq(id, "EXT-2026-1501");
    asx_register_free(r);
    free(text);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(user_conditions_are_kept)
{
    scored s;
    score_sample("samples/reaudit/2025.json", &s);
    ck_assert_int_eq(s.res->verdict, ASX_VERDICT_APPROVED);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = asx_register_new("");
    const char *conds[] = {"年1回の監査報告書の提出", "個人番号を扱わないこと"};
    asx_reg_input in = input_for(&s, "2025-11-20");
    in.conditions = conds;
    in.nconditions = 2;
    char id[32];
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    const asx_reg_entry *e = asx_register_find(r, id);
    ck_assert_uint_eq(e->nconditions, 2); /* approved: no findings become conditions */
    ck_assert_str_eq(e->conditions[1].text, "個人番号を扱わないこと");
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(rejected_is_refused)
{
    scored s;
    score_sample("samples/skyharbor-us.json", &s);
    ck_assert(s.res->verdict == ASX_VERDICT_REJECTED || s.res->verdict == ASX_VERDICT_INCOMPLETE);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = asx_register_new("");
    char id[32] = "";
    asx_reg_input in = input_for(&s, "2026-11-20");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_ERR_DATA);
    ck_assert_uint_eq(r->nentries, 0);
    ck_assert_uint_eq(r->nhistory, 0);
    ck_assert(tu_diags_have(&d, asx_verdict_name(s.res->verdict)));
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

/* ---- due dates ---- */

static asx_register *one_entry(const char *approved, int months, const char *evidence)
{
    scored s;
    score_sample("samples/reaudit/2025.json", &s);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = asx_register_new("");
    s.policy->review_interval_months = months;
    asx_reg_input in = input_for(&s, approved);
    char id[32];
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    if (evidence) {
        ck_assert(asx_date_parse(evidence, &r->entries[0].evidence_expiry));
        r->entries[0].has_evidence_expiry = true;
    } else {
        r->entries[0].has_evidence_expiry = false;
    }
    asx_diags_free(&d);
    scored_free(&s);
    return r;
}

static void assert_next_review(const char *approved, int months, const char *want)
{
    asx_register *r = one_entry(approved, months, NULL);
    char iso[11];
    asx_date_iso(r->entries[0].next_review, iso);
    ck_assert_str_eq(iso, want);
    asx_register_free(r);
}

/* An approval cannot precede the answers it approves (issue 29: --date 2025-12-10 on answers of
 * 2026-11-20 was recorded). */
START_TEST(decision_before_answers_refused)
{
    scored s;
    score_sample("samples/minato-docs.json", &s);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = asx_register_new("");
    asx_reg_input in = input_for(&s, "2026-11-20");
    ck_assert(asx_date_parse("2025-12-10", &s.res->decided_on)); /* as scored with --date 2025-12-10 */
    char id[32] = "";
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_ERR_DATA);
    ck_assert_uint_eq(r->nentries, 0);
    ck_assert(tu_diags_have(&d, "2025-12-10"));
    ck_assert(tu_diags_have(&d, "2026-11-20"));
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(next_review_clamps_month_ends)
{
    assert_next_review("2024-02-29", 12, "2025-02-28");
    assert_next_review("2024-02-29", 48, "2028-02-29");
    assert_next_review("2026-01-31", 1, "2026-02-28");
    assert_next_review("2028-01-31", 1, "2028-02-29");
    assert_next_review("2026-08-31", 1, "2026-09-30");
    assert_next_review("2026-12-31", 2, "2027-02-28");
    assert_next_review("2026-11-20", 12, "2027-11-20");
}
END_TEST

START_TEST(due_by_review_and_evidence)
{
    asx_register *r = one_entry("2024-02-29", 12, "2025-01-31");
    r->entries[0].has_next_check = false; /* operation checks: see due_lists_conditions_and_checks */
    asx_due *v = NULL;
    size_t n = 0;
    asx_date asof;
    /* 2025-01-01, within 30 days: evidence (01-31) is due, review (02-28) is not yet */
    ck_assert(asx_date_parse("2025-01-01", &asof));
    ck_assert_int_eq(asx_register_due(r, asof, 30, &v, &n), ASX_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(v[0].reason, ASX_DUE_EVIDENCE);
    ck_assert_int_eq(v[0].days_left, 30);
    free(v);
    /* the review falls due exactly at as_of + within (inclusive) */
    ck_assert(asx_date_parse("2025-01-29", &asof));
    ck_assert_int_eq(asx_register_due(r, asof, 30, &v, &n), ASX_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(v[0].reason, ASX_DUE_EVIDENCE); /* sorted by date */
    ck_assert_int_eq(v[1].reason, ASX_DUE_REVIEW);
    ck_assert_int_eq(v[1].days_left, 30);
    ck_assert_str_eq(asx_due_reason_name(v[1].reason), "review");
    free(v);
    ck_assert(asx_date_parse("2025-01-28", &asof));
    ck_assert_int_eq(asx_register_due(r, asof, 30, &v, &n), ASX_OK);
    ck_assert_uint_eq(n, 1);
    free(v);
    /* overdue: negative days */
    ck_assert(asx_date_parse("2025-03-10", &asof));
    ck_assert_int_eq(asx_register_due(r, asof, 0, &v, &n), ASX_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(v[1].days_left, -10);
    free(v);
    /* revoked entries are never due */
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_register_revoke(r, r->entries[0].id, "契約終了", asof, "t", &d), ASX_OK);
    ck_assert_int_eq(asx_register_due(r, asof, 0, &v, &n), ASX_OK);
    ck_assert_uint_eq(n, 0);
    free(v);
    /* revoking twice is an error */
    ck_assert_int_eq(asx_register_revoke(r, r->entries[0].id, "x", asof, "t", &d), ASX_ERR_DATA);
    asx_diags_free(&d);
    asx_register_free(r);
}
END_TEST

/* Expired is read on a date, never stored: the same entry is active on its review date and
 * expired the day after, and back to active when read on the earlier date again. */
START_TEST(settle_reads_expiry_on_a_date)
{
    asx_register *r = one_entry("2025-01-31", 1, NULL); /* next review 2025-02-28 */
    asx_date d1, d2;
    ck_assert(asx_date_parse("2025-02-28", &d1));
    ck_assert(asx_date_parse("2025-03-01", &d2));
    size_t nh = r->nhistory;
    asx_register_settle(r, d1);
    ck_assert_int_eq(r->entries[0].status, ASX_REG_ACTIVE);
    asx_register_settle(r, d2);
    ck_assert_int_eq(r->entries[0].status, ASX_REG_EXPIRED);
    asx_register_settle(r, d1);
    ck_assert_int_eq(r->entries[0].status, ASX_REG_ACTIVE);
    ck_assert_uint_eq(r->nhistory, nh); /* nothing recorded */
    r->entries[0].status = ASX_REG_REVOKED;
    asx_register_settle(r, d2);
    ck_assert_int_eq(r->entries[0].status, ASX_REG_REVOKED);
    asx_register_free(r);
}
END_TEST

START_TEST(renew_moves_review_and_keeps_history)
{
    scored s25, s26;
    score_sample("samples/reaudit/2025.json", &s25);
    score_sample("samples/reaudit/2026.json", &s26);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = asx_register_new("");
    char id[32];
    asx_reg_input in = input_for(&s25, "2025-11-20");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    asx_reg_input rn = input_for(&s26, "2026-11-15");
    rn.approver = NULL;
    rn.manager = NULL;
    ck_assert_int_eq(asx_register_renew(r, id, &rn, &d), ASX_ERR_DATA); /* approver required */
    ck_assert_uint_eq(asx_register_find(r, id)->nrenewals, 0);
    rn.approver = "副市長 鈴木一郎";
    ck_assert_int_eq(asx_register_renew(r, id, &rn, &d), ASX_OK);
    const asx_reg_entry *e = asx_register_find(r, id);
    char iso[11];
    asx_date_iso(e->next_review, iso);
    ck_assert_str_eq(iso, "2027-11-15");
    asx_date_iso(e->approved_on, iso);
    ck_assert_str_eq(iso, "2025-11-20"); /* the original approval stays */
    ck_assert_int_eq(e->verdict, ASX_VERDICT_CONDITIONAL);
    ck_assert_str_eq(e->approver, "副市長 鈴木一郎");
    ck_assert_uint_eq(e->nrenewals, 1);
    ck_assert_str_eq(e->renewals[0].approver, "副市長 鈴木一郎");
    ck_assert(asx_reg_renewal_regressed(&e->renewals[0])); /* 承認 → 条件付き承認 */
    /* 2026.json's certificate expired on 2026-09-30: the renewed entry reads as expired on the
     * renewal date (nothing of that is stored: the status is read on each date) */
    ck_assert_int_eq(e->status, ASX_REG_ACTIVE);
    asx_register_settle(r, rn.date);
    ck_assert_int_eq(e->status, ASX_REG_EXPIRED);
    ck_assert_int_eq(e->renewals[0].previous_verdict, ASX_VERDICT_APPROVED);
    asx_date_iso(e->renewals[0].previous_next_review, iso);
    ck_assert_str_eq(iso, "2026-11-20");
    ck_assert_int_eq(r->history[r->nhistory - 1].action, ASX_REG_RENEW);
    /* unknown id, revoked entry */
    ck_assert_int_eq(asx_register_renew(r, "EXT-2026-9999", &rn, &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_revoke(r, id, "契約終了", rn.date, "t", &d), ASX_OK);
    ck_assert_int_eq(asx_register_renew(r, id, &rn, &d), ASX_ERR_DATA);
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s25);
    scored_free(&s26);
}
END_TEST


/* ---- conditions, checks, due, the year's report (issue 16) ---- */

static asx_register *conditional_entry(scored *s, const char *date)
{
    score_sample("samples/procurement/bid-b.json", s);
    ck_assert_int_eq(s->res->verdict, ASX_VERDICT_CONDITIONAL);
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = asx_register_new("");
    asx_reg_input in = input_for(s, date);
    char id[32];
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    asx_diags_free(&d);
    return r;
}

static asx_date D(const char *iso)
{
    asx_date d;
    ck_assert(asx_date_parse(iso, &d));
    return d;
}

START_TEST(conditions_met_one_by_one)
{
    scored s;
    asx_register *r = conditional_entry(&s, "2026-11-20");
    asx_reg_entry *e = &r->entries[0];
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_uint_eq(e->nconditions, 4);
    ck_assert_str_eq(asx_reg_state_name(e, D("2026-12-20")), "active");
    ck_assert_str_eq(asx_reg_state_name(e, D("2026-12-21")), "conditions_overdue");
    ck_assert_str_eq(asx_reg_state_label(e, D("2026-12-21"), ASX_LANG_JA), "条件未履行");
    ck_assert_uint_eq(asx_reg_overdue_conditions(e, D("2026-12-21")), 4);
    /* out of range, no evidence, before the approval: refused, nothing changes */
    ck_assert_int_eq(asx_register_condition(r, e->id, 0, ASX_COND_MET, "x", D("2026-12-01"), "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_condition(r, e->id, 5, ASX_COND_MET, "x", D("2026-12-01"), "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, "", D("2026-12-01"), "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, "x", D("2026-11-01"), "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_condition(r, "EXT-2026-0042", 1, ASX_COND_MET, "x", D("2026-12-01"), "t", &d), ASX_ERR_DATA);
    /* evidence and name under the rule of the answers' texts: length, controls, noncharacters */
    char *long_text = malloc(ASX_MAX_TEXT_CHARS + 2);
    memset(long_text, 'x', ASX_MAX_TEXT_CHARS + 1);
    long_text[ASX_MAX_TEXT_CHARS + 1] = '\0';
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, long_text, D("2026-12-01"), "t", &d), ASX_ERR_DATA);
    long_text[ASX_MAX_TEXT_CHARS] = '\0';
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, "a\xef\xbf\xbe", D("2026-12-01"), "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, "a\x1b[2J", D("2026-12-01"), "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, "x", D("2026-12-01"), "a\nb", &d), ASX_ERR_DATA);
    ck_assert_uint_eq(asx_reg_open_conditions(e), 4);
    ck_assert_uint_eq(r->nhistory, 1);
    for (size_t n = 1; n <= 4; n++)
        ck_assert_int_eq(asx_register_condition(r, e->id, n, n == 3 ? ASX_COND_WAIVED : ASX_COND_MET,
                                                "変更契約", D("2026-12-10"), "佐藤", &d), ASX_OK);
    ck_assert_int_eq(asx_register_condition(r, e->id, 2, ASX_COND_MET, "again", D("2026-12-11"), "t", &d), ASX_ERR_DATA);
    ck_assert_uint_eq(asx_reg_open_conditions(e), 0);
    ck_assert_str_eq(asx_reg_state_name(e, D("2027-01-01")), "active");
    ck_assert_int_eq(e->conditions[2].status, ASX_COND_WAIVED);
    ck_assert_str_eq(e->conditions[2].by, "佐藤");
    ck_assert_int_eq(r->history[r->nhistory - 1].action, ASX_REG_CONDITION);
    ck_assert_ptr_nonnull(strstr(r->history[r->nhistory - 1].detail, "すべて履行済み"));
    /* the records go through the file and back */
    char *text = asx_register_to_json(r);
    asx_register *back = NULL;
    ck_assert_int_eq(asx_register_parse(text, strlen(text), "r.json", &back, &d), ASX_OK);
    ck_assert_int_eq(back->entries[0].conditions[1].status, ASX_COND_MET);
    ck_assert_str_eq(back->entries[0].conditions[1].evidence, "変更契約");
    free(long_text);
    ck_assert_int_eq(asx_date_cmp(back->entries[0].conditions[1].on, D("2026-12-10")), 0);
    char *again = asx_register_to_json(back);
    ck_assert_str_eq(text, again);
    free(text);
    free(again);
    asx_register_free(back);
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(old_string_conditions_migrate)
{
    const char *old =
        "{\"format\": \"assess-register/1\", \"organization\": \"\", \"next_seq\": {\"2025\": 2},\n"
        " \"entries\": [{\"id\": \"EXT-2025-0001\", \"service\": \"s\", \"vendor\": \"v\",\n"
        "   \"corporate_number\": null, \"classification\": {\"confidentiality\": 2, \"integrity\": 2, \"availability\": 2},\n"
        "   \"questionnaire\": \"cloud\", \"questionnaire_version\": \"1.0\", \"verdict\": \"conditional\",\n"
        "   \"score\": 72.5, \"conditions\": [\"条件A\", \"条件B\"], \"approver\": \"a\", \"manager\": \"m\",\n"
        "   \"approved_on\": \"2025-04-01\", \"next_review\": \"2026-04-01\", \"evidence_expiry\": null,\n"
        "   \"status\": \"active\", \"revoked_on\": null, \"revoke_reason\": null, \"answers_sha256\": null,\n"
        "   \"pack_dir\": null, \"pack\": [], \"renewals\": []}],\n"
        " \"history\": []}\n";
    asx_register *r = NULL;
    asx_diags d;
    asx_diags_init(&d);
    ck_assert_int_eq(asx_register_parse(old, strlen(old), "old.json", &r, &d), ASX_OK);
    const asx_reg_entry *e = &r->entries[0];
    ck_assert_uint_eq(e->nconditions, 2);
    ck_assert_uint_eq(e->conditions[1].n, 2);
    ck_assert_str_eq(e->conditions[1].text, "条件B");
    ck_assert_int_eq(e->conditions[1].status, ASX_COND_OPEN);
    ck_assert(!e->conditions[1].has_due);
    ck_assert(!e->has_next_check);
    ck_assert_uint_eq(asx_reg_overdue_conditions(e, D("2030-01-01")), 0); /* no due date: never overdue */
    char *text = asx_register_to_json(r);
    ck_assert_ptr_nonnull(strstr(text, "\"status\":\t\"open\""));
    free(text);
    /* a bad record is refused with its place */
    const char *bad = "{\"format\": \"assess-register/1\", \"entries\": [{\"conditions\": [{\"n\": 2, \"text\": \"x\", \"status\": \"done\"}]}], \"history\": []}";
    asx_register *b = NULL;
    ck_assert_int_eq(asx_register_parse(bad, strlen(bad), "bad.json", &b, &d), ASX_ERR_DATA);
    bool seen_n = false, seen_status = false;
    for (size_t i = 0; i < d.n; i++) {
        seen_n = seen_n || strstr(d.v[i].msg, "numbered from 1") || strstr(d.v[i].msg, "1 から順に");
        seen_status = seen_status || strstr(d.v[i].msg, "\"done\"");
    }
    ck_assert(seen_n && seen_status);
    asx_register_free(r);
    asx_diags_free(&d);
}
END_TEST

START_TEST(checks_move_due_and_exit_ends)
{
    scored s;
    asx_register *r = conditional_entry(&s, "2026-11-20");
    asx_reg_entry *e = &r->entries[0];
    asx_diags d;
    asx_diags_init(&d);
    ck_assert(e->has_next_check);
    ck_assert_int_eq(asx_date_cmp(e->next_check, D("2027-11-20")), 0);
    asx_reg_check_item items[] = {{"11-2(6)①ア", ASX_CHECK_OK, NULL}, {"11-2(6)①カ", ASX_CHECK_NG, "未提出"}};
    asx_reg_check ck = {.phase = ASX_PHASE_OPERATE, .on = D("2027-06-01"), .by = "佐藤",
                        .items = items, .nitems = 2};
    ck_assert_int_eq(asx_register_record_check(r, e->id, &ck, s.policy, "t", &d), ASX_OK);
    ck_assert_int_eq(asx_date_cmp(e->next_check, D("2028-06-01")), 0); /* every review interval */
    /* 毎年度: by the end of the next 年度 */
    s.policy->review_basis = ASX_REVIEW_FISCAL_YEAR;
    ck.on = D("2027-07-01");
    ck_assert_int_eq(asx_register_record_check(r, e->id, &ck, s.policy, "t", &d), ASX_OK);
    ck_assert_int_eq(asx_date_cmp(e->next_check, D("2029-03-31")), 0);
    /* due lists the check when it falls due; the conditions too */
    asx_due *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(asx_register_due(r, D("2029-03-01"), 30, &v, &n), ASX_OK);
    bool check_due = false, cond_due = false;
    for (size_t i = 0; i < n; i++) {
        check_due = check_due || v[i].reason == ASX_DUE_CHECK;
        cond_due = cond_due || (v[i].reason == ASX_DUE_CONDITION && v[i].condition == 4);
    }
    ck_assert(check_due && cond_due);
    char *json = asx_register_due_json(v, n, D("2029-03-01"), 30);
    ck_assert_ptr_nonnull(strstr(json, "\"reason\":\t\"check\""));
    ck_assert_ptr_nonnull(strstr(json, "\"condition\":\t4"));
    free(json);
    free(v);
    /* a check dated before the approval is refused */
    ck.on = D("2026-01-01");
    ck_assert_int_eq(asx_register_record_check(r, e->id, &ck, s.policy, "t", &d), ASX_ERR_DATA);
    ck_assert_uint_eq(e->nchecks, 2);
    /* the exit check ends the entry: nothing is due any more, nothing more is recorded */
    ck.phase = ASX_PHASE_EXIT;
    ck.on = D("2028-03-31");
    ck_assert_int_eq(asx_register_record_check(r, e->id, &ck, s.policy, "t", &d), ASX_OK);
    ck_assert_int_eq(e->status, ASX_REG_ENDED);
    ck_assert_int_eq(asx_register_due(r, D("2040-01-01"), 0, &v, &n), ASX_OK);
    ck_assert_uint_eq(n, 0);
    free(v);
    ck_assert_int_eq(asx_register_record_check(r, e->id, &ck, s.policy, "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, "x", D("2028-04-01"), "t", &d), ASX_ERR_DATA);
    ck_assert_int_eq(asx_register_revoke(r, e->id, "x", D("2028-04-01"), "t", &d), ASX_ERR_DATA);
    /* once ended, the same service may be added again */
    asx_reg_input in = input_for(&s, "2028-04-01");
    char id[32];
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(duplicate_by_corporate_number_or_normalised_name)
{
    scored s;
    asx_register *r = conditional_entry(&s, "2026-11-20");
    asx_diags d;
    asx_diags_init(&d);
    asx_answers *a = (asx_answers *)s.ans;
    char id[32];
    /* another spelling of the service: full-width letters, spaces */
    free(a->service_name);
    a->service_name = asx_strdup("つばさ　ｅ－申請");
    asx_reg_input in = input_for(&s, "2026-12-01");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_ERR_DATA);
    /* no corporate number: the vendor's name without 株式会社 decides */
    free(r->entries[0].corporate_number);
    r->entries[0].corporate_number = NULL;
    free(a->vendor_name);
    a->vendor_name = asx_strdup("つばさソリューションズ（株）");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_ERR_DATA);
    /* another service of the same vendor is a new entry */
    free(a->service_name);
    a->service_name = asx_strdup("つばさ 文書管理");
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, 2);
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(checklists_from_the_clause_items)
{
    scored s;
    asx_register *r = conditional_entry(&s, "2026-11-20");
    const asx_reg_entry *e = &r->entries[0];
    asx_checklist *c = NULL;
    /* operation: 11-2(6)①ア–ケ, each with the cloud bank's questions citing it and the answers */
    ck_assert_int_eq(asx_checklist_make(e, ASX_PHASE_OPERATE, s.ans->bank, s.ans, ASX_LANG_JA, &c), ASX_OK);
    ck_assert_uint_eq(c->nitems, 9);
    ck_assert_str_eq(c->items[0].item, "11-2(6)①ア");
    ck_assert_str_eq(c->items[8].words, "設計・設定変更時の情報や変更履歴の管理");
    for (size_t i = 0; i < c->nitems; i++) {
        ck_assert_uint_gt(c->items[i].nquestions, 0);
        ck_assert_ptr_nonnull(c->items[i].answers);
    }
    ck_assert_str_eq(c->duty, "11-2(6)③④");
    asx_checklist_free(c);
    /* build and exit */
    ck_assert_int_eq(asx_checklist_make(e, ASX_PHASE_BUILD, s.ans->bank, NULL, ASX_LANG_JA, &c), ASX_OK);
    ck_assert_uint_eq(c->nitems, 5);
    ck_assert_str_eq(c->items[4].item, "11-2(5)①オ");
    ck_assert_ptr_null(c->items[0].answers);
    asx_checklist_free(c);
    /* a bank without questions citing the items (or none): the items keep their words */
    ck_assert_int_eq(asx_checklist_make(e, ASX_PHASE_EXIT, NULL, NULL, ASX_LANG_EN, &c), ASX_OK);
    ck_assert_uint_eq(c->nitems, 3);
    ck_assert_uint_eq(c->items[2].nquestions, 0);
    ck_assert_str_eq(c->items[2].words, "外部サービスの利用のために作成したアカウントの廃棄");
    asx_checklist_free(c);
    asx_checklist_free(NULL);
    asx_register_free(r);
    scored_free(&s);
}
END_TEST

/* register due --json is written item by item without a tree: its bytes are those cJSON prints
 * for the tree read back, escapes included (a condition's text with quotes, a backslash, a
 * newline, a tab and a control character; a clause that is null). */
START_TEST(due_json_is_the_tree_printed)
{
    scored s;
    asx_register *r = conditional_entry(&s, "2026-11-20");
    asx_reg_entry *e = &r->entries[0];
    free(e->conditions[0].text);
    e->conditions[0].text = strdup("「証跡」 \"quoted\" back\\slash\nnew line\ttab \x01 end");
    free(e->conditions[1].clause);
    e->conditions[1].clause = NULL;
    free(e->service);
    e->service = strdup("サービス \"名\"");
    ck_assert(e->conditions[0].text && e->service);
    asx_due *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(asx_register_due(r, D("2028-01-01"), 30, &v, &n), ASX_OK);
    ck_assert_uint_ge(n, 6); /* review, evidence, four conditions */
    char *json = asx_register_due_json(v, n, D("2028-01-01"), 30);
    ck_assert_ptr_nonnull(json);
    cJSON *back = cJSON_Parse(json);
    ck_assert_ptr_nonnull(back);
    char *printed = cJSON_Print(back);
    ck_assert_str_eq(json, printed);
    ck_assert_ptr_nonnull(strstr(json, "\\\"quoted\\\" back\\\\slash\\nnew line\\ttab \\u0001 end"));
    ck_assert_ptr_nonnull(strstr(json, "\"clause\":\tnull"));
    cJSON_free(printed);
    cJSON_Delete(back);
    free(json);
    free(v);
    asx_register_free(r);
    scored_free(&s);
}
END_TEST

/* The report owns what it lists (it is made one entry at a time from the store and never holds
 * the register): its rows outlive the register, and a text many rows show is kept once. */
START_TEST(year_report_owns_its_rows)
{
    scored s;
    asx_register *r = conditional_entry(&s, "2026-11-20");
    asx_diags d;
    asx_diags_init(&d);
    free(r->entries[0].service); /* another service, with the same answers and conditions */
    r->entries[0].service = strdup("別のサービス");
    ck_assert_ptr_nonnull(r->entries[0].service);
    asx_reg_input in = input_for(&s, "2026-11-20");
    char id[32];
    ck_assert_int_eq(asx_register_add(r, &in, id, sizeof id, &d), ASX_OK);
    asx_reg_report *rep = NULL;
    /* as of 10 April 2027 the conditions (due 31 March) are overdue */
    ck_assert_int_eq(asx_reg_report_make(r, NULL, 2026, D("2027-04-10"), &rep), ASX_OK);
    ck_assert_uint_eq(r->entries[0].nconditions, 4);
    char *text1 = strdup(r->entries[1].conditions[0].text);
    ck_assert_ptr_nonnull(text1);
    asx_register_free(r); /* the report's rows are its own */
    ck_assert_uint_eq(rep->napprovals, 2);
    ck_assert_str_eq(rep->approvals[0]->id, "EXT-2026-0001");
    ck_assert_str_eq(rep->approvals[0]->service, "別のサービス");
    ck_assert_str_eq(rep->approvals[1]->id, "EXT-2026-0002");
    ck_assert(rep->approvals[1]->conditions_overdue);
    ck_assert_str_eq(asx_reg_state_label_of(rep->approvals[1]->status,
                                            rep->approvals[1]->conditions_overdue, ASX_LANG_JA),
                     "条件未履行");
    ck_assert_uint_eq(rep->nopen_conditions, 8);
    ck_assert_uint_eq(rep->noverdue_conditions, 8);
    const asx_rr_condition *a = &rep->open_conditions[0], *b = &rep->open_conditions[4];
    ck_assert_ptr_eq(a->entry, rep->approvals[0]); /* one row per entry, whatever lists it */
    ck_assert_ptr_eq(b->entry, rep->approvals[1]);
    ck_assert_uint_eq(b->n, 1);
    ck_assert_str_eq(b->text, text1);
    ck_assert_ptr_eq(a->text, b->text); /* the same text, kept once */
    ck_assert(b->overdue && b->has_due);
    free(text1);
    asx_reg_report_free(rep);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(year_report_figures)
{
    scored s;
    asx_register *r = conditional_entry(&s, "2026-11-20");
    asx_diags d;
    asx_diags_init(&d);
    asx_reg_entry *e = &r->entries[0];
    ck_assert_int_eq(asx_register_condition(r, e->id, 1, ASX_COND_MET, "x", D("2027-01-10"), "t", &d), ASX_OK);
    asx_reg_input rn = input_for(&s, "2027-03-01");
    rn.approver = "副市長";
    ck_assert_int_eq(asx_register_renew(r, e->id, &rn, &d), ASX_OK);
    e = &r->entries[0];
    asx_reg_report *rep = NULL;
    ck_assert_int_eq(asx_reg_report_make(r, NULL, 2026, D("2027-03-31"), &rep), ASX_OK);
    ck_assert_int_eq(rep->from.m, 4);
    ck_assert_int_eq(rep->to.y, 2027);
    ck_assert_uint_eq(rep->nentries, 1);
    ck_assert_uint_eq(rep->by_status[ASX_REG_ACTIVE], 1);
    ck_assert_uint_eq(rep->napprovals, 1);
    ck_assert_uint_eq(rep->nrenewals, 1);
    ck_assert_uint_eq(rep->nregressions, 0); /* the same answers: same verdict and score */
    ck_assert_uint_eq(rep->nconditions_met, 1);
    ck_assert_uint_eq(rep->nopen_conditions, 4); /* the renewal re-derived the conditions */
    ck_assert_uint_eq(rep->noverdue_conditions, 0); /* due 2027-03-31, not before it */
    ck_assert_uint_eq(rep->nexpiring, 1); /* cert 2027-12-31: in 年度 2027 */
    ck_assert_uint_eq(rep->nbanks, 1);
    ck_assert_str_eq(rep->banks[0].bank, "cloud");
    asx_reg_report_free(rep);
    /* the year before: nothing approved yet */
    ck_assert_int_eq(asx_reg_report_make(r, NULL, 2025, D("2026-03-31"), &rep), ASX_OK);
    ck_assert_uint_eq(rep->nentries, 0);
    ck_assert_uint_eq(rep->napprovals, 0);
    asx_reg_report_free(rep);
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

/* ---- locked update ---- */

typedef struct {
    scored *s;
    const char *date;
    char id[32];
} add_ctx;

static asx_error add_fn(asx_register *r, void *vctx, asx_diags *d)
{
    add_ctx *c = vctx;
    asx_reg_input in = input_for(c->s, c->date);
    /* one service, many adds: each writer ends the entry in use before it (a duplicate is
     * refused) */
    for (size_t i = 0; i < r->nentries; i++)
        if (asx_reg_in_use(&r->entries[i]))
            r->entries[i].status = ASX_REG_ENDED;
    return asx_register_add(r, &in, c->id, sizeof c->id, d);
}

static asx_error fail_fn(asx_register *r, void *vctx, asx_diags *d)
{
    (void)r;
    (void)vctx;
    asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0, "refused");
    return ASX_ERR_DATA;
}

START_TEST(update_creates_with_mode_0640)
{
    scored s;
    score_sample("samples/reaudit/2025.json", &s);
    mk_tmp();
    asx_diags d;
    asx_diags_init(&d);
    add_ctx c = {&s, "2025-11-20", ""};
    const char *reg = tpath("reg.sqlite");
    mode_t old = umask(022);
    ck_assert_int_eq(asx_register_update(reg, true, "○○市", 0, add_fn, &c, &d), ASX_OK);
    umask(old);
    struct stat st;
    ck_assert_int_eq(stat(reg, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
    ck_assert_str_eq(c.id, "EXT-2025-0001");
    /* the result loads and holds the entry */
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_read(reg, 0, &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, 1);
    ck_assert_str_eq(r->organization, "○○市");
    asx_register_free(r);
    /* a failing change writes nothing */
    size_t n1, n2;
    char *before = slurp(reg, &n1);
    ck_assert_int_eq(asx_register_update(reg, true, "", 0, fail_fn, NULL, &d), ASX_ERR_DATA);
    char *after = slurp(reg, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert_mem_eq(before, after, n1);
    free(before);
    free(after);
    /* no register and create false: NOINPUT, nothing made */
    ck_assert_int_eq(asx_register_update(tpath("none.json"), false, "", 0, add_fn, &c, &d),
                     ASX_ERR_NOINPUT);
    ck_assert_int_ne(access(tpath("none.json"), F_OK), 0);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(update_never_overwrites_corrupt_or_foreign)
{
    scored s;
    score_sample("samples/reaudit/2025.json", &s);
    mk_tmp();
    const char *bodies[] = {
        "{\"format\": \"assess-register/1\", \"entries\": [ {\"id\": ",  /* truncated */
        "{\"format\": \"assess-answers/1\", \"answers\": {}}\n",           /* foreign */
        "not json at all\n",
        "{\"format\": \"assess-register/1\", \"format\": \"x\", \"entries\": [], \"history\": []}", /* duplicate key */
        "\xff\xfe{}",                                                       /* invalid UTF-8 */
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        asx_diags d;
        asx_diags_init(&d);
        const char *reg = tpath("bad.json");
        write_text(reg, bodies[i]);
        add_ctx c = {&s, "2025-11-20", ""};
        ck_assert_int_eq(asx_register_update(reg, true, "", 0, add_fn, &c, &d), ASX_ERR_DATA);
        size_t n;
        char *now = slurp(reg, &n);
        ck_assert_uint_eq(n, strlen(bodies[i]));
        ck_assert_mem_eq(now, bodies[i], n);
        free(now);
        ck_assert_uint_ge(d.n, 1);
        ck_assert_ptr_nonnull(d.v[0].file);
        ck_assert(strstr(d.v[0].file, "bad.json") != NULL);
        asx_diags_free(&d);
    }
    scored_free(&s);
}
END_TEST

START_TEST(update_refuses_symlink_and_readonly)
{
    scored s;
    score_sample("samples/reaudit/2025.json", &s);
    mk_tmp();
    asx_diags d;
    asx_diags_init(&d);
    add_ctx c = {&s, "2025-11-20", ""};
    const char *real = tpath("real.sqlite");
    ck_assert_int_eq(asx_register_update(real, true, "", 0, add_fn, &c, &d), ASX_OK);
    const char *link = tpath("link.sqlite");
    ck_assert_int_eq(symlink(real, link), 0);
    ck_assert_int_eq(asx_register_update(link, true, "", 0, add_fn, &c, &d), ASX_ERR_CANTCREAT);
    ck_assert(tu_diags_have(&d, ASX_L("シンボリックリンク", "symbolic link")));
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode)); /* still a link */
    /* read-only register (no write bit: refused even for root) */
    ck_assert_int_eq(chmod(real, 0440), 0);
    asx_diags_free(&d);
    asx_diags_init(&d);
    ck_assert_int_eq(asx_register_update(real, true, "", 0, add_fn, &c, &d), ASX_ERR_CANTCREAT);
    ck_assert_int_eq(stat(real, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0440);
    /* a folder is not a register */
    ck_assert_int_eq(mkdir(tpath("dir.json"), 0755), 0);
    ck_assert_int_eq(asx_register_update(tpath("dir.json"), true, "", 0, add_fn, &c, &d),
                     ASX_ERR_CANTCREAT);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

/* SPEC §8.4 / issue 26: 8 writers, each making 100 changes of the register at once (each change
 * one transaction; a busy register is waited for): nothing is lost, every id is unique. */
START_TEST(eight_writers_hundred_changes_each)
{
    enum { W = 8, C = 100 };
    scored s;
    score_sample("samples/reaudit/2025.json", &s);
    mk_tmp();
    const char *reg = tpath("eight.sqlite");
    pid_t kids[W];
    for (int i = 0; i < W; i++) {
        kids[i] = fork();
        ck_assert_int_ge(kids[i], 0);
        if (kids[i] == 0) {
            for (int k = 0; k < C; k++) {
                asx_diags d;
                asx_diags_init(&d);
                add_ctx c = {&s, "2026-04-01", ""};
                asx_error err = asx_register_update(reg, true, "", 0, add_fn, &c, &d);
                asx_diags_free(&d);
                if (err)
                    _exit(1);
            }
            _exit(0);
        }
    }
    for (int i = 0; i < W; i++) {
        int st = 0;
        ck_assert_int_eq(waitpid(kids[i], &st, 0), kids[i]);
        ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_read(reg, 0, &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, W * C);
    ck_assert_uint_eq(r->nhistory, W * C);
    for (int i = 0; i < W * C; i++) {
        char id[32];
        snprintf(id, sizeof id, "EXT-2026-%04d", i + 1);
        ck_assert_ptr_nonnull(asx_register_find(r, id));
    }
    size_t in_use = 0;
    for (size_t i = 0; i < r->nentries; i++)
        in_use += asx_reg_in_use(&r->entries[i]);
    ck_assert_uint_eq(in_use, 1); /* each change ended the entry before it */
    asx_register_free(r);
    /* the store's own check passes */
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = 0};
    ck_assert_int_eq(asx_store_open(reg, &o, &st, &d), ASX_OK);
    ck_assert_int_eq(asx_store_check(st, &d), ASX_OK);
    asx_store_close(st);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

START_TEST(update_concurrent_writers_lose_nothing)
{
    enum { N = 12 };
    scored s;
    score_sample("samples/reaudit/2025.json", &s);
    mk_tmp();
    const char *reg = tpath("conc.sqlite");
    pid_t kids[N];
    for (int i = 0; i < N; i++) {
        kids[i] = fork();
        ck_assert_int_ge(kids[i], 0);
        if (kids[i] == 0) {
            asx_diags d;
            asx_diags_init(&d);
            add_ctx c = {&s, "2026-04-01", ""};
            asx_error err = asx_register_update(reg, true, "", 0, add_fn, &c, &d);
            _exit(err ? 1 : 0);
        }
    }
    for (int i = 0; i < N; i++) {
        int st = 0;
        ck_assert_int_eq(waitpid(kids[i], &st, 0), kids[i]);
        ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    ck_assert_int_eq(asx_register_read(reg, 0, &r, &d), ASX_OK);
    ck_assert_uint_eq(r->nentries, N);
    ck_assert_uint_eq(r->nhistory, N);
    for (int i = 0; i < N; i++) {
        char id[32];
        snprintf(id, sizeof id, "EXT-2026-%04d", i + 1);
        ck_assert_ptr_nonnull(asx_register_find(r, id));
    }
    asx_register_free(r);
    asx_diags_free(&d);
    scored_free(&s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("register");
    TCase *tc = tcase_create("register");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, NULL, rm_tmp);
    tcase_add_test(tc, parse_minimal_and_round_trip);
    tcase_add_test(tc, parse_foreign_format_has_position);
    tcase_add_test(tc, parse_bad_json_and_bad_entries);
    tcase_add_test(tc, parse_duplicate_ids);
    tcase_add_test(tc, add_assigns_ids_per_year);
    tcase_add_test(tc, counter_behind_a_four_digit_id);
    tcase_add_test(tc, user_conditions_are_kept);
    tcase_add_test(tc, rejected_is_refused);
    tcase_add_test(tc, next_review_clamps_month_ends);
    tcase_add_test(tc, decision_before_answers_refused);
    tcase_add_test(tc, due_by_review_and_evidence);
    tcase_add_test(tc, settle_reads_expiry_on_a_date);
    tcase_add_test(tc, renew_moves_review_and_keeps_history);
    tcase_add_test(tc, update_creates_with_mode_0640);
    tcase_add_test(tc, update_never_overwrites_corrupt_or_foreign);
    tcase_add_test(tc, update_refuses_symlink_and_readonly);
    tcase_add_test(tc, update_concurrent_writers_lose_nothing);
    tcase_add_test(tc, conditions_met_one_by_one);
    tcase_add_test(tc, old_string_conditions_migrate);
    tcase_add_test(tc, checks_move_due_and_exit_ends);
    tcase_add_test(tc, duplicate_by_corporate_number_or_normalised_name);
    tcase_add_test(tc, checklists_from_the_clause_items);
    tcase_add_test(tc, year_report_figures);
    tcase_add_test(tc, year_report_owns_its_rows);
    tcase_add_test(tc, due_json_is_the_tree_printed);
    suite_add_tcase(s, tc);
    /* 800 transactions from eight processes: 33 s on a quiet machine, over 60 s under ASan on a
     * loaded one (the test's own wait for the register is what it measures, not the timeout) */
    TCase *stress = tcase_create("register-stress");
    tcase_set_timeout(stress, 240);
    tcase_add_checked_fixture(stress, NULL, rm_tmp);
    tcase_add_test(stress, eight_writers_hundred_changes_each);
    suite_add_tcase(s, stress);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
