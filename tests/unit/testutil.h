/* testutil.h - helpers for the Check unit tests. */
#ifndef ASX_TESTUTIL_H
#define ASX_TESTUTIL_H

#include <stddef.h>
#include "asx/error.h"
#include "asx/score.h"

/* Read a file under the source tree (TEST_SRC/rel) into a NUL-terminated buffer; aborts on error. */
char *tu_read(const char *rel, size_t *len);
/* Absolute path of rel under the source tree (static buffer). */
const char *tu_path(const char *rel);
/* True when some diagnostic message contains needle. */
int tu_diags_have(const asx_diags *d, const char *needle);
/* A review that records every judgment the answers may require as made and positive (each
 * listed subcontractor approved), for tests of the rules rather than of the judgments. New;
 * asx_review_free it. */
asx_review *tu_review_all_made(const asx_answers *a);
/* asx_score_review with the review beside the answers file (X.review.json) when there is one,
 * else tu_review_all_made(a). The review is kept until the test process exits. */
asx_error tu_score(const asx_answers *a, const asx_policy *p, asx_date date, asx_result **out, asx_diags *d);
/* Run the suite; returns the process exit status. */
#include <check.h>
int tu_run(Suite *s);

#endif
