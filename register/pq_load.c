/* pq_load.c - libpq, loaded on first use (see pq_load.h). */
#define ASX_PQ_LOADER
#include "pq_load.h"
#include <pthread.h>
#include "asx/dl_table.h"

asx_pq_table asx_pq;

/* The outcome of the one load, kept for every later call: the error, and the loader's words. */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static asx_error load_err;
static char load_msg[512];

static void load(void)
{
    static const asx_dl_sym syms[] = {
#define ASX_PQ_ENTRY(name) ASX_DL_SYM(asx_pq_table, name)
        ASX_PQ_FUNCTIONS(ASX_PQ_ENTRY)
#undef ASX_PQ_ENTRY
    };
    if (!asx_dl_table(ASX_PQ_LIBRARY, syms, sizeof syms / sizeof syms[0], &asx_pq, sizeof asx_pq,
                      load_msg, sizeof load_msg))
        load_err = ASX_ERR_UNAVAILABLE;
}

asx_error asx_pq_load(asx_diags *d)
{
    if (pthread_once(&load_once, load) != 0) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, ASX_PQ_LIBRARY, 0, 0, "pthread_once failed");
        return ASX_ERR_INTERNAL;
    }
    if (load_err)
        asx_diags_addf(d, load_err, ASX_PQ_LIBRARY, 0, 0,
                       ASX_L("PostgreSQL のクライアントライブラリを読み込めません (PostgreSQL の台帳に必要です。Debian ではパッケージ libpq5): %s",
                             "cannot load the PostgreSQL client library (a register on PostgreSQL needs it; on Debian the package libpq5): %s"),
                       load_msg);
    return load_err;
}
