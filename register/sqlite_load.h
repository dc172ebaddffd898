/* sqlite_load.h - libsqlite3, loaded when an SQLite register is opened and not before (issue 23).
 *
 * Linked, SQLite cost every command about 1.5 M instructions of dynamic linking at start-up,
 * though only the register's verbs use it: asx_sqlite_load() opens libsqlite3.so.0 with dlopen()
 * and fills a table with the functions the store calls (dl_table.h), as pq_load.h does for libpq.
 *
 * Include this header instead of <sqlite3.h>. It includes <sqlite3.h> for the types and
 * constants, then maps each function name the store uses onto the table, so the store's code
 * reads as ordinary SQLite calls. A function missing from ASX_SQLITE_FUNCTIONS fails at link time
 * (SQLite is not linked); a name in the list without its #define below is not a member of the
 * table: the build checks the two lists against each other. */
#ifndef ASX_SQLITE_LOAD_H
#define ASX_SQLITE_LOAD_H

#include <sqlite3.h>
#include "asx/error.h"

/* The soname loaded: SQLite 3 (Debian's libsqlite3-0). */
#define ASX_SQLITE_LIBRARY "libsqlite3.so.0"

/* Every SQLite function the store calls. */
#define ASX_SQLITE_FUNCTIONS(X) \
    X(sqlite3_bind_blob64)                                                                    \
    X(sqlite3_bind_int)                                                                       \
    X(sqlite3_bind_int64)                                                                     \
    X(sqlite3_bind_null)                                                                      \
    X(sqlite3_bind_text)                                                                      \
    X(sqlite3_busy_handler)                                                                   \
    X(sqlite3_clear_bindings)                                                                 \
    X(sqlite3_close)                                                                          \
    X(sqlite3_column_blob)                                                                    \
    X(sqlite3_column_bytes)                                                                   \
    X(sqlite3_column_int)                                                                     \
    X(sqlite3_column_int64)                                                                   \
    X(sqlite3_column_text)                                                                    \
    X(sqlite3_column_type)                                                                    \
    X(sqlite3_create_function)                                                                \
    X(sqlite3_errmsg)                                                                         \
    X(sqlite3_errstr)                                                                         \
    X(sqlite3_exec)                                                                           \
    X(sqlite3_extended_result_codes)                                                          \
    X(sqlite3_finalize)                                                                       \
    X(sqlite3_free)                                                                           \
    X(sqlite3_get_autocommit)                                                                 \
    X(sqlite3_mprintf)                                                                        \
    X(sqlite3_open_v2)                                                                        \
    X(sqlite3_prepare_v2)                                                                     \
    X(sqlite3_reset)                                                                          \
    X(sqlite3_result_error_nomem)                                                             \
    X(sqlite3_result_null)                                                                    \
    X(sqlite3_result_text)                                                                    \
    X(sqlite3_step)                                                                           \
    X(sqlite3_value_text)

/* The loaded functions, one pointer each, typed by the declaration in <sqlite3.h>. */
typedef struct {
#define ASX_SQLITE_MEMBER(name) __typeof__(&name) name;
    ASX_SQLITE_FUNCTIONS(ASX_SQLITE_MEMBER)
#undef ASX_SQLITE_MEMBER
} asx_sqlite_table;

/* Filled by asx_sqlite_load(); read only after it returned ASX_OK. */
extern asx_sqlite_table asx_sqlite;

/* Load SQLite and every function of ASX_SQLITE_FUNCTIONS, once per process (thread-safe; later
 * calls return the first call's outcome). On failure adds a message naming the library, what the
 * loader said and the Debian package, and returns ASX_ERR_UNAVAILABLE (69). */
asx_error asx_sqlite_load(asx_diags *d);

/* From here on a call such as sqlite3_step(st) is asx_sqlite.sqlite3_step(st) (a macro is not
 * expanded again inside its own expansion). sqlite_load.c, which fills the table, defines
 * ASX_SQLITE_LOADER to see the plain names. */
#ifndef ASX_SQLITE_LOADER
#define sqlite3_bind_blob64 asx_sqlite.sqlite3_bind_blob64
#define sqlite3_bind_int asx_sqlite.sqlite3_bind_int
#define sqlite3_bind_int64 asx_sqlite.sqlite3_bind_int64
#define sqlite3_bind_null asx_sqlite.sqlite3_bind_null
#define sqlite3_bind_text asx_sqlite.sqlite3_bind_text
#define sqlite3_busy_handler asx_sqlite.sqlite3_busy_handler
#define sqlite3_clear_bindings asx_sqlite.sqlite3_clear_bindings
#define sqlite3_close asx_sqlite.sqlite3_close
#define sqlite3_column_blob asx_sqlite.sqlite3_column_blob
#define sqlite3_column_bytes asx_sqlite.sqlite3_column_bytes
#define sqlite3_column_int asx_sqlite.sqlite3_column_int
#define sqlite3_column_int64 asx_sqlite.sqlite3_column_int64
#define sqlite3_column_text asx_sqlite.sqlite3_column_text
#define sqlite3_column_type asx_sqlite.sqlite3_column_type
#define sqlite3_create_function asx_sqlite.sqlite3_create_function
#define sqlite3_errmsg asx_sqlite.sqlite3_errmsg
#define sqlite3_errstr asx_sqlite.sqlite3_errstr
#define sqlite3_exec asx_sqlite.sqlite3_exec
#define sqlite3_extended_result_codes asx_sqlite.sqlite3_extended_result_codes
#define sqlite3_finalize asx_sqlite.sqlite3_finalize
#define sqlite3_free asx_sqlite.sqlite3_free
#define sqlite3_get_autocommit asx_sqlite.sqlite3_get_autocommit
#define sqlite3_mprintf asx_sqlite.sqlite3_mprintf
#define sqlite3_open_v2 asx_sqlite.sqlite3_open_v2
#define sqlite3_prepare_v2 asx_sqlite.sqlite3_prepare_v2
#define sqlite3_reset asx_sqlite.sqlite3_reset
#define sqlite3_result_error_nomem asx_sqlite.sqlite3_result_error_nomem
#define sqlite3_result_null asx_sqlite.sqlite3_result_null
#define sqlite3_result_text asx_sqlite.sqlite3_result_text
#define sqlite3_step asx_sqlite.sqlite3_step
#define sqlite3_value_text asx_sqlite.sqlite3_value_text
#endif

#endif
