#!/bin/bash
# newcomer.sh - the small items of issue 29 end to end, and the rule for Japanese documents:
# no English status words and no ISO date outside an identifier in the text of the pack (PDF and
# XLSX, every kind of verdict) and of the re-audit documents (tests/e2e/ja_text.py, itself checked
# on a workbook that breaks the rule); the certificate cell of the form (its own example,
# 「ISO/IEC 27001」 as one field, 「該当なし」 as its text says); the pack's certificate table in
# Japanese and its words for a question that does not apply; register history in Japanese; the
# count of samples/README.md.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
S=$SRC/samples
export SOURCE_DATE_EPOCH=1796083200   # 2026-12-01
cd "$T"

# ---- the scanner finds what it is for --------------------------------------------------------
"$PYTHON" - <<'PY'
import openpyxl, datetime
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "履歴"
ws["A1"] = "つばさ e-申請: conditional 95.2"
ws["A2"] = "条件 1 met: 変更契約"
ws["A3"] = "期限 2027-01-06"
ws["A4"] = "株式会社A_B_2026-12-01.pdf"   # an identifier: allowed
ws["A5"] = datetime.date(2027, 1, 6); ws["A5"].number_format = "yyyy-mm-dd"
wb.save("bad.xlsx")
PY
if "$PYTHON" "$SRC/tests/e2e/ja_text.py" bad.xlsx > scan.txt 2>&1; then fail "ja_text.py accepts English status words and ISO dates"; fi
for cell in A1 A2 A3 A5; do grep -q "履歴!$cell:" scan.txt || fail "ja_text.py misses 履歴!$cell: $(cat scan.txt)"; done
if grep -q "履歴!A4:" scan.txt; then fail "ja_text.py flags a date inside a file name"; fi

# ---- Japanese documents: one language, one date style: the pack (every verdict), re-audit,
# comparison, spec, contract, checklist, register export and the year's report ----------------
"$ASSESS" pack "$S/minato-docs.json" "$S/procurement/bid-b.json" "$S/procurement/bid-c.json" "$S/incomplete-draft.json" \
    "$S/contradiction-subcontract.json" \
    "$S/outsourcing-payroll.json" "$S/light-survey.json" "$S/reaudit/2026.json" -o pack \
    --approver "副市長 山田太郎" --manager "情報政策課 佐藤花子" >/dev/null 2>&1 || fail "pack"
"$ASSESS" reaudit "$S/reaudit/2025.json" "$S/reaudit/2026.json" -o ra >/dev/null || fail "reaudit"
"$ASSESS" compare "$S"/procurement/bid-{a,b,c}.json -o cmp >/dev/null || fail "compare"
"$ASSESS" spec cloud --classification 2/2/2 -o spec >/dev/null || fail "spec"
"$ASSESS" contract "$S/procurement/bid-b.json" -o contract >/dev/null || fail "contract"
rid=$("$ASSESS" register add "$S/procurement/bid-b.json" --register docs.json --approver a --manager b --date 2026-11-20)
"$ASSESS" register condition "$rid" 1 --met --evidence "変更契約" --register docs.json --date 2026-11-25 2>/dev/null
"$ASSESS" register check "$rid" --phase operate -o check.xlsx --answers "$S/procurement/bid-b.json" --register docs.json >/dev/null
"$ASSESS" register export -o reg.xlsx --register docs.json >/dev/null
"$ASSESS" register export -o reg.pdf --register docs.json >/dev/null
"$ASSESS" register report --fiscal-year 2026 -o rep --register docs.json >/dev/null
# the vendor's form is left out: its input cells and their examples keep the typed format
"$PYTHON" "$SRC/tests/e2e/ja_text.py" pack/* ra/* cmp/* spec/* contract/* check.xlsx reg.xlsx reg.pdf rep/* \
    || fail "Japanese documents with English status words or ISO dates (above)"

# ---- the pack: certificate table in Japanese, a question that does not apply ------------------
pdf=$(ls pack/株式会社みなとクラウド_*.pdf)
pdftotext -layout "$pdf" minato.txt
for h in 制度 登録番号 適用範囲 有効期限; do grep -q "$h" minato.txt || fail "certificate table lacks the header $h"; done
if grep -Eq "scheme|number +scope" minato.txt; then fail "English headers in the certificate table"; fi
"$PYTHON" - pack/株式会社みなとクラウド_*.xlsx <<'PY' || fail "pack XLSX: a question that does not apply"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
texts = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
assert any("この評価では適用されない設問" in t for t in texts), "no cell says the question does not apply"
assert not any(t == "(未回答)" for t in texts), "(未回答) for a question that does not apply"
PY

# a result returned for contradictory answers says so, in the PDF and the XLSX
pdftotext -layout pack/株式会社しおかぜソフト_*.pdf shiokaze.txt
grep -q "差戻し (回答の矛盾)" shiokaze.txt || fail "the pack does not say the answers contradict each other"
if grep -Eq "回答不足|0 件が未回答" shiokaze.txt; then fail "the pack calls a contradiction missing answers"; fi
"$PYTHON" - pack/株式会社しおかぜソフト_*.xlsx <<'PY' || fail "the pack XLSX verdict of a contradiction"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
texts = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
assert "差戻し (回答の矛盾)" in texts and "差戻し (回答不足)" not in texts
PY

# ---- the form's certificate cell -------------------------------------------------------------
"$ASSESS" form cloud -o form.xlsx >/dev/null
"$PYTHON" - form.xlsx <<'PY' || fail "the form's list instructions"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["回答"]
rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
cert = rows["cert.certificates"][3].value
sub = rows["sub.list"][3].value
assert "「制度 / 番号 / 範囲 / 有効期限」" in cert and "ISO/IEC 27001 / " in cert, cert
assert "データセンター運用" not in cert, "the certificate's example is the subcontractor's: " + cert
assert "ない場合は「該当なし」" in cert and "「該当なし」としてください" in cert, cert
assert "株式会社A / JP / データセンター運用" in sub and "ない場合は「なし」" in sub, sub
PY

# ---- register history in Japanese ------------------------------------------------------------
id=$("$ASSESS" register add "$S/procurement/bid-b.json" --register r.json --approver a --manager b --date 2026-11-20)
"$ASSESS" register condition "$id" 1 --met --evidence "変更契約 第1号" --register r.json --date 2026-11-25 2>/dev/null
"$ASSESS" register condition "$id" 2 --waived --evidence "不要と判断" --register r.json --date 2026-11-25 2>/dev/null
"$ASSESS" register show "$id" --register r.json > show.txt
for w in "条件付き承認 96.0 点" "条件 1 履行済み" "条件 2 免除"; do grep -q "$w" show.txt || fail "history lacks 「$w」: $(cat show.txt)"; done
if grep -Eq "conditional|\bmet\b|waived" show.txt; then fail "English status words in the history: $(grep -E 'conditional|met|waived' show.txt)"; fi

# ---- samples/README.md counts what the tool counts ------------------------------------------
n=$("$ASSESS" score --json "$S/incomplete-draft.json" | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["unanswered"]))')
grep -q "with $n required answers missing" "$S/README.md" || fail "samples/README.md does not say the draft misses $n answers"
echo "newcomer: Japanese documents clean, form, pack, history and samples as issue 29 asks"
