"""Building spaced-course situations at chosen dates: the tests' controllable clock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlparse

from flask import Flask

from elearn import clock
from elearn.course_library import library
from elearn.extensions import db
from elearn.learning import service
from elearn.learning.models import Assignment
from elearn.outbox.delivery import deliver
from elearn.people.models import Person
from elearn.spaced.links import make_lesson_token
from elearn.spaced.sending import plan_lessons

RIGHT = {"n1-1": ["a"], "n1-2": ["a"], "n2-1": ["a", "b"], "n3-1": ["a"]}
WRONG = {"n1-1": ["b"], "n1-2": ["b"], "n2-1": ["c"], "n3-1": ["b"]}


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def assign_nano(app: Flask, person_id: int, on: date) -> None:
    """Assign the spaced fixture course as if it happened on `on`."""
    with app.app_context():
        db.session.add(Assignment(person_id=person_id, course_id="nano", source="manual", created_at=at(on, 8)))
        db.session.commit()


def answer(app: Flask, person_id: int, module_id: str, answers: dict[str, list[str]], on: date) -> None:
    """Submit a module's quiz on a given day, through the same service the pages use."""
    with app.app_context():
        course = library().course("nano")
        module = course.module(module_id)
        person = db.session.get(Person, person_id)
        chosen = {q.id: answers[q.id] for q in module.questions}
        service.submit_quiz(db.session, person, course, module, chosen, uuid.uuid4().hex, at(on))


@dataclass(frozen=True)
class SendRun:
    planned: int
    sent: int
    failed: int


def send_lessons(session, library, today: date, now: datetime, progress=None) -> SendRun:
    """What `flask lessons send` does (plan, then deliver the outbox), on a chosen day."""
    planned = plan_lessons(session, library, today, now)
    delivered = deliver(session, now, progress=progress)
    return SendRun(planned, delivered.sent, delivered.failed)


def lesson_url(app: Flask, person_id: int, target: str, course_id: str = "nano") -> str:
    with app.app_context():
        token = make_lesson_token(person_id, course_id, target)
    path = "repetera" if target == "repetition" else target
    return f"/lektion/{course_id}/{path}?t={token}"


def link_in(body: str) -> str:
    """The lesson link in an e-mail body, as a path with its query."""
    url = next(word for word in body.split() if "/lektion/" in word)
    parsed = urlparse(url)
    assert parse_qs(parsed.query)["t"]
    return f"{parsed.path}?{parsed.query}"


def days_ago(n: int) -> date:
    return clock.today() - timedelta(days=n)
