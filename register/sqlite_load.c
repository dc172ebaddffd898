/* sqlite_load.c - libsqlite3, loaded on first use (see sqlite_load.h). */
#define ASX_SQLITE_LOADER
#include "sqlite_load.h"
#include <pthread.h>
#include "asx/dl_table.h"

asx_sqlite_table asx_sqlite;

/* The outcome of the one load, kept for every later call: the error, and the loader's words. */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static asx_error load_err;
static char load_msg[512];

static void load(void)
{
    static const asx_dl_sym syms[] = {
#define ASX_SQLITE_ENTRY(name) ASX_DL_SYM(asx_sqlite_table, name)
        ASX_SQLITE_FUNCTIONS(ASX_SQLITE_ENTRY)
#undef ASX_SQLITE_ENTRY
    };
    if (!asx_dl_table(ASX_SQLITE_LIBRARY, syms, sizeof syms / sizeof syms[0], &asx_sqlite,
                      sizeof asx_sqlite, load_msg, sizeof load_msg))
        load_err = ASX_ERR_UNAVAILABLE;
}

asx_error asx_sqlite_load(asx_diags *d)
{
    if (pthread_once(&load_once, load) != 0) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, ASX_SQLITE_LIBRARY, 0, 0, "pthread_once failed");
        return ASX_ERR_INTERNAL;
    }
    if (load_err)
        asx_diags_addf(d, load_err, ASX_SQLITE_LIBRARY, 0, 0,
                       ASX_L("SQLite のライブラリを読み込めません (台帳に必要です。Debian ではパッケージ libsqlite3-0): %s",
                             "cannot load the SQLite library (the register needs it; on Debian the package libsqlite3-0): %s"),
                       load_msg);
    return load_err;
}
