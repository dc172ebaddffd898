# tests/e2e/lib/pgtmp.bash - sourced by tests that need a PostgreSQL server (not a test itself).
#
# pgtmp_start: start a throwaway PostgreSQL server of the test's own: initdb in a new mktemp
# folder, listening only on a Unix socket in that folder (listen_addresses=''), run as the
# `postgres` user when the test runs as root (the folder is given to it). Sets
#   PGTMP_DIR   the folder (data in $PGTMP_DIR/data, the socket in $PGTMP_DIR)
#   PGTMP_URI   postgresql:///assess?host=$PGTMP_DIR (database "assess", the superuser's)
#   PGHOST PGDATABASE PGUSER (exported, for psql and libpq)
# and installs an EXIT trap that stops the server (pg_ctl stop -m immediate) and removes the
# folder whatever happens, then runs the trap that was set before (if any). Nothing outside the
# folder is touched. pgtmp_stop does the same at once; pgtmp_psql runs psql as the server's user.
# Returns 77 (skip) when no PostgreSQL server binaries are installed.

pgtmp_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -V -r); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

# Run a command as the server's owner (postgres when we are root; from /, since the caller's
# folder may be closed to that user).
pgtmp_as() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- env PATH="$PATH" "$@")
    else
        "$@"
    fi
}

pgtmp_stop() {
    if [ -n "${PGTMP_DIR:-}" ] && [ -d "$PGTMP_DIR" ]; then
        if [ -f "$PGTMP_DIR/data/postmaster.pid" ]; then
            pgtmp_as "$PGTMP_BIN/pg_ctl" -D "$PGTMP_DIR/data" stop -m immediate >/dev/null 2>&1 || true
        fi
        rm -rf "$PGTMP_DIR"
    fi
    PGTMP_DIR=
}

# Stop the server (immediate: as a crash) and start it again on the same folder.
pgtmp_kill() {
    pgtmp_as "$PGTMP_BIN/pg_ctl" -D "$PGTMP_DIR/data" stop -m immediate >/dev/null 2>&1 || true
}
pgtmp_restart() {
    pgtmp_as "$PGTMP_BIN/pg_ctl" -D "$PGTMP_DIR/data" -l "$PGTMP_DIR/log" -w -t 60 start >/dev/null
}

pgtmp_psql() {
    pgtmp_as psql -X -q -v ON_ERROR_STOP=1 -h "$PGTMP_DIR" -d "${1:-assess}" "${@:2}"
}

pgtmp_start() {
    PGTMP_BIN=$(pgtmp_bindir) || { echo "SKIP: no PostgreSQL server installed (apt-get install postgresql)"; return 77; }
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "SKIP: running as root and there is no postgres user"; return 77
    fi
    PGTMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pgtmp.XXXXXX")
    PGTMP_PREV_TRAP=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
    # shellcheck disable=SC2064
    trap "pgtmp_stop; $PGTMP_PREV_TRAP" EXIT
    chmod 0755 "$PGTMP_DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$PGTMP_DIR"
    local user
    user=$( [ "$(id -u)" = 0 ] && echo postgres || id -un )
    pgtmp_as "$PGTMP_BIN/initdb" -D "$PGTMP_DIR/data" -U "$user" -A trust -E UTF8 \
        --locale=C.UTF-8 >"$PGTMP_DIR/initdb.log" 2>&1 \
        || pgtmp_as "$PGTMP_BIN/initdb" -D "$PGTMP_DIR/data" -U "$user" -A trust -E UTF8 \
               --locale=C >"$PGTMP_DIR/initdb.log" 2>&1 \
        || { cat "$PGTMP_DIR/initdb.log" >&2; return 1; }
    cat >> "$PGTMP_DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGTMP_DIR'
fsync = off
max_connections = 60
CONF
    pgtmp_restart || { cat "$PGTMP_DIR/log" >&2; return 1; }
    pgtmp_as "$PGTMP_BIN/createdb" -h "$PGTMP_DIR" -U "$user" assess
    export PGHOST=$PGTMP_DIR PGDATABASE=assess PGUSER=$user
    PGTMP_URI="postgresql:///assess?host=$PGTMP_DIR&user=$user"
}
