#!/bin/bash
# register_lazy_libs.sh - libpq and SQLite are opened only when a register on them is
# (register/pq_load.c, register/sqlite_load.c, issue 23): the binary does not name them among its
# libraries, every other command runs where they cannot be loaded, and a register then fails with
# 69 and a message naming the library and the Debian package. No server is needed: a library that
# cannot be loaded is put first on LD_LIBRARY_PATH (a file that is not a library; a library
# without the functions), which the dynamic loader searches before the system's folders. No
# option or variable of assess is used.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
S=$SRC/samples
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() { # expect_status N cmd…
    local want=$1; shift
    set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "$* exited $got, expected $want"; }
}
URI='postgresql:///assess?host=/nonexistent-assess-test'

# --- the binary does not need libpq to start ---
readelf -d "$ASSESS" | grep NEEDED >"$T/needed"
grep -q 'libcjson' "$T/needed" || fail "readelf shows no NEEDED entries: $(cat "$T/needed")"
grep -q 'libpq' "$T/needed" && fail "the binary still links libpq: $(grep libpq "$T/needed")"
grep -q 'libsqlite3' "$T/needed" && fail "the binary still links SQLite: $(grep libsqlite3 "$T/needed")"

# --- the real library loads: an unreachable server is the server's error, not the library's ---
expect_status 69 "$ASSESS" --lang en register list --register "$URI"
grep -q 'cannot reach the database server' "$T/err" || fail "unexpected message: $(cat "$T/err")"
grep -q 'libpq.so.5' "$T/err" && fail "the real libpq was reported as not loadable: $(cat "$T/err")"

# --- a libpq.so.5 that is not a library ---
mkdir "$T/bad"
echo 'not a library' >"$T/bad/libpq.so.5"
export LD_LIBRARY_PATH=$T/bad
expect_status 69 "$ASSESS" register list --register "$URI"
grep -q '^assess: libpq.so.5: PostgreSQL のクライアントライブラリを読み込めません' "$T/err" \
    || fail "the Japanese message does not name the library: $(cat "$T/err")"
grep -q 'libpq5' "$T/err" || fail "the message does not name the package: $(cat "$T/err")"
grep -q "$T/bad/libpq.so.5" "$T/err" || fail "the message lacks the loader's words: $(cat "$T/err")"
expect_status 69 "$ASSESS" --lang en register add "$S/minato-docs.json" --approver a --manager b --register "$URI"
grep -q '^assess: libpq.so.5: cannot load the PostgreSQL client library' "$T/err" \
    || fail "the English message does not name the library: $(cat "$T/err")"
[ "$(wc -l <"$T/err")" = 1 ] || fail "more than one message: $(cat "$T/err")"
# everything that does not open a PostgreSQL register works without it
expect_status 0 "$ASSESS" --version
mkdir "$T/pack"
expect_status 0 "$ASSESS" pack "$S/minato-docs.json" -o "$T/pack" --date 2026-11-20
ls "$T"/pack/*.pdf >/dev/null || fail "pack wrote no PDF without libpq"
SOURCE_DATE_EPOCH=$(date -u -d 2026-12-07 +%s) USER=officer1 expect_status 0 \
    "$ASSESS" register add "$S/minato-docs.json" --approver 市長 --manager 課長 --date 2026-12-01 \
    --register "$T/r.sqlite"
expect_status 0 "$ASSESS" register list --register "$T/r.sqlite"
grep -q 'EXT-2026-0001' "$T/out" || fail "the SQLite register lost its entry: $(cat "$T/out")"
unset LD_LIBRARY_PATH

# --- a libsqlite3.so.0 that is not a library: the SQLite register cannot be opened, nor created ---
mkdir "$T/badsql"
echo 'not a library' >"$T/badsql/libsqlite3.so.0"
cp "$T/r.sqlite" "$T/r.before"
LD_LIBRARY_PATH=$T/badsql expect_status 69 "$ASSESS" register list --register "$T/r.sqlite"
grep -q '^assess: libsqlite3.so.0: SQLite のライブラリを読み込めません' "$T/err" \
    || fail "the Japanese message does not name the library: $(cat "$T/err")"
grep -q 'libsqlite3-0' "$T/err" || fail "the message does not name the package: $(cat "$T/err")"
LD_LIBRARY_PATH=$T/badsql expect_status 69 "$ASSESS" --lang en register add "$S/minato-docs.json" \
    --approver a --manager b --register "$T/new.sqlite"
grep -q '^assess: libsqlite3.so.0: cannot load the SQLite library' "$T/err" \
    || fail "the English message does not name the library: $(cat "$T/err")"
[ ! -e "$T/new.sqlite" ] || fail "a register was created without SQLite"
cmp -s "$T/r.sqlite" "$T/r.before" || fail "the register changed"
LD_LIBRARY_PATH=$T/badsql expect_status 0 "$ASSESS" pack "$S/minato-docs.json" -o "$T/pack" --force --date 2026-11-20
expect_status 0 "$ASSESS" register list --register "$T/r.sqlite"

# --- a libpq.so.5 without libpq's functions (built here when a C compiler is at hand) ---
if command -v cc >/dev/null; then
    mkdir "$T/empty"
    echo 'int assess_not_libpq;' >"$T/empty.c"
    cc -shared -fPIC -Wl,-soname,libpq.so.5 -o "$T/empty/libpq.so.5" "$T/empty.c"
    export LD_LIBRARY_PATH=$T/empty
    expect_status 69 "$ASSESS" --lang en register list --register "$URI"
    grep -q '^assess: libpq.so.5: cannot load the PostgreSQL client library.*undefined symbol: PQ' "$T/err" \
        || fail "a missing function is not named: $(cat "$T/err")"
fi
echo "register_lazy_libs: ok"
