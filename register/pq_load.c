/* pq_load.c - libpq, loaded on first use (see pq_load.h). */
#define ASX_PQ_LOADER
#include "pq_load.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

asx_pq_table asx_pq;

/* The outcome of the one load, kept for every later call: the error, and the loader's words. */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static asx_error load_err;
static char load_msg[512];

static void load(void)
{
    /* RTLD_LOCAL: libpq's symbols and its dependencies' stay out of the global scope */
    void *h = dlopen(ASX_PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(load_msg, sizeof load_msg, "%s", why ? why : "dlopen failed");
        load_err = ASX_ERR_UNAVAILABLE;
        return;
    }
    /* dlsym gives an object pointer; memcpy turns it into the function pointer POSIX says it is */
#define ASX_PQ_SYM(name)                                                                         \
    {                                                                                            \
        dlerror();                                                                               \
        void *p = dlsym(h, #name);                                                               \
        if (!p) {                                                                                \
            const char *why = dlerror();                                                         \
            snprintf(load_msg, sizeof load_msg, "%s", why ? why : #name ": not found");          \
            load_err = ASX_ERR_UNAVAILABLE;                                                      \
            memset(&asx_pq, 0, sizeof asx_pq);                                                   \
            dlclose(h);                                                                          \
            return;                                                                              \
        }                                                                                        \
        memcpy(&asx_pq.name, &p, sizeof p);                                                      \
    }
    ASX_PQ_FUNCTIONS(ASX_PQ_SYM)
#undef ASX_PQ_SYM
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
