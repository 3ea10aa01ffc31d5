"""Scheduled jobs run at once on two app servers (or an overlapping cron run): two runs, each
with its own database connection, send each mail exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.auth.invitations import invite_pending
from elearn.course_library import library
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import Assignment
from elearn.learning.reminders import send_reminders
from elearn.outbox.delivery import deliver
from elearn.people.models import Person
from tests.people.test_mail import Inbox
from tests.spaced.helpers import assign_nano, at, days_ago, send_lessons


def _twice_at_once(app: Flask, job: Callable[[], object]) -> list[object]:
    """Run `job` in two threads that start together, each in its own app context (so with its
    own session and connection); return what each returned."""
    start, results, errors = threading.Barrier(2), [], []

    def one_run() -> None:
        try:
            with app.app_context(), app.test_request_context(base_url=app.config["BASE_URL"]):
                start.wait()
                results.append(job())
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert errors == []
    return results


def _each_once(inbox: Inbox, expected: int) -> None:
    received = Counter((str(m["To"]), str(m["Subject"])) for m in inbox.messages)
    assert len(received) == expected
    assert [key for key, count in received.items() if count > 1] == []


def test_two_lesson_runs_at_once_send_each_lesson_exactly_once(app: Flask, smtp: Inbox, create_person, today) -> None:
    for n in range(7):
        assign_nano(app, create_person(email=f"samtidig{n}@example.org").id, days_ago(8))  # 2 lessons open each
    runs = _twice_at_once(app, lambda: send_lessons(db.session, library(), today, at(today, 6)))
    _each_once(smtp, 14)
    assert sorted(r.planned for r in runs) == [0, 14] and sum(r.sent for r in runs) == 14


def test_two_senders_at_once_share_the_outbox_and_send_each_mail_once(app: Flask, smtp: Inbox, create_person) -> None:
    for n in range(130):  # several batches each
        create_person(password=False, email=f"utkorg{n}@example.org")
    with app.test_request_context(base_url=app.config["BASE_URL"]):
        assert len(invite_pending(db.session, utcnow(), limit=None)) == 130
    runs = _twice_at_once(app, lambda: deliver(db.session, utcnow()))
    _each_once(smtp, 130)
    assert sum(r.sent for r in runs) == 130


def test_two_reminder_and_invitation_runs_at_once_queue_each_mail_once(app: Flask, smtp: Inbox, create_person) -> None:
    for n in range(5):
        person = create_person(email=f"sen{n}@example.org")
        with app.app_context():
            db.session.scalar(select(Assignment).where(Assignment.person_id == person.id)).due_on = clock.today() - (
                timedelta(days=1)
            )
            db.session.commit()
    for n in range(5):
        create_person(password=False, email=f"inbjuden{n}@example.org")

    def remind_and_invite() -> None:
        send_reminders(db.session, library(), utcnow())
        invite_pending(db.session, utcnow(), limit=None)
        deliver(db.session, utcnow())

    _twice_at_once(app, remind_and_invite)
    _each_once(smtp, 10)
    with app.app_context():
        assert (
            db.session.scalar(select(Person.id).where(Person.invited_at.is_(None), Person.password_hash.is_(None)))
            is None
        )
