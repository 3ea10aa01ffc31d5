from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from elearn.auth.models import LoginThrottle
from elearn.db import utcnow
from elearn.extensions import db
from tests.conftest import csrf_from, login

LOCKED = "För många misslyckade inloggningar"


def fail(client: FlaskClient, email: str, times: int) -> None:
    for _ in range(times):
        assert "Fel e-postadress eller lösenord." in login(client, email, "fel-losenord").get_data(as_text=True)


def test_the_fifth_wrong_password_locks_the_address_even_for_the_right_one(client: FlaskClient, create_person) -> None:
    person = create_person()
    fail(client, person.email, 5)
    response = login(client, person.email)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert LOCKED in page and "15 minuter" in page
    assert client.get("/mina-kurser").status_code == 302


def test_the_lock_ends_after_its_time(app: Flask, client: FlaskClient, create_person) -> None:
    person = create_person()
    fail(client, person.email, 5)
    with app.app_context():
        past = utcnow() - timedelta(seconds=1)
        db.session.execute(update(LoginThrottle).values(locked_until=past))
        db.session.commit()
    assert login(client, person.email).status_code == 302


def test_an_unknown_address_is_locked_the_same_way(client: FlaskClient, create_person) -> None:
    # Otherwise the lock would tell a guesser which addresses have accounts.
    fail(client, "ingen@example.org", 5)
    response = login(client, "ingen@example.org")
    assert response.status_code == 429 and LOCKED in response.get_data(as_text=True)


def test_a_successful_login_forgets_earlier_failures(client: FlaskClient, create_person) -> None:
    person = create_person()
    fail(client, person.email, 4)
    assert login(client, person.email).status_code == 302
    client.post("/logga-ut", data={"csrf_token": csrf_from(client.get("/mina-kurser").get_data(as_text=True))})
    fail(client, person.email, 4)
    assert login(client, person.email).status_code == 302


def test_one_locked_address_leaves_others_alone(client: FlaskClient, create_person) -> None:
    locked, other = create_person(), create_person()
    fail(client, locked.email, 5)
    assert login(client, other.email).status_code == 302


def test_the_address_is_stored_only_as_a_hash(app: Flask, client: FlaskClient, create_person) -> None:
    person = create_person()
    fail(client, person.email.upper(), 2)
    with app.app_context():
        rows = db.session.scalars(select(LoginThrottle)).all()
    assert len(rows) == 1 and rows[0].failures == 2
    assert person.email.lower() not in rows[0].key and re.fullmatch(r"[0-9a-f]{64}", rows[0].key)


def test_choosing_a_new_password_ends_the_lock(app: Flask, client: FlaskClient, outbox, create_person) -> None:
    person = create_person()
    fail(client, person.email, 5)
    page = client.get("/glomt-losenord").get_data(as_text=True)
    client.post("/glomt-losenord", data={"csrf_token": csrf_from(page), "email": person.email})
    link = re.search(r"http://localhost(/nytt-losenord/\S+)", outbox[-1].get_content()).group(1)
    page = client.get(link).get_data(as_text=True)
    client.post(
        link, data={"csrf_token": csrf_from(page), "password": "ett-nytt-losenord", "confirm": "ett-nytt-losenord"}
    )
    assert login(app.test_client(), person.email, "ett-nytt-losenord").status_code == 302
