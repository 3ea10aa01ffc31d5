"""Builders for survey rounds and answers, straight into the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from flask import Flask

from elearn import clock
from elearn.db import utcnow
from elearn.extensions import db
from elearn.surveys.models import SurveyRound

TOPICS = ["begrepp", "signaler", "agera"]  # the fixture library's topics
OPTIONS = ["Kort utbildning", "Genomgång på sammanträde", "Samtal med samordnaren"]
FREE_TEXT_QUESTION = "Något mer?"


def today() -> date:
    return clock.today()


def make_round(
    app: Flask,
    name: str = "Kunskapsbehov",
    opens: int = -5,
    closes: int = 5,
    kinds: Sequence[str] = ("elected",),
    departments: Sequence[int] = (),
    topics: Sequence[str] = TOPICS,
    options: Sequence[str] = OPTIONS,
) -> int:
    """A round opening and closing `opens` and `closes` days from today."""
    with app.app_context():
        survey = SurveyRound(
            name=name,
            opens_on=today() + timedelta(days=opens),
            closes_on=today() + timedelta(days=closes),
            audience_kinds=list(kinds),
            audience_departments=list(departments),
            topics=list(topics),
            help_options=list(options),
            free_text_question=FREE_TEXT_QUESTION,
        )
        db.session.add(survey)
        db.session.commit()
        return survey.id


def set_dates(app: Flask, round_id: int, opens: int, closes: int) -> None:
    """Move a round in time, e.g. to close it after answers came in."""
    with app.app_context():
        survey = db.session.get(SurveyRound, round_id)
        survey.opens_on = today() + timedelta(days=opens)
        survey.closes_on = today() + timedelta(days=closes)
        db.session.commit()


def store_answers(
    app: Flask,
    round_id: int,
    person_id: int,
    ratings: dict[str, int] | None = None,
    choices: Sequence[str] = (),
    free_text: str = "",
) -> None:
    """Answer as a respondent would, through the service (the HTTP path is tested on its own)."""
    from elearn.people.models import Person
    from elearn.surveys.service import Answers, save_answers

    with app.app_context():
        survey = db.session.get(SurveyRound, round_id)
        person = db.session.get(Person, person_id)
        answers = Answers(dict(ratings or {}), list(choices), free_text)
        save_answers(db.session, survey, person, answers, app.config["SECRET_KEY"], utcnow())


def answer_page(client, round_id: int) -> str:
    return client.get(f"/enkater/{round_id}/svara").get_data(as_text=True)


def post_answers(client, round_id: int, ratings: dict[str, int], choices: Sequence[int] = (), free_text: str = ""):
    from tests.conftest import csrf_from

    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    data: dict[str, object] = {"csrf_token": token, "fritext": free_text, "hjalp": [str(c) for c in choices]}
    data.update({f"amne-{topic}": str(score) for topic, score in ratings.items()})
    return client.post(f"/enkater/{round_id}/svara", data=data)
