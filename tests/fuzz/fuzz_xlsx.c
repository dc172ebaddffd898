/* fuzz_xlsx.c - libFuzzer target: filled vendor forms (zip + XML) through the importer. */
#include <stdint.h>
#include <stdlib.h>
#include "asx/xlsx_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static asx_bankset banks;
    static int ready;
    asx_diags d;
    asx_diags_init(&d);
    if (!ready) {
        if (asx_bankset_builtin(&banks, &d))
            abort();
        ready = 1;
    }
    char *json = NULL;
    (void)asx_xlsx_import(data, size, "fuzz.xlsx", &banks, &json, &d);
    free(json);
    asx_diags_free(&d);
    return 0;
}
