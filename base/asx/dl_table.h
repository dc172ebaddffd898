/* dl_table.h - a shared library opened on first use, its functions into a table of pointers
 * (register/pq_load.h, register/sqlite_load.h, report/font.c's fontconfig: libraries most
 * commands never use, which cost every process their dynamic linking when linked; issue 23). */
#ifndef ASX_DL_TABLE_H
#define ASX_DL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/error.h"

/* One function of a table: its name in the library and the offset of its pointer. */
typedef struct {
    const char *name;
    size_t off;
} asx_dl_sym;

/* An entry of a table type T for function name, to list in an asx_dl_sym array. */
#define ASX_DL_SYM(T, name) {#name, offsetof(T, name)},

/* Open soname (RTLD_NOW | RTLD_LOCAL) and store the address of each of syms[0..n) at its offset
 * in table. True when every function was found; otherwise false with the dynamic loader's words
 * in why, the library closed and table left zeroed. The library stays open for the process. */
bool asx_dl_table(const char *soname, const asx_dl_sym *syms, size_t n, void *table,
                  size_t table_size, char *why, size_t why_size);

/* A library loaded once per process, whichever thread asks first (the pack's workers share it):
 * what to load, then the outcome kept for every later call. */
typedef struct {
    const char *soname;
    const asx_dl_sym *syms;
    size_t nsyms;
    void *table;
    size_t table_size;
    bool tried, ok;  /* the outcome (set by asx_dl_load) */
    char why[512];   /* the dynamic loader's words when !ok */
} asx_dl_lib;

/* Load lib on its first call (asx_dl_table) and give the kept outcome on every call: true when
 * its table is filled, else false with lib->why. Thread-safe. */
bool asx_dl_load(asx_dl_lib *lib);

/* asx_dl_load for a command that needs the library: when it cannot be loaded, the error names
 * the library, says what (the reader's words: which library, what needs it, its Debian package)
 * and gives the loader's words; ASX_ERR_UNAVAILABLE (69). */
asx_error asx_dl_require(asx_dl_lib *lib, const char *what, asx_diags *d);

#endif
