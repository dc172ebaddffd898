#!/usr/bin/python3
"""Rewrite a carefully filled assess form the way vendors really fill spreadsheets, or with the
mistakes they really make. Used by form_habits.sh.

usage: form_habits.py habits FILLED.xlsx OUT.xlsx --bank BANK.json [--variant N]
       form_habits.py bad FILLED.xlsx OUT.xlsx --bank BANK.json
       form_habits.py rows FORM.xlsx          (prints "id row" for every row of the answer sheet)

habits: every answer means the same as in FILLED, typed as people type it:
  - a question in %: the number typed as 99.95% into the cell (stored 0.9995, percent format)
  - other numbers: full-width digits as text (２４), or with their unit (24時間, 3か月)
  - dates: 令和9年3月31日, R9.3.31, 2027/3/31 as text, and a bare Excel serial number (which one
    depends on --variant, so that the samples together cover them all)
  - countries: 日本, 米国, full-width ＳＧ, separated by 、
  - yes/no: ○, ×, △
  - lists: the fields separated by the full-width ／
  - the vendor's country as 日本, the corporate number as a number, the date of the answers as
    R8.11.20, full-width spaces around texts
  - a remark typed into the empty row above the table (reported as a row without an id)
bad: one mistake per question kind (each gets its documented error):
  - 「99.9%」 typed for hours; 24% (a percent-formatted cell) for hours; "high" for %
  - 2026/13/45 as a date; ZZ as a country; a list line with two fields; a formula
"""
import datetime
import json
import sys

import openpyxl

FW = {c: chr(ord(c) + 0xFEE0) for c in "0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ%/-"}
NAMES = {"JP": "日本", "US": "米国", "GB": "英国"}
MARKS = {"はい": "○", "いいえ": "×", "一部": "△"}


def full_width(s):
    return "".join(FW.get(c, c) for c in str(s))


def era(d):
    if d >= datetime.date(2019, 5, 1):
        return "令和%d年%d月%d日" % (d.year - 2018, d.month, d.day)
    return "平成%d年%d月%d日" % (d.year - 1988, d.month, d.day)


def rows_of(ws):
    rows = {}
    for row in ws.iter_rows(min_row=1):
        key = row[0].value
        if isinstance(key, str) and "." in key:
            rows[key] = row[0].row
    return rows


def main():
    mode, src = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(src)
    ws = wb["回答"] if "回答" in wb.sheetnames else wb["Answers"]
    rows = rows_of(ws)
    if mode == "rows":
        for k, r in rows.items():
            print(k, r)
        return
    out = sys.argv[3]
    with open(sys.argv[sys.argv.index("--bank") + 1], encoding="utf-8") as f:
        bank = json.load(f)
    qs = {q["id"]: q for q in bank["questions"]}
    variant = int(sys.argv[sys.argv.index("--variant") + 1]) if "--variant" in sys.argv else 0
    n_num = n_yn = variant
    n_date = variant
    for qid, r in rows.items():
        cell = ws.cell(r, 6)
        v = cell.value
        if qid.startswith("@") or v is None:
            continue
        q = qs[qid]
        t = q["type"]
        if mode == "habits":
            if t == "number" and isinstance(v, (int, float)):
                unit = q.get("unit", {}).get("ja", "")
                if unit == "%":
                    cell.value = v / 100
                    cell.number_format = "0.00%"
                else:
                    n_num += 1
                    cell.value = full_width(v) if n_num % 2 else "%s%s" % (v, unit)
            elif t == "date" and isinstance(v, datetime.datetime):
                n_date += 1
                d = v.date()
                cell.value = [era(d), "R%d.%d.%d" % (d.year - 2018, d.month, d.day),
                              "%d/%d/%d" % (d.year, d.month, d.day),
                              (d - datetime.date(1899, 12, 30)).days][n_date % 4]
            elif t == "countries" and isinstance(v, str) and v not in ("なし", "none"):
                cell.value = "、".join(NAMES.get(c.strip(), full_width(c.strip())) for c in v.split(","))
            elif t == "country" and isinstance(v, str):
                cell.value = NAMES.get(v, full_width(v))
            elif t == "yesno" and v in MARKS:
                n_yn += 1
                if n_yn % 2:
                    cell.value = MARKS[v]
            elif t == "list" and isinstance(v, str):
                cell.value = v.replace(" / ", "／")
            elif t == "text" and isinstance(v, str):
                cell.value = "\u3000" + v + " "
    if mode == "habits":
        ws.cell(rows["@vendor.country"], 6).value = "日本"
        corp = ws.cell(rows["@vendor.corporate_number"], 6)
        if corp.value:
            corp.value = int(corp.value)
            corp.number_format = "0"
        date = ws.cell(rows["@assessment.date"], 6)
        d = date.value.date()
        date.value = ["R%d.%d.%d" % (d.year - 2018, d.month, d.day), era(d), "%d/%d/%d" % (d.year, d.month, d.day),
                      "%d年%d月%d日" % (d.year, d.month, d.day)][variant % 4]
        # the empty row between the header fields and the table
        ws.cell(rows["@assessment.date"] + 1, 6).value = "備考: 詳細は別紙のとおり"
    elif mode == "bad":
        ws.cell(rows["sla.incident_notification_hours"], 6).value = "99.9%"
        c = ws.cell(rows["bak.rto_hours"], 6)
        c.value = 0.24
        c.number_format = "0%"
        ws.cell(rows["sla.availability_percent"], 6).value = "high"
        ws.cell(rows["cert.expiry"], 6).value = "2026/13/45"
        ws.cell(rows["law.governing_law"], 6).value = "ZZ"
        ws.cell(rows["sub.list"], 6).value = "株式会社A / JP"
        ws.cell(rows["bak.frequency_hours"], 6).value = "=12*2"
    wb.save(out)


main()
