from __future__ import annotations

import re
import time

from flask import Flask
from flask.testing import FlaskClient

from elearn.auth.tokens import INVITATION, make_token
from elearn.extensions import db
from elearn.people.models import Person
from tests.conftest import PASSWORD, csrf_from, login


def test_login_with_the_right_password_opens_my_courses(client: FlaskClient, create_person) -> None:
    person = create_person()
    response = login(client, person.email)
    assert response.status_code == 302 and response.headers["Location"] == "/mina-kurser"


def test_wrong_password_and_unknown_email_get_the_same_message(client: FlaskClient, create_person) -> None:
    person = create_person()
    wrong = login(client, person.email, "fel-losenord").get_data(as_text=True)
    unknown = login(client, "ingen@example.org").get_data(as_text=True)
    assert "Fel e-postadress eller lösenord." in wrong
    assert "Fel e-postadress eller lösenord." in unknown
    assert client.get("/mina-kurser").status_code == 302


def test_email_is_matched_without_regard_to_case(client: FlaskClient, create_person) -> None:
    create_person(email="Anna.Berg@Example.org")
    assert login(client, "anna.berg@example.org").status_code == 302


def test_a_deactivated_person_cannot_log_in(client: FlaskClient, create_person) -> None:
    person = create_person(active=False)
    assert "Fel e-postadress" in login(client, person.email).get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie(client: FlaskClient, create_person) -> None:
    person = create_person()
    page = client.get("/logga-in").get_data(as_text=True)
    response = client.post(
        "/logga-in", data={"csrf_token": csrf_from(page), "email": person.email, "password": PASSWORD, "remember": "y"}
    )
    assert any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_next_redirects_only_within_the_site(client: FlaskClient, create_person) -> None:
    person = create_person()
    for target, expected in [
        ("/kurser/testkurs", "/kurser/testkurs"),
        ("https://evil.example/", "/mina-kurser"),
        ("//evil.example/", "/mina-kurser"),
        ("/\\evil.example", "/mina-kurser"),
    ]:
        page = client.get("/logga-in").get_data(as_text=True)
        response = client.post(
            f"/logga-in?next={target}",
            data={"csrf_token": csrf_from(page), "email": person.email, "password": PASSWORD},
        )
        assert response.headers["Location"] == expected, target
        client.post("/logga-ut", data={"csrf_token": csrf_from(client.get("/mina-kurser").get_data(as_text=True))})


def test_logout_needs_a_post_with_csrf(client: FlaskClient, create_person, login_as) -> None:
    login_as(create_person())
    assert client.get("/logga-ut").status_code == 405
    assert client.post("/logga-ut").status_code == 400
    page = client.get("/mina-kurser").get_data(as_text=True)
    client.post("/logga-ut", data={"csrf_token": csrf_from(page)})
    assert client.get("/mina-kurser").status_code == 302


def test_login_form_without_csrf_token_is_refused(client: FlaskClient, create_person) -> None:
    person = create_person()
    response = client.post("/logga-in", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Sidan hade gått ut" in response.get_data(as_text=True)


def _invitation_link(app: Flask, outbox: list, person) -> str:
    from elearn.auth.invitations import invite
    from elearn.db import utcnow
    from elearn.outbox.delivery import deliver

    with app.test_request_context():
        invite(db.session, db.session.get(Person, person.id), utcnow())
        deliver(db.session, utcnow())
    body = outbox[-1].get_content()
    return re.search(r"http://localhost(/inbjudan/\S+)", body).group(1)


def test_an_invitation_link_sets_a_password_once(app: Flask, client: FlaskClient, outbox, create_person) -> None:
    person = create_person(password=False)
    link = _invitation_link(app, outbox, person)
    assert outbox[-1]["To"] == person.email
    page = client.get(link).get_data(as_text=True)
    assert person.email in page
    response = client.post(
        link, data={"csrf_token": csrf_from(page), "password": "nytt-langt-losen", "confirm": "nytt-langt-losen"}
    )
    assert response.headers["Location"] == "/mina-kurser"
    assert client.get("/mina-kurser").status_code == 200
    again = app.test_client().get(link)
    assert again.status_code == 400 and "redan använd" in again.get_data(as_text=True)
    assert login(app.test_client(), person.email, "nytt-langt-losen").status_code == 302


def test_a_short_or_mismatched_password_is_explained(app: Flask, client: FlaskClient, outbox, create_person) -> None:
    link = _invitation_link(app, outbox, create_person(password=False))
    page = client.get(link).get_data(as_text=True)
    html = client.post(link, data={"csrf_token": csrf_from(page), "password": "kort", "confirm": "kort"}).get_data(
        as_text=True
    )
    assert "minst 10 tecken" in html and 'aria-invalid="true"' in html
    html = client.post(
        link, data={"csrf_token": csrf_from(page), "password": "langt-losenord-1", "confirm": "annat-losenord-2"}
    ).get_data(as_text=True)
    assert "Lösenorden är inte lika." in html


def test_an_expired_or_tampered_invitation_is_refused_clearly(app: Flask, client: FlaskClient, create_person) -> None:
    person = create_person(password=False)
    with app.app_context():
        token = make_token(db.session.get(Person, person.id), INVITATION)
    expired_app_config = app.config["INVITATION_DAYS"]
    app.config["INVITATION_DAYS"] = 0
    try:
        time.sleep(1.1)
        response = client.get(f"/inbjudan/{token}")
        assert response.status_code == 400 and "har gått ut" in response.get_data(as_text=True)
    finally:
        app.config["INVITATION_DAYS"] = expired_app_config
    tampered = client.get(f"/inbjudan/{token[:-3]}abc")
    assert tampered.status_code == 400 and "inte fullständig" in tampered.get_data(as_text=True)
    wrong_purpose = client.get(f"/nytt-losenord/{token}")
    assert wrong_purpose.status_code == 400


def test_password_reset_by_email_link(app: Flask, client: FlaskClient, outbox, create_person) -> None:
    person = create_person()
    page = client.get("/glomt-losenord").get_data(as_text=True)
    response = client.post("/glomt-losenord", data={"csrf_token": csrf_from(page), "email": person.email})
    assert response.status_code == 302
    link = re.search(r"http://localhost(/nytt-losenord/\S+)", outbox[-1].get_content()).group(1)
    page = client.get(link).get_data(as_text=True)
    client.post(
        link, data={"csrf_token": csrf_from(page), "password": "ett-nytt-losenord", "confirm": "ett-nytt-losenord"}
    )
    assert login(app.test_client(), person.email, "ett-nytt-losenord").status_code == 302
    assert "Fel e-post" in login(app.test_client(), person.email, PASSWORD).get_data(as_text=True)


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client: FlaskClient, outbox) -> None:
    page = client.get("/glomt-losenord").get_data(as_text=True)
    response = client.post(
        "/glomt-losenord", data={"csrf_token": csrf_from(page), "email": "ingen@example.org"}, follow_redirects=True
    )
    assert "Om adressen finns hos oss" in response.get_data(as_text=True)
    assert outbox == []


def test_there_is_no_open_self_registration(client: FlaskClient) -> None:
    for url in ("/registrera", "/register", "/signup"):
        assert client.get(url).status_code == 404


def test_secret_key_is_required_outside_development(database_url: str) -> None:
    import pytest

    from elearn.config import SettingError
    from tests.conftest import make_app

    with pytest.raises(SettingError, match="SECRET_KEY saknas"):
        make_app(database_url, SECRET_KEY=None, TESTING=False, ENV="production")
