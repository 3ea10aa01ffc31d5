"""Admins make tokens on a page: the secret is shown once, kept only as a hash, and revocable."""

from __future__ import annotations

import re

from flask import Flask

from elearn.api.models import ApiToken
from elearn.extensions import db
from tests.api.conftest import bearer
from tests.conftest import csrf_from, login

SECRET = re.compile(r'<code class="secret">(elearn_[A-Za-z0-9_-]+)</code>')


def admin_client(app: Flask, create_person):
    client = app.test_client()
    login(client, create_person(roles={"admin"}, name="Ada Admin").email)
    return client


def test_a_new_token_is_shown_once_and_works_with_its_scopes_only(app: Flask, create_person) -> None:
    client = admin_client(app, create_person)
    page = client.get("/admin/api-nycklar/").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "name": "Lönesystemet", "scopes": ["people:read"], "days": "90"}
    created = client.post("/admin/api-nycklar/", data=form).get_data(as_text=True)
    secret = SECRET.search(created).group(1)
    assert "Den visas bara den här gången" in created
    later = client.get("/admin/api-nycklar/").get_data(as_text=True)
    assert secret not in later and "Lönesystemet" in later and "Ada Admin" in later and secret[:11] in later
    with app.app_context():
        token = db.session.query(ApiToken).one()
        assert secret not in (token.secret_hash, token.prefix) and token.scopes == "people:read"
        assert (token.expires_at - token.created_at).days == 90
    api = app.test_client()
    assert api.get("/api/v1/people", headers=bearer(secret)).status_code == 200
    assert api.get("/api/v1/reports/overview", headers=bearer(secret)).status_code == 403


def test_a_form_without_scopes_or_with_a_wild_expiry_makes_no_token(app: Flask, create_person) -> None:
    client = admin_client(app, create_person)
    token = csrf_from(client.get("/admin/api-nycklar/").get_data(as_text=True))
    for form in ({"name": "X", "days": "30"}, {"name": "X", "scopes": ["people:read"], "days": "9999"}):
        response = client.post("/admin/api-nycklar/", data={"csrf_token": token, **form})
        assert response.status_code == 400
        assert not SECRET.search(response.get_data(as_text=True))
    without_csrf = {"name": "X", "scopes": ["people:read"], "days": "30"}
    assert client.post("/admin/api-nycklar/", data=without_csrf).status_code == 400
    with app.app_context():
        assert db.session.query(ApiToken).count() == 0


def test_a_revoked_token_stops_working_at_once(app: Flask, create_person) -> None:
    client = admin_client(app, create_person)
    page = client.get("/admin/api-nycklar/").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "name": "Power BI", "scopes": ["reports:read"], "days": "30"}
    secret = SECRET.search(client.post("/admin/api-nycklar/", data=form).get_data(as_text=True)).group(1)
    api = app.test_client()
    assert api.get("/api/v1/reports/topics", headers=bearer(secret)).status_code == 200
    with app.app_context():
        token_id = db.session.query(ApiToken).one().id
    asked = client.post(f"/admin/api-nycklar/{token_id}/aterkalla", data={"csrf_token": csrf_from(page)})
    assert asked.status_code == 200 and "Återkalla ”Power BI”?" in asked.get_data(as_text=True)
    assert api.get("/api/v1/reports/topics", headers=bearer(secret)).status_code == 200  # not before the confirmation
    response = client.post(
        f"/admin/api-nycklar/{token_id}/aterkalla", data={"csrf_token": csrf_from(page), "bekrafta": "ja"}
    )
    assert response.status_code == 302
    assert "Återkallad" in client.get("/admin/api-nycklar/").get_data(as_text=True)
    assert api.get("/api/v1/reports/topics", headers=bearer(secret)).status_code == 401
