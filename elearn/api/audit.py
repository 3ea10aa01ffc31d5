"""Every API and SCIM call, recorded in one place: a row in the audit log (who read the
figures and personal data through which token) and a line in the application log."""

from __future__ import annotations

from flask import current_app

from ..audit import service as audit
from ..extensions import db


def record_call(token_id: int | None, token_name: str | None, method: str, path: str, status: int, client: str) -> None:
    current_app.logger.info(
        "api call: token=%s (%s) %s %s -> %s from %s", token_id, token_name, method, path, status, client
    )
    token = f"{token_name} (#{token_id})" if token_id is not None else "ingen nyckel"
    audit.record(db.session, audit.API_CALL, detail=f"{token}: {method} {path} -> {status} från {client}")
    db.session.commit()
