/* fuzz_review_sheet.c - libFuzzer target: the officer's filled review sheet (assess-review-sheet/1,
 * zip + XML, XLSX or ODS) through the import, then the review it gives scored with its answers.
 *
 * A sheet is bound to its answers by their SHA-256 (the _meta sheet). Every input is imported
 * without answers (the rules that need them wait) and against the first sample's answers (the
 * binding refused, or checked at cells); a review that imports and names a sample's SHA-256 is
 * imported again with those answers and scored with them, as score --review would. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/answers.h"
#include "asx/review.h"
#include "asx/review_sheet.h"
#include "asx/score.h"
#include "fuzz_samples.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const samples[] = {"minato-docs.json", "us-iaas-tokyo.json", "kumo-subcontract.json",
                                      "outsourcing-payroll.json", "light-survey.json"};
#define NSAMPLES (sizeof samples / sizeof samples[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static asx_bankset banks;
    static asx_policy *policy;
    static asx_answers *answers[NSAMPLES];
    static int ready;
    asx_diags d;
    asx_diags_init(&d);
    if (!ready) {
        fuzz_load_samples("fuzz_review_sheet", samples, NSAMPLES, &banks, &policy, answers);
        ready = 1;
    }
    (void)asx_is_review_sheet(data, size);
    asx_review *r = NULL;
    if (asx_review_sheet_import(data, size, "fuzz.xlsx", &banks, answers[0], &r, &d) == ASX_OK)
        asx_review_free(r);
    r = NULL;
    if (asx_review_sheet_import(data, size, "fuzz.xlsx", &banks, NULL, &r, &d) == ASX_OK) {
        char *json = asx_review_to_json(r);
        free(json);
        for (size_t i = 0; i < NSAMPLES; i++) {
            if (strcmp(r->answers_sha256, answers[i]->sha256) != 0)
                continue;
            asx_review *bound = NULL;
            if (asx_review_sheet_import(data, size, "fuzz.xlsx", &banks, answers[i], &bound, &d) == ASX_OK) {
                asx_result *res = NULL;
                if (asx_score_review(answers[i], bound, policy, answers[i]->date, ASX_SCORE_CONTRACT, &res, &d) == ASX_OK)
                    asx_result_free(res);
                asx_review_free(bound);
            }
            break;
        }
        asx_review_free(r);
    }
    asx_diags_free(&d);
    return 0;
}
