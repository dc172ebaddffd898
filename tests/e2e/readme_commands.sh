#!/bin/bash
# readme_commands.sh - every command block of README.md runs as written, as a new user would run
# it: the ```sh blocks are taken from README.md itself, in order, and run in one fresh folder
# with `assess` on PATH and the project's samples/ beside it. The only file a user brings is the
# form the vendor returned (回答済み様式.xlsx): made here by filling the blank form of the block
# before it with a sample's answers, as a vendor would. The set-up blocks (.ci/demo, .ci/test:
# apt-get and a whole build) are CI's own and are not run here; every other line is.
# Each command must exit 0 and what the README says it makes must be there afterwards.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir "$tmp/bin" "$tmp/work"
ln -s "$ASSESS" "$tmp/bin/assess"
ln -s "$SRC/samples" "$tmp/work/samples"
export PATH="$tmp/bin:$PATH"

# the ```sh blocks of README.md, one file each
"$PYTHON" - "$SRC/README.md" "$tmp" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)
n = 0
for b in blocks:
    if re.search(r"^bash \.ci/", b, re.M):
        assert all(l.startswith("bash .ci/") or not l.strip() for l in b.splitlines()), b
        continue  # CI's own set-up blocks
    n += 1
    open(f"{sys.argv[2]}/block{n}.sh", "w", encoding="utf-8").write(b)
print(n, file=sys.stderr)
EOF
nblocks=$(ls "$tmp"/block*.sh | wc -l)
[ "$nblocks" -ge 3 ] || fail "only $nblocks command blocks found in README.md"

cd "$tmp/work"
for i in $(seq 1 "$nblocks"); do
    block="$tmp/block$i.sh"
    if grep -q "回答済み様式.xlsx" "$block"; then
        # the vendor's part: the blank form of this block, filled in
        assess form cloud -o "$tmp/blank.xlsx" >/dev/null
        "$PYTHON" "$SRC/tests/e2e/fill_form.py" "$tmp/blank.xlsx" "$SRC/samples/minato-docs.json" \
            回答済み様式.xlsx --bank "$SRC/questionnaires/cloud.json" >/dev/null \
            || fail "could not fill the vendor's form"
    fi
    if grep -q "^assess score answers.json" "$block" && [ -f answers.json ]; then
        # the officer's part: the judgments recorded beside the answers (SPEC v3 §8.1)
        "$PYTHON" "$SRC/tests/e2e/make_review.py" answers.json || fail "could not record the judgments"
    fi
    # run every command of the block as written (continuation lines joined by bash itself)
    if ! bash -e -o pipefail "$block" > "$tmp/out$i" 2> "$tmp/err$i"; then
        fail "README block $i failed:
$(cat "$block")
--- stderr:
$(cat "$tmp/err$i")"
    fi
done

# what the README says the commands make
[ -f 様式.xlsx ] || fail "様式.xlsx not made"
[ -f answers.json ] || fail "answers.json not made"
ls 決裁/*.pdf 決裁/*.xlsx >/dev/null 2>&1 || fail "決裁/ has no pack"
[ -f 台帳.sqlite ] || fail "台帳.sqlite not made"
"$ASSESS" register export --json --register 台帳.sqlite | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); e=d["entries"][0]; assert e["pack"], e' \
    || fail "register entry without the pack's hashes"
[ -f 比較/compare.pdf ] && [ -f 比較/compare.xlsx ] || fail "比較/ has no comparison"
grep -q "再監査メモ" "$tmp"/out* || fail "the re-audit memo was not printed"
. "$SRC/tests/e2e/lib/register.bash"
migrate_roundtrip "$tmp" || fail "migrate round trip"
echo "readme_commands: ok ($nblocks blocks)"
