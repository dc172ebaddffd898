#!/usr/bin/python3
"""Type into a filled form as a vendor would, by question id rather than by cell:
set_cells.py FORM.xlsx ID COLUMN VALUE [FORMAT] [ID COLUMN VALUE [FORMAT] ...] with FORMAT '-'
for none; a VALUE of the form num:X is stored as the number X. Prints the cells it wrote."""
import sys
import openpyxl

def main():
    path, args = sys.argv[1], sys.argv[2:]
    wb = openpyxl.load_workbook(path)
    ws = wb["回答"] if "回答" in wb.sheetnames else wb["Answers"]
    rows = {str(r[0].value): r[0].row for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value}
    out = []
    while args:
        qid, col, value, fmt = args[0], args[1], args[2], args[3] if len(args) > 3 else "-"
        args = args[4:]
        cell = ws[f"{col}{rows[qid]}"]
        cell.value = float(value[4:]) if value.startswith("num:") else value
        if fmt != "-":
            cell.number_format = fmt
        out.append(cell.coordinate)
    wb.save(path)
    print(" ".join(out))

main()
