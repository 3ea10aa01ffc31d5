"""Every API and SCIM call, recorded in one place.

For now the record goes to the application log. When the audit-log table lands, point
`record_call` at it; every caller already goes through this function."""

from __future__ import annotations

from flask import current_app


def record_call(token_id: int | None, token_name: str | None, method: str, path: str, status: int, client: str) -> None:
    current_app.logger.info(
        "api call: token=%s (%s) %s %s -> %s from %s", token_id, token_name, method, path, status, client
    )
