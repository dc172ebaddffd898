#!/bin/bash
# Concurrent writers lose nothing (flock on <register>.lock), and a writer killed at a random
# moment never leaves a register that does not load: every add that reported success is there.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
S=$SRC/samples
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- 20 processes adding at once ---
R=$T/conc.json
N=20
pids=()
for i in $(seq 1 $N); do
    "$ASSESS" register add "$S/minato-docs.json" --register "$R" --approver "承認者$i" --manager m \
        --date 2026-06-01 >"id.$i" 2>"err.$i" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent add failed: $(cat err.*)"; done
"$PYTHON" - "$R" $N <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
ids = [e["id"] for e in d["entries"]]
assert len(ids) == n, len(ids)
assert len(set(ids)) == n, ids
assert sorted(ids) == ["EXT-2026-%04d" % i for i in range(1, n + 1)], ids
assert {e["approver"] for e in d["entries"]} == {"承認者%d" % i for i in range(1, n + 1)}
assert len(d["history"]) == n and d["next_seq"]["2026"] == n + 1
EOF
printed=$(cat id.* | sort)
[ "$printed" = "$("$PYTHON" -c "print('\n'.join('EXT-2026-%04d' % i for i in range(1, $N + 1)))")" ] \
    || fail "printed ids differ from the register"
echo "concurrent adds: $N entries, unique ids"

# --- writers killed with SIGKILL at random moments ---
K=$T/kill.json
"$ASSESS" register add "$S/minato-docs.json" --register "$K" --approver a --manager m --date 2026-06-01 >ok.ids
ROUNDS=${REGISTER_KILL_ROUNDS:-60}
killed=0
for i in $(seq 1 "$ROUNDS"); do
    # two writers at a time, one of them killed after 0-40 ms
    "$ASSESS" register add "$S/minato-docs.json" --register "$K" --approver "k$i" --manager m \
        --date 2026-06-01 >"k.$i" 2>/dev/null &
    victim=$!
    "$ASSESS" register add "$S/minato-docs.json" --register "$K" --approver "s$i" --manager m \
        --date 2026-06-01 >"s.$i" 2>/dev/null &
    survivor=$!
    sleep "0.0$((RANDOM % 40 / 10))$((RANDOM % 10))"
    kill -KILL "$victim" 2>/dev/null && killed=$((killed + 1)) || true
    set +e
    wait "$victim"; vs=$?
    wait "$survivor"; ss=$?
    set -e
    [ "$ss" = 0 ] || fail "the surviving writer failed (status $ss)"
    [ "$vs" = 0 ] && cat "k.$i" >>ok.ids
    cat "s.$i" >>ok.ids
    # the register always loads
    "$ASSESS" register list --register "$K" --json >/dev/null || fail "register does not load after round $i"
done
"$PYTHON" - "$K" ok.ids <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [e["id"] for e in d["entries"]]
assert len(ids) == len(set(ids)), "duplicate ids"
reported = [l.strip() for l in open(sys.argv[2]) if l.strip()]
missing = [r for r in reported if r not in ids]
assert not missing, missing
hist = [h["entry"] for h in d["history"]]
assert sorted(hist) == sorted(ids), "history and entries disagree"
print("killed-writer rounds: %d entries, %d reported successes, all present" % (len(ids), len(reported)))
EOF
echo "kills delivered: $killed"
# a killed writer may leave a temporary file, never a damaged register
ls "$T" | grep -v -E '^(conc|kill)\.json(\.lock)?$|^(id|err|k|s)\.[0-9]+$|^ok\.ids$' || true
echo "register concurrency: ok"
