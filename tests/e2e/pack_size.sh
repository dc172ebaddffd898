#!/bin/bash
# pack_size.sh - SPEC §6a (v2): every sample's PDF pack is at most 10 KB + 4 KB a page + 150 bytes
# a distinct character; its font is a subset whose CIDs are the characters used (a CIDToGIDMap of
# two bytes a glyph, a ToUnicode map of the same CIDs), read back by poppler, MuPDF and qpdf.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir "$tmp/out"
mapfile -t samples < <(grep -l '"format": "assess-answers/1"' $(find "$SRC/samples" -name '*.json' | sort))
[ "${#samples[@]}" -ge 5 ] || fail "samples not found"
i=0
for s in "${samples[@]}"; do  # one folder each: two re-audit samples share vendor and service
    i=$((i + 1))
    mkdir "$tmp/out/$i"
    "$ASSESS" pack "$s" -o "$tmp/out/$i" --date 2026-11-20 >> "$tmp/stdout" 2> "$tmp/stderr" \
        || fail "pack $s exited $?: $(cat "$tmp/stderr")"
done
n=0
while IFS= read -r pdf; do
    case "$pdf" in *.pdf) ;; *) continue ;; esac
    n=$((n + 1))
    qpdf --check "$pdf" > /dev/null || fail "qpdf: $pdf"
    mutool info "$pdf" > /dev/null 2>&1 || fail "mutool: $pdf"
    pdffonts "$pdf" | grep -Eq '^[A-Z]{6}\+IPAexGothic +CID TrueType +Identity-H +yes +yes +yes' \
        || fail "font not an embedded subset with ToUnicode: $pdf"
    pdftotext "$pdf" "$tmp/text" 2> "$tmp/err"
    grep -q "審査資料\|Assessment" "$tmp/text" || fail "no text: $pdf"
    [ ! -s "$tmp/err" ] || fail "poppler warnings on $pdf: $(head -3 "$tmp/err")"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    "$PYTHON" - "$pdf" "$pages" <<'PY' || fail "$pdf: see above"
import re, sys, zlib
path, pages = sys.argv[1], int(sys.argv[2])
b = open(path, "rb").read()
objs = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(?m)^(\d+) 0 obj(.*?)endobj", b, re.S)}
def stream(num):
    body = objs[num]
    ln = re.search(rb"/Length (\d+) 0 R", body)
    size = int(objs[int(ln.group(1))].strip())
    start = body.index(b"stream\r\n") + 8
    return zlib.decompress(body[start:start + size])
def ref(body, key):
    return int(re.search(rb"/" + key + rb" (\d+) 0 R", body).group(1))
cid = next(v for v in objs.values() if b"/CIDFontType2" in v)
tu = next(v for v in objs.values() if b"/Type0" in v)
cmap = stream(ref(tu, b"ToUnicode")).decode("ascii")
n = 0
for lo, hi, dst in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})> <([0-9A-F]{4})>", cmap):
    assert int(lo, 16) == n + 1, f"ToUnicode CIDs are not 1..n in order at {lo}"
    n = int(hi, 16)
gidmap = stream(ref(cid, b"CIDToGIDMap"))
assert len(gidmap) == 2 * (n + 1), f"CIDToGIDMap is {len(gidmap)} bytes for {n} CIDs"
gids = [gidmap[i] << 8 | gidmap[i + 1] for i in range(0, len(gidmap), 2)]
assert gids[0] == 0 and all(g > 0 for g in gids[1:]), "a CID without a glyph"
desc = next(v for v in objs.values() if b"/FontDescriptor" in v and b"/FontFile2" in v)
ttf = stream(ref(desc, b"FontFile2"))
tables = {ttf[12 + 16 * i:16 + 16 * i] for i in range(ttf[4] << 8 | ttf[5])}
assert b"glyf" in tables and b"cmap" not in tables, f"font tables {sorted(tables)}"
limit = 10240 + 4096 * pages + 150 * n
print(f"{path.rsplit('/', 1)[-1]}: {len(b)} bytes, {pages} pages, {n} characters, limit {limit}")
assert len(b) <= limit, f"{len(b)} bytes > {limit}"
PY
done < "$tmp/stdout"
[ "$n" -eq "${#samples[@]}" ] || fail "$n PDFs for ${#samples[@]} samples"
echo "ok: $n packs within the size of SPEC §6a"
