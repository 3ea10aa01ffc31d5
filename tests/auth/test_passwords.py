"""Passwords are stored with Argon2id, old hashes upgraded, guessable passwords refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from elearn.auth.tokens import INVITATION, make_token
from elearn.extensions import db
from elearn.people.models import Person
from tests.conftest import PASSWORD, csrf_from, login


def _hash_of(app: Flask, person_id: int) -> str:
    with app.app_context():
        return db.session.get(Person, person_id).password_hash


def _choose(app: Flask, client: FlaskClient, person_id: int, password: str) -> tuple[int, str]:
    with app.app_context():
        link = f"/inbjudan/{make_token(db.session.get(Person, person_id), INVITATION)}"
    page = client.get(link).get_data(as_text=True)
    response = client.post(link, data={"csrf_token": csrf_from(page), "password": password, "confirm": password})
    return response.status_code, response.get_data(as_text=True)


def test_a_chosen_password_is_stored_with_argon2id_at_owasp_parameters(
    app: Flask, client: FlaskClient, create_person: Callable
) -> None:
    person = create_person(password=False)
    assert _choose(app, client, person.id, "grön kaffekopp vid fjällsjön")[0] == 302
    stored = _hash_of(app, person.id)
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored
    assert login(app.test_client(), person.email, "grön kaffekopp vid fjällsjön").status_code == 302


def test_an_old_scrypt_hash_is_upgraded_at_the_next_login(app: Flask, create_person: Callable) -> None:
    person = create_person()  # the fixture stores Werkzeug scrypt hashes, as elearn used to
    assert _hash_of(app, person.id).startswith("scrypt:")
    assert login(app.test_client(), person.email).status_code == 302
    assert _hash_of(app, person.id).startswith("$argon2id$")
    assert login(app.test_client(), person.email).status_code == 302
    assert login(app.test_client(), person.email, PASSWORD + "x").status_code == 200


@pytest.mark.parametrize("password", ["1234567890", "qwertyuiop", "password123", "aaaaaaaaaaaa"])
def test_a_common_password_is_refused_with_a_clear_message(
    app: Flask, client: FlaskClient, create_person: Callable, password: str
) -> None:
    person = create_person(password=False)
    status, html = _choose(app, client, person.id, password)
    assert status == 200 and "för lätt att gissa" in html
    assert _hash_of(app, person.id) is None


@pytest.mark.parametrize("password", ["Margareta-Lindqvist-2026", "hej margareta, hej då!", "lindqvist!!99#"])
def test_the_persons_own_name_or_address_is_refused(
    app: Flask, client: FlaskClient, create_person: Callable, password: str
) -> None:
    person = create_person(name="Margareta Lindqvist", email="m.lindqvist@example.org", password=False)
    status, html = _choose(app, client, person.id, password)
    assert status == 200 and "ditt namn eller din e-postadress" in html
