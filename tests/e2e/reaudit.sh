#!/bin/bash
# assess reaudit: the samples 2025 → 2026 show each kind of regression present there; perturbed
# copies show the other kinds and the improvements; -o DIR writes a PDF and an XLSX that put the
# changes first (read back with poppler, qpdf, openpyxl and LibreOffice).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
S=$SRC/samples/reaudit
fail() { echo "FAIL: $*" >&2; exit 1; }

kinds() { # kinds PREV CUR → "kind question" lines of regressions / improvements
    "$ASSESS" reaudit "$1" "$2" --json ${3:-} | "$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)
for group in ("regressions", "improvements", "changes"):
    for c in d[group]:
        assert set(c) >= {"question", "clause", "before", "after", "kind"}, c
        print(group, c["kind"], c["question"])'
}
has() { grep -qx "$1" "$2" || { cat "$2" >&2; fail "missing: $1"; }; }

# --- the samples ---
kinds "$S/2025.json" "$S/2026.json" > k1
for want in "regressions sla_lowered sla.availability_percent" \
            "regressions rto_longer bak.rto_hours" \
            "regressions new_subcontractor sub.list" \
            "changes expired_unchanged cert.expiry" \
            "changes changed sub.prior_approval" \
            "regressions score_down bak.restore_tested"; do
    has "$want" k1
done
grep -q "new_country\|new_knockout" k1 && fail "samples have no new country or knockout"
"$ASSESS" reaudit "$S/2025.json" "$S/2026.json" --json > r.json
"$PYTHON" - r.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verdict_before"] == "approved" and d["verdict_after"] == "conditional", d
sla = [c for c in d["regressions"] if c["kind"] == "sla_lowered"][0]
assert sla["before"] == 99.95 and sla["after"] == 99.5 and sla["clause"] == "11-2(2)⑥イ", sla
sub = [c for c in d["regressions"] if c["kind"] == "new_subcontractor"][0]
assert sub["after"][0]["name"] == "株式会社せんだい運用サポート", sub
assert d["unchanged"] > 50
EOF
# the memo: Japanese, regressions before improvements
"$ASSESS" reaudit "$S/2025.json" "$S/2026.json" > memo.txt
grep -q "再監査メモ" memo.txt || fail "memo title"
[ "$(grep -n '■ 後退' memo.txt | cut -d: -f1)" -lt "$(grep -n '■ その他の変更' memo.txt | cut -d: -f1)" ] \
    || fail "regressions not first"
"$ASSESS" reaudit "$S/2025.json" "$S/2026.json" --lang en | grep -q "Regressions (check first)" || fail "English memo"

# --- perturbed copies for the other kinds ---
"$PYTHON" - "$S/2025.json" "$S/2026.json" <<'EOF'
import json, sys
a25 = json.load(open(sys.argv[1])); a26 = json.load(open(sys.argv[2]))
def save(d, name): json.dump(d, open(name, "w"), ensure_ascii=False, indent=1)
# new storage and backup country, ISO 27001 dropped, longer RPO
p = json.loads(json.dumps(a25)); p["assessment"]["date"] = "2026-11-01"
p["answers"]["loc.storage_countries"]["value"] = ["JP", "US"]
p["answers"]["bak.location_countries"]["value"] = ["JP", "SG"]
p["answers"]["cert.iso27001"]["value"] = "no"
p["answers"]["bak.rpo_hours"]["value"] = 72
save(p, "perturbed.json")
# a subcontractor moves abroad
q = json.loads(json.dumps(a26)); q["assessment"]["date"] = "2027-11-01"
q["answers"]["sub.list"]["value"][0]["country"] = "VN"
q["answers"]["cert.expiry"]["value"] = "2028-09-30"
save(q, "moved.json")
# an older questionnaire version with a question the bank no longer has
o = json.loads(json.dumps(a25)); o["questionnaire_version"] = "0.9"
o["answers"]["legacy.fax_reporting"] = {"value": "yes"}
del o["answers"]["sec.key_management"]
save(o, "old-version.json")
EOF
kinds "$S/2025.json" perturbed.json > k2
for want in "regressions new_knockout loc.storage_countries" \
            "regressions new_country loc.storage_countries" \
            "regressions new_country bak.location_countries" \
            "regressions certification_dropped cert.iso27001" \
            "regressions rpo_longer bak.rpo_hours"; do
    has "$want" k2
done
"$ASSESS" reaudit "$S/2025.json" perturbed.json --json | "$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)
assert d["verdict_after"] == "rejected", d["verdict_after"]
assert d["regressions"][0]["kind"] == "new_knockout", d["regressions"][0]
c = [c for c in d["regressions"] if c["kind"] == "new_country" and c["question"] == "loc.storage_countries"][0]
assert c["before"] == ["JP"] and c["after"] == ["JP", "US"], c'
kinds "$S/2026.json" moved.json > k3
has "regressions subcontractor_country sub.list" k3
has "improvements certification_renewed cert.expiry" k3
# improvements: back from the perturbed copy (dates in reverse need --allow-other-vendor)
kinds perturbed.json "$S/2026.json" > k4
for want in "improvements knockout_cleared loc.storage_countries" \
            "improvements country_removed loc.storage_countries" \
            "improvements certification_added cert.iso27001" \
            "improvements rpo_shorter bak.rpo_hours"; do
    has "$want" k4
done
kinds "$S/2026.json" "$S/2025.json" --allow-other-vendor > k5
has "improvements sla_raised sla.availability_percent" k5
has "improvements rto_shorter bak.rto_hours" k5
has "improvements subcontractor_removed sub.list" k5
has "improvements score_up bak.restore_tested" k5
# another bank version: compared by id, removed and added questions reported, not failed
kinds old-version.json "$S/2026.json" > k6
has "changes question_removed legacy.fax_reporting" k6
has "changes question_added sec.key_management" k6
has "regressions sla_lowered sla.availability_percent" k6

# --- errors ---
set +e
"$ASSESS" reaudit "$S/2026.json" "$S/2025.json" >/dev/null 2>err; st=$?
set -e
[ "$st" = 65 ] && grep -q "PREVIOUS CURRENT" err || fail "reversed order not refused ($st)"

# --- -o DIR: PDF and XLSX, changes first ---
mkdir out
"$ASSESS" reaudit "$S/2025.json" "$S/2026.json" -o out --date 2026-11-20 > /dev/null
name="株式会社あおばシステム_あおば自治体クラウド_2026-11-20"   # named with the decision date, as pack
pdf="out/$name-reaudit.pdf"; xlsx="out/$name-reaudit.xlsx"
[ -f "$pdf" ] && [ -f "$xlsx" ] || fail "outputs missing: $(ls out)"
set +e; "$ASSESS" reaudit "$S/2025.json" "$S/2026.json" -o out --date 2026-11-20 >/dev/null 2>&1; st=$?; set -e
[ "$st" = 73 ] || fail "existing outputs not refused ($st)"
cp "$pdf" first.pdf; cp "$xlsx" first.xlsx
"$ASSESS" reaudit "$S/2025.json" "$S/2026.json" -o out --date 2026-11-20 --force > /dev/null
cmp -s first.pdf "$pdf" && cmp -s first.xlsx "$xlsx" || fail "re-audit outputs not reproducible"
pdftotext "$pdf" ra.txt
pdftotext -raw "$pdf" - | tr -d ' \n' > ra.flat   # table cells wrap: compare in drawing order without line breaks
grep -q "再監査報告書" ra.txt || fail "PDF title"
for s in "前回評価からの後退" "保証稼働率" "株式会社せんだい運用サポート" "令和8年9月30日" "sla.availability_percent"; do
    grep -q "$s" ra.flat || fail "PDF lacks $s"
done
[ "$(grep -n '前回評価からの後退' ra.txt | head -1 | cut -d: -f1)" -lt "$(grep -n '今回評価の指摘事項' ra.txt | head -1 | cut -d: -f1)" ] \
    || fail "PDF: changes not first"
pdffonts "$pdf" | grep -q "yes yes yes" || fail "PDF font not an embedded subset"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check"
"$PYTHON" - "$xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames[0] == "変更点", wb.sheetnames
ws = wb.worksheets[0]
head = [c.value for c in ws[3]]
rows = list(ws.iter_rows(min_row=4, values_only=True))
groups = [r[0] for r in rows]
assert groups[0] == "後退", groups
# regressions, then improvements, then others: never back to a regression
order = {"後退": 0, "改善": 1, "その他の変更": 2}
assert [order[g] for g in groups] == sorted(order[g] for g in groups), groups
kinds = {r[head.index("種別 (ID)")] for r in rows}
assert {"sla_lowered", "rto_longer", "new_subcontractor", "expired_unchanged"} <= kinds, kinds
sla = [r for r in rows if r[head.index("種別 (ID)")] == "sla_lowered"][0]
assert isinstance(sla[head.index("前回評点")], (int, float))
EOF
if command -v libreoffice >/dev/null; then
    timeout 120 libreoffice --headless --convert-to csv --outdir lo "$xlsx" >/dev/null 2>&1
    grep -q "sla_lowered" lo/*.csv || fail "LibreOffice does not read the re-audit XLSX"
fi
echo "reaudit: ok"
