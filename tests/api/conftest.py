"""A factory for API tokens: `make_token("people:read")` returns the secret to send."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from elearn.api.tokens import create_token
from elearn.db import utcnow
from elearn.extensions import db


@pytest.fixture
def make_token(app: Flask) -> Callable[..., str]:
    def make(*scopes: str, days: int = 30, name: str = "Lönesystemet") -> str:
        with app.app_context():
            _, secret = create_token(db.session, name, scopes, days, utcnow(), None)
            db.session.remove()
        return secret

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
