/* fuzz_register.c - libFuzzer target: register files, parsed and written back. */
#include <stdint.h>
#include <stdlib.h>
#include "asx/register.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_register *r = NULL;
    if (asx_register_parse((const char *)data, size, "fuzz.json", &r, &d) == ASX_OK)
        free(asx_register_to_json(r));
    asx_register_free(r);
    asx_diags_free(&d);
    return 0;
}
