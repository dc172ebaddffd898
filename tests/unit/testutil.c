/* testutil.c - helpers for the Check unit tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

const char *tu_path(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", TEST_SRC, rel);
    return path;
}

char *tu_read(const char *rel, size_t *len)
{
    FILE *f = fopen(tu_path(rel), "rb");
    if (!f) {
        perror(tu_path(rel));
        abort();
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        abort();
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

int tu_diags_have(const asx_diags *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].msg && strstr(d->v[i].msg, needle))
            return 1;
    return 0;
}

int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---- scoring with the officer's judgments ---- */

static asx_review **kept;
static size_t nkept;

static void free_kept(void)
{
    for (size_t i = 0; i < nkept; i++)
        asx_review_free(kept[i]);
    free(kept);
}

static asx_judgment *yes(asx_judgment *j, asx_judgment_key k, const char *decision)
{
    j->key = k;
    j->yes = true;
    j->decision = strdup(decision);
    j->by = strdup("テスト 審査者");
    j->date = (asx_date){2026, 12, 1};
    return j;
}

asx_review *tu_review_all_made(const asx_answers *a)
{
    asx_review *r = calloc(1, sizeof *r);
    static const char *const words[ASX_JUDGE_COUNT] = {"accept", "approve", "sufficient", "accept", "confirmed"};
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++)
        if (k != ASX_JUDGE_SUBCONTRACTORS)
            r->made[k] = yes(calloc(1, sizeof *r->made[k]), (asx_judgment_key)k, words[k]);
    const char **names = NULL;
    size_t n = asx_answers_subcontractors(a, &names, NULL, NULL);
    r->subs = calloc(n ? n : 1, sizeof *r->subs);
    for (size_t i = 0; i < n; i++) {
        yes(&r->subs[i], ASX_JUDGE_SUBCONTRACTORS, "approve")->name = strdup(names[i]);
        r->nsubs++;
    }
    free(names);
    return r;
}

asx_error tu_score(const asx_answers *a, const asx_policy *p, asx_date date, asx_result **out, asx_diags *d)
{
    asx_review *r = NULL;
    char *beside = a->file ? asx_review_beside(a->file) : NULL;
    FILE *f = beside ? fopen(beside, "rb") : NULL;
    if (f) {
        fclose(f);
        if (asx_review_load_file(beside, a, &r, d) != ASX_OK)
            abort();
    } else {
        r = tu_review_all_made(a);
    }
    free(beside);
    if (!nkept)
        atexit(free_kept);
    kept = realloc(kept, (nkept + 1) * sizeof *kept);
    kept[nkept++] = r;
    return asx_score_review(a, r, p, date, 0, out, d);
}
