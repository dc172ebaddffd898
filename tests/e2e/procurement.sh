#!/bin/bash
# procurement.sh - the procurement loop end to end, read back as its users would:
#  * assess spec for every bank and every classification the bank supports, under the default
#    policy and a policy allowing SG storage: the DOCX (python-docx) and the PDF (pdftotext) have
#    one requirement per applicable question of the bank (counted here from the bank's JSON),
#    the selection conditions marked, the policy's numbers and countries stated; same inputs and
#    --date give the same bytes; LibreOffice opens the DOCX;
#  * assess contract: the conditional samples state each agreed term once in the body (the
#    stricter of the answer and the policy) and only a `reference` item's evidence as a dated
#    article, the approved one none, a 不承認 and a 差戻し sample are refused with nothing written;
#  * assess compare --anonymize: no vendor name, service name, corporate number or file name in
#    any output (terminal, JSON, XLSX parts, PDF text and metadata, file names), even where a
#    comment quotes it; the key workbook has them all.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$T"
"$PYTHON" -c "import docx, openpyxl" || fail "python3-docx and python3-openpyxl are needed (apt-get install python3-docx python3-openpyxl)"

echo '{"format": "assess-policy/1", "allowed_countries": {"storage": ["JP", "SG"], "processing": ["JP"], "backup": ["JP", "SG"]}}' > sg.json

# ---- spec: every bank, every classification, two policies ---------------------------------
"$PYTHON" - "$SRC/questionnaires" > combos.txt <<'EOF'
import json, sys, os
for bank in ("cloud", "cloud-light", "outsourcing"):
    b = json.load(open(os.path.join(sys.argv[1], bank + ".json"), encoding="utf-8"))
    lo, hi = b["confidentiality"]["min"], b["confidentiality"]["max"]
    for c in range(lo, hi + 1):
        for i in (1, 2):
            for a in (1, 2):
                print(bank, f"{c}/{i}/{a}")
EOF
n=0
while read -r bank cls; do
    for pol in default sg; do
        args=()
        [ "$pol" = sg ] && args=(--policy sg.json)
        "$ASSESS" spec "$bank" --classification "$cls" "${args[@]}" -o "spec-$pol" --date 2026-11-20 > /dev/null \
            || fail "spec $bank $cls ($pol)"
        n=$((n + 1))
    done
done < combos.txt
[ "$n" -eq 40 ] || fail "expected 40 spec runs (20 classifications x 2 policies), ran $n"
for pol in default sg; do
    for f in spec-$pol/*.pdf; do pdftotext "$f" "${f%.pdf}.txt"; done
done

"$PYTHON" - "$SRC/questionnaires" <<'EOF'
import json, os, re, sys, docx
qdir = sys.argv[1]
def applies(q, c, i, a):
    ap = q.get("applies", {})
    return c >= ap.get("confidentiality", 0) and i >= ap.get("integrity", 0) and a >= ap.get("availability", 0)
def may_select(q, bank):
    # which items exclude a bidder is the scorer's (e2e/spec_scorer.sh proves they agree item by
    # item); here: only a `must` or a location or law rule can, never under 11-3 (cloud-light)
    return bank != "cloud-light" and (q["basis"] == "must" or q.get("rule") in ("location", "law"))
MARKS = ("〔選定条件〕", "〔必須〕")
checked = 0
for pol in ("default", "sg"):
    for name in sorted(os.listdir("spec-" + pol)):
        if not name.endswith(".docx"):
            continue
        m = re.match(r"spec-(.+)-C(\d)I(\d)A(\d)\.docx$", name)
        bank, c, i, a = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        b = json.load(open(os.path.join(qdir, bank + ".json"), encoding="utf-8"))
        want = [q for q in b["questions"] if applies(q, c, i, a)]
        d = docx.Document(os.path.join("spec-" + pol, name))
        light = bank == "cloud-light"
        # the requirements are the numbered paragraphs before the 選定基準 (none under 11-3)
        paras = d.paragraphs
        crit = [k for k, p in enumerate(paras) if p.style.name == "Heading 2" and p.text.endswith(". 選定基準")]
        assert len(crit) == (0 if light else 1), (name, crit)
        end = crit[0] if crit else len(paras)
        items = [p for p in paras[:end] if p._p.pPr is not None and p._p.pPr.numPr is not None]
        nsel = sum(p.text.startswith(MARKS) for p in items)
        assert len(items) == len(want), (pol, name, len(items), len(want))
        # each item names its clauses; the selection conditions are marked in bold
        for p, q in zip(items, sorted(want, key=lambda q: [s["id"] for s in b["sections"]].index(q["id"].split(".")[0]))):
            assert p.text.endswith("〕"), (name, p.text)
            for cl in q["clause"]:
                assert cl in p.text, (name, q["id"], cl, p.text)
            if p.text.startswith(MARKS):
                assert may_select(q, bank), (name, q["id"], p.text)
                assert p.runs[0].bold and p.runs[0].text in MARKS
            # a reference item is evaluated, never required (SPEC §8.3)
            assert p.text.startswith("〔評価項目〕") == (q["basis"] == "reference"), (name, q["id"], p.text)
            if q["basis"] == "reference":
                assert "評価において考慮する。" in p.text, p.text
        # 11-1 names no 選定条件: the outsourcing marks are 〔必須〕
        assert not any(p.text.startswith("〔選定条件〕") for p in items) or bank == "cloud"
        assert not any(p.text.startswith("〔必須〕") for p in items) or bank == "outsourcing"
        assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == ["情報セキュリティ要件"]
        heads = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
        sections = [s for s in b["sections"] if any(q["id"].split(".")[0] == s["id"] for q in want)]
        assert heads[:len(sections)] == [f"{k + 1}. {s['title']['ja']}" for k, s in enumerate(sections)], heads
        # a 約款 service (11-3, no contract) is checked by the official who applies, not tendered
        docs_head, how_head = ("添付資料", "記入方法") if light else ("提出書類", "回答方法")
        k = len(sections) + (0 if light else 1)
        assert heads[-2:] == [f"{k + 1}. {docs_head}", f"{k + 2}. {how_head}"], heads
        # the 選定基準's points: one row per section and the total (SPEC §8.3, 11-2(3)①)
        if not light:
            pts = d.tables[0]
            assert [c_.text for c_ in pts.rows[0].cells] == ["区分", "配点"], name
            rows = [[c_.text for c_ in r.cells] for r in pts.rows[1:]]
            assert [r[0] for r in rows] == [s["title"]["ja"] for s in sections] + ["合計"], rows
            assert abs(sum(float(r[1]) for r in rows[:-1]) - float(rows[-1][1])) < 1e-6, rows
        # the table of documents to submit: every evidence text once
        t = d.tables[-1]
        assert [c_.text for c_ in t.rows[0].cells] == ["No.", "資料" if light else "提出書類", "対応する項目"]
        docs = [r.cells[1].text for r in t.rows[1:]]
        ev = []
        for q in sorted(want, key=lambda q: [s["id"] for s in b["sections"]].index(q["id"].split(".")[0])):
            if q["evidence"]["ja"] not in ev:
                ev.append(q["evidence"]["ja"])
        assert docs == ev, (name, len(docs), len(ev))
        body = "\n".join(p.text for p in d.paragraphs)
        assert ("確認票" if light else "回答様式") in body and b["title"]["ja"] in body
        assert ("入札者" in body) != light and ("契約までに" in body) != light, name
        assert "assess" not in body          # nothing on paper is a command line
        # Japanese fonts declared for East Asian text
        styles = d.styles.element.xml
        assert 'w:eastAsia="IPAexゴシック"' in styles
        # the PDF says the same: one (n) item per requirement, each closed by its clauses
        pdf = open(os.path.join("spec-" + pol, name[:-5] + ".txt"), encoding="utf-8").read()
        flat = pdf.replace("\n", "")
        for mark in MARKS + ("〔評価項目〕",):
            assert flat.count(mark) == body.count(mark), (name, mark, flat.count(mark), body.count(mark))
        assert flat.count("〔") == body.count("〔"), (name, flat.count("〔"), body.count("〔"))
        # the policy's numbers
        texts = {q["id"]: p.text for p, q in zip(items, sorted(want, key=lambda q: [s["id"] for s in b["sections"]].index(q["id"].split(".")[0])))}
        if "sla.availability_percent" in texts:
            pct = "99.9%" if a == 2 else "99.5%"
            assert f"月間稼働率 {pct} 以上を SLA で保証すること。" in texts["sla.availability_percent"], texts["sla.availability_percent"]
            assert f"月間稼働率 {pct} 以上を SLA で保証すること。" in flat
        if "sla.incident_notification_hours" in texts:
            assert "24 時間以内" in texts["sla.incident_notification_hours"]
        if "loc.storage_countries" in texts and bank != "cloud-light":   # 11-3 sets no place
            s = texts["loc.storage_countries"]
            if pol == "default":
                assert "データの保管場所は日本国内とすること。" in s, s
            else:
                assert "データの保管場所は日本・シンガポールのいずれかの国内とすること。" in s, s
                assert "データの保管場所は日本国内とすること" not in flat
        if "bak.location_countries" in texts and pol == "sg":
            assert "シンガポール" in texts["bak.location_countries"]
        if "loc.processing_countries" in texts:
            assert "日本国内から" in texts["loc.processing_countries"]   # processing stays JP
        if "bak.rto_hours" in texts:   # asked at every 可用性, with the policy's number for it
            assert ("24 時間以内" if a == 2 else "72 時間以内") in texts["bak.rto_hours"], texts["bak.rto_hours"]
        if "sla.reporting" in texts:   # the policy's reporting_min
            assert "その頻度は毎月又はこれより短い間隔とすること。" in texts["sla.reporting"], texts["sla.reporting"]
        if bank == "cloud-light":      # 11-3: what the official checks in the 約款, no contract terms
            for q_id, t in texts.items():
                assert "確認" in t and "受注者" not in t and "契約" not in t, (q_id, t)
        checked += 1
assert checked == 40, checked
print("spec: 40 documents checked")
EOF

# same inputs, same --date: same bytes (a second later)
sleep 1
"$ASSESS" spec cloud --classification 2/2/2 -o again --date 2026-11-20 > /dev/null
cmp spec-default/spec-cloud-C2I2A2.docx again/spec-cloud-C2I2A2.docx || fail "DOCX not reproducible"
cmp spec-default/spec-cloud-C2I2A2.pdf again/spec-cloud-C2I2A2.pdf || fail "PDF not reproducible"
"$ASSESS" spec cloud --classification 2/2/2 -o other --date 2026-11-21 > /dev/null
cmp -s spec-default/spec-cloud-C2I2A2.docx other/spec-cloud-C2I2A2.docx && fail "the date does not reach the DOCX"

# the organisation's clause numbers
echo '{"format": "assess-policy/1", "organization": "みなと市", "clause_numbers": {"11-2(2)⑦": "第9章第3節(2)⑦", "11-2(3)①": "第9章第3節(3)①"}}' > local.json
"$ASSESS" spec cloud --classification 2/2/2 --policy local.json -o local --date 2026-11-20 > /dev/null
"$PYTHON" - <<'EOF'
import docx
d = docx.Document("local/spec-cloud-C2I2A2.docx")
body = "\n".join(p.text for p in d.paragraphs)
assert "みなと市の情報セキュリティ対策基準 第9章第3節(3)① に基づき" in body, body[:400]
assert "〔第9章第3節(2)⑦〕" in body
assert "11-2(2)⑦" not in body
EOF

# LibreOffice opens the DOCX as a Word document and lays out the same text
soffice=$(command -v soffice || command -v libreoffice || true)
[ -n "$soffice" ] || fail "LibreOffice (soffice) not installed: apt-get install -y libreoffice-writer-nogui"
mkdir -p lo
HOME=$T timeout 300 "$soffice" -env:UserInstallation=file://$T/lo-profile --headless --convert-to pdf \
    --outdir lo spec-default/spec-cloud-C2I2A2.docx > /dev/null 2>&1 || fail "LibreOffice could not convert the DOCX"
pdftotext lo/spec-cloud-C2I2A2.pdf lo.txt
grep -q "情報セキュリティ要件" lo.txt || fail "LibreOffice: title missing"
grep -q "月間稼働率 99.9% 以上を SLA で保証すること。" lo.txt || fail "LibreOffice: requirement missing"
grep -q "(1)" lo.txt || fail "LibreOffice: numbering missing"
pdffonts lo/spec-cloud-C2I2A2.pdf | grep -q IPAexGothic || fail "LibreOffice did not use IPAexGothic"
[ "$(pdfinfo lo/spec-cloud-C2I2A2.pdf | awk '/^Pages:/ {print $2}')" -ge 3 ] || fail "LibreOffice: too few pages"

# ---- contract --------------------------------------------------------------------------------
"$ASSESS" contract "$SRC/samples/procurement/bid-b.json" -o contract --date 2026-11-20 > /dev/null
"$ASSESS" contract "$SRC/samples/minato-docs.json" -o contract --date 2026-11-20 > /dev/null
"$ASSESS" contract "$SRC/samples/outsourcing-payroll.json" -o contract --date 2026-11-20 > /dev/null
"$ASSESS" score --json --date 2026-11-20 "$SRC/samples/procurement/bid-b.json" > b.json
"$ASSESS" score --json --date 2026-11-20 "$SRC/samples/outsourcing-payroll.json" > payroll.json
for f in contract/*.pdf; do pdftotext "$f" "${f%.pdf}.txt"; done
SRC="$SRC" "$PYTHON" - <<'EOF'
import datetime, docx, glob, json, os, re
def era(iso):
    y, m, d = map(int, iso.split("-"))
    return f"令和{y - 2018}年{m}月{d}日"
def articles(path):
    d = docx.Document(path)
    return d, [p.text for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
def basis(bank):
    b = json.load(open(os.path.join(os.environ["SRC"], f"questionnaires/{bank}.json"), encoding="utf-8"))
    return {q["id"]: q.get("basis") for q in b["questions"]}
DATED = "(期限を定めた履行)"
for sample, result, bank in (("つばさ", "b.json", "cloud"), ("ひまわり", "payroll.json", "outsourcing")):
    r = json.load(open(result, encoding="utf-8"))
    assert r["verdict"] == "conditional" and r["conditions"], r["verdict"]
    path = glob.glob(f"contract/*{sample}*.docx")[0]
    d, arts = articles(path)
    # SPEC §8.3: only what must be done by a date is a condition article (a `reference` item:
    # the evidence); every other condition is a term of the body, stated there once
    b = basis(bank)
    dated = [c for c in r["conditions"] if b.get(c.get("question")) == "reference"]
    assert arts.count(DATED) == len(dated), (arts, r["conditions"])
    body = "\n".join(p.text for p in d.paragraphs)
    pdf = open(path[:-5] + ".txt", encoding="utf-8").read().replace("\n", "")
    for c in dated:
        due = era(c["due"])
        assert f"前項に定める事項を{due}" in body, (due, body[-800:])
        assert due in pdf
    assert arts[-1] == "(協議)"
    assert "第1条" not in body       # Word numbers the articles itself
    assert "以内に甲に" in body and "時間" in body
    for bad in ("させること", "審査における指摘", "(乙の回答", "調達時の回答", "本市"):
        assert bad not in body and bad not in pdf, bad
# bidder B answered 99.5 % and 四半期ごと; the policy asks 99.9 % and 毎月: the contract says the
# stricter, once; no subcontracting, so no approved subcontractor; ISMAP is evidence by a date
d, arts = articles(glob.glob("contract/*つばさ*.docx")[0])
body = "\n".join(p.text for p in d.paragraphs)
assert "月間稼働率 99.9 % 以上を保証する" in body and "99.5" not in body
assert "毎月、書面により甲に報告する" in body and "四半期ごと、" not in body
assert "甲が承認した再委託先" not in body
assert "(再委託)" in arts
assert "ISMAP クラウドサービスリストに登録されていること" not in body
# the payroll contractor's print subcontractor, approved in the review, is named in 11-1(2)⑧
d, arts = articles(glob.glob("contract/*ひまわり*.docx")[0])
body = "\n".join(p.text for p in d.paragraphs)
assert "甲が承認した再委託先は、株式会社ふくおか印刷センターとする。" in body, body
assert "定期的に又は必要に応じて行う情報セキュリティ監査及び検査(再委託先に対するものを含む。)" in body
# 11-1(2)①–⑬ in order, each under its title, and the closing 協議 article
terms = json.load(open(os.path.join(os.environ["SRC"], "questionnaires/procurement.json"), encoding="utf-8"))["contracts"]["outsourcing"]
titles = [f"({t['title']['ja']})" for t in terms if t["term"].startswith("11-1(2)")]
assert len(titles) == 13, titles
plain = [a for a in arts if a != DATED]
assert [a for a in plain if a in titles] == titles, plain
assert "(特権を付与された ID の管理)" in plain and plain[-1] == "(協議)", plain
# approved: no condition article
d, arts = articles(glob.glob("contract/*みなと*.docx")[0])
assert DATED not in arts, arts
print("contract: conditions checked")
EOF
# same bytes again; markup in a vendor's name is text, not XML
"$ASSESS" contract "$SRC/samples/minato-docs.json" -o contract-again --date 2026-11-20 > /dev/null
for f in contract-again/*; do cmp "$f" "contract/$(basename "$f")" || fail "contract not reproducible: $f"; done
"$PYTHON" - "$SRC/samples/minato-docs.json" <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["vendor"]["name"] = "株式会社<w:t>&\"みなと'</w:t>"
d["answers"]["loc.storage_countries"]["comment"] = "]]><!-- & -->"
json.dump(d, open("markup.json", "w", encoding="utf-8"), ensure_ascii=False)
EOF2
"$PYTHON" "$SRC/tests/e2e/make_review.py" markup.json # other answers: every judgment made
"$ASSESS" contract markup.json -o markup --date 2026-11-20 > /dev/null
"$PYTHON" - <<'EOF2'
import docx, glob
d = docx.Document(glob.glob("markup/*.docx")[0])
body = "\n".join(p.text for p in d.paragraphs)
assert "株式会社<w:t>&\"みなと'</w:t>(以下「乙」という。)" in body, body[:300]
assert d.core_properties.subject.endswith("(株式会社<w:t>&\"みなと'</w:t>)")
EOF2

for s in skyharbor-us incomplete-draft; do
    set +e
    "$ASSESS" contract "$SRC/samples/$s.json" -o refused-$s > /dev/null 2> err.txt
    rc=$?
    set -e
    [ "$rc" -eq 65 ] || fail "contract on $s: exit $rc, expected 65"
    [ ! -e refused-$s ] || fail "contract on $s left output"
done

# ---- compare --anonymize ----------------------------------------------------------------------
# bidder copies whose comments quote their own and another bidder's names
"$PYTHON" - "$SRC/samples/procurement" <<'EOF'
import json, os, sys
for x in "abc":
    d = json.load(open(os.path.join(sys.argv[1], f"bid-{x}.json"), encoding="utf-8"))
    v, s = d["vendor"]["name"], d["service"]["name"]
    core = v.replace("株式会社", "")
    d["answers"]["loc.storage_countries"]["comment"] = f"{core}の自社データセンター ({s})、法人番号 {d['vendor']['corporate_number']}"
    json.dump(d, open(f"bidder-{x}-{core}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
files=(bidder-a-*.json bidder-b-*.json bidder-c-*.json)
"$PYTHON" "$SRC/tests/e2e/make_review.py" "${files[@]}" # other answers: every judgment made
"$ASSESS" compare --anonymize "${files[@]}" -o anon --date 2026-11-20 > anon-terminal.txt
"$ASSESS" compare --anonymize --json --key key2.xlsx "${files[@]}" > anon.json 2> anon-json-stderr.txt
"$ASSESS" --lang en compare --anonymize "${files[@]}" -o anon-en --date 2026-11-20 > anon-terminal-en.txt
"$PYTHON" - "${files[@]}" <<'EOF'
import glob, json, os, subprocess, sys, zipfile, openpyxl
names = []
for f in sys.argv[1:]:
    d = json.load(open(f, encoding="utf-8"))
    v, s = d["vendor"]["name"], d["service"]["name"]
    names += [v, v.replace("株式会社", ""), s, d["vendor"]["corporate_number"], f, os.path.splitext(f)[0]]
outputs = {"terminal": open("anon-terminal.txt", encoding="utf-8").read(),
           "terminal-en": open("anon-terminal-en.txt", encoding="utf-8").read(),
           "json": open("anon.json", encoding="utf-8").read(),
           "file names": "\n".join(glob.glob("anon/*") + glob.glob("anon-en/*"))}
for d_ in ("anon", "anon-en"):
    with zipfile.ZipFile(f"{d_}/compare.xlsx") as z:
        for n in z.namelist():
            outputs[f"{d_}/compare.xlsx:{n}"] = z.read(n).decode("utf-8", "replace")
    pdf = f"{d_}/compare.pdf"
    outputs[pdf + " text"] = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    outputs[pdf + " info"] = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    outputs[pdf + " raw"] = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                                           capture_output=True).stdout.decode("latin-1")
for where, text in outputs.items():
    for n in names:
        assert n not in text, (where, n)
assert "A社" in outputs["terminal"] and "C社" in outputs["terminal"]
assert "Bidder A" in outputs["terminal-en"]
j = json.loads(outputs["json"])
assert j["anonymized"] is True and [b["vendor"] for b in j["ranking"]] == ["A社", "B社"]
assert j["excluded"][0]["vendor"] == "C社"
# the terminal said where the key is, the key has everything
assert "anon-key.xlsx" in outputs["terminal"] and not os.path.exists("anon/compare-key.xlsx")
for key in ("anon-key.xlsx", "key2.xlsx"):
    ws = openpyxl.load_workbook(key).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5, max_row=7)]
    assert [r[0] for r in rows] == ["A社", "B社", "C社"], rows
    for r, f in zip(rows, sys.argv[1:]):
        d = json.load(open(f, encoding="utf-8"))
        assert r[1] == d["vendor"]["name"] and r[2] == d["vendor"]["corporate_number"]
        assert r[3] == d["service"]["name"] and r[4] == f
    assert oct(os.stat(key).st_mode & 0o777) == "0o600"
# the committee's page: 選定結果 with the stamp boxes, 技術点 next to the score
text = outputs["anon/compare.pdf text"]
assert "選定結果 (審査委員会)" in text and "審査委員長" in text and "技術点" in text
wb = openpyxl.load_workbook("anon/compare.xlsx")
assert "選定結果" in wb.sheetnames
sel = wb["選定結果"]
assert [sel.cell(row=5 + i, column=2).value for i in range(3)] == ["A社", "B社", "C社"]
assert isinstance(sel.cell(row=5, column=4).value, (int, float))
print("compare --anonymize: no name in", len(outputs), "outputs")
EOF
echo "procurement: ok"
