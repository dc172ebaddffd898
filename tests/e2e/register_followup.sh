#!/bin/bash
# The register after approval (issue 16): a conditional sample goes through add → conditions met
# one by one → operation check → renew → exit check, and show, list, due, report and export tell
# the same story at each step; each new verb's bad input exits with its documented code and leaves
# the register byte-for-byte unchanged; the year's report figures equal those computed from
# register list --json.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
S=$SRC/samples
B=$S/procurement/bid-b.json
# REGISTER_STORE=pg (e2e.register_followup_pg, under tests/e2e/lib/with_pg.sh): each register a database of the
# test's throwaway PostgreSQL server instead of a file.
pg() { [ "${REGISTER_STORE:-sqlite}" = pg ]; }
# reg register_followup: where register register_followup is kept
reg() { if pg; then createdb "$1" && echo "postgresql:///$1?host=$PGHOST"; else echo "$T/$1.sqlite"; fi; }
export ASSESS_REGISTER=$(reg r) USER=officer1
# "today" after the whole story (2026-11 to 2028-04): a check is recorded once it was done, and a
# decision at most a year ahead (SPEC §8.4); every view below names its --as-of
export SOURCE_DATE_EPOCH=$(date -u -d 2028-04-02 +%s)
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() { # expect_status N cmd…
    local want=$1; shift
    set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "$* exited $got, expected $want"; }
}
unchanged() { # unchanged cmd… : the register is byte-identical after a refused command
    if pg; then "$ASSESS" register export --json > before.json; else cp "$ASSESS_REGISTER" before.json; fi
    expect_status "$@"
    if pg; then "$ASSESS" register export --json | cmp -s before.json -; else cmp -s before.json "$ASSESS_REGISTER"; fi \
        || fail "register changed by: ${*:2}"
}
# a JSON file, or a register in its JSON form (as register export --json prints it)
json() {
    if [[ $1 == postgresql://* ]] || [ "$(head -c 15 "$1")" = "SQLite format 3" ]; then
        "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" <("$ASSESS" register export --json --register "$1") "$2"
    else
        "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"
    fi
}
# story ASOF WANT_STATE: list, show, due, export and the report agree on the entry's state
story() {
    local asof=$1 want=$2
    "$ASSESS" register list --json --as-of "$asof" > list.json
    [ "$(json list.json "d['entries'][0]['state']")" = "$want" ] || fail "list --json state on $asof: $(json list.json "d['entries'][0]['state']") != $want"
    "$ASSESS" register list --as-of "$asof" > list.txt
    "$ASSESS" register show "$id" --as-of "$asof" > show.txt
    local label
    label=$("$PYTHON" -c "print({'active':'有効','conditions_overdue':'条件未履行','expired':'期限切れ','ended':'利用終了'}['$want'])")
    grep -q "$label" list.txt || fail "list on $asof does not say $label"
    grep -q "^状態 *$label" show.txt || fail "show on $asof does not say $label"
    rm -rf rep; "$ASSESS" register report --fiscal-year 2026 --as-of "$asof" -o rep >/dev/null
    "$ASSESS" register report --fiscal-year 2026 --as-of "$asof" --json > rep.json
    "$PYTHON" - list.json rep.json rep/register-report-2026.xlsx <<'PY'
import json, sys, datetime, openpyxl
lst = json.load(open(sys.argv[1])); rep = json.load(open(sys.argv[2]))
asof = lst["as_of"]; fy0, fy1 = "2026-04-01", "2027-03-31"; nx0, nx1 = "2027-04-01", "2028-03-31"
es = [e for e in lst["entries"] if e["approved_on"] <= fy1]
use = [e for e in es if e["status"] in ("active", "expired")]
inyr = lambda d: d is not None and fy0 <= d <= fy1
want = {
    "entries": len(es),
    "by_status.active": sum(e["status"] == "active" for e in es),
    "by_status.expired": sum(e["status"] == "expired" for e in es),
    "by_status.revoked": sum(e["status"] == "revoked" for e in es),
    "by_status.ended": sum(e["status"] == "ended" for e in es),
    "conditions_overdue_entries": sum(e["state"] == "conditions_overdue" for e in use),
    "approved_in_use": sum(e["verdict"] == "approved" for e in use),
    "conditional_in_use": sum(e["verdict"] == "conditional" for e in use),
    "approvals": sum(inyr(e["approved_on"]) for e in es),
    "renewals": sum(inyr(r["renewed_on"]) for e in es for r in e["renewals"]),
    "regressions": sum(inyr(r["renewed_on"]) and (r["score"] < r["previous_score"] or
                       ["rejected","incomplete","conditional","approved"].index(r["verdict"]) <
                       ["rejected","incomplete","conditional","approved"].index(r["previous_verdict"]))
                       for e in es for r in e["renewals"]),
    "conditions_open": sum(e["conditions_open"] for e in use),
    "conditions_overdue": sum(e["conditions_overdue"] for e in use),
    "conditions_met": sum(c["status"] != "open" and inyr(c["on"]) for e in es
                          for c in e["conditions"] + [p for r in e["renewals"] for p in r.get("previous_conditions", [])]),
    "checks": sum(inyr(c["on"]) for e in es for c in e["checks"]),
    "checks_operate": sum(inyr(c["on"]) and c["phase"] == "operate" for e in es for c in e["checks"]),
    "checks_exit": sum(inyr(c["on"]) and c["phase"] == "exit" for e in es for c in e["checks"]),
    "checks_overdue": sum(e["next_check"] is not None and e["next_check"] < asof for e in use),
    "evidence_expiring": sum(e["evidence_expiry"] is not None and nx0 <= e["evidence_expiry"] <= nx1 for e in use),
}
ws = openpyxl.load_workbook(sys.argv[3])["概要"]
got = {r[2]: r[1] for r in ws.iter_rows(min_row=6, values_only=True) if r[2]}
for k, v in want.items():
    assert got[k] == v, (asof, k, got[k], v)
    j = rep
    for part in k.split("."):
        j = j[part]
    j = len(j) if isinstance(j, list) else j
    assert j == v, (asof, k, j, v)
PY
    # due: the entry's open conditions falling due by then, and nothing for an ended entry
    "$ASSESS" register due --as-of "$asof" --within 0 --json > due-step.json
    "$PYTHON" - list.json due-step.json <<'PY'
import json, sys
lst = json.load(open(sys.argv[1])); due = json.load(open(sys.argv[2]))["due"]
e = lst["entries"][0]; asof = lst["as_of"]
mine = [x for x in due if x["id"] == e["id"]]
want = sorted(c["n"] for c in e["conditions"] if c["status"] == "open" and c["due"] <= asof)
if e["status"] in ("ended", "revoked"):
    want = []
    assert mine == [], mine
got = sorted(x["condition"] for x in mine if x["reason"] == "condition")
assert got == want, (asof, got, want)
PY
    "$ASSESS" register export -o "exp-$asof.pdf" --as-of "$asof" --force >/dev/null
    pdftotext "exp-$asof.pdf" - | grep -q "$label" || fail "export PDF on $asof does not say $label"
    "$ASSESS" register export -o "exp-$asof.xlsx" --as-of "$asof" --force >/dev/null
    "$PYTHON" - "exp-$asof.xlsx" "$want" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
head = [c.value for c in ws[3]]
row = [c.value for c in ws[4]]
st = row[head.index("状態")]
want = {"active": "有効", "conditions_overdue": "条件未履行", "expired": "期限切れ", "ended": "利用終了"}[sys.argv[2]]
assert st == want, (st, want)
PY
}

# --- add: conditions as records, due dates from condition_due_days ---
id=$("$ASSESS" register add "$B" --approver "市長 山田太郎" --manager "情報政策課長 佐藤花子" --date 2026-11-20)
[ "$id" = EXT-2026-0001 ] || fail "id $id"
[ "$(json "$ASSESS_REGISTER" "len(d['entries'][0]['conditions'])")" = 4 ] || fail "4 conditions"
# condition 2 as the result states it (score --json on the same date), recorded as an open record
want2=$("$ASSESS" score --json --date 2026-11-20 "$B" | "$PYTHON" -c 'import json,sys; c=json.load(sys.stdin)["conditions"][1]; print({"n": c["n"], "text": c["text"], "clause": c["clause"], "due": c["due"], "status": "open", "evidence": None, "on": None, "by": None})')
[ "$(json "$ASSESS_REGISTER" "d['entries'][0]['conditions'][1]")" = "$want2" ] \
    || fail "condition record: $(json "$ASSESS_REGISTER" "d['entries'][0]['conditions'][1]")"
story 2026-12-01 active
expect_status 0 "$ASSESS" register due --as-of 2026-12-01 --within 10 --exit-code
expect_status 1 "$ASSESS" register due --as-of 2026-12-01 --within 30 --exit-code
story 2026-12-21 conditions_overdue
grep -q "期限超過" show.txt || fail "show names the overdue conditions"
"$ASSESS" register due --as-of 2026-12-21 --json > due.json
[ "$(json due.json "sorted(x['condition'] for x in d['due'] if x['reason']=='condition')")" = "[1, 2, 3, 4]" ] || fail "due lists the 4 conditions"

# --- bad input: documented exit codes, register unchanged ---
unchanged 65 "$ASSESS" register add "$B" --approver a --manager b --date 2026-12-01
grep -q "register renew $id" err || fail "duplicate add points to renew"
unchanged 65 "$ASSESS" register condition EXT-2026-0099 1 --met --evidence x
grep -q "EXT-2026-0099" err || fail "unknown id named"
unchanged 65 "$ASSESS" register condition "$id" 5 --met --evidence x
grep -q "1 から 4" err || fail "range named: $(cat err)"
unchanged 64 "$ASSESS" register condition "$id" 0 --met --evidence x
unchanged 65 "$ASSESS" register condition "$id" 1 --met --evidence $'SLA\e[2J\e[1;1H判定: 承認'
grep -q "U+001B" err || fail "control characters in evidence: $(cat err)"
unchanged 64 "$ASSESS" register condition "$id" 1 --met
unchanged 64 "$ASSESS" register condition "$id" 1 --met --waived --evidence x
unchanged 64 "$ASSESS" register check "$id" --phase deploy -o x.xlsx
unchanged 64 "$ASSESS" register renew "$id" "$B" --date 2027-11-01
grep -q -- "--approver" err || fail "renew without approver says so"
unchanged 65 "$ASSESS" register check EXT-2026-0099 --phase operate -o x.xlsx
[ ! -e x.xlsx ] || fail "checklist written for an unknown id"

# --- conditions met one by one ---
for n in 1 2 3 4; do
    "$ASSESS" register condition "$id" "$n" --met --evidence "変更契約 第$n号" --date "2026-12-1$n" --by "佐藤花子" 2>/dev/null
    [ "$(json "$ASSESS_REGISTER" "d['entries'][0]['conditions'][$n-1]['status']")" = met ] || fail "condition $n met"
done
unchanged 65 "$ASSESS" register condition "$id" 2 --waived --evidence again
story 2026-12-21 active
grep -q "4 件すべて履行済み" show.txt || fail "show says all conditions are met"
expect_status 0 "$ASSESS" register due --as-of 2026-12-21 --exit-code

# --- operation check: checklist with the vendor's answers, filled, recorded ---
"$ASSESS" register check "$id" --phase operate -o op.xlsx --answers "$B"
"$PYTHON" - op.xlsx <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["点検"]
rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
items = [k for k in rows if k.startswith("11-2(6)①")]
assert items == ["11-2(6)①" + c for c in "アイウエオカキクケ"], items
assert "sec.access_control" in rows["11-2(6)①エ"][2].value
assert rows["11-2(6)①エ"][3].value and "はい" in rows["11-2(6)①エ"][3].value, rows["11-2(6)①エ"][3].value
# the manager reads labels, not keys: 「点検日」「点検者」, the phase in words (issue 29)
assert not [k for k in rows if str(k).startswith("@")], [k for k in rows if str(k).startswith("@")]
assert rows["点検の段階"][4].value == "運用・保守時", rows["点検の段階"][4].value
assert not any("assess " in str(c.value or "") for r in ws.iter_rows() for c in r), "a command line in the checklist"
rows["点検日"][4].value = "令和9年6月1日"   # as people write it
rows["点検者"][4].value = "情報政策課長 佐藤花子"
for k in items:
    rows[k][4].value = "適"
rows["11-2(6)①カ"][4].value = "否"; rows["11-2(6)①カ"][5].value = "通信制御の設定書が未提出"
wb.save("op-filled.xlsx")
wb["点検"]["E5"].value = "導入・構築時"   # the phase row: the wrong phase
wb.save("op-wrongphase.xlsx")
PY
unchanged 65 "$ASSESS" register check "$id" --phase operate --record op.xlsx
grep -q "点検!E" err || fail "empty checklist: cells named: $(cat err)"
unchanged 65 "$ASSESS" register check "$id" --phase build --record op-filled.xlsx
grep -q "「運用・保守時」" err || fail "wrong phase named"
unchanged 65 "$ASSESS" register check "$id" --phase operate --record op-wrongphase.xlsx
"$ASSESS" register check "$id" --phase operate --record op-filled.xlsx 2>/dev/null
[ "$(json "$ASSESS_REGISTER" "d['entries'][0]['checks'][0]['items'][5]")" = "{'item': '11-2(6)①カ', 'result': 'ng', 'note': '通信制御の設定書が未提出'}" ] || fail "check item recorded"
[ "$(json "$ASSESS_REGISTER" "d['entries'][0]['next_check']")" = 2028-06-01 ] || fail "next operation check moves on"
story 2027-03-31 active

# --- renew: approver recorded, verdict before and after ---
"$ASSESS" register renew "$id" "$B" --approver "副市長 鈴木一郎" --date 2027-11-10 >/dev/null 2>&1
[ "$(json "$ASSESS_REGISTER" "d['entries'][0]['renewals'][0]['approver']")" = "副市長 鈴木一郎" ] || fail "renewal approver"
[ "$(json "$ASSESS_REGISTER" "d['entries'][0]['next_review']")" = 2028-11-10 ] || fail "renew next review"
"$ASSESS" register show "$id" --as-of 2027-11-10 | grep -q "許可権限者 副市長 鈴木一郎" || fail "show renewal"
story 2027-11-10 active
# fiscal-year policy: review by the end of the next 年度, operation checks too
printf '{"format": "assess-policy/1", "review_basis": "fiscal_year"}\n' > fy.json
F=$(reg fy_reg)
fid=$("$ASSESS" register add "$B" --register "$F" --policy fy.json --approver a --manager b --date 2026-11-20)
[ "$(json "$F" "d['entries'][0]['next_review']")" = 2028-03-31 ] || fail "fiscal-year review"
[ "$(json "$F" "d['entries'][0]['next_check']")" = 2028-03-31 ] || fail "fiscal-year operation check"
"$ASSESS" register renew "$fid" "$B" --register "$F" --policy fy.json --approver a --date 2027-04-02 >/dev/null 2>&1
[ "$(json "$F" "d['entries'][0]['next_review']")" = 2029-03-31 ] || fail "fiscal-year renew"
# renewed with evidence already expired: 期限切れ, not 有効
X=$(reg exp_reg)
xid=$("$ASSESS" register add "$S/reaudit/2025.json" --register "$X" --approver a --manager b --date 2025-11-20)
"$ASSESS" register renew "$xid" "$S/reaudit/2026.json" --register "$X" --approver "副市長" --date 2026-11-10 >/dev/null 2>&1
"$ASSESS" register list --json --register "$X" --as-of 2026-11-10 | "$PYTHON" -c \
    'import json,sys; assert json.load(sys.stdin)["entries"][0]["state"] == "expired"' || fail "expired evidence after renew"
"$ASSESS" register show "$xid" --register "$X" --as-of 2026-11-10 | grep -q "(低下)" || fail "regression shown"

# --- exit check closes the entry; due stops listing it ---
"$ASSESS" register check "$id" --phase exit -o ex.xlsx
"$PYTHON" - ex.xlsx <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["点検"]
rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
assert [k for k in rows if k.startswith("11-2(7)①")] == ["11-2(7)①ア", "11-2(7)①イ", "11-2(7)①ウ"]
assert "(回答ファイル未指定)" in rows["11-2(7)①イ"][3].value
import datetime
rows["点検日"][4].value = datetime.date(2028, 3, 31)   # a date cell, as Excel stores it
rows["点検者"][4].value = "佐藤花子"
for k in ("11-2(7)①ア", "11-2(7)①イ", "11-2(7)①ウ"):
    rows[k][4].value = "適"
wb.save("ex-filled.xlsx")
PY
"$ASSESS" register check "$id" --phase exit --record ex-filled.xlsx 2>/dev/null
[ "$(json "$ASSESS_REGISTER" "d['entries'][0]['status']")" = ended ] || fail "exit check ends the entry"
[ "$(json "$ASSESS_REGISTER" "d['entries'][0]['ended_on']")" = 2028-03-31 ] || fail "ended on the check's date (a date cell)"
story 2028-03-31 ended
expect_status 0 "$ASSESS" register due --as-of 2030-01-01 --exit-code
unchanged 65 "$ASSESS" register check "$id" --phase operate --record op-filled.xlsx
unchanged 65 "$ASSESS" register condition "$id" 1 --waived --evidence x
unchanged 65 "$ASSESS" register renew "$id" "$B" --approver a --date 2028-04-01
"$ASSESS" register list --as-of 2028-04-01 | grep -q 利用終了 || fail "list says ended"
# the service may be registered again once its entry has ended
"$ASSESS" register add "$B" --approver a --manager b --date 2028-04-01 >/dev/null
story_count=$(json "$ASSESS_REGISTER" "len(d['entries'])"); [ "$story_count" = 2 ] || fail "re-add after end"

# --- the year's report: PDF (A4) and XLSX ---
rm -rf rep; "$ASSESS" register report --fiscal-year 2026 --as-of 2027-03-31 -o rep >/dev/null
pdftotext rep/register-report-2026.pdf rep.txt
grep -q "外部サービスの利用状況報告 令和8年度" rep.txt || fail "report title"
grep -q "EXT-2026-0001" rep.txt || fail "report lists the entry"
pdfinfo rep/register-report-2026.pdf | grep -q "(A4)" || fail "report is A4"
qpdf --check rep/register-report-2026.pdf >/dev/null || fail "qpdf"
expect_status 73 "$ASSESS" register report --fiscal-year 2026 -o rep
expect_status 64 "$ASSESS" register report -o rep2
if ! pg; then   # (register_pg.sh moves registers into PostgreSQL)
    . "$SRC/tests/e2e/lib/register.bash"
    migrate_roundtrip "$T" || fail "migrate round trip"
fi
echo "register follow-up: ok"
