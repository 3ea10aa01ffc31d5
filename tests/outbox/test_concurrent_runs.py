"""Two `lessons send` runs at once, each with its own database connection, mail every lesson
exactly once (an overlapping cron run, or two app servers on one database)."""

from __future__ import annotations

import threading
from collections import Counter

from flask import Flask

from elearn.courses import library
from elearn.extensions import db
from tests.people.test_mail import Inbox
from tests.spaced.helpers import TODAY, assign_nano, at, days_ago, send_lessons


def _run_in_thread(app: Flask, start: threading.Barrier, errors: list[BaseException]) -> None:
    try:
        with app.app_context(), app.test_request_context(base_url=app.config["BASE_URL"]):
            start.wait()
            send_lessons(db.session, library(), TODAY, at(TODAY, 6))
            db.session.remove()
    except BaseException as error:
        errors.append(error)


def test_two_runs_at_once_send_each_lesson_exactly_once(app: Flask, smtp: Inbox, create_person) -> None:
    people = [create_person(email=f"samtidig{n}@example.org") for n in range(7)]
    for person in people:
        assign_nano(app, person.id, days_ago(8))  # two lessons open for each: 14 mails
    start, errors = threading.Barrier(2), []
    runs = [threading.Thread(target=_run_in_thread, args=(app, start, errors)) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert errors == []
    received = Counter((str(m["To"]), str(m["Subject"])) for m in smtp.messages)
    assert len(received) == 14
    assert [key for key, count in received.items() if count > 1] == []
