#!/bin/bash
# register_pg.sh - the register on PostgreSQL (SPEC §8.4/§8.5, issue 27), on a throwaway server
# of the test's own (tests/e2e/lib/pgtmp.bash):
#   1. the same story on SQLite and on PostgreSQL gives the same bytes in register export --json
#      and the same list, show, due and report, at every step and as of earlier dates;
#   2. register migrate moves a JSON register (and through it an SQLite one) into an empty
#      database losslessly, and refuses a database that already holds a register (73);
#   3. addresses: a password in the address is refused (64) and never printed; a server that
#      cannot be reached is 69, a missing database 66, messages name host and database only;
#   4. a read-only role (register init --grant-read) can list, show, due, report, export and verify; a write is
#      77 and changes nothing;
#   5. 16 writers on 16 connections: nothing lost, ids unique, history complete; a writer that
#      finds the register held past its --wait gives up with 75, changing nothing;
#   6. the server killed (pg_ctl stop -m immediate) during writes: the writers fail with 69, after a
#      restart the register passes verify and holds every change that reported success;
#   7. writers killed (SIGKILL) mid-verb: the register whole, the next writer not held up.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
chmod 0755 "$T"
cd "$T"
# shellcheck source=lib/pgtmp.bash
. "$SRC/tests/e2e/lib/pgtmp.bash"
pgtmp_start || exit $?
S=$SRC/samples
P=$PGTMP_URI
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() {
    local want=$1; shift
    set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "$* exited $got, expected $want"; }
}
on() { local day=$1; shift; SOURCE_DATE_EPOCH=$(date -u -d "$day" +%s) "$@"; }
. "$SRC/tests/e2e/lib/samples.bash"   # early FILE DATE: an earlier-dated copy with its review
B=$(early "$S/procurement/bid-b.json" 2025-05-01)
M=$(early "$S/minato-docs.json" 2020-01-01)
LS=$(early "$S/light-survey.json" 2026-07-01)
export USER=officer1

# --- 1. the same story on both stores ---
# views R DIR: what every reader sees, into DIR
views() {
    local r=$1 dir=$2
    mkdir -p "$dir"
    on 2026-12-07 "$ASSESS" register export --json --register "$r" > "$dir/export.json"
    for d in 2025-07-01 2026-03-31 2026-12-07; do
        on 2026-12-07 "$ASSESS" register list --as-of "$d" --register "$r" > "$dir/list.$d"
        on 2026-12-07 "$ASSESS" register due --as-of "$d" --within 400 --register "$r" > "$dir/due.$d" || true
    done
    on 2026-12-07 "$ASSESS" register report --fiscal-year 2025 --json --register "$r" > "$dir/report.json"
    for id in EXT-2025-0001 EXT-2025-0002; do
        on 2026-12-07 "$ASSESS" register show "$id" --register "$r" > "$dir/show.$id"
    done
}
story() { # story R: a year of one register, the views after each step
    local r=$1 k=$2
    on 2025-06-01 "$ASSESS" register add "$B" --approver "市長" --manager "課長" --date 2025-06-01 --register "$r" >/dev/null
    on 2025-09-01 "$ASSESS" register add "$M" --approver "市長" --manager "課長" --date 2025-09-01 --register "$r" >/dev/null
    views "$r" "$k/1"
    on 2025-12-01 "$ASSESS" register condition EXT-2025-0001 1 --met --evidence "変更契約 第1号" --date 2025-12-01 --register "$r" 2>/dev/null
    on 2025-12-02 "$ASSESS" register condition EXT-2025-0001 2 --waived --evidence "課長判断" --date 2025-12-02 --register "$r" 2>/dev/null
    echo "%PDF certificate" > cert.pdf
    on 2026-01-10 "$ASSESS" register evidence EXT-2025-0002 --scheme ISMAP --number C-2026-0042 \
        --expiry 2027-09-30 --file cert.pdf --date 2026-01-10 --register "$r" 2>/dev/null
    views "$r" "$k/2"
    on 2026-06-01 "$ASSESS" register renew EXT-2025-0001 "$B" --approver "副市長" --date 2026-06-01 \
        --conditions "四半期ごとの稼働報告" --register "$r" >/dev/null 2>&1
    on 2026-07-01 "$ASSESS" register revoke EXT-2025-0002 --reason "契約終了" --date 2026-07-01 --register "$r" 2>/dev/null
    on 2026-08-01 "$ASSESS" register add "$LS" --approver "市長" --manager "課長" --date 2026-08-01 --register "$r" >/dev/null
    views "$r" "$k/3"
}
story "$T/r.sqlite" sq
story "$P" pg
for f in $(cd sq && find . -type f | sort); do
    cmp -s "sq/$f" "pg/$f" || { diff "sq/$f" "pg/$f" | head -20 >&2; fail "SQLite and PostgreSQL differ: $f"; }
done
grep -q '"EXT-2026-0001"' pg/3/export.json || fail "the story did not run"
echo "same story: $(cd sq && find . -type f | wc -l) views byte-identical on SQLite and PostgreSQL"
# the kept files are readable back: the form prefilled from the register
on 2026-12-07 "$ASSESS" register forms --due --within 800 -o forms-sq --register "$T/r.sqlite" >/dev/null 2>&1 || true
on 2026-12-07 "$ASSESS" register forms --due --within 800 -o forms-pg --register "$P" >/dev/null 2>&1 || true
[ "$(ls forms-sq 2>/dev/null)" = "$(ls forms-pg 2>/dev/null)" ] || fail "register forms differ"
[ "$(pgtmp_psql assess -At -c "SELECT count(*) FROM blobs WHERE kind = 'evidence'")" = 1 ] \
    || fail "the certificate file is not kept in PostgreSQL"
expect_status 0 "$ASSESS" register verify --register "$P"
# the history is append-only in the database itself
! pgtmp_psql assess -c "DELETE FROM events" 2>/dev/null || fail "the history could be deleted"
! pgtmp_psql assess -c "UPDATE events SET by_user = 'x'" 2>/dev/null || fail "the history could be changed"

# --- 2. migrate into PostgreSQL ---
pgtmp_as "$PGTMP_BIN/createdb" -h "$PGTMP_DIR" moved
P2="postgresql:///moved?host=$PGTMP_DIR&user=$PGUSER"
"$ASSESS" register export --json --register "$T/r.sqlite" > old.json
expect_status 0 "$ASSESS" register migrate old.json -o "$P2"
"$ASSESS" register export --json --register "$P2" > moved.json
cmp -s old.json moved.json || fail "migrate into PostgreSQL is not lossless"
expect_status 73 "$ASSESS" register migrate old.json -o "$P2"
"$ASSESS" register export --json --register "$P2" | cmp -s - old.json || fail "a refused migrate changed the register"
# straight from the SQLite register: the kept files (answers, certificates) move too
pgtmp_as "$PGTMP_BIN/createdb" -h "$PGTMP_DIR" moved2
P3="postgresql:///moved2?host=$PGTMP_DIR&user=$PGUSER"
expect_status 0 "$ASSESS" register migrate "$T/r.sqlite" -o "$P3"
"$ASSESS" register export --json --register "$P3" | cmp -s - old.json || fail "migrate r.sqlite into PostgreSQL is not lossless"
[ "$(pgtmp_psql moved2 -At -c "SELECT string_agg(sha256 || kind || size, ',' ORDER BY sha256) FROM blobs")" = \
  "$(sqlite3 "$T/r.sqlite" "SELECT group_concat(x, ',') FROM (SELECT sha256 || kind || size AS x FROM blobs ORDER BY sha256)")" ] \
    || fail "the kept files did not move with the register"
expect_status 0 "$ASSESS" form --from EXT-2025-0001 --register "$P3" -o from-pg.xlsx
echo "migrate: lossless into PostgreSQL (from JSON, and from SQLite with its kept files); an occupied database refused (73)"

# --- 3. addresses and unreachable servers ---
expect_status 64 "$ASSESS" register list --register "postgresql://u:s3cr3tpw@localhost/assess"
! grep -q s3cr3tpw out err || fail "the password was printed"
expect_status 69 "$ASSESS" register list --register "postgresql://localhost:1/assess"
grep -q "postgresql://localhost/assess" err || fail "unreachable: no host and database: $(cat err)"
expect_status 69 "$ASSESS" register add "$LS" --approver a --manager b --register "postgresql:///assess?host=$T/nowhere"
expect_status 66 "$ASSESS" register list --register "postgresql:///nosuchdb?host=$PGTMP_DIR&user=$PGUSER"
pgtmp_as "$PGTMP_BIN/createdb" -h "$PGTMP_DIR" empty
expect_status 66 "$ASSESS" register list --register "postgresql:///empty?host=$PGTMP_DIR&user=$PGUSER"
echo "addresses: password refused (64), unreachable 69, missing database 66"

# --- 4. a read-only role ---
W=${PG_WRITERS:-16} C=${PG_CHANGES:-10}
# one service has one entry in use: a variant of one sample per change
"$PYTHON" - "$S/minato-docs.json" "$W" "$C" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for w in range(1, int(sys.argv[2]) + 1):
    for c in range(1, int(sys.argv[3]) + 1):
        d["service"]["name"] = "みなと文書管理クラウド w%d-%d" % (w, c)
        json.dump(d, open("c%d-%d.json" % (w, c), "w"), ensure_ascii=False)
PY
"$PYTHON" "$SRC/tests/e2e/make_review.py" c*-*.json   # each variant gets its review: not pending
expect_status 0 "$ASSESS" register init --grant-read auditor --register "$P"
expect_status 0 "$ASSESS" register init --grant-read auditor --register "$P"   # again: nothing new
expect_status 64 "$ASSESS" register init --grant-read auditor --register "$T/r.sqlite"
A="postgresql:///assess?host=$PGTMP_DIR&user=auditor"
"$ASSESS" register export --json --register "$P" > before.json
for v in "list" "show EXT-2025-0001" "due --within 400" "report --fiscal-year 2025 --json" "export --json" "verify"; do
    # shellcheck disable=SC2086
    expect_status 0 on 2026-12-07 "$ASSESS" register $v --register "$A"
done
expect_status 77 "$ASSESS" register add c1-1.json --approver a --manager b --date 2026-11-20 --register "$A"
expect_status 77 "$ASSESS" register revoke EXT-2025-0001 --reason x --register "$A"
expect_status 77 "$ASSESS" register evidence EXT-2025-0002 --scheme ISMAP --number N --expiry 2028-01-01 --register "$A"
grep -q "permission denied" err || fail "77 without the database's reason: $(cat err)"
"$ASSESS" register export --json --register "$P" | cmp -s - before.json || fail "a refused write changed the register"
echo "read-only role: reads work, writes 77 and change nothing"

# --- 5. concurrent writers ---
pgtmp_as "$PGTMP_BIN/createdb" -h "$PGTMP_DIR" conc
PC="postgresql:///conc?host=$PGTMP_DIR&user=$PGUSER"
writer() { # writer W: C adds one after another, the printed ids kept
    local w=$1 c
    for c in $(seq 1 "$C"); do
        "$ASSESS" register add "c$w-$c.json" --register "$PC" --approver "承認者$w" --manager m \
            --date 2026-11-20 --wait 120 >>"ids.$w" 2>>"err.$w" || return 1
    done
}
start=$(date +%s.%N)
pids=()
for w in $(seq 1 "$W"); do writer "$w" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent writer failed: $(cat err.*)"; done
secs=$(echo "$(date +%s.%N) - $start" | bc)
"$PYTHON" - <("$ASSESS" register export --json --register "$PC") "$((W * C))" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); n = int(sys.argv[2])
ids = [e["id"] for e in d["entries"]]
assert sorted(ids) == ["EXT-2026-%04d" % i for i in range(1, n + 1)], ids
assert len(d["history"]) == n and d["next_seq"]["2026"] == n + 1
PY
[ "$(cat ids.* | sort)" = "$("$ASSESS" register export --json --register "$PC" | "$PYTHON" -c 'import json,sys; print("\n".join(sorted(e["id"] for e in json.load(sys.stdin)["entries"])))')" ] \
    || fail "printed ids differ from the register"
echo "concurrent writers: $W x $C adds, ids unique, history complete (${secs} s)"
# a writer that holds the register longer than another's --wait: 75, nothing changed
"$ASSESS" register export --json --register "$PC" > held.json
pgtmp_psql conc -c "BEGIN; LOCK TABLE schema_version IN EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT" >/dev/null &
holder=$!
sleep 1
expect_status 75 "$ASSESS" register revoke EXT-2026-0001 --reason x --wait 1 --register "$PC"
grep -q "1 秒待ちました" err || fail "busy: $(cat err)"
expect_status 0 "$ASSESS" register list --register "$PC"   # readers are not held up
wait "$holder"
"$ASSESS" register export --json --register "$PC" | cmp -s held.json - || fail "a busy writer changed the register"
echo "busy: a writer gives up after --wait with 75, readers go on"

# --- 6. the server killed during writes ---
K=${PG_KILLS:-5} KC=${PG_KILL_CHANGES:-10}
pgtmp_as "$PGTMP_BIN/createdb" -h "$PGTMP_DIR" crash
PK="postgresql:///crash?host=$PGTMP_DIR&user=$PGUSER"
expect_status 0 "$ASSESS" register init --register "$PK"   # (a kill before the first add: still a register)
# a service of its own for every add of every round, so that every round writes
"$PYTHON" - "$S/minato-docs.json" "$K" "$KC" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in range(1, int(sys.argv[2]) + 1):
    for w in range(1, 5):
        for c in range(1, int(sys.argv[3]) + 1):
            d["service"]["name"] = "みなと文書管理クラウド k%d-%d-%d" % (k, w, c)
            json.dump(d, open("k%d-%d-%d.json" % (k, w, c), "w"), ensure_ascii=False)
PY
"$PYTHON" "$SRC/tests/e2e/make_review.py" k*-*-*.json
for k in $(seq 1 "$K"); do
    pids=()
    for w in 1 2 3 4; do
        ( for c in $(seq 1 "$KC"); do
              set +e
              out=$("$ASSESS" register add "k$k-$w-$c.json" --register "$PK" --approver "k$k" --manager m \
                        --date 2026-11-20 --wait 5 2>>"err.$k.$w")
              rc=$?
              set -e
              case $rc in
                  0) echo "$out" >> "ok.$k.$w" ;;
                  69) echo "$c" >> "lost.$k.$w"; break ;;
                  *) echo "exit $rc" >> "bad.$k.$w"; break ;;
              esac
          done ) & pids+=($!)
    done
    sleep "0.$((RANDOM % 5))$((RANDOM % 10))"
    pgtmp_kill
    for p in "${pids[@]}"; do wait "$p" || true; done
    ! ls bad.$k.* >/dev/null 2>&1 \
        || fail "round $k: a writer ended with another status than 0 or 69: $(cat bad.$k.* err.$k.*)"
    pgtmp_restart
    expect_status 0 "$ASSESS" register verify --register "$PK"
    "$ASSESS" register export --json --register "$PK" > crash.json
    "$PYTHON" - crash.json $(cat ok.* 2>/dev/null) <<'PY' || fail "round $k: the register after the crash"
import json, sys
d = json.load(open(sys.argv[1]))
ids = [e["id"] for e in d["entries"]]
assert len(set(ids)) == len(ids), "duplicate ids"
assert sorted(ids) == ["EXT-2026-%04d" % i for i in range(1, len(ids) + 1)], ids   # no gap, no half
assert len(d["history"]) == len(ids) and {h["entry"] for h in d["history"]} == set(ids)
missing = set(sys.argv[2:]) - set(ids)
assert not missing, "reported success but not in the register: %s" % sorted(missing)
PY
done
n=$(cat ok.* 2>/dev/null | wc -l)
lost=$(cat lost.* 2>/dev/null | wc -l)
[ "$lost" -gt 0 ] || fail "no write was interrupted by the kills"
! grep -h "assess:" err.* | grep -v "データベースサーバー" | grep -q . || fail "another message than the lost server: $(grep -h "assess:" err.* | grep -v "データベースサーバー" | head -3)"
echo "server killed $K times during writes: verify passes, all $n reported changes kept, $lost interrupted writes told the server was lost (69)"

# --- 7. writers killed (SIGKILL) in the middle of a verb ---
# the server rolls back the transaction of a connection that vanished and frees its lock: the
# register is as before or after each killed verb, and the next writer does not wait for it
KK=${PG_CLIENT_KILLS:-20}
[ "$KK" -lt $((W * C)) ] || KK=$((W * C - 1))
pgtmp_as "$PGTMP_BIN/createdb" -h "$PGTMP_DIR" killed
PX="postgresql:///killed?host=$PGTMP_DIR&user=$PGUSER"
expect_status 0 "$ASSESS" register init --register "$PX"
for k in $(seq 1 "$KK"); do
    "$ASSESS" register add "c$(( (k - 1) % W + 1 ))-$(( (k - 1) / W + 1 )).json" --register "$PX" --approver a --manager m --date 2026-11-20 \
        --wait 5 >"kid.$k" 2>/dev/null &
    victim=$!
    sleep "0.0$((RANDOM % 10))"
    kill -KILL "$victim" 2>/dev/null || true
    wait "$victim" 2>/dev/null || true
done
expect_status 0 "$ASSESS" register add "c$W-$C.json" --register "$PX" --approver a --manager m --date 2026-11-20 --wait 5
expect_status 0 "$ASSESS" register verify --register "$PX"
"$ASSESS" register export --json --register "$PX" > killed.json
KK=$KK "$PYTHON" - killed.json $(cat kid.* 2>/dev/null) <<'PY' || fail "the register after killed writers"
import json, os, sys
KK = os.environ["KK"]
d = json.load(open(sys.argv[1]))
ids = [e["id"] for e in d["entries"]]
assert sorted(ids) == ["EXT-2026-%04d" % i for i in range(1, len(ids) + 1)], ids
assert len(d["history"]) == len(ids)
assert not set(sys.argv[2:]) - set(ids), "a printed id is missing"
print("writers killed: %s SIGKILLs mid-add; the register whole (%d entries: %d adds finished before"
      " their kill, then the next writer's), the next writer not held up"
      % (KK, len(ids), len(ids) - 1))
PY
