#!/bin/bash
# correction_request.sh - the 補正依頼 (form --from X --review) as the vendor reads it (SPEC §8.3,
# issue 25): for every sample that goes back to the vendor (差戻し: verdict "incomplete", found
# by scoring the samples, not listed here), in Japanese and English, every cell, comment and
# document property of the workbook is read with openpyxl and
#  * holds no text for the officer or the verdict: no 「させること」「承認でき」「不承認」
#    「選定条件を満たさない」「審査における指摘」 (nor their English: "Have the vendor",
#    "cannot be approved", "rejected", "does not meet the selection condition");
#  * each marked row's note is the question's own `request` from its bank, once, with the
#    question's clause; the count in the banner is the number of marked rows.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$PYTHON" -c "import openpyxl" || fail "python3-openpyxl is needed"

n=0
for s in "$SRC"/samples/*.json "$SRC"/samples/procurement/bid-?.json "$SRC"/samples/reaudit/20??.json; do
    case "$s" in *.review.json|*/policy-*) continue ;; esac
    v=$("$ASSESS" score "$s" --json --date 2026-12-07 2>/dev/null | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["verdict"])')
    [ "$v" = incomplete ] || continue
    n=$((n + 1))
    name=$(basename "$s" .json)
    bank=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["questionnaire"])' "$s")
    for lang in ja en; do
        out="$T/$name-$lang.xlsx"
        "$ASSESS" form --from "$s" --review -o "$out" --date 2026-12-07 --lang "$lang" 2>/dev/null \
            || fail "$name ($lang): form --review failed"
        "$PYTHON" - "$out" "$SRC/questionnaires/$bank.json" "$lang" "$name" <<'PY' || exit 1
import json, re, sys
import openpyxl
path, bank_path, lang, name = sys.argv[1:5]
bank = json.load(open(bank_path, encoding="utf-8"))
requests = {q["id"]: q["request"][lang] for q in bank["questions"]}
FORBIDDEN = {"ja": ["させること", "承認でき", "不承認", "選定条件を満たさない", "審査における指摘", "契約条件とすること"],
             "en": ["Have the vendor", "cannot be approved", "not approved", "rejected",
                    "fails the selection condition", "does not meet the selection condition",
                    "reviewer's finding"]}
bad = []
wb = openpyxl.load_workbook(path)
texts = []
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                texts.append((f"{ws.title}!{c.coordinate}", c.value))
            if c.comment is not None:
                texts.append((f"{ws.title}!{c.coordinate} (comment)", c.comment.text))
p = wb.properties
for k in ("title", "subject", "creator", "keywords", "description", "category"):
    v = getattr(p, k)
    if v:
        texts.append((f"docProps {k}", v))
for where, t in texts:
    for w in FORBIDDEN[lang]:
        if w.lower() in t.lower():
            bad.append(f"{where}: {w!r} in {t[:120]!r}")
ws = wb.worksheets[1]  # 回答 / Answers
head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "ID")
marked = 0
for r in range(head + 1, ws.max_row + 1):
    qid, note = ws.cell(r, 1).value, ws.cell(r, 9).value
    if not qid or not note:
        continue
    marked += 1
    req = requests[qid]
    if note.count(req) != 1:
        bad.append(f"row {r} ({qid}): the note does not carry its request once: {note!r}")
    clause = str(ws.cell(r, 2).value or "").split("\n")[0].split(",")[0].strip()
    if clause and clause not in note:
        bad.append(f"row {r} ({qid}): the note names no clause ({clause}): {note!r}")
    comment = ws.cell(r, 6).comment
    if comment is None or req not in comment.text:
        bad.append(f"row {r} ({qid}): the answer cell's comment does not carry the request")
banner = str(ws.cell(3, 1).value)
if not marked or str(marked) not in re.findall(r"\d+", banner):
    bad.append(f"{marked} marked rows, banner {banner!r}")
if bad:
    print(f"FAIL: {name} ({lang}):\n  " + "\n  ".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"ok: {name} ({lang}): {marked} requests, {len(texts)} texts read")
PY
    done
done
[ "$n" -ge 2 ] || fail "expected at least two 差戻し samples, found $n"
echo "PASS: the 補正依頼 of $n 差戻し samples holds requests only"
