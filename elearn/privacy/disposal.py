"""Disposal (gallring) of people who left long ago, by the municipality's retention decision.

Training records are public records: they are disposed of by a decision under the Archives
Act, not erased on request. RECORDS_RETENTION_YEARS says how many years after a person was deactivated
their records go; without it nothing is ever removed. Removing a person removes their account,
assignments, attempts, completions, lesson mails, reflections and survey participation with
them (the database cascades); survey answers were never tied to names and stay in the
aggregates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..people.models import Person

CHUNK = 500  # SQLite caps the parameters of one statement


def cutoff(now: datetime, years: int) -> datetime:
    return now - timedelta(days=round(365.25 * years))


def due_for_disposal(session: Session, now: datetime, years: int) -> list[int]:
    """Ids of people deactivated more than `years` years before `now`."""
    return list(
        session.scalars(
            select(Person.id)
            .where(Person.active.is_(False), Person.deactivated_at < cutoff(now, years))
            .order_by(Person.id)
        )
    )


def dispose(session: Session, person_ids: list[int]) -> int:
    """Remove the people and everything recorded about them, in one transaction."""
    removed = 0
    for start in range(0, len(person_ids), CHUNK):
        chunk = person_ids[start : start + CHUNK]
        removed += session.execute(delete(Person).where(Person.id.in_(chunk), Person.active.is_(False))).rowcount
    session.commit()
    return removed
