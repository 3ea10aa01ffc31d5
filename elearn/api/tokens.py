"""Issuing, checking and revoking API tokens. The secret is shown once, when it is made."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ApiToken

# What a token may be allowed to do. SCIM provisioning writes people, so it has its own scope.
SCOPES = ("people:read", "reports:read", "scim")
SECRET_PREFIX = "elearn_"  # noqa: S105  lets secret scanners and people recognise an elearn token


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    session: Session, name: str, scopes: Iterable[str], days: int, now: datetime, created_by_id: int | None
) -> tuple[ApiToken, str]:
    """A new token and its secret; only the secret's hash is kept."""
    wanted = sorted(set(scopes))
    unknown = set(wanted) - set(SCOPES)
    if unknown or not wanted:
        raise ValueError(f"unknown or no scopes: {sorted(unknown)}")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        secret_hash=hash_secret(secret),
        prefix=secret[: len(SECRET_PREFIX) + 4],
        scopes=" ".join(wanted),
        created_by_id=created_by_id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(token)
    session.commit()
    return token, secret


def find_usable(session: Session, secret: str, now: datetime) -> ApiToken | None:
    """The token with this secret, if it is neither expired nor revoked."""
    token = session.scalars(select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret))).first()
    return token if token is not None and token.usable(now) else None


def mark_used(session: Session, token: ApiToken, now: datetime) -> None:
    """Record the time of use, to the minute: a client paging through thousands of people
    should not turn every read into a write."""
    if token.last_used_at is None or now - token.last_used_at >= timedelta(minutes=1):
        token.last_used_at = now
        session.commit()


def all_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(session: Session, token: ApiToken, now: datetime) -> None:
    if token.revoked_at is None:
        token.revoked_at = now
        session.commit()
