"""Tables for people to open in Excel: CSV with a BOM and semicolons, and XLSX, with every
text cell that a spreadsheet would run as a formula neutralised."""

from __future__ import annotations

import csv
import io

Table = tuple[list[str], list[list[object]]]
TOO_FEW = "för få"  # what a suppressed figure says, in every export


def safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading ' keeps them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _cells(row: list[object]) -> list[object]:
    return [safe_cell(v) if isinstance(v, str) else v for v in row]


def to_csv(table: Table) -> str:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(_cells(row) for row in rows)
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read å, ä and ö right


def to_xlsx(table: Table, sheet_title: str) -> bytes:
    from openpyxl import Workbook  # only exports need it: keep it off start-up

    header, rows = table
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(_cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
