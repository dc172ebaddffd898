#!/usr/bin/env bash
# Hostile input, round three (issue 28): command-level checks. Each would have failed on the
# code before its fix (the note in each section says what happened then).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
# xl FILE OUT PYTHON-STATEMENTS: load workbook FILE as wb (openpyxl), run the statements, save OUT
xl() {
  "$PYTHON" - "$1" "$2" "$3" <<'PY'
import sys, openpyxl
src, dst, code = sys.argv[1:4]
wb = openpyxl.load_workbook(src)
meta, ans = wb["_meta"], wb["回答"]
def meta_set(key, value):
    for r in meta.iter_rows():
        if r[0].value == key:
            r[1].value = value
exec(code)
wb.save(dst)
PY
}

# 3. The vendor lowers the classification in the hidden _meta sheet (2/2/2 to 1/1/1): skyharbor
#    was imported at 1/1/1 and scored 条件付き承認 instead of 不承認. Now the visible locked
#    cells disagree with _meta and the import is refused (65) naming both cells.
"$ASSESS" form --from "$S/skyharbor-us.json" --due 2026-12-25 -o "$tmp/sky.xlsx"
expect 0 "$ASSESS" import "$tmp/sky.xlsx" -o "$tmp/sky.json"
ok "unchanged form imports"
xl "$tmp/sky.xlsx" "$tmp/meta111.xlsx" \
  'meta_set("confidentiality", 1); meta_set("integrity", 1); meta_set("availability", 1)'
expect 65 "$ASSESS" import "$tmp/meta111.xlsx" -o "$tmp/meta111.json"
grep -q '回答!F5: 格付け "機密性2・完全性2・可用性2" が _meta!B7:B9 の値 "機密性1・完全性1・可用性1" と一致しません' "$tmp/err" \
  || fail "meta classification: $(cat "$tmp/err")"
[ ! -e "$tmp/meta111.json" ] || fail "meta classification: answers written"
ok "classification lowered in _meta refused naming 回答!F5 and _meta!B7:B9"
# the same in the visible cell too: the line under the title still says 2/2/2
xl "$tmp/meta111.xlsx" "$tmp/both111.xlsx" 'ans["F5"] = "機密性1・完全性1・可用性1"'
expect 65 "$ASSESS" import "$tmp/both111.xlsx" -o "$tmp/both111.json"
grep -q '回答!A2: 質問票・版・格付け .* が _meta!B2, B3, B7:B9 の値' "$tmp/err" || fail "both: $(cat "$tmp/err")"
ok "classification lowered in _meta and F5 refused naming 回答!A2"
# the due date and the purpose
xl "$tmp/sky.xlsx" "$tmp/due.xlsx" 'meta_set("due", "2027-06-30")'
expect 65 "$ASSESS" import "$tmp/due.xlsx" -o "$tmp/due.json"
grep -q '回答!F6: 回答期限 "令和8年12月25日 (2026年)" が _meta!B6 の値 "令和9年6月30日 (2027年)" と一致しません' "$tmp/err" \
  || fail "due: $(cat "$tmp/err")"
xl "$tmp/sky.xlsx" "$tmp/purpose.xlsx" 'meta_set("purpose", "procurement")'
expect 65 "$ASSESS" import "$tmp/purpose.xlsx" -o "$tmp/purpose.json"
grep -q '回答!F4: assessment.purpose: 評価の目的は団体が指定した項目です (「調達 (入札比較)」、_meta!B5)' "$tmp/err" \
  || fail "purpose: $(cat "$tmp/err")"
ok "due date and purpose changed in _meta refused naming both cells"

# 4. Checklists: a second row for an item (the manager adds 「否 / 管理者権限の棚卸し未実施」
#    below the table) was ignored and the check recorded all 適; another phase's rows were
#    ignored; the same filled checklist recorded twice was stored twice. Each refused now (65),
#    the register unchanged.
R="$tmp/reg.sqlite"
id=$("$ASSESS" register add "$S/procurement/bid-b.json" --register "$R" --approver a --manager b --date 2026-11-20 2>/dev/null)
"$ASSESS" register check "$id" --register "$R" --phase operate -o "$tmp/op.xlsx"
"$PYTHON" - "$tmp" <<'PY'
import sys, openpyxl
d = sys.argv[1]
def load():
    wb = openpyxl.load_workbook(f"{d}/op.xlsx"); ws = wb["点検"]
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
    rows["点検日"][4].value = "2026-12-01"
    rows["点検者"][4].value = "情報政策課長 佐藤花子"
    for k in rows:
        if str(k).startswith("11-2(6)①"):
            rows[k][4].value = "適"
    return wb, ws
wb, ws = load(); wb.save(f"{d}/op-filled.xlsx")
wb, ws = load(); r = ws.max_row + 2
ws.cell(r, 1, "11-2(6)①エ"); ws.cell(r, 5, "否"); ws.cell(r, 6, "管理者権限の棚卸し未実施")
wb.save(f"{d}/op-second-row.xlsx")
wb, ws = load(); r = ws.max_row + 2
ws.cell(r, 5, "否"); ws.cell(r, 6, "管理者権限の棚卸し未実施")
wb.save(f"{d}/op-keyless.xlsx")
wb, ws = load(); r = ws.max_row + 2
ws.cell(r, 1, "11-2(7)①イ"); ws.cell(r, 5, "否")
wb.save(f"{d}/op-other-phase.xlsx")
PY
cp "$R" "$tmp/reg-before.json"
expect 65 "$ASSESS" register check "$id" --register "$R" --phase operate --record "$tmp/op-second-row.xlsx"
grep -q '点検!A[0-9]*: 11-2(6)①エ の行が 2 つあります ([0-9]* 行目と [0-9]* 行目)' "$tmp/err" || fail "second row: $(cat "$tmp/err")"
expect 65 "$ASSESS" register check "$id" --register "$R" --phase operate --record "$tmp/op-keyless.xlsx"
grep -q '点検!A[0-9]*: 確認結果 "否" の行に項目 (A 列) がありません' "$tmp/err" || fail "keyless: $(cat "$tmp/err")"
expect 65 "$ASSESS" register check "$id" --register "$R" --phase operate --record "$tmp/op-other-phase.xlsx"
grep -q '点検!A[0-9]*: 11-2(7)①イ は利用終了時点検の項目です' "$tmp/err" || grep -q '点検!A[0-9]*: 11-2(7)①イ は.*点検の項目です' "$tmp/err" \
  || fail "other phase: $(cat "$tmp/err")"
cmp -s "$R" "$tmp/reg-before.json" || fail "refused checklists changed the register"
ok "checklist: a second row, a result without an item, another phase's row refused naming the rows"
expect 0 "$ASSESS" register check "$id" --register "$R" --phase operate --record "$tmp/op-filled.xlsx"
cp "$R" "$tmp/reg-before.json"
expect 65 "$ASSESS" register check "$id" --register "$R" --phase operate --record "$tmp/op-filled.xlsx"
grep -q 'この点検表は記録済みです' "$tmp/err" || fail "twice: $(cat "$tmp/err")"
cmp -s "$R" "$tmp/reg-before.json" || fail "the second record changed the register"
ok "the same filled checklist recorded twice refused"

# 6. An output that is an input was replaced (import f.xlsx -o f.xlsx --force wrote JSON over
#    the form). Files are compared by device and inode, so a hard link or another spelling of
#    the path is caught too: refused (73), the input untouched.
mkdir "$tmp/same"
cp "$tmp/sky.xlsx" "$tmp/same/f.xlsx"; cp "$S/minato-docs.json" "$tmp/same/a.json"; ln "$tmp/same/a.json" "$tmp/same/link.json"
cp "$R" "$tmp/same/R.xlsx"
(cd "$tmp/same" && sha256sum f.xlsx a.json R.xlsx > ../sums)
expect 73 "$ASSESS" import "$tmp/same/f.xlsx" -o "$tmp/same/f.xlsx" --force
grep -q 'f.xlsx: 入力 .*f.xlsx と同じファイルです' "$tmp/err" || fail "import: $(cat "$tmp/err")"
expect 73 "$ASSESS" form --from "$tmp/same/a.json" -o "$tmp/same/a.json" --force
expect 73 "$ASSESS" form --from "$tmp/same/a.json" -o "$tmp/same/../same/link.json" --force
grep -q 'link.json: 入力 .*a.json と同じファイルです' "$tmp/err" || fail "form via a link: $(cat "$tmp/err")"
expect 73 "$ASSESS" register export -o "$tmp/same/R.xlsx" --register "$tmp/same/R.xlsx" --force
(cd "$tmp/same" && sha256sum -c --quiet ../sums) || fail "an input was changed"
ok "an output that is an input (also by a hard link) refused with 73, inputs untouched"

# 8. $USER was stored in the history without the name rule --by gets (a terminal escape, a
#    line break): refused now (65) before the register is touched; --by still overrides it.
U="$tmp/user.sqlite"
USER=$'officer\e[2J' expect 65 "$ASSESS" register add "$S/procurement/bid-b.json" --register "$U" --approver a --manager b --date 2026-11-20
grep -q '\$USER (--by の既定)' "$tmp/err" || fail "\$USER: $(cat "$tmp/err")"
[ ! -e "$U" ] || fail "\$USER: register written"
USER=$'officer\e[2J' expect 0 "$ASSESS" register add "$S/procurement/bid-b.json" --register "$U" --approver a --manager b --date 2026-11-20 --by 担当者
USER=$'officer\e[2J' expect 0 "$ASSESS" register list --register "$U"
ok "\$USER goes through the name rule of --by (read-only commands unaffected)"

# 9. The filled form itself is accepted where answers are: validate, score, pack and register
#    add read the XLSX in memory (they said 「UTF-8 として不正なバイト」); the register records
#    the form file's SHA-256.
"$ASSESS" form --from "$S/minato-docs.json" -o "$tmp/minato.xlsx"
expect 0 "$ASSESS" validate "$tmp/minato.xlsx"
grep -q '問題なし' "$tmp/out" || fail "validate form: $(cat "$tmp/out" "$tmp/err")"
score_json() { "$ASSESS" score --json --date 2026-11-20 "$1" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); d.pop("file",None); print(json.dumps(d, sort_keys=True, ensure_ascii=False))'; }
cp "$S/minato-docs.json" "$tmp/plain.json"   # without the review beside the sample: both wait for the same judgments
[ "$(score_json "$tmp/minato.xlsx")" = "$(score_json "$tmp/plain.json")" ] || fail "score of the form differs from the answers'"
# the officer's review binds the form by the workbook's own SHA-256 (the sample's judgments)
"$PYTHON" - "$S/minato-docs.review.json" "$tmp/minato.xlsx" "$tmp/minato.review.json" <<'PY'
import hashlib, json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["answers_sha256"] = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
json.dump(r, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
PY
mkdir "$tmp/packs"
expect 0 "$ASSESS" pack "$tmp/minato.xlsx" -o "$tmp/packs" --date 2026-11-20
[ "$(ls "$tmp/packs" | wc -l)" = 3 ] || fail "pack of the form: $(ls "$tmp/packs")" # the pair and its manifest
expect 0 "$ASSESS" register add "$tmp/minato.xlsx" --register "$tmp/r9.sqlite" --approver a --manager b --date 2026-11-20
want=$(sha256sum "$tmp/minato.xlsx" | cut -d' ' -f1)
got=$("$ASSESS" register export --json --register "$tmp/r9.sqlite" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["entries"][0]["answers_sha256"])')
[ "$got" = "$want" ] || fail "register: answers_sha256 $got is not the form's $want"
ok "validate, score, pack and register add take the filled form; the register records its hash"

echo "$pass checks passed"
