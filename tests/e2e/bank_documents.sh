#!/bin/bash
# A bank tells its documents what they need (issue 23): its kind, the pack's title and the
# clauses its documents cite are data (the bank's "documents"), never guessed from its clause.
# tests/data/bank-other-clause.json cites 6-3 (no 11-x clause at all) and declares itself an
# outsourcing bank with its own title, its own manager clause and its own "must" label; the
# score, the pack's PDF and the pack's XLSX must all take them from the bank.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pdftotext >/dev/null || fail "pdftotext is needed (apt-get install poppler-utils)"
B="$SRC/tests/data/bank-other-clause.json"
A="$SRC/tests/data/devwork-answers.json"
run() { "$ASSESS" "$@" --questionnaire "$B" --date 2026-12-01; }

run score "$A" >"$T/score.txt"
grep -q '委託の条件「変更の記録を残すこと」(6-3(2)③) を満たさないため、委託先として選定できない' "$T/score.txt" ||
    fail "the must label and the outsourcing consequence do not come from the bank: $(cat "$T/score.txt")"
grep -q '対策基準の定め「成果物を検査すること」(5-2(1)②)' "$T/score.txt" ||
    fail "a clause outside the bank's must list is a requirement of the standard"
run score "$A" --lang en >"$T/score-en.txt"
grep -q 'The term of the work "keeping records of changes" (.*6-3(2)③) is not met, so the contractor cannot be selected' "$T/score-en.txt" ||
    fail "English must label: $(cat "$T/score-en.txt")"

run pack "$A" -o "$T/pack" >/dev/null
pdf=$(ls "$T"/pack/*.pdf) xlsx=$(ls "$T"/pack/*.xlsx)
pdftotext "$pdf" "$T/pack.txt"
grep -q '別紙「システム開発委託 審査資料」' "$T/pack.txt" || fail "the pack's PDF title is not the bank's"
grep -q 'への業務委託について (伺い)' "$T/pack.txt" || fail "an outsourcing bank's subject is a contract, not a use"
! grep -q '外部サービス利用 審査資料\|業務委託 審査資料\|11-1(3)①\|11-2(4)③' "$T/pack.txt" ||
    fail "the pack's PDF falls back to a built-in bank's title or clause"
# approved, the pack names who oversees the contractor under the bank's manager clause
sed 's/"value": "no"/"value": "yes"/' "$A" >"$T/approved.json"
run pack "$T/approved.json" -o "$T/approved" >/dev/null
pdftotext "$T"/approved/*.pdf "$T/approved.txt"
grep -q '委託事業者の確認' "$T/approved.txt" || fail "an outsourcing bank designates no manager"
grep -q '(6-3(2)②)' "$T/approved.txt" || fail "the manager clause is not the bank's: $(grep -n 確認 "$T/approved.txt")"
! grep -q '11-1(3)①\|11-2(4)③' "$T/approved.txt" || fail "the approved pack cites a built-in bank's manager clause"
"$PYTHON" - "$xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
title = wb.worksheets[0].cell(1, 1).value
assert title == "システム開発委託 審査資料", f"XLSX title {title!r}"
PY
echo "bank documents: kind, title, clauses and must labels from the bank's data"
