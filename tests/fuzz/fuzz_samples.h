/* fuzz_samples.h - what the targets that judge a review against real answers share: the built-in
 * banks, the default policy and the samples' answers, loaded once (the first input). */
#ifndef FUZZ_SAMPLES_H
#define FUZZ_SAMPLES_H
#include <stdio.h>
#include <stdlib.h>
#include "asx/answers.h"
#include "asx/policy.h"

#ifndef ASX_SOURCE_DIR
#error "ASX_SOURCE_DIR: the source tree (for the samples' answers)"
#endif

/* Load banks, policy and the answers of samples/<names[i]> into answers[i]; a target that cannot
 * has nothing to fuzz against, so it aborts naming itself and the file. */
static void fuzz_load_samples(const char *target, const char *const *names, size_t n, asx_bankset *banks,
                              asx_policy **policy, asx_answers **answers)
{
    asx_diags d;
    asx_diags_init(&d);
    if (asx_bankset_builtin(banks, &d) || asx_policy_default(policy, &d))
        abort();
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/samples/%s", ASX_SOURCE_DIR, names[i]);
        if (asx_answers_load_file(path, banks, &answers[i], &d)) {
            fprintf(stderr, "%s: cannot load %s\n", target, path);
            abort();
        }
    }
    asx_diags_free(&d);
}

#endif
