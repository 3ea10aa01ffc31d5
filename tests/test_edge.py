"""What every response carries and what the edge refuses before any view runs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from elearn.auth.tokens import INVITATION, make_token
from elearn.extensions import db
from elearn.people.models import Person
from tests.conftest import csrf_from
from tests.reports.test_overview import completion


def test_every_page_has_a_strict_content_security_policy(client: FlaskClient) -> None:
    headers = client.get("/").headers
    policy = headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
        assert part in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_public_pages_may_be_cached_but_signed_in_pages_may_not(
    client: FlaskClient, create_person: Callable, login_as: Callable
) -> None:
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login_as(create_person())
    for url in ("/mina-kurser", "/mina-uppgifter", "/"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_pages_that_show_a_name_without_signing_in_may_not_be_cached(
    app: Flask, client: FlaskClient, create_person: Callable
) -> None:
    person = create_person(name="Greta Exempel", password=False)
    with app.app_context():
        certificate = completion(person.id)
        certificate.certificate_code = "ABCD-EFGH-JKLM"
        db.session.add(certificate)
        db.session.commit()
        invitation = f"/inbjudan/{make_token(db.session.get(Person, person.id), INVITATION)}"
    for url in ("/intyg/ABCD-EFGH-JKLM", invitation):
        response = client.get(url)
        assert response.status_code == 200 and "Greta Exempel" in response.get_data(as_text=True), url
        assert response.headers["Cache-Control"] == "no-store", url


def test_course_files_are_sandboxed(client: FlaskClient, create_person: Callable, login_as: Callable) -> None:
    login_as(create_person())
    response = client.get("/kurser/testkurs/filer/bilder/klotter.svg")
    assert response.status_code == 200
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'none' covers it


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x85"])
def test_control_characters_in_a_form_field_are_refused(client: FlaskClient, char: str) -> None:
    token = csrf_from(client.get("/logga-in").get_data(as_text=True))
    response = client.post("/logga-in", data={"csrf_token": token, "email": f"a{char}@example.org", "password": "x"})
    assert response.status_code == 400


def test_control_characters_in_a_query_argument_or_path_are_refused(client: FlaskClient) -> None:
    assert client.get("/intyg?kod=AB%00CD").status_code == 400
    assert client.get("/intyg/AB%00CD").status_code == 400


def test_line_breaks_in_a_text_field_are_text(client: FlaskClient) -> None:
    token = csrf_from(client.get("/logga-in").get_data(as_text=True))
    response = client.post("/logga-in", data={"csrf_token": token, "email": "a@example.org", "password": "a\r\nb\tc"})
    assert response.status_code == 200


def test_a_huge_id_in_a_url_is_not_found(client: FlaskClient, create_person: Callable, login_as: Callable) -> None:
    login_as(create_person(roles={"hr"}))
    for url in ("/personer/99999999999999999999", "/personer/2147483648", "/kampanjer/٣", "/enkater/²"):
        assert client.get(url).status_code == 404, url


def test_a_huge_page_number_or_department_in_a_query_is_ignored(
    client: FlaskClient, create_person: Callable, login_as: Callable
) -> None:
    login_as(create_person(roles={"hr"}))
    assert client.get("/personer?sida=99999999999999999999&forvaltning=99999999999999").status_code == 200
    assert client.get("/rapporter/grupp/99999999999999999999").status_code == 404


def test_a_body_larger_than_the_limit_is_refused(client: FlaskClient) -> None:
    response = client.post("/logga-in", data={"password": "x" * (11 * 1024 * 1024)})
    assert response.status_code == 413
