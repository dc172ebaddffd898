#!/bin/bash
# register_export_pdf.sh - the register export as PDF: A4 landscape, as its help says, every
# entry kept on one page (layout records), --font honoured (a missing font file is 66).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"
S="$SRC/samples"
i=0
for f in minato-docs light-survey outsourcing-payroll reaudit/2026 procurement/bid-a procurement/bid-b; do
    i=$((i + 1))
    "$ASSESS" register add "$S/$f.json" --register 台帳.sqlite --approver "副市長 山田 太郎" \
        --manager "情報政策課 佐藤 花子" --date "2026-11-$((10 + i))" > /dev/null 2>&1 || true
done
n=$("$ASSESS" register export --json --register 台帳.sqlite | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')
[ "$n" -ge 4 ] || fail "only $n entries registered"
font=$(fc-match -f '%{file}' IPAexGothic)
ASSESS_LAYOUT_LOG="$tmp/layout.log" "$ASSESS" register export --register 台帳.sqlite -o 台帳.pdf --font "$font" \
    > /dev/null || fail "export failed"
pdfinfo 台帳.pdf > info.txt; grep -Eq "Page size: +841.89 x 595.2" info.txt || fail "not A4 landscape: $(grep Page info.txt)"
pdftotext 台帳.pdf t.txt; grep -q "承認済み外部サービス台帳" t.txt || fail "no title"
"$PYTHON" - "$tmp/layout.log" <<'PY'
import re, sys
recs = [l.split() for l in open(sys.argv[1], encoding="utf-8") if l.startswith("block ")]
assert len(recs) >= 4, recs
for r in recs:
    m = re.search(r"from=(\d+) to=(\d+)", " ".join(r))
    assert m.group(1) == m.group(2), f"an entry runs over pages: {r}"
PY
set +e
"$ASSESS" register export --register 台帳.sqlite -o x.pdf --font "$tmp/none.ttf" > /dev/null 2>&1
st=$?
set -e
[ "$st" = 66 ] || fail "missing --font file: exit $st, expected 66"
[ ! -e x.pdf ] || fail "PDF written without its font"
. "$SRC/tests/e2e/lib/register.bash"
migrate_roundtrip "$tmp" || fail "migrate round trip"
echo "register_export_pdf: ok ($n entries)"
