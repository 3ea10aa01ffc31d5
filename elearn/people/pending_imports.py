"""An uploaded import waiting for HR's confirmation. Kept in the database, not on one server's
disk, so the preview and the apply may be answered by different app servers."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import JSON, LargeBinary, String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..db import UTCDateTime, db, utcnow


class PendingImport(db.Model):
    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    options: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def keep(session: Session, data: bytes, options: dict, now: datetime, kept: timedelta) -> str:
    """Store the file and its options until confirmed; the token the confirmation carries.
    Uploads not confirmed within `kept` (IMPORT_PREVIEW_HOURS) go on the way."""
    prune(session, now, kept)
    token = secrets.token_hex(16)
    session.add(PendingImport(token=token, data=data, options=options, created_at=now))
    session.commit()
    return token


def take(session: Session, token: str, now: datetime, kept: timedelta) -> PendingImport | None:
    """The pending import, removed in the caller's transaction: once that commits it cannot be
    applied again, and a second confirmation at the same moment waits for it (row lock)."""
    pending = session.get(PendingImport, token, with_for_update=True)
    if pending is None or pending.created_at < now - kept:
        return None
    session.delete(pending)
    return pending


def prune(session: Session, now: datetime, kept: timedelta) -> int:
    """Delete uploads not confirmed within `kept`, in the caller's transaction; how many. An
    abandoned one is a whole HR export, so it is not left for the next upload to remove
    (`imports prune` runs hourly)."""
    return session.execute(delete(PendingImport).where(PendingImport.created_at < now - kept)).rowcount
