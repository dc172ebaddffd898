/* dl_table.c - a shared library's functions into a table of pointers (see dl_table.h). */
#include "asx/dl_table.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

bool asx_dl_table(const char *soname, const asx_dl_sym *syms, size_t n, void *table,
                  size_t table_size, char *why, size_t why_size)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(why, why_size, "%s", e ? e : "dlopen failed");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        dlerror();
        void *p = dlsym(h, syms[i].name);
        if (!p) {
            const char *e = dlerror();
            snprintf(why, why_size, "%s%s", e ? e : syms[i].name, e ? "" : ": not found");
            memset(table, 0, table_size);
            dlclose(h);
            return false;
        }
        /* dlsym gives an object pointer; POSIX guarantees it converts to the function pointer
         * it is, and memcpy does that without an object-to-function cast */
        memcpy((char *)table + syms[i].off, &p, sizeof p);
    }
    return true;
}

bool asx_dl_load(asx_dl_lib *lib)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&lock);
    if (!lib->tried) {
        lib->ok = asx_dl_table(lib->soname, lib->syms, lib->nsyms, lib->table, lib->table_size, lib->why,
                               sizeof lib->why);
        lib->tried = true;
    }
    bool ok = lib->ok;
    pthread_mutex_unlock(&lock);
    return ok;
}

asx_error asx_dl_require(asx_dl_lib *lib, const char *what, asx_diags *d)
{
    if (asx_dl_load(lib))
        return ASX_OK;
    asx_diags_addf(d, ASX_ERR_UNAVAILABLE, lib->soname, 0, 0, "%s: %s", what, lib->why);
    return ASX_ERR_UNAVAILABLE;
}
