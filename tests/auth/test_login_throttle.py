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
        rows = db.session.scalars(select(LoginThrottle).where(LoginThrottle.key != "global")).all()
    assert len(rows) == 2 and {row.failures for row in rows} == {2}  # the address and the client
    for row in rows:
        assert person.email.lower() not in row.key and re.fullmatch(r"[0-9a-f]{64}", row.key)


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


def _client(app: Flask, ip: str, header: str = "REMOTE_ADDR") -> FlaskClient:
    client = app.test_client()
    client.environ_base[header] = ip
    return client


def test_a_second_lock_lasts_twice_as_long(app: Flask, client: FlaskClient, create_person) -> None:
    person = create_person()
    fail(client, person.email, 5)
    with app.app_context():
        db.session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    fail(client, person.email, 5)
    assert "30 minuter" in login(client, person.email).get_data(as_text=True)


def test_one_client_trying_many_addresses_is_locked(app: Flask, create_person) -> None:
    client = _client(app, "192.0.2.10")
    for number in range(20):
        fail(client, f"person{number}@example.org", 1)
    person = create_person()
    assert login(client, person.email).status_code == 429
    assert login(_client(app, "192.0.2.11"), person.email).status_code == 302


def test_while_the_site_is_over_its_budget_a_first_failure_locks_the_client(app: Flask, create_person) -> None:
    app.config["LOGIN_GLOBAL_MAX_FAILURES"] = 3
    try:
        for number in range(3):
            fail(_client(app, f"198.51.100.{number}"), f"spray{number}@example.org", 1)
        sprayer = _client(app, "198.51.100.99")
        fail(sprayer, "spray99@example.org", 1)
        assert login(sprayer, create_person().email).status_code == 429
    finally:
        app.config["LOGIN_GLOBAL_MAX_FAILURES"] = 300


def test_the_client_address_comes_from_a_proxy_only_when_one_is_trusted(database_url: str, create_person) -> None:
    from tests.conftest import make_app

    person = create_person()
    for trusted, locked_out in ((0, True), (1, False)):
        proxied = make_app(database_url, TRUSTED_PROXY_COUNT=trusted, LOGIN_CLIENT_MAX_FAILURES=2)
        first = _client(proxied, f"203.0.113.{trusted}", "HTTP_X_FORWARDED_FOR")
        fail(first, f"a{trusted}@example.org", 2)
        other = _client(proxied, f"203.0.113.{trusted + 100}", "HTTP_X_FORWARDED_FOR")
        # Without a trusted proxy both "clients" are the same peer, and the header is ignored.
        assert (login(other, person.email).status_code == 429) is locked_out
