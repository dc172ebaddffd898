#!/bin/bash
# The register's whole life: add (with a pack whose hashes are recorded), list, show, due across
# month ends and leap years, refusal of rejected and incomplete results (register byte-identical),
# corrupt and foreign files (never overwritten), verify after a pack file changes, revoke, renew,
# expiry, exports read by openpyxl, LibreOffice and poppler.
# REGISTER_STORE=pg (e2e.register_lifecycle_pg, under tests/e2e/lib/with_pg.sh): the same on
# PostgreSQL, each register a database of the throwaway server (what only a file has - its mode,
# a symlink, a read-only copy - is checked on SQLite only).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T"
S=$SRC/samples
pg() { [ "${REGISTER_STORE:-sqlite}" = pg ]; }
# reg NAME: where register NAME is kept (a file here, or a new database of the test's server)
reg() { if pg; then createdb "$1" && echo "postgresql:///$1?host=$PGHOST"; else echo "$T/$1.sqlite"; fi; }
# snap R COPY / same R COPY: the register as it stands, compared later (the file's bytes on SQLite)
snap() { if pg; then "$ASSESS" register export --json --register "$1" > "$2"; else cp "$1" "$2"; fi; }
same() { if pg; then "$ASSESS" register export --json --register "$1" | cmp -s "$2" -; else cmp -s "$2" "$1"; fi; }
R=$(reg reg)
# The sample as answered early in 2024: the register refuses a decision before the answers' date,
# and this test decides in 2024 and 2026 (month ends, leap years).
M=$T/minato.json
sed 's/"date": "2026-11-20"/"date": "2024-01-10"/' "$S/minato-docs.json" > "$M"
"${PYTHON:-/usr/bin/python3}" "$SRC/tests/e2e/make_review.py" "$M" # the copy needs its own review
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() { # expect_status N cmd…
    local want=$1; shift
    set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "$* exited $got, expected $want"; }
}
# the register's JSON form, as register export --json prints it
json() { "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" <("$ASSESS" register export --json --register "$1") "$2"; }

export ASSESS_REGISTER=$R USER=officer1
export SOURCE_DATE_EPOCH=$(date -u -d 2026-12-07 +%s)   # "today" for the views without --as-of

# --- add with a pack: ids, hashes, mode 0640 ---
mkdir pack
if "$ASSESS" pack "$M" -o pack --date 2026-01-31 --approver "市長 山田太郎" \
        --manager "情報政策課長 佐藤花子" >/dev/null 2>&1; then
    echo "pack made by assess pack"
else
    # pack not available in this build: stand-in files with the same names
    n="株式会社みなとクラウド_みなと文書管理クラウド_2026-01-31"
    echo "%PDF stand-in" > "pack/$n.pdf"; echo "xlsx stand-in" > "pack/$n.xlsx"
fi
ls pack/*.pdf pack/*.xlsx >/dev/null
id1=$("$ASSESS" register add "$M" --approver "市長 山田太郎" \
      --manager "情報政策課長 佐藤花子" --pack pack --date 2026-01-31)
[ "$id1" = "EXT-2026-0001" ] || fail "first id $id1"
pg || [ "$(stat -c %a "$R")" = 640 ] || fail "register mode $(stat -c %a "$R")"
pdf=$(ls pack/*.pdf); sha=$(sha256sum "$pdf" | cut -d' ' -f1)
json "$R" "[p['sha256'] for p in d['entries'][0]['pack'] if p['file'].endswith('.pdf')][0]" > got
[ "$(cat got)" = "$sha" ] || fail "pack hash in register $(cat got) != $sha"
[ "$(json "$R" "d['entries'][0]['next_review']")" = 2027-01-31 ] || fail "next_review"
[ "$(json "$R" "d['history'][0]['user']")" = officer1 ] || fail "history user"
[ "$(json "$R" "d['entries'][0]['answers_sha256']")" = "$(sha256sum "$M" | cut -d' ' -f1)" ] \
    || fail "answers hash"

id2=$("$ASSESS" register add "$S/reaudit/2026.json" --approver "副市長 鈴木" --manager "課長 高橋" \
      --conditions "四半期ごとの稼働報告" --conditions "再委託先の変更は事前承認" --date 2026-11-20 --by auditor2)
[ "$id2" = "EXT-2026-0002" ] || fail "second id $id2"
# conditional: every major/minor finding plus the two given conditions
nfind=$("$ASSESS" score --json "$S/reaudit/2026.json" | "$PYTHON" -c \
    'import json,sys; print(sum(1 for f in json.load(sys.stdin)["findings"] if f["severity"] in ("major","minor")))')
[ "$(json "$R" "len(d['entries'][1]['conditions'])")" = $((nfind + 2)) ] || fail "conditions count"
[ "$(json "$R" "d['entries'][1]['conditions'][-1]['text']")" = "再委託先の変更は事前承認" ] || fail "user condition"
[ "$(json "$R" "d['entries'][1]['conditions'][-1]['due']")" = 2026-12-20 ] || fail "user condition due"
[ "$(json "$R" "d['history'][1]['user']")" = auditor2 ] || fail "--by"

# --- refusals leave the register byte-identical ---
snap "$R" before.json
expect_status 65 "$ASSESS" register add "$S/skyharbor-us.json" --approver a --manager b
grep -q "rejected" err || fail "refusal names the verdict"
expect_status 65 "$ASSESS" register add "$S/kumo-subcontract.json" --approver a --manager b
expect_status 65 "$ASSESS" register add "$S/incomplete-draft.json" --approver a --manager b
grep -q "incomplete" err || fail "refusal names incomplete"
same "$R" before.json || fail "register changed by a refused add"

# --- list (aligned by display width), show, --json ---
"$ASSESS" register list > list.txt
grep -q "EXT-2026-0001" list.txt && grep -q "あおば自治体クラウド" list.txt || fail "list"
"$PYTHON" - list.txt <<'EOF'
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[:3]
# the column "次回見直し" starts at the same display column on every row
cols = []
for l in lines:
    for key in ("次回見直し", "2027-"):
        if key in l:
            cols.append(w(l[:l.index(key)])); break
assert len(cols) == 3 and len(set(cols)) == 1, cols
EOF
"$ASSESS" register show "$id2" > show.txt
grep -q "課長 高橋" show.txt && grep -q "四半期ごとの稼働報告" show.txt || fail "show"
# 2026.json's certificate expired on 2026-09-30: that entry is 期限切れ from the start
"$ASSESS" register list --json --status active | "$PYTHON" -c \
    'import json,sys; d=json.load(sys.stdin); assert [e["id"] for e in d["entries"]] == ["EXT-2026-0001"], d'
"$ASSESS" register list --json --status expired | "$PYTHON" -c \
    'import json,sys; d=json.load(sys.stdin); assert [e["id"] for e in d["entries"]] == ["EXT-2026-0002"], d'

# --- due: month ends and leap years ---
# one service has one entry in use (a second add is refused): four services of one vendor
for i in 1 2 3 4; do
    "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); d['service']['name'] += ' 第%s系' % sys.argv[2]; json.dump(d, open(sys.argv[3], 'w'), ensure_ascii=False)" \
        "$M" "$i" "m$i.json"
    "$PYTHON" "$SRC/tests/e2e/make_review.py" "m$i.json" # other answers need their own review
done
L=$(reg leap)
"$ASSESS" register add m1.json --register "$L" --approver a --manager b --date 2024-02-29 >/dev/null
[ "$(json "$L" "d['entries'][0]['next_review']")" = 2025-02-28 ] || fail "2024-02-29 + 12 months"
printf '{"format": "assess-policy/1", "review_interval_months": 1}\n' > monthly.json
"$ASSESS" register add m2.json --register "$L" --policy monthly.json --approver a --manager b \
    --date 2026-01-31 >/dev/null
[ "$(json "$L" "d['entries'][1]['next_review']")" = 2026-02-28 ] || fail "2026-01-31 + 1 month"
"$ASSESS" register add m3.json --register "$L" --policy monthly.json --approver a --manager b \
    --date 2026-01-31 >/dev/null
SOURCE_DATE_EPOCH=$(date -u -d 2028-01-31 +%s) "$ASSESS" register add m4.json --register "$L" \
    --policy monthly.json --approver a --manager b --date 2028-01-31 >/dev/null
[ "$(json "$L" "d['entries'][3]['next_review']")" = 2028-02-29 ] || fail "2028-01-31 + 1 month"
[ "$(json "$L" "d['entries'][3]['id']")" = EXT-2028-0001 ] || fail "per-year sequence"
# expired is read on a date, never stored by a later command (the 2028 add changed no other entry)
state() { "$ASSESS" register list --json --register "$1" --as-of "$2" | "$PYTHON" -c \
    "import json,sys; print([e['state'] for e in json.load(sys.stdin)['entries'] if e['id'] == sys.argv[1]][0])" "$3"; }
[ "$(state "$L" 2025-02-28 EXT-2024-0001)" = active ] || fail "active on its review date"
[ "$(state "$L" 2025-03-01 EXT-2024-0001)" = expired ] || fail "expired the day after its review"
[ "$(json "$L" "d['entries'][0]['status']")" = active ] || fail "expiry stored by a later add"
[ "$(json "$L" "[h['action'] for h in d['history']].count('expire')")" = 0 ] || fail "expire history"
"$ASSESS" register due --register "$L" --as-of 2026-02-01 --within 27 --json > due.json
"$PYTHON" - due.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))["due"]
rev = [x for x in d if x["reason"] == "review"]
assert {x["next_review"] for x in rev} == {"2025-02-28", "2026-02-28"}, d
assert all(set(x) >= {"id", "service", "next_review", "reason"} for x in d)
EOF
"$ASSESS" register due --register "$L" --as-of 2026-02-01 --within 26 --json | "$PYTHON" -c \
    'import json,sys; d=json.load(sys.stdin)["due"]; assert "2026-02-28" not in [x["next_review"] for x in d if x["reason"]=="review"], d'
# evidence expiry: 2026.json has cert.expiry 2026-09-30, before its approval of 2026-11-20: due
# (overdue) from the approval on; before the approval the entry is not in the register at all
"$ASSESS" register due --as-of 2026-11-20 --within 30 --json | "$PYTHON" -c \
    'import json,sys; d=json.load(sys.stdin)["due"]; assert any(x["reason"]=="evidence_expiry" and x["id"]=="EXT-2026-0002" and x["days_left"] < 0 for x in d), d'
"$ASSESS" register due --as-of 2026-09-01 --within 30 --json | "$PYTHON" -c \
    'import json,sys; d=json.load(sys.stdin)["due"]; assert all(x["id"] != "EXT-2026-0002" for x in d), d'

# --- verify: hashes match, then a pack file is changed ---
expect_status 0 "$ASSESS" register verify
printf 'tampered' >> "$pdf"
expect_status 65 "$ASSESS" register verify
grep -q "$(basename "$pdf")" out || fail "verify names the changed file"
rm "$pdf"
expect_status 65 "$ASSESS" register verify

# --- corrupt and foreign files are never overwritten ---
for body in '{"format": "assess-register/1", "entries": [' '{"format": "assess-answers/1"}' 'garbage' \
            '{"format": "assess-register/1", "organization": "", "next_seq": {}, "entries": [], "history": [], "extra": 1}'; do
    printf '%s' "$body" > bad.json
    cp bad.json bad.orig
    expect_status 65 "$ASSESS" register add "$M" --register bad.json --approver a --manager b
    grep -Eq 'bad.json:[0-9]+:[0-9]+:' err || fail "no position for a bad register: $(cat err)"
    cmp -s bad.json bad.orig || fail "bad register overwritten"
    expect_status 65 "$ASSESS" register revoke EXT-2026-0001 --reason x --register bad.json
    cmp -s bad.json bad.orig || fail "bad register overwritten by revoke"
done

# --- symlink, read-only ---
if ! pg; then
    ln -s "$R" link.json
    expect_status 73 "$ASSESS" register revoke "$id1" --reason x --register link.json
    [ -L link.json ] || fail "symlink replaced"
    cp "$R" ro.json; chmod 0440 ro.json
    expect_status 73 "$ASSESS" register revoke "$id1" --reason x --register ro.json
    cmp -s ro.json "$R" || fail "read-only register changed"
fi

# --- revoke, renew ---
expect_status 64 "$ASSESS" register revoke "$id1"
"$ASSESS" register revoke "$id1" --reason "契約終了 (令和8年3月)" --date 2026-03-31
[ "$(json "$R" "d['entries'][0]['status']")" = revoked ] || fail "revoke"
[ "$(json "$R" "d['entries'][0]['revoked_on']")" = 2026-03-31 ] || fail "revoked_on"
expect_status 65 "$ASSESS" register revoke "$id1" --reason again
expect_status 65 "$ASSESS" register renew "$id1" "$M" --approver a
expect_status 65 "$ASSESS" register renew "$id2" "$M" --approver a   # another vendor
"$ASSESS" register renew "$id2" "$S/reaudit/2026.json" --approver "副市長 鈴木" --date 2027-11-10 >/dev/null
[ "$(json "$R" "d['entries'][1]['next_review']")" = 2028-11-10 ] || fail "renew moves next_review"
[ "$(json "$R" "d['entries'][1]['renewals'][0]['previous_next_review']")" = 2027-11-20 ] || fail "renewal record"
[ "$(json "$R" "[h['action'] for h in d['history']]")" = "['add', 'add', 'revoke', 'renew']" ] || fail "history $(json "$R" "[h['action'] for h in d['history']]")"
"$ASSESS" register list --status revoked | grep -q "$id1" || fail "list --status revoked"

# --- exports: XLSX (openpyxl, LibreOffice) and PDF (poppler) ---
# as of a date after the renewal of 2027-11-10
"$ASSESS" register export -o reg.xlsx --as-of 2027-12-01
expect_status 73 "$ASSESS" register export -o reg.xlsx --as-of 2027-12-01
"$ASSESS" register export -o reg.xlsx --force --as-of 2027-12-01
"$PYTHON" - reg.xlsx <<'EOF'
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
assert ws.title == "台帳", wb.sheetnames
assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
rows = list(ws.iter_rows(min_row=4, values_only=True))
ids = [r[0] for r in rows]
assert ids == ["EXT-2026-0001", "EXT-2026-0002"], ids
head = [c.value for c in ws[3]]
score = rows[1][head.index("点数")]
assert isinstance(score, (int, float)), score
nr = rows[1][head.index("次回見直し")]
assert isinstance(nr, datetime.datetime) and nr.date() == datetime.date(2028, 11, 10), nr
assert rows[0][head.index("状態")] == "取消"
assert "四半期ごとの稼働報告" not in (rows[1][head.index("承認の条件")] or "")  # renewal re-derived the conditions
assert "履歴" in wb.sheetnames and "承認資料" in wb.sheetnames
EOF
if command -v libreoffice >/dev/null; then
    timeout 120 libreoffice --headless --convert-to csv --outdir lo reg.xlsx >/dev/null 2>&1
    grep -q "EXT-2026-0002" lo/reg.csv || fail "LibreOffice does not read the export"
fi
"$ASSESS" register export -o reg.pdf --as-of 2027-12-01
pdftotext reg.pdf reg.txt
grep -q "承認済み外部サービス台帳" reg.txt && grep -q "EXT-2026-0002" reg.txt && grep -q "あおば自治体クラウド" reg.txt \
    || fail "PDF text"
pdffonts reg.pdf | grep -q "yes yes yes" || fail "PDF font not an embedded subset"
qpdf --check reg.pdf >/dev/null || fail "qpdf --check"
# the same register gives the same bytes
"$ASSESS" register export -o reg2.pdf --as-of 2027-12-01 && cmp -s reg.pdf reg2.pdf || fail "PDF export not reproducible"
"$ASSESS" register export -o reg2.xlsx --as-of 2027-12-01 && cmp -s reg.xlsx reg2.xlsx || fail "XLSX export not reproducible"
expect_status 64 "$ASSESS" register export -o reg.txt
if ! pg; then   # (register_pg.sh moves registers into PostgreSQL)
    . "$SRC/tests/e2e/lib/register.bash"
    migrate_roundtrip "$T" || fail "migrate round trip"
fi
echo "register lifecycle: ok"
