"""Every call under /api/v1/ and /scim/v2/ leaves a row in the audit log, also one that no route
answers: a client probing for paths is seen as well as one reading people."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from elearn.api.models import ApiToken
from elearn.audit.models import AuditEvent
from elearn.extensions import db
from tests.api.conftest import bearer


def audited_calls(app: Flask) -> list[str]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "api_call").order_by(AuditEvent.id))
        return [event.detail.split(" från ")[0] for event in events]


def test_calls_that_no_route_answers_are_audited_once_each(app: Flask, client: FlaskClient, make_token) -> None:
    secret = make_token("people:read", name="Power BI")
    with app.app_context():
        token = f"Power BI (#{db.session.scalar(select(ApiToken.id))})"
    assert client.get("/api/v1/personer?limit=5", headers=bearer(secret)).status_code == 404
    assert client.post("/api/v1/people", headers=bearer(secret), json={}).status_code == 405
    assert client.get("/scim/v2/Anvandare").status_code == 404
    assert client.get("/api/v1/departments", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v2/people", headers=bearer(secret)).status_code == 404  # no API there
    assert audited_calls(app) == [
        f"{token}: GET /api/v1/personer?limit=5 -> 404",
        f"{token}: POST /api/v1/people -> 405",
        "ingen nyckel: GET /scim/v2/Anvandare -> 404",
        f"{token}: GET /api/v1/departments -> 200",
    ]
