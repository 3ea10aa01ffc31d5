"""Signed, expiring one-time links for invitations and password resets.

A token carries a fingerprint of the person's current password hash: once the link has been
used to set a password, the fingerprint no longer matches, so the link cannot be used again.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ..people.models import Person

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"  # noqa: S105  a token purpose, not a password


class TokenError(Exception):
    """Why a link was refused: 'expired' or 'invalid' (tampered with, or already used)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"elearn-{purpose}")


def _fingerprint(person: Person) -> str:
    return hashlib.sha256((person.password_hash or "no-password").encode()).hexdigest()[:16]


def make_token(person: Person, purpose: str) -> str:
    return _serializer(purpose).dumps([person.id, _fingerprint(person)])


def read_token(session: Session, token: str, purpose: str, max_age_seconds: int) -> Person:
    try:
        person_id, fingerprint = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired as error:
        raise TokenError("expired") from error
    except (BadSignature, ValueError, TypeError) as error:
        raise TokenError("invalid") from error
    person = session.get(Person, person_id) if isinstance(person_id, int) else None
    if person is None or not person.active or fingerprint != _fingerprint(person):
        raise TokenError("invalid")
    return person
