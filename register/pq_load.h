/* pq_load.h - libpq, loaded when a PostgreSQL register is opened and not before (issue 23).
 *
 * Linking libpq costs every command about 11 M instructions at start-up (the dynamic loader
 * resolving libpq and its Kerberos, LDAP and GnuTLS dependencies), though only
 * `--register postgresql://…` uses it. So the binary does not link it: asx_pq_load() opens
 * libpq.so.5 with dlopen() and fills a table with the functions the store calls.
 *
 * Include this header instead of <libpq-fe.h>. It includes <libpq-fe.h> for the types and
 * constants, then maps each function name the store uses onto the table, so the store's code
 * reads as ordinary libpq calls. A libpq function not in ASX_PQ_FUNCTIONS fails at link time
 * (libpq is not linked): add it to the list. The table's types are the header's own
 * prototypes (__typeof__), so a call is checked exactly as a direct call would be. */
#ifndef ASX_PQ_LOAD_H
#define ASX_PQ_LOAD_H

#include <libpq-fe.h>
#include "asx/error.h"

/* The soname loaded: the ABI of libpq 10 and later (Debian's libpq5). */
#define ASX_PQ_LIBRARY "libpq.so.5"

/* Every libpq function the store calls. */
#define ASX_PQ_FUNCTIONS(X)                                                                      \
    X(PQclear)                                                                                   \
    X(PQconnectdbParams)                                                                         \
    X(PQconninfoFree)                                                                            \
    X(PQconninfoParse)                                                                           \
    X(PQdb)                                                                                      \
    X(PQerrorMessage)                                                                            \
    X(PQescapeIdentifier)                                                                        \
    X(PQexec)                                                                                    \
    X(PQexecParams)                                                                              \
    X(PQfinish)                                                                                  \
    X(PQfreemem)                                                                                 \
    X(PQgetResult)                                                                               \
    X(PQgetisnull)                                                                               \
    X(PQgetlength)                                                                               \
    X(PQgetvalue)                                                                                \
    X(PQhost)                                                                                    \
    X(PQntuples)                                                                                 \
    X(PQresultErrorField)                                                                        \
    X(PQresultErrorMessage)                                                                      \
    X(PQresultStatus)                                                                            \
    X(PQsendQueryParams)                                                                         \
    X(PQsetNoticeProcessor)                                                                      \
    X(PQsetSingleRowMode)                                                                        \
    X(PQstatus)                                                                                  \
    X(PQtransactionStatus)

/* The loaded functions, one pointer each, typed by the declaration in <libpq-fe.h>. */
typedef struct {
#define ASX_PQ_MEMBER(name) __typeof__(&name) name;
    ASX_PQ_FUNCTIONS(ASX_PQ_MEMBER)
#undef ASX_PQ_MEMBER
} asx_pq_table;

/* Filled by asx_pq_load(); read only after it returned ASX_OK. */
extern asx_pq_table asx_pq;

/* Load libpq and every function of ASX_PQ_FUNCTIONS, once per process (thread-safe; later calls
 * return the first call's outcome). On failure adds a message naming the library and what the
 * loader said, and returns ASX_ERR_UNAVAILABLE (69): the PostgreSQL client is not installed
 * (Debian: libpq5), or it lacks a function (older than libpq 10). The library stays loaded
 * until the process ends. */
asx_error asx_pq_load(asx_diags *d);

/* From here on a call such as PQexec(conn, sql) is asx_pq.PQexec(conn, sql). (A macro is not
 * expanded again inside its own expansion, so the member name is left as it is.) The build checks
 * this list against ASX_PQ_FUNCTIONS: a name missing here links against libpq, which is not
 * linked; a name missing there is not a member of the table. pq_load.c, which fills the table,
 * defines ASX_PQ_LOADER to see the plain names. */
#ifndef ASX_PQ_LOADER
#define PQclear asx_pq.PQclear
#define PQconnectdbParams asx_pq.PQconnectdbParams
#define PQconninfoFree asx_pq.PQconninfoFree
#define PQconninfoParse asx_pq.PQconninfoParse
#define PQdb asx_pq.PQdb
#define PQerrorMessage asx_pq.PQerrorMessage
#define PQescapeIdentifier asx_pq.PQescapeIdentifier
#define PQexec asx_pq.PQexec
#define PQexecParams asx_pq.PQexecParams
#define PQfinish asx_pq.PQfinish
#define PQfreemem asx_pq.PQfreemem
#define PQgetResult asx_pq.PQgetResult
#define PQgetisnull asx_pq.PQgetisnull
#define PQgetlength asx_pq.PQgetlength
#define PQgetvalue asx_pq.PQgetvalue
#define PQhost asx_pq.PQhost
#define PQntuples asx_pq.PQntuples
#define PQresultErrorField asx_pq.PQresultErrorField
#define PQresultErrorMessage asx_pq.PQresultErrorMessage
#define PQresultStatus asx_pq.PQresultStatus
#define PQsendQueryParams asx_pq.PQsendQueryParams
#define PQsetNoticeProcessor asx_pq.PQsetNoticeProcessor
#define PQsetSingleRowMode asx_pq.PQsetSingleRowMode
#define PQstatus asx_pq.PQstatus
#define PQtransactionStatus asx_pq.PQtransactionStatus
#endif

#endif
