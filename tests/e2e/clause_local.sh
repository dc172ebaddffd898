#!/bin/bash
# The organisation's own clause numbers everywhere (SPEC §8.6, issue 30). Under
# samples/policy-kitei.json (a 規程 numbered by 章・節・条・号 that maps every clause id the banks
# cite), every command that writes a document — score, pack, compare, reaudit, spec, contract,
# register export and register report — is run, and every medium it writes is read as its
# reader sees it (terminal, --json, pdftotext, openpyxl, python-docx):
#  * no reference id the policy maps appears (in --json only "clause" may hold it, and then
#    "clause_local" is beside it);
#  * no local number is repeated inside one citation (「第9章第3節, 第9章第3節」);
#  * in the contract, every number of the standard (第N条 above all, which would read as the
#    contract's own article) is preceded by the standard's name.
# CLAUSE_LOCAL_REPORT=1 prints the count of raw ids per document instead of failing (to
# measure a build that predates the rule).
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pdftotext >/dev/null || fail "pdftotext is needed (apt-get install poppler-utils)"
"$PYTHON" -c "import docx, openpyxl" || fail "python3-docx and python3-openpyxl are needed"
S="$SRC/samples"
P=${CLAUSE_POLICY:-$S/policy-kitei.json}
D=2026-12-01
cd "$T"
mkdir -p out
run() { "$ASSESS" "$@" --policy "$P" --date "$D"; }

# ---- every command that writes a document, under the 規程 ------------------------------------
for f in outsourcing-payroll procurement/bid-b skyharbor-us minato-docs light-survey incomplete-draft; do
    n=${f//\//-}
    run score "$S/$f.json" >"out/score-$n.txt"
    run score "$S/$f.json" --json >"out/score-$n.json"
    run score "$S/$f.json" --lang en >"out/score-$n-en.txt"
done
for f in outsourcing-payroll procurement/bid-b skyharbor-us light-survey; do
    n=${f//\//-}
    run pack "$S/$f.json" -o "out/pack-$n" --approver "市長 山田太郎" --manager "情報政策課長 佐藤花子" >/dev/null
done
run pack "$S/procurement/bid-b.json" -o out/pack-en --lang en --approver "Mayor" --manager "Manager" >/dev/null
run compare "$S"/procurement/bid-*.json >out/compare.txt
run compare "$S"/procurement/bid-*.json --json >out/compare.json
run compare "$S"/procurement/bid-*.json -o out/compare >/dev/null
run reaudit "$S/reaudit/2025.json" "$S/reaudit/2026.json" >out/reaudit.txt
run reaudit "$S/reaudit/2025.json" "$S/reaudit/2026.json" --json >out/reaudit.json
run reaudit "$S/reaudit/2025.json" "$S/reaudit/2026.json" -o out/reaudit >/dev/null
for b in cloud outsourcing; do
    run spec "$b" --classification 2/2/2 -o "out/spec-$b" >/dev/null
done
run spec cloud-light --classification 1/1/1 -o out/spec-cloud-light >/dev/null
for f in outsourcing-payroll procurement/bid-b; do
    n=${f//\//-}
    run contract "$S/$f.json" -o "out/contract-$n" >/dev/null
done
for f in outsourcing-payroll procurement/bid-b reaudit/2026; do
    "$ASSESS" register add "$S/$f.json" --register reg.sqlite --policy "$P" --date "$D" \
        --approver "市長 山田太郎" --manager "情報政策課長 佐藤花子" >/dev/null
done
"$ASSESS" register export --register reg.sqlite --as-of "$D" -o out/register.xlsx >/dev/null
"$ASSESS" register export --register reg.sqlite --as-of "$D" -o out/register.pdf >/dev/null
"$ASSESS" register report --register reg.sqlite --policy "$P" --fiscal-year 2026 --as-of "$D" -o out/report >/dev/null
"$ASSESS" register report --register reg.sqlite --policy "$P" --fiscal-year 2026 --as-of "$D" --json >out/report.json

# ---- read every medium ------------------------------------------------------------------------
find out -name '*.pdf' -print0 | while IFS= read -r -d '' f; do pdftotext -layout "$f" "$f.txt"; done

"$PYTHON" - "$P" out <<'EOF'
import json, os, re, sys, glob
import docx, openpyxl

policy = json.load(open(sys.argv[1], encoding="utf-8"))
out = sys.argv[2]
std = policy.get("standard_name", "情報セキュリティ対策基準")
cmap = policy["clause_numbers"]
report_only = os.environ.get("CLAUSE_LOCAL_REPORT") == "1"

# A reference id as a whole: not inside a longer id (「11-2」 in 「11-2(2)⑦」, 「6-3(2)」 in
# 「6-3(2)①」) nor part of a date or a number.
AFTER = r"(?![0-9(（①-⑳ア-ン])"
raw = re.compile("|".join(r"(?<![0-9\-－])" + re.escape(k) + AFTER for k in sorted(cmap, key=len, reverse=True)))
locs = sorted(set(cmap.values()), key=len, reverse=True)
run_re = re.compile("(?:%s)(?:(?:, |、)(?:%s))+" % ("|".join(map(re.escape, locs)), "|".join(map(re.escape, locs))))
jo = re.compile("|".join(map(re.escape, locs)))

def repeats(text):
    bad = []
    for m in run_re.finditer(text):
        parts = re.split(", |、", m.group(0))
        if len(parts) != len(set(parts)):
            bad.append(m.group(0))
    return bad

def xlsx_text(path):
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)

def docx_text(path):
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        # the spec's table of documents refers to its own items (「2(1), 5(3)」), not to clauses
        if [c.text for c in t.rows[0].cells][-1:] == ["対応する項目"]:
            continue
        for r in t.rows:
            parts += [c.text for c in r.cells]
    return "\n".join(parts)

def json_strings(v, path, found, mapped_missing):
    if isinstance(v, dict):
        c = v.get("clause")
        if isinstance(c, str) and c:
            if any(cmap.get(x) for x in c.split(", ")) and "clause_local" not in v:
                mapped_missing.append((path, c))
        for k, x in v.items():
            if k != "clause":
                json_strings(x, path + "." + k, found, mapped_missing)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            json_strings(x, f"{path}[{i}]", found, mapped_missing)
    elif isinstance(v, str):
        found.append(v)

docs = {}
for f in sorted(glob.glob(os.path.join(out, "**", "*"), recursive=True)):
    if f.endswith(".pdf.txt"):
        # a citation may be broken across lines of the page: read it joined
        docs[f] = open(f, encoding="utf-8").read().replace("\n", "")
    elif f.endswith(".txt"):
        docs[f] = open(f, encoding="utf-8").read()
    elif f.endswith(".xlsx"):
        docs[f] = xlsx_text(f)
    elif f.endswith(".docx"):
        docs[f] = docx_text(f)
missing = []
for f in sorted(glob.glob(os.path.join(out, "*.json"))):
    strings = []
    json_strings(json.load(open(f, encoding="utf-8")), "$", strings, missing)
    docs[f] = "\n".join(strings)

problems, total = [], 0
for f, text in docs.items():
    ids = [m.group(0) for m in raw.finditer(text)]
    total += len(ids)
    if report_only:
        print(f"{len(ids):5d} {os.path.relpath(f, out)}")
    if ids:
        problems.append(f"{os.path.relpath(f, out)}: reference ids the policy maps: {sorted(set(ids))[:6]} ({len(ids)})")
    for r in repeats(text):
        problems.append(f"{os.path.relpath(f, out)}: a local number repeated in one citation: {r}")
    if "/contract-" in f:
        for m in jo.finditer(text):
            # the contract's own article heading (「第23条(履行が不十分な場合の措置)」) is no
            # citation of the standard, though a 規程 may number its articles alike
            if text[m.end():m.end() + 1] == "(":
                continue
            # a PDF line may break inside the name: compare without spaces
            before = re.sub(r"\s", "", text[max(0, m.start() - len(std) - 20):m.start()])
            if not before.endswith(re.sub(r"\s", "", std)):
                problems.append(f"{os.path.relpath(f, out)}: a bare {m.group(0)} of the standard: …{text[max(0, m.start() - 30):m.end()]}")
for path, c in missing:
    problems.append(f"--json: {path} cites {c}, which the policy maps, without clause_local")
total += len(missing)
print(f"clause_local: {len(docs)} documents read, {total} raw ids or unmapped clauses")
if report_only:
    sys.exit(0)
assert len(docs) >= 30, len(docs)
assert not problems, "\n".join(problems[:40] + [f"({len(problems)} problems)"])
# the documents do speak the policy's numbering and name its standard
every = "\n".join(docs.values())
assert "第24条第10号" in every and "第9章第3節" in every and std in every
EOF
