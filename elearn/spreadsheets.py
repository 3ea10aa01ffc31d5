"""Downloads: tables for people to open in Excel (CSV with a BOM and semicolons, and XLSX),
with every text cell that a spreadsheet would run as a formula neutralised, and the response
that sends any download (a PDF too) uncached."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime

from flask import Response
from flask_babel import gettext as _

from . import clock
from .db import as_utc

Table = tuple[list[str], list[list[object]]]
About = list[tuple[str, str]]  # what a report download holds: organisation, as-of date, filters, rules
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def too_few() -> str:
    """What a suppressed figure says, in every export."""
    return _("för få")


def safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading ' keeps them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _cells(row: list[object]) -> list[object]:
    return [safe_cell(v) if isinstance(v, str) else v for v in row]


def to_csv(table: Table) -> str:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_cells(header))  # headers can come from course files too
    writer.writerows(_cells([_csv_cell(value) for value in row]) for row in rows)
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read å, ä and ö right


def _csv_cell(value: object) -> object:
    if isinstance(value, datetime):
        return clock.local_date(as_utc(value)).isoformat()
    return value.isoformat() if isinstance(value, date) else value


def to_xlsx(table: Table, sheet_title: str, about: About | None = None) -> bytes:
    """One sheet: an optional block saying what the table is, then the table with a frozen,
    filterable header, columns as wide as their content, and dates and numbers as such."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header, rows = table
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for index, width in enumerate(_column_widths(header, rows, about or []), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = len(about) + 2 if about else 1
    # A write-only sheet writes its views with the first row: freeze before appending.
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(max(1, len(header)))}{header_row + len(rows)}"
    bold = Font(bold=True)
    for label, value in about or []:
        first = WriteOnlyCell(sheet, label)
        first.font = bold
        sheet.append([first, safe_cell(value)])
    if about:
        sheet.append([])
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, safe_cell(title))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in _cells(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value: object) -> object:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime):
        value = clock.local_date(as_utc(value))
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _column_widths(header: list[str], rows: list[list[object]], about: About) -> list[float]:
    """About as wide as the widest cell of each column (a sample of rows is enough), within reason."""
    widths = [len(str(title)) for title in header]
    for row in rows[:500]:
        for index, value in enumerate(row[: len(widths)]):
            shown = 10 if isinstance(value, date) else len(str(value))
            widths[index] = max(widths[index], shown)
    if about and widths:
        widths[0] = max(widths[0], *(len(label) for label, _ in about))
    return [min(60, width + 2) for width in widths]


def file_name(*parts: str) -> str:
    """A download's name from what it holds, e.g. forsenade-barn-och-utbildning-2026-12-01:
    lower case ASCII, words joined by hyphens (å, ä and ö lose their dots and ring)."""
    text = "-".join(part for part in parts if part)
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "export"


def workbook(sheets: dict[str, Table]) -> bytes:
    """An XLSX file with one sheet per table, in order."""
    from openpyxl import Workbook  # only exports need it: keep it off start-up

    book = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append(_cells(header))
        for row in rows:
            sheet.append(_cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attachment(body: str | bytes, filename: str) -> Response:
    """A CSV, XLSX or PDF download that no cache keeps: what people download here is about people."""
    return Response(
        body,
        mimetype=MIMETYPES[filename.rsplit(".", 1)[-1]],
        headers={"Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "no-store"},
    )


def table_download(table: Table, name: str, fmt: str, about: About | None = None) -> Response:
    """`table` as `name`.csv or `name`.xlsx; `fmt` must be one of the two. The XLSX starts with
    `about`, what the table holds; the CSV stays one plain table for other programs to read."""
    if fmt == "csv":
        return attachment(to_csv(table), f"{name}.csv")
    if fmt == "xlsx":
        return attachment(to_xlsx(table, name, about), f"{name}.xlsx")
    raise ValueError(f"no such format: {fmt}")
