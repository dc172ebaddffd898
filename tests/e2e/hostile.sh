#!/usr/bin/env bash
# Hostile input and hostile places (SPEC §7, issue 9): oversized files, NaN, vendor names made to
# escape the output folder or fool a reader, symlinked folders and planted symlinks, and a full
# disk. Each gets a clear error and its exit status, and nothing half-written is left behind.
set -euo pipefail
tmp=$(mktemp -d)
cleanup() { umount "$tmp/full" 2>/dev/null || true; umount "$tmp/fullreg" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
S="$SRC/samples"
pass=0
fail() { echo "FAIL: $*"; exit 1; }
ok() { pass=$((pass + 1)); echo "ok   $*"; }
expect() { # expect STATUS CMD...: run, keep stderr in $tmp/err, check the exit status
  local want=$1; shift
  set +e; "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?; set -e
  [ "$got" = "$want" ] || { cat "$tmp/err"; fail "$* exited $got, expected $want"; }
}

# 1. A 20 MB answers file: refused by the size limit before it is parsed.
"$PYTHON" -c "import sys; sys.stdout.write('{\"format\": \"assess-answers/1\", \"pad\": \"' + 'x' * (20 << 20) + '\"}')" >"$tmp/huge.json"
expect 65 "$ASSESS" validate "$tmp/huge.json"
grep -q 'huge.json' "$tmp/err" && grep -q '16 MiB' "$tmp/err" || fail "no size-limit message: $(cat "$tmp/err")"
ok "20 MB file refused by the 16 MiB limit"

# 2. NaN and Infinity are not JSON numbers.
sed 's/99.95/NaN/' "$S/minato-docs.json" >"$tmp/nan.json"
expect 65 "$ASSESS" validate "$tmp/nan.json"
grep -q 'nan.json:[0-9]*:[0-9]*:' "$tmp/err" || fail "NaN: no position"
ok "NaN refused with a position"

# 3. Vendor and service names that try to leave the output folder or fool a reader.
mkdir "$tmp/out1"
make_named() { # make_named FILE VENDOR SERVICE
  "$PYTHON" - "$S/minato-docs.json" "$1" "$2" "$3" <<'PY'
import json, sys
src, dst, vendor, service = sys.argv[1:5]
d = json.load(open(src, encoding="utf-8"))
d["vendor"]["name"], d["service"]["name"] = vendor, service
del d["vendor"]["corporate_number"]
json.dump(d, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
PY
}
make_named "$tmp/a.json" "../../etc/x" "/abs/path"
make_named "$tmp/b.json" $'ctrl\x01\x1b[31mred\x07' $'svc\nnewline\ttab'
make_named "$tmp/c.json" $'\u202eevil\u200fgpj.exe' "rtl"
make_named "$tmp/d.json" "$(printf '長%.0s' $(seq 200))" "long"
make_named "$tmp/e.json" $'rtl\u2066x\u00ad\u180e\U000E0041' $'CON'
# controls in a name are refused when the answers load (SPEC v2 §7), naming the field
expect 65 "$ASSESS" pack "$tmp/b.json" -o "$tmp/out1"
grep -q 'b.json:1:[0-9]*: vendor.name: ' "$tmp/err" || fail "controls: no place: $(cat "$tmp/err")"
expect 0 "$ASSESS" pack "$tmp/a.json" "$tmp/c.json" "$tmp/d.json" "$tmp/e.json" -o "$tmp/out1" -j 2
[ "$(find "$tmp" -name '*.pdf' -not -path "$tmp/out1/*" | wc -l)" = 0 ] || fail "a PDF escaped the output folder"
[ "$(ls "$tmp/out1" | wc -l)" = 12 ] || fail "expected 12 outputs (4 pairs and their manifests), got $(ls "$tmp/out1")"
"$PYTHON" - "$tmp/out1" <<'PY' || fail "unsafe output names"
import os, sys, unicodedata
for name in os.listdir(sys.argv[1]):
    assert "/" not in name and not name.startswith("."), name
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") for c in name), repr(name)
    assert "\u180e" not in name and unicodedata.is_normalized("NFC", name), repr(name)
    stem = name.split(".")[0].upper()
    assert stem not in ("CON", "PRN", "AUX", "NUL") and not (stem[:3] in ("COM", "LPT") and len(stem) == 4), name
    assert len(name.encode()) <= 255, len(name.encode())
PY
pdftotext "$tmp/out1"/*etc_x*.pdf "$tmp/x.txt"
grep -q '../../etc/x' "$tmp/x.txt" || fail "the vendor name is not printed as given"
ok "hostile names stay inside the folder, without controls or bidi marks, under 255 bytes"

# 4. An output folder that is a symlink is followed; a symlink planted at an output name is not.
mkdir "$tmp/real"
ln -s "$tmp/real" "$tmp/link"
expect 0 "$ASSESS" pack "$S/minato-docs.json" -o "$tmp/link"
[ "$(ls "$tmp/real" | wc -l)" = 3 ] || fail "symlinked folder: outputs missing"
mkdir "$tmp/out2"
name=$(basename "$(ls "$tmp/real"/*.pdf)")
ln -s "$tmp/victim" "$tmp/out2/$name"
expect 73 "$ASSESS" pack "$S/minato-docs.json" -o "$tmp/out2" --force
[ ! -e "$tmp/victim" ] || fail "wrote through a planted symlink"
ok "symlinked output folder used; planted symlink refused (73), nothing written through it"

# 5. A full disk: pack, register and import report the write error (74), remove their temporary
#    files, rename nothing into place, and leave an existing register intact.
mkdir "$tmp/full"
if ! mount -t tmpfs -o size=96k tmpfs "$tmp/full" 2>/dev/null; then
  echo "skip full-disk checks: cannot mount a small tmpfs here (needs root)"
else
  expect 74 "$ASSESS" pack "$S/minato-docs.json" -o "$tmp/full"
  [ -z "$(ls -A "$tmp/full")" ] || fail "full disk: pack left $(ls -A "$tmp/full")"
  ok "pack on a full disk: exit 74, nothing left"
  # the register (an SQLite file and its journal) on a disk of its own, filled after the first add
  mkdir "$tmp/fullreg"
  mount -t tmpfs -o size=256k tmpfs "$tmp/fullreg"
  expect 0 "$ASSESS" register add "$S/minato-docs.json" --register "$tmp/fullreg/reg.sqlite" \
    --approver "副市長" --manager "情報政策課" --date 2026-11-20
  head -c 1000000 /dev/zero >"$tmp/fullreg/filler" 2>/dev/null || true
  # adds until the disk is full (SQLite reuses free space in its pages, so not the first one)
  added=1; got=0
  for i in $(seq 1 60); do
    "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); d['service']['name'] += (' %s' % sys.argv[2]) * 40; json.dump(d, open(sys.argv[3], 'w'), ensure_ascii=False)" \
      "$S/minato-docs.json" "$i" "$tmp/v.json"
    "$PYTHON" "$SRC/tests/e2e/make_review.py" "$tmp/v.json"   # its own review: not pending
    cp "$tmp/fullreg/reg.sqlite" "$tmp/reg.before"
    set +e
    "$ASSESS" register add "$tmp/v.json" --register "$tmp/fullreg/reg.sqlite" \
      --approver "副市長" --manager "情報政策課" --date 2026-11-21 >/dev/null 2>"$tmp/err"
    got=$?
    set -e
    [ "$got" = 0 ] || break
    added=$((added + 1))
  done
  [ "$got" = 74 ] || fail "full disk: register add exited $got, expected 74: $(cat "$tmp/err")"
  cmp -s "$tmp/fullreg/reg.sqlite" "$tmp/reg.before" || fail "full disk: register changed"
  [ "$(ls -A "$tmp/fullreg" | grep -v -e '^reg.sqlite$' -e '^filler$' -e '^reg.sqlite-journal$' | wc -l)" = 0 ] \
    || fail "full disk: left $(ls -A "$tmp/fullreg")"
  rm "$tmp/fullreg/filler"
  [ "$("$ASSESS" register list --register "$tmp/fullreg/reg.sqlite" --json | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')" = "$added" ] \
    || fail "full disk: the register does not hold the $added adds that succeeded"
  umount "$tmp/fullreg"
  ok "register add on a full disk: exit 74, register byte-identical, no temporary file"
  "$ASSESS" form cloud -o "$tmp/form.xlsx" >/dev/null 2>&1
  "$PYTHON" "$SRC/tests/e2e/fill_form.py" "$tmp/form.xlsx" "$S/minato-docs.json" "$tmp/filled.xlsx" >/dev/null
  head -c 200000 /dev/zero >"$tmp/full/filler" 2>/dev/null || true
  expect 74 "$ASSESS" import "$tmp/filled.xlsx" -o "$tmp/full/answers.json"
  [ ! -e "$tmp/full/answers.json" ] || fail "full disk: partial answers.json"
  ok "import on a full disk: exit 74, no answers file"
fi
echo "$pass passed, 0 failed"
