/* pq_load.c - libpq, loaded on first use (see pq_load.h). */
#define ASX_PQ_LOADER
#include "pq_load.h"
#include "asx/dl_table.h"

asx_pq_table asx_pq;

static const asx_dl_sym syms[] = {
#define ASX_PQ_ENTRY(name) ASX_DL_SYM(asx_pq_table, name)
    ASX_PQ_FUNCTIONS(ASX_PQ_ENTRY)
#undef ASX_PQ_ENTRY
};
static asx_dl_lib lib = {.soname = ASX_PQ_LIBRARY, .syms = syms, .nsyms = sizeof syms / sizeof syms[0],
                         .table = &asx_pq, .table_size = sizeof asx_pq};

asx_error asx_pq_load(asx_diags *d)
{
    return asx_dl_require(&lib, ASX_L("PostgreSQL のクライアントライブラリを読み込めません (PostgreSQL の台帳に必要です。Debian ではパッケージ libpq5)",
                                      "cannot load the PostgreSQL client library (a register on PostgreSQL needs it; on Debian the package libpq5)"),
                          d);
}
