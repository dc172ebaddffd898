#!/usr/bin/python3
"""Fill the officer's review sheet (made by `assess review`) the way an officer would in a
spreadsheet program: sign the rows to decide (name and date typed as a date), pick another
decision from the drop-down labels where the officer disagrees with the suggestion.

usage: review_sheet.py SHEET.xlsx OUT.xlsx [ACTION…]

  sign:KEY[:SUBJECT]               sign the row as it is (the suggestion, if any, becomes the decision)
  decide:KEY[:SUBJECT]=LABEL       choose LABEL in the decision cell and sign
  detail:KEY[:SUBJECT]=TEXT        type TEXT into the detail cell
  dateonly:KEY                     type only the date (no name)
  override:QUESTION=SEVERITY       add a row changing QUESTION's severity (signed)
  rebind:SHA256                    change the hidden binding in _meta (what a hand edit could do)
  check                            check the blank sheet: sheets, protection, locked cells, lists
"""
import datetime
import sys

import openpyxl

KEY, SUBJECT, DECISION, REASON, DETAIL, NAME, DATE = 1, 2, 8, 9, 10, 11, 12


def rows(ws, key, subject=None):
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, KEY).value == key and (subject is None or ws.cell(r, SUBJECT).value == subject):
            yield r


def one(ws, spec):
    key, _, subject = spec.partition(":")
    found = list(rows(ws, key, subject or None))
    if len(found) != 1:
        sys.exit(f"review_sheet.py: {len(found)} rows for {spec}")
    return found[0]


def check(wb):
    names = wb.sheetnames
    assert names[0] in ("審査", "Review") and "_meta" in names, names
    meta = wb["_meta"]
    assert meta.sheet_state == "hidden", meta.sheet_state
    assert meta.protection.sheet, "the _meta sheet is not protected"
    kv = {r[0].value: r[1].value for r in meta.iter_rows()}
    assert kv["format"] == "assess-review-sheet/1" and len(kv["answers_sha256"]) == 64, kv
    ws = wb[names[0]]
    assert ws.protection.sheet, "the review sheet is not protected"
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    judged = [r for r in range(1, ws.max_row + 1) if ws.cell(r, KEY).value in
              ("foreign_law_risk", "subcontractors", "reliability", "terms", "spec_compliance")]
    assert judged, "no judgment rows"
    for r in judged:
        for c in (KEY, SUBJECT, 3, 4, 5, 6, 7):
            assert ws.cell(r, c).protection.locked, f"row {r} column {c} is not locked"
        for c in (DECISION, REASON, NAME, DATE):
            assert not ws.cell(r, c).protection.locked, f"row {r} column {c} is locked"
        cell = ws.cell(r, DECISION).coordinate
        assert any(cell in k.split() and dv.type == "list" for k, dv in lists.items()), f"{cell} has no list"
        assert ws.cell(r, 6).value, f"row {r} shows no facts"


def main():
    src, out, *actions = sys.argv[1:]
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    when = datetime.date(2026, 12, 10)
    for a in actions:
        verb, _, arg = a.partition(":")
        if verb == "check":
            check(wb)
        elif verb == "sign":
            r = one(ws, arg)
            ws.cell(r, NAME).value = "情報政策課長 田中一郎"
            ws.cell(r, DATE).value = when
        elif verb == "decide":
            spec, _, label = arg.partition("=")
            r = one(ws, spec)
            ws.cell(r, DECISION).value = label
            ws.cell(r, REASON).value = "審査会で確認"
            ws.cell(r, NAME).value = "情報政策課長 田中一郎"
            ws.cell(r, DATE).value = when
        elif verb == "detail":
            spec, _, text = arg.partition("=")
            ws.cell(one(ws, spec), DETAIL).value = text
        elif verb == "dateonly":
            ws.cell(one(ws, arg), DATE).value = when
        elif verb == "override":
            q, _, sev = arg.partition("=")
            r = ws.max_row + 1
            for c, v in ((KEY, "override"), (SUBJECT, q), (DECISION, sev), (REASON, "団体として受容"),
                         (NAME, "情報政策課長 田中一郎"), (DATE, when)):
                ws.cell(r, c).value = v
        elif verb == "rebind":
            meta = wb["_meta"]
            for r in range(1, meta.max_row + 1):
                if meta.cell(r, 1).value == "answers_sha256":
                    meta.cell(r, 2).value = arg
        else:
            sys.exit(f"review_sheet.py: unknown action {a}")
    wb.save(out)


main()
