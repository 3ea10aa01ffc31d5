"""An expired completion makes the course due again, unless another completion is still valid."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.course_library import library
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.assignments import renew_expired_assignments
from elearn.learning.models import Assignment, CourseCompletion


def _completion(person_id: int, days_ago: int, expires_in: int | None, code: str) -> CourseCompletion:
    now = utcnow()
    return CourseCompletion(
        person_id=person_id,
        course_id="testkurs",
        course_version="v",
        completed_at=now - timedelta(days=days_ago),
        expires_at=None if expires_in is None else now + timedelta(days=expires_in),
        certificate_code=code,
    )


def test_only_courses_without_a_valid_completion_are_renewed(app: Flask, create_person) -> None:
    lapsed, renewed_for_good = create_person(), create_person()
    with app.app_context():
        db.session.add_all(
            [
                _completion(lapsed.id, 400, -35, "A"),
                _completion(renewed_for_good.id, 400, -35, "B"),
                # completed again under a version without expiry: still valid, nothing is due
                _completion(renewed_for_good.id, 20, None, "C"),
            ]
        )
        db.session.execute(Assignment.__table__.update().values(due_on=None))
        db.session.commit()
        assert renew_expired_assignments(db.session, utcnow(), 30, library()) == 1
        due = dict(db.session.execute(select(Assignment.person_id, Assignment.due_on)).all())
    expired_on = clock.today(utcnow() - timedelta(days=35))
    assert due == {lapsed.id: expired_on + timedelta(days=30), renewed_for_good.id: None}
