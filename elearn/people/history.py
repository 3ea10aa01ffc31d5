"""What a person was, when: department, kind, active flag and roles as dated rows.

Figures for an earlier year are counted from these rows, so a move, a leaver or a new role
today leaves last year's figures as they were. A row holds from `valid_from` up to, not
including, `valid_to` (open while it still holds). The rows are written after every flush
from the state the flush left in the database, so every path that changes a person through
the ORM (forms, imports, deactivation, demo data) records it; the few bulk inserts that
bypass the ORM call `record_new_people` themselves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, and_, event, insert, literal, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..db import UTCDateTime, as_utc, db, utcnow
from .models import Person, PersonRole

CHUNK = 500  # ids per IN (...) list
MOMENT_KEY = "elearn.history_at"


class PersonHistory(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_person_history_person_valid", "person_id", "valid_to"),)


class PersonRoleHistory(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_person_role_history_person_valid", "person_id", "valid_to"),)


def holds_at(row, moment: datetime):
    """The rows of a history table (or an alias of one) that held at `moment`."""
    return and_(row.valid_from <= moment, or_(row.valid_to.is_(None), row.valid_to > moment))


@contextmanager
def recorded_at(session: Session, moment: datetime) -> Iterator[None]:
    """Changes flushed inside the block are dated `moment` instead of now: renewals date theirs
    by their run, and tests build an organisation's past with it."""
    session.info[MOMENT_KEY] = moment
    try:
        yield
    finally:
        session.info.pop(MOMENT_KEY, None)


def change_moment(session: Session) -> datetime | None:
    """The moment set by `recorded_at`, or None: changes are then dated now, and new rows from
    their creation."""
    return session.info.get(MOMENT_KEY)


def record_new_people(connection: Connection, person_ids: Iterable[int], moment: datetime | None) -> None:
    """First rows for people just inserted in bulk, copied in SQL: an HR system's first export
    holds every employee, and comparing row by row would double the import's time."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        since = Person.created_at if moment is None else literal(moment, UTCDateTime)
        connection.execute(
            insert(PersonHistory).from_select(
                ["person_id", "department_id", "kind", "active", "valid_from"],
                select(Person.id, Person.department_id, Person.kind, Person.active, since).where(Person.id.in_(chunk)),
            )
        )
        connection.execute(
            insert(PersonRoleHistory).from_select(
                ["person_id", "role", "valid_from"],
                select(PersonRole.person_id, PersonRole.role, since)
                .join(Person, Person.id == PersonRole.person_id)
                .where(PersonRole.person_id.in_(chunk)),
            )
        )


def sync_people(connection: Connection, person_ids: Iterable[int], moment: datetime | None) -> None:
    """Close the open rows that no longer describe a person and open rows for what they are now,
    dated `moment` (now if None); a person's first rows hold from `moment` or their creation."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        first_seen = _sync_states(connection, chunk, moment)
        _sync_roles(connection, chunk, moment, first_seen)


def _sync_states(connection: Connection, ids: list[int], moment: datetime | None) -> dict[int, datetime]:
    """Returns the people seen for the first time, with when their history starts."""
    now = {
        pid: ((department, kind, active), as_utc(created))
        for pid, department, kind, active, created in connection.execute(
            select(Person.id, Person.department_id, Person.kind, Person.active, Person.created_at).where(
                Person.id.in_(ids)
            )
        )
    }
    recorded = {
        pid: (row_id, (department, kind, active))
        for row_id, pid, department, kind, active in connection.execute(
            select(
                PersonHistory.id,
                PersonHistory.person_id,
                PersonHistory.department_id,
                PersonHistory.kind,
                PersonHistory.active,
            ).where(PersonHistory.person_id.in_(ids), PersonHistory.valid_to.is_(None))
        )
    }
    when = moment or utcnow()
    changed = [pid for pid in recorded if pid in now and recorded[pid][1] != now[pid][0]]
    if changed:
        closing = [recorded[pid][0] for pid in changed]
        connection.execute(update(PersonHistory).where(PersonHistory.id.in_(closing)).values(valid_to=when))
    first_seen = {pid: moment or created for pid, (_, created) in now.items() if pid not in recorded}
    opening = [
        {
            "person_id": pid,
            "department_id": now[pid][0][0],
            "kind": now[pid][0][1],
            "active": now[pid][0][2],
            "valid_from": first_seen.get(pid, when),
        }
        for pid in (*changed, *first_seen)
    ]
    if opening:
        connection.execute(insert(PersonHistory), opening)
    return first_seen


def _sync_roles(
    connection: Connection, ids: list[int], moment: datetime | None, first_seen: dict[int, datetime]
) -> None:
    now = set(connection.execute(select(PersonRole.person_id, PersonRole.role).where(PersonRole.person_id.in_(ids))))
    recorded = {
        (pid, role): row_id
        for row_id, pid, role in connection.execute(
            select(PersonRoleHistory.id, PersonRoleHistory.person_id, PersonRoleHistory.role).where(
                PersonRoleHistory.person_id.in_(ids), PersonRoleHistory.valid_to.is_(None)
            )
        )
    }
    when = moment or utcnow()
    gone = [row_id for key, row_id in recorded.items() if key not in now]
    if gone:
        connection.execute(update(PersonRoleHistory).where(PersonRoleHistory.id.in_(gone)).values(valid_to=when))
    new = [
        {"person_id": pid, "role": role, "valid_from": first_seen.get(pid, when)}
        for pid, role in sorted(now - set(recorded))
    ]
    if new:
        connection.execute(insert(PersonRoleHistory), new)


@event.listens_for(Session, "after_flush")
def _record_people(session: Session, _context: object) -> None:
    touched = {obj.id for obj in (*session.new, *session.dirty) if isinstance(obj, Person) and obj.id is not None} | {
        obj.person_id
        for obj in (*session.new, *session.deleted)
        if isinstance(obj, PersonRole) and obj.person_id is not None
    }
    if touched:
        sync_people(session.connection(), touched, change_moment(session))
