"""Drill-down and export rows come in one order on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from elearn import clock
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import Assignment
from elearn.reports.filters import Filters
from elearn.reports.service import drill_down


def test_names_sort_in_swedish_and_empty_due_dates_come_last(app: Flask, create_person, create_department) -> None:
    department = create_department()
    names = ["Örjan", "Åsa", "Ärla", "anna", "Zack", "Bo"]
    people = {name: create_person(name=name, department=department) for name in names}
    today = clock.today()
    with app.app_context():
        for name, days in {"Örjan": -3, "Åsa": -3, "Bo": 4, "anna": 4}.items():
            db.session.execute(
                Assignment.__table__.update()
                .where(Assignment.person_id == people[name].id)
                .values(due_on=today + timedelta(days=days))
            )
        for name in ("Zack", "Ärla"):
            db.session.execute(
                Assignment.__table__.update().where(Assignment.person_id == people[name].id).values(due_on=None)
            )
        db.session.add(Assignment(person_id=people["Bo"].id, course_id="fordjupning", due_on=today))
        db.session.commit()
        filters = Filters(as_of=utcnow(), group=department.id)
        by_name = [(p.name, p.course_id) for p in drill_down(db.session, filters, "namn")]
        overdue_first = [p.name for p in drill_down(db.session, filters, "forsenade")]
    assert by_name == [
        ("anna", "testkurs"),
        ("Bo", "fordjupning"),
        ("Bo", "testkurs"),
        ("Zack", "testkurs"),
        ("Åsa", "testkurs"),
        ("Ärla", "testkurs"),
        ("Örjan", "testkurs"),
    ]
    assert overdue_first == ["Åsa", "Örjan", "Bo", "anna", "Bo", "Zack", "Ärla"]
