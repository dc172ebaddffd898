#!/bin/bash
# compare shows the organisation's clause numbers wherever score does (issue 23). A policy in the
# style of samples/policy-city.json maps a few clause ids by chapter and section (11-2(2)⑥イ to
# 第9章第3節(2)⑥イ, …); the three bids are scored and compared, and every medium of compare
# (terminal in both languages, --json, PDF, XLSX) is read: no mapped id appears bare (--json may
# hold it only as "clause" beside its "clause_local"), and each local number score prints for a
# bid's finding is printed by compare too.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pdftotext >/dev/null || fail "pdftotext is needed (apt-get install poppler-utils)"
S="$SRC/samples"
"$PYTHON" - "$S/policy-city.json" "$T/policy.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["clause_numbers"] = {"11-2(2)⑥イ": "第9章第3節(2)⑥イ", "11-2(2)⑦": "第9章第3節(2)⑦",
                       "11-2(2)②オ": "第9章第3節(2)②オ", "6-1(2)②": "第6章第1節(2)②",
                       "11-2": "第9章第3節"}
json.dump(p, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
run() { "$ASSESS" "$@" --policy "$T/policy.json" --date 2026-12-01; }
bids=("$S"/procurement/bid-a.json "$S"/procurement/bid-b.json "$S"/procurement/bid-c.json)
for b in "${bids[@]}"; do run score "$b" >>"$T/score.txt"; done
run compare "${bids[@]}" >"$T/compare.txt"
run compare "${bids[@]}" --lang en >"$T/compare-en.txt"
run compare "${bids[@]}" --json >"$T/compare.json"
run compare "${bids[@]}" -o "$T/out" >/dev/null
pdftotext -layout "$T/out/compare.pdf" "$T/compare.pdf.txt"
"$PYTHON" - "$T" <<'PY'
import json, re, sys, openpyxl
t = sys.argv[1]
pol = json.load(open(f"{t}/policy.json", encoding="utf-8"))["clause_numbers"]
raw = re.compile("|".join(r"(?<![0-9\-])" + re.escape(k) + r"(?![0-9(①-⑳ア-ン])" for k in pol))
xlsx = []
wb = openpyxl.load_workbook(f"{t}/out/compare.xlsx")
for ws in wb:
    for row in ws.iter_rows(values_only=True):
        xlsx += [f"{ws.title}: {v}" for v in row if isinstance(v, str)]
media = {"terminal": open(f"{t}/compare.txt", encoding="utf-8").read(),
         "terminal en": open(f"{t}/compare-en.txt", encoding="utf-8").read(),
         "pdf": open(f"{t}/compare.pdf.txt", encoding="utf-8").read(),
         "xlsx": "\n".join(xlsx)}
def strip_clause(o):  # "clause" holds the reference id by contract; everything else is shown
    if isinstance(o, dict):
        return {k: strip_clause(v) for k, v in o.items() if k != "clause"}
    if isinstance(o, list):
        return [strip_clause(v) for v in o]
    return o
js = json.load(open(f"{t}/compare.json", encoding="utf-8"))
media["json"] = json.dumps(strip_clause(js), ensure_ascii=False)
bad = [f"{m}: {raw.search(s).group(0)} in …{s[max(0, raw.search(s).start() - 60):raw.search(s).end() + 20]}…"
       for m, s in media.items() if raw.search(s)]
assert not bad, "mapped clause ids shown bare:\n" + "\n".join(bad)
def walk(o):
    if isinstance(o, dict):
        if "clause" in o and o["clause"] in pol:
            assert o.get("clause_local") == pol[o["clause"]], f"--json: {o}"
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(js)
# every local number score prints is printed by compare too (the comparison sheet lists every
# question, the PDF every exclusion reason)
score = open(f"{t}/score.txt", encoding="utf-8").read()
shown = {v for v in pol.values() if v in score and v != "第9章第3節"}
assert shown, "score shows no local number: the test policy maps nothing the bids cite"
missing = [v for v in shown if v not in media["xlsx"]]
assert not missing, f"compare's XLSX lacks {missing}"
assert "第9章第3節(2)⑦" in media["pdf"] and "第9章第3節(2)⑦" in media["terminal"], "the knockout's clause"
PY
echo "compare: the organisation's clause numbers in every medium"
