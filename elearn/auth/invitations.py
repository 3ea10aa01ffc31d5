"""Inviting people who have no password yet: by e-mail, in batches, never twice by accident."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..people.models import Person
from ..spreadsheets import to_csv
from .service import link_for, send_invitation
from .tokens import INVITATION

BATCH = 25


def _pending():
    return select(Person).where(Person.active.is_(True), Person.password_hash.is_(None), Person.invited_at.is_(None))


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(_pending().subquery())) or 0


def without_account_count(session: Session) -> int:
    query = select(func.count()).where(Person.active.is_(True), Person.password_hash.is_(None))
    return session.scalar(query.select_from(Person)) or 0


def invite(session: Session, person: Person, now: datetime) -> str:
    link = send_invitation(person)
    person.invited_at = now
    session.commit()
    return link


def invite_pending(
    session: Session, now: datetime, limit: int | None = BATCH, progress: Callable[[Person], None] | None = None
) -> int:
    """Send to the next `limit` people never invited. Each is marked as it is sent, so a run
    cut short, or run twice, never sends anyone a second invitation."""
    query = _pending().order_by(Person.id)
    if limit is not None:
        query = query.limit(limit)
    sent = 0
    for person in session.scalars(query).all():
        invite(session, person, now)
        sent += 1
        if progress:
            progress(person)
    return sent


def links_csv(session: Session) -> str:
    """Invitation links for everyone without a password, to hand out another way."""
    people = session.scalars(
        select(Person).where(Person.active.is_(True), Person.password_hash.is_(None)).order_by(Person.name)
    )
    rows: list[list[object]] = [
        [person.name, person.email, person.department.name if person.department else "", link_for(person, INVITATION)]
        for person in people
    ]
    return to_csv(([_("Namn"), _("E-post"), _("Förvaltning"), _("Inbjudningslänk")], rows))
