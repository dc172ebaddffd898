#!/bin/bash
# Any document tree, drawn by the three renderers of the document model (report/doc_*.c), read
# as its readers see it (issue 23): the unit test's sample (tests/unit/test_docmodel.c: a part
# with a key-value block, a table of every cell kind with a sheet-only key column, an empty
# table, a kept part with a paragraph, a list and a page break) kept with DOCMODEL_OUT and read
# with python-docx, openpyxl and poppler (and LibreOffice when installed).
set -euo pipefail
: "${BUILD:?BUILD must name the build tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pdftotext >/dev/null || fail "pdftotext is needed (apt-get install poppler-utils)"
DOCMODEL_OUT="$T" CK_FORK=no CK_RUN_CASE=core "$BUILD/tests/test_docmodel" >/dev/null || fail "test_docmodel"
[ -s "$T/r.pdf" ] && [ -s "$T/r.xlsx" ] && [ -s "$T/r.docx" ] && [ -s "$T/across.xlsx" ] || fail "outputs missing: $(ls "$T")"
pdftotext -layout "$T/r.pdf" "$T/r.txt"
if command -v qpdf >/dev/null; then qpdf --check "$T/r.pdf" >/dev/null || fail "qpdf"; fi
"$PYTHON" - "$T" <<'PY'
import datetime, re, sys, docx, openpyxl
t = sys.argv[1]
paper = open(f"{t}/r.txt", encoding="utf-8").read()
for s in ["報告", "概要", "二つ目", "小見出し", "該当なし。", "本文", "・一", "・二", "99.95 %", "条件付き承認", "重大",
          "令和8年4月1日 (2026年) 〜 令和9年3月31日 (2027年)"]:
    assert s in paper, f"PDF lacks {s!r}"
assert "キー" not in paper and "key" not in paper, "a sheet-only column is on paper"
for s in ["87.5", "■ 条件付き承認", "□ 承認", "□ 不承認", "不承認", "41.0 点", "財政課長", "起案者"]:
    assert s in paper, f"PDF lacks {s!r}"
for s in ["要旨: 右寄せの行", "注記の行", "第1条(目的)", "条文の本文", "根拠: 11-2(3)②", "第2条(協議)甲乙協議する。"]:
    assert s in paper, f"PDF lacks {s!r}"
wb = openpyxl.load_workbook(f"{t}/r.xlsx")
assert wb.sheetnames == ["Summary", "二つ目", "Summary (2)", "a_b_c"], wb.sheetnames
ws = wb["Summary"]
assert ws.cell(1, 1).value == "報告"
assert ws.print_area and ws.print_title_rows, (ws.print_area, ws.print_title_rows)
rows = list(ws.iter_rows(values_only=True))
kv = [r for r in rows if r[0] in ("基準日", "対象期間")]
assert all(isinstance(v, datetime.datetime) for r in kv for v in r[1:] if v is not None), kv
head = next(i for i, r in enumerate(rows) if r[0] == "項目")
assert rows[head][:5] == ("項目", "数", "判定", "重大度", "キー"), rows[head]
data = rows[head + 1]
assert data[1] == 99.95 and data[2] == "条件付き承認" and data[3] == "重大" and data[4] == "key", data
assert len([r for r in rows[head + 1:] if r[0] == "行"]) == 20
ws2 = wb["二つ目"]
r2 = list(ws2.iter_rows(values_only=True))
chart = {r[0]: r[1] for r in r2 if r and r[0] in ("サービスレベル", "所在地")}
assert chart == {"サービスレベル": 87.5, "所在地": None}, chart  # a chart becomes a table of numbers
flat = [v for r in r2 for v in r if isinstance(v, str)]
assert any("■ 条件付き承認" in v for v in flat) and "財政課長" in flat and "山田\u00a0太郎" in flat, flat
d = docx.Document(f"{t}/r.docx")
heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
assert heads[:3] == ["概要", "小見出し", "二つ目"], heads
tab = d.tables[0]
assert [c.text for c in tab.rows[0].cells] == ["項目", "数", "判定", "重大度"], [c.text for c in tab.rows[0].cells]
assert [c.text for c in tab.rows[1].cells] == ["行", "99.95 %", "条件付き承認", "重大"]
body = "\n".join(p.text for p in d.paragraphs)
for s in ["本文", "一", "二", "該当なし。", "基準日", "■ 条件付き承認", "41.0 点", "右寄せの行", "注記の行",
          "(目的)", "条文の本文", "根拠: 11-2(3)②", "(協議)甲乙協議する。"]:
    assert s in body, f"DOCX lacks {s!r}"
numbered = [p for p in d.paragraphs if p.text.startswith("(目的)")]
assert numbered and numbered[0]._p.pPr is not None and numbered[0]._p.pPr.numPr is not None, "an article is not numbered by Word"
PY
# the pack's needs (test_docmodel pack_pages_lines_and_sheets): the 起案 page unnumbered, the
# 別紙 numbered on its own; a workbook of the sheet parts only, one of them a grid
[ -s "$T/p.pdf" ] && [ -s "$T/p.xlsx" ] && [ -s "$T/p.docx" ] || fail "pack outputs missing: $(ls "$T")"
pdftotext -layout -f 1 -l 1 "$T/p.pdf" "$T/p1.txt"
pdftotext -layout "$T/p.pdf" "$T/p.txt"
p1=$(tr -d ' \n' < "$T/p1.txt")
case "$p1" in *起案用紙*決定:■承認*) ;; *) fail "the 起案 page: $p1" ;; esac
grep -q "別紙\|ページ" "$T/p1.txt" && fail "page 1 is numbered"
grep -q "別紙 1 / 1" "$T/p.txt" && grep -q "差戻し (回答の矛盾)" "$T/p.txt" || fail "the 別紙 is not numbered on its own"
grep -q "シート題\|稼働率" "$T/p.txt" && fail "a workbook's blocks are on paper"
"$PYTHON" - "$T/p.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["概要", "回答"], wb.sheetnames
assert wb.properties.title == "審査資料 — サービス", wb.properties.title
s = wb["概要"]
assert s["A1"].value == "シート題" and s.print_title_rows == "$1:$1" and s.freeze_panes == "A2", (s["A1"].value, s.print_title_rows)
assert "起 案 用 紙" not in [c.value for r in s.iter_rows() for c in r], "a paper block in the workbook"
# a long text in a key-value row wraps at the width the table under it gives its column
long = next(r for r in s.iter_rows() if r[0].value == "質問票")[1]
assert long.alignment.wrap_text and s.row_dimensions[long.row].height > 15, (long.alignment.wrap_text, s.row_dimensions[long.row].height)
assert s.column_dimensions["B"].width >= 30, s.column_dimensions["B"].width
g = wb["回答"]
assert [c.value for c in g[1]] == ["ID", "質問", "得点"], [c.value for c in g[1]]
assert g.freeze_panes == "B2" and g.auto_filter.ref == "A1:C2", (g.freeze_panes, g.auto_filter.ref)
assert g["C2"].value == 0.5 and g["C2"].number_format == "0%", (g["C2"].value, g["C2"].number_format)
assert g.conditional_formatting and g.column_dimensions["A"].width > 20, g.column_dimensions["A"].width
PY
# the workbook additions (test_docmodel's a_sheet_read_across): a sheet of its own read across
"$PYTHON" - "$T/across.xlsx" <<'PY'
import os, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["比較", "二枚目"], wb.sheetnames
ws = wb["比較"]
assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == ["比較の表", "副題の行", None, "項目"]
assert ws.freeze_panes == "C5", ws.freeze_panes  # the two label columns and the header in view
fill = lambda r, c: ws.cell(r, c).fill.fgColor.rgb
assert fill(5, 4) == "FFFFF2CC" and fill(5, 3) in (None, "00000000"), (fill(5, 4), fill(5, 3))
assert fill(6, 4) == "FFC00000" and ws.cell(6, 4).font.b, fill(6, 4)
assert fill(5, 1) == "FFF2F2F2", fill(5, 1)
pct = ws.cell(6, 3)
assert pct.value == 0.85 and pct.number_format == "0%", (pct.value, pct.number_format)
assert ws.page_setup.orientation == "landscape"  # 114 characters wide: wider than portrait
for s in wb:
    # '&' starts a code in a header: written doubled, as openpyxl shows it
    assert s.oddHeader.left.text == "件名: 見出し && 組織", s.oddHeader.left.text
assert wb["二枚目"].freeze_panes is None
assert oct(os.stat(sys.argv[1]).st_mode & 0o777) == "0o600"
PY
if command -v libreoffice >/dev/null; then
    timeout 120 libreoffice --headless --convert-to csv --outdir "$T/lo" "$T/r.xlsx" >/dev/null 2>&1
    grep -q "99.95" "$T"/lo/*.csv || fail "LibreOffice does not read the workbook"
fi
echo "docmodel: one tree, read back from PDF, XLSX and DOCX"
