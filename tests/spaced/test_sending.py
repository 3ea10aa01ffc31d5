"""`flask lessons send`: each opened lesson reaches the learner once, by a real SMTP server;
failures and crashes are caught up on the next run without sending anything twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from elearn.course_library import library
from elearn.extensions import db
from elearn.learning.models import ModuleAttempt
from elearn.outbox.models import OutboxMail
from elearn.spaced.models import LessonDelivery
from tests.people.test_mail import Inbox, body
from tests.spaced.helpers import RIGHT, SendRun, answer, assign_nano, at, days_ago, link_in, send_lessons


def run(app: Flask, day: date, progress=None) -> SendRun:
    with app.test_request_context(base_url=app.config["BASE_URL"]):
        return send_lessons(db.session, library(), day, at(day, 6), progress)


def subjects(inbox: Inbox, address: str) -> list[str]:
    return sorted(str(m["Subject"]) for m in inbox.to(address))


def test_each_opened_lesson_is_mailed_once_and_the_next_when_it_opens(
    app: Flask,
    smtp: Inbox,
    create_person,
    today,
) -> None:
    anna = create_person(email="anna@example.org")
    assign_nano(app, anna.id, days_ago(8))

    first = run(app, today)
    assert (first.planned, first.sent, first.failed) == (2, 2, 0)
    assert subjects(smtp, "anna@example.org") == ["Ny lektion: Andra lektionen", "Ny lektion: Första lektionen"]
    assert run(app, today).sent == 0 and len(smtp.messages) == 2  # the same day again: nothing new

    later = run(app, today + timedelta(days=6))
    assert later.sent == 1
    assert "Ny lektion: Tredje lektionen" in subjects(smtp, "anna@example.org")


def test_a_lesson_already_passed_is_not_mailed(app: Flask, smtp: Inbox, create_person, today) -> None:
    bo = create_person(email="bo@example.org")
    assign_nano(app, bo.id, days_ago(8))
    answer(app, bo.id, "n1", RIGHT, days_ago(7))
    run(app, today)
    assert subjects(smtp, "bo@example.org") == ["Ny lektion: Andra lektionen"]


def test_the_mailed_link_opens_the_lesson_without_a_password(app: Flask, smtp: Inbox, create_person, today) -> None:
    cia = create_person(email="cia@example.org", password=False)
    assign_nano(app, cia.id, today)
    run(app, today)
    link = link_in(body(smtp.to("cia@example.org")[0]))
    client = app.test_client()
    page = client.get(link).get_data(as_text=True)
    assert "Den första lektionen handlar om begrepp." in page
    with app.app_context():
        opened = db.session.scalar(select(LessonDelivery.opened_at).where(LessonDelivery.person_id == cia.id))
    assert opened is not None


def test_a_failed_send_is_retried_next_run_and_none_is_sent_twice(
    app: Flask,
    smtp: Inbox,
    create_person,
    today,
) -> None:
    people = [create_person(email=f"p{i}@example.org") for i in range(4)]
    for person in people:
        assign_nano(app, person.id, today)
    smtp.defer = {"p1@example.org", "p2@example.org"}  # the server asks to try these again later

    first = run(app, today)
    assert (first.sent, first.failed) == (2, 2)
    with app.app_context():
        unsent = db.session.scalars(select(OutboxMail).where(OutboxMail.sent_at.is_(None))).all()
        assert sorted(m.failures for m in unsent) == [1, 1] and all(m.last_error.startswith("451") for m in unsent)

    smtp.defer = set()
    second = run(app, today)
    assert (second.planned, second.sent, second.failed) == (0, 2, 0)
    assert [len(smtp.to(p.email)) for p in people] == [1, 1, 1, 1]


def test_a_crash_mid_run_loses_nothing_and_repeats_nothing(app: Flask, smtp: Inbox, create_person, today) -> None:
    people = [create_person(email=f"q{i}@example.org") for i in range(3)]
    for person in people:
        assign_nano(app, person.id, today)

    def crash_after_first(progress) -> None:
        raise KeyboardInterrupt  # the process dies right after the first mail

    with pytest.raises(KeyboardInterrupt):
        run(app, today, progress=crash_after_first)
    assert len(smtp.messages) == 1

    run(app, today)
    assert [len(smtp.to(p.email)) for p in people] == [1, 1, 1]


def test_a_repetition_mail_goes_out_when_questions_are_due_and_no_lesson_is(
    app: Flask,
    smtp: Inbox,
    create_person,
    today,
) -> None:
    dan = create_person(email="dan@example.org")
    assign_nano(app, dan.id, days_ago(40))
    for module, day in (("n1", 40), ("n2", 33), ("n3", 26)):
        answer(app, dan.id, module, RIGHT, days_ago(day))

    first = run(app, today)
    assert first.sent == 1
    message = smtp.to("dan@example.org")[0]
    assert str(message["Subject"]) == "Dags att repetera: Nanokurs"
    page = app.test_client().get(link_in(body(message))).get_data(as_text=True)
    assert "Vad är radikalisering?" in page

    assert run(app, today + timedelta(days=3)).sent == 0  # at most once per repetition interval
    with app.app_context():
        attempts = db.session.scalar(select(func.count()).select_from(ModuleAttempt))
    assert attempts == 3


def test_the_command_reports_what_it_did(app: Flask, smtp: Inbox, create_person, today) -> None:
    eva = create_person(email="eva@example.org")
    assign_nano(app, eva.id, today)
    result = app.test_cli_runner().invoke(args=["lessons", "send"])
    assert result.exit_code == 0, result.output
    assert "1 nya utskick planerade.\n1 e-post skickade, 0 avvisade" in result.output
    again = app.test_cli_runner().invoke(args=["lessons", "send"])
    assert "0 nya utskick planerade.\n0 e-post skickade" in again.output
