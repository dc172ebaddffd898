/* sqlite_load.c - libsqlite3, loaded on first use (see sqlite_load.h). */
#define ASX_SQLITE_LOADER
#include "sqlite_load.h"
#include "asx/dl_table.h"

asx_sqlite_table asx_sqlite;

static const asx_dl_sym syms[] = {
#define ASX_SQLITE_ENTRY(name) ASX_DL_SYM(asx_sqlite_table, name)
    ASX_SQLITE_FUNCTIONS(ASX_SQLITE_ENTRY)
#undef ASX_SQLITE_ENTRY
};
static asx_dl_lib lib = {.soname = ASX_SQLITE_LIBRARY, .syms = syms, .nsyms = sizeof syms / sizeof syms[0],
                         .table = &asx_sqlite, .table_size = sizeof asx_sqlite};

asx_error asx_sqlite_load(asx_diags *d)
{
    return asx_dl_require(&lib, ASX_L("SQLite のライブラリを読み込めません (台帳に必要です。Debian ではパッケージ libsqlite3-0)",
                                      "cannot load the SQLite library (the register needs it; on Debian the package libsqlite3-0)"),
                          d);
}
