"""Due dates of courses assigned by rule: the shipped nano-course arrives one lesson a week, so it
is not due before its last lesson has had a week, whatever ASSIGNMENT_DUE_DAYS says."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.extensions import db
from elearn.learning.assignments import apply_assignment_rules
from elearn.learning.models import Assignment
from elearn.people.models import Person
from tests.content.helpers import load

SHIPPED = Path(__file__).resolve().parents[2] / "courses"


def test_the_weekly_nano_course_is_due_a_week_after_its_sixth_lesson(app: Flask, create_person) -> None:
    employee = create_person(assign=False)
    coordinator = create_person(roles={"coordinator"}, assign=False)
    today = clock.today()
    with app.app_context():
        people = list(db.session.scalars(select(Person).where(Person.id.in_([employee.id, coordinator.id]))))
        apply_assignment_rules(db.session, people, load(SHIPPED), today, 30)
        db.session.commit()
        due = {
            (a.person_id, a.course_id): a.due_on
            for a in db.session.scalars(
                select(Assignment).where(Assignment.person_id.in_([employee.id, coordinator.id]))
            )
        }
    assert due[(employee.id, "grundkurs")] == today + timedelta(days=42)
    assert due[(coordinator.id, "fordjupning")] == today + timedelta(days=30)
