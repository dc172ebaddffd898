#!/usr/bin/python3
"""Make a hostile or broken variant of a filled assess form, for the import tests.

usage: make_hostile.py FILLED.xlsx KIND OUT.xlsx

KIND:
  notzip      a text file with an .xlsx name
  truncated   the first half of the workbook's bytes
  bomb        the answer sheet replaced by 200 MiB of XML that deflates to ~200 KiB
  huge        6,000 extra rows in the answer sheet
  formula     a formula in an answer cell (F of sla.availability_percent)
  nometa      the hidden _meta sheet removed
  nosheet     the answer sheet renamed
  otherbank   _meta names a questionnaire assess does not have
  oldversion  _meta names version 0.9 of the questionnaire
  badcells    several invalid answers at once
  doctype     an entity-expansion DOCTYPE in xl/workbook.xml
  dupid       a question row duplicated
"""
import io
import sys
import zipfile

import openpyxl


def rows_by_id(ws):
    return {r[0].value: r[0].row for r in ws.iter_rows(min_row=1) if isinstance(r[0].value, str)}


def answer_sheet(wb):
    return wb["回答"] if "回答" in wb.sheetnames else wb["Answers"]


def rewrite_zip(src, out, replace):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in replace:
                data = replace[item.filename](data)
            zout.writestr(item.filename, data)


def sheet_part(src, title):
    """Zip entry of the sheet called title (openpyxl-saved files: xl/worksheets/sheetN.xml)."""
    wb = openpyxl.load_workbook(src)
    idx = wb.sheetnames.index(title) + 1
    return f"xl/worksheets/sheet{idx}.xml"


def main():
    src, kind, out = sys.argv[1:4]
    if kind == "notzip":
        open(out, "w").write("this is not a workbook\n")
        return
    if kind == "truncated":
        data = open(src, "rb").read()
        open(out, "wb").write(data[: len(data) // 2])
        return
    if kind == "bomb":
        part = sheet_part(src, answer_sheet(openpyxl.load_workbook(src)).title)
        def bomb(data):
            head = data[: data.index(b"<sheetData>") + len(b"<sheetData>")]
            return head + b" " * (200 * 1024 * 1024) + b"</sheetData></worksheet>"
        rewrite_zip(src, out, {part: bomb})
        return
    if kind == "doctype":
        lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
               b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
        def inject(d):
            return lol + (d[d.index(b"?>") + 2:] if d.startswith(b"<?xml") else d)
        rewrite_zip(src, out, {"xl/workbook.xml": inject})
        return
    wb = openpyxl.load_workbook(src)
    ws = answer_sheet(wb)
    rows = rows_by_id(ws)
    if kind == "huge":
        for i in range(6000):
            ws.append(["", "", "", f"filler {i}"])
    elif kind == "formula":
        ws.cell(rows["sla.availability_percent"], 6).value = "=99+0.95"
    elif kind == "nometa":
        del wb["_meta"]
    elif kind == "nosheet":
        ws.title = "Sheet1"
    elif kind in ("otherbank", "oldversion"):
        meta = wb["_meta"]
        for r in meta.iter_rows():
            if kind == "otherbank" and r[0].value == "questionnaire":
                r[1].value = "nosuch"
            if kind == "oldversion" and r[0].value == "questionnaire_version":
                r[1].value = "0.9"
    elif kind == "badcells":
        ws.cell(rows["sla.availability_percent"], 6).value = "high"
        ws.cell(rows["law.governing_law"], 6).value = "XX"
        ws.cell(rows["cert.expiry"], 6).value = "next year"
        ws.cell(rows["sla.reporting"], 6).value = "sometimes"
        ws.cell(rows["sec.admin_mfa"], 6).value = "maybe"
        ws.cell(rows["loc.storage_countries"], 6).value = "JP, ZZ"
    elif kind == "dupid":
        ws.protection.sheet = False
        r = ws.max_row + 1
        ws.cell(r, 1).value = "sla.availability_percent"
        ws.cell(r, 6).value = 99.0
    else:
        sys.exit(f"unknown kind {kind}")
    wb.save(out)


main()
