/* fuzz_migrate.c - libFuzzer target: what `register migrate` reads, a JSON register
 * (assess-register/1), parsed and moved into a new SQLite register as migrate does
 * (asx_register_change on a new file, the parsed register swapped in), then read back: the
 * JSON form must come back as it went in. Aborts (a finding) when migrate refuses as bad data a
 * register the parser accepted, or when what comes back differs: a migration that loses or
 * changes something. The register is a file named after the process (under $TMPDIR, else
 * /dev/shm when there is one, else /tmp), removed after every input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/register.h"
#include "asx/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4200], side[4300];

static void cleanup(void)
{
    static const char *const ext[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        snprintf(side, sizeof side, "%s%s", path, ext[i]);
        unlink(side);
    }
}

/* migrate's change: everything of the parsed register (ctx) into the new, empty one */
static asx_error move_in(asx_register *r, void *ctx, asx_diags *d)
{
    asx_register *old = ctx, tmp = *r;
    (void)d;
    *r = *old;
    *old = tmp;
    return ASX_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        const char *t = getenv("TMPDIR");
        struct stat st;
        if (!t || !*t)
            t = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/fuzz_migrate.%ld.sqlite", t, (long)getpid());
        cleanup();
        ready = 1;
    }
    asx_diags d;
    asx_diags_init(&d);
    asx_register *old = NULL;
    if (asx_register_parse((const char *)data, size, "fuzz.json", &old, &d) == ASX_OK) {
        char *want = asx_register_to_json(old);
        asx_store_opts o = {.write = true, .create = true, .wait_seconds = 0};
        asx_error err = want ? asx_register_change(path, &o, move_in, old, &d) : ASX_ERR_NOMEM;
        if (err == ASX_ERR_DATA || err == ASX_ERR_INTERNAL) {
            /* migrate refuses a register its own parser accepted */
            asx_diags_print(&d, stderr);
            abort();
        }
        if (!err) {
            asx_register *back = NULL;
            if (asx_register_read(path, 0, &back, &d) != ASX_OK) {
                asx_diags_print(&d, stderr); /* a register just written cannot be read back */
                abort();
            }
            char *got = asx_register_to_json(back);
            if (got && strcmp(got, want) != 0) {
                fprintf(stderr, "fuzz_migrate: the register read back differs\n--- in\n%s--- back\n%s", want, got);
                abort();
            }
            free(got);
            asx_register_free(back);
        }
        free(want);
        cleanup();
    }
    asx_register_free(old);
    asx_diags_free(&d);
    return 0;
}
