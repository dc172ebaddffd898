#!/bin/bash
# The officer's review sheet end to end (SPEC v3 §8.1, issue 24): assess review writes the sheet
# from the answers, the officer fills it (openpyxl: signs the suggested conclusions, refuses a
# subcontractor), assess import reads it back, and score --review gives the verdict §8.1 gives -
# in XLSX and after LibreOffice has saved it as ODS. Refused with 65 naming the cell: a sheet for
# other answers, a decision without a name, an override of a `must` question.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fill="$SRC/tests/e2e/review_sheet.py"
fail=0
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "FAIL: LibreOffice (soffice) not installed: apt-get install -y libreoffice-calc-nogui"; exit 1
fi
to_ods() {
    "$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to ods --outdir "$2" "$1" >/dev/null 2>&1
}
verdict() { "$ASSESS" score --json --review "$1" "$2" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["verdict"])'; }
expect() { # expect WHAT GOT WANT
    if [ "$2" != "$3" ]; then echo "FAIL: $1: got $2, want $3"; fail=1; else echo "ok: $1: $2"; fi
}
refused() { # refused WHAT CELL-PATTERN COMMAND…
    local what=$1 pat=$2; shift 2
    local st=0
    "$@" >"$tmp/out" 2>"$tmp/err" || st=$?
    if [ "$st" != 65 ] || ! grep -q -- "$pat" "$tmp/err"; then
        echo "FAIL: $what: exit $st, want 65 naming $pat:"; cat "$tmp/err"; fail=1
    else
        echo "ok: $what: 65, $(grep -- "$pat" "$tmp/err" | head -1)"
    fi
}

# The answers without the reviews beside them in samples/ (those would be written into the sheet).
for s in minato-docs us-iaas-tokyo kumo-subcontract; do cp "$SRC/samples/$s.json" "$tmp/"; done
cd "$tmp"

# 1. All places and law in Japan, ISMAP-registered: the sheet suggests both conclusions; signing
#    them (XLSX, then the same sheet saved as ODS) approves.
"$ASSESS" review minato-docs.json -o m.xlsx --date 2026-12-07
"$PYTHON" "$fill" m.xlsx m-blank-checked.xlsx check
expect "without a review" "$("$ASSESS" score --json minato-docs.json | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["verdict"])')" pending
"$PYTHON" "$fill" m.xlsx m-signed.xlsx sign:foreign_law_risk sign:reliability
"$ASSESS" import m-signed.xlsx --answers minato-docs.json -o m.review.json
grep -q '国内法以外の法令が適用されるリスクは認められない' m.review.json || { echo "FAIL: the suggested reason is not the judgment's"; fail=1; }
grep -q '"ISMAP C23-0456-1"' m.review.json || { echo "FAIL: the reliability does not rest on the ISMAP number"; fail=1; }
expect "signed suggestions (XLSX)" "$(verdict m.review.json minato-docs.json)" approved
mkdir ods && to_ods m-signed.xlsx ods
"$ASSESS" import ods/m-signed.ods --answers minato-docs.json -o m-ods.review.json
cmp -s m.review.json m-ods.review.json || { echo "FAIL: the ODS gives another review"; diff m.review.json m-ods.review.json; fail=1; }
expect "signed suggestions (ODS)" "$(verdict m-ods.review.json minato-docs.json)" approved
# without --answers the binding waits for score --review, which still gives the verdict
"$ASSESS" import m-signed.xlsx -o m-noanswers.review.json
expect "imported without --answers" "$(verdict m-noanswers.review.json minato-docs.json)" approved

# 2. Unsigned rows stay outstanding: the suggestion alone decides nothing.
"$PYTHON" "$fill" m.xlsx m-half.xlsx sign:foreign_law_risk
"$ASSESS" import m-half.xlsx --answers minato-docs.json -o m-half.review.json 2>"$tmp/err"
grep -q '審査!K8' "$tmp/err" || { echo "FAIL: the unsigned reliability row is not named"; cat "$tmp/err"; fail=1; }
expect "one row unsigned" "$(verdict m-half.review.json minato-docs.json)" pending

# 3. A subcontractor in the United States refused, its role not essential: a condition, not a
#    rejection (§8.1); the foreign-law risk has no suggestion (a subcontractor abroad) and is decided.
"$ASSESS" review us-iaas-tokyo.json -o u.xlsx --date 2026-12-07
"$PYTHON" "$fill" u.xlsx u-filled.xlsx "decide:foreign_law_risk=受容する" sign:reliability "decide:terms=受容する" \
    "decide:subcontractors:Northwind Cloud Services LLC=承認しない" \
    "detail:subcontractors:Northwind Cloud Services LLC=なくてもよい (再委託しない条件で足りる)"
"$ASSESS" import u-filled.xlsx --answers us-iaas-tokyo.json -o u.review.json
expect "a subcontractor refused, not essential" "$(verdict u.review.json us-iaas-tokyo.json)" conditional
"$ASSESS" score --review u.review.json us-iaas-tokyo.json | grep -q '再委託先 Northwind Cloud Services LLC に再委託しないこと' ||
    { echo "FAIL: the refusal is not a condition"; fail=1; }

# 4. Refusals, each naming its cell.
refused "a sheet for other answers" '_meta!B2' "$ASSESS" import m-signed.xlsx --answers us-iaas-tokyo.json -o x.json
# the hidden binding moved to other answers by hand: _meta and the line under the title disagree
"$PYTHON" "$fill" m-signed.xlsx m-rebound.xlsx "rebind:$(sha256sum us-iaas-tokyo.json | cut -c1-64)"
refused "a binding changed by hand" '審査!A2 と _meta!B2' "$ASSESS" import m-rebound.xlsx --answers us-iaas-tokyo.json -o x.json
"$PYTHON" "$fill" m.xlsx m-noname.xlsx dateonly:foreign_law_risk
refused "a decision without a name" '審査!K7' "$ASSESS" import m-noname.xlsx --answers minato-docs.json -o x.json
"$ASSESS" review kumo-subcontract.json -o k.xlsx --date 2026-12-07
"$PYTHON" "$fill" k.xlsx k-must.xlsx override:sub.prior_approval=軽微
refused "an override of a must question" '審査!B[0-9]*: overrides\[0\].question: sub.prior_approval' \
    "$ASSESS" import k-must.xlsx --answers kumo-subcontract.json -o x.json
"$PYTHON" "$fill" u.xlsx u-refuse.xlsx "decide:subcontractors:Northwind Cloud Services LLC=承認しない"
refused "a refusal without whether the role is essential" '審査!J' "$ASSESS" import u-refuse.xlsx --answers us-iaas-tokyo.json -o x.json
[ ! -e x.json ] || { echo "FAIL: a refused sheet wrote its output"; fail=1; }

# 5. The vendor form is not a review sheet: --answers is refused as a usage error.
"$ASSESS" form cloud -o f.xlsx --date 2026-12-07
st=0; "$ASSESS" import f.xlsx --answers minato-docs.json -o x.json 2>/dev/null || st=$?
expect "--answers with a vendor form" "$st" 64

exit $fail
