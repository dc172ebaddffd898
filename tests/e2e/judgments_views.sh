#!/bin/bash
# SPEC v3 §8.1 in the pack, read as its readers read it (poppler, openpyxl): the 起案 sheet lists
# the judgments made (who, when, conclusion) or outstanding; the 別紙 has 「審査における判断」 with
# reasons and basis; the XLSX has a 審査判断 sheet (dates as dates); an override is shown with
# its finding, original and new severity, reason, who and when.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*"; exit 1; }
S=$SRC/samples

# made: minato-docs with its review beside it
"$ASSESS" pack "$S/minato-docs.json" -o made --date 2026-12-07 --approver "山田 太郎" --manager "佐藤 花子" >/dev/null 2>&1
pdf=$(ls made/*.pdf)
pdftotext -layout -f 1 -l 1 "$pdf" p1.txt
flat=$(tr -d ' \n' < p1.txt)
for want in 審査における判断 "国内法以外の法令が適用されるリスクの評価(11-2(2)⑦):受容する(情報政策課長田中一郎、令和8年12月3日(2026年))" \
            "外部サービス提供者の信頼性(11-2(2)⑪):十分(総務部長山本和夫、令和8年12月4日(2026年))" ■承認; do
    case "$flat" in *"$want"*) ;; *) fail "起案 sheet lacks $want" ;; esac
done
pdftotext "$pdf" all.txt
tr -d "\n" < all.txt | grep -q "根拠: ISMAP C23-0456-1 を ISMAP クラウドサービスリストで確認" || fail "別紙: the reliability basis is missing"
[ "$(grep -c '審査における判断' all.txt)" -ge 2 ] || fail "別紙 lacks 「審査における判断」"
"$PYTHON" - made/*.xlsx <<'PY'
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["審査判断"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=ws.max_row)]
keys = [r[0] for r in rows]
assert "国内法以外の法令が適用されるリスクの評価" in keys and "外部サービス提供者の信頼性" in keys, rows
rel = rows[keys.index("外部サービス提供者の信頼性")]
assert rel[3] == "十分" and rel[5] == "総務部長 山本和夫", rel
assert isinstance(rel[6], datetime.datetime) and rel[6].date() == datetime.date(2026, 12, 4), rel
assert "ISMAP C23-0456-1" in rel[4], rel
PY

# outstanding: the same answers without a review
cp "$S/minato-docs.json" x.json
"$ASSESS" pack x.json -o pending --date 2026-12-07 >/dev/null 2>&1
pdftotext -layout -f 1 -l 1 pending/*.pdf p1.txt
flat=$(tr -d ' \n' < p1.txt)
for want in "審査未了(判断待ち)" "審査における判断(未了のものあり)" "国内法以外の法令が適用されるリスクの評価(11-2(2)⑦):未了—情報セキュリティ責任者が判断する" \
            "外部サービス提供者の信頼性(11-2(2)⑪):未了—統括情報セキュリティ責任者が判断する"; do
    case "$flat" in *"$want"*) ;; *) fail "pending 起案 sheet lacks $want" ;; esac
done
case "$flat" in *外部サービス管理者*) fail "a pending pack designates a manager" ;; esac
case "$flat" in *■*) fail "a pending pack marks a decision" ;; esac

# an override, shown with its finding in the PDF and the XLSX
"$PYTHON" - "$S/procurement/bid-b.json" <<'PY'
import hashlib, json, sys
raw = open(sys.argv[1], "rb").read()
open("b.json", "wb").write(raw)
who = {"by": "情報政策課長 田中一郎", "date": "2026-12-03"}
json.dump({"format": "assess-review/1", "answers_sha256": hashlib.sha256(raw).hexdigest(),
           "judgments": {"foreign_law_risk": dict(decision="accept", **who), "reliability": dict(decision="sufficient", **who)},
           "overrides": [dict(question="cert.ismap", severity="info", reason="ISO/IEC 27001 と第三者監査報告書で代替", **who)]},
          open("b.review.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
"$ASSESS" pack b.json -o over --date 2026-12-07 >/dev/null 2>&1
pdftotext over/*.pdf - | tr -d '\n' | grep -q "審査で重大度を変更: 軽微 → 参考 (ISO/IEC 27001 と第三者監査報告書で代替、情報政策課長 田中一郎" \
    || fail "the override is not shown with its finding in the PDF"
"$PYTHON" - over/*.xlsx <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["指摘"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=ws.max_row)]
ism = [r for r in rows if r[1] == "cert.ismap"]
assert ism and ism[0][0] == "参考" and ism[0][6].startswith("軽微 → 参考 (ISO/IEC 27001"), rows
PY
echo "judgments_views: ok"
