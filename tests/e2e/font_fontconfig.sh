#!/bin/bash
# font_fontconfig.sh - the font found through fontconfig when it is not where Debian installs it
# (report/font.c). fontconfig is not linked but opened on this path only (issue 23): the binary
# does not name it among its libraries, and with Debian's font folder hidden (a private mount
# namespace, an empty tmpfs over it) a fontconfig configuration that lists a folder holding
# IPAexGothic still gives a pack, the same PDF text as from the usual path.
# Skipped (77) where mount namespaces are not allowed or the font is not installed.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}"
FONT_DIR=/usr/share/fonts/opentype/ipaexfont-gothic
[ -r "$FONT_DIR/ipaexg.ttf" ] || { echo "skip: no $FONT_DIR/ipaexg.ttf"; exit 77; }
unshare -rm true 2>/dev/null || unshare -m true 2>/dev/null || { echo "skip: no mount namespace"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
readelf -d "$ASSESS" | grep NEEDED >"$T/needed"
grep -q 'libfontconfig' "$T/needed" && fail "the binary still links fontconfig"
mkdir "$T/fonts" "$T/a" "$T/b"
cp "$FONT_DIR/ipaexg.ttf" "$T/fonts/"
cat >"$T/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$T/fonts</dir><cachedir>$T/cache</cachedir></fontconfig>
CONF
"$ASSESS" pack "$SRC/samples/minato-docs.json" -o "$T/a" --date 2026-11-20 >/dev/null
# unshare -r where unprivileged user namespaces are allowed; plain -m as root
U=(unshare -rm)
unshare -rm true 2>/dev/null || U=(unshare -m)
"${U[@]}" env FONTCONFIG_FILE="$T/fonts.conf" bash -c '
    mount -t tmpfs none "$1" && [ ! -e "$1/ipaexg.ttf" ] || exit 90
    "$2" pack "$3" -o "$4" --date 2026-11-20' _ "$FONT_DIR" "$ASSESS" "$SRC/samples/minato-docs.json" "$T/b" \
    >"$T/out" 2>&1 || fail "pack with the font found by fontconfig: $(cat "$T/out")"
pdf_a=$(ls "$T"/a/*.pdf) pdf_b=$(ls "$T"/b/*.pdf)
pdftotext -layout "$pdf_a" "$T/a.txt"
pdftotext -layout "$pdf_b" "$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" || fail "the PDF's text differs with the font found by fontconfig"
pdffonts "$pdf_b" | grep -q IPAexGothic || fail "the PDF does not embed IPAexGothic: $(pdffonts "$pdf_b")"
echo "font_fontconfig: ok"
