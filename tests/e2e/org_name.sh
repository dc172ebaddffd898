#!/bin/bash
# org_name.sh - the organisation as its policy calls it (SPEC §8.3, issue 25): every document
# (the spec of each bank, the contract, the approval pack, the comparison, the re-audit, the
# answer form and the 補正依頼) is made under the default policy and under the 組合 policy
# (docs/examples/policy-kumiai.json: organization みどり広域行政事務組合, self_reference 本組合)
# and read back (DOCX with python-docx, PDF with pdftotext and its metadata with pdfinfo, XLSX
# cells with openpyxl): no document says 本市; the spec calls the organisation 本団体 by default
# and 本組合 under the 組合 policy, and names the 組合 where it names the organisation. A policy
# that says 本市 gets 本市 (the words come from the policy, not from the binary).
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$T"
"$PYTHON" -c "import docx, openpyxl" || fail "python3-docx and python3-openpyxl are needed"
S="$SRC/samples"
echo '{"format": "assess-policy/1"}' > default.json
cp "$SRC/docs/examples/policy-kumiai.json" kumiai.json
echo '{"format": "assess-policy/1", "organization": "さくら市", "self_reference": "本市"}' > city.json
D=2026-12-07
for pol in default kumiai city; do
    o="out-$pol"
    mkdir -p "$o"
    P=(--policy "$pol.json")
    "$ASSESS" spec cloud --classification 2/2/2 "${P[@]}" -o "$o/spec" --date $D >/dev/null
    "$ASSESS" spec outsourcing --classification 3/2/2 "${P[@]}" -o "$o/spec" --date $D >/dev/null
    "$ASSESS" spec cloud-light --classification 1/1/1 "${P[@]}" -o "$o/spec" --date $D >/dev/null
    [ "$pol" = city ] && continue
    "$ASSESS" contract "$S/procurement/bid-b.json" "${P[@]}" -o "$o/contract" --date $D >/dev/null 2>&1
    "$ASSESS" contract "$S/outsourcing-payroll.json" "${P[@]}" -o "$o/contract" --date $D >/dev/null 2>&1
    "$ASSESS" pack "$S/procurement/bid-b.json" "$S/outsourcing-payroll.json" "${P[@]}" -o "$o/pack" --date $D >/dev/null 2>&1
    "$ASSESS" compare "$S/procurement/bid-a.json" "$S/procurement/bid-b.json" "$S/procurement/bid-c.json" \
        "${P[@]}" -o "$o/compare" --date $D >/dev/null 2>&1
    "$ASSESS" reaudit "$S/reaudit/2025.json" "$S/reaudit/2026.json" "${P[@]}" -o "$o/reaudit" --date $D >/dev/null 2>&1
    mkdir -p "$o/form"
    "$ASSESS" form cloud "${P[@]}" -o "$o/form/blank.xlsx" --date $D >/dev/null 2>&1
    "$ASSESS" form --from "$S/incomplete-draft.json" --review "${P[@]}" -o "$o/form/review.xlsx" --date $D >/dev/null 2>&1
done

"$PYTHON" - <<'PY'
import glob, os, subprocess, sys
import docx, openpyxl
bad = []

def text_of(path):
    if path.endswith(".docx"):
        d = docx.Document(path)
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                parts += [c.text for c in r.cells]
        for s in d.sections:
            parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
        cp = d.core_properties
        parts += [cp.title or "", cp.subject or "", cp.keywords or ""]
        return "\n".join(parts)
    if path.endswith(".pdf"):
        t = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
        return t + subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    if path.endswith(".xlsx"):
        wb = openpyxl.load_workbook(path)
        parts = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str):
                        parts.append(c.value)
                    if c.comment is not None:
                        parts.append(c.comment.text)
        return "\n".join(parts)
    return ""

counts = {}
for pol in ("default", "kumiai", "city"):
    files = sorted(glob.glob(f"out-{pol}/**/*.*", recursive=True))
    kinds = {f.split("/")[1] for f in files}
    want = {"spec"} if pol == "city" else {"spec", "contract", "pack", "compare", "reaudit", "form"}
    if kinds != want:
        bad.append(f"{pol}: documents made: {sorted(kinds)}, expected {sorted(want)}")
    counts[pol] = len(files)
    for f in files:
        t = text_of(f)
        if pol != "city" and ("本市" in t or "本市" in f):
            bad.append(f"{f}: says 本市: …{t[max(0, t.find('本市') - 40):t.find('本市') + 20]}…")
        if "/spec/" in f and f.endswith(".docx"):
            self_word = {"default": "本団体", "kumiai": "本組合", "city": "本市"}[pol]
            if "cloud-light" not in f and self_word not in t:
                bad.append(f"{f}: never says {self_word}")
            for other in {"本団体", "本組合", "本市"} - {self_word}:
                if other in t:
                    bad.append(f"{f}: says {other} under the {pol} policy")
            org = {"default": None, "kumiai": "みどり広域行政事務組合", "city": "さくら市"}[pol]
            if org and org not in t:
                bad.append(f"{f}: does not name {org}")
    for kind in ("pack", "compare") if pol == "kumiai" else ():
        if not any("みどり広域行政事務組合" in text_of(f) for f in files if f.split("/")[1] == kind):
            bad.append(f"{pol}: the {kind} never names the 組合")
if bad:
    print("FAIL:\n  " + "\n  ".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"ok: {counts} documents read; 本市 only where the policy says it")
PY
echo "PASS: the organisation is named as the policy says"
