#!/bin/bash
# layout_rules.sh - the layout rules of SPEC v2 §6 on real packs made to trigger them: twelve
# subcontractors with long names (a table, one row each), very long personal and company names,
# the organisation's long clause numbers (clause_numbers), many findings (tables over pages,
# headings at page ends, the chart wherever it falls). Checked with the engine's layout records
# (ASSESS_LAYOUT_LOG) and pdftotext page by page:
#   - a heading is on the page of what follows it, and no page ends with a heading;
#   - every keep-together block (chart, key-value block, stamp row) starts and ends on one page;
#   - the subcontractors are a table with one row per subcontractor;
#   - ids, clause numbers and names are whole (no continuation mark: none is wider than its column);
#   - a footer too long for its line ends with 「…」.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
S="$SRC/samples"

"$PYTHON" - "$S" "$tmp" <<'EOF'
import json, sys, copy
src, out = sys.argv[1], sys.argv[2]
base = json.load(open(f"{src}/reaudit/2026.json", encoding="utf-8"))
# A: twelve subcontractors, long names of vendor, service and people
a = copy.deepcopy(base)
a["vendor"]["name"] = "株式会社あおばシステムインテグレーション・クラウドサービス・アンド・マネージドセキュリティ"
a["service"]["name"] = "あおば自治体クラウド 統合型内部情報系業務基盤サービス (文書管理・電子決裁・財務会計・人事給与連携)"
a["answers"]["sub.list"]["value"] = [
    {"name": f"株式会社とうほく広域データセンター運用サポートサービス第{i}事業所", "country": "JP",
     "role": f"夜間・休日の監視及び一次対応 (第{i}ブロック、障害受付・エスカレーション・定期報告を含む)"}
    for i in range(1, 13)]
json.dump(a, open(f"{out}/subs.json", "w", encoding="utf-8"), ensure_ascii=False)
# B: many findings: every yes/no answer made partial
b = copy.deepcopy(base)
for k, v in b["answers"].items():
    if isinstance(v, dict) and v.get("value") == "yes":
        v["value"] = "partial"
json.dump(b, open(f"{out}/many.json", "w", encoding="utf-8"), ensure_ascii=False)
# the organisation's own clause numbers, long ones
nums = {}
for c in ["11-2(2)②イ", "11-2(2)②ウ", "11-2(2)②エ", "11-2(2)②オ", "11-2(2)②カ", "11-2(2)②キ", "11-2(2)③",
          "11-2(2)⑤", "11-2(2)⑥イ", "11-2(2)⑦", "11-2(2)⑧", "11-2(2)⑪", "11-2(4)③", "7-1(7)③", "2(1)"]:
    nums[c] = "第9章第3節第2項" + c.split(")", 1)[-1] if ")" in c else "第2章第1節"
json.dump({"format": "assess-policy/1", "organization": "みなと市", "clause_numbers": nums},
          open(f"{out}/policy.json", "w", encoding="utf-8"), ensure_ascii=False)
EOF

export ASSESS_LAYOUT_LOG="$tmp/layout.log"
names=(--approver "みなと市副市長 兼 最高情報セキュリティ責任者 山田 太郎左衛門" \
       --requester "総務部情報政策課 情報セキュリティ担当 主任主事 佐藤 花子" \
       --security-officer "総務部長 伊集院 光太郎" --security-manager "情報政策課長 長谷川 健一郎" \
       --manager "総務部情報政策課 情報基盤係長 鈴木 一郎")
for f in subs many; do
    for pol in default local; do
        args=(); [ "$pol" = local ] && args=(--policy "$tmp/policy.json")
        mkdir -p "$tmp/$f-$pol"
        "$ASSESS" pack "$tmp/$f.json" -o "$tmp/$f-$pol" "${args[@]}" "${names[@]}" --date 2026-11-20 \
            > "$tmp/$f-$pol.out" 2> "$tmp/$f-$pol.err" || fail "pack $f $pol: $(cat "$tmp/$f-$pol.err")"
    done
done
"$ASSESS" reaudit "$S/reaudit/2025.json" "$tmp/many.json" -o "$tmp/ra" --date 2026-11-20 > /dev/null 2>&1 \
    || fail "reaudit"

"$PYTHON" - "$tmp" <<'EOF'
import glob, os, re, subprocess, sys
tmp = sys.argv[1]
docs, cur = [], None
for line in open(f"{tmp}/layout.log", encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("document "):
        cur = {"title": line, "recs": []}
        docs.append(cur)
        continue
    m = re.match(r"(\S+) page=(\d+) y=(\S+) ?(.*)", line)
    assert m, line
    cur["recs"].append((m.group(1), int(m.group(2)), m.group(4)))
assert len(docs) >= 5, f"{len(docs)} documents recorded"
pdfs = sorted(glob.glob(f"{tmp}/*-*/*.pdf")) + sorted(glob.glob(f"{tmp}/ra/*.pdf"))
assert len(pdfs) == len(docs), (len(pdfs), len(docs))
fails = []
subs_tables = 0
for doc in docs:
    recs = doc["recs"]
    for i, (kind, page, detail) in enumerate(recs):
        if kind == "heading":
            nxt = next(((k, p, d) for k, p, d in recs[i + 1:] if k not in ("heading", "carry")), None)
            if nxt and nxt[1] != page:
                fails.append(f"{doc['title']}: heading {detail!r} on page {page}, what follows on {nxt[1]}")
        if kind == "block":
            m = re.search(r"from=(\d+) to=(\d+)", detail)
            if m.group(1) != m.group(2):
                fails.append(f"{doc['title']}: a block runs from page {m.group(1)} to {m.group(2)}")
        if kind == "table" and detail.startswith("cols=4 rows=12 "):
            subs_tables += 1
        if kind == "cont":
            fails.append(f"{doc['title']}: a token was broken with a continuation mark")
    if not any(k == "footer-cut" for k, _, _ in recs) and "統合型内部情報系" in doc["title"]:
        fails.append(f"{doc['title']}: the long footer was not cut")
if subs_tables != 2:
    fails.append(f"{subs_tables} tables of 12 subcontractors, expected 2 (default and local policy)")

def pages(pdf):
    out = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")

for pdf, doc in zip(pdfs, docs):
    headings = {d for k, _, d in doc["recs"] if k == "heading"}
    texts = pages(pdf)
    for n, text in enumerate(texts[:-1], 1):
        lines = [l for l in text.split("\n") if l.strip()]
        body = [l for l in lines if not re.search(r"ページ|別紙 \d+ / \d+|Page \d+ of|再監査報告書$", l)]
        body = [l for l in body if "審査資料" not in l or l.startswith("別紙")]
        if body and body[-1].strip() in headings:
            fails.append(f"{os.path.basename(pdf)} page {n} ends with the heading {body[-1]!r}")
    flat = "".join(texts).replace("\n", "").replace(" ", "")
    if "subs-" in pdf:
        for i in range(1, 13):
            if f"株式会社とうほく広域データセンター運用サポートサービス第{i}事業所" not in flat:
                fails.append(f"{os.path.basename(pdf)}: subcontractor {i} not whole")
    if "-local" in pdf:
        for c in ["第9章第3節第2項⑥イ", "第9章第3節第2項⑪"]:
            if c not in flat:
                fails.append(f"{os.path.basename(pdf)}: local clause {c} missing or broken")
    for name in ["山田太郎左衛門", "佐藤花子", "伊集院光太郎", "長谷川健一郎"]:
        if "/ra/" in pdf:
            break
        p1 = texts[0].replace("\n", "").replace(" ", "")
        if name not in p1:
            fails.append(f"{os.path.basename(pdf)}: name {name} broken or missing on page 1")
    for t in texts[1:-1]:
        if "…" in t and "統合型" in t and not re.search(r"…\s*\n?.*別紙", t, re.S):
            pass
if fails:
    print("\n".join(fails[:40]), file=sys.stderr)
    sys.exit(1)
print(f"layout_rules: ok ({len(docs)} documents)")
EOF
# the cut footer ends with 「…」 on the page itself
pdftotext -raw -f 2 -l 2 "$(ls "$tmp"/subs-default/*.pdf)" - | grep -q "…" || fail "cut footer without …"
