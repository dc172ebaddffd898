#!/usr/bin/python3
"""Fill a blank assess form (made by `assess form`) from an answers file, the way a vendor
would in a spreadsheet program: type into the yellow cells, pick the drop-down labels, type
dates as dates and numbers as numbers.

usage: fill_form.py FORM.xlsx ANSWERS.json OUT.xlsx --bank BANK.json [--insert-row] [--sort]
                    [--text-numbers]

  --bank BANK.json  the question bank (for the labels of choice options, which is what a
                    vendor picks from the drop-down list)

  --insert-row    insert a blank row and a row of notes in the middle of the table (rows must
                  be matched by id, not by position)
  --sort          reverse the order of the question rows
  --text-numbers  type numbers as text ("99.95") the way a careless vendor does
"""
import datetime
import json
import sys

import openpyxl

YESNO = {"ja": {"yes": "はい", "no": "いいえ", "partial": "一部", "na": "該当なし"},
         "en": {"yes": "Yes", "no": "No", "partial": "Partly", "na": "N/A"}}
NA = {"ja": "該当なし", "en": "N/A"}
PURPOSE = {"ja": {"procurement": "調達 (入札比較)", "approval": "利用承認", "reaudit": "年次再監査"},
           "en": {"procurement": "Procurement", "approval": "Approval of use", "reaudit": "Annual re-audit"}}


def main():
    form, answers_path, out = sys.argv[1:4]
    flags = set(sys.argv[4:])
    bank = None
    if "--bank" in sys.argv:
        with open(sys.argv[sys.argv.index("--bank") + 1], encoding="utf-8") as f:
            bank = json.load(f)
    with open(answers_path, encoding="utf-8") as f:
        doc = json.load(f)
    wb = openpyxl.load_workbook(form)
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    lang = meta.get("lang", "ja")
    ws = wb["回答"] if "回答" in wb.sheetnames else wb["Answers"]
    lists = wb["_lists"]

    # choice labels come from the drop-down list of each row: map option value -> label by
    # reading the bank through `assess questionnaire show --json` would be cleaner, but a vendor
    # only sees labels, so take them from the validation list the cell offers.
    list_of = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list" or not dv.formula1:
            continue
        ref = dv.formula1.split("!")[1].replace("$", "")
        first, last = ref.split(":")
        col = first.rstrip("0123456789")
        n1, n2 = int(first[len(col):]), int(last[len(col):])
        vals = [lists[f"{col}{i}"].value for i in range(n1, n2 + 1)]
        for cell in str(dv.sqref).split():
            list_of[cell] = vals

    rows = {}
    for row in ws.iter_rows(min_row=1):
        key = row[0].value
        if isinstance(key, str) and "." in key:
            rows[key] = row[0].row

    v = doc["vendor"]
    s = doc["service"]
    a = doc["assessment"]
    header = {"@vendor.name": v["name"], "@vendor.corporate_number": v.get("corporate_number"),
              "@vendor.country": v["country"], "@service.name": s["name"],
              "@service.model": s.get("model"),
              "@assessment.date": datetime.datetime.fromisoformat(a["date"]),
              "@assessment.purpose": PURPOSE[lang][a["purpose"]]}
    for key, val in header.items():
        if val is not None:
            ws.cell(rows[key], 6).value = val
    if header["@vendor.corporate_number"]:
        ws.cell(rows["@vendor.corporate_number"], 6).number_format = "@"

    choice_values = {}
    for q in (bank or {}).get("questions", []):
        if q["type"] == "choice":
            choice_values[q["id"]] = {o["value"]: o["label"][lang] for o in q["options"]}
    for qid, ans in doc["answers"].items():
        if qid not in rows:
            continue  # not applicable for this form's classification
        r = rows[qid]
        cell = ws.cell(r, 6)
        val = ans["value"]
        offered = list_of.get(cell.coordinate)
        if val == "na":
            cell.value = NA[lang]
        elif isinstance(val, list) and val and isinstance(val[0], dict):
            cell.value = "\n".join(" / ".join(str(x) for x in item.values()) for item in val)
        elif isinstance(val, list):
            cell.value = ", ".join(val) if val else ""
            if not val:
                cell.value = "なし" if lang == "ja" else "none"
        elif isinstance(val, (int, float)) and not isinstance(val, bool):
            cell.value = str(val) if "--text-numbers" in flags else val
        elif isinstance(val, str) and val in YESNO[lang] and offered and YESNO[lang][val] in offered:
            cell.value = YESNO[lang][val]
        elif isinstance(val, str) and len(val) == 10 and val[4] == "-" and val[7] == "-":
            cell.value = datetime.datetime.fromisoformat(val)
        elif offered:
            # a choice: the vendor picks the label; we find it through the bank's option order
            label = choice_values.get(qid, {}).get(val)
            cell.value = label if label in offered else val
        else:
            cell.value = val
        if "comment" in ans:
            ws.cell(r, 7).value = ans["comment"]
        if "evidence" in ans:
            ws.cell(r, 8).value = "\n".join(ans["evidence"])

    if "--insert-row" in flags:
        ws.protection.sheet = False
        mid = (min(rows[k] for k in rows if not k.startswith("@")) + max(rows.values())) // 2
        ws.insert_rows(mid, 2)
        ws.cell(mid + 1, 4).value = "（事業者メモ）以下は追記事項"
        ws.cell(mid + 1, 6).value = "メモ"
    if "--sort" in flags:
        qrows = sorted(rows[k] for k in rows if not k.startswith("@"))
        data = [[ws.cell(r, c).value for c in range(1, 9)] for r in qrows]
        for r, vals in zip(qrows, reversed(data)):
            for c, val in enumerate(vals, start=1):
                ws.cell(r, c).value = val
    wb.save(out)


main()
