#!/bin/bash
# with_pg.sh CMD [ARGS…] - run CMD with a throwaway PostgreSQL server of its own
# (tests/e2e/lib/pgtmp.bash): $ASSESS_TEST_PG is the server's socket folder, $PGTMP_URI a database
# "assess" on it, PGHOST/PGDATABASE/PGUSER set for libpq. The server is stopped and its folder
# removed when CMD ends, whatever happens. Exit status: CMD's (77 when no server is installed).
set -euo pipefail
. "$(dirname "$0")/pgtmp.bash"
pgtmp_start || exit $?
export ASSESS_TEST_PG=$PGTMP_DIR PGTMP_URI
set +e
"$@"
rc=$?
exit $rc
