/* fuzz_migrate.c - libFuzzer target: what `register migrate` reads, a JSON register
 * (assess-register/1), moved into a new SQLite register by asx_register_migrate (which reads it
 * one element at a time), then read back. Aborts (a finding) when migrate refuses a register the
 * whole-file parser accepts or takes one it refuses, when a refused migrate leaves a register,
 * or when what comes back differs from what the whole-file parser read: a migration that loses
 * or changes something. The files are named after the process (under $TMPDIR, else /dev/shm
 * when there is one, else /tmp), removed after every input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/register.h"
#include "asx/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4200], side[4300], json[4300];

static void cleanup(void)
{
    static const char *const ext[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        snprintf(side, sizeof side, "%s%s", path, ext[i]);
        unlink(side);
    }
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
        snprintf(json, sizeof json, "%s/fuzz_migrate.%ld.json", t, (long)getpid());
        cleanup();
        ready = 1;
    }
    FILE *f = fopen(json, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort(); /* the fuzzer's own file */
    asx_diags d;
    asx_diags_init(&d);
    asx_register *old = NULL;
    asx_error perr = asx_register_parse((const char *)data, size, "fuzz.json", &old, &d);
    asx_error merr = asx_register_migrate(json, path, 0600, 1, &d);
    if (perr == ASX_OK && (merr == ASX_ERR_DATA || merr == ASX_ERR_INTERNAL)) {
        /* migrate refuses a register its own parser accepted */
        asx_diags_print(&d, stderr);
        abort();
    }
    if (perr == ASX_ERR_DATA && merr == ASX_OK) {
        asx_diags_print(&d, stderr);
        fprintf(stderr, "fuzz_migrate: migrate took a register the parser refuses\n");
        abort();
    }
    if (merr && access(path, F_OK) == 0) {
        fprintf(stderr, "fuzz_migrate: a refused migrate left a register\n");
        abort();
    }
    if (perr == ASX_OK && merr == ASX_OK) {
        char *want = asx_register_to_json(old);
        asx_register *back = NULL;
        if (asx_register_read(path, 0, &back, &d) != ASX_OK) {
            asx_diags_print(&d, stderr); /* a register just written cannot be read back */
            abort();
        }
        char *got = asx_register_to_json(back);
        if (want && got && strcmp(got, want) != 0) {
            fprintf(stderr, "fuzz_migrate: the register read back differs\n--- in\n%s--- back\n%s", want, got);
            abort();
        }
        free(got);
        free(want);
        asx_register_free(back);
    }
    cleanup();
    asx_register_free(old);
    asx_diags_free(&d);
    return 0;
}
