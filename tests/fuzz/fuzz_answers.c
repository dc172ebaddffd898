/* fuzz_answers.c - libFuzzer target: answers files through loading and scoring. */
#include <stdint.h>
#include <stdlib.h>
#include "asx/answers.h"
#include "asx/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static asx_bankset banks;
    static asx_policy *policy;
    static int ready;
    asx_diags d;
    asx_diags_init(&d);
    if (!ready) {
        if (asx_bankset_builtin(&banks, &d) || asx_policy_default(&policy, &d))
            abort();
        ready = 1;
    }
    asx_answers *a = NULL;
    if (asx_answers_load((const char *)data, size, "fuzz.json", &banks, &a, &d) == ASX_OK) {
        asx_result *r = NULL;
        if (asx_score(a, policy, a->date, &r, &d) == ASX_OK) {
            free(asx_result_to_json(r, ASX_LANG_JA));
            for (size_t i = 0; i < a->bank->nquestions; i++)
                free(asx_answer_format(&a->bank->questions[i], &a->a[i], ASX_LANG_EN));
        }
        asx_result_free(r);
        free(asx_answers_to_json(a));
    }
    asx_answers_free(a);
    asx_diags_free(&d);
    return 0;
}
