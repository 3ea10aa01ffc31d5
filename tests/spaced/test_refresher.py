"""When a spaced course's completion expires, the refresher runs spaced again from that day:
the first lesson is mailed anew and the later ones open at the course's pace."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.course_library import library
from elearn.db import as_utc
from elearn.extensions import db
from elearn.learning.models import CourseCompletion
from tests.people.test_mail import Inbox
from tests.spaced.helpers import RIGHT, answer, assign_nano, at, days_ago, send_lessons


def completed_a_year_ago(app: Flask, person_id: int, today: date):
    """Assigned and passed 370 days ago: the 12-month completion expired a few days ago."""
    assign_nano(app, person_id, days_ago(385))
    for module_id in ("n1", "n2", "n3"):
        answer(app, person_id, module_id, RIGHT, days_ago(370))
    with app.app_context():
        expires_at = db.session.scalar(
            select(CourseCompletion.expires_at).where(CourseCompletion.person_id == person_id)
        )
    expired_on = clock.local_date(as_utc(expires_at))
    assert days_ago(7) < expired_on <= today
    return expired_on


def run(app: Flask, day: date):
    with app.test_request_context(base_url=app.config["BASE_URL"]):
        return send_lessons(db.session, library(), day, at(day, 6))


def test_the_refresher_mails_the_first_lesson_again_and_the_next_at_its_pace(
    app: Flask, smtp: Inbox, create_person, today
) -> None:
    person = create_person(email="rut@example.org")
    expired_on = completed_a_year_ago(app, person.id, today)

    assert run(app, today).sent == 1
    assert [str(m["Subject"]) for m in smtp.to("rut@example.org")] == ["Ny lektion: Första lektionen"]
    assert run(app, today).sent == 0  # nor a repetition mail on the day a lesson went out

    assert run(app, expired_on + timedelta(days=7)).sent == 1
    assert str(smtp.messages[-1]["Subject"]) == "Ny lektion: Andra lektionen"


def test_the_refresher_opens_its_lessons_at_the_courses_pace(app: Flask, create_person, login_as, today) -> None:
    person = create_person()
    expired_on = completed_a_year_ago(app, person.id, today)
    client = login_as(person)

    assert "Den första lektionen" in client.get("/kurser/nano/n1").get_data(as_text=True)
    second_opens = (expired_on + timedelta(days=7)).isoformat()
    assert f"Den här lektionen öppnas {second_opens}" in client.get("/kurser/nano/n2").get_data(as_text=True)
    assert "Nästa lektion: Första lektionen. Den är öppen nu." in client.get("/mina-kurser").get_data(as_text=True)
