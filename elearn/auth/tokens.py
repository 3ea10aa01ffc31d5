"""Signed, expiring one-time links for invitations and password resets.

A token carries a fingerprint of the person's current password hash: once the link has been
used to set a password, the fingerprint no longer matches, so the link cannot be used again.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from ..people.models import Person
from ..signed_links import LinkRefused, read, sign

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"  # noqa: S105  a token purpose, not a password


def _fingerprint(person: Person) -> str:
    return hashlib.sha256((person.password_hash or "no-password").encode()).hexdigest()[:16]


def make_token(person: Person, purpose: str) -> str:
    return sign(purpose, [person.id, _fingerprint(person)])


def read_token(session: Session, token: str, purpose: str, max_age_seconds: int) -> Person:
    """The person a link is for; LinkRefused when it is expired, altered or already used."""
    person_id, fingerprint = read(purpose, token, max_age_seconds, (int, str))
    person = session.get(Person, person_id)
    if person is None or not person.active or fingerprint != _fingerprint(person):
        raise LinkRefused("invalid")
    return person
