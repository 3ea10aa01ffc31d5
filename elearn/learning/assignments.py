"""Who must take which course: the audience rules, manual assignments and refreshers when a
completion expires. People's edit and import paths call these from their views and commands; a
person created at sign-in gets theirs through auth's `person_created` signal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from .. import clock, course_library
from ..content import Library
from ..db import as_utc
from ..errors import DomainError
from ..people.csv_import import Newcomer
from ..people.history import change_moment, recorded_at
from ..people.models import Person
from .history import record_new_assignments
from .models import Assignment, CourseCompletion
from .status import assignment_completed_sql

CHUNK = 2000  # ids per IN (...) list, well under SQLite's limit on bound parameters


class AssignmentError(DomainError):
    """An assignment that cannot be made."""


@dataclass(frozen=True)
class Rules:
    """The audience rules as configured, counting due dates from `today`: what people's edit and
    import paths are handed, so `people` never imports `learning`."""

    library: Library
    today: date
    due_days: int

    def apply(self, session: Session, people: Sequence[Person]) -> tuple[int, int]:
        return apply_assignment_rules(session, people, self.library, self.today, self.due_days)

    def assign_newcomers(self, session: Session, newcomers: Iterable[Newcomer]) -> int:
        return assign_newcomers(session, newcomers, self.library, self.today, self.due_days)


def apply_assignment_rules(
    session: Session, people: Sequence[Person], library: Library, today: date, due_days: int
) -> tuple[int, int]:
    """Give each active person the courses whose audience includes them, with a due date, and
    drop rule-made assignments that no longer apply (manual ones stay). Returns (added, removed)."""
    existing: dict[int, dict[str, Assignment]] = {}
    for chunk in _chunks([p.id for p in people if p.active]):
        for assignment in session.scalars(select(Assignment).where(Assignment.person_id.in_(chunk))):
            existing.setdefault(assignment.person_id, {})[assignment.course_id] = assignment
    added = removed = 0
    for person in people:
        if not person.active:
            continue
        have = existing.get(person.id, {})
        department = person.department.code if person.department else None
        wanted = courses_for(library, person.kind, person.roles, department)
        for course_id in sorted(wanted - set(have)):
            due_on = library.courses[course_id].due_on(today, due_days)
            session.add(Assignment(person_id=person.id, course_id=course_id, due_on=due_on, source="rule"))
            added += 1
        for course_id, assignment in have.items():
            if course_id not in wanted and assignment.source == "rule" and course_id in library.courses:
                session.delete(assignment)
                removed += 1
    return added, removed


def assign_courses_to_newcomer(app: Flask, *, session: Session, person: Person) -> None:
    """A person created at sign-in (auth's `person_created`) gets their courses, as an imported
    person would; connected in create_app."""
    apply_assignment_rules(
        session, [person], course_library.library(), clock.today(), app.config["ASSIGNMENT_DUE_DAYS"]
    )


def courses_for(library: Library, kind: str, roles: frozenset[str] | set[str], department: str | None) -> set[str]:
    """The courses whose audience includes a person of this kind, with these roles, in this department."""
    return {c.id for c in library.courses.values() if c.audience.includes(kind, roles, department)}


def assign_newcomers(
    session: Session,
    newcomers: Iterable[Newcomer],
    library: Library,
    today: date,
    due_days: int,
) -> int:
    """Give people who were just created, as (id, kind, roles, department code), the courses meant
    for them, in one bulk insert: they have no assignments yet, so there is nothing to compare."""
    rows = [
        {
            "person_id": person_id,
            "course_id": course_id,
            "due_on": library.courses[course_id].due_on(today, due_days),
            "source": "rule",
        }
        for person_id, kind, roles, department in newcomers
        for course_id in sorted(courses_for(library, kind, roles, department))
    ]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(Assignment), rows[start : start + CHUNK])
    # A bulk insert bypasses the ORM's flush, where history is otherwise written.
    record_new_assignments(session.connection(), {row["person_id"] for row in rows}, change_moment(session))
    return len(rows)


def assign_manually(session: Session, person: Person, course_id: str, due_on: date | None, library: Library) -> None:
    if library.course(course_id) is None:
        raise AssignmentError(_l("Kursen finns inte."), f"unknown course {course_id!r}", status=404)
    assignment = session.scalar(
        select(Assignment).where(Assignment.person_id == person.id, Assignment.course_id == course_id)
    )
    if assignment is None:
        session.add(Assignment(person_id=person.id, course_id=course_id, due_on=due_on, source="manual"))
    else:
        assignment.due_on = due_on
        assignment.source = "manual"
    session.commit()


def renew_expired_assignments(session: Session, now: datetime, due_days: int, library: Library) -> int:
    """When a completion expires and none is valid any more, the course is due again as a
    refresher with a new due date."""
    latest = (
        select(
            CourseCompletion.person_id,
            CourseCompletion.course_id,
            func.max(CourseCompletion.expires_at).label("expires_at"),
        )
        .where(CourseCompletion.expires_at <= now)
        .group_by(CourseCompletion.person_id, CourseCompletion.course_id)
        .subquery()
    )
    valid = assignment_completed_sql(now)
    rows = session.execute(
        select(Assignment, latest.c.expires_at)
        .join(latest, (latest.c.person_id == Assignment.person_id) & (latest.c.course_id == Assignment.course_id))
        .where(~valid)
    )
    renewed = 0
    with recorded_at(session, now):
        for assignment, expires_at in rows:
            expired_on = clock.local_date(as_utc(expires_at))
            if assignment.due_on is None or assignment.due_on <= expired_on:
                course = library.course(assignment.course_id)
                due_on = course.due_on(expired_on, due_days) if course else expired_on + timedelta(days=due_days)
                assignment.due_on = due_on
                renewed += 1
        session.commit()
    return renewed


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
