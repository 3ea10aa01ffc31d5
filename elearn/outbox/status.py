"""What HR sees of mail that did not go out: refused recipients to correct, and mail waiting
for the mail server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from ..people.models import Person
from .models import OutboxMail

KIND_NAMES = {
    "lesson": _l("Lektion"),
    "repetition": _l("Repetition"),
    "due": _l("Påminnelse om kurs"),
    "department-summary": _l("Sammanställning till samordnare"),
    "survey-reminder": _l("Påminnelse om enkät"),
    "invitation": _l("Inbjudan"),
    "password-reset": _l("Nytt lösenord"),
}
SHOWN = 50


@dataclass(frozen=True)
class RefusedMail:
    person_id: int
    name: str
    address: str
    kind: str
    error: str
    refused_at: datetime


@dataclass(frozen=True)
class Undelivered:
    waiting: int  # the server was down or said "try later": sent on the next run
    last_error: str
    refused: list[RefusedMail]  # the newest SHOWN; tried again once the person's address changes
    refused_count: int

    @property
    def count(self) -> int:
        return self.waiting + self.refused_count


def undelivered(session: Session, among: Select | None = None) -> Undelivered:
    """Mail not delivered, of all mail or of the mail ids `among` selects."""
    unsent = OutboxMail.sent_at.is_(None)
    if among is not None:
        unsent = and_(unsent, OutboxMail.id.in_(among))
    active = and_(unsent, Person.active.is_(True))
    stuck = and_(active, OutboxMail.refused_at.is_not(None), OutboxMail.to_address == Person.email)
    waiting_rows = (
        select(OutboxMail.id, OutboxMail.last_error)
        .join(Person)
        .where(active, OutboxMail.refused_at.is_(None), OutboxMail.failures > 0)
    )
    waiting = session.scalar(select(func.count()).select_from(waiting_rows.subquery())) or 0
    last_error = session.scalar(
        waiting_rows.with_only_columns(OutboxMail.last_error).order_by(OutboxMail.id.desc()).limit(1)
    )
    refused_count = session.scalar(select(func.count()).select_from(OutboxMail).join(Person).where(stuck)) or 0
    refused = [
        RefusedMail(*row)
        for row in session.execute(
            select(Person.id, Person.name, Person.email, OutboxMail.kind, OutboxMail.last_error, OutboxMail.refused_at)
            .join(Person)
            .where(stuck)
            .order_by(OutboxMail.refused_at.desc(), OutboxMail.id.desc())
            .limit(SHOWN)
        )
    ]
    return Undelivered(waiting, last_error or "", refused, refused_count)
