"""Downloads write the organisation's calendar day of a moment, not UTC's."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from flask import Flask
from openpyxl import load_workbook

from elearn.spreadsheets import to_csv, to_xlsx

# 23:30 UTC on New Year's Eve is 00:30 on 1 January in Stockholm (UTC+1 in winter)
NEW_YEAR_NIGHT = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
# SQLite hands aggregates back naive, in UTC
NAIVE_NEW_YEAR_NIGHT = datetime(2025, 12, 31, 23, 30)


def test_a_csv_writes_the_local_day_of_a_moment(app: Flask) -> None:
    with app.app_context():
        csv = to_csv((["Genomförd", "Påmind"], [[NEW_YEAR_NIGHT, NAIVE_NEW_YEAR_NIGHT]]))
    assert csv.splitlines()[1] == "2026-01-01;2026-01-01"


def test_an_xlsx_writes_the_local_day_of_a_moment(app: Flask) -> None:
    with app.app_context():
        data = to_xlsx((["Genomförd", "Påmind"], [[NEW_YEAR_NIGHT, NAIVE_NEW_YEAR_NIGHT]]), "prov")
    sheet = load_workbook(io.BytesIO(data)).active
    assert [cell.value.date() for cell in sheet[2]] == [date(2026, 1, 1), date(2026, 1, 1)]
