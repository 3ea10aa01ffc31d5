"""Signed, expiring links: what invitations, password resets and lesson links have in common.
Each purpose signs with its own salt, so a link made for one purpose never opens another."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .errors import DomainError

# Why a link is refused, and the status its page is sent with.
STATUS = {"expired": 410, "invalid": 400, "inactive": 403, "other-lesson": 400, "other-person": 403}


class LinkRefused(DomainError):
    """A link that is expired, altered or used, for an inactive person, for another lesson, or
    opened while someone else is signed in. `reason` picks the explanation on the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(_l("Länken fungerar inte."), f"link refused: {reason}", STATUS[reason])
        self.reason = reason


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"elearn-{purpose}")


def sign(purpose: str, payload: list[Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str, max_age_seconds: int, shape: tuple[type, ...]) -> list[Any]:
    """The payload of a link signed for `purpose`, if it is intact, young enough and of `shape`
    (the type of each item); otherwise LinkRefused('expired' or 'invalid')."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired as error:
        raise LinkRefused("expired") from error
    except BadSignature as error:
        raise LinkRefused("invalid") from error
    if not isinstance(payload, list) or len(payload) != len(shape):
        raise LinkRefused("invalid")
    # bool is an int to isinstance; no link carries one, so refuse it rather than take True for 1.
    if any(isinstance(item, bool) or not isinstance(item, kind) for item, kind in zip(payload, shape, strict=True)):
        raise LinkRefused("invalid")
    return payload
