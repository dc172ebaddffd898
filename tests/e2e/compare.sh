#!/bin/bash
# compare.sh - assess compare end to end: the three procurement samples, perturbed bidder sets
# made here with Python (ties, all excluded, one bidder, 20 bidders, long names), refusals
# (mixed banks, mixed classifications, outputs that exist), and the comparison workbook and PDF
# read back with openpyxl, pdftotext and pdffonts.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
P=$SRC/samples/procurement
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$T"

# ---- perturbed bidder files ---------------------------------------------------------------
"$PYTHON" - "$P" "$SRC/samples" <<'EOF'
import copy, json, os, sys
proc, samples = sys.argv[1], sys.argv[2]
load = lambda p: json.load(open(p, encoding="utf-8"))
A, B, C = (load(os.path.join(proc, f"bid-{x}.json")) for x in "abc")
def save(path, doc, vendor=None):
    doc = copy.deepcopy(doc)
    if vendor is not None:
        doc["vendor"]["name"] = vendor
    os.makedirs(os.path.dirname(path), exist_ok=True)
    json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    # a perturbed bidder is other answers: every judgment made (the ranking is under test)
    import subprocess
    subprocess.run([sys.executable, os.path.join(samples, "..", "tests", "e2e", "make_review.py"), path], check=True)

# ties: same score 100; あいう has a red flag in a comment (minor, 要確認, SPEC v2 §4: it changes
# neither the score nor the count of majors), あおば and あかね none: no major anywhere, so the
# order is by name: あいう, あおば, あかね; two identical "株式会社同名" bidders keep the
# command-line order.
save("ties/1.json", A, "株式会社あかね")
save("ties/2.json", A, "株式会社あおば")
flag = copy.deepcopy(A)
flag["answers"]["exit.data_format"]["comment"] = "返却形式は未定"
save("ties/3.json", flag, "株式会社あいう")

# all excluded: C (knockout) and A with a required answer removed (incomplete)
save("allx/c.json", C)
gap = copy.deepcopy(A)
del gap["answers"]["sla.availability_percent"]
save("allx/gap.json", gap, "株式会社すきま")

# one bidder
save("one/b.json", B)

# 20 bidders: k "yes" answers of A (not knockout ones) turned into "partial", every fifth one
# given C's SG backup (knockout)
knockouts = {"loc.storage_countries", "loc.processing_countries", "bak.location_countries",
             "law.governing_law", "law.jurisdiction", "sec.purpose_limitation",
             "sub.prior_approval", "exit.deletion_all_copies"}
yes_ids = [k for k, v in A["answers"].items() if v.get("value") == "yes" and k not in knockouts]
for i in range(20):
    d = copy.deepcopy(A)
    for k in yes_ids[: (i * 7) % len(yes_ids)]:
        d["answers"][k]["value"] = "partial"
    if i % 5 == 4:
        d["answers"]["bak.location_countries"]["value"] = ["JP", "SG"]
    save(f"twenty/{i:02d}.json", d, f"入札者{(i * 13) % 20:02d} 株式会社テスト")

# a name far wider than the table column
save("long/a.json", A, "株式会社とてもとても長い名前のクラウドサービス提供事業者ホールディングス")
save("long/b.json", B)

# refusals: another bank; another classification (availability 1)
other = copy.deepcopy(B)
other["assessment"]["classification"]["availability"] = 1
save("mixed/class.json", other)
EOF

json_of() { "$ASSESS" compare "$@" --json; }

# ---- the three samples ----------------------------------------------------------------------
json_of "$P/bid-c.json" "$P/bid-a.json" "$P/bid-b.json" > abc.json
"$PYTHON" - "$P" <<'EOF'
import json, sys
r = json.load(open("abc.json", encoding="utf-8"))
vendor = lambda x: json.load(open(f"{sys.argv[1]}/bid-{x}.json", encoding="utf-8"))["vendor"]["name"]
assert [b["vendor"] for b in r["ranking"]] == [vendor("a"), vendor("b")], r["ranking"]
assert [b["rank"] for b in r["ranking"]] == [1, 2]
assert [b["verdict"] for b in r["ranking"]] == ["approved", "conditional"]
assert r["ranking"][0]["score"] >= r["ranking"][1]["score"]
assert all(set(b) >= {"rank", "vendor", "service", "score", "verdict", "file"} for b in r["ranking"])
assert len(r["excluded"]) == 1, r["excluded"]
x = r["excluded"][0]
assert x["vendor"] == vendor("c") and x["verdict"] == "rejected"
ko = [f for f in x["findings"] if f["question"] == "bak.location_countries"]
assert ko and ko[0]["severity"] == "knockout" and "11-2(2)⑦" in ko[0]["clause"], x
assert "SG" in ko[0]["message"]
assert all(f["severity"] == "knockout" for f in x["findings"])
assert set(ko[0]) == {"question", "clause", "severity", "message"}
EOF
"$ASSESS" compare "$P/bid-a.json" "$P/bid-b.json" "$P/bid-c.json" > abc.txt
grep -q "11-2(2)⑦" abc.txt || fail "table lacks the knockout clause"
grep -q "除外" abc.txt || fail "table lacks the excluded section"
"$ASSESS" compare --lang en "$P/bid-a.json" "$P/bid-b.json" "$P/bid-c.json" > abc-en.txt
grep -q "Excluded bidders" abc-en.txt || fail "English table"
grep -q "Knockout" abc-en.txt || fail "English knockout label"

# ---- the table is aligned by display width, long names cut with … ---------------------------
"$ASSESS" compare long/a.json long/b.json > long.txt
"$PYTHON" - long.txt abc.txt <<'EOF'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("■"))
    table = []
    for l in lines[start + 1:]:
        if not l.strip():
            break
        if "─" not in l:
            table.append(l)
    assert len(table) >= 3, table
    widths = {width(l) for l in table}
    assert len(widths) == 1, (path, [(width(l), l) for l in table])
    assert max(widths) < 120, widths
text = open(sys.argv[1], encoding="utf-8").read()
assert "…" in text and "ホールディングス" not in text.split("■")[1], text
EOF

# ---- ties: score, then majors, then name, then command-line order --------------------------
json_of ties/1.json ties/3.json ties/2.json > ties.json
cp ties/1.json ties/4.json; cp ties/1.review.json ties/4.review.json
"$PYTHON" - <<'EOF'
import json
r = json.load(open("ties.json", encoding="utf-8"))
names = [b["vendor"] for b in r["ranking"]]
assert names == ["株式会社あいう", "株式会社あおば", "株式会社あかね"], names
assert len({b["score"] for b in r["ranking"]}) == 1, r
assert [b["majors"] for b in r["ranking"]] == [0, 0, 0]
assert [b["rank"] for b in r["ranking"]] == [1, 2, 3]
EOF
json_of ties/4.json ties/1.json > same.json
"$PYTHON" -c '
import json
r = json.load(open("same.json", encoding="utf-8"))
assert [b["file"] for b in r["ranking"]] == ["ties/4.json", "ties/1.json"], r
assert [b["rank"] for b in r["ranking"]] == [1, 2], r'

# ---- all excluded ---------------------------------------------------------------------------
json_of allx/c.json allx/gap.json > allx.json
"$PYTHON" - <<'EOF'
import json
r = json.load(open("allx.json", encoding="utf-8"))
assert r["ranking"] == [], r
assert [x["verdict"] for x in r["excluded"]] == ["rejected", "incomplete"]
gap = r["excluded"][1]
assert gap["reasons"] == ["unanswered"], gap
assert [u["question"] for u in gap["unanswered"]] == ["sla.availability_percent"], gap
assert gap["unanswered"][0]["label"], gap
assert gap["findings"] == [], gap
EOF
"$ASSESS" compare allx/c.json allx/gap.json > allx.txt
grep -q "順位付けできる入札者はありません" allx.txt || fail "all-excluded table"
grep -q "sla.availability_percent" allx.txt || fail "unanswered id not listed"

# ---- one bidder -----------------------------------------------------------------------------
json_of one/b.json > one.json
"$PYTHON" -c '
import json
r = json.load(open("one.json", encoding="utf-8"))
assert len(r["ranking"]) == 1 and r["ranking"][0]["rank"] == 1 and r["excluded"] == [], r'

# ---- 20 bidders: the ranking agrees with assess score on each file -------------------------
json_of twenty/*.json > twenty.json
for f in twenty/[0-9][0-9].json; do "$ASSESS" score "$f" --json; done > twenty-scores.jsonl
"$PYTHON" - <<'EOF'
import json
r = json.load(open("twenty.json", encoding="utf-8"))
scores = [json.loads(l) for l in open("twenty-scores.jsonl", encoding="utf-8") if l.strip()]
assert len(scores) == 20
majors = lambda s: sum(1 for f in s["findings"] if f["severity"] == "major")
eligible = [s for s in scores if s["verdict"] in ("approved", "conditional")]
excluded = [s for s in scores if s["verdict"] not in ("approved", "conditional")]
want = sorted(eligible, key=lambda s: (-s["score"], majors(s), s["vendor"].encode()))
got = r["ranking"]
assert [b["file"] for b in got] == [s["file"] for s in want], ([b["file"] for b in got], [s["file"] for s in want])
assert [b["rank"] for b in got] == list(range(1, len(want) + 1))
assert [b["score"] for b in got] == [s["score"] for s in want]
assert sorted(x["file"] for x in r["excluded"]) == sorted(s["file"] for s in excluded)
assert len(excluded) >= 4 and len(want) >= 10, (len(excluded), len(want))
assert len({s["score"] for s in want}) > 5, "the perturbation should spread the scores"
EOF

# ---- refusals ---------------------------------------------------------------------------------
set +e
"$ASSESS" compare "$P/bid-a.json" "$SRC/samples/light-survey.json" "$P/bid-b.json" > out.txt 2> err.txt
st=$?
set -e
[ "$st" = 65 ] || fail "mixed banks: exit $st"
grep -q "^assess: [^ ]*light-survey.json: .*cloud-light" err.txt || fail "mixed banks: odd file not named: $(cat err.txt)"
grep -q "^assess: [^ ]*bid-[ab].json:" err.txt && fail "mixed banks: a good file was blamed"
[ -s out.txt ] && fail "mixed banks: output on stdout"
set +e
"$ASSESS" compare "$P/bid-a.json" mixed/class.json "$P/bid-b.json" 2> err.txt > /dev/null
st=$?
set -e
[ "$st" = 65 ] || fail "mixed classifications: exit $st"
grep -q "^assess: mixed/class.json: " err.txt || fail "mixed classifications: odd file not named"
[ "$(wc -l < err.txt)" = 1 ] || fail "mixed classifications: more than the odd file blamed"
grep -q "可用性1" err.txt || fail "mixed classifications: classification not named"

# ---- the workbook and the PDF -------------------------------------------------------------
mkdir out1 out2
"$ASSESS" compare "$P/bid-a.json" "$P/bid-b.json" "$P/bid-c.json" -o out1 --date 2026-11-20 > /dev/null
"$ASSESS" compare "$P/bid-a.json" "$P/bid-b.json" "$P/bid-c.json" -o out2 --date 2026-11-20 > /dev/null
cmp out1/compare.xlsx out2/compare.xlsx || fail "XLSX not reproducible"
cmp out1/compare.pdf out2/compare.pdf || fail "PDF not reproducible"
"$PYTHON" - out1/compare.xlsx "$P" <<'EOF'
import json, sys, datetime
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["比較", "設問別得点", "指摘事項", "選定結果"], wb.sheetnames
ws = wb["比較"]
assert ws.freeze_panes == "C5", ws.freeze_panes
vendor = lambda x: json.load(open(f"{sys.argv[2]}/bid-{x}.json", encoding="utf-8"))["vendor"]["name"]
assert [ws.cell(4, c).value for c in (3, 4, 5)] == [vendor("a"), vendor("b"), vendor("c")]
rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
ids = {}
for r in range(1, ws.max_row + 1):
    v = ws.cell(r, 2).value
    if isinstance(v, str) and "\n" in v:
        ids.setdefault(v.split("\n")[0], r)
def red(cell): return cell.fill.fgColor.rgb in ("FFC00000",)
def amber(cell): return cell.fill.fgColor.rgb == "FFFFF2CC"
score = rows["得点"]
assert all(isinstance(ws.cell(score, c).value, (int, float)) for c in (3, 4, 5)), [ws.cell(score, c).value for c in (3, 4, 5)]
assert [ws.cell(rows["順位"], c).value for c in (3, 4, 5)] == [1, 2, "除外"]
assert red(ws.cell(rows["順位"], 5)) and not red(ws.cell(rows["順位"], 3))
# C's SG backup: red, with both countries
bak = ids["bak.location_countries"]
assert "SG" in ws.cell(bak, 5).value and red(ws.cell(bak, 5)), ws.cell(bak, 5).value
assert not red(ws.cell(bak, 3)) and not red(ws.cell(bak, 4))
# numbers as numbers, dates as dates
sla = ids["sla.availability_percent"]
assert all(isinstance(ws.cell(sla, c).value, (int, float)) for c in (3, 4, 5))
assert isinstance(ws.cell(ids["cert.expiry"], 3).value, datetime.datetime)
# cells where bidders differ are highlighted: B alone answered "no" to ISMAP
ismap = ids["cert.ismap"]
vals = [ws.cell(ismap, c).value for c in (3, 4, 5)]
assert vals[1] != vals[0] == vals[2], vals
assert amber(ws.cell(ismap, 4)) and not amber(ws.cell(ismap, 3)) and not amber(ws.cell(ismap, 5))
# identical answers are not highlighted
st = ids["loc.storage_countries"]
assert not any(amber(ws.cell(st, c)) or red(ws.cell(st, c)) for c in (3, 4, 5))
# key facts present
for q in ("loc.storage_countries", "loc.processing_countries", "bak.location_countries",
          "law.governing_law", "law.jurisdiction", "sla.availability_percent", "bak.rto_hours",
          "bak.rpo_hours", "sub.list", "cert.ismap", "cert.iso27001", "exit.deletion_all_copies"):
    assert q in ids, q
assert ids["loc.storage_countries"] < ids["sec.purpose_limitation"]
assert "分野別得点" in rows and "除外の理由" in rows
assert "11-2(2)⑦" in ws.cell(rows["除外の理由"], 5).value or "SG" in ws.cell(rows["除外の理由"], 5).value
# every question's answer and score
qs = wb["設問別得点"]
qids = [qs.cell(r, 2).value.split("\n")[0] for r in range(6, qs.max_row + 1)]
bank_ids = [q["id"] for q in json.load(open(f"{sys.argv[2]}/../../questionnaires/cloud.json", encoding="utf-8"))["questions"]]
assert qids == bank_ids, (len(qids), len(bank_ids))
for r in range(6, qs.max_row + 1):
    for c in (4, 5, 6):
        v = qs.cell(r, c).value
        assert isinstance(v, (int, float)) and 0 <= v <= 1 or v in ("対象外", "該当なし"), (r, c, v)
fs = wb["指摘事項"]
sev = [(fs.cell(r, 1).value, fs.cell(r, 4).value, fs.cell(r, 5).value) for r in range(5, fs.max_row + 1)]
assert (vendor("c"), "必須条件違反", "bak.location_countries") in sev, sev
EOF
# LibreOffice reads the workbook too: every sheet to CSV, the scores as the ranking has them
if command -v libreoffice > /dev/null; then
    mkdir lo
    timeout 300 libreoffice --headless "-env:UserInstallation=file://$T/lo-profile" \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir lo out1/compare.xlsx > lo.log 2>&1 || fail "LibreOffice: $(cat lo.log)"
    "$PYTHON" - <<'PY'
import csv, json
r = json.load(open("abc.json", encoding="utf-8"))
want = [b["score"] for b in r["ranking"]] + [x["score"] for x in r["excluded"]]
rows = list(csv.reader(open("lo/compare-比較.csv", encoding="utf-8")))
score = next(row for row in rows if row and row[0] == "得点")
assert [float(v) for v in score[2:5]] == want, (score, want)
assert any(row and row[0] == "指摘事項" or "bak.location_countries" in row for row in
           csv.reader(open("lo/compare-指摘事項.csv", encoding="utf-8")))
PY
else
    echo "compare e2e: LibreOffice not installed, skipping its check" >&2
fi
pdftotext out1/compare.pdf out1.txt
for want in 入札者比較表 "11-2(2)⑦" SG 分野別得点 主要条件 "バックアップの保管国" "令和8年11月20日"; do
    grep -q "$want" out1.txt || fail "PDF text lacks $want"
done
for x in a b c; do
    v=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["vendor"]["name"])' "$P/bid-$x.json")
    grep -q "$v" out1.txt || fail "PDF text lacks vendor $v"
done
pdffonts out1/compare.pdf | awk 'NR > 2 { if ($(NF-4) != "yes" || $(NF-3) != "yes") bad = 1; n++ } END { exit (n == 0 || bad) }' \
    || fail "PDF font not embedded as a subset: $(pdffonts out1/compare.pdf)"
# another date gives another PDF
mkdir out3
"$ASSESS" compare "$P/bid-a.json" "$P/bid-b.json" "$P/bid-c.json" -o out3 --date 2027-01-05 > /dev/null
cmp -s out1/compare.pdf out3/compare.pdf && fail "PDF ignores --date"

# ---- outputs: exist without --force, missing folder, --force --------------------------------
touch -d 2020-01-01 out1/compare.xlsx
set +e
"$ASSESS" compare "$P/bid-a.json" -o out1 --date 2026-11-20 > /dev/null 2> err.txt
st=$?
set -e
[ "$st" = 73 ] || fail "existing outputs: exit $st"
grep -q "force" err.txt || fail "existing outputs: no hint about --force"
cmp out1/compare.xlsx out2/compare.xlsx || fail "existing output damaged"
set +e
"$ASSESS" compare "$P/bid-a.json" -o no/such/dir > /dev/null 2> err.txt
st=$?
set -e
[ "$st" = 73 ] || fail "missing folder: exit $st"
[ -e no ] && fail "missing folder created"
"$ASSESS" compare "$P/bid-a.json" -o out1 --force --date 2026-11-20 > /dev/null
cmp -s out1/compare.xlsx out2/compare.xlsx && fail "--force did not overwrite"
[ -z "$(ls out1 | grep -v '^compare\.\(xlsx\|pdf\)$')" ] || fail "temporary files left: $(ls out1)"

# ---- 20 bidders into files ------------------------------------------------------------------
mkdir out20
"$ASSESS" compare twenty/*.json -o out20 --date 2026-11-20 > /dev/null
"$PYTHON" - out20/compare.xlsx <<'EOF'
import json, sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["比較"]
r = json.load(open("twenty.json", encoding="utf-8"))
order = [b["vendor"] for b in r["ranking"]] + [x["vendor"] for x in r["excluded"]]
assert [ws.cell(4, c).value for c in range(3, 23)] == order
assert ws.cell(4, 23).value is None
EOF
pdftotext out20/compare.pdf out20.txt
pages=$(pdfinfo out20/compare.pdf | awk '/^Pages:/ { print $2 }')
[ "$pages" -ge 5 ] || fail "20-bidder PDF has $pages pages"
[ "$(grep -c "株式会社テスト" out20.txt)" -ge 20 ] || fail "20-bidder PDF lacks bidders"
size=$(stat -c %s out20/compare.pdf)
echo "compare e2e: ok (20-bidder PDF $pages pages, $size bytes)"
