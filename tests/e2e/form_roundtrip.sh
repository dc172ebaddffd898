#!/bin/bash
# Form round trip: export a blank form, fill it as a vendor would (openpyxl, from a sample
# answers file), import it, and check that scoring the imported answers gives exactly what
# scoring the original gives. Once more after LibreOffice has re-saved the filled workbook
# (shared strings, its own styles and number formats). Also checks the blank form itself:
# sheets, hidden sheets, protection, locked/unlocked cells, drop-down validation.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fill="$SRC/tests/e2e/fill_form.py"
fail=0

# Score JSON without the "file" key (the file names differ on purpose).
# The officer's judgments are bound to the bytes of one answers file (SPEC v3 §8.1) and findings
# state the judgments recorded: both sides get the same review, every judgment made by the same
# person (tests/e2e/make_review.py; a sample is scored from a copy, without its own review), and
# the judgments are left out of the comparison, so that the verdicts compare the answers.
score() {
    local f=$1
    case "$f" in "$SRC"/*) f=$(mktemp "$tmp/sample.XXXXXX.json"); cp "$1" "$f" ;; esac
    "$PYTHON" "$SRC/tests/e2e/make_review.py" "$f"
    "$ASSESS" score --json "$f" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); [d.pop(k,None) for k in ("file","review","judgments")]; print(json.dumps(d, sort_keys=True, ensure_ascii=False))'
}

# Same answers, same header: compare the two answers files as data.
same_answers() {
    "$PYTHON" - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
# import records each answer's cell ("source") and the cells of questions left empty: compare
# what was answered
for d in (a, b):
    d["answers"] = {q: {k: v for k, v in x.items() if k != "source"} for q, x in d["answers"].items() if "value" in x}
    for k in ("contact_name", "contact"):
        d["vendor"].pop(k, None)
bad = [k for k in ("questionnaire", "questionnaire_version", "assessment", "vendor", "service") if a[k] != b[k]]
bad += [q for q in set(a["answers"]) | set(b["answers"]) if a["answers"].get(q) != b["answers"].get(q)]
if bad:
    print("differs:", bad[:10]); sys.exit(1)
PY
}

roundtrip() { # sample, extra fill flags, label
    local sample=$1 flags=$2 label=$3 lang=${4:-ja}
    local bank cls
    bank=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["questionnaire"])' "$sample")
    cls=$("$PYTHON" -c 'import json,sys; c=json.load(open(sys.argv[1]))["assessment"]["classification"]; print("%d/%d/%d" % (c["confidentiality"], c["integrity"], c["availability"]))' "$sample")
    local d="$tmp/$label"
    mkdir -p "$d"
    "$ASSESS" --lang "$lang" form "$bank" --classification "$cls" -o "$d/form.xlsx" --date 2026-11-20
    # shellcheck disable=SC2086
    "$PYTHON" "$fill" "$d/form.xlsx" "$sample" "$d/filled.xlsx" --bank "$SRC/questionnaires/$bank.json" $flags
    "$ASSESS" import "$d/filled.xlsx" -o "$d/imported.json"
    if ! same_answers "$sample" "$d/imported.json"; then echo "FAIL $label: answers differ"; fail=1; fi
    if [ "$(score "$sample")" != "$(score "$d/imported.json")" ]; then
        echo "FAIL $label: score differs"; diff <(score "$sample") <(score "$d/imported.json") || true; fail=1
    else
        echo "ok   $label: $(score "$sample" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(d["verdict"], d["score"])')"
    fi
}

for s in minato-docs skyharbor-us kumo-subcontract outsourcing-payroll light-survey incomplete-draft; do
    roundtrip "$SRC/samples/$s.json" "" "$s"
done
roundtrip "$SRC/samples/minato-docs.json" "--insert-row" "inserted-rows"
roundtrip "$SRC/samples/skyharbor-us.json" "--sort" "sorted-rows"
roundtrip "$SRC/samples/outsourcing-payroll.json" "--text-numbers" "numbers-as-text"
roundtrip "$SRC/samples/minato-docs.json" "" "english-form" en

# LibreOffice re-saves the filled workbooks (shared strings, its own styles).
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "FAIL: LibreOffice (soffice) not installed: apt-get install -y libreoffice-calc-nogui"; exit 1
fi
for label in minato-docs skyharbor-us english-form inserted-rows; do
    d="$tmp/$label"
    mkdir -p "$d/lo"
    "$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to xlsx \
        --outdir "$d/lo" "$d/filled.xlsx" >/dev/null 2>&1
    test -s "$d/lo/filled.xlsx" || { echo "FAIL $label: LibreOffice did not convert"; fail=1; continue; }
    "$ASSESS" import "$d/lo/filled.xlsx" -o "$d/lo.json"
    if ! same_answers "$d/imported.json" "$d/lo.json"; then echo "FAIL $label: LibreOffice copy differs"; fail=1; fi
    if [ "$(score "$d/imported.json")" != "$(score "$d/lo.json")" ]; then
        echo "FAIL $label: score differs after LibreOffice"; fail=1
    else
        echo "ok   $label after LibreOffice"
    fi
done

# The blank form as a vendor's spreadsheet program sees it.
"$PYTHON" - "$tmp/minato-docs/form.xlsx" "$tmp/english-form/form.xlsx" <<'PY' || fail=1
import sys
import openpyxl
ja, en = (openpyxl.load_workbook(p) for p in sys.argv[1:3])
assert ja.sheetnames == ["記入方法", "回答", "_lists", "_meta"], ja.sheetnames
assert en.sheetnames == ["Instructions", "Answers", "_lists", "_meta"], en.sheetnames
assert ja["_meta"].sheet_state == "hidden" and ja["_lists"].sheet_state == "hidden"
meta = {r[0]: r[1] for r in ja["_meta"].iter_rows(values_only=True)}
assert meta["format"] == "assess-form/1" and meta["questionnaire"] == "cloud", meta
assert (meta["confidentiality"], meta["integrity"], meta["availability"]) == (2, 2, 2), meta
ws = ja["回答"]
assert ws.protection.sheet, "answer sheet not protected"
assert not ws.protection.password, "protected with a password"
rows = {r[0].value: r[0].row for r in ws.iter_rows() if isinstance(r[0].value, str)}
r = rows["sla.availability_percent"]
assert ws.cell(r, 1).protection.locked, "id cell must be locked"
assert ws.cell(r, 4).protection.locked, "question cell must be locked"
for c in (6, 7, 8):
    assert not ws.cell(r, c).protection.locked, f"column {c} must be unlocked"
assert not ws.cell(rows["@vendor.name"], 6).protection.locked
dv = {}
for v in ws.data_validations.dataValidation:
    for cell in str(v.sqref).split():
        dv[cell] = v
yn = dv[f"F{rows['sec.admin_mfa']}"]
assert yn.type == "list", yn.type
assert dv[f"F{rows['sla.availability_percent']}"].type == "decimal"
assert dv[f"F{rows['cert.expiry']}"].type == "date"
assert dv[f"F{rows['law.governing_law']}"].type == "list"
col, first, last = yn.formula1.replace("$", "").split("!")[1][0], 1, 3
lists = ja["_lists"]
assert [lists[f"{col}{i}"].value for i in range(1, 4)] == ["はい", "いいえ", "一部"]
q = ws.cell(rows["sub.list"], 4).value
assert "場合のみ回答" in q, q
# what the organisation fixes is locked and filled; what the vendor fills is open
for k in ("@assessment.purpose", "@assessment.classification", "@assessment.due"):
    assert ws.cell(rows[k], 6).protection.locked and ws.cell(rows[k], 6).value, k
assert ws.cell(rows["@assessment.purpose"], 6).value == "利用承認"
assert ws.cell(rows["@assessment.classification"], 6).value == "機密性2・完全性2・可用性2"
for k in ("@vendor.contact_name", "@vendor.contact", "@assessment.date"):
    assert not ws.cell(rows[k], 6).protection.locked, k
assert meta["purpose"] == "approval", meta
# rows cannot be inserted or deleted, and the instructions say so (and nothing else)
assert ws.protection.insertRows and ws.protection.deleteRows, "rows may be inserted"
instr = "\n".join(str(c.value) for c in ja["記入方法"]["A"] if c.value)
assert "行や列の追加・削除はできません" in instr and "追加はかまいません" not in instr
assert "「名称 / 国 / 役割」" in instr and "name / country / role" not in instr
assert "「名称 / 国 / 役割」" in ws.cell(rows["sub.list"], 4).value
# a Japanese font on every cell written
fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
fonts |= {c.font.name for c in ja["記入方法"]["A"] if c.value is not None}
assert fonts == {"IPAexGothic"}, fonts
print(f"ok   blank form: {sum(1 for k in rows if '.' in k and not k.startswith('@'))} question rows, protection and validation, fixed and vendor fields, font")
PY

# The instruction sheet prints whole on one A4 page: every line of it is on page 1, none cut.
d="$tmp/minato-docs"
"$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to pdf --outdir "$d/lo" "$d/form.xlsx" >/dev/null 2>&1
pdftotext -f 1 -l 1 -layout "$d/lo/form.pdf" "$d/page1.txt"
size=$(pdfinfo -f 1 -l 1 "$d/lo/form.pdf" | awk '/Page +1 size/ {print $4 "x" $6}')
"$PYTHON" - "$d/form.xlsx" "$d/page1.txt" "$size" <<'PY' || fail=1
import sys, openpyxl
lines = [str(c.value) for c in openpyxl.load_workbook(sys.argv[1])["記入方法"]["A"] if c.value]
page = "".join(open(sys.argv[2], encoding="utf-8").read().split())
missing = [l for l in lines if "".join(l.split()) not in page]
w, h = (float(x) for x in sys.argv[3].split("x"))
assert abs(w - 595) < 2 and abs(h - 842) < 2, ("not A4 portrait", sys.argv[3])
assert not missing, ("cut or on another page", missing[:3])
print(f"ok   instructions: {len(lines)} lines, all whole on page 1 (A4 portrait)")
PY

exit $fail
