"""A quiz form sent twice at the same moment (a double click, a retry over a bad network) is
stored once, with its answers per topic, whichever request reaches the database first."""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import func, select

from elearn.courses import library
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning import service
from elearn.learning.models import ModuleAttempt, QuestionResult
from elearn.people.models import Person

RIGHT_01 = {"01-grunder-1": ["a"], "01-grunder-2": ["a", "b"]}


def test_the_same_form_sent_twice_at_once_is_stored_once_with_its_answers(app: Flask, create_person) -> None:
    person_id = create_person().id
    start = threading.Barrier(2)
    stored: list[tuple[int, bool]] = []
    failures: list[BaseException] = []

    def send() -> None:
        try:
            with app.app_context():
                course = library().course("testkurs")
                person = db.session.get(Person, person_id)
                start.wait(timeout=10)
                submission = service.submit_quiz(
                    db.session, person, course, course.module("01-grunder"), RIGHT_01, "f" * 32, utcnow()
                )
                stored.append((submission.attempt.id, submission.repeated))
                db.session.remove()
        except BaseException as error:  # reported below, in the test's own thread
            failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert len({attempt_id for attempt_id, _ in stored}) == 1
    assert sorted(repeated for _, repeated in stored) == [False, True]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ModuleAttempt)) == 1
        # Two questions, one topic each: two answers per topic, not four.
        assert db.session.scalar(select(func.count()).select_from(QuestionResult)) == 2
