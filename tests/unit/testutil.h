/* testutil.h - helpers for the Check unit tests. */
#ifndef ASX_TESTUTIL_H
#define ASX_TESTUTIL_H

#include <stddef.h>
#include "asx/error.h"

/* Read a file under the source tree (TEST_SRC/rel) into a NUL-terminated buffer; aborts on error. */
char *tu_read(const char *rel, size_t *len);
/* Absolute path of rel under the source tree (static buffer). */
const char *tu_path(const char *rel);
/* True when some diagnostic message contains needle. */
int tu_diags_have(const asx_diags *d, const char *needle);
/* Run the suite; returns the process exit status. */
#include <check.h>
int tu_run(Suite *s);

#endif
