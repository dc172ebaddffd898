#!/bin/bash
# The year's report is one document drawn twice (issue 23): built once from the register's
# figures (register_report.c, asx/docmodel.h), its PDF and XLSX show the same columns. Read as
# their readers see them: every header and every value of every sheet of the workbook is in the
# PDF (pdftotext, whitespace aside; machine keys excepted); the workbook has one sheet per part,
# numbers as numbers, dates as dates, a print area on every sheet; qpdf finds the PDF sound.
set -euo pipefail
: "${ASSESS:?ASSESS must name the assess binary}" "${SRC:?SRC must name the source tree}"
PYTHON=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pdftotext >/dev/null || fail "pdftotext is needed (apt-get install poppler-utils)"
S="$SRC/samples"
cd "$T"
for f in outsourcing-payroll procurement/bid-b reaudit/2026; do
    "$ASSESS" register add "$S/$f.json" --register reg.sqlite --date 2026-12-01 \
        --approver "市長 山田太郎" --manager "情報政策課長 佐藤花子" >/dev/null
done
for lang in ja en; do
    "$ASSESS" register report --register reg.sqlite --fiscal-year 2026 --as-of 2026-12-01 --lang "$lang" \
        -o "rep-$lang" >/dev/null
    pdf="rep-$lang/register-report-2026.pdf" xlsx="rep-$lang/register-report-2026.xlsx"
    if command -v qpdf >/dev/null; then qpdf --check "$pdf" >/dev/null || fail "qpdf: $pdf"; fi
    pdftotext -raw "$pdf" "rep-$lang/report.txt"
    "$PYTHON" - "$xlsx" "rep-$lang/report.txt" "$lang" <<'PY'
import datetime, re, sys, openpyxl
xlsx, txt, lang = sys.argv[1:]
paper = re.sub(r"\s+", "", open(txt, encoding="utf-8").read())
wb = openpyxl.load_workbook(xlsx)
want = ["概要", "承認", "更新", "条件", "点検", "点検期限超過", "証明書"] if lang == "ja" else \
       ["Summary", "Approvals", "Renewals", "Conditions", "Checks", "Checks overdue", "Evidence"]
assert wb.sheetnames == want, wb.sheetnames
def shown(v):
    if isinstance(v, datetime.datetime):
        d = v.date()
        if lang == "en":
            return d.isoformat()
        return f"令和{d.year - 2018}年{d.month}月{d.day}日({d.year}年)"
    if isinstance(v, float):
        return f"{v:.1f}"
    return re.sub(r"\s+", "", str(v))
typed = {"date": 0, "number": 0}
for ws in wb:
    assert ws.print_area, f"{ws.title}: no print area"
    rows = list(ws.iter_rows(values_only=True))
    head = next((i for i, r in enumerate(rows) if r and r[0] in ("番号", "項目", "ID", "Figure")), None)
    if head is None:
        assert any(r and r[0] in ("該当なし。", "None.") for r in rows), f"{ws.title}: neither a table nor 該当なし"
        continue
    keys = [i for i, h in enumerate(rows[head]) if h in ("キー", "Key")]
    for r in rows[head:]:
        for i, v in enumerate(r):
            if v is None or i in keys or v in ("キー", "Key"):
                continue
            if isinstance(v, datetime.datetime):
                typed["date"] += 1
            elif isinstance(v, (int, float)):
                typed["number"] += 1
            assert shown(v) in paper, f"{ws.title}: {v!r} is in the workbook, not on paper"
assert typed["date"] > 5 and typed["number"] > 20, typed
PY
done
echo "year's report: the same columns and values on paper and in the workbook, typed cells, a sheet per part"
