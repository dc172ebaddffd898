#!/usr/bin/python3
"""Scan the text of Japanese documents (PDF via pdftotext, XLSX via openpyxl, DOCX via python-docx)
for English status words and ISO dates outside identifiers (issue 29: one language and one date
style, 和暦 with the Western year, in Japanese documents).

Usage: ja_text.py FILE...   prints every offending text with its place; exit 1 when any.
An ISO date is allowed inside an identifier (a file name 「…_2026-12-01.pdf」, a key
「EXT-2026-0001」): the date must not touch a letter, digit, '_', '-', '.' or '/'. An English
status word is allowed inside an identifier too (question ids such as exit.data_format).
XLSX date cells are checked by their number format: it must not show the date as yyyy-mm-dd.
"""
import re, subprocess, sys, zipfile

ISO = re.compile(r"(?<![\w./-])\d{4}-\d{2}-\d{2}(?![\w./-])")
WORDS = re.compile(r"(?<![\w./@-])(approved|conditional|rejected|incomplete|met|waived|operate|revoked|"
                   r"expired|ended|knockout|major|minor|active|build)(?![\w./-])")
# ISO 8601 timestamps of a history (2026-12-07T12:59:07+00:00) are dates too
STAMP = re.compile(r"(?<![\w./-])\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

def texts(path):
    if path.endswith(".pdf"):
        out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
        for n, line in enumerate(out.splitlines(), 1):
            yield f"line {n}", line
    elif path.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.title.startswith("_"):
                continue  # the form's machine sheet (_meta) is not read by people
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    if c.is_date and re.search(r"y+-m+-d+", c.number_format or ""):
                        yield f"{ws.title}!{c.coordinate}", f"date cell shown as {c.number_format}"
                        continue
                    if isinstance(c.value, str):
                        yield f"{ws.title}!{c.coordinate}", c.value
    elif path.endswith(".docx"):
        import docx
        d = docx.Document(path)
        for n, p in enumerate(d.paragraphs, 1):
            yield f"paragraph {n}", p.text
        for t, table in enumerate(d.tables, 1):
            for r, row in enumerate(table.rows, 1):
                for k, cell in enumerate(row.cells, 1):
                    yield f"table {t} row {r} cell {k}", cell.text

bad = 0
for path in sys.argv[1:]:
    for place, text in texts(path):
        hits = [m.group(0) for m in ISO.finditer(text)] + [m.group(0) for m in STAMP.finditer(text)] + \
               [m.group(0) for m in WORDS.finditer(text)]
        if text.startswith("date cell shown as"):
            hits.append(text)
        if hits:
            bad += 1
            print(f"{path}: {place}: {', '.join(sorted(set(hits)))}: {text.strip()[:160]}")
print(f"{len(sys.argv) - 1} documents, {bad} texts with English status words or ISO dates", file=sys.stderr)
sys.exit(1 if bad else 0)
