"""Earlier questions come back at the start of a later lesson, stored apart from first tries."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from elearn.course_library import library
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import ModuleAttempt, QuestionResult, RepeatAnswer
from elearn.learning.repetition import questions_to_ask
from tests.conftest import csrf_from
from tests.spaced.helpers import RIGHT, WRONG, assign_nano, days_ago, lesson_url


def _count(app: Flask, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_questions_come_back_after_the_interval_wrong_ones_first(app: Flask, create_person) -> None:
    person = create_person()
    assign_nano(app, person.id, days_ago(20))
    from tests.spaced.helpers import answer

    answer(app, person.id, "n1", {"n1-1": RIGHT["n1-1"], "n1-2": WRONG["n1-2"]}, days_ago(20))
    answer(app, person.id, "n2", RIGHT, days_ago(10))  # too recent to come back yet
    with app.app_context():
        asked = questions_to_ask(db.session, person.id, library().course("nano"), utcnow(), "n3")
    assert [d.question.id for d in asked] == ["n1-2", "n1-1"]


def test_answers_to_repeated_questions_are_kept_apart_from_first_tries(app: Flask, create_person) -> None:
    person = create_person(password=False)
    assign_nano(app, person.id, days_ago(15))
    from tests.spaced.helpers import answer

    answer(app, person.id, "n1", {"n1-1": RIGHT["n1-1"], "n1-2": WRONG["n1-2"]}, days_ago(15))
    answer(app, person.id, "n2", RIGHT, days_ago(8))
    client = app.test_client()
    url = lesson_url(app, person.id, "n3")
    page = client.get(url).get_data(as_text=True)
    assert "Först en repetition" in page
    assert page.index("Vad är radikalisering?") < page.index("Den tredje lektionen")
    before = (_count(app, ModuleAttempt), _count(app, QuestionResult))

    result = client.post(
        url,
        data={
            "csrf_token": csrf_from(page),
            "del": "repetition",
            "submission_id": "c" * 32,
            "fragor": ["n1-2", "n1-1"],
            "svar-n1-1": "b",  # forgot this one
            "svar-n1-2": "a",  # learned this one
        },
    ).get_data(as_text=True)
    assert "1 av 2 rätt på frågorna du fick igen." in result
    assert "Den tredje lektionen" in result  # the lesson goes on below

    assert (_count(app, ModuleAttempt), _count(app, QuestionResult)) == before
    with app.app_context():
        rows = db.session.execute(
            select(
                RepeatAnswer.question_id,
                RepeatAnswer.correct,
                RepeatAnswer.first_correct,
                RepeatAnswer.days_after_first,
            ).order_by(RepeatAnswer.question_id)
        ).all()
    assert [tuple(r) for r in rows] == [("n1-1", False, True, 15), ("n1-2", True, False, 15)]
    assert "Först en repetition" not in client.get(url).get_data(as_text=True)  # each comes back once


def test_a_repetition_form_without_its_form_id_is_refused_and_stores_nothing(app: Flask, create_person) -> None:
    person = create_person(password=False)
    assign_nano(app, person.id, days_ago(15))
    from tests.spaced.helpers import answer

    answer(app, person.id, "n1", RIGHT, days_ago(15))
    client = app.test_client()
    url = lesson_url(app, person.id, "repetition")
    page = client.get(url).get_data(as_text=True)
    assert "Vad är radikalisering?" in page
    response = client.post(
        url, data={"csrf_token": csrf_from(page), "submission_id": "x" * 60, "fragor": ["n1-1"], "svar-n1-1": "a"}
    )
    assert response.status_code == 400
    assert "Vad är radikalisering?" in response.get_data(as_text=True)  # asked again, nothing lost
    assert _count(app, RepeatAnswer) == 0
