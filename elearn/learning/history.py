"""Which courses a person had to take, by when, as dated rows.

A due date moved today, or an assignment a rule took away, leaves last December's overdue
figures as they were: the yearly figures count from these rows. As with people's history
(`people/history.py`), the rows follow every flush; bulk inserts call `record_new_assignments`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, event, insert, literal, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..db import UTCDateTime, as_utc, db, utcnow
from ..people.history import CHUNK, change_moment
from .models import Assignment


class AssignmentHistory(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60))
    due_on: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_assignment_history_person_valid", "person_id", "valid_to"),)


def record_new_assignments(
    connection: Connection, person_ids: Iterable[int], moment: datetime | None, course_id: str | None = None
) -> None:
    """First rows for assignments just inserted in bulk (every assignment of these people, or
    only of `course_id`), copied in SQL without comparing: there is nothing to compare yet."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        query = select(
            Assignment.person_id,
            Assignment.course_id,
            Assignment.due_on,
            Assignment.created_at if moment is None else literal(moment, UTCDateTime),
        ).where(Assignment.person_id.in_(ids[start : start + CHUNK]))
        if course_id is not None:
            query = query.where(Assignment.course_id == course_id)
        connection.execute(
            insert(AssignmentHistory).from_select(["person_id", "course_id", "due_on", "valid_from"], query)
        )


def sync_assignments(connection: Connection, person_ids: Iterable[int], moment: datetime | None) -> None:
    """Close the open rows of assignments that changed or went, open rows for new and changed ones,
    dated `moment` (now if None); a new assignment holds from `moment` or its creation."""
    ids = sorted(set(person_ids))
    when = moment or utcnow()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        now = {
            (pid, course): (due_on, as_utc(created))
            for pid, course, due_on, created in connection.execute(
                select(Assignment.person_id, Assignment.course_id, Assignment.due_on, Assignment.created_at).where(
                    Assignment.person_id.in_(chunk)
                )
            )
        }
        recorded = {
            (pid, course): (row_id, due_on)
            for row_id, pid, course, due_on in connection.execute(
                select(
                    AssignmentHistory.id,
                    AssignmentHistory.person_id,
                    AssignmentHistory.course_id,
                    AssignmentHistory.due_on,
                ).where(AssignmentHistory.person_id.in_(chunk), AssignmentHistory.valid_to.is_(None))
            )
        }
        closing = {key for key, (_, due_on) in recorded.items() if key not in now or now[key][0] != due_on}
        if closing:
            connection.execute(
                update(AssignmentHistory)
                .where(AssignmentHistory.id.in_([recorded[key][0] for key in closing]))
                .values(valid_to=when)
            )
        opening = [
            {
                "person_id": key[0],
                "course_id": key[1],
                "due_on": due_on,
                "valid_from": when if key in recorded else (moment or created),
            }
            for key, (due_on, created) in sorted(now.items())
            if key not in recorded or key in closing
        ]
        if opening:
            connection.execute(insert(AssignmentHistory), opening)


@event.listens_for(Session, "after_flush")
def _record_assignments(session: Session, _context: object) -> None:
    touched = {
        obj.person_id
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, Assignment) and obj.person_id is not None
    }
    if touched:
        sync_assignments(session.connection(), touched, change_moment(session))
