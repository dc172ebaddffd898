#!/bin/bash
# Registers that must stay loadable and shared (SPEC v2 §7, hostile-input classes 4 and 5):
# an add that would write a register that does not load again (a decision date in 9999, whose
# next review would be 0000-00-00, now refused by scoring) is refused and the register is
# unchanged; a JSON register (even one past the old 16 MiB limit) is refused by every verb with the
# way to migrate it, and migrates whole; every change keeps the register's group and mode, and its
# journal gets the register's group — tried by two users of one group; an old register whose
# conditions are plain strings still loads and is written back as condition records.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
T=$(mktemp -d)
S=$SRC/samples
cleanup() {
    rm -rf "$T"
    if [ -n "${G:-}" ]; then
        userdel "${G}a" 2>/dev/null || true
        userdel "${G}b" 2>/dev/null || true
        groupdel "${G}a" 2>/dev/null || true
        groupdel "${G}b" 2>/dev/null || true
        groupdel "$G" 2>/dev/null || true
    fi
}
trap cleanup EXIT
cd "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() {
    local want=$1; shift
    set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "$* exited $got, expected $want"; }
}

# --- class 4: an add that would not load again is refused, the register unchanged ---
# The samples as answered on 2026-05-01: this test decides from 2026-06-01 on, and the register
# refuses a decision before the answers' date.
for f in minato-docs procurement/bid-b; do
    sed -E 's/"date": "2026-[0-9]{2}-[0-9]{2}"/"date": "2026-05-01"/' "$S/$f.json" > "$T/$(basename "$f").json"
done
"${PYTHON:-/usr/bin/python3}" "$SRC/tests/e2e/make_review.py" "$T/minato-docs.json" "$T/bid-b.json" # the copies need their own reviews
R=$T/r.sqlite
"$ASSESS" register add "$T/minato-docs.json" --register "$R" --approver a --manager b --date 2026-06-01 >/dev/null
cp "$R" before.json
expect_status 65 "$ASSESS" register add "$T/bid-b.json" --register "$R" --approver a --manager b --date 9999-06-01
grep -Eq -- "--date: 9999-06-01 は今日 \(.*\) から 1 年より先の日付です|9999-12-31 を超えます" err || fail "9999: $(cat err)"
cmp -s before.json "$R" || fail "register changed by the 9999 add"
"$ASSESS" register list --register "$R" >/dev/null || fail "register does not load"
# --- a JSON register (assess-register/1) is moved to SQLite by register migrate; other verbs say so ---
"$ASSESS" register export --json --register "$R" > r.json
# a register past the old 16 MiB input limit: migrated whole, and it takes another add
"$PYTHON" - r.json big.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["entries"][0]["revoke_reason"] = "x" * (17 * 1024 * 1024)
open(sys.argv[2], "w").write(json.dumps(d, ensure_ascii=False, indent="\t") + "\n")
PY
expect_status 65 "$ASSESS" register list --register big.json
grep -q "register migrate" err || fail "a JSON register does not say how to migrate: $(cat err)"
"$ASSESS" register migrate big.json -o big.sqlite 2>/dev/null || fail "migrate"
"$ASSESS" register add "$T/bid-b.json" --register big.sqlite --approver a --manager b \
    --date 2026-06-02 >/dev/null || fail "an add to a register past 16 MiB"
[ "$("$ASSESS" register export --json --register big.sqlite | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')" = 2 ] \
    || fail "big register after the add"

# --- migration: plain string conditions load and are written back as records ---
"$PYTHON" - r.json old.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d["entries"][0]
e["conditions"] = ["四半期ごとの稼働報告", "再委託先の変更は事前承認"]
for k in ("next_check", "checks", "ended_on"):
    e.pop(k)
for rn in e["renewals"]:
    rn.pop("approver", None)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
PY
id=$("$PYTHON" -c "import json; print(json.load(open('old.json'))['entries'][0]['id'])")
"$ASSESS" register migrate old.json -o old.sqlite 2>/dev/null || fail "migrate old.json"
"$ASSESS" register show "$id" --register old.sqlite | grep -q "四半期ごとの稼働報告" || fail "old register shows its conditions"
"$ASSESS" register condition "$id" 2 --met --evidence "契約第12条" --register old.sqlite --date 2026-07-01 2>/dev/null
"$PYTHON" - <("$ASSESS" register export --json --register old.sqlite) <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["entries"][0]["conditions"]
assert c[0] == {"n": 1, "text": "四半期ごとの稼働報告", "clause": None, "due": None, "status": "open",
                "evidence": None, "on": None, "by": None}, c[0]
assert c[1]["status"] == "met" and c[1]["evidence"] == "契約第12条" and c[1]["on"] == "2026-07-01", c[1]
PY

. "$SRC/tests/e2e/lib/register.bash"
migrate_roundtrip "$T" || fail "migrate round trip"

# --- class 5: group and mode kept by every change; two users of one group ---
if [ "$(id -u)" != 0 ] || ! command -v groupadd >/dev/null || ! command -v runuser >/dev/null; then
    echo "SKIP: the two-user test needs root (groupadd, useradd, runuser); group and mode checked for one user only"
    chmod 0660 "$R"
    "$ASSESS" register revoke EXT-2026-0001 --reason x --register "$R" --date 2026-07-01 2>/dev/null
    [ "$(stat -c %a "$R")" = 660 ] || fail "mode not kept"
    echo "register shared: ok (single user)"
    exit 0
fi
G=asxr$$
groupadd "$G"
# each user has a primary group of their own: without the fix a write gives the file that group
groupadd "${G}a"; groupadd "${G}b"
useradd -M -N -g "${G}a" -G "$G" -s /usr/sbin/nologin "${G}a"
useradd -M -N -g "${G}b" -G "$G" -s /usr/sbin/nologin "${G}b"
D=$T/shared
mkdir "$D"; chgrp "$G" "$D"; chmod 0770 "$D"   # no setgid bit: the register's group must be kept by assess
chmod 0755 "$T"
for i in 1 2; do
    "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); d['service']['name'] += ' %s' % sys.argv[2]; json.dump(d, open(sys.argv[3], 'w'), ensure_ascii=False)" \
        "$T/minato-docs.json" "$i" "$D/m$i.json"
    "$PYTHON" "$SRC/tests/e2e/make_review.py" "$D/m$i.json" # other answers need their own review
done
chmod 0644 "$D"/m*.json
SR=$D/reg.sqlite
runuser -u "${G}a" -- "$ASSESS" register add "$D/m1.json" --register "$SR" --approver a --manager b \
    --date 2026-06-01 --mode 0660 >/dev/null
chgrp "$G" "$SR" "$SR-journal"; chmod 0660 "$SR-journal"   # the first user hands the register (and its journal) to the group
[ "$(stat -c '%G %a' "$SR")" = "$G 660" ] || fail "setup: $(stat -c '%G %a' "$SR")"
runuser -u "${G}b" -- "$ASSESS" register add "$D/m2.json" --register "$SR" --approver a --manager b \
    --date 2026-06-02 >/dev/null || fail "second user cannot add"
[ "$(stat -c '%G %a' "$SR")" = "$G 660" ] || fail "group or mode lost after the second user: $(stat -c '%G %a %U' "$SR")"
runuser -u "${G}a" -- "$ASSESS" register revoke EXT-2026-0001 --reason "契約終了" --register "$SR" \
    --date 2026-07-01 2>/dev/null || fail "first user cannot change the register after the second"
[ "$(stat -c '%G %a' "$SR")" = "$G 660" ] || fail "group or mode lost after the first user: $(stat -c '%G %a' "$SR")"
# a journal made afresh gets the register's group and mode
rm "$SR-journal"
runuser -u "${G}b" -- "$ASSESS" register revoke EXT-2026-0002 --reason "契約終了" --register "$SR" \
    --date 2026-07-01 2>/dev/null || fail "revoke by the second user"
[ "$(stat -c '%G %a' "$SR-journal")" = "$G 660" ] || fail "journal: $(stat -c '%G %a' "$SR-journal")"
[ "$(ls -A "$D" | grep -Ev '^m[12](\.review)?\.json$' | sort | tr '\n' ' ')" = "reg.sqlite reg.sqlite-journal " ] || fail "files left beside the register: $(ls -A "$D")"
runuser -u "${G}a" -- "$ASSESS" register list --register "$SR" >/dev/null || fail "first user cannot read"
echo "register shared: ok (two users of group $G)"
