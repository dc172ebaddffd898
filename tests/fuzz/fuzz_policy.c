/* fuzz_policy.c - libFuzzer target: policy files. */
#include <stdint.h>
#include "asx/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_policy *p = NULL;
    (void)asx_policy_load((const char *)data, size, "fuzz.json", &p, &d);
    asx_policy_free(p);
    asx_diags_free(&d);
    return 0;
}
