"""A lesson link opens one lesson for one person; anything else gets a clear refusal page."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from sqlalchemy import select

from elearn.extensions import db
from elearn.learning.models import ModuleAttempt
from tests.conftest import csrf_from
from tests.spaced.helpers import assign_nano, lesson_url


@pytest.fixture
def learner(app: Flask, create_person, today):
    person = create_person(password=False)
    assign_nano(app, person.id, today)
    return person


def test_the_link_takes_the_quiz_for_its_person(app: Flask, learner) -> None:
    client = app.test_client()
    url = lesson_url(app, learner.id, "n1")
    page = client.get(url).get_data(as_text=True)
    assert "Första lektionen" in page and "Mina kurser" not in page  # nobody is signed in
    headers = client.get(url).headers
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
    response = client.post(
        url,
        data={"csrf_token": csrf_from(page), "submission_id": "b" * 32, "svar-n1-1": "a", "svar-n1-2": "a"},
    )
    assert response.status_code == 200
    assert "2 av 2 rätt" in response.get_data(as_text=True)
    with app.app_context():
        attempt = db.session.scalars(select(ModuleAttempt)).one()
    assert (attempt.person_id, attempt.module_id, attempt.passed) == (learner.id, "n1", True)


def test_an_expired_link_is_refused_with_a_way_forward(app: Flask, learner, monkeypatch) -> None:
    month_ago = time.time() - 31 * 86400
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: month_ago)
    url = lesson_url(app, learner.id, "n1")
    monkeypatch.undo()
    response = app.test_client().get(url)
    assert response.status_code == 410
    assert "Länken har slutat gälla" in response.get_data(as_text=True)


def test_a_tampered_link_is_refused(app: Flask, learner) -> None:
    url = lesson_url(app, learner.id, "n1")
    tampered = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    response = app.test_client().get(tampered)
    assert response.status_code == 400
    assert "Länken är ofullständig eller har ändrats" in response.get_data(as_text=True)


def test_a_link_for_one_lesson_does_not_open_another(app: Flask, learner) -> None:
    own = lesson_url(app, learner.id, "n1")
    url = own.replace("/n1?", "/n2?")
    client = app.test_client()
    response = client.get(url)
    assert response.status_code == 400
    assert "Länken hör till en annan lektion" in response.get_data(as_text=True)
    token = csrf_from(client.get(own).get_data(as_text=True))  # a valid form, sent to the wrong lesson
    posted = client.post(url, data={"csrf_token": token, "submission_id": "f" * 32, "svar-n2-1": ["a", "b"]})
    assert posted.status_code == 400 and "Länken hör till en annan lektion" in posted.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ModuleAttempt.id)) is None


def test_a_link_opened_while_signed_in_as_someone_else_is_refused(app: Flask, learner, create_person, login_as) -> None:
    client = login_as(create_person())
    response = client.get(lesson_url(app, learner.id, "n1"))
    assert response.status_code == 403
    assert "hör till någon annan än den som är inloggad" in response.get_data(as_text=True)


def test_a_link_to_a_lesson_not_yet_open_shows_its_date(app: Flask, learner) -> None:
    page = app.test_client().get(lesson_url(app, learner.id, "n2")).get_data(as_text=True)
    assert "Den här lektionen öppnas" in page and "Den andra lektionen" not in page


def test_a_deactivated_person_s_link_no_longer_works(app: Flask, learner) -> None:
    from elearn.people.models import Person

    url = lesson_url(app, learner.id, "n1")
    with app.app_context():
        db.session.get(Person, learner.id).active = False
        db.session.commit()
    response = app.test_client().get(url)
    assert response.status_code == 403 and "inte aktivt" in response.get_data(as_text=True)
