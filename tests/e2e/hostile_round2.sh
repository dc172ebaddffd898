#!/usr/bin/env bash
# Hostile input, round two (issue 18, SPEC v2 §7): endless paging, terminal spoofing, a failed
# --force that lost the old pack, XML-invalid workbooks, names too long for a PDF, characters the
# font lacks, FIFOs and devices where files should be, world-readable exports. Each check would
# have failed on the code before the fix.
set -euo pipefail
tmp=$(mktemp -d)
cleanup() { umount "$tmp/full" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
S="$SRC/samples"
pass=0
fail() { echo "FAIL: $*"; exit 1; }
ok() { pass=$((pass + 1)); echo "ok   $*"; }
expect() { # expect STATUS CMD...: run (at most 60 s), keep stdout/stderr in $tmp/out, $tmp/err
  local want=$1; shift
  set +e; timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?; set -e
  [ "$got" != 124 ] || fail "$* did not finish in 60 s"
  [ "$got" = "$want" ] || { cat "$tmp/err"; fail "$* exited $got, expected $want"; }
}
# edit FILE OUT PYTHON-STATEMENTS: load answers FILE as d, run the statements, write OUT
edit() {
  "$PYTHON" - "$1" "$2" "$3" <<'PY'
import json, sys
src, dst, code = sys.argv[1:4]
d = json.load(open(src, encoding="utf-8"))
exec(code)
json.dump(d, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
PY
}
# leave_room DIR BYTES: fill the file system of DIR (a small tmpfs) until about BYTES are free
leave_room() {
  "$PYTHON" - "$1" "$2" <<'PY'
import os, sys
d, want = sys.argv[1], int(sys.argv[2])
st = os.statvfs(d)
free = st.f_bavail * st.f_frsize
if free > want:
    with open(os.path.join(d, ".filler"), "wb") as f:
        f.write(b"\0" * (free - want))
PY
}
has_byte() { "$PYTHON" -c "import sys; sys.exit(0 if bytes([int(sys.argv[2], 16)]) in open(sys.argv[1], 'rb').read() else 1)" "$1" "$2"; }

# 1. A long name made compare add pages for ever (a table header taller than a page). Now the
#    name is refused when the answers load (65, with the place), and a name at the limit gives
#    a PDF of a few pages, quickly.
for b in a b c; do
  edit "$S/procurement/bid-$b.json" "$tmp/long-$b.json" \
    "d['vendor']['name'] = '長い名前の株式会社' * 400; d['vendor'].pop('corporate_number', None)"
  edit "$S/procurement/bid-$b.json" "$tmp/limit-$b.json" \
    "d['vendor']['name'] = ('長い名前の株式会社$b' * 30)[:200]; d['vendor'].pop('corporate_number', None)"
done
mkdir "$tmp/c1" "$tmp/c2"
expect 65 "$ASSESS" compare "$tmp/long-a.json" "$tmp/long-b.json" "$tmp/long-c.json" -o "$tmp/c1"
grep -q 'long-a.json:1:[0-9]*: vendor.name: 長すぎます (3600 文字、上限 200 文字)' "$tmp/err" \
  || fail "long name: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/c1")" ] || fail "long name: compare left $(ls -A "$tmp/c1")"
expect 0 "$ASSESS" compare "$tmp/limit-a.json" "$tmp/limit-b.json" "$tmp/limit-c.json" -o "$tmp/c2" \
  --date 2026-11-20
pages=$(pdfinfo "$tmp/c2/compare.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -le 40 ] || fail "names at the limit: $pages pages"
ok "compare: a 3,600-character name refused (65, with the place); 200 characters: $pages pages"

# 2. Control characters in vendor text never reach the terminal raw: validate refuses them
#    with the place, and what is printed anyway (a file name, a register edited by hand) is
#    escaped, so no name can draw a fake 「判定: 承認」 line.
fake=$'Evil\e[2K\r判定: 承認\e[8m'
edit "$S/minato-docs.json" "$tmp/esc.json" "d['vendor']['name'] = '''$fake'''"
expect 65 "$ASSESS" validate "$tmp/esc.json"
grep -q 'esc.json:1:[0-9]*: vendor.name: 制御文字・改行文字 U+001B は使えません (5 文字目)' "$tmp/err" \
  || fail "ESC in a name: $(cat "$tmp/err")"
expect 65 "$ASSESS" score "$tmp/esc.json"
[ ! -s "$tmp/out" ] || fail "score printed a memo for refused answers"
cp "$S/minato-docs.json" "$tmp/$fake.json"
expect 0 "$ASSESS" validate "$tmp/$fake.json"
! has_byte "$tmp/out" 1b && ! has_byte "$tmp/out" 0d || fail "validate printed a file name raw"
grep -q 'Evil<U+001B>\[2K<U+000D>判定: 承認<U+001B>\[8m.json: 問題なし' "$tmp/out" || fail "escaped name: $(cat "$tmp/out")"
expect 0 "$ASSESS" register add "$S/minato-docs.json" --register "$tmp/reg.json" \
  --approver "副市長" --manager "情報政策課" --date 2026-11-20
# a register edited by hand: its JSON form changed and migrated back
"$ASSESS" register export --json --register "$tmp/reg.json" > "$tmp/reg-edit.json"
"$PYTHON" - "$tmp/reg-edit.json" "$fake" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["entries"][0]["vendor"] = sys.argv[2]
json.dump(r, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$ASSESS" register migrate "$tmp/reg-edit.json" -o "$tmp/reg.json" --force 2>/dev/null
id=$("$PYTHON" -c "import json,sys; print(json.load(open(sys.argv[1]))['entries'][0]['id'])" "$tmp/reg-edit.json")
for sub in list "show $id"; do
  expect 0 "$ASSESS" register $sub --register "$tmp/reg.json"
  ! has_byte "$tmp/out" 1b && ! has_byte "$tmp/out" 0d || fail "register $sub printed ESC or CR raw"
  grep -q 'Evil<U+001B>\[2K<U+000D>判定: 承認' "$tmp/out" || fail "register $sub: $(cat "$tmp/out")"
done
ok "ESC in a name refused by validate/score (65); file names and register list/show escaped"

# 3. A failed pack --force kept nothing of the old pair. On a small tmpfs where the new XLSX
#    fits and the PDF does not, the old pair stays byte for byte and no temporary is left.
mkdir "$tmp/full"
if ! mount -t tmpfs -o size=256k tmpfs "$tmp/full" 2>/dev/null; then
  echo "skip full-disk checks: cannot mount a small tmpfs here (needs root)"
else
  name="株式会社みなとクラウド_みなと文書管理クラウド"
  echo old-pdf >"$tmp/full/$name.pdf"; echo old-xlsx >"$tmp/full/$name.xlsx"
  leave_room "$tmp/full" 40000 # the new XLSX (~20 KB) fits, the PDF does not
  expect 74 "$ASSESS" pack "$S/minato-docs.json" -o "$tmp/full" --force --date 2026-11-20
  [ "$(cat "$tmp/full/$name.pdf")" = old-pdf ] && [ "$(cat "$tmp/full/$name.xlsx")" = old-xlsx ] \
    || fail "pack --force on a full disk changed the old pair: $(ls -la "$tmp/full")"
  [ "$(ls "$tmp/full" | wc -l)" = 2 ] && [ "$(ls -A "$tmp/full" | wc -l)" = 3 ] || fail "pack left $(ls -A "$tmp/full")"
  rm -f "$tmp/full"/* "$tmp/full/.filler"
  echo old >"$tmp/full/compare.pdf"; echo old >"$tmp/full/compare.xlsx"
  leave_room "$tmp/full" 30000
  expect 74 "$ASSESS" compare "$S/procurement/bid-a.json" "$S/procurement/bid-b.json" -o "$tmp/full" --force
  [ "$(cat "$tmp/full/compare.pdf")" = old ] && [ "$(cat "$tmp/full/compare.xlsx")" = old ] \
    || fail "compare --force on a full disk changed the old pair"
  [ "$(ls "$tmp/full" | wc -l)" = 2 ] && [ "$(ls -A "$tmp/full" | wc -l)" = 3 ] || fail "compare left $(ls -A "$tmp/full")"
  rm -f "$tmp/full"/* "$tmp/full/.filler"
  prev="$S/reaudit/2025.json"; cur="$S/reaudit/2026.json"
  if [ -f "$prev" ] && [ -f "$cur" ]; then
    mkdir "$tmp/ra"
    expect 0 "$ASSESS" reaudit "$prev" "$cur" -o "$tmp/ra"
    for f in "$tmp/ra"/*; do echo old >"$tmp/full/$(basename "$f")"; done
    leave_room "$tmp/full" 20000
    expect 74 "$ASSESS" reaudit "$prev" "$cur" -o "$tmp/full" --force
    for f in "$tmp/full"/*; do [ "$(cat "$f")" = old ] || fail "reaudit --force changed $f"; done
    [ "$(ls "$tmp/full" | wc -l)" = 2 ] && [ "$(ls -A "$tmp/full" | wc -l)" = 3 ] || fail "reaudit left $(ls -A "$tmp/full")"
    rm -f "$tmp/full"/* "$tmp/full/.filler"
  fi
  umount "$tmp/full"
  ok "pack, compare and reaudit --force on a full disk: 74, the old pair byte-identical, no temporary"
fi

# 7. Characters XML cannot carry: refused in answers (65, with the place); and a register
#    edited by hand still exports a workbook every XML reader accepts.
edit "$S/minato-docs.json" "$tmp/bs.json" "d['service']['name'] = 'back\bspace'"
expect 65 "$ASSESS" validate "$tmp/bs.json"
grep -q 'bs.json:1:[0-9]*: service.name: 制御文字・改行文字 U+0008' "$tmp/err" || fail "backspace: $(cat "$tmp/err")"
edit "$S/minato-docs.json" "$tmp/ffff.json" \
  "k = next(iter(d['answers'])); d['answers'][k]['comment'] = 'ok \uffff \ufffe'"
expect 65 "$ASSESS" validate "$tmp/ffff.json"
grep -q 'ffff.json:[0-9]*:[0-9]*: answers\..*\.comment: 非文字 U+FFFF は使えません (4 文字目)' "$tmp/err" \
  || fail "U+FFFF: $(cat "$tmp/err")"
"$ASSESS" register export --json --register "$tmp/reg.json" > "$tmp/reg-edit.json"
"$PYTHON" - "$tmp/reg-edit.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["entries"][0]["service"] = "back\bspace \uffff \ufffe"
json.dump(r, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$ASSESS" register migrate "$tmp/reg-edit.json" -o "$tmp/reg.json" --force 2>/dev/null
expect 0 "$ASSESS" register export --register "$tmp/reg.json" -o "$tmp/reg.xlsx"
"$PYTHON" - "$tmp/reg.xlsx" <<'PY' || fail "register export: a part is not XML"
import sys, zipfile, xml.dom.minidom
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if n.endswith(".xml") or n.endswith(".rels"):
            xml.dom.minidom.parseString(z.read(n))
import openpyxl
openpyxl.load_workbook(sys.argv[1])
PY
ok "backspace and U+FFFF refused (65, with the place); the export of a hand-edited register parses as XML"

# 8. A 65 KB name: refused with the place (65), never libharu's internal error (70).
edit "$S/minato-docs.json" "$tmp/65k.json" "d['vendor']['name'] = 'x' * 66000"
expect 65 "$ASSESS" validate "$tmp/65k.json"
grep -q '65k.json:1:[0-9]*: vendor.name: 長すぎます (66000 文字、上限 200 文字)' "$tmp/err" || fail "65 KB: $(cat "$tmp/err")"
mkdir "$tmp/p8"
expect 65 "$ASSESS" pack "$tmp/65k.json" -o "$tmp/p8"
edit "$S/minato-docs.json" "$tmp/longtext.json" \
  "k = next(iter(d['answers'])); d['answers'][k]['comment'] = '長' * 4001"
expect 65 "$ASSESS" validate "$tmp/longtext.json"
grep -q 'comment: 長すぎます (4001 文字、上限 4000 文字)' "$tmp/err" || fail "long comment: $(cat "$tmp/err")"
expect 65 "$ASSESS" pack "$S/minato-docs.json" -o "$tmp/p8" --approver "$(printf '承%.0s' $(seq 300))"
grep -q -- '--approver: 長すぎます (300 文字、上限 200 文字)' "$tmp/err" || fail "long --approver: $(cat "$tmp/err")"
ok "names over 200 and texts over 4,000 characters refused with the place (65), options too"

# 9. Characters the font lacks are named once each; variation selectors and ZWJ are dropped.
edit "$S/minato-docs.json" "$tmp/yoshi.json" \
  "d['vendor']['name'] = '𠮷野家クラウド 葛\U000E0100飾 ☃\uFE0F'; k = next(iter(d['answers'])); d['answers'][k]['comment'] = '𠮷𠮷 a\u200Db'"
mkdir "$tmp/p9"
expect 0 "$ASSESS" pack "$tmp/yoshi.json" -o "$tmp/p9" --date 2026-11-20
[ "$(grep -o 'U+20BB7' "$tmp/err" | wc -l)" = 1 ] || fail "𠮷 not named once: $(cat "$tmp/err")"
grep -q 'フォントにないため 〓 で表示しました: 𠮷 (U+20BB7)' "$tmp/err" || fail "missing glyphs: $(cat "$tmp/err")"
! grep -q 'U+E0100\|U+FE0F\|U+200D' "$tmp/err" || fail "an ignorable character was reported missing"
pdftotext "$tmp/p9"/*.pdf "$tmp/p9.txt"
grep -q '葛飾' "$tmp/p9.txt" || fail "the variation sequence is not drawn as its base character"
ok "𠮷 named once on stderr; 葛+IVS drawn as 葛, VS16 and ZWJ dropped"

# 11. One vendor spelled in NFC and in NFD (が as one character, or か + U+3099) is one output
#     name: the second file of the batch is refused instead of writing a second pair.
edit "$S/minato-docs.json" "$tmp/nfc.json" "d['vendor']['name'] = 'がくしゅうクラウド'"
edit "$S/minato-docs.json" "$tmp/nfd.json" "d['vendor']['name'] = '\u304b\u3099くしゅうクラウド'"
mkdir "$tmp/p11"
expect 73 "$ASSESS" pack "$tmp/nfc.json" "$tmp/nfd.json" -o "$tmp/p11" -j 1
grep -q 'nfd.json: 出力名 がくしゅうクラウド_みなと文書管理クラウド_[0-9-]* は' "$tmp/err" || fail "NFD: $(cat "$tmp/err")"
[ "$(ls "$tmp/p11" | wc -l)" = 3 ] || fail "NFC/NFD: $(ls "$tmp/p11")" # the pair and its manifest
ok "NFC and NFD spellings of one name make one pair; the second file is refused (73)"

# 12. --force never replaces a FIFO or a device node with a regular file (73).
mkdir "$tmp/p12"
name="株式会社みなとクラウド_みなと文書管理クラウド_2026-11-20"
mkfifo "$tmp/p12/$name.pdf"
expect 73 "$ASSESS" pack "$S/minato-docs.json" -o "$tmp/p12" --force --date 2026-11-20
grep -q 'is not a regular file\|通常のファイルではありません' "$tmp/err" || fail "FIFO target: $(cat "$tmp/err")"
[ -p "$tmp/p12/$name.pdf" ] && [ ! -e "$tmp/p12/$name.xlsx" ] || fail "FIFO target replaced or half a pack written"
if mknod "$tmp/p12/compare.pdf" c 1 3 2>/dev/null; then
  expect 73 "$ASSESS" compare "$S/procurement/bid-a.json" -o "$tmp/p12" --force
  [ -c "$tmp/p12/compare.pdf" ] && [ ! -e "$tmp/p12/compare.xlsx" ] || fail "device target replaced"
fi
ok "FIFO and device targets refused (73), left as they were, nothing else written"

# 13. A FIFO where a pack file should be: register add --pack and register verify do not hang.
mkdir "$tmp/p13"
expect 0 "$ASSESS" pack "$S/minato-docs.json" -o "$tmp/p13" --date 2026-11-20
mv "$tmp/p13/$name.pdf" "$tmp/p13/real.pdf"
mkfifo "$tmp/p13/$name.pdf"
expect 66 "$ASSESS" register add "$S/minato-docs.json" --register "$tmp/reg13.json" --pack "$tmp/p13" \
  --approver "副市長" --manager "情報政策課" --date 2026-11-20
grep -q 'not a regular file\|通常のファイルではありません' "$tmp/err" || fail "FIFO pack file: $(cat "$tmp/err")"
rm "$tmp/p13/$name.pdf"; mv "$tmp/p13/real.pdf" "$tmp/p13/$name.pdf"
expect 0 "$ASSESS" register add "$S/minato-docs.json" --register "$tmp/reg13.json" --pack "$tmp/p13" \
  --approver "副市長" --manager "情報政策課" --date 2026-11-20
mv "$tmp/p13/$name.pdf" "$tmp/p13/real.pdf"
mkfifo "$tmp/p13/$name.pdf"
expect 65 "$ASSESS" register verify --register "$tmp/reg13.json"
grep -q "$name.pdf" "$tmp/out" || fail "verify: $(cat "$tmp/out")"
ok "FIFO pack file: register add --pack (66) and register verify (65) answer at once"

# 14. One mode for every file that names people: the register PDF export is not world-readable.
expect 0 "$ASSESS" register export --register "$tmp/reg13.json" -o "$tmp/reg.pdf"
expect 0 "$ASSESS" register export --register "$tmp/reg13.json" -o "$tmp/reg2.xlsx"
for f in "$tmp/reg.pdf" "$tmp/reg2.xlsx" "$tmp/p13/$name.xlsx" "$tmp/c2/compare.pdf"; do
  [ "$(stat -c %a "$f")" = 640 ] || fail "$f has mode $(stat -c %a "$f")"
done
ok "register export PDF and XLSX, pack and compare files: mode 0640"

# Beyond the classes: names and texts given as options follow the answers' limits where they are
# parsed (a 70 KB --doc-number reached libharu, a 70 KB --reason the register), and the policy's
# names the name rule (ESC in the organisation reached the 起案 sheet).
long_name=$(printf '%0201d' 0)
long_text=$(printf '%04001d' 0)
expect 65 "$ASSESS" pack "$SRC/samples/minato-docs.json" -o "$tmp/opt" --doc-number "$long_name"
grep -q -- "--doc-number: 長すぎます (201 文字、上限 200 文字)" "$tmp/err" || fail "doc-number: $(cat "$tmp/err")"
[ ! -e "$tmp/opt" ] || [ -z "$(ls -A "$tmp/opt")" ] || fail "pack wrote files for a refused option"
expect 0 "$ASSESS" register add "$SRC/samples/outsourcing-payroll.json" --register "$tmp/reg-opt.json" \
  --approver a --manager b --date 2026-11-20
cp "$tmp/reg-opt.json" "$tmp/reg-opt.before"
expect 65 "$ASSESS" register revoke EXT-2026-0001 --reason "$long_text" --register "$tmp/reg-opt.json"
grep -q -- "--reason: 長すぎます (4001 文字、上限 4000 文字)" "$tmp/err" || fail "reason: $(cat "$tmp/err")"
cmp -s "$tmp/reg-opt.json" "$tmp/reg-opt.before" || fail "register changed by a refused revoke"
printf '{"format": "assess-policy/1", "organization": "市\\u001b[2J"}' > "$tmp/pol-esc.json"
expect 65 "$ASSESS" pack "$SRC/samples/minato-docs.json" -o "$tmp/opt2" --policy "$tmp/pol-esc.json"
grep -q "organization: 制御文字・改行文字 U+001B" "$tmp/err" || fail "policy organisation: $(cat "$tmp/err")"
ok "options and policy names: lengths and characters refused where they are read (65)"

. "$SRC/tests/e2e/lib/register.bash"
migrate_roundtrip "$tmp" || fail "migrate round trip"
echo "$pass passed, 0 failed"
