"""The status rule's SQL expression and its Python twin give the same answer in every case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

from flask import Flask
from sqlalchemy import literal, select

from elearn.db import UTCDateTime
from elearn.extensions import db
from elearn.learning import status as rule

AT = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on New Year's Day in Stockholm
MOMENTS = [None, AT - timedelta(days=400), AT - timedelta(seconds=1), AT, AT + timedelta(seconds=1)]


def _moment(value: datetime | None):
    return literal(value, UTCDateTime())


def test_status_sql_and_python_agree(app: Flask) -> None:
    cases = list(product([False, True], MOMENTS, MOMENTS))
    with app.app_context():
        for valid, completed, attempted in cases:
            sql = db.session.scalar(select(rule.status_sql(literal(valid), _moment(completed), _moment(attempted))))
            assert sql == rule.status_of(valid, completed, attempted), (valid, completed, attempted)


def test_validity_sql_and_python_agree(app: Flask) -> None:
    made = [m for m in MOMENTS if m is not None]
    with app.app_context():
        for completed, expires in product(made, MOMENTS):
            sql = db.session.scalar(select(rule.valid_sql(_moment(completed), _moment(expires), AT)))
            assert bool(sql) == rule.is_valid(completed, expires, AT), (completed, expires)


def test_a_started_refresher_is_in_progress_and_an_untouched_one_expired() -> None:
    completed = AT - timedelta(days=400)
    assert rule.status_of(False, completed, AT - timedelta(days=1)) == rule.IN_PROGRESS
    assert rule.status_of(False, completed, completed - timedelta(days=1)) == rule.EXPIRED
    assert rule.status_of(False, None, None) == rule.NOT_STARTED
    assert rule.status_of(True, completed, AT) == rule.COMPLETED
