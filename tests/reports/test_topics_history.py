"""The topic map and retention of a day that is over, on the pages, in their exports and through
the API, group the answers given by then by the department people had then: the organisation of
`test_lagesbild_history`, where b1 answered in Beta in October and moved to Alfa today."""

# ruff: noqa: F811 - the fixtures imported below are redefined, as pytest means, as test arguments
from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import ModuleAttempt, QuestionResult, RepeatAnswer
from tests.api.conftest import bearer, make_token  # noqa: F401 (a fixture)
from tests.reports.test_lagesbild_history import _today_the_organisation_changes, at, past, year  # noqa: F401


@pytest.fixture
def every_group_shown(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups of one person: shown here, so that every figure can be checked."""
    monkeypatch.setitem(app.config, "SUPPRESSION_MINIMUM", 1)


def _repeat(person_id: int, submission: str, first_correct: bool, correct: bool, when: datetime) -> RepeatAnswer:
    return RepeatAnswer(
        person_id=person_id,
        course_id="testkurs",
        question_id="q1",
        topic="begrepp",
        correct=correct,
        first_correct=first_correct,
        days_after_first=30,
        submission_id=submission,
        answered_at=when,
    )


@pytest.fixture
def answers(app: Flask, past: dict[str, int], year: int) -> None:
    """Besides b1's right first answer in October: b1 got the question wrong when it came back in
    November; a3, in Alfa then, answers today (wrong first, right when it comes back)."""
    with app.app_context():
        now = utcnow()
        attempt = ModuleAttempt(
            person_id=past["a3"],
            course_id="testkurs",
            module_id="01-grunder",
            module_version="v",
            submission_id="a3-today",
            answers={},
            score=0,
            passed=False,
            created_at=now,
        )
        db.session.add(attempt)
        db.session.flush()
        db.session.add_all(
            [
                QuestionResult(
                    attempt_id=attempt.id,
                    person_id=past["a3"],
                    course_id="testkurs",
                    question_id="q1",
                    topic="begrepp",
                    correct=False,
                    first_attempt=True,
                    created_at=now,
                ),
                _repeat(past["b1"], "b1-nov", True, False, at(year, 11)),
                _repeat(past["a3"], "a3-today", False, True, now),
            ]
        )
        db.session.commit()


def _csv(client, url: str) -> list[str]:
    return client.get(url).get_data(as_text=True).lstrip("\ufeff").splitlines()


def test_last_years_topic_map_groups_answers_by_the_department_of_then(
    app: Flask, past: dict[str, int], answers, year: int, today: date, every_group_shown, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    # Only b1's answer was given by then, in Beta; a3's of today does not count.
    assert _csv(client, f"/rapporter/amnen.csv?fran={year}-01-01&datum={year}-12-31") == [
        "Grupp;Begrepp",
        "Beta;100",
        "Totalt;100",
    ]
    # Today b1 is in Alfa and a3, wrong, in Beta.
    assert _csv(client, "/rapporter/amnen.csv") == ["Grupp;Begrepp", "Alfa;100", "Beta;0", "Totalt;50"]
    page = client.get(f"/rapporter/amnen?datum={year}-12-31").get_data(as_text=True)
    assert '<th scope="col" class="num">Beta</th>' in page and ">Alfa</th>" not in page


def test_last_years_retention_groups_answers_by_the_department_of_then(
    app: Flask, past: dict[str, int], answers, year: int, today: date, every_group_shown, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    header = "Grupp;Ämne;Första försöket (%);Vid repetition (%);Förändring (procentenheter)"
    # b1's repeat in November, in Beta: right the first time, wrong when it came back
    assert _csv(client, f"/rapporter/repetition.csv?datum={year}-12-31") == [
        header,
        "Beta;Begrepp;100;0;-100",
        "Totalt;Begrepp;100;0;-100",
    ]
    page = client.get(f"/rapporter/repetition?datum={year}-12-31").get_data(as_text=True)
    assert '<th scope="col" class="num">Beta</th>' in page and ">Alfa</th>" not in page


def test_the_api_topics_of_a_past_day_count_the_answers_and_groups_of_then(
    app: Flask, past: dict[str, int], answers, year: int, today: date, every_group_shown, client, make_token
) -> None:
    _today_the_organisation_changes(app, past, today)
    token = bearer(make_token("reports:read"))
    body = client.get(f"/api/v1/reports/topics?date={year}-12-31", headers=token).get_json()
    assert body["topics"] == [
        {"topic": "begrepp", "suppressed": False, "people": 1, "answers": 1, "right_percent": 100}
    ]
    assert [(g["group_name"], g["people"], g["answers"], g["right_percent"]) for g in body["groups"]] == [
        ("Beta", 1, 1, 100)
    ]
    # b1 answered in October: at the end of September there was nothing to count
    before = client.get(f"/api/v1/reports/topics?date={year}-09-30", headers=token).get_json()
    assert (before["topics"], before["groups"]) == ([], [])
