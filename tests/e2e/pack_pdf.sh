#!/bin/bash
# pack_pdf.sh - assess pack: the PDF approval pack read back with poppler, MuPDF and qpdf;
# subset font, text extraction without warnings, size, reproducibility, --force and exit 73,
# safe file names, a batch on two workers.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
S="$SRC/samples"
mkdir "$tmp/out"

# --- one conditional pack, Japanese ---
"$ASSESS" pack "$S/outsourcing-payroll.json" -o "$tmp/out" --date 2026-11-20 \
    --approver "佐藤 花子" --manager "鈴木 一郎" --requester "山田 太郎" \
    --security-manager "田中 次郎" --security-officer "伊藤 三郎" > "$tmp/stdout" 2> "$tmp/stderr" \
    || fail "pack exited $? : $(cat "$tmp/stderr")"
pdf=$(grep '\.pdf$' "$tmp/stdout")
[ -f "$pdf" ] || fail "no PDF listed on stdout"
[ -f "${pdf%.pdf}.xlsx" ] || fail "no XLSX beside the PDF"
grep -q "1 件" "$tmp/stderr" || fail "no summary line: $(cat "$tmp/stderr")"

# font: embedded, subset (XXXXXX+ prefix), with a ToUnicode map
fonts=$(pdffonts "$pdf")
echo "$fonts" | grep -Eq '^[A-Z]{6}\+IPAexGothic +CID TrueType +Identity-H +yes +yes +yes' \
    || fail "font not embedded as a subset with ToUnicode: $fonts"

# text extracts with poppler, and poppler says nothing on stderr (no ToUnicode warnings)
pdftotext "$pdf" "$tmp/p.txt" 2> "$tmp/poppler.err"
[ ! -s "$tmp/poppler.err" ] || fail "poppler warns: $(cat "$tmp/poppler.err")"
mutool draw -F txt -o "$tmp/m.txt" "$pdf" 2> "$tmp/mupdf.err" || fail "mutool failed"
grep -v "ICC support" "$tmp/mupdf.err" | grep -qi "error\|warning" && fail "mupdf: $(cat "$tmp/mupdf.err")"
for t in "$tmp/p.txt" "$tmp/m.txt"; do
    flat=$(tr -d ' \n' < "$t")
    for want in "株式会社ひまわりビジネスサポート" "給与・福利厚生データ入力業務" "条件付き承認" \
                "条件1" "11-1(2)" "鈴木一郎" "佐藤花子" "山田太郎" "田中次郎" "伊藤三郎" "委託事業者の確認" \
                "起案者" "情報セキュリティ管理者" "情報セキュリティ責任者" "情報システム管理者" \
                "令和8年11月20日(2026年)" "別紙1/"; do
        case "$flat" in *"$want"*) ;; *) fail "$(basename "$t") lacks $want" ;; esac
    done
done
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 3 ] || fail "only $pages pages"
# page 1 is the 起案 sheet (no page number); the assessment follows as 別紙 1 / N … N / N
annex=$((pages - 1))
pdftotext -f 1 -l 1 "$pdf" "$tmp/p1.txt"
tr -d " " < "$tmp/p1.txt" | grep -q "起案用紙" || fail "page 1 is not the 起案 sheet"
grep -q "ページ\|別紙 [0-9]* /" "$tmp/p1.txt" && fail "page 1 carries a page number"
grep -q "別紙 1 / $annex" "$tmp/p.txt" || fail "footer 別紙 1 / $annex missing"
grep -q "別紙 $annex / $annex" "$tmp/p.txt" || fail "footer 別紙 $annex / $annex missing"
grep -q "assess " "$tmp/p.txt" && fail "a command line is printed: $(grep -n 'assess ' "$tmp/p.txt")"
qpdf --check "$pdf" > "$tmp/qpdf.out" 2>&1 || fail "qpdf --check: $(cat "$tmp/qpdf.out")"
size=$(stat -c %s "$pdf")
[ "$size" -lt 102400 ] || fail "PDF is $size bytes (limit 100 KB)"

# --- a cloud pack with a clause like 11-2(2)⑦ and knockouts, English ---
mkdir "$tmp/en"
"$ASSESS" pack "$S/skyharbor-us.json" -o "$tmp/en" --date 2026-11-20 --manager "Ichiro Suzuki" \
    --lang en > "$tmp/en.out" 2>/dev/null || fail "English pack failed"
enpdf=$(grep '\.pdf$' "$tmp/en.out")
pdftotext "$enpdf" "$tmp/en.txt" 2> "$tmp/en.err"
[ ! -s "$tmp/en.err" ] || fail "poppler warns on the English pack"
for want in "Not approved" "11-2(2)⑦" "Annex, page 1 of" "Knockout" "may not be used"; do
    grep -qF "$want" "$tmp/en.txt" || fail "English pack lacks $want"
done

# --- reproducible: same inputs and --date give the same bytes, also on another run ---
mkdir "$tmp/again"
"$ASSESS" pack "$S/outsourcing-payroll.json" -o "$tmp/again" --date 2026-11-20 \
    --approver "佐藤 花子" --manager "鈴木 一郎" --requester "山田 太郎" \
    --security-manager "田中 次郎" --security-officer "伊藤 三郎" > /dev/null 2>&1
cmp "$pdf" "$tmp/again/$(basename "$pdf")" || fail "two runs differ"

# --- existing outputs: exit 73 without --force, untouched; replaced with --force ---
before=$(sha256sum "$pdf")
set +e
"$ASSESS" pack "$S/outsourcing-payroll.json" -o "$tmp/out" --date 2026-11-20 > /dev/null 2> "$tmp/exists.err"
rc=$?
set -e
[ "$rc" -eq 73 ] || fail "existing output: exit $rc, expected 73"
grep -q -- "--force" "$tmp/exists.err" || fail "no hint about --force: $(cat "$tmp/exists.err")"
[ "$(sha256sum "$pdf")" = "$before" ] || fail "existing PDF was changed without --force"
"$ASSESS" pack "$S/outsourcing-payroll.json" -o "$tmp/out" --date 2026-11-20 --force > /dev/null 2>&1 \
    || fail "--force failed"
[ "$(sha256sum "$pdf")" != "$before" ] || fail "--force did not replace the PDF"
ls "$tmp/out" | grep -q '\.tmp' && fail "temporary files left behind"

# --- the last folder of -o is made; a missing parent is 73 ---
set +e
"$ASSESS" pack "$S/minato-docs.json" -o "$tmp/missing/packs" > /dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 73 ] || fail "missing parent folder: exit $rc, expected 73"
[ ! -e "$tmp/missing" ] || fail "missing parent was created"
"$ASSESS" pack "$S/minato-docs.json" -o "$tmp/made/" --date 2026-11-20 > /dev/null 2>&1 || fail "last folder not made"
[ -f "$tmp/made/株式会社みなとクラウド_みなと文書管理クラウド_2026-11-20.pdf" ] || fail "pack not in the made folder"

# --- hostile vendor name: the file stays inside the folder ---
mkdir "$tmp/evil"
"$PYTHON" - "$S/minato-docs.json" "$tmp/evil.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["vendor"]["name"] = "../../etc/x"
d["service"]["name"] = "/abs\u202e/.."
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
"$ASSESS" pack "$tmp/evil.json" -o "$tmp/evil" --date 2026-11-20 > "$tmp/evil.out" 2> "$tmp/evil.err" \
    || fail "hostile name refused: $(cat "$tmp/evil.err")"
n=$(find "$tmp/evil" -type f -name '*.pdf' | wc -l)
[ "$n" -eq 1 ] || fail "hostile name: $n PDFs inside the folder"
[ -z "$(find "$tmp" -maxdepth 1 -name 'x*' -o -maxdepth 1 -name 'etc')" ] || fail "file escaped the folder"
find "$tmp/evil" -type f | grep -q '/\.\.' && fail "file name starts with .."
grep -F -- "../../etc/x" "$tmp/evil.out" && fail "unsafe path printed"

# --- a batch on two workers: one bad file is reported, the others are written, exit 65 ---
mkdir "$tmp/batch"
printf '{"format": "assess-answers/1", ' > "$tmp/broken.json"
set +e
"$ASSESS" pack "$S/minato-docs.json" "$tmp/broken.json" "$S/light-survey.json" "$S/kumo-subcontract.json" \
    -o "$tmp/batch" -j 2 --date 2026-11-20 > "$tmp/batch.out" 2> "$tmp/batch.err"
rc=$?
set -e
[ "$rc" -eq 65 ] || fail "batch with a broken file: exit $rc, expected 65"
grep -q "broken.json" "$tmp/batch.err" || fail "broken file not named: $(cat "$tmp/batch.err")"
[ "$(find "$tmp/batch" -name '*.pdf' | wc -l)" -eq 3 ] || fail "batch did not write the 3 good packs"
grep -q $'\r' "$tmp/batch.err" && fail "progress line written although stderr is not a terminal"
for f in "$tmp/batch"/*.pdf; do
    pdftotext "$f" /dev/null 2> "$tmp/b.err"
    [ ! -s "$tmp/b.err" ] || fail "poppler warns on $f"
done

echo "pack_pdf: ok"
