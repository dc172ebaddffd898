#!/usr/bin/env bash
# The register at a city's scale (SPEC §8.4): a register of N entries and E events (default
# 100,000 and 1,000,000) made as a JSON register (assess-register/1) from entries assess itself
# wrote, moved into SQLite by `register migrate`, then one `register add`, `due`, `report` and
# `export --json` on it: wall time and peak memory (RSS) of each. Not a timed test: run by hand.
# usage: tests/bench/register.sh [N [E [BUILD]]]   (BUILD: a build folder, default build)
# REGISTER_STORE=pg: the same on PostgreSQL (migrate -o postgresql://…), on a throwaway server
# (tests/e2e/lib/pgtmp.bash; fsync off, so the figures are the store's, not the disk's).
# BENCH_REGISTER=worst (default): every entry is overdue (its review, check and conditions), the
# worst case for `due`; BENCH_REGISTER=realistic: 2 % of the entries overdue, the others renewed
# on time (review, check and conditions due 31–365 days after 2026-12-07, past due's 30 days).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
e=${2:-1000000}
build=${3:-build}
A=$PWD/$build/assess/assess
[ -x "$A" ] || { echo "no $A: build first" >&2; exit 1; }
# BENCH_KEEP=DIR: keep the generated registers in DIR and, when DIR has them from an earlier run,
# measure the verbs on a fresh copy without generating and migrating again (SQLite only)
if [ -n "${BENCH_KEEP:-}" ]; then
    work=$BENCH_KEEP
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
S=$PWD/samples
export SOURCE_DATE_EPOCH=$(date -u -d 2026-12-07 +%s)
# seed entries written by assess (a conditional one with its conditions, an approved one)
reuse=
if [ -n "${BENCH_KEEP:-}" ] && [ -f "$work/big.sqlite.orig" ] && [ "${REGISTER_STORE:-sqlite}" = sqlite ]; then
    reuse=1
fi
if [ -z "$reuse" ]; then
rm -f "$work/seed.sqlite"
"$A" register add "$S/procurement/bid-b.json" --register "$work/seed.sqlite" --approver a --manager b --date 2026-11-10 >/dev/null
"$A" register add "$S/minato-docs.json" --register "$work/seed.sqlite" --approver a --manager b --date 2026-11-20 >/dev/null
"$A" register export --json --register "$work/seed.sqlite" > "$work/seed.json"
/usr/bin/python3 - "$work/seed.json" "$work/big.json" "$n" "$e" "${BENCH_REGISTER:-worst}" <<'PY'
import json, sys, datetime
seed = json.load(open(sys.argv[1]))
n, e = int(sys.argv[3]), int(sys.argv[4])
realistic = sys.argv[5] == "realistic"
today = datetime.date(2026, 12, 7)
per = max(1, e // n)          # events per entry: the add, then conditions and checks
out = open(sys.argv[2], "w", encoding="utf-8")
out.write('{"format": "assess-register/1", "organization": "bench", "next_seq": {')
years = {}
entries, history = [], []
base = datetime.date(2016, 4, 1)
out_entries = []
for i in range(n):
    t = dict(seed["entries"][i % 2])
    day = base + datetime.timedelta(days=(i * 3650) // n)
    year = day.year
    years[year] = years.get(year, 0) + 1
    t["id"] = "EXT-%04d-%06d" % (year, years[year])
    t["service"] = "%s %d" % (seed["entries"][i % 2]["service"], i)
    t["approved_on"] = day.isoformat()
    t["next_review"] = (day + datetime.timedelta(days=365)).isoformat()
    t["next_check"] = t["next_review"]
    t["corporate_number"] = None
    if realistic and i % 50:
        # renewed on time: next due after due's default 30 days
        nxt = (today + datetime.timedelta(days=31 + (i * 7919) % 335)).isoformat()
        t["next_review"] = t["next_check"] = nxt
        t["conditions"] = [dict(c, due=nxt) if c.get("due") else c for c in t["conditions"]]
    out_entries.append(t)
# the entry `show` and `condition` are measured on: a conditional one (the first seed) halfway
open(sys.argv[2] + ".pick", "w").write(out_entries[(n // 2) & ~1]["id"])
out.write(", ".join('"%d": %d' % (y, c + 1) for y, c in sorted(years.items())))
out.write('}, "entries": [')
for i, t in enumerate(out_entries):
    if i:
        out.write(",\n")
    out.write(json.dumps(t, ensure_ascii=False))
out.write('], "history": [')
k = 0
for i, t in enumerate(out_entries):
    day = datetime.date.fromisoformat(t["approved_on"])
    for j in range(per if i < n - 1 else e - k):
        if k >= e:
            break
        ev = {"at": (day + datetime.timedelta(days=j)).isoformat() + "T10:00:00+09:00",
              "on": (day + datetime.timedelta(days=j)).isoformat(), "user": "bench",
              "action": "add" if j == 0 else ("condition" if j % 2 else "check"),
              "entry": t["id"], "detail": None if j == 0 else "bench event %d" % j}
        out.write((",\n" if k else "") + json.dumps(ev, ensure_ascii=False))
        k += 1
out.write("]}\n")
PY
fi
[ -n "$reuse" ] || ls -l "$work/big.json" | awk '{printf "JSON register: %.1f MB\n", $5 / 1048576}'
measure() { # measure LABEL COMMAND…: wall seconds, peak RSS and user CPU seconds
    local label=$1; shift
    /usr/bin/time -f "%e %M %U" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; echo "$label failed" >&2; return 1; }
    read -r secs kb cpu <"$work/time"
    printf '| %-22s | %9.3f s | %7.1f MB | %7.2f s |\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)" "$cpu"
}
R=$work/big.sqlite
if [ "${REGISTER_STORE:-sqlite}" = pg ]; then
    . tests/e2e/lib/pgtmp.bash
    pgtmp_start
    R=$PGTMP_URI
fi
echo "| register ($n entries, $e events, ${BENCH_REGISTER:-worst}, ${REGISTER_STORE:-sqlite}) | wall | peak RSS | user CPU |"
echo "|---|---|---|---|"
if [ -n "$reuse" ]; then
    cp "$work/big.sqlite.orig" "$R"
    rm -f "$R-journal"
else
    rm -f "$R" "$R-journal"
    measure "migrate" "$A" register migrate "$work/big.json" -o "$R"
    [ -z "${BENCH_KEEP:-}" ] || [ "$R" != "$work/big.sqlite" ] || cp "$R" "$work/big.sqlite.orig"
fi
if [ "$R" = "$work/big.sqlite" ]; then
    ls -l "$work/big.sqlite" | awk '{printf "SQLite register: %.1f MB\n", $5 / 1048576}' >&2
else
    echo "PostgreSQL database: $(pgtmp_psql assess -At -c "SELECT pg_size_pretty(pg_database_size('assess'))")" >&2
fi
# an approved assessment with its officer's review (without it the terms are still pending)
measure "add" "$A" register add "$S/light-survey.json" --review "$S/light-survey.review.json" --register "$R" --approver a --manager b --date 2026-12-01
pick=$(cat "$work/big.json.pick")
measure "show --json" "$A" register show --json "$pick" --register "$R"
measure "condition" "$A" register condition "$pick" 1 --met --evidence bench --date 2026-12-02 --register "$R"
measure "due --json" "$A" register due --json --register "$R"
echo "due: $(grep -c '"reason":' "$work/out") items" >&2
measure "report --json" "$A" register report --fiscal-year 2025 --json --register "$R"
measure "export --json" "$A" register export --json --register "$R"
measure "list --json" "$A" register list --json --register "$R"
