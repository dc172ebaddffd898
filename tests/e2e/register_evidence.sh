#!/bin/bash
# register_evidence.sh - the evidence behind each decision is kept (SPEC §8.4, issue 26):
#   - renew warns when the answers carry an expired certificate, and says what became of the
#     conditions waived last time (they used to come back open without a word);
#   - register evidence records a renewed certificate without a new assessment, and the entry is
#     no longer 期限切れ from that day (marking a condition met never cleared it);
#   - the answers are kept in the register: form --from ID --register R, reaudit ID NEW
#     --register R and register forms --due work from the register alone (the auditor had only
#     the SHA-256).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
S=$SRC/samples
# this story decides in earlier years than the samples were answered (early FILE DATE)
. "$SRC/tests/e2e/lib/samples.bash"
B=$(early "$S/procurement/bid-b.json" 2025-11-01)
fail() { echo "FAIL: $*" >&2; exit 1; }
on() { local day=$1; shift; SOURCE_DATE_EPOCH=$(date -u -d "$day" +%s) "$@"; }
# REGISTER_STORE=pg (e2e.register_evidence_pg, under tests/e2e/lib/with_pg.sh): each register a database of the
# test's throwaway PostgreSQL server instead of a file.
pg() { [ "${REGISTER_STORE:-sqlite}" = pg ]; }
# reg register_evidence: where register register_evidence is kept
reg() { if pg; then createdb "$1" && echo "postgresql:///$1?host=$PGHOST"; else echo "$T/$1.sqlite"; fi; }
# sql NAME SQLITE_QUERY PG_QUERY: one value from register NAME's tables
sql() { if pg; then psql -X -At -d "$1" -c "$3"; else sqlite3 "$T/$1.sqlite" "$2"; fi; }
export ASSESS_REGISTER=$(reg r) USER=officer1
SR=$(reg s)
state() { on 2026-12-07 "$ASSESS" register list --json --as-of "$1" | "$PYTHON" -c \
    "import json,sys; print([e['state'] for e in json.load(sys.stdin)['entries'] if e['id'] == sys.argv[1]][0])" "$2"; }

# --- a waived condition, then a renewal that brings it back ---
id=$(on 2025-11-20 "$ASSESS" register add "$B" --approver a --manager b --date 2025-11-20)
on 2025-12-01 "$ASSESS" register condition "$id" 2 --waived --evidence "課長判断" --date 2025-12-01 2>/dev/null
on 2026-11-20 "$ASSESS" register renew "$id" "$B" --approver "副市長" --date 2026-11-20 --lang en >/dev/null 2>err
grep -q "waived on 2025-12-01 last time, condition 2 .* is condition 2 again, open" err \
    || fail "renew does not say what became of the waived condition: $(cat err)"

# --- renewed on answers whose certificate expired: a warning, and 期限切れ until evidence ---
xid=$(on 2025-11-20 "$ASSESS" register add "$S/reaudit/2025.json" --approver a --manager b --date 2025-11-20)
on 2026-11-10 "$ASSESS" register renew "$xid" "$S/reaudit/2026.json" --approver "副市長" --date 2026-11-10 --lang en \
    >/dev/null 2>err
grep -q "note: the certificate in the answers of $xid expired on 2026-09-30" err || fail "no warning: $(cat err)"
[ "$(state 2026-11-15 "$xid")" = expired ] || fail "renewed on expired evidence: not expired"
on 2026-11-20 "$ASSESS" register condition "$xid" 1 --met --evidence "報告書" --date 2026-11-20 2>/dev/null
[ "$(state 2026-11-21 "$xid")" = expired ] || fail "a condition met is not a certificate"
echo "ISMAP certificate" > cert.pdf
on 2026-11-25 "$ASSESS" register evidence "$xid" --scheme ISMAP --number C-2026-0042 --expiry 2027-09-30 \
    --file cert.pdf --date 2026-11-25 2>/dev/null || fail "register evidence"
[ "$(state 2026-11-24 "$xid")" = expired ] || fail "evidence changed the past"
[ "$(state 2026-11-26 "$xid")" = active ] || fail "the renewed certificate does not clear 期限切れ"
"$ASSESS" register export --json | "$PYTHON" -c '
import json, sys, hashlib
e = [x for x in json.load(sys.stdin)["entries"] if x["id"] == sys.argv[1]][0]
v = e["evidence"][0]
assert (v["scheme"], v["number"], v["expiry"]) == ("ISMAP", "C-2026-0042", "2027-09-30"), v
assert v["file_sha256"] == hashlib.sha256(open("cert.pdf", "rb").read()).hexdigest(), v
assert e["evidence_expiry"] == "2027-09-30", e' "$xid" || fail "evidence record"
[ "$(sql r "SELECT count(*) FROM blobs WHERE kind = 'evidence'" "SELECT count(*) FROM blobs WHERE kind = 'evidence'")" = 1 ] || fail "certificate file not kept"
on 2026-12-07 "$ASSESS" register evidence "$xid" --scheme ISMAP --expiry 2026-01-01 2>/dev/null \
    && fail "an expired certificate recorded"
on 2026-12-07 "$ASSESS" register evidence "$xid" --expiry 2027-01-01 2>/dev/null && fail "evidence without --scheme"
echo "renewals and certificates: ok"

# --- the auditor works from the register alone ---
cp "$S/reaudit/2026.json" gone.json
cp "$S/reaudit/2026.review.json" gone.review.json   # the same bytes: the sample's review binds them
sid=$(on 2026-11-20 "$ASSESS" register add gone.json --approver a --manager b --date 2026-11-20 --register "$SR")
rm gone.json gone.review.json   # the answers file is gone; the register kept it
on 2026-12-07 "$ASSESS" form --from "$sid" --register "$SR" -o form.xlsx || fail "form --from ID --register"
"$PYTHON" - form.xlsx "$S/reaudit/2026.json" <<'PY'
import json, sys, openpyxl
ans = json.load(open(sys.argv[2]))
wb = openpyxl.load_workbook(sys.argv[1])
text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
assert ans["service"]["name"] in text, "the form is not filled with the kept answers"
PY
on 2026-12-07 "$ASSESS" reaudit "$sid" "$S/reaudit/2026.json" --register "$SR" --json --date 2026-12-01 \
    | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); assert d["verdict_before"] == "conditional", d["verdict_before"]' \
    || fail "reaudit ID NEW --register: last year judged without the review kept with its answers"
on 2026-12-07 "$ASSESS" form --from EXT-2026-0099 --register "$SR" -o x.xlsx 2>err && fail "unknown id"
grep -q "EXT-2026-0099" err || fail "unknown id not named: $(cat err)"
[ "$(sql s "SELECT count(*) FROM blobs b JOIN entries e ON json_extract(e.doc, '$.answers_sha256') = b.sha256" \
          "SELECT count(*) FROM blobs b JOIN entries e ON e.doc::json->>'answers_sha256' = b.sha256")" = 1 ] \
    || fail "answers not kept by their SHA-256"
# every entry due gets its prefilled form, named after it, all written together
on 2026-12-07 "$ASSESS" register forms --due --within 400 --as-of 2026-12-07 -o forms 2>forms.err || fail "register forms --due: $(cat forms.err)"
[ "$(ls forms | sort | tr '\n' ' ')" = "${id}_株式会社つばさソリューションズ_つばさ_e-申請.xlsx ${xid}_株式会社あおばシステム_あおば自治体クラウド.xlsx " ] \
    || fail "forms: $(ls forms)"
on 2026-12-07 "$ASSESS" register forms --due --within 400 -o forms 2>/dev/null && fail "forms over existing files without --force"
on 2026-12-07 "$ASSESS" register forms --within 400 -o forms2 2>/dev/null && fail "forms without --due"
[ ! -e forms2 ] || fail "forms2 made by a refused command"
if ! pg; then   # (register_pg.sh moves registers into PostgreSQL)
    . "$SRC/tests/e2e/lib/register.bash"
    migrate_roundtrip "$T" || fail "migrate round trip"
fi
echo "register evidence: ok"
