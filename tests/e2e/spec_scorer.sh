#!/bin/bash
# spec_scorer.sh - the 調達仕様書 and the scorer agree item by item (SPEC §8.3, issue 25): for the
# cloud and outsourcing banks, at confidentiality 2 and 3, under the default policy, the 組合
# policy (docs/examples/policy-kumiai.json) and a policy that makes data abroad only major,
#  * assess spec is read back from the DOCX (python-docx) and the PDF (pdftotext);
#  * for every requirement, an answer set that fails that one question (the sample of the bank,
#    with the question's worst answer) is scored: the item is marked 〔選定条件〕 (〔必須〕 for
#    11-1) exactly when the scorer knocks the bidder out on it - every mark is a knockout and
#    every knockout is marked;
#  * the PDF carries the same marks; 〔評価項目〕 only on `reference` items; the 選定基準 section
#    is there with the policy's points and names, with its clause, every judgment the scorer
#    requires of a bidder (a no rejects: SPEC §8.1) and no other; the outsourcing spec never says 選定条件 or
#    外部サービス提供者 (11-1 has neither); cloud-light (11-3) has no mark and no 選定基準.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$T"
"$PYTHON" -c "import docx" || fail "python3-docx is needed"
cp "$SRC/docs/examples/policy-kumiai.json" kumiai.json
echo '{"format": "assess-policy/1", "location_rule": "major", "law_rule": "minor", "evaluation_points": {"sla": 30, "sec": 50, "loc": 20}}' > abroad.json
echo '{"format": "assess-policy/1"}' > default.json

for bank in cloud outsourcing; do
    for c in 2 3; do
        for pol in default kumiai abroad; do
            "$ASSESS" spec "$bank" --classification "$c/2/2" --policy "$pol.json" -o "spec-$pol" --date 2026-12-07 >/dev/null \
                || fail "spec $bank $c ($pol)"
            pdftotext "spec-$pol/spec-$bank-C${c}I2A2.pdf" "spec-$pol/spec-$bank-C${c}I2A2.txt"
        done
    done
done
"$ASSESS" spec cloud-light --classification 1/1/1 -o light --date 2026-12-07 >/dev/null
pdftotext light/spec-cloud-light-C1I1A1.pdf light/spec.txt
# --lang en: the same marks, the same criteria, in English
for bank in cloud outsourcing; do
    "$ASSESS" --lang en spec "$bank" --classification 2/2/2 --policy kumiai.json -o en --date 2026-12-07 >/dev/null
    pdftotext "en/spec-$bank-C2I2A2.pdf" "en/spec-$bank-C2I2A2.txt"
done
"$ASSESS" --lang en spec cloud-light --classification 1/1/1 -o en --date 2026-12-07 >/dev/null
pdftotext en/spec-cloud-light-C1I1A1.pdf en/spec-cloud-light-C1I1A1.txt

"$PYTHON" - "$SRC" "$ASSESS" <<'PY'
import copy, json, os, subprocess, sys
import docx
src, assess = sys.argv[1:3]
SAMPLE = {"cloud": "samples/minato-docs.json", "outsourcing": "samples/outsourcing-payroll.json"}
MARK = {"cloud": "〔選定条件〕", "outsourcing": "〔必須〕"}
bad = []

def applies(q, c):
    ap = q.get("applies", {})
    return c >= ap.get("confidentiality", 0) and 2 >= ap.get("integrity", 0) and 2 >= ap.get("availability", 0)

def worst(q):
    """The answer that fails q the most, or None when no answer can (a text)."""
    t = q["type"]
    if t == "yesno":
        return "no" if q.get("expected", "yes") == "yes" else "yes"
    if t == "choice":
        return min(q["options"], key=lambda o: o.get("score", 0))["value"]
    if t == "number":
        return q.get("min", 0) if q.get("better", "higher") == "higher" else q.get("max", 100000)
    if t == "countries":
        return ["US"]
    if t == "country":
        return "US"
    if t == "date":
        return "2000-01-01"
    if t == "list":
        return []
    return None

# a requirement whose words make an exception fails only outside it (the spec states it: 「ただし、
# …この限りでない。」): 11-2(2)②エ's region is met by keeping the data in the allowed countries
OUTSIDE_EXCEPTION = {"loc.region_selectable": {"loc.storage_countries": ["US"]}}

def knocked(bank, base, q, c, pol):
    a = copy.deepcopy(base)
    a["assessment"]["classification"] = {"confidentiality": c, "integrity": 2, "availability": 2}
    w = q.get("when")
    if w:  # make the question apply
        a["answers"][w["question"]] = {"value": w["in"][0]}
    v = worst(q)
    if v is None:
        return False
    a["answers"][q["id"]] = {"value": v}
    for k, val in OUTSIDE_EXCEPTION.get(q["id"], {}).items():
        a["answers"][k] = {"value": val}
    path = f"try-{bank}.json"
    json.dump(a, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    out = subprocess.run([assess, "score", path, "--json", "--policy", f"{pol}.json", "--date", "2026-12-07"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1, 2, 3, 4) or not out.stdout:
        raise SystemExit(f"score failed for {q['id']}: {out.returncode} {out.stderr}")
    r = json.loads(out.stdout)
    return any(f.get("question") == q["id"] and f["severity"] == "knockout" for f in r["findings"])

checked = marks_seen = 0
for bank in ("cloud", "outsourcing"):
    b = json.load(open(os.path.join(src, "questionnaires", bank + ".json"), encoding="utf-8"))
    base = json.load(open(os.path.join(src, SAMPLE[bank]), encoding="utf-8"))
    order = [s["id"] for s in b["sections"]]
    for c in (2, 3):
        want = sorted((q for q in b["questions"] if applies(q, c)), key=lambda q: order.index(q["id"].split(".")[0]))
        for pol in ("default", "kumiai", "abroad"):
            name = f"spec-{pol}/spec-{bank}-C{c}I2A2"
            d = docx.Document(name + ".docx")
            paras = d.paragraphs
            crit = [k for k, p in enumerate(paras) if p.style.name == "Heading 2" and p.text.endswith(". 選定基準")]
            if len(crit) != 1:
                bad.append(f"{name}: no 選定基準 section")
                continue
            items = [p for p in paras[:crit[0]] if p._p.pPr is not None and p._p.pPr.numPr is not None]
            if len(items) != len(want):
                bad.append(f"{name}: {len(items)} items, {len(want)} questions")
                continue
            for p, q in zip(items, want):
                marked = p.text.startswith(MARK[bank])
                ko = knocked(bank, base, q, c, pol)
                checked += 1
                marks_seen += marked
                if marked != ko:
                    bad.append(f"{name}: {q['id']}: marked {marked}, the scorer's knockout {ko}: {p.text[:60]}")
                if q["id"] in OUTSIDE_EXCEPTION and "この限りでない" not in p.text:
                    bad.append(f"{name}: {q['id']}: the exception the scorer makes is not stated: {p.text}")
                if p.text.startswith("〔評価項目〕") != (q["basis"] == "reference"):
                    bad.append(f"{name}: {q['id']}: 〔評価項目〕 does not follow the basis ({q['basis']})")
            body = "\n".join(p.text for p in paras)
            pdf = open(name + ".txt", encoding="utf-8").read().replace("\n", "")
            # the judgments the scorer requires of a bidder with subcontractors (no review: all
            # missing) are the 選定基準's, each with its clause (SPEC §8.1: a no rejects)
            if pol == "default":
                with_sub = copy.deepcopy(base)
                with_sub["answers"]["sub.uses_subcontractors"] = {"value": "yes"}
                with_sub["answers"]["sub.list"] = {"value": [{"name": "X", "country": "JP", "role": "運用"}]}
                json.dump(with_sub, open("judged.json", "w", encoding="utf-8"), ensure_ascii=False)
                r = json.loads(subprocess.run([assess, "score", "judged.json", "--json", "--date", "2026-12-07"],
                                              capture_output=True, text=True).stdout)
                crit_text = "\n".join(p.text for p in paras[crit[0]:])
                keys = {j["key"]: j["clause"] for j in r["judgments"] if j["required"]}
                for key, clause in keys.items():
                    if f"{clause} により" not in crit_text:
                        bad.append(f"{name}: the scorer requires {key} ({clause}); the 選定基準 do not say it")
                for cl in ("11-2(2)⑦", "11-2(2)⑪", "11-2(2)⑧", "11-1(2)⑧"):
                    if f"{cl} により" in crit_text and cl not in keys.values():
                        bad.append(f"{name}: the 選定基準 cite {cl}, which the scorer does not require")
            for mark in (MARK[bank], "〔評価項目〕"):
                if pdf.count(mark) != body.count(mark):
                    bad.append(f"{name}: the PDF has {pdf.count(mark)} {mark}, the DOCX {body.count(mark)}")
            pts = d.tables[0]
            head = [x.text for x in pts.rows[0].cells]
            rows = [[x.text for x in r.cells] for r in pts.rows[1:]]
            if head != ["区分", "配点"] or rows[-1][0] != "合計":
                bad.append(f"{name}: the points table is {head} {rows[-1:]}")
            elif pol == "abroad":  # the policy's evaluation_points, the others 0
                got = {r[0]: float(r[1]) for r in rows}
                titles = {s["id"]: s["title"]["ja"] for s in b["sections"]}
                want_pts = {"sla": 30, "sec": 50, "loc": 20}
                for sid, t in titles.items():
                    if t in got and got[t] != want_pts.get(sid, 0):
                        bad.append(f"{name}: {t}: {got[t]} points, the policy says {want_pts.get(sid, 0)}")
            if "本市" in body or "本市" in pdf:
                bad.append(f"{name}: says 本市")
            if pol == "kumiai" and "みどり広域行政事務組合" not in body:
                bad.append(f"{name}: the policy's organization is not named")
            if bank == "outsourcing":
                for w in ("選定条件", "外部サービス提供者"):
                    if w in body or w in pdf:
                        bad.append(f"{name}: 11-1 has no {w}, the spec says it")
light = docx.Document("light/spec-cloud-light-C1I1A1.docx")
lbody = "\n".join(p.text for p in light.paragraphs) + open("light/spec.txt", encoding="utf-8").read()
for w in ("〔選定条件〕", "〔必須〕", "〔評価項目〕", "選定基準"):
    if w in lbody:
        bad.append(f"cloud-light (11-3): says {w}")
# English: item by item the marks of the Japanese spec, the 選定基準 as "Selection criteria"
EN = {"〔選定条件〕": "[Selection condition]", "〔必須〕": "[Required]", "〔評価項目〕": "[Evaluated]"}
for bank in ("cloud", "outsourcing", "cloud-light"):
    cls = "C1I1A1" if bank == "cloud-light" else "C2I2A2"
    ja_path = "light/spec-cloud-light-C1I1A1.docx" if bank == "cloud-light" else f"spec-kumiai/spec-{bank}-{cls}.docx"
    def requirement_items(d, crit_head):
        out = []
        for p in d.paragraphs:
            if p.style.name == "Heading 2" and p.text.endswith(crit_head):
                break
            if p._p.pPr is not None and p._p.pPr.numPr is not None:
                out.append(p.text)
        return out
    ja = requirement_items(docx.Document(ja_path), ". 選定基準")
    en_doc = docx.Document(f"en/spec-{bank}-{cls}.docx")
    en = requirement_items(en_doc, ". Selection criteria")
    en_body = "\n".join(p.text for p in en_doc.paragraphs)
    en_pdf = open(f"en/spec-{bank}-{cls}.txt", encoding="utf-8").read().replace("\n", " ")
    if len(en) != len(ja):
        bad.append(f"en {bank}: {len(en)} numbered paragraphs, the Japanese {len(ja)}")
        continue
    for j, e in zip(ja, en):
        for mj, me in EN.items():
            if j.startswith(mj) != e.startswith(me):
                bad.append(f"en {bank}: {mj} / {me} differ: {j[:30]} | {e[:40]}")
        if any("\u3040" <= ch <= "\u30ff" for ch in e.split("(clause")[0]):
            bad.append(f"en {bank}: Japanese kana in an English requirement: {e[:80]}")
    for me in EN.values():
        if en_body.count(me) != " ".join(en_pdf.split()).count(me):
            bad.append(f"en {bank}: the PDF and the DOCX differ on {me}")
    crit = "Selection criteria" in en_body
    if crit == (bank == "cloud-light"):
        bad.append(f"en {bank}: selection criteria {'present' if crit else 'missing'}")
    if bank == "outsourcing" and ("Selection condition" in en_body or "provider" in en_body.lower()):
        bad.append("en outsourcing: 11-1 names no selection condition and no external service provider")
    if bank != "cloud-light" and "みどり広域行政事務組合" not in en_body:
        bad.append(f"en {bank}: the organisation's name is missing")
if not marks_seen:
    bad.append("no marked item at all")
if bad:
    print("FAIL:\n  " + "\n  ".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"ok: {checked} items scored one by one, {marks_seen} marked, each a knockout and each knockout marked")
PY
echo "PASS: spec and scorer agree item by item"
