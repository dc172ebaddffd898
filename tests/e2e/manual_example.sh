#!/bin/bash
# manual_example.sh - the project explains itself (issue 29): README and docs point only inside
# the project, every file they name exists, the manual pages are built, and the manual's example
# policy for a 組合 (docs/examples/policy-kumiai.json) does what the manual says when run through
# `policy show`, `pack` and `compare`: its organisation, stamp row and 合議 boxes on the 起案
# sheet, its clause numbers in the documents, its evaluation_points as the 技術点 (100 points).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${BUILD:?}" "${PYTHON:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
POLICY=$SRC/docs/examples/policy-kumiai.json
cd "$T"

# ---- README and docs stay inside the project ----------------------------------------------
for f in README.md docs/manual.ja.md docs/manual.en.md; do
    [ -s "$SRC/$f" ] || fail "$f is missing"
    if grep -n '\.\./' "$SRC/$f"; then fail "$f points outside the project"; fi
done
"$PYTHON" - "$SRC" <<'PY' || fail "a file named by README or docs does not exist"
import os, re, sys
src = sys.argv[1]
bad = []
for doc in ("README.md", "docs/manual.ja.md", "docs/manual.en.md"):
    text = open(os.path.join(src, doc), encoding="utf-8").read()
    base = os.path.dirname(os.path.join(src, doc))
    # project files in backquotes and relative Markdown links
    for m in re.findall(r"`((?:docs|questionnaires|samples|tests|cmake|packaging)/[^`\s]+|CHANGELOG\.md|README\.md)`", text):
        if not os.path.exists(os.path.join(src, m)):
            bad.append(f"{doc}: `{m}`")
    for m in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        if not os.path.exists(os.path.join(base, m)):
            bad.append(f"{doc}: ({m})")
for b in bad:
    print("missing:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
for page in man1/assess.1 man1/assess-pack.1 man1/assess-policy.1 ja/man1/assess.1 ja/man1/assess-policy.1; do
    [ -s "$BUILD/man/$page" ] || fail "the build did not make the manual page $page"
done

# ---- the example policy loads, and every key it gives is shown back ----------------------
"$ASSESS" policy show --policy "$POLICY" --json > shown.json || fail "policy show refuses the manual's example"
"$PYTHON" - "$POLICY" shown.json <<'PY' || fail "policy show does not give the example's values back"
import json, sys
given, shown = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for k, v in given.items():
    assert shown[k] == v, (k, v, shown[k])
PY

# ---- pack: organisation, stamp row, 合議, clause numbers --------------------------------
"$ASSESS" pack "$SRC/samples/procurement/bid-b.json" --policy "$POLICY" -o pack --date 2026-12-07 \
    --approver "管理者 山田太郎" --manager "総務課 佐藤花子" --requester "総務課 鈴木一郎" \
    --section "事務局 総務課" --doc-number "みどり総第12号" > pack.out 2>&1 || fail "pack: $(cat pack.out)"
pdf=$(ls pack/*.pdf)
pdftotext -layout -f 1 -l 1 "$pdf" page1.txt
pdftotext -layout "$pdf" all.txt
grep -q "みどり広域行政事務組合" page1.txt || fail "the 起案 sheet lacks the policy's organization"
"$PYTHON" - "$POLICY" page1.txt all.txt <<'PY' || fail "the pack does not follow the example policy"
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
page1 = open(sys.argv[2], encoding="utf-8").read()
text = open(sys.argv[3], encoding="utf-8").read()
for title in p["approval_block"]["columns"] + p["approval_block"]["consult"]:
    assert title in page1, f"stamp box {title} not on the 起案 sheet"
# bid-b's conditions cite 11-2(2)⑪ (ISMAP), which the example numbers 第42条第2項第11号
assert p["clause_numbers"]["11-2(2)⑪"] in text, "the organisation's clause number is not printed"
PY

# ---- compare: the 技術点 from evaluation_points --------------------------------------------
"$ASSESS" compare --json --policy "$POLICY" "$SRC"/samples/procurement/bid-{a,b,c}.json > cmp.json
"$PYTHON" - "$POLICY" cmp.json <<'PY' || fail "compare does not count the example's evaluation_points"
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
c = json.load(open(sys.argv[2], encoding="utf-8"))
assert c["points_from"] == "policy", c["points_from"]
assert c["tech_max"] == sum(p["evaluation_points"].values()) == 100, c["tech_max"]
assert [r["vendor"] for r in c["ranking"]] == ["株式会社ひかりデジタル", "株式会社つばさソリューションズ"], c["ranking"]
assert len(c["excluded"]) == 1
PY
"$ASSESS" compare --policy "$POLICY" "$SRC"/samples/procurement/bid-{a,b,c}.json > cmp.txt
grep -q "技術点は 100 点満点 (配点: ポリシーの evaluation_points)" cmp.txt || fail "compare's text does not say where the points come from"
"$ASSESS" compare --policy "$POLICY" "$SRC"/samples/procurement/bid-{a,b,c}.json -o cmp >/dev/null
ls cmp/*.pdf cmp/*.xlsx >/dev/null || fail "compare -o wrote no comparison"
pdftotext -layout cmp/compare.pdf cmp.txt   # to a file: grep -q would cut a pipe short (pipefail)
grep -q "技術点 (100 点満点)" cmp.txt || fail "the comparison PDF does not count 100 points"
echo "manual example: pack and compare follow docs/examples/policy-kumiai.json"
