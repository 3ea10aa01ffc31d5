"""Sessions end: everywhere at logout, a new password or deactivation; after idling; after hours."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from elearn.extensions import db
from elearn.people.models import Person
from tests.conftest import PASSWORD, csrf_from


def _sign_in(client: FlaskClient, email: str, remember: bool = False) -> None:
    page = client.get("/logga-in").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/logga-in", data=data).status_code == 302


def _copy_cookies(source: FlaskClient, target: FlaskClient) -> None:
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain)


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/mina-kurser").status_code == 200


def _logout(client: FlaskClient) -> None:
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    assert client.post("/logga-ut", data={"csrf_token": token}).status_code == 302


def test_logout_ends_a_copied_session_and_remember_me_cookie(app: Flask, create_person: Callable) -> None:
    person = create_person()
    browser, thief = app.test_client(), app.test_client()
    _sign_in(browser, person.email, remember=True)
    _copy_cookies(browser, thief)
    assert _signed_in(thief)
    _logout(browser)
    assert not _signed_in(thief)
    thief.delete_cookie("session")  # the remember-me cookie alone does not bring it back either
    assert not _signed_in(thief)


def test_a_new_password_ends_every_other_session(app: Flask, create_person: Callable) -> None:
    person = create_person()
    phone, laptop = app.test_client(), app.test_client()
    _sign_in(phone, person.email)
    _sign_in(laptop, person.email)
    with app.app_context():
        from elearn.auth.service import set_password

        set_password(db.session, db.session.get(Person, person.id), "ett helt nytt och långt lösenord")
    assert not _signed_in(phone) and not _signed_in(laptop)


def test_deactivation_ends_every_session(app: Flask, create_person: Callable) -> None:
    person = create_person()
    client = app.test_client()
    _sign_in(client, person.email)
    with app.app_context():
        db.session.get(Person, person.id).active = False
        db.session.commit()
        db.session.get(Person, person.id).active = True
        db.session.commit()
    assert not _signed_in(client)


def test_remember_me_is_refused_for_hr_and_admin(app: Flask, create_person: Callable) -> None:
    for roles in ({"hr"}, {"admin"}):
        client = app.test_client()
        page = client.get("/logga-in").get_data(as_text=True)
        person = create_person(roles=roles)
        data = {"csrf_token": csrf_from(page), "email": person.email, "password": PASSWORD, "remember": "y"}
        response = client.post("/logga-in", data=data)
        assert response.status_code == 302
        assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_remember_me_for_learners_lasts_the_configured_days(app: Flask, create_person: Callable) -> None:
    client = app.test_client()
    page = client.get("/logga-in").get_data(as_text=True)
    person = create_person()
    data = {"csrf_token": csrf_from(page), "email": person.email, "password": PASSWORD, "remember": "y"}
    cookie = next(c for c in client.post("/logga-in", data=data).headers.getlist("Set-Cookie") if "remember_token" in c)
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    days = (expires - datetime.now(UTC)).total_seconds() / 86400
    assert app.config["REMEMBER_DAYS"] - 0.01 < days <= app.config["REMEMBER_DAYS"]


def _shift_session(client: FlaskClient, **seconds_ago: int) -> None:
    with client.session_transaction() as session:
        for key, ago in seconds_ago.items():
            session[f"_{key}"] = int(time.time()) - ago


@pytest.mark.parametrize(
    ("roles", "idle_minutes", "ended"), [({"hr"}, 31, True), (set(), 31, False), (set(), 121, True)]
)
def test_a_session_ends_after_idling(
    app: Flask, create_person: Callable, roles: set[str], idle_minutes: int, ended: bool
) -> None:
    client = app.test_client()
    _sign_in(client, create_person(roles=roles).email)
    _shift_session(client, seen_at=idle_minutes * 60)
    assert _signed_in(client) is not ended


def test_a_session_ends_after_the_absolute_limit_however_active(app: Flask, create_person: Callable) -> None:
    client = app.test_client()
    _sign_in(client, create_person().email)
    _shift_session(client, login_at=12 * 3600 + 60, seen_at=10)
    assert not _signed_in(client)


def test_login_starts_a_new_session(app: Flask, create_person: Callable) -> None:
    client = app.test_client()
    client.get("/sprak/en")
    client.get("/logga-in")
    with client.session_transaction() as session:
        session["planted"] = "by an earlier visitor"
        before = session.get("csrf_token")
    _sign_in(client, create_person().email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert before and session.get("csrf_token") != before
        assert session["locale"] == "en"
