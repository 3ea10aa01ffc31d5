"""A quiz form sent twice at the same moment (a double click, a retry over a bad network) is
stored once, with its answers per topic, whichever request reaches the database first."""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import func, select

from elearn.course_library import library
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
                stored.append((submission.attempt.id, submission.duplicate))
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


def test_the_status_shown_after_a_submission_is_the_one_the_database_gives(app: Flask, create_person, today) -> None:
    """The module page hands the status it read to the submission (to decide on a completion)
    and derives the new status from it (`status_after`) instead of asking again; through a whole
    course, a retake and an expired refresher, both must agree with the database."""
    from tests.spaced.helpers import RIGHT, WRONG, assign_nano, at, days_ago

    person_id = create_person().id
    assign_nano(app, person_id, days_ago(400))
    steps = [
        ("n1", WRONG, days_ago(380)),
        ("n1", RIGHT, days_ago(379)),
        ("n2", RIGHT, days_ago(375)),
        ("n3", RIGHT, days_ago(370)),  # completes the course; valid for 12 months
        ("n1", WRONG, days_ago(368)),  # a failed retake leaves it completed
        ("n2", WRONG, today),  # expired: the refresher starts
        ("n1", RIGHT, today),
        ("n2", RIGHT, today),
        ("n3", RIGHT, today),  # completes the refresher
    ]
    seen = []
    for hour, (module_id, answers, day) in enumerate(steps):
        when = at(day, 8 + hour)
        with app.app_context():
            course = library().course("nano")
            module = course.module(module_id)
            person = db.session.get(Person, person_id)
            before = service.course_status(db.session, person, course, when)
            chosen = {q.id: answers[q.id] for q in module.questions}
            submission = service.submit_quiz(
                db.session, person, course, module, chosen, f"{hour:032x}", when, before=before
            )
            derived = service.status_after(before, module, submission)
            fresh = service.course_status(db.session, person, course, when)
            got = (derived.status, derived.passed, derived.refresher_from, derived.next_module)
            assert got == (fresh.status, fresh.passed, fresh.refresher_from, fresh.next_module), (module_id, day)
            seen.append(fresh.status)
    assert seen == ["in_progress"] * 3 + ["completed", "completed"] + ["in_progress"] * 3 + ["completed"]
