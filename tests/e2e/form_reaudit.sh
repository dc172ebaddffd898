#!/bin/bash
# Prefilled re-audit forms and 補正依頼 (issue #14).
#  - form --from ANSWERS writes the vendor's answers into the form; imported back unchanged it
#    gives the same answers, byte for byte (also after LibreOffice saved it as ODS);
#  - with a newer bank version, questions the earlier answers lack are marked 新規;
#  - form --from ANSWERS --review marks exactly the cells to correct: every required question
#    left unanswered and every question with a knockout, major or minor finding (red cell, a
#    comment, the note in 確認事項); the marked form imported unchanged still gives the answers.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "FAIL: LibreOffice (soffice) not installed: apt-get install -y libreoffice-calc-nogui"; exit 1
fi

# The answers as data, without the cells they were read from.
values() {
    "$PYTHON" - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["answers"] = {q: {k: v for k, v in x.items() if k != "source"} for q, x in d["answers"].items() if "value" in x}
print(json.dumps({k: d[k] for k in ("questionnaire", "assessment", "vendor", "service", "answers")}, sort_keys=True, ensure_ascii=False))
PY
}

for s in minato-docs skyharbor-us kumo-subcontract outsourcing-payroll light-survey incomplete-draft contradiction-subcontract; do
    sample="$SRC/samples/$s.json"
    d="$tmp/$s"
    mkdir -p "$d/lo"
    "$ASSESS" form --from "$sample" -o "$d/pre.xlsx" --date 2026-11-20
    "$ASSESS" import "$d/pre.xlsx" -o "$d/y.json" 2>/dev/null
    "$ASSESS" form --from "$d/y.json" -o "$d/pre2.xlsx" --date 2026-11-20
    "$ASSESS" import "$d/pre2.xlsx" -o "$d/z.json" 2>/dev/null
    "$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to ods --outdir "$d/lo" "$d/pre2.xlsx" >/dev/null 2>&1
    "$ASSESS" import "$d/lo/pre2.ods" -o "$d/ods.json" 2>/dev/null
    if [ "$(values "$sample")" != "$(values "$d/y.json")" ]; then
        echo "FAIL $s: the prefilled form does not give the sample's answers"; diff <(values "$sample") <(values "$d/y.json") | head; fail=1
    elif ! cmp -s "$d/y.json" "$d/z.json" || ! cmp -s "$d/y.json" "$d/ods.json"; then
        echo "FAIL $s: form --from and import do not round trip byte for byte"; diff "$d/y.json" "$d/z.json" | head; fail=1
    else
        echo "ok   $s: form --from round trips byte for byte (XLSX and ODS), $(grep -c '"value"' "$d/y.json") answers"
    fi
done

# A newer version of the bank: one more question, marked 新規 and left empty.
"$PYTHON" - "$SRC/questionnaires/cloud.json" "$tmp/cloud-1.1.json" <<'PY'
import copy, json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
b["version"] = "1.1"
q = copy.deepcopy(next(q for q in b["questions"] if q["id"] == "sec.admin_mfa"))
q["id"] = "sec.phishing_resistant_mfa"
q["text"] = {"ja": "管理者の認証にフィッシング耐性のある多要素認証を用いていますか。", "en": "Is phishing-resistant MFA used for administrators?"}
q["label"] = {"ja": "フィッシング耐性のある多要素認証", "en": "Phishing-resistant MFA"}
b["questions"].insert(b["questions"].index(next(x for x in b["questions"] if x["id"] == "sec.admin_mfa")) + 1, q)
json.dump(b, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
d="$tmp/newer"
mkdir -p "$d"
"$ASSESS" form --from "$SRC/samples/minato-docs.json" --questionnaire "$tmp/cloud-1.1.json" -o "$d/pre.xlsx" --date 2026-11-20
"$ASSESS" import --questionnaire "$tmp/cloud-1.1.json" "$d/pre.xlsx" -o "$d/y.json" 2>"$d/err"
if "$PYTHON" - "$d/pre.xlsx" "$d/y.json" "$SRC/samples/minato-docs.json" <<'PY'
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["回答"]
new = [r for r in ws.iter_rows() if r[0].value == "sec.phishing_resistant_mfa"][0]
assert new[3].value.startswith("【新規】"), new[3].value
assert new[8].value.startswith("新規の質問です"), new[8].value
assert new[5].value is None
marked = [r[0].value for r in ws.iter_rows(min_row=17) if r[3].value and str(r[3].value).startswith("【新規】")]
assert marked == ["sec.phishing_resistant_mfa"], marked
y, old = (json.load(open(p, encoding="utf-8")) for p in sys.argv[2:4])
assert y["questionnaire_version"] == "1.1"
assert y["answers"]["sec.phishing_resistant_mfa"] == {"source": "回答!F%d" % new[0].row}
for k, v in old["answers"].items():
    assert {a: b for a, b in y["answers"][k].items() if a != "source"} == v, k
PY
then
    echo "ok   newer bank version: the new question is marked 新規 and left empty, the others keep their answers"
else
    echo "FAIL newer bank version"; fail=1
fi

# 補正依頼: exactly the cells to correct are marked.
review() { # sample
    local s=$1 d="$tmp/review-$1"
    mkdir -p "$d"
    "$ASSESS" score --json --date 2026-11-20 "$SRC/samples/$s.json" >"$d/score.json"
    "$ASSESS" form --from "$SRC/samples/$s.json" --review -o "$d/review.xlsx" --date 2026-11-20 2>"$d/err"
    "$ASSESS" import "$d/review.xlsx" -o "$d/back.json" 2>/dev/null
    "$ASSESS" import "$d/../$s/pre.xlsx" -o "$d/pre.json" 2>/dev/null
    if "$PYTHON" - "$d/review.xlsx" "$d/score.json" "$d/err" <<'PY'
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["回答"]
r = json.load(open(sys.argv[2], encoding="utf-8"))
want = set(r["unanswered"]) | {f["question"] for f in r["findings"] if f["severity"] in ("knockout", "major", "minor")} \
    | {f["also"] for f in r["findings"] if "also" in f}  # both answers of a contradiction
marked, noted, commented = set(), set(), set()
for row in ws.iter_rows():
    qid = row[0].value
    if not isinstance(qid, str) or "." not in qid or qid.startswith("@"):
        continue
    if row[5].fill.fgColor.rgb in ("FFF8CBAD", "00F8CBAD"):
        marked.add(qid)
    if row[8].value:
        noted.add(qid)
    if row[5].comment is not None:
        commented.add(qid)
        assert row[5].comment.text.strip() == row[8].value.strip(), qid
for qid in r["unanswered"]:
    row = [x for x in ws.iter_rows() if x[0].value == qid][0]
    assert "必須の質問に回答がありません" in row[8].value, (qid, row[8].value)
assert marked == noted == commented == want, (sorted(want ^ marked), sorted(want ^ noted))
assert ws["I16"].value.startswith("確認事項"), ws["I16"].value
assert ws["A3"].value.startswith("補正のお願い: 赤色のセル %d 件" % len(want)), ws["A3"].value
assert open(sys.argv[3], encoding="utf-8").read().strip().endswith("補正を求めるセル %d 件に印を付けました" % len(want))
print(len(want), len(r["unanswered"]))
PY
    then
        if cmp -s "$d/back.json" "$d/pre.json"; then
            echo "ok   --review $s: exactly the unanswered required questions and the findings are marked; imported back unchanged it gives the same answers"
        else
            echo "FAIL --review $s: the marked form does not import to the same answers"; fail=1
        fi
    else
        echo "FAIL --review $s"; fail=1
    fi
}
review incomplete-draft
review skyharbor-us
review kumo-subcontract
review contradiction-subcontract  # both answers of the contradiction are marked

exit $fail
