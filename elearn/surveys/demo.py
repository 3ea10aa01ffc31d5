"""Demo survey rounds: last year's, closed, and this year's, open, so both results and the
respondent's side can be seen in `make run`."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session

from .. import clock
from ..content import Library
from ..people.models import Person
from .models import SurveyRound
from .service import DEFAULT_FREE_TEXT_QUESTION, DEFAULT_HELP_OPTIONS, Answers, save_answers

TOPICS = ("begrepp", "signaler", "agera", "strategi", "lagesbild", "fortroendevald")
FREE_TEXTS = ("Mer om hot mot förtroendevalda, tack.", "Gärna en genomgång på ett sammanträde.", "")


def add_demo_rounds(session: Session, people: list[Person], library: Library, rng: random.Random, secret: str) -> None:
    elected = [p for p in people if p.kind == "elected"]
    topics = [t for t in TOPICS if t in library.topics] or list(library.topics)
    today = clock.today()
    last_year = _round(session, f"Kunskapsbehov hos förtroendevalda {today.year - 1}", topics, -380, -366)
    this_year = _round(session, f"Kunskapsbehov hos förtroendevalda {today.year}", topics, -3, 18)
    for survey, respondents, lift in ((last_year, elected, 0), (this_year, elected[1:4], 1)):
        moment = datetime.combine(survey.opens_on + timedelta(days=1), time(9), tzinfo=UTC)
        for person in respondents:  # the demo login (the first elected official) has this year's left to do
            ratings = {t: min(5, rng.choice([1, 2, 2, 3, 3, 4]) + lift) for t in topics}
            choices = rng.sample(list(survey.help_options), 2)
            answers = Answers(ratings, choices, rng.choice(FREE_TEXTS))
            save_answers(session, survey, person, answers, secret, moment)


def _round(session: Session, name: str, topics: list[str], opens: int, closes: int) -> SurveyRound:
    today = clock.today()
    survey = SurveyRound(
        name=name,
        opens_on=today + timedelta(days=opens),
        closes_on=today + timedelta(days=closes),
        audience_kinds=["elected"],
        audience_departments=[],
        topics=topics,
        help_options=list(DEFAULT_HELP_OPTIONS),
        free_text_question=DEFAULT_FREE_TEXT_QUESTION,
    )
    session.add(survey)
    session.commit()
    return survey
