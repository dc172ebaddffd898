#!/bin/bash
# Registers that must stay loadable and shared (SPEC v2 §7, hostile-input classes 4 and 5):
# an add that would write a register that does not load again (a decision date in 9999, whose
# next review would be 0000-00-00, now refused by scoring; a register grown past the input limit)
# is refused and the register is unchanged; every change keeps the register's group and mode, and the lock file gets the
# register's group — tried by two users of one group; an old register whose conditions are plain
# strings still loads and is written back as condition records.
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
R=$T/r.json
"$ASSESS" register add "$S/minato-docs.json" --register "$R" --approver a --manager b --date 2026-06-01 >/dev/null
cp "$R" before.json
expect_status 65 "$ASSESS" register add "$S/procurement/bid-b.json" --register "$R" --approver a --manager b --date 9999-06-01
grep -q "9999-12-31 を超えます" err || fail "9999: $(cat err)"
cmp -s before.json "$R" || fail "register changed by the 9999 add"
"$ASSESS" register list --register "$R" >/dev/null || fail "register does not load"
# a register just under the input limit (16 MiB): one more add would pass it
"$PYTHON" - "$R" big.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["entries"][0]["revoke_reason"] = ""
base = len(json.dumps(d, ensure_ascii=False, indent="\t").encode()) + 64
d["entries"][0]["revoke_reason"] = "x" * (16 * 1024 * 1024 - base - 2000)
open(sys.argv[2], "w").write(json.dumps(d, ensure_ascii=False, indent="\t") + "\n")
PY
[ "$(stat -c %s big.json)" -le $((16 * 1024 * 1024)) ] || fail "test register too big: $(stat -c %s big.json)"
"$ASSESS" register list --register big.json >/dev/null || fail "big register does not load"
cp big.json big.orig
expect_status 74 "$ASSESS" register add "$S/procurement/bid-b.json" --register big.json --approver a --manager b --date 2026-06-02
grep -q "上限" err || fail "size: $(cat err)"
cmp -s big.json big.orig || fail "register changed by the oversized add"

# --- migration: plain string conditions load and are written back as records ---
"$PYTHON" - "$R" old.json <<'PY'
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
"$ASSESS" register show "$id" --register old.json | grep -q "四半期ごとの稼働報告" || fail "old register shows its conditions"
"$ASSESS" register condition "$id" 2 --met --evidence "契約第12条" --register old.json --date 2026-07-01 2>/dev/null
"$PYTHON" - old.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["entries"][0]["conditions"]
assert c[0] == {"n": 1, "text": "四半期ごとの稼働報告", "clause": None, "due": None, "status": "open",
                "evidence": None, "on": None, "by": None}, c[0]
assert c[1]["status"] == "met" and c[1]["evidence"] == "契約第12条" and c[1]["on"] == "2026-07-01", c[1]
PY

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
        "$S/minato-docs.json" "$i" "$D/m$i.json"
    "$PYTHON" "$SRC/tests/e2e/make_review.py" "$D/m$i.json" # other answers need their own review
done
chmod 0644 "$D"/m*.json
SR=$D/reg.json
runuser -u "${G}a" -- "$ASSESS" register add "$D/m1.json" --register "$SR" --approver a --manager b \
    --date 2026-06-01 --mode 0660 >/dev/null
chgrp "$G" "$SR" "$SR.lock"; chmod 0660 "$SR.lock"   # the first user hands the register to the group
[ "$(stat -c '%G %a' "$SR")" = "$G 660" ] || fail "setup: $(stat -c '%G %a' "$SR")"
runuser -u "${G}b" -- "$ASSESS" register add "$D/m2.json" --register "$SR" --approver a --manager b \
    --date 2026-06-02 >/dev/null || fail "second user cannot add"
[ "$(stat -c '%G %a' "$SR")" = "$G 660" ] || fail "group or mode lost after the second user: $(stat -c '%G %a %U' "$SR")"
runuser -u "${G}a" -- "$ASSESS" register revoke EXT-2026-0001 --reason "契約終了" --register "$SR" \
    --date 2026-07-01 2>/dev/null || fail "first user cannot change the register after the second"
[ "$(stat -c '%G %a' "$SR")" = "$G 660" ] || fail "group or mode lost after the first user: $(stat -c '%G %a' "$SR")"
# a lock file made afresh gets the register's group and mode
rm "$SR.lock"
runuser -u "${G}b" -- "$ASSESS" register revoke EXT-2026-0002 --reason "契約終了" --register "$SR" \
    --date 2026-07-01 2>/dev/null || fail "revoke by the second user"
[ "$(stat -c '%G %a' "$SR.lock")" = "$G 660" ] || fail "lock file: $(stat -c '%G %a' "$SR.lock")"
runuser -u "${G}a" -- "$ASSESS" register list --register "$SR" >/dev/null || fail "first user cannot read"
echo "register shared: ok (two users of group $G)"
