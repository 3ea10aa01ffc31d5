"""Downloads: tables for people to open in Excel (CSV with a BOM and semicolons, and XLSX),
with every text cell that a spreadsheet would run as a formula neutralised, and the response
that sends any download (a PDF too) uncached."""

from __future__ import annotations

import csv
import io

from flask import Response

Table = tuple[list[str], list[list[object]]]
TOO_FEW = "för få"  # what a suppressed figure says, in every export
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


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
    writer.writerows(_cells(row) for row in rows)
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read å, ä and ö right


def to_xlsx(table: Table, sheet_title: str) -> bytes:
    return workbook({sheet_title: table})


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


def table_download(table: Table, name: str, fmt: str) -> Response:
    """`table` as `name`.csv or `name`.xlsx; `fmt` must be one of the two."""
    if fmt == "csv":
        return attachment(to_csv(table), f"{name}.csv")
    if fmt == "xlsx":
        return attachment(to_xlsx(table, name), f"{name}.xlsx")
    raise ValueError(f"no such format: {fmt}")
