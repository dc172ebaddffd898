#!/usr/bin/env bash
# Crash safety of pack: SIGKILL at random moments, many times. Whatever stands under a final name
# is a whole PDF (qpdf --check) or a whole XLSX (zip test and openpyxl); a killed run leaves no
# hidden temporary file (issue 28 class 7: they are unnamed, O_TMPFILE, until linked into place),
# and a later run with --force completes the batch.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rounds=${CRASH_ROUNDS:-25}
"$PYTHON" "$SRC/tests/bench/gen.py" "$SRC" "$tmp/in" 12
killed=0
for i in $(seq "$rounds"); do
  out="$tmp/out$i"; mkdir "$out"
  "$ASSESS" pack "$tmp"/in/*.json -o "$out" -j 2 --date 2026-11-20 >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$(( (RANDOM % 9) + 1 ))$(( RANDOM % 10 ))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  for f in "$out"/*.pdf; do
    [ -e "$f" ] || continue
    qpdf --check "$f" >/dev/null 2>&1 || { echo "FAIL: partial PDF under its final name: $f"; exit 1; }
  done
  "$PYTHON" - "$out" <<'PY' || { echo "FAIL: partial XLSX under its final name"; exit 1; }
import glob, sys, zipfile
import openpyxl
for f in glob.glob(sys.argv[1] + "/*.xlsx"):
    with zipfile.ZipFile(f) as z:
        assert z.testzip() is None, f
    openpyxl.load_workbook(f, read_only=True).close()
PY
done
# finish the last batch after a kill: every pack is made
last="$tmp/out$rounds"
"$ASSESS" pack "$tmp"/in/*.json -o "$last" -j 2 --date 2026-11-20 --force >/dev/null 2>&1
[ "$(ls "$last"/*.pdf | wc -l)" = 12 ] || { echo "FAIL: the rerun did not complete the batch"; exit 1; }
temps=$(find "$tmp" -name '.*' -type f | wc -l)
echo "$rounds rounds, $killed killed mid-run, $temps hidden temporary files left by killed runs"
[ "$temps" = 0 ] || { find "$tmp" -name '.*' -type f; echo "FAIL: killed runs left hidden temporary files"; exit 1; }
echo "$rounds passed, 0 failed"
