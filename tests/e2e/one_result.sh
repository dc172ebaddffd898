#!/usr/bin/env bash
# One assessment, one result (SPEC v2 §4): for every sample, the counts, the conditions, the next
# review and the key facts are the same in `score`, `score --json`, the PDF pack, the XLSX pack,
# the register entry and the comparison. score --json is taken as the result; every other output
# is read back with its own reader (pdftotext, openpyxl, the register's JSON, compare --json).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
D=2026-11-25
cd "$work"
n=0
for f in "$SRC"/samples/*.json "$SRC"/samples/*/*.json; do
    grep -q '"assess-answers/1"' "$f" || continue
    n=$((n + 1))
    name=s$n
    mkdir "$name"
    "$ASSESS" score --json --date "$D" "$f" >"$name/result.json"
    "$ASSESS" score --date "$D" "$f" >"$name/memo.txt"
    "$ASSESS" score --lang en --date "$D" "$f" >"$name/memo-en.txt"
    "$ASSESS" pack "$f" -o "$name/pack" --date "$D" --approver "市長 山田太郎" --manager "情報政策課長 佐藤花子" >/dev/null 2>&1
    verdict=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$name/result.json")
    if [ "$verdict" = approved ] || [ "$verdict" = conditional ]; then
        id=$("$ASSESS" register add "$f" --register "$name/reg.json" --approver "市長 山田太郎" \
             --manager "情報政策課長 佐藤花子" --date "$D")
        "$ASSESS" register show "$id" --register "$name/reg.json" --json >"$name/entry.json"
    fi
    echo "$f" >"$name/file"
done
"$ASSESS" compare --json --date "$D" "$SRC"/samples/procurement/bid-*.json >compare.json
"$PYTHON" - "$work" "$D" <<'PY'
import glob, json, os, re, subprocess, sys, datetime
import openpyxl

work, D = sys.argv[1], sys.argv[2]
ERAS = [(datetime.date(2019, 5, 1), "令和", 2018)]

def era(iso):
    y, m, d = map(int, iso.split("-"))
    ey = y - 2018
    return f"令和{ey if ey > 1 else '元'}年{m}月{d}日"

def squash(s):
    return re.sub(r"\s+", "", s)

def pieces(value):
    """The parts of a fact as a table shows them: list items ("、") and their fields (" / ",
    "name (JP)") each in a cell of their own."""
    out = []
    for item in value.split("、"):
        for part in item.split(" / "):
            m = re.fullmatch(r"(.*) \(([A-Z]{2})\)", part)
            out.extend([m.group(1), m.group(2)] if m else [part])
    return [squash(p) for p in out if p.strip()]

def iso_of(value):
    """2028-01-31 for "令和10年1月31日 (2028年)": a date fact as Japanese documents write it, which
    the workbook stores as a date cell."""
    m = re.fullmatch(r"(令和|平成)(元|\d+)年(\d+)月(\d+)日(?: \(\d+年\))?", value)
    if not m:
        return None
    y = (1 if m.group(2) == "元" else int(m.group(2))) + (2018 if m.group(1) == "令和" else 1988)
    return f"{y:04d}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"

def number_of(value):
    """99.95 for "99.95 %", 12 for "12 時間": a number stored as a number."""
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?) .+", value)
    return float(m.group(1)) if m else None

fails = []
def check(cond, what):
    if not cond:
        fails.append(what)

checked = 0
for d in sorted(glob.glob(os.path.join(work, "s*"))):
    src = open(os.path.join(d, "file")).read().strip()
    tag = os.path.relpath(src, os.environ.get("SRC", "/"))
    r = json.load(open(os.path.join(d, "result.json")))
    counts = r["counts"]
    conds = r["conditions"]
    memo = open(os.path.join(d, "memo.txt"), encoding="utf-8").read()
    memo_en = open(os.path.join(d, "memo-en.txt"), encoding="utf-8").read()
    # --- the terminal memo
    check(f"指摘事項: 必須条件違反 {counts['knockout']} 重大 {counts['major']} 軽微 {counts['minor']} 参考 {counts['info']}" in memo,
          f"{tag}: memo counts")
    check(f"Findings: Knockout {counts['knockout']} Major {counts['major']} Minor {counts['minor']} Info {counts['info']}" in memo_en,
          f"{tag}: memo (en) counts")
    for c in conds:
        check(f"条件{c['n']}. " in memo, f"{tag}: memo lacks condition {c['n']}")
    if conds:
        check(f"履行期限 {era(conds[0]['due'])}" in memo, f"{tag}: memo due date")
    if r["next_review"]:
        check(f"次回見直し: {era(r['next_review'])}" in memo, f"{tag}: memo next review")
    else:
        check("次回見直し: " not in memo, f"{tag}: memo has a next review for {r['verdict']}")
    # --- the PDF and XLSX packs
    pdfs = glob.glob(os.path.join(d, "pack", "*.pdf"))
    xlsxs = glob.glob(os.path.join(d, "pack", "*.xlsx"))
    check(len(pdfs) == 1 and len(xlsxs) == 1, f"{tag}: pack files {pdfs} {xlsxs}")
    if pdfs:
        text = subprocess.run(["pdftotext", "-layout", pdfs[0], "-"], capture_output=True, text=True, check=True).stdout
        flat = squash(text)
        for fct in r["facts"]:
            check(squash(fct["label"]) in flat, f"{tag}: PDF lacks fact label {fct['label']}")
            check(squash(fct["value"]) in flat or all(p in flat for p in pieces(fct["value"])),
                  f"{tag}: PDF lacks fact value {fct['label']}: {fct['value']}")
        if r["next_review"]:
            check(squash(era(r["next_review"])) in flat, f"{tag}: PDF lacks next review {r['next_review']}")
        for c in conds:
            check(squash(era(c["due"])) in flat, f"{tag}: PDF lacks due date of condition {c['n']}")
        for sev, label in (("knockout", "必須条件違反"), ("major", "重大"), ("minor", "軽微")):
            for m in re.finditer(squash(label) + r"(\d+)件", flat):
                check(int(m.group(1)) == counts[sev], f"{tag}: PDF says {label} {m.group(1)} 件, result {counts[sev]}")
    if xlsxs:
        wb = openpyxl.load_workbook(xlsxs[0])
        cells = []
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells.extend(v for v in row if v is not None)
        strs = [squash(str(v)) for v in cells]
        numbers = {float(v) for v in cells if isinstance(v, (int, float)) and not isinstance(v, bool)}
        dates = {v.date().isoformat() for v in cells if isinstance(v, datetime.datetime)}
        joined = "\n".join(strs)
        for fct in r["facts"]:
            num = number_of(fct["value"])
            check(squash(fct["value"]) in joined or (num is not None and num in numbers)
                  or iso_of(fct["value"]) in dates
                  or all(p in joined for p in pieces(fct["value"])),
                  f"{tag}: XLSX lacks fact value {fct['label']}: {fct['value']}")
        if r["next_review"]:
            check(r["next_review"] in dates, f"{tag}: XLSX lacks next review date {r['next_review']}")
        for c in conds:
            check(c["due"] in dates, f"{tag}: XLSX lacks due date of condition {c['n']}")
    # --- the register entry
    ep = os.path.join(d, "entry.json")
    if os.path.exists(ep):
        e = json.load(open(ep))
        check(e["next_review"] == r["next_review"], f"{tag}: register next review {e['next_review']} != {r['next_review']}")
        check(e.get("evidence_expiry") == r["evidence_expiry"], f"{tag}: register evidence expiry")
        check([(c["n"], c["due"], c["text"]) for c in e["conditions"]] == [(c["n"], c["due"], c["text"]) for c in conds],
              f"{tag}: register conditions differ from the result's")
    checked += 1

# --- the comparison
cmp_ = json.load(open(os.path.join(work, "compare.json")))
bidders = cmp_["ranking"] + cmp_["excluded"]
for b in bidders:
    r = json.loads(subprocess.run([os.environ["ASSESS"], "score", "--json", "--date", D, b["file"]],
                                  capture_output=True, text=True, check=True).stdout)
    check(b["verdict"] == r["verdict"] and b["score"] == r["score"], f"compare: {b['file']} verdict/score")
    if "majors" in b:
        check(b["majors"] == r["counts"]["major"] and b["minors"] == r["counts"]["minor"], f"compare: {b['file']} counts")
if fails:
    print("\n".join("FAIL: " + f for f in fails))
    sys.exit(1)
print(f"one result: {checked} samples agree in memo, PDF, XLSX, register and comparison")
PY
. "$SRC/tests/e2e/lib/register.bash"
migrate_roundtrip "$work" || { echo "FAIL: migrate round trip" >&2; exit 1; }
