"""The audience rule of campaigns and survey rounds says the same in SQL and in Python."""

from __future__ import annotations

import itertools

from flask import Flask
from sqlalchemy import select

from elearn.extensions import db
from elearn.people.audience import audience_condition, in_audience
from elearn.people.models import Person


def test_sql_and_python_agree_on_who_an_audience_reaches(app: Flask, create_department, create_person) -> None:
    school, care = create_department("BUF"), create_department("VOF")
    for kind, department, active in itertools.product(("employee", "elected"), (school, care, None), (True, False)):
        create_person(kind=kind, department=department, active=active, assign=False)
    audiences = [
        ((), ()),
        (("employee",), ()),
        ((), (school.id,)),
        (("elected",), (school.id, care.id)),
        (("employee", "elected"), (care.id,)),
    ]
    with app.app_context():
        people = db.session.scalars(select(Person)).all()
        for kinds, department_ids in audiences:
            by_sql = set(db.session.scalars(select(Person.id).where(audience_condition(kinds, department_ids))))
            by_python = {p.id for p in people if in_audience(p, kinds, department_ids)}
            assert by_sql == by_python, (kinds, department_ids)
        everyone_active = set(db.session.scalars(select(Person.id).where(audience_condition((), ()))))
        assert len(everyone_active) == 6  # the six active of the twelve
