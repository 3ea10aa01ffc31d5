"""A control character anywhere in a SCIM body is refused at the edge with SCIM's 400: on
PostgreSQL a NUL would otherwise be a 500, and on SQLite it would be stored as sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.people.models import Department, Person
from tests.scim.test_entra_provisioning import CORE, ENTERPRISE, ERROR, SCIM_JSON, entra_user, patch, scim_caller

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


@pytest.fixture
def scim(client: FlaskClient, make_token) -> Callable[..., Any]:
    return scim_caller(client, make_token("scim"))


def _user_with(place: str) -> dict:
    body = entra_user()
    if place == "displayName":
        body["displayName"] = "Anna\x00Andersson"
    elif place == "department":
        body[ENTERPRISE]["department"] = "BUF\x00"
    elif place == "employeeNumber":
        body[ENTERPRISE]["employeeNumber"] = "E-\x001"
    elif place == "a nested key":
        body["name"]["given\x00Name"] = "Anna"
    elif place == "a list":
        body["emails"][0]["type"] = "work\x1b"
    return body


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _is_scim_400(response) -> bool:
    body = response.get_json()
    return response.status_code == 400 and body["schemas"] == [ERROR] and body["status"] == "400"


@pytest.mark.parametrize("place", ["displayName", "department", "employeeNumber", "a nested key", "a list"])
def test_a_user_with_a_control_character_is_refused_and_nothing_is_stored(app: Flask, scim, place: str) -> None:
    response = scim("POST", "/Users", _user_with(place))
    assert response.mimetype == SCIM_JSON and _is_scim_400(response)
    assert _count(app, Person) == 0 and _count(app, Department) == 0


def test_a_group_or_a_patch_with_a_nul_is_refused(app: Flask, scim) -> None:
    group = {"schemas": [GROUP], "externalId": "g1", "displayName": "Kultur\x00", "members": []}
    assert _is_scim_400(scim("POST", "/Groups", group))
    assert _count(app, Department) == 0
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    refused = scim("PATCH", f"/Users/{user_id}", patch({"op": "Replace", "path": "displayName", "value": "A\x00"}))
    assert _is_scim_400(refused)
    with app.app_context():
        assert db.session.get(Person, int(user_id)).name == "Anna Andersson"


def test_a_body_sent_as_plain_text_is_checked_too(app: Flask, client: FlaskClient, make_token) -> None:
    """The SCIM views read the body as JSON whatever its content type says."""
    response = client.post(
        "/scim/v2/Users",
        data=b'{"schemas": ["' + CORE.encode() + b'"], "userName": "a@kommun.se", "displayName": "A\\u0000"}',
        headers={"Authorization": f"Bearer {make_token('scim')}"},
        content_type="text/plain",
    )
    assert _is_scim_400(response)
    assert _count(app, Person) == 0


def test_a_deeply_nested_body_is_refused_without_a_server_error(client: FlaskClient, make_token) -> None:
    for depth in (900, 5000):
        response = client.post(
            "/scim/v2/Users",
            data="[" * depth + '"\\u0000"' + "]" * depth,
            headers={"Authorization": f"Bearer {make_token('scim')}"},
            content_type=SCIM_JSON,
        )
        assert response.status_code == 400, depth
