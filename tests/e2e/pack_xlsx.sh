#!/bin/bash
# The XLSX approval pack as its readers see it: openpyxl (sheets, types, values, print setup)
# and LibreOffice (converts it without error, keeps numbers and dates). Same inputs and --date
# give a byte-identical file.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

pack() { # sample, out dir, extra args
    local sample=$1 out=$2
    shift 2
    mkdir -p "$out"
    "$ASSESS" "$@" pack "$SRC/samples/$sample.json" -o "$out" --date 2026-11-20 \
        --approver "山田 太郎" --manager "情報政策課長 佐藤 花子" >/dev/null
    ls "$out"/*.xlsx
}

for s in minato-docs skyharbor-us outsourcing-payroll light-survey; do
    x=$(pack "$s" "$tmp/$s")
    "$ASSESS" score --json --date 2026-11-20 "$SRC/samples/$s.json" > "$tmp/$s.score.json"
    "$PYTHON" - "$x" "$SRC/samples/$s.json" "$tmp/$s.score.json" <<'PY' || fail=1
import datetime, json, sys
import openpyxl
path, answers_path, score_path = sys.argv[1:4]
ans = json.load(open(answers_path, encoding="utf-8"))
res = json.load(open(score_path, encoding="utf-8"))
wb = openpyxl.load_workbook(path)
assert wb.sheetnames == ["概要", "回答", "指摘", "審査判断", "台帳"], wb.sheetnames
labels = {"approved": "承認", "conditional": "条件付き承認", "rejected": "不承認", "incomplete": "差戻し"}

s = wb["概要"]
kv = {r[0]: r[1] for r in s.iter_rows(values_only=True) if r[0] is not None}
assert kv["サービス"] == ans["service"]["name"], kv["サービス"]
assert kv["事業者"] == ans["vendor"]["name"]
assert isinstance(kv["総合点 (100 点満点)"], (int, float)), "score must be a number"
assert abs(kv["総合点 (100 点満点)"] - res["score"]) < 0.05, (kv["総合点 (100 点満点)"], res["score"])
assert labels[res["verdict"]] in str(kv["判定"]), (kv["判定"], res["verdict"])
assert kv["判定日"] == datetime.datetime(2026, 11, 20), kv["判定日"]
# the title is the PDF's; the key facts are the result's, labelled with the questions' labels
title = s["A1"].value
assert title in ("外部サービス利用 審査資料", "業務委託 審査資料"), title
assert wb.properties.title.startswith(title + " — "), wb.properties.title
for fact in res.get("facts", []):
    assert fact["label"] in kv, f"key fact {fact['label']} missing"
if res.get("next_review"):
    assert kv["次回再評価期限"] == datetime.datetime.fromisoformat(res["next_review"]), kv["次回再評価期限"]
assert kv["承認の条件 (件数)"] == len(res.get("conditions", [])), kv["承認の条件 (件数)"]
for sheet in wb.worksheets:
    assert sheet.print_area, f"{sheet.title}: no print area"
    assert sheet.print_title_rows, f"{sheet.title}: no print titles"
assert kv["回答日"] == datetime.datetime.fromisoformat(ans["assessment"]["date"])
for sec in res["sections"]:
    pass  # section rows are checked by count below
assert s.page_setup.paperSize == 9

a = wb["回答"]
head = [c.value for c in a[1]]
assert head == ["ID", "条項", "区分", "質問", "回答", "得点", "重み", "コメント", "根拠資料"], head
rows = {r[0].value: r for r in a.iter_rows(min_row=2)}
for qid, v in ans["answers"].items():
    assert qid in rows, f"{qid} missing from 回答"
    cell = rows[qid][4].value
    val = v["value"]
    if isinstance(val, (int, float)) and not isinstance(val, bool):
        assert isinstance(cell, (int, float)) and abs(cell - val) < 1e-9, (qid, cell, val)
    elif isinstance(val, str) and len(val) == 10 and val[4] == "-" and val[7] == "-":
        assert cell == datetime.datetime.fromisoformat(val), (qid, cell, val)
    if v.get("comment"):
        assert rows[qid][7].value == v["comment"], qid
for r in rows.values():
    sc = r[5].value
    assert sc is None or isinstance(sc, str) or 0 <= sc <= 1, sc
    assert isinstance(r[6].value, (int, float)), "weight must be a number"
assert a.freeze_panes == "B2", a.freeze_panes
assert a.auto_filter.ref and a.auto_filter.ref.startswith("A1:I"), a.auto_filter.ref
assert a.page_setup.orientation == "landscape" and a.page_setup.paperSize == 9
assert a.print_title_rows == "$1:$1", a.print_title_rows
assert a.sheet_properties.pageSetUpPr.fitToPage
assert a.conditional_formatting, "score column has no conditional format"

f = wb["指摘"]
frows = [r for r in f.iter_rows(min_row=2, values_only=True) if r[1]]
assert len(frows) == len(res["findings"]), (len(frows), len(res["findings"]))
for r, fd in zip(frows, res["findings"]):
    assert r[1] == (fd.get("question") or "-") and r[3] == fd["message"], (r, fd)
conds = {c["n"]: c for c in res.get("conditions", [])}
marked = [r for r in frows if r[4]]
assert len(marked) == len(conds), (len(marked), len(conds))
for r in marked:
    c = conds[int(r[4].replace("条件", ""))]
    assert r[3] == c["text"] and r[5] == datetime.datetime.fromisoformat(c["due"]), (r, c)

g = wb["台帳"]
hdr = [c.value for c in g[1]]
row = dict(zip(hdr, [c.value for c in g[2]]))
assert row["サービス"] == ans["service"]["name"]
assert row["許可権限者"] == "山田 太郎" and row["外部サービス管理者"] == "情報政策課長 佐藤 花子"
assert isinstance(row["点数"], (int, float))
if res["verdict"] in ("approved", "conditional"):
    assert row["承認日"] == datetime.datetime(2026, 11, 20), row["承認日"]
    assert row["次回見直し"] == datetime.datetime.fromisoformat(res["next_review"]), row["次回見直し"]
else:
    assert row["承認日"] == "-", row["承認日"]
if res.get("evidence_expiry"):
    assert row["証跡の有効期限"] == datetime.datetime.fromisoformat(res["evidence_expiry"]), row["証跡の有効期限"]
if res["verdict"] == "conditional":
    assert row["承認条件"] and row["承認条件"].startswith("1. "), row["承認条件"]
print(f"ok   {answers_path.split('/')[-1]}: {res['verdict']} {res['score']}, {len(rows)} questions, {len(frows)} findings")
PY
done

# English sheet names
x=$(pack minato-docs "$tmp/en" --lang en)
"$PYTHON" -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Summary", "Answers", "Findings", "Judgments", "Register"], wb.sheetnames
assert [c.value for c in wb["Answers"][1]][:5] == ["ID", "Clause", "Section", "Question", "Answer"]
print("ok   English sheet names")' "$x" || fail=1

# Reproducible: the same inputs and --date give the same bytes.
x1=$(pack minato-docs "$tmp/r1")
sleep 1.1
x2=$(pack minato-docs "$tmp/r2")
if cmp -s "$x1" "$x2"; then echo "ok   byte-identical with the same --date"; else echo "FAIL: not reproducible"; fail=1; fi

# LibreOffice reads and converts it; numbers and dates survive.
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "FAIL: LibreOffice (soffice) not installed: apt-get install -y libreoffice-calc-nogui"; exit 1
fi
mkdir -p "$tmp/lo"
cp "$tmp/outsourcing-payroll"/*.xlsx "$tmp/lo/pack.xlsx"
"$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to ods --outdir "$tmp/lo" "$tmp/lo/pack.xlsx" >/dev/null 2>&1
"$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to pdf --outdir "$tmp/lo" "$tmp/lo/pack.xlsx" >/dev/null 2>&1
mkdir -p "$tmp/lo/x"
"$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to xlsx --outdir "$tmp/lo/x" "$tmp/lo/pack.xlsx" >/dev/null 2>&1
if [ -s "$tmp/lo/pack.ods" ] && [ -s "$tmp/lo/pack.pdf" ] && [ -s "$tmp/lo/x/pack.xlsx" ]; then
    pages=$(pdfinfo "$tmp/lo/pack.pdf" | awk '/^Pages:/ {print $2}')
    # cell text may wrap across lines in LibreOffice's layout: compare without white space
    pdftotext "$tmp/lo/pack.pdf" - | tr -d ' \n\t' >"$tmp/lo/pack.txt"
    if grep -q "条件付き承認" "$tmp/lo/pack.txt" && grep -q "給与・福利厚生データ入力業務" "$tmp/lo/pack.txt"; then
        echo "ok   LibreOffice converts it (ods, pdf $pages pages with the Japanese text, xlsx)"
    else
        echo "FAIL: LibreOffice PDF lacks the verdict text"; fail=1
    fi
    "$PYTHON" -c '
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
g = wb[wb.sheetnames[4]]
row = dict(zip([c.value for c in g[1]], [c.value for c in g[2]]))
assert row["承認日"] == datetime.datetime(2026, 11, 20), row["承認日"]
assert isinstance(row["点数"], (int, float)), row["点数"]
print("ok   after LibreOffice: dates are dates, numbers are numbers")' "$tmp/lo/x/pack.xlsx" || fail=1
else
    echo "FAIL: LibreOffice could not convert the pack"; fail=1
fi
exit $fail
