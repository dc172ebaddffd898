/* fuzz_bank.c - libFuzzer target: question banks (including their red-flag patterns). */
#include <stdint.h>
#include <string.h>
#include "asx/bank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_bank *b = NULL;
    if (asx_bank_load((const char *)data, size, "fuzz.json", &b, &d) == ASX_OK) {
        static const char text[] = "未定 TBD overseas 協議の上 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
        for (size_t i = 0; i < b->nflags; i++)
            (void)asx_redflag_match(&b->flags[i], text, strlen(text));
    }
    asx_bank_free(b);
    asx_diags_free(&d);
    return 0;
}
