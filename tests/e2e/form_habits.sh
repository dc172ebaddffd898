#!/bin/bash
# Forms as vendors really fill them (issue #14). For each sample: the form filled carefully
# (fill_form.py) and the same form filled with every habit (form_habits.py habits: 99.95% in a
# percent cell, full-width digits, era dates, 日本/米国, ○×△, ／, a remark in a row without an id)
# must import to byte-identical answers - also after LibreOffice has re-saved the habit-filled
# workbook as XLSX and as ODS. Then each mistake (form_habits.py bad) gets exactly its documented
# message, from XLSX and from ODS; an empty required cell is a warning naming the cell while the
# answers are still written; .xls, .csv and zips with duplicate entry names are refused with
# what to do.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${PYTHON:=/usr/bin/python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fill="$SRC/tests/e2e/fill_form.py"
habits="$SRC/tests/e2e/form_habits.py"
fail=0
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "FAIL: LibreOffice (soffice) not installed: apt-get install -y libreoffice-calc-nogui"; exit 1
fi
lo() { # format, file, outdir
    "$soffice" -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to "$1" --outdir "$3" "$2" >/dev/null 2>&1
}
field() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
row_of() { "$PYTHON" "$habits" rows "$1" | awk -v k="$2" '$1 == k {print $2}'; }
# stderr without the "assess: FILE: " prefix, one line per message
msgs() { sed -E 's/^assess: [^:]+: //'; }

variant=0
for s in minato-docs skyharbor-us kumo-subcontract outsourcing-payroll light-survey; do
    variant=$((variant + 1))
    sample="$SRC/samples/$s.json"
    bank=$(field "$sample" 'd["questionnaire"]')
    cls=$(field "$sample" '"%d/%d/%d" % tuple(d["assessment"]["classification"][k] for k in ("confidentiality","integrity","availability"))')
    d="$tmp/$s"
    mkdir -p "$d/lo"
    "$ASSESS" form "$bank" --classification "$cls" -o "$d/form.xlsx" --date 2026-11-20
    "$PYTHON" "$fill" "$d/form.xlsx" "$sample" "$d/careful.xlsx" --bank "$SRC/questionnaires/$bank.json"
    "$PYTHON" "$habits" habits "$d/careful.xlsx" "$d/habits.xlsx" --bank "$SRC/questionnaires/$bank.json" --variant "$variant"
    "$ASSESS" import "$d/careful.xlsx" -o "$d/careful.json" 2>/dev/null
    remark_row=$(( $(row_of "$d/form.xlsx" "@assessment.date") + 1 ))
    want="回答!F$remark_row: A 列に質問 ID のない行です。この行の記入 (\"備考: 詳細は別紙のとおり\") は読み込みません。補足は該当する質問の行の「補足・コメント」欄に書いてください"
    lo ods "$d/habits.xlsx" "$d/lo"
    lo xlsx "$d/habits.xlsx" "$d/lo"
    for f in "$d/habits.xlsx" "$d/lo/habits.xlsx" "$d/lo/habits.ods"; do
        label="$s ${f#"$d/"}"
        if ! "$ASSESS" import "$f" -o "$d/out.json" --force 2>"$d/err"; then
            echo "FAIL $label: import failed"; cat "$d/err"; fail=1; continue
        fi
        if ! cmp -s "$d/careful.json" "$d/out.json"; then
            echo "FAIL $label: answers differ from the careful form"; diff "$d/careful.json" "$d/out.json" | head -20; fail=1
        elif ! msgs <"$d/err" | grep -qxF "$want"; then
            echo "FAIL $label: the remark row is not reported as: $want"; cat "$d/err"; fail=1
        else
            echo "ok   $label: same answers as the careful form, remark row reported"
        fi
    done
done

# Each mistake, exactly its message, through XLSX and ODS (LibreOffice's own format).
d="$tmp/kumo-subcontract"
form="$d/form.xlsx"
"$PYTHON" "$habits" bad "$d/careful.xlsx" "$d/bad.xlsx" --bank "$SRC/questionnaires/cloud.json"
lo ods "$d/bad.xlsx" "$d/lo"
r() { row_of "$form" "$1"; }
cat >"$d/want" <<EOF
回答!F$(r sla.availability_percent): sla.availability_percent: 半角の数値 (%) を入力してください。入力値: "high"
回答!F$(r sla.incident_notification_hours): sla.incident_notification_hours: 半角の数値 (時間) を入力してください。この質問に「%」は使えません。入力値: "99.9%"
回答!F$(r sub.list): sub.list: 1 行に 1 件、「名称 / 国 / 役割」の形で書いてください: "株式会社A / JP"
回答!F$(r law.governing_law): law.governing_law: ISO 3166-1 の国コード (例: JP) を入力してください。入力値: "ZZ"
回答!F$(r bak.frequency_hours): bak.frequency_hours: 数式は使えません。値を直接入力してください
回答!F$(r bak.rto_hours): bak.rto_hours: 半角の数値 (時間) を入力してください。この質問に「%」は使えません。入力値: "24%"
回答!F$(r cert.expiry): cert.expiry: 日付 (例: 2027-03-31、令和9年3月31日) を入力してください。入力値: "2026/13/45"
EOF
for f in "$d/bad.xlsx" "$d/lo/bad.ods"; do
    set +e
    "$ASSESS" import "$f" -o "$d/bad.json" 2>"$d/err"
    rc=$?
    set -e
    msgs <"$d/err" | grep -v '必須の質問に回答がありません' >"$d/got" || true
    if [ $rc -ne 65 ] || [ -e "$d/bad.json" ] || ! diff "$d/want" "$d/got"; then
        echo "FAIL bad ${f##*/}: exit $rc, expected 65, no output and exactly the messages above"; fail=1
    else
        echo "ok   bad ${f##*/}: exit 65, no output, $(wc -l <"$d/want") messages as documented"
    fi
done

# An empty required cell: a warning naming the cell, the answers still written, score names it.
d="$tmp/minato-docs"
"$PYTHON" - "$d/careful.xlsx" "$d/empty.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["回答"]
for row in ws.iter_rows():
    if row[0].value == "sla.availability_percent":
        row[5].value = None
wb.save(sys.argv[2])
PY
cell="F$(row_of "$d/form.xlsx" sla.availability_percent)"
lo ods "$d/empty.xlsx" "$d/lo"
for f in "$d/empty.xlsx" "$d/lo/empty.ods"; do
    rm -f "$d/empty.json"
    if ! "$ASSESS" import "$f" -o "$d/empty.json" 2>"$d/err"; then echo "FAIL empty ${f##*/}: import failed"; fail=1; continue; fi
    if msgs <"$d/err" | grep -qxF "回答!$cell: sla.availability_percent: 必須の質問に回答がありません" &&
        msgs <"$d/err" | grep -qxF "警告: 必須の質問 1 件に回答がありません (上のセル)。回答ファイルは書き出しますが、評価は差戻し (未回答あり) になります。事業者に記入を依頼してください" &&
        [ "$(field "$d/empty.json" 'd["answers"]["sla.availability_percent"]')" = "{'source': '回答!$cell'}" ] &&
        "$ASSESS" score "$d/empty.json" | grep -qF "[sla.availability_percent, 回答!$cell]" &&
        [ "$("$ASSESS" score --json "$d/empty.json" | field /dev/stdin 'd["verdict"]')" = incomplete ]; then
        echo "ok   empty required cell ${f##*/}: warning at 回答!$cell, answers written, score names the cell"
    else
        echo "FAIL empty required cell ${f##*/}"; cat "$d/err"; fail=1
    fi
done

# Files that are not a form: what to do, exit 65.
lo xls "$d/careful.xlsx" "$d/lo"
lo csv "$d/careful.xlsx" "$d/lo"
"$PYTHON" - "$d/careful.xlsx" "$d/lo/habits.ods" "$d" <<'PY'
import sys, zipfile, warnings
warnings.simplefilter("ignore")
for src, out, extra in ((sys.argv[1], "dup.xlsx", "xl/workbook.xml"), (sys.argv[1], "case.xlsx", "XL/Workbook.xml"),
                        (sys.argv[2], "dup.ods", "Content.xml")):
    with zipfile.ZipFile(src) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    data = dict((i.filename, b) for i, b in entries)
    with zipfile.ZipFile(sys.argv[3] + "/" + out, "w") as o:
        for i, b in entries:
            o.writestr(i, b)
        o.writestr(extra, data.get(extra, data.get(extra.lower())))
PY
expect() { # file, lang, message
    set +e
    "$ASSESS" --lang "$2" import "$1" -o "$d/x.json" 2>"$d/err"
    local rc=$?
    set -e
    if [ $rc -eq 65 ] && [ ! -e "$d/x.json" ] && [ "$(msgs <"$d/err")" = "$3" ]; then
        echo "ok   ${1##*/} ($2): $3"
    else
        echo "FAIL ${1##*/} ($2): exit $rc:"; cat "$d/err"; echo "  expected: $3"; fail=1
    fi
}
expect "$d/lo/careful.xls" ja "Excel 97-2003 形式 (.xls) のブックは読めません。.xlsx (Excel ブック) または .ods で保存し直してください"
expect "$d/lo/careful.xls" en "an Excel 97-2003 workbook (.xls) cannot be read: save it again as .xlsx (Excel workbook) or .ods"
expect "$d/lo/careful.csv" ja "XLSX でも ODS でもありません (CSV・テキスト・PDF などは読めません)。.xlsx (Excel ブック) または .ods で保存し直してください"
expect "$d/lo/careful.csv" en "neither an XLSX nor an ODS file (CSV, text, PDF and others cannot be read): save it again as .xlsx (Excel workbook) or .ods"
expect "$d/dup.xlsx" ja "ZIP の中に同じ名前の項目が 2 つあります (xl/workbook.xml と xl/workbook.xml、大文字・小文字の違いだけのものを含む)。壊れているか手を加えられたファイルなので読み込みません。元のブックを開き、.xlsx (Excel ブック) または .ods で保存し直してください"
expect "$d/case.xlsx" ja "ZIP の中に同じ名前の項目が 2 つあります (XL/Workbook.xml と xl/workbook.xml、大文字・小文字の違いだけのものを含む)。壊れているか手を加えられたファイルなので読み込みません。元のブックを開き、.xlsx (Excel ブック) または .ods で保存し直してください"
expect "$d/dup.ods" en "the zip holds two entries of one name (Content.xml and content.xml, or names differing only in case); the file is damaged or was tampered with and is not read: open the original workbook and save it again as .xlsx (Excel workbook) or .ods"

exit $fail
