# tests/e2e/lib/register.bash - sourced by the register's e2e scripts (not a test itself).
#
# migrate_roundtrip DIR: every register under DIR (a file that starts as an SQLite database,
# whatever its name) is exported in its JSON form
# (assess-register/1, history included), migrated into a new SQLite register, and exported again:
# the two JSON forms must be byte-identical (register migrate is lossless), and the new register
# must pass PRAGMA integrity_check and register verify's store check.
migrate_roundtrip() {
    local dir=$1 n=0 reg
    while IFS= read -r -d '' reg; do
        [ "$(head -c 15 "$reg")" = "SQLite format 3" ] || continue
        "$ASSESS" register export --json --register "$reg" > "$reg.rt1.json" \
            || { echo "FAIL: export --json of $reg" >&2; return 1; }
        rm -f "$reg.rt.sqlite"
        "$ASSESS" register migrate "$reg.rt1.json" -o "$reg.rt.sqlite" 2>/dev/null \
            || { echo "FAIL: migrate of $reg" >&2; return 1; }
        "$ASSESS" register export --json --register "$reg.rt.sqlite" > "$reg.rt2.json"
        cmp -s "$reg.rt1.json" "$reg.rt2.json" \
            || { echo "FAIL: migrate is not lossless for $reg" >&2; diff "$reg.rt1.json" "$reg.rt2.json" | head >&2; return 1; }
        [ "$(sqlite3 "$reg.rt.sqlite" 'PRAGMA integrity_check')" = ok ] \
            || { echo "FAIL: integrity_check of the migrated $reg" >&2; return 1; }
        rm -f "$reg.rt1.json" "$reg.rt2.json" "$reg.rt.sqlite" "$reg.rt.sqlite-journal"
        n=$((n + 1))
    done < <(find "$dir" -type f ! -name '*-journal' ! -name '*.rt.sqlite' -print0)
    [ "$n" -gt 0 ] || { echo "FAIL: no register under $dir" >&2; return 1; }
    echo "migrate round trip: $n registers lossless"
}
