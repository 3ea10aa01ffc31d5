"""Disposal (gallring) by the retention decision: people deactivated longer ago than
RECORDS_RETENTION_YEARS go with their records; everyone else, and anonymous survey answers, stay."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select, update

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import ModuleAttempt
from elearn.people.models import Person
from elearn.surveys.models import SurveyResponse
from tests.conftest import csrf_from
from tests.spaced.helpers import RIGHT, answer, assign_nano
from tests.surveys.helpers import make_round, store_answers


def left_years_ago(app: Flask, person_id: int, years: float) -> None:
    with app.app_context():
        person = db.session.get(Person, person_id)
        person.active = False
        db.session.flush()
        when = utcnow() - timedelta(days=round(365.25 * years))
        db.session.execute(update(Person).where(Person.id == person_id).values(deactivated_at=when))
        db.session.commit()


def count(app: Flask, model, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return db.session.scalar(query)


def test_deactivating_records_when_and_reactivating_forgets_it(app: Flask, create_person, login_as) -> None:
    person = create_person()
    client = login_as(create_person(roles={"hr"}))
    page = client.get(f"/personer/{person.id}").get_data(as_text=True)
    client.post(f"/personer/{person.id}/aktiv", data={"csrf_token": csrf_from(page), "bekrafta": "ja"})
    with app.app_context():
        left = db.session.get(Person, person.id).deactivated_at
    assert left is not None and utcnow() - left < timedelta(minutes=1)
    client.post(f"/personer/{person.id}/aktiv", data={"csrf_token": csrf_from(page)})
    with app.app_context():
        assert db.session.get(Person, person.id).deactivated_at is None


def test_people_who_left_long_ago_are_disposed_of_with_their_records(
    app: Flask, create_person, monkeypatch, today
) -> None:
    gone, recent, staying = create_person(kind="elected"), create_person(), create_person()
    for person in (gone, recent, staying):
        assign_nano(app, person.id, today)
        answer(app, person.id, "n1", RIGHT, today)
    round_id = make_round(app)
    store_answers(app, round_id, gone.id, {"begrepp": 3})
    left_years_ago(app, gone.id, 3)
    left_years_ago(app, recent.id, 1)
    runner = app.test_cli_runner()

    preview = runner.invoke(args=["people", "dispose", "--years", "2"])
    assert preview.exit_code == 0 and "1 personer inaktiverades före" in preview.output
    assert count(app, Person, id=gone.id) == 1  # a preview removes nothing

    monkeypatch.setitem(app.config, "RECORDS_RETENTION_YEARS", 2)
    applied = runner.invoke(args=["people", "dispose", "--apply"])
    assert applied.exit_code == 0 and "1 personer och deras uppgifter är borttagna" in applied.output
    assert count(app, Person, id=gone.id) == 0
    assert count(app, ModuleAttempt, person_id=gone.id) == 0
    assert count(app, Person, id=recent.id) == 1 and count(app, ModuleAttempt, person_id=recent.id) == 1
    assert count(app, Person, id=staying.id) == 1
    assert count(app, SurveyResponse) == 1  # never tied to a name, so it stays in the aggregates


def test_without_a_retention_decision_nothing_is_disposed_of(app: Flask, create_person, monkeypatch) -> None:
    person = create_person()
    left_years_ago(app, person.id, 30)
    # An unset setting is absent from the config, not None (create_app drops those).
    monkeypatch.delitem(app.config, "RECORDS_RETENTION_YEARS", raising=False)
    result = app.test_cli_runner().invoke(args=["people", "dispose", "--apply"])
    assert result.exit_code == 1
    assert result.output == "Error: RECORDS_RETENTION_YEARS är inte satt och --years saknas: inget gallras.\n"
    assert count(app, Person, id=person.id) == 1
