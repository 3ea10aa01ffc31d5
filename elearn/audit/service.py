"""Writing and reading the audit log. Plain functions on a session; the request's signed-in
person is passed in by the caller (or found by `current_actor` without touching the database)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import has_request_context
from flask import session as flask_session
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db import utcnow
from .models import AuditEvent

# The actions, and what the log page calls them.
LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOCKOUT = "lockout"
REGISTER_EXTRACT = "register_extract"
INVITATION_LINKS = "invitation_links"
PERSON_CREATED = "person_created"
PERSON_CHANGED = "person_changed"
IMPORT_APPLIED = "import_applied"
LOG_EXPORTED = "audit_exported"
API_CALL = "api_call"  # a call to the REST API or SCIM, with its token
LIMIT = 500


def current_actor() -> int | None:
    """The signed-in person's id from the session cookie, so recording never queries the database
    (it runs inside flushes, where a query would start another flush)."""
    if not has_request_context():
        return None
    person_id = str(flask_session.get("_user_id", "")).partition(":")[0]
    return int(person_id) if person_id.isascii() and person_id.isdigit() else None


def record(
    session: Session, action: str, subject_id: int | None = None, detail: str = "", actor_id: int | None = None
) -> None:
    """Adds the event to the session: it is written with the change it records, or not at all."""
    session.add(
        AuditEvent(
            action=action,
            subject_id=subject_id,
            actor_id=actor_id if actor_id is not None else current_actor(),
            # What is recorded can come from the request (an API path): no control characters,
            # which PostgreSQL would refuse (NUL) and a reader would not see.
            detail="".join(ch if ch.isprintable() else "?" for ch in detail)[:500],
            at=utcnow(),
        )
    )


def latest(session: Session, limit: int = LIMIT) -> Sequence[AuditEvent]:
    return session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()


def everything(session: Session) -> Sequence[AuditEvent]:
    return session.scalars(select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)).all()


def dispose_before(session: Session, before: datetime) -> int:
    """Events older than the retention period go, whoever they are about."""
    removed = session.execute(delete(AuditEvent).where(AuditEvent.at < before)).rowcount
    session.commit()
    return removed
