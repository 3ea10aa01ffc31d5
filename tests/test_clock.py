"""Calendar questions are answered in Swedish time on every server; stored times stay UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Flask
from sqlalchemy import select, text

from elearn import clock
from elearn.extensions import db
from elearn.learning.models import Assignment, CourseCompletion
from elearn.reports.filters import Filters
from elearn.reports.service import completions_by_month, drill_down, overview
from tests.conftest import add_completion

NEW_YEAR_0030 = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January 2027 in Stockholm
NEW_YEARS_EVE_2330 = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)  # 23:30 on 31 December 2026


def test_the_day_turns_at_swedish_midnight(app: Flask) -> None:
    with app.app_context():
        assert clock.today(NEW_YEAR_0030) == date(2027, 1, 1)
        assert clock.today(NEW_YEARS_EVE_2330) == date(2026, 12, 31)
        assert clock.start_of_year(2027) == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
        assert clock.end_of_day(date(2026, 6, 1)) == datetime(2026, 6, 1, 21, 59, 59, 999999, tzinfo=UTC)


def test_another_organisation_zone_is_honoured(database_url: str) -> None:
    from tests.conftest import make_app

    with make_app(database_url, ORG_TIMEZONE="America/New_York").app_context():
        assert clock.today(NEW_YEAR_0030) == date(2026, 12, 31)


def _completion(app: Flask, person_id: int, at: datetime) -> None:
    add_completion(app, person_id, at, at + timedelta(days=365))
    with app.app_context():
        db.session.execute(Assignment.__table__.update().values(created_at=at - timedelta(days=30)))
        db.session.commit()


def test_a_completion_after_swedish_midnight_counts_in_the_new_year(app: Flask, create_person) -> None:
    late, later = create_person(), create_person()
    _completion(app, late.id, NEW_YEARS_EVE_2330)
    _completion(app, later.id, NEW_YEAR_0030)
    with app.app_context():
        months = completions_by_month(db.session, clock.start_of_year(2026), clock.end_of_year(2027))
        year_end = overview(db.session, Filters(as_of=clock.end_of_year(2026)), minimum=1)
    assert [(m.year, m.month, m.completions) for m in months] == [(2026, 12, 1), (2027, 1, 1)]
    assert year_end.totals["testkurs"].completed == 1  # 2026 ended with one of them done


def test_a_due_date_is_passed_from_swedish_midnight(app: Flask, create_person, create_department) -> None:
    department = create_department()
    person = create_person(department=department)
    with app.app_context():
        db.session.execute(
            Assignment.__table__.update().values(
                due_on=date(2026, 12, 31), created_at=NEW_YEAR_0030 - timedelta(days=9)
            )
        )
        db.session.commit()
        before, after = (
            drill_down(db.session, Filters(as_of=moment, group=department.id))
            for moment in (NEW_YEARS_EVE_2330, NEW_YEAR_0030)
        )
    assert [p.overdue for p in before if p.person_id == person.id] == [False]
    assert [p.overdue for p in after if p.person_id == person.id] == [True]


def test_times_come_back_as_utc_whatever_the_session_zone(app: Flask, create_person) -> None:
    person = create_person()
    _completion(app, person.id, NEW_YEAR_0030)
    with app.app_context():
        stored = db.session.scalar(select(CourseCompletion.completed_at))
        if db.engine.dialect.name == "postgresql":
            assert db.session.scalar(text("SHOW TIME ZONE")) == "UTC"
    assert stored == NEW_YEAR_0030 and stored.utcoffset() == timedelta(0)
