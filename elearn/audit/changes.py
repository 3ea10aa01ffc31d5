"""Changes of people's personal data recorded as they are flushed, whichever path made them:
the person page, an import, a command-line job. One place, so no path can forget it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..db import utcnow
from ..people.models import Person
from .models import AuditEvent
from .service import PERSON_CHANGED, PERSON_CREATED, current_actor

WATCHED = ("name", "email", "employee_id", "kind", "active")


def _shown(value: Any) -> str:
    code = getattr(value, "code", None)  # a department
    return str(code if code is not None else ("" if value is None else value))


def _what_changed(person: Person) -> list[str]:
    state = inspect(person)
    parts = []
    for name in (*WATCHED, "department"):
        history = state.attrs[name].history
        before = _shown(history.deleted[0]) if history.deleted else ""
        after = _shown(history.added[0]) if history.added else ""
        if history.has_changes() and before != after:
            parts.append(f"{name}: {before} -> {after}")
    roles = state.attrs["role_rows"].history
    added = sorted({row.role for row in roles.added} - {row.role for row in roles.deleted})
    removed = sorted({row.role for row in roles.deleted} - {row.role for row in roles.added})
    if added or removed:
        parts.append("roles: " + " ".join([*(f"+{r}" for r in added), *(f"-{r}" for r in removed)]))
    return parts


@event.listens_for(Session, "before_flush")
def _record_changes(session: Session, _context: object, _instances: object) -> None:
    now, actor = utcnow(), current_actor()
    for person in [p for p in session.new if isinstance(p, Person)]:
        session.add(AuditEvent(action=PERSON_CREATED, subject=person, actor_id=actor, at=now, detail=person.email))
    for person in [p for p in session.dirty if isinstance(p, Person)]:
        parts = _what_changed(person)
        if parts:
            detail = "; ".join(parts)[:500]
            session.add(AuditEvent(action=PERSON_CHANGED, subject_id=person.id, actor_id=actor, at=now, detail=detail))
