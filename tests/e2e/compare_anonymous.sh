#!/bin/bash
# compare_anonymous.sh - SPEC §8.3 anonymised comparison: every identifier-like string of the
# bidders' files (the procurement samples and a bidder made here with a parent company,
# subcontractors, URL, e-mail, telephone, corporate, ISMAP and ISO numbers and a domain) is
# collected here, independently of assess, and none of them is found in any output of
# `compare --anonymize` but the key: terminal, --json, PDF text and metadata (pdftotext, pdfinfo,
# qpdf), XLSX cells, headers and docProps (openpyxl, unzip), file names. The key is beside the
# folder (0600) and holds them; a key inside -o is refused; --title is printed on every page.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
P=$SRC/samples/procurement
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$T"
mkdir in
cp "$P"/bid-a.json "$P"/bid-b.json "$P"/bid-c.json in/

# ---- a bidder with every kind of identifier -----------------------------------------------
"$PYTHON" - "$P/bid-a.json" in/bid-x.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["vendor"].update(name="株式会社あさひクラウドテクノロジー", corporate_number="4010001234567",
                   contact_name="山田 太郎", contact="03-5555-0199")
d["service"]["name"] = "あさひ文書箱"
a = d["answers"]
a["org.capital_disclosure"]["comment"] = ("親会社はあさひホールディングス株式会社 (法人番号 7010401099998)。"
                                          "会社概要は https://www.asahi-cloudtech.co.jp/company/ を参照")
a["org.security_measures_disclosed"]["comment"] = ("窓口: security@asahi-cloudtech.co.jp、"
                                                   "電話 +81-3-5555-0100、FAX 0355550101")
a["org.security_measures_disclosed"]["evidence"].append("asahi-docs.example.com のホワイトペーパー")
a["sub.uses_subcontractors"] = {"value": "yes", "comment": "運用監視を再委託"}
a["sub.list"] = {"value": [
    {"name": "株式会社みどり監視サービス", "country": "JP", "role": "運用監視"},
    {"name": "Blue River Data Co., Ltd.", "country": "JP", "role": "バックアップ保管"}]}
a["sub.prior_approval"] = {"value": "yes"}
a["cert.certificates"]["value"] = [
    {"scheme": "ISMAP", "number": "C25-0123-2", "scope": "あさひ文書箱", "expiry": "2028-03-31"},
    {"scheme": "ISO27001", "number": "IS 845678", "scope": "クラウド事業部", "expiry": "2028-03-31"},
    {"scheme": "ISO27017", "number": "CLOUD 791234", "scope": "クラウド事業部", "expiry": "2028-03-31"}]
a["cert.expiry"]["comment"] = "ISMAP 登録番号 C25-0123-2 の有効期限。ISO 認証 IS 845678 も同日"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY

# ---- the identifiers, collected here ------------------------------------------------------
"$PYTHON" - in/*.json > ids.txt <<'PY'
import json, re, sys, os
ids = set()
pats = [r"https?://[^\s、。()（）「」]+", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
        r"C\d{2}-\d{4}-\d+", r"\b(?!ISO|IEC|JIS|SOC)[A-Z]{2,6} ?\d{5,}\b", r"(?<![\d-])(?:\+81[- ]?|0)\d{1,4}-\d{1,4}-\d{3,4}",
        r"(?<!\d)0\d{9,10}(?!\d)", r"(?<!\d)\d{13}(?!\d)", r"\b(?:[A-Za-z0-9-]+\.)+(?:jp|com|net|org)\b",
        r"(?:(?![のはがをにでも])[一-龥ァ-ヶーぁ-ゖ])+ホールディングス株式会社"]
def strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)
for f in sys.argv[1:]:
    d = json.load(open(f, encoding="utf-8"))
    v, s = d["vendor"], d["service"]
    ids.add(os.path.basename(f)); ids.add(os.path.splitext(os.path.basename(f))[0])
    for k in ("name", "corporate_number", "contact_name", "contact"):
        if v.get(k):
            ids.add(v[k])
    ids.add(v["name"].replace("株式会社", ""))
    ids.add(s["name"])
    for item in d["answers"].get("sub.list", {}).get("value", []) or []:
        ids.add(item["name"])
    for item in d["answers"].get("cert.certificates", {}).get("value", []) or []:
        ids.add(item["number"])
    for t in strings(d["answers"]):
        for p in pats:
            for m in re.finditer(p, t):
                ids.add(m.group(0))
for i in sorted(ids, key=lambda s: (-len(s), s)):
    print(i)
PY
n=$(wc -l < ids.txt)
[ "$n" -ge 30 ] || fail "only $n identifiers collected: $(tr '\n' '|' < ids.txt)"
for must in C24-0788-1 "IS 811234" C25-0123-2 "CLOUD 791234" security@asahi-cloudtech.co.jp \
            https://www.asahi-cloudtech.co.jp/company/ asahi-docs.example.com 03-5555-0199 \
            +81-3-5555-0100 0355550101 7010401099998 あさひホールディングス株式会社 \
            株式会社みどり監視サービス "Blue River Data Co., Ltd." "山田 太郎"; do
  grep -qxF -- "$must" ids.txt || fail "the collector missed $must"
done

# ---- the outputs ---------------------------------------------------------------------------
TITLE="庁内文書管理システム賃貸借 (令和9年度)"
"$ASSESS" compare --anonymize --title "$TITLE" -o committee --date 2026-11-20 in/*.json > term.txt \
  || fail "compare --anonymize exited $?"
"$ASSESS" compare --anonymize --json --key json-key.xlsx --date 2026-11-20 in/*.json > out.json 2> json.err \
  || fail "compare --anonymize --json exited $?"
[ -f committee-key.xlsx ] || fail "no key beside the folder"
[ "$(stat -c %a committee-key.xlsx)" = 600 ] || fail "key mode $(stat -c %a committee-key.xlsx)"
[ ! -e committee/compare-key.xlsx ] || fail "a key inside the folder"
ls committee > names.txt
[ "$(wc -l < names.txt)" = 2 ] || fail "committee holds $(tr '\n' ' ' < names.txt)"

# a key inside -o is refused before anything is written
set +e
"$ASSESS" compare --anonymize --key committee2/k.xlsx -o committee2 --date 2026-11-20 in/*.json > /dev/null 2> inside.err
st=$?
set -e
[ "$st" = 64 ] || fail "a key inside -o: exit $st"
[ ! -e committee2/k.xlsx ] && [ ! -e committee2/compare.pdf ] || fail "files written beside a refused key"

# every text reader's view of the committee's files
pdftotext -layout committee/compare.pdf pdf.txt
pdfinfo committee/compare.pdf > pdfinfo.txt
pdfinfo -meta committee/compare.pdf >> pdfinfo.txt 2>/dev/null || true
qpdf --qdf --object-streams=disable committee/compare.pdf qdf.pdf
"$PYTHON" - committee/compare.pdf >> pdfinfo.txt <<'PY'
import re, sys, zlib
raw = open(sys.argv[1], "rb").read()
for m in re.finditer(rb"/(Title|Author|Subject|Keywords|Creator|Producer)\s*\((.*?)\)", raw, re.S):
    print(m.group(1).decode(), m.group(2).decode("latin-1"))
PY
"$PYTHON" - committee/compare.xlsx > xlsx.txt <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
p = wb.properties
for k in ("title", "subject", "creator", "keywords", "description", "lastModifiedBy", "category"):
    print(getattr(p, k) or "")
for ws in wb:
    print(ws.title)
    print(ws.oddHeader.left.text or "", ws.oddHeader.center.text or "", ws.oddHeader.right.text or "")
    for row in ws.iter_rows(values_only=True):
        for v in row:
            if v is not None:
                print(v)
PY
unzip -p committee/compare.xlsx 'docProps/*' > docprops.txt
for f in term.txt out.json json.err names.txt pdf.txt pdfinfo.txt xlsx.txt docprops.txt; do
  "$PYTHON" - "$f" ids.txt <<'PY' || fail "an identifier in $f"
import sys, re
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
flat = re.sub(r"\s+", "", text)
bad = []
for i in open(sys.argv[2], encoding="utf-8").read().splitlines():
    if i and (i in text or re.sub(r"\s+", "", i) in flat):
        bad.append(i)
if bad:
    print(sys.argv[1], "shows:", bad, file=sys.stderr)
    sys.exit(1)
PY
done
# the raw PDF and the workbook's XML (qpdf uncompressed objects, unzip of every part)
unzip -p committee/compare.xlsx > xlsx-xml.txt
for i in C24-0788-1 C25-0123-2 security@asahi-cloudtech.co.jp 7010401099998; do
  ! grep -qaF "$i" qdf.pdf || fail "$i in the PDF objects"
  ! grep -qaF "$i" xlsx-xml.txt || fail "$i in the workbook's XML"
done

# identifiers are shown as what they are
grep -qF "ISMAP 登録あり (番号は対照表)" xlsx.txt || fail "no ISMAP mask in the workbook"
grep -qF "再委託先 (名称は対照表)" xlsx.txt || fail "no subcontractor mask in the workbook"
grep -qF '"anonymized":true' out.json || grep -qF '"anonymized": true' out.json || fail "--json not anonymised"

# the key holds what the committee's files do not
"$PYTHON" - committee-key.xlsx ids.txt <<'PY' || fail "the key lacks identifiers"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
for i in ("C24-0788-1", "IS 811234", "C25-0123-2", "株式会社みどり監視サービス", "security@asahi-cloudtech.co.jp",
          "あさひホールディングス株式会社", "株式会社あさひクラウドテクノロジー", "4010001234567"):
    if i not in cells:
        print("key lacks", i, file=sys.stderr)
        sys.exit(1)
PY

# --title on every page of the PDF and in every sheet's header; no 「組織 —」 without an organisation
pages=$(pdfinfo committee/compare.pdf | awk '/^Pages:/ {print $2}')
for ((i = 1; i <= pages; i++)); do
  pdftotext -f "$i" -l "$i" committee/compare.pdf - | tr -d ' \n' | grep -qF "件名:庁内文書管理システム賃貸借" \
    || fail "page $i lacks the tender's name"
done
! grep -q "組織 *—" pdf.txt || fail "「組織 —」 printed with no organisation"
"$PYTHON" - committee/compare.xlsx "$TITLE" <<'PY' || fail "a sheet header lacks the tender"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb:
    if sys.argv[2] not in (ws.oddHeader.left.text or ""):
        print(ws.title, repr(ws.oddHeader.left.text), file=sys.stderr)
        sys.exit(1)
PY

# with an organisation: 件名 and 組織 together
"$ASSESS" compare --anonymize --title "$TITLE" --policy "$SRC/samples/policy-city.json" -o city \
  --date 2026-11-20 in/bid-a.json in/bid-b.json > /dev/null || fail "compare with a policy"
org=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["organization"])' "$SRC/samples/policy-city.json")
pdftotext -f 2 -l 2 city/compare.pdf - | tr -d ' \n' | grep -qF "$(echo "$org" | tr -d ' ')" || fail "page 2 lacks $org"
echo "ok: $n identifiers, none in the committee's files"
