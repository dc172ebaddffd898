#!/bin/bash
# register_history.sh - history is the truth (SPEC §8.4, issue 26): what the register says on a
# date comes from the events in effect on that date, never from the date of the last command.
#   1. a past fiscal year's report is byte-identical before and after later changes (a renewal
#      with new conditions, a revocation, a new entry), and lists no condition created later;
#   2. a decision date typed a year too far (2029 for 2026) and a check dated 2099 are refused
#      (65, naming the place) and change nothing — they used to mark every other entry expired;
#   3. an entry whose review lapsed years ago is 期限切れ in list, show and the export while due
#      says it is overdue (list used to say 有効); list --as-of is honoured.
# REGISTER_STORE=pg (e2e.register_history_pg, under tests/e2e/lib/with_pg.sh): the same on
# PostgreSQL, each register a database of the throwaway server.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
S=$SRC/samples
# this story decides in earlier years than the samples were answered (early FILE DATE)
. "$SRC/tests/e2e/lib/samples.bash"
B=$(early "$S/procurement/bid-b.json" 2025-05-01)
M=$(early "$S/minato-docs.json" 2020-01-01)
LS=$(early "$S/light-survey.json" 2026-07-01)
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() {
    local want=$1; shift
    set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "$* exited $got, expected $want"; }
}
# run a command on a given day ("today" for it)
on() { local day=$1; shift; SOURCE_DATE_EPOCH=$(date -u -d "$day" +%s) "$@"; }
# reg NAME: where register NAME is kept (a file here, or a new database of the test's server)
reg() {
    if [ "${REGISTER_STORE:-sqlite}" = pg ]; then
        createdb "$1" && echo "postgresql:///$1?host=$PGHOST"
    else
        echo "$T/$1.sqlite"
    fi
}
# snap COPY: the register as it stands, to compare with same COPY (the file's bytes on SQLite)
snap() { if [ "${REGISTER_STORE:-sqlite}" = pg ]; then "$ASSESS" register export --json > "$1"; else cp r.sqlite "$1"; fi; }
same() { if [ "${REGISTER_STORE:-sqlite}" = pg ]; then "$ASSESS" register export --json | cmp -s "$1" -; else cmp -s "$1" r.sqlite; fi; }
export ASSESS_REGISTER=$(reg r) USER=officer1

# --- 1. FY2025 (2025-04-01 … 2026-03-31) ---
id1=$(on 2025-06-01 "$ASSESS" register add "$B" --approver "市長" --manager "課長" --date 2025-06-01)
id2=$(on 2025-09-01 "$ASSESS" register add "$M" --approver "市長" --manager "課長" --date 2025-09-01)
on 2025-12-01 "$ASSESS" register condition "$id1" 1 --met --evidence "変更契約 第1号" --date 2025-12-01 2>/dev/null
report() { # report DIR: the FY2025 report (PDF, XLSX, JSON) made today (2026-12-07)
    rm -rf "$1"
    on 2026-12-07 "$ASSESS" register report --fiscal-year 2025 -o "$1" >/dev/null
    on 2026-12-07 "$ASSESS" register report --fiscal-year 2025 --json > "$1/report.json"
}
report fy-before
"$PYTHON" - fy-before/report.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["as_of"] == "2026-03-31", r["as_of"]
assert r["entries"] == 2, r
assert r["by_status"]["active"] == 2 and r["by_status"]["expired"] == 0, r["by_status"]
assert r["conditions_open"] == 3, r   # bid-b's four conditions, one met in December
PY
# --- FY2026: a renewal that re-derives the conditions, a revocation, a new entry ---
on 2026-06-01 "$ASSESS" register renew "$id1" "$B" --approver "副市長" --date 2026-06-01 \
    --conditions "四半期ごとの稼働報告" >/dev/null 2>&1
on 2026-07-01 "$ASSESS" register revoke "$id2" --reason "契約終了" --date 2026-07-01 2>/dev/null
on 2026-08-01 "$ASSESS" register add "$LS" --approver "市長" --manager "課長" --date 2026-08-01 >/dev/null
report fy-after
for f in report.json register-report-2025.xlsx register-report-2025.pdf; do
    cmp -s "fy-before/$f" "fy-after/$f" || fail "the FY2025 report changed after FY2026's changes: $f"
done
! grep -q "四半期ごとの稼働報告" fy-after/report.json || fail "a condition created in 2026 is in the FY2025 report"
# the FY2026 report does see them
on 2026-12-07 "$ASSESS" register report --fiscal-year 2026 --json | "$PYTHON" -c '
import json, sys
r = json.load(sys.stdin)
assert r["entries"] == 3 and r["by_status"]["revoked"] == 1, r' || fail "FY2026 report"
echo "past year's report: byte-identical after later changes"

# --- 2. dates that cannot be meant ---
snap before.sqlite
expect_status 65 on 2026-12-07 "$ASSESS" register add "$S/kumo-subcontract.json" --approver a --manager b --date 2029-01-10
grep -q -- "--date: 2029-01-10" err || fail "typo date: $(cat err)"
expect_status 65 on 2026-12-07 "$ASSESS" register revoke "$id1" --reason x --date 2099-12-31
same before.sqlite || fail "register changed by a refused date"
on 2026-12-07 "$ASSESS" register check "$id1" --phase operate -o op.xlsx
"$PYTHON" - op.xlsx <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["点検"]
rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
rows["点検日"][4].value = "2099-12-31"
rows["点検者"][4].value = "情報政策課長 佐藤花子"
for k in rows:
    if k.startswith("11-2(6)①"):
        rows[k][4].value = "適"
wb.save("op-2099.xlsx")
PY
expect_status 65 on 2026-12-07 "$ASSESS" register check "$id1" --phase operate --record op-2099.xlsx
grep -q "op-2099.xlsx: 点検日 (@check.date): 2099-12-31 は今日 (2026-12-07) より後" err || fail "check 2099: $(cat err)"
same before.sqlite || fail "register changed by a check dated 2099"
on 2026-12-07 "$ASSESS" register list --json | "$PYTHON" -c '
import json, sys
st = {e["id"]: e["state"] for e in json.load(sys.stdin)["entries"]}
# the renewal of 2026-06-01 has conditions past their due date; nothing is expired
assert st == {"EXT-2025-0001": "conditions_overdue", "EXT-2025-0002": "revoked", "EXT-2026-0001": "active"}, st' \
    || fail "states after the refused dates"
echo "dates that cannot be meant: refused, nothing changed"

# --- 3. a review that lapsed in 2021: list, show, export and due agree ---
L=$(reg lapsed)
lid=$(on 2020-01-10 "$ASSESS" register add "$M" --register "$L" --approver a --manager b --date 2020-01-10)
on 2026-12-07 "$ASSESS" register list --json --register "$L" | "$PYTHON" -c '
import json, sys; e = json.load(sys.stdin)["entries"][0]; assert e["state"] == "expired", e["state"]' \
    || fail "list says a lapsed entry is not expired"
on 2026-12-07 "$ASSESS" register list --register "$L" | grep -q "期限切れ" || fail "list (text) does not say 期限切れ"
on 2026-12-07 "$ASSESS" register show "$lid" --register "$L" | grep -q "^状態 *期限切れ" || fail "show does not say 期限切れ"
on 2026-12-07 "$ASSESS" register due --json --register "$L" | "$PYTHON" -c '
import json, sys
d = [x for x in json.load(sys.stdin)["due"] if x["reason"] == "review"]
assert d and d[0]["days_left"] < -2000 and d[0]["status"] == "expired", d' || fail "due and list disagree"
# --as-of: active before the lapse, absent before the approval
on 2026-12-07 "$ASSESS" register list --json --register "$L" --as-of 2020-06-01 | "$PYTHON" -c '
import json, sys; e = json.load(sys.stdin)["entries"]; assert [x["state"] for x in e] == ["active"], e' \
    || fail "list --as-of 2020-06-01"
on 2026-12-07 "$ASSESS" register list --json --register "$L" --as-of 2019-12-01 | "$PYTHON" -c '
import json, sys; e = json.load(sys.stdin)["entries"]; assert e == [], e' || fail "list --as-of before the approval"
if [ "${REGISTER_STORE:-sqlite}" != pg ]; then   # (register_pg.sh moves registers into PostgreSQL)
    . "$SRC/tests/e2e/lib/register.bash"
    migrate_roundtrip "$T" || fail "migrate round trip"
fi
echo "register history: ok"
